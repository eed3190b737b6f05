//! Hostile input: each becomes a finding on the file, in bounded time, with nothing outside
//! the repository read or printed and nothing inside it written.

mod common;

use std::time::{Duration, Instant};

use common::{NOW, check_json, passing_copy, run, snapshot_tree, stdout};

/// Checks the passing fixture with one hostile file added; the findings on that file.
fn findings_on(file: &str, contents: &[u8]) -> Vec<serde_json::Value> {
    let dir = passing_copy();
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    let before = snapshot_tree(dir.path());
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(
        snapshot_tree(dir.path()),
        before,
        "the check wrote to the repository"
    );
    assert_eq!(code, 1, "{report:#}");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == file)
        .cloned()
        .collect()
}

#[test]
fn malformed_yaml_is_a_finding_at_its_line() {
    let findings = findings_on(
        "team/extra.yaml",
        b"kind: contacts\nscope: internal\ncontacts: [\n  {id: a,\n",
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "invalid-artefact");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("malformed YAML")
    );
    assert!(findings[0]["line"].as_u64().unwrap() >= 3);
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut lines = vec![
        "kind: contacts".to_owned(),
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned(),
    ];
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(", ");
        lines.push(format!("{0}: &{0} [{refs}]", pair[1]));
    }
    let started = Instant::now();
    let findings = findings_on("bomb.yaml", lines.join("\n").as_bytes());
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(findings.len(), 1);
    assert!(common::message(&findings[0]).contains("alias bomb"));
}

#[test]
fn huge_file_is_not_read() {
    let dir = passing_copy();
    let file = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    file.set_len(11 * 1024 * 1024).unwrap();
    let (_, report) = check_json(dir.path(), &[]);
    let finding = common::finding_on(&report, "huge.yaml");
    assert_eq!(finding["rule"], "invalid-artefact");
    assert!(common::message(finding).contains("over the limit of 10 MiB"));
}

#[test]
fn binary_markdown_is_a_finding() {
    let findings = findings_on("logo.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0]["message"],
        "binary content, not a text document"
    );
}

#[test]
fn non_utf8_text_is_a_finding_at_the_bad_byte() {
    let findings = findings_on(
        "contacts/legacy.yaml",
        b"kind: contacts\nscope: internal\nname: Caf\xe9\n",
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["message"], "the file is not valid UTF-8 text");
    assert_eq!(findings[0]["line"], 3);
    assert_eq!(findings[0]["column"], 10);
}

#[test]
fn unknown_kind_is_a_finding() {
    let findings = findings_on("team/on-call.yaml", b"kind: rota\nweeks: []\n");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "unknown-kind");
    assert_eq!(findings[0]["line"], 1);
}

#[test]
fn wrong_types_point_at_the_value() {
    let findings = findings_on(
        "support/extra.yaml",
        b"kind: support-inventory\ntools:\n  - {id: x, name: X, last_tested: [2026]}\n",
    );
    // The value is left out of what the rules see: the tool also counts as never tested.
    let findings: Vec<_> = findings
        .into_iter()
        .filter(|f| f["rule"] == "invalid-artefact")
        .collect();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["line"], 3);
    assert_eq!(findings[0]["column"], 35);
}

#[test]
fn terminal_escapes_in_a_file_are_not_printed() {
    let dir = passing_copy();
    std::fs::write(
        dir.path().join("evil.yaml"),
        "kind: contacts\nscope: internal\ncontacts: \"\x1b[2J\x1b]0;pwned\x07\"\n",
    )
    .unwrap();
    let output = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    let printed = stdout(&output);
    assert!(printed.contains("evil.yaml"));
    assert!(!printed.contains('\x1b'), "{printed}");
    assert!(!printed.contains('\x07'));
}

#[cfg(unix)]
#[test]
fn link_out_of_the_repository_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.yaml");
    std::fs::write(&secret, "kind: roster\npassword: hunter2-do-not-print\n").unwrap();
    let dir = passing_copy();
    std::os::unix::fs::symlink(&secret, dir.path().join("team/escape.yaml")).unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let finding = common::finding_on(&report, "team/escape.yaml");
    assert_eq!(finding["rule"], "invalid-artefact");
    assert!(common::message(finding).contains("outside the repository"));

    let human = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert!(!stdout(&human).contains("hunter2"));
    assert!(!String::from_utf8_lossy(&human.stderr).contains("hunter2"));
}

#[cfg(unix)]
#[test]
fn link_inside_the_repository_is_read() {
    let dir = passing_copy();
    std::fs::write(dir.path().join("team/rota.txt"), "not an artefact").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("team/roster.yaml"),
        dir.path().join("team/roster-link.yaml"),
    )
    .unwrap();
    let (_, report) = check_json(dir.path(), &[]);
    // The linked roster is a second roster: its ids repeat.
    assert!(common::rules_of(&report).contains(&"duplicate-id".to_owned()));
}

#[test]
fn gitignored_files_are_not_read() {
    let dir = passing_copy();
    std::fs::write(dir.path().join(".gitignore"), "drafts/\n").unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::write(dir.path().join("drafts/broken.yaml"), "kind: [\n").unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn empty_and_odd_documents_do_not_crash() {
    for (name, text) in [
        ("empty.yaml", ""),
        ("null.yaml", "~\n"),
        ("list.yaml", "- a\n- b\n"),
        ("kind-list.yaml", "kind: [roster]\n"),
        ("front.md", "---\nkind: plan\n"),
        (
            "deep.yaml",
            &format!("kind: roster\nx: {}{}\n", "[".repeat(500), "]".repeat(500)),
        ),
        ("many-docs.yaml", "kind: roster\n---\nkind: plan\n"),
        ("tags.yaml", "kind: !!str roster\npeople: !custom [1]\n"),
    ] {
        let dir = passing_copy();
        std::fs::write(dir.path().join(name), text).unwrap();
        let output = run(&[
            "check",
            dir.path().to_str().unwrap(),
            "--now",
            NOW,
            "--format",
            "json",
        ]);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{name}: {}",
            common::stderr(&output)
        );
    }
}

#[test]
fn a_huge_configuration_is_refused_not_read() {
    let dir = passing_copy();
    let file = std::fs::File::create(dir.path().join("irready.yaml")).unwrap();
    file.set_len(11 * 1024 * 1024).unwrap();
    let output = run(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        common::stderr(&output).contains("over the limit"),
        "{}",
        common::stderr(&output)
    );
}
