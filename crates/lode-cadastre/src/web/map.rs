//! The licence map (`/ban-do`): Leaflet, served by lode with its offline base layer of
//! Vietnam (the 34 provinces and cities, the Hoàng Sa and Trường Sa archipelagos drawn and
//! labelled as Vietnam's), or the agency's own XYZ or WMS base layer when one is configured.
//! Anyone sees the licences in force and the zones; the agency's staff also the pending
//! applications and every licence, as the register stood on any day. A licence clicked opens
//! its record; an area drawn on the map is checked at once.
//!
//! The page holds no script of its own: `map.js` reads what it needs from the page's
//! `data-` attributes and the OGC API (`/ogc/collections/…/items`).

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use lode_web::auth::MaybeCaller;
use lode_web::error::PageResult;
use lode_web::pages::{PageQuery, open_layout};
use lode_web::{AppState, State};
use maud::{Markup, html};
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/ban-do", get(page))
        .route("/static/map/{file}", get(asset))
        .route("/static/map/images/{file}", get(image))
}

/// The map's base layer: lode's offline map, or the agency's tiles.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum BaseMap {
    /// The provinces, the archipelagos and the neighbours, drawn from lode's own files.
    #[default]
    Offline,
    /// XYZ tiles: an `https://` template with `{z}`, `{x}`, `{y}`.
    Tiles { url: String, attribution: String },
    /// A WMS: its `https://` address and the layers to draw.
    Wms {
        url: String,
        layers: String,
        attribution: String,
    },
}

impl BaseMap {
    /// The base layer as configured; an address that is not https, or a template without its
    /// `{z}/{x}/{y}`, is refused at start rather than drawn broken.
    pub fn configured(
        tiles: Option<String>,
        wms: Option<String>,
        wms_layers: Option<String>,
        attribution: Option<String>,
    ) -> anyhow::Result<BaseMap> {
        let attribution = attribution.unwrap_or_default();
        let https =
            |u: &str| u.starts_with("https://") && !u.contains(['"', '<', '>', ' ', '\'', '\\']);
        match (tiles, wms) {
            (None, None) => Ok(BaseMap::Offline),
            (Some(url), None) => {
                anyhow::ensure!(
                    https(&url)
                        && ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p))
                        && !url.contains("{s}"),
                    "map_tiles: an https:// template on one host (no {{s}}) with {{z}}, {{x}} and {{y}}"
                );
                Ok(BaseMap::Tiles { url, attribution })
            }
            (None, Some(url)) => {
                anyhow::ensure!(https(&url), "map_wms: an https:// address");
                let layers = wms_layers
                    .filter(|l| !l.trim().is_empty())
                    .ok_or_else(|| anyhow::anyhow!("map_wms_layers is required with map_wms"))?;
                Ok(BaseMap::Wms {
                    url,
                    layers,
                    attribution,
                })
            }
            (Some(_), Some(_)) => anyhow::bail!("map_tiles or map_wms, not both"),
        }
    }

    /// The origin its images come from, for the page's content policy.
    fn origin(&self) -> Option<String> {
        let url = match self {
            BaseMap::Offline => return None,
            BaseMap::Tiles { url, .. } | BaseMap::Wms { url, .. } => url,
        };
        let rest = url.strip_prefix("https://")?;
        let host = rest.split(['/', '?']).next()?;
        // one host: a template's subdomains (`{s}.tile…`) are refused when configured
        (!host.contains('{')).then(|| format!("https://{host}"))
    }
}

/// A file of the map, by name: its bytes and type.
fn file(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "leaflet.js" => (
            include_bytes!("../../assets/map/leaflet.js"),
            "text/javascript; charset=utf-8",
        ),
        "leaflet.css" => (
            include_bytes!("../../assets/map/leaflet.css"),
            "text/css; charset=utf-8",
        ),
        "map.js" => (
            include_bytes!("../../assets/map/map.js"),
            "text/javascript; charset=utf-8",
        ),
        "provinces.geojson" => (
            include_bytes!("../../assets/map/provinces.geojson"),
            "application/geo+json",
        ),
        "islands.geojson" => (
            include_bytes!("../../assets/map/islands.geojson"),
            "application/geo+json",
        ),
        "neighbours.geojson" => (
            include_bytes!("../../assets/map/neighbours.geojson"),
            "application/geo+json",
        ),
        "SOURCES.md" => (
            include_bytes!("../../assets/map/SOURCES.md"),
            "text/markdown; charset=utf-8",
        ),
        _ => return None,
    })
}

fn image_file(name: &str) -> Option<&'static [u8]> {
    Some(match name {
        "layers.png" => include_bytes!("../../assets/map/images/layers.png"),
        "layers-2x.png" => include_bytes!("../../assets/map/images/layers-2x.png"),
        "marker-icon.png" => include_bytes!("../../assets/map/images/marker-icon.png"),
        "marker-icon-2x.png" => include_bytes!("../../assets/map/images/marker-icon-2x.png"),
        "marker-shadow.png" => include_bytes!("../../assets/map/images/marker-shadow.png"),
        _ => return None,
    })
}

fn served(bytes: &'static [u8], content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        bytes,
    )
        .into_response()
}

async fn asset(Path(name): Path<String>) -> Response {
    match file(&name) {
        Some((bytes, kind)) => served(bytes, kind),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn image(Path(name): Path<String>) -> Response {
    match image_file(&name) {
        Some(bytes) => served(bytes, "image/png"),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct MapQuery {
    /// The register as it stood on this day (staff).
    on: Option<String>,
}

/// The words the script shows, in the reader's language.
fn words(l: lode_web::i18n::Lang) -> serde_json::Value {
    let keys = [
        "map.licences",
        "map.applications",
        "map.zoom_in",
        "map.zoom_out",
        "map.layers",
        "map.zones",
        "map.provinces",
        "map.open_licence",
        "map.valid_until",
        "map.area",
        "map.draw",
        "map.draw_hint",
        "map.check",
        "map.clear",
        "map.checking",
        "map.check_failed",
        "map.check_far",
        "map.check_error",
        "map.open_dossier",
        "check.applicant",
        "map.none_found",
        "map.found",
        "map.filed_at",
        "map.loading",
        "map.loaded",
        "map.east_sea",
        "map.hoang_sa",
        "map.truong_sa",
        "licence.holder",
        "licence.minerals",
        "licence.kind",
        "licence.status",
        "zone.restriction",
        "check.licences",
        "check.applications",
        "check.zones",
        "licence.kind.exploration",
        "licence.kind.mining",
        "licence.kind.registration",
        "licence.status.valid",
        "licence.status.expired",
        "licence.status.returned",
        "licence.status.revoked",
        "licence.status.terminated",
        "licence.status.closed",
        "zone.restriction.banned",
        "zone.restriction.restricted",
    ];
    serde_json::Value::Object(
        keys.iter()
            .map(|k| {
                (
                    (*k).to_string(),
                    serde_json::Value::String(l.t(k).to_string()),
                )
            })
            .collect(),
    )
}

/// `GET /ban-do`: the map.
async fn page(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    PageQuery(q): PageQuery<MapQuery>,
) -> PageResult<Response> {
    let l = lode_web::pages::reader_lang(&headers, caller.as_ref());
    let staff = caller.as_ref().is_some_and(|c| c.actor.is_staff());
    let on =
        q.on.as_deref()
            .filter(|_| staff)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    let base = state.settings.get::<BaseMap>().cloned().unwrap_or_default();
    let (kind, url, layers, attribution) = match &base {
        BaseMap::Offline => ("offline", "", "", ""),
        BaseMap::Tiles { url, attribution } => ("tiles", url.as_str(), "", attribution.as_str()),
        BaseMap::Wms {
            url,
            layers,
            attribution,
        } => ("wms", url.as_str(), layers.as_str(), attribution.as_str()),
    };
    let body: Markup = html! {
        link rel="stylesheet" href="/static/map/leaflet.css";
        div.wide {
        h1 { (l.t("map.title")) }
        p.lead { (l.t(if staff { "map.lead_staff" } else { "map.lead" })) }
        @if staff {
            form.filters method="get" action="/ban-do" {
                div.field {
                    label for="on" { (l.t("map.on")) }
                    input id="on" name="on" type="date" value=(on.map(|d| d.to_string()).unwrap_or_default());
                }
                button type="submit" { (l.t("map.show")) }
                @if on.is_some() {
                    " " a href="/ban-do" { (l.t("map.today")) }
                    p.notice role="status" { (l.fill("map.showing_on", &serde_json::json!({"day": on.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()}))) }
                }
            }
        }
        div.map-wrap {
            div #map .map role="application" aria-label=(l.t("map.title"))
                data-staff=(if staff { "1" } else { "0" })
                data-on=(on.map(|d| d.to_string()).unwrap_or_default())
                data-base=(kind) data-base-url=(url) data-base-layers=(layers) data-attribution=(attribution)
                data-csrf=(caller.as_ref().map(|c| c.csrf()).unwrap_or_default())
                data-words=(words(l).to_string()) {}
            aside #map-panel .map-panel aria-live="polite" {
                p.hint { (l.t("map.panel_hint")) }
            }
        }
        p.hint {
            (l.t("map.typed")) " " a href="/giay-phep/kiem-tra" { (l.t("licence.check")) } " · "
            a href="/giay-phep" { (l.t("licence.register")) }
        }
        // what GIS software reads, said as such: not pages for a person
        p.hint {
            (l.t("map.for_gis")) " "
            a href="/ogc" { "OGC API – Features" } " · "
            a href="/giay-phep/xuat/geojson" { "GeoJSON" } " · "
            a href="/giay-phep/xuat/kml" { "KML" } " · "
            a href="/giay-phep/xuat/shp" { "Shapefile" }
        }
        noscript { p.notice.warning { (l.t("map.no_script")) } }
        // the base layer's sources, in the reader's words (not the developers' notes)
        details.map-sources {
            summary { (l.t("map.sources_link")) }
            p.hint { (l.t("map.sources")) }
            ul.hint {
                @for key in ["map.source_provinces", "map.source_islands", "map.source_neighbours", "map.source_library"] {
                    li { (l.t(key)) }
                }
            }
        }
        }
        script src="/static/map/leaflet.js" {}
        script src="/static/map/map.js" {}
    };
    let mut r = open_layout(l, caller.as_ref(), l.t("map.title"), body).into_response();
    if let Some(origin) = base.origin()
        && let Ok(v) = HeaderValue::from_str(&origin)
    {
        r.headers_mut().insert(lode_web::IMAGES_FROM, v);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_layer_is_https_and_whole() {
        assert_eq!(
            BaseMap::configured(None, None, None, None).ok(),
            Some(BaseMap::Offline)
        );
        let t = BaseMap::configured(
            Some("https://tiles.example.vn/{z}/{x}/{y}.png".into()),
            None,
            None,
            Some("© Cục Đo đạc".into()),
        )
        .expect("tiles");
        assert_eq!(t.origin().as_deref(), Some("https://tiles.example.vn"));
        assert!(
            BaseMap::configured(Some("http://x/{z}/{x}/{y}".into()), None, None, None).is_err()
        );
        assert!(BaseMap::configured(Some("https://x/{z}/{x}".into()), None, None, None).is_err());
        assert!(
            BaseMap::configured(
                Some("https://{s}.t.vn/{z}/{x}/{y}".into()),
                None,
                None,
                None
            )
            .is_err()
        );
        assert!(
            BaseMap::configured(None, Some("https://wms.example.vn/wms".into()), None, None)
                .is_err()
        );
        let w = BaseMap::configured(
            None,
            Some("https://wms.example.vn/wms".into()),
            Some("nen".into()),
            None,
        )
        .expect("wms");
        assert_eq!(w.origin().as_deref(), Some("https://wms.example.vn"));
    }

    #[test]
    fn every_file_the_map_names_is_served() {
        for f in [
            "leaflet.js",
            "leaflet.css",
            "map.js",
            "provinces.geojson",
            "islands.geojson",
            "neighbours.geojson",
        ] {
            assert!(file(f).is_some_and(|(b, _)| !b.is_empty()), "{f}");
        }
        let css =
            std::str::from_utf8(file("leaflet.css").map(|f| f.0).unwrap_or_default()).unwrap_or("");
        for img in ["layers.png", "layers-2x.png", "marker-icon.png"] {
            assert!(css.contains(&format!("images/{img}")), "{img}");
            assert!(image_file(img).is_some(), "{img}");
        }
    }
}
