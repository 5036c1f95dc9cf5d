//! Reminders of the e-office: open documents past or near their deadline told to whoever must
//! act on them, and certificates about to expire told to their holders (a unit's seal: the
//! administrators). [`sweep`] runs periodically on every node; each reminder is a notification
//! with a key (reason, record, person, deadline), so repeated sweeps create each one once.

use chrono::NaiveDate;
use lode_db::notifications;
use lode_db::{Db, DbResult};
use serde_json::json;

/// How many days before its deadline a document counts as due soon.
pub const DUE_SOON_DAYS: i64 = 2;

lode_db::row! {
    /// An open document with a deadline, as the sweep reads it.
    struct Candidate {
        id: i64,
        arrival_number: i64,
        year: i64,
        deadline: String,
        handler_id: Option<i64>,
        lead_unit_id: Option<i64>,
        secrecy: String,
        notation: String,
    }
}

/// Creates the notifications that are due on `today`: for every open document past or near its
/// deadline, its handler (or, before one is named, the leaders of its lead unit). Returns how
/// many were new.
pub async fn sweep(db: &Db, today: NaiveDate) -> DbResult<usize> {
    let soon = today + chrono::Duration::days(DUE_SOON_DAYS);
    let docs: Vec<Candidate> = sqlx::query_as(
        "SELECT d.id, d.arrival_number, d.year, d.deadline, d.handler_id, d.lead_unit_id, d.secrecy, d.notation
         FROM incoming_documents d
         WHERE d.status IN ('routed', 'assigned') AND d.deadline IS NOT NULL AND d.deadline <= $1
         ORDER BY d.id",
    )
    .bind(soon.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut created = 0;
    for doc in docs {
        let Candidate {
            id,
            arrival_number: arrival,
            year,
            deadline,
            handler_id: handler,
            lead_unit_id: lead_unit,
            secrecy,
            notation,
        } = doc;
        let overdue = deadline.as_str() < today.to_string().as_str();
        let kind = if overdue { "overdue" } else { "due_soon" };
        let recipients: Vec<(i64, Option<String>)> = match (handler, lead_unit) {
            (Some(h), _) => lode_db::notifications::recipient(db.pool(), h)
                .await?
                .into_iter()
                .collect(),
            (None, Some(unit)) => sqlx::query_as(
                "SELECT a.id, a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id
                 WHERE a.unit_id = $1 AND a.active = 1 AND r.role = 'unit_leader'",
            )
            .bind(unit)
            .fetch_all(db.pool())
            .await?,
            (None, None) => Vec::new(),
        };
        // What goes by e-mail leaves the system: a secret document is named by its number only.
        let (message, args) = if secrecy == "none" {
            (
                format!("incoming_{kind}"),
                json!({"arrival": arrival, "year": year, "notation": notation, "deadline_day": deadline}),
            )
        } else {
            (
                format!("incoming_{kind}_secret"),
                json!({"arrival": arrival, "year": year, "deadline_day": deadline}),
            )
        };
        let message = notifications::message(crate::NOTICE_MESSAGES, &message)?;
        for (account, email) in recipients {
            let notice = notifications::Notice {
                account_id: account,
                kind,
                incoming_id: Some(id),
                message,
                args: &args,
                link: &format!("/incoming/{id}"),
                dedupe_key: &format!("{kind}:{id}:{account}:{deadline}"),
            };
            created += {
                let mut tx = db.write().await?;
                let made = notifications::insert(&mut *tx, &notice, email.as_deref()).await?;
                tx.commit().await?;
                made
            };
        }
    }
    created += certificates_expiring(db, today).await?;
    Ok(created)
}

/// Warns before a certificate expires: its holder, or for a unit's certificate (its seal) the
/// administrators, once per certificate.
async fn certificates_expiring(db: &Db, today: NaiveDate) -> DbResult<usize> {
    let horizon = today + chrono::Duration::days(crate::certificates::EXPIRY_WARNING_DAYS);
    let expiring: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, subject, not_after, holder_account_id FROM certificates
         WHERE revoked_at IS NULL AND SUBSTR(not_after, 1, 10) >= $1 AND SUBSTR(not_after, 1, 10) <= $2
         ORDER BY id",
    )
    .bind(today.to_string())
    .bind(horizon.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut created = 0;
    for (id, subject, not_after, holder) in expiring {
        let recipients: Vec<(i64, Option<String>)> = match holder {
            Some(h) => lode_db::notifications::recipient(db.pool(), h)
                .await?
                .into_iter()
                .collect(),
            None => sqlx::query_as(
                "SELECT a.id, a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id
                 WHERE a.active = 1 AND r.role = 'administrator'",
            )
            .fetch_all(db.pool())
            .await?,
        };
        let args = json!({"subject": subject, "expiry_day": not_after.get(..10).unwrap_or("")});
        for (account, email) in recipients {
            let notice = notifications::Notice {
                account_id: account,
                kind: "certificate_expiring",
                incoming_id: None,
                message: notifications::message(crate::NOTICE_MESSAGES, "certificate_expiring")?,
                args: &args,
                link: "/account",
                dedupe_key: &format!("certificate_expiring:{id}:{account}"),
            };
            created += {
                let mut tx = db.write().await?;
                let made = notifications::insert(&mut *tx, &notice, email.as_deref()).await?;
                tx.commit().await?;
                made
            };
        }
    }
    Ok(created)
}
