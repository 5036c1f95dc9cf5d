//! Sign-in state kept in the database, so that any node can serve any request: browser
//! sessions (with their CSRF token), personal API tokens, and the record of failed logins that
//! throttles guessing per account and per address.
//!
//! Secrets (session ids, API tokens) are random 256-bit values given to the client once; only
//! their SHA-256 is stored, so a copy of the database does not let anyone sign in.

use crate::audit::{self, Event};
use crate::{AuditCtx, Db, DbError, DbResult, format_instant, now};
use base64::Engine;
use chrono::{Duration, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

/// A session ends after this long without a request.
pub const IDLE: Duration = Duration::hours(8);
/// ... and in any case this long after sign-in.
pub const ABSOLUTE: Duration = Duration::hours(24);
/// Failed logins are counted over this window.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// Failed logins for one account within the window before it is locked for the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed logins from one address within the window before it is refused for the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub account_id: i64,
    pub csrf_token: String,
    pub created_at: String,
}

/// Opens a session for `account_id`; returns the secret for the cookie and the session.
pub async fn open(
    db: &Db,
    ctx: &AuditCtx,
    account_id: i64,
    user_agent: Option<&str>,
) -> DbResult<(String, Session)> {
    let secret = random_secret();
    let session = Session {
        token_hash: digest(&secret),
        account_id,
        csrf_token: random_secret(),
        created_at: now(),
    };
    let expires = format_instant(Utc::now() + IDLE);
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
    )
    .bind(&session.token_hash)
    .bind(account_id)
    .bind(&session.csrf_token)
    .bind(&session.created_at)
    .bind(&expires)
    .bind(ctx.ip.as_deref())
    .bind(user_agent.map(|u| u.chars().take(300).collect::<String>()))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM login_failures WHERE username = (SELECT username FROM accounts WHERE id = $1)",
    )
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new("session.login", "account", account_id, json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok((secret, session))
}

/// Finds the live session for a cookie secret and slides its idle expiry.
pub async fn resume(db: &Db, secret: &str) -> DbResult<Option<Session>> {
    let hash = digest(secret);
    let row: Option<(String, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(db.pool())
    .await?;
    let Some((token_hash, account_id, csrf_token, created_at, last_seen, expires_at)) = row else {
        return Ok(None);
    };
    let now_t = Utc::now();
    let expired = crate::parse_instant(&expires_at).is_none_or(|e| e <= now_t)
        || crate::parse_instant(&created_at).is_none_or(|c| c + ABSOLUTE <= now_t);
    if expired {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(db.pool())
            .await?;
        return Ok(None);
    }
    // Write at most once a minute per session, not on every request.
    if crate::parse_instant(&last_seen).is_none_or(|l| l + Duration::minutes(1) < now_t) {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(format_instant(now_t))
            .bind(format_instant(now_t + IDLE))
            .bind(&hash)
            .execute(db.pool())
            .await?;
    }
    Ok(Some(Session {
        token_hash,
        account_id,
        csrf_token,
        created_at,
    }))
}

pub async fn close(db: &Db, ctx: &AuditCtx, session: &Session) -> DbResult<()> {
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&session.token_hash)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new("session.logout", "account", session.account_id, json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Why a login is refused before the password is even checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttled {
    Account,
    Address,
}

/// Whether this username or address has failed too often lately.
pub async fn throttled(db: &Db, username: &str, ip: &str) -> DbResult<Option<Throttled>> {
    let since = format_instant(Utc::now() - FAILURE_WINDOW);
    let (by_account,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at > $2")
            .bind(username.trim().to_lowercase())
            .bind(&since)
            .fetch_one(db.pool())
            .await?;
    if by_account >= MAX_FAILURES_PER_ACCOUNT {
        return Ok(Some(Throttled::Account));
    }
    let (by_address,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at > $2")
            .bind(ip)
            .bind(&since)
            .fetch_one(db.pool())
            .await?;
    Ok((by_address >= MAX_FAILURES_PER_ADDRESS).then_some(Throttled::Address))
}

/// Records a failed login (and audits it: repeated failures are what an administrator looks for).
pub async fn record_failure(db: &Db, ctx: &AuditCtx, username: &str, ip: &str) -> DbResult<()> {
    let username: String = username.trim().to_lowercase().chars().take(64).collect();
    let mut tx = db.write().await?;
    sqlx::query("INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)")
        .bind(&username)
        .bind(ip)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    // Old failures are of no use to the throttle; the audit log keeps them.
    sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(format_instant(Utc::now() - FAILURE_WINDOW - FAILURE_WINDOW))
        .execute(&mut *tx)
        .await?;
    let event = Event {
        action: "session.login_failed",
        entity_type: "account",
        entity_id: None,
        detail: json!({"username": username}),
    };
    audit::append(&mut tx, ctx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// A personal API token, as listed (never with its secret).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// Issues a token; the secret is returned once and never stored.
pub async fn issue_token(
    db: &Db,
    ctx: &AuditCtx,
    account_id: i64,
    name: &str,
) -> DbResult<(String, ApiToken)> {
    let name = lode_core::validation::FieldErrors::from_result(
        "name",
        lode_core::validation::bounded_text(name, 100),
    )?;
    let secret = format!("lode_{}", random_secret());
    let prefix: String = secret.chars().take(12).collect();
    let created_at = now();
    let mut tx = db.write().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO api_tokens (account_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(account_id)
    .bind(&name)
    .bind(digest(&secret))
    .bind(&prefix)
    .bind(&created_at)
    .fetch_one(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new(
            "token.issue",
            "api_token",
            id,
            json!({"name": name, "account_id": account_id}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((
        secret,
        ApiToken {
            id,
            name,
            prefix,
            created_at,
            last_used_at: None,
            revoked_at: None,
        },
    ))
}

pub async fn tokens_of(db: &Db, account_id: i64) -> DbResult<Vec<ApiToken>> {
    type Row = (i64, String, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE account_id = $1 ORDER BY id DESC",
    )
    .bind(account_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, prefix, created_at, last_used_at, revoked_at)| ApiToken {
                id,
                name,
                prefix,
                created_at,
                last_used_at,
                revoked_at,
            },
        )
        .collect())
}

/// Revokes one of the account's own tokens.
pub async fn revoke_token(db: &Db, ctx: &AuditCtx, account_id: i64, token_id: i64) -> DbResult<()> {
    let mut tx = db.write().await?;
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL")
        .bind(now())
        .bind(token_id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    audit::append(
        &mut tx,
        ctx,
        Event::new("token.revoke", "api_token", token_id, json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The account a bearer token belongs to, if the token is live.
pub async fn token_account(db: &Db, secret: &str) -> DbResult<Option<i64>> {
    let hash = digest(secret);
    let row: Option<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, account_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(&hash)
    .fetch_optional(db.pool())
    .await?;
    let Some((id, account_id, last_used)) = row else {
        return Ok(None);
    };
    let now_t = Utc::now();
    if last_used
        .as_deref()
        .and_then(crate::parse_instant)
        .is_none_or(|l| l + Duration::minutes(1) < now_t)
    {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(format_instant(now_t))
            .bind(id)
            .execute(db.pool())
            .await?;
    }
    Ok(Some(account_id))
}

/// Deletes sessions past their expiry and login failures older than the throttle needs.
/// Safe to run on every node at once. Returns how many sessions and failures went.
pub async fn sweep(db: &Db) -> DbResult<(u64, u64)> {
    let now_t = Utc::now();
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR created_at <= $2")
        .bind(format_instant(now_t))
        .bind(format_instant(now_t - ABSOLUTE))
        .execute(db.pool())
        .await?
        .rows_affected();
    let failures = sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(format_instant(now_t - FAILURE_WINDOW))
        .execute(db.pool())
        .await?
        .rows_affected();
    Ok((sessions, failures))
}

/// A live session of an account, as its holder sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionInfo {
    pub created_at: String,
    pub last_seen_at: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session this request comes with.
    pub current: bool,
}

/// The account's live sessions, newest first.
pub async fn of_account(
    db: &Db,
    account_id: i64,
    current_hash: Option<&str>,
) -> DbResult<Vec<SessionInfo>> {
    type Row = (String, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT token_hash, created_at, last_seen_at, ip, user_agent FROM sessions
         WHERE account_id = $1 AND expires_at > $2 ORDER BY created_at DESC",
    )
    .bind(account_id)
    .bind(now())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(hash, created_at, last_seen_at, ip, user_agent)| SessionInfo {
                current: current_hash == Some(hash.as_str()),
                created_at,
                last_seen_at,
                ip,
                user_agent,
            },
        )
        .collect())
}

/// Ends every session of the account but `keep_hash` ("sign out everywhere else").
pub async fn close_others(
    db: &Db,
    ctx: &AuditCtx,
    account_id: i64,
    keep_hash: Option<&str>,
) -> DbResult<u64> {
    let mut tx = db.write().await?;
    let ended = sqlx::query(
        "DELETE FROM sessions WHERE account_id = $1 AND ($2 IS NULL OR token_hash <> $2)",
    )
    .bind(account_id)
    .bind(keep_hash)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    audit::append(
        &mut tx,
        ctx,
        Event::new(
            "session.close_others",
            "account",
            account_id,
            json!({"ended": ended}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}
