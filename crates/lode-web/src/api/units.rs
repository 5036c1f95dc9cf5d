//! The organisation tree.

use super::{ApiId, ApiJson};
use crate::State;
use crate::auth::{Allowed, Caller, may};
use crate::error::ApiResult;
use axum::Json;
use axum::http::StatusCode;
use lode_core::authz::Action;
use lode_db::units::{self, HistoryEntry, NewUnit, Unit, UnitChange};
use serde::Deserialize;

/// Every unit, in tree order (each unit followed by its children), closed ones included.
#[utoipa::path(get, path = "/api/v1/units", tag = "organisation",
    responses((status = 200, body = Vec<Unit>), (status = 403, body = crate::error::Problem)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<Unit>>> {
    caller.require(Action::UseInternal)?;
    let all = units::all(&state.db).await?;
    Ok(Json(units::tree_order(&all).into_iter().cloned().collect()))
}

/// Creates a unit. The first unit (no parent) is the department; every other needs a parent,
/// at most four levels deep.
#[utoipa::path(post, path = "/api/v1/units", tag = "organisation", request_body = NewUnit,
    responses((status = 201, body = Unit), (status = 422, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem)))]
pub async fn create(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageUnits>,
    ApiJson(req): ApiJson<NewUnit>,
) -> ApiResult<(StatusCode, Json<Unit>)> {
    Ok((
        StatusCode::CREATED,
        Json(units::create(&state.db, &caller.ctx(), &req).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "organisation",
    params(("id" = i64, Path, description = "unit id")),
    responses((status = 200, body = Unit), (status = 404, body = crate::error::Problem)))]
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Unit>> {
    caller.require(Action::UseInternal)?;
    Ok(Json(units::get(&state.db, id).await?))
}

/// Renames a unit or changes its abbreviation, organisation id or kind. Pass the `version`
/// you read to be refused (409) if someone changed it since.
#[utoipa::path(patch, path = "/api/v1/units/{id}", tag = "organisation", request_body = UnitChange,
    params(("id" = i64, Path, description = "unit id")),
    responses((status = 200, body = Unit), (status = 409, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
pub async fn update(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageUnits>,
    ApiId(id): ApiId,
    ApiJson(req): ApiJson<UnitChange>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(
        units::update(&state.db, &caller.ctx(), id, &req).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    pub parent_id: i64,
    pub version: Option<i64>,
}

/// Moves a unit, with everything below it, under another parent.
#[utoipa::path(post, path = "/api/v1/units/{id}/move", tag = "organisation", request_body = MoveRequest,
    params(("id" = i64, Path, description = "unit id")),
    responses((status = 200, body = Unit), (status = 422, body = crate::error::Problem)))]
pub async fn move_unit(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageUnits>,
    ApiId(id): ApiId,
    ApiJson(req): ApiJson<MoveRequest>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(
        units::move_to(&state.db, &caller.ctx(), id, req.parent_id, req.version).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct VersionOnly {
    pub version: Option<i64>,
}

/// Closes a unit (refused while it has active units or people).
#[utoipa::path(post, path = "/api/v1/units/{id}/close", tag = "organisation", request_body = VersionOnly,
    params(("id" = i64, Path, description = "unit id")),
    responses((status = 200, body = Unit), (status = 409, body = crate::error::Problem)))]
pub async fn close(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageUnits>,
    ApiId(id): ApiId,
    ApiJson(req): ApiJson<VersionOnly>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(
        units::close(&state.db, &caller.ctx(), id, req.version).await?,
    ))
}

/// Reopens a closed unit.
#[utoipa::path(post, path = "/api/v1/units/{id}/reopen", tag = "organisation", request_body = VersionOnly,
    params(("id" = i64, Path, description = "unit id")),
    responses((status = 200, body = Unit), (status = 409, body = crate::error::Problem)))]
pub async fn reopen(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageUnits>,
    ApiId(id): ApiId,
    ApiJson(req): ApiJson<VersionOnly>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(
        units::reopen(&state.db, &caller.ctx(), id, req.version).await?,
    ))
}

/// Every change in a unit's life, oldest first.
#[utoipa::path(get, path = "/api/v1/units/{id}/history", tag = "organisation",
    params(("id" = i64, Path, description = "unit id")),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = crate::error::Problem)))]
pub async fn history(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<HistoryEntry>>> {
    caller.require(Action::UseInternal)?;
    units::get(&state.db, id).await?;
    Ok(Json(units::history(&state.db, id).await?))
}
