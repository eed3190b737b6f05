package irready.clause_8_test

import data.irready.clause_8

findings_of(rule, inp) := {f | some f in clause_8.findings with input as inp; f.rule == rule}

contact(id, category) := {"id": id, "category": category, "verified_on": "2026-10-01"}

list(scope, contacts) := {"path": sprintf("%s.yaml", [scope]), "kind": "contacts", "id": scope, "data": {"scope": scope, "contacts": contacts}}

internal := list("internal", [contact(c, c) | some c in ["top-management", "legal", "human-resources", "communications", "it-operations"]])

external := list("external", [contact(c, c) | some c in ["csirt", "law-enforcement", "regulator", "service-provider"]])

repo(lists) := {"now": "2026-12-01", "artefacts": {"contacts": lists}}

test_success_every_category if {
	count(clause_8.findings) == 0 with input as repo([internal, external])
}

test_fail_internal_category_missing if {
	short := list("internal", [contact("legal", "legal")])
	fs := findings_of("internal-contact-missing", repo([short, external]))
	count(fs) == 4
	every f in fs {
		f.path == "internal.yaml"
	}
}

test_fail_external_missing_without_list if {
	fs := findings_of("external-contact-missing", repo([internal]))
	count(fs) == 4
	every f in fs {
		not f.path
	}
}

test_success_configured_categories if {
	inp := object.union(repo([internal, list("external", [contact("c", "csirt")])]), {"settings": {"external-contact-missing": {"categories": ["csirt"]}}})
	count(findings_of("external-contact-missing", inp)) == 0
}

test_fail_contact_unverified if {
	old := list("external", [object.union(contact("csirt", "csirt"), {"verified_on": "2026-05-31"})])
	fs := findings_of("contact-unverified", repo([internal, old]))
	{f.pointer | some f in fs} == {"/data/contacts/0/verified_on"}
}

test_fail_contact_never_verified if {
	never := list("external", [{"id": "csirt", "category": "csirt"}])
	fs := findings_of("contact-unverified", repo([internal, never]))
	{f.pointer | some f in fs} == {"/data/contacts/0"}
}

test_success_verified_six_months_ago if {
	recent := list("external", [object.union(contact("csirt", "csirt"), {"verified_on": "2026-06-01"})])
	count(findings_of("contact-unverified", repo([internal, recent]))) == 0
}
