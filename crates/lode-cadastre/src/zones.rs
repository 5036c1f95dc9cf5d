//! Zones where mining is banned or restricted (protected areas, defence land, heritage, rivers'
//! corridors), in the store: layers imported by administrators from GeoJSON or Shapefile, each
//! import a new version of its layer that takes the place of the one before (kept, so that
//! what a check found can be traced to the version it read), every zone filed in the spatial
//! index while its version is in force.

use crate::index::{self, Layer};
use crate::spatial::{Bbox, Polygons, hectares};
use lode_core::authz::{Actor, Denied};
use lode_core::people::Role;
use lode_core::validation::FieldErrors;
use lode_db::audit::{Event as AuditEvent, append};
use lode_db::{AuditCtx, Conn, Db, DbError, DbResult, now};
use serde::{Deserialize, Serialize};

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// What a zone means for mining.
    Restriction {
        /// Mining banned (Law 54/2024/QH15, art. 26).
        Banned = "banned",
        /// Mining restricted for a time.
        Restricted = "restricted",
    }
}

/// A zone read from a file.
#[derive(Debug, Clone)]
pub struct ZoneFeature {
    pub name: String,
    pub polygons: Polygons,
}

/// A version of a layer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LayerVersion {
    pub id: i64,
    /// The layer's lasting name in the URL (`khu-bao-ton`).
    pub code: String,
    pub name: String,
    pub restriction: Restriction,
    pub version: i64,
    /// The file it was imported from.
    pub source: String,
    pub zones: i64,
    pub in_force: bool,
    pub imported_at: String,
}

/// A zone as stored.
#[derive(Debug, Clone)]
pub struct Zone {
    pub id: i64,
    pub layer: LayerVersion,
    pub name: String,
    pub polygons: Polygons,
    pub area_ha: f64,
}

/// What an import is asked to do.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ImportInput {
    pub code: String,
    pub name: String,
    pub restriction: String,
}

/// The most zones one layer holds.
pub const ZONES_MAX: usize = 5_000;

/// The most corners one zone has (every check near it carries them all onto its plane).
pub const CORNERS_MAX: usize = 20_000;

/// Whether `actor` manages the zone layers: administrators and licence officers.
pub fn manages_zones(actor: &Actor) -> bool {
    actor.has(Role::Administrator) || actor.has(Role::CadastreOfficer)
}

fn code_ok(c: &str) -> bool {
    (2..=40).contains(&c.len())
        && c.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !c.starts_with('-')
}

fn polygons_json(p: &Polygons) -> DbResult<String> {
    let v: Vec<Vec<[f64; 2]>> = p
        .iter()
        .map(|r| r.iter().map(|q| [q.lon, q.lat]).collect())
        .collect();
    serde_json::to_string(&v).map_err(|e| DbError::Other(e.into()))
}

/// Polygons as stored (`[[[lon, lat], …], …]`).
pub fn polygons_of(json: &str) -> DbResult<Polygons> {
    let v: Vec<Vec<[f64; 2]>> = serde_json::from_str(json).map_err(|e| DbError::Other(e.into()))?;
    Ok(v.into_iter()
        .map(|r| {
            r.into_iter()
                .map(|[lon, lat]| crate::geodesy::LonLat { lon, lat })
                .collect()
        })
        .collect())
}

/// Imports `zones` as the next version of layer `input.code` (a new layer when none has that
/// code): the version before goes out of force and out of the index, in one transaction.
pub async fn import(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    input: &ImportInput,
    source: &str,
    zones: &[ZoneFeature],
) -> DbResult<LayerVersion> {
    if !manages_zones(actor) {
        return Err(DbError::Denied(Denied::MissingRole));
    }
    let mut e = FieldErrors::new();
    let code = input.code.trim().to_lowercase();
    if !code_ok(&code) {
        e.add(
            "code",
            "invalid_layer_code",
            "2 to 40 lower-case letters without marks, digits and dashes",
        );
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        e.add(
            "name",
            "required",
            "the layer's name, at most 200 characters",
        );
    }
    let restriction = Restriction::parse(input.restriction.trim());
    if restriction.is_none() {
        e.add("restriction", "invalid_choice", "banned or restricted");
    }
    if zones.is_empty() {
        e.add("file", "no_zones", "the file holds no polygon");
    }
    if zones.len() > ZONES_MAX {
        e.add(
            "file",
            "too_many_zones",
            format!("at most {ZONES_MAX} zones"),
        );
    }
    let mut boxes = Vec::new();
    for z in zones {
        if !z.polygons.iter().flatten().all(|p| {
            p.lon.is_finite() && p.lat.is_finite() && p.lon.abs() <= 180.0 && p.lat.abs() <= 90.0
        }) {
            e.add(
                "file",
                "file_coordinates",
                format!("zone “{}” has coordinates outside ±180° and ±90°", z.name),
            );
            break;
        }
        let corners: usize = z.polygons.iter().map(Vec::len).sum();
        if corners > CORNERS_MAX {
            e.add(
                "file",
                "zone_too_detailed",
                format!(
                    "zone “{}” has more than {CORNERS_MAX} corners: simplify it",
                    z.name
                ),
            );
            break;
        }
        match Bbox::around(z.polygons.iter().flatten()) {
            Some(b) if b.cell_count() <= crate::spatial::CELLS_MAX => boxes.push(b),
            _ => {
                e.add(
                    "file",
                    "zone_too_large",
                    format!("zone “{}” is empty or more than ten degrees across", z.name),
                );
                break;
            }
        }
    }
    let (Some(restriction), true) = (restriction, e.is_empty()) else {
        return Err(DbError::Invalid(e));
    };
    let mut tx = db.write().await?;
    let (last,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(version) FROM cadastre_zone_layers WHERE code = $1")
            .bind(&code)
            .fetch_one(&mut *tx)
            .await?;
    let old: Vec<(i64,)> = sqlx::query_as(
        "SELECT z.id FROM cadastre_zones z JOIN cadastre_zone_layers l ON l.id = z.layer_id
         WHERE l.code = $1 AND l.in_force = 1",
    )
    .bind(&code)
    .fetch_all(&mut *tx)
    .await?;
    for (id,) in old {
        index::remove(&mut tx, Layer::Zone, id).await?;
    }
    sqlx::query("UPDATE cadastre_zone_layers SET in_force = 0 WHERE code = $1")
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    let version = last.unwrap_or(0) + 1;
    let at = now();
    let (layer_id,): (i64,) = sqlx::query_as(
        "INSERT INTO cadastre_zone_layers (code, name, restriction, version, source, zones,
            in_force, imported_at, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id",
    )
    .bind(&code)
    .bind(name)
    .bind(restriction.as_str())
    .bind(version)
    .bind(source)
    .bind(zones.len() as i64)
    .bind(&at)
    .bind(ctx.actor_id)
    .fetch_one(&mut *tx)
    .await?;
    for (z, b) in zones.iter().zip(&boxes) {
        let (zone_id,): (i64,) = sqlx::query_as(
            "INSERT INTO cadastre_zones (layer_id, name, geometry, area_ha, min_lon, min_lat,
                max_lon, max_lat)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(layer_id)
        .bind(z.name.chars().take(300).collect::<String>())
        .bind(polygons_json(&z.polygons)?)
        .bind(hectares(&z.polygons))
        .bind(b.min_lon)
        .bind(b.min_lat)
        .bind(b.max_lon)
        .bind(b.max_lat)
        .fetch_one(&mut *tx)
        .await?;
        index::put(&mut tx, Layer::Zone, zone_id, b).await?;
    }
    append(
        &mut tx,
        ctx,
        AuditEvent::new(
            "cadastre_zone_layer.import",
            "cadastre_zone_layer",
            layer_id,
            serde_json::json!({"code": code, "version": version, "zones": zones.len(), "source": source}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(LayerVersion {
        id: layer_id,
        code,
        name: name.to_string(),
        restriction,
        version,
        source: source.to_string(),
        zones: zones.len() as i64,
        in_force: true,
        imported_at: at,
    })
}

lode_db::row! {
    /// A layer version as read.
    struct LayerRow {
        id: i64,
        code: String,
        name: String,
        restriction: String,
        version: i64,
        source: String,
        zones: i64,
        in_force: i64,
        imported_at: String,
    }
}

impl LayerRow {
    fn version(self) -> LayerVersion {
        LayerVersion {
            id: self.id,
            code: self.code,
            name: self.name,
            restriction: Restriction::parse(&self.restriction).unwrap_or(Restriction::Banned),
            version: self.version,
            source: self.source,
            zones: self.zones,
            in_force: self.in_force == 1,
            imported_at: self.imported_at,
        }
    }
}

const LAYER_COLUMNS: &str =
    "l.id, l.code, l.name, l.restriction, l.version, l.source, l.zones, l.in_force, l.imported_at";

/// Every version of every layer, those in force first, then by code and latest version.
pub async fn layers(db: &Db) -> DbResult<Vec<LayerVersion>> {
    let rows: Vec<LayerRow> = sqlx::query_as(&format!(
        "SELECT {LAYER_COLUMNS} FROM cadastre_zone_layers l
         ORDER BY l.in_force DESC, l.code, l.version DESC"
    ))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(LayerRow::version).collect())
}

/// Zones `ids` (those in force only), with their layers.
pub async fn zones_in_force(conn: &mut Conn, ids: &[i64]) -> DbResult<Vec<Zone>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(200) {
        if chunk.is_empty() {
            continue;
        }
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {ZONE_COLUMNS}, {LAYER_COLUMNS}
             FROM cadastre_zones z JOIN cadastre_zone_layers l ON l.id = z.layer_id
             WHERE l.in_force = 1 AND z.id IN ({})",
            marks.join(",")
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut *conn).await? {
            out.push(zone_of(&r)?);
        }
    }
    Ok(out)
}

/// Every zone in force, optionally only those whose box meets `b`.
pub async fn all_in_force(db: &Db, b: Option<&Bbox>) -> DbResult<Vec<Zone>> {
    let b = b.unwrap_or(&Bbox::WORLD);
    let rows = sqlx::query(&format!(
        "SELECT {ZONE_COLUMNS}, {LAYER_COLUMNS}
         FROM cadastre_zones z JOIN cadastre_zone_layers l ON l.id = z.layer_id
         WHERE l.in_force = 1 AND z.max_lon >= $1 AND z.min_lon <= $2
           AND z.max_lat >= $3 AND z.min_lat <= $4
         ORDER BY l.code, z.id"
    ))
    .bind(b.min_lon)
    .bind(b.max_lon)
    .bind(b.min_lat)
    .bind(b.max_lat)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(zone_of).collect()
}

/// A zone's own columns, named apart from its layer's (both have an id and a name).
const ZONE_COLUMNS: &str = "z.id AS zone_id, z.name AS zone_name, z.geometry, z.area_ha";

lode_db::row! {
    /// A zone as read, beside its layer's columns.
    struct ZoneRow {
        zone_id: i64,
        zone_name: String,
        geometry: String,
        area_ha: f64,
    }
}

/// A zone and its layer, from a row of [`ZONE_COLUMNS`] and [`LAYER_COLUMNS`], read by name.
fn zone_of(r: &sqlx::any::AnyRow) -> DbResult<Zone> {
    use sqlx::FromRow as _;
    let z = ZoneRow::from_row(r)?;
    let layer = LayerRow::from_row(r)?;
    Ok(Zone {
        id: z.zone_id,
        name: z.zone_name,
        polygons: polygons_of(&z.geometry)?,
        area_ha: z.area_ha,
        layer: layer.version(),
    })
}
