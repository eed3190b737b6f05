package irready.lib_test

import data.irready.lib

test_after_adds_each_unit if {
	lib.date(lib.after("2026-01-31", "72 hours")) == "2026-02-03"
	lib.date(lib.after("2026-01-31", "30 days")) == "2026-03-02"
	lib.date(lib.after("2026-01-01", "2 weeks")) == "2026-01-15"
	lib.date(lib.after("2026-03-14", "12 months")) == "2027-03-14"
	lib.date(lib.after("2026-03-14", "1 year")) == "2027-03-14"
}

test_before_subtracts if {
	lib.date(lib.before("2026-03-14", "30 days")) == "2026-02-12"
	lib.date(lib.before("2026-03-14", "6 months")) == "2025-09-14"
}

test_hours_compare_units if {
	lib.hours("2 days") == 48
	lib.hours("1 week") > lib.hours("6 days")
}

test_days_between if {
	lib.days(lib.ns("2026-01-01"), lib.ns("2026-03-01")) == 59
}

test_topic_matches_word_prefix if {
	lib.has_topic({"headings": [{"words": ["scope", "and", "applicability"]}]}, "scope") with input as {}
	lib.has_topic({"headings": [{"words": ["incident", "forms"]}]}, "forms") with input as {}
}

test_topic_does_not_match_inside_a_word if {
	not lib.has_topic({"headings": [{"words": ["information"]}]}, "forms") with input as {}
}

test_multi_word_alias_matches_consecutive_words if {
	doc := {"headings": [{"words": ["the", "chain", "of", "command"]}]}
	lib.has_topic(doc, "escalation") with input as {"topics": {"escalation": ["chain of command"]}}
	not lib.has_topic(doc, "escalation") with input as {}
}

test_multi_word_alias_needs_order if {
	doc := {"headings": [{"words": ["command", "of", "chain"]}]}
	not lib.has_topic(doc, "escalation") with input as {"topics": {"escalation": ["chain of command"]}}
}

test_departed_people_are_not_current if {
	inp := {"now": "2026-12-01", "artefacts": {"roster": [{"data": {"people": [
		{"id": "a", "left_on": "2026-12-01"},
		{"id": "b", "left_on": "2026-12-02"},
		{"id": "c"},
	]}}]}}
	not lib.current("a") with input as inp
	lib.current("b") with input as inp
	lib.current("c") with input as inp
	not lib.current("d") with input as inp
}
