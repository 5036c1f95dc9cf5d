//! The public verification page and API: no sign-in, a signed PDF in, a report out; bad files
//! refused with a clear answer.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use lode_db::Backend;

lode_db::on_both_backends!(
    anyone_verifies_a_signed_pdf,
    incoming_documents_are_verified_when_registered,
    a_letter_signed_by_another_tool_in_ber_with_sha1_is_read,
);

/// `pdf` uploaded by the clerk and registered as an incoming letter of `letter` (channel,
/// issuer, notation, type, subject; received 24/11/2026, dated the day before): the record.
async fn registered(
    app: &TestApp,
    clerk: &common::Session,
    pdf: Vec<u8>,
    mut letter: serde_json::Value,
) -> anyhow::Result<serde_json::Value> {
    let up = app
        .raw(
            Method::POST,
            "/api/v1/files",
            Some(clerk),
            "application/pdf",
            pdf,
        )
        .await;
    letter["file_sha256"] = up.json()["sha256"].clone();
    letter["received_on"] = "2026-11-24".into();
    letter["document_date"] = "2026-11-23".into();
    let r = app.post("/api/v1/incoming", Some(clerk), &letter).await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    Ok(r.json())
}

/// A PDF sent to the public verification page as its form sends it.
async fn verify_page(app: &TestApp, pdf: &[u8]) -> common::Resp {
    let boundary = "lodeboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"qd.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    app.raw(
        Method::POST,
        "/verify",
        None,
        &format!("multipart/form-data; boundary={boundary}"),
        body,
    )
    .await
}

fn signed_pdf() -> anyhow::Result<Vec<u8>> {
    let root = lode_sign::ca::Authority::new_root("lode Root CA", "Cục ĐCKS")?;
    let issuing = root.issue_ca("lode Issuing CA", "Cục ĐCKS", None)?;
    let signer = issuing.issue_signer(
        "Trần Văn Hùng",
        "Cục ĐCKS",
        std::slice::from_ref(&root.cert),
    )?;
    let spec = lode_sign::field::FieldSpec {
        name: "Người ký".into(),
        time: "D:20261125083000+07'00'".into(),
        reason: None,
        location: None,
        contents_size: 8192,
    };
    Ok(lode_sign::cms::sign_pdf(
        &lode_db::demo::sample_pdf(&["Quyet dinh 12/QD-DCKS"]),
        &signer,
        &spec,
    )?)
}

async fn anyone_verifies_a_signed_pdf(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let pdf = signed_pdf()?;
    // the API, without signing in
    let r = app
        .raw(
            Method::POST,
            "/api/v1/verify",
            None,
            "application/pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let report = r.json();
    assert_eq!(report[0]["valid"], true, "{report}");
    assert!(
        report[0]["signer"]
            .as_str()
            .unwrap_or("")
            .contains("Trần Văn Hùng")
    );
    // tampered: reported invalid, not an error
    let mut tampered = pdf.clone();
    tampered[40] ^= 1;
    let r = app
        .raw(
            Method::POST,
            "/api/v1/verify",
            None,
            "application/pdf",
            tampered,
        )
        .await;
    assert_eq!(r.json()[0]["valid"], false);
    // not a PDF, or the wrong type: refused clearly
    let r = app
        .raw(
            Method::POST,
            "/api/v1/verify",
            None,
            "application/pdf",
            b"hello".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .raw(
            Method::POST,
            "/api/v1/verify",
            None,
            "text/plain",
            pdf.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // the page, without signing in
    let page = app.get("/verify", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Kiểm tra chữ ký số"));
    let r = verify_page(&app, &pdf).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let text = r.text();
    assert!(
        text.contains("Hợp lệ") && text.contains("Trần Văn Hùng"),
        "{text}"
    );
    assert!(
        text.contains("Mức chữ ký") && text.contains("PAdES B-B"),
        "{text}"
    );
    assert!(!text.contains("⟨missing text⟩"), "every text is translated");
    assert!(
        text.contains("Chữ ký số hợp lệ; văn bản không bị thay đổi sau khi ký."),
        "the verdict first: {text}"
    );
    // tampered: the verdict says not to rely on it, the signature's badge is the bad one
    let mut tampered = pdf.clone();
    tampered[40] ^= 1;
    let text = verify_page(&app, &tampered).await.text();
    assert!(
        text.contains("Không nên tin cậy văn bản này") && text.contains("Chữ ký có vấn đề: số 1"),
        "{text}"
    );
    assert!(text.contains("class=\"badge bad\""), "{text}");
    assert!(
        !text.contains("hợp lệ; văn bản không bị thay đổi"),
        "{text}"
    );
    // not a PDF: the form again, the refusal beside its field, in Vietnamese
    let r = verify_page(&app, b"hello, not a PDF").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(
        text.contains("name=\"pdf\"") && text.contains("class=\"field-error\""),
        "{text}"
    );
    assert!(text.contains("Tệp không phải PDF"), "{text}");
    // a file that starts as a PDF but cannot be read: said in Vietnamese, the reader's English
    // words apart
    let mut broken = pdf.clone();
    if let Some(at) = broken.windows(9).rposition(|w| w == b"startxref") {
        broken[at..at + 9].copy_from_slice(b"startxreX");
    }
    let r = verify_page(&app, &broken).await;
    let text = r.text();
    assert!(text.contains("Không đọc được tệp"), "{text}");
    assert!(text.contains("<p lang=\"en\">"), "{text}");
    Ok(())
}

async fn incoming_documents_are_verified_when_registered(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let signed = signed_pdf()?;
    let mut broken = signed.clone();
    broken[40] ^= 1;
    let mut results = Vec::new();
    for (n, (bytes, channel)) in [
        (signed.clone(), "electronic"),
        (broken, "email"),
        (signed, "paper"),
    ]
    .into_iter()
    .enumerate()
    {
        let letter = serde_json::json!({
            "channel": channel, "issuer": "Bộ Nông nghiệp và Môi trường",
            "notation": format!("{}/QĐ-BNNMT", 40 + n), "type_code": "QĐ",
            "subject": "Quyết định phê duyệt trữ lượng"
        });
        results.push(registered(&app, &clerk, bytes, letter).await?);
    }
    assert_eq!(
        results[0]["details"]["signatures"][0]["valid"], true,
        "{}",
        results[0]
    );
    assert_eq!(
        results[1]["details"]["signatures"][0]["valid"], false,
        "{}",
        results[1]
    );
    assert_eq!(
        results[2]["details"]["signatures"],
        serde_json::Value::Null,
        "paper: not checked"
    );
    let id = results[0]["id"].as_i64().unwrap_or_default();
    let timeline = app
        .get(&format!("/api/v1/incoming/{id}/timeline"), Some(&clerk))
        .await
        .text();
    assert!(timeline.contains("verify_signatures"), "{timeline}");
    let page = app
        .get(&format!("/incoming/{id}"), Some(&clerk))
        .await
        .text();
    assert!(
        page.contains("Trần Văn Hùng") && page.contains("Hợp lệ"),
        "the page shows it"
    );
    // the history says it in a sentence, not as counts
    let said = lode_web::testkit::visible_text(&page);
    assert!(
        said.contains("1 chữ ký số, hợp lệ") && !said.contains("Hợp lệ: 1"),
        "{said}"
    );
    Ok(())
}

/// A letter signed as older tools sign (`openssl cms -sign -stream`: BER with indefinite
/// lengths, SHA-1 as documents signed before about 2018 are), `tests/signers/cms_into_pdf.py`
/// of the signing library placing the CMS into the PDF.
fn ber_sha1_pdf() -> anyhow::Result<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!(
        "lode-ber-sha1-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir)?;
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let run = |program: &str, args: &[&str]| -> anyhow::Result<()> {
        let out = std::process::Command::new(program).args(args).output()?;
        anyhow::ensure!(
            out.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(())
    };
    run(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/CN=Nguyen Van Ky/O=So Tai nguyen",
            "-keyout",
            &p("key.pem"),
            "-out",
            &p("cert.pem"),
        ],
    )?;
    std::fs::write(p("in.pdf"), lode_db::demo::sample_pdf(&["Cong van 2017"]))?;
    run(
        "python3",
        &[
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../lode-sign/tests/signers/cms_into_pdf.py"
            ),
            &p("in.pdf"),
            &p("out.pdf"),
            &p("key.pem"),
            &p("cert.pem"),
            "sha1",
            "adbe.pkcs7.detached",
        ],
    )?;
    let pdf = std::fs::read(p("out.pdf"))?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(pdf)
}

async fn a_letter_signed_by_another_tool_in_ber_with_sha1_is_read(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let pdf = ber_sha1_pdf()?;
    // the page says the signature holds, and that SHA-1 no longer serves for new ones
    let r = verify_page(&app, &pdf).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let text = r.text();
    assert!(text.contains("Nguyen Van Ky"), "{text}");
    assert!(
        text.contains("SHA-1 không còn được chấp nhận cho chữ ký mới"),
        "{text}"
    );
    assert!(
        !text.contains("not a CMS") && !text.contains("không phải CMS"),
        "{text}"
    );
    // registered as an incoming letter: its signature is checked and holds
    let clerk = app.login("vanthu").await?;
    let letter = serde_json::json!({
        "channel": "electronic", "issuer": "Sở Tài nguyên và Môi trường",
        "notation": "17/STNMT-KS", "type_code": "CV", "subject": "Báo cáo tình hình khai thác"
    });
    let v = registered(&app, &clerk, pdf, letter).await?;
    assert_eq!(v["details"]["signatures"][0]["valid"], true, "{v}");
    Ok(())
}
