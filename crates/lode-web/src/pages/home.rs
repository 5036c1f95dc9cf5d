//! The home page: the person's own work, queue by queue, most urgent first; then what each
//! capability mounted shows them (an applicant's dossiers, say).

use super::{Nav, layout};
use crate::State;
use crate::auth::Caller;
use crate::error::PageResult;
use lode_core::authz::Action;
use maud::{Markup, html};

pub async fn show(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
) -> PageResult<Markup> {
    let l = caller.lang;
    let body = if caller.actor.is_staff() {
        let queues = crate::api::work::all_queues(&state, &caller).await?;
        let (to_review, to_issue) = lode_eoffice::outgoing::waiting_for(
            &state.db,
            &caller.actor,
            crate::api::work::QUEUE_SHOWN,
        )
        .await?;
        html! {
            h1 { (l.t("home.greeting")) ", " (caller.account.full_name) }
            p.lead {
                @if let Some(p) = &caller.account.position { (p) " · " }
                @if let Some(u) = &caller.account.unit_name { (u) }
            }
            @if caller.may(Action::RegisterDocuments) {
                p { a.button href="/incoming/new" { (l.t("incoming.new")) } }
            }
            div.queues {
                @for (name, items) in [("to_review", &to_review), ("to_issue", &to_issue)] {
                    @if !items.is_empty() {
                        section.queue id=(name) {
                            h2 { (l.t(&format!("queue.{name}"))) " " span.count { (items.len()) } }
                            ul.queue-items {
                                @for d in items.iter() {
                                    li { a href={ "/outgoing/" (d.id) } {
                                        (d.notation.as_deref().unwrap_or(&d.type_name)) " · "
                                        (d.subject.as_deref().unwrap_or(l.t("incoming.secret_entry")))
                                    } " · " (d.drafting_unit_name) }
                                }
                            }
                        }
                    }
                }
                @for q in &queues {
                    section.queue id=(q.name) {
                        h2 { (l.t(&queue_title(&caller, &q.name))) " " span.count { (q.count) } }
                        @if q.items.is_empty() {
                            p.empty { (l.t("queue.empty")) }
                        } @else {
                            ul.queue-items {
                                @for d in &q.items {
                                    li { (super::incoming::summary_link(l, d)) }
                                }
                            }
                            @if q.count > i64::try_from(q.items.len()).unwrap_or(0) {
                                p { a href={ "/queues/" (q.name) } { (l.t("queue.more")) } }
                            }
                        }
                    }
                }
            }
        }
    } else {
        html! {
            h1 { (l.t("home.greeting")) ", " (caller.account.full_name) }
            @if let Some(o) = &caller.account.organisation_name { p.lead { (o) } }
        }
    };
    // what each capability mounted shows this person
    let sections = mounted.home(&state, &caller).await?;
    let body = html! { (body) @for s in &sections { (s) } };
    Ok(layout(&caller, l.t("nav.home"), Nav::Home, body))
}

/// A queue's title as its person reads it: what waits for routing is, for the leader of a
/// body, waiting for the leader's direction; for a unit's leader, waiting to be assigned; for
/// one who is both (a federation's leader), either.
pub fn queue_title(caller: &Caller, name: &str) -> String {
    if name != "to_route" {
        return format!("queue.{name}");
    }
    let directs = lode_core::authz::leads_own_body(&caller.actor);
    let assigns = caller.actor.has(lode_core::people::Role::UnitLeader);
    match (directs, assigns) {
        (true, true) => "queue.to_route_or_assign",
        (false, true) => "queue.to_assign",
        _ => "queue.to_route",
    }
    .to_string()
}
