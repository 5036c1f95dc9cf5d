//! lode's own trust services over HTTP, and what the server fetches from others':
//!
//! - `POST /tsa`: the timestamp authority (RFC 3161 over HTTP, `application/timestamp-query`);
//! - `GET /pki/issuing.crl`, `/pki/root.crl`: the built-in CA's current CRLs, made fresh;
//! - `GET /pki/root.crt`: the root certificate, to import as a trust anchor;
//! - `POST /pki/ocsp` (and `GET /pki/ocsp/{base64}`, RFC 6960 appendix A): the built-in CA's
//!   OCSP responder, named in the certificates it issues;
//! - [`timestamp`], [`fetch_crls`] and [`fetch_ocsp`]: the client side, for signing B-T with a configured
//!   authority and for checking revocation online (the command line uses them too);
//! - [`check`]: verification with the anchors and revocation data, as pages and the API use it.

use crate::State;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lode_sign::crl::Crl;
use lode_sign::verify::SignatureReport;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// The most a timestamp request, a token or a CRL may weigh.
const MAX_TSP: usize = 64 * 1024;
const MAX_CRL: usize = 32 * 1024 * 1024;

/// What the server signs and certifies with, when `<data>/pki` holds the built-in CA.
#[derive(Default, Clone)]
pub struct Services {
    pub ca: Option<Arc<lode_sign::pki::Store>>,
    pub tsa: Option<Arc<lode_sign::tsp::Authority>>,
    /// CRLs fetched, by address, kept until their next update.
    pub crls: Arc<Mutex<HashMap<String, Crl>>>,
    /// The server's PKCS#11 token, whose keys the registry links to people and units.
    pub token: Option<Arc<TokenConfig>>,
}

/// The server's PKCS#11 token: the module, the token's label, the user PIN.
#[derive(Clone)]
pub struct TokenConfig {
    pub module: std::path::PathBuf,
    pub token: String,
    pub pin: String,
}

impl std::fmt::Debug for TokenConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenConfig")
            .field("module", &self.module)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl TokenConfig {
    /// The key labelled `label` on the token, with the CAs above its certificate from `pool`
    /// (the token often keeps the signer's certificate alone).
    pub fn signer(
        &self,
        label: &str,
        pool: &[lode_sign::cms::Certificate],
    ) -> Result<lode_sign::signer::Signer, lode_sign::PdfError> {
        let spec = lode_sign::pkcs11::TokenSpec {
            module: self.module.clone(),
            token: self.token.clone(),
            key_label: label.to_string(),
            pin: self.pin.clone(),
        };
        let mut signer = lode_sign::signer::Signer::on_token(&spec, &[])?;
        // the issuers up the chain, as far as the pool goes
        let mut current = signer.certificate().clone();
        for _ in 0..8 {
            let Some(issuer) = pool
                .iter()
                .find(|c| **c != current && lode_sign::trust::issued_by(&current, c))
            else {
                break;
            };
            if signer.chain.contains(issuer) {
                break;
            }
            signer.chain.push(issuer.clone());
            current = issuer.clone();
        }
        Ok(signer)
    }
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services")
            .field("ca", &self.ca.is_some())
            .field("tsa", &self.tsa.is_some())
            .field("token", &self.token)
            .finish()
    }
}

impl Services {
    /// The CA in `dir` and its timestamp authority (issued on first use as `tsa`); the keys
    /// encrypted with `passphrase` when there is one.
    pub fn open(
        dir: &std::path::Path,
        organisation: &str,
        passphrase: Option<&[u8]>,
    ) -> anyhow::Result<Self> {
        let store = lode_sign::pki::Store::open_sealed(dir, passphrase)?;
        let signer = match store.signer("tsa") {
            Ok(s) => s,
            Err(_) => store.issue(
                &lode_sign::pki::own_name("Máy chủ cấp dấu thời gian", organisation),
                organisation,
                lode_sign::ca::Purpose::Timestamping,
                "tsa",
            )?,
        };
        Ok(Self {
            ca: Some(Arc::new(store)),
            tsa: Some(Arc::new(lode_sign::tsp::Authority {
                signer,
                policy: lode_sign::tsp::LODE_POLICY,
            })),
            crls: Arc::default(),
            token: None,
        })
    }
}

fn random_serial() -> [u8; 16] {
    let mut serial: [u8; 16] = rand::random();
    serial[0] &= 0x7f;
    serial
}

/// A 415 naming `mime` when the request body was not sent as it.
fn unless_sent_as(headers: &HeaderMap, mime: &str) -> Option<Response> {
    let sent = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    (!sent.starts_with(mime))
        .then(|| (StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("send {mime}")).into_response())
}

/// `POST /tsa`: a `TimeStampResp` for a `TimeStampReq`.
pub async fn tsa(axum::extract::State(state): State, headers: HeaderMap, body: Bytes) -> Response {
    let Some(authority) = state.services.tsa.clone() else {
        return (StatusCode::NOT_FOUND, "no timestamp authority here").into_response();
    };
    if let Some(refused) = unless_sent_as(&headers, lode_sign::tsp::QUERY_MIME) {
        return refused;
    }
    if body.len() > MAX_TSP {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let reply = authority.respond(&body, SystemTime::now(), &random_serial());
    ([(header::CONTENT_TYPE, lode_sign::tsp::REPLY_MIME)], reply).into_response()
}

/// `GET /pki/{file}`: `issuing.crl`, `root.crl` (fresh, DER) or `root.crt` (DER).
pub async fn published(
    axum::extract::State(state): State,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    let Some(ca) = state.services.ca.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let made = tokio::task::spawn_blocking(move || match file.as_str() {
        "issuing.crl" | "root.crl" => ca
            .crl(file.trim_end_matches(".crl"), SystemTime::now())
            .map(|d| Some(("application/pkix-crl", d))),
        "root.crt" => ca.root().and_then(|c| {
            der::Encode::to_der(&c)
                .map(|d| Some(("application/pkix-cert", d)))
                .map_err(|_| lode_sign::PdfError::Unsupported("encoding".into()))
        }),
        _ => Ok(None),
    })
    .await;
    match made {
        Ok(Ok(Some((mime, der)))) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "max-age=300"),
            ],
            der,
        )
            .into_response(),
        Ok(Ok(None)) => StatusCode::NOT_FOUND.into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "publishing the CA's files");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "publishing the CA's files");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `POST /pki/ocsp`: the built-in CA's answer to an OCSP request.
pub async fn ocsp_post(
    axum::extract::State(state): State,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = unless_sent_as(&headers, lode_sign::ocsp::REQUEST_MIME) {
        return refused;
    }
    ocsp_answer(&state.services, body.to_vec()).await
}

/// `GET /pki/ocsp/{request}`: the same, the request base64 in the path (what clients do to let
/// caches keep the answer).
pub async fn ocsp_get(
    axum::extract::State(state): State,
    axum::extract::Path(encoded): axum::extract::Path<String>,
) -> Response {
    use base64::Engine;
    let Ok(request) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return (StatusCode::BAD_REQUEST, "the request is not base64").into_response();
    };
    ocsp_answer(&state.services, request).await
}

async fn ocsp_answer(services: &Services, request: Vec<u8>) -> Response {
    let Some(ca) = services.ca.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if request.len() > lode_sign::ocsp::MAX_SIZE {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let answered =
        tokio::task::spawn_blocking(move || ca.respond_ocsp(&request, SystemTime::now())).await;
    match answered {
        Ok(Ok(der)) => (
            [(header::CONTENT_TYPE, lode_sign::ocsp::RESPONSE_MIME)],
            der,
        )
            .into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "answering OCSP");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "answering OCSP");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The HTTP client for other authorities: short timeouts, no redirects to elsewhere.
pub fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::limited(2))
        .build()?)
}

async fn body_within(response: reqwest::Response, limit: usize) -> anyhow::Result<Vec<u8>> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        anyhow::bail!("the answer is larger than {limit} bytes");
    }
    let mut response = response;
    let mut out = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        out.extend_from_slice(&chunk);
        if out.len() > limit {
            anyhow::bail!("the answer is larger than {limit} bytes");
        }
    }
    Ok(out)
}

/// A timestamp token for `imprint` from the authority at `url` (RFC 3161 over HTTP).
pub async fn timestamp(
    client: &reqwest::Client,
    url: &str,
    imprint: &[u8; 32],
) -> anyhow::Result<Vec<u8>> {
    let nonce: u64 = rand::random::<u64>() >> 1;
    let response = client
        .post(url)
        .header(header::CONTENT_TYPE.as_str(), lode_sign::tsp::QUERY_MIME)
        .body(lode_sign::tsp::request(imprint, nonce))
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "the timestamp authority answered {}",
        response.status()
    );
    let body = body_within(response, MAX_TSP).await?;
    Ok(lode_sign::tsp::token_of_response(&body)?)
}

/// The CRLs at `urls`, from the cache while current, else fetched; an address that fails is
/// left out (the report then says revocation was not checked for its certificates).
pub async fn fetch_crls(
    client: &reqwest::Client,
    cache: &Mutex<HashMap<String, Crl>>,
    urls: &[String],
) -> Vec<Crl> {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut out = Vec::new();
    for url in urls {
        let cached = cache
            .lock()
            .ok()
            .and_then(|c| c.get(url).cloned())
            .filter(|c| c.next_update().is_some_and(|n| n > now));
        if let Some(c) = cached {
            out.push(c);
            continue;
        }
        let fetched = async {
            let response = client.get(url).send().await?;
            anyhow::ensure!(response.status().is_success(), "{}", response.status());
            let body = body_within(response, MAX_CRL).await?;
            Ok::<_, anyhow::Error>(Crl::parse(&body)?)
        }
        .await;
        match fetched {
            Ok(c) => {
                if let Ok(mut cache) = cache.lock() {
                    cache.insert(url.clone(), c.clone());
                }
                out.push(c);
            }
            Err(e) => tracing::warn!(url, error = %e, "fetching a CRL"),
        }
    }
    out
}

/// The answers to OCSP `queries`, asked over HTTP POST; a responder that fails or answers
/// something unreadable is left out (the report then falls back to CRLs).
pub async fn fetch_ocsp(
    client: &reqwest::Client,
    queries: &[lode_sign::ocsp::OcspQuery],
) -> Vec<lode_sign::ocsp::Response> {
    let mut out = Vec::new();
    for q in queries {
        let fetched = async {
            let response = client
                .post(&q.url)
                .header(header::CONTENT_TYPE.as_str(), lode_sign::ocsp::REQUEST_MIME)
                .body(q.request.clone())
                .send()
                .await?;
            anyhow::ensure!(response.status().is_success(), "{}", response.status());
            let body = body_within(response, lode_sign::ocsp::MAX_SIZE).await?;
            Ok::<_, anyhow::Error>(lode_sign::ocsp::Response::parse(&body)?)
        }
        .await;
        match fetched {
            Ok(r) => out.push(r),
            Err(e) => tracing::warn!(url = q.url, error = %e, "asking an OCSP responder"),
        }
    }
    out
}

/// The answers to `queries`: the built-in CA's own responder asked in process, others over
/// HTTP.
pub async fn collect_ocsp(
    services: &Services,
    queries: Vec<lode_sign::ocsp::OcspQuery>,
) -> Vec<lode_sign::ocsp::Response> {
    let own = services.ca.as_ref().and_then(|ca| {
        ca.crl_url("issuing")
            .and_then(|u| lode_sign::ca::responder_beside(&u))
    });
    let (mine, remote): (Vec<_>, Vec<_>) = queries
        .into_iter()
        .partition(|q| own.as_deref() == Some(q.url.as_str()));
    let mut out = Vec::new();
    if let Some(ca) = &services.ca {
        for q in mine {
            match ca
                .respond_ocsp(&q.request, SystemTime::now())
                .and_then(|d| lode_sign::ocsp::Response::parse(&d))
            {
                Ok(r) => out.push(r),
                Err(e) => tracing::error!(error = %e, "the CA's own OCSP answer"),
            }
        }
    }
    if !remote.is_empty() {
        match client() {
            Ok(c) => out.extend(fetch_ocsp(&c, &remote).await),
            Err(e) => tracing::warn!(error = %e, "no HTTP client for OCSP"),
        }
    }
    out
}

/// Everything known online about revocation along the trusted paths: CRLs and OCSP answers.
pub async fn collect_evidence(
    services: &Services,
    sources: lode_sign::verify::Sources,
) -> lode_sign::verify::Evidence {
    lode_sign::verify::Evidence {
        crls: collect_crls(services, sources.crls).await,
        ocsp: collect_ocsp(services, sources.ocsp).await,
    }
}

/// The CRLs at `urls`: the built-in CA's own made in process, the others fetched (cached
/// until their next update).
/// The built-in CA's lists are always included: its certificates may name no address.
pub async fn collect_crls(services: &Services, urls: Vec<String>) -> Vec<Crl> {
    let mut crls = Vec::new();
    let mut own_urls = Vec::new();
    if let Some(ca) = &services.ca {
        for name in ["issuing", "root"] {
            own_urls.extend(ca.crl_url(name));
            match ca.crl(name, SystemTime::now()).map(|d| Crl::parse(&d)) {
                Ok(Ok(c)) => crls.push(c),
                Ok(Err(e)) | Err(e) => tracing::error!(error = %e, "the CA's own CRL"),
            }
        }
    }
    let remote: Vec<String> = urls.into_iter().filter(|u| !own_urls.contains(u)).collect();
    if !remote.is_empty() {
        match client() {
            Ok(c) => crls.extend(fetch_crls(&c, &services.crls, &remote).await),
            Err(e) => tracing::warn!(error = %e, "no HTTP client for CRLs"),
        }
    }
    crls
}

/// Every signature of `data` verified against the server's anchors, with revocation checked
/// online along the trusted paths (the built-in CA's own lists made in process).
pub async fn check(
    services: &Services,
    anchors: &[lode_sign::cms::Certificate],
    data: Vec<u8>,
) -> anyhow::Result<Result<Vec<SignatureReport>, lode_sign::PdfError>> {
    let reports = tokio::task::spawn_blocking(move || lode_sign::verify::verify(&data)).await?;
    let mut reports = match reports {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    if anchors.is_empty() {
        return Ok(Ok(reports));
    }
    let sources = lode_sign::verify::revocation_sources(&reports, anchors);
    let evidence = collect_evidence(services, sources).await;
    let anchors = anchors.to_vec();
    Ok(Ok(tokio::task::spawn_blocking(move || {
        lode_sign::verify::check_trust(&mut reports, &anchors, &evidence);
        reports
    })
    .await?))
}
