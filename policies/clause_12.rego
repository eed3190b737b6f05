# Clause 12: Learn lessons.
package irready.clause_12

import data.irready.lib

reviews := lib.artefacts("post-incident-review")

# Reviews by path, and the paths of the reviews that name each incident, so that each
# incident finds its reviews without scanning them all.
review_at[doc.path] := doc if some doc in reviews

naming[incident] contains doc.path if {
	some doc in reviews
	incident := doc.data.incident
}

named_by_id[doc.id] contains doc.path if some doc in reviews

# The reviews of an incident: those it names, and those that name it.
reviews_of(incident) := [review_at[path] | some path in review_paths(incident)]

review_paths(incident) := object.get(naming, incident.id, set()) | object.get(named_by_id, object.get(incident, "review", ""), set())

rules["review-missing-for-incident"] := {
	"clause": "12.1",
	"severity": "error",
	"title": "A serious incident has no timely post-incident review",
	"remediation": "Hold a post-incident review and record it, with the incident's id, within the configured deadline after closure.",
	"checks": "Every closed incident of a configured severity level (by default 1 and 2) must have a post-incident review (named by the incident's `review`, or naming the incident) held within the configured deadline after `closed_on`.",
	"why": "Serious incidents are the most expensive lessons an organisation pays for. Reviewing them while memories are fresh is how the cost buys something.",
	"fix": "Hold the review with the people involved, write it as a `post-incident-review`, and set the incident's `review` to its id.",
	"failing": "incidents:\n  - {id: INC-2026-007, severity: 2, closed_on: 2026-08-10}\n",
	"passing": "incidents:\n  - {id: INC-2026-007, severity: 2, closed_on: 2026-08-10, review: pir-inc-2026-007}\n# and pir-inc-2026-007.md held_on: 2026-08-20\n",
	"settings": {
		"levels": {"default": [1, 2], "about": "the severity levels whose incidents need a review"},
		"deadline": {"default": "30 days", "about": "how long after closure the review must be held"},
	},
}

serious := [[doc, i, incident] |
	levels := lib.setting(rules, "review-missing-for-incident", "levels")
	some doc in lib.artefacts("incident-register")
	some i, incident in lib.entries(doc, "incidents")
	incident.closed_on
	incident.severity in levels
]

findings contains lib.finding("review-missing-for-incident", doc, sprintf("/data/incidents/%d", [i]), msg) if {
	some [doc, i, incident] in serious
	count(reviews_of(incident)) == 0
	msg := sprintf("the incident %s (severity %d) closed on %s has no post-incident review", [incident.id, incident.severity, incident.closed_on])
}

findings contains lib.finding("review-missing-for-incident", review, "/data/held_on", msg) if {
	deadline := lib.setting(rules, "review-missing-for-incident", "deadline")
	some [_, _, incident] in serious
	some review in reviews_of(incident)
	lib.ns(review.data.held_on) > lib.after(incident.closed_on, deadline)
	msg := sprintf("the review of %s was held on %s, more than %s after it closed on %s", [incident.id, review.data.held_on, deadline, incident.closed_on])
}

improvements := [[doc, i, item] |
	some doc in reviews
	some i, item in lib.entries(doc, "improvements")
]

rules["improvement-untracked"] := {
	"clause": "12.2",
	"severity": "error",
	"title": "An improvement lacks an owner, due date or area",
	"remediation": "Give the improvement an `owner`, a `due` date and the `area` it improves.",
	"checks": "Every improvement of a post-incident review must have an `owner`, a `due` date and an `area` (plan, policy, controls, risk-assessment, training or other).",
	"why": "An improvement without an owner and a date is a wish. The area says which part of the organisation must change, and lets lessons be counted by kind.",
	"fix": "Agree who makes the change and by when, and say what it improves.",
	"failing": "improvements:\n  - {id: I1, description: Add every deputy to the out-of-band group}\n",
	"passing": "improvements:\n  - {id: I1, description: Add every deputy to the out-of-band group, area: plan, owner: alice, due: 2027-01-31, status: open}\n",
}

findings contains lib.finding("improvement-untracked", doc, sprintf("/data/improvements/%d", [i]), msg) if {
	some [doc, i, item] in improvements
	some field in ["owner", "due", "area"]
	not item[field]
	msg := sprintf("the improvement %s has no %s", [object.get(item, "id", i + 1), field])
}

rules["improvement-overdue"] := {
	"clause": "12.3",
	"severity": "error",
	"title": "An improvement is overdue",
	"remediation": "Make the change and close the improvement with the commit that made it, or agree a new due date.",
	"checks": "No improvement that is not closed may be past its `due` date.",
	"why": "Lessons that are not acted on are learned again, at the price of another incident.",
	"fix": "Finish the change and set `status: closed` with `resolved_by` naming the commit, or, if the date was wrong, move it with the owner's agreement.",
	"failing": "improvements:\n  - {id: I1, area: plan, owner: alice, due: 2026-10-31, status: open}\n",
	"passing": "improvements:\n  - {id: I1, area: plan, owner: alice, due: 2026-10-31, status: closed, resolved_by: 4f1c2ab}\n",
}

findings contains lib.finding("improvement-overdue", doc, sprintf("/data/improvements/%d/due", [i]), msg) if {
	some [doc, i, item] in improvements
	object.get(item, "status", "open") == "open"
	item.due < input.now
	msg := sprintf("the improvement %s was due on %s and is still open", [object.get(item, "id", i + 1), item.due])
}

rules["imt-evaluation-missing"] := {
	"clause": "12.4",
	"severity": "warning",
	"title": "A post-incident review does not evaluate the IMT",
	"remediation": "Write in `imt_evaluation` how the incident management team performed.",
	"checks": "Every post-incident review must have an `imt_evaluation`.",
	"why": "Reviews tend to look at the attacker and the technology. How the team itself decided, communicated and escalated is where the plan improves.",
	"fix": "Add a paragraph on how the IMT worked: how fast it convened, whether roles were clear, where escalation stalled.",
	"failing": "kind: post-incident-review\nincident: INC-2026-007\nheld_on: 2026-08-20\n",
	"passing": "kind: post-incident-review\nincident: INC-2026-007\nheld_on: 2026-08-20\nimt_evaluation: The IMT convened within the hour; escalation to top management was two hours late.\n",
}

findings contains lib.finding("imt-evaluation-missing", doc, "/data/imt_evaluation", "the review does not evaluate the incident management team") if {
	some doc in reviews
	not doc.data.imt_evaluation
}
