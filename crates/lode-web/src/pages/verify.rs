//! The public verification page: anyone uploads a signed PDF and sees, for each signature,
//! who signed, whether the signed bytes are intact, whether the signature verifies and chains to
//! a trusted root, and what changed after it. No sign-in; nothing is stored.

use crate::State;
use crate::auth::MaybeCaller;
use crate::error::{AppError, PageResult};
use crate::files::accept_pdf;
use crate::i18n::Lang;
use axum::extract::Multipart;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use lode_core::validation::FieldErrors;
use lode_sign::verify::SignatureReport;
use maud::{Markup, html};

use super::open_layout as page;

fn form(l: Lang, caller: Option<&crate::auth::Caller>, errors: &FieldErrors) -> Markup {
    html! {
        form.stack method="post" enctype="multipart/form-data" action="/verify" {
            @if let Some(c) = caller { (super::csrf_field(c)) }
            div.field {
                label for="pdf" { (l.t("verify.file")) }
                input id="pdf" name="pdf" type="file" accept="application/pdf,.pdf" required
                    aria-invalid=[(!errors.is_empty()).then_some("true")] data-max-bytes=(crate::files::DOCUMENT_MAX_BYTES) data-too-large=(super::file_too_large(l, crate::files::DOCUMENT_MAX_BYTES)); (super::file_limit(l, crate::files::DOCUMENT_MAX_BYTES))
                (super::field_errors(l, errors, "pdf"))
            }
            button type="submit" { (l.t("verify.check")) }
        }
    }
}

/// The page with its form, the file refused beside its field.
fn refused(l: Lang, caller: Option<&crate::auth::Caller>, errors: &FieldErrors) -> Response {
    let body = page(
        l,
        caller,
        l.t("verify.title"),
        html! {
            h1 { (l.t("verify.title")) }
            p.hint { (l.t("verify.hint")) }
            (form(l, caller, errors))
        },
    );
    (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
}

/// Whether a signature can be relied on: verified, intact, nothing disallowed after it, and
/// not chaining to a root known to be untrusted.
fn reliable(r: &SignatureReport) -> bool {
    r.valid() && r.trusted != Some(false)
}

/// The verdict on the whole file, read first: every signature reliable, or which are not.
fn verdict(l: Lang, reports: &[SignatureReport]) -> Markup {
    let failing: Vec<String> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| !reliable(r))
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    let args = serde_json::json!({"count": reports.len(), "failing": failing.join(", ")});
    html! {
        @if failing.is_empty() {
            div.notice role="status" { p { strong { (l.fill("verify.verdict_ok", &args)) } } }
        } @else {
            div.alert role="alert" {
                p { strong { (l.t("verify.verdict_bad")) } }
                p { (l.fill("verify.verdict_failing", &args)) }
            }
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
            (form(l, caller.as_ref(), &FieldErrors::new()))
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
) -> PageResult<Response> {
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
            match accept_pdf("pdf", &bytes) {
                Ok(()) => {}
                Err(AppError::Invalid(errors)) => return Ok(refused(l, caller.as_ref(), &errors)),
                Err(other) => return Err(other.into()),
            }
            data = Some(bytes.to_vec());
        }
    }
    let Some(data) = data else {
        let errors = FieldErrors::single("pdf", "required", "choose a PDF file");
        return Ok(refused(l, caller.as_ref(), &errors));
    };
    let result = reports_for(&state, data).await?;
    let trusting = !state.trust.is_empty();
    let body = html! {
        h1 { (l.t("verify.title")) }
        @match &result {
            Err(e) => div.alert role="alert" {
                p { (l.t("verify.unreadable")) }
                // the reader's words are technical English: kept apart in Vietnamese
                @if l == Lang::En {
                    p { (e.to_string()) }
                } @else {
                    details.technical {
                        summary { (l.t("verify.technical")) }
                        p lang="en" { (e.to_string()) }
                    }
                }
            },
            // no signature: nothing vouches for who wrote it or that it is unchanged
            Ok(reports) if reports.is_empty() => div.notice.warning role="status" {
                p { strong { (l.t("verify.none")) } }
                p { (l.t("verify.none_means")) }
            },
            Ok(reports) => {
                (verdict(l, reports))
                @if !trusting { p.hint { (l.t("verify.no_anchors")) } }
                @for (i, r) in reports.iter().enumerate() {
                    @let ok = reliable(r);
                    section.report {
                        h2 { (l.t("verify.signature")) " " (i + 1) ": " (r.field) " "
                            span class=(if ok { "badge ok" } else { "badge bad" }) {
                                (l.t(if ok { "verify.valid" } else { "verify.invalid" }))
                            }
                        }
                        dl.facts {
                            dt { (l.t("verify.signer")) } dd title=[r.signer.as_deref()] { (r.signer.as_deref().map(super::common_name).unwrap_or_else(|| "—".into())) }
                            dt { (l.t("verify.level")) } dd {
                                "PAdES " (r.level())
                                // what the level means, in words
                                @if let Some(words) = level_words(l, r.level()) { " — " (words) }
                            }
                            @match &r.timestamp {
                                Some(t) => {
                                    dt { (l.t("verify.proven_time")) }
                                    dd {
                                        (proven_time(t.time))
                                        @if let Some(a) = &t.authority { " · " (super::common_name(a)) }
                                        @if !t.valid { " · " (l.t("verify.invalid")) }
                                    }
                                }
                                None => { dt { (l.t("verify.time")) } dd { (r.time.as_deref().map(claimed_time).unwrap_or_else(|| "—".into())) } }
                            }
                            // a fact that fails is marked as the verdict's reason
                            dt { (l.t("verify.intact")) } dd class=[(!r.intact).then_some("bad")] { (l.t(if r.intact { "verify.yes" } else { "verify.no" })) }
                            dt { (l.t("verify.cryptography")) } dd class=[(!r.signature_valid).then_some("bad")] { (l.t(if r.signature_valid { "verify.yes" } else { "verify.no" })) }
                            @if let Some(t) = r.trusted {
                                dt { (l.t("verify.trusted")) } dd { (l.t(if t { "verify.yes" } else { "verify.no" })) @if t { " (" (r.trust_path.iter().map(|s| super::common_name(s)).collect::<Vec<_>>().join(" → ")) ")" } }
                            }
                            // an earlier signature of a file signed again (the seal after the
                            // signer) covers the file as it was then: said so, not as a fault
                            dt { (l.t("verify.whole_file")) } dd { (l.t(if r.covers_whole_file { "verify.covers_all" } else { "verify.covers_earlier" })) }
                            @if !r.revocation.is_empty() {
                                dt { (l.t("verify.revocation")) }
                                dd { ul { @for line in &r.revocation { li { (revocation_words(l, line)) } } } }
                            }
                        }
                        @if !r.changes_after.is_empty() {
                            h3 { (l.t("verify.changes")) }
                            ul {
                                @for (what, allowed, times) in grouped_changes(&r.changes_after) {
                                    li class=(if allowed { "" } else { "bad" }) {
                                        (change_words(l, what)) @if times > 1 { " (×" (times) ")" }
                                        " · " (l.t(if allowed { "verify.allowed" } else { "verify.not_allowed" }))
                                    }
                                }
                            }
                        }
                        @if !r.problems.is_empty() {
                            // the verifier's own words are technical English: in Vietnamese, what
                            // they mean is in the facts above, the words themselves kept apart
                            @if l == Lang::En {
                                ul.problems { @for p in &r.problems { li { (p) } } }
                            } @else {
                                p.problems { (l.t("verify.problems_found")) }
                                details.technical {
                                    summary { (l.t("verify.technical")) }
                                    ul lang="en" { @for p in &r.problems { li { (p) } } }
                                }
                            }
                        }
                        @if !r.notes.is_empty() {
                            ul.notes { @for n in &r.notes { li { (verify_note(l, n)) } } }
                        }
                    }
                }
            }
        }
        h2 { (l.t("verify.another")) }
        (form(l, caller.as_ref(), &FieldErrors::new()))
    };
    Ok(page(l, caller.as_ref(), l.t("verify.title"), body).into_response())
}

/// A note of the verifier in the reader's language: SHA-1 said plainly, others as written.
fn verify_note(l: Lang, note: &str) -> String {
    if note.contains("SHA-1") {
        l.t("verify.sha1").to_string()
    } else {
        note.to_string()
    }
}

/// The time a timestamp proves, in Vietnam time as the reader writes it.
fn proven_time(secs: u64) -> String {
    super::local_time(&lode_sign::verify::iso_time(secs))
}

/// The signing time a signature claims (`/M`, `D:20261205073146+07'00'`), as the reader writes
/// it; as written when it cannot be read.
fn claimed_time(m: &str) -> String {
    let digits: String = m
        .trim_start_matches("D:")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match chrono::NaiveDateTime::parse_from_str(&format!("{digits:0<14}"), "%Y%m%d%H%M%S") {
        Ok(t) if digits.len() >= 8 => t.format("%d/%m/%Y %H:%M").to_string(),
        _ => m.to_string(),
    }
}

/// The changes after a signature, each kind once with how many times it was seen, in order.
fn grouped_changes(changes: &[lode_sign::changes::Change]) -> Vec<(&str, bool, usize)> {
    let mut out: Vec<(&str, bool, usize)> = Vec::new();
    for c in changes {
        match out
            .iter_mut()
            .find(|(w, a, _)| *w == c.what.as_str() && *a == c.allowed)
        {
            Some(seen) => seen.2 += 1,
            None => out.push((c.what.as_str(), c.allowed, 1)),
        }
    }
    out
}

/// A kind of change after a signature, in the reader's language.
fn change_words(l: Lang, what: &str) -> String {
    match l {
        Lang::En => what.to_string(),
        Lang::Vi => l
            .lookup(&format!("sigchange.{what}"))
            .map_or_else(|| l.t("sigchange.other").to_string(), str::to_string),
    }
}

/// What a PAdES level means to its reader.
fn level_words(l: Lang, level: &str) -> Option<&'static str> {
    let key = match level {
        "B-B" => "verify.level_b",
        "B-T" => "verify.level_t",
        "B-LT" => "verify.level_lt",
        "B-LTA" => "verify.level_lta",
        _ => return None,
    };
    Some(l.t(key))
}

/// One line of the revocation check (`<subject>: not revoked (OCSP of 2026-12-05)`), in the
/// reader's language, the certificate named by its holder.
fn revocation_words(l: Lang, line: &str) -> String {
    let Some((who, what)) = line.rsplit_once(": ") else {
        return line.to_string();
    };
    let who = super::common_name(who);
    let source = what
        .rsplit_once(" (")
        .map(|(_, s)| s.trim_end_matches(')'))
        .unwrap_or("");
    // the answer's moment as the reader's clock reads it (Vietnam's day and hour)
    let source = match source.split_once(" of ") {
        Some((kind @ ("OCSP" | "CRL"), at)) => l.fill(
            if kind == "OCSP" {
                "verify.by_ocsp"
            } else {
                "verify.by_crl"
            },
            &serde_json::json!({ "on_day": super::local_time(at) }),
        ),
        _ => String::new(),
    };
    let state = if what.starts_with("not revoked") {
        l.t("verify.not_revoked")
    } else if what.starts_with("suspended") {
        l.t("verify.suspended")
    } else if what.starts_with("revoked") {
        l.t("verify.revoked")
    } else if what.starts_with("no revocation data") {
        l.t("verify.no_revocation_data")
    } else {
        l.t("verify.revocation_unchecked")
    };
    format!("{who}: {state}{source}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revocation_lines_read_in_each_language_with_days_as_written() {
        // an answer of 20:30 UTC on the 5th is Vietnam's 03:30 on the 6th
        let line = "CN=Trần Văn Hùng,O=Cục Địa chất: not revoked (OCSP of 2026-12-05T20:30:00Z)";
        assert_eq!(
            revocation_words(Lang::En, line),
            "Trần Văn Hùng: not revoked (as its issuer answered online on 06/12/2026 03:30)"
        );
        assert_eq!(
            revocation_words(Lang::Vi, line),
            "Trần Văn Hùng: chưa bị thu hồi (theo tra cứu trực tuyến của tổ chức cấp chứng thư lúc 06/12/2026 03:30)"
        );
    }
}
