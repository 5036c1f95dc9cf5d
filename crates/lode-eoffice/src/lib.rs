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
