//! The register's reminders: each day's sweep tells the licence officers and the licence's
//! holder (the business account with the holder's tax code, when there is one) what falls due
//! ([`crate::obligations`]), once per duty, day and person, in lode's notifications and by
//! e-mail where the person has an address. Any node may sweep; the notifications' keys make
//! each one once.

use crate::licence::Kind;
use crate::obligations::{Duty, Obligation, to_tell};
use crate::register::state_of;
use chrono::NaiveDate;
use lode_db::notifications::{Notice, insert};
use lode_db::{Db, DbResult};

/// The notification's message for a duty.
pub fn message(d: Duty) -> &'static str {
    match d {
        Duty::Expiry => "licence_expiring",
        Duty::ExtensionDeadline => "licence_extension_deadline",
        Duty::YearlyReport => "licence_report_due",
        Duty::MiningRightFee => "licence_fee_due",
    }
}

/// Tells what falls due around `today`: the number of notifications made.
pub async fn sweep(db: &Db, today: NaiveDate) -> DbResult<usize> {
    let from = today.to_string();
    let licences: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, number, kind, state FROM cadastre_licences
         WHERE status = 'valid' AND valid_until >= $1 ORDER BY id",
    )
    .bind(&from)
    .fetch_all(db.pool())
    .await?;
    let officers: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT a.id, a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id
         WHERE r.role = 'cadastre_officer' AND a.active = 1 ORDER BY a.id",
    )
    .fetch_all(db.pool())
    .await?;
    let mut made = 0;
    for (id, number, kind, state) in licences {
        let s = state_of(&state)?;
        let kind = Kind::parse(&kind).unwrap_or(Kind::Mining);
        let due = to_tell(kind, &s, today);
        if due.is_empty() {
            continue;
        }
        let holders: Vec<(i64, Option<String>)> = match s.holder_tax_code.as_deref() {
            Some(code) if !code.trim().is_empty() => {
                sqlx::query_as(
                    "SELECT id, email FROM accounts
                     WHERE kind = 'business' AND active = 1 AND tax_code = $1 ORDER BY id",
                )
                .bind(code.trim())
                .fetch_all(db.pool())
                .await?
            }
            _ => Vec::new(),
        };
        let link = format!("/giay-phep/{id}");
        for o in &due {
            made += tell(db, &number, &s.holder, &link, id, o, &officers, &holders).await?;
        }
    }
    Ok(made)
}

#[allow(clippy::too_many_arguments)]
async fn tell(
    db: &Db,
    number: &str,
    holder: &str,
    link: &str,
    id: i64,
    o: &Obligation,
    officers: &[(i64, Option<String>)],
    holders: &[(i64, Option<String>)],
) -> DbResult<usize> {
    let args = serde_json::json!({
        "number": number,
        "holder": holder,
        "due_day": o.due.to_string(),
        "year": o.year.map(|y| y.to_string()).unwrap_or_default(),
    });
    let mut made = 0;
    // one transaction for the duty's notices, through the writer lane
    let mut tx = db.write().await?;
    for (account, email) in officers.iter().chain(holders) {
        let key = format!("cadastre:{}:{id}:{}:{account}", o.duty.as_str(), o.due);
        made += insert(
            &mut *tx,
            &Notice {
                account_id: *account,
                kind: "licence_obligation",
                incoming_id: None,
                message: message(o.duty),
                args: &args,
                link,
                dedupe_key: &key,
            },
            email.as_deref(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(made)
}
