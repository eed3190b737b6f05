//! Times `irready check` on the passing fixture and on generated plan repositories:
//! `cargo bench --bench check` (sizes can be given: `cargo bench --bench check -- 2000 5000`).
//! Reports the median and best wall time of several runs, and the peak resident memory.

#![allow(clippy::print_stdout, reason = "a benchmark prints its measurements")]
#![allow(
    unsafe_code,
    reason = "getrusage, to measure the peak memory of irready"
)]

#[path = "../tests/support/generate.rs"]
mod generate;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() { vec![2000] } else { sizes };

    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/passing");
    measure("passing fixture (23 artefacts)", &fixture);
    for size in sizes {
        let dir = tempfile::tempdir().expect("a temporary folder");
        generate::plan_repository(dir.path(), size).expect("a generated repository");
        measure(&format!("generated ({size} artefacts)"), dir.path());
    }
}

fn measure(label: &str, dir: &Path) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let output = Command::new(env!("CARGO_BIN_EXE_irready"))
                .args([
                    "check",
                    "--now",
                    "2026-12-01",
                    "--format",
                    "json",
                    "--fail-on",
                    "never",
                ])
                .arg(dir)
                .output()
                .expect("irready runs");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{label:34} median {:7.1} ms  best {:7.1} ms  peak memory {:6.1} MiB (largest child so far)",
        millis(times[RUNS / 2]),
        millis(times[0]),
        peak_child_mib()
    );
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The peak resident memory of the largest child process so far.
fn peak_child_mib() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole `rusage` into the pointer it is given, which points at
    // memory we own and sized for it; the struct is read only when the call succeeds.
    #[allow(
        unsafe_code,
        reason = "the one system call the standard library does not wrap"
    )]
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) != 0 {
            return f64::NAN;
        }
        usage.assume_init()
    };
    // Linux reports kilobytes.
    #[allow(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
    let kib = usage.ru_maxrss as f64;
    kib / 1024.0
}
