//! PAdES B-T and revocation with lode's own CA: the timestamp authority answering RFC 3161
//! requests (in process, and over HTTP to pyHanko), signatures that prove their time, CRLs
//! that revoke and suspend, and what a revocation means before and after the proven time.

mod common;
use common::{Scratch, document, pyhanko, spec};
use lode_sign::ca::Purpose;
use lode_sign::cms::sign_pdf_with;
use lode_sign::crl::{Crl, Reason};
use lode_sign::pki::Store;
use lode_sign::tsp;
use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, SystemTime};

const ORG: &str = "Cục Địa chất và Khoáng sản Việt Nam";

fn authority(store: &Store) -> anyhow::Result<tsp::Authority> {
    Ok(tsp::Authority {
        signer: store.issue("lode TSA", ORG, Purpose::Timestamping, "tsa")?,
        policy: tsp::LODE_POLICY,
    })
}

/// A stamper that asks `tsa` in process, through the same request and response bytes HTTP
/// would carry.
fn in_process(
    tsa: &tsp::Authority,
) -> impl Fn(&[u8; 32]) -> Result<Vec<u8>, lode_sign::PdfError> + '_ {
    move |imprint| {
        let request = tsp::request(imprint, 42);
        let response = tsa.respond(&request, SystemTime::now(), &[7, 7, 7]);
        tsp::token_of_response(&response)
    }
}

#[test]
fn b_t_signatures_prove_their_time_and_survive_a_later_revocation() -> anyhow::Result<()> {
    let s = Scratch::new("bt")?;
    let store = Store::init(&s.0.join("ca"), ORG, None)?;
    let root = store.root()?;
    let tsa = authority(&store)?;
    let leader = store.issue("Trần Văn Hùng", ORG, Purpose::Signing, "tvhung")?;
    let stamper = in_process(&tsa);
    let before = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)?
        .as_secs();
    let signed = sign_pdf_with(&document()?, &leader, &spec("Người ký"), Some(&stamper))?;
    let reports = lode_sign::verify::verify_trusted(&signed, std::slice::from_ref(&root))?;
    let r = &reports[0];
    assert!(r.valid(), "{r:?}");
    assert_eq!(r.trusted, Some(true), "{:?}", r.problems);
    assert_eq!(r.level(), "B-T");
    let t = r.timestamp.as_ref().expect("a timestamp");
    assert!(t.valid, "{:?}", t.problems);
    assert!(t.time >= before && t.time <= before + 60, "{}", t.time);
    assert!(t.authority.as_deref().unwrap_or("").contains("lode TSA"));

    // revoked now, after the proven time: still valid, and the report says so
    store.revoke(
        &lode_sign::crl::serial_hex(leader.certificate()),
        Reason::KeyCompromise,
        SystemTime::now() + Duration::from_secs(5),
    )?;
    let crl = Crl::parse(&store.crl("issuing", SystemTime::now())?)?;
    let mut reports = lode_sign::verify::verify(&signed)?;
    lode_sign::verify::check_trust(
        &mut reports,
        std::slice::from_ref(&root),
        std::slice::from_ref(&crl),
    );
    assert!(reports[0].valid(), "{:?}", reports[0].problems);
    assert!(
        reports[0]
            .revocation
            .iter()
            .any(|l| l.contains("after the proven signing time")),
        "{:?}",
        reports[0].revocation
    );
    // a B-B signature by the revoked key proves no time: invalid
    let plain = sign_pdf_with(&document()?, &leader, &spec("Người ký"), None)?;
    let mut reports = lode_sign::verify::verify(&plain)?;
    lode_sign::verify::check_trust(&mut reports, std::slice::from_ref(&root), &[crl]);
    assert!(!reports[0].valid());
    assert!(reports[0].revoked);
    assert_eq!(reports[0].trusted, Some(false));

    // a token over other data than this signature is caught
    let other = tsp::token_of_response(&tsa.respond(
        &tsp::request(&[9u8; 32], 1),
        SystemTime::now(),
        &[1],
    ))?;
    let wrong = sign_pdf_with(
        &document()?,
        &leader,
        &spec("Người ký"),
        Some(&|_| Ok(other.clone())),
    )?;
    let reports = lode_sign::verify::verify(&wrong)?;
    assert!(!reports[0].valid());
    assert!(
        reports[0].problems.iter().any(|p| p.contains("other data")),
        "{:?}",
        reports[0].problems
    );
    Ok(())
}

#[test]
fn the_ca_revokes_suspends_and_reinstates() -> anyhow::Result<()> {
    let s = Scratch::new("crl")?;
    let store = Store::init(&s.0.join("ca"), ORG, Some("http://127.0.0.1:9/pki"))?;
    assert!(
        Store::init(&s.0.join("ca"), ORG, None).is_err(),
        "a second init"
    );
    let a = store.issue("Nguyễn Thị Huyền", ORG, Purpose::Signing, "nthuyen")?;
    let b = store.issue("Lê Văn Toàn", ORG, Purpose::Signing, "lvtoan")?;
    // the distribution point is in the certificate
    assert_eq!(
        lode_sign::crl::distribution_points(a.certificate()),
        vec!["http://127.0.0.1:9/pki/issuing.crl".to_string()]
    );
    let (sa, sb) = (
        lode_sign::crl::serial_hex(a.certificate()),
        lode_sign::crl::serial_hex(b.certificate()),
    );
    store.revoke(&sa, Reason::CertificateHold, SystemTime::now())?;
    store.revoke(&sb, Reason::Superseded, SystemTime::now())?;
    assert!(
        store
            .revoke(&sb, Reason::KeyCompromise, SystemTime::now())
            .is_err()
    );
    assert!(
        store
            .revoke("00ff", Reason::KeyCompromise, SystemTime::now())
            .is_err()
    );
    assert!(
        store
            .revoke("not hex", Reason::KeyCompromise, SystemTime::now())
            .is_err()
    );
    let issuing = lode_sign::cms::certificate_from_pem(&std::fs::read_to_string(
        s.0.join("ca/issuing.pem"),
    )?)?;
    let crl = Crl::parse(&store.crl("issuing", SystemTime::now())?)?;
    assert!(crl.signed_by(&issuing));
    assert!(!crl.signed_by(&store.root()?));
    assert_eq!(
        crl.entry_for(a.certificate()).map(|e| e.reason),
        Some(Reason::CertificateHold)
    );
    assert_eq!(
        crl.entry_for(b.certificate()).map(|e| e.reason),
        Some(Reason::Superseded)
    );
    // openssl reads the list and finds it signed by the issuing CA
    std::fs::write(s.path("issuing.crl"), &crl.der)?;
    let (ok, out) = common::run(
        "openssl",
        &[
            "crl",
            "-inform",
            "DER",
            "-in",
            &s.path("issuing.crl"),
            "-noout",
            "-text",
            "-CAfile",
            &s.path("ca/issuing.pem"),
        ],
    )?;
    assert!(ok && out.contains("verify OK"), "{out}");
    assert!(
        out.contains("Certificate Hold") && out.contains("Superseded"),
        "{out}"
    );
    // lifting the suspension
    store.reinstate(&sa)?;
    assert!(store.reinstate(&sb).is_err(), "a revocation is not lifted");
    let crl = Crl::parse(&store.crl("issuing", SystemTime::now())?)?;
    assert!(crl.entry_for(a.certificate()).is_none());
    assert_eq!(store.issued()?.len(), 2);
    Ok(())
}

/// A one-connection-at-a-time HTTP server on loopback: `POST /tsa` answered by the authority,
/// `GET /crl` with the CA's current list. Enough for pyHanko to use both.
fn serve(
    listener: std::net::TcpListener,
    tsa: tsp::Authority,
    store: Store,
) -> anyhow::Result<u16> {
    let port = listener.local_addr()?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut length = 0usize;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; length.min(1 << 20)];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            let (mime, reply) = if line.starts_with("POST /tsa") {
                let serial = SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0)
                    .to_be_bytes();
                (
                    tsp::REPLY_MIME,
                    tsa.respond(&body, SystemTime::now(), &serial),
                )
            } else {
                let ca = if line.contains("root.crl") {
                    "root"
                } else {
                    "issuing"
                };
                (
                    "application/pkix-crl",
                    store.crl(ca, SystemTime::now()).unwrap_or_default(),
                )
            };
            let mut out = &stream;
            let _ = write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                reply.len()
            );
            let _ = out.write_all(&reply);
        }
    });
    Ok(port)
}

#[test]
fn pyhanko_and_lode_agree_on_b_t() -> anyhow::Result<()> {
    let s = Scratch::new("pyhanko-bt")?;
    // the server's address first: the CA names it as where its CRLs are
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://127.0.0.1:{}/pki/", listener.local_addr()?.port());
    let store = Store::init(&s.0.join("ca"), ORG, Some(&base))?;
    let tsa = authority(&store)?;
    let leader = store.issue("Tran Van Hung", ORG, Purpose::Signing, "leader")?;
    // lode signs B-T in process; pyHanko validates the signature and its timestamp
    let signed = sign_pdf_with(
        &document()?,
        &leader,
        &spec("Người ký"),
        Some(&in_process(&tsa)),
    )?;
    std::fs::write(s.path("lode-bt.pdf"), &signed)?;
    let (ok, out) = pyhanko(&[
        "sign",
        "validate",
        "--trust-replace",
        "--trust",
        &s.path("ca/root.pem"),
        "--no-revocation-check",
        &s.path("lode-bt.pdf"),
    ])?;
    assert!(ok, "{out}");
    assert!(
        out.contains("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,UNTOUCHED"),
        "{out}"
    );

    // pyHanko signs, asking lode's authority over HTTP; lode verifies the timestamp
    let port = serve(listener, tsa, Store::open(&s.0.join("ca"))?)?;
    std::fs::write(s.path("plain.pdf"), document()?)?;
    // pyHanko takes the signer's certificate alone, the CAs apart
    let chain = std::fs::read_to_string(s.path("ca/leader.chain.pem"))?;
    let end = "-----END CERTIFICATE-----\n";
    let cut = chain
        .find(end)
        .map(|i| i + end.len())
        .unwrap_or(chain.len());
    std::fs::write(s.path("leader.pem"), &chain[..cut])?;
    std::fs::write(s.path("cas.pem"), &chain[cut..])?;
    // pyHanko's signing, with `options` before the key, into `output`
    let tsa_url = format!("http://127.0.0.1:{port}/tsa");
    let (key, cert, cas) = (
        s.path("ca/leader.key.pem"),
        s.path("leader.pem"),
        s.path("cas.pem"),
    );
    let (plain, root_pem) = (s.path("plain.pdf"), s.path("ca/root.pem"));
    let pyhanko_signs = |options: &[&str], output: &str| {
        let mut args = vec!["sign", "addsig", "--field", "Sig1"];
        args.extend_from_slice(options);
        args.extend_from_slice(&["--timestamp-url", &tsa_url, "pemder", "--key", &key]);
        args.extend_from_slice(&[
            "--cert",
            &cert,
            "--chain",
            &cas,
            "--no-pass",
            &plain,
            output,
        ]);
        pyhanko(&args)
    };
    let (ok, out) = pyhanko_signs(&[], &s.path("pyhanko-bt.pdf"))?;
    assert!(ok, "{out}");
    let theirs = std::fs::read(s.path("pyhanko-bt.pdf"))?;
    let root = store.root()?;
    let reports = lode_sign::verify::verify_trusted(&theirs, std::slice::from_ref(&root))?;
    assert!(reports[0].valid(), "{:?}", reports[0].problems);
    assert_eq!(reports[0].level(), "B-T");
    assert!(reports[0].timestamp.as_ref().is_some_and(|t| t.valid));
    let mut tampered = theirs.clone();
    tampered[200] ^= 1;
    assert!(!lode_sign::verify::verify(&tampered)?[0].valid());

    // pyHanko signs B-LT (fetching lode's CRLs from their address to embed them); lode reads
    // the /DSS and checks revocation from it, with no network
    let options = [
        "--use-pades",
        "--with-validation-info",
        "--trust-replace",
        "--trust",
    ];
    let (ok, out) = pyhanko_signs(
        &[&options[..], &[root_pem.as_str()]].concat(),
        &s.path("pyhanko-blt.pdf"),
    )?;
    assert!(ok, "{out}");
    let theirs = std::fs::read(s.path("pyhanko-blt.pdf"))?;
    let reports = lode_sign::verify::verify_trusted(&theirs, std::slice::from_ref(&root))?;
    assert!(
        reports[0].valid(),
        "{}",
        lode_sign::verify::to_text(&reports)
    );
    assert_eq!(reports[0].level(), "B-LT");
    assert!(!reports[0].dss_crls.is_empty(), "pyHanko kept the CRLs");
    assert!(
        reports[0]
            .revocation
            .iter()
            .any(|l| l.contains("not revoked (CRL of")),
        "{:?}",
        reports[0].revocation
    );
    Ok(())
}

/// B-LT and B-LTA made in process: the `/DSS` is an allowed change after the signature (also
/// when extended twice), the document timestamp covers it all, verification uses what the
/// store keeps, and qpdf finds each increment sound.
#[test]
fn long_term_levels_keep_their_evidence() -> anyhow::Result<()> {
    let s = Scratch::new("ltv")?;
    let store = Store::init(&s.0.join("ca"), ORG, Some("http://127.0.0.1:9/pki/"))?;
    let root = store.root()?;
    let tsa = authority(&store)?;
    let stamper = in_process(&tsa);
    let leader = store.issue("Trần Văn Hùng", ORG, Purpose::Signing, "tvhung")?;
    let signed = sign_pdf_with(&document()?, &leader, &spec("Người ký"), Some(&stamper))?;
    let (certs, urls) = lode_sign::dss::validation_material(&signed)?;
    assert_eq!(
        urls,
        vec![
            "http://127.0.0.1:9/pki/issuing.crl".to_string(),
            "http://127.0.0.1:9/pki/root.crl".to_string()
        ]
    );
    assert!(
        certs.len() >= 4,
        "signer, TSA, issuing CA, root: {}",
        certs.len()
    );
    let crls = vec![
        store.crl("issuing", SystemTime::now())?,
        store.crl("root", SystemTime::now())?,
    ];
    let lt = lode_sign::dss::add(&signed, &certs, &crls)?;
    // extending again adds nothing twice, and is still allowed
    let lt2 = lode_sign::dss::add(&lt, &certs, &crls)?;
    assert_eq!(
        lode_sign::dss::read(&lode_sign::Document::parse(&lt2)?)?
            .crls
            .len(),
        2
    );
    let lta = lode_sign::cms::timestamp_pdf(&lt2, "Dấu thời gian", &stamper)?;
    let reports = lode_sign::verify::verify_trusted(&lta, std::slice::from_ref(&root))?;
    assert_eq!(reports.len(), 2);
    assert!(
        reports.iter().all(|r| r.valid()),
        "{:?}",
        reports.iter().map(|r| &r.problems).collect::<Vec<_>>()
    );
    assert_eq!(reports[0].level(), "B-LTA");
    assert_eq!(reports[1].level(), "document timestamp");
    assert!(
        reports[0]
            .revocation
            .iter()
            .all(|l| l.contains("not revoked")),
        "{:?}",
        reports[0].revocation
    );
    for (name, bytes) in [("lt.pdf", &lt2), ("lta.pdf", &lta)] {
        std::fs::write(s.path(name), bytes)?;
        let (ok, out) = common::run("qpdf", &["--check", &s.path(name)])?;
        assert!(ok, "{name}: {out}");
    }
    // a document timestamp over tampered bytes is caught
    let mut tampered = lta.clone();
    let at = tampered.len() - 40;
    tampered[at] ^= 1;
    let reports = lode_sign::verify::verify(&tampered)?;
    assert!(!reports[1].valid() || !reports[0].valid());
    Ok(())
}
