//! Accounts: staff with their unit, position, roles and clearance; businesses and citizens with
//! their organisation details. Also the [`Actor`] a signed-in account acts as.

use crate::audit::{self, Event};
use crate::{AuditCtx, Db, DbError, DbResult, Page, Tx, into_page, page_limit, password};
use lode_core::authz::{Actor, PeopleScope};
use lode_core::org::{UnitPath, UnitStatus};
use lode_core::people::{
    AccountKind, Clearance, Email, POSITION_MAX, Role, TaxCode, Username, check_new_password,
    parse_full_name,
};
use lode_core::text::fold;
use lode_core::validation::{FieldErrors, optional_text};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What lode tells a person of their own account (`notice.{message}.title`, `.body`).
pub const NOTICE_MESSAGES: &[&str] = &["registration_again", "verify_email", "password_reset"];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Account {
    pub id: i64,
    #[schema(value_type = String, example = "staff")]
    pub kind: AccountKind,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    #[schema(value_type = String, example = "none")]
    pub clearance: Clearance,
    pub organisation_name: Option<String>,
    pub tax_code: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    #[schema(value_type = Vec<String>)]
    pub roles: Vec<Role>,
    pub signature_sha256: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
    #[serde(skip)]
    pub unit_path: Option<UnitPath>,
    /// The body whose registers the person's unit uses (see `Actor::register_unit`).
    #[serde(skip)]
    pub register_unit_path: Option<UnitPath>,
    #[serde(skip)]
    pub(crate) password_hash: String,
}

impl Account {
    /// The audit context of what lode does as this account, from no address (the demo's
    /// seeding, the background jobs acting for someone).
    pub fn acting(&self) -> crate::AuditCtx {
        crate::AuditCtx {
            actor_id: Some(self.id),
            actor_label: self.username.clone(),
            ip: None,
        }
    }
}

impl Account {
    pub fn actor(&self) -> Actor {
        Actor {
            account_id: self.id,
            kind: self.kind,
            roles: self.roles.clone(),
            unit: self.unit_path.clone(),
            register_unit: self.register_unit_path.clone(),
            clearance: self.clearance,
        }
    }
}

crate::row! {
    /// The columns of [`SELECT`], read by name.
    struct Row {
        id: i64,
        kind: String,
        username: String,
        full_name: String,
        email: Option<String>,
        phone: Option<String>,
        position: Option<String>,
        unit_id: Option<i64>,
        unit_name: Option<String>,
        unit_path: Option<String>,
        clearance: String,
        organisation_name: Option<String>,
        tax_code: Option<String>,
        active: i64,
        must_change_password: i64,
        signature_sha256: Option<String>,
        created_at: String,
        updated_at: String,
        version: i64,
        password_hash: String,
        register_path: Option<String>,
    }
}

const SELECT: &str = "SELECT a.id, a.kind, a.username, a.full_name, a.email, a.phone, a.position,
    a.unit_id, u.name AS unit_name, u.path AS unit_path, a.clearance, a.organisation_name, a.tax_code, a.active,
    a.must_change_password, a.signature_sha256, a.created_at, a.updated_at, a.version,
    a.password_hash,
    (SELECT r.path FROM units r WHERE r.kind IN ('department', 'federation')
       AND u.path LIKE r.path || '%' ORDER BY LENGTH(r.path) DESC LIMIT 1) AS register_path
    FROM accounts a LEFT JOIN units u ON u.id = a.unit_id";

fn account(r: Row, roles: Vec<Role>) -> DbResult<Account> {
    let id = r.id;
    let bad = |what: &str| DbError::Other(anyhow::anyhow!("account {id} has a bad {what}"));
    Ok(Account {
        id,
        kind: AccountKind::parse(&r.kind).map_err(|_| bad("kind"))?,
        unit_path: match &r.unit_path {
            Some(p) => Some(UnitPath::parse(p).ok_or_else(|| bad("unit path"))?),
            None => None,
        },
        register_unit_path: r.register_path.as_deref().and_then(UnitPath::parse),
        clearance: Clearance::parse(&r.clearance).map_err(|_| bad("clearance"))?,
        username: r.username,
        full_name: r.full_name,
        email: r.email,
        phone: r.phone,
        position: r.position,
        unit_id: r.unit_id,
        unit_name: r.unit_name,
        organisation_name: r.organisation_name,
        tax_code: r.tax_code,
        active: r.active != 0,
        must_change_password: r.must_change_password != 0,
        signature_sha256: r.signature_sha256,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
        password_hash: r.password_hash,
        roles,
    })
}

async fn roles_of(ex: &mut crate::Conn, id: i64) -> DbResult<Vec<Role>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role")
            .bind(id)
            .fetch_all(&mut *ex)
            .await?;
    let mut roles: Vec<Role> = rows.iter().filter_map(|(r,)| Role::parse(r).ok()).collect();
    roles.sort();
    Ok(roles)
}

async fn load(conn: &mut crate::Conn, clause: &str, key: Key<'_>) -> DbResult<Option<Account>> {
    let q = format!("{SELECT} WHERE {clause}");
    let row: Option<Row> = match key {
        Key::Id(id) => {
            sqlx::query_as(&q)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
        }
        Key::Name(n) => {
            sqlx::query_as(&q)
                .bind(n)
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    match row {
        Some(r) => {
            let roles = roles_of(conn, r.id).await?;
            Ok(Some(account(r, roles)?))
        }
        None => Ok(None),
    }
}

enum Key<'a> {
    Id(i64),
    Name(&'a str),
}

pub async fn get(db: &Db, id: i64) -> DbResult<Account> {
    let mut conn = db.read().await?;
    load(&mut conn, "a.id = $1", Key::Id(id))
        .await?
        .ok_or(DbError::NotFound)
}

pub async fn get_in(conn: &mut crate::Conn, id: i64) -> DbResult<Account> {
    load(conn, "a.id = $1", Key::Id(id))
        .await?
        .ok_or(DbError::NotFound)
}

pub async fn by_username(db: &Db, username: &str) -> DbResult<Option<Account>> {
    let mut conn = db.read().await?;
    load(
        &mut conn,
        "a.username = $1",
        Key::Name(&username.trim().to_lowercase()),
    )
    .await
}

/// The username a person signs in with as `typed`: a username as it is, or the e-mail address
/// of exactly one account, that account's username (an address two accounts share names
/// neither). What names no account is returned as typed, to be refused like a wrong password.
pub async fn login_name(db: &Db, typed: &str) -> DbResult<String> {
    let typed = typed.trim();
    if !typed.contains('@') || by_username(db, typed).await?.is_some() {
        return Ok(typed.to_string());
    }
    let found: Vec<(String,)> =
        sqlx::query_as("SELECT username FROM accounts WHERE lower(email) = $1 LIMIT 2")
            .bind(typed.to_lowercase())
            .fetch_all(db.pool())
            .await?;
    Ok(match found.as_slice() {
        [(username,)] => username.clone(),
        _ => typed.to_string(),
    })
}

/// Why the right password does not sign an account in: it is deactivated.
pub const DEACTIVATED: &str = "this account is deactivated: ask an administrator to reactivate it";
/// Why the right password does not sign an account in: its e-mail address is not confirmed.
pub const UNCONFIRMED: &str =
    "confirm your e-mail address first: open the link in the message sent to it";

/// Checks a username and password. `None` for an unknown user or a wrong password alike (the
/// time taken does not tell them apart); the right password of an account that may not sign in
/// is refused with the reason ([`DEACTIVATED`], [`UNCONFIRMED`]), which only its holder learns.
pub async fn authenticate(
    db: &Db,
    username: &str,
    password_attempt: &str,
) -> DbResult<Option<Account>> {
    let found = by_username(db, username).await?;
    let stored = found
        .as_ref()
        .map_or(password::decoy(), |a| a.password_hash.as_str())
        .to_string();
    let attempt = password_attempt.to_string();
    let ok = tokio::task::spawn_blocking(move || password::verify(&attempt, &stored))
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let found = found.filter(|_| ok);
    // the right password for an account that may not sign in: say why, rather than pretend the
    // password was wrong (the person would try again, then call the help desk)
    if found.as_ref().is_some_and(|a| !a.active) {
        return Err(DbError::Conflict(DEACTIVATED.into()));
    }
    if let Some(a) = &found
        && !email_verified(db, a.id).await?
    {
        return Err(DbError::Conflict(UNCONFIRMED.into()));
    }
    Ok(found)
}

/// A new staff account, as typed by an administrator.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub unit_id: i64,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub clearance: Option<String>,
    /// The first password.
    pub password: String,
    /// Whether the person must choose a new password at first login (default: yes).
    #[serde(default)]
    pub must_change_password: Option<bool>,
}

/// A new business or citizen account.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExternal {
    /// `business` or `citizen`.
    pub kind: String,
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub organisation_name: Option<String>,
    pub tax_code: Option<String>,
    /// The organisation's (or the person's) address.
    #[serde(default)]
    pub address: Option<String>,
    /// The organisation's legal representative.
    #[serde(default)]
    pub representative: Option<String>,
    pub password: String,
}

/// The person or organisation bringing a paper dossier to the desk, as the officer types it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkIn {
    /// `business` or `citizen`.
    pub kind: String,
    pub full_name: String,
    /// Required: the dossier is followed with it.
    pub phone: String,
    pub email: Option<String>,
    pub organisation_name: Option<String>,
    pub tax_code: Option<String>,
    pub address: Option<String>,
}

/// Records a walk-in applicant: an account that cannot sign in (no password, inactive), so the
/// dossier has its applicant, the register its name, address and telephone.
pub async fn insert_walk_in(tx: &mut Tx, input: &WalkIn) -> DbResult<Account> {
    let mut errors = FieldErrors::new();
    let kind = errors.take("applicant.kind", AccountKind::parse(&input.kind));
    if kind == Some(AccountKind::Staff) {
        errors.add(
            "applicant.kind",
            "invalid_choice",
            "must be business or citizen",
        );
    }
    let full_name = errors.take("applicant.full_name", parse_full_name(&input.full_name));
    let email = errors
        .take(
            "applicant.email",
            input
                .email
                .as_deref()
                .filter(|e| !e.trim().is_empty())
                .map(Email::parse)
                .transpose(),
        )
        .flatten();
    let mut profile_errors = FieldErrors::new();
    let profile = check_profile(
        kind,
        &ProfileInput {
            phone: Some(input.phone.clone()),
            organisation_name: input.organisation_name.clone(),
            tax_code: input.tax_code.clone(),
            address: input.address.clone(),
            representative: None,
            version: None,
        },
        &mut profile_errors,
    );
    if profile.phone.is_none() && !profile_errors.0.iter().any(|e| e.field == "phone") {
        profile_errors.add(
            "phone",
            "required",
            "a telephone number to follow the dossier with",
        );
    }
    for mut e in profile_errors.0 {
        e.field = format!("applicant.{}", e.field);
        errors.0.push(e);
    }
    let CheckedProfile {
        phone,
        organisation_name: org,
        tax_code: tax,
        address,
        ..
    } = profile;
    errors.clone().into_result()?;
    let (Some(kind), Some(full_name)) = (kind, full_name) else {
        return Err(errors.into());
    };
    let raw: [u8; 8] = rand::random();
    let username = format!("quay-{}", hex::encode(raw));
    let now = crate::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (kind, username, full_name, search_key, email, phone, organisation_name,
                               tax_code, password_hash, must_change_password, active, created_at, updated_at,
                               address)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '!', 0, 0, $9, $9, $10) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(username.as_str())
    .bind(&full_name)
    .bind(fold(&format!("{full_name} {}", org.as_deref().unwrap_or(""))))
    .bind(email.as_deref())
    .bind(phone.as_deref())
    .bind(org.as_deref())
    .bind(tax.as_deref())
    .bind(&now)
    .bind(address.as_deref())
    .fetch_one(&mut **tx)
    .await?;
    get_in(tx, id).await
}

pub fn parse_phone(
    input: Option<&str>,
) -> Result<Option<String>, lode_core::validation::FieldError> {
    let Some(p) = optional_text(input, 20)? else {
        return Ok(None);
    };
    let digits = p.chars().filter(char::is_ascii_digit).count();
    if digits < 8
        || !p
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
    {
        return Err(lode_core::validation::invalid(
            "invalid_phone",
            "is not a telephone number",
        ));
    }
    Ok(Some(p))
}

/// A staff member's roles: at least one, for a member of staff with none could do nothing and
/// would be found nowhere (no queue, no list of handlers).
fn parse_roles(input: &[String], errors: &mut FieldErrors) -> Vec<Role> {
    if input.iter().all(|r| r.trim().is_empty()) {
        errors.add("roles", "choose_role", "choose at least one role");
    }
    let mut roles: Vec<Role> = input
        .iter()
        .filter_map(|r| errors.take("roles", Role::parse(r)))
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

async fn require_active_unit(tx: &mut Tx, unit_id: i64, errors: &mut FieldErrors) -> DbResult<()> {
    let status: Option<(String,)> = sqlx::query_as("SELECT status FROM units WHERE id = $1")
        .bind(unit_id)
        .fetch_optional(&mut **tx)
        .await?;
    match status.as_ref().and_then(|(s,)| UnitStatus::parse(s)) {
        None => errors.add("unit_id", "not_found", "no such unit"),
        Some(UnitStatus::Closed) => errors.add("unit_id", "unit_closed", "the unit is closed"),
        Some(UnitStatus::Active) => {}
    }
    Ok(())
}

async fn username_taken(tx: &mut Tx, username: &str) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE username = $1")
        .bind(username)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

async fn hash_password(password: &str) -> DbResult<String> {
    let p = password.to_string();
    tokio::task::spawn_blocking(move || password::hash(&p))
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .map_err(DbError::Other)
}

pub async fn create_staff(db: &Db, ctx: &AuditCtx, input: &NewStaff) -> DbResult<Account> {
    let mut errors = FieldErrors::new();
    let username = errors.take("username", Username::parse(&input.username));
    let full_name = errors.take("full_name", parse_full_name(&input.full_name));
    let email = errors.take(
        "email",
        input
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .map(Email::parse)
            .transpose(),
    );
    let phone = errors.take("phone", parse_phone(input.phone.as_deref()));
    let position = errors.take(
        "position",
        optional_text(input.position.as_deref(), POSITION_MAX),
    );
    let roles = parse_roles(&input.roles, &mut errors);
    let clearance = errors.take(
        "clearance",
        Clearance::parse(input.clearance.as_deref().unwrap_or("none")),
    );
    // the password is checked whatever else is wrong, so that one sending says everything
    let name_typed = username.as_ref().map_or("", |u| u.as_str());
    errors.take("password", check_new_password(&input.password, name_typed));
    // no unit chosen (0, as a form sends none): said with the rest, before any work is done
    let unit_chosen = input.unit_id > 0;
    if !unit_chosen {
        errors.add("unit_id", "required", "is required");
    }
    let hash = if errors.is_empty() {
        Some(hash_password(&input.password).await?)
    } else {
        None
    };
    let mut tx = db.write().await?;
    if unit_chosen {
        require_active_unit(&mut tx, input.unit_id, &mut errors).await?;
    }
    if let Some(u) = &username
        && username_taken(&mut tx, u).await?
    {
        errors.add("username", "taken", "this username is taken");
    }
    errors.clone().into_result()?;
    let (
        Some(username),
        Some(full_name),
        Some(email),
        Some(phone),
        Some(position),
        Some(clearance),
        Some(hash),
    ) = (username, full_name, email, phone, position, clearance, hash)
    else {
        return Err(errors.into());
    };
    let now = crate::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (kind, username, full_name, search_key, email, phone, position, unit_id,
                               clearance, password_hash, must_change_password, active, created_at, updated_at)
         VALUES ('staff', $1, $2, $3, $4, $5, $6, $7, $8, $9, $11, 1, $10, $10) RETURNING id",
    )
    .bind(username.as_str())
    .bind(&full_name)
    .bind(fold(&full_name))
    .bind(email.as_deref())
    .bind(phone.as_deref())
    .bind(position.as_deref())
    .bind(input.unit_id)
    .bind(clearance.as_str())
    .bind(&hash)
    .bind(&now)
    .bind(i64::from(input.must_change_password.unwrap_or(true)))
    .fetch_one(&mut *tx)
    .await?;
    set_roles(&mut tx, id, &roles).await?;
    let detail = json!({
        "username": username, "full_name": full_name, "unit_id": input.unit_id,
        "position": position, "roles": roles, "clearance": clearance,
    });
    audit::append(
        &mut tx,
        ctx,
        Event::new("person.create", "account", id, detail),
    )
    .await?;
    let created = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn create_external(db: &Db, ctx: &AuditCtx, input: &NewExternal) -> DbResult<Account> {
    Ok(insert_external(db, ctx, input, false).await?.0)
}

/// How long the link confirming an e-mail address stays good.
pub const VERIFICATION_HOURS: i64 = 48;

/// A business or citizen registers themselves: the account, with its e-mail address still to
/// confirm, and the one-time link's token to send them (mailed through the notifications'
/// outbox, written in the same transaction). They cannot sign in before confirming.
///
/// An address that already has an account is answered as if it were new (the answer must not
/// tell who has an account here): nothing is created, and the holder of the address is told
/// by mail that someone tried, so that they can sign in or reset their password.
pub async fn register(db: &Db, ctx: &AuditCtx, input: &NewExternal) -> DbResult<Registered> {
    match insert_external(db, ctx, input, true).await {
        Ok((account, token)) => Ok(Registered {
            email: account.email.clone().unwrap_or_default(),
            created: Some((account, token.unwrap_or_default())),
        }),
        Err(DbError::Invalid(errors))
            if errors.0.len() == 1
                && errors.0[0].code == "taken"
                && errors.0[0].field == "username" =>
        {
            let username = input.username.trim().to_lowercase();
            tell_of_second_registration(db, &username).await?;
            // as a new account's address is answered: lower case, whatever was typed
            Ok(Registered {
                email: input.email.trim().to_lowercase(),
                created: None,
            })
        }
        Err(e) => Err(e),
    }
}

/// What a registration answered: the address the confirmation goes to, and the account made
/// (none when the address had one already: see [`register`]).
#[derive(Debug)]
pub struct Registered {
    pub email: String,
    pub created: Option<(Account, String)>,
}

/// Mails the holder of `username` that someone tried to register it again (once a day).
async fn tell_of_second_registration(db: &Db, username: &str) -> DbResult<()> {
    let Some(account) = by_username(db, username).await? else {
        return Ok(());
    };
    let now = crate::now();
    let mut tx = db.write().await?;
    let notice = crate::notifications::Notice {
        account_id: account.id,
        kind: "registration_again",
        incoming_id: None,
        message: crate::notifications::message(NOTICE_MESSAGES, "registration_again")?,
        args: &serde_json::json!({ "username": username }),
        link: "/login",
        dedupe_key: &format!("registration_again:{}:{}", account.id, &now[..10]),
    };
    crate::notifications::insert(&mut *tx, &notice, account.email.as_deref()).await?;
    tx.commit().await?;
    Ok(())
}

fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.trim().as_bytes()))
}

/// Confirms the e-mail address of the account the token was sent to. Unknown, used and
/// expired tokens are refused alike.
pub async fn verify_email(db: &Db, ctx: &AuditCtx, token: &str) -> DbResult<Account> {
    let refused = || {
        DbError::from(FieldErrors::single(
            "token",
            "invalid",
            "this link is not valid any more: register again or ask for a new one",
        ))
    };
    if token.len() > 200 {
        return Err(refused());
    }
    let mut tx = db.write().await?;
    let now = crate::now();
    let found: Option<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT account_id, expires_at, used_at FROM email_verifications WHERE token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, expires, None)) = found else {
        return Err(refused());
    };
    if expires < now {
        return Err(refused());
    }
    sqlx::query("UPDATE email_verifications SET used_at = $1 WHERE token_hash = $2")
        .bind(&now)
        .bind(token_hash(token))
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE accounts SET email_verified_at = $1, updated_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new("account.email_verified", "account", id, json!({})),
    )
    .await?;
    let account = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(account)
}

/// A business's or citizen's profile beyond the account: address and legal representative.
pub async fn profile(db: &Db, id: i64) -> DbResult<(Option<String>, Option<String>)> {
    Ok(
        sqlx::query_as("SELECT address, representative FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await?,
    )
}

/// Whether the account's e-mail address is confirmed (staff and accounts an administrator made
/// always are).
pub async fn email_verified(db: &Db, id: i64) -> DbResult<bool> {
    let (kind, at): (String, Option<String>) =
        sqlx::query_as("SELECT kind, email_verified_at FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await?;
    Ok(kind == "staff" || at.is_some())
}

/// What a business or citizen keeps of its profile, as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    pub phone: Option<String>,
    /// Required for a business: its registered name.
    pub organisation_name: Option<String>,
    /// Required for a business: checked with its check digit.
    pub tax_code: Option<String>,
    pub address: Option<String>,
    /// The organisation's legal representative.
    pub representative: Option<String>,
    /// The version read; a conflict if the account changed since.
    pub version: Option<i64>,
}

/// The profile's fields, checked.
struct CheckedProfile {
    phone: Option<String>,
    organisation_name: Option<String>,
    tax_code: Option<TaxCode>,
    address: Option<String>,
    representative: Option<String>,
}

/// Checks a profile field by field; a business needs its name and tax code.
fn check_profile(
    kind: Option<AccountKind>,
    input: &ProfileInput,
    errors: &mut FieldErrors,
) -> CheckedProfile {
    let phone = errors
        .take("phone", parse_phone(input.phone.as_deref()))
        .flatten();
    let organisation_name = errors
        .take(
            "organisation_name",
            optional_text(input.organisation_name.as_deref(), 200),
        )
        .flatten();
    let address = errors
        .take("address", optional_text(input.address.as_deref(), 300))
        .flatten();
    let representative = errors
        .take(
            "representative",
            optional_text(input.representative.as_deref(), 120),
        )
        .flatten();
    let tax_given = input
        .tax_code
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let tax_code = errors
        .take(
            "tax_code",
            input
                .tax_code
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(TaxCode::parse)
                .transpose(),
        )
        .flatten();
    if kind == Some(AccountKind::Business) {
        let named = input
            .organisation_name
            .as_deref()
            .is_some_and(|o| !o.trim().is_empty());
        if !named {
            errors.add(
                "organisation_name",
                "required",
                "a business needs its registered name",
            );
        }
        if !tax_given {
            errors.add("tax_code", "required", "a business needs its tax code");
        }
    }
    CheckedProfile {
        phone,
        organisation_name,
        tax_code,
        address,
        representative,
    }
}

fn tax_code_taken() -> FieldErrors {
    FieldErrors::single(
        "tax_code",
        "tax_code_taken",
        "a business with this tax code has an account already",
    )
}

/// Whether the database refused a second self-registered business with one tax code.
fn is_tax_code_taken(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation()
        && (d.constraint() == Some("accounts_business_tax_code")
            || d.message().contains("accounts.tax_code")))
}

/// A business or citizen changes its profile: telephone, organisation name, tax code,
/// address, legal representative.
pub async fn update_profile(
    db: &Db,
    ctx: &AuditCtx,
    id: i64,
    input: &ProfileInput,
) -> DbResult<Account> {
    let current = get(db, id).await?;
    if current.kind == AccountKind::Staff {
        return Err(DbError::Denied(lode_core::authz::Denied::OutOfScope));
    }
    let mut errors = FieldErrors::new();
    let p = check_profile(Some(current.kind), input, &mut errors);
    errors.into_result()?;
    let mut tx = db.write().await?;
    let changed = sqlx::query(
        "UPDATE accounts SET phone = $1, organisation_name = $2, tax_code = $3, address = $4,
            representative = $5, search_key = $6, updated_at = $7, version = version + 1
         WHERE id = $8 AND ($9 IS NULL OR version = $9)",
    )
    .bind(p.phone.as_deref())
    .bind(p.organisation_name.as_deref())
    .bind(p.tax_code.as_deref())
    .bind(p.address.as_deref())
    .bind(p.representative.as_deref())
    .bind(fold(&format!(
        "{} {}",
        current.full_name,
        p.organisation_name.as_deref().unwrap_or("")
    )))
    .bind(crate::now())
    .bind(id)
    .bind(input.version)
    .execute(&mut *tx)
    .await;
    let changed = match changed {
        Err(e) if is_tax_code_taken(&e) => return Err(tax_code_taken().into()),
        other => other?.rows_affected(),
    };
    if changed == 0 {
        return Err(DbError::Conflict(
            "the profile changed since it was read".into(),
        ));
    }
    audit::append(
        &mut tx,
        ctx,
        Event::new(
            "account.profile",
            "account",
            id,
            json!({"organisation_name": p.organisation_name, "tax_code": p.tax_code}),
        ),
    )
    .await?;
    let after = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

async fn insert_external(
    db: &Db,
    ctx: &AuditCtx,
    input: &NewExternal,
    self_registered: bool,
) -> DbResult<(Account, Option<String>)> {
    let mut errors = FieldErrors::new();
    let kind = errors.take("kind", AccountKind::parse(&input.kind));
    if kind == Some(AccountKind::Staff) {
        errors.add("kind", "invalid_choice", "must be business or citizen");
    }
    let username = errors.take("username", Username::parse(&input.username));
    let full_name = errors.take("full_name", parse_full_name(&input.full_name));
    let email = errors.take("email", Email::parse(&input.email));
    let checked = check_profile(
        kind,
        &ProfileInput {
            phone: input.phone.clone(),
            organisation_name: input.organisation_name.clone(),
            tax_code: input.tax_code.clone(),
            address: input.address.clone(),
            representative: input.representative.clone(),
            version: None,
        },
        &mut errors,
    );
    let (phone, organisation_name, tax_code, address, representative) = (
        Some(checked.phone),
        Some(checked.organisation_name),
        Some(checked.tax_code),
        Some(checked.address),
        Some(checked.representative),
    );
    // the password is checked whatever else is wrong, so that one sending says everything
    let name_typed = username.as_ref().map_or("", |u| u.as_str());
    errors.take("password", check_new_password(&input.password, name_typed));
    let hash = if errors.is_empty() {
        Some(hash_password(&input.password).await?)
    } else {
        None
    };
    let mut tx = db.write().await?;
    // one account per business: the tax code of a business that registered itself is taken
    // (walk-ins recorded at the desk, who cannot sign in, are not accounts of their own)
    if kind == Some(AccountKind::Business)
        && let Some(Some(tax)) = &tax_code
    {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM accounts WHERE kind = 'business' AND tax_code = $1 AND password_hash <> '!'",
        )
        .bind(tax.as_str())
        .fetch_one(&mut *tx)
        .await?;
        if n > 0 {
            errors.0.extend(tax_code_taken().0);
        }
    }
    // said last, and alone: the caller answers a taken address as a new one
    if errors.is_empty()
        && let Some(u) = &username
        && username_taken(&mut tx, u).await?
    {
        errors.add("username", "taken", "this username is taken");
    }
    errors.clone().into_result()?;
    let (
        Some(kind),
        Some(username),
        Some(full_name),
        Some(email),
        Some(phone),
        Some(org),
        Some(tax),
        Some(hash),
    ) = (
        kind,
        username,
        full_name,
        email,
        phone,
        organisation_name,
        tax_code,
        hash,
    )
    else {
        return Err(errors.into());
    };
    let now = crate::now();
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO accounts (kind, username, full_name, search_key, email, phone, organisation_name,
                               tax_code, password_hash, must_change_password, active, created_at, updated_at,
                               address, representative, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 1, $10, $10, $11, $12, $13) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(username.as_str())
    .bind(&full_name)
    .bind(fold(&format!("{full_name} {}", org.as_deref().unwrap_or(""))))
    .bind(email.as_str())
    .bind(phone.as_deref())
    .bind(org.as_deref())
    .bind(tax.as_deref())
    .bind(&hash)
    .bind(&now)
    .bind(address.flatten())
    .bind(representative.flatten())
    .bind((!self_registered).then_some(&now))
    .fetch_one(&mut *tx)
    .await;
    let (id,) = match inserted {
        // another registration of the same business committed first (PostgreSQL checks the
        // unique index when the other transaction ends)
        Err(e) if is_tax_code_taken(&e) => return Err(tax_code_taken().into()),
        other => other?,
    };
    // a self-registered account confirms its address with a one-time link, sent through the
    // notifications' outbox (delivered by the mail server like any notification)
    let token = if self_registered {
        Some(Link::Confirm.mail(&mut tx, id, &username, &email).await?)
    } else {
        None
    };
    let detail = json!({"account_kind": kind, "username": username, "full_name": full_name,
                        "organisation_name": org, "tax_code": tax, "self_registered": self_registered});
    audit::append(
        &mut tx,
        ctx,
        Event::new("account.create", "account", id, detail),
    )
    .await?;
    let created = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok((created, token))
}

/// How long after a confirmation link is mailed another may be asked for.
pub const CONFIRMATION_AGAIN_MINUTES: i64 = 10;

/// The one-time links mailed to an account: each kept (the SHA-256 of its token) in its own
/// table, good for its own time.
#[derive(Debug, Clone, Copy)]
enum Link {
    /// Confirms the account's e-mail address (`/dang-ky/xac-nhan/…`).
    Confirm,
    /// Sets a new password (`/dat-lai-mat-khau/…`).
    Reset,
}

impl Link {
    fn table(self) -> &'static str {
        match self {
            Link::Confirm => "email_verifications",
            Link::Reset => "password_resets",
        }
    }

    fn lasts(self) -> chrono::Duration {
        match self {
            Link::Confirm => chrono::Duration::hours(VERIFICATION_HOURS),
            Link::Reset => chrono::Duration::minutes(RESET_MINUTES),
        }
    }

    /// A new link's token for account `id`, kept in `tx`.
    async fn new_token(self, tx: &mut Tx, id: i64) -> DbResult<String> {
        let raw: [u8; 24] = rand::random();
        let token = hex::encode(raw);
        sqlx::query(&format!(
            "INSERT INTO {} (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
            self.table()
        ))
        .bind(token_hash(&token))
        .bind(id)
        .bind(crate::format_instant(chrono::Utc::now() + self.lasts()))
        .execute(&mut **tx)
        .await?;
        Ok(token)
    }

    /// A new link for account `username` (`id`), kept and mailed to `email` (through the
    /// notifications' outbox) in `tx`; its token.
    async fn mail(self, tx: &mut Tx, id: i64, username: &str, email: &str) -> DbResult<String> {
        let token = self.new_token(tx, id).await?;
        let (kind, args, link) = match self {
            Link::Confirm => (
                "verify_email",
                serde_json::json!({ "username": username, "hours": VERIFICATION_HOURS }),
                format!("/dang-ky/xac-nhan/{token}"),
            ),
            Link::Reset => (
                "password_reset",
                serde_json::json!({ "username": username, "minutes": RESET_MINUTES }),
                format!("/dat-lai-mat-khau/{token}"),
            ),
        };
        let notice = crate::notifications::Notice {
            account_id: id,
            kind,
            incoming_id: None,
            message: crate::notifications::message(NOTICE_MESSAGES, kind)?,
            args: &args,
            link: &link,
            dedupe_key: &format!("{kind}:{}", token_hash(&token)),
        };
        crate::notifications::insert(&mut **tx, &notice, Some(email)).await?;
        Ok(token)
    }

    /// Whether a link of this kind, still unused, went to account `id` in the last
    /// [`CONFIRMATION_AGAIN_MINUTES`] (a link mailed since expires later than that).
    async fn mailed_lately(self, tx: &mut Tx, id: i64) -> DbResult<bool> {
        let lately = crate::format_instant(
            chrono::Utc::now() + self.lasts()
                - chrono::Duration::minutes(CONFIRMATION_AGAIN_MINUTES),
        );
        let (n,): (i64,) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM {} WHERE account_id = $1 AND used_at IS NULL AND expires_at > $2",
            self.table()
        ))
        .bind(id)
        .bind(&lately)
        .fetch_one(&mut **tx)
        .await?;
        Ok(n > 0)
    }
}

/// Mails account `username` a new link to confirm its address, unless one went out in the last
/// [`CONFIRMATION_AGAIN_MINUTES`]: for a person who proved their password but never opened
/// (or lost) the first message. The address it goes to; `None` when the account has none to
/// confirm.
pub async fn mail_confirmation_again(db: &Db, username: &str) -> DbResult<Option<String>> {
    let Some(account) = by_username(db, username).await? else {
        return Ok(None);
    };
    let Some(email) = account.email.clone().filter(|_| account.active) else {
        return Ok(None);
    };
    if email_verified(db, account.id).await? {
        return Ok(None);
    }
    let mut tx = db.write().await?;
    if !Link::Confirm.mailed_lately(&mut tx, account.id).await? {
        Link::Confirm
            .mail(&mut tx, account.id, &account.username, &email)
            .await?;
        tx.commit().await?;
    }
    Ok(Some(email))
}

/// How long a link to set a new password stays good.
pub const RESET_MINUTES: i64 = 60;

/// Mails the account named `who` (its username, or the e-mail address it has) a one-time link
/// to set a new password, unless one went out in the last [`CONFIRMATION_AGAIN_MINUTES`]. The
/// answer is the same whether or not there is such an account (who has an account here is not
/// told), and an account without an address, or locked, gets nothing.
pub async fn mail_password_reset(db: &Db, ctx: &AuditCtx, who: &str) -> DbResult<()> {
    let who = who.trim().to_lowercase();
    if who.is_empty() || who.len() > 254 {
        return Ok(());
    }
    let found: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, username, email FROM accounts WHERE active = 1 AND email IS NOT NULL
           AND (username = $1 OR lower(email) = $1) ORDER BY id LIMIT 1",
    )
    .bind(&who)
    .fetch_optional(db.pool())
    .await?;
    let Some((id, username, email)) = found else {
        return Ok(());
    };
    let mut tx = db.write().await?;
    if Link::Reset.mailed_lately(&mut tx, id).await? {
        return Ok(());
    }
    Link::Reset.mail(&mut tx, id, &username, &email).await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new("account.password_reset_mailed", "account", id, json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A reset link refused: unknown, used and expired alike.
fn reset_link_refused() -> DbError {
    DbError::Invalid(FieldErrors::single(
        "token",
        "link_invalid",
        "the link is unknown, used or expired",
    ))
}

/// The account a password-reset link was mailed to, while the link is good (unknown, used and
/// expired links alike are refused).
pub async fn reset_link_account(db: &Db, token: &str) -> DbResult<Account> {
    if token.len() > 200 {
        return Err(reset_link_refused());
    }
    let row: Option<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT account_id, expires_at, used_at FROM password_resets WHERE token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some((id, expires, None)) if expires > crate::now() => get(db, id).await,
        _ => Err(reset_link_refused()),
    }
}

/// Sets the password of the account a good reset link names, and uses the link up, in one
/// transaction: its other sessions end and its API tokens are revoked, as after any reset. The
/// account's address is confirmed by the same token (the message reached it).
pub async fn reset_with_link(db: &Db, ctx: &AuditCtx, token: &str, new: &str) -> DbResult<Account> {
    let account = reset_link_account(db, token).await?;
    FieldErrors::from_result("password", check_new_password(new, &account.username))?;
    let hash = hash_password(new).await?;
    let mut tx = db.write().await?;
    // used once: a second press, or a second node, stops here
    let used = sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(crate::now())
    .bind(token_hash(token))
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() != 1 {
        return Err(reset_link_refused());
    }
    sqlx::query(
        "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2",
    )
    .bind(crate::now())
    .bind(account.id)
    .execute(&mut *tx)
    .await?;
    let change = PasswordStore {
        must_change: false,
        keep_session_hash: None,
        action: "account.password_reset_by_link",
    };
    write_password(&mut tx, ctx, account.id, &hash, change).await?;
    let account = get_in(&mut tx, account.id).await?;
    tx.commit().await?;
    Ok(account)
}

async fn set_roles(tx: &mut Tx, id: i64, roles: &[Role]) -> DbResult<()> {
    sqlx::query("DELETE FROM account_roles WHERE account_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for r in roles {
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(r.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Changes to a staff member's record. Unset fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonChange {
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub unit_id: Option<i64>,
    pub roles: Option<Vec<String>>,
    pub clearance: Option<String>,
    pub active: Option<bool>,
    /// The version the caller read; refused with a conflict if the record changed since.
    pub version: Option<i64>,
}

pub async fn update_person(
    db: &Db,
    ctx: &AuditCtx,
    id: i64,
    change: &PersonChange,
) -> DbResult<Account> {
    let mut errors = FieldErrors::new();
    let full_name = change
        .full_name
        .as_deref()
        .and_then(|n| errors.take("full_name", parse_full_name(n)));
    let email = change.email.as_deref().map(|e| {
        if e.trim().is_empty() {
            Some(None)
        } else {
            errors.take("email", Email::parse(e)).map(Some)
        }
    });
    let phone = change
        .phone
        .as_deref()
        .map(|p| errors.take("phone", parse_phone(Some(p))));
    let position = change
        .position
        .as_deref()
        .map(|p| errors.take("position", optional_text(Some(p), POSITION_MAX)));
    let roles = change.roles.as_ref().map(|r| parse_roles(r, &mut errors));
    let clearance = change
        .clearance
        .as_deref()
        .and_then(|c| errors.take("clearance", Clearance::parse(c)));
    let mut tx = db.write().await?;
    let before = get_in(&mut tx, id).await?;
    if before.kind != AccountKind::Staff {
        return Err(DbError::NotFound);
    }
    if let Some(v) = change.version
        && v != before.version
    {
        return Err(DbError::Conflict(format!(
            "this person's record was changed by someone else (version {v} is now {})",
            before.version
        )));
    }
    if let Some(u) = change.unit_id
        && Some(u) != before.unit_id
    {
        require_active_unit(&mut tx, u, &mut errors).await?;
    }
    errors.into_result()?;
    let after_name = full_name.unwrap_or_else(|| before.full_name.clone());
    let after_email = email
        .flatten()
        .map_or(before.email.clone(), |e| e.map(String::from));
    let after_phone = phone.flatten().map_or(before.phone.clone(), |p| p);
    let after_position = position.flatten().map_or(before.position.clone(), |p| p);
    let after_unit = change.unit_id.or(before.unit_id);
    let after_clearance = clearance.unwrap_or(before.clearance);
    let after_active = change.active.unwrap_or(before.active);
    let loses_admin = before.active
        && before.roles.contains(&Role::Administrator)
        && (!after_active
            || roles
                .as_ref()
                .is_some_and(|r| !r.contains(&Role::Administrator)));
    if loses_admin && !another_administrator(&mut tx, id).await? {
        return Err(DbError::Conflict(
            "lode must keep at least one active administrator: appoint another one first".into(),
        ));
    }
    let mut diff = serde_json::Map::new();
    let mut note = |field: &str, old: serde_json::Value, new: serde_json::Value| {
        if old != new {
            diff.insert(field.into(), json!([old, new]));
        }
    };
    note("full_name", json!(before.full_name), json!(after_name));
    note("email", json!(before.email), json!(after_email));
    note("phone", json!(before.phone), json!(after_phone));
    note("position", json!(before.position), json!(after_position));
    note("unit_id", json!(before.unit_id), json!(after_unit));
    note("clearance", json!(before.clearance), json!(after_clearance));
    note("active", json!(before.active), json!(after_active));
    if let Some(r) = &roles {
        note("roles", json!(before.roles), json!(r));
    }
    if diff.is_empty() {
        return Ok(before);
    }
    sqlx::query(
        "UPDATE accounts SET full_name = $1, search_key = $2, email = $3, phone = $4, position = $5,
         unit_id = $6, clearance = $7, active = $8, updated_at = $9, version = version + 1 WHERE id = $10",
    )
    .bind(&after_name)
    .bind(fold(&after_name))
    .bind(after_email.as_deref())
    .bind(after_phone.as_deref())
    .bind(after_position.as_deref())
    .bind(after_unit)
    .bind(after_clearance.as_str())
    .bind(i64::from(after_active))
    .bind(crate::now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if let Some(r) = &roles {
        set_roles(&mut tx, id, r).await?;
    }
    if !after_active {
        // A deactivated person is signed out everywhere and their tokens stop working.
        end_all_access(&mut tx, id).await?;
    }
    audit::append(
        &mut tx,
        ctx,
        Event::new(
            "person.update",
            "account",
            id,
            serde_json::Value::Object(diff),
        ),
    )
    .await?;
    let after = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Whether an active administrator other than `id` exists. Bumping a counter row first makes
/// concurrent demotions queue, so two administrators cannot remove each other at once.
async fn another_administrator(tx: &mut Tx, id: i64) -> DbResult<bool> {
    crate::counters::next(tx, "lock:administrators").await?;
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM accounts a JOIN account_roles r ON r.account_id = a.id
         WHERE r.role = 'administrator' AND a.active = 1 AND a.id <> $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

async fn end_all_access(tx: &mut Tx, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
    )
    .bind(crate::now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The full name of account `id`, read on the connection (or transaction) at hand.
pub async fn full_name(conn: &mut crate::Conn, id: i64) -> DbResult<String> {
    let (name,): (String,) = sqlx::query_as("SELECT full_name FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(name)
}

/// The full names of the accounts `ids` (a page's worth), by id.
pub async fn names_of(db: &Db, ids: &[i64]) -> DbResult<std::collections::HashMap<i64, String>> {
    crate::names_by_id(
        db,
        "SELECT id, full_name FROM accounts WHERE id IN {ids}",
        ids,
    )
    .await
}

/// Whether `attempt` is the password of account `id`: a person confirming, as themself, an
/// act done in their name (a signature made with the key lode keeps for them).
pub async fn confirms_password(db: &Db, id: i64, attempt: &str) -> DbResult<bool> {
    let account = get(db, id).await?;
    let (attempt, stored) = (attempt.to_string(), account.password_hash);
    Ok(
        tokio::task::spawn_blocking(move || password::verify(&attempt, &stored))
            .await
            .map_err(|e| anyhow::anyhow!(e))?,
    )
}

/// The holder changes their own password, proving the current one. Other sessions end.
pub async fn change_own_password(
    db: &Db,
    ctx: &AuditCtx,
    id: i64,
    current: &str,
    new: &str,
    keep_session_hash: Option<&str>,
) -> DbResult<()> {
    let account = get(db, id).await?;
    let current_ok = confirms_password(db, id, current).await?;
    let mut errors = FieldErrors::new();
    if !current_ok {
        errors.add(
            "current_password",
            "wrong_password",
            "the current password is wrong",
        );
    }
    errors.take("new_password", check_new_password(new, &account.username));
    if current == new {
        errors.add(
            "new_password",
            "unchanged",
            "must differ from the current password",
        );
    }
    errors.into_result()?;
    let change = PasswordStore {
        must_change: false,
        keep_session_hash,
        action: "account.password_change",
    };
    store_password(db, ctx, id, new, change).await
}

/// An administrator (or the command line) sets a new password; the person must change it at
/// next login, and every session of theirs ends.
pub async fn reset_password(db: &Db, ctx: &AuditCtx, id: i64, new: &str) -> DbResult<()> {
    let account = get(db, id).await?;
    FieldErrors::from_result("password", check_new_password(new, &account.username))?;
    let change = PasswordStore {
        must_change: true,
        keep_session_hash: None,
        action: "account.password_reset",
    };
    store_password(db, ctx, id, new, change).await
}

/// How a new password is stored: whether it must be changed at next login, which session (if
/// any) survives, and how the audit log names the change.
struct PasswordStore<'a> {
    must_change: bool,
    keep_session_hash: Option<&'a str>,
    action: &'static str,
}

/// Hashes and stores a checked password, ends the account's other sessions and revokes its API
/// tokens, audited.
async fn store_password(
    db: &Db,
    ctx: &AuditCtx,
    id: i64,
    new: &str,
    how: PasswordStore<'_>,
) -> DbResult<()> {
    let hash = hash_password(new).await?;
    let mut tx = db.write().await?;
    write_password(&mut tx, ctx, id, &hash, how).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes a password's hash in `tx`, with what a new password ends (see [`store_password`]).
async fn write_password(
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    hash: &str,
    how: PasswordStore<'_>,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE accounts SET password_hash = $1, must_change_password = $2, updated_at = $3,
         version = version + 1 WHERE id = $4",
    )
    .bind(hash)
    .bind(i64::from(how.must_change))
    .bind(crate::now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND ($2 IS NULL OR token_hash <> $2)")
        .bind(id)
        .bind(how.keep_session_hash)
        .execute(&mut **tx)
        .await?;
    // API tokens were issued on the strength of the old password: they end with it.
    sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
    )
    .bind(crate::now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    audit::append(tx, ctx, Event::new(how.action, "account", id, json!({}))).await?;
    Ok(())
}

/// Records the content hash of a person's signature image (stored in the blob store first).
pub async fn set_signature_image(
    db: &Db,
    ctx: &AuditCtx,
    id: i64,
    sha256: &str,
) -> DbResult<Account> {
    let mut tx = db.write().await?;
    let before = get_in(&mut tx, id).await?;
    sqlx::query("UPDATE accounts SET signature_sha256 = $1, updated_at = $2, version = version + 1 WHERE id = $3")
        .bind(sha256)
        .bind(crate::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new(
            "person.signature_image",
            "account",
            id,
            json!({"signature_sha256": [before.signature_sha256, sha256]}),
        ),
    )
    .await?;
    let after = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// What to list. Every field narrows.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// `staff` (default), `business` or `citizen` (the last two: administrators only).
    pub kind: Option<String>,
    /// People of this unit and the units below it.
    pub unit_id: Option<i64>,
    /// One of the roles, e.g. `clerk`.
    pub role: Option<String>,
    /// Part of a name or username; diacritics and case are ignored.
    pub q: Option<String>,
    pub active: Option<bool>,
    /// The `next` of the previous page.
    pub after: Option<i64>,
    /// 1 to 200, default 50.
    pub limit: Option<i64>,
}

/// People in the order of the Vietnamese alphabet of their names, as a choice lists them.
pub fn in_name_order(mut people: Vec<Account>) -> Vec<Account> {
    people.sort_by_cached_key(|a| (lode_core::text::collation_key(&a.full_name), a.id));
    people
}

/// How many words of a name typed are looked for.
const NAME_WORDS_MAX: usize = 6;

/// Lists accounts the scope admits, by id, a page at a time.
pub async fn list(db: &Db, scope: &PeopleScope, filter: &Filter) -> DbResult<Page<Account>> {
    let limit = page_limit(filter.limit);
    let kind = filter.kind.as_deref().unwrap_or("staff");
    let scope_path = match scope {
        PeopleScope::Subtree(p) => Some(format!("{}%", crate::like_escape(p.as_str()))),
        _ => None,
    };
    let only = match scope {
        PeopleScope::OnlySelf(id) => Some(*id),
        _ => None,
    };
    let unit_path = match filter.unit_id {
        Some(uid) => match crate::units::get(db, uid).await {
            Ok(u) => Some(format!("{}%", crate::like_escape(u.path.as_str()))),
            Err(DbError::NotFound) => {
                return Ok(Page {
                    items: vec![],
                    next: None,
                    newer: None,
                    total: None,
                    more: false,
                    ranked: false,
                });
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    // each word typed, in any order ("Huyền Nguyễn" finds Nguyễn Thị Huyền), each a bound
    // pattern; the first few words are enough to tell people apart
    let words: Vec<String> = filter
        .q
        .as_deref()
        .map(|q| {
            fold(q)
                .split_whitespace()
                .take(NAME_WORDS_MAX)
                .map(|w| format!("%{}%", crate::like_escape(w)))
                .collect()
        })
        .unwrap_or_default();
    let each_word: String = (0..words.len())
        .map(|i| {
            format!(
                " AND (a.search_key LIKE ${n} ESCAPE '\\' OR a.username LIKE ${n} ESCAPE '\\')",
                n = 9 + i
            )
        })
        .collect();
    let sql = format!(
        "{SELECT}
         WHERE a.kind = $1
           AND ($2 IS NULL OR u.path LIKE $2 ESCAPE '\\')
           AND ($3 IS NULL OR a.id = $3)
           AND ($4 IS NULL OR u.path LIKE $4 ESCAPE '\\')
           AND ($5 IS NULL OR EXISTS (SELECT 1 FROM account_roles r WHERE r.account_id = a.id AND r.role = $5))
           AND ($6 IS NULL OR a.active = $6)
           AND ($7 IS NULL OR a.id > $7){each_word}
         ORDER BY a.id LIMIT $8"
    );
    let mut query = sqlx::query_as(&sql)
        .bind(kind)
        .bind(scope_path)
        .bind(only)
        .bind(unit_path)
        .bind(filter.role.as_deref().filter(|r| !r.is_empty()))
        .bind(filter.active.map(i64::from))
        .bind(filter.after)
        .bind(limit + 1);
    for w in &words {
        query = query.bind(w);
    }
    let rows: Vec<Row> = query.fetch_all(db.pool()).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut roles = roles_for(db, &ids).await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let rs = roles.remove(&r.id).unwrap_or_default();
            account(r, rs)
        })
        .collect::<DbResult<Vec<_>>>()?;
    Ok(into_page(items, limit, |a| a.id))
}

async fn roles_for(db: &Db, ids: &[i64]) -> DbResult<std::collections::HashMap<i64, Vec<Role>>> {
    let mut out: std::collections::HashMap<i64, Vec<Role>> = std::collections::HashMap::new();
    let (Some(min), Some(max)) = (ids.iter().min(), ids.iter().max()) else {
        return Ok(out);
    };
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT account_id, role FROM account_roles WHERE account_id >= $1 AND account_id <= $2",
    )
    .bind(min)
    .bind(max)
    .fetch_all(db.pool())
    .await?;
    for (id, r) in rows {
        if ids.contains(&id)
            && let Ok(role) = Role::parse(&r)
        {
            out.entry(id).or_default().push(role);
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    Ok(out)
}

/// Counts active staff per role, for the administrator's overview.
pub async fn count_staff(db: &Db) -> DbResult<i64> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE kind = 'staff' AND active = 1")
            .fetch_one(db.pool())
            .await?;
    Ok(n)
}
