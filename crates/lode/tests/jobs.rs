//! A serving node does its background work as jobs (the sweeps, the notices, the certificate
//! refresh, the pruning), which administrators see through the API and the page, where they
//! put a failed job back in the queue; nobody else sees them.

mod support;

use lode_db::Backend;
use lode_db::jobs::{self, JobState, NewJob};
use lode_db::testkit::TestDb;
use std::time::{Duration, Instant};
use support::{Node, api_login};

lode_db::on_both_backends!(a_serving_node_does_its_background_work_as_jobs);

async fn a_serving_node_does_its_background_work_as_jobs(backend: Backend) -> anyhow::Result<()> {
    let t = TestDb::fresh(backend).await?;
    support::seed_small(&t.db).await?;
    let node = Node::serving(&t).await?;
    let base = node.base.clone();

    // the node queues this period's work and does it
    let expected = [
        "archive.intake",
        "certificates.refresh",
        "files.sweep",
        "jobs.prune",
        "notifications.sweep",
        "sessions.sweep",
    ];
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut done: Vec<String> = jobs::list(&t.db, Some(JobState::Done), 200)
            .await?
            .into_iter()
            .map(|j| j.kind)
            .collect();
        done.sort();
        done.dedup();
        if done == expected {
            break;
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "the node did only {done:?} of its work"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // another node's e-mail job failed on its last attempt
    let mut mail = NewJob::new("mail.send", serde_json::json!({}));
    mail.max_attempts = 1;
    let id = jobs::enqueue(&t.db, &mail).await?.expect("queued");
    let taken = jobs::claim(&t.db, "node-x", &["mail.send"], Duration::from_secs(60))
        .await?
        .expect("taken");
    jobs::fail(&t.db, &taken, "the mail server refused the connection").await?;

    let http = reqwest::Client::new();
    let admin = api_login(&base, "admin", support::PASSWORD).await?;
    let r = http
        .get(format!("{base}/api/v1/jobs?state=failed"))
        .header("cookie", &admin.cookie)
        .send()
        .await?;
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await?;
    assert_eq!(v["items"][0]["id"], id);
    assert_eq!(v["items"][0]["state"], "failed");
    assert_eq!(
        v["items"][0]["last_error"],
        "the mail server refused the connection"
    );
    let failed = v["counts"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["state"] == "failed"))
        .map(|c| c["jobs"].clone());
    assert_eq!(failed, Some(serde_json::json!(1)));
    let r = http
        .get(format!("{base}/api/v1/jobs?state=stuck"))
        .header("cookie", &admin.cookie)
        .send()
        .await?;
    assert_eq!(r.status(), 422);
    assert!(r.text().await?.contains("\"state\""));

    // nobody but administrators
    let specialist = api_login(&base, "ntkhanh", support::PASSWORD).await?;
    for path in ["/api/v1/jobs", "/admin/jobs"] {
        let r = http
            .get(format!("{base}{path}"))
            .header("cookie", &specialist.cookie)
            .send()
            .await?;
        assert_eq!(r.status(), 403, "{path}");
    }
    let r = http
        .post(format!("{base}/api/v1/jobs/{id}/retry"))
        .header("cookie", &specialist.cookie)
        .header("x-csrf-token", &specialist.csrf)
        .send()
        .await?;
    assert_eq!(r.status(), 403);

    // the page, in Vietnamese: what the job does, its state and error, a button to run it again
    let page = http
        .get(format!("{base}/admin/jobs?state=failed"))
        .header("cookie", &admin.cookie)
        .send()
        .await?
        .text()
        .await?;
    for seen in [
        "Công việc nền",
        "Gửi thư điện tử",
        "Thất bại",
        "1 / 1",
        "the mail server refused the connection",
        "Chạy lại",
    ] {
        assert!(page.contains(seen), "{seen}");
    }
    assert!(!page.contains("mail.send"));
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let retry = |csrf: String| {
        no_redirects
            .post(format!("{base}/admin/jobs/{id}/retry"))
            .header("cookie", &admin.cookie)
            .form(&[("csrf", csrf)])
            .send()
    };
    let r = retry(admin.csrf.clone()).await?;
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "/admin/jobs?state=queued&done=retried"
    );
    let back = jobs::get(&t.db, id).await?;
    assert_eq!((back.state, back.max_attempts), (JobState::Queued, 2));
    let page = http
        .get(format!("{base}/admin/jobs?state=queued&done=retried"))
        .header("cookie", &admin.cookie)
        .send()
        .await?
        .text()
        .await?;
    assert!(page.contains("Đã đưa công việc trở lại hàng đợi."));
    // twice (another tab): said plainly, nothing changes
    let r = retry(admin.csrf.clone()).await?;
    assert_eq!(r.headers()["location"], "/admin/jobs?done=not_failed");
    // without the form's token: refused
    let r = retry(String::new()).await?;
    assert_eq!(r.status(), 403);
    Ok(())
}
