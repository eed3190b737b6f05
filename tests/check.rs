//! `irready check` end to end: the passing fixture, one failing case per rule, exit codes,
//! JSON and the rendered human output.

mod common;

use common::{NOW, check_json, failing_copy, fixtures, passing_copy, rules_of, run, stdout};

#[test]
fn passing_fixture_has_no_findings() {
    let dir = passing_copy();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["now"], NOW);
    assert_eq!(report["version"], 1);

    let output = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(
        stdout(&output),
        "irready: no findings in 23 artefacts (evaluated on 2026-12-01)\n"
    );
}

#[test]
fn every_failing_case_finds_its_rule() {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures().join("failing"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 34);
    for case in cases {
        let dir = failing_copy(&case);
        let (code, report) = check_json(dir.path(), &[]);
        let rules = rules_of(&report);
        assert!(rules.contains(&case), "{case}: found {rules:?}");
        let has_error = report["summary"]["error"].as_u64().unwrap() > 0;
        assert_eq!(code, i32::from(has_error), "{case}: exit code");

        // Every finding in a file points at a line of it.
        for finding in report["findings"].as_array().unwrap() {
            if finding["path"].is_string() {
                assert!(finding["line"].as_u64().unwrap() >= 1, "{case}: {finding}");
            }
        }

        let human = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
        insta::assert_snapshot!(format!("failing-{case}"), stdout(&human));
        insta::assert_json_snapshot!(format!("failing-{case}-json"), report["findings"]);
    }
}

#[test]
fn findings_point_at_the_offending_value() {
    let dir = failing_copy("imt-role-no-deputy");
    let (_, report) = check_json(dir.path(), &[]);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "imt-role-no-deputy");
    assert_eq!(finding["clause"], "7.2.2");
    assert_eq!(finding["path"], "team/roster.yaml");
    let roster = std::fs::read_to_string(dir.path().join("team/roster.yaml")).unwrap();
    let line = roster
        .lines()
        .position(|l| l.contains("role: communications-lead"))
        .unwrap()
        + 1;
    assert_eq!(finding["line"], line);
    assert_eq!(finding["column"], 7);
}

#[test]
fn fail_on_decides_the_exit_code() {
    let dir = failing_copy("plan-consensus");
    let path = dir.path().to_str().unwrap();
    let code = |fail_on: &str| {
        run(&["check", path, "--now", NOW, "--fail-on", fail_on])
            .status
            .code()
    };
    assert_eq!(code("error"), Some(0));
    assert_eq!(code("warning"), Some(1));
    assert_eq!(code("never"), Some(0));
    let dir = failing_copy("plan-not-approved");
    let path = dir.path().to_str().unwrap();
    assert_eq!(
        run(&["check", path, "--now", NOW, "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(run(&["check", path, "--now", NOW]).status.code(), Some(1));
}

#[test]
fn output_is_deterministic() {
    let dir = failing_copy("invalid-artefact");
    let path = dir.path().to_str().unwrap();
    let first = run(&["check", path, "--now", NOW, "--format", "json"]);
    let second = run(&["check", path, "--now", NOW, "--format", "json"]);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn output_file_receives_the_report() {
    let dir = passing_copy();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("report.json");
    let output = run(&[
        "check",
        dir.path().to_str().unwrap(),
        "--now",
        NOW,
        "--format",
        "json",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(report["summary"]["error"], 0);
}

#[test]
fn bad_arguments_exit_with_2() {
    let dir = passing_copy();
    let output = run(&["check", dir.path().to_str().unwrap(), "--now", "2026-02-30"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["check", "/no/such/plan", "--now", NOW]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("cannot read /no/such/plan"));
}

#[test]
fn configured_now_is_the_evaluation_date() {
    let dir = passing_copy();
    std::fs::write(dir.path().join("irready.yaml"), "now: 2026-12-01\n").unwrap();
    let output = run(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["now"], "2026-12-01");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_year_later_the_reviews_are_overdue() {
    let dir = passing_copy();
    let (code, report) = check_json(dir.path(), &["--now", "2027-12-01"]);
    assert_eq!(code, 1);
    assert!(rules_of(&report).contains(&"review-overdue".to_owned()));
}
