//! The HTTP face of lode.
//!
//! - [`api`]: the JSON API under `/api/v1`, one module per area, each handler annotated for the
//!   OpenAPI document ([`api::openapi`]);
//! - [`pages`]: the server-rendered pages (plain HTML forms, no JavaScript needed), one module per
//!   area, sharing the same repository calls as the API;
//! - [`auth`]: who is calling (session cookie or API token), CSRF checks, the client address;
//! - [`error`]: one error type, answered as `application/problem+json` or as a page;
//! - [`i18n`]: every visible string, in Vietnamese and English;
//! - [`input`]: NUL characters refused and text composed to NFC before any handler reads it;
//! - [`metrics`]: the counters `/metrics` serves to Prometheus;
//! - [`notices`]: notifications rendered in the reader's language;
//! - [`testkit`]: an application on a fresh database, called as a browser or a client would, for
//!   the tests of this crate and of the capabilities mounted on it.
//!
//! A capability that lives in a crate of its own (the public services) builds on this one and
//! hands the binary a [`Capability`]: its pages, its API routes, and what it shows on the pages
//! this crate owns (the home page, the dashboard). [`router`] mounts them; nothing here imports
//! them.
//!
//! Handlers parse, ask `lode_core::authz` whether the caller may, call one repository function
//! and answer. They hold no business rule.

pub mod api;
pub mod auth;
pub mod cookies;
pub mod error;
pub mod files;
pub mod i18n;
pub mod input;
pub mod limits;
pub mod mail;
pub mod metrics;
pub mod metrics_page;
pub mod notices;
pub mod pages;
pub mod pki;
pub mod testkit;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use lode_db::Db;
use lode_db::blobs::Blobs;
use std::sync::Arc;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (browsers accept them on `http://localhost` too).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Demo mode: the login page lists the demo accounts.
    pub demo: bool,
    /// The address people open lode at, for links printed on papers (the QR code of a
    /// receipt slip).
    pub public_url: String,
    /// Whether `public_url` was configured; else it is a guess from the listening address, and
    /// a browser's own way back (from a payment gateway) follows the address it used.
    pub public_url_configured: bool,
}

impl WebConfig {
    /// The address a browser comes back to lode at from a page of lode's own (the demo's
    /// payment simulator): the configured public address; without one, the address the browser
    /// used itself (its `Host`), so that it comes back signed in to the same site (`localhost`
    /// and `127.0.0.1` keep apart cookies). Any host may be named so: never give this address
    /// to a party outside lode (a real gateway gets the configured one). A `Host` with more
    /// than a host and port is not used.
    pub fn public_url_for(&self, headers: &axum::http::HeaderMap) -> String {
        if self.public_url_configured {
            return self.public_url.clone();
        }
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.len() <= 255
                    && h.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            });
        let Some(host) = host else {
            return self.public_url.clone();
        };
        let tls = self.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p.eq_ignore_ascii_case("https"));
        format!("{}://{host}", if tls { "https" } else { "http" })
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            trust_proxy: false,
            demo: false,
            public_url: "http://localhost:8080".into(),
            public_url_configured: false,
        }
    }
}

/// What every handler can reach.
#[derive(Debug)]
pub struct AppState {
    pub db: Db,
    pub blobs: Blobs,
    pub config: WebConfig,
    /// The certificates signatures must chain to (the national roots, lode's own CA).
    pub trust: Vec<lode_sign::cms::Certificate>,
    /// The built-in CA and timestamp authority, when configured, and fetched CRLs.
    pub services: pki::Services,
    /// What the capabilities mounted keep beside this state (their settings, their counters in
    /// memory), one value for each type, each capability's own.
    pub settings: axum::http::Extensions,
}

pub type State = axum::extract::State<Arc<AppState>>;

/// What a capability of its own crate adds to the application.
pub struct Capability {
    /// Its pages.
    pub pages: Router<Arc<AppState>>,
    /// Its API routes, each registered with its OpenAPI operation.
    pub api: utoipa_axum::router::OpenApiRouter<Arc<AppState>>,
    /// What it shows on the pages this crate owns.
    pub panels: Arc<dyn Panels>,
    /// Its messages, added to the catalogue when it is mounted.
    pub translations: i18n::Translations,
    /// Seeds its demo records (`lode serve --demo`, the tests' demo) into a store that holds
    /// the demo organisation.
    pub demo: Option<DemoSeed>,
}

/// A capability's demo seeding, running.
pub type DemoSeeding<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// A capability's demo seeding.
pub type DemoSeed = for<'a> fn(&'a Db, &'a Blobs) -> DemoSeeding<'a>;

/// A section a capability adds to a page of this crate, or nothing for this caller.
pub type Panel<'a> = std::pin::Pin<
    Box<
        dyn std::future::Future<Output = Result<Option<maud::Markup>, error::AppError>> + Send + 'a,
    >,
>;

/// The response header by which a page names the one https origin its images may also come
/// from (a map's base tiles); read and removed by the security headers.
pub const IMAGES_FROM: &str = "x-lode-img-src";

/// The sections a capability adds to the pages this crate owns.
pub trait Panels: Send + Sync {
    /// On the caller's home page: their own work in this capability.
    fn home<'a>(&'a self, state: &'a AppState, caller: &'a auth::Caller) -> Panel<'a>;
    /// On the dashboard: this capability's figures.
    fn dashboard<'a>(&'a self, state: &'a AppState, caller: &'a auth::Caller) -> Panel<'a>;
    /// On the caller's own account page: what this capability keeps of theirs.
    fn account<'a>(&'a self, _state: &'a AppState, _caller: &'a auth::Caller) -> Panel<'a> {
        Box::pin(async { Ok(None) })
    }
    /// On a person's page, for the administrators: the work this capability has put in the
    /// person's hands and not yet seen done, to be handed on before they leave or move.
    fn in_hand<'a>(&'a self, _state: &'a AppState, _l: i18n::Lang, _account: i64) -> InHands<'a> {
        Box::pin(async { Ok(Vec::new()) })
    }
    /// In the navigation: how many of this capability's items wait for the caller's action,
    /// and how many of those are overdue.
    fn waiting<'a>(&'a self, _state: &'a AppState, _caller: &'a auth::Caller) -> Waiting<'a> {
        Box::pin(async { Ok(None) })
    }
    /// In the audit log: the records of this capability of the kind `kind` (as the log names
    /// kinds) among `keys`, each by the name its people know it by (a number, a notation, a
    /// code), in `l`. Kinds of other capabilities are not its to answer: nothing. By default,
    /// the rows [`Panels::record_names`] reads for the kind.
    fn records_named<'a>(
        &'a self,
        state: &'a AppState,
        _l: i18n::Lang,
        kind: &'a str,
        keys: &'a [String],
    ) -> Names<'a> {
        let select = self
            .record_names()
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, select)| *select);
        Box::pin(async move {
            match select {
                Some(select) => rows_named(&state.db, select, keys).await,
                None => Ok(Default::default()),
            }
        })
    }
    /// The kinds of record this capability keeps, each with the query naming its rows by id
    /// (as [`rows_named`] reads it): what the default [`Panels::records_named`] answers.
    fn record_names(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
}

/// Rows named by `select` (as [`lode_db::names_by_id`] reads it), picked by the audit log's
/// keys of them: their row numbers written as text (a key that is no number names nothing).
pub async fn rows_named(
    db: &Db,
    select: &'static str,
    keys: &[String],
) -> Result<std::collections::HashMap<String, String>, error::AppError> {
    let ids: Vec<i64> = keys.iter().filter_map(|k| k.parse().ok()).collect();
    Ok(lode_db::names_by_id(db, select, &ids)
        .await?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect())
}

/// Records named by a capability, by their keys as the audit log holds them.
pub type Names<'a> = std::pin::Pin<
    Box<
        dyn std::future::Future<
                Output = Result<std::collections::HashMap<String, String>, error::AppError>,
            > + Send
            + 'a,
    >,
>;

/// One kind of work a capability has put in a person's hands: what it is, in the reader's
/// language, and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InHand {
    pub what: String,
    pub count: i64,
}

/// The work a capability has put in a person's hands.
pub type InHands<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Vec<InHand>, error::AppError>> + Send + 'a>,
>;

/// What a capability counts for the navigation: items waiting, of which overdue.
pub type Waiting<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Option<(i64, i64)>, error::AppError>> + Send + 'a>,
>;

/// The panels of every capability mounted, in the order they were given; handlers of the pages
/// this crate owns find them in their request.
#[derive(Clone, Default)]
pub struct Mounted(pub Arc<Vec<Arc<dyn Panels>>>);

impl Mounted {
    /// Each capability's section of the home page, in order.
    pub async fn home(
        &self,
        state: &AppState,
        caller: &auth::Caller,
    ) -> Result<Vec<maud::Markup>, error::AppError> {
        let mut out = Vec::new();
        for p in self.0.iter() {
            out.extend(p.home(state, caller).await?);
        }
        Ok(out)
    }

    /// Each capability's section of the caller's account page, in order.
    pub async fn account(
        &self,
        state: &AppState,
        caller: &auth::Caller,
    ) -> Result<Vec<maud::Markup>, error::AppError> {
        let mut out = Vec::new();
        for p in self.0.iter() {
            out.extend(p.account(state, caller).await?);
        }
        Ok(out)
    }

    /// The work each capability has put in the hands of the person `account`, in order; only
    /// the kinds they hold some of.
    pub async fn in_hand(
        &self,
        state: &AppState,
        l: i18n::Lang,
        account: i64,
    ) -> Result<Vec<InHand>, error::AppError> {
        let mut out = Vec::new();
        for p in self.0.iter() {
            out.extend(
                p.in_hand(state, l, account)
                    .await?
                    .into_iter()
                    .filter(|h| h.count > 0),
            );
        }
        Ok(out)
    }

    /// What waits for the caller, summed over the capabilities that count it.
    pub async fn waiting(
        &self,
        state: &AppState,
        caller: &auth::Caller,
    ) -> Result<Option<(i64, i64)>, error::AppError> {
        let mut total: Option<(i64, i64)> = None;
        for p in self.0.iter() {
            if let Some((waiting, overdue)) = p.waiting(state, caller).await? {
                let (w, o) = total.unwrap_or_default();
                total = Some((w + waiting, o + overdue));
            }
        }
        Ok(total)
    }

    /// The records of kind `kind` among `keys`, named by the capability that keeps them.
    pub async fn records_named(
        &self,
        state: &AppState,
        l: i18n::Lang,
        kind: &str,
        keys: &[String],
    ) -> Result<std::collections::HashMap<String, String>, error::AppError> {
        let mut out = std::collections::HashMap::new();
        for p in self.0.iter() {
            out.extend(p.records_named(state, l, kind, keys).await?);
        }
        Ok(out)
    }

    /// Each capability's section of the dashboard, in order.
    pub async fn dashboard(
        &self,
        state: &AppState,
        caller: &auth::Caller,
    ) -> Result<Vec<maud::Markup>, error::AppError> {
        let mut out = Vec::new();
        for p in self.0.iter() {
            out.extend(p.dashboard(state, caller).await?);
        }
        Ok(out)
    }
}

/// The whole application: pages and API of this crate and of each capability given, the API's
/// documentation (of every route mounted), health, metrics, the CA's services, static files.
pub fn router(state: Arc<AppState>, capabilities: Vec<Capability>) -> Router {
    let mut page_routes = pages::router();
    let mut api_routes = api::router();
    let mut panels = Vec::new();
    for c in capabilities {
        if let Err(e) = i18n::add(c.translations) {
            tracing::error!(error = %e, "a capability's translations");
        }
        page_routes = page_routes.merge(c.pages);
        api_routes = api_routes.merge(c.api);
        panels.push(c.panels);
    }
    let (api_routes, document) = api_routes.split_for_parts();
    Router::new()
        .merge(page_routes)
        .merge(api_routes)
        .route("/api/openapi.json", get(api::openapi::document))
        .route("/api/docs", get(api::openapi::reference_page))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_page::scrape))
        .route(
            "/tsa",
            axum::routing::post(pki::tsa).layer(axum::extract::DefaultBodyLimit::max(64 * 1024)),
        )
        .route(
            "/pki/ocsp",
            axum::routing::post(pki::ocsp_post).layer(axum::extract::DefaultBodyLimit::max(
                lode_sign::ocsp::MAX_SIZE,
            )),
        )
        .route("/pki/ocsp/{request}", get(pki::ocsp_get))
        .route("/pki/{file}", get(pki::published))
        .route("/static/app.css", get(stylesheet))
        .route("/static/forms.js", get(form_script))
        .route("/static/icon.svg", get(icon))
        .route("/favicon.ico", get(icon))
        .fallback(|| async { error::PageError(error::AppError::NotFound) })
        .layer(axum::Extension(api::openapi::Document::of(document)))
        .layer(axum::Extension(Mounted(Arc::new(panels))))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(axum::middleware::from_fn(input::clean_input))
        .layer(axum::middleware::from_fn(refuse_oversized))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::errors::localise,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            log_request,
        ))
        .with_state(state)
}

/// This machine's name among the nodes.
pub fn node() -> &'static str {
    &NODE
}

/// This machine among the nodes, in the health checks' table.
static NODE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    match host.trim() {
        "" => "lode".to_string(),
        h => h.to_string(),
    }
});

/// The last write check and when it was made: checks come at most once a second, however
/// often `/healthz` is asked (an anonymous client must not turn it into a stream of fsyncs).
static LAST_CHECK: std::sync::LazyLock<tokio::sync::Mutex<Option<(std::time::Instant, bool)>>> =
    std::sync::LazyLock::new(|| tokio::sync::Mutex::new(None));

async fn takes_a_write(state: &AppState) -> bool {
    let mut last = LAST_CHECK.lock().await;
    if let Some((at, ok)) = *last
        && at.elapsed() < std::time::Duration::from_secs(1)
    {
        return ok;
    }
    let ok = state
        .db
        .takes_a_write(&NODE, std::time::Duration::from_secs(2))
        .await;
    *last = Some((std::time::Instant::now(), ok));
    ok
}

/// Healthy when the store takes a write within two seconds: a load balancer stops sending
/// requests to a node whose store is stuck, full or gone, not only unreachable.
async fn healthz(axum::extract::State(state): State) -> impl IntoResponse {
    if takes_a_write(&state).await {
        (axum::http::StatusCode::OK, "ok")
    } else if state.db.ping().await {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "the database answers but takes no write",
        )
    } else {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "database unreachable",
        )
    }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
}

/// lode's mark, in the browser's tab (also at `/favicon.ico`, where browsers look first).
async fn icon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../static/icon.svg"),
    )
}

/// The pages' one script: a file too large for its box refused as it is chosen.
async fn form_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/forms.js"),
    )
}

/// The header a request's id travels in, both ways.
pub const REQUEST_ID: &str = "x-request-id";

/// The id of a request: the one a trusted proxy in front gave it (letters, digits, `-`, `_`,
/// `.`, at most 64), or a new one.
fn request_id(headers: &axum::http::HeaderMap, trust_proxy: bool) -> String {
    headers
        .get(REQUEST_ID)
        .filter(|_| trust_proxy)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .map_or_else(|| hex::encode(rand::random::<[u8; 8]>()), str::to_string)
}

/// One log line per request: its id, method, path (without the query, which may hold a CSRF
/// token), status and time taken; every line logged while it is served carries the id, which
/// the answer carries too (`X-Request-Id`). Counted for `/metrics` by route. Server errors are
/// logged as errors where they happen.
async fn log_request(
    axum::extract::State(state): State,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use tracing::Instrument;
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let id = request_id(req.headers(), state.config.trust_proxy);
    let span = tracing::info_span!("request", id = %id);
    let mut res = next.run(req).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = res.status().as_u16();
    span.in_scope(|| {
        tracing::info!(
            target: "lode::http",
            %method,
            path,
            status,
            ms = took.as_millis() as u64,
        );
    });
    metrics::request(method.as_str(), &route, status, took);
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// No request may carry more than this, whatever the route: the largest upload form (a document
/// and its attachments).
pub const REQUEST_MAX_BYTES: u64 = 2 * files::DOCUMENT_MAX_BYTES as u64;

/// Refuses a request whose declared length is over [`REQUEST_MAX_BYTES`] before reading any
/// of it. Routes set their own, lower, limits on what they read.
async fn refuse_oversized(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > REQUEST_MAX_BYTES) {
        return error::answer_for(req.uri().path(), error::AppError::PayloadTooLarge);
    }
    next.run(req).await
}

/// Headers every answer carries: no framing (but a PDF inside lode's own pages), no sniffing, no inline scripts from elsewhere;
/// nothing kept in caches unless the answer says so itself (pages and JSON hold documents and
/// people); and, behind TLS, the browser told to come back only through TLS (HSTS).
async fn security_headers(
    axum::extract::State(state): State,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let behind_tls = state.config.public_url.starts_with("https://")
        || (state.config.trust_proxy
            && req
                .headers()
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p.eq_ignore_ascii_case("https")));
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if behind_tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    // a document's PDF may be shown inside lode's own pages (its preview), nothing else framed
    let framed_by_lode = h
        .get("x-frame-options")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"sameorigin"));
    if !framed_by_lode {
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    }
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    // a page that shows images from a configured server (a map's base tiles) names its origin
    // in `x-lode-img-src`; it is checked to be one https origin, and never sent on
    let img_from = h
        .remove(IMAGES_FROM)
        .and_then(|v| v.to_str().ok().map(str::to_string))
        .filter(|o| {
            o.strip_prefix("https://").is_some_and(|host| {
                !host.is_empty()
                    && host
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-:".contains(&b))
            })
        });
    let ancestors = if framed_by_lode { "'self'" } else { "'none'" };
    let images = img_from.map_or_else(String::new, |o| format!(" {o}"));
    let policy = format!(
        "default-src 'self'; img-src 'self' data:{images}; style-src 'self'; script-src 'self'; frame-ancestors {ancestors}; form-action 'self'"
    );
    if let Ok(v) = HeaderValue::from_str(&policy) {
        h.insert("content-security-policy", v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::WebConfig;
    use axum::http::{HeaderMap, HeaderValue, header};

    fn with_host(host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(host) {
            h.insert(header::HOST, v);
        }
        h
    }

    #[test]
    fn a_browser_comes_back_where_it_opened_lode_unless_an_address_is_configured() {
        let guessed = WebConfig {
            public_url: "http://localhost:8080".into(),
            ..WebConfig::default()
        };
        assert_eq!(
            guessed.public_url_for(&with_host("127.0.0.1:8080")),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            guessed.public_url_for(&with_host("[::1]:8080")),
            "http://[::1]:8080"
        );
        // what is not a host and port is not believed
        for hostile in ["evil.example/path", "a b", "x@evil.example", ""] {
            assert_eq!(
                guessed.public_url_for(&with_host(hostile)),
                "http://localhost:8080",
                "{hostile}"
            );
        }
        let configured = WebConfig {
            public_url: "https://lode.dgm.gov.vn".into(),
            public_url_configured: true,
            ..WebConfig::default()
        };
        assert_eq!(
            configured.public_url_for(&with_host("127.0.0.1:8080")),
            "https://lode.dgm.gov.vn"
        );
    }
}
