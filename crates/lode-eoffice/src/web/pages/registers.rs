//! Printing the registers: a form to choose the register, the period, the unit and the format,
//! and the download it leads to (the same files as `/api/v1/registers/{kind}`).

use super::{Nav, layout};
use crate::registers::Period;
use crate::web::api::registers::{dossier_index_file, printed_register};
use axum::extract::Path;
use axum::response::Response;
use lode_core::authz::Action;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::PageResult;
use maud::{Markup, html};

const KINDS: [&str; 4] = ["incoming", "outgoing", "tracking", "dossiers"];

pub async fn form(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    form_page(
        &state,
        &caller,
        &PrintQuery::default(),
        &lode_core::validation::FieldErrors::new(),
    )
    .await
}

/// The form, with what was asked kept and each refusal beside its field.
async fn form_page(
    state: &lode_web::AppState,
    caller: &Caller,
    asked: &PrintQuery,
    errors: &lode_core::validation::FieldErrors,
) -> PageResult<Markup> {
    caller.require(Action::UseInternal)?;
    let l = caller.lang;
    let reports = caller.may(Action::ViewReports);
    let units = lode_db::units::all(&state.db).await?;
    // the units of the reader's own body, as its register knows them, indented by their place
    let body = caller.actor.register_unit.clone();
    let ordered: Vec<&lode_db::units::Unit> = lode_db::units::tree_order(&units)
        .into_iter()
        .filter(|u| body.as_ref().is_none_or(|b| b.contains(&u.path)))
        .collect();
    let top = ordered.iter().map(|u| u.depth).min().unwrap_or(0);
    let today = crate::incoming::today();
    let first = format!("{}-01-01", chrono::Datelike::year(&today));
    let kept = |v: &Option<String>, default: &str| v.clone().unwrap_or_else(|| default.to_string());
    let kind = kept(&asked.kind, if reports { "incoming" } else { "dossiers" });
    let format = kept(&asked.format, "pdf");
    let unit = asked.unit_id.clone().unwrap_or_default();
    let date = |name: &str, value: String| {
        let described = lode_web::pages::error_id(errors, name);
        html! {
            div.field {
                label for=(name) { (l.t(&format!("filter.{name}"))) }
                input id=(name) name=(name) type="date" value=(value)
                    aria-invalid=[described.is_some().then_some("true")] aria-describedby=[described.as_deref()];
                (lode_web::pages::field_errors(l, errors, name))
            }
        }
    };
    Ok(layout(
        caller,
        l.t("registers.title"),
        Nav::Registers,
        html! {
            h1 { (l.t("registers.title")) }
            p.hint { (l.t("registers.hint")) }
            (lode_web::pages::form_errors(l, errors, &["from", "to", "unit_id", "register", "format", "kind"]))
            form.stack method="get" action="/registers/print" {
                fieldset.field {
                    legend { (l.t("registers.kind")) }
                    @for k in KINDS.iter().filter(|k| reports || **k == "dossiers") {
                        label.check { input type="radio" name="kind" value=(k) checked[*k == kind]; " " (l.t(&format!("registers.{k}"))) }
                    }
                }
                (date("from", kept(&asked.from, &first)))
                (date("to", kept(&asked.to, &today.to_string())))
                @if caller.may(Action::ReadSecret(lode_core::people::Clearance::Confidential)) {
                    div.field {
                        label for="register" { (l.t("field.register")) }
                        select id="register" name="register" { option value="regular" { (l.t("register.regular")) } option value="secret" { (l.t("register.secret")) } }
                    }
                }
                div.field {
                    label for="unit_id" { (l.t("field.unit")) }
                    select id="unit_id" name="unit_id" {
                        option value="" { "—" }
                        @for u in &ordered { option value=(u.id) selected[unit == u.id.to_string()] { (lode_web::pages::indent(u.depth.saturating_sub(top))) (u.name) } }
                    }
                }
                fieldset.field {
                    legend { (l.t("registers.format")) }
                    label.check { input type="radio" name="format" value="pdf" checked[format != "xlsx"]; " PDF" }
                    label.check { input type="radio" name="format" value="xlsx" checked[format == "xlsx"]; " XLSX" }
                }
                p.actions {
                    button type="submit" { (l.t("registers.print")) }
                    " " button.secondary type="submit" name="show" value="1" { (l.t("registers.show")) }
                }
            }
        },
    ))
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct PrintQuery {
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    register: Option<String>,
    unit_id: Option<String>,
    format: Option<String>,
    /// Shown on the page rather than downloaded, at this page of its rows.
    show: Option<String>,
    page: Option<i64>,
}

/// Rows of a register shown on one page.
const SHOWN_ROWS: usize = 100;

pub async fn print(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<PrintQuery>,
) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let kind = q.kind.clone().unwrap_or_default();
    let period = Period {
        from: q.from.clone(),
        to: q.to.clone(),
        register: q.register.clone().filter(|s| !s.is_empty()),
        unit_id: q.unit_id.as_deref().and_then(|u| u.parse().ok()),
        format: q.format.clone(),
    };
    let register = match printed_register(&state, &caller, &kind, &period).await {
        Ok(r) => r,
        // a period or choice refused: the form again, what was asked kept, the reason beside
        Err(lode_web::error::AppError::Invalid(errors)) => {
            let page = form_page(&state, &caller, &q, &errors).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    if q.show.is_some() {
        return Ok(shown(&caller, &q, &register).into_response());
    }
    Ok(crate::web::api::registers::deliver(
        &register,
        &crate::web::api::registers::register_file_name(&kind, &period),
        q.format.as_deref(),
    )?)
}

/// A register read on the page as it prints (its headings and columns those of the decree), a
/// hundred rows a page, with its downloads beside.
fn shown(caller: &Caller, q: &PrintQuery, register: &lode_print::Register) -> Markup {
    let l = caller.lang;
    // the register asked for again: in a format to download, or shown at a page
    let address_of = |format: Option<&str>, page: i64| {
        lode_web::pages::listing::Address::new()
            .texts(&[
                ("kind", &q.kind),
                ("from", &q.from),
                ("to", &q.to),
                ("register", &q.register),
                ("unit_id", &q.unit_id),
            ])
            .pair("format", format)
            .pair("show", format.is_none().then_some("1"))
            .page(page)
            .at("/registers/print")
    };
    let count = register.rows.len();
    let pages = count.div_ceil(SHOWN_ROWS).max(1);
    let page = usize::try_from(q.page.unwrap_or(1).max(1))
        .unwrap_or(1)
        .min(pages);
    let rows = register
        .rows
        .iter()
        .skip((page - 1) * SHOWN_ROWS)
        .take(SHOWN_ROWS);
    let total = lode_db::Total {
        count: i64::try_from(count).unwrap_or(i64::MAX),
        more: false,
    };
    layout(
        caller,
        &register.title,
        Nav::Registers,
        html! {
            div.wide {
                p.crumbs { a href="/registers" { (l.t("registers.title")) } }
                h1 { (register.title) }
                p.lead { (register.subtitle) @if !register.body.is_empty() { " · " (register.body) } }
                p.actions {
                    a.button href=(address_of(Some("pdf"), 1)) { (l.t("registers.download_pdf")) }
                    " " a.button.secondary href=(address_of(Some("xlsx"), 1)) { (l.t("registers.download_xlsx")) }
                }
                @if count == 0 {
                    p.empty { (l.t("registers.none_in_period")) }
                } @else {
                    (lode_web::pages::listing::total_line(l, Some(total)))
                    table.list.register {
                        thead { tr { @for c in &register.columns { th scope="col" { (c.header) } } } }
                        tbody {
                            @for row in rows {
                                tr {
                                    @for (c, cell) in register.columns.iter().zip(row) {
                                        td data-label=(c.header) { (cell) }
                                    }
                                }
                            }
                        }
                    }
                    (lode_web::pages::listing::pager(l, i64::try_from(page).unwrap_or(1), i64::try_from(SHOWN_ROWS).unwrap_or(100), Some(total), page < pages, |p| address_of(None, p)))
                }
            }
        },
    )
}

#[derive(serde::Deserialize, Default)]
pub struct IndexQuery {
    format: Option<String>,
}

pub async fn dossier_index(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<i64>,
    super::PageQuery(q): super::PageQuery<IndexQuery>,
) -> PageResult<Response> {
    Ok(dossier_index_file(&state, &caller, id, q.format.as_deref()).await?)
}
