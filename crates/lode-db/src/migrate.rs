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

pub const SQLITE: &[Migration] = migrations!("sqlite": (1, "0001_foundation"), (2, "0002_incoming"), (3, "0003_outgoing"), (4, "0004_list_indexes"), (5, "0005_dossiers"), (6, "0006_notifications"), (7, "0007_weekly_reports"), (8, "0008_issuer_scope"), (9, "0009_search_index"), (10, "0010_dispatches"), (11, "0011_issuer_index"), (12, "0012_outgoing_attachments"), (13, "0013_signature_check"), (14, "0014_certificates"), (15, "0015_public_services"), (16, "0016_unit_seals"), (17, "0017_self_registration"), (18, "0018_applications"), (19, "0019_dossier_handling"), (20, "0020_hardening"), (21, "0021_jobs_and_messages"), (22, "0022_audit_head_follows"), (23, "0023_notification_links"), (24, "0024_application_event_messages"), (25, "0025_duplicate_index"), (26, "0026_deadline_order"), (27, "0027_version_note_messages"), (28, "0028_unit_places"), (29, "0029_archive"), (30, "0030_archive_submissions"), (31, "0031_archive_entry_search"), (32, "0032_archive_page_words"), (33, "0033_mineral_licences"), (34, "0034_cadastre_areas"), (35, "0035_password_resets"), (36, "0036_dossiers_on_own_pages"), (37, "0037_presented_to"), (38, "0038_incoming_issuers"), (39, "0039_outgoing_presented_to"), (40, "0040_dossier_search_version"), (41, "0041_outgoing_composed"), (42, "0042_application_ratings"));
pub const POSTGRES: &[Migration] = migrations!("postgres": (1, "0001_foundation"), (2, "0002_incoming"), (3, "0003_outgoing"), (4, "0004_list_indexes"), (5, "0005_dossiers"), (6, "0006_notifications"), (7, "0007_weekly_reports"), (8, "0008_issuer_scope"), (9, "0009_search_index"), (10, "0010_dispatches"), (11, "0011_issuer_index"), (12, "0012_outgoing_attachments"), (13, "0013_signature_check"), (14, "0014_certificates"), (15, "0015_public_services"), (16, "0016_unit_seals"), (17, "0017_self_registration"), (18, "0018_applications"), (19, "0019_dossier_handling"), (20, "0020_hardening"), (21, "0021_jobs_and_messages"), (22, "0022_audit_head_follows"), (23, "0023_notification_links"), (24, "0024_application_event_messages"), (25, "0025_duplicate_index"), (26, "0026_deadline_order"), (27, "0027_version_note_messages"), (28, "0028_unit_places"), (29, "0029_archive"), (30, "0030_archive_submissions"), (31, "0031_archive_entry_search"), (32, "0032_archive_page_words"), (33, "0033_mineral_licences"), (34, "0034_cadastre_areas"), (35, "0035_password_resets"), (36, "0036_dossiers_on_own_pages"), (37, "0037_presented_to"), (38, "0038_incoming_issuers"), (39, "0039_outgoing_presented_to"), (40, "0040_dossier_search_version"), (41, "0041_outgoing_composed"), (42, "0042_application_ratings"));

pub fn for_backend(backend: Backend) -> &'static [Migration] {
    match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    }
}

/// What a migration does, without its comments: rewording a comment changes nothing applied.
/// (No migration has `--` inside a string.)
fn statements(sql: &str) -> String {
    sql.lines()
        .map(|l| l.split_once("--").map_or(l, |(code, _)| code).trim_end())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(statements(sql).as_bytes()))
}

/// Checksums recorded by earlier versions of lode, which took them over the whole text,
/// comments included: the text as it is now, and the texts whose comments changed since.
fn recorded_earlier(backend: Backend, m: &Migration, sum: &str) -> bool {
    const REWORDED: &[(Backend, i64, &str)] = &[
        (
            Backend::Sqlite,
            15,
            "13ef397076662ac2990db4ba1165e5f327c909cc0e5f37c3233dee1026d0a85a",
        ),
        (
            Backend::Sqlite,
            17,
            "eccefdf8a7f5b6eabc881f366dac3a59f441e8a8b9238044d0878ced5db56422",
        ),
        (
            Backend::Sqlite,
            18,
            "eaa647881c71af3faf24398e0ff63d5c64af7ec2a96fc0856775ffd7c82efdc1",
        ),
        (
            Backend::Sqlite,
            19,
            "04bf47ff96c0f45444eebd7a4be2679cee341eb4a4e47f315d259d4abd8fe279",
        ),
        (
            Backend::Postgres,
            15,
            "3bd528c014ef2f3734134cdc8d26a7d446d4fc4b77555927a29ef611c3ed1037",
        ),
        (
            Backend::Postgres,
            17,
            "db1b7cc2bf59dabbc8bc30ef849617918c535c7b569efefab41ac45081d8e013",
        ),
        (
            Backend::Postgres,
            18,
            "30265a5f013798cc4a05441f2525933bc6ee7491d1fb69d1c38efac0f04a5d07",
        ),
        (
            Backend::Postgres,
            19,
            "d7433d7e5c735ddee780bcbcca1ec23253fa7134add8be1646c3ac6f4e16634e",
        ),
    ];
    sum == hex::encode(Sha256::digest(m.sql.as_bytes()))
        || REWORDED
            .iter()
            .any(|(b, v, s)| *b == backend && *v == m.version && *s == sum)
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
    // (a store whose checksums an earlier version recorded is brought to today's below)
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
            Some((sum,)) if recorded_earlier(db.backend(), m, &sum) => {
                sqlx::query("UPDATE schema_migrations SET checksum = $1 WHERE version = $2")
                    .bind(checksum(m.sql))
                    .bind(m.version)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                continue;
            }
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
        tx.execute(m.sql)
            .await
            .map_err(|e| anyhow::anyhow!("applying migration {}: {e}", m.name))?;
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
    fn comments_are_no_part_of_a_checksum() {
        assert_eq!(
            checksum("-- why\nCREATE TABLE t (a TEXT); -- a column\n\n"),
            checksum("-- why, reworded\nCREATE TABLE t (a TEXT);")
        );
        assert_ne!(
            checksum("CREATE TABLE t (a TEXT);"),
            checksum("CREATE TABLE t (b TEXT);")
        );
    }

    #[test]
    fn both_backends_have_the_same_versions() {
        let v = |ms: &[Migration]| ms.iter().map(|m| (m.version, m.name)).collect::<Vec<_>>();
        assert_eq!(v(SQLITE), v(POSTGRES));
        for (i, m) in SQLITE.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "versions must run 1, 2, 3...");
        }
    }
}
