//! Online public services: the procedure catalogue, open to all (level 1–2
//! information: what a procedure asks, costs and takes), its administration (a new version of
//! a procedure, checked field by field), and the working calendar (the government's days off
//! and make-up days, and the deadline a procedure's clock gives).

use crate::catalogue::{self, ProcedureSummary, VersionInfo};
use axum::Json;
use axum::http::StatusCode;
use chrono::NaiveDate;
use lode_core::authz::Action;
use lode_core::calendar::DeadlineUnit;
use lode_core::validation::FieldErrors;
use lode_db::calendar::{self, CalendarDay};
use lode_web::State;
use lode_web::api::{ApiJson, ApiQuery};
use lode_web::auth::{Allowed, Caller, may};
use lode_web::error::{ApiResult, AppError};

fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Invalid(FieldErrors::single(field, code, message))
}

fn date(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| invalid(field, "invalid_date", "a date as YYYY-MM-DD"))
}

use lode_db::today;

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// Words of the name or the code, with or without diacritics.
    pub q: Option<String>,
    /// The day the procedures are in force on (default today), YYYY-MM-DD.
    pub on: Option<String>,
}

/// The procedures in force, searched. Open to all.
#[utoipa::path(get, path = "/api/v1/procedures", tag = "services", params(CatalogueQuery),
    responses((status = 200, body = Vec<ProcedureSummary>), (status = 422)))]
pub async fn catalogue(
    axum::extract::State(state): State,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
) -> ApiResult<Json<Vec<ProcedureSummary>>> {
    let on = match &q.on {
        Some(d) => date("on", d)?,
        None => today(),
    };
    if q.q.as_deref().is_some_and(|t| t.chars().count() > 200) {
        return Err(invalid("q", "too_long", "at most 200 characters").into());
    }
    Ok(Json(
        catalogue::catalogue(&state.db, q.q.as_deref(), on).await?,
    ))
}

/// A procedure as in force, with its history.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ProcedureDetail {
    pub version: i64,
    /// The whole definition: code, name, legal basis, level, applicants, documents, the form's
    /// fields, the fee rule, the deadline and its unit, stages, result, dates in force.
    #[schema(value_type = Object)]
    pub procedure: serde_json::Value,
    pub versions: Vec<VersionInfo>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OnQuery {
    /// The day it is in force on (default today), YYYY-MM-DD.
    pub on: Option<String>,
}

/// One procedure, the version in force on the day asked (today by default). Open to all.
#[utoipa::path(get, path = "/api/v1/procedures/{code}", tag = "services",
    params(("code" = String, Path, description = "procedure code, e.g. 2.001816"), OnQuery),
    responses((status = 200, body = ProcedureDetail), (status = 404), (status = 422)))]
pub async fn procedure(
    axum::extract::State(state): State,
    axum::extract::Path(code): axum::extract::Path<String>,
    ApiQuery(q): ApiQuery<OnQuery>,
) -> ApiResult<Json<ProcedureDetail>> {
    let on = match &q.on {
        Some(d) => date("on", d)?,
        None => today(),
    };
    Ok(Json(detail(&state, &code, on).await?))
}

/// The procedure `code` as in force on `on`, with its history.
async fn detail(
    state: &lode_web::AppState,
    code: &str,
    on: NaiveDate,
) -> Result<ProcedureDetail, AppError> {
    let record = catalogue::procedure(&state.db, code, on)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ProcedureDetail {
        version: record.version,
        procedure: serde_json::to_value(&record.procedure)
            .map_err(|e| AppError::Internal(e.into()))?,
        versions: record.versions,
    })
}

/// A new version of a procedure (or a new procedure), in force from its `effective_from`:
/// the whole definition, checked field by field. Administrators. While the newest version is
/// not yet in force, the new one replaces it and takes its number (starting today or later).
#[utoipa::path(put, path = "/api/v1/procedures/{code}", tag = "services",
    params(("code" = String, Path, description = "procedure code")),
    request_body(content = Object, description = "the procedure's definition"),
    responses((status = 200, body = ProcedureDetail), (status = 422)))]
pub async fn save(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path(code): axum::extract::Path<String>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult<Json<ProcedureDetail>> {
    let p = read_procedure(body)?;
    save_at(&state, &caller, (&code, None), &p).await?;
    Ok(Json(detail(&state, &code, p.effective_from).await?))
}

/// Saves `p` as the new version of the procedure whose page or address names `code`.
/// Administrators.
pub(crate) async fn save_at(
    state: &lode_web::AppState,
    caller: &Caller,
    (code, drawn): (&str, Option<&str>),
    p: &lode_core::services::Procedure,
) -> Result<i64, AppError> {
    caller.require(Action::ManageCatalogue)?;
    if p.code != code {
        return Err(invalid(
            "code",
            "mismatch",
            "the code differs from the address's",
        ));
    }
    Ok(catalogue::save_version_over(&state.db, &caller.ctx(), p, drawn).await?)
}

/// Reads a procedure's definition, naming what does not read.
pub(crate) fn read_procedure(
    body: serde_json::Value,
) -> Result<lode_core::services::Procedure, AppError> {
    serde_json::from_value(body).map_err(|e| invalid("procedure", "unreadable", e.to_string()))
}

/// The working calendar of a year: the days off and working days it has besides weekends
/// (the rule's and the administrator's), and the administrator's entries.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CalendarYear {
    pub year: i32,
    /// Every day that is not as its weekday says: holidays, compensatory and swapped days off,
    /// make-up working days.
    pub days: Vec<CalendarDay>,
    /// What the administrator entered (over the rule).
    pub entered: Vec<CalendarDay>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Default: this year.
    pub year: Option<i32>,
}

/// The working calendar of a year. Open to all (applicants count their deadlines with it).
#[utoipa::path(get, path = "/api/v1/calendar", tag = "services", params(YearQuery),
    responses((status = 200, body = CalendarYear), (status = 422)))]
pub async fn calendar(
    axum::extract::State(state): State,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<CalendarYear>> {
    use chrono::Datelike;
    let year = q.year.unwrap_or_else(|| today().year());
    if !(1950..=2150).contains(&year) {
        return Err(invalid("year", "range", "a year from 1950 to 2150").into());
    }
    Ok(Json(calendar_year(&state, year).await?))
}

pub(crate) async fn calendar_year(
    state: &lode_web::AppState,
    year: i32,
) -> Result<CalendarYear, AppError> {
    use chrono::Datelike;
    let cal = calendar::calendar(&state.db).await?;
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::NotFound)?;
    let entered: Vec<CalendarDay> = calendar::calendar_days(&state.db, first)
        .await?
        .into_iter()
        .filter(|d| d.day.starts_with(&format!("{year:04}-")))
        .collect();
    let mut days = Vec::new();
    let mut d = first;
    while d.year() == year {
        let weekend = matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        let working = cal.is_working_day(d);
        if working == weekend {
            let name = cal
                .note(d)
                .map(|n| n.name)
                .unwrap_or_else(|| "Nghỉ".to_string());
            days.push(CalendarDay {
                day: d.to_string(),
                off: !working,
                name,
            });
        }
        let Some(next) = d.succ_opt() else { break };
        d = next;
    }
    Ok(CalendarYear {
        year,
        days,
        entered,
    })
}

/// A day the government set.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayInput {
    /// A day off (true) or a working day (false).
    pub off: bool,
    /// What it is: "Nghỉ bù Tết", "Làm bù cho ngày 02/01".
    pub name: String,
}

/// Sets a day off or a working day over the rule. Administrators.
#[utoipa::path(put, path = "/api/v1/calendar/{day}", tag = "services",
    params(("day" = String, Path, description = "YYYY-MM-DD")), request_body = DayInput,
    responses((status = 204), (status = 422)))]
pub async fn set_day(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageCatalogue>,
    axum::extract::Path(day): axum::extract::Path<String>,
    ApiJson(input): ApiJson<DayInput>,
) -> ApiResult<StatusCode> {
    let day = date("day", &day)?;
    calendar::set_day(&state.db, &caller.ctx(), day, input.off, &input.name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the administrator's entry for a day: the rule applies again. Administrators.
#[utoipa::path(delete, path = "/api/v1/calendar/{day}", tag = "services",
    params(("day" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 204), (status = 404), (status = 422)))]
pub async fn clear_day(
    axum::extract::State(state): State,
    caller: Caller,
    axum::extract::Path(day): axum::extract::Path<String>,
) -> ApiResult<StatusCode> {
    caller.require(Action::ManageCatalogue)?;
    let day = date("day", &day)?;
    if calendar::clear_day(&state.db, &caller.ctx(), day).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound.into())
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// The day the clock starts from (the receipt slip's), YYYY-MM-DD.
    pub from: String,
    pub days: u32,
    /// `working_days` or `days`.
    pub unit: String,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Deadline {
    pub due: String,
    /// The last working day before it: when an apology with a new date (form 04) is due at
    /// the latest.
    pub apology_by: Option<String>,
}

/// The deadline a clock of `days` in `unit` from `from` gives, by the working calendar.
#[utoipa::path(get, path = "/api/v1/calendar/deadline", tag = "services", params(DeadlineQuery),
    responses((status = 200, body = Deadline), (status = 422)))]
pub async fn deadline(
    axum::extract::State(state): State,
    ApiQuery(q): ApiQuery<DeadlineQuery>,
) -> ApiResult<Json<Deadline>> {
    let from = date("from", &q.from)?;
    let unit = DeadlineUnit::parse(&q.unit)
        .ok_or_else(|| invalid("unit", "invalid", "working_days or days"))?;
    let cal = calendar::calendar(&state.db).await?;
    let due = cal
        .deadline(from, q.days, unit, &[])
        .ok_or_else(|| invalid("days", "range", "at most three years"))?;
    Ok(Json(Deadline {
        due: due.to_string(),
        apology_by: cal.working_day_before(due).map(|d| d.to_string()),
    }))
}
