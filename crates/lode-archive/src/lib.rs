//! The geological archive: the national archive of geological documents the department keeps
//! (survey and exploration reports, geological and mineral maps, drawings, drill logs, sample
//! analyses, the data sets projects and companies submit), catalogued, searchable to the word,
//! and open to consultation as each record's access level allows.
//!
//! - [`domain`]: the rules, no I/O: a record's fields and their checks, kinds, access levels
//!   and who reads what, queries and snippets;
//! - [`figures`]: records by kind and decade, what is digitised, requests and pages served;
//! - [`catalogue`]: records added and edited by the archive's staff, every change a version
//!   and an audit entry;
//! - [`digitise`]: scans uploaded to a record, each page read in Vietnamese by Tesseract as a
//!   job any node may take, the searchable copy, the staff's corrections;
//! - [`layout`]: where the words lie on a page, for the viewer to mark those looked for;
//! - [`search`]: one index in the database over the entries and the text of every page, for
//!   every node alike, rebuilt on demand;
//! - [`scans`]: scans lode makes of Vietnamese text pages (the demo's, the tests'), and the
//!   character error rate of what is read from them;
//! - [`transfer`]: the catalogue in and out as CSV (a legacy catalogue imported after a dry
//!   run);
//! - [`iso`]: a record as ISO 19115 metadata in ISO 19139 XML;
//! - [`requests`]: applicants' requests to consult or copy records, filed as dossiers of the
//!   public services;
//! - [`submissions`]: data sets submitted through the public services, checked, then
//!   catalogued with a sealed receipt or returned with the reasons;
//! - [`oai`]: the catalogue for harvesters, OAI-PMH with Dublin Core;
//! - [`demo`]: the demo's catalogue and its scanned reports;
//! - [`web`]: the public catalogue, the archive's own pages and the API, mounted by the binary.
//!
//! Below it: `lode_services` (the procedure a request is filed under), `lode_web` (the shell),
//! `lode_db` (the store), `lode_core` (roles, clearances, text folding). Nothing below knows
//! this crate.

/// What the archive tells a reader of the request they made (`notice.{message}.title`, `.body`).
pub const NOTICE_MESSAGES: &[&str] = &[
    "archive_request_approved",
    "archive_copies_approved",
    "archive_request_refused",
    "archive_appointment",
    "archive_request_waiting",
];

pub mod catalogue;
pub mod demo;
pub mod digitise;
pub mod domain;
pub mod figures;
pub mod iso;
pub mod layout;
pub mod oai;
pub mod requests;
pub mod scans;
pub mod search;
pub mod submissions;
pub(crate) mod tools;
pub mod transfer;
pub mod web;

pub use lode_db::today;

lode_web::every_notice_reads_in_both_languages!(crate::NOTICE_MESSAGES.to_vec());
