//! The applicant's side of the portal: their dossiers, a draft from a procedure's
//! page, the form filled and saved, the documents uploaded one by one, the fee with its
//! calculation, the submission, then the code, the promised date and the receipt slip.

use crate::applications::{self, Application, DeskView};
use axum::extract::{Multipart, Path};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use lode_core::services::{ApplicationStatus, FieldKind};
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use lode_web::pages::{
    Nav, answer_change, csrf_field, field_errors, first, form_pairs, layout, local_time,
};
use maud::{Markup, html};
use std::collections::BTreeMap;

fn applicant(caller: &Caller) -> Result<i64, AppError> {
    if caller.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok(caller.account.id)
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct MineQuery {
    pub page: Option<i64>,
    /// What was just done (a draft discarded).
    pub done: Option<String>,
}

/// `GET /ho-so`: the applicant's dossiers, newest first, a page at a time.
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::pages::PageQuery(q): lode_web::pages::PageQuery<MineQuery>,
) -> PageResult<Markup> {
    let me = applicant(&caller)?;
    let l = caller.lang;
    let (all, total, more) = applications::mine_page(&state.db, me, q.page).await?;
    let words = super::Words::for_reader(&state.db, l).await?;
    let page_link = |p: i64| {
        lode_web::pages::listing::Address::new()
            .page(p)
            .at("/ho-so")
    };
    Ok(layout(
        &caller,
        l.t("apps.title"),
        Nav::Applications,
        html! {
            h1 { (l.t("apps.title")) }
            @if q.done.as_deref() == Some("discarded") { p.notice role="status" { (l.t("apps.done.discarded")) } }
            p { a href="/dich-vu-cong" { (l.t("apps.new_hint")) } }
            @if all.is_empty() && total.count == 0 { p { (l.t("apps.none")) } } @else {
                (lode_web::pages::listing::total_line(l, Some(total)))
                table.list {
                    thead { tr { th { (l.t("track.code")) } th { (l.t("services.name")) } th { (l.t("apps.submitted_on")) } th { (l.t("track.status")) } th { (l.t("track.due")) } } }
                    tbody {
                        @for a in &all {
                            tr {
                                td { a href={ "/ho-so/" (a.id) } { (a.code.as_deref().unwrap_or(l.t("apps.draft_code"))) } }
                                td data-label=(l.t("services.name")) { a href={ "/ho-so/" (a.id) } { (words.of(&a.procedure_name)) } }
                                // a draft by the day it was begun, a dossier by the day it was filed
                                td data-label=(l.t("apps.submitted_on")) {
                                    @match &a.submitted_at {
                                        Some(at) => (lode_web::pages::local_day(at)),
                                        None => { span.hint { (l.t("apps.begun_on")) " " (lode_web::pages::local_day(&a.created_at)) } },
                                    }
                                }
                                td data-label=(l.t("track.status")) { (l.t(&format!("track.status.{}", a.status))) }
                                td data-label=(l.t("track.due")) { (lode_web::pages::local_day_or_dash(a.due_on.as_deref().filter(|_| a.status.promises_a_date()))) }
                            }
                        }
                    }
                }
                (lode_web::pages::listing::pager(l, q.page.unwrap_or(1), applications::MINE_PAGE, Some(total), more, page_link))
            }
        },
    ))
}

/// `POST /ho-so`: a draft of the procedure named in the form.
pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let p = form_pairs(&body);
    let code = first(&p, "procedure_code").unwrap_or_default();
    // a draft of the same procedure waiting: taken up again, not one more begun
    if let Some(id) = applications::open_draft(&state.db, me, &code).await? {
        return Ok(Redirect::to(&format!("/ho-so/{id}?done=resumed")).into_response());
    }
    let result = applications::create_draft(
        &state.db,
        &caller.ctx(),
        &caller.account,
        &code,
        &BTreeMap::new(),
        None,
    )
    .await;
    match result {
        Ok(a) => Ok(Redirect::to(&format!("/ho-so/{}", a.id)).into_response()),
        Err(lode_db::DbError::Invalid(e)) => Err(AppError::Invalid(e).into()),
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// `POST /ho-so/{id}/xoa`: the applicant throws away a draft never filed.
pub async fn discard(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let result = match lode_web::pages::confirmed(&form_pairs(&body)) {
        Ok(()) => applications::discard_draft(&state.db, &caller.ctx(), me, id).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/ho-so?done=discarded").into_response()),
        Err(e) => after(&state, &caller, id, Err(e.into()), "saved").await,
    }
}

/// What is wrong with the dossier, each named as the applicant reads it: a form's field by its
/// label, a paper by its name (each is also shown beside its field).
fn errors_named(
    l: lode_web::i18n::Lang,
    errors: &FieldErrors,
    p: &lode_core::services::Procedure,
) -> Markup {
    let name_of = |field: &str| -> String {
        let key = field
            .strip_prefix("values.")
            .or_else(|| field.strip_prefix("documents."))
            .unwrap_or(field);
        p.form
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.label.clone())
            .or_else(|| {
                p.documents
                    .iter()
                    .find(|d| d.key == key)
                    .map(|d| d.name.clone())
            })
            .unwrap_or_else(|| match field {
                "phone" => l.t("apps.phone").to_string(),
                "confirm_licence" => l.t("apps.licence_confirmation").to_string(),
                other => other.to_string(),
            })
    };
    html! {
        @if !errors.is_empty() {
            div.alert role="alert" {
                p { (l.t("form.has_errors")) }
                @for e in &errors.0 { p { strong { (name_of(&e.field)) } ": " (l.field_error(e.code, &e.message)) } }
            }
        }
    }
}

/// The id of the form that holds a draft's typed values.
const VALUES_FORM: &str = "dossier-values";

fn page(
    caller: &Caller,
    a: &Application,
    p: &lode_core::services::Procedure,
    extras: &super::sections::ApplicantExtras,
    errors: &FieldErrors,
    conflict: Option<&str>,
    shown: Shown,
) -> Markup {
    let l = caller.lang;
    let (done, beside) = (shown.done, paper_beside(a, p, shown.paper));
    let draft = a.status.editable();
    // worked out from the figures as meant, typed back or stored
    let fee = p.fee.compute(&applications::as_stored(p, &a.values));
    layout(
        caller,
        &a.procedure_name,
        Nav::Applications,
        html! {
            p.crumbs { a href="/ho-so" { (l.t("apps.title")) } }
            h1 { (a.procedure_name) }
            @if let Some(code) = &a.code {
                div.notice role="status" {
                    p {
                        (l.t("track.code")) ": " strong { (code) }
                        // a refused or withdrawn dossier is promised nothing
                        @if a.promised() {
                            " · " (l.t("track.due")) ": " strong { (lode_web::pages::local_day_or_dash(a.due_on.as_deref())) }
                        }
                    }
                    // the result, where the applicant looks first
                    @if a.status.has_result() && a.has_result_file() {
                        p #result { strong { (l.t("handling.result_ready")) } " " a.button href={ "/ho-so/" (a.id) "/ket-qua" } { (l.t("handling.download_result")) } }
                    }
                    @if a.was_accepted() {
                        p { a href={ "/ho-so/" (a.id) "/giay-tiep-nhan" } { (l.t("apps.receipt")) } }
                    }
                    // the handling unit's answer given on its own pages (the archive's approval,
                    // its appointment, its refusal), where the applicant looks first
                    @if let Some(e) = a.events.iter().rev().find(|e| e.kind == "handling") {
                        p #answer { strong { (crate::web::event_note(l, e)) } }
                        @if let Some(note) = e.args["note"].as_str().filter(|n| !n.trim().is_empty() && !e.message.as_deref().is_some_and(|m| m.ends_with("_refused"))) {
                            p { (l.t("apps.answer_note")) ": " (note) }
                        }
                        @if let Some(link) = e.args["link"].as_str().filter(|l| l.starts_with('/') && !l.starts_with("//")) {
                            p { a href=(link) { (l.t("apps.answer_link")) } }
                        }
                    }
                }
            }
            @if let Some(d) = done {
                div.notice role="status" {
                    p { (l.t(&format!("apps.done.{d}"))) }
                    // filed with a fee still owed: where to pay, said where the applicant looks
                    @if d == "submitted" && extras.online_payment && a.payable() && a.fee_amount.unwrap_or(0) > 0
                        && !crate::payments::fee_paid(&extras.payments) {
                        p {
                            (l.fill("apps.fee_owed", &serde_json::json!({"amount": l.amount(a.fee_amount.unwrap_or(0))})))
                            " " a href="#payment" { (l.t("handling.pay")) }
                        }
                    }
                }
            }
            p { (l.t("track.status")) ": " (l.t(&format!("track.status.{}", a.status))) }
            (super::sections::rating_section(caller, a, extras, errors))
            // sent back to be completed: what the desk asks for, where the applicant starts
            @if a.status == ApplicationStatus::Incomplete {
                @if let Some(reason) = a.events.iter().rev().find(|e| e.kind == "incomplete").and_then(|e| e.args["reason"].as_str()) {
                    div.alert role="status" {
                        p { strong { (l.t("apps.asked_to_complete")) } }
                        p { (reason) }
                    }
                }
            }
            @if let Some(c) = conflict { (lode_web::pages::conflict_alert(l, c)) }
            (errors_named(l, errors, p))
            h2 { (l.t("apps.form")) }
            // filed: what was asked, as read (no form that cannot be changed)
            @if !draft { (values_shown(l, a, p)) }
            // one form holds what the applicant typed; the uploads and the submission below
            // belong to it too (`form=`), so that nothing typed is lost whichever is pressed
            // what the applicant typed is asked about before it is left unsaved
            @if draft { form.stack #(VALUES_FORM) method="post" action={ "/ho-so/" (a.id) }
                data-warn-unsaved=(l.t("form.unsaved")) data-unsaved=[(!errors.is_empty()).then_some("1")] {
                (csrf_field(caller))
                input type="hidden" name="version" value=(a.version);
                (super::sections::form_fields(l, p, &a.values, draft, errors))
                div.field {
                    label for="phone" { (l.t("apps.phone")) }
                    @let described = lode_web::pages::error_id(errors, "phone");
                    input id="phone" name="phone" type="tel" autocomplete="tel" value=(a.contact_phone.as_deref().unwrap_or(""))
                        aria-invalid=[described.is_some().then_some("true")] aria-describedby=[described.as_deref()];
                    (field_errors(l, errors, "phone"))
                }
                // a dossier sent back to be completed is no draft any more
                button type="submit" { (l.t(if a.status == ApplicationStatus::Incomplete { "apps.save_changes" } else { "apps.save" })) }
            } }
            @if draft {
                @for f in p.form.iter().filter(|f| matches!(f.kind, FieldKind::Area { .. })) {
                    (lode_cadastre::web::area_field::upload_form(l, &format!("/ho-so/{}/khu-vuc", a.id), &f.key, a.values.get(&f.key).map(String::as_str), errors, VALUES_FORM))
                }
            }
            @if let Some(r) = &extras.area_report { (r) }
            h2 { (l.t("services.documents")) }
            @if draft { (lode_web::pages::file_limit(l, lode_web::files::DOCUMENT_MAX_BYTES)) }
            // how a paper the procedure wants signed is signed, before the applicant finds
            // it refused
            @if draft && p.documents.iter().any(|d| d.must_sign) {
                p.hint { (l.t("apps.how_to_sign")) }
            }
            ol {
                @for d in &p.documents {
                    @let held = a.documents.iter().find(|x| x.key == d.key);
                    li {
                        (d.name) @if !d.required { " " span.badge { (l.t("services.optional")) } }
                        @if d.must_sign && held.is_none() { " " span.badge { (l.t("apps.must_sign")) } }
                        @if let Some(h) = held {
                            " — " a href={ "/ho-so/" (a.id) "/tai-lieu/" (d.key) } { strong { (h.name) } }
                            (super::sections::signature_line(l, extras.signatures.get(&d.key), &caller.account))
                            (beside_choice(l, a, &format!("/ho-so/{}", a.id), &d.key, beside))
                        }
                        (field_errors(l, errors, &format!("documents.{}", d.key)))
                        @if draft {
                            div.inline {
                                input name={ "file_" (d.key) } form=(VALUES_FORM) type="file" accept="application/pdf,.pdf" aria-label=(d.name) data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES));
                                button type="submit" form=(VALUES_FORM) name="key" value=(d.key)
                                    formaction={ "/ho-so/" (a.id) "/tai-lieu" }
                                    formenctype="multipart/form-data" { (l.t("apps.upload")) }
                            }
                        }
                    }
                }
            }
            @if let Some(key) = beside {
                div #xem-truoc {
                    (paper_title(l, a, p, key))
                    (lode_web::pages::pdf_preview(l, &format!("/ho-so/{}/tai-lieu/{key}", a.id)))
                }
            }
            (fee_section(l, &fee, None))
            @if draft {
                (extras.licence_check.shown)
                // a licence in doubt is filed only on the applicant's word that it is the one
                @if extras.licence_check.doubtful {
                    div.field {
                        label.check {
                            input #confirm_licence form=(VALUES_FORM) type="checkbox" name="confirm_licence" value="1"
                                aria-describedby=[lode_web::pages::error_id(errors, "confirm_licence")];
                            " " (l.t("apps.confirm_licence"))
                        }
                        (field_errors(l, errors, "confirm_licence"))
                    }
                }
                // papers the procedure wants signed that are not: said before filing, since the
                // desk will ask for them again
                @let unsigned = super::sections::unsigned_papers(p, &extras.signatures, &caller.account);
                @if !unsigned.is_empty() {
                    div.notice.warning role="note" {
                        p { (l.t("apps.unsigned_papers")) }
                        ul { @for n in &unsigned { li { (n) } } }
                    }
                }
                // the files chosen above go with it, whichever button was pressed
                p {
                    button type="submit" form=(VALUES_FORM) formaction={ "/ho-so/" (a.id) "/nop" }
                        formenctype="multipart/form-data" {
                            // sent back to be completed, it goes back under its code
                            @if a.status == lode_core::services::ApplicationStatus::Incomplete { (l.t("apps.resubmit")) }
                            @else { (l.t("apps.submit")) }
                        }
                }
                // a draft never filed may go: asked apart, and confirmed (one filed and sent
                // back is withdrawn instead)
                @if a.channel == lode_core::services::ApplicationChannel::Online
                    && a.status == lode_core::services::ApplicationStatus::Draft {
                    details open[errors.0.iter().any(|e| e.field == "confirm")] {
                        summary { (l.t("apps.discard")) }
                        form.stack method="post" action={ "/ho-so/" (a.id) "/xoa" } {
                            (csrf_field(caller))
                            p.hint { (l.t("apps.discard_hint")) }
                            (lode_web::pages::confirm_box(l, "discard_confirm", "apps.confirm_discard", errors))
                            div.actions { button.danger type="submit" { (l.t("apps.discard")) } }
                        }
                    }
                }
            }
            (super::sections::applicant_section(caller, a, extras, errors))
            h2 { (l.t("apps.history")) }
            ol { @for e in &a.events { li { (local_time(&e.at)) " — " (crate::web::event_note(l, e)) } } }
        },
    )
}

/// What a filed dossier's form says, as its readers read it (the desk, the applicant once it
/// is sent): each field by its label, an area's corner points across the page, figures with
/// their thousands marked.
fn values_shown(
    l: lode_web::i18n::Lang,
    a: &Application,
    p: &lode_core::services::Procedure,
) -> Markup {
    html! {
        dl.facts {
            @for f in &p.form {
                // an area's corner points take the whole width
                @let whole = matches!(f.kind, FieldKind::Area { .. });
                dt.whole[whole] { (f.label) }
                // several lines as typed (corner points, one to a line)
                dd.lines.whole[whole] {
                    @match (a.values.get(&f.key), &f.kind) {
                        (Some(v), FieldKind::Area { .. }) => (lode_cadastre::web::area_field::shown(l, v)),
                        // a figure with its thousands marked as the reader writes them
                        (Some(v), FieldKind::Number { unit, .. }) => (lode_core::fees::parse_milli(v).and_then(|m| i64::try_from(m).ok()).map_or_else(|| f.shown(v), |m| format!("{} {}", l.decimal(m), lode_core::services::unit_for(v, unit)))),
                        (v, _) => (v.map_or_else(|| "—".to_string(), |v| f.shown(v))),
                    }
                }
            }
            dt { (l.t("apps.phone")) } dd { (a.contact_phone.as_deref().unwrap_or("—")) }
        }
    }
}

/// The fee a dossier's form comes to, with its calculation; at the desk, with whether it was
/// paid (`paid`).
fn fee_section(
    l: lode_web::i18n::Lang,
    fee: &Result<lode_core::fees::Estimate, FieldErrors>,
    paid: Option<bool>,
) -> Markup {
    html! {
        h2 { (l.t("services.fee")) }
        @match fee {
            Ok(e) => {
                p {
                    strong { (l.amount(e.amount)) " " (l.t("pay.dong")) }
                    @match paid {
                        Some(true) => { " " span.badge.ok { (l.t("handling.payment.paid")) } },
                        Some(false) if e.amount > 0 => { " " span.badge { (l.t("desk.fee_unpaid")) } },
                        _ => {},
                    }
                }
                ul { @for s in &e.steps { li { (crate::web::fee_step_text(l, s)) } } }
            },
            Err(_) => p.hint { (l.t("apps.fee_pending")) },
        }
    }
}

pub(crate) async fn show_page(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    errors: &FieldErrors,
    conflict: Option<&str>,
) -> PageResult<Markup> {
    show_page_typed(state, caller, id, errors, conflict, None).await
}

/// What an applicant sent and had refused, shown again in its form.
enum TypedBack {
    /// The dossier's form: its values and telephone.
    Form(BTreeMap<String, String>, Option<String>),
    /// The rating of the handling.
    Rating(crate::ratings::RatingInput),
}

/// The dossier's page, its form showing `typed` (what the applicant sent, refused) in place
/// of what is stored, so that nothing typed is lost to an error.
async fn show_page_typed(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    errors: &FieldErrors,
    conflict: Option<&str>,
    typed: Option<TypedBack>,
) -> PageResult<Markup> {
    let me = applicant(caller)?;
    let (mut a, p) = super::worded_dossier(
        caller.lang,
        applications::with_procedure(&state.db, me, id).await?,
    );
    let mut rating_typed = None;
    match typed {
        Some(TypedBack::Form(values, phone)) => {
            a.values = values;
            a.contact_phone = phone;
        }
        Some(TypedBack::Rating(r)) => rating_typed = Some(r),
        None => {}
    }
    let mut extras = super::sections::ApplicantExtras::load(state, caller, (&a, &p)).await?;
    extras.rating_typed = rating_typed;
    Ok(page(
        caller,
        &a,
        &p,
        &extras,
        errors,
        conflict,
        Shown::default(),
    ))
}

/// `GET /ho-so/{id}`: the dossier, its form, documents and fee.
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    lode_web::pages::PageQuery(q): lode_web::pages::PageQuery<DoneQuery>,
) -> PageResult<Markup> {
    let me = applicant(&caller)?;
    let (a, p) = super::worded_dossier(
        caller.lang,
        applications::with_procedure(&state.db, me, id).await?,
    );
    let extras = super::sections::ApplicantExtras::load(&state, &caller, (&a, &p)).await?;
    let done = q.done.as_deref().filter(|d| APPLICANT_STEPS.contains(d));
    Ok(page(
        &caller,
        &a,
        &p,
        &extras,
        &FieldErrors::new(),
        None,
        Shown {
            done,
            paper: q.xem.as_deref(),
        },
    ))
}

/// The steps of an applicant the dossier's page confirms.
const APPLICANT_STEPS: &[&str] = &[
    "rated",
    "saved",
    "resumed",
    "area_read",
    "uploaded",
    "submitted",
    "withdrawn",
    "message_sent",
];

/// Answers an applicant's step: back to the dossier saying what was `done` (none when
/// empty), or the page again with what went wrong.
pub(crate) async fn after(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    result: Result<(), AppError>,
    done: &'static str,
) -> PageResult<Response> {
    answer_change(
        result,
        |_| match done {
            "" => format!("/ho-so/{id}"),
            d => format!("/ho-so/{id}?done={d}"),
        },
        |errors, conflict| async move {
            show_page(state, caller, id, &errors, conflict.as_deref()).await
        },
    )
    .await
}

/// `POST /ho-so/{id}/danh-gia`: the applicant's rating of the handling, once it is over.
pub async fn rate(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    applicant(&caller)?;
    let p = form_pairs(&body);
    let input = crate::ratings::RatingInput {
        satisfaction: first(&p, "satisfaction").unwrap_or_default(),
        comment: first(&p, "comment"),
    };
    let result = crate::ratings::rate(&state.db, &caller.ctx(), &caller.actor, id, &input)
        .await
        .map(|_| ())
        .map_err(AppError::from);
    let (state, caller) = (&state, &caller);
    answer_change(
        result,
        |_| format!("/ho-so/{id}?done=rated"),
        |errors, conflict| async move {
            let typed = Some(TypedBack::Rating(input)).filter(|_| conflict.is_none());
            show_page_typed(state, caller, id, &errors, conflict.as_deref(), typed).await
        },
    )
    .await
}

/// `POST /ho-so/{id}`: saves the form.
pub async fn save(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let p = form_pairs(&body);
    let typed =
        Typed::from_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap_or(Typed {
            values: BTreeMap::new(),
            phone: None,
            version: first(&p, "version").and_then(|v| v.parse().ok()),
        });
    let result = typed.save(&state, &caller, me, id).await;
    // refused on its fields: the form again as typed; a conflict: as stored now
    after_typed(&state, &caller, id, result, "saved", Some(typed)).await
}

/// `POST /ho-so/{id}/khu-vuc`: a map file (CSV, GeoJSON, KML, DXF, Shapefile) read into the
/// area field it names, on the plane chosen, and the draft saved with it and with what else
/// the form held as typed. The file's fields come with the dossier's form, prefixed `area_`
/// (`area_key`, `area_file`, `area_meridian`, `area_zone`).
pub async fn area_file(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let posted = Posted::read(&mut multipart, |n| n == "area_file").await?;
    let field = |n: &str| posted.text(&format!("area_{n}"));
    let (key, meridian, zone) = (field("key"), field("meridian"), field("zone"));
    let typed = posted.typed();
    let (name, data) = posted
        .files
        .into_iter()
        .next()
        .map(|(_, name, data)| (name, data))
        .unwrap_or_default();
    let name = if name.is_empty() {
        "khu-vuc".to_string()
    } else {
        name
    };
    let (a, p) = applications::with_procedure(&state.db, me, id).await?;
    if !p
        .form
        .iter()
        .any(|f| f.key == key && matches!(f.kind, FieldKind::Area { .. }))
    {
        return Err(AppError::NotFound.into());
    }
    let result = match lode_cadastre::web::area_field::read_upload(&name, &data, &meridian, &zone) {
        Ok(v) => {
            // what was typed (or, from a form of its own, what is stored), with the area read
            let (mut values, phone, version) = match &typed {
                Some(t) => (t.values.clone(), t.phone.clone(), t.version),
                None => (a.values.clone(), a.contact_phone.clone(), Some(a.version)),
            };
            values.insert(key, v.to_value());
            applications::update_draft(
                &state.db,
                &caller.ctx(),
                me,
                id,
                &values,
                phone.as_deref(),
                version,
            )
            .await
            .map(|_| ())
            .map_err(AppError::from)
        }
        Err(e) => Err(AppError::Invalid(e)),
    };
    after_typed(&state, &caller, id, result, "area_read", typed).await
}

/// What a draft's form holds as typed: its values, the telephone, the version it was read at.
pub(crate) struct Typed {
    values: BTreeMap<String, String>,
    phone: Option<String>,
    version: Option<i64>,
}

impl Typed {
    /// The form's fields as posted (`v_…`, `phone`, `version`); `None` when it holds none.
    fn from_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Option<Typed> {
        let mut typed = Typed {
            values: BTreeMap::new(),
            phone: None,
            version: None,
        };
        let mut any = false;
        for (k, v) in pairs {
            if let Some(key) = k.strip_prefix("v_") {
                any = true;
                if !v.trim().is_empty() {
                    typed.values.insert(key.to_string(), v.to_string());
                }
            } else if k == "phone" {
                any = true;
                typed.phone = Some(v.to_string());
            } else if k == "version" {
                typed.version = v.parse().ok();
            }
        }
        lode_cadastre::web::area_field::gather(&mut typed.values);
        any.then_some(typed)
    }

    /// Saves what was typed into the draft. Refused, the boxes typed well are saved all the
    /// same over what was kept, the refused ones keeping their values stored before: an
    /// applicant who leaves before correcting them loses nothing else they typed. The
    /// refusals are answered either way.
    async fn save(
        &self,
        state: &lode_web::AppState,
        caller: &Caller,
        me: i64,
        id: i64,
    ) -> Result<(), AppError> {
        let save = |values: BTreeMap<String, String>, phone: Option<String>| async move {
            applications::update_draft(
                &state.db,
                &caller.ctx(),
                me,
                id,
                &values,
                phone.as_deref(),
                self.version,
            )
            .await
            .map(|_| ())
            .map_err(AppError::from)
        };
        let refused = match save(self.values.clone(), self.phone.clone()).await {
            Err(AppError::Invalid(refused)) => refused,
            other => return other,
        };
        // the values kept, each box typed well written over its own: nothing stored is lost
        let mut rest = applications::get(&state.db, me, id).await?.values;
        let is_refused = |field: &str| refused.0.iter().any(|e| e.field == field);
        for (key, value) in &self.values {
            if !is_refused(&format!("values.{key}")) && !value.trim().is_empty() {
                rest.insert(key.clone(), value.clone());
            }
        }
        let phone = self.phone.clone().filter(|_| !is_refused("phone"));
        // what the rest could not be saved for is said by the first refusal already
        if let Err(e) = save(rest, phone).await {
            tracing::debug!(
                dossier = id,
                "the draft's other values were not kept: {e:?}"
            );
        }
        Err(AppError::Invalid(refused))
    }
}

/// A document's upload at the desk: the procedure's key, the file's (sanitised) name,
/// `<key>.pdf` when it has none, and its bytes.
pub(crate) struct Upload {
    pub key: String,
    pub name: String,
    pub data: bytes::Bytes,
}

/// A multipart form as posted: its text fields, and the files of the fields `is_file` names that
/// hold bytes (an input left empty sends a part without any), each with its field's name and
/// its sanitised file name.
struct Posted {
    texts: Vec<(String, String)>,
    files: Vec<(String, String, bytes::Bytes)>,
}

impl Posted {
    async fn read(
        multipart: &mut Multipart,
        is_file: impl Fn(&str) -> bool,
    ) -> Result<Posted, AppError> {
        let mut posted = Posted {
            texts: Vec::new(),
            files: Vec::new(),
        };
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?
        {
            let Some(field_name) = field.name().map(str::to_string) else {
                continue;
            };
            if is_file(&field_name) {
                let name = field
                    .file_name()
                    .map(lode_web::files::sanitise_name)
                    .unwrap_or_default();
                let data = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
                if !data.is_empty() {
                    posted.files.push((field_name, name, data));
                }
            } else {
                let text = field.text().await.unwrap_or_default();
                posted.texts.push((field_name, text));
            }
        }
        Ok(posted)
    }

    /// The text field `name`'s value, empty when it was not posted.
    fn text(&self, name: &str) -> String {
        self.texts
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// What the dossier's form held as typed, when it was posted with it.
    fn typed(&self) -> Option<Typed> {
        Typed::from_pairs(self.texts.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// Reads an upload: a form of its own (`key`, `file`), or the dossier's form, whose button
/// names the key and whose file inputs are named `file_<key>` (only the one pressed is kept).
pub(crate) async fn read_upload(multipart: &mut Multipart) -> Result<Upload, AppError> {
    let posted = Posted::read(multipart, |n| n == "file" || n.starts_with("file_")).await?;
    let key = posted.text("key");
    let (name, data) = chosen_files(posted, &key)
        .into_iter()
        .find(|(k, ..)| *k == key)
        .map_or_else(
            || (format!("{key}.pdf"), bytes::Bytes::new()),
            |(_, n, d)| (n, d),
        );
    Ok(Upload { key, name, data })
}

/// The files chosen in the dossier's form: (the procedure's document key, the file's name,
/// its bytes); a lone `file` field is the document `pressed` names.
fn chosen_files(posted: Posted, pressed: &str) -> Vec<(String, String, bytes::Bytes)> {
    posted
        .files
        .into_iter()
        .filter_map(|(field, name, data)| {
            let key = match field.as_str() {
                "file" => pressed.to_string(),
                other => other.strip_prefix("file_")?.to_string(),
            };
            let name = if name.is_empty() {
                format!("{key}.pdf")
            } else {
                name
            };
            Some((key, name, data))
        })
        .collect()
}

/// Keeps what the dossier's form sent: what was typed is saved first, then every PDF chosen
/// in it, each on its own. A file refused, or a field typed wrong, is named beside its place
/// (all of them at once) and the other files are kept.
async fn keep_form(
    state: &lode_web::AppState,
    caller: &Caller,
    (me, id): (i64, i64),
    typed: &Option<Typed>,
    files: Vec<(String, String, bytes::Bytes)>,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    if let Some(t) = typed {
        match t.save(state, caller, me, id).await {
            Err(AppError::Invalid(e)) => errors.0.extend(e.0),
            other => other?,
        }
    }
    let current = applications::get(&state.db, me, id).await?;
    if !current.status.editable() {
        return Err(AppError::Conflict(format!(
            "the dossier is {}",
            current.status
        )));
    }
    for (key, name, data) in files {
        let field = format!("documents.{key}");
        if let Err(e) = lode_web::files::accept_pdf(&field, &data) {
            match e {
                AppError::Invalid(e) => errors.0.extend(e.0),
                other => return Err(other),
            }
            continue;
        }
        let sha = lode_web::files::store_pdf(state, data, Some(caller.account.id)).await?;
        match applications::put_document(&state.db, &caller.ctx(), me, id, &key, &sha, &name)
            .await
            .map_err(AppError::from)
        {
            Err(AppError::Invalid(e)) => errors.0.extend(e.0),
            other => {
                other?;
            }
        }
    }
    errors.into_result().map_err(AppError::Invalid)
}

/// `POST /ho-so/{id}/tai-lieu`: the form kept ([`keep_form`]), the button pressed with no
/// file chosen said beside its row.
pub async fn upload(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let posted = Posted::read(&mut multipart, |n| n == "file" || n.starts_with("file_")).await?;
    let pressed = posted.text("key");
    let typed = posted.typed();
    let files = chosen_files(posted, &pressed);
    let no_file = files.is_empty();
    let result = match keep_form(&state, &caller, (me, id), &typed, files).await {
        // the button pressed with no file chosen, said beside its row with whatever else was
        // wrong
        Ok(()) if no_file => Err(AppError::Invalid(FieldErrors::new())),
        other => other,
    }
    .map_err(|e| match e {
        AppError::Invalid(mut errors) if no_file => {
            if let Err(AppError::Invalid(missing)) =
                lode_web::files::accept_pdf(&format!("documents.{pressed}"), &[])
            {
                errors.0.extend(missing.0);
            }
            AppError::Invalid(errors)
        }
        other => other,
    });
    after_typed(&state, &caller, id, result, "uploaded", typed).await
}

/// [`after`], showing the form as it was typed when the step is refused on its fields.
async fn after_typed(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    result: Result<(), AppError>,
    done: &'static str,
    typed: Option<Typed>,
) -> PageResult<Response> {
    answer_change(
        result,
        |_| format!("/ho-so/{id}?done={done}"),
        |errors, conflict| async move {
            let typed = typed
                .filter(|_| conflict.is_none())
                .map(|t| TypedBack::Form(t.values, t.phone));
            show_page_typed(state, caller, id, &errors, conflict.as_deref(), typed).await
        },
    )
    .await
}

/// `POST /ho-so/{id}/nop`: submits the dossier, the form it is sent with kept first (what
/// was typed, and any file chosen in it, as [`keep_form`] keeps them).
pub async fn submit(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    // the page sends the whole form (its files too); a plain form sends its fields
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (typed, files, version, confirmed) = if multipart {
        let mut form = <Multipart as axum::extract::FromRequest<()>>::from_request(request, &())
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        let posted = Posted::read(&mut form, |n| n.starts_with("file_")).await?;
        let version = posted.text("version").parse().ok();
        let confirmed = !posted.text("confirm_licence").is_empty();
        let typed = posted.typed();
        (typed, chosen_files(posted, ""), version, confirmed)
    } else {
        let body = axum::body::to_bytes(request.into_body(), FORM_MAX)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        let p = form_pairs(&body);
        let typed = Typed::from_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        (
            typed,
            Vec::new(),
            first(&p, "version").and_then(|v| v.parse().ok()),
            first(&p, "confirm_licence").is_some(),
        )
    };
    let result = async {
        // what was sent is kept first, then submitted at the version that keeping made
        let kept = typed.is_some() || !files.is_empty();
        let keeping = if kept {
            keep_form(&state, &caller, (me, id), &typed, files).await
        } else {
            Ok(())
        };
        if let Err(AppError::Invalid(mut refused)) = keeping {
            // what submitting would refuse besides, said with it rather than on the next try
            let more = applications::submission_refusals(
                &state.db,
                &caller.actor,
                id,
                typed.as_ref().map(|t| (&t.values, t.phone.as_deref())),
            )
            .await?;
            let fresh: Vec<_> = more
                .0
                .into_iter()
                .filter(|f| {
                    !refused
                        .0
                        .iter()
                        .any(|x| applications::same_box(&x.field, &f.field))
                })
                .collect();
            refused.0.extend(fresh);
            return Err(AppError::Invalid(refused));
        }
        keeping?;
        // a licence the register doubts is filed only on the applicant's word
        if !confirmed {
            let (a, _) = applications::with_procedure(&state.db, me, id).await?;
            let reader = (&caller.account, super::sections::Reader::Applicant);
            if super::sections::licence_named(&state.db, caller.lang, &a, reader)
                .await?
                .doubtful
            {
                // with whatever else submitting would refuse, in one answer
                let mut refused =
                    applications::submission_refusals(&state.db, &caller.actor, id, None).await?;
                refused.add(
                    "confirm_licence",
                    "licence_doubtful",
                    "the licence register doubts the licence named: check its number, or confirm it",
                );
                return Err(AppError::Invalid(refused));
            }
        }
        applications::submit(
            &state.db,
            &caller.ctx(),
            &caller.actor,
            id,
            if kept { None } else { version },
        )
        .await
        .map(|_| ())
        .map_err(AppError::from)
    }
    .await;
    after_typed(&state, &caller, id, result, "submitted", typed).await
}

/// The most a dossier's form sends without its files (bytes).
const FORM_MAX: usize = 256 * 1024;

/// `GET /ho-so/{id}/giay-tiep-nhan`: the receipt slip, a PDF.
pub async fn receipt(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let pdf = crate::web::slips::receipt(&state, me, id).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, "giay-tiep-nhan").await?;
    Ok(crate::web::api::handling::pdf(pdf, &name))
}

/// `GET /mot-cua/{id}/giay-tiep-nhan`: the receipt slip of a paper dossier, to print and hand
/// to the person at the counter.
pub async fn desk_receipt(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let owner = applications::desk_applicant(&state.db, &caller.actor, id).await?;
    let pdf = crate::web::slips::receipt(&state, owner, id).await?;
    let name = crate::web::slips::dossier_file_name(&state, id, "giay-tiep-nhan").await?;
    Ok(crate::web::api::handling::pdf(pdf, &name))
}

/// The desk's tabs: the dossiers by status, those in handling whose result is issued beside
/// them, its own paper drafts last.
const DESK_TABS: [DeskView; 9] = [
    DeskView::WAITING,
    DeskView::of(ApplicationStatus::Accepted),
    DeskView::RESULTS_TO_RETURN,
    DeskView::of(ApplicationStatus::ResultReady),
    DeskView::of(ApplicationStatus::Incomplete),
    DeskView::of(ApplicationStatus::Returned),
    DeskView::of(ApplicationStatus::Refused),
    DeskView::of(ApplicationStatus::Withdrawn),
    DeskView::of(ApplicationStatus::Draft),
];

#[derive(Debug, Default, serde::Deserialize)]
pub struct DeskQuery {
    pub status: Option<String>,
    /// `received`, `-received`, `due`, `-due`.
    pub sort: Option<String>,
    pub page: Option<i64>,
    /// A dossier's code, to open it (`000.00.27.G12-261206-0001`, or the day and serial
    /// `261206-0001`).
    pub code: Option<String>,
    /// `issued`: of the dossiers in handling, those whose result is issued.
    pub result: Option<String>,
}

/// `GET /mot-cua`: the one-stop desk's dossiers, by status (submitted first).
pub async fn desk(
    axum::extract::State(state): State,
    caller: Caller,
    lode_web::pages::PageQuery(q): lode_web::pages::PageQuery<DeskQuery>,
) -> PageResult<Response> {
    caller.require(lode_core::authz::Action::WorkTheDesk)?;
    let l = caller.lang;
    // a code asked for: its dossier, or the list saying none has it
    let asked = q.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if let Some(code) = asked
        && let Some(id) = applications::desk_find(&state.db, code).await?
    {
        return Ok(Redirect::to(&format!("/mot-cua/{id}")).into_response());
    }
    // no code but words: the dossiers of the applicants so named
    let named = match asked.filter(|a| a.chars().any(char::is_alphabetic)) {
        Some(words) => Some(applications::desk_by_applicant(&state.db, words).await?),
        None => None,
    };
    // an unknown status in the address shows the first tab
    let status = q
        .status
        .as_deref()
        .and_then(ApplicationStatus::parse)
        .unwrap_or(ApplicationStatus::Submitted);
    let view = DeskView {
        status,
        result_issued: status == ApplicationStatus::Accepted
            && q.result.as_deref() == Some("issued"),
    };
    let sort = q
        .sort
        .as_deref()
        .and_then(|s| lode_db::Sort::parse(s).ok())
        .unwrap_or(applications::DESK_USUAL);
    let page_number = q.page.unwrap_or(1);
    let (items, total, more) = applications::desk_page(&state.db, view, sort, q.page).await?;
    let words = super::Words::for_reader(&state.db, l).await?;
    let risky = crate::handling::at_risk(&state.db, lode_db::today()).await?;
    let counts = applications::desk_counts(&state.db).await?;
    let results_issued = applications::desk_count(&state.db, DeskView::RESULTS_TO_RETURN).await?;
    let address = |sort, page| crate::web::desk_list_address(view, sort, page);
    let order = lode_web::pages::listing::Ordering {
        current: Some(sort),
        link: &|s| address(s, 1),
    };
    Ok(layout(
        &caller,
        l.t("desk.title"),
        Nav::Desk,
        html! {
            h1 { (l.t("desk.title")) }
            form.filters method="get" action="/mot-cua" role="search" {
                div.field {
                    label for="code" { (l.t("desk.find")) }
                    // the short form, today's day and a serial, as the officer reads it off a slip
                    input id="code" name="code" value=(asked.unwrap_or("")) placeholder=(format!("{}-0001", lode_db::today().format("%y%m%d")));
                    @if let (Some(code), None | Some([])) = (asked, named.as_deref()) {
                        p.field-error role="alert" { (l.fill(if named.is_some() { "desk.none_named" } else { "desk.not_found" }, &serde_json::json!({"code": code}))) }
                    }
                }
                button type="submit" { (l.t("desk.find_button")) }
            }
            @if let (Some(typed), Some(found)) = (asked, named.as_deref().filter(|f| !f.is_empty())) {
                section #named {
                    h2 { (l.fill("desk.named", &serde_json::json!({"words": typed}))) }
                    @let shown = &found[..found.len().min(applications::DESK_NAMED_AT_MOST as usize)];
                    (desk_table(l, &words, shown, None))
                    @if found.len() > shown.len() { p.hint { (l.t("desk.named_more")) } }
                }
            }
            // a search by name answers alone: the tabs' lists, which it does not filter, come
            // back by a link
            @if named.is_some() {
                p { a href="/mot-cua" { "← " (l.t("desk.back_to_list")) } }
            } @else {
            p {
                a href="/mot-cua/nhap" { (l.t("handling.intake")) } " · "
                a href="/thong-ke" { (l.t("handling.statistics")) } " · "
                a href="/api/v1/desk/register?format=pdf" { (l.t("handling.register_pdf")) } " · "
                a href="/api/v1/desk/register?format=xlsx" { (l.t("handling.register_xlsx")) }
            }
            @if !risky.is_empty() {
                div.alert role="alert" id="at-risk" {
                    p { strong { (l.t("handling.at_risk")) } }
                    ul {
                        @for r in &risky {
                            li {
                                a href={ "/mot-cua/" (r.id) } { (r.code) } " — " (words.of(&r.procedure_name)) " — " (l.t("track.due")) " " (lode_web::pages::local_day(&r.due_on))
                                @if r.overdue { " · " strong { (l.t("handling.overdue")) } }
                                @else if let Some(by) = &r.apologise_by { " · " (l.t("handling.apologise_by")) " " (lode_web::pages::local_day(by)) }
                            }
                        }
                    }
                }
            }
            nav.tabs.wrap aria-label=(l.t("track.status")) {
                @for tab in DESK_TABS {
                    a href=(crate::web::desk_address(tab)) aria-current=[(tab == view).then_some("page")] {
                        // the desk's drafts are the paper dossiers it is entering, not
                        // applicants' unsent ones (which it never sees)
                        @if tab.result_issued { (l.t("desk.results_issued")) }
                        @else if tab.status == ApplicationStatus::Draft { (l.t("desk.paper_drafts")) }
                        // published online, the result waits for the applicant to take it
                        @else if tab.status == ApplicationStatus::ResultReady { (l.t("desk.result_ready")) }
                        @else { (l.t(&format!("track.status.{}", tab.status))) }
                        " " span.tab-count {
                            (l.number(if tab.result_issued { results_issued } else { counts.get(tab.status.as_str()).copied().unwrap_or(0) }))
                        }
                    }
                }
            }
            @if items.is_empty() && total.count == 0 { p { (l.t("desk.none")) } } @else {
                (lode_web::pages::listing::total_line(l, Some(total)))
                (order.phone_links(l, "desk"))
                (desk_table(l, &words, &items, Some(&order)))
                (lode_web::pages::listing::pager(l, page_number, applications::DESK_PAGE, Some(total), more, |p| address(sort, p)))
            }
            }
        },
    )
    .into_response())
}

/// The desk's dossiers as a table: a tab's, whose headers order it (`order`), or those a search
/// by name found, which say where each stands.
fn desk_table(
    l: lode_web::i18n::Lang,
    words: &super::Words,
    items: &[applications::DeskItem],
    order: Option<&lode_web::pages::listing::Ordering<'_, applications::DeskOrder>>,
) -> Markup {
    html! {
        table.list {
            thead { tr {
                @match order {
                    Some(o) => (o.header(l, l.t("track.code"), applications::DeskOrder::Received)),
                    None => th { (l.t("track.code")) },
                }
                th { (l.t("services.name")) } th { (l.t("desk.applicant")) }
                th { (l.t("desk.filed_at")) }
                @match order {
                    Some(o) => (o.header(l, l.t("track.due"), applications::DeskOrder::Due)),
                    None => th { (l.t("track.due")) },
                }
                @if order.is_none() { th { (l.t("track.status")) } }
            } }
            tbody {
                @for i in items {
                    tr {
                        td { a href={ "/mot-cua/" (i.id) } { (i.code.as_deref().unwrap_or("—")) } }
                        td data-label=(l.t("services.name")) { (words.of(&i.procedure_name)) }
                        td data-label=(l.t("desk.applicant")) { (i.applicant) }
                        // when and how it came: the desk takes dossiers first come, first served
                        td data-label=(l.t("desk.filed_at")) {
                            (i.submitted_at.as_deref().map_or_else(|| "—".to_string(), lode_web::pages::local_time))
                            " · "
                            span.hint { (l.t(if i.channel == "desk" { "handling.desk" } else { "handling.online" })) }
                        }
                        td data-label=(l.t("track.due")) { (lode_web::pages::local_day_or_dash(i.due_on.as_deref().filter(|_| i.status.promises_a_date()))) }
                        @if order.is_none() { td data-label=(l.t("track.status")) { (l.t(&format!("track.status.{}", i.status.as_str()))) } }
                    }
                }
            }
        }
    }
}

/// [`desk_page`] after a refused form, what was typed in it shown again.
pub(crate) async fn desk_page_typed(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    (errors, conflict): (&FieldErrors, Option<&str>),
    decided: &Decided,
) -> PageResult<Markup> {
    desk_page_after(
        state,
        caller,
        id,
        (errors, conflict),
        Shown::default(),
        decided,
    )
    .await
}

/// The decision as the officer chose and wrote it, shown again when it was refused so that
/// nothing typed is lost and no other decision is offered in its place; or the apology's
/// reason and new day so typed.
#[derive(Default)]
pub(crate) struct Decided {
    decision: Option<String>,
    reason: String,
    apology: super::sections::ApologyTyped,
}

impl Decided {
    /// The apology's reason and new day, as typed.
    pub(crate) fn apology(reason: String, new_due_on: String) -> Self {
        Self {
            apology: super::sections::ApologyTyped { reason, new_due_on },
            ..Default::default()
        }
    }
}

/// The decisions the desk may take, as the form names them.
const DECISIONS: [(&str, &str); 3] = [
    ("accept", "desk.accept"),
    ("complete", "desk.complete"),
    ("refuse", "desk.refuse"),
];

/// The desk's page of a dossier, saying what was just decided (`done`) when it was.
async fn desk_page_after(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    (errors, conflict): (&FieldErrors, Option<&str>),
    shown: Shown<'_>,
    decided: &Decided,
) -> PageResult<Markup> {
    // the desk works it; those who handle its letter follow it here
    let following = crate::handling::following(&state.db, &caller.actor, id).await?;
    let desk = following.desk;
    let l = caller.lang;
    let (a, p) = super::worded_dossier(
        l,
        applications::desk_view(&state.db, &caller.actor, id).await?,
    );
    let (done, beside) = (shown.done, paper_beside(&a, &p, shown.paper));
    let mut extras = super::sections::DeskExtras::load(state, &a, &p).await?;
    extras.apology_typed = decided.apology.clone();
    Ok(layout(
        caller,
        &a.procedure_name,
        Nav::Desk,
        html! {
            @if desk { p.crumbs { a href="/mot-cua" { (l.t("desk.title")) } } }
            h1 { (a.procedure_name) " " code { (a.code.as_deref().unwrap_or("")) } }
            p {
                (l.t("track.status")) ": " (l.t(&format!("track.status.{}", a.status)))
                @if a.promised() {
                    " · " (l.t("track.due")) ": " (lode_web::pages::local_day_or_dash(a.due_on.as_deref()))
                }
            }
            @if let Some(d) = done.filter(|d| DESK_DONE.contains(d)) {
                p.notice role="status" { (l.t(&format!("desk.done.{d}"))) }
            }
            @if let Some(c) = conflict { (lode_web::pages::conflict_alert(l, c)) }
            // a long page on a phone: its parts one tap away, the decision first when one waits
            @let deciding = desk && a.status == ApplicationStatus::Submitted;
            nav.jump aria-label=(l.t("desk.on_this_page")) {
                @if deciding { a.button href="#quyet-dinh" { (l.t("desk.decide")) } }
                @if desk && a.status == ApplicationStatus::ResultReady {
                    a.button href="#tra-ket-qua" { (l.t("handling.hand_over")) }
                }
                a href="#giay-to" { (l.t("services.documents")) }
                @if a.code.is_some() { a href="#trao-doi" { (l.t("handling.messages_with_applicant")) } }
                a href="#qua-trinh" { (l.t("apps.history")) }
            }
            // the paper form's and the papers' refusals named by the procedure's words, the
            // decision's by the form's
            @let (of_dossier, of_decision): (Vec<_>, Vec<_>) = errors.0.iter().cloned()
                .partition(|e| e.field.starts_with("values.") || e.field.starts_with("documents."));
            (errors_named(l, &FieldErrors(of_dossier), &p))
            (lode_web::pages::labelled_form_errors(l, &FieldErrors(of_decision), &["reason", "decision"], Some("desk")))
            // who filed it, what they asked and their papers, one of them read beside it all
            // without leaving the page
            div.with-preview {
                div {
                    h2 { (l.t("desk.applicant")) }
                    dl.facts #applicant {
                        @if let Some(org) = &extras.applicant.organisation_name {
                            dt { (l.t("field.organisation_name")) } dd { (org) }
                        }
                        dt { (l.t("desk.filed_by")) } dd { (extras.applicant.full_name) }
                        @if let Some(tax) = &extras.applicant.tax_code {
                            dt { (l.t("field.tax_code")) } dd { (tax) }
                        }
                        dt { (l.t("register.address")) } dd { (extras.address.as_deref().unwrap_or("—")) }
                        dt { (l.t("field.email")) } dd { (extras.applicant.email.as_deref().unwrap_or("—")) }
                    }
                    h2 { (l.t("apps.form")) }
                    (values_shown(l, &a, &p))
                    // what the applicant owes, and whether it is paid, before the desk accepts
                    (fee_section(l, &p.fee.compute(&a.values), Some(extras.fee_paid)))
                    h2 #giay-to { (l.t("services.documents")) }
                    ol {
                        @for d in &p.documents {
                            li {
                                (d.name) " — "
                                @if let Some(h) = a.documents.iter().find(|x| x.key == d.key) {
                                    a href={ "/mot-cua/" (a.id) "/tai-lieu/" (d.key) } { (h.name) }
                                    (super::sections::signature_line(l, extras.signatures.get(&d.key), &extras.applicant))
                                    (beside_choice(l, &a, &format!("/mot-cua/{}", a.id), &d.key, beside))
                                } @else if d.required { strong { (l.t("desk.missing")) } } @else { (l.t("desk.not_given")) }
                            }
                        }
                    }
                }
                @if let Some(key) = beside {
                    div #xem-truoc {
                        (paper_title(l, &a, &p, key))
                        (lode_web::pages::pdf_preview(l, &format!("/mot-cua/{}/tai-lieu/{key}", a.id)))
                    }
                }
            }
            // the checks of the area and the licence asked about, before any button that
            // receives or accepts the dossier
            @if let Some(r) = lode_cadastre::web::area_field::report(&state.db, l, a.id, true).await? { (r) }
            (super::sections::licence_named(&state.db, l, &a, (&extras.applicant, super::sections::Reader::Desk)).await?.shown)
            @if desk && a.status == ApplicationStatus::Draft {
                (super::sections::paper_section(caller, &a, &p, errors))
            }
            // issued on acceptance, to print for the person at the counter or to send
            @if desk && a.was_accepted() {
                p { a href={ "/mot-cua/" (a.id) "/giay-tiep-nhan" } { (l.t("apps.receipt")) } }
            }
            // the decision comes right after the checks, before the papers and the messages
            @if deciding {
                h2 #quyet-dinh { (l.t("desk.decide")) }
                // a refusal is final and told to the applicant at once: asked first
                form.stack method="post" action={ "/mot-cua/" (a.id) } data-confirm=(l.t("desk.refuse_confirm")) data-confirm-if="decision=refuse" {
                    (csrf_field(caller))
                    // the paper read beside stays beside if the decision is refused
                    @if let Some(key) = beside { input type="hidden" name="xem" value=(key); }
                    // papers the procedure wants signed that are not, said before accepting
                    @let unsigned = super::sections::unsigned_papers(&p, &extras.signatures, &extras.applicant);
                    @if !unsigned.is_empty() {
                        div.notice.warning role="note" {
                            p { (l.t("desk.unsigned_papers")) }
                            ul { @for n in &unsigned { li { (n) } } }
                        }
                    }
                    // a fee still owed, said where the officer decides, not only above
                    @if !extras.fee_paid && a.fee_amount.unwrap_or(0) > 0 {
                        div.notice.warning role="note" #fee-owed {
                            p { (l.fill("desk.fee_owed", &serde_json::json!({"amount": l.amount(a.fee_amount.unwrap_or(0))}))) }
                        }
                    }
                    // none chosen beforehand: the officer says which, and it stays chosen
                    fieldset.field #decision {
                        legend { (l.t("desk.decision")) (lode_web::pages::required_mark()) }
                        @for (value, key) in DECISIONS {
                            label.check {
                                input type="radio" name="decision" value=(value) required checked[decided.decision.as_deref() == Some(value)];
                                " " (l.t(key))
                            }
                        }
                        (field_errors(l, errors, "decision"))
                    }
                    div.field {
                        label for="reason" { (l.t("desk.reason")) }
                        textarea id="reason" name="reason" rows="3" maxlength="4000"
                            aria-invalid=[errors.0.iter().any(|e| e.field == "reason").then_some("true")]
                            aria-describedby=[lode_web::pages::error_id(errors, "reason")] { (decided.reason) }
                        (field_errors(l, errors, "reason"))
                    }
                    button type="submit" { (l.t("desk.submit")) }
                }
            }
            (super::sections::desk_section(caller, (&a, &p), (&extras, following), errors))
            h2 #qua-trinh { (l.t("apps.history")) }
            ol { @for e in &a.events { li { (local_time(&e.at)) " — " (crate::web::event_note(l, e)) @if let Some(who) = &e.actor { " — " span.hint { (who) } } } } }
        },
    ))
}

/// What the desk's page says it just did, after a step taken on it.
const DESK_DONE: [&str; 7] = [
    "accepted",
    "incomplete",
    "refused",
    "published",
    "handed_over",
    "apologised",
    "message_sent",
];

/// `GET /mot-cua/{id}`: a dossier at the desk, with the decision's form.
pub async fn desk_show(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    lode_web::pages::PageQuery(q): lode_web::pages::PageQuery<DoneQuery>,
) -> PageResult<Markup> {
    desk_page_after(
        &state,
        &caller,
        id,
        (&FieldErrors::new(), None),
        Shown {
            done: q.done.as_deref(),
            paper: q.xem.as_deref(),
        },
        &Decided::default(),
    )
    .await
}

/// The values a form posted (`v_…`), and the version it was read at.
pub(crate) fn posted_values(body: &[u8]) -> (BTreeMap<String, String>, Option<i64>) {
    let p = form_pairs(body);
    let version = first(&p, "version").and_then(|v| v.parse().ok());
    let typed = Typed::from_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    (typed.map(|t| t.values).unwrap_or_default(), version)
}

/// What a page was sent back with after a step: which one was done; and which of the
/// dossier's papers to read beside it.
#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
    /// The procedure's key of a paper the dossier holds.
    xem: Option<String>,
}

/// What a dossier's page says of the moment: the step just done, the paper read beside it.
#[derive(Default, Clone, Copy)]
struct Shown<'a> {
    done: Option<&'a str>,
    paper: Option<&'a str>,
}

/// The paper read beside a dossier's page: the one asked for when the dossier holds it, else
/// the first it holds.
fn paper_beside<'a>(
    a: &Application,
    p: &'a lode_core::services::Procedure,
    asked: Option<&str>,
) -> Option<&'a str> {
    let held = |key: &str| a.documents.iter().any(|x| x.key == key);
    p.documents
        .iter()
        .find(|d| asked == Some(d.key.as_str()) && held(&d.key))
        .map(|d| d.key.as_str())
        .or_else(|| a.first_paper(p))
}

/// What the paper read beside a dossier's page is: the procedure's name for it, and its file's.
fn paper_title(
    l: lode_web::i18n::Lang,
    a: &Application,
    p: &lode_core::services::Procedure,
    key: &str,
) -> Markup {
    let named = p
        .documents
        .iter()
        .find(|d| d.key == key)
        .map(|d| d.name.as_str());
    let file = a
        .documents
        .iter()
        .find(|d| d.key == key)
        .map(|d| d.name.as_str());
    html! {
        p.preview-title {
            (l.t("preview.shown")) ": " strong { (named.unwrap_or(key)) }
            @if let Some(f) = file { " (" (f) ")" }
        }
    }
}

/// Beside a paper of a dossier holding several: that it is the one read beside the page, or a
/// link that shows it there.
fn beside_choice(
    l: lode_web::i18n::Lang,
    a: &Application,
    page: &str,
    key: &str,
    beside: Option<&str>,
) -> Markup {
    // the dossier's own page, whatever address showed it (a refused form's is a POST's)
    let shown_there = lode_web::pages::listing::Address::new()
        .pair("xem", Some(key))
        .at(page);
    html! {
        @if a.documents.len() > 1 {
            @if beside == Some(key) {
                " " span.badge.beside { (l.t("preview.shown_beside")) }
            } @else {
                // the dot goes with the link, which a phone (no room beside) does not show
                span.show-beside { " · " a.show-beside href={ (shown_there) "#xem-truoc" } { (l.t("preview.show_beside")) } }
            }
        }
    }
}

/// `GET /ho-so/{id}/tai-lieu/{key}`: one of the applicant's own papers, to read again.
pub async fn own_document(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, key)): Path<(i64, String)>,
) -> PageResult<Response> {
    let me = applicant(&caller)?;
    let a = applications::get(&state.db, me, id).await?;
    Ok(document_file(&state, &a, &key).await?)
}

/// `GET /mot-cua/{id}/tai-lieu/{key}`: a paper of the dossier, for the officer deciding on it.
pub async fn desk_document(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, key)): Path<(i64, String)>,
) -> PageResult<Response> {
    crate::handling::following(&state.db, &caller.actor, id).await?;
    let (a, _) = applications::desk_view(&state.db, &caller.actor, id).await?;
    Ok(document_file(&state, &a, &key).await?)
}

/// The file a dossier holds under the procedure's document `key`, named by the dossier.
async fn document_file(
    state: &lode_web::AppState,
    a: &Application,
    key: &str,
) -> Result<Response, AppError> {
    let d = a
        .documents
        .iter()
        .find(|d| d.key == key)
        .ok_or(AppError::NotFound)?;
    // named as its owner named it, after the dossier
    let own = lode_web::files::stem_of(Some(&d.name), key);
    let stem = match &a.code {
        Some(code) => format!("{code}-{own}"),
        None => format!("ho-so-{}-{own}", a.id),
    };
    lode_web::api::serve_file(state, &d.sha256, &stem).await
}

/// `POST /mot-cua/{id}`: the desk's decision.
pub async fn desk_decide(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    use crate::handling::DeskDecision;
    caller.require(lode_core::authz::Action::WorkTheDesk)?;
    let p = form_pairs(&body);
    let decided = Decided {
        decision: first(&p, "decision"),
        reason: first(&p, "reason").unwrap_or_default(),
        ..Default::default()
    };
    let paper = first(&p, "xem");
    // a decision is never guessed: one not chosen is asked for, beside its choices
    let decision =
        DeskDecision::parse(decided.decision.as_deref().unwrap_or("")).map_err(AppError::Invalid);
    let done = decision.as_ref().map_or("refused", |d| d.done());
    let result = match decision {
        Ok(decision) => crate::handling::decide_at_desk(
            &state.db,
            &caller.ctx(),
            &caller.actor,
            id,
            decision,
            &decided.reason,
        )
        .await
        .map(|_| ())
        .map_err(AppError::from),
        Err(e) => Err(e),
    };
    let (state, caller, decided, paper) = (&state, &caller, &decided, paper.as_deref());
    answer_change(
        result,
        |_| format!("/mot-cua/{id}?done={done}"),
        |errors, conflict| async move {
            desk_page_after(
                state,
                caller,
                id,
                (&errors, conflict.as_deref()),
                Shown { done: None, paper },
                decided,
            )
            .await
        },
    )
    .await
}
