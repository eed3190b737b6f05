# Structure: rules that keep the plan repository readable by every other rule. They serve
# no single clause.
package irready.structure

import data.irready.lib

rules["unknown-kind"] := {
	"clause": "any",
	"severity": "error",
	"title": "An artefact declares a kind the format does not have",
	"remediation": "Use one of the kinds of the plan repository format, or remove the `kind` key.",
	"checks": "Every Markdown front matter or YAML file with a `kind` key must name a kind of the plan repository format: policy, security-policy, plan, procedure, classification-scale, form, roster, contacts, support-inventory, training-programme, exercise, monitoring-programme, incident-register, post-incident-review or legal-register.",
	"why": "An artefact of an unknown kind is read by no rule, so whatever it was meant to show is silently missing from the readiness picture. A misspelt kind is the usual cause.",
	"fix": "Correct the spelling of the kind. If the file is not meant to be an artefact, remove its `kind` key.",
	"failing": "kind: rooster\npeople: []\n",
	"passing": "kind: roster\npeople: []\n",
}

findings contains lib.finding("unknown-kind", doc, "/data/kind", msg) if {
	some kind, docs in input.artefacts
	not kind in input.kinds
	some doc in docs
	msg := sprintf("`%s` is not a kind of the plan repository format", [kind])
}

rules["invalid-artefact"] := {
	"clause": "any",
	"severity": "error",
	"title": "An artefact cannot be read, or a field has the wrong type",
	"remediation": "Correct the value at the place shown so that it has the type the format asks for.",
	"checks": "Every file that may be an artefact must be readable text (UTF-8, not binary, within the size limit, not a link out of the repository) and valid YAML, and every field of a known kind must have the type the format gives it: dates like 2026-03-14, durations like `12 months`, lists where lists are expected. Required fields must be present.",
	"why": "A value of the wrong type cannot be checked: a review date written as `last spring` hides whether the review is overdue. Reporting it at the exact value keeps the other rules honest.",
	"fix": "Rewrite the value as the format describes it. For a file that is not text, or is too large, remove it or move it out of the plan repository.",
	"failing": "kind: roster\npeople:\n  - id: alice\n    left_on: end of January\n",
	"passing": "kind: roster\npeople:\n  - id: alice\n    left_on: 2026-01-31\n",
}

findings contains f if {
	some problem in input.problems
	f := {
		"rule": "invalid-artefact",
		"path": problem.path,
		"span": problem.span,
		"message": problem.message,
	}
}

rules["duplicate-id"] := {
	"clause": "any",
	"severity": "error",
	"title": "Two artefacts or list entries share an id",
	"remediation": "Give each artefact, and each entry of the list, an id of its own.",
	"checks": "Artefact ids (the `id` key, or the file name without extension) must be unique in the repository. The ids of people, IRTs, contacts, tools, courses, metrics, incidents and obligations must be unique across all artefacts of their kind; the ids of categories, exercise findings and improvements within their artefact.",
	"why": "References are made by id. When two things share one, a reference may resolve to the wrong person or document, and evidence is attributed to the wrong place.",
	"fix": "Rename one of the two. Update the references to it.",
	"failing": "kind: roster\npeople:\n  - {id: alice, email: alice@example.org}\n  - {id: alice, email: alice.b@example.org}\n",
	"passing": "kind: roster\npeople:\n  - {id: alice, email: alice@example.org}\n  - {id: alice-b, email: alice.b@example.org}\n",
}

artefact_paths[id] contains doc.path if {
	some doc in lib.all_artefacts
	id := doc.id
}

artefact_ids contains id if artefact_paths[id]

findings contains lib.finding("duplicate-id", doc, "/data/id", msg) if {
	some doc in lib.all_artefacts
	paths := sort(artefact_paths[doc.id])
	count(paths) > 1
	doc.path != paths[0]
	msg := sprintf("the id `%s` is also the id of %s", [doc.id, paths[0]])
}

# Lists whose entry ids are unique across every artefact of the kind.
repository_lists := [
	["roster", "people"],
	["roster", "irts"],
	["contacts", "contacts"],
	["support-inventory", "tools"],
	["training-programme", "courses"],
	["monitoring-programme", "metrics"],
	["incident-register", "incidents"],
	["legal-register", "obligations"],
]

# Lists whose entry ids are unique within one artefact.
artefact_lists := [
	["classification-scale", "categories"],
	["exercise", "findings"],
	["post-incident-review", "improvements"],
]

# Where each id of a repository list is used: [path, index] by [kind, field, id].
entry_places[key] contains [doc.path, i] if {
	some [kind, field] in repository_lists
	some doc in lib.artefacts(kind)
	some i, entry in lib.entries(doc, field)
	is_string(entry.id)
	key := [kind, field, entry.id]
}

findings contains finding_at("duplicate-id", path, pointer, msg) if {
	some [_, field, id], places in entry_places
	count(places) > 1
	ordered := sort(places)
	some [path, i] in array.slice(ordered, 1, count(ordered))
	pointer := sprintf("/data/%s/%d/id", [field, i])
	msg := sprintf("the id `%s` is also used at %s (entry %d of `%s`)", [id, ordered[0][0], ordered[0][1] + 1, field])
}

findings contains finding_at("duplicate-id", doc.path, pointer, msg) if {
	some [kind, field] in artefact_lists
	some doc in lib.artefacts(kind)
	some i, entry in lib.entries(doc, field)
	some j, earlier in lib.entries(doc, field)
	j < i
	entry.id == earlier.id
	not earlier_duplicate(doc, field, j, entry.id)
	pointer := sprintf("/data/%s/%d/id", [field, i])
	msg := sprintf("the id `%s` is also used by entry %d of `%s`", [entry.id, j + 1, field])
}

earlier_duplicate(doc, field, j, id) if {
	some k, entry in lib.entries(doc, field)
	k < j
	entry.id == id
}

finding_at(rule, path, pointer, message) := {"rule": rule, "path": path, "pointer": pointer, "message": message}

rules["unknown-reference"] := {
	"clause": "any",
	"severity": "error",
	"title": "A reference resolves to nothing",
	"remediation": "Refer to an id that exists, or add the person, role, contact or document referred to.",
	"checks": "Every person named (owners, approvers, reviewers, role holders, IRT leads and members, participants, attendees) must be a person of the roster; every role a course is for must be an IMT role; every obligation's authority a contact; and every reference to a classification scale, form, incident, post-incident review, course or procedure must name an artefact or entry of that kind. Person references are checked once the repository has a roster.",
	"why": "A reference that resolves to nothing is a gap dressed as an answer: a plan owned by someone who is not on the roster has, in effect, no owner.",
	"fix": "Correct the spelling of the reference, or add what it refers to: a person to the roster's `people`, a role to `imt.roles`, a contact to a contacts list.",
	"failing": "kind: plan\ntitle: Incident management plan\nowner: alcie   # not in the roster\n",
	"passing": "kind: plan\ntitle: Incident management plan\nowner: alice\n",
}

# [path, pointer, value] of every reference to a person.
person_refs contains [doc.path, sprintf("/data/%s", [field]), value] if {
	some doc in lib.governed
	some field in ["owner", "approved_by"]
	value := doc.data[field]
}

person_refs contains [doc.path, sprintf("/data/%s/%d", [field, i]), value] if {
	some [kind, field] in [
		["plan", "reviewed_by"],
		["roster", "top_management"],
		["exercise", "participants"],
		["post-incident-review", "attendees"],
	]
	some doc in lib.artefacts(kind)
	some i, value in object.get(doc.data, field, [])
}

person_refs contains [doc.path, sprintf("/data/%s/%d/%s", [list, i, field]), value] if {
	some [kind, list, field] in [
		["roster", "irts", "lead"],
		["support-inventory", "tools", "owner"],
		["training-programme", "records", "person"],
		["exercise", "findings", "owner"],
		["monitoring-programme", "metrics", "owner"],
		["post-incident-review", "improvements", "owner"],
	]
	some doc in lib.artefacts(kind)
	some i, entry in lib.entries(doc, list)
	value := entry[field]
}

person_refs contains [doc.path, sprintf("/data/irts/%d/members/%d", [i, j]), member] if {
	some doc in lib.artefacts("roster")
	some i, irt in lib.entries(doc, "irts")
	some j, member in object.get(irt, "members", [])
}

person_refs contains [doc.path, sprintf("/data/imt/roles/%d/%s", [i, field]), value] if {
	some doc in lib.artefacts("roster")
	some i, role in object.get(object.get(doc.data, "imt", {}), "roles", [])
	some field in ["primary", "deputy"]
	value := role[field]
}

person_refs contains [doc.path, "/data/governance/owner", owner] if {
	some doc in lib.artefacts("monitoring-programme")
	owner := doc.data.governance.owner
}

person_refs contains [input.config.path, sprintf("/data/waivers/%d/approved_by", [i]), approver] if {
	some i, waiver in object.get(input, "waivers", [])
	approver := waiver.approved_by
}

findings contains finding_at("unknown-reference", path, pointer, msg) if {
	count(lib.artefacts("roster")) > 0
	some [path, pointer, value] in person_refs
	is_string(value)
	not lib.people[value]
	msg := sprintf("`%s` is not a person in the roster", [value])
}

# [path, pointer, value, what it must be] of every other reference; `targets[what]` holds
# the ids it may name.
other_refs contains [doc.path, sprintf("/data/courses/%d/roles/%d", [i, j]), role, "an IMT role"] if {
	some doc in lib.artefacts("training-programme")
	some i, course in lib.entries(doc, "courses")
	some j, role in object.get(course, "roles", [])
}

other_refs contains [doc.path, "/data/classification_scale", scale, "a classification scale"] if {
	some doc in lib.artefacts("plan")
	scale := doc.data.classification_scale
}

other_refs contains [doc.path, sprintf("/data/forms/%d", [i]), form, "a form"] if {
	some doc in lib.artefacts("plan")
	some i, form in object.get(doc.data, "forms", [])
}

other_refs contains [doc.path, sprintf("/data/records/%d/course", [i]), course, "a course"] if {
	some doc in lib.artefacts("training-programme")
	some i, record in lib.entries(doc, "records")
	course := record.course
}

other_refs contains [doc.path, sprintf("/data/incidents/%d/review", [i]), review, "a post-incident review"] if {
	some doc in lib.artefacts("incident-register")
	some i, incident in lib.entries(doc, "incidents")
	review := incident.review
}

other_refs contains [doc.path, "/data/incident", incident, "an incident of the incident register"] if {
	some doc in lib.artefacts("post-incident-review")
	incident := doc.data.incident
}

other_refs contains [doc.path, sprintf("/data/obligations/%d/authority", [i]), authority, "a contact"] if {
	some doc in lib.artefacts("legal-register")
	some i, obligation in lib.entries(doc, "obligations")
	authority := obligation.authority
}

other_refs contains [doc.path, sprintf("/data/obligations/%d/procedure", [i]), procedure, "a procedure"] if {
	some doc in lib.artefacts("legal-register")
	some i, obligation in lib.entries(doc, "obligations")
	procedure := obligation.procedure
}

ids_of_kind(kind) := {doc.id | some doc in lib.artefacts(kind)}

entry_ids(kind, field) := {entry.id |
	some doc in lib.artefacts(kind)
	some entry in lib.entries(doc, field)
}

targets := {
	"an IMT role": lib.role_names,
	"a classification scale": ids_of_kind("classification-scale"),
	"a form": ids_of_kind("form"),
	"a course": entry_ids("training-programme", "courses"),
	"a post-incident review": ids_of_kind("post-incident-review"),
	"an incident of the incident register": entry_ids("incident-register", "incidents"),
	"a contact": entry_ids("contacts", "contacts"),
	"a procedure": ids_of_kind("procedure"),
}

findings contains finding_at("unknown-reference", path, pointer, msg) if {
	some [path, pointer, value, what] in other_refs
	is_string(value)
	not value in targets[what]
	msg := sprintf("`%s` is not %s", [value, what])
}

rules["broken-link"] := {
	"clause": "5.2",
	"severity": "error",
	"title": "A link or related document points at nothing",
	"remediation": "Point the link or `related` entry at a file or artefact id that exists in the repository.",
	"checks": "Every relative link in the body of a Markdown artefact must point at a file or folder of the repository, without leaving it. Every `related` entry of a governed document must be an artefact id or a path from the repository root.",
	"why": "Policies and plans rely on one another. A link that leads nowhere breaks the chain a responder follows under pressure, and shows that a document was moved or renamed without updating those that depend on it.",
	"fix": "Correct the path of the link, or restore the file it pointed at. For `related`, use the id of the document.",
	"failing": "---\nkind: plan\nrelated: [is-policy]   # the policy's id is im-policy\n---\nSee [the roster](team/rooster.yaml).\n",
	"passing": "---\nkind: plan\nrelated: [im-policy]\n---\nSee [the roster](team/roster.yaml).\n",
}

findings contains lib.finding("broken-link", doc, sprintf("/links/%d", [i]), msg) if {
	some doc in lib.all_artefacts
	some i, link in doc.links
	not link.external
	not input.files[link.resolved]
	msg := sprintf("the link to `%s` points at no file in the repository", [link.target])
}

findings contains lib.finding("broken-link", doc, sprintf("/data/related/%d", [i]), msg) if {
	some doc in lib.governed
	some i, related in object.get(doc.data, "related", [])
	is_string(related)
	not related in artefact_ids
	not input.files[related]
	msg := sprintf("`%s` is neither an artefact id nor a file of the repository", [related])
}

rules["configuration-changed"] := {
	"clause": "any",
	"severity": "warning",
	"title": "A change alters the rules that judge it",
	"remediation": "Have the change to irready.yaml or the custom policies reviewed on its own; it takes effect once merged.",
	"checks": "With `--base`, the change is judged by the configuration and custom policies of its base. A change to irready.yaml, or to a custom policy, is reported so that reviewers see it: it cannot weaken the rules for the change itself.",
	"why": "A pull request that adds a waiver or turns a rule off, together with the gap it would hide, must not pass by its own say-so. Reviewing rule changes separately keeps the gate honest.",
	"fix": "Ask a reviewer who owns the plan's compliance to approve the change to the rules. Merge it before, or apart from, the changes it would affect.",
	"failing": "# a pull request that adds to irready.yaml:\nwaivers:\n  - {rule: exercise-overdue, reason: busy, approved_by: alice, expires: 2027-06-30}\n",
	"passing": "# a pull request that leaves irready.yaml and the custom policies as they are\n",
}

findings contains finding_at("configuration-changed", input.config.path, "", msg) if {
	input.change.config_changed == true
	msg := "the change alters irready.yaml; it is judged by the configuration of its base"
}

findings contains finding_at("configuration-changed", path, "", msg) if {
	some path in input.change.policies_changed
	msg := sprintf("the change alters the custom policy %s; it is judged by the policies of its base", [path])
}
