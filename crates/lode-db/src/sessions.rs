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
/// Failed logins for one account from one address, within the window, before that pair is
/// refused for the rest of the window.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Failed logins for one account from all addresses together (a guessing spread over many
/// machines) before the account is refused to browsers it does not know.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 50;
/// Failed logins from one address, for any accounts, before it is refused to browsers the
/// accounts do not know.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// Failed logins from a browser the account knows before that browser is refused too.
pub const MAX_FAILURES_PER_DEVICE: i64 = 5;
/// How long a browser stays known to an account after its last sign-in.
pub const DEVICE_TERM: Duration = Duration::days(365);
/// How long an API token lasts when its holder names no end.
pub const TOKEN_TERM: Duration = Duration::days(90);
/// The longest an API token may last.
pub const TOKEN_TERM_MAX: Duration = Duration::days(366);

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
    .fetch_optional(&mut db.read().await?)
    .await?;
    let Some((token_hash, account_id, csrf_token, created_at, last_seen, expires_at)) = row else {
        return Ok(None);
    };
    let now_t = Utc::now();
    let expired = crate::parse_instant(&expires_at).is_none_or(|e| e <= now_t)
        || crate::parse_instant(&created_at).is_none_or(|c| c + ABSOLUTE <= now_t);
    // Writes go through the writer lane like every other (on SQLite a write beside it would
    // wait on the busy timeout for as long as writers keep the lane busy).
    if expired {
        let mut tx = db.write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok(None);
    }
    // Write at most once a minute per session, not on every request.
    if crate::parse_instant(&last_seen).is_none_or(|l| l + Duration::minutes(1) < now_t) {
        let mut tx = db.write().await?;
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(format_instant(now_t))
            .bind(format_instant(now_t + IDLE))
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
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
    /// Too many failures from this browser the account knows.
    Device,
    /// Too many failures for this account from this address, or from everywhere.
    Account,
    /// Too many failures from this address.
    Address,
}

/// The browser an attempt comes from, when the account named signed in from it before: the
/// digest of its device cookie. Such an attempt is judged by its own failures only, so that
/// the holder of an account under attack still signs in, and an office behind one address is
/// not locked out by one guesser among them.
pub async fn known_device(
    db: &Db,
    username: &str,
    device_secret: Option<&str>,
) -> DbResult<Option<String>> {
    let Some(secret) = device_secret.filter(|s| !s.is_empty() && s.len() <= 128) else {
        return Ok(None);
    };
    let hash = digest(secret);
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT d.token_hash FROM trusted_devices d JOIN accounts a ON a.id = d.account_id
         WHERE d.token_hash = $1 AND a.username = $2 AND d.last_used_at > $3",
    )
    .bind(&hash)
    .bind(username.trim().to_lowercase())
    .bind(format_instant(Utc::now() - DEVICE_TERM))
    .fetch_optional(db.pool())
    .await?;
    Ok(found.map(|(h,)| h))
}

/// Whether an attempt to sign in as `username` from `ip` (and `device`, a browser the account
/// knows) is refused before its password is checked.
pub async fn throttled(
    db: &Db,
    username: &str,
    ip: &str,
    device: Option<&str>,
) -> DbResult<Option<Throttled>> {
    let since = format_instant(Utc::now() - FAILURE_WINDOW);
    if let Some(device) = device {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE device = $1 AND at > $2")
                .bind(device)
                .bind(&since)
                .fetch_one(db.pool())
                .await?;
        return Ok((n >= MAX_FAILURES_PER_DEVICE).then_some(Throttled::Device));
    }
    // the three counts of attempts from browsers the account does not know, in one read
    let (pair, everywhere, address): (i64, i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN username = $1 AND ip = $2 THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN username = $1 THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN ip = $2 THEN 1 ELSE 0 END), 0)
         FROM login_failures
         WHERE at > $3 AND device IS NULL AND (username = $1 OR ip = $2)",
    )
    .bind(username.trim().to_lowercase())
    .bind(ip)
    .bind(&since)
    .fetch_one(db.pool())
    .await?;
    Ok(
        if pair >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS || everywhere >= MAX_FAILURES_PER_ACCOUNT {
            Some(Throttled::Account)
        } else if address >= MAX_FAILURES_PER_ADDRESS {
            Some(Throttled::Address)
        } else {
            None
        },
    )
}

/// Records a failed login (and audits it: repeated failures are what an administrator looks
/// for). Attempts refused by the throttle are not recorded: a lock runs its window and ends,
/// however long someone keeps knocking.
pub async fn record_failure(
    db: &Db,
    ctx: &AuditCtx,
    username: &str,
    ip: &str,
    device: Option<&str>,
) -> DbResult<()> {
    record_wrong_password(
        db,
        ctx,
        (username, ip, device),
        ("session.login_failed", None),
    )
    .await
}

/// A signed-in person's password typed wrong where lode asked them to confirm it is them
/// (before signing with the key it keeps for them): counted with the failed sign-ins, which
/// throttle both, and kept in the log as what it was, under their account.
pub async fn record_wrong_confirmation(
    db: &Db,
    ctx: &AuditCtx,
    (username, account_id): (&str, i64),
    ip: &str,
) -> DbResult<()> {
    record_wrong_password(
        db,
        ctx,
        (username, ip, None),
        ("session.confirm_failed", Some(account_id)),
    )
    .await
}

async fn record_wrong_password(
    db: &Db,
    ctx: &AuditCtx,
    (username, ip, device): (&str, &str, Option<&str>),
    (action, account_id): (&'static str, Option<i64>),
) -> DbResult<()> {
    let username: String = username.trim().to_lowercase().chars().take(64).collect();
    let mut tx = db.write().await?;
    sqlx::query("INSERT INTO login_failures (username, ip, at, device) VALUES ($1, $2, $3, $4)")
        .bind(&username)
        .bind(ip)
        .bind(now())
        .bind(device)
        .execute(&mut *tx)
        .await?;
    // Old failures are of no use to the throttle; the audit log keeps them.
    sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(format_instant(Utc::now() - FAILURE_WINDOW - FAILURE_WINDOW))
        .execute(&mut *tx)
        .await?;
    // a sign-in that names an account is kept under it, so that its own log shows the attempt
    let account_id = match account_id {
        Some(id) => Some(id),
        None => sqlx::query_as::<_, (i64,)>("SELECT id FROM accounts WHERE username = $1")
            .bind(&username)
            .fetch_optional(&mut *tx)
            .await?
            .map(|(id,)| id),
    };
    let event = Event {
        action,
        entity_type: "account",
        entity_id: account_id.map(|id| id.to_string()),
        detail: json!({"username": username}),
    };
    audit::append(&mut tx, ctx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// Counts one request of `kind` (`register`, ...) from `client` and says whether it stays
/// within `limit` per `window`: what is over is refused (and not counted, so a refusal ends
/// with the window).
pub async fn within_limit(
    db: &Db,
    kind: &str,
    client: &str,
    limit: i64,
    window: Duration,
) -> DbResult<bool> {
    let now_t = Utc::now();
    let since = format_instant(now_t - window);
    let mut tx = db.write().await?;
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM attempts WHERE kind = $1 AND client = $2 AND at > $3")
            .bind(kind)
            .bind(client)
            .bind(&since)
            .fetch_one(&mut *tx)
            .await?;
    if n >= limit {
        return Ok(false);
    }
    sqlx::query("INSERT INTO attempts (kind, client, at) VALUES ($1, $2, $3)")
        .bind(kind)
        .bind(client)
        .bind(format_instant(now_t))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM attempts WHERE kind = $1 AND at < $2")
        .bind(kind)
        .bind(format_instant(now_t - window - window))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Remembers the browser an account just signed in from: the same device secret again when
/// it already was known (`known`, its digest), a new one otherwise. Returns the secret for the
/// device cookie.
pub async fn remember_device(
    db: &Db,
    account_id: i64,
    known: Option<(&str, &str)>,
) -> DbResult<String> {
    let mut tx = db.write().await?;
    let at = now();
    let secret = match known {
        Some((secret, hash)) => {
            sqlx::query("UPDATE trusted_devices SET last_used_at = $1 WHERE token_hash = $2")
                .bind(&at)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
            secret.to_string()
        }
        None => {
            let secret = random_secret();
            sqlx::query(
                "INSERT INTO trusted_devices (token_hash, account_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)",
            )
            .bind(digest(&secret))
            .bind(account_id)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            secret
        }
    };
    // browsers not seen for a term are forgotten
    sqlx::query("DELETE FROM trusted_devices WHERE account_id = $1 AND last_used_at < $2")
        .bind(account_id)
        .bind(format_instant(Utc::now() - DEVICE_TERM))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(secret)
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
    /// When the token stops working.
    pub expires_at: String,
    /// Revoked by its holder, or by a change or reset of the password.
    pub revoked_at: Option<String>,
}

/// When a token issued at `created_at` ends: its own end, or the default term for tokens
/// issued before tokens had one.
fn token_end(created_at: &str, expires_at: Option<String>) -> String {
    // an issue time that cannot be read ends the token at once
    expires_at.unwrap_or_else(|| {
        crate::parse_instant(created_at)
            .map_or_else(String::new, |c| format_instant(c + TOKEN_TERM))
    })
}

/// Issues a token lasting `days` (the default term when none); the secret is returned once and
/// never stored.
pub async fn issue_token(
    db: &Db,
    ctx: &AuditCtx,
    account_id: i64,
    name: &str,
    days: Option<i64>,
) -> DbResult<(String, ApiToken)> {
    let mut errors = lode_core::validation::FieldErrors::new();
    let name = errors.take("name", lode_core::validation::bounded_text(name, 100));
    let term = match days {
        None => Some(TOKEN_TERM),
        Some(d) if (1..=TOKEN_TERM_MAX.num_days()).contains(&d) => Some(Duration::days(d)),
        Some(_) => {
            errors.add(
                "expires_in_days",
                "out_of_range",
                "a token lasts from 1 to 366 days",
            );
            None
        }
    };
    errors.clone().into_result()?;
    let (Some(name), Some(term)) = (name, term) else {
        return Err(errors.into());
    };
    let secret = format!("lode_{}", random_secret());
    let prefix: String = secret.chars().take(12).collect();
    let created = Utc::now();
    let created_at = format_instant(created);
    let expires_at = format_instant(created + term);
    let mut tx = db.write().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO api_tokens (account_id, name, token_hash, prefix, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(account_id)
    .bind(&name)
    .bind(digest(&secret))
    .bind(&prefix)
    .bind(&created_at)
    .bind(&expires_at)
    .fetch_one(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new(
            "token.issue",
            "api_token",
            id,
            json!({"name": name, "account_id": account_id, "expires_at": expires_at}),
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
            expires_at,
            revoked_at: None,
        },
    ))
}

pub async fn tokens_of(db: &Db, account_id: i64) -> DbResult<Vec<ApiToken>> {
    type Row = (
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at, expires_at FROM api_tokens WHERE account_id = $1 ORDER BY id DESC",
    )
    .bind(account_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, prefix, created_at, last_used_at, revoked_at, expires_at)| ApiToken {
                expires_at: token_end(&created_at, expires_at),
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
    // id, account, last used, created, expires
    type Row = (i64, i64, Option<String>, String, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, account_id, last_used_at, created_at, expires_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(&hash)
    .fetch_optional(&mut db.read().await?)
    .await?;
    let Some((id, account_id, last_used, created_at, expires_at)) = row else {
        return Ok(None);
    };
    let now_t = Utc::now();
    if token_end(&created_at, expires_at) <= format_instant(now_t) {
        return Ok(None);
    }
    if last_used
        .as_deref()
        .and_then(crate::parse_instant)
        .is_none_or(|l| l + Duration::minutes(1) < now_t)
    {
        let mut tx = db.write().await?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(format_instant(now_t))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(Some(account_id))
}

/// Deletes sessions past their expiry and login failures older than the throttle needs.
/// Safe to run on every node at once. Returns how many sessions and failures went.
pub async fn sweep(db: &Db) -> DbResult<(u64, u64)> {
    let now_t = Utc::now();
    let mut tx = db.write().await?;
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR created_at <= $2")
        .bind(format_instant(now_t))
        .bind(format_instant(now_t - ABSOLUTE))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let failures = sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(format_instant(now_t - FAILURE_WINDOW))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
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
