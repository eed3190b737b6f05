//! History: the facts of the commit graph that the rules need, read with gix and only as far
//! back as they need it.
//!
//! For each governed document: the commit that set its current `version` and `approved_on`
//! (its approval), the commits that set its current `approved_on` and `last_reviewed`, and the
//! commits after the approval that changed its text; for each commit a closed finding or
//! improvement names (`resolved_by`): whether it is in the history, when it was made and
//! whether it touched an artefact. The walk goes from the newest commit back, by commit time,
//! comparing only the trees that hold tracked documents, and stops as soon as every question
//! has its answer.

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};
use std::rc::Rc;

use gix::ObjectId;
use serde_json::{Value as Json, json};

use crate::artefacts::markdown::{self, FrontMatter};
use crate::artefacts::yaml;
use crate::git::{self, ByTime, Commit, Git, GitError};

/// The fields of a governed document whose history matters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    pub version: Option<String>,
    pub approved_on: Option<String>,
    pub last_reviewed: Option<String>,
}

impl Fields {
    /// The fields of a document's text; absent fields, or a text that does not parse, are `None`.
    pub fn of(path: &str, text: &str) -> Self {
        let yaml_text = if path.to_ascii_lowercase().ends_with(".md") {
            match markdown::front_matter(text) {
                FrontMatter::Closed { yaml, .. } => &text[yaml],
                _ => return Self::default(),
            }
        } else {
            text
        };
        let Ok(document) = yaml::parse(yaml_text) else {
            return Self::default();
        };
        let field = |name: &str| {
            document.root.get(name).and_then(|node| match &node.value {
                yaml::Value::Str(s) => Some(s.clone()),
                yaml::Value::Int(_) | yaml::Value::Float(_) => {
                    Some(node.source_text(yaml_text).to_owned())
                }
                _ => None,
            })
        };
        Self {
            version: field("version"),
            approved_on: field("approved_on"),
            last_reviewed: field("last_reviewed"),
        }
    }

    /// The values a key compares: the version with the approval date, or one date.
    fn value(&self, key: Key) -> (Option<&str>, Option<&str>) {
        match key {
            Key::Approval => (self.version.as_deref(), self.approved_on.as_deref()),
            Key::ApprovedOn => (self.approved_on.as_deref(), None),
            Key::LastReviewed => (self.last_reviewed.as_deref(), None),
        }
    }
}

/// What is asked of the history of one governed document.
#[derive(Clone, Debug)]
pub struct Tracked {
    /// The path from the plan repository's root.
    pub path: String,
    /// The text as it is evaluated (the work tree's, or the commit's).
    pub text: String,
}

/// Everything the rules ask of the history.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub documents: Vec<Tracked>,
    /// The `resolved_by` values of closed findings and improvements.
    pub resolutions: BTreeSet<String>,
    /// Every artefact path, to tell whether a commit touched one.
    pub artefacts: BTreeSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Approval,
    ApprovedOn,
    LastReviewed,
}

const KEYS: [Key; 3] = [Key::Approval, Key::ApprovedOn, Key::LastReviewed];

impl Key {
    const fn name(self) -> &'static str {
        match self {
            Self::Approval => "approval",
            Self::ApprovedOn => "approved_on",
            Self::LastReviewed => "last_reviewed",
        }
    }
}

/// Where a fact was found: a commit, or the work tree's uncommitted text.
#[derive(Clone, Debug)]
enum Source {
    Commit(Box<Commit>),
    Uncommitted,
}

impl Source {
    fn to_json(&self) -> Json {
        match self {
            Self::Commit(commit) => json!({
                "commit": commit.id.to_string(),
                "date": git::date_of(commit.time),
                "author": commit.author,
            }),
            Self::Uncommitted => json!({"commit": null}),
        }
    }
}

struct Document {
    path: String,
    fields: Fields,
    text: String,
    found: BTreeMap<Key, Source>,
    /// Commits after the approval that changed the text, newest first.
    changes: Vec<Source>,
    /// The text as the approval left it, to find the first line changed since.
    approved_text: Option<String>,
}

impl Document {
    fn pending(&self) -> bool {
        KEYS.iter()
            .any(|&key| !self.found.contains_key(&key) && self.tracks(key))
    }

    fn tracks(&self, key: Key) -> bool {
        self.fields.value(key).0.is_some()
    }
}

/// The history of the plan repository, as the input of the policies holds it.
pub fn read(git: &Git, start: ObjectId, request: &Request) -> Result<Json, GitError> {
    if git.is_shallow() {
        return Ok(unavailable(
            "the repository is a shallow clone; fetch its full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions)",
        ));
    }
    let mut walk = Walk::new(git, start, request);
    // A missing object (a partial clone) ends the walk; what was found so far stands, and the
    // documents it did not reach are left unjudged.
    if let Err(error) = walk.run() {
        tracing::warn!("the history is incomplete: {error}");
        walk.incomplete = Some(error.to_string());
    }
    Ok(walk.into_json())
}

/// The history input when there is none to read.
pub fn unavailable(reason: &str) -> Json {
    json!({"available": false, "reason": reason})
}

struct Walk<'g> {
    git: &'g Git,
    start: ObjectId,
    documents: Vec<Document>,
    /// The paths of the tracked documents, for pruning tree comparisons.
    tracked: Paths,
    by_path: HashMap<String, usize>,
    resolutions: BTreeMap<String, Resolution>,
    artefacts: &'g BTreeSet<String>,
    /// Why the walk could not finish, if it could not.
    incomplete: Option<String>,
    /// Documents parsed, by blob.
    versions: HashMap<ObjectId, Rc<Version>>,
    /// How many documents still have questions open.
    unfinished: usize,
}

/// A version of a document: its tracked fields and a hash of its text, review lines aside.
struct Version {
    fields: Fields,
    body: u64,
    text: String,
}

#[derive(Debug)]
struct Resolution {
    commit: Option<Box<Commit>>,
    reachable: bool,
    touches_artefact: bool,
}

impl<'g> Walk<'g> {
    fn new(git: &'g Git, start: ObjectId, request: &'g Request) -> Self {
        let documents: Vec<Document> = request
            .documents
            .iter()
            .map(|tracked| Document {
                fields: Fields::of(&tracked.path, &tracked.text),
                path: tracked.path.clone(),
                text: tracked.text.clone(),
                found: BTreeMap::new(),
                changes: Vec::new(),
                approved_text: None,
            })
            .collect();
        let by_path: HashMap<String, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("{}{}", git.prefix(), d.path), i))
            .collect();
        let tracked = Paths::new(by_path.keys().cloned());
        let mut resolutions = BTreeMap::new();
        for text in &request.resolutions {
            let commit = git
                .find_commit_id(text)
                .and_then(|id| git.commit(id).ok())
                .map(Box::new);
            resolutions.insert(
                text.clone(),
                Resolution {
                    commit,
                    reachable: false,
                    touches_artefact: false,
                },
            );
        }
        Self {
            git,
            start,
            documents,
            tracked,
            by_path,
            resolutions,
            artefacts: &request.artefacts,
            incomplete: None,
            versions: HashMap::new(),
            unfinished: 0,
        }
    }

    fn run(&mut self) -> Result<(), GitError> {
        let started = std::time::Instant::now();
        let head = self.git.commit(self.start)?;
        self.compare_with_work_tree(&head)?;
        self.unfinished = self.documents.iter().filter(|d| d.pending()).count();
        tracing::debug!(
            "compared the work tree with its commit in {:.1?}",
            started.elapsed()
        );

        let mut visited = 0_usize;
        let mut queue = BinaryHeap::new();
        let mut seen = HashSet::new();
        seen.insert(head.id);
        queue.push(ByTime(head));
        while let Some(ByTime(commit)) = queue.pop() {
            if self.finished(commit.time) {
                break;
            }
            self.mark_resolution(&commit);
            let mut parents = Vec::with_capacity(commit.parents.len());
            for id in &commit.parents {
                let parent = self.git.commit(*id)?;
                if seen.insert(parent.id) {
                    queue.push(ByTime(parent.clone()));
                }
                parents.push(parent);
            }
            self.visit(&commit, &parents)?;
            visited += 1;
        }
        tracing::debug!("walked {visited} commits in {:.1?}", started.elapsed());
        self.describe_resolutions()
    }

    /// Whether every question is answered, the walk having reached commits of `time`.
    fn finished(&self, time: i64) -> bool {
        const SKEW: i64 = 86_400;
        let documents_done = self.unfinished == 0;
        let resolutions_done = self
            .resolutions
            .values()
            .all(|r| r.reachable || r.commit.as_ref().is_none_or(|c| c.time > time + SKEW));
        documents_done && resolutions_done
    }

    fn mark_resolution(&mut self, commit: &Commit) {
        for resolution in self.resolutions.values_mut() {
            if resolution
                .commit
                .as_ref()
                .is_some_and(|c| c.id == commit.id)
            {
                resolution.reachable = true;
            }
        }
    }

    /// Values the work tree changed are not in the history yet: they were set by no commit.
    fn compare_with_work_tree(&mut self, head: &Commit) -> Result<(), GitError> {
        for document in &mut self.documents {
            let path = format!("{}{}", self.git.prefix(), document.path);
            let committed = match self.git.entry_at(head.tree, &path)? {
                Some(entry) if !entry.mode.is_tree() => {
                    String::from_utf8_lossy(&self.git.blob(entry.id)?).into_owned()
                }
                _ => String::new(),
            };
            let fields = Fields::of(&document.path, &committed);
            for key in KEYS {
                if document.tracks(key) && fields.value(key) != document.fields.value(key) {
                    document.found.insert(key, Source::Uncommitted);
                }
            }
            let same_approval = fields.value(Key::Approval) == document.fields.value(Key::Approval);
            if same_approval && normalized(&committed) != normalized(&document.text) {
                document.changes.push(Source::Uncommitted);
            }
        }
        Ok(())
    }

    /// Compares a commit with its parents for the tracked documents it changed.
    fn visit(&mut self, commit: &Commit, parents: &[Commit]) -> Result<(), GitError> {
        let changed = self.changed_documents(commit, parents)?;
        for index in changed {
            let path = format!("{}{}", self.git.prefix(), self.documents[index].path);
            let after = self.version_at(commit, &path, index)?;
            let before = match parents.first() {
                Some(parent) => self.version_at(parent, &path, index)?,
                None => None,
            };
            let was_pending = self.documents[index].pending();
            self.record(index, commit, after.as_deref(), before.as_deref());
            if was_pending && !self.documents[index].pending() {
                self.unfinished -= 1;
            }
        }
        Ok(())
    }

    /// A document as a commit holds it, parsed once per blob.
    fn version_at(
        &mut self,
        commit: &Commit,
        path: &str,
        index: usize,
    ) -> Result<Option<Rc<Version>>, GitError> {
        let Some(entry) = self
            .git
            .entry_at(commit.tree, path)?
            .filter(|e| !e.mode.is_tree())
        else {
            return Ok(None);
        };
        if let Some(version) = self.versions.get(&entry.id) {
            return Ok(Some(version.clone()));
        }
        let text = String::from_utf8_lossy(&self.git.blob(entry.id)?).into_owned();
        let version = Rc::new(Version {
            fields: Fields::of(&self.documents[index].path, &text),
            body: body_hash(&text),
            text,
        });
        self.versions.insert(entry.id, version.clone());
        Ok(Some(version))
    }

    fn record(
        &mut self,
        index: usize,
        commit: &Commit,
        after: Option<&Version>,
        before: Option<&Version>,
    ) {
        let document = &mut self.documents[index];
        if !document.pending() {
            return;
        }
        let fields_after = after.map(|v| v.fields.clone()).unwrap_or_default();
        let fields_before = before.map(|v| v.fields.clone()).unwrap_or_default();
        let current = document.fields.clone();
        let approval_open = !document.found.contains_key(&Key::Approval);
        if approval_open
            && fields_after.value(Key::Approval) == current.value(Key::Approval)
            && fields_before.value(Key::Approval) == current.value(Key::Approval)
            && after.map(|v| v.body) != before.map(|v| v.body)
        {
            document
                .changes
                .push(Source::Commit(Box::new(commit.clone())));
        }
        for key in KEYS {
            if document.found.contains_key(&key) || !document.tracks(key) {
                continue;
            }
            if fields_after.value(key) == current.value(key)
                && fields_before.value(key) != current.value(key)
            {
                document
                    .found
                    .insert(key, Source::Commit(Box::new(commit.clone())));
                if key == Key::Approval {
                    document.approved_text = after.map(|v| v.text.clone());
                }
            }
        }
    }

    /// The tracked documents a commit changed: those whose blob differs from every parent's.
    fn changed_documents(
        &self,
        commit: &Commit,
        parents: &[Commit],
    ) -> Result<Vec<usize>, GitError> {
        let changed = changed_in(self.git, commit, parents, Some(&self.tracked))?;
        Ok(changed
            .iter()
            .filter_map(|p| self.by_path.get(p).copied())
            .collect())
    }

    /// For each resolution commit in the history: whether it changed an artefact.
    fn describe_resolutions(&mut self) -> Result<(), GitError> {
        let artefacts: HashSet<String> = self
            .artefacts
            .iter()
            .map(|p| format!("{}{}", self.git.prefix(), p))
            .collect();
        for resolution in self.resolutions.values_mut() {
            let Some(commit) = resolution.commit.as_ref().filter(|_| resolution.reachable) else {
                continue;
            };
            let parent = match commit.parents.first() {
                Some(id) => Some(self.git.commit(*id)?.tree),
                None => None,
            };
            let mut changed = Vec::new();
            changed_between(self.git, Some(commit.tree), parent, "", None, &mut changed)?;
            resolution.touches_artefact = changed.iter().any(|p| artefacts.contains(p));
        }
        Ok(())
    }

    fn into_json(self) -> Json {
        let documents: serde_json::Map<String, Json> = self
            .documents
            .iter()
            .map(|d| (d.path.clone(), document_json(d)))
            .collect();
        let incomplete = self.incomplete.is_some();
        let commits: serde_json::Map<String, Json> = self
            .resolutions
            .iter()
            // An unfinished walk cannot say that a commit it did not reach is not in history.
            .filter(|(_, r)| !(incomplete && r.commit.is_some() && !r.reachable))
            .map(|(text, r)| {
                let value = match r.commit.as_ref().filter(|_| r.reachable) {
                    Some(commit) => json!({
                        "exists": true,
                        "commit": commit.id.to_string(),
                        "date": git::date_of(commit.time),
                        "touches_artefact": r.touches_artefact,
                    }),
                    None => json!({"exists": false}),
                };
                (text.clone(), value)
            })
            .collect();
        let mut history = json!({
            "available": true,
            "revision": self.start.to_string(),
            "documents": documents,
            "commits": commits,
        });
        if let Some(reason) = self.incomplete {
            history["incomplete"] = Json::String(reason);
        }
        history
    }
}

fn document_json(document: &Document) -> Json {
    let mut object = serde_json::Map::new();
    for key in KEYS {
        if let Some(source) = document.found.get(&key) {
            object.insert(key.name().to_owned(), source.to_json());
        }
    }
    // Changes count only once the approval they follow is known to be in the history.
    let approved = matches!(document.found.get(&Key::Approval), Some(Source::Commit(_)));
    let changes: Vec<Json> = if approved {
        document.changes.iter().map(Source::to_json).collect()
    } else {
        Vec::new()
    };
    if !changes.is_empty() {
        let line = document
            .approved_text
            .as_deref()
            .map(|old| first_changed_line(old, &document.text));
        object.insert("first_changed_line".into(), json!(line));
    }
    object.insert("changes_after_approval".into(), Json::Array(changes));
    Json::Object(object)
}

/// A set of paths, and every folder that holds one, to prune tree comparisons.
struct Paths {
    paths: HashSet<String>,
    folders: HashSet<String>,
}

impl Paths {
    fn new(paths: impl IntoIterator<Item = String>) -> Self {
        let paths: HashSet<String> = paths.into_iter().collect();
        let folders = paths.iter().flat_map(|p| folders_of(p)).collect();
        Self { paths, folders }
    }
}

/// The paths (of `filter`, if given) a commit changed: those that differ from every parent.
fn changed_in(
    git: &Git,
    commit: &Commit,
    parents: &[Commit],
    filter: Option<&Paths>,
) -> Result<BTreeSet<String>, GitError> {
    let parent_trees: Vec<Option<ObjectId>> = if parents.is_empty() {
        vec![None]
    } else {
        parents.iter().map(|p| Some(p.tree)).collect()
    };
    let mut changed: Option<BTreeSet<String>> = None;
    for parent_tree in parent_trees {
        let mut paths = Vec::new();
        changed_between(git, Some(commit.tree), parent_tree, "", filter, &mut paths)?;
        let paths: BTreeSet<String> = paths.into_iter().collect();
        changed = Some(match changed {
            None => paths,
            Some(previous) => previous.intersection(&paths).cloned().collect(),
        });
    }
    Ok(changed.unwrap_or_default())
}

/// The paths that differ between two trees; with a filter, only its paths, descending only
/// into the folders that hold one.
fn changed_between(
    git: &Git,
    a: Option<ObjectId>,
    b: Option<ObjectId>,
    dir: &str,
    filter: Option<&Paths>,
    out: &mut Vec<String>,
) -> Result<(), GitError> {
    if a == b {
        return Ok(());
    }
    let tree = |id: Option<ObjectId>| id.map(|id| git.tree(id)).transpose();
    let (left, right) = (tree(a)?, tree(b)?);
    let mut left = left.iter().flat_map(|t| t.iter()).peekable();
    let mut right = right.iter().flat_map(|t| t.iter()).peekable();
    // Both trees are in git's order: walk them side by side.
    loop {
        let (l, r) = match (left.peek(), right.peek()) {
            (None, None) => break,
            (Some(l), Some(r)) => match l.cmp(r) {
                std::cmp::Ordering::Less => (left.next(), None),
                std::cmp::Ordering::Greater => (None, right.next()),
                std::cmp::Ordering::Equal => (left.next(), right.next()),
            },
            (Some(_), None) => (left.next(), None),
            (None, Some(_)) => (None, right.next()),
        };
        if l.map(|e| e.oid) == r.map(|e| e.oid) {
            continue;
        }
        let name = l.or(r).map_or_else(String::new, |e| e.filename.to_string());
        let path = format!("{dir}{name}");
        let subtree =
            |e: Option<git::EntryRef<'_>>| e.filter(|e| e.mode.is_tree()).map(|e| e.oid.to_owned());
        let (sub_l, sub_r) = (subtree(l), subtree(r));
        if sub_l.is_some() || sub_r.is_some() {
            let folder = format!("{path}/");
            if filter.is_none_or(|f| f.folders.contains(&folder)) {
                changed_between(git, sub_l, sub_r, &folder, filter, out)?;
            }
        }
        let is_file = |e: Option<git::EntryRef<'_>>| e.is_some_and(|e| !e.mode.is_tree());
        if (is_file(l) || is_file(r)) && filter.is_none_or(|f| f.paths.contains(&path)) {
            out.push(path);
        }
    }
    Ok(())
}

/// The first and the last commit that changed an artefact.
#[derive(Clone, Debug)]
pub struct Changes {
    pub first: Commit,
    pub last: Commit,
}

/// The commit that last changed each of `paths` (from the plan repository's root), walking
/// back from `start` until every path is found: the evidence an auditor pins a finding to.
pub fn last_changes(
    git: &Git,
    start: ObjectId,
    paths: &BTreeSet<String>,
) -> Result<BTreeMap<String, Commit>, GitError> {
    let changes = walk_changes(git, start, paths, false)?;
    Ok(changes
        .into_iter()
        .map(|(path, c)| (path, c.last))
        .collect())
}

/// The first and last commit that changed each of `paths`. Finding the first commits reads
/// the whole history, so this is for reports, not for checks.
pub fn artefact_commits(
    git: &Git,
    start: ObjectId,
    paths: &BTreeSet<String>,
) -> Result<BTreeMap<String, Changes>, GitError> {
    walk_changes(git, start, paths, true)
}

fn walk_changes(
    git: &Git,
    start: ObjectId,
    paths: &BTreeSet<String>,
    to_the_root: bool,
) -> Result<BTreeMap<String, Changes>, GitError> {
    let full: HashMap<String, String> = paths
        .iter()
        .map(|p| (format!("{}{p}", git.prefix()), p.clone()))
        .collect();
    let filter = Paths::new(full.keys().cloned());
    let mut found: BTreeMap<String, Changes> = BTreeMap::new();
    let mut queue = BinaryHeap::new();
    let mut seen = HashSet::from([start]);
    queue.push(ByTime(git.commit(start)?));
    while let Some(ByTime(commit)) = queue.pop() {
        if !to_the_root && found.len() == full.len() {
            break;
        }
        let mut parents = Vec::with_capacity(commit.parents.len());
        for id in &commit.parents {
            let parent = git.commit(*id)?;
            if seen.insert(parent.id) {
                queue.push(ByTime(parent.clone()));
            }
            parents.push(parent);
        }
        for path in changed_in(git, &commit, &parents, Some(&filter))? {
            let Some(relative) = full.get(&path) else {
                continue;
            };
            // Walking back in time: the first seen is the last change, the last seen the first.
            found
                .entry(relative.clone())
                .and_modify(|c| c.first = commit.clone())
                .or_insert_with(|| Changes {
                    first: commit.clone(),
                    last: commit.clone(),
                });
        }
    }
    Ok(found)
}

/// Every folder above a path, each ending in `/`.
fn folders_of(path: &str) -> Vec<String> {
    path.match_indices('/')
        .map(|(i, _)| path[..=i].to_owned())
        .collect()
}

/// A text with the lines that record a review blanked: recording a review is not a change.
fn normalized(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("last_reviewed:") || trimmed.starts_with("next_review:") {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A hash of a text with its review lines blanked.
fn body_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    normalized(text).hash(&mut hasher);
    hasher.finish()
}

/// The first line (1-based) of `new` that differs from `old`, review lines aside.
pub fn first_changed_line(old: &str, new: &str) -> usize {
    let (old, new) = (normalized(old), normalized(new));
    let diff = similar::TextDiff::from_lines(&old, &new);
    let lines = new.lines().count().max(1);
    diff.ops()
        .iter()
        .find(|op| op.tag() != similar::DiffTag::Equal)
        .map_or(1, |op| (op.new_range().start + 1).min(lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_front_matter() {
        let text = "---\nkind: plan\nversion: 2.10\napproved_on: 2026-10-08\n---\n# Plan\n";
        let fields = Fields::of("plan.md", text);
        assert_eq!(fields.version.as_deref(), Some("2.10"));
        assert_eq!(fields.approved_on.as_deref(), Some("2026-10-08"));
        assert_eq!(fields.last_reviewed, None);
    }

    #[test]
    fn first_changed_line_ignores_review_lines() {
        let old = "---\nversion: 1\nlast_reviewed: 2026-01-01\n---\n# A\ntext\n";
        let new = "---\nversion: 1\nlast_reviewed: 2026-06-01\n---\n# A\nnew text\n";
        assert_eq!(first_changed_line(old, new), 6);
        assert!(normalized(old) == normalized(&old.replace("2026-01-01", "2027-01-01")));
    }

    #[test]
    fn folders_of_a_path() {
        assert_eq!(folders_of("a/b/c.md"), ["a/", "a/b/"]);
        assert!(folders_of("c.md").is_empty());
    }
}
