//! The figures the agency reports, computed from the registers for a body (or a unit within it)
//! and a period: how much arrived electronically, what was handled on time, what is overdue,
//! what was sent. Shown on the dashboard as charts.

use chrono::{Datelike, NaiveDate};
use lode_core::org::UnitPath;
use lode_db::{Db, DbResult};
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub from: String,
    pub to: String,
    /// Incoming documents received in the period.
    pub received: i64,
    /// ... of which not on paper.
    pub received_electronic: i64,
    /// (channel, count)
    pub by_channel: Vec<(String, i64)>,
    /// Received from inside the ministry (its bodies and lode's own units), and of those not
    /// on paper.
    pub received_ministry: i64,
    pub received_ministry_electronic: i64,
    /// Received from bodies outside the ministry, and of those not on paper.
    pub received_outside: i64,
    pub received_outside_electronic: i64,
    /// Incoming documents with a deadline completed in the period.
    pub completed: i64,
    pub completed_on_time: i64,
    /// Open documents past their deadline today.
    pub overdue: i64,
    /// Outgoing documents sent in the period.
    pub sent: i64,
    /// ... to units of the organisation (delivered electronically by lode).
    pub sent_inside: i64,
    /// ... to bodies outside.
    pub sent_outside: i64,
    /// ... signed digitally in lode (the leader's signature or the organisation's seal).
    pub sent_signed: i64,
    /// (first day of the week, received, completed)
    pub weekly: Vec<(String, i64, i64)>,
    /// (first day of the month, received, completed): a long period's chart.
    pub monthly: Vec<(String, i64, i64)>,
    /// By lead unit: what the gauges count of documents with a deadline, so that the rows add
    /// up to them.
    pub by_unit: Vec<UnitFigures>,
}

/// A lead unit's share of the period's figures.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct UnitFigures {
    pub unit_id: i64,
    pub unit_name: String,
    /// Completed in the period, on time.
    pub on_time: i64,
    /// Completed in the period, late.
    pub late: i64,
    /// Open and past their deadline today.
    pub overdue: i64,
}

impl Figures {
    /// A share in per cent, or `None` when there is nothing to count.
    pub fn percent(part: i64, whole: i64) -> Option<f64> {
        (whole > 0).then(|| (part as f64) * 100.0 / (whole as f64))
    }
}

/// Computes the figures of the body `body_id`, narrowed to documents led by the units under
/// `unit` when given, for received dates (and completion dates) between `from` and `to`.
pub async fn figures(
    db: &Db,
    body_id: i64,
    unit: Option<&UnitPath>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> DbResult<Figures> {
    let unit_like = unit.map(|u| format!("{}%", u.as_str()));
    let (f, t) = (from.to_string(), to.to_string());
    // received_on and deadlines are local days; completed_at and sent_at instants, compared
    // with the instants the period's local days begin at
    let (starts, ends) = (
        lode_db::day_start(from),
        lode_db::day_start(to + chrono::Duration::days(1)),
    );
    let in_time = lode_db::day_after_sql("d.deadline");
    // Documents in scope: the body's register, and those of a register above it (the
    // department's) it was given to lead (a federation answers for the department's letters
    // it leads, as its people see them in their lists); led by the unit when one is given. The
    // registers above are the body's ancestors, named by their ids (numbers read from its
    // path), so that each query still reads the register's index.
    let (body_path,): (String,) = sqlx::query_as("SELECT path FROM units WHERE id = $1")
        .bind(body_id)
        .fetch_one(db.pool())
        .await?;
    let above: Vec<String> = UnitPath::parse(&body_path)
        .map(|p| p.ids())
        .unwrap_or_default()
        .into_iter()
        .filter(|id| *id != body_id)
        .map(|id| id.to_string())
        .collect();
    let scope = if above.is_empty() {
        "d.register_unit_id = $1 AND ($2 IS NULL OR lu.path LIKE $2)".to_string()
    } else {
        format!(
            "(d.register_unit_id = $1 OR (d.register_unit_id IN ({}) AND lu.path LIKE
                (SELECT b.path FROM units b WHERE b.id = $1) || '%'))
             AND ($2 IS NULL OR lu.path LIKE $2)",
            above.join(", ")
        )
    };
    let by_channel: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT d.channel, COUNT(*) FROM incoming_documents d LEFT JOIN units lu ON lu.id = d.lead_unit_id
         WHERE {scope} AND d.received_on >= $3 AND d.received_on <= $4 GROUP BY d.channel ORDER BY d.channel"
    ))
    .bind(body_id)
    .bind(unit_like.clone())
    .bind(&f)
    .bind(&t)
    .fetch_all(db.pool())
    .await?;
    let received: i64 = by_channel.iter().map(|c| c.1).sum();
    let by_scope: Vec<(String, String, i64)> = sqlx::query_as(&format!(
        "SELECT d.issuer_scope, d.channel, COUNT(*) FROM incoming_documents d LEFT JOIN units lu ON lu.id = d.lead_unit_id
         WHERE {scope} AND d.received_on >= $3 AND d.received_on <= $4 GROUP BY d.issuer_scope, d.channel"
    ))
    .bind(body_id)
    .bind(unit_like.clone())
    .bind(&f)
    .bind(&t)
    .fetch_all(db.pool())
    .await?;
    let count = |inside: bool, electronic: bool| -> i64 {
        by_scope
            .iter()
            .filter(|(s, c, _)| {
                let scope_inside = lode_core::documents::IssuerScope::parse(s)
                    .map(|x| x.inside_ministry())
                    .unwrap_or(false);
                scope_inside == inside && (!electronic || c != "paper")
            })
            .map(|r| r.2)
            .sum()
    };
    let received_electronic: i64 = by_channel
        .iter()
        .filter(|c| c.0 != "paper")
        .map(|c| c.1)
        .sum();
    let (completed, completed_on_time): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN d.completed_at < {in_time} THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM incoming_documents d LEFT JOIN units lu ON lu.id = d.lead_unit_id
         WHERE {scope} AND d.status = 'completed' AND d.deadline IS NOT NULL
           AND d.completed_at >= $3 AND d.completed_at < $4"
    ))
    .bind(body_id)
    .bind(unit_like.clone())
    .bind(&starts)
    .bind(&ends)
    .fetch_one(db.pool())
    .await?;
    let (overdue,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM incoming_documents d LEFT JOIN units lu ON lu.id = d.lead_unit_id
         WHERE {scope} AND d.status IN ('registered', 'routed', 'assigned') AND d.deadline < $3"
    ))
    .bind(body_id)
    .bind(unit_like.clone())
    .bind(today.to_string())
    .fetch_one(db.pool())
    .await?;
    let (sent, sent_inside, sent_outside, sent_signed): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*),
                CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM outgoing_recipients r WHERE r.document_id = o.id) THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN o.recipients_outside <> '' THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM outgoing_signatures s WHERE s.document_id = o.id) THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM outgoing_documents o JOIN units du ON du.id = o.drafting_unit_id
         WHERE o.body_unit_id = $1 AND ($2 IS NULL OR du.path LIKE $2) AND o.status IN ('sent', 'recalled')
           AND o.sent_at >= $3 AND o.sent_at < $4",
    )
    .bind(body_id)
    .bind(unit_like.clone())
    .bind(&starts)
    .bind(&ends)
    .fetch_one(db.pool())
    .await?;
    // Daily counts, gathered into weeks here: portable, and at most a few hundred rows.
    let daily_received: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT d.received_on, COUNT(*) FROM incoming_documents d LEFT JOIN units lu ON lu.id = d.lead_unit_id
         WHERE {scope} AND d.received_on >= $3 AND d.received_on <= $4 GROUP BY d.received_on"
    ))
    .bind(body_id)
    .bind(unit_like.clone())
    .bind(&f)
    .bind(&t)
    .fetch_all(db.pool())
    .await?;
    // completions by the hour (UTC), each hour then put on its local day
    let hourly_completed: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT SUBSTR(d.completed_at, 1, 13), COUNT(*) FROM incoming_documents d LEFT JOIN units lu ON lu.id = d.lead_unit_id
         WHERE {scope} AND d.status = 'completed' AND d.completed_at >= $3
           AND d.completed_at < $4 GROUP BY SUBSTR(d.completed_at, 1, 13)"
    ))
    .bind(body_id)
    .bind(unit_like.clone())
    .bind(&starts)
    .bind(&ends)
    .fetch_all(db.pool())
    .await?;
    let daily_completed = hourly_completed
        .into_iter()
        .filter_map(|(hour, n)| Some((lode_db::local_day_of_hour(&hour)?.to_string(), n)));
    let week_of = |day: &str| {
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .map(|d| d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday())))
    };
    let month_of = |day: &str| {
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.with_day(1))
    };
    let mut weeks: std::collections::BTreeMap<NaiveDate, (i64, i64)> =
        std::collections::BTreeMap::new();
    let mut months = weeks.clone();
    let mut w = week_of(&f).unwrap_or(from);
    while w <= to {
        weeks.insert(w, (0, 0));
        w += chrono::Duration::days(7);
    }
    let mut m = month_of(&f).unwrap_or(from);
    while m <= to {
        months.insert(m, (0, 0));
        m = m
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(to + chrono::Duration::days(1));
    }
    for (day, n) in daily_received {
        if let Some(w) = week_of(&day) {
            weeks.entry(w).or_default().0 += n;
        }
        if let Some(m) = month_of(&day) {
            months.entry(m).or_default().0 += n;
        }
    }
    for (day, n) in daily_completed {
        if let Some(w) = week_of(&day) {
            weeks.entry(w).or_default().1 += n;
        }
        if let Some(m) = month_of(&day) {
            months.entry(m).or_default().1 += n;
        }
    }
    // the same conditions as the gauges' (completed in the period; open and late today), by
    // lead unit
    let by_unit: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT lu.id, lu.name,
            CAST(COALESCE(SUM(CASE WHEN d.status = 'completed' AND d.completed_at >= $3
                     AND d.completed_at < $4 AND d.completed_at < {in_time} THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN d.status = 'completed' AND d.completed_at >= $3
                     AND d.completed_at < $4 AND d.completed_at >= {in_time} THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN d.status IN ('registered', 'routed', 'assigned') AND d.deadline < $5 THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM incoming_documents d JOIN units lu ON lu.id = d.lead_unit_id
         WHERE {scope} AND d.deadline IS NOT NULL
         GROUP BY lu.id, lu.name"
    ))
    .bind(body_id)
    .bind(unit_like)
    .bind(&starts)
    .bind(&ends)
    .bind(today.to_string())
    .fetch_all(db.pool())
    .await?;
    Ok(Figures {
        from: f,
        to: t,
        received,
        received_electronic,
        received_ministry: count(true, false),
        received_ministry_electronic: count(true, true),
        received_outside: count(false, false),
        received_outside_electronic: count(false, true),
        by_channel,
        completed,
        completed_on_time,
        overdue,
        sent,
        sent_inside,
        sent_outside,
        sent_signed,
        weekly: weeks
            .into_iter()
            .map(|(w, (r, c))| (w.to_string(), r, c))
            .collect(),
        monthly: months
            .into_iter()
            .map(|(m, (r, c))| (m.to_string(), r, c))
            .collect(),
        by_unit: by_name(by_unit)
            .into_iter()
            .filter(|u| u.2 + u.3 + u.4 > 0)
            .map(|(unit_id, unit_name, on_time, late, overdue)| UnitFigures {
                unit_id,
                unit_name,
                on_time,
                late,
                overdue,
            })
            .collect(),
    })
}

/// Rows by their unit's name, in the order of the Vietnamese alphabet.
fn by_name<T>(mut rows: Vec<(i64, String, T, T, T)>) -> Vec<(i64, String, T, T, T)> {
    rows.sort_by_cached_key(|r| (lode_core::text::collation_key(&r.1), r.0));
    rows
}
