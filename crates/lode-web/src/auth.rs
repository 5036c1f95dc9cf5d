//! Who is calling, and whether a state-changing request really comes from them.
//!
//! [`authenticate`] runs before every handler: it resolves an `Authorization: Bearer` API token
//! or the session cookie to an account (one query, from the database, so any node can serve any
//! request), and refuses a state-changing request that rides on the session cookie without the
//! session's CSRF token (in the `X-CSRF-Token` header, a `csrf` form field — the first field of
//! an upload's multipart form, read without holding its file — or a `csrf` query parameter for
//! programs). Requests carrying a bearer token need no CSRF token: browsers
//! never attach one on their own.
//!
//! Handlers then take a [`Caller`], which is refused (401, or a redirect to the login page)
//! when nobody is signed in, and ask it [`Caller::require`] before they act.

use crate::AppState;
pub use crate::cookies::{LANG_COOKIE, cookie};
use crate::error::AppError;
use crate::i18n::Lang;
use axum::extract::{FromRequestParts, Request};
use axum::http::{HeaderMap, Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lode_core::authz::{Action, Actor, decide};
use lode_db::AuditCtx;
use lode_db::accounts::{self, Account};
use lode_db::sessions::{self, Session};
use std::net::SocketAddr;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "lode_session";
pub const LOGIN_CSRF_COOKIE: &str = "lode_login_csrf";
/// Marks a browser the account signed in from before (see [`login`]).
pub const DEVICE_COOKIE: &str = "lode_device";
/// Form bodies larger than this are refused before they are read for the CSRF token.
const FORM_LIMIT: usize = 256 * 1024;

/// The signed-in account behind a request.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub account: Account,
    /// The browser session, when signed in by cookie (none for API tokens).
    pub session: Option<Session>,
}

/// A `Set-Cookie` value with lode's flags: HttpOnly, SameSite=Lax, Path=/, Secure when
/// configured. `max_age` 0 deletes the cookie.
pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: Option<i64>,
    http_only: bool,
) -> String {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if state.config.secure_cookies {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}

/// The client's address: the socket peer, or, behind a trusted proxy, the address that proxy
/// saw, which it appends as the last `X-Forwarded-For` entry. Entries before it were written by
/// the client and prove nothing; a last entry that is not an address falls back to the peer.
pub fn client_ip(
    state: &AppState,
    parts_headers: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> String {
    if state.config.trust_proxy
        && let Some(last) = forwarded_by_proxy(parts_headers)
    {
        return last.to_string();
    }
    extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

/// The last `X-Forwarded-For` entry, over every such header: the one the proxy appended.
fn forwarded_by_proxy(headers: &HeaderMap) -> Option<std::net::IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .and_then(|s| s.parse().ok())
}

/// The path as the client sent it (nested routers see it without their prefix).
fn original_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| parts.uri.path().to_string(), |u| u.0.path().to_string())
}

/// The path and query as the client sent them, to come back to after signing in.
fn original_target(parts: &Parts) -> String {
    let uri = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(&parts.uri, |u| &u.0);
    uri.path_and_query()
        .map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string())
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Answers a refused request: problem+json under `/api/`; for a page, the login page (which
/// comes back to `target` after signing in) or an error page.
fn refuse(target: &str, e: AppError) -> Response {
    if !is_api(target) && matches!(e, AppError::Unauthenticated) && target != "/" {
        let next: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
        return axum::response::Redirect::to(&format!("/login?next={next}")).into_response();
    }
    crate::error::answer_for(target, e)
}

/// Constant-time comparison of two tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Resolves the caller and enforces CSRF on state-changing requests made with the cookie.
pub async fn authenticate(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|s| s.trim().to_string());
    let cookie_secret = cookie(req.headers(), SESSION_COOKIE).map(str::to_string);
    let resolved = match (&bearer, &cookie_secret) {
        (Some(token), _) => match sessions::token_account(&state.db, token).await {
            Ok(Some(id)) => load_account(&state, id, None).await,
            Ok(None) => return refuse(&path, AppError::Unauthenticated),
            Err(e) => return refuse(&path, e.into()),
        },
        (None, Some(secret)) => match sessions::resume(&state.db, secret).await {
            Ok(Some(session)) => load_account(&state, session.account_id, Some(session)).await,
            Ok(None) => Ok(None),
            Err(e) => return refuse(&path, e.into()),
        },
        (None, None) => Ok(None),
    };
    let authenticated = match resolved {
        Ok(a) => a,
        Err(e) => return refuse(&path, e),
    };
    let mut req = req;
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method
        && let Some(Authenticated {
            session: Some(session),
            ..
        }) = &authenticated
    {
        // refused, the page still knows its reader (see `pages::errors`)
        let refused = |e: AppError| {
            let mut res = refuse(&path, e);
            if let Some(reader) = authenticated.clone() {
                res.extensions_mut().insert(reader);
            }
            res
        };
        let (ok, rebuilt) = match csrf_token_of(req).await {
            Ok((token, rebuilt)) => (
                token.is_some_and(|t| same_token(&t, &session.csrf_token)),
                rebuilt,
            ),
            Err(e) => return refused(e),
        };
        if !ok {
            return refused(AppError::Csrf);
        }
        req = rebuilt;
    }
    let stale_cookie = cookie_secret.is_some() && bearer.is_none() && authenticated.is_none();
    req.extensions_mut().insert(authenticated.clone());
    let mut res = next.run(req).await;
    if let Some(reader) = authenticated
        && (res.status().is_client_error() || res.status().is_server_error())
    {
        // an error page is framed for its reader (see `pages::errors`)
        res.extensions_mut().insert(reader);
    }
    if stale_cookie {
        // The cookie names a session that ended: drop it so the browser stops sending it.
        if let Ok(v) = set_cookie(&state, SESSION_COOKIE, "", Some(0), true).parse() {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

async fn load_account(
    state: &AppState,
    id: i64,
    session: Option<Session>,
) -> Result<Option<Authenticated>, AppError> {
    match accounts::get(&state.db, id).await {
        Ok(account) if account.active => Ok(Some(Authenticated { account, session })),
        Ok(_) | Err(lode_db::DbError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Finds the CSRF token in the header, the query string, or an urlencoded form body (which is
/// read and put back for the handler).
async fn csrf_token_of(req: Request) -> Result<(Option<String>, Request), AppError> {
    if let Some(t) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        let t = t.to_string();
        return Ok((Some(t), req));
    }
    if let Some(t) = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned())
    }) {
        return Ok((Some(t), req));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if let Some(boundary) = multipart_boundary(&content_type) {
        return multipart_csrf(req, &boundary).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Ok((None, req));
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    let token = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned());
    Ok((
        token,
        Request::from_parts(parts, axum::body::Body::from(bytes)),
    ))
}

/// A multipart form's boundary, from its `Content-Type`.
fn multipart_boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    if !params
        .next()?
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
    {
        return None;
    }
    params.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
    })
}

/// How much of a multipart body is read, at most, to find its token: a file's bytes are never
/// held for it.
const MULTIPART_TOKEN_LIMIT: usize = 16 * 1024;

/// In how many pieces, at most, the beginning of a multipart body may arrive to be read for
/// its token.
const MULTIPART_PIECES: usize = 64;

/// The token of a multipart form, which lode's pages send as its first field (so that uploads
/// keep it out of their address): the first part is read, and the body put back whole for the
/// handler, its file still streaming.
async fn multipart_csrf(
    req: Request,
    boundary: &str,
) -> Result<(Option<String>, Request), AppError> {
    use futures::StreamExt;
    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let mut read = Vec::new();
    // a browser sends the first part in one piece or a few: a client that trickles it byte by
    // byte is refused rather than read again and again
    let mut pieces = 0;
    let token = loop {
        match first_part_csrf(&read, boundary) {
            FirstPart::Token(t) => break Some(t),
            FirstPart::Other => break None,
            FirstPart::More if read.len() > MULTIPART_TOKEN_LIMIT || pieces > MULTIPART_PIECES => {
                break None;
            }
            FirstPart::More => match stream.next().await {
                Some(Ok(chunk)) if chunk.is_empty() => pieces += 1,
                Some(Ok(chunk)) => {
                    pieces += 1;
                    read.extend_from_slice(&chunk);
                }
                Some(Err(_)) => {
                    return Err(AppError::BadRequest("the form did not arrive whole".into()));
                }
                None => break None,
            },
        }
    };
    let already =
        futures::stream::once(async move { Ok::<_, axum::Error>(bytes::Bytes::from(read)) });
    let body = axum::body::Body::from_stream(already.chain(stream));
    Ok((token, Request::from_parts(parts, body)))
}

/// What the beginning of a multipart body says of its first part.
#[derive(Debug, PartialEq)]
enum FirstPart {
    /// Not enough has arrived to tell.
    More,
    /// It is the `csrf` field, with this value.
    Token(String),
    /// It is something else (or the body is not what a form sends).
    Other,
}

fn first_part_csrf(read: &[u8], boundary: &str) -> FirstPart {
    let opening = format!("--{boundary}\r\n");
    let opening = opening.as_bytes();
    let seen = read.len().min(opening.len());
    if read[..seen] != opening[..seen] {
        return FirstPart::Other;
    }
    if read.len() < opening.len() {
        return FirstPart::More;
    }
    let rest = &read[opening.len()..];
    let Some(headers_end) = find(rest, b"\r\n\r\n") else {
        return FirstPart::More;
    };
    let Ok(headers) = std::str::from_utf8(&rest[..headers_end]) else {
        return FirstPart::Other;
    };
    let is_token = headers.split("\r\n").any(|line| {
        let line = line.to_ascii_lowercase();
        line.starts_with("content-disposition:")
            && line.contains("form-data")
            && line.split(';').any(|p| p.trim() == "name=\"csrf\"")
            && !line.contains("filename")
    });
    if !is_token {
        return FirstPart::Other;
    }
    let value = &rest[headers_end + 4..];
    let closing = format!("\r\n--{boundary}");
    match find(value, closing.as_bytes()) {
        Some(end) => match std::str::from_utf8(&value[..end]) {
            Ok(t) => FirstPart::Token(t.to_string()),
            Err(_) => FirstPart::Other,
        },
        None => FirstPart::More,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The signed-in person making a request, with what the handler needs to act for them.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account: Account,
    pub actor: Actor,
    pub session: Option<Session>,
    pub ip: String,
    pub lang: Lang,
    /// For pages: documents waiting for the person's action, and those overdue (the navigation
    /// shows them).
    pub waiting: Option<(i64, i64)>,
    /// For pages: unread notifications.
    pub unread: i64,
}

impl Caller {
    /// Refuses unless the rules of `lode_core::authz` allow `action`.
    pub fn require(&self, action: Action<'_>) -> Result<(), AppError> {
        decide(&self.actor, action).map_err(AppError::from)
    }

    pub fn may(&self, action: Action<'_>) -> bool {
        decide(&self.actor, action).is_ok()
    }

    /// The audit context of a change this caller makes.
    pub fn ctx(&self) -> AuditCtx {
        AuditCtx {
            actor_id: Some(self.account.id),
            actor_label: self.account.username.clone(),
            ip: Some(self.ip.clone()),
        }
    }

    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf_token.as_str())
    }
}

/// Paths a person who must change their password may still reach.
fn allowed_before_password_change(path: &str) -> bool {
    matches!(
        path,
        "/account"
            | "/account/password"
            | "/logout"
            | "/api/v1/me"
            | "/api/v1/me/password"
            | "/api/v1/session"
    )
}

impl Caller {
    fn from_parts(parts: &Parts, state: &AppState) -> Result<Self, AppError> {
        let Some(Some(auth)) = parts.extensions.get::<Option<Authenticated>>().cloned() else {
            return Err(AppError::Unauthenticated);
        };
        if auth.account.must_change_password
            && !allowed_before_password_change(&original_path(parts))
        {
            return Err(AppError::PasswordChangeRequired);
        }
        let ip = client_ip(state, &parts.headers, &parts.extensions);
        Ok(Caller::of(auth, Lang::from_headers(&parts.headers), ip))
    }

    /// Who is signed in, reading in `lang` from `ip`, without the counts a page adds (a page
    /// drawn after its handler answered, an error page, knows no address: it acts for no one).
    pub(crate) fn of(auth: Authenticated, lang: Lang, ip: String) -> Caller {
        Caller {
            actor: auth.account.actor(),
            account: auth.account,
            session: auth.session,
            ip,
            lang,
            waiting: None,
            unread: 0,
        }
    }

    /// With the notifications unread counted: every page shows them (the public ones too).
    pub(crate) async fn with_unread(mut self, state: &AppState) -> Caller {
        match lode_db::notifications::unread_count(&state.db, self.account.id).await {
            Ok(n) => self.unread = n,
            // the page still serves without its count
            Err(e) => tracing::warn!(error = %e, "counting notifications"),
        }
        self
    }
}

impl FromRequestParts<Arc<AppState>> for Caller {
    /// A problem+json answer under `/api/`, a page (or a redirect to the login page) elsewhere.
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Response> {
        let caller =
            Caller::from_parts(parts, state).map_err(|e| refuse(&original_target(parts), e))?;
        Ok(with_counts(caller, parts, state).await)
    }
}

/// For a page, the caller with what the navigation counts for them: the work waiting, the
/// notifications unread (every page shows them, the public ones too).
async fn with_counts(mut caller: Caller, parts: &Parts, state: &Arc<AppState>) -> Caller {
    if is_api(parts.uri.path()) {
        return caller;
    }
    if let Some(mounted) = parts.extensions.get::<crate::Mounted>() {
        match mounted.waiting(state, &caller).await {
            Ok(counts) => caller.waiting = counts,
            // The page still serves without its counts.
            Err(e) => tracing::warn!(error = ?e, "counting the work waiting"),
        }
    }
    if parts.method != axum::http::Method::GET {
        return caller.with_unread(state).await;
    }
    // a page the person's unread notices lead to is where they are read: counted with the
    // rest in one reading, written only where some wait
    let (id, here) = (caller.account.id, parts.uri.path());
    match lode_db::notifications::unread_at(&state.db, id, here).await {
        Ok((unread, 0)) => caller.unread = unread,
        Ok((unread, _)) => match lode_db::notifications::seen_at(&state.db, id, here).await {
            Ok(seen) => caller.unread = unread - i64::try_from(seen).unwrap_or(0),
            Err(e) => {
                caller.unread = unread;
                tracing::warn!(error = ?e, "marking the notices of a page read");
            }
        },
        // the page still serves without its count
        Err(e) => tracing::warn!(error = %e, "counting notifications"),
    }
    caller
}

/// An action whose permission depends only on who asks (a role, an account kind), not on
/// the record or the request's body.
pub trait Permission {
    const ACTION: Action<'static>;
}

/// The permissions [`Allowed`] checks, one marker per action.
pub mod may {
    use super::{Action, Permission};

    macro_rules! permissions {
        ($($name:ident),* $(,)?) => {$(
            #[derive(Debug)]
            pub struct $name;
            impl Permission for $name {
                const ACTION: Action<'static> = Action::$name;
            }
        )*};
    }
    permissions!(
        ManageOwnAccount,
        ManageUnits,
        ManagePeople,
        ManageDocumentTypes,
        ManageCatalogue,
        ManageCertificates,
        ManageJobs,
        RegisterDocuments,
        UseInternal,
        WorkTheDesk,
        DraftOutgoing,
    );
}

/// The caller, refused (403) unless allowed `P` — decided before the request's body is read,
/// so that someone who may not act learns that, not what their body got wrong.
pub struct Allowed<P>(pub Caller, pub std::marker::PhantomData<P>);

impl<P: Permission> FromRequestParts<Arc<AppState>> for Allowed<P> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Response> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller
            .require(P::ACTION)
            .map_err(|e| refuse(&original_target(parts), e))?;
        Ok(Allowed(caller, std::marker::PhantomData))
    }
}

/// The caller when someone is signed in, `None` otherwise (for pages open to all).
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequestParts<Arc<AppState>> for MaybeCaller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Response> {
        // one who must change their password still reads what is open to all
        caller_or_nobody(parts, state, |e| {
            matches!(
                e,
                AppError::Unauthenticated | AppError::PasswordChangeRequired
            )
        })
        .await
        .map(MaybeCaller)
    }
}

/// The caller of a page that greets visitors otherwise (the front page): nobody only when no
/// one is signed in; a person who must change their password is sent to do so first.
pub struct CallerOrVisitor(pub Option<Caller>);

impl FromRequestParts<Arc<AppState>> for CallerOrVisitor {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Response> {
        caller_or_nobody(parts, state, |e| matches!(e, AppError::Unauthenticated))
            .await
            .map(CallerOrVisitor)
    }
}

/// The caller with the navigation's counts, or nobody where the refusal is one `nobody`
/// accepts; any other refusal answered.
async fn caller_or_nobody(
    parts: &Parts,
    state: &Arc<AppState>,
    nobody: impl Fn(&AppError) -> bool,
) -> Result<Option<Caller>, Response> {
    match Caller::from_parts(parts, state) {
        Ok(c) => Ok(Some(with_counts(c, parts, state).await)),
        Err(e) if nobody(&e) => Ok(None),
        Err(e) => Err(refuse(&original_target(parts), e)),
    }
}

impl FromRequestParts<Arc<AppState>> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

/// The client address, for handlers that run before anyone is signed in (login).
pub struct ClientIp(pub String);

impl FromRequestParts<Arc<AppState>> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(
            state,
            &parts.headers,
            &parts.extensions,
        )))
    }
}

/// What a successful sign-in gives the browser: the session (its secret for the session
/// cookie), the account, and the device secret for the device cookie.
pub struct SignedIn {
    pub secret: String,
    pub session: Session,
    pub account: Account,
    pub device: String,
}

/// Signs in with a username and password, with throttling. Shared by the login page and the
/// API. `device` is the browser's device cookie: a browser the account signed in from before
/// is judged by its own failures only (see `lode_db::sessions::throttled`).
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    ip: &str,
    user_agent: Option<&str>,
    device: Option<&str>,
) -> Result<SignedIn, AppError> {
    let username = username.trim();
    let refused = || {
        AppError::Invalid(lode_core::validation::FieldErrors::single(
            "username",
            "login_failed",
            "wrong username or password",
        ))
    };
    if username.is_empty() || password.is_empty() || username.len() > 254 || password.len() > 1024 {
        return Err(refused());
    }
    let anonymous = AuditCtx {
        actor_id: None,
        actor_label: "anonymous".into(),
        ip: Some(ip.into()),
    };
    // Attempts for one account take turns on this node: a burst of guesses sent at once would
    // otherwise all pass the throttle before the first failure is counted.
    // signed in by the account's e-mail address, counted and throttled as its username
    let username = &accounts::login_name(&state.db, username).await?;
    let _turn = sign_in_turn(username).lock().await;
    let known = sessions::known_device(&state.db, username, device).await?;
    if sessions::throttled(&state.db, username, ip, known.as_deref())
        .await?
        .is_some()
    {
        crate::metrics::login_refused("throttled");
        return Err(AppError::TooManyAttempts);
    }
    match accounts::authenticate(&state.db, username, password).await? {
        Some(account) => {
            let ctx = AuditCtx {
                actor_id: Some(account.id),
                actor_label: account.username.clone(),
                ip: Some(ip.into()),
            };
            let (secret, session) = sessions::open(&state.db, &ctx, account.id, user_agent).await?;
            let again = device.zip(known.as_deref());
            let device = sessions::remember_device(&state.db, account.id, again).await?;
            Ok(SignedIn {
                secret,
                session,
                account,
                device,
            })
        }
        None => {
            crate::metrics::login_refused("wrong_password");
            sessions::record_failure(&state.db, &anonymous, username, ip, known.as_deref()).await?;
            Err(refused())
        }
    }
}

/// Confirms that the signed-in person is the one acting, by their password (a signature made in
/// their name with the key lode keeps): under the sign-in's throttle, a wrong password counting
/// as a failed sign-in of the account, a throttled account refused. Errors name `field`.
pub async fn confirm_identity(
    state: &AppState,
    caller: &Caller,
    password: &str,
    field: &str,
) -> Result<(), AppError> {
    let refused = |code: &'static str, message: &str| {
        AppError::Invalid(lode_core::validation::FieldErrors::single(
            field, code, message,
        ))
    };
    if password.is_empty() {
        return Err(refused("required", "type your password to confirm"));
    }
    let username = caller.account.username.as_str();
    let wrong = || refused("wrong_signing_password", "the password is not yours");
    if password.len() > 1024 {
        return Err(wrong());
    }
    let _turn = sign_in_turn(username).lock().await;
    if sessions::throttled(&state.db, username, &caller.ip, None)
        .await?
        .is_some()
    {
        return Err(AppError::TooManyAttempts);
    }
    if accounts::confirms_password(&state.db, caller.account.id, password).await? {
        Ok(())
    } else {
        sessions::record_wrong_confirmation(
            &state.db,
            &caller.ctx(),
            (username, caller.account.id),
            &caller.ip,
        )
        .await?;
        Err(wrong())
    }
}

/// The lock sign-in attempts for `username` take turns on: one of a fixed number, chosen by the
/// name's hash, so that any number of names tried costs no memory.
fn sign_in_turn(username: &str) -> &'static tokio::sync::Mutex<()> {
    use std::hash::{Hash, Hasher};
    static TURNS: std::sync::LazyLock<Vec<tokio::sync::Mutex<()>>> =
        std::sync::LazyLock::new(|| (0..64).map(|_| tokio::sync::Mutex::new(())).collect());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    username.trim().to_lowercase().hash(&mut h);
    &TURNS[(h.finish() % 64) as usize]
}

/// The cookies a successful sign-in sets: the session's, and the device's for a year.
pub fn sign_in_cookies(state: &AppState, signed: &SignedIn) -> [String; 2] {
    [
        set_cookie(state, SESSION_COOKIE, &signed.secret, None, true),
        set_cookie(
            state,
            DEVICE_COOKIE,
            &signed.device,
            Some(sessions::DEVICE_TERM.num_seconds()),
            true,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::{FirstPart, first_part_csrf, forwarded_by_proxy, multipart_boundary};
    use axum::http::HeaderMap;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt0k3n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF";

    #[test]
    fn an_uploads_token_is_read_from_its_first_part_as_it_arrives() {
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(multipart_boundary("application/json"), None);
        // every prefix short of the token's end asks for more; the whole first part answers
        let end = BODY.windows(7).position(|w| w == b"\r\n--XyZ").unwrap_or(0);
        for cut in 0..end + 7 {
            assert_eq!(
                first_part_csrf(&BODY[..cut], "XyZ"),
                FirstPart::More,
                "{cut}"
            );
        }
        assert_eq!(
            first_part_csrf(BODY, "XyZ"),
            FirstPart::Token("t0k3n".into())
        );
    }

    #[test]
    fn a_form_whose_first_part_is_not_the_token_has_none() {
        let file_first = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"csrf\"\r\n\r\nt0k3n\r\n--XyZ";
        assert_eq!(first_part_csrf(file_first, "XyZ"), FirstPart::Other);
        let renamed = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf2\"\r\n\r\nt\r\n--XyZ";
        assert_eq!(first_part_csrf(renamed, "XyZ"), FirstPart::Other);
        assert_eq!(first_part_csrf(b"--Other\r\n", "XyZ"), FirstPart::Other);
    }

    fn forwarded(values: &[&str]) -> Option<String> {
        let mut h = HeaderMap::new();
        for v in values {
            if let Ok(v) = v.parse() {
                h.append("x-forwarded-for", v);
            }
        }
        forwarded_by_proxy(&h).map(|ip| ip.to_string())
    }

    #[test]
    fn the_proxy_appended_entry_is_believed_not_the_clients() {
        // the client wrote 1.2.3.4 itself; the proxy appended the address it saw
        assert_eq!(
            forwarded(&["1.2.3.4, 203.0.113.7"]).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded(&["1.2.3.4", "203.0.113.7"]).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(forwarded(&["2001:db8::1"]).as_deref(), Some("2001:db8::1"));
        // a last entry that is no address is not believed at all
        assert_eq!(forwarded(&["203.0.113.7, evil"]), None);
        assert_eq!(forwarded(&[]), None);
    }
}
