//! Areas in the files GIS and CAD software write, without I/O: read from an upload (CSV of
//! corner points, GeoJSON, KML, DXF, a Shapefile alone or zipped with its `.dbf`) and written
//! for download (GeoJSON, KML, a zipped Shapefile with `.dbf`, `.prj` and `.cpg`).
//!
//! Files in longitude and latitude (GeoJSON, KML, and Shapefiles or DXF whose numbers lie
//! within ±180/±90) are WGS84; other Shapefiles and DXF drawings are VN-2000 plane
//! coordinates as surveyors draw them, the drawing's X the easting (VN-2000's Y) and its Y the
//! northing (VN-2000's X).

use crate::geodesy::{LonLat, PlanePoint, Projection};
use crate::spatial::Polygons;
use crate::zones::ZoneFeature;
use lode_core::validation::FieldError;

/// The largest upload read, bytes.
pub const UPLOAD_MAX: usize = 20 * 1024 * 1024;

/// What a file gave: polygons in WGS84, or on the VN-2000 plane of the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    Wgs84(Vec<Named>),
    Plane(Vec<Vec<PlanePoint>>),
    /// Corner points as text (a CSV), read as typed.
    Text(String),
}

/// A polygon set read with its name (a feature's `name`, a `.dbf` record's first text field).
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub name: String,
    pub polygons: Polygons,
}

fn bad(code: &'static str, message: &str) -> FieldError {
    FieldError {
        field: "file".into(),
        code,
        message: message.into(),
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads an uploaded file by its extension; every coordinate a finite number, degrees within
/// ±180 and ±90.
pub fn read(name: &str, bytes: &[u8]) -> Result<Read, FieldError> {
    let read = read_any(name, bytes)?;
    let finite = |x: f64, y: f64| x.is_finite() && y.is_finite();
    let fits = match &read {
        Read::Text(_) => true,
        Read::Plane(rings) => rings.iter().flatten().all(|p| finite(p.x, p.y)),
        Read::Wgs84(features) => features
            .iter()
            .flat_map(|f| f.polygons.iter().flatten())
            .all(|p| finite(p.lon, p.lat) && p.lon.abs() <= 180.0 && p.lat.abs() <= 90.0),
    };
    if !fits {
        return Err(bad(
            "file_coordinates",
            "coordinates that are numbers, longitude within ±180° and latitude within ±90°",
        ));
    }
    Ok(read)
}

fn read_any(name: &str, bytes: &[u8]) -> Result<Read, FieldError> {
    if bytes.len() > UPLOAD_MAX {
        return Err(bad("map_file_too_large", "at most 20 MB"));
    }
    match extension(name).as_str() {
        "csv" | "txt" => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| bad("file_not_text", "a CSV file in UTF-8"))?;
            Ok(Read::Text(csv_points(text)))
        }
        "geojson" | "json" => geojson(bytes).map(Read::Wgs84),
        "kml" => kml(bytes).map(Read::Wgs84),
        "dxf" => dxf(bytes).map(plane_or_wgs84),
        "shp" => shp(bytes, None).map(plane_or_wgs84_named),
        "zip" => {
            let entries = lode_print::zip::read(bytes, UPLOAD_MAX * 2)
                .map_err(|_| bad("file_unreadable", "a zip archive that opens"))?;
            shapefile_of(&entries)
        }
        _ => Err(bad(
            "file_type",
            "a CSV, GeoJSON, KML, DXF or Shapefile (.shp or .zip)",
        )),
    }
}

/// The Shapefile in the entries of an archive (or files uploaded together): its `.shp`, with
/// the names from its `.dbf` when there is one.
pub fn shapefile_of(entries: &[(String, Vec<u8>)]) -> Result<Read, FieldError> {
    let by = |ext: &str| {
        entries
            .iter()
            .find(|(n, _)| extension(n) == ext && !n.starts_with("__MACOSX"))
    };
    let (_, shp_bytes) = by("shp").ok_or_else(|| bad("no_shapefile", "the archive has no .shp"))?;
    let names = by("dbf").map(|(_, d)| dbf_names(d));
    shp(shp_bytes, names.as_deref()).map(plane_or_wgs84_named)
}

/// Rings of (first number, second number) as a file writes them, before it is known whether
/// they are degrees or metres on a plane.
type RawRings = Vec<Vec<(f64, f64)>>;

/// Polygons whose numbers all lie within ±180/±90 are longitude and latitude.
fn looks_like_degrees(rings: &[Vec<(f64, f64)>]) -> bool {
    rings
        .iter()
        .flatten()
        .all(|(a, b)| a.abs() <= 180.0 && b.abs() <= 90.0)
}

fn plane_or_wgs84(rings: RawRings) -> Read {
    plane_or_wgs84_named(vec![(String::new(), rings)])
}

fn plane_or_wgs84_named(features: Vec<(String, RawRings)>) -> Read {
    let all: RawRings = features.iter().flat_map(|(_, r)| r.clone()).collect();
    if looks_like_degrees(&all) {
        Read::Wgs84(
            features
                .into_iter()
                .map(|(name, rings)| Named {
                    name,
                    polygons: rings
                        .into_iter()
                        .map(|r| {
                            r.into_iter()
                                .map(|(lon, lat)| LonLat { lon, lat })
                                .collect()
                        })
                        .collect(),
                })
                .collect(),
        )
    } else {
        // a drawing's X is the easting, its Y the northing
        Read::Plane(
            all.into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|(e, n)| PlanePoint { x: n, y: e })
                        .collect()
                })
                .collect(),
        )
    }
}

/// What a file gave as corner points on `plane`, a point a line (`name X Y`, to the
/// millimetre), polygons parted by a blank line: the text an area field holds.
pub fn as_points(read: &Read, plane: Projection) -> String {
    let ring_text = |pts: &[PlanePoint]| -> String {
        let mut pts = pts.to_vec();
        if pts.len() > 3 && pts.first() == pts.last() {
            pts.pop();
        }
        pts.iter()
            .enumerate()
            .map(|(i, p)| format!("{} {:.3} {:.3}\n", i + 1, p.x, p.y))
            .collect()
    };
    match read {
        Read::Text(t) => t.clone(),
        Read::Plane(rings) => rings
            .iter()
            .map(|r| ring_text(r))
            .collect::<Vec<_>>()
            .join("\n"),
        Read::Wgs84(features) => features
            .iter()
            .flat_map(|f| f.polygons.iter())
            .map(|r| {
                let pts: Vec<PlanePoint> = r.iter().map(|p| plane.from_wgs84(*p)).collect();
                ring_text(&pts)
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Zones from uploaded files: a GeoJSON, or a Shapefile (its `.shp` with its `.dbf`, or the
/// two zipped), in longitude and latitude.
pub fn zones(files: &[(String, Vec<u8>)]) -> Result<Vec<ZoneFeature>, FieldError> {
    if files.iter().map(|(_, b)| b.len()).sum::<usize>() > UPLOAD_MAX {
        return Err(bad("map_file_too_large", "at most 20 MB"));
    }
    let read = if let Some((n, b)) = files
        .iter()
        .find(|(n, _)| matches!(extension(n).as_str(), "geojson" | "json" | "zip" | "kml"))
    {
        read(n, b)?
    } else if files.iter().any(|(n, _)| extension(n) == "shp") {
        shapefile_of(files)?
    } else {
        return Err(bad(
            "zone_file_type",
            "a GeoJSON, KML or Shapefile (.shp with its .dbf, or .zip)",
        ));
    };
    match read {
        Read::Wgs84(features) => Ok(features
            .into_iter()
            .enumerate()
            .map(|(i, f)| ZoneFeature {
                name: if f.name.trim().is_empty() {
                    format!("#{}", i + 1)
                } else {
                    f.name.trim().to_string()
                },
                polygons: f.polygons,
            })
            .collect()),
        _ => Err(bad(
            "zones_not_wgs84",
            "zones in longitude and latitude (WGS84, EPSG:4326)",
        )),
    }
}

/// A CSV of corner points made into lines the point reader takes: commas between columns
/// become semicolons (a decimal comma stays, inside a number), header lines are left out.
fn csv_points(text: &str) -> String {
    text.lines()
        .filter(|l| {
            // a header ("Điểm,X (VN-2000),Y (VN-2000)") has no two numbers among its columns
            let numbers = |cols: &mut dyn Iterator<Item = &str>| {
                cols.filter(|c| crate::points::number(c.trim()).is_some())
                    .count()
            };
            numbers(&mut l.split([',', ';', '\t'])) >= 2 || numbers(&mut l.split_whitespace()) >= 2
        })
        .map(|l| {
            let commas = l.matches(',').count();
            if commas >= 2 || (commas >= 1 && l.contains('.')) {
                l.replace(',', ";")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ring_of(v: &serde_json::Value) -> Option<Vec<LonLat>> {
    v.as_array()?
        .iter()
        .map(|p| {
            let lon = p.get(0)?.as_f64()?;
            let lat = p.get(1)?.as_f64()?;
            Some(LonLat { lon, lat })
        })
        .collect()
}

/// The outer rings of a GeoJSON geometry.
fn geometry_rings(g: &serde_json::Value) -> Vec<Vec<LonLat>> {
    match g.get("type").and_then(|t| t.as_str()) {
        Some("Polygon") => g["coordinates"]
            .get(0)
            .and_then(ring_of)
            .into_iter()
            .collect(),
        Some("MultiPolygon") => g["coordinates"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter_map(|p| p.get(0).and_then(ring_of))
                    .collect()
            })
            .unwrap_or_default(),
        Some("GeometryCollection") => g["geometries"]
            .as_array()
            .map(|gs| gs.iter().flat_map(geometry_rings).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn feature_name(props: &serde_json::Value) -> String {
    ["name", "ten", "tên", "NAME", "TEN", "Name", "title"]
        .iter()
        .find_map(|k| props.get(*k).and_then(|v| v.as_str()))
        .unwrap_or("")
        .to_string()
}

/// The polygons of a GeoJSON file (a geometry, a feature or a collection of features).
fn geojson(bytes: &[u8]) -> Result<Vec<Named>, FieldError> {
    let v: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|_| bad("file_unreadable", "a GeoJSON file that reads"))?;
    let features: Vec<&serde_json::Value> = match v.get("type").and_then(|t| t.as_str()) {
        Some("FeatureCollection") => v["features"]
            .as_array()
            .map(|f| f.iter().collect())
            .unwrap_or_default(),
        _ => vec![&v],
    };
    let out: Vec<Named> = features
        .into_iter()
        .filter_map(|f| {
            let (g, props) = match f.get("type").and_then(|t| t.as_str()) {
                Some("Feature") => (&f["geometry"], &f["properties"]),
                _ => (f, &serde_json::Value::Null),
            };
            let polygons = geometry_rings(g);
            (!polygons.is_empty()).then(|| Named {
                name: feature_name(props),
                polygons,
            })
        })
        .collect();
    if out.is_empty() {
        return Err(bad("no_polygons", "the file holds no polygon"));
    }
    Ok(out)
}

/// The text between `open` and `close` tags after `from`, and where it ends.
fn between<'a>(s: &'a str, open: &str, close: &str, from: usize) -> Option<(&'a str, usize)> {
    let a = s[from..].find(open)? + from + open.len();
    let b = s[a..].find(close)? + a;
    Some((&s[a..b], b + close.len()))
}

/// The polygons of a KML file: each placemark's outer boundaries, named by the placemark.
fn kml(bytes: &[u8]) -> Result<Vec<Named>, FieldError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| bad("file_not_text", "a KML file in UTF-8"))?;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((placemark, end)) = between(text, "<Placemark", "</Placemark>", at) {
        at = end;
        let name = between(placemark, "<name>", "</name>", 0)
            .map(|(n, _)| unescape(n.trim()))
            .unwrap_or_default();
        let mut polygons = Vec::new();
        let mut p = 0;
        while let Some((outer, end)) =
            between(placemark, "<outerBoundaryIs>", "</outerBoundaryIs>", p)
        {
            p = end;
            if let Some((coords, _)) = between(outer, "<coordinates>", "</coordinates>", 0) {
                let ring: Option<Vec<LonLat>> = coords
                    .split_whitespace()
                    .map(|t| {
                        let mut it = t.split(',');
                        let lon = it.next()?.trim().parse().ok()?;
                        let lat = it.next()?.trim().parse().ok()?;
                        Some(LonLat { lon, lat })
                    })
                    .collect();
                match ring {
                    Some(r) if r.len() >= 3 => polygons.push(r),
                    _ => return Err(bad("file_unreadable", "a KML file whose coordinates read")),
                }
            }
        }
        if !polygons.is_empty() {
            out.push(Named { name, polygons });
        }
    }
    if out.is_empty() {
        return Err(bad("no_polygons", "the file holds no polygon"));
    }
    Ok(out)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The closed polylines of an ASCII DXF drawing (LWPOLYLINE, and POLYLINE with its VERTEX
/// entities), each a ring of (drawing X, drawing Y).
fn dxf(bytes: &[u8]) -> Result<RawRings, FieldError> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Option<Vec<(f64, f64)>> = None;
    let mut x: Option<f64> = None;
    let mut in_polyline = false;
    // a POLYLINE's own 10/20 (its elevation point, 0,0) comes before its first VERTEX
    let mut in_header = false;
    for pair in lines.chunks(2) {
        let [code, value] = pair else { break };
        match (*code, *value) {
            ("0", entity) => {
                if entity == "VERTEX" && in_polyline {
                    in_header = false;
                    continue;
                }
                if let Some(r) = current.take().filter(|r| r.len() >= 3) {
                    rings.push(r);
                }
                in_polyline = entity == "POLYLINE";
                in_header = in_polyline;
                if entity == "LWPOLYLINE" || entity == "POLYLINE" {
                    current = Some(Vec::new());
                }
            }
            ("10", v) => x = v.parse().ok(),
            ("20", v) => {
                if let (false, Some(r), Some(xv), Ok(yv)) =
                    (in_header, current.as_mut(), x.take(), v.parse::<f64>())
                {
                    r.push((xv, yv));
                }
            }
            _ => {}
        }
    }
    if let Some(r) = current.take().filter(|r| r.len() >= 3) {
        rings.push(r);
    }
    if rings.is_empty() {
        return Err(bad("no_polygons", "the drawing holds no closed polyline"));
    }
    Ok(rings)
}

fn le_i32(b: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be_i32(b: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le_f64(b: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The polygons of a `.shp` (types 5, 15 and 25), each record's outer rings (clockwise, as
/// the format draws them; holes left out), named from `names` by record.
fn shp(b: &[u8], names: Option<&[String]>) -> Result<Vec<(String, RawRings)>, FieldError> {
    let damaged = || bad("file_unreadable", "a Shapefile that reads");
    if be_i32(b, 0) != Some(9994) {
        return Err(damaged());
    }
    if !matches!(le_i32(b, 32), Some(5 | 15 | 25)) {
        return Err(bad("shapefile_not_polygons", "a Shapefile of polygons"));
    }
    let mut out = Vec::new();
    let mut at = 100;
    let mut record = 0;
    while at + 8 <= b.len() {
        let len = be_i32(b, at + 4).ok_or_else(damaged)?;
        let content = at + 8;
        let end = content + usize::try_from(len).map_err(|_| damaged())? * 2;
        if end > b.len() {
            return Err(damaged());
        }
        let kind = le_i32(b, content).ok_or_else(damaged)?;
        let name = names
            .and_then(|n| n.get(record))
            .cloned()
            .unwrap_or_default();
        record += 1;
        at = end;
        if kind == 0 {
            continue;
        }
        let parts =
            usize::try_from(le_i32(b, content + 36).ok_or_else(damaged)?).map_err(|_| damaged())?;
        let points =
            usize::try_from(le_i32(b, content + 40).ok_or_else(damaged)?).map_err(|_| damaged())?;
        let starts: Vec<usize> = (0..parts)
            .map(|i| le_i32(b, content + 44 + 4 * i).and_then(|v| usize::try_from(v).ok()))
            .collect::<Option<_>>()
            .ok_or_else(damaged)?;
        let first = content + 44 + 4 * parts;
        if first + 16 * points > end {
            return Err(damaged());
        }
        let mut rings = Vec::new();
        for (i, s) in starts.iter().enumerate() {
            let e = starts.get(i + 1).copied().unwrap_or(points);
            if *s >= e || e > points {
                return Err(damaged());
            }
            let ring: Vec<(f64, f64)> = (*s..e)
                .map(|k| Some((le_f64(b, first + 16 * k)?, le_f64(b, first + 16 * k + 8)?)))
                .collect::<Option<_>>()
                .ok_or_else(damaged)?;
            // outer rings run clockwise in a Shapefile; holes counter-clockwise
            let as_points: Vec<LonLat> = ring
                .iter()
                .map(|(lon, lat)| LonLat {
                    lon: *lon,
                    lat: *lat,
                })
                .collect();
            if crate::spatial::signed_area_deg(&as_points) <= 0.0 || starts.len() == 1 {
                rings.push(ring);
            }
        }
        if !rings.is_empty() {
            out.push((name, rings));
        }
    }
    if out.is_empty() {
        return Err(bad("no_polygons", "the file holds no polygon"));
    }
    Ok(out)
}

/// The name of each record of a `.dbf` (dBase III): its text field called `name` or `ten`, or
/// else its first text field; UTF-8 where it reads so. A header that claims more than the file
/// holds is believed only as far as the file goes.
fn dbf_names(b: &[u8]) -> Vec<String> {
    let (Some(count), Some(header), Some(size)) = (
        b.get(4..8)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]) as usize),
        b.get(8..10)
            .map(|x| usize::from(u16::from_le_bytes([x[0], x[1]]))),
        b.get(10..12)
            .map(|x| usize::from(u16::from_le_bytes([x[0], x[1]]))),
    ) else {
        return Vec::new();
    };
    if header > b.len() || size == 0 {
        return Vec::new();
    }
    // the field descriptors, 32 bytes each, until 0x0D
    let mut offset = 1;
    let mut name_field: Option<(usize, usize)> = None;
    let mut at = 32;
    while let Some(d) = b.get(at..at + 32).filter(|_| at + 32 <= header) {
        if d[0] == 0x0D {
            break;
        }
        let (kind, len) = (d[11], usize::from(d[16]));
        let title = String::from_utf8_lossy(&d[..11])
            .trim_end_matches('\0')
            .to_ascii_lowercase();
        if kind == b'C' && (name_field.is_none() || title == "name" || title == "ten") {
            name_field = Some((offset, len));
        }
        offset += len;
        at += 32;
    }
    let Some((field_at, field_len)) = name_field else {
        return Vec::new();
    };
    let count = count.min((b.len() - header) / size);
    (0..count)
        .map(|i| {
            let start = header + i * size + field_at;
            b.get(start..start + field_len)
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// A feature to write: its name, its fields (written as text) and its polygons.
#[derive(Debug, Clone)]
pub struct Feature {
    pub id: String,
    pub properties: Vec<(&'static str, String)>,
    pub polygons: Polygons,
}

/// Features as a GeoJSON FeatureCollection (RFC 7946).
pub fn to_geojson(features: &[Feature]) -> serde_json::Value {
    serde_json::json!({
        "type": "FeatureCollection",
        "features": features.iter().map(|f| {
            let props: serde_json::Map<String, serde_json::Value> = f.properties.iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
                .collect();
            serde_json::json!({
                "type": "Feature",
                "id": f.id,
                "geometry": crate::spatial::geojson(&f.polygons),
                "properties": props,
            })
        }).collect::<Vec<_>>(),
    })
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Features as a KML 2.2 document: a placemark each, its fields as extended data.
pub fn to_kml(title: &str, features: &[Feature]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    out.push_str(&format!("<name>{}</name>\n", xml(title)));
    for f in features {
        let name = f.properties.first().map(|(_, v)| v.as_str()).unwrap_or("");
        out.push_str(&format!(
            "<Placemark id=\"{}\">\n<name>{}</name>\n<ExtendedData>\n",
            xml(&f.id),
            xml(name)
        ));
        for (k, v) in &f.properties {
            out.push_str(&format!(
                "<Data name=\"{k}\"><value>{}</value></Data>\n",
                xml(v)
            ));
        }
        out.push_str("</ExtendedData>\n<MultiGeometry>\n");
        for ring in &f.polygons {
            out.push_str("<Polygon><outerBoundaryIs><LinearRing><coordinates>");
            let pts = crate::spatial::closed(ring, true);
            let coords: Vec<String> = pts
                .iter()
                .map(|p| format!("{:.7},{:.7}", p.lon, p.lat))
                .collect();
            out.push_str(&coords.join(" "));
            out.push_str("</coordinates></LinearRing></outerBoundaryIs></Polygon>\n");
        }
        out.push_str("</MultiGeometry>\n</Placemark>\n");
    }
    out.push_str("</Document>\n</kml>\n");
    out
}

/// WGS84 as a Shapefile's `.prj` writes it.
const WGS84_PRJ: &str = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

/// The widest text a `.dbf` field holds, bytes.
const DBF_TEXT_MAX: usize = 254;

/// `s` cut to at most `max` bytes at a character's edge.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Features as a zipped Shapefile (`name.shp`, `.shx`, `.dbf` in UTF-8 with its `.cpg`,
/// `.prj` of WGS84): outer rings clockwise, as the format wants them.
pub fn to_shapefile(
    name: &str,
    features: &[Feature],
) -> Result<Vec<u8>, lode_print::zip::ZipError> {
    let mut shp: Vec<u8> = Vec::new();
    let mut shx: Vec<u8> = Vec::new();
    let mut all = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for f in features {
        let offset = 50 + shp.len() / 2;
        let rings: Vec<Vec<LonLat>> = f
            .polygons
            .iter()
            .filter(|r| r.len() >= 3)
            .map(|r| crate::spatial::closed(r, false))
            .collect();
        let points: usize = rings.iter().map(Vec::len).sum();
        let b = crate::spatial::Bbox::around(rings.iter().flatten());
        let mut content: Vec<u8> = Vec::new();
        content.extend(5i32.to_le_bytes());
        let bb = b.map_or((0.0, 0.0, 0.0, 0.0), |b| {
            (b.min_lon, b.min_lat, b.max_lon, b.max_lat)
        });
        all = (
            all.0.min(bb.0),
            all.1.min(bb.1),
            all.2.max(bb.2),
            all.3.max(bb.3),
        );
        for v in [bb.0, bb.1, bb.2, bb.3] {
            content.extend(v.to_le_bytes());
        }
        content.extend((rings.len() as i32).to_le_bytes());
        content.extend((points as i32).to_le_bytes());
        let mut start = 0i32;
        for r in &rings {
            content.extend(start.to_le_bytes());
            start += r.len() as i32;
        }
        for p in rings.iter().flatten() {
            content.extend(p.lon.to_le_bytes());
            content.extend(p.lat.to_le_bytes());
        }
        let number = (shx.len() / 8 + 1) as i32;
        shp.extend(number.to_be_bytes());
        shp.extend(((content.len() / 2) as i32).to_be_bytes());
        shp.extend(&content);
        shx.extend((offset as i32).to_be_bytes());
        shx.extend(((content.len() / 2) as i32).to_be_bytes());
    }
    if features.is_empty() {
        all = (0.0, 0.0, 0.0, 0.0);
    }
    let header = |length_bytes: usize| -> Vec<u8> {
        let mut h = Vec::with_capacity(100);
        h.extend(9994i32.to_be_bytes());
        h.extend([0u8; 20]);
        h.extend(((length_bytes / 2) as i32).to_be_bytes());
        h.extend(1000i32.to_le_bytes());
        h.extend(5i32.to_le_bytes());
        for v in [all.0, all.1, all.2, all.3, 0.0, 0.0, 0.0, 0.0] {
            h.extend(v.to_le_bytes());
        }
        h
    };
    let mut shp_file = header(100 + shp.len());
    shp_file.extend(shp);
    let mut shx_file = header(100 + shx.len());
    shx_file.extend(shx);

    // the .dbf: a text field for each property, as wide as its longest value
    let keys: Vec<&'static str> = features
        .first()
        .map(|f| f.properties.iter().map(|(k, _)| *k).collect())
        .unwrap_or_default();
    let widths: Vec<usize> = keys
        .iter()
        .enumerate()
        .map(|(i, _)| {
            features
                .iter()
                .map(|f| f.properties.get(i).map_or(0, |(_, v)| v.len()))
                .max()
                .unwrap_or(1)
                .clamp(1, DBF_TEXT_MAX)
        })
        .collect();
    let record = 1 + widths.iter().sum::<usize>();
    let header_len = 32 + 32 * keys.len() + 1;
    let mut dbf: Vec<u8> = vec![0x03, 126, 12, 4];
    dbf.extend((features.len() as u32).to_le_bytes());
    dbf.extend((header_len as u16).to_le_bytes());
    dbf.extend((record as u16).to_le_bytes());
    dbf.extend([0u8; 20]);
    for (k, w) in keys.iter().zip(&widths) {
        let mut field = [0u8; 32];
        let title = cut(k, 10).to_ascii_uppercase();
        field[..title.len()].copy_from_slice(title.as_bytes());
        field[11] = b'C';
        field[16] = *w as u8;
        dbf.extend(field);
    }
    dbf.push(0x0D);
    for f in features {
        dbf.push(b' ');
        for (i, w) in widths.iter().enumerate() {
            let v = f.properties.get(i).map_or("", |(_, v)| v.as_str());
            let v = cut(v, *w);
            dbf.extend(v.as_bytes());
            dbf.extend(std::iter::repeat_n(b' ', w - v.len()));
        }
    }
    dbf.push(0x1A);

    let mut zip = lode_print::zip::Zip::default();
    zip.add(&format!("{name}.shp"), &shp_file)?;
    zip.add(&format!("{name}.shx"), &shx_file)?;
    zip.add(&format!("{name}.dbf"), &dbf)?;
    zip.add(&format!("{name}.prj"), WGS84_PRJ.as_bytes())?;
    zip.add(&format!("{name}.cpg"), b"UTF-8")?;
    Ok(zip.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lon: f64, lat: f64) -> Polygons {
        vec![vec![
            LonLat { lon, lat },
            LonLat {
                lon: lon + 0.01,
                lat,
            },
            LonLat {
                lon: lon + 0.01,
                lat: lat + 0.01,
            },
            LonLat {
                lon,
                lat: lat + 0.01,
            },
        ]]
    }

    fn feature(name: &str, lon: f64) -> Feature {
        Feature {
            id: name.into(),
            properties: vec![
                ("name", name.into()),
                ("holder", "Công ty Đá Hà Nam".into()),
            ],
            polygons: square(lon, 20.5),
        }
    }

    #[test]
    fn a_shapefile_written_reads_back_with_its_names() {
        let zip = to_shapefile(
            "giay-phep",
            &[feature("12/GP", 105.9), feature("Mỏ đá Ba Sao", 106.0)],
        )
        .expect("written");
        let Read::Wgs84(features) = read("giay-phep.zip", &zip).expect("read") else {
            panic!("not in degrees");
        };
        assert_eq!(features.len(), 2);
        assert_eq!(features[1].name, "Mỏ đá Ba Sao");
        let first = &features[0].polygons[0];
        assert!(
            first
                .iter()
                .any(|p| (p.lon - 105.91).abs() < 1e-9 && (p.lat - 20.51).abs() < 1e-9)
        );
    }

    #[test]
    fn kml_and_geojson_written_read_back() {
        let fs = [feature("12/GP & <b>", 105.9)];
        let Read::Wgs84(k) = read("a.kml", to_kml("x", &fs).as_bytes()).expect("kml") else {
            panic!("kml");
        };
        assert_eq!(k[0].name, "12/GP & <b>");
        assert_eq!(k[0].polygons[0].len(), 5);
        let g = serde_json::to_vec(&to_geojson(&fs)).expect("json");
        let Read::Wgs84(j) = read("a.geojson", &g).expect("geojson") else {
            panic!("geojson");
        };
        assert_eq!(j[0].name, "12/GP & <b>");
    }

    #[test]
    fn a_drawing_in_vn2000_is_read_as_easting_then_northing() {
        let dxf = "0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n8\n0\n90\n3\n70\n1\n10\n580000.5\n20\n2320000.25\n10\n581000\n20\n2320000\n10\n581000\n20\n2321000\n0\nENDSEC\n0\nEOF\n";
        let r = read("vung.dxf", dxf.as_bytes()).expect("dxf");
        let Read::Plane(rings) = r else {
            panic!("not plane")
        };
        assert_eq!(
            rings[0][0],
            PlanePoint {
                x: 2_320_000.25,
                y: 580_000.5
            }
        );
        let text = as_points(
            &Read::Plane(rings),
            Projection {
                meridian: 105.0,
                zone: crate::geodesy::Zone::Three,
            },
        );
        assert!(text.starts_with("1 2320000.250 580000.500\n"), "{text}");
    }

    #[test]
    fn a_csv_with_a_header_and_commas_reads_as_points() {
        let t = csv_points("Điểm,X,Y\n1,2320000.5,580000.25\n2,2320100,580000\n");
        assert_eq!(t, "1;2320000.5;580000.25\n2;2320100;580000");
        let t = csv_points("STT;X (VN-2000);Y (VN-2000)\n1 2320000 580000\n");
        assert_eq!(t, "1 2320000 580000");
        assert!(crate::points::plane_points(&t).is_ok());
    }

    #[test]
    fn hostile_files_are_refused_not_believed() {
        // not numbers, and numbers off the globe
        let kml = "<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>nan,1 2,3 4,5</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>";
        assert_eq!(
            read("a.kml", kml.as_bytes()).map_err(|e| e.code),
            Err("file_coordinates")
        );
        let far = r#"{"type":"Polygon","coordinates":[[[500,1],[501,1],[501,2],[500,1]]]}"#;
        assert_eq!(
            read("a.geojson", far.as_bytes()).map_err(|e| e.code),
            Err("file_coordinates")
        );
        // a .dbf whose header claims more than the file holds, cut anywhere: no names, no panic
        let zip = to_shapefile("v", &[feature("Khu A", 105.9)]).expect("written");
        let entries = lode_print::zip::read(&zip, 1 << 20).expect("read");
        let dbf = &entries
            .iter()
            .find(|(n, _)| n.ends_with(".dbf"))
            .expect("dbf")
            .1;
        for cut in 0..dbf.len() {
            let _ = dbf_names(&dbf[..cut]);
        }
        let mut lying = dbf.clone();
        lying[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        lying[8..10].copy_from_slice(&u16::MAX.to_le_bytes());
        assert!(dbf_names(&lying).is_empty());
        let mut many = dbf.clone();
        many[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            dbf_names(&many).len(),
            1,
            "as many records as the file holds"
        );
        // a Shapefile cut anywhere is refused, never a panic
        let shp = &entries
            .iter()
            .find(|(n, _)| n.ends_with(".shp"))
            .expect("shp")
            .1;
        for cut in 0..shp.len() {
            let _ = read("a.shp", &shp[..cut]);
        }
    }

    #[test]
    fn a_polyline_s_own_point_is_not_a_corner() {
        let dxf = "0\nSECTION\n2\nENTITIES\n0\nPOLYLINE\n8\n0\n66\n1\n10\n0.0\n20\n0.0\n70\n1\n0\nVERTEX\n8\n0\n10\n580000\n20\n2320000\n0\nVERTEX\n8\n0\n10\n581000\n20\n2320000\n0\nVERTEX\n8\n0\n10\n581000\n20\n2321000\n0\nSEQEND\n0\nENDSEC\n0\nEOF\n";
        let Read::Plane(rings) = read("r12.dxf", dxf.as_bytes()).expect("dxf") else {
            panic!("not plane")
        };
        assert_eq!(rings[0].len(), 3, "{rings:?}");
        assert_eq!(
            rings[0][0],
            PlanePoint {
                x: 2_320_000.0,
                y: 580_000.0
            }
        );
    }

    #[test]
    fn what_is_not_a_map_is_refused() {
        assert_eq!(read("a.exe", b"MZ").map_err(|e| e.code), Err("file_type"));
        assert_eq!(
            read("a.shp", b"junk").map_err(|e| e.code),
            Err("file_unreadable")
        );
        assert_eq!(
            read("a.geojson", b"{}").map_err(|e| e.code),
            Err("no_polygons")
        );
    }
}
