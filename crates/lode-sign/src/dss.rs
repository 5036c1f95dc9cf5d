//! The document security store (`/DSS`, ISO 32000-2 12.8.4.3; PAdES B-LT): certificates and
//! revocation data kept in the document so that its signatures can be validated later, offline,
//! after the CA's servers are gone.

use crate::PdfError;
use crate::document::Document;
use crate::object::Object;
use der::Decode;
use x509_cert::Certificate;

/// How many entries of each kind are read at most: a store is a few dozen.
const MAX_ENTRIES: usize = 1_000;

/// What a document's `/DSS` holds.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub certificates: Vec<Certificate>,
    /// CRLs, DER.
    pub crls: Vec<Vec<u8>>,
    /// OCSP responses, DER.
    pub ocsps: Vec<Vec<u8>>,
}

/// The `/DSS` of the latest revision; empty when there is none. Entries that cannot be read
/// are skipped: a store adds evidence, it never takes any away.
pub fn read(doc: &Document<'_>) -> Result<Store, PdfError> {
    let mut store = Store::default();
    let Some(root) = doc.trailer().get(b"Root") else {
        return Ok(store);
    };
    let root = doc.resolve(root)?;
    let Some(dss) = root.as_dict().and_then(|d| d.get(b"DSS")) else {
        return Ok(store);
    };
    let dss = doc.resolve(dss)?;
    let Some(dss) = dss.as_dict() else {
        return Ok(store);
    };
    let streams = |key: &[u8]| -> Vec<Vec<u8>> {
        let Some(list) = dss.get(key).and_then(|o| doc.resolve(o).ok()) else {
            return Vec::new();
        };
        let Object::Array(items) = list else {
            return Vec::new();
        };
        items
            .iter()
            .take(MAX_ENTRIES)
            .filter_map(|i| doc.resolve(i).ok())
            .filter_map(|s| doc.stream_data(&s).ok())
            .collect()
    };
    store.certificates = streams(b"Certs")
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    store.crls = streams(b"CRLs");
    store.ocsps = streams(b"OCSPs");
    Ok(store)
}
