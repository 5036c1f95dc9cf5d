//! Weekly reports (báo cáo tuần): the week's figures of a unit computed from the documents,
//! a draft written from them, edited by the unit's leader, submitted up the tree; the body's
//! report gathers the reports its units submitted.
//!
//! Weeks run Monday to Sunday and are named by their Monday.

use chrono::{Datelike, NaiveDate};
use lode_core::authz::{Action, Actor, WeeklyScope, decide};
use lode_core::org::UnitPath;
use lode_core::validation::{FieldErrors, optional_lines};
use lode_db::audit::{self, Event};
use lode_db::{AuditCtx, Db, DbError, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The longest text of one section.
pub const SECTION_MAX: usize = 20_000;

/// The Monday of the week holding `day`.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// What happened in a unit in a week, as the dashboard counts it for that week.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Figures {
    /// Incoming documents received in the body's register (for a unit: those it leads).
    pub received: i64,
    /// Documents with a deadline settled this week.
    pub handled: i64,
    /// Of those settled, by their deadline.
    pub on_time: i64,
    /// Open and past their deadline at the week's end (today, while it runs).
    pub overdue: i64,
    /// Outgoing documents sent.
    pub issued: i64,
}

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// Where a weekly report stands.
    WeeklyStatus {
        /// Written by its unit, seen by its writers alone.
        Draft = "draft",
        /// Sent up: read by the leaders above, no longer changed.
        Submitted = "submitted",
    }
}

/// One unit's report for one week.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WeeklyReport {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    /// The Monday, `YYYY-MM-DD`.
    pub week_start: String,
    pub status: WeeklyStatus,
    pub figures: Figures,
    /// Work done.
    pub done: String,
    /// Work planned for next week.
    pub planned: String,
    /// Proposals and difficulties.
    pub proposals: String,
    pub author_name: String,
    pub submitted_at: Option<String>,
    pub version: i64,
}

/// An edit of the text, or a submission.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportEdit {
    pub done: Option<String>,
    pub planned: Option<String>,
    pub proposals: Option<String>,
    pub version: Option<i64>,
}

struct Unit {
    id: i64,
    name: String,
    path: UnitPath,
    is_body: bool,
    /// Who reads its report: see [`Action::ViewWeeklyReport`].
    scope: WeeklyScope,
}

async fn unit(db: &Db, id: i64) -> DbResult<Unit> {
    let u = lode_db::units::get(db, id).await?;
    let is_body = u.kind.keeps_register();
    let (below,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units WHERE parent_id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await?;
    Ok(Unit {
        id,
        name: u.name,
        scope: WeeklyScope {
            unit: u.path.clone(),
            units_below: below > 0,
        },
        path: u.path,
        is_body,
    })
}

/// The key of the overdue figure's heading for the week starting `monday`: counted as at the
/// week's end, or today while the week runs (see [`figures`]).
pub fn overdue_heading(monday: NaiveDate) -> &'static str {
    if lode_db::today() <= monday + chrono::Duration::days(6) {
        "weekly.overdue_today"
    } else {
        "weekly.overdue"
    }
}

/// The figures of `unit` for the week starting `monday`: the dashboard's for that week (see
/// [`crate::reports::figures`]), so that the report and the dashboard, and the lists behind
/// the dashboard's figures, say the same. A body's are those of its register; a unit's, those
/// of its body's register it leads. Overdue is counted as at the week's end, or today while
/// the week runs (a document due later this week is not late yet).
async fn figures(db: &Db, u: &Unit, monday: NaiveDate) -> DbResult<Figures> {
    let sunday = monday + chrono::Duration::days(6);
    let as_at = lode_db::today().min(sunday + chrono::Duration::days(1));
    let (body,): (i64,) = sqlx::query_as(
        "SELECT id FROM units WHERE kind IN ('department', 'federation') AND $1 LIKE path || '%'
         ORDER BY LENGTH(path) DESC LIMIT 1",
    )
    .bind(u.path.as_str())
    .fetch_optional(db.pool())
    .await?
    .unwrap_or((u.id,));
    let led = (!u.is_body).then_some(&u.path);
    let f = crate::reports::figures(db, body, led, monday, sunday, as_at).await?;
    Ok(Figures {
        received: f.received,
        handled: f.completed,
        on_time: f.completed_on_time,
        overdue: f.overdue,
        issued: f.sent,
    })
}

/// The draft text of a unit's week: what was settled, what falls due next week. A body's draft
/// adds, one section each, the reports its units submitted.
async fn draft_text(db: &Db, u: &Unit, monday: NaiveDate) -> DbResult<(String, String)> {
    let sunday = monday + chrono::Duration::days(6);
    let subtree = format!("{}%", u.path.as_str());
    // A body's own lines are the work led at its own level; its units speak in their reports.
    let led = if u.is_body {
        "d.lead_unit_id = $4"
    } else {
        "d.lead_unit_id IN (SELECT id FROM units WHERE path LIKE $1) AND $4 = $4"
    };
    // a secret letter is counted, never described: the report goes to readers without clearance
    let settled: Vec<(String, String, String, String)> = sqlx::query_as(&format!(
        "SELECT d.notation, d.issuer, d.subject, d.secrecy FROM incoming_documents d
         WHERE {led} AND d.status = 'completed'
           AND d.completed_at >= $2 AND d.completed_at < $3 AND $1 = $1
         ORDER BY d.completed_at LIMIT 200"
    ))
    .bind(&subtree)
    .bind(lode_db::day_start(monday))
    .bind(lode_db::day_start(sunday + chrono::Duration::days(1)))
    .bind(u.id)
    .fetch_all(db.pool())
    .await?;
    let next_sunday = sunday + chrono::Duration::days(7);
    let due: Vec<(String, String, String, String)> = sqlx::query_as(&format!(
        "SELECT d.notation, d.deadline, d.subject, d.secrecy FROM incoming_documents d
         WHERE {led} AND d.status IN ('routed', 'assigned')
           AND d.deadline IS NOT NULL AND d.deadline <= $2 AND $1 = $1 AND $3 = $3
         ORDER BY d.deadline LIMIT 200"
    ))
    .bind(&subtree)
    .bind(next_sunday.to_string())
    .bind(sunday.to_string())
    .bind(u.id)
    .fetch_all(db.pool())
    .await?;
    let secret = |secrecy: &str| secrecy != "none";
    let mut done: Vec<String> = settled
        .iter()
        .filter(|r| !secret(&r.3))
        .map(|(n, issuer, subject, _)| {
            format!("- Đã giải quyết văn bản số {n} của {issuer}: {subject}")
        })
        .collect();
    let settled_secret = settled.iter().filter(|r| secret(&r.3)).count();
    if settled_secret > 0 {
        done.push(format!(
            "- Đã giải quyết {settled_secret} văn bản mật (không nêu nội dung)"
        ));
    }
    let due_secret = due.iter().filter(|r| secret(&r.3)).count();
    let mut planned: Vec<String> = due
        .iter()
        .filter(|r| !secret(&r.3))
        .map(|(n, deadline, subject, _)| {
            // the text is the unit's to edit and sign: days as Vietnamese write them
            let deadline = chrono::NaiveDate::parse_from_str(deadline, "%Y-%m-%d")
                .map_or_else(|_| deadline.clone(), |d| d.format("%d/%m/%Y").to_string());
            format!("- Giải quyết văn bản số {n} (hạn {deadline}): {subject}")
        })
        .collect();
    if due_secret > 0 {
        planned.push(format!(
            "- Giải quyết {due_secret} văn bản mật đến hạn (không nêu nội dung)"
        ));
    }
    if u.is_body {
        let units: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT un.name, w.done, w.planned FROM weekly_reports w JOIN units un ON un.id = w.unit_id
             WHERE w.week_start = $1 AND w.status = 'submitted' AND un.path LIKE $2 AND un.id <> $3
             ORDER BY un.path",
        )
        .bind(monday.to_string())
        .bind(&subtree)
        .bind(u.id)
        .fetch_all(db.pool())
        .await?;
        for (name, unit_done, unit_planned) in units {
            done.push(format!("\n{name}:\n{unit_done}"));
            planned.push(format!("\n{name}:\n{unit_planned}"));
        }
    }
    Ok((
        done.join("\n").trim().to_string(),
        planned.join("\n").trim().to_string(),
    ))
}

lode_db::row! {
    /// A row as stored, read by name.
    struct Row {
        id: i64,
        unit_id: i64,
        unit_name: String,
        week_start: String,
        status: String,
        figures: String,
        done: String,
        planned: String,
        proposals: String,
        author_name: String,
        submitted_at: Option<String>,
        version: i64,
    }
}

async fn find(db: &Db, unit_id: i64, monday: NaiveDate) -> DbResult<Option<WeeklyReport>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT w.id, w.unit_id, u.name AS unit_name, w.week_start, w.status, w.figures, w.done,
                w.planned, w.proposals, a.full_name AS author_name, w.submitted_at, w.version
         FROM weekly_reports w JOIN units u ON u.id = w.unit_id JOIN accounts a ON a.id = w.author_id
         WHERE w.unit_id = $1 AND w.week_start = $2",
    )
    .bind(unit_id)
    .bind(monday.to_string())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| WeeklyReport {
        id: r.id,
        unit_id: r.unit_id,
        unit_name: r.unit_name,
        week_start: r.week_start,
        // a status this version does not know reads as a draft: shown to its writers alone
        status: WeeklyStatus::parse(&r.status).unwrap_or(WeeklyStatus::Draft),
        figures: serde_json::from_str(&r.figures).unwrap_or_default(),
        done: r.done,
        planned: r.planned,
        proposals: r.proposals,
        author_name: r.author_name,
        submitted_at: r.submitted_at,
        version: r.version,
    }))
}

/// The report as `actor` may see it: a draft is its writers' alone until it is submitted.
fn shown_to(actor: &Actor, u: &Unit, report: WeeklyReport) -> Option<WeeklyReport> {
    let draft = report.status == WeeklyStatus::Draft;
    (!draft || decide(actor, Action::WriteWeeklyReport(&u.path)).is_ok()).then_some(report)
}

/// The report of `unit_id` for the week of `day`: the stored one, or (for those who may write
/// it) a draft from the week's figures, not stored until its writer saves it (reading a week
/// leaves nothing in anyone's name; its `id` and `version` are 0). `None` when there is none
/// and the caller may not start one.
pub async fn get_or_draft(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    day: NaiveDate,
) -> DbResult<Option<WeeklyReport>> {
    let u = unit(db, unit_id).await?;
    decide(actor, Action::ViewWeeklyReport(&u.scope)).map_err(|_| DbError::NotFound)?;
    let monday = week_of(day);
    if let Some(r) = find(db, unit_id, monday).await? {
        return Ok(shown_to(actor, &u, r));
    }
    if decide(actor, Action::WriteWeeklyReport(&u.path)).is_err()
        || monday > crate::incoming::today()
    {
        return Ok(None);
    }
    drafted(db, &u, monday).await.map(Some)
}

/// The draft of `u`'s week as its figures and documents write it, not stored.
async fn drafted(db: &Db, u: &Unit, monday: NaiveDate) -> DbResult<WeeklyReport> {
    let (done, planned) = draft_text(db, u, monday).await?;
    Ok(WeeklyReport {
        id: 0,
        unit_id: u.id,
        unit_name: u.name.clone(),
        week_start: monday.to_string(),
        status: WeeklyStatus::Draft,
        figures: figures(db, u, monday).await?,
        done,
        planned,
        proposals: String::new(),
        author_name: String::new(),
        submitted_at: None,
        version: 0,
    })
}

/// Recomputes the figures and the drafted text of a draft (after more work was done); a week
/// whose draft was never saved gets it stored, as drafted now.
pub async fn redraft(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    unit_id: i64,
    day: NaiveDate,
) -> DbResult<WeeklyReport> {
    let u = unit(db, unit_id).await?;
    let monday = week_of(day);
    let report = writable(db, actor, &u, monday, None).await?;
    // a draft never saved was drafted just now
    let fresh = if report.id == 0 {
        report.clone()
    } else {
        drafted(db, &u, monday).await?
    };
    let text = Text {
        done: &fresh.done,
        planned: &fresh.planned,
        proposals: &report.proposals,
    };
    write(
        db,
        (ctx, actor),
        (&u, monday),
        (&report, &fresh.figures),
        text,
        Step::Redraft,
    )
    .await
}

/// The report its writer changes: the stored draft, or the one drafted from the figures when
/// none is stored (the writer worked on the draft they were shown, version 0).
async fn writable(
    db: &Db,
    actor: &Actor,
    u: &Unit,
    monday: NaiveDate,
    version: Option<i64>,
) -> DbResult<WeeklyReport> {
    decide(actor, Action::ViewWeeklyReport(&u.scope)).map_err(|_| DbError::NotFound)?;
    decide(actor, Action::WriteWeeklyReport(&u.path)).map_err(DbError::Denied)?;
    let report = match find(db, u.id, monday).await? {
        Some(stored) => stored,
        None if monday > crate::incoming::today() => return Err(DbError::NotFound),
        None => drafted(db, u, monday).await?,
    };
    if report.status != WeeklyStatus::Draft {
        return Err(DbError::Conflict(
            "the report was submitted: it can no longer change".into(),
        ));
    }
    if let Some(v) = version
        && v != report.version
    {
        return Err(DbError::Conflict(format!(
            "the report was changed by someone else (version {v} is now {})",
            report.version
        )));
    }
    Ok(report)
}

/// A report's three sections.
struct Text<'a> {
    done: &'a str,
    planned: &'a str,
    proposals: &'a str,
}

/// What a writer does to a week's report.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Edit,
    Submit,
    Redraft,
}

impl Step {
    /// The audit log's action: `weekly_report.draft` for a draft stored by this step (its
    /// first save, or a redraft of one never saved), unless the step submits it.
    fn action(self, stored_now: bool) -> &'static str {
        match (self, stored_now) {
            (Step::Submit, _) => "weekly_report.submit",
            (_, true) => "weekly_report.draft",
            (Step::Edit, false) => "weekly_report.save",
            (Step::Redraft, false) => "weekly_report.redraft",
        }
    }
}

/// Writes `report` (stored, or drafted and never saved: stored now) with `figures` and `text`
/// as `step` does, with its audit entry, and reads it back. Refused as changed by someone else
/// when the stored one moved on, or one was stored meanwhile.
async fn write(
    db: &Db,
    (ctx, actor): (&AuditCtx, &Actor),
    (u, monday): (&Unit, NaiveDate),
    (report, figures): (&WeeklyReport, &Figures),
    text: Text<'_>,
    step: Step,
) -> DbResult<WeeklyReport> {
    let now = lode_db::now();
    let submitted = (step == Step::Submit).then_some(now.as_str());
    let figures = serde_json::to_string(figures).map_err(|e| DbError::Other(e.into()))?;
    let status = if submitted.is_some() {
        WeeklyStatus::Submitted
    } else {
        WeeklyStatus::Draft
    };
    let mut tx = db.write().await?;
    let stored_now = report.id == 0;
    let written = if stored_now {
        sqlx::query(
            "INSERT INTO weekly_reports (unit_id, week_start, status, figures, done, planned, proposals,
                author_id, created_at, updated_at, submitted_at, submitted_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)
             ON CONFLICT (unit_id, week_start) DO NOTHING",
        )
        .bind(u.id)
        .bind(monday.to_string())
        .bind(status.as_str())
        .bind(&figures)
        .bind(text.done)
        .bind(text.planned)
        .bind(text.proposals)
        .bind(actor.account_id)
        .bind(&now)
        .bind(submitted)
        .bind(submitted.map(|_| actor.account_id))
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query(
            "UPDATE weekly_reports SET figures = $1, done = $2, planned = $3, proposals = $4,
                updated_at = $5, version = version + 1, status = $6, submitted_at = $7, submitted_by = $8
             WHERE id = $9 AND version = $10 AND status = 'draft'",
        )
        .bind(&figures)
        .bind(text.done)
        .bind(text.planned)
        .bind(text.proposals)
        .bind(&now)
        .bind(status.as_str())
        .bind(submitted)
        .bind(submitted.map(|_| actor.account_id))
        .bind(report.id)
        .bind(report.version)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    };
    if written != 1 {
        return Err(DbError::Conflict(
            "the report was changed by someone else".into(),
        ));
    }
    audit::append(
        &mut tx,
        ctx,
        Event::new(
            step.action(stored_now),
            "unit",
            u.id,
            json!({"week_start": monday.to_string()}),
        ),
    )
    .await?;
    tx.commit().await?;
    find(db, u.id, monday).await?.ok_or(DbError::NotFound)
}

/// Saves the edited text of a draft; with `submit`, sends it up (it then no longer changes).
/// A week's draft never saved is stored with its first save, never before its text is read.
pub async fn save(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    unit_id: i64,
    day: NaiveDate,
    edit: &ReportEdit,
    submit: bool,
) -> DbResult<WeeklyReport> {
    let u = unit(db, unit_id).await?;
    let monday = week_of(day);
    let report = writable(db, actor, &u, monday, edit.version).await?;
    let mut errors = FieldErrors::new();
    let mut section = |field: &str, value: &Option<String>, current: &str| match value {
        None => Some(current.to_string()),
        Some(v) => errors
            .take(field, optional_lines(Some(v), SECTION_MAX))
            .map(Option::unwrap_or_default),
    };
    let done = section("done", &edit.done, &report.done);
    let planned = section("planned", &edit.planned, &report.planned);
    let proposals = section("proposals", &edit.proposals, &report.proposals);
    // a report sent says what was done (if nothing, in so many words): sent, it is no longer
    // changed
    if submit && done.as_deref().is_some_and(|t| t.trim().is_empty()) {
        errors.add("done", "required", "is required before the report is sent");
    }
    errors.into_result()?;
    let (Some(done), Some(planned), Some(proposals)) = (done, planned, proposals) else {
        return Err(DbError::Other(anyhow::anyhow!("validated input missing")));
    };
    let text = Text {
        done: &done,
        planned: &planned,
        proposals: &proposals,
    };
    let step = if submit { Step::Submit } else { Step::Edit };
    write(
        db,
        (ctx, actor),
        (&u, monday),
        (&report, &report.figures),
        text,
        step,
    )
    .await
}

/// The reports of the units right below `unit_id` for the week (with `None` for those that have
/// none yet): what the body's leader sees before consolidating.
pub async fn of_units_below(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    day: NaiveDate,
) -> DbResult<Vec<(i64, String, Option<WeeklyReport>)>> {
    let u = unit(db, unit_id).await?;
    decide(actor, Action::ViewWeeklyReport(&u.scope)).map_err(|_| DbError::NotFound)?;
    let monday = week_of(day);
    let children: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM units WHERE parent_id = $1 AND status = 'active' ORDER BY path",
    )
    .bind(unit_id)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for (id, name) in children {
        let child = unit(db, id).await?;
        if decide(actor, Action::ViewWeeklyReport(&child.scope)).is_err() {
            out.push((id, name, None));
            continue;
        }
        let report = find(db, id, monday).await?;
        out.push((id, name, report.and_then(|r| shown_to(actor, &child, r))));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Step;
    use lode_web::i18n::Lang;

    /// Every action a writer's step leaves in the audit log is one the log names (its page
    /// offers and words the same list).
    #[test]
    fn every_step_is_logged_as_an_action_the_log_names() {
        for step in [Step::Edit, Step::Submit, Step::Redraft] {
            for stored_now in [false, true] {
                let action = step.action(stored_now);
                assert!(
                    Lang::Vi.lookup(&format!("audit.action.{action}")).is_some(),
                    "{action}"
                );
            }
        }
    }
}
