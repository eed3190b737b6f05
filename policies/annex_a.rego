# Annex A: Considerations related to legal or regulatory requirements.
package irready.annex_a

import data.irready.lib

rules["legal-register-missing"] := {
	"clause": "Annex A",
	"severity": "warning",
	"title": "There is no register of legal and regulatory obligations",
	"remediation": "Add a `legal-register` listing the notification duties that apply to you.",
	"checks": "The repository must hold a `legal-register` artefact.",
	"why": "Data protection, sector and contractual rules set deadlines that start when an incident is discovered, some as short as 24 hours. Knowing them in advance is the only way to meet them.",
	"fix": "With your legal adviser, list each obligation: the regulation, the authority, the deadline, what triggers it and the procedure that meets it.",
	"failing": "# no file of kind: legal-register\n",
	"passing": "kind: legal-register\nobligations:\n  - {id: gdpr-breach-notification, regulation: GDPR Article 33, authority: ico, deadline: 72 hours, procedure: reporting}\n",
}

findings contains lib.repository_finding("legal-register-missing", "the repository has no legal register") if {
	count(lib.artefacts("legal-register")) == 0
}

rules["obligation-incomplete"] := {
	"clause": "Annex A",
	"severity": "error",
	"title": "A legal obligation lacks an authority, deadline or procedure",
	"remediation": "Give the obligation the `authority` to notify (an external contact), the `deadline` and the `procedure` that meets it.",
	"checks": "Every obligation of the legal register must have an `authority` (an external contact id), a `deadline` (a duration) and a `procedure`.",
	"why": "An obligation recorded without whom to tell, by when and how is one the team will discover it cannot meet, on the day it applies.",
	"fix": "Add the authority's contact to an external contacts list, and name it, the deadline and the procedure in the obligation.",
	"failing": "obligations:\n  - {id: gdpr-breach-notification, regulation: GDPR Article 33, deadline: 72 hours}\n",
	"passing": "obligations:\n  - {id: gdpr-breach-notification, regulation: GDPR Article 33, authority: ico, deadline: 72 hours, procedure: reporting}\n",
}

findings contains lib.finding("obligation-incomplete", doc, sprintf("/data/obligations/%d", [i]), msg) if {
	some doc in lib.artefacts("legal-register")
	some i, obligation in lib.entries(doc, "obligations")
	some field in ["authority", "deadline", "procedure"]
	not obligation[field]
	msg := sprintf("the obligation %s has no %s", [obligation.id, field])
}
