//! Error pages as their reader sees them: in the reader's language, in the frame of every other
//! page (the signed-in header with its menu, or the visitors' header with its way to sign in),
//! with a way back. The framework's own refusals (an address whose id is no number, a body that
//! does not read) are answered the same way to a browser; programs keep their answers.

use crate::AppState;
use crate::auth::{Authenticated, Caller};
use crate::error::{ErrorPage, Ways};
use crate::i18n::Lang;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;

/// Renders error pages in the reader's language (the language cookie of the request).
pub async fn localise(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = Lang::from_headers(req.headers());
    let back = came_from(req.headers(), req.uri());
    let path = req.uri().path().to_string();
    // a browser asking for a page (it asks for HTML), not a program calling a service
    let wants_page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
        && !SERVICES.iter().any(|s| path.starts_with(s));
    // ... and opening it, not sending a form
    let opened_as_page = wants_page
        && matches!(
            *req.method(),
            axum::http::Method::GET | axum::http::Method::HEAD
        );
    let mut res = next.run(req).await;
    if wants_page && is_framework_refusal(&res) {
        // the parser's plain English (an address whose id is no number, a form's body that
        // does not read): answered as the page every other error is
        let status = res.status();
        let said = axum::body::to_bytes(std::mem::take(res.body_mut()), 16 * 1024)
            .await
            .unwrap_or_default();
        let (status, key) = if said.starts_with(b"Invalid URL") {
            (StatusCode::NOT_FOUND, "error.not_found")
        } else {
            (status, "error.bad_request")
        };
        let page = ErrorPage {
            key: key.to_string(),
            fields: Vec::new(),
            detail: None,
        };
        let reader = res.extensions_mut().remove::<Authenticated>();
        let framed = framed(&state, &page, lang, (back.as_deref(), &path), reader).await;
        return (status, framed).into_response();
    }
    if res.status() == StatusCode::METHOD_NOT_ALLOWED && opened_as_page {
        // A form's address opened as a page: the page a refused form was shown under, reloaded
        // or left behind by the language switch. The page the form belongs to, not an error.
        return Redirect::to(form_page(&path)).into_response();
    }
    let reader = res.extensions_mut().remove::<Authenticated>();
    if let Some(page) = res.extensions_mut().remove::<ErrorPage>() {
        let framed = framed(&state, &page, lang, (back.as_deref(), &path), reader).await;
        res.headers_mut().remove(header::CONTENT_LENGTH);
        *res.body_mut() = axum::body::Body::from(framed.into_string());
    }
    res
}

/// The error page in the frame its reader knows: the signed-in header (with the unread
/// notifications counted) for someone signed in, the visitors' otherwise. A page not found
/// leads to the list its address belongs to and offers the search its reader has: the
/// letters for staff, the public services for anyone else.
async fn framed(
    state: &AppState,
    page: &ErrorPage,
    l: Lang,
    (back, path): (Option<&str>, &str),
    reader: Option<Authenticated>,
) -> maud::Markup {
    let title = l.t(&page.key);
    let actor = reader.as_ref().map(|r| r.account.actor());
    let staff = actor.as_ref().is_some_and(|a| a.is_staff());
    let administers = actor
        .as_ref()
        .is_some_and(|a| a.has(lode_core::people::Role::Administrator));
    // the staff search where the missing page was: the outgoing letters' from theirs
    let (action, what) = match (staff, path.starts_with("/outgoing")) {
        (true, true) => ("/outgoing", "outgoing"),
        (true, false) => ("/incoming", "letters"),
        (false, _) => ("/dich-vu-cong", "services"),
    };
    let (label, hint) = (
        l.t(&format!("error.search_{what}")),
        l.t(&format!("error.search_{what}_hint")),
    );
    let ways = Ways {
        back,
        // a list the reader may open: a visitor or an applicant sent to the letters would
        // be refused again, as staff would at the applicants' own dossiers or, unless they
        // administer, at the administration's lists
        list: list_of(path).filter(|list| {
            if list.starts_with("/admin/") {
                administers
            } else if staff {
                *list != "/ho-so"
            } else {
                PUBLIC_LISTS.contains(list)
            }
        }),
        search: Some((action, label, hint)),
    };
    let body = page.body(l, ways);
    match reader {
        Some(auth) => {
            let caller = Caller::of(auth, l, String::new()).with_unread(state).await;
            super::layout(&caller, title, super::Nav::None, body)
        }
        None => super::bare_layout(l, title, body),
    }
}

/// Whether a response is a refusal the web framework wrote itself, in plain English text: an
/// address that does not read (`/incoming/abc`: a page not found to its reader), a body that
/// does not read (a request not understood).
fn is_framework_refusal(res: &Response) -> bool {
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    plain
        && matches!(
            res.status(),
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY
        )
}

/// Addresses that serve programs, not readers: a wrong method there stays a 405.
const SERVICES: &[&str] = &[
    "/api/", "/tsa", "/pki/", "/metrics", "/healthz", "/static/", "/ogc", "/oai", "/paysim",
];

/// Forms whose page is a list rather than their parent (a row's action, an account's part):
/// `/admin/certificates/7/revocation` belongs to `/admin/certificates`.
const LIST_FORMS: &[(&str, &str)] = &[
    ("/admin/certificates/", "/admin/certificates"),
    ("/admin/jobs/", "/admin/jobs"),
    ("/account/", "/account"),
];

/// The page a form's address belongs to: its list (see [`LIST_FORMS`]), else its parent
/// (`/ho-so/2/nop` → `/ho-so/2`).
fn form_page(path: &str) -> &str {
    if let Some((_, page)) = LIST_FORMS
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))
    {
        return page;
    }
    match path.trim_end_matches('/').rsplit_once('/') {
        Some((parent, _)) if !parent.is_empty() => parent,
        _ => "/",
    }
}

/// Lists whose records have pages of their own below them (`/incoming/{id}`), open to whoever
/// opens those pages (not the desk's, whose dossiers the e-office's handlers follow too).
const LISTS: &[&str] = &[
    "/incoming",
    "/outgoing",
    "/dossiers",
    "/notifications",
    "/org",
    "/people",
    "/admin/certificates",
    "/admin/types",
    "/admin/jobs",
    "/dich-vu-cong",
    "/ho-so",
    "/luu-tru",
    "/giay-phep",
];

/// The lists of [`LISTS`] open to applicants and visitors.
const PUBLIC_LISTS: &[&str] = &[
    "/notifications",
    "/dich-vu-cong",
    "/ho-so",
    "/luu-tru",
    "/giay-phep",
];

/// The list a page's address belongs to (`/incoming/999` → `/incoming`), none for a list
/// itself, a page of its own (`/dashboard`) or an address lode does not know.
fn list_of(path: &str) -> Option<&'static str> {
    LISTS.iter().copied().find(|list| {
        path.strip_prefix(list)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| !rest.is_empty())
    })
}

/// The page of lode's own the reader came from (the browser's `Referer`, on this host), other
/// than the one that failed: where "back" leads from an error.
fn came_from(headers: &axum::http::HeaderMap, uri: &axum::http::Uri) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    // the host the browser asked for: its Host header, or over HTTP/2 the address's authority
    let host = match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(h) => h.to_string(),
        None => uri.authority()?.to_string(),
    };
    let after_scheme = referer
        .strip_prefix("https://")
        .or_else(|| referer.strip_prefix("http://"))?;
    let path = after_scheme.strip_prefix(host.as_str())?;
    let here = uri.path_and_query().map_or("", |p| p.as_str());
    (path.starts_with('/') && !path.starts_with("//") && path != here && !path.contains('"'))
        .then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::list_of;

    #[test]
    fn a_missing_page_leads_to_its_list() {
        assert_eq!(list_of("/incoming/999"), Some("/incoming"));
        assert_eq!(list_of("/ho-so/5/nop"), Some("/ho-so"));
        assert_eq!(list_of("/dich-vu-cong/1.000"), Some("/dich-vu-cong"));
        assert_eq!(
            list_of("/admin/certificates/7"),
            Some("/admin/certificates")
        );
        assert_eq!(list_of("/luu-tru/giao-nop/3"), Some("/luu-tru"));
        assert_eq!(list_of("/dashboard"), None);
        assert_eq!(list_of("/no/such/page"), None);
        assert_eq!(list_of("/incomings/3"), None);
        assert_eq!(list_of("/incoming/"), None);
        assert_eq!(list_of("/"), None);
    }
}
