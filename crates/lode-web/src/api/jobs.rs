//! Background jobs for administrators: how many wait, run, ended and failed, the latest of
//! them, and a failed one put back in the queue.

use super::{ApiId, ApiQuery};
use crate::State;
use crate::auth::{Allowed, may};
use crate::error::ApiResult;
use axum::Json;
use lode_core::validation::FieldErrors;
use lode_db::jobs::{self, JobRecord, JobState};

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct JobsFilter {
    /// queued, running, done or failed; every state when absent.
    pub state: Option<String>,
    /// 1 to 200, default 50.
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct JobCount {
    pub state: JobState,
    pub jobs: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Jobs {
    pub counts: Vec<JobCount>,
    /// Newest first.
    pub items: Vec<JobRecord>,
}

/// The state a filter names, if any; a name that is no state is the caller's mistake.
pub fn state_of(filter: Option<&str>) -> Result<Option<JobState>, FieldErrors> {
    match filter.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => JobState::parse(s).map(Some).ok_or_else(|| {
            FieldErrors::single(
                "state",
                "invalid_choice",
                "is queued, running, done or failed",
            )
        }),
    }
}

/// The jobs, newest first, with how many are in each state (administrators).
#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs", params(JobsFilter),
    responses((status = 200, body = Jobs), (status = 403, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
pub async fn list(
    axum::extract::State(state): State,
    _: Allowed<may::ManageJobs>,
    ApiQuery(filter): ApiQuery<JobsFilter>,
) -> ApiResult<Json<Jobs>> {
    let wanted = state_of(filter.state.as_deref())?;
    let counts = jobs::counts(&state.db)
        .await?
        .into_iter()
        .map(|(state, jobs)| JobCount { state, jobs })
        .collect();
    let items = jobs::list(&state.db, wanted, filter.limit.unwrap_or(50)).await?;
    Ok(Json(Jobs { counts, items }))
}

/// Puts a failed job back in the queue, its attempts counted afresh (409 unless it failed).
#[utoipa::path(post, path = "/api/v1/jobs/{id}/retry", tag = "jobs",
    params(("id" = i64, Path, description = "job id")),
    responses((status = 200, body = JobRecord), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn retry(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageJobs>,
    ApiId(id): ApiId,
) -> ApiResult<Json<JobRecord>> {
    Ok(Json(jobs::retry(&state.db, &caller.ctx(), id).await?))
}
