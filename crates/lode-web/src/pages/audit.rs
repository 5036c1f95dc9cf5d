//! The audit log for administrators: filter, page back in time, verify the chain.

use super::{Nav, layout, listing, local_time};
use crate::State;
use crate::auth::Caller;
use crate::error::PageResult;
use lode_core::authz::Action;
use lode_db::audit::{self, AuditOrder, Filter};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    entity_type: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
    sort: Option<String>,
}

/// Every action the log records, in the order the filter offers them; each has its words
/// (`audit.action.…`).
const ACTIONS: &[&str] = &[
    "archive_record.create",
    "archive_record.update",
    "archive_record.file",
    "archive_record.correct_page",
    "archive_record.import",
    "archive_request.approve",
    "archive_request.refuse",
    "archive_submission.accept",
    "archive_submission.return",
    "cadastre_licence.grant",
    "cadastre_licence.extension",
    "cadastre_licence.adjustment",
    "cadastre_licence.transfer",
    "cadastre_licence.partial_return",
    "cadastre_licence.return",
    "cadastre_licence.revocation",
    "cadastre_licence.termination",
    "cadastre_licence.closure",
    "cadastre_zone_layer.import",
    "account.create",
    "account.email_verified",
    "account.profile",
    "account.password_change",
    "account.password_reset",
    "account.password_reset_mailed",
    "account.password_reset_by_link",
    "application.draft",
    "application.discarded",
    "application.changed",
    "application.document",
    "application.submit",
    "application.accepted",
    "application.incomplete",
    "application.refused",
    "application.complete",
    "application.desk_intake",
    "application.result",
    "application.returned",
    "application.answered_online",
    "application.apology",
    "application.withdrawn",
    "application.rating",
    "application.message",
    "calendar.set",
    "calendar.clear",
    "certificate.issue",
    "certificate.import",
    "certificate.revocation",
    "certificate.suspension",
    "certificate.reinstatement",
    "document_type.create",
    "document_type.update",
    "dossier.open",
    "dossier.attach",
    "dossier.detach",
    "dossier.close",
    "dossier.reopen",
    "dossier.hand_over",
    "incoming.register",
    "incoming.route",
    "incoming.assign",
    "incoming.complete",
    "incoming.answered",
    "incoming.dossier_settled",
    "incoming.recalled",
    "incoming.return",
    "incoming.hand_back",
    "incoming.correct",
    "incoming.note",
    "incoming.extend",
    "incoming.ask_extension",
    "incoming.decline_extension",
    "job.retry",
    "outgoing.draft",
    "outgoing.revise",
    "outgoing.edit",
    "outgoing.submit",
    "outgoing.approve",
    "outgoing.send_back",
    "outgoing.withdraw",
    "outgoing.issue",
    "outgoing.fill",
    "outgoing.scan",
    "outgoing.sign",
    "outgoing.seal",
    "outgoing.send",
    "outgoing.recall",
    "payment.start",
    "payment.paid",
    "payment.failed",
    "person.create",
    "person.update",
    "person.signature_image",
    "procedure.version",
    "session.confirm_failed",
    "session.login",
    "session.logout",
    "session.login_failed",
    "session.close_others",
    "token.issue",
    "token.revoke",
    "unit.create",
    "unit.update",
    "unit.move",
    "unit.close",
    "unit.reopen",
    "unit.seal_image",
    "weekly_report.draft",
    "weekly_report.redraft",
    "weekly_report.save",
    "weekly_report.submit",
];

/// The kinds of record an entry is about (`audit.entity.…`).
const ENTITIES: &[&str] = &[
    "account",
    "application",
    "archive_record",
    "archive_request",
    "archive_submission",
    "cadastre_licence",
    "cadastre_zone_layer",
    "calendar",
    "certificate",
    "document_type",
    "dossier",
    "incoming",
    "job",
    "outgoing",
    "payment",
    "person",
    "procedure",
    "session",
    "token",
    "unit",
    "weekly_report",
];

/// The actions offered, each under the kind of record it concerns (its code's first part), in
/// the order of [`ENTITIES`].
fn actions_by_entity() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    ENTITIES
        .iter()
        .map(|e| {
            let actions = ACTIONS
                .iter()
                .copied()
                .filter(|a| a.split_once('.').is_some_and(|(of, _)| of == *e))
                .collect();
            (*e, actions)
        })
        .filter(|(_, actions): &(_, Vec<_>)| !actions.is_empty())
}

/// An action as its reader reads it; one the log learned later by its code.
fn action_words(l: crate::i18n::Lang, action: &str) -> String {
    l.lookup(&format!("audit.action.{action}"))
        .map_or_else(|| action.to_string(), str::to_string)
}

/// Who acted: a person by name, lode itself by what did it.
fn actor_words(l: crate::i18n::Lang, label: &str) -> String {
    l.lookup(&format!("audit.system.{label}"))
        .map_or_else(|| label.to_string(), str::to_string)
}

/// Fields of an entry that hold a unit's id.
const UNIT_FIELDS: &[&str] = &["unit_id", "parent_id", "lead_unit_id", "body_unit_id"];

/// An entry's detail with the units it names by id named by name (a unit closed since keeps
/// its name; one removed keeps its number).
pub(crate) fn units_named(
    detail: serde_json::Value,
    names: &std::collections::HashMap<i64, String>,
) -> serde_json::Value {
    use serde_json::Value;
    let name = |v: Value| match v.as_i64().and_then(|id| names.get(&id)) {
        Some(n) => Value::String(n.clone()),
        None => v,
    };
    match detail {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| {
                    let v = match (UNIT_FIELDS.contains(&k.as_str()), v) {
                        (true, Value::Array(pair)) => {
                            Value::Array(pair.into_iter().map(name).collect())
                        }
                        (true, v) => name(v),
                        (false, v @ Value::Object(_)) => units_named(v, names),
                        (false, v) => v,
                    };
                    (k, v)
                })
                .collect(),
        ),
        other => other,
    }
}

/// Where a record of the log leads its reader: a unit's or a person's page, which whoever reads
/// the log may open; for a document, a dossier or an archive record (which the reader may not be
/// cleared to open), the log's own entries about it.
fn entity_link(entity_type: &str, id: &str) -> Option<String> {
    let n = id.parse::<i64>().ok()?;
    match entity_type {
        "unit" => Some(format!("/org/{n}")),
        "person" | "account" => Some(format!("/people/{n}")),
        "incoming" | "outgoing" | "dossier" | "application" | "archive_record" => Some(
            listing::Address::new()
                .pair("entity_type", Some(entity_type))
                .pair("entity_id", Some(id))
                .at("/audit"),
        ),
        _ => None,
    }
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A date typed as `YYYY-MM-DD` as the instant the day begins in Vietnam (UTC+7), stored form.
fn day_start(date: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600)?;
    let local = d
        .and_hms_opt(0, 0, 0)?
        .and_local_timezone(vietnam)
        .single()?;
    Some(lode_db::format_instant(local.with_timezone(&chrono::Utc)))
}

/// How many entries a page of the log shows.
const LIST_PAGE: i64 = 50;

pub async fn list(
    axum::extract::State(state): State,
    caller: Caller,
    axum::Extension(mounted): axum::Extension<crate::Mounted>,
    super::PageQuery(q): super::PageQuery<AuditQuery>,
) -> PageResult<Markup> {
    caller.require(Action::ViewAudit)?;
    let l = caller.lang;
    // who: a username, or part of a person's name (without marks too); several people of that
    // name are offered to choose from
    let mut namesakes = Vec::new();
    let actor_id = match nonempty(&q.actor) {
        Some(name) => Some(
            match lode_db::accounts::by_username(&state.db, &name).await? {
                Some(a) => a.id,
                None => {
                    let mut found = Vec::new();
                    for kind in ["staff", "business", "citizen"] {
                        let filter = lode_db::accounts::Filter {
                            kind: Some(kind.into()),
                            q: Some(name.clone()),
                            limit: Some(10),
                            ..Default::default()
                        };
                        let page = lode_db::accounts::list(
                            &state.db,
                            &lode_core::authz::PeopleScope::All,
                            &filter,
                        )
                        .await?;
                        found.extend(page.items);
                    }
                    match found.as_slice() {
                        [one] => one.id,
                        _ => {
                            namesakes = found;
                            -1
                        }
                    }
                }
            },
        ),
        None => None,
    };
    // a period that ends before it starts finds nothing: said beside its end
    let mut period = lode_core::validation::FieldErrors::new();
    if let (Some(from), Some(to)) = (nonempty(&q.from), nonempty(&q.to))
        && to < from
    {
        period.add("to", "before_from", "must not be before the start");
    }
    // a record is asked for by the number its page's address ends with, or by the name its
    // papers give it (a dossier's code, a document's number)
    let chosen = nonempty(&q.entity_type);
    let (entity_type, entity_id) = match nonempty(&q.entity_id) {
        // named: looked for among the kinds that have such names, within the kind chosen
        Some(code) if code.parse::<i64>().is_err() => {
            match audit::record_named(&state.db, &code, chosen.as_deref()).await? {
                Some((kind, id)) => (Some(kind.to_string()), Some(id.to_string())),
                None => (chosen, Some(code)),
            }
        }
        id => (chosen, id),
    };
    let filter = Filter {
        actor_id,
        action: nonempty(&q.action),
        entity_type,
        entity_id,
        from: nonempty(&q.from).and_then(|d| day_start(&d)),
        // the "to" day is included: stop at the start of the next day
        to: nonempty(&q.to).and_then(|d| {
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.succ_opt())
                .and_then(|n| day_start(&n.to_string()))
        }),
        before: None,
        limit: Some(LIST_PAGE),
        page: nonempty(&q.page).and_then(|p| p.parse().ok()),
        // an order not understood is the usual one, as a page link would give it
        sort: nonempty(&q.sort).filter(|s| lode_db::Sort::<AuditOrder>::parse(s).is_ok()),
    };
    let sort = filter
        .sort
        .as_deref()
        .and_then(|s| lode_db::Sort::parse(s).ok())
        .unwrap_or(audit::NEWEST_FIRST);
    let page = audit::list(&state.db, &filter).await?;
    // units named by their ids in the entries read by name
    let unit_names: std::collections::HashMap<i64, String> = lode_db::units::all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    // the people of the page by their names, their usernames beside
    // (and the people the entries are about, named in the record's column)
    let mut actors: Vec<i64> = page
        .items
        .iter()
        .filter_map(|r| r.actor_id)
        .chain(page.items.iter().filter_map(|r| {
            matches!(r.entity_type.as_str(), "account" | "person")
                .then(|| r.entity_id.as_deref()?.parse().ok())
                .flatten()
        }))
        .collect();
    actors.sort_unstable();
    actors.dedup();
    let names = lode_db::accounts::names_of(&state.db, &actors).await?;
    // the capabilities' records of the page, each kind named by the capability keeping it
    let mut kept: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for r in &page.items {
        if let (false, Some(id)) = (
            matches!(r.entity_type.as_str(), "unit" | "account" | "person"),
            &r.entity_id,
        ) {
            kept.entry(&r.entity_type).or_default().push(id.clone());
        }
    }
    let mut records = std::collections::HashMap::new();
    for (kind, mut keys) in kept {
        keys.sort_unstable();
        keys.dedup();
        // names that cannot be read leave the records their numbers, not the log unread
        match mounted.records_named(&state, l, kind, &keys).await {
            Ok(named) => {
                for (key, name) in named {
                    records.insert((kind.to_string(), key), name);
                }
            }
            Err(e) => tracing::warn!(kind, error = ?e, "naming the audit log's records"),
        }
    }
    let page_number = filter.page.unwrap_or(1);
    // the log's address with its filters, in an order, at a numbered page
    let address = |sort: lode_db::Sort<AuditOrder>, page: i64| {
        listing::Address::new()
            .texts(&[
                ("actor", &q.actor),
                ("action", &q.action),
                ("entity_type", &q.entity_type),
                ("entity_id", &q.entity_id),
                ("from", &q.from),
                ("to", &q.to),
            ])
            .sort(sort, audit::NEWEST_FIRST)
            .page(page)
            .at("/audit")
    };
    let order = listing::Ordering {
        current: Some(sort),
        link: &|s| address(s, 1),
    };
    let more = page.more;
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let set = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let narrowed = set(&q.entity_type) || set(&q.entity_id) || set(&q.from) || set(&q.to);
    let body = html! {
        h1 { (l.t("audit.title")) }
        p { a.button.secondary href="/audit/verify" { (l.t("audit.verify")) } }
        form.filters method="get" action="/audit" role="search" {
            div.field { label for="actor" { (l.t("field.who")) } input id="actor" name="actor" value=(value(&q.actor)) placeholder=(l.t("audit.username_or_name")); }
            div.field {
                label for="action" { (l.t("field.action")) }
                select id="action" name="action" {
                    option value="" { (l.t("audit.any")) }
                    // grouped by the kind of record they concern, so that a long list reads
                    @for (entity, actions) in actions_by_entity() {
                        optgroup label=(l.t(&format!("audit.entity.{entity}"))) {
                            @for a in actions { option value=(a) selected[q.action.as_deref() == Some(a)] { (action_words(l, a)) } }
                        }
                    }
                }
            }
            (listing::sort_choice(l, "audit", sort))
            button type="submit" { (l.t("filter.apply")) }
            // the other filters fold away, open when one is in use
            (listing::more_filters(l, narrowed, "/audit", html! {
                div.field {
                    label for="entity_type" { (l.t("field.entity_type")) }
                    select id="entity_type" name="entity_type" {
                        option value="" { (l.t("audit.any")) }
                        @for e in ENTITIES { option value=(e) selected[q.entity_type.as_deref() == Some(*e)] { (l.t(&format!("audit.entity.{e}"))) } }
                    }
                }
                div.field {
                    label for="entity_id" { (l.t("field.entity_id")) }
                    input id="entity_id" name="entity_id" value=(value(&q.entity_id)) placeholder=(l.t("audit.entity_id_hint"));
                }
                div.field { label for="from" { (l.t("field.from")) } input id="from" name="from" type="date" value=(value(&q.from)); }
                div.field {
                    label for="to" { (l.t("field.to")) }
                    input id="to" name="to" type="date" value=(value(&q.to)) aria-invalid=[(!period.is_empty()).then_some("true")];
                    (super::field_errors(l, &period, "to"))
                }
            }))
        }
        @if !namesakes.is_empty() {
            div.notice role="status" {
                p { (l.fill("audit.namesakes", &serde_json::json!({"asked": q.actor.as_deref().unwrap_or("").trim()}))) }
                ul {
                    @for a in &namesakes {
                        // the person chosen, the other filters as they were set
                        li { a href=(listing::Address::new()
                            .pair("actor", Some(a.username.as_str()))
                            .texts(&[("action", &q.action), ("entity_type", &q.entity_type),
                                     ("entity_id", &q.entity_id), ("from", &q.from), ("to", &q.to),
                                     ("sort", &q.sort)])
                            .at("/audit")) { (a.full_name) } " (" (a.username) ")" }
                    }
                }
            }
        }
        // a name several people match shows them to choose from, not an empty log
        @if namesakes.is_empty() {
            (listing::total_line(l, page.total))
            table.list.audit {
                thead { tr {
                    th { "#" } (order.header(l, l.t("field.when"), AuditOrder::When)) (order.header(l, l.t("field.who"), AuditOrder::Who)) th { (l.t("field.ip")) }
                    th { (l.t("field.action")) } th { (l.t("field.entity")) } th { (l.t("field.change")) }
                } }
                tbody {
                    @for r in &page.items {
                        tr {
                            td data-label="#" { (r.seq) }
                            td data-label=(l.t("field.when")) { (local_time(&r.at)) }
                            // lode's own acts have no person: a person's name is never read as one
                            td data-label=(l.t("field.who")) {
                                @match r.actor_id.and_then(|id| names.get(&id)) {
                                    Some(name) => { (name) br; small { (r.actor_label) } },
                                    None if r.actor_id.is_none() => (actor_words(l, &r.actor_label)),
                                    None => (r.actor_label),
                                }
                            }
                            td data-label=(l.t("field.ip")) { (r.ip.as_deref().unwrap_or("")) }
                            td data-label=(l.t("field.action")) { (action_words(l, &r.action)) }
                            td data-label=(l.t("field.entity")) {
                                @let kind = l.lookup(&format!("audit.entity.{}", r.entity_type)).unwrap_or(&r.entity_type);
                                @let id = r.entity_id.as_deref().unwrap_or("");
                                // a unit or a person by name, other records by the name their
                                // capability gives them (their number when it gives none)
                                @let named = match r.entity_type.as_str() {
                                    "unit" => id.parse::<i64>().ok().and_then(|n| unit_names.get(&n)),
                                    "account" | "person" => id.parse::<i64>().ok().and_then(|n| names.get(&n)),
                                    kind => records.get(&(kind.to_string(), id.to_string())),
                                };
                                @let shown = match named { Some(name) => format!("{kind}: {name}"), None => format!("{kind} {id}") };
                                @match entity_link(&r.entity_type, id) {
                                    Some(href) => a href=(href) { (shown) },
                                    None => { (shown) }
                                }
                            }
                            td.detail data-label=(l.t("field.change")) { (super::describe_change(l, &units_named(serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::String(r.detail.clone())), &unit_names))) }
                        }
                    }
                }
            }
            @if page.items.is_empty() { p.empty { (l.t("list.empty")) } }
            (listing::pager(l, page_number, LIST_PAGE, page.total, more, |p| address(sort, p)))
        }
    };
    Ok(layout(&caller, l.t("audit.title"), Nav::Audit, body))
}

pub async fn verify(axum::extract::State(state): State, caller: Caller) -> PageResult<Markup> {
    caller.require(Action::ViewAudit)?;
    let l = caller.lang;
    let v = audit::verify(&state.db).await?;
    let body = html! {
        h1 { (l.t("audit.verify")) }
        @match &v.broken {
            None => p.notice role="status" { (l.fill("audit.intact_n", &serde_json::json!({ "entries": l.number(i64::try_from(v.entries).unwrap_or(i64::MAX)) }))) },
            Some(b) => div.alert role="alert" { p { (l.t("audit.broken")) } p { code { (b.to_string()) } } },
        }
        dl.facts {
            dt { (l.t("audit.head_seq")) } dd { (v.head_seq) }
            dt { (l.t("audit.head_hash")) } dd { code { (v.head_hash) } }
        }
        p { a href="/audit" { (l.t("audit.title")) } }
    };
    Ok(layout(&caller, l.t("audit.verify"), Nav::Audit, body))
}

#[cfg(test)]
mod tests {
    use super::{ACTIONS, ENTITIES};
    use crate::i18n::Lang;

    /// Every action the log has words for is offered by the filter: an action left out of it
    /// could be found only by typing its code into the address.
    #[test]
    fn every_worded_action_is_offered() {
        for line in include_str!("../../i18n/vi.ftl").lines() {
            if let Some((key, _)) = line
                .strip_prefix("audit-action-")
                .and_then(|rest| rest.split_once(" ="))
            {
                let action = key.replacen('-', ".", 1);
                assert!(ACTIONS.contains(&action.as_str()), "{action}");
            }
        }
    }

    #[test]
    fn units_read_by_name() {
        let names = std::collections::HashMap::from([(16, "Văn phòng".to_string())]);
        let detail = serde_json::json!({"unit_id": 16, "created": {"parent_id": 16}, "parent_id": [16, 99], "serial": 16});
        let named = super::units_named(detail, &names);
        assert_eq!(named["unit_id"], "Văn phòng");
        assert_eq!(named["created"]["parent_id"], "Văn phòng");
        assert_eq!(named["parent_id"], serde_json::json!(["Văn phòng", 99]));
        assert_eq!(named["serial"], 16);
    }

    #[test]
    fn every_action_and_record_reads_in_both_languages() {
        for a in ACTIONS {
            for l in [Lang::Vi, Lang::En] {
                assert!(l.lookup(&format!("audit.action.{a}")).is_some(), "{a}");
            }
        }
        for e in ENTITIES {
            for l in [Lang::Vi, Lang::En] {
                assert!(l.lookup(&format!("audit.entity.{e}")).is_some(), "{e}");
            }
        }
        // every action is offered under the kind of record it concerns, once
        let grouped: Vec<&str> = super::actions_by_entity().flat_map(|(_, a)| a).collect();
        assert_eq!(grouped.len(), ACTIONS.len());
        for a in ACTIONS {
            assert!(grouped.contains(a), "{a} is under no kind of record");
        }
        // the actions written as literals in the sources are all offered
        fn walk(dir: &std::path::Path, out: &mut String) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
                }
            }
        }
        let mut sources = String::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
            &mut sources,
        );
        for part in sources.split(concat!("Event::new", "(")).skip(1) {
            let literal = part
                .trim_start()
                .strip_prefix('"')
                .and_then(|r| r.split_once('"'));
            if let Some((action, _)) = literal {
                assert!(
                    ACTIONS.contains(&action),
                    "{action} is not offered by the audit page"
                );
            }
        }
    }
}
