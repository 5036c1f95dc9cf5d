//! What the operators' Prometheus reads at `/metrics`: requests by route and status, their
//! latency, the SQLite writer lane's queue and waits, background jobs run and failed, sign-ins
//! refused. Counted in this process; each node is scraped on its own.
//!
//! Served by `metrics_page` to the machine itself (loopback) and to administrators; nobody
//! else learns which routes are used how much.

use crate::AppState;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// The bounds of the request latency histogram, in seconds.
const LATENCY_BOUNDS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Latency {
    buckets: [u64; LATENCY_BOUNDS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Counts {
    /// (method, route, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latency.
    latency: BTreeMap<String, Latency>,
    /// (job, outcome) → runs.
    jobs: BTreeMap<(&'static str, &'static str), u64>,
    /// why → sign-ins refused.
    logins_refused: BTreeMap<&'static str, u64>,
}

static COUNTS: LazyLock<Mutex<Counts>> = LazyLock::new(Mutex::default);

fn with_counts(f: impl FnOnce(&mut Counts)) {
    if let Ok(mut c) = COUNTS.lock() {
        f(&mut c);
    }
}

/// Counts one request answered. Methods outside HTTP's usual ones count as `other`: a client
/// may send any word there, and each would be a series of its own.
pub fn request(method: &str, route: &str, status: u16, took: Duration) {
    let method = match method {
        "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" => method,
        _ => "other",
    };
    with_counts(|c| {
        *c.requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        let l = c.latency.entry(route.to_string()).or_default();
        let secs = took.as_secs_f64();
        for (i, bound) in LATENCY_BOUNDS.iter().enumerate() {
            if secs <= *bound {
                l.buckets[i] += 1;
            }
        }
        l.count += 1;
        l.sum += secs;
    });
}

/// Counts one run of a background job, and whether it failed.
pub fn job(name: &'static str, ok: bool) {
    with_counts(|c| {
        *c.jobs
            .entry((name, if ok { "ok" } else { "failed" }))
            .or_default() += 1;
    });
}

/// Counts a sign-in refused: `wrong_password` or `throttled`.
pub fn login_refused(why: &'static str) {
    with_counts(|c| *c.logins_refused.entry(why).or_default() += 1);
}

/// Label values are route templates and fixed words, but escaped all the same.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The exposition, in Prometheus text format 0.0.4.
pub fn render(state: &AppState) -> String {
    let mut out = String::new();
    let Ok(c) = COUNTS.lock() else {
        return out;
    };
    let _ = writeln!(
        out,
        "# HELP lode_http_requests_total Requests answered, by route and status."
    );
    let _ = writeln!(out, "# TYPE lode_http_requests_total counter");
    for ((method, route, status), n) in &c.requests {
        let _ = writeln!(
            out,
            "lode_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
            label(method),
            label(route)
        );
    }
    let _ = writeln!(
        out,
        "# HELP lode_http_request_duration_seconds Time to answer, by route."
    );
    let _ = writeln!(out, "# TYPE lode_http_request_duration_seconds histogram");
    for (route, l) in &c.latency {
        let route = label(route);
        for (bound, n) in LATENCY_BOUNDS.iter().zip(l.buckets) {
            let _ = writeln!(
                out,
                "lode_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "lode_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            l.count
        );
        let _ = writeln!(
            out,
            "lode_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            l.sum
        );
        let _ = writeln!(
            out,
            "lode_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            l.count
        );
    }
    let _ = writeln!(
        out,
        "# HELP lode_writer_lane_waiting Writers waiting for the SQLite writer lane now."
    );
    let _ = writeln!(out, "# TYPE lode_writer_lane_waiting gauge");
    let _ = writeln!(out, "lode_writer_lane_waiting {}", state.db.lane_waiting());
    if let Some(waits) = state.db.lane_waits() {
        let (buckets, count, sum) = waits.snapshot();
        let _ = writeln!(
            out,
            "# HELP lode_writer_lane_wait_seconds How long writers waited for the lane."
        );
        let _ = writeln!(out, "# TYPE lode_writer_lane_wait_seconds histogram");
        for (bound, n) in buckets {
            let _ = writeln!(
                out,
                "lode_writer_lane_wait_seconds_bucket{{le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "lode_writer_lane_wait_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(out, "lode_writer_lane_wait_seconds_sum {sum}");
        let _ = writeln!(out, "lode_writer_lane_wait_seconds_count {count}");
    }
    let _ = writeln!(
        out,
        "# HELP lode_jobs_total Background jobs run, by job and outcome."
    );
    let _ = writeln!(out, "# TYPE lode_jobs_total counter");
    for ((job, outcome), n) in &c.jobs {
        let _ = writeln!(
            out,
            "lode_jobs_total{{job=\"{job}\",outcome=\"{outcome}\"}} {n}"
        );
    }
    let _ = writeln!(
        out,
        "# HELP lode_logins_refused_total Sign-ins refused, by reason."
    );
    let _ = writeln!(out, "# TYPE lode_logins_refused_total counter");
    for why in ["wrong_password", "throttled"] {
        let n = c.logins_refused.get(why).copied().unwrap_or(0);
        let _ = writeln!(out, "lode_logins_refused_total{{reason=\"{why}\"}} {n}");
    }
    out
}
