//! lode's conversions against PROJ's (`cct` from Debian's `proj-bin`, running the pipeline PROJ
//! itself chooses for "VN-2000 / TM-3 … to WGS 84 (2)", with the meridian and the zone's scale
//! changed): on points all over Vietnam, for every central meridian of the provinces' 3° zones
//! and the 6° zones, within 1 mm on the plane and 1e-8° in longitude and latitude, each way.

use lode_cadastre::geodesy::{LonLat, PlanePoint, Projection, Zone, meridians};
use std::io::Write;
use std::process::{Command, Stdio};

/// PROJ's pipeline from a VN-2000 plane to WGS84 longitude and latitude (degrees).
fn pipeline(p: &Projection) -> Vec<String> {
    format!(
        "+proj=pipeline +step +inv +proj=tmerc +lat_0=0 +lon_0={} +k={} +x_0=500000 +y_0=0 \
         +ellps=WGS84 +step +proj=push +v_3 +step +proj=cart +ellps=WGS84 \
         +step +proj=helmert +x=-191.90441429 +y=-39.30318279 +z=-111.45032835 \
         +rx=-0.00928836 +ry=0.01975479 +rz=-0.00427372 +s=0.252906278 \
         +convention=coordinate_frame +step +inv +proj=cart +ellps=WGS84 +step +proj=pop +v_3 \
         +step +proj=unitconvert +xy_in=rad +xy_out=deg",
        p.meridian,
        p.zone.scale()
    )
    .split_whitespace()
    .map(str::to_string)
    .collect()
}

/// Runs `cct` (inverse with `-I`) over `input` pairs: its output pairs.
fn cct(p: &Projection, inverse: bool, input: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut args = vec!["-d".to_string(), "10".to_string()];
    if inverse {
        args.push("-I".into());
    }
    args.extend(pipeline(p));
    let text: String = input
        .iter()
        .map(|(a, b)| format!("{a:.10} {b:.10} 0 0\n"))
        .collect();
    run("cct", &args, &text)
}

/// Runs PROJ's `tool` with `args` on `text` (its standard input): the first two numbers of
/// each line it writes.
fn run(tool: &str, args: &[String], text: &str) -> Vec<(f64, f64)> {
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{tool} runs (Debian proj-bin): {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("the tool ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    pairs(&out.stdout)
}

/// The first two numbers of each line a PROJ tool wrote.
fn pairs(stdout: &[u8]) -> Vec<(f64, f64)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .take(2)
                .map(|n| n.parse().expect("a number"))
                .collect();
            (v[0], v[1])
        })
        .collect()
}

/// Points over the zone of `p` and over Vietnam's latitudes.
fn points_over(p: &Projection) -> Vec<LonLat> {
    let half = f64::from(p.zone.degrees()) / 2.0 - 0.05;
    let mut out = Vec::new();
    for i in 0..=10 {
        for j in 0..=6 {
            out.push(LonLat {
                lon: p.meridian - half + 2.0 * half * f64::from(j) / 6.0,
                lat: 8.4 + 15.0 * f64::from(i) / 10.0,
            });
        }
    }
    out
}

fn every_plane() -> Vec<Projection> {
    let mut all: Vec<Projection> = meridians()
        .map(|meridian| Projection {
            meridian,
            zone: Zone::Three,
        })
        .collect();
    for meridian in [99.0, 105.0, 111.0, 117.0] {
        all.push(Projection {
            meridian,
            zone: Zone::Six,
        });
    }
    all
}

#[test]
fn conversions_agree_with_proj_everywhere_in_vietnam() {
    let (mut worst_plane, mut worst_degrees, mut compared) = (0.0f64, 0.0f64, 0);
    for p in every_plane() {
        let wgs84 = points_over(&p);
        // WGS84 to the plane: lode against PROJ's inverse pipeline
        let theirs = cct(
            &p,
            true,
            &wgs84.iter().map(|g| (g.lon, g.lat)).collect::<Vec<_>>(),
        );
        for (g, (e, n)) in wgs84.iter().zip(&theirs) {
            let ours = p.from_wgs84(*g);
            let off = (ours.x - n).abs().max((ours.y - e).abs());
            worst_plane = worst_plane.max(off);
            assert!(off < 0.001, "{p:?} {g:?}: lode {ours:?}, PROJ E {e} N {n}");
        }
        // the plane to WGS84: PROJ's points back through lode
        let planes: Vec<PlanePoint> = theirs
            .iter()
            .map(|(e, n)| PlanePoint { x: *n, y: *e })
            .collect();
        let back = cct(&p, false, &theirs);
        for (pp, (lon, lat)) in planes.iter().zip(&back) {
            let ours = p.to_wgs84(*pp);
            let off = (ours.lon - lon).abs().max((ours.lat - lat).abs());
            worst_degrees = worst_degrees.max(off);
            assert!(off < 1e-8, "{p:?} {pp:?}: lode {ours:?}, PROJ {lon} {lat}");
            compared += 1;
        }
    }
    println!(
        "{compared} points: at most {:.6} mm apart on the plane, {:.2e}° in longitude and latitude",
        worst_plane * 1000.0,
        worst_degrees
    );
}

#[test]
fn the_documented_point_converts_as_proj_says() {
    // E 580000, N 2320000 on 105°45′ (EPSG:9210) is 106.52124909°E, 20.97157493°N
    let p = Projection {
        meridian: 105.75,
        zone: Zone::Three,
    };
    let g = p.to_wgs84(PlanePoint {
        x: 2_320_000.0,
        y: 580_000.0,
    });
    assert!((g.lon - 106.521_249_09).abs() < 5e-9, "{g:?}");
    assert!((g.lat - 20.971_574_93).abs() < 5e-9, "{g:?}");
}

/// `cs2cs` from plane `p` to WGS84 longitude and latitude (PROJ's own `+towgs84`, which
/// writes the Decision's rotations with the opposite sign): its answers for `input`
/// (easting, northing).
fn cs2cs(p: &Projection, input: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let from = format!(
        "+proj=tmerc +lat_0=0 +lon_0={} +k={} +x_0=500000 +y_0=0 +ellps=WGS84 \
         +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 \
         +units=m +no_defs",
        p.meridian,
        p.zone.scale()
    );
    let mut args: Vec<String> = vec!["-f".into(), "%.10f".into()];
    args.extend(from.split_whitespace().map(str::to_string));
    args.push("+to".into());
    args.extend(
        "+proj=longlat +datum=WGS84 +no_defs"
            .split_whitespace()
            .map(str::to_string),
    );
    let text: String = input
        .iter()
        .map(|(e, n)| format!("{e:.4} {n:.4}\n"))
        .collect();
    run("cs2cs", &args, &text)
}

#[test]
fn conversions_agree_with_cs2cs_on_every_plane() {
    let mut worst = 0.0f64;
    for p in every_plane() {
        let planes: Vec<PlanePoint> = points_over(&p).iter().map(|g| p.from_wgs84(*g)).collect();
        let theirs = cs2cs(&p, &planes.iter().map(|q| (q.y, q.x)).collect::<Vec<_>>());
        assert_eq!(theirs.len(), planes.len());
        for (q, (lon, lat)) in planes.iter().zip(&theirs) {
            // the plane points as cs2cs read them, to the tenth of a millimetre
            let q = PlanePoint {
                x: (q.x * 1e4).round() / 1e4,
                y: (q.y * 1e4).round() / 1e4,
            };
            let ours = p.to_wgs84(q);
            let off = (ours.lon - lon).abs().max((ours.lat - lat).abs());
            worst = worst.max(off);
            assert!(off < 1e-8, "{p:?} {q:?}: lode {ours:?}, cs2cs {lon} {lat}");
        }
    }
    println!("at most {worst:.2e}° from cs2cs");
}
