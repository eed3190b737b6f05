# Clause 10: Creating information security incident awareness and training.
package irready.clause_10

import data.irready.lib

programme := lib.only("training-programme")

# Every completion record: [programme, index, record].
records := [[doc, i, record] |
	some doc in lib.artefacts("training-programme")
	some i, record in lib.entries(doc, "records")
]

rules["training-overdue"] := {
	"clause": "10",
	"severity": "error",
	"title": "A responder has not been trained recently",
	"remediation": "Have the person complete a course of the training programme and record it in `records`.",
	"checks": "Every current IMT role holder and IRT member must have completed some course of the training programme within the configured interval.",
	"why": "Procedures change, tools change, and skills fade. Responders who last trained years ago will follow the plan they remember, not the one in force.",
	"fix": "Enrol the person in a course, and add `{person, course, completed_on}` to `records` when they complete it.",
	"failing": "records:\n  - {person: bob, course: ir-fundamentals, completed_on: 2025-05-12}\n",
	"passing": "records:\n  - {person: bob, course: ir-fundamentals, completed_on: 2026-05-12}\n",
	"settings": {"interval": {"default": "12 months", "about": "how long a course completion keeps a responder current"}},
}

trained(id) if {
	interval := lib.setting(rules, "training-overdue", "interval")
	some [_, _, record] in records
	record.person == id
	lib.after(record.completed_on, interval) >= lib.now_ns
}

findings contains f if {
	some id in lib.responders
	lib.current(id)
	not trained(id)
	f := untrained_finding(id)
}

untrained_finding(id) := finding if {
	dated := sort([[record.completed_on, doc.path, i] | some [doc, i, record] in records; record.person == id])
	count(dated) > 0
	[completed_on, path, i] := dated[count(dated) - 1]
	finding := {
		"rule": "training-overdue",
		"path": path,
		"pointer": sprintf("/data/records/%d/completed_on", [i]),
		"message": sprintf("%s last completed a course on %s", [id, completed_on]),
	}
} else := lib.finding("training-overdue", programme, "/data/records", sprintf("%s has no course completion on record", [id])) if {
	programme
} else := lib.repository_finding("training-overdue", sprintf("%s has no course completion on record: there is no training programme", [id]))

rules["awareness-not-scheduled"] := {
	"clause": "10",
	"severity": "warning",
	"title": "No awareness briefing is planned, or the last one is too old",
	"remediation": "Plan the next awareness briefing in `awareness.next_planned`, and hold one at the frequency the programme sets.",
	"checks": "The training programme's `awareness` must have a `next_planned` date after the evaluation date, and its `last_held` date must be within its `frequency` (by default the configured one).",
	"why": "Most incidents are first noticed by someone outside the security team. Staff report what they have been taught to recognise, through channels they know, so awareness must be renewed.",
	"fix": "Hold the briefing, record `last_held`, and set `next_planned` to the date of the next one.",
	"failing": "awareness:\n  audience: all staff\n  frequency: 12 months\n  last_held: 2025-09-15\n",
	"passing": "awareness:\n  audience: all staff\n  frequency: 12 months\n  last_held: 2026-09-15\n  next_planned: 2027-03-15\n",
	"settings": {"frequency": {"default": "12 months", "about": "how often awareness briefings are held when the programme does not say"}},
}

awareness := programme.data.awareness

findings contains lib.repository_finding("awareness-not-scheduled", "there is no training programme to plan awareness briefings in") if {
	count(lib.artefacts("training-programme")) == 0
}

findings contains lib.finding("awareness-not-scheduled", programme, "/data/awareness", "the training programme plans no awareness briefings") if {
	not programme.data.awareness
}

findings contains lib.finding("awareness-not-scheduled", programme, "/data/awareness/next_planned", msg) if {
	object.get(awareness, "next_planned", "0000-00-00") <= input.now
	msg := "no awareness briefing is planned after the evaluation date"
}

findings contains lib.finding("awareness-not-scheduled", programme, "/data/awareness/last_held", msg) if {
	frequency := object.get(awareness, "frequency", lib.setting(rules, "awareness-not-scheduled", "frequency"))
	lib.after(awareness.last_held, frequency) < lib.now_ns
	msg := sprintf("the last awareness briefing was held on %s, more than %s ago", [awareness.last_held, frequency])
}
