//! Weekly reports (báo cáo tuần) of a unit: drafted from the week's figures on first opening,
//! edited, submitted up the tree; the body's consolidates what its units submitted; printed.

use super::{ApiJson, ApiQuery};
use crate::weekly::{self, ReportEdit, WeeklyReport};
use axum::Json;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use lode_print::{Block, Column, Document, Orientation, official_heading};
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{ApiResult, AppError};

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Week {
    /// Any day of the week, `YYYY-MM-DD` (default today).
    pub week: Option<String>,
}

impl Week {
    pub fn day(&self) -> Result<NaiveDate, AppError> {
        match self
            .week
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(crate::incoming::today()),
            Some(s) => lode_core::documents::parse_date(s).map_err(|mut e| {
                e.field = "week".into();
                AppError::Invalid(e.into())
            }),
        }
    }
}

fn unit_id(
    path: Result<Path<i64>, axum::extract::rejection::PathRejection>,
) -> Result<i64, AppError> {
    path.map(|Path(id)| id).map_err(|_| AppError::NotFound)
}

/// The unit's report for the week: the stored one, or a new draft for those who may write it.
#[utoipa::path(get, path = "/api/v1/weekly-reports/{unit_id}", tag = "reports",
    params(("unit_id" = i64, Path, description = "unit id"), Week),
    responses((status = 200, body = WeeklyReport),
              (status = 422, body = lode_web::error::Problem, description = "The week is not a date.")))]
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    path: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    ApiQuery(week): ApiQuery<Week>,
) -> ApiResult<Json<WeeklyReport>> {
    let id = unit_id(path)?;
    let report = weekly::get_or_draft(&state.db, &caller.actor, id, week.day()?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(report))
}

/// Saves the text of the draft.
#[utoipa::path(put, path = "/api/v1/weekly-reports/{unit_id}", tag = "reports",
    params(("unit_id" = i64, Path, description = "unit id"), Week), request_body = ReportEdit,
    responses((status = 200, body = WeeklyReport), (status = 404, body = lode_web::error::Problem, description = "No such unit, or none the caller may see."),
              (status = 409, body = lode_web::error::Problem, description = "Submitted already, or changed since read.")))]
pub async fn save(
    axum::extract::State(state): State,
    caller: Caller,
    path: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    ApiQuery(week): ApiQuery<Week>,
    ApiJson(edit): ApiJson<ReportEdit>,
) -> ApiResult<Json<WeeklyReport>> {
    let id = unit_id(path)?;
    let r = weekly::save(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        week.day()?,
        &edit,
        false,
    )
    .await?;
    Ok(Json(r))
}

/// Saves and submits the report up the tree; it no longer changes.
#[utoipa::path(post, path = "/api/v1/weekly-reports/{unit_id}/submit", tag = "reports",
    params(("unit_id" = i64, Path, description = "unit id"), Week), request_body = ReportEdit,
    responses((status = 200, body = WeeklyReport)))]
pub async fn submit(
    axum::extract::State(state): State,
    caller: Caller,
    path: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    ApiQuery(week): ApiQuery<Week>,
    ApiJson(edit): ApiJson<ReportEdit>,
) -> ApiResult<Json<WeeklyReport>> {
    let id = unit_id(path)?;
    let r = weekly::save(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        week.day()?,
        &edit,
        true,
    )
    .await?;
    Ok(Json(r))
}

/// Recomputes the figures and drafted text of a draft (the body's: from what its units have
/// submitted since).
#[utoipa::path(post, path = "/api/v1/weekly-reports/{unit_id}/redraft", tag = "reports",
    params(("unit_id" = i64, Path, description = "unit id"), Week),
    responses((status = 200, body = WeeklyReport)))]
pub async fn redraft(
    axum::extract::State(state): State,
    caller: Caller,
    path: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    ApiQuery(week): ApiQuery<Week>,
) -> ApiResult<Json<WeeklyReport>> {
    let id = unit_id(path)?;
    let r = weekly::redraft(&state.db, &caller.ctx(), &caller.actor, id, week.day()?).await?;
    Ok(Json(r))
}

/// The report printed (A4 portrait).
#[utoipa::path(get, path = "/api/v1/weekly-reports/{unit_id}/pdf", tag = "reports",
    params(("unit_id" = i64, Path, description = "unit id"), Week),
    responses((status = 200, content_type = "application/pdf"),
              (status = 422, body = lode_web::error::Problem, description = "The week is not a date.")))]
pub async fn pdf(
    axum::extract::State(state): State,
    caller: Caller,
    path: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    ApiQuery(week): ApiQuery<Week>,
) -> ApiResult<Response> {
    let id = unit_id(path)?;
    Ok(printed(&state, &caller, id, week.day()?).await?)
}

pub async fn printed(
    state: &lode_web::AppState,
    caller: &Caller,
    unit_id: i64,
    day: NaiveDate,
) -> Result<Response, AppError> {
    let r = weekly::get_or_draft(&state.db, &caller.actor, unit_id, day)
        .await?
        .ok_or(AppError::NotFound)?;
    let (parent, _) = super::registers::unit_heading(state, unit_id).await?;
    let monday = weekly::week_of(day);
    let sunday = monday + chrono::Duration::days(6);
    let f = &r.figures;
    let section = |text: &str| {
        if text.trim().is_empty() {
            "(không có)".to_string()
        } else {
            text.to_string()
        }
    };
    // the figures' headings are the page's own words
    let vi = |key: &str| lode_web::i18n::Lang::Vi.t(key).to_string();
    // dated the day it was sent, or while it is a draft the day it is printed
    let dated = r
        .submitted_at
        .as_deref()
        .and_then(lode_db::local_day_of)
        .unwrap_or_else(lode_db::today);
    let doc = Document {
        title: format!(
            "Báo cáo công tác tuần {} – {}",
            r.unit_name,
            monday.format("%d/%m/%Y")
        ),
        author: r.unit_name.clone(),
        orientation: Orientation::Portrait,
        blocks: vec![
            official_heading(&parent, &r.unit_name),
            Block::Title("BÁO CÁO".into()),
            Block::Subtitle(format!(
                "Kết quả công tác tuần từ ngày {} đến ngày {}{}",
                monday.format("%d/%m/%Y"),
                sunday.format("%d/%m/%Y"),
                if r.status == crate::weekly::WeeklyStatus::Draft {
                    " (dự thảo)"
                } else {
                    ""
                }
            )),
            Block::Heading("I. Số liệu xử lý văn bản".into()),
            Block::Table {
                columns: vec![
                    Column::centered(&vi("weekly.received"), 1.0),
                    Column::centered(&vi("weekly.handled"), 1.2),
                    Column::centered(&vi("weekly.on_time"), 1.0),
                    Column::centered(&vi(crate::weekly::overdue_heading(monday)), 1.2),
                    Column::centered(&vi("weekly.issued"), 1.2),
                ],
                rows: vec![vec![
                    f.received.to_string(),
                    f.handled.to_string(),
                    f.on_time.to_string(),
                    f.overdue.to_string(),
                    f.issued.to_string(),
                ]],
            },
            Block::Heading("II. Kết quả công tác trong tuần".into()),
            Block::Paragraph(section(&r.done)),
            Block::Heading("III. Nhiệm vụ tuần tới".into()),
            Block::Paragraph(section(&r.planned)),
            Block::Heading("IV. Kiến nghị, đề xuất".into()),
            Block::Paragraph(section(&r.proposals)),
            Block::Signature {
                place_date: format!(
                    "Hà Nội, ngày {} tháng {} năm {}",
                    dated.format("%d"),
                    dated.format("%m"),
                    dated.format("%Y")
                ),
                position: "THỦ TRƯỞNG ĐƠN VỊ".into(),
                name: r.author_name.clone(),
            },
        ],
    };
    let bytes = lode_print::render(&doc).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                super::content_disposition(
                    "attachment",
                    &format!(
                        "bao-cao-tuan-{}-{}.pdf",
                        monday.format("%d-%m-%Y"),
                        lode_core::text::slug(&r.unit_name)
                    ),
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
