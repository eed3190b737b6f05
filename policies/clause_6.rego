# Clause 6: Creating information security incident management plan.
package irready.clause_6

import data.irready.lib

rules["plan-missing"] := {
	"clause": "6.1",
	"severity": "error",
	"title": "There is no incident management plan, or more than one",
	"remediation": "Keep exactly one artefact of kind `plan`: the incident management plan.",
	"checks": "The repository must hold exactly one artefact of kind `plan`.",
	"why": "The plan turns the policy into action: who does what, with which forms and procedures, in each phase of an incident. Without it responders improvise; with two, they follow different versions.",
	"fix": "Write the plan as a Markdown file with `kind: plan` in its front matter (`irready init` shows one). If there are two, merge them.",
	"failing": "# a repository with a policy and a roster, but no file of kind: plan\n",
	"passing": "---\nkind: plan\ntitle: Information security incident management plan\n---\n",
}

findings contains lib.repository_finding("plan-missing", "the repository has no artefact of kind `plan`") if {
	count(lib.artefacts("plan")) == 0
}

findings contains lib.finding("plan-missing", doc, "/data/kind", msg) if {
	docs := lib.artefacts("plan")
	count(docs) > 1
	some doc in docs
	doc.path != docs[0].path
	msg := sprintf("a second incident management plan; %s is the first", [docs[0].path])
}

rules["plan-not-approved"] := {
	"clause": "6.1",
	"severity": "error",
	"title": "The plan is not approved",
	"remediation": "Record who approved the plan in `approved_by` and when in `approved_on`.",
	"checks": "The plan must have both `approved_by` and `approved_on`.",
	"why": "An unapproved plan is a draft: nobody has accepted the responsibilities and resources it assigns, and responders cannot rely on it.",
	"fix": "Have the plan approved, then add `approved_by` (a person of the roster) and `approved_on` (the date) to its front matter.",
	"failing": "kind: plan\ntitle: Incident management plan\n",
	"passing": "kind: plan\ntitle: Incident management plan\napproved_by: dana\napproved_on: 2026-09-30\n",
}

findings contains lib.finding("plan-not-approved", doc, "/data/kind", msg) if {
	some doc in lib.artefacts("plan")
	some field in ["approved_by", "approved_on"]
	not doc.data[field]
	msg := sprintf("the plan has no `%s`", [field])
}

rules["plan-consensus"] := {
	"clause": "6.2",
	"severity": "warning",
	"title": "Too few people agreed the plan",
	"remediation": "List in `reviewed_by` the people, besides the owner, who reviewed and agreed the plan.",
	"checks": "The plan's `reviewed_by` must name at least the configured number of distinct people other than its owner.",
	"why": "A plan written by one person reflects one view. Those who must carry it out (IT operations, legal, communications) should have agreed to it, or it will fail where it meets them.",
	"fix": "Circulate the plan to the people it assigns work to, and add those who agreed it to `reviewed_by`.",
	"failing": "kind: plan\nowner: alice\nreviewed_by: [alice]\n",
	"passing": "kind: plan\nowner: alice\nreviewed_by: [bob, carol, erin]\n",
	"settings": {"min_reviewers": {"default": 2, "about": "how many people besides the owner must have agreed the plan"}},
}

findings contains lib.finding("plan-consensus", doc, "/data/reviewed_by", msg) if {
	some doc in lib.artefacts("plan")
	reviewers := {p | some p in object.get(doc.data, "reviewed_by", []); is_string(p); p != object.get(doc.data, "owner", "")}
	minimum := lib.setting(rules, "plan-consensus", "min_reviewers")
	count(reviewers) < minimum
	msg := sprintf("the plan was agreed by %d people besides its owner; at least %d should agree it", [count(reviewers), minimum])
}

rules["plan-interested-parties"] := {
	"clause": "6.3",
	"severity": "warning",
	"title": "The plan names no interested parties",
	"remediation": "List in `interested_parties` the parties the plan involves: contact ids or names.",
	"checks": "The plan's `interested_parties` must be a non-empty list.",
	"why": "The plan must say whom responders deal with: customers, suppliers, authorities. Naming them is the first step to having their contacts ready.",
	"fix": "Add `interested_parties` to the plan's front matter.",
	"failing": "kind: plan\ninterested_parties: []\n",
	"passing": "kind: plan\ninterested_parties: [customers, cloud-provider, national-csirt]\n",
}

findings contains lib.finding("plan-interested-parties", doc, "/data/interested_parties", "the plan names no interested parties") if {
	some doc in lib.artefacts("plan")
	count(object.get(doc.data, "interested_parties", [])) == 0
}

rules["plan-topic-missing"] := {
	"clause": "6.4",
	"severity": "error",
	"title": "The plan lacks a section on a required topic",
	"remediation": "Add a section whose heading names the topic, or configure an alias for the heading you use.",
	"checks": "The plan's body must have a heading for each required topic, matched by the aliases of the topic as for the policy.",
	"why": "Each section of the plan is something responders need in the moment: the phases, the escalation path, how to handle evidence. A missing section is a decision left for the middle of an incident.",
	"fix": "Write the missing section under a heading that names it. If your heading uses another word, add it as an alias under `topics` in irready.yaml.",
	"failing": "---\nkind: plan\n---\n# Objectives\n# Scope\n",
	"passing": "---\nkind: plan\n---\n# Objectives\n# Scope\n# Roles\n# Phases\n# Communication\n# Classification\n# Forms\n# Procedures\n# Escalation\n# Evidence handling\n# Confidentiality\n# Testing\n# Metrics\n# Review\n",
	"settings": {"topics": {
		"default": [
			"objectives", "scope", "roles", "phases", "communication", "classification", "forms",
			"procedures", "escalation", "evidence-handling", "confidentiality", "testing", "metrics", "review",
		],
		"about": "the body topics the plan must cover",
	}},
}

findings contains lib.finding("plan-topic-missing", doc, "/data/title", msg) if {
	some doc in lib.artefacts("plan")
	some topic in lib.setting(rules, "plan-topic-missing", "topics")
	not lib.has_topic(doc, topic)
	msg := sprintf("the plan has no section on %s", [replace(topic, "-", " ")])
}

rules["classification-scale-missing"] := {
	"clause": "6.5",
	"severity": "error",
	"title": "There is no incident classification scale",
	"remediation": "Add a `classification-scale` artefact with at least two severity levels, and name it in the plan's `classification_scale`.",
	"checks": "The repository must hold a classification scale (the one the plan names in `classification_scale`, if it names one) with at least the configured number of severity levels.",
	"why": "Responders decide how fast to act, and whom to wake, by an incident's severity. Without a shared scale each of them decides differently.",
	"fix": "Write a `classification-scale` YAML file with `categories` and `severities`; level 1 is the most severe.",
	"failing": "kind: classification-scale\nseverities:\n  - {level: 1, name: Critical, criteria: ..., response_time: 1 hours}\n",
	"passing": "kind: classification-scale\nseverities:\n  - {level: 1, name: Critical, criteria: ..., response_time: 1 hours}\n  - {level: 2, name: High, criteria: ..., response_time: 4 hours}\n",
	"settings": {"min_levels": {"default": 2, "about": "the fewest severity levels a scale may have"}},
}

# The scales the plan relies on: the one it names, or every scale when it names none.
scales := [doc |
	some doc in lib.artefacts("classification-scale")
	named_by_plan(doc)
]

named_by_plan(doc) if {
	plan := lib.only("plan")
	doc.id == plan.data.classification_scale
}

named_by_plan(_) if not lib.only("plan").data.classification_scale

findings contains f if {
	count(scales) == 0
	f := missing_scale_finding
}

missing_scale_finding := lib.finding("classification-scale-missing", plan, "/data/classification_scale", msg) if {
	plan := lib.only("plan")
	msg := "the plan relies on no classification scale of the repository"
} else := lib.repository_finding("classification-scale-missing", "the repository has no classification scale")

findings contains lib.finding("classification-scale-missing", doc, "/data/severities", msg) if {
	some doc in scales
	levels := {s.level | some s in lib.entries(doc, "severities")}
	minimum := lib.setting(rules, "classification-scale-missing", "min_levels")
	count(levels) < minimum
	msg := sprintf("the scale has %d severity levels; it needs at least %d", [count(levels), minimum])
}

rules["classification-scale-inconsistent"] := {
	"clause": "6.5",
	"severity": "error",
	"title": "The classification scale contradicts itself",
	"remediation": "Give every severity level a distinct number, criteria and a response time no slower than those of less severe levels, and escalate to an IMT role.",
	"checks": "In every classification scale: no two severities share a level; each has `criteria` and `response_time`; each `escalate_to` is a role of the IMT; and a more severe level (a lower number) never allows a slower response than a less severe one.",
	"why": "A scale that lets a critical incident wait longer than a minor one, or escalates to a role nobody holds, sends responders the wrong way exactly when it matters.",
	"fix": "Renumber duplicate levels, fill in the criteria and response times, and make response times shrink as severity grows.",
	"failing": "severities:\n  - {level: 1, criteria: ..., response_time: 8 hours}\n  - {level: 2, criteria: ..., response_time: 4 hours}\n",
	"passing": "severities:\n  - {level: 1, criteria: ..., response_time: 1 hours}\n  - {level: 2, criteria: ..., response_time: 4 hours}\n",
}

findings contains lib.finding("classification-scale-inconsistent", doc, sprintf("/data/severities/%d/level", [i]), msg) if {
	some doc in lib.artefacts("classification-scale")
	severities := lib.entries(doc, "severities")
	some i, severity in severities
	some j, other in severities
	j < i
	other.level == severity.level
	msg := sprintf("severity level %d is defined twice", [severity.level])
}

findings contains lib.finding("classification-scale-inconsistent", doc, sprintf("/data/severities/%d", [i]), msg) if {
	some doc in lib.artefacts("classification-scale")
	some i, severity in lib.entries(doc, "severities")
	some field in ["criteria", "response_time"]
	not severity[field]
	msg := sprintf("severity level %v has no `%s`", [object.get(severity, "level", i + 1), field])
}

findings contains lib.finding("classification-scale-inconsistent", doc, sprintf("/data/severities/%d/escalate_to", [i]), msg) if {
	some doc in lib.artefacts("classification-scale")
	some i, severity in lib.entries(doc, "severities")
	severity.escalate_to
	not severity.escalate_to in lib.role_names
	msg := sprintf("severity level %v escalates to `%s`, which is not a role of the IMT", [object.get(severity, "level", i + 1), severity.escalate_to])
}

findings contains lib.finding("classification-scale-inconsistent", doc, sprintf("/data/severities/%d/response_time", [i]), msg) if {
	some doc in lib.artefacts("classification-scale")
	severities := lib.entries(doc, "severities")
	some i, severe in severities
	some milder in severities
	severe.level < milder.level
	lib.hours(severe.response_time) > lib.hours(milder.response_time)
	msg := sprintf("level %d allows %s to respond, slower than the %s of the less severe level %d", [severe.level, severe.response_time, milder.response_time, milder.level])
}

rules["form-missing"] := {
	"clause": "6.6",
	"severity": "error",
	"title": "A reporting form is missing",
	"remediation": "Add a `form` artefact for each required form type: event, incident and vulnerability reports.",
	"checks": "For each required form type there must be a `form` artefact whose `form` is that type.",
	"why": "Forms make reports complete and comparable. Without an event report form, the first account of an incident arrives missing the facts that decide what happens next.",
	"fix": "Write a YAML file with `kind: form`, `form:` the missing type and its `fields`. `irready init` writes all three.",
	"failing": "# forms/event.yaml and forms/incident.yaml, but no vulnerability-report form\n",
	"passing": "kind: form\nform: vulnerability-report\nfields:\n  - {name: reporter, required: true}\n",
	"settings": {"forms": {
		"default": ["event-report", "incident-report", "vulnerability-report"],
		"about": "the form types the repository must have",
	}},
}

form_types := {doc.data.form | some doc in lib.artefacts("form")}

findings contains f if {
	some type in lib.setting(rules, "form-missing", "forms")
	not type in form_types
	msg := sprintf("there is no form of type %s", [type])
	f := object.union(missing_form_place, {"message": msg})
}

missing_form_place := lib.finding("form-missing", plan, "/data/forms", "") if {
	plan := lib.only("plan")
} else := lib.repository_finding("form-missing", "")

rules["form-field-missing"] := {
	"clause": "6.6",
	"severity": "error",
	"title": "A form lacks a field its type needs",
	"remediation": "Add the missing field to the form's `fields`.",
	"checks": "Each form must have every minimum field of its type: for an event report, reporter, reported_at, observed_at, description and affected_assets; for an incident report, incident_id, category, severity, detected_at, reported_at, description, impact, actions_taken and status; for a vulnerability report, reporter, reported_at, description, affected_assets and status.",
	"why": "A report missing, say, when the event was observed or which assets are affected cannot be assessed without going back to the reporter, and the time lost is the attacker's.",
	"fix": "Add `{name: <field>, required: true}` to the form's `fields` for each missing field.",
	"failing": "kind: form\nform: event-report\nfields:\n  - {name: description, required: true}\n",
	"passing": "kind: form\nform: event-report\nfields:\n  - {name: reporter, required: true}\n  - {name: reported_at, required: true}\n  - {name: observed_at, required: true}\n  - {name: description, required: true}\n  - {name: affected_assets, required: true}\n",
	"settings": {"fields": {
		"default": {
			"event-report": ["reporter", "reported_at", "observed_at", "description", "affected_assets"],
			"incident-report": [
				"incident_id", "category", "severity", "detected_at", "reported_at",
				"description", "impact", "actions_taken", "status",
			],
			"vulnerability-report": ["reporter", "reported_at", "description", "affected_assets", "status"],
		},
		"about": "the minimum fields of each form type",
	}},
}

findings contains lib.finding("form-field-missing", doc, "/data/fields", msg) if {
	some doc in lib.artefacts("form")
	required := object.get(lib.setting(rules, "form-field-missing", "fields"), doc.data.form, [])
	present := {field.name | some field in lib.entries(doc, "fields")}
	some name in required
	not name in present
	msg := sprintf("the %s form has no `%s` field", [doc.data.form, name])
}

rules["procedure-missing"] := {
	"clause": "6.7",
	"severity": "error",
	"title": "A procedure is missing",
	"remediation": "Write a `procedure` for every phase, and list only existing procedures in the plan's `procedures`.",
	"checks": "Every entry of the plan's `procedures` must be the id of a `procedure` artefact, and each phase of incident management (plan-prepare, detect-report, assess-decide, respond, learn-lessons) must have at least one procedure.",
	"why": "The plan says what must happen; procedures say how. A phase without a procedure is the phase where each responder does it their own way.",
	"fix": "Write the missing procedure as a Markdown file with `kind: procedure` and its `phase`, and list its id in the plan's `procedures`.",
	"failing": "kind: plan\nprocedures: [triage, containment, lesons-learned]\n",
	"passing": "kind: plan\nprocedures: [preparation, reporting, triage, containment, lessons-learned]\n",
	"settings": {"phases": {
		"default": ["plan-prepare", "detect-report", "assess-decide", "respond", "learn-lessons"],
		"about": "the phases that must each have a procedure",
	}},
}

procedure_ids := {doc.id | some doc in lib.artefacts("procedure")}

findings contains lib.finding("procedure-missing", plan, sprintf("/data/procedures/%d", [i]), msg) if {
	some plan in lib.artefacts("plan")
	some i, id in object.get(plan.data, "procedures", [])
	is_string(id)
	not id in procedure_ids
	msg := sprintf("`%s` is not the id of a procedure", [id])
}

covered_phases := {doc.data.phase | some doc in lib.artefacts("procedure")}

findings contains f if {
	some phase in lib.setting(rules, "procedure-missing", "phases")
	not phase in covered_phases
	msg := sprintf("no procedure covers the %s phase", [phase])
	f := object.union(missing_procedure_place, {"message": msg})
}

missing_procedure_place := lib.finding("procedure-missing", plan, "/data/procedures", "") if {
	plan := lib.only("plan")
} else := lib.repository_finding("procedure-missing", "")

rules["procedure-role-unknown"] := {
	"clause": "6.7",
	"severity": "error",
	"title": "A procedure assigns work to a role the IMT does not have",
	"remediation": "Assign the work to a role defined in the roster's `imt.roles`, or define the role there.",
	"checks": "Every entry of a procedure's `roles` must be a role of the roster's `imt.roles`.",
	"why": "Work assigned to a role that nobody holds is work nobody does.",
	"fix": "Use the name of an existing IMT role, or add the role, with a primary and a deputy, to the roster.",
	"failing": "kind: procedure\nroles: [incident-manager]   # the IMT has incident-coordinator\n",
	"passing": "kind: procedure\nroles: [incident-coordinator]\n",
}

findings contains lib.finding("procedure-role-unknown", doc, sprintf("/data/roles/%d", [i]), msg) if {
	some doc in lib.artefacts("procedure")
	some i, role in object.get(doc.data, "roles", [])
	is_string(role)
	not role in lib.role_names
	msg := sprintf("`%s` is not a role of the IMT", [role])
}

rules["reporting-channel-missing"] := {
	"clause": "6.8",
	"severity": "warning",
	"title": "There is no confidential channel for reporting events",
	"remediation": "Add to the policy's `reporting_channels` a channel with `confidential: true`.",
	"checks": "At least one of the policy's `reporting_channels` must be marked `confidential: true`.",
	"why": "People report what they fear to report (a colleague's mistake, their own) only when they trust the channel. A confidential channel is how incidents that would stay hidden come to light.",
	"fix": "Offer a confidential way to report, such as a dedicated mailbox read only by the IMT, and list it with `confidential: true`.",
	"failing": "reporting_channels:\n  - {name: Service desk, address: servicedesk@example.org}\n",
	"passing": "reporting_channels:\n  - {name: Service desk, address: servicedesk@example.org}\n  - {name: Confidential line, address: report@example.org, confidential: true}\n",
}

findings contains lib.finding("reporting-channel-missing", doc, "/data/reporting_channels", msg) if {
	some doc in lib.artefacts("policy")
	not has_confidential_channel(doc)
	msg := "the policy offers no confidential reporting channel"
}

has_confidential_channel(doc) if {
	some channel in lib.entries(doc, "reporting_channels")
	channel.confidential == true
}

rules["confidential-data-unmarked"] := {
	"clause": "6.9",
	"severity": "error",
	"title": "Personal data is not classified as confidential",
	"remediation": "Set `classification` of the roster and contact lists to `internal`, `confidential` or `restricted`.",
	"checks": "Rosters and contact lists hold personal data: their `classification` must be present and must not be `public`.",
	"why": "Names, phone numbers and roles of the people who respond to incidents are what an attacker needs for social engineering. Their handling must be clear from the document itself.",
	"fix": "Add `classification: confidential` (or `internal`, `restricted`) to the file, and make sure the repository's access matches it.",
	"failing": "kind: roster\nclassification: public\n",
	"passing": "kind: roster\nclassification: confidential\n",
}

findings contains lib.finding("confidential-data-unmarked", doc, "/data/classification", msg) if {
	some kind in ["roster", "contacts"]
	some doc in lib.artefacts(kind)
	classification := object.get(doc.data, "classification", "unclassified")
	classification in {"public", "unclassified"}
	msg := sprintf("the %s holds personal data but is %s", [kind, classification])
}
