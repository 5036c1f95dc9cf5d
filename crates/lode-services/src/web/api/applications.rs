//! Dossiers of the public services through the API: a business or a citizen drafts
//! one, fills the form, puts the documents (PDF, checked and size-limited) under the procedure's
//! keys, sees the fee with its calculation, and submits it for a dossier code and a promised
//! date; anyone follows it with its code and the telephone number given with it.

use crate::applications::{self, Application, Tracking};
use crate::web::Shown;
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use lode_core::fees::Estimate;
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::api::{ApiJson, ApiQuery};
use lode_web::auth::Caller;
use lode_web::error::{ApiResult, AppError};
use std::collections::BTreeMap;

/// Applicants only: staff handle dossiers at the desk, not as applicants.
fn applicant(caller: &Caller) -> Result<i64, AppError> {
    if caller.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok(caller.account.id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    pub procedure_code: String,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// The telephone number to follow the dossier with (default: the account's).
    pub phone: Option<String>,
}

/// Drafts a dossier of a procedure in force.
#[utoipa::path(post, path = "/api/v1/applications", tag = "services", request_body = NewApplication,
    responses((status = 201, body = Application), (status = 403), (status = 422)))]
pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<NewApplication>,
) -> ApiResult<(StatusCode, Json<Application>)> {
    applicant(&caller)?;
    let a = applications::create_draft(
        &state.db,
        &caller.ctx(),
        &caller.account,
        &input.procedure_code,
        &input.values,
        input.phone.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(a.shown(caller.lang))))
}

/// The caller's dossiers, newest first.
#[utoipa::path(get, path = "/api/v1/applications", tag = "services",
    responses((status = 200, body = Vec<Application>), (status = 403)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<Application>>> {
    let id = applicant(&caller)?;
    Ok(Json(
        (applications::list(&state.db, id).await?).shown(caller.lang),
    ))
}

/// One of the caller's dossiers.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 404)))]
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Json<Application>> {
    let me = applicant(&caller)?;
    Ok(Json(
        (applications::get(&state.db, me, id).await?).shown(caller.lang),
    ))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftChange {
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    pub phone: Option<String>,
    /// The version read; a conflict if it changed since.
    pub version: Option<i64>,
}

/// Saves a draft's form (all its values) and telephone number.
#[utoipa::path(put, path = "/api/v1/applications/{id}", tag = "services", request_body = DraftChange,
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 404), (status = 409), (status = 422)))]
pub async fn update(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    ApiJson(input): ApiJson<DraftChange>,
) -> ApiResult<Json<Application>> {
    let me = applicant(&caller)?;
    Ok(Json(
        (applications::update_draft(
            &state.db,
            &caller.ctx(),
            me,
            id,
            &input.values,
            input.phone.as_deref(),
            input.version,
        )
        .await?)
            .shown(caller.lang),
    ))
}

/// Puts a document (the body: a PDF) under one of the procedure's keys; it replaces the one
/// there.
#[utoipa::path(put, path = "/api/v1/applications/{id}/documents/{key}", tag = "services",
    params(("id" = i64, Path, description = "dossier id"), ("key" = String, Path, description = "the procedure's document key"), super::handling::DocumentQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = Application), (status = 404), (status = 409), (status = 413), (status = 415), (status = 422)))]
pub async fn put_document(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path((id, key)): axum::extract::Path<(String, String)>,
    ApiQuery(q): ApiQuery<super::handling::DocumentQuery>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<Application>> {
    let me = applicant(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    super::handling::check_pdf_body(&headers, &body)?;
    // make sure the dossier is the caller's and open before the file is kept
    let current = applications::get(&state.db, me, id).await?;
    if !current.status.editable() {
        return Err(AppError::Conflict(format!("the dossier is {}", current.status)).into());
    }
    let name = lode_web::files::sanitise_name(q.name.as_deref().unwrap_or(&format!("{key}.pdf")));
    let sha = lode_web::files::store_pdf(&state, body, Some(caller.account.id)).await?;
    Ok(Json(
        (applications::put_document(&state.db, &caller.ctx(), me, id, &key, &sha, &name).await?)
            .shown(caller.lang),
    ))
}

/// The fee the draft's values give, with its calculation.
#[utoipa::path(get, path = "/api/v1/applications/{id}/fee", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, description = "the amount in đồng and the steps of its calculation, each a message (`free`, `fixed`, `quantity`, `flat`, `rate`, `chosen`, `item`, `reserve`, `tax_price`, `factor`, `percent`, `product`; `text` for a line stored before, its argument `text`) with its arguments (`…_dong` in đồng, `…_milli` in thousandths)"), (status = 404), (status = 422)))]
pub async fn fee(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Json<Estimate>> {
    let me = applicant(&caller)?;
    Ok(Json(applications::estimate(&state.db, me, id).await?))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitInput {
    pub version: Option<i64>,
}

/// Submits the draft: complete, it gets its dossier code and the promised date.
#[utoipa::path(post, path = "/api/v1/applications/{id}/submit", tag = "services", request_body = SubmitInput,
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 404), (status = 409), (status = 422)))]
pub async fn submit(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    ApiJson(input): ApiJson<SubmitInput>,
) -> ApiResult<Json<Application>> {
    applicant(&caller)?;
    Ok(Json(
        (applications::submit(&state.db, &caller.ctx(), &caller.actor, id, input.version).await?)
            .shown(caller.lang),
    ))
}

/// The receipt and appointment slip (form 01) of a dossier the desk accepted (409 before): a
/// PDF with the QR code of its tracking page, signed by the organisation when lode keeps its
/// key.
#[utoipa::path(get, path = "/api/v1/applications/{id}/receipt", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, description = "form 01", content_type = "application/pdf"), (status = 404), (status = 409)))]
pub async fn receipt(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let me = applicant(&caller)?;
    let pdf = crate::web::slips::receipt(&state, me, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                lode_web::api::content_disposition("inline", &format!("giay-tiep-nhan-{id}.pdf")),
            ),
        ],
        pdf,
    )
        .into_response())
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrackQuery {
    pub code: String,
    /// The telephone number given with the dossier.
    pub phone: String,
}

/// Follows a dossier by its code and telephone number. Open to all; a wrong code and a wrong
/// number are answered alike.
#[utoipa::path(get, path = "/api/v1/track", tag = "services", params(TrackQuery),
    responses((status = 200, body = Tracking), (status = 404), (status = 422),
              (status = 429, description = "too many unsuccessful lookups from this client")))]
pub async fn track(
    axum::extract::State(state): State,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    ApiQuery(q): ApiQuery<TrackQuery>,
) -> ApiResult<Json<Tracking>> {
    let client = lode_web::auth::client_ip(&state, &headers, &extensions);
    if crate::web::Portal::of(&state).track_limits.blocked(&client) {
        return Err(AppError::TooManyAttempts.into());
    }
    let found = match lode_core::services::DossierCode::parse(&q.code) {
        Ok(code) => applications::track(&state.db, &code, &q.phone).await?,
        Err(e) => {
            crate::web::Portal::of(&state).track_limits.missed(&client);
            return Err(AppError::Invalid(FieldErrors::single("code", e.code, e.message)).into());
        }
    };
    match found {
        Some(t) => Ok(Json(
            (t).shown(lode_web::i18n::Lang::from_headers(&headers)),
        )),
        None => {
            crate::web::Portal::of(&state).track_limits.missed(&client);
            Err(AppError::NotFound.into())
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeskQuery {
    /// submitted (default), accepted, incomplete, refused
    pub status: Option<String>,
}

/// The dossiers at the one-stop desk. One-stop officers.
#[utoipa::path(get, path = "/api/v1/desk/applications", tag = "services", params(DeskQuery),
    responses((status = 200, body = Vec<applications::DeskItem>), (status = 403), (status = 422)))]
pub async fn desk(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(q): ApiQuery<DeskQuery>,
) -> ApiResult<Json<Vec<applications::DeskItem>>> {
    caller.require(lode_core::authz::Action::WorkTheDesk)?;
    use lode_core::services::ApplicationStatus as S;
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => Some(
            S::parse(s)
                .filter(|s| matches!(s, S::Submitted | S::Accepted | S::Incomplete | S::Refused))
                .ok_or_else(|| {
                    AppError::Invalid(FieldErrors::single(
                        "status",
                        "invalid_choice",
                        "submitted, accepted, incomplete or refused",
                    ))
                })?,
        ),
    };
    Ok(Json(applications::desk_list(&state.db, status).await?))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskInput {
    /// `accept`, `complete` (form 02: ask for what is missing, once) or `refuse` (form 03).
    pub decision: String,
    /// What is missing, or why it is refused.
    #[serde(default)]
    pub reason: String,
}

/// The desk's decision on a submitted dossier. One-stop officers.
#[utoipa::path(post, path = "/api/v1/desk/applications/{id}", tag = "services", request_body = DeskInput,
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn desk_decide(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    ApiJson(input): ApiJson<DeskInput>,
) -> ApiResult<Json<Application>> {
    use crate::handling::DeskDecision;
    let decision = DeskDecision::parse(&input.decision).map_err(AppError::Invalid)?;
    Ok(Json(
        (crate::handling::decide_at_desk(
            &state.db,
            &caller.ctx(),
            &caller.actor,
            id,
            decision,
            &input.reason,
        )
        .await?)
            .shown(caller.lang),
    ))
}
