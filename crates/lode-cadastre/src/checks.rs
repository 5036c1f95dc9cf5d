//! An area checked against everything it may not take: licences in force, applications filed
//! before it and still waiting for a decision (first come, first served, by the exact instant
//! of filing), and zones where mining is banned or restricted. Candidates come from the
//! spatial index (the cells the area's box touches); each is carried onto the area's own
//! VN-2000 plane and the shared area measured there, in hectares. Slivers under 1 m² (corner
//! points rounded to the millimetre on two planes) are not overlaps.

use crate::geodesy::Projection;
use crate::index::{self, Layer};
use crate::licence::{Area, Kind};
use crate::register::{state_of, today};
use crate::spatial::{Bbox, corners_box, corners_to_wgs84, shared_m2};
use crate::zones::{self, Restriction};
use lode_db::{Conn, Db, DbResult};
use serde::{Deserialize, Serialize};

/// The least shared area that counts, square metres.
const SLIVER_M2: f64 = 1.0;

/// Where an area meets a licence in force.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Overlap {
    pub id: i64,
    pub number: String,
    pub kind: Kind,
    pub holder: String,
    pub minerals: Vec<String>,
    /// The area the two share, hectares.
    pub overlap_ha: f64,
}

/// Where an area meets an application filed before it and still pending.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EarlierApplication {
    pub id: i64,
    pub reference: String,
    pub kind: Kind,
    pub applicant: String,
    /// The instant it was filed, UTC.
    pub filed_at: String,
    pub overlap_ha: f64,
}

/// Where an area meets a zone in force.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ZoneOverlap {
    pub id: i64,
    pub name: String,
    pub layer: String,
    pub layer_name: String,
    pub layer_version: i64,
    pub restriction: Restriction,
    pub overlap_ha: f64,
}

/// What a check found: licences and zones largest overlap first, earlier applications in the
/// order they were filed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Findings {
    pub licences: Vec<Overlap>,
    pub applications: Vec<EarlierApplication>,
    pub zones: Vec<ZoneOverlap>,
}

impl Findings {
    /// Whether the area is free of everything checked.
    pub fn clear(&self) -> bool {
        self.licences.is_empty() && self.applications.is_empty() && self.zones.is_empty()
    }

    /// Whether the area lies in a zone where mining is banned.
    pub fn banned(&self) -> bool {
        self.zones
            .iter()
            .any(|z| z.restriction == Restriction::Banned)
    }
}

/// Which applications an area is checked against.
#[derive(Debug, Clone, Copy)]
pub enum Against<'a> {
    /// Every pending application (an area checked before anyone files it).
    AllPending,
    /// Those filed before this instant, and those filed at the same instant with a smaller
    /// id (filed first: filings are made one at a time); `id` is the application's own, or
    /// `i64::MAX` for one being filed.
    FiledBefore { instant: &'a str, id: i64 },
}

fn sorted<T>(mut v: Vec<T>, key: impl Fn(&T) -> f64) -> Vec<T> {
    v.sort_by(|a, b| key(b).total_cmp(&key(a)));
    v
}

lode_db::row! {
    /// A licence near an area, as read.
    struct CandidateRow {
        id: i64,
        number: String,
        kind: String,
        status: String,
        valid_until: String,
        min_lon: f64,
        min_lat: f64,
        max_lon: f64,
        max_lat: f64,
        state: String,
    }
}

/// The marks `$first, $first+1, …` for `n` values.
fn marks(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Checks `area` against licences in force today, the applications `against` names and the
/// zones in force, on a connection of its own.
pub async fn check(db: &Db, area: &Area, against: Against<'_>) -> DbResult<Findings> {
    let mut conn = db.read().await?;
    check_on(&mut conn, area, against).await
}

/// [`check`] on `conn` (a filing's transaction, which sees what it has written and what was
/// committed before it).
pub async fn check_on(conn: &mut Conn, area: &Area, against: Against<'_>) -> DbResult<Findings> {
    let proj = area.projection;
    let b = corners_box(proj, &area.corners);
    let carried = |s_proj: Projection, rings: &[Vec<crate::licence::Corner>]| -> f64 {
        shared_m2(&area.rings, proj, &corners_to_wgs84(s_proj, rings))
    };
    let mut found = Findings::default();

    let ids = index::near(&mut *conn, Layer::Licence, &b).await?;
    let today = today().to_string();
    for chunk in ids.chunks(300) {
        // by id alone: the rows' own columns decide in force and near, so that no engine is
        // tempted to scan the register by status instead of taking the few rows named
        let sql = format!(
            "SELECT id, number, kind, status, valid_until, min_lon, min_lat, max_lon, max_lat, state
             FROM cadastre_licences WHERE id IN ({})",
            marks(1, chunk.len())
        );
        let mut q = sqlx::query_as::<_, CandidateRow>(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut *conn).await? {
            let near = Bbox {
                min_lon: r.min_lon,
                min_lat: r.min_lat,
                max_lon: r.max_lon,
                max_lat: r.max_lat,
            };
            if r.status != "valid" || r.valid_until < today || !near.meets(&b) {
                continue;
            }
            let s = state_of(&r.state)?;
            let shared = carried(s.projection, &s.rings);
            if shared >= SLIVER_M2 {
                found.licences.push(Overlap {
                    id: r.id,
                    number: r.number,
                    kind: Kind::parse(&r.kind).unwrap_or(Kind::Mining),
                    holder: s.holder,
                    minerals: s.minerals,
                    overlap_ha: shared / 10_000.0,
                });
            }
        }
    }

    let ids = index::near(&mut *conn, Layer::Application, &b).await?;
    for chunk in ids.chunks(300) {
        let (instant, before) = match against {
            Against::AllPending => ("9999", i64::MAX),
            Against::FiledBefore { instant, id } => (instant, id),
        };
        let sql = format!(
            "SELECT id, reference, kind, applicant, filed_at, area FROM cadastre_applications
             WHERE status = 'pending' AND (filed_at < $1 OR (filed_at = $1 AND id < $2))
               AND id IN ({})",
            marks(3, chunk.len())
        );
        let mut q = sqlx::query_as::<_, (i64, String, String, String, String, String)>(&sql)
            .bind(instant)
            .bind(before);
        for id in chunk {
            q = q.bind(*id);
        }
        for (id, reference, kind, applicant, filed_at, stored) in q.fetch_all(&mut *conn).await? {
            let a: crate::spatial::StoredArea =
                serde_json::from_str(&stored).map_err(|e| lode_db::DbError::Other(e.into()))?;
            let shared = carried(a.projection, &a.rings);
            if shared >= SLIVER_M2 {
                found.applications.push(EarlierApplication {
                    id,
                    reference,
                    kind: Kind::parse(&kind).unwrap_or(Kind::Exploration),
                    applicant,
                    filed_at,
                    overlap_ha: shared / 10_000.0,
                });
            }
        }
    }

    let ids = index::near(&mut *conn, Layer::Zone, &b).await?;
    for z in zones::zones_in_force(&mut *conn, &ids).await? {
        let zb = Bbox::around(z.polygons.iter().flatten());
        if !zb.is_some_and(|zb| zb.meets(&b)) {
            continue;
        }
        let shared = shared_m2(&area.rings, proj, &z.polygons);
        if shared >= SLIVER_M2 {
            found.zones.push(ZoneOverlap {
                id: z.id,
                name: z.name,
                layer: z.layer.code,
                layer_name: z.layer.name,
                layer_version: z.layer.version,
                restriction: z.layer.restriction,
                overlap_ha: shared / 10_000.0,
            });
        }
    }
    found.licences = sorted(found.licences, |o| o.overlap_ha);
    found
        .applications
        .sort_by(|a, b| a.filed_at.cmp(&b.filed_at));
    found.zones = sorted(found.zones, |o| o.overlap_ha);
    Ok(found)
}
