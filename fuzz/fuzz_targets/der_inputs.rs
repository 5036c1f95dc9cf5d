//! What lode reads as DER from outside: timestamp requests (its authority answers anyone),
//! timestamp responses and tokens, CRLs, OCSP requests (its responder answers anyone) and
//! responses, PKCS#12 files, CMS signatures.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// One CA for the whole run: making a key per input would be all the fuzzer measured.
fn ca() -> &'static lode_sign::ca::Authority {
    static CA: OnceLock<lode_sign::ca::Authority> = OnceLock::new();
    CA.get_or_init(|| {
        lode_sign::ca::Authority::new_root("fuzz", "fuzz").expect("a root for the fuzzer")
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = lode_sign::tsp::parse_request(data);
    let _ = lode_sign::tsp::token_of_response(data);
    let _ = lode_sign::tsp::check_token(data, &[0u8; 32]);
    let _ = lode_sign::crl::Crl::parse(data);
    let _ = lode_sign::p12::read(data, "password");
    let _ = lode_sign::verify::check_signed_data(data, None, Some(&[0u8; 32]));
    let ca = ca();
    let responder = lode_sign::ocsp::Responder {
        issuer: &ca.cert,
        key: &ca.key,
    };
    let _ = responder.respond(
        data,
        |_| lode_sign::ocsp::Status::Good,
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000),
    );
    if let Ok(r) = lode_sign::ocsp::Response::parse(data) {
        let _ = r.answer_for(&ca.cert, &ca.cert);
    }
});
