//! The Rego policies: every `_test.rego` passes, every rule is registered once, and every
//! rule of the catalogue in the design exists and is documented.

#![allow(
    clippy::print_stderr,
    reason = "the test reports the coverage it measured"
)]

use std::collections::BTreeSet;

use irready::engine::{self, Engine};

#[test]
fn every_rego_test_passes() {
    let (outcomes, coverage) =
        engine::run_tests(&engine::builtin_policies()).expect("policies load");
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            o.failure
                .as_ref()
                .map(|f| format!("{} {}: {f}", o.file, o.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failing Rego tests:\n{}",
        failures.join("\n")
    );
    assert!(
        outcomes.len() >= 50,
        "only {} Rego tests ran",
        outcomes.len()
    );
    eprintln!(
        "{} Rego tests; line coverage {:.1}%",
        outcomes.len(),
        coverage.percent()
    );
}

#[test]
fn builtin_policies_load_and_ids_are_unique() {
    // Loading fails on an id declared twice; the list is sorted and deduplicated by id.
    let engine = Engine::new(Vec::new()).expect("built-in policies load");
    let ids: Vec<&str> = engine.rules().iter().map(|r| r.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len());
}

#[test]
fn every_catalogue_rule_is_registered() {
    let engine = Engine::new(Vec::new()).expect("built-in policies load");
    let registered: BTreeSet<&str> = engine.rules().iter().map(|r| r.id.as_str()).collect();
    let missing: Vec<&str> = catalogue_ids()
        .into_iter()
        .filter(|id| !registered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules of the catalogue without a policy: {missing:?}"
    );
}

#[test]
fn every_rule_has_every_doc_section() {
    let engine = Engine::new(Vec::new()).expect("built-in policies load");
    let incomplete: Vec<String> = engine
        .rules()
        .iter()
        .filter(|r| !r.missing_sections().is_empty())
        .map(|r| format!("{}: {:?}", r.id, r.missing_sections()))
        .collect();
    assert!(
        incomplete.is_empty(),
        "rules lacking doc sections:\n{}",
        incomplete.join("\n")
    );
}

/// The rule ids of the catalogue that are built so far: those of `RULES.md` in the design,
/// section by section.
fn catalogue_ids() -> Vec<&'static str> {
    let sections = [
        include_str!("catalogue/structure.txt"),
        include_str!("catalogue/clause_4.txt"),
        include_str!("catalogue/clause_6.txt"),
        include_str!("catalogue/clause_5.txt"),
        include_str!("catalogue/clause_7.txt"),
        include_str!("catalogue/clause_8.txt"),
        include_str!("catalogue/clause_9.txt"),
        include_str!("catalogue/clause_10.txt"),
        include_str!("catalogue/clause_11.txt"),
        include_str!("catalogue/clause_12.txt"),
        include_str!("catalogue/annex_a.txt"),
        include_str!("catalogue/history.txt"),
    ];
    sections
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| !l.is_empty())
        .collect()
}
