//! Incoming documents (văn bản đến): the register list, the clerk's registration form, a
//! document with its timeline and the forms of the steps its reader may take.

use super::{
    Nav, all_of, answer_change, csrf_field, field_errors, first, form_errors, form_pairs, layout,
    listing, text_field,
};
use crate::incoming::{
    self, AssignInput, Filter, IncomingOrder, IncomingRecord, IncomingView, NewAttachment,
    NewIncoming, RouteInput, StepInput,
};
use crate::web::api::incoming::{register_unit_of, visible};
use axum::extract::{Multipart, Path};
use axum::response::Response;
use lode_core::authz::{Action, PeopleScope};
use lode_core::documents::{Channel, IncomingStatus, IncomingStep, Urgency, next_status};
use lode_core::people::Clearance;
use lode_core::validation::FieldErrors;
use lode_db::{Sort, units};
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use lode_web::files::{accept_pdf, sanitise_name, store_pdf};
use lode_web::i18n::Lang;
use maud::{Markup, html};

pub(crate) fn urgency_badge(l: Lang, urgency: &str) -> Markup {
    html! { @if urgency != "normal" { " " span class={ "badge urgency " (urgency) } { (l.t(&format!("urgency.{urgency}"))) } } }
}

/// A queue's title as its person reads it: what waits for routing is, for the leader of a
/// body, waiting for the leader's direction; for a unit's leader, waiting to be assigned; for
/// one who is both (a federation's leader), either.
pub fn queue_title(caller: &Caller, name: &str) -> String {
    if name != "to_route" {
        return format!("queue.{name}");
    }
    match hands_on(caller) {
        (true, true) => "queue.to_route_or_assign",
        (false, true) => "queue.to_assign",
        _ => "queue.to_route",
    }
    .to_string()
}

/// Whether the home page shows the caller the queue `name` while it is empty: the queue of
/// documents to direct or assign only to those who direct or assign.
pub fn shows_empty_queue(caller: &Caller, name: &str) -> bool {
    use lode_core::people::Role;
    // an empty queue says "nothing waiting" to those who handle letters, and is no news to a
    // clerk (who registers them and finds the registration's button first), an administrator,
    // an archivist or the one-stop desk; what a clerk follows up is shown only while it waits
    let handles_letters = [Role::AgencyLeader, Role::UnitLeader, Role::Specialist]
        .into_iter()
        .any(|r| caller.actor.has(r));
    let (directs, assigns) = hands_on(caller);
    handles_letters && name != "presented" && (name != "to_route" || directs || assigns)
}

/// Whether the caller directs the documents their body receives, and whether they assign
/// those their unit leads.
fn hands_on(caller: &Caller) -> (bool, bool) {
    (
        lode_core::authz::leads_own_body(&caller.actor),
        caller.actor.has(lode_core::people::Role::UnitLeader),
    )
}

/// One line naming a document, for lists and queues; only the entry when it may not be read.
pub fn summary_link(l: Lang, d: &IncomingView) -> Markup {
    html! {
        a href={ "/incoming/" (d.id) } {
            span.number { (l.t("incoming.arrival_short")) " " (d.arrival_number) "/" (d.year) }
            (super::secrecy_badge(l, &d.secrecy))
            " · "
            @match &d.details {
                Some(x) => { (x.notation) " · " (x.subject) }
                None => { (l.t("incoming.secret_entry")) }
            }
        }
        @if let Some(x) = &d.details {
            (urgency_badge(l, &x.urgency))
            @if x.overdue { " " span.badge.overdue { (l.t("queue.overdue")) } }
        }
    }
}

/// The filters a dashboard's figure opens the list with, kept as the list is filtered further.
fn figure_filters(filter: &Filter) -> Vec<(&'static str, String)> {
    let yes_no = |b: Option<bool>| b.map(|b| b.to_string());
    listing::present([
        ("completed_from", filter.completed_from.clone()),
        ("completed_to", filter.completed_to.clone()),
        ("timeliness", filter.timeliness.clone()),
        ("counted_from", filter.counted_from.clone()),
        ("counted_to", filter.counted_to.clone()),
        (
            "within_unit_id",
            filter.within_unit_id.map(|u| u.to_string()),
        ),
        ("electronic", yes_no(filter.electronic)),
        ("channel", filter.channel.clone()),
        ("from_ministry", yes_no(filter.from_ministry)),
    ])
}

/// What a dashboard's figure counts, in words: the conditions the form does not show.
fn figure_said(l: Lang, filter: &Filter, units: &[units::Unit]) -> Vec<String> {
    let day = |d: &Option<String>| lode_web::pages::local_day_or_dash(d.as_deref());
    let mut said = Vec::new();
    if let Some(e) = filter.electronic {
        said.push(
            l.t(if e {
                "figure.electronic"
            } else {
                "figure.paper"
            })
            .to_string(),
        );
    }
    if let Some(c) = filter.channel.as_deref().filter(|c| !c.trim().is_empty()) {
        said.push(format!(
            "{}: {}",
            l.t("field.channel"),
            l.t(&format!("channel.{c}"))
        ));
    }
    if let Some(inside) = filter.from_ministry {
        said.push(
            l.t(if inside {
                "figure.from_ministry"
            } else {
                "figure.from_outside"
            })
            .to_string(),
        );
    }
    if filter.completed_from.is_some() || filter.completed_to.is_some() {
        let period = serde_json::json!({ "from": day(&filter.completed_from), "to": day(&filter.completed_to) });
        said.push(l.fill("figure.completed", &period));
    }
    match filter.timeliness.as_deref() {
        Some("on_time") => said.push(l.t("figure.on_time").to_string()),
        Some("late") => said.push(l.t("figure.late").to_string()),
        _ => {}
    }
    if filter.counted_from.is_some() {
        let period =
            serde_json::json!({ "from": day(&filter.counted_from), "to": day(&filter.counted_to) });
        said.push(l.fill("figure.counted", &period));
    }
    if let Some(u) = filter
        .within_unit_id
        .and_then(|id| units.iter().find(|u| u.id == id))
    {
        said.push(l.fill("figure.within", &serde_json::json!({ "unit": u.name })));
    }
    said
}

/// How many documents a page of the list shows.
const LIST_PAGE: i64 = 50;

/// How many documents a queue's own page lists.
pub(crate) const QUEUE_PAGE: i64 = 200;

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
        incoming::NEWEST_FIRST,
    );
    let filter = Filter {
        limit: Some(LIST_PAGE),
        before: None,
        after: None,
        sort: Some(ordering.param()),
        ..filter
    };
    // filters that cannot be read (a period ending before it starts) are said beside their
    // fields, the list empty meanwhile, never an error page that loses them
    let (page, refused) = match incoming::list(&state.db, &caller.actor, &filter).await {
        Ok(page) => (page, FieldErrors::new()),
        Err(lode_db::DbError::Invalid(errors)) => (lode_db::Page::nothing(), errors),
        Err(e) => return Err(AppError::from(e).into()),
    };
    // a list refused for its filters was not searched: nothing to say of its order
    let ordering = ordering.as_listed(page.ranked || !refused.is_empty());
    let types = incoming::types(&state.db).await?;
    let narrowed = filter.status.is_some()
        || filter.urgency.is_some()
        || filter.type_code.is_some()
        || filter.register.is_some()
        || filter.lead_unit_id.is_some()
        || filter.handler_id.is_some()
        || filter.from.is_some()
        || filter.to.is_some()
        || filter.year.is_some()
        || filter.issuer.is_some()
        || filter.overdue.is_some();
    let figure = figure_filters(&filter);
    let issuers = crate::web::api::incoming::known_issuers(&state, &caller).await?;
    // The filter offers the units and people of the caller's body (those they may know of);
    // its units as leads, those whose letters the caller sees: all of the body's for whoever
    // keeps its register, else the caller's own unit and those under it (another unit's would
    // list nothing, unexplained)
    let whole_register = lode_core::authz::keeps_own_register(&caller.actor);
    let own_unit = caller.actor.unit.as_ref();
    let units: Vec<units::Unit> = match &caller.actor.register_unit {
        Some(body) => {
            let all = units::all(&state.db).await?;
            units::tree_order(&all)
                .into_iter()
                .filter(|u| body.contains(&u.path))
                .filter(|u| whole_register || own_unit.is_some_and(|mine| mine.contains(&u.path)))
                .cloned()
                .collect()
        }
        None => Vec::new(),
    };
    let handlers: Vec<(i64, String)> = {
        let people = lode_db::accounts::Filter {
            active: Some(true),
            limit: Some(200),
            ..Default::default()
        };
        let scope = lode_core::authz::people_scope(&caller.actor);
        lode_db::accounts::in_name_order(
            lode_db::accounts::list(&state.db, &scope, &people)
                .await?
                .items,
        )
        .into_iter()
        .filter(|a| a.kind == lode_core::people::AccountKind::Staff)
        .map(|a| (a.id, a.full_name))
        .collect()
    };
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    // the list's address with its filters, in an order, at a numbered page
    let address = |sort: Option<Sort<IncomingOrder>>, page: i64| {
        let a = listing::Address::new()
            .texts(&[
                ("q", &filter.q),
                ("register", &filter.register),
                ("status", &filter.status),
                ("urgency", &filter.urgency),
                ("type_code", &filter.type_code),
                ("issuer", &filter.issuer),
                ("from", &filter.from),
                ("to", &filter.to),
            ])
            .numbers(&[
                ("lead_unit_id", filter.lead_unit_id),
                ("handler_id", filter.handler_id),
                ("year", filter.year),
            ])
            .pair(
                "overdue",
                filter.overdue.map(|o| if o { "true" } else { "false" }),
            )
            .pairs(&figure);
        a.ordered(ordering, sort).page(page).at("/incoming")
    };
    let sort = ordering.sort;
    let page_number = filter.page.unwrap_or(1);
    let more = page.more;
    let order = listing::Ordering {
        current: ordering.shown(),
        link: &|s| address(Some(s), 1),
    };
    let body = html! {
        h1 { (l.t("incoming.title")) }
        @if caller.may(Action::RegisterDocuments) {
            p { a.button href="/incoming/new" { (l.t("incoming.new")) } }
        }
        @if !figure.is_empty() {
            div.notice role="status" {
                p { (l.t("filter.from_figure")) }
                ul { @for said in figure_said(l, &filter, &units) { li { (said) } } }
                p { a href="/dashboard" { (l.t("filter.back_to_figures")) } " · " a href="/incoming" { (l.t("filter.clear")) } }
            }
        }
        form.filters method="get" action="/incoming" role="search" {
            @for (k, v) in &figure { input type="hidden" name=(k) value=(v); }
            div.field { label for="q" { (l.t("filter.search")) } input id="q" name="q" type="search" value=(v(&filter.q)) placeholder=(l.t("filter.search_hint")); }
            (ordering.choice(l, "incoming"))
            button type="submit" { (l.t("filter.apply")) }
            // the other filters fold away, open when one is in use
            (listing::more_filters(l, narrowed, "/incoming", html! {
                div.field {
                    label for="status" { (l.t("field.status")) }
                    select id="status" name="status" {
                        option value="" { "—" }
                        @for s in IncomingStatus::ALL { option value=(s.as_str()) selected[filter.status.as_deref() == Some(s.as_str())] { (l.t(&format!("status.{}", s.as_str()))) } }
                    }
                }
                div.field {
                    label for="urgency" { (l.t("field.urgency")) }
                    select id="urgency" name="urgency" {
                        option value="" { "—" }
                        @for u in Urgency::ALL { option value=(u.as_str()) selected[filter.urgency.as_deref() == Some(u.as_str())] { (l.t(&format!("urgency.{}", u.as_str()))) } }
                    }
                }
                div.field {
                    label for="type_code" { (l.t("field.document_type")) }
                    select id="type_code" name="type_code" {
                        option value="" { "—" }
                        @for t in &types { option value=(t.code) selected[filter.type_code.as_deref() == Some(t.code.as_str())] { (lode_web::pages::type_name(l, &t.code, &t.name)) } }
                    }
                }
                div.field {
                    label for="register" { (l.t("field.register")) }
                    select id="register" name="register" {
                        option value="" { "—" }
                        @for r in ["regular", "secret"] { option value=(r) selected[filter.register.as_deref() == Some(r)] { (l.t(&format!("register.{r}"))) } }
                    }
                }
                div.field {
                    label for="issuer" { (l.t("field.issuer")) }
                    input id="issuer" name="issuer" list="issuers" value=(v(&filter.issuer));
                    datalist id="issuers" { @for i in &issuers { option value=(i) {} } }
                }
                div.field {
                    label for="lead_unit_id" { (l.t("field.lead_unit")) }
                    select id="lead_unit_id" name="lead_unit_id" {
                        option value="" { "—" }
                        @for u in &units { option value=(u.id) selected[filter.lead_unit_id == Some(u.id)] { (u.name) } }
                    }
                }
                div.field {
                    label for="handler_id" { (l.t("field.handler")) }
                    select id="handler_id" name="handler_id" {
                        option value="" { "—" }
                        @for (id, name) in &handlers { option value=(id) selected[filter.handler_id == Some(*id)] { (name) } }
                    }
                }
                div.field {
                    label for="from" { (l.t("field.from")) }
                    input id="from" name="from" type="date" value=(v(&filter.from)) aria-invalid=[refused.0.iter().any(|e| e.field == "from").then_some("true")];
                    (field_errors(l, &refused, "from"))
                }
                div.field {
                    label for="to" { (l.t("field.to")) }
                    input id="to" name="to" type="date" value=(v(&filter.to)) aria-invalid=[refused.0.iter().any(|e| e.field == "to").then_some("true")];
                    (field_errors(l, &refused, "to"))
                }
                label.check { input type="checkbox" name="overdue" value="true" checked[filter.overdue == Some(true)]; " " (l.t("filter.overdue_only")) }
            }))
        }
        (form_errors(l, &refused, &["from", "to"]))
        // filters that cannot be read searched nothing: no count, no empty table
        @if !refused.is_empty() {
            p.empty { (l.t("list.fix_filters")) }
        } @else {
            (ordering.notice(l, page_number == 1 && !more))
            (listing::total_line(l, page.total))
            (documents_table(l, &page.items, &lode_core::text::search_terms(filter.q.as_deref().unwrap_or("")), Some(&order)))
            @if page.items.is_empty() { p.empty { (l.t("list.empty")) } }
            (listing::pager(l, page_number, LIST_PAGE, page.total, more, |p| address(sort, p)))
        }
    };
    Ok(layout(&caller, l.t("incoming.title"), Nav::Incoming, body))
}

/// The documents as a table: number, day received, notation, issuer, subject, lead unit,
/// deadline, status; only the entry of one the caller may not read.
/// With an ordering, the number, day received and deadline headers order the list.
pub fn documents_table(
    l: Lang,
    items: &[IncomingView],
    terms: &[String],
    order: Option<&listing::Ordering<IncomingOrder>>,
) -> Markup {
    let header = |key: &str, by: IncomingOrder| match order {
        Some(o) => o.header(l, l.t(key), by),
        None => html! { th { (l.t(key)) } },
    };
    html! {
    table.list {
        thead { tr {
            (header("field.arrival_number", IncomingOrder::Number)) (header("field.received_on", IncomingOrder::Received)) th { (l.t("field.notation")) }
            th { (l.t("field.issuer")) } th { (l.t("field.subject")) } th { (l.t("field.lead_unit")) }
            (header("field.deadline", IncomingOrder::Deadline)) th { (l.t("field.status")) }
        } }
        tbody {
            @for d in items {
                tr {
                    td { a href={ "/incoming/" (d.id) } { (d.arrival_number) "/" (d.year) } (super::secrecy_badge(l, &d.secrecy)) }
                    // each cell says what it is where a phone shows the row as a card
                    td data-label=(l.t("field.received_on")) { (super::local_day(&d.received_on)) }
                    @match &d.details {
                        Some(x) => {
                            td data-label=(l.t("field.notation")) { (super::marked(&x.notation, terms)) }
                            td data-label=(l.t("field.issuer")) { (super::marked(&x.issuer, terms)) }
                            // the subject opens the document too: on a phone it is the card's title
                            td data-label=(l.t("field.subject")) { a href={ "/incoming/" (d.id) } { (super::marked(&x.subject, terms)) } (urgency_badge(l, &x.urgency)) }
                            td data-label=(l.t("field.lead_unit")) { (x.lead_unit_name.as_deref().unwrap_or("—")) }
                            td data-label=(l.t("field.deadline")) { (lode_web::pages::local_day_or_dash(x.deadline.as_deref())) @if x.overdue { " " span.badge.overdue { (l.t("queue.overdue")) } } }
                        }
                        None => { td colspan="5" { em { (l.t("incoming.secret_entry")) } } }
                    }
                    td data-label=(l.t("field.status")) { (l.t(&format!("status.{}", d.status))) }
                }
            }
        }
    }
    }
}

/// The registration form, with what was typed and its errors after a refused submission.
fn new_page(
    caller: &Caller,
    (types, leaders, issuers): (
        &[incoming::DocumentType],
        &[incoming::InstructingLeader],
        &[String],
    ),
    input: &NewIncoming,
    key: &str,
    errors: &FieldErrors,
    duplicates: &[(i64, i64, i64)],
) -> Markup {
    let l = caller.lang;
    let duplicate = errors.0.iter().any(|e| e.code == "possible_duplicate");
    let today = incoming::today().to_string();
    layout(
        caller,
        l.t("incoming.new"),
        Nav::Incoming,
        html! {
            p.crumbs { a href="/incoming" { (l.t("incoming.title")) } }
            h1 { (l.t("incoming.new")) }
            // the file named as its box is labelled
            (lode_web::pages::labelled_form_errors(l, errors, &["received_on", "channel", "issuer", "issuer_scope", "notation", "document_date", "type_code", "subject", "signer", "urgency", "secrecy", "presented_to", "page_count", "file_sha256", "file"], Some("incoming_form")))
            form.stack method="post" enctype="multipart/form-data" action="/incoming/new" data-warn-unsaved=(l.t("form.unsaved")) data-unsaved=[(!errors.is_empty()).then_some("1")] { (lode_web::pages::csrf_field(caller))
                input type="hidden" name="submission_key" value=(key);
                @if let Some(sha) = &input.file_sha256 { input type="hidden" name="file_sha256" value=(sha); }
                p.hint { (l.t("form.required_hint")) }
                div.field {
                    label for="file" { (l.t("field.document_file")) (lode_web::pages::required_mark()) }
                    input id="file" name="file" type="file" accept="application/pdf,.pdf" required[input.file_sha256.is_none()] data-kept=[input.file_sha256.as_ref().map(|_| l.t("incoming.file_kept_short"))] data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES)); (lode_web::pages::file_limit(l, lode_web::files::DOCUMENT_MAX_BYTES))
                    @if input.file_sha256.is_some() { p.hint { (l.t("incoming.file_kept")) } }
                    (field_errors(l, errors, "file")) (field_errors(l, errors, "file_sha256"))
                }
                // the register's senders offered as it is typed, so that one body keeps one name
                // (the issuer filter and the figures count by it)
                @let described = lode_web::pages::error_id(errors, "issuer");
                div.field {
                    label for="issuer" { (l.t("field.issuer")) (lode_web::pages::required_mark()) }
                    input id="issuer" name="issuer" type="text" value=(input.issuer) required list="known-issuers" autocomplete="off"
                        aria-invalid=[described.is_some().then_some("true")] aria-describedby=[described.as_deref()];
                    datalist id="known-issuers" { @for i in issuers { option value=(i) {} } }
                    (field_errors(l, errors, "issuer"))
                }
                div.field {
                    label for="issuer_scope" { (l.t("field.issuer_scope")) }
                    select id="issuer_scope" name="issuer_scope" {
                        option value="" { (l.t("issuer_scope.guess")) }
                        @for sc in ["ministry", "outside"] {
                            option value=(sc) selected[input.issuer_scope.as_deref() == Some(sc)] { (l.t(&format!("issuer_scope.{sc}"))) }
                        }
                    }
                    (field_errors(l, errors, "issuer_scope"))
                }
                (text_field(l, errors, "notation", "field.notation", &input.notation, "text", true))
                p.hint { (l.t("hint.notation")) }
                @if duplicate {
                    div.field {
                        // the entries it may repeat, opened beside the form so that nothing typed is lost
                        @if !duplicates.is_empty() {
                            p.hint {
                                (l.t("incoming.duplicates_are")) " "
                                @for (i, (id, year, number)) in duplicates.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    a href=(format!("/incoming/{id}")) target="_blank" rel="noopener" {
                                        (l.t("field.arrival_number")) " " (number) "/" (year)
                                    }
                                }
                                " " span.hint { (l.t("incoming.opens_beside")) }
                            }
                        }
                        label.check { input type="checkbox" name="confirm_duplicate" value="1"; " " (l.t("incoming.confirm_duplicate")) }
                    }
                }
                (text_field(l, errors, "document_date", "field.document_date", &input.document_date, "date", true))
                div.field {
                    label for="type_code" { (l.t("field.document_type")) }
                    select id="type_code" name="type_code" {
                        @for t in types { option value=(t.code) selected[input.type_code == t.code] { (lode_web::pages::type_name(l, &t.code, &t.name)) } }
                    }
                    (field_errors(l, errors, "type_code"))
                }
                div.field {
                    label for="subject" { (l.t("field.subject")) (lode_web::pages::required_mark()) }
                    textarea id="subject" name="subject" rows="3" required maxlength="500" { (input.subject) }
                    (field_errors(l, errors, "subject"))
                }
                (text_field(l, errors, "signer", "field.signer", input.signer.as_deref().unwrap_or(""), "text", false))
                (text_field(l, errors, "received_on", "field.received_on", input.received_on.as_deref().unwrap_or(&today), "date", true))
                div.field {
                    label for="channel" { (l.t("field.channel")) }
                    select id="channel" name="channel" {
                        @for c in Channel::ALL.iter().filter(|c| **c != Channel::Internal) {
                            option value=(c.as_str()) selected[input.channel == c.as_str()] { (l.t(&format!("channel.{}", c.as_str()))) }
                        }
                    }
                }
                div.field {
                    label for="urgency" { (l.t("field.urgency")) }
                    select id="urgency" name="urgency" {
                        @for u in Urgency::ALL { option value=(u.as_str()) selected[input.urgency.as_deref() == Some(u.as_str())] { (l.t(&format!("urgency.{}", u.as_str()))) } }
                    }
                }
                div.field {
                    label for="secrecy" { (l.t("field.secrecy")) }
                    select id="secrecy" name="secrecy" {
                        @for c in Clearance::ALL { option value=(c.as_str()) selected[input.secrecy.as_deref() == Some(c.as_str())] { (l.t(&format!("clearance.{}", c.as_str()))) } }
                    }
                }
                // to whom the clerk presents it (trình): one leader, or all who instruct on it
                @if leaders.len() > 1 {
                    div.field {
                        label for="presented_to" { (l.t("field.presented_to")) }
                        select id="presented_to" name="presented_to"
                            aria-invalid=[lode_web::pages::error_id(errors, "presented_to").map(|_| "true")]
                            aria-describedby=(lode_web::pages::error_id(errors, "presented_to").unwrap_or_else(|| "presented_to-hint".into())) {
                            option value="" { (l.t("incoming.presented_to_all")) }
                            @for x in leaders {
                                option value=(x.id) selected[input.presented_to == Some(x.id)] {
                                    (x.name) @if let Some(p) = &x.position { " — " (p) }
                                }
                            }
                        }
                        p.hint id="presented_to-hint" { (l.t("incoming.presented_to_hint")) }
                        (field_errors(l, errors, "presented_to"))
                    }
                }
                (text_field(l, errors, "page_count", "field.page_count", &input.page_count.map(|p| p.to_string()).unwrap_or_default(), "number", false))
                div.field {
                    label for="attachments" { (l.t("field.attachments")) }
                    input id="attachments" name="attachments" type="file" accept="application/pdf,.pdf" multiple data-max-bytes=(lode_web::files::DOCUMENT_MAX_BYTES) data-too-large=(lode_web::pages::file_too_large(l, lode_web::files::DOCUMENT_MAX_BYTES)); (lode_web::pages::file_limit(l, lode_web::files::DOCUMENT_MAX_BYTES))
                }
                button type="submit" { (l.t("incoming.register")) }
            }
        },
    )
}

fn new_key() -> String {
    let mut b = [0u8; 16];
    rand::fill(&mut b);
    hex::encode(b)
}

pub async fn new_form(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    let body = register_unit_of(&caller)?;
    let types = incoming::types(&state.db).await?;
    let leaders = incoming::presentable_leaders(&state.db, body, caller.account.id).await?;
    let issuers = crate::web::api::incoming::known_issuers(&state, &caller).await?;
    let input = NewIncoming {
        channel: "electronic".into(),
        type_code: "CV".into(),
        ..Default::default()
    };
    Ok(new_page(
        &caller,
        (&types, &leaders, &issuers),
        &input,
        &new_key(),
        &FieldErrors::new(),
        &[],
    ))
}

/// Reads the registration form: its fields, the document's PDF and the attachments, each PDF
/// checked and stored before the record that points at it.
/// Returns what was typed, the form's submission key, and the problems with the files.
async fn read_new_form(
    state: &lode_web::AppState,
    uploader: i64,
    mut multipart: Multipart,
) -> Result<(NewIncoming, String, FieldErrors), AppError> {
    let mut input = NewIncoming::default();
    let mut key = new_key();
    let mut errors = FieldErrors::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" | "attachments" => {
                let file_name = field.file_name().map(sanitise_name).unwrap_or_default();
                let data = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
                if data.is_empty() && file_name.is_empty() {
                    continue; // an empty file input
                }
                match accept_pdf(&name, &data) {
                    Err(AppError::Invalid(e)) => {
                        errors.0.extend(e.0);
                        continue;
                    }
                    other => other?,
                }
                let sha = store_pdf(state, data, Some(uploader)).await?;
                if name == "file" {
                    input.file_sha256 = Some(sha);
                } else {
                    input.attachments.push(NewAttachment {
                        sha256: sha,
                        name: if file_name.is_empty() {
                            "dinh-kem.pdf".into()
                        } else {
                            file_name
                        },
                    });
                }
            }
            _ => {
                let value = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.body_text()))?;
                match name.as_str() {
                    "submission_key" if !value.is_empty() => key = value.chars().take(64).collect(),
                    "file_sha256" if input.file_sha256.is_none() && !value.is_empty() => {
                        input.file_sha256 = Some(value)
                    }
                    "received_on" => input.received_on = Some(value),
                    "channel" => input.channel = value,
                    "issuer" => input.issuer = value,
                    "issuer_scope" => input.issuer_scope = Some(value).filter(|v| !v.is_empty()),
                    "notation" => input.notation = value,
                    "document_date" => input.document_date = value,
                    "type_code" => input.type_code = value,
                    "subject" => input.subject = value,
                    "signer" => input.signer = Some(value),
                    "urgency" => input.urgency = Some(value),
                    "secrecy" => input.secrecy = Some(value),
                    "presented_to" if !value.trim().is_empty() => match value.trim().parse() {
                        Ok(n) => input.presented_to = Some(n),
                        Err(_) => errors.add(
                            "presented_to",
                            "invalid_choice",
                            "is not one of the choices",
                        ),
                    },
                    "page_count" if !value.trim().is_empty() => match value.trim().parse() {
                        Ok(n) => input.page_count = Some(n),
                        Err(_) => errors.add("page_count", "not_a_number", "must be a number"),
                    },
                    "confirm_duplicate" => input.confirm_duplicate = true,
                    _ => {}
                }
            }
        }
    }
    Ok((input, key, errors))
}

pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    multipart: Multipart,
) -> PageResult<Response> {
    let body = register_unit_of(&caller)?;
    let types = incoming::types(&state.db).await?;
    let leaders = incoming::presentable_leaders(&state.db, body, caller.account.id).await?;
    let (input, key, file_errors) = read_new_form(&state, caller.account.id, multipart).await?;
    let result = if file_errors.is_empty() {
        let check =
            crate::web::api::incoming::signature_summary(&state, caller.account.id, &input).await;
        incoming::register_checked(
            &state.db,
            &caller.ctx(),
            caller.account.id,
            body,
            &input,
            Some(&key),
            check.as_ref(),
        )
        .await
        .map_err(AppError::from)
    } else {
        // a file refused is said with every other field refused, not one round after another
        let mut errors = file_errors;
        errors.0.extend(incoming::new_field_refusals(&input).0);
        Err(AppError::Invalid(errors))
    };
    let (state, caller, input, key) = (&state, &caller, &input, &key);
    let (types, leaders) = (&types[..], &leaders[..]);
    answer_change(
        result,
        |r| format!("/incoming/{}?done=registered", r.id),
        // the senders offered again only when the form is
        |errors, _| async move {
            let issuers = crate::web::api::incoming::known_issuers(state, caller).await?;
            let duplicates = if errors.0.iter().any(|e| e.code == "possible_duplicate") {
                incoming::possible_duplicates(
                    &state.db,
                    body,
                    input.issuer.trim(),
                    input.notation.trim(),
                    input.document_date.trim(),
                )
                .await?
            } else {
                Vec::new()
            };
            Ok(new_page(
                caller,
                (types, leaders, &issuers),
                input,
                key,
                &errors,
                &duplicates,
            ))
        },
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct ShowQuery {
    done: Option<String>,
}

/// The units of the document's body that an instruction can name.
async fn body_units(
    state: &lode_web::AppState,
    rec: &IncomingRecord,
) -> Result<Vec<units::Unit>, AppError> {
    let all = units::all(&state.db).await?;
    Ok(units::tree_order(&all)
        .into_iter()
        .filter(|u| {
            u.status == lode_core::org::UnitStatus::Active
                && rec.register_unit_path.contains(&u.path)
        })
        .cloned()
        .collect())
}

/// The steps whose form is a text (a note, a result, a reason).
const TEXT_STEPS: [&str; 7] = [
    "complete",
    "hand_back",
    "note",
    "extend",
    "ask_extension",
    "decline_extension",
    "return",
];

/// A step's text field, with its refusal beside it.
fn step_text(
    l: lode_web::i18n::Lang,
    errors: &FieldErrors,
    id: &str,
    label: &str,
    value: &str,
    required: bool,
) -> Markup {
    let invalid = errors.0.iter().any(|e| e.field == "text");
    html! {
        div.field {
            label for=(id) { (l.t(label)) @if required { (lode_web::pages::required_mark()) } }
            textarea id=(id) name="text" rows="3" required[required] maxlength=(lode_core::documents::NOTE_MAX)
                aria-invalid=[invalid.then_some("true")] { (value) }
            (field_errors(l, errors, "text"))
        }
    }
}

/// A step's form as it was posted, shown again when the step was refused: what was typed
/// stays, and the refusal stands beside that form's fields only.
struct Typed<'a> {
    step: &'a str,
    pairs: &'a [(String, String)],
}

impl Typed<'_> {
    fn value(typed: Option<&Self>, step: &str, key: &str) -> Option<String> {
        typed
            .filter(|t| t.step == step)
            .map(|t| first(t.pairs, key).unwrap_or_default())
    }

    fn chosen(typed: Option<&Self>, step: &str, key: &str) -> Option<Vec<String>> {
        typed
            .filter(|t| t.step == step)
            .map(|t| all_of(t.pairs, key))
    }
}

async fn show_page(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    (errors, typed): (&FieldErrors, Option<&Typed<'_>>),
    done: Option<&str>,
    conflict: Option<&str>,
) -> PageResult<Markup> {
    let l = caller.lang;
    let none = FieldErrors::new();
    // a refused step's errors beside its own form; another form's fields stay clean
    let errors_of = |step: &str| match typed {
        Some(t) if t.step != step => &none,
        _ => errors,
    };
    let typed_or = |step: &str, key: &str, stored: &str| {
        Typed::value(typed, step, key).unwrap_or_else(|| stored.to_string())
    };
    // the step whose form was refused: its section opens again
    let refused = |step: &str| typed.is_some_and(|t| t.step == step) && !errors.is_empty();
    // a step's text: the refused form's field is the one the summary's link leads to (`#text`)
    let text_id = |step: &str| {
        if refused(step) {
            "text".to_string()
        } else {
            format!("{step}_text")
        }
    };
    // the same for a step's deadline: route, assign and extend each have one
    // `latest`: the leader's deadline an assignment may not pass, said beside the box
    let deadline_field = |step: &str,
                          label_key: &str,
                          value: &str,
                          required: bool,
                          latest: Option<&str>| {
        let field_id = if refused(step) {
            "deadline".to_string()
        } else {
            format!("{step}_deadline")
        };
        let step_errors = errors_of(step);
        let hint_id = format!("{field_id}-latest");
        let described = lode_web::pages::error_id(step_errors, "deadline")
            .or_else(|| latest.map(|_| hint_id.clone()));
        // a leader's deadline already past leaves no day to choose: the box keeps the letter's
        // deadline, or is left empty (the letter keeps it either way), or the deadline is
        // extended first
        let today = crate::incoming::today().to_string();
        let passed = latest.filter(|d| *d < today.as_str());
        html! {
            div.field {
                label for=(field_id) { (l.t(label_key)) @if required { (lode_web::pages::required_mark()) } }
                // no day already past, said by the browser as it is chosen (a deadline kept
                // as it stands, past or not, is sent unchanged)
                input id=(field_id) name="deadline" type="date" value=(value) required[required] max=[latest.filter(|_| passed.is_none())]
                    min=[(value.is_empty() || value >= today.as_str()).then_some(today.as_str())]
                    aria-invalid=[described.as_deref().is_some_and(|d| d != hint_id).then_some("true")] aria-describedby=[described.as_deref()];
                @if let Some(day) = passed {
                    p.hint id=(hint_id) { (l.fill("incoming.deadline_passed", &serde_json::json!({"latest_day": day}))) }
                } @else if let Some(day) = latest {
                    p.hint id=(hint_id) { (l.fill("incoming.deadline_latest", &serde_json::json!({"latest_day": day}))) }
                }
                (field_errors(l, step_errors, "deadline"))
            }
        }
    };
    let rec = visible(state, caller, id).await?;
    let view = rec.view(&caller.actor).ok_or(AppError::NotFound)?;
    let scope = rec.scope();
    let can = |step: IncomingStep, action: Action<'_>| {
        next_status(rec.status, step).is_some() && caller.may(action)
    };
    let may_route = can(IncomingStep::Route, Action::RouteDocument(&scope));
    let may_assign = can(IncomingStep::Assign, Action::AssignDocument(&scope));
    let may_complete = can(IncomingStep::Complete, Action::HandleDocument(&scope));
    let may_return = can(IncomingStep::Return, Action::ReturnDocument(&scope));
    // what lode delivered itself is its sender's to correct
    let may_correct = can(IncomingStep::Correct, Action::ReturnDocument(&scope))
        && rec.channel != Channel::Internal;
    let types = if may_correct {
        incoming::types(&state.db).await?
    } else {
        Vec::new()
    };
    // the lead unit's leader, before naming a handler; not the leaders, who route it anew
    let may_hand_back = can(IncomingStep::HandBack, Action::AssignDocument(&scope))
        && !caller.may(Action::RouteDocument(&scope));
    let may_note = can(IncomingStep::Note, Action::ReadDocument(&scope));
    // the body's leaders extend to any day; the lead unit's leader within the leaders' day,
    // while it leaves room (past it, they ask the leaders)
    let may_route_any = caller.may(Action::RouteDocument(&scope));
    let today = incoming::today().to_string();
    let room_left = rec.leaders_deadline.as_deref().is_none_or(|given| {
        given > today.as_str() && rec.deadline.as_deref().is_none_or(|d| d < given)
    });
    let may_extend = next_status(rec.status, IncomingStep::ExtendDeadline).is_some()
        && (may_route_any || (caller.may(Action::AssignDocument(&scope)) && room_left));
    // more time is asked by the handler, or by the lead unit's leader of the body's leaders;
    // the body's leaders grant it themselves
    let may_ask_extension = next_status(rec.status, IncomingStep::AskExtension).is_some()
        && !may_route_any
        && (caller.may(Action::AssignDocument(&scope))
            || rec.handler_id == Some(caller.account.id));
    // a request for more time waiting: answered by whom it was asked of, read by its asker
    let extension_asked = if next_status(rec.status, IncomingStep::DeclineExtension).is_some() {
        incoming::extension_asked(&mut state.db.read().await?, id).await?
    } else {
        None
    };
    let answers_extension = extension_asked
        .as_ref()
        .filter(|a| a.answered_by(&caller.actor, &rec) && caller.may(Action::ReadDocument(&scope)));
    // the day asked, granted here when it falls within what the caller may give; past it, a
    // unit's leader passes the request on to the leaders
    let asked_day = answers_extension
        .and_then(|a| a.proposed.as_deref())
        .unwrap_or_default();
    let grants_asked = answers_extension.is_some()
        && may_extend
        && (may_route_any
            || rec
                .leaders_deadline
                .as_deref()
                .is_none_or(|given| asked_day <= given));
    // the one who asked, and the handler when their unit's leader passed it on, read whom it
    // waits for
    let my_extension_asked = extension_asked.as_ref().filter(|a| {
        answers_extension.is_none()
            && (a.asked_by == Some(caller.account.id) || rec.handler_id == Some(caller.account.id))
    });
    let (timeline, put_in_dossier) = if caller.may(Action::ReadDocument(&scope)) {
        (
            super::with_type_names(state, l, incoming::timeline(&state.db, id).await?).await?,
            super::dossiers::put_in_dossier_form(state, caller, "incoming_id", id).await?,
        )
    } else {
        (Vec::new(), html! {})
    };
    // what the lead unit's leader wrote on naming the handler, the latest: the handler's
    // instruction, read beside the leader's rather than only in the history
    let assignment_note = timeline
        .iter()
        .rev()
        .filter(|e| e.step == "assign" || e.step == "reassign")
        .find_map(|e| {
            let note = e.detail.get("note")?.as_str()?.trim();
            (!note.is_empty()).then(|| (note.to_string(), e.actor_name.clone()))
        });
    // handed back by the unit it was sent to and waiting for a new instruction: who, when and
    // why, where the leader opens it
    let handed_back = timeline
        .last()
        .filter(|e| e.step == "hand_back" && rec.status == IncomingStatus::Registered)
        .map(|e| {
            (
                e.actor_name.clone().unwrap_or_default(),
                e.at.clone(),
                e.detail
                    .get("reason")
                    .and_then(|r| r.as_str())
                    .unwrap_or("")
                    .to_string(),
            )
        });
    // what its handler said was done, on completing it: the letter's outcome, among its facts
    let outcome = timeline
        .iter()
        .rev()
        .find(|e| e.step == "complete")
        .and_then(|e| {
            let text = e.detail.get("text")?.as_str()?.trim();
            (!text.is_empty()).then(|| (text.to_string(), e.actor_name.clone()))
        });
    // the deadline the leader gave, when the lead unit's leader set an earlier one of its own
    // (the document's deadline is then the unit's): both read on the page
    let leader_deadline = rec.leaders_deadline.clone();
    // the documents written in reply, drafts too, those the caller may know of
    let replies: Vec<crate::outgoing::OutgoingView> = crate::outgoing::answers_to(&state.db, id)
        .await?
        .iter()
        .filter(|r| caller.may(Action::SeeOutgoing(&r.scope())))
        .filter_map(|r| r.view(&caller.actor))
        .collect();
    let units_of_body = if may_route {
        body_units(state, &rec).await?
    } else {
        Vec::new()
    };
    let handlers = match (&rec.lead_unit_path, may_assign) {
        (Some(lead), true) => {
            let filter = lode_db::accounts::Filter {
                active: Some(true),
                limit: Some(200),
                ..Default::default()
            };
            // only those who may read it
            let people =
                lode_db::accounts::list(&state.db, &PeopleScope::Subtree(lead.clone()), &filter)
                    .await?;
            lode_db::accounts::in_name_order(people.items)
                .into_iter()
                .filter(|a| a.clearance >= rec.secrecy)
                .collect()
        }
        _ => Vec::new(),
    };
    let title = format!(
        "{} {}/{}",
        l.t("incoming.arrival_short"),
        rec.arrival_number,
        rec.year
    );
    let version = rec.version.to_string();
    // the public-service dossier the letter carries, for those who may read the letter
    let carried = if caller.may(Action::ReadDocument(&scope)) {
        incoming::carried_dossier(&mut state.db.read().await?, id).await?
    } else {
        None
    };
    // after an instruction or an assignment, the next letter waiting for one
    let next_waiting = match done {
        Some("route" | "assign" | "return") => {
            incoming::queue(&state.db, &caller.actor, "to_route", 2)
                .await?
                .items
                .into_iter()
                .find(|d| d.id != id)
        }
        _ => None,
    };
    Ok(layout(
        caller,
        &title,
        Nav::Incoming,
        html! {
            p.crumbs { a href="/incoming" { (l.t("incoming.title")) } }
            h1 { (title) " " span.badge { (l.t(&format!("status.{}", view.status))) } (super::secrecy_badge(l, &view.secrecy)) }
            (super::done_notice(l, "incoming", done))
            // the day goes on: another letter to register, the next one waiting for the caller
            @if done == Some("registered") && caller.may(Action::RegisterDocuments) {
                p.actions #next { a.button.secondary href="/incoming/new" { (l.t("incoming.register_next")) } }
            }
            @if let Some(n) = &next_waiting {
                p.actions #next { (l.t("incoming.next_waiting")) ": " (summary_link(l, n)) }
            }
            // a request waiting for the reader's answer is said at the top, with the way to it
            // (on a phone it lies far below the document)
            @if let Some(asked) = answers_extension.filter(|_| done.is_none()) {
                p.notice.warning #extension-jump {
                    (l.fill("incoming.extension_jump", &serde_json::json!({
                        "who": asked.asked_by_name.as_deref().unwrap_or(l.t("history.system")),
                        "proposed_day": asked.proposed.as_deref().unwrap_or_default(),
                    }))) " "
                    a href="#extension-asked" { (l.t("incoming.extension_jump_link")) }
                }
            }
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            @match &view.details {
                None => { div.alert role="status" { p { (l.t("incoming.no_clearance")) } } }
                Some(d) => {
                    p.subject { (d.subject) (urgency_badge(l, &d.urgency)) @if d.overdue { " " span.badge.overdue { (l.t("queue.overdue")) } } }
                    div.with-preview { div {
                    dl.facts {
                        dt { (l.t("field.notation")) } dd { (d.notation) }
                        dt { (l.t("field.issuer")) } dd { (d.issuer) }
                        dt { (l.t("field.document_type")) } dd { (lode_web::pages::type_name(l, &d.type_code, &d.type_name)) }
                        dt { (l.t("field.document_date")) } dd { (super::local_day(&d.document_date)) }
                        @if let Some(s) = &d.signer { dt { (l.t("field.signer")) } dd { (s) } }
                        @if let Some(serde_json::Value::Array(sigs)) = &d.signatures {
                            dt { (l.t("verify.title")) }
                            dd {
                                @if sigs.is_empty() { (l.t("verify.none")) }
                                @for sig in sigs {
                                    @let ok = sig["valid"] == true && sig["trusted"] != false;
                                    span class=(if ok { "badge ok" } else { "badge bad" }) {
                                        (l.t(if ok { "verify.valid" } else { "verify.invalid" }))
                                    }
                                    " " (sig["signer"].as_str().map(super::common_name).unwrap_or_else(|| "—".into()))
                                    @let problems: Vec<&str> = sig["problems"].as_array().into_iter().flatten().filter_map(|p| p.as_str()).collect();
                                    @if !problems.is_empty() {
                                        // the verifier's words are technical English
                                        details.technical {
                                            summary { (l.t("verify.technical")) }
                                            ul lang="en" { @for p in &problems { li { (p) } } }
                                        }
                                    }
                                    br;
                                }
                            }
                        }
                        dt { (l.t("field.received_on")) } dd { (super::local_day(&view.received_on)) " · " (l.t(&format!("channel.{}", d.channel))) " · " (l.t(&format!("issuer_scope.{}", d.issuer_scope))) }
                        @if let Some(p) = d.page_count { dt { (l.t("field.page_count")) } dd { (p) } }
                        @if let Some(p) = &d.presented_to_name { dt { (l.t("field.presented_to")) } dd { (p) } }
                        // the public-service dossier it carries: its form's values and the
                        // desk's checks are read on the dossier's own page
                        @if let Some(c) = &carried { dt { (l.t("field.carried_dossier")) } dd { a href={ "/mot-cua/" (c.id) } { (c.code) } " " span.hint { (l.t("incoming.carried_dossier_hint")) } } }
                        @if let Some(u) = &d.lead_unit_name { dt { (l.t("field.lead_unit")) } dd { (u) } }
                        @if !d.coordinating_unit_names.is_empty() { dt #phoi-hop { (l.t("field.coordinating_units")) } dd { (d.coordinating_unit_names.join(", ")) } }
                        @if let Some(h) = &d.handler_name { dt { (l.t("field.handler")) } dd { (h) } }
                        @if let Some(dl) = &d.deadline { dt { (l.t("field.deadline")) } dd { (super::local_day(dl)) } }
                        @if let Some(done) = &rec.completed_at {
                            // settled: when, and against its deadline (as the dashboard counts it)
                            @let late_by = d.deadline.as_deref()
                                .and_then(|dl| chrono::NaiveDate::parse_from_str(dl, "%Y-%m-%d").ok())
                                .zip(lode_db::local_day_of(done))
                                .map(|(due, day)| (day - due).num_days());
                            dt { (l.t("field.completed_at")) }
                            dd {
                                (lode_web::pages::local_time(done))
                                @match late_by {
                                    Some(days) if days > 0 => { " " span.badge.overdue { (l.fill("incoming.late_by", &serde_json::json!({ "days": days }))) } }
                                    Some(_) => { " " span.badge.ok { (l.t("dashboard.on_time")) } }
                                    None => {}
                                }
                            }
                        }
                        @if let Some((text, by)) = &outcome {
                            dt { (l.t("field.outcome")) }
                            dd { (text) @if let Some(by) = by { " — " span.hint { (by) } } }
                        }
                        @if let Some(given) = leader_deadline.as_ref().filter(|g| d.deadline.as_ref() != Some(*g)) {
                            dt { (l.t("field.leader_deadline")) } dd { (super::local_day(given)) }
                        }
                        @if let Some(n) = &d.routing_note { dt { (l.t("field.instruction")) } dd { (n) } }
                        @if let Some((note, by)) = &assignment_note {
                            dt { (l.t("field.assignment_note")) }
                            dd { (note) @if let Some(by) = by { " — " span.hint { (by) } } }
                        }
                        @if !replies.is_empty() {
                            dt { (l.t("incoming.replies")) }
                            dd { @for r in &replies {
                                a href={ "/outgoing/" (r.id) } { (r.notation.as_deref().unwrap_or(lode_web::pages::type_name(l, &r.type_code, &r.type_name))) }
                                @if let Some(s) = &r.subject { " — " (s) }
                                // how far it has gone: a draft, in review, sent…
                                " " span.badge { (l.t(&super::outgoing_status_key(r))) }
                                br;
                            } }
                        }
                    }
                    p {
                        // the step waiting for the reader, where the page opens: its form stands
                        // below the document's preview
                        @if may_route && rec.status == IncomingStatus::Registered {
                            a.button href="#step-route" { (l.t("incoming.route")) } " "
                        } @else if may_assign && rec.status == IncomingStatus::Routed {
                            a.button href="#step-assign" { (l.t("incoming.assign")) } " "
                        }
                        @if d.has_file { a.button.secondary href={ "/incoming/" (id) "/file" } { (l.t("incoming.open_file")) } " " }
                        @if may_complete { a.button.secondary href={ "/outgoing/new?reply_to=" (id) } { (l.t("outgoing.reply")) } " " }
                    }
                    @if !d.attachments.is_empty() {
                        h2 { (l.t("field.attachments")) }
                        ul.attachments {
                            @for a in &d.attachments { li { a href={ "/incoming/" (id) "/attachments/" (a.position) } { (a.name) } } }
                        }
                    }
                    }
                    @if d.has_file { (super::pdf_preview(l, &format!("/incoming/{id}/file"))) }
                    }
                }
            }
            // the summary names a step's text by its own label ("Ghi chú", "Lý do", …)
            @let text_labels = typed.map(|t| t.step).filter(|s| TEXT_STEPS.contains(s)).map(|s| format!("incoming_{s}"));
            (lode_web::pages::labelled_form_errors(l, errors, &["lead_unit_id", "coordinating_unit_ids", "deadline", "handler_id", "text", "issuer", "notation", "document_date", "type_code", "subject", "signer", "page_count"], text_labels.as_deref()))
            @if let Some((who, at, reason)) = &handed_back {
                section.notice.warning #handed-back {
                    h2 { (l.t("incoming.handed_back")) }
                    p { (l.fill("incoming.handed_back_said", &serde_json::json!({"who": who, "at": lode_web::pages::local_time(at)}))) }
                    @if !reason.is_empty() { p { (l.t("field.reason")) ": " (reason) } }
                }
            }
            @if let Some(asked) = answers_extension {
                section.notice.warning #extension-asked {
                    h2 { (l.t("incoming.extension_waiting")) }
                    p { (l.fill("incoming.extension_waiting_said", &serde_json::json!({
                        "who": asked.asked_by_name.as_deref().unwrap_or(l.t("history.system")),
                        "proposed_day": asked.proposed.as_deref().unwrap_or_default(),
                        "at": lode_web::pages::local_time(&asked.at),
                    }))) }
                    @if let Some(reason) = &asked.reason { p { (l.t("field.reason")) ": " (reason) } }
                    // granted as asked in one step, the asker's reason kept as the grant's
                    @if grants_asked {
                        form.stack method="post" action={ "/incoming/" (id) "/extend" } {
                            (csrf_field(caller)) input type="hidden" name="version" value=(version);
                            input type="hidden" name="deadline" value=(asked_day);
                            // the grant's own words, the granter's to change (the request's reason
                            // is the asker's, read above)
                            @let granted = l.fill("incoming.extension_granted_text", &serde_json::json!({
                                "who": asked.asked_by_name.as_deref().unwrap_or(l.t("history.system")),
                            }));
                            (step_text(l, &FieldErrors::new(), "grant_text", "field.reason", &granted, true))
                            button type="submit" { (l.fill("incoming.extension_grant", &serde_json::json!({"proposed_day": asked_day}))) }
                        }
                        p.hint { (l.t("incoming.extension_grant_hint")) }
                    }
                    @else if may_ask_extension { p.hint { (l.t("incoming.extension_forward_hint")) } }
                    details open[refused("decline_extension")] {
                        summary { (l.t("incoming.decline_extension")) }
                        form.stack method="post" action={ "/incoming/" (id) "/decline_extension" } {
                            (csrf_field(caller)) input type="hidden" name="version" value=(version);
                            (step_text(l, errors_of("decline_extension"), &text_id("decline_extension"), "field.reason", &typed_or("decline_extension", "text", ""), true))
                            button type="submit" { (l.t("incoming.decline_extension")) }
                        }
                    }
                }
            }
            @if let Some(asked) = my_extension_asked {
                div.notice role="status" #extension-mine { p { (l.fill("incoming.extension_waiting_on", &serde_json::json!({
                    "who": asked.asked_by_name.as_deref().unwrap_or(l.t("history.system")),
                    "proposed_day": asked.proposed.as_deref().unwrap_or_default(),
                    "at": lode_web::pages::local_time(&asked.at),
                    "answerer": asked.asked_of_names.join(", "),
                }))) } }
            }
            @if may_route {
                details #step-route open[rec.status == IncomingStatus::Registered || refused("route")] {
                    summary { (l.t("incoming.route")) }
                    form.stack method="post" action={ "/incoming/" (id) "/route" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        @let lead = typed_or("route", "lead_unit_id", &rec.lead_unit_id.map(|u| u.to_string()).unwrap_or_default());
                        @let coordinating = Typed::chosen(typed, "route", "coordinating_unit_ids")
                            .unwrap_or_else(|| rec.coordinating_units.iter().map(|c| c.0.to_string()).collect());
                        div.field {
                            label for="lead_unit_id" { (l.t("field.lead_unit")) (lode_web::pages::required_mark()) }
                            select id="lead_unit_id" name="lead_unit_id" required {
                                // no unit is chosen for the leader: one forgotten is asked for
                                option value="" selected[lead.is_empty()] { (l.t("incoming.choose_unit")) }
                                @for u in units_of_body.iter().skip(1) { option value=(u.id) selected[lead == u.id.to_string()] { (lode_web::pages::indent(u.depth.saturating_sub(2))) (u.name) } }
                            }
                            (field_errors(l, errors_of("route"), "lead_unit_id"))
                        }
                        // the summary's link to a refusal of the ticks leads to their group
                        fieldset.field #coordinating_unit_ids tabindex="-1" {
                            legend { (l.t("field.coordinating_units")) }
                            @for u in units_of_body.iter().skip(1) {
                                label.check { input type="checkbox" name="coordinating_unit_ids" value=(u.id) checked[coordinating.contains(&u.id.to_string())]; " " (u.name) }
                            }
                            (field_errors(l, errors_of("route"), "coordinating_unit_ids"))
                        }
                        (deadline_field("route", "field.deadline", &typed_or("route", "deadline", rec.deadline.as_deref().unwrap_or("")), false, None))
                        div.field { label for="route_note" { (l.t("field.instruction")) } textarea id="route_note" name="note" rows="2" maxlength=(lode_core::documents::NOTE_MAX) { (typed_or("route", "note", rec.routing_note.as_deref().unwrap_or(""))) } }
                        button type="submit" { (l.t("incoming.route")) }
                    }
                }
            }
            @if may_assign {
                details #step-assign open[rec.status == IncomingStatus::Routed || refused("assign")] {
                    summary { (l.t("incoming.assign")) }
                    form.stack method="post" action={ "/incoming/" (id) "/assign" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        @let handler = typed_or("assign", "handler_id", &rec.handler_id.map(|h| h.to_string()).unwrap_or_default());
                        div.field {
                            label for="handler_id" { (l.t("field.handler")) (lode_web::pages::required_mark()) }
                            // no one chosen beforehand: a press of the button never hands the letter
                            // to whoever the list happens to start with
                            select id="handler_id" name="handler_id" required {
                                option value="" { (l.t("incoming.choose_handler")) }
                                @for p in &handlers { option value=(p.id) selected[handler == p.id.to_string()] { (p.full_name) @if let Some(pos) = &p.position { " · " (pos) } } }
                            }
                            // why some of the unit are not offered
                            @if rec.secrecy != lode_core::documents::Secrecy::None {
                                p.hint { (l.fill("incoming.handlers_cleared", &serde_json::json!({ "secrecy": l.t(&format!("clearance.{}", rec.secrecy.as_str())) }))) }
                            }
                            (field_errors(l, errors_of("assign"), "handler_id"))
                        }
                        // handed anew, the deadline it has now is shown, to keep or change
                        (deadline_field("assign", "field.deadline", &typed_or("assign", "deadline", rec.handler_id.and(rec.deadline.as_deref()).unwrap_or("")), false, rec.leaders_deadline.as_deref().or(rec.deadline.as_deref())))
                        div.field { label for="assign_note" { (l.t("field.note")) } textarea id="assign_note" name="note" rows="2" maxlength=(lode_core::documents::NOTE_MAX) { (typed_or("assign", "note", "")) } }
                        button type="submit" { (l.t("incoming.assign")) }
                    }
                }
            }
            @if may_complete {
                // folded: completing is a decision, not what the page offers first
                details open[refused("complete")] {
                    summary { (l.t("incoming.complete")) }
                    form.stack method="post" action={ "/incoming/" (id) "/complete" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        // a reply still on its way: settling the letter does not send it
                        @if replies.iter().any(|r| !matches!(r.status.as_str(), "sent" | "recalled")) {
                            p.hint { (l.t("incoming.reply_not_sent")) }
                        }
                        (step_text(l, errors_of("complete"), &text_id("complete"), "field.result", &typed_or("complete", "text", ""), true))
                        button type="submit" { (l.t("incoming.complete")) }
                    }
                }
            }
            @if may_note {
                details open[refused("note")] {
                    summary { (l.t("incoming.note")) }
                    form.stack method="post" action={ "/incoming/" (id) "/note" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        (step_text(l, errors_of("note"), &text_id("note"), "field.note", &typed_or("note", "text", ""), true))
                        button type="submit" { (l.t("incoming.note")) }
                    }
                }
            }
            @if may_extend {
                details open[refused("extend")] {
                    summary { (l.t("incoming.extend")) }
                    form.stack method="post" action={ "/incoming/" (id) "/extend" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        (deadline_field("extend", "field.new_deadline", &typed_or("extend", "deadline", ""), true, rec.leaders_deadline.as_deref().filter(|_| !may_route_any)))
                        (step_text(l, errors_of("extend"), &text_id("extend"), "field.reason", &typed_or("extend", "text", ""), true))
                        button type="submit" { (l.t("incoming.extend")) }
                    }
                }
            }
            // a request of one's own still waiting is not asked twice
            @if may_ask_extension && (my_extension_asked.is_none() || refused("ask_extension")) {
                details open[refused("ask_extension") || (answers_extension.is_some() && !grants_asked)] {
                    summary { (l.t("incoming.ask_extension")) }
                    form.stack method="post" action={ "/incoming/" (id) "/ask_extension" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        p.hint { (l.t("incoming.ask_extension_hint")) }
                        (deadline_field("ask_extension", "field.proposed", &typed_or("ask_extension", "deadline", if grants_asked { "" } else { asked_day }), true, None))
                        // passed on, the request carries the handler's reason
                        @let passed_reason = answers_extension.filter(|_| !grants_asked).and_then(|a| a.reason.as_deref()).unwrap_or("");
                        (step_text(l, errors_of("ask_extension"), &text_id("ask_extension"), "field.reason", &typed_or("ask_extension", "text", passed_reason), true))
                        button type="submit" { (l.t("incoming.ask_extension")) }
                    }
                }
            }
            @if may_correct {
                // folded: a correction is the exception; what it changes is kept in the history
                details #step-correct open[refused("correct")] {
                    summary { (l.t("incoming.correct")) }
                    p.hint { (l.t("incoming.correct_hint")) }
                    @let e = errors_of("correct");
                    form.stack method="post" action={ "/incoming/" (id) "/correct" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        (text_field(l, e, "issuer", "field.issuer", &typed_or("correct", "issuer", &rec.issuer), "text", true))
                        (text_field(l, e, "notation", "field.notation", &typed_or("correct", "notation", &rec.notation), "text", true))
                        (text_field(l, e, "document_date", "field.document_date", &typed_or("correct", "document_date", &rec.document_date), "date", true))
                        @let kind = typed_or("correct", "type_code", &rec.type_code);
                        div.field {
                            label for="type_code" { (l.t("field.document_type")) }
                            select id="type_code" name="type_code" {
                                @for t in &types { option value=(t.code) selected[kind == t.code] { (lode_web::pages::type_name(l, &t.code, &t.name)) } }
                            }
                            (field_errors(l, e, "type_code"))
                        }
                        div.field {
                            label for="subject" { (l.t("field.subject")) (lode_web::pages::required_mark()) }
                            textarea id="subject" name="subject" rows="3" required maxlength="500" { (typed_or("correct", "subject", &rec.subject)) }
                            (field_errors(l, e, "subject"))
                        }
                        (text_field(l, e, "signer", "field.signer", &typed_or("correct", "signer", rec.signer.as_deref().unwrap_or("")), "text", false))
                        (text_field(l, e, "page_count", "field.page_count", &typed_or("correct", "page_count", &rec.page_count.map(|n| n.to_string()).unwrap_or_default()), "number", false))
                        @let urgency = typed_or("correct", "urgency", rec.urgency.as_str());
                        div.field {
                            label for="urgency" { (l.t("field.urgency")) }
                            select id="urgency" name="urgency" {
                                @for u in Urgency::ALL { option value=(u.as_str()) selected[urgency == u.as_str()] { (l.t(&format!("urgency.{}", u.as_str()))) } }
                            }
                        }
                        button type="submit" { (l.t("incoming.correct_save")) }
                    }
                }
            }
            @if may_hand_back {
                details open[refused("hand_back")] {
                    summary { (l.t("incoming.hand_back")) }
                    p.hint { (l.t("incoming.hand_back_hint")) }
                    form.stack method="post" action={ "/incoming/" (id) "/hand_back" } {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        (step_text(l, errors_of("hand_back"), &text_id("hand_back"), "field.reason", &typed_or("hand_back", "text", ""), true))
                        button.danger type="submit" { (l.t("incoming.hand_back")) }
                    }
                }
            }
            @if may_return {
                details open[refused("return")] {
                    summary { (l.t("incoming.return")) }
                    // a letter sent back leaves the register's work for good: asked first
                    form.stack method="post" action={ "/incoming/" (id) "/return" } data-confirm=(l.t("incoming.return_confirm")) {
                        (csrf_field(caller)) input type="hidden" name="version" value=(version);
                        (step_text(l, errors_of("return"), &text_id("return"), "field.reason", &typed_or("return", "text", ""), true))
                        button.danger type="submit" { (l.t("incoming.return")) }
                    }
                }
            }
            (put_in_dossier)
            @if !timeline.is_empty() {
                (super::timeline_table(l, &timeline, "step"))
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
        (&FieldErrors::new(), None),
        q.done.as_deref(),
        None,
    )
    .await
}

pub async fn file(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    Ok(crate::web::api::incoming::pdf_response(&state, &caller, id, None).await?)
}

pub async fn attachment(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, position)): Path<(i64, i64)>,
) -> PageResult<Response> {
    Ok(crate::web::api::incoming::pdf_response(&state, &caller, id, Some(position)).await?)
}

/// Answers a step's form: back to the document, with the errors or the conflict when refused.
async fn after_step(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    typed: &Typed<'_>,
    result: Result<IncomingRecord, lode_db::DbError>,
) -> PageResult<Response> {
    let step = typed.step;
    answer_change(
        result.map_err(AppError::from),
        // handed back, the letter is no longer the unit's to see: the unit's queue says so
        |_| match step {
            "hand_back" => "/queues/to_route?done=hand_back".to_string(),
            _ => format!("/incoming/{id}?done={step}"),
        },
        |errors, conflict| async move {
            // after a conflict the form shows the record as it now stands, not what was typed
            // over what someone else changed
            let kept = conflict.is_none().then_some(typed);
            show_page(
                state,
                caller,
                id,
                (&errors, kept),
                None,
                conflict.as_deref(),
            )
            .await
        },
    )
    .await
}

fn number(raw: Option<String>) -> Option<i64> {
    raw.and_then(|s| s.trim().parse().ok())
}

fn step_input(p: &[(String, String)]) -> StepInput {
    StepInput {
        text: first(p, "text"),
        deadline: first(p, "deadline").filter(|d| !d.is_empty()),
        version: number(first(p, "version")),
    }
}

/// A step form: read the fields, take the step, answer.
pub async fn step(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, step)): Path<(i64, String)>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let (db, ctx, actor) = (&state.db, caller.ctx(), &caller.actor);
    let result = match step.as_str() {
        "route" => {
            let input = RouteInput {
                lead_unit_id: number(first(&p, "lead_unit_id")).unwrap_or(-1),
                coordinating_unit_ids: all_of(&p, "coordinating_unit_ids")
                    .into_iter()
                    .filter_map(|c| c.parse().ok())
                    .collect(),
                deadline: first(&p, "deadline").filter(|d| !d.is_empty()),
                note: first(&p, "note"),
                version: number(first(&p, "version")),
            };
            incoming::route(db, &ctx, actor, id, &input).await
        }
        "assign" => match number(first(&p, "handler_id")) {
            None => Err(lode_core::validation::FieldErrors::single(
                "handler_id",
                "required",
                "choose the handler",
            )
            .into()),
            Some(handler_id) => {
                let input = AssignInput {
                    handler_id,
                    deadline: first(&p, "deadline").filter(|d| !d.is_empty()),
                    note: first(&p, "note"),
                    version: number(first(&p, "version")),
                };
                incoming::assign(db, &ctx, actor, id, &input).await
            }
        },
        "complete" => incoming::complete(db, &ctx, actor, id, &step_input(&p)).await,
        "return" => incoming::return_to_sender(db, &ctx, actor, id, &step_input(&p)).await,
        "hand_back" => incoming::hand_back(db, &ctx, actor, id, &step_input(&p)).await,
        "correct" => {
            let input = incoming::Correction {
                issuer: first(&p, "issuer").unwrap_or_default(),
                notation: first(&p, "notation").unwrap_or_default(),
                document_date: first(&p, "document_date").unwrap_or_default(),
                type_code: first(&p, "type_code").unwrap_or_default(),
                subject: first(&p, "subject").unwrap_or_default(),
                signer: first(&p, "signer").filter(|s| !s.trim().is_empty()),
                urgency: first(&p, "urgency"),
                version: number(first(&p, "version")),
                // a count that does not read is refused beside its box, not dropped
                page_count: first(&p, "page_count")
                    .filter(|s| !s.trim().is_empty())
                    .map(|n| n.trim().parse().unwrap_or(-1)),
            };
            incoming::correct(db, &ctx, actor, id, &input).await
        }
        "note" => incoming::note(db, &ctx, actor, id, &step_input(&p)).await,
        "extend" => incoming::extend_deadline(db, &ctx, actor, id, &step_input(&p)).await,
        "ask_extension" => incoming::ask_extension(db, &ctx, actor, id, &step_input(&p)).await,
        "decline_extension" => {
            incoming::decline_extension(db, &ctx, actor, id, &step_input(&p)).await
        }
        _ => return Err(AppError::NotFound.into()),
    };
    let typed = Typed {
        step: &step,
        pairs: &p,
    };
    after_step(&state, &caller, id, &typed, result).await
}
