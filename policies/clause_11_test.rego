package irready.clause_11_test

import data.irready.clause_11

findings_of(rule, inp) := {f | some f in clause_11.findings with input as inp; f.rule == rule}

exercise(name, fields) := {"path": sprintf("exercises/%s.md", [name]), "kind": "exercise", "id": name, "data": object.union(
	{"title": name, "type": "tabletop", "goal": "g", "scope": "s", "participants": ["alice", "gina"]},
	fields,
)}

held := exercise("held", {"status": "completed", "date": "2026-09-16"})

planned := exercise("planned", {"status": "planned", "date": "2027-03-10"})

roster := {"path": "roster.yaml", "kind": "roster", "id": "roster", "data": {
	"people": [{"id": "alice"}, {"id": "bob"}, {"id": "gina"}],
	"imt": {"roles": [
		{"role": "incident-coordinator", "primary": "alice", "deputy": "bob"},
		{"role": "legal-liaison", "primary": "gina"},
	]},
}}

metric(fields) := object.union({"id": "mttd", "owner": "carol", "target": "24 hours", "frequency": "1 months", "measurements": [{"period_end": "2026-11-30"}]}, fields)

programme(metrics) := {"path": "monitoring.yaml", "kind": "monitoring-programme", "id": "monitoring", "data": {"metrics": metrics}}

repo(exercises) := {"now": "2026-12-01", "artefacts": {"exercise": exercises, "roster": [roster], "monitoring-programme": [programme([metric({})])]}}

test_success_exercised_and_planned if {
	count(clause_11.findings) == 0 with input as repo([held, planned])
}

test_fail_exercise_overdue if {
	old := exercise("old", {"status": "completed", "date": "2025-11-30"})
	fs := findings_of("exercise-overdue", repo([old, planned]))
	{[f.path, f.pointer] | some f in fs} == {["exercises/old.md", "/data/date"]}
}

test_fail_never_exercised if {
	fs := findings_of("exercise-overdue", repo([planned]))
	count(fs) == 1
	every f in fs {
		not f.path
	}
}

test_success_configured_interval if {
	old := exercise("old", {"status": "completed", "date": "2025-09-30"})
	inp := object.union(repo([old, planned]), {"settings": {"exercise-overdue": {"interval": "18 months"}}})
	count(findings_of("exercise-overdue", inp)) == 0
}

test_fail_not_scheduled if {
	past_plan := exercise("late", {"status": "planned", "date": "2026-11-30"})
	count(findings_of("exercise-not-scheduled", repo([held, past_plan]))) == 1
}

test_fail_goal_or_scope_missing if {
	bare := {"path": "x.md", "kind": "exercise", "id": "x", "data": {"title": "x", "status": "completed", "date": "2026-09-16"}}
	fs := findings_of("exercise-goal-or-scope-missing", repo([held, planned, bare]))
	{f.message | some f in fs} == {"the exercise has no goal", "the exercise has no scope"}
}

test_fail_role_not_exercised if {
	without_legal := exercise("held", {"status": "completed", "date": "2026-09-16", "participants": ["bob"]})
	fs := findings_of("exercise-role-not-exercised", repo([without_legal, planned]))
	{f.pointer | some f in fs} == {"/data/imt/roles/1"}
}

test_fail_finding_overdue if {
	with_findings := exercise("held", {"status": "completed", "date": "2026-09-16", "findings": [
		{"id": "F1", "owner": "alice", "due": "2026-11-30", "status": "open"},
		{"id": "F2", "due": "2027-01-01"},
		{"id": "F3", "owner": "alice", "due": "2026-10-01", "status": "closed"},
	]})
	fs := findings_of("finding-overdue", repo([with_findings, planned]))
	{f.pointer | some f in fs} == {"/data/findings/0/due", "/data/findings/1"}
}

test_fail_metric_incomplete if {
	inp := object.union(repo([held, planned]), {"artefacts": {"monitoring-programme": [programme([metric({}), {"id": "bare", "measurements": []}])]}})
	fs := findings_of("monitoring-metric-incomplete", inp)
	count(fs) == 3
}

test_fail_metric_stale if {
	stale := metric({"measurements": [{"period_end": "2026-10-31"}, {"period_end": "2026-09-30"}]})
	inp := object.union(repo([held, planned]), {"artefacts": {"monitoring-programme": [programme([stale])]}})
	fs := findings_of("monitoring-metric-stale", inp)
	{f.message | some f in fs} == {"the metric mttd was last measured for the period ending 2026-10-31; it is measured every 1 months"}
}

test_fail_metric_never_measured if {
	inp := object.union(repo([held, planned]), {"artefacts": {"monitoring-programme": [programme([metric({"measurements": []})])]}})
	count(findings_of("monitoring-metric-stale", inp)) == 1
}
