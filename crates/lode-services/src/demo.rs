//! Dossiers filed for the demo as their applicant files one online: the form filled, each
//! paper uploaded in the applicant's name (so that they may open it again), the dossier
//! submitted, and the one-stop desk's decision on it when there was one. The capabilities'
//! demos file theirs through here.

use crate::applications::{self, Application};
use crate::handling::{self, DeskDecision};
use lode_core::services::ApplicationStatus;
use lode_db::accounts::Account;
use lode_db::{Db, DbResult};
use std::collections::BTreeMap;

/// One paper of a dossier: the procedure's key for it, its file's name, the PDF.
pub struct Paper {
    pub key: &'static str,
    pub name: &'static str,
    pub pdf: Vec<u8>,
}

/// What the desk did with a dossier: its officer, the decision and its reason.
pub struct Decided<'a> {
    pub officer: &'a Account,
    pub decision: DeskDecision,
    pub reason: &'a str,
}

/// Files a dossier of procedure `code` for `applicant` with its form's `values` and `papers`,
/// and has the desk decide on it when `decided` says how. Returns the dossier as it stands.
pub async fn file_online(
    db: &Db,
    blobs: &lode_db::blobs::Blobs,
    applicant: &Account,
    (code, values): (&str, &BTreeMap<String, String>),
    papers: Vec<Paper>,
    decided: Option<Decided<'_>>,
) -> DbResult<Application> {
    let as_applicant = applicant.acting();
    let draft = applications::create_draft(
        db,
        &as_applicant,
        applicant,
        code,
        values,
        Some("0912 345 678"),
    )
    .await?;
    for paper in papers {
        let size = paper.pdf.len();
        let sha = blobs.put(bytes::Bytes::from(paper.pdf)).await?;
        let mut tx = db.write().await?;
        lode_db::blobs::record_upload(&mut tx, &sha, size, "application/pdf", applicant.id).await?;
        tx.commit().await?;
        applications::put_document(
            db,
            &as_applicant,
            applicant.id,
            draft.id,
            paper.key,
            &sha,
            paper.name,
        )
        .await?;
    }
    let submitted =
        applications::submit(db, &as_applicant, &applicant.actor(), draft.id, None).await?;
    match decided {
        Some(d) if submitted.status == ApplicationStatus::Submitted => {
            handling::decide_at_desk(
                db,
                &d.officer.acting(),
                &d.officer.actor(),
                draft.id,
                d.decision,
                d.reason,
            )
            .await
        }
        _ => Ok(submitted),
    }
}
