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
