//! Content-addressed file storage: a file is stored under the SHA-256 of its bytes, written
//! before the row that points at it, never overwritten. The bytes live on local disk (the
//! embedded default) or in an S3-compatible bucket (several nodes), through `object_store`; the
//! `files` table keeps their size and type.

use crate::{Db, DbResult, Tx};
use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, PutPayload};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The media type of a PDF.
pub const PDF: &str = "application/pdf";
/// The media type of a DOCX file.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Whether `s` is a file's address: 64 hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Where the bytes go.
#[derive(Debug, Clone)]
pub enum BlobConfig {
    Local(std::path::PathBuf),
    S3 {
        endpoint: String,
        bucket: String,
        region: String,
        access_key: String,
        secret_key: String,
    },
}

#[derive(Clone, Debug)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    description: String,
}

impl Blobs {
    pub fn open(config: &BlobConfig) -> anyhow::Result<Self> {
        match config {
            BlobConfig::Local(dir) => {
                std::fs::create_dir_all(dir)?;
                Ok(Self {
                    store: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
                    description: format!("local files in {}", dir.display()),
                })
            }
            BlobConfig::S3 {
                endpoint,
                bucket,
                region,
                access_key,
                secret_key,
            } => {
                let store = AmazonS3Builder::new()
                    .with_endpoint(endpoint)
                    .with_bucket_name(bucket)
                    .with_region(region)
                    .with_access_key_id(access_key)
                    .with_secret_access_key(secret_key)
                    .with_allow_http(endpoint.starts_with("http://"))
                    .with_virtual_hosted_style_request(false)
                    .build()?;
                Ok(Self {
                    store: Arc::new(store),
                    description: format!("S3 bucket {bucket} at {endpoint}"),
                })
            }
        }
    }

    pub fn describe(&self) -> &str {
        &self.description
    }

    fn key(sha256: &str) -> StorePath {
        StorePath::from(format!("sha256/{}/{}", &sha256[..2], sha256))
    }

    /// Stores `bytes` unless already there; returns their SHA-256 in hex.
    pub async fn put(&self, bytes: Bytes) -> anyhow::Result<String> {
        let sha = hex::encode(Sha256::digest(&bytes));
        let key = Self::key(&sha);
        match self.store.head(&key).await {
            Ok(_) => {}
            Err(object_store::Error::NotFound { .. }) => {
                self.store.put(&key, PutPayload::from(bytes)).await?;
            }
            Err(e) => return Err(e.into()),
        }
        Ok(sha)
    }

    /// Puts bytes back after their row was recorded, in case the orphan sweep removed them
    /// between the first put and the record (see [`sweep_orphans`]).
    pub async fn put_again(&self, bytes: Bytes) -> anyhow::Result<()> {
        self.put(bytes).await.map(|_| ())
    }

    /// Removes the bytes stored under `sha256`, if any.
    pub async fn delete(&self, sha256: &str) -> anyhow::Result<()> {
        if !is_sha256(sha256) {
            return Ok(());
        }
        match self.store.delete(&Self::key(sha256)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes stored under `sha256`, checked against it, or `None`.
    pub async fn get(&self, sha256: &str) -> anyhow::Result<Option<Bytes>> {
        if !is_sha256(sha256) {
            return Ok(None);
        }
        match self.store.get(&Self::key(sha256)).await {
            Ok(r) => {
                let bytes = r.bytes().await?;
                anyhow::ensure!(
                    hex::encode(Sha256::digest(&bytes)) == sha256,
                    "stored file {sha256} does not match its hash"
                );
                Ok(Some(bytes))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// Records the metadata of stored bytes (once per content; the time of the last record, which
/// keeps a file from the orphan sweep for a while, and locks its row against a sweep under way).
pub async fn record(tx: &mut Tx, sha256: &str, size: usize, content_type: &str) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO files (sha256, size, content_type, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256) DO UPDATE SET created_at = excluded.created_at",
    )
    .bind(sha256)
    .bind(i64::try_from(size).unwrap_or(i64::MAX))
    .bind(content_type)
    .bind(crate::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records bytes a person uploaded: the file's metadata, and that they uploaded it (which lets
/// them, and only them, reference it in a new record; see [`require_uploaded_by`]).
pub async fn record_upload(
    tx: &mut Tx,
    sha256: &str,
    size: usize,
    content_type: &str,
    account_id: i64,
) -> DbResult<()> {
    record(tx, sha256, size, content_type).await?;
    let now = crate::now();
    sqlx::query(
        "INSERT INTO file_uploads (sha256, account_id, uploaded_at) VALUES ($1, $2, $3)
         ON CONFLICT (sha256, account_id) DO UPDATE SET uploaded_at = $3",
    )
    .bind(sha256)
    .bind(account_id)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether `account_id` uploaded the file `sha256`.
pub async fn uploaded_by(db: &Db, sha256: &str, account_id: i64) -> DbResult<bool> {
    let theirs: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM file_uploads WHERE sha256 = $1 AND account_id = $2")
            .bind(sha256)
            .bind(account_id)
            .fetch_optional(&mut db.read().await?)
            .await?;
    Ok(theirs.is_some())
}

/// [`require_recorded`], for a hash a person sends: the file must also be one they uploaded.
/// Knowing a file's hash is no key to it: another's upload is answered as unknown.
pub async fn require_uploaded_by(
    conn: &mut crate::Conn,
    sha256: &str,
    types: &[&str],
    account_id: i64,
    field: &str,
    errors: &mut lode_core::validation::FieldErrors,
) -> DbResult<()> {
    let theirs: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM file_uploads WHERE sha256 = $1 AND account_id = $2")
            .bind(sha256)
            .bind(account_id)
            .fetch_optional(&mut *conn)
            .await?;
    if theirs.is_none() {
        errors.add(field, "not_found", "no file was uploaded with this hash");
        return Ok(());
    }
    require_recorded(conn, sha256, types, field, errors).await
}

/// Every column that may point at a file, read from the schema: by lode's convention a column
/// holding a file's digest ends in `sha256`, whichever capability owns its table, so that a
/// capability's new table is covered without the store knowing of it (a file none of them names
/// is an orphan). A digest that names no file (a certificate's) only keeps alive a file of the
/// same bytes, which errs on the side of keeping.
pub async fn file_columns(db: &Db) -> DbResult<Vec<(String, String)>> {
    let rows: Vec<(String, String)> = match db.backend() {
        crate::Backend::Sqlite => sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND p.name LIKE '%sha256' ORDER BY 1, 2",
        ),
        crate::Backend::Postgres => sqlx::query_as(
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT)
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND column_name LIKE '%sha256' ORDER BY 1, 2",
        ),
    }
    .fetch_all(db.pool())
    .await?;
    // names from the catalogue go into SQL: only plain identifiers do
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    Ok(rows
        .into_iter()
        .filter(|(t, c)| plain(t) && plain(c))
        .filter(|(t, _)| t != "files" && t != "file_uploads")
        .collect())
}

/// How long an uploaded file nobody references is kept: the forms that upload first and
/// refer later are done within it.
pub const ORPHAN_DAYS: i64 = 7;

/// Removes files nobody references, uploaded (or recorded) more than [`ORPHAN_DAYS`] ago: their
/// rows, then their bytes. Returns how many went. Safe on several nodes at once.
///
/// Each file goes in a transaction of its own whose delete states the orphan test again, so a
/// file referenced or uploaded again since it was listed stays. The bytes go while that delete is
/// not yet committed: an upload of the same bytes records its row only after it (it waits for the
/// write lock on SQLite, for the row on PostgreSQL, see [`record`]) and then puts its bytes again.
/// A file that cannot be removed is left for the next sweep.
pub async fn sweep_orphans(db: &Db, blobs: &Blobs) -> DbResult<usize> {
    let cutoff = crate::format_instant(chrono::Utc::now() - chrono::Duration::days(ORPHAN_DAYS));
    let columns = file_columns(db).await?;
    let orphan = orphan_test(&columns);
    let candidates: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT f.sha256 FROM files f WHERE {orphan} LIMIT 500"
    ))
    .bind(&cutoff)
    .fetch_all(db.pool())
    .await?;
    let mut removed = 0;
    for (sha,) in &candidates {
        match remove_orphan(db, blobs, sha, &cutoff, &orphan).await {
            Ok(true) => removed += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(file = %sha, error = %e, "a file nobody references stays"),
        }
    }
    Ok(removed)
}

/// The test a file passes when it is an orphan older than `$1`, for a `files f` row.
fn orphan_test(columns: &[(String, String)]) -> String {
    let unreferenced = columns
        .iter()
        .map(|(t, c)| format!("NOT EXISTS (SELECT 1 FROM {t} r WHERE r.{c} = f.sha256)"))
        .collect::<Vec<_>>()
        .join(" AND ");
    format!(
        "f.created_at < $1 AND {unreferenced}
         AND NOT EXISTS (SELECT 1 FROM file_uploads u WHERE u.sha256 = f.sha256 AND u.uploaded_at >= $1)"
    )
}

async fn remove_orphan(
    db: &Db,
    blobs: &Blobs,
    sha: &str,
    cutoff: &str,
    orphan: &str,
) -> DbResult<bool> {
    let mut tx = db.write().await?;
    sqlx::query(&format!(
        "DELETE FROM file_uploads WHERE sha256 = $2 AND EXISTS (SELECT 1 FROM files f WHERE f.sha256 = $2 AND {orphan})"
    ))
    .bind(cutoff)
    .bind(sha)
    .execute(&mut *tx)
    .await?;
    let gone = sqlx::query(&format!(
        "DELETE FROM files AS f WHERE f.sha256 = $2 AND {orphan}"
    ))
    .bind(cutoff)
    .bind(sha)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if gone != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    blobs.delete(sha).await?;
    tx.commit().await?;
    Ok(true)
}

/// Checks that a file was recorded under `sha256` with one of `types`; notes the problem under
/// `field` otherwise.
pub async fn require_recorded(
    conn: &mut crate::Conn,
    sha256: &str,
    types: &[&str],
    field: &str,
    errors: &mut lode_core::validation::FieldErrors,
) -> DbResult<()> {
    let ct: Option<(String,)> = sqlx::query_as("SELECT content_type FROM files WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&mut *conn)
        .await?;
    match ct {
        None => errors.add(field, "not_found", "no file was uploaded with this hash"),
        Some((c,)) if !types.contains(&c.as_str()) => errors.add(
            field,
            "wrong_file_type",
            format!("must be of type {}", types.join(" or ")),
        ),
        Some(_) => {}
    }
    Ok(())
}

/// The recorded content type of a file.
pub async fn content_type(db: &Db, sha256: &str) -> DbResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT content_type FROM files WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|r| r.0))
}

/// Recognises the image types lode accepts by their first bytes (never by the name or the
/// declared type, which the client controls).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}
