//! Incoming documents through the API and the pages, on SQLite and PostgreSQL.

mod common;

use axum::http::{Method, StatusCode};
use common::{Session, TestApp};
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    the_incoming_flow_through_the_api,
    uploads_are_checked_before_anything_is_stored,
    secret_documents_show_nothing_to_the_uncleared,
);

async fn upload_pdf(app: &TestApp, s: &Session, text: &str) -> anyhow::Result<String> {
    let pdf = lode_db::demo::sample_pdf(&[text]);
    let r = app
        .raw(
            Method::POST,
            "/api/v1/files",
            Some(s),
            "application/pdf",
            pdf,
        )
        .await;
    anyhow::ensure!(
        r.status == StatusCode::CREATED,
        "upload: {} {}",
        r.status,
        r.text()
    );
    Ok(r.json()["sha256"].as_str().unwrap_or_default().to_string())
}

fn letter(sha: &str, notation: &str) -> Value {
    json!({
        "received_on": "2026-11-20", "channel": "electronic", "issuer": "Bộ Nông nghiệp và Môi trường",
        "notation": notation, "document_date": "2026-11-18", "type_code": "CV",
        "subject": "V/v báo cáo tình hình cấp phép khai thác khoáng sản", "urgency": "urgent",
        "file_sha256": sha
    })
}

async fn the_incoming_flow_through_the_api(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let fed_leader = app.login("vvhai").await?;
    let handler = app.login("hvkien").await?;
    let outsider = app.login("dtkieu").await?;
    let sha = upload_pdf(&app, &clerk, "Cong van 12/BNNMT-DCKS").await?;
    // register twice with one idempotency key: one record
    let mut req = TestApp::request(
        Method::POST,
        "/api/v1/incoming",
        Some(&clerk),
        Some(&letter(&sha, "12/BNNMT-ĐCKS")),
    );
    req.headers_mut()
        .insert("idempotency-key", "form-1".parse()?);
    let first = app.send(req).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let mut req = TestApp::request(
        Method::POST,
        "/api/v1/incoming",
        Some(&clerk),
        Some(&letter(&sha, "12/BNNMT-ĐCKS")),
    );
    req.headers_mut()
        .insert("idempotency-key", "form-1".parse()?);
    let again = app.send(req).await;
    let id = first.json()["id"].as_i64().unwrap_or_default();
    assert_eq!(again.json()["id"].as_i64(), Some(id));
    assert_eq!(first.json()["arrival_number"], 1);
    // specialists cannot register
    assert_eq!(
        app.post(
            "/api/v1/incoming",
            Some(&handler),
            &letter(&sha, "13/BNNMT-ĐCKS")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // a duplicate is flagged, then registered on confirmation
    let dup = app
        .post(
            "/api/v1/incoming",
            Some(&clerk),
            &letter(&sha, "12/bnnmt-đcks"),
        )
        .await;
    assert_eq!(
        dup.field_codes(),
        vec!["notation:possible_duplicate".to_string()]
    );
    let mut confirmed = letter(&sha, "12/bnnmt-đcks");
    confirmed["confirm_duplicate"] = json!(true);
    assert_eq!(
        app.post("/api/v1/incoming", Some(&clerk), &confirmed)
            .await
            .json()["arrival_number"],
        2
    );
    // the flow
    let path = |step: &str| format!("/api/v1/incoming/{id}/{step}");
    assert_eq!(
        app.get(&format!("/api/v1/incoming/{id}"), Some(&outsider))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app.post(&path("route"), Some(&leader), &json!({"lead_unit_id": app.ids.north, "deadline": "2026-12-01", "note": "Liên đoàn chủ trì, báo cáo trước hạn"})).await;
    assert_eq!(
        (r.status, r.json()["status"].as_str()),
        (StatusCode::OK, Some("routed")),
        "{}",
        r.text()
    );
    let r = app
        .post(
            &path("assign"),
            Some(&fed_leader),
            &json!({"handler_id": app.ids.north_specialist}),
        )
        .await;
    assert_eq!(r.json()["status"], "assigned", "{}", r.text());
    assert_eq!(
        app.post(&path("complete"), Some(&fed_leader), &json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            &path("complete"),
            Some(&handler),
            &json!({"text": "Đã báo cáo"}),
        )
        .await;
    assert_eq!(r.json()["status"], "completed");
    assert_eq!(
        app.post(&path("notes"), Some(&handler), &json!({"text": "x"}))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let tl = app.get(&path("timeline"), Some(&handler)).await.json();
    let steps: Vec<&str> = tl
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["step"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(steps, ["register", "route", "assign", "complete"]);
    let file = app.get(&path("file"), Some(&handler)).await;
    assert_eq!(file.header("content-type"), "application/pdf");
    assert!(file.body.starts_with(b"%PDF-"));
    assert_eq!(
        app.get(&path("file"), Some(&outsider)).await.status,
        StatusCode::NOT_FOUND
    );
    // lists and search
    let listed = app
        .get(
            "/api/v1/incoming?q=cap%20phep%20khai%20thac&urgency=urgent",
            Some(&clerk),
        )
        .await
        .json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        app.get("/api/v1/incoming", Some(&outsider)).await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert_eq!(
        app.get("/api/v1/incoming?status=nonsense&limit=5", Some(&clerk))
            .await
            .json()["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert_eq!(
        app.get("/api/v1/incoming?year=abc", Some(&clerk))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    Ok(())
}

async fn uploads_are_checked_before_anything_is_stored(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let files = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM files")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap_or((-1,));
        n
    };
    let before = files().await;
    let r = app
        .raw(
            Method::POST,
            "/api/v1/files",
            Some(&clerk),
            "application/pdf",
            Vec::<u8>::new(),
        )
        .await;
    assert_eq!(r.field_codes(), vec!["body:empty_file".to_string()]);
    let r = app
        .raw(
            Method::POST,
            "/api/v1/files",
            Some(&clerk),
            "application/pdf",
            "<html>not a pdf</html>",
        )
        .await;
    assert_eq!(r.field_codes(), vec!["body:not_a_pdf".to_string()]);
    // 200 MB declared: refused from the length, before the body is read
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/files")
        .header("cookie", &clerk.cookie)
        .header("x-csrf-token", &clerk.csrf)
        .header("content-type", "application/pdf")
        .header("content-length", (200 * 1024 * 1024).to_string())
        .body(axum::body::Body::from(vec![b'%'; 1024]))?;
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.header("content-type"), "application/problem+json");
    // a body that turns out larger than its route allows is cut off at the limit
    let chunks = futures_chunks(60);
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/files")
        .header("cookie", &clerk.cookie)
        .header("x-csrf-token", &clerk.csrf)
        .header("content-type", "application/pdf")
        .body(axum::body::Body::from_stream(chunks))?;
    assert_eq!(app.send(req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(files().await, before, "nothing stored");
    // a deadline before the received date, a notation with illegal characters
    let sha = upload_pdf(&app, &clerk, "x").await?;
    let bad = app
        .post("/api/v1/incoming", Some(&clerk), &letter(&sha, "12/QĐ<b>"))
        .await;
    assert_eq!(
        bad.field_codes(),
        vec!["notation:invalid_notation".to_string()]
    );
    Ok(())
}

async fn secret_documents_show_nothing_to_the_uncleared(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let sha = upload_pdf(&app, &clerk, "Mat").await?;
    let mut secret = letter(&sha, "5/KH-BCA");
    secret["secrecy"] = json!("secret");
    secret["subject"] = json!("Phương án bảo vệ khu vực dự trữ khoáng sản quốc gia");
    let r = app.post("/api/v1/incoming", Some(&clerk), &secret).await;
    assert_eq!(
        (r.status, r.json()["register"].as_str()),
        (StatusCode::CREATED, Some("secret")),
        "{}",
        r.text()
    );
    assert_eq!(
        r.json()["details"],
        Value::Null,
        "the clerk registered it but is not cleared to read it"
    );
    let id = r.json()["id"].as_i64().unwrap_or_default();
    for path in [
        format!("/api/v1/incoming/{id}/file"),
        format!("/api/v1/incoming/{id}/timeline"),
    ] {
        assert_eq!(
            app.get(&path, Some(&clerk)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let page = app.get(&format!("/incoming/{id}"), Some(&clerk)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.text().contains("bảo vệ khu vực"),
        "the page does not show the content"
    );
    let listed = app.get("/api/v1/incoming", Some(&clerk)).await.text();
    assert!(!listed.contains("bảo vệ") && !listed.contains("5/KH-BCA"));
    let read = app
        .get(&format!("/api/v1/incoming/{id}"), Some(&leader))
        .await
        .json();
    assert_eq!(
        read["details"]["subject"],
        "Phương án bảo vệ khu vực dự trữ khoáng sản quốc gia"
    );
    let audit = app
        .get(
            "/api/v1/audit?entity_type=incoming",
            Some(&app.login("admin").await?),
        )
        .await
        .text();
    assert!(
        !audit.contains("bảo vệ"),
        "the audit log names the entry, not the content"
    );
    Ok(())
}

/// `n` chunks of 1 MiB, made as they are read.
fn futures_chunks(
    n: usize,
) -> impl futures::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + 'static {
    futures::stream::iter((0..n).map(|_| Ok(bytes::Bytes::from(vec![b'%'; 1 << 20]))))
}
