//! A public-service dossier's history: each step written as a message code with its
//! arguments ([`EVENT_MESSAGES`], or a handling capability's own), rendered where it is read;
//! and a dossier's status as stored, read back as its type.

use lode_core::services::ApplicationStatus;
use lode_db::{Db, DbError, DbResult, now};
use serde::Serialize;

/// A step of a dossier's life: its message code and arguments, rendered where it is read
/// (`appevent.{message}`, with `_day` arguments as days and `_dong` ones as amounts).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppEvent {
    pub at: String,
    pub kind: String,
    /// One of [`EVENT_MESSAGES`]; none for a step written before messages, whose `note` was
    /// written in Vietnamese.
    #[serde(skip)]
    pub message: Option<String>,
    #[serde(skip)]
    pub args: serde_json::Value,
    /// What happened, in the reader's language once rendered.
    pub note: String,
    /// Who took the step, when a person did: for the staff's pages, not the applicant's.
    #[serde(skip)]
    pub actor: Option<String>,
}

/// Every message a step of a dossier is written with.
pub const EVENT_MESSAGES: &[&str] = &[
    "draft",
    "draft_at_desk",
    "submitted_online",
    "submitted_at_desk",
    "completed",
    "accepted",
    "incomplete",
    "refused",
    "result",
    "returned_online",
    "returned_desk",
    "returned_post",
    "returned_online_noted",
    "returned_desk_noted",
    "returned_post_noted",
    "answered_online",
    "refused_online",
    "apology",
    "withdrawn",
    "paid",
];

/// The message of a dossier its handling unit answered online with a refusal
/// (`handling::answered_online`): it owes no fee.
pub(crate) const REFUSED_ONLINE: &str = "refused_online";

/// A dossier's status as stored.
pub(crate) fn status_of(s: &str) -> DbResult<ApplicationStatus> {
    ApplicationStatus::parse(s)
        .ok_or_else(|| DbError::Other(anyhow::anyhow!("a dossier has the unknown status {s}")))
}

pub(crate) fn channel_of(s: &str) -> DbResult<lode_core::services::ApplicationChannel> {
    lode_core::services::ApplicationChannel::parse(s)
        .ok_or_else(|| DbError::Other(anyhow::anyhow!("a dossier came in by the unknown way {s}")))
}

pub(crate) async fn events_of(db: &Db, id: i64) -> DbResult<Vec<AppEvent>> {
    lode_db::row! {
        /// A step as stored.
        struct Row {
            at: String,
            kind: String,
            message: Option<String>,
            args: Option<String>,
            note: String,
            actor: Option<String>,
        }
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.at, e.kind, e.message, e.args, e.note, a.full_name AS actor
         FROM application_events e LEFT JOIN accounts a ON a.id = e.actor_id
         WHERE e.application_id = $1 ORDER BY e.seq",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AppEvent {
            at: r.at,
            kind: r.kind,
            message: r.message,
            args: r
                .args
                .and_then(|a| serde_json::from_str(&a).ok())
                .unwrap_or(serde_json::Value::Null),
            note: r.note,
            actor: r.actor,
        })
        .collect())
}

/// Writes a step of the dossier's life: its kind (what the rules look for), and what happened
/// as a message of [`EVENT_MESSAGES`] with its arguments.
pub(crate) async fn add_event(
    tx: &mut lode_db::Tx,
    id: i64,
    actor: Option<i64>,
    kind: &str,
    (message, args): (&str, serde_json::Value),
) -> DbResult<()> {
    debug_assert!(EVENT_MESSAGES.contains(&message), "{message} is no message");
    write_event(tx, (id, actor), kind, message, args).await
}

/// The history entry of dossier `id` by `actor` (none: lode itself).
async fn write_event(
    tx: &mut lode_db::Tx,
    (id, actor): (i64, Option<i64>),
    kind: &str,
    message: &str,
    args: serde_json::Value,
) -> DbResult<()> {
    let (seq,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM application_events WHERE application_id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO application_events (application_id, seq, at, actor_id, kind, message, args, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '')",
    )
    .bind(id)
    .bind(seq)
    .bind(now())
    .bind(actor)
    .bind(kind)
    .bind(message)
    .bind(args.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes into dossier `id`'s history a step that the capability handling it took (the
/// archive's decision on a request, a visit it booked): `message` is that capability's own,
/// rendered from its translations (`appevent-{message}`), never one of [`EVENT_MESSAGES`].
pub async fn add_handling_event(
    tx: &mut lode_db::Tx,
    id: i64,
    actor: Option<i64>,
    message: &'static str,
    args: serde_json::Value,
) -> DbResult<()> {
    debug_assert!(
        !EVENT_MESSAGES.contains(&message),
        "{message} is the services' own"
    );
    write_event(tx, (id, actor), "handling", message, args).await
}
