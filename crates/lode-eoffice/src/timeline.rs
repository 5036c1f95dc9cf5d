//! Timelines: the steps of a document's or a dossier's life (who, when, what, with what
//! detail), written in the change's transaction and read back oldest first.

use lode_db::{AuditCtx, Db, DbResult, Tx};
use serde::Serialize;

/// One step in a document's life.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TimelineEntry {
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub step: String,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// The timelines: one table of steps per kind of record.
#[derive(Clone, Copy)]
pub(crate) enum EventTable {
    Incoming,
    Outgoing,
    Dossier,
}

/// The steps of one document, oldest first.
pub(crate) async fn events_of(db: &Db, table: EventTable, id: i64) -> DbResult<Vec<TimelineEntry>> {
    let table = table.name();
    type Row = (String, Option<i64>, Option<String>, String, String);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT e.at, e.actor_id, a.full_name, e.step, e.detail FROM {table} e
         LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.document_id = $1 ORDER BY e.id"
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor_id, actor_name, step, detail)| TimelineEntry {
            at,
            actor_id,
            actor_name,
            step,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
        })
        .collect())
}

impl EventTable {
    fn name(self) -> &'static str {
        match self {
            EventTable::Incoming => "incoming_events",
            EventTable::Outgoing => "outgoing_events",
            EventTable::Dossier => "dossier_events",
        }
    }
}

/// Writes one step of `id`'s timeline in `tx`.
pub(crate) async fn record(
    table: EventTable,
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    step: &str,
    detail: serde_json::Value,
) -> DbResult<()> {
    record_steps(table, tx, ctx, id, &[(step, detail)]).await
}

/// Writes steps of `id`'s timeline in `tx`, in order, with one statement.
pub(crate) async fn record_steps(
    table: EventTable,
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    steps: &[(&str, serde_json::Value)],
) -> DbResult<()> {
    if steps.is_empty() {
        return Ok(());
    }
    let rows: Vec<String> = (0..steps.len())
        .map(|i| format!("($1, $2, $3, ${}, ${})", 4 + 2 * i, 5 + 2 * i))
        .collect();
    let sql = format!(
        "INSERT INTO {} (document_id, at, actor_id, step, detail) VALUES {}",
        table.name(),
        rows.join(", ")
    );
    let mut q = sqlx::query(&sql)
        .bind(id)
        .bind(lode_db::now())
        .bind(ctx.actor_id);
    for (step, detail) in steps {
        q = q.bind(*step).bind(detail.to_string());
    }
    q.execute(&mut **tx).await?;
    Ok(())
}
