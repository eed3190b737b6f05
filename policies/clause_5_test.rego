package irready.clause_5_test

import data.irready.clause_5

findings_of(rule, inp) := {f | some f in clause_5.findings with input as inp; f.rule == rule}

policy := {"path": "policy.md", "kind": "policy", "id": "im-policy", "data": {"approved_on": "2026-10-01"}}

security_policy(fields) := {"path": "sp.md", "kind": "security-policy", "id": "sp", "data": fields}

repo(fields) := {"now": "2026-12-01", "artefacts": {"policy": [policy], "security-policy": [security_policy(fields)]}}

test_success_linked_and_reviewed if {
	count(clause_5.findings) == 0 with input as repo({"related": ["im-policy"], "last_reviewed": "2026-10-01"})
}

test_fail_not_linked if {
	count(findings_of("security-policy-not-linked", repo({"related": ["other"], "last_reviewed": "2026-10-15"}))) == 1
	count(findings_of("security-policy-not-linked", repo({"last_reviewed": "2026-10-15"}))) == 1
}

test_fail_stale_after_policy_change if {
	fs := findings_of("security-policy-stale-after-policy-change", repo({"related": ["im-policy"], "last_reviewed": "2026-09-30"}))
	{f.pointer | some f in fs} == {"/data/last_reviewed"}
}

test_success_without_policy_nothing_to_compare if {
	count(clause_5.findings) == 0 with input as {"now": "2026-12-01", "artefacts": {"security-policy": [security_policy({})]}}
}
