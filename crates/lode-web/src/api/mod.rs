//! The JSON API under `/api/v1`. Every handler is documented in the OpenAPI document
//! ([`openapi`]); errors are `application/problem+json`; lists are paginated by key.
//!
//! Authentication: `Authorization: Bearer <personal API token>`, or the browser session cookie
//! with the session's CSRF token in `X-CSRF-Token` on state-changing requests.

pub mod audit;
pub mod jobs;
pub mod me;
pub mod notifications;
pub mod openapi;
pub mod people;
pub mod session;
pub mod units;

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every API route, registered together with its documentation: what is routed is documented,
/// and what is documented is routed.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(session::login, session::logout))
        .routes(routes!(me::show))
        .routes(routes!(me::change_password))
        .routes(routes!(me::profile, me::update_profile))
        .routes(routes!(me::tokens, me::issue_token))
        .routes(routes!(me::revoke_token))
        .routes(routes!(me::sessions_list, me::sessions_close_others))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(units::list, units::create))
        .routes(routes!(units::show, units::update))
        .routes(routes!(units::move_unit))
        .routes(routes!(units::close))
        .routes(routes!(units::reopen))
        .routes(routes!(units::history))
        .routes(routes!(people::list, people::create))
        .routes(routes!(people::show, people::update))
        .routes(routes!(people::reset_password))
        .routes(routes!(people::signature, people::put_signature))
        .routes(routes!(people::create_external))
        .routes(routes!(audit::list))
        .routes(routes!(audit::verify))
        .routes(routes!(jobs::list))
        .routes(routes!(jobs::retry))
        .route("/api/v1/{*rest}", axum::routing::any(no_route))
}

/// A `Content-Disposition` (`inline` or `attachment`) with the file's name: in ASCII for old
/// clients (letters without their marks, đ as d, anything else as `-`) and exactly, UTF-8 and
/// percent-encoded (RFC 6266), for the rest.
pub fn content_disposition(how: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(
            |c| match lode_core::text::fold(&c.to_string()).chars().next() {
                Some(f) if f.is_ascii_alphanumeric() || f == '.' || f == '-' || f == '_' => {
                    if c.is_uppercase() {
                        f.to_ascii_uppercase()
                    } else {
                        f
                    }
                }
                _ => '-',
            },
        )
        .collect();
    let exact: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{exact}")
}

/// Serves a stored file inline, as the type it was recorded with, named `stem` plus the
/// extension of that type; private to the caller, never cached.
pub async fn serve_file(
    state: &AppState,
    sha256: &str,
    stem: &str,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let content_type = lode_db::blobs::content_type(&state.db, sha256)
        .await?
        .unwrap_or_else(|| "application/octet-stream".into());
    let ext = match content_type.as_str() {
        "application/pdf" => "pdf",
        lode_db::blobs::DOCX => "docx",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/tiff" => "tif",
        _ => "bin",
    };
    let bytes = state.blobs.get(sha256).await?.ok_or(AppError::NotFound)?;
    // a PDF may be previewed inside lode's own pages
    let framing = if content_type == "application/pdf" {
        "SAMEORIGIN"
    } else {
        "DENY"
    };
    Ok((
        [
            (header::X_FRAME_OPTIONS, framing.to_string()),
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                content_disposition("inline", &format!("{stem}.{ext}")),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// Anything under `/api/v1` that is not a route.
async fn no_route() -> ApiError {
    ApiError(AppError::NoRoute)
}

/// A JSON body. Syntax errors are 400, wrong types and unknown fields 422 naming the field,
/// a missing content type 415; all as problem+json.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(e)) => {
                let text = e.body_text();
                Err(
                    AppError::Unprocessable(text.clone(), crate::error::data_error_field(&text))
                        .into(),
                )
            }
            Err(JsonRejection::JsonSyntaxError(e)) => {
                Err(AppError::BadRequest(e.body_text()).into())
            }
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType(
                "send the body as application/json".into(),
            )
            .into()),
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge.into()),
            Err(e) => Err(AppError::BadRequest(e.body_text()).into()),
        }
    }
}

/// Query parameters; malformed ones are a 400 problem.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(AppError::BadRequest(e.body_text()).into()),
        }
    }
}

/// Two numeric ids in the path (a document and one of its parts); anything else is a 404.
pub struct ApiIds(pub i64, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiIds {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<(i64, i64)>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path((a, b))) => Ok(ApiIds(a, b)),
            Err(_) => Err(AppError::NotFound.into()),
        }
    }
}

/// A numeric id in the path; anything else is a 404 problem (no such resource).
pub struct ApiId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<i64>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(ApiId(id)),
            Err(_) => Err(AppError::NotFound.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_files_name_reaches_every_client() {
        assert_eq!(
            super::content_disposition("inline", "123-ĐCKS-QLKS.pdf"),
            "inline; filename=\"123-DCKS-QLKS.pdf\"; filename*=UTF-8''123-%C4%90CKS-QLKS.pdf"
        );
        assert_eq!(
            super::content_disposition("attachment", "du-thao-5-v2.pdf"),
            "attachment; filename=\"du-thao-5-v2.pdf\"; filename*=UTF-8''du-thao-5-v2.pdf"
        );
    }
}
