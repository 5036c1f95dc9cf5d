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

/// An error answered as a page, in the reader's language (see `pages::errors`).
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

/// Where an error page leads on: back where its reader came from, the list the failed page
/// belongs to, a search the reader may use (its address, label and hint).
#[derive(Default, Clone, Copy)]
pub(crate) struct Ways<'a> {
    pub(crate) back: Option<&'a str>,
    pub(crate) list: Option<&'a str>,
    pub(crate) search: Option<(&'a str, &'a str, &'a str)>,
}

/// What an error page says, kept with the response until the reader's language is known
/// (the language is the request's, which `PageError` has not at hand; see
/// `pages::errors`).
#[derive(Debug, Clone)]
pub(crate) struct ErrorPage {
    pub(crate) key: String,
    pub(crate) fields: Vec<lode_core::validation::FieldError>,
    /// In English only (it is the domain's or the parser's English).
    pub(crate) detail: Option<String>,
}

impl ErrorPage {
    /// The page in `l`, unframed: the answer of a handler, which `pages::errors` frames for its
    /// reader (signed in or not) once the request's language and reader are known.
    pub(crate) fn render(&self, l: crate::i18n::Lang, back: Option<&str>) -> maud::Markup {
        let ways = Ways {
            back,
            ..Ways::default()
        };
        maud::html! {
            (maud::DOCTYPE)
            html lang=(l.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (l.t(&self.key)) " · lode" }
                    link rel="stylesheet" href="/static/app.css";
                    link rel="icon" href="/static/icon.svg" type="image/svg+xml";
                }
                body { main.narrow { (self.body(l, ways)) } }
            }
        }
    }

    /// What the page says: what went wrong, field by field where fields are named, and the
    /// ways on (back where the reader came from, the list the page belongs to, a search, home).
    pub(crate) fn body(&self, l: crate::i18n::Lang, ways: Ways<'_>) -> maud::Markup {
        let not_found = self.key == "error.not_found";
        maud::html! {
            h1 { (l.t(&self.key)) }
            @if not_found {
                p { (l.t("error.not_found_why")) }
                @if let Some((action, what, hint)) = ways.search {
                    form.search-again method="get" action=(action) role="search" {
                        label for="error-q" { (what) }
                        input id="error-q" name="q" type="search" placeholder=(hint);
                        button type="submit" { (l.t("error.search")) }
                    }
                }
            } @else if l.lookup(&format!("{}_why", self.key)).is_some() {
                // what the reader can do about it, where the error has something to say
                p { (l.fill(&format!("{}_why", self.key), &serde_json::json!({
                    "mb": crate::limits::DOCUMENT_MAX_BYTES / (1024 * 1024),
                }))) }
            }
            @if !self.fields.is_empty() {
                ul.detail {
                    @for f in &self.fields {
                        li {
                            // a field is named by its label where it has one, never by its
                            // code
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
                @if let Some(back) = ways.back {
                    a href=(back) { "← " (l.t("error.back")) }
                    " · "
                }
                @if let Some(list) = ways.list.filter(|list| Some(*list) != ways.back) {
                    a href=(list) { (l.t("error.to_list")) }
                    " · "
                }
                a href="/" { (l.t("error.home")) }
            }
        }
    }
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
