//! Where artefacts come from: the files of a work tree, honouring `.gitignore`.
//!
//! A source yields every file's repository-relative path, and the bytes of the files that
//! can be artefacts. It never follows a link out of the root, never reads a file over the
//! size limit, and never writes.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are not read; they become a finding instead.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The configuration file at the root, which is not an artefact.
pub const CONFIG_FILE: &str = "irready.yaml";

/// One file of the repository.
#[derive(Debug)]
pub struct SourceFile {
    /// The path from the root, with `/` separators.
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug)]
pub enum Contents {
    /// A file that may be an artefact, read whole.
    Bytes(Vec<u8>),
    /// A file that is not read, because it cannot be an artefact; it may still be linked to.
    Unread,
    /// A file that may be an artefact but was not read, and why.
    Refused(Refusal),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    TooLarge(u64),
    LinkOutsideRoot,
    NotARegularFile,
    NameNotUtf8,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLarge(size) => write!(
                f,
                "the file is {:.1} MiB, over the limit of {} MiB, and was not read",
                bytes_to_mib(*size),
                MAX_FILE_BYTES / 1024 / 1024
            ),
            Self::LinkOutsideRoot => {
                f.write_str("the file is a symbolic link to a place outside the repository")
            }
            Self::NotARegularFile => f.write_str("the path is not a regular file"),
            Self::NameNotUtf8 => f.write_str("the file name is not valid UTF-8"),
        }
    }
}

#[allow(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
fn bytes_to_mib(size: u64) -> f64 {
    size as f64 / 1024.0 / 1024.0
}

/// Whether a path may hold an artefact, by its extension.
pub fn may_be_artefact(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    path != CONFIG_FILE
        && [".md", ".yaml", ".yml"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SourceError {
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(
        code(irready::source),
        help("check that the path exists and is readable")
    )]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a directory", path.display())]
    #[diagnostic(
        code(irready::source),
        help("give the root folder of the plan repository")
    )]
    NotADirectory { path: PathBuf },
    #[error("walking {}: {message}", path.display())]
    #[diagnostic(code(irready::source))]
    Walk { path: PathBuf, message: String },
}

/// Every file under `root`, sorted by path, as git would see it.
pub fn work_tree(root: &Path) -> Result<Vec<SourceFile>, SourceError> {
    let canonical_root = root
        .canonicalize()
        .map_err(|source| SourceError::Unreadable {
            path: root.to_owned(),
            source,
        })?;
    if !canonical_root.is_dir() {
        return Err(SourceError::NotADirectory {
            path: root.to_owned(),
        });
    }
    let walker = ignore::WalkBuilder::new(&canonical_root)
        .hidden(false)
        .ignore(false)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();

    let mut files = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| SourceError::Walk {
            path: root.to_owned(),
            message: e.to_string(),
        })?;
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(&canonical_root)
            .unwrap_or(entry.path());
        files.push(read_entry(
            &canonical_root,
            entry.path(),
            relative,
            file_type,
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn read_entry(
    root: &Path,
    full: &Path,
    relative: &Path,
    file_type: std::fs::FileType,
) -> SourceFile {
    let lossy = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let contents = if relative.to_str().is_none() {
        if may_be_artefact(&lossy) {
            Contents::Refused(Refusal::NameNotUtf8)
        } else {
            Contents::Unread
        }
    } else if !may_be_artefact(&lossy) {
        Contents::Unread
    } else if file_type.is_symlink() {
        match full.canonicalize() {
            Ok(target) if target.starts_with(root) => read_file(&target),
            _ => Contents::Refused(Refusal::LinkOutsideRoot),
        }
    } else {
        read_file(full)
    };
    SourceFile {
        path: lossy,
        contents,
    }
}

fn read_file(path: &Path) -> Contents {
    let Ok(file) = File::open(path) else {
        return Contents::Refused(Refusal::NotARegularFile);
    };
    let Ok(metadata) = file.metadata() else {
        return Contents::Refused(Refusal::NotARegularFile);
    };
    if !metadata.is_file() {
        return Contents::Refused(Refusal::NotARegularFile);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Contents::Refused(Refusal::TooLarge(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // The file may grow between the size check and the read: never read past the limit.
    match file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => {
            Contents::Refused(Refusal::TooLarge(bytes.len() as u64))
        }
        Ok(_) => Contents::Bytes(bytes),
        Err(_) => Contents::Refused(Refusal::NotARegularFile),
    }
}

/// The commit checked out in the git work tree that holds `root`, if there is one.
pub fn head_revision(root: &Path) -> Option<String> {
    let repository = gix::discover(root).ok()?;
    let id = repository.head_id().ok()?;
    Some(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artefact_extensions() {
        assert!(may_be_artefact("team/roster.yaml"));
        assert!(may_be_artefact("PLAN.MD"));
        assert!(!may_be_artefact("irready.yaml"));
        assert!(!may_be_artefact("logo.png"));
    }
}
