//! People: the directory (scoped to what the caller may see), a person's record, and for
//! administrators the forms that create and change accounts.

use super::{
    Nav, PageForm, answer_change, csrf_field, field_errors, form_errors, layout, local_time,
    notice, text_field,
};
use super::{all_of, first, form_pairs};
use crate::State;
use crate::auth::Caller;
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use axum::extract::{Multipart, Path};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lode_core::authz::{Action, people_scope};
use lode_core::people::{Clearance, Role};
use lode_core::validation::FieldErrors;
use lode_db::accounts::{self, Account, NewExternal, NewStaff, PersonChange};
use lode_db::units::{self, Unit};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    unit_id: Option<String>,
    role: Option<String>,
    kind: Option<String>,
    after: Option<String>,
    done: Option<String>,
}

fn roles_text(l: Lang, roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| l.t(&format!("role.{}", r.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The active units to choose from, each under the one above it (indented by how deep), a
/// dissolved one never offered.
pub fn unit_options(all: &[Unit], selected: Option<i64>, with_blank: bool) -> Markup {
    let ordered = units::tree_order(all);
    html! {
        @if with_blank { option value="" { "—" } }
        @for u in ordered.iter().filter(|u| u.status == lode_core::org::UnitStatus::Active) {
            option value=(u.id) selected[Some(u.id) == selected] { (super::indent(u.depth - 1)) (u.name) }
        }
    }
}

fn parse_opt_i64(s: Option<&str>) -> Option<i64> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse().ok())
}

pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<ListQuery>,
) -> PageResult<Markup> {
    caller.require(Action::UseInternal)?;
    let l = caller.lang;
    let kind = q
        .kind
        .clone()
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| "staff".into());
    if kind != "staff" {
        // Business and citizen accounts are for administrators only.
        caller.require(Action::ManagePeople)?;
    }
    let filter = accounts::Filter {
        kind: Some(kind.clone()),
        unit_id: parse_opt_i64(q.unit_id.as_deref()),
        role: q.role.clone().filter(|r| !r.is_empty()),
        q: q.q.clone(),
        active: None,
        after: parse_opt_i64(q.after.as_deref()),
        limit: Some(50),
    };
    let page = accounts::list(&state.db, &people_scope(&caller.actor), &filter).await?;
    let all_units = units::all(&state.db).await?;
    let next_link = page.next.map(|n| {
        let mut u = url::form_urlencoded::Serializer::new(String::new());
        u.append_pair("kind", &kind);
        if let Some(v) = &q.q {
            u.append_pair("q", v);
        }
        if let Some(v) = &q.unit_id {
            u.append_pair("unit_id", v);
        }
        if let Some(v) = &q.role {
            u.append_pair("role", v);
        }
        u.append_pair("after", &n.to_string());
        format!("/people?{}", u.finish())
    });
    let admin = caller.may(Action::ManagePeople);
    let body = html! {
        h1 { (l.t("people.title")) }
        (notice(l, q.done.as_deref().map(|_| "notice.saved")))
        @if admin {
            div.toolbar {
                a.button href="/people/new" { (l.t("people.new")) }
                a.button.secondary href="/people/new-external" { (l.t("people.new_external")) }
            }
            nav.tabs {
                @for k in ["staff", "business", "citizen"] {
                    a href={ "/people?kind=" (k) } aria-current=[(k == kind).then_some("page")] { (l.t(&format!("kind.{k}"))) }
                }
            }
        }
        form.filters method="get" action="/people" role="search" {
            input type="hidden" name="kind" value=(kind);
            div.field { label for="q" { (l.t("filter.search")) } input id="q" name="q" type="search" value=(q.q.as_deref().unwrap_or("")); }
            @if kind == "staff" {
                div.field { label for="unit_id" { (l.t("field.unit")) } select id="unit_id" name="unit_id" { (unit_options(&all_units, filter.unit_id, true)) } }
                div.field {
                    label for="role" { (l.t("field.role")) }
                    select id="role" name="role" {
                        option value="" { "—" }
                        @for r in Role::ALL { option value=(r.as_str()) selected[filter.role.as_deref() == Some(r.as_str())] { (l.t(&format!("role.{}", r.as_str()))) } }
                    }
                }
            }
            button type="submit" { (l.t("filter.apply")) }
        }
        table.list {
            thead { tr {
                th { (l.t("field.full_name")) } th { (l.t("field.username")) }
                @if kind == "staff" { th { (l.t("field.position")) } th { (l.t("field.unit")) } th { (l.t("field.roles")) } }
                @else { th { (l.t("field.organisation_name")) } th { (l.t("field.email")) } }
                th { (l.t("field.status")) }
            } }
            tbody {
                @for a in &page.items {
                    tr {
                        td data-label=(l.t("field.full_name")) { a href={ "/people/" (a.id) } { (a.full_name) } }
                        td data-label=(l.t("field.username")) { code { (a.username) } }
                        @if kind == "staff" {
                            td data-label=(l.t("field.position")) { (a.position.as_deref().unwrap_or("")) }
                            td data-label=(l.t("field.unit")) { (a.unit_name.as_deref().unwrap_or("")) }
                            td data-label=(l.t("field.roles")) { (roles_text(l, &a.roles)) }
                        } @else {
                            td data-label=(l.t("field.organisation_name")) { (a.organisation_name.as_deref().unwrap_or("")) }
                            td data-label=(l.t("field.email")) { (a.email.as_deref().unwrap_or("")) }
                        }
                        td data-label=(l.t("field.status")) { @if a.active { (l.t("status.active")) } @else { span.badge.closed { (l.t("status.inactive")) } } }
                    }
                }
            }
        }
        @if page.items.is_empty() { p.empty { (l.t("list.empty")) } }
        @if let Some(n) = next_link { p { a href=(n) rel="next" { (l.t("list.next")) } } }
    };
    Ok(layout(&caller, l.t("people.title"), Nav::People, body))
}

fn role_checkboxes(l: Lang, selected: &[String]) -> Markup {
    html! {
        fieldset.field {
            legend { (l.t("field.roles")) }
            @for r in Role::ALL {
                label.check {
                    input type="checkbox" name="roles" value=(r.as_str()) checked[selected.iter().any(|s| s == r.as_str())];
                    " " (l.t(&format!("role.{}", r.as_str())))
                }
            }
        }
    }
}

fn clearance_select(l: Lang, selected: &str) -> Markup {
    html! {
        div.field {
            label for="clearance" { (l.t("field.clearance")) }
            select id="clearance" name="clearance" {
                @for c in Clearance::ALL { option value=(c.as_str()) selected[c.as_str() == selected] { (l.t(&format!("clearance.{}", c.as_str()))) } }
            }
        }
    }
}

fn new_person_page(
    caller: &Caller,
    all: &[Unit],
    input: &NewStaff,
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    layout(
        caller,
        l.t("people.new"),
        Nav::People,
        html! {
            h1 { (l.t("people.new")) }
            (form_errors(l, errors, &["username", "full_name", "email", "phone", "position", "unit_id", "roles", "clearance", "password"]))
            form.stack method="post" action="/people/new" {
                (csrf_field(caller))
                (text_field(l, errors, "full_name", "field.full_name", &input.full_name, "text", true))
                (text_field(l, errors, "username", "field.username", &input.username, "text", true))
                (text_field(l, errors, "email", "field.email", input.email.as_deref().unwrap_or(""), "email", false))
                (text_field(l, errors, "phone", "field.phone", input.phone.as_deref().unwrap_or(""), "tel", false))
                (text_field(l, errors, "position", "field.position", input.position.as_deref().unwrap_or(""), "text", false))
                div.field {
                    label for="unit_id" { (l.t("field.unit")) (super::required_mark()) }
                    // none chosen beforehand: a person is never filed under the agency by a
                    // press of the button
                    select id="unit_id" name="unit_id" required {
                        (unit_options(all, (input.unit_id > 0).then_some(input.unit_id), true))
                    }
                    (field_errors(l, errors, "unit_id"))
                }
                (role_checkboxes(l, &input.roles))
                (field_errors(l, errors, "roles"))
                (clearance_select(l, input.clearance.as_deref().unwrap_or("none")))
                (text_field(l, errors, "password", "field.first_password", "", "password", true))
                p.hint { (l.t("hint.password")) }
                button type="submit" { (l.t("action.create")) }
            }
        },
    )
}

pub async fn new_form(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    caller.require(Action::ManagePeople)?;
    let all = units::all(&state.db).await?;
    Ok(new_person_page(
        &caller,
        &all,
        &NewStaff {
            roles: vec!["specialist".into()],
            ..Default::default()
        },
        &FieldErrors::new(),
    ))
}

pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(Action::ManagePeople)?;
    let p = form_pairs(&body);
    // none chosen is 0, which the store refuses as required, with every other field at fault
    let unit_id: Option<i64> = first(&p, "unit_id").and_then(|u| u.parse().ok());
    let input = NewStaff {
        username: first(&p, "username").unwrap_or_default(),
        full_name: first(&p, "full_name").unwrap_or_default(),
        email: first(&p, "email"),
        phone: first(&p, "phone"),
        position: first(&p, "position"),
        unit_id: unit_id.unwrap_or_default(),
        roles: all_of(&p, "roles"),
        clearance: first(&p, "clearance"),
        password: first(&p, "password").unwrap_or_default(),
        must_change_password: Some(true),
    };
    let result = accounts::create_staff(&state.db, &caller.ctx(), &input)
        .await
        .map_err(AppError::from);
    let (state, caller, input) = (&state, &caller, &input);
    answer_change(result, created, |errors, _| async move {
        let all = units::all(&state.db).await?;
        Ok(new_person_page(caller, &all, input, &errors))
    })
    .await
}

fn created(a: Account) -> String {
    format!("/people/{}?done=created", a.id)
}

fn new_external_page(caller: &Caller, input: &NewExternal, errors: &FieldErrors) -> Markup {
    let l = caller.lang;
    layout(
        caller,
        l.t("people.new_external"),
        Nav::People,
        html! {
            h1 { (l.t("people.new_external")) }
            (form_errors(l, errors, &["kind", "username", "full_name", "email", "phone", "organisation_name", "tax_code", "password"]))
            form.stack method="post" action="/people/new-external" {
                (csrf_field(caller))
                div.field {
                    label for="kind" { (l.t("field.account_kind")) }
                    select id="kind" name="kind" {
                        @for k in ["business", "citizen"] { option value=(k) selected[input.kind == k] { (l.t(&format!("kind.{k}"))) } }
                    }
                }
                (text_field(l, errors, "organisation_name", "field.organisation_name", input.organisation_name.as_deref().unwrap_or(""), "text", false))
                (text_field(l, errors, "tax_code", "field.tax_code", input.tax_code.as_deref().unwrap_or(""), "text", false))
                (text_field(l, errors, "full_name", "field.representative", &input.full_name, "text", true))
                (text_field(l, errors, "username", "field.username", &input.username, "text", true))
                (text_field(l, errors, "email", "field.email", &input.email, "email", true))
                (text_field(l, errors, "phone", "field.phone", input.phone.as_deref().unwrap_or(""), "tel", false))
                (text_field(l, errors, "password", "field.first_password", "", "password", true))
                button type="submit" { (l.t("action.create")) }
            }
        },
    )
}

pub async fn new_external_form(caller: Caller) -> PageResult<Markup> {
    caller.require(Action::ManagePeople)?;
    Ok(new_external_page(
        &caller,
        &NewExternal {
            kind: "business".into(),
            ..Default::default()
        },
        &FieldErrors::new(),
    ))
}

#[derive(Deserialize)]
pub struct ExternalForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    email: String,
    phone: Option<String>,
    organisation_name: Option<String>,
    tax_code: Option<String>,
    #[serde(default)]
    password: String,
}

pub async fn create_external(
    axum::extract::State(state): State,
    caller: Caller,
    PageForm(f): PageForm<ExternalForm>,
) -> PageResult<Response> {
    caller.require(Action::ManagePeople)?;
    let input = NewExternal {
        kind: f.kind,
        username: f.username,
        full_name: f.full_name,
        email: f.email,
        phone: f.phone,
        organisation_name: f.organisation_name,
        tax_code: f.tax_code,
        password: f.password,
        ..Default::default()
    };
    let result = accounts::create_external(&state.db, &caller.ctx(), &input).await;
    let (caller, input) = (&caller, &input);
    answer_change(
        result.map_err(AppError::from),
        created,
        |errors, _| async move { Ok(new_external_page(caller, input, &errors)) },
    )
    .await
}

/// Loads a person the caller may see, or answers "not found".
pub async fn visible_person(
    state: &crate::AppState,
    caller: &Caller,
    id: i64,
) -> Result<Account, AppError> {
    let person = accounts::get(&state.db, id).await?;
    if person.kind.is_external() && person.id != caller.account.id {
        caller.require(Action::ManagePeople)?;
    }
    caller.require(Action::ViewPerson {
        id,
        unit: person.unit_path.as_ref(),
    })?;
    Ok(person)
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    done: Option<String>,
}

/// A person's page: what is stored, and the edit form holding what was typed when a change
/// was refused (`typed`), so that nothing typed is lost to the refusal.
fn person_page(
    caller: &Caller,
    (p, in_hand): (&Account, &[crate::InHand]),
    all: &[Unit],
    (errors, typed): (&FieldErrors, Option<&PersonChange>),
    done: Option<&str>,
    conflict: Option<&str>,
) -> Markup {
    let l = caller.lang;
    let admin = caller.may(Action::ManagePeople);
    let may_upload = admin || caller.account.id == p.id;
    let role_names: Vec<String> = match typed.and_then(|t| t.roles.clone()) {
        Some(roles) => roles,
        None => p.roles.iter().map(|r| r.as_str().to_string()).collect(),
    };
    let text = |typed_value: Option<&Option<String>>, stored: Option<&str>| -> String {
        match typed_value {
            Some(v) => v.clone().unwrap_or_default(),
            None => stored.unwrap_or("").to_string(),
        }
    };
    let full_name = text(typed.map(|t| &t.full_name), Some(&p.full_name));
    let email = text(typed.map(|t| &t.email), p.email.as_deref());
    let phone = text(typed.map(|t| &t.phone), p.phone.as_deref());
    let position = text(typed.map(|t| &t.position), p.position.as_deref());
    let unit_id = typed.map_or(p.unit_id, |t| t.unit_id);
    let clearance = text(typed.map(|t| &t.clearance), Some(p.clearance.as_str()));
    let active = typed.and_then(|t| t.active).unwrap_or(p.active);
    layout(
        caller,
        &p.full_name,
        Nav::People,
        html! {
            p.crumbs { a href="/people" { (l.t("people.title")) } }
            h1 { (p.full_name) @if !p.active { " " span.badge.closed { (l.t("status.inactive")) } } }
            (super::done_notice(l, "person", done))
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            dl.facts {
                dt { (l.t("field.username")) } dd { code { (p.username) } }
                dt { (l.t("field.account_kind")) } dd { (l.t(&format!("kind.{}", p.kind.as_str()))) }
                @if let Some(v) = &p.position { dt { (l.t("field.position")) } dd { (v) } }
                @if let (Some(uid), Some(u)) = (p.unit_id, &p.unit_name) { dt { (l.t("field.unit")) } dd { a href={ "/org/" (uid) } { (u) } } }
                @if !p.roles.is_empty() { dt { (l.t("field.roles")) } dd { (roles_text(l, &p.roles)) } }
                @if p.kind == lode_core::people::AccountKind::Staff { dt { (l.t("field.clearance")) } dd { (l.t(&format!("clearance.{}", p.clearance.as_str()))) } }
                @if let Some(v) = &p.organisation_name { dt { (l.t("field.organisation_name")) } dd { (v) } }
                @if let Some(v) = &p.tax_code { dt { (l.t("field.tax_code")) } dd { (v) } }
                @if let Some(v) = &p.email { dt { (l.t("field.email")) } dd { (v) } }
                @if let Some(v) = &p.phone { dt { (l.t("field.phone")) } dd { (v) } }
                dt { (l.t("field.created_at")) } dd { (local_time(&p.created_at)) }
            }
            // what the person holds, to be handed on before they leave or move
            @if admin && !in_hand.is_empty() {
                section #in-hand {
                    h2 { (l.t("people.in_hand")) }
                    ul {
                        @for h in in_hand { li { (h.what) ": " strong { (l.number(h.count)) } } }
                    }
                    p.hint { (l.t("people.in_hand_hint")) }
                }
            }
            @if p.kind == lode_core::people::AccountKind::Staff {
                h2 { (l.t("people.signature")) }
                @if p.signature_sha256.is_some() {
                    img.signature src={ "/people/" (p.id) "/signature" } alt=(l.t("people.signature"));
                } @else { p.empty { (l.t("people.no_signature")) } }
                @if may_upload {
                    form.stack method="post" enctype="multipart/form-data" action={ "/people/" (p.id) "/signature" } { (super::csrf_field(caller))
                        div.field {
                            label for="signature" { (l.t("field.signature_file")) }
                            input id="signature" name="signature" type="file" accept="image/png,image/jpeg" required;
                            (field_errors(l, errors, "signature"))
                        }
                        button type="submit" { (l.t("action.upload")) }
                    }
                }
            }
            @if admin && p.kind == lode_core::people::AccountKind::Staff {
                // each form's refusal stands with that form, which opens again: the edit's here,
                // the signature's beside its upload, the password's in its own section
                @let edit_fields = ["full_name", "email", "phone", "position", "unit_id", "roles", "clearance", "active"];
                @let edit_errors = FieldErrors(errors.0.iter().filter(|e| !["signature", "password"].contains(&e.field.as_str())).cloned().collect());
                (form_errors(l, &edit_errors, &edit_fields))
                details open[!edit_errors.is_empty()] {
                    summary { (l.t("people.edit")) }
                    form.stack method="post" action={ "/people/" (p.id) "/edit" } {
                        (csrf_field(caller))
                        input type="hidden" name="version" value=(p.version);
                        (text_field(l, errors, "full_name", "field.full_name", &full_name, "text", true))
                        (text_field(l, errors, "email", "field.email", &email, "email", false))
                        (text_field(l, errors, "phone", "field.phone", &phone, "tel", false))
                        (text_field(l, errors, "position", "field.position", &position, "text", false))
                        div.field {
                            label for="unit_id" { (l.t("field.unit")) }
                            select id="unit_id" name="unit_id" { (unit_options(all, unit_id, false)) }
                            (field_errors(l, errors, "unit_id"))
                            (confirm_in_hand(l, errors, "unit_id"))
                        }
                        (role_checkboxes(l, &role_names))
                        (field_errors(l, errors, "roles"))
                        (clearance_select(l, &clearance))
                        div.field {
                            label.check { input type="checkbox" name="active" value="1" checked[active]; " " (l.t("field.active")) }
                            (field_errors(l, errors, "active"))
                            (confirm_in_hand(l, errors, "active"))
                        }
                        button type="submit" { (l.t("action.save")) }
                    }
                }
                details open[errors.0.iter().any(|e| e.field == "password")] {
                    summary { (l.t("people.reset_password")) }
                    form.stack method="post" action={ "/people/" (p.id) "/reset-password" } {
                        (csrf_field(caller))
                        (text_field(l, errors, "password", "field.new_password", "", "password", true))
                        p.hint { (l.t("hint.reset_password")) }
                        button type="submit" { (l.t("action.reset_password")) }
                    }
                }
                p { a href={ "/audit?entity_type=account&entity_id=" (p.id) } { (l.t("people.audit_trail")) } }
            }
        },
    )
}

async fn render_person(
    (state, mounted): (&crate::AppState, &crate::Mounted),
    caller: &Caller,
    id: i64,
    refused: (&FieldErrors, Option<&PersonChange>),
    done: Option<&str>,
    conflict: Option<&str>,
) -> PageResult<Markup> {
    let p = visible_person(state, caller, id).await?;
    let all = units::all(&state.db).await?;
    let in_hand = held_for_administrators(state, mounted, caller, &p).await?;
    Ok(person_page(
        caller,
        (&p, &in_hand),
        &all,
        refused,
        done,
        conflict,
    ))
}

/// The code of the refusal that says a person leaving or moving holds work.
const WORK_IN_HAND: &str = "work_in_hand";

/// Beside the box whose change was refused for the work the person holds (`field`), the box
/// that confirms it: said first, then confirmed where it was said.
fn confirm_in_hand(l: Lang, errors: &FieldErrors, field: &str) -> Markup {
    html! {
        @if errors.0.iter().any(|e| e.field == field && e.code == WORK_IN_HAND) {
            label.check { input #confirm_in_hand type="checkbox" name="confirm_in_hand" value="1"; " " (l.t("people.confirm_in_hand")) }
        }
    }
}

/// The work staff member `p` holds, for an administrator (nothing for others).
async fn held_for_administrators(
    state: &crate::AppState,
    mounted: &crate::Mounted,
    caller: &Caller,
    p: &Account,
) -> Result<Vec<crate::InHand>, AppError> {
    if !caller.may(Action::ManagePeople) || p.kind != lode_core::people::AccountKind::Staff {
        return Ok(Vec::new());
    }
    mounted.in_hand(state, caller.lang, p.id).await
}

pub async fn show(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
    Path(id): Path<i64>,
    super::PageQuery(q): super::PageQuery<ShowQuery>,
) -> PageResult<Markup> {
    render_person(
        (&state, &mounted),
        &caller,
        id,
        (&FieldErrors::new(), None),
        q.done.as_deref(),
        None,
    )
    .await
}

async fn after_change(
    (state, mounted): (&crate::AppState, &crate::Mounted),
    caller: &Caller,
    id: i64,
    typed: Option<&PersonChange>,
    (result, done): (Result<(), AppError>, &str),
) -> PageResult<Response> {
    answer_change(
        result,
        |()| format!("/people/{id}?done={done}"),
        |errors, conflict| async move {
            render_person(
                (state, mounted),
                caller,
                id,
                (&errors, typed),
                None,
                conflict.as_deref(),
            )
            .await
        },
    )
    .await
}

pub async fn edit(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    caller.require(Action::ManagePeople)?;
    let p = form_pairs(&body);
    let mut errors = FieldErrors::new();
    let unit_id = first(&p, "unit_id").map(|u| u.parse::<i64>());
    if matches!(unit_id, Some(Err(_))) {
        errors.add("unit_id", "not_a_number", "must be a number");
    }
    let change = PersonChange {
        full_name: first(&p, "full_name"),
        email: first(&p, "email"),
        phone: first(&p, "phone"),
        position: first(&p, "position"),
        unit_id: unit_id.and_then(Result::ok),
        roles: Some(all_of(&p, "roles")),
        clearance: first(&p, "clearance"),
        active: Some(first(&p, "active").is_some()),
        version: first(&p, "version").and_then(|v| v.parse().ok()),
    };
    // one leaving, or moving to another unit, with work in hand: said, then confirmed
    let person = visible_person(&state, &caller, id).await?;
    let leaving = person.active && change.active == Some(false);
    let moving = change.unit_id.is_some() && change.unit_id != person.unit_id;
    if (leaving || moving) && first(&p, "confirm_in_hand").is_none() {
        let held: i64 = held_for_administrators(&state, &mounted, &caller, &person)
            .await?
            .iter()
            .map(|h| h.count)
            .sum();
        if held > 0 {
            errors.add(
                if leaving { "active" } else { "unit_id" },
                WORK_IN_HAND,
                "the person holds work not yet done: hand it on first, or confirm",
            );
        }
    }
    let result = if errors.is_empty() {
        accounts::update_person(&state.db, &caller.ctx(), id, &change)
            .await
            .map(|_| ())
            .map_err(AppError::from)
    } else {
        Err(AppError::Invalid(errors))
    };
    // a locked account says so, not only that it was saved
    let done = if change.active == Some(false) {
        "inactive"
    } else {
        "saved"
    };
    after_change(
        (&state, &mounted),
        &caller,
        id,
        Some(&change),
        (result, done),
    )
    .await
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

pub async fn reset_password(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
    Path(id): Path<i64>,
    PageForm(f): PageForm<ResetForm>,
) -> PageResult<Response> {
    caller.require(Action::ManagePeople)?;
    let r = accounts::reset_password(&state.db, &caller.ctx(), id, &f.password)
        .await
        .map_err(AppError::from);
    after_change((&state, &mounted), &caller, id, None, (r, "password_reset")).await
}

/// The largest signature image accepted.
pub const SIGNATURE_MAX_BYTES: usize = 1024 * 1024;

/// Reads the `signature` part of an upload, checking its size and its type by content.
pub async fn read_signature_upload(
    mut multipart: Multipart,
) -> Result<(bytes::Bytes, &'static str), AppError> {
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        if field.name() != Some("signature") {
            continue;
        }
        let data = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
        return accept_signature_image(data);
    }
    Err(AppError::Invalid(FieldErrors::single(
        "signature",
        "required",
        "choose a PNG or JPEG file",
    )))
}

/// Checks an uploaded signature image: not empty, not too large, PNG or JPEG by its bytes.
pub fn accept_signature_image(
    data: bytes::Bytes,
) -> Result<(bytes::Bytes, &'static str), AppError> {
    accept_image("signature", data)
}

/// Checks an uploaded image (a signature, a seal) for `field`: not empty, at most 1 MiB, PNG or
/// JPEG by its bytes.
pub fn accept_image(
    field: &str,
    data: bytes::Bytes,
) -> Result<(bytes::Bytes, &'static str), AppError> {
    if data.is_empty() {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            "required",
            "choose a PNG or JPEG file",
        )));
    }
    if data.len() > SIGNATURE_MAX_BYTES {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            "file_too_large",
            "the file is larger than 1 MiB",
        )));
    }
    let Some(ct) = lode_db::blobs::sniff_image(&data) else {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            "wrong_file_type",
            "the file is not a PNG or JPEG image",
        )));
    };
    Ok((data, ct))
}

/// Stores a signature image and points the person at it: bytes first, then the row.
pub async fn store_signature(
    state: &crate::AppState,
    caller: &Caller,
    id: i64,
    data: bytes::Bytes,
    content_type: &str,
) -> Result<Account, AppError> {
    let sha = crate::files::store_file(state, data, content_type, Some(caller.account.id)).await?;
    Ok(accounts::set_signature_image(&state.db, &caller.ctx(), id, &sha).await?)
}

pub async fn upload_signature(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> PageResult<Response> {
    let person = visible_person(&state, &caller, id).await?;
    if person.id != caller.account.id {
        caller.require(Action::ManagePeople)?;
    }
    let r = match read_signature_upload(multipart).await {
        Ok((data, ct)) => store_signature(&state, &caller, id, data, ct)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    after_change((&state, &mounted), &caller, id, None, (r, "signature")).await
}

/// A person's signature image, for those who may see the person.
pub async fn signature_response(
    state: &crate::AppState,
    caller: &Caller,
    id: i64,
) -> Result<Response, AppError> {
    let person = visible_person(state, caller, id).await?;
    let sha = person.signature_sha256.ok_or(AppError::NotFound)?;
    stored_image(state, &sha).await
}

/// An image stored (a signature's, a seal's) as the browser shows it. Kept in no cache: it is
/// for those who may see it, not for whoever uses the browser next.
pub async fn stored_image(state: &crate::AppState, sha: &str) -> Result<Response, AppError> {
    let bytes = state.blobs.get(sha).await?.ok_or(AppError::NotFound)?;
    let ct = lode_db::blobs::content_type(&state.db, sha)
        .await?
        .unwrap_or_else(|| "application/octet-stream".into());
    Ok((
        [
            (header::CONTENT_TYPE, ct),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// Serves a person's signature image to those who may see the person.
pub async fn signature_image(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    Ok(signature_response(&state, &caller, id).await?)
}
