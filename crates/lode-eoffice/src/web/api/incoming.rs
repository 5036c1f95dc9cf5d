//! Incoming documents (văn bản đến): registration, lists, the document and its file, and the
//! steps of its flow. Permissions are decided per document by `lode_core::authz`.

use super::{ApiId, ApiJson, ApiQuery};
use crate::incoming::{
    self, AssignInput, Correction, DocumentType, Filter, IncomingView, NewIncoming, RouteInput,
    StepInput, TimelineEntry,
};
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use lode_core::authz::Action;
use lode_db::Page;
use lode_web::State;
use lode_web::auth::{Allowed, Caller, may};
use lode_web::error::{ApiResult, AppError};
use lode_web::files::{accept_docx, accept_pdf, store_file};
use serde::Serialize;

/// The document types of Decree 30, Appendix III.
#[utoipa::path(get, path = "/api/v1/document-types", tag = "incoming",
    responses((status = 200, body = Vec<DocumentType>)))]
pub async fn types(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<DocumentType>>> {
    caller.require(Action::UseInternal)?;
    Ok(Json(incoming::types(&state.db).await?))
}

/// The bodies that sent documents to the caller's register, most frequent first (the choices of
/// the issuer filter). Only the register's keepers see the whole register; others get none.
#[utoipa::path(get, path = "/api/v1/issuers", tag = "incoming",
    responses((status = 200, body = Vec<String>)))]
pub async fn issuers(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<String>>> {
    caller.require(Action::UseInternal)?;
    Ok(Json(known_issuers(&state, &caller).await?))
}

pub async fn known_issuers(
    state: &lode_web::AppState,
    caller: &Caller,
) -> Result<Vec<String>, AppError> {
    let body = caller
        .actor
        .register_unit
        .as_ref()
        .filter(|_| lode_core::authz::keeps_own_register(&caller.actor))
        .and_then(|r| r.ids().last().copied());
    match body {
        Some(b) => Ok(incoming::issuers(&state.db, b, 300).await?),
        None => Ok(Vec::new()),
    }
}

/// Every document type with its settings (administrators).
#[utoipa::path(get, path = "/api/v1/admin/document-types", tag = "incoming",
    responses((status = 200, body = Vec<incoming::DocumentTypeSettings>)))]
pub async fn type_settings(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<incoming::DocumentTypeSettings>>> {
    caller.require(Action::ManageDocumentTypes)?;
    Ok(Json(incoming::type_settings_all(&state.db).await?))
}

/// Adds a document type (administrators).
#[utoipa::path(post, path = "/api/v1/admin/document-types", tag = "incoming",
    request_body = incoming::TypeInput,
    responses((status = 201, body = incoming::DocumentTypeSettings)))]
pub async fn create_type(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageDocumentTypes>,
    ApiJson(input): ApiJson<incoming::TypeInput>,
) -> ApiResult<(StatusCode, Json<incoming::DocumentTypeSettings>)> {
    let t = incoming::save_type(&state.db, &caller.ctx(), None, &input).await?;
    Ok((StatusCode::CREATED, Json(t)))
}

/// Changes a document type: name, notation code, series, review chain, active (administrators).
#[utoipa::path(put, path = "/api/v1/admin/document-types/{code}", tag = "incoming",
    params(("code" = String, Path, description = "type code, such as QĐ")),
    request_body = incoming::TypeInput,
    responses((status = 200, body = incoming::DocumentTypeSettings),
              (status = 404, body = lode_web::error::Problem, description = "No such type.")))]
pub async fn update_type(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageDocumentTypes>,
    path: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
    ApiJson(input): ApiJson<incoming::TypeInput>,
) -> ApiResult<Json<incoming::DocumentTypeSettings>> {
    let Ok(axum::extract::Path(code)) = path else {
        return Err(AppError::NotFound.into());
    };
    if input.code.as_deref().is_some_and(|c| c.trim() != code) {
        return Err(
            AppError::Invalid(lode_core::validation::FieldErrors::single(
                "code",
                "immutable",
                "a type's code does not change",
            ))
            .into(),
        );
    }
    Ok(Json(
        incoming::save_type(&state.db, &caller.ctx(), Some(&code), &input).await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StoredFile {
    pub sha256: String,
    pub size: usize,
    pub content_type: String,
}

/// Uploads a document file, at most 50 MiB: a PDF (`application/pdf`), or the DOCX a draft
/// was written in. Reference it by its `sha256` when registering or drafting.
#[utoipa::path(post, path = "/api/v1/files", tag = "incoming",
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 201, body = StoredFile)))]
pub async fn upload(
    axum::extract::State(state): State,
    caller: Caller,
    headers: HeaderMap,
    body: Result<bytes::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<(StatusCode, Json<StoredFile>)> {
    if !caller.may(Action::RegisterDocuments) {
        caller.require(Action::DraftOutgoing)?;
    }
    // Too large: refused from the declared length, before the body is read or anything stored.
    let body = body.map_err(|_| AppError::PayloadTooLarge)?;
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let content_type = if declared.starts_with(crate::outgoing::DOCX) {
        accept_docx("body", &body)?;
        crate::outgoing::DOCX
    } else {
        accept_pdf("body", &body)?;
        "application/pdf"
    };
    let size = body.len();
    let sha256 = store_file(&state, body, content_type, Some(caller.account.id)).await?;
    Ok((
        StatusCode::CREATED,
        Json(StoredFile {
            sha256,
            size,
            content_type: content_type.into(),
        }),
    ))
}

/// The documents the caller may know of, newest first. Secret documents show only their entry
/// to those without clearance, and never match a search on what they say.
#[utoipa::path(get, path = "/api/v1/incoming", tag = "incoming", params(Filter),
    responses((status = 200, body = Page<IncomingView>)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(filter): ApiQuery<Filter>,
) -> ApiResult<Json<Page<IncomingView>>> {
    caller.require(Action::UseInternal)?;
    Ok(Json(
        incoming::list(&state.db, &caller.actor, &filter).await?,
    ))
}

/// The clerk's body: the register a new document goes to.
pub fn register_unit_of(caller: &Caller) -> Result<i64, AppError> {
    caller.require(Action::RegisterDocuments)?;
    caller
        .actor
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied())
        .ok_or(AppError::Forbidden)
}

/// The leaders a clerk may present a new document to (`presented_to`), for the caller's
/// register.
#[utoipa::path(get, path = "/api/v1/incoming/leaders", tag = "incoming",
    responses((status = 200, body = Vec<incoming::InstructingLeader>)))]
pub async fn leaders(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::RegisterDocuments>,
) -> ApiResult<Json<Vec<incoming::InstructingLeader>>> {
    let body = register_unit_of(&caller)?;
    Ok(Json(
        incoming::presentable_leaders(&state.db, body, caller.account.id).await?,
    ))
}

/// Registers an incoming document with the next arrival number of its register. Send an
/// `Idempotency-Key` header to make a retried request return the first record.
#[utoipa::path(post, path = "/api/v1/incoming", tag = "incoming", request_body = NewIncoming,
    params(("Idempotency-Key" = Option<String>, Header, description = "one value per form or request")),
    responses((status = 201, body = IncomingView)))]
pub async fn register(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::RegisterDocuments>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<NewIncoming>,
) -> ApiResult<(StatusCode, Json<IncomingView>)> {
    let body = register_unit_of(&caller)?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| k.chars().take(100).collect::<String>());
    let check = signature_summary(&state, caller.account.id, &input).await;
    let rec = incoming::register_checked(
        &state.db,
        &caller.ctx(),
        caller.account.id,
        body,
        &input,
        key.as_deref(),
        check.as_ref(),
    )
    .await?;
    let view = rec.view(&caller.actor).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// What verifying the signatures of a document arriving electronically finds, to keep with it
/// when it is registered, in the same transaction (Decree 30: the clerk verifies every incoming
/// electronic document). Only the registering clerk's own upload is read; a failure to verify
/// is logged and the document is registered without a check.
pub async fn signature_summary(
    state: &lode_web::AppState,
    uploader: i64,
    input: &incoming::NewIncoming,
) -> Option<serde_json::Value> {
    let electronic =
        lode_core::documents::Channel::parse(&input.channel).is_ok_and(|c| c.is_electronic());
    let sha = input.file_sha256.as_deref().filter(|s| !s.is_empty())?;
    if !electronic {
        return None;
    }
    let outcome = async {
        if !lode_db::blobs::uploaded_by(&state.db, sha, uploader).await? {
            return Ok(None);
        }
        let Some(bytes) = state.blobs.get(sha).await? else {
            return Ok(None);
        };
        Ok::<_, AppError>(Some(
            match lode_web::pages::verify_reports(state, bytes.to_vec()).await? {
                Ok(reports) => lode_sign::verify::to_json(&reports),
                Err(e) => serde_json::json!([{"valid": false, "problems": [e.to_string()]}]),
            },
        ))
    }
    .await;
    outcome.unwrap_or_else(|e| {
        tracing::warn!(file = sha, error = ?e, "verifying signatures failed");
        None
    })
}

/// Loads a document the caller may see (404 otherwise).
pub async fn visible(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
) -> Result<incoming::IncomingRecord, AppError> {
    let rec = incoming::get(&state.db, id).await?;
    caller.require(Action::SeeDocument(&rec.scope()))?;
    Ok(rec)
}

#[utoipa::path(get, path = "/api/v1/incoming/{id}", tag = "incoming",
    params(("id" = i64, Path, description = "document id")),
    responses((status = 200, body = IncomingView)))]
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<IncomingView>> {
    let rec = visible(&state, &caller, id).await?;
    Ok(Json(rec.view(&caller.actor).ok_or(AppError::NotFound)?))
}

/// Serves a stored PDF to a caller who may read the document.
pub async fn pdf_response(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    position: Option<i64>,
) -> Result<Response, AppError> {
    let rec = visible(state, caller, id).await?;
    caller.require(Action::ReadDocument(&rec.scope()))?;
    let (sha, stem) = match position {
        None => (
            rec.file_sha256.clone().ok_or(AppError::NotFound)?,
            format!("van-ban-den-{}-{}", rec.year, rec.arrival_number),
        ),
        Some(p) => {
            let a = rec
                .attachments
                .iter()
                .find(|a| a.position == p)
                .ok_or(AppError::NotFound)?;
            (
                a.sha256.clone(),
                format!("dinh-kem-{}-{}-{p}", rec.year, rec.arrival_number),
            )
        }
    };
    super::serve_file(state, &sha, &stem).await
}

/// The document's file (PDF).
#[utoipa::path(get, path = "/api/v1/incoming/{id}/file", tag = "incoming",
    params(("id" = i64, Path, description = "document id")),
    responses((status = 200, content_type = "application/pdf")))]
pub async fn file(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Response> {
    Ok(pdf_response(&state, &caller, id, None).await?)
}

/// One attachment (PDF), by its position from 1.
#[utoipa::path(get, path = "/api/v1/incoming/{id}/attachments/{position}", tag = "incoming",
    params(("id" = i64, Path, description = "document id"), ("position" = i64, Path, description = "from 1")),
    responses((status = 200, content_type = "application/pdf")))]
pub async fn attachment(
    axum::extract::State(state): State,
    caller: Caller,
    super::ApiIds(id, position): super::ApiIds,
) -> ApiResult<Response> {
    Ok(pdf_response(&state, &caller, id, Some(position)).await?)
}

/// Every step of the document's life, oldest first.
#[utoipa::path(get, path = "/api/v1/incoming/{id}/timeline", tag = "incoming",
    params(("id" = i64, Path, description = "document id")),
    responses((status = 200, body = Vec<TimelineEntry>)))]
pub async fn timeline(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<TimelineEntry>>> {
    let rec = visible(&state, &caller, id).await?;
    caller.require(Action::ReadDocument(&rec.scope()))?;
    Ok(Json(incoming::timeline(&state.db, id).await?))
}

fn view_of(
    caller: &Caller,
    rec: &incoming::IncomingRecord,
) -> Result<Json<IncomingView>, AppError> {
    rec.view(&caller.actor).map(Json).ok_or(AppError::NotFound)
}

document_step!(
    route,
    "incoming",
    "/api/v1/incoming/{id}/route",
    RouteInput,
    incoming::route,
    IncomingView,
    "The leader's instruction: lead unit, co-ordinating units, deadline, note."
);
document_step!(
    assign,
    "incoming",
    "/api/v1/incoming/{id}/assign",
    AssignInput,
    incoming::assign,
    IncomingView,
    "The lead unit's leader names (or changes) the handler."
);
document_step!(
    complete,
    "incoming",
    "/api/v1/incoming/{id}/complete",
    StepInput,
    incoming::complete,
    IncomingView,
    "The handler completes it; `text` says how."
);
document_step!(
    return_to_sender,
    "incoming",
    "/api/v1/incoming/{id}/return",
    StepInput,
    incoming::return_to_sender,
    IncomingView,
    "Sends it back to its sender; `text` is the reason."
);
document_step!(
    correct,
    "incoming",
    "/api/v1/incoming/{id}/correct",
    Correction,
    incoming::correct,
    IncomingView,
    "Whoever keeps the register corrects an open entry: issuer, notation, date, type, subject, signer, pages, urgency; each change is kept in its history."
);
document_step!(
    hand_back,
    "incoming",
    "/api/v1/incoming/{id}/hand-back",
    StepInput,
    incoming::hand_back,
    IncomingView,
    "The lead unit's leader hands a letter sent to the wrong unit back to the leaders, before naming a handler; `text` is the reason."
);
document_step!(
    note,
    "incoming",
    "/api/v1/incoming/{id}/notes",
    StepInput,
    incoming::note,
    IncomingView,
    "A note or proposal in the timeline."
);
document_step!(
    extend,
    "incoming",
    "/api/v1/incoming/{id}/extend",
    StepInput,
    incoming::extend_deadline,
    IncomingView,
    "A later deadline, with the reason: the body's leaders to any day, the lead unit's leader up to the leaders' own."
);
document_step!(
    ask_extension,
    "incoming",
    "/api/v1/incoming/{id}/ask-extension",
    StepInput,
    incoming::ask_extension,
    IncomingView,
    "The handler or the lead unit's leader asks for more time: `deadline` proposed, `text` why; whoever set the deadline is told."
);
document_step!(
    decline_extension,
    "incoming",
    "/api/v1/incoming/{id}/decline-extension",
    StepInput,
    incoming::decline_extension,
    IncomingView,
    "Whoever was asked for more time declines it: `text` why. The deadline stays; the person who asked is told. 409 when no request waits."
);

/// Verifies the signatures of a PDF sent as the body (`application/pdf`), against the
/// configured trust anchors; open to all, nothing is stored.
#[utoipa::path(post, path = "/api/v1/verify", tag = "incoming",
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, description = "One report per signature", content_type = "application/json")))]
pub async fn verify(
    axum::extract::State(state): State,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<serde_json::Value>> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !declared.starts_with("application/pdf") {
        return Err(
            AppError::UnsupportedMediaType("send the PDF as application/pdf".into()).into(),
        );
    }
    accept_pdf("body", &body)?;
    let reports = lode_web::pages::verify_reports(&state, body.to_vec())
        .await?
        .map_err(|e| {
            AppError::Invalid(lode_core::validation::FieldErrors::single(
                "body",
                "unreadable_pdf",
                e.to_string(),
            ))
        })?;
    Ok(Json(lode_sign::verify::to_json(&reports)))
}
