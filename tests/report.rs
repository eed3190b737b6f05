//! `irready report` end to end: the Markdown report of the passing fixture and of a failing
//! one, byte-identical reports of one revision however it is read, OSCAL validated against
//! its schema with deterministic UUIDs, a self-contained HTML page with its chart, and
//! evidence pinned to the commit, date and author that last changed each file.

mod common;

use std::path::Path;
use std::process::Output;

use common::repo::{AUTHOR, commit, edit, git};
use common::{NOW, copy_dir, fixtures, passing_copy, plain_copy, run, schema_errors, stderr};
use common::{stdout, validator};

const OSCAL_SCHEMA: &str = "oscal-1.1.3_assessment-results_schema.json";

/// `irready report DIR --now NOW` with more arguments; fails the test unless it exits 0.
fn report(dir: &Path, extra: &[&str]) -> String {
    let output = report_output(dir, extra);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

fn report_output(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["report", dir.to_str().expect("utf-8 path")];
    if !extra.contains(&"--at") && !extra.contains(&"--now") {
        args.extend_from_slice(&["--now", NOW]);
    }
    args.extend_from_slice(extra);
    run(&args)
}

fn oscal(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let text = report(dir, &[&["--format", "oscal"], extra].concat());
    serde_json::from_str(&text).expect("OSCAL JSON")
}

/// The passing fixture with two failing cases laid over it: a role without a deputy (an
/// error of 7.2.2) and an unverified contact (a warning of 8.1), which a waiver covers.
fn failing_with_waiver() -> tempfile::TempDir {
    let dir = plain_copy();
    for case in ["imt-role-no-deputy", "contact-unverified"] {
        copy_dir(&fixtures().join("failing").join(case), dir.path());
    }
    std::fs::write(
        dir.path().join("irready.yaml"),
        "waivers:\n  - rule: contact-unverified\n    path: contacts/\n    \
         reason: The insurer confirms its number at the renewal in January\n    \
         approved_by: dana\n    expires: 2027-01-31\n",
    )
    .unwrap();
    irready::commands::init::record_history(dir.path()).expect("a history");
    dir
}

/// The status a Markdown report gives a clause in its heading.
fn status_of<'a>(markdown: &'a str, clause: &str) -> &'a str {
    markdown
        .lines()
        .filter(|l| l.starts_with('#'))
        .find_map(|l| {
            let heading = l.trim_start_matches('#').trim_start();
            let rest = heading.strip_prefix(clause)?.strip_prefix(' ')?;
            Some(rest.rsplit_once(": ")?.1)
        })
        .unwrap_or_else(|| panic!("no heading for {clause}"))
}

#[test]
fn the_passing_fixture_meets_every_clause() {
    let dir = passing_copy();
    let markdown = report(dir.path(), &[]);
    assert!(markdown.contains("- Clauses: 45 checked: 45 met, 0 met with waivers, 0 not met"));
    assert_eq!(status_of(&markdown, "7.2.2"), "met");
    insta::assert_snapshot!("report-passing", markdown);
}

#[test]
fn a_failing_repository_shows_what_is_not_met_and_what_is_waived() {
    let dir = failing_with_waiver();
    let output = report_output(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "a report is not a gate");
    let markdown = stdout(&output);
    assert_eq!(status_of(&markdown, "7.2.2"), "not met");
    assert_eq!(status_of(&markdown, "7.2"), "not met");
    assert_eq!(status_of(&markdown, "7"), "not met");
    assert_eq!(status_of(&markdown, "7.3"), "met");
    assert_eq!(status_of(&markdown, "8.1"), "met with waivers");
    assert_eq!(status_of(&markdown, "8"), "met with waivers");
    assert!(markdown.contains(
        "| `contact-unverified` | contacts/ | The insurer confirms its number at the renewal in \
         January | dana | 2027-01-31 | 1 |"
    ));
    insta::assert_snapshot!("report-failing", markdown);
}

#[test]
fn a_finding_links_to_its_line_at_its_commit() {
    let dir = failing_with_waiver();
    let head = git(dir.path(), None, &["rev-parse", "HEAD"]);
    let changed = git(
        dir.path(),
        None,
        &["log", "-1", "--format=%H", "--", "team/roster.yaml"],
    );
    let roster = std::fs::read_to_string(dir.path().join("team/roster.yaml")).unwrap();
    let line = roster
        .lines()
        .position(|l| l.contains("role: communications-lead"))
        .unwrap()
        + 1;
    let markdown = report(dir.path(), &[]);
    let label = format!(
        "[`team/roster.yaml@{}:{line}`](team/roster.yaml#L{line})",
        &changed[..12]
    );
    assert!(markdown.contains(&label), "{label} missing");
    assert!(markdown.contains(&format!("- Revision: `{head}`")));
}

#[test]
fn evidence_names_the_commit_date_and_author_that_last_changed_a_file() {
    let dir = passing_copy();
    edit(
        dir.path(),
        "team/roster.yaml",
        "+44 20 7946 0101",
        "+44 20 7946 0199",
    );
    let id = commit(dir.path(), "2026-11-02", "Alice's new number");
    let markdown = report(dir.path(), &[]);
    let line = format!(
        "- [`team/roster.yaml@{}`](team/roster.yaml), last changed on 2026-11-02 by {AUTHOR}",
        &id[..12]
    );
    assert!(markdown.contains(&line), "{line} missing");
    let untouched = markdown
        .lines()
        .find(|l| l.starts_with("- [`plan/incident-management-plan.md@"))
        .expect("the plan as evidence");
    assert!(untouched.ends_with("by irready init"), "{untouched}");

    // A change not committed is evaluated, and said to be.
    edit(dir.path(), "team/roster.yaml", "0199", "0198");
    let markdown = report(dir.path(), &[]);
    assert!(markdown.contains(&format!(
        "- [`team/roster.yaml@{} (changed in the work tree)`](team/roster.yaml)",
        &id[..12]
    )));
    assert!(markdown.contains("The work tree differs from it in 1 file, marked below"));
}

#[test]
fn outside_git_files_have_no_commit() {
    let dir = plain_copy();
    let markdown = report(dir.path(), &[]);
    assert!(markdown.contains("- Revision: none (not in git)"));
    assert!(markdown.contains("- [`team/roster.yaml`](team/roster.yaml)\n"));
    assert!(!markdown.contains("yaml@"));
    let html = report(dir.path(), &["--format", "html"]);
    assert!(html.contains("<p>No chart: the plan repository is not in git"));
}

#[test]
fn one_revision_gives_one_report_however_it_is_read() {
    let dir = passing_copy();
    edit(
        dir.path(),
        "team/roster.yaml",
        "+44 20 7946 0101",
        "+44 20 7946 0199",
    );
    let revision = commit(dir.path(), "2026-11-02", "New number");
    edit(
        dir.path(),
        "team/roster.yaml",
        "+44 20 7946 0199",
        "+44 20 7946 0198",
    );
    commit(dir.path(), "2026-11-20", "Newer number");

    let scratch = tempfile::tempdir().unwrap();
    let bare = scratch.path().join("bare.git");
    let checkout = scratch.path().join("checkout");
    let source = dir.path().to_str().unwrap();
    git(
        scratch.path(),
        None,
        &["clone", "-q", "--bare", source, bare.to_str().unwrap()],
    );
    git(
        scratch.path(),
        None,
        &["clone", "-q", source, checkout.to_str().unwrap()],
    );
    git(&checkout, None, &["checkout", "-q", &revision]);

    for format in ["markdown", "html", "oscal"] {
        let from_bare = report(&bare, &["--rev", &revision, "--format", format]);
        let from_checkout = report(&checkout, &["--format", format]);
        let again = report(&checkout, &["--format", format]);
        assert_eq!(
            from_bare, from_checkout,
            "{format}: bare --rev and checkout differ"
        );
        assert_eq!(from_checkout, again, "{format}: two runs differ");
        assert!(from_bare.contains(&revision), "{format}");
    }
}

#[test]
fn at_a_date_is_the_revision_of_that_date_as_of_that_date() {
    let dir = passing_copy();
    let before = git(dir.path(), None, &["rev-parse", "HEAD"]);
    edit(
        dir.path(),
        "team/roster.yaml",
        "+44 20 7946 0101",
        "+44 20 7946 0199",
    );
    commit(dir.path(), "2026-11-25", "New number");

    let at = report(dir.path(), &["--at", "2026-11-24"]);
    let rev = report(dir.path(), &["--rev", &before, "--now", "2026-11-24"]);
    assert_eq!(at, rev);
    assert!(at.contains(&format!("- Revision: `{before}`")));
    assert!(at.contains("- Evaluated on: 2026-11-24"));
}

#[test]
fn the_oscal_document_validates_against_its_schema() {
    let validator = validator(OSCAL_SCHEMA);
    for dir in [passing_copy(), failing_with_waiver(), plain_copy()] {
        let document = oscal(dir.path(), &[]);
        let errors = schema_errors(&validator, &document);
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn oscal_states_each_clause_with_evidence_pinned_to_commits() {
    let dir = failing_with_waiver();
    let document = oscal(dir.path(), &[]);
    let results = &document["assessment-results"]["results"][0];
    let finding = |clause: &str| {
        let target = format!("iso27035-2_{clause}_obj");
        results["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["target"]["target-id"] == target.as_str())
            .unwrap_or_else(|| panic!("no finding for {clause}"))
            .clone()
    };
    assert_eq!(
        finding("7.2.2")["target"]["status"]["state"],
        "not-satisfied"
    );
    assert_eq!(finding("7")["target"]["status"]["state"], "not-satisfied");
    assert_eq!(finding("8.1")["target"]["status"]["state"], "satisfied");
    assert_eq!(finding("8.1")["target"]["status"]["reason"], "other");
    let remarks = finding("8.1")["target"]["status"]["remarks"].clone();
    assert!(
        remarks
            .as_str()
            .unwrap()
            .contains("approved by dana; expires 2027-01-31")
    );
    assert_eq!(finding("annex-a")["target"]["status"]["state"], "satisfied");

    let changed = git(
        dir.path(),
        None,
        &["log", "-1", "--format=%H", "--", "team/roster.yaml"],
    );
    let observation = results["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["title"] == "Rule imt-role-no-deputy")
        .expect("an observation of the rule");
    assert_eq!(observation["methods"], serde_json::json!(["TEST"]));
    assert_eq!(observation["collected"], format!("{NOW}T00:00:00Z"));
    let hrefs: Vec<&str> = observation["relevant-evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["href"].as_str().unwrap())
        .collect();
    let pinned = format!("team/roster.yaml?commit={changed}");
    assert!(hrefs.contains(&pinned.as_str()), "{hrefs:?}");
    assert!(
        hrefs.iter().any(|h| h.starts_with(&format!("{pinned}#L"))),
        "{hrefs:?}"
    );

    let related = finding("7.2.2")["related-observations"].clone();
    assert!(
        related
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"observation-uuid": observation["uuid"]}))
    );
}

#[test]
fn oscal_uuids_are_version_5_of_the_repository_revision_date_and_subject() {
    let dir = passing_copy();
    let first = git(dir.path(), None, &["rev-list", "--max-parents=0", "HEAD"]);
    let head = git(dir.path(), None, &["rev-parse", "HEAD"]);
    let document = oscal(dir.path(), &[]);
    assert_eq!(document, oscal(dir.path(), &[]));

    let expected = |subject: &str| {
        let name = format!("{first}/{head}/{NOW}/{subject}");
        uuid::Uuid::new_v5(&irready::report::audit::oscal::NAMESPACE, name.as_bytes()).to_string()
    };
    let results = &document["assessment-results"];
    assert_eq!(results["uuid"], expected("assessment-results"));
    assert_eq!(results["results"][0]["uuid"], expected("result"));
    let finding = results["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["target"]["target-id"] == "iso27035-2_7.2.2_obj")
        .unwrap();
    assert_eq!(finding["uuid"], expected("finding/7.2.2"));

    // Every UUID is distinct, and version 5.
    let text = document.to_string();
    let uuids: Vec<&str> = text
        .split('"')
        .filter(|s| uuid::Uuid::parse_str(s).is_ok_and(|u| u.get_version_num() == 5))
        .collect();
    let distinct: std::collections::BTreeSet<&str> = uuids.iter().copied().collect();
    assert!(distinct.len() > 100, "{}", distinct.len());

    // Another revision or another date gives other identifiers.
    let later = oscal(dir.path(), &["--now", "2026-12-02"]);
    assert_ne!(later["assessment-results"]["uuid"], results["uuid"]);
    edit(
        dir.path(),
        "team/roster.yaml",
        "+44 20 7946 0101",
        "+44 20 7946 0199",
    );
    commit(dir.path(), "2026-11-02", "New number");
    let next = oscal(dir.path(), &[]);
    assert_ne!(next["assessment-results"]["uuid"], results["uuid"]);
}

#[test]
fn the_html_page_is_self_contained_with_its_chart() {
    let dir = failing_with_waiver();
    // Repository text that would run or fetch something if it were not escaped.
    edit(
        dir.path(),
        "irready.yaml",
        "reason: The insurer",
        "reason: <script src=\"https://evil.example/x.js\"></script> The insurer",
    );
    commit(dir.path(), "2026-11-03", "A hostile reason");
    let html = report(dir.path(), &["--format", "html"]);

    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.to_ascii_lowercase().contains("<script"), "a script");
    assert!(html.contains("&lt;script src=&quot;https://evil.example/x.js&quot;&gt;"));
    for opener in ["src=", "href=", "url(", "@import", "<link"] {
        for (at, _) in html.match_indices(opener) {
            let value = html[at + opener.len()..].trim_start_matches(['"', '\'']);
            let external = ["http:", "https:", "//", "data:", "javascript:"]
                .iter()
                .any(|scheme| value.to_ascii_lowercase().starts_with(scheme));
            assert!(
                !external,
                "{opener} fetches {}",
                &value[..value.len().min(60)]
            );
            assert_ne!(opener, "@import");
            assert_ne!(opener, "<link");
        }
    }

    // The chart: an inline SVG with a panel per group of clauses and bars for the months
    // in which the history had findings.
    assert_eq!(html.matches("<svg ").count(), 1);
    assert_eq!(html.matches("<g class=\"panel\">").count(), 11);
    assert!(html.contains(">Clause 7</text>"));
    assert!(html.contains("class=\"errors\""));
    assert!(html.contains("<th>2025-12-01</th>"));
    assert!(html.contains("@media print"));
    assert!(
        html.contains("<a href=\"team/roster.yaml#L"),
        "a finding links to its line"
    );
}

#[test]
fn a_report_that_cannot_be_read_is_an_error() {
    let dir = passing_copy();
    let output = report_output(dir.path(), &["--rev", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`no-such-branch` is not a commit"));
    let output = report_output(dir.path(), &["--rev", "HEAD", "--at", "2026-11-01"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn custom_rules_serve_their_clause_and_are_named_in_the_rule_set() {
    let dir = passing_copy();
    copy_dir(&fixtures().join("custom-rules"), dir.path());
    commit(dir.path(), "2026-11-10", "Our own rule");
    let markdown = report(dir.path(), &[]);
    assert_eq!(status_of(&markdown, "7.3.2"), "not met");
    assert!(markdown.contains("custom rule (irt-not-round-the-clock); configuration irready.yaml"));
    assert!(markdown.contains("| `irt-not-round-the-clock` | 7.3.2 | warning | custom ("));
    assert!(markdown.contains("Custom rules serve this clause"));
    assert!(
        !markdown.contains("7.3.2 IRT types and roles;"),
        "7.3.2 is checked now"
    );
}

#[test]
fn a_history_that_cannot_be_evaluated_leaves_the_chart_out_not_the_report() {
    let dir = passing_copy();
    std::fs::write(dir.path().join("irready.yaml"), "rules: [\n").unwrap();
    commit(dir.path(), "2026-11-01", "A broken configuration");
    std::fs::write(dir.path().join("irready.yaml"), "rules: {}\n").unwrap();
    commit(dir.path(), "2026-11-15", "Mended");

    let html = report(dir.path(), &["--format", "html"]);
    assert!(html.contains("<p>No chart: the history since 2025-12-01 could not be evaluated: "));
    assert!(!html.contains("<svg "));
    assert!(html.contains("<h2>Clause matrix</h2>"));
}

#[test]
fn a_plan_in_a_folder_of_a_larger_repository_is_pinned_too() {
    let outer = tempfile::tempdir().unwrap();
    git(outer.path(), None, &["init", "-q"]);
    std::fs::write(outer.path().join("README.md"), "# Monorepo\n").unwrap();
    let plan = outer.path().join("plans");
    std::fs::create_dir(&plan).unwrap();
    copy_dir(&fixtures().join("passing"), &plan);
    let id = commit(outer.path(), "2026-11-02", "The plan, in its folder");

    let markdown = report(&plan, &[]);
    let line = format!(
        "- [`team/roster.yaml@{}`](team/roster.yaml), last changed on 2026-11-02 by {AUTHOR}\n",
        &id[..12]
    );
    assert!(markdown.contains(&line), "{line} missing");
    assert!(!markdown.contains("changed in the work tree"));
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = passing_copy();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("report.md");
    let written = report(dir.path(), &["--output", file.to_str().unwrap()]);
    assert_eq!(written, "");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text, report(dir.path(), &[]));
}
