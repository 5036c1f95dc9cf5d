//! Work dossiers (hồ sơ công việc): open, attach documents and files, close, reopen, hand over
//! to the archive; the index as JSON (and printed, see the registers module).

use super::{ApiId, ApiJson, ApiQuery};
use crate::dossiers::{
    self, DossierRecord, DossierStepInput, DossierView, Filter, NewDossier, NewItem,
};
use crate::incoming::TimelineEntry;
use axum::Json;
use axum::http::StatusCode;
use axum::response::Response;
use lode_core::authz::Action;
use lode_db::Page;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{ApiResult, AppError};

/// The dossiers the caller may know of: their own, their unit's, those of the units they lead,
/// and for the body's clerks and leaders all of the body's.
#[utoipa::path(get, path = "/api/v1/dossiers", tag = "dossiers", params(Filter),
    responses((status = 200, body = Page<DossierView>)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(filter): ApiQuery<Filter>,
) -> ApiResult<Json<Page<DossierView>>> {
    caller.require(Action::UseInternal)?;
    Ok(Json(
        dossiers::list(&state.db, &caller.actor, &filter).await?,
    ))
}

fn view_of(caller: &Caller, rec: &DossierRecord) -> Result<Json<DossierView>, AppError> {
    rec.view(&caller.actor).map(Json).ok_or(AppError::NotFound)
}

/// Opens a dossier in the caller's unit.
#[utoipa::path(post, path = "/api/v1/dossiers", tag = "dossiers", request_body = NewDossier,
    responses((status = 201, body = DossierView)))]
pub async fn open(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<NewDossier>,
) -> ApiResult<(StatusCode, Json<DossierView>)> {
    let rec = dossiers::open(&state.db, &caller.ctx(), &caller.actor, &input).await?;
    Ok((StatusCode::CREATED, view_of(&caller, &rec)?))
}

/// Loads a dossier the caller may know of (404 otherwise).
pub async fn visible(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
) -> Result<DossierRecord, AppError> {
    let rec = dossiers::get(&state.db, id).await?;
    caller.require(Action::SeeDossier(&rec.scope()))?;
    Ok(rec)
}

/// Loads a dossier the caller may read: its index and files.
pub async fn readable(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
) -> Result<DossierRecord, AppError> {
    let rec = visible(state, caller, id).await?;
    caller.require(Action::ReadDossier(&rec.scope()))?;
    Ok(rec)
}

#[utoipa::path(get, path = "/api/v1/dossiers/{id}", tag = "dossiers",
    params(("id" = i64, Path, description = "dossier id")), responses((status = 200, body = DossierView)))]
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<DossierView>> {
    let rec = visible(&state, &caller, id).await?;
    Ok(view_of(&caller, &rec)?)
}

#[utoipa::path(get, path = "/api/v1/dossiers/{id}/timeline", tag = "dossiers",
    params(("id" = i64, Path, description = "dossier id")), responses((status = 200, body = Vec<TimelineEntry>)))]
pub async fn timeline(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<TimelineEntry>>> {
    readable(&state, &caller, id).await?;
    Ok(Json(dossiers::timeline(&state.db, id).await?))
}

/// Serves an entry's own file (entries of kind `file`) to a caller who may read the dossier.
pub async fn item_file(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    item_id: i64,
) -> Result<Response, AppError> {
    let rec = readable(state, caller, id).await?;
    let item = rec
        .items
        .iter()
        .find(|i| i.id == item_id)
        .ok_or(AppError::NotFound)?;
    let sha = item.file_sha256.as_deref().ok_or(AppError::NotFound)?;
    // named as it was when put in the dossier
    let numbered = format!("ho-so-{id}-{}", item.ordinal);
    let stem = lode_web::files::stem_of(item.file_name.as_deref(), &numbered);
    super::serve_file(state, sha, stem).await
}

/// The file of an entry of kind `file`.
#[utoipa::path(get, path = "/api/v1/dossiers/{id}/items/{item}/file", tag = "dossiers",
    params(("id" = i64, Path, description = "dossier id"), ("item" = i64, Path, description = "entry id")),
    responses((status = 200, content_type = "application/pdf")))]
pub async fn file(
    axum::extract::State(state): State,
    caller: Caller,
    super::ApiIds(id, item): super::ApiIds,
) -> ApiResult<Response> {
    Ok(item_file(&state, &caller, id, item).await?)
}

document_step!(
    attach,
    "dossiers",
    "/api/v1/dossiers/{id}/items",
    NewItem,
    dossiers::attach,
    DossierView,
    "Puts an incoming or outgoing document the caller may read, or an uploaded file, in an open dossier."
);
document_step!(
    detach,
    "dossiers",
    "/api/v1/dossiers/{id}/detach",
    DossierStepInput,
    dossiers::detach,
    DossierView,
    "Takes the entry `item_id` out of an open dossier."
);
document_step!(
    close,
    "dossiers",
    "/api/v1/dossiers/{id}/close",
    DossierStepInput,
    dossiers::close,
    DossierView,
    "Closes the dossier (on `on`, default today); it falls due at the archive a year later."
);
document_step!(
    reopen,
    "dossiers",
    "/api/v1/dossiers/{id}/reopen",
    DossierStepInput,
    dossiers::reopen,
    DossierView,
    "Opens a closed dossier again; `text` says why."
);
document_step!(
    hand_over,
    "dossiers",
    "/api/v1/dossiers/{id}/hand-over",
    DossierStepInput,
    dossiers::hand_over,
    DossierView,
    "The body's clerk records that the archive received the closed dossier."
);
