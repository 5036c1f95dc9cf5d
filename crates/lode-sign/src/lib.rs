//! PDF signatures for lode, as a library of its own: usable from the server, the
//! command line and tests alike.
//!
//! Signing: PAdES B-B, and B-T with an RFC 3161 timestamp (from any authority over HTTP, or
//! lode's own in [`tsp`]); keys from PEM or PKCS#12. Verification: each signature's range,
//! digest, CMS signature, certificate binding, timestamp, trust path at the proven time,
//! revocation (CRLs given, fetched, or kept in the `/DSS`), and what changed after it.
//! B-LT (`/DSS`) and B-LTA (document timestamps) in [`dss`] and [`cms`]. Keys from PEM,
//! PKCS#12 or PKCS#11 tokens. Visible marks are placed where the user says, drawn by `lode_print::stamp`.
//!
//! - [`object`]: PDF objects, their parser (bounded, never panicking) and writer;
//! - [`document`]: a file as its revisions: cross-reference tables and streams, `/Prev` chains,
//!   object streams, stream decoding with a ceiling on what inflates;
//! - [`update`]: incremental updates that leave every earlier byte untouched;
//! - [`field`]: a signature field with its `/ByteRange` and `/Contents` placeholder, the value
//!   written in place;
//! - [`fill`]: the issued number and date written after the signer signed;
//! - [`signatures`]: a document's signature fields and what each one's `/ByteRange` covers;
//! - [`changes`]: what later revisions changed after a signature, and whether it was allowed;
//! - [`signer`]: a key (in memory or on a token) with its chain, and the SignerInfo it adds;
//! - [`cms`]: the signature value, a detached CMS (PAdES), RSA or P-256, with its timestamp;
//! - [`tsp`]: RFC 3161 requests, the timestamp authority, the check of a token;
//! - [`crypto`]: one raw signature checked with a public key, and the hashes;
//! - [`signed`]: a CMS `SignedData` with one signer checked (the CMS in DER or BER, SHA-1 or
//!   SHA-2, RSA or ECDSA, as other signers write it);
//! - [`verify`]: each signature's report, and the trust and revocation checks on it;
//! - [`trust`]: certificate paths up to the trust anchors;
//! - [`crl`]: revocation lists, made and read; [`ocsp`]: OCSP requests, answers, the CA's
//!   responder;
//! - [`dss`]: the document security store, read and written; [`ltv`]: what B-LT must fetch;
//! - [`ca`]: the built-in certificate authority; [`pki`]: the same kept as files in a folder;
//! - [`pdfa`]: a searchable scan made PDF/A-2b (its metadata and output intent);
//! - [`p12`]: PKCS#12 files; [`pkcs11`]: keys on tokens;
//! - [`appearance`]: visible marks brought in as the widget's appearance;
//! - [`asn1`]: the DER pieces written and read by hand, and BER re-encoded as DER.

pub mod appearance;
pub mod asn1;
pub mod ca;
pub mod changes;
pub mod cms;
pub mod crl;
pub mod crypto;
pub mod document;
pub mod dss;
pub mod field;
pub mod fill;
pub mod ltv;
pub mod object;
pub mod ocsp;
pub mod p12;
pub mod pdfa;
pub mod pkcs11;
pub mod pki;
pub mod signatures;
pub mod signed;
pub mod signer;
pub mod trust;
pub mod tsp;
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

/// A PDF date (7.9.4) in Vietnam time, as `/M` carries the claimed signing time:
/// `D:20261125083000+07'00'`.
pub fn pdf_date(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        + 7 * 3600;
    let (year, month, d, h, m, s) = asn1::civil(secs);
    format!("D:{year:04}{month:02}{d:02}{h:02}{m:02}{s:02}+07'00'")
}

#[cfg(test)]
mod tests {
    #[test]
    fn pdf_dates_are_in_vietnam_time() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_595_400);
        // 2026-11-25T08:30:00Z is 15:30 in Hà Nội
        assert_eq!(super::pdf_date(t), "D:20261125153000+07'00'");
    }
}
