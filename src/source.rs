//! Where artefacts come from: the files of a work tree, or of a commit read from git objects,
//! honouring `.gitignore` the same way in both.
//!
//! A source yields every file's repository-relative path, and the bytes of the files that
//! can be artefacts. It never follows a link out of the root, never reads a file over the
//! size limit, and never writes.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::git::{self, Git, GitError};

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
    #[error(transparent)]
    #[diagnostic(transparent)]
    Git(#[from] GitError),
    #[error("{} is {size} bytes, over the limit of {MAX_FILE_BYTES}", path.display())]
    #[diagnostic(
        code(irready::source),
        help("the configuration and custom policies are small text files; this one is not")
    )]
    TooLarge { path: PathBuf, size: u64 },
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
        .parents(false)
        .git_global(false)
        .git_exclude(false)
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
            Ok(_) => Contents::Refused(Refusal::LinkOutsideRoot),
            Err(_) => Contents::Refused(Refusal::NotARegularFile),
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

/// What is evaluated: the work tree, or the plan repository as a commit holds it.
#[derive(Clone, Debug)]
pub enum Snapshot {
    WorkTree(PathBuf),
    Commit {
        commit: git::Commit,
        /// The tree of the plan repository in the commit; `None` if the commit lacks it.
        tree: Option<gix::ObjectId>,
    },
}

impl Snapshot {
    /// The plan repository as `commit` holds it.
    pub fn commit(git: &Git, commit: gix::ObjectId) -> Result<Self, SourceError> {
        let commit = git.commit(commit)?;
        let tree = git.plan_tree(&commit)?;
        Ok(Self::Commit { commit, tree })
    }

    pub fn files(&self, git: Option<&Git>) -> Result<Vec<SourceFile>, SourceError> {
        match (self, git) {
            (Self::WorkTree(root), _) => work_tree(root),
            (
                Self::Commit {
                    tree: Some(tree), ..
                },
                Some(git),
            ) => commit_tree(git, *tree),
            (Self::Commit { .. }, _) => Ok(Vec::new()),
        }
    }

    /// The commit evaluated: the commit itself, or the one checked out in the work tree.
    pub fn commit_id(&self, git: Option<&Git>) -> Option<gix::ObjectId> {
        match self {
            Self::WorkTree(_) => git?.head(),
            Self::Commit { commit, .. } => Some(commit.id),
        }
    }

    /// A text file of the plan repository, such as the configuration, if it exists.
    pub fn read(&self, git: Option<&Git>, path: &str) -> Result<Option<String>, SourceError> {
        match (self, git) {
            (Self::WorkTree(root), _) => {
                let full = root.join(path);
                match read_file(&full) {
                    Contents::Bytes(bytes) => {
                        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
                    }
                    Contents::Refused(Refusal::TooLarge(size)) => {
                        Err(SourceError::TooLarge { path: full, size })
                    }
                    _ if !full.exists() => Ok(None),
                    _ => Err(SourceError::Unreadable {
                        path: full,
                        source: std::io::Error::other("not a regular file"),
                    }),
                }
            }
            (
                Self::Commit {
                    tree: Some(tree), ..
                },
                Some(git),
            ) => match git.entry_at(*tree, path)? {
                Some(entry) if entry.mode.is_blob() => {
                    let size = git.blob_size(entry.id)?;
                    if size > MAX_FILE_BYTES {
                        return Err(SourceError::TooLarge {
                            path: path.into(),
                            size,
                        });
                    }
                    Ok(Some(
                        String::from_utf8_lossy(&git.blob(entry.id)?).into_owned(),
                    ))
                }
                _ => Ok(None),
            },
            (Self::Commit { .. }, _) => Ok(None),
        }
    }

    /// The Rego files under a folder of the plan repository, by path, sorted.
    pub fn rego_files(
        &self,
        git: Option<&Git>,
        dir: &str,
    ) -> Result<Vec<(String, String)>, SourceError> {
        let dir = dir.trim_end_matches('/');
        let under = |path: &str| {
            path.starts_with(&format!("{dir}/"))
                && Path::new(path).extension().is_some_and(|e| e == "rego")
        };
        let paths: Vec<String> = match (self, git) {
            (Self::WorkTree(root), _) => {
                let mut found = Vec::new();
                collect_files(&root.join(dir), &mut found).map_err(|source| {
                    SourceError::Unreadable {
                        path: root.join(dir),
                        source,
                    }
                })?;
                found
                    .iter()
                    .map(|full| {
                        let relative = full.strip_prefix(root).unwrap_or(full);
                        relative.to_string_lossy().replace('\\', "/")
                    })
                    .collect()
            }
            (
                Self::Commit {
                    tree: Some(tree), ..
                },
                Some(git),
            ) => git
                .files(*tree)?
                .into_iter()
                .map(|(path, _, _)| path)
                .collect(),
            (Self::Commit { .. }, _) => Vec::new(),
        };
        let mut files = Vec::new();
        for path in paths.into_iter().filter(|p| under(p)) {
            if let Some(text) = self.read(git, &path)? {
                files.push((path, text));
            }
        }
        files.sort();
        Ok(files)
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            collect_files(&entry.path(), out)?;
        } else if file_type.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// The files of the plan repository as a commit holds them, read from git objects: the
/// same files, with the same contents and refusals, as a checkout of the commit would give.
pub fn commit_tree(git: &Git, tree: gix::ObjectId) -> Result<Vec<SourceFile>, SourceError> {
    let entries = git.files(tree)?;
    let ignored = Ignored::new(git, &entries)?;
    let mut files = Vec::new();
    for (path, utf8, entry) in &entries {
        if ignored.matches(path) {
            continue;
        }
        let contents = if !may_be_artefact(path) {
            Contents::Unread
        } else if !utf8 {
            Contents::Refused(Refusal::NameNotUtf8)
        } else {
            read_blob(git, tree, path, entry)?
        };
        files.push(SourceFile {
            path: path.clone(),
            contents,
        });
    }
    Ok(files)
}

/// Reads a blob, following links that stay inside the plan repository.
fn read_blob(
    git: &Git,
    tree: gix::ObjectId,
    path: &str,
    entry: &git::Entry,
) -> Result<Contents, SourceError> {
    let mut path = path.to_owned();
    let mut entry = entry.clone();
    for _ in 0..8 {
        if !entry.mode.is_link() {
            let size = git.blob_size(entry.id)?;
            if size > MAX_FILE_BYTES {
                return Ok(Contents::Refused(Refusal::TooLarge(size)));
            }
            return Ok(Contents::Bytes(git.blob(entry.id)?));
        }
        let target = String::from_utf8_lossy(&git.blob(entry.id)?).into_owned();
        let Some(resolved) = resolve_link_target(&path, &target) else {
            return Ok(Contents::Refused(Refusal::LinkOutsideRoot));
        };
        match git.entry_at(tree, &resolved)? {
            Some(next) if !next.mode.is_tree() => {
                path = resolved;
                entry = next;
            }
            _ => return Ok(Contents::Refused(Refusal::NotARegularFile)),
        }
    }
    Ok(Contents::Refused(Refusal::NotARegularFile))
}

/// The path a link at `link` with text `target` points at, if it stays inside the root.
fn resolve_link_target(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            segment => parts.push(segment),
        }
    }
    Some(parts.join("/"))
}

/// The `.gitignore` files of a tree, matched as git matches them in a work tree.
struct Ignored {
    /// Each folder with a `.gitignore`, and its patterns.
    matchers: Vec<(String, ignore::gitignore::Gitignore)>,
}

impl Ignored {
    fn new(git: &Git, entries: &[(String, bool, git::Entry)]) -> Result<Self, SourceError> {
        let mut matchers = Vec::new();
        for (path, _, entry) in entries {
            let Some(dir) = path.strip_suffix(".gitignore") else {
                continue;
            };
            if !(dir.is_empty() || dir.ends_with('/')) || entry.mode.is_link() {
                continue;
            }
            let text = git.blob(entry.id)?;
            let root = Path::new("/").join(dir);
            let mut builder = ignore::gitignore::GitignoreBuilder::new(&root);
            for line in String::from_utf8_lossy(&text).lines() {
                // A malformed pattern is skipped, as git skips it.
                let _ = builder.add_line(None, line);
            }
            if let Ok(matcher) = builder.build() {
                matchers.push((dir.to_owned(), matcher));
            }
        }
        // Shallower folders first, so that deeper files decide last.
        matchers.sort_by_key(|(dir, _)| dir.matches('/').count());
        Ok(Self { matchers })
    }

    fn matches(&self, path: &str) -> bool {
        let full = Path::new("/").join(path);
        let mut ignored = false;
        for (dir, matcher) in &self.matchers {
            if !path.starts_with(dir.as_str()) {
                continue;
            }
            match matcher.matched_path_or_any_parents(&full, false) {
                ignore::Match::Ignore(_) => ignored = true,
                ignore::Match::Whitelist(_) => ignored = false,
                ignore::Match::None => {}
            }
        }
        ignored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_stay_inside() {
        assert_eq!(
            resolve_link_target("team/a.yaml", "roster.yaml").as_deref(),
            Some("team/roster.yaml")
        );
        assert_eq!(
            resolve_link_target("team/a.yaml", "../plan.md").as_deref(),
            Some("plan.md")
        );
        assert_eq!(resolve_link_target("team/a.yaml", "../../etc/passwd"), None);
        assert_eq!(resolve_link_target("a.yaml", "/etc/passwd"), None);
    }

    #[test]
    fn artefact_extensions() {
        assert!(may_be_artefact("team/roster.yaml"));
        assert!(may_be_artefact("PLAN.MD"));
        assert!(!may_be_artefact("irready.yaml"));
        assert!(!may_be_artefact("logo.png"));
    }
}
