# Waivers: which findings a waiver of the configuration covers, and the waivers that have
# expired or cover nothing. Evaluated after every other package, on their findings.
package irready.waivers

import data.irready.lib

rules["waiver-expired"] := {
	"clause": "any",
	"severity": "error",
	"title": "A waiver has expired",
	"remediation": "Fix what the waiver covered, or renew the waiver with a new expiry date and a fresh approval.",
	"checks": "Every waiver in irready.yaml must expire on or after the evaluation date. An expired waiver waives nothing.",
	"why": "A waiver is a decision to accept a gap for a while, not for ever. When it lapses the gap is back, and somebody must decide again.",
	"fix": "Close the gap the waiver covered and delete the waiver. If the gap must stay, have the waiver approved again and move `expires`.",
	"failing": "waivers:\n  - {rule: exercise-overdue, reason: Office move, approved_by: dana, expires: 2026-10-31}\n",
	"passing": "waivers:\n  - {rule: exercise-overdue, reason: Office move, approved_by: dana, expires: 2027-01-31}\n",
}

rules["waiver-unused"] := {
	"clause": "any",
	"severity": "info",
	"title": "A waiver covers no finding",
	"remediation": "Delete the waiver: what it waived is no longer a finding.",
	"checks": "Every waiver that has not expired must cover at least one finding.",
	"why": "A waiver that covers nothing is noise that hides the ones that matter, and it would silently cover the next, different gap of that rule.",
	"fix": "Delete the waiver from irready.yaml.",
	"failing": "waivers:\n  - {rule: plan-consensus, reason: Reviewers on leave, approved_by: dana, expires: 2027-01-31}\n# and the plan has enough reviewers\n",
	"passing": "# no waiver for a rule without findings\n",
}

waivers := object.get(input, "waivers", [])

active(waiver) if waiver.expires >= input.now

covers(waiver, finding) if {
	waiver.rule == finding.rule
	not waiver.path
}

covers(waiver, finding) if {
	waiver.rule == finding.rule
	under(finding.path, waiver.path)
}

under(path, prefix) if path == prefix

under(path, prefix) if {
	endswith(prefix, "/")
	startswith(path, prefix)
}

under(path, prefix) if startswith(path, concat("", [prefix, "/"]))

# [index of the finding, index of the first active waiver that covers it].
waived contains [i, w] if {
	some i, finding in object.get(input, "findings", [])
	w := min({j |
		some j, waiver in waivers
		active(waiver)
		covers(waiver, finding)
	})
}

used contains w if some [_, w] in waived

findings contains f if {
	some i, waiver in waivers
	not active(waiver)
	f := {
		"rule": "waiver-expired",
		"path": input.config.path,
		"pointer": sprintf("/data/waivers/%d/expires", [i]),
		"message": sprintf("the waiver of %s expired on %s", [waiver.rule, waiver.expires]),
	}
}

findings contains f if {
	some i, waiver in waivers
	active(waiver)
	not i in used
	f := {
		"rule": "waiver-unused",
		"path": input.config.path,
		"pointer": sprintf("/data/waivers/%d", [i]),
		"message": sprintf("the waiver of %s covers no finding", [waiver.rule]),
	}
}
