//! The application under test with the public services mounted on the shell, and the test
//! payment gateway's settings.

#![allow(dead_code, unused_imports)]

pub use lode_web::testkit::*;

use lode_db::Backend;
use lode_services::web::Portal;
use lode_services::web::gateway::GatewayConfig;

/// The test gateway's merchant code and shared secret.
pub const PAYMENT_MERCHANT: &str = "LODETEST";
pub const PAYMENT_SECRET: &[u8] = b"lode-test-payment-secret";

/// The shell and the public services on a fresh database, with the test gateway (which nothing
/// answers at: the tests play its part), and lode's built-in CA when `ca`.
pub async fn mounted(b: Backend, ca: bool) -> anyhow::Result<TestApp> {
    let mut settings = axum::http::Extensions::new();
    settings.insert(Portal::new(Some(GatewayConfig {
        pay_url: "http://127.0.0.1:9/paymentv2/vpcpay.html".into(),
        merchant: PAYMENT_MERCHANT.into(),
        secret: PAYMENT_SECRET.to_vec(),
    })));
    TestApp::mounting(
        b,
        ca,
        Mount {
            capabilities: vec![
                lode_eoffice::web::capability(),
                lode_services::web::capability(),
                // the register the services' area fields are filed with
                lode_cadastre::web::capability(),
            ],
            settings,
        },
    )
    .await
}
