//! Where areas lie on the map, without I/O: boxes in WGS84, the grid of cells the register's
//! spatial index files areas under, polygons drawn in longitude and latitude (zones, maps),
//! and how much of an area on a VN-2000 plane such polygons cover.
//!
//! The index is a grid of 0.05° (about 5.5 km) cells: an area is filed under every cell its
//! box touches, and a check reads the areas filed under the cells of its own box, a few dozen
//! out of a hundred thousand. The cell of a point is `row × 10,000 + column`, the row counted
//! from the south pole and the column from the antimeridian, the same arithmetic as the
//! migration that filed the licences entered before the index existed.

use crate::area::{Ring, overlap_m2};
use crate::geodesy::{LonLat, PlanePoint, Projection, Zone};
use serde::{Deserialize, Serialize};

/// The side of a cell, degrees.
pub const CELL_DEG: f64 = 0.05;

/// Columns per row of cells: more than 360° / 0.05°.
const COLUMNS: i64 = 10_000;

/// The most cells one area is filed under (a box of 10° by 10°): larger is not a zone but
/// a country.
pub const CELLS_MAX: i64 = 40_000;

/// A box in WGS84, degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Bbox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl Bbox {
    /// The box of `points` (none when there are none).
    pub fn around<'a>(points: impl IntoIterator<Item = &'a LonLat>) -> Option<Bbox> {
        let mut b: Option<Bbox> = None;
        for p in points {
            b = Some(match b {
                None => Bbox {
                    min_lon: p.lon,
                    min_lat: p.lat,
                    max_lon: p.lon,
                    max_lat: p.lat,
                },
                Some(b) => Bbox {
                    min_lon: b.min_lon.min(p.lon),
                    min_lat: b.min_lat.min(p.lat),
                    max_lon: b.max_lon.max(p.lon),
                    max_lat: b.max_lat.max(p.lat),
                },
            });
        }
        b
    }

    /// Whether the two boxes meet (touching counts).
    pub fn meets(&self, o: &Bbox) -> bool {
        self.min_lon <= o.max_lon
            && o.min_lon <= self.max_lon
            && self.min_lat <= o.max_lat
            && o.min_lat <= self.max_lat
    }

    fn row(lat: f64) -> i64 {
        // positive after the shift, so truncation is the floor (as SQL's CAST); a latitude
        // past a pole is taken at the pole
        ((lat.clamp(-90.0, 90.0) + 90.0) / CELL_DEG) as i64
    }

    fn column(lon: f64) -> i64 {
        ((lon.clamp(-180.0, 180.0) + 180.0) / CELL_DEG) as i64
    }

    /// The rows of cells the box touches, each as the first and last cell of its run.
    pub fn cell_runs(&self) -> Vec<(i64, i64)> {
        let (c0, c1) = (Self::column(self.min_lon), Self::column(self.max_lon));
        (Self::row(self.min_lat)..=Self::row(self.max_lat))
            .map(|r| (r * COLUMNS + c0, r * COLUMNS + c1))
            .collect()
    }

    /// How many cells the box touches.
    pub fn cell_count(&self) -> i64 {
        let rows = Self::row(self.max_lat) - Self::row(self.min_lat) + 1;
        let columns = Self::column(self.max_lon) - Self::column(self.min_lon) + 1;
        rows * columns
    }

    /// Every cell the box touches.
    pub fn cells(&self) -> Vec<i64> {
        self.cell_runs()
            .into_iter()
            .flat_map(|(a, b)| a..=b)
            .collect()
    }
}

impl Bbox {
    /// The whole world.
    pub const WORLD: Bbox = Bbox {
        min_lon: -180.0,
        min_lat: -90.0,
        max_lon: 180.0,
        max_lat: 90.0,
    };
}

/// Polygons in WGS84: each its outer boundary as a ring of points (holes are not kept: a
/// zone with a hole in it bans the hole too, the cautious reading).
pub type Polygons = Vec<Vec<LonLat>>;

/// The area of `polygons`, hectares, measured on a Transverse Mercator plane through their
/// middle (within a few parts in ten thousand for a zone a degree wide).
pub fn hectares(polygons: &Polygons) -> f64 {
    let Some(b) = Bbox::around(polygons.iter().flatten()) else {
        return 0.0;
    };
    let plane = Projection {
        meridian: (b.min_lon + b.max_lon) / 2.0,
        zone: Zone::Three,
    };
    carried(polygons, plane)
        .iter()
        .map(Ring::square_metres)
        .sum::<f64>()
        / 10_000.0
}

/// `polygons` carried onto `plane`, each as a ring (those with no area left out).
pub fn carried(polygons: &Polygons, plane: Projection) -> Vec<Ring> {
    polygons
        .iter()
        .filter_map(|ring| {
            let points: Vec<PlanePoint> = ring.iter().map(|p| plane.from_wgs84(*p)).collect();
            Ring::drawn(&points)
        })
        .collect()
}

/// The area `ours` (rings on `plane`) shares with `polygons`, square metres.
pub fn shared_m2(ours: &[Ring], plane: Projection, polygons: &Polygons) -> f64 {
    carried(polygons, plane)
        .iter()
        .map(|theirs| ours.iter().map(|r| overlap_m2(r, theirs)).sum::<f64>())
        .sum()
}

/// An area's corner points on `plane`, as WGS84 polygons (for checks, maps and exports).
pub fn corners_to_wgs84(plane: Projection, rings: &[Vec<crate::licence::Corner>]) -> Polygons {
    rings
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| plane.to_wgs84(PlanePoint { x: c.x, y: c.y }))
                .collect()
        })
        .collect()
}

/// The WGS84 box of an area's corner points on `plane` (a point at 0, 0 when there are none).
pub fn corners_box(plane: Projection, rings: &[Vec<crate::licence::Corner>]) -> Bbox {
    let polygons = corners_to_wgs84(plane, rings);
    Bbox::around(polygons.iter().flatten()).unwrap_or(Bbox {
        min_lon: 0.0,
        min_lat: 0.0,
        max_lon: 0.0,
        max_lat: 0.0,
    })
}

/// Polygons as GeoJSON geometry: a MultiPolygon, each ring closed, counter-clockwise as RFC
/// 7946 asks, coordinates to the tenth of a microdegree (about a centimetre).
pub fn geojson(polygons: &Polygons) -> serde_json::Value {
    let round = |v: f64| (v * 1e7).round() / 1e7;
    let rings: Vec<serde_json::Value> = polygons
        .iter()
        .filter(|r| r.len() >= 3)
        .map(|r| {
            let pts = closed(r, true);
            serde_json::json!([pts
                .iter()
                .map(|p| serde_json::json!([round(p.lon), round(p.lat)]))
                .collect::<Vec<_>>()])
        })
        .collect();
    serde_json::json!({"type": "MultiPolygon", "coordinates": rings})
}

/// `ring` closed (its first point again at its end, once) and turned counter-clockwise
/// (`counter`, as GeoJSON and KML draw an outer boundary) or clockwise (as a Shapefile does).
pub fn closed(ring: &[LonLat], counter: bool) -> Vec<LonLat> {
    let mut pts = ring.to_vec();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    if (signed_area_deg(&pts) > 0.0) != counter {
        pts.reverse();
    }
    if let Some(first) = pts.first().copied() {
        pts.push(first);
    }
    pts
}

/// Twice the signed area of a ring in degrees (positive counter-clockwise, east then north).
pub fn signed_area_deg(ring: &[LonLat]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.lon * b.lat - b.lon * a.lat
        })
        .sum()
}

/// An area as kept: its plane and its corner points as written.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredArea {
    pub projection: Projection,
    pub rings: Vec<Vec<crate::licence::Corner>>,
}

impl StoredArea {
    pub fn of(area: &crate::licence::Area) -> StoredArea {
        StoredArea {
            projection: area.projection,
            rings: area.corners.clone(),
        }
    }

    /// Its polygons in WGS84.
    pub fn polygons(&self) -> Polygons {
        corners_to_wgs84(self.projection, &self.rings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_filed_under_the_cells_it_touches() {
        let b = Bbox {
            min_lon: 105.01,
            min_lat: 21.01,
            max_lon: 105.06,
            max_lat: 21.02,
        };
        assert_eq!(b.cell_count(), 2);
        let cells = b.cells();
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[1] - cells[0], 1);
        let row = ((21.01 + 90.0) / 0.05) as i64;
        assert_eq!(cells[0] / COLUMNS, row);
    }

    #[test]
    fn a_square_kilometre_in_degrees_is_a_hundred_hectares() {
        // about 1 km × 1 km at 21° N
        let dlat = 1000.0 / 110_700.0;
        let dlon = 1000.0 / (111_320.0 * 21f64.to_radians().cos());
        let sq = vec![vec![
            LonLat {
                lon: 105.0,
                lat: 21.0,
            },
            LonLat {
                lon: 105.0 + dlon,
                lat: 21.0,
            },
            LonLat {
                lon: 105.0 + dlon,
                lat: 21.0 + dlat,
            },
            LonLat {
                lon: 105.0,
                lat: 21.0 + dlat,
            },
        ]];
        let ha = hectares(&sq);
        assert!((ha - 100.0).abs() < 0.6, "{ha}");
        let g = geojson(&sq);
        assert_eq!(g["coordinates"][0][0].as_array().map(Vec::len), Some(5));
    }
}
