//! Measures a command's wall time and peak memory. The benchmark re-runs itself as a thin
//! wrapper around the command, so that the wrapper's children are that command alone and
//! their peak resident memory is the command's own.

use std::process::Command;
use std::time::{Duration, Instant};

/// The argument that turns the benchmark into the wrapper.
const WRAP: &str = "--irready-measure-child";

/// Runs the wrapper instead of the benchmark when asked to; call first in `main`.
pub fn wrapper_main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(at) = args.iter().position(|a| a == WRAP) else {
        return;
    };
    let (program, rest) = (&args[at + 1], &args[at + 2..]);
    let status = Command::new(program)
        .args(rest)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the measured command runs");
    #[allow(clippy::print_stdout, reason = "the wrapper reports to the benchmark")]
    {
        println!("{} {}", status.code().unwrap_or(-1), peak_child_kib());
    }
    std::process::exit(0);
}

/// A command's wall time and peak resident memory in KiB, with its exit code.
pub fn measure(program: &str, args: &[&str]) -> (Duration, u64, i32) {
    let started = Instant::now();
    let output = Command::new(std::env::current_exe().expect("the benchmark's path"))
        .arg(WRAP)
        .arg(program)
        .args(args)
        .output()
        .expect("the wrapper runs");
    let elapsed = started.elapsed();
    let report = String::from_utf8_lossy(&output.stdout);
    let mut parts = report.split_whitespace();
    let code = parts.next().and_then(|c| c.parse().ok()).unwrap_or(-1);
    let kib = parts.next().and_then(|k| k.parse().ok()).unwrap_or(0);
    (elapsed, kib, code)
}

/// The median of several durations.
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The peak resident memory of the largest child process waited for, in KiB.
fn peak_child_kib() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole `rusage` into the pointer it is given, which points at
    // memory we own and sized for it; the struct is read only when the call succeeds.
    #[allow(
        unsafe_code,
        reason = "the one system call the standard library does not wrap"
    )]
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) != 0 {
            return 0;
        }
        usage.assume_init()
    };
    // Linux reports kilobytes.
    u64::try_from(usage.ru_maxrss).unwrap_or(0)
}

pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[allow(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
