//! Registers, the index of dossiers and a dossier's index, printed and exported, read back with
//! poppler's `pdftotext`, `qpdf` and Python's openpyxl; on SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use lode_db::Backend;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;

lode_db::on_both_backends!(
    registers_print_what_was_registered_and_hide_what_is_secret,
    a_dossier_is_opened_filled_printed_and_closed_through_the_api,
    a_weekly_report_is_drafted_from_the_week_submitted_and_consolidated,
);

async fn register(
    app: &TestApp,
    clerk: &Session,
    notation: &str,
    subject: &str,
    secrecy: &str,
) -> anyhow::Result<i64> {
    let sha = app.upload_pdf(clerk, notation).await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(clerk),
            &json!({
                "received_on": "2026-11-20", "channel": "electronic", "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
                "notation": notation, "document_date": "2026-11-18", "type_code": "CV",
                "subject": subject, "secrecy": secrecy, "file_sha256": sha
            }),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "register: {}", r.text());
    Ok(r.json()["id"].as_i64().unwrap_or_default())
}

struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> anyhow::Result<Self> {
        let dir = std::env::temp_dir().join(format!(
            "lode-registers-{tag}-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }

    fn write(&self, name: &str, bytes: &[u8]) -> anyhow::Result<String> {
        let path = self.0.join(name);
        std::fs::write(&path, bytes)?;
        Ok(path.to_string_lossy().into_owned())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(program: &str, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| anyhow::anyhow!("{program}: {e} (run scripts/test-deps.sh)"))?;
    anyhow::ensure!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text of a PDF, after `qpdf --check` finds it sound.
fn pdf_text(scratch: &Scratch, bytes: &[u8]) -> anyhow::Result<String> {
    let path = scratch.write(&format!("{}.pdf", rand::random::<u32>()), bytes)?;
    run("qpdf", &["--check", &path])?;
    // -raw keeps each cell's words in order however the columns wrap
    run("pdftotext", &["-raw", &path, "-"])
}

/// Every cell of the first sheet, as openpyxl (the library most tools read XLSX with) sees it.
fn xlsx_cells(scratch: &Scratch, bytes: &[u8]) -> anyhow::Result<Vec<Vec<Value>>> {
    let path = scratch.write(&format!("{}.xlsx", rand::random::<u32>()), bytes)?;
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/python");
    let out = run(
        python,
        &[
            "-c",
            "import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1])\nprint(json.dumps([[c for c in r] for r in wb.active.iter_rows(values_only=True)], default=lambda v: v.isoformat()))",
            &path,
        ],
    )?;
    Ok(serde_json::from_str(&out)?)
}

async fn registers_print_what_was_registered_and_hide_what_is_secret(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let scratch = Scratch::new("print")?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let specialist = app.login("ntkhanh").await?;
    let first = register(
        &app,
        &clerk,
        "88/UBND-KT",
        "V/v thẩm định <b>trữ lượng</b> mỏ đồng Sin Quyền",
        "none",
    )
    .await?;
    register(
        &app,
        &clerk,
        "9/SNN-KS",
        "Báo cáo tình hình khai thác cát sỏi",
        "none",
    )
    .await?;
    let secret = register(
        &app,
        &clerk,
        "3/CAT-PA",
        "Phương án bảo vệ mỏ đất hiếm",
        "secret",
    )
    .await?;
    let deadline = lode_db::today() + chrono::Duration::days(9);
    let r = app
        .post(
            &format!("/api/v1/incoming/{first}/route"),
            Some(&leader),
            &json!({"lead_unit_id": app.ids.north, "deadline": deadline.to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let period = "from=2026-11-01&to=2026-11-30";
    let pdf = app
        .get(
            &format!("/api/v1/registers/incoming?{period}"),
            Some(&clerk),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text());
    assert_eq!(pdf.header("content-type"), "application/pdf");
    // named as a clerk files it: the register and its period
    assert!(
        pdf.header("content-disposition")
            .contains("so-van-ban-den-2026-11-01-2026-11-30.pdf"),
        "{}",
        pdf.header("content-disposition")
    );
    let text = pdf_text(&scratch, &pdf.body)?;
    for needle in [
        "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
        "88/UBND-KT",
        "9/SNN-KS",
        "<b>trữ lượng</b>",
        "Từ ngày 01/11/2026 đến ngày 30/11/2026",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from\n{text}");
    }
    assert!(
        !text.contains("đất hiếm"),
        "the secret one is in its own register"
    );

    let xlsx = app
        .get(
            &format!("/api/v1/registers/incoming?{period}&format=xlsx"),
            Some(&clerk),
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let cells = xlsx_cells(&scratch, &xlsx.body)?;
    assert_eq!(cells[1][0], json!("Ngày đến"), "the header row");
    let rows: Vec<&Vec<Value>> = cells.iter().skip(2).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][1], json!(1), "arrival numbers are numbers");
    assert!(
        rows[0][0]
            .as_str()
            .is_some_and(|d| d.len() == 19 && d.ends_with("T00:00:00")),
        "days are days: {:?}",
        rows[0][0]
    );
    assert_eq!(rows[0][3], json!("88/UBND-KT"));
    assert_eq!(rows[1][1], json!(2));

    // the tracking register holds the routed one with its deadline
    let tracking = app
        .get(
            &format!("/api/v1/registers/tracking?{period}"),
            Some(&leader),
        )
        .await;
    let text = pdf_text(&scratch, &tracking.body)?;
    assert!(
        text.contains(&deadline.format("%d/%m/%Y").to_string()) && text.contains("88/UBND-KT"),
        "{text}"
    );
    assert!(
        !text.contains("9/SNN-KS"),
        "not routed, no deadline: not tracked"
    );

    // the secret register: refused to the uncleared clerk, printed for the cleared leader
    let refused = app
        .get(
            &format!("/api/v1/registers/incoming?{period}&register=secret"),
            Some(&clerk),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let printed = app
        .get(
            &format!("/api/v1/registers/incoming?{period}&register=secret&format=xlsx"),
            Some(&leader),
        )
        .await;
    let cells = xlsx_cells(&scratch, &printed.body)?;
    assert!(
        cells
            .iter()
            .flatten()
            .any(|c| c.as_str().is_some_and(|s| s.contains("đất hiếm"))),
        "the cleared leader reads document {secret}"
    );

    // a specialist keeps no register; bad periods are named
    let r = app
        .get(
            &format!("/api/v1/registers/outgoing?{period}"),
            Some(&specialist),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .get(
            "/api/v1/registers/incoming?from=2026-12-01&to=2026-11-01&format=doc",
            Some(&clerk),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut codes = r.field_codes();
    codes.sort();
    assert_eq!(codes, ["format:invalid_choice", "to:before_start"]);
    assert_eq!(
        app.get("/api/v1/registers/nothing", Some(&clerk))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // the outgoing register: empty but well-formed
    let out = app
        .get(
            &format!("/api/v1/registers/outgoing?{period}"),
            Some(&clerk),
        )
        .await;
    assert!(pdf_text(&scratch, &out.body)?.contains("SỔ ĐĂNG KÝ VĂN BẢN ĐI"));
    // the page form leads to the same file
    let page = app
        .get(
            &format!("/registers/print?kind=incoming&{period}&format=pdf&unit_id="),
            Some(&clerk),
        )
        .await;
    assert_eq!(page.header("content-type"), "application/pdf");
    // or shows it on the page, row by row under the decree's columns, its downloads beside
    let shown = app
        .get(
            &format!("/registers/print?kind=incoming&{period}&format=pdf&unit_id=&show=1"),
            Some(&clerk),
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    let html = shown.text();
    let text = lode_web::testkit::visible_text(&html);
    assert!(
        text.contains("Sổ đăng ký văn bản đến")
            && text.contains("88/UBND-KT")
            && text.contains("2 kết quả"),
        "{text}"
    );
    assert!(
        html.contains("<td data-label=\"Số, ký hiệu\">88/UBND-KT</td>")
            && html.contains(&format!(
                "href=\"/registers/print?kind=incoming&amp;{}&amp;format=xlsx\"",
                period.replace('&', "&amp;")
            )),
        "{html}"
    );
    // a period with nothing in it says so
    let none = app
        .get(
            "/registers/print?kind=incoming&from=2020-01-01&to=2020-01-31&show=1",
            Some(&clerk),
        )
        .await
        .text();
    assert!(
        lode_web::testkit::visible_text(&none)
            .contains("Sổ không có dòng nào trong khoảng thời gian này."),
        "{none}"
    );
    // a period that ends before it starts: the form again, what was asked kept, the reason
    // beside the end
    let refused = app
        .get(
            "/registers/print?kind=outgoing&from=2026-06-01&to=2026-05-01&format=xlsx&unit_id=",
            Some(&clerk),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    assert!(
        html.contains("value=\"2026-06-01\"")
            && html.contains("name=\"kind\" value=\"outgoing\" checked")
            && html.contains("name=\"format\" value=\"xlsx\" checked")
            && html.contains("<a href=\"#to\">"),
        "{html}"
    );
    assert!(
        lode_web::testkit::visible_text(&html).contains("Không được trước ngày bắt đầu"),
        "{html}"
    );
    // a federation's leader chooses among the federation's own units, indented, never the
    // department's or another federation's
    let north_leader = app.login("vvhai").await?;
    let form = app.get("/registers", Some(&north_leader)).await.text();
    assert!(
        form.contains("Liên đoàn Bản đồ Địa chất miền Bắc</option>")
            && form.contains("\u{a0}Đoàn Địa chất Tây Bắc</option>")
            && !form.contains("Liên đoàn Bản đồ Địa chất miền Nam")
            && !form.contains("Văn phòng Cục"),
        "{form}"
    );
    Ok(())
}

async fn a_dossier_is_opened_filled_printed_and_closed_through_the_api(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let scratch = Scratch::new("dossier")?;
    let clerk = app.login("vanthu").await?;
    let outsider = app.login("dtkieu").await?;
    let id = register(
        &app,
        &clerk,
        "41/BTNMT-ĐCKS",
        "V/v lập hồ sơ khoáng sản",
        "none",
    )
    .await?;
    let r = app
        .post(
            "/api/v1/dossiers",
            Some(&clerk),
            &json!({"title": "Hồ sơ công tác văn thư năm 2026", "retention": "permanent"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let dossier = r.json();
    let did = dossier["id"].as_i64().unwrap_or_default();
    assert!(
        dossier["code"]
            .as_str()
            .unwrap_or("")
            .ends_with(".2026.01.VP"),
        "{dossier}"
    );
    let r = app
        .post(
            &format!("/api/v1/dossiers/{did}/items"),
            Some(&clerk),
            &json!({"incoming_id": id, "pages": 3}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["items"][0]["notation"], "41/BTNMT-ĐCKS");
    let bad = app
        .post(
            &format!("/api/v1/dossiers/{did}/items"),
            Some(&clerk),
            &json!({"incoming_id": id, "outgoing_id": 1}),
        )
        .await;
    assert_eq!(bad.field_codes(), ["incoming_id:choose_one"]);
    // closed on a day before it was opened: the closing form opens again with the day typed,
    // the reason beside it
    let version = r.json()["version"].to_string();
    let refused = app
        .form(
            &clerk,
            &format!("/dossiers/{did}/close"),
            &[("version", &version), ("on", "2026-01-05")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text();
    let closing = page
        .split("<details open><summary>Đóng hồ sơ</summary>")
        .nth(1)
        .and_then(|rest| rest.split("</details>").next())
        .unwrap_or_default();
    assert!(
        closing.contains("value=\"2026-01-05\"")
            && closing.contains("aria-invalid=\"true\"")
            && lode_web::testkit::visible_text(closing).contains("Không được trước ngày mở hồ sơ."),
        "{page}"
    );
    // said there only, not in a banner over another form
    assert_eq!(
        page.matches("Không được trước ngày mở hồ sơ.").count(),
        1,
        "{page}"
    );
    let pdf = app
        .get(&format!("/api/v1/dossiers/{did}/index"), Some(&clerk))
        .await;
    let text = pdf_text(&scratch, &pdf.body)?;
    assert!(
        text.contains("MỤC LỤC VĂN BẢN")
            && text.contains("41/BTNMT-ĐCKS")
            && text.contains("Vĩnh viễn"),
        "{text}"
    );
    // another unit's specialist learns nothing of it
    for path in [
        format!("/api/v1/dossiers/{did}"),
        format!("/api/v1/dossiers/{did}/index"),
    ] {
        assert_eq!(
            app.get(&path, Some(&outsider)).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let list = app
        .get("/api/v1/registers/dossiers?format=xlsx", Some(&clerk))
        .await;
    let cells = xlsx_cells(&scratch, &list.body)?;
    assert_eq!(cells[2][2], json!("Hồ sơ công tác văn thư năm 2026"));
    let r = app
        .post(
            &format!("/api/v1/dossiers/{did}/close"),
            Some(&clerk),
            &json!({}),
        )
        .await;
    assert_eq!(r.json()["status"], "closed");
    let page = app.get(&format!("/dossiers/{did}"), Some(&clerk)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("41/BTNMT-ĐCKS"));
    Ok(())
}

async fn a_weekly_report_is_drafted_from_the_week_submitted_and_consolidated(
    b: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::new(b).await?;
    let scratch = Scratch::new("weekly")?;
    let clerk = app.login("vanthu").await?;
    let leader = app.login("tvhung").await?;
    let fed_leader = app.login("vvhai").await?;
    let handler = app.login("hvkien").await?;
    let specialist = app.login("dtkieu").await?;
    // this week: one document routed to the northern federation and settled there
    let today = lode_db::today();
    let sha = app.upload_pdf(&clerk, "bao cao").await?;
    let r = app
        .post(
            "/api/v1/incoming",
            Some(&clerk),
            &json!({
                "received_on": today.to_string(), "channel": "electronic", "issuer": "Tổng cục Thống kê",
                "notation": "15/TCTK-CN", "document_date": today.to_string(), "type_code": "CV",
                "subject": "Đề nghị cung cấp số liệu sản lượng khai thác", "file_sha256": sha
            }),
        )
        .await;
    let id = r.json()["id"].as_i64().unwrap_or_default();
    app.post(&format!("/api/v1/incoming/{id}/route"), Some(&leader),
        &json!({"lead_unit_id": app.ids.north, "deadline": (today + chrono::Duration::days(3)).to_string()})).await;
    app.post(
        &format!("/api/v1/incoming/{id}/assign"),
        Some(&fed_leader),
        &json!({"handler_id": app.ids.north_specialist}),
    )
    .await;
    let r = app
        .post(
            &format!("/api/v1/incoming/{id}/complete"),
            Some(&handler),
            &json!({"text": "Đã gửi số liệu"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let path = format!("/api/v1/weekly-reports/{}", app.ids.north);
    // the federation's leader opens the week: a draft with the week's figures and its text
    let draft = app.get(&path, Some(&fed_leader)).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text());
    let d = draft.json();
    assert_eq!(d["status"], "draft");
    assert_eq!(
        (
            d["figures"]["received"].as_i64(),
            d["figures"]["handled"].as_i64(),
            d["figures"]["on_time"].as_i64()
        ),
        (Some(1), Some(1), Some(1)),
        "{d}"
    );
    assert!(
        d["done"].as_str().unwrap_or("").contains("15/TCTK-CN"),
        "{d}"
    );
    // a secret letter due next week is counted in the plan, never described
    let secret = register(
        &app,
        &clerk,
        "7/BCA-A05",
        "Về bảo vệ bí mật mỏ đất hiếm",
        "confidential",
    )
    .await?;
    let r = app
        .post(
            &format!("/api/v1/incoming/{secret}/route"),
            Some(&leader),
            &json!({"lead_unit_id": app.ids.north, "deadline": (today + chrono::Duration::days(3)).to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let planned = app.get(&path, Some(&fed_leader)).await.json()["planned"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        planned.contains("Giải quyết 1 văn bản mật đến hạn (không nêu nội dung)")
            && !planned.contains("đất hiếm")
            && !planned.contains("7/BCA-A05"),
        "{planned}"
    );
    // opening the week stored nothing in anyone's name: the draft is stored when saved
    assert_eq!(
        (d["id"].as_i64(), d["version"].as_i64()),
        (Some(0), Some(0)),
        "{d}"
    );
    // the report's figures are the dashboard's for the same week
    let monday = d["week_start"].as_str().unwrap_or_default().to_string();
    let sunday =
        chrono::NaiveDate::parse_from_str(&monday, "%Y-%m-%d")? + chrono::Duration::days(6);
    let dashboard = app
        .get(
            &format!("/api/v1/reports/figures?from={monday}&to={sunday}"),
            Some(&fed_leader),
        )
        .await
        .json();
    assert_eq!(
        (
            d["figures"]["received"].as_i64(),
            d["figures"]["handled"].as_i64(),
            d["figures"]["on_time"].as_i64(),
            d["figures"]["overdue"].as_i64()
        ),
        (
            dashboard["received"].as_i64(),
            dashboard["completed"].as_i64(),
            dashboard["completed_on_time"].as_i64(),
            dashboard["overdue"].as_i64()
        ),
        "{dashboard}"
    );
    // a specialist of another unit sees nothing, nor does one of a team below the federation
    // (its report speaks of documents he may not open)
    for outsider in [&specialist, &handler] {
        assert_eq!(
            app.get(&path, Some(outsider)).await.status,
            StatusCode::NOT_FOUND
        );
        let r = app
            .put(&path, Some(outsider), &json!({"proposals": "x"}))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    // a first save refused stores nothing
    let refused = app
        .put(
            &path,
            Some(&fed_leader),
            &json!({"proposals": "x".repeat(20_001), "version": 0}),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    assert_eq!(app.get(&path, Some(&fed_leader)).await.json()["id"], 0);
    let r = app
        .put(
            &path,
            Some(&fed_leader),
            &json!({"proposals": "Đề nghị bổ sung kinh phí khảo sát", "version": 0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // saved: stored in its writer's name, at its first version
    assert_eq!(
        (
            r.json()["version"].as_i64(),
            r.json()["author_name"].is_string()
        ),
        (Some(1), true),
        "{}",
        r.text()
    );
    // a second writer still on the unsaved draft is told it changed
    let stale = app
        .put(
            &path,
            Some(&fed_leader),
            &json!({"proposals": "cũ", "version": 0}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let r = app
        .post(&format!("{path}/submit"), Some(&fed_leader), &json!({}))
        .await;
    assert_eq!(r.json()["status"], "submitted");
    assert_eq!(
        app.put(&path, Some(&fed_leader), &json!({"done": "late"}))
            .await
            .status,
        StatusCode::CONFLICT,
        "submitted reports no longer change"
    );
    // submitted, still not the team's to read
    assert_eq!(
        app.get(&path, Some(&handler)).await.status,
        StatusCode::NOT_FOUND
    );
    // nor a specialist of the federation itself: its report gathers the reports of the teams
    // below, which quote documents he may not open
    let fed_member = app
        .staff("ltquang", "Lê Thế Quang", app.ids.north, &["specialist"])
        .await?;
    assert_eq!(
        app.get(&path, Some(&fed_member)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            &format!("/weekly?unit_id={}", app.ids.north),
            Some(&fed_member)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // opened without naming a unit (his own), the page says whose the report is
    let own = app.get("/weekly", Some(&fed_member)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(
        own.text().contains("do lãnh đạo đơn vị lập"),
        "{}",
        own.text()
    );
    assert!(!own.text().contains("15/TCTK-CN"));
    // the department's report gathers what the federation submitted
    let dept = app
        .get(
            &format!("/api/v1/weekly-reports/{}", app.ids.dept),
            Some(&leader),
        )
        .await
        .json();
    assert!(
        dept["done"].as_str().unwrap_or("").contains("Liên đoàn"),
        "{dept}"
    );
    assert!(
        dept["done"].as_str().unwrap_or("").contains("15/TCTK-CN"),
        "{dept}"
    );
    assert_eq!(
        dept["figures"]["received"].as_i64(),
        Some(1),
        "the register's documents"
    );
    // nor is the department's
    assert_eq!(
        app.get(
            &format!("/api/v1/weekly-reports/{}", app.ids.dept),
            Some(&handler)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // the page tells a specialist who writes the report, without a link leading back to itself
    let own = app.get("/weekly", Some(&handler)).await;
    assert_eq!(own.status, StatusCode::OK);
    let said = lode_web::testkit::visible_text(&own.text());
    assert!(said.contains("do lãnh đạo đơn vị lập"), "{said}");
    assert_eq!(
        own.text().matches("href=\"/weekly?").count(),
        2,
        "the weeks before and after only: {}",
        own.text()
    );
    let pdf = app.get(&format!("{path}/pdf"), Some(&leader)).await;
    let text = pdf_text(&scratch, &pdf.body)?;
    assert!(
        text.contains("BÁO CÁO") && text.contains("Đề nghị bổ sung kinh phí khảo sát"),
        "{text}"
    );
    let bad = app
        .get(&format!("{path}?week=tuesday"), Some(&leader))
        .await;
    assert_eq!(bad.field_codes(), ["week:invalid_date"]);
    let page = app
        .get(&format!("/weekly?unit_id={}", app.ids.dept), Some(&leader))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // through the page's forms: writing the text again from the figures replaces what was
    // written, and is done only when confirmed; sending says it was sent
    let week = lode_db::today().to_string();
    let at = format!("/weekly/save?unit_id={}&week={week}", app.ids.dept);
    let shown = |r: &lode_web::testkit::Resp| lode_web::testkit::visible_text(&r.text());
    let saved = app
        .form(
            &leader,
            &at,
            &[
                ("action", "save"),
                ("version", "0"),
                ("done", "Đã họp giao ban quý IV"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    assert!(saved.header("location").ends_with("&done=save"));
    // sent without saying what was done: refused beside the text, nothing sent
    let empty = app
        .form(
            &leader,
            &at,
            &[
                ("action", "submit"),
                ("version", "1"),
                ("done", "  "),
                ("confirm_submit", "1"),
            ],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = shown(&empty);
    assert!(
        refused.contains("Dự thảo") && refused.contains("Không được để trống"),
        "{refused}"
    );
    // sent without ticking the box: refused beside it, what was typed still in the form
    let hasty = app
        .form(
            &leader,
            &at,
            &[
                ("action", "submit"),
                ("version", "1"),
                ("done", "Đã thẩm định hai hồ sơ cấp phép"),
                ("planned", "Kiểm tra mỏ đá Lạng Sơn"),
            ],
        )
        .await;
    assert_eq!(hasty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = hasty.text();
    assert!(
        html.contains("Đã thẩm định hai hồ sơ cấp phép")
            && html.contains("Kiểm tra mỏ đá Lạng Sơn")
            && shown(&hasty).contains("Hãy đánh dấu ô xác nhận")
            && html.contains("id=\"confirm_submit\""),
        "{html}"
    );
    // said where the page opens, too, with a link down to the box
    let top = html
        .split("action=\"/weekly/save")
        .next()
        .unwrap_or_default();
    assert!(
        top.contains("role=\"alert\"") && top.contains("href=\"#confirm_submit\""),
        "{top}"
    );
    let unconfirmed = app
        .form(&leader, &at, &[("action", "redraft"), ("version", "1")])
        .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = shown(&unconfirmed);
    assert!(
        refused.contains("Hãy đánh dấu ô xác nhận") && refused.contains("Đã họp giao ban quý IV"),
        "{refused}"
    );
    let redrafted = app
        .form(
            &leader,
            &at,
            &[("action", "redraft"), ("version", "1"), ("confirm", "1")],
        )
        .await;
    assert_eq!(
        redrafted.status,
        StatusCode::SEE_OTHER,
        "{}",
        redrafted.text()
    );
    let page = app.get(&redrafted.header("location"), Some(&leader)).await;
    assert!(shown(&page).contains("Đã lập lại nội dung từ số liệu"));
    assert!(!shown(&page).contains("Đã họp giao ban quý IV"));
    let sent = app
        .form(
            &leader,
            &at,
            &[
                ("action", "submit"),
                ("version", "2"),
                ("confirm_submit", "1"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text());
    let page = shown(&app.get(&sent.header("location"), Some(&leader)).await);
    assert!(
        page.contains("Đã gửi báo cáo tuần") && page.contains("gửi lúc"),
        "{page}"
    );
    Ok(())
}
