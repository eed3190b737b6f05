# Clause 11: Testing the information security incident management plan.
package irready.clause_11

import data.irready.lib

exercises := lib.artefacts("exercise")

completed := [doc | some doc in exercises; doc.data.status == "completed"]

# Completed exercises held within the configured interval before now.
recent := [doc |
	some doc in completed
	doc.data.date <= input.now
	lib.after(doc.data.date, lib.setting(rules, "exercise-overdue", "interval")) >= lib.now_ns
]

rules["exercise-overdue"] := {
	"clause": "11.1",
	"severity": "error",
	"title": "The plan has not been exercised recently",
	"remediation": "Hold an exercise of the plan and record it as a `completed` exercise.",
	"checks": "At least one exercise with `status: completed` must be dated within the configured interval before the evaluation date.",
	"why": "An untested plan is a hypothesis. Exercises find the wrong phone number, the missing permission and the unclear hand-over while they are still cheap to fix.",
	"fix": "Run a tabletop or a simulation, then write it up as an `exercise` with its goal, scope, participants and findings.",
	"failing": "# the last completed exercise:\nkind: exercise\nstatus: completed\ndate: 2025-09-16\n",
	"passing": "kind: exercise\nstatus: completed\ndate: 2026-09-16\n",
	"settings": {"interval": {"default": "12 months", "about": "how often the plan must be exercised"}},
}

findings contains f if {
	count(recent) == 0
	f := overdue_finding
}

overdue_finding := lib.finding("exercise-overdue", last, "/data/date", msg) if {
	dated := sort([[doc.data.date, i] | some i, doc in completed])
	count(dated) > 0
	[date, i] := dated[count(dated) - 1]
	last := completed[i]
	msg := sprintf("the last completed exercise was held on %s", [date])
} else := lib.repository_finding("exercise-overdue", "no exercise of the plan has been completed")

rules["exercise-not-scheduled"] := {
	"clause": "11.1",
	"severity": "warning",
	"title": "No exercise is planned",
	"remediation": "Plan the next exercise: add an `exercise` with `status: planned` and its date.",
	"checks": "At least one exercise with `status: planned` must be dated after the evaluation date.",
	"why": "Exercises that are not scheduled do not happen: the year fills up. A date in the calendar is what turns testing into a programme.",
	"fix": "Agree a date with the participants and write the exercise with `status: planned`, its goal and scope.",
	"failing": "# only completed exercises\n",
	"passing": "kind: exercise\ntitle: Credential phishing simulation\nstatus: planned\ndate: 2027-03-10\n",
}

findings contains lib.repository_finding("exercise-not-scheduled", "no exercise is planned after the evaluation date") if {
	count([doc | some doc in exercises; doc.data.status == "planned"; doc.data.date > input.now]) == 0
}

rules["exercise-goal-or-scope-missing"] := {
	"clause": "11.2.1",
	"severity": "error",
	"title": "An exercise has no goal or no scope",
	"remediation": "State the exercise's `goal` and `scope` in its front matter.",
	"checks": "Every exercise must have a `goal` and a `scope`.",
	"why": "An exercise without a goal cannot succeed or fail, and one without a scope cannot be planned safely or compared with the next. Both are what makes its findings evidence.",
	"fix": "Write one sentence for the goal (what the exercise must show) and one for the scope (who and what takes part, and what is out of bounds).",
	"failing": "kind: exercise\ntitle: Ransomware tabletop\nscenario: Ransomware encrypts the finance share.\n",
	"passing": "kind: exercise\ntitle: Ransomware tabletop\ngoal: Decide on containment within four hours.\nscope: IMT and IRT; file servers and backups.\n",
}

findings contains lib.finding("exercise-goal-or-scope-missing", doc, "/data/title", msg) if {
	some doc in exercises
	some field in ["goal", "scope"]
	not doc.data[field]
	msg := sprintf("the exercise has no %s", [field])
}

rules["exercise-role-not-exercised"] := {
	"clause": "11.2.3",
	"severity": "warning",
	"title": "An IMT role was not exercised recently",
	"remediation": "Include the role's primary or deputy among the participants of the next exercise.",
	"checks": "For every IMT role, its current primary or deputy must be among the `participants` of an exercise completed within the interval of `exercise-overdue` (12 months by default).",
	"why": "A role that is never exercised is one whose holder has never rehearsed it: the first time they do it will be for real.",
	"fix": "Invite the role's holders to the next exercise and list them in `participants`.",
	"failing": "# roles: legal-liaison held by gina and hal\nparticipants: [alice, bob, carol]\n",
	"passing": "participants: [alice, bob, carol, gina]\n",
}

exercised contains id if {
	some doc in recent
	some id in object.get(doc.data, "participants", [])
}

findings contains lib.finding("exercise-role-not-exercised", roster, sprintf("/data/imt/roles/%d", [i]), msg) if {
	roster := lib.only("roster")
	some i, role in roster.data.imt.roles
	role != null
	holders := {id | some field in ["primary", "deputy"]; id := role[field]; lib.current(id)}
	count(holders) > 0
	count(holders & exercised) == 0
	msg := sprintf("no holder of the role %s took part in an exercise in the last %s", [role.role, lib.setting(rules, "exercise-overdue", "interval")])
}

rules["finding-overdue"] := {
	"clause": "11.2.3",
	"severity": "error",
	"title": "An exercise finding is overdue or unowned",
	"remediation": "Give the finding an owner and a due date, and close it (with the commit that resolved it) by then.",
	"checks": "Every finding of an exercise that is not closed must have an `owner` and a `due` date, and the due date must not have passed.",
	"why": "An exercise is only worth what changes after it. Findings without an owner are nobody's; findings past their date show that the lessons stopped at the report.",
	"fix": "Assign an owner and a realistic due date. When the change is made, set `status: closed` and `resolved_by` to the commit.",
	"failing": "findings:\n  - {id: F1, description: Backup restore time unknown, owner: carol, due: 2026-10-01, status: open}\n",
	"passing": "findings:\n  - {id: F1, description: Backup restore time unknown, owner: carol, due: 2027-02-28, status: open}\n",
}

findings contains lib.finding("finding-overdue", doc, sprintf("/data/findings/%d", [i]), msg) if {
	some doc in exercises
	some i, item in lib.entries(doc, "findings")
	object.get(item, "status", "open") == "open"
	some field in ["owner", "due"]
	not item[field]
	msg := sprintf("the finding %s has no %s", [object.get(item, "id", i + 1), field])
}

findings contains lib.finding("finding-overdue", doc, sprintf("/data/findings/%d/due", [i]), msg) if {
	some doc in exercises
	some i, item in lib.entries(doc, "findings")
	object.get(item, "status", "open") == "open"
	item.due < input.now
	msg := sprintf("the finding %s was due on %s and is still open", [object.get(item, "id", i + 1), item.due])
}

rules["monitoring-metric-incomplete"] := {
	"clause": "11.3.2",
	"severity": "error",
	"title": "A monitoring metric lacks an owner, target or frequency",
	"remediation": "Give the metric an `owner`, a `target` and a measurement `frequency`.",
	"checks": "Every metric of the monitoring programme must have an `owner`, a `target` and a `frequency`.",
	"why": "A metric without a target cannot say whether the capability is good enough; one without an owner is not acted on; one without a frequency is measured when someone remembers.",
	"fix": "Agree the target with the metric's owner and how often it is measured, and write both down.",
	"failing": "metrics:\n  - {id: mttd, name: Mean time to detect, owner: carol}\n",
	"passing": "metrics:\n  - {id: mttd, name: Mean time to detect, owner: carol, target: under 24 hours, frequency: 1 months}\n",
}

metrics := [[doc, i, metric] |
	some doc in lib.artefacts("monitoring-programme")
	some i, metric in lib.entries(doc, "metrics")
]

findings contains lib.finding("monitoring-metric-incomplete", doc, sprintf("/data/metrics/%d", [i]), msg) if {
	some [doc, i, metric] in metrics
	some field in ["owner", "target", "frequency"]
	not metric[field]
	msg := sprintf("the metric %s has no %s", [metric.id, field])
}

rules["monitoring-metric-stale"] := {
	"clause": "11.3.1",
	"severity": "warning",
	"title": "A monitoring metric has not been measured recently",
	"remediation": "Record a measurement for the latest period in the metric's `measurements`.",
	"checks": "Every metric with a `frequency` must have a measurement whose `period_end` is within that frequency of the evaluation date.",
	"why": "Monitoring that stopped is worse than none: it reassures with old numbers.",
	"fix": "Measure the metric for the periods missing and add `{period_end, value}` for each.",
	"failing": "frequency: 1 months\nmeasurements:\n  - {period_end: 2026-08-31, value: 18 hours}\n",
	"passing": "frequency: 1 months\nmeasurements:\n  - {period_end: 2026-11-30, value: 16 hours}\n",
}

findings contains lib.finding("monitoring-metric-stale", doc, pointer, msg) if {
	some [doc, i, metric] in metrics
	frequency := metric.frequency
	ends := sort([m.period_end | some m in object.get(metric, "measurements", []); m != null])
	not fresh(ends, frequency)
	pointer := sprintf("/data/metrics/%d/measurements", [i])
	msg := stale_message(metric.id, ends, frequency)
}

fresh(ends, frequency) if {
	count(ends) > 0
	lib.after(ends[count(ends) - 1], frequency) >= lib.now_ns
}

stale_message(id, ends, frequency) := sprintf("the metric %s was last measured for the period ending %s; it is measured every %s", [id, ends[count(ends) - 1], frequency]) if {
	count(ends) > 0
} else := sprintf("the metric %s has no measurements", [id])
