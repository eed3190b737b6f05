package irready.history_test

import data.irready.history

findings_of(rule, inp) := {f | some f in history.findings with input as inp; f.rule == rule}

plan(fields) := {"path": "plan.md", "kind": "plan", "id": "plan", "data": object.union({"version": "2.4", "approved_on": "2026-10-08", "last_reviewed": "2026-10-08"}, fields)}

commit(id, date) := {"commit": id, "date": date, "author": "Alice"}

record(fields) := object.union({
	"approval": commit("aaaaaaa1111111", "2026-10-08"),
	"approved_on": commit("aaaaaaa1111111", "2026-10-08"),
	"last_reviewed": commit("aaaaaaa1111111", "2026-10-08"),
	"changes_after_approval": [],
}, fields)

repo(doc, rec) := {"now": "2026-12-01", "artefacts": {"plan": [doc]}, "history": {"available": true, "documents": {"plan.md": rec}, "commits": {}}}

test_success_consistent_history if {
	count(history.findings) == 0 with input as repo(plan({}), record({}))
}

test_fail_history_unavailable if {
	fs := findings_of("history-unavailable", {"history": {"available": false, "reason": "shallow"}})
	{f.message | some f in fs} == {"the git history is not checked: shallow"}
	count(findings_of("history-unavailable", {})) == 1
}

test_fail_history_incomplete if {
	inp := {"history": {"available": true, "incomplete": "object 1234 missing", "documents": {}, "commits": {}}}
	count(findings_of("history-unavailable", inp)) == 1
}

test_fail_changed_after_approval if {
	rec := record({"changes_after_approval": [commit("bbbbbbb2222222", "2026-11-02"), commit("ccccccc3333333", "2026-10-20")], "first_changed_line": 42})
	fs := findings_of("changed-after-approval", repo(plan({}), rec))
	{[f.line, f.message] | some f in fs} == {[42, "the incident management plan changed after version 2.4 was approved in aaaaaaa: 2 commits, the latest bbbbbbb by Alice on 2026-11-02"]}
}

test_fail_uncommitted_change_after_approval if {
	rec := record({"changes_after_approval": [{"commit": null}], "first_changed_line": 3})
	fs := findings_of("changed-after-approval", repo(plan({}), rec))
	{f.message | some f in fs} == {"the incident management plan changed after version 2.4 was approved in aaaaaaa: in uncommitted changes in the work tree"}
}

test_fail_declared_date_predates_commit if {
	rec := record({"last_reviewed": commit("ddddddd4444444", "2026-11-15")})
	fs := findings_of("declared-date-predates-commit", repo(plan({}), rec))
	{f.pointer | some f in fs} == {"/data/last_reviewed"}
}

test_success_declared_date_within_tolerance if {
	rec := record({"last_reviewed": commit("ddddddd4444444", "2026-11-07")})
	count(findings_of("declared-date-predates-commit", repo(plan({}), rec))) == 0
}

test_fail_declared_date_after_commit if {
	rec := record({"approved_on": commit("eeeeeee5555555", "2026-10-01")})
	fs := findings_of("declared-date-after-commit", repo(plan({}), rec))
	{f.pointer | some f in fs} == {"/data/approved_on"}
}

test_success_uncommitted_dates_are_not_judged if {
	rec := record({"approved_on": {"commit": null}})
	count(history.findings) == 0 with input as repo(plan({}), rec)
}

exercise(item) := {"path": "ex.md", "kind": "exercise", "id": "ex", "data": {"date": "2026-09-16", "findings": [item]}}

with_commits(commits) := {"now": "2026-12-01", "artefacts": {"exercise": [exercise({"id": "F1", "status": "closed", "resolved_by": "1234567"})]}, "history": {"available": true, "documents": {}, "commits": commits}}

test_fail_resolution_commit_missing if {
	fs := findings_of("resolution-commit-missing", with_commits({"1234567": {"exists": false}}))
	{f.pointer | some f in fs} == {"/data/findings/0/resolved_by"}
}

test_fail_resolution_commit_before_the_finding if {
	fs := findings_of("resolution-commit-unrelated", with_commits({"1234567": {"exists": true, "date": "2026-09-01", "touches_artefact": true}}))
	count(fs) == 1
}

test_fail_resolution_commit_touching_no_artefact if {
	fs := findings_of("resolution-commit-unrelated", with_commits({"1234567": {"exists": true, "date": "2026-10-01", "touches_artefact": false}}))
	count(fs) == 1
}

test_success_resolution_commit_related if {
	count(history.findings) == 0 with input as with_commits({"1234567": {"exists": true, "date": "2026-10-01", "touches_artefact": true}})
}

test_success_unknown_resolution_is_not_judged if {
	count(history.findings) == 0 with input as with_commits({})
}
