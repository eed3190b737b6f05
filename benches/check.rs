//! Times `irready check` on the passing fixture and on generated plan repositories:
//! `cargo bench --bench check` (sizes can be given: `cargo bench --bench check -- 2000 5000`).
//! Reports the median and best wall time of several runs, and the peak resident memory.

#![allow(clippy::print_stdout, reason = "a benchmark prints its measurements")]

#[path = "../tests/support/generate.rs"]
mod generate;
#[path = "support/measure.rs"]
mod measure;

use std::path::Path;
use std::time::Duration;

const RUNS: usize = 7;

fn main() {
    measure::wrapper_main();
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() { vec![2000] } else { sizes };

    let fixture = tempfile::tempdir().expect("a temporary folder");
    generate::plan_repository(fixture.path(), 23).expect("the fixture");
    report("passing fixture (23 artefacts)", fixture.path());
    for size in sizes {
        let dir = tempfile::tempdir().expect("a temporary folder");
        generate::plan_repository(dir.path(), size).expect("a generated repository");
        report(&format!("generated ({size} artefacts)"), dir.path());
    }
}

fn report(label: &str, dir: &Path) {
    let path = dir.to_str().expect("a UTF-8 path");
    let args = [
        "check",
        path,
        "--now",
        "2026-12-01",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    let runs: Vec<(Duration, u64, i32)> = (0..RUNS)
        .map(|_| measure::measure(env!("CARGO_BIN_EXE_irready"), &args))
        .collect();
    assert!(runs.iter().all(|r| r.2 == 0), "irready failed");
    let best = runs.iter().map(|r| r.0).min().unwrap_or_default();
    let peak = runs.iter().map(|r| r.1).max().unwrap_or_default();
    let median = measure::median(runs.iter().map(|r| r.0).collect());
    println!(
        "{label:34} median {:7.1} ms  best {:7.1} ms  peak memory {:6.1} MiB",
        measure::millis(median),
        measure::millis(best),
        measure::mib(peak)
    );
}
