//! People: the directory (scoped to what the caller may see) and account administration.

use super::{ApiId, ApiJson, ApiQuery};
use crate::State;
use crate::auth::{Allowed, Caller, may};
use crate::error::ApiResult;
use crate::pages::people::{
    accept_signature_image, signature_response, store_signature, visible_person,
};
use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use lode_core::authz::{Action, people_scope};
use lode_db::Page;
use lode_db::accounts::{self, Account, Filter, NewExternal, NewStaff, PersonChange};
use serde::Deserialize;

/// The people the caller may see: administrators, agency leaders and clerks see everybody,
/// others their own unit and the units below it.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(Filter),
    responses((status = 200, body = Page<Account>), (status = 403, body = crate::error::Problem)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(filter): ApiQuery<Filter>,
) -> ApiResult<Json<Page<Account>>> {
    caller.require(Action::UseInternal)?;
    if filter.kind.as_deref().is_some_and(|k| k != "staff") {
        caller.require(Action::ManagePeople)?;
    }
    Ok(Json(
        accounts::list(&state.db, &people_scope(&caller.actor), &filter).await?,
    ))
}

/// Creates a staff account.
#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = NewStaff,
    responses((status = 201, body = Account), (status = 422, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem)))]
pub async fn create(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManagePeople>,
    ApiJson(req): ApiJson<NewStaff>,
) -> ApiResult<(StatusCode, Json<Account>)> {
    Ok((
        StatusCode::CREATED,
        Json(accounts::create_staff(&state.db, &caller.ctx(), &req).await?),
    ))
}

/// Creates a business or citizen account.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "people", request_body = NewExternal,
    responses((status = 201, body = Account), (status = 422, body = crate::error::Problem)))]
pub async fn create_external(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManagePeople>,
    ApiJson(req): ApiJson<NewExternal>,
) -> ApiResult<(StatusCode, Json<Account>)> {
    Ok((
        StatusCode::CREATED,
        Json(accounts::create_external(&state.db, &caller.ctx(), &req).await?),
    ))
}

/// One person's record (404 when outside what the caller may see).
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people",
    params(("id" = i64, Path, description = "account id")),
    responses((status = 200, body = Account), (status = 404, body = crate::error::Problem)))]
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Account>> {
    Ok(Json(visible_person(&state, &caller, id).await?))
}

/// Changes a staff member's record: name, contact, position, unit, roles, clearance, active.
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", request_body = PersonChange,
    params(("id" = i64, Path, description = "account id")),
    responses((status = 200, body = Account), (status = 409, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
pub async fn update(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManagePeople>,
    ApiId(id): ApiId,
    ApiJson(req): ApiJson<PersonChange>,
) -> ApiResult<Json<Account>> {
    Ok(Json(
        accounts::update_person(&state.db, &caller.ctx(), id, &req).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub password: String,
}

/// Sets a new password; the person must change it at next login.
#[utoipa::path(post, path = "/api/v1/people/{id}/password", tag = "people", request_body = PasswordReset,
    params(("id" = i64, Path, description = "account id")),
    responses((status = 204), (status = 422, body = crate::error::Problem)))]
pub async fn reset_password(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManagePeople>,
    ApiId(id): ApiId,
    ApiJson(req): ApiJson<PasswordReset>,
) -> ApiResult<StatusCode> {
    accounts::reset_password(&state.db, &caller.ctx(), id, &req.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The person's signature image (PNG or JPEG), as used on signed documents.
#[utoipa::path(get, path = "/api/v1/people/{id}/signature", tag = "people",
    params(("id" = i64, Path, description = "account id")),
    responses((status = 200, content_type = "image/png"), (status = 404, body = crate::error::Problem)))]
pub async fn signature(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    Ok(signature_response(&state, &caller, id).await?)
}

/// Uploads the person's signature image: the body is the PNG or JPEG itself (at most 1 MiB).
/// The person themself or an administrator.
#[utoipa::path(put, path = "/api/v1/people/{id}/signature", tag = "people",
    params(("id" = i64, Path, description = "account id")),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 200, body = Account), (status = 413, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
pub async fn put_signature(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    _headers: HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<Account>> {
    let body = body.map_err(|_| crate::error::AppError::PayloadTooLarge)?;
    let person = visible_person(&state, &caller, id).await?;
    if person.id != caller.account.id {
        caller.require(Action::ManagePeople)?;
    }
    let (data, ct) = accept_signature_image(body)?;
    Ok(Json(store_signature(&state, &caller, id, data, ct).await?))
}
