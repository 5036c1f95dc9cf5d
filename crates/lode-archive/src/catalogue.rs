//! The catalogue, storage: records added and edited by the archive's staff, every change kept
//! as a version of the whole record and written to the audit chain in the same transaction,
//! and the record's entry kept in the search texts (`archive_texts`, page 0) as it changes.

use crate::domain::{Access, Bbox, Entry, EntryInput, Reader, RecordKind};
use chrono::NaiveDate;
use lode_db::audit::{Event, append};
use lode_db::{AuditCtx, Db, DbError, DbResult, Tx, now};
use serde::Serialize;

/// A record as the catalogue keeps it: its entry, and what lode keeps about it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Record {
    pub id: i64,
    #[serde(flatten)]
    pub entry: Entry,
    /// Pages scanned, and pages whose text lode holds.
    pub page_count: i64,
    pub text_pages: i64,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

impl Record {
    /// The record as `reader` may see it: the shelf is the archive's own business.
    pub fn for_reader(mut self, reader: Reader) -> Self {
        if !reader.keeps_archive() {
            self.entry.shelf = None;
        }
        self
    }
}

lode_db::row! {
    /// A record as stored, read by [`COLUMNS`].
    struct Row {
        id: i64,
        archive_number: String,
        title: String,
        title_en: Option<String>,
        kind: String,
        map_sheet: Option<String>,
        scale: Option<i64>,
        authors: String,
        organisation: Option<String>,
        year: Option<i64>,
        submitted_on: Option<String>,
        summary: Option<String>,
        minerals: String,
        keywords: String,
        province: Option<String>,
        commune: Option<String>,
        old_province: Option<String>,
        old_commune: Option<String>,
        extent: Option<String>,
        west: Option<f64>,
        south: Option<f64>,
        east: Option<f64>,
        north: Option<f64>,
        related: Option<String>,
        volumes: i64,
        appendices: i64,
        drawings: i64,
        shelf: Option<String>,
        access: String,
        copy_allowed: i64,
        lineage: Option<String>,
        remarks: Option<String>,
        page_count: i64,
        text_pages: i64,
        created_at: String,
        updated_at: String,
        version: i64,
    }
}

pub(crate) const COLUMNS: &str = "id, archive_number, title, title_en, kind, map_sheet, scale,
    authors, organisation, year, submitted_on, summary, minerals, keywords, province,
    commune, old_province, old_commune, extent, west, south, east, north, related, volumes,
    appendices, drawings, shelf, access, copy_allowed, lineage, remarks, page_count, text_pages,
    created_at, updated_at, version";

fn list_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn broken(what: &str, value: &str) -> DbError {
    DbError::Other(anyhow::anyhow!(
        "an archive record has the unknown {what} {value:?}"
    ))
}

fn record(r: Row) -> DbResult<Record> {
    let bbox = match (r.west, r.south, r.east, r.north) {
        (Some(west), Some(south), Some(east), Some(north)) => Some(Bbox {
            west,
            south,
            east,
            north,
        }),
        _ => None,
    };
    Ok(Record {
        id: r.id,
        entry: Entry {
            kind: RecordKind::parse(&r.kind).map_err(|_| broken("kind", &r.kind))?,
            access: Access::parse(&r.access).map_err(|_| broken("access level", &r.access))?,
            archive_number: r.archive_number,
            title: r.title,
            title_en: r.title_en,
            map_sheet: r.map_sheet,
            scale: r.scale,
            authors: list_of(&r.authors),
            organisation: r.organisation,
            year: r.year,
            submitted_on: r.submitted_on,
            r#abstract: r.summary,
            minerals: list_of(&r.minerals),
            keywords: list_of(&r.keywords),
            province: r.province,
            commune: r.commune,
            old_province: r.old_province,
            old_commune: r.old_commune,
            bbox,
            extent: r.extent,
            related: r.related,
            volumes: r.volumes,
            appendices: r.appendices,
            drawings: r.drawings,
            shelf: r.shelf,
            copy_allowed: r.copy_allowed != 0,
            lineage: r.lineage,
            remarks: r.remarks,
        },
        page_count: r.page_count,
        text_pages: r.text_pages,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

/// The records `rest` selects (`WHERE …`, its order and limit, with text arguments `$1`…), in
/// one query: the lists that show many records whole (an export, a harvest's page).
pub(crate) async fn select(db: &Db, rest: &str, args: &[&str]) -> DbResult<Vec<Record>> {
    let sql = format!("SELECT {COLUMNS} FROM archive_records {rest}");
    let mut q = sqlx::query_as::<_, Row>(&sql);
    for a in args {
        q = q.bind(*a);
    }
    q.fetch_all(db.pool())
        .await?
        .into_iter()
        .map(record)
        .collect()
}

/// Record `id` as stored (whoever asks: callers decide what the reader sees).
pub async fn get(db: &Db, id: i64) -> DbResult<Record> {
    let mut conn = db.read().await?;
    load(&mut conn, id).await
}

async fn load(conn: &mut lode_db::Conn, id: i64) -> DbResult<Record> {
    let row: Row = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM archive_records WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(DbError::NotFound)?;
    record(row)
}

/// Record `id` as `reader` may see it: not found when its entry is not for them.
pub async fn visible(db: &Db, reader: Reader, id: i64) -> DbResult<Record> {
    let r = get(db, id).await?;
    if reader.sees_entry(r.entry.access) {
        Ok(r.for_reader(reader))
    } else {
        Err(DbError::NotFound)
    }
}

/// A keeper marks a record state secret only when cleared to see such records.
fn may_classify(reader: Reader, entry: &Entry) -> DbResult<()> {
    if reader.sees_entry(entry.access) {
        Ok(())
    } else {
        Err(lode_core::validation::FieldErrors::single(
            "access",
            "not_cleared_to_classify",
            "only staff cleared for state secrets mark a record secret",
        )
        .into())
    }
}

fn keeper_only(reader: Reader) -> DbResult<()> {
    if reader.keeps_archive() {
        Ok(())
    } else {
        Err(DbError::Denied(lode_core::authz::Denied::MissingRole))
    }
}

/// The entry's columns, bound in [`COLUMNS`]' order after `id`, for an insert or an update.
const WRITTEN: &[&str] = &[
    "archive_number",
    "title",
    "title_en",
    "kind",
    "map_sheet",
    "scale",
    "authors",
    "organisation",
    "year",
    "submitted_on",
    "summary",
    "minerals",
    "keywords",
    "province",
    "commune",
    "old_province",
    "old_commune",
    "extent",
    "west",
    "south",
    "east",
    "north",
    "related",
    "volumes",
    "appendices",
    "drawings",
    "shelf",
    "access",
    "copy_allowed",
    "lineage",
    "remarks",
    "facets",
];

fn bind_entry<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    e: &'q Entry,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    q = q
        .bind(&e.archive_number)
        .bind(&e.title)
        .bind(&e.title_en)
        .bind(e.kind.as_str())
        .bind(&e.map_sheet)
        .bind(e.scale)
        .bind(json(&e.authors))
        .bind(&e.organisation)
        .bind(e.year)
        .bind(&e.submitted_on)
        .bind(&e.r#abstract)
        .bind(json(&e.minerals))
        .bind(json(&e.keywords))
        .bind(&e.province)
        .bind(&e.commune)
        .bind(&e.old_province)
        .bind(&e.old_commune)
        .bind(&e.extent)
        .bind(e.bbox.map(|b| b.west))
        .bind(e.bbox.map(|b| b.south))
        .bind(e.bbox.map(|b| b.east))
        .bind(e.bbox.map(|b| b.north))
        .bind(&e.related)
        .bind(e.volumes)
        .bind(e.appendices)
        .bind(e.drawings)
        .bind(&e.shelf)
        .bind(e.access.as_str())
        .bind(i64::from(e.copy_allowed))
        .bind(&e.lineage)
        .bind(&e.remarks)
        .bind(e.facets());
    q
}

async fn number_taken(tx: &mut Tx, number: &str, except: Option<i64>) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM archive_records WHERE archive_number = $1 AND ($2 IS NULL OR id <> $2)",
    )
    .bind(number)
    .bind(except)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

fn taken() -> DbError {
    lode_core::validation::FieldErrors::single(
        "archive_number",
        "taken",
        "another record has this archive number",
    )
    .into()
}

/// Keeps the version just written and the entry's search text, in the change's transaction.
async fn keep_version(tx: &mut Tx, ctx: &AuditCtx, id: i64) -> DbResult<Record> {
    let rec = load(tx, id).await?;
    keep_version_of(tx, ctx, id, &rec.entry).await?;
    Ok(rec)
}

/// Keeps `entry` as record `id`'s version (the one just written) and as its search text.
pub(crate) async fn keep_version_of(
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    entry: &Entry,
) -> DbResult<()> {
    let snapshot = serde_json::to_string(entry).map_err(|e| DbError::Other(e.into()))?;
    sqlx::query(
        "INSERT INTO archive_record_versions (record_id, version, at, actor_id, snapshot)
         VALUES ($1, (SELECT version FROM archive_records WHERE id = $1), $2, $3, $4)",
    )
    .bind(id)
    .bind(now())
    .bind(ctx.actor_id)
    .bind(snapshot)
    .execute(&mut **tx)
    .await?;
    crate::search::put_text(tx, id, 0, &entry.search_text()).await
}

/// The next free archive number after `prefix` (`LT-2026/` → `LT-2026/0042`): one more than
/// the highest number written as the prefix and digits, four digits at least.
pub async fn next_number(db: &Db, prefix: &str) -> DbResult<String> {
    let numbers: Vec<(String,)> =
        sqlx::query_as("SELECT archive_number FROM archive_records WHERE archive_number LIKE $1")
            .bind(format!("{}%", prefix.replace(['%', '_'], "")))
            .fetch_all(db.pool())
            .await?;
    let highest = numbers
        .iter()
        .filter_map(|(n,)| n.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    Ok(format!("{prefix}{:04}", highest + 1))
}

/// Adds a record to the catalogue: the archive's staff only.
pub async fn create(
    db: &Db,
    ctx: &AuditCtx,
    reader: Reader,
    input: &EntryInput,
    today: NaiveDate,
) -> DbResult<Record> {
    let entry = match checked_entry(reader, input, today) {
        // a number another record holds is said with the other refusals, not after them
        Err(DbError::Invalid(mut errors)) => {
            if let Ok(number) = crate::domain::parse_archive_number(&input.archive_number) {
                let mut tx = db.write().await?;
                if number_taken(&mut tx, &number, None).await?
                    && let DbError::Invalid(t) = taken()
                {
                    errors.0.extend(t.0);
                }
            }
            return Err(errors.into());
        }
        other => other?,
    };
    let mut tx = db.write().await?;
    let rec = create_in(&mut tx, ctx, &entry).await?;
    tx.commit().await?;
    Ok(rec)
}

/// The entry `input` gives, when `reader` keeps the archive and may classify it so.
pub(crate) fn checked_entry(
    reader: Reader,
    input: &EntryInput,
    today: NaiveDate,
) -> DbResult<Entry> {
    keeper_only(reader)?;
    let entry = input.parse(today)?;
    may_classify(reader, &entry)?;
    Ok(entry)
}

/// Adds a checked entry to the catalogue in `tx`, its first version and its audit entry.
pub(crate) async fn create_in(tx: &mut Tx, ctx: &AuditCtx, entry: &Entry) -> DbResult<Record> {
    let id = insert(tx, ctx, entry).await?;
    let rec = keep_version(tx, ctx, id).await?;
    append(
        tx,
        ctx,
        Event::new(
            "archive_record.create",
            "archive_record",
            id,
            serde_json::json!({"archive_number": rec.entry.archive_number, "title": rec.entry.title,
                "kind": rec.entry.kind.as_str(), "access": rec.entry.access.as_str()}),
        ),
    )
    .await?;
    Ok(rec)
}

/// Writes a checked entry as a new record (its number free), in `tx`: its id.
pub(crate) async fn insert(tx: &mut Tx, ctx: &AuditCtx, entry: &Entry) -> DbResult<i64> {
    if number_taken(tx, &entry.archive_number, None).await? {
        return Err(taken());
    }
    let at = now();
    let placeholders: Vec<String> = (1..=WRITTEN.len()).map(|i| format!("${i}")).collect();
    let n = WRITTEN.len();
    let sql = format!(
        "INSERT INTO archive_records ({}, created_at, created_by, updated_at, updated_by)
         VALUES ({}, ${}, ${}, ${}, ${}) RETURNING id",
        WRITTEN.join(", "),
        placeholders.join(", "),
        n + 1,
        n + 2,
        n + 1,
        n + 2,
    );
    let row = bind_entry(sqlx::query(&sql), entry)
        .bind(&at)
        .bind(ctx.actor_id)
        .fetch_one(&mut **tx)
        .await
        // another node took the number between the check and the insert
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => taken(),
            _ => DbError::from(e),
        })?;
    use sqlx::Row as _;
    Ok(row.try_get::<i64, _>(0)?)
}

/// Edits a record: the whole entry as read at `input.version`; a change by someone else since
/// is refused. The version before stays readable.
pub async fn update(
    db: &Db,
    ctx: &AuditCtx,
    reader: Reader,
    id: i64,
    input: &EntryInput,
    today: NaiveDate,
) -> DbResult<Record> {
    keeper_only(reader)?;
    let entry = input.parse(today)?;
    may_classify(reader, &entry)?;
    let mut tx = db.write().await?;
    // the row's lock first: two edits at once queue
    sqlx::query("UPDATE archive_records SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let before = load(&mut tx, id).await?;
    // a record the keeper may not see does not exist for them
    if !reader.sees_entry(before.entry.access) {
        return Err(DbError::NotFound);
    }
    if let Some(v) = input.version
        && v != before.version
    {
        return Err(DbError::Conflict(format!(
            "the record was changed by someone else (version {v} is now {})",
            before.version
        )));
    }
    let old = before.entry.clone();
    if old == entry {
        return Ok(before);
    }
    if number_taken(&mut tx, &entry.archive_number, Some(id)).await? {
        return Err(taken());
    }
    let n = WRITTEN.len();
    let sets: Vec<String> = WRITTEN
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE archive_records SET {}, updated_at = ${}, updated_by = ${}, version = version + 1
         WHERE id = ${}",
        sets.join(", "),
        n + 1,
        n + 2,
        n + 3
    );
    bind_entry(sqlx::query(&sql), &entry)
        .bind(now())
        .bind(ctx.actor_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let after = keep_version(&mut tx, ctx, id).await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            "archive_record.update",
            "archive_record",
            id,
            changes(&old, &entry),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// What changed between two entries, field by field, as `[before, after]`.
pub fn changes(before: &Entry, after: &Entry) -> serde_json::Value {
    let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return serde_json::Value::Null;
    };
    let mut diff = serde_json::Map::new();
    for (field, new) in a {
        let old = b.get(&field).cloned().unwrap_or(serde_json::Value::Null);
        if old != new {
            diff.insert(field, serde_json::json!([old, new]));
        }
    }
    serde_json::Value::Object(diff)
}

/// A version of a record, as kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Version {
    pub version: i64,
    pub at: String,
    pub actor: Option<String>,
    /// What this version changed from the one before (none for the first).
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
}

/// The record's versions, newest first: the archive's staff only.
pub async fn versions(db: &Db, reader: Reader, id: i64) -> DbResult<Vec<Version>> {
    keeper_only(reader)?;
    visible(db, reader, id).await?;
    lode_db::row! {
        /// A version as stored.
        struct VersionRow { version: i64, at: String, full_name: Option<String>, snapshot: String }
    }
    let rows: Vec<VersionRow> = sqlx::query_as(
        "SELECT v.version, v.at, a.full_name, v.snapshot FROM archive_record_versions v
         LEFT JOIN accounts a ON a.id = v.actor_id
         WHERE v.record_id = $1 ORDER BY v.version",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    if rows.is_empty() {
        return Err(DbError::NotFound);
    }
    let mut out = Vec::new();
    let mut previous: Option<Entry> = None;
    for r in rows {
        let entry: Option<Entry> = serde_json::from_str(&r.snapshot).ok();
        let changes = match (&previous, &entry) {
            (Some(p), Some(e)) => changes(p, e),
            _ => serde_json::Value::Null,
        };
        out.push(Version {
            version: r.version,
            at: r.at,
            actor: r.full_name,
            changes,
        });
        previous = entry;
    }
    out.reverse();
    Ok(out)
}

/// The record as it stood at `version`.
pub async fn at_version(db: &Db, reader: Reader, id: i64, version: i64) -> DbResult<Entry> {
    keeper_only(reader)?;
    visible(db, reader, id).await?;
    let (snapshot,): (String,) = sqlx::query_as(
        "SELECT snapshot FROM archive_record_versions WHERE record_id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    serde_json::from_str(&snapshot).map_err(|e| DbError::Other(e.into()))
}

/// Makes the index again from the records and their pages: what `lode archive reindex` runs
/// after a restore or an upgrade. Answers how many texts it wrote.
pub async fn rebuild(db: &Db) -> DbResult<usize> {
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM archive_records ORDER BY id")
        .fetch_all(db.pool())
        .await?;
    let mut n = 0;
    for (id,) in ids {
        let rec = get(db, id).await?;
        // under the record's lock, what its pages hold now: a page read or corrected while
        // the index is made again waits, then writes its own text after
        let mut tx = db.write().await?;
        sqlx::query("UPDATE archive_records SET version = version WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let pages: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT id, text, ocr_text FROM archive_pages WHERE record_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM archive_texts WHERE record_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        crate::search::put_text(&mut tx, id, 0, &rec.entry.search_text()).await?;
        n += 1;
        for (page, text, ocr) in pages {
            if let Some(t) = text.or(ocr) {
                crate::search::put_text(&mut tx, id, page, &lode_core::text::fold(&t)).await?;
                n += 1;
            }
        }
        tx.commit().await?;
    }
    if db.backend() == lode_db::Backend::Sqlite {
        // the FTS5 table's own structures, from the texts just written
        let mut tx = db.write().await?;
        // each index holds its part of the texts: entries, or pages
        for sql in [
            "INSERT INTO archive_search (archive_search) VALUES ('delete-all')",
            "INSERT INTO archive_search (rowid, folded)
             SELECT id, folded FROM archive_texts WHERE page_id <> 0",
            "INSERT INTO archive_entry_search (archive_entry_search) VALUES ('delete-all')",
            "INSERT INTO archive_entry_search (rowid, folded)
             SELECT id, folded FROM archive_texts WHERE page_id = 0",
        ] {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
    Ok(n)
}
