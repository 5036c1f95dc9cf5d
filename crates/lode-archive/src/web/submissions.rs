//! The archive staff's pages for submitted data (`/luu-tru/giao-nop`): the submissions waiting
//! for their check and those decided; one submission with the submitter's files, the checklist
//! and the catalogue entry it becomes, accepted or returned with the reasons; its sealed paper.

use super::pages::{DoneQuery, entry_form, input_of, keeper};
use crate::submissions::{self, CHECKS, Submission, SubmissionState};
use axum::Router;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use lode_core::validation::FieldErrors;
use lode_web::auth::Caller;
use lode_web::error::{AppError, PageResult};
use lode_web::i18n::Lang;
use lode_web::pages::{PageQuery, answer_change, field_errors, form_pairs, local_day, local_time};
use lode_web::{AppState, State};
use maud::{Markup, html};
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/luu-tru/giao-nop", get(list))
        .route("/luu-tru/giao-nop/{id}", get(show).post(decide))
        .route("/luu-tru/giao-nop/{id}/tep/{key}", get(file))
        .route("/luu-tru/giao-nop/{id}/bien-ban", get(paper))
        .route("/luu-tru/giao-nop/{id}/lam-lai", post(remake))
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    pub state: Option<String>,
}

fn state_name(l: Lang, s: SubmissionState) -> &'static str {
    l.t(&format!("archive.submission_state.{}", s.as_str()))
}

fn id_of(id: &str) -> Result<i64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

/// `GET /luu-tru/giao-nop`: the submissions, those waiting first.
pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    PageQuery(q): PageQuery<ListQuery>,
) -> PageResult<Markup> {
    let reader = keeper(&caller)?;
    let l = caller.lang;
    let chosen = match q.state.as_deref() {
        None | Some("") => Some(SubmissionState::Pending),
        Some("all") => None,
        Some(s) => Some(SubmissionState::parse(s).ok_or(AppError::NotFound)?),
    };
    let items = submissions::list(&state.db, reader, chosen).await?;
    let tab = |value: &str, label: &str, on: bool| {
        html! {
            a href={ "/luu-tru/giao-nop?state=" (value) } aria-current=[on.then_some("page")] { (label) }
        }
    };
    Ok(lode_web::pages::layout(
        &caller,
        l.t("archive.submissions"),
        lode_web::pages::Nav::Archive,
        html! {
            p.crumbs { a href="/luu-tru" { (l.t("archive.title")) } }
            h1 { (l.t("archive.submissions")) }
            p.hint { (l.t("archive.submissions_hint")) }
            nav.tabs aria-label=(l.t("archive.submissions")) {
                @for s in SubmissionState::ALL {
                    (tab(s.as_str(), state_name(l, s), chosen == Some(s)))
                }
                (tab("all", l.t("archive.all"), chosen.is_none()))
            }
            @if items.is_empty() {
                p.empty { (l.t("list.empty")) }
            } @else {
                table.list {
                    thead { tr {
                        th { (l.t("archive.dossier_code")) }
                        th { (l.t("archive.submitter")) }
                        th { (l.t("archive.submitted_title")) }
                        th { (l.t("archive.received_on")) }
                        th { (l.t("archive.submission_state")) }
                    } }
                    tbody {
                        @for s in &items {
                            tr {
                                td data-label=(l.t("archive.dossier_code")) { a href={ "/luu-tru/giao-nop/" (s.id) } { (s.code) } }
                                td data-label=(l.t("archive.submitter")) { (s.submitter) }
                                td data-label=(l.t("archive.submitted_title")) { (s.values.get("report_title").map(String::as_str).unwrap_or("—")) }
                                td data-label=(l.t("archive.received_on")) { (s.received_on.as_deref().map(local_day).unwrap_or_default()) }
                                td data-label=(l.t("archive.submission_state")) {
                                    (state_name(l, s.state))
                                    @if let Some(n) = &s.paper_number { " · " (l.t("archive.paper_number")) " " (n) }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

fn size(l: Lang, bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", l.number((bytes + 512 * 1024) / (1024 * 1024)))
    } else {
        format!("{} KB", l.number((bytes + 1023) / 1024))
    }
}

/// What the decision's form holds: the checks ticked, the record's entry, the reasons.
struct Typed<'a> {
    ticked: &'a [String],
    entry: &'a crate::domain::EntryInput,
    reasons: &'a str,
}

/// A submission's page: what was sent, then the check and the decision (pending), or the
/// decision and its paper (decided).
fn page(
    caller: &Caller,
    s: &Submission,
    typed: &Typed<'_>,
    errors: &FieldErrors,
    conflict: Option<&str>,
    done: bool,
) -> Markup {
    let Typed {
        ticked,
        entry,
        reasons,
    } = typed;
    let l = caller.lang;
    let title = format!("{} {}", l.t("archive.submission"), s.code);
    let invalid = |name: &str| errors.0.iter().any(|e| e.field == name).then_some("true");
    let checks = html! {
        fieldset.checks #checked aria-invalid=[invalid("checked")] {
            legend { (l.t("archive.checklist")) }
            @for c in CHECKS {
                label.check {
                    input type="checkbox" name="checked" value=(c) checked[ticked.iter().any(|t| t == c)];
                    " " (l.t(&format!("archive.check.{c}")))
                }
            }
            (field_errors(l, errors, "checked"))
        }
        h3 { (l.t("archive.catalogue_entry")) }
    };
    let decision = html! {
        div.field {
            label for="reasons" { (l.t("archive.reasons")) }
            textarea id="reasons" name="reasons" rows="3" maxlength=(submissions::REASONS_MAX)
                aria-invalid=[invalid("reasons")] aria-describedby="reasons-hint" { (reasons) }
            p.hint #reasons-hint { (l.t("archive.reasons_hint")) }
            (field_errors(l, errors, "reasons"))
        }
        input type="hidden" name="submission_version" value=(s.version);
        div.actions {
            button type="submit" name="decision" value="accept" { (l.t("archive.accept_submission")) }
            " "
            button.secondary type="submit" name="decision" value="return" formnovalidate { (l.t("archive.return_submission")) }
        }
    };
    lode_web::pages::layout(
        caller,
        &title,
        lode_web::pages::Nav::Archive,
        html! {
            p.crumbs {
                a href="/luu-tru" { (l.t("archive.title")) } " › "
                a href="/luu-tru/giao-nop" { (l.t("archive.submissions")) }
            }
            h1 { (title) }
            @if done { p.notice.success role="status" { (l.t(&format!("archive.submission_done.{}", s.state.as_str()))) } }
            @if let Some(c) = conflict { (lode_web::pages::conflict_alert(l, c)) }
            dl.facts {
                dt { (l.t("archive.submitter")) } dd { (s.submitter) }
                dt { (l.t("archive.submitted_title")) } dd { (s.values.get("report_title").map(String::as_str).unwrap_or("—")) }
                dt { (l.t("archive.field.volumes")) } dd { (s.values.get("volumes").map(String::as_str).unwrap_or("—")) }
                dt { (l.t("archive.field.drawings")) } dd { (s.values.get("drawings_count").map(String::as_str).unwrap_or("—")) }
                dt { (l.t("archive.received_on")) } dd { (s.received_on.as_deref().map(local_day).unwrap_or_default()) }
                dt { (l.t("archive.submission_state")) } dd { (state_name(l, s.state)) }
            }
            h2 { (l.t("archive.submitted_files")) }
            ul.files {
                @for f in &s.files {
                    li {
                        a href={ "/luu-tru/giao-nop/" (s.id) "/tep/" (f.key) } { (f.title) }
                        " — " (f.name) " (" (size(l, f.size)) ")"
                    }
                }
            }
            @match s.state {
                SubmissionState::Pending => {
                    h2 { (l.t("archive.check_and_catalogue")) }
                    p.hint { (l.t("archive.check_hint")) }
                    (entry_form(l, caller, &format!("/luu-tru/giao-nop/{}", s.id), entry, errors, Some((checks, decision))))
                }
                _ => {
                    h2 { (l.t("archive.decision")) }
                    dl.facts {
                        dt { (l.t("archive.paper_number")) } dd { (s.paper_number.as_deref().unwrap_or("—")) }
                        @if let Some(at) = &s.decided_at { dt { (l.t("archive.decided_at")) } dd { (local_time(at)) } }
                        @if let Some(r) = s.record_id { dt { (l.t("archive.record")) } dd { a href={ "/luu-tru/" (r) } { (l.t("archive.open_record")) } } }
                        @if let Some(r) = &s.reasons { dt { (l.t("archive.reasons")) } dd { (r) } }
                    }
                    ul.checks.plain {
                        @for c in CHECKS {
                            li { (if s.checked.iter().any(|x| x == c) { "✓ " } else { "✗ " }) (l.t(&format!("archive.check.{c}"))) }
                        }
                    }
                    @if s.paper_ready {
                        p { a.button href={ "/luu-tru/giao-nop/" (s.id) "/bien-ban" } { (l.t(&format!("archive.paper.{}", s.state.as_str()))) } }
                    }
                    @if s.paper_failed {
                        p.hint role="alert" { (l.t("archive.paper_failed")) }
                        form method="post" action={ "/luu-tru/giao-nop/" (s.id) "/lam-lai" } {
                            (lode_web::pages::csrf_field(caller))
                            button.secondary type="submit" { (l.t("archive.paper_retry")) }
                        }
                    } @else if !s.paper_ready {
                        p.hint role="status" { (l.t("archive.paper_being_made")) }
                    }
                }
            }
        },
    )
}

/// `GET /luu-tru/giao-nop/{id}`.
pub async fn show(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<DoneQuery>,
) -> PageResult<Markup> {
    let reader = keeper(&caller)?;
    let s = submissions::get(&state.db, reader, id_of(&id)?).await?;
    let mut entry = s.suggested_entry(crate::today());
    entry.archive_number = crate::catalogue::next_number(&state.db, &entry.archive_number).await?;
    let typed = Typed {
        ticked: &s.checked,
        entry: &entry,
        reasons: "",
    };
    Ok(page(
        &caller,
        &s,
        &typed,
        &FieldErrors::new(),
        None,
        q.done.is_some(),
    ))
}

/// `POST /luu-tru/giao-nop/{id}`: accepted into the catalogue, or returned.
pub async fn decide(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> PageResult<Response> {
    let reader = keeper(&caller)?;
    let id = id_of(&id)?;
    let current = submissions::get(&state.db, reader, id).await?;
    let p = form_pairs(&body);
    let ticked: Vec<String> = p
        .iter()
        .filter(|(k, _)| k == "checked")
        .map(|(_, v)| v.clone())
        .collect();
    let reasons = lode_web::pages::first(&p, "reasons").unwrap_or_default();
    let version: i64 = lode_web::pages::first(&p, "submission_version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(current.version);
    let check = submissions::Checked {
        version,
        ticked: &ticked,
    };
    let mut entry = input_of(&body);
    // the record is new: its own version is none
    entry.version = None;
    let ctx = caller.ctx();
    let today = crate::today();
    let result = match lode_web::pages::first(&p, "decision").as_deref() {
        Some("accept") => {
            submissions::accept(&state.db, &ctx, reader, id, check, &entry, today).await
        }
        Some("return") => {
            submissions::return_to_submitter(&state.db, &ctx, reader, id, check, &reasons, today)
                .await
        }
        _ => Err(FieldErrors::single("decision", "required", "choose a decision").into()),
    }
    .map_err(AppError::from);
    answer_change(
        result,
        |s| format!("/luu-tru/giao-nop/{}?done=1", s.id),
        |errors, conflict| async move {
            let fresh = submissions::get(&state.db, reader, id).await?;
            let typed = Typed {
                ticked: &ticked,
                entry: &entry,
                reasons: &reasons,
            };
            Ok(page(
                &caller,
                &fresh,
                &typed,
                &errors,
                conflict.as_deref(),
                false,
            ))
        },
    )
    .await
}

/// `GET /luu-tru/giao-nop/{id}/tep/{key}`: a file the submitter sent.
pub async fn file(
    axum::extract::State(state): State,
    caller: Caller,
    Path((id, key)): Path<(String, String)>,
) -> PageResult<Response> {
    let reader = keeper(&caller)?;
    let s = submissions::get(&state.db, reader, id_of(&id)?).await?;
    let f = s
        .files
        .iter()
        .find(|f| f.key == key)
        .ok_or(AppError::NotFound)?;
    // served under its name, the extension the file's type gives
    let stem = f
        .name
        .rsplit_once('.')
        .map_or(f.name.as_str(), |(stem, _)| stem);
    Ok(lode_web::api::serve_file(&state, &f.sha256, stem).await?)
}

/// `GET /luu-tru/giao-nop/{id}/bien-ban`: the sealed receipt or notice.
pub async fn paper(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let reader = keeper(&caller)?;
    let s = submissions::get(&state.db, reader, id_of(&id)?).await?;
    let sha = s.paper_sha256.as_deref().ok_or(AppError::NotFound)?;
    let name = format!(
        "{}-{}",
        if s.state == SubmissionState::Accepted {
            "bien-ban-giao-nhan"
        } else {
            "thong-bao-tra-lai"
        },
        s.paper_number.as_deref().unwrap_or("").replace('/', "-")
    );
    Ok(lode_web::api::serve_file(&state, sha, &name).await?)
}

/// `POST /luu-tru/giao-nop/{id}/lam-lai`: the paper's job queued again after it failed (the
/// seal was not set up yet).
pub async fn remake(
    axum::extract::State(state): State,
    caller: Caller,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let reader = keeper(&caller)?;
    let id = id_of(&id)?;
    submissions::requeue_paper(&state.db, &caller.ctx(), reader, id).await?;
    Ok(axum::response::Redirect::to(&format!("/luu-tru/giao-nop/{id}")).into_response())
}

use axum::response::IntoResponse as _;
