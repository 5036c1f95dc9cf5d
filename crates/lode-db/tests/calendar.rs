//! The working calendar in storage, on SQLite and PostgreSQL: the administrator's days off and
//! make-up days over the Labour Code's rule, and the deadlines counted with them.

use chrono::NaiveDate;
use lode_core::calendar::DeadlineUnit;
use lode_db::calendar;
use lode_db::testkit::TestDb;
use lode_db::{AuditCtx, Backend};

lode_db::on_both_backends!(the_administrator_sets_days_off_and_working_days);

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

async fn the_administrator_sets_days_off_and_working_days(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    let ctx = AuditCtx::system("test");
    // the government moves Friday 2 January 2026 off, Saturday 10 January a working day
    calendar::set_day(&t.db, &ctx, day("2026-01-02"), true, "Nghỉ hoán đổi").await?;
    calendar::set_day(&t.db, &ctx, day("2026-01-10"), false, "Làm bù").await?;
    let cal = calendar::calendar(&t.db).await?;
    assert!(!cal.is_working_day(day("2026-01-02")));
    assert!(cal.is_working_day(day("2026-01-10")));
    assert_eq!(
        cal.deadline(day("2025-12-31"), 2, DeadlineUnit::WorkingDays, &[]),
        Some(day("2026-01-06"))
    );
    let listed = calendar::calendar_days(&t.db, day("2026-01-01")).await?;
    assert_eq!(listed.len(), 2);
    assert!(listed[0].off && !listed[1].off);
    assert!(
        calendar::set_day(&t.db, &ctx, day("2026-01-03"), true, "")
            .await
            .is_err()
    );
    assert!(calendar::clear_day(&t.db, &ctx, day("2026-01-02")).await?);
    assert!(!calendar::clear_day(&t.db, &ctx, day("2026-01-02")).await?);
    let cal = calendar::calendar(&t.db).await?;
    assert!(cal.is_working_day(day("2026-01-02")));
    Ok(())
}
