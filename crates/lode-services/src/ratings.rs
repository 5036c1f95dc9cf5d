//! How satisfied applicants are with the handling of their dossiers: once it is over (a result
//! given, or the dossier refused), the applicant says so once, with what they want to add (what
//! fell short, when they are not satisfied); the year's ratings are counted by procedure for the
//! statistics page.

use crate::applications::load;
use lode_core::authz::Actor;
use lode_core::services::Satisfaction;
use lode_core::validation::FieldErrors;
use lode_db::audit::{Event, append};
use lode_db::{AuditCtx, Db, DbError, DbResult, now};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest comment an applicant adds to a rating, in characters.
pub const COMMENT_MAX: usize = 2000;

/// A rating as its applicant gives it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    /// `very_satisfied`, `satisfied` or `unsatisfied`.
    pub satisfaction: String,
    /// What the applicant adds; asked for when they are not satisfied.
    pub comment: Option<String>,
}

/// A dossier's rating, as given.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Rating {
    #[schema(value_type = String, example = "satisfied")]
    pub satisfaction: Satisfaction,
    pub comment: Option<String>,
    pub rated_at: String,
}

/// What refuses a rating as typed, each beside its box; the level and comment it stands for.
fn checked(input: &RatingInput) -> Result<(Satisfaction, Option<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let satisfaction = Satisfaction::parse(&input.satisfaction);
    if satisfaction.is_none() {
        errors.add(
            "satisfaction",
            if input.satisfaction.trim().is_empty() {
                "required"
            } else {
                "invalid_choice"
            },
            "choose how satisfied you are",
        );
    }
    let comment = input
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    match &comment {
        Some(c) if c.chars().count() > COMMENT_MAX => errors.add(
            "comment",
            "too_long",
            format!("at most {COMMENT_MAX} characters"),
        ),
        // what fell short is what the agency can mend
        None if satisfaction == Some(Satisfaction::Unsatisfied) => errors.add(
            "comment",
            "say_what_fell_short",
            "say what was not satisfactory",
        ),
        _ => {}
    }
    match satisfaction {
        Some(s) if errors.is_empty() => Ok((s, comment)),
        _ => Err(errors),
    }
}

/// The applicant rates their dossier `id`, once its handling is over; once only.
pub async fn rate(
    db: &Db,
    ctx: &AuditCtx,
    applicant: &Actor,
    id: i64,
    input: &RatingInput,
) -> DbResult<Rating> {
    // their own dossier: an officer rates nothing, and another's dossier does not exist
    if applicant.is_staff() {
        return Err(DbError::NotFound);
    }
    let (a, _, _) = load(db, Some(applicant.account_id), id).await?;
    if !a.status.may_be_rated() {
        return Err(DbError::Conflict(format!(
            "the dossier is {}: it is rated once its handling is over",
            a.status
        )));
    }
    let (satisfaction, comment) = checked(input)?;
    let mut tx = db.write().await?;
    let rated_at = now();
    let inserted = sqlx::query(
        "INSERT INTO application_ratings (application_id, satisfaction, comment, rated_by, rated_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(id)
    .bind(satisfaction.as_str())
    .bind(&comment)
    .bind(applicant.account_id)
    .bind(&rated_at)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(FieldErrors::single(
            "satisfaction",
            "already_rated",
            "the dossier was rated already",
        )
        .into());
    }
    append(
        &mut tx,
        ctx,
        Event::new(
            "application.rating",
            "application",
            id,
            serde_json::json!({"satisfaction": satisfaction.as_str()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Rating {
        satisfaction,
        comment,
        rated_at,
    })
}

/// Dossier `id`'s rating, if it has one.
pub async fn of(db: &Db, id: i64) -> DbResult<Option<Rating>> {
    let row: Option<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT satisfaction, comment, rated_at FROM application_ratings WHERE application_id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(|(s, comment, rated_at)| {
        Satisfaction::parse(&s).map(|satisfaction| Rating {
            satisfaction,
            comment,
            rated_at,
        })
    }))
}

/// How many ratings of each level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Counts {
    pub very_satisfied: i64,
    pub satisfied: i64,
    pub unsatisfied: i64,
}

impl Counts {
    fn add(&mut self, s: Satisfaction, n: i64) {
        match s {
            Satisfaction::VerySatisfied => self.very_satisfied += n,
            Satisfaction::Satisfied => self.satisfied += n,
            Satisfaction::Unsatisfied => self.unsatisfied += n,
        }
    }

    pub fn total(&self) -> i64 {
        self.very_satisfied + self.satisfied + self.unsatisfied
    }

    /// The share satisfied (very, or simply), in whole per cent; none without ratings.
    pub fn satisfied_percent(&self) -> Option<i64> {
        let total = self.total();
        (total > 0).then(|| ((self.very_satisfied + self.satisfied) * 100 + total / 2) / total)
    }
}

/// A year's ratings: by procedure (its code, its name, the counts), and in all.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct YearRatings {
    pub year: i32,
    pub procedures: Vec<(String, String, Counts)>,
    pub total: Counts,
}

/// The first instant of `year` in the agency's time, as instants are stored.
fn year_start(year: i32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, 1, 1).map_or_else(String::new, lode_db::day_start)
}

/// The ratings given in `year` (the agency's time), by the procedure of the dossier rated.
pub async fn of_year(db: &Db, year: i32) -> DbResult<YearRatings> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT p.code, p.name, r.satisfaction, COUNT(*)
         FROM application_ratings r
         JOIN applications a ON a.id = r.application_id
         JOIN procedures p ON p.id = a.procedure_id
         WHERE r.rated_at >= $1 AND r.rated_at < $2
         GROUP BY p.code, p.name, r.satisfaction",
    )
    .bind(year_start(year))
    .bind(year_start(year + 1))
    .fetch_all(db.pool())
    .await?;
    let mut by_procedure: BTreeMap<String, (String, Counts)> = BTreeMap::new();
    let mut total = Counts::default();
    for (code, name, s, n) in rows {
        let Some(s) = Satisfaction::parse(&s) else {
            continue;
        };
        by_procedure
            .entry(code)
            .or_insert((name, Counts::default()))
            .1
            .add(s, n);
        total.add(s, n);
    }
    Ok(YearRatings {
        year,
        procedures: by_procedure
            .into_iter()
            .map(|(code, (name, counts))| (code, name, counts))
            .collect(),
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str, comment: Option<&str>) -> RatingInput {
        RatingInput {
            satisfaction: s.into(),
            comment: comment.map(str::to_string),
        }
    }

    /// A level is chosen from the three; not satisfied, the applicant says what fell short;
    /// a comment is trimmed, and bounded.
    #[test]
    fn a_rating_is_a_level_and_what_fell_short() {
        assert_eq!(
            checked(&typed("satisfied", Some("  "))),
            Ok((Satisfaction::Satisfied, None))
        );
        let codes = |r: Result<_, FieldErrors>| {
            r.err()
                .map(|e| {
                    e.0.iter()
                        .map(|e| format!("{}:{}", e.field, e.code))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        assert_eq!(codes(checked(&typed("", None))), ["satisfaction:required"]);
        assert_eq!(
            codes(checked(&typed("great", None))),
            ["satisfaction:invalid_choice"]
        );
        assert_eq!(
            codes(checked(&typed("unsatisfied", Some(" ")))),
            ["comment:say_what_fell_short"]
        );
        assert_eq!(
            checked(&typed("unsatisfied", Some(" Chậm trả kết quả "))),
            Ok((
                Satisfaction::Unsatisfied,
                Some("Chậm trả kết quả".to_string())
            ))
        );
        let long = "a".repeat(COMMENT_MAX + 1);
        assert_eq!(
            codes(checked(&typed("satisfied", Some(&long)))),
            ["comment:too_long"]
        );
    }

    /// The share satisfied counts the very satisfied too, rounded; none rated, none said.
    #[test]
    fn the_share_satisfied_rounds_to_whole_per_cent() {
        let c = Counts {
            very_satisfied: 1,
            satisfied: 1,
            unsatisfied: 1,
        };
        assert_eq!(c.satisfied_percent(), Some(67));
        assert_eq!(Counts::default().satisfied_percent(), None);
    }
}
