//! The registers of Decree 30 Appendix IV (incoming, outgoing, tracking), the index of dossiers
//! and the document index of one dossier, printed as A4 PDF or written as XLSX.
//!
//! Registers are official papers: their headings and columns are in Vietnamese whatever the
//! reader's language, as the decree gives them.

use super::{ApiId, ApiQuery};
use crate::registers::{self, CheckedPeriod, Period};
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lode_core::authz::Action;
use lode_print::{Column, Orientation, Register};
use lode_web::State;
use lode_web::auth::Caller;
use lode_web::error::{ApiResult, AppError};
use lode_web::pages::local_day;

/// The ministry the department answers to, printed above it.
const MINISTRY: &str = "Bộ Nông nghiệp và Môi trường";

/// The body whose papers these are, and the one above it, for the heading.
async fn heading(
    state: &lode_web::AppState,
    caller: &Caller,
) -> Result<(String, String), AppError> {
    let Some(body_id) = caller
        .actor
        .register_unit
        .as_ref()
        .and_then(|u| u.ids().last().copied())
    else {
        return Ok((MINISTRY.into(), String::new()));
    };
    unit_heading(state, body_id).await
}

/// A unit and the one above it (the ministry above the department), for an official heading.
pub async fn unit_heading(
    state: &lode_web::AppState,
    unit_id: i64,
) -> Result<(String, String), AppError> {
    let unit = lode_db::units::get(&state.db, unit_id).await?;
    let parent = match unit.parent_id {
        Some(p) => lode_db::units::get(&state.db, p).await?.name,
        None => MINISTRY.into(),
    };
    Ok((parent, unit.name))
}

fn subtitle(p: &CheckedPeriod) -> String {
    format!(
        "Từ ngày {} đến ngày {}",
        p.from.format("%d/%m/%Y"),
        p.to.format("%d/%m/%Y")
    )
}

/// Sends a register as the format asked for.
pub fn deliver(
    register: &Register,
    name: &str,
    format: Option<&str>,
) -> Result<Response, AppError> {
    let (bytes, content_type, ext) = match format {
        Some("xlsx") => (
            register.xlsx()?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        _ => (
            register
                .pdf()
                .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?,
            "application/pdf",
            "pdf",
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                super::content_disposition("attachment", &format!("{name}.{ext}")),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

const SECRET_ENTRY: &str = "(văn bản mật)";

async fn incoming_register(
    state: &lode_web::AppState,
    caller: &Caller,
    p: &CheckedPeriod,
) -> Result<Register, AppError> {
    let rows = registers::incoming(&state.db, &caller.actor, p).await?;
    let (parent, body) = heading(state, caller).await?;
    Ok(Register {
        parent,
        body,
        title: if p.register == "secret" {
            "Sổ đăng ký văn bản đến (mật)".into()
        } else {
            "Sổ đăng ký văn bản đến".into()
        },
        subtitle: subtitle(p),
        orientation: Orientation::Landscape,
        columns: vec![
            Column::centered("Ngày đến", 1.0),
            Column::centered("Số đến", 0.6),
            Column::new("Tác giả", 1.5),
            Column::new("Số, ký hiệu", 1.1),
            Column::centered("Ngày tháng", 1.0),
            Column::new("Tên loại và trích yếu nội dung", 3.6),
            Column::new("Đơn vị hoặc người nhận", 1.5),
            Column::centered("Ký nhận", 0.8),
            // the leader's instruction is written here: as wide as the sender's name, so that
            // an instruction of a sentence does not stretch its row over half a page
            Column::new("Ghi chú", 1.6),
        ],
        rows: rows
            .iter()
            .map(|r| match &r.details {
                Some(d) => vec![
                    local_day(&r.received_on),
                    r.arrival_number.to_string(),
                    d.issuer.clone(),
                    d.notation.clone(),
                    local_day(&d.document_date),
                    format!("{}: {}", d.type_name, d.subject),
                    [d.lead_unit_name.clone(), d.handler_name.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" / "),
                    String::new(),
                    d.routing_note.clone().unwrap_or_default(),
                ],
                None => vec![
                    local_day(&r.received_on),
                    r.arrival_number.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    SECRET_ENTRY.into(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
            })
            .collect(),
    })
}

async fn tracking_register(
    state: &lode_web::AppState,
    caller: &Caller,
    p: &CheckedPeriod,
) -> Result<Register, AppError> {
    let rows: Vec<_> = registers::incoming(&state.db, &caller.actor, p)
        .await?
        .into_iter()
        .filter(|r| r.details.as_ref().is_some_and(|d| d.deadline.is_some()))
        .collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let replies = registers::replies(&state.db, &caller.actor, &ids).await?;
    let (parent, body) = heading(state, caller).await?;
    Ok(Register {
        parent,
        body,
        title: "Sổ theo dõi giải quyết văn bản đến".into(),
        subtitle: subtitle(p),
        orientation: Orientation::Landscape,
        columns: vec![
            Column::centered("Số đến", 0.6),
            Column::new("Tên loại, số, ký hiệu, ngày tháng, tác giả", 3.4),
            Column::new("Đơn vị hoặc người nhận", 1.7),
            Column::centered("Thời hạn giải quyết", 1.0),
            Column::new("Tiến độ giải quyết", 1.6),
            Column::new("Số, ký hiệu văn bản trả lời", 1.4),
            Column::new("Ghi chú", 1.0),
        ],
        rows: rows
            .iter()
            .filter_map(|r| {
                let d = r.details.as_ref()?;
                let progress = match (r.status.as_str(), &d.completed_at) {
                    ("completed", Some(at)) => format!("Đã giải quyết ngày {}", local_day(at)),
                    ("returned", _) => "Đã trả lại".into(),
                    _ if d.overdue => "Đang giải quyết, quá hạn".into(),
                    _ => "Đang giải quyết".into(),
                };
                Some(vec![
                    r.arrival_number.to_string(),
                    format!(
                        "{} số {}, ngày {}, của {}",
                        d.type_name,
                        d.notation,
                        local_day(&d.document_date),
                        d.issuer
                    ),
                    [d.lead_unit_name.clone(), d.handler_name.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" / "),
                    d.deadline.as_deref().map(local_day).unwrap_or_default(),
                    progress,
                    replies.get(&r.id).map(|v| v.join(", ")).unwrap_or_default(),
                    String::new(),
                ])
            })
            .collect(),
    })
}

async fn outgoing_register(
    state: &lode_web::AppState,
    caller: &Caller,
    p: &CheckedPeriod,
) -> Result<Register, AppError> {
    let rows = registers::outgoing(&state.db, &caller.actor, p).await?;
    let (parent, body) = heading(state, caller).await?;
    Ok(Register {
        parent,
        body,
        title: "Sổ đăng ký văn bản đi".into(),
        subtitle: subtitle(p),
        orientation: Orientation::Landscape,
        columns: vec![
            Column::new("Số, ký hiệu văn bản", 1.3),
            Column::centered("Ngày tháng văn bản", 1.0),
            Column::new("Tên loại và trích yếu nội dung", 3.4),
            Column::new("Người ký", 1.3),
            Column::new("Nơi nhận văn bản", 2.2),
            Column::new("Đơn vị, người nhận bản lưu", 1.5),
            Column::centered("Ngày chuyển", 1.0),
            Column::centered("Ký nhận", 0.8),
            Column::new("Ghi chú", 1.0),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let recipients: Vec<String> = r
                    .recipient_unit_names
                    .iter()
                    .chain(&r.recipients_outside)
                    .cloned()
                    .collect();
                vec![
                    r.notation.clone().unwrap_or_default(),
                    r.issued_on.as_deref().map(local_day).unwrap_or_default(),
                    match &r.subject {
                        Some(s) => format!("{}: {s}", r.type_name),
                        None => SECRET_ENTRY.into(),
                    },
                    r.signer_name.clone().unwrap_or_default(),
                    recipients.join("; "),
                    format!("{} / {}", r.drafting_unit_name, r.author_name),
                    r.sent_at.as_deref().map(local_day).unwrap_or_default(),
                    String::new(),
                    if r.recalled_at.is_some() {
                        "Đã thu hồi".into()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
    })
}

fn retention_vi(stored: &str) -> String {
    lode_core::dossiers::Retention::parse(stored)
        .map(|r| r.label_vi())
        .unwrap_or_else(|_| stored.to_string())
}

async fn dossier_list(
    state: &lode_web::AppState,
    caller: &Caller,
    p: &CheckedPeriod,
) -> Result<Register, AppError> {
    let rows = registers::dossiers(&state.db, &caller.actor, p).await?;
    let (parent, body) = heading(state, caller).await?;
    Ok(Register {
        parent,
        body,
        title: "Mục lục hồ sơ".into(),
        subtitle: format!(
            "Năm {}",
            if p.from.format("%Y").to_string() == p.to.format("%Y").to_string() {
                p.from.format("%Y").to_string()
            } else {
                format!("{}–{}", p.from.format("%Y"), p.to.format("%Y"))
            }
        ),
        orientation: Orientation::Landscape,
        columns: vec![
            Column::centered("STT", 0.5),
            Column::new("Mã hồ sơ", 2.0),
            Column::new("Tiêu đề hồ sơ", 4.0),
            Column::centered("Thời gian bắt đầu và kết thúc", 1.5),
            Column::centered("Thời hạn bảo quản", 1.0),
            Column::centered("Số văn bản", 0.7),
            Column::centered("Số tờ", 0.6),
            Column::new("Đơn vị, người lập hồ sơ", 1.8),
            Column::new("Ghi chú", 1.2),
        ],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    (i + 1).to_string(),
                    d.code.clone(),
                    d.title.clone().unwrap_or_else(|| "(hồ sơ mật)".into()),
                    format!(
                        "{} – {}",
                        local_day(&d.opened_on),
                        d.closed_on.as_deref().map(local_day).unwrap_or_default()
                    ),
                    retention_vi(&d.retention),
                    d.item_count.to_string(),
                    d.page_count.to_string(),
                    format!("{} / {}", d.unit_name, d.responsible_name),
                    match (&d.handed_over_on, &d.status[..]) {
                        (Some(on), _) => format!("Đã nộp lưu {}", local_day(on)),
                        (None, "open") => "Đang mở".into(),
                        _ => String::new(),
                    },
                ]
            })
            .collect(),
    })
}

/// A register as PDF (A4 landscape) or XLSX: `incoming`, `outgoing`, `tracking` (incoming
/// documents with a deadline and how they were settled), or `dossiers` (the index of dossiers).
#[utoipa::path(get, path = "/api/v1/registers/{kind}", tag = "reports",
    params(("kind" = String, Path, description = "`incoming`, `outgoing`, `tracking` or `dossiers`"), Period),
    responses((status = 200, content_type = "application/pdf"),
              (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 422, body = lode_web::error::Problem, description = "The period, register or format is wrong: `errors` names each.")))]
pub async fn register(
    axum::extract::State(state): State,
    caller: Caller,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    ApiQuery(period): ApiQuery<Period>,
) -> ApiResult<Response> {
    let Ok(Path(kind)) = path else {
        return Err(AppError::NotFound.into());
    };
    let register = printed_register(&state, &caller, &kind, &period).await?;
    Ok(deliver(
        &register,
        &register_file_name(&kind, &period),
        period.format.as_deref(),
    )?)
}

/// A register's file named as a clerk files it: `so-van-ban-den-2026-11-01-2026-11-30`.
pub fn register_file_name(kind: &str, period: &Period) -> String {
    let what = match kind {
        "incoming" => "van-ban-den",
        "outgoing" => "van-ban-di",
        "tracking" => "theo-doi-giai-quyet-van-ban",
        "dossiers" => "muc-luc-ho-so",
        other => other,
    };
    let mut name = format!("so-{what}");
    for day in [&period.from, &period.to].into_iter().flatten() {
        if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok() {
            name.push('-');
            name.push_str(day);
        }
    }
    name
}

/// Builds the register `kind` for the period, after checking who asks.
pub async fn printed_register(
    state: &lode_web::AppState,
    caller: &Caller,
    kind: &str,
    period: &Period,
) -> Result<Register, AppError> {
    match kind {
        "dossiers" => caller.require(Action::UseInternal)?,
        "incoming" | "outgoing" | "tracking" => caller.require(Action::ViewReports)?,
        _ => return Err(AppError::NotFound),
    }
    let p = period.check().map_err(AppError::Invalid)?;
    if p.register == "secret" {
        caller.require(Action::ReadSecret(
            lode_core::people::Clearance::Confidential,
        ))?;
    }
    match kind {
        "incoming" => incoming_register(state, caller, &p).await,
        "outgoing" => outgoing_register(state, caller, &p).await,
        "tracking" => tracking_register(state, caller, &p).await,
        _ => dossier_list(state, caller, &p).await,
    }
}

/// Only the format of a printout.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Format {
    /// `pdf` (default) or `xlsx`.
    pub format: Option<String>,
}

/// The document index of one dossier (mục lục văn bản), to print and keep with it.
#[utoipa::path(get, path = "/api/v1/dossiers/{id}/index", tag = "dossiers",
    params(("id" = i64, Path, description = "dossier id"), Format),
    responses((status = 200, content_type = "application/pdf"),
              (status = 422, body = lode_web::error::Problem, description = "The format is neither `pdf` nor `xlsx`.")))]
pub async fn dossier_index(
    axum::extract::State(state): State,
    caller: Caller,
    ApiId(id): ApiId,
    ApiQuery(format): ApiQuery<Format>,
) -> ApiResult<Response> {
    Ok(dossier_index_file(&state, &caller, id, format.format.as_deref()).await?)
}

pub async fn dossier_index_file(
    state: &lode_web::AppState,
    caller: &Caller,
    id: i64,
    format: Option<&str>,
) -> Result<Response, AppError> {
    if !matches!(format, None | Some("" | "pdf" | "xlsx")) {
        return Err(AppError::Invalid(
            lode_core::validation::FieldErrors::single(
                "format",
                "invalid_choice",
                "is `pdf` or `xlsx`",
            ),
        ));
    }
    let rec = super::dossiers::readable(state, caller, id).await?;
    let (parent, body) = heading(state, caller).await?;
    let register = Register {
        parent,
        body,
        title: "Mục lục văn bản".into(),
        subtitle: format!(
            "Hồ sơ {}: {} · Thời hạn bảo quản: {}",
            rec.code,
            rec.title,
            rec.retention.label_vi()
        ),
        orientation: Orientation::Portrait,
        columns: vec![
            Column::centered("STT", 0.45),
            Column::new("Số, ký hiệu văn bản", 2.0),
            Column::centered("Ngày tháng văn bản", 1.05),
            Column::new("Tác giả văn bản", 1.6),
            Column::new("Tên loại và trích yếu nội dung", 3.0),
            Column::centered("Số tờ", 0.5),
            Column::new("Ghi chú", 0.9),
        ],
        rows: rec
            .items
            .iter()
            .map(|i| {
                vec![
                    i.ordinal.to_string(),
                    i.notation.clone().unwrap_or_default(),
                    i.doc_date.as_deref().map(local_day).unwrap_or_default(),
                    i.author.clone().unwrap_or_default(),
                    i.title.clone(),
                    i.sheets_said(),
                    i.note.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    deliver(&register, &format!("muc-luc-ho-so-{}", rec.code), format)
}
