//! The register's pages: the register listed, open to all for the licences in force (staff
//! see every licence, and the register as it stood on any day), a licence with its corner
//! points on its own VN-2000 plane and in WGS84 and its whole history, and for licence
//! officers the forms that grant a licence and record what happened to it.

use crate::geodesy::{PlanePoint, dms, meridian_name, meridians};
use crate::licence::{AreaInput, EventInput, EventKind, Kind, LicenceInput, Status};
use crate::points::number;
use crate::register::{self, Filter, LicenceOrder, WithHistory};
use crate::web::convert::{decimal, hectares, kind_name};
use axum::Router;
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::routing::get;
use lode_core::validation::FieldErrors;
use lode_web::auth::{Caller, MaybeCaller};
use lode_web::error::{AppError, PageResult};
use lode_web::i18n::Lang;
use lode_web::pages::{
    PageQuery, csrf_field, field_errors, first, form_errors, form_pairs, local_day, open_layout,
};
use lode_web::{AppState, State};
use maud::{Markup, html};
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/giay-phep", get(list).post(grant))
        .route("/giay-phep/moi", get(new_form))
        .route("/giay-phep/kiem-tra", get(check_form).post(check))
        .route("/giay-phep/{id}", get(show).post(record))
        .route(
            "/giay-phep/{id}/to-ban-do",
            get(crate::web::sheet::download),
        )
}

use lode_web::pages::reader_lang as lang;

fn status_name(l: Lang, s: Status) -> &'static str {
    l.t(&format!("licence.status.{}", s.as_str()))
}

/// The errors of a polygon's corner points: each wrong line named (`Dòng 2: …`), in the
/// reader's language.
pub fn corner_errors(l: Lang, errors: &FieldErrors, field: &str) -> Markup {
    html! {
        @for e in errors.0.iter().filter(|e| e.field == field) {
            @let line = e
                .message
                .strip_prefix("line ")
                .and_then(|rest| rest.split_once(':'))
                .map(|(n, _)| n.to_string());
            p.field-error role="alert" {
                @match line {
                    Some(n) => (l.fill("coords.line_error", &serde_json::json!({"line": n, "problem": l.field_error(e.code, &e.message)}))),
                    None => (l.field_error(e.code, &e.message)),
                }
            }
        }
    }
}

/// The choice of a licence's plane: the provinces' 3° zones' meridians, 105°45′ unless another
/// was chosen.
fn meridian_choice(l: Lang, errors: &FieldErrors, chosen: &str, required: bool) -> Markup {
    let chosen = number(chosen).unwrap_or(105.75);
    html! {
        div.field {
            label for="meridian" { (l.t("coords.meridian")) @if required { " *" } }
            select id="meridian" name="meridian" {
                @for m in meridians() {
                    option value=(m) selected[m == chosen] { (meridian_name(m)) }
                }
            }
            (field_errors(l, errors, "meridian"))
        }
    }
}

fn group_name(g: u8) -> &'static str {
    match g {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// The page of a long list asked for, beside its filters.
#[derive(Debug, Default, serde::Deserialize)]
struct PageNumber {
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    page: Option<i64>,
}

/// Licences a page of the register shows.
const LINES_SHOWN: i64 = 50;

/// `GET /giay-phep`: the register, filtered, a page at a time.
async fn list(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    PageQuery(f): PageQuery<Filter>,
    PageQuery(asked): PageQuery<PageNumber>,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let actor = caller.as_ref().map(|c| &c.actor);
    let staff = actor.is_some_and(lode_core::authz::Actor::is_staff);
    // an order not understood is the usual one, as a header's link would give it
    let f = Filter {
        sort: f
            .sort
            .filter(|s| lode_db::Sort::<LicenceOrder>::parse(s).is_ok()),
        ..f
    };
    let (lines, errors) = match register::list(&state.db, actor, &f).await {
        Ok(lines) => (lines, FieldErrors::new()),
        Err(lode_db::DbError::Invalid(e)) => (Vec::new(), e),
        Err(e) => return Err(e.into()),
    };
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    // past the last page the register can hold, its last page
    let page = asked
        .page
        .unwrap_or(1)
        .clamp(1, register::LINES_MAX / LINES_SHOWN + 1);
    let from = usize::try_from((page - 1) * LINES_SHOWN).unwrap_or(usize::MAX);
    let shown: Vec<&register::Line> = lines.iter().skip(from).take(LINES_SHOWN as usize).collect();
    let total = lode_db::Total {
        count: lines.len() as i64,
        more: lines.len() as i64 >= register::LINES_MAX,
    };
    let more = from + shown.len() < lines.len();
    let sort = f
        .sort
        .as_deref()
        .and_then(|s| lode_db::Sort::parse(s).ok())
        .unwrap_or(register::BY_NUMBER);
    // the register's address with its filters, in an order, at a numbered page
    let address = |sort: lode_db::Sort<LicenceOrder>, p: i64| {
        lode_web::pages::listing::Address::new()
            .texts(&[
                ("q", &f.q),
                ("province", &f.province),
                ("kind", &f.kind),
                ("status", &f.status),
                ("on", &f.on),
            ])
            .sort(sort, register::BY_NUMBER)
            .page(p)
            .at("/giay-phep")
    };
    let order = lode_web::pages::listing::Ordering {
        current: Some(sort),
        link: &|s| address(s, 1),
    };
    let body = html! {
        div.wide {
        h1 { (l.t("licence.register")) }
        p.actions {
            @if register::keeps_register(actor) {
                a.button href="/giay-phep/moi" { (l.t("licence.new")) }
            }
            // the row's gaps part the links
            a href="/giay-phep/kiem-tra" { (l.t("licence.check")) }
            a href="/ban-do" { (l.t("map.title")) }
            a href="/giay-phep/vung-cam" { (l.t("zone.title")) }
        }
        details.filters open[f.q.is_some() || f.on.is_some() || !errors.is_empty()] {
            summary { (l.t("licence.filters")) }
            form.filters method="get" action="/giay-phep" {
                div.field {
                    label for="q" { (l.t("licence.search")) }
                    input id="q" name="q" value=(value(&f.q));
                }
                div.field {
                    label for="province" { (l.t("licence.province")) }
                    input id="province" name="province" value=(value(&f.province));
                }
                div.field {
                    label for="kind" { (l.t("licence.kind")) }
                    select id="kind" name="kind" {
                        option value="" { "—" }
                        @for k in Kind::ALL {
                            option value=(k.as_str()) selected[f.kind.as_deref() == Some(k.as_str())] { (kind_name(l, *k)) }
                        }
                    }
                }
                @if staff {
                    div.field {
                        label for="status" { (l.t("licence.status")) }
                        select id="status" name="status" {
                            option value="" { "—" }
                            @for s in Status::ALL {
                                option value=(s.as_str()) selected[f.status.as_deref() == Some(s.as_str())] { (status_name(l, *s)) }
                            }
                        }
                    }
                    div.field {
                        label for="on" { (l.t("licence.on_day")) }
                        input id="on" name="on" type="date" value=(value(&f.on));
                        (field_errors(l, &errors, "on"))
                    }
                }
                (lode_web::pages::listing::sort_choice(l, "licences", sort))
                button type="submit" { (l.t("filter.apply")) }
            }
        }
        @if let Some(day) = f.on.as_deref().filter(|d| errors.is_empty() && !d.trim().is_empty()) {
            h2 { (l.fill("licence.register_on", &serde_json::json!({"day": local_day(day.trim())}))) }
        }
        p.hint {
            @if staff { (l.fill("licence.count", &serde_json::json!({"count": lines.len()}))) }
            @else { (l.fill("licence.count_in_force", &serde_json::json!({"count": lines.len()}))) }
        }
        @if lines.is_empty() { p.empty { (l.t("licence.none_found")) } }
        @if !lines.is_empty() {
            table.list {
                thead { tr {
                    (order.header(l, l.t("licence.number"), LicenceOrder::Number)) th { (l.t("licence.kind")) }
                    (order.header(l, l.t("licence.holder"), LicenceOrder::Holder))
                    th { (l.t("licence.minerals")) } (order.header(l, l.t("licence.province"), LicenceOrder::Province))
                    (order.header(l, l.t("licence.area_ha"), LicenceOrder::Area)) (order.header(l, l.t("licence.valid_until"), LicenceOrder::ValidUntil))
                    // the public register holds only licences in force: no column says so on each
                    @if staff { th { (l.t("licence.status")) } }
                } }
                tbody {
                    @for x in &shown {
                        tr {
                            td.nowrap data-label=(l.t("licence.number")) { a href={ "/giay-phep/" (x.id) } { (x.number) } }
                            td data-label=(l.t("licence.kind")) { (kind_name(l, x.kind)) }
                            td data-label=(l.t("licence.holder")) { (x.holder) }
                            td data-label=(l.t("licence.minerals")) { (x.minerals.join(", ")) }
                            td data-label=(l.t("licence.province")) { (x.province) }
                            td.num data-label=(l.t("licence.area_ha")) { (hectares(l, x.area_ha)) }
                            td data-label=(l.t("licence.valid_until")) { (local_day(&x.valid_until.to_string())) }
                            @if staff { td data-label=(l.t("licence.status")) { span.badge { (status_name(l, x.status)) } } }
                        }
                    }
                }
            }
            (lode_web::pages::listing::pager(l, page, LINES_SHOWN, Some(total), more, |p| address(sort, p)))
        }
        }
    };
    Ok(open_layout(
        l,
        caller.as_ref(),
        l.t("licence.register"),
        body,
    ))
}

/// What a licence's page is opened with: `moi` right after the licence was entered.
#[derive(Debug, Default, serde::Deserialize)]
struct ShowQuery {
    moi: Option<String>,
}

/// `GET /giay-phep/{id}`: a licence, its corner points and its history.
async fn show(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<ShowQuery>,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let w = register::get(&state.db, caller.as_ref().map(|c| &c.actor), id).await?;
    let body = licence_page(
        l,
        caller.as_ref(),
        &w,
        &EventForm::default(),
        &FieldErrors::new(),
        q.moi.is_some().then_some("licence.entered"),
    );
    Ok(open_layout(l, caller.as_ref(), &w.licence.number, body))
}

/// What the event form holds.
#[derive(Debug, Clone, Default)]
struct EventForm {
    kind: String,
    effective_on: String,
    decision_number: String,
    note: String,
    valid_until: String,
    holder: String,
    rings: String,
    legal_area_ha: String,
}

/// What the licence's holder owes in the year ahead (and what fell due in the last month).
fn obligations_view(l: Lang, kind: Kind, s: &crate::licence::State) -> Markup {
    let today = register::today();
    let due = crate::obligations::due_between(
        kind,
        s,
        today - chrono::Duration::days(30),
        today + chrono::Duration::days(365),
    );
    html! {
        h2 { (l.t("obligation.title")) }
        @if due.is_empty() {
            p.empty { (l.t("obligation.none")) }
        } @else {
            table.list {
                thead { tr { th { (l.t("obligation.duty")) } th { (l.t("obligation.due")) } } }
                tbody {
                    @for o in &due {
                        tr {
                            td data-label=(l.t("obligation.duty")) {
                                (l.fill(&format!("obligation.{}", o.duty.as_str()), &serde_json::json!({"year": o.year.map(|y| y.to_string()).unwrap_or_default()})))
                            }
                            td data-label=(l.t("obligation.due")) {
                                (local_day(&o.due.to_string()))
                                @if o.due < today { " " span.badge.overdue { (l.t("obligation.past")) } }
                            }
                        }
                    }
                }
            }
            p.hint { (l.t("obligation.hint")) }
        }
    }
}

fn licence_page(
    l: Lang,
    caller: Option<&Caller>,
    w: &WithHistory,
    form: &EventForm,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> Markup {
    let lic = &w.licence;
    let s = &lic.state;
    let meridian = s.projection.meridian;
    html! {
        div.wide {
        p.crumbs { a href="/giay-phep" { (l.t("licence.register")) } }
        h1 { (kind_name(l, lic.kind)) " " (lic.number) }
        @if let Some(key) = notice { p.notice role="status" { (l.t(key)) } }
        dl.facts {
            dt { (l.t("licence.status")) } dd { span.badge { (status_name(l, lic.status)) } }
            dt { (l.t("licence.holder")) } dd { (s.holder) @if let Some(t) = &s.holder_tax_code { " (" (l.t("licence.tax_code")) " " (t) ")" } }
            dt { (l.t("licence.minerals")) } dd { (s.minerals.join(", ")) " · " (l.t("licence.group")) " " (group_name(s.mineral_group)) }
            dt { (l.t("licence.province")) } dd { (s.province) @if let Some(c) = &s.commune { ", " (c) } }
            dt { (l.t("licence.validity")) } dd { (local_day(&s.valid_from.to_string())) " – " (local_day(&s.valid_until.to_string())) }
            dt { (l.t("licence.area")) } dd {
                (l.fill("licence.area_both", &serde_json::json!({"computed": hectares(l, s.area_ha), "legal": hectares(l, s.legal_area_ha), "difference": decimal(l, s.area_difference_ha(), 4)})))
            }
            @if s.depth_from_m.is_some() || s.depth_to_m.is_some() {
                dt { (l.t("licence.depth")) }
                dd { (l.fill("licence.depth_range", &serde_json::json!({
                    "from": s.depth_from_m.map(|d| format!("{d:+.0} m").replace('-', "−")).unwrap_or_default(),
                    "to": s.depth_to_m.map(|d| format!("{d:+.0} m").replace('-', "−")).unwrap_or_default(),
                }))) }
            }
            @if let Some(c) = &s.capacity { dt { (l.t("licence.capacity")) } dd { (c) } }
            @if let Some(r) = &s.reserves { dt { (l.t("licence.reserves")) } dd { (r) } }
        }
        @if caller.is_some_and(|c| c.actor.is_staff()) {
            (obligations_view(l, lic.kind, s))
        }
        p.actions {
            a href={ "/giay-phep/" (lic.id) "/to-ban-do" } { (l.t("sheet.download")) }
            // the map opens at this licence
            a href={ "/ban-do#giay-phep-" (lic.id) } { (l.t("map.title")) }
        }
        h2 { (l.fill("licence.corners", &serde_json::json!({"meridian": meridian_name(meridian), "zone": s.projection.zone.degrees()}))) }
        @for (i, ring) in s.rings.iter().enumerate() {
            @if s.rings.len() > 1 { h3 { (l.fill("licence.polygon", &serde_json::json!({"n": i + 1}))) } }
            table.list {
                thead { tr {
                    th { (l.t("coords.point")) } th.num { (l.t("coords.x")) } th.num { (l.t("coords.y")) }
                    th.num { (l.t("coords.lat")) } th.num { (l.t("coords.lon")) }
                } }
                tbody {
                    @for c in ring {
                        @let g = s.projection.to_wgs84(PlanePoint { x: c.x, y: c.y });
                        tr {
                            td data-label=(l.t("coords.point")) { (c.name) }
                            td.num data-label=(l.t("coords.x")) { (format!("{:.3}", c.x).replace('.', if l == Lang::Vi { "," } else { "." })) }
                            td.num data-label=(l.t("coords.y")) { (format!("{:.3}", c.y).replace('.', if l == Lang::Vi { "," } else { "." })) }
                            td.num data-label=(l.t("coords.lat")) { (dms(g.lat)) }
                            td.num data-label=(l.t("coords.lon")) { (dms(g.lon)) }
                        }
                    }
                }
            }
        }
        h2 { (l.t("licence.history")) }
        table.list {
            thead { tr { th { (l.t("licence.event_day")) } th { (l.t("licence.event")) } th { (l.t("licence.decision")) } th { (l.t("licence.after")) } } }
            tbody {
                @for e in &w.history {
                    tr {
                        td data-label=(l.t("licence.event_day")) { (local_day(&e.effective_on.to_string())) }
                        td data-label=(l.t("licence.event")) { (l.t(&format!("licence.event.{}", e.kind.as_str()))) @if let Some(n) = &e.note { br; small { (n) } } }
                        td data-label=(l.t("licence.decision")) {
                            @match (e.decision_document, caller.is_some_and(|c| c.actor.is_staff())) {
                                (Some(d), true) => a href={ "/outgoing/" (d) } title=(l.t("licence.decision_issued")) { (e.decision_number) },
                                _ => (e.decision_number),
                            }
                        }
                        td data-label=(l.t("licence.after")) {
                            (e.after.holder) " · " (hectares(l, e.after.area_ha)) " ha · "
                            (l.t("licence.valid_until")) " " (local_day(&e.after.valid_until.to_string())) " · " (status_name(l, e.after.status))
                        }
                    }
                }
            }
        }
        @if let Some(c) = caller.filter(|c| register::keeps_register(Some(&c.actor))) {
            details open[!errors.is_empty()] {
                summary { (l.t("licence.record_event")) }
                form.stack method="post" action={ "/giay-phep/" (lic.id) } {
                    (csrf_field(c))
                    (form_errors(l, errors, &["kind", "effective_on", "decision_number", "valid_until", "holder", "rings", "rings[0]", "legal_area_ha", "note"]))
                    div.field {
                        label for="kind" { (l.t("licence.event")) }
                        select id="kind" name="kind" {
                            @for k in EventKind::ALL.iter().filter(|k| **k != EventKind::Grant) {
                                option value=(k.as_str()) selected[form.kind == k.as_str()] { (l.t(&format!("licence.event.{}", k.as_str()))) }
                            }
                        }
                        (field_errors(l, errors, "kind"))
                    }
                    div.field {
                        label for="effective_on" { (l.t("licence.event_day")) }
                        input id="effective_on" name="effective_on" type="date" required value=(form.effective_on);
                        (field_errors(l, errors, "effective_on"))
                    }
                    div.field {
                        label for="decision_number" { (l.t("licence.decision")) }
                        input id="decision_number" name="decision_number" required value=(form.decision_number);
                        (field_errors(l, errors, "decision_number"))
                    }
                    div.field {
                        label for="valid_until" { (l.t("licence.new_valid_until")) }
                        input id="valid_until" name="valid_until" type="date" value=(form.valid_until);
                        (field_errors(l, errors, "valid_until"))
                    }
                    div.field {
                        label for="holder" { (l.t("licence.new_holder")) }
                        input id="holder" name="holder" value=(form.holder);
                        (field_errors(l, errors, "holder"))
                    }
                    div.field {
                        label for="rings" { (l.t("licence.new_area")) }
                        textarea id="rings" name="rings" rows="5" { (form.rings) }
                        p.hint { (l.t("licence.corners_hint")) }
                        (field_errors(l, errors, "rings"))
                        (corner_errors(l, errors, "rings[0]"))
                    }
                    div.field {
                        label for="legal_area_ha" { (l.t("licence.legal_area")) }
                        input id="legal_area_ha" name="legal_area_ha" inputmode="decimal" value=(form.legal_area_ha);
                        (field_errors(l, errors, "legal_area_ha"))
                    }
                    div.field {
                        label for="note" { (l.t("licence.note")) }
                        textarea id="note" name="note" rows="2" { (form.note) }
                    }
                    button type="submit" { (l.t("licence.record")) }
                }
            }
        }
        }
    }
}

/// `POST /giay-phep/{id}`: an event recorded, or the page again with the errors beside their
/// fields.
async fn record(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> PageResult<Markup> {
    let l = caller.lang;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let pairs = form_pairs(&body);
    let get = |k: &str| first(&pairs, k).unwrap_or_default();
    let form = EventForm {
        kind: get("kind"),
        effective_on: get("effective_on"),
        decision_number: get("decision_number"),
        note: get("note"),
        valid_until: get("valid_until"),
        holder: get("holder"),
        rings: get("rings"),
        legal_area_ha: get("legal_area_ha"),
    };
    let before = register::get(&state.db, Some(&caller.actor), id).await?;
    let some = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
    let input = EventInput {
        kind: form.kind.clone(),
        effective_on: form.effective_on.clone(),
        decision_number: form.decision_number.clone(),
        note: some(&form.note),
        valid_until: some(&form.valid_until),
        holder: some(&form.holder),
        holder_tax_code: None,
        area: some(&form.rings).map(|r| AreaInput {
            meridian: before.licence.state.projection.meridian,
            zone: Some(before.licence.state.projection.zone.degrees().to_string()),
            rings: vec![r],
            legal_area_ha: number(&form.legal_area_ha).unwrap_or(0.0),
        }),
        capacity: None,
        reserves: None,
    };
    match register::record(&state.db, &caller.ctx(), &caller.actor, id, &input).await {
        Ok(w) => Ok(open_layout(
            l,
            Some(&caller),
            &w.licence.number,
            licence_page(
                l,
                Some(&caller),
                &w,
                &EventForm::default(),
                &FieldErrors::new(),
                Some("licence.recorded"),
            ),
        )),
        Err(lode_db::DbError::Invalid(errors)) => Ok(open_layout(
            l,
            Some(&caller),
            &before.licence.number,
            licence_page(l, Some(&caller), &before, &form, &errors, None),
        )),
        Err(e) => Err(e.into()),
    }
}

/// What the grant form holds.
#[derive(Debug, Clone, Default)]
struct GrantForm {
    pairs: Vec<(String, String)>,
}

impl GrantForm {
    fn get(&self, k: &str) -> String {
        first(&self.pairs, k).unwrap_or_default()
    }
}

fn grant_page(l: Lang, c: &Caller, form: &GrantForm, errors: &FieldErrors) -> Markup {
    let field = |name: &str, label: &str, kind: &str, required: bool| {
        html! {
            div.field {
                label for=(name) { (l.t(label)) @if required { " *" } }
                input id=(name) name=(name) type=(kind) required[required] value=(form.get(name))
                    aria-invalid=[errors.0.iter().any(|e| e.field == name).then_some("true")] aria-describedby=[lode_web::pages::error_id(errors, name)];
                (field_errors(l, errors, name))
            }
        }
    };
    let kind = form.get("kind");
    let group = form.get("mineral_group");
    let meridian = form.get("meridian");
    html! {
        p.crumbs { a href="/giay-phep" { (l.t("licence.register")) } }
        h1 { (l.t("licence.new")) }
        form.stack method="post" action="/giay-phep" {
            (csrf_field(c))
            (form_errors(l, errors, &["number", "kind", "holder", "holder_tax_code", "minerals", "mineral_group", "province", "commune", "meridian", "zone", "rings", "rings[0]", "legal_area_ha", "depth_from_m", "depth_to_m", "capacity", "reserves", "granted_on", "valid_until"]))
            (field("number", "licence.number", "text", true))
            div.field {
                label for="kind" { (l.t("licence.kind")) " *" }
                select id="kind" name="kind" {
                    @for k in Kind::ALL { option value=(k.as_str()) selected[kind == k.as_str()] { (kind_name(l, *k)) } }
                }
                (field_errors(l, errors, "kind"))
            }
            (field("holder", "licence.holder", "text", true))
            (field("holder_tax_code", "licence.tax_code", "text", false))
            (field("minerals", "licence.minerals", "text", true))
            div.field {
                label for="mineral_group" { (l.t("licence.group")) " *" }
                select id="mineral_group" name="mineral_group" {
                    @for g in 1u8..=4 { option value=(g) selected[group == g.to_string()] { (group_name(g)) } }
                }
                (field_errors(l, errors, "mineral_group"))
            }
            (field("province", "licence.province", "text", true))
            (field("commune", "licence.commune", "text", false))
            (meridian_choice(l, errors, &meridian, true))
            div.field {
                label for="rings" { (l.t("licence.corners_field")) " *" }
                textarea id="rings" name="rings" rows="8" required { (form.get("rings")) }
                p.hint { (l.t("licence.corners_hint")) }
                (field_errors(l, errors, "rings"))
                (corner_errors(l, errors, "rings[0]"))
            }
            (field("legal_area_ha", "licence.legal_area", "text", true))
            (field("depth_from_m", "licence.depth_from", "text", false))
            (field("depth_to_m", "licence.depth_to", "text", false))
            (field("capacity", "licence.capacity", "text", false))
            (field("reserves", "licence.reserves", "text", false))
            (field("granted_on", "licence.granted_on", "date", true))
            (field("valid_until", "licence.valid_until", "date", true))
            button type="submit" { (l.t("licence.grant")) }
        }
    }
}

fn officer(caller: &Caller) -> Result<(), AppError> {
    if register::keeps_register(Some(&caller.actor)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /giay-phep/moi`: the grant form, licence officers only.
async fn new_form(caller: Caller) -> PageResult<Markup> {
    officer(&caller)?;
    let l = caller.lang;
    let body = grant_page(l, &caller, &GrantForm::default(), &FieldErrors::new());
    Ok(open_layout(l, Some(&caller), l.t("licence.new"), body))
}

/// `POST /giay-phep`: a licence granted (then its page), or the form again with the errors.
async fn grant(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<axum::response::Response> {
    use axum::response::IntoResponse;
    officer(&caller)?;
    let l = caller.lang;
    let form = GrantForm {
        pairs: form_pairs(&body),
    };
    let opt = |k: &str| Some(form.get(k)).filter(|v| !v.trim().is_empty());
    let mut errors = FieldErrors::new();
    let number_or = |k: &str, errors: &mut FieldErrors| -> Option<f64> {
        let raw = form.get(k);
        if raw.trim().is_empty() {
            return None;
        }
        let v = number(&raw);
        if v.is_none() {
            errors.add(k, "not_a_number", "a number");
        }
        v
    };
    let input = LicenceInput {
        number: form.get("number"),
        kind: form.get("kind"),
        holder: form.get("holder"),
        holder_tax_code: opt("holder_tax_code"),
        minerals: form.get("minerals"),
        mineral_group: form.get("mineral_group").trim().parse().unwrap_or(0),
        province: form.get("province"),
        commune: opt("commune"),
        area: AreaInput {
            meridian: number(&form.get("meridian")).unwrap_or(0.0),
            zone: Some("3".into()),
            rings: vec![form.get("rings")],
            legal_area_ha: number_or("legal_area_ha", &mut errors).unwrap_or(0.0),
        },
        depth_from_m: number_or("depth_from_m", &mut errors),
        depth_to_m: number_or("depth_to_m", &mut errors),
        reserves: opt("reserves"),
        capacity: opt("capacity"),
        granted_on: form.get("granted_on"),
        valid_until: form.get("valid_until"),
    };
    // every field's errors at once: the numbers' as typed, then the licence's own checks
    // (but for the fields whose number could not be read)
    let outcome = if errors.is_empty() {
        register::grant(&state.db, &caller.ctx(), &caller.actor, &input).await
    } else {
        if let Err(more) = input.parse() {
            let unread: Vec<String> = errors.0.iter().map(|e| e.field.clone()).collect();
            errors
                .0
                .extend(more.0.into_iter().filter(|e| !unread.contains(&e.field)));
        }
        Err(lode_db::DbError::Invalid(errors))
    };
    match outcome {
        Ok(lic) => Ok(
            axum::response::Redirect::to(&format!("/giay-phep/{}?moi=1", lic.id)).into_response(),
        ),
        Err(lode_db::DbError::Invalid(errors)) => Ok(open_layout(
            l,
            Some(&caller),
            l.t("licence.new"),
            grant_page(l, &caller, &form, &errors),
        )
        .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// The area check's page: the form (what was typed kept), and the licences the area overlaps.
fn check_page(
    l: Lang,
    caller: Option<&Caller>,
    pairs: &[(String, String)],
    errors: &FieldErrors,
    result: Option<(f64, crate::checks::Findings)>,
    where_: Option<crate::geodesy::LonLat>,
) -> Markup {
    let get = |k: &str| first(pairs, k).unwrap_or_default();
    let meridian = get("meridian");
    let staff = caller.is_some_and(|c| c.actor.is_staff());
    html! {
        p.crumbs { a href="/giay-phep" { (l.t("licence.register")) } }
        h1 { (l.t("licence.check")) }
        p.lead { (l.t("licence.check_lead")) }
        form.stack method="post" action="/giay-phep/kiem-tra" {
            @if let Some(c) = caller { (csrf_field(c)) }
            (form_errors(l, errors, &["meridian", "rings", "rings[0]"]))
            (meridian_choice(l, errors, &meridian, false))
            div.field {
                label for="rings" { (l.t("licence.corners_field")) }
                textarea id="rings" name="rings" rows="8" required { (get("rings")) }
                p.hint { (l.t("licence.corners_hint")) }
                (field_errors(l, errors, "rings"))
                (corner_errors(l, errors, "rings[0]"))
            }
            button type="submit" { (l.t("licence.check_it")) }
        }
        @if let Some((area, found)) = result {
            section {
                @let m = number(&meridian).unwrap_or(0.0);
                p.hint { (l.fill("licence.checked_on", &serde_json::json!({
                    "meridian": meridian_name(m),
                    "lat": where_.map(|g| dms(g.lat)).unwrap_or_default(),
                    "lon": where_.map(|g| dms(g.lon)).unwrap_or_default(),
                }))) }
                (crate::web::findings::view(l, area, &found, staff))
            }
        }
    }
}

/// `GET /giay-phep/kiem-tra`: an area to check against the licences in force, open to all.
async fn check_form(headers: HeaderMap, MaybeCaller(caller): MaybeCaller) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let body = check_page(l, caller.as_ref(), &[], &FieldErrors::new(), None, None);
    Ok(open_layout(l, caller.as_ref(), l.t("licence.check"), body))
}

/// `POST /giay-phep/kiem-tra`: the licences the area overlaps, or the errors beside the fields.
async fn check(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    body: axum::body::Bytes,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let pairs = form_pairs(&body);
    let input = AreaInput {
        meridian: number(&first(&pairs, "meridian").unwrap_or_default()).unwrap_or(0.0),
        zone: None,
        rings: vec![first(&pairs, "rings").unwrap_or_default()],
        legal_area_ha: 1.0,
    };
    let (errors, result, where_) = match input.parse() {
        Ok(area) => {
            // where its first corner lies, for the reader to see the plane was the right one
            let first_corner = area
                .corners
                .first()
                .and_then(|r| r.first())
                .map(|c| area.projection.to_wgs84(PlanePoint { x: c.x, y: c.y }));
            (
                FieldErrors::new(),
                Some((
                    area.area_ha,
                    crate::checks::check(&state.db, &area, crate::checks::Against::AllPending)
                        .await?,
                )),
                first_corner,
            )
        }
        Err(e) => (e, None, None),
    };
    let body = check_page(l, caller.as_ref(), &pairs, &errors, result, where_);
    Ok(open_layout(l, caller.as_ref(), l.t("licence.check"), body))
}
