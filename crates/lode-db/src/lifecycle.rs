//! One way to take a step in the life of a record that has one (an incoming or outgoing
//! document, a work dossier, an applicant's dossier): load it in a write transaction, decide
//! whether the caller may see it and take the step, check that the version the caller read is
//! the present one, find where the step leads in the record's table of transitions; then, once
//! the step's own changes are written, bump the version, write the step into the record's
//! history and the audit chain, and read the record back, all in that one transaction.
//!
//! A record type declares what differs ([`Lifecycle`]: how it is loaded, its permissions, its
//! table, its history); the skeleton ([`begin_step`], [`begin`], [`finish`]) is written once,
//! here.

use crate::audit::{self, Event};
use crate::{AuditCtx, Db, DbError, DbResult, Tx};
use lode_core::authz::Actor;
use serde_json::Value;
use std::future::Future;

/// A record with a lifecycle, as the skeleton needs to know it.
pub trait Lifecycle: Sized + Send + Sync {
    type Status: Copy + PartialEq + Send + Sync;
    type Step: Copy + Send + Sync;
    /// How its audit entries name it (`entity_type`), and their actions (`{ENTITY}.{step}`).
    const ENTITY: &'static str;
    /// How a conflict names it ("the document", "the dossier").
    const NOUN: &'static str;
    /// Its table, with `id` and `version` columns: a step takes its row's lock before reading
    /// it, so that two steps at once on PostgreSQL queue instead of both passing the checks.
    const TABLE: &'static str;

    /// Reads the record inside the step's transaction.
    fn load(tx: &mut Tx, id: i64) -> impl Future<Output = DbResult<Self>> + Send;
    fn version(&self) -> i64;
    fn status(&self) -> Self::Status;
    fn status_name(status: Self::Status) -> &'static str;
    /// The table of transitions: where `step` leads from `status`, if it may be taken there.
    fn next(status: Self::Status, step: Self::Step) -> Option<Self::Status>;
    /// Whether `actor` may see the record ([`DbError::NotFound`] when not: its existence is not
    /// told) and take `step` on it ([`DbError::Denied`]); without a step, seeing it.
    fn authorise(&self, actor: &Actor, step: Option<Self::Step>) -> DbResult<()>;
    /// What every step changes besides its own writes: the version, and whatever the record
    /// keeps up to date (a change time, counts).
    fn touch(tx: &mut Tx, id: i64) -> impl Future<Output = DbResult<()>> + Send;
    /// Writes the step into the record's own history.
    fn record_step(
        tx: &mut Tx,
        ctx: &AuditCtx,
        id: i64,
        step: &str,
        detail: &Value,
    ) -> impl Future<Output = DbResult<()>> + Send;
    /// What the step's audit entry keeps.
    fn audit_detail(&self, detail: &Value) -> Value;
}

/// Loads record `id` for a change that keeps its status (or whose step its caller checks with
/// [`leads_to`]): the caller may see it and read its present version (when given).
pub async fn begin<R: Lifecycle>(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: Option<i64>,
) -> DbResult<(Tx, R)> {
    let mut tx = db.write().await?;
    let record = locked::<R>(&mut tx, id).await?;
    checked(&record, actor, version, None)?;
    Ok((tx, record))
}

/// Loads record `id` for a step of its table and checks the caller, the version read (when
/// given) and that the step fits the record's status; answers the transaction, the record and
/// where the step leads.
pub async fn begin_step<R: Lifecycle>(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: Option<i64>,
    step: R::Step,
) -> DbResult<(Tx, R, R::Status)> {
    let mut tx = db.write().await?;
    let record = locked::<R>(&mut tx, id).await?;
    checked(&record, actor, version, Some(step))?;
    let next = leads_to(&record, step)?;
    Ok((tx, record, next))
}

/// A step lode takes on a record as the consequence of another (a letter recalled by its sender
/// returns the copies it delivered): the record's row lock in the caller's transaction and where
/// the step leads, with no person to authorise; `None` when the step does not fit the record's
/// status (it stays as it is). The caller writes the step's changes, then [`finish`].
pub async fn consequence<R: Lifecycle>(
    tx: &mut Tx,
    id: i64,
    step: R::Step,
) -> DbResult<Option<(R, R::Status)>> {
    let record = locked::<R>(tx, id).await?;
    Ok(R::next(record.status(), step).map(|next| (record, next)))
}

/// Takes the record's row lock (an update that changes nothing: on SQLite the writer lane holds
/// every row already) and reads the record.
async fn locked<R: Lifecycle>(tx: &mut Tx, id: i64) -> DbResult<R> {
    sqlx::query(&format!(
        "UPDATE {} SET version = version WHERE id = $1",
        R::TABLE
    ))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    R::load(tx, id).await
}

/// The caller may see the record and take `step`, and read its present version.
fn checked<R: Lifecycle>(
    record: &R,
    actor: &Actor,
    version: Option<i64>,
    step: Option<R::Step>,
) -> DbResult<()> {
    record.authorise(actor, step)?;
    match version {
        Some(v) if v != record.version() => Err(DbError::Conflict(format!(
            "{} was changed by someone else (version {v} is now {})",
            R::NOUN,
            record.version()
        ))),
        _ => Ok(()),
    }
}

/// Where `step` leads from the record's status, or the conflict of a step that does not fit.
pub fn leads_to<R: Lifecycle>(record: &R, step: R::Step) -> DbResult<R::Status> {
    R::next(record.status(), step).ok_or_else(|| {
        DbError::Conflict(format!(
            "not possible while {} is {}",
            R::NOUN,
            R::status_name(record.status())
        ))
    })
}

/// After the step's own writes: bumps the version, writes the step into the record's history
/// and the audit chain, and reads the record back. The caller commits (after what its step
/// tells whom, in the same transaction).
pub async fn finish<R: Lifecycle>(
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    step: &str,
    detail: Value,
) -> DbResult<R> {
    R::touch(tx, id).await?;
    R::record_step(tx, ctx, id, step, &detail).await?;
    let after = R::load(tx, id).await?;
    audit::append(
        tx,
        ctx,
        Event::new(
            &format!("{}.{step}", R::ENTITY),
            R::ENTITY,
            id,
            after.audit_detail(&detail),
        ),
    )
    .await?;
    Ok(after)
}
