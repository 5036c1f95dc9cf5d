//! `lode backup`, `lode backup verify` and `lode restore` against a server that keeps taking
//! registrations while the backup, its check and the restore run, on SQLite with local files
//! and on PostgreSQL with its files in an S3 bucket: every registration
//! acknowledged before the backup began is in the restored store with its file, the audit chain
//! is intact up to the manifest's head, the PKI folder comes back readable by lode alone, a
//! changed byte in the backup is named, and a store that is not empty is not restored into.

mod support;

use lode_db::Backend;
use lode_db::blobs::{BlobConfig, Blobs};
use lode_db::testkit::TestDb;
use std::time::{Duration, Instant};
use support::{Node, api_login};

lode_db::on_both_backends!(a_backup_taken_under_writes_restores_whole);

/// A new, empty PostgreSQL database, dropped with the value.
struct EmptyPostgres {
    url: String,
    name: String,
}

impl EmptyPostgres {
    async fn create() -> anyhow::Result<Self> {
        let admin = lode_db::testkit::admin_url();
        let name = format!("lode_t_restore_{:08x}", rand::random::<u32>());
        let db = lode_db::Db::connect(&admin).await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(db.pool())
            .await?;
        db.close().await;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        Ok(Self {
            url: format!("{base}/{name}"),
            name,
        })
    }
}

impl Drop for EmptyPostgres {
    fn drop(&mut self) {
        let name = self.name.clone();
        let _ = std::process::Command::new("psql")
            .args(["-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-qc"])
            .arg(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .output();
    }
}

fn lode_in(data: &std::path::Path, url: &str, args: &[&str]) -> anyhow::Result<(i32, String)> {
    let mut all = vec![
        "--data",
        data.to_str().unwrap_or_default(),
        "--database-url",
        url,
    ];
    all.extend_from_slice(args);
    support::lode(&all)
}

async fn a_backup_taken_under_writes_restores_whole(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    support::seed_small(&t.db).await?;
    support::seed_clerk(&t.db).await?;
    lode_sign::pki::Store::init(
        &t.dir.join("pki"),
        "Cục Địa chất và Khoáng sản Việt Nam",
        None,
    )?;
    // on PostgreSQL the files are kept in an S3 bucket, as a cluster keeps them: the backup
    // reads them from there
    let s3 = match backend {
        Backend::Postgres => Some(support::S3::start().await?),
        Backend::Sqlite => None,
    };
    let s3_args: Vec<String> = s3.as_ref().map(support::S3::args).unwrap_or_default();
    let mut node_args = vec![
        "--data".to_string(),
        t.dir.display().to_string(),
        "--database-url".into(),
        t.url.clone(),
    ];
    node_args.extend(s3_args.iter().cloned());
    let node = Node::start(&node_args).await?;
    let base = node.base.clone();
    let s = api_login(&base, "vanthu", support::PASSWORD).await?;

    // a clerk registers one document after another, each with a file of its own
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (base, cookie, csrf, stop) =
            (base.clone(), s.cookie.clone(), s.csrf.clone(), stop.clone());
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            let session = support::ApiSession {
                cookie: cookie.clone(),
                csrf: csrf.clone(),
            };
            let mut acknowledged = Vec::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                let sha =
                    support::upload_pdf_saying(&base, &session, &format!("Cong van {n}")).await?;
                let r = http
                    .post(format!("{base}/api/v1/incoming"))
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .json(&support::registration(n, &sha))
                    .send()
                    .await?;
                anyhow::ensure!(r.status() == 201, "{}", r.text().await?);
                let v: serde_json::Value = r.json().await?;
                acknowledged.push((
                    Instant::now(),
                    v["arrival_number"].as_i64().unwrap_or(0),
                    sha,
                ));
            }
            Ok::<_, anyhow::Error>(acknowledged)
        })
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let dest = t.dir.join("backup");
    let began = Instant::now();
    let mut backup: Vec<&str> = s3_args.iter().map(String::as_str).collect();
    backup.extend(["backup", dest.to_str().unwrap_or_default()]);
    let (code, out) = lode_in(&t.dir, &t.url, &backup)?;
    assert_eq!(code, 0, "{out}");

    // checked and restored while the source keeps taking writes
    let (code, out) = support::lode(&["backup", "verify", dest.to_str().unwrap_or_default()])?;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("backup whole"), "{out}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dest.join("manifest.json"))?)?;

    // restored into a new data folder (and, on PostgreSQL, a new database)
    let target = t.dir.join("restored");
    let empty_pg = match backend {
        Backend::Postgres => Some(EmptyPostgres::create().await?),
        Backend::Sqlite => None,
    };
    let target_url = empty_pg.as_ref().map_or_else(
        || format!("sqlite://{}/lode.db", target.display()),
        |p| p.url.clone(),
    );
    let (code, out) = lode_in(
        &target,
        &target_url,
        &["restore", dest.to_str().unwrap_or_default()],
    )?;
    assert_eq!(code, 0, "{out}");
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let acknowledged = writer.await??;
    let before: Vec<_> = acknowledged.iter().filter(|(at, ..)| *at < began).collect();
    assert!(
        !before.is_empty() && before.len() < acknowledged.len(),
        "writes before and during"
    );
    drop(node);
    let restored = lode_db::Db::connect(&target_url).await?;
    let chain = lode_db::audit::verify(&restored).await?;
    assert_eq!(chain.broken, None);
    assert_eq!(Some(chain.head_seq), manifest["audit_seq"].as_i64());
    assert_eq!(
        Some(chain.head_hash.as_str()),
        manifest["audit_hash"].as_str()
    );
    let blobs = Blobs::open(&BlobConfig::Local(target.join("files")))?;
    for (_, number, sha) in &before {
        let found: Option<(String,)> =
            sqlx::query_as("SELECT file_sha256 FROM incoming_documents WHERE arrival_number = $1")
                .bind(number)
                .fetch_optional(restored.pool())
                .await?;
        assert_eq!(
            found.map(|f| f.0).as_deref(),
            Some(sha.as_str()),
            "registration {number}"
        );
        assert!(blobs.get(sha).await?.is_some(), "the file of {number}");
    }
    // what the backup holds is gapless
    let numbers: Vec<(i64,)> =
        sqlx::query_as("SELECT arrival_number FROM incoming_documents ORDER BY arrival_number")
            .fetch_all(restored.pool())
            .await?;
    assert_eq!(
        numbers,
        (1..=numbers.len() as i64).map(|n| (n,)).collect::<Vec<_>>()
    );
    restored.close().await;
    {
        use std::os::unix::fs::PermissionsExt;
        let key = target.join("pki").join("root.key.pem");
        assert_eq!(std::fs::metadata(&key)?.permissions().mode() & 0o777, 0o600);
    }

    // into a store that is not empty: refused
    let (code, out) = lode_in(
        &target,
        &target_url,
        &["restore", dest.to_str().unwrap_or_default()],
    )?;
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("not empty") || out.contains("exists"), "{out}");

    // a byte changed in a backed-up file is named
    let one = manifest["files"][0]["sha256"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let path = dest.join("files").join(&one[..2]).join(&one);
    let mut bytes = std::fs::read(&path)?;
    bytes[10] ^= 1;
    std::fs::write(&path, bytes)?;
    let (code, out) = support::lode(&["backup", "verify", dest.to_str().unwrap_or_default()])?;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&one), "{out}");
    Ok(())
}

/// An office moves from SQLite and local files to PostgreSQL and an S3 bucket: the tables
/// record by record (a unit moved under a newer one included), the files read back from the
/// bucket, the audit chain intact at the same head; a server on the new store then takes the
/// next registration with the next number.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_office_moves_to_postgresql_and_s3() -> anyhow::Result<()> {
    let t = TestDb::fresh(Backend::Sqlite).await?;
    support::seed_small(&t.db).await?;
    support::seed_clerk(&t.db).await?;
    // a unit made earlier moved under one made later: its parent comes after it in id order
    let ctx = lode_db::AuditCtx::system("test");
    let dept = lode_db::units::by_org_id(&t.db, "000.00.27.G12").await?;
    let unit = |org: &str, name: &str, abbreviation: &str, kind: &str| lode_db::units::NewUnit {
        parent_id: Some(dept.id),
        org_id: org.into(),
        name: name.into(),
        abbreviation: abbreviation.into(),
        kind: kind.into(),
    };
    let older = lode_db::units::create(
        &t.db,
        &ctx,
        &unit("000.06.27.G12", "Phòng Thẩm định", "TĐ", "office"),
    )
    .await?;
    let newer = lode_db::units::create(
        &t.db,
        &ctx,
        &unit("000.05.27.G12", "Trung tâm Kiểm định", "KĐ", "centre"),
    )
    .await?;
    lode_db::units::move_to(&t.db, &ctx, older.id, newer.id, None).await?;
    let args = vec![
        "--data".to_string(),
        t.dir.display().to_string(),
        "--database-url".into(),
        t.url.clone(),
    ];
    let mut shas = Vec::new();
    {
        let node = Node::start(&args).await?;
        let s = api_login(&node.base, "vanthu", support::PASSWORD).await?;
        for n in 0..5 {
            let sha = support::upload_pdf_saying(&node.base, &s, &format!("Van ban {n}")).await?;
            let r = reqwest::Client::new()
                .post(format!("{}/api/v1/incoming", node.base))
                .header("cookie", &s.cookie)
                .header("x-csrf-token", &s.csrf)
                .json(&support::registration(n, &sha))
                .send()
                .await?;
            anyhow::ensure!(r.status() == 201, "{}", r.text().await?);
            shas.push(sha);
        }
    }
    let head = lode_db::audit::verify(&t.db).await?;
    let s3 = support::S3::start().await?;
    let pg = EmptyPostgres::create().await?;
    let mut all: Vec<String> = args.clone();
    all.extend(s3.args());
    all.extend(["migrate-store".into(), "--to".into(), pg.url.clone()]);
    let (code, out) = support::lode(&all.iter().map(String::as_str).collect::<Vec<_>>())?;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("each table checked"), "{out}");

    let moved = lode_db::Db::connect(&pg.url).await?;
    let v = lode_db::audit::verify(&moved).await?;
    assert_eq!(v.broken, None);
    assert_eq!(
        (v.head_seq, v.head_hash.clone()),
        (head.head_seq, head.head_hash.clone())
    );
    let (units,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units")
        .fetch_one(moved.pool())
        .await?;
    let (before,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units")
        .fetch_one(t.db.pool())
        .await?;
    assert_eq!(units, before);
    let bucket = lode_db::blobs::Blobs::open(&s3.config())?;
    for sha in &shas {
        // read back whole: the bytes hash to the name they are kept under
        let bytes = bucket.get(sha).await?.unwrap_or_default();
        assert_eq!(
            &hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
            sha,
            "{sha} in the bucket"
        );
    }
    moved.close().await;

    // the office works on its new store: the next number, a new id
    let mut new_args = vec![
        "--data".to_string(),
        t.dir.join("moved").display().to_string(),
        "--database-url".into(),
        pg.url.clone(),
    ];
    new_args.extend(s3.args());
    let node = Node::start(&new_args).await?;
    let s = api_login(&node.base, "vanthu", support::PASSWORD).await?;
    let sha = support::upload_pdf_saying(&node.base, &s, "Sau khi chuyen").await?;
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/incoming", node.base))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .json(&support::registration(99, &sha))
        .send()
        .await?;
    assert_eq!(r.status(), 201);
    let v: serde_json::Value = r.json().await?;
    assert_eq!(v["arrival_number"], 6);
    Ok(())
}

/// The move is refused while a server keeps the store, and when what arrives is not what left:
/// a target whose database alters each unit's name as it is written (a trigger its migrations
/// meet, armed by an event trigger) is named as differing, and the office stays on SQLite.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_move_that_would_lose_anything_is_refused() -> anyhow::Result<()> {
    let t = TestDb::fresh(Backend::Sqlite).await?;
    support::seed_small(&t.db).await?;
    let args = vec![
        "--data".to_string(),
        t.dir.display().to_string(),
        "--database-url".into(),
        t.url.clone(),
    ];
    let pg = EmptyPostgres::create().await?;
    let mut all = args.clone();
    all.extend(["migrate-store".into(), "--to".into(), pg.url.clone()]);
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    {
        let _node = Node::start(&args).await?;
        let (code, out) = support::lode(&all)?;
        assert_ne!(code, 0, "{out}");
        assert!(out.contains("the server must be stopped"), "{out}");
    }
    let spoil = "
        CREATE FUNCTION spoil() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.name := NEW.name || ' (sai)'; RETURN NEW; END $$;
        CREATE FUNCTION arm() RETURNS event_trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands()
                     WHERE command_tag = 'CREATE TABLE' AND object_identity = 'public.units') THEN
            EXECUTE 'CREATE TRIGGER spoil BEFORE INSERT ON units FOR EACH ROW EXECUTE FUNCTION spoil()';
          END IF;
        END $$;
        CREATE EVENT TRIGGER arm ON ddl_command_end EXECUTE FUNCTION arm();";
    let out = std::process::Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "root",
            "-d",
            &pg.name,
            "-qc",
            spoil,
        ])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, out) = support::lode(&all)?;
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains("the table units differs after the copy"),
        "{out}"
    );
    // the office still works where it was
    let (units,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units WHERE name LIKE '%(sai)'")
        .fetch_one(t.db.pool())
        .await?;
    assert_eq!(units, 0);
    Ok(())
}
