//! The signature value: a detached CMS `SignedData` as PAdES baseline wants it (ETSI EN 319
//! 142-1): one SignerInfo over the document's digest, signed attributes content-type,
//! message-digest and ESS signing-certificate-v2, no signing-time (the claimed time is the
//! signature dictionary's `/M`); the signer's certificate and its chain included.

use crate::PdfError;
use crate::signer::{ID_SHA256, Signer, add_signer, bad, signing_certificate_v2};
use cms::builder::SignedDataBuilder;
use cms::cert::CertificateChoices;
use cms::cert::IssuerAndSerialNumber;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::{Decode, DecodePem, Encode};
pub use x509_cert::Certificate;
use x509_cert::attr::{Attribute, AttributeValue};
use x509_cert::spki::AlgorithmIdentifierOwned;

const ID_DATA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");

/// The detached CMS over `digest` (SHA-256 of the signed bytes), DER.
pub fn sign_digest(signer: &Signer, digest: &[u8; 32]) -> Result<Vec<u8>, PdfError> {
    let content = EncapsulatedContentInfo {
        econtent_type: ID_DATA,
        econtent: None,
    };
    let cert = signer.certificate();
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let sha256 = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let mut builder = SignedDataBuilder::new(&content);
    builder
        .add_digest_algorithm(sha256.clone())
        .map_err(|_| bad("digest algorithm"))?;
    for c in &signer.chain {
        builder
            .add_certificate(CertificateChoices::Certificate(c.clone()))
            .map_err(|_| bad("certificate"))?;
    }
    let attribute = signing_certificate_v2(cert)?;
    add_signer(
        &mut builder,
        &signer.key,
        sid,
        &content,
        Some(digest),
        attribute,
    )?;
    let signed = builder.build().map_err(|_| bad("signed data"))?;
    signed.to_der().map_err(|_| bad("CMS encoding"))
}

/// What gets a timestamp token for an imprint (SHA-256): the configured authority over HTTP,
/// or lode's own in process.
pub type Stamper<'a> = &'a dyn Fn(&[u8; 32]) -> Result<Vec<u8>, PdfError>;

/// Signs `data` with an invisible signature field: prepare the field, digest what the
/// `/ByteRange` covers, write the CMS in place. PAdES B-B.
pub fn sign_pdf(
    data: &[u8],
    signer: &Signer,
    spec: &crate::field::FieldSpec,
) -> Result<Vec<u8>, PdfError> {
    sign_pdf_with(data, signer, spec, None)
}

/// [`sign_pdf`], and with a `stamper` the signature value timestamped (PAdES B-T).
pub fn sign_pdf_with(
    data: &[u8],
    signer: &Signer,
    spec: &crate::field::FieldSpec,
    stamper: Option<Stamper<'_>>,
) -> Result<Vec<u8>, PdfError> {
    sign_pdf_visible(data, signer, spec, stamper, None)
}

/// [`sign_pdf_with`], and with `visible` the mark shown where it says.
pub fn sign_pdf_visible(
    data: &[u8],
    signer: &Signer,
    spec: &crate::field::FieldSpec,
    stamper: Option<Stamper<'_>>,
    visible: Option<&crate::appearance::Visible>,
) -> Result<Vec<u8>, PdfError> {
    let prepared = match visible {
        Some(v) => crate::field::prepare_visible(data, spec, v)?,
        None => crate::field::prepare(data, spec)?,
    };
    let mut der = sign_digest(signer, &prepared.digest())?;
    if let Some(stamp) = stamper {
        let imprint = crate::tsp::imprint_of(&crate::signed::signature_value(&der)?);
        let token = stamp(&imprint)?;
        der = add_timestamp(&der, &token)?;
    }
    prepared.embed(&der)
}

/// Adds a document timestamp (PAdES B-LTA): a field whose value is the authority's token over
/// everything but the value itself.
pub fn timestamp_pdf(data: &[u8], name: &str, stamper: Stamper<'_>) -> Result<Vec<u8>, PdfError> {
    let spec = crate::field::FieldSpec {
        name: name.to_string(),
        time: String::new(),
        reason: None,
        location: None,
        contents_size: crate::field::DEFAULT_CONTENTS,
    };
    let prepared = crate::field::prepare_timestamp(data, &spec)?;
    let token = stamper(&prepared.digest())?;
    prepared.embed(&token)
}

const ID_SIGNATURE_TIME_STAMP: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// Adds a timestamp token over the signature value as the unsigned attribute
/// `signature-time-stamp` (RFC 3161 appendix A); the signed part does not change.
pub fn add_timestamp(der: &[u8], token: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut signed = crate::signed::signed_data_of(der)?;
    let mut infos = signed.signer_infos.0.into_vec();
    let [si] = infos.as_mut_slice() else {
        return Err(bad("a PAdES signature has exactly one signer"));
    };
    let value = AttributeValue::from_der(token).map_err(|_| bad("the token is not DER"))?;
    let mut values = der::asn1::SetOfVec::new();
    values.insert(value).map_err(|_| bad("token"))?;
    let mut attrs = si.unsigned_attrs.take().unwrap_or_default();
    attrs
        .insert(Attribute {
            oid: ID_SIGNATURE_TIME_STAMP,
            values,
        })
        .map_err(|_| bad("the signature is timestamped already"))?;
    si.unsigned_attrs = Some(attrs);
    signed.signer_infos = cms::signed_data::SignerInfos(
        der::asn1::SetOfVec::try_from(infos).map_err(|_| bad("signer"))?,
    );
    cms::content_info::ContentInfo {
        content_type: crate::signed::ID_SIGNED_DATA,
        content: der::Any::encode_from(&signed).map_err(|_| bad("CMS encoding"))?,
    }
    .to_der()
    .map_err(|_| bad("CMS encoding"))
}

/// Reads certificates (PEM, one or more).
pub fn certificates_from_pem(pem: &str) -> Result<Vec<Certificate>, PdfError> {
    Certificate::load_pem_chain(pem.as_bytes()).map_err(|_| bad("unreadable certificates"))
}

/// Reads a certificate (PEM).
pub fn certificate_from_pem(pem: &str) -> Result<Certificate, PdfError> {
    Certificate::from_pem(pem.as_bytes()).map_err(|_| bad("unreadable certificate"))
}
