//! Digitisation with real Tesseract, on SQLite and PostgreSQL: scans lode makes of Vietnamese
//! report pages are uploaded to a record, counted, read in batches as jobs, joined into a
//! searchable PDF/A copy kept beside the scan as uploaded; what is read is measured against
//! what was written (character error rate); the pages are found by a word typed without
//! diacritics, a restricted record's text never by the public, and the words found are marked
//! on the page's image; a page is never read twice; the staff's correction is what search
//! reads after.

mod common;

use axum::http::{Method, StatusCode};
use common::{Session, TestApp};
use lode_archive::scans::{self, PageText};
use lode_db::Backend;
use serde_json::{Value, json};

lode_db::on_both_backends!(
    scans_are_read_in_batches_and_found_by_their_words,
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

async fn scans_are_read_in_batches_and_found_by_their_words(b: Backend) -> anyhow::Result<()> {
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
    // a scan sent as a PDF: two pages of another report, made a PDF by libtiff
    let as_pdf = record(&app, &keeper, "LT-1997/0003", "public").await?;
    let pdf_pages = scans::report_pages("Núi Pháo", "Thái Nguyên", "vonfram", 5).split_off(3);
    let dir = std::env::temp_dir().join(format!("lode-pdf-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("scan.tif"), scans::scan(&pdf_pages).await?)?;
    let made = std::process::Command::new("tiff2pdf")
        .args(["-z", "-o"])
        .arg(dir.join("scan.pdf"))
        .arg(dir.join("scan.tif"))
        .status()?;
    assert!(made.success());
    let pdf = std::fs::read(dir.join("scan.pdf"))?;
    let _ = std::fs::remove_dir_all(&dir);
    let r = upload(&app, &keeper, as_pdf, "ban-quet.pdf", pdf).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // counted, read a batch a job, joined
    let ran = work(&app).await?;
    assert_eq!(
        ran,
        3 + 3 + 3,
        "three counts, three batches (three pages, one, two), three joins"
    );
    let read = app
        .get(&format!("/api/v1/archive/records/{as_pdf}/pages/2"), None)
        .await
        .json();
    let cer =
        scans::character_error_rate(&pdf_pages[1].words(), read["text"].as_str().unwrap_or(""));
    assert!(cer < 0.03, "a PDF's page read as well: {:.2}%", cer * 100.0);
    let files = app
        .get(
            &format!("/api/v1/archive/records/{as_pdf}/files"),
            Some(&keeper),
        )
        .await
        .json();
    let copy = app
        .get(
            &format!(
                "/api/v1/archive/records/{as_pdf}/files/{}/searchable",
                files[0]["id"]
            ),
            Some(&keeper),
        )
        .await;
    common::assert_pdfa(&copy.body, 2, "vonfram")?;
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
    // the scan as uploaded, unchanged, and its searchable copy, PDF/A-2b: the staff's only
    let file_id = files[0]["id"].as_i64().unwrap_or_default();
    let copies = format!("/api/v1/archive/records/{public}/files/{file_id}");
    let original = app.get(&format!("{copies}/original"), Some(&keeper)).await;
    assert_eq!(original.status, StatusCode::OK);
    assert!(original.body == tiff, "the scan is kept as it came");
    for who in [None, Some(&clerk)] {
        let r = app.get(&format!("{copies}/searchable"), who).await;
        assert!(
            matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
            "{}",
            r.status
        );
    }
    let copy = app
        .get(&format!("{copies}/searchable"), Some(&keeper))
        .await;
    assert_eq!(copy.status, StatusCode::OK);
    assert_eq!(copy.header("content-type"), "application/pdf");
    common::assert_pdfa(&copy.body, 3, "đồng")?;
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
    // read at the frame's size or enlarged, or alone in a tab of its own
    let html = view.text();
    for part in [
        "id=\"zoom-fit\"",
        "id=\"zoom-200\"",
        "Phóng to 200%",
        &format!("href=\"/luu-tru/{public}/trang/2/anh\" target=\"_blank\""),
    ] {
        assert!(html.contains(part), "{part}: {html}");
    }
    // and on the page's image, where Tesseract found them
    let found = app
        .get(
            &format!("/api/v1/archive/records/{public}/pages/2?q=dia+hinh"),
            None,
        )
        .await
        .json();
    let boxes = found["found"].as_array().cloned().unwrap_or_default();
    assert!(boxes.len() >= 2, "both words on the image: {found}");
    for b in &boxes {
        let f = |k: &str| b[k].as_f64().unwrap_or(-1.0);
        assert!(
            f("left") >= 0.0 && f("top") >= 0.0 && f("width") > 0.0 && f("height") > 0.0,
            "{b}"
        );
        assert!(
            f("left") + f("width") <= 1.0 && f("top") + f("height") <= 1.0,
            "{b}"
        );
        // a word is wider than it is tall, and a small part of the page
        assert!(f("width") < 0.5 && f("height") < 0.05, "{b}");
    }
    let elsewhere = app
        .get(
            &format!("/api/v1/archive/records/{public}/pages/2?q=molipdenit"),
            None,
        )
        .await
        .json();
    assert_eq!(elsewhere["found"], json!([]), "{elsewhere}");
    assert_eq!(
        view.text().matches("<rect ").count(),
        boxes.len(),
        "the viewer marks each on the image"
    );
    assert!(
        view.text().contains("<mark>địa hình</mark>")
            || view.text().contains("<mark>Địa hình</mark>")
            || (view.text().contains("<mark>địa</mark>")
                && view.text().contains("<mark>hình</mark>")),
        "the words marked"
    );
    Ok(())
}

/// A node dies while reading scans: one batch read but not reported, one taken but not begun.
/// Once their leases run out another node takes both up; the pages read already are not read
/// again, and what the dead node would report later changes nothing.
async fn a_node_that_dies_while_reading_leaves_its_pages_to_another(
    b: Backend,
) -> anyhow::Result<()> {
    use lode_archive::digitise::{READ_PAGES, SPLIT};
    let app = common::mounted(b).await?;
    let keeper = common::archivist(&app, "tthuong", "none").await?;
    let id = record(&app, &keeper, "LT-1998/0001", "public").await?;
    // two scans of a page each: a batch each
    let pages = scans::report_pages("Sin Quyền", "Lào Cai", "đồng", 2);
    for (n, page) in pages.iter().enumerate() {
        let scan = scans::scan(std::slice::from_ref(page)).await?;
        let r = upload(&app, &keeper, id, &format!("trang-{n}.tif"), scan).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let db = &app.state.db;
    let lease = std::time::Duration::from_secs(1);
    // the first node counts the pages, then takes both batches to read
    for _ in 0..2 {
        let split = lode_db::jobs::claim(db, "node-a", &[SPLIT], lease)
            .await?
            .ok_or_else(|| anyhow::anyhow!("a scan's count is queued"))?;
        lode_archive::digitise::run(db, &app.state.blobs, &split).await?;
        assert!(lode_db::jobs::complete(db, &split).await?);
    }
    let read = lode_db::jobs::claim(db, "node-a", &[READ_PAGES], lease)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a batch to read"))?;
    let taken = lode_db::jobs::claim(db, "node-a", &[READ_PAGES], lease)
        .await?
        .ok_or_else(|| anyhow::anyhow!("another batch to read"))?;
    // it reads the first and dies before saying so; the second it never begins
    lode_archive::digitise::run(db, &app.state.blobs, &read).await?;
    let file = read.payload["file_id"].as_i64().unwrap_or_default();
    let read_at = |file: i64| async move {
        let (at,): (Option<String>,) =
            sqlx::query_as("SELECT ocr_at FROM archive_pages WHERE file_id = $1")
                .bind(file)
                .fetch_one(db.pool())
                .await?;
        anyhow::Ok(at)
    };
    let first_read = read_at(file).await?;
    assert!(first_read.is_some());
    // while the leases hold (renewed as a live node does: reading may outlast the first on a
    // loaded machine), no one else takes the batches
    for job in [&read, &taken] {
        assert!(lode_db::jobs::renew(db, job, lease, None).await?);
    }
    assert!(
        lode_db::jobs::claim(db, "node-b", &[READ_PAGES], lease)
            .await?
            .is_none()
    );
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    // the other node takes both up and finishes the scans
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
    assert_eq!(
        ran.iter()
            .filter(|r| **r == (READ_PAGES.to_string(), 2))
            .count(),
        2,
        "both batches taken again: {ran:?}"
    );
    assert_eq!(
        read_at(file).await?,
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
    for f in files.as_array().into_iter().flatten() {
        assert_eq!(f["state"], "done", "{files}");
        assert_eq!(f["pages_read"], 1, "{files}");
    }
    let (nodes,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM jobs WHERE kind = $1 AND state = 'done' AND node = 'node-b'",
    )
    .bind(READ_PAGES)
    .fetch_one(db.pool())
    .await?;
    assert_eq!(nodes, 2, "both batches finished by the living node");
    Ok(())
}
