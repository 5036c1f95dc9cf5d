//! lode's benchmarks, measured for `docs/benchmarks.md`:
//!
//! - `register`: incoming documents registered per second through the HTTP API by concurrent
//!   clients (32 by default), with p50/p99 latency, next to the ceiling it is compared with: a single
//!   SQLite writer committing durable (WAL, `synchronous = FULL`) one-row transactions;
//! - `list`: filtered-list latency (p50/p95) with a million incoming documents stored;
//! - `services`: dossiers submitted per second with 5 MB of documents each, and public tracking
//!   lookups per second with p50/p99 while submissions go on;
//! - `archive-ingest`: catalogue records with a page of text each ingested per second;
//! - `archive-ocr`: scanned pages read per second through lode's jobs (the scan left for
//!   Tesseract to read directly, for comparison);
//! - `coords`: VN-2000 points converted to WGS84 per second, next to PROJ's `cs2cs`;
//! - `cadastre`: an area checked against 100,000 licence polygons and 10 zone layers (p50/p95),
//!   and the OGC API's items page of 1,000 licences (p50/p95) through HTTP.
//!
//! Both run on SQLite (a temporary file) or PostgreSQL (`--postgres URL`, a fresh database).
//! Run in release mode: `cargo run --release -p lode --bin lode-bench -- register`. With
//! `LODE_BENCH_TRACE=1 RUST_LOG=sqlx::query=debug` each statement is logged with its time.

use clap::{Parser, Subcommand};
use lode_db::testkit::TestDb;
use lode_db::{AuditCtx, Backend};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The same allocator as the server's, so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "lode-bench", about = "lode's benchmarks")]
struct Cli {
    /// Run on PostgreSQL (a fresh database on the server of LODE_TEST_POSTGRES) instead of SQLite.
    #[arg(long)]
    postgres: bool,
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Registrations through the API by concurrent clients.
    Register {
        #[arg(long, default_value_t = 32)]
        clients: usize,
        #[arg(long, default_value_t = 6400)]
        documents: usize,
    },
    /// PAdES B-B and B-T (lode's timestamp authority on loopback HTTP) signing and
    /// verification of 100 KB, 1 MB and 10 MB PDFs with RSA-2048 and P-256, next to pyHanko
    /// doing the same (scripts/bench-pyhanko.py) and to SHA-256 speed.
    Sign,
    /// Public services: dossiers submitted through the API with 5 MB of documents each by
    /// concurrent businesses, then tracking lookups (code and telephone) by concurrent
    /// visitors while submissions go on, with p50/p99 latency.
    Services {
        #[arg(long, default_value_t = 8)]
        clients: usize,
        #[arg(long, default_value_t = 64)]
        submissions: usize,
        #[arg(long, default_value_t = 32)]
        lookers: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// The geological archive: catalogue records ingested per second, each with a page of
    /// text, in batches of 500 (a legacy catalogue moved in).
    ArchiveIngest {
        #[arg(long, default_value_t = 20_000)]
        records: usize,
    },
    /// The geological archive: pages read per second through lode's jobs (counted, each
    /// rendered and read by Tesseract, joined), one worker; the scan is left in `--out` for
    /// Tesseract to read directly, for comparison.
    ArchiveOcr {
        #[arg(long, default_value_t = 8)]
        pages: usize,
        #[arg(long, default_value = "/tmp/lode-ocr-bench")]
        out: std::path::PathBuf,
    },
    /// The geological archive: search latency (top 20 ranked, with snippets) over `--pages`
    /// pages of text in records of 100 pages, for a rare word and for common words, p50/p95
    /// over `--repeats` runs of each.
    ArchiveSearch {
        #[arg(long, default_value_t = 1_000_000)]
        pages: usize,
        #[arg(long, default_value_t = 40)]
        repeats: usize,
    },
    /// The cadastre: VN-2000 (TM-3, 105°45′) points converted to WGS84 per second by lode,
    /// read from text and written as text as `cs2cs` reads and writes them, next to `cs2cs`
    /// (PROJ, the same projection and shift) converting the same points.
    Coords {
        #[arg(long, default_value_t = 1_000_000)]
        points: usize,
    },
    /// The cadastre: `--licences` licence polygons and 10 zone layers stored, then `--checks`
    /// areas checked against them (licences, pending applications, zones; p50/p95), then the
    /// OGC API's items page of 1,000 licences read `--repeats` times through HTTP (p50/p95).
    Cadastre {
        #[arg(long, default_value_t = 100_000)]
        licences: usize,
        #[arg(long, default_value_t = 500)]
        checks: usize,
        #[arg(long, default_value_t = 40)]
        repeats: usize,
    },
    /// Filtered-list latency over a large register.
    List {
        #[arg(long, default_value_t = 1_000_000)]
        documents: usize,
        #[arg(long, default_value_t = 40)]
        repeats: usize,
    },
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// A department, its office and a clerk; returns the clerk's actor and the body's id.
async fn organisation(db: &lode_db::Db) -> anyhow::Result<(lode_core::authz::Actor, i64)> {
    use lode_db::accounts::{self, NewStaff};
    use lode_db::units::{self, NewUnit};
    let sys = AuditCtx::system("bench");
    let dept = units::create(
        db,
        &sys,
        &NewUnit {
            parent_id: None,
            org_id: "000.00.27.G12".into(),
            name: "Cục Địa chất và Khoáng sản Việt Nam".into(),
            abbreviation: "ĐCKS".into(),
            kind: "department".into(),
        },
    )
    .await?;
    let office = units::create(
        db,
        &sys,
        &NewUnit {
            parent_id: Some(dept.id),
            org_id: "000.01.27.G12".into(),
            name: "Văn phòng Cục".into(),
            abbreviation: "VP".into(),
            kind: "office".into(),
        },
    )
    .await?;
    for (i, kind) in ["sub_department", "sub_department", "centre", "federation"]
        .iter()
        .enumerate()
    {
        units::create(
            db,
            &sys,
            &NewUnit {
                parent_id: Some(dept.id),
                org_id: format!("000.{:02}.27.G12", i + 5),
                name: format!("Đơn vị {i}"),
                abbreviation: format!("DV{i}"),
                kind: (*kind).into(),
            },
        )
        .await?;
    }
    let clerk = accounts::create_staff(
        db,
        &sys,
        &NewStaff {
            username: "vanthu".into(),
            full_name: "Nguyễn Thị Thu Hà".into(),
            unit_id: office.id,
            roles: vec!["clerk".into()],
            password: "Bench-mark-2026".into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    Ok((clerk.actor(), dept.id))
}

/// lode's web application on a loopback port over the store `t`; its base address.
async fn serve(t: &TestDb) -> anyhow::Result<String> {
    serve_with(
        t,
        vec![
            lode_eoffice::web::capability(),
            lode_services::web::capability(),
        ],
    )
    .await
}

/// The server with `capabilities` mounted, on a free port of loopback.
async fn serve_with(t: &TestDb, capabilities: Vec<lode_web::Capability>) -> anyhow::Result<String> {
    let blobs =
        lode_db::blobs::Blobs::open(&lode_db::blobs::BlobConfig::Local(t.dir.join("files")))?;
    let state = Arc::new(lode_web::AppState {
        db: t.db.clone(),
        blobs,
        config: lode_web::WebConfig {
            secure_cookies: false,
            ..Default::default()
        },
        trust: Vec::new(),
        services: Default::default(),
        settings: Default::default(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = lode_web::router(state, capabilities);
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    Ok(base)
}

async fn register(t: &TestDb, clients: usize, documents: usize) -> anyhow::Result<()> {
    organisation(&t.db).await?;
    let base = serve(t).await?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    // Sign in once to issue an API token; the clients use the token, as programs do.
    let (set_cookie, csrf) = sign_in(&http, &base, "vanthu").await?;
    let token: serde_json::Value = http
        .post(format!("{base}/api/v1/me/tokens"))
        .header("cookie", &set_cookie)
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"name": "bench"}))
        .send()
        .await?
        .json()
        .await?;
    let bearer = format!("Bearer {}", token["token"].as_str().unwrap_or_default());
    let upload: serde_json::Value = http
        .post(format!("{base}/api/v1/files"))
        .header("authorization", &bearer)
        .header("content-type", "application/pdf")
        .body(lode_db::demo::sample_pdf(&["Cong van"]))
        .send()
        .await?
        .json()
        .await?;
    let sha = upload["sha256"].as_str().unwrap_or_default().to_string();
    let today = lode_db::today().to_string();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, base, bearer, sha, today, next) = (
            http.clone(),
            base.clone(),
            bearer.clone(),
            sha.clone(),
            today.clone(),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= documents {
                    break;
                }
                let body = serde_json::json!({
                    "channel": "electronic", "issuer": "Bộ Nông nghiệp và Môi trường",
                    "notation": format!("{}/BNNMT-ĐCKS", i + 1), "document_date": today, "received_on": today,
                    "type_code": "CV", "subject": "V/v báo cáo tình hình cấp phép thăm dò, khai thác khoáng sản",
                    "file_sha256": sha,
                });
                let t0 = Instant::now();
                let r = http.post(format!("{base}/api/v1/incoming")).header("authorization", &bearer).json(&body).send().await?;
                anyhow::ensure!(r.status() == 201, "{}", r.text().await?);
                let _ = r.bytes().await?;
                latencies.push(t0.elapsed());
            }
            Ok::<_, anyhow::Error>(latencies)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let elapsed = started.elapsed();
    all.sort();
    println!(
        "registrations: {} by {clients} clients in {:.2} s = {:.0} per second; p50 {}, p99 {}",
        all.len(),
        elapsed.as_secs_f64(),
        all.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&all, 0.50)),
        ms(percentile(&all, 0.99)),
    );
    // The reference: one writer committing one-row durable transactions as fast as it can.
    sqlx::query("CREATE TABLE bench_ceiling (id BIGINT PRIMARY KEY, v TEXT NOT NULL)")
        .execute(t.db.pool())
        .await?;
    let n = 5000;
    let started = Instant::now();
    for i in 0..n {
        let mut tx = t.db.write().await?;
        sqlx::query("INSERT INTO bench_ceiling (id, v) VALUES ($1, $2)")
            .bind(i64::from(i))
            .bind("x")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let elapsed = started.elapsed();
    println!(
        "reference: {n} one-row durable transactions by one writer = {:.0} per second",
        f64::from(n) / elapsed.as_secs_f64()
    );
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM incoming_documents")
        .fetch_one(t.db.pool())
        .await?;
    let (max,): (i64,) = sqlx::query_as("SELECT MAX(arrival_number) FROM incoming_documents")
        .fetch_one(t.db.pool())
        .await?;
    anyhow::ensure!(
        count == max && count as usize == documents,
        "numbers must be gapless: {count} rows, highest {max}"
    );
    Ok(())
}

/// Writes `n` incoming documents straight into the tables (the benchmark is about reading):
/// realistic spreads of dates, statuses, types, urgency and units, numbered without gaps.
async fn fill(db: &lode_db::Db, body: i64, clerk: i64, n: usize) -> anyhow::Result<()> {
    let units: Vec<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE parent_id IS NOT NULL")
        .fetch_all(db.pool())
        .await?;
    let types = ["CV", "CV", "CV", "QĐ", "TB", "GM", "BC", "KH"];
    let statuses = [
        "completed",
        "completed",
        "completed",
        "assigned",
        "routed",
        "registered",
    ];
    let urgencies = [
        "normal",
        "normal",
        "normal",
        "urgent",
        "very_urgent",
        "most_urgent",
    ];
    let subjects = [
        "V/v báo cáo tình hình cấp phép thăm dò, khai thác khoáng sản",
        "Quyết định phê duyệt đề án thăm dò quặng đồng",
        "Thông báo kết luận về công tác quản lý khoáng sản",
        "V/v hướng dẫn thu tiền cấp quyền khai thác khoáng sản",
        "Kế hoạch điều tra địa chất khoáng sản biển",
    ];
    // most letters from the ministry, the rest from the provinces' departments: a register's
    // issuers are a few bodies writing often and many writing now and then
    let provinces = [
        "Lào Cai",
        "Yên Bái",
        "Hà Giang",
        "Cao Bằng",
        "Lạng Sơn",
        "Thái Nguyên",
        "Tuyên Quang",
        "Quảng Ninh",
        "Thanh Hóa",
        "Nghệ An",
        "Hà Tĩnh",
        "Quảng Nam",
        "Quảng Ngãi",
        "Bình Định",
        "Lâm Đồng",
        "Đắk Nông",
        "Bình Thuận",
        "Bà Rịa - Vũng Tàu",
        "Kiên Giang",
        "Sơn La",
    ];
    let issuers: Vec<String> = std::iter::once("Bộ Nông nghiệp và Môi trường".to_string())
        .chain(
            provinces
                .iter()
                .map(|p| format!("Sở Nông nghiệp và Môi trường tỉnh {p}")),
        )
        .collect();
    let batch = 500;
    let started = Instant::now();
    let mut done = 0;
    while done < n {
        let rows = batch.min(n - done);
        let mut sql = String::from(
            "INSERT INTO incoming_documents (register_unit_id, register, year, arrival_number, received_on, channel, issuer,
             notation, document_date, type_code, subject, urgency, urgency_rank, secrecy, search_key, duplicate_key, status,
             lead_unit_id, deadline, registered_by, registered_at, version) VALUES ",
        );
        for r in 0..rows {
            let i = done + r;
            let year = 2017 + (i / 100_000) as i64;
            let number = (i % 100_000) as i64 + 1;
            let day = chrono::NaiveDate::from_ymd_opt(year as i32, 1, 1).unwrap_or_default()
                + chrono::Duration::days(number * 365 / 100_001);
            let subject = subjects[i % subjects.len()];
            let notation = format!("{}/{}-BNNMT", number, types[i % types.len()]);
            let status = statuses[i % statuses.len()];
            let urgency = urgencies[i % urgencies.len()];
            let lead = if status == "registered" {
                "NULL".to_string()
            } else {
                units[i % units.len()].0.to_string()
            };
            let deadline = day + chrono::Duration::days(15);
            // half from the ministry, the other half spread over the provinces
            let issuer = if i % 2 == 0 {
                &issuers[0]
            } else {
                &issuers[1 + (i / 2) % provinces.len()]
            };
            // as registration writes it: the folded issuer and notation, and the date
            let dup = format!(
                "{}|{}|{day}",
                lode_core::text::fold(issuer),
                lode_core::text::fold(&notation)
            );
            if r > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "({body}, 'regular', {year}, {number}, '{day}', 'electronic', '{issuer}', '{notation}', '{day}', '{ty}', '{subject}', '{urgency}', {rank}, 'none', '{key}', '{dup}', '{status}', {lead}, '{deadline}', {clerk}, '{day}T08:00:00.000000Z', 1)",
                ty = types[i % types.len()],
                rank = urgencies.iter().position(|u| *u == urgency).unwrap_or(0),
                key = lode_core::text::fold(&format!("{subject} {notation} {issuer}")),
            ));
        }
        let mut tx = db.write().await?;
        sqlx::query(&sql).execute(&mut *tx).await?;
        tx.commit().await?;
        done += rows;
    }
    // written past registration, the senders are counted as lode counts them on arrival
    lode_eoffice::incoming::count_issuers_again(db).await?;
    println!(
        "filled {n} documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn list(t: &TestDb, documents: usize, repeats: usize) -> anyhow::Result<()> {
    let (clerk, body) = organisation(&t.db).await?;
    fill(&t.db, body, clerk.account_id, documents).await?;
    sqlx::query("ANALYZE").execute(t.db.pool()).await?;
    let lead: (i64,) = sqlx::query_as("SELECT MIN(id) FROM units WHERE parent_id IS NOT NULL")
        .fetch_one(t.db.pool())
        .await?;
    let deep_key = i64::try_from(documents / 2).unwrap_or(1);
    let cases: Vec<(&str, lode_eoffice::incoming::Filter)> = vec![
        ("newest page, no filter", Default::default()),
        (
            "status = assigned",
            lode_eoffice::incoming::Filter {
                status: Some("assigned".into()),
                ..Default::default()
            },
        ),
        (
            "year 2020, type QĐ",
            lode_eoffice::incoming::Filter {
                year: Some(2020),
                type_code: Some("QĐ".into()),
                ..Default::default()
            },
        ),
        (
            "lead unit, urgent",
            lode_eoffice::incoming::Filter {
                lead_unit_id: Some(lead.0),
                urgency: Some("urgent".into()),
                ..Default::default()
            },
        ),
        (
            "received in one week",
            lode_eoffice::incoming::Filter {
                from: Some("2021-03-01".into()),
                to: Some("2021-03-07".into()),
                ..Default::default()
            },
        ),
        (
            "a page deep in the register",
            lode_eoffice::incoming::Filter {
                before: Some(deep_key),
                ..Default::default()
            },
        ),
        (
            "page 100, numbered",
            lode_eoffice::incoming::Filter {
                page: Some(100),
                ..Default::default()
            },
        ),
        (
            "ordered by deadline, soonest first",
            lode_eoffice::incoming::Filter {
                sort: Some("deadline".into()),
                ..Default::default()
            },
        ),
        (
            "ordered by day received, earliest",
            lode_eoffice::incoming::Filter {
                sort: Some("received".into()),
                ..Default::default()
            },
        ),
        (
            "status assigned, by deadline",
            lode_eoffice::incoming::Filter {
                status: Some("assigned".into()),
                sort: Some("deadline".into()),
                ..Default::default()
            },
        ),
        (
            "issuer 'lao cai' (one in 40)",
            lode_eoffice::incoming::Filter {
                issuer: Some("lao cai".into()),
                ..Default::default()
            },
        ),
        (
            "issuer 'lao cai', year 2020",
            lode_eoffice::incoming::Filter {
                issuer: Some("lao cai".into()),
                year: Some(2020),
                ..Default::default()
            },
        ),
        (
            "issuer no document has",
            lode_eoffice::incoming::Filter {
                issuer: Some("ha noi".into()),
                ..Default::default()
            },
        ),
        (
            "search 'dong' (diacritics off)",
            lode_eoffice::incoming::Filter {
                q: Some("quang dong".into()),
                ..Default::default()
            },
        ),
        (
            "search a notation",
            lode_eoffice::incoming::Filter {
                q: Some("780/qđ-bnnmt".into()),
                ..Default::default()
            },
        ),
        (
            "search a word no document has",
            lode_eoffice::incoming::Filter {
                q: Some("vàng sa khoáng".into()),
                ..Default::default()
            },
        ),
    ];
    // The senders the clerk's issuer filter offers.
    let mut times = Vec::new();
    for _ in 0..repeats {
        let t0 = Instant::now();
        lode_eoffice::incoming::issuers(&t.db, body, 300).await?;
        times.push(t0.elapsed());
    }
    times.sort();
    println!(
        "{:<34} {:>3}       p50 {:>10}  p95 {:>10}",
        "the issuer filter's choices",
        "",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95))
    );
    // What every page computes for its navigation.
    let mut times = Vec::new();
    for _ in 0..repeats {
        let t0 = Instant::now();
        lode_eoffice::incoming::waiting_counts(&t.db, &clerk).await?;
        times.push(t0.elapsed());
    }
    times.sort();
    println!(
        "{:<34} {:>3}       p50 {:>10}  p95 {:>10}",
        "work counts of the navigation",
        "",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95))
    );
    for (name, filter) in cases {
        let mut times = Vec::new();
        let mut items = 0;
        let mut total = None;
        for _ in 0..repeats {
            let t0 = Instant::now();
            let page = lode_eoffice::incoming::list(&t.db, &clerk, &filter).await?;
            times.push(t0.elapsed());
            items = page.items.len();
            total = page.total;
        }
        times.sort();
        let total = total.map_or_else(
            || "not counted".to_string(),
            |t| format!("{}{}", if t.more { ">" } else { "" }, t.count),
        );
        println!(
            "{name:<34} {items:>3} rows of {total:>7}  p50 {:>10}  p95 {:>10}",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95))
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if std::env::var_os("LODE_BENCH_TRACE").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .init();
    }
    if let What::Sign = cli.what {
        return sign_bench().await;
    }
    if let What::Coords { points } = cli.what {
        return coords_bench(points);
    }
    let backend = if cli.postgres {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    let t = TestDb::fresh(backend).await?;
    println!("backend: {backend:?}");
    match cli.what {
        What::Register { clients, documents } => register(&t, clients, documents).await,
        What::List { documents, repeats } => list(&t, documents, repeats).await,
        What::Services {
            clients,
            submissions,
            lookers,
            seconds,
        } => services(&t, clients, submissions, lookers, seconds).await,
        What::Sign | What::Coords { .. } => Ok(()),
        What::ArchiveIngest { records } => archive_ingest(&t, records).await,
        What::Cadastre {
            licences,
            checks,
            repeats,
        } => cadastre(&t, licences, checks, repeats).await,
        What::ArchiveOcr { pages, out } => archive_ocr(&t, pages, &out).await,
        What::ArchiveSearch { pages, repeats } => {
            let done = archive_search(&t, pages, repeats).await;
            // kept to look into the engine's plans
            if std::env::var("LODE_BENCH_KEEP").is_ok() {
                println!("kept: {}", t.url);
                std::mem::forget(t);
            }
            done
        }
    }
}

/// `records` catalogue records (the demo's entries under numbers of their own), ingested
/// through the catalogue's import in batches of 500, each with the page of text `page_of`
/// gives it and one stored scan: how many were taken.
async fn ingest_records(
    t: &TestDb,
    records: usize,
    mut page_of: impl FnMut(usize) -> String,
) -> anyhow::Result<usize> {
    use lode_archive::transfer::{Legacy, ingest};
    let db = &t.db;
    let ctx = AuditCtx::system("bench");
    let blobs =
        lode_db::blobs::Blobs::open(&lode_db::blobs::BlobConfig::Local(t.dir.join("files")))?;
    let scan = lode_db::demo::sample_pdf(&["Bao cao tham do"]);
    let size = scan.len();
    let sha = blobs.put(bytes::Bytes::from(scan)).await?;
    let mut tx = db.write().await?;
    lode_db::blobs::record(&mut tx, &sha, size, "application/pdf").await?;
    tx.commit().await?;
    let today = lode_archive::today();
    let mut done = 0;
    while done < records {
        let batch: Vec<Legacy> = (done..(done + 500).min(records))
            .map(|i| {
                let mut input = lode_archive::demo::record(i % lode_archive::demo::RECORDS);
                input.archive_number = format!("BENCH-{i:07}");
                let entry = input
                    .parse(today)
                    .map_err(|e| anyhow::anyhow!("record {i}: {e}"))?;
                Ok(Legacy {
                    entry,
                    page_text: page_of(i),
                    scan_sha256: sha.clone(),
                })
            })
            .collect::<anyhow::Result<_>>()?;
        done += ingest(db, &ctx, &batch).await?;
    }
    Ok(done)
}

/// Records with a page of text each, ingested in batches of 500.
async fn archive_ingest(t: &TestDb, records: usize) -> anyhow::Result<()> {
    let page = lode_archive::scans::report_pages("Sin Quyền", "Lào Cai", "đồng", 3)
        .iter()
        .map(|p| p.words())
        .collect::<Vec<_>>()
        .join(" ");
    let started = Instant::now();
    let done = ingest_records(t, records, |i| format!("{page} Trang {i}.")).await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "archive ingest: {done} records with a page of text each in {secs:.2} s: {:.0} records/s",
        done as f64 / secs
    );
    Ok(())
}

/// A page of a survey report's text, made up from Vietnamese syllables drawn with a skewed
/// distribution (a few very common, most rare), about `words` of them, with a sentence about
/// the geology that every page has.
struct PageWriter {
    state: u64,
    syllables: Vec<String>,
}

impl PageWriter {
    fn new(seed: u64) -> Self {
        let onsets = [
            "", "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "nh",
            "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
        ];
        let rimes = [
            "a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "âm", "ân", "ât", "âu", "e",
            "em", "en", "eo", "ê", "ênh", "êu", "i", "ia", "ich", "iêm", "iên", "inh", "o", "oa",
            "oan", "oc", "oi", "om", "on", "ong", "ô", "ôi", "ông", "ơ", "ơi", "ơn", "u", "ua",
            "uc", "ui", "um", "un", "ung", "uôc", "uông", "ư", "ưa", "ưng", "ươc", "ương", "uy",
            "uyên", "y",
        ];
        let mut syllables = Vec::new();
        for o in onsets {
            for r in rimes {
                syllables.push(format!("{o}{r}"));
            }
        }
        Self {
            state: seed | 1,
            syllables,
        }
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A syllable, the low ranks far more often than the high (about Zipf's law).
    fn syllable(&mut self) -> &str {
        let n = self.syllables.len() as f64;
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let rank = (n.powf(u) - 1.0).max(0.0) as usize;
        &self.syllables[rank.min(self.syllables.len() - 1)]
    }

    fn page(&mut self, record: usize, seq: usize, words: usize) -> String {
        let mut out = format!(
            "Báo cáo địa chất khu vực số {record}, trang {seq}. Đặc điểm địa chất và khoáng sản."
        );
        for i in 0..words {
            out.push(if i % 12 == 0 { '.' } else { ' ' });
            out.push(' ');
            let s = self.syllable().to_string();
            out.push_str(&s);
        }
        out
    }
}

/// Search latency over `pages` pages of text: the catalogue made of records of 100 pages
/// each (the demo's entries), their pages written straight into the tables in batches, the
/// index built as they are written; then rare and common words searched.
async fn archive_search(t: &TestDb, pages: usize, repeats: usize) -> anyhow::Result<()> {
    const PAGES_EACH: usize = 100;
    const RARE: &str = "molipđenit";
    let db = &t.db;
    let records = pages.div_ceil(PAGES_EACH);
    let mut writer = PageWriter::new(20261205);
    let started = Instant::now();
    // the records, each with its first page, through the catalogue's own import
    ingest_records(t, records, |i| writer.page(i, 1, 110)).await?;
    // the other pages of each record, in the record's one file
    let files: Vec<(i64, i64)> =
        sqlx::query_as("SELECT record_id, id FROM archive_files ORDER BY record_id")
            .fetch_all(db.pool())
            .await?;
    let mut rare_left = 3;
    let mut written = files.len();
    for chunk in files.chunks(20) {
        let mut tx = db.write().await?;
        for (record, file) in chunk {
            let mut page_rows = Vec::new();
            for seq in 2..=PAGES_EACH {
                if written >= pages {
                    break;
                }
                let mut text = writer.page(*record as usize, seq, 110);
                // three pages of the whole archive name the rare mineral
                if rare_left > 0 && seq == 50 && (*record as usize) % 97 == 7 {
                    text.push_str(&format!(" Gặp khoáng vật {RARE} trong đới biến đổi."));
                    rare_left -= 1;
                }
                page_rows.push((seq as i64, text));
                written += 1;
            }
            for rows in page_rows.chunks(100) {
                let mut sql = String::from(
                    "INSERT INTO archive_pages (record_id, file_id, page_no, seq, ocr_text, ocr_at) VALUES ",
                );
                let marks: Vec<String> = (0..rows.len())
                    .map(|i| {
                        let b = i * 6;
                        format!(
                            "(${}, ${}, ${}, ${}, ${}, ${})",
                            b + 1,
                            b + 2,
                            b + 3,
                            b + 4,
                            b + 5,
                            b + 6
                        )
                    })
                    .collect();
                sql.push_str(&marks.join(", "));
                sql.push_str(" RETURNING id");
                let mut q = sqlx::query(&sql);
                let at = lode_db::now();
                for (seq, text) in rows {
                    q = q
                        .bind(*record)
                        .bind(*file)
                        .bind(*seq)
                        .bind(*seq)
                        .bind(text.as_str())
                        .bind(at.clone());
                }
                let ids = q.fetch_all(&mut *tx).await?;
                let mut sql =
                    String::from("INSERT INTO archive_texts (record_id, page_id, folded) VALUES ");
                let marks: Vec<String> = (0..rows.len())
                    .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
                    .collect();
                sql.push_str(&marks.join(", "));
                let folded: Vec<String> =
                    rows.iter().map(|(_, t)| lode_core::text::fold(t)).collect();
                let mut q = sqlx::query(&sql);
                for (row, f) in ids.iter().zip(&folded) {
                    use sqlx::Row as _;
                    q = q
                        .bind(*record)
                        .bind(row.try_get::<i64, _>(0)?)
                        .bind(f.as_str());
                }
                q.execute(&mut *tx).await?;
            }
            sqlx::query(
                "UPDATE archive_records SET page_count = $1, text_pages = $1 WHERE id = $2",
            )
            .bind(PAGES_EACH as i64)
            .bind(*record)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    if db.backend() == Backend::Postgres {
        // as the autovacuum leaves a table after a load: searched in a steady state
        sqlx::query("VACUUM ANALYZE").execute(db.pool()).await?;
    }
    // a copy of what was searched, to look into the engine's plans
    if let (Ok(copy), Backend::Sqlite) = (std::env::var("LODE_BENCH_COPY"), db.backend()) {
        sqlx::query(&format!("VACUUM INTO '{}'", copy.replace('\'', "")))
            .execute(db.pool())
            .await?;
    }
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM archive_texts")
        .fetch_one(db.pool())
        .await?;
    println!(
        "archive search: {records} records, {count} texts (entries and pages) written and indexed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    // the archive's own staff, who may read every page
    let reader = lode_archive::domain::Reader {
        staff: true,
        archivist: true,
        leader: false,
        clearance: lode_core::people::Clearance::Secret,
    };
    for (label, q) in [
        ("rare word", RARE.to_string()),
        ("common word", "địa chất".to_string()),
        ("common phrase", "\"đặc điểm địa chất\"".to_string()),
    ] {
        let filter = lode_archive::search::Filter {
            q: Some(q.clone()),
            ..Default::default()
        }
        .check()
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..repeats {
            let t0 = Instant::now();
            let r = lode_archive::search::search(db, reader, &filter).await?;
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
            found = r.hits.len();
        }
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!(
            "  {label} ({q}): {found} hits shown, p50 {:.1} ms, p95 {:.1} ms",
            at(0.5),
            at(0.95)
        );
    }
    Ok(())
}

/// VN-2000 points converted per second, by lode and by `cs2cs`, on the same text.
fn coords_bench(points: usize) -> anyhow::Result<()> {
    use lode_cadastre::geodesy::{PlanePoint, Projection, Zone};
    use std::io::Write;
    // points spread over the zone of 105°45′: eastings then northings, as cs2cs reads them
    let mut text = String::with_capacity(points * 32);
    for i in 0..points {
        let (a, b) = ((i % 1000) as f64, (i / 1000 % 1000) as f64);
        text.push_str(&format!(
            "{:.3} {:.3}\n",
            360_000.0 + a * 280.0,
            950_000.0 + b * 1_650.0
        ));
    }
    let dir = std::env::temp_dir().join(format!("lode-coords-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let input = dir.join("points.txt");
    std::fs::write(&input, &text)?;
    // lode: the lines read, each point converted, written back with nine decimals
    let proj = Projection {
        meridian: 105.75,
        zone: Zone::Three,
    };
    let started = Instant::now();
    let mut out = String::with_capacity(points * 40);
    for line in text.lines() {
        let mut it = line.split_ascii_whitespace().map(str::parse::<f64>);
        if let (Some(Ok(e)), Some(Ok(n))) = (it.next(), it.next()) {
            let g = proj.to_wgs84(PlanePoint { x: n, y: e });
            out.push_str(&format!("{:.9}\t{:.9}\n", g.lon, g.lat));
        }
    }
    std::fs::write(dir.join("lode.txt"), &out)?;
    let lode = started.elapsed();
    // cs2cs on the same file, with the same transformation: EPSG:9210 to EPSG:4326 would let
    // PROJ choose, per point, a local one for the Mekong delta's oil blocks
    let started = Instant::now();
    let run = std::process::Command::new("cs2cs")
        .args(["-f", "%.9f"])
        .args(
            "+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 \
             +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 \
             +to +proj=longlat +datum=WGS84"
                .split_whitespace(),
        )
        .stdin(std::fs::File::open(&input)?)
        .stdout(std::fs::File::create(dir.join("cs2cs.txt"))?)
        .status()?;
    let proj_time = started.elapsed();
    anyhow::ensure!(run.success(), "cs2cs failed (Debian proj-bin)");
    // the two answers agree
    let theirs = std::fs::read_to_string(dir.join("cs2cs.txt"))?;
    anyhow::ensure!(
        theirs.lines().count() == points && out.lines().count() == points,
        "a point went missing"
    );
    let mut worst = 0.0f64;
    for (a, b) in out.lines().zip(theirs.lines()) {
        let nums = |l: &str| -> Vec<f64> {
            l.split_whitespace()
                .take(2)
                .filter_map(|n| n.parse().ok())
                .collect()
        };
        let (x, y) = (nums(a), nums(b));
        anyhow::ensure!(x.len() == 2 && y.len() == 2, "unconverted: {a} / {b}");
        worst = worst.max((x[0] - y[0]).abs()).max((x[1] - y[1]).abs());
    }
    let _ = std::fs::remove_dir_all(&dir);
    let rate = |d: Duration| points as f64 / d.as_secs_f64();
    println!(
        "{points} points, VN-2000 TM-3 105°45′ to WGS84, text in and out; at most {worst:.1e}° apart"
    );
    println!(
        "lode:  {:.2} s, {:.0} points/s",
        lode.as_secs_f64(),
        rate(lode)
    );
    println!(
        "cs2cs: {:.2} s, {:.0} points/s",
        proj_time.as_secs_f64(),
        rate(proj_time)
    );
    println!(
        "ratio (lode / cs2cs, points per second): {:.2}",
        rate(lode) / rate(proj_time)
    );
    let _ = std::io::stdout().flush();
    Ok(())
}

/// Pages read per second through lode's jobs, one worker.
async fn archive_ocr(t: &TestDb, pages: usize, out: &std::path::Path) -> anyhow::Result<()> {
    let db = &t.db;
    let blobs =
        lode_db::blobs::Blobs::open(&lode_db::blobs::BlobConfig::Local(t.dir.join("files")))?;
    let text = lode_archive::scans::report_pages("Sin Quyền", "Lào Cai", "đồng", pages);
    let tiff = lode_archive::scans::scan(&text).await?;
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("scan.tif"), &tiff)?;
    organisation(db).await?;
    let keeper = lode_db::accounts::create_staff(
        db,
        &AuditCtx::system("bench"),
        &lode_db::accounts::NewStaff {
            username: "tthuong".into(),
            full_name: "Trần Thị Thương".into(),
            unit_id: lode_db::units::root_id(db).await?,
            roles: vec!["archivist".into()],
            password: "Mật khẩu 2026!".into(),
            ..Default::default()
        },
    )
    .await?;
    let reader = lode_archive::domain::Reader::of(Some(&keeper.actor()));
    let ctx = AuditCtx::system("bench");
    let input = lode_archive::demo::record(0);
    let rec =
        lode_archive::catalogue::create(db, &ctx, reader, &input, lode_archive::today()).await?;
    let size = tiff.len();
    let sha = blobs.put(bytes::Bytes::from(tiff)).await?;
    let mut tx = db.write().await?;
    lode_db::blobs::record(&mut tx, &sha, size, "image/tiff").await?;
    tx.commit().await?;
    let started = Instant::now();
    lode_archive::digitise::add_file(db, &ctx, reader, rec.id, &sha, "scan.tif", "image/tiff")
        .await?;
    while let Some(job) = lode_db::jobs::claim(
        db,
        "bench",
        lode_archive::digitise::JOB_KINDS,
        Duration::from_secs(600),
    )
    .await?
    {
        lode_archive::digitise::run(db, &blobs, &job).await?;
        lode_db::jobs::complete(db, &job).await?;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "archive OCR through lode: {pages} pages in {secs:.2} s: {:.3} pages/s (scan left at {})",
        pages as f64 / secs,
        out.join("scan.tif").display()
    );
    Ok(())
}

/// How many times a second `f` runs (at least 3 runs, about 1.5 s, at most 500).
fn per_second(mut f: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut n = 0u32;
    while n < 500 && (n < 3 || started.elapsed() < Duration::from_millis(1500)) {
        f()?;
        n += 1;
    }
    Ok(f64::from(n) / started.elapsed().as_secs_f64())
}

/// A PDF of about `size` bytes: a short official document, then incompressible data in an
/// incremental update (what a scanned attachment weighs).
fn pdf_of_size(size: usize) -> anyhow::Result<Vec<u8>> {
    let base = lode_print::render(&lode_print::Document {
        title: "Quyết định".into(),
        author: "lode-bench".into(),
        orientation: lode_print::Orientation::Portrait,
        blocks: vec![lode_print::Block::Paragraph(
            "Phê duyệt trữ lượng khoáng sản.".into(),
        )],
    })?;
    let doc = lode_sign::Document::parse(&base)?;
    let mut up = lode_sign::update::Update::new(&doc);
    let pad = up.allocate();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let bytes: Vec<u8> = (0..size.saturating_sub(base.len()))
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    up.put(
        pad,
        lode_sign::update::NewObject::Stream(Default::default(), bytes),
    );
    Ok(up.write(&[])?)
}

/// lode's timestamp authority alone on a loopback port: what both lode and pyHanko ask for
/// B-T in the benchmark.
async fn serve_tsa(dir: &std::path::Path) -> anyhow::Result<String> {
    let store = lode_sign::pki::Store::init(&dir.join("ca"), "lode-bench", None)?;
    let tsa = std::sync::Arc::new(lode_sign::tsp::Authority {
        signer: store.issue(
            "lode-bench TSA",
            "lode-bench",
            lode_sign::ca::Purpose::Timestamping,
            "tsa",
        )?,
        policy: lode_sign::tsp::LODE_POLICY,
    });
    let serial = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(1));
    let app = axum::Router::new().route(
        "/tsa",
        axum::routing::post(move |body: bytes::Bytes| {
            let (tsa, serial) = (tsa.clone(), serial.clone());
            async move {
                let n = serial.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                (
                    [(axum::http::header::CONTENT_TYPE, lode_sign::tsp::REPLY_MIME)],
                    tsa.respond(&body, std::time::SystemTime::now(), &n.to_be_bytes()),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/tsa", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

async fn sign_bench() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lode-bench-sign-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let tsa_url = serve_tsa(&dir).await?;
    let client = lode_web::pki::client()?;
    let handle = tokio::runtime::Handle::current();
    let stamp = |imprint: &[u8; 32]| {
        tokio::task::block_in_place(|| {
            handle
                .block_on(lode_web::pki::timestamp(&client, &tsa_url, imprint))
                .map_err(|e| lode_sign::PdfError::Unsupported(e.to_string()))
        })
    };
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    for (name, args) in [
        ("rsa", vec!["-newkey", "rsa:2048"]),
        (
            "p256",
            vec!["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ),
    ] {
        let out = std::process::Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=lode-bench",
            ])
            .args(&args)
            .args([
                "-keyout",
                &p(&format!("{name}.key")),
                "-out",
                &p(&format!("{name}.crt")),
            ])
            .output()?;
        anyhow::ensure!(out.status.success(), "openssl failed");
    }
    let sizes = [
        ("100k", 100 * 1024),
        ("1m", 1024 * 1024),
        ("10m", 10 * 1024 * 1024),
    ];
    for (name, size) in sizes {
        std::fs::write(p(&format!("{name}.pdf")), pdf_of_size(size)?)?;
    }
    // SHA-256 over 10 MB: the hashing limit every signature and verification pays
    let ten = std::fs::read(p("10m.pdf"))?;
    let started = Instant::now();
    let mut h = 0u8;
    for _ in 0..10 {
        use sha2::Digest;
        h ^= sha2::Sha256::digest(&ten)[0];
    }
    let gbps = (ten.len() * 10) as f64 / started.elapsed().as_secs_f64() / 1e9;
    println!("sha-256: {gbps:.2} GB/s (check byte {h})");
    println!(
        "{:<6} {:<5} {:>12} {:>12} {:>12} {:>12}",
        "file", "key", "B-B sign/s", "verify/s", "B-T sign/s", "verify/s"
    );
    for key in ["rsa", "p256"] {
        let signer = lode_sign::signer::Signer::from_pem(
            &std::fs::read_to_string(p(&format!("{key}.key")))?,
            &std::fs::read_to_string(p(&format!("{key}.crt")))?,
        )?;
        for (name, _) in sizes {
            let data = std::fs::read(p(&format!("{name}.pdf")))?;
            let spec = lode_sign::field::FieldSpec {
                name: "Sig1".into(),
                time: lode_sign::pdf_date(std::time::SystemTime::now()),
                reason: None,
                location: None,
                contents_size: lode_sign::field::DEFAULT_CONTENTS,
            };
            let signed = lode_sign::cms::sign_pdf(&data, &signer, &spec)?;
            let sign = per_second(|| {
                lode_sign::cms::sign_pdf(&data, &signer, &spec)?;
                Ok(())
            })?;
            let verify = per_second(|| {
                let r = lode_sign::verify::verify(&signed)?;
                anyhow::ensure!(r.len() == 1 && r[0].valid(), "not valid");
                Ok(())
            })?;
            let stamped = lode_sign::cms::sign_pdf_with(&data, &signer, &spec, Some(&stamp))?;
            let sign_t = per_second(|| {
                lode_sign::cms::sign_pdf_with(&data, &signer, &spec, Some(&stamp))?;
                Ok(())
            })?;
            let verify_t = per_second(|| {
                let r = lode_sign::verify::verify(&stamped)?;
                anyhow::ensure!(
                    r.len() == 1 && r[0].valid() && r[0].level() == "B-T",
                    "not valid"
                );
                Ok(())
            })?;
            println!(
                "{name:<6} {key:<5} {sign:>12.1} {verify:>12.1} {sign_t:>12.1} {verify_t:>12.1}"
            );
        }
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/bench-pyhanko.py"
    );
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/python");
    println!("pyHanko (same files and keys, scripts/bench-pyhanko.py):");
    let out = tokio::process::Command::new(python)
        .arg(script)
        .arg(&dir)
        .arg(&tsa_url)
        .output()
        .await?;
    print!("{}", String::from_utf8_lossy(&out.stdout));
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// A business with a confirmed account, signed in: its cookie and CSRF token.
async fn business_session(
    db: &lode_db::Db,
    http: &reqwest::Client,
    base: &str,
    n: usize,
) -> anyhow::Result<(String, String)> {
    let username = format!("dn{n}");
    lode_db::accounts::create_external(
        db,
        &AuditCtx::system("bench"),
        &lode_db::accounts::NewExternal {
            kind: "business".into(),
            username: username.clone(),
            full_name: format!("Người đại diện {n}"),
            email: format!("dn{n}@example.vn"),
            phone: Some("0912345678".into()),
            organisation_name: Some(format!("Công ty Khoáng sản số {n}")),
            tax_code: Some("0102345677".into()),
            address: None,
            representative: None,
            password: "Bench-mark-2026".into(),
        },
    )
    .await?;
    sign_in(http, base, &username).await
}

/// Signs `username` in (the benchmark's password): the session cookie and the CSRF token.
async fn sign_in(
    http: &reqwest::Client,
    base: &str,
    username: &str,
) -> anyhow::Result<(String, String)> {
    let r = http
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": username, "password": "Bench-mark-2026"}))
        .send()
        .await?;
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .to_string();
    let csrf = r.json::<serde_json::Value>().await?["csrf_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Ok((cookie, csrf))
}

/// One dossier of the consultation procedure through the API: the draft, its 5 MB document,
/// the submission. Its code.
async fn submit_one(
    http: &reqwest::Client,
    base: &str,
    (cookie, csrf): &(String, String),
    pdf: &bytes::Bytes,
) -> anyhow::Result<String> {
    let r = http
        .post(format!("{base}/api/v1/applications"))
        .header("cookie", cookie)
        .header("x-csrf-token", csrf)
        .json(&serde_json::json!({"procedure_code": "DCKS.14", "phone": "0912345678",
            "values": {"documents_wanted": "Báo cáo thăm dò", "access": "consult", "catalogue_visits": "1"}}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 201, "{}", r.text().await?);
    let id = r.json::<serde_json::Value>().await?["id"]
        .as_i64()
        .unwrap_or_default();
    let r = http
        .put(format!("{base}/api/v1/applications/{id}/documents/request"))
        .header("cookie", cookie)
        .header("x-csrf-token", csrf)
        .header("content-type", "application/pdf")
        .body(pdf.clone())
        .send()
        .await?;
    anyhow::ensure!(r.status() == 200, "{}", r.text().await?);
    let _ = r.bytes().await?;
    let r = http
        .post(format!("{base}/api/v1/applications/{id}/submit"))
        .header("cookie", cookie)
        .header("x-csrf-token", csrf)
        .json(&serde_json::json!({}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 200, "{}", r.text().await?);
    Ok(r.json::<serde_json::Value>().await?["code"]
        .as_str()
        .unwrap_or_default()
        .to_string())
}

async fn services(
    t: &TestDb,
    clients: usize,
    submissions: usize,
    lookers: usize,
    seconds: u64,
) -> anyhow::Result<()> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    organisation(&t.db).await?;
    lode_services::catalogue::seed_catalogue(&t.db).await?;
    let base = serve(t).await?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients + lookers)
        .build()?;
    let pdf = bytes::Bytes::from(pdf_of_size(5 << 20)?);
    let mut sessions = Vec::new();
    for n in 0..clients {
        sessions.push(business_session(&t.db, &http, &base, n).await?);
    }
    // submissions with 5 MB each
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for s in sessions.clone() {
        let (http, base, pdf, next) = (http.clone(), base.clone(), pdf.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < submissions {
                let t0 = Instant::now();
                let code = submit_one(&http, &base, &s, &pdf).await?;
                out.push((t0.elapsed(), code));
            }
            Ok::<_, anyhow::Error>(out)
        }));
    }
    let mut latencies = Vec::new();
    let mut codes = Vec::new();
    for t in tasks {
        for (d, c) in t.await?? {
            latencies.push(d);
            codes.push(c);
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    println!(
        "submissions with 5 MB each: {} by {clients} businesses in {:.2} s = {:.1} per second ({:.0} MB/s); p50 {}, p99 {}",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        latencies.len() as f64 * 5.0 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
    );
    // tracking lookups while two businesses keep submitting
    let codes = Arc::new(codes);
    let stop = Arc::new(AtomicBool::new(false));
    let submitted = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for s in sessions.into_iter().take(2) {
        let (http, base, pdf, stop, submitted) = (
            http.clone(),
            base.clone(),
            pdf.clone(),
            stop.clone(),
            submitted.clone(),
        );
        writers.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                submit_one(&http, &base, &s, &pdf).await?;
                submitted.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<_, anyhow::Error>(())
        }));
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut readers = Vec::new();
    for r in 0..lookers {
        let (http, base, codes) = (http.clone(), base.clone(), codes.clone());
        readers.push(tokio::spawn(async move {
            let mut out = Vec::new();
            let mut i = r;
            while Instant::now() < deadline {
                let code = &codes[i % codes.len()];
                i += 7;
                let t0 = Instant::now();
                let resp = http
                    .get(format!("{base}/api/v1/track?code={code}&phone=0912345678"))
                    .send()
                    .await?;
                anyhow::ensure!(resp.status() == 200, "{}", resp.status());
                let _ = resp.bytes().await?;
                out.push(t0.elapsed());
            }
            Ok::<_, anyhow::Error>(out)
        }));
    }
    let mut lookups = Vec::new();
    for r in readers {
        lookups.extend(r.await??);
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await??;
    }
    lookups.sort();
    println!(
        "tracking lookups: {} by {lookers} visitors in {:.2} s = {:.0} per second; p50 {}, p99 {}; {} submissions (5 MB) accepted meanwhile",
        lookups.len(),
        elapsed.as_secs_f64(),
        lookups.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&lookups, 0.50)),
        ms(percentile(&lookups, 0.99)),
        submitted.load(Ordering::Relaxed),
    );
    Ok(())
}

/// A generator of places: xorshift64*, the same figures every run.
struct Places(u64);

impl Places {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A point near one of the mining districts: within about half a degree of its centre.
    fn near(&mut self, centres: &[(f64, f64)]) -> (f64, f64) {
        let (lon, lat) = centres[(self.next() * centres.len() as f64) as usize % centres.len()];
        (
            lon + (self.next() - 0.5) * 1.0,
            lat + (self.next() - 0.5) * 1.0,
        )
    }
}

/// The mining districts the benchmark's licences crowd around (the demo's places and more).
const DISTRICTS: &[(f64, f64)] = &[
    (107.25, 21.02),
    (107.85, 11.85),
    (108.30, 11.05),
    (105.85, 20.15),
    (105.60, 21.10),
    (107.85, 15.55),
    (105.95, 22.60),
    (104.05, 22.45),
    (105.70, 21.65),
    (106.65, 11.15),
    (107.10, 10.95),
    (105.40, 19.25),
    (104.90, 21.75),
    (106.20, 17.50),
    (108.90, 14.20),
    (105.30, 22.80),
    (106.90, 20.85),
    (108.00, 12.70),
    (104.70, 18.90),
    (107.50, 16.40),
];

/// `licences` licences stored as the register stores them (row, grant event, spatial index),
/// in transactions of 1,000; and ten zone layers of 40 zones of 120 corners each.
async fn fill_cadastre(db: &lode_db::Db, licences: usize) -> anyhow::Result<()> {
    use lode_cadastre::geodesy::{LonLat, Projection, Zone};
    use lode_cadastre::licence::{AreaInput, State, Status};
    let mut places = Places(0x5eed_cada);
    let today = lode_cadastre::register::today();
    let started = Instant::now();
    let mut done = 0;
    while done < licences {
        let mut tx = db.write().await?;
        for i in done..(done + 1000).min(licences) {
            let (lon, lat) = places.near(DISTRICTS);
            let meridian = ((lon * 4.0).round() / 4.0).clamp(102.0, 108.5);
            let plane = Projection {
                meridian,
                zone: Zone::Three,
            };
            let centre = plane.from_wgs84(LonLat { lon, lat });
            let ring = lode_cadastre::demo::rectangle(
                "",
                centre.x,
                centre.y,
                200.0 + places.next() * 1300.0,
                200.0 + places.next() * 1300.0,
                places.next() * std::f64::consts::PI,
            );
            let area = AreaInput {
                meridian,
                zone: None,
                rings: vec![ring],
                legal_area_ha: 1.0,
            }
            .parse()
            .map_err(|e| anyhow::anyhow!("licence {i}: {e:?}"))?;
            let valid_from = today - chrono::Duration::days(365 * 3);
            let state = State {
                holder: format!("Công ty Khoáng sản số {}", i % 5000),
                holder_tax_code: None,
                minerals: vec!["đá vôi".into()],
                mineral_group: 3,
                province: "Quảng Ninh".into(),
                commune: None,
                projection: plane,
                rings: area.corners.clone(),
                area_ha: area.area_ha,
                legal_area_ha: area.area_ha,
                depth_from_m: None,
                depth_to_m: None,
                reserves: None,
                capacity: None,
                valid_from,
                valid_until: today + chrono::Duration::days(365 * 10),
                status: Status::Valid,
            };
            let json = serde_json::to_string(&state)?;
            let b = lode_cadastre::spatial::corners_box(plane, &area.corners);
            let at = lode_db::now();
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO cadastre_licences (number, kind, holder, minerals, mineral_group,
                    province, status, valid_from, valid_until, area_ha, min_lon, min_lat, max_lon,
                    max_lat, state, created_at, updated_at)
                 VALUES ($1, 'mining', $2, 'đá vôi', 3, 'Quảng Ninh', 'valid', $3, $4, $5, $6, $7,
                    $8, $9, $10, $11, $11) RETURNING id",
            )
            .bind(format!("B{i}/GP-BTNMT"))
            .bind(&state.holder)
            .bind(state.valid_from.to_string())
            .bind(state.valid_until.to_string())
            .bind(state.area_ha)
            .bind(b.min_lon)
            .bind(b.min_lat)
            .bind(b.max_lon)
            .bind(b.max_lat)
            .bind(&json)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO cadastre_events (licence_id, kind, effective_on, decision_number,
                    state_after, recorded_at) VALUES ($1, 'grant', $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(state.valid_from.to_string())
            .bind(format!("B{i}/GP-BTNMT"))
            .bind(&json)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            lode_cadastre::index::put(&mut tx, lode_cadastre::index::Layer::Licence, id, &b)
                .await?;
        }
        tx.commit().await?;
        done = (done + 1000).min(licences);
    }
    println!(
        "stored {licences} licences in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // as PostgreSQL's autovacuum would after such a load: the planner's statistics and the
    // visibility map
    if db.backend() == Backend::Postgres {
        sqlx::query("VACUUM ANALYZE").execute(db.pool()).await?;
    }
    // ten zone layers, each of forty zones with 120 corners
    let officer = bench_officer(db).await?;
    let ctx = AuditCtx::system("bench");
    for layer in 0..10 {
        let zones: Vec<lode_cadastre::zones::ZoneFeature> = (0..40)
            .map(|z| {
                let (lon, lat) = places.near(DISTRICTS);
                let r = 0.01 + places.next() * 0.08;
                let ring = (0..120)
                    .map(|k| {
                        let a = k as f64 / 120.0 * std::f64::consts::TAU;
                        let wobble = 0.8 + 0.2 * ((k * 7 + z) % 5) as f64 / 5.0;
                        LonLat {
                            lon: lon + r * wobble * a.cos(),
                            lat: lat + r * wobble * a.sin(),
                        }
                    })
                    .collect();
                lode_cadastre::zones::ZoneFeature {
                    name: format!("Khu {layer}-{z}"),
                    polygons: vec![ring],
                }
            })
            .collect();
        lode_cadastre::zones::import(
            db,
            &ctx,
            &officer,
            &lode_cadastre::zones::ImportInput {
                code: format!("lop-{layer}"),
                name: format!("Lớp {layer}"),
                restriction: if layer % 2 == 0 {
                    "banned"
                } else {
                    "restricted"
                }
                .into(),
            },
            "bench.geojson",
            &zones,
        )
        .await?;
    }
    Ok(())
}

/// An actor who may import zone layers.
async fn bench_officer(db: &lode_db::Db) -> anyhow::Result<lode_core::authz::Actor> {
    let (_, body) = organisation(db).await?;
    let account = lode_db::accounts::create_staff(
        db,
        &AuditCtx::system("bench"),
        &lode_db::accounts::NewStaff {
            username: "cadastre".into(),
            full_name: "Cán bộ cấp phép".into(),
            unit_id: body,
            roles: vec!["cadastre_officer".into()],
            password: "Bench-password-2026".into(),
            must_change_password: Some(false),
            ..Default::default()
        },
    )
    .await?;
    Ok(account.actor())
}

async fn cadastre(
    t: &TestDb,
    licences: usize,
    checks: usize,
    repeats: usize,
) -> anyhow::Result<()> {
    use lode_cadastre::checks::{Against, check};
    use lode_cadastre::geodesy::{LonLat, Projection, Zone};
    use lode_cadastre::licence::AreaInput;
    fill_cadastre(&t.db, licences).await?;
    let mut places = Places(0x000c_4ec5);
    let mut times = Vec::with_capacity(checks);
    let mut found = 0usize;
    for _ in 0..checks {
        let (lon, lat) = places.near(DISTRICTS);
        let meridian = ((lon * 4.0).round() / 4.0).clamp(102.0, 108.5);
        let plane = Projection {
            meridian,
            zone: Zone::Three,
        };
        let c = plane.from_wgs84(LonLat { lon, lat });
        let area = AreaInput {
            meridian,
            zone: None,
            rings: vec![lode_cadastre::demo::rectangle(
                "", c.x, c.y, 1500.0, 1200.0, 0.3,
            )],
            legal_area_ha: 1.0,
        }
        .parse()
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let started = Instant::now();
        let f = check(&t.db, &area, Against::AllPending).await?;
        times.push(started.elapsed());
        found += f.licences.len() + f.zones.len();
    }
    times.sort();
    println!(
        "overlap check of a 180 ha area against {licences} licence polygons and 10 zone layers ({checks} areas, {:.1} overlaps each): p50 {} p95 {} p99 {}",
        found as f64 / checks as f64,
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99))
    );
    // the OGC API's items page of 1,000 licences, through HTTP
    let base = serve_with(t, vec![lode_cadastre::web::capability()]).await?;
    let http = reqwest::Client::new();
    let mut pages = Vec::with_capacity(repeats);
    let mut bytes = 0usize;
    for r in 0..repeats {
        let url = format!(
            "{base}/ogc/collections/licences/items?limit=1000&offset={}",
            (r * 1000) % licences.max(1)
        );
        let started = Instant::now();
        let body = http
            .get(&url)
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        pages.push(started.elapsed());
        bytes = body.len();
        let v: serde_json::Value = serde_json::from_slice(&body)?;
        anyhow::ensure!(v["numberReturned"] == 1000, "{}", v["numberReturned"]);
    }
    pages.sort();
    println!(
        "OGC API items page of 1,000 licences ({} KB): p50 {} p95 {}",
        bytes / 1024,
        ms(percentile(&pages, 0.5)),
        ms(percentile(&pages, 0.95))
    );
    Ok(())
}
