//! What others write into a dossier and read of it without the dossiers' use cases: an issued
//! document filed in the dossier its draft named (in the numbering transaction), and whether a
//! person may still file into a dossier. Outgoing documents use it; the dossiers build on it.

use crate::timeline::{self, EventTable};
use lode_core::authz::{Action, Actor, DossierScope, decide};
use lode_core::documents::Secrecy;
use lode_core::dossiers::DossierStatus;
use lode_core::org::UnitPath;
use lode_core::people::Clearance;
use lode_db::audit::{self, Event};
use lode_db::{AuditCtx, Db, DbError, DbResult, Tx};
use serde_json::json;

/// The words dossier `id` is found by, written anew: its title and code, then the titles and
/// notations of what it holds ("biên bản" finds the dossier that holds a record of a meeting).
/// A dossier that holds a secret paper is secret itself, and no search reads its words.
pub(crate) async fn find_words_again(tx: &mut Tx, id: i64) -> DbResult<()> {
    let (title, code): (String, String) =
        sqlx::query_as("SELECT title, code FROM dossiers WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    let items: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT title, notation FROM dossier_items WHERE dossier_id = $1 ORDER BY ordinal",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    // the title first: the list ordered by title orders by these words
    let mut words = format!("{title} {code}");
    for (title, notation) in items {
        words.push(' ');
        words.push_str(&title);
        if let Some(n) = notation {
            words.push(' ');
            words.push_str(&n);
        }
    }
    sqlx::query("UPDATE dossiers SET search_key = $1, search_version = $2 WHERE id = $3")
        .bind(lode_core::text::fold(&words))
        .bind(SEARCH_VERSION)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How [`find_words_again`] writes a dossier's words: a dossier whose `search_version` is
/// lower was written another way (before its contents' words were in them).
const SEARCH_VERSION: i64 = 2;

/// The dossiers whose words were written another way, written anew, a batch per transaction
/// so that a large register never holds the writers long; answers how many. Run at start.
pub async fn find_older_words_again(db: &Db) -> DbResult<usize> {
    const BATCH: i64 = 200;
    let mut written = 0;
    loop {
        let mut tx = db.write().await?;
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM dossiers WHERE search_version < $1 ORDER BY id LIMIT $2",
        )
        .bind(SEARCH_VERSION)
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        for (id,) in &ids {
            find_words_again(&mut tx, *id).await?;
        }
        tx.commit().await?;
        written += ids.len();
        if ids.len() < BATCH as usize {
            return Ok(written);
        }
    }
}

/// Whether `actor` may file into dossier `id`: it exists, is open, and they may edit it.
pub(crate) async fn open_to(db: &Db, actor: &Actor, id: i64) -> DbResult<bool> {
    let row: Option<(String, String, String, i64, i64, String)> = sqlx::query_as(
        "SELECT d.status, b.path, u.path, d.responsible_id, d.created_by, d.secrecy
         FROM dossiers d JOIN units b ON b.id = d.body_unit_id JOIN units u ON u.id = d.unit_id
         WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let Some((status, body, unit, responsible, created_by, secrecy)) = row else {
        return Ok(false);
    };
    let bad = |what: &str| DbError::Other(anyhow::anyhow!("dossier {id} has a bad {what}"));
    let scope = DossierScope {
        body: UnitPath::parse(&body).ok_or_else(|| bad("body"))?,
        unit: UnitPath::parse(&unit).ok_or_else(|| bad("unit"))?,
        responsible,
        created_by,
        secrecy: Clearance::parse(&secrecy).map_err(|_| bad("secrecy"))?,
    };
    Ok(
        status == DossierStatus::Open.as_str()
            && decide(actor, Action::EditDossier(&scope)).is_ok(),
    )
}

/// An outgoing document just numbered, to file in the dossier its draft named.
pub(crate) struct Issued<'a> {
    pub outgoing_id: i64,
    pub title: &'a str,
    pub notation: &'a str,
    pub issued_on: &'a str,
    pub author: &'a str,
    pub secrecy: Secrecy,
    pub added_by: i64,
}

/// Files a numbered document in its dossier, in the numbering transaction; `false` when the
/// dossier is no longer open (nothing is filed then).
pub(crate) async fn file_issued(
    tx: &mut Tx,
    ctx: &AuditCtx,
    dossier_id: i64,
    doc: &Issued<'_>,
) -> DbResult<bool> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT status, secrecy FROM dossiers WHERE id = $1")
            .bind(dossier_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((status, secrecy)) = row else {
        return Ok(false);
    };
    if status != DossierStatus::Open.as_str() {
        return Ok(false);
    }
    let (ordinal,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(ordinal), 0) + 1 FROM dossier_items WHERE dossier_id = $1",
    )
    .bind(dossier_id)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO dossier_items (dossier_id, ordinal, kind, outgoing_id, title, notation, doc_date, author,
            pages, added_by, added_at)
         VALUES ($1, $2, 'outgoing', $3, $4, $5, $6, $7, 0, $8, $9)",
    )
    .bind(dossier_id)
    .bind(ordinal)
    .bind(doc.outgoing_id)
    .bind(doc.title)
    .bind(doc.notation)
    .bind(doc.issued_on)
    .bind(doc.author)
    .bind(doc.added_by)
    .bind(lode_db::now())
    .execute(&mut **tx)
    .await?;
    let current = Clearance::parse(&secrecy).unwrap_or(Clearance::None);
    if doc.secrecy > current {
        sqlx::query("UPDATE dossiers SET secrecy = $1 WHERE id = $2")
            .bind(doc.secrecy.as_str())
            .bind(dossier_id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "UPDATE dossiers SET version = version + 1, updated_at = $1,
            item_count = (SELECT COUNT(*) FROM dossier_items WHERE dossier_id = $2)
         WHERE id = $2",
    )
    .bind(lode_db::now())
    .bind(dossier_id)
    .execute(&mut **tx)
    .await?;
    find_words_again(tx, dossier_id).await?;
    let detail = json!({"ordinal": ordinal, "kind": "outgoing", "outgoing_id": doc.outgoing_id, "on_issue": true});
    timeline::record(
        EventTable::Dossier,
        tx,
        ctx,
        dossier_id,
        "attach",
        detail.clone(),
    )
    .await?;
    audit::append(
        tx,
        ctx,
        Event::new("dossier.attach", "dossier", dossier_id, detail),
    )
    .await?;
    Ok(true)
}
