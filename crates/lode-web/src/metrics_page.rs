//! `GET /metrics`: the counters of [`crate::metrics`] and the jobs in each state, in
//! Prometheus text, for the machine itself (loopback, not through a proxy) and for
//! administrators.

use crate::AppState;
use crate::auth::{ClientIp, MaybeCaller};
use crate::metrics::render;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lode_core::people::Role;
use std::sync::Arc;

/// `GET /metrics`: for the machine itself and for administrators.
pub async fn scrape(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    MaybeCaller(caller): MaybeCaller,
    ClientIp(peer): ClientIp,
    headers: axum::http::HeaderMap,
) -> Response {
    // behind a proxy every peer is the proxy (and one on the same machine looks local): only
    // administrators then
    let proxied = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    let local = !state.config.trust_proxy
        && !proxied
        && peer
            .parse::<std::net::IpAddr>()
            .is_ok_and(|a| a.is_loopback());
    let admin = caller.is_some_and(|c| c.actor.has(Role::Administrator));
    if !local && !admin {
        return (
            StatusCode::FORBIDDEN,
            "metrics are for this machine and administrators\n",
        )
            .into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        render(&state) + &jobs_by_state(&state).await,
    )
        .into_response()
}

/// The jobs in each state now, all nodes together (read from the store at each scrape).
async fn jobs_by_state(state: &AppState) -> String {
    use std::fmt::Write;
    let Ok(counts) = lode_db::jobs::counts(&state.db).await else {
        return String::new();
    };
    let mut out = String::from(
        "# HELP lode_jobs Background jobs in each state, all nodes together.\n# TYPE lode_jobs gauge\n",
    );
    for (s, n) in counts {
        let _ = writeln!(out, "lode_jobs{{state=\"{}\"}} {n}", s.as_str());
    }
    out
}
