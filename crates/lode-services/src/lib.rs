//! Online public services: what applicants ask the department for, and how it is handled.
//!
//! - [`catalogue`]: the procedures as versioned data, seeded from `seed/procedures.json`;
//! - [`applications`]: applicants' dossiers, from draft to result;
//! - [`history`]: a dossier's history, each step a message read in the reader's language;
//! - [`handling`]: the one-stop desk's decision, the dossier's entry into the e-office as an
//!   incoming document, its stages, deadlines and result;
//! - [`steps`]: the dossier's table of steps on the store's lifecycle skeleton;
//! - [`payments`]: fees due, paid through the gateway or at the desk, and their receipts;
//! - [`ratings`]: how satisfied applicants are with the handling, once it is over;
//! - [`demo`]: dossiers filed for the demo as an applicant files one online;
//! - [`web`]: their pages and API, mounted by the binary on `lode_web`'s shell.
//!
//! Below it: `lode_web` (the shell: sign-in, layout, errors, the e-office's pages it links to),
//! `lode_db` (the store, and the e-office that a dossier enters) and `lode_core` (the rules).
//! Nothing below knows this crate: the shell shows its sections of the home page and the
//! dashboard through `lode_web::Panels`.

/// What the public services tell applicants and officers, in lode and by e-mail
/// (`notice.{message}.title`, `.body`).
pub const NOTICE_MESSAGES: &[&str] = &[
    "application_submitted",
    "application_paid",
    "application_accepted",
    "application_incomplete",
    "application_refused",
    "application_result",
    "application_apology",
    "application_officer_message",
    "application_message",
    "application_overdue",
    "application_due_soon",
];

pub mod applications;
pub mod catalogue;
pub mod demo;
pub mod handling;
pub mod history;
pub mod payments;
pub mod ratings;
pub mod steps;
pub mod web;

lode_web::every_notice_reads_in_both_languages!(crate::NOTICE_MESSAGES.to_vec());
