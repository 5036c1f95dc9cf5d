//! Fees paid online for public-service dossiers, storage: an order per attempt
//! ([`start`]), settled once by the gateway's signed notification ([`settle`]; the signature is
//! checked by the web layer before this is called), which gives the receipt its number from a
//! gapless yearly counter. A notification repeated (a replay, or the return and the
//! server-to-server notification both arriving) changes nothing the second time.

use crate::history::add_event;
use lode_core::services::PaymentStatus;
use lode_db::audit::{Event, append};
use lode_db::{AuditCtx, Db, DbError, DbResult, now};
use serde::Serialize;

/// One attempt at paying a dossier's fee.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Payment {
    pub id: i64,
    pub application_id: i64,
    /// The order reference sent to the gateway.
    pub txn_ref: String,
    pub amount: i64,
    /// pending, paid, failed
    #[schema(value_type = String)]
    pub status: PaymentStatus,
    pub created_at: String,
    pub paid_at: Option<String>,
    pub gateway_txn: Option<String>,
    pub bank_code: Option<String>,
    pub response_code: Option<String>,
    /// The receipt's number within its year, once paid.
    pub receipt_number: Option<i64>,
}

lode_db::row! {
    /// A payment as stored, read by [`COLUMNS`].
    struct Row {
        id: i64,
        application_id: i64,
        txn_ref: String,
        amount: i64,
        status: String,
        created_at: String,
        paid_at: Option<String>,
        gateway_txn: Option<String>,
        bank_code: Option<String>,
        response_code: Option<String>,
        receipt_number: Option<i64>,
    }
}

const COLUMNS: &str =
    "id, application_id, txn_ref, amount, status, created_at, paid_at, gateway_txn,
    bank_code, response_code, receipt_number";

fn payment(r: Row) -> DbResult<Payment> {
    Ok(Payment {
        status: PaymentStatus::parse(&r.status).ok_or_else(|| {
            DbError::Other(anyhow::anyhow!(
                "a payment has the unknown status {}",
                r.status
            ))
        })?,
        id: r.id,
        application_id: r.application_id,
        txn_ref: r.txn_ref,
        amount: r.amount,
        created_at: r.created_at,
        paid_at: r.paid_at,
        gateway_txn: r.gateway_txn,
        bank_code: r.bank_code,
        response_code: r.response_code,
        receipt_number: r.receipt_number,
    })
}

/// Whether the fee was paid: one of the payments went through (those left unfinished before
/// it are no debt).
pub fn fee_paid(payments: &[Payment]) -> bool {
    payments
        .iter()
        .any(|p| p.status == lode_core::services::PaymentStatus::Paid)
}

/// Dossier `id`'s fee, when it has one, and whether it was paid online: for the staff who
/// handle it away from the desk (the archive deciding on a request).
pub async fn fee_standing(db: &Db, id: i64) -> DbResult<Option<(i64, bool)>> {
    let (amount, paid): (Option<i64>, i64) = sqlx::query_as(
        "SELECT a.fee_amount,
            (SELECT COUNT(*) FROM payments p WHERE p.application_id = a.id AND p.status = 'paid')
         FROM applications a WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    Ok(amount.filter(|a| *a > 0).map(|a| (a, paid > 0)))
}

/// The payments of dossier `id` (the applicant's own when `applicant` is given), newest first.
pub async fn list(db: &Db, applicant: Option<i64>, id: i64) -> DbResult<Vec<Payment>> {
    crate::applications::load(db, applicant, id).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments WHERE application_id = $1 ORDER BY id DESC"
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(payment).collect()
}

/// A payment by its order reference.
pub async fn by_ref(db: &Db, txn_ref: &str) -> DbResult<Payment> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments WHERE txn_ref = $1"
    ))
    .bind(txn_ref)
    .fetch_optional(db.pool())
    .await?;
    row.map(payment).ok_or(DbError::NotFound)?
}

/// A new order for the fee of the applicant's filed dossier. Refused for drafts, dossiers
/// without a fee, and dossiers paid already.
pub async fn start(db: &Db, ctx: &AuditCtx, applicant_id: i64, id: i64) -> DbResult<Payment> {
    let a = crate::applications::get(db, applicant_id, id).await?;
    if a.refused_by_its_unit() {
        return Err(DbError::Conflict(
            "no fee is owed for a refused request".into(),
        ));
    }
    if !a.status.payable() {
        return Err(DbError::Conflict(format!(
            "the dossier is {}: its fee is paid once it is filed",
            a.status
        )));
    }
    let amount = a.fee_amount.unwrap_or(0);
    if amount <= 0 {
        return Err(DbError::Conflict("this dossier has no fee to pay".into()));
    }
    let mut tx = db.write().await?;
    let paid: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM payments WHERE application_id = $1 AND status = 'paid' LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if paid.is_some() {
        return Err(DbError::Conflict("the fee is paid already".into()));
    }
    let raw: [u8; 6] = rand::random();
    let txn_ref = format!("{id}-{}", hex::encode(raw));
    let (pid,): (i64,) = sqlx::query_as(
        "INSERT INTO payments (application_id, txn_ref, amount, status, created_at)
         VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
    )
    .bind(id)
    .bind(&txn_ref)
    .bind(amount)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            "payment.start",
            "application",
            id,
            serde_json::json!({"payment": pid, "amount": amount}),
        ),
    )
    .await?;
    tx.commit().await?;
    by_ref(db, &txn_ref).await
}

/// What the gateway says about an order, its signature checked.
#[derive(Debug, Clone)]
pub struct GatewayReport {
    pub txn_ref: String,
    pub amount: i64,
    /// `00` for success.
    pub response_code: String,
    pub gateway_txn: String,
    pub bank_code: String,
}

/// What settling a report did.
#[derive(Debug, Clone)]
pub enum Settlement {
    /// Paid now; the receipt has its number.
    Paid(Payment),
    /// The gateway reports a failure or a cancellation.
    Failed(Payment),
    /// Settled before: nothing changed.
    AlreadySettled(Payment),
    UnknownOrder,
    WrongAmount,
}

/// A receipt's number as it is printed and quoted: seven digits and its year (`0000001/2026`).
pub fn receipt_label(number: i64, year: i32) -> String {
    format!("{number:07}/{year}")
}

impl Payment {
    /// Its receipt's number as printed, once paid.
    pub fn receipt(&self) -> Option<String> {
        let year = self
            .paid_at
            .as_deref()
            .and_then(lode_db::local_day_of)
            .map(|d| chrono::Datelike::year(&d))?;
        Some(receipt_label(self.receipt_number?, year))
    }
}

/// Settles an order from a report whose signature was checked: once, in one transaction.
pub async fn settle(db: &Db, ctx: &AuditCtx, report: &GatewayReport) -> DbResult<Settlement> {
    let found = match by_ref(db, &report.txn_ref).await {
        Ok(p) => p,
        Err(DbError::NotFound) => return Ok(Settlement::UnknownOrder),
        Err(e) => return Err(e),
    };
    if found.amount != report.amount {
        return Ok(Settlement::WrongAmount);
    }
    if found.status != PaymentStatus::Pending {
        return Ok(Settlement::AlreadySettled(found));
    }
    let success = report.response_code == "00";
    let mut tx = db.write().await?;
    let at = now();
    // receipts are numbered within Vietnam's year (the last hours of 31 December UTC are
    // already the new year there)
    let year = lode_db::local_day_of(&at).map_or(0, |d| chrono::Datelike::year(&d));
    let receipt = if success {
        Some(lode_db::counters::next(&mut tx, &format!("receipt:{year}")).await?)
    } else {
        None
    };
    let label = receipt.map(|n| receipt_label(n, year)).unwrap_or_default();
    let changed = sqlx::query(
        "UPDATE payments SET status = $1, paid_at = $2, gateway_txn = $3, bank_code = $4,
            response_code = $5, receipt_number = $6
         WHERE id = $7 AND status = 'pending'",
    )
    .bind(if success { "paid" } else { "failed" })
    .bind(success.then_some(&at))
    .bind(&report.gateway_txn)
    .bind(&report.bank_code)
    .bind(&report.response_code)
    .bind(receipt)
    .bind(found.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        // settled by the other message in the meantime; the counter's number goes back
        drop(tx);
        return Ok(Settlement::AlreadySettled(
            by_ref(db, &report.txn_ref).await?,
        ));
    }
    if success {
        add_event(
            &mut tx,
            found.application_id,
            None,
            "paid",
            (
                "paid",
                serde_json::json!({"amount_dong": found.amount, "transaction": report.gateway_txn, "receipt": label}),
            ),
        )
        .await?;
        // the payer has it in writing, in lode and by e-mail, with the receipt's number
        let (applicant_id, code): (i64, Option<String>) =
            sqlx::query_as("SELECT applicant_id, code FROM applications WHERE id = $1")
                .bind(found.application_id)
                .fetch_one(&mut *tx)
                .await?;
        crate::steps::tell_applicant(
            &mut tx,
            applicant_id,
            (found.application_id, code.as_deref()),
            ("application", "application_paid"),
            serde_json::json!({"amount_dong": found.amount, "receipt": label}),
        )
        .await?;
    }
    append(
        &mut tx,
        ctx,
        Event::new(
            if success {
                "payment.paid"
            } else {
                "payment.failed"
            },
            "application",
            found.application_id,
            serde_json::json!({"payment": found.id, "gateway_txn": report.gateway_txn,
                               "response_code": report.response_code}),
        ),
    )
    .await?;
    tx.commit().await?;
    let after = by_ref(db, &report.txn_ref).await?;
    Ok(if success {
        Settlement::Paid(after)
    } else {
        Settlement::Failed(after)
    })
}

/// The applicant's paid payment `payment_id` of dossier `id`, for its receipt.
pub async fn paid(db: &Db, applicant: Option<i64>, id: i64, payment_id: i64) -> DbResult<Payment> {
    list(db, applicant, id)
        .await?
        .into_iter()
        .find(|p| p.id == payment_id && p.status == PaymentStatus::Paid)
        .ok_or(DbError::NotFound)
}
