package irready.clause_7_test

import data.irready.clause_7

findings_of(rule, inp) := {f | some f in clause_7.findings with input as inp; f.rule == rule}

person(id, competencies) := {
	"id": id,
	"email": sprintf("%s@example.org", [id]),
	"phone": "+44 20 7946 0000",
	"competencies": competencies,
	"certifications": [{"name": "GCIH", "expires": "2028-01-01"}],
}

people := [
	person("alice", []),
	person("bob", []),
	person("carol", ["forensics"]),
	person("dave", ["forensics"]),
	person("erin", []),
	person("frank", []),
	person("gina", []),
	person("hal", []),
	person("ivy", []),
]

roles := [
	{"role": "incident-coordinator", "primary": "alice", "deputy": "bob"},
	{"role": "technical-lead", "primary": "carol", "deputy": "dave"},
	{"role": "communications-lead", "primary": "erin", "deputy": "frank"},
	{"role": "legal-liaison", "primary": "gina", "deputy": "hal"},
]

irts := [{"id": "irt", "type": "central", "lead": "carol", "members": ["carol", "dave", "ivy"], "required_competencies": ["forensics"]}]

roster(fields) := {"path": "roster.yaml", "kind": "roster", "id": "roster", "data": fields}

good := {"people": people, "imt": {"roles": roles}, "irts": irts}

repo(fields) := {"now": "2026-12-01", "artefacts": {"roster": [roster(fields)]}}

with_roles(rs) := repo(object.union(good, {"imt": {"roles": rs}}))

with_people(ps) := repo(object.union(good, {"people": ps}))

test_success_complete_roster if {
	count(clause_7.findings) == 0 with input as repo(good)
}

test_fail_role_missing if {
	fs := findings_of("imt-role-unfilled", with_roles(array.slice(roles, 0, 3)))
	{f.message | some f in fs} == {"the IMT has no legal-liaison"}
}

test_fail_no_roster if {
	fs := findings_of("imt-role-unfilled", {"now": "2026-12-01", "artefacts": {}})
	count(fs) == 4
	every f in fs {
		not f.path
	}
}

test_fail_role_without_primary if {
	rs := array.concat([{"role": "incident-coordinator", "deputy": "bob"}], array.slice(roles, 1, 4))
	fs := findings_of("imt-role-unfilled", with_roles(rs))
	{f.pointer | some f in fs} == {"/data/imt/roles/0"}
}

test_success_required_roles_setting if {
	inp := object.union(with_roles(array.slice(roles, 0, 1)), {"settings": {"imt-role-unfilled": {"required_roles": ["incident-coordinator"]}}})
	count(findings_of("imt-role-unfilled", inp)) == 0
}

test_fail_role_without_deputy if {
	rs := array.concat([{"role": "incident-coordinator", "primary": "alice"}], array.slice(roles, 1, 4))
	count(findings_of("imt-role-no-deputy", with_roles(rs))) == 1
}

test_fail_deputy_is_primary if {
	rs := array.concat([{"role": "incident-coordinator", "primary": "alice", "deputy": "alice"}], array.slice(roles, 1, 4))
	fs := findings_of("imt-role-no-deputy", with_roles(rs))
	{f.pointer | some f in fs} == {"/data/imt/roles/0/deputy"}
}

test_fail_holder_departed if {
	ps := array.concat([object.union(person("alice", []), {"left_on": "2026-12-01"})], array.slice(people, 1, 9))
	fs := findings_of("imt-role-holder-departed", with_people(ps))
	{f.pointer | some f in fs} == {"/data/imt/roles/0/primary"}
}

test_success_holder_leaving_later if {
	ps := array.concat([object.union(person("alice", []), {"left_on": "2026-12-02"})], array.slice(people, 1, 9))
	count(findings_of("imt-role-holder-departed", with_people(ps))) == 0
}

test_fail_overloaded_person if {
	rs := [
		{"role": "incident-coordinator", "primary": "alice", "deputy": "bob"},
		{"role": "technical-lead", "primary": "alice", "deputy": "dave"},
		{"role": "communications-lead", "primary": "alice", "deputy": "frank"},
		{"role": "legal-liaison", "primary": "gina", "deputy": "hal"},
	]
	fs := findings_of("imt-overloaded-person", with_roles(rs))
	{f.pointer | some f in fs} == {"/data/imt/roles/2/primary"}
}

test_success_two_roles_are_allowed if {
	rs := array.concat([object.union(roles[0], {"primary": "carol"})], array.slice(roles, 1, 4))
	count(findings_of("imt-overloaded-person", with_roles(rs))) == 0
}

test_fail_no_irt if {
	fs := findings_of("irt-missing", repo(object.remove(good, ["irts"])))
	{f.pointer | some f in fs} == {"/data/irts"}
}

test_fail_irt_unknown_type if {
	fs := findings_of("irt-missing", repo(object.union(good, {"irts": [object.union(irts[0], {"type": "virtual"})]})))
	{f.pointer | some f in fs} == {"/data/irts/0/type"}
}

test_fail_competency_gap if {
	ps := [p | some p in people; p.id != "dave"]
	fs := findings_of("irt-competency-gap", with_people(array.concat(ps, [person("dave", [])])))
	{f.pointer | some f in fs} == {"/data/irts/0/required_competencies/0"}
}

test_fail_competency_holder_departed if {
	ps := [p | some p in people; p.id != "dave"]
	departed := object.union(person("dave", ["forensics"]), {"left_on": "2026-01-01"})
	count(findings_of("irt-competency-gap", with_people(array.concat(ps, [departed])))) == 1
}

test_fail_certification_expired if {
	ps := [p | some p in people; p.id != "ivy"]
	expired := object.union(person("ivy", []), {"certifications": [{"name": "GCFA", "expires": "2026-11-30"}]})
	fs := findings_of("certification-expired", with_people(array.concat(ps, [expired])))
	some f in fs
	f.pointer == "/data/people/8/certifications/0/expires"
	not f.severity
}

test_fail_certification_expiring_soon_is_a_warning if {
	ps := [p | some p in people; p.id != "ivy"]
	soon := object.union(person("ivy", []), {"certifications": [{"name": "GCFA", "expires": "2027-01-15"}]})
	fs := findings_of("certification-expired", with_people(array.concat(ps, [soon])))
	{f.severity | some f in fs} == {"warning"}
}

test_success_certification_of_a_bystander if {
	ps := array.concat(people, [object.union(person("zed", []), {"certifications": [{"name": "X", "expires": "2020-01-01"}]})])
	count(findings_of("certification-expired", with_people(ps))) == 0
}

test_fail_contact_details_missing if {
	ps := [p | some p in people; p.id != "alice"]
	fs := findings_of("contact-details-missing", with_people(array.concat(ps, [{"id": "alice", "email": "a@example.org"}])))
	{f.pointer | some f in fs} == {"/data/people/8"}
}
