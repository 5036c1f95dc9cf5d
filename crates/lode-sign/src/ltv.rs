//! What PAdES B-LT keeps for a document's signatures and timestamps before the revocation data
//! is fetched: the certificates they carry, the CRL addresses and OCSP questions those name.
//! The caller fetches and hands the answers to [`crate::dss::add`].

use crate::PdfError;
use crate::ocsp::OcspQuery;
use x509_cert::Certificate;

/// What B-LT keeps for the signatures and timestamps of a document, before the revocation
/// data is fetched.
#[derive(Debug, Clone, Default)]
pub struct Material {
    /// The certificates the signatures and timestamps carry (signers', authorities', CAs').
    pub certificates: Vec<Certificate>,
    /// The CRL addresses those certificates name.
    pub crl_urls: Vec<String>,
    /// The OCSP questions for those whose issuer is among them and that name a responder.
    pub ocsp: Vec<OcspQuery>,
}

/// The validation material of `data`'s signatures and timestamps, for the caller to fetch
/// the revocation data of and [`crate::dss::add`].
pub fn validation_material(data: &[u8]) -> Result<Material, PdfError> {
    let reports = crate::verify::verify(data)?;
    let mut certs: Vec<Certificate> = Vec::new();
    for r in &reports {
        let carried = r
            .certificates
            .iter()
            .chain(r.timestamp.iter().flat_map(|t| t.certificates.iter()));
        for c in carried {
            if !certs.contains(c) {
                certs.push(c.clone());
            }
        }
    }
    let mut crl_urls: Vec<String> = certs
        .iter()
        .flat_map(crate::crl::distribution_points)
        .collect();
    crl_urls.sort();
    crl_urls.dedup();
    let mut ocsp = Vec::new();
    for cert in &certs {
        let Some(issuer) = certs
            .iter()
            .find(|i| *i != cert && crate::trust::issued_by(cert, i))
        else {
            continue;
        };
        let Ok(request) = crate::ocsp::request(cert, issuer) else {
            continue;
        };
        for url in crate::ocsp::responder_urls(cert) {
            ocsp.push(OcspQuery {
                url,
                request: request.clone(),
            });
        }
    }
    Ok(Material {
        certificates: certs,
        crl_urls,
        ocsp,
    })
}
