//! Input a person does not type but a hostile or careless client sends: NUL characters, text
//! in another Unicode form, dates of year 0 or filters that are not dates, a body the caller
//! may not send at all. Each is answered with a clear 4xx naming the field, on both engines,
//! and what the store holds is the same text whichever keyboard typed it.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    nul_characters_are_refused_by_field_even_anonymously,
    text_typed_decomposed_is_stored_and_found_composed,
    dates_and_periods_out_of_reason_are_refused,
    who_may_not_act_learns_it_before_the_body_is_read,
    answers_holding_documents_are_not_cached,
    uploads_are_what_they_claim_and_only_their_uploaders_use_them,
    behind_a_proxy_the_address_it_appends_is_believed,
    metrics_are_for_the_machine_and_administrators,
);

fn letter(sha: &str, issuer: &str, notation: &str) -> Value {
    json!({
        "channel": "electronic", "issuer": issuer, "notation": notation,
        "document_date": lode_db::today().to_string(), "type_code": "CV",
        "subject": "V/v báo cáo sản lượng khai thác", "file_sha256": sha,
    })
}

async fn nul_characters_are_refused_by_field_even_anonymously(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    // signing in, before anyone is known
    let r = app
        .post(
            "/api/v1/session",
            None,
            &json!({"username": "van\u{0}thu", "password": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.field_codes(), ["username:control_chars"]);
    // the public tracking page and the catalogue search, anonymous
    for path in [
        "/tra-cuu?code=%00&phone=1",
        "/dich-vu-cong?q=gi%E1%BA%A5y%00",
    ] {
        let r = app.get(path, None).await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
    }
    // a search by a clerk, on the page and in the API
    let s = app.login("vanthu").await?;
    let page = app.get("/incoming?q=abc%00", Some(&s)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().contains("ký tự"), "{}", page.text());
    let api = app.get("/api/v1/incoming?q=abc%00", Some(&s)).await;
    assert_eq!(api.field_codes(), ["q:control_chars"]);
    // a registration with a NUL in a nested field writes nothing
    let sha = app.upload_pdf(&s, "nul").await?;
    let head = app.audit_head().await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&s),
            &letter(&sha, "Bộ Nông nghiệp\u{0}", "1/BNNMT-ĐCKS"),
        )
        .await;
    assert_eq!(r.field_codes(), ["issuer:control_chars"]);
    assert_eq!(app.audit_head().await?, head);
    Ok(())
}

async fn text_typed_decomposed_is_stored_and_found_composed(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("vanthu").await?;
    let composed = "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh";
    let decomposed: String = unicode_decompose(composed);
    assert_ne!(composed, decomposed);
    let sha = app.upload_pdf(&s, "nfd").await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&s),
            &letter(&sha, &decomposed, "7/SNNMT-KS"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["details"]["issuer"], composed, "stored composed");
    // the exact filter finds it whichever form the filter is typed in
    for issuer in [composed, decomposed.as_str()] {
        let q: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("issuer", issuer)
            .finish();
        let list = app.get(&format!("/api/v1/incoming?{q}"), Some(&s)).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.text());
        assert_eq!(
            list.json()["items"].as_array().map(Vec::len),
            Some(1),
            "{}",
            list.text()
        );
    }
    Ok(())
}

/// Unicode NFD of Vietnamese text, as some keyboards type it.
fn unicode_decompose(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

async fn dates_and_periods_out_of_reason_are_refused(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("vanthu").await?;
    for q in [
        "from=%27%20OR%201%3D1%20--",
        "to=2026-13-01",
        "from=0000-01-01",
    ] {
        let r = app.get(&format!("/api/v1/incoming?{q}"), Some(&s)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {}",
            r.text()
        );
        assert_eq!(r.field_codes().len(), 1, "{q}");
    }
    // a form's "any" choices send empty values: they mean any, on the page and in the API
    for path in [
        "/incoming?register=&year=&lead_unit_id=&handler_id=&status=&q=",
        "/api/v1/incoming?lead_unit_id=&handler_id=&year=",
        "/dossiers?year=",
    ] {
        let r = app.get(path, Some(&s)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
    }
    let admin = app.login("admin").await?;
    let r = app
        .get("/api/v1/audit?from=%27%20OR%201%3D1%20--", Some(&admin))
        .await;
    assert_eq!(r.field_codes(), ["from:invalid_date"]);
    let sha = app.upload_pdf(&s, "dates").await?;
    let head = app.audit_head().await?;
    let mut year_zero = letter(&sha, "Bộ Tài chính", "2/BTC-QLCS");
    year_zero["document_date"] = json!("0000-01-01");
    let r = app.post("/api/v1/incoming", Some(&s), &year_zero).await;
    assert_eq!(r.field_codes(), ["document_date:date_out_of_range"]);
    let mut negative = letter(&sha, "Bộ Tài chính", "2/BTC-QLCS");
    negative["document_date"] = json!("-0001-01-01");
    let r = app.post("/api/v1/incoming", Some(&s), &negative).await;
    assert_eq!(r.field_codes(), ["document_date:invalid_date"]);
    // received in 1900: no register is opened for it
    for day in ["1900-01-01", "2020-06-01"] {
        let mut old = letter(&sha, "Bộ Tài chính", "2/BTC-QLCS");
        old["received_on"] = json!(day);
        old["document_date"] = json!(day);
        let r = app.post("/api/v1/incoming", Some(&s), &old).await;
        assert_eq!(r.field_codes(), ["received_on:too_old"], "{day}");
    }
    assert_eq!(app.audit_head().await?, head, "nothing written");
    Ok(())
}

async fn who_may_not_act_learns_it_before_the_body_is_read(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let specialist = app.login("hvkien").await?;
    let business = app.login("minhphat").await?;
    for (who, path, body) in [
        (&specialist, "/api/v1/units", json!({"name": 5})),
        (&specialist, "/api/v1/people", json!({"unknown": true})),
        (&specialist, "/api/v1/incoming", json!({"subject": []})),
        (&business, "/api/v1/incoming", json!("not an object")),
    ] {
        let r = app.post(path, Some(who), &body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.text());
    }
    // the same malformed body from someone who may is told what is wrong with it
    let admin = app.login("admin").await?;
    let r = app
        .post("/api/v1/units", Some(&admin), &json!({"name": 5}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    Ok(())
}

async fn answers_holding_documents_are_not_cached(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("vanthu").await?;
    let sha = app.upload_pdf(&s, "Cong van mat").await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&s),
            &serde_json::json!({
                "received_on": lode_db::today().to_string(), "channel": "electronic",
                "issuer": "Bộ Công Thương", "notation": "77/BCT-KHCN", "type_code": "CV",
                "document_date": lode_db::today().to_string(),
                "subject": "Góp ý dự thảo", "file_sha256": sha
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let page = format!("/incoming/{id}");
    let json = format!("/api/v1/incoming/{id}");
    let file = format!("/api/v1/incoming/{id}/file");
    let people = format!("/api/v1/people/{}", app.ids.clerk);
    for path in [
        "/incoming",
        "/api/v1/incoming",
        "/api/v1/me",
        &page,
        &json,
        &file,
        &people,
    ] {
        let r = app.get(path, Some(&s)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.header("cache-control").contains("no-store"), "{path}");
        assert!(
            r.header("x-request-id").len() >= 8,
            "{path}: {:?}",
            r.headers
        );
        assert_eq!(
            r.header("strict-transport-security"),
            "",
            "plain HTTP: no HSTS"
        );
    }
    // refusals too: what is not there, and what is not the caller's
    for (path, who) in [
        ("/api/v1/incoming/999999", Some(&s)),
        ("/api/v1/incoming", None),
    ] {
        let r = app.get(path, who).await;
        assert!(r.status.is_client_error(), "{path}");
        assert_eq!(r.header("cache-control"), "no-store", "{path}");
        assert!(
            r.header("x-request-id").len() >= 8,
            "{path}: {:?}",
            r.headers
        );
    }
    // the stylesheet may be kept
    let css = app.get("/static/app.css", None).await;
    assert!(css.header("cache-control").contains("max-age"));
    // behind TLS (a public address in https), the browser is told to keep to TLS
    let mut state_config = app.state.config.clone();
    state_config.public_url = "https://edoc.dgmv.gov.vn".into();
    let tls = TestApp::with_config(b, state_config).await?;
    let r = tls.get("/login", None).await;
    assert!(
        r.header("strict-transport-security").contains("max-age="),
        "{:?}",
        r.headers
    );
    Ok(())
}

async fn uploads_are_what_they_claim_and_only_their_uploaders_use_them(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let pdf = lode_db::demo::sample_pdf(&["Cong van"]);
    // polyglots: an HTML page and a program that are also PDFs, a PDF with markup up front
    let mut html = b"<!DOCTYPE html><html><script>alert(1)</script>".to_vec();
    html.extend_from_slice(&pdf);
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    exe.extend_from_slice(&pdf);
    let mut marked = b"%PDF-1.7\n<html><body>".to_vec();
    marked.extend_from_slice(&pdf[9..]);
    for (what, body) in [("html", html), ("exe", exe), ("markup", marked)] {
        let r = app
            .raw(
                axum::http::Method::POST,
                "/api/v1/files",
                Some(&clerk),
                "application/pdf",
                body,
            )
            .await;
        assert_eq!(r.field_codes(), ["body:not_a_pdf"], "{what}: {}", r.text());
    }
    // a file's hash is no key to it: another clerk's upload cannot be registered by a
    // specialist of the federation who learnt its hash, nor attached by another clerk
    let sha = app.upload_pdf(&clerk, "Tai lieu mat").await?;
    let fed_clerk = app
        .staff("lthanh", "Lê Thị Thanh", app.ids.north, &["clerk"])
        .await?;
    let head = app.audit_head().await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&fed_clerk),
            &letter(&sha, "Bộ Quốc phòng", "9/BQP-TM"),
        )
        .await;
    assert_eq!(r.field_codes(), ["file_sha256:not_found"], "{}", r.text());
    assert_eq!(app.audit_head().await?, head);
    // once she uploads the same bytes herself, she may
    let again = app.upload_pdf(&fed_clerk, "Tai lieu mat").await?;
    assert_eq!(again, sha);
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&fed_clerk),
            &letter(&sha, "Bộ Quốc phòng", "9/BQP-TM"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    Ok(())
}

/// Behind a trusted proxy the client's address is the one the proxy appended to
/// `X-Forwarded-For`, not the first, which the client writes itself: the throttle counts it and
/// the audit log records it. Without `--trust-proxy` the header is ignored.
async fn behind_a_proxy_the_address_it_appends_is_believed(b: Backend) -> anyhow::Result<()> {
    let plain = TestApp::new(b).await?;
    let mut config = plain.state.config.clone();
    config.trust_proxy = true;
    let app = TestApp::with_config(b, config).await?;
    let wrong = |username: &str, forwarded: &str| {
        axum::http::Request::post("/api/v1/session")
            .header("content-type", "application/json")
            .header("x-forwarded-for", forwarded)
            .body(axum::body::Body::from(
                json!({"username": username, "password": "sai mật khẩu"}).to_string(),
            ))
            .unwrap_or_default()
    };
    // a client that invents an address for each attempt: the proxy's entry is the same each
    // time, so the throttle (20 from one address) still stops it
    let mut refused = 0;
    for n in 0..25 {
        let r = app
            .send_from(
                "127.0.0.1",
                wrong(&format!("khach{n}"), &format!("1.2.3.{n}, 203.0.113.7")),
            )
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert!(refused >= 5, "{refused} refused");
    let addresses: Vec<(Option<String>,)> =
        sqlx::query_as("SELECT DISTINCT ip FROM audit_log WHERE action = 'session.login_failed'")
            .fetch_all(app.state.db.pool())
            .await?;
    assert_eq!(addresses, [(Some("203.0.113.7".to_string()),)]);
    // without a trusted proxy the header is the client's word and is not believed
    plain
        .send_from("127.0.0.1", wrong("khach", "203.0.113.9"))
        .await;
    let (ip,): (Option<String>,) = sqlx::query_as(
        "SELECT ip FROM audit_log WHERE action = 'session.login_failed' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(plain.state.db.pool())
    .await?;
    assert_eq!(ip.as_deref(), Some("127.0.0.1"));
    Ok(())
}

/// `/metrics` tells which routes are used and how often sign-ins fail: the machine itself and
/// administrators read it, nobody else, and a request through a proxy is never the machine's.
async fn metrics_are_for_the_machine_and_administrators(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let specialist = app.login("hvkien").await?;
    let admin = app.login("admin").await?;
    let scrape = |forwarded: Option<&str>| {
        let mut r = axum::http::Request::get("/metrics");
        if let Some(f) = forwarded {
            r = r.header("x-forwarded-for", f);
        }
        r.body(axum::body::Body::empty()).unwrap_or_default()
    };
    // from elsewhere: refused, also to a specialist
    assert_eq!(app.send(scrape(None)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/metrics", Some(&specialist)).await.status,
        StatusCode::FORBIDDEN
    );
    // from the machine itself, but through a proxy: refused
    assert_eq!(
        app.send_from("127.0.0.1", scrape(Some("198.51.100.4")))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // the machine, and an administrator from anywhere
    let local = app.send_from("127.0.0.1", scrape(None)).await;
    assert_eq!(local.status, StatusCode::OK);
    assert!(
        local.text().contains("lode_http_requests_total"),
        "{}",
        local.text()
    );
    assert_eq!(
        app.get("/metrics", Some(&admin)).await.status,
        StatusCode::OK
    );
    Ok(())
}
