//! Digitisation with real Tesseract, on SQLite and PostgreSQL: scans lode makes of Vietnamese
//! report pages are uploaded to a record, counted, read page by page as jobs, joined into a
//! searchable PDF; what is read is measured against what was written (character error rate);
//! the pages are found by a word typed without diacritics, a restricted record's text never by
//! the public; a page is never read twice; the staff's correction is what search reads after.

mod common;

use axum::http::{Method, StatusCode};
use common::{Session, TestApp};
use lode_archive::scans::{self, PageText};
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    scans_are_read_page_by_page_and_found_by_their_words,
    a_node_that_dies_while_reading_leaves_its_pages_to_another,
);

/// Runs the archive's due jobs on this node until none is left: how many ran.
async fn work(app: &TestApp) -> anyhow::Result<usize> {
    let mut ran = 0;
    while let Some(job) = lode_db::jobs::claim(
        &app.state.db,
        "test-node",
        lode_archive::digitise::JOB_KINDS,
        std::time::Duration::from_secs(60),
    )
    .await?
    {
        lode_archive::digitise::run(&app.state.db, &app.state.blobs, &job).await?;
        lode_db::jobs::complete(&app.state.db, &job).await?;
        ran += 1;
        anyhow::ensure!(ran < 100, "jobs do not end");
    }
    Ok(ran)
}

async fn record(
    app: &TestApp,
    keeper: &Session,
    number: &str,
    access: &str,
) -> anyhow::Result<i64> {
    let r = app
        .post(
            "/api/v1/archive/records",
            Some(keeper),
            &json!({"archive_number": number, "title": "Báo cáo thăm dò quặng đồng khu Sin Quyền",
                "kind": "exploration_report", "access": access}),
        )
        .await;
    anyhow::ensure!(r.status == StatusCode::CREATED, "{}", r.text());
    Ok(r.json()["id"].as_i64().unwrap_or_default())
}

async fn upload(app: &TestApp, who: &Session, id: i64, name: &str, data: Vec<u8>) -> common::Resp {
    app.raw(
        Method::POST,
        &format!("/api/v1/archive/records/{id}/files?name={name}"),
        Some(who),
        "application/octet-stream",
        data,
    )
    .await
}

fn hits(v: &Value) -> Vec<(String, Vec<i64>)> {
    v["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| {
            (
                h["archive_number"].as_str().unwrap_or("").to_string(),
                h["pages"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_i64)
                    .collect(),
            )
        })
        .collect()
}

async fn scans_are_read_page_by_page_and_found_by_their_words(b: Backend) -> anyhow::Result<()> {
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let clerk = app.login("vanthu").await?;
    let public = record(&app, &keeper, "LT-1997/0001", "public").await?;
    let restricted = record(&app, &keeper, "LT-1997/0002", "restricted").await?;
    let pages = scans::report_pages("Sin Quyền", "Lào Cai", "đồng", 3);
    let tiff = scans::scan(&pages).await?;
    // only the archive's staff add scans, and only scans
    let r = upload(&app, &clerk, public, "scan.tif", tiff.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = upload(
        &app,
        &keeper,
        public,
        "page.html",
        b"<html><script>x</script>".to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text());
    let r = upload(&app, &keeper, public, "bao-cao.tif", tiff.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["state"], "queued");
    // the restricted record's only page says what no catalogue entry says
    let secret_page = vec![PageText {
        heading: "PHỤ LỤC MẬT".into(),
        paragraphs: vec![
            "Tọa độ các lỗ khoan sâu trong vùng Pìn Hồ được giữ kín theo quy định.".into(),
        ],
    }];
    let r = upload(
        &app,
        &keeper,
        restricted,
        "phu-luc.tif",
        scans::scan(&secret_page).await?,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // counted, read page by page, joined
    let ran = work(&app).await?;
    assert_eq!(ran, 2 + 3 + 1 + 1 + 1, "two counts, four pages, two joins");
    let files = app
        .get(
            &format!("/api/v1/archive/records/{public}/files"),
            Some(&keeper),
        )
        .await
        .json();
    assert_eq!(files[0]["pages"], 3, "{files}");
    assert_eq!(files[0]["pages_read"], 3, "{files}");
    assert_eq!(files[0]["state"], "done", "{files}");
    assert_eq!(files[0]["searchable"], true, "{files}");
    let rec = app
        .get(&format!("/api/v1/archive/records/{public}"), None)
        .await
        .json();
    assert_eq!(
        (rec["page_count"].as_i64(), rec["text_pages"].as_i64()),
        (Some(3), Some(3))
    );
    // what was read, against what was written: every page under 3% of characters wrong
    for (i, page) in pages.iter().enumerate() {
        let read = app
            .get(
                &format!("/api/v1/archive/records/{public}/pages/{}", i + 1),
                None,
            )
            .await
            .json();
        let text = read["text"].as_str().unwrap_or("");
        let cer = scans::character_error_rate(&page.words(), text);
        println!("page {}: character error rate {:.2}%", i + 1, cer * 100.0);
        assert!(cer < 0.03, "page {}: {:.2}%\n{text}", i + 1, cer * 100.0);
    }
    // found by words of the second page typed without diacritics, with the page named
    let found = app
        .get("/api/v1/archive/records?q=dia+hinh+bi+chia+cat", None)
        .await
        .json();
    assert_eq!(
        hits(&found),
        vec![("LT-1997/0001".to_string(), vec![2])],
        "{found}"
    );
    // the restricted record's text is the archive's: the public does not find it by it
    let found = app
        .get("/api/v1/archive/records?q=pin+ho+giu+kin", None)
        .await
        .json();
    assert!(hits(&found).is_empty(), "{found}");
    let found = app
        .get("/api/v1/archive/records?q=pin+ho+giu+kin", Some(&keeper))
        .await
        .json();
    assert_eq!(
        hits(&found),
        vec![("LT-1997/0002".to_string(), vec![1])],
        "{found}"
    );
    let r = app
        .get(
            &format!("/api/v1/archive/records/{restricted}/pages/1"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // a page read is not read again: its job run once more changes nothing
    let (at,): (Option<String>,) =
        sqlx::query_as("SELECT ocr_at FROM archive_pages WHERE record_id = $1 AND seq = 1")
            .bind(public)
            .fetch_one(app.state.db.pool())
            .await?;
    let (page_id,): (i64,) =
        sqlx::query_as("SELECT id FROM archive_pages WHERE record_id = $1 AND seq = 1")
            .bind(public)
            .fetch_one(app.state.db.pool())
            .await?;
    let again = lode_db::jobs::Claimed {
        id: 0,
        kind: lode_archive::digitise::READ_PAGE.into(),
        payload: json!({"page_id": page_id}),
        attempt: 1,
        max_attempts: 1,
        node: "test-node".into(),
    };
    let started = std::time::Instant::now();
    lode_archive::digitise::run(&app.state.db, &app.state.blobs, &again).await?;
    assert!(
        started.elapsed() < std::time::Duration::from_millis(500),
        "read again?"
    );
    let (after,): (Option<String>,) =
        sqlx::query_as("SELECT ocr_at FROM archive_pages WHERE id = $1")
            .bind(page_id)
            .fetch_one(app.state.db.pool())
            .await?;
    assert_eq!(at, after);
    // the staff's correction is what search reads from then on
    let path = format!("/api/v1/archive/records/{public}/pages/1");
    let r = app.put(&path, Some(&clerk), &json!({"text": "x"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .put(
            &path,
            Some(&keeper),
            &json!({"text": "Quặng nhũ đá ở hang Thẳm Púng."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["corrected"], true);
    let found = app
        .get("/api/v1/archive/records?q=tham+pung", None)
        .await
        .json();
    assert_eq!(
        hits(&found),
        vec![("LT-1997/0001".to_string(), vec![1])],
        "{found}"
    );
    // the viewer: the page's image and its text with the words marked
    let img = app
        .get(
            &format!("/api/v1/archive/records/{public}/pages/2/image"),
            None,
        )
        .await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.header("content-type"), "image/png");
    let view = app
        .get(&format!("/luu-tru/{public}/trang/2?q=dia+hinh"), None)
        .await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(
        view.text().contains("<mark>địa hình</mark>")
            || view.text().contains("<mark>Địa hình</mark>")
            || (view.text().contains("<mark>địa</mark>")
                && view.text().contains("<mark>hình</mark>")),
        "the words marked"
    );
    Ok(())
}

/// A node dies while reading a scan: one page read but not reported, one taken but not begun.
/// Once their leases run out another node takes both up; the page read already is not read
/// again, and what the dead node would report later changes nothing.
async fn a_node_that_dies_while_reading_leaves_its_pages_to_another(
    b: Backend,
) -> anyhow::Result<()> {
    use lode_archive::digitise::{READ_PAGE, SPLIT};
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let id = record(&app, &keeper, "LT-1998/0001", "public").await?;
    let pages = scans::report_pages("Sin Quyền", "Lào Cai", "đồng", 2);
    let r = upload(&app, &keeper, id, "bao-cao.tif", scans::scan(&pages).await?).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let db = &app.state.db;
    let lease = std::time::Duration::from_secs(1);
    // the first node counts the pages, then takes both to read
    let split = lode_db::jobs::claim(db, "node-a", &[SPLIT], lease)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the scan's count is queued"))?;
    lode_archive::digitise::run(db, &app.state.blobs, &split).await?;
    assert!(lode_db::jobs::complete(db, &split).await?);
    let read = lode_db::jobs::claim(db, "node-a", &[READ_PAGE], lease)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a page to read"))?;
    let taken = lode_db::jobs::claim(db, "node-a", &[READ_PAGE], lease)
        .await?
        .ok_or_else(|| anyhow::anyhow!("another page to read"))?;
    // it reads the first and dies before saying so; the second it never begins
    lode_archive::digitise::run(db, &app.state.blobs, &read).await?;
    let page = read.payload["page_id"].as_i64().unwrap_or_default();
    let read_at = |page: i64| async move {
        let (at,): (Option<String>,) =
            sqlx::query_as("SELECT ocr_at FROM archive_pages WHERE id = $1")
                .bind(page)
                .fetch_one(db.pool())
                .await?;
        anyhow::Ok(at)
    };
    let first_read = read_at(page).await?;
    assert!(first_read.is_some());
    // while the leases hold, no one else takes the pages
    assert!(
        lode_db::jobs::claim(db, "node-b", &[READ_PAGE], lease)
            .await?
            .is_none()
    );
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    // the other node takes both up and finishes the scan
    let mut ran = Vec::new();
    while let Some(job) = lode_db::jobs::claim(
        db,
        "node-b",
        lode_archive::digitise::JOB_KINDS,
        std::time::Duration::from_secs(60),
    )
    .await?
    {
        lode_archive::digitise::run(db, &app.state.blobs, &job).await?;
        assert!(lode_db::jobs::complete(db, &job).await?);
        ran.push((job.kind.clone(), job.attempt));
        anyhow::ensure!(ran.len() < 10, "jobs do not end");
    }
    assert!(
        ran.contains(&(READ_PAGE.to_string(), 2)),
        "the pages taken again: {ran:?}"
    );
    assert_eq!(
        read_at(page).await?,
        first_read,
        "a page is never read twice"
    );
    // the dead node's late word is fenced off
    assert!(!lode_db::jobs::complete(db, &read).await?);
    assert!(!lode_db::jobs::complete(db, &taken).await?);
    let files = app
        .get(
            &format!("/api/v1/archive/records/{id}/files"),
            Some(&keeper),
        )
        .await
        .json();
    assert_eq!(files[0]["state"], "done", "{files}");
    assert_eq!(files[0]["pages_read"], 2, "{files}");
    let (nodes,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM jobs WHERE kind = $1 AND state = 'done' AND node = 'node-b'",
    )
    .bind(READ_PAGE)
    .fetch_one(db.pool())
    .await?;
    assert_eq!(nodes, 2, "both pages finished by the living node");
    Ok(())
}
