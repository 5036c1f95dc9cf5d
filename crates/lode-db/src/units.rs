//! The organisation tree: create, rename, move, close, reopen; read the tree and a unit's
//! history. Units are never deleted: a unit that is no longer needed is closed, and keeps its
//! history and the records that point at it.

use crate::audit::{self, Event};
use crate::{AuditCtx, Db, DbError, DbResult, Tx};
use lode_core::org::{
    UnitKind, UnitPath, UnitStatus, check_move, check_new_child, parse_abbreviation,
    parse_unit_name,
};
use lode_core::orgid::OrgId;
use lode_core::validation::FieldErrors;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Unit {
    pub id: i64,
    pub parent_id: Option<i64>,
    #[serde(skip)]
    pub path: UnitPath,
    pub org_id: String,
    pub name: String,
    pub abbreviation: String,
    #[schema(value_type = String, example = "federation")]
    pub kind: UnitKind,
    #[schema(value_type = String, example = "active")]
    pub status: UnitStatus,
    pub depth: usize,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub version: i64,
    /// Where the body has its seat, as its documents write it before their date (`Hà Nội`);
    /// a unit without one writes the place of the nearest body above it.
    #[schema(example = "Hà Nội")]
    pub place: Option<String>,
}

crate::row! {
    /// A row as stored, read by name.
    struct Row {
        id: i64,
        parent_id: Option<i64>,
        path: String,
        org_id: String,
        name: String,
        abbreviation: String,
        kind: String,
        status: String,
        created_at: String,
        closed_at: Option<String>,
        version: i64,
        place: Option<String>,
    }
}
const COLUMNS: &str = "id, parent_id, path, org_id, name, abbreviation, kind, status, created_at,
    closed_at, version, place";

fn unit(r: Row) -> DbResult<Unit> {
    let path = UnitPath::parse(&r.path)
        .ok_or_else(|| anyhow::anyhow!("unit {} has a malformed path {:?}", r.id, r.path))?;
    Ok(Unit {
        id: r.id,
        parent_id: r.parent_id,
        depth: path.depth(),
        path,
        org_id: r.org_id,
        name: r.name,
        abbreviation: r.abbreviation,
        kind: UnitKind::parse(&r.kind)
            .map_err(|_| anyhow::anyhow!("unit {} kind {:?}", r.id, r.kind))?,
        status: UnitStatus::parse(&r.status)
            .ok_or_else(|| anyhow::anyhow!("unit {} status {:?}", r.id, r.status))?,
        created_at: r.created_at,
        closed_at: r.closed_at,
        version: r.version,
        place: r.place,
    })
}

/// A new unit, as typed by the user. Parsed here so that every error comes back at once.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    /// The unit above; none only for the department itself.
    pub parent_id: Option<i64>,
    /// QCVN 102 organisation id, `V1V2V3.Z1Z2.Y1Y2.MX1X2`.
    #[schema(
        pattern = r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$",
        example = "001.10.27.G12"
    )]
    pub org_id: String,
    #[schema(example = "Đoàn Địa chất Tây Bắc")]
    pub name: String,
    /// Used in document notations: letters, digits, inner hyphens.
    #[schema(example = "TB")]
    pub abbreviation: String,
    /// `department`, `office`, `sub_department`, `centre`, `federation` or `team`.
    #[schema(example = "team")]
    pub kind: String,
}

/// Changes to a unit. Unset fields stay as they are.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitChange {
    pub name: Option<String>,
    pub abbreviation: Option<String>,
    pub org_id: Option<String>,
    pub kind: Option<String>,
    /// Where the body has its seat (`Hà Nội`); empty to write the place of the body above.
    pub place: Option<String>,
    /// The version the caller read; refused with a conflict if the unit changed since.
    pub version: Option<i64>,
}

pub async fn get(db: &Db, id: i64) -> DbResult<Unit> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM units WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    unit(row.ok_or(DbError::NotFound)?)
}

async fn get_in(tx: &mut Tx, id: i64) -> DbResult<Unit> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM units WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    unit(row.ok_or(DbError::NotFound)?)
}

/// Every unit, parents before children (ordered by path depth then name), closed ones included.
pub async fn all(db: &Db) -> DbResult<Vec<Unit>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM units ORDER BY id"))
        .fetch_all(db.pool())
        .await?;
    let mut units = rows.into_iter().map(unit).collect::<DbResult<Vec<_>>>()?;
    units.sort_by(|a, b| a.depth.cmp(&b.depth).then_with(|| a.name.cmp(&b.name)));
    Ok(units)
}

/// The units in tree order (each unit followed by its children), for display.
pub fn tree_order(units: &[Unit]) -> Vec<&Unit> {
    fn walk<'a>(parent: Option<i64>, units: &'a [Unit], out: &mut Vec<&'a Unit>) {
        let mut children: Vec<&Unit> = units.iter().filter(|u| u.parent_id == parent).collect();
        children.sort_by(|a, b| a.org_id.cmp(&b.org_id).then_with(|| a.name.cmp(&b.name)));
        for c in children {
            out.push(c);
            walk(Some(c.id), units, out);
        }
    }
    let mut out = Vec::with_capacity(units.len());
    walk(None, units, &mut out);
    out
}

/// Whether an active unit under `parent` other than `except` uses `abbreviation`: notations
/// such as `345/ĐCKS-VP` must name one unit.
async fn abbreviation_taken(
    tx: &mut Tx,
    parent: i64,
    abbreviation: &str,
    except: Option<i64>,
) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM units WHERE parent_id = $1 AND abbreviation = $2
         AND status = 'active' AND ($3 IS NULL OR id <> $3)",
    )
    .bind(parent)
    .bind(abbreviation)
    .bind(except)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

const ABBREVIATION_TAKEN: &str = "another unit under the same parent uses this abbreviation";

async fn org_id_taken(tx: &mut Tx, org_id: &str, except: Option<i64>) -> DbResult<bool> {
    let n: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM units WHERE org_id = $1 AND ($2 IS NULL OR id <> $2)")
            .bind(org_id)
            .bind(except)
            .fetch_one(&mut **tx)
            .await?;
    Ok(n.0 > 0)
}

async fn record_history(
    tx: &mut Tx,
    ctx: &AuditCtx,
    unit_id: i64,
    change: &serde_json::Value,
) -> DbResult<()> {
    sqlx::query("INSERT INTO unit_history (unit_id, at, actor_id, change) VALUES ($1, $2, $3, $4)")
        .bind(unit_id)
        .bind(crate::now())
        .bind(ctx.actor_id)
        .bind(change.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn create(db: &Db, ctx: &AuditCtx, input: &NewUnit) -> DbResult<Unit> {
    let mut errors = FieldErrors::new();
    let org_id = errors.take("org_id", OrgId::parse(&input.org_id));
    let name = errors.take("name", parse_unit_name(&input.name));
    let abbreviation = errors.take("abbreviation", parse_abbreviation(&input.abbreviation));
    let kind = errors.take("kind", UnitKind::parse(&input.kind));
    let mut tx = db.write().await?;
    let parent = match input.parent_id {
        Some(pid) => match get_in(&mut tx, pid).await {
            Ok(p) => Some(p),
            Err(DbError::NotFound) => {
                errors.add("parent_id", "not_found", "no such unit");
                None
            }
            Err(e) => return Err(e),
        },
        None => {
            let roots: (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM units WHERE parent_id IS NULL")
                    .fetch_one(&mut *tx)
                    .await?;
            if roots.0 > 0 {
                errors.add(
                    "parent_id",
                    "required",
                    "the department exists: choose a parent unit",
                );
            }
            None
        }
    };
    if let Some(p) = &parent
        && let Err(e) = check_new_child(&p.path, p.status)
    {
        errors.0.push(lode_core::validation::FieldError {
            field: "parent_id".into(),
            ..e.into()
        });
    }
    if let Some(o) = &org_id
        && org_id_taken(&mut tx, o.as_str(), None).await?
    {
        errors.add(
            "org_id",
            "taken",
            "another unit already has this organisation id",
        );
    }
    if let (Some(p), Some(a)) = (&parent, &abbreviation)
        && abbreviation_taken(&mut tx, p.id, a, None).await?
    {
        errors.add("abbreviation", "abbreviation_taken", ABBREVIATION_TAKEN);
    }
    errors.clone().into_result()?;
    let (Some(org_id), Some(name), Some(abbreviation), Some(kind)) =
        (org_id, name, abbreviation, kind)
    else {
        return Err(errors.into());
    };
    let now = crate::now();
    // The path needs the new id: insert with a temporary path, then set it.
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO units (parent_id, path, org_id, name, abbreviation, kind, status, created_at)
         VALUES ($1, '/', $2, $3, $4, $5, 'active', $6) RETURNING id",
    )
    .bind(parent.as_ref().map(|p| p.id))
    .bind(org_id.as_str())
    .bind(&name)
    .bind(&abbreviation)
    .bind(kind.as_str())
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    let path = match &parent {
        Some(p) => p.path.child(id),
        None => UnitPath::root(id),
    };
    sqlx::query("UPDATE units SET path = $1 WHERE id = $2")
        .bind(path.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let detail = json!({
        "parent_id": parent.as_ref().map(|p| p.id), "org_id": org_id.as_str(), "name": name,
        "abbreviation": abbreviation, "kind": kind.as_str(),
    });
    record_history(&mut tx, ctx, id, &json!({"created": detail})).await?;
    audit::append(&mut tx, ctx, Event::new("unit.create", "unit", id, detail)).await?;
    let created = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(created)
}

/// A place as typed: empty for none (the body above's is written), else at most 60 characters.
fn parse_place(text: &str) -> Result<Option<String>, lode_core::validation::FieldError> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else if text.chars().count() > 60 {
        Err(lode_core::validation::invalid(
            "too_long",
            "a place of at most 60 characters",
        ))
    } else {
        Ok(Some(lode_core::validation::nfc(text).into_owned()))
    }
}

/// The place unit `id`'s documents write before their date: its own, or the nearest one above
/// it; none when no unit up to the department has one.
pub async fn place_of(db: &Db, id: i64) -> DbResult<Option<String>> {
    let unit = get(db, id).await?;
    if unit.place.is_some() {
        return Ok(unit.place);
    }
    match unit.parent_id {
        Some(parent) => Box::pin(place_of(db, parent)).await,
        None => Ok(None),
    }
}

fn check_version(unit: &Unit, expected: Option<i64>) -> DbResult<()> {
    match expected {
        Some(v) if v != unit.version => Err(DbError::Conflict(format!(
            "unit {} was changed by someone else (version {} is now {})",
            unit.id, v, unit.version
        ))),
        _ => Ok(()),
    }
}

/// Renames a unit, or changes its abbreviation, organisation id or kind.
pub async fn update(db: &Db, ctx: &AuditCtx, id: i64, change: &UnitChange) -> DbResult<Unit> {
    let mut errors = FieldErrors::new();
    let name = change
        .name
        .as_deref()
        .and_then(|n| errors.take("name", parse_unit_name(n)));
    let abbreviation = change
        .abbreviation
        .as_deref()
        .and_then(|a| errors.take("abbreviation", parse_abbreviation(a)));
    let org_id = change
        .org_id
        .as_deref()
        .and_then(|o| errors.take("org_id", OrgId::parse(o)));
    let kind = change
        .kind
        .as_deref()
        .and_then(|k| errors.take("kind", UnitKind::parse(k)));
    let place = change
        .place
        .as_deref()
        .and_then(|p| errors.take("place", parse_place(p)));
    let mut tx = db.write().await?;
    let before = get_in(&mut tx, id).await?;
    check_version(&before, change.version)?;
    if let Some(o) = &org_id
        && org_id_taken(&mut tx, o.as_str(), Some(id)).await?
    {
        errors.add(
            "org_id",
            "taken",
            "another unit already has this organisation id",
        );
    }
    if let (Some(p), Some(a)) = (before.parent_id, &abbreviation)
        && before.status == UnitStatus::Active
        && abbreviation_taken(&mut tx, p, a, Some(id)).await?
    {
        errors.add("abbreviation", "abbreviation_taken", ABBREVIATION_TAKEN);
    }
    errors.into_result()?;
    let mut diff = serde_json::Map::new();
    let mut note = |field: &str, old: &str, new: Option<&str>| {
        if let Some(n) = new
            && n != old
        {
            diff.insert(field.into(), json!([old, n]));
        }
    };
    note("name", &before.name, name.as_deref());
    note(
        "abbreviation",
        &before.abbreviation,
        abbreviation.as_deref(),
    );
    note("org_id", &before.org_id, org_id.as_ref().map(OrgId::as_str));
    note("kind", before.kind.as_str(), kind.map(UnitKind::as_str));
    let place = place.unwrap_or_else(|| before.place.clone());
    if place != before.place {
        diff.insert("place".into(), json!([before.place, place]));
    }
    if diff.is_empty() {
        return Ok(before);
    }
    sqlx::query(
        "UPDATE units SET name = $1, abbreviation = $2, org_id = $3, kind = $4, place = $5,
            version = version + 1
         WHERE id = $6",
    )
    .bind(name.as_deref().unwrap_or(&before.name))
    .bind(abbreviation.as_deref().unwrap_or(&before.abbreviation))
    .bind(
        org_id
            .as_ref()
            .map_or(before.org_id.as_str(), OrgId::as_str),
    )
    .bind(kind.unwrap_or(before.kind).as_str())
    .bind(&place)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let diff = serde_json::Value::Object(diff);
    record_history(&mut tx, ctx, id, &diff).await?;
    audit::append(&mut tx, ctx, Event::new("unit.update", "unit", id, diff)).await?;
    let after = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Moves a unit, with everything below it, under another parent.
pub async fn move_to(
    db: &Db,
    ctx: &AuditCtx,
    id: i64,
    new_parent_id: i64,
    version: Option<i64>,
) -> DbResult<Unit> {
    let mut tx = db.write().await?;
    let unit = get_in(&mut tx, id).await?;
    check_version(&unit, version)?;
    let parent = match get_in(&mut tx, new_parent_id).await {
        Err(DbError::NotFound) => {
            return Err(FieldErrors::single("parent_id", "not_found", "no such unit").into());
        }
        other => other?,
    };
    let Some(old_parent) = unit.parent_id else {
        return Err(FieldErrors::single(
            "parent_id",
            "root_fixed",
            "the department itself cannot move",
        )
        .into());
    };
    if old_parent == new_parent_id {
        return Ok(unit);
    }
    let (max_depth,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(LENGTH(path) - LENGTH(REPLACE(path, '/', ''))), 0) AS BIGINT)
         FROM units WHERE path LIKE $1",
    )
    .bind(format!("{}%", unit.path.as_str()))
    .fetch_one(&mut *tx)
    .await?;
    // A path of depth d has d + 1 slashes.
    let height = usize::try_from(max_depth - 1)
        .unwrap_or(0)
        .saturating_sub(unit.depth);
    check_move(&unit.path, height, &parent.path, parent.status).map_err(|e| {
        FieldErrors::from(lode_core::validation::FieldError {
            field: "parent_id".into(),
            ..e.into()
        })
    })?;
    if abbreviation_taken(&mut tx, new_parent_id, &unit.abbreviation, Some(id)).await? {
        return Err(
            FieldErrors::single("parent_id", "abbreviation_taken", ABBREVIATION_TAKEN).into(),
        );
    }
    let new_path = parent.path.child(id);
    // Rewrite the prefix of every path in the subtree.
    sqlx::query(
        "UPDATE units SET path = $1 || SUBSTR(path, CAST($2 AS INTEGER)) WHERE path LIKE $3",
    )
    .bind(new_path.as_str())
    .bind(i64::try_from(unit.path.as_str().len() + 1).unwrap_or(i64::MAX))
    .bind(format!("{}%", unit.path.as_str()))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE units SET parent_id = $1, version = version + 1 WHERE id = $2")
        .bind(new_parent_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let detail = json!({"parent_id": [old_parent, new_parent_id]});
    record_history(&mut tx, ctx, id, &detail).await?;
    audit::append(&mut tx, ctx, Event::new("unit.move", "unit", id, detail)).await?;
    let after = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Closes a unit. Refused while it has active units below it or active people in it: they must
/// move first, so no one is left in a unit that no longer works.
pub async fn close(db: &Db, ctx: &AuditCtx, id: i64, version: Option<i64>) -> DbResult<Unit> {
    let mut tx = db.write().await?;
    let unit = get_in(&mut tx, id).await?;
    check_version(&unit, version)?;
    if unit.status == UnitStatus::Closed {
        return Ok(unit);
    }
    let (children,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM units WHERE parent_id = $1 AND status = 'active'")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let (people,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE unit_id = $1 AND active = 1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    if children > 0 {
        return Err(DbError::Conflict(
            "the unit still has units under it: move or close them first".into(),
        ));
    }
    if people > 0 {
        return Err(DbError::Conflict(
            "the unit still has active people: move them to another unit first".into(),
        ));
    }
    if unit.parent_id.is_none() {
        return Err(DbError::Conflict(
            "the department itself cannot be closed".into(),
        ));
    }
    let now = crate::now();
    sqlx::query(
        "UPDATE units SET status = 'closed', closed_at = $1, version = version + 1 WHERE id = $2",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let detail = json!({"unit_status": ["active", "closed"]});
    record_history(&mut tx, ctx, id, &detail).await?;
    audit::append(&mut tx, ctx, Event::new("unit.close", "unit", id, detail)).await?;
    let after = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Reopens a closed unit whose parent is active.
pub async fn reopen(db: &Db, ctx: &AuditCtx, id: i64, version: Option<i64>) -> DbResult<Unit> {
    let mut tx = db.write().await?;
    let unit = get_in(&mut tx, id).await?;
    check_version(&unit, version)?;
    if unit.status == UnitStatus::Active {
        return Ok(unit);
    }
    if let Some(pid) = unit.parent_id
        && get_in(&mut tx, pid).await?.status == UnitStatus::Closed
    {
        return Err(DbError::Conflict(
            "the parent unit is closed: reopen it first".into(),
        ));
    }
    if let Some(pid) = unit.parent_id
        && abbreviation_taken(&mut tx, pid, &unit.abbreviation, Some(id)).await?
    {
        return Err(DbError::Conflict(format!(
            "{ABBREVIATION_TAKEN} ({}): rename one of them first",
            unit.abbreviation
        )));
    }
    sqlx::query(
        "UPDATE units SET status = 'active', closed_at = NULL, version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let detail = json!({"unit_status": ["closed", "active"]});
    record_history(&mut tx, ctx, id, &detail).await?;
    audit::append(&mut tx, ctx, Event::new("unit.reopen", "unit", id, detail)).await?;
    let after = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// One change in a unit's life.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub change: serde_json::Value,
}

pub async fn history(db: &Db, id: i64) -> DbResult<Vec<HistoryEntry>> {
    let rows: Vec<(String, Option<i64>, Option<String>, String)> = sqlx::query_as(
        "SELECT h.at, h.actor_id, a.full_name, h.change FROM unit_history h
         LEFT JOIN accounts a ON a.id = h.actor_id WHERE h.unit_id = $1 ORDER BY h.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor_id, actor_name, change)| HistoryEntry {
            at,
            actor_id,
            actor_name,
            change: serde_json::from_str(&change).unwrap_or(serde_json::Value::Null),
        })
        .collect())
}

/// The unit with this organisation id.
pub async fn by_org_id(db: &Db, org_id: &str) -> DbResult<Unit> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM units WHERE org_id = $1"))
            .bind(org_id.trim())
            .fetch_optional(db.pool())
            .await?;
    unit(row.ok_or(DbError::NotFound)?)
}

/// The image of the unit's seal, when one was uploaded.
pub async fn seal_image(db: &Db, unit_id: i64) -> DbResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT sha256 FROM unit_seals WHERE unit_id = $1")
        .bind(unit_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|r| r.0))
}

/// The units whose seal has an image: id and name, in the tree's order.
pub async fn sealed(db: &Db) -> DbResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name FROM unit_seals s JOIN units u ON u.id = s.unit_id ORDER BY u.path",
    )
    .fetch_all(db.pool())
    .await?)
}

/// Sets the image of the unit's seal (a file stored already).
pub async fn set_seal_image(db: &Db, ctx: &AuditCtx, unit_id: i64, sha256: &str) -> DbResult<()> {
    let mut tx = db.write().await?;
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE id = $1")
        .bind(unit_id)
        .fetch_optional(&mut *tx)
        .await?;
    if found.is_none() {
        return Err(DbError::NotFound);
    }
    sqlx::query(
        "INSERT INTO unit_seals (unit_id, sha256, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (unit_id) DO UPDATE SET sha256 = $2, updated_at = $3",
    )
    .bind(unit_id)
    .bind(sha256)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new(
            "unit.seal_image",
            "unit",
            unit_id,
            json!({"sha256": sha256}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The id of the organisation tree's root (the body that receives dossiers and seals papers).
pub async fn root_id(db: &Db) -> DbResult<i64> {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_one(db.pool())
            .await?;
    Ok(id)
}
