//! What the targets share: the limits they load with, small enough that no
//! input can make one iteration slow or large (the defaults allow a roster
//! of a million and gigabytes per worker, which would only measure the
//! machine).

use plenary::Limits;

/// Far below the defaults: 256 KiB of text, 2,000 voters, 200,000
/// paragraph x delegation pairs, 64 MiB per worker.
pub const SMALL: Limits =
    Limits { file_bytes: 256 << 10, voters: 2_000, pairs: 200_000, worker_bytes: 64 << 20 };
