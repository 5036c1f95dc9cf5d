//! The OpenAPI document of `/api/v1`, generated from the handlers' annotations, and a reference
//! page that renders it on the server (no CDN, no script).

use crate::auth::MaybeCaller;
use crate::i18n::Lang;
use axum::Json;
use maud::{Markup, html};
use utoipa::OpenApi;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::{RefOr, Required};

#[derive(OpenApi)]
#[openapi(
    info(title = "lode API", version = "1", description = "The JSON API of lode, the e-government platform of the Vietnam Department of Geology and Minerals. Authenticate with `Authorization: Bearer <token>` (a personal API token from your account page), or with the session cookie plus `X-CSRF-Token` on state-changing requests. Errors are `application/problem+json` with an `errors` list naming each wrong field. Lists are paginated by key: pass the `next` of one page to get the following one."),
    components(schemas(crate::error::Problem)),
    tags(
        (name = "session", description = "Signing in and out"),
        (name = "account", description = "The caller's own account and API tokens"),
        (name = "work", description = "The caller's work queues"),
        (name = "organisation", description = "The organisation tree"),
        (name = "people", description = "Staff, businesses and citizens"),
        (name = "incoming", description = "Incoming documents (văn bản đến)"),
        (name = "outgoing", description = "Outgoing documents (văn bản đi)"),
        (name = "dossiers", description = "Work dossiers (hồ sơ công việc)"),
        (name = "reports", description = "Reporting figures"),
        (name = "audit", description = "The audit log"),
        (name = "jobs", description = "Background jobs: sweeps, notices and e-mail, certificate refreshes"),
        (name = "certificates", description = "The registry of signing certificates"),
        (name = "services", description = "Online public services: the procedure catalogue, the working calendar"),
    )
)]
pub struct ApiDoc;

/// The whole document as served: the description above with the operation of every route the
/// application mounts, its own and its capabilities'.
#[derive(Clone)]
pub struct Document(pub std::sync::Arc<utoipa::openapi::OpenApi>);

impl Document {
    /// The document of the routes `api` holds, each operation with the standard problems.
    pub fn of(api: utoipa::openapi::OpenApi) -> Self {
        Self(std::sync::Arc::new(with_standard_problems(api)))
    }
}

/// Every operation can answer with a problem: bad syntax, no session, not allowed, and so on.
/// Rather than repeat these on every handler, they are added here to each operation that does
/// not describe them itself, and problem bodies get their own media type.
fn with_standard_problems(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    const PROBLEM_JSON: &str = "application/problem+json";
    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    PROBLEM_JSON,
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build(),
        )
    };
    let is_problem = |c: &utoipa::openapi::Content| matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"));
    for (path, item) in doc.paths.paths.iter_mut() {
        let with_id = path.contains('{');
        for (method, op) in [
            (HttpMethod::Get, &mut item.get),
            (HttpMethod::Post, &mut item.post),
            (HttpMethod::Put, &mut item.put),
            (HttpMethod::Patch, &mut item.patch),
            (HttpMethod::Delete, &mut item.delete),
        ] {
            let Some(op) = op else { continue };
            // Handlers in different modules share names (`show`, `update`): prefix the tag so
            // that every operation id is unique, as OpenAPI requires.
            if let (Some(tag), Some(id)) =
                (op.tags.as_ref().and_then(|t| t.first()), &op.operation_id)
            {
                op.operation_id = Some(format!("{tag}_{id}"));
            }
            for r in op.responses.responses.values_mut() {
                if let RefOr::T(resp) = r
                    && resp.content.get("application/json").is_some_and(is_problem)
                    && let Some(c) = resp.content.shift_remove("application/json")
                {
                    resp.content.insert(PROBLEM_JSON.to_string(), c);
                }
            }
            let mut standard = vec![
                ("400", "The request is malformed: syntax, query string."),
                ("401", "No valid session or API token."),
                (
                    "403",
                    "Not allowed for this account, or the CSRF token is missing.",
                ),
                ("500", "Internal error (details are logged, never shown)."),
            ];
            if with_id {
                standard.push(("404", "No such record, or not one the caller may see."));
            }
            if with_id && matches!(method, HttpMethod::Post | HttpMethod::Patch) {
                standard.push((
                    "409",
                    "The record changed since it was read, or its state does not allow this.",
                ));
            }
            if matches!(
                method,
                HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch
            ) {
                standard.push(("413", "The body is too large."));
                standard.push(("415", "The body is not of the expected media type."));
                standard.push((
                    "422",
                    "The body is of the wrong shape, or fields break rules: `errors` names each.",
                ));
            } else {
                standard.push((
                    "422",
                    "A query parameter breaks a rule (a date that is not one, a control character): `errors` names it.",
                ));
            }
            for (code, description) in standard {
                op.responses
                    .responses
                    .entry(code.to_string())
                    .or_insert_with(|| problem(description));
            }
        }
    }
    doc
}

/// `GET /api/openapi.json`
pub async fn document(
    axum::Extension(Document(doc)): axum::Extension<Document>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    Json(&*doc).into_response()
}

fn method_name(m: &HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Head => "HEAD",
        HttpMethod::Options => "OPTIONS",
        HttpMethod::Trace => "TRACE",
    }
}

fn operations(item: &utoipa::openapi::PathItem) -> Vec<(HttpMethod, &Operation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Delete, &item.delete),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|o| (m, o)))
    .collect()
}

fn parameter_place(p: &utoipa::openapi::path::ParameterIn) -> &'static str {
    use utoipa::openapi::path::ParameterIn;
    match p {
        ParameterIn::Query => "query",
        ParameterIn::Path => "path",
        ParameterIn::Header => "header",
        ParameterIn::Cookie => "cookie",
    }
}

fn ref_name(r: &RefOr<utoipa::openapi::schema::Schema>) -> String {
    match r {
        RefOr::Ref(r) => r.ref_location.rsplit('/').next().unwrap_or("").to_string(),
        RefOr::T(_) => "inline".to_string(),
    }
}

fn schema_json(s: &RefOr<utoipa::openapi::schema::Schema>) -> String {
    serde_json::to_string_pretty(s).unwrap_or_default()
}

/// `GET /api/docs`: every operation with its parameters, body and answers, then every schema.
pub async fn reference_page(
    axum::Extension(Document(doc)): axum::Extension<Document>,
    MaybeCaller(caller): MaybeCaller,
    l: Lang,
) -> Markup {
    let body = html! {
        h1 { (l.t("api.title")) }
        p.lead { (doc.info.description.as_deref().unwrap_or("")) }
        p { a href="/api/openapi.json" { "openapi.json" } }
        nav.toc {
            ul { @for (path, item) in &doc.paths.paths { @for (m, op) in operations(item) {
                li { a href={ "#" (op.operation_id.as_deref().unwrap_or("")) } { code { (method_name(&m)) " " (path) } } }
            } } }
        }
        @for (path, item) in &doc.paths.paths {
            @for (m, op) in operations(item) {
                section.operation id=(op.operation_id.as_deref().unwrap_or("")) {
                    h2 { code { span.method { (method_name(&m)) } " " (path) } }
                    @if let Some(s) = &op.summary { p { strong { (s) } } }
                    @if let Some(d) = &op.description { p { (d) } }
                    @if let Some(params) = &op.parameters {
                        table.list {
                            thead { tr { th { (l.t("api.parameter")) } th { (l.t("api.in")) } th { (l.t("api.required")) } th { (l.t("api.description")) } } }
                            tbody { @for p in params {
                                tr {
                                    td { code { (p.name) } }
                                    td { (parameter_place(&p.parameter_in)) }
                                    td { @if matches!(p.required, Required::True) { "✓" } }
                                    td { (p.description.as_deref().unwrap_or("")) }
                                }
                            } }
                        }
                    }
                    @if let Some(b) = &op.request_body {
                        p { (l.t("api.body")) ": "
                            @for (ct, c) in &b.content { code { (ct) } " " @if let Some(s) = &c.schema { a href={ "#schema-" (ref_name(s)) } { (ref_name(s)) } } " " }
                        }
                    }
                    p { (l.t("api.responses")) ": "
                        @for (code, r) in &op.responses.responses {
                            code { (code) } " "
                            @if let RefOr::T(resp) = r { @for c in resp.content.values() { @if let Some(s) = &c.schema {
                                a href={ "#schema-" (ref_name(s)) } { (ref_name(s)) } " "
                            } } }
                        }
                    }
                }
            }
        }
        h2 { (l.t("api.schemas")) }
        @if let Some(c) = &doc.components {
            @for (name, s) in &c.schemas {
                section.schema id={ "schema-" (name) } {
                    h3 { code { (name) } }
                    pre { (schema_json(s)) }
                }
            }
        }
    };
    match caller {
        Some(c) => crate::pages::layout(&c, l.t("api.title"), crate::pages::Nav::Api, body),
        None => crate::pages::bare_layout(l, l.t("api.title"), body),
    }
}
