//! Documents handed to people, and overdue and due-soon documents, notify the people who must
//! act: in lode, and by e-mail through a real SMTP server (aiosmtpd, a separate process on
//! loopback); on both backends.

mod common;

use axum::http::StatusCode;
use common::{SmtpServer, TestApp, decoded_text, visible_text};
use lode_db::Backend;
use serde_json::json;

lode_db::on_both_backends!(
    overdue_documents_notify_in_lode_and_by_email,
    a_secret_document_handed_over_is_named_by_its_number_only,
    a_draft_tells_whoever_acts_next,
    a_persons_notifications_are_paged_all_or_unread,
    a_unit_asked_to_help_is_told_until_it_looks,
);

/// Each notification of a list, newest first: its kind, and whether it is still unread.
fn kinds_and_unread(list: &serde_json::Value) -> Vec<(&str, bool)> {
    list["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|n| {
                    (
                        n["kind"].as_str().unwrap_or_default(),
                        n["read_at"].is_null(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Waits for the SMTP server to have received `n` messages.
async fn received(smtp: &SmtpServer, n: usize) -> Vec<String> {
    let mut messages = smtp.messages();
    for _ in 0..50 {
        if messages.len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        messages = smtp.messages();
    }
    messages
}

async fn overdue_documents_notify_in_lode_and_by_email(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let smtp = SmtpServer::start().await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let fed_leader = app.login("vvhai").await?;
    let handler = app.login("hvkien").await?;
    sqlx::query("UPDATE accounts SET email = 'hvkien@dgm.example.vn' WHERE username = 'hvkien'")
        .execute(app.db.db.pool())
        .await?;
    let sha = app.upload_pdf(&clerk, "Cong van").await?;
    let doc = |notation: &str| {
        json!({
            "received_on": "2026-11-02", "channel": "electronic", "issuer": "Sở Nông nghiệp và Môi trường tỉnh Yên Bái",
            "notation": notation, "document_date": "2026-11-01", "type_code": "CV",
            "subject": "Đề nghị thẩm định phương án đóng cửa mỏ", "file_sha256": sha
        })
    };
    let mut ids = Vec::new();
    for (notation, deadline) in [("7/SNN-KS", "2026-11-10"), ("8/SNN-KS", "2026-11-21")] {
        let r = app
            .post("/api/v1/incoming", Some(&clerk), &doc(notation))
            .await;
        let id = r.json()["id"].as_i64().unwrap_or_default();
        let routed = app
            .post(
                &format!("/api/v1/incoming/{id}/route"),
                Some(&leader),
                &json!({"lead_unit_id": app.ids.north, "deadline": lode_db::today().to_string()}),
            )
            .await;
        assert_eq!(routed.status, StatusCode::OK, "{}", routed.text());
        // days pass: the deadline given is behind us now
        sqlx::query("UPDATE incoming_documents SET deadline = $1 WHERE id = $2")
            .bind(deadline)
            .bind(id)
            .execute(app.db.db.pool())
            .await?;
        ids.push(id);
    }
    // registered, each waited for the agency leader's instruction, who was told (the clerk
    // who registered it is not); routed since, the notices are settled
    let leaders = app.get("/api/v1/notifications", Some(&leader)).await.json();
    let told = kinds_and_unread(&leaders);
    assert_eq!(
        told,
        [("registered", false), ("registered", false)],
        "{leaders}"
    );
    assert_eq!(
        leaders["items"][0]["title"],
        "Văn bản đến số 2/2026 (8/SNN-KS) chờ anh/chị cho ý kiến chỉ đạo"
    );
    assert_eq!(
        leaders["items"][0]["body"],
        "Trích yếu: Đề nghị thẩm định phương án đóng cửa mỏ. Vui lòng cho ý kiến chỉ đạo và chuyển đơn vị chủ trì."
    );
    let clerks = app.get("/api/v1/notifications", Some(&clerk)).await.json();
    assert_eq!(
        clerks["items"].as_array().map(Vec::len),
        Some(0),
        "{clerks}"
    );
    let r = app
        .post(
            &format!("/api/v1/incoming/{}/assign", ids[0]),
            Some(&fed_leader),
            &json!({"handler_id": app.ids.north_specialist,
                    "note": "Đồng chí chủ trì, báo cáo trước hạn"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // handed over: the federation's leaders are told of each document sent to them, the
    // specialist of the one given to him, in lode and by e-mail; the notice about the first,
    // which the leader has assigned since, is settled
    let theirs = app
        .get("/api/v1/notifications", Some(&fed_leader))
        .await
        .json();
    let seen = kinds_and_unread(&theirs);
    assert_eq!(seen, [("routed", true), ("routed", false)], "{theirs}");
    assert_eq!(
        theirs["items"][0]["title"],
        "Văn bản đến số 2/2026 (8/SNN-KS) được chuyển đơn vị anh/chị chủ trì"
    );
    let mine = app
        .get("/api/v1/notifications?unread=true", Some(&handler))
        .await
        .json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1), "{mine}");
    assert_eq!(
        (
            &mine["items"][0]["kind"],
            &mine["items"][0]["title"],
            &mine["items"][0]["body"]
        ),
        (
            &json!("assigned"),
            &json!("Anh/chị được giao xử lý văn bản đến số 1/2026 (7/SNN-KS)"),
            // with the deadline he works to (the leader's) and the instruction he was given
            &json!(
                "Trích yếu: Đề nghị thẩm định phương án đóng cửa mỏ. Hạn xử lý: 10/11/2026. \
                 Ý kiến giao việc: Đồng chí chủ trì, báo cáo trước hạn"
            )
        )
    );
    let mailer = lode_web::mail::Mailer::new(
        &format!("smtp://127.0.0.1:{}", smtp.port),
        "lode <no-reply@dgm.example.vn>",
        "https://vanban.dgm.example.vn",
    )?;
    assert_eq!(
        mailer.deliver_pending(&app.db.db).await?,
        1,
        "the specialist has an address"
    );
    let messages = received(&smtp, 1).await;
    assert_eq!(messages.len(), 1);
    let text = decoded_text(&messages[0])?;
    assert!(
        text.contains("được giao xử lý văn bản đến số 1/2026"),
        "{text}"
    );
    assert!(
        text.contains("đóng cửa mỏ") && text.contains("10/11/2026"),
        "{text}"
    );
    for who in [&handler, &fed_leader] {
        app.post("/api/v1/notifications/read", Some(who), &json!({}))
            .await;
    }
    // on 20 November the first is overdue (its handler is told), the second due in a day (the
    // federation's leader is told: nobody handles it yet)
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let created = lode_eoffice::reminders::sweep(&app.db.db, today).await?;
    assert_eq!(created, 2);
    assert_eq!(
        lode_eoffice::reminders::sweep(&app.db.db, today).await?,
        0,
        "a sweep repeated (another node) tells nobody twice"
    );
    let mine = app
        .get("/api/v1/notifications?unread=true", Some(&handler))
        .await
        .json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1), "{mine}");
    assert_eq!(mine["items"][0]["kind"], "overdue");
    assert_eq!(mine["items"][0]["link"], format!("/incoming/{}", ids[0]));
    // written once, read in each reader's language
    let title = mine["items"][0]["title"].as_str().unwrap_or_default();
    assert!(title.ends_with("đã quá hạn giải quyết"), "{title}");
    assert_eq!(
        mine["items"][0]["body"],
        "Hạn giải quyết là ngày 10/11/2026. Vui lòng xử lý ngay; nếu cần thêm thời gian, gửi đề nghị gia hạn trên trang văn bản."
    );
    let in_english = common::Session {
        cookie: format!("{}; lang=en", handler.cookie),
        csrf: handler.csrf.clone(),
    };
    let read = app
        .get("/api/v1/notifications?unread=true", Some(&in_english))
        .await
        .json();
    let title = read["items"][0]["title"].as_str().unwrap_or_default();
    assert!(
        title.starts_with("Incoming document ") && title.ends_with(" is overdue"),
        "{title}"
    );
    assert_eq!(
        read["items"][0]["body"],
        "It was due on 10/11/2026. Please handle it now; for more time, ask for it on the document's page."
    );
    let page = app.get("/notifications", Some(&in_english)).await.text();
    assert!(
        page.contains("Please handle it now; for more time, ask for it on the document's page.")
    );
    assert!(!page.contains("quá hạn giải quyết"));
    let theirs = app
        .get("/api/v1/notifications", Some(&fed_leader))
        .await
        .json();
    assert_eq!(theirs["items"][0]["kind"], "due_soon");
    // the navigation shows the count; marking read clears it, and only one's own
    let page = app.get("/", Some(&handler)).await.text();
    assert!(
        page.contains("nav-count overdue\">1<"),
        "unread count in the navigation"
    );
    let r = app
        .post(
            "/api/v1/notifications/read",
            Some(&fed_leader),
            &json!({"ids": [mine["items"][0]["id"]]}),
        )
        .await;
    assert_eq!(r.json()["marked"], 0, "not theirs to mark");
    let r = app
        .post("/api/v1/notifications/read", Some(&handler), &json!({}))
        .await;
    assert_eq!(r.json()["marked"], 1);

    // e-mail: only the person with an address; once
    assert_eq!(mailer.deliver_pending(&app.db.db).await?, 1);
    assert_eq!(mailer.deliver_pending(&app.db.db).await?, 0);
    let messages = received(&smtp, 2).await;
    assert_eq!(messages.len(), 2);
    // (the server keeps them in no particular order)
    let texts = messages
        .iter()
        .map(|m| decoded_text(m))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let text = texts
        .iter()
        .find(|t| !t.contains("được giao xử lý"))
        .cloned()
        .unwrap_or_default();
    assert!(text.contains("hvkien@dgm.example.vn"), "{text}");
    assert!(text.contains("đã quá hạn giải quyết"), "{text}");
    assert!(text.contains("10/11/2026"), "{text}");
    assert!(
        text.contains(&format!(
            "https://vanban.dgm.example.vn/incoming/{}",
            ids[0]
        )),
        "{text}"
    );
    Ok(())
}

async fn a_secret_document_handed_over_is_named_by_its_number_only(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let fed_leader = app.login("vvhai").await?;
    let handler = app.login("hvkien").await?;
    // the federation's leader may read secret documents; the specialist not yet
    sqlx::query("UPDATE accounts SET clearance = 'secret' WHERE username = 'vvhai'")
        .execute(app.db.db.pool())
        .await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&clerk),
            &json!({
                "received_on": "2026-11-02", "channel": "paper", "issuer": "Bộ Quốc phòng",
                "notation": "15/BQP-TM", "document_date": "2026-11-01", "type_code": "CV",
                "subject": "Khu vực cấm hoạt động khoáng sản", "secrecy": "secret"
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let r = app
        .post(
            &format!("/api/v1/incoming/{id}/route"),
            Some(&leader),
            &json!({"lead_unit_id": app.ids.north}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // given to someone who may not read it: refused, and nobody is told
    let path = format!("/api/v1/incoming/{id}/assign");
    let body = json!({"handler_id": app.ids.north_specialist});
    let r = app.post(&path, Some(&fed_leader), &body).await;
    assert_eq!(r.field_codes(), ["handler_id:not_cleared"], "{}", r.text());
    let theirs = app
        .get("/api/v1/notifications", Some(&handler))
        .await
        .json();
    assert_eq!(
        theirs["items"].as_array().map(Vec::len),
        Some(0),
        "{theirs}"
    );
    sqlx::query("UPDATE accounts SET clearance = 'secret' WHERE username = 'hvkien'")
        .execute(app.db.db.pool())
        .await?;
    let r = app.post(&path, Some(&fed_leader), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    for (who, kind, title) in [
        (
            &leader,
            "registered",
            "Văn bản đến số 1/2026 (văn bản mật) chờ anh/chị cho ý kiến chỉ đạo",
        ),
        (
            &fed_leader,
            "routed",
            "Văn bản đến số 1/2026 (văn bản mật) được chuyển đơn vị anh/chị chủ trì",
        ),
        (
            &handler,
            "assigned",
            "Anh/chị được giao xử lý văn bản đến số 1/2026 (văn bản mật)",
        ),
    ] {
        let theirs = app.get("/api/v1/notifications", Some(who)).await.json();
        assert_eq!(
            theirs["items"].as_array().map(Vec::len),
            Some(1),
            "{theirs}"
        );
        assert_eq!(theirs["items"][0]["kind"], kind);
        assert_eq!(theirs["items"][0]["title"], title);
        let shown = theirs.to_string();
        assert!(
            !shown.contains("Khu vực cấm") && !shown.contains("15/BQP"),
            "{shown}"
        );
    }
    Ok(())
}

async fn a_draft_tells_whoever_acts_next(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let author = app.login("ntkhanh").await?;
    let office_leader = app.login("dvthang").await?;
    let leader = app.login("tvhung").await?;
    let clerk = app.login("vanthu").await?;
    let subject = "Báo cáo tình hình cấp phép khai thác khoáng sản quý IV";
    let sha = app.upload_pdf(&author, "Bao cao quy IV").await?;
    let r = app
        .post(
            "/api/v1/outgoing",
            Some(&author),
            &json!({"type_code": "CV", "subject": subject,
                "recipient_unit_ids": [app.ids.north], "pdf_sha256": sha}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let step = |who: &common::Session, step: &str, body: serde_json::Value| {
        let (who, path) = (who.clone(), format!("/api/v1/outgoing/{id}/{step}"));
        let app = &app;
        async move {
            let r = app.post(&path, Some(&who), &body).await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
        }
    };
    let review = (
        "review".to_string(),
        format!("Dự thảo chờ anh/chị cho ý kiến: {subject}"),
    );
    // submitted: the office's leader reviews first, and only he is told
    step(&author, "submit", json!({})).await;
    assert_eq!(
        app.unread(&office_leader).await,
        std::slice::from_ref(&review)
    );
    assert!(app.unread(&leader).await.is_empty());
    // opening the notice leads to the draft and marks it read (another's is not found)
    let list = app
        .get("/api/v1/notifications?unread=true", Some(&office_leader))
        .await
        .json();
    let notice = list["items"][0]["id"].as_i64().unwrap_or_default();
    let opened = app
        .get(&format!("/notifications/{notice}"), Some(&author))
        .await;
    assert_eq!(opened.status, StatusCode::NOT_FOUND);
    let opened = app
        .get(&format!("/notifications/{notice}"), Some(&office_leader))
        .await;
    assert_eq!(
        (opened.status, opened.header("location")),
        (StatusCode::SEE_OTHER, format!("/outgoing/{id}"))
    );
    assert!(app.unread(&office_leader).await.is_empty());
    // sent back: its author is told
    step(
        &office_leader,
        "send-back",
        json!({"text": "Bổ sung số liệu tháng 12"}),
    )
    .await;
    assert_eq!(
        app.unread(&author).await,
        [(
            "sent_back".to_string(),
            format!("Dự thảo được trả lại: {subject}")
        )]
    );
    // ... told by whom and why, and the draft says so where it opens and in the lists
    let told = visible_text(&app.get("/notifications", Some(&author)).await.text());
    assert!(
        told.contains("trả lại với ý kiến: “Bổ sung số liệu tháng 12”"),
        "{told}"
    );
    let page = visible_text(
        &app.get(&format!("/outgoing/{id}"), Some(&author))
            .await
            .text(),
    );
    assert!(
        page.contains("Bị trả lại, cần sửa")
            && page.contains("trả lại dự thảo lúc")
            && page.contains("Bổ sung số liệu tháng 12"),
        "{page}"
    );
    let mine = visible_text(&app.get("/outgoing", Some(&author)).await.text());
    assert!(mine.contains("Bị trả lại, cần sửa"), "{mine}");
    // revised with a note to the reviewers (the page's form), submitted again and approved by
    // the office: the agency's leader is next
    let boundary = "lode-revise";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"v2.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(&lode_db::demo::sample_pdf(&["Bao cao quy IV, ban 2"]));
    body.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n\
             Đã bổ sung số liệu tháng 12\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    let r = app
        .raw(
            axum::http::Method::POST,
            &format!("/outgoing/{id}/revise?csrf={}", author.csrf),
            Some(&author),
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // the page says what was done
    let back = r.header("location");
    assert_eq!(back, format!("/outgoing/{id}?done=revise"));
    let page = app.get(&back, Some(&author)).await.text();
    assert!(page.contains("Đã cập nhật dự thảo."), "{page}");
    let timeline = app
        .get(&format!("/api/v1/outgoing/{id}/timeline"), Some(&author))
        .await
        .json();
    let revised = timeline
        .as_array()
        .and_then(|t| t.iter().find(|e| e["step"] == "revise"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        revised["detail"]["note"], "Đã bổ sung số liệu tháng 12",
        "{timeline}"
    );
    step(&author, "submit", json!({})).await;
    step(&office_leader, "approve", json!({})).await;
    assert_eq!(app.unread(&leader).await, std::slice::from_ref(&review));
    assert!(app.unread(&clerk).await.is_empty());
    // approved, not yet signed: nothing for the clerk to number yet (she is told once the
    // leader signs it)
    step(&leader, "approve", json!({})).await;
    assert!(app.unread(&clerk).await.is_empty());
    // each step settled what the one before asked: the author's notice that her draft came
    // back, the leaders' requests to review
    assert!(app.unread(&author).await.is_empty());
    assert!(app.unread(&office_leader).await.is_empty());
    assert!(app.unread(&leader).await.is_empty());
    Ok(())
}

async fn a_persons_notifications_are_paged_all_or_unread(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let leader = app.login("tvhung").await?;
    let id = lode_db::accounts::by_username(&app.db.db, "tvhung")
        .await?
        .map(|a| a.id)
        .unwrap_or_default();
    // 120 letters routed to him, the 30 oldest read already
    for n in 1..=120_i64 {
        let notice = lode_db::notifications::Notice {
            account_id: id,
            kind: "routed",
            incoming_id: None,
            message: "incoming_routed_secret",
            args: &json!({"arrival": n, "year": 2026}),
            link: &format!("/incoming/{n}"),
            dedupe_key: &format!("paged:{n}"),
        };
        lode_db::notifications::insert(app.db.db.pool(), &notice, None).await?;
    }
    sqlx::query(
        "UPDATE notifications SET read_at = created_at
         WHERE id IN (SELECT id FROM notifications WHERE account_id = $1 ORDER BY id LIMIT 30)",
    )
    .bind(id)
    .execute(app.db.db.pool())
    .await?;
    let page = |path: &'static str| {
        let (app, leader) = (&app, &leader);
        async move { common::visible_text(&app.get(path, Some(leader)).await.text()) }
    };
    let first = page("/notifications").await;
    assert!(
        first.contains("120 kết quả")
            && first.contains("Trang 1/3")
            && first.contains("Chưa đọc (90)"),
        "{first}"
    );
    assert!(
        first.contains("Văn bản đến số 120/2026"),
        "the newest first: {first}"
    );
    let third = page("/notifications?page=3").await;
    assert!(
        third.contains("Văn bản đến số 1/2026") && !third.contains("số 120/2026"),
        "{third}"
    );
    // past the end: the last page
    let past = page("/notifications?page=9").await;
    assert!(past.contains("Trang 3/3"), "{past}");
    let unread = page("/notifications?unread=1").await;
    assert!(
        unread.contains("90 kết quả") && !unread.contains("Văn bản đến số 30/2026 "),
        "{unread}"
    );
    Ok(())
}

/// A letter routed with units to help: their leaders are told, and the notice stands when the
/// lead unit assigns it (their part lasts while it is handled) until the letter is completed;
/// the lead unit's own is settled by its assignment.
async fn a_unit_asked_to_help_is_told_until_it_looks(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let lead = app.login("vvhai").await?;
    let helper = app.login("dvthang").await?;
    let sha = app.upload_pdf(&clerk, "Cong van phoi hop").await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&clerk),
            &json!({"received_on": lode_db::today().to_string(), "channel": "electronic",
                "issuer": "Sở Nông nghiệp và Môi trường tỉnh Yên Bái", "notation": "9/SNN-KS",
                "document_date": lode_db::today().to_string(), "type_code": "CV",
                "subject": "Đề nghị phối hợp kiểm tra mỏ đá", "file_sha256": sha}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let r = app
        .post(
            &format!("/api/v1/incoming/{id}/route"),
            Some(&leader),
            &json!({"lead_unit_id": app.ids.north, "coordinating_unit_ids": [app.ids.office],
                "note": "Phòng Văn phòng phối hợp"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let told = app.unread(&helper).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "coordinating");
    assert!(
        told[0].1.contains("đơn vị anh/chị phối hợp xử lý"),
        "{told:?}"
    );
    let r = app
        .post(
            &format!("/api/v1/incoming/{id}/assign"),
            Some(&lead),
            &json!({"handler_id": app.ids.north_specialist}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(app.unread(&helper).await.len(), 1, "still theirs to see");
    assert!(
        app.unread(&lead).await.is_empty(),
        "the lead unit's notice is settled by its assignment"
    );
    // the notice leads to the units named on the letter's page
    let page = app
        .get(&format!("/incoming/{id}"), Some(&helper))
        .await
        .text();
    assert!(page.contains("id=\"phoi-hop\""), "{page}");
    // done: the help asked is no longer waited for
    let handler = app.login("hvkien").await?;
    let r = app
        .post(
            &format!("/api/v1/incoming/{id}/complete"),
            Some(&handler),
            &json!({"text": "Đã phối hợp kiểm tra, báo cáo lãnh đạo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(app.unread(&helper).await.is_empty());
    Ok(())
}
