//! The register for GIS software: OGC API – Features (Part 1, Core; GeoJSON; HTML) under
//! `/ogc`, read by QGIS and GDAL (`ogrinfo OAPIF:https://…/ogc`), and the register's exports
//! (GeoJSON, KML, a zipped Shapefile) under `/giay-phep/xuat/{format}`.
//!
//! Collections: `licences` (anyone: those in force, public fields; the agency's staff: every
//! licence, every field), `applications` (staff only: pending applications' areas) and
//! `zones` (anyone: the zones in force). Items answer `bbox`, `datetime` (a day: the register
//! as it stood that day; an interval: the licences valid at some time in it), `limit`,
//! `offset` and property filters (`kind`, `status`, `province`, `mineral_group`, `number`),
//! coordinates in CRS84 (longitude, latitude).

use crate::applications::{self, Filed};
use crate::licence::{Kind, State, Status};
use crate::register::{state_of, today};
use crate::spatial::{Bbox, Polygons};
use crate::zones::{self, Zone};
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use lode_db::{Db, DbError};
use lode_web::auth::MaybeCaller;
use lode_web::{AppState, State as AppStateExt};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/ogc", get(landing))
        .route("/ogc/", get(landing))
        .route("/ogc/conformance", get(conformance))
        .route("/ogc/collections", get(collections))
        .route("/ogc/collections/{id}", get(collection))
        .route("/ogc/collections/{id}/items", get(items))
        .route("/ogc/collections/{id}/items/{feature}", get(item))
        .route("/giay-phep/xuat/{format}", get(export))
}

/// The most features one page gives.
pub const LIMIT_MAX: usize = 10_000;
/// The furthest a page starts.
pub const OFFSET_MAX: usize = 10_000_000;
/// The most licences one export holds.
pub const EXPORT_MAX: usize = 200_000;
/// Features a page gives when `limit` is not said.
pub const LIMIT_DEFAULT: usize = 100;

const GEOJSON: &str = "application/geo+json";

/// The address the client reached lode at, for the links: behind a reverse proxy the public
/// one configured (the proxy may pass its own upstream address as the host), else the host
/// the client asked for.
fn base(state: &AppState, headers: &HeaderMap) -> String {
    let scheme = if state.config.public_url.starts_with("https://") {
        "https"
    } else {
        "http"
    };
    if state.config.trust_proxy {
        return state.config.public_url.trim_end_matches('/').to_string();
    }
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host)
            if host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)) =>
        {
            format!("{scheme}://{host}")
        }
        _ => state.config.public_url.trim_end_matches('/').to_string(),
    }
}

fn json_response(status: StatusCode, content_type: &'static str, body: &Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// An OGC exception (`{"code", "description"}`) with its status.
fn exception(status: StatusCode, code: &str, description: &str) -> Response {
    json_response(
        status,
        "application/json",
        &json!({"code": code, "description": description}),
    )
}

fn wants_html(headers: &HeaderMap, q: &BTreeMap<String, String>) -> bool {
    match q.get("f").map(String::as_str) {
        Some("html") => true,
        Some(_) => false,
        None => headers
            .get(header::ACCEPT)
            .and_then(|a| a.to_str().ok())
            .is_some_and(|a| a.starts_with("text/html")),
    }
}

fn html_response(title: &str, body: maud::Markup) -> Response {
    let page = maud::html! {
        (maud::DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { (title) } link rel="stylesheet" href="/static/app.css"; }
            body { main { h1 { (title) } (body) } }
        }
    };
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page.into_string(),
    )
        .into_response()
}

async fn landing(
    axum::extract::State(state): AppStateExt,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> Response {
    let b = base(&state, &headers);
    let body = json!({
        "title": "lode — Cục Địa chất và Khoáng sản Việt Nam: giấy phép khoáng sản",
        "description": "Mineral licences, pending applications and zones where mining is banned or restricted, as OGC API – Features.",
        "links": [
            {"href": format!("{b}/ogc?f=json"), "rel": "self", "type": "application/json", "title": "This document"},
            {"href": format!("{b}/ogc?f=html"), "rel": "alternate", "type": "text/html", "title": "This document as HTML"},
            {"href": format!("{b}/api/openapi.json"), "rel": "service-desc", "type": "application/vnd.oai.openapi+json;version=3.0", "title": "The API definition"},
            {"href": format!("{b}/ogc/conformance"), "rel": "conformance", "type": "application/json", "title": "Conformance"},
            {"href": format!("{b}/ogc/collections"), "rel": "data", "type": "application/json", "title": "Collections"},
        ]
    });
    if wants_html(&headers, &q) {
        return html_response(
            "OGC API – Features",
            maud::html! {
                p { (body["description"].as_str().unwrap_or("")) }
                ul {
                    li { a href="/ogc/conformance" { "Conformance" } }
                    li { a href="/ogc/collections?f=html" { "Collections" } }
                }
            },
        );
    }
    json_response(StatusCode::OK, "application/json", &body)
}

async fn conformance() -> Response {
    json_response(
        StatusCode::OK,
        "application/json",
        &json!({"conformsTo": [
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        ]}),
    )
}

/// The collections a reader may see: staff also see pending applications.
fn visible(staff: bool) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut c = vec![
        (
            "licences",
            "Giấy phép khoáng sản",
            "Exploration and mining licences with their areas",
        ),
        (
            "zones",
            "Khu vực cấm, tạm cấm hoạt động khoáng sản",
            "Zones where mining is banned or restricted (layers in force)",
        ),
    ];
    if staff {
        c.insert(
            1,
            (
                "applications",
                "Hồ sơ đề nghị cấp phép đang chờ",
                "Areas asked for by applications pending a decision",
            ),
        );
    }
    c
}

fn collection_json(b: &str, id: &str, title: &str, description: &str) -> Value {
    json!({
        "id": id,
        "title": title,
        "description": description,
        "itemType": "feature",
        "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
        "extent": {"spatial": {"bbox": [[102.1, 6.2, 117.9, 23.4]], "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}},
        "links": [
            {"href": format!("{b}/ogc/collections/{id}"), "rel": "self", "type": "application/json"},
            {"href": format!("{b}/ogc/collections/{id}/items"), "rel": "items", "type": GEOJSON},
            {"href": format!("{b}/ogc/collections/{id}/items?f=html"), "rel": "items", "type": "text/html"},
        ]
    })
}

fn is_staff(caller: &MaybeCaller) -> bool {
    caller.0.as_ref().is_some_and(|c| c.actor.is_staff())
}

async fn collections(
    axum::extract::State(state): AppStateExt,
    headers: HeaderMap,
    caller: MaybeCaller,
    Query(q): Query<BTreeMap<String, String>>,
) -> Response {
    let b = base(&state, &headers);
    let list = visible(is_staff(&caller));
    if wants_html(&headers, &q) {
        return html_response(
            "Collections",
            maud::html! {
                ul { @for (id, title, _) in &list { li { a href={ "/ogc/collections/" (id) "/items?f=html" } { (title) } " (" (id) ")" } } }
            },
        );
    }
    json_response(
        StatusCode::OK,
        "application/json",
        &json!({
            "links": [{"href": format!("{b}/ogc/collections"), "rel": "self", "type": "application/json"}],
            "collections": list.iter().map(|(id, t, d)| collection_json(&b, id, t, d)).collect::<Vec<_>>(),
        }),
    )
}

async fn collection(
    axum::extract::State(state): AppStateExt,
    headers: HeaderMap,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> Response {
    let b = base(&state, &headers);
    match visible(is_staff(&caller))
        .into_iter()
        .find(|(c, _, _)| *c == id)
    {
        Some((id, t, d)) => json_response(
            StatusCode::OK,
            "application/json",
            &collection_json(&b, id, t, d),
        ),
        None => exception(StatusCode::NOT_FOUND, "NotFound", "no such collection"),
    }
}

/// What an items request asks for, read and checked.
#[derive(Debug, Clone, Default)]
pub struct ItemsQuery {
    pub bbox: Option<Bbox>,
    /// A day: the register as it stood then.
    pub on: Option<NaiveDate>,
    /// An interval: valid at some time in it (either end open).
    pub between: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    pub limit: usize,
    pub offset: usize,
    pub kind: Option<Kind>,
    pub status: Option<Status>,
    pub province: Option<String>,
    pub mineral_group: Option<u8>,
    pub number: Option<String>,
}

fn day_of(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() || s == ".." {
        return Ok(None);
    }
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("datetime: {s} is not a date (RFC 3339)"))
}

/// Reads an items request's parameters; an unknown parameter or a wrong value is an error
/// (OGC API – Features answers 400 to both).
pub fn items_query(q: &BTreeMap<String, String>) -> Result<ItemsQuery, String> {
    let mut out = ItemsQuery {
        limit: LIMIT_DEFAULT,
        ..Default::default()
    };
    for (k, v) in q {
        match k.as_str() {
            "f" => {}
            "bbox" => {
                let n: Vec<f64> = v
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| "bbox: four numbers, west,south,east,north".to_string())?;
                let b = match n.as_slice() {
                    [a, b, c, d] | [a, b, _, c, d, _] => Bbox {
                        min_lon: *a,
                        min_lat: *b,
                        max_lon: *c,
                        max_lat: *d,
                    },
                    _ => return Err("bbox: four numbers, west,south,east,north".into()),
                };
                if !(b.min_lon <= b.max_lon && b.min_lat <= b.max_lat)
                    || [b.min_lon, b.max_lon]
                        .iter()
                        .any(|x| !(-180.0..=180.0).contains(x))
                    || [b.min_lat, b.max_lat]
                        .iter()
                        .any(|x| !(-90.0..=90.0).contains(x))
                {
                    return Err("bbox: west ≤ east and south ≤ north, in degrees".into());
                }
                out.bbox = Some(b);
            }
            "datetime" => match v.split_once('/') {
                Some((a, z)) => out.between = Some((day_of(a)?, day_of(z)?)),
                None => out.on = day_of(v)?,
            },
            "limit" => {
                out.limit = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=LIMIT_MAX).contains(n))
                    .ok_or_else(|| format!("limit: 1 to {LIMIT_MAX}"))?;
            }
            "offset" => {
                out.offset = v
                    .parse()
                    .ok()
                    .filter(|n| *n <= OFFSET_MAX)
                    .ok_or_else(|| format!("offset: a whole number up to {OFFSET_MAX}"))?
            }
            "kind" => {
                out.kind = Some(Kind::parse(v).ok_or("kind: exploration, mining or registration")?)
            }
            "status" => out.status = Some(Status::parse(v).ok_or("status: a licence's status")?),
            "province" => out.province = Some(v.trim().to_string()),
            "mineral_group" => {
                out.mineral_group = Some(
                    v.parse()
                        .ok()
                        .filter(|g| (1..=4).contains(g))
                        .ok_or("mineral_group: 1 to 4")?,
                )
            }
            "number" => out.number = Some(v.trim().to_string()),
            other => return Err(format!("{other}: not a parameter of this collection")),
        }
    }
    Ok(out)
}

/// A licence as a feature: its public fields for anyone, every field for the staff.
fn licence_feature(
    id: i64,
    number: &str,
    kind: Kind,
    status: Status,
    s: &State,
    staff: bool,
) -> Value {
    let polygons = licence_polygons(s);
    let mut p = json!({
        "number": number,
        "kind": kind.as_str(),
        "status": status.as_str(),
        "holder": s.holder,
        "minerals": s.minerals.join(", "),
        "mineral_group": s.mineral_group,
        "province": s.province,
        "valid_from": s.valid_from.to_string(),
        "valid_until": s.valid_until.to_string(),
        "area_ha": (s.area_ha * 100.0).round() / 100.0,
        "legal_area_ha": s.legal_area_ha,
        "url": format!("/giay-phep/{id}"),
    });
    if staff {
        p["commune"] = json!(s.commune);
        p["holder_tax_code"] = json!(s.holder_tax_code);
        p["depth_from_m"] = json!(s.depth_from_m);
        p["depth_to_m"] = json!(s.depth_to_m);
        p["reserves"] = json!(s.reserves);
        p["capacity"] = json!(s.capacity);
        p["central_meridian"] = json!(s.projection.meridian);
        p["zone_width"] = json!(s.projection.zone.degrees());
    }
    json!({"type": "Feature", "id": id, "geometry": crate::spatial::geojson(&polygons), "properties": p})
}

/// A licence's area in WGS84.
pub fn licence_polygons(s: &State) -> Polygons {
    crate::spatial::corners_to_wgs84(s.projection, &s.rings)
}

fn application_feature(a: &Filed) -> Value {
    json!({
        "type": "Feature",
        "id": a.id,
        "geometry": crate::spatial::geojson(&a.area.polygons()),
        "properties": {
            "reference": a.reference,
            "kind": a.kind.as_str(),
            "applicant": a.applicant,
            "minerals": a.minerals,
            "province": a.province,
            "filed_at": a.filed_at,
            "area_ha": (a.area_ha * 100.0).round() / 100.0,
            "overlaps_licences": a.findings.licences.len(),
            "overlaps_earlier_applications": a.findings.applications.len(),
            "overlaps_zones": a.findings.zones.len(),
            "dossier": a.application_id.map(|id| format!("/mot-cua/{id}")),
        }
    })
}

fn zone_feature(z: &Zone) -> Value {
    json!({
        "type": "Feature",
        "id": z.id,
        "geometry": crate::spatial::geojson(&z.polygons),
        "properties": {
            "name": z.name,
            "layer": z.layer.code,
            "layer_name": z.layer.name,
            "layer_version": z.layer.version,
            "restriction": z.layer.restriction.as_str(),
            "area_ha": (z.area_ha * 100.0).round() / 100.0,
        }
    })
}

/// A page of licences matching `q`, and how many match in all.
pub async fn licence_page(
    db: &Db,
    q: &ItemsQuery,
    staff: bool,
) -> Result<(Vec<Value>, usize), DbError> {
    // the register as it stood on a past day is the staff's (it reads every licence's
    // history); for others a day is the licences in force now that were valid that day
    let mut q = q.clone();
    if !staff && let Some(day) = q.on.take() {
        q.between = Some((Some(day), Some(day)));
    }
    let q = &q;
    let day = q.on.unwrap_or_else(today);
    let mut binds: Vec<Value> = Vec::new();
    // the register on a past day: each licence's last event on or before it
    let mut sql = if q.on.is_some() {
        binds.push(json!(day.to_string()));
        String::from(
            "SELECT l.id, l.number, l.kind, e.state_after FROM cadastre_licences l
             JOIN cadastre_events e ON e.id = (SELECT e2.id FROM cadastre_events e2
                 WHERE e2.licence_id = l.id AND e2.effective_on <= $1
                 ORDER BY e2.effective_on DESC, e2.id DESC LIMIT 1) WHERE 1 = 1 ",
        )
    } else {
        String::from("SELECT l.id, l.number, l.kind, l.state FROM cadastre_licences l WHERE 1 = 1 ")
    };
    let mut bind = |v: Value, sql: &mut String, cond: &str| {
        binds.push(v);
        sql.push_str(&cond.replace('?', &format!("${}", binds.len())));
    };
    if let Some(b) = &q.bbox {
        bind(json!(b.min_lon), &mut sql, "AND l.max_lon >= ? ");
        bind(json!(b.max_lon), &mut sql, "AND l.min_lon <= ? ");
        bind(json!(b.min_lat), &mut sql, "AND l.max_lat >= ? ");
        bind(json!(b.max_lat), &mut sql, "AND l.min_lat <= ? ");
    }
    if let Some(k) = q.kind {
        bind(json!(k.as_str()), &mut sql, "AND l.kind = ? ");
    }
    if let Some(p) = &q.province {
        bind(json!(p), &mut sql, "AND l.province = ? ");
    }
    if let Some(g) = q.mineral_group {
        bind(json!(i64::from(g)), &mut sql, "AND l.mineral_group = ? ");
    }
    if let Some(n) = &q.number {
        bind(json!(n), &mut sql, "AND l.number = ? ");
    }
    if let Some((from, to)) = q.between {
        if let Some(to) = to {
            bind(json!(to.to_string()), &mut sql, "AND l.valid_from <= ? ");
        }
        if let Some(from) = from {
            bind(json!(from.to_string()), &mut sql, "AND l.valid_until >= ? ");
        }
    }
    // today's status on the row itself, so that a page is cut in SQL
    let wanted = match (q.status, staff) {
        (Some(s), true) => Some(s),
        (Some(Status::Valid) | None, false) => Some(Status::Valid),
        (Some(_), false) => return Ok((Vec::new(), 0)),
        (None, true) => None,
    };
    if q.on.is_none() {
        match wanted {
            Some(Status::Valid) => {
                bind(
                    json!(day.to_string()),
                    &mut sql,
                    "AND l.status = 'valid' AND l.valid_until >= ? ",
                );
                bind(json!(day.to_string()), &mut sql, "AND l.valid_from <= ? ");
            }
            Some(Status::Expired) => {
                bind(
                    json!(day.to_string()),
                    &mut sql,
                    "AND l.status = 'valid' AND l.valid_until < ? ",
                );
            }
            Some(s) => bind(json!(s.as_str()), &mut sql, "AND l.status = ? "),
            None => {}
        }
    }
    if q.on.is_none() {
        // today's register is cut in SQL: counted, then the one page read
        let count = sql.replacen(
            "SELECT l.id, l.number, l.kind, l.state FROM",
            "SELECT COUNT(*) FROM",
            1,
        );
        let (matched,): (i64,) = bound(sqlx::query_as(&count), &binds)
            .fetch_one(db.pool())
            .await?;
        // the page in the order of ids, read in that order and filtered as it goes. SQLite,
        // without statistics, would take the register through the status index and sort it
        // all to give a thousand: the status compared as an expression there keeps it on the
        // ids (PostgreSQL's planner, with its statistics, finds that way itself)
        let filter = match db.backend() {
            lode_db::Backend::Sqlite => sql.replace("l.status = ", "l.status || '' = "),
            lode_db::Backend::Postgres => sql.clone(),
        };
        let page = format!(
            "{filter} ORDER BY l.id LIMIT {} OFFSET {}",
            q.limit, q.offset
        );
        let rows: Vec<(i64, String, String, String)> = bound(sqlx::query_as(&page), &binds)
            .fetch_all(db.pool())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, number, kind, state) in rows {
            let s = state_of(&state)?;
            let kind = Kind::parse(&kind).unwrap_or(Kind::Mining);
            out.push(licence_feature(
                id,
                &number,
                kind,
                s.status_on(day),
                &s,
                staff,
            ));
        }
        return Ok((out, usize::try_from(matched).unwrap_or(0)));
    }
    sql.push_str("ORDER BY l.id");
    let rows: Vec<(i64, String, String, String)> = bound(sqlx::query_as(&sql), &binds)
        .fetch_all(db.pool())
        .await?;
    let mut matched = 0usize;
    let mut out = Vec::new();
    for (id, number, kind, state) in rows {
        let s = state_of(&state)?;
        let status = s.status_on(day);
        if q.on.is_some() && wanted.is_some_and(|w| w != status) {
            continue;
        }
        if q.on.is_some() && s.valid_from > day {
            continue;
        }
        matched += 1;
        if matched > q.offset && out.len() < q.limit {
            let kind = Kind::parse(&kind).unwrap_or(Kind::Mining);
            out.push(licence_feature(id, &number, kind, status, &s, staff));
        }
    }
    Ok((out, matched))
}

/// `q` with `binds` bound in order (texts, whole numbers, decimals).
fn bound<'q, O>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    binds: &[Value],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    for v in binds {
        q = match v {
            Value::String(s) => q.bind(s.clone()),
            Value::Number(n) if n.is_i64() => q.bind(n.as_i64().unwrap_or(0)),
            Value::Number(n) => q.bind(n.as_f64().unwrap_or(0.0)),
            _ => q,
        };
    }
    q
}

/// A page of a collection's features, and how many match.
async fn page(
    db: &Db,
    collection: &str,
    q: &ItemsQuery,
    staff: bool,
) -> Result<Option<(Vec<Value>, usize)>, DbError> {
    Ok(match collection {
        "licences" => Some(licence_page(db, q, staff).await?),
        "applications" if staff => {
            let all = applications::pending(db, q.bbox.as_ref()).await?;
            let n = all.len();
            Some((
                all.iter()
                    .skip(q.offset)
                    .take(q.limit)
                    .map(application_feature)
                    .collect(),
                n,
            ))
        }
        "zones" => {
            let all = zones::all_in_force(db, q.bbox.as_ref()).await?;
            let n = all.len();
            Some((
                all.iter()
                    .skip(q.offset)
                    .take(q.limit)
                    .map(zone_feature)
                    .collect(),
                n,
            ))
        }
        _ => None,
    })
}

fn query_string(q: &BTreeMap<String, String>, offset: usize) -> String {
    let mut pairs: Vec<(String, String)> = q
        .iter()
        .filter(|(k, _)| k.as_str() != "offset")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    pairs.push(("offset".into(), offset.to_string()));
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn db_error(e: DbError) -> Response {
    lode_web::error::ApiError::from(e).into_response()
}

async fn items(
    axum::extract::State(state): AppStateExt,
    headers: HeaderMap,
    caller: MaybeCaller,
    Path(id): Path<String>,
    Query(raw): Query<BTreeMap<String, String>>,
) -> Response {
    let staff = is_staff(&caller);
    let q = match items_query(&raw) {
        Ok(q) => q,
        Err(e) => return exception(StatusCode::BAD_REQUEST, "InvalidParameterValue", &e),
    };
    let (features, matched) = match page(&state.db, &id, &q, staff).await {
        Ok(Some(p)) => p,
        Ok(None) => return exception(StatusCode::NOT_FOUND, "NotFound", "no such collection"),
        Err(e) => return db_error(e),
    };
    let b = base(&state, &headers);
    let here = format!("{b}/ogc/collections/{id}/items");
    let mut links = vec![
        json!({"href": format!("{here}?{}", query_string(&raw, q.offset)), "rel": "self", "type": GEOJSON}),
        json!({"href": format!("{b}/ogc/collections/{id}"), "rel": "collection", "type": "application/json"}),
    ];
    if q.offset + features.len() < matched {
        links.push(json!({"href": format!("{here}?{}", query_string(&raw, q.offset + features.len())), "rel": "next", "type": GEOJSON}));
    }
    if q.offset > 0 {
        links.push(json!({"href": format!("{here}?{}", query_string(&raw, q.offset.saturating_sub(q.limit))), "rel": "prev", "type": GEOJSON}));
    }
    if wants_html(&headers, &raw) {
        return html_response(
            &id,
            maud::html! {
                p { (matched) " features" }
                table.list {
                    thead { tr { th { "id" } th { "properties" } } }
                    tbody {
                        @for f in &features {
                            tr { td { a href={ "/ogc/collections/" (id) "/items/" (f["id"]) "?f=html" } { (f["id"]) } } td { (f["properties"].to_string()) } }
                        }
                    }
                }
            },
        );
    }
    let n = features.len();
    json_response(
        StatusCode::OK,
        GEOJSON,
        &json!({
            "type": "FeatureCollection",
            "timeStamp": lode_db::now(),
            "numberMatched": matched,
            "numberReturned": n,
            "features": features,
            "links": links,
        }),
    )
}

async fn item(
    axum::extract::State(state): AppStateExt,
    headers: HeaderMap,
    caller: MaybeCaller,
    Path((id, feature)): Path<(String, String)>,
    Query(raw): Query<BTreeMap<String, String>>,
) -> Response {
    let staff = is_staff(&caller);
    let Ok(fid) = feature.parse::<i64>() else {
        return exception(StatusCode::NOT_FOUND, "NotFound", "no such feature");
    };
    let found: Result<Option<Value>, DbError> = match id.as_str() {
        "licences" => {
            let actor = caller.0.as_ref().map(|c| &c.actor);
            match crate::register::get(&state.db, actor, fid).await {
                Ok(w) => Ok(Some(licence_feature(
                    w.licence.id,
                    &w.licence.number,
                    w.licence.kind,
                    w.licence.status,
                    &w.licence.state,
                    staff,
                ))),
                Err(DbError::NotFound) => Ok(None),
                Err(e) => Err(e),
            }
        }
        "applications" if staff => match applications::get(&state.db, fid).await {
            Ok(a) => Ok(Some(application_feature(&a))),
            Err(DbError::NotFound) => Ok(None),
            Err(e) => Err(e),
        },
        "zones" => match state.db.read().await {
            Ok(mut conn) => zones::zones_in_force(&mut conn, &[fid])
                .await
                .map(|z| z.first().map(zone_feature)),
            Err(e) => Err(e),
        },
        _ => Ok(None),
    };
    match found {
        Ok(Some(mut f)) => {
            let b = base(&state, &headers);
            f["links"] = json!([
                {"href": format!("{b}/ogc/collections/{id}/items/{fid}"), "rel": "self", "type": GEOJSON},
                {"href": format!("{b}/ogc/collections/{id}"), "rel": "collection", "type": "application/json"},
            ]);
            if wants_html(&headers, &raw) {
                return html_response(
                    &format!("{id} {fid}"),
                    maud::html! { pre { (serde_json::to_string_pretty(&f["properties"]).unwrap_or_default()) } },
                );
            }
            json_response(StatusCode::OK, GEOJSON, &f)
        }
        Ok(None) => exception(StatusCode::NOT_FOUND, "NotFound", "no such feature"),
        Err(e) => db_error(e),
    }
}

/// `GET /giay-phep/xuat/{format}`: the licences (as the collection's filters choose, all of
/// them to the limit) as `geojson`, `kml` or `shp` (a zip).
async fn export(
    axum::extract::State(state): AppStateExt,
    caller: MaybeCaller,
    Path(format): Path<String>,
    Query(raw): Query<BTreeMap<String, String>>,
) -> Response {
    let staff = is_staff(&caller);
    let whole = !raw.contains_key("limit");
    let mut q = match items_query(&raw) {
        Ok(q) => q,
        Err(e) => return exception(StatusCode::BAD_REQUEST, "InvalidParameterValue", &e),
    };
    // an export is the whole register the filters choose, unless a page of it is asked for
    if whole {
        q.limit = EXPORT_MAX;
    }
    let (features, _) = match licence_page(&state.db, &q, staff).await {
        Ok(p) => p,
        Err(e) => return db_error(e),
    };
    let as_files: Vec<crate::files::Feature> = features.iter().map(export_feature).collect();
    let name = format!("giay-phep-{}", today().format("%Y%m%d"));
    let attach = |ext: &str| format!("attachment; filename=\"{name}.{ext}\"");
    match format.as_str() {
        "geojson" => (
            [
                (header::CONTENT_TYPE, GEOJSON.to_string()),
                (header::CONTENT_DISPOSITION, attach("geojson")),
            ],
            crate::files::to_geojson(&as_files).to_string(),
        )
            .into_response(),
        "kml" => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.google-earth.kml+xml".to_string(),
                ),
                (header::CONTENT_DISPOSITION, attach("kml")),
            ],
            crate::files::to_kml("Giấy phép khoáng sản", &as_files),
        )
            .into_response(),
        "shp" => match crate::files::to_shapefile(&name, &as_files) {
            Ok(zip) => (
                [
                    (header::CONTENT_TYPE, "application/zip".to_string()),
                    (header::CONTENT_DISPOSITION, attach("zip")),
                ],
                zip,
            )
                .into_response(),
            Err(_) => exception(
                StatusCode::UNPROCESSABLE_ENTITY,
                "TooLarge",
                "too many licences for one Shapefile: narrow the filters",
            ),
        },
        _ => exception(StatusCode::NOT_FOUND, "NotFound", "geojson, kml or shp"),
    }
}

/// A feature as written for the exports: its properties as text, in the order the register
/// lists them.
fn export_feature(f: &Value) -> crate::files::Feature {
    const KEYS: [&str; 10] = [
        "number",
        "kind",
        "status",
        "holder",
        "minerals",
        "mineral_group",
        "province",
        "valid_from",
        "valid_until",
        "area_ha",
    ];
    let props = &f["properties"];
    let polygons: Polygons = f["geometry"]["coordinates"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.get(0))
                .map(|r| {
                    r.as_array()
                        .map(|pts| {
                            pts.iter()
                                .filter_map(|x| {
                                    Some(crate::geodesy::LonLat {
                                        lon: x.get(0)?.as_f64()?,
                                        lat: x.get(1)?.as_f64()?,
                                    })
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default();
    crate::files::Feature {
        id: f["id"].to_string(),
        properties: KEYS
            .iter()
            .map(|k| {
                let v = match &props[*k] {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                (*k, v)
            })
            .collect(),
        polygons,
    }
}
