//! Shard JSON -> merge: the input is one or more outputs of `plenary run
//! --shard K/N --format json`, separated by lines `---`. Never a panic; a
//! merge that succeeds has a consistent tally with the runs of the batch.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plenary::RunReport;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(reports) =
        text.split("\n---\n").map(serde_json::from_str::<RunReport>).collect::<Result<Vec<_>, _>>()
    else {
        return;
    };
    if let Ok(merged) = RunReport::merge(&reports) {
        assert!(merged.tally.is_consistent(), "a merge made an inconsistent tally");
        // Written out and read back, it is the same report.
        let json = serde_json::to_string(&merged).expect("a merged report serialises");
        let back: RunReport = serde_json::from_str(&json).expect("a merged report reads back");
        assert_eq!(back.tally, merged.tally);
    }
});
