//! Git repositories built in tests with the git CLI: dated commits by a fixed person, clones
//! and edits.

use std::path::Path;
use std::process::Command;

/// The author of every commit these helpers make.
pub const AUTHOR: &str = "Alice Example";

/// Runs git in `dir`, committing as [`AUTHOR`] at noon UTC of `date` when one is given; its
/// standard output, trimmed.
pub fn git(dir: &Path, date: Option<&str>, args: &[&str]) -> String {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_AUTHOR_NAME", AUTHOR)
        .env("GIT_AUTHOR_EMAIL", "alice@example.org")
        .env("GIT_COMMITTER_NAME", AUTHOR)
        .env("GIT_COMMITTER_EMAIL", "alice@example.org");
    if let Some(date) = date {
        let stamp = format!("{date}T12:00:00Z");
        command
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp);
    }
    let output = command.output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Commits every change of the work tree on `date`; the new commit's id.
pub fn commit(dir: &Path, date: &str, message: &str) -> String {
    git(dir, None, &["add", "-A"]);
    git(dir, Some(date), &["commit", "-q", "-m", message]);
    git(dir, None, &["rev-parse", "HEAD"])
}

/// Replaces the first `from` in a file of `dir` with `to`.
pub fn edit(dir: &Path, path: &str, from: &str, to: &str) {
    let file = dir.join(path);
    let text = std::fs::read_to_string(&file).expect("a file to edit");
    assert!(text.contains(from), "{path} lacks {from:?}");
    std::fs::write(file, text.replacen(from, to, 1)).expect("an edit");
}
