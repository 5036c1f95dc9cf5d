//! lode's store: what every capability stands on.
//!
//! - this module: [`Db`], the pool over SQLite or PostgreSQL behind one set of queries (sqlx's
//!   `Any` driver, `$n` placeholders on both), write transactions, timestamps, [`DbError`];
//! - [`migrate`]: the two migration folders, kept in step, applied at start;
//! - [`audit`]: appending to and verifying the audit hash chain, in the caller's transaction;
//! - `lane`: SQLite's writer lane, where writers commit in groups; `native`: its connection,
//!   whose statements run on the caller's thread;
//! - [`counters`]: gapless official numbers from a counter row;
//! - [`units`], [`accounts`], [`sessions`]: the repositories of the foundation;
//! - [`calendar`]: the administrator's days off and make-up days, read as the working calendar;
//! - [`notifications`]: notices to people (what is handed to them, what falls due), in the
//!   application and by e-mail, settled by the next step; the capabilities write them;
//! - [`lifecycle`]: the one skeleton of a step in a record's life (load, authorise, version,
//!   transition table, history, audit, read back), each record type declaring what differs;
//! - [`jobs`]: background work any node may take, under leases, retried with back-off;
//! - [`blobs`]: content-addressed files on local disk or an S3-compatible store;
//! - [`password`]: Argon2id hashing;
//! - [`demo`]: the demo organisation (its units and people), and the sample PDF of demos and tests;
//! - [`testkit`]: fresh databases for tests on either backend.
//!
//! Every repository function that changes state opens one transaction, writes its rows and its
//! audit entry, and commits: there is no way to change state without an audit entry.

pub mod accounts;
pub mod audit;
pub mod blobs;
pub mod calendar;
pub mod counters;
pub mod demo;
pub mod jobs;
mod lane;
pub mod lifecycle;
pub mod migrate;
mod native;
pub mod notifications;
pub mod password;
pub mod sessions;
pub mod testkit;
pub mod units;

use lode_core::validation::FieldErrors;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor};
use std::time::Duration;

pub use lode_core;

/// Declares a struct read from a row by column name (each field named as its column, or as the
/// query's `AS` alias), so that a query's columns can be added, moved or reordered without
/// shifting what every position means.
///
/// ```ignore
/// lode_db::row! {
///     /// A dossier as the desk lists it.
///     struct DeskRow { id: i64, code: Option<String>, status: String }
/// }
/// ```
#[macro_export]
macro_rules! row {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        $vis struct $name { $($field: $ty),* }

        impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for $name {
            fn from_row(row: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
                use sqlx::Row as _;
                Ok(Self { $($field: row.try_get(stringify!($field))?),* })
            }
        }
    };
}

/// Which SQL engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection statements run on: one lent by the pool, a PostgreSQL transaction, or a
/// writer's part of SQLite's writer lane. Storage code writes `query.fetch_one(&mut *conn)`
/// whichever it is.
pub struct Conn(ConnKind);

enum ConnKind {
    Pooled(sqlx::pool::PoolConnection<Any>),
    Transaction(sqlx::Transaction<'static, Any>),
    Lane(lane::LaneTx),
    Reader(native::Reader),
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            ConnKind::Pooled(_) => "Conn(pooled)",
            ConnKind::Transaction(_) => "Conn(transaction)",
            ConnKind::Lane(_) => "Conn(writer lane)",
            ConnKind::Reader(_) => "Conn(reader)",
        })
    }
}

impl Conn {
    /// The connection its statements go to.
    fn target(&mut self) -> Target<'_> {
        match &mut self.0 {
            ConnKind::Pooled(c) => Target::Sqlx(c),
            ConnKind::Transaction(t) => Target::Sqlx(t),
            ConnKind::Lane(l) => {
                Target::Native(l.conn_mut().unwrap_or_else(|| unreachable_connection()))
            }
            ConnKind::Reader(r) => {
                Target::Native(r.conn_mut().unwrap_or_else(|| unreachable_connection()))
            }
        }
    }
}

enum Target<'a> {
    Sqlx(&'a mut sqlx::AnyConnection),
    Native(&'a mut native::Native),
}

impl<'c> sqlx::Executor<'c> for &'c mut Conn {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> futures::stream::BoxStream<
        'e,
        Result<sqlx::Either<sqlx::any::AnyQueryResult, sqlx::any::AnyRow>, sqlx::Error>,
    >
    where
        'c: 'e,
        E: 'q + sqlx::Execute<'q, Any>,
    {
        match self.target() {
            Target::Sqlx(c) => c.fetch_many(query),
            Target::Native(c) => c.fetch_many(query),
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> futures::future::BoxFuture<'e, Result<Option<sqlx::any::AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + sqlx::Execute<'q, Any>,
    {
        match self.target() {
            Target::Sqlx(c) => c.fetch_optional(query),
            Target::Native(c) => c.fetch_optional(query),
        }
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [sqlx::any::AnyTypeInfo],
    ) -> futures::future::BoxFuture<'e, Result<sqlx::any::AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        match self.target() {
            Target::Sqlx(c) => c.prepare_with(sql, parameters),
            Target::Native(c) => c.prepare_with(sql, parameters),
        }
    }

    fn describe<'e, 'q: 'e>(
        self,
        sql: &'q str,
    ) -> futures::future::BoxFuture<'e, Result<sqlx::Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        match self.target() {
            Target::Sqlx(c) => c.describe(sql),
            Target::Native(c) => c.describe(sql),
        }
    }
}

/// A write transaction on either backend: on PostgreSQL a transaction of its own; on SQLite a
/// writer's part of a group transaction on the writer lane (see [`lane`]). It reads as the
/// connection it runs on.
pub struct Tx(Conn);

impl Tx {
    /// Keeps the changes; returns once they are durable.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match (self.0).0 {
            ConnKind::Transaction(t) => t.commit().await,
            ConnKind::Lane(t) => t.commit().await,
            // (a `Tx` is never built on a connection lent for reading)
            ConnKind::Pooled(_) | ConnKind::Reader(_) => Ok(()),
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match (self.0).0 {
            ConnKind::Transaction(t) => t.rollback().await,
            ConnKind::Lane(t) => t.rollback().await,
            ConnKind::Pooled(_) | ConnKind::Reader(_) => Ok(()),
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
}

/// A lane transaction gives its connection back only when consumed by `commit` or `rollback`,
/// after which it cannot be used: reaching here is a bug in this module.
#[cold]
fn unreachable_connection() -> ! {
    panic!("a write transaction was used after it ended")
}

/// The database: a pool and the knowledge of which engine it talks to.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite has one writer at a time; writers of this process queue here, in order, rather
    /// than on SQLite's busy handler, which sleeps and retries, and commit in groups.
    lane: Option<std::sync::Arc<lane::Lane>>,
    /// SQLite's read connections for lookups by key (see `native`).
    readers: Option<std::sync::Arc<native::Readers>>,
}

/// What can go wrong in storage, in terms the web layer can answer with.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("not found")]
    NotFound,
    /// The input breaks a rule; each field says which.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// The record changed since the caller read it, or the action does not fit its state.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The rules of `lode_core::authz` refuse the caller.
    #[error("not allowed: {0:?}")]
    Denied(lode_core::authz::Denied),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<FieldErrors> for DbError {
    fn from(e: FieldErrors) -> Self {
        DbError::Invalid(e)
    }
}

impl From<lode_core::validation::FieldError> for DbError {
    fn from(e: lode_core::validation::FieldError) -> Self {
        DbError::Invalid(e.into())
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// Who does a change, and from where: written into the audit entry.
#[derive(Debug, Clone)]
pub struct AuditCtx {
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub ip: Option<String>,
}

impl AuditCtx {
    /// Changes made by lode itself (seeding, command line).
    pub fn system(label: &str) -> Self {
        Self {
            actor_id: None,
            actor_label: label.to_string(),
            ip: None,
        }
    }
}

impl Db {
    /// Connects to `sqlite://path` or `postgres://...`. A SQLite file is created when missing and
    /// every connection runs in WAL mode with foreign keys on and a busy timeout.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            anyhow::bail!("the database URL must start with sqlite: or postgres://");
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        let pool = match backend {
            Backend::Sqlite => {
                if let Some(path) = sqlite_path(url) {
                    keep_private(&path)?;
                }
                let url = if url.contains('?') {
                    url.to_string()
                } else {
                    format!("{url}?mode=rwc")
                };
                options
                    .max_connections(8)
                    // A file opened by this process cannot go stale under it: no test query
                    // (a round trip to the connection's thread) before each use.
                    .test_before_acquire(false)
                    // Pages are read through a memory map and kept in a 16 MiB cache per
                    // connection: otherwise each page read is a system call.
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(native::PRAGMAS).await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            // Several nodes and their tests share one server's connection limit (100 by default).
            Backend::Postgres => {
                reach_postgres(url).await?;
                options
                    .max_connections(10)
                    .idle_timeout(Duration::from_secs(30))
                    .connect(url)
                    .await?
            }
        };
        let (lane, readers) = match backend {
            Backend::Sqlite => {
                let path = sqlite_path(url)
                    .ok_or_else(|| anyhow::anyhow!("the SQLite database must be a file"))?;
                let lane = lane::Lane::new(native::Native::open(&path)?);
                (
                    Some(std::sync::Arc::new(lane)),
                    Some(native::Readers::new(&path)),
                )
            }
            Backend::Postgres => (None, None),
        };
        Ok(Db {
            pool,
            backend,
            lane,
            readers,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A connection for lookups by key (and for helpers that also run in a [`Tx`]): on SQLite
    /// one that runs on the caller's thread (see `native`), on PostgreSQL one from the pool.
    pub async fn read(&self) -> DbResult<Conn> {
        Ok(Conn(match &self.readers {
            Some(readers) => ConnKind::Reader(readers.lend()?),
            None => ConnKind::Pooled(self.pool.acquire().await?),
        }))
    }

    /// Starts a transaction that will write. On SQLite it waits its turn in this process's
    /// writer lane, whose group transaction holds the write lock (`BEGIN IMMEDIATE`), so that
    /// writers neither fail on a read lock that cannot be upgraded nor sleep in SQLite's busy
    /// handler, and commits with the writers queued behind it (one fsync for the group); another
    /// process on the same file still queues on the busy timeout.
    pub async fn write(&self) -> DbResult<Tx> {
        Ok(match &self.lane {
            Some(lane) => Tx(Conn(ConnKind::Lane(lane.begin().await?))),
            None => Tx(Conn(ConnKind::Transaction(self.pool.begin().await?))),
        })
    }

    /// How many writers wait for SQLite's writer lane (none on PostgreSQL).
    pub fn lane_waiting(&self) -> usize {
        self.lane.as_ref().map_or(0, |l| l.waiting())
    }

    /// How long writers waited for SQLite's writer lane (none on PostgreSQL).
    pub fn lane_waits(&self) -> Option<&WaitHistogram> {
        self.lane.as_ref().map(|l| l.waits())
    }

    /// Whether the store takes a write now: a row of its own written and committed within
    /// `patience` (a store that answers reads but cannot write is not healthy).
    pub async fn takes_a_write(&self, node: &str, patience: Duration) -> bool {
        let write = async {
            let mut tx = self.write().await?;
            sqlx::query(
                "INSERT INTO health_checks (node, at) VALUES ($1, $2)
                 ON CONFLICT (node) DO UPDATE SET at = $2",
            )
            .bind(node)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, DbError>(())
        };
        matches!(tokio::time::timeout(patience, write).await, Ok(Ok(())))
    }

    /// True when a trivial query answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        if let Some(lane) = &self.lane {
            lane.close().await;
        }
        if let Some(readers) = &self.readers {
            readers.close();
        }
        self.pool.close().await;
    }
}

/// Opens one connection to PostgreSQL before the pool does, so that a server that is down,
/// unknown or refusing answers at once with the host and the cause (the pool would retry for
/// its whole acquire timeout and say only that it timed out).
async fn reach_postgres(url: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let host = url::Url::parse(url)
        .ok()
        .map(|u| {
            format!(
                "{}:{}",
                u.host_str().unwrap_or("localhost"),
                u.port().unwrap_or(5432)
            )
        })
        .unwrap_or_else(|| "the configured host".into());
    match tokio::time::timeout(Duration::from_secs(10), sqlx::AnyConnection::connect(url)).await {
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(anyhow::anyhow!("cannot reach PostgreSQL at {host}: {e}")),
        Err(_) => Err(anyhow::anyhow!(
            "cannot reach PostgreSQL at {host}: no answer within 10 seconds"
        )),
    }
}

/// The file of a `sqlite:` URL (none for an in-memory database).
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// Creates the database file readable and writable by lode's user alone, or takes those
/// rights back from a file that has more: it holds every document and account. SQLite gives
/// its `-wal` and `-shm` files the database file's rights.
fn keep_private(path: &std::path::Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| anyhow::anyhow!("opening the database file {}: {e}", path.display()))?;
        let meta = file.metadata()?;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        for suffix in ["-wal", "-shm"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            let side = std::path::PathBuf::from(side);
            if side.exists() {
                std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Holds a SQLite file for one serving process: a second `lode serve` on the same file would
/// queue its writers on SQLite's busy timeout behind the first one's writer lane, and each
/// would stall the other. The lock lives in `<file>.lock` (a lock taken on the database file
/// itself would be released by SQLite's own POSIX locks) and ends with the process. Other
/// commands (audit verify, admin) may still open the file beside the server.
pub fn hold_for_serving(url: &str) -> anyhow::Result<Option<std::fs::File>> {
    let Some(path) = sqlite_path(url) else {
        return Ok(None);
    };
    let mut lock = path.as_os_str().to_owned();
    lock.push(".lock");
    let lock = std::path::PathBuf::from(lock);
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(&lock)
        .map_err(|e| anyhow::anyhow!("opening {}: {e}", lock.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Err(anyhow::anyhow!(
            "another lode server already serves {}: stop it first (two servers on one SQLite \
             file would stall each other's writes)",
            path.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(anyhow::anyhow!("locking {}: {e}", lock.display()))
        }
    }
}

/// Waits counted into the bounds of a histogram, in seconds, as Prometheus reads them.
#[derive(Debug, Default)]
pub struct WaitHistogram {
    /// Waits at or under each bound of [`WAIT_BOUNDS`], then all of them.
    counts: [std::sync::atomic::AtomicU64; WAIT_BOUNDS.len() + 1],
    micros: std::sync::atomic::AtomicU64,
}

/// The bounds of [`WaitHistogram`], in seconds.
pub const WAIT_BOUNDS: [f64; 10] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0,
];

impl WaitHistogram {
    pub fn record(&self, wait: Duration) {
        use std::sync::atomic::Ordering::Relaxed;
        let secs = wait.as_secs_f64();
        for (i, bound) in WAIT_BOUNDS.iter().enumerate() {
            if secs <= *bound {
                self.counts[i].fetch_add(1, Relaxed);
            }
        }
        self.counts[WAIT_BOUNDS.len()].fetch_add(1, Relaxed);
        self.micros
            .fetch_add(u64::try_from(wait.as_micros()).unwrap_or(u64::MAX), Relaxed);
    }

    /// (bound, waits at or under it) for each bound, the count of all and their sum in seconds.
    pub fn snapshot(&self) -> (Vec<(f64, u64)>, u64, f64) {
        use std::sync::atomic::Ordering::Relaxed;
        let buckets = WAIT_BOUNDS
            .iter()
            .zip(&self.counts)
            .map(|(b, c)| (*b, c.load(Relaxed)))
            .collect();
        (
            buckets,
            self.counts[WAIT_BOUNDS.len()].load(Relaxed),
            self.micros.load(Relaxed) as f64 / 1e6,
        )
    }
}

/// The current instant as stored: UTC, RFC 3339, microseconds. Sorts as text.
pub fn now() -> String {
    format_instant(chrono::Utc::now())
}

/// Vietnam's offset from UTC (no daylight saving). Instants are stored in UTC; days (received
/// on, deadlines, report periods) are the agency's local days.
pub const LOCAL_OFFSET_HOURS: i64 = 7;

/// The instant, as stored, at which the local day `day` begins: what an instant column is
/// compared with to ask on which local day it fell.
pub fn day_start(day: chrono::NaiveDate) -> String {
    format_instant(
        day.and_time(chrono::NaiveTime::MIN).and_utc()
            - chrono::Duration::hours(LOCAL_OFFSET_HOURS),
    )
}

/// SQL for the instant at which the local day after the date column `column` begins: an
/// instant column is on or before that day when it is below this.
pub fn day_after_sql(column: &str) -> String {
    format!("{column} || 'T{:02}:00:00'", 24 - LOCAL_OFFSET_HOURS)
}

/// The local day of a stored instant's first 13 characters (`YYYY-MM-DDTHH`), for counts
/// grouped by the hour in SQL and by the day here.
pub fn local_day_of_hour(hour: &str) -> Option<chrono::NaiveDate> {
    let t = chrono::NaiveDateTime::parse_from_str(&format!("{hour}:00"), "%Y-%m-%dT%H:%M").ok()?;
    Some((t + chrono::Duration::hours(LOCAL_OFFSET_HOURS)).date())
}

/// Today in Vietnam (UTC+7, no daylight saving): the day documents are received on, dossiers
/// are filed on and licences are in force on.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(LOCAL_OFFSET_HOURS)).date_naive()
}

/// The local day on which a stored instant fell.
pub fn local_day_of(instant: &str) -> Option<chrono::NaiveDate> {
    parse_instant(instant).map(|t| (t + chrono::Duration::hours(LOCAL_OFFSET_HOURS)).date_naive())
}

pub fn format_instant(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub fn parse_instant(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// A page of a list read by key: `next` is the key to pass to get the following page
/// (`after` for people, `before` for the audit log); `null` on the last page. Lists that page
/// both ways (incoming documents) give `newer` too: the key to pass as `after` for the page
/// before this one, `null` on the first.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newer: Option<i64>,
    /// How many match the filters, where the list counts them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<Total>,
    /// Whether rows follow this page in the list's order (whatever paging reaches them).
    pub more: bool,
    /// Whether a search's best answers come first (else the list's own order: a search asked
    /// for its best answers comes newest first when it matches too many to weigh).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ranked: bool,
}

impl<T> Page<T> {
    /// A list with nothing in it (its filters could not be read).
    pub fn nothing() -> Self {
        Page {
            items: Vec::new(),
            next: None,
            newer: None,
            total: Some(Total {
                count: 0,
                more: false,
            }),
            more: false,
            ranked: false,
        }
    }
}

/// How many rows a list's filters match. Counting stops at [`COUNT_BOUND`] (on PostgreSQL, where
/// counting reads rows, sooner when it takes too long): past it `more` is
/// set and `count` is the bound (a person needs "more than ten thousand", not the exact figure,
/// and counting a million rows would cost more than the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Total {
    pub count: i64,
    pub more: bool,
}

/// Where a list stops counting.
pub const COUNT_BOUND: i64 = 10_000;

impl Total {
    /// The total from the rows counted with a `LIMIT` of one past the bound.
    pub fn of_counted(counted: i64) -> Self {
        Self::of_counted_to(counted, COUNT_BOUND)
    }

    /// The total from rows counted to another bound.
    pub fn of_counted_to(counted: i64, bound: i64) -> Self {
        Total {
            count: counted.min(bound),
            more: counted > bound,
        }
    }
}

/// Clamps a requested page size to 1..=200, default 50.
pub fn page_limit(requested: Option<i64>) -> i64 {
    requested.unwrap_or(50).clamp(1, 200)
}

/// The columns a list may be ordered by, each named in addresses by a short key.
pub trait SortKey: Copy + PartialEq + std::fmt::Debug + 'static {
    const ALL: &'static [Self];
    fn key(self) -> &'static str;
    /// Whether a list first ordered by this column shows its largest values first (dates and
    /// numbers: the newest); deadlines come soonest first.
    fn starts_descending(self) -> bool {
        true
    }
}

/// The order of a search's best answers first, as an address asks for it (`sort=relevance`).
pub const RELEVANCE: &str = "relevance";

/// Up to how many rows a search weighs to list its best answers first; past it, the newest
/// come first (a word that common says little about what is wanted).
pub const RANKED_AT_MOST: i64 = 500;

/// The page at `offset` of `items` (newest first) ordered by `weight`, the heaviest first;
/// equals keep their order.
pub fn best_first<T>(
    items: Vec<T>,
    offset: i64,
    limit: i64,
    weight: impl Fn(&T) -> u32,
) -> Page<T> {
    let mut weighed: Vec<(u32, T)> = items.into_iter().map(|v| (weight(&v), v)).collect();
    weighed.sort_by_key(|(w, _)| std::cmp::Reverse(*w));
    let count = weighed.len() as i64;
    let skip = usize::try_from(offset).unwrap_or(0);
    let take = usize::try_from(limit).unwrap_or(50);
    Page {
        items: weighed
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|(_, v)| v)
            .collect(),
        next: None,
        newer: None,
        total: Some(Total { count, more: false }),
        more: offset + limit < count,
        ranked: true,
    }
}

/// A list's order as its address asks for it: a column's key, with `-` before it for the
/// descending order (`deadline`, `-received`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<K> {
    pub by: K,
    pub descending: bool,
}

impl<K: SortKey> Sort<K> {
    pub fn parse(asked: &str) -> Result<Self, lode_core::validation::FieldError> {
        let asked = asked.trim();
        let (descending, key) = match asked.strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, asked),
        };
        K::ALL
            .iter()
            .find(|k| k.key() == key)
            .map(|&by| Sort { by, descending })
            .ok_or_else(|| {
                let keys: Vec<&str> = K::ALL.iter().map(|k| k.key()).collect();
                lode_core::validation::invalid(
                    "unknown_sort",
                    format!(
                        "a list is ordered by one of {}, with - before it for the reverse order",
                        keys.join(", ")
                    ),
                )
            })
    }

    /// The order as written in an address.
    pub fn param(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.by.key()
        )
    }

    /// `ASC` or `DESC`.
    pub fn direction(self) -> &'static str {
        if self.descending { "DESC" } else { "ASC" }
    }
}

/// The rows to skip for a numbered page (`page` counts from 1); pages start within what a
/// list counts (see [`COUNT_BOUND`]): reading further would skip more rows than any page
/// should (programs page on by key).
pub fn page_offset(
    page: Option<i64>,
    limit: i64,
) -> Result<i64, lode_core::validation::FieldError> {
    let last_page = COUNT_BOUND / limit.max(1) + 1;
    match page {
        None => Ok(0),
        Some(p) if (1..=last_page).contains(&p) => Ok((p - 1) * limit),
        Some(_) => Err(lode_core::validation::invalid(
            "page_range",
            format!("pages are numbered from 1 to {last_page}"),
        )),
    }
}

/// Splits one extra row off a `limit + 1` query into the page's `next` key.
pub fn into_page<T>(mut rows: Vec<T>, limit: i64, key: impl Fn(&T) -> i64) -> Page<T> {
    let limit = usize::try_from(limit).unwrap_or(50);
    let more = rows.len() > limit;
    let next = if more {
        rows.truncate(limit);
        rows.last().map(&key)
    } else {
        None
    };
    Page {
        items: rows,
        next,
        newer: None,
        total: None,
        more,
        ranked: false,
    }
}

/// A number of a list filter, where a form's "any" choice sends an empty value: empty is none.
pub fn empty_as_none<'de, D>(d: D) -> Result<Option<i64>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s.trim().parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// The names of records picked by their keys, for a page that names many at once (the audit
/// log's records, the people of a list): `select` reads `(key, name)` rows and says where the
/// keys go with `{ids}`, which becomes a subquery over the keys bound as one JSON array (one
/// statement whatever their number, on either engine). A record not found, or whose name is
/// NULL, is left out.
pub async fn names_by_id<K: RecordKey>(
    db: &Db,
    // written in the program, never made from input: the keys are bound
    select: &'static str,
    keys: &[K],
) -> DbResult<std::collections::HashMap<K, String>> {
    if keys.is_empty() {
        return Ok(Default::default());
    }
    let list = match db.backend() {
        Backend::Sqlite => "(SELECT value FROM json_each($1))",
        Backend::Postgres => K::POSTGRES_ELEMENTS,
    };
    let keys = serde_json::to_string(keys).map_err(|e| DbError::Other(e.into()))?;
    let rows: Vec<(K, Option<String>)> = sqlx::query_as(&select.replace("{ids}", list))
        .bind(keys)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(key, name)| Some((key, name?)))
        .collect())
}

/// A record's key as [`names_by_id`] binds it: a row's number or a text (a procedure's code).
pub trait RecordKey:
    serde::Serialize
    + Eq
    + std::hash::Hash
    + Send
    + Unpin
    + for<'r> sqlx::Decode<'r, sqlx::Any>
    + sqlx::Type<sqlx::Any>
{
    /// The keys of the JSON array `$1` as PostgreSQL compares them with the column.
    const POSTGRES_ELEMENTS: &'static str;
}

impl RecordKey for i64 {
    const POSTGRES_ELEMENTS: &'static str =
        "(SELECT CAST(jsonb_array_elements_text(CAST($1 AS jsonb)) AS BIGINT))";
}

impl RecordKey for String {
    const POSTGRES_ELEMENTS: &'static str = "(SELECT jsonb_array_elements_text(CAST($1 AS jsonb)))";
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
/// The LIKE patterns of a search's words (`%word%`, folded and escaped), each to be found in
/// any order; [`word_clauses`] writes the clauses that test them.
pub fn word_patterns(q: Option<&str>) -> Vec<String> {
    q.map(lode_core::text::search_terms)
        .unwrap_or_default()
        .iter()
        .map(|t| format!("%{}%", like_escape(t)))
        .collect()
}

/// `count` clauses `AND column LIKE $n`, their placeholders numbered from `first`: one for each
/// pattern of [`word_patterns`] bound in that order.
pub fn word_clauses(column: &str, first: usize, count: usize) -> String {
    (0..count)
        .map(|i| format!(" AND {column} LIKE ${} ESCAPE '\\'", first + i))
        .collect()
}

pub fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn local_days_begin_at_17_utc_the_day_before() {
        // Monday 30 November 2026 begins in Hà Nội at 17:00 UTC on Sunday
        assert_eq!(day_start(day("2026-11-30")), "2026-11-29T17:00:00.000000Z");
        let monday = day_start(day("2026-11-30"));
        // a completion late on Sunday UTC is on Monday in Vietnam, one before is not
        assert!("2026-11-29T23:50:00.000000Z" >= monday.as_str());
        assert!("2026-11-29T16:59:59.999999Z" < monday.as_str());
        // on or before a deadline: below the start of the local day after it
        let end_of_deadline = "2026-11-30T17:00:00";
        assert_eq!(day_after_sql("d.deadline"), "d.deadline || 'T17:00:00'");
        assert!("2026-11-30T16:59:59.999999Z" < end_of_deadline);
        assert!("2026-11-30T17:00:00.000000Z" >= end_of_deadline);
    }

    #[test]
    fn hours_fall_on_their_local_day() {
        assert_eq!(local_day_of_hour("2026-11-29T16"), Some(day("2026-11-29")));
        assert_eq!(local_day_of_hour("2026-11-29T17"), Some(day("2026-11-30")));
        assert_eq!(local_day_of_hour("2026-12-31T23"), Some(day("2027-01-01")));
        assert_eq!(local_day_of_hour("garbage"), None);
    }
}
