//! The e-office's pages: documents, dossiers, registers, weekly reports, the dashboard, the
//! document types and the certificates registry. The shell's page parts (the layout, forms,
//! days, notices) are used through [`lode_web::pages`], re-exported here.

pub mod certificates;
pub mod dashboard;
pub mod dossiers;
pub mod incoming;
pub mod outgoing;
pub mod queues;
pub mod registers;
pub mod types;
pub mod weekly;

pub use lode_web::pages::*;

use axum::Router;
use axum::routing::{get, post};
use lode_web::AppState;
use lode_web::i18n::Lang;
use maud::{Markup, html};
use std::sync::Arc;

/// The e-office's page routes.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/incoming", get(incoming::list))
        .route("/queues/{name}", get(queues::queue))
        .route(
            "/incoming/new",
            get(incoming::new_form).post(incoming::create).layer(
                axum::extract::DefaultBodyLimit::max(2 * lode_web::files::DOCUMENT_MAX_BYTES),
            ),
        )
        .route("/incoming/{id}", get(incoming::show))
        .route("/incoming/{id}/file", get(incoming::file))
        .route(
            "/incoming/{id}/attachments/{position}",
            get(incoming::attachment),
        )
        .route("/incoming/{id}/{step}", post(incoming::step))
        .route("/outgoing", get(outgoing::list))
        .route(
            "/outgoing/new",
            get(outgoing::new_form).post(outgoing::create).layer(
                axum::extract::DefaultBodyLimit::max(2 * lode_web::files::DOCUMENT_MAX_BYTES),
            ),
        )
        .route("/outgoing/{id}", get(outgoing::show))
        .route(
            "/outgoing/{id}/revise",
            post(outgoing::revise).layer(axum::extract::DefaultBodyLimit::max(
                2 * lode_web::files::DOCUMENT_MAX_BYTES,
            )),
        )
        .route(
            "/outgoing/{id}/paper_scan",
            post(outgoing::paper_scan).layer(axum::extract::DefaultBodyLimit::max(
                2 * lode_web::files::DOCUMENT_MAX_BYTES,
            )),
        )
        .route("/outgoing/{id}/versions/{number}", get(outgoing::version))
        .route(
            "/outgoing/{id}/versions/{number}/source",
            get(outgoing::version_source),
        )
        .route(
            "/outgoing/{id}/sign",
            post(outgoing::sign).layer(axum::extract::DefaultBodyLimit::max(1024 * 1024)),
        )
        .route("/outgoing/{id}/details", post(outgoing::edit_details))
        .route("/outgoing/{id}/{step}", post(outgoing::step))
        .route("/dossiers", get(dossiers::list))
        .route(
            "/dossiers/new",
            get(dossiers::new_form).post(dossiers::create),
        )
        .route("/dossiers/put", post(dossiers::put))
        .route("/dossiers/{id}", get(dossiers::show))
        .route(
            "/dossiers/{id}/attach",
            post(dossiers::attach).layer(axum::extract::DefaultBodyLimit::max(
                2 * lode_web::files::DOCUMENT_MAX_BYTES,
            )),
        )
        .route("/dossiers/{id}/items/{item}/file", get(dossiers::file))
        .route("/dossiers/{id}/{step}", post(dossiers::step))
        .route("/dossiers/{id}/index", get(registers::dossier_index))
        .route("/registers", get(registers::form))
        .route("/registers/print", get(registers::print))
        .route("/weekly", get(weekly::show))
        .route("/weekly/save", post(weekly::save))
        .route("/admin/types", get(types::list))
        .route("/admin/certificates", get(certificates::list))
        .route("/admin/certificates/issue", post(certificates::issue))
        .route("/admin/certificates/token", post(certificates::from_token))
        .route("/admin/certificates/seal", post(certificates::set_seal))
        .route(
            "/admin/certificates/seal/{unit}",
            get(certificates::seal_image),
        )
        .route("/admin/certificates/import", post(certificates::import))
        .route("/admin/certificates/refresh", post(certificates::refresh))
        .route(
            "/admin/certificates/{id}/revocation",
            post(certificates::change_revocation),
        )
        .route("/admin/types/{code}", post(types::save))
        .route("/dashboard", get(dashboard::show))
}

/// A secret document's mark beside it wherever it is listed, so that no one handles it as an
/// ordinary one: its degree of secrecy (Mật, Tối mật, Tuyệt mật); nothing for an ordinary one.
pub(crate) fn secrecy_badge(l: Lang, secrecy: &str) -> maud::Markup {
    maud::html! {
        @if secrecy != "none" { " " span.badge.secret { (l.t(&format!("clearance.{secrecy}"))) } }
    }
}

/// Where a document stands, in words: an approved one still waits for its leader's signature
/// until he signs it in lode (or the clerk numbers it on his signature on paper).
pub(crate) fn outgoing_status_key(d: &crate::outgoing::OutgoingView) -> String {
    if d.sent_back.is_some() {
        return "outgoing_status.sent_back".to_string();
    }
    match d.status.as_str() {
        "approved" if !d.leader_signed => "outgoing_status.approved_unsigned".to_string(),
        status => format!("outgoing_status.{status}"),
    }
}

/// A document's timeline: when, who, which step (named by `{step_prefix}.{step}`), what.
pub fn timeline_table(
    l: Lang,
    timeline: &[crate::incoming::TimelineEntry],
    step_prefix: &str,
) -> Markup {
    html! {
        h2 { (l.t("incoming.timeline")) }
        table.history {
            thead { tr { th { (l.t("field.when")) } th { (l.t("field.who")) } th { (l.t("field.action")) } th { (l.t("field.change")) } } }
            tbody {
                @for e in timeline {
                    tr {
                        td data-label=(l.t("field.when")) { (local_time(&e.at)) }
                        td data-label=(l.t("field.who")) { (e.actor_name.as_deref().unwrap_or(l.t("history.system"))) }
                        td data-label=(l.t("field.action")) { (l.t(&format!("{step_prefix}.{}", e.step))) }
                        td data-label=(l.t("field.change")) {
                            @if let Some(said) = signatures_said(l, &e.step, &e.detail) { (said) }
                            @else { (describe_change(l, &notes_named(&e.step, &e.detail))) }
                        }
                    }
                }
            }
        }
    }
}

/// A check of a file's signatures in a sentence ("Tệp không có chữ ký số", "2 chữ ký số, tất
/// cả hợp lệ"), rather than as two counts.
fn signatures_said(l: Lang, step: &str, detail: &serde_json::Value) -> Option<String> {
    if step != "verify_signatures" {
        return None;
    }
    let all = detail.get("signatures")?.as_i64()?;
    let valid = detail.get("valid")?.as_i64()?;
    let key = match (all, valid) {
        (0, _) => "signatures_said.none",
        (a, v) if a == v => "signatures_said.all_valid",
        (_, 0) => "signatures_said.none_valid",
        _ => "signatures_said.some_valid",
    };
    Some(l.fill(
        key,
        &serde_json::json!({"all": all, "valid": valid, "invalid": all - valid}),
    ))
}

/// A step's detail with its note named for what it is: the leader's instruction when he
/// directs, the unit leader's when they assign; a note otherwise.
fn notes_named(step: &str, detail: &serde_json::Value) -> serde_json::Value {
    let named = match step {
        "route" => "instruction",
        "assign" | "reassign" => "assignment_note",
        _ => return detail.clone(),
    };
    match detail {
        serde_json::Value::Object(fields) => serde_json::Value::Object(
            fields
                .iter()
                .map(|(k, v)| {
                    let k = if k == "note" {
                        named.to_string()
                    } else {
                        k.clone()
                    };
                    (k, v.clone())
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A timeline whose document types read by their names (`Kế hoạch`), where its steps wrote
/// their codes (`KH`).
pub async fn with_type_names(
    state: &AppState,
    l: lode_web::i18n::Lang,
    mut timeline: Vec<crate::incoming::TimelineEntry>,
) -> Result<Vec<crate::incoming::TimelineEntry>, lode_web::error::AppError> {
    use serde_json::Value;
    if !timeline.iter().any(|e| e.detail.get("type_code").is_some()) {
        return Ok(timeline);
    }
    let types = crate::incoming::types(&state.db).await?;
    let name = |s: &mut String| {
        if let Some(t) = types.iter().find(|t| t.code == *s) {
            *s = lode_web::pages::type_name(l, &t.code, &t.name).to_string();
        }
    };
    for e in &mut timeline {
        match e.detail.get_mut("type_code") {
            Some(Value::String(s)) => name(s),
            Some(Value::Array(pair)) => {
                for v in pair.iter_mut() {
                    if let Value::String(s) = v {
                        name(s);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(timeline)
}

#[cfg(test)]
mod tests {
    use lode_web::i18n::Lang;

    #[test]
    fn a_retention_reads_in_years_or_as_permanent() {
        assert_eq!(lode_web::i18n::add(crate::web::TRANSLATIONS), Ok(()));
        let change = serde_json::json!({"retention": ["10", "permanent"]});
        let vi = lode_web::pages::describe_change(Lang::Vi, &change).into_string();
        assert!(vi.contains("10 năm") && vi.contains("Vĩnh viễn"), "{vi}");
        let en = lode_web::pages::describe_change(Lang::En, &change).into_string();
        assert!(en.contains("10 years"), "{en}");
    }

    #[test]
    fn a_note_is_named_for_what_it_is_in_a_documents_history() {
        assert_eq!(lode_web::i18n::add(crate::web::TRANSLATIONS), Ok(()));
        let detail = serde_json::json!({"note": "Liên đoàn chủ trì", "deadline": "2026-12-20"});
        let shown = |step: &str| {
            lode_web::pages::describe_change(Lang::Vi, &super::notes_named(step, &detail))
                .into_string()
        };
        assert!(
            shown("route").contains("Ý kiến chỉ đạo"),
            "{}",
            shown("route")
        );
        assert!(
            shown("assign").contains("Ý kiến giao việc"),
            "{}",
            shown("assign")
        );
        assert!(shown("note").contains("Ghi chú"), "{}", shown("note"));
    }
}
