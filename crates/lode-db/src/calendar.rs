//! The working calendar in storage: the government's yearly days off and make-up days that an
//! administrator sets over the Labour Code's rule ([`lode_core::calendar`]), read as a
//! [`Calendar`] by every deadline.

use crate::audit::{Event, append};
use crate::{AuditCtx, Db, DbResult, now};
use chrono::NaiveDate;
use lode_core::calendar::{Calendar, DayNote};
use lode_core::validation::FieldErrors;
use serde::Serialize;

/// A day the administrator set.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CalendarDay {
    pub day: String,
    pub off: bool,
    pub name: String,
}

/// The administrator's days, from `from` on.
pub async fn calendar_days(db: &Db, from: NaiveDate) -> DbResult<Vec<CalendarDay>> {
    let rows: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT day, off, name FROM calendar_days WHERE day >= $1 ORDER BY day")
            .bind(from.to_string())
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(day, off, name)| CalendarDay {
            day,
            off: off != 0,
            name,
        })
        .collect())
}

/// The working calendar: the rules and every day the administrator set.
pub async fn calendar(db: &Db) -> DbResult<Calendar> {
    let rows: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT day, off, name FROM calendar_days")
            .fetch_all(db.pool())
            .await?;
    Ok(Calendar::new(rows.into_iter().filter_map(
        |(day, off, name)| {
            let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?;
            Some((
                day,
                DayNote {
                    off: off != 0,
                    name,
                },
            ))
        },
    )))
}

/// Sets a day off or a working day (the government's decision for the year).
pub async fn set_day(
    db: &Db,
    ctx: &AuditCtx,
    day: NaiveDate,
    off: bool,
    name: &str,
) -> DbResult<()> {
    let name = lode_core::validation::bounded_text(name, 120)
        .map_err(|e| FieldErrors::single("name", e.code, e.message))?;
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO calendar_days (day, off, name, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (day) DO UPDATE SET off = $2, name = $3, updated_at = $4",
    )
    .bind(day.to_string())
    .bind(i64::from(off))
    .bind(&name)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            "calendar.set",
            "calendar_day",
            day,
            serde_json::json!({"off": off, "name": name}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes the administrator's entry for a day: the rule applies again.
pub async fn clear_day(db: &Db, ctx: &AuditCtx, day: NaiveDate) -> DbResult<bool> {
    let mut tx = db.write().await?;
    let n = sqlx::query("DELETE FROM calendar_days WHERE day = $1")
        .bind(day.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n > 0 {
        append(
            &mut tx,
            ctx,
            Event::new("calendar.clear", "calendar_day", day, serde_json::json!({})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(n > 0)
}
