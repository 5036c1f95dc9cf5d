//! The caller's notifications: overdue and due-soon documents, newest first; marking them read.

use super::{ApiJson, ApiQuery};
use crate::State;
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::notices::{self, NotificationView};
use axum::Json;
use lode_db::Page;
use lode_db::notifications;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only those not read yet.
    pub unread: Option<bool>,
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/notifications", tag = "work", params(ListQuery),
    responses((status = 200, body = Page<NotificationView>)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<NotificationView>>> {
    let page = notifications::list(
        &state.db,
        caller.account.id,
        q.unread.unwrap_or(false),
        q.before,
        q.limit,
    )
    .await?;
    Ok(Json(Page {
        items: page
            .items
            .iter()
            .map(|n| notices::view(caller.lang, n))
            .collect(),
        next: page.next,
        newer: None,
        total: None,
        more: page.more,
        ranked: false,
    }))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// The notifications to mark; all of the caller's when left out.
    pub ids: Option<Vec<i64>>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Marked {
    pub marked: u64,
}

/// Marks the caller's notifications read (others' are never touched).
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "work", request_body = MarkRead,
    responses((status = 200, body = Marked)))]
pub async fn mark_read(
    axum::extract::State(state): State,
    caller: Caller,
    ApiJson(input): ApiJson<MarkRead>,
) -> ApiResult<Json<Marked>> {
    let marked =
        notifications::mark_read(&state.db, caller.account.id, input.ids.as_deref()).await?;
    Ok(Json(Marked { marked }))
}
