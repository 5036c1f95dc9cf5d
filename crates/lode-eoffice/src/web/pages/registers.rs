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
    Ok(layout(
        &caller,
        l.t("registers.title"),
        Nav::Registers,
        html! {
            h1 { (l.t("registers.title")) }
            p.hint { (l.t("registers.hint")) }
            form.stack method="get" action="/registers/print" {
                fieldset.field {
                    legend { (l.t("registers.kind")) }
                    @for k in KINDS.iter().filter(|k| reports || **k == "dossiers") {
                        label.check { input type="radio" name="kind" value=(k) checked[*k == if reports { "incoming" } else { "dossiers" }]; " " (l.t(&format!("registers.{k}"))) }
                    }
                }
                div.field { label for="from" { (l.t("filter.from")) } input id="from" name="from" type="date" value=(first); }
                div.field { label for="to" { (l.t("filter.to")) } input id="to" name="to" type="date" value=(today.to_string()); }
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
                        @for u in &ordered { option value=(u.id) { ("· ".repeat(u.depth.saturating_sub(top))) (u.name) } }
                    }
                }
                fieldset.field {
                    legend { (l.t("registers.format")) }
                    label.check { input type="radio" name="format" value="pdf" checked; " PDF" }
                    label.check { input type="radio" name="format" value="xlsx"; " XLSX" }
                }
                button type="submit" { (l.t("registers.print")) }
            }
        },
    ))
}

#[derive(serde::Deserialize, Default)]
pub struct PrintQuery {
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    register: Option<String>,
    unit_id: Option<String>,
    format: Option<String>,
}

pub async fn print(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<PrintQuery>,
) -> PageResult<Response> {
    let kind = q.kind.unwrap_or_default();
    let period = Period {
        from: q.from,
        to: q.to,
        register: q.register.filter(|s| !s.is_empty()),
        unit_id: q.unit_id.and_then(|u| u.parse().ok()),
        format: q.format.clone(),
    };
    let register = printed_register(&state, &caller, &kind, &period).await?;
    Ok(crate::web::api::registers::deliver(
        &register,
        &crate::web::api::registers::register_file_name(&kind, &period),
        q.format.as_deref(),
    )?)
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
