//! SQLite's writer lane with group commit.
//!
//! SQLite has one writer at a time, and a durable commit (WAL, `synchronous = FULL`) costs an
//! fsync. Writers of this process queue for one dedicated connection; each runs in a savepoint
//! of a transaction shared with the writers queued behind it, and the transaction commits (one
//! fsync) when nobody is waiting any more or the group is full. A writer's `commit` returns only
//! once its group is durably committed, so what a caller was told is stored is stored; if the
//! group's commit fails, every writer in it gets the error.
//!
//! A request may be dropped at any await (its client went away). The steps that change the
//! lane's state — taking the lane and opening the group's transaction and the writer's
//! savepoint, releasing the savepoint and committing the group, rolling a savepoint back — each
//! run in a task of their own, which finishes whatever happens to the request that asked for
//! it: a writer that is gone by the time its savepoint is open has it rolled back, a writer gone
//! while committing is committed. The connection is never left inside a savepoint or a
//! transaction that no one will end. (A writer's own statements run in its request, on the
//! request's thread, each to its end: see [`crate::native`].)

use crate::native::Native;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot, watch};

/// The most writers one commit covers: bounds how long the first waits for the group.
const GROUP_MAX: usize = 64;

/// The outcome of a group's commit, as every member sees it.
type Outcome = Option<Result<(), String>>;

struct Group {
    done: watch::Sender<Outcome>,
    members: usize,
}

/// What the writer who holds the lane works on.
pub(crate) struct LaneState {
    /// The writer connection; closed when the store closes.
    conn: Option<Native>,
    /// The open transaction shared by a group of writers, if one is open.
    group: Option<Group>,
}

/// The lane: the writer connection behind a fair mutex, how many writers wait for it, and how
/// long they waited.
pub(crate) struct Lane {
    state: Arc<Mutex<LaneState>>,
    waiting: Arc<AtomicUsize>,
    waits: Arc<crate::WaitHistogram>,
}

impl std::fmt::Debug for Lane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lane")
            .field("waiting", &self.waiting.load(Ordering::Relaxed))
            .finish()
    }
}

impl Lane {
    pub(crate) fn new(conn: Native) -> Self {
        Self {
            state: Arc::new(Mutex::new(LaneState {
                conn: Some(conn),
                group: None,
            })),
            waiting: Arc::new(AtomicUsize::new(0)),
            waits: Arc::default(),
        }
    }

    /// Closes the writer connection once the writer who holds the lane is done, committing
    /// an open group first; writers after that are told the store is closed. Runs in a task of
    /// its own, like every step that changes the lane: a caller who stops waiting does not cut
    /// a group's commit short.
    pub(crate) async fn close(&self) {
        let state = self.state.clone();
        let _ = tokio::spawn(async move {
            let mut state = state.lock_owned().await;
            if state.group.is_some() {
                close_if_idle(&mut state, &AtomicUsize::new(0)).await;
            }
            state.conn = None;
        })
        .await;
    }

    /// How long writers waited for the lane, so far.
    pub(crate) fn waits(&self) -> &crate::WaitHistogram {
        &self.waits
    }

    /// How many writers wait for the lane now.
    pub(crate) fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Waits for the lane, joins (or opens) the group's transaction and opens this writer's
    /// savepoint.
    pub(crate) async fn begin(&self) -> Result<LaneTx, sqlx::Error> {
        let (state, waiting, waits) =
            (self.state.clone(), self.waiting.clone(), self.waits.clone());
        let (reply, opened) = oneshot::channel();
        let asked = std::time::Instant::now();
        // Counted before the task starts: a writer that holds the lane now defers its group's
        // commit for this one, which is certain to come (the task runs to its end).
        waiting.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            let mut guard = state.lock_owned().await;
            waiting.fetch_sub(1, Ordering::SeqCst);
            waits.record(asked.elapsed());
            match open_savepoint(&mut guard).await {
                // Sent as a `LaneTx`, whose drop rolls the savepoint back: a writer gone before
                // the send (the value comes back and is dropped here) or after it (dropped in
                // the channel, never received) leaves nothing open.
                Ok(()) => {
                    let _ = reply.send(Ok(LaneTx {
                        guard: Some(guard),
                        waiting,
                    }));
                }
                Err(e) => {
                    let _ = reply.send(Err(e));
                }
            }
        });
        opened
            .await
            .map_err(|_| sqlx::Error::Protocol("the writer lane stopped".into()))?
    }
}

impl LaneState {
    /// Runs statements of the lane's own on the writer connection, where the lane is held.
    async fn run(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        let conn = self.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        conn.run(sql, None, false).map(|_| ())
    }

    /// Runs statements that may wait on a blocking thread: the group's `BEGIN IMMEDIATE` when
    /// another process writes to the file (SQLite's busy timeout), and its `COMMIT`, which waits
    /// for the disk. Waiting on the request's thread would stop every
    /// other request that thread runs, the other process's included when it is this one's
    /// neighbour in a test.
    async fn run_waiting(&mut self, sql: &'static str) -> Result<(), sqlx::Error> {
        let conn = self.conn.take().ok_or(sqlx::Error::PoolClosed)?;
        let (conn, done) = conn.run_blocking(sql).await;
        self.conn = conn;
        done
    }
}

/// Opens the group's transaction when none is open, then this writer's savepoint.
async fn open_savepoint(state: &mut LaneState) -> Result<(), sqlx::Error> {
    let opening = if state.group.is_none() {
        const BEGIN: &str = "BEGIN IMMEDIATE; SAVEPOINT writer";
        let at_once = match state.conn.as_mut() {
            Some(conn) => conn.run_unless_busy(BEGIN),
            None => Some(Err(sqlx::Error::PoolClosed)),
        };
        let begun = match at_once {
            Some(done) => done,
            None => state.run_waiting(BEGIN).await,
        };
        if let Err(e) = begun {
            // The savepoint may have failed after the transaction began.
            let _ = state.run("ROLLBACK").await;
            return Err(e);
        }
        state.group = Some(Group {
            done: watch::channel(None).0,
            members: 0,
        });
        Ok(())
    } else {
        state.run("SAVEPOINT writer").await
    };
    if let Err(e) = opening {
        fail_group(state, &e.to_string()).await;
        return Err(e);
    }
    Ok(())
}

/// Ends the group in failure: rolls back what it holds and tells its members.
async fn fail_group(state: &mut LaneState, why: &str) {
    let _ = state.run("ROLLBACK").await;
    if let Some(group) = state.group.take() {
        let _ = group.done.send(Some(Err(why.to_string())));
    }
}

/// Commits the group now with `sql` (`COMMIT`, or the last member's release with it): one
/// fsync for all its members, who are told the outcome; a failure fails the whole group.
async fn flush(state: &mut LaneState, sql: &'static str) -> Result<(), sqlx::Error> {
    let Some(group) = state.group.take() else {
        return Ok(());
    };
    match state.run_waiting(sql).await {
        Ok(()) => {
            let _ = group.done.send(Some(Ok(())));
            Ok(())
        }
        Err(e) => {
            state.group = Some(group);
            fail_group(state, &e.to_string()).await;
            Err(e)
        }
    }
}

/// With nobody left in line, ends the group's transaction: commits what its members kept, or
/// rolls back an empty one.
async fn close_if_idle(state: &mut LaneState, waiting: &AtomicUsize) {
    if waiting.load(Ordering::SeqCst) > 0 {
        return;
    }
    match state.group.as_ref().map(|g| g.members) {
        None => {}
        Some(0) => {
            state.group = None;
            let _ = state.run("ROLLBACK").await;
        }
        Some(_) => {
            // its members learn the outcome from the group
            let _ = flush(state, "COMMIT").await;
        }
    }
}

/// Closes a savepoint that was not committed; commits the group if nobody else will.
async fn abandon(mut guard: OwnedMutexGuard<LaneState>, waiting: &AtomicUsize) {
    let undone = guard.run("ROLLBACK TO writer; RELEASE writer").await;
    match undone {
        // SQLite may have rolled the whole transaction back (a full disk, say): the group fails.
        Err(e) => fail_group(&mut guard, &e.to_string()).await,
        Ok(_) => close_if_idle(&mut guard, waiting).await,
    }
}

/// Keeps a writer's savepoint in the group and commits the group when nobody else will join
/// it; answers with where the group's outcome will be told.
async fn join_group(
    mut guard: OwnedMutexGuard<LaneState>,
    waiting: &AtomicUsize,
) -> Result<watch::Receiver<Outcome>, sqlx::Error> {
    let Some(group) = guard.group.as_mut() else {
        return Err(sqlx::Error::Protocol(
            "the group transaction is gone".into(),
        ));
    };
    group.members += 1;
    let outcome = group.done.subscribe();
    if group.members >= GROUP_MAX || waiting.load(Ordering::SeqCst) == 0 {
        // the last member releases its savepoint and commits the group
        flush(&mut guard, "RELEASE writer; COMMIT").await?;
    } else if let Err(e) = guard.run("RELEASE writer").await {
        fail_group(&mut guard, &e.to_string()).await;
        return Err(e);
    }
    Ok(outcome)
}

/// One writer's part of a group transaction.
pub struct LaneTx {
    guard: Option<OwnedMutexGuard<LaneState>>,
    waiting: Arc<AtomicUsize>,
}

impl LaneTx {
    pub(crate) fn conn_mut(&mut self) -> Option<&mut Native> {
        self.guard.as_mut().and_then(|g| g.conn.as_mut())
    }

    /// Keeps this writer's changes and returns once its group is durably committed. Once
    /// called, the commit happens even if the caller stops waiting for it.
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        let Some(guard) = self.guard.take() else {
            return Ok(());
        };
        let waiting = self.waiting.clone();
        // The next writer joins the group (or opens the next one) as soon as the task ends,
        // while this one waits for the group's outcome.
        let mut outcome = tokio::spawn(async move { join_group(guard, &waiting).await })
            .await
            .map_err(|_| sqlx::Error::Protocol("the writer lane stopped".into()))??;
        loop {
            if let Some(result) = outcome.borrow_and_update().clone() {
                return result.map_err(sqlx::Error::Protocol);
            }
            if outcome.changed().await.is_err() {
                return Err(sqlx::Error::Protocol(
                    "the group transaction ended without an outcome".into(),
                ));
            }
        }
    }

    /// Undoes this writer's changes (the group's other members keep theirs).
    pub(crate) async fn rollback(mut self) -> Result<(), sqlx::Error> {
        if let Some(guard) = self.guard.take() {
            let waiting = self.waiting.clone();
            let _ = tokio::spawn(async move { abandon(guard, &waiting).await }).await;
        }
        Ok(())
    }
}

impl Drop for LaneTx {
    fn drop(&mut self) {
        if let Some(guard) = self.guard.take() {
            let waiting = self.waiting.clone();
            match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    rt.spawn(async move { abandon(guard, &waiting).await });
                }
                // No runtime left (the process is ending): the open transaction dies with the
                // connection, uncommitted.
                Err(_) => drop(guard),
            }
        }
    }
}
