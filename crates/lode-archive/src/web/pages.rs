//! The archive's pages: the catalogue open to all (`/luu-tru`: one search box, filters that
//! fold away, records ranked with a snippet and the pages where the words are; a record's
//! page), and for the archive's staff a record's form (new, edit) and its versions.

use crate::catalogue::{self, Record};
use crate::domain::{Access, EntryInput, Reader, RecordKind};
use crate::search::{self, Filter, Hit, PAGE};
use axum::Router;
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use lode_core::validation::FieldErrors;
use lode_web::auth::{Caller, MaybeCaller};
use lode_web::error::{AppError, PageResult};
use lode_web::i18n::Lang;
use lode_web::pages::listing::{Address, pager};
use lode_web::pages::{
    PageQuery, answer_change, csrf_field, field_errors, first, form_pairs, labelled_form_errors,
    local_day, local_time, open_layout,
};
use lode_web::{AppState, State};
use maud::{Markup, html};
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/luu-tru", get(list).post(create))
        .route("/luu-tru/moi", get(new_form))
        .route(
            "/luu-tru/nhap",
            get(import_form)
                .post(import)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::transfer::IMPORT_MAX_BYTES + 64 * 1024,
                )),
        )
        .route("/luu-tru/muc-luc.csv", get(export))
        .route("/oai", get(oai_get).post(oai_post))
        .route("/luu-tru/yeu-cau", get(request_page).post(submit_request))
        .route("/luu-tru/yeu-cau/them", axum::routing::post(add_to_request))
        .route(
            "/luu-tru/yeu-cau/bo",
            axum::routing::post(remove_from_request),
        )
        .route("/luu-tru/yeu-cau-khai-thac", get(filed_requests))
        .route("/luu-tru/thong-ke", get(figures_page))
        .route("/luu-tru/yeu-cau/{id}/ban-sao", get(download_copy))
        .route(
            "/luu-tru/yeu-cau-khai-thac/{id}",
            axum::routing::post(decide_request),
        )
        .route("/luu-tru/{id}/iso19139.xml", get(iso_xml))
        .route("/luu-tru/{id}", get(show).post(save))
        .route("/luu-tru/{id}/sua", get(edit_form))
        .route("/luu-tru/{id}/phien-ban", get(versions))
        .route(
            "/luu-tru/{id}/tep",
            axum::routing::post(upload)
                .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_MAX_BYTES)),
        )
        .route(
            "/luu-tru/{id}/trang/{seq}",
            get(view_page).post(correct_page),
        )
        .route("/luu-tru/{id}/trang/{seq}/anh", get(page_image))
        .route("/luu-tru/{id}/tep/{file}/{copy}", get(file_copy))
}

/// `GET /luu-tru/{id}/tep/{file}/goc` (the scan as uploaded) and `…/tim-kiem` (its searchable
/// PDF/A copy): the archive's staff.
pub async fn file_copy(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, file, copy)): Path<(String, String, String)>,
) -> PageResult<Response> {
    let searchable = match copy.as_str() {
        "goc" => false,
        "tim-kiem" => true,
        _ => return Err(AppError::NotFound.into()),
    };
    let (Ok(id), Ok(file)) = (id.parse::<i64>(), file.parse::<i64>()) else {
        return Err(AppError::NotFound.into());
    };
    let reader = super::reader(Some(&caller));
    let (sha, stem) = crate::digitise::file_copy(&state.db, reader, id, file, searchable).await?;
    Ok(lode_web::api::serve_file(&state, &sha, &stem).await?)
}

/// The most one upload of scans may carry (a batch of files).
const UPLOAD_MAX_BYTES: usize = 2 * crate::digitise::SCAN_MAX_BYTES;

use lode_web::pages::reader_lang as lang;

fn kind_name(l: Lang, k: RecordKind) -> &'static str {
    l.t(&format!("archive.kind.{}", k.as_str()))
}

fn access_name(l: Lang, a: Access) -> &'static str {
    l.t(&format!("archive.access.{}", a.as_str()))
}

fn url_encoded(text: &str) -> String {
    url_escape(text)
}

/// `text` as a query's value.
fn url_escape(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Degrees as the reader writes a decimal number (`107,25` in Vietnamese).
fn degrees(l: Lang, x: f64) -> String {
    let written = format!("{x}");
    match l {
        Lang::Vi => written.replace('.', ","),
        Lang::En => written,
    }
}

/// A piece of text with the byte ranges `marks` marked.
fn with_marks(text: &str, marks: &[(usize, usize)]) -> Markup {
    let mut at = 0;
    let mut pieces = Vec::new();
    for (a, b) in marks {
        if *a >= at && text.is_char_boundary(*a) && text.is_char_boundary(*b) {
            pieces.push((&text[at..*a], &text[*a..*b]));
            at = *b;
        }
    }
    html! {
        @for (plain, found) in pieces { (plain) mark { (found) } }
        (text.get(at..).unwrap_or(""))
    }
}

/// `GET /luu-tru`: the catalogue, searched.
pub async fn list(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    PageQuery(f): PageQuery<Filter>,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let reader = super::reader(caller.as_ref());
    let (results, errors) = match f.check() {
        Ok(checked) => (
            Some(search::search(&state.db, reader, &checked).await?),
            FieldErrors::new(),
        ),
        Err(e) => (None, e),
    };
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let address = |page: i64| {
        Address::new()
            .texts(&[
                ("q", &f.q),
                ("kind", &f.kind),
                ("mineral", &f.mineral),
                ("province", &f.province),
                ("year_from", &f.year_from),
                ("year_to", &f.year_to),
                ("access", &f.access),
                ("digital", &f.digital),
                ("bbox", &f.bbox),
            ])
            .page(page)
            .at("/luu-tru")
    };
    let filtered = [
        &f.kind,
        &f.mineral,
        &f.province,
        &f.year_from,
        &f.year_to,
        &f.access,
        &f.digital,
        &f.bbox,
    ]
    .iter()
    .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()));
    let body = html! {
        h1 { (l.t("archive.title")) }
        p.hint { (l.t("archive.hint")) }
        @if reader.keeps_archive() {
            p.actions {
                a.button href="/luu-tru/moi" { (l.t("archive.new")) } " "
                a href="/luu-tru/nhap" { (l.t("archive.import")) }
                a href="/luu-tru/muc-luc.csv" { (l.t("archive.export")) }
            }
            // the archive's other work: requests to decide, data handed over, its figures
            p.actions {
                a href="/luu-tru/yeu-cau-khai-thac" { (l.t("archive.filed_requests")) }
                a href="/luu-tru/giao-nop" { (l.t("archive.submissions")) }
                a href="/luu-tru/thong-ke" { (l.t("archive.figures_link")) }
            }
        }
        form.search method="get" action="/luu-tru" role="search" {
            div.field {
                label for="q" { (l.t("archive.q")) }
                input id="q" name="q" type="search" value=(value(&f.q)) placeholder=(l.t("archive.q_placeholder"))
                    aria-invalid=[errors.0.iter().any(|e| e.field == "q").then_some("true")] aria-describedby=[lode_web::pages::error_id(&errors, "q")];
                (field_errors(l, &errors, "q"))
            }
            details.filters open[filtered || !errors.is_empty()] {
                summary { (l.t("archive.more_filters")) }
                div.filter-grid {
                    div.field {
                        label for="kind" { (l.t("archive.field.kind")) }
                        select id="kind" name="kind" {
                            option value="" { (l.t("archive.any")) }
                            @for k in RecordKind::ALL {
                                option value=(k.as_str()) selected[f.kind.as_deref() == Some(k.as_str())] { (kind_name(l, *k)) }
                            }
                        }
                        (field_errors(l, &errors, "kind"))
                    }
                    div.field {
                        label for="mineral" { (l.t("archive.field.mineral")) }
                        input id="mineral" name="mineral" value=(value(&f.mineral));
                    }
                    div.field {
                        label for="province" { (l.t("archive.field.province")) }
                        input id="province" name="province" value=(value(&f.province));
                    }
                    div.field {
                        label for="year_from" { (l.t("archive.year_from")) }
                        input id="year_from" name="year_from" inputmode="numeric" size="6" value=(value(&f.year_from));
                        (field_errors(l, &errors, "year_from"))
                    }
                    div.field {
                        label for="year_to" { (l.t("archive.year_to")) }
                        input id="year_to" name="year_to" inputmode="numeric" size="6" value=(value(&f.year_to));
                        (field_errors(l, &errors, "year_to"))
                    }
                    div.field {
                        label for="access" { (l.t("archive.field.access")) }
                        select id="access" name="access" {
                            option value="" { (l.t("archive.any")) }
                            @for a in reader.entry_levels() {
                                option value=(a.as_str()) selected[f.access.as_deref() == Some(a.as_str())] { (access_name(l, a)) }
                            }
                        }
                        (field_errors(l, &errors, "access"))
                    }
                    div.field {
                        label for="bbox" { (l.t("archive.field.bbox")) }
                        input id="bbox" name="bbox" value=(value(&f.bbox)) placeholder="103.5,21.0,105.0,22.8";
                        p.hint { (l.t("archive.bbox_hint")) }
                        (field_errors(l, &errors, "bbox"))
                    }
                    div.field {
                        label.check {
                            input type="checkbox" name="digital" value="1" checked[f.digital.as_deref() == Some("1")];
                            " " (l.t("archive.digital_only"))
                        }
                    }
                }
            }
            button type="submit" { (l.t("archive.search")) }
        }
        @if let Some(r) = &results {
            p.total { (l.fill("archive.found", &serde_json::json!({"count": l.number(r.total)}))) }
            @if r.hits.is_empty() { p.empty { (l.t("archive.none_found")) } }
            ol.hits start=(((r.page - 1) * PAGE) + 1) {
                @for h in &r.hits { (hit(l, h, f.q.as_deref().unwrap_or(""))) }
            }
            // the count is known: the pager offers the last page too
            (pager(l, r.page, PAGE, Some(lode_db::Total { count: r.total, more: false }), r.more, address))
        }
    };
    Ok(open_layout(l, caller.as_ref(), l.t("archive.title"), body))
}

fn hit(l: Lang, h: &Hit, q: &str) -> Markup {
    html! {
        li.hit {
            h2 { a href={ "/luu-tru/" (h.id) } { (h.title) } }
            p.meta {
                span { (h.archive_number) } " · " span { (kind_name(l, h.kind)) }
                @if let Some(y) = h.year { " · " (y) }
                @if let Some(p) = &h.province { " · " (p) }
                @if let Some(o) = &h.organisation { " · " (o) }
                " " span.badge { (access_name(l, h.access)) }
            }
            @if let Some(s) = &h.snippet { p.snippet { (with_marks(s, &h.marks)) } }
            @if !h.pages.is_empty() {
                p.pages { (l.t("archive.pages_found")) " "
                    @for (i, p) in h.pages.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "/luu-tru/" (h.id) "/trang/" (p) "?q=" (url_encoded(q)) } { (p) }
                    }
                }
            }
            @if h.page_count > 0 {
                p.hint { (l.fill("archive.digitised", &serde_json::json!({"pages": l.number(h.page_count), "text": l.number(h.text_pages)}))) }
            }
        }
    }
}

/// `GET /luu-tru/{id}`: a record's page.
pub async fn show(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<DoneQuery>,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let reader = super::reader(caller.as_ref());
    let r = catalogue::visible(&state.db, reader, id).await?;
    let files = if reader.reads_content(r.entry.access) || reader.keeps_archive() {
        crate::digitise::files_of(&state.db, id).await?
    } else {
        Vec::new()
    };
    let body = html! {
        (record_page(l, reader, &r, q.done.as_deref()))
        (request_button(l, caller.as_ref(), &r))
        (digital_section(l, caller.as_ref(), reader, &r, (&files, None)))
    };
    Ok(open_layout(l, caller.as_ref(), &r.entry.title, body))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

fn record_page(l: Lang, reader: Reader, r: &Record, done: Option<&str>) -> Markup {
    let list = |items: &[String]| items.join("; ");
    html! {
        p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } }
        h1 { (r.entry.title) }
        @if let Some(d) = done {
            p.notice role="status" { (l.t(if d == "uploaded" { "archive.uploaded" } else { "notice.saved" })) }
        }
        @if let Some(en) = &r.entry.title_en { p.subtitle lang="en" { (en) } }
        @if reader.keeps_archive() {
            p.actions {
                a.button href={ "/luu-tru/" (r.id) "/sua" } { (l.t("archive.edit")) }
                " " a href={ "/luu-tru/" (r.id) "/phien-ban" } { (l.t("archive.versions")) }
            }
        }
        dl.facts {
            dt { (l.t("archive.field.archive_number")) } dd { (r.entry.archive_number) }
            dt { (l.t("archive.field.kind")) } dd { (kind_name(l, r.entry.kind)) }
            dt { (l.t("archive.field.access")) } dd { (access_name(l, r.entry.access)) " · "
                (l.t(if r.entry.copy_allowed { "archive.copy_allowed" } else { "archive.copy_not_allowed" })) }
            @if let Some(s) = &r.entry.map_sheet { dt { (l.t("archive.field.map_sheet")) } dd { (s) } }
            @if let Some(s) = r.entry.scale { dt { (l.t("archive.field.scale")) } dd { "1:" (l.number(s)) } }
            @if !r.entry.authors.is_empty() { dt { (l.t("archive.field.authors")) } dd { (list(&r.entry.authors)) } }
            @if let Some(o) = &r.entry.organisation { dt { (l.t("archive.field.organisation")) } dd { (o) } }
            @if let Some(y) = r.entry.year { dt { (l.t("archive.field.year")) } dd { (y) } }
            @if let Some(d) = &r.entry.submitted_on { dt { (l.t("archive.field.submitted_on")) } dd { (local_day(d)) } }
            @if !r.entry.minerals.is_empty() { dt { (l.t("archive.field.minerals")) } dd { (list(&r.entry.minerals)) } }
            @if !r.entry.keywords.is_empty() { dt { (l.t("archive.field.keywords")) } dd { (list(&r.entry.keywords)) } }
            @if let Some(p) = &r.entry.province {
                dt { (l.t("archive.field.province")) }
                dd {
                    @if let Some(c) = &r.entry.commune { (c) ", " }
                    (p)
                    @if let Some(old) = &r.entry.old_province { " (" (l.t("archive.formerly")) " " @if let Some(c) = &r.entry.old_commune { (c) ", " } (old) ")" }
                }
            }
            @if let Some(b) = r.entry.bbox {
                dt { (l.t("archive.field.bbox")) }
                dd { (l.fill("archive.bbox_text", &serde_json::json!({"west": degrees(l, b.west), "south": degrees(l, b.south), "east": degrees(l, b.east), "north": degrees(l, b.north)}))) }
            }
            @if let Some(x) = &r.entry.related { dt { (l.t("archive.field.related")) } dd { (x) } }
            dt { (l.t("archive.field.physical")) }
            dd { (l.fill("archive.physical_text", &serde_json::json!({"volumes": r.entry.volumes, "appendices": r.entry.appendices, "drawings": r.entry.drawings}))) }
            @if let Some(s) = &r.entry.shelf { dt { (l.t("archive.field.shelf")) } dd { (s) } }
            dt { (l.t("archive.field.digital")) }
            dd {
                @if r.page_count == 0 { (l.t("archive.not_digitised")) }
                @else { (l.fill("archive.digitised", &serde_json::json!({"pages": l.number(r.page_count), "text": l.number(r.text_pages)}))) }
            }
            @if let Some(x) = &r.entry.lineage { dt { (l.t("archive.field.lineage")) } dd { (x) } }
            @if let Some(x) = &r.entry.remarks { dt { (l.t("archive.field.remarks")) } dd { (x) } }
            dt { (l.t("archive.field.updated_at")) } dd { (local_time(&r.updated_at)) }
            dt { (l.t("archive.metadata")) } dd { a href={ "/luu-tru/" (r.id) "/iso19139.xml" } { "ISO 19139 (XML)" } }
        }
        @if let Some(a) = &r.entry.r#abstract {
            h2 { (l.t("archive.field.abstract")) }
            @for para in a.split('\n') { p { (para) } }
        }
    }
}

/// The record's scans: how far each is read, its pages to open; the archive's staff add more.
fn digital_section(
    l: Lang,
    caller: Option<&Caller>,
    reader: Reader,
    r: &Record,
    (files, refused): (&[crate::digitise::ScanFile], Option<&str>),
) -> Markup {
    html! {
        section.digital {
            h2 { (l.t("archive.field.digital")) }
            @if r.page_count > 0 && !reader.reads_content(r.entry.access) {
                p.hint { (l.t("archive.content_by_request")) }
            }
            @if files.is_empty() && r.page_count == 0 {
                p.empty { (l.t("archive.no_scans")) }
            }
            @if !files.is_empty() {
                table.list {
                    thead { tr {
                        th { (l.t("archive.file")) } th { (l.t("archive.pages")) } th { (l.t("archive.reading")) }
                        @if reader.keeps_archive() { th { (l.t("archive.copies")) } }
                    } }
                    tbody {
                        @for f in files {
                            tr {
                                td data-label=(l.t("archive.file")) { (f.name) }
                                td.num data-label=(l.t("archive.pages")) { (f.pages) }
                                td data-label=(l.t("archive.reading")) {
                                    @match f.state.as_str() {
                                        "queued" => (l.t("archive.state.queued")),
                                        "failed" => span.badge.overdue { (l.t("archive.state.failed")) },
                                        "done" => (l.t("archive.state.done")),
                                        _ => {
                                            (l.fill("archive.state.reading", &serde_json::json!({"done": f.pages_read, "total": f.pages})))
                                            " " progress max=(f.pages.max(1)) value=(f.pages_read) aria-label=(l.t("archive.reading")) {}
                                        }
                                    }
                                }
                                @if reader.keeps_archive() {
                                    td data-label=(l.t("archive.copies")) {
                                        a href={ "/luu-tru/" (r.id) "/tep/" (f.id) "/goc" } { (l.t("archive.copy_original")) }
                                        @if f.searchable {
                                            " · " a href={ "/luu-tru/" (r.id) "/tep/" (f.id) "/tim-kiem" } { (l.t("archive.copy_searchable")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if r.page_count > 0 && reader.reads_content(r.entry.access) {
                p { (l.t("archive.open_page")) " "
                    @for n in 1..=r.page_count.min(500) {
                        a.page-link href={ "/luu-tru/" (r.id) "/trang/" (n) } { (n) } " "
                    }
                }
            }
            @if let Some(c) = caller.filter(|_| reader.keeps_archive()) {
                form.stack method="post" enctype="multipart/form-data" action={ "/luu-tru/" (r.id) "/tep" } { (lode_web::pages::csrf_field(c))
                    div.field {
                        label for="scans" { (l.t("archive.add_scans")) }
                        input id="scans" name="scans" type="file" multiple accept="application/pdf,image/tiff,image/jpeg,.pdf,.tif,.tiff,.jpg,.jpeg" required
                            aria-invalid=[refused.is_some().then_some("true")];
                        p.hint { (l.t("archive.scans_hint")) }
                        @if let Some(why) = refused { p.field-error role="alert" { (why) } }
                    }
                    button type="submit" { (l.t("archive.upload")) }
                }
            }
        }
    }
}

/// The form of a record: its values as typed, the errors beside their fields.
/// A record's form posting to `action`; with `around`, what goes before the fields (checks)
/// and, in place of the save button, after them (buttons of its own).
pub(super) fn entry_form(
    l: Lang,
    caller: &Caller,
    action: &str,
    v: &EntryInput,
    errors: &FieldErrors,
    around: Option<(Markup, Markup)>,
) -> Markup {
    let (head, tail) = match around {
        Some((head, tail)) => (Some(head), Some(tail)),
        None => (None, None),
    };
    let text = |name: &str, value: &Option<String>, required: bool| -> Markup {
        let invalid = errors.0.iter().any(|e| e.field == name);
        html! {
            div.field {
                label for=(name) { (l.t(&format!("archive.field.{name}"))) @if required { " *" } }
                input id=(name) name=(name) value=(value.as_deref().unwrap_or("")) required[required]
                    aria-invalid=[invalid.then_some("true")];
                (field_errors(l, errors, name))
            }
        }
    };
    let area = |name: &str, value: &Option<String>, rows: u32| -> Markup {
        let invalid = errors.0.iter().any(|e| e.field == name);
        html! {
            div.field {
                label for=(name) { (l.t(&format!("archive.field.{name}"))) }
                textarea id=(name) name=(name) rows=(rows) aria-invalid=[invalid.then_some("true")] { (value.as_deref().unwrap_or("")) }
                (field_errors(l, errors, name))
            }
        }
    };
    let shown = [
        "archive_number",
        "title",
        "title_en",
        "kind",
        "map_sheet",
        "scale",
        "authors",
        "organisation",
        "year",
        "submitted_on",
        "abstract",
        "minerals",
        "keywords",
        "province",
        "commune",
        "old_province",
        "old_commune",
        "bbox",
        "extent",
        "related",
        "volumes",
        "appendices",
        "drawings",
        "shelf",
        "access",
        "copy_allowed",
        "lineage",
        "remarks",
        // a submission's form adds its checks and the reasons of a return
        "checked",
        "reasons",
    ];
    html! {
        (labelled_form_errors(l, errors, &shown, Some("archive.field")))
        form.stack method="post" action=(action) {
            (csrf_field(caller))
            @if let Some(version) = v.version { input type="hidden" name="version" value=(version); }
            @if let Some(head) = head { (head) }
            (text("archive_number", &Some(v.archive_number.clone()), true))
            (text("title", &Some(v.title.clone()), true))
            (text("title_en", &v.title_en, false))
            div.field {
                label for="kind" { (l.t("archive.field.kind")) " *" }
                select id="kind" name="kind" required {
                    @for k in RecordKind::ALL {
                        option value=(k.as_str()) selected[v.kind == k.as_str()] { (kind_name(l, *k)) }
                    }
                }
                (field_errors(l, errors, "kind"))
            }
            div.row {
                (text("map_sheet", &v.map_sheet, false))
                (text("scale", &v.scale, false))
            }
            (area("authors", &v.authors, 2))
            p.hint { (l.t("archive.authors_hint")) }
            (text("organisation", &v.organisation, false))
            div.row {
                (text("year", &v.year, false))
                div.field {
                    label for="submitted_on" { (l.t("archive.field.submitted_on")) }
                    input id="submitted_on" name="submitted_on" type="date" value=(v.submitted_on.as_deref().unwrap_or(""))
                        aria-invalid=[errors.0.iter().any(|e| e.field == "submitted_on").then_some("true")] aria-describedby=[lode_web::pages::error_id(errors, "submitted_on")];
                    (field_errors(l, errors, "submitted_on"))
                }
            }
            (area("abstract", &v.r#abstract, 6))
            (text("minerals", &v.minerals, false))
            (text("keywords", &v.keywords, false))
            div.row {
                (text("province", &v.province, false))
                (text("commune", &v.commune, false))
            }
            div.row {
                (text("old_province", &v.old_province, false))
                (text("old_commune", &v.old_commune, false))
            }
            (text("bbox", &v.bbox, false))
            p.hint { (l.t("archive.bbox_hint")) }
            (area("extent", &v.extent, 3))
            (text("related", &v.related, false))
            div.row {
                (text("volumes", &v.volumes, false))
                (text("appendices", &v.appendices, false))
                (text("drawings", &v.drawings, false))
            }
            (text("shelf", &v.shelf, false))
            div.field {
                label for="access" { (l.t("archive.field.access")) " *" }
                select id="access" name="access" required {
                    @for a in Access::ALL {
                        option value=(a.as_str()) selected[v.access == a.as_str()] { (access_name(l, *a)) }
                    }
                }
                (field_errors(l, errors, "access"))
            }
            div.field {
                label.check {
                    input type="checkbox" name="copy_allowed" value="true" checked[v.copy_allowed == Some(true)];
                    " " (l.t("archive.field.copy_allowed"))
                }
                (field_errors(l, errors, "copy_allowed"))
            }
            (area("lineage", &v.lineage, 2))
            (area("remarks", &v.remarks, 2))
            @match tail {
                Some(tail) => (tail),
                None => button type="submit" { (l.t("archive.save")) },
            }
        }
    }
}

pub(super) fn input_of(body: &[u8]) -> EntryInput {
    let p = form_pairs(body);
    let opt = |k: &str| first(&p, k);
    EntryInput {
        archive_number: opt("archive_number").unwrap_or_default(),
        title: opt("title").unwrap_or_default(),
        title_en: opt("title_en"),
        kind: opt("kind").unwrap_or_default(),
        map_sheet: opt("map_sheet"),
        scale: opt("scale"),
        authors: opt("authors"),
        organisation: opt("organisation"),
        year: opt("year"),
        submitted_on: opt("submitted_on"),
        r#abstract: opt("abstract"),
        minerals: opt("minerals"),
        keywords: opt("keywords"),
        province: opt("province"),
        commune: opt("commune"),
        old_province: opt("old_province"),
        old_commune: opt("old_commune"),
        bbox: opt("bbox"),
        extent: opt("extent"),
        related: opt("related"),
        volumes: opt("volumes"),
        appendices: opt("appendices"),
        drawings: opt("drawings"),
        shelf: opt("shelf"),
        access: opt("access").unwrap_or_default(),
        copy_allowed: Some(opt("copy_allowed").is_some()),
        lineage: opt("lineage"),
        remarks: opt("remarks"),
        version: opt("version").and_then(|v| v.parse().ok()),
    }
}

/// The entry of a record as its form shows it.
fn input_from(r: &Record) -> EntryInput {
    let join = |v: &[String]| (!v.is_empty()).then(|| v.join("; "));
    EntryInput {
        archive_number: r.entry.archive_number.clone(),
        title: r.entry.title.clone(),
        title_en: r.entry.title_en.clone(),
        kind: r.entry.kind.as_str().into(),
        map_sheet: r.entry.map_sheet.clone(),
        scale: r.entry.scale.map(|s| s.to_string()),
        authors: join(&r.entry.authors),
        organisation: r.entry.organisation.clone(),
        year: r.entry.year.map(|y| y.to_string()),
        submitted_on: r.entry.submitted_on.clone(),
        r#abstract: r.entry.r#abstract.clone(),
        minerals: join(&r.entry.minerals),
        keywords: join(&r.entry.keywords),
        province: r.entry.province.clone(),
        commune: r.entry.commune.clone(),
        old_province: r.entry.old_province.clone(),
        old_commune: r.entry.old_commune.clone(),
        bbox: r.entry.bbox.map(|b| b.to_text()),
        extent: r.entry.extent.clone(),
        related: r.entry.related.clone(),
        volumes: Some(r.entry.volumes.to_string()),
        appendices: Some(r.entry.appendices.to_string()),
        drawings: Some(r.entry.drawings.to_string()),
        shelf: r.entry.shelf.clone(),
        access: r.entry.access.as_str().into(),
        copy_allowed: Some(r.entry.copy_allowed),
        lineage: r.entry.lineage.clone(),
        remarks: r.entry.remarks.clone(),
        version: Some(r.version),
    }
}

/// `GET /luu-tru/thong-ke`: the archive's figures, for its staff (the dashboard shows them to
/// the leaders too).
pub async fn figures_page(
    axum::extract::State(state): State,
    caller: Caller,
) -> PageResult<Markup> {
    keeper(&caller)?;
    let l = caller.lang;
    let f = crate::figures::figures(&state.db, super::reader(Some(&caller))).await?;
    Ok(lode_web::pages::layout(
        &caller,
        l.t("archive.figures_link"),
        lode_web::pages::Nav::Archive,
        html! {
            p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } }
            h1 { (l.t("archive.figures_link")) }
            (super::figures_markup(l, &f))
        },
    ))
}

pub(super) fn keeper(caller: &Caller) -> Result<Reader, AppError> {
    let reader = super::reader(Some(caller));
    if reader.keeps_archive() {
        Ok(reader)
    } else {
        Err(AppError::Forbidden)
    }
}

fn form_page(
    caller: &Caller,
    title: &str,
    action: &str,
    v: &EntryInput,
    errors: &FieldErrors,
    conflict: Option<&str>,
) -> Markup {
    let l = caller.lang;
    lode_web::pages::layout(
        caller,
        title,
        lode_web::pages::Nav::Archive,
        html! {
            p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } }
            h1 { (title) }
            @if let Some(c) = conflict { (lode_web::pages::conflict_alert(l, c)) }
            (entry_form(l, caller, action, v, errors, None))
        },
    )
}

/// `GET /luu-tru/moi`: a new record's form.
pub async fn new_form(caller: Caller) -> PageResult<Markup> {
    keeper(&caller)?;
    let blank = EntryInput {
        kind: RecordKind::SurveyReport.as_str().into(),
        access: Access::Public.as_str().into(),
        ..Default::default()
    };
    Ok(form_page(
        &caller,
        caller.lang.t("archive.new"),
        "/luu-tru",
        &blank,
        &FieldErrors::new(),
        None,
    ))
}

/// `POST /luu-tru`: the new record.
pub async fn create(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let reader = keeper(&caller)?;
    let input = input_of(&body);
    let result = catalogue::create(&state.db, &caller.ctx(), reader, &input, crate::today())
        .await
        .map_err(AppError::from);
    answer_change(
        result,
        |r| format!("/luu-tru/{}?done=1", r.id),
        |errors, conflict| async move {
            Ok(form_page(
                &caller,
                caller.lang.t("archive.new"),
                "/luu-tru",
                &input,
                &errors,
                conflict.as_deref(),
            ))
        },
    )
    .await
}

/// `GET /luu-tru/{id}/sua`: a record's form.
pub async fn edit_form(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
) -> PageResult<Markup> {
    let reader = keeper(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let r = catalogue::visible(&state.db, reader, id).await?;
    let action = format!("/luu-tru/{id}");
    Ok(form_page(
        &caller,
        caller.lang.t("archive.edit"),
        &action,
        &input_from(&r),
        &FieldErrors::new(),
        None,
    ))
}

/// `POST /luu-tru/{id}`: the record edited.
pub async fn save(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let reader = keeper(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    catalogue::visible(&state.db, reader, id).await?;
    let input = input_of(&body);
    let result = catalogue::update(&state.db, &caller.ctx(), reader, id, &input, crate::today())
        .await
        .map_err(AppError::from);
    let action = format!("/luu-tru/{id}");
    answer_change(
        result,
        |r| format!("/luu-tru/{}?done=1", r.id),
        |errors, conflict| async move {
            Ok(form_page(
                &caller,
                caller.lang.t("archive.edit"),
                &action,
                &input,
                &errors,
                conflict.as_deref(),
            ))
        },
    )
    .await
}

/// `GET /luu-tru/{id}/phien-ban`: a record's versions, each with what it changed.
pub async fn versions(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
) -> PageResult<Markup> {
    let reader = keeper(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let r = catalogue::visible(&state.db, reader, id).await?;
    let versions = catalogue::versions(&state.db, reader, id).await?;
    let l = caller.lang;
    let title = l.t("archive.versions");
    Ok(lode_web::pages::layout(
        &caller,
        title,
        lode_web::pages::Nav::Archive,
        html! {
            p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } " › " a href={ "/luu-tru/" (r.id) } { (r.entry.title) } }
            h1 { (title) }
            table.list {
                thead { tr { th { (l.t("archive.version")) } th { (l.t("archive.when")) } th { (l.t("archive.who")) } th { (l.t("archive.what_changed")) } } }
                tbody {
                    @for v in &versions {
                        tr {
                            td data-label=(l.t("archive.version")) { (v.version) }
                            td data-label=(l.t("archive.when")) { (local_time(&v.at)) }
                            td data-label=(l.t("archive.who")) { (v.actor.as_deref().unwrap_or("—")) }
                            td data-label=(l.t("archive.what_changed")) {
                                @if v.changes.is_null() { (l.t("archive.created")) }
                                @else { (lode_web::pages::describe_change(l, &labelled(l, &v.changes))) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// A version's changes under the archive's labels (`archive.field.…`), each value as its reader
/// reads it: lists joined, an extent as its four numbers, kinds and levels by name.
fn labelled(l: Lang, changes: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let shown = |field: &str, v: &Value| -> Value {
        match v {
            Value::Array(items) => Value::String(
                items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Value::Object(b) => Value::String(
                ["west", "south", "east", "north"]
                    .iter()
                    .map(|k| {
                        b.get(*k)
                            .and_then(Value::as_f64)
                            .map(|x| degrees(l, x))
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Value::String(t) if field == "kind" => RecordKind::parse(t)
                .map_or_else(|_| v.clone(), |k| Value::String(kind_name(l, k).into())),
            Value::String(t) if field == "access" => Access::parse(t)
                .map_or_else(|_| v.clone(), |a| Value::String(access_name(l, a).into())),
            other => other.clone(),
        }
    };
    match changes {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::Array(pair) if pair.len() == 2 => {
                            Value::Array(pair.iter().map(|x| shown(k, x)).collect())
                        }
                        other => shown(k, other),
                    };
                    (format!("archive.field.{k}"), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `POST /luu-tru/{id}/tep`: scans added to a record, one file or a batch.
pub async fn upload(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let reader = keeper(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    catalogue::visible(&state.db, reader, id).await?;
    let mut added = 0;
    let mut refused: Vec<String> = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("the upload was cut short".into()))?
    {
        if field.name() != Some("scans") {
            continue;
        }
        let name = lode_web::files::sanitise_name(field.file_name().unwrap_or("scan"));
        let data = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
        if data.is_empty() {
            continue;
        }
        match super::api::accept_scan("scans", &data) {
            Ok(media) => {
                let sha = lode_web::files::store_file(&state, data, media, Some(caller.account.id))
                    .await?;
                crate::digitise::add_file(&state.db, &caller.ctx(), reader, id, &sha, &name, media)
                    .await?;
                added += 1;
            }
            Err(_) => refused.push(name),
        }
    }
    if refused.is_empty() && added > 0 {
        return Ok(
            axum::response::Redirect::to(&format!("/luu-tru/{id}?done=uploaded")).into_response(),
        );
    }
    let l = caller.lang;
    let r = catalogue::visible(&state.db, reader, id).await?;
    let files = crate::digitise::files_of(&state.db, id).await?;
    let message = if refused.is_empty() {
        l.t("archive.no_scan").to_string()
    } else {
        l.fill(
            "archive.refused_scans",
            &serde_json::json!({"names": refused.join(", "), "added": added}),
        )
    };
    // the refusal beside the field the files were chosen in
    let body = html! {
        (record_page(l, reader, &r, None))
        (digital_section(l, Some(&caller), reader, &r, (&files, Some(&message))))
    };
    Ok((
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        open_layout(l, Some(&caller), &r.entry.title, body),
    )
        .into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ViewQuery {
    pub q: Option<String>,
    pub done: Option<String>,
}

/// `GET /luu-tru/{id}/trang/{seq}`: a page, its image beside its text with the words looked
/// for marked; the archive's staff correct the text here.
pub async fn view_page(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    Path((id, seq)): Path<(String, String)>,
    PageQuery(q): PageQuery<ViewQuery>,
) -> PageResult<Markup> {
    let l = lang(&headers, caller.as_ref());
    let (id, seq) = ids(&id, &seq)?;
    let reader = super::reader(caller.as_ref());
    let r = catalogue::visible(&state.db, reader, id).await?;
    if !reader.reads_content(r.entry.access)
        && let Some(c) = caller.as_ref()
        && let Some((_, code)) = crate::requests::grant(&state.db, &c.actor, id).await?
    {
        let page = crate::digitise::stored_page(&state.db, id, seq).await?;
        return Ok(open_layout(
            l,
            caller.as_ref(),
            &r.entry.title,
            granted_viewer(l, &r, &page, &code),
        ));
    }
    let page = crate::digitise::page(&state.db, reader, id, seq)
        .await
        .map_err(|e| match e {
            lode_db::DbError::Denied(_) => AppError::Forbidden,
            other => other.into(),
        })?
        .finding(q.q.as_deref().unwrap_or(""));
    let body = viewer(
        l,
        caller.as_ref(),
        reader,
        &r,
        &page,
        q.q.as_deref().unwrap_or(""),
        q.done.is_some(),
        &FieldErrors::new(),
    );
    Ok(open_layout(l, caller.as_ref(), &r.entry.title, body))
}

fn ids(id: &str, seq: &str) -> Result<(i64, i64), AppError> {
    match (id.parse::<i64>(), seq.parse::<i64>()) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        _ => Err(AppError::NotFound),
    }
}

#[allow(clippy::too_many_arguments)]
fn viewer(
    l: Lang,
    caller: Option<&Caller>,
    reader: Reader,
    r: &Record,
    page: &crate::digitise::Page,
    q: &str,
    done: bool,
    errors: &FieldErrors,
) -> Markup {
    let words = crate::domain::Query::parse(q).all_words();
    let text = page.text.clone().unwrap_or_default();
    let marks = crate::domain::found_words(&text, &words);
    let link = |n: i64| format!("/luu-tru/{}/trang/{n}?q={}", r.id, url_encoded(q));
    html! {
        p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } " › " a href={ "/luu-tru/" (r.id) } { (r.entry.title) } }
        h1 { (l.fill("archive.page_n", &serde_json::json!({"page": page.seq, "pages": r.page_count}))) }
        @if done { p.notice role="status" { (l.t("notice.saved")) } }
        nav.pager aria-label=(l.t("list.pages")) {
            @if page.seq > 1 { a href=(link(page.seq - 1)) rel="prev" { "← " (l.t("list.previous")) } }
            @if page.seq < r.page_count { a href=(link(page.seq + 1)) rel="next" { (l.t("list.next")) " →" } }
        }
        (zoom_choice(l, r.id, page.seq))
        div.page-view {
            figure.page-image {
                div.on-page {
                    img src={ "/luu-tru/" (r.id) "/trang/" (page.seq) "/anh" } alt=(l.fill("archive.page_image", &serde_json::json!({"page": page.seq}))) loading="lazy";
                    @if !page.found.is_empty() {
                        // boxes in thousandths of the page, stretched over the image
                        svg.found-words viewBox="0 0 1000 1000" preserveAspectRatio="none" aria-hidden="true" {
                            @for b in &page.found {
                                rect x=(format!("{:.1}", b.left * 1000.0)) y=(format!("{:.1}", b.top * 1000.0))
                                    width=(format!("{:.1}", b.width * 1000.0)) height=(format!("{:.1}", b.height * 1000.0)) {}
                            }
                        }
                    }
                }
                @if !page.found.is_empty() {
                    figcaption.hint { (l.fill("archive.found_on_page", &serde_json::json!({"count": page.found.len()}))) }
                }
            }
            div.page-text {
                h2 { (l.t("archive.page_text")) @if page.corrected { " " span.badge { (l.t("archive.corrected")) } } }
                @if !page.read { p.hint { (l.t("archive.not_read_yet")) } }
                @else if text.is_empty() { p.empty { (l.t("archive.no_text")) } }
                @else {
                    div.ocr-text { @for line in with_marks_lines(&text, &marks) { p { (line) } } }
                }
                @if let Some(c) = caller.filter(|_| reader.keeps_archive() && page.read) {
                    details open[!errors.is_empty()] {
                        summary { (l.t("archive.correct")) }
                        form.stack method="post" action={ "/luu-tru/" (r.id) "/trang/" (page.seq) } {
                            (csrf_field(c))
                            div.field {
                                label for="text" { (l.t("archive.page_text")) }
                                textarea id="text" name="text" rows="16" { (text) }
                                (field_errors(l, errors, "text"))
                            }
                            button type="submit" { (l.t("archive.save")) }
                        }
                    }
                }
            }
        }
    }
}

/// The text's lines, each with the marks that fall in it.
fn with_marks_lines(text: &str, marks: &[(usize, usize)]) -> Vec<Markup> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        let inside: Vec<(usize, usize)> = marks
            .iter()
            .filter(|(a, b)| *a >= start && *b <= end)
            .map(|(a, b)| (a - start, b - start))
            .collect();
        out.push(with_marks(line, &inside));
        start = end + 1;
    }
    out
}

/// `POST /luu-tru/{id}/trang/{seq}`: the page's text corrected.
pub async fn correct_page(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, seq)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let reader = keeper(&caller)?;
    let (id, seq) = ids(&id, &seq)?;
    let text = first(&form_pairs(&body), "text").unwrap_or_default();
    let result = crate::digitise::correct(&state.db, &caller.ctx(), reader, id, seq, &text)
        .await
        .map_err(AppError::from);
    answer_change(
        result,
        |p| format!("/luu-tru/{id}/trang/{}?done=1", p.seq),
        |errors, _| async move {
            let l = caller.lang;
            let r = catalogue::visible(&state.db, reader, id).await?;
            let page = crate::digitise::page(&state.db, reader, id, seq).await?;
            Ok(open_layout(
                l,
                Some(&caller),
                &r.entry.title,
                viewer(l, Some(&caller), reader, &r, &page, "", false, &errors),
            ))
        },
    )
    .await
}

/// `GET /luu-tru/{id}/trang/{seq}/anh`: the page's image.
pub async fn page_image(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    Path((id, seq)): Path<(String, String)>,
) -> PageResult<Response> {
    let (id, seq) = ids(&id, &seq)?;
    let reader = super::reader(caller.as_ref());
    let r = catalogue::visible(&state.db, reader, id).await?;
    if !reader.reads_content(r.entry.access)
        && let Some(c) = caller.as_ref()
        && let Some((request, code)) = crate::requests::grant(&state.db, &c.actor, id).await?
    {
        return watermarked(&state, c, id, seq, request, &code).await;
    }
    Ok(super::api::image_response(&state, reader, id, seq)
        .await
        .map_err(|e| match e {
            AppError::Unprocessable(..) => AppError::NotFound,
            other => other,
        })?)
}

fn import_page(
    caller: &Caller,
    report: Option<&crate::transfer::ImportReport>,
    errors: &FieldErrors,
) -> Markup {
    let l = caller.lang;
    lode_web::pages::layout(
        caller,
        l.t("archive.import"),
        lode_web::pages::Nav::Archive,
        html! {
            p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } }
            h1 { (l.t("archive.import")) }
            p.hint { (l.t("archive.import_hint")) }
            @if let Some(r) = report {
                // rows refused are not a success: said in the warning's colour
                @let tone = if r.refused.is_empty() { "notice" } else { "notice warning" };
                @if r.dry_run {
                    p class=(tone) role="status" { (l.fill("archive.dry_run_result", &serde_json::json!({"rows": r.rows, "imported": r.imported, "refused": r.refused.len()}))) }
                } @else {
                    p class=(tone) role="status" { (l.fill("archive.import_result", &serde_json::json!({"rows": r.rows, "imported": r.imported, "refused": r.refused.len()}))) }
                }
                @if !r.unknown_columns.is_empty() {
                    p.hint { (l.t("archive.unknown_columns")) " " (r.unknown_columns.join(", ")) }
                }
                @if !r.refused.is_empty() {
                    table.list {
                        thead { tr { th { (l.t("archive.line")) } th { (l.t("archive.field.archive_number")) } th { (l.t("archive.why_refused")) } } }
                        tbody {
                            @for x in &r.refused {
                                tr {
                                    td.num data-label=(l.t("archive.line")) { (x.line) }
                                    td data-label=(l.t("archive.field.archive_number")) { (x.archive_number) }
                                    td data-label=(l.t("archive.why_refused")) {
                                        @for e in &x.errors {
                                            p { (l.t(&format!("archive.field.{}", e.field))) ": " (l.field_error(e.code, &e.message)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (lode_web::pages::form_errors(l, errors, &["file"]))
            form.stack method="post" enctype="multipart/form-data" action="/luu-tru/nhap" { (lode_web::pages::csrf_field(caller))
                div.field {
                    label for="file" { (l.t("archive.import_file")) }
                    input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required;
                    (field_errors(l, errors, "file"))
                }
                div.field {
                    label.check { input type="checkbox" name="dry_run" value="1" checked; " " (l.t("archive.dry_run")) }
                }
                button type="submit" { (l.t("archive.import_button")) }
            }
        },
    )
}

/// `GET /luu-tru/nhap`: the import of a legacy catalogue.
pub async fn import_form(caller: Caller) -> PageResult<Markup> {
    keeper(&caller)?;
    Ok(import_page(&caller, None, &FieldErrors::new()))
}

/// `POST /luu-tru/nhap`: a catalogue imported, or tried (dry run).
pub async fn import(
    axum::extract::State(state): State,
    caller: Caller,
    mut multipart: axum::extract::Multipart,
) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let reader = keeper(&caller)?;
    let mut data = None;
    let mut dry_run = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("the upload was cut short".into()))?
    {
        match field.name() {
            Some("file") => {
                data = Some(field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?)
            }
            Some("dry_run") => dry_run = true,
            _ => {}
        }
    }
    let result = async {
        let data = data.filter(|d| !d.is_empty()).ok_or_else(|| {
            AppError::Invalid(FieldErrors::single(
                "file",
                "required",
                "choose a CSV or XLSX file",
            ))
        })?;
        let rows = crate::transfer::read_upload(data)
            .await
            .map_err(AppError::Invalid)?;
        crate::transfer::import(&state.db, &caller.ctx(), reader, rows, dry_run)
            .await
            .map_err(AppError::from)
    }
    .await;
    match result {
        Ok(report) => Ok(import_page(&caller, Some(&report), &FieldErrors::new()).into_response()),
        Err(AppError::Invalid(errors)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            import_page(&caller, None, &errors),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// `GET /luu-tru/muc-luc.csv`: the catalogue as the reader sees it, as CSV, headed and written
/// in Vietnamese for a Vietnamese reader (an import takes it back either way).
pub async fn export(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
) -> PageResult<Response> {
    let reader = super::reader(caller.as_ref());
    let written = match lode_web::pages::reader_lang(&headers, caller.as_ref()) {
        Lang::Vi => crate::transfer::Written::Vietnamese,
        Lang::En => crate::transfer::Written::Codes,
    };
    Ok(super::api::csv_response(crate::transfer::export(
        &crate::transfer::all_for(&state.db, reader).await?,
        written,
    )))
}

/// The repository as harvesters know it: its address from lode's public address.
fn repository(state: &AppState) -> (String, String) {
    let base = state.config.public_url.trim_end_matches('/').to_string();
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or(&base)
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost")
        .to_string();
    (format!("{base}/oai"), host)
}

async fn oai_answer(state: &AppState, args: Vec<(String, String)>) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let (base_url, namespace) = repository(state);
    let email = format!("archive@{namespace}");
    let repo = crate::oai::Repository {
        base_url: &base_url,
        namespace: &namespace,
        name: "Lưu trữ tài liệu địa chất, khoáng sản — Cục Địa chất và Khoáng sản Việt Nam",
        admin_email: &email,
    };
    let kind_name = |k: RecordKind| kind_name(Lang::Vi, k).to_string();
    let xml = crate::oai::answer(&state.db, &repo, &args, &kind_name).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

/// `GET /oai`: OAI-PMH, its arguments in the query.
pub async fn oai_get(
    axum::extract::State(state): State,
    uri: axum::http::Uri,
) -> PageResult<Response> {
    let args = form_pairs(uri.query().unwrap_or("").as_bytes());
    oai_answer(&state, args).await
}

/// `POST /oai`: OAI-PMH, its arguments as a form.
pub async fn oai_post(
    axum::extract::State(state): State,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    oai_answer(&state, form_pairs(&body)).await
}

/// `GET /luu-tru/{id}/iso19139.xml`: the record as ISO 19139 metadata.
pub async fn iso_xml(
    axum::extract::State(state): State,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let reader = super::reader(caller.as_ref());
    let r = catalogue::visible(&state.db, reader, id).await?;
    let url = format!(
        "{}/luu-tru/{id}",
        state.config.public_url.trim_end_matches('/')
    );
    let xml = crate::iso::metadata(
        &r,
        "Trung tâm Thông tin, Lưu trữ và Dữ liệu Địa chất, Cục Địa chất và Khoáng sản Việt Nam",
        &url,
    );
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "application/xml; charset=utf-8",
        )],
        xml,
    )
        .into_response())
}

/// How an applicant asks for a record: into their request; someone not signed in is asked to.
fn request_button(l: Lang, caller: Option<&Caller>, r: &Record) -> Markup {
    if r.entry.access == Access::Secret {
        return html! {};
    }
    html! {
        section.request {
            @match caller {
                None => {
                    p { a.button href={ "/login?next=/luu-tru/" (r.id) } { (l.t("archive.sign_in_to_request")) } }
                }
                Some(c) if !c.actor.is_staff() => {
                    form.inline method="post" action="/luu-tru/yeu-cau/them" {
                        (csrf_field(c))
                        input type="hidden" name="record_id" value=(r.id);
                        button type="submit" { (l.t("archive.add_to_request")) }
                    }
                    " " a.beside href="/luu-tru/yeu-cau" { (l.t("archive.my_request")) }
                }
                Some(_) => {}
            }
        }
    }
}

fn record_id_of(body: &[u8]) -> Result<i64, AppError> {
    first(&form_pairs(body), "record_id")
        .and_then(|v| v.parse().ok())
        .ok_or(AppError::NotFound)
}

/// `POST /luu-tru/yeu-cau/them`: a record into the applicant's request.
pub async fn add_to_request(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let id = record_id_of(&body)?;
    crate::requests::add(&state.db, &caller.actor, id).await?;
    Ok(axum::response::Redirect::to("/luu-tru/yeu-cau?done=added").into_response())
}

/// `POST /luu-tru/yeu-cau/bo`: a record out of the applicant's request.
pub async fn remove_from_request(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let id = record_id_of(&body)?;
    crate::requests::remove(&state.db, &caller.actor, id).await?;
    Ok(axum::response::Redirect::to("/luu-tru/yeu-cau").into_response())
}

/// `GET /luu-tru/yeu-cau`: the applicant's request: its records, the kind, the purpose, the fee.
pub async fn request_page(
    axum::extract::State(state): State,
    caller: Caller,
    PageQuery(q): PageQuery<DoneQuery>,
) -> PageResult<Response> {
    // the archive's keepers ask nothing here: they decide on the requests, on their own page
    if keeper(&caller).is_ok() {
        return Ok(axum::response::IntoResponse::into_response(
            axum::response::Redirect::to("/luu-tru/yeu-cau-khai-thac"),
        ));
    }
    let req = crate::requests::open(&state.db, &caller.actor).await?;
    // records not scanned are not read online: the reading room offered first instead
    let kind = match req.kind {
        k if req.items.iter().any(|i| k.barred_by(i)) => crate::requests::RequestKind::ReadingRoom,
        k => k,
    };
    let fee = crate::requests::fee(&state.db, &caller.actor, kind).await?;
    let mine = crate::requests::mine(&state.db, &caller.actor).await?;
    let form = crate::requests::Details {
        kind: kind.as_str().into(),
        purpose: req.purpose.clone().unwrap_or_default(),
        pages: Default::default(),
        phone: caller.account.phone.clone().unwrap_or_default(),
    };
    Ok(axum::response::IntoResponse::into_response(request_view(
        &caller,
        &req,
        fee.as_ref(),
        &form,
        &FieldErrors::new(),
        q.done.as_deref(),
        &mine,
    )))
}

#[allow(clippy::too_many_arguments)]
fn request_view(
    caller: &Caller,
    req: &crate::requests::Request,
    fee: Option<&lode_core::fees::Estimate>,
    form: &crate::requests::Details,
    errors: &FieldErrors,
    done: Option<&str>,
    mine: &[crate::requests::Filed],
) -> Markup {
    use crate::requests::RequestKind;
    let l = caller.lang;
    lode_web::pages::layout(
        caller,
        l.t("archive.request"),
        lode_web::pages::Nav::Archive,
        html! {
            p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } }
            h1 { (l.t("archive.request")) }
            @if done == Some("added") { p.notice role="status" { (l.t("archive.added")) } }
            p.hint { (l.t("archive.request_hint")) }
            @if req.items.is_empty() {
                p.empty { (l.t("archive.request_empty")) " " a href="/luu-tru" { (l.t("archive.search")) } }
            } @else {
                ({
                    // the pages' errors stand in their rows
                    let mut shown: Vec<String> = vec!["kind".into(), "purpose".into(), "phone".into()];
                    shown.extend(req.items.iter().map(|i| format!("pages.{}", i.record_id)));
                    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
                    lode_web::pages::form_errors(l, errors, &shown)
                })
                form.stack.wide id="request" method="post" action="/luu-tru/yeu-cau" {
                    (csrf_field(caller))
                    table.list {
                        thead { tr { th { (l.t("archive.field.archive_number")) } th { (l.t("archive.field.title")) } th { (l.t("archive.field.access")) } th { (l.t("archive.pages_wanted")) } } }
                        tbody {
                            @for i in &req.items {
                                @let field = format!("pages.{}", i.record_id);
                                tr {
                                    td data-label=(l.t("archive.field.archive_number")) { a href={ "/luu-tru/" (i.record_id) } { (i.archive_number) } }
                                    td data-label=(l.t("archive.field.title")) { (i.title) }
                                    td data-label=(l.t("archive.field.access")) {
                                        (access_name(l, i.access))
                                    }
                                    td data-label=(l.t("archive.pages_wanted")) {
                                        input name=(field) aria-label=(l.t("archive.pages_wanted")) placeholder="1-5, 8" size="10"
                                            value=(form.pages.get(&i.record_id).cloned().or_else(|| i.pages.clone()).unwrap_or_default())
                                            aria-invalid=[errors.0.iter().any(|e| e.field == field).then_some("true")];
                                        (field_errors(l, errors, &field))
                                    }
                                }
                            }
                        }
                    }
                    fieldset.field {
                        legend { (l.t("archive.request_kind")) }
                        @let barred = |k: RequestKind| req.items.iter().any(|i| k.barred_by(i));
                        // what the records asked for do not allow is shown, never chosen: the
                        // reading room then, which every record allows
                        @let chosen = match RequestKind::parse(&form.kind) {
                            Some(k) if barred(k) => RequestKind::ReadingRoom.as_str(),
                            _ => form.kind.as_str(),
                        };
                        @for k in RequestKind::ALL {
                            @let barred = barred(k);
                            label.check {
                                input type="radio" name="kind" value=(k.as_str()) checked[chosen == k.as_str()] disabled[barred];
                                " " (l.t(&format!("archive.request_kind.{}", k.as_str())))
                                @if barred {
                                    " " span.hint { (l.t(match k {
                                        RequestKind::Consult if req.items.iter().all(|i| i.digitised) => "archive.kind_public",
                                        RequestKind::Consult => "archive.kind_needs_scans",
                                        _ => "archive.kind_needs_copy_right",
                                    })) }
                                }
                            }
                        }
                        (field_errors(l, errors, "kind"))
                    }
                    div.field {
                        label for="purpose" { (l.t("archive.purpose")) " *" }
                        textarea id="purpose" name="purpose" rows="3" required
                            aria-invalid=[errors.0.iter().any(|e| e.field == "purpose").then_some("true")] aria-describedby=[lode_web::pages::error_id(errors, "purpose")] { (form.purpose) }
                        (field_errors(l, errors, "purpose"))
                    }
                    div.field {
                        label for="phone" { (l.t("archive.phone")) " *" }
                        input id="phone" name="phone" type="tel" required value=(form.phone)
                            aria-invalid=[errors.0.iter().any(|e| e.field == "phone").then_some("true")] aria-describedby=[lode_web::pages::error_id(errors, "phone")];
                        (field_errors(l, errors, "phone"))
                    }
                    @if let Some(fee) = fee {
                        div.fee {
                            p { strong { (l.t("archive.fee")) ": " (l.amount(fee.amount)) " " (l.t("pay.dong")) } }
                            ul { @for s in &fee.steps { li { (lode_services::web::fee_step_text(l, s)) } } }
                        }
                    }
                    button type="submit" { (l.t("archive.submit_request")) }
                }
                @for i in &req.items {
                    form.inline method="post" action="/luu-tru/yeu-cau/bo" {
                        (csrf_field(caller))
                        input type="hidden" name="record_id" value=(i.record_id);
                        button.link type="submit" { (l.fill("archive.remove_item", &serde_json::json!({"number": i.archive_number}))) }
                    }
                    " "
                }
            }
            @if !mine.is_empty() {
                section.filed {
                    h2 { (l.t("archive.my_filed")) }
                    @for f in mine {
                        article {
                            p {
                                a href={ "/ho-so/" (f.application_id) } { (f.code.as_deref().unwrap_or("—")) }
                                " · " (request_kind_name(l, f.kind)) " · "
                                @match &f.decision {
                                    Some(d) => span.badge.(format!("decision-{d}")) { (l.t(&format!("archive.decision.{d}"))) },
                                    None => (l.t(&format!("track.status.{}", f.application_status))),
                                }
                                @if let Some(u) = &f.open_until { " · " (l.fill("archive.open_until", &serde_json::json!({"day": local_day(u)}))) }
                                @if let Some(a) = &f.appointment_at { " · " strong { (l.t("archive.appointment")) ": " (local_time(a)) } }
                                @if f.copy_ready { " · " a href={ "/luu-tru/yeu-cau/" (f.id) "/ban-sao" } { (l.t("archive.download_copy")) } }
                                @else if f.kind == crate::requests::RequestKind::Copy && f.decision.as_deref() == Some("approved") { " · " (l.t("archive.copy_being_made")) }
                            }
                            @if let Some(n) = &f.decision_note { p { (l.t("archive.decision_note_shown")) ": " (n) } }
                            ul {
                                @for i in &f.items {
                                    li {
                                        a href={ "/luu-tru/" (i.record_id) } { (i.archive_number) } " — " (i.title)
                                        @if f.decision.as_deref() == Some("approved") && f.open_until.is_some() {
                                            " · " a href={ "/luu-tru/" (i.record_id) "/trang/1" } { (l.t("archive.read_online")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `POST /luu-tru/yeu-cau`: the request filed as a dossier; its page answers.
pub async fn submit_request(
    axum::extract::State(state): State,
    caller: Caller,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let pairs = form_pairs(&body);
    let pages = pairs
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("pages.")
                .and_then(|id| id.parse::<i64>().ok())
                .map(|id| (id, v.clone()))
        })
        .collect();
    let details = crate::requests::Details {
        kind: first(&pairs, "kind").unwrap_or_default(),
        purpose: first(&pairs, "purpose").unwrap_or_default(),
        pages,
        phone: first(&pairs, "phone").unwrap_or_default(),
    };
    match crate::requests::submit(
        &state.db,
        &state.blobs,
        &caller.ctx(),
        &caller.actor,
        &details,
    )
    .await
    {
        Ok(a) => Ok(
            axum::response::Redirect::to(&format!("/ho-so/{}?done=submitted", a.id))
                .into_response(),
        ),
        Err(lode_db::DbError::Invalid(errors)) => {
            let req = crate::requests::open(&state.db, &caller.actor).await?;
            let fee = crate::requests::fee(&state.db, &caller.actor, req.kind).await?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                request_view(&caller, &req, fee.as_ref(), &details, &errors, None, &[]),
            )
                .into_response())
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// The viewer of an applicant reading under a request: the page's image only, watermarked.
fn granted_viewer(l: Lang, r: &Record, page: &crate::digitise::Page, code: &str) -> Markup {
    let link = |n: i64| format!("/luu-tru/{}/trang/{n}", r.id);
    html! {
        p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } " › " a href={ "/luu-tru/" (r.id) } { (r.entry.title) } }
        h1 { (l.fill("archive.page_n", &serde_json::json!({"page": page.seq, "pages": r.page_count}))) }
        p.hint { (l.fill("archive.reading_under", &serde_json::json!({"code": code}))) }
        nav.pager aria-label=(l.t("list.pages")) {
            @if page.seq > 1 { a href=(link(page.seq - 1)) rel="prev" { "← " (l.t("list.previous")) } }
            @if page.seq < r.page_count { a href=(link(page.seq + 1)) rel="next" { (l.t("list.next")) " →" } }
        }
        (zoom_choice(l, r.id, page.seq))
        figure.page-image {
            div.on-page {
                img src={ "/luu-tru/" (r.id) "/trang/" (page.seq) "/anh" } alt=(l.fill("archive.page_image", &serde_json::json!({"page": page.seq})));
            }
        }
    }
}

/// The size a page's image is read at: fitted to its frame, or enlarged to read small print
/// (the frame then scrolls), and the image alone in a tab of its own.
fn zoom_choice(l: Lang, record: i64, seq: i64) -> Markup {
    html! {
        div.zoom {
            fieldset.choices {
                legend { (l.t("archive.zoom")) }
                @for (value, key) in [("fit", "archive.zoom_fit"), ("150", "archive.zoom_150"), ("200", "archive.zoom_200")] {
                    label.check { input type="radio" name="zoom" id={ "zoom-" (value) } value=(value) checked[value == "fit"]; " " (l.t(key)) }
                }
            }
            a href={ "/luu-tru/" (record) "/trang/" (seq) "/anh" } target="_blank" rel="noopener" { (l.t("archive.image_alone")) }
        }
    }
}

/// A page's image for an applicant under a request: watermarked with their name, the dossier's
/// code and the time, logged.
async fn watermarked(
    state: &AppState,
    caller: &Caller,
    id: i64,
    seq: i64,
    request: i64,
    code: &str,
) -> PageResult<Response> {
    use axum::response::IntoResponse;
    let time = local_time(&lode_db::now());
    let who = match &caller.account.organisation_name {
        Some(o) => format!("{} — {o}", caller.account.full_name),
        None => caller.account.full_name.clone(),
    };
    let lines = vec![
        who,
        format!("{code} · {time}"),
        caller.lang.t("archive.watermark").to_string(),
    ];
    let png = crate::digitise::watermarked_image(&state.db, &state.blobs, id, seq, &lines)
        .await
        .map_err(AppError::Internal)?;
    crate::requests::log_view(&state.db, request, caller.account.id, id, seq).await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "image/png"),
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
            (axum::http::header::X_FRAME_OPTIONS, "DENY"),
        ],
        png,
    )
        .into_response())
}

fn request_kind_name(l: Lang, k: crate::requests::RequestKind) -> &'static str {
    l.t(&format!("archive.request_kind.{}", k.as_str()))
}

/// `GET /luu-tru/yeu-cau-khai-thac`: the requests filed, and the archive's decision on them.
pub async fn filed_requests(
    axum::extract::State(state): State,
    caller: Caller,
    PageQuery(q): PageQuery<DoneQuery>,
) -> PageResult<Markup> {
    filed_page(&state, &caller, q.done.is_some(), None).await
}

/// A decision on request `.0` refused with its errors, and the form's fields as typed.
type Refused<'a> = (i64, &'a FieldErrors, &'a [(String, String)]);

/// The requests filed; `failed`, a decision refused with its errors beside its fields.
async fn filed_page(
    state: &AppState,
    caller: &Caller,
    done: bool,
    failed: Option<Refused<'_>>,
) -> PageResult<Markup> {
    let reader = keeper(caller)?;
    let list = crate::requests::filed(&state.db, reader).await?;
    let l = caller.lang;
    let none = FieldErrors::new();
    let errors_of = |id: i64| match failed {
        Some((f, e, _)) if f == id => e,
        _ => &none,
    };
    // what was typed into the form refused, shown again
    let typed = |id: i64, name: &str| match failed {
        Some((f, _, p)) if f == id => first(p, name).unwrap_or_default(),
        _ => String::new(),
    };
    let leader = crate::requests::archive_leader(&caller.actor);
    // each waiting request's fee, and whether it was paid online: decided knowing it
    let mut fees = std::collections::HashMap::new();
    for f in list.iter().filter(|f| f.waiting()) {
        if let Some(fee) =
            lode_services::payments::fee_standing(&state.db, f.application_id).await?
        {
            fees.insert(f.id, fee);
        }
    }
    Ok(lode_web::pages::layout(
        caller,
        l.t("archive.filed_requests"),
        lode_web::pages::Nav::Archive,
        html! {
            p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } }
            h1 { (l.t("archive.filed_requests")) }
            @if done { p.notice.success role="status" { (l.t("archive.decided")) } }
            @if failed.is_some() { div.alert role="alert" { p { (l.t("form.has_errors")) } } }
            p.hint { (l.t("archive.filed_hint")) }
            @if list.is_empty() { p.empty { (l.t("list.empty")) } }
            // what waits for a decision first, then what was decided or waits for the desk
            @let (waiting, rest): (Vec<_>, Vec<_>) = list.iter().partition(|f| f.waiting());
            @for (i, f) in waiting.iter().chain(rest.iter()).enumerate() {
                @if i == 0 && !waiting.is_empty() {
                    h2 { (l.fill("archive.waiting_n", &serde_json::json!({"n": waiting.len()}))) }
                }
                @if i == waiting.len() {
                    h2 { (l.fill("archive.others_n", &serde_json::json!({"n": rest.len()}))) }
                }
                article.filed id={ "request-" (f.id) } {
                    h3 { (f.code.as_deref().unwrap_or("—")) " · " (f.applicant) }
                    p.meta {
                        (request_kind_name(l, f.kind)) " · "
                        @match &f.decision {
                            Some(d) => span.badge.(format!("decision-{d}")) { (l.t(&format!("archive.decision.{d}"))) },
                            None => (l.t(&format!("track.status.{}", f.application_status))),
                        }
                        @if let Some(u) = &f.open_until { " · " (l.fill("archive.open_until", &serde_json::json!({"day": local_day(u)}))) }
                        @if let Some(a) = &f.appointment_at { " · " (l.t("archive.appointment")) ": " (local_time(a)) }
                    }
                    @if let Some(p) = &f.purpose { p { (l.t("archive.purpose")) ": " (p) } }
                    @if let Some((amount, paid)) = fees.get(&f.id) {
                        p {
                            (l.t("archive.fee")) ": " (l.amount(*amount)) " " (l.t("pay.dong")) " · "
                            @if *paid { span.badge.ok { (l.t("archive.fee_paid")) } }
                            @else { span.badge.urgency { (l.t("archive.fee_unpaid")) } }
                        }
                    }
                    @if let Some(n) = &f.decision_note { p { (l.t("archive.decision_note_shown")) ": " (n) } }
                    ul {
                        @for i in &f.items {
                            li {
                                a href={ "/luu-tru/" (i.record_id) } { (i.archive_number) } " — " (i.title)
                                " (" (access_name(l, i.access)) ")"
                                @if let Some(p) = &i.pages { " · " (l.t("archive.pages_wanted")) ": " (p) }
                            }
                        }
                    }
                    @if f.waiting() {
                        @if f.needs_leader && !leader {
                            p.hint { (l.t("archive.needs_leader")) }
                        } @else {
                            @let errors = errors_of(f.id);
                            form.stack method="post" action={ "/luu-tru/yeu-cau-khai-thac/" (f.id) } {
                                (csrf_field(caller))
                                @if f.kind == crate::requests::RequestKind::ReadingRoom {
                                    div.field {
                                        label for={ "appointment-" (f.id) } { (l.t("archive.appointment")) }
                                        input id={ "appointment-" (f.id) } name="appointment" type="datetime-local" value=(typed(f.id, "appointment"))
                                            aria-describedby={ "appointment-hint-" (f.id) }
                                            aria-invalid=[errors.0.iter().any(|e| e.field == "appointment").then_some("true")];
                                        p.hint id={ "appointment-hint-" (f.id) } { (l.t("archive.appointment_hint")) }
                                        (field_errors(l, errors, "appointment"))
                                    }
                                }
                                div.field {
                                    label for={ "note-" (f.id) } { (l.t("archive.decision_note")) }
                                    input id={ "note-" (f.id) } name="note" value=(typed(f.id, "note"))
                                        aria-invalid=[errors.0.iter().any(|e| e.field == "note").then_some("true")];
                                    (field_errors(l, errors, "note"))
                                }
                                div.actions {
                                    button type="submit" name="decision" value="approve" { (l.t("archive.approve")) }
                                    " "
                                    button.danger type="submit" name="decision" value="refuse" { (l.t("archive.refuse")) }
                                }
                            }
                        }
                    } @else if f.decision.is_none() {
                        p.hint { (l.t("archive.waits_for_desk")) }
                    }
                }
            }
        },
    ))
}

/// `POST /luu-tru/yeu-cau-khai-thac/{id}`: the archive's decision.
pub async fn decide_request(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    keeper(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let p = form_pairs(&body);
    let approve = first(&p, "decision").as_deref() == Some("approve");
    let note = first(&p, "note").unwrap_or_default();
    let appointment = first(&p, "appointment");
    let result = crate::requests::decide(
        &state.db,
        &caller.ctx(),
        &caller.actor,
        id,
        approve,
        &note,
        appointment.as_deref(),
    )
    .await
    .map_err(AppError::from);
    answer_change(
        result,
        |_| "/luu-tru/yeu-cau-khai-thac?done=1".to_string(),
        |errors, conflict| async move {
            match conflict {
                Some(c) => Err(AppError::Conflict(c).into()),
                None => filed_page(&state, &caller, false, Some((id, &errors, &p))).await,
            }
        },
    )
    .await
}

/// `GET /luu-tru/yeu-cau/{id}/ban-sao`: the applicant's certified copies, signed.
pub async fn download_copy(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let (sha, dossier) = crate::requests::copy_of(&state.db, &caller.actor, id).await?;
    // the copies are the dossier's result: downloading them collects it, as from the dossier
    match lode_services::handling::result_file(&state.db, &caller.ctx(), &caller.actor, dossier)
        .await
    {
        // not issued as the result yet (a moment after the copies were kept): nothing to mark
        Ok(_) | Err(lode_db::DbError::NotFound) => {}
        Err(e) => return Err(AppError::from(e).into()),
    }
    Ok(lode_web::api::serve_file(&state, &sha, &format!("ban-sao-luu-tru-{id}")).await?)
}
