//! The home page: a greeting, then what each capability mounted shows the person (the
//! e-office's queues, most urgent first; an applicant's dossiers); for a visitor, the agency's
//! front page.

use super::{Nav, layout};
use crate::State;
use crate::auth::Caller;
use crate::error::PageResult;
use maud::{Markup, html};

/// What the agency offers anyone, without an account: each a way in from the front page.
/// Each by the name the header and the footer give it, and what it is for.
const PUBLIC_WAYS: [(&str, &str, &str); 7] = [
    ("/dich-vu-cong", "services.title", "front.services_what"),
    ("/tra-cuu", "track.title", "front.track_what"),
    ("/verify", "verify.title", "front.verify_what"),
    ("/giay-phep", "nav.licences", "front.licences_what"),
    ("/ban-do", "app.licence_map", "front.map_what"),
    ("/luu-tru", "nav.archive", "front.archive_what"),
    ("/toa-do", "app.coordinates", "front.coordinates_what"),
];

/// `GET /`: a signed-in person's home; for a visitor, the agency's front page, its public
/// services and the way to sign in.
pub async fn show(
    axum::extract::State(state): State,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    headers: axum::http::HeaderMap,
    crate::auth::CallerOrVisitor(caller): crate::auth::CallerOrVisitor,
) -> PageResult<Markup> {
    match caller {
        Some(caller) => signed_in(&state, &mounted, caller).await,
        None => Ok(front_page(crate::i18n::Lang::from_headers(&headers))),
    }
}

/// The front page a visitor sees.
fn front_page(l: crate::i18n::Lang) -> Markup {
    super::bare_layout(
        l,
        l.t("app.agency"),
        html! {
            h1 { (l.t("app.agency")) }
            p.lead { (l.t("front.lead")) }
            ul.ways {
                @for (href, name, what) in PUBLIC_WAYS {
                    li {
                        a href=(href) { strong { (l.t(name)) } }
                        p { (l.t(what)) }
                    }
                }
            }
            section.sign-in-ways {
                h2 { (l.t("front.accounts")) }
                p {
                    a.button href="/login" { (l.t("login.title")) } " "
                    a.button.secondary href="/dang-ky" { (l.t("login.register")) }
                }
                p.hint { (l.t("front.accounts_what")) }
            }
        },
    )
}

async fn signed_in(
    state: &crate::AppState,
    mounted: &crate::Mounted,
    caller: Caller,
) -> PageResult<Markup> {
    let l = caller.lang;
    let body = html! {
        h1 { (l.t("home.greeting")) ", " (caller.account.full_name) }
        @if caller.actor.is_staff() {
            p.lead {
                @if let Some(p) = &caller.account.position { (p) " · " }
                @if let Some(u) = &caller.account.unit_name { (u) }
            }
        } @else if let Some(o) = &caller.account.organisation_name {
            p.lead { (o) }
        }
    };
    // what each capability mounted shows this person
    let sections = mounted.home(state, &caller).await?;
    let administration = match administration_ways(state, &caller).await? {
        Some(ways) => {
            html! { section.administration { h2 { (l.t("home.administration")) } (ways) } }
        }
        None => html! {},
    };
    let body = html! { (body) (administration) @for s in &sections { (s) } };
    Ok(layout(&caller, l.t("nav.home"), Nav::Home, body))
}

/// `GET /admin`: the administrator's index, the menu's one entry for the pages they keep.
pub async fn admin_index(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    let l = caller.lang;
    let Some(ways) = administration_ways(&state, &caller).await? else {
        return Err(crate::error::AppError::Forbidden.into());
    };
    let body = html! { h1 { (l.t("home.administration")) } (ways) };
    Ok(layout(
        &caller,
        l.t("home.administration"),
        Nav::Admin,
        body,
    ))
}

/// What an administrator keeps an eye on, where their day starts: background work that
/// failed, and the ways to the pages they keep (the people, the organisation, the types, the
/// certificates, the log, the background work, the API). None for anyone else.
async fn administration_ways(
    state: &crate::AppState,
    caller: &Caller,
) -> Result<Option<Markup>, crate::error::AppError> {
    use lode_core::authz::Action;
    if !caller.may(Action::ManageJobs) {
        return Ok(None);
    }
    let l = caller.lang;
    let failed = lode_db::jobs::counts(&state.db)
        .await?
        .into_iter()
        .find(|(s, _)| *s == lode_db::jobs::JobState::Failed)
        .map_or(0, |(_, n)| n);
    let ways: Vec<(&str, &str)> = [
        (Action::ManagePeople, "/people", "nav.people"),
        (Action::ManageUnits, "/org", "nav.org"),
        (Action::ManageDocumentTypes, "/admin/types", "nav.types"),
        (
            Action::ManageCertificates,
            "/admin/certificates",
            "nav.certificates",
        ),
        (Action::ViewAudit, "/audit", "nav.audit"),
        (Action::ManageJobs, "/admin/jobs", "nav.jobs"),
        (Action::ManageJobs, "/api/docs", "nav.api"),
    ]
    .into_iter()
    .filter(|(action, _, _)| caller.may(*action))
    .map(|(_, href, name)| (href, name))
    .collect();
    Ok(Some(html! {
        div.administration {
            @if failed > 0 {
                div.alert role="alert" {
                    p { a href="/admin/jobs?state=failed" { (l.fill("home.jobs_failed", &serde_json::json!({ "count": failed }))) } }
                }
            } @else {
                p.notice role="status" { (l.t("home.jobs_fine")) }
            }
            ul.ways {
                @for (href, name) in &ways {
                    li {
                        a href=(href) { strong { (l.t(name)) } }
                        p { (l.t(&format!("home.what_{}", name.trim_start_matches("nav.")))) }
                    }
                }
            }
        }
    }))
}
