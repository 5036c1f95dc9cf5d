//! What the e-office shows on the pages the shell owns: the person's queues on the home page,
//! their certificates on their account page, the count of documents waiting for them in the
//! navigation.

use lode_core::authz::Action;
use lode_web::auth::Caller;
use lode_web::i18n::Lang;
use lode_web::{AppState, InHand, InHands, Names, Panel, Panels, Waiting};
use maud::html;
use std::collections::HashMap;

/// The e-office's sections of the shell's pages.
pub struct EofficePanels;

impl Panels for EofficePanels {
    fn home<'a>(&'a self, state: &'a AppState, caller: &'a Caller) -> Panel<'a> {
        Box::pin(queues(state, caller))
    }

    fn dashboard<'a>(&'a self, _state: &'a AppState, _caller: &'a Caller) -> Panel<'a> {
        // the dashboard is the e-office's own page
        Box::pin(async { Ok(None) })
    }

    fn account<'a>(&'a self, state: &'a AppState, caller: &'a Caller) -> Panel<'a> {
        Box::pin(certificates(state, caller))
    }

    fn in_hand<'a>(&'a self, state: &'a AppState, l: Lang, account: i64) -> InHands<'a> {
        Box::pin(async move {
            let (handling, presented) = crate::incoming::held_by(&state.db, account).await?;
            let (writing, to_sign) = crate::outgoing::held_by(&state.db, account).await?;
            Ok([
                ("in_hand.handling", handling),
                ("in_hand.presented", presented),
                ("in_hand.writing", writing),
                ("in_hand.to_sign", to_sign),
            ]
            .into_iter()
            .map(|(what, count)| InHand {
                what: l.t(what).to_string(),
                count,
            })
            .collect())
        })
    }

    fn waiting<'a>(&'a self, state: &'a AppState, caller: &'a Caller) -> Waiting<'a> {
        Box::pin(async move {
            if !caller.actor.is_staff() {
                return Ok(None);
            }
            Ok(Some(
                crate::incoming::waiting_counts(&state.db, &caller.actor).await?,
            ))
        })
    }

    fn records_named<'a>(
        &'a self,
        state: &'a AppState,
        l: Lang,
        kind: &'a str,
        keys: &'a [String],
    ) -> Names<'a> {
        Box::pin(records_named(state, l, kind, keys))
    }
}

/// The e-office's records in the audit log, by what names them without telling what they say
/// (whoever reads the log may not be cleared to read the document): an incoming document by
/// its arrival number and the sender's notation, an outgoing one by its notation once issued
/// (a secret one by its entry alone, or its row), a work dossier by its code, a certificate by
/// its holder, a document type by its name.
async fn records_named(
    state: &AppState,
    l: Lang,
    kind: &str,
    keys: &[String],
) -> Result<HashMap<String, String>, lode_web::error::AppError> {
    let select = match kind {
        // a secret document by its entry alone: its sender's notation is content (who wrote)
        "incoming" => {
            "SELECT id, CAST(arrival_number AS TEXT) || '/' || CAST(year AS TEXT)
                        || CASE WHEN secrecy = 'none' THEN ' · ' || notation ELSE '' END
             FROM incoming_documents WHERE id IN {ids}"
        }
        // a draft, without its number yet, by its type: `|` (never in a notation) marks the
        // type's code and name
        "outgoing" => {
            "SELECT o.id, COALESCE(o.notation, '|' || o.type_code || '|' || t.name)
             FROM outgoing_documents o JOIN document_types t ON t.code = o.type_code
             WHERE o.id IN {ids} AND o.secrecy = 'none'"
        }
        "dossier" => "SELECT id, code FROM dossiers WHERE id IN {ids}",
        "certificate" => "SELECT id, subject FROM certificates WHERE id IN {ids}",
        "document_type" => {
            let named = lode_db::names_by_id(
                &state.db,
                "SELECT code, name FROM document_types WHERE code IN {ids}",
                keys,
            )
            .await?;
            return Ok(named
                .into_iter()
                .map(|(code, name)| {
                    let shown = lode_web::pages::type_name(l, &code, &name).to_string();
                    (code, shown)
                })
                .collect());
        }
        _ => return Ok(HashMap::new()),
    };
    let named = lode_web::rows_named(&state.db, select, keys).await?;
    Ok(named
        .into_iter()
        .map(|(id, name)| {
            let shown = match (kind, name.strip_prefix('|')) {
                ("certificate", _) => lode_web::pages::common_name(&name),
                ("outgoing", Some(draft)) => {
                    let (code, type_name) = draft.split_once('|').unwrap_or((draft, draft));
                    l.fill(
                        "audit.draft_of",
                        &serde_json::json!({ "type": lode_web::pages::type_name(l, code, type_name) }),
                    )
                }
                _ => name,
            };
            (id, shown)
        })
        .collect())
}

/// The outgoing queues the home page shows after the incoming ones: what is not the person's to
/// act on first.
const AFTER_INCOMING: [&str; 2] = ["awaiting_signature", "mine"];

/// How many of each queue the home page lists; the rest are a link away.
const HOME_SHOWN: usize = 6;

/// The person's work, queue by queue, most urgent first: drafts to review, to sign and to
/// issue, then the incoming documents' queues.
async fn queues(
    state: &AppState,
    caller: &Caller,
) -> Result<Option<maud::Markup>, lode_web::error::AppError> {
    if !caller.actor.is_staff() {
        return Ok(None);
    }
    let l = caller.lang;
    let queues = crate::web::api::work::all_queues(state, caller).await?;
    let waiting =
        crate::outgoing::waiting_for(&state.db, &caller.actor, crate::web::api::work::QUEUE_SHOWN)
            .await?;
    // (queue, its newest, how many, the list that holds them all)
    let outgoing = [
        ("mine", &waiting.mine, waiting.mine_count, "/queues/mine"),
        (
            "to_review",
            &waiting.to_review,
            waiting.to_review_count,
            "/queues/to_review",
        ),
        (
            "to_sign",
            &waiting.to_sign,
            waiting.to_sign_count,
            "/queues/to_sign",
        ),
        (
            "to_issue",
            &waiting.to_issue,
            waiting.to_issue_count,
            "/queues/to_issue",
        ),
        (
            "awaiting_signature",
            &waiting.awaiting_signature,
            waiting.awaiting_signature_count,
            "/queues/awaiting_signature",
        ),
    ];
    // the requests for more time waiting for the person's answer, first: each is a deadline
    // running out
    let extensions =
        crate::incoming::extensions_awaiting(&state.db, &caller.actor, EXTENSIONS_COUNTED).await?;
    let incoming = incoming_in_order(caller, &queues);
    Ok(Some(html! {
        @if caller.may(Action::RegisterDocuments) {
            p { a.button href="/incoming/new" { (l.t("incoming.new")) } }
        }
        div.queues {
            @if !extensions.is_empty() {
                section.queue #extensions_asked {
                    h2 { (l.t("queue.extensions_asked")) " " span.count { (extensions.len()) } }
                    ul.queue-items {
                        @for (d, asked) in extensions.iter().take(HOME_SHOWN) {
                            li {
                                (crate::web::pages::incoming::summary_link(l, d))
                                br;
                                small { (l.fill("incoming.extension_jump", &serde_json::json!({
                                    "who": asked.asked_by_name.as_deref().unwrap_or(l.t("history.system")),
                                    "proposed_day": asked.proposed.as_deref().unwrap_or_default(),
                                }))) }
                            }
                        }
                    }
                }
            }
            // what is overdue before anything else: the morning starts there
            @for q in incoming.iter().filter(|q| overdue_first(q)) {
                (incoming_queue(l, caller, q))
            }
            @for (name, items, count, all) in outgoing.iter().filter(|q| !AFTER_INCOMING.contains(&q.0)) {
                @if !items.is_empty() { (drafts_queue(l, (name, items, *count, all))) }
                // a clerk's own queue says "nothing to number" rather than vanish
                @else if *name == "to_issue" && caller.actor.has(lode_core::people::Role::Clerk) {
                    section.queue id=(name) {
                        (lode_web::pages::queue_heading(l, l.t("queue.to_issue"), 0, all))
                        p.empty { (l.t("queue.empty")) }
                        // what the leader signed on paper waits among the unsigned: said here,
                        // where the clerk looks for what to number
                        @if waiting.awaiting_signature_count > 0 { p.hint { (l.t("queue.to_issue_paper_hint")) } }
                    }
                }
            }
            @for q in incoming.iter().filter(|q| !overdue_first(q)) {
                (incoming_queue(l, caller, q))
            }
            // what waits for others (the leader's signature), and the person's own drafts,
            // after what others handed them
            @for (name, items, count, all) in outgoing.iter().filter(|q| AFTER_INCOMING.contains(&q.0)) {
                @if !items.is_empty() { (drafts_queue(l, (name, items, *count, all))) }
            }
        }
    }))
}

/// The most requests for more time the home page counts (each read by its letter's events).
const EXTENSIONS_COUNTED: usize = 50;

/// One queue of outgoing documents on the home page: its newest, each told apart by number or
/// by who wrote it and when it last changed (one's own drafts by where they stand), and the
/// way to the rest.
fn drafts_queue(
    l: lode_web::i18n::Lang,
    (name, items, count, all): (&str, &[crate::outgoing::OutgoingView], usize, &str),
) -> maud::Markup {
    html! {
        section.queue id=(name) {
            (lode_web::pages::queue_heading(l, l.t(&format!("queue.{name}")), i64::try_from(count).unwrap_or(i64::MAX), all))
            ul.queue-items {
                @for d in items.iter().take(HOME_SHOWN) {
                    li {
                        a href={ "/outgoing/" (d.id) } {
                            (d.notation.as_deref().unwrap_or(lode_web::pages::type_name(l, &d.type_code, &d.type_name))) " · "
                            (d.subject.as_deref().unwrap_or(l.t("incoming.secret_entry")))
                        }
                        (crate::web::pages::secrecy_badge(l, &d.secrecy))
                        (crate::web::pages::incoming::urgency_badge(l, &d.urgency))
                        // an own draft says where it stands: sent back, in review
                        @if name == "mine" {
                            " " span.badge { (l.t(&crate::web::pages::outgoing_status_key(d))) }
                        }
                        br;
                        small {
                            // one's own drafts need not name their author
                            @if name != "mine" { (d.author_name) " · " (d.drafting_unit_name) " · " }
                            @if let Some(v) = d.versions.last() { (lode_web::pages::local_time(&v.created_at)) }
                            // signed, to number; or numbered, to send
                            @if name == "to_issue" {
                                " · "
                                @if d.notation.is_some() { (l.t("queue.numbered")) }
                                @else { (l.t("queue.signed")) }
                            }
                        }
                    }
                }
            }
            // the whole list, with its order and filters, however few it holds
            p { a href=(all) { (l.t("queue.more")) } }
        }
    }
}

/// Whether a queue goes before all the others: the overdue letters, while there are any.
fn overdue_first(q: &crate::incoming::Queue) -> bool {
    q.name == "overdue" && q.count > 0
}

/// One incoming queue on the home page: its newest, and the way to the rest.
fn incoming_queue(
    l: lode_web::i18n::Lang,
    caller: &Caller,
    q: &crate::incoming::Queue,
) -> maud::Markup {
    let all = format!("/queues/{}", q.name);
    html! {
        section.queue id=(q.name) {
            (lode_web::pages::queue_heading(l, l.t(&crate::web::pages::incoming::queue_title(caller, &q.name)), q.count, &all))
            @if q.items.is_empty() {
                p.empty { (l.t("queue.empty")) }
            } @else {
                ul.queue-items {
                    @for d in q.items.iter().take(HOME_SHOWN) {
                        li { (crate::web::pages::incoming::summary_link(l, d)) }
                    }
                }
                p { a href=(all) { (l.t("queue.more")) } }
            }
        }
    }
}

/// The incoming queues the home page shows, in the order that matters in the morning: what is
/// overdue first, then what waits, then what is empty (said "nothing waiting", last).
fn incoming_in_order<'q>(
    caller: &Caller,
    queues: &'q [crate::incoming::Queue],
) -> Vec<&'q crate::incoming::Queue> {
    let mut shown: Vec<&crate::incoming::Queue> = queues
        .iter()
        .filter(|q| q.count > 0 || crate::web::pages::incoming::shows_empty_queue(caller, &q.name))
        .collect();
    // a stable sort: the queues' own order within each rank
    shown.sort_by_key(|q| match (q.count > 0, q.name.as_str()) {
        (true, "overdue") => 0,
        (true, _) => 1,
        (false, _) => 2,
    });
    shown
}

/// The certificates the person signs with, and which of them expire soon.
async fn certificates(
    state: &AppState,
    caller: &Caller,
) -> Result<Option<maud::Markup>, lode_web::error::AppError> {
    let certificates = crate::certificates::of_account(&state.db, caller.account.id).await?;
    if certificates.is_empty() {
        return Ok(None);
    }
    let l = caller.lang;
    Ok(Some(html! {
        section {
            h2 { (l.t("account.certificates")) }
            table.list {
                thead { tr {
                    th { (l.t("certs.subject")) } th { (l.t("certs.serial")) }
                    th { (l.t("certs.valid_until")) } th { (l.t("certs.status")) }
                } }
                tbody {
                    @for c in &certificates {
                        tr {
                            // the holder by name; the whole distinguished name on hover
                            td data-label=(l.t("certs.subject")) title=(c.subject) { (crate::web::pages::common_name(&c.subject)) }
                            td data-label=(l.t("certs.serial")) { code { (c.serial) } }
                            td data-label=(l.t("certs.valid_until")) {
                                (crate::web::pages::local_day(&c.not_after))
                                @if c.status == crate::certificates::CertificateStatus::Valid && c.days_left <= crate::certificates::EXPIRY_WARNING_DAYS {
                                    " " span.badge.overdue { (l.t("certs.expiring_badge")) }
                                }
                            }
                            td data-label=(l.t("certs.status")) { span class={ "badge status-" (c.status) } { (l.t(&format!("certs.status.{}", c.status))) } }
                        }
                    }
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use lode_web::i18n::{Lang, MISSING};

    #[test]
    fn every_queue_has_a_title() {
        assert_eq!(lode_web::i18n::add(crate::web::TRANSLATIONS), Ok(()));
        for q in crate::incoming::QUEUES
            .iter()
            .chain(crate::web::pages::queues::OUTGOING_QUEUES)
        {
            assert_ne!(Lang::Vi.t(&format!("queue.{q}")), MISSING);
            assert_ne!(Lang::En.t(&format!("queue.{q}")), MISSING);
        }
    }
}
