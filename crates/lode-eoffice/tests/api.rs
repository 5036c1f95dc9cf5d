//! API tests: every one runs on a fresh SQLite file and on a fresh PostgreSQL database.

mod common;

use axum::http::{Method, StatusCode};
use common::{PASSWORD, TestApp};
use lode_db::Backend;
use lode_db::testkit::TINY_PNG as PNG;
use serde_json::json;

lode_db::on_both_backends!(
    login_sets_a_safe_cookie_and_logout_ends_the_session,
    an_account_signs_in_by_its_e_mail_address_when_no_other_shares_it,
    repeated_failures_are_throttled_per_account_and_per_address,
    state_changes_need_the_csrf_token,
    an_expired_session_is_refused,
    units_are_created_renamed_moved_and_closed,
    bad_unit_input_is_refused_field_by_field_and_writes_nothing,
    permissions_follow_role_unit_and_kind,
    people_are_listed_by_scope_and_searched_without_diacritics,
    api_tokens_work_without_csrf_and_stop_when_revoked,
    api_tokens_end_at_their_term_and_with_the_password,
    a_new_person_must_change_the_first_password,
    a_refused_edit_of_a_person_keeps_what_was_typed,
    work_in_hand_is_said_before_a_person_leaves_or_moves,
    signature_images_are_checked_stored_and_served,
    every_change_is_audited_with_who_and_where,
    pages_render_in_both_languages,
    every_documented_operation_is_routed,
);

async fn login_sets_a_safe_cookie_and_logout_ends_the_session(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let r = app
        .post(
            "/api/v1/session",
            None,
            &json!({"username": "ADMIN", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let cookie = r.header("set-cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing from {cookie}");
    }
    assert_eq!(r.json()["account"]["username"], "admin");
    assert!(
        r.json()["account"].get("password_hash").is_none(),
        "the hash must never leave"
    );
    let s = app.login("admin").await?;
    assert_eq!(
        app.get("/api/v1/me", Some(&s)).await.json()["full_name"],
        "Lê Minh Quân"
    );
    // the holder sees their sessions and can end the others
    let other = app.login("admin").await?;
    let live = app.get("/api/v1/me/sessions", Some(&s)).await.json();
    let live = live.as_array().cloned().unwrap_or_default();
    assert_eq!(live.len(), 3);
    assert_eq!(live.iter().filter(|x| x["current"] == true).count(), 1);
    assert!(live.iter().all(|x| x["ip"] == "10.0.0.1"));
    let r = app
        .send(TestApp::request(
            Method::DELETE,
            "/api/v1/me/sessions",
            Some(&s),
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", Some(&other)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me/sessions", Some(&s))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let out = app
        .send(TestApp::request(
            Method::DELETE,
            "/api/v1/session",
            Some(&s),
            None,
        ))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let after = app.get("/api/v1/me", Some(&s)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.header("content-type"), "application/problem+json");
    assert_eq!(after.json()["type"], "urn:lode:problem:unauthenticated");
    // a page asked with the dead cookie goes to the login page
    let page = app.get("/org", Some(&s)).await;
    assert_eq!(
        (page.status, page.header("location").as_str()),
        (StatusCode::SEE_OTHER, "/login?next=%2Forg")
    );
    Ok(())
}

/// The device cookie a sign-in set.
fn device_cookie(r: &common::Resp) -> String {
    r.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("lode_device="))
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_string()
}

async fn repeated_failures_are_throttled_per_account_and_per_address(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let attempt = |user: &str, pass: &str, device: Option<&str>| {
        let mut r = TestApp::request(
            Method::POST,
            "/api/v1/session",
            None,
            Some(&json!({"username": user, "password": pass})),
        );
        if let Some(d) = device
            && let Ok(v) = format!("lode_device={d}").parse()
        {
            r.headers_mut().insert(axum::http::header::COOKIE, v);
        }
        r
    };
    // the clerk signed in from her own browser before: it is known to her account
    let first = app
        .send_from("10.5.5.5", attempt("vanthu", PASSWORD, None))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let device = device_cookie(&first);
    assert!(!device.is_empty(), "no device cookie");
    // someone guesses her password from elsewhere
    for _ in 0..lode_db::sessions::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
        let r = app
            .send_from("10.1.1.1", attempt("vanthu", "wrong password 1", None))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // a burst of guesses sent at once for another account: five are judged, the rest refused
    let burst: Vec<_> = (0..20)
        .map(|_| app.send_from("10.4.4.4", attempt("ntkhanh", "wrong password 2", None)))
        .collect();
    let statuses: Vec<StatusCode> = futures::future::join_all(burst)
        .await
        .into_iter()
        .map(|r| r.status)
        .collect();
    let judged = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count() as i64;
    assert_eq!(
        judged,
        lode_db::sessions::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        "{statuses:?}"
    );
    // the guesser is refused, even with the right password, and knocking on does not extend
    // the lock (nothing more is recorded)
    let before = app.audit_head().await?;
    for _ in 0..10 {
        let r = app
            .send_from("10.1.1.1", attempt("vanthu", PASSWORD, None))
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    }
    assert_eq!(app.audit_head().await?, before, "refused attempts recorded");
    // she signs in from her browser, behind the same address or another
    for ip in ["10.1.1.1", "10.5.5.5"] {
        let r = app
            .send_from(ip, attempt("vanthu", PASSWORD, Some(&device)))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{ip}: {}", r.text());
    }
    // and from a new browser at another address
    assert_eq!(
        app.send_from("10.9.9.9", attempt("vanthu", PASSWORD, None))
            .await
            .status,
        StatusCode::OK
    );
    // a device cookie of hers does not help with another account
    for _ in 0..lode_db::sessions::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
        app.send_from("10.1.1.1", attempt("admin", "wrong password 1", None))
            .await;
    }
    assert_eq!(
        app.send_from("10.1.1.1", attempt("admin", PASSWORD, Some(&device)))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // one address guessing many accounts is stopped for browsers the accounts do not know,
    // not for the office's people in their own browsers
    let kien = app
        .send_from("10.2.2.2", attempt("hvkien", PASSWORD, None))
        .await;
    let kien_device = device_cookie(&kien);
    for i in 0..lode_db::sessions::MAX_FAILURES_PER_ADDRESS {
        app.send_from("10.2.2.2", attempt(&format!("nobody{i}"), "x", None))
            .await;
    }
    assert_eq!(
        app.send_from("10.2.2.2", attempt("tvhung", PASSWORD, None))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        app.send_from("10.2.2.2", attempt("hvkien", PASSWORD, Some(&kien_device)))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.send_from("10.3.3.3", attempt("tvhung", PASSWORD, None))
            .await
            .status,
        StatusCode::OK
    );
    // a known browser that guesses is refused in its turn
    for _ in 0..lode_db::sessions::MAX_FAILURES_PER_DEVICE {
        app.send_from(
            "10.2.2.2",
            attempt("hvkien", "wrong password 1", Some(&kien_device)),
        )
        .await;
    }
    assert_eq!(
        app.send_from("10.2.2.2", attempt("hvkien", PASSWORD, Some(&kien_device)))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // failures are in the audit log with the address
    let s = app.login("admin").await?;
    let log = app
        .get(
            "/api/v1/audit?action=session.login_failed&limit=200",
            Some(&s),
        )
        .await
        .json();
    let items = log["items"].as_array().cloned().unwrap_or_default();
    assert!(items.iter().any(|e| e["ip"] == "10.2.2.2"));
    Ok(())
}

async fn state_changes_need_the_csrf_token(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("admin").await?;
    let before = app.audit_head().await?;
    let unit = json!({"parent_id": app.ids.office, "org_id": "001.01.27.G12", "name": "Tổ Văn thư", "abbreviation": "VT", "kind": "team"});
    for forged in ["", "not-the-token"] {
        let mut req = TestApp::request(Method::POST, "/api/v1/units", None, Some(&unit));
        req.headers_mut().insert("cookie", s.cookie.parse()?);
        if !forged.is_empty() {
            req.headers_mut().insert("x-csrf-token", forged.parse()?);
        }
        let r = app.send(req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
        assert_eq!(r.json()["type"], "urn:lode:problem:csrf");
    }
    // a plain HTML form with a forged token is refused the same way
    let form = app
        .raw(
            Method::POST,
            "/org/new",
            None,
            "application/x-www-form-urlencoded",
            "",
        )
        .await;
    assert_eq!(
        form.status,
        StatusCode::SEE_OTHER,
        "no session: to the login page"
    );
    let mut req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/org/new")
        .header("cookie", &s.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(
            "csrf=forged&name=X&abbreviation=X&org_id=001.01.27.G12&kind=team",
        ))?;
    let r = app.send(std::mem::take(&mut req)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.audit_head().await?, before, "nothing may be written");
    // with the token in the form it goes through
    let body = format!(
        "csrf={}&parent_id={}&name=T%E1%BB%95+V%C4%83n+th%C6%B0&abbreviation=VT&org_id=001.01.27.G12&kind=team",
        s.csrf, app.ids.office
    );
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/org/new")
        .header("cookie", &s.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))?;
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let tree = app.get("/api/v1/units", Some(&s)).await.json();
    assert!(
        tree.as_array()
            .is_some_and(|a| a.iter().any(|u| u["name"] == "Tổ Văn thư"))
    );
    Ok(())
}

async fn an_expired_session_is_refused(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("admin").await?;
    sqlx::query("UPDATE sessions SET expires_at = '2020-01-01T00:00:00.000000Z'")
        .execute(app.state.db.pool())
        .await?;
    let r = app.get("/api/v1/me", Some(&s)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        r.header("set-cookie").contains("Max-Age=0"),
        "the dead cookie is cleared"
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
        .fetch_one(app.state.db.pool())
        .await?;
    assert_eq!(n, 0, "the expired session is deleted");
    Ok(())
}

async fn units_are_created_renamed_moved_and_closed(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("admin").await?;
    let r = app.post("/api/v1/units", Some(&s), &json!({"parent_id": app.ids.south, "org_id": "001.12.27.G12", "name": "Đoàn Địa chất Đông Nam Bộ", "abbreviation": "ĐNB", "kind": "team"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    assert_eq!(r.json()["depth"], 3);
    // its page: its level in words, its history naming the unit above by name
    let (south,): (String,) = sqlx::query_as("SELECT name FROM units WHERE id = $1")
        .bind(app.ids.south)
        .fetch_one(app.state.db.pool())
        .await?;
    let page = common::visible_text(&app.get(&format!("/org/{id}"), Some(&s)).await.text())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(page.contains("Cấp trong cơ cấu Cấp 3"), "{page}");
    assert!(page.contains(&format!("Đơn vị cấp trên {south}")), "{page}");
    let r = app
        .patch(
            &format!("/api/v1/units/{id}"),
            Some(&s),
            &json!({"name": "Đoàn Địa chất Nam Bộ", "version": 1}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["version"].as_i64()),
        (StatusCode::OK, Some(2)),
        "{}",
        r.text()
    );
    let stale = app
        .patch(
            &format!("/api/v1/units/{id}"),
            Some(&s),
            &json!({"name": "X", "version": 1}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let r = app
        .post(
            &format!("/api/v1/units/{id}/move"),
            Some(&s),
            &json!({"parent_id": app.ids.north}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["parent_id"].as_i64()),
        (StatusCode::OK, Some(app.ids.north)),
        "{}",
        r.text()
    );
    // the department cannot be closed, a federation with teams neither
    assert_eq!(
        app.post(
            &format!("/api/v1/units/{}/close", app.ids.north),
            Some(&s),
            &json!({})
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    // from the page: the box confirming it ticked first; a federation with people and units
    // under it is refused with the reason in words
    let north = format!("/org/{}/close", app.ids.north);
    let r = app.form(&s, &north, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("Hãy đánh dấu ô xác nhận"), "{}", r.text());
    let r = app.form(&s, &north, &[("confirm", "1")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert!(
        r.text()
            .contains("Đơn vị còn đơn vị trực thuộc đang hoạt động"),
        "{}",
        r.text()
    );
    let r = app
        .post(&format!("/api/v1/units/{id}/close"), Some(&s), &json!({}))
        .await;
    assert_eq!(
        (r.status, r.json()["status"].as_str()),
        (StatusCode::OK, Some("closed"))
    );
    let hist = app
        .get(&format!("/api/v1/units/{id}/history"), Some(&s))
        .await
        .json();
    assert_eq!(
        hist.as_array().map(Vec::len),
        Some(4),
        "created, renamed, moved, closed: {hist}"
    );
    // its page says what was done and its history in the badge's words
    let page = common::visible_text(
        &app.get(&format!("/org/{id}?done=closed"), Some(&s))
            .await
            .text(),
    );
    assert!(page.contains("Đã giải thể đơn vị."), "{page}");
    let page = page.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        page.contains("Tình trạng đơn vị: Đang hoạt động → Đã giải thể"),
        "{page}"
    );
    // closed units stay listed, never deleted
    let all = app.get("/api/v1/units", Some(&s)).await.json();
    assert!(
        all.as_array()
            .is_some_and(|a| a.iter().any(|u| u["id"] == id && u["status"] == "closed"))
    );
    assert_eq!(
        app.send(TestApp::request(
            Method::DELETE,
            &format!("/api/v1/units/{id}"),
            Some(&s),
            None
        ))
        .await
        .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    Ok(())
}

async fn bad_unit_input_is_refused_field_by_field_and_writes_nothing(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("admin").await?;
    let before = app.audit_head().await?;
    let post_raw = |body: &'static str| {
        app.raw(
            Method::POST,
            "/api/v1/units",
            Some(&s),
            "application/json",
            body,
        )
    };
    let r = post_raw("{\"name\": ").await;
    assert_eq!(
        (r.status, r.header("content-type").as_str()),
        (StatusCode::BAD_REQUEST, "application/problem+json")
    );
    let r = post_raw("{\"parent_id\": \"two\", \"org_id\": \"000.02.27.G12\", \"name\": \"A\", \"abbreviation\": \"A\", \"kind\": \"team\"}").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.field_codes().iter().any(|c| c.starts_with("parent_id:")),
        "{:?}",
        r.field_codes()
    );
    let r = post_raw("{\"parent_id\": 1, \"org_id\": \"000.02.27.G12\", \"name\": \"A\", \"abbreviation\": \"A\", \"kind\": \"team\", \"admin\": true}").await;
    assert_eq!(
        (r.status, r.field_codes()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["admin:unknown_field".to_string()]
        )
    );
    let r = app
        .raw(Method::POST, "/api/v1/units", Some(&s), "text/plain", "{}")
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = app.post("/api/v1/units", Some(&s), &json!({"parent_id": app.ids.dept, "org_id": "ĐCKS-01", "name": "Đ".repeat(201), "abbreviation": "A B", "kind": "castle"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut codes = r.field_codes();
    codes.sort();
    assert_eq!(
        codes,
        vec![
            "abbreviation:invalid_abbreviation",
            "kind:invalid_choice",
            "name:too_long",
            "org_id:invalid_org_id"
        ]
    );
    // a fifth level is refused; the id of another unit is refused
    let r = app.post("/api/v1/units", Some(&s), &json!({"parent_id": app.ids.north_team, "org_id": "001.10.27.G12", "name": "Tổ", "abbreviation": "T", "kind": "team"})).await;
    assert_eq!(r.field_codes(), vec!["org_id:taken".to_string()]);
    // malformed ids in the path are simply not found
    assert_eq!(
        app.get("/api/v1/units/abc", Some(&s)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/units/99999", Some(&s)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/people?limit=x", Some(&s)).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(app.audit_head().await?, before, "nothing may be written");
    Ok(())
}

async fn permissions_follow_role_unit_and_kind(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let specialist = app.login("hvkien").await?;
    let leader = app.login("vvhai").await?;
    let business = app.login("minhphat").await?;
    let clerk = app.login("vanthu").await?;
    let new_unit = json!({"parent_id": app.ids.dept, "org_id": "000.20.27.G12", "name": "X", "abbreviation": "X", "kind": "office"});
    for who in [&specialist, &leader, &clerk] {
        assert_eq!(
            app.post("/api/v1/units", Some(who), &new_unit).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/api/v1/audit", Some(who)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/audit", Some(who)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/org/new", Some(who)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/people/new", Some(who)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    // a new person's unit is chosen, never the agency by default
    let admin = app.login("admin").await?;
    let form = app.get("/people/new", Some(&admin)).await.text();
    assert!(
        form.contains("<select id=\"unit_id\" name=\"unit_id\" required><option value=\"\">"),
        "{form}"
    );
    // sent empty: every field at fault said at once, the unit with the rest, each as left
    // empty rather than too short
    let empty = app.form(&admin, "/people/new", &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said = common::visible_text(&empty.text());
    for wanted in ["Đơn vị", "Tên đăng nhập", "Họ và tên", "Mật khẩu"] {
        assert!(said.contains(wanted), "{wanted}: {said}");
    }
    assert!(!said.contains("Quá ngắn"), "{said}");
    // the leader of the northern federation sees its team, not the south
    let north_person = format!("/api/v1/people/{}", app.ids.north_specialist);
    let south_person = format!("/api/v1/people/{}", app.ids.south_specialist);
    assert_eq!(
        app.get(&north_person, Some(&leader)).await.status,
        StatusCode::OK
    );
    let hidden = app.get(&south_person, Some(&leader)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert!(!hidden.text().contains("Kiều"), "nothing leaks");
    assert_eq!(
        app.get(
            &format!("/people/{}", app.ids.south_specialist),
            Some(&leader)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/people/{}/signature", app.ids.south_specialist),
            Some(&leader)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // the clerk routes across the department and sees everybody
    assert_eq!(
        app.get(&south_person, Some(&clerk)).await.status,
        StatusCode::OK
    );
    // a specialist sees themself
    assert_eq!(
        app.get(&north_person, Some(&specialist)).await.status,
        StatusCode::OK
    );
    // businesses see none of the inside
    for path in [
        "/api/v1/units",
        "/api/v1/people",
        "/api/v1/work",
        "/org",
        "/people",
    ] {
        assert_eq!(
            app.get(path, Some(&business)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        app.get("/api/v1/me", Some(&business)).await.status,
        StatusCode::OK
    );
    assert_eq!(app.get("/", Some(&business)).await.status, StatusCode::OK);
    // and their record is not in the staff directory of a clerk
    assert_eq!(
        app.get(
            &format!("/api/v1/people/{}", app.ids.business),
            Some(&clerk)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/v1/people?kind=business", Some(&clerk))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // nobody signed in: 401 for the API, the login page for pages
    assert_eq!(
        app.get("/api/v1/units", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/people?q=an", None).await.header("location"),
        "/login?next=%2Fpeople%3Fq%3Dan"
    );
    Ok(())
}

async fn people_are_listed_by_scope_and_searched_without_diacritics(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let admin = app.login("admin").await?;
    let leader = app.login("vvhai").await?;
    let names = |v: serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["username"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        names(app.get("/api/v1/people", Some(&leader)).await.json()),
        vec!["vvhai", "hvkien"]
    );
    assert_eq!(
        names(
            app.get("/api/v1/people?q=duong%20thi%20kieu", Some(&admin))
                .await
                .json()
        ),
        vec!["dtkieu"]
    );
    // the words of a name in any order, each a part of it
    assert_eq!(
        names(
            app.get("/api/v1/people?q=kieu%20duong", Some(&admin))
                .await
                .json()
        ),
        vec!["dtkieu"]
    );
    assert!(
        names(
            app.get("/api/v1/people?q=kieu%20nguyen", Some(&admin))
                .await
                .json()
        )
        .is_empty(),
        "every word must match"
    );
    assert_eq!(
        names(
            app.get("/api/v1/people?q=KI%E1%BB%80U", Some(&admin))
                .await
                .json()
        ),
        vec!["dtkieu"]
    );
    assert_eq!(
        names(
            app.get("/api/v1/people?role=clerk", Some(&admin))
                .await
                .json()
        ),
        vec!["vanthu"]
    );
    assert_eq!(
        names(
            app.get(
                &format!("/api/v1/people?unit_id={}", app.ids.north),
                Some(&admin)
            )
            .await
            .json()
        ),
        vec!["vvhai", "hvkien"]
    );
    // pages of two, by key
    let first = app.get("/api/v1/people?limit=2", Some(&admin)).await.json();
    assert_eq!(names(first.clone()).len(), 2);
    let next = first["next"].as_i64().unwrap_or_default();
    let second = app
        .get(
            &format!("/api/v1/people?limit=2&after={next}"),
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(names(second.clone()).len(), 2);
    assert!(
        names(second)
            .iter()
            .all(|n| !names(first.clone()).contains(n))
    );
    // an administrator adds a person
    let r = app.post("/api/v1/people", Some(&admin), &json!({
        "username": "nthuyen", "full_name": "Nguyễn Thị Huyền", "unit_id": app.ids.north_team, "position": "Kỹ sư",
        "roles": ["specialist"], "clearance": "confidential", "password": "Địa chất 2026!", "email": "nthuyen@dcks.example.vn"
    })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["must_change_password"], true);
    let dup = app.post("/api/v1/people", Some(&admin), &json!({"username": "NTHUYEN", "full_name": "X", "unit_id": app.ids.north, "roles": ["specialist"], "password": "Địa chất 2026!"})).await;
    assert_eq!(dup.field_codes(), vec!["username:taken".to_string()]);
    // a name and a password both wrong: both said at once
    let both = app.post("/api/v1/people", Some(&admin), &json!({"username": "x y", "full_name": "X", "unit_id": app.ids.north, "password": "short"})).await;
    let codes = both.field_codes();
    assert!(
        codes.iter().any(|c| c.starts_with("username:"))
            && codes.contains(&"password:too_short".to_string()),
        "{codes:?}"
    );
    let r = app.post("/api/v1/accounts", Some(&admin), &json!({"kind": "business", "username": "dahoabinh", "full_name": "Quách Thị Hòa", "email": "x@dahoabinh.vn", "organisation_name": "Công ty TNHH Đá Hòa Bình", "tax_code": "0102345678", "password": "Địa chất 2026!"})).await;
    assert_eq!(
        r.field_codes(),
        vec!["tax_code:tax_code_checksum".to_string()]
    );
    Ok(())
}

async fn api_tokens_work_without_csrf_and_stop_when_revoked(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("admin").await?;
    let r = app
        .post(
            "/api/v1/me/tokens",
            Some(&s),
            &json!({"name": "đồng bộ nhân sự"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap_or_default().to_string();
    let id = r.json()["details"]["id"].as_i64().unwrap_or_default();
    let with_token = |method: Method, path: &str, body: Option<serde_json::Value>| {
        let mut req = TestApp::request(method, path, None, body.as_ref());
        req.headers_mut().insert(
            "authorization",
            format!("Bearer {token}")
                .parse()
                .unwrap_or_else(|_| axum::http::HeaderValue::from_static("")),
        );
        req
    };
    let r = app.send(with_token(Method::POST, "/api/v1/units", Some(json!({"parent_id": app.ids.dept, "org_id": "000.30.27.G12", "name": "Trung tâm Kiểm định", "abbreviation": "KĐ", "kind": "centre"})))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let listed = app.get("/api/v1/me/tokens", Some(&s)).await.json();
    assert!(
        listed.to_string().find(&token).is_none(),
        "secrets are never listed"
    );
    let r = app
        .send(TestApp::request(
            Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            Some(&s),
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.send(with_token(Method::GET, "/api/v1/me", None))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // someone else's token cannot be revoked
    let other = app.login("vanthu").await?;
    let r = app
        .post("/api/v1/me/tokens", Some(&other), &json!({"name": "x"}))
        .await;
    let other_id = r.json()["details"]["id"].as_i64().unwrap_or_default();
    assert_eq!(
        app.send(TestApp::request(
            Method::DELETE,
            &format!("/api/v1/me/tokens/{other_id}"),
            Some(&s),
            None
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    Ok(())
}

async fn api_tokens_end_at_their_term_and_with_the_password(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("vanthu").await?;
    let issue = |days: serde_json::Value| {
        TestApp::request(
            Method::POST,
            "/api/v1/me/tokens",
            Some(&s),
            Some(&json!({"name": "máy quét", "expires_in_days": days})),
        )
    };
    for bad in [json!(0), json!(367), json!(-5)] {
        assert_eq!(
            app.send(issue(bad)).await.field_codes(),
            ["expires_in_days:out_of_range"]
        );
    }
    let works = |token: &str| {
        let mut req = TestApp::request(Method::GET, "/api/v1/me", None, None);
        if let Ok(v) = format!("Bearer {token}").parse() {
            req.headers_mut().insert("authorization", v);
        }
        req
    };
    let secret = |r: &common::Resp| r.json()["token"].as_str().unwrap_or_default().to_string();
    // the default term is 90 days
    let r = app.send(issue(serde_json::Value::Null)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let expires = r.json()["details"]["expires_at"]
        .as_str()
        .and_then(lode_db::parse_instant)
        .ok_or_else(|| anyhow::anyhow!("no end: {}", r.text()))?;
    let days = (expires - chrono::Utc::now()).num_days();
    assert!((89..=90).contains(&days), "{days}");
    // a token past its end no longer works
    let short = app.send(issue(json!(1))).await;
    let (short_token, short_id) = (secret(&short), short.json()["details"]["id"].as_i64());
    assert_eq!(app.send(works(&short_token)).await.status, StatusCode::OK);
    sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2")
        .bind(lode_db::format_instant(
            chrono::Utc::now() - chrono::Duration::seconds(1),
        ))
        .bind(short_id)
        .execute(app.state.db.pool())
        .await?;
    assert_eq!(
        app.send(works(&short_token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // a change of password revokes every token
    let before = secret(&app.send(issue(json!(30))).await);
    assert_eq!(app.send(works(&before)).await.status, StatusCode::OK);
    let r = app
        .post(
            "/api/v1/me/password",
            Some(&s),
            &json!({"current_password": PASSWORD, "new_password": "Một mật khẩu mới 2026!"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(
        app.send(works(&before)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // so does an administrator's reset
    let kept = secret(&app.send(issue(json!(30))).await);
    assert_eq!(app.send(works(&kept)).await.status, StatusCode::OK);
    let admin = app.login("admin").await?;
    let r = app
        .post(
            &format!("/api/v1/people/{}/password", app.ids.clerk),
            Some(&admin),
            &json!({"password": "Mật khẩu đặt lại 2026!"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(
        app.send(works(&kept)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let listed = app.get("/api/v1/me/tokens", Some(&admin)).await;
    assert_eq!(listed.status, StatusCode::OK);
    Ok(())
}

async fn a_new_person_must_change_the_first_password(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let admin = app.login("admin").await?;
    app.post("/api/v1/people", Some(&admin), &json!({"username": "newbie", "full_name": "Trần Mới", "unit_id": app.ids.office, "roles": ["specialist"], "password": PASSWORD})).await;
    let s = app.login("newbie").await?;
    let r = app.get("/api/v1/units", Some(&s)).await;
    assert_eq!(
        (r.status, r.json()["type"].as_str()),
        (
            StatusCode::FORBIDDEN,
            Some("urn:lode:problem:password_change_required")
        )
    );
    assert_eq!(
        app.get("/org", Some(&s)).await.header("location"),
        "/account?must_change=1"
    );
    let weak = app
        .post(
            "/api/v1/me/password",
            Some(&s),
            &json!({"current_password": PASSWORD, "new_password": "newbie12345"}),
        )
        .await;
    assert_eq!(
        weak.field_codes(),
        vec!["new_password:contains_username".to_string()]
    );
    let wrong = app
        .post(
            "/api/v1/me/password",
            Some(&s),
            &json!({"current_password": "nope", "new_password": "Đá vôi 2027!"}),
        )
        .await;
    assert_eq!(
        wrong.field_codes(),
        vec!["current_password:wrong_password".to_string()]
    );
    let second = app.login("newbie").await?;
    let ok = app
        .post(
            "/api/v1/me/password",
            Some(&s),
            &json!({"current_password": PASSWORD, "new_password": "Đá vôi 2027!"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.text());
    assert_eq!(
        app.get("/api/v1/units", Some(&s)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&second)).await.status,
        StatusCode::UNAUTHORIZED,
        "other sessions end"
    );
    // an administrator's reset forces a change again and ends the sessions
    let id = app.get("/api/v1/me", Some(&s)).await.json()["id"]
        .as_i64()
        .unwrap_or_default();
    assert_eq!(
        app.post(
            &format!("/api/v1/people/{id}/password"),
            Some(&admin),
            &json!({"password": "Tạm thời 2027!"})
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&s)).await.status,
        StatusCode::UNAUTHORIZED
    );
    Ok(())
}

/// The administrator's edit of a person refused (an empty name, a malformed address and
/// telephone): the form comes back holding what was typed, each refusal beside its field, and
/// nothing is stored.
async fn a_refused_edit_of_a_person_keeps_what_was_typed(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let admin = app.login("admin").await?;
    let (id, version, name): (i64, i64, String) =
        sqlx::query_as("SELECT id, version, full_name FROM accounts WHERE username = 'hvkien'")
            .fetch_one(app.state.db.pool())
            .await?;
    let r = app
        .form(
            &admin,
            &format!("/people/{id}/edit"),
            &[
                ("full_name", ""),
                ("email", "kien@dgmv"),
                ("phone", "abcxyz"),
                ("position", "Chuyên viên chính"),
                ("unit_id", &app.ids.office.to_string()),
                ("roles", "specialist"),
                ("clearance", "none"),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    for kept in [
        "name=\"email\" type=\"email\" value=\"kien@dgmv\"",
        "name=\"phone\" type=\"tel\" value=\"abcxyz\"",
        "value=\"Chuyên viên chính\"",
        "name=\"full_name\" type=\"text\" value=\"\"",
    ] {
        assert!(page.contains(kept), "{kept} in {page}");
    }
    assert!(
        !page.contains("name=\"active\" value=\"1\" checked"),
        "the box left unticked stays unticked"
    );
    assert_eq!(page.matches("class=\"field-error\"").count(), 3, "{page}");
    let (stored, active): (String, i64) =
        sqlx::query_as("SELECT full_name, active FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await?;
    assert_eq!((stored, active), (name, 1), "nothing stored");
    // deactivated (the box left unticked), the person who knows the password is told why the
    // sign-in fails; a wrong password still says only that
    let r = app
        .form(
            &admin,
            &format!("/people/{id}/edit"),
            &[
                ("full_name", "Hoàng Văn Kiên"),
                ("unit_id", &app.ids.office.to_string()),
                ("roles", "specialist"),
                ("clearance", "none"),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = app
        .post(
            "/api/v1/session",
            None,
            &json!({"username": "hvkien", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert!(r.text().contains("deactivated"), "{}", r.text());
    let r = app
        .post(
            "/api/v1/session",
            None,
            &json!({"username": "hvkien", "password": "not the password"}),
        )
        .await;
    assert_eq!(r.field_codes(), vec!["username:login_failed".to_string()]);
    Ok(())
}

async fn signature_images_are_checked_stored_and_served(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let me = app.login("hvkien").await?;
    let path = format!("/api/v1/people/{}/signature", app.ids.north_specialist);
    let before = app.audit_head().await?;
    let r = app
        .raw(
            Method::PUT,
            &path,
            Some(&me),
            "image/png",
            "<?php echo 1; ?>",
        )
        .await;
    assert_eq!(
        (r.status, r.field_codes()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["signature:wrong_file_type".to_string()]
        )
    );
    let r = app
        .raw(
            Method::PUT,
            &path,
            Some(&me),
            "image/png",
            vec![0x89u8; 1024 * 1024 + 10],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(app.audit_head().await?, before);
    let r = app
        .raw(Method::PUT, &path, Some(&me), "image/png", PNG.to_vec())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let back = app.get(&path, Some(&me)).await;
    assert_eq!(
        (back.header("content-type").as_str(), back.body.as_ref()),
        ("image/png", PNG)
    );
    // someone else may not replace it
    let other = app.login("dtkieu").await?;
    assert_eq!(
        app.raw(Method::PUT, &path, Some(&other), "image/png", PNG.to_vec())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let leader = app.login("vvhai").await?;
    assert_eq!(
        app.raw(Method::PUT, &path, Some(&leader), "image/png", PNG.to_vec())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    Ok(())
}

async fn every_change_is_audited_with_who_and_where(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("admin").await?;
    app.patch(
        &format!("/api/v1/units/{}", app.ids.office),
        Some(&s),
        &json!({"name": "Văn phòng"}),
    )
    .await;
    let log = app
        .get("/api/v1/audit?action=unit&limit=1", Some(&s))
        .await
        .json();
    let e = &log["items"][0];
    assert_eq!(
        (
            e["action"].as_str(),
            e["actor_label"].as_str(),
            e["ip"].as_str()
        ),
        (Some("unit.update"), Some("admin"), Some("10.0.0.1"))
    );
    assert_eq!(
        e["detail"].as_str().map(|d| d.contains("Văn phòng Cục")),
        Some(true),
        "before and after: {e}"
    );
    assert!(log["next"].is_i64(), "there are older entries");
    let v = app.get("/api/v1/audit/verify", Some(&s)).await.json();
    assert_eq!(v["broken"], serde_json::Value::Null);
    let page = app.get("/audit?action=unit.update", Some(&s)).await;
    assert!(page.text().contains("unit.update"));
    // the oldest first, and by who did it: the log read in the order asked, paged by number
    let seqs = |v: &serde_json::Value, key: &str| -> Vec<String> {
        v["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e[key].to_string())
            .collect()
    };
    let oldest = app
        .get("/api/v1/audit?sort=when&limit=5", Some(&s))
        .await
        .json();
    let firsts: Vec<i64> = seqs(&oldest, "seq")
        .iter()
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        firsts.len() == 5 && firsts.windows(2).all(|w| w[0] < w[1]),
        "{oldest}"
    );
    assert_eq!(
        oldest["next"],
        serde_json::Value::Null,
        "no key pages this order"
    );
    let by_who = app
        .get("/api/v1/audit?sort=-who&limit=200", Some(&s))
        .await
        .json();
    let names = seqs(&by_who, "actor_label");
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert!(names.len() > 1 && names == sorted, "{names:?}");
    let r = app.get("/api/v1/audit?sort=when&before=5", Some(&s)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // who, by part of a name without its marks: the one person of that name
    let page = common::visible_text(&app.get("/audit?actor=minh+quan", Some(&s)).await.text());
    assert!(
        page.contains(" kết quả")
            && !page.contains("Không có kết quả")
            && !page.contains("Nhiều người khớp"),
        "{page}"
    );
    // several of a name: offered to choose from
    let page = app.get("/audit?actor=van", Some(&s)).await.text();
    assert!(
        page.contains("Nhiều người khớp với “van”")
            && page.contains("href=\"/audit?actor=tvhung\""),
        "{page}"
    );
    // a period ending before it starts is told beside its end; units and people are named
    let page = app
        .get("/audit?from=2026-12-05&to=2026-12-01", Some(&s))
        .await
        .text();
    assert!(page.contains("Không được trước ngày bắt đầu."), "{page}");
    let page = common::visible_text(&app.get("/audit?entity_type=unit", Some(&s)).await.text());
    assert!(page.contains("Đơn vị: "), "{page}");
    // choosing among them keeps the other filters
    let page = app
        .get("/audit?actor=van&action=session.login&sort=when", Some(&s))
        .await
        .text();
    assert!(
        page.contains("href=\"/audit?actor=tvhung&amp;action=session.login&amp;sort=when\""),
        "{page}"
    );
    let page = app.get("/audit?sort=when", Some(&s)).await.text();
    assert!(
        page.contains("<th aria-sort=\"ascending\"><a class=\"sort\" href=\"/audit\""),
        "the time's header shows the order and turns it back: {page}"
    );
    Ok(())
}

async fn pages_render_in_both_languages(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let admin = app.login("admin").await?;
    let business = app.login("minhphat").await?;
    let staff_pages = [
        "/".to_string(),
        "/org".into(),
        "/org?closed=1".into(),
        "/org/new".into(),
        format!("/org/{}", app.ids.north),
        "/people".into(),
        "/people?kind=business".into(),
        "/people/new".into(),
        "/people/new-external".into(),
        format!("/people/{}", app.ids.north_specialist),
        "/audit".into(),
        "/audit/verify".into(),
        "/admin/jobs".into(),
        "/admin/jobs?state=failed".into(),
        "/account".into(),
        "/api/docs".into(),
    ];
    for lang in ["vi", "en"] {
        let with_lang = |s: &common::Session| common::Session {
            cookie: format!("{}; lang={lang}", s.cookie),
            csrf: s.csrf.clone(),
        };
        for (who, pages) in [
            (with_lang(&admin), staff_pages.to_vec()),
            (with_lang(&business), vec!["/".into(), "/account".into()]),
        ] {
            for p in pages {
                let r = app.get(&p, Some(&who)).await;
                assert_eq!(r.status, StatusCode::OK, "{p} in {lang}");
                let html = r.text();
                assert!(
                    !html.contains(lode_web::i18n::MISSING),
                    "{p} in {lang} misses a text"
                );
                assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{p}");
            }
        }
    }
    let vi = app.get("/org", Some(&admin)).await.text();
    assert!(vi.contains("Cơ cấu tổ chức") && vi.contains("Liên đoàn Bản đồ Địa chất miền Bắc"));
    let login = app.get("/login", None).await;
    assert!(login.text().contains("Đăng nhập"));
    assert!(app.get("/healthz", None).await.status.is_success());
    // output is escaped
    app.patch(
        &format!("/api/v1/units/{}", app.ids.office),
        Some(&admin),
        &json!({"name": "<script>alert(1)</script>"}),
    )
    .await;
    let page = app.get("/org", Some(&admin)).await.text();
    assert!(!page.contains("<script>alert(1)</script>") && page.contains("&lt;script&gt;"));
    Ok(())
}

async fn every_documented_operation_is_routed(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let s = app.login("admin").await?;
    let doc = app.get("/api/openapi.json", None).await.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    let mut operations = 0;
    let mut ids = std::collections::HashSet::new();
    for (path, item) in &paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            operations += 1;
            assert!(
                ids.insert(op["operationId"].as_str().unwrap_or("").to_string()),
                "{method} {path}: operation ids must be unique"
            );
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} documents no answer"
            );
            let concrete = path.replace("{id}", &app.ids.north_team.to_string());
            // An empty object is wrong for most bodies: the point is only that the route exists.
            let r = app
                .send(TestApp::request(
                    m.clone(),
                    &concrete,
                    Some(&s),
                    Some(&json!({})),
                ))
                .await;
            assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert_ne!(
                r.json()["type"],
                "urn:lode:problem:no_route",
                "{method} {path}"
            );
            assert!(!r.status.is_server_error(), "{method} {path}: {}", r.status);
        }
    }
    assert!(operations >= 25, "{operations} operations documented");
    let r = app.get("/api/v1/nothing/here", Some(&s)).await;
    assert_eq!(
        (r.status, r.json()["type"].as_str()),
        (StatusCode::NOT_FOUND, Some("urn:lode:problem:no_route"))
    );
    let page = app.get("/no/such/page", Some(&s)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text().contains("Không tìm thấy"));
    let docs = app.get("/api/docs", None).await.text();
    assert!(docs.contains("/api/v1/units/{id}/move") && docs.contains("schema-Problem"));
    Ok(())
}

/// A person leaving, or moving to another unit, with work in hand: the administrator reads on
/// their page what they hold, and the change is refused beside its box until confirmed.
async fn work_in_hand_is_said_before_a_person_leaves_or_moves(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let admin = app.login("admin").await?;
    let author = app.login("ntkhanh").await?;
    let sha = app.upload_pdf(&author, "Du thao").await?;
    let r = app
        .post(
            "/api/v1/outgoing",
            Some(&author),
            &json!({"type_code": "CV", "subject": "V/v thử", "pdf_sha256": sha,
                    "recipient_unit_ids": [app.ids.north]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let (id, name, unit, clearance): (i64, String, i64, String) = sqlx::query_as(
        "SELECT id, full_name, unit_id, clearance FROM accounts WHERE username = 'ntkhanh'",
    )
    .fetch_one(app.state.db.pool())
    .await?;
    let roles: Vec<(String,)> =
        sqlx::query_as("SELECT role FROM account_roles WHERE account_id = $1")
            .bind(id)
            .fetch_all(app.state.db.pool())
            .await?;
    let page = common::visible_text(&app.get(&format!("/people/{id}"), Some(&admin)).await.text())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        page.contains("Công việc đang giữ") && page.contains("Dự thảo văn bản đi chưa ban hành: 1"),
        "{page}"
    );
    // another person with nothing in hand reads no such section
    let (idle,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE username = 'hvkien'")
        .fetch_one(app.state.db.pool())
        .await?;
    let idle_page = app
        .get(&format!("/people/{idle}"), Some(&admin))
        .await
        .text();
    assert!(!idle_page.contains("Công việc đang giữ"), "{idle_page}");
    let (other, own) = (app.ids.north.to_string(), unit.to_string());
    let state = || async {
        let row: (i64, i64) = sqlx::query_as("SELECT active, unit_id FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await?;
        anyhow::Ok(row)
    };
    let send = |unit: String, active: bool, confirm: bool| {
        let (name, clearance, roles, admin) = (&name, &clearance, &roles, &admin);
        let app = &app;
        async move {
            let version: (i64,) = sqlx::query_as("SELECT version FROM accounts WHERE id = $1")
                .bind(id)
                .fetch_one(app.state.db.pool())
                .await?;
            let version = version.0.to_string();
            let mut form = vec![
                ("full_name", name.as_str()),
                ("unit_id", unit.as_str()),
                ("clearance", clearance.as_str()),
                ("version", version.as_str()),
            ];
            form.extend(roles.iter().map(|r| ("roles", r.0.as_str())));
            if active {
                form.push(("active", "1"));
            }
            if confirm {
                form.push(("confirm_in_hand", "1"));
            }
            anyhow::Ok(app.form(admin, &format!("/people/{id}/edit"), &form).await)
        }
    };
    // moved: refused beside the unit, the confirmation offered, nothing stored
    let r = send(other, true, false).await?;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let said = r.text();
    assert!(
        said.contains("id=\"unit_id-error\">Người này còn công việc đang giữ")
            && said.contains("id=\"confirm_in_hand\""),
        "{said}"
    );
    assert_eq!(state().await?, (1, unit));
    // deactivated: refused beside the box, then confirmed
    let r = send(own.clone(), false, false).await?;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text()
            .contains("id=\"active-error\">Người này còn công việc đang giữ"),
        "{}",
        r.text()
    );
    assert_eq!(state().await?, (1, unit));
    let r = send(own.clone(), false, true).await?;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(state().await?, (0, unit));
    // an edit that neither moves nor deactivates asks nothing
    let r = send(own, false, false).await?;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    Ok(())
}

/// The e-mail address of an account signs it in as its username does, whatever its case; an
/// address two accounts share signs neither in (the username still does), refused as a wrong
/// password is.
async fn an_account_signs_in_by_its_e_mail_address_when_no_other_shares_it(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let set_email = |username: &'static str| {
        let db = app.state.db.clone();
        async move {
            sqlx::query("UPDATE accounts SET email = 'khanh.nt@dgm.example.vn' WHERE username = $1")
                .bind(username)
                .execute(db.pool())
                .await
        }
    };
    set_email("ntkhanh").await?;
    let sign_in = |user: &str| {
        let body = json!({"username": user, "password": PASSWORD});
        let app = &app;
        async move { app.post("/api/v1/session", None, &body).await }
    };
    let r = sign_in(" Khanh.NT@dgm.example.vn ").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["account"]["username"], "ntkhanh");
    assert_eq!(set_email("vanthu").await?.rows_affected(), 1);
    let r = sign_in("khanh.nt@dgm.example.vn").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(sign_in("ntkhanh").await.status, StatusCode::OK);
    Ok(())
}
