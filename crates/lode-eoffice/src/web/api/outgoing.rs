//! Outgoing documents (văn bản đi): drafts, versions, the review chain, the clerk's number,
//! dispatch and recall.

use super::{ApiId, ApiJson, ApiQuery};
use crate::incoming::TimelineEntry;
use crate::outgoing::{
    self, Filter, NewDraft, OutgoingRecord, OutgoingStepInput, OutgoingView, Revision,
};
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lode_core::authz::Action;
use lode_db::Page;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{ApiResult, AppError};

/// The outgoing documents the caller may know of: their drafts, what they review, their
/// body's register (clerks and leaders), what was sent to their unit.
#[utoipa::path(get, path = "/api/v1/outgoing", tag = "outgoing", params(Filter),
    responses((status = 200, body = Page<OutgoingView>)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(filter): ApiQuery<Filter>,
) -> ApiResult<Json<Page<OutgoingView>>> {
    caller.require(Action::UseInternal)?;
    Ok(Json(
        outgoing::list(&state.db, &caller.actor, &filter).await?,
    ))
}

fn view_of(caller: &Caller, rec: &OutgoingRecord) -> Result<Json<OutgoingView>, AppError> {
    let mut view = rec.view(&caller.actor).ok_or(AppError::NotFound)?;
    crate::web::version_notes_in(caller.lang, &mut view.versions);
    Ok(Json(view))
}

/// Starts a draft in the caller's unit (upload its PDF, and its DOCX if any, first).
#[utoipa::path(post, path = "/api/v1/outgoing", tag = "outgoing", request_body = NewDraft,
    responses((status = 201, body = OutgoingView)))]
pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<NewDraft>,
) -> ApiResult<(StatusCode, Json<OutgoingView>)> {
    let rec = outgoing::create_draft(&state.db, &caller.ctx(), &caller.actor, &input).await?;
    Ok((StatusCode::CREATED, view_of(&caller, &rec)?))
}

/// The leaders a draft of the caller's body may be presented to for signature
/// (`presented_to`).
#[utoipa::path(get, path = "/api/v1/outgoing/signers", tag = "outgoing",
    responses((status = 200, body = Vec<outgoing::Signer>)))]
pub async fn signers(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<outgoing::Signer>>> {
    caller.require(Action::DraftOutgoing)?;
    let body = caller
        .actor
        .register_unit
        .as_ref()
        .ok_or(AppError::Forbidden)?;
    let mut conn = state.db.read().await.map_err(AppError::from)?;
    Ok(Json(
        outgoing::signers(&mut conn, body, lode_core::people::Clearance::None).await?,
    ))
}

/// Loads an outgoing document the caller may see (404 otherwise).
pub async fn visible(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
) -> Result<OutgoingRecord, AppError> {
    Ok(outgoing::visible(&state.db, &caller.actor, id).await?)
}

#[utoipa::path(get, path = "/api/v1/outgoing/{id}", tag = "outgoing",
    params(("id" = i64, Path, description = "document id")), responses((status = 200, body = OutgoingView)))]
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<OutgoingView>> {
    let rec = visible(&state, &caller, id).await?;
    Ok(view_of(&caller, &rec)?)
}

#[utoipa::path(get, path = "/api/v1/outgoing/{id}/timeline", tag = "outgoing",
    params(("id" = i64, Path, description = "document id")), responses((status = 200, body = Vec<TimelineEntry>)))]
pub async fn timeline(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<TimelineEntry>>> {
    let rec = visible(&state, &caller, id).await?;
    caller.require(Action::ReadOutgoing(&rec.scope()))?;
    Ok(Json(outgoing::timeline(&state.db, id).await?))
}

/// Serves a version's PDF, or with `source` its DOCX, to a caller who may read the document.
pub async fn version_file(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    number: i64,
    source: bool,
) -> Result<Response, AppError> {
    let rec = visible(state, caller, id).await?;
    caller.require(Action::ReadOutgoing(&rec.scope()))?;
    let v = rec
        .versions
        .iter()
        .find(|v| v.number == number)
        .ok_or(AppError::NotFound)?;
    let (sha, stem) = if source {
        (
            v.source_sha256.clone().ok_or(AppError::NotFound)?,
            format!("du-thao-{id}-v{number}"),
        )
    } else {
        // the issued document is named by its notation (123/ĐCKS-QLKS as 123-ĐCKS-QLKS); a
        // version made once it was numbered (the number filled in, then sealed) carries the
        // notation with its version; before that, a draft. A document signed on paper is the
        // official one from its scan on.
        let official_from = if rec.leader_signed() {
            "filled"
        } else {
            "scanned"
        };
        let numbered_from = rec
            .versions
            .iter()
            .find(|v| v.message.as_deref() == Some(official_from))
            .map(|v| v.number);
        let stem = match &rec.notation {
            Some(_) if !rec.file_signed() => format!("du-thao-{id}-v{number}"),
            Some(n) if number == rec.current_version => n.replace('/', "-"),
            Some(n) if numbered_from.is_some_and(|from| number >= from) => {
                format!("{}-v{number}", n.replace('/', "-"))
            }
            _ => format!("du-thao-{id}-v{number}"),
        };
        (v.pdf_sha256.clone(), stem)
    };
    super::serve_file(state, &sha, &stem).await
}

/// The PDF of one version.
#[utoipa::path(get, path = "/api/v1/outgoing/{id}/versions/{number}", tag = "outgoing",
    params(("id" = i64, Path, description = "document id"), ("number" = i64, Path, description = "version, from 1")),
    responses((status = 200, content_type = "application/pdf")))]
pub async fn version_pdf(
    axum::extract::State(state): State,
    caller: Caller,
    super::ApiIds(id, number): super::ApiIds,
) -> ApiResult<Response> {
    Ok(version_file(&state, &caller, id, number, false).await?)
}

document_step!(
    revise,
    "outgoing",
    "/api/v1/outgoing/{id}/revise",
    Revision,
    outgoing::revise,
    OutgoingView,
    "A new version of the draft's file (its author, while it is a draft)."
);
document_step!(
    paper_scan,
    "outgoing",
    "/api/v1/outgoing/{id}/paper-scan",
    outgoing::PaperScan,
    outgoing::add_paper_scan,
    OutgoingView,
    "The scan of a numbered document the leader signed on paper, sent in place of its draft (the body's clerks, before the seal)."
);
document_step!(
    edit_details,
    "outgoing",
    "/api/v1/outgoing/{id}/details",
    outgoing::DraftDetails,
    outgoing::edit_details,
    OutgoingView,
    "The author corrects the draft's details (type, subject, urgency, secrecy, recipients, dossier) while it is a draft."
);
document_step!(
    submit,
    "outgoing",
    "/api/v1/outgoing/{id}/submit",
    OutgoingStepInput,
    outgoing::submit,
    OutgoingView,
    "The author sends the draft up its review chain."
);
document_step!(
    withdraw,
    "outgoing",
    "/api/v1/outgoing/{id}/withdraw",
    OutgoingStepInput,
    outgoing::withdraw,
    OutgoingView,
    "The author takes the draft back from review, before its approval, to change it."
);
document_step!(
    approve,
    "outgoing",
    "/api/v1/outgoing/{id}/approve",
    OutgoingStepInput,
    outgoing::approve,
    OutgoingView,
    "The reviewer of the present step approves."
);
document_step!(
    send_back,
    "outgoing",
    "/api/v1/outgoing/{id}/send-back",
    OutgoingStepInput,
    outgoing::send_back,
    OutgoingView,
    "The reviewer sends it back to its author; `text` says why."
);
/// The clerk gives the number of the body's series for the year, the notation and the date;
/// when the document's template reserved their places, they are written into the file.
#[utoipa::path(post, path = "/api/v1/outgoing/{id}/issue", tag = "outgoing", request_body = OutgoingStepInput,
    params(("id" = i64, Path, description = "document id")), responses((status = 200, body = OutgoingView)))]
pub async fn issue(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<OutgoingStepInput>,
) -> ApiResult<Json<OutgoingView>> {
    let rec = crate::web::signing::issue_outgoing(&state, &caller, id, &input).await?;
    Ok(view_of(&caller, &rec)?)
}
/// Dispatch: units of other bodies receive it in their incoming registers. A document the
/// leader signed in lode goes out with the organisation's seal once lode keeps its key (422
/// `seal_first` until the clerk seals it).
#[utoipa::path(post, path = "/api/v1/outgoing/{id}/send", tag = "outgoing", request_body = OutgoingStepInput,
    params(("id" = i64, Path, description = "document id")), responses((status = 200, body = OutgoingView), (status = 422)))]
pub async fn send(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<OutgoingStepInput>,
) -> ApiResult<Json<OutgoingView>> {
    let rec = crate::web::signing::send_outgoing(&state, &caller, id, &input).await?;
    Ok(view_of(&caller, &rec)?)
}
document_step!(
    recall,
    "outgoing",
    "/api/v1/outgoing/{id}/recall",
    OutgoingStepInput,
    outgoing::recall,
    OutgoingView,
    "Takes a sent document back; `text` says why."
);

/// The dispatches of a sent document to bodies outside, each with its envelope kept for the
/// exchange with other agencies.
#[utoipa::path(get, path = "/api/v1/outgoing/{id}/dispatches", tag = "outgoing",
    params(("id" = i64, Path, description = "document id")), responses((status = 200, body = Vec<outgoing::Dispatch>)))]
pub async fn dispatches(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<outgoing::Dispatch>>> {
    let rec = visible(&state, &caller, id).await?;
    caller.require(Action::ReadOutgoing(&rec.scope()))?;
    Ok(Json(outgoing::dispatches(&state.db, id).await?))
}

/// The exchange package of one dispatch: a zip of `envelope.json` (the Appendix VI metadata)
/// and the document's PDF.
pub async fn package_file(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    dispatch: i64,
) -> Result<Response, AppError> {
    let rec = visible(state, caller, id).await?;
    caller.require(Action::ReadOutgoing(&rec.scope()))?;
    let d = outgoing::dispatches(&state.db, id)
        .await?
        .into_iter()
        .find(|d| d.id == dispatch)
        .ok_or(AppError::NotFound)?;
    let mut zip = lode_print::zip::Zip::default();
    let envelope = serde_json::to_vec_pretty(&d.envelope)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    zip.add("envelope.json", &envelope)?;
    if let Some(sha) = d.envelope["file"]["sha256"].as_str() {
        let pdf = state.blobs.get(sha).await?.ok_or(AppError::NotFound)?;
        let name = d.envelope["file"]["name"]
            .as_str()
            .unwrap_or("document.pdf");
        zip.add(name, &pdf)?;
    }
    for a in d.envelope["attachments"].as_array().into_iter().flatten() {
        let (Some(sha), Some(name)) = (a["sha256"].as_str(), a["name"].as_str()) else {
            continue;
        };
        let bytes = state.blobs.get(sha).await?.ok_or(AppError::NotFound)?;
        let position = a["position"].as_i64().unwrap_or(0);
        // names as the author gave them, kept apart and unable to climb out of the folder
        let safe: String = name.chars().filter(|c| !"/\\:".contains(*c)).collect();
        zip.add(&format!("phu-luc/{position:02}-{safe}"), &bytes)?;
    }
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                super::content_disposition(
                    "attachment",
                    &format!("goi-van-ban-{id}-{dispatch}.zip"),
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        zip.finish(),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/outgoing/{id}/dispatches/{dispatch}/package", tag = "outgoing",
    params(("id" = i64, Path, description = "document id"), ("dispatch" = i64, Path, description = "dispatch id")),
    responses((status = 200, content_type = "application/zip")))]
pub async fn package(
    axum::extract::State(state): State,
    caller: Caller,
    super::ApiIds(id, dispatch): super::ApiIds,
) -> ApiResult<Response> {
    Ok(package_file(&state, &caller, id, dispatch).await?)
}

/// One attachment of an outgoing document, to a caller who may read it.
#[utoipa::path(get, path = "/api/v1/outgoing/{id}/attachments/{position}", tag = "outgoing",
    params(("id" = i64, Path, description = "document id"), ("position" = i64, Path, description = "attachment, from 1")),
    responses((status = 200, content_type = "application/pdf")))]
pub async fn attachment(
    axum::extract::State(state): State,
    caller: Caller,
    super::ApiIds(id, position): super::ApiIds,
) -> ApiResult<Response> {
    Ok(attachment_file(&state, &caller, id, position).await?)
}

pub async fn attachment_file(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    position: i64,
) -> Result<Response, AppError> {
    let rec = visible(state, caller, id).await?;
    caller.require(Action::ReadOutgoing(&rec.scope()))?;
    let a = rec
        .attachments
        .iter()
        .find(|a| a.position == position)
        .ok_or(AppError::NotFound)?;
    super::serve_file(state, &a.sha256, &format!("phu-luc-{id}-{position}")).await
}

/// How the leader signs: with the key lode keeps for them (no `p12`), or with a PKCS#12 file
/// (base64) and its password, used for this act only and not kept.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInput {
    pub p12: Option<String>,
    pub password: Option<String>,
    /// Without `p12`: the signer's own sign-in password, confirming that they sign with the
    /// key lode keeps for them.
    pub confirm: Option<String>,
    pub version: Option<i64>,
    /// Where the signer's mark goes (default: the template's placeholder, else not shown).
    pub mark: Option<crate::web::marks::Placement>,
}

/// The seal is added with the body's key kept by lode.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SealInput {
    pub version: Option<i64>,
    /// Where the seal's mark goes (default: the template's placeholder, else not shown).
    pub mark: Option<crate::web::marks::Placement>,
}

/// The body's leader signs the approved document digitally (PAdES, timestamped when lode runs
/// its timestamp authority): a new version of its file.
#[utoipa::path(post, path = "/api/v1/outgoing/{id}/sign", tag = "outgoing", request_body = SignInput,
    params(("id" = i64, Path, description = "document id")), responses((status = 200, body = OutgoingView)))]
pub async fn sign(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<SignInput>,
) -> ApiResult<Json<OutgoingView>> {
    use base64::Engine as _;
    let key = match input.p12 {
        Some(b64) => crate::web::signing::KeySource::Pkcs12 {
            file: base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| {
                    AppError::Invalid(lode_core::validation::FieldErrors::single(
                        "p12",
                        "not_base64",
                        "the PKCS#12 file must be sent in base64",
                    ))
                })?,
            password: input.password.unwrap_or_default(),
        },
        None => crate::web::signing::KeySource::Server,
    };
    let rec = crate::web::signing::sign_as_leader(
        &state,
        &caller,
        id,
        key,
        input.confirm.as_deref().unwrap_or(""),
        input.version,
        &input.mark.unwrap_or_default(),
    )
    .await?;
    Ok(view_of(&caller, &rec)?)
}

/// The clerk adds the organisation's digital signature (the seal) to the numbered document,
/// with the body's key kept by lode: a new version of its file, sent as it is.
#[utoipa::path(post, path = "/api/v1/outgoing/{id}/seal", tag = "outgoing", request_body = SealInput,
    params(("id" = i64, Path, description = "document id")), responses((status = 200, body = OutgoingView)))]
pub async fn seal(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    ApiJson(input): ApiJson<SealInput>,
) -> ApiResult<Json<OutgoingView>> {
    let rec = crate::web::signing::seal_outgoing(
        &state,
        &caller,
        id,
        input.version,
        &input.mark.unwrap_or_default(),
    )
    .await?;
    Ok(view_of(&caller, &rec)?)
}
