//! What happens to a public-service dossier after the desk accepts it, storage:
//!
//! - [`enter_eoffice`]: the accepted dossier becomes an incoming document of the receiving
//!   body (type `HSTT`, its notation the dossier code, its papers the dossier's documents), so
//!   the body's leaders route it to the handling unit and the unit assigns a specialist through
//!   the e-office like any other document; the procedure's stages get their due days, and the
//!   document's deadline is the handling unit's last stage;
//! - [`control_sheet`]: form 05, the handovers read from the dossier's and the document's
//!   timelines, each judged against its stage;
//! - [`answers`], [`publish_result`], [`record_return`], [`result_file`]: the result is an
//!   outgoing document answering the dossier's incoming one, numbered and signed in the
//!   e-office; the desk returns it online (the applicant downloads it) or hands it over;
//! - [`apologise`]: form 04, a new date, at least one working day before the deadline;
//! - [`withdraw`]: the applicant takes the dossier back;
//! - [`post_message`], [`messages`]: the applicant and the officers write to each other;
//! - [`at_risk`], [`sweep`]: dossiers near or past their deadline, told to the desk and the
//!   handler;
//! - [`tracking_register`] (form 06) and [`statistics`].
//!
//! The applicant is told of every decision through notifications (and e-mail).

use crate::applications::{Application, load};
use crate::steps;
use chrono::NaiveDate;
use lode_core::authz::{Action, Actor, decide};
use lode_core::calendar::Calendar;
use lode_core::documents::{Channel, IssuerScope, Secrecy, Urgency};
use lode_core::handling::{
    HandoverKind, Timeliness, Warning, check_apology, due_for, stage_due_dates, warning,
};
use lode_core::services::{
    ApplicationChannel, ApplicationStatus, ApplicationStep, Procedure, StageRole,
};
use lode_core::validation::FieldErrors;
use lode_db::audit::{Event, append};
use lode_db::notifications::{Notice, insert as notify};
use lode_db::{AuditCtx, Db, DbError, DbResult, Tx, local_day_of, now};
use lode_eoffice::incoming::{Arrival, file_arrival, today};
use serde::Serialize;
use std::collections::BTreeMap;

/// Longest message, in characters.
pub const MESSAGE_MAX: usize = 4000;

fn day(s: Option<&str>) -> Option<NaiveDate> {
    s.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Whether dossier `a`, of procedure `p`, is taken by its handling unit on that unit's own
/// pages once accepted (a request for archive records filed from the catalogue, every data
/// submission): no letter of it enters the e-office for the leaders to route.
async fn on_own_pages(tx: &mut Tx, a: &Application, p: &Procedure) -> DbResult<bool> {
    if lode_core::services::OWN_PAGES.contains(&p.code.as_str()) {
        return Ok(true);
    }
    let (flagged,): (i64,) = sqlx::query_as("SELECT own_pages FROM applications WHERE id = $1")
        .bind(a.id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(flagged != 0)
}

/// Dossier `id`, filed by a capability that handles it on its own pages, is taken there once
/// accepted ([`on_own_pages`]): said inside the filing's transaction.
pub async fn taken_on_own_pages(tx: &mut Tx, id: i64) -> DbResult<()> {
    sqlx::query("UPDATE applications SET own_pages = 1 WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Enters an accepted dossier in the e-office, inside the acceptance's transaction: the stages
/// with their due days, and an incoming document of the receiving body (unless its handling
/// unit takes it on its own pages).
pub(crate) async fn enter_eoffice(
    tx: &mut Tx,
    ctx: &AuditCtx,
    officer: &Actor,
    a: &Application,
    p: &Procedure,
    applicant_id: i64,
    calendar: &Calendar,
) -> DbResult<()> {
    let accepted = today();
    let promised = day(a.due_on.as_deref()).unwrap_or(accepted);
    let dues = stage_due_dates(calendar, accepted, &p.stages)
        .ok_or_else(|| DbError::Other(anyhow::anyhow!("the stages cannot be counted")))?;
    let mut plan = Vec::with_capacity(dues.len());
    for (i, (s, due)) in p.stages.iter().zip(&dues).enumerate() {
        // a stage never runs past the date promised to the applicant
        let due = (*due).min(promised);
        sqlx::query(
            "INSERT INTO application_stages (application_id, seq, name, role, due_on)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(a.id)
        .bind(i64::try_from(i).unwrap_or(0) + 1)
        .bind(&s.name)
        .bind(s.role.as_str())
        .bind(due.to_string())
        .execute(&mut **tx)
        .await?;
        plan.push((s.role, due));
    }
    if on_own_pages(tx, a, p).await? {
        return Ok(());
    }
    let (root,): (i64,) =
        sqlx::query_as("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_one(&mut **tx)
            .await?;
    let (name, org): (String, Option<String>) =
        sqlx::query_as("SELECT full_name, organisation_name FROM accounts WHERE id = $1")
            .bind(applicant_id)
            .fetch_one(&mut **tx)
            .await?;
    let issuer = org.unwrap_or(name);
    let code = a.code.clone().unwrap_or_default();
    let subject = format!("Hồ sơ {}: {} ({issuer})", code, p.name);
    let received = day(a.received_on.as_deref()).unwrap_or(accepted);
    let mut papers = a.documents.iter();
    let main = papers.next();
    let arrival = Arrival {
        register_unit_id: root,
        received: accepted,
        channel: if a.channel == ApplicationChannel::Desk {
            Channel::Paper
        } else {
            Channel::Electronic
        },
        issuer: &issuer,
        notation: &code,
        document_date: received,
        type_code: "HSTT",
        subject: &subject,
        signer: None,
        urgency: Urgency::Normal,
        secrecy: Secrecy::None,
        page_count: None,
        file_sha256: main.map(|d| d.sha256.as_str()),
        registered_by: officer.account_id,
        submission_key: None,
        issuer_scope: IssuerScope::Outside,
        signature_check: None,
        presented_to: None,
    };
    let rest: Vec<lode_eoffice::incoming::Attachment> = papers
        .enumerate()
        .map(|(i, d)| lode_eoffice::incoming::Attachment {
            position: i64::try_from(i).unwrap_or(0) + 1,
            // the paper by its title in the procedure, then the file it came in
            name: format!(
                "{} ({})",
                p.documents
                    .iter()
                    .find(|x| x.key == d.key)
                    .map_or(d.key.as_str(), |x| x.name.as_str()),
                d.name
            ),
            sha256: d.sha256.clone(),
        })
        .collect();
    let (incoming_id, ..) = file_arrival(tx, ctx, &arrival, &rest).await?;
    let unit_due = due_for(HandoverKind::Handled, &plan, promised);
    // the stage's day is the leaders' own: the unit works within it
    sqlx::query("UPDATE incoming_documents SET deadline = $1, leaders_deadline = $1 WHERE id = $2")
        .bind(unit_due.to_string())
        .bind(incoming_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE applications SET incoming_id = $1 WHERE id = $2")
        .bind(incoming_id)
        .bind(a.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The specialist handling dossier `id` in the e-office, once named.
pub async fn handler_of(db: &Db, id: i64) -> DbResult<Option<i64>> {
    let row: Option<(Option<i64>,)> = sqlx::query_as(
        "SELECT d.handler_id FROM applications a JOIN incoming_documents d ON d.id = a.incoming_id
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(|r| r.0))
}

/// The code of dossier `id`, once filed.
pub async fn code_of(db: &Db, id: i64) -> DbResult<Option<String>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT code FROM applications WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.and_then(|r| r.0))
}

/// One stage of a dossier's handling and the day it is due.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StageDue {
    pub name: String,
    pub role: String,
    pub due_on: String,
}

/// One row of form 05.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ControlRow {
    /// accepted, routed, assigned, handled, result_issued, returned
    pub kind: String,
    pub giver: String,
    pub receiver: String,
    pub at: String,
    pub due_on: String,
    /// early, on_time, late
    pub timeliness: String,
    pub timeliness_label: String,
}

/// Form 05: the stages and the handovers so far.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ControlSheet {
    pub code: String,
    pub procedure_name: String,
    pub received_on: Option<String>,
    pub due_on: Option<String>,
    pub stages: Vec<StageDue>,
    pub rows: Vec<ControlRow>,
    /// The e-office document the dossier became.
    pub incoming_id: Option<i64>,
}

async fn stages_of(db: &Db, id: i64) -> DbResult<Vec<StageDue>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT name, role, due_on FROM application_stages WHERE application_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, role, due_on)| StageDue { name, role, due_on })
        .collect())
}

/// How a member of staff follows dossier `id`: the one-stop desk works it; those who may read
/// its letter in the e-office (the leaders who route and assign it, its handler) follow it,
/// and its handler answers its applicant. Anyone else: out of scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Following {
    /// The one-stop desk: decides, hands over, apologises.
    pub desk: bool,
    /// The specialist handling its letter: writes to the applicant.
    pub handler: bool,
}

/// Refused to anyone else as not found, whether the dossier exists or not.
pub async fn following(db: &Db, actor: &Actor, id: i64) -> DbResult<Following> {
    let desk = decide(actor, Action::WorkTheDesk).is_ok();
    let found: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT incoming_id FROM applications WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    let letter = match found {
        Some((letter,)) => letter,
        // a dossier that does not exist is the desk's to say so, where it looks it up
        None if desk => None,
        None => return Err(DbError::NotFound),
    };
    // the letter's handler, and the leaders who route or assign it: not every colleague of
    // the units it concerns, who read the letter but not the applicant's particulars
    let (follows, handler) = match letter {
        Some(doc) => {
            let rec = lode_eoffice::incoming::get(db, doc).await?;
            let scope = rec.scope();
            let handler = rec.handler_id == Some(actor.account_id);
            let leads = decide(actor, Action::RouteDocument(&scope)).is_ok()
                || decide(actor, Action::AssignDocument(&scope)).is_ok();
            (handler || leads, handler)
        }
        None => (false, false),
    };
    if desk || follows {
        Ok(Following { desk, handler })
    } else {
        Err(DbError::NotFound)
    }
}

async fn incoming_of(db: &Db, id: i64) -> DbResult<Option<i64>> {
    let (incoming,): (Option<i64>,) =
        sqlx::query_as("SELECT incoming_id FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await?;
    Ok(incoming)
}

/// Form 05 of dossier `id`, as the desk sees it (`applicant` limits it to the applicant's own).
pub async fn control_sheet(db: &Db, applicant: Option<i64>, id: i64) -> DbResult<ControlSheet> {
    let (a, _, _) = load(db, applicant, id).await?;
    let code = a.code.clone().ok_or(DbError::NotFound)?;
    let stages = stages_of(db, id).await?;
    let plan: Vec<(StageRole, NaiveDate)> = stages
        .iter()
        .filter_map(|s| Some((StageRole::parse(&s.role)?, day(Some(&s.due_on))?)))
        .collect();
    let promised = day(a.due_on.as_deref()).unwrap_or_else(today);
    let mut found: Vec<(HandoverKind, String)> = Vec::new();
    let first_event = |kind: &str| {
        a.events
            .iter()
            .find(|e| e.kind == kind)
            .map(|e| e.at.clone())
    };
    // one its unit took on its own pages has no letter in the e-office (one filed before such
    // units had pages of their own went through the leaders like any other)
    let incoming = incoming_of(db, id).await?;
    let own_pages = incoming.is_none();
    if let Some(at) = first_event("accepted") {
        found.push((
            if own_pages {
                HandoverKind::TakenByUnit
            } else {
                HandoverKind::Accepted
            },
            at,
        ));
    }
    if let Some(doc) = incoming {
        let timeline = lode_eoffice::incoming::timeline(db, doc).await?;
        for (step, kind) in [
            ("route", HandoverKind::Routed),
            ("assign", HandoverKind::Assigned),
            ("complete", HandoverKind::Handled),
        ] {
            if let Some(e) = timeline.iter().find(|e| e.step == step) {
                found.push((kind, e.at.clone()));
            }
        }
    }
    if let Some(at) = first_event("result") {
        found.push((
            if own_pages {
                HandoverKind::UnitResult
            } else {
                HandoverKind::ResultIssued
            },
            at,
        ));
    }
    if let Some(at) = first_event("returned") {
        found.push((HandoverKind::Returned, at));
    }
    if let Some(at) = first_event("answered_online") {
        found.push((HandoverKind::AnsweredOnline, at));
    }
    let rows = found
        .into_iter()
        .map(|(kind, at)| {
            let due = due_for(kind, &plan, promised);
            let done = local_day_of(&at).unwrap_or(due);
            let t = Timeliness::of(done, due);
            let (giver, receiver) = kind.parties();
            ControlRow {
                kind: kind.as_str().into(),
                giver: giver.into(),
                receiver: receiver.into(),
                at,
                due_on: due.to_string(),
                timeliness: t.as_str().into(),
                timeliness_label: t.label().into(),
            }
        })
        .collect();
    Ok(ControlSheet {
        code,
        procedure_name: a.procedure_name,
        received_on: a.received_on,
        due_on: a.due_on,
        stages,
        rows,
        incoming_id: incoming,
    })
}

/// An outgoing document answering a dossier: a candidate for its result.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Answer {
    pub outgoing_id: i64,
    pub notation: Option<String>,
    pub subject: String,
    pub issued_on: Option<String>,
    /// How many digital signatures it carries (the signer's, the seal).
    pub signatures: usize,
}

/// The numbered outgoing documents that answer dossier `id`'s incoming document.
pub async fn answers(db: &Db, id: i64) -> DbResult<Vec<Answer>> {
    let Some(incoming) = incoming_of(db, id).await? else {
        return Ok(Vec::new());
    };
    Ok(lode_eoffice::outgoing::replies_to(db, &[incoming])
        .await?
        .into_iter()
        .map(|o| Answer {
            outgoing_id: o.id,
            notation: o.notation,
            subject: o.subject,
            issued_on: o.issued_on,
            signatures: o.signatures.len(),
        })
        .collect())
}

fn desk_only(officer: &Actor) -> DbResult<()> {
    decide(officer, Action::WorkTheDesk).map_err(DbError::Denied)
}

/// The desk takes outgoing document `outgoing_id` (numbered, signed, answering the dossier) as
/// the dossier's result: the applicant may download it from the portal.
pub async fn publish_result(
    db: &Db,
    ctx: &AuditCtx,
    officer: &Actor,
    id: i64,
    outgoing_id: i64,
) -> DbResult<Application> {
    desk_only(officer)?;
    let (a, _, _) = load(db, None, id).await?;
    if a.status != ApplicationStatus::Accepted {
        return Err(DbError::Conflict(format!(
            "the dossier is {}: a result is returned for a dossier in handling",
            a.status
        )));
    }
    let incoming = incoming_of(db, id).await?;
    let out = match lode_eoffice::outgoing::get(db, outgoing_id).await {
        Ok(o) => o,
        Err(DbError::NotFound) => {
            return Err(FieldErrors::single(
                "outgoing_id",
                "not_found",
                "no outgoing document has this id",
            )
            .into());
        }
        Err(e) => return Err(e),
    };
    let mut errors = FieldErrors::new();
    if incoming.is_none() || out.related_incoming_id != incoming {
        errors.add(
            "outgoing_id",
            "not_an_answer",
            "this outgoing document does not answer the dossier",
        );
    }
    if out.notation.is_none() {
        errors.add(
            "outgoing_id",
            "not_issued",
            "the result must be numbered and issued first",
        );
    }
    if out.secrecy != Secrecy::None {
        errors.add(
            "outgoing_id",
            "secret",
            "a classified document is not returned through the portal",
        );
    }
    if out.signatures.is_empty() {
        errors.add(
            "outgoing_id",
            "unsigned",
            "the result must carry its digital signature to be returned online",
        );
    }
    errors.into_result()?;
    let pdf = out
        .versions
        .iter()
        .find(|v| v.number == out.current_version)
        .map(|v| v.pdf_sha256.clone())
        .ok_or_else(|| DbError::Conflict("the result has no PDF".into()))?;
    let notation = out.notation.clone().unwrap_or_default();
    let issued = out.issued_on.clone().unwrap_or_else(|| today().to_string());
    let (tx, dossier, next) =
        steps::begin(db, officer, id, None, ApplicationStep::PublishResult).await?;
    let result = DossierResult {
        outgoing_id: Some(outgoing_id),
        sha256: &pdf,
        on: &issued,
        notation: &notation,
        subject: &out.subject,
    };
    write_result(db, tx, ctx, (&dossier, next), result).await
}

/// A dossier's result as its step writes it: the outgoing document it is (if the office issued
/// it), its file, its day, its number and subject.
struct DossierResult<'a> {
    outgoing_id: Option<i64>,
    sha256: &'a str,
    on: &'a str,
    notation: &'a str,
    subject: &'a str,
}

/// Writes result `r` of `dossier` (leading it to `next`), its history entry, tells its
/// applicant, commits `tx`, and reads the dossier back.
async fn write_result(
    db: &Db,
    mut tx: Tx,
    ctx: &AuditCtx,
    (dossier, next): (&steps::DossierState, ApplicationStatus),
    r: DossierResult<'_>,
) -> DbResult<Application> {
    let id = dossier.id;
    sqlx::query(
        "UPDATE applications SET status = $1, result_outgoing_id = $2, result_sha256 = $3,
            result_on = $4
         WHERE id = $5",
    )
    .bind(next.as_str())
    .bind(r.outgoing_id)
    .bind(r.sha256)
    .bind(r.on)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    settle_letter(&mut tx, ctx, dossier).await?;
    let args = serde_json::json!({"notation": r.notation, "subject": r.subject});
    steps::finish(
        &mut tx,
        ctx,
        id,
        "result",
        steps::detail(
            "result",
            args.clone(),
            serde_json::json!({"outgoing_id": r.outgoing_id, "notation": r.notation}),
        ),
    )
    .await?;
    crate::steps::tell_applicant(
        &mut tx,
        dossier.applicant_id,
        (id, dossier.code.as_deref()),
        ("result", "application_result"),
        args,
    )
    .await?;
    tx.commit().await?;
    crate::applications::get(db, dossier.applicant_id, id).await
}

/// The dossier's letter in the e-office, if it has one, is settled with it: a result reached
/// without a reply of the office (the archive's own papers and answers) leaves no one a letter
/// to route or handle.
async fn settle_letter(tx: &mut Tx, ctx: &AuditCtx, dossier: &steps::DossierState) -> DbResult<()> {
    match a_incoming(tx, dossier.id).await? {
        Some(letter) => {
            let code = dossier.code.as_deref().unwrap_or_default();
            lode_eoffice::incoming::settle_with_dossier(tx, ctx, letter, code).await
        }
        None => Ok(()),
    }
}

/// Dossier `id`, in handling, was answered on the handling unit's own pages and its applicant
/// reads the answer there (the archive opened the records to read, booked the reading room, or
/// `refused`): inside that decision's transaction, the dossier is settled and returned online
/// on the day, and its letter in the e-office with it. A refusal owes no fee.
pub async fn answered_online(tx: &mut Tx, ctx: &AuditCtx, id: i64, refused: bool) -> DbResult<()> {
    let Some((dossier, next)) = lode_db::lifecycle::consequence::<steps::DossierState>(
        tx,
        id,
        ApplicationStep::AnswerOnline,
    )
    .await?
    else {
        return Err(DbError::Conflict(
            "the dossier is no longer in handling".into(),
        ));
    };
    sqlx::query(
        "UPDATE applications SET status = $1, result_on = $2, returned_at = $3, return_method = $4
         WHERE id = $5",
    )
    .bind(next.as_str())
    .bind(today().to_string())
    .bind(now())
    .bind(ReturnMethod::Online.as_str())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    settle_letter(tx, ctx, &dossier).await?;
    steps::finish(
        tx,
        ctx,
        id,
        "answered_online",
        steps::detail(
            if refused {
                crate::history::REFUSED_ONLINE
            } else {
                "answered_online"
            },
            serde_json::json!({}),
            serde_json::json!({"code": dossier.code, "refused": refused}),
        ),
    )
    .await?;
    Ok(())
}

/// A paper that the handling unit numbered and sealed itself (`sha256`, numbered `notation`,
/// about `subject`) becomes the result of dossier `id`, in handling: the archive's receipt of
/// the data a dossier submits, or its notice returning them. Its applicant is told.
pub async fn issue_paper(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    sha256: &str,
    notation: &str,
    subject: &str,
) -> DbResult<Application> {
    let (mut tx, dossier, next) =
        steps::begin(db, actor, id, None, ApplicationStep::IssuePaper).await?;
    let (procedure,): (String,) = sqlx::query_as(
        "SELECT p.code FROM applications a JOIN procedures p ON p.id = a.procedure_id
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if !lode_core::services::PAPER_RESULTS.contains(&procedure.as_str()) {
        return Err(DbError::Conflict(
            "the dossier's result is an outgoing document of the office, not a paper of its own"
                .into(),
        ));
    }
    let result = DossierResult {
        outgoing_id: None,
        sha256,
        on: &today().to_string(),
        notation,
        subject,
    };
    write_result(db, tx, ctx, (&dossier, next), result).await
}

/// How a result reached the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnMethod {
    /// Downloaded from the portal.
    Online,
    /// Handed over at the desk.
    Desk,
    /// Sent by post.
    Post,
}

impl ReturnMethod {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "online" => Some(ReturnMethod::Online),
            "desk" => Some(ReturnMethod::Desk),
            "post" => Some(ReturnMethod::Post),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnMethod::Online => "online",
            ReturnMethod::Desk => "desk",
            ReturnMethod::Post => "post",
        }
    }

    /// The message of a return written without a note.
    fn message(self) -> &'static str {
        match self {
            ReturnMethod::Online => "returned_online",
            ReturnMethod::Desk => "returned_desk",
            ReturnMethod::Post => "returned_post",
        }
    }

    /// The message of a return written with a note.
    fn noted_message(self) -> &'static str {
        match self {
            ReturnMethod::Online => "returned_online_noted",
            ReturnMethod::Desk => "returned_desk_noted",
            ReturnMethod::Post => "returned_post_noted",
        }
    }
}

/// The result reached the applicant: by `actor` (the desk handing it over, or the applicant
/// downloading it).
async fn mark_returned(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    method: ReturnMethod,
    note: Option<&str>,
) -> DbResult<()> {
    let (mut tx, _, next) = steps::begin(db, actor, id, None, ApplicationStep::Return).await?;
    sqlx::query(
        "UPDATE applications SET status = $1, returned_at = $2, return_method = $3 WHERE id = $4",
    )
    .bind(next.as_str())
    .bind(now())
    .bind(method.as_str())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let (message, args) = match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => (method.noted_message(), serde_json::json!({ "note": n })),
        None => (method.message(), serde_json::json!({})),
    };
    steps::finish(
        &mut tx,
        ctx,
        id,
        "returned",
        steps::detail(
            message,
            args,
            serde_json::json!({"method": method.as_str()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The desk records the result handed over (at the counter or by post), with a note (who
/// received it, the postal receipt).
pub async fn record_return(
    db: &Db,
    ctx: &AuditCtx,
    officer: &Actor,
    id: i64,
    method: ReturnMethod,
    note: Option<&str>,
) -> DbResult<Application> {
    desk_only(officer)?;
    if note.is_some_and(|n| n.chars().count() > 500) {
        return Err(FieldErrors::single("note", "too_long", "at most 500 characters").into());
    }
    let (a, _, applicant_id) = load(db, None, id).await?;
    if a.status != ApplicationStatus::ResultReady {
        return Err(DbError::Conflict(format!(
            "the dossier is {}: only a result ready can be handed over",
            a.status
        )));
    }
    mark_returned(db, ctx, officer, id, method, note).await?;
    crate::applications::get(db, applicant_id, id).await
}

/// The signed result of the applicant's dossier (its file's SHA-256); the first download
/// returns the result online.
pub async fn result_file(db: &Db, ctx: &AuditCtx, applicant: &Actor, id: i64) -> DbResult<String> {
    let (a, _, _) = load(db, steps::own(applicant), id).await?;
    let (sha,): (Option<String>,) =
        sqlx::query_as("SELECT result_sha256 FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await?;
    let sha = sha.ok_or(DbError::NotFound)?;
    if a.status == ApplicationStatus::ResultReady {
        match mark_returned(db, ctx, applicant, id, ReturnMethod::Online, None).await {
            // returned meanwhile (a second download at once, the desk): the file stands
            Ok(()) | Err(DbError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(sha)
}

/// The result file of a dossier, for the desk.
pub async fn result_file_for_desk(db: &Db, officer: &Actor, id: i64) -> DbResult<String> {
    desk_only(officer)?;
    let (sha,): (Option<String>,) =
        sqlx::query_as("SELECT result_sha256 FROM applications WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?
            .ok_or(DbError::NotFound)?;
    sha.ok_or(DbError::NotFound)
}

/// Form 04: the handling will be late; the apology with its reason and the new date, issued at
/// least one working day before the deadline. The applicant is told.
pub async fn apologise(
    db: &Db,
    ctx: &AuditCtx,
    officer: &Actor,
    id: i64,
    reason: &str,
    new_due: &str,
) -> DbResult<Application> {
    desk_only(officer)?;
    let reason = reason.trim();
    let mut errors = FieldErrors::new();
    if reason.is_empty() || reason.chars().count() > 2000 {
        errors.add(
            "reason",
            "required",
            "say why the dossier will be late (at most 2000 characters)",
        );
    }
    let new = NaiveDate::parse_from_str(new_due.trim(), "%Y-%m-%d").ok();
    if new.is_none() {
        errors.add("new_due_on", "invalid", "a date, YYYY-MM-DD");
    }
    let (a, _, _) = load(db, None, id).await?;
    if a.status != ApplicationStatus::Accepted {
        return Err(DbError::Conflict(format!(
            "the dossier is {}: an apology is for a dossier in handling",
            a.status
        )));
    }
    let calendar = lode_db::calendar::calendar(db).await?;
    let due = day(a.due_on.as_deref()).unwrap_or_else(today);
    if let Some(new) = new
        && let Err((field, code, message)) = check_apology(&calendar, today(), due, new)
    {
        errors.add(field, code, message);
    }
    errors.into_result()?;
    let new = new.unwrap_or(due);
    let (mut tx, dossier, _) =
        steps::begin(db, officer, id, None, ApplicationStep::Apologise).await?;
    if day(dossier.due_on.as_deref()) != Some(due) {
        return Err(DbError::Conflict("the dossier changed already".into()));
    }
    sqlx::query(
        "UPDATE applications SET due_on = $1, apology_count = apology_count + 1 WHERE id = $2",
    )
    .bind(new.to_string())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let args = serde_json::json!({"reason": reason, "new_day": new.to_string(), "old_day": due.to_string()});
    steps::finish(
        &mut tx,
        ctx,
        id,
        "apology",
        steps::detail(
            "apology",
            args.clone(),
            serde_json::json!({"from": due.to_string(), "to": new.to_string()}),
        ),
    )
    .await?;
    crate::steps::tell_applicant(
        &mut tx,
        dossier.applicant_id,
        (id, dossier.code.as_deref()),
        ("apology", "application_apology"),
        args,
    )
    .await?;
    tx.commit().await?;
    crate::applications::get(db, dossier.applicant_id, id).await
}

/// The applicant withdraws a dossier filed and not yet decided (submitted, waiting for papers,
/// or in handling), with the reason.
pub async fn withdraw(
    db: &Db,
    ctx: &AuditCtx,
    applicant: &Actor,
    id: i64,
    reason: &str,
) -> DbResult<Application> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(FieldErrors::single(
            "reason",
            "required",
            "say why the dossier is withdrawn (at most 2000 characters)",
        )
        .into());
    }
    let (a, _, _) = load(db, steps::own(applicant), id).await?;
    if !a.status.open() {
        return Err(DbError::Conflict(format!(
            "the dossier is {}: it cannot be withdrawn",
            a.status
        )));
    }
    let (mut tx, dossier, next) =
        steps::begin(db, applicant, id, None, ApplicationStep::Withdraw).await?;
    steps::set_status(&mut tx, id, next).await?;
    if let Some(incoming) = a_incoming(&mut tx, id).await? {
        // the handling unit sees it in the document's timeline
        sqlx::query(
            "INSERT INTO incoming_events (document_id, at, actor_id, step, detail) VALUES ($1, $2, $3, 'note', $4)",
        )
        .bind(incoming)
        .bind(now())
        .bind(applicant.account_id)
        // named where it is read (`field.withdrawn_reason`), in the reader's language
        .bind(serde_json::json!({ "withdrawn_reason": reason }).to_string())
        .execute(&mut *tx)
        .await?;
    }
    steps::finish(
        &mut tx,
        ctx,
        id,
        "withdrawn",
        steps::detail(
            "withdrawn",
            serde_json::json!({ "reason": reason }),
            serde_json::json!({ "reason": reason }),
        ),
    )
    .await?;
    tx.commit().await?;
    crate::applications::get(db, dossier.applicant_id, id).await
}

async fn a_incoming(tx: &mut Tx, id: i64) -> DbResult<Option<i64>> {
    let (incoming,): (Option<i64>,) =
        sqlx::query_as("SELECT incoming_id FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    Ok(incoming)
}

/// A message about a dossier.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Message {
    pub id: i64,
    pub at: String,
    pub author: String,
    pub from_applicant: bool,
    pub body: String,
}

/// The messages of dossier `id`, oldest first (`applicant` limits it to the applicant's own).
pub async fn messages(db: &Db, applicant: Option<i64>, id: i64) -> DbResult<Vec<Message>> {
    let (a, _, _) = load(db, applicant, id).await?;
    let rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT m.id, m.at, a.full_name, m.from_applicant, m.body FROM application_messages m
         JOIN accounts a ON a.id = m.author_id WHERE m.application_id = $1 ORDER BY m.id",
    )
    .bind(a.id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, author, from, body)| Message {
            id,
            at,
            author,
            from_applicant: from == 1,
            body,
        })
        .collect())
}

/// Who writes a message: the applicant of the dossier, or an officer (the desk, or the
/// specialist handling it).
pub enum Writer<'a> {
    Applicant(i64),
    Officer(&'a Actor),
}

/// Writes a message on a filed dossier; the other side is told.
pub async fn post_message(
    db: &Db,
    ctx: &AuditCtx,
    writer: Writer<'_>,
    id: i64,
    body: &str,
) -> DbResult<Message> {
    let body = lode_core::validation::bounded_lines(body, MESSAGE_MAX)
        .map_err(|e| FieldErrors::single("body", e.code, e.message))?;
    let (applicant_filter, author) = match &writer {
        Writer::Applicant(a) => (Some(*a), *a),
        Writer::Officer(o) => (None, o.account_id),
    };
    let (a, _, applicant_id) = load(db, applicant_filter, id).await?;
    if a.status == ApplicationStatus::Draft {
        return Err(DbError::Conflict(
            "the dossier is not filed yet: there is no one to write to".into(),
        ));
    }
    let incoming = incoming_of(db, id).await?;
    let handler = handler_of(db, id).await?;
    if let Writer::Officer(o) = &writer
        && decide(o, Action::WorkTheDesk).is_err()
        && handler != Some(o.account_id)
    {
        return Err(DbError::Denied(lode_core::authz::Denied::OutOfScope));
    }
    let from_applicant = matches!(writer, Writer::Applicant(_));
    let mut tx = db.write().await?;
    let at = now();
    let (mid,): (i64,) = sqlx::query_as(
        "INSERT INTO application_messages (application_id, at, author_id, from_applicant, body)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(id)
    .bind(&at)
    .bind(author)
    .bind(i64::from(from_applicant))
    .bind(&body)
    .fetch_one(&mut *tx)
    .await?;
    let code = a.code.clone().unwrap_or_default();
    if from_applicant {
        // the desk's officers, who answer for the dossier, and the specialist handling it
        let mut to: Vec<(i64, Option<String>)> = desk_officers(&mut *tx).await?;
        if let Some(h) = handler.filter(|h| !to.iter().any(|(id, _)| id == h)) {
            let handler: Vec<(i64, Option<String>)> =
                sqlx::query_as("SELECT id, email FROM accounts WHERE id = $1")
                    .bind(h)
                    .fetch_all(&mut *tx)
                    .await?;
            to.extend(handler);
        }
        for (account, email) in to {
            let notice = Notice {
                account_id: account,
                kind: "application_message",
                incoming_id: incoming,
                message: lode_db::notifications::message(
                    crate::NOTICE_MESSAGES,
                    "application_message",
                )?,
                args: &serde_json::json!({"code": code, "text": body}),
                link: &format!("/mot-cua/{id}"),
                dedupe_key: &format!("application_message:{mid}:{account}"),
            };
            notify(&mut *tx, &notice, email.as_deref()).await?;
        }
    } else {
        crate::steps::tell_applicant(
            &mut tx,
            applicant_id,
            (a.id, a.code.as_deref()),
            ("message", "application_officer_message"),
            serde_json::json!({"text": body}),
        )
        .await?;
    }
    append(
        &mut tx,
        ctx,
        Event::new(
            "application.message",
            "application",
            id,
            serde_json::json!({"message": mid}),
        ),
    )
    .await?;
    tx.commit().await?;
    let (author_name,): (String,) = sqlx::query_as("SELECT full_name FROM accounts WHERE id = $1")
        .bind(author)
        .fetch_one(db.pool())
        .await?;
    Ok(Message {
        id: mid,
        at,
        author: author_name,
        from_applicant,
        body: body.to_string(),
    })
}

/// The one-stop officers (id, e-mail): who is told when no one else is.
async fn desk_officers<'e, E>(conn: E) -> DbResult<Vec<(i64, Option<String>)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_as(
        "SELECT a.id, a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id
         WHERE a.active = 1 AND r.role = 'one_stop_officer'",
    )
    .fetch_all(conn)
    .await?)
}

/// A dossier in handling near or past its deadline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AtRisk {
    pub id: i64,
    pub code: String,
    pub procedure_name: String,
    pub due_on: String,
    pub working_days_left: i64,
    pub apologise_by: Option<String>,
    pub overdue: bool,
}

/// The dossiers in handling that must be warned about on `today`, nearest deadline first.
pub async fn at_risk(db: &Db, today: NaiveDate) -> DbResult<Vec<AtRisk>> {
    risky(db, today, None).await
}

/// The warning for dossier `id` on `today`, if it must be warned about.
pub async fn at_risk_one(db: &Db, today: NaiveDate, id: i64) -> DbResult<Option<AtRisk>> {
    Ok(risky(db, today, Some(id)).await?.pop())
}

async fn risky(db: &Db, today: NaiveDate, only: Option<i64>) -> DbResult<Vec<AtRisk>> {
    let calendar = lode_db::calendar::calendar(db).await?;
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.code, p.name, a.due_on FROM applications a
         JOIN procedures p ON p.id = a.procedure_id
         WHERE a.status = 'accepted' AND a.due_on IS NOT NULL AND ($1 IS NULL OR a.id = $1)
         ORDER BY a.due_on, a.id LIMIT 1000",
    )
    .bind(only)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, code, procedure_name, due_on)| {
            let due = day(Some(&due_on))?;
            let w: Warning = warning(&calendar, today, due)?;
            Some(AtRisk {
                id,
                code,
                procedure_name,
                due_on,
                working_days_left: w.working_days_left,
                apologise_by: w.apologise_by.map(|d| d.to_string()),
                overdue: w.overdue,
            })
        })
        .collect())
}

/// Tells the desk's officers and the specialist handling it of each dossier at risk, once per
/// dossier, deadline and day. Returns how many notifications were new.
pub async fn sweep(db: &Db, today: NaiveDate) -> DbResult<usize> {
    let risky = at_risk(db, today).await?;
    if risky.is_empty() {
        return Ok(0);
    }
    let desk = desk_officers(db.pool()).await?;
    let mut created = 0;
    for r in risky {
        let mut to = desk.clone();
        let handler: Option<(i64, Option<String>)> = sqlx::query_as(
            "SELECT ac.id, ac.email FROM applications a JOIN incoming_documents d ON d.id = a.incoming_id
             JOIN accounts ac ON ac.id = d.handler_id WHERE a.id = $1",
        )
        .bind(r.id)
        .fetch_optional(db.pool())
        .await?;
        to.extend(handler);
        let args = if r.overdue {
            serde_json::json!({"code": r.code, "due_day": r.due_on})
        } else {
            serde_json::json!({
                "code": r.code,
                "due_day": r.due_on,
                "days_left": r.working_days_left,
                "apologise_day": r.apologise_by.as_deref().unwrap_or(""),
            })
        };
        for (account, email) in to {
            let notice = Notice {
                account_id: account,
                kind: if r.overdue {
                    "application_overdue"
                } else {
                    "application_due_soon"
                },
                incoming_id: None,
                message: lode_db::notifications::message(
                    crate::NOTICE_MESSAGES,
                    if r.overdue {
                        "application_overdue"
                    } else {
                        "application_due_soon"
                    },
                )?,
                args: &args,
                link: &format!("/mot-cua/{}", r.id),
                dedupe_key: &format!("application_risk:{}:{account}:{}:{today}", r.id, r.due_on),
            };
            created += notify(db.pool(), &notice, email.as_deref()).await?;
        }
    }
    Ok(created)
}

/// One line of the tracking register (form 06).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegisterLine {
    pub id: i64,
    pub code: String,
    pub procedure_name: String,
    pub applicant: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    #[schema(value_type = String, example = "online")]
    pub channel: ApplicationChannel,
    pub handling_unit: Option<String>,
    pub received_on: String,
    pub due_on: Option<String>,
    /// The day it went to the handling unit (accepted into the e-office).
    pub transferred_on: Option<String>,
    pub result_on: Option<String>,
    pub returned_on: Option<String>,
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub apologies: i64,
}

lode_db::row! {
    /// What form 06 reads of a dossier, its applicant and the unit handling it.
    struct RegisterRow {
        id: i64,
        code: String,
        procedure_name: String,
        full_name: String,
        organisation_name: Option<String>,
        address: Option<String>,
        contact_phone: Option<String>,
        channel: String,
        handling_unit: Option<String>,
        received_on: String,
        due_on: Option<String>,
        result_on: Option<String>,
        returned_at: Option<String>,
        status: String,
        apology_count: i64,
        accepted_at: Option<String>,
    }
}

/// Form 06: the dossiers received from `from` to `to` (local days, both included), in the
/// order of their codes.
pub async fn tracking_register(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<Vec<RegisterLine>> {
    let rows: Vec<RegisterRow> = sqlx::query_as(
        "SELECT a.id, a.code, p.name AS procedure_name, ac.full_name, ac.organisation_name, ac.address,
                a.contact_phone, a.channel, u.name AS handling_unit, a.received_on, a.due_on,
                a.result_on, a.returned_at, a.status, a.apology_count,
                (SELECT e.at FROM application_events e WHERE e.application_id = a.id
                   AND e.kind = 'accepted' ORDER BY e.seq LIMIT 1) AS accepted_at
         FROM applications a JOIN procedures p ON p.id = a.procedure_id
         JOIN accounts ac ON ac.id = a.applicant_id
         LEFT JOIN incoming_documents d ON d.id = a.incoming_id
         LEFT JOIN units u ON u.id = d.lead_unit_id
         WHERE a.code IS NOT NULL AND a.received_on >= $1 AND a.received_on <= $2
         ORDER BY a.code LIMIT 20000",
    )
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(db.pool())
    .await?;
    let local = |at: Option<&str>| at.and_then(local_day_of).map(|d| d.to_string());
    rows.into_iter()
        .map(|r| {
            Ok(RegisterLine {
                status: crate::history::status_of(&r.status)?,
                id: r.id,
                code: r.code,
                procedure_name: r.procedure_name,
                applicant: crate::applications::applicant_label(r.full_name, r.organisation_name),
                address: r.address,
                phone: r.contact_phone,
                channel: crate::history::channel_of(&r.channel)?,
                handling_unit: r.handling_unit,
                received_on: r.received_on,
                due_on: r.due_on,
                transferred_on: local(r.accepted_at.as_deref()),
                result_on: r.result_on,
                returned_on: local(r.returned_at.as_deref()),
                apologies: r.apology_count,
            })
        })
        .collect()
}

/// The figures of one procedure in one month.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub received_online: i64,
    pub received_desk: i64,
    /// Results given by the promised date, with no apology.
    pub on_time: i64,
    pub late: i64,
    /// Filed and not yet accepted: waiting at the desk, or for the applicant's papers.
    pub waiting: i64,
    /// Accepted and in handling.
    pub in_progress: i64,
    /// Without a result yet (waiting or in handling) and past the promised date.
    pub overdue: i64,
    pub refused: i64,
    pub withdrawn: i64,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.received_online += o.received_online;
        self.received_desk += o.received_desk;
        self.on_time += o.on_time;
        self.late += o.late;
        self.waiting += o.waiting;
        self.in_progress += o.in_progress;
        self.overdue += o.overdue;
        self.refused += o.refused;
        self.withdrawn += o.withdrawn;
    }
}

/// One procedure's row of the statistics.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProcedureFigures {
    pub procedure_code: String,
    pub procedure_name: String,
    pub total: Figures,
}

/// The statistics of one year: by month (1–12) and by procedure, and the year's total.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Statistics {
    pub year: i32,
    pub months: Vec<Figures>,
    pub procedures: Vec<ProcedureFigures>,
    pub total: Figures,
}

/// A dossier received in a year, as the statistics count it.
#[derive(Debug, Clone)]
pub struct CountedDossier {
    pub id: i64,
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub received_on: String,
    pub due_on: Option<String>,
    pub status: ApplicationStatus,
    /// Its month of receipt, 1–12.
    pub month: u32,
    /// What it counts for: one of each column it falls in.
    pub counts: Figures,
}

/// The dossiers received in `year`, each with what it counts for on `today`: online or at the
/// desk; handled on time, late, or still in handling (and overdue), refused or withdrawn.
async fn counted_dossiers(db: &Db, year: i32, today: NaiveDate) -> DbResult<Vec<CountedDossier>> {
    lode_db::row! {
        /// What the statistics read of a dossier received.
        struct Row {
            id: i64,
            code: String,
            procedure_code: String,
            procedure_name: String,
            channel: String,
            status: String,
            received_on: String,
            due_on: Option<String>,
            result_on: Option<String>,
            apology_count: i64,
        }
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.code, p.code AS procedure_code, p.name AS procedure_name, a.channel,
                a.status, a.received_on, a.due_on, a.result_on, a.apology_count
         FROM applications a JOIN procedures p ON p.id = a.procedure_id
         WHERE a.code IS NOT NULL AND a.received_on >= $1 AND a.received_on <= $2
         ORDER BY a.received_on DESC, a.id DESC",
    )
    .bind(format!("{year}-01-01"))
    .bind(format!("{year}-12-31"))
    .fetch_all(db.pool())
    .await?;
    let mut counted = Vec::with_capacity(rows.len());
    for r in rows {
        let mut f = Figures::default();
        if crate::history::channel_of(&r.channel)? == ApplicationChannel::Desk {
            f.received_desk = 1;
        } else {
            f.received_online = 1;
        }
        let due = day(r.due_on.as_deref());
        let status = crate::history::status_of(&r.status)?;
        match status {
            ApplicationStatus::ResultReady | ApplicationStatus::Returned => {
                // a dossier that needed an apology counts as late, whatever its new date
                let result = day(r.result_on.as_deref());
                if r.apology_count == 0 && result.zip(due).is_some_and(|(r, d)| r <= d) {
                    f.on_time = 1;
                } else {
                    f.late = 1;
                }
            }
            ApplicationStatus::Refused => f.refused = 1,
            ApplicationStatus::Withdrawn => f.withdrawn = 1,
            ApplicationStatus::Accepted => {
                f.in_progress = 1;
                if due.is_some_and(|d| d < today) {
                    f.overdue = 1;
                }
            }
            ApplicationStatus::Draft
            | ApplicationStatus::Submitted
            | ApplicationStatus::Incomplete => {
                f.waiting = 1;
                // one sent back for papers is promised no date until it comes back
                if status.promises_a_date() && due.is_some_and(|d| d < today) {
                    f.overdue = 1;
                }
            }
        }
        let month = day(Some(&r.received_on)).map_or(1, |d| chrono::Datelike::month(&d));
        counted.push(CountedDossier {
            id: r.id,
            code: r.code,
            procedure_code: r.procedure_code,
            procedure_name: r.procedure_name,
            received_on: r.received_on,
            due_on: r.due_on,
            status,
            month,
            counts: f,
        });
    }
    Ok(counted)
}

/// Dossiers received in `year`: online and at the desk, handled on time and late, by procedure
/// and month.
pub async fn statistics(db: &Db, year: i32, today: NaiveDate) -> DbResult<Statistics> {
    let mut months = vec![Figures::default(); 12];
    let mut by_procedure: BTreeMap<String, (String, Figures)> = BTreeMap::new();
    for d in counted_dossiers(db, year, today).await? {
        if let Some(m) = months.get_mut(d.month as usize - 1) {
            m.add(&d.counts);
        }
        by_procedure
            .entry(d.procedure_code)
            .or_insert_with(|| (d.procedure_name, Figures::default()))
            .1
            .add(&d.counts);
    }
    let mut total = Figures::default();
    for m in &months {
        total.add(m);
    }
    Ok(Statistics {
        year,
        months,
        procedures: by_procedure
            .into_iter()
            .map(
                |(procedure_code, (procedure_name, total))| ProcedureFigures {
                    procedure_code,
                    procedure_name,
                    total,
                },
            )
            .collect(),
        total,
    })
}

/// Which of a year's counted dossiers a figure of the statistics stands for.
#[derive(Debug, Clone, Default)]
pub struct Counting {
    /// Received in this month, 1–12.
    pub month: Option<u32>,
    /// `online` or `desk`.
    pub channel: Option<String>,
    /// Of this procedure (its code).
    pub procedure: Option<String>,
    /// `on_time`, `late`, `overdue` (no result yet, past the promised day), `timed` (any of
    /// those three: what a procedure's row counts), `waiting` (not yet accepted),
    /// `in_progress` (accepted, in handling), `refused`, `withdrawn`.
    pub outcome: Option<String>,
}

impl Counting {
    fn takes(&self, d: &CountedDossier) -> bool {
        let f = &d.counts;
        let outcome = match self.outcome.as_deref() {
            None | Some("") => true,
            Some("on_time") => f.on_time == 1,
            Some("late") => f.late == 1,
            Some("overdue") => f.overdue == 1,
            Some("timed") => f.on_time + f.late + f.overdue == 1,
            Some("waiting") => f.waiting == 1,
            Some("in_progress") => f.in_progress == 1,
            Some("refused") => f.refused == 1,
            Some("withdrawn") => f.withdrawn == 1,
            Some(_) => false,
        };
        let channel = match self.channel.as_deref() {
            None | Some("") => true,
            Some("online") => f.received_online == 1,
            Some("desk") => f.received_desk == 1,
            Some(_) => false,
        };
        outcome
            && channel
            && self.month.is_none_or(|m| m == d.month)
            && self
                .procedure
                .as_deref()
                .is_none_or(|p| p.is_empty() || p == d.procedure_code)
    }
}

/// The dossiers of `year` a figure of the statistics counts, the newest received first.
pub async fn counted_by(
    db: &Db,
    year: i32,
    today: NaiveDate,
    counting: &Counting,
) -> DbResult<Vec<CountedDossier>> {
    Ok(counted_dossiers(db, year, today)
        .await?
        .into_iter()
        .filter(|d| counting.takes(d))
        .collect())
}

/// What the desk decides on a submitted dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskDecision {
    /// Complete: accepted for handling (the receipt slip stands).
    Accept,
    /// Form 02: everything missing, asked once; the clock stops until it arrives.
    AskToComplete,
    /// Form 03: refused, with the reasons.
    Refuse,
}

impl DeskDecision {
    /// From the forms' and the API's words: `accept`, `complete` or `refuse`; never guessed.
    pub fn parse(asked: &str) -> Result<Self, FieldErrors> {
        match asked.trim() {
            "accept" => Ok(Self::Accept),
            "complete" => Ok(Self::AskToComplete),
            "refuse" => Ok(Self::Refuse),
            _ => Err(FieldErrors::single(
                "decision",
                "choose_decision",
                "accept, complete or refuse",
            )),
        }
    }

    /// The status it leads to, as the pages name what was done.
    pub fn done(self) -> &'static str {
        match self {
            Self::Accept => "accepted",
            Self::AskToComplete => "incomplete",
            Self::Refuse => "refused",
        }
    }
}

/// The desk's decision on a submitted dossier, with its reason (what is missing, why refused).
pub async fn decide_at_desk(
    db: &Db,
    ctx: &AuditCtx,
    officer: &lode_core::authz::Actor,
    id: i64,
    decision: DeskDecision,
    reason: &str,
) -> DbResult<Application> {
    lode_core::authz::decide(officer, lode_core::authz::Action::WorkTheDesk)
        .map_err(DbError::Denied)?;
    let reason = reason.trim();
    if decision != DeskDecision::Accept && (reason.is_empty() || reason.chars().count() > 4000) {
        return Err(FieldErrors::single(
            "reason",
            "required",
            "say what is missing, or why the dossier is refused (at most 4000 characters)",
        )
        .into());
    }
    let (current, procedure, applicant_id) = load(db, None, id).await?;
    if current.status != ApplicationStatus::Submitted {
        return Err(DbError::Conflict(format!(
            "the dossier is {}: the desk decides on submitted dossiers",
            current.status
        )));
    }
    if decision == DeskDecision::AskToComplete {
        let asked: Option<(i64,)> = sqlx::query_as(
            "SELECT seq FROM application_events WHERE application_id = $1 AND kind = 'incomplete' LIMIT 1",
        )
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
        if asked.is_some() {
            return Err(FieldErrors::single(
                "reason",
                "asked_once",
                "the applicant was asked once already: accept the dossier or refuse it",
            )
            .into());
        }
    }
    // the stages' days are counted only for a dossier accepted
    let calendar = match decision {
        DeskDecision::Accept => Some(lode_db::calendar::calendar(db).await?),
        _ => None,
    };
    let step = match decision {
        DeskDecision::Accept => ApplicationStep::Accept,
        DeskDecision::AskToComplete => ApplicationStep::AskToComplete,
        DeskDecision::Refuse => ApplicationStep::Refuse,
    };
    let (mut tx, _, next) = steps::begin(db, officer, id, None, step).await?;
    steps::set_status(&mut tx, id, next).await?;
    let args = match decision {
        DeskDecision::Accept => serde_json::json!({}),
        DeskDecision::AskToComplete | DeskDecision::Refuse => serde_json::json!({"reason": reason}),
    };
    // the step's name, its history's kind and its message are the status it leads to
    let status = next.as_str();
    steps::finish(
        &mut tx,
        ctx,
        id,
        status,
        steps::detail(status, args.clone(), serde_json::json!({"reason": reason})),
    )
    .await?;
    let message = format!("application_{status}");
    crate::steps::tell_applicant(
        &mut tx,
        applicant_id,
        (id, current.code.as_deref()),
        (status, &message),
        args,
    )
    .await?;
    if let Some(calendar) = &calendar {
        enter_eoffice(
            &mut tx,
            ctx,
            officer,
            &current,
            &procedure,
            applicant_id,
            calendar,
        )
        .await?;
    }
    tx.commit().await?;
    crate::applications::get(db, applicant_id, id).await
}
