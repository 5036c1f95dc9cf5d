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
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub actor_id: Option<i64>,
    /// An action (`unit.create`) or a prefix of one (`unit`).
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    /// Inclusive lower bound (RFC 3339, UTC).
    pub from: Option<String>,
    /// Exclusive upper bound (RFC 3339, UTC).
    pub to: Option<String>,
    /// The `next` of the previous page.
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

/// Audit entries, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = Object, description = "{ items: [audit entries], next }"), (status = 403, body = crate::error::Problem)))]
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> ApiResult<Json<Page<AuditRecord>>> {
    caller.require(Action::ViewAudit)?;
    let filter = Filter {
        actor_id: p.actor_id,
        action: p.action,
        entity_type: p.entity_type,
        entity_id: p.entity_id,
        from: p.from,
        to: p.to,
        before: p.before,
        limit: p.limit,
    };
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
