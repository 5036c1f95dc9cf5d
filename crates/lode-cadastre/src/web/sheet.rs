//! A licence's map sheet (`/giay-phep/{id}/to-ban-do`), as attached to a licence decision: a
//! PDF with where the area lies among the provinces (lode's offline base map), the area
//! itself on its VN-2000 plane with its corner points named, the table of corner points with
//! the plane's meridian and zone, and the area in hectares, computed and as stated.

use crate::geodesy::{LonLat, PlanePoint, Projection, meridian_name};
use crate::licence::State;
use crate::register;
use axum::extract::Path;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use lode_print::{Block, Column, Document, Orientation, Shape};
use lode_web::State as AppStateExt;
use lode_web::auth::MaybeCaller;
use lode_web::error::{AppError, PageResult};
use lode_web::i18n::Lang;
use std::sync::OnceLock;

/// The provinces of the offline base map: each its name and its outer rings in WGS84.
fn provinces() -> &'static Vec<(String, Vec<Vec<LonLat>>)> {
    static PROVINCES: OnceLock<Vec<(String, Vec<Vec<LonLat>>)>> = OnceLock::new();
    PROVINCES.get_or_init(|| {
        let bytes = include_bytes!("../../assets/map/provinces.geojson");
        match crate::files::read("provinces.geojson", bytes) {
            Ok(crate::files::Read::Wgs84(features)) => {
                features.into_iter().map(|f| (f.name, f.polygons)).collect()
            }
            _ => Vec::new(),
        }
    })
}

const RED: [f32; 3] = [0.75, 0.16, 0.1];
const LAND: [f32; 3] = [0.98, 0.97, 0.93];
const BORDER: [f32; 3] = [0.55, 0.5, 0.42];

/// Points on `plane` as a drawing's (x east, y north).
fn on_plane(plane: Projection, ring: &[LonLat]) -> Vec<(f64, f64)> {
    ring.iter()
        .map(|g| {
            let p = plane.from_wgs84(*g);
            (p.y, p.x)
        })
        .collect()
}

/// The sheet's document.
pub fn document(l: Lang, number: &str, s: &State) -> Document {
    let plane = s.projection;
    let corners: Vec<Vec<(f64, f64)>> = s
        .rings
        .iter()
        .map(|r| r.iter().map(|c| (c.y, c.x)).collect())
        .collect();
    let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in corners.iter().flatten() {
        (lo_x, lo_y, hi_x, hi_y) = (lo_x.min(*x), lo_y.min(*y), hi_x.max(*x), hi_y.max(*y));
    }
    // where the area lies: 60 km either way, the provinces drawn on the area's plane
    let (cx, cy) = ((lo_x + hi_x) / 2.0, (lo_y + hi_y) / 2.0);
    let reach = 60_000.0;
    let centre = plane.to_wgs84(PlanePoint { x: cy, y: cx });
    let mut around: Vec<Shape> = Vec::new();
    for (name, polygons) in provinces() {
        let near = polygons
            .iter()
            .flatten()
            .any(|g| (g.lon - centre.lon).abs() < 1.2 && (g.lat - centre.lat).abs() < 1.0);
        if !near {
            continue;
        }
        let rings: Vec<Vec<(f64, f64)>> = polygons.iter().map(|r| on_plane(plane, r)).collect();
        // its name at the middle of its largest ring's box
        let label = rings.iter().max_by_key(|r| r.len()).map(|r| {
            let (a, b, c, d) = r.iter().fold(
                (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
                |(a, b, c, d), (x, y)| (a.min(*x), b.min(*y), c.max(*x), d.max(*y)),
            );
            ((a + c) / 2.0, (b + d) / 2.0, name.clone())
        });
        around.push(Shape {
            rings,
            closed: true,
            stroke: Some(BORDER),
            fill: Some(LAND),
            width: 0.5,
            label,
        });
    }
    around.push(Shape {
        rings: vec![vec![
            (cx - 1500.0, cy - 1500.0),
            (cx + 1500.0, cy - 1500.0),
            (cx + 1500.0, cy + 1500.0),
            (cx - 1500.0, cy + 1500.0),
        ]],
        closed: true,
        stroke: Some(RED),
        fill: Some(RED),
        width: 0.8,
        label: Some((cx + 1800.0, cy, number.to_string())),
    });
    // the area itself, its corners named
    let span = (hi_x - lo_x).max(hi_y - lo_y).max(10.0);
    let pad = span * 0.25;
    let mut area: Vec<Shape> = vec![Shape {
        rings: corners.clone(),
        closed: true,
        stroke: Some(RED),
        fill: Some([0.98, 0.85, 0.82]),
        width: 1.2,
        label: None,
    }];
    for (ring, named) in corners.iter().zip(&s.rings) {
        for ((x, y), c) in ring.iter().zip(named) {
            area.push(Shape {
                rings: vec![vec![
                    (x - span / 150.0, y - span / 150.0),
                    (x + span / 150.0, y - span / 150.0),
                    (x + span / 150.0, y + span / 150.0),
                    (x - span / 150.0, y + span / 150.0),
                ]],
                closed: true,
                stroke: None,
                fill: Some(RED),
                width: 0.5,
                label: Some((*x, *y, c.name.clone())),
            });
        }
    }
    let comma = |v: f64, digits: usize| crate::web::convert::decimal(l, v, digits);
    let rows: Vec<Vec<String>> = s
        .rings
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.iter().map(move |c| {
                let g = plane.to_wgs84(PlanePoint { x: c.x, y: c.y });
                vec![
                    if s.rings.len() > 1 {
                        format!("{} ({})", c.name, i + 1)
                    } else {
                        c.name.clone()
                    },
                    comma(c.x, 3),
                    comma(c.y, 3),
                    crate::geodesy::dms(g.lat),
                    crate::geodesy::dms(g.lon),
                ]
            })
        })
        .collect();
    let zone = plane.zone.degrees();
    Document {
        title: l.fill("sheet.title", &serde_json::json!({"number": number})),
        author: "Cục Địa chất và Khoáng sản Việt Nam".into(),
        orientation: Orientation::Portrait,
        blocks: vec![
            lode_print::official_heading(
                "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                "CỤC ĐỊA CHẤT VÀ KHOÁNG SẢN VIỆT NAM",
            ),
            Block::Space(10.0),
            Block::Title(l.t("sheet.heading").to_uppercase()),
            Block::Subtitle(l.fill("sheet.attached", &serde_json::json!({"number": number}))),
            Block::Space(6.0),
            Block::Paragraph(l.fill(
                "sheet.facts",
                &serde_json::json!({
                    "holder": s.holder,
                    "minerals": s.minerals.join(", "),
                    "place": match &s.commune { Some(c) => format!("{c}, {}", s.province), None => s.province.clone() },
                }),
            )),
            Block::Paragraph(l.fill(
                "sheet.area",
                &serde_json::json!({
                    "computed": comma(s.area_ha, 2),
                    "legal": comma(s.legal_area_ha, 2),
                    "meridian": meridian_name(plane.meridian),
                    "zone": zone,
                }),
            )),
            Block::Heading(l.t("sheet.location").to_string()),
            Block::Drawing {
                height: 150.0,
                bounds: [cx - reach, cy - reach * 0.6, cx + reach, cy + reach * 0.6],
                shapes: around,
            },
            Block::Heading(l.fill(
                "sheet.plan",
                &serde_json::json!({"meridian": meridian_name(plane.meridian), "zone": zone}),
            )),
            Block::Drawing {
                height: 185.0,
                bounds: [lo_x - pad, lo_y - pad, hi_x + pad, hi_y + pad],
                shapes: area,
            },
            Block::Heading(l.t("sheet.corners").to_string()),
            Block::Table {
                columns: vec![
                    Column::centered(l.t("coords.point"), 1.0),
                    Column::centered(l.t("coords.x"), 2.0),
                    Column::centered(l.t("coords.y"), 2.0),
                    Column::centered(l.t("coords.lat"), 2.0),
                    Column::centered(l.t("coords.lon"), 2.0),
                ],
                rows,
            },
        ],
    }
}

/// `GET /giay-phep/{id}/to-ban-do`: the licence's map sheet, for whoever may read the licence.
pub async fn download(
    axum::extract::State(state): AppStateExt,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let l = lode_web::pages::reader_lang(&headers, caller.as_ref());
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let w = register::get(&state.db, caller.as_ref().map(|c| &c.actor), id).await?;
    let doc = document(l, &w.licence.number, &w.licence.state);
    let pdf = lode_print::render(&doc).map_err(|e| AppError::Internal(e.into()))?;
    let name = format!(
        "to-ban-do-{}.pdf",
        w.licence
            .number
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        pdf,
    )
        .into_response())
}
