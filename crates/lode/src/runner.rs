//! The job runner of a node: queues the work that repeats (once per period, whichever node
//! comes first), takes due jobs of the kinds it knows, runs a few at a time, keeps their leases
//! while they run and reports how each ended (see `lode_db::jobs`).

use lode_db::Db;
use lode_db::jobs::{self, AfterFailure, Claimed, NewJob};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A job's work.
pub type Work = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;
type Handler = Arc<dyn Fn(Claimed) -> Work + Send + Sync>;

struct Kind {
    handler: Handler,
    /// Queued once per period of this length, if it repeats.
    every: Option<Duration>,
}

/// Attempts at a repeating job within its period (the next period queues it afresh).
const REPEATING_ATTEMPTS: i64 = 3;

pub struct Runner {
    db: Db,
    node: String,
    kinds: BTreeMap<&'static str, Kind>,
    /// How long a node's claim lasts without renewal: another node takes the job after it.
    lease: Duration,
    /// How often the runner looks for due work when there was none.
    poll: Duration,
    /// Jobs run at once on this node.
    workers: usize,
}

impl Runner {
    pub fn new(db: Db, node: String) -> Self {
        Self {
            db,
            node,
            kinds: BTreeMap::new(),
            lease: Duration::from_secs(60),
            poll: Duration::from_secs(1),
            workers: 2,
        }
    }

    /// A shorter lease (and poll), for tests that watch renewals happen.
    #[cfg(test)]
    fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self.poll = Duration::from_millis(50);
        self
    }

    /// The work of jobs of `kind`.
    pub fn handle<F, Fut>(&mut self, kind: &'static str, work: F)
    where
        F: Fn(Claimed) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        self.kinds.insert(
            kind,
            Kind {
                handler: Arc::new(move |job| Box::pin(work(job))),
                every: None,
            },
        );
    }

    /// Work that repeats: a job of `kind` is queued once in each period of `every`.
    pub fn every<F, Fut>(&mut self, kind: &'static str, every: Duration, work: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        self.handle(kind, move |_| work());
        if let Some(k) = self.kinds.get_mut(kind) {
            k.every = Some(every.max(Duration::from_secs(1)));
        }
    }

    /// Runs until `stop` turns true: then takes no more jobs and returns once those at work
    /// have ended. Call in a task of its own.
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        let kinds: Vec<&'static str> = self.kinds.keys().copied().collect();
        let workers = u32::try_from(self.workers).unwrap_or(1);
        let slots = Arc::new(tokio::sync::Semaphore::new(self.workers));
        let mut queued_for: BTreeMap<&'static str, u64> = BTreeMap::new();
        let this = Arc::new(self);
        loop {
            if *stop.borrow() {
                // every slot back: the jobs at work have ended
                let _ = slots.acquire_many(workers).await;
                return;
            }
            this.queue_repeating(&mut queued_for).await;
            let slot = tokio::select! {
                slot = slots.clone().acquire_owned() => match slot {
                    Ok(slot) => slot,
                    Err(_) => return,
                },
                _ = stop.changed() => continue,
            };
            let claimed = match jobs::any_due(&this.db, &kinds).await {
                Ok(true) => jobs::claim(&this.db, &this.node, &kinds, this.lease).await,
                Ok(false) => Ok(None),
                Err(e) => Err(e),
            };
            match claimed {
                Ok(Some(job)) => {
                    let this = this.clone();
                    tokio::spawn(async move {
                        this.work_on(job).await;
                        drop(slot);
                    });
                }
                Ok(None) => {
                    drop(slot);
                    let _ = tokio::time::timeout(this.poll, stop.changed()).await;
                }
                Err(e) => {
                    drop(slot);
                    tracing::warn!(error = %e, "looking for jobs failed");
                    let _ = tokio::time::timeout(this.poll * 5, stop.changed()).await;
                }
            }
        }
    }

    /// Queues the repeating work of the current period, where this node has not yet done so
    /// (another node may have: the period's key queues it once).
    async fn queue_repeating(&self, queued_for: &mut BTreeMap<&'static str, u64>) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        for (kind, k) in &self.kinds {
            let Some(every) = k.every else { continue };
            let period = now / every.as_secs().max(1);
            if queued_for.get(kind) == Some(&period) {
                continue;
            }
            // the last period's run still waits or works (on any node): not a second beside it
            if matches!(jobs::pending(&self.db, kind).await, Ok(true)) {
                continue;
            }
            let mut job = NewJob::new(kind, serde_json::json!({}));
            job.max_attempts = REPEATING_ATTEMPTS;
            job.once_key = Some(format!("{kind}@{period}"));
            match jobs::enqueue(&self.db, &job).await {
                Ok(_) => {
                    queued_for.insert(kind, period);
                }
                Err(e) => tracing::warn!(job = kind, error = %e, "queueing repeating work failed"),
            }
        }
    }

    /// Runs one job in a task of its own, renewing its lease while it runs (the renewal never
    /// waits on the job, which may hold the writer lane); stops the job if another node has
    /// taken it. A job that panics is recorded as a failed attempt.
    async fn work_on(&self, job: Claimed) {
        let Some((kind, k)) = self.kinds.get_key_value(job.kind.as_str()) else {
            return;
        };
        let mut work = tokio::spawn((k.handler)(job.clone()));
        let mut renewals = tokio::time::interval(self.lease / 3);
        renewals.tick().await;
        let mut held_until = std::time::Instant::now() + self.lease;
        let outcome = loop {
            tokio::select! {
                ended = &mut work => break ended,
                _ = renewals.tick() => match jobs::renew(&self.db, &job, self.lease, None).await {
                    Ok(true) => held_until = std::time::Instant::now() + self.lease,
                    Ok(false) => {
                        tracing::warn!(job = job.id, kind, "lease lost: another node has the job");
                        work.abort();
                        return;
                    }
                    // a passing fault of the store: keep working while the lease lasts
                    Err(e) if std::time::Instant::now() < held_until => {
                        tracing::warn!(job = job.id, kind, error = %e, "renewing a job's lease failed");
                    }
                    Err(e) => {
                        tracing::warn!(job = job.id, kind, error = %e, "the job's lease ran out");
                        work.abort();
                        return;
                    }
                },
            }
        };
        let outcome = match outcome {
            Ok(result) => result,
            Err(e) if e.is_panic() => Err(anyhow::anyhow!("the job panicked")),
            Err(_) => return,
        };
        lode_web::metrics::job(kind, outcome.is_ok());
        let reported = match outcome {
            Ok(()) => jobs::complete(&self.db, &job).await.map(|_| ()),
            Err(e) => {
                let error = format!("{e:#}");
                jobs::fail(&self.db, &job, &error)
                    .await
                    .map(|after| match after {
                        AfterFailure::RetryAt(at) => {
                            tracing::warn!(job = job.id, kind, error, retry_at = at, "job failed")
                        }
                        AfterFailure::Failed => {
                            tracing::error!(job = job.id, kind, error, "job failed for good")
                        }
                        AfterFailure::NotHeld => {}
                    })
            }
        };
        if let Err(e) = reported {
            tracing::warn!(job = job.id, kind, error = %e, "reporting a job's end failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lode_db::jobs::JobState;
    use lode_db::testkit::TestDb;

    async fn until_ended(t: &TestDb, id: i64) -> anyhow::Result<jobs::JobRecord> {
        for _ in 0..200 {
            let j = jobs::get(&t.db, id).await?;
            if matches!(j.state, JobState::Done | JobState::Failed) {
                return Ok(j);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        anyhow::bail!("job {id} never ended: {:?}", jobs::get(&t.db, id).await?)
    }

    /// A job that holds the writer lane while its lease is renewed: on SQLite the renewal
    /// queues for the lane behind the job, which goes on and finishes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_holding_the_writer_lane_across_renewals_finishes() -> anyhow::Result<()> {
        for backend in [lode_db::Backend::Sqlite, lode_db::Backend::Postgres] {
            let t = TestDb::fresh(backend).await?;
            let mut r =
                Runner::new(t.db.clone(), "node-t".into()).with_lease(Duration::from_millis(300));
            let db = t.db.clone();
            r.handle("test.long", move |_| {
                let db = db.clone();
                async move {
                    let mut tx = db.write().await?;
                    sqlx::query("INSERT INTO counters (name, value) VALUES ('long', 1)")
                        .execute(&mut *tx)
                        .await?;
                    // across three renewal ticks
                    tokio::time::sleep(Duration::from_millis(350)).await;
                    tx.commit().await?;
                    Ok(())
                }
            });
            r.handle("test.panics", |_| async { panic!("a bug in the job") });
            let long = jobs::enqueue(&t.db, &NewJob::new("test.long", serde_json::json!({})))
                .await?
                .expect("queued");
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let running = tokio::spawn(r.run(stopped));
            let done = until_ended(&t, long).await?;
            assert_eq!(done.state, JobState::Done, "{:?}", done.last_error);
            // a panic is a failed attempt, recorded at once (not left running until the lease);
            // queued once the long job is done, so that its outcome does not wait for the lane
            // past its short lease
            let mut once = NewJob::new("test.panics", serde_json::json!({}));
            once.max_attempts = 1;
            let panics = jobs::enqueue(&t.db, &once).await?.expect("queued");
            let failed = until_ended(&t, panics).await?;
            assert_eq!(failed.state, JobState::Failed);
            assert_eq!(failed.last_error.as_deref(), Some("the job panicked"));
            // told to stop, the runner ends
            let _ = stop.send(true);
            tokio::time::timeout(Duration::from_secs(5), running).await??;
        }
        Ok(())
    }
}
