//! The zone layers: where mining is banned or restricted. The page `/giay-phep/vung-cam`
//! lists every layer with its versions and, for administrators and licence officers, imports
//! a new version from a GeoJSON, KML or Shapefile (its `.shp` with its `.dbf`, or the two
//! zipped); the API lists them (`GET /api/v1/cadastre/zones`) and imports
//! (`POST /api/v1/cadastre/zones`, multipart).

use crate::files::UPLOAD_MAX;
use crate::zones::{self, ImportInput, LayerVersion, Restriction, manages_zones};
use axum::Json;
use axum::Router;
use axum::extract::Multipart;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use lode_core::validation::{FieldError, FieldErrors};
use lode_web::auth::{Caller, MaybeCaller};
use lode_web::error::{ApiResult, AppError, PageResult};
use lode_web::i18n::Lang;
use lode_web::pages::{PageQuery, field_errors, form_errors, local_time, open_layout};
use lode_web::{AppState, State};
use maud::{Markup, html};
use std::sync::Arc;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

pub fn router() -> Router<Arc<AppState>> {
    Router::new().route(
        "/giay-phep/vung-cam",
        get(page)
            .post(import_page)
            .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_MAX + 64 * 1024)),
    )
}

pub fn api() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(
        routes!(list, import).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_MAX + 64 * 1024)),
    )
}

/// An import as posted: the layer's fields and its files.
struct Posted {
    input: ImportInput,
    files: Vec<(String, Vec<u8>)>,
}

async fn posted(mut m: Multipart) -> Result<Posted, AppError> {
    let mut input = ImportInput {
        code: String::new(),
        name: String::new(),
        restriction: String::new(),
    };
    let mut files = Vec::new();
    let mut total = 0usize;
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("the upload was cut short".into()))?
    {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" | "files" => {
                let file_name =
                    lode_web::files::sanitise_name(field.file_name().unwrap_or("zones"));
                let data = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
                total += data.len();
                if total > UPLOAD_MAX {
                    return Err(AppError::PayloadTooLarge);
                }
                if !data.is_empty() {
                    files.push((file_name, data.to_vec()));
                }
            }
            "code" | "name" | "restriction" => {
                let v = field
                    .text()
                    .await
                    .map_err(|_| AppError::BadRequest("a field that is not text".into()))?;
                let v = lode_core::validation::nfc(&v).into_owned();
                match name.as_str() {
                    "code" => input.code = v,
                    "name" => input.name = v,
                    _ => input.restriction = v,
                }
            }
            _ => {}
        }
    }
    Ok(Posted { input, files })
}

/// Reads the files and imports them as the layer's next version.
async fn run_import(
    state: &AppState,
    caller: &Caller,
    p: &Posted,
) -> Result<LayerVersion, AppError> {
    if !manages_zones(&caller.actor) {
        return Err(AppError::Forbidden);
    }
    let read = if p.files.is_empty() {
        Err(FieldError {
            field: "file".into(),
            code: "required",
            message: "choose the layer's file".into(),
        })
    } else {
        crate::files::zones(&p.files)
    };
    let features = match read {
        Ok(f) => f,
        Err(e) => {
            // the layer's own fields are checked too, so that every error shows at once
            let mut errors = FieldErrors(vec![e]);
            if let Err(lode_db::DbError::Invalid(more)) =
                zones::import(&state.db, &caller.ctx(), &caller.actor, &p.input, "", &[]).await
            {
                errors
                    .0
                    .extend(more.0.into_iter().filter(|x| x.field != "file"));
            }
            return Err(AppError::Invalid(errors));
        }
    };
    let source = p
        .files
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Ok(zones::import(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        &p.input,
        &source,
        &features,
    )
    .await?)
}

/// Every version of every zone layer, those in force first.
#[utoipa::path(get, path = "/api/v1/cadastre/zones", tag = "cadastre",
    responses((status = 200, body = [LayerVersion])))]
pub async fn list(axum::extract::State(state): State) -> ApiResult<Json<Vec<LayerVersion>>> {
    Ok(Json(zones::layers(&state.db).await?))
}

/// Imports a zone layer's next version (multipart: `code`, `name`, `restriction` — `banned`
/// or `restricted` — and `file`, a GeoJSON, KML or zipped Shapefile, or a `.shp` and its
/// `.dbf`): the version before goes out of force. Administrators and licence officers.
#[utoipa::path(post, path = "/api/v1/cadastre/zones", tag = "cadastre",
    responses((status = 201, body = LayerVersion), (status = 403), (status = 415), (status = 422)))]
pub async fn import(
    axum::extract::State(state): State,
    caller: Caller,
    m: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<(StatusCode, Json<LayerVersion>)> {
    let m = m.map_err(|_| {
        AppError::UnsupportedMediaType("a multipart/form-data body with the layer's file".into())
    })?;
    let p = posted(m).await?;
    Ok((
        StatusCode::CREATED,
        Json(run_import(&state, &caller, &p).await?),
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
struct Done {
    done: Option<String>,
}

/// The layers as a table: for the public, the layers in force, each by its name, what it
/// restricts and how many zones it holds; for those who manage them, every version with its
/// code, source file and standing.
fn layers_view(l: Lang, layers: &[LayerVersion], managing: bool) -> Markup {
    let shown: Vec<&LayerVersion> = layers.iter().filter(|v| managing || v.in_force).collect();
    html! {
        @if shown.is_empty() {
            p.empty { (l.t("zone.none")) }
        } @else {
            table.list {
                thead { tr {
                    th { (l.t("zone.layer")) } th { (l.t("zone.restriction")) }
                    @if managing { th.num { (l.t("zone.version")) } }
                    th.num { (l.t("zone.count")) }
                    @if managing { th { (l.t("zone.source")) } }
                    th { (l.t(if managing { "zone.imported_at" } else { "zone.since" })) }
                    @if managing { th { (l.t("zone.standing")) } }
                } }
                tbody {
                    @for v in shown {
                        tr {
                            td data-label=(l.t("zone.layer")) { (v.name) @if managing { br; span.hint { (v.code) } } }
                            td data-label=(l.t("zone.restriction")) { (l.t(&format!("zone.restriction.{}", v.restriction.as_str()))) }
                            @if managing { td.num data-label=(l.t("zone.version")) { (v.version) } }
                            td.num data-label=(l.t("zone.count")) { (v.zones) }
                            @if managing { td data-label=(l.t("zone.source")) { (v.source) } }
                            @if managing {
                                td data-label=(l.t("zone.imported_at")) { (local_time(&v.imported_at)) }
                            } @else {
                                td data-label=(l.t("zone.since")) { (lode_web::pages::local_day(&v.imported_at)) }
                            }
                            @if managing {
                                td data-label=(l.t("zone.standing")) {
                                    @if v.in_force { span.badge.ok { (l.t("zone.in_force")) } } @else { span.badge { (l.t("zone.superseded")) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn import_form(l: Lang, c: &Caller, p: Option<&ImportInput>, errors: &FieldErrors) -> Markup {
    let v = |f: fn(&ImportInput) -> &str| p.map(f).unwrap_or("");
    html! {
        section {
            h2 { (l.t("zone.import")) }
            p.hint { (l.t("zone.import_hint")) }
            form.stack method="post" enctype="multipart/form-data" action="/giay-phep/vung-cam" { (lode_web::pages::csrf_field(c))
                (form_errors(l, errors, &["code", "name", "restriction", "file"]))
                div.field {
                    label for="name" { (l.t("zone.layer_name")) " *" }
                    input id="name" name="name" required maxlength="200" value=(v(|i| &i.name));
                    (field_errors(l, errors, "name"))
                }
                div.field {
                    label for="code" { (l.t("zone.layer_code")) " *" }
                    input id="code" name="code" required maxlength="40" pattern="[a-z0-9][a-z0-9\\-]{1,39}" value=(v(|i| &i.code));
                    p.hint { (l.t("zone.layer_code_hint")) }
                    (field_errors(l, errors, "code"))
                }
                div.field {
                    label for="restriction" { (l.t("zone.restriction")) " *" }
                    select id="restriction" name="restriction" {
                        @for r in Restriction::ALL {
                            option value=(r.as_str()) selected[v(|i| &i.restriction) == r.as_str()] { (l.t(&format!("zone.restriction.{}", r.as_str()))) }
                        }
                    }
                    (field_errors(l, errors, "restriction"))
                }
                div.field {
                    label for="file" { (l.t("zone.file")) " *" }
                    input id="file" name="file" type="file" multiple required accept=".geojson,.json,.kml,.zip,.shp,.dbf,.prj,.shx,.cpg";
                    p.hint { (l.t("zone.file_hint")) }
                    (field_errors(l, errors, "file"))
                }
                button type="submit" { (l.t("zone.import_it")) }
            }
        }
    }
}

async fn render(
    state: &AppState,
    l: Lang,
    caller: Option<&Caller>,
    done: Option<&str>,
    posted: Option<&ImportInput>,
    errors: &FieldErrors,
) -> Result<Markup, AppError> {
    let layers = zones::layers(&state.db).await?;
    let managing = caller.is_some_and(|c| manages_zones(&c.actor));
    let body = html! {
        p.crumbs { a href="/giay-phep" { (l.t("licence.register")) } }
        h1 { (l.t("zone.title")) }
        p.lead { (l.t("zone.lead")) }
        @if managing { p.hint { (l.t("zone.versions_kept")) } }
        @if done == Some("imported") {
            p.notice role="status" { (l.t("zone.imported")) }
        }
        (layers_view(l, &layers, managing))
        @if let Some(c) = caller.filter(|c| manages_zones(&c.actor)) {
            (import_form(l, c, posted, errors))
        }
    };
    Ok(open_layout(l, caller, l.t("zone.title"), body))
}

/// `GET /giay-phep/vung-cam`: the layers, open to all; the import form for those who may.
async fn page(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    PageQuery(q): PageQuery<Done>,
) -> PageResult<Markup> {
    let l = lode_web::pages::reader_lang(&headers, caller.as_ref());
    Ok(render(
        &state,
        l,
        caller.as_ref(),
        q.done.as_deref(),
        None,
        &FieldErrors::new(),
    )
    .await?)
}

/// `POST /giay-phep/vung-cam`: a layer imported, or the form again with its errors.
async fn import_page(
    axum::extract::State(state): State,
    caller: Caller,
    m: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult<Response> {
    let m =
        m.map_err(|_| AppError::BadRequest("the form was not sent as a form with files".into()))?;
    let p = posted(m).await?;
    match run_import(&state, &caller, &p).await {
        Ok(_) => Ok(Redirect::to("/giay-phep/vung-cam?done=imported").into_response()),
        Err(AppError::Invalid(errors)) => {
            let body = render(
                &state,
                caller.lang,
                Some(&caller),
                None,
                Some(&p.input),
                &errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
