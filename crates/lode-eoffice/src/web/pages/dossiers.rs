//! Work dossiers (hồ sơ công việc): the list (with those due at the archive), the opening form,
//! and a dossier with its index, the forms to add files and take entries out, close, reopen and
//! hand over.

use super::{
    Nav, answer_change, csrf_field, field_errors, first, form_pairs, layout, listing, text_field,
};
use crate::dossiers::{self, DossierStepInput, Filter, NewDossier, NewItem};
use crate::web::api::dossiers::{item_file, readable, visible};
use axum::extract::{Multipart, Path};
use axum::response::Response;
use lode_core::authz::Action;
use lode_core::dossiers::{DossierStatus, DossierStep, next_dossier};
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use lode_web::files::store_file;
use lode_web::i18n::Lang;
use maud::{Markup, html};

/// The retention periods offered first (Circular 10/2022/TT-BNV lists mostly these).
const RETENTIONS: [&str; 6] = ["permanent", "70", "50", "20", "10", "5"];

fn retention_label(l: lode_web::i18n::Lang, stored: &str) -> String {
    if stored == "permanent" {
        l.t("retention.permanent").to_string()
    } else {
        format!("{stored} {}", l.t("retention.years"))
    }
}

/// How many dossiers a page of the list shows.
const LIST_PAGE: i64 = 50;

pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(filter): super::PageQuery<Filter>,
) -> PageResult<Markup> {
    caller.require(Action::UseInternal)?;
    let l = caller.lang;
    // the pages are numbered; keys are for programs
    let filter = Filter {
        limit: Some(LIST_PAGE),
        before: None,
        ..filter
    };
    let page = dossiers::list(&state.db, &caller.actor, &filter).await?;
    // the words searched for, marked where they stand
    let terms = lode_core::text::search_terms(filter.q.as_deref().unwrap_or(""));
    let due = filter.due.unwrap_or(false);
    let page_number = filter.page.unwrap_or(1);
    let sort = filter
        .sort
        .as_deref()
        .and_then(|s| lode_db::Sort::parse(s).ok())
        .unwrap_or(dossiers::NEWEST_FIRST);
    // the list's address with its filters, in an order, at a numbered page
    let address = |sort: lode_db::Sort<dossiers::DossierOrder>, page: i64| {
        listing::Address::new()
            .texts(&[("q", &filter.q), ("status", &filter.status)])
            .numbers(&[("year", filter.year), ("unit_id", filter.unit_id)])
            .pair("due", due.then_some("true"))
            .sort(sort, dossiers::NEWEST_FIRST)
            .page(page)
            .at("/dossiers")
    };
    let order = listing::Ordering {
        current: Some(sort),
        link: &|s| address(s, 1),
    };
    let more = page.more;
    let body = html! {
        h1 { (l.t("dossiers.title")) }
        p {
            @if caller.may(Action::OpenDossier) { a.button href="/dossiers/new" { (l.t("dossiers.new")) } " " }
            a href="/dossiers?due=true" { (l.t("dossiers.due")) }
            " · " a href="/registers/print?kind=dossiers&format=pdf" { (l.t("dossiers.list_pdf")) }
        }
        form.filters method="get" action="/dossiers" role="search" {
            div.field { label for="q" { (l.t("filter.search")) } input id="q" name="q" type="search" value=(filter.q.clone().unwrap_or_default()); }
            div.field {
                label for="status" { (l.t("field.status")) }
                select id="status" name="status" {
                    option value="" { "—" }
                    @for s in DossierStatus::ALL { option value=(s.as_str()) selected[filter.status.as_deref() == Some(s.as_str())] { (l.t(&format!("dossier_status.{}", s.as_str()))) } }
                }
            }
            div.field { label for="year" { (l.t("field.year")) } input id="year" name="year" type="number" min="1990" max="2100" value=(filter.year.map(|y| y.to_string()).unwrap_or_default()); }
            label.check { input type="checkbox" name="due" value="true" checked[due]; " " (l.t("dossiers.due_only")) }
            (listing::sort_choice(l, "dossiers", sort))
            button type="submit" { (l.t("filter.apply")) }
        }
        @if due { p.hint { (l.t("dossiers.due_hint")) } }
        (listing::total_line(l, page.total))
        table.list {
            thead { tr { (order.header(l, l.t("field.file_code"), dossiers::DossierOrder::Number)) (order.header(l, l.t("field.title"), dossiers::DossierOrder::Title)) th { (l.t("field.unit")) } th { (l.t("field.responsible")) } th { (l.t("field.retention")) } th { (l.t("field.items")) } th { (l.t("field.status")) } } }
            tbody {
                @for d in &page.items {
                    tr {
                        td { a href={ "/dossiers/" (d.id) } { (d.code) } }
                        td data-label=(l.t("field.title")) {
                            @match &d.title {
                                Some(t) => (lode_web::pages::marked(t, &terms)),
                                None => (l.t("incoming.secret_entry")),
                            }
                        }
                        td data-label=(l.t("field.unit")) { (d.unit_name) }
                        td data-label=(l.t("field.responsible")) { (d.responsible_name) }
                        td data-label=(l.t("field.retention")) { (retention_label(l, &d.retention)) }
                        td.num data-label=(l.t("field.items")) { (d.item_count) }
                        td data-label=(l.t("field.status")) {
                            (l.t(&format!("dossier_status.{}", d.status)))
                            @if let Some(due) = &d.handover_due { br; small { (l.t("dossiers.due_on")) " " (super::local_day(due)) } (past_due(l, due)) }
                        }
                    }
                }
            }
        }
        @if page.items.is_empty() { p.empty { (l.t("list.empty")) } }
        (listing::pager(l, page_number, LIST_PAGE, page.total, more, |p| address(sort, p)))
    };
    Ok(layout(&caller, l.t("dossiers.title"), Nav::Dossiers, body))
}

async fn new_page(
    state: &lode_web::AppState,
    caller: &Caller,
    input: &NewDossier,
    errors: &FieldErrors,
) -> PageResult<Markup> {
    let l = caller.lang;
    let proposed = match caller
        .actor
        .unit
        .as_ref()
        .and_then(|u| u.ids().last().copied())
    {
        Some(unit) => {
            let year = i64::from(chrono::Datelike::year(&crate::incoming::today()));
            dossiers::proposed_notation(&state.db, unit, year).await?
        }
        None => String::new(),
    };
    // left empty, the next of the unit's list is proposed again
    let notation = input
        .notation
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(proposed);
    Ok(layout(
        caller,
        l.t("dossiers.new"),
        Nav::Dossiers,
        html! {
            p.crumbs { a href="/dossiers" { (l.t("dossiers.title")) } }
            h1 { (l.t("dossiers.new")) }
            // the summary names each field as the form labels it
            (lode_web::pages::labelled_form_errors(l, errors, &["notation", "title", "retention", "opened_on", "description"], Some("dossier_form")))
            form.stack method="post" action="/dossiers/new" {
                (csrf_field(caller))
                (text_field(l, errors, "notation", "field.file_notation", &notation, "text", false))
                p.hint { (l.t("dossiers.notation_hint")) }
                div.field {
                    label for="title" { (l.t("field.title")) (lode_web::pages::required_mark()) }
                    textarea id="title" name="title" rows="2" required maxlength="500" { (input.title) }
                    (field_errors(l, errors, "title"))
                }
                div.field {
                    label for="retention" { (l.t("field.retention")) }
                    select id="retention" name="retention" {
                        @for r in RETENTIONS { option value=(r) selected[input.retention == r] { (retention_label(l, r)) } }
                    }
                    (field_errors(l, errors, "retention"))
                }
                (text_field(l, errors, "opened_on", "field.opened_on", input.opened_on.as_deref().unwrap_or(""), "date", false))
                div.field {
                    label for="description" { (l.t("field.description")) }
                    textarea id="description" name="description" rows="3" { (input.description.as_deref().unwrap_or("")) }
                }
                button type="submit" { (l.t("dossiers.open")) }
            }
        },
    ))
}

pub async fn new_form(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    caller.require(Action::OpenDossier)?;
    let input = NewDossier {
        retention: "10".into(),
        ..Default::default()
    };
    new_page(&state, &caller, &input, &FieldErrors::new()).await
}

pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(Action::OpenDossier)?;
    let p = form_pairs(&body);
    let input = NewDossier {
        notation: first(&p, "notation"),
        title: first(&p, "title").unwrap_or_default(),
        retention: first(&p, "retention").unwrap_or_default(),
        responsible_id: None,
        description: first(&p, "description"),
        opened_on: first(&p, "opened_on"),
    };
    let result = dossiers::open(&state.db, &caller.ctx(), &caller.actor, &input)
        .await
        .map_err(AppError::from);
    let (state, caller, input) = (&state, &caller, &input);
    answer_change(
        result,
        |r| format!("/dossiers/{}?done=opened", r.id),
        |errors, _| async move { new_page(state, caller, input, &errors).await },
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct ShowQuery {
    done: Option<String>,
}

/// The fields of the form adding a file, as the summary of a refused one names them.
const ATTACH_FIELDS: [&str; 6] = ["file", "title", "notation", "doc_date", "author", "pages"];

async fn show_page(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    errors: &FieldErrors,
    done: Option<&str>,
    conflict: Option<&str>,
    typed: &[(String, String)],
) -> PageResult<Markup> {
    // a refused form's section opens again with what was typed in it
    let refused_step = typed
        .iter()
        .find(|(k, _)| k == "step")
        .map(|(_, v)| v.as_str());
    // what was typed in the step refused, for its own form only
    let typed_in = |step: &str, name: &str| {
        first(typed, name)
            .filter(|_| refused_step == Some(step))
            .unwrap_or_default()
    };
    let typed_on = |step: &str| Some(typed_in(step, "on")).filter(|v| !v.is_empty());
    let typed = |name: &str| first(typed, name).unwrap_or_default();
    let refused_here =
        |fields: &[&str]| errors.0.iter().any(|e| fields.contains(&e.field.as_str()));
    let l = caller.lang;
    let rec = visible(state, caller, id).await?;
    let view = rec.view(&caller.actor).ok_or(AppError::NotFound)?;
    let scope = rec.scope();
    let may = |step: DossierStep, action: Action<'_>| {
        next_dossier(rec.status, step).is_some() && caller.may(action)
    };
    let may_edit = may(DossierStep::Edit, Action::EditDossier(&scope));
    let may_close = may(DossierStep::Close, Action::EditDossier(&scope));
    let may_reopen = may(DossierStep::Reopen, Action::EditDossier(&scope));
    let may_hand_over = may(DossierStep::HandOver, Action::HandOverDossier(&scope));
    let readable = caller.may(Action::ReadDossier(&scope));
    let timeline = if readable {
        dossiers::timeline(&state.db, id).await?
    } else {
        Vec::new()
    };
    let version = rec.version.to_string();
    let today = crate::incoming::today().to_string();
    Ok(layout(
        caller,
        &view.code,
        Nav::Dossiers,
        html! {
            p.crumbs { a href="/dossiers" { (l.t("dossiers.title")) } }
            h1 { (view.code) " " span.badge { (l.t(&format!("dossier_status.{}", view.status))) } }
            (super::done_notice(l, "dossier", done))
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            @match &view.title {
                None => div.alert role="status" { p { (l.t("incoming.no_clearance")) } },
                Some(t) => p.subject { (t) },
            }
            dl.facts {
                dt { (l.t("field.unit")) } dd { (view.unit_name) }
                dt { (l.t("field.responsible")) } dd { (view.responsible_name) }
                dt { (l.t("field.retention")) } dd { (retention_label(l, &view.retention)) }
                dt { (l.t("field.secrecy")) } dd { (l.t(&format!("clearance.{}", view.secrecy))) }
                dt { (l.t("field.opened_on")) } dd { (super::local_day(&view.opened_on)) }
                @if let Some(d) = &view.closed_on { dt { (l.t("field.closed_on")) } dd { (super::local_day(d)) } }
                @if let Some(d) = &view.handover_due { dt { (l.t("dossiers.due_on")) } dd { (super::local_day(d)) (past_due(l, d)) } }
                @if let Some(d) = &view.handed_over_on { dt { (l.t("field.handed_over_on")) } dd { (super::local_day(d)) @if let Some(n) = &view.handover_note { " · " (n) } } }
                dt { (l.t("field.items")) } dd { (l.fill("dossiers.counted", &serde_json::json!({"items": view.item_count, "sheets": view.page_count}))) }
                @if let Some(d) = &view.description { dt { (l.t("field.description")) } dd { (d) } }
            }
            @if readable {
                h2 { (l.t("dossiers.index")) " " a.small href={ "/dossiers/" (id) "/index" } { "PDF" } " " a.small href={ "/dossiers/" (id) "/index?format=xlsx" } { "XLSX" } }
                table.list {
                    thead { tr { th { (l.t("field.ordinal")) } th { (l.t("field.notation")) } th { (l.t("field.document_date")) } th { (l.t("field.author_body")) } th { (l.t("field.subject")) } th { (l.t("field.pages_short")) } th {} } }
                    tbody {
                        @for i in &view.items {
                            tr {
                                td.num data-label=(l.t("field.ordinal")) { (i.ordinal) }
                                td data-label=(l.t("field.notation")) { (i.notation.as_deref().unwrap_or("")) }
                                td data-label=(l.t("field.document_date")) { (i.doc_date.as_deref().map(super::local_day).unwrap_or_default()) }
                                td data-label=(l.t("field.author_body")) { (i.author.as_deref().unwrap_or("")) }
                                td data-label=(l.t("field.subject")) {
                                    @match (i.incoming_id, i.outgoing_id) {
                                        (Some(d), _) => a href={ "/incoming/" (d) } { (i.title) },
                                        (_, Some(d)) => a href={ "/outgoing/" (d) } { (i.title) },
                                        _ => a href={ "/dossiers/" (id) "/items/" (i.id) "/file" } { (i.title) },
                                    }
                                    @if let Some(n) = &i.note { br; small { (n) } }
                                }
                                td.num data-label=(l.t("field.pages_short")) { (i.sheets_said()) }
                                td {
                                    @if may_edit {
                                        form method="post" action={ "/dossiers/" (id) "/detach" } data-confirm=(l.fill("dossiers.detach_confirm", &serde_json::json!({"title": i.title}))) {
                                            (csrf_field(caller)) input type="hidden" name="version" value=(version);
                                            input type="hidden" name="item_id" value=(i.id);
                                            button.link type="submit" { (l.t("dossiers.detach")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if view.items.is_empty() { p.empty { (l.t("dossiers.empty")) } }
            }
            // a refused closing or hand-over says why beside its day, in its own section
            @if refused_step.is_none() {
                (lode_web::pages::labelled_form_errors(l, errors, &ATTACH_FIELDS, Some("dossier_item")))
            }
            @if may_edit {
                details #add-file open[refused_here(&ATTACH_FIELDS)] {
                    summary { (l.t("dossiers.add_file")) }
                    form.stack method="post" enctype="multipart/form-data" action={ "/dossiers/" (id) "/attach" } { (lode_web::pages::csrf_field(caller))
                        input type="hidden" name="version" value=(version);
                        p.hint { (l.t("form.required_hint")) }
                        div.field {
                            label for="file" { (l.t("dossier_item.file")) (lode_web::pages::required_mark()) }
                            input id="file" name="file" type="file" accept="application/pdf,.pdf,.docx" required
                                aria-invalid=[refused_here(&["file"]).then_some("true")] data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES)); (lode_web::pages::file_limit(l, lode_web::files::DOCUMENT_MAX_BYTES))
                            @if refused_here(&ATTACH_FIELDS) && !refused_here(&["file"]) { p.hint { (l.t("dossiers.file_again")) } }
                            (field_errors(l, errors, "file"))
                        }
                        (text_field(l, errors, "title", "dossier_item.title", &typed("title"), "text", true))
                        (text_field(l, errors, "notation", "dossier_item.notation", &typed("notation"), "text", false))
                        (text_field(l, errors, "doc_date", "dossier_item.doc_date", &typed("doc_date"), "date", false))
                        (text_field(l, errors, "author", "dossier_item.author", &typed("author"), "text", false))
                        (text_field(l, errors, "pages", "dossier_item.pages", &typed("pages"), "number", false))
                        button type="submit" { (l.t("dossiers.attach")) }
                    }
                }
                p.hint { (l.t("dossiers.attach_hint")) }
            }
            @if may_close {
                details open[refused_step == Some("close")] {
                    summary { (l.t("dossiers.close")) }
                    form.stack method="post" action={ "/dossiers/" (id) "/close" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        // no earlier than it was opened, nor than the latest paper it holds
                        (day_of_step(l, errors, ("close_on", "field.closed_on"), typed_on("close"), (rec.earliest_closing_day(), &today)))
                        button type="submit" { (l.t("dossiers.close")) }
                    }
                }
            }
            @if may_reopen {
                details {
                    summary { (l.t("dossiers.reopen")) }
                    form.stack method="post" action={ "/dossiers/" (id) "/reopen" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        div.field { label for="reopen_text" { (l.t("field.reason")) } textarea id="reopen_text" name="text" rows="2" required {} }
                        button.danger type="submit" { (l.t("dossiers.reopen")) }
                    }
                }
            }
            @if may_hand_over {
                details open {
                    summary { (l.t("dossiers.hand_over")) }
                    form.stack method="post" action={ "/dossiers/" (id) "/hand-over" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        (day_of_step(l, errors, ("handover_on", "field.handed_over_on"), typed_on("hand-over"), (rec.closed_on.as_deref().unwrap_or(&rec.opened_on), &today)))
                        div.field { label for="handover_text" { (l.t("field.note")) } textarea id="handover_text" name="text" rows="2" { (typed_in("hand-over", "text")) } }
                        button type="submit" { (l.t("dossiers.hand_over")) }
                    }
                }
            }
            @if !timeline.is_empty() { (super::timeline_table(l, &timeline, "dossier_step")) }
        },
    ))
}

/// The day a step of the dossier is done on (`id`, its label's key), today unless a refused
/// form typed another, within `bounds` (`yyyy-mm-dd`), its refusal beside it.
fn day_of_step(
    l: lode_web::i18n::Lang,
    errors: &FieldErrors,
    (id, label): (&str, &str),
    typed: Option<String>,
    (earliest, latest): (&str, &str),
) -> Markup {
    let described = lode_web::pages::error_id(errors, "on");
    html! {
        div.field {
            label for=(id) { (l.t(label)) }
            input id=(id) name="on" type="date" value=(typed.as_deref().unwrap_or(latest)) min=(earliest) max=(latest)
                aria-invalid=[described.is_some().then_some("true")] aria-describedby=[described.as_deref()];
            (field_errors(l, errors, "on"))
        }
    }
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
        &[],
    )
    .await
}

pub async fn file(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, item)): Path<(i64, i64)>,
) -> PageResult<Response> {
    Ok(item_file(&state, &caller, id, item).await?)
}

async fn after(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    result: Result<dossiers::DossierRecord, AppError>,
    done: &str,
) -> PageResult<Response> {
    after_typing(state, caller, id, result, &[], done).await
}

/// [`after`] a form whose refusal shows again what was `typed` in it.
async fn after_typing(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    result: Result<dossiers::DossierRecord, AppError>,
    typed: &[(String, String)],
    done: &str,
) -> PageResult<Response> {
    answer_change(
        result,
        |_| format!("/dossiers/{id}?done={done}"),
        |errors, conflict| async move {
            show_page(state, caller, id, &errors, None, conflict.as_deref(), typed).await
        },
    )
    .await
}

/// Adds an uploaded file (multipart), or a document by id from a document's page.
pub async fn attach(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    // Nothing is stored for someone who may not change the dossier.
    let rec = readable(&state, &caller, id).await?;
    caller.require(Action::EditDossier(&rec.scope()))?;
    let mut input = NewItem::default();
    let mut errors = FieldErrors::new();
    let mut typed: Vec<(String, String)> = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().map(lode_web::files::sanitise_name);
            let data = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
            let checked =
                lode_web::files::accept_document("file", file_name.as_deref().unwrap_or(""), &data);
            match checked {
                Err(AppError::Invalid(e)) => errors.0.extend(e.0),
                Err(e) => return Err(e.into()),
                Ok(content_type) => {
                    input.file_sha256 = Some(
                        store_file(&state, data, content_type, Some(caller.account.id)).await?,
                    );
                    input.file_name = file_name;
                }
            }
            continue;
        }
        let value = field
            .text()
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        typed.push((name.clone(), value.clone()));
        let value = Some(value).filter(|v| !v.trim().is_empty());
        match name.as_str() {
            "title" => input.title = value,
            "notation" => input.notation = value,
            "doc_date" => input.doc_date = value,
            "author" => input.author = value,
            "note" => input.note = value,
            "pages" => match value.map(|v| v.trim().parse::<i64>()) {
                Some(Ok(n)) => input.pages = Some(n),
                Some(Err(_)) => {
                    errors.add("pages", "sheet_count", "a whole number from 1 to 100000")
                }
                None => {}
            },
            "incoming_id" => input.incoming_id = value.and_then(|v| v.parse().ok()),
            "outgoing_id" => input.outgoing_id = value.and_then(|v| v.parse().ok()),
            "version" => input.version = value.and_then(|v| v.parse().ok()),
            _ => {}
        }
    }
    let result = if errors.is_empty() {
        dossiers::attach(&state.db, &caller.ctx(), &caller.actor, id, &input)
            .await
            .map_err(AppError::from)
    } else {
        // the file refused: what else was typed wrong is said with it
        let others = dossiers::file_facts_errors(&state.db, &caller.actor, &input).await?;
        let new: Vec<_> = others
            .0
            .into_iter()
            .filter(|e| !errors.0.iter().any(|x| x.field == e.field))
            .collect();
        errors.0.extend(new);
        Err(AppError::Invalid(errors))
    };
    after_typing(&state, &caller, id, result, &typed, "attached").await
}

/// A step form: detach, close, reopen, hand over.
pub async fn step(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, step)): Path<(i64, String)>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let input = DossierStepInput {
        text: first(&p, "text"),
        item_id: first(&p, "item_id").and_then(|v| v.parse().ok()),
        on: first(&p, "on"),
        version: first(&p, "version").and_then(|v| v.parse().ok()),
    };
    let (db, ctx, actor) = (&state.db, caller.ctx(), &caller.actor);
    // a refusal opens the step's form again with what was typed in it
    let mut typed = p.clone();
    typed.retain(|(k, _)| k == "on" || k == "text");
    typed.push(("step".into(), step.clone()));
    let (result, done) = match step.as_str() {
        "detach" => (
            dossiers::detach(db, &ctx, actor, id, &input).await,
            "detached",
        ),
        "close" => (dossiers::close(db, &ctx, actor, id, &input).await, "closed"),
        "reopen" => (
            dossiers::reopen(db, &ctx, actor, id, &input).await,
            "reopened",
        ),
        "hand-over" => (
            dossiers::hand_over(db, &ctx, actor, id, &input).await,
            "handed_over",
        ),
        _ => return Err(AppError::NotFound.into()),
    };
    after_typing(
        &state,
        &caller,
        id,
        result.map_err(AppError::from),
        &typed,
        done,
    )
    .await
}

/// Puts a document in one of the caller's dossiers, from the form on the document's page.
pub async fn put(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let id = first(&p, "dossier_id")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or(AppError::NotFound)?;
    let input = NewItem {
        incoming_id: first(&p, "incoming_id").and_then(|v| v.parse().ok()),
        outgoing_id: first(&p, "outgoing_id").and_then(|v| v.parse().ok()),
        ..Default::default()
    };
    let result = dossiers::attach(&state.db, &caller.ctx(), &caller.actor, id, &input)
        .await
        .map_err(AppError::from);
    after(&state, &caller, id, result, "attached").await
}

/// The form on an incoming or outgoing document's page that puts it in one of the caller's
/// open dossiers; nothing when they have none.
pub async fn put_in_dossier_form(
    state: &lode_web::AppState,
    caller: &Caller,
    field: &str,
    document_id: i64,
) -> Result<Markup, AppError> {
    let l = caller.lang;
    let held = match field {
        "incoming_id" => dossiers::Held::Incoming,
        _ => dossiers::Held::Outgoing,
    };
    let holding = dossiers::holding(&state.db, &caller.actor, held, document_id).await?;
    // a dossier holds a document once: those holding it are named, not offered again
    let open: Vec<_> = dossiers::editable_open(&state.db, &caller.actor)
        .await?
        .into_iter()
        .filter(|d| !holding.iter().any(|h| h.id == d.id))
        .collect();
    Ok(html! {
        @if !holding.is_empty() {
            p.held-in {
                (l.t("dossiers.held_in")) ": "
                @for (i, d) in holding.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href={ "/dossiers/" (d.id) } { (d.code) @if let Some(t) = &d.title { " — " (t) } }
                }
            }
        }
        @if !open.is_empty() { details {
            summary { (l.t("dossiers.put_in")) }
            form.stack method="post" action="/dossiers/put" {
                (csrf_field(caller))
                div.field {
                    label for="dossier_id" { (l.t("dossiers.title")) }
                    select id="dossier_id" name="dossier_id" {
                        @for d in &open { option value=(d.id) { (d.code) " — " (d.title.as_deref().unwrap_or("")) } }
                    }
                }
                input type="hidden" name=(field) value=(document_id);
                button type="submit" { (l.t("dossiers.attach")) }
            }
        } }
    })
}

/// The overdue mark of a dossier whose day at the archive has passed.
fn past_due(l: Lang, due: &str) -> Markup {
    let today = crate::incoming::today().to_string();
    html! { @if due < today.as_str() { " " span.badge.overdue { (l.t("queue.overdue")) } } }
}
