//! `irready rules`, `irready explain` and `irready init` end to end.

mod common;

use common::{NOW, check_json, fixtures, run, snapshot_tree, stderr, stdout};

#[test]
fn rules_lists_every_rule_as_json() {
    let output = run(&["rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(rules.len() >= 34);
    for rule in &rules {
        for key in ["id", "clause", "severity", "title"] {
            assert!(rule[key].is_string(), "{rule}");
        }
    }
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "imt-role-no-deputy" && r["clause"] == "7.2.2")
    );
}

#[test]
fn rules_lists_a_table_for_a_person() {
    let output = run(&["rules"]);
    let table = stdout(&output);
    assert!(table.starts_with("rule "));
    assert!(table.lines().any(|l| l.starts_with("imt-role-no-deputy ")
        && l.contains("7.2.2")
        && l.contains("error")));
}

#[test]
fn explain_prints_every_section() {
    let output = run(&["explain", "imt-role-no-deputy"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn explain_prints_settings() {
    let text = stdout(&run(&["explain", "irt-competency-gap"]));
    assert!(text.contains(
        "min_holders: how many current members must hold each required competency (default 2)"
    ));
}

#[test]
fn explain_suggests_a_near_rule() {
    let output = run(&["explain", "imt-role-no-deptuy"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `imt-role-no-deputy`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn init_writes_the_passing_fixture_for_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plan");
    let output = run(&["init", target.to_str().unwrap(), "--date", NOW]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written: Vec<_> = snapshot_tree(&target)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(target.join(".git")))
        .collect();
    let fixture = snapshot_tree(&fixtures().join("passing"));
    let relative = |files: Vec<(std::path::PathBuf, Vec<u8>)>, root: &std::path::Path| {
        files
            .into_iter()
            .map(|(p, c)| (p.strip_prefix(root).unwrap().to_owned(), c))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        relative(written, &target),
        relative(fixture, &fixtures().join("passing"))
    );
}

#[test]
fn init_today_passes_every_rule_with_a_clean_summary() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("demo");
    assert_eq!(
        run(&["init", target.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let output = run(&["check", target.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("irready: no findings in 23 artefacts"));
}

#[test]
fn init_moves_dates_with_the_day_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("later");
    run(&["init", target.to_str().unwrap(), "--date", "2028-02-29"]);
    let (code, report) = check_json(&target, &["--now", "2028-02-29"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
    let output = run(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not empty"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        "mine"
    );
}
