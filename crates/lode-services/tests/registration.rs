//! Businesses and citizens register themselves: field-level errors (the tax code's check digit,
//! a tax code registered already), an address with an account answered like a new one (its
//! holder told by mail), registrations throttled per address, the confirmation link mailed through a real SMTP server
//! (aiosmtpd on loopback), no sign-in before confirming, the link good once; on both backends.

mod common;

use axum::http::{Method, StatusCode};
use common::{SmtpServer, TestApp, decoded_text};
use lode_db::Backend;
use serde_json::json;

lode_db::on_both_backends!(businesses_register_and_confirm_their_address);

async fn businesses_register_and_confirm_their_address(b: Backend) -> anyhow::Result<()> {
    let app = common::mounted(b, false).await?;
    let smtp = SmtpServer::start().await?;
    let mailer = lode_web::mail::Mailer::new(
        &format!("smtp://127.0.0.1:{}", smtp.port),
        "lode <no-reply@dgm.example.vn>",
        "http://lode.test",
    )?;
    let registration = json!({
        "kind": "business",
        "email": "Phap.Che@KhoangSanBacBo.vn",
        "full_name": "Nguyễn Văn Pháp",
        "phone": "024 3826 1234",
        "password": "Mỏ-đá-vôi-2026!",
        "organisation_name": "Công ty CP Khoáng sản Bắc Bộ",
        "tax_code": "0100109106",
        "address": "Số 6 Phạm Ngũ Lão, Hoàn Kiếm, Hà Nội",
        "representative": "Trần Thị Đại Diện"
    });
    // a wrong check digit, a missing name: said field by field, nothing written
    let mut wrong = registration.clone();
    wrong["tax_code"] = json!("0100109107");
    wrong["organisation_name"] = json!("");
    let r = app.post("/api/v1/register", None, &wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let fields = r.field_codes();
    assert!(
        fields.contains(&"tax_code:tax_code_checksum".to_string())
            && fields.contains(&"organisation_name:required".to_string()),
        "{fields:?}"
    );
    let r = app.post("/api/v1/register", None, &registration).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["username"], "phap.che@khoangsanbacbo.vn");
    // the same business again: its tax code has an account
    let r = app.post("/api/v1/register", None, &registration).await;
    assert_eq!(r.field_codes(), ["tax_code:tax_code_taken"], "{}", r.text());
    // the same address as a citizen: answered as a new registration, nothing created, the
    // address's holder told
    let again = json!({
        "kind": "citizen", "email": "phap.che@khoangsanbacbo.vn", "full_name": "Kẻ Dò Tìm",
        "phone": "0912 345 678", "password": "Mot-mat-khau-khac-2026"
    });
    let r = app.post("/api/v1/register", None, &again).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["username"], "phap.che@khoangsanbacbo.vn");
    let (accounts,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM accounts WHERE username = 'phap.che@khoangsanbacbo.vn'",
    )
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!(accounts, 1);

    // not before the address is confirmed
    let login = json!({"username": "phap.che@khoangsanbacbo.vn", "password": "Mỏ-đá-vôi-2026!"});
    let r = app.post("/api/v1/session", None, &login).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert!(r.text().contains("confirm your e-mail"), "{}", r.text());
    // through the sign-in page: told in words where the link went; the link mailed a moment
    // ago is not sent again, one mailed an hour ago is (it may be lost), once, not on every try
    let page_says = |r: common::Resp| {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
        let page = r.text();
        assert!(
            page.contains("chưa được xác nhận")
                && page.contains("phap.che@khoangsanbacbo.vn")
                && page.contains("name=\"password\""),
            "{page}"
        );
    };
    page_says(sign_in_page(&app, "phap.che@khoangsanbacbo.vn", "Mỏ-đá-vôi-2026!").await);
    let an_hour_ago = lode_db::format_instant(
        chrono::Utc::now() + chrono::Duration::hours(lode_db::accounts::VERIFICATION_HOURS - 1),
    );
    sqlx::query("UPDATE email_verifications SET expires_at = $1")
        .bind(&an_hour_ago)
        .execute(app.state.db.pool())
        .await?;
    for _ in 0..2 {
        page_says(sign_in_page(&app, "phap.che@khoangsanbacbo.vn", "Mỏ-đá-vôi-2026!").await);
    }
    // a wrong password learns nothing of it
    let r = sign_in_page(&app, "phap.che@khoangsanbacbo.vn", "Sai-mat-khau-2026").await;
    assert!(!r.text().contains("chưa được xác nhận"), "{}", r.text());

    // the messages go out through the mail server, with the links
    assert_eq!(mailer.deliver_pending(&app.state.db).await?, 3);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 3);
    let texts = messages
        .iter()
        .map(|m| decoded_text(m))
        .collect::<Result<Vec<_>, _>>()?;
    assert!(
        texts.iter().any(|t| t.contains("đăng ký lại")),
        "the holder is told: {texts:?}"
    );
    let text = texts
        .iter()
        .find(|t| t.contains("Xác nhận địa chỉ thư điện tử"))
        .cloned()
        .unwrap_or_default();
    assert!(
        text.contains("phap.che@khoangsanbacbo.vn") || text.contains("Phap.Che"),
        "{text}"
    );
    assert!(text.contains("Xác nhận địa chỉ thư điện tử"), "{text}");
    let link = text
        .split_whitespace()
        .find(|w| w.contains("/dang-ky/xac-nhan/"))
        .ok_or_else(|| anyhow::anyhow!("no link in {text}"))?;
    let path = link.trim_start_matches("http://lode.test");
    // a forged token is refused; the mailed one confirms, once
    let r = app.get("/dang-ky/xac-nhan/00ff00ff", None).await;
    assert_eq!(r.status, StatusCode::GONE);
    let r = app.get(path, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("Đã xác nhận"), "{}", r.text());
    let r = app.get(path, None).await;
    assert_eq!(r.status, StatusCode::GONE, "a link works once");
    let r = app.post("/api/v1/session", None, &login).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // the password forgotten: asked for by the address, a link mailed, a new password set
    // through it, once; an unknown address is answered alike and gets nothing
    let ask = |who: &'static str| {
        let app = &app;
        async move {
            app.raw(
                Method::POST,
                "/quen-mat-khau",
                None,
                "application/x-www-form-urlencoded",
                format!("who={who}"),
            )
            .await
        }
    };
    let known = ask("PHAP.CHE%40khoangsanbacbo.vn").await;
    let unknown = ask("nobody%40example.vn").await;
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(
        common::visible_text(&known.text()),
        common::visible_text(&unknown.text()),
        "the answer does not tell who has an account"
    );
    assert_eq!(mailer.deliver_pending(&app.state.db).await?, 1);
    let mail = smtp
        .messages()
        .iter()
        .map(|m| decoded_text(m))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .find(|t| t.contains("/dat-lai-mat-khau/"))
        .unwrap_or_default();
    let reset = mail
        .split_whitespace()
        .find(|w| w.contains("/dat-lai-mat-khau/"))
        .ok_or_else(|| anyhow::anyhow!("no link in {mail}"))?
        .trim_start_matches("http://lode.test")
        .to_string();
    let form = app.get(&reset, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.text().contains("phap.che@khoangsanbacbo.vn"),
        "{}",
        form.text()
    );
    let set = |password: &'static str| {
        let (app, reset) = (&app, reset.clone());
        async move {
            app.raw(
                Method::POST,
                &reset,
                None,
                "application/x-www-form-urlencoded",
                format!("password={password}"),
            )
            .await
        }
    };
    // too short: said beside the field, the link still good
    let short = set("ngan").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.text().contains("class=\"field-error\""),
        "{}",
        short.text()
    );
    let done = set("Mat-khau-moi-2027").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(
        set("Mat-khau-khac-2027").await.status,
        StatusCode::GONE,
        "used once"
    );
    let old = app.post("/api/v1/session", None, &login).await;
    assert_eq!(
        old.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        old.text()
    );
    let new = json!({"username": "phap.che@khoangsanbacbo.vn", "password": "Mat-khau-moi-2027"});
    let r = app.post("/api/v1/session", None, &new).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // the page: the form, a field error on it, a citizen without a tax code
    let form = app.get("/dang-ky", None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("Mã số thuế") && !form.text().contains("⟨missing text⟩"));
    let body = "kind=business&email=x%40y.vn&full_name=A+B&password=Dai-mat-khau-2026&organisation_name=X&tax_code=123";
    let r = app
        .raw(
            Method::POST,
            "/dang-ky",
            None,
            "application/x-www-form-urlencoded",
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Mã số thuế gồm 10 chữ số"),
        "{}",
        r.text()
    );
    let body = "kind=citizen&email=cong.dan%40example.vn&full_name=L%C3%AA+V%C4%83n+D%C3%A2n&password=Dai-mat-khau-2026";
    let r = app
        .raw(
            Method::POST,
            "/dang-ky",
            None,
            "application/x-www-form-urlencoded",
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("cong.dan@example.vn"), "{}", r.text());

    // one address registers at most ten times an hour, whatever it sends
    let attempt = || {
        TestApp::request(
            Method::POST,
            "/api/v1/register",
            None,
            Some(&json!({"kind": "citizen", "email": "x", "full_name": "", "password": ""})),
        )
    };
    for _ in 0..lode_services::web::api::register::REGISTRATIONS_PER_ADDRESS {
        let r = app.send_from("10.7.7.7", attempt()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app.send_from("10.7.7.7", attempt()).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    let r = app.send_from("10.7.7.8", attempt()).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "another address"
    );
    Ok(())
}

/// The sign-in page's form sent as a browser sends it, with the token its page set.
async fn sign_in_page(app: &TestApp, username: &str, password: &str) -> common::Resp {
    let form = app.get("/login", None).await;
    let token = form
        .header("set-cookie")
        .split(';')
        .next()
        .and_then(|c| c.strip_prefix("lode_login_csrf="))
        .unwrap_or_default()
        .to_string();
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf", token.as_str()),
            ("username", username),
            ("password", password),
        ])
        .finish();
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(
            axum::http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(
            axum::http::header::COOKIE,
            format!("lode_login_csrf={token}"),
        )
        .body(axum::body::Body::from(body));
    match request {
        Ok(r) => app.send(r).await,
        Err(e) => panic!("a request: {e}"),
    }
}
