//! The public verification page: anyone uploads a signed PDF and sees, for each signature,
//! who signed, whether the signed bytes are intact, whether the signature verifies and chains to
//! a trusted root, and what changed after it. No sign-in; nothing is stored.

use crate::State;
use crate::api::incoming::accept_pdf;
use crate::auth::MaybeCaller;
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use axum::extract::Multipart;
use axum::http::HeaderMap;
use lode_sign::verify::SignatureReport;
use maud::{Markup, html};

use super::open_layout as page;

fn form(l: Lang, caller: Option<&crate::auth::Caller>) -> Markup {
    let action = match caller {
        Some(c) => format!("/verify?csrf={}", c.csrf()),
        None => "/verify".to_string(),
    };
    html! {
        form.stack method="post" enctype="multipart/form-data" action=(action) {
            div.field {
                label for="pdf" { (l.t("verify.file")) }
                input id="pdf" name="pdf" type="file" accept="application/pdf,.pdf" required;
            }
            button type="submit" { (l.t("verify.check")) }
        }
    }
}

pub async fn show(headers: HeaderMap, MaybeCaller(caller): MaybeCaller) -> PageResult<Markup> {
    let l = caller
        .as_ref()
        .map_or_else(|| Lang::from_headers(&headers), |c| c.lang);
    Ok(page(
        l,
        caller.as_ref(),
        l.t("verify.title"),
        html! {
            h1 { (l.t("verify.title")) }
            p.hint { (l.t("verify.hint")) }
            (form(l, caller.as_ref()))
        },
    ))
}

/// Verifies an uploaded file against the configured trust anchors, off the async threads.
pub async fn reports_for(
    state: &crate::AppState,
    data: Vec<u8>,
) -> Result<Result<Vec<SignatureReport>, lode_sign::PdfError>, AppError> {
    crate::pki::check(&state.services, &state.trust, data)
        .await
        .map_err(AppError::Internal)
}

pub async fn check(
    axum::extract::State(state): State,
    headers: HeaderMap,
    MaybeCaller(caller): MaybeCaller,
    mut multipart: Multipart,
) -> PageResult<Markup> {
    let l = caller
        .as_ref()
        .map_or_else(|| Lang::from_headers(&headers), |c| c.lang);
    let mut data = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        if field.name() == Some("pdf") {
            let bytes = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
            accept_pdf("pdf", &bytes)?;
            data = Some(bytes.to_vec());
        }
    }
    let data = data.ok_or_else(|| {
        AppError::Invalid(lode_core::validation::FieldErrors::single(
            "pdf",
            "required",
            "choose a PDF file",
        ))
    })?;
    let result = reports_for(&state, data).await?;
    let trusting = !state.trust.is_empty();
    let body = html! {
        h1 { (l.t("verify.title")) }
        @match &result {
            Err(e) => div.alert role="alert" { p { (l.t("verify.unreadable")) ": " (e.to_string()) } },
            Ok(reports) if reports.is_empty() => p.empty { (l.t("verify.none")) },
            Ok(reports) => {
                @if !trusting { p.hint { (l.t("verify.no_anchors")) } }
                @for (i, r) in reports.iter().enumerate() {
                    @let ok = r.valid() && r.trusted != Some(false);
                    section.report {
                        h2 { (l.t("verify.signature")) " " (i + 1) ": " (r.field) " "
                            span class=(if ok { "badge ok" } else { "badge bad" }) {
                                (l.t(if ok { "verify.valid" } else { "verify.invalid" }))
                            }
                        }
                        dl.facts {
                            dt { (l.t("verify.signer")) } dd { (r.signer.as_deref().unwrap_or("—")) }
                            dt { (l.t("verify.level")) } dd { "PAdES " (r.level()) }
                            @match &r.timestamp {
                                Some(t) => {
                                    dt { (l.t("verify.proven_time")) }
                                    dd {
                                        (lode_sign::verify::iso_time(t.time))
                                        @if let Some(a) = &t.authority { " · " (a) }
                                        @if !t.valid { " · " (l.t("verify.invalid")) }
                                    }
                                }
                                None => { dt { (l.t("verify.time")) } dd { (r.time.as_deref().unwrap_or("—")) } }
                            }
                            dt { (l.t("verify.intact")) } dd { (l.t(if r.intact { "verify.yes" } else { "verify.no" })) }
                            dt { (l.t("verify.cryptography")) } dd { (l.t(if r.signature_valid { "verify.yes" } else { "verify.no" })) }
                            @if let Some(t) = r.trusted {
                                dt { (l.t("verify.trusted")) } dd { (l.t(if t { "verify.yes" } else { "verify.no" })) @if t { " (" (r.trust_path.join(" → ")) ")" } }
                            }
                            dt { (l.t("verify.whole_file")) } dd { (l.t(if r.covers_whole_file { "verify.yes" } else { "verify.no" })) }
                            @if !r.revocation.is_empty() {
                                dt { (l.t("verify.revocation")) }
                                dd { ul { @for line in &r.revocation { li { (line) } } } }
                            }
                        }
                        @if !r.changes_after.is_empty() {
                            h3 { (l.t("verify.changes")) }
                            ul {
                                @for c in &r.changes_after {
                                    li class=(if c.allowed { "" } else { "bad" }) {
                                        (c.what) " · " (l.t(if c.allowed { "verify.allowed" } else { "verify.not_allowed" }))
                                    }
                                }
                            }
                        }
                        @if !r.problems.is_empty() {
                            ul.problems { @for p in &r.problems { li { (p) } } }
                        }
                        @if !r.notes.is_empty() {
                            ul.notes { @for n in &r.notes { li { (verify_note(l, n)) } } }
                        }
                    }
                }
            }
        }
        h2 { (l.t("verify.another")) }
        (form(l, caller.as_ref()))
    };
    Ok(page(l, caller.as_ref(), l.t("verify.title"), body))
}

/// A note of the verifier in the reader's language: SHA-1 said plainly, others as written.
fn verify_note(l: Lang, note: &str) -> String {
    if note.contains("SHA-1") {
        l.t("verify.sha1").to_string()
    } else {
        note.to_string()
    }
}
