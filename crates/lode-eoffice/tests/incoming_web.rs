//! Incoming documents through the API and the pages, on SQLite and PostgreSQL.

mod common;

use axum::http::{Method, StatusCode};
use common::{Session, TestApp, visible_text};
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    the_incoming_flow_through_the_api,
    uploads_are_checked_before_anything_is_stored,
    secret_documents_show_nothing_to_the_uncleared,
    the_outgoing_flow_through_the_api,
    the_figures_count_what_happened,
    administrators_set_the_review_chain_of_a_type,
);

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
    let sha = app.upload_pdf(&clerk, "Cong van 12/BNNMT-DCKS").await?;
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
    // the audit log names the letter by its arrival number and the sender's notation, not by
    // the row it sits in nor by what it says
    let admin = app.login("admin").await?;
    let log = visible_text(
        &app.get("/audit?entity_type=incoming", Some(&admin))
            .await
            .text(),
    );
    assert!(
        log.contains("Văn bản đến: 1/2026 · 12/BNNMT-ĐCKS") && !log.contains("V/v báo cáo"),
        "{log}"
    );
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
    // the leader's navigation counts what waits for them
    let leader_actor = lode_db::accounts::get(&app.state.db, app.ids.leader)
        .await?
        .actor();
    assert_eq!(
        lode_eoffice::incoming::waiting_counts(&app.state.db, &leader_actor).await?,
        (2, 0)
    );
    let home = app.get("/", Some(&leader)).await.text();
    assert!(
        // the count says in words what it counts (the phone's menu shows them)
        home.contains(
            "<span class=\"nav-count\" title=\"Văn bản chờ bạn xử lý\">2<span class=\"count-word\"> chờ xử lý</span></span>"
        ),
        "{home}"
    );
    // and so does a page open to all, read signed in
    let open = app.get("/verify", Some(&leader)).await.text();
    assert!(
        open.contains("<span class=\"nav-count\" title=\"Văn bản chờ bạn xử lý\">2<"),
        "{open}"
    );
    // the flow
    let path = |step: &str| format!("/api/v1/incoming/{id}/{step}");
    assert_eq!(
        app.get(&format!("/api/v1/incoming/{id}"), Some(&outsider))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // the leader's deadline, and the unit's own earlier one
    let (leaders_day, units_day) = (
        lode_db::today() + chrono::Duration::days(25),
        lode_db::today() + chrono::Duration::days(21),
    );
    let r = app.post(&path("route"), Some(&leader), &json!({"lead_unit_id": app.ids.north, "deadline": leaders_day.to_string(), "note": "Liên đoàn chủ trì, báo cáo trước hạn"})).await;
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
            &json!({"handler_id": app.ids.north_specialist, "deadline": units_day.to_string(),
                    "note": "Đ/c chủ trì, xin ý kiến phòng Kỹ thuật"}),
        )
        .await;
    assert_eq!(r.json()["status"], "assigned", "{}", r.text());
    // the audit log says to whom it went and by when, never the instructions written
    let log = audit_of(&app, &admin, id).await;
    // asked for by its arrival as the register writes it, or its sender's notation, the log
    // finds the same entries
    let arrival = app
        .get(&format!("/api/v1/incoming/{id}"), Some(&clerk))
        .await
        .json();
    let named = format!("{}/{}", arrival["arrival_number"], arrival["year"]);
    let by_id = app
        .get(
            &format!("/audit?entity_type=incoming&entity_id={id}"),
            Some(&admin),
        )
        .await
        .text();
    let notation = arrival["details"]["notation"].as_str().unwrap_or("?");
    for name in [named.as_str(), notation] {
        let by_name = app
            .get(
                &format!("/audit?entity_id={}", name.replace('/', "%2F")),
                Some(&admin),
            )
            .await
            .text();
        assert_eq!(
            by_name.matches("<tr").count(),
            by_id.matches("<tr").count(),
            "{name}: {}",
            visible_text(&by_name)
        );
        assert!(visible_text(&by_name).contains("Đơn vị chủ trì"), "{name}");
    }
    assert!(
        log.contains("Đơn vị chủ trì") && log.contains("Người xử lý") && log.contains("Hạn xử lý"),
        "{log}"
    );
    assert!(
        !log.contains("báo cáo trước hạn") && !log.contains("xin ý kiến"),
        "{log}"
    );
    // the handler reads both instructions on the document, not only in its history
    let page = visible_text(
        &app.get(&format!("/incoming/{id}"), Some(&handler))
            .await
            .text(),
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(
        page.contains("Ý kiến chỉ đạo Liên đoàn chủ trì, báo cáo trước hạn")
            && page.contains(
                "Ý kiến giao việc của lãnh đạo đơn vị Đ/c chủ trì, xin ý kiến phòng Kỹ thuật"
            ),
        "{page}"
    );
    // the unit's own earlier deadline, and the one the leader gave, both read
    assert!(
        page.contains(&format!("Hạn xử lý {}", units_day.format("%d/%m/%Y")))
            && page.contains(&format!(
                "Hạn lãnh đạo giao {}",
                leaders_day.format("%d/%m/%Y")
            )),
        "{page}"
    );
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
    // what was done stands among the letter's facts, with who said it
    let page = visible_text(
        &app.get(&format!("/incoming/{id}"), Some(&handler))
            .await
            .text(),
    );
    assert!(
        page.contains("Kết quả xử lý  Đã báo cáo —  Hà Văn Kiên"),
        "{page}"
    );
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
    assert_eq!(
        steps,
        [
            "register",
            "verify_signatures",
            "route",
            "assign",
            "complete"
        ],
        "an electronic document's signatures are checked as it is registered"
    );
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
    // an arrival named as the register writes it: that one, not the words' matches
    let first = &listed["items"][0];
    let reference = format!(
        "{}/{}",
        first["arrival_number"].as_i64().unwrap_or_default(),
        first["year"].as_i64().unwrap_or_default()
    );
    let found = app
        .get(&format!("/api/v1/incoming?q={reference}"), Some(&clerk))
        .await
        .json();
    assert_eq!(found["items"].as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found["items"][0]["id"], first["id"]);
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
    let sha = app.upload_pdf(&clerk, "x").await?;
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
    let sha = app.upload_pdf(&clerk, "Mat").await?;
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
    // the audit log names it by its entry alone: the administrator is not cleared either
    let admin = app.login("admin").await?;
    let log = audit_of(&app, &admin, id).await;
    assert!(
        log.contains("Văn bản đến: 1/2026") && !log.contains("5/KH-BCA") && !log.contains("bảo vệ"),
        "{log}"
    );
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

async fn the_outgoing_flow_through_the_api(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let author = app.login("ntkhanh").await?;
    let office_leader = app.login("dvthang").await?;
    let leader = app.login("tvhung").await?;
    let clerk = app.login("vanthu").await?;
    let fed_leader = app.login("vvhai").await?;
    let pdf = app.upload_pdf(&author, "Du thao").await?;
    // a DOCX is a ZIP holding [Content_Types].xml and word/: a minimal one is enough
    let mut docx = b"PK\x03\x04".to_vec();
    docx.extend_from_slice(b"....[Content_Types].xml....word/document.xml....");
    let r = app
        .raw(
            Method::POST,
            "/api/v1/files",
            Some(&author),
            lode_eoffice::outgoing::DOCX,
            docx,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let source = r.json()["sha256"].as_str().unwrap_or_default().to_string();
    let fake = app
        .raw(
            Method::POST,
            "/api/v1/files",
            Some(&author),
            lode_eoffice::outgoing::DOCX,
            "not a zip",
        )
        .await;
    assert_eq!(fake.field_codes(), vec!["body:not_a_docx".to_string()]);
    let r = app
        .post(
            "/api/v1/outgoing",
            Some(&author),
            &json!({
                "type_code": "CV", "subject": "V/v đôn đốc báo cáo thống kê trữ lượng khoáng sản",
                "recipient_unit_ids": [app.ids.north], "recipients_outside": "UBND tỉnh Lào Cai",
                "pdf_sha256": pdf, "source_sha256": source, "source_name": "cong-van.docx"
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let path = |step: &str| format!("/api/v1/outgoing/{id}/{step}");
    // nobody else sees a draft
    assert_eq!(
        app.get(&format!("/api/v1/outgoing/{id}"), Some(&clerk))
            .await
            .status,
        StatusCode::OK,
        "the clerks keep the body's register"
    );
    assert_eq!(
        app.get(&format!("/api/v1/outgoing/{id}"), Some(&fed_leader))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(&path("submit"), Some(&author), &json!({}))
            .await
            .json()["status"],
        "in_review"
    );
    assert_eq!(
        app.post(&path("approve"), Some(&leader), &json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "the unit leader reviews first"
    );
    assert_eq!(
        app.post(
            &path("approve"),
            Some(&office_leader),
            &json!({"text": "Đồng ý"})
        )
        .await
        .json()["awaiting"],
        "body_leader"
    );
    assert_eq!(
        app.post(&path("approve"), Some(&leader), &json!({}))
            .await
            .json()["status"],
        "approved"
    );
    assert_eq!(
        app.post(&path("issue"), Some(&author), &json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // not signed in lode: numbered only on the clerk's word that the leader signed on paper
    let unsigned = app.post(&path("issue"), Some(&clerk), &json!({})).await;
    assert_eq!(
        unsigned.field_codes(),
        ["signed_on_paper:unsigned"],
        "{}",
        unsigned.text()
    );
    let issued = app
        .post(
            &path("issue"),
            Some(&clerk),
            &json!({"signed_on_paper": true}),
        )
        .await
        .json();
    assert_eq!(issued["notation"], "01/ĐCKS-VP");
    // it leaves as the scan of the paper signed
    let unsigned = app.post(&path("send"), Some(&clerk), &json!({})).await;
    assert_eq!(
        unsigned.field_codes(),
        ["pdf:scan_needed"],
        "{}",
        unsigned.text()
    );
    let scan = app.upload_pdf(&clerk, "Ban quet").await?;
    let r = app
        .post(
            &path("paper-scan"),
            Some(&clerk),
            &json!({"pdf_sha256": scan}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        app.post(&path("send"), Some(&clerk), &json!({}))
            .await
            .json()["status"],
        "sent"
    );
    // it arrived in the federation's register; its leader reads it
    let arrived = app.get("/api/v1/incoming", Some(&fed_leader)).await.json();
    let first = &arrived["items"][0];
    assert_eq!(first["details"]["notation"], "01/ĐCKS-VP");
    assert_eq!(first["details"]["channel"], "internal");
    assert_eq!(
        app.get(&format!("/api/v1/outgoing/{id}"), Some(&fed_leader))
            .await
            .status,
        StatusCode::OK,
        "recipients see what was sent to them"
    );
    let pdf_back = app
        .get(&format!("/api/v1/outgoing/{id}/versions/1"), Some(&leader))
        .await;
    assert_eq!(pdf_back.header("content-type"), "application/pdf");
    let tl = app.get(&path("timeline"), Some(&author)).await.json();
    assert_eq!(tl.as_array().map(Vec::len), Some(7));
    // the province outside gets a dispatch whose package is kept for the exchange
    let dispatches = app.get(&path("dispatches"), Some(&clerk)).await.json();
    assert_eq!(dispatches[0]["recipient"], "UBND tỉnh Lào Cai");
    assert_eq!(dispatches[0]["state"], "awaiting_exchange");
    assert_eq!(dispatches[0]["envelope"]["code_number"], "01");
    assert_eq!(dispatches[0]["envelope"]["code_notation"], "ĐCKS-VP");
    let dispatch = dispatches[0]["id"].as_i64().unwrap_or_default();
    let zip = app
        .get(
            &format!("/api/v1/outgoing/{id}/dispatches/{dispatch}/package"),
            Some(&clerk),
        )
        .await;
    assert_eq!(zip.header("content-type"), "application/zip");
    let listing = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys,zipfile,io,json\nz=zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))\nassert z.testzip() is None\nfor n in z.namelist(): print(n, len(z.read(n)))\nprint(json.loads(z.read('envelope.json'))['subject'])",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            if let Some(mut i) = c.stdin.take() {
                i.write_all(&zip.body)?;
            }
            c.wait_with_output()
        })?;
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    assert!(listing.contains("envelope.json"), "{listing}");
    assert!(listing.contains("01-ĐCKS-VP.pdf"), "{listing}");
    assert!(
        listing.contains("V/v đôn đốc báo cáo thống kê trữ lượng khoáng sản"),
        "{listing}"
    );
    assert_eq!(
        app.get(&path("dispatches"), Some(&app.login("dtkieu").await?))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "not for another unit's people"
    );
    // the pages render for each of them
    for who in [&author, &office_leader, &leader, &clerk, &fed_leader] {
        for page in [
            "/outgoing".to_string(),
            format!("/outgoing/{id}"),
            "/outgoing/new".to_string(),
        ] {
            let r = app.get(&page, Some(who)).await;
            assert_eq!(r.status, StatusCode::OK, "{page}");
            assert!(!r.text().contains(lode_web::i18n::MISSING), "{page}");
        }
    }
    Ok(())
}

async fn the_figures_count_what_happened(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let fed_leader = app.login("vvhai").await?;
    let handler = app.login("hvkien").await?;
    let sha = app.upload_pdf(&clerk, "x").await?;
    let today = lode_db::today().to_string();
    // the ministry (guessed from its name) twice, then a province on paper (said by the clerk)
    for (i, channel) in ["electronic", "electronic", "paper"].iter().enumerate() {
        let mut doc = letter(&sha, &format!("{}/BNNMT-ĐCKS", 10 + i));
        doc["channel"] = json!(channel);
        if i == 2 {
            doc["issuer"] = json!("Ủy ban nhân dân tỉnh Hà Giang");
            doc["issuer_scope"] = json!("outside");
        }
        doc["received_on"] = json!(today);
        doc["document_date"] = json!(today);
        assert_eq!(
            app.post("/api/v1/incoming", Some(&clerk), &doc)
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let first = app
        .get("/api/v1/incoming?limit=1", Some(&clerk))
        .await
        .json()["items"][0]["id"]
        .as_i64()
        .unwrap_or_default();
    app.post(
        &format!("/api/v1/incoming/{first}/route"),
        Some(&leader),
        &json!({"lead_unit_id": app.ids.north, "deadline": "2099-01-01"}),
    )
    .await;
    app.post(
        &format!("/api/v1/incoming/{first}/assign"),
        Some(&fed_leader),
        &json!({"handler_id": app.ids.north_specialist}),
    )
    .await;
    app.post(
        &format!("/api/v1/incoming/{first}/complete"),
        Some(&handler),
        &json!({"text": "Đã báo cáo số liệu"}),
    )
    .await;
    let f = app
        .get("/api/v1/reports/figures", Some(&leader))
        .await
        .json();
    assert_eq!(
        (f["received"].as_i64(), f["received_electronic"].as_i64()),
        (Some(3), Some(2)),
        "{f}"
    );
    assert_eq!(
        (f["completed"].as_i64(), f["completed_on_time"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        (
            f["received_ministry"].as_i64(),
            f["received_ministry_electronic"].as_i64(),
            f["received_outside"].as_i64(),
            f["received_outside_electronic"].as_i64()
        ),
        (Some(2), Some(2), Some(1), Some(0)),
        "inside the ministry and outside apart: {f}"
    );
    let mut bad = letter(&sha, "99/X");
    bad["issuer_scope"] = json!("organisation");
    let r = app.post("/api/v1/incoming", Some(&clerk), &bad).await;
    assert_eq!(
        r.field_codes(),
        ["issuer_scope:invalid_choice"],
        "only lode delivers from its own units"
    );
    // the federation's leader: what the federation answers for, its own register (empty here)
    // and the department's letters it was given to lead (the one settled above), not the
    // department's others
    let g = app
        .get("/api/v1/reports/figures", Some(&fed_leader))
        .await
        .json();
    assert_eq!(
        (
            g["received"].as_i64(),
            g["completed"].as_i64(),
            g["completed_on_time"].as_i64()
        ),
        (Some(1), Some(1), Some(1)),
        "{g}"
    );
    assert_eq!(
        app.get("/api/v1/reports/figures", Some(&handler))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad = app
        .get(
            "/api/v1/reports/figures?from=2026-12-01&to=2026-01-01",
            Some(&leader),
        )
        .await;
    assert_eq!(bad.field_codes(), vec!["to:before_from".to_string()]);
    let page = app.get("/dashboard", Some(&leader)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("<svg") && !page.text().contains(lode_web::i18n::MISSING));
    Ok(())
}

async fn administrators_set_the_review_chain_of_a_type(b: Backend) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let admin = app.login("admin").await?;
    let author = app.login("ntkhanh").await?;
    let leader = app.login("tvhung").await?;
    let path = "/api/v1/admin/document-types/TB";
    assert_eq!(
        app.get("/api/v1/admin/document-types", Some(&author))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // every wrong field at once, nothing changed
    let r = app
        .put(path, Some(&admin), &json!({"name": "", "notation_code": "tb", "review_chain": ["body_leader", "unit_leader"]}))
        .await;
    let mut codes = r.field_codes();
    codes.sort();
    assert_eq!(
        codes,
        [
            "name:required",
            "notation_code:invalid_code",
            "review_chain:out_of_order"
        ]
    );
    // the letters of another type in use are not taken
    let r = app
        .put(
            path,
            Some(&admin),
            &json!({"name": "Thông báo", "notation_code": "CT", "review_chain": ["body_leader"]}),
        )
        .await;
    assert_eq!(r.field_codes(), ["notation_code:taken"]);
    // notices (thông báo) go straight to the agency leader
    let r = app
        .put(
            path,
            Some(&admin),
            &json!({"name": "Thông báo", "notation_code": "TB", "review_chain": ["body_leader"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["review_chain"], json!(["body_leader"]));
    let pdf = app.upload_pdf(&author, "Thong bao").await?;
    let r = app
        .post(
            "/api/v1/outgoing",
            Some(&author),
            &json!({"type_code": "TB", "subject": "Thông báo lịch họp giao ban", "pdf_sha256": pdf, "recipient_unit_ids": [app.ids.north]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/submit"),
            Some(&author),
            &json!({}),
        )
        .await;
    assert_eq!(r.json()["awaiting"], "body_leader", "{}", r.text());
    let r = app
        .post(
            &format!("/api/v1/outgoing/{id}/approve"),
            Some(&leader),
            &json!({}),
        )
        .await;
    assert_eq!(r.json()["status"], "approved");
    // a new type; a taken code is refused
    let r = app
        .post("/api/v1/admin/document-types", Some(&admin),
            &json!({"code": "BCĐ", "name": "Báo cáo định kỳ", "notation_code": "BCĐ", "review_chain": ["unit_leader", "body_leader"]}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let again = app
        .post(
            "/api/v1/admin/document-types",
            Some(&admin),
            &json!({"code": "BCĐ", "name": "x", "review_chain": ["unit_leader"]}),
        )
        .await;
    assert_eq!(again.field_codes(), ["code:taken"]);
    let listed = app
        .get("/api/v1/document-types", Some(&author))
        .await
        .text();
    assert!(listed.contains("Báo cáo định kỳ"));
    let page = app.get("/admin/types", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Báo cáo định kỳ"));
    // a row refused from the page: the type named where the page opens, what was typed kept
    // in its row and marked; the form adding one keeps what was typed beside its errors
    let r = app
        .form(
            &admin,
            "/admin/types/TB",
            &[("name", "Thông báo"), ("notation_code", "TB!!")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let html = r.text();
    let text = visible_text(&html);
    assert!(text.contains("Chưa lưu loại văn bản TB"), "{text}");
    assert!(text.contains("Gồm 1–10 chữ cái"), "{text}");
    assert!(
        html.contains(
            "value=\"TB!!\" size=\"5\" aria-label=\"Chữ viết tắt\" aria-invalid=\"true\""
        ),
        "{html}"
    );
    let r = app
        .form(
            &admin,
            "/admin/types/new",
            &[("code", "BCĐK"), ("name", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let html = r.text();
    assert!(
        visible_text(&html).contains("Chưa thêm loại văn bản"),
        "{html}"
    );
    assert!(html.contains("value=\"BCĐK\""), "{html}");
    let audit = app
        .get("/api/v1/audit?entity_type=document_type", Some(&admin))
        .await
        .json();
    assert_eq!(audit["items"].as_array().map(Vec::len), Some(2));
    // the log's page names the action and each setting by its words, never a code
    let log = visible_text(
        &app.get("/audit?entity_type=document_type", Some(&admin))
            .await
            .text(),
    );
    assert!(
        log.contains("Thêm loại văn bản") && log.contains("Sửa loại văn bản"),
        "{log}"
    );
    assert!(log.contains("Người duyệt dự thảo"), "{log}");
    for code in [
        "document_type.",
        "missing",
        "review_chain",
        "notation_code",
        "unit_leader",
    ] {
        assert!(!log.contains(code), "{code}: {log}");
    }
    Ok(())
}

/// What the audit log shows its administrator of incoming document `id`.
async fn audit_of(app: &TestApp, admin: &Session, id: i64) -> String {
    visible_text(
        &app.get(
            &format!("/audit?entity_type=incoming&entity_id={id}"),
            Some(admin),
        )
        .await
        .text(),
    )
}
