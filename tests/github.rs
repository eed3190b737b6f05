//! The GitHub formats end to end: SARIF valid for the schema and for code scanning, workflow
//! commands that the runner decodes back to the findings, and the Markdown summary.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{
    NOW, check_format, check_json, copy_dir, failing_copy, fixtures, passing_copy, schema_errors,
    stdout, validator,
};
use serde_json::Value;

/// A repository with an error without a file (no policy), errors in files, a warning, a
/// waived finding and an unused waiver (info).
fn mixed() -> tempfile::TempDir {
    let dir = common::plain_copy();
    copy_dir(&fixtures().join("failing/imt-role-no-deputy"), dir.path());
    copy_dir(&fixtures().join("failing/plan-consensus"), dir.path());
    fs::remove_dir_all(dir.path().join("policy")).unwrap();
    fs::write(
        dir.path().join("irready.yaml"),
        "waivers:\n\
         \x20 - rule: broken-link\n\
         \x20   path: plan\n\
         \x20   reason: the policy moves to its own repository\n\
         \x20   approved_by: dana\n\
         \x20   expires: 2027-03-31\n\
         \x20 - rule: contact-details-missing\n\
         \x20   reason: the contact list is being rebuilt\n\
         \x20   approved_by: dana\n\
         \x20   expires: 2027-01-31\n",
    )
    .unwrap();
    irready::commands::init::record_history(dir.path()).expect("a history");
    dir
}

fn sarif(dir: &Path) -> Value {
    let output = check_format(dir, "sarif", &[]);
    assert!(
        output.status.code().unwrap() < 2,
        "{}",
        common::stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("SARIF is JSON")
}

fn failing_cases() -> Vec<String> {
    let mut cases: Vec<String> = fs::read_dir(fixtures().join("failing"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn sarif_is_valid_and_meets_code_scanning_for_every_case() {
    let schema = validator("sarif-schema-2.1.0.json");
    let mut dirs: Vec<(String, tempfile::TempDir)> = failing_cases()
        .into_iter()
        .map(|case| (case.clone(), failing_copy(&case)))
        .collect();
    dirs.push(("mixed".into(), mixed()));
    dirs.push(("passing".into(), passing_copy()));
    for (case, dir) in &dirs {
        let log = sarif(dir.path());
        let errors = schema_errors(&schema, &log);
        assert!(errors.is_empty(), "{case}: {errors:#?}");
        let (_, report) = check_json(dir.path(), &[]);
        assert_code_scanning(case, dir.path(), &log, &report);
    }
}

/// What GitHub code scanning asks beyond the schema, and agreement with the JSON report.
fn assert_code_scanning(case: &str, dir: &Path, log: &Value, report: &Value) {
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "irready");
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() >= 34, "{case}: a descriptor per rule");
    for rule in rules {
        for field in [
            "/shortDescription/text",
            "/fullDescription/text",
            "/help/text",
            "/help/markdown",
        ] {
            let text = rule
                .pointer(field)
                .and_then(Value::as_str)
                .unwrap_or_default();
            assert!(
                !text.trim().is_empty(),
                "{case}: {} lacks {field}",
                rule["id"]
            );
        }
        assert!(
            rule["properties"]["tags"]
                .as_array()
                .is_some_and(|t| !t.is_empty())
        );
    }

    let findings = report["findings"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        findings.len(),
        "{case}: a result per finding"
    );
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["rule"], "{case}");
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"], "{case}: ruleIndex");
        assert_eq!(result["message"]["text"], finding["message"], "{case}");
        assert!(
            result["partialFingerprints"]["irready/v1"].is_string(),
            "{case}"
        );
        assert_eq!(
            result["suppressions"].is_array(),
            finding["waived"] == true,
            "{case}"
        );

        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(
            dir.join(uri).is_file(),
            "{case}: {uri} is a file of the repository"
        );
        let region = &location["region"];
        if finding["line"].is_u64() {
            assert_eq!(uri, finding["path"], "{case}");
            assert_eq!(region["startLine"], finding["line"], "{case}");
            assert_eq!(region["startColumn"], finding["column"], "{case}");
        } else {
            assert_eq!(
                (region["startLine"].as_u64(), region["startColumn"].as_u64()),
                (Some(1), Some(1))
            );
        }
        assert!(
            region["endLine"].as_u64() >= region["startLine"].as_u64(),
            "{case}"
        );
    }
}

#[test]
fn sarif_results_of_a_mixed_repository() {
    let dir = mixed();
    let log = sarif(dir.path());
    insta::assert_json_snapshot!("sarif-mixed-results", log["runs"][0]["results"]);
    let rule = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "imt-role-no-deputy")
        .unwrap();
    insta::assert_json_snapshot!("sarif-rule-imt-role-no-deputy", rule);
}

#[test]
fn fingerprints_stay_when_lines_move() {
    let dir = failing_copy("imt-role-no-deputy");
    let roster = dir.path().join("team/roster.yaml");
    let fingerprint_and_line = |log: &Value| {
        let result = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "imt-role-no-deputy")
            .cloned()
            .unwrap();
        let line = &result["locations"][0]["physicalLocation"]["region"]["startLine"];
        (
            result["partialFingerprints"].clone(),
            line.as_u64().unwrap(),
        )
    };
    let before = fingerprint_and_line(&sarif(dir.path()));
    assert_eq!(
        before,
        fingerprint_and_line(&sarif(dir.path())),
        "stable across runs"
    );

    let text = fs::read_to_string(&roster).unwrap();
    fs::write(&roster, format!("# reviewed in November\n\n{text}")).unwrap();
    let after = fingerprint_and_line(&sarif(dir.path()));
    assert_eq!(after.1, before.1 + 2, "the finding moved down");
    assert_eq!(after.0, before.0, "its fingerprint did not");
}

/// A workflow command as the runner reads it: name, properties and message, decoded.
#[derive(Debug)]
struct Command {
    name: String,
    properties: BTreeMap<String, String>,
    message: String,
}

fn parse_command(line: &str) -> Option<Command> {
    let rest = line.trim_start().strip_prefix("::")?;
    let end = rest.find("::")?;
    let (head, message) = (&rest[..end], &rest[end + 2..]);
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').expect("key=value");
            let value = value.replace("%3A", ":").replace("%2C", ",");
            (key.to_lowercase(), decode(&value))
        })
        .collect();
    Some(Command {
        name: name.to_owned(),
        properties,
        message: decode(message),
    })
}

fn decode(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

fn commands(dir: &Path) -> (i32, Vec<Command>, String) {
    let output = check_format(dir, "github", &[]);
    let text = stdout(&output);
    let commands = text.lines().filter_map(parse_command).collect();
    (output.status.code().unwrap(), commands, text)
}

#[test]
fn workflow_commands_decode_to_the_findings_errors_first() {
    let dir = mixed();
    let (code, commands, text) = commands(dir.path());
    assert_eq!(code, 1);
    insta::assert_snapshot!("github-mixed", text);

    let (_, report) = check_json(dir.path(), &[]);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(commands.len(), findings.len());
    let rank = |name: &str| {
        ["error", "warning", "notice"]
            .iter()
            .position(|n| *n == name)
            .unwrap()
    };
    assert!(
        commands
            .windows(2)
            .all(|w| rank(&w[0].name) <= rank(&w[1].name)),
        "errors first"
    );
    assert!(
        commands.iter().any(|c| c.name == "warning") && commands.iter().any(|c| c.name == "notice")
    );

    for command in &commands {
        let finding = findings
            .iter()
            .find(|f| {
                let advice = match f["waiver"].as_object() {
                    Some(waiver) => format!(
                        "waived: {} (approved by {}, until {})",
                        waiver["reason"].as_str().unwrap(),
                        waiver["approved_by"].as_str().unwrap(),
                        waiver["expires"].as_str().unwrap()
                    ),
                    None => format!("help: {}", f["help"].as_str().unwrap()),
                };
                command.message == format!("{}\n{advice}", f["message"].as_str().unwrap())
            })
            .unwrap_or_else(|| panic!("no finding for {command:?}"));
        let title = &command.properties["title"];
        assert!(title.starts_with(&format!("{} (", finding["rule"].as_str().unwrap())));
        let file = &command.properties["file"];
        assert!(dir.path().join(file).is_file(), "{file}");
        let line = command.properties["line"].parse::<u64>().unwrap();
        assert_eq!(line, finding["line"].as_u64().unwrap_or(1));
    }
}

// File names with `:` cannot exist on Windows.
#[cfg(unix)]
#[test]
fn property_values_cannot_forge_properties() {
    let dir = failing_copy("imt-role-no-deputy");
    let hostile = "team/a,line=1,title=PASSED::x%0A.yaml";
    fs::copy(
        dir.path().join("team/roster.yaml"),
        dir.path().join(hostile),
    )
    .unwrap();
    let (_, commands, _) = commands(dir.path());
    let forged: Vec<_> = commands
        .iter()
        .filter(|c| c.properties["file"] == hostile)
        .collect();
    assert!(!forged.is_empty(), "findings in the copy");
    for command in forged {
        assert_ne!(command.properties["line"], "1");
        assert!(!command.properties["title"].contains("PASSED"));
    }
}

#[test]
fn findings_about_the_whole_repository_point_at_a_file() {
    let dir = failing_copy("imt-role-no-deputy");
    fs::remove_dir_all(dir.path().join("policy")).unwrap();
    let file_of_policy_missing = |dir: &Path| {
        let (_, commands, _) = commands(dir);
        let command = commands
            .into_iter()
            .find(|c| c.properties["title"].starts_with("policy-missing"))
            .expect("policy-missing");
        assert_eq!(
            (
                command.properties["line"].as_str(),
                command.properties["col"].as_str()
            ),
            ("1", "1")
        );
        command.properties["file"].clone()
    };
    assert_eq!(file_of_policy_missing(dir.path()), "README.md");
    fs::remove_file(dir.path().join("README.md")).unwrap();
    assert_eq!(file_of_policy_missing(dir.path()), "irready.yaml");
    fs::remove_file(dir.path().join("irready.yaml")).unwrap();
    let first = file_of_policy_missing(dir.path());
    assert!(irready::source::may_be_artefact(&first), "{first}");
    assert!(dir.path().join(&first).is_file());
}

#[test]
fn a_plan_inside_a_git_repository_is_located_from_its_top() {
    let top = tempfile::tempdir().unwrap();
    let init = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(top.path())
        .status()
        .unwrap();
    assert!(init.success());
    let plans = top.path().join("org/plans");
    fs::create_dir_all(&plans).unwrap();
    copy_dir(&fixtures().join("passing"), &plans);
    copy_dir(&fixtures().join("failing/imt-role-no-deputy"), &plans);
    let (_, commands, _) = commands(&plans);
    assert_eq!(commands[0].properties["file"], "org/plans/team/roster.yaml");
    let log = sarif(&plans);
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "imt-role-no-deputy")
        .unwrap();
    let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "org/plans/team/roster.yaml");
}

#[test]
fn markdown_summary_of_a_mixed_repository() {
    let dir = mixed();
    let output = check_format(dir.path(), "markdown", &[]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("markdown-mixed", stdout(&output));
}

#[test]
fn markdown_escapes_repository_text() {
    let dir = failing_copy("imt-role-no-deputy");
    let roster = dir.path().join("team/roster.yaml");
    let text = fs::read_to_string(&roster).unwrap();
    let hostile = text.replacen("deputy: dave", "deputy: \"x | `y` <b>\"", 1);
    assert_ne!(text, hostile, "the roster names dave as a deputy");
    fs::write(&roster, hostile).unwrap();
    let summary = stdout(&check_format(dir.path(), "markdown", &[]));
    let row = summary
        .lines()
        .find(|l| l.contains("unknown-reference") && l.contains("x \\| \\`y\\` &lt;b&gt;"))
        .unwrap_or_else(|| panic!("an escaped row:\n{summary}"));
    assert_eq!(row.matches(" | ").count(), 3, "four cells: {row}");
}

#[test]
fn markdown_summary_stays_within_its_limit() {
    let dir = mixed();
    let options = irready::pipeline::Options {
        now: Some(NOW.into()),
        ..irready::pipeline::Options::default()
    };
    let evaluation = irready::pipeline::evaluate(dir.path(), &options).unwrap();
    let full = irready::report::markdown::summary(&evaluation, None, usize::MAX);
    let limit = full.len() - 100;
    let cut = irready::report::markdown::summary(&evaluation, None, limit);
    assert!(cut.len() <= limit);
    assert!(cut.contains("more findings are not shown"), "{cut}");
    assert!(full.starts_with(&cut[..cut.find("### Findings").unwrap()]));
}
