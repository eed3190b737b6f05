package irready.clause_12_test

import data.irready.clause_12

findings_of(rule, inp) := {f | some f in clause_12.findings with input as inp; f.rule == rule}

register(incidents) := {"path": "register.yaml", "kind": "incident-register", "id": "register", "data": {"incidents": incidents}}

review(id, incident, fields) := {"path": sprintf("%s.md", [id]), "kind": "post-incident-review", "id": id, "data": object.union(
	{"incident": incident, "held_on": "2026-08-20", "imt_evaluation": "fine", "improvements": []},
	fields,
)}

incident := {"id": "INC-1", "severity": 2, "closed_on": "2026-08-10"}

repo(incidents, reviews) := {"now": "2026-12-01", "artefacts": {"incident-register": [register(incidents)], "post-incident-review": reviews}}

test_success_reviewed_in_time if {
	count(clause_12.findings) == 0 with input as repo([incident], [review("pir-1", "INC-1", {})])
}

test_success_review_named_by_the_incident if {
	named := object.union(incident, {"review": "pir-x"})
	count(clause_12.findings) == 0 with input as repo([named], [review("pir-x", "other", {})])
}

test_fail_review_missing if {
	fs := findings_of("review-missing-for-incident", repo([incident], []))
	{f.pointer | some f in fs} == {"/data/incidents/0"}
}

test_success_minor_incident_needs_no_review if {
	minor := object.union(incident, {"severity": 3})
	count(findings_of("review-missing-for-incident", repo([minor], []))) == 0
}

test_success_open_incident_needs_no_review_yet if {
	open := object.remove(incident, ["closed_on"])
	count(findings_of("review-missing-for-incident", repo([open], []))) == 0
}

test_fail_review_late if {
	fs := findings_of("review-missing-for-incident", repo([incident], [review("pir-1", "INC-1", {"held_on": "2026-09-10"})]))
	{f.pointer | some f in fs} == {"/data/held_on"}
}

test_fail_improvement_untracked if {
	items := [{"id": "I1", "description": "x"}]
	fs := findings_of("improvement-untracked", repo([incident], [review("pir-1", "INC-1", {"improvements": items})]))
	count(fs) == 3
}

test_fail_improvement_overdue if {
	items := [
		{"id": "I1", "area": "plan", "owner": "alice", "due": "2026-11-30", "status": "open"},
		{"id": "I2", "area": "plan", "owner": "alice", "due": "2026-11-30", "status": "closed"},
	]
	fs := findings_of("improvement-overdue", repo([incident], [review("pir-1", "INC-1", {"improvements": items})]))
	{f.pointer | some f in fs} == {"/data/improvements/0/due"}
}

test_fail_imt_evaluation_missing if {
	doc := object.union(review("pir-1", "INC-1", {}), {"data": {"imt_evaluation": null}})
	bare := {"path": "pir-1.md", "kind": "post-incident-review", "id": "pir-1", "data": {"incident": "INC-1", "held_on": "2026-08-20"}}
	count(findings_of("imt-evaluation-missing", repo([incident], [bare]))) == 1
	doc.data.imt_evaluation == null
}
