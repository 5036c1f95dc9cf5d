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

/// What an area is checked with: its corner points on a VN-2000 plane, or a polygon drawn on
/// the map (its corners in WGS84 longitude and latitude, carried onto the 3° plane whose
/// meridian lies nearest).
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaCheck {
    #[serde(default)]
    pub area: Option<AreaInput>,
    /// `[[longitude, latitude], …]`, at least three corners.
    #[serde(default)]
    pub polygon: Option<Vec<[f64; 2]>>,
}

/// The area a check is asked about, read and checked.
fn area_of(input: &AreaCheck) -> Result<crate::licence::Area, lode_web::error::AppError> {
    use lode_web::error::AppError;
    match (&input.area, &input.polygon) {
        (Some(a), None) => checked_area(a),
        (None, Some(corners)) => {
            let bad = |code: &'static str, m: &str| {
                AppError::Invalid(lode_core::validation::FieldErrors::single(
                    "polygon", code, m,
                ))
            };
            if corners.len() < 3 || corners.len() > crate::points::POINTS_MAX {
                return Err(bad("ring_too_few_points", "three to a few hundred corners"));
            }
            if corners
                .iter()
                .any(|[lon, lat]| !(101.0..=118.0).contains(lon) || !(6.0..=24.0).contains(lat))
            {
                return Err(bad(
                    "lon_range",
                    "corners in Vietnam, longitude then latitude",
                ));
            }
            let lon = corners.iter().map(|c| c[0]).sum::<f64>() / corners.len() as f64;
            let meridian = crate::geodesy::meridians()
                .min_by(|a, b| (a - lon).abs().total_cmp(&(b - lon).abs()))
                .unwrap_or(105.0);
            let plane = crate::geodesy::Projection {
                meridian,
                zone: crate::geodesy::Zone::Three,
            };
            let text: String = corners
                .iter()
                .enumerate()
                .map(|(i, [lon, lat])| {
                    let p = plane.from_wgs84(crate::geodesy::LonLat {
                        lon: *lon,
                        lat: *lat,
                    });
                    format!("{} {:.3} {:.3}\n", i + 1, p.x, p.y)
                })
                .collect();
            checked_area(&AreaInput {
                meridian,
                zone: None,
                rings: vec![text],
                legal_area_ha: 1.0,
            })
            .map_err(|e| match e {
                AppError::Invalid(mut f) => {
                    for x in &mut f.0 {
                        x.field = "polygon".into();
                    }
                    AppError::Invalid(f)
                }
                other => other,
            })
        }
        _ => Err(AppError::Invalid(
            lode_core::validation::FieldErrors::single(
                "area",
                "required",
                "an area's corner points, or a polygon",
            ),
        )),
    }
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
    let area = area_of(&input)?;
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
