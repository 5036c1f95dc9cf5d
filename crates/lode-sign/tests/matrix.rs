//! Signatures from the signers in use, judged three ways. Each signer (lode itself, iText 5,
//! PDFBox 2, poppler's `pdfsig` over NSS, `openssl cms -stream`, pyHanko) signs a one-page document
//! with an RSA-2048 and an ECDSA P-256 key, SHA-256 and SHA-1, under both sub-filters, where it
//! can; lode, `pdfsig` and pyHanko then judge the signed file and a copy with one byte of the
//! page content changed. Every changed copy must be invalid for all three, every signed file
//! valid for lode; where `pdfsig` or pyHanko call a signed file invalid, the reason must be one
//! of those listed in [`known_disagreement`]. The matrix is printed as a Markdown table and
//! written to `target/signer-matrix.md` (or `$LODE_SIGNER_MATRIX`).
//!
//! The external signers are `tests/signers/sign.sh`; `scripts/test-deps.sh` installs them.

use lode_sign::cms::sign_pdf;
use lode_sign::object::Object;
use lode_sign::signer::Signer;
use lode_sign::{Document, signatures};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

mod common;
use common::{Scratch, document, pyhanko, run, spec};

const SIGNERS: [&str; 6] = ["lode", "itext5", "pdfbox2", "pdfsig", "openssl", "pyhanko"];
const KEYS: [Key; 2] = [Key::Rsa, Key::Ec];
const DIGESTS: [&str; 2] = ["sha256", "sha1"];
const SUB_FILTERS: [&str; 2] = ["adbe.pkcs7.detached", "ETSI.CAdES.detached"];
/// External signers at once: each is a process (a JVM for the Java ones), on two cores.
const WORKERS: usize = 2;

const SIGN_SH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/signers/sign.sh");
const CLASSPATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/signers/classpath");
const DEPS: &str = "run scripts/test-deps.sh, which installs the signers and validators";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Rsa,
    Ec,
}

impl Key {
    fn label(self) -> &'static str {
        match self {
            Key::Rsa => "RSA-2048",
            Key::Ec => "ECDSA P-256",
        }
    }
    fn file(self) -> &'static str {
        match self {
            Key::Rsa => "rsa",
            Key::Ec => "ec",
        }
    }
    fn openssl_args(self) -> &'static [&'static str] {
        match self {
            Key::Rsa => &["-newkey", "rsa:2048"],
            Key::Ec => &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Case {
    signer: &'static str,
    key: Key,
    digest: &'static str,
    sub_filter: &'static str,
}

impl Case {
    fn name(&self) -> String {
        format!(
            "{}-{}-{}-{}",
            self.signer,
            self.key.file(),
            self.digest,
            self.sub_filter
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verifier {
    Lode,
    Pdfsig,
    PyHanko,
}

const VERIFIERS: [Verifier; 3] = [Verifier::Lode, Verifier::Pdfsig, Verifier::PyHanko];

impl Verifier {
    fn name(self) -> &'static str {
        match self {
            Verifier::Lode => "lode",
            Verifier::Pdfsig => "pdfsig",
            Verifier::PyHanko => "pyHanko",
        }
    }
}

/// What one verifier said of one file, with its words for the record.
#[derive(Debug, Clone)]
enum Verdict {
    Valid { said: String },
    Invalid { said: String },
    Error { said: String },
}

impl Verdict {
    fn word(&self) -> &'static str {
        match self {
            Verdict::Valid { .. } => "valid",
            Verdict::Invalid { .. } => "invalid",
            Verdict::Error { .. } => "error",
        }
    }
    fn said(&self) -> &str {
        match self {
            Verdict::Valid { said } | Verdict::Invalid { said } | Verdict::Error { said } => said,
        }
    }
}

#[derive(Debug)]
enum Outcome {
    /// The signer cannot make this combination, in its words.
    Unsupported(String),
    /// The signer failed where it should have signed.
    Failed(String),
    Signed {
        ber: bool,
        good: Vec<Verdict>,
        tampered: Vec<Verdict>,
    },
}

/// The reasons a verifier may call a good signature invalid while lode calls it valid. Each is
/// recognised by the verifier's own words, so that another failure in the same cell still
/// fails the test.
fn known_disagreement(verifier: Verifier, case: &Case, verdict: &Verdict) -> Option<&'static str> {
    let Verdict::Invalid { said } = verdict else {
        return None;
    };
    match verifier {
        // pyHanko's default validation policy refuses SHA-1 for signatures, however sound:
        // it reports the signature intact ("cryptographically sound") and "untrusted"
        Verifier::PyHanko
            if case.digest == "sha1"
                && said.contains("disallowed algorithm")
                && said.contains("cryptographically sound") =>
        {
            Some("SHA-1 refused by its weak-hash policy (intact, cryptographically sound)")
        }
        // iText 5 names the ECDSA signature algorithm id-ecPublicKey (the key's algorithm)
        // rather than ecdsa-with-SHA256 (or -SHA1); Adobe, NSS and lode take the hash from the
        // digest algorithm, pyHanko calls the signature unsound
        Verifier::PyHanko
            if case.signer == "itext5"
                && case.key == Key::Ec
                && said.contains("cryptographically unsound") =>
        {
            Some("iText 5's id-ecPublicKey as the ECDSA signature algorithm, called unsound")
        }
        _ => None,
    }
}

/// Why lode cannot make `case`, when the case is lode's (the external signers say so
/// themselves, exiting with 3).
fn unsupported_by_lode(case: &Case) -> Option<String> {
    (case.signer == "lode" && (case.digest != "sha256" || case.sub_filter != "ETSI.CAdES.detached"))
        .then(|| "lode signs with SHA-256, ETSI.CAdES.detached (PAdES) only".to_string())
}

struct Setup {
    scratch: Scratch,
    original: String,
    /// `SIGNERS_BUILD`: the Java signer compiled once for the whole run.
    build: String,
}

impl Setup {
    fn key(&self, key: Key) -> String {
        self.scratch.path(&format!("{}.key", key.file()))
    }
    fn cert(&self, key: Key) -> String {
        self.scratch.path(&format!("{}.crt", key.file()))
    }
}

/// The tools the matrix needs, there or a clear failure: nothing is skipped quietly.
fn require_tools() {
    let javac = Command::new("javac").arg("-version").output();
    assert!(
        javac.is_ok_and(|o| o.status.success()),
        "javac is missing: {DEPS}"
    );
    let classpath = std::fs::read_to_string(CLASSPATH).unwrap_or_default();
    for jar in classpath.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            std::path::Path::new(jar.trim()).exists(),
            "{jar} is missing: {DEPS}"
        );
    }
    for tool in ["pdfsig", "openssl", "certutil", "pk12util", "python3"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(found, "{tool} is missing: {DEPS}");
    }
    let pyhanko = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/pyhanko");
    assert!(
        std::path::Path::new(pyhanko).exists(),
        "pyHanko is missing: {DEPS}"
    );
}

fn setup(tag: &str) -> anyhow::Result<Setup> {
    let scratch = Scratch::new(tag)?;
    for key in KEYS {
        let subject = format!("/C=VN/O=lode/CN=lode matrix {}", key.label());
        let mut args = vec!["req", "-x509", "-nodes", "-days", "30", "-subj", &subject];
        args.extend_from_slice(key.openssl_args());
        let (k, c) = (
            scratch.path(&format!("{}.key", key.file())),
            scratch.path(&format!("{}.crt", key.file())),
        );
        args.extend_from_slice(&["-keyout", &k, "-out", &c]);
        let (ok, out) = run("openssl", &args)?;
        anyhow::ensure!(ok, "openssl req: {out}");
    }
    let original = scratch.path("original.pdf");
    std::fs::write(&original, document()?)?;
    let build = scratch.path("java");
    Ok(Setup {
        scratch,
        original,
        build,
    })
}

/// Signs as `case` says into `out`: `Ok(None)` when signed, `Ok(Some(reason))` when the
/// signer cannot make that combination.
fn sign(setup: &Setup, case: &Case, out: &str) -> Result<Option<String>, String> {
    if let Some(why) = unsupported_by_lode(case) {
        return Ok(Some(why));
    }
    if case.signer == "lode" {
        let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
        let signer = Signer::from_pem(&read(&setup.key(case.key))?, &read(&setup.cert(case.key))?)
            .map_err(|e| e.to_string())?;
        let original = std::fs::read(&setup.original).map_err(|e| e.to_string())?;
        let signed = sign_pdf(&original, &signer, &spec("Người ký")).map_err(|e| e.to_string())?;
        std::fs::write(out, signed).map_err(|e| e.to_string())?;
        return Ok(None);
    }
    let result = Command::new("bash")
        .args([
            SIGN_SH,
            case.signer,
            &setup.original,
            out,
            &setup.key(case.key),
            &setup.cert(case.key),
            case.digest,
            case.sub_filter,
        ])
        .env("SIGNERS_BUILD", &setup.build)
        .output()
        .map_err(|e| format!("sign.sh: {e} ({DEPS})"))?;
    let stdout = String::from_utf8_lossy(&result.stdout).trim().to_string();
    match result.status.code() {
        Some(0) => Ok(None),
        Some(3) => Ok(Some(stdout)),
        code => Err(format!(
            "exit {code:?}: {stdout} {}",
            String::from_utf8_lossy(&result.stderr).trim()
        )),
    }
}

/// Where the first page's content stream lies in `pdf`: the bytes a change must reach to
/// matter to a reader.
fn page_content(pdf: &[u8]) -> anyhow::Result<std::ops::Range<usize>> {
    let doc = Document::parse(pdf)?;
    let dict = |o: Object| match o {
        Object::Dict(d) | Object::Stream(d, _) => Ok(d),
        other => Err(anyhow::anyhow!("a dictionary expected, found {other:?}")),
    };
    let root = dict(doc.resolve(doc.trailer().get(b"Root").unwrap_or(&Object::Null))?)?;
    let mut node = dict(doc.resolve(root.get(b"Pages").unwrap_or(&Object::Null))?)?;
    for _ in 0..32 {
        if node.name(b"Type") == Some(b"Page") {
            let contents = doc.resolve(node.get(b"Contents").unwrap_or(&Object::Null))?;
            let stream = match contents {
                Object::Array(items) => doc.resolve(items.first().unwrap_or(&Object::Null))?,
                other => other,
            };
            return match stream {
                Object::Stream(_, range) if !range.is_empty() => Ok(range),
                other => Err(anyhow::anyhow!("page content: {other:?}")),
            };
        }
        let kids = match doc.resolve(node.get(b"Kids").unwrap_or(&Object::Null))? {
            Object::Array(items) => items,
            other => anyhow::bail!("/Kids: {other:?}"),
        };
        node = dict(doc.resolve(kids.first().unwrap_or(&Object::Null))?)?;
    }
    anyhow::bail!("no page")
}

/// The signed file's one signature: its value as written, and its byte range.
fn signature_of(pdf: &[u8]) -> anyhow::Result<(Vec<u8>, [usize; 4])> {
    let doc = Document::parse(pdf)?;
    let fields = signatures::find(&doc)?;
    let [field] = fields.as_slice() else {
        anyhow::bail!("{} signatures where one was expected", fields.len());
    };
    let range = field
        .byte_range
        .ok_or_else(|| anyhow::anyhow!("no /ByteRange"))?;
    Ok((field.contents.clone(), range))
}

/// A copy with one byte of the page content changed, inside what the signature covers.
fn tamper(pdf: &[u8]) -> anyhow::Result<Vec<u8>> {
    let content = page_content(pdf)?;
    let (_, [_, a, b, c]) = signature_of(pdf)?;
    let at = content.start + content.len() / 2;
    anyhow::ensure!(
        at < a || (b <= at && at < b + c),
        "byte {at} of the page content is outside the signed ranges"
    );
    let mut copy = pdf.to_vec();
    copy[at] ^= 0x01;
    Ok(copy)
}

fn judge_lode(pdf: &[u8], case: &Case) -> Verdict {
    match lode_sign::verify::verify(pdf) {
        Ok(reports) => match reports.as_slice() {
            [r] if r.valid() => {
                let mut said = r.notes.join("; ");
                if case.digest == "sha1"
                    && !r.notes.iter().any(|n| n == lode_sign::signed::SHA1_NOTE)
                {
                    // a SHA-1 signature that holds must say so; without the note it is not
                    // the verdict asked for
                    said = format!("valid but without the SHA-1 note: {said}");
                    return Verdict::Error { said };
                }
                Verdict::Valid { said }
            }
            [r] => Verdict::Invalid {
                said: r.problems.join("; "),
            },
            more => Verdict::Error {
                said: format!("{} signatures", more.len()),
            },
        },
        Err(e) => Verdict::Error {
            said: e.to_string(),
        },
    }
}

fn judge_pdfsig(file: &str) -> Verdict {
    let out = match run("pdfsig", &[file]) {
        Ok((_, out)) => out,
        Err(e) => {
            return Verdict::Error {
                said: e.to_string(),
            };
        }
    };
    let lines: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- Signature Validation: "))
        .collect();
    match lines.as_slice() {
        ["Signature is Valid."] => Verdict::Valid {
            said: lines[0].to_string(),
        },
        [other] => Verdict::Invalid {
            said: other.to_string(),
        },
        _ => Verdict::Error { said: out },
    }
}

fn judge_pyhanko(file: &str, cert: &str, case: &Case) -> Verdict {
    let mut args = vec![
        "sign",
        "validate",
        "--pretty-print",
        "--trust-replace",
        "--trust",
        cert,
    ];
    // pdfsig writes its objects with generation 1 and no free entry before them, which
    // pyHanko's strict reading refuses as an "orphaned generation"
    if case.signer == "pdfsig" {
        args.push("--no-strict-syntax");
    }
    args.push(file);
    let out = match pyhanko(&args) {
        Ok((_, out)) => out,
        Err(e) => {
            return Verdict::Error {
                said: e.to_string(),
            };
        }
    };
    // the words that matter, on one line for the record
    let said = out
        .lines()
        .map(str::trim)
        .filter(|l| {
            l.contains("disallowed")
                || l.starts_with("The signature is")
                || l.starts_with("The signer's certificate")
        })
        .collect::<Vec<_>>()
        .join(" ");
    if out.contains("The signature is judged VALID.") {
        Verdict::Valid { said }
    } else if out.contains("The signature is judged INVALID.") {
        Verdict::Invalid { said }
    } else {
        Verdict::Error { said: out }
    }
}

fn judge(setup: &Setup, case: &Case, pdf: &[u8], file: &str) -> Vec<Verdict> {
    let cert = setup.cert(case.key);
    VERIFIERS
        .iter()
        .map(|v| match v {
            Verifier::Lode => judge_lode(pdf, case),
            Verifier::Pdfsig => judge_pdfsig(file),
            Verifier::PyHanko => judge_pyhanko(file, &cert, case),
        })
        .collect()
}

fn run_case(setup: &Setup, case: &Case) -> Outcome {
    let file = setup.scratch.path(&format!("{}.pdf", case.name()));
    match sign(setup, case, &file) {
        Ok(Some(why)) => return Outcome::Unsupported(why),
        Err(why) => return Outcome::Failed(why),
        Ok(None) => {}
    }
    let signed = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(format!("{file}: {e}")),
    };
    let ber = match signature_of(&signed) {
        // DER is its own DER; anything else the conversion changes was written as BER
        Ok((contents, _)) => lode_sign::asn1::ber_to_der(&contents)
            .is_none_or(|(der, rest)| der != contents || !rest.is_empty()),
        Err(e) => return Outcome::Failed(format!("the signed file: {e}")),
    };
    let tampered = match tamper(&signed) {
        Ok(t) => t,
        Err(e) => return Outcome::Failed(format!("tampering: {e}")),
    };
    let tampered_file = setup.scratch.path(&format!("{}-tampered.pdf", case.name()));
    if let Err(e) = std::fs::write(&tampered_file, &tampered) {
        return Outcome::Failed(e.to_string());
    }
    Outcome::Signed {
        ber,
        good: judge(setup, case, &signed, &file),
        tampered: judge(setup, case, &tampered, &tampered_file),
    }
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for signer in SIGNERS {
        for key in KEYS {
            for digest in DIGESTS {
                for sub_filter in SUB_FILTERS {
                    out.push(Case {
                        signer,
                        key,
                        digest,
                        sub_filter,
                    });
                }
            }
        }
    }
    out
}

/// The table row of one case, and what is wrong with it for the test.
fn row(case: &Case, outcome: &Outcome) -> (String, Vec<String>) {
    let digest = if case.digest == "sha1" {
        "SHA-1"
    } else {
        "SHA-256"
    };
    let head = format!(
        "| {} | {} | {} | {} |",
        case.signer,
        case.key.label(),
        digest,
        case.sub_filter
    );
    let mut failures = Vec::new();
    let cells = match outcome {
        Outcome::Unsupported(why) => {
            format!(
                " — | — | — | — | — | unsupported: {} |",
                why.replace('|', "/")
            )
        }
        Outcome::Failed(why) => {
            failures.push(format!("{}: the signer failed: {why}", case.name()));
            " — | — | — | — | — | the signer failed |".to_string()
        }
        Outcome::Signed {
            ber,
            good,
            tampered,
        } => {
            let mut notes = Vec::new();
            for (v, verdict) in VERIFIERS.iter().zip(good) {
                match (v, verdict) {
                    (_, Verdict::Valid { .. }) => {}
                    (Verifier::Lode, other) => failures.push(format!(
                        "{}: lode calls the signed file {}: {}",
                        case.name(),
                        other.word(),
                        other.said()
                    )),
                    (v, other) => match known_disagreement(*v, case, other) {
                        Some(reason) => notes.push(format!("{}: {reason}", v.name())),
                        None => failures.push(format!(
                            "{}: {} calls the signed file {} (lode: valid), for no known reason: {}",
                            case.name(),
                            v.name(),
                            other.word(),
                            other.said()
                        )),
                    },
                }
            }
            for (v, verdict) in VERIFIERS.iter().zip(tampered) {
                if !matches!(verdict, Verdict::Invalid { .. }) {
                    failures.push(format!(
                        "{}: {} calls the tampered file {}: {}",
                        case.name(),
                        v.name(),
                        verdict.word(),
                        verdict.said()
                    ));
                }
            }
            let all_invalid = tampered
                .iter()
                .all(|v| matches!(v, Verdict::Invalid { .. }));
            format!(
                " {} | {} | {} | {} | {} | {} |",
                if *ber { "yes" } else { "no" },
                good[0].word(),
                good[1].word(),
                good[2].word(),
                if all_invalid { "yes" } else { "NO" },
                notes.join("; ")
            )
        }
    };
    (format!("{head}{cells}"), failures)
}

fn table_path() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("LODE_SIGNER_MATRIX") {
        return p.into();
    }
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap_or(std::path::Path::new("."));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    target.join("signer-matrix.md")
}

/// The whole matrix (see the top of this file); the table is printed even when a case fails.
#[test]
fn signatures_from_other_signers() -> anyhow::Result<()> {
    require_tools();
    let setup = setup("matrix")?;
    let all = cases();
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new(all.iter().map(|_| None).collect());
    let record = |i: usize, o: Outcome| {
        if let Ok(mut slots) = outcomes.lock() {
            slots[i] = Some(o);
        }
    };
    // the first Java case alone: it compiles the signer into SIGNERS_BUILD, which every later
    // one reuses (two compiling at once would both pay for it)
    let first_java = all
        .iter()
        .position(|c| c.signer == "itext5" || c.signer == "pdfbox2");
    if let Some(i) = first_java {
        record(i, run_case(&setup, &all[i]));
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = all.get(i) else { break };
                    if Some(i) != first_java {
                        record(i, run_case(&setup, case));
                    }
                }
            });
        }
    });
    let outcomes = outcomes
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a worker panicked"))?;
    let mut table = String::from(
        "| signer | key | digest | sub-filter | BER? | lode | pdfsig | pyHanko | tampered: all invalid? | note |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let mut failures = Vec::new();
    for (case, outcome) in all.iter().zip(&outcomes) {
        let Some(outcome) = outcome else {
            failures.push(format!("{}: not run", case.name()));
            continue;
        };
        let (line, wrong) = row(case, outcome);
        table.push_str(&line);
        table.push('\n');
        failures.extend(wrong);
    }
    println!("{table}");
    let path = table_path();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, &table)?;
    println!("written to {}", path.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

/// The CMS `openssl cms -sign -stream` writes, BER with indefinite lengths, placed in a PDF:
/// valid for lode, and no longer once a byte of the page changes.
#[test]
fn openssls_streamed_ber_cms_is_valid() -> anyhow::Result<()> {
    let setup = setup("ber")?;
    let case = Case {
        signer: "openssl",
        key: Key::Ec,
        digest: "sha256",
        sub_filter: "adbe.pkcs7.detached",
    };
    let file = setup.scratch.path("openssl.pdf");
    match sign(&setup, &case, &file) {
        Ok(None) => {}
        other => anyhow::bail!("openssl did not sign: {other:?} ({DEPS})"),
    }
    let signed = std::fs::read(&file)?;
    let (contents, _) = signature_of(&signed)?;
    assert_eq!(contents.get(..2), Some([0x30, 0x80].as_slice()), "not BER");
    let reports = lode_sign::verify::verify(&signed)?;
    assert!(reports[0].valid(), "{:?}", reports[0].problems);
    let reports = lode_sign::verify::verify(&tamper(&signed)?)?;
    assert!(!reports[0].valid() && !reports[0].intact);
    Ok(())
}

/// The digests the matrix leaves out, SHA-384 and SHA-512, and SHA-1 on P-384 (a digest
/// shorter than the curve), from `openssl cms`: RSA verified by ring, ECDSA by ring where it
/// has the suite and by the curve crates where it has not.
#[test]
fn openssl_signatures_with_other_digests_are_valid() -> anyhow::Result<()> {
    let s = Scratch::new("digests")?;
    let original = s.path("original.pdf");
    std::fs::write(&original, document()?)?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/signers/cms_into_pdf.py");
    let keys: [(&str, &[&str]); 3] = [
        ("rsa", &["-newkey", "rsa:2048"]),
        (
            "p256",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ),
        (
            "p384",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
    ];
    for (name, algorithm) in keys {
        let (key, cert) = (
            s.path(&format!("{name}.key")),
            s.path(&format!("{name}.crt")),
        );
        let mut args = vec![
            "req",
            "-x509",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/CN=lode digests",
        ];
        args.extend_from_slice(algorithm);
        args.extend_from_slice(&["-keyout", &key, "-out", &cert]);
        let (ok, out) = run("openssl", &args)?;
        anyhow::ensure!(ok, "openssl req: {out}");
        for digest in ["sha384", "sha512", "sha1"] {
            let file = s.path(&format!("{name}-{digest}.pdf"));
            let (ok, out) = run(
                "python3",
                &[
                    script,
                    &original,
                    &file,
                    &key,
                    &cert,
                    digest,
                    "ETSI.CAdES.detached",
                ],
            )?;
            anyhow::ensure!(ok, "{name} {digest}: {out} ({DEPS})");
            let signed = std::fs::read(&file)?;
            let reports = lode_sign::verify::verify(&signed)?;
            assert!(
                reports[0].valid(),
                "{name} {digest}: {:?}",
                reports[0].problems
            );
            let sha1_noted = reports[0]
                .notes
                .iter()
                .any(|n| n == lode_sign::signed::SHA1_NOTE);
            assert_eq!(
                sha1_noted,
                digest == "sha1",
                "{name} {digest}: {:?}",
                reports[0].notes
            );
            let reports = lode_sign::verify::verify(&tamper(&signed)?)?;
            assert!(!reports[0].intact, "{name} {digest}: tampering not seen");
        }
    }
    Ok(())
}
