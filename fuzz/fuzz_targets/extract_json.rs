#![no_main]
//! JSON documents and JSON Lines. The first byte picks the kind (odd: JSON Lines, even: JSON)
//! and is dropped; the seed corpus is written with that byte in front.

mod common;

use kiosque::discover::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let kind = if selector & 1 == 1 {
        FileKind::JsonLines
    } else {
        FileKind::Json
    };
    common::check_extraction(rest, kind);
});
