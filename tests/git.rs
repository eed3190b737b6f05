//! The git-native features end to end, on repositories built with dated commits: the rules of
//! evidence integrity, `--rev` and `--at` from git objects, `--base`, shallow clones and
//! missing objects.

mod common;

use std::path::Path;

use common::repo::{commit, edit, git};
use common::{NOW, check_json, passing_copy, plain_copy, rules_of, run, stdout};

fn findings_of<'a>(report: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

const PLAN: &str = "plan/incident-management-plan.md";

#[test]
fn the_example_history_is_consistent() {
    let dir = passing_copy();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(
        report["revision"],
        git(dir.path(), None, &["rev-parse", "HEAD"])
    );
}

#[test]
fn a_change_after_approval_points_at_the_first_changed_line() {
    let dir = passing_copy();
    edit(
        dir.path(),
        PLAN,
        "at once to the incident coordinator",
        "to the incident coordinator within a day",
    );
    commit(dir.path(), "2026-11-02", "Soften escalation");
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let findings = findings_of(&report, "changed-after-approval");
    assert_eq!(findings.len(), 1, "{report:#}");
    let text = std::fs::read_to_string(dir.path().join(PLAN)).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("within a day"))
        .unwrap()
        + 1;
    assert_eq!(findings[0]["line"], line);
    assert_eq!(findings[0]["column"], 1);
    assert!(common::message(findings[0]).contains("by Alice Example on 2026-11-02"));

    // A new approval makes the change legitimate.
    edit(dir.path(), PLAN, "version: \"2.4\"", "version: \"2.5\"");
    edit(
        dir.path(),
        PLAN,
        "approved_on: 2026-10-08",
        "approved_on: 2026-11-05",
    );
    commit(dir.path(), "2026-11-05", "Approve version 2.5");
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn recording_a_review_is_not_a_change() {
    let dir = passing_copy();
    edit(
        dir.path(),
        PLAN,
        "last_reviewed: 2026-10-08",
        "last_reviewed: 2026-11-20",
    );
    commit(dir.path(), "2026-11-20", "Review the plan");
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(
        (code, report["findings"].as_array().unwrap().len()),
        (0, 0),
        "{report:#}"
    );
}

#[test]
fn uncommitted_changes_after_approval_are_found() {
    let dir = passing_copy();
    edit(
        dir.path(),
        PLAN,
        "## Metrics\n",
        "## Metrics\n\nAnd a new paragraph.\n",
    );
    let (_, report) = check_json(dir.path(), &[]);
    let findings = findings_of(&report, "changed-after-approval");
    assert_eq!(findings.len(), 1, "{report:#}");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("in uncommitted changes in the work tree")
    );
}

#[test]
fn late_and_early_records_of_declared_dates() {
    let dir = passing_copy();
    edit(
        dir.path(),
        "plan/procedures/triage.md",
        "last_reviewed: 2026-10-20",
        "last_reviewed: 2026-10-25",
    );
    commit(dir.path(), "2026-11-30", "Record the triage review");
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    let late = findings_of(&report, "declared-date-predates-commit");
    assert_eq!(late.len(), 1, "{report:#}");
    assert_eq!(late[0]["path"], "plan/procedures/triage.md");

    edit(
        dir.path(),
        "plan/procedures/containment.md",
        "last_reviewed: 2026-10-20",
        "last_reviewed: 2026-12-01",
    );
    commit(dir.path(), "2026-11-30", "Record tomorrow's review");
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings_of(&report, "declared-date-after-commit").len(),
        1,
        "{report:#}"
    );
}

fn close_finding(dir: &Path, resolved_by: &str) {
    edit(
        dir,
        "exercises/ransomware-tabletop.md",
        "    due: 2027-01-15\n    status: open",
        &format!("    due: 2027-01-15\n    status: closed\n    resolved_by: {resolved_by}"),
    );
}

#[test]
fn resolutions_must_be_related_commits_of_the_history() {
    let dir = passing_copy();
    let first = git(dir.path(), None, &["rev-list", "--max-parents=0", "HEAD"]);
    std::fs::write(dir.path().join("NOTES.txt"), "not an artefact\n").unwrap();
    let unrelated = commit(dir.path(), "2026-10-01", "Notes");
    edit(
        dir.path(),
        "contacts/internal.yaml",
        "verified_on: 2026-10-12}\n  - {id: legal-team",
        "verified_on: 2026-10-13}\n  - {id: legal-team",
    );
    let fix = commit(dir.path(), "2026-10-13", "Add the deputy to the group");

    for (resolved_by, expected) in [
        (fix[..10].to_owned(), None),
        ("1234567".to_owned(), Some("resolution-commit-missing")),
        (first.clone(), Some("resolution-commit-unrelated")),
        (unrelated.clone(), Some("resolution-commit-unrelated")),
    ] {
        let copy = tempfile::tempdir().unwrap();
        common::copy_dir(dir.path(), copy.path());
        close_finding(copy.path(), &resolved_by);
        commit(copy.path(), "2026-10-20", "Close F1");
        let (_, report) = check_json(copy.path(), &[]);
        let rules: Vec<String> = rules_of(&report)
            .into_iter()
            .filter(|r| r.starts_with("resolution"))
            .collect();
        assert_eq!(
            rules,
            expected.into_iter().map(str::to_owned).collect::<Vec<_>>(),
            "{resolved_by}: {report:#}"
        );
    }
}

#[test]
fn outside_git_and_in_a_shallow_clone_the_history_is_unavailable() {
    let dir = plain_copy();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(rules_of(&report), ["history-unavailable"]);
    assert!(common::message(&report["findings"][0]).contains("not a git repository"));

    let origin = passing_copy();
    edit(origin.path(), PLAN, "at once to", "immediately to");
    commit(origin.path(), "2026-11-02", "Change without approval");
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        shallow.path(),
        None,
        &["clone", "-q", "--depth", "1", &url, "plan"],
    );
    let (_, report) = check_json(&shallow.path().join("plan"), &[]);
    assert_eq!(rules_of(&report), ["history-unavailable"], "{report:#}");
    assert!(common::message(&report["findings"][0]).contains("shallow"));
}

#[test]
fn missing_objects_leave_the_history_incomplete_not_broken() {
    let dir = passing_copy();
    // The approved version of the security policy, before its later review was recorded.
    let first_version = git(
        dir.path(),
        None,
        &["rev-parse", "HEAD~4:policy/information-security-policy.md"],
    );
    let loose = dir
        .path()
        .join(".git/objects")
        .join(&first_version[..2])
        .join(&first_version[2..]);
    std::fs::remove_file(loose).unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(rules_of(&report), ["history-unavailable"], "{report:#}");
    assert!(common::message(&report["findings"][0]).contains("incomplete"));
}

#[test]
fn a_revision_read_from_a_bare_repository_matches_its_checkout() {
    let dir = passing_copy();
    edit(
        dir.path(),
        "team/roster.yaml",
        "{role: communications-lead, primary: erin, deputy: frank}",
        "{role: communications-lead, primary: erin}",
    );
    let middle = commit(dir.path(), "2026-11-10", "Frank leaves the role");
    edit(dir.path(), PLAN, "at once to", "immediately to");
    commit(dir.path(), "2026-11-12", "Wording");

    let bare = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    git(
        bare.path(),
        None,
        &["clone", "-q", "--bare", &url, "plan.git"],
    );
    let bare = bare.path().join("plan.git");
    let from_objects = run(&[
        "check",
        bare.to_str().unwrap(),
        "--rev",
        &middle,
        "--now",
        NOW,
        "--format",
        "json",
    ]);

    let checkout = tempfile::tempdir().unwrap();
    git(checkout.path(), None, &["clone", "-q", &url, "plan"]);
    let checkout = checkout.path().join("plan");
    git(&checkout, None, &["checkout", "-q", &middle]);
    let from_work_tree = run(&[
        "check",
        checkout.to_str().unwrap(),
        "--now",
        NOW,
        "--format",
        "json",
    ]);

    assert_eq!(from_objects.status.code(), Some(1));
    assert_eq!(stdout(&from_objects), stdout(&from_work_tree));
    let report: serde_json::Value = serde_json::from_slice(&from_objects.stdout).unwrap();
    assert_eq!(report["revision"], middle);
    assert_eq!(rules_of(&report), ["imt-role-no-deputy"]);

    // The human output is the same too, snippets included.
    let human = run(&[
        "check",
        bare.to_str().unwrap(),
        "--rev",
        &middle,
        "--now",
        NOW,
    ]);
    let human_checkout = run(&["check", checkout.to_str().unwrap(), "--now", NOW]);
    assert_eq!(stdout(&human), stdout(&human_checkout));
}

#[test]
fn at_a_date_checks_the_last_commit_of_that_day_as_of_that_day() {
    let dir = passing_copy();
    let before = git(dir.path(), None, &["rev-parse", "HEAD"]);
    edit(
        dir.path(),
        "team/roster.yaml",
        "{role: legal-liaison, primary: gina, deputy: hal}",
        "{role: legal-liaison, primary: gina}",
    );
    commit(dir.path(), "2026-11-10", "Hal leaves the role");

    let (code, report) = check_json(dir.path(), &["--at", "2026-11-09"]);
    assert_eq!(
        (code, report["now"].as_str()),
        (0, Some("2026-11-09")),
        "{report:#}"
    );
    assert_eq!(report["revision"], before);

    let (code, report) = check_json(dir.path(), &["--at", "2026-11-10"]);
    assert_eq!(code, 1);
    assert_eq!(report["now"], "2026-11-10");
    assert_eq!(rules_of(&report), ["imt-role-no-deputy"]);

    let output = run(&["check", dir.path().to_str().unwrap(), "--at", "2020-01-01"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_change_is_judged_by_what_it_introduces() {
    let dir = passing_copy();
    // The base already lacks a deputy for the legal liaison.
    edit(
        dir.path(),
        "team/roster.yaml",
        "{role: legal-liaison, primary: gina, deputy: hal}",
        "{role: legal-liaison, primary: gina}",
    );
    let base = commit(dir.path(), "2026-11-10", "Hal leaves the role");
    git(dir.path(), None, &["checkout", "-q", "-b", "change"]);
    // The change moves lines (the old finding moves with them), fixes nothing, breaks one role.
    edit(
        dir.path(),
        "team/roster.yaml",
        "imt:\n  roles:\n",
        "imt:\n  # Roles reviewed in November.\n  roles:\n",
    );
    edit(
        dir.path(),
        "team/roster.yaml",
        "{role: communications-lead, primary: erin, deputy: frank}",
        "{role: communications-lead, primary: erin}",
    );
    commit(dir.path(), "2026-11-12", "Frank leaves the role");

    let (code, report) = check_json(dir.path(), &["--base", &base]);
    assert_eq!(code, 1);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report:#}");
    assert_eq!(
        findings[0]["message"],
        "the role communications-lead has no deputy"
    );
    assert_eq!(report["base"]["revision"], base);
    assert_eq!(report["base"]["fixed"], 0);

    // Restoring the legal liaison's deputy is counted as fixed.
    edit(
        dir.path(),
        "team/roster.yaml",
        "{role: legal-liaison, primary: gina}",
        "{role: legal-liaison, primary: gina, deputy: hal}",
    );
    commit(dir.path(), "2026-11-13", "Hal is back");
    let (_, report) = check_json(dir.path(), &["--base", &base]);
    assert_eq!(report["base"]["fixed"], 1);

    let human = stdout(&run(&[
        "check",
        dir.path().to_str().unwrap(),
        "--now",
        NOW,
        "--base",
        &base,
    ]));
    assert!(human.ends_with(&format!("irready: 1 error, 0 warnings, 0 info introduced since {}, 1 fixed in 23 artefacts (evaluated on 2026-12-01); failed\n", &base[..7])), "{human}");
}

#[test]
fn a_change_cannot_weaken_the_rules_that_judge_it() {
    let dir = passing_copy();
    let base = git(dir.path(), None, &["rev-parse", "HEAD"]);
    edit(
        dir.path(),
        "team/roster.yaml",
        "{role: legal-liaison, primary: gina, deputy: hal}",
        "{role: legal-liaison, primary: gina}",
    );
    std::fs::write(
        dir.path().join("irready.yaml"),
        "rules:\n  imt-role-no-deputy: {off: true}\nwaivers:\n  - {rule: imt-role-no-deputy, reason: trust me, approved_by: gina, expires: 2027-06-30}\n",
    )
    .unwrap();
    commit(dir.path(), "2026-11-12", "Hal leaves, and the rule goes");

    let (code, report) = check_json(dir.path(), &["--base", &base]);
    assert_eq!(code, 1, "{report:#}");
    let rules = rules_of(&report);
    assert!(
        rules.contains(&"imt-role-no-deputy".to_owned()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"configuration-changed".to_owned()),
        "{rules:?}"
    );
    assert_eq!(report["summary"]["waived"], 0);
}

#[test]
fn a_plan_in_a_folder_of_a_larger_repository() {
    let outer = tempfile::tempdir().unwrap();
    let plan = outer.path().join("docs/plan");
    std::fs::create_dir_all(&plan).unwrap();
    common::copy_dir(&common::fixtures().join("passing"), &plan);
    std::fs::write(outer.path().join("README.md"), "# Monorepo\n").unwrap();
    git(outer.path(), None, &["init", "-q"]);
    let first = commit(outer.path(), "2026-10-22", "Import the plan");
    edit(&plan, PLAN, "at once to", "immediately to");
    commit(outer.path(), "2026-11-02", "Wording");

    let (_, report) = check_json(&plan, &[]);
    let rules = rules_of(&report);
    assert!(
        rules.contains(&"changed-after-approval".to_owned()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"declared-date-predates-commit".to_owned()),
        "{rules:?}"
    );
    let (_, at_first) = check_json(&plan, &["--rev", &first]);
    assert!(!rules_of(&at_first).contains(&"changed-after-approval".to_owned()));
    assert!(
        at_first["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["path"].as_str().is_none_or(|p| !p.starts_with("docs/")))
    );
}

#[test]
fn the_timeline_counts_errors_and_warnings_per_clause() {
    let dir = passing_copy();
    edit(
        dir.path(),
        "team/roster.yaml",
        "{role: legal-liaison, primary: gina, deputy: hal}",
        "{role: legal-liaison, primary: gina}",
    );
    commit(dir.path(), "2026-11-10", "Hal leaves the role");
    let path = dir.path().to_str().unwrap();
    let args = [
        "history",
        path,
        "--since",
        "2026-05-01",
        "--until",
        "2026-12-01",
        "--every",
        "1 months",
    ];

    let output = run(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(output.status.code(), Some(0));
    let timeline: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let points = timeline["points"].as_array().unwrap();
    let dates: Vec<&str> = points.iter().map(|p| p["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        [
            "2026-05-01",
            "2026-06-01",
            "2026-07-01",
            "2026-08-01",
            "2026-09-01",
            "2026-10-01",
            "2026-11-01",
            "2026-12-01"
        ]
    );
    assert!(points[0]["revision"].is_null());
    assert_eq!(
        points[7]["clauses"]["7"],
        serde_json::json!({"error": 1, "warning": 0})
    );
    assert_eq!(
        points[6]["clauses"]["7"],
        serde_json::json!({"error": 0, "warning": 0})
    );
    assert_eq!(points[7]["clauses"].as_object().unwrap().len(), 11);

    // Each point is what `check --at` says of that day.
    let (_, at) = check_json(dir.path(), &["--at", "2026-09-01"]);
    assert_eq!(points[4]["summary"], at["summary"]);
    assert_eq!(points[4]["revision"], at["revision"]);

    let table = stdout(&run(&args));
    insta::assert_snapshot!(table);
}

#[test]
fn each_artefact_has_its_first_and_last_commit() {
    let dir = passing_copy();
    edit(
        dir.path(),
        "team/roster.yaml",
        "hours: 24x7",
        "hours: 24x7 # confirmed",
    );
    let last = commit(dir.path(), "2026-11-20", "Confirm the hours");
    let git = irready::git::Git::discover(dir.path()).unwrap();
    let head = git.resolve("HEAD").unwrap();
    let paths = ["team/roster.yaml", "policy/information-security-policy.md"]
        .map(str::to_owned)
        .into_iter()
        .collect();
    let changes = irready::history::artefact_commits(&git, head, &paths).unwrap();

    let roster = &changes["team/roster.yaml"];
    assert_eq!(roster.last.id.to_string(), last);
    assert_eq!(roster.last.author, "Alice Example");
    assert_eq!(irready::git::date_of(roster.first.time), "2026-05-31");
    let policy = &changes["policy/information-security-policy.md"];
    assert_eq!(irready::git::date_of(policy.first.time), "2026-06-01");
    assert_eq!(irready::git::date_of(policy.last.time), "2026-10-15");

    let last_only = irready::history::last_changes(&git, head, &paths).unwrap();
    assert_eq!(last_only["team/roster.yaml"].id, roster.last.id);
}
