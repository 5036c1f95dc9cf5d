//! Backups of a whole office and their restore: the database (SQLite's `VACUUM INTO`, or
//! `pg_dump` in the snapshot the manifest was read in), every file the database names (from the
//! local folder or the S3 bucket), the PKI folder, and `manifest.json`, written last, with the
//! checksum of each part and the head of the audit chain.
//!
//! A backup is taken online: the server keeps taking writes. What the database snapshot holds
//! is whole (one transaction), and every file it names is copied (files are written before the
//! rows that name them and never change). `lode restore` refuses a store that is not empty and
//! checks the audit chain of what it restored against the manifest.

use crate::config::Config;
use anyhow::{Context, bail, ensure};
use lode_db::blobs::Blobs;
use lode_db::{Backend, Db};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Connection, Executor};
use std::path::{Path, PathBuf};

/// What a backup holds, and how to know it is whole.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: u32,
    pub created_at: String,
    pub lode_version: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// `lode.db` or `lode.pgdump`, with its checksum.
    pub database: Part,
    /// Every file the database names, by its SHA-256 (which is also its checksum).
    pub files: Vec<FilePart>,
    /// The PKI folder's files.
    pub pki: Vec<Part>,
    /// The audit chain's head in the database snapshot.
    pub audit_seq: i64,
    pub audit_hash: String,
}

impl Manifest {
    /// What the backup holds, in a line.
    pub fn summary(&self) -> String {
        format!(
            "{} database, {} files, {} PKI files, audit head {} {}",
            self.backend,
            self.files.len(),
            self.pki.len(),
            self.audit_seq,
            self.audit_hash
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FilePart {
    pub sha256: String,
    pub size: u64,
}

const MANIFEST: &str = "manifest.json";

fn file_sha256(path: &Path) -> anyhow::Result<(u64, String)> {
    let mut f = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut f, &mut hasher)?;
    Ok((size, hex::encode(hasher.finalize())))
}

fn part(dir: &Path, name: &str) -> anyhow::Result<Part> {
    let (size, sha256) = file_sha256(&dir.join(name))?;
    Ok(Part {
        name: name.to_string(),
        size,
        sha256,
    })
}

fn file_path(root: &Path, sha: &str) -> PathBuf {
    root.join("files").join(&sha[..2]).join(sha)
}

/// Takes a backup of the configured store into `dest`, a folder that must be new or empty.
pub async fn create(config: &Config, dest: &Path) -> anyhow::Result<Manifest> {
    if dest.exists() && std::fs::read_dir(dest)?.next().is_some() {
        bail!(
            "{} is not empty: a backup goes into a new folder",
            dest.display()
        );
    }
    crate::private::dir(dest)?;
    let backend = if config.database_url.starts_with("sqlite:") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    let (database, audit, files) = match backend {
        Backend::Sqlite => snapshot_sqlite(config, dest).await?,
        Backend::Postgres => snapshot_postgres(config, dest).await?,
    };
    let blobs = Blobs::open(&config.blobs)?;
    let mut copied = Vec::with_capacity(files.len());
    for sha in files {
        let bytes = blobs
            .get(&sha)
            .await?
            .with_context(|| format!("the file {sha} named by the database is missing"))?;
        let path = file_path(dest, &sha);
        if let Some(parent) = path.parent() {
            crate::private::dir(parent)?;
        }
        crate::private::file(&path, &bytes)?;
        copied.push(FilePart {
            sha256: sha,
            size: bytes.len() as u64,
        });
    }
    let pki = copy_pki(&config.data.join("pki"), &dest.join("pki"))?;
    let manifest = Manifest {
        format: 1,
        created_at: lode_db::now(),
        lode_version: env!("CARGO_PKG_VERSION").into(),
        backend: match backend {
            Backend::Sqlite => "sqlite".into(),
            Backend::Postgres => "postgres".into(),
        },
        database,
        files: copied,
        pki,
        audit_seq: audit.0,
        audit_hash: audit.1,
    };
    // last: a folder with a manifest is a whole backup
    crate::private::file(
        &dest.join(MANIFEST),
        serde_json::to_string_pretty(&manifest)?.as_bytes(),
    )?;
    Ok(manifest)
}

type Snapshot = (Part, (i64, String), Vec<String>);

/// The audit head and the files named, as one read sees them.
async fn head_and_files(
    conn: &mut sqlx::AnyConnection,
) -> anyhow::Result<((i64, String), Vec<String>)> {
    let head: (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await
        .context("reading the audit head")?;
    let files: Vec<(String,)> = sqlx::query_as("SELECT sha256 FROM files ORDER BY sha256")
        .fetch_all(&mut *conn)
        .await?;
    Ok((
        head,
        files
            .into_iter()
            .map(|f| f.0)
            .filter(|s| lode_db::blobs::is_sha256(s))
            .collect(),
    ))
}

async fn snapshot_sqlite(config: &Config, dest: &Path) -> anyhow::Result<Snapshot> {
    sqlx::any::install_default_drivers();
    let target = dest.join("lode.db");
    let quoted = target.display().to_string().replace('\'', "''");
    let mut conn = sqlx::AnyConnection::connect(&config.database_url)
        .await
        .context("opening the database")?;
    // one read transaction: the copy is the database as of one instant, writers go on
    conn.execute(format!("VACUUM INTO '{quoted}'").as_str())
        .await
        .context("copying the database (VACUUM INTO)")?;
    conn.close().await?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600))?;
    }
    let mut copy =
        sqlx::AnyConnection::connect(&format!("sqlite://{}?mode=ro", target.display())).await?;
    let (head, files) = head_and_files(&mut copy).await?;
    copy.close().await?;
    Ok((part(dest, "lode.db")?, head, files))
}

async fn snapshot_postgres(config: &Config, dest: &Path) -> anyhow::Result<Snapshot> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&config.database_url)
        .await
        .context("connecting to PostgreSQL")?;
    // pg_dump reads in the snapshot this transaction exports: the manifest's audit head and
    // file list and the dump are the same instant
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        .await?;
    let (snapshot,): (String,) = sqlx::query_as("SELECT pg_export_snapshot()")
        .fetch_one(&mut conn)
        .await?;
    let (head, files) = head_and_files(&mut conn).await?;
    let target = dest.join("lode.pgdump");
    let out = tokio::process::Command::new("pg_dump")
        .arg("--format=custom")
        .arg("--no-owner")
        .arg(format!("--snapshot={snapshot}"))
        .arg("--file")
        .arg(&target)
        .arg("--dbname")
        .arg(without_password(&config.database_url))
        .envs(password_env(&config.database_url))
        .output()
        .await
        .context("running pg_dump (install postgresql-client)")?;
    conn.execute("COMMIT").await?;
    ensure!(
        out.status.success(),
        "pg_dump failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok((part(dest, "lode.pgdump")?, head, files))
}

/// The database URL as PostgreSQL's tools are given it: without its password, which would show
/// in the process list; the password goes in `PGPASSWORD` ([`password_env`]).
fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(None);
            u.to_string()
        }
        _ => url.to_string(),
    }
}

fn password_env(url: &str) -> Vec<(&'static str, String)> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.password().map(|p| ("PGPASSWORD", urlencoding_decode(p))))
        .into_iter()
        .collect()
}

/// A URL's password as it is (percent escapes decoded).
fn urlencoding_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map_or_else(|| s.to_string(), |(_, v)| v.into_owned())
}

/// Whether a PostgreSQL database holds no table yet (what a restore or a move goes into).
pub async fn postgres_is_empty(db: &Db) -> anyhow::Result<bool> {
    let (tables,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(tables == 0)
}

/// Copies the PKI folder's files (keys stay as they are: encrypted when they were), 0600.
fn copy_pki(from: &Path, to: &Path) -> anyhow::Result<Vec<Part>> {
    let mut parts = Vec::new();
    if !from.is_dir() {
        return Ok(parts);
    }
    crate::private::dir(to)?;
    let mut names: Vec<String> = std::fs::read_dir(from)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    for name in names {
        crate::private::file(&to.join(&name), &std::fs::read(from.join(&name))?)?;
        parts.push(part(to, &name)?);
    }
    Ok(parts)
}

/// What checking a backup found.
#[derive(Debug)]
pub struct Checked {
    pub manifest: Manifest,
    pub problems: Vec<String>,
}

/// Checks every part of a backup against its manifest, and (for SQLite) the audit chain of the
/// copy against the head the manifest names.
pub async fn verify(src: &Path) -> anyhow::Result<Checked> {
    let text = std::fs::read_to_string(src.join(MANIFEST))
        .with_context(|| format!("{} has no manifest: not a whole backup", src.display()))?;
    let manifest: Manifest = serde_json::from_str(&text).context("reading the manifest")?;
    let mut problems = Vec::new();
    let mut check = |dir: &Path, p: &Part| match file_sha256(&dir.join(&p.name)) {
        Ok((size, sha)) if size == p.size && sha == p.sha256 => {}
        Ok(_) => problems.push(format!("{} differs from the manifest", p.name)),
        Err(e) => problems.push(format!("{}: {e:#}", p.name)),
    };
    check(src, &manifest.database);
    for p in &manifest.pki {
        check(&src.join("pki"), p);
    }
    for f in &manifest.files {
        if !lode_db::blobs::is_sha256(&f.sha256) {
            problems.push(format!("{} is not a file's hash", f.sha256));
            continue;
        }
        match file_sha256(&file_path(src, &f.sha256)) {
            Ok((_, sha)) if sha == f.sha256 => {}
            Ok(_) => problems.push(format!("the file {} differs from its hash", f.sha256)),
            Err(e) => problems.push(format!("the file {}: {e:#}", f.sha256)),
        }
    }
    if manifest.backend == "sqlite" && problems.is_empty() {
        // checked on a scratch copy: opening a database may change its header (WAL), and the
        // backup must stay byte for byte what its manifest says
        let scratch = std::env::temp_dir().join(format!(
            "lode-verify-{}-{}",
            std::process::id(),
            hex::encode(crate::private::random::<8>()?)
        ));
        crate::private::dir(&scratch)?;
        let copy = scratch.join("lode.db");
        std::fs::copy(src.join("lode.db"), &copy)?;
        let checked = async {
            let db = Db::connect(&format!("sqlite://{}", copy.display())).await?;
            let found = chain_problems(&db, &manifest).await;
            db.close().await;
            found
        }
        .await;
        let _ = std::fs::remove_dir_all(&scratch);
        problems.extend(checked?);
    }
    Ok(Checked { manifest, problems })
}

/// The audit chain of `db`, against the head a manifest names.
async fn chain_problems(db: &Db, manifest: &Manifest) -> anyhow::Result<Vec<String>> {
    let v = lode_db::audit::verify(db).await?;
    let mut problems = Vec::new();
    if let Some(b) = v.broken {
        problems.push(format!("the audit chain is broken: {b}"));
    }
    if (v.head_seq, v.head_hash.as_str()) != (manifest.audit_seq, manifest.audit_hash.as_str()) {
        problems.push(format!(
            "the audit head is {} {}, the manifest says {} {}",
            v.head_seq, v.head_hash, manifest.audit_seq, manifest.audit_hash
        ));
    }
    Ok(problems)
}

/// Restores a checked backup into the configured store, which must be empty: the database (a
/// SQLite file, or an empty PostgreSQL database), the files (local folder or bucket), the PKI
/// folder. Checks the restored audit chain against the manifest.
pub async fn restore(config: &Config, src: &Path) -> anyhow::Result<Manifest> {
    let checked = verify(src).await?;
    if !checked.problems.is_empty() {
        bail!(
            "the backup is not whole:\n  {}",
            checked.problems.join("\n  ")
        );
    }
    let manifest = checked.manifest;
    // the manifest names the PKI files: a name that leaves the folder is no file of ours
    for p in &manifest.pki {
        ensure!(
            !p.name.is_empty()
                && !p.name.starts_with('.')
                && !p.name.contains(['/', '\\'])
                && p.name.chars().all(|c| !c.is_control()),
            "the backup names a PKI file {:?} outside its folder",
            p.name
        );
    }
    let pki = config.data.join("pki");
    if pki.is_dir() && std::fs::read_dir(&pki)?.next().is_some() {
        bail!(
            "{} is not empty: restore into a new data folder",
            pki.display()
        );
    }
    crate::private::dir(&config.data)?;
    match (
        manifest.backend.as_str(),
        config.database_url.starts_with("sqlite:"),
    ) {
        ("sqlite", true) => {
            let path = lode_db::sqlite_path(&config.database_url)
                .context("the database URL names no file")?;
            if path.exists() && std::fs::metadata(&path)?.len() > 0 {
                bail!(
                    "{} exists: restore into an empty data folder",
                    path.display()
                );
            }
            crate::private::file(&path, &std::fs::read(src.join("lode.db"))?)?;
        }
        ("postgres", false) => {
            let db = Db::connect(&config.database_url).await?;
            let empty = postgres_is_empty(&db).await?;
            db.close().await;
            if !empty {
                bail!("the database is not empty: restore into a new, empty database");
            }
            let out = tokio::process::Command::new("pg_restore")
                .arg("--no-owner")
                .arg("--exit-on-error")
                .arg("--dbname")
                .arg(without_password(&config.database_url))
                .envs(password_env(&config.database_url))
                .arg(src.join("lode.pgdump"))
                .output()
                .await
                .context("running pg_restore (install postgresql-client)")?;
            ensure!(
                out.status.success(),
                "pg_restore failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        (b, _) => bail!(
            "a {b} backup is restored into a {b} store (to move from SQLite to PostgreSQL, restore it, then lode migrate-store)"
        ),
    }
    let blobs = Blobs::open(&config.blobs)?;
    for f in &manifest.files {
        let bytes = std::fs::read(file_path(src, &f.sha256))?;
        let sha = blobs.put(bytes::Bytes::from(bytes)).await?;
        ensure!(sha == f.sha256, "the file {} changed on the way", f.sha256);
    }
    if !manifest.pki.is_empty() {
        crate::private::dir(&pki)?;
        for p in &manifest.pki {
            crate::private::file(
                &pki.join(&p.name),
                &std::fs::read(src.join("pki").join(&p.name))?,
            )?;
        }
    }
    let db = Db::connect(&config.database_url).await?;
    let problems = chain_problems(&db, &manifest).await?;
    db.close().await;
    ensure!(
        problems.is_empty(),
        "the restored store does not match the backup:\n  {}",
        problems.join("\n  ")
    );
    Ok(manifest)
}
