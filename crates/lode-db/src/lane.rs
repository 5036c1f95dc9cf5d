//! SQLite's writer lane with group commit.
//!
//! SQLite has one writer at a time, and a durable commit (WAL, `synchronous = FULL`) costs an
//! fsync. Writers of this process queue for one dedicated connection; each runs in a savepoint
//! of a transaction shared with the writers queued behind it, and the transaction commits (one
//! fsync) when nobody is waiting any more or the group is full. A writer's `commit` returns only
//! once its group is durably committed, so what a caller was told is stored is stored; if the
//! group's commit fails, every writer in it gets the error.
//!
//! A writer dropped without committing (an early return on an error) has its savepoint rolled
//! back by a task, which also commits the group if it was the last in line.

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Executor};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

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
    conn: PoolConnection<Any>,
    /// The open transaction shared by a group of writers, if one is open.
    group: Option<Group>,
}

/// The lane: the writer connection behind a fair mutex, and how many writers wait for it.
pub(crate) struct Lane {
    state: Arc<Mutex<LaneState>>,
    waiting: Arc<AtomicUsize>,
}

impl std::fmt::Debug for Lane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lane")
            .field("waiting", &self.waiting.load(Ordering::Relaxed))
            .finish()
    }
}

/// Counts a writer as waiting until it holds the lane. One that gives up waiting (its request
/// was dropped) may have been the one a deferred group counted on: a task then commits the group
/// if nobody else is in line.
struct Waiting {
    count: Arc<AtomicUsize>,
    state: Arc<Mutex<LaneState>>,
    acquired: bool,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::SeqCst);
        if self.acquired {
            return;
        }
        let (count, state) = (self.count.clone(), self.state.clone());
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                let mut guard = state.lock_owned().await;
                let pending = guard.group.as_ref().is_some_and(|g| g.members > 0);
                if pending && count.load(Ordering::SeqCst) == 0 {
                    flush(&mut guard).await;
                }
            });
        }
    }
}

impl Lane {
    pub(crate) fn new(conn: PoolConnection<Any>) -> Self {
        Self {
            state: Arc::new(Mutex::new(LaneState { conn, group: None })),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Waits for the lane, joins (or opens) the group's transaction and opens this writer's
    /// savepoint.
    pub(crate) async fn begin(&self) -> Result<LaneTx, sqlx::Error> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let mut waiting = Waiting {
            count: self.waiting.clone(),
            state: self.state.clone(),
            acquired: false,
        };
        let mut guard = self.state.clone().lock_owned().await;
        waiting.acquired = true;
        drop(waiting);
        if guard.group.is_none() {
            guard.conn.execute("BEGIN IMMEDIATE").await?;
            guard.group = Some(Group {
                done: watch::channel(None).0,
                members: 0,
            });
        }
        if let Err(e) = guard.conn.execute("SAVEPOINT writer").await {
            fail_group(&mut guard, &e.to_string()).await;
            return Err(e);
        }
        Ok(LaneTx {
            guard: Some(guard),
            waiting: self.waiting.clone(),
        })
    }
}

/// Ends the group in failure: rolls back what it holds and tells its members.
async fn fail_group(state: &mut LaneState, why: &str) {
    let _ = state.conn.execute("ROLLBACK").await;
    if let Some(group) = state.group.take() {
        let _ = group.done.send(Some(Err(why.to_string())));
    }
}

/// Commits the group now: one fsync for all its members.
async fn flush(state: &mut LaneState) {
    let Some(group) = state.group.take() else {
        return;
    };
    match state.conn.execute("COMMIT").await {
        Ok(_) => {
            let _ = group.done.send(Some(Ok(())));
        }
        Err(e) => {
            state.group = Some(group);
            fail_group(state, &e.to_string()).await;
        }
    }
}

/// Closes a savepoint that was not committed; commits the group if nobody else will.
async fn abandon(mut guard: OwnedMutexGuard<LaneState>, waiting: &AtomicUsize) {
    let undone = async {
        guard.conn.execute("ROLLBACK TO writer").await?;
        guard.conn.execute("RELEASE writer").await
    }
    .await;
    match undone {
        // SQLite may have rolled the whole transaction back (a full disk, say): the group fails.
        Err(e) => fail_group(&mut guard, &e.to_string()).await,
        Ok(_) => {
            let members = guard.group.as_ref().map_or(0, |g| g.members);
            if waiting.load(Ordering::SeqCst) == 0 {
                if members > 0 {
                    flush(&mut guard).await;
                } else {
                    guard.group = None;
                    let _ = guard.conn.execute("ROLLBACK").await;
                }
            }
        }
    }
}

/// One writer's part of a group transaction.
pub struct LaneTx {
    guard: Option<OwnedMutexGuard<LaneState>>,
    waiting: Arc<AtomicUsize>,
}

impl LaneTx {
    pub(crate) fn conn(&self) -> Option<&AnyConnection> {
        self.guard.as_ref().map(|g| &*g.conn)
    }

    pub(crate) fn conn_mut(&mut self) -> Option<&mut AnyConnection> {
        self.guard.as_mut().map(|g| &mut *g.conn)
    }

    /// Keeps this writer's changes and returns once its group is durably committed.
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        let Some(mut guard) = self.guard.take() else {
            return Ok(());
        };
        if let Err(e) = guard.conn.execute("RELEASE writer").await {
            fail_group(&mut guard, &e.to_string()).await;
            return Err(e);
        }
        let Some(group) = guard.group.as_mut() else {
            return Err(sqlx::Error::Protocol(
                "the group transaction is gone".into(),
            ));
        };
        group.members += 1;
        let mut outcome = group.done.subscribe();
        let full = group.members >= GROUP_MAX;
        if full || self.waiting.load(Ordering::SeqCst) == 0 {
            flush(&mut guard).await;
        }
        // The next writer joins the group (or opens the next one) while this one waits.
        drop(guard);
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
            abandon(guard, &self.waiting).await;
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
