# Helpers shared by every clause package: findings, artefacts, dates, people and topics.
#
# Two habits keep the policies safe under regorus:
# - every value in a rule head is bound in its body (`value := entry.owner`), never looked up
#   in the head itself: an undefined lookup in a head made the whole rule yield nothing;
# - no object is built with keys that may repeat (two people with one id), since a conflict
#   aborts the evaluation; group into a set first and pick one.
package irready.lib

# A finding about a value of an artefact. `pointer` is a JSON pointer into the artefact as
# the policies see it: `/data/...` for a field, `/headings/N` or `/links/N` for the body.
finding(rule, artefact, pointer, message) := {
	"rule": rule,
	"path": artefact.path,
	"pointer": pointer,
	"message": message,
}

# The same, with a severity other than the rule's default (a deadline that is near).
graded_finding(rule, artefact, pointer, message, severity) := object.union(
	finding(rule, artefact, pointer, message),
	{"severity": severity},
)

# A finding about the repository as a whole: nothing to point at.
repository_finding(rule, message) := {"rule": rule, "message": message}

# A setting of a rule: the configured value, or the default its metadata declares.
setting(rules, rule, name) := object.get(input, ["settings", rule, name], rules[rule].settings[name].default)

# ---------------------------------------------------------------------------------------------
# Artefacts

artefacts(kind) := object.get(object.get(input, "artefacts", {}), kind, [])

governed_kinds := ["policy", "security-policy", "plan", "procedure"]

# How a message names an artefact of a kind.
noun := {
	"policy": "incident management policy",
	"security-policy": "security policy",
	"plan": "incident management plan",
	"procedure": "procedure",
}

# Arrays, not sets, of artefacts: a set hashes every artefact whole.
governed := [doc |
	some kind in governed_kinds
	some doc in artefacts(kind)
]

all_artefacts := [doc |
	some docs in object.get(input, "artefacts", {})
	some doc in docs
]

# The single artefact of a kind that must have exactly one, when there is one.
only(kind) := doc if {
	docs := artefacts(kind)
	count(docs) >= 1
	doc := docs[0]
}

# The entries of a list field, skipping entries that were not of the right type.
entries(artefact, field) := [entry | some entry in object.get(artefact.data, field, []); entry != null]

# ---------------------------------------------------------------------------------------------
# People and roles

people_by_id[id] contains person if {
	some roster in artefacts("roster")
	some person in entries(roster, "people")
	id := person.id
}

# Every person of the roster by id; of two people with one id (a `duplicate-id`), one is kept.
people[id] := sort(records)[0] if some id, records in people_by_id

departed(id) if people[id].left_on <= input.now

current(id) if {
	people[id]
	not departed(id)
}

imt_roles := [role | some roster in artefacts("roster"); some role in object.get(object.get(roster.data, "imt", {}), "roles", []); role != null]

role_names := {role.role | some role in imt_roles}

# Every person holding an IMT role, as primary or deputy.
role_holders contains id if {
	some role in imt_roles
	some field in ["primary", "deputy"]
	id := role[field]
}

# Every lead and member of an incident response team.
irt_members contains id if {
	some roster in artefacts("roster")
	some irt in entries(roster, "irts")
	some id in array.concat(object.get(irt, "members", []), [object.get(irt, "lead", null)])
	is_string(id)
}

# The people the response depends on: role holders and IRT members.
responders := role_holders | irt_members

# ---------------------------------------------------------------------------------------------
# Dates and durations. Every date and duration in the input has been validated, so parsing
# here cannot fail.

day_ns := ((24 * 60) * 60) * 1000000000

ns(date) := time.parse_rfc3339_ns(concat("", [date, "T00:00:00Z"]))

now_ns := ns(input.now)

duration_parts(duration) := [to_number(parts[0]), trim_suffix(parts[1], "s")] if {
	parts := split(duration, " ")
}

# The instant a duration after a date, and before it.
after(date, duration) := shift(ns(date), duration_parts(duration), 1)

before(date, duration) := shift(ns(date), duration_parts(duration), -1)

shift(instant, [n, unit], sign) := instant + ((sign * n) * 3600000000000) if unit == "hour"

shift(instant, [n, unit], sign) := time.add_date(instant, 0, 0, sign * n) if unit == "day"

shift(instant, [n, unit], sign) := time.add_date(instant, 0, 0, (sign * n) * 7) if unit == "week"

shift(instant, [n, unit], sign) := time.add_date(instant, 0, sign * n, 0) if unit == "month"

shift(instant, [n, unit], sign) := time.add_date(instant, sign * n, 0, 0) if unit == "year"

# A duration in hours, to compare durations of different units; a month counts 730 hours.
hours_per_unit := {"hour": 1, "day": 24, "week": 168, "month": 730, "year": 8760}

hours(duration) := n * hours_per_unit[unit] if {
	[n, unit] := duration_parts(duration)
}

# The date of an instant, as text.
date(instant) := sprintf("%04d-%02d-%02d", time.date(instant))

# Whole days from one instant to a later one.
days(from, to) := floor((to - from) / day_ns)

# ---------------------------------------------------------------------------------------------
# Body topics: a topic is present when a word of some heading starts with one of its aliases;
# an alias of several words matches consecutive words.

default_aliases := {
	"purpose": ["purpose", "objective"],
	"objectives": ["purpose", "objective"],
	"scope": ["scope", "applicability"],
	"roles-and-responsibilities": ["role", "responsibilit"],
	"roles": ["role", "responsibilit"],
	"reporting": ["report"],
	"classification": ["classification", "severity", "categori"],
	"escalation": ["escalat"],
	"legal-and-regulatory": ["legal", "regulat"],
	"awareness-and-training": ["awareness", "training"],
	"confidentiality": ["confidential"],
	"phases": ["phase", "process", "lifecycle"],
	"communication": ["communicat"],
	"forms": ["form"],
	"procedures": ["procedure"],
	"evidence-handling": ["evidence"],
	"testing": ["test", "exercis"],
	"metrics": ["metric", "measure", "monitor"],
	"review": ["review"],
}

aliases(topic) := array.concat(
	object.get(default_aliases, topic, []),
	object.get(object.get(input, "topics", {}), topic, []),
)

has_topic(doc, topic) if {
	some heading in doc.headings
	some alias in aliases(topic)
	words_match(heading.words, [w | some w in split(lower(alias), " "); w != ""])
}

words_match(words, alias_words) if {
	count(alias_words) > 0
	some i in numbers.range(0, count(words) - count(alias_words))
	every j, alias_word in alias_words {
		startswith(words[i + j], alias_word)
	}
}
