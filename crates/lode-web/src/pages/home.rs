//! The home page: a greeting, then what each capability mounted shows the person (the
//! e-office's queues, most urgent first; an applicant's dossiers).

use super::{Nav, layout};
use crate::State;
use crate::auth::Caller;
use crate::error::PageResult;
use maud::{Markup, html};

pub async fn show(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    caller: Caller,
) -> PageResult<Markup> {
    let l = caller.lang;
    let body = html! {
        h1 { (l.t("home.greeting")) ", " (caller.account.full_name) }
        @if caller.actor.is_staff() {
            p.lead {
                @if let Some(p) = &caller.account.position { (p) " · " }
                @if let Some(u) = &caller.account.unit_name { (u) }
            }
        } @else if let Some(o) = &caller.account.organisation_name {
            p.lead { (o) }
        }
    };
    // what each capability mounted shows this person
    let sections = mounted.home(&state, &caller).await?;
    let body = html! { (body) @for s in &sections { (s) } };
    Ok(layout(&caller, l.t("nav.home"), Nav::Home, body))
}
