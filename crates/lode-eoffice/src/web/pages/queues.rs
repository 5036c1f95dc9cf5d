//! The whole of each of a person's work queues (the home page shows the first of each): the
//! incoming documents' and the outgoing ones', side by side above both kinds of page.

use super::{Nav, layout};
use lode_core::authz::Action;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use maud::{Markup, html};

/// `GET /queues/{name}`: the whole of one of the caller's work queues (the home page shows the
/// first of each), most urgent first.
pub async fn queue(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path(name): axum::extract::Path<String>,
    super::PageQuery(q): super::PageQuery<QueueQuery>,
) -> PageResult<Markup> {
    caller.require(Action::UseInternal)?;
    if let Some(name) = OUTGOING_QUEUES.iter().find(|q| **q == name) {
        return outgoing_queue(&state, &caller, name).await;
    }
    let Some(name) = crate::incoming::QUEUES.iter().find(|q| **q == name) else {
        return Err(AppError::NotFound.into());
    };
    let l = caller.lang;
    // (only a step that lands here says itself here)
    let done = q.done.filter(|d| d == "hand_back");
    let q =
        crate::incoming::queue(&state.db, &caller.actor, name, super::incoming::QUEUE_PAGE).await?;
    let title = l.t(&super::incoming::queue_title(&caller, name));
    let body = html! {
        p.crumbs { a href="/" { (l.t("nav.home")) } }
        // a step that took the letter out of the person's hands comes back here, saying so
        (lode_web::pages::done_notice(l, "incoming", done.as_deref()))
        h1 { (title) " " span.count { (q.count) } }
        @if q.items.is_empty() {
            p.empty { (l.t("queue.empty")) }
        } @else {
            (super::incoming::documents_table(l, &q.items, &[], None))
            @if q.count > i64::try_from(q.items.len()).unwrap_or(0) {
                p.hint { (l.fill("queue.first_shown", &serde_json::json!({"shown": q.items.len()}))) " " a href="/incoming" { (l.t("incoming.title")) } }
            }
        }
    };
    Ok(layout(&caller, title, Nav::Home, body))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct QueueQuery {
    /// The step just taken on a letter the person no longer sees (`hand_back`).
    pub done: Option<String>,
}

/// The outgoing documents' queues: drafts at a review step the person takes, approved ones
/// they sign, signed or numbered ones they (a clerk) number and send, approved ones waiting for
/// the leader's signature (a clerk records one on paper), their own drafts.
pub(crate) const OUTGOING_QUEUES: &[&str] = &[
    "to_review",
    "to_sign",
    "to_issue",
    "awaiting_signature",
    "mine",
];

/// Every document of one of [`OUTGOING_QUEUES`] waiting for the caller: what the home page's
/// queue counts, all of it.
async fn outgoing_queue(
    state: &lode_web::AppState,
    caller: &Caller,
    name: &str,
) -> PageResult<Markup> {
    let l = caller.lang;
    let waiting =
        crate::outgoing::waiting_for(&state.db, &caller.actor, super::incoming::QUEUE_PAGE).await?;
    let (items, count) = match name {
        "to_review" => (&waiting.to_review, waiting.to_review_count),
        "to_sign" => (&waiting.to_sign, waiting.to_sign_count),
        "mine" => (&waiting.mine, waiting.mine_count),
        "awaiting_signature" => (
            &waiting.awaiting_signature,
            waiting.awaiting_signature_count,
        ),
        _ => (&waiting.to_issue, waiting.to_issue_count),
    };
    let title = l.t(&format!("queue.{name}"));
    let body = html! {
        p.crumbs { a href="/" { (l.t("nav.home")) } }
        h1 { (title) " " span.count { (count) } }
        @if name == "awaiting_signature" { p.hint { (l.t("queue.awaiting_signature_hint")) } }
        @if items.is_empty() {
            p.empty { (l.t("queue.empty")) }
        } @else {
            (super::outgoing::drafts_table(l, items))
            @if count > items.len() {
                p.hint { (l.fill("queue.first_shown", &serde_json::json!({"shown": items.len()}))) " " a href="/outgoing" { (l.t("outgoing.title")) } }
            }
        }
    };
    Ok(layout(caller, title, Nav::Home, body))
}
