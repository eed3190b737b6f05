# Clause 4: Information security incident management policy.
package irready.clause_4

import data.irready.lib

rules["policy-missing"] := {
	"clause": "4.1",
	"severity": "error",
	"title": "There is no incident management policy, or more than one",
	"remediation": "Keep exactly one artefact of kind `policy`: the incident management policy.",
	"checks": "The repository must hold exactly one artefact of kind `policy`.",
	"why": "The policy is where top management commits the organisation to managing incidents and gives the plan its authority. Without it the plan has no mandate; with two, nobody knows which one is in force.",
	"fix": "Write the policy as a Markdown file with `kind: policy` in its front matter (`irready init` shows one). If there are two, merge them, or make the older one a `security-policy`.",
	"failing": "# a repository with a plan and a roster, but no file of kind: policy\n",
	"passing": "---\nkind: policy\ntitle: Information security incident management policy\n---\n",
}

findings contains lib.repository_finding("policy-missing", "the repository has no artefact of kind `policy`") if {
	count(lib.artefacts("policy")) == 0
}

findings contains lib.finding("policy-missing", doc, "/data/kind", msg) if {
	docs := lib.artefacts("policy")
	count(docs) > 1
	some doc in docs
	doc.path != docs[0].path
	msg := sprintf("a second incident management policy; %s is the first", [docs[0].path])
}

rules["policy-not-approved-by-top-management"] := {
	"clause": "4.1",
	"severity": "error",
	"title": "The policy is not approved by top management",
	"remediation": "Have a member of top management approve the policy, and record them in `approved_by` and in the roster's `top_management`.",
	"checks": "The policy's `approved_by` must be one of the people listed under `top_management` in the roster.",
	"why": "Only top management can commit the resources and authority incident management needs. A policy approved by the team that wrote it binds nobody else.",
	"fix": "Obtain approval from a member of top management and set `approved_by` to them. If they are missing from the roster's `top_management`, add them.",
	"failing": "# policy.md\napproved_by: alice      # roster: top_management: [dana]\n",
	"passing": "# policy.md\napproved_by: dana\n",
}

findings contains lib.finding("policy-not-approved-by-top-management", doc, "/data/approved_by", msg) if {
	some doc in lib.artefacts("policy")
	approver := doc.data.approved_by
	not approver in top_management
	msg := sprintf("the policy is approved by `%s`, who is not in the roster's top management", [approver])
}

top_management contains id if {
	some roster in lib.artefacts("roster")
	some id in object.get(roster.data, "top_management", [])
}

rules["policy-interested-parties"] := {
	"clause": "4.2",
	"severity": "warning",
	"title": "The policy names no interested parties",
	"remediation": "List in `interested_parties` the parties the policy concerns: contact ids or names.",
	"checks": "The policy's `interested_parties` must be a non-empty list.",
	"why": "Incidents involve customers, regulators, suppliers and staff. A policy that names none has not considered whom it must inform or protect.",
	"fix": "Add `interested_parties` to the policy's front matter, with the ids of external contacts or plain names such as `customers`.",
	"failing": "kind: policy\ninterested_parties: []\n",
	"passing": "kind: policy\ninterested_parties: [customers, national-csirt, data-protection-authority]\n",
}

findings contains lib.finding("policy-interested-parties", doc, "/data/interested_parties", "the policy names no interested parties") if {
	some doc in lib.artefacts("policy")
	count(object.get(doc.data, "interested_parties", [])) == 0
}

rules["policy-topic-missing"] := {
	"clause": "4.3",
	"severity": "error",
	"title": "The policy lacks a section on a required topic",
	"remediation": "Add a section whose heading names the topic, or configure an alias for the heading you use.",
	"checks": "The policy's body must have a heading for each required topic. A topic is present when a word of some heading starts with one of its aliases (for example `scope` or `applicability` for the scope); the configuration's `topics` adds aliases.",
	"why": "Each topic answers a question someone will ask during an incident: who may declare one, how to report it, when to escalate, what the law requires. A policy silent on one leaves that question to improvisation.",
	"fix": "Write the missing section under a heading that names it. If your heading uses another word, add it as an alias under `topics` in irready.yaml.",
	"failing": "---\nkind: policy\n---\n# Purpose\n# Scope\n",
	"passing": "---\nkind: policy\n---\n# Purpose\n# Scope\n# Roles and responsibilities\n# Reporting\n# Classification\n# Escalation\n# Legal and regulatory\n# Awareness and training\n# Confidentiality\n# Review\n",
	"settings": {"topics": {
		"default": [
			"purpose", "scope", "roles-and-responsibilities", "reporting", "classification",
			"escalation", "legal-and-regulatory", "awareness-and-training", "confidentiality", "review",
		],
		"about": "the body topics the policy must cover",
	}},
}

findings contains lib.finding("policy-topic-missing", doc, "/data/title", msg) if {
	some doc in lib.artefacts("policy")
	some topic in lib.setting(rules, "policy-topic-missing", "topics")
	not lib.has_topic(doc, topic)
	msg := sprintf("the policy has no section on %s", [replace(topic, "-", " ")])
}

rules["review-overdue"] := {
	"clause": "4.1",
	"severity": "error",
	"title": "A governed document is past its review date",
	"remediation": "Review the document, then update `last_reviewed` (and `next_review`, if set) to the date of the review.",
	"checks": "Each policy, security policy, plan and procedure must have been reviewed within its `review_interval` (by default the configured interval) of `last_reviewed`, and `next_review`, when present, must not have passed. From the configured warning period before the due date, the finding is a warning.",
	"why": "Teams, suppliers, systems and laws change. A plan nobody has looked at for over a year describes an organisation that no longer exists.",
	"fix": "Hold the review with the document's owner, record the changes, and set `last_reviewed` to the date it took place.",
	"failing": "kind: plan\nlast_reviewed: 2024-11-02\nreview_interval: 12 months\n",
	"passing": "kind: plan\nlast_reviewed: 2026-10-15\nreview_interval: 12 months\n",
	"settings": {
		"interval": {"default": "12 months", "about": "the review interval of a document that sets no `review_interval`"},
		"warn_before": {"default": "30 days", "about": "how long before the due date the finding is a warning"},
	},
}

interval(doc) := object.get(doc.data, "review_interval", lib.setting(rules, "review-overdue", "interval"))

due_by_interval(doc) := lib.after(doc.data.last_reviewed, interval(doc))

# The date a document is due for review, and the field that sets it: the earlier of
# `last_reviewed` plus the interval and `next_review`.
review_due(doc) := [due_by_interval(doc), "/data/last_reviewed"] if not next_review_first(doc)

review_due(doc) := [lib.ns(doc.data.next_review), "/data/next_review"] if next_review_first(doc)

next_review_first(doc) if {
	doc.data.next_review
	not doc.data.last_reviewed
}

next_review_first(doc) if lib.ns(doc.data.next_review) < due_by_interval(doc)

# Every governed document with the instant its review is due and the field that sets it,
# by path: computed once, read by both findings below.
reviews[doc.path] := [doc, due, pointer] if {
	some doc in lib.governed
	[due, pointer] := review_due(doc)
}

# Reviews due before this instant are close enough to warn about.
warning_horizon := lib.after(input.now, lib.setting(rules, "review-overdue", "warn_before"))

findings contains lib.finding("review-overdue", doc, pointer, msg) if {
	some [doc, due, pointer] in reviews
	lib.now_ns > due
	msg := sprintf("the %s was due for review on %s, %d days ago", [lib.noun[doc.kind], lib.date(due), lib.days(due, lib.now_ns)])
}

findings contains lib.graded_finding("review-overdue", doc, pointer, msg, "warning") if {
	some [doc, due, pointer] in reviews
	lib.now_ns <= due
	due <= warning_horizon
	msg := sprintf("the %s is due for review on %s, in %d days", [lib.noun[doc.kind], lib.date(due), lib.days(lib.now_ns, due)])
}

rules["approval-in-future"] := {
	"clause": "4.1",
	"severity": "error",
	"title": "An approval or review is dated after today",
	"remediation": "Record the date on which the approval or review actually took place.",
	"checks": "No governed document's `approved_on` or `last_reviewed` may be later than the evaluation date.",
	"why": "Evidence of readiness must describe what has happened. A date in the future is a typo at best, and at worst an approval recorded before it was given.",
	"fix": "Set the date to the day the approval or review took place. If it has not happened yet, keep the previous date until it does.",
	"failing": "kind: policy\napproved_on: 2027-01-15   # evaluated on 2026-12-01\n",
	"passing": "kind: policy\napproved_on: 2026-11-15\n",
}

findings contains lib.finding("approval-in-future", doc, sprintf("/data/%s", [field]), msg) if {
	some doc in lib.governed
	some field in ["approved_on", "last_reviewed"]
	doc.data[field] > input.now
	msg := sprintf("`%s` is %s, after the evaluation date %s", [field, doc.data[field], input.now])
}
