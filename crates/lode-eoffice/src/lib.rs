//! lode's e-office: official documents from arrival or draft to the archive, on the store
//! (`lode-db`) and the domain (`lode-core`).
//!
//! - [`incoming`]: incoming documents, their registers and their flow (registration, routing,
//!   assignment, steps, completion), lists and search;
//! - [`outgoing`]: outgoing documents: drafts, review, numbering, dispatch, recall;
//! - [`dossiers`]: work dossiers, their index, closing and hand-over to the archive;
//! - `dossier_index`: what others file into a dossier (an issued document) and may check of it;
//! - [`registers`]: the rows of the Appendix IV registers and the index of dossiers for a period;
//! - `timeline`: the steps of each document's and dossier's life, written and read;
//! - [`weekly`]: weekly reports drafted from the week's figures, edited, submitted, consolidated;
//! - [`reports`]: the dashboard's figures;
//! - [`certificates`]: the registry of the certificates lode's people and units sign with;
//! - [`reminders`]: what falls due, told to whoever must act;
//! - [`demo`]: the demo's documents and dossiers;
//! - [`web`]: its pages and API, mounted on the shell (`lode-web`) as a capability.
//!
//! A capability above the e-office (the public services) enters it through named entry points:
//! `incoming::file_arrival` for a document that arrives by lode itself (an issued letter
//! delivered, a dossier accepted at the desk), `outgoing::replies_to`, the timeline of a record.

/// What the e-office tells people, in lode and by e-mail (`notice.{message}.title`, `.body`); a
/// secret document's message names it by its number only.
pub const NOTICE_MESSAGES: &[&str] = &[
    "incoming_overdue",
    "incoming_overdue_secret",
    "incoming_due_soon",
    "incoming_due_soon_secret",
    "incoming_registered",
    "incoming_registered_secret",
    "incoming_routed",
    "incoming_routed_secret",
    "incoming_coordinating",
    "incoming_coordinating_secret",
    "incoming_assigned",
    "incoming_assigned_secret",
    "incoming_reassigned_away",
    "incoming_reassigned_away_secret",
    "incoming_extension_asked",
    "incoming_extension_asked_secret",
    "incoming_extended",
    "incoming_extended_secret",
    "incoming_extension_declined",
    "incoming_extension_declined_secret",
    "incoming_extension_passed_on",
    "incoming_extension_passed_on_secret",
    "incoming_handed_back",
    "incoming_handed_back_secret",
    "dossier_result_issued",
    "outgoing_review",
    "outgoing_review_secret",
    "outgoing_to_issue",
    "outgoing_to_issue_secret",
    "outgoing_sent_back",
    "outgoing_sent_back_secret",
    "outgoing_sent",
    "outgoing_sent_secret",
    "certificate_expiring",
];

pub mod certificates;
pub mod demo;
mod dossier_index;
pub mod dossiers;
pub mod incoming;
pub mod outgoing;
pub mod registers;
pub mod reminders;
pub mod reports;
mod timeline;
pub mod web;
pub mod weekly;

lode_web::every_notice_reads_in_both_languages!(crate::NOTICE_MESSAGES.to_vec());
