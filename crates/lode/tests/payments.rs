//! Fees paid through a payment gateway that is its own process: `lode serve` (SQLite, demo
//! data) and `lode-paysim` on loopback share a secret; the business files a dossier, opens the
//! order at the gateway, pays, and the gateway notifies lode from server to server before
//! sending the payer back. The notification replayed, a forged one, and an order altered on
//! its way to the gateway are refused.

mod support;

use serde_json::{Value, json};
use std::process::{Command, Stdio};
use support::{Proc, api_login, free_port, wait_for};

const SECRET: &str = "khoa-bi-mat-cua-cong-thanh-toan";

struct Client {
    http: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
}

impl Client {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<(u16, Value)> {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await?;
        let status = r.status().as_u16();
        Ok((status, r.json().await.unwrap_or(Value::Null)))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fee_is_paid_through_the_gateway_process() -> anyhow::Result<()> {
    let data = std::env::temp_dir().join(format!("lode-payments-{}", std::process::id()));
    std::fs::create_dir_all(&data)?;
    let (lode_port, gw_port) = (free_port(), free_port());
    let gateway = format!("http://127.0.0.1:{gw_port}");
    let _gw = Proc(
        Command::new(env!("CARGO_BIN_EXE_lode-paysim"))
            .args([
                "--listen",
                &format!("127.0.0.1:{gw_port}"),
                "--merchant",
                "LODE01",
            ])
            .args([
                "--ipn-url",
                &format!("http://127.0.0.1:{lode_port}/api/v1/payments/ipn"),
            ])
            .env("LODE_PAYMENT_SECRET", SECRET)
            .stdout(Stdio::null())
            .spawn()?,
    );
    let _lode = Proc(
        Command::new(env!("CARGO_BIN_EXE_lode"))
            .arg("--data")
            .arg(&data)
            .args([
                "serve",
                "--demo",
                "--insecure-cookies",
                "--listen",
                &format!("127.0.0.1:{lode_port}"),
            ])
            .args([
                "--payment-url",
                &format!("{gateway}/paymentv2/vpcpay.html"),
                "--payment-merchant",
                "LODE01",
            ])
            .env("LODE_PAYMENT_SECRET", SECRET)
            .env("LODE_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let base = format!("http://127.0.0.1:{lode_port}");
    wait_for(&format!("{base}/healthz"), 90).await?;
    let s = api_login(&base, "minhphat", lode_db::demo::DEMO_PASSWORD).await?;
    let c = Client {
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?,
        base: base.clone(),
        cookie: s.cookie,
        csrf: s.csrf,
    };

    // a dossier filed: 2 catalogue visits at 6 000 đ
    let (st, a) = c
        .send(
            reqwest::Method::POST,
            "/api/v1/applications",
            Some(json!({"procedure_code": "DCKS.14", "phone": "0912345678",
                        "values": {"documents_wanted": "Báo cáo thăm dò mỏ đá vôi", "access": "consult", "catalogue_visits": "2"}})),
        )
        .await?;
    assert_eq!(st, 201, "{a}");
    let id = a["id"].as_i64().unwrap_or_default();
    let r = c
        .http
        .put(format!("{base}/api/v1/applications/{id}/documents/request"))
        .header("cookie", &c.cookie)
        .header("x-csrf-token", &c.csrf)
        .header("content-type", "application/pdf")
        .body(lode_db::demo::sample_pdf(&["Phieu yeu cau"]))
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 200);
    let (st, a) = c
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/applications/{id}/submit"),
            Some(json!({})),
        )
        .await?;
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["fee_amount"], 12_000);

    // the order, and the gateway's page for it
    let (st, start) = c
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/applications/{id}/payments"),
            Some(json!({})),
        )
        .await?;
    assert_eq!(st, 201, "{start}");
    let pay_url = start["pay_url"].as_str().unwrap_or_default().to_string();
    assert!(pay_url.starts_with(&gateway), "{pay_url}");
    let page = c.http.get(&pay_url).send().await?;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await?.contains("12.000 đồng"));
    // an order altered on its way (the amount) is refused by the gateway
    let altered = pay_url.replace("vnp_Amount=1200000", "vnp_Amount=100");
    assert_ne!(altered, pay_url);
    assert_eq!(c.http.get(&altered).send().await?.status().as_u16(), 400);

    // pay: the gateway notifies lode, then sends the payer back with the signed answer
    let query = pay_url.split_once('?').map(|x| x.1).unwrap_or_default();
    let mut form: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    form.push(("outcome".into(), "paid".into()));
    let back = c
        .http
        .post(format!("{gateway}/pay"))
        .form(&form)
        .send()
        .await?;
    assert_eq!(back.status().as_u16(), 303);
    let location = back
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    // a gateway outside lode is given the public address (here, none configured, the one lode
    // guesses from where it listens), never an address a request names
    assert!(
        location.starts_with(&format!("http://localhost:{lode_port}/thanh-toan/ket-qua?")),
        "{location}"
    );
    let (_, list) = c
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/applications/{id}/payments"),
            None,
        )
        .await?;
    assert_eq!(
        list[0]["status"], "paid",
        "settled by the notification: {list}"
    );
    assert_eq!(list[0]["bank_code"], "NCB");
    // the payer's return shows it paid; the same answer replayed as a notification changes
    // nothing; forged ones are refused
    let shown = c.http.get(&location).send().await?.text().await?;
    assert!(shown.contains("Thanh toán thành công"));
    // and the payer is told, with the receipt's number
    let (_, notices) = c
        .send(reqwest::Method::GET, "/api/v1/notifications", None)
        .await?;
    assert!(
        notices.to_string().contains("đã nộp phí, lệ phí"),
        "{notices}"
    );
    let answer = location.split_once('?').map(|x| x.1).unwrap_or_default();
    let ipn = |q: String| {
        let http = c.http.clone();
        let url = format!("{base}/api/v1/payments/ipn?{q}");
        async move { http.get(url).send().await?.json::<Value>().await }
    };
    assert_eq!(ipn(answer.to_string()).await?["RspCode"], "02");
    let forged = answer.replace("vnp_ResponseCode=00", "vnp_ResponseCode=24");
    assert_eq!(ipn(forged).await?["RspCode"], "97");
    assert_eq!(ipn("vnp_TxnRef=1".into()).await?["RspCode"], "97");
    let pid = list[0]["id"].as_i64().unwrap_or_default();
    let receipt = c
        .http
        .get(format!(
            "{base}/api/v1/applications/{id}/payments/{pid}/receipt"
        ))
        .header("cookie", &c.cookie)
        .send()
        .await?;
    assert_eq!(receipt.status().as_u16(), 200);
    let pdf = receipt.bytes().await?;
    assert!(pdf.starts_with(b"%PDF"));
    // the receipt names who paid, the amount in figures and in words, and the day
    let file = data.join("receipt.pdf");
    std::fs::write(&file, &pdf)?;
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Người nộp tiền: Công ty Cổ phần Khoáng sản Minh Phát"),
        "{text}"
    );
    assert!(text.contains("Mã số thuế: 0102345677"), "{text}");
    assert!(
        text.contains("(bằng chữ: ") && text.contains(" đồng)."),
        "{text}"
    );
    assert!(text.contains("Hà Nội, ngày "), "{text}");
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}
