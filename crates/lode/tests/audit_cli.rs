//! `lode audit verify` against stores whose audit rows were altered, deleted and reordered by
//! hand, on SQLite and PostgreSQL.

mod support;

use lode_db::testkit::TestDb;
use lode_db::{AuditCtx, Backend, units};
use std::process::Command;

/// Writes a dozen audited changes.
async fn some_history(t: &TestDb) -> anyhow::Result<()> {
    support::seed_small(&t.db).await?;
    let ctx = AuditCtx::system("test");
    let all = units::all(&t.db).await?;
    let office = all
        .iter()
        .find(|u| u.abbreviation == "VP")
        .map(|u| u.id)
        .unwrap_or_default();
    for i in 0..4 {
        units::update(
            &t.db,
            &ctx,
            office,
            &units::UnitChange {
                name: Some(format!("Văn phòng {i}")),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(())
}

/// Runs `lode audit verify`; returns (success, stdout).
fn verify(t: &TestDb) -> anyhow::Result<(bool, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_lode"))
        .arg("--data")
        .arg(&t.dir)
        .arg("--database-url")
        .arg(&t.url)
        .args(["audit", "verify"])
        .env("LODE_LOG", "warn")
        .output()?;
    Ok((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

async fn exec(t: &TestDb, sql: &str) -> anyhow::Result<()> {
    sqlx::query(sql).execute(t.db.pool()).await?;
    Ok(())
}

async fn tampering_is_named(backend: Backend) -> anyhow::Result<()> {
    // untouched
    let t = TestDb::fresh(backend).await?;
    some_history(&t).await?;
    let (ok, out) = verify(&t)?;
    assert!(ok && out.contains("intact: 8 entries"), "{out}");

    // an entry's contents edited
    let t = TestDb::fresh(backend).await?;
    some_history(&t).await?;
    exec(
        &t,
        "UPDATE audit_log SET detail = '{\"name\":\"forged\"}' WHERE seq = 5",
    )
    .await?;
    let (ok, out) = verify(&t)?;
    assert!(!ok && out.contains("entry 5 was altered"), "{out}");

    // an entry edited and its hash recomputed by someone who knows the algorithm
    let t = TestDb::fresh(backend).await?;
    some_history(&t).await?;
    let (prev, at, action, etype, eid, detail): (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
    ) = sqlx::query_as(
        "SELECT prev_hash, at, action, entity_type, entity_id, detail FROM audit_log WHERE seq = 6",
    )
    .fetch_one(t.db.pool())
    .await?;
    let forged = lode_core::audit::entry_hash(
        &prev,
        &at,
        None,
        "someone else",
        None,
        &action,
        &etype,
        eid.as_deref(),
        &detail,
    );
    sqlx::query("UPDATE audit_log SET actor_label = 'someone else', ip = NULL, actor_id = NULL, hash = $1 WHERE seq = 6")
        .bind(&forged)
        .execute(t.db.pool())
        .await?;
    let (ok, out) = verify(&t)?;
    assert!(!ok && out.contains("entry 6 was altered"), "{out}");

    // an entry removed
    let t = TestDb::fresh(backend).await?;
    some_history(&t).await?;
    exec(&t, "DELETE FROM audit_log WHERE seq = 7").await?;
    let (ok, out) = verify(&t)?;
    assert!(!ok && out.contains("entry 7 was removed"), "{out}");

    // the last entry removed
    let t = TestDb::fresh(backend).await?;
    some_history(&t).await?;
    exec(&t, "DELETE FROM audit_log WHERE seq = 8").await?;
    let (ok, out) = verify(&t)?;
    assert!(!ok && out.contains("entry 8 was removed"), "{out}");

    // two entries swapped
    let t = TestDb::fresh(backend).await?;
    some_history(&t).await?;
    exec(&t, "UPDATE audit_log SET seq = -3 WHERE seq = 3").await?;
    exec(&t, "UPDATE audit_log SET seq = 3 WHERE seq = 4").await?;
    exec(&t, "UPDATE audit_log SET seq = 4 WHERE seq = -3").await?;
    let (ok, out) = verify(&t)?;
    assert!(!ok && out.contains("entry 3 is out of order"), "{out}");

    // an entry written past the head, beside the chain (the head left as it was)
    let t = TestDb::fresh(backend).await?;
    some_history(&t).await?;
    exec(
        &t,
        "INSERT INTO audit_log (seq, at, actor_id, actor_label, ip, action, entity_type, entity_id,
                                detail, prev_hash, hash)
         SELECT seq + 1, at, actor_id, actor_label, ip, action, entity_type, entity_id, detail,
                hash, hash FROM audit_log WHERE seq = 8",
    )
    .await?;
    // the trigger that keeps the head moved it too: put it back where it stood
    exec(
        &t,
        "UPDATE audit_head SET seq = 8, hash = (SELECT hash FROM audit_log WHERE seq = 8) WHERE id = 1",
    )
    .await?;
    let (ok, out) = verify(&t)?;
    assert!(!ok && out.contains("entry 9 was altered"), "{out}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampering_is_named_on_sqlite() -> anyhow::Result<()> {
    tampering_is_named(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampering_is_named_on_postgres() -> anyhow::Result<()> {
    tampering_is_named(Backend::Postgres).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_init_starts_an_empty_store_once() -> anyhow::Result<()> {
    let t = TestDb::fresh(Backend::Sqlite).await?;
    let lode = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lode"))
            .arg("--data")
            .arg(&t.dir)
            .arg("--database-url")
            .arg(&t.url)
            .args(args)
            .env("LODE_LOG", "warn")
            .output()
    };
    let init = [
        "admin",
        "init",
        "--org-id",
        "000.00.27.G12",
        "--name",
        "Cục Địa chất và Khoáng sản Việt Nam",
        "--abbreviation",
        "ĐCKS",
        "--username",
        "quantri",
        "--full-name",
        "Lê Minh Quân",
    ];
    // a weak password: nothing is written
    let out = lode(&[&init[..], &["--password", "quantri1234"]].concat())?;
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("password"));
    assert!(lode_db::demo::is_empty(&t.db).await?);
    let out = lode(&[&init[..], &["--password", "Khởi tạo 2026!"]].concat())?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let admin = lode_db::accounts::authenticate(&t.db, "quantri", "Khởi tạo 2026!")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no admin"))?;
    assert!(
        admin
            .roles
            .contains(&lode_core::people::Role::Administrator)
            && admin.must_change_password
    );
    let again = lode(&[&init[..], &["--password", "Khởi tạo 2026!"]].concat())?;
    assert!(!again.status.success(), "a second init is refused");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_commands_create_and_reset_accounts() -> anyhow::Result<()> {
    let t = TestDb::fresh(Backend::Sqlite).await?;
    support::seed_small(&t.db).await?;
    let lode = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lode"))
            .arg("--data")
            .arg(&t.dir)
            .arg("--database-url")
            .arg(&t.url)
            .args(args)
            .env("LODE_LOG", "warn")
            .output()
    };
    let out = lode(&[
        "admin",
        "create-user",
        "--username",
        "pvson",
        "--full-name",
        "Phạm Văn Sơn",
        "--unit",
        "000.01.27.G12",
        "--role",
        "unit_leader",
        "--password",
        "Khoáng sản 2026!",
    ])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = lode_db::accounts::by_username(&t.db, "pvson")
        .await?
        .ok_or_else(|| anyhow::anyhow!("not created"))?;
    assert!(a.must_change_password);
    let out = lode(&[
        "admin",
        "create-user",
        "--username",
        "x",
        "--full-name",
        "X",
        "--unit",
        "999.99.99.Z99",
        "--password",
        "Khoáng sản 2026!",
    ])?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no unit"));
    let out = lode(&[
        "admin",
        "reset-password",
        "--username",
        "pvson",
        "--password",
        "short",
    ])?;
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("password"));
    let out = lode(&[
        "admin",
        "reset-password",
        "--username",
        "pvson",
        "--password",
        "Mới hoàn toàn 2027",
    ])?;
    assert!(out.status.success());
    assert!(
        lode_db::accounts::authenticate(&t.db, "pvson", "Mới hoàn toàn 2027")
            .await?
            .is_some()
    );
    let (ok, out) = verify(&t)?;
    assert!(ok, "{out}");
    Ok(())
}
