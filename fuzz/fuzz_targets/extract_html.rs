#![no_main]
//! HTML pages: decoding (BOM, `<meta charset>` prescan, detection), html5ever, body selection,
//! metadata (JSON-LD, OpenGraph, microdata), bylines and dates.

mod common;

use kiosque::discover::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check_extraction(data, FileKind::Html);
});
