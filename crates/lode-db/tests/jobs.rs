//! Jobs on both engines: a job whose node dies is taken up by another after its lease, and what
//! the dead node reports later changes nothing; a failing job waits longer after each attempt,
//! then is marked failed and put back by an administrator; nodes claiming at once never take one
//! job twice; work queued once per period is queued once; an e-mail whose node died while
//! sending it goes back to the queue.

use lode_db::jobs::{self, AfterFailure, JobState, NewJob};
use lode_db::testkit::TestDb;
use lode_db::{AuditCtx, Backend, demo, notifications};
use std::time::Duration;

lode_db::on_both_backends!(
    a_job_whose_node_dies_is_taken_up_after_its_lease,
    a_failing_job_backs_off_then_fails_and_is_put_back,
    nodes_claiming_at_once_take_each_job_once,
    work_queued_once_per_period_is_queued_once,
    an_email_whose_node_died_is_sent_again,
);

const KINDS: &[&str] = &["test.work"];

fn work(n: i64) -> NewJob {
    NewJob::new("test.work", serde_json::json!({ "n": n }))
}

/// Pretends the job's time has come (the back-off passed) without waiting for it.
async fn make_due(t: &TestDb, id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE jobs SET run_after = $1 WHERE id = $2")
        .bind(lode_db::now())
        .bind(id)
        .execute(t.db.pool())
        .await?;
    Ok(())
}

async fn a_job_whose_node_dies_is_taken_up_after_its_lease(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    let id = jobs::enqueue(&t.db, &work(1)).await?.expect("queued");
    let lease = Duration::from_millis(800);
    let first = jobs::claim(&t.db, "node-a", KINDS, lease)
        .await?
        .expect("node a takes it");
    assert_eq!((first.id, first.attempt), (id, 1));
    assert_eq!(first.payload["n"], 1);
    // node a dies; while its lease lasts, nobody else takes the job
    assert!(jobs::claim(&t.db, "node-b", KINDS, lease).await?.is_none());
    assert!(!jobs::any_due(&t.db, KINDS).await?);
    tokio::time::sleep(lease + Duration::from_millis(300)).await;
    assert!(jobs::any_due(&t.db, KINDS).await?);
    let second = jobs::claim(&t.db, "node-b", KINDS, lease)
        .await?
        .expect("node b takes it up");
    assert_eq!((second.id, second.attempt), (id, 2));
    // what node a says now comes too late
    assert!(!jobs::complete(&t.db, &first).await?);
    assert!(!jobs::renew(&t.db, &first, lease, None).await?);
    assert_eq!(
        jobs::fail(&t.db, &first, "late").await?,
        AfterFailure::NotHeld
    );
    // node b works, tells how far it got, and finishes
    assert!(jobs::renew(&t.db, &second, lease, Some((3, 10))).await?);
    let running = jobs::get(&t.db, id).await?;
    assert_eq!(running.state, JobState::Running);
    assert_eq!(
        (running.progress_done, running.progress_total),
        (Some(3), Some(10))
    );
    assert_eq!(running.node.as_deref(), Some("node-b"));
    assert!(jobs::complete(&t.db, &second).await?);
    let done = jobs::get(&t.db, id).await?;
    assert_eq!((done.state, done.attempts), (JobState::Done, 2));
    assert!(done.finished_at.is_some());

    // a node that dies on the last attempt leaves the job failed, not running for ever
    let mut last = work(2);
    last.max_attempts = 1;
    let id = jobs::enqueue(&t.db, &last).await?.expect("queued");
    jobs::claim(&t.db, "node-a", KINDS, Duration::from_millis(200))
        .await?
        .expect("taken");
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(jobs::claim(&t.db, "node-b", KINDS, lease).await?.is_none());
    let failed = jobs::get(&t.db, id).await?;
    assert_eq!(failed.state, JobState::Failed);
    assert_eq!(failed.last_error.as_deref(), Some(jobs::NODE_STOPPED));
    Ok(())
}

async fn a_failing_job_backs_off_then_fails_and_is_put_back(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    demo::seed(&t.db).await?;
    let mut job = work(7);
    job.max_attempts = 3;
    let id = jobs::enqueue(&t.db, &job).await?.expect("queued");
    let mut waits = Vec::new();
    for attempt in 1..=3 {
        let claimed = jobs::claim(&t.db, "node-a", KINDS, Duration::from_secs(60))
            .await?
            .expect("due");
        assert_eq!(claimed.attempt, attempt);
        let before = chrono::Utc::now();
        match jobs::fail(&t.db, &claimed, &format!("the server said no ({attempt})")).await? {
            AfterFailure::RetryAt(at) => {
                let at = lode_db::parse_instant(&at).expect("an instant");
                waits.push((at - before).num_seconds());
                // not taken again before its time
                assert!(
                    jobs::claim(&t.db, "node-b", KINDS, Duration::from_secs(60))
                        .await?
                        .is_none()
                );
                let queued = jobs::get(&t.db, id).await?;
                assert_eq!(queued.state, JobState::Queued);
                assert_eq!(
                    queued.last_error.as_deref(),
                    Some(format!("the server said no ({attempt})").as_str())
                );
                make_due(&t, id).await?;
            }
            AfterFailure::Failed => assert_eq!(attempt, 3),
            AfterFailure::NotHeld => panic!("the node held the job"),
        }
    }
    // 30 s then 60 s (give or take the second the test takes)
    assert_eq!(waits.len(), 2);
    assert!((29..=31).contains(&waits[0]), "{waits:?}");
    assert!((59..=61).contains(&waits[1]), "{waits:?}");
    let failed = jobs::list(&t.db, Some(JobState::Failed), 50).await?;
    assert_eq!(failed.iter().map(|j| j.id).collect::<Vec<_>>(), [id]);
    assert_eq!(failed[0].attempts, 3);
    let counts = jobs::counts(&t.db).await?;
    assert!(counts.contains(&(JobState::Failed, 1)), "{counts:?}");
    assert!(
        jobs::claim(&t.db, "node-b", KINDS, Duration::from_secs(60))
            .await?
            .is_none()
    );

    // an administrator puts it back: taken again with as many attempts again, audited
    let ctx = AuditCtx::system("test");
    let back = jobs::retry(&t.db, &ctx, id).await?;
    assert_eq!(
        (back.state, back.attempts, back.max_attempts),
        (JobState::Queued, 3, 6)
    );
    let again = jobs::claim(&t.db, "node-b", KINDS, Duration::from_secs(60))
        .await?
        .expect("queued again");
    assert_eq!((again.id, again.attempt), (id, 4));
    // only a failed job is put back
    assert!(matches!(
        jobs::retry(&t.db, &ctx, id).await,
        Err(lode_db::DbError::Conflict(_))
    ));
    assert!(matches!(
        jobs::retry(&t.db, &ctx, id + 1000).await,
        Err(lode_db::DbError::NotFound)
    ));
    let audited: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE entity_type = 'job'")
            .fetch_all(t.db.pool())
            .await?;
    assert_eq!(audited, [("job.retry".to_string(),)]);
    Ok(())
}

async fn nodes_claiming_at_once_take_each_job_once(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    for n in 0..40 {
        jobs::enqueue(&t.db, &work(n)).await?;
    }
    // four nodes, each with a store of its own, claiming until nothing is left
    let mut nodes = Vec::new();
    for node in 0..4 {
        let db = lode_db::Db::connect(&t.url).await?;
        nodes.push(tokio::spawn(async move {
            let mut taken = Vec::new();
            while let Some(job) =
                jobs::claim(&db, &format!("node-{node}"), KINDS, Duration::from_secs(60)).await?
            {
                taken.push(job.id);
                assert!(jobs::complete(&db, &job).await?);
            }
            db.close().await;
            Ok::<_, anyhow::Error>(taken)
        }));
    }
    let mut all = Vec::new();
    for n in nodes {
        all.extend(n.await??);
    }
    all.sort_unstable();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "a job was taken twice");
    assert_eq!(all.len(), 40);
    Ok(())
}

async fn work_queued_once_per_period_is_queued_once(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    let mut sweep = NewJob::new("sessions.sweep", serde_json::json!({}));
    sweep.once_key = Some("sessions.sweep@493000".into());
    let first = jobs::enqueue(&t.db, &sweep).await?;
    assert!(first.is_some());
    assert_eq!(jobs::enqueue(&t.db, &sweep).await?, None);
    sweep.once_key = Some("sessions.sweep@493001".into());
    sweep.max_attempts = 1;
    assert!(jobs::enqueue(&t.db, &sweep).await?.is_some());
    // after a while, done jobs are pruned, and failed ones that repeat (a later period queued
    // the work again); a failed job queued once stays for an administrator
    let claimed = jobs::claim(&t.db, "n", &["sessions.sweep"], Duration::from_secs(60))
        .await?
        .expect("due");
    jobs::complete(&t.db, &claimed).await?;
    let mut once = work(1);
    once.max_attempts = 1;
    jobs::enqueue(&t.db, &once).await?;
    for kinds in [&["sessions.sweep"][..], KINDS] {
        let claimed = jobs::claim(&t.db, "n", kinds, Duration::from_secs(60))
            .await?
            .expect("due");
        jobs::fail(&t.db, &claimed, "refused").await?;
        make_due(&t, claimed.id).await?;
        if let Some(again) = jobs::claim(&t.db, "n", kinds, Duration::from_secs(60)).await? {
            jobs::fail(&t.db, &again, "refused").await?;
        }
    }
    assert_eq!(jobs::prune(&t.db, Duration::from_secs(3600)).await?, 0);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(jobs::prune(&t.db, Duration::from_millis(1)).await?, 1 + 1);
    let left: Vec<(String,)> = sqlx::query_as("SELECT kind FROM jobs")
        .fetch_all(t.db.pool())
        .await?;
    assert_eq!(left, [("test.work".to_string(),)]);
    Ok(())
}

async fn an_email_whose_node_died_is_sent_again(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    demo::seed(&t.db).await?;
    let (account,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE email IS NOT NULL AND email <> '' LIMIT 1")
            .fetch_one(t.db.pool())
            .await?;
    let abandoned_at = lode_db::format_instant(chrono::Utc::now() - chrono::Duration::minutes(11));
    for (key, claimed_at) in [
        ("abandoned", Some(abandoned_at.clone())),
        ("in-hand", Some(lode_db::now())),
        ("before-leases", None),
    ] {
        sqlx::query(
            "INSERT INTO notifications (account_id, kind, title, body, link, dedupe_key, created_at,
                                        email_state, email_tries, email_claimed_at)
             VALUES ($1, 'overdue', 'Văn bản quá hạn', 'Quá hạn', '/incoming', $2, $3, 'sending', 1, $4)",
        )
        .bind(account)
        .bind(key)
        .bind(lode_db::now())
        .bind(claimed_at)
        .execute(t.db.pool())
        .await?;
    }
    let claimed = notifications::claim_emails(&t.db, 10).await?;
    let mut keys = Vec::new();
    for c in &claimed {
        let (key,): (String,) =
            sqlx::query_as("SELECT dedupe_key FROM notifications WHERE id = $1")
                .bind(c.notification.id)
                .fetch_one(t.db.pool())
                .await?;
        keys.push(key);
    }
    let mut sorted = keys.clone();
    sorted.sort();
    // the one another node is sending now stays with it
    assert_eq!(sorted, ["abandoned", "before-leases"]);
    // the node that died reports after all: too late, the new claim's report stands
    let Some(taken) = keys
        .iter()
        .position(|k| k == "abandoned")
        .map(|i| &claimed[i])
    else {
        panic!("claimed again");
    };
    let late = notifications::PendingEmail {
        claimed_at: abandoned_at,
        ..taken.clone()
    };
    notifications::record_email(&t.db, &late, false).await?;
    let state = |id: i64| {
        let db = t.db.clone();
        async move {
            sqlx::query_as::<_, (String,)>("SELECT email_state FROM notifications WHERE id = $1")
                .bind(id)
                .fetch_one(db.pool())
                .await
                .map(|r| r.0)
        }
    };
    assert_eq!(state(taken.notification.id).await?, "sending");
    notifications::record_email(&t.db, taken, true).await?;
    assert_eq!(state(taken.notification.id).await?, "sent");
    Ok(())
}
