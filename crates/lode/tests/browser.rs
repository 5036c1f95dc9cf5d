//! The web shell in a real headless Chromium, driven through ChromeDriver (WebDriver): sign in,
//! create a unit, see it in the tree, sign out; a specialist cannot open administrator pages.

mod support;

use serde_json::{Value, json};
use std::process::{Command, Stdio};
use support::{Proc, free_port, tool, wait_for};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Just enough of the WebDriver protocol for these tests.
struct Browser {
    http: reqwest::Client,
    session: String,
    _driver: Proc,
    _profile: std::path::PathBuf,
}

impl Browser {
    async fn start() -> anyhow::Result<Browser> {
        let driver = tool("chromedriver")
            .ok_or_else(|| anyhow::anyhow!("chromedriver not found: run scripts/test-deps.sh"))?;
        let chromium = tool("chromium")
            .ok_or_else(|| anyhow::anyhow!("chromium not found: run scripts/test-deps.sh"))?;
        let port = free_port();
        let proc = Proc(
            Command::new(driver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?,
        );
        let base = format!("http://127.0.0.1:{port}");
        wait_for(&format!("{base}/status"), 30).await?;
        let profile =
            std::env::temp_dir().join(format!("lode-chromium-{}-{port}", std::process::id()));
        let http = reqwest::Client::new();
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,900", format!("--user-data-dir={}", profile.display())]
        }}}});
        let r: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await?
            .json()
            .await?;
        let id = r["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("no WebDriver session: {r}"))?;
        Ok(Browser {
            http,
            session: format!("{base}/session/{id}"),
            _driver: proc,
            _profile: profile,
        })
    }

    /// The window of a phone held upright (390 × 844).
    async fn phone_size(&self) -> anyhow::Result<()> {
        self.cmd(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({"width": 390, "height": 844})),
        )
        .await
        .map(|_| ())
    }

    async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let mut req = self.http.request(method, format!("{}{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().await?.json().await?;
        if let Some(err) = v["value"].get("error") {
            anyhow::bail!("WebDriver {path}: {err} {}", v["value"]["message"]);
        }
        Ok(v["value"].clone())
    }

    async fn go(&self, url: &str) -> anyhow::Result<()> {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await
            .map(|_| ())
    }

    async fn find(&self, css: &str) -> anyhow::Result<String> {
        let v = match self
            .cmd(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await
        {
            Ok(v) => v,
            Err(e) => {
                let (url, source) = (self.url().await?, self.source().await?);
                anyhow::bail!(
                    "{e}: no element {css} on {url}: {}",
                    source.chars().take(600).collect::<String>()
                )
            }
        };
        match v[ELEMENT].as_str() {
            Some(e) => Ok(e.to_string()),
            None => {
                let (url, source) = (self.url().await?, self.source().await?);
                anyhow::bail!(
                    "no element {css} ({v}) on {url}: {}",
                    source.chars().take(300).collect::<String>()
                )
            }
        }
    }

    async fn count(&self, css: &str) -> anyhow::Result<usize> {
        let v = self
            .cmd(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await?;
        Ok(v.as_array().map_or(0, Vec::len))
    }

    async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let e = self.find(css).await?;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/clear"),
            Some(json!({})),
        )
        .await?;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/value"),
            Some(json!({"text": text})),
        )
        .await
        .map(|_| ())
    }

    async fn script(&self, js: &str) -> anyhow::Result<Value> {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
        .await
    }

    /// Clicks something that loads a new page, and waits until the new page has loaded.
    async fn click(&self, css: &str) -> anyhow::Result<()> {
        let e = self.find(css).await?;
        self.script("window.__lodeOldPage = true;").await?;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/click"),
            Some(json!({})),
        )
        .await?;
        for _ in 0..100 {
            let loaded = self
                .script("return window.__lodeOldPage === undefined && document.readyState === 'complete';")
                .await
                .unwrap_or(Value::Bool(false));
            if loaded == Value::Bool(true) {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        anyhow::bail!("clicking {css} loaded no new page")
    }

    /// Goes to a section of the header's menu as a person does: on a phone, the menu opened
    /// first (its sections fold under one button), then the section's entry.
    async fn section(&self, href: &str) -> anyhow::Result<()> {
        let folded = self
            .script("return getComputedStyle(document.querySelector('details.menu')).display !== 'none';")
            .await?;
        if folded == Value::Bool(true) {
            let summary = self.find("details.menu summary").await?;
            self.cmd(
                reqwest::Method::POST,
                &format!("/element/{summary}/click"),
                Some(json!({})),
            )
            .await?;
            self.click(&format!("details.menu a[href='{href}']")).await
        } else {
            self.click(&format!("nav.main a[href='{href}']")).await
        }
    }

    async fn text_of(&self, css: &str) -> anyhow::Result<String> {
        let e = self.find(css).await?;
        Ok(self
            .cmd(reqwest::Method::GET, &format!("/element/{e}/text"), None)
            .await?
            .as_str()
            .unwrap_or("")
            .to_string())
    }

    async fn url(&self) -> anyhow::Result<String> {
        Ok(self
            .cmd(reqwest::Method::GET, "/url", None)
            .await?
            .as_str()
            .unwrap_or("")
            .to_string())
    }

    async fn source(&self) -> anyhow::Result<String> {
        Ok(self
            .cmd(reqwest::Method::GET, "/source", None)
            .await?
            .as_str()
            .unwrap_or("")
            .to_string())
    }

    async fn sign_in(&self, base: &str, username: &str) -> anyhow::Result<()> {
        self.go(&format!("{base}/login")).await?;
        self.fill_login(username).await
    }

    async fn fill_login(&self, username: &str) -> anyhow::Result<()> {
        self.type_into("#username", username).await?;
        self.type_into("#password", lode_db::demo::DEMO_PASSWORD)
            .await?;
        self.click("form[action='/login'] button[type=submit]")
            .await
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let session = self.session.clone();
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(async {
                    let _ = reqwest::Client::new().delete(session).send().await;
                });
            }
        })
        .join();
        let _ = std::fs::remove_dir_all(&self._profile);
    }
}

/// `lode serve --demo` on a data folder of its own (removed afterwards), on a free port.
struct DemoServer {
    /// localhost, not 127.0.0.1: browsers keep Secure cookies for http://localhost.
    base: String,
    data: std::path::PathBuf,
    _proc: Proc,
}

impl DemoServer {
    async fn start(name: &str) -> anyhow::Result<DemoServer> {
        let data = std::env::temp_dir().join(format!(
            "lode-browser-{name}-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&data)?;
        let port = free_port();
        let proc = Proc(
            Command::new(env!("CARGO_BIN_EXE_lode"))
                .arg("--data")
                .arg(&data)
                .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
                .env("LODE_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()?,
        );
        wait_for(&format!("http://127.0.0.1:{port}/healthz"), 90).await?;
        Ok(DemoServer {
            base: format!("http://localhost:{port}"),
            data,
            _proc: proc,
        })
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_creates_a_unit_and_a_specialist_is_kept_out() -> anyhow::Result<()> {
    let server = DemoServer::start("unit").await?;
    let base = server.base.clone();
    let b = Browser::start().await?;

    // signing in from a public page comes back to it
    b.go(&format!("{base}/dich-vu-cong")).await?;
    assert_eq!(
        b.script("return document.querySelector('header a.sign-in').getAttribute('href');")
            .await?,
        json!("/login?next=%2Fdich-vu-cong")
    );
    // a visitor lands on the front page, and signs in from its header
    b.go(&base).await?;
    assert_eq!(b.count("ul.ways li").await?, 7);
    b.click("header a.sign-in").await?;
    assert!(b.url().await?.ends_with("/login"), "{}", b.url().await?);
    assert_eq!(b.text_of("h1").await?, "Đăng nhập");
    b.sign_in(&base, "admin").await?;
    assert!(
        b.text_of("h1").await?.starts_with("Xin chào"),
        "{}",
        b.source().await?
    );

    b.go(&format!("{base}/org/new")).await?;
    b.type_into("#name", "Đoàn Địa chất Bắc Trung Bộ").await?;
    b.type_into("#abbreviation", "BTB").await?;
    b.type_into("#org_id", "003.10.27.G12").await?;
    b.choose("#kind", "Đoàn").await?;
    b.click("form[action='/org/new'] button[type=submit]")
        .await?;
    assert!(
        b.url().await?.contains("done=created"),
        "{}",
        b.source().await?
    );
    assert_eq!(b.text_of("h1").await?.trim(), "Đoàn Địa chất Bắc Trung Bộ");

    b.go(&format!("{base}/org")).await?;
    let tree = b.text_of("ul.tree").await?;
    assert!(
        tree.contains("Đoàn Địa chất Bắc Trung Bộ") && tree.contains("003.10.27.G12"),
        "{tree}"
    );

    // a wrong id is answered beside its field, and nothing is created
    b.go(&format!("{base}/org/new")).await?;
    b.type_into("#name", "Đơn vị thử").await?;
    b.type_into("#abbreviation", "DVT").await?;
    b.type_into("#org_id", "ĐCKS-99").await?;
    b.click("form[action='/org/new'] button[type=submit]")
        .await?;
    assert!(b.count(".field-error").await? >= 1);
    assert!(
        b.text_of(".field-error")
            .await?
            .contains("V1V2V3.Z1Z2.Y1Y2.MX1X2")
    );

    // a procedure's next version, from its public page, through boxes and choices
    b.go(&format!("{base}/dich-vu-cong/2.001828")).await?;
    b.click("a.button[href='/admin/procedures/2.001828']")
        .await?;
    let shown = |rule: &str| {
        format!("return !document.querySelector(\"[data-shown-for='{rule}']\").hidden;")
    };
    assert_eq!(b.script(&shown("fee.kind=fixed")).await?, json!(true));
    assert_eq!(b.script(&shown("fee.kind=brackets")).await?, json!(false));
    b.choose("[name='fee.kind']", "Theo bậc").await?;
    assert_eq!(b.script(&shown("fee.kind=brackets")).await?, json!(true));
    assert_eq!(b.script(&shown("fee.kind=fixed")).await?, json!(false));
    b.choose("[name='fee.kind']", "Một mức thu").await?;
    b.set_value("[name='fee.fixed.amount']", "hai triệu")
        .await?;
    // a day that is none, in a form the server checks whole, is sent as typed and refused
    // beside its box rather than dropped
    b.type_into("#effective_to", "31/02/2026").await?;
    b.click("form.procedure .save-bar button").await?;
    assert!(
        !b.text_of("[id='effective_to-error']").await?.is_empty(),
        "{}",
        b.source().await?
    );
    b.type_into("#effective_to", "").await?;
    assert_eq!(
        b.text_of("[id='fee.fixed.amount-error']").await?,
        "Nhập số tiền bằng đồng, không có phần lẻ (ví dụ: 4.000.000).",
    );
    assert!(b.text_of("div.alert").await?.contains("Số tiền (đồng)"));
    b.set_value("[name='fee.fixed.amount']", "2.500.000")
        .await?;
    b.click("form.procedure .save-bar button").await?;
    assert!(
        b.text_of("p.notice")
            .await?
            .starts_with("Đã lưu phiên bản 2 của thủ tục, có hiệu lực từ ngày"),
        "{}",
        b.source().await?
    );
    assert_eq!(b.count("table.versions tbody tr").await?, 2, "two versions");
    assert_eq!(
        b.script("return document.querySelector(\"[name='fee.fixed.amount']\").value;")
            .await?,
        json!("2.500.000")
    );

    b.click("form[action='/logout'] button").await?;
    assert!(b.url().await?.ends_with("/login?signed_out=1"));
    assert_eq!(b.text_of("p.notice").await?, "Bạn đã đăng xuất.");
    b.go(&format!("{base}/org")).await?;
    assert!(
        b.url().await?.contains("/login?next=%2Forg"),
        "signed out means signed out"
    );

    b.sign_in(&base, "ntkhanh").await?;
    assert!(b.text_of("h1").await?.starts_with("Xin chào"));
    assert_eq!(
        b.count("nav.main a[href='/audit']").await?,
        0,
        "no link to what one may not open"
    );
    for page in ["/org/new", "/people/new", "/audit"] {
        b.go(&format!("{base}{page}")).await?;
        assert!(
            b.text_of("h1").await? == "Bạn không có quyền thực hiện việc này",
            "{page}: {}",
            b.source().await?
        );
    }
    // the tree itself is open to staff
    b.go(&format!("{base}/org")).await?;
    assert!(
        b.text_of("ul.tree")
            .await?
            .contains("Đoàn Địa chất Bắc Trung Bộ")
    );

    // English on request
    b.click("a.lang").await?;
    b.go(&format!("{base}/org")).await?;
    assert_eq!(b.text_of("h1").await?, "Organisation");
    Ok(())
}

impl Browser {
    /// On the draft of a request for records (procedure DCKS.14): the records wanted, read on
    /// site, the catalogue's visits typed, then the request's PDF uploaded without saving first.
    async fn request_typed_and_uploaded(
        &self,
        wanted: &str,
        visits: &str,
        pdf: &std::path::Path,
    ) -> anyhow::Result<()> {
        self.type_into("#v_documents_wanted", wanted).await?;
        self.choose("#v_access", "Tra cứu").await?;
        self.type_into("#v_catalogue_visits", visits).await?;
        self.attach("input[type=file][aria-label^='Phiếu yêu cầu']", pdf)
            .await?;
        self.click("button[formaction*='/tai-lieu'][value='request']")
            .await
    }

    /// Puts the file at `path` into the file input `css`, as choosing it in the dialog does.
    async fn attach(&self, css: &str, path: &std::path::Path) -> anyhow::Result<()> {
        let file = self.find(css).await?;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{file}/value"),
            Some(json!({"text": path.display().to_string()})),
        )
        .await?;
        Ok(())
    }

    /// Fills the registration form of an incoming letter (`/incoming/new`) with its scan and
    /// the fields every letter has; the caller adds the rest and sends it.
    async fn fill_incoming(
        &self,
        pdf: &std::path::Path,
        (issuer, notation, date): (&str, &str, &str),
        (type_name, subject): (&str, &str),
    ) -> anyhow::Result<()> {
        self.attach("#file", pdf).await?;
        self.type_into("#issuer", issuer).await?;
        self.type_into("#notation", notation).await?;
        // typed as a person types a day, whatever the browser's language
        self.type_into("#document_date", &typed_day(date)).await?;
        self.choose("#type_code", type_name).await?;
        self.type_into("#subject", subject).await
    }

    async fn sign_out(&self) -> anyhow::Result<()> {
        self.click("form[action='/logout'] button").await
    }

    /// Sets a form control's value directly, told to the page as typing is.
    async fn set_value(&self, css: &str, value: &str) -> anyhow::Result<()> {
        let js = format!(
            "var box = document.querySelector({}); box.value = {}; \
             box.dispatchEvent(new Event('input', {{ bubbles: true }})); \
             box.dispatchEvent(new Event('change', {{ bubbles: true }}));",
            serde_json::to_string(css)?,
            serde_json::to_string(value)?
        );
        self.script(&js).await.map(|_| ())
    }

    /// Chooses the option of a select whose text contains `text`.
    /// Ticks the choice of the group `group` (radio buttons in their labels) whose label reads
    /// `text`, as a person clicks it.
    async fn pick(&self, group: &str, text: &str) -> anyhow::Result<()> {
        let js = format!(
            "const l = [...document.querySelectorAll({} + ' label')].find(l => l.textContent.includes({})); \
             if (!l) return false; l.querySelector('input').click(); return l.querySelector('input').checked;",
            serde_json::to_string(group)?,
            serde_json::to_string(text)?
        );
        anyhow::ensure!(
            self.script(&js).await? == Value::Bool(true),
            "no choice {text:?} in {group}"
        );
        Ok(())
    }

    async fn choose(&self, select: &str, text: &str) -> anyhow::Result<()> {
        let js = format!(
            "const s = document.querySelector({}); const o = [...s.options].find(o => o.text.includes({})); \
             if (!o) return false; s.value = o.value; \
             s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
            serde_json::to_string(select)?,
            serde_json::to_string(text)?
        );
        anyhow::ensure!(
            self.script(&js).await? == Value::Bool(true),
            "no option {text:?} in {select}"
        );
        Ok(())
    }
}

/// `yyyy-mm-dd` as a person types the day, `dd/mm/yyyy`.
fn typed_day(stored: &str) -> String {
    chrono::NaiveDate::parse_from_str(stored, "%Y-%m-%d")
        .map_or_else(|_| stored.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

/// The box a person types a form's deadline in (the day the form sends is kept beside it).
fn deadline_box(form: &str) -> String {
    format!("form[action$='/{form}'] .day-box input[type=text]")
}

/// What the browser says of a deadline typed past the leader's in the assignment form (the box
/// left empty again after).
async fn refusal_of_a_day_past_the_leaders(b: &Browser) -> anyhow::Result<Value> {
    b.type_into(&deadline_box("assign"), "05/01/2100").await?;
    let said = b
        .script(&format!(
            "var d = document.querySelector({}); d.reportValidity(); return d.validationMessage;",
            serde_json::to_string(&deadline_box("assign"))?
        ))
        .await?;
    b.type_into(&deadline_box("assign"), "").await?;
    Ok(said)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_travels_from_the_clerk_to_its_handler() -> anyhow::Result<()> {
    let server = DemoServer::start("doc").await?;
    let base = server.base.clone();
    let pdf = server.data.join("cong-van.pdf");
    std::fs::write(&pdf, lode_db::demo::sample_pdf(&["Cong van 999/QD-BNNMT"]))?;
    let b = Browser::start().await?;

    // the clerk registers a document with its PDF
    b.sign_in(&base, "vanthu").await?;
    b.go(&format!("{base}/incoming/new")).await?;
    // a scan too large is refused beside its box as it is chosen, before any upload
    let huge = server.data.join("qua-lon.pdf");
    std::fs::File::create(&huge)?.set_len(51 * 1024 * 1024)?;
    b.attach("#file", &huge).await?;
    assert_eq!(
        b.script("return document.querySelector('#file').validationMessage;")
            .await?,
        json!("Tệp quá lớn: mỗi tệp tối đa 50 MB.")
    );
    assert!(
        b.text_of("form[action^='/incoming/new']")
            .await?
            .contains("Tối đa 50 MB mỗi tệp.")
    );
    std::fs::remove_file(&huge)?;
    b.fill_incoming(
        &pdf,
        ("Bộ Nông nghiệp và Môi trường", "999/QĐ-BNNMT", "2026-11-20"),
        (
            "Quyết định",
            "Quyết định <b>phê duyệt</b> đề án thăm dò quặng vàng",
        ),
    )
    .await?;
    // a day written otherwise, or that is none, is refused saying which, in the page's words
    // whatever the browser speaks
    let refusal = "var d = document.querySelector('#received_on'); d.reportValidity(); return d.validationMessage;";
    b.type_into("#received_on", "ngày 5").await?;
    assert_eq!(
        b.script(refusal).await?,
        json!("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2026.")
    );
    b.type_into("#received_on", "31/02/2026").await?;
    assert_eq!(
        b.script(refusal).await?,
        json!("Không có ngày 31/02/2026 trên lịch: hãy kiểm tra lại ngày và tháng.")
    );
    assert_eq!(
        b.script("return document.querySelector('#received_on + button.day-pick').getAttribute('aria-label');")
            .await?,
        json!("Chọn ngày trên lịch")
    );
    b.type_into("#received_on", &typed_day(&lode_db::today().to_string()))
        .await?;
    // the day typed is sent as the server reads days
    assert_eq!(
        b.script("return document.querySelector('[name=document_date]').value;")
            .await?,
        json!("2026-11-20")
    );
    b.choose("#urgency", "Khẩn").await?;
    b.click("form[action^='/incoming/new'] button[type=submit]")
        .await?;
    assert!(
        b.url().await?.contains("done=registered"),
        "{}",
        b.source().await?
    );
    let doc_url = b.url().await?.split('?').next().unwrap_or("").to_string();
    assert!(b.text_of("h1").await?.starts_with("Số đến"));
    // the next letter is one click away
    assert_eq!(
        b.text_of("#next a[href='/incoming/new']").await?,
        "Đăng ký văn bản đến tiếp theo"
    );
    // HTML in a subject is shown as text, never as markup
    assert!(b.text_of("p.subject").await?.contains("<b>phê duyệt</b>"));
    assert_eq!(b.count("p.subject b").await?, 0);
    b.sign_out().await?;

    // the agency leader gives the instruction
    b.sign_in(&base, "tvhung").await?;
    b.go(&doc_url).await?;
    b.choose("#lead_unit_id", "Phòng Quản lý Khoáng sản")
        .await?;
    b.type_into(&deadline_box("route"), "31/12/2099").await?;
    b.type_into("#route_note", "Phòng Khoáng sản chủ trì thẩm định.")
        .await?;
    b.click("form[action$='/route'] button[type=submit]")
        .await?;
    assert!(
        b.text_of("h1").await?.contains("Chờ giao xử lý"),
        "{}",
        b.source().await?
    );
    b.sign_out().await?;

    // the lead unit's leader names the handler
    b.sign_in(&base, "tdkhoa").await?;
    b.go(&doc_url).await?;
    b.choose("#handler_id", "Nguyễn Thị Huyền").await?;
    // a deadline past the leader's is refused naming the leader's day, as the page writes days
    assert_eq!(
        refusal_of_a_day_past_the_leaders(&b).await?,
        json!("Chọn ngày không muộn hơn 31/12/2099.")
    );
    b.click("form[action$='/assign'] button[type=submit]")
        .await?;
    assert!(b.text_of("h1").await?.contains("Đang xử lý"));
    b.sign_out().await?;

    // the handler finds it in their queue and completes it
    b.sign_in(&base, "nthuyen").await?;
    assert!(
        b.text_of("#to_handle").await?.contains("999/QĐ-BNNMT"),
        "{}",
        b.text_of("#to_handle").await?
    );
    b.go(&doc_url).await?;
    // a note of spaces only: refused beside its field, in its section opened again, what was
    // typed kept
    b.script("document.querySelector(\"details:has(form[action$='/note'])\").open = true;")
        .await?;
    b.type_into("form[action$='/note'] textarea", "   ").await?;
    b.click("form[action$='/note'] button[type=submit]").await?;
    assert!(
        b.text_of("details[open] form[action$='/note'] .field-error")
            .await?
            .contains("Không được để trống"),
        "the note's refusal beside it"
    );
    assert!(
        b.text_of(".alert a[href='#text']")
            .await?
            .contains("Ghi chú"),
        "the summary names the field by its label"
    );
    // completing is folded away until chosen
    b.go(&doc_url).await?;
    assert_eq!(b.count("details[open] form[action$='/complete']").await?, 0);
    b.script("document.querySelector(\"details:has(form[action$='/complete'])\").open = true;")
        .await?;
    b.type_into("#complete_text", "Đã thẩm định, trình lãnh đạo Cục.")
        .await?;
    b.click("form[action$='/complete'] button[type=submit]")
        .await?;
    assert!(b.text_of("h1").await?.contains("Đã hoàn thành"));
    let timeline = b.text_of("table.history").await?;
    for step in ["Đăng ký", "Cho ý kiến chỉ đạo", "Giao xử lý", "Hoàn thành"] {
        assert!(timeline.contains(step), "{step} missing from {timeline}");
    }
    b.sign_out().await?;

    // a specialist of another unit cannot open it
    b.sign_in(&base, "ptmai").await?;
    b.go(&doc_url).await?;
    assert_eq!(b.text_of("h1").await?, "Không tìm thấy");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outgoing_document_is_drafted_approved_numbered_and_sent() -> anyhow::Result<()> {
    let server = DemoServer::start("out").await?;
    let base = server.base.clone();
    let b = Browser::start().await?;

    // a specialist drafts a công văn to a federation, writing its text on the page
    b.sign_in(&base, "nthuyen").await?;
    b.go(&format!("{base}/outgoing/new")).await?;
    b.choose("#type_code", "Công văn").await?;
    b.type_into(
        "#subject",
        "V/v đôn đốc nộp báo cáo thống kê khoáng sản năm 2026",
    )
    .await?;
    b.script("[...document.querySelectorAll('input[name=recipient_unit_ids]')].find(i => i.parentElement.textContent.includes('Liên đoàn Bản đồ Địa chất miền Nam')).checked = true;").await?;
    // the letter names who signs it
    b.choose("#presented_to", "Trần Văn Hùng").await?;
    // the PDF's box gives way to the text's
    let shown =
        |css: &str| format!("return document.querySelector('{css}').offsetParent !== null;");
    assert_eq!(b.script(&shown("#pdf")).await?, json!(true));
    assert_eq!(b.script(&shown("#composed_text")).await?, json!(false));
    b.press("input[name=draft_from][value=compose]").await?;
    assert_eq!(b.script(&shown("#pdf")).await?, json!(false));
    assert_eq!(b.script(&shown("#composed_text")).await?, json!(true));
    b.type_into("#composed_addressee", "Liên đoàn Bản đồ Địa chất miền Nam")
        .await?;
    b.type_into(
        "#composed_text",
        "Đề nghị Liên đoàn nộp báo cáo thống kê khoáng sản năm 2026 về Cục trước ngày 15/01/2027.",
    )
    .await?;
    b.click("form[action^='/outgoing/new'] button[type=submit]")
        .await?;
    assert!(
        b.url().await?.contains("done=created"),
        "{}",
        b.source().await?
    );
    let page = b.source().await?;
    assert!(page.contains("Đã lưu dự thảo."));
    // laid out by lode, shown beside the draft
    assert!(
        b.text_of("main").await?.contains("soạn trên trang") && page.contains("/versions/1"),
        "{page}"
    );
    let doc_url = b.url().await?.split('?').next().unwrap_or("").to_string();
    b.click("form[action$='/submit'] button[type=submit]")
        .await?;
    assert!(b.text_of("h1").await?.contains("Đang trình duyệt"));
    b.sign_out().await?;

    // the unit leader, then the agency leader, approve
    for reviewer in ["tdkhoa", "tvhung"] {
        b.sign_in(&base, reviewer).await?;
        assert!(
            b.text_of("#to_review")
                .await?
                .contains("đôn đốc nộp báo cáo"),
            "{reviewer}"
        );
        b.go(&doc_url).await?;
        b.click("form[action$='/approve'] button[type=submit]")
            .await?;
        b.sign_out().await?;
    }

    // the clerk numbers and sends it
    b.sign_in(&base, "vanthu").await?;
    b.go(&doc_url).await?;
    // not signed in lode: the page says so, and numbering asks the clerk's word that the
    // leader signed it on paper
    assert!(
        b.source()
            .await?
            .contains("Văn bản chưa có chữ ký số của lãnh đạo"),
        "the unsigned warning"
    );
    b.script("document.querySelector('#signed_on_paper').checked = true;")
        .await?;
    let waiting = b.text_of("h1").await?;
    // numbering cannot be undone: it is asked first, the number and its day said, and going
    // back leaves the letter as it was
    let asked = b
        .asked_by("form[action$='/issue'] button[type=submit]")
        .await?;
    assert!(
        asked.starts_with("Cấp số cho văn bản này, ngày ")
            && asked.contains("/ĐCKS-KS)?")
            && asked.contains("không sửa được nữa"),
        "{asked}"
    );
    // the way back has the focus, so that Enter pressed twice does not number it
    assert_eq!(
        b.script("return document.activeElement.textContent;")
            .await?,
        json!("Quay lại")
    );
    b.press("dialog.confirm button.secondary").await?;
    assert_eq!(b.count("dialog.confirm").await?, 0);
    assert_eq!(b.text_of("h1").await?, waiting, "still waiting");
    b.asked_by("form[action$='/issue'] button[type=submit]")
        .await?;
    b.click("dialog.confirm button:not(.secondary)").await?;
    let notation = b.text_of("h1").await?;
    assert!(
        notation.contains("/ĐCKS-KS"),
        "a công văn of Phòng Quản lý Khoáng sản: {notation}"
    );
    // signed on paper, it leaves as the scan of the signed paper, under the organisation's
    // seal: neither sealed nor sent before the scan is in
    assert_eq!(
        b.count("form[action$='/seal'], form[action$='/send']")
            .await?,
        0,
        "nothing leaves before the scan"
    );
    let scan = server.data.join("ban-quet.pdf");
    std::fs::write(
        &scan,
        lode_db::demo::sample_pdf(&["Ban quet van ban giay da ky"]),
    )?;
    b.attach("#scan_pdf", &scan).await?;
    b.click("form[action$='/paper_scan'] button[type=submit]")
        .await?;
    assert!(
        b.text_of(".notice")
            .await?
            .contains("Đã đưa bản quét văn bản giấy đã ký"),
        "{}",
        b.source().await?
    );
    // the seal is asked for before sending, and sending offered once it is on
    assert!(
        b.source()
            .await?
            .contains("văn thư đóng dấu số trước khi phát hành"),
        "the seal is asked for before sending"
    );
    assert_eq!(b.count("form[action$='/send']").await?, 0);
    b.click("form[action$='/seal'] button[type=submit]").await?;
    assert!(
        b.text_of(".notice").await?.contains("Đã đóng dấu số."),
        "{}",
        b.source().await?
    );
    // sending is asked first too, naming where the letter goes
    let asked = b
        .asked_by("form[action$='/send'] button[type=submit]")
        .await?;
    assert!(
        asked.starts_with("Phát hành văn bản đến ") && asked.contains("thu hồi"),
        "{asked}"
    );
    b.click("dialog.confirm button:not(.secondary)").await?;
    assert!(b.text_of("h1").await?.contains("Đã phát hành"));
    b.sign_out().await?;

    // it arrived in the southern federation's register
    b.sign_in(&base, "tkloan").await?;
    b.go(&format!("{base}/incoming?q=don%20doc%20nop%20bao%20cao"))
        .await?;
    assert!(
        b.text_of("table.list")
            .await?
            .contains("đôn đốc nộp báo cáo"),
        "{}",
        b.source().await?
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dossier_is_opened_filled_and_closed_in_the_browser() -> anyhow::Result<()> {
    let server = DemoServer::start("dossier").await?;
    let base = server.base.clone();
    let b = Browser::start().await?;

    // a specialist opens a dossier; the file notation is proposed from the unit's list
    b.sign_in(&base, "lvtoan").await?;
    b.click("nav.main a[href='/dossiers']").await?;
    b.click("a[href='/dossiers/new']").await?;
    let proposed = b
        .script("return document.querySelector('#notation').value;")
        .await?;
    assert!(
        proposed.as_str().is_some_and(|n| n.ends_with(".KS")),
        "{proposed}"
    );
    b.type_into(
        "#title",
        "Hồ sơ thẩm định đề án thăm dò đá granit tỉnh Bình Định",
    )
    .await?;
    b.choose("#retention", "Vĩnh viễn").await?;
    b.click("form[action='/dossiers/new'] button[type=submit]")
        .await?;
    assert!(
        b.url().await?.contains("done=opened"),
        "{}",
        b.source().await?
    );
    assert!(b.text_of(".notice").await?.contains("Đã mở hồ sơ."));
    let dossier_url = b.url().await?.split('?').next().unwrap_or("").to_string();
    assert!(b.source().await?.contains("Vĩnh viễn"));

    // from a document of the unit, "put in a work dossier"
    b.go(&format!("{base}/incoming")).await?;
    b.click("table.list tbody tr td a").await?;
    b.script("document.querySelector(\"details:has(form[action='/dossiers/put'])\").open = true;")
        .await?;
    b.choose("#dossier_id", "đá granit").await?;
    b.click("form[action='/dossiers/put'] button[type=submit]")
        .await?;
    assert!(
        b.url().await?.starts_with(&dossier_url),
        "back on the dossier"
    );
    assert_eq!(
        b.count("table.list tbody tr").await?,
        1,
        "one entry in the index"
    );
    assert!(b.text_of(".notice").await?.contains("Đã đưa vào hồ sơ."));

    // closed, it waits for the archive a year on
    b.script("document.querySelector(\"details:has(form[action$='/close'])\").open = true;")
        .await?;
    b.click("form[action$='/close'] button[type=submit]")
        .await?;
    let title = b.text_of("h1").await?;
    assert!(title.contains("Đã đóng"), "{title}");
    assert!(b.source().await?.contains("Hạn nộp lưu"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_business_files_and_pays_and_the_desk_accepts_in_the_browser() -> anyhow::Result<()> {
    let server = DemoServer::start("services").await?;
    // opened at the loopback address, not the `localhost` lode guesses for its papers: the
    // gateway must send the payer back here, where the browser keeps the session
    let base = server.base.replace("localhost", "127.0.0.1");
    let pdf = server.data.join("phieu-yeu-cau.pdf");
    std::fs::write(
        &pdf,
        lode_db::demo::sample_pdf(&["Phieu yeu cau cung cap tai lieu"]),
    )?;
    let b = Browser::start().await?;

    // the business: from the procedure's page, a draft; the form; the document; submit
    b.sign_in(&base, "minhphat").await?;
    b.go(&format!("{base}/dich-vu-cong/DCKS.14")).await?;
    b.click("form[action='/ho-so'] button[type=submit]").await?;
    let dossier_url = b.url().await?.split('?').next().unwrap_or("").to_string();
    assert!(dossier_url.contains("/ho-so/"), "{dossier_url}");
    // the paper uploaded before anything is saved: what was typed stays
    b.request_typed_and_uploaded("Bản đồ địa chất tỷ lệ 1:50.000 tờ Hà Nội", "3", &pdf)
        .await?;
    let source = b.source().await?;
    assert!(source.contains("phieu-yeu-cau.pdf"), "{source}");
    assert!(
        source.contains("Bản đồ địa chất tỷ lệ 1:50.000 tờ Hà Nội"),
        "typed before the upload, kept"
    );
    // changed and submitted at once, without saving first: submitted as typed
    b.type_into("#v_catalogue_visits", "2").await?;
    b.click("button[formaction$='/nop']").await?;
    let source = b.source().await?;
    assert!(
        source.contains("000.00.27.G12-"),
        "a dossier code: {source}"
    );
    assert!(
        source.contains("12.000"),
        "2 visits at 6 000 đ, as typed at the submission"
    );

    // pays the fee through the gateway (the demo's simulator) and comes back paid
    b.click("#pay").await?;
    b.click("#to-gateway").await?;
    assert!(b.url().await?.contains("/paysim/"), "{}", b.url().await?);
    assert!(b.text_of("#amount").await?.contains("12.000"));
    b.click("#pay").await?;
    let outcome = b.text_of("#payment-outcome").await?;
    assert!(outcome.contains("Thanh toán thành công"), "{outcome}");
    // back on the address the payer opened (no public address configured), where the
    // browser keeps the session
    let back = b.url().await?;
    assert!(back.starts_with(&base), "{back}");
    assert!(
        b.source().await?.contains("href=\"/account\""),
        "still signed in on the way back"
    );
    b.go(&dossier_url).await?;
    assert!(b.source().await?.contains("Biên lai"), "a receipt link");

    // the desk: the dossier waits; accepted, it goes to the e-office
    b.click("form[action='/logout'] button").await?;
    b.sign_in(&base, "motcua").await?;
    b.go(&format!("{base}/mot-cua")).await?;
    // the demo's exploration licence waits first: its papers signed by the company, its fee
    // due and not yet paid, its figures written with their thousands marked
    b.click("table.list tbody tr:first-child td a").await?;
    let waiting = b.text_of("main").await?;
    for seen in [
        "Cấp giấy phép thăm dò khoáng sản",
        "Đã ký số: Công ty Cổ phần Khoáng sản Minh Phát",
        "10.000.000 đồng",
        "10.000.000 đồng chưa thanh toán",
        "4.500.000.000 đồng",
    ] {
        assert!(waiting.contains(seen), "{seen}: {waiting}");
    }
    assert!(!waiting.contains("Chưa ký số"), "{waiting}");
    // the one sent back to be completed promises no date until it is
    b.go(&format!("{base}/mot-cua?status=incomplete")).await?;
    let sent_back = b.text_of("table.list tbody tr:first-child").await?;
    assert!(
        sent_back.contains("Cấp giấy phép thăm dò khoáng sản"),
        "{sent_back}"
    );
    assert_eq!(
        b.text_of("table.list tbody tr:first-child td:last-child")
            .await?
            .trim(),
        "—",
        "no date promised: {sent_back}"
    );
    b.go(&format!("{base}/mot-cua")).await?;
    // among those waiting (the demo's own come first, oldest first), this one
    let dossier = dossier_url.rsplit('/').next().unwrap_or("").to_string();
    b.click(&format!("table.list a[href='/mot-cua/{dossier}']"))
        .await?;
    assert!(
        b.source()
            .await?
            .contains("Phiếu yêu cầu cung cấp thông tin")
    );
    // a refusal, final, is asked first; going back leaves the choice open
    b.pick("#decision", "Từ chối tiếp nhận").await?;
    if b.count("#reason").await? > 0 {
        b.type_into("#reason", "Hồ sơ thiếu bản đồ khu vực.")
            .await?;
    }
    let asked = b
        .asked_by("form.stack:has(#decision) button[type=submit]")
        .await?;
    assert!(asked.starts_with("Từ chối tiếp nhận hồ sơ?"), "{asked}");
    b.press("dialog.confirm button.secondary").await?;
    assert_eq!(b.count("dialog.confirm").await?, 0);
    assert_eq!(
        b.script("return document.querySelector('input[name=decision]:checked').value;")
            .await?,
        json!("refuse")
    );
    // accepting is not asked: it is the desk's daily step
    b.pick("#decision", "Tiếp nhận hồ sơ").await?;
    b.click("form.stack:has(#decision) button[type=submit]")
        .await?;
    let source = b.source().await?;
    assert!(source.contains("Đã tiếp nhận, đang giải quyết"), "{source}");
    assert!(source.contains("handovers"), "the control sheet");
    assert_eq!(b.count("#handovers tbody tr").await?, 1);

    // back on the business's side: the status and the message from the desk
    b.type_into("#body", "Mời quý công ty đến phòng đọc ngày thứ Hai.")
        .await?;
    b.click("form[action$='/tin-nhan'] button[type=submit]")
        .await?;
    b.click("form[action='/logout'] button").await?;
    b.sign_in(&base, "minhphat").await?;
    b.go(&dossier_url).await?;
    let source = b.source().await?;
    assert!(source.contains("Đã tiếp nhận, đang giải quyết"), "{source}");
    assert!(source.contains("Mời quý công ty đến phòng đọc"));
    Ok(())
}

impl Browser {
    /// What axe-core finds against WCAG 2.1 A and AA on the page open now: one line per rule
    /// broken, with the first elements that break it.
    async fn accessibility_violations(&self) -> anyhow::Result<Vec<String>> {
        let axe = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scripts/a11y/node_modules/axe-core/axe.min.js"
        ))
        .map_err(|e| anyhow::anyhow!("axe-core: {e} (run scripts/test-deps.sh)"))?;
        self.script(&format!("{axe}\nreturn true;")).await?;
        let found = self
            .cmd(
                reqwest::Method::POST,
                "/execute/async",
                Some(json!({"script": "const done = arguments[arguments.length - 1];
                    axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                      .then(r => done({passes: r.passes.length, violations: r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))}))
                      .catch(e => done({passes: 0, violations: ['axe did not run: ' + e]}));", "args": []})),
            )
            .await?;
        // a check that found nothing to check did not run
        anyhow::ensure!(
            found["passes"].as_u64().unwrap_or(0) > 0,
            "axe checked nothing: {found}"
        );
        Ok(found["violations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect())
    }
}

/// Each person's daily pages, checked by axe-core against WCAG 2.1 A and AA at desktop size.
/// What a person on a phone meets on the page the browser shows now: every WCAG 2.1 A/AA
/// violation axe finds, and a page wider than the screen (read sideways).
async fn phone_page_problems(b: &Browser) -> anyhow::Result<Vec<String>> {
    let at = b.url().await?;
    let mut found: Vec<String> = b
        .accessibility_violations()
        .await?
        .into_iter()
        .map(|v| format!("{at}: {v}"))
        .collect();
    let wide = b
        .script("return document.documentElement.scrollWidth > window.innerWidth + 1;")
        .await?;
    if wide.as_bool() == Some(true) {
        found.push(format!("{at}: wider than the screen"));
    }
    Ok(found)
}

/// A citizen files a dossier on a phone, by taps and typing alone: finds the procedure on the
/// portal by words without diacritics, starts a dossier, types the form, uploads the request
/// before saving anything (what was typed stays), submits, and finds it among their dossiers;
/// the one-stop officer then finds it at the desk, sees who filed it and accepts it. Every page
/// on the way passes axe's WCAG 2.1 A/AA checks and fits the screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_files_a_dossier_on_a_phone() -> anyhow::Result<()> {
    let server = DemoServer::start("phone").await?;
    let base = server.base.clone();
    let pdf = server.data.join("yeu-cau.pdf");
    std::fs::write(
        &pdf,
        lode_db::demo::sample_pdf(&["Phieu yeu cau cung cap thong tin"]),
    )?;
    let b = Browser::start().await?;
    b.phone_size().await?;
    let mut problems = Vec::new();
    b.sign_in(&base, "nvtam").await?;
    problems.extend(phone_page_problems(&b).await?);

    // the portal, searched as a phone keyboard types
    b.section("/dich-vu-cong").await?;
    problems.extend(phone_page_problems(&b).await?);
    b.type_into("#q", "cung cap thong tin").await?;
    b.click("form[action='/dich-vu-cong'] button[type=submit]")
        .await?;
    problems.extend(phone_page_problems(&b).await?);
    b.click("a[href='/dich-vu-cong/DCKS.14']").await?;
    problems.extend(phone_page_problems(&b).await?);
    b.click("form[action='/ho-so'] button[type=submit]").await?;
    problems.extend(phone_page_problems(&b).await?);

    // the form typed, the request uploaded before anything is saved
    b.request_typed_and_uploaded("Báo cáo địa chất vùng mỏ Núi Pháo", "1", &pdf)
        .await?;
    problems.extend(phone_page_problems(&b).await?);
    let source = b.source().await?;
    assert!(
        source.contains("yeu-cau.pdf") && source.contains("Báo cáo địa chất vùng mỏ Núi Pháo"),
        "the paper is there and what was typed stayed: {source}"
    );
    b.click("button[formaction$='/nop']").await?;
    problems.extend(phone_page_problems(&b).await?);
    let code = b.text_of("div.notice strong").await?;
    assert!(code.starts_with("000.00.27.G12-"), "a dossier code: {code}");
    let url = b.url().await?;
    let dossier = url
        .split('?')
        .next()
        .and_then(|u| u.rsplit('/').next())
        .unwrap_or("")
        .to_string();

    // among the citizen's dossiers, each cell named
    b.section("/ho-so").await?;
    problems.extend(phone_page_problems(&b).await?);
    let list = b.source().await?;
    assert!(list.contains(&code), "{list}");
    assert!(list.contains("data-label="), "{list}");

    // the one-stop officer, on a phone too: the desk, the dossier with who filed it, accepted
    b.sign_out().await?;
    b.sign_in(&base, "motcua").await?;
    problems.extend(phone_page_problems(&b).await?);
    b.section("/mot-cua").await?;
    problems.extend(phone_page_problems(&b).await?);
    // among those waiting (the demo's own come first), the citizen's
    b.click(&format!("table.list a[href='/mot-cua/{dossier}']"))
        .await?;
    problems.extend(phone_page_problems(&b).await?);
    let desk = b.source().await?;
    assert!(
        desk.contains(&code) && desk.contains("Nguyễn Văn Tâm"),
        "the dossier and who filed it: {desk}"
    );
    b.pick("#decision", "Tiếp nhận hồ sơ").await?;
    b.click("form.stack:has(#decision) button[type=submit]")
        .await?;
    problems.extend(phone_page_problems(&b).await?);
    assert!(
        b.source().await?.contains("Đã tiếp nhận, đang giải quyết"),
        "accepted"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// The office's day on phones: the clerk registers a letter and finds it again by its words in
/// another order; the agency leader, told of it, opens it from the notice and gives the
/// instruction, then signs a letter from his queue; the clerk numbers and seals it; the
/// division's leader names a handler. Every page on the way passes axe's WCAG 2.1 A/AA checks
/// and fits the screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clerk_and_the_leaders_work_on_a_phone() -> anyhow::Result<()> {
    let server = DemoServer::start("office-phone").await?;
    let base = server.base.clone();
    let pdf = server.data.join("cong-van.pdf");
    std::fs::write(&pdf, lode_db::demo::sample_pdf(&["Cong van 125/SNNMT-KS"]))?;
    let b = Browser::start().await?;
    b.phone_size().await?;
    let mut problems = Vec::new();

    // the clerk registers a letter from her home page
    b.sign_in(&base, "vanthu").await?;
    problems.extend(phone_page_problems(&b).await?);
    b.click("main a.button[href='/incoming/new']").await?;
    problems.extend(phone_page_problems(&b).await?);
    b.fill_incoming(
        &pdf,
        (
            "Sở Nông nghiệp và Môi trường tỉnh Lào Cai",
            "125/SNNMT-KS",
            &lode_db::today().to_string(),
        ),
        (
            "Công văn",
            "V/v đề nghị thẩm định trữ lượng mỏ đá vôi Lào Cai",
        ),
    )
    .await?;
    // presented to the head of the agency, not to his deputies
    b.choose("#presented_to", "Trần Văn Hùng").await?;
    b.click("form[action^='/incoming/new'] button[type=submit]")
        .await?;
    assert!(
        b.url().await?.contains("done=registered"),
        "{}",
        b.source().await?
    );
    let facts = b.text_of("dl.facts").await?;
    assert!(
        facts.contains("Trình lãnh đạo") && facts.contains("Trần Văn Hùng"),
        "{facts}"
    );
    problems.extend(phone_page_problems(&b).await?);
    let doc_url = b.url().await?.split('?').next().unwrap_or("").to_string();
    let doc_path = doc_url.trim_start_matches(&base).to_string();
    // found again by its words, in another order and without diacritics
    b.go(&format!("{base}/incoming?q=lao+cai+tham+dinh"))
        .await?;
    problems.extend(phone_page_problems(&b).await?);
    assert!(
        b.text_of("table.list").await?.contains("125/SNNMT-KS"),
        "{}",
        b.source().await?
    );
    b.sign_out().await?;

    // the agency leader is told, opens the letter from the notice, gives the instruction
    b.sign_in(&base, "tvhung").await?;
    b.go(&format!("{base}/notifications")).await?;
    problems.extend(phone_page_problems(&b).await?);
    let notices = b.text_of("main").await?;
    assert!(
        notices.contains("125/SNNMT-KS") && notices.contains("chờ anh/chị cho ý kiến chỉ đạo"),
        "{notices}"
    );
    b.click("main a[href^='/notifications/']").await?;
    assert!(
        b.url().await?.ends_with(&doc_path),
        "the notice opens the letter: {}",
        b.url().await?
    );
    problems.extend(phone_page_problems(&b).await?);
    b.choose("#lead_unit_id", "Phòng Quản lý Khoáng sản")
        .await?;
    b.type_into(&deadline_box("route"), "31/12/2099").await?;
    b.click("form[action$='/route'] button[type=submit]")
        .await?;
    assert!(
        b.text_of("h1").await?.contains("Chờ giao xử lý"),
        "{}",
        b.source().await?
    );
    problems.extend(phone_page_problems(&b).await?);
    // then signs the newest letter waiting for his signature, from his home page
    b.go(&format!("{base}/")).await?;
    b.click("#to_sign a[href^='/outgoing/']").await?;
    problems.extend(phone_page_problems(&b).await?);
    let letter = b.url().await?.split('?').next().unwrap_or("").to_string();
    // confirmed with his own password
    b.type_into("#confirm", lode_db::demo::DEMO_PASSWORD)
        .await?;
    b.click("form[action$='/sign'] button[type=submit]").await?;
    assert!(
        b.source().await?.contains("Đã ký số."),
        "{}",
        b.source().await?
    );
    problems.extend(phone_page_problems(&b).await?);
    b.sign_out().await?;

    // the clerk numbers and seals it: the issued document, named by its number
    b.sign_in(&base, "vanthu").await?;
    b.go(&letter).await?;
    assert!(
        !b.source()
            .await?
            .contains("Văn bản chưa có chữ ký số của lãnh đạo"),
        "signed: no warning"
    );
    b.asked_by("form[action$='/issue'] button[type=submit]")
        .await?;
    b.click("dialog.confirm button:not(.secondary)").await?;
    let numbered = b.text_of("h1").await?;
    assert!(numbered.contains("/"), "numbered: {numbered}");
    problems.extend(phone_page_problems(&b).await?);
    b.click("form[action$='/seal'] button[type=submit]").await?;
    let page = b.source().await?;
    assert!(page.contains("Văn bản phát hành"), "{page}");
    problems.extend(phone_page_problems(&b).await?);
    b.sign_out().await?;

    // the division's leader names the handler of the letter routed to it
    b.sign_in(&base, "tdkhoa").await?;
    b.go(&doc_url).await?;
    problems.extend(phone_page_problems(&b).await?);
    b.choose("#handler_id", "Nguyễn Thị Huyền").await?;
    // a deadline past the leader's is refused naming the leader's day, as the page writes days
    assert_eq!(
        refusal_of_a_day_past_the_leaders(&b).await?,
        json!("Chọn ngày không muộn hơn 31/12/2099.")
    );
    b.click("form[action$='/assign'] button[type=submit]")
        .await?;
    assert!(b.text_of("h1").await?.contains("Đang xử lý"));
    problems.extend(phone_page_problems(&b).await?);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_pages_meet_wcag_2_1_aa() -> anyhow::Result<()> {
    let server = DemoServer::start("a11y").await?;
    let b = Browser::start().await?;
    let base = &server.base;
    let mut found = Vec::new();
    let mut check = async |b: &Browser, path: &str| -> anyhow::Result<()> {
        b.go(&format!("{base}{path}")).await?;
        for v in b.accessibility_violations().await? {
            found.push(format!("{path}: {v}"));
        }
        Ok(())
    };
    // a visitor's front page leads to each public service
    b.go(&format!("{base}/")).await?;
    assert_eq!(b.count("ul.ways li a").await?, 7);
    b.click("ul.ways a[href='/tra-cuu']").await?;
    assert!(b.url().await?.ends_with("/tra-cuu"));
    for path in [
        "/",
        "/login",
        "/dich-vu-cong",
        "/dich-vu-cong/DCKS.12",
        "/tra-cuu",
        "/verify",
        "/dang-ky",
        "/luu-tru",
        "/luu-tru?q=quang+dong+sin+quyen",
        "/luu-tru/1",
    ] {
        check(&b, path).await?;
    }
    let people: [(&str, &[&str]); 6] = [
        (
            "vanthu",
            &[
                "/",
                "/incoming",
                "/incoming/new",
                "/outgoing",
                "/registers",
                "/dossiers",
            ],
        ),
        ("tvhung", &["/", "/dashboard", "/weekly"]),
        (
            "admin",
            &[
                "/admin",
                "/admin/certificates",
                "/audit",
                "/people",
                "/org",
                "/admin/types",
                "/admin/procedures/2.001816",
            ],
        ),
        ("motcua", &["/", "/mot-cua", "/thong-ke"]),
        ("minhphat", &["/", "/ho-so", "/account", "/luu-tru/yeu-cau"]),
        (
            "tthuong",
            &[
                "/luu-tru/moi",
                "/luu-tru/1/sua",
                "/luu-tru/1/phien-ban",
                "/luu-tru/nhap",
                "/luu-tru/yeu-cau-khai-thac",
            ],
        ),
    ];
    for (who, paths) in people {
        b.sign_in(base, who).await?;
        for path in paths {
            check(&b, path).await?;
        }
        // a document's own page, from the list
        if who == "vanthu" {
            b.go(&format!("{base}/incoming")).await?;
            let first = b
                .script("return document.querySelector('table.list tbody a').getAttribute('href');")
                .await?;
            check(&b, first.as_str().unwrap_or("/incoming")).await?;
        }
        b.sign_out().await?;
    }
    // and on a phone's width
    b.phone_size().await?;
    for path in ["/login", "/dich-vu-cong"] {
        check(&b, path).await?;
    }
    b.sign_in(base, "vanthu").await?;
    for path in ["/", "/incoming", "/outgoing"] {
        check(&b, path).await?;
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    Ok(())
}

/// The archive's applicant journey: a business finds a scanned report by words of its read
/// text typed without diacritics, puts it into a request for certified copies of two pages,
/// files it; the desk accepts the dossier, the archive centre's leader approves the copies;
/// the business downloads them, signed by the organisation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_finds_a_report_by_its_text_and_downloads_its_signed_copy()
-> anyhow::Result<()> {
    let server = DemoServer::start("archive").await?;
    let base = server.base.clone();
    let http = reqwest::Client::new();
    // the demo's scans are read in the background: wait until the page is searchable
    let query = "nui phao doi nui thap";
    let started = std::time::Instant::now();
    loop {
        let found: Value = http
            .get(format!(
                "{base}/api/v1/archive/records?q={}",
                query.replace(' ', "+")
            ))
            .send()
            .await?
            .json()
            .await?;
        if found["hits"][0]["pages"] == json!([2]) {
            break;
        }
        anyhow::ensure!(
            started.elapsed() < std::time::Duration::from_secs(300),
            "the demo's scans were not read: {found}"
        );
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    let b = Browser::start().await?;
    // anyone finds it
    b.go(&format!("{base}/luu-tru")).await?;
    b.type_into("#q", query).await?;
    b.click("form.search button[type=submit]").await?;
    let hit = b.text_of("li.hit").await?;
    assert!(hit.contains("Núi Pháo"), "{hit}");
    assert!(hit.contains("Có ở trang: 2"), "{hit}");
    b.click("li.hit h2 a").await?;
    let record_url = b.url().await?;
    // the business asks for copies of its first two pages
    b.sign_in(&base, "minhphat").await?;
    b.go(&record_url).await?;
    b.click("form[action='/luu-tru/yeu-cau/them'] button[type=submit]")
        .await?;
    assert!(b.source().await?.contains("Đã thêm tài liệu vào yêu cầu"));
    b.type_into("input[name^='pages.']", "1-2").await?;
    b.script("document.querySelector('input[name=kind][value=copy]').click();")
        .await?;
    b.type_into("#purpose", "Lập hồ sơ đề nghị cấp phép thăm dò")
        .await?;
    b.set_value("#phone", "0912 345 678").await?;
    b.click("form#request button[type=submit]").await?;
    let dossier_url = b.url().await?.split('?').next().unwrap_or("").to_string();
    assert!(dossier_url.contains("/ho-so/"), "{dossier_url}");
    let source = b.source().await?;
    assert!(source.contains("000.00.27.G12-"), "a dossier code");
    let dossier = dossier_url.rsplit('/').next().unwrap_or("").to_string();
    b.sign_out().await?;
    // the desk accepts the dossier
    b.sign_in(&base, "motcua").await?;
    b.go(&format!("{base}/mot-cua/{dossier}")).await?;
    b.pick("#decision", "Tiếp nhận hồ sơ").await?;
    b.click("form.stack:has(#decision) button[type=submit]")
        .await?;
    assert!(b.source().await?.contains("Đã tiếp nhận, đang giải quyết"));
    b.sign_out().await?;
    // the archive centre's leader approves the copies
    b.sign_in(&base, "nvphuc").await?;
    b.go(&format!("{base}/luu-tru/yeu-cau-khai-thac")).await?;
    b.click("button[name=decision][value=approve]").await?;
    assert!(b.source().await?.contains("Đã ghi nhận quyết định"));
    b.sign_out().await?;
    // the business downloads them, signed, once made
    b.sign_in(&base, "minhphat").await?;
    let started = std::time::Instant::now();
    let link = loop {
        b.go(&format!("{base}/luu-tru/yeu-cau")).await?;
        if b.count("a[href$='/ban-sao']").await? > 0 {
            break b
                .script(
                    "return document.querySelector(\"a[href$='/ban-sao']\").getAttribute('href');",
                )
                .await?;
        }
        anyhow::ensure!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "the copies were not made"
        );
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    };
    let s = support::api_login(&base, "minhphat", lode_db::demo::DEMO_PASSWORD).await?;
    let copy = http
        .get(format!("{base}{}", link.as_str().unwrap_or("")))
        .header("cookie", &s.cookie)
        .send()
        .await?;
    assert_eq!(copy.status(), 200);
    let pdf = copy.bytes().await?;
    let reports = lode_sign::verify::verify(&pdf)?;
    assert_eq!(reports.len(), 1, "signed once, by the organisation");
    assert!(
        reports[0].valid(),
        "{}",
        lode_sign::verify::to_text(&reports)
    );
    Ok(())
}

impl Browser {
    /// Moves the mouse onto the first element `css` names and clicks there, as a person does
    /// (an SVG shape on a map takes no element click).
    async fn point_and_click(&self, css: &str) -> anyhow::Result<()> {
        let e = self.find(css).await?;
        self.cmd(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "pointer", "id": "mouse",
            "parameters": {"pointerType": "mouse"},
            "actions": [
                {"type": "pointerMove", "duration": 0, "origin": {ELEMENT: e}, "x": 0, "y": 0},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerUp", "button": 0}
            ]}]})),
        )
        .await
        .map(|_| ())
    }

    /// Clicks something that changes the page in place (no new page is loaded).
    async fn press(&self, css: &str) -> anyhow::Result<()> {
        let e = self.find(css).await?;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/click"),
            Some(json!({})),
        )
        .await
        .map(|_| ())
    }

    /// Clicks a step that asks first, and answers what its dialog asks.
    async fn asked_by(&self, css: &str) -> anyhow::Result<String> {
        self.press(css).await?;
        self.until("document.querySelector('dialog.confirm[open]')", 5)
            .await?;
        self.text_of("dialog.confirm[open] #confirm-words").await
    }

    /// Waits until `js` (an expression) is true in the page.
    async fn until(&self, js: &str, secs: u64) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        loop {
            if self.script(&format!("return !!({js});")).await? == Value::Bool(true) {
                return Ok(());
            }
            anyhow::ensure!(
                started.elapsed() < std::time::Duration::from_secs(secs),
                "waited {secs} s for {js}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_map_shows_the_licences_and_vietnams_archipelagos() -> anyhow::Result<()> {
    let server = DemoServer::start("map").await?;
    let base = server.base.clone();
    let in_force: Value = reqwest::get(format!("{base}/ogc/collections/licences/items?limit=1"))
        .await?
        .json()
        .await?;
    let matched = in_force["numberMatched"].as_u64().unwrap_or(0);
    assert!(matched > 100, "{in_force}");
    let b = Browser::start().await?;
    b.go(&format!("{base}/ban-do")).await?;
    b.until(
        "document.getElementById('map').getAttribute('data-ready') === '1'",
        60,
    )
    .await?;
    // every licence in force is drawn, as its area and as a dot found at the country's scale
    let drawn = b
        .script("return document.getElementById('map').getAttribute('data-licences');")
        .await?;
    assert_eq!(drawn, json!(matched.to_string()));
    assert_eq!(b.count("path.licence-dot").await?, matched as usize);
    // the base layer: the provinces, the islands of both archipelagos, each named as Vietnam's
    b.until("document.querySelectorAll('path.island').length > 60", 30)
        .await?;
    assert!(b.count("path.province").await? >= 34);
    // the keyboard goes through the licences, not the land: no province or islet is a stop,
    // each licence's area is, named by its number
    let stops = b
        .script(
            "return [document.querySelectorAll('path.province[tabindex=\"-1\"], path.island[tabindex=\"-1\"]').length, \
             document.querySelectorAll('path.province, path.island').length, \
             document.querySelectorAll('path.licence-area[tabindex=\"0\"][aria-label]').length];",
        )
        .await?;
    assert_eq!(stops[0], stops[1], "{stops}");
    assert_eq!(stops[2], json!(matched), "{stops}");
    let labels = b
        .script("return [...document.querySelectorAll('.map-label.archipelago')].map(e => e.textContent);")
        .await?;
    assert_eq!(labels, json!(["QĐ. Hoàng Sa", "QĐ. Trường Sa"]));
    // both labels lie on the map beside their islands, not outside it
    let inside = b
        .script(
            "const m = document.getElementById('map').getBoundingClientRect(); \
             return [...document.querySelectorAll('.map-label.archipelago')].every(e => { \
               const r = e.getBoundingClientRect(); \
               return r.width > 0 && r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom; });",
        )
        .await?;
    assert_eq!(inside, json!(true));
    // a licence clicked tells what it is in the panel beside the map, no popup over the map's
    // tools, and opens its record
    b.point_and_click("path.licence-dot").await?;
    b.until("document.querySelector('#map-panel a.button')", 10)
        .await?;
    let panel = b.text_of("#map-panel").await?;
    assert!(
        panel.contains("/GP-BTNMT")
            && panel.contains("Còn hiệu lực")
            && panel.contains("Hiệu lực đến"),
        "{panel}"
    );
    assert_eq!(b.count(".leaflet-popup").await?, 0);
    let number = b.text_of("#map-panel h2").await?.trim().to_string();
    b.click("#map-panel a.button").await?;
    assert!(b.url().await?.contains("/giay-phep/"));
    let h1 = b.text_of("h1").await?;
    assert!(h1.contains(&number), "{h1} / {number}");
    // on a phone the panel stands below the map: a popup tells it on the map
    b.phone_size().await?;
    b.go(&format!("{base}/ban-do")).await?;
    b.until(
        "document.getElementById('map').getAttribute('data-ready') === '1'",
        60,
    )
    .await?;
    // a dot well inside the smaller map, the map in view
    let found = b
        .script(
            "const map = document.getElementById('map'); map.scrollIntoView(); \
             const m = map.getBoundingClientRect(); \
             const d = [...document.querySelectorAll('path.licence-dot')].find(e => { \
               const r = e.getBoundingClientRect(); \
               return r.width > 0 && r.left > m.left + 60 && r.right < m.right - 60 \
                 && r.top > m.top + 60 && r.bottom < m.bottom - 60; }); \
             if (d) { d.id = 'picked'; } return !!d;",
        )
        .await?;
    assert_eq!(found, json!(true));
    b.point_and_click("#picked").await?;
    b.until(
        "document.querySelector('.leaflet-popup a.licence-link')",
        10,
    )
    .await?;
    // the popup's words, read as they are rather than as the browser shows them while the
    // popup still fades in (a text not yet opaque reads as none)
    let popup = b
        .script("return document.querySelector('.leaflet-popup-content').textContent;")
        .await?;
    let popup = popup.as_str().unwrap_or_default();
    assert!(
        popup.contains("/GP-BTNMT") && popup.contains("Còn hiệu lực"),
        "{popup}"
    );
    // what the colours say stands below a phone's map, which has no room for it
    assert!(
        b.text_of(".map-legend.below")
            .await?
            .contains("Còn hiệu lực")
    );
    Ok(())
}
