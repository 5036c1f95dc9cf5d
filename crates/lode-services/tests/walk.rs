//! Every page each of lode's people reaches from their home page by following links, in
//! Vietnamese and in English, on the demo organisation: none answers with an error, and none
//! shows an untranslated text, a stored day (`2026-12-05`), JSON or an internal code
//! (`agency_leader`, `result_ready`) where a person reads.

mod common;

use axum::http::StatusCode;
use common::{Mount, Session, TestApp, stored_day, visible_text};
use lode_db::Backend;
use std::collections::{BTreeSet, VecDeque};

lode_db::on_both_backends!(every_page_reads_as_its_people_read_it);

/// The people who walk, one of each kind.
const WALKERS: &[&str] = &[
    "vanthu", "tvhung", "dvthang", "ntkhanh", "admin", "motcua", "vvhai", "minhphat", "nvtam",
    "tthuong",
];

/// How many pages each walker opens in each language (the walk is breadth first, so these are
/// the pages nearest their home).
const PAGES_EACH: usize = 40;

/// Links that are files, actions or other sites, not pages to read.
fn is_page(href: &str) -> bool {
    href.starts_with('/')
        && !href.starts_with("//")
        && ![
            "/api/", "/static/", "/lang/", "/pki/", "/logout", "/paysim", "/tsa",
        ]
        .iter()
        .any(|p| href.starts_with(p))
        && ![
            "/file",
            "/versions/",
            "/attachments/",
            "/source",
            "/bien-lai",
            "/giay-tiep-nhan",
            "/mau/",
            "/ket-qua",
            "/tai-lieu/",
            "/print",
            "format=",
            "/signature",
            "/index",
            "/notifications/",
            "/package",
        ]
        .iter()
        .any(|p| href.contains(p))
}

/// The links of a page, as written in its `href`s.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(h, _)| h.replace("&amp;", "&")))
        .filter(|h| is_page(h))
        .collect()
}

/// What is wrong with a page's text, if anything.
fn faults(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if text.contains(lode_web::i18n::MISSING) {
        out.push("an untranslated text".to_string());
    }
    if let Some(day) = stored_day(text) {
        out.push(format!("a stored day {day}"));
    }
    if text.contains("{\"") || text.contains("\":") {
        out.push("JSON".to_string());
    }
    // an internal code: lower-case words joined by an underscore
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        let parts: Vec<&str> = word.split('_').collect();
        if parts.len() > 1
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        {
            out.push(format!("the code {word}"));
        }
    }
    out
}

async fn every_page_reads_as_its_people_read_it(b: Backend) -> anyhow::Result<()> {
    let mut settings = axum::http::Extensions::new();
    settings.insert(lode_services::web::Portal::new(None));
    let app = TestApp::demo(
        b,
        Mount {
            capabilities: vec![
                lode_eoffice::web::capability(),
                lode_services::web::capability(),
                lode_archive::web::capability(),
                lode_cadastre::web::capability(),
            ],
            settings,
        },
    )
    .await?;
    lode_services::catalogue::seed_catalogue(&app.state.db).await?;
    let mut problems = Vec::new();
    let mut opened = 0;
    for who in WALKERS {
        let signed_in = app.login_with(who, lode_db::demo::DEMO_PASSWORD).await?;
        for lang in ["vi", "en"] {
            let session = Session {
                cookie: format!("{}; lang={lang}", signed_in.cookie),
                csrf: signed_in.csrf.clone(),
            };
            let mut seen = BTreeSet::new();
            let mut queue = VecDeque::from(["/".to_string()]);
            let mut pages = 0;
            while let Some(path) = queue.pop_front() {
                if pages >= PAGES_EACH || !seen.insert(path.clone()) {
                    continue;
                }
                let r = app.get(&path, Some(&session)).await;
                if r.status.is_redirection() {
                    continue;
                }
                pages += 1;
                if r.status != StatusCode::OK {
                    problems.push(format!("{who} ({lang}) {path}: {}", r.status));
                    continue;
                }
                if !r.header("content-type").starts_with("text/html") {
                    continue;
                }
                let html = r.text();
                for f in faults(&visible_text(&html)) {
                    problems.push(format!("{who} ({lang}) {path}: {f}"));
                }
                queue.extend(links(&html));
            }
            opened += pages;
        }
    }
    assert!(opened > 300, "only {opened} pages were opened");
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[test]
fn faults_are_found() {
    assert!(faults("Hạn 15/12/2026, Lãnh đạo Cục").is_empty());
    assert_eq!(faults("Vai trò: agency_leader"), ["the code agency_leader"]);
    assert_eq!(faults("hạn 2026-12-15"), ["a stored day 2026-12-15"]);
    assert_eq!(faults("{\"a\":1}"), ["JSON"]);
    assert_eq!(
        links(
            "<a href=\"/incoming/3\">x</a><a href=\"/incoming/3/file\">f</a><a href=\"https://x\">"
        ),
        ["/incoming/3"]
    );
}
