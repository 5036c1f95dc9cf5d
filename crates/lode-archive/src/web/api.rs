//! The archive under `/api/v1/archive`: the catalogue searched (open to all, as each record's
//! access level allows), a record, and for the archive's staff records added and edited, with
//! their versions.

use crate::catalogue::{self, Record, Version};
use crate::digitise::{self, Page, ScanFile};
use crate::domain::EntryInput;
use crate::search::{self, Filter, Results};
use crate::transfer::{self, ImportReport};
use axum::Json;
use axum::http::StatusCode;
use lode_services::web::Shown;
use lode_web::AppState;
use lode_web::State;
use lode_web::api::{ApiId, ApiJson, ApiQuery};
use lode_web::auth::{Caller, MaybeCaller};
use lode_web::error::ApiResult;
use std::sync::Arc;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// Every route of the archive's API, each with its documentation.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(find, create))
        .routes(routes!(show, update))
        .routes(routes!(versions))
        .routes(
            routes!(add_file, files).layer(axum::extract::DefaultBodyLimit::max(
                digitise::SCAN_MAX_BYTES,
            )),
        )
        .routes(routes!(file_copy))
        .routes(routes!(page, correct_page))
        .routes(routes!(page_image))
        .routes(routes!(import).layer(axum::extract::DefaultBodyLimit::max(
            transfer::IMPORT_MAX_BYTES,
        )))
        .routes(routes!(export))
        .routes(routes!(my_request))
        .routes(routes!(add_item))
        .routes(routes!(remove_item))
        .routes(routes!(submit_request))
        .routes(routes!(figures))
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

/// Checks uploaded scan bytes: a PDF (with the shell's checks), a TIFF or a JPEG, not empty and
/// not too large. Its media type.
pub fn accept_scan(field: &str, data: &[u8]) -> Result<&'static str, lode_web::error::AppError> {
    use lode_web::error::AppError;
    if data.len() > digitise::SCAN_MAX_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    match digitise::scan_type(data) {
        Some("application/pdf") => {
            lode_web::files::accept_pdf(field, data)?;
            Ok("application/pdf")
        }
        Some(t) => Ok(t),
        None => Err(AppError::UnsupportedMediaType(format!(
            "{field}: a scan is a PDF, TIFF or JPEG file"
        ))),
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// The file's name, as it is to be listed.
    pub name: Option<String>,
}

/// Adds a scan (PDF, TIFF or JPEG, the body as it is) to a record and queues the reading of
/// its pages: the archive's staff.
#[utoipa::path(post, path = "/api/v1/archive/records/{id}/files", tag = "archive", params(("id" = i64, Path, description = "record id"), FileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = ScanFile), (status = 401), (status = 403), (status = 404),
        (status = 413), (status = 415)))]
pub async fn add_file(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    ApiQuery(q): ApiQuery<FileQuery>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<ScanFile>)> {
    let reader = super::reader(Some(&caller));
    if !reader.keeps_archive() {
        return Err(lode_web::error::AppError::Forbidden.into());
    }
    catalogue::visible(&state.db, reader, id).await?;
    let media = accept_scan("file", &body)?;
    let name = lode_web::files::sanitise_name(q.name.as_deref().unwrap_or("scan"));
    let sha = lode_web::files::store_file(&state, body, media, Some(caller.account.id)).await?;
    let f = digitise::add_file(&state.db, &caller.ctx(), reader, id, &sha, &name, media).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// A record's scans, each with its pages counted and read: to readers of its content.
#[utoipa::path(get, path = "/api/v1/archive/records/{id}/files", tag = "archive",
    params(("id" = i64, Path, description = "record id")),
    responses((status = 200, body = Vec<ScanFile>), (status = 403), (status = 404)))]
pub async fn files(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<ScanFile>>> {
    let reader = super::reader(caller.as_ref());
    let rec = catalogue::visible(&state.db, reader, id).await?;
    if !reader.reads_content(rec.entry.access) {
        return Err(lode_web::error::AppError::Forbidden.into());
    }
    Ok(Json(digitise::files_of(&state.db, id).await?))
}

/// A scan of a record as uploaded (`original`) or its searchable copy, PDF/A-2b with the
/// text of every page (`searchable`): the archive's staff.
#[utoipa::path(get, path = "/api/v1/archive/records/{id}/files/{file}/{copy}", tag = "archive",
    params(("id" = i64, Path, description = "record id"), ("file" = i64, Path, description = "file id"),
        ("copy" = String, Path, description = "`original` or `searchable`")),
    responses((status = 200, description = "the file", content_type = "application/pdf"), (status = 401), (status = 403), (status = 404)))]
pub async fn file_copy(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path((id, file, copy)): axum::extract::Path<(String, String, String)>,
) -> Result<axum::response::Response, lode_web::error::ApiError> {
    let searchable = match copy.as_str() {
        "original" => false,
        "searchable" => true,
        _ => return Err(lode_web::error::AppError::NotFound.into()),
    };
    let (Ok(id), Ok(file)) = (id.parse::<i64>(), file.parse::<i64>()) else {
        return Err(lode_web::error::AppError::NotFound.into());
    };
    let reader = super::reader(Some(&caller));
    let (sha, stem) = digitise::file_copy(&state.db, reader, id, file, searchable).await?;
    Ok(lode_web::api::serve_file(&state, &sha, &stem).await?)
}

/// What a page is asked for with.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct PageFinding {
    /// Words looked for: where they lie on the page's image comes back in `found`.
    pub q: Option<String>,
}

/// A page of a record (its number within the record, from 1): its text, as corrected or as
/// read, and where the words looked for lie on its image. To readers of its content.
#[utoipa::path(get, path = "/api/v1/archive/records/{id}/pages/{seq}", tag = "archive",
    params(("id" = i64, Path, description = "record id"), ("seq" = i64, Path, description = "page number"), PageFinding),
    responses((status = 200, body = Page), (status = 403), (status = 404)))]
pub async fn page(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    lode_web::api::ApiIds(id, seq): lode_web::api::ApiIds,
    ApiQuery(q): ApiQuery<PageFinding>,
) -> ApiResult<Json<Page>> {
    let reader = super::reader(caller.as_ref());
    let page = digitise::page(&state.db, reader, id, seq).await?;
    Ok(Json(page.finding(q.q.as_deref().unwrap_or(""))))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub text: String,
}

/// Corrects a page's text: the archive's staff. Search reads the correction from then on.
#[utoipa::path(put, path = "/api/v1/archive/records/{id}/pages/{seq}", tag = "archive", request_body = Correction,
    params(("id" = i64, Path, description = "record id"), ("seq" = i64, Path, description = "page number")),
    responses((status = 200, body = Page), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn correct_page(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiIds(id, seq): lode_web::api::ApiIds,
    ApiJson(input): ApiJson<Correction>,
) -> ApiResult<Json<Page>> {
    let reader = super::reader(Some(&caller));
    Ok(Json(
        digitise::correct(&state.db, &caller.ctx(), reader, id, seq, &input.text).await?,
    ))
}

/// A page's image, for the viewer (PNG, or the JPEG scanned): to readers of its content.
#[utoipa::path(get, path = "/api/v1/archive/records/{id}/pages/{seq}/image", tag = "archive",
    params(("id" = i64, Path, description = "record id"), ("seq" = i64, Path, description = "page number")),
    responses((status = 200, description = "the page's image", content_type = "image/png"), (status = 403), (status = 404)))]
pub async fn page_image(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    lode_web::api::ApiIds(id, seq): lode_web::api::ApiIds,
) -> Result<axum::response::Response, lode_web::error::ApiError> {
    let reader = super::reader(caller.as_ref());
    Ok(image_response(&state, reader, id, seq).await?)
}

/// A page's image as an answer, private and never cached.
pub async fn image_response(
    state: &AppState,
    reader: crate::domain::Reader,
    id: i64,
    seq: i64,
) -> Result<axum::response::Response, lode_web::error::AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    // what the store refuses (not found, not for this reader) is told as such
    digitise::page(&state.db, reader, id, seq).await?;
    let (bytes, media) = digitise::page_image_for(&state.db, &state.blobs, reader, id, seq)
        .await
        .map_err(lode_web::error::AppError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, media.to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::X_FRAME_OPTIONS, "DENY".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true`: report what would be imported and refused, import nothing.
    pub dry_run: Option<bool>,
}

/// Imports a legacy catalogue (CSV in UTF-8, or an XLSX workbook's first sheet; a header
/// naming the columns by field or by their Vietnamese labels): every row checked, the good ones taken in one transaction, the refused
/// ones reported with their line and each field's error. The archive's staff.
#[utoipa::path(post, path = "/api/v1/archive/import", tag = "archive", params(ImportQuery),
    request_body(content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 200, body = ImportReport), (status = 401), (status = 403), (status = 413),
        (status = 422)))]
pub async fn import(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: axum::body::Bytes,
) -> ApiResult<Json<ImportReport>> {
    let reader = super::reader(Some(&caller));
    // the archive's staff only, before anything of the upload is read
    if !reader.keeps_archive() {
        return Err(lode_web::error::AppError::Forbidden.into());
    }
    let rows = transfer::read_upload(body)
        .await
        .map_err(lode_web::error::AppError::Invalid)?;
    Ok(Json(
        transfer::import(
            &state.db,
            &caller.ctx(),
            reader,
            rows,
            q.dry_run.unwrap_or(false),
        )
        .await?,
    ))
}

/// The catalogue as CSV (the columns an import takes), as far as the caller sees it.
#[utoipa::path(get, path = "/api/v1/archive/export.csv", tag = "archive",
    responses((status = 200, description = "the catalogue", content_type = "text/csv")))]
pub async fn export(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
) -> Result<axum::response::Response, lode_web::error::ApiError> {
    let reader = super::reader(caller.as_ref());
    Ok(csv_response(transfer::export(
        &transfer::all_for(&state.db, reader).await?,
        transfer::Written::Codes,
    )))
}

/// A CSV file as an answer, to be saved.
pub fn csv_response(csv: String) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"muc-luc-luu-tru.csv\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        csv,
    )
        .into_response()
}

/// The applicant's open request, with the fee it would cost.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RequestView {
    #[serde(flatten)]
    pub request: crate::requests::Request,
    #[schema(value_type = Option<Object>)]
    pub fee: Option<lode_core::fees::Estimate>,
}

async fn request_view(
    state: &AppState,
    caller: &Caller,
) -> Result<RequestView, lode_web::error::AppError> {
    let request = crate::requests::open(&state.db, &caller.actor).await?;
    let fee = crate::requests::fee(&state.db, &caller.actor, request.kind).await?;
    Ok(RequestView { request, fee })
}

/// The applicant's open request: its records and the fee.
#[utoipa::path(get, path = "/api/v1/archive/request", tag = "archive",
    responses((status = 200, body = RequestView), (status = 401), (status = 403)))]
pub async fn my_request(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<RequestView>> {
    Ok(Json(request_view(&state, &caller).await?))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    pub record_id: i64,
}

/// Puts a record into the applicant's open request (not a state-secret one).
#[utoipa::path(post, path = "/api/v1/archive/request/items", tag = "archive", request_body = ItemInput,
    responses((status = 200, body = RequestView), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn add_item(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<ItemInput>,
) -> ApiResult<Json<RequestView>> {
    crate::requests::add(&state.db, &caller.actor, input.record_id).await?;
    Ok(Json(request_view(&state, &caller).await?))
}

/// Takes a record out of the applicant's open request.
#[utoipa::path(delete, path = "/api/v1/archive/request/items/{id}", tag = "archive",
    params(("id" = i64, Path, description = "record id")),
    responses((status = 200, body = RequestView), (status = 401), (status = 403)))]
pub async fn remove_item(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<RequestView>> {
    crate::requests::remove(&state.db, &caller.actor, id).await?;
    Ok(Json(request_view(&state, &caller).await?))
}

/// Files the open request as a dossier of the procedure for geological documents: the dossier,
/// with its code, promised date and fee.
#[utoipa::path(post, path = "/api/v1/archive/request/submit", tag = "archive",
    request_body = crate::requests::Details,
    responses((status = 201, body = lode_services::applications::Application), (status = 401),
        (status = 403), (status = 422)))]
pub async fn submit_request(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(details): ApiJson<crate::requests::Details>,
) -> ApiResult<(StatusCode, Json<lode_services::applications::Application>)> {
    let a = crate::requests::submit(
        &state.db,
        &state.blobs,
        &caller.ctx(),
        &caller.actor,
        &details,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(a.shown(caller.lang))))
}

/// The archive's figures: records by kind and decade, how much is digitised, requests served
/// and pages delivered month by month. Staff.
#[utoipa::path(get, path = "/api/v1/archive/figures", tag = "archive",
    responses((status = 200, body = crate::figures::Figures), (status = 401), (status = 403)))]
pub async fn figures(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<crate::figures::Figures>> {
    if !caller.actor.is_staff() {
        return Err(lode_web::error::AppError::Forbidden.into());
    }
    Ok(Json(
        crate::figures::figures(&state.db, super::reader(Some(&caller))).await?,
    ))
}
