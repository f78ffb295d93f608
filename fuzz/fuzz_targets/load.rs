//! Scenario bytes -> parse and check: never a panic, whatever the bytes;
//! an error names the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() as u64 > common::SMALL.file_bytes {
        return;
    }
    let path = Path::new("fuzz.ron");
    match plenary::scenario::parse(text, path) {
        Ok(file) => {
            if let Err(e) = plenary::scenario::check_with_limits(&file, path, &common::SMALL) {
                assert!(e.to_string().contains("fuzz.ron"), "the error does not name the file: {e}");
            }
        }
        Err(e) => assert!(e.to_string().contains("fuzz.ron"), "the error does not name the file: {e}"),
    }
});
