//! Storage tests, each on a fresh SQLite file and a fresh PostgreSQL database.

use lode_core::authz::PeopleScope;
use lode_core::org::UnitPath;
use lode_db::accounts::{self, NewStaff, PersonChange};
use lode_db::testkit::TestDb;
use lode_db::units::{self, NewUnit, UnitChange};
use lode_db::{AuditCtx, Backend, DbError, audit, counters, demo};

lode_db::on_both_backends!(
    demo_seeds_once_and_audits_everything,
    units_move_with_their_subtree,
    unit_rules_are_enforced,
    counters_are_gapless_under_concurrency,
    people_lists_follow_the_scope,
    failed_changes_write_nothing,
    expired_sessions_are_swept,
    the_last_administrator_stays,
    writers_that_give_up_leave_the_others_committed,
    writers_cancelled_anywhere_stall_nobody,
    files_nobody_references_go_after_a_week,
    a_store_closes_while_writers_work,
    nodes_starting_at_once_migrate_once,
    checksums_recorded_earlier_are_taken_and_changes_refused,
    one_business_one_account_even_at_once,
);

fn admin() -> AuditCtx {
    AuditCtx::system("test")
}

async fn demo_seeds_once_and_audits_everything(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    assert!(demo::seed(&t.db).await?);
    assert!(!demo::seed(&t.db).await?, "a second seed must do nothing");
    let units = units::all(&t.db).await?;
    assert!(units.len() >= 15);
    assert!(
        units
            .iter()
            .any(|u| u.name.contains("Đà Nẵng") || u.name.contains("Trung Trung Bộ"))
    );
    assert_eq!(
        accounts::count_staff(&t.db).await?,
        demo::STAFF.len() as i64
    );
    let v = audit::verify(&t.db).await?;
    assert_eq!(v.broken, None);
    assert!(v.entries >= units.len() + demo::STAFF.len());
    let someone = accounts::authenticate(&t.db, "VanThu", demo::DEMO_PASSWORD).await?;
    assert_eq!(
        someone.map(|a| a.full_name),
        Some("Nguyễn Thị Thu Hà".to_string())
    );
    assert!(
        accounts::authenticate(&t.db, "vanthu", "wrong password 1")
            .await?
            .is_none()
    );
    Ok(())
}

async fn tree(t: &TestDb) -> anyhow::Result<(i64, i64, i64, i64)> {
    let ctx = admin();
    let new = |parent: Option<i64>, org: &str, name: &str, abbr: &str, kind: &str| NewUnit {
        parent_id: parent,
        org_id: org.into(),
        name: name.into(),
        abbreviation: abbr.into(),
        kind: kind.into(),
    };
    let root = units::create(
        &t.db,
        &ctx,
        &new(None, "000.00.27.G12", "Cục", "ĐCKS", "department"),
    )
    .await?;
    let fed = units::create(
        &t.db,
        &ctx,
        &new(
            Some(root.id),
            "000.10.27.G12",
            "Liên đoàn",
            "LĐ",
            "federation",
        ),
    )
    .await?;
    let team = units::create(
        &t.db,
        &ctx,
        &new(Some(fed.id), "001.10.27.G12", "Đoàn", "Đ1", "team"),
    )
    .await?;
    let office = units::create(
        &t.db,
        &ctx,
        &new(Some(root.id), "000.01.27.G12", "Văn phòng", "VP", "office"),
    )
    .await?;
    Ok((root.id, fed.id, team.id, office.id))
}

async fn units_move_with_their_subtree(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    let (root, fed, team, office) = tree(&t).await?;
    let moved = units::move_to(&t.db, &admin(), fed, office, None).await?;
    assert_eq!(moved.path, UnitPath::root(root).child(office).child(fed));
    let team_now = units::get(&t.db, team).await?;
    assert_eq!(
        team_now.path,
        UnitPath::root(root).child(office).child(fed).child(team)
    );
    assert_eq!(team_now.depth, 4);
    // one level deeper would break the four-level rule
    let err = units::move_to(&t.db, &admin(), office, team, None).await;
    assert!(matches!(err, Err(DbError::Invalid(_))), "{err:?}");
    let hist = units::history(&t.db, fed).await?;
    assert_eq!(hist.len(), 2, "created, then moved");
    Ok(())
}

async fn unit_rules_are_enforced(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    let (_root, fed, team, office) = tree(&t).await?;
    // duplicate org id
    let dup = units::create(
        &t.db,
        &admin(),
        &NewUnit {
            parent_id: Some(office),
            org_id: "001.10.27.G12".into(),
            name: "X".into(),
            abbreviation: "X".into(),
            kind: "team".into(),
        },
    )
    .await;
    match dup {
        Err(DbError::Invalid(e)) => assert_eq!(e.0[0].code, "taken"),
        other => panic!("{other:?}"),
    }
    // two units under one parent cannot share an abbreviation (it names them in notations)
    let same_abbr = units::create(
        &t.db,
        &admin(),
        &NewUnit {
            parent_id: Some(_root),
            org_id: "000.02.27.G12".into(),
            name: "Văn phòng 2".into(),
            abbreviation: "VP".into(),
            kind: "office".into(),
        },
    )
    .await;
    match same_abbr {
        Err(DbError::Invalid(e)) => assert_eq!(e.0[0].code, "abbreviation_taken"),
        other => panic!("{other:?}"),
    }
    let under_fed = units::create(
        &t.db,
        &admin(),
        &NewUnit {
            parent_id: Some(fed),
            org_id: "002.10.27.G12".into(),
            name: "Văn phòng Liên đoàn".into(),
            abbreviation: "VP".into(),
            kind: "office".into(),
        },
    )
    .await?;
    let clash = units::move_to(&t.db, &admin(), under_fed.id, _root, None).await;
    assert!(matches!(clash, Err(DbError::Invalid(_))), "{clash:?}");
    // closing a unit with active children is refused, a leaf closes
    assert!(matches!(
        units::close(&t.db, &admin(), fed, None).await,
        Err(DbError::Conflict(_))
    ));
    let closed = units::close(&t.db, &admin(), team, None).await?;
    assert_eq!(closed.status.as_str(), "closed");
    // stale version
    let stale = units::update(
        &t.db,
        &admin(),
        office,
        &UnitChange {
            name: Some("Văn phòng Cục".into()),
            version: Some(99),
            ..Default::default()
        },
    )
    .await;
    assert!(matches!(stale, Err(DbError::Conflict(_))));
    let renamed = units::update(
        &t.db,
        &admin(),
        office,
        &UnitChange {
            name: Some("Văn phòng Cục".into()),
            version: Some(1),
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(
        (renamed.name.as_str(), renamed.version),
        ("Văn phòng Cục", 2)
    );
    Ok(())
}

async fn counters_are_gapless_under_concurrency(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.write().await?;
            let n = counters::next(&mut tx, "arrival:2026").await?;
            if i % 5 == 0 {
                // a rolled-back transaction gives its number back
                tx.rollback().await?;
                return Ok::<_, anyhow::Error>(None);
            }
            tx.commit().await?;
            Ok(Some(n))
        }));
    }
    let mut got = Vec::new();
    for task in tasks {
        if let Some(n) = task.await?? {
            got.push(n);
        }
    }
    got.sort();
    assert_eq!(got, (1..=32).collect::<Vec<_>>());
    Ok(())
}

async fn people_lists_follow_the_scope(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    let (_root, fed, team, office) = tree(&t).await?;
    for (u, unit) in [("a.team", team), ("b.fed", fed), ("c.office", office)] {
        accounts::create_staff(
            &t.db,
            &admin(),
            &NewStaff {
                username: u.into(),
                full_name: format!("Nguyễn Văn {u}"),
                unit_id: unit,
                roles: vec!["specialist".into()],
                password: "Mật khẩu 2026!".into(),
                ..Default::default()
            },
        )
        .await?;
    }
    let fed_unit = units::get(&t.db, fed).await?;
    let page = accounts::list(
        &t.db,
        &PeopleScope::Subtree(fed_unit.path),
        &Default::default(),
    )
    .await?;
    let names: Vec<_> = page.items.iter().map(|a| a.username.as_str()).collect();
    assert_eq!(names, vec!["a.team", "b.fed"]);
    let all = accounts::list(
        &t.db,
        &PeopleScope::All,
        &accounts::Filter {
            q: Some("nguyen van".into()),
            limit: Some(2),
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(all.items.len(), 2);
    let rest = accounts::list(
        &t.db,
        &PeopleScope::All,
        &accounts::Filter {
            q: Some("NGUYỄN".into()),
            after: all.next,
            ..Default::default()
        },
    )
    .await?;
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.next, None);
    Ok(())
}

async fn failed_changes_write_nothing(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    let (_root, _fed, team, _office) = tree(&t).await?;
    let before = audit::verify(&t.db).await?.head_seq;
    let bad = accounts::create_staff(
        &t.db,
        &admin(),
        &NewStaff {
            username: "x".into(),
            full_name: "".into(),
            unit_id: 999,
            email: Some("nope".into()),
            roles: vec!["root".into()],
            password: "short".into(),
            ..Default::default()
        },
    )
    .await;
    let Err(DbError::Invalid(e)) = bad else {
        panic!("{bad:?}")
    };
    let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
    for f in ["username", "full_name", "email", "roles", "unit_id"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    let bad = accounts::update_person(&t.db, &admin(), 12345, &PersonChange::default()).await;
    assert!(matches!(bad, Err(DbError::NotFound)));
    let _ = team;
    assert_eq!(
        audit::verify(&t.db).await?.head_seq,
        before,
        "nothing may be written"
    );
    Ok(())
}

async fn expired_sessions_are_swept(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    let (_root, _fed, team, _office) = tree(&t).await?;
    let a = accounts::create_staff(
        &t.db,
        &admin(),
        &NewStaff {
            username: "hvkien".into(),
            full_name: "Hà Văn Kiên".into(),
            unit_id: team,
            roles: vec!["specialist".into()],
            password: "Mật khẩu 2026!".into(),
            ..Default::default()
        },
    )
    .await?;
    let (old, _) = lode_db::sessions::open(&t.db, &admin(), a.id, None).await?;
    let (fresh, _) = lode_db::sessions::open(&t.db, &admin(), a.id, None).await?;
    sqlx::query(
        "UPDATE sessions SET expires_at = '2020-01-01T00:00:00.000000Z' WHERE token_hash = $1",
    )
    .bind(lode_db::sessions::digest(&old))
    .execute(t.db.pool())
    .await?;
    lode_db::sessions::record_failure(&t.db, &admin(), "hvkien", "10.0.0.9", None).await?;
    // a failure that names an account is kept under it; one naming no one, under no one
    lode_db::sessions::record_failure(&t.db, &admin(), "nobody-here", "10.0.0.9", None).await?;
    let kept: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT entity_id FROM audit_log WHERE action = 'session.login_failed' ORDER BY seq",
    )
    .fetch_all(t.db.pool())
    .await?;
    let hvkien: (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE username = 'hvkien'")
        .fetch_one(t.db.pool())
        .await?;
    assert_eq!(kept, [(Some(hvkien.0.to_string()),), (None,)]);
    sqlx::query("UPDATE login_failures SET at = '2020-01-01T00:00:00.000000Z'")
        .execute(t.db.pool())
        .await?;
    assert_eq!(lode_db::sessions::sweep(&t.db).await?, (1, 2));
    assert!(lode_db::sessions::resume(&t.db, &old).await?.is_none());
    assert!(lode_db::sessions::resume(&t.db, &fresh).await?.is_some());
    Ok(())
}

async fn the_last_administrator_stays(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    let (_root, _fed, _team, office) = tree(&t).await?;
    let new_admin = |name: &str| NewStaff {
        username: name.into(),
        full_name: name.into(),
        unit_id: office,
        roles: vec!["administrator".into()],
        password: "Mật khẩu 2026!".into(),
        ..Default::default()
    };
    let a = accounts::create_staff(&t.db, &admin(), &new_admin("quantri1")).await?;
    let demote = PersonChange {
        roles: Some(vec!["specialist".into()]),
        ..Default::default()
    };
    let deactivate = PersonChange {
        active: Some(false),
        ..Default::default()
    };
    assert!(matches!(
        accounts::update_person(&t.db, &admin(), a.id, &demote).await,
        Err(DbError::Conflict(_))
    ));
    assert!(matches!(
        accounts::update_person(&t.db, &admin(), a.id, &deactivate).await,
        Err(DbError::Conflict(_))
    ));
    let b = accounts::create_staff(&t.db, &admin(), &new_admin("quantri2")).await?;
    // two demotions at once: one of them must be refused
    let ctx = admin();
    let (ra, rb) = tokio::join!(
        accounts::update_person(&t.db, &ctx, a.id, &demote),
        accounts::update_person(&t.db, &ctx, b.id, &demote),
    );
    assert_eq!(ra.is_ok() as u8 + rb.is_ok() as u8, 1, "{ra:?} {rb:?}");
    // changing other things of the last administrator is fine
    let rename = PersonChange {
        position: Some("Quản trị hệ thống".into()),
        ..Default::default()
    };
    let last = if ra.is_ok() { b.id } else { a.id };
    assert!(
        accounts::update_person(&t.db, &admin(), last, &rename)
            .await
            .is_ok()
    );
    Ok(())
}

/// Writers committing together (SQLite commits them in groups) while others, among them, give
/// up half way (an error returns early and drops the transaction): every committed write is
/// stored, none of the abandoned ones, and nobody waits forever.
async fn writers_that_give_up_leave_the_others_committed(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    let mut tasks = Vec::new();
    for i in 0..48_i64 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.write().await?;
            sqlx::query("INSERT INTO counters (name, value) VALUES ($1, $2)")
                .bind(format!("w{i}"))
                .bind(i)
                .execute(&mut *tx)
                .await?;
            tokio::task::yield_now().await;
            match i % 3 {
                0 => drop(tx),             // gave up: dropped without a word
                1 => tx.rollback().await?, // gave up explicitly
                _ => tx.commit().await?,
            }
            Ok::<_, anyhow::Error>(())
        }));
    }
    let all = async {
        for task in tasks {
            task.await??;
        }
        Ok::<_, anyhow::Error>(())
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), all)
        .await
        .map_err(|_| anyhow::anyhow!("writers waited forever"))??;
    // a write after them all sees exactly the committed ones
    let tx = t.db.write().await?;
    tx.commit().await?;
    let names: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM counters WHERE name LIKE 'w%' ORDER BY value")
            .fetch_all(t.db.pool())
            .await?;
    let expected: Vec<String> = (0..48)
        .filter(|i| i % 3 == 2)
        .map(|i| format!("w{i}"))
        .collect();
    assert_eq!(names.into_iter().map(|n| n.0).collect::<Vec<_>>(), expected);
    Ok(())
}

/// Clients that go away at any instant (a request dropped while its writer waits for the lane,
/// starts the group's transaction, writes or commits), in a loop, beside an honest writer who
/// never gives up: the honest writer's every write succeeds and is stored, each abandoned write
/// is stored whole or not at all, and a write afterwards commits within a second.
async fn writers_cancelled_anywhere_stall_nobody(b: Backend) -> anyhow::Result<()> {
    use std::time::{Duration, Instant};
    let t = TestDb::fresh(b).await?;
    let stop = Instant::now() + Duration::from_secs(3);
    let honest = {
        let db = t.db.clone();
        tokio::spawn(async move {
            let mut done = 0_i64;
            while Instant::now() < stop {
                let mut tx = db.write().await?;
                sqlx::query("INSERT INTO counters (name, value) VALUES ($1, $2)")
                    .bind(format!("honest{done}"))
                    .bind(done)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                done += 1;
            }
            Ok::<_, anyhow::Error>(done)
        })
    };
    let mut quitters = Vec::new();
    for q in 0..12_i64 {
        let db = t.db.clone();
        quitters.push(tokio::spawn(async move {
            let mut n = 0_i64;
            let mut finished = Vec::new();
            while Instant::now() < stop {
                n += 1;
                let key = q * 1_000_000 + n;
                let patience = Duration::from_micros(rand::random::<u64>() % 2_000);
                let db = db.clone();
                let write = async move {
                    let mut tx = db.write().await?;
                    for half in ["a", "b"] {
                        sqlx::query("INSERT INTO counters (name, value) VALUES ($1, $2)")
                            .bind(format!("quit{key}{half}"))
                            .bind(key)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok::<_, anyhow::Error>(())
                };
                if let Ok(result) = tokio::time::timeout(patience, write).await {
                    result?;
                    finished.push(key);
                }
            }
            Ok::<_, anyhow::Error>(finished)
        }));
    }
    let honest_writes = tokio::time::timeout(Duration::from_secs(60), honest)
        .await
        .map_err(|_| anyhow::anyhow!("the honest writer was stalled"))???;
    let mut finished = Vec::new();
    for q in quitters {
        finished.extend(q.await??);
    }
    // the lane is free again at once
    let started = Instant::now();
    let after = async {
        let mut tx = t.db.write().await?;
        sqlx::query("INSERT INTO counters (name, value) VALUES ('after', 0)")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, anyhow::Error>(())
    };
    tokio::time::timeout(Duration::from_secs(1), after)
        .await
        .map_err(|_| anyhow::anyhow!("a write after the quitters waited over a second"))??;
    assert!(started.elapsed() < Duration::from_secs(1));
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT name, value FROM counters")
        .fetch_all(t.db.pool())
        .await?;
    let honest_stored = rows.iter().filter(|r| r.0.starts_with("honest")).count();
    assert_eq!(honest_stored as i64, honest_writes, "honest writes lost");
    assert!(honest_writes > 0);
    let mut halves = std::collections::HashMap::<i64, usize>::new();
    for (name, value) in &rows {
        if name.starts_with("quit") {
            *halves.entry(*value).or_default() += 1;
        }
    }
    assert!(
        halves.values().all(|n| *n == 2),
        "an abandoned write was stored in part"
    );
    for key in finished {
        assert_eq!(
            halves.get(&key),
            Some(&2),
            "a write that returned Ok is missing"
        );
    }
    Ok(())
}

/// Files uploaded and never referenced are removed a week after their last upload, bytes and
/// row; a referenced file and a recent upload stay.
async fn files_nobody_references_go_after_a_week(b: Backend) -> anyhow::Result<()> {
    use lode_db::blobs::{self, BlobConfig, Blobs};
    let t = TestDb::fresh(b).await?;
    let (_root, _fed, _team, office) = tree(&t).await?;
    let someone = accounts::create_staff(
        &t.db,
        &admin(),
        &NewStaff {
            username: "ntkhanh".into(),
            full_name: "Ngô Thị Khánh".into(),
            unit_id: office,
            roles: vec!["specialist".into()],
            password: "Mật khẩu 2026!".into(),
            ..Default::default()
        },
    )
    .await?;
    let store = Blobs::open(&BlobConfig::Local(t.dir.join("files")))?;
    let mut shas = Vec::new();
    for text in ["bo quen", "moi tai len", "chu ky"] {
        let bytes = bytes::Bytes::from(lode_db::demo::sample_pdf(&[text]));
        let sha = store.put(bytes.clone()).await?;
        let mut tx = t.db.write().await?;
        blobs::record_upload(&mut tx, &sha, bytes.len(), "application/pdf", someone.id).await?;
        tx.commit().await?;
        shas.push(sha);
    }
    let [forgotten, recent, referenced] =
        <[String; 3]>::try_from(shas).map_err(|_| anyhow::anyhow!("three files"))?;
    let long_ago = lode_db::format_instant(chrono::Utc::now() - chrono::Duration::days(8));
    for sha in [&forgotten, &referenced] {
        sqlx::query("UPDATE files SET created_at = $1 WHERE sha256 = $2")
            .bind(&long_ago)
            .bind(sha)
            .execute(t.db.pool())
            .await?;
        sqlx::query("UPDATE file_uploads SET uploaded_at = $1 WHERE sha256 = $2")
            .bind(&long_ago)
            .bind(sha)
            .execute(t.db.pool())
            .await?;
    }
    sqlx::query("UPDATE accounts SET signature_sha256 = $1 WHERE id = $2")
        .bind(&referenced)
        .bind(someone.id)
        .execute(t.db.pool())
        .await?;
    // the columns that name files are read from the schema: every capability's is among them
    let columns = blobs::file_columns(&t.db).await?;
    for known in [
        ("accounts", "signature_sha256"),
        ("incoming_documents", "file_sha256"),
        ("incoming_attachments", "sha256"),
        ("outgoing_versions", "pdf_sha256"),
        ("outgoing_versions", "source_sha256"),
        ("dossier_items", "file_sha256"),
        ("outgoing_attachments", "sha256"),
        ("unit_seals", "sha256"),
        ("application_documents", "sha256"),
        ("applications", "result_sha256"),
        ("archive_files", "sha256"),
        ("archive_files", "render_sha256"),
        ("archive_files", "searchable_sha256"),
        ("archive_pages", "pdf_sha256"),
        ("archive_requests", "copy_sha256"),
        ("archive_submissions", "paper_sha256"),
    ] {
        assert!(
            columns
                .iter()
                .any(|(t, c)| (t.as_str(), c.as_str()) == known),
            "{known:?} missing from {columns:?}"
        );
    }
    assert!(
        !columns
            .iter()
            .any(|(t, _)| t == "files" || t == "file_uploads")
    );
    assert_eq!(blobs::sweep_orphans(&t.db, &store).await?, 1);
    assert!(store.get(&forgotten).await?.is_none(), "bytes removed");
    assert_eq!(blobs::content_type(&t.db, &forgotten).await?, None);
    for kept in [&recent, &referenced] {
        assert!(store.get(kept).await?.is_some());
        assert!(blobs::content_type(&t.db, kept).await?.is_some());
    }
    assert_eq!(blobs::sweep_orphans(&t.db, &store).await?, 0);
    Ok(())
}

/// Closing a store (the end of a command, a server's shutdown) waits for the writers at work and
/// then ends: the writer lane gives its connection back, so the pool has nothing left to wait
/// for; a writer after the close is told the store is closed.
async fn a_store_closes_while_writers_work(b: Backend) -> anyhow::Result<()> {
    use std::time::Duration;
    for round in 0..3_i64 {
        let t = TestDb::fresh(b).await?;
        let writers: Vec<_> = (0..8_i64)
            .map(|i| {
                let db = t.db.clone();
                tokio::spawn(async move {
                    let mut tx = db.write().await?;
                    sqlx::query("INSERT INTO counters (name, value) VALUES ($1, $2)")
                        .bind(format!("c{round}-{i}"))
                        .bind(i)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok::<_, DbError>(())
                })
            })
            .collect();
        tokio::task::yield_now().await;
        tokio::time::timeout(Duration::from_secs(5), t.db.close())
            .await
            .map_err(|_| anyhow::anyhow!("round {round}: the store never closed"))?;
        for w in writers {
            // each writer either finished before the close or was told the store is closed
            if let Err(e) = w.await? {
                assert!(e.to_string().contains("closed"), "{e}");
            }
        }
        assert!(t.db.write().await.is_err(), "a write after the close");
    }
    Ok(())
}

/// Several nodes started at once on a new, empty store each run the migrator: every one of them
/// starts, and each migration is applied once.
async fn nodes_starting_at_once_migrate_once(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::unmigrated(b).await?;
    let mut nodes = Vec::new();
    for _ in 0..4 {
        nodes.push(lode_db::Db::connect(&t.url).await?);
    }
    let started: Vec<_> = nodes
        .iter()
        .map(|db| {
            let db = db.clone();
            tokio::spawn(async move { lode_db::migrate::run(&db).await })
        })
        .collect();
    for s in started {
        s.await??;
    }
    let applied: Vec<(i64,)> =
        sqlx::query_as("SELECT version FROM schema_migrations ORDER BY version")
            .fetch_all(t.db.pool())
            .await?;
    let expected: Vec<(i64,)> = lode_db::migrate::for_backend(b)
        .iter()
        .map(|m| (m.version,))
        .collect();
    assert_eq!(applied, expected);
    for db in nodes {
        db.close().await;
    }
    Ok(())
}

/// The two engines' migrations make the same schema: the same tables with the same columns (the
/// full-text index is each engine's own: SQLite's FTS5 table and PostgreSQL's trigram index are
/// left out), and the same
/// named indexes (those a migration creates; the engines name the ones behind primary
/// keys and unique constraints each their own way).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_make_the_same_schema() -> anyhow::Result<()> {
    type Schema = (
        std::collections::BTreeMap<String, Vec<String>>,
        std::collections::BTreeSet<String>,
    );
    async fn schema(t: &TestDb) -> anyhow::Result<Schema> {
        let (columns, indexes): (Vec<(String, String)>, Vec<(String,)>) = match t.db.backend() {
            Backend::Sqlite => (
                sqlx::query_as(
                    "SELECT m.name, p.name FROM pragma_table_list m, pragma_table_info(m.name) p
                     WHERE m.schema = 'main' AND m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
                )
                .fetch_all(t.db.pool())
                .await?,
                sqlx::query_as(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
                )
                .fetch_all(t.db.pool())
                .await?,
            ),
            Backend::Postgres => (
                sqlx::query_as(
                    "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns
                     WHERE table_schema = 'public'",
                )
                .fetch_all(t.db.pool())
                .await?,
                sqlx::query_as(
                    "SELECT i.indexname::TEXT FROM pg_indexes i
                     WHERE i.schemaname = 'public' AND NOT EXISTS (
                         SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                )
                .fetch_all(t.db.pool())
                .await?,
            ),
        };
        let mut tables = std::collections::BTreeMap::<String, Vec<String>>::new();
        for (table, column) in columns {
            tables.entry(table).or_default().push(column);
        }
        for c in tables.values_mut() {
            c.sort();
        }
        Ok((tables, indexes.into_iter().map(|i| i.0).collect()))
    }
    let sqlite = schema(&TestDb::fresh(Backend::Sqlite).await?).await?;
    let postgres = schema(&TestDb::fresh(Backend::Postgres).await?).await?;
    let names = |s: &Schema| s.0.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&sqlite), names(&postgres), "tables");
    for (table, columns) in &sqlite.0 {
        // PostgreSQL keeps each archive text's search vector, which SQLite's FTS5 keeps in
        // its own tables
        let theirs = postgres.0.get(table).map(|c| {
            c.iter()
                .filter(|c| !(table == "archive_texts" && *c == "tsv"))
                .cloned()
                .collect::<Vec<_>>()
        });
        assert_eq!(Some(columns), theirs.as_ref(), "the columns of {table}");
    }
    // PostgreSQL's trigram and text-search indexes are its counterparts of SQLite's FTS5 tables
    let postgres_indexes: std::collections::BTreeSet<String> = postgres
        .1
        .into_iter()
        .filter(|i| {
            ![
                "incoming_search_trgm",
                "archive_search",
                "archive_entry_search",
            ]
            .contains(&i.as_str())
        })
        .collect();
    assert_eq!(sqlite.1, postgres_indexes, "indexes");
    Ok(())
}

/// A store migrated by an earlier version, which took each migration's checksum over its whole
/// text, comments included, starts (its checksums are brought to today's, which leave comments
/// out: rewording one changes nothing applied); a migration whose statements changed after it
/// was applied still stops the start.
async fn checksums_recorded_earlier_are_taken_and_changes_refused(
    b: Backend,
) -> anyhow::Result<()> {
    use sha2::{Digest, Sha256};
    let t = TestDb::fresh(b).await?;
    let today: Vec<(i64, String)> =
        sqlx::query_as("SELECT version, checksum FROM schema_migrations ORDER BY version")
            .fetch_all(t.db.pool())
            .await?;
    for m in lode_db::migrate::for_backend(b) {
        // the reworded ones as earlier versions recorded them; the others over their text
        let earlier = match (b, m.version) {
            (Backend::Sqlite, 18) => {
                "eaa647881c71af3faf24398e0ff63d5c64af7ec2a96fc0856775ffd7c82efdc1".to_string()
            }
            (Backend::Postgres, 18) => {
                "30265a5f013798cc4a05441f2525933bc6ee7491d1fb69d1c38efac0f04a5d07".to_string()
            }
            _ => hex::encode(Sha256::digest(m.sql.as_bytes())),
        };
        sqlx::query("UPDATE schema_migrations SET checksum = $1 WHERE version = $2")
            .bind(earlier)
            .bind(m.version)
            .execute(t.db.pool())
            .await?;
    }
    lode_db::migrate::run(&t.db).await?;
    let after: Vec<(i64, String)> =
        sqlx::query_as("SELECT version, checksum FROM schema_migrations ORDER BY version")
            .fetch_all(t.db.pool())
            .await?;
    assert_eq!(after, today);
    sqlx::query("UPDATE schema_migrations SET checksum = 'changed' WHERE version = 3")
        .execute(t.db.pool())
        .await?;
    let refused = lode_db::migrate::run(&t.db).await;
    assert!(
        refused.is_err_and(|e| e.to_string().contains("changed after it was applied")),
        "a changed migration must stop the start"
    );
    Ok(())
}

/// Two registrations of one business sent at once (two nodes, two transactions): one account,
/// and the other told beside its field that the tax code has one.
async fn one_business_one_account_even_at_once(b: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(b).await?;
    let business = |n: usize| lode_db::accounts::NewExternal {
        kind: "business".into(),
        username: format!("phap.che{n}@khoangsanbacbo.vn"),
        full_name: "Nguyễn Văn Pháp".into(),
        email: format!("phap.che{n}@khoangsanbacbo.vn"),
        phone: Some("024 3826 1234".into()),
        organisation_name: Some("Công ty CP Khoáng sản Bắc Bộ".into()),
        tax_code: Some("0100109106".into()),
        address: Some("Số 6 Phạm Ngũ Lão, Hoàn Kiếm, Hà Nội".into()),
        representative: Some("Trần Thị Đại Diện".into()),
        password: "Mỏ-đá-vôi-2026!".into(),
    };
    let mut nodes = Vec::new();
    for n in 0..4 {
        let db = lode_db::Db::connect(&t.url).await?;
        let input = business(n);
        nodes.push(tokio::spawn(async move {
            let r = accounts::register(&db, &admin(), &input).await;
            db.close().await;
            r.map(|r| r.created.is_some())
        }));
    }
    let mut created = 0;
    for n in nodes {
        match n.await? {
            Ok(true) => created += 1,
            Ok(false) => anyhow::bail!("a business answered as a taken address"),
            Err(DbError::Invalid(f)) => {
                assert_eq!(
                    f.0.iter().map(|e| e.code).collect::<Vec<_>>(),
                    ["tax_code_taken"],
                    "{f:?}"
                );
            }
            Err(e) => return Err(e.into()),
        }
    }
    assert_eq!(created, 1);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE tax_code = '0100109106'")
            .fetch_one(t.db.pool())
            .await?;
    assert_eq!(n, 1);
    // nor may another business take it by changing its profile
    let mut other = business(9);
    other.tax_code = Some("0100110006".into());
    let registered = accounts::register(&t.db, &admin(), &other).await?;
    let (id, _) = registered.created.expect("a new account");
    let change = accounts::ProfileInput {
        phone: other.phone.clone(),
        organisation_name: other.organisation_name.clone(),
        tax_code: Some("0100109106".into()),
        address: other.address.clone(),
        representative: other.representative.clone(),
        version: None,
    };
    match accounts::update_profile(&t.db, &admin(), id.id, &change).await {
        Err(DbError::Invalid(f)) => assert_eq!(f.0[0].code, "tax_code_taken"),
        other => panic!("{other:?}"),
    }
    Ok(())
}
