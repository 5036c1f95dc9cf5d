//! The area field of a public-service form, as the public services show it: its editor (the
//! plane, the corner points a line each, every wrong line named), the form's values gathered
//! into one [`AreaValue`], a map file read into corner points, the area shown read-only, and
//! what the register found when the dossier was filed, drawn as a sketch on the area's plane.

use crate::applications::{self, AreaValue, StoredArea};
use crate::checks::Findings;
use crate::geodesy::{PlanePoint, Zone, meridian_name};
use crate::spatial::Polygons;
use crate::web::convert::hectares;
use crate::web::pages::corner_errors;
use lode_core::validation::FieldErrors;
use lode_db::{Db, DbResult};
use lode_web::i18n::Lang;
use lode_web::pages::field_errors;
use maud::{Markup, html};
use std::collections::BTreeMap;

/// The suffixes of the inputs an area field is posted as (`<name>__points`, …).
const PARTS: [&str; 3] = ["meridian", "zone", "points"];

/// The editor of area field `name` (its inputs `<name>__meridian`, `<name>__zone`,
/// `<name>__points`), its errors those of `field`.
pub fn editor(
    l: Lang,
    name: &str,
    value: Option<&str>,
    enabled: bool,
    errors: &FieldErrors,
    field: &str,
) -> Markup {
    let v = value.and_then(AreaValue::from_value).unwrap_or_default();
    let points = format!("{name}__points");
    let zone = format!("{name}__zone");
    let mer = format!("{name}__meridian");
    html! {
        div.area-field {
            div.field {
                label for=(mer) { (l.t("coords.meridian")) }
                select id=(mer) name=(mer) disabled[!enabled] {
                    @let chosen = crate::points::number(&v.meridian).unwrap_or(105.75);
                    @for m in crate::geodesy::meridians() {
                        option value=(m) selected[(m - chosen).abs() < 1e-9] { (meridian_name(m)) }
                    }
                }
            }
            div.field {
                label for=(zone) { (l.t("coords.zone")) }
                select id=(zone) name=(zone) disabled[!enabled] {
                    option value="3" selected[v.zone != "6"] { (l.t("coords.zone3")) }
                    option value="6" selected[v.zone == "6"] { (l.t("coords.zone6")) }
                }
            }
            div.field {
                label for=(points) { (l.t("licence.corners_field")) }
                textarea id=(points) name=(points) rows="8" disabled[!enabled] { (v.points) }
                p.hint { (l.t("area.points_hint")) }
                (corner_errors(l, errors, field))
            }
        }
    }
}

/// The form's area inputs (`<key>__meridian`, …, with the `v_` prefix already taken off)
/// gathered into each area field's one value; an area without points is left empty.
pub fn gather(values: &mut BTreeMap<String, String>) {
    let keys: Vec<String> = values
        .keys()
        .filter_map(|k| k.strip_suffix("__points").map(str::to_string))
        .collect();
    for key in keys {
        let mut take = |part: &str| values.remove(&format!("{key}__{part}")).unwrap_or_default();
        let v = AreaValue {
            meridian: take(PARTS[0]),
            zone: take(PARTS[1]),
            points: take(PARTS[2]),
        };
        if !v.points.trim().is_empty() {
            values.insert(key, v.to_value());
        }
    }
    // a stray part without its points names no area
    values.retain(|k, _| !PARTS.iter().any(|p| k.ends_with(&format!("__{p}"))));
}

/// A map file read into an area on the chosen plane; its errors on `file`.
pub fn read_upload(
    name: &str,
    bytes: &[u8],
    meridian: &str,
    zone: &str,
) -> Result<AreaValue, FieldErrors> {
    let m = crate::points::number(meridian).unwrap_or(f64::NAN);
    let z = if zone.trim() == "6" {
        Zone::Six
    } else {
        Zone::Three
    };
    let plane = crate::geodesy::projection(m, z).map_err(|e| FieldErrors(vec![e]))?;
    let read = crate::files::read(name, bytes).map_err(|e| FieldErrors(vec![e]))?;
    let points = crate::files::as_points(&read, plane);
    if points.trim().is_empty() {
        return Err(FieldErrors::single(
            "file",
            "file_no_points",
            "the file holds no corner points",
        ));
    }
    Ok(AreaValue {
        meridian: meridian.trim().to_string(),
        zone: if z == Zone::Six { "6" } else { "3" }.into(),
        points,
    })
}

/// The form that reads an area field's corner points from a file (CSV, GeoJSON, KML, DXF,
/// Shapefile) on the plane chosen. Its fields and button belong to the form `within` (`form=`,
/// their names prefixed `area_`), so that what else was typed there is posted, and saved, with
/// the file, under that form's token.
pub fn upload_form(
    l: Lang,
    action: &str,
    key: &str,
    value: Option<&str>,
    errors: &FieldErrors,
    within: &str,
) -> Markup {
    let v = value.and_then(AreaValue::from_value).unwrap_or_default();
    let chosen = crate::points::number(&v.meridian).unwrap_or(105.75);
    let id = format!("area_file_{key}");
    let zone = if v.zone == "6" { "6" } else { "3" };
    html! {
        div.stack.area-upload {
            div.field {
                label for=(id) { (l.t("area.file")) }
                input id=(id) name="area_file" form=(within) type="file" accept=".csv,.txt,.geojson,.json,.kml,.dxf,.shp,.zip";
                p.hint { (l.t("area.file_hint")) }
                (field_errors(l, errors, "file"))
            }
            div.field {
                label for={ (id) "_meridian" } { (l.t("coords.meridian")) }
                select id={ (id) "_meridian" } name="area_meridian" form=(within) {
                    @for m in crate::geodesy::meridians() {
                        option value=(m) selected[(m - chosen).abs() < 1e-9] { (meridian_name(m)) }
                    }
                }
            }
            input type="hidden" name="area_zone" form=(within) value=(zone);
            button type="submit" form=(within) name="area_key" value=(key)
                formaction=(action) formenctype="multipart/form-data" { (l.t("area.read_file")) }
        }
    }
}

/// An area field's value shown read-only: its plane and its corner points.
pub fn shown(l: Lang, value: &str) -> Markup {
    let Some(v) = AreaValue::from_value(value) else {
        return html! { (value) };
    };
    let m = crate::points::number(&v.meridian).unwrap_or(0.0);
    html! {
        p { (l.fill("area.plane", &serde_json::json!({"meridian": meridian_name(m), "zone": if v.zone == "6" { "6" } else { "3" }}))) }
        @match v.read("area") {
            Ok(a) => {
                p { (l.fill("area.size", &serde_json::json!({"area": hectares(l, a.area_ha), "points": a.corners.iter().map(Vec::len).sum::<usize>()}))) }
                table.list.corners {
                    thead { tr { th { (l.t("coords.point")) } th.num { (l.t("coords.x")) } th.num { (l.t("coords.y")) } } }
                    tbody {
                        @for c in a.corners.iter().flatten() {
                            tr {
                                td data-label=(l.t("coords.point")) { (c.name) }
                                td.num data-label=(l.t("coords.x")) { (crate::web::convert::decimal(l, c.x, 3)) }
                                td.num data-label=(l.t("coords.y")) { (crate::web::convert::decimal(l, c.y, 3)) }
                            }
                        }
                    }
                }
            },
            Err(_) => pre { (v.points) },
        }
    }
}

/// What the register found when public-service application `application_id` was filed, with
/// a sketch of the area and what it overlaps; `None` when it asked for no area.
pub async fn report(
    db: &Db,
    l: Lang,
    application_id: i64,
    staff: bool,
) -> DbResult<Option<Markup>> {
    let Some(filed) = applications::of_application(db, application_id).await? else {
        return Ok(None);
    };
    let found = crate::web::licences::seen_by(staff, filed.findings.clone());
    let others = geometries(db, &found).await?;
    Ok(Some(html! {
        section.area-report {
            h2 { (l.t("check.title")) }
            p.hint { (l.t("check.area_hint")) " " (l.fill("check.checked_at", &serde_json::json!({"at": lode_web::pages::local_time(&filed.filed_at)}))) }
            (crate::web::findings::view(l, filed.area_ha, &found, staff))
            (sketch(l, &filed.area, &others))
        }
    }))
}

/// What a sketch draws beside the area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Drawn {
    Licence,
    Application,
    Zone,
}

/// The polygons of what `f` found.
pub async fn geometries(db: &Db, f: &Findings) -> DbResult<Vec<(Drawn, Polygons)>> {
    let mut out = Vec::new();
    for o in &f.licences {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT state FROM cadastre_licences WHERE id = $1")
                .bind(o.id)
                .fetch_optional(db.pool())
                .await?;
        if let Some((state,)) = row {
            let s = crate::register::state_of(&state)?;
            out.push((Drawn::Licence, crate::web::ogc::licence_polygons(&s)));
        }
    }
    for a in &f.applications {
        out.push((
            Drawn::Application,
            applications::get(db, a.id).await?.area.polygons(),
        ));
    }
    let ids: Vec<i64> = f.zones.iter().map(|z| z.id).collect();
    let mut conn = db.read().await?;
    for z in crate::zones::zones_in_force(&mut conn, &ids).await? {
        out.push((Drawn::Zone, z.polygons));
    }
    Ok(out)
}

/// A sketch of `area` on its own plane (north up) with `others` drawn under it: SVG, so that
/// it prints and needs no script.
pub fn sketch(l: Lang, area: &StoredArea, others: &[(Drawn, Polygons)]) -> Markup {
    let plane = area.projection;
    let ours: Vec<Vec<PlanePoint>> = area
        .rings
        .iter()
        .map(|r| r.iter().map(|c| PlanePoint { x: c.x, y: c.y }).collect())
        .collect();
    let Some((lo_x, lo_y, hi_x, hi_y)) = ours.iter().flatten().fold(None, |b, p| {
        Some(match b {
            None => (p.x, p.y, p.x, p.y),
            Some((a, b, c, d)) => (p.x.min(a), p.y.min(b), p.x.max(c), p.y.max(d)),
        })
    }) else {
        return html! {};
    };
    // the area's box and half as much again around it
    let span = (hi_x - lo_x).max(hi_y - lo_y).max(1.0);
    let pad = span * 0.5;
    let (x0, y0, side) = (lo_y - pad, -(hi_x + pad), span + 2.0 * pad);
    let path = |rings: &[Vec<PlanePoint>]| -> String {
        rings
            .iter()
            .filter(|r| r.len() >= 3)
            .map(|r| {
                let pts: Vec<String> = r
                    .iter()
                    .map(|p| format!("{:.2} {:.2}", p.y - x0, -p.x - y0))
                    .collect();
                format!("M{}Z", pts.join(" L"))
            })
            .collect::<String>()
    };
    let carried = |polys: &Polygons| -> Vec<Vec<PlanePoint>> {
        polys
            .iter()
            .map(|r| r.iter().map(|g| plane.from_wgs84(*g)).collect())
            .collect()
    };
    let style = |d: Drawn| match d {
        Drawn::Zone => ("#b03a2e", "#b03a2e", "0.18"),
        Drawn::Licence => ("#1e7a46", "#1e7a46", "0.22"),
        Drawn::Application => ("#d68910", "#d68910", "0.22"),
    };
    let w = side;
    html! {
        figure.area-sketch {
            svg viewBox={ "0 0 " (format!("{w:.2} {w:.2}")) } role="img" aria-label=(l.t("area.sketch")) xmlns="http://www.w3.org/2000/svg" {
                rect x="0" y="0" width=(format!("{w:.2}")) height=(format!("{w:.2}")) fill="#f4f1ea" {}
                @for (d, polys) in others {
                    @let (stroke, fill, opacity) = style(*d);
                    path d=(path(&carried(polys))) fill=(fill) fill-opacity=(opacity) stroke=(stroke) stroke-width="2" vector-effect="non-scaling-stroke" fill-rule="evenodd" {}
                }
                path d=(path(&ours)) fill="#1f6fb2" fill-opacity="0.25" stroke="#1f6fb2" stroke-width="3" vector-effect="non-scaling-stroke" {}
                @for p in ours.iter().flatten() {
                    circle cx=(format!("{:.2}", p.y - x0)) cy=(format!("{:.2}", -p.x - y0)) r=(format!("{:.2}", side / 150.0)) fill="#1f6fb2" {}
                }
                // north up
                text x=(format!("{:.2}", side * 0.9)) y=(format!("{:.2}", side * 0.08)) font-size=(format!("{:.2}", side / 25.0)) fill="#333" { (l.t("area.north")) }
            }
            figcaption {
                span.key.area { (l.t("area.key_area")) }
                span.key.licence { (l.t("area.key_licence")) }
                span.key.application { (l.t("area.key_application")) }
                span.key.zone { (l.t("area.key_zone")) }
            }
        }
    }
}
