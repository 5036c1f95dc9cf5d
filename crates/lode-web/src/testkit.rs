//! An in-process application on a fresh database, with a small organisation, and helpers to
//! call it as a browser or an API client would: for the tests of this crate and of the
//! capabilities mounted on it. Its fixture is a department with two federations, a team and an
//! office, a clerk, leaders, specialists and a business, all with [`PASSWORD`].

use crate::{AppState, Capability, WebConfig};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use lode_db::accounts::{self, NewExternal, NewStaff};
use lode_db::blobs::{BlobConfig, Blobs};
use lode_db::testkit::TestDb;
use lode_db::units::{self, NewUnit};
use lode_db::{AuditCtx, Backend};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "Mật khẩu 2026!";

/// The ids of the fixture organisation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ids {
    pub dept: i64,
    pub north: i64,
    pub north_team: i64,
    pub south: i64,
    pub office: i64,
    pub admin: i64,
    pub clerk: i64,
    pub leader: i64,
    pub north_leader: i64,
    pub north_specialist: i64,
    pub south_specialist: i64,
    pub business: i64,
}

/// The capabilities a test mounts, and their settings (see [`AppState::settings`]).
#[derive(Default)]
pub struct Mount {
    pub capabilities: Vec<Capability>,
    pub settings: axum::http::Extensions,
}

pub struct TestApp {
    pub state: Arc<AppState>,
    pub router: Router,
    pub db: TestDb,
    pub ids: Ids,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
    /// The codes of the field errors of a problem+json answer, as "field:code".
    pub fn field_codes(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        format!(
                            "{}:{}",
                            e["field"].as_str().unwrap_or(""),
                            e["code"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A signed-in browser: the session cookie and its CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

async fn unit(
    db: &lode_db::Db,
    parent: Option<i64>,
    org: &str,
    name: &str,
    abbr: &str,
    kind: &str,
) -> anyhow::Result<i64> {
    let ctx = AuditCtx::system("fixture");
    let u = units::create(
        db,
        &ctx,
        &NewUnit {
            parent_id: parent,
            org_id: org.into(),
            name: name.into(),
            abbreviation: abbr.into(),
            kind: kind.into(),
        },
    )
    .await?;
    Ok(u.id)
}

async fn person(
    db: &lode_db::Db,
    username: &str,
    name: &str,
    unit: i64,
    roles: &[&str],
) -> anyhow::Result<i64> {
    let ctx = AuditCtx::system("fixture");
    let a = accounts::create_staff(
        db,
        &ctx,
        &NewStaff {
            username: username.into(),
            full_name: name.into(),
            unit_id: unit,
            roles: roles.iter().map(|r| (*r).to_string()).collect(),
            password: PASSWORD.into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    Ok(a.id)
}

impl TestApp {
    pub async fn new(backend: Backend) -> anyhow::Result<TestApp> {
        Self::custom(backend, false, None, None, Mount::default()).await
    }

    /// With capabilities mounted beside this crate's pages and API; with lode's built-in CA
    /// when `ca` (see [`TestApp::with_ca`]).
    pub async fn mounting(backend: Backend, ca: bool, mount: Mount) -> anyhow::Result<TestApp> {
        Self::custom(backend, ca, None, None, mount).await
    }

    /// The demo organisation and its documents (what `lode serve --demo` shows) instead of the
    /// small fixture, with capabilities mounted; sign in with [`TestApp::login_with`] and
    /// `lode_db::demo::DEMO_PASSWORD`. Its `ids` are not filled.
    pub async fn demo(backend: Backend, mount: Mount) -> anyhow::Result<TestApp> {
        let db = TestDb::fresh(backend).await?;
        let blobs = Blobs::open(&BlobConfig::Local(db.dir.join("files")))?;
        lode_db::demo::seed(&db.db).await?;
        for c in &mount.capabilities {
            if let Some(seed) = c.demo {
                seed(&db.db, &blobs).await?;
            }
        }
        let config = WebConfig {
            demo: true,
            ..WebConfig::default()
        };
        let services = crate::pki::Services::default();
        Ok(Self::assemble(
            db,
            blobs,
            config,
            Vec::new(),
            services,
            mount,
            Ids::default(),
        ))
    }

    /// With web settings of the test's choosing.
    pub async fn with_config(backend: Backend, config: WebConfig) -> anyhow::Result<TestApp> {
        Self::custom(backend, false, None, Some(config), Mount::default()).await
    }

    /// With lode's built-in CA in the database's folder (its root the trust anchor) and its
    /// timestamp authority.
    pub async fn with_ca(backend: Backend) -> anyhow::Result<TestApp> {
        Self::custom(backend, true, None, None, Mount::default()).await
    }

    /// [`TestApp::with_ca`] and a PKCS#11 token for the server's keys.
    pub async fn with_token(
        backend: Backend,
        token: crate::pki::TokenConfig,
    ) -> anyhow::Result<TestApp> {
        Self::custom(backend, true, Some(token), None, Mount::default()).await
    }

    /// With every choice made by the caller: lode's CA (`ca`), a PKCS#11 token for the
    /// server's keys, web settings, the capabilities mounted.
    pub async fn custom(
        backend: Backend,
        ca: bool,
        token: Option<crate::pki::TokenConfig>,
        config: Option<WebConfig>,
        mount: Mount,
    ) -> anyhow::Result<TestApp> {
        let db = TestDb::fresh(backend).await?;
        let d = &db.db;
        let dept = unit(
            d,
            None,
            "000.00.27.G12",
            "Cục Địa chất và Khoáng sản Việt Nam",
            "ĐCKS",
            "department",
        )
        .await?;
        let seat = units::UnitChange {
            place: Some("Hà Nội".into()),
            ..Default::default()
        };
        units::update(d, &AuditCtx::system("fixture"), dept, &seat).await?;
        let north = unit(
            d,
            Some(dept),
            "000.10.27.G12",
            "Liên đoàn Bản đồ Địa chất miền Bắc",
            "LĐBĐMB",
            "federation",
        )
        .await?;
        let north_team = unit(
            d,
            Some(north),
            "001.10.27.G12",
            "Đoàn Địa chất Tây Bắc",
            "TB",
            "team",
        )
        .await?;
        let south = unit(
            d,
            Some(dept),
            "000.12.27.G12",
            "Liên đoàn Bản đồ Địa chất miền Nam",
            "LĐBĐMN",
            "federation",
        )
        .await?;
        let office = unit(
            d,
            Some(dept),
            "000.01.27.G12",
            "Văn phòng Cục",
            "VP",
            "office",
        )
        .await?;
        let admin = person(d, "admin", "Lê Minh Quân", office, &["administrator"]).await?;
        let clerk = person(d, "vanthu", "Nguyễn Thị Thu Hà", office, &["clerk"]).await?;
        let leader = person(d, "tvhung", "Trần Văn Hùng", dept, &["agency_leader"]).await?;
        person(d, "dvthang", "Đỗ Văn Thắng", office, &["unit_leader"]).await?;
        person(d, "ntkhanh", "Ngô Thị Khánh", office, &["specialist"]).await?;
        sqlx::query("UPDATE accounts SET clearance = 'secret' WHERE id = $1")
            .bind(leader)
            .execute(d.pool())
            .await?;
        let north_leader = person(d, "vvhai", "Vương Văn Hải", north, &["unit_leader"]).await?;
        let north_specialist =
            person(d, "hvkien", "Hà Văn Kiên", north_team, &["specialist"]).await?;
        let south_specialist =
            person(d, "dtkieu", "Dương Thị Kiều", south, &["specialist"]).await?;
        let business = accounts::create_external(
            d,
            &AuditCtx::system("fixture"),
            &NewExternal {
                kind: "business".into(),
                username: "minhphat".into(),
                full_name: "Nguyễn Đức Phát".into(),
                email: "phapche@minhphat.example.vn".into(),
                phone: None,
                organisation_name: Some("Công ty Cổ phần Khoáng sản Minh Phát".into()),
                tax_code: Some("0102345677".into()),
                address: None,
                representative: None,
                password: PASSWORD.into(),
            },
        )
        .await?
        .id;
        let blobs = Blobs::open(&BlobConfig::Local(db.dir.join("files")))?;
        let (trust, services) = if ca {
            let dir = db.dir.join("pki");
            let org = "Cục Địa chất và Khoáng sản Việt Nam";
            // published at an address nothing listens on: the server must answer for its own
            // CA (CRLs, OCSP) in process, never over the network
            let store = lode_sign::pki::Store::init(&dir, org, Some("http://127.0.0.1:9/pki/"))?;
            (
                vec![store.root()?],
                crate::pki::Services::open(&dir, org, None)?,
            )
        } else {
            (Vec::new(), Default::default())
        };
        let services = crate::pki::Services {
            token: token.map(Arc::new),
            ..services
        };
        let config = config.unwrap_or_else(|| WebConfig {
            demo: false,
            ..WebConfig::default()
        });
        let ids = Ids {
            dept,
            north,
            north_team,
            south,
            office,
            admin,
            clerk,
            leader,
            north_leader,
            north_specialist,
            south_specialist,
            business,
        };
        Ok(Self::assemble(
            db, blobs, config, trust, services, mount, ids,
        ))
    }

    /// The application over `db` with these settings, as the tests drive it.
    fn assemble(
        db: TestDb,
        blobs: Blobs,
        config: WebConfig,
        trust: Vec<lode_sign::cms::Certificate>,
        services: crate::pki::Services,
        mount: Mount,
        ids: Ids,
    ) -> TestApp {
        let state = Arc::new(AppState {
            db: db.db.clone(),
            blobs,
            config,
            trust,
            services,
            settings: mount.settings,
        });
        let router = crate::router(state.clone(), mount.capabilities);
        TestApp {
            state,
            router,
            db,
            ids,
        }
    }

    /// Sends a request from `ip`.
    pub async fn send_from(&self, ip: &str, mut req: Request<Body>) -> Resp {
        let addr: SocketAddr = format!("{ip}:40000")
            .parse()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 40000)));
        req.extensions_mut().insert(ConnectInfo(addr));
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| match e {});
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        self.send_from("10.0.0.1", req).await
    }

    pub fn request(
        method: Method,
        path: &str,
        session: Option<&Session>,
        json: Option<&Value>,
    ) -> Request<Body> {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(s) = session {
            b = b
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf);
        }
        let body = match json {
            Some(v) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        b.body(body).unwrap_or_default()
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> Resp {
        self.send(Self::request(Method::GET, path, session, None))
            .await
    }

    pub async fn post(&self, path: &str, session: Option<&Session>, json: &Value) -> Resp {
        self.send(Self::request(Method::POST, path, session, Some(json)))
            .await
    }

    pub async fn put(&self, path: &str, session: Option<&Session>, json: &Value) -> Resp {
        self.send(Self::request(Method::PUT, path, session, Some(json)))
            .await
    }

    pub async fn patch(&self, path: &str, session: Option<&Session>, json: &Value) -> Resp {
        self.send(Self::request(Method::PATCH, path, session, Some(json)))
            .await
    }

    /// Sends a raw body with a content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        content_type: &str,
        body: impl Into<Body>,
    ) -> Resp {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, content_type);
        if let Some(s) = session {
            b = b
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf);
        }
        self.send(b.body(body.into()).unwrap_or_default()).await
    }

    /// A member of staff the fixture lacks, created in `unit_id` with `roles` and signed in.
    pub async fn staff(
        &self,
        username: &str,
        full_name: &str,
        unit_id: i64,
        roles: &[&str],
    ) -> anyhow::Result<Session> {
        accounts::create_staff(
            &self.state.db,
            &AuditCtx::system("test"),
            &NewStaff {
                username: username.into(),
                full_name: full_name.into(),
                unit_id,
                roles: roles.iter().map(|r| r.to_string()).collect(),
                password: PASSWORD.into(),
                must_change_password: Some(false),
                ..Default::default()
            },
        )
        .await?;
        self.login(username).await
    }

    /// A one-stop officer of the office, `motcua` (the fixture has none), signed in.
    pub async fn one_stop_officer(&self) -> anyhow::Result<Session> {
        self.staff(
            "motcua",
            "Hoàng Văn Nam",
            self.ids.office,
            &["one_stop_officer"],
        )
        .await
    }

    /// A form posted as a browser posts it (URL-encoded).
    pub async fn form(&self, who: &Session, path: &str, pairs: &[(&str, &str)]) -> Resp {
        let body = pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                )
            })
            .collect::<Vec<_>>()
            .join("&");
        self.raw(
            Method::POST,
            path,
            Some(who),
            "application/x-www-form-urlencoded",
            body,
        )
        .await
    }

    /// The kinds and titles of a person's unread notifications, newest first.
    pub async fn unread(&self, who: &Session) -> Vec<(String, String)> {
        let list = self
            .get("/api/v1/notifications?unread=true", Some(who))
            .await
            .json();
        list["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|n| {
                        let text = |k: &str| n[k].as_str().unwrap_or_default().to_string();
                        (text("kind"), text("title"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub async fn login(&self, username: &str) -> anyhow::Result<Session> {
        self.login_with(username, PASSWORD).await
    }

    /// Signs in with a password of the caller's choosing.
    pub async fn login_with(&self, username: &str, password: &str) -> anyhow::Result<Session> {
        let r = self
            .post(
                "/api/v1/session",
                None,
                &serde_json::json!({"username": username, "password": password}),
            )
            .await;
        anyhow::ensure!(
            r.status == StatusCode::OK,
            "login of {username} failed: {} {}",
            r.status,
            r.text()
        );
        let cookie = r.header("set-cookie");
        let pair = cookie.split(';').next().unwrap_or("").to_string();
        let csrf = r.json()["csrf_token"].as_str().unwrap_or("").to_string();
        Ok(Session { cookie: pair, csrf })
    }

    /// Uploads a one-page PDF saying `text`; returns its SHA-256.
    pub async fn upload_pdf(&self, s: &Session, text: &str) -> anyhow::Result<String> {
        let pdf = lode_db::demo::sample_pdf(&[text]);
        let r = self
            .raw(
                Method::POST,
                "/api/v1/files",
                Some(s),
                "application/pdf",
                pdf,
            )
            .await;
        anyhow::ensure!(
            r.status == StatusCode::CREATED,
            "upload: {} {}",
            r.status,
            r.text()
        );
        Ok(r.json()["sha256"].as_str().unwrap_or_default().to_string())
    }

    /// The audit head: the number of entries written so far.
    pub async fn audit_head(&self) -> anyhow::Result<i64> {
        Ok(lode_db::audit::verify(&self.state.db).await?.head_seq)
    }
}

/// An SMTP server that keeps what it receives in a maildir.
pub struct SmtpServer {
    child: std::process::Child,
    pub port: u16,
    maildir: std::path::PathBuf,
}

impl SmtpServer {
    pub async fn start() -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let maildir = std::env::temp_dir().join(format!(
            "lode-mail-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/python");
        let child = std::process::Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("aiosmtpd: {e} (run scripts/test-deps.sh)"))?;
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Ok(Self {
                    child,
                    port,
                    maildir,
                });
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        anyhow::bail!("the SMTP server did not start")
    }

    /// The raw messages received so far.
    pub fn messages(&self) -> Vec<String> {
        std::fs::read_dir(self.maildir.join("new"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// Decodes a MIME message's text part (lettre sends UTF-8 text as quoted-printable or base64).
pub fn decoded_text(raw: &str) -> anyhow::Result<String> {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys,email\nfrom email import policy\nm=email.message_from_string(sys.stdin.read(),policy=policy.default)\nprint(m['To']);print(m['Subject']);print(m.get_content())",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            if let Some(mut i) = c.stdin.take() {
                i.write_all(raw.as_bytes())?;
            }
            c.wait_with_output()
        })?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text a reader sees: the page without its tags (attribute values, such as a date field's
/// value or a link's address, are not read).
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// What a browser would send of the form posting to `action`, left as drawn: each named box
/// with its value, each ticked box, each list's chosen option (or its first), each text area.
pub fn drawn_form(html: &str, action: &str) -> Vec<(String, String)> {
    let Some(start) = html.find(&format!("action=\"{action}\"")) else {
        return Vec::new();
    };
    let form = &html[start..];
    let form = &form[..form.find("</form>").unwrap_or(form.len())];
    let unescape = |v: &str| {
        v.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        let end = tag[at..].find('"')?;
        Some(unescape(&tag[at..at + end]))
    };
    let flag = |tag: &str, name: &str| {
        tag.split(|c: char| c.is_whitespace() || c == '>')
            .any(|w| w == name || w.starts_with(&format!("{name}=")))
    };
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let after = &rest[end..];
        if tag.starts_with("<input") {
            let kind = attr(tag, "type").unwrap_or_default();
            if let Some(name) = attr(tag, "name")
                && !matches!(kind.as_str(), "submit" | "button" | "file")
                && (!matches!(kind.as_str(), "checkbox" | "radio") || flag(tag, "checked"))
            {
                out.push((name, attr(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<textarea") {
            if let Some(name) = attr(tag, "name") {
                let text = &after[..after.find("</textarea>").unwrap_or(0)];
                out.push((name, unescape(text)));
            }
        } else if tag.starts_with("<select")
            && let Some(name) = attr(tag, "name")
        {
            let options = &after[..after.find("</select>").unwrap_or(0)];
            let tags: Vec<&str> = options
                .split("<option")
                .skip(1)
                .map(|o| &o[..o.find('>').unwrap_or(o.len())])
                .collect();
            let chosen = tags
                .iter()
                .find(|o| flag(o, "selected"))
                .or(tags.first())
                .and_then(|o| attr(o, "value"));
            if let Some(v) = chosen {
                out.push((name, v));
            }
        }
        rest = after;
    }
    out
}

/// A stored day (`2026-11-02`) in the text, if any.
pub fn stored_day(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        (digits(0..4) && w[4] == b'-' && digits(5..7) && w[7] == b'-' && digits(8..10))
            .then(|| String::from_utf8_lossy(w).into_owned())
    })
}
