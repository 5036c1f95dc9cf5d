//! Applications for a licence as the register sees them: the area each asks for, filed at an
//! exact instant, checked at once against licences in force, applications filed before it and
//! zones ([`crate::checks`]), and kept pending (in the spatial index, so that later
//! applications are checked against it) until a decision grants, refuses or withdraws it.
//!
//! The public services file them: a procedure's form may hold an area field, whose value
//! ([`AreaValue`]) is the plane and the corner points as the applicant typed them or as a file
//! gave them ([`crate::files`]).

use crate::checks::{self, Against, Findings};
use crate::index::{self, Layer};
use crate::licence::{Area, AreaInput, Kind};
pub use crate::spatial::StoredArea;
use lode_core::validation::FieldErrors;
use lode_db::{Db, DbError, DbResult, Tx, now};
use serde::{Deserialize, Serialize};

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// Where an application stands in the register.
    Standing {
        Pending = "pending",
        /// A decision was issued on it (the licence, or its refusal after appraisal).
        Decided = "decided",
        Refused = "refused",
        Withdrawn = "withdrawn",
    }
}

/// The value of a form's area field: the plane and the corner points, a point a line, the
/// polygons parted by a blank line. Kept in the application's form as JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AreaValue {
    /// The central meridian in degrees, as chosen (`105.75`).
    pub meridian: String,
    /// `3` or `6`.
    #[serde(default)]
    pub zone: String,
    pub points: String,
}

/// The most characters an area field holds (a few hundred corner points).
pub const AREA_VALUE_MAX: usize = 40_000;

impl AreaValue {
    /// The value kept in a form, or `None` when it is not one.
    pub fn from_value(value: &str) -> Option<AreaValue> {
        serde_json::from_str(value).ok()
    }

    /// As kept in a form.
    pub fn to_value(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Its polygons' texts, parted at blank lines.
    pub fn rings(&self) -> Vec<String> {
        let mut out = vec![String::new()];
        for line in self.points.lines() {
            if line.trim().is_empty() {
                if out.last().is_some_and(|r| !r.trim().is_empty()) {
                    out.push(String::new());
                }
            } else if let Some(r) = out.last_mut() {
                r.push_str(line);
                r.push('\n');
            }
        }
        out.retain(|r| !r.trim().is_empty());
        out
    }

    /// The area, or every error, all on `field` (a wrong line named by its polygon when there
    /// are several).
    pub fn read(&self, field: &str) -> Result<Area, FieldErrors> {
        let meridian = crate::points::number(&self.meridian).unwrap_or(f64::NAN);
        let rings = self.rings();
        let several = rings.len() > 1;
        let input = AreaInput {
            meridian,
            zone: Some(self.zone.clone()),
            rings,
            // an application asks for the area its corner points bound
            legal_area_ha: 1.0,
        };
        match input.parse() {
            Ok(mut a) => {
                a.legal_area_ha = a.area_ha;
                Ok(a)
            }
            Err(e) => {
                let mut out = FieldErrors::new();
                for mut x in e.0 {
                    if several && let Some(n) = x.field.strip_prefix("rings[") {
                        let n: usize = n.trim_end_matches(']').parse().unwrap_or(0);
                        x.message = format!("polygon {}, {}", n + 1, x.message);
                    }
                    x.field = field.to_string();
                    out.0.push(x);
                }
                Err(out)
            }
        }
    }
}

/// The advisory lock PostgreSQL filings take, one at a time (any number that no other part of
/// lode uses).
const FILING_LOCK: i64 = 0x6c6f_6465_6361_6401;

/// An application as filed with the register.
#[derive(Debug, Clone)]
pub struct Filing<'a> {
    /// The public-service application it comes from (none for an application entered in the
    /// register itself).
    pub application_id: Option<i64>,
    /// Its dossier code.
    pub reference: &'a str,
    pub kind: Kind,
    pub applicant: &'a str,
    pub minerals: &'a str,
    pub province: &'a str,
}

/// Files an application's area in `tx` at `instant` (the exact instant of filing): checked
/// first against what was filed before it, then kept pending and indexed. A dossier filed
/// again (completed after a request) keeps its first instant and is checked anew.
pub async fn file(
    tx: &mut Tx,
    db: &Db,
    filing: &Filing<'_>,
    area: &Area,
    instant: &str,
) -> DbResult<Findings> {
    let earlier: Option<(i64, String)> = match filing.application_id {
        Some(a) => {
            sqlx::query_as(
                "SELECT id, filed_at FROM cadastre_applications WHERE application_id = $1",
            )
            .bind(a)
            .fetch_optional(&mut **tx)
            .await?
        }
        None => None,
    };
    let filed_at = earlier
        .as_ref()
        .map_or_else(|| instant.to_string(), |(_, at)| at.clone());
    // first come, first served: filings one at a time, each checked in its own transaction
    // against everything filed before it (SQLite's writer lane already serialises them)
    if db.backend() == lode_db::Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(FILING_LOCK)
            .execute(&mut **tx)
            .await?;
    }
    let findings = checks::check_on(
        &mut *tx,
        area,
        Against::FiledBefore {
            instant: &filed_at,
            id: earlier.as_ref().map_or(i64::MAX, |(id, _)| *id),
        },
    )
    .await?;
    let stored =
        serde_json::to_string(&StoredArea::of(area)).map_err(|e| DbError::Other(e.into()))?;
    let found = serde_json::to_string(&findings).map_err(|e| DbError::Other(e.into()))?;
    let b = crate::spatial::corners_box(area.projection, &area.corners);
    let id = match earlier {
        Some((id, _)) => {
            sqlx::query(
                "UPDATE cadastre_applications SET kind = $1, applicant = $2, minerals = $3,
                    province = $4, status = 'pending', area = $5, area_ha = $6, min_lon = $7,
                    min_lat = $8, max_lon = $9, max_lat = $10, findings = $11, updated_at = $12
                 WHERE id = $13",
            )
            .bind(filing.kind.as_str())
            .bind(filing.applicant)
            .bind(filing.minerals)
            .bind(filing.province)
            .bind(&stored)
            .bind(area.area_ha)
            .bind(b.min_lon)
            .bind(b.min_lat)
            .bind(b.max_lon)
            .bind(b.max_lat)
            .bind(&found)
            .bind(now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
            id
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO cadastre_applications (reference, application_id, kind, applicant,
                    minerals, province, filed_at, status, area, area_ha, min_lon, min_lat,
                    max_lon, max_lat, findings, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10, $11, $12, $13, $14,
                    $15)
                 RETURNING id",
            )
            .bind(filing.reference)
            .bind(filing.application_id)
            .bind(filing.kind.as_str())
            .bind(filing.applicant)
            .bind(filing.minerals)
            .bind(filing.province)
            .bind(&filed_at)
            .bind(&stored)
            .bind(area.area_ha)
            .bind(b.min_lon)
            .bind(b.min_lat)
            .bind(b.max_lon)
            .bind(b.max_lat)
            .bind(&found)
            .bind(now())
            .fetch_one(&mut **tx)
            .await?;
            id
        }
    };
    index::put(tx, Layer::Application, id, &b).await?;
    Ok(findings)
}

/// Ends application `application_id`'s wait in the register: decided, refused or withdrawn,
/// out of the index (a licence granted on it enters the register on its own).
pub async fn decide(tx: &mut Tx, application_id: i64, standing: Standing) -> DbResult<()> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM cadastre_applications WHERE application_id = $1")
            .bind(application_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((id,)) = row else {
        return Ok(());
    };
    sqlx::query("UPDATE cadastre_applications SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(standing.as_str())
        .bind(now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if standing != Standing::Pending {
        index::remove(tx, Layer::Application, id).await?;
    }
    Ok(())
}

/// An application in the register.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Filed {
    pub id: i64,
    pub reference: String,
    pub application_id: Option<i64>,
    pub kind: Kind,
    pub applicant: String,
    pub minerals: String,
    pub province: String,
    pub filed_at: String,
    pub standing: Standing,
    pub area: StoredArea,
    pub area_ha: f64,
    /// What the check found when it was filed.
    pub findings: Findings,
}

lode_db::row! {
    /// An application row as read.
    struct FiledRow {
        id: i64,
        reference: String,
        application_id: Option<i64>,
        kind: String,
        applicant: String,
        minerals: String,
        province: String,
        filed_at: String,
        status: String,
        area: String,
        area_ha: f64,
        findings: String,
    }
}

const COLUMNS: &str = "id, reference, application_id, kind, applicant, minerals, province, \
    filed_at, status, area, area_ha, findings";

fn filed(r: FiledRow) -> DbResult<Filed> {
    Ok(Filed {
        id: r.id,
        reference: r.reference,
        application_id: r.application_id,
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Exploration),
        applicant: r.applicant,
        minerals: r.minerals,
        province: r.province,
        filed_at: r.filed_at,
        standing: Standing::parse(&r.status).unwrap_or(Standing::Pending),
        area: serde_json::from_str(&r.area).map_err(|e| DbError::Other(e.into()))?,
        area_ha: r.area_ha,
        findings: serde_json::from_str(&r.findings).map_err(|e| DbError::Other(e.into()))?,
    })
}

/// The register's record of public-service application `application_id`, if it asked for an
/// area.
pub async fn of_application(db: &Db, application_id: i64) -> DbResult<Option<Filed>> {
    let r: Option<FiledRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cadastre_applications WHERE application_id = $1"
    ))
    .bind(application_id)
    .fetch_optional(db.pool())
    .await?;
    r.map(filed).transpose()
}

/// Applications still pending, in the order they entered the register (by id), optionally
/// only those whose box meets `b`.
pub async fn pending(db: &Db, b: Option<&crate::spatial::Bbox>) -> DbResult<Vec<Filed>> {
    let b = b.unwrap_or(&crate::spatial::Bbox::WORLD);
    let rows: Vec<FiledRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cadastre_applications
         WHERE status = 'pending' AND max_lon >= $1 AND min_lon <= $2 AND max_lat >= $3
           AND min_lat <= $4
         ORDER BY id"
    ))
    .bind(b.min_lon)
    .bind(b.max_lon)
    .bind(b.min_lat)
    .bind(b.max_lat)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(filed).collect()
}

/// Application `id` of the register.
pub async fn get(db: &Db, id: i64) -> DbResult<Filed> {
    let r: FiledRow = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cadastre_applications WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(DbError::NotFound)?;
    filed(r)
}
