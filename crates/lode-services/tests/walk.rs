//! Every page each of lode's people (and an anonymous visitor) reaches from their home page by
//! following links, in Vietnamese and in English, on the demo organisation: none answers with
//! an error, and none shows an untranslated text, a stored day (`2026-12-05`) or time
//! (`10:05:33`), JSON or an internal code (`agency_leader`, `session.login`) where a person
//! reads; no label, column heading or button of a Vietnamese page is in English, none of an
//! English page in Vietnamese.

mod common;

use axum::http::StatusCode;
use common::{Mount, Session, TestApp, stored_day, visible_text};
use lode_db::Backend;
use std::collections::{BTreeSet, VecDeque};

lode_db::on_both_backends!(every_page_reads_as_its_people_read_it);

/// The people who walk, one of each kind; `None` is the visitor who has not signed in.
const WALKERS: &[Option<&str>] = &[
    Some("vanthu"),
    Some("tvhung"),
    Some("dvthang"),
    Some("ntkhanh"),
    Some("admin"),
    Some("motcua"),
    Some("vvhai"),
    Some("minhphat"),
    Some("nvtam"),
    Some("tthuong"),
    Some("nthuyen"),
    None,
];

/// How many pages each walker opens in each language at most (the walk is breadth first, so
/// these are the pages nearest their home).
const PAGES_EACH: usize = 150;

/// How many pages of one shape (`/incoming/N`, `/ho-so/N?tab=`) each walker opens: the same
/// page for another record says little more, and the walk reaches further for it.
const OF_A_SHAPE: usize = 3;

/// A link's shape: its numbers as `N`, its query's values dropped.
fn shape(href: &str) -> String {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let mut out = String::new();
    let mut in_number = false;
    for c in path.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    let mut keys: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys.dedup();
    if !keys.is_empty() {
        out.push('?');
        out.push_str(&keys.join("&"));
    }
    out
}

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
    if let Some(time) = seconds_time(text) {
        out.push(format!("a stored time {time}"));
    }
    if text.contains("{\"") || text.contains("\":") {
        out.push("JSON".to_string());
    }
    for word in
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '@'))
    {
        let word = word.trim_matches('.');
        // an internal code: lower-case words joined by an underscore, or by dots as audit
        // actions and message keys are (`session.login`), not an address or a file's name
        let lower =
            |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        let underscored = word.contains('_') && !word.contains('.') && word.split('_').all(lower);
        let dotted = !word.contains('@')
            && word.contains('.')
            && word.split('.').all(|p| lower(p) && p.len() > 1)
            && !word.starts_with("www.")
            && word
                .rsplit('.')
                .next()
                .is_some_and(|last| !NOT_CODES.contains(&last));
        if underscored || dotted {
            out.push(format!("the code {word}"));
        }
    }
    out
}

/// The last parts of dotted words that are addresses or files' names, not codes.
const NOT_CODES: &[&str] = &[
    "vn", "com", "org", "net", "gov", "edu", "pdf", "xlsx", "xml", "zip", "png", "jpg", "jpeg",
    "csv", "kml", "shp", "json", "geojson", "ftl", "tif", "tiff", "docx", "txt", "p12", "pem",
];

/// A time written with its seconds (`10:05:33`), as storage writes it, if any.
fn seconds_time(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(7)).find_map(|i| {
        let w = &b[i..i + 8];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        let before = i.checked_sub(1).map(|j| b[j]);
        (digits(0..2)
            && w[2] == b':'
            && digits(3..5)
            && w[5] == b':'
            && digits(6..8)
            && !before.is_some_and(|c| c.is_ascii_digit() || c == b':'))
        .then(|| String::from_utf8_lossy(w).into_owned())
    })
}

/// The texts of the page's `tag` elements (labels, column headings, buttons): what the page
/// itself says, not the data it shows. `None` for an element that wraps a choice's input or
/// names its own language.
fn texts_of(html: &str, tag: &str) -> Vec<Option<String>> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        rest = &rest[at + open.len()..];
        if !rest.starts_with([' ', '>']) {
            continue;
        }
        let Some(end) = rest.find(&close) else { break };
        let inner = &rest[..end];
        let (attributes, body) = inner.split_once('>').unwrap_or(("", inner));
        out.push(
            (!body.contains("<input") && !attributes.contains("lang=")).then(|| {
                visible_text(body)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        );
        rest = &rest[end..];
    }
    out
}

/// The page without what people type or read as it is stored: the contents of text areas
/// (an administrator's procedure definition, a draft's text) and of code blocks.
fn without_typed(html: &str) -> String {
    let mut out = html.to_string();
    for tag in ["textarea", "pre", "code"] {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        let mut kept = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(&open) {
            kept.push_str(&rest[..at]);
            match rest[at..].find(&close) {
                Some(end) => rest = &rest[at + end + close.len()..],
                None => {
                    rest = "";
                }
            }
        }
        kept.push_str(rest);
        out = kept;
    }
    out
}

/// Words that only English writes.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "is", "must", "with", "this", "was", "are", "has", "have", "been", "not",
    "cannot", "please", "your", "you", "Save", "Submit", "Cancel", "Search", "Delete", "Edit",
    "Download", "Upload", "Back", "Next", "Previous", "Sign", "Send", "Close", "Open", "Name",
    "Date", "Status", "Number", "Subject", "Type", "Unit", "File", "Filter", "Apply",
];

/// Letters only Vietnamese writes.
fn vietnamese(text: &str) -> bool {
    text.chars()
        .any(|c| "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ".contains(c))
}

/// A label, column heading, button or fold of the page in the other language.
fn chrome_faults(html: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["label", "th", "button", "summary", "legend"] {
        for text in texts_of(html, tag) {
            // a choice's label (a unit, a person) is the data chosen; words marked with their
            // language (a procedure's own) are meant so
            let Some(text) = text else { continue };
            let wrong = if lang == "vi" {
                text.split(|c: char| !c.is_alphanumeric())
                    .any(|w| ENGLISH.contains(&w))
            } else {
                vietnamese(&text)
            };
            if wrong {
                out.push(format!("the {tag} \"{text}\" is not in {lang}"));
            }
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
    let mut anonymous = 0;
    for who in WALKERS {
        let signed_in = match who {
            Some(who) => Some(app.login_with(who, lode_db::demo::DEMO_PASSWORD).await?),
            None => None,
        };
        let name = who.unwrap_or("anonymous");
        for lang in ["vi", "en"] {
            let session = Session {
                cookie: match &signed_in {
                    Some(s) => format!("{}; lang={lang}", s.cookie),
                    None => format!("lang={lang}"),
                },
                csrf: signed_in
                    .as_ref()
                    .map(|s| s.csrf.clone())
                    .unwrap_or_default(),
            };
            let mut seen = BTreeSet::new();
            let mut shapes: std::collections::BTreeMap<String, usize> = Default::default();
            let mut queue = VecDeque::from(["/".to_string()]);
            if who.is_none() {
                queue.extend(["/dich-vu-cong", "/tra-cuu", "/login", "/dang-ky"].map(String::from));
            }
            let mut pages = 0;
            while let Some(path) = queue.pop_front() {
                if pages >= PAGES_EACH || !seen.insert(path.clone()) {
                    continue;
                }
                let of_shape = shapes.entry(shape(&path)).or_default();
                if *of_shape >= OF_A_SHAPE {
                    continue;
                }
                *of_shape += 1;
                let r = app.get(&path, Some(&session)).await;
                if r.status.is_redirection() {
                    continue;
                }
                pages += 1;
                if r.status != StatusCode::OK {
                    problems.push(format!("{name} ({lang}) {path}: {}", r.status));
                    continue;
                }
                if !r.header("content-type").starts_with("text/html") {
                    continue;
                }
                let html = r.text();
                for f in faults(&visible_text(&without_typed(&html)))
                    .into_iter()
                    .chain(chrome_faults(&html, lang))
                {
                    problems.push(format!("{name} ({lang}) {path}: {f}"));
                }
                queue.extend(links(&html));
            }
            opened += pages;
            if who.is_none() {
                anonymous += pages;
            }
        }
    }
    assert!(anonymous >= 8, "the visitor opened only {anonymous} pages");
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
        faults("Hành động: session.login"),
        ["the code session.login"]
    );
    assert!(faults("Thư: an@dgm.example.vn, tệp bao-cao.pdf, www.gov.vn. Hết.").is_empty());
    assert_eq!(faults("lúc 10:05:33"), ["a stored time 10:05:33"]);
    assert!(faults("lúc 10:05, ngày 05/12/2026").is_empty());
    assert_eq!(shape("/incoming/12?page=3&q=x"), "/incoming/N?page&q");
    assert_eq!(
        chrome_faults("<label for=x>Subject</label><th>Trích yếu</th>", "vi"),
        ["the label \"Subject\" is not in vi"]
    );
    assert_eq!(
        chrome_faults("<button type=submit>Lưu</button><label>Name</label>", "en"),
        ["the button \"Lưu\" is not in en"]
    );
    assert!(chrome_faults("<th>Số đến</th><button>Lọc</button>", "vi").is_empty());
    // a choice's label and words marked with their language are data
    assert!(
        chrome_faults(
            "<label class=check><input type=checkbox> Phòng Tổ chức</label>",
            "en"
        )
        .is_empty()
    );
    assert!(chrome_faults("<label for=a lang=\"vi\">Số tập</label>", "en").is_empty());
    assert!(faults("e.g. 12/QĐ-BNNMT").is_empty());
    assert_eq!(
        visible_text(&without_typed(
            "<p>Lưu</p><textarea>{\"a\": 1}</textarea><code>x_y</code>"
        ))
        .trim(),
        "Lưu"
    );
    assert_eq!(
        links(
            "<a href=\"/incoming/3\">x</a><a href=\"/incoming/3/file\">f</a><a href=\"https://x\">"
        ),
        ["/incoming/3"]
    );
}
