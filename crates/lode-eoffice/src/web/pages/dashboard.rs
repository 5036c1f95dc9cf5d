//! The dashboard: the agency's reporting figures as charts, for a period and a unit.

use super::{Nav, charts, layout};
use crate::web::api::reports::{Period, figures_for};
use lode_core::authz::Action;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::PageResult;
use maud::{Markup, html};

pub async fn show(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<lode_web::Mounted>,
    caller: Caller,
    super::PageQuery(period): super::PageQuery<Period>,
) -> PageResult<Markup> {
    caller.require(Action::ViewReports)?;
    let l = caller.lang;
    let f = figures_for(&state, &caller, &period).await?;
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
    // the incoming list behind a figure: its own filters, and the unit chosen
    let unit = period.unit_id.map(|u| u.to_string());
    let behind = |pairs: &[(&str, &str)]| {
        let mut a = lode_web::pages::listing::Address::new();
        for (k, v) in pairs {
            a = a.pair(k, Some(v));
        }
        a.pair("within_unit_id", unit.as_deref()).at("/incoming")
    };
    let body = html! {
        h1 { (l.t("dashboard.title")) }
        p { a href="/weekly" { (l.t("weekly.title")) } " · " a href="/registers" { (l.t("registers.title")) } }
        form.filters method="get" action="/dashboard" {
            div.field { label for="from" { (l.t("field.from")) } input id="from" name="from" type="date" value=(f.from); }
            div.field { label for="to" { (l.t("field.to")) } input id="to" name="to" type="date" value=(f.to); }
            @if keeper {
                div.field {
                    label for="unit_id" { (l.t("field.lead_unit")) }
                    select id="unit_id" name="unit_id" {
                        option value="" { (l.t("dashboard.whole_body")) }
                        @for u in &units { option value=(u.id) selected[period.unit_id == Some(u.id)] { (("· ".repeat(u.depth.saturating_sub(2)))) (u.name) } }
                    }
                }
            }
            button type="submit" { (l.t("filter.apply")) }
        }
        // a figure opens the list of what it counts, in the same period and unit
        div.gauges {
            (charts::gauge_link(l, l.t("dashboard.electronic_share"), f.received_electronic, f.received,
                &behind(&[("from", &f.from), ("to", &f.to), ("electronic", "true")])))
            (charts::gauge(l, l.t("dashboard.electronic_ministry"), f.received_ministry_electronic, f.received_ministry))
            (charts::gauge(l, l.t("dashboard.electronic_outside"), f.received_outside_electronic, f.received_outside))
            (charts::gauge_link(l, l.t("dashboard.on_time_share"), f.completed_on_time, f.completed,
                &behind(&[("completed_from", &f.from), ("completed_to", &f.to), ("timeliness", "on_time")])))
            (charts::gauge(l, l.t("dashboard.signed_share"), f.sent_signed, f.sent))
            a.gauge href=(behind(&[("overdue", "true")])) {
                p.gauge-label { (l.t("dashboard.overdue")) }
                p.gauge-value.overdue { (f.overdue) }
            }
            div.gauge {
                p.gauge-label { (l.t("dashboard.sent")) }
                p.gauge-value { (f.sent) }
                p.gauge-count { (l.t("dashboard.sent_inside")) " " (f.sent_inside) " · " (l.t("dashboard.sent_outside")) " " (f.sent_outside) }
            }
        }
        (charts::paired_bars(l.t("dashboard.weekly"), &f.weekly, (l.t("dashboard.received"), l.t("dashboard.completed"))))
        @if !f.by_unit.is_empty() {
            (charts::stacked_rows(l.t("dashboard.by_unit"), &f.by_unit, (l.t("dashboard.on_time"), l.t("dashboard.late"), l.t("queue.overdue"))))
        }
        h2 { (l.t("dashboard.table")) }
        table.list {
            thead { tr { th { (l.t("field.lead_unit")) } th { (l.t("dashboard.on_time")) } th { (l.t("dashboard.late")) } th { (l.t("queue.overdue")) } } }
            tbody { @for (name, a, b, c) in &f.by_unit { tr {
                td { (name) }
                td data-label=(l.t("dashboard.on_time")) { (a) }
                td data-label=(l.t("dashboard.late")) { (b) }
                td data-label=(l.t("queue.overdue")) { (c) }
            } } }
        }
        table.list {
            thead { tr { th { (l.t("field.channel")) } th { (l.t("dashboard.received")) } } }
            tbody { @for (c, n) in &f.by_channel { tr { td { (l.t(&format!("channel.{c}"))) } td data-label=(l.t("dashboard.received")) { (n) } } } }
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
