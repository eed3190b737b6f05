# Clause 7: Establishing an incident management capability.
package irready.clause_7

import data.irready.lib

person_places[id] contains [doc.path, i] if {
	some doc in lib.artefacts("roster")
	some i, person in lib.entries(doc, "people")
	id := person.id
}

# Where a person is defined: the roster and the index of their entry (the first, if the id
# is used twice).
person_entry[id] := [doc, i] if {
	some id, places in person_places
	[path, i] := sort(places)[0]
	some doc in lib.artefacts("roster")
	doc.path == path
}

roster := lib.only("roster")

rules["imt-role-unfilled"] := {
	"clause": "7.2.2",
	"severity": "error",
	"title": "A required IMT role is missing or has no primary",
	"remediation": "Add the role to the roster's `imt.roles` and name its `primary`.",
	"checks": "Each required role must appear in the roster's `imt.roles` with a `primary` holder.",
	"why": "The incident management team needs someone to coordinate, someone to lead the technical response, someone to speak for the organisation and someone to deal with the law. A role without a holder is a decision nobody is entitled to take.",
	"fix": "Add `{role: <role>, primary: <person>, deputy: <person>}` to `imt.roles`. The required roles can be changed in irready.yaml.",
	"failing": "imt:\n  roles:\n    - {role: incident-coordinator}\n",
	"passing": "imt:\n  roles:\n    - {role: incident-coordinator, primary: alice, deputy: bob}\n",
	"settings": {"required_roles": {
		"default": ["incident-coordinator", "technical-lead", "communications-lead", "legal-liaison"],
		"about": "the roles the IMT must have",
	}},
}

findings contains f if {
	some role in lib.setting(rules, "imt-role-unfilled", "required_roles")
	not role in lib.role_names
	msg := sprintf("the IMT has no %s", [role])
	f := object.union(roles_place, {"message": msg})
}

roles_place := lib.finding("imt-role-unfilled", roster, "/data/imt/roles", "")

roles_place := lib.repository_finding("imt-role-unfilled", "") if not roster

findings contains lib.finding("imt-role-unfilled", roster, sprintf("/data/imt/roles/%d", [i]), msg) if {
	some i, role in roster.data.imt.roles
	role != null
	not role.primary
	msg := sprintf("the role %s has no primary", [role.role])
}

rules["imt-role-no-deputy"] := {
	"clause": "7.2.2",
	"severity": "error",
	"title": "An IMT role has no deputy",
	"remediation": "Name a `deputy` for the role, someone other than its primary.",
	"checks": "Every role of the roster's `imt.roles` must have a `deputy` who is not its `primary`.",
	"why": "Incidents do not wait for holidays. A role held by one person is vacant whenever that person is asleep, ill or on a plane.",
	"fix": "Choose a deputy with the competence to stand in, agree it with them, and add `deputy: <person>` to the role.",
	"failing": "imt:\n  roles:\n    - {role: incident-coordinator, primary: alice, deputy: alice}\n",
	"passing": "imt:\n  roles:\n    - {role: incident-coordinator, primary: alice, deputy: bob}\n",
}

findings contains lib.finding("imt-role-no-deputy", roster, sprintf("/data/imt/roles/%d", [i]), msg) if {
	some i, role in roster.data.imt.roles
	role != null
	not role.deputy
	msg := sprintf("the role %s has no deputy", [role.role])
}

findings contains lib.finding("imt-role-no-deputy", roster, sprintf("/data/imt/roles/%d/deputy", [i]), msg) if {
	some i, role in roster.data.imt.roles
	role.deputy == role.primary
	msg := sprintf("the role %s has %s as both primary and deputy", [role.role, role.primary])
}

rules["imt-role-holder-departed"] := {
	"clause": "7.2.2",
	"severity": "error",
	"title": "An IMT role is held by someone who has left",
	"remediation": "Hand the role to a current member of staff.",
	"checks": "No primary or deputy of an IMT role may have a `left_on` date on or before the evaluation date.",
	"why": "Rosters go stale quietly. The first sign is usually a call to someone who left months ago, made in the first minutes of an incident.",
	"fix": "Name a current person as primary or deputy. Keep the departed person in `people` with `left_on` for the record.",
	"failing": "people:\n  - {id: bob, left_on: 2026-06-30}\nimt:\n  roles:\n    - {role: technical-lead, primary: bob, deputy: carol}\n",
	"passing": "people:\n  - {id: bob, left_on: 2026-06-30}\nimt:\n  roles:\n    - {role: technical-lead, primary: erin, deputy: carol}\n",
}

findings contains lib.finding("imt-role-holder-departed", roster, sprintf("/data/imt/roles/%d/%s", [i, field]), msg) if {
	some i, role in roster.data.imt.roles
	some field in ["primary", "deputy"]
	id := role[field]
	lib.departed(id)
	msg := sprintf("the %s of %s, %s, left on %s", [field, role.role, id, lib.people[id].left_on])
}

rules["imt-overloaded-person"] := {
	"clause": "7.2.1",
	"severity": "warning",
	"title": "One person is primary for too many IMT roles",
	"remediation": "Spread the primary roles so that nobody holds more than the configured number.",
	"checks": "Nobody may be the primary of more IMT roles than the configured maximum.",
	"why": "During an incident each role is a full-time job. One person holding several of them becomes the bottleneck, and their absence empties the team.",
	"fix": "Move one of the person's roles to its deputy or to someone else.",
	"failing": "roles:\n  - {role: incident-coordinator, primary: alice}\n  - {role: technical-lead, primary: alice}\n  - {role: communications-lead, primary: alice}\n",
	"passing": "roles:\n  - {role: incident-coordinator, primary: alice}\n  - {role: technical-lead, primary: bob}\n  - {role: communications-lead, primary: carol}\n",
	"settings": {"max_primary_roles": {"default": 2, "about": "the most roles one person may be primary for"}},
}

findings contains lib.finding("imt-overloaded-person", roster, sprintf("/data/imt/roles/%d/primary", [last]), msg) if {
	some person in {role.primary | some role in roster.data.imt.roles; role != null}
	held := [i | some i, role in roster.data.imt.roles; role.primary == person]
	maximum := lib.setting(rules, "imt-overloaded-person", "max_primary_roles")
	count(held) > maximum
	last := held[count(held) - 1]
	msg := sprintf("%s is primary for %d roles; at most %d is advised", [person, count(held), maximum])
}

rules["irt-missing"] := {
	"clause": "7.3.1",
	"severity": "error",
	"title": "There is no incident response team, or one of unknown type",
	"remediation": "Define at least one IRT in the roster's `irts`, of type central, distributed, coordinating or outsourced.",
	"checks": "The roster must define at least one IRT in `irts`, and each must have a `type`: central, distributed, coordinating or outsourced.",
	"why": "The IMT decides; the IRT does the hands-on work. Its type says where responders sit and who they answer to, which decides how fast they can act.",
	"fix": "Add an entry to `irts` with an `id`, a `type`, a `lead`, its `members` and the competencies it needs.",
	"failing": "irts:\n  - {id: irt-central, type: virtual, lead: carol}\n",
	"passing": "irts:\n  - {id: irt-central, type: central, lead: carol, members: [carol, dave, erin]}\n",
	"settings": {"types": {
		"default": ["central", "distributed", "coordinating", "outsourced"],
		"about": "the types an IRT may have",
	}},
}

irts := [irt | some doc in lib.artefacts("roster"); some irt in lib.entries(doc, "irts")]

findings contains f if {
	count(irts) == 0
	f := object.union(irts_place, {"message": "no incident response team is defined"})
}

irts_place := lib.finding("irt-missing", roster, "/data/irts", "")

irts_place := lib.repository_finding("irt-missing", "") if not roster

findings contains lib.finding("irt-missing", roster, sprintf("/data/irts/%d/type", [i]), msg) if {
	some i, irt in lib.entries(roster, "irts")
	types := lib.setting(rules, "irt-missing", "types")
	not object.get(irt, "type", "") in types
	msg := sprintf("the IRT %s has type `%s`; it must be one of %s", [irt.id, object.get(irt, "type", "none"), concat(", ", types)])
}

rules["irt-competency-gap"] := {
	"clause": "7.3.3",
	"severity": "error",
	"title": "Too few IRT members hold a required competency",
	"remediation": "Train or recruit members until each required competency has enough holders.",
	"checks": "For each competency in an IRT's `required_competencies`, at least the configured number of its current members (members and lead who have not left) must list it in their `competencies`.",
	"why": "A competency held by one person is a single point of failure: when a ransomware attack needs forensics at 3 a.m., two people who can do it are the minimum.",
	"fix": "Train another member in the competency, or bring in someone who has it, and add it to their `competencies` in the roster.",
	"failing": "irts:\n  - {id: irt-central, members: [carol, dave], required_competencies: [forensics]}\n# only carol lists forensics\n",
	"passing": "irts:\n  - {id: irt-central, members: [carol, dave], required_competencies: [forensics]}\n# carol and dave list forensics\n",
	"settings": {"min_holders": {"default": 2, "about": "how many current members must hold each required competency"}},
}

findings contains lib.finding("irt-competency-gap", roster, sprintf("/data/irts/%d/required_competencies/%d", [i, j]), msg) if {
	some i, irt in lib.entries(roster, "irts")
	members := {id | some id in array.concat(object.get(irt, "members", []), [object.get(irt, "lead", null)]); lib.current(id)}
	some j, competency in object.get(irt, "required_competencies", [])
	holders := {id | some id in members; competency in object.get(lib.people[id], "competencies", [])}
	minimum := lib.setting(rules, "irt-competency-gap", "min_holders")
	count(holders) < minimum
	msg := sprintf("%d current members of %s hold %s; at least %d should", [count(holders), irt.id, competency, minimum])
}

rules["certification-expired"] := {
	"clause": "7.3.3",
	"severity": "error",
	"title": "A responder's certification has expired",
	"remediation": "Renew the certification and update its `expires` date, or remove it if it no longer applies.",
	"checks": "No certification of an IMT role holder or IRT member may be past its `expires` date. Within the configured warning period before it, the finding is a warning.",
	"why": "Certifications are how the organisation shows that its responders' competence is current, to auditors and, after a breach, to regulators.",
	"fix": "Book the renewal, then record the new expiry date.",
	"failing": "certifications:\n  - {name: GCFA, expires: 2026-05-01}   # evaluated on 2026-12-01\n",
	"passing": "certifications:\n  - {name: GCFA, expires: 2028-05-01}\n",
	"settings": {"warn_before": {"default": "60 days", "about": "how long before expiry the finding is a warning"}},
}

findings contains lib.finding("certification-expired", doc, pointer, msg) if {
	some id in lib.responders
	lib.current(id)
	[doc, i] := person_entry[id]
	some k, cert in object.get(doc.data.people[i], "certifications", [])
	cert.expires < input.now
	pointer := sprintf("/data/people/%d/certifications/%d/expires", [i, k])
	msg := sprintf("%s's %s certification expired on %s", [id, cert.name, cert.expires])
}

findings contains lib.graded_finding("certification-expired", doc, pointer, msg, "warning") if {
	some id in lib.responders
	lib.current(id)
	[doc, i] := person_entry[id]
	some k, cert in object.get(doc.data.people[i], "certifications", [])
	cert.expires >= input.now
	lib.now_ns >= lib.before(cert.expires, lib.setting(rules, "certification-expired", "warn_before"))
	pointer := sprintf("/data/people/%d/certifications/%d/expires", [i, k])
	msg := sprintf("%s's %s certification expires on %s", [id, cert.name, cert.expires])
}

rules["contact-details-missing"] := {
	"clause": "7.2.2",
	"severity": "error",
	"title": "A responder cannot be reached by enough channels",
	"remediation": "Record at least two ways to reach the person, such as `email` and `phone`.",
	"checks": "Every IMT role holder and IRT member must have at least the configured number of contact channels among the configured fields.",
	"why": "When mail is down, or the incident is in the mail system, responders must still be reachable. One channel is one outage away from none.",
	"fix": "Add the person's phone number (or another channel) to their entry in `people`.",
	"failing": "people:\n  - {id: alice, email: alice@example.org}\n",
	"passing": "people:\n  - {id: alice, email: alice@example.org, phone: \"+44 20 7946 0000\"}\n",
	"settings": {
		"min_channels": {"default": 2, "about": "how many contact channels each responder needs"},
		"channels": {"default": ["email", "phone"], "about": "the fields of a person that count as contact channels"},
	},
}

findings contains lib.finding("contact-details-missing", doc, sprintf("/data/people/%d", [i]), msg) if {
	some id in lib.responders
	[doc, i] := person_entry[id]
	person := doc.data.people[i]
	channels := [c | some c in lib.setting(rules, "contact-details-missing", "channels"); person[c]]
	minimum := lib.setting(rules, "contact-details-missing", "min_channels")
	count(channels) < minimum
	msg := sprintf("%s can be reached by %d channels; at least %d are needed", [id, count(channels), minimum])
}
