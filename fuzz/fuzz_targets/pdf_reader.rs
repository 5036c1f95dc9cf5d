//! The PDF reader on arbitrary bytes: parsing, every object, every stream decoded, the
//! signature fields. It may refuse; it must not panic, loop or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lode_sign::Document;
use lode_sign::object::ObjRef;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::parse(data) else {
        return;
    };
    for num in 0..doc.size().min(2_000) {
        if let Ok(o) = doc.get(ObjRef { num, generation: 0 }) {
            let _ = doc.stream_data(&o);
        }
    }
    let _ = lode_sign::signatures::find(&doc);
    let _ = lode_sign::dss::read(&doc);
});
