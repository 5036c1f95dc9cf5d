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

/// Adds certificates, CRLs and OCSP responses to the document's `/DSS` (creating it) as one incremental
/// update: what B-LT keeps so that the signatures can be validated offline later. What the
/// store holds already is not added twice; what it held stays.
pub fn add(
    data: &[u8],
    certificates: &[Certificate],
    crls: &[Vec<u8>],
    ocsps: &[Vec<u8>],
) -> Result<Vec<u8>, PdfError> {
    use crate::object::{Dict, ObjRef};
    use crate::update::{NewObject, Update};
    use der::Encode;
    let doc = Document::parse(data)?;
    let (root_ref, mut catalog) = crate::field::catalog_of(&doc)?;
    let (dss_ref, mut dss): (Option<ObjRef>, Dict) = match catalog.get(b"DSS") {
        Some(Object::Ref(r)) => (
            Some(*r),
            doc.get(*r)?.as_dict().cloned().unwrap_or_default(),
        ),
        Some(Object::Dict(d)) => (None, d.clone()),
        _ => (None, Dict::default()),
    };
    let held = read(&doc)?;
    let mut held_certs: Vec<Vec<u8>> = held
        .certificates
        .iter()
        .filter_map(|c| c.to_der().ok())
        .collect();
    let mut held_crls = held.crls.clone();
    let mut held_ocsps = held.ocsps.clone();
    let mut up = Update::new(&doc);
    let mut list =
        |key: &[u8], items: Vec<Vec<u8>>, up: &mut Update<'_, '_>| -> Result<(), PdfError> {
            let mut refs = match dss.get(key).map(|o| doc.resolve(o)).transpose()? {
                Some(Object::Array(a)) => a,
                _ => Vec::new(),
            };
            if refs.len() + items.len() > MAX_ENTRIES {
                return Err(PdfError::Unsupported("too much validation data".into()));
            }
            for der in items {
                let r = up.allocate();
                up.put(r, NewObject::Stream(Dict::default(), der));
                refs.push(Object::Ref(r));
            }
            dss.set(key, Object::Array(refs));
            Ok(())
        };
    let mut new_certs = Vec::new();
    for c in certificates {
        let der = c
            .to_der()
            .map_err(|_| PdfError::Unsupported("certificate encoding".into()))?;
        if !held_certs.contains(&der) {
            held_certs.push(der.clone());
            new_certs.push(der);
        }
    }
    let not_held = |given: &[Vec<u8>], held: &mut Vec<Vec<u8>>| {
        let mut new = Vec::new();
        for item in given {
            if !held.contains(item) {
                held.push(item.clone());
                new.push(item.clone());
            }
        }
        new
    };
    let new_crls = not_held(crls, &mut held_crls);
    let new_ocsps = not_held(ocsps, &mut held_ocsps);
    list(b"Certs", new_certs, &mut up)?;
    list(b"CRLs", new_crls, &mut up)?;
    list(b"OCSPs", new_ocsps, &mut up)?;
    dss.set(b"Type", Object::Name(b"DSS".to_vec()));
    let dss_ref = dss_ref.unwrap_or_else(|| up.allocate());
    up.put(dss_ref, NewObject::Plain(Object::Dict(dss)));
    catalog.set(b"DSS", Object::Ref(dss_ref));
    up.put(root_ref, NewObject::Plain(Object::Dict(catalog)));
    up.write(&[])
}
