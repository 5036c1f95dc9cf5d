//! PAdES B-B signatures made by lode, checked by the validators everyone uses: poppler's
//! `pdfsig` finds them valid and covering the whole document, `openssl cms -verify` accepts the
//! CMS, `qpdf --check` the file; RSA-2048 and ECDSA P-256; the signer, then the seal.

use lode_sign::Document;
use lode_sign::cms::sign_pdf;
use lode_sign::signatures;
use lode_sign::signer::Signer;

mod common;
use common::{Scratch, document, pyhanko, run, spec};

/// A key and a self-signed certificate made by openssl (the built-in CA comes later).
fn keypair(s: &Scratch, name: &str, algorithm: &[&str]) -> anyhow::Result<Signer> {
    let key = s.path(&format!("{name}.key"));
    let cert = s.path(&format!("{name}.crt"));
    let mut args = vec!["req", "-x509", "-nodes", "-days", "30", "-subj"];
    let subject = format!("/C=VN/O=Cuc Dia chat va Khoang san Viet Nam/CN={name}");
    args.push(&subject);
    args.extend_from_slice(algorithm);
    args.extend_from_slice(&["-keyout", &key, "-out", &cert]);
    let (ok, out) = run("openssl", &args)?;
    anyhow::ensure!(ok, "openssl req: {out}");
    Ok(Signer::from_pem(
        &std::fs::read_to_string(&key)?,
        &std::fs::read_to_string(&cert)?,
    )?)
}

#[test]
fn the_signer_then_the_seal_are_valid_for_poppler_and_openssl() -> anyhow::Result<()> {
    let s = Scratch::new("pair")?;
    let leader = keypair(&s, "Tran Van Hung", &["-newkey", "rsa:2048"])?;
    let deputy = keypair(&s, "Pho Cuc truong", &["-newkey", "rsa:4096"])?;
    let checker = keypair(
        &s,
        "Kiem soat",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
    )?;
    let seal = keypair(
        &s,
        "Van thu",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    )?;
    let original = document()?;
    // RSA 2048 and 4096, ECDSA P-384 and P-256, one after the other
    let signed = sign_pdf(&original, &leader, &spec("Người ký"))?;
    let deputy_signed = sign_pdf(&signed, &deputy, &spec("Phó Cục trưởng"))?;
    let checked = sign_pdf(&deputy_signed, &checker, &spec("Kiểm soát"))?;
    let sealed = sign_pdf(&checked, &seal, &spec("Văn thư"))?;
    assert!(sealed.starts_with(&signed) && signed.starts_with(&original));
    let reports = lode_sign::verify::verify(&sealed)?;
    assert_eq!(reports.len(), 4);
    assert!(
        reports.iter().all(|r| r.valid()),
        "{:?}",
        reports.iter().map(|r| &r.problems).collect::<Vec<_>>()
    );
    let file = s.path("sealed.pdf");
    std::fs::write(&file, &sealed)?;
    let (ok, check) = run("qpdf", &["--check", &file])?;
    assert!(
        ok && check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    let (_, report) = run("pdfsig", &[&file])?;
    assert_eq!(report.matches("Signature is Valid").count(), 4, "{report}");
    assert!(report.contains("Total document signed"), "{report}");
    assert!(report.contains("ETSI.CAdES.detached"), "{report}");

    // openssl accepts each CMS over the bytes its range covers
    let doc = Document::parse(&sealed)?;
    for (i, sig) in signatures::find(&doc)?.iter().enumerate() {
        assert!(sig.problems.is_empty(), "{:?}", sig.problems);
        let [_, a, b, c] = sig.byte_range.unwrap_or_default();
        let mut content = sealed[..a].to_vec();
        content.extend_from_slice(&sealed[b..b + c]);
        let (cms, data) = (s.path(&format!("sig{i}.der")), s.path(&format!("data{i}")));
        std::fs::write(&cms, &sig.contents)?;
        std::fs::write(&data, &content)?;
        let (ok, out) = run(
            "openssl",
            &[
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                &cms,
                "-content",
                &data,
                "-noverify",
                "-out",
                "/dev/null",
            ],
        )?;
        assert!(
            ok && out.contains("Verification successful"),
            "signature {i}: {out}"
        );
        // signed attributes as PAdES wants: signing-certificate-v2, no signing-time
        let (_, dump) = run(
            "openssl",
            &["cms", "-cmsout", "-print", "-inform", "DER", "-in", &cms],
        )?;
        assert!(dump.contains("id-smime-aa-signingCertificateV2"), "{dump}");
        assert!(!dump.contains("signingTime"), "{dump}");
    }
    // a byte changed in the signed part: poppler says so
    let mut tampered = sealed.clone();
    let at = 200; // inside the first signed range (the original objects)
    tampered[at + 1] ^= 0x01;
    let bad = s.path("tampered.pdf");
    std::fs::write(&bad, &tampered)?;
    let (_, report) = run("pdfsig", &[&bad])?;
    assert!(!report.contains("Signature is Valid"), "{report}");
    Ok(())
}

#[test]
fn lode_verifies_its_signatures_and_catches_what_changed() -> anyhow::Result<()> {
    use lode_sign::verify::verify;
    let s = Scratch::new("verify")?;
    let leader = keypair(&s, "Tran Van Hung", &["-newkey", "rsa:2048"])?;
    let seal = keypair(
        &s,
        "Van thu",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    )?;
    let signed = sign_pdf(&document()?, &leader, &spec("Người ký"))?;
    let sealed = sign_pdf(&signed, &seal, &spec("Văn thư"))?;
    let reports = verify(&sealed)?;
    assert_eq!(reports.len(), 2);
    for r in &reports {
        assert!(r.valid(), "{r:?}");
    }
    assert!(
        reports[0]
            .signer
            .as_deref()
            .unwrap_or("")
            .contains("CN=Tran Van Hung")
    );
    assert!(!reports[0].covers_whole_file && reports[1].covers_whole_file);
    assert!(
        reports[0].changes_after.iter().all(|c| c.allowed),
        "the seal is an allowed change"
    );

    // a signed byte changed: not intact
    let mut tampered = sealed.clone();
    tampered[200] ^= 0x01;
    let reports = verify(&tampered)?;
    assert!(reports.iter().all(|r| !r.intact && !r.valid()));

    // one signature's value swapped for the other's: it no longer verifies
    let doc = Document::parse(&sealed)?;
    let fields = signatures::find(&doc)?;
    let [_, a0, ..] = fields[0].byte_range.unwrap_or_default();
    let [_, a1, ..] = fields[1].byte_range.unwrap_or_default();
    let mut swapped = sealed.clone();
    let hex = |at: usize| swapped[at + 1..at + 1 + 2 * 1200].to_vec();
    let second = hex(a1);
    swapped[a0 + 1..a0 + 1 + second.len()].copy_from_slice(&second);
    let reports = verify(&swapped)?;
    assert!(!reports[0].valid(), "{:?}", reports[0]);

    // content added after the seal: both are reported modified after signing
    let doc = Document::parse(&sealed)?;
    let mut up = lode_sign::update::Update::new(&doc);
    let extra = up.allocate();
    let mut annot = lode_sign::object::Dict::default();
    annot.set(b"Type", lode_sign::object::Object::Name(b"Annot".to_vec()));
    annot.set(
        b"Subtype",
        lode_sign::object::Object::Name(b"FreeText".to_vec()),
    );
    up.put(
        extra,
        lode_sign::update::NewObject::Plain(lode_sign::object::Object::Dict(annot)),
    );
    let attacked = up.write(&[])?;
    let reports = verify(&attacked)?;
    assert!(
        reports
            .iter()
            .all(|r| r.modified_after_signing && !r.valid()),
        "{reports:?}"
    );
    // not a PDF, an unsigned PDF
    assert!(verify(b"hello").is_err());
    assert!(verify(&document()?)?.is_empty());
    Ok(())
}

/// pyHanko, the reference validator, judges lode's signature intact and trusted (with the
/// signer's certificate as trust anchor), and lode verifies pyHanko's signatures, and sees
/// them broken when a byte changes.
#[test]
fn pyhanko_and_lode_accept_each_others_signatures() -> anyhow::Result<()> {
    let s = Scratch::new("pyhanko")?;
    let leader = keypair(&s, "Tran Van Hung", &["-newkey", "rsa:2048"])?;
    let ec = keypair(
        &s,
        "Van thu",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    )?;
    let signed = sign_pdf(&document()?, &leader, &spec("Người ký"))?;
    let sealed = sign_pdf(&signed, &ec, &spec("Văn thư"))?;
    std::fs::write(s.path("lode.pdf"), &sealed)?;
    let (ok, out) = pyhanko(&[
        "sign",
        "validate",
        "--trust-replace",
        "--trust",
        &s.path("Tran Van Hung.crt"),
        "--trust",
        &s.path("Van thu.crt"),
        &s.path("lode.pdf"),
    ])?;
    assert!(ok, "{out}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains(":INTACT:")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    // the signer's: intact, trusted, the seal an acceptable later revision; the seal's: untouched
    assert!(
        lines[0].contains("INTACT:TRUSTED") && lines[0].contains("ACCEPTABLE_MODIFICATIONS"),
        "{out}"
    );
    assert!(lines[1].contains("INTACT:TRUSTED,UNTOUCHED"), "{out}");
    // pyHanko signs (RSA and P-256); lode verifies
    for (who, key, cert) in [
        ("rsa", "Tran Van Hung.key", "Tran Van Hung.crt"),
        ("ec", "Van thu.key", "Van thu.crt"),
    ] {
        std::fs::write(s.path("plain.pdf"), document()?)?;
        let out_file = s.path(&format!("pyhanko-{who}.pdf"));
        let (ok, out) = pyhanko(&[
            "sign",
            "addsig",
            "--field",
            "Sig1",
            "pemder",
            "--key",
            &s.path(key),
            "--cert",
            &s.path(cert),
            "--no-pass",
            &s.path("plain.pdf"),
            &out_file,
        ])?;
        assert!(ok, "{out}");
        let bytes = std::fs::read(&out_file)?;
        let reports = lode_sign::verify::verify(&bytes)?;
        assert_eq!(reports.len(), 1);
        assert!(reports[0].valid(), "{who}: {:?}", reports[0]);
        let mut tampered = bytes.clone();
        tampered[150] ^= 0x01;
        let reports = lode_sign::verify::verify(&tampered)?;
        assert!(!reports[0].valid(), "{who}: tampering not seen");
    }
    Ok(())
}

/// lode's own CA: a root, an issuing CA, a leader's certificate. Signatures by the leader are
/// trusted with the root as anchor (by lode and by pyHanko), not with another root.
#[test]
fn the_built_in_ca_issues_trusted_signers() -> anyhow::Result<()> {
    use lode_sign::ca::Authority;
    let s = Scratch::new("ca")?;
    let root = Authority::new_root("lode Root CA", "Cục Địa chất và Khoáng sản Việt Nam")?;
    let issuing = root.issue_ca(
        "lode Issuing CA",
        "Cục Địa chất và Khoáng sản Việt Nam",
        None,
    )?;
    let leader = issuing.issue_signer(
        "Trần Văn Hùng",
        "Cục Địa chất và Khoáng sản Việt Nam",
        std::slice::from_ref(&root.cert),
    )?;
    let signed = sign_pdf(&document()?, &leader, &spec("Người ký"))?;
    let reports = lode_sign::verify::verify_trusted(&signed, std::slice::from_ref(&root.cert))?;
    assert_eq!(reports[0].trusted, Some(true), "{:?}", reports[0]);
    assert_eq!(
        reports[0].trust_path.len(),
        3,
        "{:?}",
        reports[0].trust_path
    );
    assert!(
        reports[0]
            .signer
            .as_deref()
            .unwrap_or("")
            .contains("Trần Văn Hùng")
    );
    let stranger = Authority::new_root("Other Root", "Somewhere")?;
    let reports = lode_sign::verify::verify_trusted(&signed, &[stranger.cert])?;
    assert_eq!(reports[0].trusted, Some(false));
    assert!(
        reports[0]
            .problems
            .iter()
            .any(|p| p.contains("not trusted")),
        "{:?}",
        reports[0].problems
    );
    // a CA's own key signing a document: refused, its key usage is for certificates only
    let ca_as_signer = lode_sign::signer::Signer {
        key: lode_sign::signer::Key::P256(Box::new(issuing.key.clone())),
        chain: vec![issuing.cert.clone(), root.cert.clone()],
    };
    let misused = sign_pdf(&document()?, &ca_as_signer, &spec("CA"))?;
    let reports = lode_sign::verify::verify_trusted(&misused, std::slice::from_ref(&root.cert))?;
    assert_eq!(reports[0].trusted, Some(false), "{:?}", reports[0]);
    // poppler agrees, with lode's root trusted in an NSS database
    let nss = s.path("nss");
    std::fs::create_dir_all(&nss)?;
    let (ok, out) = run(
        "certutil",
        &["-N", "-d", &format!("sql:{nss}"), "--empty-password"],
    )?;
    assert!(ok, "{out}");
    std::fs::write(s.path("root.pem"), root.cert_pem()?)?;
    let (ok, out) = run(
        "certutil",
        &[
            "-A",
            "-d",
            &format!("sql:{nss}"),
            "-n",
            "lode root",
            "-t",
            "CT,C,C",
            "-a",
            "-i",
            &s.path("root.pem"),
        ],
    )?;
    assert!(ok, "{out}");
    std::fs::write(s.path("signed.pdf"), &signed)?;
    let (_, report) = run(
        "pdfsig",
        &["-nssdir", &format!("sql:{nss}"), &s.path("signed.pdf")],
    )?;
    assert!(report.contains("Signature is Valid"), "{report}");
    assert!(report.contains("Certificate is Trusted"), "{report}");
    assert!(report.contains("Total document signed"), "{report}");
    // pyHanko agrees, with lode's root as its trust anchor
    let (ok, out) = pyhanko(&[
        "sign",
        "validate",
        "--trust-replace",
        "--trust",
        &s.path("root.pem"),
        &s.path("signed.pdf"),
    ])?;
    assert!(ok && out.contains("INTACT:TRUSTED,UNTOUCHED"), "{out}");
    Ok(())
}

/// The CA's folder and keys are lode's alone; with a passphrase the keys are encrypted PKCS#8
/// (openssl reads them with it), useless without it, and keys kept in the clear before are
/// encrypted when the store is opened with one; a folder others may read is refused.
#[test]
fn the_ca_keeps_its_keys_as_secrets() -> anyhow::Result<()> {
    use lode_sign::pki::Store;
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new("sealed")?;
    let dir = s.0.join("pki");
    let pass = b"a long random passphrase kept elsewhere".as_slice();
    let store = Store::init_sealed(
        &dir,
        "Cục Địa chất và Khoáng sản Việt Nam",
        None,
        Some(pass),
    )?;
    store.issue(
        "Trần Văn Hùng",
        "Cục Địa chất và Khoáng sản Việt Nam",
        lode_sign::ca::Purpose::Signing,
        "tvhung",
    )?;
    let mode = |p: &std::path::Path| -> anyhow::Result<u32> {
        Ok(std::fs::metadata(p)?.permissions().mode() & 0o777)
    };
    assert_eq!(mode(&dir)?, 0o700);
    for key in ["root.key.pem", "issuing.key.pem", "tvhung.key.pem"] {
        let path = dir.join(key);
        assert_eq!(mode(&path)?, 0o600, "{key}");
        let text = std::fs::read_to_string(&path)?;
        assert!(
            text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "{key}"
        );
        let (ok, out) = run(
            "openssl",
            &[
                "pkey",
                "-in",
                &path.to_string_lossy(),
                "-passin",
                "pass:a long random passphrase kept elsewhere",
                "-noout",
            ],
        )?;
        assert!(ok, "openssl reads {key}: {out}");
    }
    // without the passphrase, or with another, the keys do not open
    let err = |r: Result<lode_sign::signer::Signer, lode_sign::PdfError>| match r {
        Ok(_) => String::from("opened"),
        Err(e) => e.to_string(),
    };
    assert!(err(Store::open(&dir)?.signer("tvhung")).contains("passphrase"));
    assert!(err(Store::open_sealed(&dir, Some(b"wrong"))?.signer("tvhung")).contains("passphrase"));
    let signer = Store::open_sealed(&dir, Some(pass))?.signer("tvhung")?;
    let signed = lode_sign::cms::sign_pdf(&document()?, &signer, &spec("Người ký"))?;
    assert!(lode_sign::verify::verify(&signed)?[0].valid());
    // a folder others may read is refused, naming it
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755))?;
    let refused = Store::open_sealed(&dir, Some(pass))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(refused.contains("may be read by others"), "{refused}");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    // keys kept in the clear are sealed when a passphrase comes
    let clear = s.0.join("clear");
    Store::init(&clear, "Cục Địa chất và Khoáng sản Việt Nam", None)?;
    assert!(
        std::fs::read_to_string(clear.join("root.key.pem"))?
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    Store::open_sealed(&clear, Some(pass))?;
    assert!(
        std::fs::read_to_string(clear.join("root.key.pem"))?
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
    Ok(())
}
