//! The caller's notifications, newest first, with a button to mark them all read; opening one
//! marks it read and leads to what it is about.

use super::{Nav, csrf_field, layout, local_time};
use crate::State;
use crate::auth::Caller;
use crate::error::PageResult;
use axum::response::{IntoResponse, Redirect, Response};
use lode_db::notifications;
use maud::{Markup, html};

/// How many notifications a page shows.
const LIST_PAGE: i64 = 50;

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    /// `1`: the unread ones only.
    unread: Option<String>,
    page: Option<String>,
}

pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    super::PageQuery(q): super::PageQuery<ListQuery>,
) -> PageResult<Markup> {
    let l = caller.lang;
    let unread_only = q.unread.as_deref() == Some("1");
    let asked = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, lode_db::COUNT_BOUND / LIST_PAGE);
    let read = |page: i64| {
        notifications::numbered_page(&state.db, caller.account.id, unread_only, page, LIST_PAGE)
    };
    let mut page = read(asked).await?;
    let mut page_number = asked;
    // past the last page, the last one
    if page.items.is_empty() && asked > 1 {
        let count = page.total.map_or(0, |t| t.count);
        page_number = ((count + LIST_PAGE - 1) / LIST_PAGE).max(1);
        page = read(page_number).await?;
    }
    let address = |p: i64| {
        super::listing::Address::new()
            .pair("unread", unread_only.then_some("1"))
            .page(p)
            .at("/notifications")
    };
    Ok(layout(
        &caller,
        l.t("notifications.title"),
        Nav::None,
        html! {
            h1 { (l.t("notifications.title")) }
            nav.tabs aria-label=(l.t("notifications.title")) {
                a href="/notifications" aria-current=[(!unread_only).then_some("page")] { (l.t("notifications.all")) }
                a href="/notifications?unread=1" aria-current=[unread_only.then_some("page")] {
                    (l.t("notifications.unread")) " (" (l.number(caller.unread)) ")"
                }
            }
            @if caller.unread > 0 {
                form method="post" action="/notifications/read" {
                    (csrf_field(&caller))
                    button type="submit" { (l.t("notifications.mark_all")) }
                }
            }
            (super::listing::total_line(l, page.total))
            @if page.items.is_empty() { p.empty { (l.t(if unread_only { "notifications.none_unread" } else { "notifications.none" })) } }
            ul.notifications {
                @for n in &page.items {
                    @let (title, body) = crate::notices::text(l, n);
                    li class=(if n.read_at.is_none() { "unread" } else { "read" }) {
                        @if n.read_at.is_none() { span.badge.new { (l.t("notifications.new")) } " " }
                        a href={ "/notifications/" (n.id) } { strong { (title) } }
                        br; (body) " · " small { (local_time(&n.created_at)) }
                    }
                }
            }
            (super::listing::pager(l, page_number, LIST_PAGE, page.total, page.more, address))
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
