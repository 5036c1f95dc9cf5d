//! The caller's work queues: what waits for them, most urgent first.

use crate::incoming::{self, QUEUES, Queue};
use axum::Json;
use lode_core::authz::Action;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::ApiResult;

/// How many documents of each queue the home page and this answer show.
pub const QUEUE_SHOWN: i64 = 20;

/// The caller's queues of every kind.
pub async fn all_queues(
    state: &lode_web::AppState,
    caller: &Caller,
) -> Result<Vec<Queue>, lode_web::error::AppError> {
    let mut out = Vec::with_capacity(QUEUES.len());
    for q in QUEUES {
        out.push(incoming::queue(&state.db, &caller.actor, q, QUEUE_SHOWN).await?);
    }
    Ok(out)
}

/// The caller's work queues, in the order the home page shows them: to read (co-ordinating),
/// to route or assign, to handle, due within three days, overdue.
#[utoipa::path(get, path = "/api/v1/work", tag = "work",
    responses((status = 200, body = Vec<Queue>)))]
pub async fn queues(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Vec<Queue>>> {
    caller.require(Action::UseInternal)?;
    Ok(Json(all_queues(&state, &caller).await?))
}

/// Outgoing documents waiting for the caller.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct OutgoingWork {
    /// Drafts at a review step the caller takes.
    pub to_review: Vec<crate::outgoing::OutgoingView>,
    /// How many drafts wait for the caller's review (the list holds the newest).
    pub to_review_count: usize,
    /// Approved documents the caller (the body's leader) signs.
    pub to_sign: Vec<crate::outgoing::OutgoingView>,
    /// How many documents wait for the caller's signature.
    pub to_sign_count: usize,
    /// Documents the caller (a clerk) numbers and sends now: signed by the leader, or
    /// numbered and not yet sent.
    pub to_issue: Vec<crate::outgoing::OutgoingView>,
    /// How many documents wait to be numbered or sent.
    pub to_issue_count: usize,
    /// Approved documents whose leader has not signed in lode (the caller, a clerk, records a
    /// signature on paper as they number it).
    pub awaiting_signature: Vec<crate::outgoing::OutgoingView>,
    /// How many approved documents wait for the leader's signature.
    pub awaiting_signature_count: usize,
    /// The caller's own drafts being written or in review, those sent back first.
    pub mine: Vec<crate::outgoing::OutgoingView>,
    /// How many drafts of the caller's are in the works.
    pub mine_count: usize,
}

/// Outgoing documents waiting for the caller: to review, (the body's leader) to sign,
/// (clerks) to number and send, and the caller's own drafts in the works.
#[utoipa::path(get, path = "/api/v1/work/outgoing", tag = "work",
    responses((status = 200, body = OutgoingWork)))]
pub async fn outgoing(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<OutgoingWork>> {
    caller.require(Action::UseInternal)?;
    let w = crate::outgoing::waiting_for(&state.db, &caller.actor, QUEUE_SHOWN).await?;
    Ok(Json(OutgoingWork {
        to_review: w.to_review,
        to_review_count: w.to_review_count,
        to_sign: w.to_sign,
        to_sign_count: w.to_sign_count,
        to_issue: w.to_issue,
        to_issue_count: w.to_issue_count,
        awaiting_signature: w.awaiting_signature,
        awaiting_signature_count: w.awaiting_signature_count,
        mine: w.mine,
        mine_count: w.mine_count,
    }))
}
