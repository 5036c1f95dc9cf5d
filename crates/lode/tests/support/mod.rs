//! Real processes for end-to-end tests: `lode serve` nodes, an S3-compatible server (moto), and
//! ChromeDriver. Each listens on a free loopback port and is killed when dropped.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "Mật khẩu 2026!";

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A child process killed on drop.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until `url` answers 2xx, or fails after `secs`.
pub async fn wait_for(url: &str, secs: u64) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let start = Instant::now();
    loop {
        if let Ok(r) = client.get(url).send().await
            && r.status().is_success()
        {
            return Ok(());
        }
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(secs),
            "{url} did not come up in {secs}s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A `lode serve` node.
pub struct Node {
    pub base: String,
    _proc: Proc,
}

impl Node {
    pub async fn start(args: &[String]) -> anyhow::Result<Node> {
        Self::start_on(args, free_port()).await
    }

    /// A node serving a test's store (its database and its data folder).
    pub async fn serving(t: &lode_db::testkit::TestDb) -> anyhow::Result<Node> {
        Self::start(&[
            "--data".into(),
            t.dir.display().to_string(),
            "--database-url".into(),
            t.url.clone(),
        ])
        .await
    }

    /// A node on a port chosen beforehand (when its address must be known before it runs).
    pub async fn start_on(args: &[String], port: u16) -> anyhow::Result<Node> {
        Self::launch(args, port, &[]).await
    }

    /// A node that believes the address a reverse proxy appends to `X-Forwarded-For`: its
    /// clients may come from any address they name.
    #[allow(dead_code)]
    pub async fn behind_proxy(args: &[String]) -> anyhow::Result<Node> {
        Self::launch(args, free_port(), &[("LODE_TRUST_PROXY", "true")]).await
    }

    async fn launch(args: &[String], port: u16, env: &[(&str, &str)]) -> anyhow::Result<Node> {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_lode"));
        cmd.envs(env.iter().copied());
        cmd.args(args)
            .arg("serve")
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .env("LODE_LOG", "warn")
            .env("LODE_KEY_PASSPHRASE", KEY_PASSPHRASE)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let proc = Proc(cmd.spawn()?);
        let base = format!("http://127.0.0.1:{port}");
        wait_for(&format!("{base}/healthz"), 60).await?;
        Ok(Node { base, _proc: proc })
    }
}

/// Finds a program installed by scripts/test-deps.sh (in the project's .venv) or on PATH.
pub fn tool(name: &str) -> Option<PathBuf> {
    let venv = workspace_root().join(".venv/bin").join(name);
    if venv.exists() {
        return Some(venv);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.exists())
    })
}

/// An S3-compatible server (moto) with one bucket, `lode`.
pub struct S3 {
    pub endpoint: String,
    _proc: Proc,
}

impl S3 {
    pub async fn start() -> anyhow::Result<S3> {
        let bin = tool("moto_server")
            .ok_or_else(|| anyhow::anyhow!("moto_server not found: run scripts/test-deps.sh"))?;
        let port = free_port();
        let proc = Proc(
            Command::new(bin)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?,
        );
        let endpoint = format!("http://127.0.0.1:{port}");
        wait_for(&format!("{endpoint}/moto-api/"), 60).await?;
        let r = reqwest::Client::new()
            .put(format!("{endpoint}/lode"))
            .send()
            .await?;
        anyhow::ensure!(
            r.status().is_success(),
            "creating the bucket: {}",
            r.status()
        );
        Ok(S3 {
            endpoint,
            _proc: proc,
        })
    }

    pub fn args(&self) -> Vec<String> {
        [
            "--s3-endpoint",
            &self.endpoint,
            "--s3-bucket",
            "lode",
            "--s3-access-key",
            "testing",
            "--s3-secret-key",
            "testing",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    pub fn config(&self) -> lode_db::blobs::BlobConfig {
        lode_db::blobs::BlobConfig::S3 {
            endpoint: self.endpoint.clone(),
            bucket: "lode".into(),
            region: "us-east-1".into(),
            access_key: "testing".into(),
            secret_key: "testing".into(),
        }
    }
}

/// A browser session as seen by the API: the cookie pair and the CSRF token.
pub struct ApiSession {
    pub cookie: String,
    pub csrf: String,
}

pub async fn api_login(base: &str, username: &str, password: &str) -> anyhow::Result<ApiSession> {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await?;
    anyhow::ensure!(r.status().is_success(), "login failed: {}", r.status());
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .to_string();
    let body: serde_json::Value = r.json().await?;
    Ok(ApiSession {
        cookie,
        csrf: body["csrf_token"].as_str().unwrap_or("").to_string(),
    })
}

/// A small organisation with one administrator and one specialist, written straight into a
/// store.
pub async fn seed_small(db: &lode_db::Db) -> anyhow::Result<(i64, i64)> {
    use lode_db::accounts::{self, NewStaff};
    use lode_db::units::{self, NewUnit};
    let ctx = lode_db::AuditCtx::system("fixture");
    let dept = units::create(
        db,
        &ctx,
        &NewUnit {
            parent_id: None,
            org_id: "000.00.27.G12".into(),
            name: "Cục Địa chất và Khoáng sản Việt Nam".into(),
            abbreviation: "ĐCKS".into(),
            kind: "department".into(),
        },
    )
    .await?;
    let office = units::create(
        db,
        &ctx,
        &NewUnit {
            parent_id: Some(dept.id),
            org_id: "000.01.27.G12".into(),
            name: "Văn phòng Cục".into(),
            abbreviation: "VP".into(),
            kind: "office".into(),
        },
    )
    .await?;
    let admin = accounts::create_staff(
        db,
        &ctx,
        &NewStaff {
            username: "admin".into(),
            full_name: "Lê Minh Quân".into(),
            unit_id: office.id,
            roles: vec!["administrator".into()],
            password: PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    let specialist = accounts::create_staff(
        db,
        &ctx,
        &NewStaff {
            username: "ntkhanh".into(),
            full_name: "Ngô Thị Khánh".into(),
            unit_id: office.id,
            roles: vec!["specialist".into()],
            password: PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    Ok((admin.id, specialist.id))
}

/// A clerk, `vanthu`, in the office of [`seed_small`]'s organisation.
pub async fn seed_clerk(db: &lode_db::Db) -> anyhow::Result<i64> {
    let office = lode_db::units::by_org_id(db, "000.01.27.G12").await?;
    let clerk = lode_db::accounts::NewStaff {
        username: "vanthu".into(),
        full_name: "Nguyễn Thị Thu Hà".into(),
        unit_id: office.id,
        roles: vec!["clerk".into()],
        password: PASSWORD.into(),
        must_change_password: Some(false),
        ..Default::default()
    };
    let ctx = lode_db::AuditCtx::system("fixture");
    Ok(lode_db::accounts::create_staff(db, &ctx, &clerk).await?.id)
}

/// An incoming document's registration, numbered `n` by its sender.
pub fn registration(n: usize, file_sha256: &str) -> serde_json::Value {
    serde_json::json!({
        "channel": "electronic", "issuer": "Bộ Nông nghiệp và Môi trường",
        "notation": format!("{}/BNNMT-ĐCKS", 100 + n), "document_date": "2026-11-20",
        "received_on": "2026-11-24", "type_code": "CV",
        "subject": "V/v báo cáo tình hình cấp phép", "file_sha256": file_sha256,
    })
}

/// Uploads a one-page PDF as the session's; returns its SHA-256.
pub async fn upload_pdf(base: &str, s: &ApiSession) -> anyhow::Result<String> {
    upload_pdf_saying(base, s, "Cong van").await
}

/// Uploads a one-page PDF saying `text` as the session's; returns its SHA-256.
pub async fn upload_pdf_saying(base: &str, s: &ApiSession, text: &str) -> anyhow::Result<String> {
    let upload: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/files"))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .header("content-type", "application/pdf")
        .body(lode_db::demo::sample_pdf(&[text]))
        .send()
        .await?
        .json()
        .await?;
    Ok(upload["sha256"].as_str().unwrap_or_default().to_string())
}

/// The passphrase of the CA's keys in the tests (the commands refuse to touch a CA without one).
pub const KEY_PASSPHRASE: &str = "phrase of the tests' CA keys, kept apart";

/// Runs the `lode` binary (with the tests' key passphrase); its exit code and everything it
/// printed.
pub fn lode(args: &[&str]) -> anyhow::Result<(i32, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .env("LODE_KEY_PASSPHRASE", KEY_PASSPHRASE)
        .output()?;
    Ok((
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    ))
}

/// A key and a self-signed certificate by `openssl req` (`algorithm`: e.g. `-newkey rsa:2048`).
pub fn openssl_keypair(
    subject: &str,
    algorithm: &[&str],
    key: &str,
    cert: &str,
) -> anyhow::Result<()> {
    let out = Command::new("openssl")
        .args(["req", "-x509", "-nodes", "-days", "30", "-subj", subject])
        .args(algorithm)
        .args(["-keyout", key, "-out", cert])
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

/// pyHanko (from the project's `.venv`) run with `args`; what it printed, output and errors.
pub fn pyhanko(args: &[&str]) -> anyhow::Result<String> {
    let pyhanko =
        tool("pyhanko").ok_or_else(|| anyhow::anyhow!("pyhanko (scripts/test-deps.sh)"))?;
    let out = Command::new(pyhanko).args(args).output()?;
    Ok(format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}
