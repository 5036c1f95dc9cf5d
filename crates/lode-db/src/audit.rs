//! The audit log: appended in the caller's transaction, browsed with filters, verified as a
//! hash chain.
//!
//! The head row (`audit_head`, one row) holds the last sequence number and hash. Appending
//! bumps it first, which serialises writers exactly like an official counter, so the chain never
//! forks even with many nodes writing at once; the entry's insert sets the head's hash (a
//! trigger), so an append is two statements.

use crate::{AuditCtx, Db, DbResult, Page, Tx, into_page, page_limit};
use lode_core::audit::{AuditRecord, ChainBreak, ChainHead, ChainWalk, Step, entry_hash};
use serde_json::Value;

/// One change to record: what happened to which entity, and the details (before/after).
pub struct Event<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<String>,
    pub detail: Value,
}

impl<'a> Event<'a> {
    pub fn new(
        action: &'a str,
        entity_type: &'a str,
        entity_id: impl ToString,
        detail: Value,
    ) -> Self {
        Self {
            action,
            entity_type,
            entity_id: Some(entity_id.to_string()),
            detail,
        }
    }
}

/// Appends `event` to the chain inside `tx`. Returns the entry's sequence number.
pub async fn append(tx: &mut Tx, ctx: &AuditCtx, event: Event<'_>) -> DbResult<i64> {
    let (seq, prev_hash): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut **tx)
            .await?;
    let at = crate::now();
    let detail = event.detail.to_string();
    let hash = entry_hash(
        &prev_hash,
        &at,
        ctx.actor_id,
        &ctx.actor_label,
        ctx.ip.as_deref(),
        event.action,
        event.entity_type,
        event.entity_id.as_deref(),
        &detail,
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor_label, ip, action, entity_type, entity_id,
                                detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(seq)
    .bind(&at)
    .bind(ctx.actor_id)
    .bind(&ctx.actor_label)
    .bind(ctx.ip.as_deref())
    .bind(event.action)
    .bind(event.entity_type)
    .bind(event.entity_id.as_deref())
    .bind(&detail)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    // (the head takes the entry's hash by a trigger on the insert)
    Ok(seq)
}

/// What to show of the log. Every field narrows; none set shows everything, newest first.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    pub actor_id: Option<i64>,
    /// An action or a prefix of one: `unit` matches `unit.create` and `unit.move`.
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    /// Inclusive lower bound, RFC 3339 or a date `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Exclusive upper bound, RFC 3339 or a date `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Shows entries older than this sequence number (the previous page's `next`).
    pub before: Option<i64>,
    /// 1 to 200, default 50.
    pub limit: Option<i64>,
    /// A numbered page (from 1), instead of `before`.
    #[serde(default, deserialize_with = "crate::empty_as_none")]
    pub page: Option<i64>,
    /// `when` (the chain's order) or `who` (the actor's name), with `-` before it for the reverse;
    /// `-when` (the newest first) when absent. Paging by `before` keeps the usual order.
    pub sort: Option<String>,
}

/// The orders of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditOrder {
    /// The chain's order, which is the order of time.
    When,
    Who,
}

impl crate::SortKey for AuditOrder {
    const ALL: &'static [Self] = &[Self::When, Self::Who];
    fn key(self) -> &'static str {
        match self {
            Self::When => "when",
            Self::Who => "who",
        }
    }
    fn starts_descending(self) -> bool {
        self == Self::When
    }
}

/// The log's usual order: the newest entry first.
pub const NEWEST_FIRST: crate::Sort<AuditOrder> = crate::Sort {
    by: AuditOrder::When,
    descending: true,
};

/// The `ORDER BY` of an order; ties keep the chain's order, newest first, so that numbered
/// pages neither repeat nor skip an entry.
fn order_by(sort: crate::Sort<AuditOrder>) -> String {
    let dir = sort.direction();
    match sort.by {
        AuditOrder::When => format!("seq {dir}"),
        AuditOrder::Who => format!("actor_label {dir}, seq DESC"),
    }
}

crate::row! {
    /// A row as stored, read by name.
    struct Row {
        seq: i64,
        at: String,
        actor_id: Option<i64>,
        actor_label: String,
        ip: Option<String>,
        action: String,
        entity_type: String,
        entity_id: Option<String>,
        detail: String,
        prev_hash: String,
        hash: String,
    }
}

const COLUMNS: &str =
    "seq, at, actor_id, actor_label, ip, action, entity_type, entity_id, detail, prev_hash, hash";

fn record(r: Row) -> AuditRecord {
    AuditRecord {
        seq: r.seq,
        at: r.at,
        actor_id: r.actor_id,
        actor_label: r.actor_label,
        ip: r.ip,
        action: r.action,
        entity_type: r.entity_type,
        entity_id: r.entity_id,
        detail: r.detail,
        prev_hash: r.prev_hash,
        hash: r.hash,
    }
}

/// The record a person names as its papers do, for the log's filter by record: a public-service
/// dossier by its code, an outgoing document by its number and notation (`21/GM-ĐCKS`), an
/// incoming one by its arrival (`276/2026`) or its sender's notation. `None` when nothing, or
/// more than one record, goes by that name. `kind`, when given, is the only kind of record
/// looked for (one of another kind finds nothing).
pub async fn record_named(
    db: &Db,
    name: &str,
    kind: Option<&str>,
) -> DbResult<Option<(&'static str, i64)>> {
    let name = name.trim();
    let looks_for = |k: &str| kind.is_none_or(|only| only == k);
    let one = |found: Vec<(i64,)>| match found.as_slice() {
        [(id,)] => Some(*id),
        _ => None,
    };
    if looks_for("application") {
        let dossiers: Vec<(i64,)> = sqlx::query_as("SELECT id FROM applications WHERE code = $1")
            .bind(name)
            .fetch_all(db.pool())
            .await?;
        if let Some(id) = one(dossiers) {
            return Ok(Some(("application", id)));
        }
    }
    if looks_for("outgoing") {
        let outgoing: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM outgoing_documents WHERE notation = $1 LIMIT 2")
                .bind(name)
                .fetch_all(db.pool())
                .await?;
        if let Some(id) = one(outgoing) {
            return Ok(Some(("outgoing", id)));
        }
    }
    if !looks_for("incoming") {
        return Ok(None);
    }
    let arrival = name
        .split_once('/')
        .and_then(|(n, y)| Some((n.trim().parse::<i64>().ok()?, y.trim().parse::<i64>().ok()?)));
    let incoming: Vec<(i64,)> =
        match arrival {
            Some((number, year)) => sqlx::query_as(
                "SELECT id FROM incoming_documents WHERE arrival_number = $1 AND year = $2 LIMIT 2",
            )
            .bind(number)
            .bind(year)
            .fetch_all(db.pool())
            .await?,
            None => {
                sqlx::query_as("SELECT id FROM incoming_documents WHERE notation = $1 LIMIT 2")
                    .bind(name)
                    .fetch_all(db.pool())
                    .await?
            }
        };
    Ok(one(incoming).map(|id| ("incoming", id)))
}

/// Lists entries matching `filter`, newest first, a page at a time.
pub async fn list(db: &Db, filter: &Filter) -> DbResult<Page<AuditRecord>> {
    let limit = page_limit(filter.limit);
    // Each filter is a fixed clause with its own parameter; an unset one binds NULL and
    // the clause is true. The SQL text never contains input.
    let condition = "($1 IS NULL OR actor_id = $1)
           AND ($2 IS NULL OR action = $2 OR action LIKE $3 ESCAPE '\\')
           AND ($4 IS NULL OR entity_type = $4)
           AND ($5 IS NULL OR entity_id = $5)
           AND ($6 IS NULL OR at >= $6)
           AND ($7 IS NULL OR at < $7)
           AND ($8 IS NULL OR seq < $8)
           AND $9 > 0";
    let action = filter.action.as_deref().filter(|s| !s.is_empty());
    let mut errors = lode_core::validation::FieldErrors::new();
    let from = errors.take("from", bound(filter.from.as_deref())).flatten();
    let to = errors.take("to", bound(filter.to.as_deref())).flatten();
    let offset = errors
        .take("page", crate::page_offset(filter.page, limit))
        .unwrap_or(0);
    if filter.before.is_some() && filter.page.is_some() {
        errors.add(
            "before",
            "paging_by_key",
            "a page is asked either by key or by number",
        );
    }
    let sort = match filter
        .sort
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(asked) => errors.take("sort", crate::Sort::parse(asked)),
        None => Some(NEWEST_FIRST),
    };
    if filter.before.is_some() && sort.is_some_and(|s| s != NEWEST_FIRST) {
        errors.add(
            "before",
            "paging_by_key",
            "paging by key follows the newest-first order; other orders are paged by number",
        );
    }
    errors.into_result()?;
    let order = order_by(sort.unwrap_or(NEWEST_FIRST));
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_log WHERE {condition} ORDER BY {order} LIMIT $9 OFFSET {offset}"
    );
    // the whole log's count under the filters: bound without the page's key
    let count_sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log WHERE {condition} LIMIT {}) n",
        crate::COUNT_BOUND + 1
    );
    let bind = |sql, before: Option<i64>| {
        sqlx::query(sql)
            .bind(filter.actor_id)
            .bind(action)
            .bind(action.map(|a| format!("{}.%", crate::like_escape(a))))
            .bind(filter.entity_type.as_deref().filter(|s| !s.is_empty()))
            .bind(filter.entity_id.as_deref().filter(|s| !s.is_empty()))
            .bind(from.clone())
            .bind(to.clone())
            .bind(before)
            .bind(limit + 1)
    };
    let rows: Vec<Row> = bind(&sql, filter.before)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(sqlx::FromRow::from_row)
        .collect::<Result<_, _>>()?;
    let counted: i64 = sqlx::Row::try_get(&bind(&count_sql, None).fetch_one(db.pool()).await?, 0)?;
    let mut page = into_page(rows.into_iter().map(record).collect(), limit, |r| r.seq);
    if sort.is_some_and(|s| s != NEWEST_FIRST) {
        // a key pages only the newest-first order; these pages go on by number
        page.next = None;
    }
    page.total = Some(crate::Total::of_counted(counted));
    Ok(page)
}

/// A bound of the log's period, as the instant stored entries are compared with: a day (its
/// start in Vietnam) or an RFC 3339 instant. Anything else is refused, not compared as text.
fn bound(input: Option<&str>) -> Result<Option<String>, lode_core::validation::FieldError> {
    let Some(s) = input.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if s.len() == 10 {
        return lode_core::documents::parse_date(s).map(|d| Some(crate::day_start(d)));
    }
    crate::parse_instant(s)
        .filter(|t| lode_core::documents::YEARS.contains(&chrono::Datelike::year(t)))
        .map(|t| Some(crate::format_instant(t)))
        .ok_or_else(|| lode_core::validation::invalid("invalid_date", "must be a date, YYYY-MM-DD"))
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    pub entries: usize,
    pub head_seq: i64,
    pub head_hash: String,
    pub broken: Option<ChainBreak>,
}

/// Reads the whole log in sequence order, a page at a time, and checks every link up to the
/// head as it stood when the check began: entries appended while it reads (a server at work)
/// are the next check's, not a head that moved.
pub async fn verify(db: &Db) -> DbResult<Verification> {
    let (head_seq, head_hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(db.pool())
            .await?;
    let head = ChainHead {
        seq: head_seq,
        hash: head_hash.clone(),
    };
    let mut walk = ChainWalk::new();
    let mut read = 0;
    let mut after = i64::MIN;
    let broken = 'pages: loop {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 5000"
        ))
        .bind(after)
        .bind(head_seq)
        .fetch_all(db.pool())
        .await?;
        let Some(last) = rows.last() else {
            break walk.finish(&head).err();
        };
        after = last.seq;
        for r in rows.into_iter().map(record) {
            read += 1;
            match walk.step(&r) {
                Ok(()) => {}
                Err(Step::Broken(b)) => break 'pages Some(b),
                Err(Step::Unlinked(u)) => {
                    let found: Option<(i64,)> =
                        sqlx::query_as("SELECT seq FROM audit_log WHERE hash = $1 LIMIT 1")
                            .bind(&u.points_to)
                            .fetch_optional(db.pool())
                            .await?;
                    break 'pages Some(u.resolve(found.map(|f| f.0)));
                }
            }
        }
    };
    // entries appended while the walk read are the next check's; one past the head as it
    // stands now was written beside the chain, not onto it
    let broken = match broken {
        Some(b) => Some(b),
        None => {
            // one statement, so that the head and the entries are read as they stood together
            // (an entry and the head's move are committed at once)
            let (past,): (Option<i64>,) = sqlx::query_as(
                "SELECT MIN(l.seq) FROM audit_log l, audit_head h WHERE h.id = 1 AND l.seq > h.seq",
            )
            .fetch_one(db.pool())
            .await?;
            past.map(|seq| ChainBreak::Altered { seq })
        }
    };
    Ok(Verification {
        entries: read,
        head_seq,
        head_hash,
        broken,
    })
}
