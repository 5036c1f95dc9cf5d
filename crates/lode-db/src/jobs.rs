//! Jobs: background work that any node may take.
//!
//! A job is queued with a kind and a JSON payload, claimed by one node under a lease, and ends
//! done or, after its last attempt, failed; a failed attempt goes back to the queue after a
//! back-off that doubles each time. A node that dies lets go of its jobs when their leases run
//! out, and another node takes them up again. The node that holds a job renews its lease while
//! it works; what a node reports after losing its lease (another node took the job) is ignored.
//!
//! Claims: on PostgreSQL `FOR UPDATE SKIP LOCKED`, so nodes claiming at once take different
//! jobs; on SQLite through the writer lane, one claim at a time.
//!
//! Work that repeats is queued once per period with a `once_key` naming the period: every node
//! may try, the first one queues it.

use crate::audit::{self, Event};
use crate::{AuditCtx, Backend, Db, DbError, DbResult, format_instant, now};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobState {
    pub const ALL: [JobState; 4] = [Self::Queued, Self::Running, Self::Done, Self::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A job to queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: serde_json::Value,
    /// Attempts before the job is marked failed (at least one).
    pub max_attempts: i64,
    /// Not before this instant (now when none).
    pub run_after: Option<DateTime<Utc>>,
    /// Queues the job only if no job has this key yet.
    pub once_key: Option<String>,
}

impl NewJob {
    pub fn new(kind: &str, payload: serde_json::Value) -> Self {
        Self {
            kind: kind.to_string(),
            payload,
            max_attempts: 5,
            run_after: None,
            once_key: None,
        }
    }
}

/// A job as its node works on it. `attempt` fences what the node reports: once another node
/// has taken the job (a later attempt), this one's reports change nothing.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub attempt: i64,
    pub max_attempts: i64,
    pub node: String,
}

/// A job as administrators see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobRecord {
    pub id: i64,
    pub kind: String,
    pub state: JobState,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_after: String,
    pub lease_until: Option<String>,
    pub node: Option<String>,
    pub last_error: Option<String>,
    pub progress_done: Option<i64>,
    pub progress_total: Option<i64>,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

struct JobRow {
    id: i64,
    kind: String,
    state: String,
    attempts: i64,
    max_attempts: i64,
    run_after: String,
    lease_until: Option<String>,
    node: Option<String>,
    last_error: Option<String>,
    progress_done: Option<i64>,
    progress_total: Option<i64>,
    created_at: String,
    started_at: Option<String>,
    finished_at: Option<String>,
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for JobRow {
    fn from_row(r: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(Self {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            state: r.try_get("state")?,
            attempts: r.try_get("attempts")?,
            max_attempts: r.try_get("max_attempts")?,
            run_after: r.try_get("run_after")?,
            lease_until: r.try_get("lease_until")?,
            node: r.try_get("node")?,
            last_error: r.try_get("last_error")?,
            progress_done: r.try_get("progress_done")?,
            progress_total: r.try_get("progress_total")?,
            created_at: r.try_get("created_at")?,
            started_at: r.try_get("started_at")?,
            finished_at: r.try_get("finished_at")?,
        })
    }
}

impl From<JobRow> for JobRecord {
    fn from(r: JobRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            state: JobState::parse(&r.state).unwrap_or(JobState::Failed),
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            run_after: r.run_after,
            lease_until: r.lease_until,
            node: r.node,
            last_error: r.last_error,
            progress_done: r.progress_done,
            progress_total: r.progress_total,
            created_at: r.created_at,
            started_at: r.started_at,
            finished_at: r.finished_at,
        }
    }
}

const COLUMNS: &str = "id, kind, state, attempts, max_attempts, run_after, lease_until, node, \
                       last_error, progress_done, progress_total, created_at, started_at, finished_at";

/// The error recorded for a job whose node stopped on its last attempt (the pages say it in
/// the reader's language).
pub const NODE_STOPPED: &str = "the node working on it stopped";

/// The longest an error message is kept.
const ERROR_MAX: usize = 2000;

/// How long a failed attempt waits before the next: 30 seconds, doubling with each attempt,
/// at most an hour.
pub fn backoff(attempt: i64) -> Duration {
    let doublings = u32::try_from(attempt.clamp(1, 8) - 1).unwrap_or(0);
    Duration::from_secs((30_u64 << doublings).min(3600))
}

fn instant_after(d: Duration) -> String {
    format_instant(Utc::now() + chrono::Duration::from_std(d).unwrap_or_default())
}

/// Queues a job. With a `once_key` already used, queues nothing and answers `None`.
pub async fn enqueue(db: &Db, job: &NewJob) -> DbResult<Option<i64>> {
    let mut tx = db.write().await?;
    let id = enqueue_in(&mut tx, job).await?;
    tx.commit().await?;
    Ok(id)
}

/// Queues a job inside the caller's transaction: it exists only if the transaction commits.
pub async fn enqueue_in(tx: &mut crate::Tx, job: &NewJob) -> DbResult<Option<i64>> {
    let run_after = job.run_after.map_or_else(now, format_instant);
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO jobs (kind, payload, max_attempts, run_after, once_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (once_key) DO NOTHING RETURNING id",
    )
    .bind(&job.kind)
    .bind(job.payload.to_string())
    .bind(job.max_attempts.max(1))
    .bind(run_after)
    .bind(job.once_key.as_deref())
    .bind(now())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Whether a job of one of `kinds` waits to be taken (a read: nodes look before they claim).
pub async fn any_due(db: &Db, kinds: &[&str]) -> DbResult<bool> {
    if kinds.is_empty() {
        return Ok(false);
    }
    let sql = format!(
        "SELECT id FROM jobs WHERE kind IN ({}) AND ((state = 'queued' AND run_after <= $1)
           OR (state = 'running' AND lease_until <= $1)) LIMIT 1",
        placeholders(2, kinds.len())
    );
    let mut q = sqlx::query_as::<_, (i64,)>(&sql).bind(now());
    for k in kinds {
        q = q.bind(*k);
    }
    Ok(q.fetch_optional(db.pool()).await?.is_some())
}

/// Whether a job of `kind` waits or works now (on any node).
pub async fn pending(db: &Db, kind: &str) -> DbResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM jobs WHERE kind = $1 AND state IN ('queued', 'running') LIMIT 1",
    )
    .bind(kind)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.is_some())
}

fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Claims the next due job of one of `kinds` for `node`, under a lease of `lease`: a queued job
/// whose time has come, or a running one whose node let its lease run out. A job whose node
/// died on its last attempt is marked failed instead.
pub async fn claim(
    db: &Db,
    node: &str,
    kinds: &[&str],
    lease: Duration,
) -> DbResult<Option<Claimed>> {
    if kinds.is_empty() {
        return Ok(None);
    }
    let at = now();
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE jobs SET state = 'failed', finished_at = $1, lease_until = NULL,
                last_error = $2
         WHERE state = 'running' AND lease_until <= $1 AND attempts >= max_attempts",
    )
    .bind(&at)
    .bind(NODE_STOPPED)
    .execute(&mut *tx)
    .await?;
    let lock = match db.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, node = $2, lease_until = $3,
                started_at = $1, progress_done = NULL, progress_total = NULL
         WHERE id = (SELECT id FROM jobs
                     WHERE kind IN ({}) AND ((state = 'queued' AND run_after <= $1)
                        OR (state = 'running' AND lease_until <= $1))
                     ORDER BY run_after, id LIMIT 1{lock})
         RETURNING id, kind, payload, attempts, max_attempts",
        placeholders(4, kinds.len())
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, i64, i64)>(&sql)
        .bind(&at)
        .bind(node)
        .bind(instant_after(lease));
    for k in kinds {
        q = q.bind(*k);
    }
    let row = q.fetch_optional(&mut *tx).await?;
    tx.commit().await?;
    Ok(
        row.map(|(id, kind, payload, attempt, max_attempts)| Claimed {
            id,
            kind,
            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
            attempt,
            max_attempts,
            node: node.to_string(),
        }),
    )
}

/// The condition that a report comes from the node holding the job's current attempt.
const HELD: &str = "id = $1 AND node = $2 AND attempts = $3 AND state = 'running'";

/// Extends the lease of a job its node still holds, with how far it got; `false` when the node
/// no longer holds it (it should stop).
pub async fn renew(
    db: &Db,
    job: &Claimed,
    lease: Duration,
    progress: Option<(i64, i64)>,
) -> DbResult<bool> {
    let mut tx = db.write().await?;
    let r = sqlx::query(&format!(
        "UPDATE jobs SET lease_until = $4, progress_done = COALESCE($5, progress_done),
                progress_total = COALESCE($6, progress_total) WHERE {HELD}"
    ))
    .bind(job.id)
    .bind(&job.node)
    .bind(job.attempt)
    .bind(instant_after(lease))
    .bind(progress.map(|p| p.0))
    .bind(progress.map(|p| p.1))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(r.rows_affected() == 1)
}

/// Marks a job done; `false` when the node no longer held it.
pub async fn complete(db: &Db, job: &Claimed) -> DbResult<bool> {
    let mut tx = db.write().await?;
    let r = sqlx::query(&format!(
        "UPDATE jobs SET state = 'done', finished_at = $4, lease_until = NULL, last_error = NULL
         WHERE {HELD}"
    ))
    .bind(job.id)
    .bind(&job.node)
    .bind(job.attempt)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(r.rows_affected() == 1)
}

/// What became of a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterFailure {
    /// Back in the queue, not before this instant.
    RetryAt(String),
    /// That was the last attempt.
    Failed,
    /// The node no longer held the job: nothing changed.
    NotHeld,
}

/// Records a failed attempt: the job goes back to the queue after its back-off, or is marked
/// failed after its last attempt.
pub async fn fail(db: &Db, job: &Claimed, error: &str) -> DbResult<AfterFailure> {
    let error: String = error.chars().take(ERROR_MAX).collect();
    let last = job.attempt >= job.max_attempts;
    let retry_at = instant_after(backoff(job.attempt));
    // the last attempt ends the job; another goes back to the queue after its back-off
    let (state, run_after, finished_at) = if last {
        ("failed", None, Some(now()))
    } else {
        ("queued", Some(&retry_at), None)
    };
    let mut tx = db.write().await?;
    let r = sqlx::query(&format!(
        "UPDATE jobs SET state = $4, run_after = COALESCE($5, run_after), finished_at = $6,
                lease_until = NULL, last_error = $7 WHERE {HELD}"
    ))
    .bind(job.id)
    .bind(&job.node)
    .bind(job.attempt)
    .bind(state)
    .bind(run_after)
    .bind(finished_at)
    .bind(&error)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(match (r.rows_affected(), last) {
        (0, _) => AfterFailure::NotHeld,
        (_, true) => AfterFailure::Failed,
        (_, false) => AfterFailure::RetryAt(retry_at),
    })
}

/// An administrator puts a failed job back in the queue with as many attempts again as it had
/// (the attempt number only grows: it is what fences a late report).
pub async fn retry(db: &Db, ctx: &AuditCtx, id: i64) -> DbResult<JobRecord> {
    let mut tx = db.write().await?;
    let kind: Option<(String,)> = sqlx::query_as(
        "UPDATE jobs SET state = 'queued', max_attempts = attempts + max_attempts, run_after = $2,
                finished_at = NULL, node = NULL WHERE id = $1 AND state = 'failed' RETURNING kind",
    )
    .bind(id)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((kind,)) = kind else {
        let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM jobs WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => DbError::Conflict("only a failed job is put back in the queue".into()),
            None => DbError::NotFound,
        });
    };
    audit::append(
        &mut tx,
        ctx,
        Event::new("job.retry", "job", id, serde_json::json!({ "kind": kind })),
    )
    .await?;
    tx.commit().await?;
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> DbResult<JobRecord> {
    let row: Option<JobRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(JobRecord::from).ok_or(DbError::NotFound)
}

/// The latest jobs, newest first, of one state or all; at most `limit` (1 to 200).
pub async fn list(db: &Db, state: Option<JobState>, limit: i64) -> DbResult<Vec<JobRecord>> {
    let limit = limit.clamp(1, 200);
    let rows: Vec<JobRow> = match state {
        Some(s) => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM jobs WHERE state = $1 ORDER BY id DESC LIMIT $2"
            ))
            .bind(s.as_str())
            .bind(limit)
            .fetch_all(db.pool())
            .await?
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM jobs ORDER BY id DESC LIMIT $1"
            ))
            .bind(limit)
            .fetch_all(db.pool())
            .await?
        }
    };
    Ok(rows.into_iter().map(JobRecord::from).collect())
}

/// How many jobs are in each state.
pub async fn counts(db: &Db) -> DbResult<Vec<(JobState, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM jobs GROUP BY state")
            .fetch_all(db.pool())
            .await?;
    Ok(JobState::ALL
        .into_iter()
        .map(|s| {
            let n = rows.iter().find(|r| r.0 == s.as_str()).map_or(0, |r| r.1);
            (s, n)
        })
        .collect())
}

/// Removes jobs that ended more than `keep` ago: those done, and failed ones that repeat (a
/// later period queued the work again). A failed job queued once stays for an administrator.
pub async fn prune(db: &Db, keep: Duration) -> DbResult<u64> {
    let before = format_instant(Utc::now() - chrono::Duration::from_std(keep).unwrap_or_default());
    let mut tx = db.write().await?;
    let r = sqlx::query(
        "DELETE FROM jobs WHERE finished_at < $1
           AND (state = 'done' OR (state = 'failed' AND once_key IS NOT NULL))",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(r.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let secs: Vec<u64> = (1..=9).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(0).as_secs(), 30);
    }

    #[test]
    fn states_read_back() {
        for s in JobState::ALL {
            assert_eq!(JobState::parse(s.as_str()), Some(s));
        }
        assert_eq!(JobState::parse("sending"), None);
    }
}
