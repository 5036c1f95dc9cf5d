//! The public verification page and API: no sign-in, a signed PDF in, a report out; bad files
//! refused with a clear answer.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use lode_db::Backend;

lode_db::on_both_backends!(anyone_verifies_a_signed_pdf);

fn signed_pdf() -> anyhow::Result<Vec<u8>> {
    let root = lode_sign::ca::Authority::new_root("lode Root CA", "Cục ĐCKS")?;
    let issuing = root.issue_ca("lode Issuing CA", "Cục ĐCKS")?;
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
    let boundary = "lodeboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"qd.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = app
        .raw(
            Method::POST,
            "/verify",
            None,
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let text = r.text();
    assert!(
        text.contains("Hợp lệ") && text.contains("Trần Văn Hùng"),
        "{text}"
    );
    Ok(())
}
