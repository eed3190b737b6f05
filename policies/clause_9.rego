# Clause 9: Defining technical and other support.
package irready.clause_9

import data.irready.lib

tools := [[doc, i, tool] |
	some doc in lib.artefacts("support-inventory")
	some i, tool in lib.entries(doc, "tools")
]

capabilities := {tool.capability | some [_, _, tool] in tools}

rules["support-capability-missing"] := {
	"clause": "9.2",
	"severity": "error",
	"title": "A required support capability has no tool",
	"remediation": "Add a tool with the missing capability to the support inventory.",
	"checks": "The support inventory must have, among its `tools`, at least one of each required `capability`.",
	"why": "Without an incident tracker decisions are lost; without log collection there is nothing to investigate; without an out-of-band channel the attacker may read the response. Each gap is found when it is needed.",
	"fix": "Provide the capability and list the tool with its `capability`, an `owner` and the date it was `last_tested`.",
	"failing": "kind: support-inventory\ntools:\n  - {id: tracker, capability: incident-tracking, owner: alice, last_tested: 2026-08-20}\n",
	"passing": "kind: support-inventory\ntools:\n  - {id: tracker, capability: incident-tracking, owner: alice, last_tested: 2026-08-20}\n  - {id: siem, capability: log-collection, owner: carol, last_tested: 2026-09-10}\n  # ... and forensics, out-of-band-communication, evidence-storage\n",
	"settings": {"capabilities": {
		"default": ["incident-tracking", "log-collection", "forensics", "out-of-band-communication", "evidence-storage"],
		"about": "the capabilities the inventory must cover",
	}},
}

findings contains f if {
	some capability in lib.setting(rules, "support-capability-missing", "capabilities")
	not capability in capabilities
	msg := sprintf("no tool provides %s", [capability])
	f := object.union(inventory_place, {"message": msg})
}

inventory_place := lib.finding("support-capability-missing", lib.only("support-inventory"), "/data/tools", "") if {
	lib.only("support-inventory")
} else := lib.repository_finding("support-capability-missing", "")

rules["support-tool-untested"] := {
	"clause": "9.2",
	"severity": "warning",
	"title": "A support tool has not been tested recently",
	"remediation": "Test the tool in realistic conditions and set `last_tested` to the date.",
	"checks": "Every tool of the support inventory must have a `last_tested` date within the configured interval.",
	"why": "Licences lapse, accounts expire and integrations break silently. A tool that was not tested this year may not start when an incident needs it.",
	"fix": "Exercise the tool (restore evidence from the store, send a message on the out-of-band channel) and record the date.",
	"failing": "tools:\n  - {id: forensics-kit, capability: forensics, owner: dave}\n",
	"passing": "tools:\n  - {id: forensics-kit, capability: forensics, owner: dave, last_tested: 2026-07-14}\n",
	"settings": {"interval": {"default": "12 months", "about": "how long a test stays current"}},
}

findings contains lib.finding("support-tool-untested", doc, sprintf("/data/tools/%d", [i]), msg) if {
	some [doc, i, tool] in tools
	not tool.last_tested
	msg := sprintf("the tool %s has never been tested", [tool.id])
}

findings contains lib.finding("support-tool-untested", doc, sprintf("/data/tools/%d/last_tested", [i]), msg) if {
	interval := lib.setting(rules, "support-tool-untested", "interval")
	some [doc, i, tool] in tools
	lib.after(tool.last_tested, interval) < lib.now_ns
	msg := sprintf("the tool %s was last tested on %s, more than %s ago", [tool.id, tool.last_tested, interval])
}
