//! The dashboard: the agency's reporting figures as charts, for a period and a unit.

use super::{Nav, charts, layout};
use crate::web::api::reports::{Period, figures_for};
use lode_core::authz::Action;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::PageResult;
use maud::{Markup, html};

/// Up to how many weeks the chart shows a week a column; a longer period, a month a column.
const WEEKS_SHOWN: usize = 16;

pub async fn show(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<lode_web::Mounted>,
    caller: Caller,
    super::PageQuery(period): super::PageQuery<Period>,
) -> PageResult<Markup> {
    caller.require(Action::ViewReports)?;
    let l = caller.lang;
    // a period that does not read is told beside its field, over the usual period's figures
    let (f, errors) = match figures_for(&state, &caller, &period).await {
        Ok(f) => (f, lode_core::validation::FieldErrors::new()),
        Err(lode_web::error::AppError::Invalid(errors)) => {
            let usual = Period {
                from: None,
                to: None,
                unit_id: period.unit_id,
            };
            (figures_for(&state, &caller, &usual).await?, errors)
        }
        Err(e) => return Err(e.into()),
    };
    let keeper = lode_core::authz::keeps_own_register(&caller.actor);
    let units = if keeper {
        let all = lode_db::units::all(&state.db).await?;
        let body = caller.actor.register_unit.clone();
        lode_db::units::tree_order(&all)
            .into_iter()
            .filter(|u| body.as_ref().is_some_and(|b| b.contains(&u.path)) && u.depth > 1)
            .cloned()
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    let sections = mounted.dashboard(&state, &caller).await?;
    // whose figures a reader who does not choose the unit is shown: those of their own unit
    let counted_for = caller.account.unit_name.as_ref().filter(|_| !keeper);
    // a refused period keeps what was typed in its fields
    let typed = |asked: &Option<String>, counted: &str| match asked {
        Some(a) if !errors.is_empty() => a.clone(),
        _ => counted.to_string(),
    };
    // the list behind a figure: its own filters, within the unit the figures were counted for
    // (a keeper's choice, else the person's own unit); a keeper's letters sent are the body's
    // own, not those other bodies sent to it
    let last_id = |p: Option<&lode_core::org::UnitPath>| p.and_then(|u| u.ids().last().copied());
    let (incoming_unit, outgoing_unit) = if keeper {
        let body = last_id(caller.actor.register_unit.as_ref());
        (period.unit_id, period.unit_id.or(body))
    } else {
        let own = last_id(caller.actor.unit.as_ref());
        (own, own)
    };
    let (incoming_unit, outgoing_unit) = (
        incoming_unit.map(|u| u.to_string()),
        outgoing_unit.map(|u| u.to_string()),
    );
    let behind = |list: &str, pairs: &[(&str, &str)]| {
        let mut a = lode_web::pages::listing::Address::new();
        for (k, v) in pairs {
            a = a.pair(k, Some(v));
        }
        let unit = if list == "/outgoing" {
            &outgoing_unit
        } else {
            &incoming_unit
        };
        a.pair("within_unit_id", unit.as_deref()).at(list)
    };
    let received = |pairs: &[(&str, &str)]| {
        let period = [("from", f.from.as_str()), ("to", f.to.as_str())];
        behind("/incoming", &[&period[..], pairs].concat())
    };
    let completed = |pairs: &[(&str, &str)]| {
        let period = [
            ("completed_from", f.from.as_str()),
            ("completed_to", f.to.as_str()),
        ];
        behind("/incoming", &[&period[..], pairs].concat())
    };
    let sent = |pairs: &[(&str, &str)]| {
        let period = [("sent_from", f.from.as_str()), ("sent_to", f.to.as_str())];
        behind("/outgoing", &[&period[..], pairs].concat())
    };
    // a week a column, or a month once the weeks would be too many to read or to tap
    let by_month = f.weekly.len() > WEEKS_SHOWN;
    let periods = if by_month { &f.monthly } else { &f.weekly };
    let columns: Vec<charts::PairedColumn> = periods
        .iter()
        .map(|(first, r, c)| {
            // the period's days within the dashboard's
            let start = chrono::NaiveDate::parse_from_str(first, "%Y-%m-%d").ok();
            let last = start
                .and_then(|d| {
                    if by_month {
                        d.checked_add_months(chrono::Months::new(1))
                            .map(|n| n - chrono::Duration::days(1))
                    } else {
                        Some(d + chrono::Duration::days(6))
                    }
                })
                .map_or_else(|| first.clone(), |d| d.to_string());
            let (from, to) = (first.max(&f.from).clone(), last.min(f.to.clone()));
            let day = lode_web::pages::local_day(first);
            let (label, short) = if by_month {
                let month = day.get(3..).unwrap_or(&day).to_string();
                (
                    l.fill("dashboard.month_of", &serde_json::json!({ "month": month })),
                    month,
                )
            } else {
                (
                    l.fill("dashboard.week_of", &serde_json::json!({ "day": day })),
                    day.get(..5).unwrap_or(&day).to_string(),
                )
            };
            charts::PairedColumn {
                label,
                short,
                values: [*r, *c],
                hrefs: [
                    Some(behind("/incoming", &[("from", &from), ("to", &to)])),
                    Some(behind(
                        "/incoming",
                        &[("completed_from", &from), ("completed_to", &to)],
                    )),
                ],
            }
        })
        .collect();
    let units_rows: Vec<charts::StackedRow> = f
        .by_unit
        .iter()
        .map(|u| charts::StackedRow {
            name: u.unit_name.clone(),
            parts: [u.on_time, u.late, u.overdue],
            href: Some(unit_list(&f.from, &f.to, u.unit_id, None)),
        })
        .collect();
    let body = html! {
        h1 { (l.t("dashboard.title")) }
        p { a href="/weekly" { (l.t("weekly.title")) } " · " a href="/registers" { (l.t("registers.title")) } }
        @if let Some(unit) = &counted_for {
            p.lead { (l.fill("dashboard.counted_for", &serde_json::json!({ "unit": unit }))) }
        }
        form.filters method="get" action="/dashboard" {
            div.field {
                label for="from" { (l.t("field.from")) } input id="from" name="from" type="date" value=(typed(&period.from, &f.from));
                (lode_web::pages::field_errors(l, &errors, "from"))
            }
            div.field {
                label for="to" { (l.t("field.to")) } input id="to" name="to" type="date" value=(typed(&period.to, &f.to));
                (lode_web::pages::field_errors(l, &errors, "to"))
            }
            @if keeper {
                div.field {
                    label for="unit_id" { (l.t("field.lead_unit")) }
                    select id="unit_id" name="unit_id" {
                        option value="" { (l.t("dashboard.whole_body")) }
                        @for u in &units { option value=(u.id) selected[period.unit_id == Some(u.id)] { (lode_web::pages::indent(u.depth.saturating_sub(2))) (u.name) } }
                    }
                }
            }
            button type="submit" { (l.t("filter.apply")) }
        }
        // the typed period refused, the figures are the usual period's: said, not left to guess
        @if !errors.is_empty() {
            p.notice role="status" { (l.fill("dashboard.showing_usual", &serde_json::json!({"from_day": f.from, "to_day": f.to}))) }
        }
        // a figure opens the list of what it counts, in the same period and unit
        div.gauges {
            (charts::gauge_link(l, l.t("dashboard.electronic_share"), f.received_electronic, f.received,
                &received(&[("electronic", "true")])))
            (charts::gauge_link(l, l.t("dashboard.electronic_ministry"), f.received_ministry_electronic, f.received_ministry,
                &received(&[("electronic", "true"), ("from_ministry", "true")])))
            (charts::gauge_link(l, l.t("dashboard.electronic_outside"), f.received_outside_electronic, f.received_outside,
                &received(&[("electronic", "true"), ("from_ministry", "false")])))
            (charts::gauge_link(l, l.t("dashboard.on_time_share"), f.completed_on_time, f.completed,
                &completed(&[("timeliness", "on_time")])))
            (charts::gauge_link(l, l.t("dashboard.signed_share"), f.sent_signed, f.sent,
                &sent(&[("signed", "true")])))
            a.gauge href=(behind("/incoming", &[("overdue", "true")])) {
                p.gauge-label { (l.t("dashboard.overdue")) }
                p.gauge-value.overdue { (f.overdue) }
            }
            div.gauge {
                p.gauge-label { a href=(sent(&[])) { (l.t("dashboard.sent")) } }
                p.gauge-value { a href=(sent(&[])) { (f.sent) } }
                p.gauge-count {
                    a href=(sent(&[("delivery", "inside")])) { (l.t("dashboard.sent_inside")) " " (f.sent_inside) }
                    " · "
                    a href=(sent(&[("delivery", "outside")])) { (l.t("dashboard.sent_outside")) " " (f.sent_outside) }
                }
                // a letter sent both ways counts in both
                p.gauge-count { (l.t("dashboard.sent_both_ways")) }
            }
        }
        (charts::paired_bars(l.t(if by_month { "dashboard.monthly" } else { "dashboard.weekly" }), &columns, (l.t("dashboard.received"), l.t("dashboard.completed"))))
        @if !f.by_unit.is_empty() {
            (charts::stacked_rows(l.t("dashboard.by_unit"), &units_rows, (l.t("dashboard.on_time"), l.t("dashboard.late"), l.t("queue.overdue"))))
        }
        h2 { (l.t("dashboard.table")) }
        table.list {
            thead { tr { th { (l.t("field.lead_unit")) } th { (l.t("dashboard.on_time")) } th { (l.t("dashboard.late")) } th { (l.t("queue.overdue")) } } }
            tbody { @for u in &f.by_unit { tr {
                td { a href=(unit_list(&f.from, &f.to, u.unit_id, None)) { (u.unit_name) } }
                td data-label=(l.t("dashboard.on_time")) { a href=(unit_list(&f.from, &f.to, u.unit_id, Some("on_time"))) { (u.on_time) } }
                td data-label=(l.t("dashboard.late")) { a href=(unit_list(&f.from, &f.to, u.unit_id, Some("late"))) { (u.late) } }
                td data-label=(l.t("queue.overdue")) { a href=(unit_list(&f.from, &f.to, u.unit_id, Some("overdue"))) { (u.overdue) } }
            } } }
        }
        @if !f.by_channel.is_empty() { table.list {
            thead { tr { th { (l.t("field.channel")) } th { (l.t("dashboard.received")) } } }
            tbody { @for (c, n) in &f.by_channel { tr {
                td { (l.t(&format!("channel.{c}"))) }
                td data-label=(l.t("dashboard.received")) { a href=(received(&[("channel", c)])) { (n) } }
            } } }
        } }
        // the other capabilities count for the whole agency: said so to one shown their unit's
        @if let (Some(unit), false) = (&counted_for, sections.is_empty()) {
            p.lead.agency-wide { (l.fill("dashboard.agency_wide", &serde_json::json!({ "unit": unit }))) }
        }
        @for s in &sections { (s) }
    };
    Ok(layout(
        &caller,
        l.t("dashboard.title"),
        Nav::Dashboard,
        body,
    ))
}

/// The documents a lead unit's row counts: settled in the period (on time or late), or open
/// past their deadline; all three, without `which`.
fn unit_list(from: &str, to: &str, unit_id: i64, which: Option<&str>) -> String {
    let unit = unit_id.to_string();
    let a = lode_web::pages::listing::Address::new().pair("lead_unit_id", Some(&unit));
    match which {
        Some("overdue") => a.pair("overdue", Some("true")),
        Some(timeliness) => a
            .pair("completed_from", Some(from))
            .pair("completed_to", Some(to))
            .pair("timeliness", Some(timeliness)),
        None => a
            .pair("counted_from", Some(from))
            .pair("counted_to", Some(to)),
    }
    .at("/incoming")
}
