//! PDF signatures for lode (issue 4), as a library of its own: usable from the server, the
//! command line and tests alike.
//!
//! So far: PAdES B-B signing (RSA, P-256) and the verification of what a document itself can
//! prove; trust anchors, timestamps (B-T), `/DSS` (B-LT), B-LTA and the built-in CA come next.
//!
//! - [`object`]: PDF objects, their parser (bounded, never panicking) and writer;
//! - [`document`]: a file as its revisions: cross-reference tables and streams, `/Prev` chains,
//!   object streams, stream decoding with a ceiling on what inflates;
//! - [`update`]: incremental updates that leave every earlier byte untouched;
//! - [`field`]: a signature field with its `/ByteRange` and `/Contents` placeholder, the value
//!   written in place;
//! - [`signatures`]: a document's signature fields and what each one's `/ByteRange` covers;
//! - [`changes`]: what later revisions changed after a signature, and whether it was allowed;
//! - [`cms`]: the signature value, a detached CMS (PAdES B-B), RSA or P-256;
//! - [`verify`]: each signature's report: range, digest, signature, certificate binding,
//!   changes after it.

pub mod changes;
pub mod cms;
pub mod document;
pub mod field;
pub mod object;
pub mod signatures;
pub mod update;
pub mod verify;

pub use document::Document;

/// What can be wrong with a PDF, in terms a report can give.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PdfError {
    #[error("not a PDF file")]
    NotPdf,
    #[error("syntax error at byte {offset}: {what}")]
    Syntax { offset: usize, what: String },
    #[error("broken structure: {0}")]
    Structure(String),
    #[error("the PDF is encrypted")]
    Encrypted,
    #[error("not supported: {0}")]
    Unsupported(String),
    #[error("a stream inflates beyond the limit")]
    TooLarge,
}
