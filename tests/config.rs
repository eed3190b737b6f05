//! The configuration, waivers and custom rules end to end.

mod common;

use common::{NOW, check_json, copy_dir, fixtures, passing_copy, rules_of, run, stderr, stdout};

fn with_config(text: &str) -> tempfile::TempDir {
    let dir = passing_copy();
    std::fs::write(dir.path().join("irready.yaml"), text).unwrap();
    dir
}

fn check_error(text: &str) -> String {
    let dir = with_config(text);
    let output = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    stderr(&output)
}

#[test]
fn unknown_key_names_the_line() {
    let error = check_error("now: 2026-12-01\nrulez:\n  plan-consensus: {off: true}\n");
    assert!(
        error.contains("`rulez` is not a key of irready.yaml"),
        "{error}"
    );
    assert!(error.contains("[irready.yaml:2:1]"), "{error}");
}

#[test]
fn unknown_rule_names_the_line_and_suggests() {
    let error = check_error("rules:\n  imt-role-no-deptuy: {severity: warning}\n");
    assert!(
        error.contains("`imt-role-no-deptuy` is not a rule"),
        "{error}"
    );
    assert!(error.contains("[irready.yaml:2:3]"), "{error}");
    assert!(
        error.contains("did you mean `imt-role-no-deputy`?"),
        "{error}"
    );
}

#[test]
fn unknown_setting_and_malformed_values_are_errors() {
    let error = check_error("rules:\n  irt-competency-gap: {min_holder: 3}\n");
    assert!(
        error.contains("`min_holder` is not a setting of `irt-competency-gap`"),
        "{error}"
    );
    assert!(error.contains("min_holders"), "{error}");
    let error = check_error("rules:\n  irt-competency-gap: {min_holders: two}\n");
    assert!(error.contains("expected a whole number"), "{error}");
    assert!(error.contains("[irready.yaml:2:37]"), "{error}");
    let error = check_error("rules:\n  exercise-overdue: {interval: 18 moons}\n");
    assert!(error.contains("expected a duration"), "{error}");
    let error = check_error("rules:\n  review-overdue: {severity: fatal}\n");
    assert!(error.contains("`fatal` is not a severity"), "{error}");
    let error =
        check_error("waivers:\n  - rule: plan-consensus\n    reason: x\n    expires: 2027-01-01\n");
    assert!(error.contains("a waiver needs `approved_by`"), "{error}");
    let error = check_error("topics:\n  escalations: [chain of command]\n");
    assert!(
        error.contains("`escalations` is not a body topic"),
        "{error}"
    );
    let error = check_error("now: [2026]\n");
    assert!(error.contains("expected text"), "{error}");
    let error = check_error("rules: [\n");
    assert!(error.contains("not valid YAML"), "{error}");
}

#[test]
fn severity_and_off_apply() {
    let dir = common::failing_copy("plan-not-approved");
    std::fs::write(
        dir.path().join("irready.yaml"),
        "rules:\n  plan-not-approved: {severity: warning}\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"][0]["severity"], "warning");

    std::fs::write(
        dir.path().join("irready.yaml"),
        "rules:\n  plan-not-approved: {off: true}\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn thresholds_and_lists_apply() {
    let dir = with_config(
        "rules:\n  irt-competency-gap: {min_holders: 3}\n  imt-role-unfilled: {required_roles: [incident-coordinator, ciso]}\n",
    );
    let (_, report) = check_json(dir.path(), &[]);
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(&"2 current members of irt-central hold forensics; at least 3 should"),
        "{messages:?}"
    );
    assert!(messages.contains(&"the IMT has no ciso"), "{messages:?}");
}

#[test]
fn topic_aliases_apply() {
    let dir = common::failing_copy("policy-topic-missing");
    std::fs::write(
        dir.path().join("irready.yaml"),
        "topics:\n  escalation: [getting help]\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn waived_findings_are_reported_but_do_not_fail() {
    let dir = common::failing_copy("plan-not-approved");
    std::fs::write(
        dir.path().join("irready.yaml"),
        "waivers:\n  - rule: plan-not-approved\n    path: plan/\n    reason: Board meets on 2026-12-10\n    approved_by: dana\n    expires: 2026-12-31\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    assert!(
        findings
            .iter()
            .all(|f| f["waived"] == true && f["waiver"]["reason"] == "Board meets on 2026-12-10")
    );
    assert_eq!(findings[0]["waiver"]["expires"], "2026-12-31");
    assert_eq!(report["summary"]["waived"], 2);
    assert_eq!(report["summary"]["error"], 0);

    let human = stdout(&run(&["check", dir.path().to_str().unwrap(), "--now", NOW]));
    insta::assert_snapshot!(human);
}

#[test]
fn a_waiver_for_another_path_waives_nothing() {
    let dir = common::failing_copy("plan-not-approved");
    std::fs::write(
        dir.path().join("irready.yaml"),
        "waivers:\n  - rule: plan-not-approved\n    path: policy\n    reason: x\n    approved_by: dana\n    expires: 2026-12-31\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let rules = rules_of(&report);
    assert!(rules.contains(&"waiver-unused".to_owned()), "{rules:?}");
    assert_eq!(report["summary"]["info"], 1);
}

#[test]
fn an_expired_waiver_waives_nothing_and_is_an_error() {
    let dir = common::failing_copy("plan-not-approved");
    std::fs::write(
        dir.path().join("irready.yaml"),
        "waivers:\n  - rule: plan-not-approved\n    reason: x\n    approved_by: dana\n    expires: 2026-11-30\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["waived"], 0);
    assert!(rules_of(&report).contains(&"waiver-expired".to_owned()));
}

#[test]
fn waiver_approver_must_be_in_the_roster() {
    let dir = with_config(
        "waivers:\n  - rule: plan-consensus\n    reason: x\n    approved_by: zed\n    expires: 2026-12-31\n",
    );
    let (_, report) = check_json(dir.path(), &[]);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unknown-reference")
        .unwrap();
    assert_eq!(finding["path"], "irready.yaml");
    assert_eq!(finding["line"], 4);
}

fn custom_copy() -> tempfile::TempDir {
    let dir = passing_copy();
    copy_dir(&fixtures().join("custom-rules"), dir.path());
    dir
}

#[test]
fn custom_rules_find_configure_and_waive_like_built_in_ones() {
    let dir = custom_copy();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "irt-not-round-the-clock");
    assert_eq!(finding["clause"], "7.3.2");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["path"], "team/roster.yaml");
    assert_eq!(finding["line"], 75);

    let config = dir.path().join("irready.yaml");
    std::fs::write(&config, "policies: [.irready/policies]\nrules:\n  irt-not-round-the-clock: {severity: error, hours: office hours}\n").unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!((code, report["findings"].as_array().unwrap().len()), (0, 0));

    std::fs::write(&config, "policies: [.irready/policies]\nrules:\n  irt-not-round-the-clock: {severity: error}\nwaivers:\n  - {rule: irt-not-round-the-clock, reason: Rota starts in January, approved_by: dana, expires: 2027-01-15}\n").unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"][0]["waived"], true);
    assert_eq!(report["findings"][0]["severity"], "error");
}

#[test]
fn custom_rules_are_listed_explained_and_tested() {
    let dir = custom_copy();
    let path = dir.path().to_str().unwrap();
    let rules: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&["rules", path, "--format", "json"]).stdout).unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "irt-not-round-the-clock" && r["custom"] == true)
    );
    let explained = stdout(&run(&[
        "explain",
        "irt-not-round-the-clock",
        "--path",
        path,
    ]));
    assert!(
        explained.contains("Custom:    declared in data.example.irt_hours"),
        "{explained}"
    );
    let tested = run(&["test", path]);
    assert_eq!(tested.status.code(), Some(0));
    assert!(
        stdout(&tested).contains("3 passed, 0 failed; line coverage of the custom policies 100.0%"),
        "{}",
        stdout(&tested)
    );
}

#[test]
fn broken_custom_policies_are_errors() {
    let dir = custom_copy();
    let policy = dir.path().join(".irready/policies/irt_hours.rego");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, text.replace("if {", "if {{")).unwrap();
    let output = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(".irready/policies/irt_hours.rego"),
        "{}",
        stderr(&output)
    );

    std::fs::write(
        &policy,
        text.replace("package example.irt_hours", "package irready.clause_7"),
    )
    .unwrap();
    let output = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a package of irready's own"),
        "{}",
        stderr(&output)
    );

    let output = run(&[
        "check",
        dir.path().to_str().unwrap(),
        "--now",
        NOW,
        "--config",
        "/dev/null",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "an empty configuration names no custom policy"
    );
}

#[test]
fn policy_directories_stay_inside_the_repository() {
    let dir = with_config("policies: [../elsewhere]\n");
    let output = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not inside the repository"));
}
