//! Search over the catalogue and the text of every page, storage: one index in the database
//! (SQLite's FTS5, PostgreSQL's text search over the same folded texts), so that every node
//! reads the same one and nothing goes stale between them; [`rebuild`] makes it again from the
//! records and pages.
//!
//! A search finds records whose entry or pages hold every word (phrases as typed), within the
//! filters; a record is listed once, with the pages where the words are and a snippet of the
//! best one. What a reader may not read stays out: a restricted record is found by its entry,
//! never by its text; a secret one only by those cleared for it.

use crate::domain::{Access, Bbox, Query, Reader, RecordKind, facet, snippet};
use lode_db::{Backend, Db, DbResult, Tx};
use serde::Serialize;

/// Writes (or rewrites) the folded text of a record's entry (`page_id` 0) or one of its pages.
pub async fn put_text(tx: &mut Tx, record_id: i64, page_id: i64, folded: &str) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO archive_texts (record_id, page_id, folded) VALUES ($1, $2, $3)
         ON CONFLICT (record_id, page_id) DO UPDATE SET folded = excluded.folded",
    )
    .bind(record_id)
    .bind(page_id)
    .bind(folded)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a search asks for.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// Words (each must be found, in any order, without regard to diacritics or case) and
    /// phrases in double quotes.
    pub q: Option<String>,
    pub kind: Option<String>,
    pub mineral: Option<String>,
    pub province: Option<String>,
    pub year_from: Option<String>,
    pub year_to: Option<String>,
    pub access: Option<String>,
    /// `1`: only records with scanned pages.
    pub digital: Option<String>,
    /// `west,south,east,north` in degrees: records whose extent meets it.
    pub bbox: Option<String>,
    pub page: Option<String>,
}

/// A filter checked: what was typed wrong is left out and told.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub query: Query,
    pub kind: Option<RecordKind>,
    pub mineral: Option<String>,
    pub province: Option<String>,
    pub year_from: Option<i64>,
    pub year_to: Option<i64>,
    pub access: Option<Access>,
    pub digital: bool,
    pub bbox: Option<Bbox>,
    pub page: i64,
}

impl Filter {
    /// The filter checked field by field.
    pub fn check(&self) -> Result<Checked, lode_core::validation::FieldErrors> {
        use lode_core::validation::{FieldErrors, invalid};
        let mut e = FieldErrors::new();
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let year = |e: &mut FieldErrors, field: &str, v: &Option<String>| -> Option<i64> {
            let t = text(v)?;
            e.take(
                field,
                t.parse::<i64>()
                    .ok()
                    .filter(|y| (crate::domain::FIRST_YEAR..=9999).contains(y))
                    .ok_or_else(|| invalid("invalid_year", "a year, e.g. 1997")),
            )
        };
        let kind = text(&self.kind).and_then(|k| e.take("kind", RecordKind::parse(&k)));
        let access = text(&self.access).and_then(|a| e.take("access", Access::parse(&a)));
        let year_from = year(&mut e, "year_from", &self.year_from);
        let year_to = year(&mut e, "year_to", &self.year_to);
        let bbox = text(&self.bbox).and_then(|b| e.take("bbox", Bbox::parse(&b)));
        let q = text(&self.q).unwrap_or_default();
        if q.chars().count() > 500 {
            e.add("q", "too_long", "at most 500 characters");
        }
        e.into_result()?;
        Ok(Checked {
            query: Query::parse(&q),
            kind,
            mineral: text(&self.mineral),
            province: text(&self.province),
            year_from,
            year_to,
            access,
            digital: text(&self.digital).is_some_and(|d| d == "1" || d == "true"),
            bbox,
            page: text(&self.page)
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(1)
                .clamp(1, 1000),
        })
    }
}

/// A record found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub id: i64,
    pub archive_number: String,
    pub title: String,
    #[schema(value_type = String)]
    pub kind: RecordKind,
    pub year: Option<i64>,
    pub province: Option<String>,
    pub organisation: Option<String>,
    #[schema(value_type = String)]
    pub access: Access,
    pub page_count: i64,
    pub text_pages: i64,
    /// The pages (numbers within the record, from 1) where the words are.
    pub pages: Vec<i64>,
    /// A piece of the best match, and where the words stand in it (byte ranges).
    pub snippet: Option<String>,
    pub marks: Vec<(usize, usize)>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Records found (for a search by words: among the best matches read).
    pub total: i64,
    pub page: i64,
    pub more: bool,
    /// The words marked in snippets, folded.
    pub words: Vec<String>,
}

/// Records per page of results.
pub const PAGE: i64 = 20;
/// Entries read per search by words, best first: enough for fifty pages of records.
const CANDIDATES: i64 = 1000;
/// Matching pages read per search by words: all of them, ranked, for any but the commonest
/// words.
pub const PAGE_SCAN: i64 = 2000;

/// Numbered arguments of a query under construction.
#[derive(Default)]
struct Args {
    values: Vec<Arg>,
}

enum Arg {
    Text(String),
    Int(i64),
    Real(f64),
}

impl Args {
    fn push(&mut self, a: Arg) -> String {
        self.values.push(a);
        format!("${}", self.values.len())
    }

    fn list(&mut self, items: &[&str]) -> String {
        let marks: Vec<String> = items
            .iter()
            .map(|i| self.push(Arg::Text((*i).to_string())))
            .collect();
        marks.join(", ")
    }

    fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for v in &self.values {
            q = match v {
                Arg::Text(t) => q.bind(t.as_str()),
                Arg::Int(i) => q.bind(*i),
                Arg::Real(r) => q.bind(*r),
            };
        }
        q
    }
}

/// The filters' conditions on `r` (the records), for `reader`.
fn conditions(f: &Checked, reader: Reader, args: &mut Args) -> Vec<String> {
    let levels: Vec<&str> = reader.entry_levels().iter().map(|a| a.as_str()).collect();
    let mut c = vec![format!("r.access IN ({})", args.list(&levels))];
    if let Some(k) = f.kind {
        c.push(format!(
            "r.kind = {}",
            args.push(Arg::Text(k.as_str().into()))
        ));
    }
    if let Some(a) = f.access {
        c.push(format!(
            "r.access = {}",
            args.push(Arg::Text(a.as_str().into()))
        ));
    }
    if let Some(m) = &f.mineral {
        c.push(format!(
            "r.facets LIKE {}",
            args.push(Arg::Text(facet('m', m)))
        ));
    }
    if let Some(p) = &f.province {
        c.push(format!(
            "r.facets LIKE {}",
            args.push(Arg::Text(facet('p', p)))
        ));
    }
    if let Some(y) = f.year_from {
        c.push(format!("r.year >= {}", args.push(Arg::Int(y))));
    }
    if let Some(y) = f.year_to {
        c.push(format!("r.year <= {}", args.push(Arg::Int(y))));
    }
    if f.digital {
        c.push("r.text_pages > 0".into());
    }
    if let Some(b) = f.bbox {
        c.push(format!(
            "r.west <= {} AND r.east >= {} AND r.south <= {} AND r.north >= {}",
            args.push(Arg::Real(b.east)),
            args.push(Arg::Real(b.west)),
            args.push(Arg::Real(b.north)),
            args.push(Arg::Real(b.south)),
        ));
    }
    c
}

lode_db::row! {
    /// A record as a list shows it.
    struct HitRow {
        id: i64,
        archive_number: String,
        title: String,
        kind: String,
        year: Option<i64>,
        province: Option<String>,
        organisation: Option<String>,
        access: String,
        page_count: i64,
        text_pages: i64,
        summary: Option<String>,
    }
}

const HIT_COLUMNS: &str = "r.id, r.archive_number, r.title, r.kind, r.year, r.province,
    r.organisation, r.access, r.page_count, r.text_pages, r.summary";

fn hit(r: HitRow) -> Option<Hit> {
    Some(Hit {
        id: r.id,
        kind: RecordKind::parse(&r.kind).ok()?,
        access: Access::parse(&r.access).ok()?,
        archive_number: r.archive_number,
        title: r.title,
        year: r.year,
        province: r.province,
        organisation: r.organisation,
        page_count: r.page_count,
        text_pages: r.text_pages,
        pages: Vec::new(),
        snippet: None,
        marks: Vec::new(),
    })
}

/// How one engine matches and ranks the folded texts.
struct Engine {
    /// The condition that `t` (a text) holds the words, for entries or for pages.
    matches: String,
    /// The match's score, lower is better.
    score: String,
    /// What the texts are read from.
    from: &'static str,
    /// The full-text table (SQLite).
    table: &'static str,
}

fn engine(db: &Db, query: &Query, pages: bool, args: &mut Args) -> Engine {
    match db.backend() {
        Backend::Sqlite => {
            let table = if pages {
                "archive_search"
            } else {
                "archive_entry_search"
            };
            let q = args.push(Arg::Text(query.fts5()));
            Engine {
                matches: format!("{table} MATCH {q}"),
                // bm25: lower is better
                score: format!("bm25({table})"),
                from: if pages {
                    "archive_search JOIN archive_texts t ON t.id = archive_search.rowid"
                } else {
                    "archive_entry_search JOIN archive_texts t ON t.id = archive_entry_search.rowid"
                },
                table,
            }
        }
        Backend::Postgres => {
            let q = args.push(Arg::Text(query.tsquery()));
            let part = if pages {
                "t.page_id <> 0"
            } else {
                "t.page_id = 0"
            };
            Engine {
                // the condition on page_id is the partial index's own
                matches: format!("{part} AND t.tsv @@ to_tsquery('simple', {q})"),
                score: format!(
                    "-CAST(ts_rank(t.tsv, to_tsquery('simple', {q})) AS DOUBLE PRECISION)"
                ),
                from: "archive_texts t",
                table: "",
            }
        }
    }
}

/// A text that holds the words: its record, its page (0, the entry) and its record's title.
struct Match {
    record: i64,
    page: i64,
    title: String,
}

fn scored(rows: Vec<sqlx::any::AnyRow>) -> Vec<Match> {
    use sqlx::Row as _;
    rows.into_iter()
        .map(|row| Match {
            record: row.try_get::<i64, _>(0).unwrap_or_default(),
            page: row.try_get::<i64, _>(1).unwrap_or_default(),
            title: row.try_get::<String, _>(3).unwrap_or_default(),
        })
        .collect()
}

/// The texts that hold the words, entries or pages, of records within the filters (pages:
/// of records whose content the reader may read), at most `limit`: ranked best first when
/// `ranked`, else as the engine reads them (on SQLite the last written first) with no score:
/// no rank is worked out over every match, since an engine's rank of a word counts all the
/// texts that hold it.
async fn matched(
    db: &Db,
    f: &Checked,
    reader: Reader,
    pages: bool,
    limit: i64,
    ranked: bool,
) -> DbResult<Vec<Match>> {
    let mut args = Args::default();
    let e = engine(db, &f.query, pages, &mut args);
    let mut cond = conditions(f, reader, &mut args);
    if pages {
        let content: Vec<&str> = reader.content_levels().iter().map(|a| a.as_str()).collect();
        cond.push(format!("r.access IN ({})", args.list(&content)));
    }
    let (score, order) = match (ranked, db.backend()) {
        (true, _) => (
            e.score.as_str(),
            "ORDER BY score, t.record_id, t.page_id".to_string(),
        ),
        // FTS5 reads its rows backwards without sorting them
        (false, Backend::Sqlite) => (NO_SCORE, format!("ORDER BY {}.rowid DESC", e.table)),
        // in the order they are read: the table's for a word the planner knows is common, the
        // index's for a rarer one (a sort would read every match)
        (false, Backend::Postgres) => (NO_SCORE, String::new()),
    };
    let sql = format!(
        "SELECT t.record_id, t.page_id, {score} AS score, r.title FROM {}
         JOIN archive_records r ON r.id = t.record_id
         WHERE {} AND {} {order} LIMIT {limit}",
        e.from,
        e.matches,
        cond.join(" AND ")
    );
    if ranked || db.backend() == Backend::Sqlite {
        return Ok(scored(
            args.bind(sqlx::query(&sql)).fetch_all(db.pool()).await?,
        ));
    }
    // the same texts read first each time (so that the pages of results agree): a scan from
    // the table's start, not joined to another in progress, and not split among workers
    let mut tx = db.pool().begin().await?;
    for setting in [
        "SET LOCAL synchronize_seqscans = off",
        "SET LOCAL max_parallel_workers_per_gather = 0",
    ] {
        sqlx::query(setting).execute(&mut *tx).await?;
    }
    let rows = args.bind(sqlx::query(&sql)).fetch_all(&mut *tx).await?;
    tx.rollback().await?;
    Ok(scored(rows))
}

/// A score of the same type on both engines.
const NO_SCORE: &str = "CAST(0 AS DOUBLE PRECISION)";

/// [`matched`], ranked when fewer than `limit` texts hold the words (what ranking them all
/// costs is then small), else as read; and whether they were cut short.
async fn best_matched(
    db: &Db,
    f: &Checked,
    reader: Reader,
    pages: bool,
    limit: i64,
) -> DbResult<(Vec<Match>, bool)> {
    let first = matched(db, f, reader, pages, limit, false).await?;
    if (first.len() as i64) < limit {
        Ok((matched(db, f, reader, pages, limit, true).await?, false))
    } else {
        Ok((first, true))
    }
}

/// Searches the catalogue as `reader`.
///
/// Records whose entry holds the words come first, then those where only pages hold them.
/// Within each, when fewer than [`CANDIDATES`] entries (or [`PAGE_SCAN`] pages) hold the
/// words, they are ranked by the engine's relevance (BM25 on SQLite, `ts_rank` on
/// PostgreSQL); a word held by more is a common one, and the first read of them are taken
/// instead of ranking every one (on SQLite the last written): a word on most of a million
/// pages costs what a rare one does. Either way, a record whose title holds the words comes
/// before others.
pub async fn search(db: &Db, reader: Reader, f: &Checked) -> DbResult<Results> {
    if f.query.is_empty() {
        return browse(db, reader, f).await;
    }
    let (mut by_entry, entries_cut) = best_matched(db, f, reader, false, CANDIDATES).await?;
    // as many records as results can show hold the words in their entries: no page is read
    let (by_page, pages_cut) = if entries_cut {
        (Vec::new(), true)
    } else {
        best_matched(db, f, reader, true, PAGE_SCAN).await?
    };
    // records: by entry first, a title holding the words before one holding them further in
    let words = f.query.all_words();
    // a stable sort: the engine's order within a title's relevance
    by_entry
        .sort_by_cached_key(|m| std::cmp::Reverse(lode_core::text::relevance(&m.title, &words)));
    let mut order: Vec<i64> = by_entry.iter().map(|m| m.record).collect();
    let by_entry: std::collections::HashSet<i64> = order.iter().copied().collect();
    let mut listed = by_entry.clone();
    let mut pages_of: std::collections::HashMap<i64, Vec<i64>> = Default::default();
    for m in &by_page {
        if listed.insert(m.record) {
            order.push(m.record);
        }
        pages_of.entry(m.record).or_default().push(m.page);
    }
    let total = order.len() as i64;
    let start = ((f.page - 1) * PAGE) as usize;
    let shown: Vec<i64> = order.into_iter().skip(start).take(PAGE as usize).collect();
    let mut hits = Vec::new();
    for record in &shown {
        let row: Option<HitRow> = sqlx::query_as(&format!(
            "SELECT {HIT_COLUMNS} FROM archive_records r WHERE r.id = $1"
        ))
        .bind(record)
        .fetch_optional(db.pool())
        .await?;
        let Some((mut h, summary)) = row.and_then(|r| {
            let summary = r.summary.clone();
            hit(r).map(|h| (h, summary))
        }) else {
            continue;
        };
        let readable = reader.content_levels().contains(&h.access);
        // the pages where the words are: those ranked, else (the pages read were cut short)
        // the record's first ones that hold them
        let page_ids = match pages_of.get(record) {
            Some(p) => p.clone(),
            None if pages_cut && readable => record_pages(db, &f.query, *record).await?,
            None => Vec::new(),
        };
        let numbers = page_numbers(db, &page_ids).await?;
        h.pages = numbers.values().copied().collect();
        h.pages.sort_unstable();
        let best_text = match (by_entry.contains(record), page_ids.first()) {
            (false, Some(p)) => page_text(db, *p).await?,
            _ => format!("{} — {}", h.title, summary.unwrap_or_default()),
        };
        let (piece, marks) = snippet(&best_text, &words, 240);
        h.snippet = Some(piece);
        h.marks = marks;
        hits.push(h);
    }
    let more_candidates = pages_cut || entries_cut;
    Ok(Results {
        more: (start as i64 + PAGE) < total || more_candidates && hits.len() as i64 == PAGE,
        hits,
        total,
        page: f.page,
        words,
    })
}

/// The first [`PAGE`] pages of record `id` that hold the words, in their order: found among
/// the record's own texts (an index would walk every page that holds a common word to find
/// the few of one record), on SQLite read a hundred at a time and checked here.
async fn record_pages(db: &Db, query: &Query, id: i64) -> DbResult<Vec<i64>> {
    if db.backend() == Backend::Postgres {
        // each text's vector is kept: checking the record's own, in order, is cheap
        let rows: Vec<(i64,)> = sqlx::query_as(&format!(
            "SELECT page_id FROM archive_texts
             WHERE record_id = $1 AND page_id <> 0 AND tsv @@ to_tsquery('simple', $2)
             ORDER BY page_id LIMIT {PAGE}"
        ))
        .bind(id)
        .bind(query.tsquery())
        .fetch_all(db.pool())
        .await?;
        return Ok(rows.into_iter().map(|(p,)| p).collect());
    }
    let mut found = Vec::new();
    let mut after = 0;
    // a record of thousands of pages is looked through as far as its first pages
    for _ in 0..RECORD_PAGES_READ / 100 {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT page_id, folded FROM archive_texts
             WHERE record_id = $1 AND page_id > $2 ORDER BY page_id LIMIT 100",
        )
        .bind(id)
        .bind(after)
        .fetch_all(db.pool())
        .await?;
        let Some((last, _)) = rows.last() else {
            return Ok(found);
        };
        after = *last;
        for (page, folded) in &rows {
            if query.holds(folded) {
                found.push(*page);
                if found.len() as i64 >= PAGE {
                    return Ok(found);
                }
            }
        }
    }
    Ok(found)
}

/// The most texts of one record looked through for the pages that hold the words, when the
/// pages read for the search were cut short.
const RECORD_PAGES_READ: i64 = 500;

/// The numbers within their records of pages `ids`, by id.
async fn page_numbers(db: &Db, ids: &[i64]) -> DbResult<std::collections::HashMap<i64, i64>> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let mut args = Args::default();
        let marks: Vec<String> = chunk.iter().map(|i| args.push(Arg::Int(*i))).collect();
        let rows = args
            .bind(sqlx::query(&format!(
                "SELECT id, seq FROM archive_pages WHERE id IN ({})",
                marks.join(", ")
            )))
            .fetch_all(db.pool())
            .await?;
        for row in rows {
            use sqlx::Row as _;
            out.insert(row.try_get::<i64, _>(0)?, row.try_get::<i64, _>(1)?);
        }
    }
    Ok(out)
}

/// The text of page `id`: as corrected, else as read.
async fn page_text(db: &Db, id: i64) -> DbResult<String> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT text, ocr_text FROM archive_pages WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.and_then(|(text, ocr)| text.or(ocr)).unwrap_or_default())
}

/// The records within the filters, newest first, when no words are asked for.
async fn browse(db: &Db, reader: Reader, f: &Checked) -> DbResult<Results> {
    let mut args = Args::default();
    let cond = conditions(f, reader, &mut args).join(" AND ");
    let (total,): (i64,) = {
        let row = args
            .bind(sqlx::query(&format!(
                "SELECT COUNT(*) FROM archive_records r WHERE {cond}"
            )))
            .fetch_one(db.pool())
            .await?;
        use sqlx::Row as _;
        (row.try_get::<i64, _>(0)?,)
    };
    let offset = (f.page - 1) * PAGE;
    let sql = format!(
        "SELECT {HIT_COLUMNS} FROM archive_records r WHERE {cond}
         ORDER BY r.year DESC, r.archive_number LIMIT {PAGE} OFFSET {offset}"
    );
    let rows = args.bind(sqlx::query(&sql)).fetch_all(db.pool()).await?;
    let mut hits = Vec::new();
    for row in rows {
        use sqlx::FromRow as _;
        if let Some(h) = hit(HitRow::from_row(&row)?) {
            hits.push(h);
        }
    }
    Ok(Results {
        more: offset + PAGE < total,
        hits,
        total,
        page: f.page,
        words: Vec::new(),
    })
}
