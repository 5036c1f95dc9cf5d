//! Data sets submitted to the archive: a dossier of the public services' submission procedure
//! ("Giao nộp, thu nhận dữ liệu địa chất, khoáng sản"), once the one-stop desk accepts it,
//! waits here as a pending record with the submitter's files. The archive's staff check it
//! against the checklist, then either accept it, and it enters the catalogue with its files
//! (their reading queued like any scan) and a numbered receipt, or return it with the
//! reasons in a numbered notice. The paper is made and sealed by the organisation in the
//! background ([`PAPER_JOB`]) and becomes the dossier's result.

use crate::domain::{EntryInput, Reader};
use chrono::NaiveDate;
use lode_core::validation::FieldErrors;
use lode_db::audit::{Event, append};
use lode_db::{AuditCtx, Db, DbError, DbResult, Tx, now};
use serde::Serialize;
use std::collections::BTreeMap;

/// The procedure data are submitted under (one whose result is the archive's own paper).
pub const PROCEDURE: &str = lode_core::services::PAPER_RESULTS[0];
/// The job that makes, seals and returns a decided submission's paper.
pub const PAPER_JOB: &str = "archive.submission_paper";
/// The longest reasons for a return, in characters.
pub const REASONS_MAX: usize = 4000;
/// The application's documents that are the submitted data (the transmittal letter stays with
/// the dossier).
const ADMINISTRATIVE: &[&str] = &["transmittal"];

/// What the archive's staff check before accepting a submission (Circular 12/2013/TT-BTNMT):
/// each a key, its words in the translations under `archive-check-{key}`.
pub const CHECKS: [&str; 5] = [
    "transmittal",
    "data_list",
    "complete",
    "readable",
    "metadata",
];

/// Where a submission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionState {
    /// Waiting for the archive's check.
    Pending,
    /// In the catalogue, with its receipt.
    Accepted,
    /// Sent back with the reasons.
    Returned,
}

impl SubmissionState {
    pub const ALL: [SubmissionState; 3] = [Self::Pending, Self::Accepted, Self::Returned];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A file the submitter sent.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubmittedFile {
    /// The procedure's name for the document (`report`, `data_list`, …).
    pub key: String,
    /// What the procedure calls it.
    pub title: String,
    /// The file's name as uploaded.
    pub name: String,
    pub sha256: String,
    pub media_type: String,
    pub size: i64,
}

/// A submission, as the archive's staff see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Submission {
    pub id: i64,
    pub application_id: i64,
    /// The dossier's code.
    pub code: String,
    /// Who submitted: the organisation, else the person.
    pub submitter: String,
    pub organisation: Option<String>,
    pub state: SubmissionState,
    /// The checks passed.
    pub checked: Vec<String>,
    pub reasons: Option<String>,
    /// The catalogue record it became.
    pub record_id: Option<i64>,
    /// The receipt's or the notice's number.
    pub paper_number: Option<String>,
    /// Whether the sealed paper is made.
    pub paper_ready: bool,
    /// Whether making or issuing the paper failed (the seal was not set up), for staff to try
    /// again.
    pub paper_failed: bool,
    /// What the submitter wrote in the procedure's form (`report_title`, `volumes`, …).
    pub values: BTreeMap<String, String>,
    /// What was sent (left out of a list of submissions).
    pub files: Vec<SubmittedFile>,
    pub received_on: Option<String>,
    pub created_at: String,
    pub decided_at: Option<String>,
    pub version: i64,
    #[serde(skip)]
    pub applicant_id: i64,
    #[serde(skip)]
    pub decided_by: Option<i64>,
    #[serde(skip)]
    pub paper_sha256: Option<String>,
}

impl Submission {
    /// The catalogue entry the submission suggests: its title, organisation, volumes and
    /// drawings as the submitter wrote them, submitted on the day the desk received it.
    pub fn suggested_entry(&self, today: NaiveDate) -> EntryInput {
        let v = |k: &str| {
            self.values
                .get(k)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let title = v("report_title").unwrap_or_default();
        // what the title says it is: an exploration or a survey report, else a data set
        let folded = lode_core::text::fold(&title);
        let kind = if folded.contains("tham do") {
            crate::domain::RecordKind::ExplorationReport
        } else if folded.contains("dieu tra") {
            crate::domain::RecordKind::SurveyReport
        } else {
            crate::domain::RecordKind::Dataset
        };
        EntryInput {
            archive_number: format!("LT-{}/", today.format("%Y")),
            title,
            kind: kind.as_str().into(),
            organisation: self.organisation.clone(),
            year: Some(today.format("%Y").to_string()),
            submitted_on: self.received_on.clone(),
            volumes: v("volumes"),
            drawings: v("drawings_count"),
            access: crate::domain::Access::Consult.as_str().into(),
            copy_allowed: Some(true),
            lineage: Some(format!("Giao nộp theo hồ sơ {}", self.code)),
            ..Default::default()
        }
    }
}

fn keeper_only(reader: Reader) -> DbResult<()> {
    if reader.keeps_archive() {
        Ok(())
    } else {
        Err(DbError::Denied(lode_core::authz::Denied::MissingRole))
    }
}

/// Makes a pending submission of every dossier of [`PROCEDURE`] the desk has accepted and the
/// archive has not seen yet: how many. Any node may run it, at any time, as often as it likes.
pub async fn intake(db: &Db) -> DbResult<u64> {
    let waiting: Option<(i64,)> = sqlx::query_as(
        "SELECT a.id FROM applications a JOIN procedures p ON p.id = a.procedure_id
         WHERE p.code = $1 AND a.status = 'accepted'
           AND NOT EXISTS (SELECT 1 FROM archive_submissions s WHERE s.application_id = a.id)
         LIMIT 1",
    )
    .bind(PROCEDURE)
    .fetch_optional(db.pool())
    .await?;
    if waiting.is_none() {
        return Ok(0);
    }
    let mut tx = db.write().await?;
    let made = sqlx::query(
        "INSERT INTO archive_submissions (application_id, applicant_id, created_at)
         SELECT a.id, a.applicant_id, $2 FROM applications a
           JOIN procedures p ON p.id = a.procedure_id
         WHERE p.code = $1 AND a.status = 'accepted'
           AND NOT EXISTS (SELECT 1 FROM archive_submissions s WHERE s.application_id = a.id)
         ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(PROCEDURE)
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(made)
}

lode_db::row! {
    /// A submission with its dossier and submitter.
    struct Row {
        id: i64,
        application_id: i64,
        applicant_id: i64,
        state: String,
        checked: String,
        reasons: Option<String>,
        record_id: Option<i64>,
        paper_number: Option<String>,
        paper_sha256: Option<String>,
        created_at: String,
        decided_at: Option<String>,
        decided_by: Option<i64>,
        version: i64,
        code: Option<String>,
        form_values: String,
        received_on: Option<String>,
        full_name: String,
        organisation_name: Option<String>,
    }
}

const SELECT: &str = "SELECT s.id, s.application_id, s.applicant_id, s.state, s.checked,
    s.reasons, s.record_id, s.paper_number, s.paper_sha256, s.created_at, s.decided_at,
    s.decided_by, s.version, a.code, a.form_values, a.received_on, u.full_name,
    u.organisation_name
  FROM archive_submissions s
  JOIN applications a ON a.id = s.application_id
  JOIN accounts u ON u.id = s.applicant_id";

/// A submission from its row; with its files (what a list leaves out) when `with_files`.
async fn of_row(db: &Db, r: Row, with_files: bool) -> DbResult<Submission> {
    let mut files = Vec::new();
    let documents = if with_files {
        let (application, procedure) =
            lode_services::applications::for_desk(db, r.application_id).await?;
        application
            .documents
            .into_iter()
            .map(|d| {
                let title = procedure
                    .documents
                    .iter()
                    .find(|x| x.key == d.key)
                    .map_or_else(|| d.key.clone(), |x| x.name.clone());
                (d, title)
            })
            .collect()
    } else {
        Vec::new()
    };
    for (d, title) in documents {
        let (media_type, size): (String, i64) =
            sqlx::query_as("SELECT content_type, size FROM files WHERE sha256 = $1")
                .bind(&d.sha256)
                .fetch_one(db.pool())
                .await?;
        files.push(SubmittedFile {
            key: d.key,
            title,
            name: d.name,
            sha256: d.sha256,
            media_type,
            size,
        });
    }
    let values: BTreeMap<String, String> = serde_json::from_str(&r.form_values).unwrap_or_default();
    // the job failed before the paper was made, or after, before it became the result
    let paper_failed = sqlx::query_as::<_, (String,)>("SELECT state FROM jobs WHERE once_key = $1")
        .bind(paper_key(r.id))
        .fetch_optional(db.pool())
        .await?
        .is_some_and(|(state,)| state == "failed");
    Ok(Submission {
        id: r.id,
        application_id: r.application_id,
        code: r.code.unwrap_or_default(),
        submitter: r
            .organisation_name
            .clone()
            .unwrap_or_else(|| r.full_name.clone()),
        organisation: r.organisation_name,
        state: SubmissionState::parse(&r.state).unwrap_or(SubmissionState::Pending),
        checked: serde_json::from_str(&r.checked).unwrap_or_default(),
        reasons: r.reasons,
        record_id: r.record_id,
        paper_number: r.paper_number,
        paper_ready: r.paper_sha256.is_some(),
        paper_failed,
        values,
        files,
        received_on: r.received_on,
        created_at: r.created_at,
        decided_at: r.decided_at,
        version: r.version,
        applicant_id: r.applicant_id,
        decided_by: r.decided_by,
        paper_sha256: r.paper_sha256,
    })
}

/// The submissions in `state` (every one without), newest first, without their files: the
/// archive's staff only.
pub async fn list(
    db: &Db,
    reader: Reader,
    state: Option<SubmissionState>,
) -> DbResult<Vec<Submission>> {
    keeper_only(reader)?;
    intake(db).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 IS NULL OR s.state = $1) ORDER BY s.id DESC LIMIT 200"
    ))
    .bind(state.map(SubmissionState::as_str))
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(of_row(db, r, false).await?);
    }
    Ok(out)
}

/// How many submissions wait for the archive's check.
pub async fn pending_count(db: &Db) -> DbResult<i64> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM archive_submissions WHERE state = 'pending'")
            .fetch_one(db.pool())
            .await?;
    Ok(n)
}

/// Submission `id`: the archive's staff only.
pub async fn get(db: &Db, reader: Reader, id: i64) -> DbResult<Submission> {
    keeper_only(reader)?;
    load(db, id).await
}

async fn load(db: &Db, id: i64) -> DbResult<Submission> {
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(DbError::NotFound)?;
    of_row(db, row, true).await
}

/// What the archive's staff decide on: the submission as they read it (its version) and the
/// checks they ticked as passed.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a> {
    pub version: i64,
    pub ticked: &'a [String],
}

/// The checks ticked, each once, in the checklist's order; an unknown key is refused.
fn checks_of(ticked: &[String]) -> DbResult<Vec<String>> {
    if let Some(unknown) = ticked.iter().find(|t| !CHECKS.contains(&t.as_str())) {
        return Err(FieldErrors::single(
            "checked",
            "unknown_check",
            format!("no check is called {unknown}"),
        )
        .into());
    }
    Ok(CHECKS
        .iter()
        .filter(|c| ticked.iter().any(|t| t == *c))
        .map(|c| c.to_string())
        .collect())
}

/// Takes pending submission `id` as read at `version` for a decision, in `tx`: another
/// decision first, or a change since, is a conflict; so is a dossier no longer in handling
/// (withdrawn, or answered otherwise), whose row is locked until the decision is written.
async fn take(tx: &mut Tx, id: i64, version: i64) -> DbResult<()> {
    let handling = sqlx::query(
        "UPDATE applications SET version = version
         WHERE status = 'accepted'
           AND id = (SELECT application_id FROM archive_submissions WHERE id = $1)",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if handling == 0 {
        return Err(DbError::Conflict(
            "the dossier is no longer in handling".into(),
        ));
    }
    let taken = sqlx::query(
        "UPDATE archive_submissions SET version = version + 1
         WHERE id = $1 AND version = $2 AND state = 'pending'",
    )
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if taken == 0 {
        return Err(DbError::Conflict(
            "the submission was decided or changed by someone else".into(),
        ));
    }
    Ok(())
}

/// The next number of a paper of `kind` (`BB` a receipt, `TB` a notice, `BS` certified copies)
/// this year.
pub(crate) async fn paper_number(tx: &mut Tx, kind: &str, today: NaiveDate) -> DbResult<String> {
    let year = today.format("%Y");
    let n = lode_db::counters::next(tx, &format!("archive_{kind}:{year}")).await?;
    Ok(format!("{n}/{kind}-LTĐC"))
}

fn paper_key(id: i64) -> String {
    format!("{PAPER_JOB}:{id}")
}

fn paper_job(id: i64) -> lode_db::jobs::NewJob {
    lode_db::jobs::NewJob {
        once_key: Some(paper_key(id)),
        ..lode_db::jobs::NewJob::new(PAPER_JOB, serde_json::json!({ "submission_id": id }))
    }
}

/// Accepts pending submission `id` (as read at `check.version`) with every check of [`CHECKS`]
/// passed: its catalogue record is made from `input`, the submitted files become the record's
/// scans (read in the background), a receipt is numbered, and its paper queued.
pub async fn accept(
    db: &Db,
    ctx: &AuditCtx,
    reader: Reader,
    id: i64,
    check: Checked<'_>,
    input: &EntryInput,
    today: NaiveDate,
) -> DbResult<Submission> {
    keeper_only(reader)?;
    let current = load(db, id).await?;
    let checked = checks_of(check.ticked)?;
    let mut errors = FieldErrors::new();
    if checked.len() < CHECKS.len() {
        errors.add(
            "checked",
            "checks_incomplete",
            "every check must pass before the data are accepted",
        );
    }
    let entry = match crate::catalogue::checked_entry(reader, input, today) {
        Ok(e) => Some(e),
        Err(DbError::Invalid(more)) => {
            errors.0.extend(more.0);
            None
        }
        Err(e) => return Err(e),
    };
    errors.into_result()?;
    let Some(entry) = entry else {
        return Err(DbError::Conflict("the entry was not checked".into()));
    };
    let mut tx = db.write().await?;
    take(&mut tx, id, check.version).await?;
    let record = crate::catalogue::create_in(&mut tx, ctx, &entry).await?;
    for f in current
        .files
        .iter()
        .filter(|f| !ADMINISTRATIVE.contains(&f.key.as_str()))
        .filter(|f| crate::digitise::SCAN_TYPES.contains(&f.media_type.as_str()))
    {
        crate::digitise::attach(&mut tx, ctx, record.id, &f.sha256, &f.name, &f.media_type).await?;
    }
    let number = paper_number(&mut tx, "BB", today).await?;
    let detail = serde_json::json!({"code": current.code, "number": number,
        "archive_number": record.entry.archive_number});
    let decided = Decided {
        state: SubmissionState::Accepted,
        checked: &checked,
        record_id: Some(record.id),
        reasons: None,
        number: &number,
    };
    write_decision(tx, ctx, id, decided, detail).await?;
    load(db, id).await
}

/// What a decision on a submission writes.
struct Decided<'a> {
    state: SubmissionState,
    checked: &'a [String],
    /// The record an accepted submission became.
    record_id: Option<i64>,
    /// Why a returned one was returned.
    reasons: Option<&'a str>,
    /// Its paper's number.
    number: &'a str,
}

/// Writes decision `d` on submission `id`, queues its paper and audits it (with `detail`), and
/// commits `tx`.
async fn write_decision(
    mut tx: Tx,
    ctx: &AuditCtx,
    id: i64,
    d: Decided<'_>,
    detail: serde_json::Value,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE archive_submissions SET state = $1, checked = $2, record_id = $3, reasons = $4,
            paper_number = $5, decided_at = $6, decided_by = $7
         WHERE id = $8",
    )
    .bind(d.state.as_str())
    .bind(serde_json::Value::from(d.checked.to_vec()).to_string())
    .bind(d.record_id)
    .bind(d.reasons)
    .bind(d.number)
    .bind(now())
    .bind(ctx.actor_id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    lode_db::jobs::enqueue_in(&mut tx, &paper_job(id)).await?;
    let action = match d.state {
        SubmissionState::Returned => "archive_submission.return",
        _ => "archive_submission.accept",
    };
    append(
        &mut tx,
        ctx,
        Event::new(action, "archive_submission", id, detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Returns pending submission `id` (as read at `check.version`) to its submitter with `reasons`, the
/// checks that passed kept: a notice is numbered and its paper queued.
pub async fn return_to_submitter(
    db: &Db,
    ctx: &AuditCtx,
    reader: Reader,
    id: i64,
    check: Checked<'_>,
    reasons: &str,
    today: NaiveDate,
) -> DbResult<Submission> {
    keeper_only(reader)?;
    let current = load(db, id).await?;
    let checked = checks_of(check.ticked)?;
    let reasons = lode_core::validation::nfc(reasons.trim()).into_owned();
    if reasons.is_empty() {
        return Err(
            FieldErrors::single("reasons", "required", "say why the data are returned").into(),
        );
    }
    if reasons.chars().count() > REASONS_MAX {
        return Err(FieldErrors::single("reasons", "too_long", "the reasons are too long").into());
    }
    let mut tx = db.write().await?;
    take(&mut tx, id, check.version).await?;
    let number = paper_number(&mut tx, "TB", today).await?;
    let detail = serde_json::json!({"code": current.code, "number": number, "reasons": reasons});
    let decided = Decided {
        state: SubmissionState::Returned,
        checked: &checked,
        record_id: None,
        reasons: Some(&reasons),
        number: &number,
    };
    write_decision(tx, ctx, id, decided, detail).await?;
    load(db, id).await
}

/// What the paper of decided submission `id` needs: the submission, and the record it became.
pub async fn paper_order(
    db: &Db,
    id: i64,
) -> DbResult<(Submission, Option<crate::catalogue::Record>)> {
    let s = load(db, id).await?;
    if s.state == SubmissionState::Pending {
        return Err(DbError::Conflict("the submission is not decided".into()));
    }
    let record = match s.record_id {
        Some(r) => Some(crate::catalogue::get(db, r).await?),
        None => None,
    };
    Ok((s, record))
}

/// Keeps the sealed paper of submission `id`.
pub async fn keep_paper(db: &Db, id: i64, sha256: &str) -> DbResult<()> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE archive_submissions SET paper_sha256 = $1 WHERE id = $2")
        .bind(sha256)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Makes the kept paper of submission `id` its dossier's result, issued in the name of whoever
/// decided; nothing when the dossier has its result already (issued before a retry) or left
/// handling (withdrawn).
pub async fn issue_paper(db: &Db, id: i64) -> DbResult<()> {
    let s = load(db, id).await?;
    let (Some(decided_by), Some(sha256)) = (s.decided_by, s.paper_sha256.as_deref()) else {
        return Err(DbError::Conflict("the submission has no paper yet".into()));
    };
    let (status,): (String,) = sqlx::query_as("SELECT status FROM applications WHERE id = $1")
        .bind(s.application_id)
        .fetch_one(db.pool())
        .await?;
    if status != lode_core::services::ApplicationStatus::Accepted.as_str() {
        return Ok(());
    }
    let account = lode_db::accounts::get(db, decided_by).await?;
    let ctx = account.acting();
    let subject = match s.state {
        SubmissionState::Accepted => "Biên bản giao nhận tài liệu, dữ liệu địa chất, khoáng sản",
        _ => "Thông báo trả lại tài liệu, dữ liệu giao nộp",
    };
    lode_services::handling::issue_paper(
        db,
        &ctx,
        &account.actor(),
        s.application_id,
        sha256,
        s.paper_number.as_deref().unwrap_or(""),
        subject,
    )
    .await?;
    Ok(())
}

/// Puts the failed making of decided submission `id`'s paper back in the queue (once the
/// organisation's seal is set up): the archive's staff only.
pub async fn requeue_paper(db: &Db, ctx: &AuditCtx, reader: Reader, id: i64) -> DbResult<()> {
    keeper_only(reader)?;
    let s = load(db, id).await?;
    if !s.paper_failed {
        return Err(DbError::Conflict(
            "the paper is made, or being made: nothing to try again".into(),
        ));
    }
    let (job,): (i64,) = sqlx::query_as("SELECT id FROM jobs WHERE once_key = $1")
        .bind(paper_key(id))
        .fetch_one(db.pool())
        .await?;
    lode_db::jobs::retry(db, ctx, job).await?;
    Ok(())
}
