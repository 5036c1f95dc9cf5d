//! The payment gateway: the protocol Vietnamese gateways speak (VNPAY's, version
//! 2.1.0), and a simulator of the gateway's side.
//!
//! - The merchant (lode) sends the payer to the gateway with the order's parameters (`vnp_*`),
//!   sorted by name, URL-encoded, and signed with HMAC-SHA512 under the secret both sides share
//!   ([`payment_url`]).
//! - The gateway answers twice with the result, signed the same way: the payer's browser comes
//!   back to the return address, and the gateway calls the notification address (IPN) from
//!   server to server. Either may arrive first or be repeated; [`verify`] checks the signature,
//!   and the order is settled once (`crate::payments::settle`).
//! - [`simulator`]: the gateway's pages for tests and the demo. It checks the merchant's
//!   signature, shows the order, and on "pay" notifies the merchant, then sends the payer back:
//!   the same protocol from the other side. `lode-paysim` runs it as its own process.

use hmac::{Hmac, Mac};
use sha2::Sha512;
use std::collections::BTreeMap;

/// The protocol's version.
pub const VERSION: &str = "2.1.0";

/// The page of the gateway simulator lode serves itself (the demo's gateway), as a path: its
/// address is lode's own, whichever the payer opened lode at.
pub const SIMULATOR_PAGE: &str = "/paysim/paymentv2/vpcpay.html";

/// What lode knows of its gateway.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// The gateway's payment page (e.g. `https://sandbox.vnpayment.vn/paymentv2/vpcpay.html`),
    /// or a path of lode's own ([`SIMULATOR_PAGE`]).
    pub pay_url: String,
    /// lode's merchant code at the gateway (`vnp_TmnCode`).
    pub merchant: String,
    /// The shared secret (`vnp_HashSecret`).
    pub secret: Vec<u8>,
}

/// The text signed: the parameters but the hash, sorted by name, `name=value` URL-encoded
/// (spaces as `+`) and joined by `&`.
fn canonical(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .filter(|(k, v)| {
            k.as_str() != "vnp_SecureHash" && k.as_str() != "vnp_SecureHashType" && !v.is_empty()
        })
        .map(|(k, v)| {
            format!(
                "{}={}",
                url::form_urlencoded::byte_serialize(k.as_bytes()).collect::<String>(),
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The HMAC-SHA512 of the parameters' canonical text, ready to finish or compare (`None`
/// only for a key HMAC refuses, which it never does).
fn mac(params: &BTreeMap<String, String>, secret: &[u8]) -> Option<Hmac<Sha512>> {
    let mut mac = <Hmac<Sha512> as Mac>::new_from_slice(secret).ok()?;
    mac.update(canonical(params).as_bytes());
    Some(mac)
}

/// HMAC-SHA512 of the parameters, in lowercase hex.
pub fn sign(params: &BTreeMap<String, String>, secret: &[u8]) -> String {
    mac(params, secret)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default()
}

/// The parameters with their signature, as a query string.
pub fn signed_query(params: &BTreeMap<String, String>, secret: &[u8]) -> String {
    let hash = sign(params, secret);
    format!("{}&vnp_SecureHash={hash}", canonical(params))
}

/// Why a message from the gateway (or from the merchant, at the simulator) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No signature, or one that does not match: forged or altered.
    BadSignature,
    /// A parameter the protocol needs is missing or does not read.
    Malformed,
}

/// Checks a message's signature in constant time; the parameters if it holds.
pub fn verify(
    params: &BTreeMap<String, String>,
    secret: &[u8],
) -> Result<BTreeMap<String, String>, Refusal> {
    let given = params
        .get("vnp_SecureHash")
        .and_then(|h| hex::decode(h.trim()).ok())
        .ok_or(Refusal::BadSignature)?;
    mac(params, secret)
        .ok_or(Refusal::BadSignature)?
        .verify_slice(&given)
        .map_err(|_| Refusal::BadSignature)?;
    Ok(params.clone())
}

/// A gateway report read from verified parameters: order, amount in đồng (the protocol sends
/// hundredths), response code, the gateway's transaction and the bank.
pub fn report(
    params: &BTreeMap<String, String>,
) -> Result<crate::payments::GatewayReport, Refusal> {
    let get = |k: &str| params.get(k).cloned().ok_or(Refusal::Malformed);
    let hundredths: i64 = get("vnp_Amount")?.parse().map_err(|_| Refusal::Malformed)?;
    if hundredths < 0 || hundredths % 100 != 0 {
        return Err(Refusal::Malformed);
    }
    Ok(crate::payments::GatewayReport {
        txn_ref: get("vnp_TxnRef")?,
        amount: hundredths / 100,
        response_code: get("vnp_ResponseCode")?,
        gateway_txn: get("vnp_TransactionNo")?,
        bank_code: params.get("vnp_BankCode").cloned().unwrap_or_default(),
    })
}

/// The local time the protocol writes (`yyyyMMddHHmmss`, UTC+7).
pub fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    (t + chrono::Duration::hours(lode_db::LOCAL_OFFSET_HOURS))
        .format("%Y%m%d%H%M%S")
        .to_string()
}

/// Where to send the payer to pay `amount` đồng for order `txn_ref`.
pub fn payment_url(
    cfg: &GatewayConfig,
    txn_ref: &str,
    amount: i64,
    info: &str,
    return_url: &str,
    client_ip: &str,
) -> String {
    let mut p = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        p.insert(k.to_string(), v);
    };
    put("vnp_Version", VERSION.into());
    put("vnp_Command", "pay".into());
    put("vnp_TmnCode", cfg.merchant.clone());
    put("vnp_Amount", (amount * 100).to_string());
    put("vnp_CurrCode", "VND".into());
    put("vnp_TxnRef", txn_ref.into());
    put("vnp_OrderInfo", info.into());
    put("vnp_OrderType", "billpayment".into());
    put("vnp_Locale", "vn".into());
    put("vnp_ReturnUrl", return_url.into());
    put("vnp_IpAddr", client_ip.into());
    put("vnp_CreateDate", stamp(chrono::Utc::now()));
    format!("{}?{}", cfg.pay_url, signed_query(&p, &cfg.secret))
}

/// Parameters from a query string.
pub fn parse_query(q: &str) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The gateway's side, for tests and the demo.
pub mod simulator {
    use super::*;
    use axum::extract::{Query, State};
    use axum::http::StatusCode;
    use axum::response::{Html, IntoResponse, Redirect, Response};
    use axum::routing::{get, post};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// What the simulated gateway knows: its merchant and secret, where to notify.
    #[derive(Debug)]
    pub struct Gateway {
        pub merchant: String,
        pub secret: Vec<u8>,
        /// The merchant's notification address (IPN), set at the gateway as VNPAY does.
        pub ipn_url: String,
        next_txn: AtomicU64,
        client: reqwest::Client,
    }

    impl Gateway {
        pub fn new(merchant: String, secret: Vec<u8>, ipn_url: String) -> Self {
            Self {
                merchant,
                secret,
                ipn_url,
                next_txn: AtomicU64::new(14_000_000),
                client: reqwest::Client::new(),
            }
        }
    }

    /// The simulator's routes: `GET {prefix}/paymentv2/vpcpay.html` and `POST {prefix}/pay`.
    pub fn router(gateway: Arc<Gateway>) -> axum::Router {
        axum::Router::new()
            .route("/paymentv2/vpcpay.html", get(page))
            .route("/pay", post(pay))
            .with_state(gateway)
    }

    fn escape(s: &str) -> String {
        maud::html! { (s) }.into_string()
    }

    async fn page(
        State(g): State<Arc<Gateway>>,
        Query(params): Query<BTreeMap<String, String>>,
    ) -> Response {
        if verify(&params, &g.secret).is_err() || params.get("vnp_TmnCode") != Some(&g.merchant) {
            return (
                StatusCode::BAD_REQUEST,
                Html("<h1>Sai chữ ký (Invalid signature)</h1>".to_string()),
            )
                .into_response();
        }
        let amount: i64 = params
            .get("vnp_Amount")
            .and_then(|a| a.parse().ok())
            .unwrap_or(0)
            / 100;
        let hidden: String = params
            .iter()
            .map(|(k, v)| {
                format!(
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                    escape(k),
                    escape(v)
                )
            })
            .collect();
        Html(format!(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Cổng thanh toán (mô phỏng)</title></head><body>\
             <h1>Cổng thanh toán (mô phỏng)</h1><p>Đơn hàng: <b id=\"order\">{}</b></p><p>{}</p>\
             <p>Số tiền: <b id=\"amount\">{} đồng</b></p>\
             <form method=\"post\" action=\"../pay\">{hidden}<input type=\"hidden\" name=\"outcome\" value=\"paid\"><button id=\"pay\">Thanh toán</button></form>\
             <form method=\"post\" action=\"../pay\">{hidden}<input type=\"hidden\" name=\"outcome\" value=\"cancelled\"><button id=\"cancel\">Hủy giao dịch</button></form>\
             </body></html>",
            escape(params.get("vnp_TxnRef").map_or("", String::as_str)),
            escape(params.get("vnp_OrderInfo").map_or("", String::as_str)),
            lode_core::fees::format_dong(i128::from(amount)),
        ))
        .into_response()
    }

    async fn pay(
        State(g): State<Arc<Gateway>>,
        axum::Form(mut form): axum::Form<BTreeMap<String, String>>,
    ) -> Response {
        let outcome = form.remove("outcome").unwrap_or_default();
        if verify(&form, &g.secret).is_err() {
            return (StatusCode::BAD_REQUEST, "invalid signature").into_response();
        }
        let Some(return_url) = form.get("vnp_ReturnUrl").cloned() else {
            return (StatusCode::BAD_REQUEST, "no return address").into_response();
        };
        let mut answer = BTreeMap::new();
        for k in ["vnp_TmnCode", "vnp_Amount", "vnp_TxnRef", "vnp_OrderInfo"] {
            if let Some(v) = form.get(k) {
                answer.insert(k.to_string(), v.clone());
            }
        }
        let paid = outcome == "paid";
        let txn = g.next_txn.fetch_add(1, Ordering::Relaxed);
        answer.insert("vnp_BankCode".into(), "NCB".into());
        answer.insert("vnp_CardType".into(), "ATM".into());
        answer.insert("vnp_PayDate".into(), stamp(chrono::Utc::now()));
        answer.insert("vnp_TransactionNo".into(), txn.to_string());
        let code = if paid { "00" } else { "24" };
        answer.insert("vnp_ResponseCode".into(), code.into());
        answer.insert("vnp_TransactionStatus".into(), code.into());
        let query = signed_query(&answer, &g.secret);
        // the server-to-server notification first, as the gateway does; its answer is the
        // merchant's business, the payer is sent back either way
        let _ = g
            .client
            .get(format!("{}?{query}", g.ipn_url))
            .timeout(std::time::Duration::from_secs(10))
            .send()
            .await;
        let sep = if return_url.contains('?') { '&' } else { '?' };
        Redirect::to(&format!("{return_url}{sep}{query}")).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_hold_and_tampering_shows() {
        let secret = b"bi-mat-chung";
        let mut p = BTreeMap::new();
        p.insert("vnp_Amount".to_string(), "1000000".to_string());
        p.insert("vnp_TxnRef".to_string(), "12-ab".to_string());
        p.insert(
            "vnp_OrderInfo".to_string(),
            "Phí thẩm định hồ sơ".to_string(),
        );
        let query = signed_query(&p, secret);
        let back = parse_query(&query);
        assert!(verify(&back, secret).is_ok());
        assert_eq!(verify(&back, b"another"), Err(Refusal::BadSignature));
        let mut altered = back.clone();
        altered.insert("vnp_Amount".into(), "100".into());
        assert_eq!(verify(&altered, secret), Err(Refusal::BadSignature));
        let mut unsigned = back;
        unsigned.remove("vnp_SecureHash");
        assert_eq!(verify(&unsigned, secret), Err(Refusal::BadSignature));
        // spaces as '+', UTF-8 percent-encoded, sorted by name
        assert!(
            canonical(&p).starts_with("vnp_Amount=1000000&vnp_OrderInfo=Ph%C3%AD+th%E1%BA%A9m")
        );
    }
}
