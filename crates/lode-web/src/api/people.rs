//! People: the directory (scoped to what the caller may see) and account administration.

use super::{ApiId, ApiJson, ApiQuery};
use crate::State;
use crate::auth::Caller;
use crate::error::{ApiResult, AppError};
use crate::pages::people::{accept_signature_image, store_signature, visible_person};
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lode_core::authz::{Action, people_scope};
use lode_db::Page;
use lode_db::accounts::{self, Account, Filter, NewExternal, NewStaff, PersonChange};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `staff` (default), `business` or `citizen` (the last two: administrators only).
    pub kind: Option<String>,
    /// People of this unit and the units below it.
    pub unit_id: Option<i64>,
    /// One of the roles, e.g. `clerk`.
    pub role: Option<String>,
    /// Part of a name or username; diacritics and case are ignored.
    pub q: Option<String>,
    pub active: Option<bool>,
    /// The `next` of the previous page.
    pub after: Option<i64>,
    /// 1 to 200, default 50.
    pub limit: Option<i64>,
}

/// The people the caller may see: administrators, agency leaders and clerks see everybody,
/// others their own unit and the units below it.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(ListParams),
    responses((status = 200, body = Page<Account>), (status = 403, body = crate::error::Problem)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Account>>> {
    caller.require(Action::UseInternal)?;
    if p.kind.as_deref().is_some_and(|k| k != "staff") {
        caller.require(Action::ManagePeople)?;
    }
    let filter = Filter {
        kind: p.kind,
        unit_id: p.unit_id,
        role: p.role,
        q: p.q,
        active: p.active,
        after: p.after,
        limit: p.limit,
    };
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
    caller: Caller,
    ApiJson(req): ApiJson<NewStaff>,
) -> ApiResult<(StatusCode, Json<Account>)> {
    caller.require(Action::ManagePeople)?;
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
    caller: Caller,
    ApiJson(req): ApiJson<NewExternal>,
) -> ApiResult<(StatusCode, Json<Account>)> {
    caller.require(Action::ManagePeople)?;
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
    caller: Caller,
    ApiId(id): ApiId,
    ApiJson(req): ApiJson<PersonChange>,
) -> ApiResult<Json<Account>> {
    caller.require(Action::ManagePeople)?;
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
    caller: Caller,
    ApiId(id): ApiId,
    ApiJson(req): ApiJson<PasswordReset>,
) -> ApiResult<StatusCode> {
    caller.require(Action::ManagePeople)?;
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
    let person = visible_person(&state, &caller, id).await?;
    let sha = person.signature_sha256.ok_or(AppError::NotFound)?;
    let bytes = state.blobs.get(&sha).await?.ok_or(AppError::NotFound)?;
    let ct = lode_db::blobs::content_type(&state.db, &sha)
        .await?
        .unwrap_or_else(|| "application/octet-stream".into());
    Ok(([(header::CONTENT_TYPE, ct)], bytes).into_response())
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
    body: axum::body::Bytes,
) -> ApiResult<Json<Account>> {
    let person = visible_person(&state, &caller, id).await?;
    if person.id != caller.account.id {
        caller.require(Action::ManagePeople)?;
    }
    let (data, ct) = accept_signature_image(body)?;
    Ok(Json(store_signature(&state, &caller, id, data, ct).await?))
}
