package irready.clause_10_test

import data.irready.clause_10

findings_of(rule, inp) := {f | some f in clause_10.findings with input as inp; f.rule == rule}

roster := {"path": "roster.yaml", "kind": "roster", "id": "roster", "data": {
	"people": [{"id": "alice"}, {"id": "bob"}, {"id": "carol", "left_on": "2026-01-01"}],
	"imt": {"roles": [{"role": "incident-coordinator", "primary": "alice", "deputy": "bob"}]},
	"irts": [{"id": "irt", "lead": "carol", "members": ["carol"]}],
}}

awareness := {"frequency": "12 months", "last_held": "2026-09-15", "next_planned": "2027-03-15"}

programme(records, aw) := {"path": "training.yaml", "kind": "training-programme", "id": "training", "data": {"awareness": aw, "records": records}}

record(person, date) := {"person": person, "course": "ir-101", "completed_on": date}

repo(records, aw) := {"now": "2026-12-01", "artefacts": {"roster": [roster], "training-programme": [programme(records, aw)]}}

test_success_everyone_trained if {
	count(clause_10.findings) == 0 with input as repo([record("alice", "2026-05-01"), record("bob", "2026-01-10")], awareness)
}

test_fail_training_overdue_points_at_latest_record if {
	records := [record("alice", "2026-05-01"), record("bob", "2024-01-10"), record("bob", "2025-11-30")]
	fs := findings_of("training-overdue", repo(records, awareness))
	{[f.pointer, f.message] | some f in fs} == {["/data/records/2/completed_on", "bob last completed a course on 2025-11-30"]}
}

test_fail_never_trained if {
	fs := findings_of("training-overdue", repo([record("alice", "2026-05-01")], awareness))
	{f.pointer | some f in fs} == {"/data/records"}
}

test_fail_no_programme if {
	fs := findings_of("training-overdue", {"now": "2026-12-01", "artefacts": {"roster": [roster]}})
	count(fs) == 2
}

test_fail_awareness_not_planned if {
	aw := object.union(awareness, {"next_planned": "2026-11-01"})
	fs := findings_of("awareness-not-scheduled", repo([], aw))
	{f.pointer | some f in fs} == {"/data/awareness/next_planned"}
}

test_fail_awareness_too_old if {
	aw := object.union(awareness, {"last_held": "2025-11-15"})
	fs := findings_of("awareness-not-scheduled", repo([], aw))
	{f.pointer | some f in fs} == {"/data/awareness/last_held"}
}

test_fail_awareness_absent if {
	doc := {"path": "training.yaml", "kind": "training-programme", "id": "training", "data": {}}
	fs := findings_of("awareness-not-scheduled", {"now": "2026-12-01", "artefacts": {"training-programme": [doc]}})
	{f.pointer | some f in fs} == {"/data/awareness"}
}
