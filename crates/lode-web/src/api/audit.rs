//! The audit log.

use super::ApiQuery;
use crate::State;
use crate::auth::Caller;
use crate::error::ApiResult;
use axum::Json;
use lode_core::audit::AuditRecord;
use lode_core::authz::Action;
use lode_db::Page;
use lode_db::audit::{self, Filter, Verification};

/// Audit entries, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(Filter),
    responses((status = 200, body = Object, description = "{ items: [audit entries], next }"), (status = 403, body = crate::error::Problem)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(filter): ApiQuery<Filter>,
) -> ApiResult<Json<Page<AuditRecord>>> {
    caller.require(Action::ViewAudit)?;
    Ok(Json(audit::list(&state.db, &filter).await?))
}

/// Checks the whole hash chain and names the first entry altered, removed or out of order.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit",
    responses((status = 200, body = Object), (status = 403, body = crate::error::Problem)))]
pub async fn verify(
    axum::extract::State(state): State,
    caller: Caller,
) -> ApiResult<Json<Verification>> {
    caller.require(Action::ViewAudit)?;
    Ok(Json(audit::verify(&state.db).await?))
}
