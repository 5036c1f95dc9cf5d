//! Several nodes, one system: two `lode serve` processes on one PostgreSQL database and one
//! S3-compatible bucket (moto, started by the test) share sessions, files and the audit chain.

mod support;

use lode_db::Backend;
use lode_db::blobs::Blobs;
use lode_db::testkit::{TINY_PNG as PNG, TestDb};
use support::{Node, S3, api_login};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_store_keeps_files_by_content() -> anyhow::Result<()> {
    let s3 = S3::start().await?;
    let blobs = Blobs::open(&s3.config())?;
    let a = blobs
        .put(bytes::Bytes::from_static("Biên bản nghiệm thu".as_bytes()))
        .await?;
    let again = blobs
        .put(bytes::Bytes::from_static("Biên bản nghiệm thu".as_bytes()))
        .await?;
    assert_eq!(a, again, "the same content has the same address");
    assert_eq!(a.len(), 64);
    let back = blobs
        .get(&a)
        .await?
        .ok_or_else(|| anyhow::anyhow!("missing"))?;
    assert_eq!(back.as_ref(), "Biên bản nghiệm thu".as_bytes());
    assert!(blobs.get(&"0".repeat(64)).await?.is_none());
    assert!(blobs.get("../../etc/passwd").await?.is_none());
    // a second client of the same bucket reads it
    let other = Blobs::open(&s3.config())?;
    assert!(other.get(&a).await?.is_some());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_one_postgresql_behave_as_one_system() -> anyhow::Result<()> {
    let s3 = S3::start().await?;
    let t = TestDb::fresh(Backend::Postgres).await?;
    let (admin_id, _) = support::seed_small(&t.db).await?;
    let mut args = vec![
        "--data".to_string(),
        t.dir.display().to_string(),
        "--database-url".into(),
        t.url.clone(),
    ];
    args.extend(s3.args());
    let a = Node::start(&args).await?;
    let b = Node::start(&args).await?;
    let http = reqwest::Client::new();

    // a session opened on A is valid on B
    let s = api_login(&a.base, "admin", support::PASSWORD).await?;
    let me = http
        .get(format!("{}/api/v1/me", b.base))
        .header("cookie", &s.cookie)
        .send()
        .await?;
    assert_eq!(me.status(), 200);
    let me: serde_json::Value = me.json().await?;
    assert_eq!(me["username"], "admin");

    // a file stored through A is read through B
    let put = http
        .put(format!("{}/api/v1/people/{admin_id}/signature", a.base))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .header("content-type", "image/png")
        .body(PNG.to_vec())
        .send()
        .await?;
    assert_eq!(put.status(), 200, "{}", put.text().await?);
    let got = http
        .get(format!("{}/api/v1/people/{admin_id}/signature", b.base))
        .header("cookie", &s.cookie)
        .send()
        .await?;
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await?.as_ref(), PNG);

    // both nodes write at once; the audit chain stays one chain
    let dept = t.db.pool();
    let (dept_id,): (i64,) = sqlx::query_as("SELECT id FROM units WHERE parent_id IS NULL")
        .fetch_one(dept)
        .await?;
    let mut writes = Vec::new();
    for i in 0..16 {
        let base = if i % 2 == 0 {
            a.base.clone()
        } else {
            b.base.clone()
        };
        let (http, cookie, csrf) = (http.clone(), s.cookie.clone(), s.csrf.clone());
        writes.push(tokio::spawn(async move {
            http.post(format!("{base}/api/v1/units"))
                .header("cookie", cookie)
                .header("x-csrf-token", csrf)
                .json(&serde_json::json!({"parent_id": dept_id, "org_id": format!("000.{:02}.27.G12", 40 + i), "name": format!("Đơn vị {i}"), "abbreviation": format!("DV{i}"), "kind": "office"}))
                .send()
                .await
                .map(|r| r.status().as_u16())
        }));
    }
    for w in writes {
        assert_eq!(w.await??, 201);
    }
    let units: serde_json::Value = http
        .get(format!("{}/api/v1/units", a.base))
        .header("cookie", &s.cookie)
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(units.as_array().map(Vec::len), Some(18));
    let v = lode_db::audit::verify(&t.db).await?;
    assert_eq!(v.broken, None);

    // signing out on B ends the session on A too
    let out = http
        .delete(format!("{}/api/v1/session", b.base))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .send()
        .await?;
    assert_eq!(out.status(), 204);
    let me = http
        .get(format!("{}/api/v1/me", a.base))
        .header("cookie", &s.cookie)
        .send()
        .await?;
    assert_eq!(me.status(), 401);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrival_numbers_stay_gapless_across_two_nodes() -> anyhow::Result<()> {
    let s3 = S3::start().await?;
    let t = TestDb::fresh(Backend::Postgres).await?;
    support::seed_small(&t.db).await?;
    support::seed_clerk(&t.db).await?;
    let mut args = vec![
        "--data".to_string(),
        t.dir.display().to_string(),
        "--database-url".into(),
        t.url.clone(),
    ];
    args.extend(s3.args());
    let a = Node::start(&args).await?;
    let b = Node::start(&args).await?;
    let s = api_login(&a.base, "vanthu", support::PASSWORD).await?;
    let http = reqwest::Client::new();
    let sha = support::upload_pdf(&a.base, &s).await?;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let base = if i % 2 == 0 {
            a.base.clone()
        } else {
            b.base.clone()
        };
        let (http, cookie, csrf, sha) =
            (http.clone(), s.cookie.clone(), s.csrf.clone(), sha.clone());
        tasks.push(tokio::spawn(async move {
            let body = support::registration(i, &sha);
            let r = http
                .post(format!("{base}/api/v1/incoming"))
                .header("cookie", cookie)
                .header("x-csrf-token", csrf)
                .json(&body)
                .send()
                .await?;
            anyhow::ensure!(r.status() == 201, "{}", r.text().await?);
            let v: serde_json::Value = r.json().await?;
            Ok::<i64, anyhow::Error>(v["arrival_number"].as_i64().unwrap_or_default())
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await??);
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=64).collect::<Vec<_>>());
    assert_eq!(lode_db::audit::verify(&t.db).await?.broken, None);
    Ok(())
}

/// The archive on two nodes: a record added through one is found through the other at once (the
/// index is the database's), and the pages of a scan uploaded to one are read by both nodes'
/// job runners, each page once, the scan's progress the same seen from either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_read_one_scan_and_find_it_alike() -> anyhow::Result<()> {
    let s3 = S3::start().await?;
    let t = TestDb::fresh(Backend::Postgres).await?;
    let (_, _) = support::seed_small(&t.db).await?;
    let (office,): (i64,) = sqlx::query_as("SELECT id FROM units WHERE org_id = '000.01.27.G12'")
        .fetch_one(t.db.pool())
        .await?;
    lode_db::accounts::create_staff(
        &t.db,
        &lode_db::AuditCtx::system("fixture"),
        &lode_db::accounts::NewStaff {
            username: "tthuong".into(),
            full_name: "Trần Thị Thương".into(),
            unit_id: office,
            roles: vec!["archivist".into()],
            password: support::PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    let mut args = vec![
        "--data".to_string(),
        t.dir.display().to_string(),
        "--database-url".into(),
        t.url.clone(),
    ];
    args.extend(s3.args());
    let a = Node::start(&args).await?;
    let b = Node::start(&args).await?;
    let http = reqwest::Client::new();
    let s = api_login(&a.base, "tthuong", support::PASSWORD).await?;
    let rec: serde_json::Value = http
        .post(format!("{}/api/v1/archive/records", a.base))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .json(
            &serde_json::json!({"archive_number": "LT-1997/0001", "kind": "exploration_report",
            "title": "Báo cáo thăm dò quặng đồng khu Sin Quyền", "access": "public"}),
        )
        .send()
        .await?
        .json()
        .await?;
    let id = rec["id"].as_i64().unwrap_or_default();
    // found through B at once
    let found: serde_json::Value = http
        .get(format!(
            "{}/api/v1/archive/records?q=quang+dong+sin+quyen",
            b.base
        ))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(found["hits"][0]["id"], id, "{found}");
    // a scan of three batches' pages uploaded to A: a node reads two batches at most at once,
    // so the other takes the third
    let total = 3 * lode_archive::digitise::BATCH;
    let pages = lode_archive::scans::report_pages("Sin Quyền", "Lào Cai", "đồng", total as usize);
    let tiff = lode_archive::scans::scan(&pages).await?;
    let up = http
        .post(format!(
            "{}/api/v1/archive/records/{id}/files?name=bao-cao.tif",
            a.base
        ))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .header("content-type", "application/octet-stream")
        .body(tiff)
        .send()
        .await?;
    assert_eq!(up.status(), 201, "{}", up.text().await?);
    // read by the two nodes' runners; the progress seen from B
    let started = std::time::Instant::now();
    let files = loop {
        let files: serde_json::Value = http
            .get(format!("{}/api/v1/archive/records/{id}/files", b.base))
            .send()
            .await?
            .json()
            .await?;
        if files[0]["state"] == "done" {
            break files;
        }
        anyhow::ensure!(
            started.elapsed() < std::time::Duration::from_secs(240),
            "not read in time: {files}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    assert_eq!(
        (files[0]["pages"].as_i64(), files[0]["pages_read"].as_i64()),
        (Some(total), Some(total))
    );
    let nodes: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT node FROM jobs WHERE kind = 'archive.read_pages' AND state = 'done'",
    )
    .fetch_all(t.db.pool())
    .await?;
    assert_eq!(nodes.len(), 2, "both nodes read pages: {nodes:?}");
    let (jobs,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE kind = 'archive.read_pages'")
            .fetch_one(t.db.pool())
            .await?;
    assert_eq!(jobs, 3, "one job a batch");
    // every page counted as holding text, whichever node wrote it last
    let rec: serde_json::Value = http
        .get(format!("{}/api/v1/archive/records/{id}", a.base))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(rec["text_pages"], total, "{rec}");
    // a page's words, typed without diacritics, found through A with its page named
    let found: serde_json::Value = http
        .get(format!(
            "{}/api/v1/archive/records?q=phuong+phap+khoi+dia+chat",
            a.base
        ))
        .send()
        .await?
        .json()
        .await?;
    // chapter 4, every fifth page
    assert_eq!(
        found["hits"][0]["pages"],
        serde_json::json!([5, 10, 15, 20]),
        "{found}"
    );
    Ok(())
}
