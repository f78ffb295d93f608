//! Variant bytes applied onto the bundled WSIS+20 scenario (`set` paths and
//! values, `remove`, `add_refs`, `add_events`), then checked: never a
//! panic; an error names the variant.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use plenary::scenario::ScenarioFile;

#[path = "common.rs"]
mod common;

fn base() -> &'static ScenarioFile {
    static BASE: OnceLock<ScenarioFile> = OnceLock::new();
    BASE.get_or_init(|| {
        let text = include_str!("../../scenarios/wsis20.ron");
        plenary::scenario::parse(text, Path::new("wsis20.ron")).expect("the bundled scenario parses")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() as u64 > common::SMALL.file_bytes {
        return;
    }
    let path = Path::new("variant.ron");
    match plenary::scenario::apply_variant(base(), text, path) {
        Ok(file) => {
            if let Err(e) = plenary::scenario::check_with_limits(&file, path, &common::SMALL) {
                assert!(e.to_string().contains("variant.ron"), "the error does not name the file: {e}");
            }
        }
        Err(e) => assert!(e.to_string().contains("variant.ron"), "the error does not name the file: {e}"),
    }
});
