//! The handlers of a dossier after filing, both sides (their page parts are in
//! [`super::sections`]):
//!
//! - the applicant's, on `/ho-so/{id}`: messages with the officers, the fee paid online through
//!   the gateway and its receipts, the desk's papers (forms 02–05), the signed result to
//!   download, withdrawal;
//! - the desk's, on `/mot-cua/{id}`: the answering documents to return as the result, handing
//!   over, the apology with a new date (form 04), messages; paper dossiers entered at the
//!   counter with their scans (`/mot-cua/nhap`); the register (form 06) and the statistics with
//!   charts (`/thong-ke`).

use crate::applications;
use crate::handling::{self, ReturnMethod};
use axum::extract::{Multipart, Path};
use axum::response::{IntoResponse, Redirect, Response};
use lode_core::authz::Action;

use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use lode_web::pages::{
    Nav, answer_change, charts, csrf_field, field_errors, first, form_pairs, layout,
};
use maud::{Markup, html};

fn applicant(caller: &Caller) -> Result<i64, AppError> {
    if caller.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok(caller.account.id)
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
    let pairs = form_pairs(&body);
    let reason = first(&pairs, "reason").unwrap_or_default();
    // a dossier withdrawn is settled for good: the box ticked first
    let result = match lode_web::pages::confirmed(&pairs) {
        Ok(()) => handling::withdraw(&state.db, &caller.ctx(), &caller.actor, id, &reason).await,
        Err(e) => Err(e.into()),
    };
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
            let url = crate::web::api::handling::pay_url(&state, cfg, &p, &ip, &headers).await?;
            // a link, not a redirect: the pages' policy keeps forms on lode's own origin
            let l = caller.lang;
            Ok(layout(
                &caller,
                l.t("handling.payment"),
                Nav::Applications,
                html! {
                    p.crumbs { a href={ "/ho-so/" (id) } { (l.t("pay.back")) } }
                    h1 { (l.t("handling.payment")) }
                    (payment_facts(&state, l, &p).await?)
                    p { a.button #to-gateway href=(url) { (l.t("handling.to_gateway")) } }
                },
            )
            .into_response())
        }
        Err(e) => back_to_applicant(&state, &caller, id, Err::<(), _>(e), "").await,
    }
}

/// What a payment is for, as its payer knows it (the dossier's code, its procedure), and how
/// much; the gateway's reference after them, for a call to the bank.
pub(crate) async fn payment_facts(
    state: &lode_web::AppState,
    l: lode_web::i18n::Lang,
    p: &crate::payments::Payment,
) -> PageResult<maud::Markup> {
    // a payment is for a dossier filed: the desk's reading of it holds its code
    let (dossier, procedure) = applications::for_desk(&state.db, p.application_id).await?;
    let words = super::Words::for_reader(&state.db, l).await?;
    Ok(html! {
        dl.facts {
            dt { (l.t("track.code")) } dd { (dossier.code.as_deref().unwrap_or("—")) }
            dt { (l.t("services.name")) } dd { (words.of(&procedure.name)) }
            dt { (l.t("pay.amount")) } dd { strong { (l.amount(p.amount)) " " (l.t("pay.dong")) } }
            dt { (l.t("pay.order")) } dd { code { (p.txn_ref) } }
        }
    })
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
    let bytes = crate::web::slips::form(&state, Some(me), id, f).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, &format!("mau-{form}")).await?;
    Ok(pdf(bytes, &name))
}

/// `GET /ho-so/{id}/ket-qua`: the signed result.
pub async fn applicant_result(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    applicant(&caller)?;
    let sha = handling::result_file(&state.db, &caller.ctx(), &caller.actor, id).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, "ket-qua").await?;
    Ok(lode_web::api::serve_file(&state, &sha, &name).await?)
}

/// `GET /ho-so/{id}/bien-lai/{payment}`: the receipt of a fee paid online.
pub async fn payment_receipt(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, payment)): Path<(i64, i64)>,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let bytes = crate::web::slips::payment_receipt(&state, Some(me), id, payment).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, "bien-lai").await?;
    Ok(pdf(bytes, &name))
}

async fn back_to_desk<T, E: Into<AppError>>(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    result: Result<T, E>,
) -> PageResult<Response> {
    back_to_desk_saying(state, caller, (id, None), result).await
}

/// [`back_to_desk`], the dossier's page saying what was done (`?done=…`) when it succeeded.
async fn back_to_desk_saying<T, E: Into<AppError>>(
    state: &lode_web::AppState,
    caller: &Caller,
    (id, done): (i64, Option<&str>),
    result: Result<T, E>,
) -> PageResult<Response> {
    back_to_desk_typed(state, caller, (id, done), result, &Default::default()).await
}

/// [`back_to_desk_saying`] after a form whose refusal shows again what was `typed` in it.
async fn back_to_desk_typed<T, E: Into<AppError>>(
    state: &lode_web::AppState,
    caller: &Caller,
    (id, done): (i64, Option<&str>),
    result: Result<T, E>,
    typed: &super::applications::Decided,
) -> PageResult<Response> {
    let result = result.map(|_| ()).map_err(Into::into);
    answer_change(
        result,
        |_| match done {
            Some(d) => format!("/mot-cua/{id}?done={d}"),
            None => format!("/mot-cua/{id}"),
        },
        |errors, conflict| async move {
            super::applications::desk_page_typed(
                state,
                caller,
                id,
                (&errors, conflict.as_deref()),
                typed,
            )
            .await
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
    back_to_desk_saying(&state, &caller, (id, Some("published")), result).await
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
    back_to_desk_saying(&state, &caller, (id, Some("handed_over")), result).await
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
    let (reason, new_due_on) = (
        first(&p, "reason").unwrap_or_default(),
        first(&p, "new_due_on").unwrap_or_default(),
    );
    let result = handling::apologise(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        &reason,
        &new_due_on,
    )
    .await;
    // refused, the form comes back with what was typed in it
    let typed = super::applications::Decided::apology(reason, new_due_on);
    back_to_desk_typed(&state, &caller, (id, Some("apologised")), result, &typed).await
}

/// `POST /mot-cua/{id}/tin-nhan`: the officer writes to the applicant.
pub async fn desk_message(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    // the desk, or the letter's handler (the store decides which may write)
    handling::following(&state.db, &caller.actor, id).await?;
    let text = first(&form_pairs(&body), "body").unwrap_or_default();
    let result = handling::post_message(
        &state.db,
        &caller.ctx(),
        handling::Writer::Officer(&caller.actor),
        id,
        &text,
    )
    .await;
    back_to_desk_saying(&state, &caller, (id, Some("message_sent")), result).await
}

/// `GET /mot-cua/{id}/mau/{form}`: forms 02–05 for the desk.
pub async fn desk_form(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, form)): Path<(i64, String)>,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let f = crate::web::slips::Form::parse(&form).ok_or(AppError::NotFound)?;
    let bytes = crate::web::slips::form(&state, None, id, f).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, &format!("mau-{form}")).await?;
    Ok(pdf(bytes, &name))
}

/// `GET /mot-cua/{id}/ket-qua`: the result, to print and hand over.
pub async fn desk_result(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let sha = handling::result_file_for_desk(&state.db, &caller.actor, id).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, "ket-qua").await?;
    Ok(lode_web::api::serve_file(&state, &sha, &name).await?)
}

fn intake_page(
    caller: &Caller,
    procedures: &[crate::catalogue::ProcedureSummary],
    errors: &FieldErrors,
    pairs: &[(String, String)],
) -> Markup {
    let l = caller.lang;
    let val = |k: &str| first(pairs, k).unwrap_or_default();
    // the applicant's fields as the form names them (`full_name`, not `applicant.full_name`):
    // each error beside its box and named in the banner by its label, a link to it
    let errors = FieldErrors(
        errors
            .0
            .iter()
            .map(|e| {
                let mut e = e.clone();
                if let Some(f) = e.field.strip_prefix("applicant.") {
                    e.field = f.to_string();
                }
                e
            })
            .collect(),
    );
    let errors = &errors;
    let field = |name: &str, required: bool| {
        let described = lode_web::pages::error_id(errors, name);
        html! {
            label for=(name) { (l.t(&format!("intake.{name}"))) @if required { (lode_web::pages::required_mark()) } }
            @match name {
                "procedure_code" => select id=(name) name=(name) required aria-invalid=[described.is_some().then_some("true")] aria-describedby=[described.as_deref()] {
                    // none chosen beforehand: the officer picks the one the papers are for
                    option value="" { (l.t("intake.choose_procedure")) }
                    @for p in procedures { option value=(p.code) selected[val(name) == p.code] { (p.code) " — " (p.name) } }
                },
                "kind" => select id=(name) name=(name) required aria-invalid=[described.is_some().then_some("true")] aria-describedby=[described.as_deref()] {
                    option value="" { (l.t("intake.choose_kind")) }
                    option value="citizen" selected[val(name) == "citizen"] { (l.t("handling.citizen")) }
                    option value="business" selected[val(name) == "business"] { (l.t("handling.business")) }
                },
                _ => input id=(name) name=(name) value=(val(name)) required[required] aria-invalid=[described.is_some().then_some("true")] aria-describedby=[described.as_deref()];,
            }
            (field_errors(l, errors, name))
        }
    };
    const FIELDS: [(&str, bool); 8] = [
        ("procedure_code", true),
        ("kind", true),
        ("full_name", true),
        ("phone", true),
        ("email", false),
        ("organisation_name", false),
        ("tax_code", false),
        ("address", false),
    ];
    let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
    layout(
        caller,
        l.t("handling.intake"),
        Nav::Desk,
        html! {
            p.crumbs { a href="/mot-cua" { (l.t("desk.title")) } }
            h1 { (l.t("handling.intake")) }
            (lode_web::pages::labelled_form_errors(l, errors, &names, Some("intake")))
            form.stack method="post" action="/mot-cua/nhap" {
                (csrf_field(caller))
                p.hint { (l.t("form.required_hint")) }
                @for (name, required) in FIELDS { div.field { (field(name, required)) } }
                button type="submit" { (l.t("handling.intake_next")) }
            }
        },
    )
}

/// The procedures in force, each named in the reader's language.
async fn procedures_in_force(
    state: &lode_web::AppState,
    l: lode_web::i18n::Lang,
) -> PageResult<Vec<crate::catalogue::ProcedureSummary>> {
    let words = super::Words::for_reader(&state.db, l).await?;
    let mut procedures = crate::catalogue::catalogue(&state.db, None, lode_db::today()).await?;
    for p in &mut procedures {
        p.name = words.of(&p.name).to_string();
    }
    Ok(procedures)
}

/// `GET /mot-cua/nhap`: the form for a paper dossier brought to the counter.
pub async fn intake_form(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    desk_only(&caller)?;
    let procedures = procedures_in_force(&state, caller.lang).await?;
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
            kind: get("kind").unwrap_or_default(),
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
            let procedures = procedures_in_force(&state, caller.lang).await?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                intake_page(&caller, &procedures, &errors, &p),
            )
                .into_response())
        }
        Err(e) => Err(AppError::from(e).into()),
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
        applications::desk_put_document(
            &state.db,
            &caller.ctx(),
            &caller.actor,
            id,
            &key,
            &sha,
            &name,
        )
        .await?;
        Ok::<(), AppError>(())
    }
    .await;
    back_to_desk(&state, &caller, id, result).await
}

/// `POST /mot-cua/{id}/thong-tin`: what the paper form of a dossier entered at the desk says.
pub async fn paper_values(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let (values, version) = super::applications::posted_values(&body);
    let result = applications::desk_update_values(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        &values,
        version,
    )
    .await;
    back_to_desk(&state, &caller, id, result).await
}

/// `POST /mot-cua/{id}/tiep-nhan`: the paper dossier the officer checked at the counter gets
/// its code and is accepted, as the button says; the receipt slip prints. (Papers found
/// missing at the counter are handed back there, never entered.) Should accepting fail, the
/// dossier waits at the desk, filed, for the officer's decision.
pub async fn receive(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    desk_only(&caller)?;
    let ctx = caller.ctx();
    let result = match applications::desk_receive(&state.db, &ctx, &caller.actor, id).await {
        Ok(_) => {
            handling::decide_at_desk(
                &state.db,
                &ctx,
                &caller.actor,
                id,
                handling::DeskDecision::Accept,
                "",
            )
            .await
        }
        Err(e) => Err(e),
    };
    back_to_desk_saying(&state, &caller, (id, Some("accepted")), result).await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct StatisticsQuery {
    /// As typed: a word or a year lode cannot hold is said beside the box, not replaced silently.
    #[serde(default)]
    pub year: Option<String>,
}

/// The years whose statistics lode may hold.
const YEARS_HELD: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The year the statistics are asked for, when it is one lode may hold; else this year.
fn year_asked(asked: Option<i32>, today: chrono::NaiveDate) -> i32 {
    asked
        .filter(|y| YEARS_HELD.contains(y))
        .unwrap_or(chrono::Datelike::year(&today))
}

/// The year typed in the statistics' box, or why it cannot be read (`None`: none typed).
fn year_typed(typed: Option<&str>) -> Result<Option<i32>, FieldErrors> {
    let Some(t) = typed.map(str::trim) else {
        return Ok(None);
    };
    match t.parse::<i32>() {
        Ok(y) if YEARS_HELD.contains(&y) => Ok(Some(y)),
        _ => Err(FieldErrors::single(
            "year",
            "year_of_statistics",
            "a year from 2000 to 2100",
        )),
    }
}

/// Where the dossiers behind a figure of the statistics are listed.
pub const COUNTED: &str = "/thong-ke/ho-so";

/// How many dossiers a page of [`counted`] lists.
const COUNTED_PAGE: usize = 50;

#[derive(Debug, Default, serde::Deserialize)]
pub struct CountedQuery {
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub year: Option<i64>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub month: Option<i64>,
    pub channel: Option<String>,
    pub procedure: Option<String>,
    pub outcome: Option<String>,
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub page: Option<i64>,
}

/// `GET /thong-ke/ho-so`: the dossiers a figure of the statistics counts, saying in words what
/// it counted; each opens at the desk for its officers.
pub async fn counted(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::pages::PageQuery(q): lode_web::pages::PageQuery<CountedQuery>,
) -> PageResult<Markup> {
    crate::web::api::handling::may_see_statistics(&caller)?;
    let l = caller.lang;
    let today = lode_db::today();
    let year = year_asked(q.year.and_then(|y| i32::try_from(y).ok()), today);
    let counting = handling::Counting {
        month: q
            .month
            .filter(|m| (1..=12).contains(m))
            .and_then(|m| u32::try_from(m).ok()),
        channel: q.channel,
        procedure: q.procedure,
        outcome: q.outcome,
    };
    let mut found = handling::counted_by(&state.db, year, today, &counting).await?;
    let words = super::Words::for_reader(&state.db, l).await?;
    for d in &mut found {
        d.procedure_name = words.of(&d.procedure_name).to_string();
    }
    let count = i64::try_from(found.len()).unwrap_or(i64::MAX);
    let page = q.page.filter(|p| *p >= 1).unwrap_or(1);
    let shown = found
        .iter()
        .skip(
            usize::try_from(page - 1)
                .unwrap_or(0)
                .saturating_mul(COUNTED_PAGE),
        )
        .take(COUNTED_PAGE);
    let desk = caller.may(Action::WorkTheDesk);
    let c = &counting;
    let mut said: Vec<String> = Vec::new();
    if let Some(m) = c.month {
        said.push(l.fill("handling.month", &serde_json::json!({ "month": m })));
    }
    match c.channel.as_deref() {
        Some("online") => said.push(l.t("handling.online").to_string()),
        Some("desk") => said.push(l.t("handling.desk").to_string()),
        _ => {}
    }
    if let Some(name) = c
        .procedure
        .as_deref()
        .and_then(|code| found.iter().find(|d| d.procedure_code == code))
        .map(|d| d.procedure_name.clone())
    {
        said.push(name);
    }
    let outcome = match c.outcome.as_deref() {
        Some("on_time") => Some("handling.counted.on_time"),
        Some("late") => Some("handling.counted.late"),
        Some("overdue") => Some("handling.counted.overdue"),
        Some("timed") => Some("handling.counted.timed"),
        Some("waiting") => Some("handling.counted.waiting"),
        Some("in_progress") => Some("handling.counted.in_progress"),
        Some("refused") => Some("handling.counted.refused"),
        Some("withdrawn") => Some("handling.counted.withdrawn"),
        _ => None,
    };
    if let Some(key) = outcome {
        said.push(l.t(key).to_string());
    }
    let address = |p: i64| {
        let year = year.to_string();
        let month = c.month.map(|m| m.to_string());
        lode_web::pages::listing::Address::new()
            .pair("year", Some(&year))
            .pair("month", month.as_deref())
            .texts(&[
                ("channel", &c.channel),
                ("procedure", &c.procedure),
                ("outcome", &c.outcome),
            ])
            .page(p)
            .at(COUNTED)
    };
    let title = l.fill(
        "handling.counted_title",
        &serde_json::json!({ "year": year }),
    );
    Ok(layout(
        &caller,
        &title,
        Nav::Services,
        html! {
            p.crumbs { a href={ "/thong-ke?year=" (year) } { (l.t("handling.statistics")) " " (year) } }
            h1 { (title) }
            @if !said.is_empty() {
                div.notice role="status" {
                    p { (l.t("handling.counted_by")) }
                    ul { @for w in &said { li { (w) } } }
                }
            }
            (lode_web::pages::listing::total_line(l, Some(lode_db::Total { count, more: false })))
            @if found.is_empty() { p.empty { (l.t("list.empty")) } } @else {
                table.list {
                    thead { tr {
                        th { (l.t("track.code")) } th { (l.t("services.name")) } th { (l.t("track.received")) }
                        th { (l.t("track.due")) } th { (l.t("track.status")) }
                    } }
                    tbody {
                        @for d in shown {
                            tr {
                                td { @if desk { a href={ "/mot-cua/" (d.id) } { (d.code) } } @else { (d.code) } }
                                td data-label=(l.t("services.name")) { (d.procedure_name) }
                                td data-label=(l.t("track.received")) { (lode_web::pages::local_day(&d.received_on)) }
                                td data-label=(l.t("track.due")) { (lode_web::pages::local_day_or_dash(d.due_on.as_deref().filter(|_| d.status.promises_a_date()))) }
                                td data-label=(l.t("track.status")) {
                                    (l.t(&format!("track.status.{}", d.status)))
                                    @if d.counts.overdue == 1 { " " span.badge.overdue { (l.t("handling.overdue_now")) } }
                                }
                            }
                        }
                    }
                }
                (lode_web::pages::listing::pager(l, page, COUNTED_PAGE as i64, Some(lode_db::Total { count, more: false }), false, address))
            }
        },
    ))
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
    let (year, errors) = match year_typed(q.year.as_deref()) {
        Ok(typed) => (year_asked(typed, today), FieldErrors::new()),
        Err(errors) => (year_asked(None, today), errors),
    };
    let s = worded_statistics(&state.db, l, year, today).await?;
    let mut ratings = crate::ratings::of_year(&state.db, year).await?;
    let words = super::Words::for_reader(&state.db, l).await?;
    for (_, name, _) in &mut ratings.procedures {
        *name = words.of(name).to_string();
    }
    let desk = caller.may(Action::WorkTheDesk);
    Ok(layout(
        &caller,
        l.t("handling.statistics"),
        Nav::Services,
        html! {
            h1 { (l.t("handling.statistics")) " " (year) }
            form.filters method="get" action="/thong-ke" {
                div.field {
                    label for="year" { (l.t("handling.year")) }
                    // what was typed stays in the box beside the reason it was not read
                    input id="year" name="year" type="number" min=(YEARS_HELD.start()) max=(YEARS_HELD.end())
                        value=(if errors.is_empty() { year.to_string() } else { q.year.clone().unwrap_or_default() })
                        aria-invalid=[(!errors.is_empty()).then_some("true")]
                        aria-describedby=[lode_web::pages::error_id(&errors, "year")];
                    (field_errors(l, &errors, "year"))
                }
                button type="submit" { (l.t("filter.apply")) }
            }
            (services_charts(l, &s))
            (outcome_table(l, &s))
            (ratings_table(l, &ratings))
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

/// The public services' figures of `year` as at `today`, each procedure named in the
/// reader's language: for the statistics page and the dashboard.
pub async fn worded_statistics(
    db: &lode_db::Db,
    l: lode_web::i18n::Lang,
    year: i32,
    today: chrono::NaiveDate,
) -> Result<handling::Statistics, AppError> {
    let mut s = handling::statistics(db, year, today).await?;
    let words = super::Words::for_reader(db, l).await?;
    for p in &mut s.procedures {
        p.procedure_name = words.of(&p.procedure_name).to_string();
    }
    Ok(s)
}

/// How satisfied applicants were with the handling of the dossiers they rated in the year, by
/// procedure: each level, the ratings in all, the share satisfied.
fn ratings_table(l: lode_web::i18n::Lang, r: &crate::ratings::YearRatings) -> Markup {
    use lode_core::services::Satisfaction;
    let share = |c: &crate::ratings::Counts| {
        c.satisfied_percent()
            .map_or_else(|| "—".to_string(), |p| format!("{p}%"))
    };
    let levels = |c: &crate::ratings::Counts| {
        [
            (Satisfaction::VerySatisfied, c.very_satisfied),
            (Satisfaction::Satisfied, c.satisfied),
            (Satisfaction::Unsatisfied, c.unsatisfied),
        ]
    };
    html! {
        h2 #ratings { (l.t("rating.statistics")) " " (r.year) }
        @if r.total.total() == 0 {
            p { (l.t("rating.none")) }
        } @else {
            table.list.ratings {
                thead {
                    tr {
                        th scope="col" { (l.t("rating.procedure")) }
                        @for s in Satisfaction::ALL { th scope="col" { (l.t(&format!("rating.level.{s}"))) } }
                        th scope="col" { (l.t("rating.total")) }
                        th scope="col" { (l.t("rating.share")) }
                    }
                }
                tbody {
                    @for (_, name, c) in &r.procedures {
                        tr {
                            td { (name) }
                            @for (s, n) in levels(c) { td data-label=(l.t(&format!("rating.level.{s}"))) { (l.number(n)) } }
                            td data-label=(l.t("rating.total")) { (l.number(c.total())) }
                            td data-label=(l.t("rating.share")) { (share(c)) }
                        }
                    }
                }
                tfoot {
                    tr {
                        th scope="row" { (l.t("rating.all")) }
                        @for (s, n) in levels(&r.total) { td data-label=(l.t(&format!("rating.level.{s}"))) { (l.number(n)) } }
                        td data-label=(l.t("rating.total")) { (l.number(r.total.total())) }
                        td data-label=(l.t("rating.share")) { (share(&r.total)) }
                    }
                }
            }
        }
    }
}

/// The year's dossiers by where they stand, each figure a link to the dossiers it counts.
fn outcome_table(l: lode_web::i18n::Lang, s: &handling::Statistics) -> Markup {
    let t = &s.total;
    let year = s.year.to_string();
    let rows: [(&str, Option<&str>, i64); 8] = [
        (
            "handling.counted.all",
            None,
            t.received_online + t.received_desk,
        ),
        ("handling.counted.waiting", Some("waiting"), t.waiting),
        (
            "handling.counted.in_progress",
            Some("in_progress"),
            t.in_progress,
        ),
        // a part of the two rows above it, not a standing of its own
        ("handling.counted.overdue_among", Some("overdue"), t.overdue),
        ("handling.counted.on_time", Some("on_time"), t.on_time),
        ("handling.counted.late", Some("late"), t.late),
        ("handling.counted.refused", Some("refused"), t.refused),
        ("handling.counted.withdrawn", Some("withdrawn"), t.withdrawn),
    ];
    html! {
        table.list.outcomes {
            caption { (l.t("handling.summary")) }
            thead { tr { th scope="col" { (l.t("handling.standing")) } th scope="col" { (l.t("handling.dossiers")) } } }
            tbody {
                @for (key, outcome, n) in rows {
                    tr {
                        td.among[outcome == Some("overdue")] { (l.t(key)) }
                        td data-label=(l.t("handling.dossiers")) {
                            a href=(lode_web::pages::listing::Address::new().pair("year", Some(&year)).pair("outcome", outcome).at(COUNTED)) { (l.number(n)) }
                        }
                    }
                }
            }
        }
    }
}

/// The public services' figures of a year as charts: the shares filed online and handled on
/// time, dossiers received by month (online, at the desk), results by procedure. On the
/// statistics page and the dashboard.
pub fn services_charts(l: lode_web::i18n::Lang, s: &handling::Statistics) -> Markup {
    // each figure opens the dossiers it counts
    let counted = |pairs: &[(&str, &str)]| {
        let year = s.year.to_string();
        let mut a = lode_web::pages::listing::Address::new().pair("year", Some(&year));
        for (k, v) in pairs {
            a = a.pair(k, Some(v));
        }
        a.at(COUNTED)
    };
    let months: Vec<charts::PairedColumn> = s
        .months
        .iter()
        .zip(1..)
        .map(|(f, month)| {
            let m = month.to_string();
            charts::PairedColumn {
                label: l.fill("handling.month", &serde_json::json!({ "month": month })),
                short: m.clone(),
                values: [f.received_online, f.received_desk],
                hrefs: [
                    Some(counted(&[("month", &m), ("channel", "online")])),
                    Some(counted(&[("month", &m), ("channel", "desk")])),
                ],
            }
        })
        .collect();
    let procedures: Vec<charts::StackedRow> = s
        .procedures
        .iter()
        .map(|p| charts::StackedRow {
            name: p.procedure_name.clone(),
            parts: [p.total.on_time, p.total.late, p.total.overdue],
            href: Some(counted(&[
                ("procedure", &p.procedure_code),
                ("outcome", "timed"),
            ])),
        })
        .collect();
    html! {
        div.gauges {
            (charts::gauge_link(l, l.t("handling.online_share"), s.total.received_online, s.total.received_online + s.total.received_desk,
                &counted(&[("channel", "online")])))
            (charts::gauge_link(l, l.t("handling.on_time_share"), s.total.on_time, s.total.on_time + s.total.late,
                &counted(&[("outcome", "on_time")])))
        }
        (charts::paired_bars(l.t("handling.by_month"), &months, (l.t("handling.online"), l.t("handling.desk"))))
        @if !procedures.is_empty() {
            (charts::stacked_rows(l.t("handling.by_procedure"), &procedures, (l.t("handling.on_time"), l.t("handling.late"), l.t("handling.overdue_now"))))
        }
    }
}
