//! A payment gateway simulator on loopback, speaking the protocol lode's adapter speaks
//! (VNPAY 2.1.0: HMAC-SHA512-signed redirects and server-to-server notifications), for tests
//! and trials without a real gateway.
//!
//! `lode-paysim --listen 127.0.0.1:PORT --merchant CODE --ipn-url URL`, the shared secret in
//! LODE_PAYMENT_SECRET. The payment page is `/paymentv2/vpcpay.html`.

use clap::Parser;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(name = "lode-paysim", about = "A payment gateway simulator for lode")]
struct Args {
    #[arg(long, default_value = "127.0.0.1:8090")]
    listen: String,
    #[arg(long)]
    merchant: String,
    /// Where the gateway notifies the merchant (lode's /api/v1/payments/ipn).
    #[arg(long)]
    ipn_url: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let secret = std::env::var("LODE_PAYMENT_SECRET")
        .map_err(|_| anyhow::anyhow!("LODE_PAYMENT_SECRET is required"))?;
    let gateway = lode_services::web::gateway::simulator::Gateway::new(
        args.merchant,
        secret.into_bytes(),
        args.ipn_url,
    );
    let app = lode_services::web::gateway::simulator::router(Arc::new(gateway));
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    println!("lode-paysim listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
