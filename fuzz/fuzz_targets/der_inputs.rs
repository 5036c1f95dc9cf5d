//! What lode reads as DER from outside: timestamp requests (its authority answers anyone),
//! timestamp responses and tokens, CRLs, PKCS#12 files, CMS signatures.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lode_sign::tsp::parse_request(data);
    let _ = lode_sign::tsp::token_of_response(data);
    let _ = lode_sign::tsp::check_token(data, &[0u8; 32]);
    let _ = lode_sign::crl::Crl::parse(data);
    let _ = lode_sign::p12::read(data, "password");
    let _ = lode_sign::verify::check_signed_data(data, None, Some(&[0u8; 32]));
});
