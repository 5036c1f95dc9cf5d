//! lode's trust services as a deployment runs them: `lode pki` makes the CA with its CRL
//! address, `lode serve` publishes the CRLs and answers timestamp requests, `lode sign --tsa`
//! makes B-T signatures, `lode verify --online` fetches the CRLs and asks the OCSP responder,
//! and pyHanko and openssl, checking revocation strictly, ask lode and agree, before and after
//! a revocation.

mod support;
use std::process::Command;
use support::{Node, free_port, lode};

/// pyHanko's verdict, `root` the only anchor, revocation checked strictly (online).
fn pyhanko_validate(root: &str, file: &str) -> anyhow::Result<String> {
    support::pyhanko(&[
        "sign",
        "validate",
        "--trust-replace",
        "--trust",
        root,
        "--force-revinfo",
        file,
    ])
}

#[tokio::test(flavor = "multi_thread")]
async fn timestamps_and_revocation_through_lode_serve() -> anyhow::Result<()> {
    let data = std::env::temp_dir().join(format!("lode-trust-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let p = |n: &str| data.join(n).to_string_lossy().into_owned();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let (code, text) = lode(&[
        "pki",
        "init",
        &p("pki"),
        "--crl-url",
        &format!("{base}/pki/"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&[
        "pki",
        "issue",
        &p("pki"),
        "--name",
        "Trần Văn Hùng",
        "--file",
        "tvhung",
    ])?;
    assert_eq!(code, 0, "{text}");
    let serial = text
        .rsplit("serial ")
        .next()
        .map(|s| s.trim().trim_end_matches(')').to_string())
        .unwrap_or_default();
    assert!(!serial.is_empty(), "{text}");
    let node = Node::start_on(&["--data".to_string(), p("")], port).await?;
    let http = reqwest::Client::new();

    // the published files
    let root = http
        .get(format!("{}/pki/root.crt", node.base))
        .send()
        .await?;
    assert_eq!(root.status(), 200);
    let crl = http
        .get(format!("{}/pki/issuing.crl", node.base))
        .send()
        .await?;
    assert_eq!(
        crl.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pkix-crl")
    );
    let crl = lode_sign::crl::Crl::parse(&crl.bytes().await?)?;
    assert!(crl.entries().is_empty());
    assert_eq!(
        http.get(format!("{}/pki/secret.key.pem", node.base))
            .send()
            .await?
            .status(),
        404
    );
    // the OCSP responder, asked by openssl as any client would: the address the certificate
    // names, the answer signed by the issuing CA, chained to the root
    let openssl_ocsp = || -> anyhow::Result<String> {
        let out = Command::new("openssl")
            .args(["ocsp", "-issuer", &p("pki/issuing.pem"), "-cert"])
            .args([
                &p("pki/tvhung.chain.pem"),
                "-url",
                &format!("{base}/pki/ocsp"),
            ])
            .args(["-CAfile", &p("pki/root.pem"), "-verify_other"])
            .arg(p("pki/issuing.pem"))
            .output()?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        anyhow::ensure!(out.status.success(), "openssl ocsp: {text}");
        Ok(text)
    };
    let text = openssl_ocsp()?;
    assert!(text.contains("Response verify OK"), "{text}");
    assert!(text.contains(": good"), "{text}");
    let garbage = http
        .post(format!("{}/pki/ocsp", node.base))
        .header("content-type", "application/ocsp-request")
        .body("hello")
        .send()
        .await?;
    assert_eq!(garbage.status(), 200, "RFC 6960 answers malformedRequest");
    assert!(lode_sign::ocsp::Response::parse(&garbage.bytes().await?).is_err());
    let wrong_type = http
        .post(format!("{}/pki/ocsp", node.base))
        .body("x")
        .send()
        .await?;
    assert_eq!(wrong_type.status(), 415);

    // the timestamp authority refuses what is not a request, clearly
    let bad = http
        .post(format!("{}/tsa", node.base))
        .header("content-type", "application/timestamp-query")
        .body("hello")
        .send()
        .await?;
    assert_eq!(bad.status(), 200);
    assert!(lode_sign::tsp::token_of_response(&bad.bytes().await?).is_err());
    let wrong_type = http
        .post(format!("{}/tsa", node.base))
        .body("x")
        .send()
        .await?;
    assert_eq!(wrong_type.status(), 415);

    // B-T through lode serve's authority, B-B without
    std::fs::write(p("in.pdf"), lode_db::demo::sample_pdf(&["Quyet dinh"]))?;
    let key = p("pki/tvhung.key.pem");
    let chain = p("pki/tvhung.chain.pem");
    let tsa = format!("{}/tsa", node.base);
    let (code, text) = lode(&[
        "sign",
        "--key",
        &key,
        "--cert",
        &chain,
        "--tsa",
        &tsa,
        &p("in.pdf"),
        &p("bt.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&[
        "sign",
        "--key",
        &key,
        "--cert",
        &chain,
        &p("in.pdf"),
        &p("bb.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let root_pem = p("pki/root.pem");
    let (code, text) = lode(&["verify", "--trust", &root_pem, "--online", &p("bt.pdf")])?;
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("PAdES B-T") && text.contains("proven by timestamp"),
        "{text}"
    );
    assert!(text.contains("not revoked (OCSP of"), "{text}");
    assert!(text.contains("not revoked (CRL of"), "{text}");
    // pyHanko, strict about revocation, asks lode's OCSP responder and fetches its CRLs, and
    // finds both good
    let out = pyhanko_validate(&root_pem, &p("bt.pdf"))?;
    assert!(
        out.contains("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
        "{out}"
    );
    let out = pyhanko_validate(&root_pem, &p("bb.pdf"))?;
    assert!(out.contains("INTACT:TRUSTED"), "{out}");

    // B-LTA: the chain and CRLs kept in the document, then a document timestamp; and a B-T
    // document extended to B-LT afterwards, as an archive does
    let (code, text) = lode(&[
        "sign",
        "--key",
        &key,
        "--cert",
        &chain,
        "--tsa",
        &tsa,
        "--level",
        "B-LTA",
        &p("in.pdf"),
        &p("blta.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&["extend", &p("bt.pdf"), &p("blt.pdf")])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&[
        "sign",
        "--key",
        &key,
        "--cert",
        &chain,
        "--level",
        "B-LT",
        &p("in.pdf"),
        &p("x.pdf"),
    ])?;
    assert_ne!(code, 0, "B-LT needs an authority: {text}");

    // revoked: the B-B signature fails; the B-T one, made before, stands
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (code, text) = lode(&[
        "pki",
        "revoke",
        &p("pki"),
        "--serial",
        &serial,
        "--reason",
        "key-compromise",
    ])?;
    assert_eq!(code, 0, "{text}");
    let (code, text) = lode(&["verify", "--trust", &root_pem, "--online", &p("bb.pdf")])?;
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("revoked on"), "{text}");
    let text = openssl_ocsp()?;
    assert!(text.contains(": revoked"), "{text}");
    assert!(text.contains("Reason: keyCompromise"), "{text}");
    let (code, text) = lode(&[
        "verify",
        "--trust",
        &root_pem,
        "--online",
        "--json",
        &p("bt.pdf"),
    ])?;
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text)?;
    assert_eq!(json[0]["level"], "B-T");
    assert_eq!(json[0]["revoked"], false);
    let out = pyhanko_validate(&root_pem, &p("bb.pdf"))?;
    assert!(out.contains("REVOKED"), "{out}");
    let (code, text) = lode(&["pki", "list", &p("pki")])?;
    assert_eq!(code, 0);
    assert!(text.contains(&format!("{serial}\trevoked")), "{text}");
    assert!(
        text.contains("timestamping"),
        "the server's TSA is issued and listed: {text}"
    );
    drop(node);

    // the server gone, the long-term documents still validate from what they keep
    for (file, level) in [("blta.pdf", "B-LTA"), ("blt.pdf", "B-LT")] {
        let (code, text) = lode(&["verify", "--trust", &root_pem, "--json", &p(file)])?;
        assert_eq!(code, 0, "{file}: {text}");
        let json: serde_json::Value = serde_json::from_str(&text)?;
        assert_eq!(json[0]["level"], level, "{text}");
        let revocation = json[0]["revocation"].to_string();
        assert!(revocation.contains("not revoked (CRL of"), "{revocation}");
        assert!(revocation.contains("not revoked (OCSP of"), "{revocation}");
    }
    let out = support::pyhanko(&[
        "sign",
        "adesverify",
        "--trust-replace",
        "--trust",
        &root_pem,
        &p("blta.pdf"),
    ])?;
    assert!(
        out.contains("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,EXTENDED_WITH_LTA_UPDATES"),
        "pyHanko validates B-LTA offline from the /DSS: {out}"
    );
    // qpdf finds every increment sound
    for file in ["bt.pdf", "blt.pdf", "blta.pdf"] {
        let out = Command::new("qpdf").args(["--check", &p(file)]).output()?;
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}
