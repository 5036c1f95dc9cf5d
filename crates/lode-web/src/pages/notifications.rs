//! The caller's notifications, newest first, with a button to mark them all read; opening one
//! marks it read and leads to what it is about.

use super::{Nav, csrf_field, layout, local_time};
use crate::State;
use crate::auth::Caller;
use crate::error::PageResult;
use axum::response::{IntoResponse, Redirect, Response};
use lode_db::notifications;
use maud::{Markup, html};

pub async fn list(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    let l = caller.lang;
    let page = notifications::list(&state.db, caller.account.id, false, None, Some(100)).await?;
    Ok(layout(
        &caller,
        l.t("notifications.title"),
        Nav::None,
        html! {
            h1 { (l.t("notifications.title")) }
            @if caller.unread > 0 {
                form method="post" action="/notifications/read" {
                    (csrf_field(&caller))
                    button type="submit" { (l.t("notifications.mark_all")) }
                }
            }
            @if page.items.is_empty() { p.empty { (l.t("notifications.none")) } }
            ul.notifications {
                @for n in &page.items {
                    @let (title, body) = crate::notices::text(l, n);
                    li class=(if n.read_at.is_none() { "unread" } else { "read" }) {
                        a href={ "/notifications/" (n.id) } { strong { (title) } }
                        br; (body) " · " small { (local_time(&n.created_at)) }
                    }
                }
            }
        },
    ))
}

pub async fn mark_all(axum::extract::State(state): State, caller: Caller) -> PageResult<Response> {
    notifications::mark_read(&state.db, caller.account.id, None).await?;
    Ok(Redirect::to("/notifications").into_response())
}

/// `GET /notifications/{id}`: marks the notification read and goes where it leads.
pub async fn open(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> PageResult<Response> {
    match notifications::open(&state.db, caller.account.id, id).await? {
        Some(link) => Ok(Redirect::to(&super::safe_back(Some(&link))).into_response()),
        None => Err(crate::error::AppError::NotFound.into()),
    }
}
