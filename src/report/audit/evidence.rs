//! Evidence for the auditor report: each file pinned to the commit that last changed it
//! before the evaluated revision, the revision itself, and the identity of the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::git::{self, Commit, Git, GitError};
use crate::history;
use crate::pipeline::Evaluation;

/// A commit as the report names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pinned {
    /// The full object id.
    pub id: String,
    /// The UTC date the commit was made.
    pub date: String,
    pub author: String,
}

impl Pinned {
    fn of(commit: &Commit) -> Self {
        Self {
            id: commit.id.to_string(),
            date: git::date_of(commit.time),
            author: commit.author.clone(),
        }
    }

    /// The abbreviated id the report prints.
    pub fn short(&self) -> &str {
        self.id.get(..SHORT).unwrap_or(&self.id)
    }
}

/// How many hexadecimal digits of a commit id the report prints.
pub const SHORT: usize = 12;

/// Where a file's evaluated text comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pin {
    /// The commit that last changed the file, if the file is in the history.
    pub commit: Option<Pinned>,
    /// The work tree's text differs from that commit's, or the file is not committed.
    pub uncommitted: bool,
}

/// Everything the report pins, read from git once.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// Whether the plan repository is in git with at least one commit.
    pub in_git: bool,
    /// The evaluated commit (in a work tree, the commit checked out).
    pub revision: Option<Pinned>,
    /// The first commit of the revision's history, following first parents: the same in
    /// every clone of the repository, so it names the repository.
    pub root: Option<String>,
    /// The clone is shallow: its oldest commits look as if they added every file.
    pub shallow: bool,
    /// Files of the work tree that differ from the evaluated commit.
    pub uncommitted: Vec<String>,
    /// Every pinned file by its path from the plan repository's root.
    pub pins: BTreeMap<String, Pin>,
    /// A fingerprint of the evaluated texts when no commit holds them all (outside git, or a
    /// work tree with changes), so that identifiers still change with the content.
    pub fingerprint: Option<String>,
}

impl Evidence {
    pub fn pin(&self, path: &str) -> Pin {
        self.pins.get(path).cloned().unwrap_or(Pin {
            commit: None,
            uncommitted: self.in_git,
        })
    }
}

/// Pins every artefact and every file a finding names. `work_tree` says whether the
/// evaluation read the work tree at `root` (whose files may differ from the commit) rather
/// than a revision's objects.
pub fn gather(root: &Path, evaluation: &Evaluation, work_tree: bool) -> Result<Evidence, GitError> {
    let paths = paths_of(evaluation);
    let git = Git::discover(root).ok();
    let (Some(git), Some(revision)) = (git, evaluation.revision.as_deref()) else {
        let pins = paths.into_iter().map(|p| (p, Pin::default())).collect();
        return Ok(Evidence {
            pins,
            fingerprint: Some(fingerprint(evaluation)),
            ..Evidence::default()
        });
    };

    let start = git.resolve(revision)?;
    let commit = git.commit(start)?;
    let changes = history::last_changes(&git, start, &paths)?;
    let uncommitted = if work_tree {
        uncommitted(&git, &commit, root, &paths)?
    } else {
        BTreeSet::new()
    };
    let pins = paths
        .into_iter()
        .map(|path| {
            let pin = Pin {
                commit: changes.get(&path).map(Pinned::of),
                uncommitted: uncommitted.contains(&path),
            };
            (path, pin)
        })
        .collect();
    Ok(Evidence {
        in_git: true,
        revision: Some(Pinned::of(&commit)),
        root: Some(root_of(&git, commit)?),
        shallow: git.is_shallow(),
        fingerprint: (!uncommitted.is_empty()).then(|| fingerprint(evaluation)),
        uncommitted: uncommitted.into_iter().collect(),
        pins,
    })
}

/// A digest of every evaluated text with its path: a version 5 UUID, which is SHA-1 based.
fn fingerprint(evaluation: &Evaluation) -> String {
    let mut bytes = Vec::new();
    for (path, text) in &evaluation.repository.texts {
        bytes.extend_from_slice(path.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(text.text.as_bytes());
        bytes.push(0);
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &bytes)
        .simple()
        .to_string()
}

/// The artefacts, the configuration, and the files of the repository that findings name.
fn paths_of(evaluation: &Evaluation) -> BTreeSet<String> {
    let files: BTreeSet<&str> = evaluation
        .repository
        .files
        .iter()
        .map(String::as_str)
        .collect();
    let named = evaluation
        .findings
        .iter()
        .filter_map(|f| f.path.as_deref())
        .chain([evaluation.config.path.as_str()])
        .filter(|p| files.contains(p));
    evaluation
        .repository
        .artefacts
        .iter()
        .map(|a| a.path.as_str())
        .chain(named)
        .map(str::to_owned)
        .collect()
}

/// The paths whose work tree bytes differ from the commit's, or that it lacks.
fn uncommitted(
    git: &Git,
    commit: &Commit,
    root: &Path,
    paths: &BTreeSet<String>,
) -> Result<BTreeSet<String>, GitError> {
    let tree = git.plan_tree(commit)?;
    let mut changed = BTreeSet::new();
    for path in paths {
        let committed = match tree {
            Some(tree) => match git.entry_at(tree, path)? {
                Some(entry) if entry.mode.is_blob() => Some(git.blob(entry.id)?),
                _ => None,
            },
            None => None,
        };
        let current = std::fs::read(root.join(path)).ok();
        if committed.is_none() || committed != current {
            changed.insert(path.clone());
        }
    }
    Ok(changed)
}

/// The first commit reached by following first parents from `commit`.
fn root_of(git: &Git, mut commit: Commit) -> Result<String, GitError> {
    while let Some(parent) = commit.parents.first().copied() {
        commit = git.commit(parent)?;
    }
    Ok(commit.id.to_string())
}
