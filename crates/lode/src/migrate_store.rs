//! `lode migrate-store`: an office that outgrew one machine moves from SQLite and local files to
//! PostgreSQL and an S3-compatible bucket (or a local folder), and every part is checked.
//!
//! The target database must be empty; lode migrates it, then copies each table in the order
//! its foreign keys ask (units parents first), checks every table row by row (a digest of every
//! value in key order, on both sides), copies every file the database names (each read back by
//! its hash), sets PostgreSQL's id sequences past the copied ids, and verifies the audit chain
//! of the target up to the source's head. The server must be stopped: the SQLite file is held
//! against `lode serve` for the whole move. Tables are read whole: fine for an office on one
//! machine (the kind that moves), to be paged if offices grow past memory.

use crate::config::Config;
use anyhow::{Context, bail, ensure};
use lode_db::blobs::{BlobConfig, Blobs};
use lode_db::{Backend, Db};
use sha2::{Digest, Sha256};
use sqlx::{Column, Row, TypeInfo};
use std::collections::{BTreeMap, BTreeSet};

/// What the move did, table by table.
#[derive(Debug, Default)]
pub struct Moved {
    pub tables: Vec<(String, u64)>,
    pub files: usize,
    pub audit_seq: i64,
    pub audit_hash: String,
}

/// A value of a column, as the source holds it.
#[derive(Debug, Clone)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    /// The value's part of a table's digest: its kind and its bytes, so that `1` and `'1'`,
    /// or NULL and `''`, never digest alike.
    fn digest_into(&self, h: &mut Sha256) {
        match self {
            Value::Null => h.update(b"N"),
            Value::Int(i) => {
                h.update(b"I");
                h.update(i.to_be_bytes());
            }
            Value::Real(r) => {
                h.update(b"R");
                h.update(r.to_bits().to_be_bytes());
            }
            Value::Text(s) => {
                h.update(b"T");
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
            Value::Bytes(b) => {
                h.update(b"B");
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
        }
    }
}

/// How a target column takes its values.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Int,
    Real,
    Text,
    Bytes,
    Bool,
}

/// One table to move: its columns as the target has them, its key for ordering.
#[derive(Debug)]
struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
    key: Vec<String>,
    parent_column: Option<String>,
}

/// Moves the configured SQLite store to the PostgreSQL database at `to`, and its files to the
/// configured S3 bucket (or, without one, keeps them where they are).
pub async fn run(config: &Config, to: &str) -> anyhow::Result<Moved> {
    ensure!(
        config.database_url.starts_with("sqlite:"),
        "the store to move must be SQLite (it is {})",
        config.redacted_database_url()
    );
    ensure!(
        to.starts_with("postgres://") || to.starts_with("postgresql://"),
        "--to names a PostgreSQL database: postgres://USER@HOST:PORT/DB"
    );
    let _held = lode_db::hold_for_serving(&config.database_url)
        .context("the server must be stopped while its store moves")?;
    let source = Db::connect(&config.database_url).await?;
    lode_db::migrate::run(&source).await?;
    let target = Db::connect(to).await?;
    ensure!(
        crate::backup::postgres_is_empty(&target).await?,
        "the target database is not empty: create a new, empty one"
    );
    lode_db::migrate::run(&target).await?;
    ensure!(
        target.backend() == Backend::Postgres,
        "the target is not PostgreSQL"
    );

    let tables = plan(&source, &target).await?;
    // what the migrations seeded (document types, the audit head, ...) the source holds too,
    // as it stands now: the target keeps the source's rows only
    for table in tables.iter().rev() {
        sqlx::query(&format!("DELETE FROM {}", quote(&table.name)))
            .execute(target.pool())
            .await
            .with_context(|| format!("emptying {}", table.name))?;
    }
    let mut moved = Moved::default();
    for table in &tables {
        let n = copy_table(&source, &target, table).await?;
        let (a, b) = (
            table_digest(&source, table).await?,
            table_digest(&target, table).await?,
        );
        ensure!(
            a == b,
            "the table {} differs after the copy ({} rows)",
            table.name,
            n
        );
        moved.tables.push((table.name.clone(), n));
    }
    reset_sequences(&target, &tables).await?;
    moved.files = copy_files(config, &source).await?;

    let from = lode_db::audit::verify(&source).await?;
    let now = lode_db::audit::verify(&target).await?;
    ensure!(
        now.broken.is_none(),
        "the audit chain of the target is broken: {:?}",
        now.broken
    );
    ensure!(
        (from.head_seq, &from.head_hash) == (now.head_seq, &now.head_hash),
        "the audit head moved from {} {} to {} {}",
        from.head_seq,
        from.head_hash,
        now.head_seq,
        now.head_hash
    );
    moved.audit_seq = now.head_seq;
    moved.audit_hash = now.head_hash;
    source.close().await;
    target.close().await;
    Ok(moved)
}

/// The tables both stores have (the search index of SQLite stays behind: PostgreSQL has its
/// own), parents before the tables whose foreign keys name them.
async fn plan(source: &Db, target: &Db) -> anyhow::Result<Vec<Table>> {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND sql NOT LIKE 'CREATE VIRTUAL%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .fetch_all(source.pool())
    .await?;
    let in_target: BTreeSet<String> = sqlx::query_as::<_, (String,)>(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(target.pool())
    .await?
    .into_iter()
    .map(|r| r.0)
    .collect();
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut tables = BTreeMap::new();
    for (name,) in names.into_iter().filter(|(n,)| in_target.contains(n)) {
        let fks: Vec<(String, String)> =
            sqlx::query_as("SELECT \"table\", \"from\" FROM pragma_foreign_key_list($1)")
                .bind(&name)
                .fetch_all(source.pool())
                .await?;
        let parent_column = fks.iter().find(|(t, _)| *t == name).map(|(_, c)| c.clone());
        deps.insert(
            name.clone(),
            fks.into_iter()
                .map(|(t, _)| t)
                .filter(|t| *t != name)
                .collect(),
        );
        let key: Vec<(i64, String)> =
            sqlx::query_as("SELECT pk, name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk")
                .bind(&name)
                .fetch_all(source.pool())
                .await?;
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(&name)
        .fetch_all(target.pool())
        .await?;
        let columns = columns
            .into_iter()
            .map(|(c, t)| {
                let kind = match t.as_str() {
                    "bigint" | "integer" | "smallint" => Kind::Int,
                    "double precision" | "real" | "numeric" => Kind::Real,
                    "bytea" => Kind::Bytes,
                    "boolean" => Kind::Bool,
                    _ => Kind::Text,
                };
                (c, kind)
            })
            .collect();
        tables.insert(
            name.clone(),
            Table {
                name,
                columns,
                key: key.into_iter().map(|(_, c)| c).collect(),
                parent_column,
            },
        );
    }
    // parents first; a key naming a table that does not move is the target's to judge
    let moving: BTreeSet<String> = tables.keys().cloned().collect();
    let mut order = Vec::new();
    let mut done = BTreeSet::new();
    while !tables.is_empty() {
        let ready: Vec<String> = tables
            .keys()
            .filter(|t| {
                deps.get(*t)
                    .is_none_or(|d| d.iter().all(|p| done.contains(p) || !moving.contains(p)))
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            bail!("the tables' foreign keys go round in a circle");
        }
        for t in ready {
            done.insert(t.clone());
            if let Some(table) = tables.remove(&t) {
                order.push(table);
            }
        }
    }
    Ok(order)
}

impl Table {
    /// The columns, quoted, for a SELECT or an INSERT.
    fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| quote(c))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn order_by(table: &Table) -> String {
    if table.key.is_empty() {
        "rowid".to_string()
    } else {
        table
            .key
            .iter()
            .map(|k| quote(k))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The rows of a table of the source, as values, in key order.
async fn source_rows(source: &Db, table: &Table) -> anyhow::Result<Vec<Vec<Value>>> {
    let columns = table.column_list();
    let rows = sqlx::query(&format!(
        "SELECT {columns} FROM {} ORDER BY {}",
        quote(&table.name),
        order_by(table)
    ))
    .fetch_all(source.pool())
    .await
    .with_context(|| format!("reading {}", table.name))?;
    rows.iter()
        .map(|r| {
            (0..r.columns().len())
                .map(|i| read_value(r, i))
                .collect::<anyhow::Result<Vec<_>>>()
        })
        .collect()
}

fn read_value(r: &sqlx::any::AnyRow, i: usize) -> anyhow::Result<Value> {
    let kind = r.columns()[i].type_info().name().to_ascii_uppercase();
    Ok(match kind.as_str() {
        "NULL" => Value::Null,
        "INTEGER" | "BIGINT" | "INT8" | "BOOLEAN" | "BOOL" | "SMALLINT" | "INT4" | "INT2" => r
            .try_get::<Option<i64>, _>(i)?
            .map_or(Value::Null, Value::Int),
        "REAL" | "DOUBLE" | "FLOAT8" | "FLOAT4" | "NUMERIC" => r
            .try_get::<Option<f64>, _>(i)?
            .map_or(Value::Null, Value::Real),
        "BLOB" | "BYTEA" => r
            .try_get::<Option<Vec<u8>>, _>(i)?
            .map_or(Value::Null, Value::Bytes),
        _ => r
            .try_get::<Option<String>, _>(i)?
            .map_or(Value::Null, Value::Text),
    })
}

/// Units whose parent comes later in id order (a unit moved under a newer one) wait for it.
fn parents_first(table: &Table, rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    let Some(parent) = &table.parent_column else {
        return rows;
    };
    let Some(pi) = table.columns.iter().position(|(c, _)| c == parent) else {
        return rows;
    };
    let Some(ki) = table
        .columns
        .iter()
        .position(|(c, _)| Some(c) == table.key.first())
    else {
        return rows;
    };
    let id_of = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        _ => None,
    };
    let mut placed = BTreeSet::new();
    let mut left = rows;
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let before = left.len();
        let (ready, rest): (Vec<_>, Vec<_>) = left
            .into_iter()
            .partition(|r| id_of(&r[pi]).is_none_or(|p| placed.contains(&p)));
        for r in ready {
            if let Some(id) = id_of(&r[ki]) {
                placed.insert(id);
            }
            out.push(r);
        }
        left = rest;
        if left.len() == before {
            // a parent outside the table: keep the order and let the database judge
            out.extend(left);
            break;
        }
    }
    out
}

async fn copy_table(source: &Db, target: &Db, table: &Table) -> anyhow::Result<u64> {
    let rows = parents_first(table, source_rows(source, table).await?);
    let columns = table.column_list();
    let marks = (1..=table.columns.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {} ({columns}) VALUES ({marks})",
        quote(&table.name)
    );
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let mut tx = target.write().await?;
        for row in chunk {
            let mut q = sqlx::query(&sql);
            for (value, (_, kind)) in row.iter().zip(&table.columns) {
                q = match (value, kind) {
                    (Value::Null, Kind::Int) => q.bind(None::<i64>),
                    (Value::Null, Kind::Real) => q.bind(None::<f64>),
                    (Value::Null, Kind::Bytes) => q.bind(None::<Vec<u8>>),
                    (Value::Null, Kind::Bool) => q.bind(None::<bool>),
                    (Value::Null, Kind::Text) => q.bind(None::<String>),
                    (Value::Int(i), Kind::Bool) => q.bind(*i != 0),
                    (Value::Int(i), Kind::Real) => q.bind(*i as f64),
                    (Value::Int(i), Kind::Text) => q.bind(i.to_string()),
                    (Value::Int(i), _) => q.bind(*i),
                    (Value::Real(r), _) => q.bind(*r),
                    (Value::Text(s), Kind::Int) => q.bind(
                        s.parse::<i64>()
                            .with_context(|| format!("{}: {s:?} is not a number", table.name))?,
                    ),
                    (Value::Text(s), _) => q.bind(s.clone()),
                    (Value::Bytes(b), _) => q.bind(b.clone()),
                };
            }
            q.execute(&mut *tx)
                .await
                .with_context(|| format!("writing {}", table.name))?;
            n += 1;
        }
        tx.commit().await?;
    }
    Ok(n)
}

/// A digest of every value of a table, in key order, the same on both engines for the same
/// rows (booleans are read as numbers).
async fn table_digest(db: &Db, table: &Table) -> anyhow::Result<(u64, String)> {
    let columns = table
        .columns
        .iter()
        .map(|(c, kind)| match (db.backend(), kind) {
            (Backend::Postgres, Kind::Bool) => format!("CAST({} AS INTEGER)", quote(c)),
            _ => quote(c),
        })
        .collect::<Vec<_>>()
        .join(", ");
    // the same order on both sides: PostgreSQL compares text by its collation (which may skip
    // `_` and `-`), SQLite by bytes; "C" compares by bytes too
    let order = match db.backend() {
        Backend::Sqlite => order_by(table),
        Backend::Postgres if table.key.is_empty() => "ctid".to_string(),
        Backend::Postgres => table
            .key
            .iter()
            .map(|k| {
                let text = table
                    .columns
                    .iter()
                    .any(|(c, kind)| c == k && *kind == Kind::Text);
                if text {
                    format!("{} COLLATE \"C\"", quote(k))
                } else {
                    quote(k)
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
    };
    let rows = sqlx::query(&format!(
        "SELECT {columns} FROM {} ORDER BY {order}",
        quote(&table.name)
    ))
    .fetch_all(db.pool())
    .await?;
    let mut h = Sha256::new();
    for r in &rows {
        for (i, (_, kind)) in table.columns.iter().enumerate() {
            let v = read_value(r, i)?;
            // the target's kind decides: a number kept as text in SQLite is a number
            let v = match (v, kind) {
                (Value::Text(s), Kind::Int) => s.parse().map_or(Value::Text(s), Value::Int),
                (Value::Int(n), Kind::Real) => Value::Real(n as f64),
                (v, _) => v,
            };
            v.digest_into(&mut h);
        }
    }
    Ok((rows.len() as u64, hex::encode(h.finalize())))
}

/// PostgreSQL's sequences start after the ids copied.
async fn reset_sequences(target: &Db, tables: &[Table]) -> anyhow::Result<()> {
    for t in tables
        .iter()
        .filter(|t| t.columns.iter().any(|(c, _)| c == "id"))
    {
        let (seq,): (Option<String>,) =
            sqlx::query_as("SELECT CAST(pg_get_serial_sequence($1, 'id') AS TEXT)")
                .bind(&t.name)
                .fetch_one(target.pool())
                .await?;
        if let Some(seq) = seq {
            sqlx::query(&format!(
                "SELECT setval($1, COALESCE((SELECT MAX(id) FROM {}), 0) + 1, false)",
                quote(&t.name)
            ))
            .bind(seq)
            .execute(target.pool())
            .await?;
        }
    }
    Ok(())
}

/// Every file the database names, from the office's folder to the configured store, each read
/// back by its hash. Without an S3 bucket configured the files stay where they are.
async fn copy_files(config: &Config, source: &Db) -> anyhow::Result<usize> {
    let local = Blobs::open(&BlobConfig::Local(config.data.join("files")))?;
    let to = match &config.blobs {
        BlobConfig::Local(_) => return Ok(0),
        s3 @ BlobConfig::S3 { .. } => Blobs::open(s3)?,
    };
    let files: Vec<(String,)> = sqlx::query_as("SELECT sha256 FROM files ORDER BY sha256")
        .fetch_all(source.pool())
        .await?;
    for (sha,) in &files {
        let bytes = local
            .get(sha)
            .await?
            .with_context(|| format!("the file {sha} is missing from {}", local.describe()))?;
        let put = to.put(bytes).await?;
        ensure!(put == *sha, "the file {sha} changed on the way");
        ensure!(
            to.get(sha).await?.is_some(),
            "the file {sha} cannot be read back from {}",
            to.describe()
        );
    }
    Ok(files.len())
}
