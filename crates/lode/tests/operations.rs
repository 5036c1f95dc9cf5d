//! What an operator relies on, against the real binary: `/healthz` fails when the store cannot
//! take a write; `/metrics` in Prometheus text; a request id on every answer and log line; JSON
//! logs by option; the database file readable by lode alone; clear refusals at start (a port
//! taken, found before anything is written; a PostgreSQL that cannot be reached, named with
//! its host and cause, at once).

mod support;

use lode_db::Backend;
use lode_db::testkit::TestDb;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{Proc, free_port, wait_for};

lode_db::on_both_backends!(health_metrics_and_request_ids);

async fn health_metrics_and_request_ids(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    support::seed_small(&t.db).await?;
    let port = free_port();
    let log = t.dir.join("lode.log");
    let proc = Proc(
        Command::new(env!("CARGO_BIN_EXE_lode"))
            .arg("--data")
            .arg(&t.dir)
            .arg("--database-url")
            .arg(&t.url)
            .args(["--log-format", "json", "serve", "--listen"])
            .arg(format!("127.0.0.1:{port}"))
            .env("LODE_LOG", "info,sqlx=warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()?,
    );
    let base = format!("http://127.0.0.1:{port}");
    wait_for(&format!("{base}/healthz"), 60).await?;
    let http = reqwest::Client::new();

    // every answer carries an id; one a client makes up is not believed (no trusted proxy)
    let r = http.get(format!("{base}/healthz")).send().await?;
    assert_eq!(r.status(), 200);
    let id = r
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(id.len() >= 8, "{id:?}");
    let r = http
        .get(format!("{base}/login"))
        .header("x-request-id", "lb-7f3a-0001")
        .send()
        .await?;
    let login_id = r
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        login_id.len() >= 8 && login_id != "lb-7f3a-0001",
        "{login_id}"
    );
    let r = http
        .get(format!("{base}/login"))
        .header("x-request-id", "<script>")
        .send()
        .await?;
    assert_ne!(
        r.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("<script>")
    );

    // a refused sign-in is counted
    let r = http
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": "admin", "password": "sai mật khẩu"}))
        .send()
        .await?;
    assert_eq!(r.status(), 422);
    let metrics = http.get(format!("{base}/metrics")).send().await?;
    assert_eq!(metrics.status(), 200);
    let text = metrics.text().await?;
    for needle in [
        "lode_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}",
        "lode_http_request_duration_seconds_bucket{route=\"/login\",le=\"+Inf\"}",
        "lode_logins_refused_total{reason=\"wrong_password\"} 1",
        "lode_writer_lane_waiting 0",
        "lode_jobs{state=\"failed\"} 0",
    ] {
        assert!(text.contains(needle), "{needle} missing from\n{text}");
    }
    if backend == Backend::Sqlite {
        assert!(
            text.contains("lode_writer_lane_wait_seconds_count"),
            "{text}"
        );
    }

    // the log: one JSON object per line, a request's line with its id
    let lines = std::fs::read_to_string(&log)?;
    let with_id = lines
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["span"]["id"] == login_id.as_str());
    assert!(
        with_id.is_some(),
        "no JSON line with the request id in\n{lines}"
    );

    // the database file is lode's alone
    if let Some(path) = lode_db::sqlite_path(&t.url) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }

    // a store that answers but takes no write: the health check says so within seconds
    let hold = hold_the_write_lock(&t).await?;
    // the last check is kept for a second
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let started = Instant::now();
    let r = http
        .get(format!("{base}/healthz"))
        .timeout(Duration::from_secs(20))
        .send()
        .await?;
    assert_eq!(r.status(), 503, "{}", r.text().await?);
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(hold);
    let mut healthy = false;
    for _ in 0..40 {
        if http.get(format!("{base}/healthz")).send().await?.status() == 200 {
            healthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(healthy, "healthy again once the lock is gone");
    drop(proc);
    Ok(())
}

/// Another connection holding the store's write lock (SQLite) or the health table (PostgreSQL)
/// until dropped.
async fn hold_the_write_lock(t: &TestDb) -> anyhow::Result<tokio::sync::oneshot::Sender<()>> {
    use sqlx::{Connection, Executor};
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (ready, is_ready) = tokio::sync::oneshot::channel::<anyhow::Result<()>>();
    let url = t.url.clone();
    tokio::spawn(async move {
        let mut conn = match sqlx::AnyConnection::connect(&url).await {
            Ok(c) => c,
            Err(e) => {
                let _ = ready.send(Err(e.into()));
                return;
            }
        };
        let lock = if url.starts_with("sqlite:") {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN; LOCK TABLE health_checks IN ACCESS EXCLUSIVE MODE"
        };
        match conn.execute(lock).await {
            Ok(_) => {
                let _ = ready.send(Ok(()));
                let _ = stopped.await;
                let _ = conn.execute("ROLLBACK").await;
            }
            Err(e) => {
                let _ = ready.send(Err(e.into()));
            }
        }
    });
    is_ready.await??;
    Ok(stop)
}

/// A port already taken is found before anything is written, and said with the address.
#[test]
fn a_taken_port_is_refused_before_anything_is_written() -> anyhow::Result<()> {
    let taken = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = taken.local_addr()?;
    let dir = std::env::temp_dir().join(format!("lode-port-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (code, out) = support::lode(&[
        "--data",
        &dir.display().to_string(),
        "serve",
        "--listen",
        &addr.to_string(),
    ])?;
    assert_ne!(code, 0, "{out}");
    assert!(out.contains(&format!("listening on {addr}")), "{out}");
    assert!(
        !dir.join("lode.db").exists(),
        "the store was written before the port was checked"
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The same on PostgreSQL: an empty database stays empty when the port is taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taken_port_leaves_postgresql_untouched() -> anyhow::Result<()> {
    let taken = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = taken.local_addr()?;
    let admin = lode_db::testkit::admin_url();
    let name = format!("lode_t_port_{:08x}", rand::random::<u32>());
    let server = lode_db::Db::connect(&admin).await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(server.pool())
        .await?;
    let url = format!(
        "{}/{name}",
        admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b)
    );
    let dir = std::env::temp_dir().join(format!("lode-port-pg-{}", std::process::id()));
    let (code, out) = support::lode(&[
        "--data",
        &dir.display().to_string(),
        "--database-url",
        &url,
        "serve",
        "--listen",
        &addr.to_string(),
    ])?;
    let db = lode_db::Db::connect(&url).await?;
    let (tables,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_one(db.pool())
    .await?;
    db.close().await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(server.pool())
        .await?;
    let _ = std::fs::remove_dir_all(&dir);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains(&format!("listening on {addr}")), "{out}");
    assert_eq!(tables, 0, "migrations ran before the port was checked");
    Ok(())
}

/// A PostgreSQL that is not there is named with its host and the cause, at once.
#[test]
fn an_unreachable_postgresql_is_named_at_once() -> anyhow::Result<()> {
    let port = free_port();
    let started = Instant::now();
    let (code, out) = support::lode(&[
        "--database-url",
        &format!("postgres://root@127.0.0.1:{port}/lode"),
        "migrate",
    ])?;
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains(&format!("cannot reach PostgreSQL at 127.0.0.1:{port}")),
        "{out}"
    );
    assert!(out.to_lowercase().contains("refused"), "the cause: {out}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    Ok(())
}

/// The demo's store keeps its secrets: the data folder, the database and the CA's folder are
/// lode's alone, every private key is encrypted; a key others may read stops the next start.
/// Its sent letters carry their signatures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_keeps_its_keys_and_database_private() -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("lode-secrets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let args = [
        "--data".to_string(),
        dir.display().to_string(),
        "--demo".into(),
    ];
    let mode = |p: &std::path::Path| -> anyhow::Result<u32> {
        Ok(std::fs::metadata(p)?.permissions().mode() & 0o777)
    };
    let _ = std::fs::remove_dir_all(&dir);
    let port = free_port();
    let mut serve = Command::new(env!("CARGO_BIN_EXE_lode"));
    serve
        .args(&args[..2])
        .args(["serve", "--demo", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .env("LODE_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let proc = Proc(serve.spawn()?);
    wait_for(&format!("http://127.0.0.1:{port}/healthz"), 120).await?;
    // the demo's sent letters are signed by the director and sealed, as issued letters are
    let base = format!("http://127.0.0.1:{port}");
    let director = support::api_login(&base, "tvhung", lode_db::demo::DEMO_PASSWORD).await?;
    let figures: serde_json::Value = reqwest::Client::new()
        .get(format!("{base}/api/v1/reports/figures"))
        .header("cookie", &director.cookie)
        .send()
        .await?
        .json()
        .await?;
    assert!(figures["sent"].as_i64() > Some(0), "{figures}");
    assert_eq!(figures["sent_signed"], figures["sent"], "{figures}");
    assert_eq!(mode(&dir)?, 0o700, "data folder");
    assert_eq!(mode(&dir.join("lode.db"))?, 0o600, "database");
    assert_eq!(mode(&dir.join("key-passphrase"))?, 0o600, "passphrase");
    let pki = dir.join("pki");
    assert_eq!(mode(&pki)?, 0o700, "pki folder");
    let mut keys = 0;
    for entry in std::fs::read_dir(&pki)?.flatten() {
        let path = entry.path();
        if path.to_string_lossy().ends_with(".key.pem") {
            keys += 1;
            assert_eq!(mode(&path)?, 0o600, "{}", path.display());
            let text = std::fs::read_to_string(&path)?;
            assert!(
                text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
                "{}",
                path.display()
            );
        }
    }
    assert!(
        keys >= 4,
        "the CAs, the timestamp authority and the demo's people: {keys}"
    );
    drop(proc);
    // a key made readable by others: the next start is refused, naming it
    std::fs::set_permissions(
        pki.join("root.key.pem"),
        std::fs::Permissions::from_mode(0o644),
    )?;
    let (code, out) = support::lode(&[
        "--data",
        &dir.display().to_string(),
        "serve",
        "--demo",
        "--listen",
        &format!("127.0.0.1:{}", free_port()),
    ])?;
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("root.key.pem may be read by others"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// A CA whose keys are kept in the clear (made by an older version, or copied in by hand) is
/// not served without a passphrase; given one, its keys are encrypted as the server starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ca_is_served_only_with_its_keys_encrypted() -> anyhow::Result<()> {
    let t = TestDb::fresh(Backend::Sqlite).await?;
    support::seed_small(&t.db).await?;
    let pki = t.dir.join("pki");
    lode_sign::pki::Store::init(&pki, "Cục Địa chất và Khoáng sản Việt Nam", None)?;
    let clear = std::fs::read_to_string(pki.join("root.key.pem"))?;
    assert!(clear.starts_with("-----BEGIN PRIVATE KEY-----"));
    let port = free_port();
    let out = Command::new(env!("CARGO_BIN_EXE_lode"))
        .arg("--data")
        .arg(&t.dir)
        .arg("--database-url")
        .arg(&t.url)
        .args(["serve", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .env_remove("LODE_KEY_PASSPHRASE")
        .env_remove("LODE_KEY_PASSPHRASE_FILE")
        .output()?;
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("LODE_KEY_PASSPHRASE"), "{text}");
    assert_eq!(
        std::fs::read_to_string(pki.join("root.key.pem"))?,
        clear,
        "nothing touched"
    );
    // with its passphrase, the server starts and the keys are in the clear no longer
    let node = support::Node::serving(&t).await?;
    // the issuing CA's list of revocations, signed with its key as it is asked for
    let r = reqwest::get(format!("{}/pki/issuing.crl", node.base)).await?;
    assert_eq!(r.status(), 200);
    for key in ["root.key.pem", "issuing.key.pem"] {
        let text = std::fs::read_to_string(pki.join(key))?;
        assert!(
            text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "{key}"
        );
    }
    Ok(())
}
