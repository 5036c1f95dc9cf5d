//! The home page: the person's own work. The work queues are empty until the e-office
//! capabilities fill them; their places and order are set here.

use super::{Nav, layout};
use crate::auth::Caller;
use crate::error::PageResult;
use maud::{Markup, html};

/// The queues of a staff member's home page, in the order they are shown.
pub const WORK_QUEUES: [&str; 5] = ["to_read", "to_route", "to_handle", "due_soon", "overdue"];

pub async fn show(caller: Caller) -> PageResult<Markup> {
    let l = caller.lang;
    let body = if caller.actor.is_staff() {
        html! {
            h1 { (l.t("home.greeting")) ", " (caller.account.full_name) }
            p.lead {
                @if let Some(p) = &caller.account.position { (p) " · " }
                @if let Some(u) = &caller.account.unit_name { (u) }
            }
            div.queues {
                @for q in WORK_QUEUES {
                    section.queue id=(q) {
                        h2 { (l.t(&format!("queue.{q}"))) " " span.count { "0" } }
                        p.empty { (l.t("queue.empty")) }
                    }
                }
            }
        }
    } else {
        html! {
            h1 { (l.t("home.greeting")) ", " (caller.account.full_name) }
            @if let Some(o) = &caller.account.organisation_name { p.lead { (o) } }
            section.queue id="applications" {
                h2 { (l.t("portal.applications")) " " span.count { "0" } }
                p.empty { (l.t("portal.no_applications")) }
            }
        }
    };
    Ok(layout(&caller, l.t("nav.home"), Nav::Home, body))
}
