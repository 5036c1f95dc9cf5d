//! The catalogue in and out as CSV, on SQLite and PostgreSQL: a legacy catalogue (Vietnamese
//! headers, `;` as spreadsheets write it) tried first, every refused row reported with its line
//! and why, nothing written; then imported, the good rows searchable at once, one audit entry;
//! the export read back by an import field for field.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use lode_db::Backend;
use serde_json::Value;

lode_db::on_both_backends!(
    a_legacy_catalogue_is_tried_imported_and_exported,
    a_catalogue_kept_in_excel_is_imported_from_its_workbook,
);

async fn send(app: &TestApp, who: Option<&common::Session>, path: &str, csv: &str) -> common::Resp {
    app.raw(Method::POST, path, who, "text/csv", csv.as_bytes().to_vec())
        .await
}

async fn count(app: &TestApp) -> anyhow::Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM archive_records")
        .fetch_one(app.state.db.pool())
        .await?;
    Ok(n)
}

async fn a_legacy_catalogue_is_tried_imported_and_exported(b: Backend) -> anyhow::Result<()> {
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let clerk = app.login("vanthu").await?;
    let r = app
        .post(
            "/api/v1/archive/records",
            Some(&keeper),
            &serde_json::json!({"archive_number": "LT-1990/0001", "title": "Đã có",
                "kind": "survey_report", "access": "public"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let csv = "Số lưu trữ;Tên tài liệu;Loại tài liệu;Năm hoàn thành;Khoáng sản;Tỉnh, thành phố;Mức độ tiếp cận;Cột lạ\n\
        LT-1975/0012;Báo cáo thăm dò than khu Mạo Khê;exploration_report;1975;Than;Quảng Ninh;public;x\n\
        LT-1976/0013;Bản đồ địa chất tờ Lạng Sơn;geological_map;năm 1976;;Lạng Sơn;public;\n\
        LT-1975/0012;Lặp lại;survey_report;1975;;;public;\n\
        LT-1990/0001;Trùng mục lục;survey_report;1990;;;public;\n\
        \"LT-1980/0020\";\"Phân tích mẫu quặng thiếc; tập 2\";analysis;1980;Thiếc;Cao Bằng;consult;\n";
    let r = send(
        &app,
        Some(&clerk),
        "/api/v1/archive/import?dry_run=true",
        csv,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // tried: every refusal told, nothing written
    let r = send(
        &app,
        Some(&keeper),
        "/api/v1/archive/import?dry_run=true",
        csv,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let report = r.json();
    assert_eq!(report["rows"], 5, "{report}");
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(report["unknown_columns"], serde_json::json!(["Cột lạ"]));
    let refused: Vec<(i64, String)> = report["refused"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| {
            (
                x["line"].as_i64().unwrap_or_default(),
                format!(
                    "{}:{}",
                    x["errors"][0]["field"].as_str().unwrap_or(""),
                    x["errors"][0]["code"].as_str().unwrap_or("")
                ),
            )
        })
        .collect();
    assert_eq!(
        refused,
        vec![
            (3, "year:invalid_year".to_string()),
            (4, "archive_number:repeated_number".to_string()),
            (5, "archive_number:taken".to_string()),
        ],
        "{report}"
    );
    assert_eq!(count(&app).await?, 1, "a dry run writes nothing");
    // imported: the good rows, searchable at once, one audit entry
    let r = send(&app, Some(&keeper), "/api/v1/archive/import", csv).await;
    assert_eq!(r.json()["imported"], 2, "{}", r.text());
    assert_eq!(count(&app).await?, 3);
    let found = app
        .get("/api/v1/archive/records?q=thiec+tap+2", None)
        .await
        .json();
    assert_eq!(
        found["hits"][0]["archive_number"], "LT-1980/0020",
        "{found}"
    );
    let (audited,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'archive_record.import'")
            .fetch_one(app.state.db.pool())
            .await?;
    assert_eq!(audited, 1);
    // not UTF-8: refused naming the file
    let r = app
        .raw(
            Method::POST,
            "/api/v1/archive/import",
            Some(&keeper),
            "text/csv",
            vec![0xff, 0xfe, 0x41],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field_codes(), vec!["file:not_utf8"]);
    // either export, read back: every column known, each row refused only as already taken
    let exports = [
        app.get("/api/v1/archive/export.csv", Some(&keeper)).await,
        // the page's, for a Vietnamese reader: Vietnamese headers and names
        app.get("/luu-tru/muc-luc.csv", Some(&keeper)).await,
    ];
    for (i, export) in exports.iter().enumerate() {
        assert_eq!(export.status, StatusCode::OK);
        let text = export.text();
        assert!(
            text.contains("\"Phân tích mẫu quặng thiếc; tập 2\""),
            "{text}"
        );
        if i == 1 {
            assert!(
                text.starts_with("\u{feff}Số lưu trữ,Tên tài liệu,Tên tiếng Anh,Loại tài liệu"),
                "{text}"
            );
            assert!(!text.contains("exploration_report"), "{text}");
        }
        let r = send(
            &app,
            Some(&keeper),
            "/api/v1/archive/import?dry_run=true",
            &text,
        )
        .await;
        let back: Value = r.json();
        assert_eq!(back["rows"], 3, "{back}");
        assert_eq!(back["unknown_columns"], serde_json::json!([]), "{back}");
        let errors: Vec<String> = back["refused"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|x| x["errors"].as_array().cloned().unwrap_or_default())
            .map(|e| {
                format!(
                    "{}:{}",
                    e["field"].as_str().unwrap_or(""),
                    e["code"].as_str().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            errors,
            vec!["archive_number:taken"; 3],
            "only the numbers are refused, as taken: {back}"
        );
    }
    Ok(())
}

/// A workbook as Excel users keep them, written by openpyxl (not by lode): a title row above
/// the table, the header in Vietnamese, years as numbers, a cell left empty, one bad row.
fn workbook(dir: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("muc-luc.xlsx");
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/python");
    let script = r#"
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Mục lục"
ws.append(["MỤC LỤC HỒ SƠ LƯU TRỮ ĐỊA CHẤT (1975–1980)"])
ws.append([])
ws.append(["Số lưu trữ", "Tên tài liệu", "Loại tài liệu", "Năm hoàn thành", "Khoáng sản", "Tỉnh, thành phố", "Mức độ tiếp cận"])
ws.append(["LT-1975/0101", "Báo cáo thăm dò than khu Mạo Khê & Tràng Bạch", "exploration_report", 1975, "Than", "Quảng Ninh", "public"])
ws.append(["LT-1977/0102", "Bản đồ khoáng sản tờ Cao Bằng", "Bản đồ khoáng sản", 1977, None, "Cao Bằng", "Khai thác theo yêu cầu"])
ws.append(["LT-1978/0103", "Kết quả phân tích mẫu", "không rõ", 1978, None, None, "public"])
wb.save(sys.argv[1])
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(std::fs::read(&path)?)
}

async fn a_catalogue_kept_in_excel_is_imported_from_its_workbook(b: Backend) -> anyhow::Result<()> {
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let dir = std::env::temp_dir().join(format!("lode-xlsx-{}-{b:?}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let xlsx = workbook(&dir)?;
    let _ = std::fs::remove_dir_all(&dir);
    let import = |path: &'static str, body: Vec<u8>| {
        let (app, keeper) = (&app, &keeper);
        async move {
            let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            app.raw(Method::POST, path, Some(keeper), kind, body).await
        }
    };
    let r = import("/api/v1/archive/import?dry_run=true", xlsx.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let report = r.json();
    assert_eq!(report["rows"], 3, "{report}");
    assert_eq!(report["imported"], 2, "{report}");
    // the bad row named by its line in the sheet, the title and the empty row counted
    assert_eq!(report["refused"][0]["line"], 6, "{report}");
    assert_eq!(
        report["refused"][0]["errors"][0]["field"], "kind",
        "{report}"
    );
    assert_eq!(count(&app).await?, 0, "a dry run writes nothing");
    let r = import("/api/v1/archive/import", xlsx.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(count(&app).await?, 2);
    let rec: (String, Option<i64>, String) = sqlx::query_as(
        "SELECT title, year, access FROM archive_records WHERE archive_number = 'LT-1975/0101'",
    )
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!(
        rec,
        (
            "Báo cáo thăm dò than khu Mạo Khê & Tràng Bạch".to_string(),
            Some(1975),
            "public".to_string()
        )
    );
    // kinds and levels written by their Vietnamese names
    let (kind, access): (String, String) = sqlx::query_as(
        "SELECT kind, access FROM archive_records WHERE archive_number = 'LT-1977/0102'",
    )
    .fetch_one(app.state.db.pool())
    .await?;
    assert_eq!((kind.as_str(), access.as_str()), ("mineral_map", "consult"));
    // a damaged workbook is refused beside the file, in words
    let mut cut = xlsx;
    cut.truncate(cut.len() / 2);
    let r = import("/api/v1/archive/import?dry_run=true", cut).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.field_codes()
            .contains(&"file:unreadable_xlsx".to_string()),
        "{}",
        r.text()
    );
    Ok(())
}
