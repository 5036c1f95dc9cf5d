//! The public services catalogue in storage, on SQLite and PostgreSQL: the shipped procedures,
//! the diacritic-insensitive search, versions in force by date.

use chrono::NaiveDate;
use lode_core::calendar::DeadlineUnit;
use lode_db::testkit::TestDb;
use lode_db::{AuditCtx, Backend, DbError};
use lode_services::catalogue as services;

lode_db::on_both_backends!(
    the_catalogue_is_seeded_once_and_searched_without_diacritics,
    new_versions_take_over_on_their_date,
    a_version_not_yet_in_force_is_replaced,
);

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

async fn the_catalogue_is_seeded_once_and_searched_without_diacritics(
    b: Backend,
) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    assert_eq!(services::seed_catalogue(&t.db).await?, 15);
    assert_eq!(services::seed_catalogue(&t.db).await?, 0, "seeded once");
    let on = day("2026-11-30");
    assert_eq!(services::catalogue(&t.db, None, on).await?.len(), 15);
    let names = |list: Vec<services::ProcedureSummary>| -> Vec<String> {
        list.into_iter().map(|p| p.code).collect()
    };
    // "tham do" finds "thăm dò": grant, extend, return, transfer
    let mut found = names(services::catalogue(&t.db, Some("giay phep tham do"), on).await?);
    found.sort();
    assert_eq!(found, vec!["1.004324", "2.001742", "2.001812", "2.001816"]);
    // the words as typed first: the two extensions, then what holds both words elsewhere
    let found = names(services::catalogue(&t.db, Some("  GIA HẠN "), on).await?);
    assert_eq!(found[..2], ["1.004314", "2.001812"], "{found:?}");
    let reversed = names(services::catalogue(&t.db, Some("han gia"), on).await?);
    assert_eq!(reversed.len(), found.len(), "{reversed:?}");
    // a Vietnamese word and an English one together are no answer: "gia" begins "giao nộp",
    // "han" begins "handover"
    assert!(
        !found.contains(&"2.002318".to_string()),
        "the submission of data: {found:?}"
    );
    let found = names(services::catalogue(&t.db, Some("2.001746"), on).await?);
    assert_eq!(found, vec!["2.001746"]);
    assert!(
        services::catalogue(&t.db, Some("100%_'"), on)
            .await?
            .is_empty()
    );
    // before the catalogue's versions are in force, nothing is offered
    assert!(
        services::catalogue(&t.db, None, day("2025-06-30"))
            .await?
            .is_empty()
    );
    let p = services::procedure(&t.db, "DCKS.12", on)
        .await?
        .expect("reserve approval");
    assert_eq!(p.procedure.deadline, 180);
    assert_eq!(p.procedure.deadline_unit, DeadlineUnit::Days);
    assert!(p.procedure.in_person);
    assert!(services::procedure(&t.db, "9.999999", on).await?.is_none());
    // found by its English name too
    let mut found =
        names(services::catalogue(&t.db, Some("licence exploration mineral"), on).await?);
    found.sort();
    assert!(
        found.contains(&"2.001816".to_string()) && found.contains(&"2.001812".to_string()),
        "{found:?}"
    );
    // a catalogue seeded before the procedures had English words gets them, its versions'
    // Vietnamese unchanged
    let id: (i64,) = sqlx::query_as("SELECT id FROM procedures WHERE code = '2.001816'")
        .fetch_one(t.db.pool())
        .await?;
    let mut without = p_of(&t, "2.001816", on).await?;
    without.en.clear();
    sqlx::query("UPDATE procedure_versions SET definition = $1 WHERE procedure_id = $2")
        .bind(serde_json::to_string(&without)?)
        .bind(id.0)
        .execute(t.db.pool())
        .await?;
    assert!(p_of(&t, "2.001816", on).await?.en.is_empty());
    assert_eq!(services::seed_catalogue(&t.db).await?, 0, "nothing added");
    let worded = p_of(&t, "2.001816", on).await?;
    assert_eq!(
        worded.in_english().name,
        "Grant of a mineral exploration licence"
    );
    assert_eq!(worded.name, "Cấp giấy phép thăm dò khoáng sản");
    let words = services::english_words(&t.db).await?;
    assert_eq!(
        words
            .get("Giấy phép khai thác khoáng sản")
            .map(String::as_str),
        Some("Mining licence")
    );
    Ok(())
}

async fn p_of(
    t: &TestDb,
    code: &str,
    on: NaiveDate,
) -> anyhow::Result<lode_core::services::Procedure> {
    Ok(services::procedure(&t.db, code, on)
        .await?
        .ok_or_else(|| anyhow::anyhow!("{code} is in the catalogue"))?
        .procedure)
}

async fn new_versions_take_over_on_their_date(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    services::seed_catalogue(&t.db).await?;
    let ctx = AuditCtx::system("test");
    let current = services::procedure(&t.db, "2.001816", day("2026-11-30"))
        .await?
        .expect("the exploration licence");
    assert_eq!(current.version, 1);
    // the administrator shortens the deadline from 2027
    let mut next = current.procedure.clone();
    next.deadline = 60;
    next.stages[1].days = 40;
    next.effective_from = day("2027-01-01");
    assert_eq!(services::save_version(&t.db, &ctx, &next).await?, 2);
    let before = services::procedure(&t.db, "2.001816", day("2026-12-31"))
        .await?
        .expect("v1");
    assert_eq!((before.version, before.procedure.deadline), (1, 90));
    assert_eq!(
        before.versions[1].effective_to.as_deref(),
        Some("2026-12-31")
    );
    let after = services::procedure(&t.db, "2.001816", day("2027-01-01"))
        .await?
        .expect("v2");
    assert_eq!((after.version, after.procedure.deadline), (2, 60));
    let listed = services::catalogue(&t.db, Some("thăm dò"), day("2027-02-01")).await?;
    assert!(
        listed
            .iter()
            .any(|p| p.code == "2.001816" && p.version == 2)
    );
    // what is wrong is said field by field, and nothing is written
    let mut wrong = next.clone();
    wrong.effective_from = day("2026-01-01");
    match services::save_version(&t.db, &ctx, &wrong).await {
        Err(DbError::Invalid(e)) => assert_eq!(e.0[0].field, "effective_from"),
        other => panic!("{other:?}"),
    }
    let mut wrong = next.clone();
    wrong.deadline = 0;
    wrong.documents.clear();
    match services::save_version(&t.db, &ctx, &wrong).await {
        Err(DbError::Invalid(e)) => {
            let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
            assert!(
                fields.contains(&"deadline") && fields.contains(&"documents"),
                "{fields:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let history = services::procedure(&t.db, "2.001816", day("2027-01-01"))
        .await?
        .expect("still there");
    assert_eq!(history.versions.len(), 2);

    // saved again before it is in force: the version is replaced, keeping its number, and the
    // one in force runs on until the new day
    Ok(())
}

async fn a_version_not_yet_in_force_is_replaced(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    services::seed_catalogue(&t.db).await?;
    let ctx = AuditCtx::system("test");
    let today = lode_db::today();
    let later = |days: i64| today + chrono::Duration::days(days);
    let mut next = services::procedure(&t.db, "2.001816", today)
        .await?
        .expect("the exploration licence")
        .procedure;
    next.deadline = 60;
    next.stages[1].days = 40;
    next.effective_from = later(30);
    assert_eq!(services::save_version(&t.db, &ctx, &next).await?, 2);
    // saved again before it is in force: replaced, keeping its number, and the version in
    // force runs on until the new day
    let mut again = next.clone();
    again.deadline = 70;
    again.effective_from = later(60);
    assert_eq!(services::save_version(&t.db, &ctx, &again).await?, 2);
    let between = services::procedure(&t.db, "2.001816", later(45))
        .await?
        .expect("v1 still");
    assert_eq!((between.version, between.procedure.deadline), (1, 90));
    assert_eq!(between.versions.len(), 2, "no version of a month left");
    assert_eq!(
        between.versions[1].effective_to,
        Some(later(59).to_string())
    );
    let then = services::procedure(&t.db, "2.001816", later(60))
        .await?
        .expect("v2 again");
    assert_eq!((then.version, then.procedure.deadline), (2, 70));
    // not from a day gone, and not over a version saved since the form was drawn
    let mut past = again.clone();
    past.effective_from = today - chrono::Duration::days(1);
    match services::save_version(&t.db, &ctx, &past).await {
        Err(DbError::Invalid(e)) => assert_eq!(e.0[0].code, "not_before_today"),
        other => panic!("{other:?}"),
    }
    let token = |v: &services::VersionInfo| services::version_token(v.version, &v.created_at);
    let first = token(&between.versions[1]);
    match services::save_version_over(&t.db, &ctx, &again, Some(&first)).await {
        Err(DbError::Conflict(_)) => {}
        other => panic!("{other:?}"),
    }
    // a form drawn from the version replaced meanwhile is refused too, though the number is
    // the same
    let drawn = token(&between.versions[0]);
    assert_eq!(
        services::save_version_over(&t.db, &ctx, &again, Some(&drawn)).await?,
        2
    );
    match services::save_version_over(&t.db, &ctx, &again, Some(&drawn)).await {
        Err(DbError::Conflict(_)) => {}
        other => panic!("{other:?}"),
    }
    Ok(())
}
