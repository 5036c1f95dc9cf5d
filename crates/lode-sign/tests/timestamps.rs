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

/// Revocation evidence of one CRL.
fn crls(crl: &Crl) -> lode_sign::verify::Evidence {
    lode_sign::verify::Evidence {
        crls: vec![crl.clone()],
        ocsp: Vec::new(),
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
    lode_sign::verify::check_trust(&mut reports, std::slice::from_ref(&root), &crls(&crl));
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
    lode_sign::verify::check_trust(&mut reports, std::slice::from_ref(&root), &crls(&crl));
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
/// `GET /crl` with the CA's current list, `POST /pki/ocsp` with its OCSP answer. Enough for
/// pyHanko to use all three.
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
            } else if line.starts_with("POST /pki/ocsp") {
                (
                    lode_sign::ocsp::RESPONSE_MIME,
                    store
                        .respond_ocsp(&body, SystemTime::now())
                        .unwrap_or_default(),
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
    // pyHanko asked lode's OCSP responder about the signer (and kept the answer), and the
    // CRL for the issuing CA, which names no responder
    assert!(
        !reports[0].dss_ocsps.is_empty(),
        "pyHanko kept the OCSP answers"
    );
    assert!(!reports[0].dss_crls.is_empty(), "pyHanko kept the CRLs");
    assert!(
        reports[0]
            .revocation
            .iter()
            .any(|l| l.contains("Tran Van Hung") && l.contains("not revoked (OCSP of")),
        "{:?}",
        reports[0].revocation
    );
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
    let material = lode_sign::ltv::validation_material(&signed)?;
    let (certs, urls) = (material.certificates, material.crl_urls);
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
    let lt = lode_sign::dss::add(&signed, &certs, &crls, &[])?;
    // extending again adds nothing twice, and is still allowed
    let lt2 = lode_sign::dss::add(&lt, &certs, &crls, &[])?;
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

/// The CA's OCSP responder: the address in what it issues, answers good, suspended, revoked
/// and unknown, signed by the issuing CA; answers that are tampered with, about another
/// certificate or signed by another CA do not count; openssl reads the answers the same way.
#[test]
fn the_ca_answers_ocsp_and_answers_are_checked() -> anyhow::Result<()> {
    use lode_sign::ocsp::{self, Response, Status};
    let s = Scratch::new("ocsp")?;
    let store = Store::init(&s.0.join("ca"), ORG, Some("http://127.0.0.1:9/pki/"))?;
    let [issuing, root] = <[_; 2]>::try_from(store.certificates()?).expect("two CAs");
    let a = store.issue("Nguyễn Thị Huyền", ORG, Purpose::Signing, "nthuyen")?;
    let b = store.issue("Lê Văn Toàn", ORG, Purpose::Signing, "lvtoan")?;
    let (ca, cb) = (a.certificate(), b.certificate());
    assert_eq!(
        ocsp::responder_urls(ca),
        vec!["http://127.0.0.1:9/pki/ocsp".to_string()]
    );
    assert!(
        ocsp::responder_urls(&issuing).is_empty(),
        "CAs are checked by CRL"
    );
    let ask = |cert: &lode_sign::cms::Certificate, issuer| -> anyhow::Result<Response> {
        let request = ocsp::request(cert, issuer)?;
        Ok(Response::parse(
            &store.respond_ocsp(&request, SystemTime::now())?,
        )?)
    };
    let status = |cert, issuer| -> anyhow::Result<Status> {
        Ok(ask(cert, issuer)?
            .answer_for(cert, issuer)
            .expect("an answer signed for the issuer")
            .status)
    };
    assert_eq!(status(ca, &issuing)?, Status::Good);
    // the root answers for the issuing CA
    assert_eq!(status(&issuing, &root)?, Status::Good);

    store.revoke(
        &lode_sign::crl::serial_hex(ca),
        Reason::CertificateHold,
        SystemTime::now(),
    )?;
    assert!(matches!(
        status(ca, &issuing)?,
        Status::Revoked {
            reason: Reason::CertificateHold,
            ..
        }
    ));
    store.reinstate(&lode_sign::crl::serial_hex(ca))?;
    assert_eq!(status(ca, &issuing)?, Status::Good);
    store.revoke(
        &lode_sign::crl::serial_hex(cb),
        Reason::KeyCompromise,
        SystemTime::now(),
    )?;
    let revoked = ask(cb, &issuing)?;
    assert!(matches!(
        revoked.answer_for(cb, &issuing).map(|a| a.status),
        Some(Status::Revoked {
            reason: Reason::KeyCompromise,
            ..
        })
    ));
    // an answer about B says nothing of A
    assert_eq!(revoked.answer_for(ca, &issuing), None);

    // a certificate of another CA: unknown to this responder
    let other = Store::init(&s.0.join("other"), ORG, None)?;
    let stranger = other.issue("Người lạ", ORG, Purpose::Signing, "x")?;
    let other_issuing = other.certificates()?.remove(0);
    let answer = Response::parse(&store.respond_ocsp(
        &ocsp::request(stranger.certificate(), &other_issuing)?,
        SystemTime::now(),
    )?)?;
    assert_eq!(
        answer
            .answer_for(stranger.certificate(), &other_issuing)
            .map(|a| a.status),
        None,
        "signed by a CA that is not the certificate's issuer"
    );

    // a flipped byte in the signed part, or a signature by another CA: no answer
    let good = ask(ca, &issuing)?;
    // a byte of the signature value (the response ends with it: no certificates follow)
    let mut tampered = good.der.clone();
    let at = tampered.len() - 3;
    tampered[at] ^= 1;
    let t = Response::parse(&tampered)?;
    assert_eq!(t.answer_for(ca, &issuing), None);
    let forged =
        Response::parse(&other.respond_ocsp(&ocsp::request(ca, &issuing)?, SystemTime::now())?)?;
    assert_eq!(forged.answer_for(ca, &issuing), None);

    // garbage in: a malformedRequest answer, which the client reads as an error
    let refused = store.respond_ocsp(b"not a request", SystemTime::now())?;
    assert!(Response::parse(&refused).is_err());

    // openssl checks the same answers: signature, and the status of each certificate
    let (issuing_pem, root_pem, a_pem, b_pem) = (
        s.path("issuing.pem"),
        s.path("root.pem"),
        s.path("a.pem"),
        s.path("b.pem"),
    );
    use der::EncodePem;
    for (path, cert) in [
        (&issuing_pem, &issuing),
        (&root_pem, &root),
        (&a_pem, ca),
        (&b_pem, cb),
    ] {
        std::fs::write(path, cert.to_pem(der::pem::LineEnding::LF)?)?;
    }
    for (cert, path, expect) in [(ca, &a_pem, "good"), (cb, &b_pem, "revoked")] {
        let response = s.path("response.der");
        std::fs::write(&response, &ask(cert, &issuing)?.der)?;
        let (ok, out) = common::run(
            "openssl",
            &[
                "ocsp",
                "-respin",
                &response,
                "-issuer",
                &issuing_pem,
                "-cert",
                path,
                "-CAfile",
                &root_pem,
                "-verify_other",
                &issuing_pem,
                "-no_nonce",
            ],
        )?;
        assert!(ok, "{out}");
        assert!(out.contains("Response verify OK"), "{out}");
        assert!(out.contains(&format!(": {expect}")), "{out}");
    }
    Ok(())
}

/// Revocation from OCSP alone: a B-B signature by a revoked key is invalid with the answer
/// given; B-LT keeps the answers in the `/DSS` and validates from them offline.
#[test]
fn ocsp_answers_decide_revocation_online_and_from_the_dss() -> anyhow::Result<()> {
    use lode_sign::ocsp::Response;
    let s = Scratch::new("ocsp-verify")?;
    let store = Store::init(&s.0.join("ca"), ORG, Some("http://127.0.0.1:9/pki/"))?;
    let root = store.root()?;
    let tsa = authority(&store)?;
    let stamper = in_process(&tsa);
    let leader = store.issue("Trần Văn Hùng", ORG, Purpose::Signing, "tvhung")?;
    let answer_all = |queries: &[lode_sign::ocsp::OcspQuery]| -> anyhow::Result<Vec<Vec<u8>>> {
        queries
            .iter()
            .map(|q| {
                assert_eq!(q.url, "http://127.0.0.1:9/pki/ocsp");
                Ok(store.respond_ocsp(&q.request, SystemTime::now())?)
            })
            .collect()
    };

    // B-LT from OCSP answers only (no CRL): valid offline, the leaf checked by OCSP
    let signed = sign_pdf_with(&document()?, &leader, &spec("Người ký"), Some(&stamper))?;
    let material = lode_sign::ltv::validation_material(&signed)?;
    assert_eq!(material.ocsp.len(), 2, "the signer and the TSA");
    let ocsps = answer_all(&material.ocsp)?;
    let lt = lode_sign::dss::add(&signed, &material.certificates, &[], &ocsps)?;
    let reports = lode_sign::verify::verify_trusted(&lt, std::slice::from_ref(&root))?;
    let r = &reports[0];
    assert!(r.valid(), "{:?}", r.problems);
    assert_eq!(r.level(), "B-LT");
    assert!(
        r.revocation
            .iter()
            .any(|l| l.contains("Trần Văn Hùng") && l.contains("not revoked (OCSP of")),
        "{:?}",
        r.revocation
    );

    // revoked, a B-B signature: the online answer makes it invalid
    store.revoke(
        &lode_sign::crl::serial_hex(leader.certificate()),
        Reason::KeyCompromise,
        SystemTime::now() - Duration::from_secs(60),
    )?;
    let plain = sign_pdf_with(&document()?, &leader, &spec("Người ký"), None)?;
    let mut reports = lode_sign::verify::verify(&plain)?;
    let sources = lode_sign::verify::revocation_sources(&reports, std::slice::from_ref(&root));
    assert_eq!(sources.ocsp.len(), 1);
    let evidence = lode_sign::verify::Evidence {
        crls: Vec::new(),
        ocsp: answer_all(&sources.ocsp)?
            .iter()
            .map(|d| Response::parse(d))
            .collect::<Result<_, _>>()?,
    };
    lode_sign::verify::check_trust(&mut reports, std::slice::from_ref(&root), &evidence);
    assert!(!reports[0].valid());
    assert!(reports[0].revoked);
    assert!(
        reports[0]
            .revocation
            .iter()
            .any(|l| l.contains("revoked on") && l.contains("OCSP")),
        "{:?}",
        reports[0].revocation
    );
    // the answer kept in the B-LT before the revocation still proves the signature: it was
    // made before, proven by its timestamp
    let reports = lode_sign::verify::verify_trusted(&lt, std::slice::from_ref(&root))?;
    assert!(reports[0].valid(), "{:?}", reports[0].problems);
    Ok(())
}
