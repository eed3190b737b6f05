package irready.clause_6_test

import data.irready.clause_6

findings_of(rule, inp) := {f | some f in clause_6.findings with input as inp; f.rule == rule}

plan_topics := [{"words": [w]} | some w in [
	"objectives", "scope", "roles", "phases", "communication", "classification", "forms",
	"procedures", "escalation", "evidence", "confidentiality", "testing", "metrics", "review",
]]

plan_data := {
	"owner": "alice",
	"approved_by": "dana",
	"approved_on": "2026-09-01",
	"reviewed_by": ["bob", "carol"],
	"interested_parties": ["customers"],
	"classification_scale": "scale",
	"procedures": ["p1", "p2", "p3", "p4", "p5"],
}

plan(fields) := {"path": "plan.md", "kind": "plan", "id": "plan", "data": fields, "headings": plan_topics}

scale(severities) := {"path": "scale.yaml", "kind": "classification-scale", "id": "scale", "data": {"severities": severities}}

good_severities := [
	{"level": 1, "criteria": "c", "response_time": "1 hours", "escalate_to": "incident-coordinator"},
	{"level": 2, "criteria": "c", "response_time": "4 hours", "escalate_to": "incident-coordinator"},
	{"level": 3, "criteria": "c", "response_time": "2 days"},
]

form(type, names) := {"path": sprintf("forms/%s.yaml", [type]), "kind": "form", "id": type, "data": {"form": type, "fields": [{"name": n} | some n in names]}}

forms := [
	form("event-report", ["reporter", "reported_at", "observed_at", "description", "affected_assets"]),
	form("incident-report", [
		"incident_id", "category", "severity", "detected_at", "reported_at", "description",
		"impact", "actions_taken", "status",
	]),
	form("vulnerability-report", ["reporter", "reported_at", "description", "affected_assets", "status"]),
]

procedure(id, phase, roles) := {"path": sprintf("procedures/%s.md", [id]), "kind": "procedure", "id": id, "data": {"phase": phase, "roles": roles}}

procedures := [
	procedure("p1", "plan-prepare", ["incident-coordinator"]),
	procedure("p2", "detect-report", []),
	procedure("p3", "assess-decide", []),
	procedure("p4", "respond", []),
	procedure("p5", "learn-lessons", []),
]

policy := {"path": "policy.md", "kind": "policy", "id": "pol", "data": {"reporting_channels": [{"name": "line", "address": "x", "confidential": true}]}}

roster := {"path": "roster.yaml", "kind": "roster", "id": "roster", "data": {"classification": "confidential", "imt": {"roles": [{"role": "incident-coordinator"}]}}}

contacts := {"path": "contacts.yaml", "kind": "contacts", "id": "contacts", "data": {"classification": "internal"}}

repo := {"now": "2026-12-01", "artefacts": {
	"plan": [plan(plan_data)],
	"classification-scale": [scale(good_severities)],
	"form": forms,
	"procedure": procedures,
	"policy": [policy],
	"roster": [roster],
	"contacts": [contacts],
}}

with_artefacts(kind, docs) := object.union(repo, {"artefacts": {kind: docs}})

test_success_complete_plan if {
	count(clause_6.findings) == 0 with input as repo
}

test_fail_plan_missing if {
	count(findings_of("plan-missing", with_artefacts("plan", []))) == 1
	two := [plan(plan_data), object.union(plan(plan_data), {"path": "z.md"})]
	{f.path | some f in findings_of("plan-missing", with_artefacts("plan", two))} == {"z.md"}
}

test_fail_plan_not_approved if {
	fs := findings_of("plan-not-approved", with_artefacts("plan", [plan(object.remove(plan_data, ["approved_on"]))]))
	{f.message | some f in fs} == {"the plan has no `approved_on`"}
}

test_fail_plan_consensus if {
	owner_only := object.union(plan_data, {"reviewed_by": ["alice", "bob"]})
	count(findings_of("plan-consensus", with_artefacts("plan", [plan(owner_only)]))) == 1
	count(findings_of("plan-consensus", with_artefacts("plan", [plan(object.remove(plan_data, ["reviewed_by"]))]))) == 1
}

test_fail_plan_interested_parties if {
	count(findings_of("plan-interested-parties", with_artefacts("plan", [plan(object.remove(plan_data, ["interested_parties"]))]))) == 1
}

test_fail_plan_topic_missing if {
	bare := object.union(plan(plan_data), {"headings": [{"words": ["objectives"]}]})
	count(findings_of("plan-topic-missing", with_artefacts("plan", [bare]))) == 13
}

test_fail_scale_missing if {
	fs := findings_of("classification-scale-missing", with_artefacts("classification-scale", []))
	{f.pointer | some f in fs} == {"/data/classification_scale"}
}

test_fail_scale_named_by_plan_missing if {
	other := object.union(scale(good_severities), {"id": "other"})
	count(findings_of("classification-scale-missing", with_artefacts("classification-scale", [other]))) == 1
}

test_fail_scale_with_one_level if {
	fs := findings_of("classification-scale-missing", with_artefacts("classification-scale", [scale([good_severities[0]])]))
	{f.pointer | some f in fs} == {"/data/severities"}
}

test_fail_scale_duplicate_level if {
	dup := array.concat(good_severities, [object.union(good_severities[1], {"level": 1})])
	fs := findings_of("classification-scale-inconsistent", with_artefacts("classification-scale", [scale(dup)]))
	"/data/severities/3/level" in {f.pointer | some f in fs}
}

test_fail_scale_level_without_criteria if {
	sev := [good_severities[0], object.remove(good_severities[1], ["criteria"])]
	fs := findings_of("classification-scale-inconsistent", with_artefacts("classification-scale", [scale(sev)]))
	{f.message | some f in fs} == {"severity level 2 has no `criteria`"}
}

test_fail_scale_escalates_to_unknown_role if {
	sev := [good_severities[0], object.union(good_severities[1], {"escalate_to": "ciso"})]
	fs := findings_of("classification-scale-inconsistent", with_artefacts("classification-scale", [scale(sev)]))
	{f.pointer | some f in fs} == {"/data/severities/1/escalate_to"}
}

test_fail_scale_response_loosens_with_severity if {
	sev := [object.union(good_severities[0], {"response_time": "8 hours"}), good_severities[1]]
	fs := findings_of("classification-scale-inconsistent", with_artefacts("classification-scale", [scale(sev)]))
	{f.pointer | some f in fs} == {"/data/severities/0/response_time"}
}

test_success_scale_across_units if {
	sev := [object.union(good_severities[0], {"response_time": "1 days"}), object.union(good_severities[1], {"response_time": "1 weeks"})]
	count(findings_of("classification-scale-inconsistent", with_artefacts("classification-scale", [scale(sev)]))) == 0
}

test_fail_form_missing if {
	fs := findings_of("form-missing", with_artefacts("form", [forms[0], forms[1]]))
	{f.message | some f in fs} == {"there is no form of type vulnerability-report"}
	every f in fs {
		f.pointer == "/data/forms"
	}
}

test_fail_form_field_missing if {
	short := form("event-report", ["reporter", "description"])
	fs := findings_of("form-field-missing", with_artefacts("form", [short, forms[1], forms[2]]))
	count(fs) == 3
}

test_fail_procedure_reference_missing if {
	fields := object.union(plan_data, {"procedures": ["p1", "p2", "p3", "p4", "p5", "p6"]})
	fs := findings_of("procedure-missing", with_artefacts("plan", [plan(fields)]))
	{f.pointer | some f in fs} == {"/data/procedures/5"}
}

test_fail_phase_without_procedure if {
	fs := findings_of("procedure-missing", with_artefacts("procedure", [procedures[0], procedures[1]]))
	{f.message | some f in fs; f.pointer == "/data/procedures"} == {
		"no procedure covers the assess-decide phase",
		"no procedure covers the respond phase",
		"no procedure covers the learn-lessons phase",
	}
}

test_fail_procedure_role_unknown if {
	docs := array.concat([procedure("p1", "plan-prepare", ["incident-manager"])], array.slice(procedures, 1, 5))
	fs := findings_of("procedure-role-unknown", with_artefacts("procedure", docs))
	{f.pointer | some f in fs} == {"/data/roles/0"}
}

test_fail_no_confidential_channel if {
	open := object.union(policy, {"data": {"reporting_channels": [{"name": "desk", "address": "x"}]}})
	count(findings_of("reporting-channel-missing", with_artefacts("policy", [open]))) == 1
}

test_fail_personal_data_unmarked if {
	public := object.union(roster, {"data": {"classification": "public"}})
	count(findings_of("confidential-data-unmarked", with_artefacts("roster", [public]))) == 1
	unmarked := object.union(object.remove(contacts, ["data"]), {"data": {"scope": "internal"}})
	fs := findings_of("confidential-data-unmarked", with_artefacts("contacts", [unmarked]))
	count(fs) == 1
}
