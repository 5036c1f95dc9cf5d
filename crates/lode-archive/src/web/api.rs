//! The archive under `/api/v1/archive`: the catalogue searched (open to all, as each record's
//! access level allows), a record, and for the archive's staff records added and edited, with
//! their versions.

use crate::catalogue::{self, Record, Version};
use crate::domain::EntryInput;
use crate::search::{self, Filter, Results};
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

/// Every route of the archive's API, each with its documentation.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(find, create))
        .routes(routes!(show, update))
        .routes(routes!(versions))
}

/// Searches the catalogue: words of any field or of any page's text (without regard to
/// diacritics or case; phrases in double quotes) within the filters, records ranked, each
/// with the pages where the words are and a snippet. Open to all; a restricted record is
/// found by its entry only, a secret one only by staff cleared for it.
#[utoipa::path(get, path = "/api/v1/archive/records", tag = "archive", params(Filter),
    responses((status = 200, body = Results), (status = 400), (status = 422)))]
pub async fn find(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    ApiQuery(f): ApiQuery<Filter>,
) -> ApiResult<Json<Results>> {
    let checked = f.check()?;
    let reader = super::reader(caller.as_ref());
    Ok(Json(search::search(&state.db, reader, &checked).await?))
}

/// A record of the catalogue, as the caller may see it.
#[utoipa::path(get, path = "/api/v1/archive/records/{id}", tag = "archive",
    params(("id" = i64, Path, description = "record id")),
    responses((status = 200, body = Record), (status = 404)))]
pub async fn show(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Record>> {
    let reader = super::reader(caller.as_ref());
    Ok(Json(catalogue::visible(&state.db, reader, id).await?))
}

/// Adds a record to the catalogue: the archive's staff.
#[utoipa::path(post, path = "/api/v1/archive/records", tag = "archive", request_body = EntryInput,
    responses((status = 201, body = Record), (status = 401), (status = 403), (status = 422)))]
pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<EntryInput>,
) -> ApiResult<(StatusCode, Json<Record>)> {
    let reader = super::reader(Some(&caller));
    let rec = catalogue::create(&state.db, &caller.ctx(), reader, &input, crate::today()).await?;
    Ok((StatusCode::CREATED, Json(rec)))
}

/// Edits a record: the whole entry, with the version read (a change since is a conflict).
#[utoipa::path(put, path = "/api/v1/archive/records/{id}", tag = "archive", request_body = EntryInput,
    params(("id" = i64, Path, description = "record id")),
    responses((status = 200, body = Record), (status = 401), (status = 403), (status = 404),
        (status = 409), (status = 422)))]
pub async fn update(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<EntryInput>,
) -> ApiResult<Json<Record>> {
    let reader = super::reader(Some(&caller));
    Ok(Json(
        catalogue::update(&state.db, &caller.ctx(), reader, id, &input, crate::today()).await?,
    ))
}

/// A record's versions, newest first, each with what it changed: the archive's staff.
#[utoipa::path(get, path = "/api/v1/archive/records/{id}/versions", tag = "archive",
    params(("id" = i64, Path, description = "record id")),
    responses((status = 200, body = Vec<Version>), (status = 401), (status = 403), (status = 404)))]
pub async fn versions(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<Version>>> {
    let reader = super::reader(Some(&caller));
    Ok(Json(catalogue::versions(&state.db, reader, id).await?))
}
