//! A public-service dossier as the steps of its life see it ([`DossierState`]): who filed it,
//! through which channel, where it stands. Every step (filing, the desk's decision, the result,
//! its return, an apology, a withdrawal) goes through the store's one lifecycle skeleton
//! (`lode_db::lifecycle`) with the table `lode_core::services::next_application`; what differs
//! per step (its writes, whom it tells) stays with the use case in `applications`, `handling`
//! or `payments`, which tell the applicant through [`tell_applicant`], kept here below them all.
//!
//! A step's detail is `{"message", "args", "audit"}`: the message and arguments its history
//! entry is written with (rendered where it is read), and what the audit chain keeps.

use lode_core::authz::{Action, Actor, Denied, decide};
use lode_core::services::{ApplicationStatus, ApplicationStep, next_application};
use lode_db::lifecycle::Lifecycle;
use lode_db::{AuditCtx, Db, DbError, DbResult, Tx};
use serde_json::{Value, json};

/// What a step reads of a dossier.
#[derive(Debug, Clone)]
pub struct DossierState {
    pub id: i64,
    pub applicant_id: i64,
    pub code: Option<String>,
    pub channel: lode_core::services::ApplicationChannel,
    pub status: ApplicationStatus,
    pub received_on: Option<String>,
    pub due_on: Option<String>,
    pub version: i64,
}

lode_db::row! {
    /// The columns [`DossierState`] is read from.
    struct Row {
        id: i64,
        applicant_id: i64,
        code: Option<String>,
        channel: String,
        status: String,
        received_on: Option<String>,
        due_on: Option<String>,
        version: i64,
    }
}

impl DossierState {
    /// Entered at the counter for an applicant who need not have an account.
    pub fn at_desk(&self) -> bool {
        self.channel == lode_core::services::ApplicationChannel::Desk
    }
}

/// The detail of a step: its history entry's message and arguments, and its audit entry.
pub fn detail(message: &str, args: Value, audit: Value) -> Value {
    debug_assert!(
        crate::history::EVENT_MESSAGES.contains(&message),
        "{message} is no message"
    );
    json!({ "message": message, "args": args, "audit": audit })
}

/// The kind a step's history entry is written with (what the rules look for): the status it
/// reached, for the steps whose audit action names the step instead.
fn event_kind(step: &str) -> &str {
    match step {
        "submit" => "submitted",
        "complete" => "completed",
        other => other,
    }
}

impl Lifecycle for DossierState {
    type Status = ApplicationStatus;
    type Step = ApplicationStep;
    const ENTITY: &'static str = "application";
    const NOUN: &'static str = "the dossier";
    const TABLE: &'static str = "applications";

    async fn load(tx: &mut Tx, id: i64) -> DbResult<Self> {
        let r: Row = sqlx::query_as(
            "SELECT id, applicant_id, code, channel, status, received_on, due_on, version
             FROM applications WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(DbError::NotFound)?;
        Ok(DossierState {
            id: r.id,
            applicant_id: r.applicant_id,
            code: r.code,
            channel: crate::history::channel_of(&r.channel)?,
            status: crate::history::status_of(&r.status)?,
            received_on: r.received_on,
            due_on: r.due_on,
            version: r.version,
        })
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn status(&self) -> ApplicationStatus {
        self.status
    }

    fn status_name(status: ApplicationStatus) -> &'static str {
        status.as_str()
    }

    fn next(status: ApplicationStatus, step: ApplicationStep) -> Option<ApplicationStatus> {
        next_application(status, step)
    }

    /// Its applicant sees it and takes the applicant's steps; the desk sees every one and takes
    /// its own steps, and files and completes the paper dossiers it enters. To anyone else
    /// (another applicant, staff away from the desk) it does not exist, except that staff are
    /// told they lack the desk's role.
    fn authorise(&self, actor: &Actor, step: Option<ApplicationStep>) -> DbResult<()> {
        // the archive's staff issue their own papers as a dossier's result (a data
        // submission's receipt, certified copies), or answer it on their own pages
        if matches!(
            step,
            Some(ApplicationStep::IssuePaper | ApplicationStep::AnswerOnline)
        ) {
            return if actor.is_staff() && actor.has(lode_core::people::Role::Archivist) {
                Ok(())
            } else {
                Err(DbError::Denied(Denied::MissingRole))
            };
        }
        let applicant = !actor.is_staff() && actor.account_id == self.applicant_id;
        let desk = decide(actor, Action::WorkTheDesk);
        if !applicant && desk.is_err() {
            return Err(match desk {
                Err(denied) if actor.is_staff() => DbError::Denied(denied),
                _ => DbError::NotFound,
            });
        }
        let Some(step) = step else { return Ok(()) };
        let allowed = match step {
            s if s.desk_only() => desk.is_ok(),
            ApplicationStep::Submit | ApplicationStep::Complete => {
                applicant || (self.at_desk() && desk.is_ok())
            }
            ApplicationStep::Withdraw => applicant,
            _ => true,
        };
        match (allowed, applicant) {
            (true, _) => Ok(()),
            (false, true) => Err(DbError::Denied(Denied::ExternalAccount)),
            (false, false) => Err(DbError::Denied(Denied::MissingRole)),
        }
    }

    async fn touch(tx: &mut Tx, id: i64) -> DbResult<()> {
        sqlx::query("UPDATE applications SET version = version + 1, updated_at = $1 WHERE id = $2")
            .bind(lode_db::now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    async fn record_step(
        tx: &mut Tx,
        ctx: &AuditCtx,
        id: i64,
        step: &str,
        detail: &Value,
    ) -> DbResult<()> {
        let message = detail["message"].as_str().unwrap_or(step);
        crate::history::add_event(
            tx,
            id,
            ctx.actor_id,
            event_kind(step),
            (message, detail["args"].clone()),
        )
        .await
    }

    fn audit_detail(&self, detail: &Value) -> Value {
        detail["audit"].clone()
    }
}

/// Whose dossiers a caller's reads are limited to: an applicant's own; the desk's, none.
pub fn own(actor: &Actor) -> Option<i64> {
    (!actor.is_staff()).then_some(actor.account_id)
}

/// Loads dossier `id` for `step`: the caller may take it, the version read (when given) is the
/// present one, and the step fits the dossier's status. Answers the transaction, the dossier
/// and the status the step leads to.
pub async fn begin(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: Option<i64>,
    step: ApplicationStep,
) -> DbResult<(Tx, DossierState, ApplicationStatus)> {
    lode_db::lifecycle::begin_step::<DossierState>(db, actor, id, version, step).await
}

/// After the step's own writes: the version, the history entry and the audit entry; the caller
/// commits once it has told whom the step concerns.
pub async fn finish(
    tx: &mut Tx,
    ctx: &AuditCtx,
    id: i64,
    step: &str,
    detail: Value,
) -> DbResult<DossierState> {
    let state = lode_db::lifecycle::finish::<DossierState>(tx, ctx, id, step, detail).await?;
    // an area asked for stops holding its place once the dossier is decided or ends
    use lode_cadastre::applications::{Standing, decide};
    let standing = match state.status {
        ApplicationStatus::Refused => Some(Standing::Refused),
        ApplicationStatus::Withdrawn => Some(Standing::Withdrawn),
        ApplicationStatus::ResultReady | ApplicationStatus::Returned => Some(Standing::Decided),
        _ => None,
    };
    if let Some(standing) = standing {
        decide(tx, id, standing).await?;
    }
    Ok(state)
}

/// Writes the status a step leads to (the step's own change, besides what [`finish`] writes).
pub async fn set_status(tx: &mut Tx, id: i64, status: ApplicationStatus) -> DbResult<()> {
    sqlx::query("UPDATE applications SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Tells the applicant of dossier `a` what happened, in lode and by e-mail: a notification of
/// `kind`, the message `message` with `args` and the dossier's code.
pub(crate) async fn tell_applicant(
    tx: &mut Tx,
    applicant_id: i64,
    (id, code): (i64, Option<&str>),
    (kind, message): (&str, &str),
    mut args: serde_json::Value,
) -> DbResult<()> {
    let (email,): (Option<String>,) = sqlx::query_as("SELECT email FROM accounts WHERE id = $1")
        .bind(applicant_id)
        .fetch_one(&mut **tx)
        .await?;
    args["code"] = code.unwrap_or("").into();
    let message = lode_db::notifications::message(crate::NOTICE_MESSAGES, message)?;
    let notice = lode_db::notifications::Notice {
        account_id: applicant_id,
        kind,
        incoming_id: None,
        message,
        args: &args,
        link: &format!("/ho-so/{id}"),
        dedupe_key: &format!("application:{id}:{kind}:{}", lode_db::now()),
    };
    lode_db::notifications::insert(&mut **tx, &notice, email.as_deref()).await?;
    Ok(())
}
