//! Notifications: overdue and due-soon documents (and public-service dossiers, certificates) told
//! to the people who must act on them, in the application and, when the person has an address
//! and a mail server is configured, by e-mail; what happens to a dossier told to its applicant.
//!
//! Each notification has a key (reason, record, person, deadline), so the capabilities' sweeps,
//! repeated on any number of nodes, create each one once. E-mails
//! are claimed one by one before sending, so two nodes never send the same one; a claim lasts
//! [`EMAIL_LEASE`], after which an e-mail whose node died goes back to the queue.

use crate::{Db, DbResult, Page, into_page, page_limit};

/// Attempts at sending one e-mail before giving up on it.
pub const EMAIL_TRIES: i64 = 5;
/// How long a node's claim on an e-mail lasts: one still 'sending' after it was abandoned.
pub const EMAIL_LEASE: chrono::Duration = chrono::Duration::minutes(10);

/// A notification as stored: what to tell (a message code and its arguments, rendered in the
/// reader's language where it is read), or, for those written before messages, the text.
#[derive(Debug, Clone)]
pub struct Notification {
    pub id: i64,
    /// `overdue`, `due_soon`, `certificate_expiring`, `application_…`.
    pub kind: String,
    pub incoming_id: Option<i64>,
    pub message: Option<String>,
    pub args: serde_json::Value,
    /// The text of a notification written before messages (empty otherwise).
    pub title: String,
    pub body: String,
    /// Where in lode to act on it.
    pub link: String,
    pub created_at: String,
    pub read_at: Option<String>,
}

/// An e-mail to send: the notification and its addressee.
#[derive(Debug, Clone)]
pub struct PendingEmail {
    pub notification: Notification,
    pub to_address: String,
    pub to_name: String,
    /// When this node claimed it: what it reports counts only while the claim is its own.
    pub claimed_at: String,
}

/// The message `code` from `messages`, the list of what a capability tells people (each with
/// its title and body in both languages, `notice.{message}.title` and `.body`, which the
/// capability's tests check). A code its list lacks is refused rather than stored where no one
/// could read it.
pub fn message(messages: &'static [&'static str], code: &str) -> DbResult<&'static str> {
    messages
        .iter()
        .copied()
        .find(|m| *m == code)
        .ok_or_else(|| {
            crate::DbError::Other(anyhow::anyhow!("{code} is no message of its capability"))
        })
}

/// One thing to tell one person, once per key: a message code and its arguments (days as
/// `YYYY-MM-DD` in arguments whose name ends in `_day`), rendered where it is read.
pub struct Notice<'a> {
    pub account_id: i64,
    pub kind: &'a str,
    pub incoming_id: Option<i64>,
    pub message: &'a str,
    pub args: &'a serde_json::Value,
    pub link: &'a str,
    pub dedupe_key: &'a str,
}

/// One person to tell, while their account is active: their id and e-mail address.
pub async fn recipient<'e, E>(conn: E, account_id: i64) -> DbResult<Option<(i64, Option<String>)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query_as("SELECT id, email FROM accounts WHERE id = $1 AND active = 1")
            .bind(account_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Writes a notification unless one with its key exists; it goes by e-mail too when the person
/// has an address. Returns how many were new (0 or 1).
pub async fn insert<'e, E>(conn: E, n: &Notice<'_>, email: Option<&str>) -> DbResult<usize>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let state = if email.is_some_and(|e| !e.trim().is_empty()) {
        "pending"
    } else {
        "none"
    };
    let r = sqlx::query(
        "INSERT INTO notifications (account_id, kind, incoming_id, title, body, message, args, link,
                                    dedupe_key, created_at, email_state)
         VALUES ($1, $2, $3, '', '', $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(n.account_id)
    .bind(n.kind)
    .bind(n.incoming_id)
    .bind(n.message)
    .bind(n.args.to_string())
    .bind(n.link)
    .bind(n.dedupe_key)
    .bind(crate::now())
    .bind(state)
    .execute(conn)
    .await?;
    Ok(usize::try_from(r.rows_affected()).unwrap_or(0))
}

const COLUMNS: &str =
    "id, kind, incoming_id, title, body, link, created_at, read_at, message, args";

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for Notification {
    fn from_row(r: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        let args: Option<String> = r.try_get("args")?;
        Ok(Self {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            incoming_id: r.try_get("incoming_id")?,
            message: r.try_get("message")?,
            args: args
                .and_then(|a| serde_json::from_str(&a).ok())
                .unwrap_or(serde_json::Value::Null),
            title: r.try_get("title")?,
            body: r.try_get("body")?,
            link: r.try_get("link")?,
            created_at: r.try_get("created_at")?,
            read_at: r.try_get("read_at")?,
        })
    }
}

/// A person's notifications, newest first.
pub async fn list(
    db: &Db,
    account_id: i64,
    unread_only: bool,
    before: Option<i64>,
    limit: Option<i64>,
) -> DbResult<Page<Notification>> {
    let limit = page_limit(limit);
    let rows: Vec<Notification> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM notifications
         WHERE account_id = $1 AND ($2 = 0 OR read_at IS NULL) AND ($3 IS NULL OR id < $3)
         ORDER BY id DESC LIMIT $4"
    ))
    .bind(account_id)
    .bind(i64::from(unread_only))
    .bind(before)
    .bind(limit + 1)
    .fetch_all(db.pool())
    .await?;
    Ok(into_page(rows, limit, |n| n.id))
}

/// A numbered page (from 1) of a person's notifications, newest first, all or the unread only,
/// with how many there are.
pub async fn numbered_page(
    db: &Db,
    account_id: i64,
    unread_only: bool,
    page: i64,
    limit: i64,
) -> DbResult<Page<Notification>> {
    let offset = lode_core::validation::FieldErrors::from_result(
        "page",
        crate::page_offset(Some(page), limit),
    )?;
    let rows: Vec<Notification> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM notifications
         WHERE account_id = $1 AND ($2 = 0 OR read_at IS NULL)
         ORDER BY id DESC LIMIT $3 OFFSET {offset}"
    ))
    .bind(account_id)
    .bind(i64::from(unread_only))
    .bind(limit + 1)
    .fetch_all(db.pool())
    .await?;
    let (counted,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM notifications
         WHERE account_id = $1 AND ($2 = 0 OR read_at IS NULL) LIMIT {}) n",
        crate::COUNT_BOUND + 1
    ))
    .bind(account_id)
    .bind(i64::from(unread_only))
    .fetch_one(db.pool())
    .await?;
    let mut page = into_page(rows, limit, |n| n.id);
    page.total = Some(crate::Total::of_counted(counted));
    Ok(page)
}

/// A notice's link, or a link to a part of its page (`/incoming/7#phoi-hop`), as `LIKE` reads
/// it.
fn part_of(link: &str) -> String {
    format!("{}#%", crate::like_escape(link))
}

/// The person's unread notices, and how many of them lead to `link` (or a part of its page):
/// the menu's count, and whether the page opened is where some are read, in one reading.
pub async fn unread_at(db: &Db, account_id: i64, link: &str) -> DbResult<(i64, i64)> {
    let (all, here): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN link = $2 OR link LIKE $3 ESCAPE '\\' THEN 1 ELSE 0 END), 0)
         FROM notifications WHERE account_id = $1 AND read_at IS NULL",
    )
    .bind(account_id)
    .bind(link)
    .bind(part_of(link))
    .fetch_one(db.pool())
    .await?;
    Ok((all, here))
}

/// The person's unread notices about what `link` leads to, marked read as they open it: seen
/// there, they need no opening from the list.
pub async fn seen_at(db: &Db, account_id: i64, link: &str) -> DbResult<u64> {
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE notifications SET read_at = $1
         WHERE (link = $2 OR link LIKE $4 ESCAPE '\\') AND read_at IS NULL AND account_id = $3",
    )
    .bind(crate::now())
    .bind(link)
    .bind(account_id)
    .bind(part_of(link))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(done)
}

pub async fn unread_count(db: &Db, account_id: i64) -> DbResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND read_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(db.pool())
    .await?;
    Ok(n)
}

/// Tells each of `recipients` (an account and its e-mail address, if any) the same thing about
/// what `link` leads to, in the caller's transaction; each notice is new.
pub async fn tell_each(
    tx: &mut crate::Tx,
    kind: &str,
    message: &str,
    args: &serde_json::Value,
    (link, incoming_id): (&str, Option<i64>),
    recipients: &[(i64, Option<String>)],
) -> DbResult<()> {
    let at = crate::now();
    for (account, email) in recipients {
        let notice = Notice {
            account_id: *account,
            kind,
            incoming_id,
            message,
            args,
            link,
            dedupe_key: &format!("{kind}:{link}:{account}:{at}"),
        };
        insert(&mut **tx, &notice, email.as_deref()).await?;
    }
    Ok(())
}

/// Which of the unread notices about a link a step settles.
#[derive(Debug, Clone, Copy)]
pub enum Settled<'a> {
    /// Every one: they asked someone to act on it, and a step has been taken since.
    All,
    /// Those of one kind: what they asked was answered, and the others still ask.
    OfKind(&'a str),
    /// All but those of one kind, whose question the step leaves open.
    AllBut(&'a str),
}

/// Settles, in the caller's transaction, the notices still unread about what `link` leads to:
/// they asked someone to act on it, and a step has been taken since.
pub async fn settle(tx: &mut crate::Tx, link: &str) -> DbResult<()> {
    settle_those(tx, link, Settled::All).await
}

/// Settles, in the caller's transaction, the unread notices of one kind about what `link`
/// leads to: what they asked was answered, and the others still ask.
pub async fn settle_kind(tx: &mut crate::Tx, link: &str, kind: &str) -> DbResult<()> {
    settle_those(tx, link, Settled::OfKind(kind)).await
}

/// Settles, in the caller's transaction, the unread notices about what `link` leads to that
/// `which` names.
pub async fn settle_those(tx: &mut crate::Tx, link: &str, which: Settled<'_>) -> DbResult<()> {
    const SETTLE: &str =
        "UPDATE notifications SET read_at = $1 WHERE link = $2 AND read_at IS NULL";
    let (sql, kind) = match which {
        Settled::All => (SETTLE.to_string(), None),
        Settled::OfKind(kind) => (format!("{SETTLE} AND kind = $3"), Some(kind)),
        Settled::AllBut(kind) => (format!("{SETTLE} AND kind <> $3"), Some(kind)),
    };
    let mut query = sqlx::query(&sql).bind(crate::now()).bind(link);
    if let Some(kind) = kind {
        query = query.bind(kind);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Opens one of the person's notifications: marks it read and answers where it leads (none
/// for another's notification or one that does not exist).
pub async fn open(db: &Db, account_id: i64, id: i64) -> DbResult<Option<String>> {
    let mut tx = db.write().await?;
    let link: Option<(String,)> = sqlx::query_as(
        "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND account_id = $3
         RETURNING link",
    )
    .bind(crate::now())
    .bind(id)
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(link.map(|l| l.0))
}

/// Marks the person's notifications read: those listed, or all of them.
pub async fn mark_read(db: &Db, account_id: i64, ids: Option<&[i64]>) -> DbResult<u64> {
    let now = crate::now();
    let mut tx = db.write().await?;
    let total = match ids {
        None => sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL",
        )
        .bind(&now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Some(ids) => {
            // in one order whoever asks, so that two requests at once never wait on each other
            let mut ids: Vec<i64> = ids.iter().take(200).copied().collect();
            ids.sort_unstable();
            ids.dedup();
            let mut total = 0;
            for id in ids {
                total += sqlx::query(
                    "UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND id = $3 AND read_at IS NULL",
                )
                .bind(&now)
                .bind(account_id)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            total
        }
    };
    tx.commit().await?;
    Ok(total)
}

/// Claims up to `limit` e-mails to send: each is taken by one node only.
pub async fn claim_emails(db: &Db, limit: i64) -> DbResult<Vec<PendingEmail>> {
    // claimed before this instant and still 'sending': the node that claimed it stopped
    let abandoned = crate::format_instant(chrono::Utc::now() - EMAIL_LEASE);
    {
        let mut tx = db.write().await?;
        sqlx::query(
            "UPDATE notifications SET email_state = 'failed'
             WHERE email_state = 'sending' AND email_tries >= $1
               AND (email_claimed_at IS NULL OR email_claimed_at < $2)",
        )
        .bind(EMAIL_TRIES)
        .bind(&abandoned)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    let rows: Vec<sqlx::any::AnyRow> = sqlx::query(
        "SELECT n.id, n.kind, n.incoming_id, n.title, n.body, n.link, n.created_at, n.read_at,
                n.message, n.args, a.email AS to_address, a.full_name AS to_name
         FROM notifications n JOIN accounts a ON a.id = n.account_id
         WHERE n.email_state = 'pending'
            OR (n.email_state = 'sending' AND (n.email_claimed_at IS NULL OR n.email_claimed_at < $2))
         ORDER BY n.id LIMIT $1",
    )
    .bind(limit)
    .bind(&abandoned)
    .fetch_all(db.pool())
    .await?;
    let mut claimed = Vec::new();
    for row in rows {
        use sqlx::{FromRow, Row};
        let notification = Notification::from_row(&row)?;
        let to_name: String = row.try_get("to_name")?;
        let Some(address) = row
            .try_get::<Option<String>, _>("to_address")?
            .filter(|a| !a.trim().is_empty())
        else {
            // the address was removed since: nothing to send
            let mut tx = db.write().await?;
            sqlx::query("UPDATE notifications SET email_state = 'none' WHERE id = $1")
                .bind(notification.id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            continue;
        };
        let claimed_at = crate::now();
        let mut tx = db.write().await?;
        let taken = sqlx::query(
            "UPDATE notifications SET email_state = 'sending', email_tries = email_tries + 1,
                    email_claimed_at = $2
             WHERE id = $1 AND (email_state = 'pending' OR (email_state = 'sending'
                   AND (email_claimed_at IS NULL OR email_claimed_at < $3)))",
        )
        .bind(notification.id)
        .bind(&claimed_at)
        .bind(&abandoned)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if taken == 1 {
            claimed.push(PendingEmail {
                notification,
                to_address: address,
                to_name,
                claimed_at,
            });
        }
    }
    Ok(claimed)
}

/// Records how sending went: sent, or back in the queue until the tries run out. Only while
/// the claim is still this node's (one that outlived its lease may have been taken over, and
/// the other node's report stands).
pub async fn record_email(db: &Db, email: &PendingEmail, sent: bool) -> DbResult<()> {
    let mut tx = db.write().await?;
    let held = "id = $2 AND email_state = 'sending' AND email_claimed_at = $3";
    if sent {
        sqlx::query(&format!(
            "UPDATE notifications SET email_state = 'sent', emailed_at = $1 WHERE {held}"
        ))
        .bind(crate::now())
        .bind(email.notification.id)
        .bind(&email.claimed_at)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query(&format!(
            "UPDATE notifications
             SET email_state = CASE WHEN email_tries >= $1 THEN 'failed' ELSE 'pending' END
             WHERE {held}"
        ))
        .bind(EMAIL_TRIES)
        .bind(email.notification.id)
        .bind(&email.claimed_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
