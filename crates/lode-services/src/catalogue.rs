//! The procedure catalogue as versioned data.
//!
//! - [`seed_catalogue`]: the department's procedures (`seed/procedures.json`), added at start
//!   when missing, so a new deployment has them and an administrator's edits are kept;
//! - [`catalogue`], [`procedure`]: the list (searched ignoring diacritics) and one procedure
//!   with the version in force on a day, and its history;
//! - [`save_version`]: an administrator's new version, checked, the previous one ended the day
//!   before it starts.

use chrono::NaiveDate;
use lode_db::audit::{Event, append};
use lode_db::{AuditCtx, Db, DbError, DbResult, now};

use lode_core::services::Procedure;
use lode_core::validation::FieldErrors;
use serde::Serialize;

/// The procedures shipped with lode.
pub const SEED: &str = include_str!("../seed/procedures.json");

/// The shipped procedures, read.
pub fn seeded() -> Result<Vec<Procedure>, serde_json::Error> {
    serde_json::from_str(SEED)
}

/// A procedure in the list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProcedureSummary {
    pub code: String,
    pub name: String,
    pub field: String,
    /// `full` (toàn trình) or `partial` (một phần).
    pub level: String,
    pub deadline: u32,
    /// `working_days` or `days`.
    pub deadline_unit: String,
    pub result: String,
    pub version: i64,
}

/// One version in a procedure's history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionInfo {
    pub version: i64,
    pub effective_from: String,
    pub effective_to: Option<String>,
    pub created_at: String,
}

/// A procedure as in force on a day, with its history.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureRecord {
    pub id: i64,
    pub version: i64,
    pub procedure: Procedure,
    pub versions: Vec<VersionInfo>,
}

/// What a search of the catalogue reads: its code, name and result, in both languages.
fn search_text(p: &Procedure) -> String {
    let en = p.in_english();
    lode_core::text::fold(&format!(
        "{} {} {} {} {}",
        p.code, p.name, p.result, en.name, en.result
    ))
}

/// Whether the procedure's Vietnamese text, or its English text, holds every word of `terms`:
/// a Vietnamese word and an English one together ("gia" of "Giao nộp", "han" of "Handing
/// over") answer nothing.
fn holds_in_one_language(p: &Procedure, terms: &[String]) -> bool {
    let en = p.in_english();
    [
        format!("{} {} {}", p.code, p.name, p.result),
        format!("{} {} {}", p.code, en.name, en.result),
    ]
    .iter()
    .any(|text| lode_core::text::holds_words(text, terms))
}

fn level_name(p: &Procedure) -> &'static str {
    match p.level {
        lode_core::services::ServiceLevel::Full => "full",
        lode_core::services::ServiceLevel::Partial => "partial",
    }
}

pub(crate) fn definition_of(json: &str) -> DbResult<Procedure> {
    serde_json::from_str(json)
        .map_err(|e| DbError::Other(anyhow::anyhow!("a stored procedure does not read: {e}")))
}

/// The English words of every version of every procedure, each by the Vietnamese it
/// translates: what lists that name procedures (and their stages) read for a reader of English.
pub async fn english_words(db: &Db) -> DbResult<std::collections::BTreeMap<String, String>> {
    let definitions: Vec<(String,)> =
        sqlx::query_as("SELECT definition FROM procedure_versions ORDER BY procedure_id, version")
            .fetch_all(db.pool())
            .await?;
    Ok(definitions
        .iter()
        .filter_map(|(d,)| definition_of(d).ok())
        .flat_map(|p| p.en)
        .collect())
}

/// Adds the shipped procedures that are not in the catalogue yet, and brings the English words
/// of those that are up to date with the release's. Returns how many were added.
pub async fn seed_catalogue(db: &Db) -> DbResult<usize> {
    let procedures =
        seeded().map_err(|e| DbError::Other(anyhow::anyhow!("seed/procedures.json: {e}")))?;
    let mut added = 0;
    for p in procedures {
        let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM procedures WHERE code = $1")
            .bind(&p.code)
            .fetch_optional(db.pool())
            .await?;
        if let Some((id,)) = exists {
            words_up_to_date(db, id, &p).await?;
            continue;
        }
        let mut tx = db.write().await?;
        let at = now();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO procedures (code, name, search_text, created_at) VALUES ($1, $2, $3, $4)
             RETURNING id",
        )
        .bind(&p.code)
        .bind(&p.name)
        .bind(search_text(&p))
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        insert_version(&mut tx, id, 1, &p, None, &at).await?;
        tx.commit().await?;
        added += 1;
    }
    Ok(added)
}

/// The English words of the release given to the stored versions of procedure `id` that say
/// what the release's says, word for word in Vietnamese: a translation is no change of the
/// procedure, and a version changed since (by its administrators) keeps its own.
async fn words_up_to_date(db: &Db, id: i64, shipped: &Procedure) -> DbResult<()> {
    let versions: Vec<(i64, String)> = sqlx::query_as(
        "SELECT version, definition FROM procedure_versions WHERE procedure_id = $1",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let same_text = |stored: &Procedure| {
        let (mut a, mut b) = (stored.clone(), shipped.clone());
        (a.en, b.en) = (Default::default(), Default::default());
        a == b
    };
    // the catalogue is searched by its newest version's words
    let newest = versions.iter().map(|v| v.0).max();
    for (version, definition) in versions {
        let Ok(stored) = definition_of(&definition) else {
            continue;
        };
        if stored.en == shipped.en || !same_text(&stored) {
            continue;
        }
        let worded = Procedure {
            en: shipped.en.clone(),
            ..stored
        };
        let json = serde_json::to_string(&worded).map_err(|e| DbError::Other(e.into()))?;
        let mut tx = db.write().await?;
        sqlx::query(
            "UPDATE procedure_versions SET definition = $1 WHERE procedure_id = $2 AND version = $3",
        )
        .bind(json)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if Some(version) == newest {
            sqlx::query("UPDATE procedures SET search_text = $1 WHERE id = $2")
                .bind(search_text(&worded))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

async fn insert_version(
    tx: &mut lode_db::Tx,
    procedure_id: i64,
    version: i64,
    p: &Procedure,
    by: Option<i64>,
    at: &str,
) -> DbResult<()> {
    let json = serde_json::to_string(p).map_err(|e| DbError::Other(e.into()))?;
    sqlx::query(
        "INSERT INTO procedure_versions (procedure_id, version, effective_from, effective_to,
            definition, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(procedure_id)
    .bind(version)
    .bind(p.effective_from.to_string())
    .bind(p.effective_to.map(|d| d.to_string()))
    .bind(json)
    .bind(by)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The procedures in force on `on` whose code, name or result hold every word of `query`, in any
/// order (diacritics, case and spacing ignored): the best answers first, then by code.
pub async fn catalogue(
    db: &Db,
    query: Option<&str>,
    on: NaiveDate,
) -> DbResult<Vec<ProcedureSummary>> {
    // each word of the query, in any order
    let words = lode_db::word_patterns(query);
    let terms = query.map(lode_core::text::search_terms).unwrap_or_default();
    let mut out = Vec::new();
    for (code, version, json, _) in in_force(db, on, &words).await? {
        // each word where a word begins, not inside another ("han" is not in "phần"), all of
        // them in one language
        if holds_in_one_language(&definition_of(&json)?, &terms) {
            out.push(summary(code, version, &json)?);
        }
    }
    best_first(&mut out, query);
    Ok(out)
}

/// When no procedure holds every word of `query`: those that hold the most of them (at least
/// half of them), the best answers first. A word mistyped or one the catalogue does not use
/// ("mỏ") then leaves the reader something to read.
pub async fn nearest(db: &Db, query: &str, on: NaiveDate) -> DbResult<Vec<ProcedureSummary>> {
    let terms = lode_core::text::search_terms(query);
    if terms.len() < 2 {
        return Ok(Vec::new());
    }
    let held: Vec<(usize, (String, i64, String, String))> = in_force(db, on, &[])
        .await?
        .into_iter()
        .map(|row| {
            let count = terms
                .iter()
                .filter(|t| lode_core::text::holds_words(&row.3, std::slice::from_ref(*t)))
                .count();
            (count, row)
        })
        .collect();
    let best = held.iter().map(|h| h.0).max().unwrap_or(0);
    if best == 0 || best * 2 < terms.len() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (_, (code, version, json, _)) in held.into_iter().filter(|h| h.0 == best) {
        out.push(summary(code, version, &json)?);
    }
    best_first(&mut out, Some(query));
    Ok(out)
}

/// The procedures in force on `on` (the newest version where two overlap) whose search text
/// matches every pattern of `words`, by code: code, version, definition, search text.
async fn in_force(
    db: &Db,
    on: NaiveDate,
    words: &[String],
) -> DbResult<Vec<(String, i64, String, String)>> {
    let sql = format!(
        "SELECT p.code, v.version, v.definition, p.search_text FROM procedures p
         JOIN procedure_versions v ON v.procedure_id = p.id
         WHERE v.effective_from <= $1 AND (v.effective_to IS NULL OR v.effective_to >= $1){}
         ORDER BY p.code, v.version DESC",
        lode_db::word_clauses("p.search_text", 2, words.len())
    );
    let mut rows: Vec<(String, i64, String, String)> = words
        .iter()
        .fold(sqlx::query_as(&sql).bind(on.to_string()), |q, w| {
            q.bind(w.clone())
        })
        .fetch_all(db.pool())
        .await?;
    rows.dedup_by(|later, first| later.0 == first.0);
    Ok(rows)
}

/// A procedure's line in the catalogue, from its definition.
fn summary(code: String, version: i64, json: &str) -> DbResult<ProcedureSummary> {
    let p = definition_of(json)?;
    Ok(ProcedureSummary {
        level: level_name(&p).into(),
        deadline_unit: p.deadline_unit.as_str().into(),
        code,
        name: p.name,
        field: p.field,
        deadline: p.deadline,
        result: p.result,
        version,
    })
}

/// The best answers to `query` first (the words as typed, then whole words), by code among
/// equals; the catalogue's order without a query.
fn best_first(out: &mut [ProcedureSummary], query: Option<&str>) {
    if let Some(query) = query.filter(|q| !q.trim().is_empty()) {
        out.sort_by_cached_key(|p| {
            std::cmp::Reverse(lode_core::text::relevance_as_typed(
                &format!("{} {}", p.code, p.name),
                query,
            ))
        });
    }
}

/// The procedure `code` as in force on `on` (else its newest version), with its history.
pub async fn procedure(db: &Db, code: &str, on: NaiveDate) -> DbResult<Option<ProcedureRecord>> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM procedures WHERE code = $1")
        .bind(code)
        .fetch_optional(db.pool())
        .await?;
    let Some((id,)) = found else {
        return Ok(None);
    };
    let rows: Vec<(i64, String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT version, effective_from, effective_to, created_at, definition
         FROM procedure_versions WHERE procedure_id = $1 ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let day = on.to_string();
    let chosen = rows
        .iter()
        .find(|r| r.1 <= day && r.2.as_deref().is_none_or(|to| to >= day.as_str()))
        .or(rows.first());
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    Ok(Some(ProcedureRecord {
        id,
        version: chosen.0,
        procedure: definition_of(&chosen.4)?,
        versions: rows
            .iter()
            .map(|r| VersionInfo {
                version: r.0,
                effective_from: r.1.clone(),
                effective_to: r.2.clone(),
                created_at: r.3.clone(),
            })
            .collect(),
    }))
}

/// Saves `p` as a new version of its procedure (a new procedure when the code is new). It is
/// checked first; the version in force with no end gets the day before `p` starts as its end,
/// and a version may not start before the newest one does (history is not rewritten). A newest
/// version not yet in force is replaced instead, keeping its number: no dossier follows it yet,
/// and two saves in a row leave no version of a day.
pub async fn save_version(db: &Db, ctx: &AuditCtx, p: &Procedure) -> DbResult<i64> {
    save_version_over(db, ctx, p, None).await
}

/// How a version is known when a form is drawn from it: its number and when it was saved (a
/// version replaced keeps its number, not its time).
pub fn version_token(version: i64, created_at: &str) -> String {
    format!("{version}@{created_at}")
}

/// [`save_version`], refused as a conflict when the procedure's newest version is no longer
/// `drawn` ([`version_token`]), the one the administrator's form was drawn from: another
/// version was saved meanwhile, and saving would replace or follow it unseen.
pub async fn save_version_over(
    db: &Db,
    ctx: &AuditCtx,
    p: &Procedure,
    drawn: Option<&str>,
) -> DbResult<i64> {
    p.validate()?;
    let mut replaced: Option<serde_json::Value> = None;
    let mut tx = db.write().await?;
    let at = now();
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM procedures WHERE code = $1")
        .bind(&p.code)
        .fetch_optional(&mut *tx)
        .await?;
    let (id, version) = match existing {
        Some((id,)) => {
            // one save of a procedure at a time: its row is held until this one ends
            sqlx::query("UPDATE procedures SET code = code WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let newest: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT version, effective_from, definition, created_at FROM procedure_versions
                 WHERE procedure_id = $1 ORDER BY version DESC LIMIT 2",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            let today = lode_db::today().to_string();
            let (last, last_from) = newest
                .first()
                .map_or((0, String::new()), |(v, f, _, _)| (*v, f.clone()));
            let newest_token = newest
                .first()
                .map(|(v, _, _, at)| version_token(*v, at))
                .unwrap_or_default();
            if drawn.is_some_and(|d| d != newest_token) {
                return Err(DbError::Conflict(
                    "another version of this procedure was saved since the form was opened".into(),
                ));
            }
            // a version not yet in force is not yet anyone's: the next one saved replaces it,
            // from today at the earliest, and follows the one in force
            let (after, number) = if !last_from.is_empty() && last_from > today {
                if p.effective_from.to_string() < today {
                    return Err(FieldErrors::single(
                        "effective_from",
                        "not_before_today",
                        "a version replacing one not yet in force starts today or later",
                    )
                    .into());
                }
                sqlx::query(
                    "DELETE FROM procedure_versions WHERE procedure_id = $1 AND version = $2",
                )
                .bind(id)
                .bind(last)
                .execute(&mut *tx)
                .await?;
                replaced = newest
                    .first()
                    .and_then(|(_, _, definition, _)| serde_json::from_str(definition).ok());
                match newest.get(1) {
                    Some((previous, previous_from, definition, _)) => {
                        // the one in force ends again where its own definition says
                        let own_end = serde_json::from_str::<Procedure>(definition)
                            .ok()
                            .and_then(|d| d.effective_to)
                            .map(|d| d.to_string());
                        sqlx::query(
                            "UPDATE procedure_versions SET effective_to = $1
                             WHERE procedure_id = $2 AND version = $3",
                        )
                        .bind(own_end)
                        .bind(id)
                        .bind(previous)
                        .execute(&mut *tx)
                        .await?;
                        (previous_from.clone(), last)
                    }
                    None => (String::new(), last),
                }
            } else {
                (last_from, last + 1)
            };
            if p.effective_from.to_string() <= after {
                return Err(FieldErrors::single(
                    "effective_from",
                    "after_current",
                    format!("a new version starts after the current one ({after})"),
                )
                .into());
            }
            let end = p
                .effective_from
                .pred_opt()
                .map(|d| d.to_string())
                .unwrap_or_default();
            sqlx::query(
                "UPDATE procedure_versions SET effective_to = $1
                 WHERE procedure_id = $2 AND (effective_to IS NULL OR effective_to > $1)",
            )
            .bind(&end)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE procedures SET name = $1, search_text = $2 WHERE id = $3")
                .bind(&p.name)
                .bind(search_text(p))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            (id, number)
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO procedures (code, name, search_text, created_at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&p.code)
            .bind(&p.name)
            .bind(search_text(p))
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            (id, 1)
        }
    };
    insert_version(&mut tx, id, version, p, ctx.actor_id, &at).await?;
    append(
        &mut tx,
        ctx,
        Event::new(
            "procedure.version",
            "procedure",
            &p.code,
            serde_json::json!({
                "version": version,
                "effective_from": p.effective_from.to_string(),
                // what a version not yet in force said before this one replaced it
                "replaced": replaced,
            }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_procedures_read_and_hold() {
        let all = super::seeded().expect("seed/procedures.json reads");
        assert!(all.len() >= 15, "{}", all.len());
        for p in &all {
            assert_eq!(p.validate(), Ok(()), "{}", p.code);
        }
        let mut codes: Vec<&str> = all.iter().map(|p| p.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are unique");
    }

    /// A reader of English reads every shipped procedure in English: no Vietnamese text of it
    /// is left without its words.
    #[test]
    fn the_shipped_procedures_read_in_english() {
        for p in super::seeded().expect("seed/procedures.json reads") {
            let left = p.untranslated();
            assert!(left.is_empty(), "{}: {left:?}", p.code);
        }
    }
}
