//! A public-service dossier after filing, through the API: the desk's paper intake,
//! the handling through the e-office and its control sheet (form 05), the result returned
//! online or handed over, the apology with a new date (form 04), withdrawal, messages, the
//! papers (forms 02–05), the tracking register (form 06), statistics, and fees paid online
//! through the payment gateway with its signed notifications and the receipt.

use crate::applications::{self, Application};
use crate::handling::{self, Answer, AtRisk, ControlSheet, Message, ReturnMethod, Statistics};
use crate::payments::{self, Payment, Settlement};
use crate::web::Shown;
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lode_core::authz::Action;
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::api::{ApiJson, ApiQuery};
use lode_web::auth::{Allowed, Caller, may};
use lode_web::error::{ApiResult, AppError};

fn applicant(caller: &Caller) -> Result<i64, AppError> {
    if caller.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok(caller.account.id)
}

fn desk(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::WorkTheDesk)
}

/// A PDF made here, served inline.
pub(crate) fn pdf(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                lode_web::api::content_disposition("inline", &format!("{name}.pdf")),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

fn form_of(n: &str) -> Result<crate::web::slips::Form, AppError> {
    crate::web::slips::Form::parse(n).ok_or(AppError::NotFound)
}

/// The name a paper is uploaded under (`?name=`), for the applicant's and the desk's uploads.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// The file's name, as the applicant knows it.
    pub name: Option<String>,
}

/// The desk enters a paper dossier brought to the counter. One-stop officers.
#[utoipa::path(post, path = "/api/v1/desk/intake", tag = "services", request_body = applications::DeskIntake,
    responses((status = 201, body = Application), (status = 403), (status = 422)))]
pub async fn intake(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::WorkTheDesk>,
    ApiJson(input): ApiJson<applications::DeskIntake>,
) -> ApiResult<(StatusCode, Json<Application>)> {
    desk(&caller)?;
    let a = applications::desk_intake(&state.db, &caller.ctx(), &caller.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(a.shown(caller.lang))))
}

/// Checks an uploaded document: declared and read as a PDF, 50 MiB at the most.
pub(crate) fn check_pdf_body(headers: &HeaderMap, body: &[u8]) -> Result<(), AppError> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !declared.starts_with("application/pdf") {
        return Err(AppError::UnsupportedMediaType(
            "send the document as application/pdf".into(),
        ));
    }
    if body.len() > lode_web::files::DOCUMENT_MAX_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    lode_web::files::accept_pdf("body", body)
}

/// The scan of a paper of a dossier entered at the desk, under the procedure's key.
#[utoipa::path(put, path = "/api/v1/desk/applications/{id}/documents/{key}", tag = "services",
    params(("id" = i64, Path, description = "dossier id"), ("key" = String, Path, description = "the procedure's document key"), DocumentQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = Application), (status = 403), (status = 404), (status = 409), (status = 413), (status = 415), (status = 422)))]
pub async fn desk_document(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::WorkTheDesk>,
    axum::extract::Path((id, key)): axum::extract::Path<(String, String)>,
    ApiQuery(q): ApiQuery<DocumentQuery>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<Application>> {
    desk(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let (current, _) = applications::desk_draft(&state.db, &caller.actor, id).await?;
    if !current.status.editable() {
        return Err(AppError::Conflict(format!("the dossier is {}", current.status)).into());
    }
    check_pdf_body(&headers, &body)?;
    let sha = lode_web::files::store_pdf(&state, body, Some(caller.account.id)).await?;
    let name = lode_web::files::sanitise_name(q.name.as_deref().unwrap_or(&format!("{key}.pdf")));
    Ok(Json(
        (applications::desk_put_document(
            &state.db,
            &caller.ctx(),
            &caller.actor,
            id,
            &key,
            &sha,
            &name,
        )
        .await?)
            .shown(caller.lang),
    ))
}

/// The paper dossier entered and scanned gets its code and promised date; the desk then
/// decides on it like on one filed online.
#[utoipa::path(post, path = "/api/v1/desk/applications/{id}/receive", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn receive(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Json<Application>> {
    desk(&caller)?;
    Ok(Json(
        (applications::desk_receive(&state.db, &caller.ctx(), &caller.actor, id).await?)
            .shown(caller.lang),
    ))
}

/// A filed dossier as the desk sees it.
#[utoipa::path(get, path = "/api/v1/desk/applications/{id}", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 403), (status = 404)))]
pub async fn desk_show(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Json<Application>> {
    desk(&caller)?;
    Ok(Json(
        (applications::desk_view(&state.db, &caller.actor, id)
            .await?
            .0)
            .shown(caller.lang),
    ))
}

/// Form 05's content: the stages with their due days and the handovers so far.
#[utoipa::path(get, path = "/api/v1/desk/applications/{id}/control-sheet", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = ControlSheet), (status = 403), (status = 404)))]
pub async fn control_sheet(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Json<ControlSheet>> {
    desk(&caller)?;
    Ok(Json(handling::control_sheet(&state.db, None, id).await?))
}

/// The numbered outgoing documents answering the dossier: candidates for its result.
#[utoipa::path(get, path = "/api/v1/desk/applications/{id}/answers", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Vec<Answer>), (status = 403), (status = 404)))]
pub async fn answers(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Json<Vec<Answer>>> {
    desk(&caller)?;
    applications::for_desk(&state.db, id).await?;
    Ok(Json(handling::answers(&state.db, id).await?))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultInput {
    /// The outgoing document (numbered, signed) that answers the dossier.
    pub outgoing_id: i64,
}

/// The result is there: the applicant may download it from the portal.
#[utoipa::path(post, path = "/api/v1/desk/applications/{id}/result", tag = "services", request_body = ResultInput,
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn result(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::WorkTheDesk>,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    ApiJson(input): ApiJson<ResultInput>,
) -> ApiResult<Json<Application>> {
    desk(&caller)?;
    Ok(Json(
        (handling::publish_result(
            &state.db,
            &caller.ctx(),
            &caller.actor,
            id,
            input.outgoing_id,
        )
        .await?)
            .shown(caller.lang),
    ))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnInput {
    /// `desk` (handed over at the counter) or `post`.
    pub method: String,
    /// Who received it, the postal receipt.
    pub note: Option<String>,
}

/// The result handed over at the desk or sent by post.
#[utoipa::path(post, path = "/api/v1/desk/applications/{id}/return", tag = "services", request_body = ReturnInput,
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn hand_over(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::WorkTheDesk>,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    ApiJson(input): ApiJson<ReturnInput>,
) -> ApiResult<Json<Application>> {
    desk(&caller)?;
    let method = match ReturnMethod::parse(&input.method) {
        Some(m) if m != ReturnMethod::Online => m,
        _ => {
            return Err(AppError::Invalid(FieldErrors::single(
                "method",
                "invalid_choice",
                "desk or post",
            ))
            .into());
        }
    };
    Ok(Json(
        (handling::record_return(
            &state.db,
            &caller.ctx(),
            &caller.actor,
            id,
            method,
            input.note.as_deref(),
        )
        .await?)
            .shown(caller.lang),
    ))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApologyInput {
    pub reason: String,
    /// `YYYY-MM-DD`, a working day after the present deadline.
    pub new_due_on: String,
}

/// Form 04: the apology with a new date, at least one working day before the deadline.
#[utoipa::path(post, path = "/api/v1/desk/applications/{id}/apology", tag = "services", request_body = ApologyInput,
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn apology(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::WorkTheDesk>,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    ApiJson(input): ApiJson<ApologyInput>,
) -> ApiResult<Json<Application>> {
    desk(&caller)?;
    Ok(Json(
        (handling::apologise(
            &state.db,
            &caller.ctx(),
            &caller.actor,
            id,
            &input.reason,
            &input.new_due_on,
        )
        .await?)
            .shown(caller.lang),
    ))
}

/// Dossiers in handling near or past their deadline (the early warning).
#[utoipa::path(get, path = "/api/v1/desk/at-risk", tag = "services",
    responses((status = 200, body = Vec<AtRisk>), (status = 403)))]
pub async fn at_risk(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<AtRisk>>> {
    desk(&caller)?;
    Ok(Json(handling::at_risk(&state.db, lode_db::today()).await?))
}

/// A paper of the dossier for the desk: form 02, 03, 04 or 05, signed by the organisation.
#[utoipa::path(get, path = "/api/v1/desk/applications/{id}/forms/{form}", tag = "services",
    params(("id" = i64, Path, description = "dossier id"), ("form" = String, Path, description = "02, 03, 04 or 05")),
    responses((status = 200, content_type = "application/pdf"), (status = 403), (status = 404), (status = 409)))]
pub async fn desk_form(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path((id, form)): axum::extract::Path<(String, String)>,
) -> ApiResult<Response> {
    desk(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let bytes = crate::web::slips::form(&state, None, id, form_of(&form)?).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, &format!("mau-{form}")).await?;
    Ok(pdf(bytes, &name))
}

/// A paper of the applicant's dossier: form 02, 03, 04 or 05, signed by the organisation.
#[utoipa::path(get, path = "/api/v1/applications/{id}/forms/{form}", tag = "services",
    params(("id" = i64, Path, description = "dossier id"), ("form" = String, Path, description = "02, 03, 04 or 05")),
    responses((status = 200, content_type = "application/pdf"), (status = 403), (status = 404), (status = 409)))]
pub async fn applicant_form(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path((id, form)): axum::extract::Path<(String, String)>,
) -> ApiResult<Response> {
    let me = applicant(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let bytes = crate::web::slips::form(&state, Some(me), id, form_of(&form)?).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, &format!("mau-{form}")).await?;
    Ok(pdf(bytes, &name))
}

/// The signed result of the applicant's dossier; the first download returns it online.
#[utoipa::path(get, path = "/api/v1/applications/{id}/result", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, content_type = "application/pdf"), (status = 403), (status = 404)))]
pub async fn download_result(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Response> {
    applicant(&caller)?;
    let sha = handling::result_file(&state.db, &caller.ctx(), &caller.actor, id).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, "ket-qua").await?;
    Ok(lode_web::api::serve_file(&state, &sha, &name).await?)
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawInput {
    pub reason: String,
}

/// The applicant withdraws a filed dossier not yet decided.
#[utoipa::path(post, path = "/api/v1/applications/{id}/withdraw", tag = "services", request_body = WithdrawInput,
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Application), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn withdraw(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    ApiJson(input): ApiJson<WithdrawInput>,
) -> ApiResult<Json<Application>> {
    applicant(&caller)?;
    Ok(Json(
        (handling::withdraw(&state.db, &caller.ctx(), &caller.actor, id, &input.reason).await?)
            .shown(caller.lang),
    ))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageInput {
    pub body: String,
}

/// The messages of a dossier: its applicant, or an officer of the desk or handling it.
#[utoipa::path(get, path = "/api/v1/applications/{id}/messages", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Vec<Message>), (status = 403), (status = 404)))]
pub async fn messages(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Json<Vec<Message>>> {
    let filter = if caller.actor.is_staff() {
        // staff who follow the dossier: the desk, its letter's handler, its leaders
        handling::following(&state.db, &caller.actor, id).await?;
        None
    } else {
        Some(caller.account.id)
    };
    Ok(Json(handling::messages(&state.db, filter, id).await?))
}

/// Writes a message on a filed dossier; the other side is told.
#[utoipa::path(post, path = "/api/v1/applications/{id}/messages", tag = "services", request_body = MessageInput,
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 201, body = Message), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn post_message(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    ApiJson(input): ApiJson<MessageInput>,
) -> ApiResult<(StatusCode, Json<Message>)> {
    let writer = if caller.actor.is_staff() {
        // staff who follow the dossier: the desk, its letter's handler, its leaders
        handling::following(&state.db, &caller.actor, id).await?;
        handling::Writer::Officer(&caller.actor)
    } else {
        handling::Writer::Applicant(caller.account.id)
    };
    let m = handling::post_message(&state.db, &caller.ctx(), writer, id, &input.body).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// `YYYY-MM-DD` (default: the first of this month)
    pub from: Option<String>,
    /// `YYYY-MM-DD` (default: today)
    pub to: Option<String>,
    /// `json` (default), `pdf` or `xlsx`
    pub format: Option<String>,
}

fn parse_day(
    field: &str,
    raw: Option<&str>,
    default: chrono::NaiveDate,
    errors: &mut FieldErrors,
) -> chrono::NaiveDate {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => default,
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.add(field, "invalid", "a date, YYYY-MM-DD");
            default
        }),
    }
}

fn check_format(format: Option<&str>, errors: &mut FieldErrors) {
    if format.is_some_and(|f| !["pdf", "xlsx", "json"].contains(&f)) {
        errors.add("format", "invalid_choice", "pdf, xlsx or json");
    }
}

/// Form 06, the tracking register of the dossiers received in a period: printed (PDF),
/// exported (XLSX) or as JSON. One-stop officers.
#[utoipa::path(get, path = "/api/v1/desk/register", tag = "services", params(RegisterQuery),
    responses((status = 200, description = "JSON, or the PDF or XLSX file",
        content((Vec<handling::RegisterLine> = "application/json"), (Vec<u8> = "application/pdf"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 403), (status = 422)))]
pub async fn tracking_register(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(q): ApiQuery<RegisterQuery>,
) -> ApiResult<Response> {
    desk(&caller)?;
    let today = lode_db::today();
    let first = chrono::Datelike::with_day(&today, 1).unwrap_or(today);
    let mut errors = FieldErrors::new();
    let from = parse_day("from", q.from.as_deref(), first, &mut errors);
    let to = parse_day("to", q.to.as_deref(), today, &mut errors);
    if to < from || (to - from).num_days() > 366 {
        errors.add(
            "to",
            "invalid_range",
            "from before to, at most a year apart",
        );
    }
    check_format(q.format.as_deref(), &mut errors);
    errors.into_result().map_err(AppError::Invalid)?;
    let lines = handling::tracking_register(&state.db, from, to).await?;
    if matches!(q.format.as_deref(), None | Some("json")) {
        return Ok(Json(lines).into_response());
    }
    let sheet = crate::web::slips::tracking_register(&lines, from, to);
    Ok(lode_eoffice::web::api::registers::deliver(
        &sheet,
        &format!("so-theo-doi-ho-so-{from}-{to}"),
        q.format.as_deref(),
    )?)
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// default: this year
    pub year: Option<i32>,
    /// `json` (default), `xlsx` or `pdf`
    pub format: Option<String>,
}

/// Dossiers received online and at the desk, handled on time and late, by procedure and month.
/// One-stop officers and those who see reports.
#[utoipa::path(get, path = "/api/v1/services/statistics", tag = "services", params(StatisticsQuery),
    responses((status = 200, description = "JSON, or the PDF or XLSX file",
        content((Statistics = "application/json"), (Vec<u8> = "application/pdf"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 403), (status = 422)))]
pub async fn statistics(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> ApiResult<Response> {
    may_see_statistics(&caller)?;
    let today = lode_db::today();
    let year = q.year.unwrap_or(chrono::Datelike::year(&today));
    let mut errors = FieldErrors::new();
    if !(2000..=2100).contains(&year) {
        errors.add("year", "out_of_range", "a year from 2000 to 2100");
    }
    check_format(q.format.as_deref(), &mut errors);
    errors.into_result().map_err(AppError::Invalid)?;
    let stats = handling::statistics(&state.db, year, today).await?;
    match q.format.as_deref() {
        None | Some("json") => Ok(Json(stats).into_response()),
        Some(f) => Ok(lode_eoffice::web::api::registers::deliver(
            &crate::web::slips::statistics_table(&stats),
            &format!("thong-ke-ho-so-{year}"),
            Some(f),
        )?),
    }
}

pub(crate) fn may_see_statistics(caller: &Caller) -> Result<(), AppError> {
    if caller.require(Action::WorkTheDesk).is_ok() {
        return Ok(());
    }
    caller.require(Action::ViewReports)
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PaymentStart {
    pub payment: Payment,
    /// Where to send the payer: the gateway's page, signed.
    pub pay_url: String,
}

/// Starts paying the dossier's fee online: an order, and the gateway's address to go to.
#[utoipa::path(post, path = "/api/v1/applications/{id}/payments", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 201, body = PaymentStart), (status = 403), (status = 404), (status = 409)))]
pub async fn start_payment(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
) -> ApiResult<(StatusCode, Json<PaymentStart>)> {
    let me = applicant(&caller)?;
    let Some(cfg) = crate::web::Portal::of(&state).payment.as_ref() else {
        return Err(
            AppError::Conflict("online payment is not available: pay at the desk".into()).into(),
        );
    };
    let p = payments::start(&state.db, &caller.ctx(), me, id).await?;
    let ip = lode_web::auth::client_ip(&state, &headers, &extensions);
    let url = pay_url(&state, cfg, &p, &ip, &headers).await?;
    Ok((
        StatusCode::CREATED,
        Json(PaymentStart {
            payment: p,
            pay_url: url,
        }),
    ))
}

/// The gateway's address for an order, which sends the payer back to lode at the address
/// they opened it at (see [`lode_web::WebConfig::public_url_for`]).
pub(crate) async fn pay_url(
    state: &lode_web::AppState,
    cfg: &crate::web::gateway::GatewayConfig,
    p: &Payment,
    ip: &str,
    headers: &HeaderMap,
) -> Result<String, AppError> {
    let code = handling::code_of(&state.db, p.application_id)
        .await?
        .unwrap_or_default();
    // a gateway of lode's own (the demo's) sends the payer back to the address they opened
    // lode at; a real one only ever to the public address configured, never to one a request
    // names
    let own_gateway = cfg.pay_url.starts_with('/');
    let base = if own_gateway {
        state.config.public_url_for(headers)
    } else {
        state.config.public_url.clone()
    };
    let base = base.trim_end_matches('/');
    let url = crate::web::gateway::payment_url(
        cfg,
        &p.txn_ref,
        p.amount,
        &format!("Thanh toan phi le phi ho so {code}"),
        &format!("{base}/thanh-toan/ket-qua"),
        ip,
    );
    Ok(if own_gateway {
        format!("{base}{url}")
    } else {
        url
    })
}

/// The payments of the applicant's dossier, newest first.
#[utoipa::path(get, path = "/api/v1/applications/{id}/payments", tag = "services",
    params(("id" = i64, Path, description = "dossier id")),
    responses((status = 200, body = Vec<Payment>), (status = 403), (status = 404)))]
pub async fn list_payments(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::api::ApiId(id): lode_web::api::ApiId,
) -> ApiResult<Json<Vec<Payment>>> {
    let me = applicant(&caller)?;
    Ok(Json(payments::list(&state.db, Some(me), id).await?))
}

/// The receipt of a fee paid online, signed by the organisation.
#[utoipa::path(get, path = "/api/v1/applications/{id}/payments/{payment}/receipt", tag = "services",
    params(("id" = i64, Path, description = "dossier id"), ("payment" = i64, Path, description = "payment id")),
    responses((status = 200, content_type = "application/pdf"), (status = 403), (status = 404)))]
pub async fn payment_receipt(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path((id, payment)): axum::extract::Path<(String, String)>,
) -> ApiResult<Response> {
    let me = applicant(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let payment: i64 = payment.parse().map_err(|_| AppError::NotFound)?;
    let bytes = crate::web::slips::payment_receipt(&state, Some(me), id, payment).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, "bien-lai").await?;
    Ok(pdf(bytes, &name))
}

/// The gateway's answer to a notification, in its protocol's words.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct IpnAnswer {
    #[serde(rename = "RspCode")]
    pub rsp_code: String,
    #[serde(rename = "Message")]
    pub message: String,
}

/// Checks and settles a gateway message (the notification or the payer's return): the
/// protocol's code and words, and the settlement when there was one.
pub(crate) async fn settle_query(
    state: &lode_web::AppState,
    query: &str,
) -> Result<(IpnAnswer, Option<Settlement>), AppError> {
    let answer = |code: &str, msg: &str| IpnAnswer {
        rsp_code: code.into(),
        message: msg.into(),
    };
    let Some(cfg) = crate::web::Portal::of(state).payment.as_ref() else {
        return Ok((answer("99", "Payment not configured"), None));
    };
    let params = crate::web::gateway::parse_query(query);
    let Ok(params) = crate::web::gateway::verify(&params, &cfg.secret) else {
        tracing::warn!(target: "lode::payments", "a gateway message with a bad signature was refused");
        return Ok((answer("97", "Invalid signature"), None));
    };
    if params.get("vnp_TmnCode") != Some(&cfg.merchant) {
        return Ok((answer("97", "Invalid merchant"), None));
    }
    let Ok(report) = crate::web::gateway::report(&params) else {
        return Ok((answer("99", "Input data required"), None));
    };
    let ctx = lode_db::AuditCtx::system("payment gateway");
    let settled = payments::settle(&state.db, &ctx, &report).await?;
    let a = match &settled {
        Settlement::Paid(_) | Settlement::Failed(_) => answer("00", "Confirm Success"),
        Settlement::AlreadySettled(_) => answer("02", "Order already confirmed"),
        Settlement::UnknownOrder => answer("01", "Order not found"),
        Settlement::WrongAmount => answer("04", "Invalid amount"),
    };
    Ok((a, Some(settled)))
}

/// The gateway's server-to-server notification (IPN): signed with the shared secret; forged,
/// altered and repeated ones change nothing. Answered in the gateway's protocol (always 200).
#[utoipa::path(get, path = "/api/v1/payments/ipn", tag = "services",
    responses((status = 200, body = IpnAnswer)))]
pub async fn ipn(
    axum::extract::State(state): State,
    uri: axum::http::Uri,
) -> ApiResult<Json<IpnAnswer>> {
    let (answer, _) = settle_query(&state, uri.query().unwrap_or("")).await?;
    Ok(Json(answer))
}
