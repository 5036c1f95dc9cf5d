//! The writer lane's own SQLite connection, run on the caller's thread.
//!
//! sqlx runs every SQLite statement on a worker thread reached through a channel: each
//! statement costs two thread wake-ups, and the lane is held for all of them, so the wake-ups,
//! not SQLite, bounded how many writers a second the lane served. The lane's statements are short
//! (a number, a row, an index entry, an audit entry), so here they run where they are asked for,
//! without a hop; only a group's `COMMIT`, which waits for the disk, goes to a blocking thread.
//!
//! Storage code stays written once for both engines: this connection is a `sqlx::Executor`
//! of the `Any` driver, taking `Any` arguments and giving `AnyRow`s with the same values
//! sqlx's SQLite driver would give (integers as 64-bit, reals as doubles, text, blobs), and its
//! errors as `sqlx::Error::Database` with the same kinds (unique, foreign key, not null, check).

use futures::future::BoxFuture;
use futures::stream::BoxStream;
use rusqlite::types::ValueRef;
use sqlx::any::{
    Any, AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo, AnyTypeInfoKind, AnyValue,
};
use sqlx::error::{DatabaseError, ErrorKind};
use sqlx::{Describe, Either, Execute, Executor};
use sqlx_core::any::{AnyColumn, AnyValueKind};
use sqlx_core::ext::ustr::UStr;
use std::borrow::Cow;
use std::sync::Arc;

/// What every connection to lode's SQLite file runs first (the pool's connections run the same).
pub(crate) const PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
     PRAGMA busy_timeout = 15000; PRAGMA synchronous = FULL; \
     PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;";

/// How long a writer waits for another process's write lock (the `busy_timeout` above).
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// A statement's results as sqlx's executors yield them: its rows, then what it changed.
type Results = Vec<Either<AnyQueryResult, AnyRow>>;

/// What a connection that only reads runs first.
const READER_PRAGMAS: &str = "PRAGMA busy_timeout = 15000; PRAGMA mmap_size = 268435456; \
     PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;";

/// How many idle read connections are kept for the next reader.
const READERS_KEPT: usize = 8;

/// Connections that only read (opened read-only: a write through one is an error), lent one
/// at a time, on SQLite. A read in WAL mode waits for no lock, so it too runs on the request's
/// thread; the reads lent here are lookups by key (an account, a token, a record and the parts
/// a list's page shows of its rows), not the lists' and reports' own queries, which stay on
/// sqlx's pool.
pub(crate) struct Readers {
    path: std::path::PathBuf,
    idle: std::sync::Mutex<Vec<Native>>,
    closed: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Readers")
    }
}

impl Readers {
    pub(crate) fn new(path: &std::path::Path) -> Arc<Self> {
        Arc::new(Self {
            path: path.to_path_buf(),
            idle: std::sync::Mutex::new(Vec::new()),
            closed: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Closes the idle connections; readers after that are told the store is closed.
    pub(crate) fn close(&self) {
        self.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Ok(mut idle) = self.idle.lock() {
            idle.clear();
        }
    }

    /// An idle connection, or a new one.
    pub(crate) fn lend(self: &Arc<Self>) -> Result<Reader, sqlx::Error> {
        if self.closed.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(sqlx::Error::PoolClosed);
        }
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match idle {
            Some(conn) => conn,
            None => Native::open_with(
                &self.path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                READER_PRAGMAS,
            )?,
        };
        Ok(Reader {
            conn: Some(conn),
            home: self.clone(),
        })
    }
}

/// A read connection lent by [`Readers`]; it goes back when dropped.
pub(crate) struct Reader {
    conn: Option<Native>,
    home: Arc<Readers>,
}

impl Reader {
    pub(crate) fn conn_mut(&mut self) -> Option<&mut Native> {
        self.conn.as_mut()
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let (Some(conn), Ok(mut idle)) = (self.conn.take(), self.home.idle.lock())
            && idle.len() < READERS_KEPT
            && !self.home.closed.load(std::sync::atomic::Ordering::SeqCst)
        {
            idle.push(conn);
        }
    }
}

/// The writer lane's connection, or a reader's.
pub(crate) struct Native {
    conn: rusqlite::Connection,
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Native")
    }
}

impl Native {
    /// Opens the file read-write (it exists: the pool created and migrated it).
    pub(crate) fn open(path: &std::path::Path) -> Result<Self, sqlx::Error> {
        Self::open_with(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE, PRAGMAS)
    }

    fn open_with(
        path: &std::path::Path,
        mode: rusqlite::OpenFlags,
        pragmas: &str,
    ) -> Result<Self, sqlx::Error> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            path,
            mode | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(to_sqlx)?;
        conn.execute_batch(pragmas).map_err(to_sqlx)?;
        // every statement storage code writes, prepared once
        conn.set_prepared_statement_cache_capacity(512);
        Ok(Self { conn })
    }

    /// Runs `sql`: with arguments one statement, without them any number (the lane's own
    /// `BEGIN IMMEDIATE; SAVEPOINT writer`).
    pub(crate) fn run(
        &mut self,
        sql: &str,
        arguments: Option<sqlx::any::AnyArguments<'_>>,
        persistent: bool,
    ) -> Result<Results, sqlx::Error> {
        let mut out = Vec::new();
        match arguments {
            None => {
                let mut batch = rusqlite::Batch::new(&self.conn, sql);
                while let Some(mut statement) = batch.next().map_err(to_sqlx)? {
                    step(&self.conn, &mut statement, &[], &mut out)?;
                }
            }
            Some(arguments) => {
                if has_second_statement(sql) {
                    return Err(sqlx::Error::Protocol(
                        "a query with arguments is one statement".into(),
                    ));
                }
                let values = &arguments.values.0;
                if persistent {
                    let mut statement = self.conn.prepare_cached(sql).map_err(to_sqlx)?;
                    step(&self.conn, &mut statement, values, &mut out)?;
                } else {
                    let mut statement = self.conn.prepare(sql).map_err(to_sqlx)?;
                    step(&self.conn, &mut statement, values, &mut out)?;
                }
            }
        }
        Ok(out)
    }

    /// Runs a query as sqlx hands it to an executor.
    fn run_query<'q>(&mut self, query: &mut impl Execute<'q, Any>) -> Result<Results, sqlx::Error> {
        let persistent = query.persistent();
        let arguments = query.take_arguments().map_err(sqlx::Error::Encode)?;
        self.run(query.sql(), arguments, persistent)
    }

    /// Runs `sql` (statements without arguments) here if it need not wait for another
    /// process's lock; `None` when it would have to, with nothing done.
    pub(crate) fn run_unless_busy(&mut self, sql: &str) -> Option<Result<(), sqlx::Error>> {
        if let Err(e) = self.conn.busy_timeout(std::time::Duration::ZERO) {
            return Some(Err(to_sqlx(e)));
        }
        let done = self.conn.execute_batch(sql);
        if let Err(e) = self.conn.busy_timeout(BUSY_TIMEOUT) {
            return Some(Err(to_sqlx(e)));
        }
        match done {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                None
            }
            other => Some(other.map_err(to_sqlx)),
        }
    }

    /// Runs `sql` on a blocking thread: for the statements that wait for the disk. The
    /// connection comes back unless the runtime ended under it.
    pub(crate) async fn run_blocking(
        self,
        sql: &'static str,
    ) -> (Option<Self>, Result<(), sqlx::Error>) {
        let mut this = self;
        match tokio::task::spawn_blocking(move || {
            let done = this.run(sql, None, false).map(|_| ());
            (this, done)
        })
        .await
        {
            Ok((conn, done)) => (Some(conn), done),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // cancelled: the runtime is shutting down
            Err(_) => (None, Err(sqlx::Error::PoolClosed)),
        }
    }
}

/// Whether `sql` holds more than one statement (SQLite would prepare the first and leave the
/// rest unrun). Semicolons inside quotes are not ends.
fn has_second_statement(sql: &str) -> bool {
    let mut quote = None;
    let mut ended = false;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if ended && !c.is_whitespace() => return true,
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == ';' => ended = true,
            None => {}
        }
    }
    false
}

/// Binds `values` to `statement` (`$n` names the n-th value, as sqlx's SQLite driver reads
/// it; an unnamed parameter takes the value of its position) and steps it to its end.
fn step(
    conn: &rusqlite::Connection,
    statement: &mut rusqlite::Statement<'_>,
    values: &[AnyValueKind<'_>],
    out: &mut Results,
) -> Result<(), sqlx::Error> {
    for i in 1..=statement.parameter_count() {
        let position = statement
            .parameter_name(i)
            .and_then(|n| n.strip_prefix(['$', '?']))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(i);
        // a parameter nobody bound is NULL, as sqlx's SQLite driver binds it
        let null = AnyValueKind::Null(AnyTypeInfoKind::Null);
        let value = values.get(position - 1).unwrap_or(&null);
        let value = value_ref(value).ok_or_else(|| {
            sqlx::Error::Protocol(format!(
                "parameter {position} is of a kind SQLite does not store"
            ))
        })?;
        statement
            .raw_bind_parameter(i, rusqlite::types::ToSqlOutput::Borrowed(value))
            .map_err(to_sqlx)?;
    }
    let columns = statement.column_count();
    let names: Vec<UStr> = statement
        .column_names()
        .into_iter()
        .map(UStr::new)
        .collect();
    let readonly = statement.readonly();
    let index: Arc<sqlx_core::HashMap<UStr, usize>> = Arc::new(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect(),
    );
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next().map_err(to_sqlx)? {
        let mut any = AnyRow {
            column_names: index.clone(),
            columns: Vec::with_capacity(columns),
            values: Vec::with_capacity(columns),
        };
        for (i, name) in names.iter().enumerate() {
            let kind = match row.get_ref(i).map_err(to_sqlx)? {
                ValueRef::Null => AnyValueKind::Null(AnyTypeInfoKind::Null),
                ValueRef::Integer(v) => AnyValueKind::BigInt(v),
                ValueRef::Real(v) => AnyValueKind::Double(v),
                ValueRef::Text(v) => AnyValueKind::Text(Cow::Owned(
                    String::from_utf8(v.to_vec()).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                )),
                ValueRef::Blob(v) => AnyValueKind::Blob(Cow::Owned(v.to_vec())),
            };
            any.columns.push(AnyColumn {
                ordinal: i,
                name: name.clone(),
                type_info: AnyTypeInfo {
                    kind: kind_of(&kind),
                },
            });
            any.values.push(AnyValue { kind });
        }
        out.push(Either::Right(any));
    }
    out.push(Either::Left(AnyQueryResult {
        rows_affected: if readonly { 0 } else { conn.changes() },
        last_insert_id: Some(conn.last_insert_rowid()),
    }));
    Ok(())
}

fn kind_of(value: &AnyValueKind<'_>) -> AnyTypeInfoKind {
    match value {
        AnyValueKind::BigInt(_) => AnyTypeInfoKind::BigInt,
        AnyValueKind::Double(_) => AnyTypeInfoKind::Double,
        AnyValueKind::Text(_) => AnyTypeInfoKind::Text,
        AnyValueKind::Blob(_) => AnyTypeInfoKind::Blob,
        _ => AnyTypeInfoKind::Null,
    }
}

/// A value as SQLite stores it (booleans as integers, as sqlx's SQLite driver binds them).
fn value_ref<'a>(value: &'a AnyValueKind<'_>) -> Option<ValueRef<'a>> {
    Some(match value {
        AnyValueKind::Null(_) => ValueRef::Null,
        AnyValueKind::Bool(b) => ValueRef::Integer(i64::from(*b)),
        AnyValueKind::SmallInt(v) => ValueRef::Integer(i64::from(*v)),
        AnyValueKind::Integer(v) => ValueRef::Integer(i64::from(*v)),
        AnyValueKind::BigInt(v) => ValueRef::Integer(*v),
        AnyValueKind::Real(v) => ValueRef::Real(f64::from(*v)),
        AnyValueKind::Double(v) => ValueRef::Real(*v),
        AnyValueKind::Text(v) => ValueRef::Text(v.as_bytes()),
        AnyValueKind::Blob(v) => ValueRef::Blob(v),
        // (the enum is open to additions)
        _ => return None,
    })
}

/// An SQLite error, told as sqlx's SQLite driver tells it.
#[derive(Debug)]
struct NativeError {
    /// SQLite's extended result code.
    code: std::ffi::c_int,
    message: String,
}

impl std::fmt::Display for NativeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NativeError {}

impl DatabaseError for NativeError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.code.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        use rusqlite::ffi;
        match self.code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

fn to_sqlx(e: rusqlite::Error) -> sqlx::Error {
    match e {
        rusqlite::Error::SqliteFailure(failure, message) => {
            sqlx::Error::Database(Box::new(NativeError {
                code: failure.extended_code,
                message: message.unwrap_or_else(|| failure.to_string()),
            }))
        }
        other => sqlx::Error::Protocol(other.to_string()),
    }
}

impl<'c> Executor<'c> for &'c mut Native {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        mut query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match self.run_query(&mut query) {
            Ok(items) => Box::pin(futures::stream::iter(items.into_iter().map(Ok))),
            Err(e) => Box::pin(futures::stream::iter([Err(e)])),
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        mut query: E,
    ) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        let row = self.run_query(&mut query).map(|items| {
            items.into_iter().find_map(|item| match item {
                Either::Right(row) => Some(row),
                Either::Left(_) => None,
            })
        });
        Box::pin(std::future::ready(row))
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        _sql: &'q str,
        _parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        Box::pin(std::future::ready(Err(sqlx::Error::Protocol(
            "statements on the writer lane are prepared as they run".into(),
        ))))
    }

    fn describe<'e, 'q: 'e>(
        self,
        _sql: &'q str,
    ) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        Box::pin(std::future::ready(Err(sqlx::Error::Protocol(
            "statements on the writer lane are not described".into(),
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::Native;
    use sqlx::Row as _;

    /// A folder removed when the test ends.
    struct Folder(std::path::PathBuf);

    impl Folder {
        fn path(&self) -> &std::path::Path {
            &self.0
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A connection on a fresh file, with a table of each kind of column.
    fn open() -> anyhow::Result<(Folder, Native)> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            Folder(std::env::temp_dir().join(format!("lode-native-{}-{n}", std::process::id())));
        std::fs::create_dir_all(dir.path())?;
        let path = dir.path().join("lode.db");
        rusqlite::Connection::open(&path)?;
        let mut conn = Native::open(&path)?;
        conn.run(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, \
             score REAL, data BLOB, flag BOOLEAN, note TEXT)",
            None,
            false,
        )?;
        Ok((dir, conn))
    }

    #[tokio::test]
    async fn values_go_in_and_come_out_as_sqlx_gives_them() -> anyhow::Result<()> {
        let (_dir, mut conn) = open()?;
        // `$n` names its value whatever the order it appears in
        let done = sqlx::query(
            "INSERT INTO t (score, name, data, flag, note) VALUES ($3, $1, $2, $4, $5)",
        )
        .bind("Hồ sơ địa chất")
        .bind(vec![0u8, 159, 255])
        .bind(2.5f64)
        .bind(true)
        .bind(None::<String>)
        .execute(&mut conn)
        .await?;
        assert_eq!(done.rows_affected(), 1);
        let row = sqlx::query("SELECT id, name, score, data, flag, note FROM t WHERE name = $1")
            .bind("Hồ sơ địa chất")
            .fetch_one(&mut conn)
            .await?;
        assert_eq!(row.try_get::<i64, _>("id")?, 1);
        assert_eq!(row.try_get::<String, _>(1)?, "Hồ sơ địa chất");
        assert_eq!(row.try_get::<f64, _>("score")?, 2.5);
        assert_eq!(row.try_get::<Vec<u8>, _>("data")?, vec![0u8, 159, 255]);
        assert_eq!(row.try_get::<i64, _>("flag")?, 1);
        assert_eq!(row.try_get::<Option<String>, _>("note")?, None);
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM t")
            .fetch_one(&mut conn)
            .await?;
        assert_eq!(count, 1);
        let none = sqlx::query("SELECT id FROM t WHERE name = $1")
            .bind("không có")
            .fetch_optional(&mut conn)
            .await?;
        assert!(none.is_none());
        Ok(())
    }

    #[tokio::test]
    async fn errors_keep_their_kind_and_the_connection_goes_on() -> anyhow::Result<()> {
        let (_dir, mut conn) = open()?;
        sqlx::query("INSERT INTO t (name) VALUES ($1)")
            .bind("a")
            .execute(&mut conn)
            .await?;
        let again = sqlx::query("INSERT INTO t (name) VALUES ($1)")
            .bind("a")
            .execute(&mut conn)
            .await;
        match again {
            Err(sqlx::Error::Database(e)) => {
                assert!(e.is_unique_violation(), "{e}");
                assert!(e.message().contains("t.name"), "{}", e.message());
            }
            other => panic!("expected a unique violation, got {other:?}"),
        }
        let missing = sqlx::query("INSERT INTO t (name) VALUES (NULL)")
            .execute(&mut conn)
            .await;
        assert!(
            matches!(&missing, Err(sqlx::Error::Database(e)) if e.kind() == sqlx::error::ErrorKind::NotNullViolation),
            "{missing:?}"
        );
        // a value the statement asks for and nobody bound is NULL, as with sqlx's driver
        let (unbound,): (Option<i64>,) = sqlx::query_as("SELECT $2")
            .bind(1i64)
            .fetch_one(&mut conn)
            .await?;
        assert_eq!(unbound, None);
        // a second statement is refused, never left unrun
        let two = sqlx::query("UPDATE t SET note = $1; DELETE FROM t")
            .bind("x; y")
            .execute(&mut conn)
            .await;
        assert!(matches!(two, Err(sqlx::Error::Protocol(_))), "{two:?}");
        let quoted = sqlx::query("UPDATE t SET note = 'a;b' WHERE name = $1;")
            .bind("a")
            .execute(&mut conn)
            .await?;
        assert_eq!(quoted.rows_affected(), 1);
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM t")
            .fetch_one(&mut conn)
            .await?;
        assert_eq!(count, 1);
        Ok(())
    }

    #[tokio::test]
    async fn a_lock_held_elsewhere_is_waited_for_off_the_caller_thread() -> anyhow::Result<()> {
        let (dir, mut conn) = open()?;
        let other = rusqlite::Connection::open(dir.path().join("lode.db"))?;
        other.execute_batch("BEGIN IMMEDIATE")?;
        assert!(conn.run_unless_busy("BEGIN IMMEDIATE").is_none());
        other.execute_batch("COMMIT")?;
        assert!(matches!(
            conn.run_unless_busy("BEGIN IMMEDIATE"),
            Some(Ok(()))
        ));
        let (conn, committed) = conn.run_blocking("COMMIT").await;
        committed?;
        assert!(conn.is_some());
        Ok(())
    }
}
