//! Migrations: one folder per backend, the same version numbers in both, embedded in the binary
//! and applied in order at start. A test keeps the two folders in step.

use crate::{Backend, Db, DbResult};
use sha2::{Digest, Sha256};
use sqlx::Executor;

/// (version, name, SQL) for one backend.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migrations {
    ($dir:literal: $(($v:literal, $name:literal)),* $(,)?) => {
        &[$(Migration {
            version: $v,
            name: $name,
            sql: include_str!(concat!("../migrations/", $dir, "/", $name, ".sql")),
        }),*]
    };
}

pub const SQLITE: &[Migration] = migrations!("sqlite": (1, "0001_foundation"), (2, "0002_incoming"), (3, "0003_outgoing"), (4, "0004_list_indexes"), (5, "0005_dossiers"), (6, "0006_notifications"), (7, "0007_weekly_reports"), (8, "0008_issuer_scope"), (9, "0009_search_index"), (10, "0010_dispatches"), (11, "0011_issuer_index"), (12, "0012_outgoing_attachments"), (13, "0013_signature_check"), (14, "0014_certificates"), (15, "0015_public_services"), (16, "0016_unit_seals"), (17, "0017_self_registration"), (18, "0018_applications"), (19, "0019_dossier_handling"), (20, "0020_hardening"), (21, "0021_jobs"));
pub const POSTGRES: &[Migration] = migrations!("postgres": (1, "0001_foundation"), (2, "0002_incoming"), (3, "0003_outgoing"), (4, "0004_list_indexes"), (5, "0005_dossiers"), (6, "0006_notifications"), (7, "0007_weekly_reports"), (8, "0008_issuer_scope"), (9, "0009_search_index"), (10, "0010_dispatches"), (11, "0011_issuer_index"), (12, "0012_outgoing_attachments"), (13, "0013_signature_check"), (14, "0014_certificates"), (15, "0015_public_services"), (16, "0016_unit_seals"), (17, "0017_self_registration"), (18, "0018_applications"), (19, "0019_dossier_handling"), (20, "0020_hardening"), (21, "0021_jobs"));

pub fn for_backend(backend: Backend) -> &'static [Migration] {
    match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    }
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// Nodes starting at once migrate in turn: on PostgreSQL, a transaction-scoped advisory lock
/// that the next node's migration waits for, after which it finds the migration applied. (On
/// SQLite the transaction's write lock does the same.)
async fn take_turn(db: &Db, tx: &mut crate::Tx) -> DbResult<()> {
    /// The advisory lock's key: "lode" and "migr" in ASCII.
    const MIGRATING: i64 = 0x6C6F_6465_6D69_6772;
    if db.backend() == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MIGRATING)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Applies every migration not yet applied, each in its own transaction, and refuses to start
/// when an applied migration's text has changed since.
pub async fn run(db: &Db) -> DbResult<()> {
    // Read first: a store that is up to date (every start but the first after an upgrade, and
    // every command run beside a server) takes no write lock at all.
    let read =
        sqlx::query_as::<_, (i64, String)>("SELECT version, checksum FROM schema_migrations")
            .fetch_all(db.pool())
            .await;
    let applied = match read {
        Ok(rows) => rows,
        Err(_) => {
            let mut tx = db.write().await?;
            take_turn(db, &mut tx).await?;
            tx.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,
                    applied_at TEXT NOT NULL)",
            )
            .await?;
            tx.commit().await?;
            Vec::new()
        }
    };
    let up_to_date = for_backend(db.backend()).iter().all(|m| {
        applied
            .iter()
            .any(|(v, sum)| *v == m.version && *sum == checksum(m.sql))
    });
    if up_to_date {
        return Ok(());
    }
    for m in for_backend(db.backend()) {
        let mut tx = db.write().await?;
        take_turn(db, &mut tx).await?;
        let applied: Option<(String,)> =
            sqlx::query_as("SELECT checksum FROM schema_migrations WHERE version = $1")
                .bind(m.version)
                .fetch_optional(&mut *tx)
                .await?;
        match applied {
            Some((sum,)) if sum == checksum(m.sql) => continue,
            Some(_) => {
                return Err(anyhow::anyhow!(
                    "migration {} was changed after it was applied",
                    m.name
                )
                .into());
            }
            None => {}
        }
        tracing::info!(migration = m.name, "applying");
        tx.execute(m.sql).await?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(checksum(m.sql))
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_versions() {
        let v = |ms: &[Migration]| ms.iter().map(|m| (m.version, m.name)).collect::<Vec<_>>();
        assert_eq!(v(SQLITE), v(POSTGRES));
        for (i, m) in SQLITE.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "versions must run 1, 2, 3...");
        }
    }
}
