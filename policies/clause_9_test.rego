package irready.clause_9_test

import data.irready.clause_9

findings_of(rule, inp) := {f | some f in clause_9.findings with input as inp; f.rule == rule}

tool(capability) := {"id": capability, "capability": capability, "owner": "alice", "last_tested": "2026-06-01"}

inventory(tools) := {"path": "inventory.yaml", "kind": "support-inventory", "id": "inventory", "data": {"tools": tools}}

all_tools := [tool(c) | some c in ["incident-tracking", "log-collection", "forensics", "out-of-band-communication", "evidence-storage"]]

repo(tools) := {"now": "2026-12-01", "artefacts": {"support-inventory": [inventory(tools)]}}

test_success_every_capability_tested if {
	count(clause_9.findings) == 0 with input as repo(all_tools)
}

test_fail_capability_missing if {
	fs := findings_of("support-capability-missing", repo(array.slice(all_tools, 0, 4)))
	{f.message | some f in fs} == {"no tool provides evidence-storage"}
}

test_fail_no_inventory if {
	fs := findings_of("support-capability-missing", {"now": "2026-12-01", "artefacts": {}})
	count(fs) == 5
}

test_fail_tool_untested if {
	stale := array.concat(array.slice(all_tools, 0, 4), [object.union(tool("evidence-storage"), {"last_tested": "2025-11-30"})])
	fs := findings_of("support-tool-untested", repo(stale))
	{f.pointer | some f in fs} == {"/data/tools/4/last_tested"}
	never := array.concat(array.slice(all_tools, 0, 4), [object.remove(tool("evidence-storage"), ["last_tested"])])
	count(findings_of("support-tool-untested", repo(never))) == 1
}
