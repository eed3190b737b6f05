# Clause 8: Establishing internal and external relationships.
package irready.clause_8

import data.irready.lib

lists(scope) := [doc | some doc in lib.artefacts("contacts"); doc.data.scope == scope]

categories(scope) := {contact.category |
	some doc in lists(scope)
	some contact in lib.entries(doc, "contacts")
}

# Where a missing category is reported: the first list of that scope, or the repository.
missing_place(rule, scope) := lib.finding(rule, lists(scope)[0], "/data/contacts", "") if {
	count(lists(scope)) > 0
} else := lib.repository_finding(rule, "")

rules["internal-contact-missing"] := {
	"clause": "8.2",
	"severity": "error",
	"title": "A required internal contact is missing",
	"remediation": "Add a contact of the missing category to an internal contacts list.",
	"checks": "Internal contact lists (`scope: internal`) must together have a contact of each required category.",
	"why": "Incidents reach beyond IT: legal must judge notification duties, HR handles insider cases, communications speaks to the press. Finding the right person mid-incident costs hours.",
	"fix": "Add `{id, name, category: <category>, email, phone, verified_on}` to an internal contacts list.",
	"failing": "kind: contacts\nscope: internal\ncontacts:\n  - {id: it-ops, category: it-operations, email: itops@example.org}\n",
	"passing": "kind: contacts\nscope: internal\ncontacts:\n  - {id: it-ops, category: it-operations, email: itops@example.org}\n  - {id: legal-team, category: legal, email: legal@example.org}\n  # ... and top-management, human-resources, communications\n",
	"settings": {"categories": {
		"default": ["top-management", "legal", "human-resources", "communications", "it-operations"],
		"about": "the internal categories that must each have a contact",
	}},
}

findings contains f if {
	some category in lib.setting(rules, "internal-contact-missing", "categories")
	not category in categories("internal")
	msg := sprintf("no internal contact of category %s", [category])
	f := object.union(missing_place("internal-contact-missing", "internal"), {"message": msg})
}

rules["external-contact-missing"] := {
	"clause": "8.3",
	"severity": "error",
	"title": "A required external contact is missing",
	"remediation": "Add a contact of the missing category to an external contacts list.",
	"checks": "External contact lists (`scope: external`) must together have a contact of each required category.",
	"why": "The national CSIRT, the police, the regulator and key suppliers are called in the first hours of a serious incident. Their numbers must be at hand before, not searched for during.",
	"fix": "Add `{id, name, category: <category>, phone, url, verified_on}` to an external contacts list.",
	"failing": "kind: contacts\nscope: external\ncontacts:\n  - {id: national-csirt, category: csirt, url: https://csirt.example}\n",
	"passing": "kind: contacts\nscope: external\ncontacts:\n  - {id: national-csirt, category: csirt, url: https://csirt.example}\n  - {id: police-cyber, category: law-enforcement, phone: \"+44 20 7946 0301\"}\n  # ... and regulator, service-provider\n",
	"settings": {"categories": {
		"default": ["csirt", "law-enforcement", "regulator", "service-provider"],
		"about": "the external categories that must each have a contact",
	}},
}

findings contains f if {
	some category in lib.setting(rules, "external-contact-missing", "categories")
	not category in categories("external")
	msg := sprintf("no external contact of category %s", [category])
	f := object.union(missing_place("external-contact-missing", "external"), {"message": msg})
}

rules["contact-unverified"] := {
	"clause": "8.1",
	"severity": "warning",
	"title": "A contact has not been verified recently",
	"remediation": "Check that the contact's details still work and set `verified_on` to the date you did.",
	"checks": "Every contact must have a `verified_on` date within the configured interval.",
	"why": "People move, numbers change, mailboxes close. A contact list nobody has tested is discovered to be wrong at the worst moment.",
	"fix": "Call or write to the contact, correct what changed, and record the date in `verified_on`.",
	"failing": "contacts:\n  - {id: ico, category: regulator, phone: \"+44 20 7946 0302\", verified_on: 2025-11-02}\n",
	"passing": "contacts:\n  - {id: ico, category: regulator, phone: \"+44 20 7946 0302\", verified_on: 2026-09-30}\n",
	"settings": {"interval": {"default": "6 months", "about": "how long a verification stays current"}},
}

findings contains lib.finding("contact-unverified", doc, sprintf("/data/contacts/%d", [i]), msg) if {
	some doc in lib.artefacts("contacts")
	some i, contact in lib.entries(doc, "contacts")
	not contact.verified_on
	msg := sprintf("the contact %s has never been verified", [contact.id])
}

findings contains lib.finding("contact-unverified", doc, sprintf("/data/contacts/%d/verified_on", [i]), msg) if {
	interval := lib.setting(rules, "contact-unverified", "interval")
	some doc in lib.artefacts("contacts")
	some i, contact in lib.entries(doc, "contacts")
	lib.after(contact.verified_on, interval) < lib.now_ns
	msg := sprintf("the contact %s was last verified on %s, more than %s ago", [contact.id, contact.verified_on, interval])
}
