//! The reporting figures behind the dashboard.

use super::ApiQuery;
use crate::reports::{self, Figures};
use axum::Json;
use chrono::Datelike;
use lode_core::authz::Action;
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{ApiResult, AppError};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// First day, `YYYY-MM-DD` (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default: today).
    pub to: Option<String>,
    /// Narrow to the documents led by this unit and the units below it (the body's keepers);
    /// a unit leader always sees their own unit.
    pub unit_id: Option<i64>,
}

/// Decides whose figures the caller sees, and computes them.
pub async fn figures_for(
    state: &lode_web::AppState,
    caller: &Caller,
    period: &Period,
) -> Result<Figures, AppError> {
    caller.require(Action::ViewReports)?;
    let body = caller
        .actor
        .register_unit
        .clone()
        .ok_or(AppError::Forbidden)?;
    let body_id = body.ids().last().copied().ok_or(AppError::Forbidden)?;
    let today = crate::incoming::today();
    let mut errors = lode_core::validation::FieldErrors::new();
    let date = |raw: &Option<String>,
                field: &str,
                default,
                errors: &mut lode_core::validation::FieldErrors| match raw
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        Some(s) => errors.take(field, lode_core::documents::parse_date(s)),
        None => Some(default),
    };
    let first_of_year = chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let from = date(&period.from, "from", first_of_year, &mut errors);
    let to = date(&period.to, "to", today, &mut errors);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.add("to", "before_from", "must not be before the first day");
    }
    if let (Some(f), Some(t)) = (from, to)
        && (t - f).num_days() > 3660
    {
        errors.add("from", "too_long_period", "at most ten years at once");
    }
    errors.clone().into_result()?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(AppError::Invalid(errors));
    };
    let unit = if lode_core::authz::keeps_own_register(&caller.actor) {
        match period.unit_id {
            Some(id) => {
                let u = lode_db::units::get(&state.db, id).await?;
                if !body.contains(&u.path) {
                    return Err(AppError::NotFound);
                }
                Some(u.path)
            }
            None => None,
        }
    } else {
        Some(caller.actor.unit.clone().ok_or(AppError::Forbidden)?)
    };
    Ok(reports::figures(&state.db, body_id, unit.as_ref(), from, to, today).await?)
}

/// The reporting figures of the caller's body (or unit) for a period: share received
/// electronically, share handled on time, overdue, sent inside and outside, week by week and
/// unit by unit.
#[utoipa::path(get, path = "/api/v1/reports/figures", tag = "reports", params(Period),
    responses((status = 200, body = Figures)))]
pub async fn figures(
    axum::extract::State(state): State,
    caller: Caller,
    ApiQuery(period): ApiQuery<Period>,
) -> ApiResult<Json<Figures>> {
    Ok(Json(figures_for(&state, &caller, &period).await?))
}
