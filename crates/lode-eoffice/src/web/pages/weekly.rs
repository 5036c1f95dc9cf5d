//! The weekly report page: a unit's report for a week (drafted on first opening by those who
//! write it), its figures, the text to edit and submit, and for a body the reports of its units.

use super::{Nav, answer_change, csrf_field, field_errors, first, form_pairs, layout, notice};
use crate::weekly::{self, ReportEdit};
use axum::response::Response;
use lode_core::authz::Action;
use lode_core::validation::FieldErrors;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use maud::{Markup, html};

#[derive(serde::Deserialize, Default)]
pub struct WeekQuery {
    unit_id: Option<i64>,
    week: Option<String>,
    done: Option<String>,
}

/// The unit shown when none is asked for: the body for its keepers, else one's own unit.
fn default_unit(caller: &Caller) -> Option<i64> {
    let body = caller
        .actor
        .register_unit
        .as_ref()
        .filter(|_| lode_core::authz::keeps_own_register(&caller.actor));
    body.or(caller.actor.unit.as_ref())
        .and_then(|u| u.ids().last().copied())
}

async fn page(
    state: &lode_web::AppState,
    caller: &Caller,
    q: &WeekQuery,
    (errors, typed): (&FieldErrors, Option<&ReportEdit>),
    conflict: Option<&str>,
) -> PageResult<Markup> {
    caller.require(Action::UseInternal)?;
    let l = caller.lang;
    let unit_id = q
        .unit_id
        .or_else(|| default_unit(caller))
        .ok_or(AppError::NotFound)?;
    let day = crate::web::api::weekly::Week {
        week: q.week.clone(),
    }
    .day()?;
    let monday = weekly::week_of(day);
    let unit = lode_db::units::get(&state.db, unit_id).await?;
    let report = match weekly::get_or_draft(&state.db, &caller.actor, unit_id, day).await {
        Ok(r) => r,
        // one's own unit's report, kept for its leaders (it quotes the units below): said,
        // not answered as a page that does not exist
        Err(lode_db::DbError::NotFound) if q.unit_id.is_none() => {
            return Ok(layout(
                caller,
                l.t("weekly.title"),
                Nav::Dashboard,
                html! {
                    h1 { (l.t("weekly.title")) }
                    p.empty { (l.t("weekly.for_leaders")) }
                },
            ));
        }
        Err(e) => return Err(AppError::from(e).into()),
    };
    let writable = caller.may(Action::WriteWeeklyReport(&unit.path));
    let below = weekly::of_units_below(&state.db, &caller.actor, unit_id, day).await?;
    let prev = monday - chrono::Duration::days(7);
    let next = monday + chrono::Duration::days(7);
    Ok(layout(
        caller,
        l.t("weekly.title"),
        Nav::Dashboard,
        html! {
            h1 { (l.t("weekly.title")) ": " (unit.name) }
            p {
                a href={ "/weekly?unit_id=" (unit_id) "&week=" (prev) } { "← " (l.t("weekly.previous")) }
                " · " strong { (monday.format("%d/%m/%Y")) " – " ((monday + chrono::Duration::days(6)).format("%d/%m/%Y")) }
                " · " a href={ "/weekly?unit_id=" (unit_id) "&week=" (next) } { (l.t("weekly.next")) " →" }
            }
            (notice(l, q.done.as_deref().map(|step| match step {
                "submit" => "weekly.notice_submitted",
                "redraft" => "weekly.notice_redrafted",
                _ => "notice.saved",
            })))
            @if let Some(c) = conflict { (super::conflict_alert(l, c)) }
            // a refusal is said where the page opens, each field a link down to its message
            (lode_web::pages::labelled_form_errors(l, errors, &["done", "planned", "proposals", "confirm_submit"], Some("weekly")))
            @match &report {
                None => {
                    p.empty { (l.t("weekly.none")) }
                    // who writes it, for one who cannot
                    @if !writable { p.hint { (l.t("weekly.for_leaders")) } }
                },
                Some(r) => {
                    p { span.badge { (l.t(&format!("weekly_status.{}", r.status))) } " "
                        // a draft no one has saved yet is no one's
                        @if r.id == 0 { (l.t("weekly.unsaved")) } @else { (r.author_name) }
                        @if let Some(at) = &r.submitted_at { " · " (l.t("weekly.submitted_at")) " " (lode_web::pages::local_time(at)) }
                        " · " a href={ "/api/v1/weekly-reports/" (unit_id) "/pdf?week=" (monday) } { "PDF" } }
                    table.list {
                        thead { tr { th { (l.t("weekly.received")) } th { (l.t("weekly.handled")) } th { (l.t("weekly.on_time")) } th { (l.t(weekly::overdue_heading(monday))) } th { (l.t("weekly.issued")) } } }
                        tbody { tr {
                            td.num data-label=(l.t("weekly.received")) { (r.figures.received) }
                            td.num data-label=(l.t("weekly.handled")) { (r.figures.handled) }
                            td.num data-label=(l.t("weekly.on_time")) { (r.figures.on_time) }
                            td.num data-label=(l.t(weekly::overdue_heading(monday))) { (r.figures.overdue) }
                            td.num data-label=(l.t("weekly.issued")) { (r.figures.issued) }
                        } }
                    }
                    // the same figures on the dashboard, each opening the documents it counts
                    @if caller.may(Action::ViewReports) && dashboard_counts_as_report(caller, &unit) {
                        p { a href=(week_on_dashboard(&unit, monday)) { (l.t("weekly.figures_behind")) } }
                    }
                    @if writable && r.status == crate::weekly::WeeklyStatus::Draft {
                        // a refused form shows again what was typed, not what was stored
                        @let typed_or = |t: Option<&Option<String>>, stored: &str| t.and_then(|v| v.clone()).unwrap_or_else(|| stored.to_string());
                        form.stack method="post" action={ "/weekly/save?unit_id=" (unit_id) "&week=" (monday) } {
                            (csrf_field(caller)) input type="hidden" name="version" value=(r.version);
                            div.field { label for="done" { (l.t("weekly.done")) } textarea id="done" name="done" rows="8" { (typed_or(typed.map(|t| &t.done), &r.done)) } (field_errors(l, errors, "done")) }
                            div.field { label for="planned" { (l.t("weekly.planned")) } textarea id="planned" name="planned" rows="6" { (typed_or(typed.map(|t| &t.planned), &r.planned)) } (field_errors(l, errors, "planned")) }
                            div.field { label for="proposals" { (l.t("weekly.proposals")) } textarea id="proposals" name="proposals" rows="3" { (typed_or(typed.map(|t| &t.proposals), &r.proposals)) } (field_errors(l, errors, "proposals")) }
                            p.hint { (l.t("weekly.submit_hint")) }
                            // sending cannot be undone: the box says so, and is asked for when
                            // sending (saving goes without it)
                            div.field.confirm {
                                label.check {
                                    input type="checkbox" id="confirm_submit" name="confirm_submit" value="1"
                                        aria-invalid=[errors.0.iter().any(|e| e.field == "confirm_submit").then_some("true")]
                                        aria-describedby=[lode_web::pages::error_id(errors, "confirm_submit")];
                                    " " (l.t("weekly.confirm_submit"))
                                }
                                (field_errors(l, errors, "confirm_submit"))
                            }
                            div.actions {
                                button type="submit" name="action" value="save" { (l.t("weekly.save")) }
                                " " button type="submit" name="action" value="submit" { (l.t("weekly.submit")) }
                            }
                        }
                        // writing the text again from the figures replaces what was written:
                        // asked apart, and confirmed
                        details open[errors.0.iter().any(|e| e.field == "confirm")] {
                            summary { (l.t("weekly.redraft")) }
                            form.stack method="post" action={ "/weekly/save?unit_id=" (unit_id) "&week=" (monday) } {
                                (csrf_field(caller)) input type="hidden" name="version" value=(r.version);
                                input type="hidden" name="action" value="redraft";
                                p.hint { (l.t("weekly.redraft_hint")) }
                                (lode_web::pages::confirm_box(l, "redraft_confirm", "weekly.confirm_redraft", errors))
                                div.actions { button.danger type="submit" { (l.t("weekly.redraft")) } }
                            }
                        }
                    } @else {
                        h2 { (l.t("weekly.done")) } p.pre { (r.done) }
                        h2 { (l.t("weekly.planned")) } p.pre { (r.planned) }
                        @if !r.proposals.is_empty() { h2 { (l.t("weekly.proposals")) } p.pre { (r.proposals) } }
                    }
                }
            }
            @if !below.is_empty() {
                h2 { (l.t("weekly.units_below")) }
                table.list {
                    thead { tr { th { (l.t("field.unit")) } th { (l.t("field.status")) } } }
                    tbody {
                        @for (id, name, r) in &below {
                            tr {
                                td { a href={ "/weekly?unit_id=" (id) "&week=" (monday) } { (name) } }
                                td { @match r { Some(r) => (l.t(&format!("weekly_status.{}", r.status))), None => (l.t("weekly.missing")) } }
                            }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<WeekQuery>,
) -> PageResult<Markup> {
    page(&state, &caller, &q, (&FieldErrors::new(), None), None).await
}

pub async fn save(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<WeekQuery>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let p = form_pairs(&body);
    let unit_id = q.unit_id.ok_or(AppError::NotFound)?;
    let day = crate::web::api::weekly::Week {
        week: q.week.clone(),
    }
    .day()?;
    let edit = ReportEdit {
        done: first(&p, "done"),
        planned: first(&p, "planned"),
        proposals: first(&p, "proposals"),
        version: first(&p, "version").and_then(|v| v.parse().ok()),
    };
    let (db, ctx, actor) = (&state.db, caller.ctx(), &caller.actor);
    // the step the button asked for, anything else a save
    let step = match first(&p, "action").as_deref() {
        Some("submit") => "submit",
        Some("redraft") => "redraft",
        _ => "save",
    };
    let result = match step {
        "submit" if first(&p, "confirm_submit").is_none() => {
            Err(lode_db::DbError::Invalid(FieldErrors::single(
                "confirm_submit",
                "unconfirmed",
                "tick the box to confirm: a report sent cannot be changed",
            )))
        }
        "submit" => weekly::save(db, &ctx, actor, unit_id, day, &edit, true).await,
        "redraft" => match lode_web::pages::confirmed(&p) {
            Ok(()) => weekly::redraft(db, &ctx, actor, unit_id, day).await,
            Err(errors) => Err(lode_db::DbError::Invalid(errors)),
        },
        _ => weekly::save(db, &ctx, actor, unit_id, day, &edit, false).await,
    };
    let (state, caller, q) = (&state, &caller, &q);
    answer_change(
        result.map_err(AppError::from),
        |r| {
            format!(
                "/weekly?unit_id={}&week={}&done={step}",
                r.unit_id, r.week_start
            )
        },
        |errors, conflict| async move {
            page(
                state,
                caller,
                q,
                (&errors, Some(&edit)),
                conflict.as_deref(),
            )
            .await
        },
    )
    .await
}

/// The dashboard for the week of `monday` and `unit` (a body's own, or the body's filtered to
/// the unit it leads): where the report's figures open the documents they count.
fn week_on_dashboard(unit: &lode_db::units::Unit, monday: chrono::NaiveDate) -> String {
    let (from, to) = (
        monday.to_string(),
        (monday + chrono::Duration::days(6)).to_string(),
    );
    let body = unit.kind.keeps_register();
    let id = unit.id.to_string();
    lode_web::pages::listing::Address::new()
        .pair("from", Some(&from))
        .pair("to", Some(&to))
        .pair("unit_id", (!body).then_some(id.as_str()))
        .at("/dashboard")
}

/// Whether the reader's dashboard counts what `unit`'s report counts: a body's report read in
/// that body, or a unit's read by its body's register keepers (who choose the unit) or by its
/// own people (whose dashboard is their unit's).
fn dashboard_counts_as_report(caller: &Caller, unit: &lode_db::units::Unit) -> bool {
    let reader_body = caller.actor.register_unit.as_ref();
    if unit.kind.keeps_register() {
        return reader_body == Some(&unit.path);
    }
    if lode_core::authz::keeps_own_register(&caller.actor) {
        reader_body.is_some_and(|b| b.contains(&unit.path))
    } else {
        caller.actor.unit.as_ref() == Some(&unit.path)
    }
}
