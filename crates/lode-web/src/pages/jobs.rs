//! Background jobs for administrators: how many wait, run, ended and failed, the latest of
//! them with their attempts and errors, and a failed one put back in the queue.

use super::{Nav, csrf_field, layout, local_time, notice};
use crate::State;
use crate::auth::{Allowed, Caller, may};
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use lode_db::DbError;
use lode_db::jobs::{self, JobRecord, JobState};
use maud::{Markup, html};

#[derive(serde::Deserialize, Default)]
pub struct JobsQuery {
    state: Option<String>,
    done: Option<String>,
}

/// What a kind of job does, in the reader's language, under `jobs.kind.{kind}` with its dots
/// as underscores (each capability names its own kinds in its messages); a kind this version
/// does not know shows as it is stored.
fn kind_label(l: Lang, kind: &str) -> String {
    l.lookup(&format!("jobs.kind.{}", kind.replace('.', "_")))
        .map_or_else(|| kind.to_string(), str::to_string)
}

fn state_key(s: JobState) -> &'static str {
    match s {
        JobState::Queued => "jobs.state.queued",
        JobState::Running => "jobs.state.running",
        JobState::Done => "jobs.state.done",
        JobState::Failed => "jobs.state.failed",
    }
}

fn row(l: Lang, caller: &Caller, j: &JobRecord) -> Markup {
    let when = match j.state {
        JobState::Queued => local_time(&j.run_after),
        JobState::Running => j.started_at.as_deref().map(local_time).unwrap_or_default(),
        JobState::Done | JobState::Failed => {
            j.finished_at.as_deref().map(local_time).unwrap_or_default()
        }
    };
    html! {
        tr {
            td data-label="#" { (j.id) }
            td data-label=(l.t("jobs.kind")) { (kind_label(l, &j.kind)) }
            td data-label=(l.t("jobs.state")) { span class={ "job-state " (j.state.as_str()) } { (l.t(state_key(j.state))) }
                @if let (Some(d), Some(t)) = (j.progress_done, j.progress_total) { br; small { (d) " / " (t) } } }
            td data-label=(l.t("jobs.attempts")) { (j.attempts) " / " (j.max_attempts) }
            td data-label=(l.t("jobs.when")) { (when) }
            td data-label=(l.t("jobs.node")) { (j.node.as_deref().unwrap_or("")) }
            td.detail data-label=(l.t("jobs.error")) {
                @match j.last_error.as_deref() {
                    Some(jobs::NODE_STOPPED) => (l.t("jobs.node_stopped")),
                    // what the failing part reported, as it said it
                    Some(e) => small { (l.t("jobs.reported")) ": " code { (e) } },
                    None => "",
                }
            }
            td {
                @if j.state == JobState::Failed {
                    form method="post" action={ "/admin/jobs/" (j.id) "/retry" } {
                        (csrf_field(caller))
                        button.secondary type="submit" { (l.t("jobs.retry")) }
                    }
                }
            }
        }
    }
}

pub async fn list(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageJobs>,
    super::PageQuery(q): super::PageQuery<JobsQuery>,
) -> PageResult<Markup> {
    let l = caller.lang;
    // an unknown state in the address shows every job
    let wanted = q.state.as_deref().and_then(JobState::parse);
    let counts = jobs::counts(&state.db).await?;
    let items = jobs::list(&state.db, wanted, 100).await?;
    let done = match q.done.as_deref() {
        Some("retried") => Some("jobs.retried"),
        Some("not_failed") => Some("jobs.not_failed"),
        _ => None,
    };
    let body = html! {
        h1 { (l.t("jobs.title")) }
        p.hint { (l.t("jobs.hint")) }
        (notice(l, done))
        div.gauges.compact {
            a.gauge href="/admin/jobs" aria-current=[wanted.is_none().then_some("page")] {
                p.gauge-label { (l.t("jobs.all")) }
                p.gauge-value { (counts.iter().map(|c| c.1).sum::<i64>()) }
            }
            @for (s, n) in &counts {
                a.gauge href={ "/admin/jobs?state=" (s.as_str()) } aria-current=[(wanted == Some(*s)).then_some("page")] {
                    p.gauge-label { (l.t(state_key(*s))) }
                    p.gauge-value { (n) }
                }
            }
        }
        table.list.jobs {
            thead { tr {
                th { "#" } th { (l.t("jobs.kind")) } th { (l.t("jobs.state")) }
                th { (l.t("jobs.attempts")) } th { (l.t("jobs.when")) } th { (l.t("jobs.node")) }
                th { (l.t("jobs.error")) } th {}
            } }
            tbody { @for j in &items { (row(l, &caller, j)) } }
        }
        @if items.is_empty() { p.empty { (l.t("list.empty")) } }
    };
    Ok(layout(&caller, l.t("jobs.title"), Nav::Jobs, body))
}

pub async fn retry(
    axum::extract::State(state): State,
    Allowed(caller, _): Allowed<may::ManageJobs>,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    // shown where the job now is: in the queue
    let to = match jobs::retry(&state.db, &caller.ctx(), id).await {
        Ok(_) => "/admin/jobs?state=queued&done=retried",
        // it was put back or ended meanwhile (another administrator, another tab)
        Err(DbError::Conflict(_)) => "/admin/jobs?done=not_failed",
        Err(e) => return Err(AppError::from(e).into()),
    };
    Ok(Redirect::to(to).into_response())
}
