//! The domain of lode: plain Rust, no I/O, no async.
//!
//! - [`orgid`]: the QCVN 102 organisation id (`V1V2V3.Z1Z2.Y1Y2.MX1X2`).
//! - [`org`]: units of the organisation tree, their kinds, names and abbreviations, tree rules.
//! - [`people`]: accounts, roles, secrecy clearance, usernames and passwords as values that parse.
//! - [`authz`]: the one place that decides what a person may see and do.
//! - [`documents`]: official documents (Decree 30): notations, urgency, registers, the incoming flow.
//! - [`dossiers`]: work dossiers: file codes, retention, closing and hand-over to the archive.
//! - [`calendar`]: the lunar calendar, public holidays, working days and legal deadlines.
//! - [`services`]: public-service procedures as versioned data, and dossier codes.
//! - [`fees`]: fee rules of the public services as data, and the amount with its calculation.
//! - [`handling`]: an accepted dossier's stage deadlines, the control sheet's verdicts, lateness warnings.
//! - [`audit`]: the audit hash chain: how an entry is hashed and how a chain is checked.
//! - [`text`]: folding Vietnamese text for diacritic-insensitive search.
//! - [`validation`]: field-level errors shared by every parser above.

pub mod audit;
pub mod authz;
pub mod calendar;
pub mod documents;
pub mod dossiers;
pub mod fees;
pub mod handling;
pub mod org;
pub mod orgid;
pub mod people;
pub mod services;
pub mod text;
pub mod validation;
