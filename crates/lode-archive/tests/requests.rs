//! An applicant asks for records, on SQLite and PostgreSQL: records put into a request (a
//! state-secret one cannot be), the fee worked out by the procedure's rule from the records'
//! volumes and drawings, the pages to copy required and checked, and the request filed as a
//! dossier of the procedure for geological documents, with the request form lode writes,
//! waiting at the one-stop desk; through the API and through the pages.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    a_request_for_records_becomes_a_dossier_at_the_desk,
    an_approved_consultation_is_read_online_watermarked,
    certified_copies_are_signed_by_the_organisation,
    a_reading_room_visit_is_booked_on_a_working_day,
    a_refusal_settles_the_dossier_with_its_reason,
);

async fn record(
    app: &TestApp,
    keeper: &common::Session,
    number: &str,
    access: &str,
) -> anyhow::Result<i64> {
    let r = app
        .post(
            "/api/v1/archive/records",
            Some(keeper),
            &json!({"archive_number": number, "title": format!("Báo cáo thăm dò {number}"),
                "kind": "exploration_report", "access": access, "volumes": "2",
                "appendices": "1", "drawings": "4", "copy_allowed": access != "secret"}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    Ok(r.json()["id"].as_i64().unwrap_or_default())
}

/// Where dossier `id` stands, and whether a letter of it entered the e-office (the archive
/// decides on its own pages: none should).
async fn standing(app: &TestApp, id: i64) -> anyhow::Result<(String, bool)> {
    let (status, letter): (String, Option<i64>) =
        sqlx::query_as("SELECT status, incoming_id FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await?;
    Ok((status, letter.is_some()))
}

/// The one-stop desk accepts the request's dossier.
async fn accept_at_desk(app: &TestApp, officer: &common::Session, dossier: i64) {
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{dossier}"),
            Some(officer),
            &json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

async fn a_request_for_records_becomes_a_dossier_at_the_desk(b: Backend) -> anyhow::Result<()> {
    let app = common::with_services(b).await?;
    let keeper = common::archivist(&app, "tthuong", "confidential").await?;
    let business = app.login("minhphat").await?;
    let officer = app.one_stop_officer().await?;
    let public = record(&app, &keeper, "LT-1", "public").await?;
    let restricted = record(&app, &keeper, "LT-2", "restricted").await?;
    let secret = record(&app, &keeper, "LT-3", "secret").await?;
    // staff ask nothing of the archive: the requests' address takes them to those they decide
    let asked = app.get("/luu-tru/yeu-cau", Some(&keeper)).await;
    assert_eq!(
        (asked.status, asked.header("location")),
        (
            StatusCode::SEE_OTHER,
            "/luu-tru/yeu-cau-khai-thac".to_string()
        )
    );
    for id in [public, restricted] {
        let r = app
            .post(
                "/api/v1/archive/request/items",
                Some(&business),
                &json!({"record_id": id}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let r = app
        .post(
            "/api/v1/archive/request/items",
            Some(&business),
            &json!({"record_id": secret}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "a secret record is never asked for online"
    );
    // staff do not file requests
    let r = app.get("/api/v1/archive/request", Some(&keeper)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let req = app
        .get("/api/v1/archive/request", Some(&business))
        .await
        .json();
    assert_eq!(req["items"].as_array().map(Vec::len), Some(2), "{req}");
    // two catalogue visits, six volumes (volumes and appendices), eight drawings
    assert_eq!(
        req["fee"]["amount"],
        2 * 6000 + 6 * 9000 + 8 * 8500,
        "{req}"
    );
    // copies need their pages, checked
    let submit = "/api/v1/archive/request/submit";
    let r = app
        .post(submit, Some(&business), &json!({"kind": "copy", "purpose": "Lập dự án đầu tư",
            "phone": "0912 345 678", "pages": {public.to_string(): "1-3, 7", restricted.to_string(): "5-2"}}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let codes = r.field_codes();
    assert!(
        codes.contains(&format!("pages.{restricted}:invalid_pages"))
            && !codes.contains(&format!("pages.{restricted}:required")),
        "what was typed wrong is said, not that nothing was: {codes:?}"
    );
    let r = app
        .post(
            submit,
            Some(&business),
            &json!({"kind": "copy", "purpose": "",
            "phone": "0912 345 678", "pages": {public.to_string(): "1-3, 7"}}),
        )
        .await;
    let codes = r.field_codes();
    assert!(codes.contains(&"purpose:required".to_string()), "{codes:?}");
    assert!(
        codes.contains(&format!("pages.{restricted}:required")),
        "{codes:?}"
    );
    let r = app
        .post(submit, Some(&business), &json!({"kind": "copy", "purpose": "Lập dự án đầu tư khai thác",
            "phone": "0912 345 678", "pages": {public.to_string(): "1-3, 7", restricted.to_string(): "2"}}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let dossier: Value = r.json();
    assert_eq!(dossier["status"], "submitted", "{dossier}");
    assert_eq!(dossier["procedure_code"], "DCKS.14");
    assert_eq!(dossier["fee_amount"], 2 * 6000 + 6 * 9000 + 8 * 8500);
    assert_eq!(dossier["values"]["access"], "copy");
    let wanted = dossier["values"]["documents_wanted"].as_str().unwrap_or("");
    assert!(
        wanted.contains("Số lưu trữ: LT-1 (trang 1-3, 7), LT-2 (trang 2)")
            && wanted.contains("Cấp bản sao"),
        "the desk reads the pages to copy on the dossier: {wanted}"
    );
    let code = dossier["code"].as_str().unwrap_or("").to_string();
    // the request form lode wrote is the dossier's paper
    let id = dossier["id"].as_i64().unwrap_or_default();
    // written from the form the applicant filled in while signed in: no signature of theirs
    // is asked of it, of them or of the desk
    for (page, who) in [
        (format!("/mot-cua/{id}"), &officer),
        (format!("/ho-so/{id}"), &business),
    ] {
        let html = app.get(&page, Some(who)).await.text();
        let shown = common::visible_text(&html);
        if page.starts_with("/mot-cua") {
            assert!(
                html.contains("id=\"fee-owed\""),
                "the fee owed, where the desk decides"
            );
        }
        assert!(
            shown.contains("Phiếu yêu cầu")
                && !shown.contains("Chưa ký số")
                && !shown.contains("chưa có chữ ký số"),
            "{page}: {shown}"
        );
    }
    let form = app
        .get(&format!("/ho-so/{id}/tai-lieu/request"), Some(&business))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let text = {
        let file = app.db.dir.join("request.pdf");
        std::fs::write(&file, &form.body)?;
        let out = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()?;
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    assert!(text.contains("PHIẾU YÊU CẦU CUNG CẤP THÔNG TIN"), "{text}");
    assert!(
        text.contains("Công ty Cổ phần Khoáng sản Minh Phát"),
        "{text}"
    );
    // at the desk
    let desk = app
        .get("/api/v1/desk/applications", Some(&officer))
        .await
        .json();
    assert!(desk.to_string().contains(&code), "{desk}");
    // the next request starts empty
    let req = app
        .get("/api/v1/archive/request", Some(&business))
        .await
        .json();
    assert_eq!(req["items"].as_array().map(Vec::len), Some(0), "{req}");
    // through the pages: added from the record's page, filed from the request's
    let r = app
        .form(
            &business,
            "/luu-tru/yeu-cau/them",
            &[("record_id", &public.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = app.get(&r.header("location"), Some(&business)).await.text();
    assert!(
        page.contains("Đã thêm tài liệu vào yêu cầu"),
        "the step says it was done"
    );
    assert!(
        page.contains("6.000"),
        "the fee as Vietnamese writes amounts: {}",
        common::visible_text(&page)
    );
    let r = app
        .form(
            &business,
            "/luu-tru/yeu-cau",
            &[
                ("kind", "consult"),
                ("purpose", ""),
                ("phone", "0912 345 678"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Không được để trống"),
        "the purpose's error in Vietnamese"
    );
    // a record not scanned is not read online: the reading room is offered instead
    let r = app
        .form(
            &business,
            "/luu-tru/yeu-cau",
            &[
                ("kind", "consult"),
                ("purpose", "Nghiên cứu"),
                ("phone", "0912 345 678"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(
        page.contains("chưa được số hóa nên không đọc trực tuyến"),
        "{page}"
    );
    assert!(
        page.contains("value=\"consult\" disabled")
            && page.contains("value=\"reading_room\" checked"),
        "{page}"
    );
    let r = app
        .form(
            &business,
            "/luu-tru/yeu-cau",
            &[
                ("kind", "reading_room"),
                ("purpose", "Nghiên cứu"),
                ("phone", "0912 345 678"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(
        r.header("location").starts_with("/ho-so/"),
        "to the dossier's page"
    );
    // accepted at the desk, the archive's staff are told; withdrawn by its applicant before a
    // decision, what told them is settled
    let dossier: i64 = r
        .header("location")
        .trim_start_matches("/ho-so/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_default();
    accept_at_desk(&app, &officer, dossier).await;
    assert!(lode_archive::requests::tell_waiting(&app.state.db).await? >= 1);
    let open_notices = || async {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM notifications
             WHERE message = 'archive_request_waiting' AND read_at IS NULL",
        )
        .fetch_one(app.state.db.pool())
        .await?;
        anyhow::Ok(n)
    };
    assert!(open_notices().await? >= 1);
    let r = app
        .post(
            &format!("/api/v1/applications/{dossier}/withdraw"),
            Some(&business),
            &json!({"reason": "Không cần nữa"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        lode_archive::requests::tell_waiting(&app.state.db).await?,
        0
    );
    assert_eq!(open_notices().await?, 0, "settled once no longer waiting");
    Ok(())
}

/// The desk accepts the dossier, the archive's leader approves: the applicant reads the pages of
/// a record open on request only, as watermarked images, each page served logged; before the
/// approval, and for someone else, they stay closed.
async fn an_approved_consultation_is_read_online_watermarked(b: Backend) -> anyhow::Result<()> {
    let app = common::with_services(b).await?;
    let keeper = common::archivist(&app, "tthuong", "confidential").await?;
    let business = app.login("minhphat").await?;
    let officer = app.one_stop_officer().await?;
    let consult = record(&app, &keeper, "LT-10", "consult").await?;
    // one scanned page, counted (no need to read it to show it)
    let pages = lode_archive::scans::report_pages("Sin Quyền", "Lào Cai", "đồng", 1);
    let r = app
        .raw(
            axum::http::Method::POST,
            &format!("/api/v1/archive/records/{consult}/files?name=scan.tif"),
            Some(&keeper),
            "application/octet-stream",
            lode_archive::scans::scan(&pages).await?,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    while let Some(job) = lode_db::jobs::claim(
        &app.state.db,
        "test",
        &[lode_archive::digitise::SPLIT],
        std::time::Duration::from_secs(60),
    )
    .await?
    {
        lode_archive::digitise::run(&app.state.db, &app.state.blobs, &job).await?;
        lode_db::jobs::complete(&app.state.db, &job).await?;
    }
    let view = format!("/luu-tru/{consult}/trang/1");
    let image = format!("{view}/anh");
    assert_eq!(
        app.get(&view, Some(&business)).await.status,
        StatusCode::FORBIDDEN
    );
    app.post(
        "/api/v1/archive/request/items",
        Some(&business),
        &json!({"record_id": consult}),
    )
    .await;
    let r = app
        .post(
            "/api/v1/archive/request/submit",
            Some(&business),
            &json!({"kind": "consult", "purpose": "Nghiên cứu", "phone": "0912 345 678"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let dossier = r.json()["id"].as_i64().unwrap_or_default();
    let (request,): (i64,) =
        sqlx::query_as("SELECT id FROM archive_requests WHERE application_id = $1")
            .bind(dossier)
            .fetch_one(app.state.db.pool())
            .await?;
    // not before the desk accepts
    let decide = format!("/luu-tru/yeu-cau-khai-thac/{request}");
    let r = app.form(&keeper, &decide, &[("decision", "approve")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    accept_at_desk(&app, &officer, dossier).await;
    assert_eq!(
        app.get(&view, Some(&business)).await.status,
        StatusCode::FORBIDDEN,
        "not yet approved"
    );
    let list = app.get("/luu-tru/yeu-cau-khai-thac", Some(&keeper)).await;
    assert!(
        list.text().contains("Đã tiếp nhận"),
        "the dossier's status in words"
    );
    assert!(
        common::visible_text(&list.text()).contains("chưa thanh toán trực tuyến"),
        "the fee owed, known before deciding"
    );
    // the archive's staff find it from their home page and from the archive's page
    let home = app.get("/", Some(&keeper)).await.text();
    assert!(
        home.contains("Yêu cầu khai thác chờ quyết định")
            && home.contains(&format!(
                "href=\"/luu-tru/yeu-cau-khai-thac#request-{request}\""
            )),
        "{home}"
    );
    let archive = app.get("/luu-tru", Some(&keeper)).await.text();
    for link in [
        "/luu-tru/yeu-cau-khai-thac",
        "/luu-tru/giao-nop",
        "/luu-tru/thong-ke",
    ] {
        assert!(archive.contains(&format!("href=\"{link}\"")), "{link}");
    }
    // and are told of it, once however often the intake runs, in lode and by e-mail
    assert!(lode_archive::requests::tell_waiting(&app.state.db).await? >= 1);
    assert_eq!(
        lode_archive::requests::tell_waiting(&app.state.db).await?,
        0
    );
    let notices = app.get("/notifications", Some(&keeper)).await.text();
    assert!(
        notices.contains("yêu cầu khai thác tài liệu chờ quyết định"),
        "{notices}"
    );
    let link = format!("/luu-tru/yeu-cau-khai-thac#request-{request}");
    let unread = |db: lode_db::Db, link: String| async move {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM notifications WHERE link = $1 AND read_at IS NULL",
        )
        .bind(link)
        .fetch_one(db.pool())
        .await?;
        anyhow::Ok(n)
    };
    assert!(unread(app.state.db.clone(), link.clone()).await? >= 1);
    let figures = app.get("/luu-tru/thong-ke", Some(&keeper)).await;
    assert_eq!(figures.status, StatusCode::OK, "{}", figures.text());
    assert!(figures.text().contains("Thống kê lưu trữ"));
    assert_eq!(
        app.get("/luu-tru/thong-ke", Some(&business)).await.status,
        StatusCode::FORBIDDEN
    );
    let year = chrono::Datelike::year(&lode_db::today());
    let served = |figures: Value| {
        figures["months"]
            .as_array()
            .map(|m| m.iter().filter_map(|x| x["requests"].as_i64()).sum::<i64>())
    };
    let figures = app
        .get("/api/v1/archive/figures", Some(&keeper))
        .await
        .json();
    assert_eq!(
        served(figures),
        Some(0),
        "nothing served before the decision"
    );
    let r = app.form(&keeper, &decide, &[("decision", "approve")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        unread(app.state.db.clone(), link).await?,
        0,
        "decided: the staff's notices are settled"
    );
    // the answer is given online: the dossier is settled on time; no letter of it ever waited
    // in the e-office for the leaders to route
    assert_eq!(
        standing(&app, dossier).await?,
        ("returned".to_string(), false)
    );
    let stats = lode_services::handling::statistics(&app.state.db, year, lode_db::today()).await?;
    assert_eq!(
        (stats.total.on_time, stats.total.in_progress),
        (1, 0),
        "{:?}",
        stats.total
    );
    // form 05 names the archive's own steps: taken from the desk, answered online
    let sheet = app
        .get(
            &format!("/api/v1/desk/applications/{dossier}/control-sheet"),
            Some(&officer),
        )
        .await
        .json();
    let kinds: Vec<&str> = sheet["rows"]
        .as_array()
        .map(|r| r.iter().filter_map(|x| x["kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(kinds, ["taken_by_unit", "answered_online"], "{sheet}");
    let figures = app
        .get("/api/v1/archive/figures", Some(&keeper))
        .await
        .json();
    assert_eq!(served(figures), Some(1));
    let own = common::visible_text(
        &app.get(&format!("/ho-so/{dossier}"), Some(&business))
            .await
            .text(),
    );
    assert!(own.contains("kết quả được trả trực tuyến"), "{own}");
    assert!(
        own.contains("được đọc tài liệu trực tuyến đến hết ngày"),
        "the day reading ends, on the dossier: {own}"
    );
    assert!(!own.contains("Tải kết quả"), "no file to download: {own}");
    // read online, watermarked, logged
    let page = app.get(&view, Some(&business)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(
        page.text().contains("Mỗi trang được ghi dấu tên bạn"),
        "the reader is told"
    );
    assert!(!page.text().contains("textarea"), "no text to take away");
    let marked = app.get(&image, Some(&business)).await;
    assert_eq!(marked.status, StatusCode::OK);
    assert_eq!(marked.header("content-type"), "image/png");
    let plain = app.get(&image, Some(&keeper)).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_ne!(
        marked.body, plain.body,
        "the applicant's copy carries the watermark"
    );
    let (views,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM archive_page_views WHERE request_id = $1")
            .bind(request)
            .fetch_one(app.state.db.pool())
            .await?;
    assert_eq!(views, 1);
    // someone else has no such grant
    lode_db::accounts::create_external(
        &app.state.db,
        &lode_db::AuditCtx::system("test"),
        &lode_db::accounts::NewExternal {
            kind: "citizen".into(),
            username: "nvtam".into(),
            full_name: "Nguyễn Văn Tâm".into(),
            email: "nvtam@example.vn".into(),
            phone: None,
            organisation_name: None,
            tax_code: None,
            address: None,
            representative: None,
            password: common::PASSWORD.into(),
        },
    )
    .await?;
    let other = app.login("nvtam").await?;
    assert_eq!(
        app.get(&image, Some(&other)).await.status,
        StatusCode::FORBIDDEN
    );
    // the archive's figures count the request served and the page delivered
    let figures = app
        .get("/api/v1/archive/figures", Some(&keeper))
        .await
        .json();
    assert_eq!(figures["digitised_records"], 1, "{figures}");
    assert_eq!(figures["months"][0]["requests"], 1, "{figures}");
    assert_eq!(figures["months"][0]["pages"], 1, "{figures}");
    assert_eq!(
        app.get("/api/v1/archive/figures", Some(&business))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let leader = app.login("tvhung").await?;
    let dashboard = app.get("/dashboard", Some(&leader)).await.text();
    assert!(
        dashboard.contains("Hồ sơ đã số hóa") && dashboard.contains("Phục vụ khai thác theo tháng"),
        "{}",
        common::visible_text(&dashboard)
    );
    // the applicant's page lists the request, approved, with its pages to read
    let mine = app.get("/luu-tru/yeu-cau", Some(&business)).await.text();
    assert!(
        mine.contains("Đã phê duyệt") && mine.contains("Đọc trực tuyến"),
        "{}",
        common::visible_text(&mine)
    );
    Ok(())
}

/// Copies of a restricted record: only the archive centre's leader approves them; the pages
/// asked for are made into one PDF, each page framed with the copy's words, signed by the
/// organisation, and downloaded by the applicant alone.
async fn certified_copies_are_signed_by_the_organisation(b: Backend) -> anyhow::Result<()> {
    let app = common::with_services_and_ca(b, true).await?;
    let admin = app.login("admin").await?;
    let r = app
        .post(
            "/api/v1/certificates/issue",
            Some(&admin),
            &json!({"holder_unit_id": app.ids.dept}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let keeper = common::archivist(&app, "tthuong", "confidential").await?;
    let leader = common::staff(&app, "nvphuc", &["archivist", "unit_leader"]).await?;
    let business = app.login("minhphat").await?;
    let officer = app.one_stop_officer().await?;
    let id = record(&app, &keeper, "LT-20", "restricted").await?;
    let pages = lode_archive::scans::report_pages("Sin Quyền", "Lào Cai", "đồng", 3);
    let r = app
        .raw(
            axum::http::Method::POST,
            &format!("/api/v1/archive/records/{id}/files?name=scan.tif"),
            Some(&keeper),
            "application/octet-stream",
            lode_archive::scans::scan(&pages).await?,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let run = |kinds: &'static [&'static str]| {
        let app = &app;
        async move {
            while let Some(job) = lode_db::jobs::claim(
                &app.state.db,
                "test",
                kinds,
                std::time::Duration::from_secs(60),
            )
            .await?
            {
                if job.kind == lode_archive::requests::COPY_JOB {
                    let request = job.payload["request_id"].as_i64().unwrap_or_default();
                    lode_archive::web::copies::make(&app.state, request).await?;
                } else {
                    lode_archive::digitise::run(&app.state.db, &app.state.blobs, &job).await?;
                }
                lode_db::jobs::complete(&app.state.db, &job).await?;
            }
            anyhow::Ok(())
        }
    };
    run(&[lode_archive::digitise::SPLIT]).await?;
    app.post(
        "/api/v1/archive/request/items",
        Some(&business),
        &json!({"record_id": id}),
    )
    .await;
    // the scan holds three pages: a fourth is not asked for
    let r = app
        .post(
            "/api/v1/archive/request/submit",
            Some(&business),
            &json!({"kind": "copy", "purpose": "Hồ sơ đề nghị cấp phép", "phone": "0912 345 678",
                "pages": {id.to_string(): "1-4"}}),
        )
        .await;
    assert_eq!(
        r.field_codes(),
        [format!("pages.{id}:pages_beyond")],
        "{}",
        r.text()
    );
    let r = app
        .post(
            "/api/v1/archive/request/submit",
            Some(&business),
            &json!({"kind": "copy", "purpose": "Hồ sơ đề nghị cấp phép", "phone": "0912 345 678",
                "pages": {id.to_string(): "1-2"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let dossier = r.json()["id"].as_i64().unwrap_or_default();
    let (request,): (i64,) =
        sqlx::query_as("SELECT id FROM archive_requests WHERE application_id = $1")
            .bind(dossier)
            .fetch_one(app.state.db.pool())
            .await?;
    accept_at_desk(&app, &officer, dossier).await;
    // the archivist's home says it waits for the leader; the leader's does not
    let said =
        |home: String| common::visible_text(&home).contains("chờ lãnh đạo Trung tâm phê duyệt");
    assert!(said(app.get("/", Some(&keeper)).await.text()));
    assert!(!said(app.get("/", Some(&leader)).await.text()));
    let decide = format!("/luu-tru/yeu-cau-khai-thac/{request}");
    let r = app.form(&keeper, &decide, &[("decision", "approve")]).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "copies are the leader's to approve"
    );
    let r = app.form(&leader, &decide, &[("decision", "approve")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // approved copies are not yet a result
    assert_eq!(
        standing(&app, dossier).await?,
        ("accepted".to_string(), false)
    );
    let mine = app.get("/luu-tru/yeu-cau", Some(&business)).await.text();
    assert!(
        mine.contains("Bản sao đang được lập"),
        "{}",
        common::visible_text(&mine)
    );
    run(&[lode_archive::requests::COPY_JOB]).await?;
    let mine = app.get("/luu-tru/yeu-cau", Some(&business)).await.text();
    let link = format!("/luu-tru/yeu-cau/{request}/ban-sao");
    assert!(mine.contains(&link), "{}", common::visible_text(&mine));
    // the signed copies are the dossier's result; downloading them
    // collects it
    assert_eq!(
        standing(&app, dossier).await?,
        ("result_ready".to_string(), false)
    );
    let copy = app.get(&link, Some(&business)).await;
    assert_eq!(copy.status, StatusCode::OK);
    assert_eq!(copy.header("content-type"), "application/pdf");
    assert_eq!(standing(&app, dossier).await?.0, "returned");
    let result = app
        .get(&format!("/ho-so/{dossier}/ket-qua"), Some(&business))
        .await;
    assert_eq!(result.body, copy.body, "the dossier's result is the copies");
    let history = common::visible_text(
        &app.get(&format!("/ho-so/{dossier}"), Some(&business))
            .await
            .text(),
    );
    assert!(
        history.contains("văn bản số 1/BS-LTĐC (Bản sao tài liệu lưu trữ"),
        "the copies go out under the archive's own number: {history}"
    );
    // two pages, the copy's words on them, the organisation's valid signature
    let file = app.db.dir.join("copy.pdf");
    std::fs::write(&file, &copy.body)?;
    let info = std::process::Command::new("pdfinfo").arg(&file).output()?;
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()));
    assert_eq!(pages.as_deref(), Some("2"), "{info}");
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("BẢN SAO TÀI LIỆU LƯU TRỮ"), "{text}");
    assert!(text.contains("Số lưu trữ LT-20, trang 2"), "{text}");
    let reports = lode_sign::verify::verify(&copy.body)?;
    assert_eq!(reports.len(), 1);
    assert!(
        reports[0].valid(),
        "{}",
        lode_sign::verify::to_text(&reports)
    );
    assert!(
        reports[0]
            .signer
            .as_deref()
            .unwrap_or("")
            .contains("Cục Địa chất"),
        "{:?}",
        reports[0].signer
    );
    // the copies are the applicant's alone
    assert_eq!(
        app.get(&link, Some(&officer)).await.status,
        StatusCode::FORBIDDEN
    );
    Ok(())
}

/// Paper in the reading room: the archive approves by booking a visit, on a working day within
/// the room's hours (refused beside the field otherwise, nothing decided), and the applicant
/// reads the appointment on the page and in a notification.
async fn a_reading_room_visit_is_booked_on_a_working_day(b: Backend) -> anyhow::Result<()> {
    let app = common::with_services(b).await?;
    let keeper = common::archivist(&app, "tthuong", "confidential").await?;
    let business = app.login("minhphat").await?;
    let officer = app.one_stop_officer().await?;
    let id = record(&app, &keeper, "LT-30", "public").await?;
    app.post(
        "/api/v1/archive/request/items",
        Some(&business),
        &json!({"record_id": id}),
    )
    .await;
    let r = app
        .post(
            "/api/v1/archive/request/submit",
            Some(&business),
            &json!({"kind": "reading_room", "purpose": "Đối chiếu bản vẽ gốc",
                "phone": "0912 345 678"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let dossier = r.json()["id"].as_i64().unwrap_or_default();
    let (request,): (i64,) =
        sqlx::query_as("SELECT id FROM archive_requests WHERE application_id = $1")
            .bind(dossier)
            .fetch_one(app.state.db.pool())
            .await?;
    accept_at_desk(&app, &officer, dossier).await;
    // the desk is told the archive answers it, not a reply in the e-office
    let desk = common::visible_text(
        &app.get(&format!("/mot-cua/{dossier}"), Some(&officer))
            .await
            .text(),
    );
    assert!(
        desk.contains("trả lời hồ sơ này trên trang của mình"),
        "{desk}"
    );
    let list = app
        .get("/luu-tru/yeu-cau-khai-thac", Some(&keeper))
        .await
        .text();
    assert!(
        list.contains("type=\"datetime-local\""),
        "the visit is booked on the page"
    );
    let decide = format!("/luu-tru/yeu-cau-khai-thac/{request}");
    let calendar = lode_db::calendar::calendar(&app.state.db).await?;
    let today = lode_archive::today();
    let mut working = today;
    let mut off = today;
    for _ in 0..30 {
        working = working.succ_opt().unwrap_or(working);
        if calendar.is_working_day(working) {
            break;
        }
    }
    for _ in 0..30 {
        off = off.succ_opt().unwrap_or(off);
        if !calendar.is_working_day(off) {
            break;
        }
    }
    for (at, words) in [
        (String::new(), "Không được để trống"),
        (format!("{off}T09:00"), "Phòng đọc chỉ mở vào ngày làm việc"),
        (format!("{working}T12:15"), "Giờ hẹn phải trong giờ mở cửa"),
    ] {
        let r = app
            .form(
                &keeper,
                &decide,
                &[("decision", "approve"), ("appointment", &at)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{at}");
        let shown = common::visible_text(&r.text());
        assert!(shown.contains(words), "{at}: {shown}");
    }
    let (decision,): (Option<String>,) =
        sqlx::query_as("SELECT decision FROM archive_requests WHERE id = $1")
            .bind(request)
            .fetch_one(app.state.db.pool())
            .await?;
    assert_eq!(decision, None, "a refused booking decides nothing");
    let at = format!("{working}T09:30");
    let note = "Xin mang theo giấy giới thiệu của công ty";
    let r = app
        .form(
            &keeper,
            &decide,
            &[
                ("decision", "approve"),
                ("appointment", &at),
                ("note", note),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let day = working.format("%d/%m/%Y").to_string();
    let mine = common::visible_text(&app.get("/luu-tru/yeu-cau", Some(&business)).await.text());
    assert!(
        mine.contains("Lịch hẹn tại phòng đọc") && mine.contains(&day) && mine.contains("09:30"),
        "{mine}"
    );
    let notes = app
        .get("/api/v1/notifications", Some(&business))
        .await
        .json();
    let told = notes.to_string();
    assert!(
        told.contains("lịch hẹn đọc tài liệu tại phòng đọc"),
        "{notes}"
    );
    assert!(told.contains("09:30") && told.contains(&day), "{notes}");
    assert!(
        told.contains(note),
        "the archive's note reaches the applicant: {notes}"
    );
    assert!(mine.contains(note), "{mine}");
    assert!(!mine.contains("đang giải quyết · Đã phê duyệt"), "{mine}");
    // the dossier's own history says it too, and its page says it first, where the code and
    // the promised day stand
    let page = app
        .get(&format!("/ho-so/{dossier}"), Some(&business))
        .await
        .text();
    let history = common::visible_text(&page);
    let said = format!("hẹn đọc tài liệu tại phòng đọc lúc 09:30 ngày {day}");
    assert!(history.contains(&said), "{history}");
    let top = page.split("<h2").next().unwrap_or_default();
    let top_said = common::visible_text(top);
    assert!(
        top.contains("id=\"answer\"")
            && top_said.contains(&said)
            && top_said.contains(&format!("Ghi chú của đơn vị giải quyết: {note}"))
            && top.contains("href=\"/luu-tru/yeu-cau\""),
        "{top}"
    );
    Ok(())
}

/// A refusal says why, beside its field, or decides nothing; said, it is the dossier's answer:
/// the dossier is settled, and the applicant reads the
/// reason.
async fn a_refusal_settles_the_dossier_with_its_reason(b: Backend) -> anyhow::Result<()> {
    let app = common::with_services(b).await?;
    let keeper = common::archivist(&app, "tthuong", "confidential").await?;
    let business = app.login("minhphat").await?;
    let officer = app.one_stop_officer().await?;
    let id = record(&app, &keeper, "LT-40", "public").await?;
    app.post(
        "/api/v1/archive/request/items",
        Some(&business),
        &json!({"record_id": id}),
    )
    .await;
    let r = app
        .post(
            "/api/v1/archive/request/submit",
            Some(&business),
            &json!({"kind": "reading_room", "purpose": "Đối chiếu", "phone": "0912 345 678"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let dossier = r.json()["id"].as_i64().unwrap_or_default();
    let (request,): (i64,) =
        sqlx::query_as("SELECT id FROM archive_requests WHERE application_id = $1")
            .bind(dossier)
            .fetch_one(app.state.db.pool())
            .await?;
    accept_at_desk(&app, &officer, dossier).await;
    let decide = format!("/luu-tru/yeu-cau-khai-thac/{request}");
    let r = app.form(&keeper, &decide, &[("decision", "refuse")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        common::visible_text(&r.text()).contains("Không được để trống"),
        "the reason's box says it is needed"
    );
    assert_eq!(
        standing(&app, dossier).await?,
        ("accepted".to_string(), false),
        "a refusal without its reason decides nothing"
    );
    let why = "Phòng đọc đang sửa chữa đến hết tháng";
    let r = app
        .form(&keeper, &decide, &[("decision", "refuse"), ("note", why)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        standing(&app, dossier).await?,
        ("returned".to_string(), false)
    );
    let own = common::visible_text(
        &app.get(&format!("/ho-so/{dossier}"), Some(&business))
            .await
            .text(),
    );
    // said first, where the applicant looks, not only down in the history
    let page = app
        .get(&format!("/ho-so/{dossier}"), Some(&business))
        .await
        .text();
    let top = common::visible_text(page.split("<h2").next().unwrap_or_default());
    assert!(
        top.contains(&format!(
            "Trung tâm Lưu trữ từ chối yêu cầu khai thác tài liệu: {why}"
        )),
        "{top}"
    );
    assert!(own.contains(why), "{own}");
    // a refusal owes no fee: nothing offered to pay, and a payment begun is refused
    assert!(own.contains("không phải nộp phí"), "{own}");
    assert!(!page.contains("id=\"pay\""), "no payment offered");
    let r = app
        .form(&business, &format!("/ho-so/{dossier}/thanh-toan"), &[])
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    // decided once: a second decision is a conflict, not a second answer
    let r = app.form(&keeper, &decide, &[("decision", "approve")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    Ok(())
}
