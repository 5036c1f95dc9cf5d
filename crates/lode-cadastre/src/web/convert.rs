//! The coordinate converter, open to all: points typed or pasted a line each, VN-2000 (X, Y on
//! a chosen central meridian, 3° or 6° zone) to WGS84 (latitude, longitude) or back; every
//! wrong line named beside the field. The page at `/toa-do`, the API at
//! `POST /api/v1/coordinates/convert`.

use crate::geodesy::{
    LonLat, PlanePoint, Projection, Zone, dms, meridian_name, meridians, projection,
};
use crate::points::{LineError, Named, POINTS_MAX, lonlat_points, plane_points};
use axum::Json;
use axum::Router;
use axum::http::HeaderMap;
use axum::routing::get;
use lode_core::validation::{FieldError, FieldErrors};
use lode_web::AppState;
use lode_web::api::ApiJson;
use lode_web::auth::MaybeCaller;
use lode_web::error::{ApiResult, AppError, PageResult};
use lode_web::i18n::Lang;
use lode_web::pages::{csrf_field, field_errors, first, form_pairs, open_layout};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Which way points go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum From {
    /// VN-2000 X (northing) and Y (easting) to WGS84.
    Vn2000,
    /// WGS84 latitude and longitude to VN-2000.
    Wgs84,
}

/// A point in both systems.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Converted {
    /// The name written before the point's numbers, if any.
    pub name: Option<String>,
    /// VN-2000 northing, metres.
    pub x: f64,
    /// VN-2000 easting, metres.
    pub y: f64,
    /// WGS84 latitude, degrees.
    pub lat: f64,
    /// WGS84 longitude, degrees.
    pub lon: f64,
}

/// Points read from lines, converted on `proj`.
pub fn convert_lines(
    from: From,
    proj: &Projection,
    text: &str,
) -> Result<Vec<Converted>, Vec<LineError>> {
    Ok(match from {
        From::Vn2000 => plane_points(text)?
            .into_iter()
            .map(|Named { name, point }| both(name, point, proj.to_wgs84(point)))
            .collect(),
        From::Wgs84 => lonlat_points(text)?
            .into_iter()
            .map(|Named { name, point }| both(name, proj.from_wgs84(point), point))
            .collect(),
    })
}

fn both(name: Option<String>, p: PlanePoint, g: LonLat) -> Converted {
    Converted {
        name,
        x: p.x,
        y: p.y,
        lat: g.lat,
        lon: g.lon,
    }
}

pub fn pages() -> Router<Arc<AppState>> {
    Router::new().route("/toa-do", get(show).post(submit))
}

pub fn api() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(convert))
}

/// What the converter's form holds.
#[derive(Debug, Clone)]
struct Form {
    from: From,
    meridian: String,
    zone: Zone,
    points: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            from: From::Vn2000,
            meridian: "105.75".into(),
            zone: Zone::Three,
            points: String::new(),
        }
    }
}

use lode_web::pages::reader_lang as lang;

/// `GET /toa-do`: the converter, empty.
async fn show(headers: HeaderMap, MaybeCaller(caller): MaybeCaller) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    Ok(page(
        l,
        caller.as_ref(),
        &Form::default(),
        &[],
        &FieldErrors::new(),
        &[],
    ))
}

/// `POST /toa-do`: the points converted, or the form again with each wrong line named.
async fn submit(
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    body: axum::body::Bytes,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let pairs = form_pairs(&body);
    let form = Form {
        from: match first(&pairs, "from").as_deref() {
            Some("wgs84") => From::Wgs84,
            _ => From::Vn2000,
        },
        meridian: first(&pairs, "meridian").unwrap_or_default(),
        zone: match first(&pairs, "zone").as_deref() {
            Some("6") => Zone::Six,
            _ => Zone::Three,
        },
        points: first(&pairs, "points").unwrap_or_default(),
    };
    let mut errors = FieldErrors::new();
    let proj = crate::points::number(&form.meridian)
        .ok_or_else(|| FieldError {
            field: "meridian".into(),
            code: "meridian_range",
            message: "choose a central meridian".into(),
        })
        .and_then(|m| projection(m, form.zone));
    let (mut converted, mut lines) = (Vec::new(), Vec::new());
    match proj {
        Err(e) => errors.0.push(e),
        Ok(p) => match convert_lines(form.from, &p, &form.points) {
            Ok(c) => converted = c,
            Err(wrong) => lines = wrong,
        },
    }
    Ok(page(l, caller.as_ref(), &form, &converted, &errors, &lines))
}

/// A kind of licence in the reader's words.
pub(crate) fn kind_name(l: Lang, k: crate::licence::Kind) -> &'static str {
    l.t(&format!("licence.kind.{}", k.as_str()))
}

/// Hectares as licences state them, to the hundredth.
pub(crate) fn hectares(l: Lang, v: f64) -> String {
    let text = decimal(l, v, 2);
    // thousands grouped as the reader writes them: 23.265,69 ha, 23,265.69 ha
    let (mark, group) = if l == Lang::Vi {
        (',', '.')
    } else {
        ('.', ',')
    };
    let (whole, fraction) = text.split_once(mark).unwrap_or((&text, ""));
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{mark}{fraction}")
    }
}

/// A number with a decimal comma in Vietnamese, a point in English.
pub(crate) fn decimal(l: Lang, v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    match l {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// The wrong lines of the points' field, each named, in the reader's language.
fn point_errors(l: Lang, lines: &[LineError]) -> Markup {
    html! {
        @for e in lines {
            p.field-error role="alert" {
                (l.fill("coords.line_error", &serde_json::json!({"line": e.line, "problem": l.field_error(e.code, &e.message)})))
            }
        }
    }
}

fn page(
    l: Lang,
    caller: Option<&lode_web::auth::Caller>,
    form: &Form,
    converted: &[Converted],
    errors: &FieldErrors,
    lines: &[LineError],
) -> Markup {
    let from_plane = form.from == From::Vn2000;
    let mut choices: Vec<f64> = meridians().collect();
    for m in [99.0, 111.0, 117.0] {
        choices.push(m);
    }
    choices.sort_by(f64::total_cmp);
    let chosen = crate::points::number(&form.meridian);
    let body = html! {
        h1 { (l.t("coords.title")) }
        p.lead { (l.t("coords.lead")) }
        form.stack method="post" action="/toa-do" {
            @if let Some(c) = caller { (csrf_field(c)) }
            fieldset.field {
                legend { (l.t("coords.direction")) }
                label.check { input type="radio" name="from" value="vn2000" checked[from_plane]; " " (l.t("coords.from_vn2000")) }
                label.check { input type="radio" name="from" value="wgs84" checked[!from_plane]; " " (l.t("coords.from_wgs84")) }
            }
            div.field {
                label for="meridian" { (l.t("coords.meridian")) }
                select id="meridian" name="meridian" {
                    @for m in &choices {
                        option value=(m) selected[chosen == Some(*m)] { (meridian_name(*m)) }
                    }
                }
                (field_errors(l, errors, "meridian"))
            }
            div.field {
                label for="zone" { (l.t("coords.zone")) }
                select id="zone" name="zone" {
                    option value="3" selected[form.zone == Zone::Three] { (l.t("coords.zone3")) }
                    option value="6" selected[form.zone == Zone::Six] { (l.t("coords.zone6")) }
                }
            }
            div.field {
                label for="points" { (l.t("coords.points")) }
                textarea id="points" name="points" rows="8" required
                    aria-describedby="points-hint" { (form.points) }
                p.hint id="points-hint" {
                    (l.fill("coords.points_hint", &serde_json::json!({"max": POINTS_MAX})))
                }
                (point_errors(l, lines))
            }
            button type="submit" { (l.t("coords.convert")) }
        }
        @if !converted.is_empty() {
            section {
                // the results, below the form, are where the reader is taken
                h2 #ket-qua tabindex="-1" autofocus { (l.fill("coords.result", &serde_json::json!({"count": converted.len()}))) }
                p.notice role="status" {
                    (l.fill("coords.done", &serde_json::json!({"count": converted.len(), "meridian": chosen.map(meridian_name).unwrap_or_default(), "zone": form.zone.degrees()})))
                }
                table.list {
                    thead { tr {
                        th { (l.t("coords.point")) }
                        th.num { (l.t("coords.x")) } th.num { (l.t("coords.y")) }
                        th.num { (l.t("coords.lat")) } th.num { (l.t("coords.lon")) }
                    } }
                    tbody {
                        @for (i, p) in converted.iter().enumerate() {
                            tr {
                                td data-label=(l.t("coords.point")) { (p.name.clone().unwrap_or_else(|| (i + 1).to_string())) }
                                td.num data-label=(l.t("coords.x")) { (decimal(l, p.x, 3)) }
                                td.num data-label=(l.t("coords.y")) { (decimal(l, p.y, 3)) }
                                td.num data-label=(l.t("coords.lat")) { (decimal(l, p.lat, 8)) br; small { (dms(p.lat)) } }
                                td.num data-label=(l.t("coords.lon")) { (decimal(l, p.lon, 8)) br; small { (dms(p.lon)) } }
                            }
                        }
                    }
                }
            }
        }
    };
    open_layout(l, caller, l.t("coords.title"), body)
}

/// What the API converts.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// The system the points are in.
    pub from: From,
    /// The VN-2000 plane's central meridian, degrees (105.75 for 105°45′).
    pub meridian: f64,
    /// The zone's width: `"3"` (the default) or `"6"`.
    #[serde(default = "three")]
    pub zone: Zone,
    /// The points: `[X, Y]` (northing, easting, metres) from VN-2000, `[latitude,
    /// longitude]` (degrees) from WGS84.
    pub points: Vec<[f64; 2]>,
}

fn three() -> Zone {
    Zone::Three
}

/// The points converted.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Conversions {
    pub meridian: f64,
    pub zone: Zone,
    pub points: Vec<Converted>,
}

/// Converts points between VN-2000 (any central meridian, 3° or 6° zones) and WGS84. Open to
/// all. A point outside Vietnam's ranges is refused with its index (`points[3]`).
#[utoipa::path(post, path = "/api/v1/coordinates/convert", tag = "cadastre",
    request_body = Conversion,
    responses((status = 200, body = Conversions), (status = 422, description = "a field or a point out of range")))]
pub async fn convert(ApiJson(input): ApiJson<Conversion>) -> ApiResult<Json<Conversions>> {
    let proj = projection(input.meridian, input.zone).map_err(FieldErrors::from)?;
    if input.points.is_empty() || input.points.len() > POINTS_MAX {
        return Err(AppError::Invalid(FieldErrors::single(
            "points",
            "points_count",
            format!("from 1 to {POINTS_MAX} points"),
        ))
        .into());
    }
    // the lines' checks, each point a line of its own
    let text: String = input
        .points
        .iter()
        .map(|[a, b]| format!("{a} {b}\n"))
        .collect();
    let points = convert_lines(input.from, &proj, &text).map_err(|lines| {
        FieldErrors(
            lines
                .iter()
                .map(|e| FieldError {
                    field: format!("points[{}]", e.line - 1),
                    code: e.code,
                    message: e.message.clone(),
                })
                .collect(),
        )
    })?;
    Ok(Json(Conversions {
        meridian: input.meridian,
        zone: input.zone,
        points,
    }))
}
