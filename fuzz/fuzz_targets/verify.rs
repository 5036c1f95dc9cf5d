//! The whole verifier on arbitrary bytes: signatures, their CMS, timestamps, the changes after
//! each, and the reports written out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut reports) = lode_sign::verify::verify(data) {
        let _ = lode_sign::verify::revocation_sources(&reports, &[]);
        lode_sign::verify::check_trust(&mut reports, &[], &Default::default());
        let _ = lode_sign::verify::to_json(&reports);
        let _ = lode_sign::verify::to_text(&reports);
    }
});
