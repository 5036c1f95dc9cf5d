//! The archive's figures: records by kind and decade, how much is digitised (records with a
//! scan, pages with text), requests served and pages delivered month by month.

use crate::domain::RecordKind;
use lode_db::{Db, DbResult};
use serde::Serialize;

/// Records of a kind completed in a decade.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ArchiveKindDecade)]
pub struct KindDecade {
    #[schema(value_type = String)]
    pub kind: RecordKind,
    /// The decade's first year (1990 for 1990–1999); none for records without a year.
    pub decade: Option<i64>,
    pub records: i64,
}

/// A month's service: approved requests served (the copies made, the reading opened or
/// booked) and pages delivered (read online or copied).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ArchiveMonth)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub requests: i64,
    pub pages: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ArchiveFigures)]
pub struct Figures {
    pub records: i64,
    pub digitised_records: i64,
    pub pages: i64,
    pub text_pages: i64,
    pub by_kind_decade: Vec<KindDecade>,
    /// The last twelve months with service, oldest first.
    pub months: Vec<Month>,
}

/// The archive's figures now, of the records `reader` finds in the catalogue (so that each
/// figure counts what its list shows).
pub async fn figures(db: &Db, reader: crate::domain::Reader) -> DbResult<Figures> {
    // the access levels are the catalogue's own words, never input: written in the query
    let levels = reader
        .entry_levels()
        .iter()
        .map(|a| format!("'{}'", a.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let listed = if levels.is_empty() {
        "1 = 0".to_string()
    } else {
        format!("access IN ({levels})")
    };
    let (records, digitised_records, pages, text_pages): (i64, i64, i64, i64) =
        sqlx::query_as(&format!(
            // sums cast back to whole numbers: PostgreSQL sums BIGINTs as NUMERIC
            "SELECT COUNT(*),
            CAST(COALESCE(SUM(CASE WHEN page_count > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(page_count), 0) AS BIGINT), CAST(COALESCE(SUM(text_pages), 0) AS BIGINT)
         FROM archive_records WHERE {listed}"
        ))
        .fetch_one(db.pool())
        .await?;
    let rows: Vec<(String, Option<i64>, i64)> = sqlx::query_as(&format!(
        "SELECT kind, (year / 10) * 10 AS decade, COUNT(*) FROM archive_records WHERE {listed}
         GROUP BY kind, (year / 10) * 10 ORDER BY kind, decade"
    ))
    .fetch_all(db.pool())
    .await?;
    let by_kind_decade = rows
        .into_iter()
        .filter_map(|(kind, decade, records)| {
            Some(KindDecade {
                kind: RecordKind::parse(&kind).ok()?,
                decade,
                records,
            })
        })
        .collect();
    let requests: Vec<(String, i64)> = sqlx::query_as(
        // served once the applicant has what was approved (the copies made, the reading
        // opened or booked), in the month of that day: an approval alone serves nobody
        "SELECT SUBSTR(d.result_on, 1, 7) AS month, COUNT(*)
         FROM archive_requests q JOIN applications d ON d.id = q.application_id
         WHERE q.decision = 'approved' AND d.status IN ('result_ready', 'returned')
           AND d.result_on IS NOT NULL
         GROUP BY SUBSTR(d.result_on, 1, 7)",
    )
    .fetch_all(db.pool())
    .await?;
    let served: Vec<(String, i64)> = sqlx::query_as(
        "SELECT SUBSTR(at, 1, 7) AS month, COUNT(*) FROM archive_page_views
         GROUP BY SUBSTR(at, 1, 7)",
    )
    .fetch_all(db.pool())
    .await?;
    let mut months: Vec<Month> = Vec::new();
    for (month, n) in requests {
        months.push(Month {
            month,
            requests: n,
            pages: 0,
        });
    }
    for (month, n) in served {
        match months.iter_mut().find(|m| m.month == month) {
            Some(m) => m.pages = n,
            None => months.push(Month {
                month,
                requests: 0,
                pages: n,
            }),
        }
    }
    months.sort_by(|a, b| a.month.cmp(&b.month));
    let skip = months.len().saturating_sub(12);
    Ok(Figures {
        records,
        digitised_records,
        pages,
        text_pages,
        by_kind_decade,
        months: months.into_iter().skip(skip).collect(),
    })
}
