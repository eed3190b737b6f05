package irready.clause_4_test

import data.irready.clause_4

rule_ids(fs) := {f.rule | some f in fs}

findings_of(rule, inp) := {f | some f in clause_4.findings with input as inp; f.rule == rule}

headings(words) := [{"words": [w]} | some w in words]

all_topics := headings([
	"purpose", "scope", "roles", "reporting", "classification", "escalation", "legal",
	"awareness", "confidentiality", "review",
])

policy(fields, heads) := {"path": "policy.md", "kind": "policy", "id": "im-policy", "data": fields, "headings": heads, "links": []}

good_policy_data := {
	"approved_by": "dana",
	"approved_on": "2026-09-01",
	"last_reviewed": "2026-09-01",
	"interested_parties": ["customers"],
}

roster := {"path": "roster.yaml", "kind": "roster", "id": "roster", "data": {"top_management": ["dana"], "people": [{"id": "dana"}]}}

repo(policy_data) := {"now": "2026-12-01", "artefacts": {"policy": [policy(policy_data, all_topics)], "roster": [roster]}}

test_success_complete_policy if {
	count(clause_4.findings) == 0 with input as repo(good_policy_data)
}

test_fail_policy_missing if {
	fs := findings_of("policy-missing", {"now": "2026-12-01", "artefacts": {}})
	count(fs) == 1
	some f in fs
	not f.path
}

test_fail_second_policy if {
	second := object.union(policy(good_policy_data, all_topics), {"path": "z-policy.md"})
	inp := {"now": "2026-12-01", "artefacts": {"policy": [policy(good_policy_data, all_topics), second], "roster": [roster]}}
	{f.path | some f in findings_of("policy-missing", inp)} == {"z-policy.md"}
}

test_fail_not_approved_by_top_management if {
	fs := findings_of("policy-not-approved-by-top-management", repo(object.union(good_policy_data, {"approved_by": "alice"})))
	count(fs) == 1
}

test_fail_no_interested_parties if {
	count(findings_of("policy-interested-parties", repo(object.remove(good_policy_data, ["interested_parties"])))) == 1
	count(findings_of("policy-interested-parties", repo(object.union(good_policy_data, {"interested_parties": []})))) == 1
}

test_fail_topic_missing if {
	inp := {"now": "2026-12-01", "artefacts": {"policy": [policy(good_policy_data, headings(["purpose", "scope"]))], "roster": [roster]}}
	fs := findings_of("policy-topic-missing", inp)
	count(fs) == 8
	some f in fs
	f.message == "the policy has no section on escalation"
}

test_success_topic_by_configured_alias if {
	heads := [h | some h in all_topics; h.words != ["escalation"]]
	with_alias := array.concat(heads, [{"words": ["chain", "of", "command"]}])
	inp := {"now": "2026-12-01", "topics": {"escalation": ["chain of command"]}, "artefacts": {"policy": [policy(good_policy_data, with_alias)], "roster": [roster]}}
	count(findings_of("policy-topic-missing", inp)) == 0
}

test_success_topics_setting if {
	inp := {"now": "2026-12-01", "settings": {"policy-topic-missing": {"topics": ["purpose"]}}, "artefacts": {"policy": [policy(good_policy_data, headings(["purpose"]))], "roster": [roster]}}
	count(findings_of("policy-topic-missing", inp)) == 0
}

test_fail_review_overdue if {
	fs := findings_of("review-overdue", repo(object.union(good_policy_data, {"last_reviewed": "2025-11-30"})))
	count(fs) == 1
	some f in fs
	not f.severity
	f.pointer == "/data/last_reviewed"
	f.message == "the incident management policy was due for review on 2026-11-30, 1 days ago"
}

test_fail_review_due_soon_is_a_warning if {
	fs := findings_of("review-overdue", repo(object.union(good_policy_data, {"last_reviewed": "2025-12-20"})))
	some f in fs
	f.severity == "warning"
}

test_success_review_on_due_date_is_not_overdue if {
	fs := findings_of("review-overdue", repo(object.union(good_policy_data, {"last_reviewed": "2025-12-01"})))
	every f in fs {
		f.severity == "warning"
	}
}

test_fail_next_review_passed if {
	fs := findings_of("review-overdue", repo(object.union(good_policy_data, {"next_review": "2026-11-01"})))
	some f in fs
	f.pointer == "/data/next_review"
	not f.severity
}

test_success_review_interval_of_the_document if {
	fields := object.union(good_policy_data, {"last_reviewed": "2025-06-01", "review_interval": "24 months"})
	count(findings_of("review-overdue", repo(fields))) == 0
}

test_success_configured_interval if {
	fields := object.union(good_policy_data, {"last_reviewed": "2025-06-01"})
	inp := object.union(repo(fields), {"settings": {"review-overdue": {"interval": "2 years"}}})
	count(findings_of("review-overdue", inp)) == 0
}

test_fail_approval_in_future if {
	fs := findings_of("approval-in-future", repo(object.union(good_policy_data, {"approved_on": "2026-12-02"})))
	{f.pointer | some f in fs} == {"/data/approved_on"}
}

test_success_approval_today if {
	count(findings_of("approval-in-future", repo(object.union(good_policy_data, {"approved_on": "2026-12-01"})))) == 0
}
