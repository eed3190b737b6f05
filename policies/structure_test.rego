package irready.structure_test

import data.irready.structure

rule_ids(fs) := {f.rule | some f in fs}

roster(people) := {"path": "team/roster.yaml", "kind": "roster", "id": "roster", "data": {"people": people}, "links": []}

test_fail_unknown_kind if {
	fs := structure.findings with input as {"kinds": ["roster"], "artefacts": {"rooster": [{"path": "r.yaml", "kind": "rooster", "id": "r", "data": {}, "links": []}]}}
	some f in fs
	f.rule == "unknown-kind"
	f.pointer == "/data/kind"
}

test_success_known_kind if {
	fs := structure.findings with input as {"kinds": ["roster"], "artefacts": {"roster": [roster([])]}}
	not "unknown-kind" in rule_ids(fs)
}

test_fail_invalid_artefact_from_problem if {
	fs := structure.findings with input as {"problems": [{"path": "a.yaml", "message": "malformed YAML", "span": [3, 3]}]}
	fs == {{"rule": "invalid-artefact", "path": "a.yaml", "span": [3, 3], "message": "malformed YAML"}}
}

test_success_no_problems if {
	count(structure.findings) == 0 with input as {"problems": []}
}

test_fail_duplicate_artefact_id if {
	a := {"path": "a/plan.md", "kind": "plan", "id": "plan", "data": {}, "links": []}
	b := {"path": "b/plan.md", "kind": "plan", "id": "plan", "data": {}, "links": []}
	fs := structure.findings with input as {"kinds": ["plan"], "artefacts": {"plan": [a, b]}}
	some f in fs
	f.rule == "duplicate-id"
	f.path == "b/plan.md"
	count({g | some g in fs; g.rule == "duplicate-id"}) == 1
}

test_fail_duplicate_person_id if {
	fs := structure.findings with input as {"kinds": ["roster"], "artefacts": {"roster": [roster([{"id": "alice"}, {"id": "bob"}, {"id": "alice"}])]}}
	some f in fs
	f.rule == "duplicate-id"
	f.pointer == "/data/people/2/id"
}

test_fail_duplicate_improvement_id_within_review if {
	review := {"path": "r.md", "kind": "post-incident-review", "id": "r", "data": {"improvements": [{"id": "i1"}, {"id": "i1"}, {"id": "i1"}]}, "links": []}
	fs := structure.findings with input as {"kinds": ["post-incident-review"], "artefacts": {"post-incident-review": [review]}}
	{f.pointer | some f in fs; f.rule == "duplicate-id"} == {"/data/improvements/1/id", "/data/improvements/2/id"}
}

test_success_distinct_ids if {
	fs := structure.findings with input as {"kinds": ["roster"], "artefacts": {"roster": [roster([{"id": "alice"}, {"id": "bob"}])]}}
	not "duplicate-id" in rule_ids(fs)
}

plan_owned_by(owner) := {"path": "plan.md", "kind": "plan", "id": "plan", "data": {"owner": owner}, "links": []}

test_fail_unknown_person if {
	fs := structure.findings with input as {"kinds": ["plan", "roster"], "artefacts": {"plan": [plan_owned_by("alcie")], "roster": [roster([{"id": "alice"}])]}}
	some f in fs
	f.rule == "unknown-reference"
	f.pointer == "/data/owner"
}

test_success_known_person if {
	fs := structure.findings with input as {"kinds": ["plan", "roster"], "artefacts": {"plan": [plan_owned_by("alice")], "roster": [roster([{"id": "alice"}])]}}
	not "unknown-reference" in rule_ids(fs)
}

test_success_people_unchecked_without_roster if {
	fs := structure.findings with input as {"kinds": ["plan"], "artefacts": {"plan": [plan_owned_by("alice")]}}
	not "unknown-reference" in rule_ids(fs)
}

test_fail_unknown_waiver_approver if {
	fs := structure.findings with input as {"config": {"path": "irready.yaml"}, "waivers": [{"approved_by": "zed"}], "artefacts": {"roster": [roster([{"id": "alice"}])]}}
	some f in fs
	f.rule == "unknown-reference"
	f.path == "irready.yaml"
	f.pointer == "/data/waivers/0/approved_by"
}

test_fail_unknown_course_in_record if {
	programme := {"path": "t.yaml", "kind": "training-programme", "id": "t", "data": {"courses": [{"id": "ir-101"}], "records": [{"person": "alice", "course": "ir-102"}]}, "links": []}
	fs := structure.findings with input as {"kinds": ["training-programme"], "artefacts": {"training-programme": [programme]}}
	some f in fs
	f.rule == "unknown-reference"
	f.pointer == "/data/records/0/course"
}

linking(link) := {"path": "plan/plan.md", "kind": "plan", "id": "plan", "data": {}, "links": [link]}

test_fail_broken_link if {
	fs := structure.findings with input as {"files": {"plan/plan.md": true}, "artefacts": {"plan": [linking({"target": "roster.yaml", "resolved": "plan/roster.yaml", "external": false})]}}
	some f in fs
	f.rule == "broken-link"
	f.pointer == "/links/0"
}

test_fail_link_out_of_the_repository if {
	fs := structure.findings with input as {"files": {}, "artefacts": {"plan": [linking({"target": "../../x", "resolved": null, "external": false})]}}
	"broken-link" in rule_ids(fs)
}

test_success_link_to_existing_file_or_external if {
	inp := {"files": {"plan/roster.yaml": true}, "artefacts": {"plan": [linking({"target": "roster.yaml", "resolved": "plan/roster.yaml", "external": false})]}}
	not "broken-link" in rule_ids(structure.findings) with input as inp
	ext := {"files": {}, "artefacts": {"plan": [linking({"target": "https://example.org", "resolved": null, "external": true})]}}
	not "broken-link" in rule_ids(structure.findings) with input as ext
}

test_fail_related_to_nothing if {
	doc := {"path": "plan.md", "kind": "plan", "id": "plan", "data": {"related": ["im-polcy"]}, "links": []}
	fs := structure.findings with input as {"files": {}, "artefacts": {"plan": [doc]}}
	some f in fs
	f.rule == "broken-link"
	f.pointer == "/data/related/0"
}

test_success_related_to_an_id if {
	doc := {"path": "plan.md", "kind": "plan", "id": "plan", "data": {"related": ["im-policy"]}, "links": []}
	policy := {"path": "policy.md", "kind": "policy", "id": "im-policy", "data": {}, "links": []}
	fs := structure.findings with input as {"files": {}, "artefacts": {"plan": [doc], "policy": [policy]}}
	not "broken-link" in rule_ids(fs)
}
