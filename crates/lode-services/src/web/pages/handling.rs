//! The pages of a dossier after filing, both sides:
//!
//! - the applicant's ([`applicant_section`] on `/ho-so/{id}`): messages with the officers, the
//!   fee paid online through the gateway and its receipts, the desk's papers (forms 02–05), the
//!   signed result to download, withdrawal;
//! - the desk's ([`desk_section`] on `/mot-cua/{id}`): the control sheet (form 05), the
//!   answering documents to return as the result, handing over, the apology with a new date
//!   (form 04), messages; paper dossiers entered at the counter with their scans
//!   (`/mot-cua/nhap`); the register (form 06) and the statistics with charts (`/thong-ke`).

use crate::applications::{self, Application};
use crate::handling::{self, ReturnMethod};
use axum::extract::{Multipart, Path};
use axum::response::{IntoResponse, Redirect, Response};
use lode_core::authz::Action;
use lode_core::services::{ApplicationStatus, PaymentStatus};
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use lode_web::pages::{
    Nav, answer_change, charts, csrf_field, field_errors, first, form_pairs, layout, local_time,
};
use maud::{Markup, html};

fn applicant(caller: &Caller) -> Result<i64, AppError> {
    if caller.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok(caller.account.id)
}

/// The forms a dossier's events gave it.
fn forms_of(a: &Application) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    for (kind, n, name) in [
        (
            "incomplete",
            "02",
            "Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        ),
        ("refused", "03", "Mẫu 03 — Phiếu từ chối tiếp nhận"),
        (
            "apology",
            "04",
            "Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        ),
        (
            "accepted",
            "05",
            "Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ",
        ),
    ] {
        if a.events.iter().any(|e| e.kind == kind) {
            out.push((n, name));
        }
    }
    out
}

fn messages_block(
    caller: &Caller,
    action: &str,
    messages: &[handling::Message],
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    html! {
        h2 { (l.t("handling.messages")) }
        @if messages.is_empty() { p.hint { (l.t("handling.no_messages")) } }
        ol.messages {
            @for m in messages {
                li { strong { (m.author) } " · " (local_time(&m.at)) br; (m.body) }
            }
        }
        form.stack method="post" action=(action) {
            (csrf_field(caller))
            div.field {
                label for="body" { (l.t("handling.write")) }
                textarea id="body" name="body" rows="3" required {}
                (field_errors(l, errors, "body"))
            }
            button type="submit" { (l.t("handling.send")) }
        }
    }
}

/// What the applicant's page shows past the form: papers, result, payment, messages, withdrawal.
pub struct ApplicantExtras {
    pub messages: Vec<handling::Message>,
    pub payments: Vec<crate::payments::Payment>,
    pub online_payment: bool,
    /// What the mining cadastre found on the area asked for, once filed.
    pub area_report: Option<maud::Markup>,
}

impl ApplicantExtras {
    pub async fn load(
        state: &lode_web::AppState,
        l: lode_web::i18n::Lang,
        me: i64,
        a: &Application,
    ) -> PageResult<Self> {
        let filed = a.status != ApplicationStatus::Draft;
        Ok(Self {
            messages: if filed {
                handling::messages(&state.db, Some(me), a.id).await?
            } else {
                Vec::new()
            },
            payments: crate::payments::list(&state.db, Some(me), a.id).await?,
            online_payment: crate::web::Portal::of(state).payment.is_some(),
            area_report: if filed {
                lode_cadastre::web::area_field::report(&state.db, l, a.id, false).await?
            } else {
                None
            },
        })
    }
}

pub fn applicant_section(
    caller: &Caller,
    a: &Application,
    x: &ApplicantExtras,
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    let paid = x.payments.iter().any(|p| p.status == PaymentStatus::Paid);
    let payable = a.status.payable() && a.fee_amount.unwrap_or(0) > 0;
    html! {
        @if a.status.has_result() {
            div.notice role="status" id="result" {
                p { strong { (l.t("handling.result_ready")) } " " a href={ "/ho-so/" (a.id) "/ket-qua" } { (l.t("handling.download_result")) } }
            }
        }
        @let forms = forms_of(a);
        @if !forms.is_empty() {
            h2 { (l.t("handling.papers")) }
            ul { @for (n, name) in &forms { li { a href={ "/ho-so/" (a.id) "/mau/" (n) } { (name) } } } }
        }
        @if payable {
            h2 { (l.t("handling.payment")) }
            // once paid, the orders left unfinished before are no debt: only the payment shows
            @for p in x.payments.iter().filter(|p| !paid || p.status == PaymentStatus::Paid) {
                p {
                    (p.txn_ref) " — " (l.amount(p.amount)) " " (l.t("pay.dong")) " — " (l.t(&format!("handling.payment.{}", p.status)))
                    @if p.status == PaymentStatus::Paid { " · " a href={ "/ho-so/" (a.id) "/bien-lai/" (p.id) } { (l.t("handling.receipt")) } }
                }
            }
            @if !paid && x.online_payment {
                form method="post" action={ "/ho-so/" (a.id) "/thanh-toan" } {
                    (csrf_field(caller))
                    button #pay type="submit" { (l.t("handling.pay")) " " (l.amount(a.fee_amount.unwrap_or(0))) " " (l.t("pay.dong")) }
                }
            }
        }
        @if a.status != ApplicationStatus::Draft {
            (messages_block(caller, &format!("/ho-so/{}/tin-nhan", a.id), &x.messages, errors))
        }
        @if a.status.open() {
            h2 { (l.t("handling.withdraw")) }
            form.stack method="post" action={ "/ho-so/" (a.id) "/rut" } {
                (csrf_field(caller))
                div.field {
                    label for="withdraw_reason" { (l.t("handling.withdraw_reason")) }
                    textarea id="withdraw_reason" name="reason" rows="2" required {}
                    (field_errors(l, errors, "reason"))
                }
                button.danger type="submit" { (l.t("handling.withdraw")) }
            }
        }
    }
}

async fn back_to_applicant<T, E: Into<AppError>>(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    result: Result<T, E>,
    done: &'static str,
) -> PageResult<Response> {
    super::applications::after(
        state,
        caller,
        id,
        result.map(|_| ()).map_err(Into::into),
        done,
    )
    .await
}

/// `POST /ho-so/{id}/tin-nhan`: the applicant writes to the officers.
pub async fn applicant_message(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let text = first(&form_pairs(&body), "body").unwrap_or_default();
    let result = handling::post_message(
        &state.db,
        &caller.ctx(),
        handling::Writer::Applicant(me),
        id,
        &text,
    )
    .await;
    back_to_applicant(&state, &caller, id, result, "message_sent").await
}

/// `POST /ho-so/{id}/rut`: the applicant withdraws the dossier.
pub async fn withdraw(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    applicant(&caller)?;
    let reason = first(&form_pairs(&body), "reason").unwrap_or_default();
    let result = handling::withdraw(&state.db, &caller.ctx(), &caller.actor, id, &reason).await;
    back_to_applicant(&state, &caller, id, result, "withdrawn").await
}

/// `POST /ho-so/{id}/thanh-toan`: an order, and the payer sent to the gateway.
pub async fn pay(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
    extensions: axum::http::Extensions,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let Some(cfg) = crate::web::Portal::of(&state).payment.as_ref() else {
        return back_to_applicant(
            &state,
            &caller,
            id,
            Err::<(), _>(AppError::Conflict(
                "online payment is not available: pay at the desk".into(),
            )),
            "",
        )
        .await;
    };
    match crate::payments::start(&state.db, &caller.ctx(), me, id).await {
        Ok(p) => {
            let ip = lode_web::auth::client_ip(&state, &headers, &extensions);
            let url = crate::web::api::handling::pay_url(&state, cfg, &p, &ip).await?;
            // a link, not a redirect: the pages' policy keeps forms on lode's own origin
            let l = caller.lang;
            Ok(layout(
                &caller,
                l.t("handling.payment"),
                Nav::Applications,
                html! {
                    p.crumbs { a href={ "/ho-so/" (id) } { (l.t("pay.back")) } }
                    h1 { (l.t("handling.payment")) }
                    dl.facts {
                        dt { (l.t("pay.order")) } dd { code { (p.txn_ref) } }
                        dt { (l.t("pay.amount")) } dd { (l.amount(p.amount)) " " (l.t("pay.dong")) }
                    }
                    p { a.button #to-gateway href=(url) { (l.t("handling.to_gateway")) } }
                },
            )
            .into_response())
        }
        Err(e) => back_to_applicant(&state, &caller, id, Err::<(), _>(e), "").await,
    }
}

fn pdf(bytes: Vec<u8>, name: &str) -> Response {
    crate::web::api::handling::pdf(bytes, name)
}

/// `GET /ho-so/{id}/mau/{form}`: a paper of the desk (forms 02–05).
pub async fn applicant_form(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, form)): Path<(i64, String)>,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let f = crate::web::slips::Form::parse(&form).ok_or(AppError::NotFound)?;
    Ok(pdf(
        crate::web::slips::form(&state, Some(me), id, f).await?,
        &format!("mau-{form}-{id}"),
    ))
}

/// `GET /ho-so/{id}/ket-qua`: the signed result.
pub async fn applicant_result(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    applicant(&caller)?;
    let sha = handling::result_file(&state.db, &caller.ctx(), &caller.actor, id).await?;
    Ok(lode_web::api::serve_file(&state, &sha, &format!("ket-qua-{id}")).await?)
}

/// `GET /ho-so/{id}/bien-lai/{payment}`: the receipt of a fee paid online.
pub async fn payment_receipt(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, payment)): Path<(i64, i64)>,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    Ok(pdf(
        crate::web::slips::payment_receipt(&state, Some(me), id, payment).await?,
        &format!("bien-lai-{id}-{payment}"),
    ))
}

/// What the desk's page shows past the dossier's content.
pub struct DeskExtras {
    /// Who filed the dossier, and their address as their profile gives it.
    pub applicant: lode_db::accounts::Account,
    pub address: Option<String>,
    pub sheet: Option<handling::ControlSheet>,
    pub answers: Vec<handling::Answer>,
    pub messages: Vec<handling::Message>,
    pub warning: Option<handling::AtRisk>,
}

impl DeskExtras {
    pub async fn load(state: &lode_web::AppState, a: &Application) -> PageResult<Self> {
        let filed = a.code.is_some();
        let warning = if a.status == ApplicationStatus::Accepted {
            handling::at_risk_one(&state.db, lode_db::today(), a.id).await?
        } else {
            None
        };
        let (applicant_id,): (i64,) =
            sqlx::query_as("SELECT applicant_id FROM applications WHERE id = $1")
                .bind(a.id)
                .fetch_one(state.db.pool())
                .await
                .map_err(lode_db::DbError::from)?;
        let applicant = lode_db::accounts::get(&state.db, applicant_id).await?;
        let (address, _) = lode_db::accounts::profile(&state.db, applicant_id).await?;
        Ok(Self {
            applicant,
            address,
            sheet: if filed {
                Some(handling::control_sheet(&state.db, None, a.id).await?)
            } else {
                None
            },
            answers: if a.status == ApplicationStatus::Accepted {
                handling::answers(&state.db, a.id).await?
            } else {
                Vec::new()
            },
            messages: if filed {
                handling::messages(&state.db, None, a.id).await?
            } else {
                Vec::new()
            },
            warning,
        })
    }
}

pub fn desk_section(
    caller: &Caller,
    a: &Application,
    x: &DeskExtras,
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    html! {
        @if let Some(w) = &x.warning {
            div.alert role="alert" id="late-warning" {
                p {
                    @if w.overdue { strong { (l.t("handling.overdue")) } } @else {
                        strong { (l.t("handling.due_soon")) } " " (w.working_days_left) " " (l.t("handling.working_days_left"))
                    }
                    @if let Some(by) = &w.apologise_by { " · " (l.t("handling.apologise_by")) " " (lode_web::pages::local_day(by)) }
                }
            }
        }
        @let forms = forms_of(a);
        @if !forms.is_empty() {
            h2 { (l.t("handling.papers")) }
            ul { @for (n, name) in &forms { li { a href={ "/mot-cua/" (a.id) "/mau/" (n) } { (name) } } } }
        }
        @if let Some(s) = &x.sheet {
            @if !s.stages.is_empty() {
                h2 { (l.t("handling.control_sheet")) }
                table.list {
                    thead { tr { th { (l.t("handling.stage")) } th { (l.t("handling.due")) } } }
                    tbody { @for st in &s.stages { tr { td { (st.name) } td data-label=(l.t("handling.due")) { (lode_web::pages::local_day(&st.due_on)) } } } }
                }
                table.list #handovers {
                    thead { tr { th { (l.t("handling.giver")) } th { (l.t("handling.receiver")) } th { (l.t("handling.at")) } th { (l.t("handling.due")) } th { (l.t("handling.verdict")) } } }
                    tbody {
                        @for r in &s.rows {
                            tr {
                                td data-label=(l.t("handling.giver")) { (r.giver) }
                                td data-label=(l.t("handling.receiver")) { (r.receiver) }
                                td data-label=(l.t("handling.at")) { (local_time(&r.at)) }
                                td data-label=(l.t("handling.due")) { (lode_web::pages::local_day(&r.due_on)) }
                                td data-label=(l.t("handling.verdict")) { (r.timeliness_label) }
                            }
                        }
                    }
                }
                @if let Some(doc) = s.incoming_id { p { a href={ "/incoming/" (doc) } { (l.t("handling.in_eoffice")) } } }
            }
        }
        @if a.status == ApplicationStatus::Accepted {
            h2 { (l.t("handling.result")) }
            @if x.answers.is_empty() { p.hint { (l.t("handling.no_answer")) } }
            @for ans in &x.answers {
                form.inline method="post" action={ "/mot-cua/" (a.id) "/ket-qua" } {
                    (csrf_field(caller))
                    input type="hidden" name="outgoing_id" value=(ans.outgoing_id);
                    span { (ans.notation.as_deref().unwrap_or("—")) " — " (ans.subject) " (" (ans.signatures) " " (l.t("handling.signatures")) ") " }
                    button type="submit" { (l.t("handling.publish")) }
                }
            }
            (field_errors(l, errors, "outgoing_id"))
            // needed only when the dossier will be late: folded away until then (or until a
            // refusal of it is shown)
            @let apology_open = x.warning.is_some()
                || errors.0.iter().any(|e| e.field == "reason" || e.field == "new_due_on");
            details.apology open[apology_open] {
            summary { h2 { (l.t("handling.apology")) } }
            form.stack method="post" action={ "/mot-cua/" (a.id) "/xin-loi" } {
                (csrf_field(caller))
                div.field {
                    label for="apology_reason" { (l.t("handling.apology_reason")) }
                    textarea id="apology_reason" name="reason" rows="2" required {}
                    (field_errors(l, errors, "reason"))
                }
                div.field {
                    label for="new_due_on" { (l.t("handling.new_due_on")) }
                    input id="new_due_on" name="new_due_on" type="date" required;
                    (field_errors(l, errors, "new_due_on"))
                }
                button type="submit" { (l.t("handling.apologise")) }
            }
            }
        }
        @if a.status == ApplicationStatus::ResultReady {
            h2 { (l.t("handling.hand_over")) }
            p { a href={ "/mot-cua/" (a.id) "/ket-qua" } { (l.t("handling.download_result")) } }
            form.stack method="post" action={ "/mot-cua/" (a.id) "/tra" } {
                (csrf_field(caller))
                div.field {
                    label for="method" { (l.t("handling.method")) }
                    select id="method" name="method" {
                        option value="desk" { (l.t("handling.method.desk")) }
                        option value="post" { (l.t("handling.method.post")) }
                    }
                }
                div.field {
                    label for="note" { (l.t("handling.note")) }
                    input id="note" name="note";
                    (field_errors(l, errors, "note"))
                }
                button type="submit" { (l.t("handling.hand_over")) }
            }
        }
        @if a.code.is_some() {
            (messages_block(caller, &format!("/mot-cua/{}/tin-nhan", a.id), &x.messages, errors))
        }
    }
}

async fn back_to_desk<T, E: Into<AppError>>(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    result: Result<T, E>,
) -> PageResult<Response> {
    let result = result.map(|_| ()).map_err(Into::into);
    answer_change(
        result,
        |_| format!("/mot-cua/{id}"),
        |errors, conflict| async move {
            super::applications::desk_page(state, caller, id, &errors, conflict.as_deref()).await
        },
    )
    .await
}

fn desk_only(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::WorkTheDesk)
}

/// `POST /mot-cua/{id}/ket-qua`: an answering document becomes the result.
pub async fn publish(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let out = first(&form_pairs(&body), "outgoing_id")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let result = handling::publish_result(&state.db, &caller.ctx(), &caller.actor, id, out).await;
    back_to_desk(&state, &caller, id, result).await
}

/// `POST /mot-cua/{id}/tra`: the result handed over or posted.
pub async fn hand_over(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let p = form_pairs(&body);
    let method = match first(&p, "method").as_deref() {
        Some("post") => ReturnMethod::Post,
        _ => ReturnMethod::Desk,
    };
    let note = first(&p, "note");
    let result = handling::record_return(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        method,
        note.as_deref(),
    )
    .await;
    back_to_desk(&state, &caller, id, result).await
}

/// `POST /mot-cua/{id}/xin-loi`: the apology with a new date.
pub async fn apologise(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let p = form_pairs(&body);
    let result = handling::apologise(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        &first(&p, "reason").unwrap_or_default(),
        &first(&p, "new_due_on").unwrap_or_default(),
    )
    .await;
    back_to_desk(&state, &caller, id, result).await
}

/// `POST /mot-cua/{id}/tin-nhan`: the officer writes to the applicant.
pub async fn desk_message(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let text = first(&form_pairs(&body), "body").unwrap_or_default();
    let result = handling::post_message(
        &state.db,
        &caller.ctx(),
        handling::Writer::Officer(&caller.actor),
        id,
        &text,
    )
    .await;
    back_to_desk(&state, &caller, id, result).await
}

/// `GET /mot-cua/{id}/mau/{form}`: forms 02–05 for the desk.
pub async fn desk_form(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, form)): Path<(i64, String)>,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let f = crate::web::slips::Form::parse(&form).ok_or(AppError::NotFound)?;
    Ok(pdf(
        crate::web::slips::form(&state, None, id, f).await?,
        &format!("mau-{form}-{id}"),
    ))
}

/// `GET /mot-cua/{id}/ket-qua`: the result, to print and hand over.
pub async fn desk_result(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let sha = handling::result_file_for_desk(&state.db, &caller.actor, id).await?;
    Ok(lode_web::api::serve_file(&state, &sha, &format!("ket-qua-{id}")).await?)
}

fn intake_page(
    caller: &Caller,
    procedures: &[crate::catalogue::ProcedureSummary],
    errors: &FieldErrors,
    pairs: &[(String, String)],
) -> Markup {
    let l = caller.lang;
    let val = |k: &str| first(pairs, k).unwrap_or_default();
    layout(
        caller,
        l.t("handling.intake"),
        Nav::Services,
        html! {
            p.crumbs { a href="/mot-cua" { (l.t("desk.title")) } }
            h1 { (l.t("handling.intake")) }
            (lode_web::pages::form_errors(l, errors, &[]))
            form.stack method="post" action="/mot-cua/nhap" {
                (csrf_field(caller))
                div.field {
                    label for="procedure_code" { (l.t("services.name")) }
                    select id="procedure_code" name="procedure_code" {
                        @for p in procedures { option value=(p.code) selected[val("procedure_code") == p.code] { (p.code) " — " (p.name) } }
                    }
                    (field_errors(l, errors, "procedure_code"))
                }
                div.field {
                    label for="kind" { (l.t("handling.applicant_kind")) }
                    select id="kind" name="kind" {
                        option value="citizen" selected[val("kind") != "business"] { (l.t("handling.citizen")) }
                        option value="business" selected[val("kind") == "business"] { (l.t("handling.business")) }
                    }
                }
                @for (name, key) in [("full_name", "handling.full_name"), ("phone", "track.phone"), ("email", "handling.email"),
                                     ("organisation_name", "handling.organisation"), ("tax_code", "handling.tax_code"), ("address", "handling.address")] {
                    div.field {
                        label for=(name) { (l.t(key)) }
                        input id=(name) name=(name) value=(val(name));
                        (field_errors(l, errors, &format!("applicant.{name}")))
                    }
                }
                button type="submit" { (l.t("handling.intake_next")) }
            }
        },
    )
}

/// `GET /mot-cua/nhap`: the form for a paper dossier brought to the counter.
pub async fn intake_form(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    desk_only(&caller)?;
    let procedures = crate::catalogue::catalogue(&state.db, None, lode_db::today()).await?;
    Ok(intake_page(&caller, &procedures, &FieldErrors::new(), &[]))
}

/// `POST /mot-cua/nhap`: the paper dossier entered; its scans next.
pub async fn intake(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let p = form_pairs(&body);
    let get = |k: &str| first(&p, k).filter(|v| !v.trim().is_empty());
    let input = applications::DeskIntake {
        procedure_code: get("procedure_code").unwrap_or_default(),
        applicant: lode_db::accounts::WalkIn {
            kind: get("kind").unwrap_or_else(|| "citizen".into()),
            full_name: get("full_name").unwrap_or_default(),
            phone: get("phone").unwrap_or_default(),
            email: get("email"),
            organisation_name: get("organisation_name"),
            tax_code: get("tax_code"),
            address: get("address"),
        },
        values: Default::default(),
    };
    match applications::desk_intake(&state.db, &caller.ctx(), &caller.actor, &input).await {
        Ok(a) => Ok(Redirect::to(&format!("/mot-cua/{}", a.id)).into_response()),
        Err(lode_db::DbError::Invalid(errors)) => {
            let procedures = crate::catalogue::catalogue(&state.db, None, lode_db::today()).await?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                intake_page(&caller, &procedures, &errors, &p),
            )
                .into_response())
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// The part of the desk's page for a paper dossier being entered: the form's values, a scan per
/// paper, then receiving it.
pub fn paper_section(
    caller: &Caller,
    a: &Application,
    p: &lode_core::services::Procedure,
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    html! {
        h2 { (l.t("handling.scans")) }
        ol {
            @for d in &p.documents {
                @let held = a.documents.iter().find(|x| x.key == d.key);
                li {
                    (d.name) @if !d.required { " " span.badge { (l.t("services.optional")) } }
                    @if let Some(h) = held { " — " strong { (h.name) } }
                    (field_errors(l, errors, &format!("documents.{}", d.key)))
                    form.inline method="post" enctype="multipart/form-data" action={ "/mot-cua/" (a.id) "/tai-lieu?csrf=" (caller.csrf()) } {
                        input type="hidden" name="key" value=(d.key);
                        input name="file" type="file" accept="application/pdf,.pdf" required aria-label=(d.name);
                        button type="submit" { (l.t("apps.upload")) }
                    }
                }
            }
        }
        form method="post" action={ "/mot-cua/" (a.id) "/tiep-nhan" } {
            (csrf_field(caller))
            button #receive type="submit" { (l.t("handling.receive")) }
        }
    }
}

/// `POST /mot-cua/{id}/tai-lieu`: the scan of one paper.
pub async fn scan(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let super::applications::Upload {
        key, name, data, ..
    } = super::applications::read_upload(&mut multipart).await?;
    let field = format!("documents.{key}");
    let result = async {
        lode_web::files::accept_pdf(&field, &data)?;
        applications::desk_draft(&state.db, &caller.actor, id).await?;
        let sha = lode_web::files::store_pdf(&state, data, Some(caller.account.id)).await?;
        applications::desk_put_document(&state.db, &caller.actor, id, &key, &sha, &name).await?;
        Ok::<(), AppError>(())
    }
    .await;
    back_to_desk(&state, &caller, id, result).await
}

/// `POST /mot-cua/{id}/tiep-nhan`: the paper dossier gets its code; the receipt slip prints.
pub async fn receive(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let result = applications::desk_receive(&state.db, &caller.ctx(), &caller.actor, id).await;
    back_to_desk(&state, &caller, id, result).await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct StatisticsQuery {
    pub year: Option<i32>,
}

/// `GET /thong-ke`: the public services' statistics for a year, as charts, with the register
/// and the figures to download.
pub async fn statistics(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::pages::PageQuery(q): lode_web::pages::PageQuery<StatisticsQuery>,
) -> PageResult<Markup> {
    crate::web::api::handling::may_see_statistics(&caller)?;
    let l = caller.lang;
    let today = lode_db::today();
    let year = q
        .year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or(chrono::Datelike::year(&today));
    let s = handling::statistics(&state.db, year, today).await?;
    let desk = caller.may(Action::WorkTheDesk);
    Ok(layout(
        &caller,
        l.t("handling.statistics"),
        Nav::Services,
        html! {
            h1 { (l.t("handling.statistics")) " " (year) }
            form.filters method="get" action="/thong-ke" {
                div.field { label for="year" { (l.t("handling.year")) } input id="year" name="year" type="number" value=(year); }
                button type="submit" { (l.t("filter.apply")) }
            }
            (services_charts(l, &s))
            p {
                a href={ "/api/v1/services/statistics?year=" (year) "&format=xlsx" } { (l.t("handling.export_xlsx")) } " · "
                a href={ "/api/v1/services/statistics?year=" (year) "&format=pdf" } { (l.t("handling.export_pdf")) }
                @if desk {
                    " · " a href={ "/api/v1/desk/register?from=" (year) "-01-01&to=" (year) "-12-31&format=pdf" } { (l.t("handling.register_pdf")) }
                    " · " a href={ "/api/v1/desk/register?from=" (year) "-01-01&to=" (year) "-12-31&format=xlsx" } { (l.t("handling.register_xlsx")) }
                }
            }
        },
    ))
}

/// The public services' figures of a year as charts: the shares filed online and handled on
/// time, dossiers received by month (online, at the desk), results by procedure. On the
/// statistics page and the dashboard.
pub fn services_charts(l: lode_web::i18n::Lang, s: &handling::Statistics) -> Markup {
    let months: Vec<(String, i64, i64)> = s
        .months
        .iter()
        .enumerate()
        .map(|(i, f)| (format!("{}", i + 1), f.received_online, f.received_desk))
        .collect();
    let procedures: Vec<(String, i64, i64, i64)> = s
        .procedures
        .iter()
        .map(|p| {
            (
                p.procedure_name.clone(),
                p.total.on_time,
                p.total.late,
                p.total.overdue,
            )
        })
        .collect();
    html! {
        div.gauges {
            (charts::gauge(l, l.t("handling.online_share"), s.total.received_online, s.total.received_online + s.total.received_desk))
            (charts::gauge(l, l.t("handling.on_time_share"), s.total.on_time, s.total.on_time + s.total.late))
        }
        (charts::paired_bars(l.t("handling.by_month"), &months, (l.t("handling.online"), l.t("handling.desk"))))
        @if !procedures.is_empty() {
            (charts::stacked_rows(l.t("handling.by_procedure"), &procedures, (l.t("handling.on_time"), l.t("handling.late"), l.t("handling.overdue_now"))))
        }
    }
}
