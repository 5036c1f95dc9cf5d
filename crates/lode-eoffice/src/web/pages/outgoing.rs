//! Outgoing documents (văn bản đi): the list, the drafting form, and a document with its
//! versions, timeline and the forms of the steps its reader may take.

use super::{
    Nav, answer_change, csrf_field, field_errors, first, form_pairs, layout, listing, local_time,
};
use crate::incoming;
use crate::outgoing::{self, DOCX, Filter, NewDraft, OutgoingOrder, OutgoingStepInput, Revision};
use crate::web::api::outgoing::{version_file, visible};
use axum::extract::{Multipart, Path};
use axum::response::Response;
use lode_core::authz::Action;
use lode_core::documents::{OutgoingStatus, OutgoingStep, Reviewer, Urgency, next_outgoing};
use lode_core::people::Clearance;
use lode_core::validation::FieldErrors;
use lode_db::{Sort, units};
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use lode_web::files::{accept_docx, accept_pdf, store_file};
use maud::{Markup, html};

/// How many documents a page of the list shows.
const LIST_PAGE: i64 = 50;

/// The filters a dashboard's figure opens the list with, kept as the list is filtered further.
fn figure_filters(filter: &Filter) -> Vec<(&'static str, String)> {
    listing::present([
        ("sent_from", filter.sent_from.clone()),
        ("sent_to", filter.sent_to.clone()),
        ("signed", filter.signed.map(|b| b.to_string())),
        ("delivery", filter.delivery.clone()),
        (
            "within_unit_id",
            filter.within_unit_id.map(|u| u.to_string()),
        ),
    ])
}

/// What a dashboard's figure counts, in words: the conditions the form does not show.
fn figure_said(l: lode_web::i18n::Lang, filter: &Filter) -> Vec<String> {
    let day = |d: &Option<String>| lode_web::pages::local_day_or_dash(d.as_deref());
    let mut said = Vec::new();
    if filter.sent_from.is_some() || filter.sent_to.is_some() {
        let period =
            serde_json::json!({ "from": day(&filter.sent_from), "to": day(&filter.sent_to) });
        said.push(l.fill("figure.sent", &period));
    }
    match filter.signed {
        Some(true) => said.push(l.t("figure.signed").to_string()),
        Some(false) => said.push(l.t("figure.unsigned").to_string()),
        None => {}
    }
    match filter.delivery.as_deref() {
        Some("inside") => said.push(l.t("figure.sent_inside").to_string()),
        Some("outside") => said.push(l.t("figure.sent_outside").to_string()),
        _ => {}
    }
    said
}

pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(filter): super::PageQuery<Filter>,
) -> PageResult<Markup> {
    caller.require(Action::UseInternal)?;
    let l = caller.lang;
    // the pages are numbered; keys are for programs; a search lists its best answers first
    // unless another order is asked for
    let ordering = listing::ListOrder::read(
        filter.q.as_deref(),
        filter.sort.as_deref(),
        outgoing::NEWEST_FIRST,
    );
    let filter = Filter {
        limit: Some(LIST_PAGE),
        before: None,
        sort: Some(ordering.param()),
        ..filter
    };
    let page = outgoing::list(&state.db, &caller.actor, &filter).await?;
    let ordering = ordering.as_listed(page.ranked);
    // the words searched for, marked where they stand
    let terms = lode_core::text::search_terms(filter.q.as_deref().unwrap_or(""));
    let sort = ordering.sort;
    let page_number = filter.page.unwrap_or(1);
    let figure = figure_filters(&filter);
    // the list's address with its filters, in an order, at a numbered page
    let address = |sort: Option<Sort<OutgoingOrder>>, page: i64| {
        listing::Address::new()
            .texts(&[
                ("q", &filter.q),
                ("status", &filter.status),
                ("type_code", &filter.type_code),
                ("issued_from", &filter.issued_from),
                ("issued_to", &filter.issued_to),
            ])
            .numbers(&[
                ("year", filter.year),
                ("drafting_unit_id", filter.drafting_unit_id),
            ])
            .pair(
                "unsigned",
                (filter.unsigned == Some(true)).then_some("true"),
            )
            .pairs(&figure)
            .ordered(ordering, sort)
            .page(page)
            .at("/outgoing")
    };
    let order = listing::Ordering {
        current: ordering.shown(),
        link: &|s| address(Some(s), 1),
    };
    let more = page.more;
    let body = html! {
        h1 { (l.t("outgoing.title")) }
        @if caller.may(Action::DraftOutgoing) { p { a.button href="/outgoing/new" { (l.t("outgoing.new")) } } }
        @if !figure.is_empty() {
            div.notice role="status" {
                p { (l.t("filter.from_figure")) }
                ul { @for said in figure_said(l, &filter) { li { (said) } } }
                p { a href="/dashboard" { (l.t("filter.back_to_figures")) } " · " a href="/outgoing" { (l.t("filter.clear")) } }
            }
        }
        form.filters method="get" action="/outgoing" role="search" {
            @for (k, v) in &figure { input type="hidden" name=(k) value=(v); }
            div.field { label for="q" { (l.t("filter.search")) } input id="q" name="q" type="search" value=(filter.q.clone().unwrap_or_default()); }
            div.field {
                label for="status" { (l.t("field.status")) }
                select id="status" name="status" {
                    option value="" { "—" }
                    @for s in OutgoingStatus::ALL { option value=(s.as_str()) selected[filter.status.as_deref() == Some(s.as_str())] { (l.lookup(&format!("outgoing_filter.{}", s.as_str())).unwrap_or_else(|| l.t(&format!("outgoing_status.{}", s.as_str())))) } }
                }
            }
            div.field {
                label.check {
                    input type="checkbox" name="unsigned" value="true" checked[filter.unsigned == Some(true)];
                    " " (l.t("outgoing.unsigned_only"))
                }
            }
            (ordering.choice(l, "outgoing"))
            button type="submit" { (l.t("filter.apply")) }
        }
        (ordering.notice(l, page_number == 1 && !more))
        (listing::total_line(l, page.total))
        table.list {
            thead { tr {
                th { (l.t("field.notation")) } (order.header(l, l.t("field.issued_on"), OutgoingOrder::Issued))
                th { (l.t("field.subject")) } th { (l.t("field.drafting_unit")) } th { (l.t("field.author")) } th { (l.t("field.status")) }
            } }
            tbody {
                @for d in &page.items {
                    tr {
                        td { a href={ "/outgoing/" (d.id) } { @match &d.notation {
                            Some(n) => (lode_web::pages::marked(n, &terms)),
                            None => (l.t("outgoing.no_number")),
                        } } (super::secrecy_badge(l, &d.secrecy)) }
                        td data-label=(l.t("field.issued_on")) { (lode_web::pages::local_day_or_dash(d.issued_on.as_deref())) }
                        // the subject opens the document too: on a phone it is the card's title
                        td data-label=(l.t("field.subject")) { a href={ "/outgoing/" (d.id) } { @match &d.subject {
                            Some(t) => (lode_web::pages::marked(t, &terms)),
                            None => (l.t("incoming.secret_entry")),
                        } } }
                        td data-label=(l.t("field.drafting_unit")) { (d.drafting_unit_name) }
                        td data-label=(l.t("field.author")) { (d.author_name) }
                        td data-label=(l.t("field.status")) { (l.t(&super::outgoing_status_key(d))) }
                    }
                }
            }
        }
        @if page.items.is_empty() { p.empty { (l.t("list.empty")) } }
        (listing::pager(l, page_number, LIST_PAGE, page.total, more, |p| address(sort, p)))
    };
    Ok(layout(&caller, l.t("outgoing.title"), Nav::Outgoing, body))
}

/// Documents waiting in a queue: each by its number (or its type while it has none) and its
/// subject, who wrote it, where and when it last changed.
pub(crate) fn drafts_table(
    l: lode_web::i18n::Lang,
    items: &[crate::outgoing::OutgoingView],
) -> Markup {
    html! {
        table.list {
            thead { tr {
                th { (l.t("field.queued_document")) } th { (l.t("field.subject")) }
                th { (l.t("field.drafting_unit")) } th { (l.t("field.author")) }
                th { (l.t("field.last_version_at")) } th { (l.t("field.status")) }
            } }
            tbody {
                @for d in items {
                    tr {
                        // its notation once numbered, its type while a draft
                        td { a href={ "/outgoing/" (d.id) } {
                            (d.notation.as_deref().unwrap_or(lode_web::pages::type_name(l, &d.type_code, &d.type_name)))
                        } (super::secrecy_badge(l, &d.secrecy)) }
                        td data-label=(l.t("field.subject")) { a href={ "/outgoing/" (d.id) } {
                            (d.subject.as_deref().unwrap_or(l.t("incoming.secret_entry")))
                        } (super::incoming::urgency_badge(l, &d.urgency)) }
                        td data-label=(l.t("field.drafting_unit")) { (d.drafting_unit_name) }
                        td data-label=(l.t("field.author")) { (d.author_name) }
                        td data-label=(l.t("field.last_version_at")) {
                            (d.versions.last().map(|v| lode_web::pages::local_time(&v.created_at)).unwrap_or_default())
                        }
                        td data-label=(l.t("field.status")) { (l.t(&super::outgoing_status_key(d))) }
                    }
                }
            }
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct NewQuery {
    reply_to: Option<i64>,
}

/// The incoming document a reply answers, as the caller may see it (by its arrival number, and
/// its notation when they may read it); nothing when they may not know of it.
async fn answered(
    state: &lode_web::AppState,
    caller: &Caller,
    incoming_id: Option<i64>,
) -> Result<Option<incoming::IncomingView>, AppError> {
    let Some(id) = incoming_id else {
        return Ok(None);
    };
    match incoming::get(&state.db, id).await {
        Ok(inc) if caller.may(Action::SeeDocument(&inc.scope())) => Ok(inc.view(&caller.actor)),
        Ok(_) | Err(lode_db::DbError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

async fn new_page(
    state: &lode_web::AppState,
    caller: &Caller,
    input: &NewDraft,
    aside: Option<&outgoing::Composition>,
    errors: &FieldErrors,
) -> PageResult<Markup> {
    let l = caller.lang;
    let types = incoming::types(&state.db).await?;
    let dossiers = crate::dossiers::editable_open(&state.db, &caller.actor).await?;
    let all = units::all(&state.db).await?;
    let ordered = recipient_choices(caller, &all, &input.recipient_unit_ids);
    let signers = match caller.actor.register_unit.as_ref() {
        Some(body) => outgoing::signers(&mut state.db.read().await?, body, Clearance::None).await?,
        None => Vec::new(),
    };
    let answers = answered(state, caller, input.related_incoming_id).await?;
    Ok(layout(
        caller,
        l.t("outgoing.new"),
        Nav::Outgoing,
        html! {
            p.crumbs { a href="/outgoing" { (l.t("outgoing.title")) } }
            h1 { (l.t("outgoing.new")) }
            (lode_web::pages::labelled_form_errors(l, errors, &["type_code", "subject", "urgency", "secrecy", "recipient_unit_ids", "recipients_outside", "pdf_sha256", "pdf", "source", "composed_addressee", "composed_text", "related_incoming_id", "presented_to"], Some("outgoing_form")))
            form.stack method="post" enctype="multipart/form-data" action="/outgoing/new" data-warn-unsaved=(l.t("form.unsaved")) data-unsaved=[(!errors.is_empty()).then_some("1")] { (lode_web::pages::csrf_field(caller))
                // files sent with a form refused on another field are kept, not asked for again (a
                // composed draft is laid out again from its text)
                @if !input.pdf_sha256.is_empty() && input.composed.is_none() { input type="hidden" name="pdf_sha256" value=(input.pdf_sha256); }
                @if let Some(sha) = &input.source_sha256 {
                    input type="hidden" name="source_sha256" value=(sha);
                    input type="hidden" name="source_name" value=(input.source_name.as_deref().unwrap_or(""));
                }
                @for a in &input.attachments {
                    input type="hidden" name="kept_attachment" value={ (a.sha256) ":" (a.name) };
                }
                p.hint { (l.t("form.required_hint")) }
                @if let Some(r) = input.related_incoming_id {
                    input type="hidden" name="related_incoming_id" value=(r);
                    @if let Some(a) = &answers { p.hint { (l.t("outgoing.reply_to")) ": " (super::incoming::summary_link(l, a)) } }
                }
                (details_fields(l, errors, input, (&types, &ordered, &dossiers, &signers)))
                (draft_content(l, errors, (input.composed.is_some(), true), input.composed.as_ref().or(aside), input))
                div.field {
                    label for="attachments" { (l.t("field.attachments_pdf_docx")) }
                    input id="attachments" name="attachments" type="file" multiple accept="application/pdf,.pdf,.docx" data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES)); (lode_web::pages::file_limit(l, lode_web::files::DOCUMENT_MAX_BYTES))
                    @if !input.attachments.is_empty() {
                        p.hint { (l.t("outgoing.kept")) ": " (input.attachments.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")) }
                    }
                    @for e in errors.0.iter().filter(|e| e.field.starts_with("attachments")) { p.field-error role="alert" { (l.field_error(e.code, &e.message)) } }
                }
                button type="submit" { (l.t("outgoing.create")) }
            }
        },
    ))
}

/// Where a draft's text comes from: a PDF prepared elsewhere (with its DOCX), or the text typed
/// here, which lode lays out (`composing` chooses which shows first, `addressed` whether a
/// letter's addressee is asked (on the drafting form, it folds away for other types);
/// `composed`, the text typed back; `kept`, the files a refused form kept). Both parts stand
/// in the page; the one not chosen folds away.
fn draft_content(
    l: lode_web::i18n::Lang,
    errors: &FieldErrors,
    (composing, addressed): (bool, bool),
    composed: Option<&outgoing::Composition>,
    kept: &NewDraft,
) -> Markup {
    let invalid = |field: &str| lode_web::pages::error_id(errors, field);
    let pdf_refused = invalid("pdf").or_else(|| invalid("pdf_sha256"));
    html! {
        fieldset.field.draft-from #draft_from {
            legend { (l.t("outgoing.draft_from")) }
            label.check { input type="radio" name="draft_from" value="upload" checked[!composing]; " " (l.t("outgoing.from_upload")) }
            label.check { input type="radio" name="draft_from" value="compose" checked[composing]; " " (l.t("outgoing.from_compose")) }
            div.from-upload {
                div.field {
                    label for="pdf" { (l.t("field.draft_pdf")) (lode_web::pages::required_mark()) }
                    // not `required` to the browser: composing, the box is folded away
                    input id="pdf" name="pdf" type="file" accept="application/pdf,.pdf" aria-invalid=[pdf_refused.as_ref().map(|_| "true")] aria-describedby=[pdf_refused] data-kept=[(!kept.pdf_sha256.is_empty()).then_some("1")] data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES)); (lode_web::pages::file_limit(l, lode_web::files::DOCUMENT_MAX_BYTES))
                    @if !kept.pdf_sha256.is_empty() && kept.composed.is_none() { p.hint { (l.t("incoming.file_kept")) } }
                    (field_errors(l, errors, "pdf")) (field_errors(l, errors, "pdf_sha256"))
                }
                div.field {
                    label for="source" { (l.t("field.draft_source")) }
                    input id="source" name="source" type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES));
                    @if let Some(name) = &kept.source_name { p.hint { (l.t("outgoing.kept")) ": " (name) } }
                    (field_errors(l, errors, "source"))
                }
            }
            div.from-compose {
                p.hint { (l.t("outgoing.compose_hint")) }
                @if addressed { div.field.addressee-field {
                    label for="composed_addressee" { (l.t("field.composed_addressee")) }
                    input id="composed_addressee" name="composed_addressee" maxlength="300" value=(composed.and_then(|c| c.addressee.as_deref()).unwrap_or("")) aria-invalid=[invalid("composed_addressee").map(|_| "true")] aria-describedby=(invalid("composed_addressee").unwrap_or_else(|| "composed_addressee-hint".into()));
                    p.hint id="composed_addressee-hint" { (l.t("outgoing.addressee_hint")) }
                    (field_errors(l, errors, "composed_addressee"))
                } }
                div.field {
                    label for="composed_text" { (l.t("field.composed_text")) (lode_web::pages::required_mark()) }
                    textarea id="composed_text" name="composed_text" rows="14" maxlength=(outgoing::COMPOSED_TEXT_MAX) aria-invalid=[invalid("composed_text").map(|_| "true")] aria-describedby=(invalid("composed_text").unwrap_or_else(|| "composed_text-hint".into())) { (composed.map(|c| c.text.as_str()).unwrap_or("")) }
                    p.hint id="composed_text-hint" { (l.t("outgoing.text_hint")) }
                    (field_errors(l, errors, "composed_text"))
                }
            }
        }
    }
}

/// A draft's details in a form: its type and subject, its dossier, its recipients inside and
/// outside, its urgency and secrecy; as typed, each refusal beside its box.
fn details_fields(
    l: lode_web::i18n::Lang,
    errors: &FieldErrors,
    input: &NewDraft,
    (types, ordered, dossiers, signers): (
        &[incoming::DocumentType],
        &[&units::Unit],
        &[crate::dossiers::DossierView],
        &[outgoing::Signer],
    ),
) -> Markup {
    // a refused box is marked and points at its message
    let invalid = |field: &str| lode_web::pages::error_id(errors, field);
    html! {
        div.field {
            label for="type_code" { (l.t("field.document_type")) }
            select id="type_code" name="type_code" aria-invalid=[invalid("type_code").map(|_| "true")] aria-describedby=[invalid("type_code")] { @for t in types { option value=(t.code) selected[input.type_code == t.code] { (lode_web::pages::type_name(l, &t.code, &t.name)) } } }
            (field_errors(l, errors, "type_code"))
        }
        div.field {
            label for="subject" { (l.t("field.subject")) (lode_web::pages::required_mark()) }
            textarea id="subject" name="subject" rows="2" required maxlength="500" aria-invalid=[invalid("subject").map(|_| "true")] aria-describedby=[invalid("subject")] { (input.subject) }
            (field_errors(l, errors, "subject"))
        }
        // the leader it goes to for signature (trình ký): that leader alone is told
        @if !signers.is_empty() {
            div.field {
                label for="presented_to" { (l.t("field.presented_for_signature")) }
                select id="presented_to" name="presented_to" aria-invalid=[invalid("presented_to").map(|_| "true")] aria-describedby=(invalid("presented_to").unwrap_or_else(|| "presented_to-hint".to_string())) {
                    option value="" { (l.t("outgoing.any_signer")) }
                    @for s in signers { option value=(s.id) selected[input.presented_to == Some(s.id)] { (s.full_name) @if let Some(pos) = &s.position { " · " (pos) } } }
                }
                p.hint id="presented_to-hint" { (l.t("outgoing.presented_hint")) }
                (field_errors(l, errors, "presented_to"))
            }
        }
        @if !dossiers.is_empty() {
            div.field {
                label for="related_dossier_id" { (l.t("field.related_dossier")) }
                select id="related_dossier_id" name="related_dossier_id" aria-describedby="related_dossier_id-hint" {
                    option value="" { "—" }
                    @for d in dossiers { option value=(d.id) selected[input.related_dossier_id == Some(d.id)] { (d.code) " — " (d.title.as_deref().unwrap_or("")) } }
                }
                p.hint id="related_dossier_id-hint" { (l.t("outgoing.related_dossier_hint")) }
                (field_errors(l, errors, "related_dossier_id"))
            }
        }
        fieldset.field #recipient_unit_ids {
            legend { (l.t("field.recipients_inside")) }
            p.hint { (l.t("outgoing.recipients_hint")) }
            @for u in ordered.iter().filter(|u| u.status == lode_core::org::UnitStatus::Active) {
                label.check class={ "depth-" (u.depth) } { input type="checkbox" name="recipient_unit_ids" value=(u.id) checked[input.recipient_unit_ids.contains(&u.id)]; " " (u.name) }
            }
            (field_errors(l, errors, "recipient_unit_ids"))
        }
        div.field {
            label for="recipients_outside" { (l.t("field.recipients_outside")) }
            textarea id="recipients_outside" name="recipients_outside" rows="3" maxlength="2000" aria-invalid=[invalid("recipients_outside").map(|_| "true")] aria-describedby=[invalid("recipients_outside")] { (input.recipients_outside.as_deref().unwrap_or("")) }
            (field_errors(l, errors, "recipients_outside"))
        }
        div.field {
            label for="urgency" { (l.t("field.urgency")) }
            select id="urgency" name="urgency" { @for u in Urgency::ALL { option value=(u.as_str()) selected[input.urgency.as_deref() == Some(u.as_str())] { (l.t(&format!("urgency.{}", u.as_str()))) } } }
            (field_errors(l, errors, "urgency"))
        }
        div.field {
            label for="secrecy" { (l.t("field.secrecy")) }
            select id="secrecy" name="secrecy" aria-invalid=[invalid("secrecy").map(|_| "true")] aria-describedby=[invalid("secrecy")] { @for c in Clearance::ALL { option value=(c.as_str()) selected[input.secrecy.as_deref() == Some(c.as_str())] { (l.t(&format!("clearance.{}", c.as_str()))) } } }
            (field_errors(l, errors, "secrecy"))
        }
    }
}

/// The units a draft may be sent to inside, in the tree's order: the body that issues it
/// aside (unless already chosen).
fn recipient_choices<'a>(
    caller: &Caller,
    all: &'a [units::Unit],
    chosen: &[i64],
) -> Vec<&'a units::Unit> {
    let own_body = caller
        .actor
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied());
    units::tree_order(all)
        .into_iter()
        .filter(|u| Some(u.id) != own_body || chosen.contains(&u.id))
        .collect()
}

pub async fn new_form(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<NewQuery>,
) -> PageResult<Markup> {
    caller.require(Action::DraftOutgoing)?;
    let mut input = NewDraft {
        type_code: "CV".into(),
        related_incoming_id: q.reply_to,
        ..Default::default()
    };
    // a reply goes back to whoever wrote, about what they wrote: offered, the author edits
    let answered = answered(&state, &caller, q.reply_to).await?;
    // as secret as the letter it answers: what it says of it is
    if let Some(v) = &answered {
        input.secrecy = Some(v.secrecy.clone());
    }
    if let Some(details) = answered.and_then(|v| v.details) {
        input.recipients_outside = Some(details.issuer.clone());
        // a public-service dossier's letter carries the dossier's code, not a letter's number
        input.subject = if lode_core::services::DossierCode::parse(&details.notation).is_ok() {
            format!(
                "V/v giải quyết hồ sơ {} của {}",
                details.notation, details.issuer
            )
        } else {
            format!(
                "V/v trả lời văn bản số {} của {}",
                details.notation, details.issuer
            )
        };
        // as urgent as the letter it answers
        input.urgency = Some(details.urgency.clone());
    }
    new_page(&state, &caller, &input, None, &FieldErrors::new()).await
}

/// Reads the drafting form; the files are checked and stored before the draft points at them.
async fn read_form(
    state: &lode_web::AppState,
    uploader: i64,
    mut multipart: Multipart,
) -> Result<
    (
        NewDraft,
        Option<String>,
        FieldErrors,
        Option<outgoing::Composition>,
    ),
    AppError,
> {
    let mut input = NewDraft::default();
    // a revision's note to its reviewers
    let mut note = None;
    // the text typed on the page, when the draft is composed there rather than uploaded
    let (mut composing, mut composed) = (false, outgoing::Composition::default());
    let mut errors = FieldErrors::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "attachments" => {
                let file_name = field
                    .file_name()
                    .map(lode_web::files::sanitise_name)
                    .unwrap_or_default();
                let data = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
                if data.is_empty() && file_name.is_empty() {
                    continue;
                }
                let field_name = format!("attachments[{}]", input.attachments.len());
                match lode_web::files::accept_document(&field_name, &file_name, &data) {
                    Err(AppError::Invalid(e)) => errors.0.extend(e.0),
                    Err(e) => return Err(e),
                    Ok(content_type) => {
                        let sha = store_file(state, data, content_type, Some(uploader)).await?;
                        input.attachments.push(crate::incoming::NewAttachment {
                            sha256: sha,
                            name: if file_name.is_empty() {
                                "phu-luc".into()
                            } else {
                                file_name
                            },
                        });
                    }
                }
            }
            "pdf" | "source" => {
                let file_name = field.file_name().map(lode_web::files::sanitise_name);
                let data = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
                if data.is_empty() && file_name.as_deref().unwrap_or("").is_empty() {
                    continue;
                }
                let (checked, content_type) = if name == "pdf" {
                    (accept_pdf(&name, &data), "application/pdf")
                } else {
                    (accept_docx(&name, &data), DOCX)
                };
                match checked {
                    Err(AppError::Invalid(e)) => errors.0.extend(e.0),
                    Err(e) => return Err(e),
                    Ok(()) => {
                        let sha = store_file(state, data, content_type, Some(uploader)).await?;
                        if name == "pdf" {
                            input.pdf_sha256 = sha
                        } else {
                            input.source_sha256 = Some(sha);
                            input.source_name = file_name
                        }
                    }
                }
            }
            _ => {
                let value = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.body_text()))?;
                match name.as_str() {
                    "type_code" => input.type_code = value,
                    "subject" => input.subject = value,
                    "urgency" => input.urgency = Some(value),
                    "secrecy" => input.secrecy = Some(value),
                    "recipients_outside" => input.recipients_outside = Some(value),
                    "note" => note = Some(value),
                    "draft_from" => composing = value == "compose",
                    "composed_text" => composed.text = value,
                    "composed_addressee" => composed.addressee = Some(value),
                    "recipient_unit_ids" => {
                        input.recipient_unit_ids.extend(value.parse::<i64>().ok())
                    }
                    "related_incoming_id" => input.related_incoming_id = value.parse().ok(),
                    // what an earlier sending of the form stored (checked as the sender's own
                    // uploads when the draft is made); a file chosen again replaces it
                    "pdf_sha256" if input.pdf_sha256.is_empty() => input.pdf_sha256 = value,
                    "source_sha256" if input.source_sha256.is_none() => {
                        input.source_sha256 = Some(value).filter(|v| !v.is_empty())
                    }
                    "source_name" if input.source_name.is_none() => {
                        input.source_name = Some(value).filter(|v| !v.is_empty())
                    }
                    "kept_attachment" => {
                        if let Some((sha, name)) = value.split_once(':') {
                            input.attachments.push(crate::incoming::NewAttachment {
                                sha256: sha.to_string(),
                                name: lode_web::files::sanitise_name(name),
                            });
                        }
                    }
                    "related_dossier_id" => input.related_dossier_id = value.parse().ok(),
                    "presented_to" => input.presented_to = value.parse().ok(),
                    _ => {}
                }
            }
        }
    }
    // composed: the text makes the PDF, and a file chosen before switching is not used; a
    // file chosen instead, the text typed before switching is kept aside for the form
    let mut aside = None;
    if composing {
        input.composed = Some(composed);
        input.pdf_sha256.clear();
        (input.source_sha256, input.source_name) = (None, None);
        errors
            .0
            .retain(|e| !["pdf", "source"].contains(&e.field.as_str()));
    } else if !composed.paragraphs().is_empty() || composed.addressee().is_some() {
        aside = Some(composed);
    }
    Ok((input, note, errors, aside))
}

pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    multipart: Multipart,
) -> PageResult<Response> {
    caller.require(Action::DraftOutgoing)?;
    let (mut input, _, mut file_errors, aside) =
        read_form(&state, caller.account.id, multipart).await?;
    let (Some(body), Some(unit)) = (&caller.actor.register_unit, &caller.actor.unit) else {
        return Err(AppError::Forbidden.into());
    };
    let by = crate::web::letters::DraftedBy {
        body,
        unit: unit.ids().last().copied(),
        author: caller.account.id,
    };
    file_errors
        .0
        .extend(lay_out(&state, by, &mut input).await?.0);
    // no draft chosen: said beside the file's field, with the form's other errors
    let no_pdf = input.pdf_sha256.is_empty() && input.composed.is_none();
    let result = if file_errors.is_empty() {
        match outgoing::create_draft(&state.db, &caller.ctx(), &caller.actor, &input)
            .await
            .map_err(AppError::from)
        {
            Err(AppError::Invalid(mut e)) if no_pdf => {
                e.0.retain(|x| x.field != "pdf_sha256");
                e.add("pdf", "required", "choose the draft's PDF");
                Err(AppError::Invalid(e))
            }
            // composed, the text refused is the reason there is no PDF
            Err(AppError::Invalid(mut e)) if input.composed.is_some() => {
                e.0.retain(|x| x.field != "pdf_sha256");
                Err(AppError::Invalid(e))
            }
            other => other,
        }
    } else {
        let mut file_errors = file_errors;
        if no_pdf && !file_errors.0.iter().any(|e| e.field == "pdf") {
            file_errors.add("pdf", "required", "choose the draft's PDF");
        }
        // the other fields checked too, so that every error is said at once
        let refusals = outgoing::draft_refusals(&state.db, &caller.actor, &input).await?;
        file_errors.0.extend(refusals.0);
        Err(AppError::Invalid(file_errors))
    };
    let (state, caller, input) = (&state, &caller, &input);
    answer_change(
        result,
        |r| format!("/outgoing/{}?done=created", r.id),
        |errors, _| async move { new_page(state, caller, input, aside.as_ref(), &errors).await },
    )
    .await
}

/// A draft composed on the page, laid out into its PDF (`input.pdf_sha256`) with the draft's
/// details, when its text may be; what refuses the layout, said beside the text.
async fn lay_out(
    state: &lode_web::AppState,
    by: crate::web::letters::DraftedBy<'_>,
    input: &mut NewDraft,
) -> Result<FieldErrors, AppError> {
    let Some(composed) = input.composed.as_ref().filter(|c| c.refusals().is_empty()) else {
        return Ok(FieldErrors::new());
    };
    // the signature block names the leader who signs: chosen, not guessed
    if input.presented_to.is_none() {
        return Ok(FieldErrors::single(
            "presented_to",
            "name_the_signer",
            "choose the leader who signs: the letter names them",
        ));
    }
    match crate::web::letters::compose_draft(state, by, input, composed).await {
        Ok(sha) => {
            input.pdf_sha256 = sha;
            Ok(FieldErrors::new())
        }
        Err(AppError::Invalid(e)) => Ok(e),
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct ShowQuery {
    done: Option<String>,
}

async fn show_page(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    errors: &FieldErrors,
    done: Option<&str>,
    conflict: Option<&str>,
) -> PageResult<Markup> {
    show_page_revising(
        state,
        caller,
        id,
        (errors, None, None, None),
        done,
        conflict,
    )
    .await
}

/// A draft's details changed as `input` says; one written on the page laid out again with
/// them, as a new version (the letter says what its details say), its signer never left
/// unnamed.
async fn edit_and_lay_out(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    input: &outgoing::DraftDetails,
) -> Result<outgoing::OutgoingRecord, AppError> {
    let before = outgoing::visible(&state.db, &caller.actor, id).await?;
    let composed = before.current_composition().cloned();
    if composed.is_some() && input.presented_to.is_none() {
        return Err(AppError::Invalid(FieldErrors::single(
            "presented_to",
            "name_the_signer",
            "choose the leader who signs: the letter names them",
        )));
    }
    let rec = outgoing::edit_details(&state.db, &caller.ctx(), &caller.actor, id, input).await?;
    let laid_out_from = |r: &outgoing::OutgoingRecord| {
        let d = details_of(r);
        (
            d.type_code,
            d.subject,
            d.recipient_unit_ids,
            d.recipients_outside,
            d.presented_to,
        )
    };
    let Some(composed) = composed.filter(|_| laid_out_from(&rec) != laid_out_from(&before)) else {
        return Ok(rec);
    };
    let mut details = details_of(&rec);
    details.composed = Some(composed);
    let by = crate::web::letters::DraftedBy {
        body: &rec.body_path,
        unit: Some(rec.drafting_unit_id),
        author: caller.account.id,
    };
    let refused = lay_out(state, by, &mut details).await?;
    if !refused.is_empty() {
        return Err(AppError::Invalid(refused));
    }
    let revision = Revision {
        pdf_sha256: details.pdf_sha256,
        composed: details.composed,
        ..Default::default()
    };
    Ok(outgoing::revise(&state.db, &caller.ctx(), &caller.actor, id, &revision).await?)
}

/// A draft's details as they stand, as its form reads them.
fn details_of(rec: &outgoing::OutgoingRecord) -> NewDraft {
    NewDraft {
        type_code: rec.type_code.clone(),
        subject: rec.subject.clone(),
        urgency: Some(rec.urgency.as_str().into()),
        secrecy: Some(rec.secrecy.as_str().into()),
        recipient_unit_ids: rec.recipients.iter().map(|r| r.0).collect(),
        recipients_outside: Some(rec.recipients_outside.clone()),
        related_dossier_id: rec.related_dossier_id,
        presented_to: rec.presented_to,
        ..Default::default()
    }
}

/// What a refused form on a draft's page typed, to be shown again: its errors, the form and
/// its text, the details, a new version's composed text.
type TypedBack<'a> = (
    &'a FieldErrors,
    Option<(&'a str, &'a str)>,
    Option<&'a NewDraft>,
    Option<&'a outgoing::Composition>,
);

/// The page, with the text of a refused form typed back into it (`typed`: the form, `revise`
/// for a new version, or a step's name, and its text; `details_typed`, the draft's details as
/// the author corrected them; `composed_typed`, a new version's text as typed on the page), a refused form's section open and not the submission's.
async fn show_page_revising(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    (errors, typed, details_typed, composed_typed): TypedBack<'_>,
    done: Option<&str>,
    conflict: Option<&str>,
) -> PageResult<Markup> {
    let l = caller.lang;
    let typed_in = |form: &str| typed.filter(|(f, _)| *f == form).map(|(_, t)| t);
    let revising = typed_in("revise");
    let revision_refused = revising.is_some()
        || errors.0.iter().any(|e| {
            [
                "pdf",
                "source",
                "pdf_sha256",
                "source_sha256",
                "composed_text",
                "composed_addressee",
            ]
            .contains(&e.field.as_str())
        });
    let rec = visible(state, caller, id).await?;
    let mut view = rec.view(&caller.actor).ok_or(AppError::NotFound)?;
    crate::web::version_notes_in(l, &mut view.versions);
    let scope = rec.scope();
    let may = |step: OutgoingStep, action: Action<'_>| {
        next_outgoing(rec.status, step).is_some() && caller.may(action)
    };
    let may_edit = may(OutgoingStep::Submit, Action::EditOutgoing(&scope));
    // the draft's details as its author may correct them, with the choices of their form
    let all_units = if may_edit {
        units::all(&state.db).await?
    } else {
        Vec::new()
    };
    let editing = if may_edit {
        let current = details_of(&rec);
        Some((
            incoming::types(&state.db).await?,
            recipient_choices(caller, &all_units, &current.recipient_unit_ids),
            crate::dossiers::editable_open(&state.db, &caller.actor).await?,
            outgoing::signers(&mut state.db.read().await?, &rec.body_path, rec.secrecy).await?,
            current,
        ))
    } else {
        None
    };
    let no_errors = FieldErrors::new();
    let may_withdraw = may(OutgoingStep::Withdraw, Action::EditOutgoing(&scope));
    let awaiting = rec.awaiting();
    let may_review =
        awaiting.is_some_and(|r: Reviewer| caller.may(Action::ReviewOutgoing(&scope, r)));
    let may_issue = may(OutgoingStep::Issue, Action::IssueOutgoing(&scope));
    let may_send = may(OutgoingStep::Send, Action::IssueOutgoing(&scope));
    let may_recall = may(OutgoingStep::Recall, Action::RecallOutgoing(&scope));
    let readable = caller.may(Action::ReadOutgoing(&scope));
    let signed = |kind: &str| rec.signatures.iter().any(|s| s.kind == kind);
    let may_sign = rec.status == lode_core::documents::OutgoingStatus::Approved
        && !signed("signer")
        && caller.may(Action::SignOutgoing(&scope));
    let may_seal = rec.status == lode_core::documents::OutgoingStatus::Issued
        && !signed("seal")
        && caller.may(Action::IssueOutgoing(&scope));
    // signed on paper: the scan of the signed paper goes in place of the draft before the seal,
    // which, like sending, waits for a signed file
    let may_scan = may_seal && !signed("signer");
    let (may_seal, may_send) = (may_seal && rec.file_signed(), may_send && rec.file_signed());
    let scanned = rec.scanned();
    let answers = answered(state, caller, rec.related_incoming_id).await?;
    // in review, whom it waits for by name, not only by role
    let awaited = outgoing::awaited_by(&state.db, &rec).await?;
    // the day goes on: after a review, a signature or a dispatch, the next document waiting
    // for the same hand
    // (approved by its signer, it waits for that signature here: this page is the next step)
    let next_waiting = match done {
        Some("approve") if may_sign => None,
        Some("approve" | "send-back" | "sign" | "send") => {
            let w = outgoing::waiting_for(&state.db, &caller.actor, 3).await?;
            let queue = match done {
                Some("sign") => w.to_sign,
                Some("send") => w.to_issue,
                _ => w.to_review.into_iter().chain(w.to_sign).collect(),
            };
            queue.into_iter().find(|d| d.id != id)
        }
        _ => None,
    };
    // the number the clerk is about to give, read before it is given for good
    let proposed_notation = if may_issue {
        Some(outgoing::proposed_notation(&state.db, &rec).await?)
    } else {
        None
    };
    // not sealed yet, where lode keeps the body's seal: sealed before it goes (signed on paper,
    // its electronic copy too)
    let seal_first = may_send
        && !signed("seal")
        && crate::web::signing::keeps_seal_key(state, rec.body_unit_id).await?;
    // the dossier it is filed in, by its code and title, when the caller may see it
    let in_dossier = match view.related_dossier_id {
        Some(d) => match crate::web::api::dossiers::visible(state, caller, d).await {
            Ok(rec) => rec.view(&caller.actor),
            Err(AppError::NotFound | AppError::Forbidden) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let (timeline, put_in_dossier, dispatches) = if readable {
        (
            super::with_type_names(state, l, outgoing::timeline(&state.db, id).await?).await?,
            // a draft is filed once numbered, in the dossier its form names
            if view.notation.is_some() {
                super::dossiers::put_in_dossier_form(state, caller, "outgoing_id", id).await?
            } else {
                html! {}
            },
            outgoing::dispatches(&state.db, id).await?,
        )
    } else {
        (Vec::new(), html! {}, Vec::new())
    };
    let title = view
        .notation
        .clone()
        // no number yet: named by its kind and its unit, as people speak of it; a draft while
        // it is written and reviewed, the document itself once approved
        .unwrap_or_else(|| {
            let kind = lode_web::pages::type_name(l, &view.type_code, &view.type_name);
            if matches!(rec.status, OutgoingStatus::Draft | OutgoingStatus::InReview) {
                format!(
                    "{} {} · {}",
                    l.t("outgoing.draft"),
                    kind.to_lowercase(),
                    view.drafting_unit_name
                )
            } else {
                format!("{kind} · {}", view.drafting_unit_name)
            }
        });
    let version = rec.version.to_string();
    let reason_refused = errors.0.iter().any(|e| e.field == "text");
    // numbering and sending cannot be undone: their forms ask first, saying the number and
    // its day, or where the letter goes
    let issue_confirm = proposed_notation.as_ref().map(|notation| {
        l.fill(
            "outgoing.issue_confirm",
            &serde_json::json!({"notation": notation, "issued_day": lode_db::today().to_string()}),
        )
    });
    let send_confirm = {
        let mut to = view.recipient_unit_names.clone();
        to.extend(view.recipients_outside.iter().cloned());
        l.fill(
            "outgoing.send_confirm",
            &serde_json::json!({"count": to.len(), "recipients": to.join("; ")}),
        )
    };
    let confirm_of = |action: &str| match action {
        "issue" => issue_confirm.clone(),
        "send" => Some(send_confirm.clone()),
        _ => None,
    };
    let step_form = |action: &str,
                     label: &str,
                     text_label: Option<&str>,
                     required: bool,
                     danger: bool| {
        html! {
            form.stack method="post" action={ "/outgoing/" (id) "/" (action) } data-confirm=[confirm_of(action)] {
                (csrf_field(caller)) input type="hidden" name="version" value=(version);
                // the number shown is the number given, or the clerk is asked again
                @if action == "issue" { @if let Some(n) = &proposed_notation { input type="hidden" name="expected_notation" value=(n); } }
                @if let Some(t) = text_label {
                    @if required {
                        // the reason a step cannot go without (a draft sent back, a letter
                        // recalled: one of them at a time): refused, said beside it
                        @let described = lode_web::pages::error_id(errors, "text");
                        div.field {
                            label for="text" { (l.t(t)) (lode_web::pages::required_mark()) }
                            textarea id="text" name="text" rows="2" required maxlength=(lode_core::documents::NOTE_MAX) aria-invalid=[described.is_some().then_some("true")] aria-describedby=[described.as_deref()] { (typed_in(action).unwrap_or("")) }
                            (field_errors(l, errors, "text"))
                        }
                    } @else {
                        div.field { label for={ (action) "_text" } { (l.t(t)) } textarea id={ (action) "_text" } name="text" rows="2" maxlength=(lode_core::documents::NOTE_MAX) { (typed_in(action).unwrap_or("")) } }
                    }
                }
                // a recall reaches every office the letter went to and cannot be undone
                @if action == "recall" { (lode_web::pages::confirm_box(l, "recall_confirm", "outgoing.confirm_recall", errors)) }
                @if danger { button.danger type="submit" { (l.t(label)) } } @else { button type="submit" { (l.t(label)) } }
            }
        }
    };
    Ok(layout(
        caller,
        &title,
        Nav::Outgoing,
        html! {
            p.crumbs { a href="/outgoing" { (l.t("outgoing.title")) } }
            h1 { (title) " " span.badge { (l.t(&super::outgoing_status_key(&view))) } (super::secrecy_badge(l, &view.secrecy)) }
            (super::done_notice(l, "outgoing", done))
            @if let Some(n) = &next_waiting {
                p.actions #next {
                    (l.t("incoming.next_waiting")) ": "
                    a href={ "/outgoing/" (n.id) } {
                        (n.notation.as_deref().unwrap_or(lode_web::pages::type_name(l, &n.type_code, &n.type_name))) " · "
                        (n.subject.as_deref().unwrap_or(l.t("incoming.secret_entry")))
                    }
                }
            }
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            // a step refused says so where the page opens, as well as beside its form; the
            // signer's password is a link to its box, named by its label
            (lode_web::pages::labelled_form_errors(l, errors, &["confirm", "text"], Some("sign")))
            @match &view.subject {
                None => div.alert role="status" { p { (l.t("incoming.no_clearance")) } },
                Some(s) => p.subject { (s) },
            }
            // sent back: who asked for what, where its author opens the page
            @if let Some(back) = &view.sent_back {
                div.alert role="status" {
                    p { strong { (l.fill("outgoing.sent_back_by", &serde_json::json!({ "by": back.by, "at": local_time(&back.at) }))) } }
                    @if let Some(reason) = &back.reason { p.pre { (reason) } }
                    @if caller.actor.account_id == rec.author_id { p { (l.t("outgoing.sent_back_then")) } }
                }
            }
            div.with-preview { div {
            dl.facts {
                dt { (l.t("field.document_type")) } dd { (lode_web::pages::type_name(l, &view.type_code, &view.type_name)) }
                dt { (l.t("field.drafting_unit")) } dd { (view.drafting_unit_name) }
                dt { (l.t("field.author")) } dd { (view.author_name) }
                @if let Some(d) = &view.issued_on { dt { (l.t("field.issued_on")) } dd { (super::local_day(d)) } }
                @if let Some(a) = &view.awaiting {
                    dt { (l.t("field.awaiting")) }
                    dd { (l.t(&format!("reviewer.{a}"))) @if !awaited.is_empty() { ": " (awaited.join(", ")) } }
                }
                // the leader it is presented to for signature, until it is numbered
                @if let (Some(name), None) = (&view.presented_to_name, &view.notation) { dt { (l.t("field.presented_for_signature")) } dd { (name) } }
                // then the leader who signed it (the last to approve it)
                @if let (Some(name), Some(_)) = (&view.signer_name, &view.notation) { dt { (l.t("field.signer")) } dd { (name) } }
                // how urgent and how secret, where it is more than ordinary
                @if view.urgency != "normal" { dt { (l.t("field.urgency")) } dd { span class={ "badge urgency " (view.urgency) } { (l.t(&format!("urgency.{}", view.urgency))) } } }
                @if !view.recipient_unit_names.is_empty() { dt { (l.t("field.recipients_inside")) } dd { (view.recipient_unit_names.join(", ")) } }
                @if !view.recipients_outside.is_empty() { dt { (l.t("field.recipients_outside_short")) } dd { (view.recipients_outside.join("; ")) } }
                @if let Some(a) = &answers { dt { (l.t("outgoing.reply_to")) } dd { (super::incoming::summary_link(l, a)) } }
                // filed there when it is issued: said as what will be until then
                @if let Some(d) = &in_dossier { dt { (l.t(if view.notation.is_some() { "field.related_dossier" } else { "field.related_dossier_on_issue" })) } dd { a href={ "/dossiers/" (d.id) } { (d.code) @if let Some(t) = &d.title { " · " (t) } } } }
                @if !view.attachments.is_empty() {
                    dt { (l.t("field.attachments_short")) }
                    dd { @for a in &view.attachments { a href={ "/api/v1/outgoing/" (id) "/attachments/" (a.position) } { (a.name) } " " } }
                }
            }
            @if !view.versions.is_empty() {
                h2 { (l.t("outgoing.versions")) }
                ul {
                    @for v in &view.versions {
                        li {
                            @if view.notation.is_some() && v.number == rec.current_version && rec.file_signed() {
                                // the issued document, not a draft (one signed on paper is its
                                // scan)
                                a href={ "/outgoing/" (id) "/versions/" (v.number) } { strong { (l.t("outgoing.issued_file")) } " (PDF)" }
                            } @else {
                                a href={ "/outgoing/" (id) "/versions/" (v.number) } { (l.t("outgoing.version")) " " (v.number) " (PDF)" }
                            }
                            @if v.source_name.is_some() { " · " a href={ "/outgoing/" (id) "/versions/" (v.number) "/source" } { (v.source_name.as_deref().unwrap_or("DOCX")) } }
                            @if v.composed.is_some() { " · " (l.t("outgoing.composed_here")) }
                            " · " (v.author_name.as_deref().unwrap_or("")) " · " (local_time(&v.created_at))
                            @if let Some(n) = &v.note { " · " (n) }
                        }
                    }
                }
            }
            }
            @if readable && view.versions.iter().any(|v| v.number == rec.current_version) {
                (super::pdf_preview(l, &format!("/outgoing/{id}/versions/{}", rec.current_version)))
            }
            }
            @if readable && (!view.signatures.is_empty() || may_sign || may_seal) {
                h2 { (l.t("sign.title")) }
                @if view.signatures.is_empty() {
                    // signed on paper and scanned, it is signed, not by a digital signature
                    p.hint { (l.t(if scanned { "sign.on_paper" } else { "sign.none" })) }
                }
                ul.signatures {
                    @for sig in &view.signatures {
                        li {
                            strong { (l.t(if sig.kind == "signer" { "sign.signer" } else { "sign.seal" })) } ": "
                            // the holder by name; the whole distinguished name on hover
                            span title=(sig.subject) { (super::common_name(&sig.subject)) }
                            " · " (l.fill("sign.level_when_signed", &serde_json::json!({"level": sig.level}))) " · " (local_time(&sig.signed_at))
                            " · " a href={ "/outgoing/" (id) "/versions/" (sig.version) } { (l.t("outgoing.version")) " " (sig.version) }
                        }
                    }
                }
            }
            @if may_sign {
                details open {
                    summary { (l.t("sign.sign")) }
                    form.stack method="post" enctype="multipart/form-data" action={ "/outgoing/" (id) "/sign" } { (lode_web::pages::csrf_field(caller))
                        input type="hidden" name="version" value=(version);
                        p.hint { (l.t("sign.confirm_hint")) }
                        div.field {
                            label for="confirm" { (l.t("sign.confirm")) }
                            input id="confirm" name="confirm" type="password" autocomplete="current-password";
                            (field_errors(l, errors, "confirm"))
                        }
                        // a key of one's own, and where the mark goes: folded until wanted
                        details open[errors.0.iter().any(|e| e.field == "p12")] {
                            summary { (l.t("sign.with_p12")) }
                            div.field { label for="p12" { (l.t("sign.p12")) } input id="p12" name="p12" type="file" accept=".p12,.pfx,application/x-pkcs12"; (field_errors(l, errors, "p12")) }
                            div.field { label for="p12_password" { (l.t("sign.password")) } input id="p12_password" name="password" type="password" autocomplete="off"; }
                        }
                        details open[errors.0.iter().any(|e| e.field == "mark")] {
                            summary { (l.t("mark.elsewhere")) }
                            (mark_fields(l, errors, "sign", "placeholder"))
                        }
                        (field_errors(l, errors, "key"))
                        button type="submit" { (l.t("sign.sign")) }
                    }
                    p.hint { (l.t("sign.on_paper_hint")) }
                }
                // a fault found before signing: back to its author, with what to mend (not once
                // the paper signed by hand is scanned in)
                @if !rec.file_signed() { details open[reason_refused] { summary { (l.t("outgoing.send_back")) } (step_form("send-back", "outgoing.send_back", Some("field.reason"), true, true)) } }
            }
            @if may_scan {
                details #paper-scan open[!scanned || errors.0.iter().any(|e| e.field == "pdf")] {
                    summary { (l.t("outgoing.scan")) }
                    p.hint { (l.t(if scanned { "outgoing.scan_replace_hint" } else { "outgoing.scan_hint" })) }
                    form.stack method="post" enctype="multipart/form-data" action={ "/outgoing/" (id) "/paper_scan" } { (lode_web::pages::csrf_field(caller))
                        div.field {
                            label for="scan_pdf" { (l.t("field.scan_pdf")) (lode_web::pages::required_mark()) }
                            input id="scan_pdf" name="pdf" type="file" accept="application/pdf,.pdf" required aria-invalid=[errors.0.iter().any(|e| e.field == "pdf").then_some("true")] aria-describedby=[lode_web::pages::error_id(errors, "pdf")] data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES));
                            (lode_web::pages::file_limit(l, lode_web::files::DOCUMENT_MAX_BYTES))
                            (field_errors(l, errors, "pdf"))
                        }
                        button type="submit" { (l.t("outgoing.scan_button")) }
                    }
                }
            }
            @if may_seal {
                details open {
                    summary { (l.t("sign.seal_button")) }
                    // a scan bears the seal pressed on paper: the digital one is stamped as on
                    // electronic copies, in words at the top right
                    @if scanned { p.hint { (l.t("outgoing.scan_seal_hint")) } }
                    form.stack method="post" action={ "/outgoing/" (id) "/seal" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        (mark_fields(l, errors, "seal", if scanned { "top_right" } else { "placeholder" }))
                        button type="submit" { (l.t("sign.seal_button")) }
                    }
                }
            }
            @if may_edit {
                details open[!revision_refused && details_typed.is_none()] { summary { (l.t("outgoing.submit")) } (step_form("submit", "outgoing.submit", Some("field.note"), false, false)) }
                @if let Some((types, ordered, dossiers, signers, current)) = &editing {
                    details #details open[details_typed.is_some()] {
                        summary { (l.t("outgoing.edit_details")) }
                        form.stack method="post" action={ "/outgoing/" (id) "/details" } { (lode_web::pages::csrf_field(caller))
                            input type="hidden" name="version" value=(version);
                            (details_fields(l, if details_typed.is_some() { errors } else { &no_errors }, details_typed.unwrap_or(current), (types, ordered, dossiers, signers)))
                            button type="submit" { (l.t("outgoing.edit_details")) }
                        }
                    }
                }
                details open[revision_refused] {
                    summary { (l.t("outgoing.revise")) }
                    form.stack method="post" enctype="multipart/form-data" action={ "/outgoing/" (id) "/revise" } { (lode_web::pages::csrf_field(caller))
                        input type="hidden" name="version" value=(version);
                        // the text last composed on the page, to go on from; composed, it comes first
                        @let last_composed = composed_typed.or_else(|| view.versions.iter().rev().find_map(|v| v.composed.as_ref()));
                        @let composing = composed_typed.is_some() || (!revision_refused && view.versions.iter().find(|v| v.number == rec.current_version).is_some_and(|v| v.composed.is_some()));
                        (draft_content(l, errors, (composing, rec.type_code == "CV"), last_composed, &NewDraft::default()))
                        div.field { label for="revise_note" { (l.t("field.note")) } textarea id="revise_note" name="note" rows="2" maxlength=(lode_core::documents::NOTE_MAX) { (revising.unwrap_or("")) } }
                        button type="submit" { (l.t("outgoing.revise")) }
                    }
                }
            }
            @if may_withdraw {
                // folded: taking a draft back is the exception
                details {
                    summary { (l.t("outgoing.withdraw")) }
                    p.hint { (l.t("outgoing.withdraw_hint")) }
                    (step_form("withdraw", "outgoing.withdraw", Some("field.note"), false, false))
                }
            }
            @if may_review {
                details open { summary { (l.t("outgoing.approve")) } (step_form("approve", "outgoing.approve", Some("field.note"), false, false)) }
                details open[reason_refused] { summary { (l.t("outgoing.send_back")) } (step_form("send-back", "outgoing.send_back", Some("field.reason"), true, true)) }
            }
            @if may_issue {
                details open {
                    summary { (l.t("outgoing.issue")) }
                    @if let Some(notation) = &proposed_notation {
                        p #proposed-notation {
                            (l.t("outgoing.issue_number")) ": " strong { (notation) } ". "
                            (l.fill("outgoing.issue_official", &serde_json::json!({"issued_day": lode_db::today().to_string()})))
                        }
                        (field_errors(l, errors, "expected_notation"))
                    }
                    @if signed("signer") {
                        (step_form("issue", "outgoing.issue", None, false, false))
                    } @else {
                        // numbering what the leader has not signed in lode needs the clerk's word
                        // that it was signed by hand: said as a caution, not as a fault (a
                        // refusal says it beside the box instead)
                        @if !errors.0.iter().any(|e| e.field == "signed_on_paper") {
                            div.notice.warning role="note" { p { (l.t("outgoing.unsigned")) } }
                        }
                        form.stack method="post" action={ "/outgoing/" (id) "/issue" } data-confirm=[issue_confirm.as_ref()] {
                            (csrf_field(caller)) input type="hidden" name="version" value=(version);
                            @if let Some(n) = &proposed_notation { input type="hidden" name="expected_notation" value=(n); }
                            div.field {
                                label.check {
                                    input id="signed_on_paper" name="signed_on_paper" type="checkbox" value="1" required checked[errors.0.iter().any(|e| e.field == "expected_notation")];
                                    " " (l.t("field.signed_on_paper"))
                                }
                                (field_errors(l, errors, "signed_on_paper"))
                            }
                            button type="submit" { (l.t("outgoing.issue")) }
                        }
                    }
                }
            }
            @if may_send {
                details open {
                    summary { (l.t("outgoing.send")) }
                    // the organisation's seal goes on before it leaves: the button comes after it
                    @if seal_first { p.hint { (l.t("outgoing.seal_before_send")) } }
                    (field_errors(l, errors, "seal"))
                    @if !seal_first { (step_form("send", "outgoing.send", None, false, false)) }
                }
            }
            @if may_recall { details open[reason_refused] { summary { (l.t("outgoing.recall")) } (step_form("recall", "outgoing.recall", Some("field.reason"), true, true)) } }
            @if !dispatches.is_empty() {
                h2 { (l.t("outgoing.dispatches")) }
                ul {
                    @for d in &dispatches {
                        li {
                            (d.recipient) " · " (l.t(&format!("dispatch_state.{}", d.state))) " · "
                            a href={ "/api/v1/outgoing/" (id) "/dispatches/" (d.id) "/package" } { (l.t("outgoing.package")) }
                        }
                    }
                }
            }
            (put_in_dossier)
            @if !timeline.is_empty() {
                (super::timeline_table(l, &timeline, "outgoing_step"))
            }
        },
    ))
}

pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    super::PageQuery(q): super::PageQuery<ShowQuery>,
) -> PageResult<Markup> {
    show_page(
        &state,
        &caller,
        id,
        &FieldErrors::new(),
        q.done.as_deref(),
        None,
    )
    .await
}

pub async fn version(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, number)): Path<(i64, i64)>,
) -> PageResult<Response> {
    Ok(version_file(&state, &caller, id, number, false).await?)
}

pub async fn version_source(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, number)): Path<(i64, i64)>,
) -> PageResult<Response> {
    Ok(version_file(&state, &caller, id, number, true).await?)
}

async fn after(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    step: &str,
    result: Result<outgoing::OutgoingRecord, AppError>,
) -> PageResult<Response> {
    after_typed(state, caller, id, (step, ""), result).await
}

/// A step's answer: on to the page saying it was done, or the page again with the refusal and
/// the text typed into the step's form.
async fn after_typed(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    (step, text): (&str, &str),
    result: Result<outgoing::OutgoingRecord, AppError>,
) -> PageResult<Response> {
    answer_change(
        result,
        |_| format!("/outgoing/{id}?done={step}"),
        |errors, conflict| async move {
            show_page_revising(
                state,
                caller,
                id,
                (&errors, Some((step, text)), None, None),
                None,
                conflict.as_deref(),
            )
            .await
        },
    )
    .await
}

/// A new version, from the revision form.
pub async fn revise(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> PageResult<Response> {
    let (mut draft, note, mut file_errors, _) =
        read_form(&state, caller.account.id, multipart).await?;
    if draft.composed.is_some() {
        // laid out with the draft's details as they stand
        let rec = visible(&state, &caller, id).await?;
        let mut details = details_of(&rec);
        details.composed = draft.composed.take();
        let by = crate::web::letters::DraftedBy {
            body: &rec.body_path,
            unit: Some(rec.drafting_unit_id),
            author: caller.account.id,
        };
        file_errors
            .0
            .extend(lay_out(&state, by, &mut details).await?.0);
        (draft.pdf_sha256, draft.composed) = (details.pdf_sha256, details.composed);
    }
    let typed_text = draft.composed.clone();
    let result = if file_errors.is_empty() {
        let composed = draft.composed.is_some();
        let input = Revision {
            pdf_sha256: draft.pdf_sha256,
            source_sha256: draft.source_sha256,
            source_name: draft.source_name,
            note: note.clone(),
            version: None,
            composed: draft.composed,
        };
        match outgoing::revise(&state.db, &caller.ctx(), &caller.actor, id, &input)
            .await
            .map_err(AppError::from)
        {
            Err(AppError::Invalid(mut e)) if composed => {
                e.0.retain(|x| x.field != "pdf_sha256");
                Err(AppError::Invalid(e))
            }
            other => other,
        }
    } else {
        Err(AppError::Invalid(file_errors))
    };
    let (state, caller, typed) = (&state, &caller, ("revise", note.as_deref().unwrap_or("")));
    let typed_text = typed_text.as_ref();
    answer_change(
        result,
        |_| format!("/outgoing/{id}?done=revise"),
        |errors, conflict| async move {
            show_page_revising(
                state,
                caller,
                id,
                (&errors, Some(typed), None, typed_text),
                None,
                conflict.as_deref(),
            )
            .await
        },
    )
    .await
}

/// `POST /outgoing/{id}/paper_scan`: the clerk's scan of the document the leader signed on
/// paper, numbered and sealed by hand, to be sent in place of its draft.
pub async fn paper_scan(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> PageResult<Response> {
    let (scan, _, mut errors, _) = read_form(&state, caller.account.id, multipart).await?;
    if scan.pdf_sha256.is_empty() && errors.is_empty() {
        errors.add("pdf", "required", "is required");
    }
    let result = if errors.is_empty() {
        let input = outgoing::PaperScan {
            pdf_sha256: scan.pdf_sha256,
            version: None,
        };
        outgoing::add_paper_scan(&state.db, &caller.ctx(), &caller.actor, id, &input)
            .await
            .map_err(AppError::from)
    } else {
        Err(AppError::Invalid(errors))
    };
    after(&state, &caller, id, "scan", result).await
}

/// `POST /outgoing/{id}/details`: the author's corrections of a draft's details.
pub async fn edit_details(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let typed = NewDraft {
        type_code: first(&p, "type_code").unwrap_or_default(),
        subject: first(&p, "subject").unwrap_or_default(),
        urgency: first(&p, "urgency"),
        secrecy: first(&p, "secrecy"),
        recipient_unit_ids: lode_web::pages::all_of(&p, "recipient_unit_ids")
            .iter()
            .filter_map(|v| v.parse().ok())
            .collect(),
        recipients_outside: first(&p, "recipients_outside"),
        related_dossier_id: first(&p, "related_dossier_id").and_then(|v| v.parse().ok()),
        presented_to: first(&p, "presented_to").and_then(|v| v.parse().ok()),
        ..Default::default()
    };
    // a form without the dossier's box (its author keeps no open dossier) or the signer's (the
    // body has no leader to choose) keeps the draft's
    let has = |key: &str| p.iter().any(|(k, _)| k == key);
    let typed = if has("related_dossier_id") && has("presented_to") {
        typed
    } else {
        let kept = match outgoing::get(&state.db, id).await {
            Ok(rec) => Some(rec),
            Err(lode_db::DbError::NotFound) => None,
            Err(e) => return Err(AppError::from(e).into()),
        };
        NewDraft {
            related_dossier_id: if has("related_dossier_id") {
                typed.related_dossier_id
            } else {
                kept.as_ref().and_then(|r| r.related_dossier_id)
            },
            presented_to: if has("presented_to") {
                typed.presented_to
            } else {
                kept.as_ref().and_then(|r| r.presented_to)
            },
            ..typed
        }
    };
    let input =
        outgoing::DraftDetails::of(&typed, first(&p, "version").and_then(|v| v.parse().ok()));
    let result = edit_and_lay_out(&state, &caller, id, &input).await;
    let (state, caller, typed) = (&state, &caller, &typed);
    answer_change(
        result,
        |_| format!("/outgoing/{id}?done=edit"),
        |errors, conflict| async move {
            show_page_revising(
                state,
                caller,
                id,
                (&errors, None, Some(typed), None),
                None,
                conflict.as_deref(),
            )
            .await
        },
    )
    .await
}

/// A step form: approve, send back, submit, withdraw, issue, send, recall.
pub async fn step(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, step)): Path<(i64, String)>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let input = OutgoingStepInput {
        text: first(&p, "text"),
        issued_on: first(&p, "issued_on"),
        version: first(&p, "version").and_then(|v| v.parse().ok()),
        signed_on_paper: first(&p, "signed_on_paper").is_some(),
        expected_notation: first(&p, "expected_notation"),
    };
    let (db, ctx, actor) = (&state.db, caller.ctx(), &caller.actor);
    let result = match step.as_str() {
        "submit" => outgoing::submit(db, &ctx, actor, id, &input).await,
        "approve" => outgoing::approve(db, &ctx, actor, id, &input).await,
        "send-back" => outgoing::send_back(db, &ctx, actor, id, &input).await,
        "withdraw" => outgoing::withdraw(db, &ctx, actor, id, &input).await,
        "issue" => {
            let issued = crate::web::signing::issue_outgoing(&state, &caller, id, &input).await;
            return after(&state, &caller, id, "issue", issued).await;
        }
        "send" => {
            let sent = crate::web::signing::send_outgoing(&state, &caller, id, &input).await;
            return after(&state, &caller, id, "send", sent).await;
        }
        "recall" => match lode_web::pages::confirmed(&p) {
            Ok(()) => outgoing::recall(db, &ctx, actor, id, &input).await,
            Err(e) => Err(e.into()),
        },
        "seal" => {
            let sealed = match crate::web::marks::Placement::from_form(|k| first(&p, k)) {
                Ok(placement) => {
                    crate::web::signing::seal_outgoing(
                        &state,
                        &caller,
                        id,
                        input.version,
                        &placement,
                    )
                    .await
                }
                Err(e) => Err(e),
            };
            return after(&state, &caller, id, "seal", sealed).await;
        }
        _ => return Err(AppError::NotFound.into()),
    };
    // a refused step's text stays in its box
    let text = input.text.as_deref().unwrap_or("");
    after_typed(
        &state,
        &caller,
        id,
        (&step, text),
        result.map_err(AppError::from),
    )
    .await
}

/// The leader's signature, from the signing form: the key kept by lode, or the PKCS#12 file
/// uploaded with its password (used for this act, not kept).
pub async fn sign(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let (mut version, mut file, mut password) = (None, None, String::new());
    let mut confirm = String::new();
    let mut mark_fields: Vec<(String, String)> = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        match field.name() {
            Some("version") => {
                version = field.text().await.ok().and_then(|v| v.trim().parse().ok());
            }
            Some("password") => password = field.text().await.unwrap_or_default(),
            Some("confirm") => confirm = field.text().await.unwrap_or_default(),
            Some(name) if name.starts_with("mark_") && mark_fields.len() < 8 => {
                let name = name.to_string();
                mark_fields.push((name, field.text().await.unwrap_or_default()));
            }
            Some("p12") => {
                let bytes = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
                if !bytes.is_empty() {
                    file = Some(bytes.to_vec());
                }
            }
            _ => {}
        }
    }
    let key = match file {
        Some(file) => crate::web::signing::KeySource::Pkcs12 { file, password },
        None => crate::web::signing::KeySource::Server,
    };
    let placement = crate::web::marks::Placement::from_form(|k| {
        mark_fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    });
    let result = match placement {
        Ok(placement) => {
            crate::web::signing::sign_as_leader(
                &state, &caller, id, key, &confirm, version, &placement,
            )
            .await
        }
        Err(e) => Err(e),
    };
    after(&state, &caller, id, "sign", result).await
}

/// The choice of where a signature's mark goes, in the signing and seal forms: the template's
/// placeholder, the Decree 30 places, a box in millimetres, or none.
fn mark_fields(
    l: lode_web::i18n::Lang,
    errors: &lode_core::validation::FieldErrors,
    form: &str,
    chosen: &str,
) -> maud::Markup {
    let id = |name: &str| format!("{form}_{name}");
    let refused = errors.0.iter().any(|e| e.field == "mark");
    maud::html! {
        fieldset.mark {
            legend { (l.t(if form == "seal" { "mark.seal_title" } else { "mark.title" })) }
            div.field {
                label for=(id("at")) { (l.t("mark.at")) }
                select id=(id("at")) name="mark_at" {
                    @for (value, label) in [
                        ("placeholder", "mark.placeholder"),
                        ("bottom_right", "mark.bottom_right"),
                        ("top_right", "mark.top_right"),
                        ("custom", "mark.custom"),
                        ("hidden", "mark.hidden"),
                    ] {
                        // a box refused is the one chosen by hand: chosen again for correcting
                        option value=(value) selected[if refused { value == "custom" } else { value == chosen }] { (l.t(label)) }
                    }
                }
            }
            // the box in millimetres matters only when chosen (the style sheet folds it away
            // otherwise)
            div.custom-place {
            p.hint { (l.t("mark.custom_hint")) }
            div.row {
                @for (name, label, value) in [
                    ("page", "mark.page", "-1"),
                    ("left", "mark.left", "110"),
                    ("top", "mark.top", "230"),
                    ("width", "mark.width", "75"),
                    ("height", "mark.height", "30"),
                ] {
                    div.field {
                        label for=(id(name)) { (l.t(label)) }
                        input id=(id(name)) name={ "mark_" (name) } type="number" step="any" value=(value);
                    }
                }
            }
            }
            (field_errors(l, errors, "mark"))
        }
    }
}
