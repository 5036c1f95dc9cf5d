//! The register of mineral licences under `/api/v1/cadastre/licences`: the register listed
//! (today or on any day), a licence with its history, a licence granted and an event recorded
//! by the licence officers.

use crate::checks::{Against, Findings};
use crate::licence::{AreaInput, EventInput, LicenceInput};
use crate::register::{self, Filter, Licence, Line, WithHistory};
use axum::Json;
use axum::http::StatusCode;
use lode_web::AppState;
use lode_web::State;
use lode_web::api::{ApiId, ApiJson, ApiQuery};
use lode_web::auth::{Caller, MaybeCaller};
use lode_web::error::ApiResult;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn api() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(list, grant))
        .routes(routes!(show))
        .routes(routes!(record))
        .routes(routes!(check))
}

/// What an area is checked with.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaCheck {
    pub area: AreaInput,
}

/// An area checked: its hectares and what it overlaps.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Checked {
    pub area_ha: f64,
    pub findings: Findings,
}

/// Checks an area (corner points on a VN-2000 plane) against the licences in force, the
/// zones where mining is banned or restricted and, for the agency's staff, the applications
/// still pending: each overlap with the area shared in hectares. Open to all; every wrong
/// corner point named.
#[utoipa::path(post, path = "/api/v1/cadastre/overlaps", tag = "cadastre", request_body = AreaCheck,
    responses((status = 200, body = Checked), (status = 422)))]
pub async fn check(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    ApiJson(input): ApiJson<AreaCheck>,
) -> ApiResult<Json<Checked>> {
    let area = checked_area(&input.area)?;
    let staff = caller.as_ref().is_some_and(|c| c.actor.is_staff());
    Ok(Json(Checked {
        area_ha: area.area_ha,
        findings: seen_by(
            staff,
            crate::checks::check(&state.db, &area, Against::AllPending).await?,
        ),
    }))
}

/// What a check found as its reader may see it: others' pending applications are the staff's
/// to see, not the public's.
pub fn seen_by(staff: bool, mut f: Findings) -> Findings {
    if !staff {
        f.applications.clear();
    }
    f
}

/// An area to check: as a licence's, but its legal area is its own.
pub fn checked_area(input: &AreaInput) -> Result<crate::licence::Area, lode_web::error::AppError> {
    let input = AreaInput {
        legal_area_ha: 1.0,
        ..input.clone()
    };
    input.parse().map_err(lode_web::error::AppError::Invalid)
}

/// The register: each licence as it stands today, or as it stood on the day `on` names (its
/// last event on or before it). Open to all for the licences in force; staff see every one.
#[utoipa::path(get, path = "/api/v1/cadastre/licences", tag = "cadastre", params(Filter),
    responses((status = 200, body = Vec<Line>), (status = 422)))]
pub async fn list(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    ApiQuery(f): ApiQuery<Filter>,
) -> ApiResult<Json<Vec<Line>>> {
    Ok(Json(
        register::list(&state.db, caller.as_ref().map(|c| &c.actor), &f).await?,
    ))
}

/// Grants a licence (its number, holder, minerals, area as corner points on its VN-2000
/// plane, validity): the licence officers. Every wrong field and corner point is named.
#[utoipa::path(post, path = "/api/v1/cadastre/licences", tag = "cadastre", request_body = LicenceInput,
    responses((status = 201, body = Licence), (status = 401), (status = 403), (status = 422)))]
pub async fn grant(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<LicenceInput>,
) -> ApiResult<(StatusCode, Json<Licence>)> {
    let l = register::grant(&state.db, &caller.ctx(), &caller.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(l)))
}

/// A licence with its history, each event with the licence as it left it.
#[utoipa::path(get, path = "/api/v1/cadastre/licences/{id}", tag = "cadastre",
    params(("id" = i64, Path, description = "licence id")),
    responses((status = 200, body = WithHistory), (status = 404)))]
pub async fn show(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    ApiId(id): ApiId,
) -> ApiResult<Json<WithHistory>> {
    Ok(Json(
        register::get(&state.db, caller.as_ref().map(|c| &c.actor), id).await?,
    ))
}

/// Records what happened to a licence (extension, adjustment, transfer, partial return,
/// return, revocation, termination, mine closure): the licence officers.
#[utoipa::path(post, path = "/api/v1/cadastre/licences/{id}/events", tag = "cadastre",
    request_body = EventInput,
    params(("id" = i64, Path, description = "licence id")),
    responses((status = 200, body = WithHistory), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn record(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<EventInput>,
) -> ApiResult<Json<WithHistory>> {
    Ok(Json(
        register::record(&state.db, &caller.ctx(), &caller.actor, id, &input).await?,
    ))
}
