//! The caller's work queues (filled by the e-office capabilities).

use crate::auth::Caller;
use crate::error::ApiResult;
use axum::Json;
use lode_core::authz::Action;
use serde::Serialize;

/// One queue of the home page.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Queue {
    /// `to_read`, `to_route`, `to_handle`, `due_soon`, `overdue`.
    pub name: String,
    pub count: i64,
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<serde_json::Value>,
}

/// The caller's work queues, in the order the home page shows them.
#[utoipa::path(get, path = "/api/v1/work", tag = "work",
    responses((status = 200, body = Vec<Queue>), (status = 403, body = crate::error::Problem)))]
pub async fn queues(caller: Caller) -> ApiResult<Json<Vec<Queue>>> {
    caller.require(Action::UseInternal)?;
    Ok(Json(
        crate::pages::WORK_QUEUES
            .iter()
            .map(|q| Queue {
                name: (*q).to_string(),
                count: 0,
                items: Vec::new(),
            })
            .collect(),
    ))
}
