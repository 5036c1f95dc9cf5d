//! The organisation tree: browse it, and (administrators) create, rename, move, close units.

use super::{
    Nav, PageForm, answer_change, csrf_field, field_errors, form_errors, layout, local_time,
    notice, text_field,
};
use crate::State;
use crate::auth::Caller;
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;

use axum::extract::Path;
use axum::response::Response;
use lode_core::authz::Action;
use lode_core::org::{UnitKind, UnitStatus};
use lode_core::validation::FieldErrors;
use lode_db::units::{self, NewUnit, Unit, UnitChange};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct TreeQuery {
    #[serde(default)]
    closed: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

fn status_badge(l: Lang, s: UnitStatus) -> Markup {
    html! { @if s == UnitStatus::Closed { span.badge.closed { (l.t("unit.closed")) } } }
}

pub async fn tree(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<TreeQuery>,
) -> PageResult<Markup> {
    caller.require(Action::UseInternal)?;
    let l = caller.lang;
    let show_closed = q.closed.is_some();
    let all = units::all(&state.db).await?;
    let ordered = units::tree_order(&all);
    let body = html! {
        h1 { (l.t("org.title")) }
        (notice(l, q.done.as_deref().map(|_| "notice.saved")))
        div.toolbar {
            @if caller.may(Action::ManageUnits) {
                a.button href="/org/new" { (l.t("org.new")) }
            }
            @if show_closed {
                a href="/org" { (l.t("org.hide_closed")) }
            } @else {
                a href="/org?closed=1" { (l.t("org.show_closed")) }
            }
        }
        ul.tree {
            @for u in ordered.iter().filter(|u| show_closed || u.status == UnitStatus::Active) {
                li class={ "depth-" (u.depth) } data-unit-id=(u.id) {
                    a href={ "/org/" (u.id) } { (u.name) }
                    " "
                    span.abbr { (u.abbreviation) }
                    " "
                    code.orgid { (u.org_id) }
                    " " (status_badge(l, u.status))
                }
            }
        }
    };
    Ok(layout(&caller, l.t("org.title"), Nav::Org, body))
}

fn kind_select(l: Lang, selected: &str) -> Markup {
    html! {
        select id="kind" name="kind" {
            @for k in UnitKind::ALL {
                option value=(k.as_str()) selected[k.as_str() == selected] { (l.t(&format!("unit_kind.{}", k.as_str()))) }
            }
        }
    }
}

fn parent_select(
    l: Lang,
    units: &[Unit],
    name: &str,
    selected: Option<i64>,
    exclude_subtree_of: Option<&Unit>,
) -> Markup {
    let ordered = units::tree_order(units);
    html! {
        select id=(name) name=(name) {
            @for u in ordered.iter().filter(|u| u.status == UnitStatus::Active && u.depth < lode_core::org::MAX_DEPTH) {
                @if exclude_subtree_of.is_none_or(|x| !x.path.contains(&u.path)) {
                    option value=(u.id) selected[Some(u.id) == selected] {
                        (super::indent(u.depth - 1)) (u.name) " (" (u.abbreviation) ")"
                    }
                }
            }
        }
        @let _ = l;
    }
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    parent: Option<i64>,
}

fn new_unit_page(caller: &Caller, all: &[Unit], input: &NewUnit, errors: &FieldErrors) -> Markup {
    let l = caller.lang;
    layout(
        caller,
        l.t("org.new"),
        Nav::Org,
        html! {
            h1 { (l.t("org.new")) }
            (form_errors(l, errors, &["parent_id", "org_id", "name", "abbreviation", "kind"]))
            form.stack method="post" action="/org/new" {
                (csrf_field(caller))
                @if !all.is_empty() {
                    div.field {
                        label for="parent_id" { (l.t("field.parent")) }
                        (parent_select(l, all, "parent_id", input.parent_id, None))
                        (field_errors(l, errors, "parent_id"))
                    }
                }
                (text_field(l, errors, "name", "field.unit_name", &input.name, "text", true))
                (text_field(l, errors, "abbreviation", "field.abbreviation", &input.abbreviation, "text", true))
                (text_field(l, errors, "org_id", "field.org_id", &input.org_id, "text", true))
                p.hint { (l.t("hint.org_id")) }
                div.field {
                    label for="kind" { (l.t("field.kind")) }
                    (kind_select(l, &input.kind))
                    (field_errors(l, errors, "kind"))
                }
                button type="submit" { (l.t("action.create")) }
            }
        },
    )
}

pub async fn new_form(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<NewQuery>,
) -> PageResult<Markup> {
    caller.require(Action::ManageUnits)?;
    let all = units::all(&state.db).await?;
    // what is usually founded there: a room (phòng) under the department, a team under a
    // federation
    let under = q
        .parent
        .and_then(|p| all.iter().find(|u| u.id == p))
        .map(|u| u.kind);
    let kind = match under {
        Some(lode_core::org::UnitKind::Federation) => lode_core::org::UnitKind::Team,
        _ => lode_core::org::UnitKind::Office,
    };
    let input = NewUnit {
        parent_id: q.parent,
        kind: kind.as_str().into(),
        ..Default::default()
    };
    Ok(new_unit_page(&caller, &all, &input, &FieldErrors::new()))
}

#[derive(Deserialize)]
pub struct UnitForm {
    parent_id: Option<String>,
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    abbreviation: String,
    #[serde(default)]
    kind: String,
}

/// Reads an optional id typed into a form; a non-number is a field error.
fn form_id(raw: Option<&str>, field: &str, errors: &mut FieldErrors) -> Option<i64> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.add(field, "not_a_number", "must be a number");
                None
            }
        },
    }
}

pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    PageForm(f): PageForm<UnitForm>,
) -> PageResult<Response> {
    caller.require(Action::ManageUnits)?;
    let mut errors = FieldErrors::new();
    let parent_id = form_id(f.parent_id.as_deref(), "parent_id", &mut errors);
    let input = NewUnit {
        parent_id,
        org_id: f.org_id,
        name: f.name,
        abbreviation: f.abbreviation,
        kind: f.kind,
    };
    let result = if errors.is_empty() {
        units::create(&state.db, &caller.ctx(), &input)
            .await
            .map_err(AppError::from)
    } else {
        Err(AppError::Invalid(errors))
    };
    let (state, caller, input) = (&state, &caller, &input);
    answer_change(
        result,
        |u| format!("/org/{}?done=created", u.id),
        |errors, _| async move {
            let all = units::all(&state.db).await?;
            Ok(new_unit_page(caller, &all, input, &errors))
        },
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    done: Option<String>,
}

fn unit_page(
    caller: &Caller,
    unit: &Unit,
    all: &[Unit],
    history: &[units::HistoryEntry],
    errors: &FieldErrors,
    done: Option<&str>,
    conflict: Option<&str>,
) -> Markup {
    let l = caller.lang;
    let parent = unit.parent_id.and_then(|p| all.iter().find(|u| u.id == p));
    let children: Vec<&Unit> = all
        .iter()
        .filter(|u| u.parent_id == Some(unit.id))
        .collect();
    // the units the history names by id, by name
    let unit_names: std::collections::HashMap<i64, String> =
        all.iter().map(|u| (u.id, u.name.clone())).collect();
    layout(
        caller,
        &unit.name,
        Nav::Org,
        html! {
            p.crumbs { a href="/org" { (l.t("org.title")) } @if let Some(p) = parent { " › " a href={ "/org/" (p.id) } { (p.name) } } }
            h1 { (unit.name) " " (status_badge(l, unit.status)) }
            (notice(l, done.map(|d| match d {
                "created" => "org.created",
                "moved" => "org.moved",
                "closed" => "org.closed",
                "reopened" => "org.reopened",
                _ => "notice.saved",
            })))
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            dl.facts {
                dt { (l.t("field.abbreviation")) } dd { (unit.abbreviation) }
                dt { (l.t("field.org_id")) } dd { code { (unit.org_id) } }
                dt { (l.t("field.kind")) } dd { (l.t(&format!("unit_kind.{}", unit.kind.as_str()))) }
                dt { (l.t("field.unit_level")) } dd { (l.fill("org.level_of", &serde_json::json!({"level": unit.depth}))) }
                @if let Some(place) = &unit.place { dt { (l.t("field.place")) } dd { (place) } }
                dt { (l.t("field.created_at")) } dd { (local_time(&unit.created_at)) }
                @if let Some(c) = &unit.closed_at { dt { (l.t("field.closed_at")) } dd { (local_time(c)) } }
            }
            p { a href={ "/people?unit_id=" (unit.id) } { (l.t("org.people_of_unit")) } }
            @if !children.is_empty() {
                h2 { (l.t("org.children")) }
                ul { @for c in &children { li { a href={ "/org/" (c.id) } { (c.name) } " " (status_badge(l, c.status)) } } }
            }
            @if caller.may(Action::ManageUnits) {
                (form_errors(l, errors, &["name", "abbreviation", "org_id", "kind", "parent_id"]))
                details open[!errors.is_empty()] {
                    summary { (l.t("org.edit")) }
                    form.stack method="post" action={ "/org/" (unit.id) "/edit" } {
                        (csrf_field(caller))
                        input type="hidden" name="version" value=(unit.version);
                        (text_field(l, errors, "name", "field.unit_name", &unit.name, "text", true))
                        (text_field(l, errors, "abbreviation", "field.abbreviation", &unit.abbreviation, "text", true))
                        (text_field(l, errors, "org_id", "field.org_id", &unit.org_id, "text", true))
                        div.field { label for="kind" { (l.t("field.kind")) } (kind_select(l, unit.kind.as_str())) }
                        (text_field(l, errors, "place", "field.place", unit.place.as_deref().unwrap_or(""), "text", false))
                        p.hint { (l.t("org.place_hint")) }
                        button type="submit" { (l.t("action.save")) }
                    }
                }
                @if unit.parent_id.is_some() && unit.status == UnitStatus::Active {
                    details {
                        summary { (l.t("org.move")) }
                        form.stack method="post" action={ "/org/" (unit.id) "/move" } {
                            (csrf_field(caller))
                            input type="hidden" name="version" value=(unit.version);
                            div.field {
                                label for="new_parent" { (l.t("field.new_parent")) }
                                (parent_select(l, all, "parent_id", unit.parent_id, Some(unit)))
                            }
                            button type="submit" { (l.t("action.move")) }
                        }
                    }
                    form.stack method="post" action={ "/org/" (unit.id) "/close" } {
                        (csrf_field(caller))
                        input type="hidden" name="version" value=(unit.version);
                        (super::confirm_box(l, "confirm_close", "org.confirm_close", errors))
                        button.danger type="submit" { (l.t("action.close_unit")) }
                    }
                }
                @if unit.status == UnitStatus::Closed {
                    form.inline method="post" action={ "/org/" (unit.id) "/reopen" } {
                        (csrf_field(caller))
                        input type="hidden" name="version" value=(unit.version);
                        button type="submit" { (l.t("action.reopen_unit")) }
                    }
                }
                @if unit.status == UnitStatus::Active && unit.depth < lode_core::org::MAX_DEPTH {
                    p { a href={ "/org/new?parent=" (unit.id) } { (l.t("org.new_child")) } }
                }
            }
            h2 { (l.t("org.history")) }
            table.history {
                thead { tr { th { (l.t("field.when")) } th { (l.t("field.who")) } th { (l.t("field.change")) } } }
                tbody {
                    @for h in history {
                        tr {
                            td data-label=(l.t("field.when")) { (local_time(&h.at)) }
                            td data-label=(l.t("field.who")) { (h.actor_name.as_deref().unwrap_or(l.t("history.system"))) }
                            td data-label=(l.t("field.change")) { (super::describe_change(l, &super::audit::units_named(h.change.clone(), &unit_names))) }
                        }
                    }
                }
            }
        },
    )
}

async fn render_unit(
    state: &crate::AppState,
    caller: &Caller,
    id: i64,
    errors: &FieldErrors,
    done: Option<&str>,
    conflict: Option<&str>,
) -> PageResult<Markup> {
    let unit = units::get(&state.db, id).await?;
    let all = units::all(&state.db).await?;
    let history = units::history(&state.db, id).await?;
    Ok(unit_page(
        caller, &unit, &all, &history, errors, done, conflict,
    ))
}

pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    super::PageQuery(q): super::PageQuery<ShowQuery>,
) -> PageResult<Markup> {
    caller.require(Action::UseInternal)?;
    render_unit(
        &state,
        &caller,
        id,
        &FieldErrors::new(),
        q.done.as_deref(),
        None,
    )
    .await
}

#[derive(Deserialize)]
pub struct EditForm {
    name: Option<String>,
    abbreviation: Option<String>,
    org_id: Option<String>,
    kind: Option<String>,
    place: Option<String>,
    version: Option<i64>,
    parent_id: Option<String>,
    /// The box ticked to confirm dissolving the unit.
    confirm: Option<String>,
}

/// Answers a unit change: back to the unit on success, the page with the errors otherwise.
async fn after_change(
    state: &crate::AppState,
    caller: &Caller,
    id: i64,
    (result, done): (Result<Unit, lode_db::DbError>, &'static str),
) -> PageResult<Response> {
    answer_change(
        result.map_err(AppError::from),
        |_| format!("/org/{id}?done={done}"),
        |errors, conflict| async move {
            render_unit(state, caller, id, &errors, None, conflict.as_deref()).await
        },
    )
    .await
}

pub async fn edit(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    PageForm(f): PageForm<EditForm>,
) -> PageResult<Response> {
    caller.require(Action::ManageUnits)?;
    let change = UnitChange {
        name: f.name,
        abbreviation: f.abbreviation,
        org_id: f.org_id,
        kind: f.kind,
        place: f.place,
        version: f.version,
    };
    let r = units::update(&state.db, &caller.ctx(), id, &change).await;
    after_change(&state, &caller, id, (r, "saved")).await
}

pub async fn move_unit(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    PageForm(f): PageForm<EditForm>,
) -> PageResult<Response> {
    caller.require(Action::ManageUnits)?;
    let mut errors = FieldErrors::new();
    let Some(parent) = form_id(f.parent_id.as_deref(), "parent_id", &mut errors) else {
        if errors.is_empty() {
            errors.add("parent_id", "required", "is required");
        }
        return after_change(
            &state,
            &caller,
            id,
            (Err(lode_db::DbError::Invalid(errors)), "moved"),
        )
        .await;
    };
    let r = units::move_to(&state.db, &caller.ctx(), id, parent, f.version).await;
    after_change(&state, &caller, id, (r, "moved")).await
}

pub async fn close(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    PageForm(f): PageForm<EditForm>,
) -> PageResult<Response> {
    caller.require(Action::ManageUnits)?;
    if f.confirm.is_none() {
        let unconfirmed = lode_db::DbError::Invalid(super::unconfirmed());
        return after_change(&state, &caller, id, (Err(unconfirmed), "closed")).await;
    }
    let r = units::close(&state.db, &caller.ctx(), id, f.version).await;
    after_change(&state, &caller, id, (r, "closed")).await
}

pub async fn reopen(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    PageForm(f): PageForm<EditForm>,
) -> PageResult<Response> {
    caller.require(Action::ManageUnits)?;
    let r = units::reopen(&state.db, &caller.ctx(), id, f.version).await;
    after_change(&state, &caller, id, (r, "reopened")).await
}
