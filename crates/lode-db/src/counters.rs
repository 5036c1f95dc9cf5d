//! Gapless official numbers (arrival numbers, outgoing numbers, dossier serials).
//!
//! A number comes from a counter row bumped inside the caller's transaction: the row lock (on
//! PostgreSQL) or the database write lock (on SQLite) makes concurrent writers on any number of
//! nodes queue, and a rolled-back transaction gives its number back. So numbers have no gap and
//! no repeat.

use crate::{DbResult, Tx};

/// Takes the next value of the counter `name` (1 for a new counter).
pub async fn next(tx: &mut Tx, name: &str) -> DbResult<i64> {
    let (value,): (i64,) = sqlx::query_as(
        "INSERT INTO counters (name, value) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
         RETURNING value",
    )
    .bind(name)
    .fetch_one(&mut **tx)
    .await?;
    Ok(value)
}

/// The value [`next`] would take now from the counter `name`, taking nothing: what a form
/// proposes before the number is given (another writer may take it first).
pub async fn peek(db: &crate::Db, name: &str) -> DbResult<i64> {
    let value: Option<(i64,)> = sqlx::query_as("SELECT value FROM counters WHERE name = $1")
        .bind(name)
        .fetch_optional(db.pool())
        .await?;
    Ok(value.map_or(1, |(v,)| v + 1))
}
