package irready.annex_a_test

import data.irready.annex_a

findings_of(rule, inp) := {f | some f in annex_a.findings with input as inp; f.rule == rule}

obligation := {"id": "gdpr", "authority": "ico", "deadline": "72 hours", "procedure": "reporting"}

register(obligations) := {"path": "legal.yaml", "kind": "legal-register", "id": "legal", "data": {"obligations": obligations}}

test_success_complete_register if {
	count(annex_a.findings) == 0 with input as {"artefacts": {"legal-register": [register([obligation])]}}
}

test_fail_register_missing if {
	count(findings_of("legal-register-missing", {"artefacts": {}})) == 1
}

test_fail_obligation_incomplete if {
	fs := findings_of("obligation-incomplete", {"artefacts": {"legal-register": [register([object.remove(obligation, ["authority", "procedure"])])]}})
	{f.message | some f in fs} == {"the obligation gdpr has no authority", "the obligation gdpr has no procedure"}
}
