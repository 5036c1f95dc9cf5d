//! One error type for every handler, answered two ways: [`ApiError`] as
//! `application/problem+json` (RFC 9457) with field-level messages, [`PageError`] as a page.
//! Internal details are logged, never shown.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lode_core::authz::Denied;
use lode_core::validation::FieldErrors;
use lode_db::DbError;
use serde::Serialize;

#[derive(Debug)]
pub enum AppError {
    /// No valid session or token.
    Unauthenticated,
    /// Signed in, but not allowed.
    Forbidden,
    /// Absent, or present but outside the caller's scope (which must not leak).
    NotFound,
    /// No API route has this path.
    NoRoute,
    /// The account must choose a new password before anything else.
    PasswordChangeRequired,
    /// The CSRF token is missing or wrong.
    Csrf,
    /// Fields break rules.
    Invalid(FieldErrors),
    /// The request itself is malformed (syntax, query string).
    BadRequest(String),
    /// Well-formed but of the wrong shape (types, unknown fields).
    Unprocessable(String, FieldErrors),
    Conflict(String),
    TooManyAttempts,
    PayloadTooLarge,
    UnsupportedMediaType(String),
    Internal(anyhow::Error),
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound,
            DbError::Invalid(f) => AppError::Invalid(f),
            DbError::Conflict(m) => AppError::Conflict(m),
            DbError::Denied(d) => d.into(),
            DbError::Sqlx(e) => AppError::Internal(e.into()),
            DbError::Other(e) => AppError::Internal(e),
        }
    }
}

/// An export past what one zip archive holds: the caller asks for less at a time.
impl From<lode_print::zip::ZipError> for AppError {
    fn from(e: lode_print::zip::ZipError) -> Self {
        AppError::Invalid(FieldErrors::single(
            "export",
            "too_large_to_export",
            e.to_string(),
        ))
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::OutOfScope => AppError::NotFound,
            Denied::ExternalAccount | Denied::MissingRole | Denied::InsufficientClearance => {
                AppError::Forbidden
            }
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::PasswordChangeRequired | AppError::Csrf => {
                StatusCode::FORBIDDEN
            }
            AppError::NotFound | AppError::NoRoute => StatusCode::NOT_FOUND,
            AppError::Invalid(_) | AppError::Unprocessable(..) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short stable name, used as the problem `type` and the i18n key of the title.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::NoRoute => "no_route",
            AppError::PasswordChangeRequired => "password_change_required",
            AppError::Csrf => "csrf",
            AppError::Invalid(_) => "invalid",
            AppError::BadRequest(_) => "bad_request",
            AppError::Unprocessable(..) => "unprocessable",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyAttempts => "too_many_attempts",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::Internal(_) => "internal",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            AppError::BadRequest(m)
            | AppError::Unprocessable(m, _)
            | AppError::Conflict(m)
            | AppError::UnsupportedMediaType(m) => Some(m.clone()),
            AppError::Invalid(f) => Some(f.to_string()),
            _ => None,
        }
    }

    fn fields(&self) -> Vec<lode_core::validation::FieldError> {
        match self {
            AppError::Invalid(f) | AppError::Unprocessable(_, f) => f.0.clone(),
            _ => Vec::new(),
        }
    }

    fn log(&self) {
        if let AppError::Internal(e) = self {
            tracing::error!(error = ?e, "internal error");
        }
    }
}

/// An `application/problem+json` body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `urn:lode:problem:<code>`
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per wrong field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<lode_core::validation::FieldError>,
}

/// An error answered as problem+json.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let status = e.status();
        let problem = Problem {
            kind: format!("urn:lode:problem:{}", e.code()),
            title: crate::i18n::Lang::En
                .t(&format!("error.{}", e.code()))
                .to_string(),
            status: status.as_u16(),
            detail: e.detail(),
            errors: e.fields(),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if matches!(e, AppError::Unauthenticated) {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"lode\""),
            );
        }
        res
    }
}

/// An error answered as a page, in the reader's language (see [`localise_error_pages`]).
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

pub type PageResult<T> = Result<T, PageError>;

/// The answer to an error for a request to `path`: problem+json under `/api/`, a page elsewhere.
pub fn answer_for(path: &str, e: AppError) -> Response {
    if path.starts_with("/api/") {
        ApiError(e).into_response()
    } else {
        PageError(e).into_response()
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        match e {
            AppError::Unauthenticated => return Redirect::to("/login").into_response(),
            AppError::PasswordChangeRequired => {
                return Redirect::to("/account?must_change=1").into_response();
            }
            _ => {}
        }
        let page = ErrorPage {
            key: format!("error.{}", e.code()),
            fields: e.fields(),
            // The parser's words, when there is nothing better to say.
            detail: match &e {
                AppError::Internal(_) | AppError::Invalid(_) | AppError::Unprocessable(..) => None,
                other => other.detail(),
            },
        };
        let mut res = (e.status(), page.render(crate::i18n::Lang::Vi, None)).into_response();
        res.extensions_mut().insert(page);
        res
    }
}

/// What an error page says, kept with the response until the reader's language is known
/// (the language is the request's, which `PageError` has not at hand; see
/// [`localise_error_pages`]).
#[derive(Debug, Clone)]
struct ErrorPage {
    key: String,
    fields: Vec<lode_core::validation::FieldError>,
    /// In English only (it is the domain's or the parser's English).
    detail: Option<String>,
}

impl ErrorPage {
    /// The page in `l`, with a way back to the page the reader came from (`back`) where the
    /// browser named one of lode's own.
    fn render(&self, l: crate::i18n::Lang, back: Option<&str>) -> maud::Markup {
        let title = l.t(&self.key);
        maud::html! {
            (maud::DOCTYPE)
            html lang=(l.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · lode" }
                    link rel="stylesheet" href="/static/app.css";
                }
                body.error-page {
                    header.top {
                        a.brand href="/" { "lode" span.agency { (l.t("app.agency")) } }
                        // a way on from anywhere: the front page (or one's home), the public
                        // services, the other language
                        div.user {
                            a href="/" { (l.t("nav.home")) }
                            a href="/dich-vu-cong" { (l.t("services.title")) }
                            (crate::i18n::language_switch(l))
                        }
                    }
                    main.narrow {
                        h1 { (title) }
                        @if !self.fields.is_empty() {
                            ul.detail {
                                @for f in &self.fields {
                                    li {
                                        // a field is named by its label where it has one,
                                        // never by its code
                                        @if let Some(label) = l.lookup(&format!("field.{}", f.field)) {
                                            strong { (label) } ": "
                                        }
                                        (l.field_error(f.code, &f.message))
                                    }
                                }
                            }
                        }
                        @if let (crate::i18n::Lang::En, Some(d)) = (l, &self.detail) {
                            p.detail { (d) }
                        }
                        p {
                            @if let Some(back) = back {
                                a href=(back) { "← " (l.t("error.back")) }
                                " · "
                            }
                            a href="/" { (l.t("error.home")) }
                        }
                    }
                }
            }
        }
    }
}

/// Renders error pages in the reader's language (the language cookie of the request).
pub async fn localise_error_pages(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = crate::i18n::Lang::from_headers(req.headers());
    let back = came_from(req.headers(), req.uri());
    let path = req.uri().path().to_string();
    // a browser asking for a page (it asks for HTML), not a program calling a service
    let wants_page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
        && !SERVICES.iter().any(|s| path.starts_with(s));
    // ... and opening it, not sending a form
    let opened_as_page = wants_page
        && matches!(
            *req.method(),
            axum::http::Method::GET | axum::http::Method::HEAD
        );
    let mut res = next.run(req).await;
    if wants_page && is_framework_refusal(&res) {
        // the parser's plain English (an address whose id is no number, a form's body that
        // does not read): answered as the page every other error is
        let status = res.status();
        let said = axum::body::to_bytes(std::mem::take(res.body_mut()), 16 * 1024)
            .await
            .unwrap_or_default();
        let (status, key) = if said.starts_with(b"Invalid URL") {
            (StatusCode::NOT_FOUND, "error.not_found")
        } else {
            (status, "error.bad_request")
        };
        let page = ErrorPage {
            key: key.to_string(),
            fields: Vec::new(),
            detail: None,
        };
        return (status, page.render(lang, back.as_deref())).into_response();
    }
    if res.status() == StatusCode::METHOD_NOT_ALLOWED && opened_as_page {
        // A form's address opened as a page: the page a refused form was shown under, reloaded
        // or left behind by the language switch. The page the form belongs to, not an error.
        return Redirect::to(form_page(&path)).into_response();
    }
    if let Some(page) = res.extensions_mut().remove::<ErrorPage>()
        && (lang != crate::i18n::Lang::Vi || back.is_some())
    {
        res.headers_mut().remove(header::CONTENT_LENGTH);
        *res.body_mut() = axum::body::Body::from(page.render(lang, back.as_deref()).into_string());
    }
    res
}

/// Whether a response is a refusal the web framework wrote itself, in plain English text: an
/// address that does not read (`/incoming/abc`: a page not found to its reader), a body that
/// does not read (a request not understood).
fn is_framework_refusal(res: &Response) -> bool {
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    plain
        && matches!(
            res.status(),
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY
        )
}

/// Addresses that serve programs, not readers: a wrong method there stays a 405.
const SERVICES: &[&str] = &[
    "/api/", "/tsa", "/pki/", "/metrics", "/healthz", "/static/", "/ogc", "/oai", "/paysim",
];

/// Forms whose page is a list rather than their parent (a row's action, an account's part):
/// `/admin/certificates/7/revocation` belongs to `/admin/certificates`.
const LIST_FORMS: &[(&str, &str)] = &[
    ("/admin/certificates/", "/admin/certificates"),
    ("/admin/jobs/", "/admin/jobs"),
    ("/account/", "/account"),
];

/// The page a form's address belongs to: its list (see [`LIST_FORMS`]), else its parent
/// (`/ho-so/2/nop` → `/ho-so/2`).
fn form_page(path: &str) -> &str {
    if let Some((_, page)) = LIST_FORMS
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))
    {
        return page;
    }
    match path.trim_end_matches('/').rsplit_once('/') {
        Some((parent, _)) if !parent.is_empty() => parent,
        _ => "/",
    }
}

/// The page of lode's own the reader came from (the browser's `Referer`, on this host), other
/// than the one that failed: where "back" leads from an error.
fn came_from(headers: &axum::http::HeaderMap, uri: &axum::http::Uri) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    // the host the browser asked for: its Host header, or over HTTP/2 the address's authority
    let host = match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(h) => h.to_string(),
        None => uri.authority()?.to_string(),
    };
    let after_scheme = referer
        .strip_prefix("https://")
        .or_else(|| referer.strip_prefix("http://"))?;
    let path = after_scheme.strip_prefix(host.as_str())?;
    let here = uri.path_and_query().map_or("", |p| p.as_str());
    (path.starts_with('/') && !path.starts_with("//") && path != here && !path.contains('"'))
        .then(|| path.to_string())
}

/// Names the field of a serde data error ("…: roles[0]: invalid type…" or "unknown field `x`").
pub fn data_error_field(text: &str) -> lode_core::validation::FieldErrors {
    let detail = text.split_once("target type: ").map_or(text, |(_, d)| d);
    if let Some(rest) = detail.split_once("unknown field `").map(|(_, r)| r)
        && let Some((name, _)) = rest.split_once('`')
    {
        return lode_core::validation::FieldErrors::single(
            name,
            "unknown_field",
            "is not a field of this request",
        );
    }
    if let Some(rest) = detail.split_once("missing field `").map(|(_, r)| r)
        && let Some((name, _)) = rest.split_once('`')
    {
        return lode_core::validation::FieldErrors::single(name, "required", "is required");
    }
    match detail.split_once(": ") {
        Some((path, why)) if !path.contains(' ') && path != "." => {
            lode_core::validation::FieldErrors::single(path, "wrong_type", why.to_string())
        }
        _ => lode_core::validation::FieldErrors::single("body", "wrong_type", detail.to_string()),
    }
}
