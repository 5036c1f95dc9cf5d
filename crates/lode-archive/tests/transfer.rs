//! The catalogue in and out as CSV, on SQLite and PostgreSQL: a legacy catalogue (Vietnamese
//! headers, `;` as spreadsheets write it) tried first, every refused row reported with its line
//! and why, nothing written; then imported, the good rows searchable at once, one audit entry;
//! the export read back by an import field for field.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use lode_db::Backend;
use serde_json::Value;

lode_db::on_both_backends!(a_legacy_catalogue_is_tried_imported_and_exported);

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
    // the export, read back: every column known, every row as it was (all taken already)
    let export = app.get("/api/v1/archive/export.csv", Some(&keeper)).await;
    assert_eq!(export.status, StatusCode::OK);
    let text = export.text();
    assert!(
        text.contains("\"Phân tích mẫu quặng thiếc; tập 2\""),
        "{text}"
    );
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
    let codes: Vec<&str> = back["refused"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["errors"][0]["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["taken", "taken", "taken"], "{back}");
    Ok(())
}
