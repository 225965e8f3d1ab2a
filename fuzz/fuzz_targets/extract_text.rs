#![no_main]
//! Plain-text exports: decoding and detection of undeclared encodings, the export layout
//! (title / caption / standfirst / "Publié le ... par ..." / body / boilerplate).

mod common;

use kiosque::discover::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check_extraction(data, FileKind::Text);
});
