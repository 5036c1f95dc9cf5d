//! Clients that go away mid-request harm nobody else: `lode serve` on SQLite and PostgreSQL,
//! twelve clients signing in with wrong passwords (each attempt from an address of its own,
//! behind a trusted proxy, so that every one is judged and its failure written) and registering
//! documents with timeouts of a millisecond to a third of a second (they hang up at every stage
//! of the request), while `lode audit verify` reads the chain in a loop beside the server and a
//! clerk registers honestly. Every one of her registrations succeeds, every check of the chain
//! passes, the arrival numbers of all that were stored run without a gap, and afterwards a write
//! answers within a second. A second server on the same SQLite file refuses to start.

mod support;

use lode_db::Backend;
use lode_db::testkit::TestDb;
use std::time::{Duration, Instant};
use support::{Node, api_login};

lode_db::on_both_backends!(abandoned_requests_stall_nobody);

async fn abandoned_requests_stall_nobody(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    support::seed_small(&t.db).await?;
    support::seed_clerk(&t.db).await?;
    let args = vec![
        "--data".to_string(),
        t.dir.display().to_string(),
        "--database-url".into(),
        t.url.clone(),
    ];
    let node = Node::behind_proxy(&args).await?;
    let base = node.base.clone();
    let s = api_login(&base, "vanthu", support::PASSWORD).await?;
    let sha = support::upload_pdf(&base, &s).await?;
    let stop = Instant::now() + Duration::from_secs(6);

    let mut quitters = Vec::new();
    for q in 0..12_usize {
        let (base, cookie, csrf, sha) =
            (base.clone(), s.cookie.clone(), s.csrf.clone(), sha.clone());
        quitters.push(tokio::spawn(async move {
            let mut n = 0_usize;
            while Instant::now() < stop {
                n += 1;
                // most hang up within the few milliseconds a request spends on its write
                let signs_in = q.is_multiple_of(3);
                let patience = if signs_in && n.is_multiple_of(3) {
                    // one sign-in in three waits to be told: under load the password's hash
                    // can take longer than the others' patience, and some must be judged
                    Duration::from_secs(2)
                } else if signs_in {
                    // a sign-in is judged in some tens of milliseconds (the password's hash)
                    Duration::from_micros(5_000 + rand::random::<u64>() % 150_000)
                } else if n.is_multiple_of(4) {
                    Duration::from_millis(1 + rand::random::<u64>() % 300)
                } else {
                    Duration::from_micros(500 + rand::random::<u64>() % 30_000)
                };
                let http = reqwest::Client::builder().timeout(patience).build()?;
                // a hang-up is what this client does; whatever it was told does not matter
                let _ = if !signs_in {
                    http.post(format!("{base}/api/v1/incoming"))
                        .header("cookie", &cookie)
                        .header("x-csrf-token", &csrf)
                        .json(&support::registration(10_000 + q * 10_000 + n, &sha))
                        .send()
                        .await
                } else {
                    http.post(format!("{base}/api/v1/session"))
                        .header("x-forwarded-for", format!("10.{q}.{}.{}", n / 250, n % 250))
                        .json(&serde_json::json!({
                            "username": format!("khach{q}x{n}"), "password": "sai mat khau"
                        }))
                        .send()
                        .await
                };
            }
            Ok::<_, anyhow::Error>(())
        }));
    }

    // the chain checked beside the server, again and again
    let auditor = {
        let args: Vec<String> = args
            .iter()
            .cloned()
            .chain(["audit".into(), "verify".into()])
            .collect();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let mut runs = 0_usize;
            while Instant::now() < stop {
                let (code, out) = support::lode(&args)?;
                anyhow::ensure!(code == 0, "audit verify during the load: {out}");
                runs += 1;
            }
            Ok(runs)
        })
    };

    let http = reqwest::Client::new();
    let mut honest = 0_usize;
    while Instant::now() < stop {
        let r = http
            .post(format!("{base}/api/v1/incoming"))
            .header("cookie", &s.cookie)
            .header("x-csrf-token", &s.csrf)
            .json(&support::registration(honest, &sha))
            .send()
            .await?;
        let status = r.status();
        anyhow::ensure!(
            status == 201,
            "registration {honest} failed: {status} {}",
            r.text().await?
        );
        honest += 1;
    }
    for q in quitters {
        q.await??;
    }
    assert!(honest > 0);
    assert!(auditor.await?? > 0);
    // the sign-ins reached the store: their failures were judged and written, from addresses
    // no throttle held back
    let (failures, addresses): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT ip) FROM login_failures")
            .fetch_one(t.db.pool())
            .await?;
    assert!(
        failures >= 10 && addresses >= 10,
        "only {failures} sign-ins were judged, from {addresses} addresses"
    );

    // a write right after: within a second
    let started = Instant::now();
    let r = http
        .post(format!("{base}/api/v1/incoming"))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .json(&support::registration(honest, &sha))
        .timeout(Duration::from_secs(1))
        .send()
        .await?;
    assert_eq!(r.status(), 201, "{}", r.text().await?);
    assert!(started.elapsed() < Duration::from_secs(1));

    // what was stored is whole: gapless numbers, an intact chain
    let mut numbers: Vec<(i64,)> =
        sqlx::query_as("SELECT arrival_number FROM incoming_documents ORDER BY arrival_number")
            .fetch_all(t.db.pool())
            .await?;
    numbers.dedup();
    let expected: Vec<(i64,)> = (1..=numbers.len() as i64).map(|n| (n,)).collect();
    assert_eq!(numbers, expected, "arrival numbers with a gap");
    assert!(numbers.len() > honest);
    assert_eq!(lode_db::audit::verify(&t.db).await?.broken, None);

    if backend == Backend::Sqlite {
        // a second server on the same file refuses to start, saying why
        let (code, out) = support::lode(&[
            "--data",
            &t.dir.display().to_string(),
            "--database-url",
            &t.url,
            "serve",
            "--listen",
            &format!("127.0.0.1:{}", support::free_port()),
        ])?;
        assert_ne!(code, 0, "{out}");
        assert!(out.contains("another lode server"), "{out}");
    }
    Ok(())
}
