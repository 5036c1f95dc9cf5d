//! Data submitted to the archive, on SQLite and PostgreSQL: a business files a dossier of the
//! submission procedure with its files; once the one-stop desk accepts it, the archive's staff
//! find it waiting, open its files, check it against the checklist, and either accept it (it
//! enters the catalogue, its files queued for reading, with a numbered receipt sealed by the
//! organisation that becomes the dossier's result) or return it with the reasons (a numbered
//! notice, sealed, its result too). Nothing is half-written when a decision is refused.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use lode_db::Backend;
use serde_json::json;

lode_db::on_both_backends!(
    submitted_data_are_checked_then_catalogued_with_a_sealed_receipt,
    submitted_data_are_returned_with_the_reasons,
);

/// A dossier of data submitted by `minhphat`, accepted at the desk: its id.
async fn submitted(app: &TestApp, officer: &common::Session, title: &str) -> anyhow::Result<i64> {
    let business = app.login("minhphat").await?;
    let r = app
        .post(
            "/api/v1/applications",
            Some(&business),
            &json!({"procedure_code": "2.002318", "phone": "0912 345 678",
                "values": {"report_title": title, "volumes": "3", "drawings_count": "5"}}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    for key in ["transmittal", "data_list", "report"] {
        let r = app
            .raw(
                Method::PUT,
                &format!("/api/v1/applications/{id}/documents/{key}?name={key}.pdf"),
                Some(&business),
                "application/pdf",
                lode_db::demo::sample_pdf(&[title, key]),
            )
            .await;
        anyhow::ensure!(r.status == StatusCode::OK, "{key}: {}", r.text());
    }
    let r = app
        .post(
            &format!("/api/v1/applications/{id}/submit"),
            Some(&business),
            &json!({}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::OK, "{}", r.text());
    let r = app
        .post(
            &format!("/api/v1/desk/applications/{id}"),
            Some(officer),
            &json!({"decision": "accept"}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::OK, "{}", r.text());
    Ok(id)
}

async fn seal(app: &TestApp) -> anyhow::Result<()> {
    let admin = app.login("admin").await?;
    let r = app
        .post(
            "/api/v1/certificates/issue",
            Some(&admin),
            &json!({"holder_unit_id": app.ids.dept}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    Ok(())
}

async fn submission_of(app: &TestApp, dossier: i64) -> anyhow::Result<i64> {
    lode_archive::submissions::intake(&app.state.db).await?;
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM archive_submissions WHERE application_id = $1")
            .bind(dossier)
            .fetch_one(app.state.db.pool())
            .await?;
    Ok(id)
}

/// Runs the queued papers' jobs.
async fn make_papers(app: &TestApp) -> anyhow::Result<usize> {
    let mut n = 0;
    while let Some(job) = lode_db::jobs::claim(
        &app.state.db,
        "test",
        &[lode_archive::submissions::PAPER_JOB],
        std::time::Duration::from_secs(60),
    )
    .await?
    {
        let id = job.payload["submission_id"].as_i64().unwrap_or_default();
        lode_archive::web::papers::make(&app.state, id).await?;
        lode_db::jobs::complete(&app.state.db, &job).await?;
        n += 1;
    }
    Ok(n)
}

/// The text of a PDF, and whether its one signature is valid and the organisation's.
fn read_paper(pdf: &[u8]) -> anyhow::Result<String> {
    let reports = lode_sign::verify::verify(pdf)?;
    anyhow::ensure!(reports.len() == 1, "{} signatures", reports.len());
    anyhow::ensure!(
        reports[0].valid(),
        "{}",
        lode_sign::verify::to_text(&reports)
    );
    use std::io::Write as _;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or_else(|| anyhow::anyhow!("pdftotext's input"))?
        .write_all(pdf)?;
    let text = child.wait_with_output()?;
    // lines wrapped on the page read as one
    Ok(String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" "))
}

const ALL_CHECKS: [(&str, &str); 5] = [
    ("checked", "transmittal"),
    ("checked", "data_list"),
    ("checked", "complete"),
    ("checked", "readable"),
    ("checked", "metadata"),
];

async fn submitted_data_are_checked_then_catalogued_with_a_sealed_receipt(
    b: Backend,
) -> anyhow::Result<()> {
    let app = common::with_services_and_ca(b, true).await?;
    seal(&app).await?;
    let keeper = common::archivist(&app, "tthuong", "confidential").await?;
    let business = app.login("minhphat").await?;
    let officer = app.one_stop_officer().await?;
    // nothing waits before the desk has accepted a dossier
    let list = app.get("/luu-tru/giao-nop", Some(&keeper)).await;
    assert_eq!(list.status, StatusCode::OK);
    let title = "Báo cáo kết quả thăm dò quặng thiếc khu Sơn Dương";
    let dossier = submitted(&app, &officer, title).await?;
    // the list makes the pending submission as it is read
    let list = app.get("/luu-tru/giao-nop", Some(&keeper)).await.text();
    assert!(list.contains(title), "{}", common::visible_text(&list));
    assert!(list.contains("Chờ kiểm tra"));
    // the archive's own: not the desk, not the submitter
    assert_eq!(
        app.get("/luu-tru/giao-nop", Some(&officer)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/luu-tru/giao-nop", Some(&business)).await.status,
        StatusCode::FORBIDDEN
    );
    let id = submission_of(&app, dossier).await?;
    let page = app
        .get(&format!("/luu-tru/giao-nop/{id}"), Some(&keeper))
        .await
        .text();
    let shown = common::visible_text(&page);
    assert!(shown.contains("Công ty"), "{shown}");
    assert!(shown.contains("Văn bản giao nộp có chữ ký"), "{shown}");
    // the form is filled from what was submitted
    assert!(page.contains(&format!("value=\"{title}\"")), "{shown}");
    let report = app
        .get(&format!("/luu-tru/giao-nop/{id}/tep/report"), Some(&keeper))
        .await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(report.header("content-type"), "application/pdf");
    let action = format!("/luu-tru/giao-nop/{id}");
    let records = |app: &TestApp| {
        let db = app.state.db.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM archive_records")
                .fetch_one(db.pool())
                .await?;
            anyhow::Ok(n)
        }
    };
    let entry = [
        ("archive_number", "LT-2026/9001"),
        ("title", title),
        ("kind", "dataset"),
        ("organisation", "Công ty Cổ phần Khoáng sản Minh Phát"),
        ("year", "2026"),
        ("volumes", "3"),
        ("drawings", "5"),
        ("access", "consult"),
        ("copy_allowed", "true"),
    ];
    // one check missing: refused beside the checklist, nothing written
    let mut form: Vec<(&str, &str)> = entry.to_vec();
    form.extend(&ALL_CHECKS[..4]);
    form.push(("decision", "accept"));
    let r = app.form(&keeper, &action, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let shown = common::visible_text(&r.text());
    assert!(
        shown.contains("Chỉ thu nhận khi mọi nội dung kiểm tra đều đạt"),
        "{shown}"
    );
    assert_eq!(records(&app).await?, 0);
    // a bad entry: its field's message, nothing written
    let mut form: Vec<(&str, &str)> = entry
        .iter()
        .map(|(k, v)| {
            if *k == "year" {
                (*k, "năm ngoái")
            } else {
                (*k, *v)
            }
        })
        .collect();
    form.extend(&ALL_CHECKS);
    form.push(("decision", "accept"));
    let r = app.form(&keeper, &action, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Năm không hợp lệ"));
    assert_eq!(records(&app).await?, 0);
    // every check passed: accepted
    let mut form: Vec<(&str, &str)> = entry.to_vec();
    form.extend(&ALL_CHECKS);
    form.push(("decision", "accept"));
    let r = app.form(&keeper, &action, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = app.get(&format!("{action}?done=1"), Some(&keeper)).await;
    let shown = common::visible_text(&page.text());
    assert!(
        shown.contains("Đã thu nhận tài liệu vào lưu trữ"),
        "{shown}"
    );
    assert!(shown.contains("1/BB-LTĐC"), "{shown}");
    // decided once: the same form again is a conflict
    let r = app.form(&keeper, &action, &form).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(records(&app).await?, 1);
    // the record, with the submitted data (not the transmittal letter) queued for reading
    let (record, kind, access): (i64, String, String) = sqlx::query_as(
        "SELECT id, kind, access FROM archive_records WHERE archive_number = 'LT-2026/9001'",
    )
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!((kind.as_str(), access.as_str()), ("dataset", "consult"));
    let files = app
        .get(
            &format!("/api/v1/archive/records/{record}/files"),
            Some(&keeper),
        )
        .await
        .json();
    let names: Vec<&str> = files
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(names, ["data_list.pdf", "report.pdf"], "{files}");
    assert!(lode_db::jobs::pending(&app.state.db, lode_archive::digitise::SPLIT).await?);
    // the receipt, sealed, becomes the dossier's result
    assert_eq!(make_papers(&app).await?, 1);
    let dossier_now = app
        .get(&format!("/api/v1/applications/{dossier}"), Some(&business))
        .await
        .json();
    assert_eq!(dossier_now["status"], "result_ready", "{dossier_now}");
    let result = app
        .get(
            &format!("/api/v1/applications/{dossier}/result"),
            Some(&business),
        )
        .await;
    assert_eq!(result.status, StatusCode::OK);
    let text = read_paper(&result.body)?;
    assert!(
        text.contains("BIÊN BẢN GIAO NHẬN TÀI LIỆU, DỮ LIỆU ĐỊA CHẤT, KHOÁNG SẢN"),
        "{text}"
    );
    assert!(text.contains("Số: 1/BB-LTĐC"), "{text}");
    assert!(text.contains("LT-2026/9001"), "{text}");
    assert!(text.contains("Hà Nội, ngày"), "{text}");
    // the same paper for the archive's staff; the submitter is told
    let page = app.get(&action, Some(&keeper)).await.text();
    assert!(page.contains(&format!("{action}/bien-ban")));
    let paper = app.get(&format!("{action}/bien-ban"), Some(&keeper)).await;
    assert_eq!(paper.body, result.body);
    let audit: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_log WHERE entity_type = 'archive_submission' ORDER BY seq",
    )
    .fetch_all(app.state.db.pool())
    .await?;
    assert_eq!(audit, [("archive_submission.accept".to_string(),)]);
    Ok(())
}

async fn submitted_data_are_returned_with_the_reasons(b: Backend) -> anyhow::Result<()> {
    let app = common::with_services_and_ca(b, true).await?;
    let keeper = common::archivist(&app, "tthuong", "confidential").await?;
    let business = app.login("minhphat").await?;
    let officer = app.one_stop_officer().await?;
    let dossier = submitted(
        &app,
        &officer,
        "Báo cáo điều tra khoáng sản tỉnh Tuyên Quang",
    )
    .await?;
    let id = submission_of(&app, dossier).await?;
    let action = format!("/luu-tru/giao-nop/{id}");
    // a return needs its reasons, written beside the field
    let mut form: Vec<(&str, &str)> = ALL_CHECKS[..2].to_vec();
    form.push(("decision", "return"));
    let r = app.form(&keeper, &action, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("id=\"reasons\""));
    let reasons = "Thiếu 3 bản vẽ mặt cắt theo danh mục; tệp báo cáo thiếu chương 4.";
    form.push(("reasons", reasons));
    let r = app.form(&keeper, &action, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // without the organisation's key the paper waits, its failure shown with a way to retry
    let job = lode_db::jobs::claim(
        &app.state.db,
        "test",
        &[lode_archive::submissions::PAPER_JOB],
        std::time::Duration::from_secs(60),
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("the paper's job is queued"))?;
    let made = lode_archive::web::papers::make(&app.state, id).await;
    assert!(made.is_err(), "no key, no paper");
    sqlx::query("UPDATE jobs SET state = 'failed' WHERE id = $1")
        .bind(job.id)
        .execute(app.state.db.pool())
        .await?;
    let shown = common::visible_text(&app.get(&action, Some(&keeper)).await.text());
    assert!(shown.contains("Chưa ký số được văn bản"), "{shown}");
    seal(&app).await?;
    let r = app.form(&keeper, &format!("{action}/lam-lai"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(make_papers(&app).await?, 1);
    let result = app
        .get(
            &format!("/api/v1/applications/{dossier}/result"),
            Some(&business),
        )
        .await;
    assert_eq!(result.status, StatusCode::OK);
    let text = read_paper(&result.body)?;
    assert!(text.contains("THÔNG BÁO TRẢ LẠI"), "{text}");
    assert!(text.contains("Số: 1/TB-LTĐC"), "{text}");
    assert!(text.contains("Thiếu 3 bản vẽ mặt cắt"), "{text}");
    assert!(text.contains("Chưa đạt"), "{text}");
    let (records,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM archive_records")
        .fetch_one(app.state.db.pool())
        .await?;
    assert_eq!(records, 0, "a returned submission enters nothing");
    // a dossier its submitter withdrew while it waited is decided no more: nothing written
    let dossier = submitted(&app, &officer, "Báo cáo thăm dò đá vôi khu Hòa Bình").await?;
    let id = submission_of(&app, dossier).await?;
    let r = app
        .post(
            &format!("/api/v1/applications/{dossier}/withdraw"),
            Some(&business),
            &json!({"reason": "Nộp nhầm báo cáo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let mut form: Vec<(&str, &str)> = ALL_CHECKS.to_vec();
    form.extend([
        ("archive_number", "LT-2026/9002"),
        ("title", "Báo cáo thăm dò đá vôi khu Hòa Bình"),
        ("kind", "exploration_report"),
        ("access", "public"),
        ("decision", "accept"),
    ]);
    let r = app
        .form(&keeper, &format!("/luu-tru/giao-nop/{id}"), &form)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert!(
        common::visible_text(&r.text()).contains("không còn trong giai đoạn giải quyết"),
        "told in words"
    );
    let (records,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM archive_records")
        .fetch_one(app.state.db.pool())
        .await?;
    assert_eq!(records, 0, "nothing half-written");
    Ok(())
}
