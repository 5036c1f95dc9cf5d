//! Areas on the VN-2000 plane, without I/O: a licence's or an application's area as rings of
//! corner points, checked the way a cadastre officer checks them ([`Ring::new`]: enough
//! points, closed or not as written, no point twice in a row, no edge crossing another), its
//! size in hectares from the plane coordinates as licences state it ([`Ring::hectares`]), and
//! the overlap of two areas ([`overlap_m2`]).
//!
//! The overlap is measured without building the shape where two areas meet: by Green's
//! theorem, the area of A ∩ B is half the sum of `x dy − y dx` along its boundary, and that
//! boundary is made of the pieces of A's edges that lie inside B and of B's edges that lie
//! inside A. A boundary the two share counts once when both run the same way along it (the
//! areas lie on the same side) and not at all when they run opposite ways (neighbours).

use crate::geodesy::PlanePoint;

/// How close two coordinates must be to count as one, in metres: a micrometre, a thousandth of
/// the millimetre corner points are written to. Every test is made on coordinates taken from a
/// local origin (a corner of the area), so that rounding at millions of metres does not turn a
/// corner lying on an edge into one a hair off it.
const EPS: f64 = 1e-6;

/// A ring of corner points: at least three, closed implicitly (the last point joins the
/// first), counter-clockwise on the plane of X (north) and Y (east) as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Ring {
    points: Vec<PlanePoint>,
    /// Whether the points were written clockwise (as most licences list them).
    pub written_clockwise: bool,
}

/// What is wrong with a ring of corner points, at which point (from 1, as written).
#[derive(Debug, Clone, PartialEq)]
pub enum RingError {
    TooFewPoints,
    /// Point `n` repeats the point before it.
    Repeated(usize),
    /// The edge from point `a` crosses the edge from point `b`.
    Crossing(usize, usize),
    /// The points lie on one line: no area.
    NoArea,
}

impl RingError {
    pub fn code(&self) -> &'static str {
        match self {
            RingError::TooFewPoints => "ring_too_few_points",
            RingError::Repeated(_) => "ring_repeated_point",
            RingError::Crossing(..) => "ring_crossing",
            RingError::NoArea => "ring_no_area",
        }
    }

    pub fn message(&self) -> String {
        match self {
            RingError::TooFewPoints => "an area needs at least three corner points".into(),
            RingError::Repeated(n) => format!("point {n} repeats the point before it"),
            RingError::Crossing(a, b) => {
                format!("the edge from point {a} crosses the edge from point {b}")
            }
            RingError::NoArea => "the corner points lie on one line".into(),
        }
    }
}

/// Twice the signed area of `points` (positive counter-clockwise in the plane of x east, y
/// north; VN-2000's X is north, so the sign is taken with (Y, X)).
fn twice_signed_area(points: &[PlanePoint]) -> f64 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            a.y * b.x - b.y * a.x
        })
        .sum()
}

/// The cross product of (b − a) and (c − a) with east as the first axis, north the second.
fn cross(a: PlanePoint, b: PlanePoint, c: PlanePoint) -> f64 {
    (b.y - a.y) * (c.x - a.x) - (b.x - a.x) * (c.y - a.y)
}

fn minus(a: PlanePoint, o: PlanePoint) -> PlanePoint {
    PlanePoint {
        x: a.x - o.x,
        y: a.y - o.y,
    }
}

fn same(a: PlanePoint, b: PlanePoint) -> bool {
    (a.x - b.x).abs() <= EPS && (a.y - b.y).abs() <= EPS
}

/// Whether segments `a`–`b` and `c`–`d` meet (touching or crossing).
fn segments_meet(a: PlanePoint, b: PlanePoint, c: PlanePoint, d: PlanePoint) -> bool {
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    let on = |p: PlanePoint, q: PlanePoint, r: PlanePoint, side: f64| {
        side.abs() <= EPS * (q.x - p.x).abs().max((q.y - p.y).abs()).max(1.0)
            && r.x >= p.x.min(q.x) - EPS
            && r.x <= p.x.max(q.x) + EPS
            && r.y >= p.y.min(q.y) - EPS
            && r.y <= p.y.max(q.y) + EPS
    };
    on(c, d, a, d1) || on(c, d, b, d2) || on(a, b, c, d3) || on(a, b, d, d4)
}

impl Ring {
    /// A ring from corner points as written: the last point may repeat the first (closed) or
    /// not; no point may repeat the one before it; no edge may meet another except where
    /// neighbours share their corner.
    pub fn new(written: &[PlanePoint]) -> Result<Ring, RingError> {
        let mut points: Vec<PlanePoint> = written.to_vec();
        while points.len() > 3 && same(points[0], points[points.len() - 1]) {
            points.pop();
        }
        if points.len() < 3 {
            return Err(RingError::TooFewPoints);
        }
        for i in 1..points.len() {
            if same(points[i], points[i - 1]) {
                return Err(RingError::Repeated(i + 1));
            }
        }
        let origin = points[0];
        let local: Vec<PlanePoint> = points.iter().map(|p| minus(*p, origin)).collect();
        let n = local.len();
        for i in 0..n {
            for j in i + 1..n {
                // edges that share a corner meet there by design
                if j == i + 1 || (i == 0 && j == n - 1) {
                    continue;
                }
                let (a, b) = (local[i], local[(i + 1) % n]);
                let (c, d) = (local[j], local[(j + 1) % n]);
                if segments_meet(a, b, c, d) {
                    return Err(RingError::Crossing(i + 1, j + 1));
                }
            }
        }
        let twice = twice_signed_area(&local);
        if twice.abs() <= EPS {
            return Err(RingError::NoArea);
        }
        let written_clockwise = twice < 0.0;
        if written_clockwise {
            points.reverse();
        }
        Ok(Ring {
            points,
            written_clockwise,
        })
    }

    /// A ring from points another system has already drawn (a zone's boundary imported from
    /// GIS data): repeated points dropped, turned counter-clockwise, its edges not checked
    /// against each other (a boundary of thousands of points is taken as its source drew it).
    /// `None` when fewer than three distinct points or no area are left.
    pub fn drawn(drawn: &[PlanePoint]) -> Option<Ring> {
        let mut points: Vec<PlanePoint> = Vec::with_capacity(drawn.len());
        for p in drawn {
            if points.last().is_none_or(|q| !same(*q, *p)) {
                points.push(*p);
            }
        }
        while points.len() > 3 && same(points[0], points[points.len() - 1]) {
            points.pop();
        }
        if points.len() < 3 {
            return None;
        }
        let origin = points[0];
        let local: Vec<PlanePoint> = points.iter().map(|p| minus(*p, origin)).collect();
        let twice = twice_signed_area(&local);
        if twice.abs() <= EPS {
            return None;
        }
        let written_clockwise = twice < 0.0;
        if written_clockwise {
            points.reverse();
        }
        Some(Ring {
            points,
            written_clockwise,
        })
    }

    /// Its corner points, counter-clockwise.
    pub fn points(&self) -> &[PlanePoint] {
        &self.points
    }

    /// Its area on the plane, in square metres.
    pub fn square_metres(&self) -> f64 {
        let origin = self.points[0];
        let local: Vec<PlanePoint> = self.points.iter().map(|p| minus(*p, origin)).collect();
        twice_signed_area(&local) / 2.0
    }

    /// The same ring with `origin` taken as (0, 0).
    fn seen_from(&self, origin: PlanePoint) -> Ring {
        Ring {
            points: self.points.iter().map(|p| minus(*p, origin)).collect(),
            written_clockwise: self.written_clockwise,
        }
    }

    /// Its area on the plane, in hectares.
    pub fn hectares(&self) -> f64 {
        self.square_metres() / 10_000.0
    }

    /// Its bounding box: (min X, min Y, max X, max Y).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        self.points.iter().fold(
            (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |(a, b, c, d), p| (a.min(p.x), b.min(p.y), c.max(p.x), d.max(p.y)),
        )
    }

    /// Where `p` lies: inside (1), outside (−1), on an edge (0).
    fn locate(&self, p: PlanePoint) -> i8 {
        let n = self.points.len();
        let mut inside = false;
        for i in 0..n {
            let (a, b) = (self.points[i], self.points[(i + 1) % n]);
            if segments_meet(a, b, p, p) {
                return 0;
            }
            // a ray eastward from p
            if (a.x > p.x) != (b.x > p.x) {
                let y = a.y + (p.x - a.x) / (b.x - a.x) * (b.y - a.y);
                if y > p.y {
                    inside = !inside;
                }
            }
        }
        if inside { 1 } else { -1 }
    }

    /// The edge of this ring `p` lies on, if any: its direction.
    fn edge_direction_at(&self, p: PlanePoint) -> Option<(f64, f64)> {
        let n = self.points.len();
        (0..n).find_map(|i| {
            let (a, b) = (self.points[i], self.points[(i + 1) % n]);
            segments_meet(a, b, p, p).then(|| {
                let len = (b.x - a.x).hypot(b.y - a.y);
                ((b.x - a.x) / len, (b.y - a.y) / len)
            })
        })
    }
}

/// Where segment `a`–`b` is cut by the edges of `ring`: fractions along it, 0 and 1 included,
/// sorted.
fn cuts(a: PlanePoint, b: PlanePoint, ring: &Ring) -> Vec<f64> {
    let mut ts = vec![0.0, 1.0];
    let n = ring.points.len();
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return ts;
    }
    let along = |p: PlanePoint| ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
    for i in 0..n {
        let (c, d) = (ring.points[i], ring.points[(i + 1) % n]);
        // the other ring's corners that lie on this segment cut it, however their edges run
        if segments_meet(a, b, c, c) {
            ts.push(along(c).clamp(0.0, 1.0));
        }
        let (ex, ey) = (d.x - c.x, d.y - c.y);
        let denom = dx * ey - dy * ex;
        // edges not parallel (the test scaled to their lengths) cross where both are
        if denom.abs() > 1e-12 * len2.sqrt() * ex.hypot(ey) {
            let t = ((c.x - a.x) * ey - (c.y - a.y) * ex) / denom;
            let u = ((c.x - a.x) * dy - (c.y - a.y) * dx) / denom;
            if (0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u) {
                ts.push(t);
            }
        }
    }
    ts.sort_by(f64::total_cmp);
    ts.dedup_by(|x, y| (*x - *y).abs() < 1e-12);
    ts
}

/// Twice the signed area the pieces of `a`'s edges inside `b` add to the boundary of their
/// meeting; with `shared`, the pieces on `b`'s own edges running the same way count too.
fn boundary_inside(a: &Ring, b: &Ring, shared: bool) -> f64 {
    let n = a.points.len();
    let mut sum = 0.0;
    for i in 0..n {
        let (p, q) = (a.points[i], a.points[(i + 1) % n]);
        let ts = cuts(p, q, b);
        for w in ts.windows(2) {
            let at = |t: f64| PlanePoint {
                x: p.x + (q.x - p.x) * t,
                y: p.y + (q.y - p.y) * t,
            };
            let (s, e) = (at(w[0]), at(w[1]));
            let mid = at((w[0] + w[1]) / 2.0);
            let keep = match b.locate(mid) {
                1 => true,
                0 => {
                    shared
                        && b.edge_direction_at(mid).is_some_and(|(ux, uy)| {
                            let len = (e.x - s.x).hypot(e.y - s.y);
                            len > 0.0 && ((e.x - s.x) * ux + (e.y - s.y) * uy) / len > 0.0
                        })
                }
                _ => false,
            };
            if keep {
                sum += s.y * e.x - e.y * s.x;
            }
        }
    }
    sum
}

/// The area, in square metres, where two rings overlap (0 when they only touch).
pub fn overlap_m2(a: &Ring, b: &Ring) -> f64 {
    let (ax0, ay0, ax1, ay1) = a.bounds();
    let (bx0, by0, bx1, by1) = b.bounds();
    if ax1 <= bx0 || bx1 <= ax0 || ay1 <= by0 || by1 <= ay0 {
        return 0.0;
    }
    let origin = a.points[0];
    let (a, b) = (a.seen_from(origin), b.seen_from(origin));
    let twice = boundary_inside(&a, &b, true) + boundary_inside(&b, &a, false);
    (twice / 2.0).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> Ring {
        let pts: Vec<PlanePoint> = points.iter().map(|&(x, y)| PlanePoint { x, y }).collect();
        Ring::new(&pts).expect("a ring")
    }

    /// A square of `side` metres with its south-west corner at (x, y), written clockwise as
    /// licences list their corners (north-west, north-east, south-east, south-west).
    fn square(x: f64, y: f64, side: f64) -> Ring {
        ring(&[(x + side, y), (x + side, y + side), (x, y + side), (x, y)])
    }

    #[test]
    fn an_area_is_measured_in_hectares_whichever_way_it_is_written() {
        let r = square(2_320_000.0, 580_000.0, 100.0);
        assert!(r.written_clockwise);
        assert!((r.hectares() - 1.0).abs() < 1e-9);
        // the same corners counter-clockwise: the same area
        let back = Ring::new(r.points()).expect("a ring");
        assert!(!back.written_clockwise);
        assert!((back.hectares() - 1.0).abs() < 1e-9);
        // closed as written: the last point repeats the first
        let closed = ring(&[
            (2_320_000.0, 580_000.0),
            (2_320_000.0, 580_300.0),
            (2_320_200.0, 580_000.0),
            (2_320_000.0, 580_000.0),
        ]);
        assert!((closed.square_metres() - 30_000.0).abs() < 1e-6);
    }

    #[test]
    fn wrong_rings_are_named_by_their_points() {
        let p = |x: f64, y: f64| PlanePoint { x, y };
        assert_eq!(
            Ring::new(&[p(0.0, 0.0), p(0.0, 1.0)]),
            Err(RingError::TooFewPoints)
        );
        assert_eq!(
            Ring::new(&[p(0.0, 0.0), p(0.0, 0.0), p(1.0, 1.0), p(1.0, 0.0)]),
            Err(RingError::Repeated(2))
        );
        // a bow tie: the first edge crosses the third
        assert_eq!(
            Ring::new(&[p(0.0, 0.0), p(10.0, 10.0), p(10.0, 0.0), p(0.0, 10.0)]),
            Err(RingError::Crossing(1, 3))
        );
        assert_eq!(
            Ring::new(&[p(0.0, 0.0), p(5.0, 5.0), p(10.0, 10.0)]),
            Err(RingError::NoArea)
        );
    }

    #[test]
    fn overlaps_are_measured_where_areas_meet() {
        let a = square(0.0, 0.0, 100.0);
        // half inside
        assert!((overlap_m2(&a, &square(50.0, 0.0, 100.0)) - 5_000.0).abs() < 1e-6);
        // a corner
        assert!((overlap_m2(&a, &square(60.0, 70.0, 100.0)) - 40.0 * 30.0).abs() < 1e-6);
        // neighbours sharing an edge, or a corner, do not overlap
        assert!(overlap_m2(&a, &square(100.0, 0.0, 100.0)).abs() < 1e-6);
        assert!(overlap_m2(&a, &square(100.0, 100.0, 100.0)).abs() < 1e-6);
        // one inside the other, sharing two edges
        assert!((overlap_m2(&a, &square(0.0, 0.0, 40.0)) - 1_600.0).abs() < 1e-6);
        assert!((overlap_m2(&square(0.0, 0.0, 40.0), &a) - 1_600.0).abs() < 1e-6);
        // the same area twice
        assert!((overlap_m2(&a, &a) - 10_000.0).abs() < 1e-6);
        // far apart
        assert_eq!(overlap_m2(&a, &square(1_000.0, 0.0, 10.0)), 0.0);
        // an L-shaped area and a square across its notch
        let l = ring(&[
            (0.0, 0.0),
            (0.0, 100.0),
            (50.0, 100.0),
            (50.0, 50.0),
            (100.0, 50.0),
            (100.0, 0.0),
        ]);
        assert!((l.square_metres() - 7_500.0).abs() < 1e-6);
        assert!((overlap_m2(&l, &square(25.0, 25.0, 50.0)) - (2_500.0 - 625.0)).abs() < 1e-6);
    }

    #[test]
    fn neighbours_turned_off_the_axes_do_not_overlap() {
        // two 80 × 60 m areas at millions of metres, sharing half an edge: a corner of each
        // lies on the other's edge only to within rounding
        let a = ring(&[
            (2_320_571.888, 580_132.618),
            (2_320_580.398, 580_212.164),
            (2_320_520.738, 580_218.547),
            (2_320_512.228, 580_139.0),
        ]);
        let b = ring(&[
            (2_320_576.143, 580_172.391),
            (2_320_635.803, 580_166.009),
            (2_320_644.313, 580_245.555),
            (2_320_584.653, 580_251.937),
        ]);
        assert!(overlap_m2(&a, &b) < 0.01, "{}", overlap_m2(&a, &b));
        assert!(overlap_m2(&b, &a) < 0.01, "{}", overlap_m2(&b, &a));
        // turned areas each way, half over one another
        let (cos, sin) = (0.3f64.cos(), 0.3f64.sin());
        let turned = |dx: f64| {
            let corners = [(0.0, 0.0), (0.0, 80.0), (60.0, 80.0), (60.0, 0.0)];
            let pts: Vec<PlanePoint> = corners
                .iter()
                .map(|&(u, v)| {
                    let (u, v) = (u + dx, v);
                    PlanePoint {
                        x: 2_320_000.0 + u * cos - v * sin,
                        y: 580_000.0 + u * sin + v * cos,
                    }
                })
                .collect();
            Ring::new(&pts).expect("a ring")
        };
        assert!((overlap_m2(&turned(0.0), &turned(30.0)) - 30.0 * 80.0).abs() < 1e-3);
        assert!(overlap_m2(&turned(0.0), &turned(60.0)) < 0.01);
    }

    #[test]
    fn corners_on_one_line_make_no_area_at_millions_of_metres() {
        let p = |x: f64, y: f64| PlanePoint { x, y };
        assert_eq!(
            Ring::new(&[
                p(2_320_000.123, 580_000.456),
                p(2_320_050.123, 580_025.456),
                p(2_320_100.123, 580_050.456)
            ]),
            Err(RingError::NoArea)
        );
    }
}
