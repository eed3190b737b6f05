//! Reading git objects through gix: commits, trees and blobs of the repository that holds a
//! plan, bare or not, never through the git binary. Trees are decoded once and cached, since
//! consecutive commits share most of them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use gix::ObjectId;
use gix::objs::tree::EntryMode;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum GitError {
    #[error("{} is not in a git repository: {message}", path.display())]
    #[diagnostic(
        code(irready::git),
        help("`--rev`, `--at`, `--base` and `irready history` need the plan in a git repository")
    )]
    NotARepository { path: PathBuf, message: String },
    #[error("`{rev}` is not a commit of the repository: {message}")]
    #[diagnostic(
        code(irready::git),
        help("name a commit, branch or tag that exists; in a shallow clone, fetch more history")
    )]
    UnknownRevision { rev: String, message: String },
    #[error("no commit of the repository is dated on or before {date}")]
    #[diagnostic(code(irready::git), help("choose a later date"))]
    NothingBefore { date: String },
    #[error("reading the git object {id}: {message}")]
    #[diagnostic(
        code(irready::git),
        help("the repository may be incomplete (a partial clone); fetch the missing objects")
    )]
    Object { id: ObjectId, message: String },
}

/// A commit: its tree, parents, committer time and author.
#[derive(Clone, Debug)]
pub struct Commit {
    pub id: ObjectId,
    pub tree: ObjectId,
    pub parents: Vec<ObjectId>,
    /// Seconds since the epoch at which the commit was committed.
    pub time: i64,
    pub author: String,
}

/// A commit ordered by commit time, newest first in a max-heap.
#[derive(Clone, Debug)]
pub struct ByTime(pub Commit);

impl PartialEq for ByTime {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for ByTime {}

impl PartialOrd for ByTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ByTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.time, self.0.id).cmp(&(other.0.time, other.0.id))
    }
}

impl From<EntryRef<'_>> for Entry {
    fn from(entry: EntryRef<'_>) -> Self {
        Self {
            name: entry.filename.to_string(),
            utf8: std::str::from_utf8(entry.filename).is_ok(),
            mode: entry.mode,
            id: entry.oid.to_owned(),
        }
    }
}

/// One entry of a tree.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The name, with bytes that are not UTF-8 replaced.
    pub name: String,
    /// Whether the name was valid UTF-8.
    pub utf8: bool,
    pub mode: EntryMode,
    pub id: ObjectId,
}

/// A tree as git stores it, read on demand: comparing two trees or finding one name costs
/// no allocation, which matters for the large folders most commits leave alone.
#[derive(Debug)]
pub struct Tree {
    data: Vec<u8>,
    hash: gix::hash::Kind,
}

impl Tree {
    /// The entries, in git's order; a malformed tree ends early.
    pub fn iter(&self) -> impl Iterator<Item = EntryRef<'_>> + '_ {
        gix::objs::TreeRefIter::from_bytes(&self.data, self.hash).map_while(Result::ok)
    }

    pub fn get(&self, name: &str) -> Option<EntryRef<'_>> {
        self.iter().find(|e| e.filename == name.as_bytes())
    }
}

/// An entry of a tree, borrowed from it.
pub type EntryRef<'a> = gix::objs::tree::EntryRef<'a>;

/// A git repository, and where in it the plan repository starts.
pub struct Git {
    repo: gix::Repository,
    /// The folder of the plan inside the repository: empty, or ending in `/`.
    prefix: String,
    trees: RefCell<HashMap<ObjectId, Rc<Tree>>>,
}

/// How many decoded trees are kept before the cache is emptied.
const TREE_CACHE: usize = 20_000;

impl std::fmt::Debug for Git {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Git")
            .field("git_dir", &self.repo.git_dir())
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl Git {
    /// The repository holding `path`, a work tree folder or a bare repository.
    pub fn discover(path: &Path) -> Result<Self, GitError> {
        let not_a_repository = |message: String| GitError::NotARepository {
            path: path.to_owned(),
            message,
        };
        let repo = gix::discover(path).map_err(|e| not_a_repository(e.to_string()))?;
        let prefix = match repo.workdir() {
            Some(workdir) => {
                let full = path
                    .canonicalize()
                    .map_err(|e| not_a_repository(e.to_string()))?;
                let root = workdir
                    .canonicalize()
                    .map_err(|e| not_a_repository(e.to_string()))?;
                let inside = full.strip_prefix(&root).unwrap_or(Path::new(""));
                let mut prefix = inside.to_string_lossy().replace('\\', "/");
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix
            }
            None => String::new(),
        };
        Ok(Self {
            repo,
            prefix,
            trees: RefCell::new(HashMap::new()),
        })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow().unwrap_or(false)
    }

    /// The commit a revision names (a commit, branch, tag or `HEAD~2`).
    pub fn resolve(&self, rev: &str) -> Result<ObjectId, GitError> {
        let unknown = |message: String| GitError::UnknownRevision {
            rev: rev.to_owned(),
            message,
        };
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| unknown(e.to_string()))?;
        let object = id.object().map_err(|e| unknown(e.to_string()))?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| unknown(e.to_string()))?;
        Ok(commit.id)
    }

    /// The commit `HEAD` points at, if there is one.
    pub fn head(&self) -> Option<ObjectId> {
        self.repo.head_id().ok().map(gix::Id::detach)
    }

    /// The object a full or abbreviated id names, if it exists and is a commit.
    pub fn find_commit_id(&self, text: &str) -> Option<ObjectId> {
        let id = self.repo.rev_parse_single(text).ok()?;
        let object = id.object().ok()?;
        (object.kind == gix::object::Kind::Commit).then_some(object.id)
    }

    /// The best common ancestor of two commits, if they have one.
    pub fn merge_base(&self, a: ObjectId, b: ObjectId) -> Option<ObjectId> {
        self.repo
            .merge_base(a, b)
            .ok()
            .flatten()
            .map(gix::Id::detach)
    }

    /// The newest commit reachable from `start` committed at or before `time`.
    pub fn last_commit_before(
        &self,
        start: ObjectId,
        time: i64,
    ) -> Result<Option<Commit>, GitError> {
        let mut queue = std::collections::BinaryHeap::new();
        let mut seen = std::collections::HashSet::from([start]);
        queue.push(ByTime(self.commit(start)?));
        while let Some(ByTime(commit)) = queue.pop() {
            if commit.time <= time {
                return Ok(Some(commit));
            }
            for parent in &commit.parents {
                if seen.insert(*parent) {
                    queue.push(ByTime(self.commit(*parent)?));
                }
            }
        }
        Ok(None)
    }

    pub fn commit(&self, id: ObjectId) -> Result<Commit, GitError> {
        let object = self.object(id)?;
        let commit = gix::objs::CommitRef::from_bytes(&object.data, self.repo.object_hash())
            .map_err(|e| object_error(id, &e))?;
        let author = commit.author().map_err(|e| object_error(id, &e))?;
        let committer = commit.committer().map_err(|e| object_error(id, &e))?;
        Ok(Commit {
            id,
            tree: commit.tree(),
            parents: commit.parents().collect(),
            time: committer.seconds(),
            author: author.name.to_string(),
        })
    }

    /// A tree, read once.
    pub fn tree(&self, id: ObjectId) -> Result<Rc<Tree>, GitError> {
        if let Some(tree) = self.trees.borrow().get(&id) {
            return Ok(tree.clone());
        }
        let object = self.object(id)?;
        // Decode once to refuse a malformed tree here rather than at every use.
        gix::objs::TreeRefIter::from_bytes(&object.data, self.repo.object_hash())
            .try_for_each(|entry| entry.map(|_| ()))
            .map_err(|e| object_error(id, &e))?;
        let tree = Rc::new(Tree {
            data: object.data.clone(),
            hash: self.repo.object_hash(),
        });
        let mut trees = self.trees.borrow_mut();
        if trees.len() >= TREE_CACHE {
            trees.clear();
        }
        trees.insert(id, tree.clone());
        Ok(tree)
    }

    /// The entry at a path below a tree (`plan/plan.md`), if there is one.
    pub fn entry_at(&self, tree: ObjectId, path: &str) -> Result<Option<Entry>, GitError> {
        let mut current = tree;
        let mut parts = path.split('/').filter(|p| !p.is_empty()).peekable();
        while let Some(part) = parts.next() {
            let tree = self.tree(current)?;
            let Some(entry) = tree.get(part) else {
                return Ok(None);
            };
            if parts.peek().is_none() {
                return Ok(Some(Entry::from(entry)));
            }
            if !entry.mode.is_tree() {
                return Ok(None);
            }
            current = entry.oid.to_owned();
        }
        Ok(None)
    }

    /// The tree of the plan repository in a commit: the commit's tree, or the prefix's subtree.
    pub fn plan_tree(&self, commit: &Commit) -> Result<Option<ObjectId>, GitError> {
        if self.prefix.is_empty() {
            return Ok(Some(commit.tree));
        }
        let entry = self.entry_at(commit.tree, self.prefix.trim_end_matches('/'))?;
        Ok(entry.filter(|e| e.mode.is_tree()).map(|e| e.id))
    }

    pub fn blob(&self, id: ObjectId) -> Result<Vec<u8>, GitError> {
        Ok(self.object(id)?.data.clone())
    }

    /// The size of a blob, read from its header without inflating it.
    pub fn blob_size(&self, id: ObjectId) -> Result<u64, GitError> {
        let header = self
            .repo
            .find_header(id)
            .map_err(|e| object_error(id, &e))?;
        Ok(header.size())
    }

    /// Every blob and link under a tree, with its path and whether every part of the path is
    /// UTF-8, sorted by path.
    pub fn files(&self, tree: ObjectId) -> Result<Vec<(String, bool, Entry)>, GitError> {
        let mut files = Vec::new();
        let mut stack = vec![(String::new(), true, tree)];
        while let Some((dir, utf8, id)) = stack.pop() {
            for entry in self.tree(id)?.iter().map(Entry::from) {
                let path = format!("{dir}{}", entry.name);
                let utf8 = utf8 && entry.utf8;
                if entry.mode.is_tree() {
                    stack.push((format!("{path}/"), utf8, entry.id));
                } else if entry.mode.is_blob_or_symlink() {
                    files.push((path, utf8, entry));
                }
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    }

    fn object(&self, id: ObjectId) -> Result<gix::Object<'_>, GitError> {
        self.repo.find_object(id).map_err(|e| object_error(id, &e))
    }
}

fn object_error(id: ObjectId, error: &dyn std::fmt::Display) -> GitError {
    GitError::Object {
        id,
        message: error.to_string(),
    }
}

/// The UTC calendar date of a time in seconds since the epoch.
pub fn date_of(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(days))
        .map_or_else(|_| "1970-01-01".to_owned(), |d| d.to_string())
}

/// The last second of a UTC calendar date.
pub fn end_of_day(date: &str) -> Option<i64> {
    let date: jiff::civil::Date = date.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    let days = epoch.until((jiff::Unit::Day, date)).ok()?.get_days();
    Some(i64::from(days) * 86_400 + 86_399)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_times() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(1_764_547_200), "2025-12-01");
        assert_eq!(end_of_day("1970-01-02"), Some(172_799));
        assert_eq!(date_of(end_of_day("2026-12-01").unwrap()), "2026-12-01");
    }
}
