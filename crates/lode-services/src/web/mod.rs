//! The public services' pages and API, mounted by the binary as a [`lode_web::Capability`]:
//!
//! - [`pages`]: the portal (catalogue, tracking, sign-up, payment return), the applicant's
//!   dossiers, the one-stop desk and the statistics, as server-rendered forms;
//! - [`api`]: the same under `/api/v1`, each route with its OpenAPI operation;
//! - [`gateway`]: the payment gateway's protocol (signed queries both ways) and a simulator of
//!   it for the demo and the tests;
//! - [`slips`]: the papers printed for a dossier (receipt slip, forms, registers, fee receipt);
//! - [`limits`]: the throttle of the public tracking lookups;
//! - [`demo`]: the demo's dossiers at the one-stop desk, filed and signed as a company would;
//! - this module: what is mounted ([`capability`]), its settings ([`Portal`]), and what it shows
//!   on the shell's home page and dashboard.

pub mod api;
pub mod demo;
pub mod gateway;
pub mod limits;
pub mod pages;
pub mod slips;

use lode_web::auth::Caller;
use lode_web::{AppState, Panel, Panels};
use maud::html;
use std::sync::Arc;

/// The public services' settings and counters, kept in [`AppState::settings`].
#[derive(Debug, Default)]
pub struct Portal {
    /// The payment gateway, when fees are paid online.
    pub payment: Option<gateway::GatewayConfig>,
    /// Misses of the public tracking lookups, per client.
    pub track_limits: limits::TrackLimiter,
}

impl Portal {
    pub fn new(payment: Option<gateway::GatewayConfig>) -> Arc<Self> {
        Arc::new(Self {
            payment,
            track_limits: Default::default(),
        })
    }

    /// The portal's settings in `state`; none kept there means no online payment.
    pub fn of(state: &AppState) -> &Portal {
        static NONE: std::sync::LazyLock<Portal> = std::sync::LazyLock::new(Portal::default);
        state
            .settings
            .get::<Arc<Portal>>()
            .map_or(&*NONE, |p| p.as_ref())
    }
}

/// The public services as the binary mounts them; their settings go into
/// [`AppState::settings`] as [`Portal::new`] makes them.
pub fn capability() -> lode_web::Capability {
    lode_web::Capability {
        pages: pages::router(),
        api: api::router(),
        panels: Arc::new(ServicesPanels),
        translations: TRANSLATIONS,
        demo: None,
    }
}

/// The public services' messages (`i18n/` of this crate).
pub const TRANSLATIONS: lode_web::i18n::Translations = lode_web::i18n::Translations {
    name: "lode-services",
    vi: include_str!("../../i18n/vi.ftl"),
    en: include_str!("../../i18n/en.ftl"),
};

/// For a one-stop officer, the desk's two queues, oldest first: the dossiers waiting to be
/// received, and the results waiting to be returned (each whole at `/mot-cua` under its tab);
/// nothing for other staff.
async fn desk_section(
    state: &AppState,
    caller: &Caller,
) -> Result<Option<maud::Markup>, lode_web::error::AppError> {
    use crate::applications::DeskView;
    if !caller.may(lode_core::authz::Action::WorkTheDesk) {
        return Ok(None);
    }
    let l = caller.lang;
    let words = pages::Words::for_reader(&state.db, l).await?;
    let mut sections = Vec::new();
    for (view, id, title) in [
        (DeskView::WAITING, "desk", "desk.waiting"),
        (
            DeskView::RESULTS_TO_RETURN,
            "desk-results",
            "desk.results_issued",
        ),
    ] {
        let count = crate::applications::desk_count(&state.db, view).await?;
        let waiting = crate::applications::desk_first(&state.db, view, APPLICATIONS_SHOWN).await?;
        let all = desk_address(view);
        sections.push(html! {
            section.queue id=(id) {
                (lode_web::pages::queue_heading(l, l.t(title), count, &all))
                @if waiting.is_empty() {
                    p.empty { (l.t("queue.empty")) }
                } @else {
                    ul.queue-items {
                        @for d in &waiting {
                            li {
                                a href={ "/mot-cua/" (d.id) } { (d.code.as_deref().unwrap_or("—")) " · " (words.of(&d.procedure_name)) }
                                " · " (d.applicant)
                            }
                        }
                    }
                    p { a href=(all) { (l.t("queue.more")) } }
                }
            }
        });
    }
    Ok(Some(html! { @for s in &sections { (s) } }))
}

/// The desk's list showing `view`.
pub(crate) fn desk_address(view: crate::applications::DeskView) -> String {
    desk_list_address(view, crate::applications::DESK_USUAL, 1)
}

/// The desk's list showing `view`, in an order, at a numbered page.
pub(crate) fn desk_list_address(
    view: crate::applications::DeskView,
    sort: lode_db::Sort<crate::applications::DeskOrder>,
    page: i64,
) -> String {
    lode_web::pages::listing::Address::new()
        .pair("status", Some(view.status.as_str()))
        .pair("result", view.result_issued.then_some("issued"))
        .sort(sort, crate::applications::DESK_USUAL)
        .page(page)
        .at("/mot-cua")
}

/// How many of an applicant's dossiers the home page lists (all are at `/ho-so`).
const APPLICATIONS_SHOWN: i64 = 5;

struct ServicesPanels;

impl Panels for ServicesPanels {
    /// An applicant's dossiers, newest first, with how many there are.
    fn home<'a>(&'a self, state: &'a AppState, caller: &'a Caller) -> Panel<'a> {
        Box::pin(async move {
            if caller.actor.is_staff() {
                return desk_section(state, caller).await;
            }
            let l = caller.lang;
            let (count, mine) =
                crate::applications::recent(&state.db, caller.account.id, APPLICATIONS_SHOWN)
                    .await?;
            let words = pages::Words::for_reader(&state.db, l).await?;
            Ok(Some(html! {
                p { a.button href="/dich-vu-cong" { (l.t("apps.new_hint")) } }
                section.queue id="applications" {
                    h2 { (l.t("portal.applications")) " " span.count { (count) } }
                    @if mine.is_empty() {
                        p.empty { (l.t("portal.no_applications")) }
                    } @else {
                        ul.queue-items {
                            @for a in &mine {
                                li {
                                    a href={ "/ho-so/" (a.id) } {
                                        (a.code.as_deref().unwrap_or(l.t("apps.draft_code"))) " · " (words.of(&a.procedure_name))
                                    }
                                    " · " (l.t(&format!("track.status.{}", a.status)))
                                    @if let Some(due) = a.due_on.as_deref().filter(|_| a.status.promises_a_date()) {
                                        " · " (l.t("track.due")) " " (lode_web::pages::local_day(due))
                                    }
                                }
                            }
                        }
                        @if count > APPLICATIONS_SHOWN {
                            p { a href="/ho-so" { (l.t("queue.more")) } }
                        }
                    }
                }
            }))
        })
    }

    /// This year's handling of dossiers, as on the statistics page.
    fn dashboard<'a>(&'a self, state: &'a AppState, caller: &'a Caller) -> Panel<'a> {
        Box::pin(async move {
            let l = caller.lang;
            let today = lode_db::today();
            let services = pages::handling::worded_statistics(
                &state.db,
                l,
                chrono::Datelike::year(&today),
                today,
            )
            .await?;
            Ok(Some(html! {
                section #public-services {
                    h2 { (l.t("handling.statistics")) " " (services.year) }
                    (pages::handling::services_charts(l, &services))
                    p { a href="/thong-ke" { (l.t("handling.statistics")) } }
                }
            }))
        })
    }

    /// In the audit log: a dossier by its code (a draft has none yet), a procedure by its code
    /// and name (in the reader's language).
    fn records_named<'a>(
        &'a self,
        state: &'a AppState,
        l: lode_web::i18n::Lang,
        kind: &'a str,
        keys: &'a [String],
    ) -> lode_web::Names<'a> {
        Box::pin(async move {
            Ok(match kind {
                "application" => {
                    lode_web::rows_named(
                        &state.db,
                        "SELECT id, code FROM applications WHERE id IN {ids}",
                        keys,
                    )
                    .await?
                }
                "procedure" => {
                    let words = pages::Words::for_reader(&state.db, l).await?;
                    lode_db::names_by_id::<String>(
                        &state.db,
                        "SELECT code, name FROM procedures WHERE code IN {ids}",
                        keys,
                    )
                    .await?
                    .into_iter()
                    .map(|(code, name)| {
                        let named = format!("{code} · {}", words.of(&name));
                        (code, named)
                    })
                    .collect()
                }
                _ => Default::default(),
            })
        })
    }
}

/// A line of how a fee was reached, in `l`: one of the fee engine's messages filled with its
/// arguments; a line stored before steps were messages, as it was written.
pub fn fee_step_text(l: lode_web::i18n::Lang, step: &lode_core::fees::FeeStep) -> String {
    if lode_core::fees::FeeStep::MESSAGES.contains(&step.message.as_str()) {
        let args = serde_json::Value::Object(step.args.clone().into_iter().collect());
        l.fill(&format!("fee_step.{}", step.message), &args)
    } else {
        step.args
            .get("text")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    }
}

/// What a step of a dossier's life says, in `l`: its message filled with its arguments, or the
/// text a step written before messages was stored with.
pub fn event_note(l: lode_web::i18n::Lang, e: &crate::applications::AppEvent) -> String {
    match &e.message {
        Some(m) => l.fill(&format!("appevent.{m}"), &e.args),
        None => e.note.clone(),
    }
}

/// Renders each step's `note` in `l`, for an answer that shows the steps as they are (the API).
pub fn in_language(l: lode_web::i18n::Lang, events: &mut [crate::applications::AppEvent]) {
    for e in events {
        e.note = event_note(l, e);
    }
}

/// What the API answers with a dossier's steps in it, each step's `note` in the reader's
/// language.
pub trait Shown {
    fn shown(self, l: lode_web::i18n::Lang) -> Self;
}

impl Shown for crate::applications::Application {
    fn shown(mut self, l: lode_web::i18n::Lang) -> Self {
        in_language(l, &mut self.events);
        self
    }
}

impl Shown for Vec<crate::applications::Application> {
    fn shown(self, l: lode_web::i18n::Lang) -> Self {
        self.into_iter().map(|a| a.shown(l)).collect()
    }
}

impl Shown for crate::applications::Tracking {
    fn shown(mut self, l: lode_web::i18n::Lang) -> Self {
        in_language(l, &mut self.events);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applications::{AppEvent, EVENT_MESSAGES};
    use lode_web::i18n::{Lang, MISSING};

    #[test]
    fn every_step_reads_in_both_languages() {
        assert_eq!(lode_web::i18n::add(super::TRANSLATIONS), Ok(()));
        for m in EVENT_MESSAGES {
            for l in [Lang::Vi, Lang::En] {
                assert_ne!(
                    l.t(&format!("appevent.{m}")),
                    MISSING,
                    "{m} in {}",
                    l.code()
                );
            }
        }
    }

    #[test]
    fn a_fee_reads_in_each_readers_language() {
        assert_eq!(lode_web::i18n::add(super::TRANSLATIONS), Ok(()));
        for m in lode_core::fees::FeeStep::MESSAGES {
            for l in [Lang::Vi, Lang::En] {
                assert_ne!(l.t(&format!("fee_step.{m}")), MISSING, "{m}");
            }
        }
        let rule = lode_core::fees::FeeRule::Brackets {
            input: "cost".into(),
            label: "Chi phí".into(),
            unit: "đồng".into(),
            brackets: vec![lode_core::fees::Bracket {
                max: None,
                max_inclusive: false,
                base: 10_000_000,
                rate_bp: 50,
                over: Some("1000000000".into()),
            }],
        };
        let values = [("cost".to_string(), "5000000000,5".to_string())].into();
        let steps = rule.compute(&values).map(|e| e.steps).unwrap_or_default();
        let read = |l| {
            steps
                .iter()
                .map(|s| fee_step_text(l, s))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read(Lang::Vi),
            [
                "Chi phí: 5.000.000.000,5 đồng",
                "10.000.000 đồng + 0,5% × (5.000.000.000,5 − 1.000.000.000) = 30.000.000 đồng"
            ]
        );
        assert_eq!(
            read(Lang::En),
            [
                "Chi phí: 5,000,000,000.5 đồng",
                "10,000,000 VND + 0.5% × (5,000,000,000.5 − 1,000,000,000) = 30,000,000 VND"
            ]
        );
        // a line stored before steps were messages reads as it was written
        let stored = lode_core::fees::FeeStep::read_stored(r#"["Mức thu: 4.000.000 đồng"]"#);
        assert_eq!(
            stored
                .iter()
                .map(|s| fee_step_text(Lang::En, s))
                .collect::<Vec<_>>(),
            ["Mức thu: 4.000.000 đồng"]
        );
    }

    #[test]
    fn a_step_written_once_reads_in_each_readers_language() {
        assert_eq!(lode_web::i18n::add(super::TRANSLATIONS), Ok(()));
        let paid = AppEvent {
            at: "2026-12-04T01:00:00.000000Z".into(),
            kind: "paid".into(),
            message: Some("paid".into()),
            args: serde_json::json!({"amount_dong": 1500000, "transaction": "14a7", "receipt": 3}),
            note: String::new(),
            actor: None,
        };
        assert_eq!(
            event_note(Lang::Vi, &paid),
            "Đã thanh toán trực tuyến phí, lệ phí 1.500.000 đồng (mã giao dịch 14a7); biên lai số 3"
        );
        assert_eq!(
            event_note(Lang::En, &paid),
            "Fees of 1,500,000 VND paid online (transaction 14a7); receipt number 3"
        );
        let earlier = AppEvent {
            message: None,
            note: "Tạo hồ sơ nháp".into(),
            ..paid
        };
        assert_eq!(event_note(Lang::En, &earlier), "Tạo hồ sơ nháp");
    }
}
