//! The archive's pages and API, mounted by the binary as a [`lode_web::Capability`]:
//!
//! - [`pages`]: the catalogue open to all (search, a record's page) and the archive staff's
//!   forms (a new record, an edit, the versions);
//! - [`api`]: the same under `/api/v1/archive`, each route with its OpenAPI operation;
//! - [`submissions`]: the archive staff's pages for submitted data: the check, the decision;
//! - [`copies`]: certified copies made, signed by the organisation and kept (a job);
//! - [`papers`]: a submission's receipt or return notice, made, sealed and returned (a job).

pub mod api;
pub mod copies;
pub mod pages;
pub mod papers;
pub mod submissions;

use crate::domain::Reader;
use lode_web::auth::Caller;
use maud::html;
use std::sync::Arc;

/// The archive as the binary mounts it.
pub fn capability() -> lode_web::Capability {
    lode_web::Capability {
        pages: pages::router().merge(submissions::router()),
        api: api::router(),
        panels: Arc::new(ArchivePanels),
        translations: TRANSLATIONS,
        demo: Some(seed_demo),
    }
}

/// The archive's messages (`i18n/` of this crate).
pub const TRANSLATIONS: lode_web::i18n::Translations = lode_web::i18n::Translations {
    name: "lode-archive",
    vi: include_str!("../../i18n/vi.ftl"),
    en: include_str!("../../i18n/en.ftl"),
};

fn seed_demo<'a>(
    db: &'a lode_db::Db,
    blobs: &'a lode_db::blobs::Blobs,
) -> lode_web::DemoSeeding<'a> {
    Box::pin(async move {
        crate::demo::seed(db, blobs).await?;
        Ok(())
    })
}

/// Who reads, as the archive's rules know them.
pub fn reader(caller: Option<&Caller>) -> Reader {
    Reader::of(caller.map(|c| &c.actor))
}

/// The archive's sections of the shell's pages.
struct ArchivePanels;

/// How many waiting requests the home page lists.
const HOME_SHOWN: i64 = 6;

impl lode_web::Panels for ArchivePanels {
    /// The archive's staff: the requests waiting for their decision, oldest first.
    fn home<'a>(
        &'a self,
        state: &'a lode_web::AppState,
        caller: &'a Caller,
    ) -> lode_web::Panel<'a> {
        Box::pin(async move {
            let reader = reader(Some(caller));
            if !reader.keeps_archive() {
                return Ok(None);
            }
            let l = caller.lang;
            let leader = crate::requests::archive_leader(&caller.actor);
            let (count, waiting) = crate::requests::waiting(&state.db, reader, HOME_SHOWN).await?;
            Ok(Some(html! {
                section.queue id="archive-requests" {
                    (lode_web::pages::queue_heading(l, l.t("archive.waiting_requests"), count, "/luu-tru/yeu-cau-khai-thac"))
                    @if waiting.is_empty() {
                        p.empty { (l.t("archive.no_waiting_requests")) }
                    } @else {
                        ul.queue-items {
                            @for f in &waiting {
                                li {
                                    a href=(crate::requests::waiting_link(f.id)) {
                                        (f.code.as_deref().unwrap_or("—")) " · " (f.applicant)
                                    }
                                    " · " (l.t(&format!("archive.request_kind.{}", f.kind.as_str())))
                                    " · " (l.fill("archive.request_records", &serde_json::json!({"count": f.items.len()})))
                                    // the leader's to decide: an archivist sees it waits on someone else
                                    @if f.needs_leader && !leader { " · " span.badge { (l.t("archive.for_leader")) } }
                                }
                            }
                        }
                    }
                    p { a href="/luu-tru/yeu-cau-khai-thac" { (l.t("queue.more")) } }
                }
            }))
        })
    }

    /// The archive's figures on the dashboard: how much is digitised, records by kind and
    /// period, requests served and pages delivered by month.
    fn dashboard<'a>(
        &'a self,
        state: &'a lode_web::AppState,
        caller: &'a Caller,
    ) -> lode_web::Panel<'a> {
        Box::pin(async move {
            let l = caller.lang;
            let f = crate::figures::figures(&state.db, reader(Some(caller))).await?;
            if f.records == 0 {
                return Ok(None);
            }
            Ok(Some(html! {
                section #archive-figures {
                    h2 { (l.t("archive.figures")) }
                    (figures_markup(l, &f))
                    p { a href="/luu-tru" { (l.t("archive.title")) } }
                }
            }))
        })
    }

    /// In the audit log: a record by its archive number, a request to consult or copy and a
    /// submission by the code of their dossier.
    fn record_names(&self) -> &'static [(&'static str, &'static str)] {
        &[
            (
                "archive_record",
                "SELECT id, archive_number FROM archive_records WHERE id IN {ids}",
            ),
            (
                "archive_request",
                "SELECT r.id, a.code FROM archive_requests r
                 JOIN applications a ON a.id = r.application_id WHERE r.id IN {ids}",
            ),
            (
                "archive_submission",
                "SELECT s.id, a.code FROM archive_submissions s
                 JOIN applications a ON a.id = s.application_id WHERE s.id IN {ids}",
            ),
        ]
    }
}

/// The archive's figures: how much is digitised, records by kind and period, requests served
/// and pages delivered by month (the dashboard's section, and the archive's own page).
pub fn figures_markup(l: lode_web::i18n::Lang, f: &crate::figures::Figures) -> maud::Markup {
    // three periods a kind: before 1990, 1990 to 2009, from 2010 (and no year with the first)
    let rows: Vec<lode_web::pages::charts::StackedRow> = crate::domain::RecordKind::ALL
        .iter()
        .map(|k| {
            let of = |keep: &dyn Fn(Option<i64>) -> bool| -> i64 {
                f.by_kind_decade
                    .iter()
                    .filter(|r| r.kind == *k && keep(r.decade))
                    .map(|r| r.records)
                    .sum()
            };
            lode_web::pages::charts::StackedRow {
                name: l.t(&format!("archive.kind.{}", k.as_str())).to_string(),
                parts: [
                    of(&|d| d.is_none_or(|d| d < 1990)),
                    of(&|d| d.is_some_and(|d| (1990..2010).contains(&d))),
                    of(&|d| d.is_some_and(|d| d >= 2010)),
                ],
                // the catalogue's records of the kind
                href: Some(format!("/luu-tru?kind={}", k.as_str())),
            }
        })
        .collect();
    html! {
        div.gauges {
            (lode_web::pages::charts::gauge(l, l.t("archive.digitised_records"), f.digitised_records, f.records))
            (lode_web::pages::charts::gauge(l, l.t("archive.text_pages"), f.text_pages, f.pages))
        }
        (lode_web::pages::charts::stacked_periods(
            l.t("archive.by_kind_period"),
            &rows,
            (l.t("archive.before_1990"), l.t("archive.from_1990"), l.t("archive.from_2010")),
        ))
        @if !f.months.is_empty() {
            table.list {
                caption { (l.t("archive.served_by_month")) }
                thead { tr { th { (l.t("archive.month")) } th { (l.t("archive.requests_served")) } th { (l.t("archive.pages_delivered")) } } }
                tbody {
                    @for m in &f.months {
                        tr {
                            td data-label=(l.t("archive.month")) { (m.month.get(5..7).unwrap_or("")) "/" (m.month.get(..4).unwrap_or("")) }
                            td.num data-label=(l.t("archive.requests_served")) { (l.number(m.requests)) }
                            td.num data-label=(l.t("archive.pages_delivered")) { (l.number(m.pages)) }
                        }
                    }
                }
            }
        }
    }
}
