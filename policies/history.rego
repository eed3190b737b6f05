# Git history: evidence integrity. The rules compare what documents declare with when the
# history recorded it. They run only when the history is available.
package irready.history

import data.irready.lib

history := object.get(input, "history", {"available": false, "reason": "no history was read"})

available if history.available == true

rules["history-unavailable"] := {
	"clause": "any",
	"severity": "warning",
	"title": "The history of the repository cannot be read",
	"remediation": "Check the repository with its full git history: not a copy, not a shallow clone.",
	"checks": "The plan repository must be a git repository with its full history, so that the rules of evidence integrity can run. In a shallow clone, or outside git, they do not run and this one finding says so.",
	"why": "Declared dates are claims. The history is what shows when a review or approval was really recorded and whether an approved text changed afterwards; without it, those claims go unchecked.",
	"fix": "Keep the plan in git and check a full clone: `git fetch --unshallow`, or `fetch-depth: 0` in a GitHub Actions checkout.",
	"failing": "# a shallow clone: git clone --depth 1 ...\n",
	"passing": "# a full clone: git clone ...\n",
}

findings contains lib.repository_finding("history-unavailable", msg) if {
	not available
	msg := sprintf("the git history is not checked: %s", [history.reason])
}

findings contains lib.repository_finding("history-unavailable", msg) if {
	available
	msg := sprintf("the git history is incomplete, some documents are not checked: %s", [history.incomplete])
}

documents := object.get(history, "documents", {})

rules["changed-after-approval"] := {
	"clause": "any",
	"severity": "error",
	"title": "An approved document changed without a new approval",
	"remediation": "Bump `version` and record the new approval (`approved_by`, `approved_on`), or revert the change.",
	"checks": "After the commit that set a governed document's current `version` and `approved_on`, no commit may change its text while leaving both as they were. Recording a review (`last_reviewed`, `next_review`) is not a change. The finding points at the first line that differs from the approved text.",
	"why": "An approval vouches for a text. When the text changes under the same version and approval date, what responders read is no longer what was approved, and the record says otherwise.",
	"fix": "Have the change approved: bump `version` and set `approved_by` and `approved_on`. If the change was a mistake, revert it.",
	"failing": "# commit 1: version: \"2.4\", approved_on: 2026-10-08\n# commit 2: a changed escalation section, version and approved_on unchanged\n",
	"passing": "# commit 2: the changed section with version: \"2.5\", approved_on: 2026-11-02\n",
}

findings contains f if {
	available
	some doc in lib.governed
	record := documents[doc.path]
	changes := record.changes_after_approval
	count(changes) > 0
	f := {
		"rule": "changed-after-approval",
		"path": doc.path,
		"pointer": "/data/version",
		"line": object.get(record, "first_changed_line", null),
		"message": changed_message(doc, record, changes),
	}
}

changed_message(doc, record, changes) := sprintf("the %s changed after version %v was approved in %s: %s", [
	lib.noun[doc.kind],
	object.get(doc.data, "version", "?"),
	short(record.approval.commit),
	describe(changes),
])

describe(changes) := sprintf("%d commits, the latest %s", [count(changes), change_name(changes[0])]) if {
	count(changes) > 1
} else := sprintf("in %s", [change_name(changes[0])])

change_name(change) := sprintf("%s by %s on %s", [short(change.commit), change.author, change.date]) if {
	is_string(change.commit)
} else := "uncommitted changes in the work tree"

short(commit) := substring(commit, 0, 7)

rules["declared-date-predates-commit"] := {
	"clause": "any",
	"severity": "warning",
	"title": "A declared date was recorded long after it",
	"remediation": "Record reviews and approvals when they happen, or say in the commit why the record is late.",
	"checks": "The commit that introduced a governed document's current `last_reviewed` or `approved_on` must not be more than the configured tolerance later than the date declared.",
	"why": "A review recorded months after the date it claims may be a review that never happened, written up when an audit approached. Late records weaken the evidence even when they are honest.",
	"fix": "Commit the record of a review or approval within days of it. If a record is late for a good reason, keep the minutes of the meeting in the repository.",
	"failing": "# last_reviewed: 2026-03-01, committed on 2026-09-15\n",
	"passing": "# last_reviewed: 2026-09-10, committed on 2026-09-15\n",
	"settings": {"tolerance": {"default": "30 days", "about": "how long after a declared date its record may be committed"}},
}

rules["declared-date-after-commit"] := {
	"clause": "any",
	"severity": "error",
	"title": "A declared date is after the commit that recorded it",
	"remediation": "Correct the date to the day the review or approval took place, in a new commit.",
	"checks": "The commit that introduced a governed document's current `last_reviewed` or `approved_on` must not be dated before the date declared.",
	"why": "A review recorded before it happened is not evidence of a review. Whether a typo or a pre-filled record, it must be corrected.",
	"fix": "Fix the date in a new commit made on or after the real date.",
	"failing": "# approved_on: 2026-11-20, committed on 2026-11-02\n",
	"passing": "# approved_on: 2026-11-02, committed on 2026-11-02\n",
}

declared_dates contains [doc, field, declared, commit] if {
	available
	some doc in lib.governed
	record := documents[doc.path]
	some field in ["last_reviewed", "approved_on"]
	declared := doc.data[field]
	commit := record[field]
	is_string(commit.commit)
}

findings contains lib.finding("declared-date-predates-commit", doc, sprintf("/data/%s", [field]), msg) if {
	tolerance := lib.setting(rules, "declared-date-predates-commit", "tolerance")
	some [doc, field, declared, commit] in declared_dates
	lib.ns(commit.date) > lib.after(declared, tolerance)
	msg := sprintf("`%s: %s` was committed in %s on %s, %d days later", [field, declared, short(commit.commit), commit.date, lib.days(lib.ns(declared), lib.ns(commit.date))])
}

findings contains lib.finding("declared-date-after-commit", doc, sprintf("/data/%s", [field]), msg) if {
	some [doc, field, declared, commit] in declared_dates
	commit.date < declared
	msg := sprintf("`%s: %s` was committed in %s on %s, before that date", [field, declared, short(commit.commit), commit.date])
}

rules["resolution-commit-missing"] := {
	"clause": "any",
	"severity": "error",
	"title": "A resolution names a commit that is not in the history",
	"remediation": "Set `resolved_by` to the commit, in this repository's history, that made the change.",
	"checks": "Every `resolved_by` of an exercise finding or a post-incident improvement must name a commit of the repository's history (full or abbreviated to seven or more digits).",
	"why": "`resolved_by` is the evidence that a lesson led to a change. A commit that does not exist, or lives only on a branch that was never merged, is no evidence.",
	"fix": "Find the commit that made the change (`git log -- <file>`) and record its id; merge it first if it is on another branch.",
	"failing": "findings:\n  - {id: F1, status: closed, resolved_by: 0000000}\n",
	"passing": "findings:\n  - {id: F1, status: closed, resolved_by: 4f1c2ab}\n",
}

rules["resolution-commit-unrelated"] := {
	"clause": "any",
	"severity": "warning",
	"title": "A resolution names a commit that cannot have resolved it",
	"remediation": "Name the commit that made the change the finding or improvement called for.",
	"checks": "The commit a `resolved_by` names must be dated on or after the exercise or review that raised the finding, and must change at least one artefact of the plan repository.",
	"why": "A commit that predates the lesson, or changes nothing of the plan, cannot be the change that answered it: the resolution is mislabelled, or the work was not done.",
	"fix": "Record the commit that made the change. If the change was made outside the plan repository, say where in the description and leave `resolved_by` out.",
	"failing": "# exercise held on 2026-09-16\nfindings:\n  - {id: F1, status: closed, resolved_by: <a commit of 2026-05-02>}\n",
	"passing": "findings:\n  - {id: F1, status: closed, resolved_by: <the commit of 2026-10-04 that changed the roster>}\n",
}

# Every resolution: [artefact, pointer, value, the date of the exercise or review].
resolutions contains [doc, sprintf("/data/findings/%d/resolved_by", [i]), value, raised] if {
	some doc in lib.artefacts("exercise")
	raised := doc.data.date
	some i, item in lib.entries(doc, "findings")
	value := item.resolved_by
}

resolutions contains [doc, sprintf("/data/improvements/%d/resolved_by", [i]), value, raised] if {
	some doc in lib.artefacts("post-incident-review")
	raised := doc.data.held_on
	some i, item in lib.entries(doc, "improvements")
	value := item.resolved_by
}

commits := object.get(history, "commits", {})

findings contains lib.finding("resolution-commit-missing", doc, pointer, msg) if {
	available
	some [doc, pointer, value, _] in resolutions
	commits[value].exists == false
	msg := sprintf("`%s` is not a commit of the repository's history", [value])
}

findings contains lib.finding("resolution-commit-unrelated", doc, pointer, msg) if {
	available
	some [doc, pointer, value, raised] in resolutions
	commit := commits[value]
	commit.exists
	commit.date < raised
	msg := sprintf("`%s` was committed on %s, before the finding was raised on %s", [value, commit.date, raised])
}

findings contains lib.finding("resolution-commit-unrelated", doc, pointer, msg) if {
	available
	some [doc, pointer, value, _] in resolutions
	commit := commits[value]
	commit.exists
	commit.touches_artefact == false
	msg := sprintf("`%s` changes no artefact of the plan repository", [value])
}
