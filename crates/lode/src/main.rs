//! The `lode` binary: a thin command line over the library crates.
//!
//! - `lode serve`: the web application (pages and API) on one address;
//! - `lode audit verify`: checks the audit hash chain, names the first broken entry;
//! - `lode admin create-user | reset-password`: account administration from the shell;
//! - `lode demo`: seeds the demo organisation into an empty store;
//! - `lode sign | verify | pki`: signatures and the built-in CA ([`signing`]);
//! - `lode backup | backup verify | restore`: whole backups of an office ([`backup`]);
//! - `lode migrate-store`: SQLite and local files to PostgreSQL and S3 ([`migrate_store`]);
//! - [`runner`]: the jobs a serving node takes (sweeps, notices and e-mail, CRL refreshes).
//!
//! Options come, in order of precedence, from the command line, `LODE_*` environment variables,
//! a TOML file (`--config`), and the defaults shown by `--help`.

/// mimalloc rather than the C library's allocator: a request allocates and frees many small
/// buffers across threads, where glibc's arenas spent a tenth of the server's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod backup;
mod config;
mod migrate_store;
mod private;
mod runner;
mod signing;

use anyhow::Context;
use clap::{Parser, Subcommand};
use config::{Config, GlobalArgs};
use lode_db::{AuditCtx, Db, accounts, audit, demo, migrate, units};
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "lode",
    version,
    about = "lode: e-office, digital signatures and public services for the Vietnam Department of Geology and Minerals"
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the web application.
    Serve(config::ServeArgs),
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Account administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Signs a PDF (PAdES B-B, or B-T with --tsa; an invisible field), as one incremental
    /// update.
    Sign(Box<signing::SignArgs>),
    /// Reports on every signature of a PDF. Exit status 1 when any is invalid or the document
    /// was modified after a signature, 2 when there is none or the file cannot be read.
    Verify(signing::VerifyArgs),
    /// Brings a signed PDF to PAdES B-LT (chain and CRLs kept in its /DSS), or B-LTA with --tsa
    /// (and a document timestamp), as one or two incremental updates.
    Extend(signing::ExtendArgs),
    /// Adds an empty signature field (a placeholder for a signature to come) to a PDF.
    Placeholder(signing::PlaceholderArgs),
    /// Writes the issued number and date into the fields reserved for them, after signing.
    Fill(signing::FillArgs),
    /// The built-in certificate authority, kept as files in a folder.
    Pki {
        #[command(subcommand)]
        command: signing::PkiCommand,
    },
    /// Takes a consistent online backup of the store (database, files, PKI folder) into a new
    /// folder, with a manifest of checksums and the audit head; `lode backup verify DIR`
    /// checks one.
    Backup(BackupArgs),
    /// Restores a backup into an empty data folder (SQLite) or an empty database (PostgreSQL)
    /// and its file store, and checks the audit chain against the backup's manifest.
    Restore {
        /// The backup folder.
        src: std::path::PathBuf,
    },
    /// Moves an office from SQLite and local files to PostgreSQL (an empty database) and, with
    /// the --s3-* options, an S3-compatible bucket; every table checked row by row, every file
    /// read back, the audit chain checked. Stop the server first; start it on the new store.
    MigrateStore {
        /// postgres://USER@HOST:PORT/DB, an empty database.
        #[arg(long)]
        to: String,
    },
    /// Seeds the demo organisation into an empty store and prints the demo password.
    Demo,
    /// Applies the database migrations and exits.
    Migrate,
    /// The geological archive.
    Archive {
        #[command(subcommand)]
        command: ArchiveCommand,
    },
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// Makes the search index again from the catalogue and the pages' text (after a restore,
    /// or an upgrade that changes how text is folded); nodes may keep serving meanwhile.
    Reindex,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct BackupArgs {
    #[command(subcommand)]
    command: Option<BackupCommand>,
    /// The folder to write the backup into (new or empty).
    dest: Option<std::path::PathBuf>,
}

#[derive(Subcommand)]
enum BackupCommand {
    /// Checks a backup: every part against the manifest, the audit chain against its head.
    /// Exit status 1 when anything differs.
    Verify { src: std::path::PathBuf },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Checks every link of the audit hash chain. Exit status 0 when intact, 1 when broken.
    Verify,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Starts an empty store: creates the department (the root unit) and its first
    /// administrator. Refused when the store already has units.
    Init {
        /// The department's QCVN 102 id, e.g. 000.00.27.G12.
        #[arg(long)]
        org_id: String,
        /// The department's name, e.g. "Cục Địa chất và Khoáng sản Việt Nam".
        #[arg(long)]
        name: String,
        /// The abbreviation used in notations, e.g. ĐCKS.
        #[arg(long)]
        abbreviation: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// The administrator's first password (or set LODE_NEW_PASSWORD).
        #[arg(long, env = "LODE_NEW_PASSWORD", hide_env_values = true)]
        password: String,
        /// Where the department has its seat, written before the date of its documents.
        #[arg(long, default_value = "Hà Nội")]
        place: String,
    },
    /// Creates a staff account.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// The QCVN 102 id of the person's unit, e.g. 000.01.27.G12.
        #[arg(long)]
        unit: String,
        /// A role, at least one; repeat for several: administrator, clerk, agency_leader, unit_leader,
        /// specialist, one_stop_officer.
        #[arg(long = "role")]
        roles: Vec<String>,
        #[arg(long)]
        position: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// none, confidential, secret, top_secret.
        #[arg(long, default_value = "none")]
        clearance: String,
        /// The first password (or set LODE_NEW_PASSWORD); the person changes it at first login.
        #[arg(long, env = "LODE_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Sets a new password; the person must change it at next login.
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long, env = "LODE_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let filter = std::env::var("LODE_LOG").unwrap_or_else(|_| "info,sqlx=warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr);
    // one JSON object per line for a log collector; the request's id is in its span
    if cli.global.log_format.as_deref() == Some("json") {
        logs.json().with_current_span(true).init();
    } else {
        logs.init();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lode: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lode: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The data folder, created readable by lode alone when it does not exist yet (an existing
/// one keeps the rights its operator gave it).
fn private_data_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    if dir.exists() {
        Ok(())
    } else {
        private::dir(dir)
    }
}

async fn open_store(config: &Config) -> anyhow::Result<Db> {
    private_data_dir(&config.data)?;
    let db = Db::connect(&config.database_url)
        .await
        .context("connecting to the database")?;
    migrate::run(&db).await.context("applying migrations")?;
    Ok(db)
}

/// Seeds the demo organisation and its documents into an empty store, and lists the accounts.
async fn seed_demo(db: &Db, blobs: &lode_db::blobs::Blobs) -> anyhow::Result<()> {
    if demo::seed(db).await? {
        println!("Seeded the demo organisation.");
        // each capability's own demo records, as the tests' demo seeds them
        for seed in capabilities().iter().filter_map(|c| c.demo) {
            seed(db, blobs).await?;
        }
        println!("Seeded the demo documents and dossiers.");
    }
    print_demo_accounts();
    Ok(())
}

/// The capabilities a node serves, in the order their sections appear on the shell's pages.
fn capabilities() -> Vec<lode_web::Capability> {
    vec![
        lode_eoffice::web::capability(),
        lode_services::web::capability(),
        lode_archive::web::capability(),
        lode_cadastre::web::capability(),
    ]
}

fn print_demo_accounts() {
    println!("Demo accounts (password for all: {}):", demo::DEMO_PASSWORD);
    for (username, name, position, _, roles, _) in demo::STAFF.iter().take(8) {
        println!("  {username:<10} {name} ({position}; {})", roles.join(", "));
    }
    println!("  minhphat   Công ty Cổ phần Khoáng sản Minh Phát (business)");
}

async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    let ok = std::process::ExitCode::SUCCESS;
    match cli.command {
        Command::Serve(args) => {
            let config = Config::resolve(&cli.global, Some(&args))?;
            private_data_dir(&config.data)?;
            // Both refusals come before anything is written: another server on the file, a
            // port already taken.
            let _serving = lode_db::hold_for_serving(&config.database_url)?;
            let listener = tokio::net::TcpListener::bind(&config.listen)
                .await
                .with_context(|| format!("listening on {}", config.listen))?;
            let db = open_store(&config).await?;
            let blobs = lode_db::blobs::Blobs::open(&config.blobs)?;
            if config.demo {
                seed_demo(&db, &blobs).await?;
            }
            tracing::info!(database = %config.redacted_database_url(), files = blobs.describe(), "store ready");
            // links in e-mails, the receipt's tracking address and the CA's revocation address
            // name this address: a guess is right only on this machine
            if !config.web.public_url_configured && !config.demo {
                tracing::warn!(
                    public_url = %config.public_url,
                    "no public address configured (--public-url): papers and e-mails will name this guess"
                );
            }
            // the public services' procedures shipped with this release, where missing
            let added = lode_services::catalogue::seed_catalogue(&db)
                .await
                .map_err(|e| anyhow::anyhow!("the procedure catalogue: {e}"))?;
            if added > 0 {
                tracing::info!(procedures = added, "procedures added to the catalogue");
            }
            // work dossiers stored before their contents' words were searched
            let rewritten = lode_eoffice::dossiers::find_older_words_again(&db)
                .await
                .map_err(|e| anyhow::anyhow!("the work dossiers' search words: {e}"))?;
            if rewritten > 0 {
                tracing::info!(
                    dossiers = rewritten,
                    "work dossiers' search words written anew"
                );
            }
            let mailer = match &config.mail {
                Some(m) => Some(
                    lode_web::mail::Mailer::new(&m.smtp_url, &m.from, &config.public_url)
                        .context("configuring the mail server")?,
                ),
                None => None,
            };
            let services = trust_services(&config, config::key_passphrase(&cli.global)?)?;
            let trust = trust_anchors(&config)?;
            let state = Arc::new(lode_web::AppState {
                db: db.clone(),
                blobs,
                config: config.web.clone(),
                trust,
                services,
                settings: {
                    let mut settings = axum::http::Extensions::new();
                    settings.insert(lode_services::web::Portal::new(config.payment.clone()));
                    settings.insert(config.base_map.clone());
                    settings
                },
            });
            if config.demo {
                let n = lode_eoffice::web::signing::seed_demo(&state)
                    .await
                    .map_err(|e| anyhow::anyhow!("demo certificates: {e:?}"))?;
                if n > 0 {
                    tracing::info!(certificates = n, "demo certificates issued");
                }
                let n = lode_eoffice::web::signing::finish_demo_letters(&state)
                    .await
                    .map_err(|e| anyhow::anyhow!("demo letters: {e:?}"))?;
                if n > 0 {
                    tracing::info!(letters = n, "demo letters signed, sealed and sent");
                }
                let n = lode_services::web::demo::seed(&state)
                    .await
                    .map_err(|e| anyhow::anyhow!("demo dossiers: {e:?}"))?;
                if n > 0 {
                    tracing::info!(dossiers = n, "demo dossiers filed at the one-stop desk");
                }
            }
            let (stop_jobs, jobs_stopped) = tokio::sync::watch::channel(false);
            let jobs = tokio::spawn(
                background_work(&state, mailer, config.notify_interval).run(jobs_stopped),
            );
            let mut app = lode_web::router(state, capabilities());
            if config.demo
                && config
                    .payment
                    .as_ref()
                    .is_some_and(|p| p.merchant == config::DEMO_MERCHANT)
            {
                // the demo's own payment gateway, so that fees can be paid end to end
                let gateway = lode_services::web::gateway::simulator::Gateway::new(
                    config::DEMO_MERCHANT.into(),
                    config::DEMO_PAYMENT_SECRET.as_bytes().to_vec(),
                    format!("http://{}/api/v1/payments/ipn", config.listen),
                );
                app = app.nest(
                    "/paysim",
                    lode_services::web::gateway::simulator::router(Arc::new(gateway)),
                );
            }
            let addr = listener.local_addr()?;
            println!(
                "lode is listening on http://{addr}/ (open http://localhost:{}/ in a browser)",
                addr.port()
            );
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await?;
            // the jobs at work get a moment to finish and report; the others are taken up by
            // another node (or this one) after their leases
            let _ = stop_jobs.send(true);
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), jobs).await;
            db.close().await;
            Ok(ok)
        }
        Command::Sign(args) => {
            // a key file lode's CA encrypted opens with the keys' passphrase; a PKCS#12 file
            // or a token needs none
            let passphrase = if args.uses_key_file() {
                config::key_passphrase(&cli.global)?
            } else {
                None
            };
            signing::sign(*args, passphrase.as_deref()).await
        }
        Command::Verify(args) => signing::verify(args).await,
        Command::Extend(args) => signing::extend(args).await,
        Command::Placeholder(args) => signing::placeholder(args),
        Command::Fill(args) => signing::fill(args),
        Command::Pki { command } => {
            signing::pki(command, config::key_passphrase(&cli.global)?.as_deref())?;
            Ok(ok)
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let config = Config::resolve(&cli.global, None)?;
            let db = open_store(&config).await?;
            let v = audit::verify(&db).await?;
            match v.broken {
                None => {
                    println!(
                        "audit chain intact: {} entries, head {} {}",
                        v.entries, v.head_seq, v.head_hash
                    );
                    Ok(ok)
                }
                Some(b) => {
                    println!("audit chain BROKEN: {b}");
                    Ok(std::process::ExitCode::from(1))
                }
            }
        }
        Command::Admin { command } => {
            let config = Config::resolve(&cli.global, None)?;
            let db = open_store(&config).await?;
            let ctx = AuditCtx::system("lode admin");
            match command {
                AdminCommand::Init {
                    org_id,
                    name,
                    abbreviation,
                    username,
                    full_name,
                    password,
                    place,
                } => {
                    anyhow::ensure!(
                        demo::is_empty(&db).await?,
                        "the store already has an organisation"
                    );
                    // Check everything before writing anything.
                    let mut errors = lode_core::validation::FieldErrors::new();
                    errors.take("org_id", lode_core::orgid::OrgId::parse(&org_id));
                    errors.take("name", lode_core::org::parse_unit_name(&name));
                    errors.take(
                        "abbreviation",
                        lode_core::org::parse_abbreviation(&abbreviation),
                    );
                    if let Some(u) =
                        errors.take("username", lode_core::people::Username::parse(&username))
                    {
                        errors.take(
                            "password",
                            lode_core::people::check_new_password(&password, &u),
                        );
                    }
                    errors.take("full_name", lode_core::people::parse_full_name(&full_name));
                    if place.trim().is_empty() || place.chars().count() > 60 {
                        errors.add("place", "invalid", "a place of 1 to 60 characters");
                    }
                    errors.into_result().map_err(|e| anyhow::anyhow!("{e}"))?;
                    let new_unit = units::NewUnit {
                        parent_id: None,
                        org_id,
                        name,
                        abbreviation,
                        kind: "department".into(),
                    };
                    let dept = units::create(&db, &ctx, &new_unit)
                        .await
                        .map_err(describe)?;
                    let place = units::UnitChange {
                        place: Some(place),
                        ..Default::default()
                    };
                    units::update(&db, &ctx, dept.id, &place)
                        .await
                        .map_err(describe)?;
                    let admin = accounts::NewStaff {
                        username,
                        full_name,
                        unit_id: dept.id,
                        roles: vec!["administrator".into()],
                        password,
                        must_change_password: Some(true),
                        ..Default::default()
                    };
                    let a = accounts::create_staff(&db, &ctx, &admin)
                        .await
                        .map_err(describe)?;
                    println!(
                        "created {} and its administrator {}; they choose a new password at first login",
                        dept.name, a.username
                    );
                }
                AdminCommand::CreateUser {
                    username,
                    full_name,
                    unit,
                    roles,
                    position,
                    email,
                    clearance,
                    password,
                } => {
                    let unit = units::by_org_id(&db, &unit)
                        .await
                        .map_err(|_| anyhow::anyhow!("no unit has the id {unit}"))?;
                    let new = accounts::NewStaff {
                        username,
                        full_name,
                        email,
                        phone: None,
                        position,
                        unit_id: unit.id,
                        roles,
                        clearance: Some(clearance),
                        password,
                        must_change_password: Some(true),
                    };
                    let a = accounts::create_staff(&db, &ctx, &new)
                        .await
                        .map_err(describe)?;
                    println!("created account {} ({}) in {}", a.username, a.id, unit.name);
                }
                AdminCommand::ResetPassword { username, password } => {
                    let a = accounts::by_username(&db, &username)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("no account {username}"))?;
                    accounts::reset_password(&db, &ctx, a.id, &password)
                        .await
                        .map_err(describe)?;
                    println!(
                        "password of {} reset; they must change it at next login",
                        a.username
                    );
                }
            }
            Ok(ok)
        }
        Command::Backup(BackupArgs {
            command: Some(BackupCommand::Verify { src }),
            ..
        }) => {
            let checked = backup::verify(&src).await?;
            if checked.problems.is_empty() {
                println!("backup whole: {}", checked.manifest.summary());
                Ok(ok)
            } else {
                for p in &checked.problems {
                    println!("PROBLEM: {p}");
                }
                Ok(std::process::ExitCode::from(1))
            }
        }
        Command::Backup(BackupArgs { dest, .. }) => {
            let dest = dest.context("name the folder to write the backup into")?;
            let config = Config::resolve(&cli.global, None)?;
            let m = backup::create(&config, &dest).await?;
            println!("backup written to {}: {}", dest.display(), m.summary());
            Ok(ok)
        }
        Command::Restore { src } => {
            let config = Config::resolve(&cli.global, None)?;
            let m = backup::restore(&config, &src).await?;
            println!(
                "restored from {}, audit chain intact: {}",
                src.display(),
                m.summary()
            );
            Ok(ok)
        }
        Command::MigrateStore { to } => {
            let config = Config::resolve(&cli.global, None)?;
            let moved = migrate_store::run(&config, &to).await?;
            let rows: u64 = moved.tables.iter().map(|t| t.1).sum();
            println!(
                "moved {} tables ({rows} rows, each table checked), {} files, audit chain intact at {} {}",
                moved.tables.len(),
                moved.files,
                moved.audit_seq,
                moved.audit_hash
            );
            println!("start lode on the new store: its --database-url and the same --s3-* options");
            Ok(ok)
        }
        Command::Demo => {
            let config = Config::resolve(&cli.global, None)?;
            let db = open_store(&config).await?;
            let blobs = lode_db::blobs::Blobs::open(&config.blobs)?;
            seed_demo(&db, &blobs).await?;
            Ok(ok)
        }
        Command::Migrate => {
            let config = Config::resolve(&cli.global, None)?;
            open_store(&config).await?;
            println!("migrations applied");
            Ok(ok)
        }
        Command::Archive {
            command: ArchiveCommand::Reindex,
        } => {
            let config = Config::resolve(&cli.global, None)?;
            let db = open_store(&config).await?;
            let n = lode_archive::catalogue::rebuild(&db)
                .await
                .map_err(describe)?;
            println!("{n} texts indexed");
            Ok(ok)
        }
    }
}

fn describe(e: lode_db::DbError) -> anyhow::Error {
    match e {
        lode_db::DbError::Invalid(f) => anyhow::anyhow!("{f}"),
        other => anyhow::anyhow!(other),
    }
}

/// The organisation the demo CA certifies.
const DEMO_ORGANISATION: &str = "Cục Địa chất và Khoáng sản Việt Nam";

/// The built-in CA of `<data>/pki` and its timestamp authority, when there is one; the demo
/// creates it, publishing its CRLs under this server's `/pki/`. The keys are encrypted with the
/// configured passphrase, without which a CA is not served; the demo, given none, makes one in
/// `<data>/key-passphrase` (a passphrase beside the keys protects nothing: a real office sets
/// its own, kept elsewhere).
fn trust_services(
    config: &Config,
    passphrase: Option<Vec<u8>>,
) -> anyhow::Result<lode_web::pki::Services> {
    let dir = config.data.join("pki");
    let passphrase = match passphrase {
        Some(p) => Some(p),
        None if config.demo => Some(demo_passphrase(&config.data)?),
        None => None,
    };
    if config.demo && !dir.join("root.pem").exists() {
        let base = format!("{}/pki/", config.public_url.trim_end_matches('/'));
        lode_sign::pki::Store::init_sealed(
            &dir,
            DEMO_ORGANISATION,
            Some(&base),
            passphrase.as_deref(),
        )?;
        tracing::info!(dir = %dir.display(), "demo CA created");
    }
    let mut services = if dir.join("root.pem").exists() {
        // keys still in the clear are encrypted with the passphrase as the store opens
        if passphrase.is_none() {
            anyhow::bail!("{}: {}", dir.display(), signing::KEYS_NEED_A_PASSPHRASE);
        }
        let services =
            lode_web::pki::Services::open(&dir, DEMO_ORGANISATION, passphrase.as_deref())?;
        tracing::info!(dir = %dir.display(), "the built-in CA and timestamp authority are served");
        services
    } else {
        lode_web::pki::Services::default()
    };
    if let Some(token) = &config.token {
        tracing::info!(module = %token.module.display(), token = token.token, "the server's PKCS#11 token");
        services.token = Some(std::sync::Arc::new(token.clone()));
    }
    Ok(services)
}

/// The demo's key passphrase, made once in `<data>/key-passphrase`.
fn demo_passphrase(data: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let path = data.join("key-passphrase");
    if !path.exists() {
        let secret: [u8; 32] = private::random()?;
        private::file(&path, format!("{}\n", hex::encode(secret)).as_bytes())?;
        tracing::warn!(file = %path.display(), "demo: the keys' passphrase is kept beside them");
    }
    config::read_passphrase(&path)
}

/// The trust anchors signatures are checked against: the PEM file configured
/// (`trust_anchors`), and the root of lode's own CA when `<data>/pki` holds one.
fn trust_anchors(config: &Config) -> anyhow::Result<Vec<lode_sign::cms::Certificate>> {
    let mut anchors = Vec::new();
    let own = config.data.join("pki").join("root.pem");
    let files = config
        .trust_anchors
        .iter()
        .cloned()
        .chain(own.exists().then_some(own));
    for path in files {
        let pem = std::fs::read_to_string(&path)
            .with_context(|| format!("reading trust anchors {}", path.display()))?;
        anchors.extend(lode_sign::cms::certificates_from_pem(&pem)?);
    }
    tracing::info!(anchors = anchors.len(), "trust anchors");
    Ok(anchors)
}

/// The node's background work, as jobs any node may take: the hourly sweeps (expired sessions
/// and stale sign-in failures, files nobody references), finding overdue and due-soon
/// documents and sending their e-mails, refreshing certificates from their CRLs, and removing
/// old finished jobs.
fn background_work(
    state: &Arc<lode_web::AppState>,
    mailer: Option<lode_web::mail::Mailer>,
    notify_every: std::time::Duration,
) -> runner::Runner {
    const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);
    let node = format!("{}:{}", lode_web::node(), std::process::id());
    let mut r = runner::Runner::new(state.db.clone(), node);
    let db = state.db.clone();
    r.every("sessions.sweep", HOUR, move || {
        let db = db.clone();
        async move {
            let (sessions, failures) = lode_db::sessions::sweep(&db).await?;
            tracing::debug!(sessions, failures, "swept");
            Ok(())
        }
    });
    let (db, blobs) = (state.db.clone(), state.blobs.clone());
    r.every("files.sweep", HOUR, move || {
        let (db, blobs) = (db.clone(), blobs.clone());
        async move {
            let n = lode_db::blobs::sweep_orphans(&db, &blobs).await?;
            if n > 0 {
                tracing::info!(files = n, "files nobody references removed");
            }
            Ok(())
        }
    });
    let db = state.db.clone();
    r.every("notifications.sweep", notify_every, move || {
        let db = db.clone();
        async move {
            let today = lode_db::today();
            // documents overdue or due soon, certificates expiring; public-service dossiers;
            // what mineral licences' holders owe
            let n = lode_eoffice::reminders::sweep(&db, today).await?
                + lode_services::handling::sweep(&db, today).await?
                + lode_cadastre::reminders::sweep(&db, today).await?;
            if n > 0 {
                tracing::info!(notifications = n, "notified");
            }
            Ok(())
        }
    });
    if let Some(mailer) = mailer {
        let (db, mailer) = (state.db.clone(), Arc::new(mailer));
        r.every("mail.send", notify_every, move || {
            let (db, mailer) = (db.clone(), mailer.clone());
            async move {
                let n = mailer.deliver_pending(&db).await?;
                if n > 0 {
                    tracing::info!(emails = n, "e-mailed");
                }
                Ok(())
            }
        });
    }
    // the archive's digitisation: counting a scan's pages, reading each, joining them
    for kind in lode_archive::digitise::JOB_KINDS {
        let (db, blobs) = (state.db.clone(), state.blobs.clone());
        r.handle(kind, move |job| {
            let (db, blobs) = (db.clone(), blobs.clone());
            async move { lode_archive::digitise::run(&db, &blobs, &job).await }
        });
    }
    // the archive's certified copies, signed with the keys this node holds
    let st = state.clone();
    r.handle(lode_archive::requests::COPY_JOB, move |job| {
        let st = st.clone();
        async move {
            let id = job.payload["request_id"]
                .as_i64()
                .ok_or_else(|| anyhow::anyhow!("the job names no request"))?;
            lode_archive::web::copies::make(&st, id).await
        }
    });
    // a submission's receipt or return notice, sealed with the keys this node holds
    let st = state.clone();
    r.handle(lode_archive::submissions::PAPER_JOB, move |job| {
        let st = st.clone();
        async move {
            let id = job.payload["submission_id"]
                .as_i64()
                .ok_or_else(|| anyhow::anyhow!("the job names no submission"))?;
            lode_archive::web::papers::make(&st, id).await
        }
    });
    // dossiers of data submitted, once the desk accepts them, wait for the archive's check
    let db = state.db.clone();
    r.every(
        "archive.intake",
        std::time::Duration::from_secs(60),
        move || {
            let db = db.clone();
            async move {
                lode_archive::submissions::intake(&db).await?;
                lode_archive::requests::tell_waiting(&db).await?;
                Ok(())
            }
        },
    );
    let st = state.clone();
    r.every("certificates.refresh", HOUR, move || {
        let st = st.clone();
        async move {
            let ctx = lode_db::AuditCtx::system("crl-refresh");
            let n = lode_eoffice::web::signing::refresh_all(&st, &ctx)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            if n > 0 {
                tracing::info!(changed = n, "certificates refreshed from CRLs");
            }
            Ok(())
        }
    });
    let db = state.db.clone();
    r.every("jobs.prune", HOUR * 24, move || {
        let db = db.clone();
        async move {
            lode_db::jobs::prune(&db, std::time::Duration::from_secs(7 * 24 * 3600)).await?;
            Ok(())
        }
    });
    r
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
