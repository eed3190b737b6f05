# Clause 5: Updating of information security policies.
package irready.clause_5

import data.irready.lib

# The incident management policy, when there is exactly one to compare with.
policy := docs[0] if {
	docs := lib.artefacts("policy")
	count(docs) == 1
}

rules["security-policy-not-linked"] := {
	"clause": "5.2",
	"severity": "warning",
	"title": "A security policy does not refer to the incident management policy",
	"remediation": "Add the incident management policy's id to the security policy's `related`.",
	"checks": "Every `security-policy` must list the id of the incident management policy in `related`.",
	"why": "Other policies (access control, backup, supplier security) decide what happens when they are breached. When they do not point at the incident management policy, a breach of them is handled outside it.",
	"fix": "Add `related: [<policy id>]` to the front matter, and refer to the incident management policy where the policy says how breaches are handled.",
	"failing": "kind: security-policy\ntitle: Access control policy\nrelated: []\n",
	"passing": "kind: security-policy\ntitle: Access control policy\nrelated: [im-policy]\n",
}

findings contains lib.finding("security-policy-not-linked", doc, "/data/related", msg) if {
	some doc in lib.artefacts("security-policy")
	not policy.id in object.get(doc.data, "related", [])
	msg := sprintf("the security policy does not refer to the incident management policy `%s`", [policy.id])
}

rules["security-policy-stale-after-policy-change"] := {
	"clause": "5.1",
	"severity": "warning",
	"title": "A security policy was not reviewed after the incident management policy changed",
	"remediation": "Review the security policy against the current incident management policy and update its `last_reviewed`.",
	"checks": "No security policy's `last_reviewed` may be earlier than the incident management policy's `approved_on`.",
	"why": "When the incident management policy changes (new roles, new reporting duties) the policies that rely on it may now contradict it. Reviewing them after each change keeps the set consistent.",
	"fix": "Read the security policy against the new incident management policy, change what no longer fits, and record the review date.",
	"failing": "# incident management policy: approved_on: 2026-10-01\nkind: security-policy\nlast_reviewed: 2026-06-01\n",
	"passing": "# incident management policy: approved_on: 2026-10-01\nkind: security-policy\nlast_reviewed: 2026-10-15\n",
}

findings contains lib.finding("security-policy-stale-after-policy-change", doc, "/data/last_reviewed", msg) if {
	approved := policy.data.approved_on
	some doc in lib.artefacts("security-policy")
	doc.data.last_reviewed < approved
	msg := sprintf("last reviewed on %s, before the incident management policy was approved on %s", [doc.data.last_reviewed, approved])
}
