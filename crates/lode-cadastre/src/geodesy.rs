//! Coordinates, without I/O: the national system VN-2000 (Transverse Mercator zones of 3° or 6°
//! on the WGS84 ellipsoid, X the northing and Y the easting) and WGS84 longitude and latitude,
//! each way.
//!
//! - [`Projection`]: a VN-2000 plane, its central meridian and zone width; points projected
//!   and unprojected by Krüger's series to the sixth order in the third flattening (as Karney,
//!   "Transverse Mercator with an accuracy of a few nanometres", 2011), so that a point agrees
//!   with PROJ to well under a millimetre anywhere in a zone;
//! - [`vn2000_to_wgs84`] and [`wgs84_to_vn2000`]: the datum shift of Decision 05/2007/QĐ-BTNMT, a
//!   seven-parameter Helmert transformation between the two geocentric frames (coordinate-frame
//!   rotations, as the decision writes them; PROJ's `+towgs84` writes the same rotations with
//!   the opposite sign).

use lode_core::validation::FieldError;
use serde::{Deserialize, Serialize};

/// The WGS84 ellipsoid's semi-major axis (VN-2000 uses the same ellipsoid).
const A: f64 = 6_378_137.0;
/// Its flattening.
const F: f64 = 1.0 / 298.257_223_563;

/// The shift of Decision 05/2007/QĐ-BTNMT from VN-2000 to WGS84: translations in metres,
/// rotations in seconds of arc (coordinate-frame convention), scale in parts per million.
const SHIFT: [f64; 3] = [-191.904_414_29, -39.303_182_79, -111.450_328_35];
const ROTATION_ARCSEC: [f64; 3] = [-0.009_288_36, 0.019_754_79, -0.004_273_72];
const SCALE_PPM: f64 = 0.252_906_278;

/// The width of a VN-2000 zone: 3° (scale 0.9999 on the central meridian, for large-scale maps
/// and cadastre, the licences' own) or 6° (0.9996, as UTM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Zone {
    #[serde(rename = "3")]
    Three,
    #[serde(rename = "6")]
    Six,
}

impl Zone {
    pub fn scale(self) -> f64 {
        match self {
            Zone::Three => 0.9999,
            Zone::Six => 0.9996,
        }
    }

    pub fn degrees(self) -> u32 {
        match self {
            Zone::Three => 3,
            Zone::Six => 6,
        }
    }
}

/// A VN-2000 plane: the central meridian (degrees east) and the zone's width. False easting
/// 500,000 m, false northing 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Projection {
    pub meridian: f64,
    pub zone: Zone,
}

/// A point of a VN-2000 plane: `x` the northing, `y` the easting, in metres, as Vietnamese
/// surveyors write them (the reverse of most GIS software).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanePoint {
    pub x: f64,
    pub y: f64,
}

/// Longitude and latitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

/// The meridians of the provinces' TM-3 zones (Circular 973/2001/TT-TCĐC and later decisions):
/// 102°00′ to 108°30′ in quarter degrees, the ones Vietnam uses.
pub fn meridians() -> impl Iterator<Item = f64> {
    (0..=26).map(|q| 102.0 + f64::from(q) * 0.25)
}

/// The series of the projection, computed once for the ellipsoid.
struct Series {
    /// The rectifying radius.
    a_rect: f64,
    alpha: [f64; 6],
    beta: [f64; 6],
    /// The first eccentricity.
    e: f64,
}

fn series() -> &'static Series {
    static SERIES: std::sync::OnceLock<Series> = std::sync::OnceLock::new();
    SERIES.get_or_init(|| {
        let n = F / (2.0 - F);
        let (n2, n3, n4, n5, n6) = (n * n, n.powi(3), n.powi(4), n.powi(5), n.powi(6));
        Series {
            a_rect: A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0),
            alpha: [
                n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0 - 127.0 * n5 / 288.0
                    + 7891.0 * n6 / 37800.0,
                13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0 + 281.0 * n5 / 630.0
                    - 1_983_433.0 * n6 / 1_935_360.0,
                61.0 * n3 / 240.0 - 103.0 * n4 / 140.0
                    + 15061.0 * n5 / 26880.0
                    + 167_603.0 * n6 / 181_440.0,
                49561.0 * n4 / 161_280.0 - 179.0 * n5 / 168.0 + 6_601_661.0 * n6 / 7_257_600.0,
                34729.0 * n5 / 80640.0 - 3_418_889.0 * n6 / 1_995_840.0,
                212_378_941.0 * n6 / 319_334_400.0,
            ],
            beta: [
                n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0 - 81.0 * n5 / 512.0
                    + 96199.0 * n6 / 604_800.0,
                n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0 + 46.0 * n5 / 105.0
                    - 1_118_711.0 * n6 / 3_870_720.0,
                17.0 * n3 / 480.0 - 37.0 * n4 / 840.0 - 209.0 * n5 / 4480.0 + 5569.0 * n6 / 90720.0,
                4397.0 * n4 / 161_280.0 - 11.0 * n5 / 504.0 - 830_251.0 * n6 / 7_257_600.0,
                4583.0 * n5 / 161_280.0 - 108_847.0 * n6 / 3_991_680.0,
                20_648_693.0 * n6 / 638_668_800.0,
            ],
            e: (F * (2.0 - F)).sqrt(),
        }
    })
}

impl Projection {
    /// The point of the plane where `p` (longitude and latitude on the ellipsoid) falls.
    pub fn project(&self, p: LonLat) -> PlanePoint {
        let s = series();
        let (phi, lambda) = (p.lat.to_radians(), (p.lon - self.meridian).to_radians());
        // the tangent of the conformal latitude
        let sin_phi = phi.sin();
        let tau_c = (sin_phi.atanh() - s.e * (s.e * sin_phi).atanh()).sinh();
        let xi_p = tau_c.atan2(lambda.cos());
        let eta_p = (lambda.sin() / (1.0 + tau_c * tau_c).sqrt()).atanh();
        let (mut xi, mut eta) = (xi_p, eta_p);
        for (j, a) in s.alpha.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xi += a * (k * xi_p).sin() * (k * eta_p).cosh();
            eta += a * (k * xi_p).cos() * (k * eta_p).sinh();
        }
        let k0 = self.zone.scale();
        PlanePoint {
            x: k0 * s.a_rect * xi,
            y: 500_000.0 + k0 * s.a_rect * eta,
        }
    }

    /// The longitude and latitude on the ellipsoid of `p`, a point of the plane.
    pub fn unproject(&self, p: PlanePoint) -> LonLat {
        let s = series();
        let k0 = self.zone.scale();
        let xi = p.x / (k0 * s.a_rect);
        let eta = (p.y - 500_000.0) / (k0 * s.a_rect);
        let (mut xi_p, mut eta_p) = (xi, eta);
        for (j, b) in s.beta.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xi_p -= b * (k * xi).sin() * (k * eta).cosh();
            eta_p -= b * (k * xi).cos() * (k * eta).sinh();
        }
        let tau_p = xi_p.sin() / (eta_p.sinh().powi(2) + xi_p.cos().powi(2)).sqrt();
        let lambda = eta_p.sinh().atan2(xi_p.cos());
        // the latitude's tangent from the conformal one, by Newton's method
        let e2 = s.e * s.e;
        let mut tau = tau_p / (1.0 - e2);
        for _ in 0..8 {
            let sigma = (s.e * (s.e * tau / (1.0 + tau * tau).sqrt()).atanh()).sinh();
            let tau_c = tau * (1.0 + sigma * sigma).sqrt() - sigma * (1.0 + tau * tau).sqrt();
            let step = (tau_p - tau_c) * (1.0 + (1.0 - e2) * tau * tau)
                / ((1.0 - e2) * (1.0 + tau * tau).sqrt() * (1.0 + tau_c * tau_c).sqrt());
            tau += step;
            if step.abs() < 1e-15 {
                break;
            }
        }
        LonLat {
            lon: self.meridian + lambda.to_degrees(),
            lat: tau.atan().to_degrees(),
        }
    }
}

/// Geocentric coordinates (metres) of a point on the ellipsoid at height 0.
fn geocentric(p: LonLat) -> [f64; 3] {
    let e2 = F * (2.0 - F);
    let (phi, lambda) = (p.lat.to_radians(), p.lon.to_radians());
    let nu = A / (1.0 - e2 * phi.sin().powi(2)).sqrt();
    [
        nu * phi.cos() * lambda.cos(),
        nu * phi.cos() * lambda.sin(),
        nu * (1.0 - e2) * phi.sin(),
    ]
}

/// Longitude and latitude of geocentric coordinates (the height dropped).
fn geographic([x, y, z]: [f64; 3]) -> LonLat {
    let e2 = F * (2.0 - F);
    let p = x.hypot(y);
    let mut phi = z.atan2(p * (1.0 - e2));
    for _ in 0..10 {
        let nu = A / (1.0 - e2 * phi.sin().powi(2)).sqrt();
        let next = (z + e2 * nu * phi.sin()).atan2(p);
        let done = (next - phi).abs() < 1e-14;
        phi = next;
        if done {
            break;
        }
    }
    LonLat {
        lon: y.atan2(x).to_degrees(),
        lat: phi.to_degrees(),
    }
}

/// The rotation matrix of the shift (coordinate-frame convention, small angles) and its scale.
fn helmert() -> ([[f64; 3]; 3], f64) {
    let r = ROTATION_ARCSEC.map(|s| (s / 3600.0).to_radians());
    (
        [[1.0, r[2], -r[1]], [-r[2], 1.0, r[0]], [r[1], -r[0], 1.0]],
        1.0 + SCALE_PPM * 1e-6,
    )
}

/// A point of VN-2000 (geographic) in WGS84.
pub fn vn2000_to_wgs84(p: LonLat) -> LonLat {
    let v = geocentric(p);
    let (m, s) = helmert();
    let mut out = [0.0; 3];
    for (i, row) in m.iter().enumerate() {
        out[i] = SHIFT[i] + s * (row[0] * v[0] + row[1] * v[1] + row[2] * v[2]);
    }
    geographic(out)
}

/// A point of WGS84 in VN-2000 (geographic): the shift undone.
pub fn wgs84_to_vn2000(p: LonLat) -> LonLat {
    let v = geocentric(p);
    let (m, s) = helmert();
    let d = [v[0] - SHIFT[0], v[1] - SHIFT[1], v[2] - SHIFT[2]];
    let mut out = [0.0; 3];
    // the transpose undoes the rotation
    for (i, cell) in out.iter_mut().enumerate() {
        *cell = (m[0][i] * d[0] + m[1][i] * d[1] + m[2][i] * d[2]) / s;
    }
    geographic(out)
}

impl Projection {
    /// A point of this VN-2000 plane in WGS84.
    pub fn to_wgs84(&self, p: PlanePoint) -> LonLat {
        vn2000_to_wgs84(self.unproject(p))
    }

    /// A WGS84 point on this VN-2000 plane.
    pub fn from_wgs84(&self, p: LonLat) -> PlanePoint {
        self.project(wgs84_to_vn2000(p))
    }
}

/// A central meridian as Vietnamese maps name it: `105°45′`.
pub fn meridian_name(m: f64) -> String {
    let minutes = ((m - m.floor()) * 60.0).round();
    format!("{}°{:02}′", m.floor(), minutes)
}

/// Degrees as degrees, minutes and seconds: `105°45′12,3456″` (seconds to four decimals, a
/// decimal comma as Vietnamese writes it).
pub fn dms(degrees: f64) -> String {
    let sign = if degrees < 0.0 { "-" } else { "" };
    let total = (degrees.abs() * 3600.0 * 10_000.0).round() / 10_000.0;
    let d = (total / 3600.0).floor();
    let m = ((total - d * 3600.0) / 60.0).floor();
    let s = total - d * 3600.0 - m * 60.0;
    format!(
        "{sign}{d:.0}°{m:02.0}′{}″",
        format!("{s:07.4}").replace('.', ",")
    )
}

/// The central meridians 6° zones have (99°, 105°, 111°, 117°).
fn six_degree_meridian(m: f64) -> bool {
    [99.0, 105.0, 111.0, 117.0].contains(&m)
}

/// The plane asked for: a central meridian from 99° to 117° (a 6° zone's own), checked.
pub fn projection(meridian: f64, zone: Zone) -> Result<Projection, FieldError> {
    let bad = |code, message: &str| FieldError {
        field: "meridian".into(),
        code,
        message: message.into(),
    };
    if !meridian.is_finite() || !(99.0..=117.0).contains(&meridian) {
        return Err(bad(
            "meridian_range",
            "the central meridian lies between 99° and 117°",
        ));
    }
    if zone == Zone::Six && !six_degree_meridian(meridian) {
        return Err(bad(
            "six_degree_meridian",
            "a 6° zone's central meridian is 99°, 105°, 111° or 117°",
        ));
    }
    Ok(Projection { meridian, zone })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tm3(meridian: f64) -> Projection {
        Projection {
            meridian,
            zone: Zone::Three,
        }
    }

    #[test]
    fn a_point_goes_to_the_plane_and_back() {
        for meridian in meridians() {
            let proj = tm3(meridian);
            for (lon, lat) in [
                (meridian, 10.5),
                (meridian + 1.4, 21.0),
                (meridian - 1.4, 8.6),
                (meridian + 0.3, 23.3),
            ] {
                let p = LonLat { lon, lat };
                let back = proj.unproject(proj.project(p));
                assert!((back.lon - lon).abs() < 1e-10, "{meridian} {lon} {lat}");
                assert!((back.lat - lat).abs() < 1e-10, "{meridian} {lon} {lat}");
                // through WGS84 and back: each way starts on the ellipsoid (height 0), as PROJ's
                // pipeline does, so the way back starts tens of metres below the point the way
                // there ended at, along a normal the shift has tilted: a millimetre or two
                let there = proj.project(p);
                let back = proj.from_wgs84(proj.to_wgs84(there));
                assert!(
                    (back.x - there.x).abs() < 5e-3 && (back.y - there.y).abs() < 5e-3,
                    "{there:?} {back:?}"
                );
            }
        }
    }

    #[test]
    fn the_central_meridian_is_scaled_and_shifted_only() {
        let p = tm3(105.0).project(LonLat {
            lon: 105.0,
            lat: 0.0,
        });
        assert!(p.x.abs() < 1e-9 && (p.y - 500_000.0).abs() < 1e-9);
    }

    #[test]
    fn degrees_read_as_minutes_and_seconds() {
        assert_eq!(dms(105.75), "105°45′00,0000″");
        assert_eq!(dms(20.971_574_93), "20°58′17,6697″");
    }
}
