//! The audit log for administrators: filter, page back in time, verify the chain.

use super::{Nav, layout, local_time};
use crate::State;
use crate::auth::Caller;
use crate::error::PageResult;
use lode_core::authz::Action;
use lode_db::audit::{self, Filter};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    entity_type: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A date typed as `YYYY-MM-DD` as the instant the day begins in Vietnam (UTC+7), stored form.
fn day_start(date: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600)?;
    let local = d
        .and_hms_opt(0, 0, 0)?
        .and_local_timezone(vietnam)
        .single()?;
    Some(lode_db::format_instant(local.with_timezone(&chrono::Utc)))
}

pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<AuditQuery>,
) -> PageResult<Markup> {
    caller.require(Action::ViewAudit)?;
    let l = caller.lang;
    let actor_id = match nonempty(&q.actor) {
        Some(name) => Some(
            lode_db::accounts::by_username(&state.db, &name)
                .await?
                .map_or(-1, |a| a.id),
        ),
        None => None,
    };
    let filter = Filter {
        actor_id,
        action: nonempty(&q.action),
        entity_type: nonempty(&q.entity_type),
        entity_id: nonempty(&q.entity_id),
        from: nonempty(&q.from).and_then(|d| day_start(&d)),
        // the "to" day is included: stop at the start of the next day
        to: nonempty(&q.to).and_then(|d| {
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.succ_opt())
                .and_then(|n| day_start(&n.to_string()))
        }),
        before: nonempty(&q.before).and_then(|b| b.parse().ok()),
        limit: Some(50),
    };
    let page = audit::list(&state.db, &filter).await?;
    let next_link = page.next.map(|n| {
        let mut u = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("actor", &q.actor),
            ("action", &q.action),
            ("entity_type", &q.entity_type),
            ("entity_id", &q.entity_id),
            ("from", &q.from),
            ("to", &q.to),
        ] {
            if let Some(v) = nonempty(v) {
                u.append_pair(k, &v);
            }
        }
        u.append_pair("before", &n.to_string());
        format!("/audit?{}", u.finish())
    });
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let body = html! {
        h1 { (l.t("audit.title")) }
        p { a.button.secondary href="/audit/verify" { (l.t("audit.verify")) } }
        form.filters method="get" action="/audit" role="search" {
            div.field { label for="actor" { (l.t("field.who")) } input id="actor" name="actor" value=(value(&q.actor)) placeholder="username"; }
            div.field { label for="action" { (l.t("field.action")) } input id="action" name="action" value=(value(&q.action)) placeholder="unit"; }
            div.field { label for="entity_type" { (l.t("field.entity_type")) } input id="entity_type" name="entity_type" value=(value(&q.entity_type)); }
            div.field { label for="entity_id" { (l.t("field.entity_id")) } input id="entity_id" name="entity_id" value=(value(&q.entity_id)); }
            div.field { label for="from" { (l.t("field.from")) } input id="from" name="from" type="date" value=(value(&q.from)); }
            div.field { label for="to" { (l.t("field.to")) } input id="to" name="to" type="date" value=(value(&q.to)); }
            button type="submit" { (l.t("filter.apply")) }
        }
        table.list.audit {
            thead { tr {
                th { "#" } th { (l.t("field.when")) } th { (l.t("field.who")) } th { (l.t("field.address")) }
                th { (l.t("field.action")) } th { (l.t("field.entity")) } th { (l.t("field.change")) }
            } }
            tbody {
                @for r in &page.items {
                    tr {
                        td { (r.seq) }
                        td { (local_time(&r.at)) }
                        td { (r.actor_label) }
                        td { (r.ip.as_deref().unwrap_or("")) }
                        td { code { (r.action) } }
                        td { (r.entity_type) " " (r.entity_id.as_deref().unwrap_or("")) }
                        td.detail { (super::describe_change(l, &serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::String(r.detail.clone())))) }
                    }
                }
            }
        }
        @if page.items.is_empty() { p.empty { (l.t("list.empty")) } }
        @if let Some(n) = next_link { p { a href=(n) rel="next" { (l.t("list.older")) } } }
    };
    Ok(layout(&caller, l.t("audit.title"), Nav::Audit, body))
}

pub async fn verify(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    caller.require(Action::ViewAudit)?;
    let l = caller.lang;
    let v = audit::verify(&state.db).await?;
    let body = html! {
        h1 { (l.t("audit.verify")) }
        @match &v.broken {
            None => p.notice role="status" { (l.t("audit.intact")) " (" (v.entries) ")" },
            Some(b) => div.alert role="alert" { p { (l.t("audit.broken")) } p { code { (b.to_string()) } } },
        }
        dl.facts {
            dt { (l.t("audit.head_seq")) } dd { (v.head_seq) }
            dt { (l.t("audit.head_hash")) } dd { code { (v.head_hash) } }
        }
        p { a href="/audit" { (l.t("audit.title")) } }
    };
    Ok(layout(&caller, l.t("audit.verify"), Nav::Audit, body))
}
