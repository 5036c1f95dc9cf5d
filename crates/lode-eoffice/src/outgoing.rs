//! Outgoing documents: drafts and their versions, the review chain, the clerk's number in the
//! body's series for the year, dispatch (a document sent to a unit of another body arrives in
//! that body's incoming register by itself), and recall. Every step is in the document's
//! timeline and the audit log, in one transaction.

use crate::incoming::{Arrival, file_arrival, today};
use crate::timeline::{self, EventTable};
use lode_core::authz::{Action, Actor, OutgoingScope, decide};
use lode_core::documents::{
    Channel, NOTE_MAX, OutgoingStatus, OutgoingStep, Reviewer, SUBJECT_MAX, Secrecy, Urgency,
    next_outgoing, outgoing_notation, parse_chain, parse_date,
};
use lode_core::org::UnitPath;
use lode_core::people::Clearance;
use lode_core::text::fold;
use lode_core::validation::{
    FieldErrors, bounded_lines, bounded_text, optional_lines, optional_text,
};
use lode_db::audit::{self, Event};
use lode_db::{AuditCtx, Db, DbError, DbResult, Page, Sort, Tx, into_page, page_limit};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A new draft, as its author typed it. The PDF (and the DOCX it came from, if any) are
/// uploaded first.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDraft {
    pub type_code: String,
    pub subject: String,
    /// `normal` (default), `urgent`, `very_urgent`, `most_urgent`.
    pub urgency: Option<String>,
    /// `none` (default), `confidential`, `secret`, `top_secret`.
    pub secrecy: Option<String>,
    /// Units of the organisation it goes to.
    #[serde(default)]
    pub recipient_unit_ids: Vec<i64>,
    /// Bodies outside, one per line.
    pub recipients_outside: Option<String>,
    /// The incoming document this answers, if any.
    pub related_incoming_id: Option<i64>,
    /// The open work dossier it belongs to (the author's or their unit's): filed there once
    /// numbered.
    pub related_dossier_id: Option<i64>,
    /// The leader it is presented to for signature (trình ký), one of [`signers`]: that leader
    /// alone is told and finds it waiting at the leaders' step; none, every leader who may sign.
    pub presented_to: Option<i64>,
    /// Attachments (phụ lục), uploaded first: PDF or DOCX, at most 20.
    #[serde(default)]
    pub attachments: Vec<crate::incoming::NewAttachment>,
    /// The PDF of the draft.
    pub pdf_sha256: String,
    /// The editable source (DOCX), kept beside the PDF.
    pub source_sha256: Option<String>,
    pub source_name: Option<String>,
    /// What was typed on the page, when lode laid the PDF out from it.
    #[serde(default)]
    pub composed: Option<Composition>,
}

/// A new version of a draft's file.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub pdf_sha256: String,
    pub source_sha256: Option<String>,
    pub source_name: Option<String>,
    pub note: Option<String>,
    pub version: Option<i64>,
    /// What was typed on the page, when lode laid the PDF out from it.
    #[serde(default)]
    pub composed: Option<Composition>,
}

/// A review, a submission, a dispatch or a recall: a comment (required to send back or recall).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutgoingStepInput {
    pub text: Option<String>,
    /// For issuing: the date of issue, `YYYY-MM-DD` (default today).
    pub issued_on: Option<String>,
    pub version: Option<i64>,
    /// For issuing a document the leader has not signed in lode: the clerk confirms the
    /// leader signed it on paper (the history keeps it).
    #[serde(default)]
    pub signed_on_paper: bool,
    /// For issuing: the notation the clerk was shown as the one it would get. Another
    /// document of the series numbered meanwhile, the step is refused, nothing numbered, so
    /// that the clerk gives the number now due knowingly.
    #[serde(default)]
    pub expected_notation: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DraftVersion {
    pub number: i64,
    #[serde(skip)]
    pub pdf_sha256: String,
    #[serde(skip)]
    pub source_sha256: Option<String>,
    pub source_name: Option<String>,
    /// What its author typed; for a version lode made, what it did, in the reader's language.
    pub note: Option<String>,
    /// For a version lode made: what it did, as a message code ([`VERSION_NOTES`])...
    #[serde(skip)]
    pub message: Option<String>,
    /// ... and its arguments.
    #[serde(skip)]
    pub args: serde_json::Value,
    pub author_name: Option<String>,
    pub created_at: String,
    /// For a version composed on the page: what its author typed.
    pub composed: Option<Composition>,
}

/// A letter's text typed on the page, which lode lays out in the form of Decree 30 (the
/// heading, the places of the number and date, the title, the signature block and `Nơi nhận`
/// come from the draft's details).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Composition {
    /// `Kính gửi` of a letter (công văn); other types address no one.
    #[serde(default)]
    pub addressee: Option<String>,
    /// The text, a paragraph a line.
    pub text: String,
}

/// The most a composed text may hold: some forty pages of a letter.
pub const COMPOSED_TEXT_MAX: usize = 60_000;

impl Composition {
    /// The text's paragraphs: its lines, trimmed, the empty ones left out.
    pub fn paragraphs(&self) -> Vec<&str> {
        self.text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The addressee, trimmed; none when left empty.
    pub fn addressee(&self) -> Option<&str> {
        self.addressee
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
    }

    /// What refuses it, beside `composed_text` and `composed_addressee`.
    pub fn refusals(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.paragraphs().is_empty() {
            errors.add("composed_text", "required", "type the letter's text");
        } else if self.text.chars().count() > COMPOSED_TEXT_MAX {
            errors.add(
                "composed_text",
                "too_long",
                format!("at most {COMPOSED_TEXT_MAX} characters"),
            );
        }
        if self.addressee().is_some_and(|a| a.chars().count() > 300) {
            errors.add("composed_addressee", "too_long", "at most 300 characters");
        }
        errors
    }
}
/// The messages a version lode made is noted with (`version_note.{message}`).
pub const VERSION_NOTES: &[&str] = &["signed", "sealed", "filled", "scanned"];

/// Everything stored about one outgoing document.
#[derive(Debug, Clone)]
pub struct OutgoingRecord {
    pub id: i64,
    pub body_unit_id: i64,
    pub body_path: UnitPath,
    pub body_abbreviation: String,
    pub body_name: String,
    pub drafting_unit_id: i64,
    pub drafting_path: UnitPath,
    pub drafting_abbreviation: String,
    pub drafting_name: String,
    pub author_id: i64,
    pub author_name: String,
    pub type_code: String,
    pub type_name: String,
    pub type_notation: Option<String>,
    pub series_of_type: String,
    pub subject: String,
    pub urgency: Urgency,
    pub secrecy: Secrecy,
    pub recipients_outside: String,
    pub related_incoming_id: Option<i64>,
    pub related_dossier_id: Option<i64>,
    pub status: OutgoingStatus,
    pub review_chain: Vec<Reviewer>,
    pub review_step: i64,
    pub current_version: i64,
    pub year: Option<i64>,
    pub number: Option<i64>,
    pub notation: Option<String>,
    pub issued_on: Option<String>,
    pub sent_at: Option<String>,
    pub recalled_at: Option<String>,
    pub created_at: String,
    pub version: i64,
    pub recipients: Vec<(i64, String, UnitPath, Option<i64>)>,
    pub reviewers: Vec<i64>,
    /// Who approved it last: the leader who signs it.
    pub signer_name: Option<String>,
    /// The leader it is presented to for signature, while their account is active.
    pub presented_to: Option<i64>,
    pub presented_to_name: Option<String>,
    /// Sent back by a reviewer and not submitted since: who, why and when.
    pub sent_back: Option<SentBack>,
    pub versions: Vec<DraftVersion>,
    pub attachments: Vec<crate::incoming::Attachment>,
    /// The digital signatures added in lode: the signer's, then the seal.
    pub signatures: Vec<SignatureMark>,
}

/// One digital signature added to an outgoing document in lode.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SignatureMark {
    /// `signer` (the leader) or `seal` (the organisation, by the clerk).
    pub kind: String,
    /// The version of the file it made.
    pub version: i64,
    pub signed_by: Option<String>,
    /// The certificate's subject.
    pub subject: String,
    /// PAdES level: B-B, B-T.
    pub level: String,
    pub signed_at: String,
}

/// What a caller may know of an outgoing document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutgoingView {
    pub id: i64,
    /// The body that issues it (whose register numbers it).
    pub body_unit_id: i64,
    pub status: String,
    pub type_code: String,
    pub type_name: String,
    pub secrecy: String,
    pub notation: Option<String>,
    pub number: Option<i64>,
    pub year: Option<i64>,
    pub issued_on: Option<String>,
    pub drafting_unit_name: String,
    pub author_name: String,
    /// Absent when the caller may not read it.
    pub subject: Option<String>,
    pub urgency: String,
    /// The reviewer the document waits for, while in review.
    pub awaiting: Option<String>,
    pub review_chain: Vec<String>,
    pub recipient_unit_ids: Vec<i64>,
    pub recipient_unit_names: Vec<String>,
    pub recipients_outside: Vec<String>,
    pub related_incoming_id: Option<i64>,
    pub related_dossier_id: Option<i64>,
    pub versions: Vec<DraftVersion>,
    /// Absent when the caller may not read it.
    pub attachments: Vec<crate::incoming::Attachment>,
    pub sent_at: Option<String>,
    pub recalled_at: Option<String>,
    /// The leader who approved it last (who signs it), once approved.
    pub signer_name: Option<String>,
    /// The leader it is presented to for signature (trình ký), if one was chosen.
    pub presented_to: Option<i64>,
    pub presented_to_name: Option<String>,
    /// Sent back by a reviewer and not submitted since (its reason absent when the caller may
    /// not read it).
    pub sent_back: Option<SentBack>,
    /// The digital signatures added in lode (absent when the caller may not read it).
    pub signatures: Vec<SignatureMark>,
    /// Whether its leader signed it in lode: known to whoever may see the document, cleared to
    /// read its signatures or not.
    pub leader_signed: bool,
    pub version: i64,
}

/// A reviewer's sending a draft back to its author.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SentBack {
    /// The reviewer, by name.
    pub by: String,
    pub at: String,
    pub reason: Option<String>,
}

impl OutgoingRecord {
    pub fn scope(&self) -> OutgoingScope {
        OutgoingScope {
            body: self.body_path.clone(),
            drafting_unit: self.drafting_path.clone(),
            author: self.author_id,
            reviewers: self.reviewers.clone(),
            recipients: self.recipients.iter().map(|r| r.2.clone()).collect(),
            sent: matches!(self.status, OutgoingStatus::Sent),
            secrecy: self.secrecy,
        }
    }

    /// The text its present version was laid out from, when it was written on the page.
    pub fn current_composition(&self) -> Option<&Composition> {
        self.versions
            .iter()
            .find(|v| v.number == self.current_version)
            .and_then(|v| v.composed.as_ref())
    }

    /// Whether its leader signed it in lode (the signer's mark, before the organisation's seal).
    pub fn leader_signed(&self) -> bool {
        self.signatures.iter().any(|s| s.kind == "signer")
    }

    /// Whether its file is signed: by the leader in lode, or on paper and scanned (the scan
    /// put in the draft's place), or sealed already (as documents signed on paper were before
    /// their scan was asked for). An unsigned file is neither sealed nor sent.
    pub fn file_signed(&self) -> bool {
        self.leader_signed()
            || self.signatures.iter().any(|s| s.kind == "seal")
            || self
                .versions
                .iter()
                .any(|v| v.message.as_deref() == Some("scanned"))
    }

    /// Whether its current file is the scan of the paper the leader signed.
    pub fn scanned(&self) -> bool {
        self.versions
            .iter()
            .find(|v| v.number == self.current_version)
            .is_some_and(|v| v.message.as_deref() == Some("scanned"))
    }

    /// Refuses, beside the scan's box, a step that needs the signed file while the document
    /// signed on paper has no scan yet.
    pub(crate) fn require_signed_file(&self) -> DbResult<()> {
        if self.file_signed() {
            return Ok(());
        }
        Err(FieldErrors::single(
            "pdf",
            "scan_needed",
            "signed on paper: put the scan of the signed paper in first",
        )
        .into())
    }

    /// The reviewer the document waits for, while in review.
    pub fn awaiting(&self) -> Option<Reviewer> {
        if self.status != OutgoingStatus::InReview {
            return None;
        }
        usize::try_from(self.review_step)
            .ok()
            .and_then(|i| self.review_chain.get(i).copied())
    }

    pub fn view(&self, actor: &Actor) -> Option<OutgoingView> {
        let scope = self.scope();
        decide(actor, Action::SeeOutgoing(&scope)).ok()?;
        let readable = decide(actor, Action::ReadOutgoing(&scope)).is_ok();
        Some(OutgoingView {
            id: self.id,
            body_unit_id: self.body_unit_id,
            status: self.status.as_str().into(),
            type_code: self.type_code.clone(),
            type_name: self.type_name.clone(),
            secrecy: self.secrecy.as_str().into(),
            notation: self.notation.clone(),
            number: self.number,
            year: self.year,
            issued_on: self.issued_on.clone(),
            drafting_unit_name: self.drafting_name.clone(),
            author_name: self.author_name.clone(),
            subject: readable.then(|| self.subject.clone()),
            urgency: self.urgency.as_str().into(),
            awaiting: self.awaiting().map(|r| r.as_str().to_string()),
            review_chain: self
                .review_chain
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
            recipient_unit_ids: self.recipients.iter().map(|r| r.0).collect(),
            recipient_unit_names: self.recipients.iter().map(|r| r.1.clone()).collect(),
            recipients_outside: self
                .recipients_outside
                .lines()
                .map(str::to_string)
                .filter(|l| !l.is_empty())
                .collect(),
            related_incoming_id: self.related_incoming_id,
            related_dossier_id: self.related_dossier_id,
            attachments: if readable {
                self.attachments.clone()
            } else {
                Vec::new()
            },
            versions: if readable {
                self.versions.clone()
            } else {
                Vec::new()
            },
            sent_at: self.sent_at.clone(),
            recalled_at: self.recalled_at.clone(),
            signer_name: self.signer_name.clone(),
            presented_to: self.presented_to,
            presented_to_name: self.presented_to_name.clone(),
            sent_back: self.sent_back.clone().map(|b| SentBack {
                reason: b.reason.filter(|_| readable),
                ..b
            }),
            signatures: if readable {
                self.signatures.clone()
            } else {
                Vec::new()
            },
            leader_signed: self.leader_signed(),
            version: self.version,
        })
    }
}

const SELECT: &str =
    "SELECT o.id, o.body_unit_id, b.path AS body_path, b.abbreviation AS body_abbreviation,
    b.name AS body_name, o.drafting_unit_id, du.path AS drafting_path,
    du.abbreviation AS drafting_abbreviation, du.name AS drafting_name, o.author_id,
    a.full_name AS author_name, o.type_code, t.name AS type_name,
    t.notation_code AS type_notation, t.outgoing_series AS series_of_type, o.subject,
    o.urgency, o.secrecy, o.recipients_outside, o.related_incoming_id, o.status,
    o.review_chain, o.review_step, o.current_version, o.year, o.number, o.notation,
    o.issued_on, o.sent_at, o.recalled_at, o.created_at, o.version, o.related_dossier_id,
    CASE WHEN pt.active = 1 THEN o.presented_to END AS presented_to,
    CASE WHEN pt.active = 1 THEN pt.full_name END AS presented_to_name
    FROM outgoing_documents o
    JOIN units b ON b.id = o.body_unit_id
    JOIN units du ON du.id = o.drafting_unit_id
    JOIN accounts a ON a.id = o.author_id
    JOIN document_types t ON t.code = o.type_code
    LEFT JOIN accounts pt ON pt.id = o.presented_to";

fn record(r: &sqlx::any::AnyRow) -> DbResult<OutgoingRecord> {
    use sqlx::Row as _;
    let id: i64 = r.try_get("id")?;
    let bad =
        |what: &str| DbError::Other(anyhow::anyhow!("outgoing document {id} has a bad {what}"));
    let path = |s: String| UnitPath::parse(&s);
    Ok(OutgoingRecord {
        id,
        body_unit_id: r.try_get("body_unit_id")?,
        body_path: path(r.try_get("body_path")?).ok_or_else(|| bad("body"))?,
        body_abbreviation: r.try_get("body_abbreviation")?,
        body_name: r.try_get("body_name")?,
        drafting_unit_id: r.try_get("drafting_unit_id")?,
        drafting_path: path(r.try_get("drafting_path")?).ok_or_else(|| bad("drafting unit"))?,
        drafting_abbreviation: r.try_get("drafting_abbreviation")?,
        drafting_name: r.try_get("drafting_name")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        type_code: r.try_get("type_code")?,
        type_name: r.try_get("type_name")?,
        type_notation: r.try_get("type_notation")?,
        series_of_type: r.try_get("series_of_type")?,
        subject: r.try_get("subject")?,
        urgency: Urgency::parse(&r.try_get::<String, _>("urgency")?).map_err(|_| bad("urgency"))?,
        secrecy: Clearance::parse(&r.try_get::<String, _>("secrecy")?)
            .map_err(|_| bad("secrecy"))?,
        recipients_outside: r.try_get("recipients_outside")?,
        related_incoming_id: r.try_get("related_incoming_id")?,
        status: OutgoingStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| bad("status"))?,
        review_chain: parse_chain(&r.try_get::<String, _>("review_chain")?),
        review_step: r.try_get("review_step")?,
        current_version: r.try_get("current_version")?,
        year: r.try_get("year")?,
        number: r.try_get("number")?,
        notation: r.try_get("notation")?,
        issued_on: r.try_get("issued_on")?,
        sent_at: r.try_get("sent_at")?,
        recalled_at: r.try_get("recalled_at")?,
        created_at: r.try_get("created_at")?,
        version: r.try_get("version")?,
        related_dossier_id: r.try_get("related_dossier_id")?,
        presented_to: r.try_get("presented_to")?,
        presented_to_name: r.try_get("presented_to_name")?,
        recipients: Vec::new(),
        reviewers: Vec::new(),
        signer_name: None,
        sent_back: None,
        versions: Vec::new(),
        attachments: Vec::new(),
        signatures: Vec::new(),
    })
}

/// Adds recipients, reviewers (and the signer), versions and attachments to a page of records:
/// four queries for the whole page, not four per record.
async fn complete(conn: &mut lode_db::Conn, records: &mut [OutgoingRecord]) -> DbResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let ids = (1..=records.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let recipients_sql = format!(
        "SELECT r.document_id, u.id, u.name, u.path, r.incoming_id FROM outgoing_recipients r
         JOIN units u ON u.id = r.unit_id WHERE r.document_id IN ({ids}) ORDER BY u.id"
    );
    let mut q = sqlx::query_as::<_, (i64, i64, String, String, Option<i64>)>(&recipients_sql);
    for r in records.iter() {
        q = q.bind(r.id);
    }
    let recipients = q.fetch_all(&mut *conn).await?;
    // Reviews in order, with the submissions between them: the last approval of a document
    // approved is its signer's; a draft whose last word is a reviewer's sending back waits for
    // its author's changes.
    let reviews_sql = format!(
        "SELECT e.document_id, e.actor_id, e.step, a.full_name, e.at, e.detail FROM outgoing_events e
         JOIN accounts a ON a.id = e.actor_id
         WHERE e.document_id IN ({ids}) AND e.step IN ('approve', 'send_back', 'submit') ORDER BY e.id"
    );
    let mut q = sqlx::query_as::<_, (i64, i64, String, String, String, String)>(&reviews_sql);
    for r in records.iter() {
        q = q.bind(r.id);
    }
    let reviews = q.fetch_all(&mut *conn).await?;
    type Row = (
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let versions_sql = format!(
        "SELECT v.document_id, v.number, v.pdf_sha256, v.source_sha256, v.source_name, v.note, a.full_name, v.created_at,
                v.message, v.args, v.composed
         FROM outgoing_versions v LEFT JOIN accounts a ON a.id = v.author_id
         WHERE v.document_id IN ({ids}) ORDER BY v.number"
    );
    let mut q = sqlx::query_as::<_, Row>(&versions_sql);
    for r in records.iter() {
        q = q.bind(r.id);
    }
    let versions = q.fetch_all(&mut *conn).await?;
    let signatures_sql = format!(
        "SELECT s.document_id, s.kind, s.version, a.full_name, s.subject, s.level, s.signed_at
         FROM outgoing_signatures s LEFT JOIN accounts a ON a.id = s.account_id
         WHERE s.document_id IN ({ids}) ORDER BY s.version"
    );
    let mut q = sqlx::query_as::<_, (i64, String, i64, Option<String>, String, String, String)>(
        &signatures_sql,
    );
    for r in records.iter() {
        q = q.bind(r.id);
    }
    let signatures = q.fetch_all(&mut *conn).await?;
    let ids_of: Vec<i64> = records.iter().map(|r| r.id).collect();
    let attachments =
        crate::incoming::attachments_of(conn, crate::incoming::AttachmentTable::Outgoing, &ids_of)
            .await?;
    for rec in records.iter_mut() {
        rec.signatures = signatures
            .iter()
            .filter(|s| s.0 == rec.id)
            .map(|s| SignatureMark {
                kind: s.1.clone(),
                version: s.2,
                signed_by: s.3.clone(),
                subject: s.4.clone(),
                level: s.5.clone(),
                signed_at: s.6.clone(),
            })
            .collect();
        rec.attachments = attachments
            .iter()
            .filter(|(doc, _)| *doc == rec.id)
            .map(|(_, a)| a.clone())
            .collect();
        rec.recipients = recipients
            .iter()
            .filter(|r| r.0 == rec.id)
            .filter_map(|(_, id, n, p, inc)| UnitPath::parse(p).map(|p| (*id, n.clone(), p, *inc)))
            .collect();
        let steps: Vec<_> = reviews.iter().filter(|r| r.0 == rec.id).collect();
        rec.sent_back = steps
            .last()
            .filter(|r| r.2 == "send_back" && rec.status == OutgoingStatus::Draft)
            .map(|r| SentBack {
                by: r.3.clone(),
                at: r.4.clone(),
                reason: serde_json::from_str::<serde_json::Value>(&r.5)
                    .ok()
                    .and_then(|d| d["text"].as_str().map(str::to_string)),
            });
        let mine: Vec<_> = steps.into_iter().filter(|r| r.2 != "submit").collect();
        rec.reviewers = mine.iter().map(|r| r.1).collect();
        rec.reviewers.sort_unstable();
        rec.reviewers.dedup();
        rec.signer_name = match rec.status {
            OutgoingStatus::Draft | OutgoingStatus::InReview => None,
            _ => mine
                .iter()
                .rev()
                .find(|r| r.2 == "approve")
                .map(|r| r.3.clone()),
        };
        rec.versions = versions
            .iter()
            .filter(|v| v.0 == rec.id)
            .map(|v| DraftVersion {
                number: v.1,
                pdf_sha256: v.2.clone(),
                source_sha256: v.3.clone(),
                source_name: v.4.clone(),
                note: v.5.clone(),
                message: v.8.clone(),
                args: v
                    .9
                    .as_deref()
                    .and_then(|a| serde_json::from_str(a).ok())
                    .unwrap_or_default(),
                author_name: v.6.clone(),
                created_at: v.7.clone(),
                composed: v.10.as_deref().and_then(|c| serde_json::from_str(c).ok()),
            })
            .collect();
    }
    Ok(())
}

async fn load(conn: &mut lode_db::Conn, id: i64) -> DbResult<OutgoingRecord> {
    let row = sqlx::query(&format!("{SELECT} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DbError::NotFound)?;
    let mut rec = [record(&row)?];
    complete(conn, &mut rec).await?;
    let [rec] = rec;
    Ok(rec)
}

/// The numbered documents that answer the incoming documents `incoming`, oldest first: one
/// query for them, three for their parts.
pub async fn replies_to(db: &Db, incoming: &[i64]) -> DbResult<Vec<OutgoingRecord>> {
    replies_where(db, incoming, true).await
}

/// Every document written in reply to incoming document `incoming`, drafts too, oldest
/// first: the letter's page says what answers it and how far each has gone.
pub async fn answers_to(db: &Db, incoming: i64) -> DbResult<Vec<OutgoingRecord>> {
    replies_where(db, &[incoming], false).await
}

async fn replies_where(
    db: &Db,
    incoming: &[i64],
    issued_only: bool,
) -> DbResult<Vec<OutgoingRecord>> {
    if incoming.is_empty() {
        return Ok(Vec::new());
    }
    let ids = (1..=incoming.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let issued = if issued_only {
        " AND o.notation IS NOT NULL"
    } else {
        ""
    };
    let sql = format!("{SELECT} WHERE o.related_incoming_id IN ({ids}){issued} ORDER BY o.id");
    let mut q = sqlx::query(&sql);
    for id in incoming {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(db.pool()).await?;
    let mut records = rows.iter().map(record).collect::<DbResult<Vec<_>>>()?;
    let mut conn = db.read().await?;
    complete(&mut conn, &mut records).await?;
    Ok(records)
}

/// Outgoing document `id` as `actor` may see it: refused as its scope says (out of scope, it
/// does not exist for them).
pub async fn visible(db: &Db, actor: &Actor, id: i64) -> DbResult<OutgoingRecord> {
    let rec = get(db, id).await?;
    decide(actor, Action::SeeOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    Ok(rec)
}

pub async fn get(db: &Db, id: i64) -> DbResult<OutgoingRecord> {
    let mut conn = db.read().await?;
    load(&mut conn, id).await
}

/// Checks the files of a version: the PDF, and the source (DOCX, or a PDF) when given.
async fn require_version_files(
    conn: &mut lode_db::Conn,
    pdf: &str,
    source: Option<&str>,
    uploader: i64,
    errors: &mut FieldErrors,
) -> DbResult<()> {
    use crate::incoming::PDF;
    use lode_db::blobs::require_uploaded_by;
    require_uploaded_by(conn, pdf, &[PDF], uploader, "pdf_sha256", errors).await?;
    if let Some(src) = source {
        require_uploaded_by(conn, src, &[DOCX, PDF], uploader, "source_sha256", errors).await?;
    }
    Ok(())
}

/// The files of one version of a draft.
struct VersionFiles<'a> {
    pdf: &'a str,
    source: Option<&'a str>,
    source_name: Option<&'a str>,
    note: Option<&'a str>,
    /// For a version composed on the page: what was typed.
    composed: Option<&'a Composition>,
    /// For a version lode made: its message and arguments.
    message: Option<(&'static str, serde_json::Value)>,
}

async fn add_version(
    tx: &mut Tx,
    id: i64,
    number: i64,
    author: i64,
    files: VersionFiles<'_>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO outgoing_versions (document_id, number, pdf_sha256, source_sha256, source_name, author_id, note, created_at, message, args, composed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(number)
    .bind(files.pdf)
    .bind(files.source)
    .bind(files.source_name)
    .bind(author)
    .bind(files.note)
    .bind(lode_db::now())
    .bind(files.message.as_ref().map(|(m, _)| *m))
    .bind(files.message.as_ref().map(|(_, a)| a.to_string()))
    .bind(files.composed.map(|c| json!(c).to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds the version after `rec`'s current one and makes it current; its number.
async fn next_version(
    tx: &mut Tx,
    rec: &OutgoingRecord,
    author: i64,
    files: VersionFiles<'_>,
) -> DbResult<i64> {
    let number = rec.current_version + 1;
    add_version(tx, rec.id, number, author, files).await?;
    sqlx::query("UPDATE outgoing_documents SET current_version = $1 WHERE id = $2")
        .bind(number)
        .bind(rec.id)
        .execute(&mut **tx)
        .await?;
    Ok(number)
}

/// A draft's details as its form gives them, checked: the files aside.
struct Details {
    subject: String,
    urgency: Urgency,
    secrecy: Secrecy,
    outside: Option<String>,
    /// The review chain of its type.
    chain: String,
    /// The units of the organisation it goes to, each once.
    recipients: Vec<i64>,
    /// The leader it is presented to for signature.
    presented_to: Option<i64>,
}

/// Checks what a draft's form says of it (subject, type, urgency, secrecy within the
/// author's clearance, recipients, the letter it answers, its dossier), each problem under
/// its field; `None` when any is refused.
async fn check_details(
    conn: &mut lode_db::Conn,
    db: &Db,
    actor: &Actor,
    input: &NewDraft,
    errors: &mut FieldErrors,
) -> DbResult<Option<Details>> {
    let subject = errors.take("subject", bounded_text(&input.subject, SUBJECT_MAX));
    let urgency = errors.take(
        "urgency",
        Urgency::parse(input.urgency.as_deref().unwrap_or("normal")),
    );
    let secrecy = errors.take(
        "secrecy",
        Clearance::parse(input.secrecy.as_deref().unwrap_or("none")),
    );
    if secrecy.is_some_and(|s| s > actor.clearance) {
        errors.add(
            "secrecy",
            "above_clearance",
            "above the author's own clearance",
        );
    }
    let outside = errors
        .take(
            "recipients_outside",
            optional_lines(input.recipients_outside.as_deref(), 2000),
        )
        .flatten();
    let chain: Option<(String,)> =
        sqlx::query_as("SELECT review_chain FROM document_types WHERE code = $1 AND active = 1")
            .bind(input.type_code.trim())
            .fetch_optional(&mut *conn)
            .await?;
    if chain.is_none() {
        errors.add(
            "type_code",
            "invalid_choice",
            "is not a known document type",
        );
    }
    let mut recipients = input.recipient_unit_ids.clone();
    recipients.sort_unstable();
    recipients.dedup();
    for r in &recipients {
        let found: Option<(String,)> = sqlx::query_as("SELECT status FROM units WHERE id = $1")
            .bind(r)
            .fetch_optional(&mut *conn)
            .await?;
        if found.is_none_or(|(s,)| s != "active") {
            errors.add(
                "recipient_unit_ids",
                "not_found",
                format!("no active unit has the id {r}"),
            );
        }
    }
    // recipients outside typed but refused (too long) are said there, not as none named
    let outside_typed = input
        .recipients_outside
        .as_deref()
        .is_some_and(|o| !o.trim().is_empty());
    if recipients.is_empty() && !outside_typed {
        errors.add(
            "recipient_unit_ids",
            "required",
            "name at least one recipient",
        );
    }
    if let Some(inc) = input.related_incoming_id {
        let rec = match crate::incoming::get(db, inc).await {
            Ok(r) => Some(r),
            Err(DbError::NotFound) => None,
            Err(e) => return Err(e),
        };
        if rec.is_none_or(|r| decide(actor, Action::ReadDocument(&r.scope())).is_err()) {
            errors.add(
                "related_incoming_id",
                "not_found",
                "no incoming document you may read has this id",
            );
        }
    }
    // presented to a leader who signs for the author's body, cleared for it
    if let (Some(leader), Some(body)) = (input.presented_to, actor.register_unit.as_ref()) {
        let may_sign = signers(conn, body, secrecy.unwrap_or(Clearance::None))
            .await?
            .iter()
            .any(|s| s.id == leader);
        if !may_sign {
            errors.add(
                "presented_to",
                "not_a_signer",
                "is not a leader who signs for the body and may read the draft",
            );
        }
    }
    if let Some(dossier) = input.related_dossier_id {
        let fits = crate::dossier_index::open_to(db, actor, dossier).await?;
        if !fits {
            errors.add(
                "related_dossier_id",
                "not_found",
                "no open dossier you keep has this id",
            );
        }
    }
    Ok(match (subject, urgency, secrecy, chain) {
        (Some(subject), Some(urgency), Some(secrecy), Some((chain,))) => Some(Details {
            subject,
            urgency,
            secrecy,
            outside,
            chain,
            recipients,
            presented_to: input.presented_to,
        }),
        _ => None,
    })
}

/// The role of `body`'s own leaders, those of its last review step who sign: the agency's
/// leaders at the top, a federation's unit leaders below it.
fn body_leaders_role(body: &UnitPath) -> &'static str {
    if body.depth() == 1 {
        "agency_leader"
    } else {
        "unit_leader"
    }
}

/// A leader a draft may be presented to for signature.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Signer {
    pub id: i64,
    pub full_name: String,
    pub position: Option<String>,
}

/// The leaders who sign for `body`, active and cleared for `secrecy`: the agency's leaders in
/// its root unit, a federation's in its own (the leaders the last review step waits for).
pub async fn signers(
    conn: &mut lode_db::Conn,
    body: &UnitPath,
    secrecy: Secrecy,
) -> DbResult<Vec<Signer>> {
    let role = body_leaders_role(body);
    let rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
        "SELECT a.id, a.full_name, a.position, a.clearance FROM accounts a
         JOIN units u ON u.id = a.unit_id
         JOIN account_roles r ON r.account_id = a.id AND r.role = $2
         WHERE u.path = $1 AND a.active = 1 AND a.kind = 'staff' ORDER BY a.id",
    )
    .bind(body.as_str())
    .bind(role)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| Clearance::parse(&r.3).is_ok_and(|c| c >= secrecy))
        .map(|(id, full_name, position, _)| Signer {
            id,
            full_name,
            position,
        })
        .collect())
}

/// What would refuse a new draft's details, read without writing anything: a form whose file
/// was refused says its other errors at once.
pub async fn draft_refusals(db: &Db, actor: &Actor, input: &NewDraft) -> DbResult<FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut conn = db.read().await?;
    check_details(&mut conn, db, actor, input, &mut errors).await?;
    if let Some(c) = &input.composed {
        errors.0.extend(c.refusals().0);
    }
    Ok(errors)
}

/// What the author changes of a draft's details while it is theirs to write: its files are
/// changed by a new version ([`revise`]).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftDetails {
    pub type_code: String,
    pub subject: String,
    pub urgency: Option<String>,
    pub secrecy: Option<String>,
    #[serde(default)]
    pub recipient_unit_ids: Vec<i64>,
    pub recipients_outside: Option<String>,
    pub related_dossier_id: Option<i64>,
    /// The leader it is presented to for signature; none, every leader who may sign.
    pub presented_to: Option<i64>,
    /// The version read; refused with 409 if the draft changed since.
    pub version: Option<i64>,
}

impl DraftDetails {
    /// The details a draft's form gives, `version` the one read.
    pub fn of(draft: &NewDraft, version: Option<i64>) -> Self {
        Self {
            type_code: draft.type_code.clone(),
            subject: draft.subject.clone(),
            urgency: draft.urgency.clone(),
            secrecy: draft.secrecy.clone(),
            recipient_unit_ids: draft.recipient_unit_ids.clone(),
            recipients_outside: draft.recipients_outside.clone(),
            related_dossier_id: draft.related_dossier_id,
            presented_to: draft.presented_to,
            version,
        }
    }

    /// As a draft's form holds them, without files.
    pub fn as_draft(&self) -> NewDraft {
        NewDraft {
            type_code: self.type_code.clone(),
            subject: self.subject.clone(),
            urgency: self.urgency.clone(),
            secrecy: self.secrecy.clone(),
            recipient_unit_ids: self.recipient_unit_ids.clone(),
            recipients_outside: self.recipients_outside.clone(),
            related_dossier_id: self.related_dossier_id,
            presented_to: self.presented_to,
            ..Default::default()
        }
    }
}

/// The author corrects a draft's details (its subject, type, urgency, secrecy, recipients,
/// dossier) while it is a draft, not in review: the timeline keeps what changed.
pub async fn edit_details(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &DraftDetails,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    decide(actor, Action::EditOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    flow(&rec, OutgoingStep::Edit)?;
    let mut errors = FieldErrors::new();
    // the dossier it keeps is not asked about again (it may have closed since)
    let dossier_changed = input.related_dossier_id != rec.related_dossier_id;
    let asked = NewDraft {
        related_dossier_id: input.related_dossier_id.filter(|_| dossier_changed),
        ..input.as_draft()
    };
    let details = check_details(&mut tx, db, actor, &asked, &mut errors).await?;
    errors.clone().into_result()?;
    let Some(d) = details else {
        return Err(errors.into());
    };
    let type_code = input.type_code.trim();
    sqlx::query(
        "UPDATE outgoing_documents SET type_code = $1, subject = $2, search_key = $3, urgency = $4,
            secrecy = $5, recipients_outside = $6, review_chain = $7, related_dossier_id = $8,
            presented_to = $10
         WHERE id = $9",
    )
    .bind(type_code)
    .bind(&d.subject)
    .bind(fold(&d.subject))
    .bind(d.urgency.as_str())
    .bind(d.secrecy.as_str())
    .bind(d.outside.as_deref().unwrap_or(""))
    .bind(&d.chain)
    .bind(input.related_dossier_id)
    .bind(id)
    .bind(d.presented_to)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM outgoing_recipients WHERE document_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for r in &d.recipients {
        sqlx::query("INSERT INTO outgoing_recipients (document_id, unit_id) VALUES ($1, $2)")
            .bind(id)
            .bind(r)
            .execute(&mut *tx)
            .await?;
    }
    // what changed, each as before → after; the recipients by their names
    let mut changed = serde_json::Map::new();
    let mut note = |field: &str, old: serde_json::Value, new: serde_json::Value| {
        if old != new {
            changed.insert(field.into(), json!([old, new]));
        }
    };
    note("type_code", json!(rec.type_code), json!(type_code));
    note("subject", json!(rec.subject), json!(d.subject));
    note(
        "urgency",
        json!(rec.urgency.as_str()),
        json!(d.urgency.as_str()),
    );
    note(
        "secrecy",
        json!(rec.secrecy.as_str()),
        json!(d.secrecy.as_str()),
    );
    let names_before: Vec<&str> = rec.recipients.iter().map(|r| r.1.as_str()).collect();
    let names_after = crate::incoming::unit_names(&mut tx, &d.recipients).await?;
    note("recipients", json!(names_before), json!(names_after));
    let lines = |text: &str| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let presented_after = match d.presented_to {
        Some(leader) => lode_db::accounts::get_in(&mut tx, leader)
            .await
            .ok()
            .map(|a| a.full_name),
        None => None,
    };
    note(
        "presented_for_signature",
        json!(rec.presented_to_name),
        json!(presented_after),
    );
    note(
        "outside_recipients",
        json!(lines(&rec.recipients_outside)),
        json!(lines(d.outside.as_deref().unwrap_or(""))),
    );
    if dossier_changed {
        // the dossiers by their codes
        let mut codes = Vec::new();
        for dossier in [rec.related_dossier_id, input.related_dossier_id] {
            let code: Option<(String,)> = match dossier {
                Some(d) => {
                    sqlx::query_as("SELECT code FROM dossiers WHERE id = $1")
                        .bind(d)
                        .fetch_optional(&mut *tx)
                        .await?
                }
                None => None,
            };
            codes.push(code.map(|c| c.0));
        }
        note("related_dossier", json!(codes[0]), json!(codes[1]));
    }
    // a form sent again unchanged changes nothing, and says nothing
    if changed.is_empty() {
        return Ok(rec);
    }
    finish(tx, ctx, id, "edit", serde_json::Value::Object(changed)).await
}

/// Creates a draft in the author's unit and body.
pub async fn create_draft(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    input: &NewDraft,
) -> DbResult<OutgoingRecord> {
    decide(actor, Action::DraftOutgoing).map_err(DbError::Denied)?;
    let (Some(unit), Some(body)) = (actor.unit.as_ref(), actor.register_unit.as_ref()) else {
        return Err(DbError::Denied(lode_core::authz::Denied::MissingRole));
    };
    let (unit_id, body_id) = (
        unit.ids().last().copied().unwrap_or(-1),
        body.ids().last().copied().unwrap_or(-1),
    );
    let mut errors = FieldErrors::new();
    let source_name = errors
        .take(
            "source_name",
            optional_text(input.source_name.as_deref(), 200),
        )
        .flatten();
    let mut tx = db.write().await?;
    let details = check_details(&mut tx, db, actor, input, &mut errors).await?;
    require_version_files(
        &mut tx,
        &input.pdf_sha256,
        input.source_sha256.as_deref(),
        actor.account_id,
        &mut errors,
    )
    .await?;
    if input.attachments.len() > 20 {
        errors.add("attachments", "too_many", "at most 20 attachments");
    }
    if let Some(c) = &input.composed {
        errors.0.extend(c.refusals().0);
    }
    crate::incoming::check_attachments(
        &mut tx,
        &input.attachments,
        &[crate::incoming::PDF, DOCX],
        actor.account_id,
        &mut errors,
    )
    .await?;
    errors.clone().into_result()?;
    let Some(Details {
        subject,
        urgency,
        secrecy,
        outside,
        chain,
        recipients,
        presented_to,
    }) = details
    else {
        return Err(errors.into());
    };
    let now = lode_db::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outgoing_documents (body_unit_id, drafting_unit_id, author_id, type_code, subject, search_key,
            urgency, secrecy, recipients_outside, related_incoming_id, status, review_chain, current_version,
            created_at, updated_at, related_dossier_id, presented_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, 1, $12, $12, $13, $14) RETURNING id",
    )
    .bind(body_id)
    .bind(unit_id)
    .bind(actor.account_id)
    .bind(input.type_code.trim())
    .bind(&subject)
    .bind(fold(&subject))
    .bind(urgency.as_str())
    .bind(secrecy.as_str())
    .bind(outside.as_deref().unwrap_or(""))
    .bind(input.related_incoming_id)
    .bind(&chain)
    .bind(&now)
    .bind(input.related_dossier_id)
    .bind(presented_to)
    .fetch_one(&mut *tx)
    .await?;
    let attachments = crate::incoming::numbered(&input.attachments);
    crate::incoming::write_attachments(
        &mut tx,
        crate::incoming::AttachmentTable::Outgoing,
        id,
        &attachments,
    )
    .await?;
    for r in &recipients {
        sqlx::query("INSERT INTO outgoing_recipients (document_id, unit_id) VALUES ($1, $2)")
            .bind(id)
            .bind(r)
            .execute(&mut *tx)
            .await?;
    }
    add_version(
        &mut tx,
        id,
        1,
        actor.account_id,
        VersionFiles {
            pdf: &input.pdf_sha256,
            source: input.source_sha256.as_deref(),
            source_name: source_name.as_deref(),
            note: None,
            message: None,
            composed: input.composed.as_ref(),
        },
    )
    .await?;
    let detail = json!({"type_code": input.type_code.trim(), "secrecy": secrecy.as_str()});
    timeline::record(
        EventTable::Outgoing,
        &mut tx,
        ctx,
        id,
        "draft",
        detail.clone(),
    )
    .await?;
    audit::append(
        &mut tx,
        ctx,
        Event::new("outgoing.draft", "outgoing", id, detail),
    )
    .await?;
    let rec = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(rec)
}

pub use lode_db::blobs::DOCX;

impl lode_db::lifecycle::Lifecycle for OutgoingRecord {
    type Status = OutgoingStatus;
    type Step = OutgoingStep;
    const ENTITY: &'static str = "outgoing";
    const NOUN: &'static str = "the document";
    const TABLE: &'static str = "outgoing_documents";

    async fn load(tx: &mut Tx, id: i64) -> DbResult<Self> {
        load(tx, id).await
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn status(&self) -> OutgoingStatus {
        self.status
    }

    fn status_name(status: OutgoingStatus) -> &'static str {
        status.as_str()
    }

    fn next(status: OutgoingStatus, step: OutgoingStep) -> Option<OutgoingStatus> {
        next_outgoing(status, step)
    }

    /// Seeing the draft; what each step needs besides (its author, its awaited reviewer, the
    /// body's clerks, its signer) is decided by the step, which knows the review chain.
    fn authorise(&self, actor: &Actor, _step: Option<OutgoingStep>) -> DbResult<()> {
        decide(actor, Action::SeeOutgoing(&self.scope())).map_err(|_| DbError::NotFound)
    }

    async fn touch(tx: &mut Tx, id: i64) -> DbResult<()> {
        sqlx::query(
            "UPDATE outgoing_documents SET version = version + 1, updated_at = $1 WHERE id = $2",
        )
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
        detail: &serde_json::Value,
    ) -> DbResult<()> {
        timeline::record(EventTable::Outgoing, tx, ctx, id, step, detail.clone()).await
    }

    fn audit_detail(&self, _detail: &serde_json::Value) -> serde_json::Value {
        json!({})
    }
}

/// Loads a document for a step and checks who may see it and the version read; each step then
/// checks its own permission and its place in the flow ([`flow`]).
async fn begin(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: Option<i64>,
) -> DbResult<(Tx, OutgoingRecord)> {
    lode_db::lifecycle::begin::<OutgoingRecord>(db, actor, id, version).await
}

fn flow(rec: &OutgoingRecord, step: OutgoingStep) -> DbResult<OutgoingStatus> {
    lode_db::lifecycle::leads_to(rec, step)
}

async fn finish(
    mut tx: Tx,
    ctx: &AuditCtx,
    id: i64,
    step: &str,
    detail: serde_json::Value,
) -> DbResult<OutgoingRecord> {
    let rec = lode_db::lifecycle::finish::<OutgoingRecord>(&mut tx, ctx, id, step, detail).await?;
    // what earlier notices asked has been acted on; this step's own come after
    lode_db::notifications::settle(&mut tx, &format!("/outgoing/{id}")).await?;
    tell_who_acts_next(&mut tx, ctx, &rec, step).await?;
    tx.commit().await?;
    Ok(rec)
}

/// Tells the people who must act after a step, in lode and by e-mail (see [`who_acts_next`]).
/// What goes by e-mail leaves the system: a secret draft goes without its subject.
async fn tell_who_acts_next(
    tx: &mut Tx,
    ctx: &AuditCtx,
    rec: &OutgoingRecord,
    step: &str,
) -> DbResult<()> {
    let Some((kind, told)) = who_acts_next(tx, rec, step, ctx.actor_id).await? else {
        return Ok(());
    };
    let told: Vec<(i64, Option<String>)> = told.into_iter().map(|a| (a.id, a.email)).collect();
    let notation = rec.notation.as_deref().unwrap_or_default();
    let (message, args) = if rec.secrecy == Clearance::None {
        let mut args =
            json!({"subject": rec.subject, "author": rec.author_name, "notation": notation});
        // sent back: by whom and why, where the author reads it first
        if let Some(back) = &rec.sent_back {
            args["by"] = json!(back.by);
            args["reason"] = json!(back.reason.as_deref().unwrap_or(""));
        }
        (format!("outgoing_{kind}"), args)
    } else {
        (
            format!("outgoing_{kind}_secret"),
            json!({"notation": notation}),
        )
    };
    let message = lode_db::notifications::message(crate::NOTICE_MESSAGES, &message)?;
    let link = format!("/outgoing/{}", rec.id);
    lode_db::notifications::tell_each(tx, kind, message, &args, (&link, None), &told).await
}

/// The people whose turn it is, in review: the leaders the draft waits for (the nearest unit
/// leaders above it, or the body's leaders, or the one it is presented to), by name.
pub async fn awaited_by(db: &Db, rec: &OutgoingRecord) -> DbResult<Vec<String>> {
    if rec.awaiting().is_none() {
        return Ok(Vec::new());
    }
    let mut conn = db.read().await?;
    Ok(who_acts_next(&mut conn, rec, "submit", None)
        .await?
        .map(|(_, people)| people.into_iter().map(|a| a.full_name).collect())
        .unwrap_or_default())
}

/// Who must act after `step` (of the kind of notice they are told by): the reviewer the draft
/// now awaits (the leaders of the nearest unit above its drafting unit that has one, or the
/// body's leaders, or the one it is presented to), the body's clerks once it is approved and
/// signed, its author when it is sent back; never `actor`, who took the step.
/// Candidates are narrowed in SQL (the writer's transaction is short) and the rules decide.
async fn who_acts_next(
    conn: &mut lode_db::Conn,
    rec: &OutgoingRecord,
    step: &str,
    actor: Option<i64>,
) -> DbResult<Option<(&'static str, Vec<lode_db::accounts::Account>)>> {
    let scope = rec.scope();
    let body = scope.body.as_str().to_string();
    // (kind, the action those told may take, the role and units of the candidates)
    let (kind, action, role, units) = match (step, rec.status, rec.awaiting()) {
        ("submit" | "approve", OutgoingStatus::InReview, Some(reviewer)) => {
            let units = match reviewer {
                // units on the drafting unit's way up to the body, itself included
                Reviewer::UnitLeader => "$2 LIKE u.path || '%' AND u.path LIKE $1 || '%'",
                // the body's own unit (the department's leaders sit in its root unit)
                Reviewer::BodyLeader => "u.path = $1",
            };
            let role = match reviewer {
                Reviewer::BodyLeader => body_leaders_role(&scope.body),
                Reviewer::UnitLeader => "unit_leader",
            };
            (
                "review",
                Some(Action::ReviewOutgoing(&scope, reviewer)),
                role,
                units,
            )
        }
        // the clerks number what the signer has signed: told when it is signed, which comes
        // after the approval (a document signed on paper waits in their queue, which lists
        // the signed ones first)
        ("sign", OutgoingStatus::Approved, _) => (
            "to_issue",
            Some(Action::IssueOutgoing(&scope)),
            "clerk",
            "u.path LIKE $1 || '%'",
        ),
        ("send_back", _, _) => ("sent_back", None, "", ""),
        // sent out: its author learns it is done, and under which number
        ("send", OutgoingStatus::Sent, _) => ("sent", None, "", ""),
        _ => return Ok(None),
    };
    let candidates: Vec<(i64, String)> = match action {
        None => sqlx::query_as(
            "SELECT a.id, COALESCE(u.path, '') FROM accounts a LEFT JOIN units u ON u.id = a.unit_id
             WHERE a.id = $1 AND a.active = 1",
        )
        .bind(rec.author_id)
        .fetch_all(&mut *conn)
        .await?,
        Some(_) => sqlx::query_as(&format!(
            "SELECT a.id, u.path FROM accounts a JOIN units u ON u.id = a.unit_id
             JOIN account_roles r ON r.account_id = a.id AND r.role = $3
             WHERE a.active = 1 AND a.kind = 'staff' AND {units} ORDER BY a.id"
        ))
        .bind(&body)
        .bind(scope.drafting_unit.as_str())
        .bind(role)
        .fetch_all(&mut *conn)
        .await?,
    };
    let mut told = Vec::new();
    for (id, path) in candidates {
        if Some(id) == actor {
            continue;
        }
        let account = lode_db::accounts::get_in(conn, id).await?;
        if action.is_none_or(|a| decide(&account.actor(), a).is_ok()) {
            told.push((path, account));
        }
    }
    // A unit's review goes to the nearest leaders above the draft, not to every unit above
    // (the candidates' units all lie on the draft's way up: the longest path is the nearest).
    if kind == "review" && rec.awaiting() == Some(Reviewer::UnitLeader) {
        let nearest = told.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
        told.retain(|(p, _)| p.len() == nearest);
    }
    // presented to one leader for signature: that leader alone, while among those who may act
    if kind == "review"
        && rec.awaiting() == Some(Reviewer::BodyLeader)
        && let Some(leader) = rec.presented_to
        && told.iter().any(|(_, a)| a.id == leader)
    {
        told.retain(|(_, a)| a.id == leader);
    }
    Ok(Some((kind, told.into_iter().map(|(_, a)| a).collect())))
}

async fn set_status(
    tx: &mut Tx,
    id: i64,
    status: OutgoingStatus,
    review_step: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE outgoing_documents SET status = $1, review_step = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(review_step)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn revise(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &Revision,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    decide(actor, Action::EditOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    flow(&rec, OutgoingStep::Revise)?;
    let mut errors = FieldErrors::new();
    let note = errors
        .take("note", optional_lines(input.note.as_deref(), NOTE_MAX))
        .flatten();
    let source_name = errors
        .take(
            "source_name",
            optional_text(input.source_name.as_deref(), 200),
        )
        .flatten();
    require_version_files(
        &mut tx,
        &input.pdf_sha256,
        input.source_sha256.as_deref(),
        actor.account_id,
        &mut errors,
    )
    .await?;
    if let Some(c) = &input.composed {
        errors.0.extend(c.refusals().0);
    }
    errors.into_result()?;
    let number = next_version(
        &mut tx,
        &rec,
        actor.account_id,
        VersionFiles {
            pdf: &input.pdf_sha256,
            source: input.source_sha256.as_deref(),
            source_name: source_name.as_deref(),
            note: note.as_deref(),
            message: None,
            composed: input.composed.as_ref(),
        },
    )
    .await?;
    finish(
        tx,
        ctx,
        id,
        "revise",
        json!({"version": number, "note": note}),
    )
    .await
}

pub async fn submit(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &OutgoingStepInput,
) -> DbResult<OutgoingRecord> {
    authors_step(db, ctx, actor, id, input, OutgoingStep::Submit).await
}

/// The author takes the draft back from review before it is approved, to change it: it is a
/// draft again and its review starts over when it is submitted anew.
pub async fn withdraw(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &OutgoingStepInput,
) -> DbResult<OutgoingRecord> {
    authors_step(db, ctx, actor, id, input, OutgoingStep::Withdraw).await
}

/// A step of the draft's author (submitting it, taking it back), with an optional note: its
/// review starts from its first step. The history keeps the version submitted, or the review
/// step it was taken back from.
async fn authors_step(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &OutgoingStepInput,
    step: OutgoingStep,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    decide(actor, Action::EditOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    let next = flow(&rec, step)?;
    let mut errors = FieldErrors::new();
    let text = errors
        .take("text", optional_lines(input.text.as_deref(), NOTE_MAX))
        .flatten();
    errors.into_result()?;
    set_status(&mut tx, id, next, 0).await?;
    let (name, detail) = match step {
        OutgoingStep::Withdraw => (
            "withdraw",
            json!({"text": text, "as": rec.awaiting().map(|r| r.as_str())}),
        ),
        _ => (
            "submit",
            json!({"text": text, "version": rec.current_version}),
        ),
    };
    finish(tx, ctx, id, name, detail).await
}

/// The reviewer of the present step approves; after the last one the document is approved.
pub async fn approve(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &OutgoingStepInput,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    let Some(reviewer) = rec.awaiting() else {
        return Err(DbError::Conflict(format!(
            "not possible while the document is {}",
            rec.status.as_str()
        )));
    };
    decide(actor, Action::ReviewOutgoing(&rec.scope(), reviewer)).map_err(DbError::Denied)?;
    let last = usize::try_from(rec.review_step).unwrap_or(0) + 1 >= rec.review_chain.len();
    let next = flow(&rec, OutgoingStep::Approve { last })?;
    let mut errors = FieldErrors::new();
    let text = errors
        .take("text", optional_lines(input.text.as_deref(), NOTE_MAX))
        .flatten();
    errors.into_result()?;
    set_status(&mut tx, id, next, rec.review_step + 1).await?;
    finish(
        tx,
        ctx,
        id,
        "approve",
        json!({"as": reviewer.as_str(), "text": text, "version": rec.current_version}),
    )
    .await
}

/// A reviewer sends the draft back to its author with comments.
pub async fn send_back(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &OutgoingStepInput,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    let reviewer = match rec.awaiting() {
        Some(reviewer) => {
            decide(actor, Action::ReviewOutgoing(&rec.scope(), reviewer))
                .map_err(DbError::Denied)?;
            reviewer
        }
        // approved and waiting for its signature: the signer may send it back, before signing
        None if rec.status == OutgoingStatus::Approved => {
            decide(actor, Action::SignOutgoing(&rec.scope())).map_err(DbError::Denied)?;
            if rec.file_signed() {
                return Err(DbError::Conflict(
                    "the document is signed already: it is no longer sent back".into(),
                ));
            }
            Reviewer::BodyLeader
        }
        None => {
            return Err(DbError::Conflict(format!(
                "not possible while the document is {}",
                rec.status.as_str()
            )));
        }
    };
    let next = flow(&rec, OutgoingStep::SendBack)?;
    let mut errors = FieldErrors::new();
    let text = errors.take(
        "text",
        bounded_lines(input.text.as_deref().unwrap_or(""), NOTE_MAX),
    );
    errors.into_result()?;
    set_status(&mut tx, id, next, 0).await?;
    finish(
        tx,
        ctx,
        id,
        "send_back",
        json!({"as": reviewer.as_str(), "text": text}),
    )
    .await
}

/// The series a document issued on `issued_on` is numbered in, its year, and the counter
/// that numbers them. Secret documents always have their own series (Decree 30, Art. 15).
fn numbering_of(rec: &OutgoingRecord, issued_on: chrono::NaiveDate) -> (String, i64, String) {
    let series = if rec.secrecy == Clearance::None {
        rec.series_of_type.clone()
    } else {
        "secret".to_string()
    };
    let year = i64::from(chrono::Datelike::year(&issued_on));
    let counter = format!("outgoing:{}:{series}:{year}", rec.body_unit_id);
    (series, year, counter)
}

fn notation_of(rec: &OutgoingRecord, number: i64) -> String {
    outgoing_notation(
        number,
        rec.type_notation.as_deref(),
        &rec.body_abbreviation,
        &rec.drafting_abbreviation,
    )
}

/// The notation numbering `rec` today would give it, taking no number: what the clerk reads
/// before numbering (another clerk numbering first takes it, and this one the next).
pub async fn proposed_notation(db: &Db, rec: &OutgoingRecord) -> DbResult<String> {
    let (_, _, counter) = numbering_of(rec, today());
    let number = lode_db::counters::peek(db, &counter).await?;
    Ok(notation_of(rec, number))
}

/// The clerk gives the next number of the body's series for the year and the date of issue;
/// the notation follows Decree 30.
pub async fn issue(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &OutgoingStepInput,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    decide(actor, Action::IssueOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    let next = flow(&rec, OutgoingStep::Issue)?;
    let mut errors = FieldErrors::new();
    // Numbered, a document is official: one the leader has not signed in lode was signed by
    // hand, and the clerk says so rather than numbering an unsigned text by a slip.
    let signed_digitally = rec.leader_signed();
    if !signed_digitally && !input.signed_on_paper {
        errors.add(
            "signed_on_paper",
            "unsigned",
            "the leader has not signed it in lode: have it signed first, or confirm the leader signed it on paper",
        );
    }
    let issued_on = match input.issued_on.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => errors.take("issued_on", parse_date(s)),
        None => Some(today()),
    };
    if issued_on.is_some_and(|d| d > today()) {
        errors.add("issued_on", "in_future", "must not be after today");
    }
    errors.into_result()?;
    let Some(issued_on) = issued_on else {
        return Err(FieldErrors::single("issued_on", "required", "is required").into());
    };
    let (series, year, counter) = numbering_of(&rec, issued_on);
    let number = lode_db::counters::next(&mut tx, &counter).await?;
    let notation = notation_of(&rec, number);
    // the transaction dropped, the number goes back to the series
    if let Some(expected) = input
        .expected_notation
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty() && *e != notation)
    {
        return Err(FieldErrors::single(
            "expected_notation",
            "taken_meanwhile",
            format!("{expected} went to another document meanwhile: this one would be {notation}"),
        )
        .into());
    }
    sqlx::query(
        "UPDATE outgoing_documents SET status = $1, series = $2, year = $3, number = $4, notation = $5,
         issued_on = $6, issued_by = $7, search_key = $9 WHERE id = $8",
    )
    .bind(next.as_str())
    .bind(&series)
    .bind(year)
    .bind(number)
    .bind(&notation)
    .bind(issued_on.to_string())
    .bind(actor.account_id)
    .bind(id)
    .bind(fold(&format!("{} {notation}", rec.subject)))
    .execute(&mut *tx)
    .await?;
    if let Some(dossier) = rec.related_dossier_id {
        let filed = crate::dossier_index::file_issued(
            &mut tx,
            ctx,
            dossier,
            &crate::dossier_index::Issued {
                outgoing_id: id,
                title: &rec.subject,
                notation: &notation,
                issued_on: &issued_on.to_string(),
                author: &rec.body_name,
                secrecy: rec.secrecy,
                added_by: actor.account_id,
            },
        )
        .await?;
        if !filed {
            tracing::info!(document = id, dossier, "the dossier was closed: not filed");
        }
    }
    // Numbered, the reply is sent: the letter it answers needs no more work.
    if let Some(answered) = rec.related_incoming_id {
        let reply = crate::incoming::Reply {
            author_id: rec.author_id,
            drafting_path: &rec.drafting_path,
            body_unit_id: rec.body_unit_id,
            // a secret reply's number stays with those cleared for it
            notation: (rec.secrecy == Secrecy::None).then_some(notation.as_str()),
        };
        crate::incoming::settle_answered(&mut tx, ctx, answered, &reply).await?;
    }
    finish(
        tx,
        ctx,
        id,
        "issue",
        json!({"notation": notation, "issued_on": issued_on.to_string(),
               "signed_on_paper": (!signed_digitally).then_some(true)}),
    )
    .await
}

/// A new version of the file made from the current one by lode (signed, numbered): the PDF
/// (stored and recorded already), the current version's editable source carried over. Returns
/// its number.
async fn derived_version(
    tx: &mut Tx,
    rec: &OutgoingRecord,
    actor: &Actor,
    pdf_sha256: &str,
    message: &'static str,
    args: serde_json::Value,
) -> DbResult<i64> {
    let mut errors = FieldErrors::new();
    lode_db::blobs::require_recorded(
        tx,
        pdf_sha256,
        &[crate::incoming::PDF],
        "pdf_sha256",
        &mut errors,
    )
    .await?;
    errors.into_result()?;
    let current = rec
        .versions
        .iter()
        .find(|v| v.number == rec.current_version);
    next_version(
        tx,
        rec,
        actor.account_id,
        VersionFiles {
            pdf: pdf_sha256,
            source: current.and_then(|v| v.source_sha256.as_deref()),
            source_name: current.and_then(|v| v.source_name.as_deref()),
            note: None,
            message: Some((message, args)),
            composed: None,
        },
    )
    .await
}

/// A digital signature to record: the signed file (already stored and recorded as a PDF),
/// the certificate that made it.
#[derive(Debug, Clone)]
pub struct NewSignature {
    /// `signer` or `seal`.
    pub kind: &'static str,
    pub pdf_sha256: String,
    pub certificate_sha256: String,
    pub subject: String,
    pub level: String,
    /// The document's version the signing started from (what was signed).
    pub signed_version: i64,
    /// The record's version the caller saw.
    pub version: Option<i64>,
    /// With the seal: the attachments' files signed by the organisation, by position.
    pub attachments: Vec<(i64, String)>,
}

/// Records a digital signature as a new version of the file: the leader's on an approved
/// document (Decree 30: the signer first), the organisation's seal by the clerk once it is
/// numbered. Each only once; the file signed must still be the current one.
pub async fn add_signature(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    sig: &NewSignature,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, sig.version).await?;
    let (action, wanted) = match sig.kind {
        "signer" => (Action::SignOutgoing(&rec.scope()), OutgoingStatus::Approved),
        "seal" => (Action::IssueOutgoing(&rec.scope()), OutgoingStatus::Issued),
        _ => return Err(DbError::Other(anyhow::anyhow!("unknown signature kind"))),
    };
    decide(actor, action).map_err(DbError::Denied)?;
    if rec.status != wanted {
        return Err(DbError::Conflict(format!(
            "not possible while the document is {}",
            rec.status.as_str()
        )));
    }
    if rec.signatures.iter().any(|s| s.kind == sig.kind) {
        return Err(DbError::Conflict(format!("signed already ({})", sig.kind)));
    }
    if sig.kind == "seal" {
        rec.require_signed_file()?;
    }
    if rec.current_version != sig.signed_version {
        return Err(DbError::Conflict(
            "the file changed while it was being signed".into(),
        ));
    }
    let message = if sig.kind == "signer" {
        "signed"
    } else {
        "sealed"
    };
    let args = json!({"signer": lode_core::text::common_name(&sig.subject)});
    let number = derived_version(&mut tx, &rec, actor, &sig.pdf_sha256, message, args).await?;
    sqlx::query(
        "INSERT INTO outgoing_signatures (document_id, kind, version, account_id, certificate_sha256, subject, level, signed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(sig.kind)
    .bind(number)
    .bind(actor.account_id)
    .bind(&sig.certificate_sha256)
    .bind(&sig.subject)
    .bind(&sig.level)
    .bind(lode_db::now())
    .execute(&mut *tx)
    .await?;
    for (position, sha) in &sig.attachments {
        sqlx::query(
            "UPDATE outgoing_attachments SET sha256 = $1 WHERE document_id = $2 AND position = $3",
        )
        .bind(sha)
        .bind(id)
        .bind(position)
        .execute(&mut *tx)
        .await?;
    }
    finish(
        tx,
        ctx,
        id,
        if sig.kind == "signer" { "sign" } else { "seal" },
        json!({"version": number, "subject": sig.subject, "level": sig.level, "certificate": sig.certificate_sha256, "attachments_sealed": sig.attachments.len()}),
    )
    .await
}

/// Records a new version of a numbered document's file: the issued number and date written
/// into the places its template reserved (after the signer's signature, which stays valid).
/// The clerks of its body; the file must still be the one numbered.
pub async fn add_numbered_version(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    pdf_sha256: &str,
    from_version: i64,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, None).await?;
    decide(actor, Action::IssueOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    if rec.status != OutgoingStatus::Issued || rec.current_version != from_version {
        return Err(DbError::Conflict(
            "the document changed while its number was written".into(),
        ));
    }
    let number = derived_version(&mut tx, &rec, actor, pdf_sha256, "filled", json!({})).await?;
    finish(tx, ctx, id, "fill", json!({"version": number})).await
}

/// The scan of a numbered document the leader signed on paper, to send in place of its draft:
/// the PDF (already stored by the caller), the record's version the caller saw.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaperScan {
    pub pdf_sha256: String,
    pub version: Option<i64>,
}

/// Records the scan of the signed paper as the document's file (Decree 30: a paper original
/// sent electronically goes as its digitised copy under the organisation's signature). The
/// clerks of its body, once it is numbered and before the seal: a document signed in lode keeps
/// its signed file, and a sealed one is finished. A better scan may replace an earlier one.
pub async fn add_paper_scan(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &PaperScan,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    decide(actor, Action::IssueOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    if rec.status != OutgoingStatus::Issued {
        return Err(DbError::Conflict(format!(
            "not possible while the document is {}",
            rec.status.as_str()
        )));
    }
    if rec.leader_signed() {
        return Err(DbError::Conflict(
            "signed in lode: the signed file is the document".into(),
        ));
    }
    if rec.signatures.iter().any(|s| s.kind == "seal") {
        return Err(DbError::Conflict("sealed already".into()));
    }
    let mut errors = FieldErrors::new();
    require_version_files(
        &mut tx,
        &input.pdf_sha256,
        None,
        actor.account_id,
        &mut errors,
    )
    .await?;
    errors.into_result()?;
    let number = next_version(
        &mut tx,
        &rec,
        actor.account_id,
        VersionFiles {
            pdf: &input.pdf_sha256,
            // a scan has no editable source: the draft's stays with the draft's versions
            source: None,
            source_name: None,
            note: None,
            message: Some(("scanned", json!({}))),
            composed: None,
        },
    )
    .await?;
    finish(tx, ctx, id, "scan", json!({"version": number})).await
}

/// The drafts in person `account`'s hands and not yet issued: those they write, and those
/// presented to them (a leader) for signature.
pub async fn held_by(db: &Db, account: i64) -> DbResult<(i64, i64)> {
    let (writing, to_sign): (i64, i64) = sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM outgoing_documents
             WHERE author_id = $1 AND status IN ('draft', 'in_review', 'approved')),
           (SELECT COUNT(*) FROM outgoing_documents
             WHERE presented_to = $1 AND status IN ('in_review', 'approved'))",
    )
    .bind(account)
    .fetch_one(db.pool())
    .await?;
    Ok((writing, to_sign))
}

/// The body that keeps the registers of the unit at `path`.
async fn body_of(tx: &mut Tx, path: &UnitPath) -> DbResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM units WHERE kind IN ('department', 'federation') AND $1 LIKE path || '%'
         ORDER BY LENGTH(path) DESC LIMIT 1",
    )
    .bind(path.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Dispatches the issued document. A recipient unit of another body receives it in that body's
/// incoming register, numbered there, with the same file; units of the sender's own body see it
/// as distributed to them.
pub async fn send(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &OutgoingStepInput,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    decide(actor, Action::IssueOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    let next = flow(&rec, OutgoingStep::Send)?;
    rec.require_signed_file()?;
    let pdf = rec
        .versions
        .iter()
        .find(|v| v.number == rec.current_version)
        .map(|v| v.pdf_sha256.clone());
    let (Some(notation), Some(issued_on)) = (
        rec.notation.clone(),
        rec.issued_on.as_deref().and_then(|d| parse_date(d).ok()),
    ) else {
        return Err(DbError::Conflict("the document has no number yet".into()));
    };
    let mut delivered = Vec::new();
    for (unit_id, unit_name, path, _) in &rec.recipients {
        let Some(body) = body_of(&mut tx, path).await? else {
            continue;
        };
        if body == rec.body_unit_id {
            continue;
        }
        let arrival = Arrival {
            register_unit_id: body,
            received: today(),
            channel: Channel::Internal,
            issuer: &rec.body_name,
            notation: &notation,
            document_date: issued_on,
            type_code: &rec.type_code,
            subject: &rec.subject,
            signer: None,
            urgency: rec.urgency,
            secrecy: rec.secrecy,
            page_count: None,
            file_sha256: pdf.as_deref(),
            registered_by: actor.account_id,
            submission_key: None,
            issuer_scope: lode_core::documents::IssuerScope::Organisation,
            signature_check: None,
            presented_to: None,
        };
        let (incoming_id, _, year, number) =
            file_arrival(&mut tx, ctx, &arrival, &rec.attachments).await?;
        sqlx::query("UPDATE outgoing_recipients SET incoming_id = $1 WHERE document_id = $2 AND unit_id = $3")
            .bind(incoming_id)
            .bind(id)
            .bind(unit_id)
            .execute(&mut *tx)
            .await?;
        delivered.push(json!({"unit": unit_name, "arrival_number": number, "year": year}));
    }
    let outside: Vec<&str> = rec
        .recipients_outside
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !outside.is_empty() {
        let (org_id,): (String,) = sqlx::query_as("SELECT org_id FROM units WHERE id = $1")
            .bind(rec.body_unit_id)
            .fetch_one(&mut *tx)
            .await?;
        for recipient in &outside {
            let envelope = envelope(
                &rec,
                &org_id,
                &notation,
                issued_on,
                pdf.as_deref(),
                recipient,
            );
            sqlx::query(
                "INSERT INTO outgoing_dispatches (document_id, recipient, envelope, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(*recipient)
            .bind(envelope.to_string())
            .bind(lode_db::now())
            .execute(&mut *tx)
            .await?;
        }
    }
    sqlx::query("UPDATE outgoing_documents SET status = $1, sent_at = $2 WHERE id = $3")
        .bind(next.as_str())
        .bind(lode_db::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    finish(tx, ctx, id, "send", json!({"delivered": delivered, "outside": rec.recipients_outside.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>()})).await
}

/// The envelope of a document going to a body outside: the metadata of Decree 30 Appendix VI
/// (with their maximum lengths there) and the file, as the exchange with other agencies needs
/// them.
fn envelope(
    rec: &OutgoingRecord,
    org_id: &str,
    notation: &str,
    issued_on: chrono::NaiveDate,
    pdf: Option<&str>,
    recipient: &str,
) -> serde_json::Value {
    let (number, code) = notation.split_once('/').unwrap_or((notation, ""));
    json!({
        "code_number": number,
        "code_notation": code,
        "issued_date": issued_on.to_string(),
        "organ_id": org_id,
        "organ_name": rec.body_name,
        "type_code": rec.type_code,
        "type_name": rec.type_name,
        "subject": rec.subject,
        "language": "vi",
        "priority": rec.urgency.rank(),
        "signer_full_name": rec.signer_name,
        "drafting_unit": rec.drafting_name,
        "to": recipient,
        "to_inside": rec.recipients.iter().map(|r| r.1.clone()).collect::<Vec<_>>(),
        "file": {"sha256": pdf, "name": format!("{}.pdf", notation.replace('/', "-")), "content_type": "application/pdf"},
        "attachments": rec.attachments.iter().map(|a| json!({"position": a.position, "name": a.name, "sha256": a.sha256})).collect::<Vec<_>>(),
    })
}

lode_core::named! {
    #[derive(utoipa::ToSchema)]
    /// Where a dispatch to a body outside stands.
    DispatchState {
        /// Kept for the exchange to carry.
        AwaitingExchange = "awaiting_exchange",
        /// The document was recalled: not to be carried.
        Recalled = "recalled",
    }
}

/// One dispatch to a body outside, kept for the exchange.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dispatch {
    pub id: i64,
    pub recipient: String,
    pub state: DispatchState,
    pub created_at: String,
    /// The Appendix VI metadata and the file's reference.
    #[schema(value_type = Object)]
    pub envelope: serde_json::Value,
}

/// The dispatches of a document to bodies outside, oldest first.
pub async fn dispatches(db: &Db, id: i64) -> DbResult<Vec<Dispatch>> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, recipient, state, created_at, envelope FROM outgoing_dispatches WHERE document_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, recipient, state, created_at, envelope)| Dispatch {
            id,
            recipient,
            // a state this version does not know is not carried
            state: DispatchState::parse(&state).unwrap_or(DispatchState::Recalled),
            created_at,
            envelope: serde_json::from_str(&envelope).unwrap_or(serde_json::Value::Null),
        })
        .collect())
}

/// Takes a sent document back, with the reason; where it arrived inside the organisation, the
/// copy is returned.
pub async fn recall(
    db: &Db,
    ctx: &AuditCtx,
    actor: &Actor,
    id: i64,
    input: &OutgoingStepInput,
) -> DbResult<OutgoingRecord> {
    let (mut tx, rec) = begin(db, actor, id, input.version).await?;
    decide(actor, Action::RecallOutgoing(&rec.scope())).map_err(DbError::Denied)?;
    let next = flow(&rec, OutgoingStep::Recall)?;
    let mut errors = FieldErrors::new();
    let reason = errors.take(
        "text",
        bounded_lines(input.text.as_deref().unwrap_or(""), NOTE_MAX),
    );
    errors.into_result()?;
    for (_, _, _, incoming_id) in &rec.recipients {
        if let Some(incoming_id) = incoming_id {
            crate::incoming::return_recalled(&mut tx, ctx, *incoming_id, &reason).await?;
        }
    }
    sqlx::query("UPDATE outgoing_dispatches SET state = 'recalled' WHERE document_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE outgoing_documents SET status = $1, recalled_at = $2 WHERE id = $3")
        .bind(next.as_str())
        .bind(lode_db::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    finish(tx, ctx, id, "recall", json!({"reason": reason})).await
}

pub use crate::timeline::TimelineEntry;

pub async fn timeline(db: &Db, id: i64) -> DbResult<Vec<TimelineEntry>> {
    crate::timeline::events_of(db, crate::timeline::EventTable::Outgoing, id).await
}

/// What to list. Lists come newest first, a page at a time.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// `draft`, `in_review`, `approved`, `issued`, `sent`, `recalled`.
    pub status: Option<String>,
    pub type_code: Option<String>,
    pub year: Option<i64>,
    /// Part of the subject or notation; diacritics and case ignored.
    pub q: Option<String>,
    /// Only those drafted in this unit.
    pub drafting_unit_id: Option<i64>,
    /// Issued on or after, `YYYY-MM-DD` (only numbered documents then).
    pub issued_from: Option<String>,
    /// Issued on or before, `YYYY-MM-DD`.
    pub issued_to: Option<String>,
    /// `true`: only those their leader has not signed in lode yet (what waits for a
    /// signature).
    pub unsigned: Option<bool>,
    /// Sent on or after this local day, `YYYY-MM-DD` (sent, or sent and since recalled).
    pub sent_from: Option<String>,
    /// Sent on or before this local day, `YYYY-MM-DD`.
    pub sent_to: Option<String>,
    /// `true`: only those signed or sealed digitally in lode; `false`: only the others.
    pub signed: Option<bool>,
    /// `inside`: only those delivered to units of the organisation; `outside`: only those
    /// addressed to bodies outside it.
    pub delivery: Option<String>,
    /// Drafted in this unit or a unit below it.
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub within_unit_id: Option<i64>,
    pub before: Option<i64>,
    pub limit: Option<i64>,
    /// The order: `number` (the draft's, the default newest first as `-number`) or `issued`
    /// (the day of issue, drafts last); `-` before it for the reverse. `relevance`: the best
    /// answers to `q` first, on numbered pages.
    pub sort: Option<String>,
    /// A numbered page (from 1), instead of `before`.
    #[serde(default, deserialize_with = "lode_db::empty_as_none")]
    pub page: Option<i64>,
}

/// The orders of the list of outgoing documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutgoingOrder {
    /// As drafted.
    Number,
    /// By the day of issue.
    Issued,
}

impl lode_db::SortKey for OutgoingOrder {
    const ALL: &'static [Self] = &[Self::Number, Self::Issued];
    fn key(self) -> &'static str {
        match self {
            Self::Number => "number",
            Self::Issued => "issued",
        }
    }
}

/// The list's usual order: the newest draft first.
pub const NEWEST_FIRST: Sort<OutgoingOrder> = Sort {
    by: OutgoingOrder::Number,
    descending: true,
};

/// The outgoing documents the caller may know of, newest first.
pub async fn list(db: &Db, actor: &Actor, filter: &Filter) -> DbResult<Page<OutgoingView>> {
    let limit = page_limit(filter.limit);
    let mut errors = lode_core::validation::FieldErrors::new();
    for (field, value) in [
        ("issued_from", &filter.issued_from),
        ("issued_to", &filter.issued_to),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            errors.take(field, lode_core::documents::parse_date(v));
        }
    }
    // sent in a period of local days: from the instant the first begins to the one the day
    // after the last begins (the dashboard's count)
    let mut sent_day = |field: &str, value: &Option<String>| {
        value
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .and_then(|v| errors.take(field, lode_core::documents::parse_date(v.trim())))
    };
    let sent_from = sent_day("sent_from", &filter.sent_from).map(lode_db::day_start);
    let sent_until = sent_day("sent_to", &filter.sent_to)
        .map(|d| lode_db::day_start(d + chrono::Duration::days(1)));
    let delivery = match filter.delivery.as_deref().map(str::trim) {
        None | Some("") => "",
        Some("inside") => {
            " AND EXISTS (SELECT 1 FROM outgoing_recipients dr WHERE dr.document_id = o.id)"
        }
        Some("outside") => " AND o.recipients_outside <> ''",
        Some(_) => {
            errors.add("delivery", "invalid_choice", "inside or outside");
            ""
        }
    };
    let asked_sort = filter
        .sort
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let by_relevance = asked_sort == Some(crate::incoming::RELEVANCE);
    let sort = match asked_sort.filter(|_| !by_relevance) {
        Some(asked) => errors.take("sort", Sort::parse(asked)),
        None => Some(NEWEST_FIRST),
    };
    let offset = errors.take("page", lode_db::page_offset(filter.page, limit));
    if filter.before.is_some()
        && (filter.page.is_some() || by_relevance || sort.is_some_and(|s| s != NEWEST_FIRST))
    {
        errors.add(
            "before",
            "paging_by_key",
            "paging by key follows the newest-first order alone; ask for a numbered page",
        );
    }
    errors.into_result()?;
    let (sort, offset) = (sort.unwrap_or(NEWEST_FIRST), offset.unwrap_or(0));
    let dir = sort.direction();
    let order = match sort.by {
        OutgoingOrder::Number => format!("o.id {dir}"),
        OutgoingOrder::Issued => format!("o.issued_on {dir} NULLS LAST, o.id {dir}"),
    };
    let keeper_body = actor
        .register_unit
        .as_ref()
        .filter(|_| lode_core::authz::keeps_own_register(actor))
        .and_then(|r| r.ids().last().copied())
        .unwrap_or(-1);
    let my_unit = actor.unit.as_ref().map(|u| u.as_str().to_string());
    let words = lode_db::word_patterns(filter.q.as_deref());
    let more = lode_db::word_clauses("o.search_key", 16, words.len().saturating_sub(1));
    // fixed clauses, chosen by a yes or no: no input in the text
    let unsigned = if filter.unsigned == Some(true) {
        " AND NOT EXISTS (SELECT 1 FROM outgoing_signatures sg
                          WHERE sg.document_id = o.id AND sg.kind = 'signer')"
    } else {
        ""
    };
    let signed = match filter.signed {
        Some(true) => {
            " AND EXISTS (SELECT 1 FROM outgoing_signatures ss WHERE ss.document_id = o.id)"
        }
        Some(false) => {
            " AND NOT EXISTS (SELECT 1 FROM outgoing_signatures ss WHERE ss.document_id = o.id)"
        }
        None => "",
    };
    // who sees a draft, as `authz::sees_outgoing` decides, so that the count is of the rows
    // shown: a unit's drafts are its leaders', not every member's (a fixed clause, chosen by
    // the reader's role)
    let leads_drafting_unit = if actor.has(lode_core::people::Role::UnitLeader) {
        "OR ($3 IS NOT NULL AND du.path LIKE $3 || '%'
             AND $3 LIKE (SELECT bu.path FROM units bu WHERE bu.id = o.body_unit_id) || '%')"
    } else {
        ""
    };
    let condition = format!(
        "(o.author_id = $1 OR o.body_unit_id = $2
                {leads_drafting_unit}
                OR EXISTS (SELECT 1 FROM outgoing_events e WHERE e.document_id = o.id AND e.actor_id = $1
                           AND e.step IN ('approve', 'send_back'))
                OR (o.status = 'sent' AND EXISTS (SELECT 1 FROM outgoing_recipients r JOIN units ru ON ru.id = r.unit_id
                     WHERE r.document_id = o.id AND $3 IS NOT NULL AND $3 LIKE ru.path || '%')))
           AND ($4 IS NULL OR o.status = $4)
           AND ($5 IS NULL OR o.type_code = $5)
           AND ($6 IS NULL OR o.year = $6)
           AND ($7 IS NULL OR (o.secrecy = 'none' AND o.search_key LIKE $7 ESCAPE '\\'{more}))
           AND ($8 IS NULL OR o.id < $8)
           AND ($10 IS NULL OR o.drafting_unit_id = $10)
           AND ($11 IS NULL OR (o.issued_on IS NOT NULL AND o.issued_on >= $11))
           AND ($12 IS NULL OR (o.issued_on IS NOT NULL AND o.issued_on <= $12)){unsigned}{signed}{delivery}
           AND ($13 IS NULL OR (o.status IN ('sent', 'recalled') AND o.sent_at >= $13))
           AND ($14 IS NULL OR (o.status IN ('sent', 'recalled') AND o.sent_at < $14))
           AND ($15 IS NULL OR du.path LIKE (SELECT wu.path FROM units wu WHERE wu.id = $15) || '%')
           AND $9 > 0"
    );
    let sql = format!("{SELECT} WHERE {condition} ORDER BY {order} LIMIT $9 OFFSET {offset}");
    // the whole list's count: the same conditions, bound without the page's key
    let count_sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM outgoing_documents o JOIN units du ON du.id = o.drafting_unit_id
         WHERE {} LIMIT {}) n",
        condition,
        lode_db::COUNT_BOUND + 1
    );
    // a search's every match, to weigh (see below)
    let every = format!(
        "{SELECT} WHERE {condition} ORDER BY o.id DESC LIMIT {}",
        lode_db::RANKED_AT_MOST + 1
    );
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let bound = |sql, before: Option<i64>| {
        let mut query = sqlx::query(sql)
            .bind(actor.account_id)
            .bind(keeper_body)
            .bind(my_unit.clone())
            .bind(nonempty(&filter.status))
            .bind(nonempty(&filter.type_code))
            .bind(filter.year)
            .bind(words.first().cloned())
            .bind(before)
            .bind(limit + 1)
            .bind(filter.drafting_unit_id)
            .bind(nonempty(&filter.issued_from))
            .bind(nonempty(&filter.issued_to))
            .bind(sent_from.clone())
            .bind(sent_until.clone())
            .bind(filter.within_unit_id);
        for w in words.iter().skip(1) {
            query = query.bind(w.clone());
        }
        query
    };
    // the best answers first, where they are few enough to weigh them all
    let text = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if let Some(q) = text.filter(|_| by_relevance) {
        let rows = bound(&every, None).fetch_all(db.pool()).await?;
        if rows.len() as i64 <= lode_db::RANKED_AT_MOST {
            let mut records = rows.iter().map(record).collect::<DbResult<Vec<_>>>()?;
            let mut conn = db.read().await?;
            complete(&mut conn, &mut records).await?;
            let views = records.iter().filter_map(|r| r.view(actor)).collect();
            return Ok(lode_db::best_first(
                views,
                offset,
                limit,
                |v: &OutgoingView| {
                    let score = |t: &str| lode_core::text::relevance_as_typed(t, q);
                    2 * v.subject.as_deref().map_or(0, score)
                        + v.notation.as_deref().map_or(0, score)
                },
            ));
        }
    }
    let rows = bound(&sql, filter.before).fetch_all(db.pool()).await?;
    let counted: i64 = sqlx::Row::try_get(&bound(&count_sql, None).fetch_one(db.pool()).await?, 0)?;
    let mut records = rows.iter().map(record).collect::<DbResult<Vec<_>>>()?;
    let mut conn = db.read().await?;
    complete(&mut conn, &mut records).await?;
    let page = into_page(records, limit, |r| r.id);
    Ok(Page {
        items: page.items.iter().filter_map(|r| r.view(actor)).collect(),
        // a key pages on only in the order of keys
        next: page.next.filter(|_| sort == NEWEST_FIRST),
        newer: None,
        total: Some(lode_db::Total::of_counted(counted)),
        more: page.more,
        ranked: page.ranked,
    })
}

/// Drafts waiting for `actor`: to review (at the step they may review), for the body's
/// leader to sign, for the body's clerks to number and send; and their own drafts in the
/// works. Most urgent first.
pub async fn waiting_for(db: &Db, actor: &Actor, limit: i64) -> DbResult<OutgoingWaiting> {
    let body = actor
        .register_unit
        .as_ref()
        .and_then(|r| r.ids().last().copied())
        .unwrap_or(-1);
    let my_unit = actor.unit.as_ref().map(|u| u.as_str().to_string());
    // Candidates: in review in the body (by a leader above the drafting unit, or the body's
    // leader), approved for the body's leader to sign, or approved/issued for the clerks. The
    // rules of authz decide each one.
    let sql = format!(
        "{SELECT} WHERE o.body_unit_id = $1
           AND (o.status = 'in_review' OR (o.status IN ('approved', 'issued') AND $2 = 1)
                OR (o.status = 'approved' AND $4 = 1))
           AND (o.status <> 'in_review' OR $3 IS NULL OR du.path LIKE $3 || '%' OR $4 = 1)
         ORDER BY o.id DESC LIMIT {WAITING_CANDIDATES}"
    );
    let clerk = i64::from(actor.has(lode_core::people::Role::Clerk));
    let leads_body = i64::from(lode_core::authz::leads_own_body(actor));
    let rows = sqlx::query(&sql)
        .bind(body)
        .bind(clerk)
        .bind(my_unit)
        .bind(leads_body)
        .fetch_all(db.pool())
        .await?;
    let mut records = rows.iter().map(record).collect::<DbResult<Vec<_>>>()?;
    let mut conn = db.read().await?;
    complete(&mut conn, &mut records).await?;
    // a draft presented to a leader who signs no longer (moved, or no longer a leader) waits
    // for every leader again
    let signing: Vec<i64> = match actor.register_unit.as_ref() {
        Some(body) => signers(&mut conn, body, Clearance::None)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect(),
        None => Vec::new(),
    };
    let (mut review, mut sign, mut issue, mut unsigned_for_clerk) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for rec in records {
        let scope = rec.scope();
        let Some(view) = rec.view(actor) else {
            continue;
        };
        let reviews = |r: Reviewer| decide(actor, Action::ReviewOutgoing(&scope, r)).is_ok();
        let unsigned = !rec.leader_signed();
        // presented to another leader for signature: in that leader's queue to review, not
        // this one's (any leader may still act on it from its page); once approved, it is
        // signed by whoever approved it, and waits for any leader who signs
        let for_another = rec
            .presented_to
            .is_some_and(|p| p != actor.account_id && signing.contains(&p));
        let at_leaders =
            rec.status == OutgoingStatus::InReview && rec.awaiting() == Some(Reviewer::BodyLeader);
        if for_another && at_leaders && decide(actor, Action::SignOutgoing(&scope)).is_ok() {
            continue;
        }
        match rec.status {
            OutgoingStatus::InReview if rec.awaiting().is_some_and(reviews) => review.push(view),
            OutgoingStatus::InReview => {}
            OutgoingStatus::Approved
                if unsigned && decide(actor, Action::SignOutgoing(&scope)).is_ok() =>
            {
                sign.push(view)
            }
            // what the clerk numbers and sends now: signed by the leader, or numbered; apart,
            // what still waits for the leader's signature (on paper, the clerk records it)
            _ if decide(actor, Action::IssueOutgoing(&scope)).is_ok() => {
                if rec.status == OutgoingStatus::Approved && unsigned {
                    unsigned_for_clerk.push(view)
                } else {
                    issue.push(view)
                }
            }
            _ => {}
        }
    }
    let mut mine = own_drafts(db, actor).await?;
    let cap = usize::try_from(limit.clamp(1, 200)).unwrap_or(20);
    let (review_count, sign_count, issue_count, unsigned_count, mine_count) = (
        review.len(),
        sign.len(),
        issue.len(),
        unsigned_for_clerk.len(),
        mine.len(),
    );
    review.truncate(cap);
    sign.truncate(cap);
    issue.truncate(cap);
    unsigned_for_clerk.truncate(cap);
    mine.truncate(cap);
    Ok(OutgoingWaiting {
        to_review: review,
        to_review_count: review_count,
        to_sign: sign,
        to_sign_count: sign_count,
        to_issue: issue,
        to_issue_count: issue_count,
        awaiting_signature: unsigned_for_clerk,
        awaiting_signature_count: unsigned_count,
        mine,
        mine_count,
    })
}

/// The author's own drafts still in the works, being written or in review: those sent back
/// first (they wait for the author), then the newest.
async fn own_drafts(db: &Db, actor: &Actor) -> DbResult<Vec<OutgoingView>> {
    let sql = format!(
        "{SELECT} WHERE o.author_id = $1 AND o.status IN ('draft', 'in_review')
         ORDER BY o.id DESC LIMIT {WAITING_CANDIDATES}"
    );
    let rows = sqlx::query(&sql)
        .bind(actor.account_id)
        .fetch_all(db.pool())
        .await?;
    let mut records = rows.iter().map(record).collect::<DbResult<Vec<_>>>()?;
    let mut conn = db.read().await?;
    complete(&mut conn, &mut records).await?;
    let mut mine: Vec<OutgoingView> = records.iter().filter_map(|r| r.view(actor)).collect();
    mine.sort_by_key(|v| v.sent_back.is_none());
    Ok(mine)
}

/// How many candidates [`waiting_for`] reads: an office's drafts in review and documents
/// approved but not yet sent are a few hundred at most; past this, the counts are this many.
const WAITING_CANDIDATES: i64 = 1_000;

/// The outgoing documents waiting for someone: the newest of each kind, and how many there are.
#[derive(Debug, Clone)]
pub struct OutgoingWaiting {
    /// Drafts at a review step the person takes.
    pub to_review: Vec<OutgoingView>,
    pub to_review_count: usize,
    /// Approved documents the person (the body's leader) signs before they are numbered.
    pub to_sign: Vec<OutgoingView>,
    pub to_sign_count: usize,
    /// The person's own drafts being written or in review, those sent back first.
    pub mine: Vec<OutgoingView>,
    pub mine_count: usize,
    /// Documents the person (a clerk) numbers and sends now: signed by the leader, or
    /// numbered and not yet sent.
    pub to_issue: Vec<OutgoingView>,
    pub to_issue_count: usize,
    /// Approved documents the leader has not signed in lode, for the clerk: signed on paper,
    /// the clerk records it as they number it.
    pub awaiting_signature: Vec<OutgoingView>,
    pub awaiting_signature_count: usize,
}
