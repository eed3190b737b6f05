//! The artefact kinds of the plan repository format, version 1, and the type of every field.
//!
//! Checking a document against its kind yields the clean JSON the policies read (values of
//! the wrong type are left out, so that no policy meets a date it cannot parse) and one
//! problem per offending value, at that value's span.

use std::ops::Range;

use serde_json::{Map, Value as Json};

use super::yaml::{Node, Value};

/// What a field holds.
#[derive(Debug)]
pub enum Ty {
    /// Any scalar, read as the text it was written as (`version: 1.10` stays `1.10`).
    Text,
    /// A string naming something: an id, a person, a role, a reference.
    Name,
    /// An ISO 8601 calendar date.
    Date,
    /// A count and a unit: `12 months`.
    Duration,
    /// A full or abbreviated git object id.
    Commit,
    Bool,
    Int,
    OneOf(&'static [&'static str]),
    List(&'static Ty),
    Object(&'static [Field]),
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

/// A kind of artefact and its fields beyond `kind` and `id`.
pub struct Kind {
    pub name: &'static str,
    pub fields: &'static [&'static [Field]],
}

pub const CLASSIFICATIONS: &[&str] = &["public", "internal", "confidential", "restricted"];
pub const PHASES: &[&str] = &[
    "plan-prepare",
    "detect-report",
    "assess-decide",
    "respond",
    "learn-lessons",
];
const NAMES: Ty = Ty::List(&Ty::Name);
const TEXTS: Ty = Ty::List(&Ty::Text);
const OPEN_CLOSED: &[&str] = &["open", "closed"];

const GOVERNED: &[Field] = &[
    req("title", Ty::Text),
    req("version", Ty::Text),
    req("owner", Ty::Name),
    req("last_reviewed", Ty::Date),
    opt("review_interval", Ty::Duration),
    opt("next_review", Ty::Date),
    req("classification", Ty::OneOf(CLASSIFICATIONS)),
    opt("related", NAMES),
];
/// Approval is required of policies; of the plan it is the rule `plan-not-approved`.
const APPROVED: &[Field] = &[req("approved_by", Ty::Name), req("approved_on", Ty::Date)];
const MAY_BE_APPROVED: &[Field] = &[opt("approved_by", Ty::Name), opt("approved_on", Ty::Date)];

const POLICY: &[Field] = &[
    opt("interested_parties", TEXTS),
    opt(
        "reporting_channels",
        Ty::List(&Ty::Object(&[
            req("name", Ty::Text),
            req("address", Ty::Text),
            opt("confidential", Ty::Bool),
        ])),
    ),
];

const PLAN: &[Field] = &[
    opt("reviewed_by", NAMES),
    opt("interested_parties", TEXTS),
    opt("classification_scale", Ty::Name),
    opt("forms", NAMES),
    opt("procedures", NAMES),
];

const PROCEDURE: &[Field] = &[req("phase", Ty::OneOf(PHASES)), opt("roles", NAMES)];

const CLASSIFICATION_SCALE: &[Field] = &[
    opt(
        "categories",
        Ty::List(&Ty::Object(&[
            req("id", Ty::Name),
            opt("name", Ty::Text),
            opt("description", Ty::Text),
        ])),
    ),
    opt(
        "severities",
        Ty::List(&Ty::Object(&[
            req("level", Ty::Int),
            opt("name", Ty::Text),
            opt("criteria", Ty::Text),
            opt("response_time", Ty::Duration),
            opt("escalate_to", Ty::Name),
        ])),
    ),
];

const FORM: &[Field] = &[
    opt("title", Ty::Text),
    req(
        "form",
        Ty::OneOf(&["event-report", "incident-report", "vulnerability-report"]),
    ),
    opt(
        "fields",
        Ty::List(&Ty::Object(&[
            req("name", Ty::Name),
            opt("required", Ty::Bool),
        ])),
    ),
];

const ROSTER: &[Field] = &[
    opt("classification", Ty::OneOf(CLASSIFICATIONS)),
    opt("top_management", NAMES),
    opt(
        "people",
        Ty::List(&Ty::Object(&[
            req("id", Ty::Name),
            opt("name", Ty::Text),
            opt("email", Ty::Text),
            opt("phone", Ty::Text),
            opt("competencies", NAMES),
            opt(
                "certifications",
                Ty::List(&Ty::Object(&[
                    req("name", Ty::Text),
                    opt("expires", Ty::Date),
                ])),
            ),
            opt("left_on", Ty::Date),
        ])),
    ),
    opt(
        "imt",
        Ty::Object(&[opt(
            "roles",
            Ty::List(&Ty::Object(&[
                req("role", Ty::Name),
                opt("primary", Ty::Name),
                opt("deputy", Ty::Name),
            ])),
        )]),
    ),
    opt(
        "irts",
        Ty::List(&Ty::Object(&[
            req("id", Ty::Name),
            opt("type", Ty::Name),
            opt("lead", Ty::Name),
            opt("members", NAMES),
            opt("required_competencies", NAMES),
            opt("hours", Ty::Text),
        ])),
    ),
];

const CONTACTS: &[Field] = &[
    opt("classification", Ty::OneOf(CLASSIFICATIONS)),
    req("scope", Ty::OneOf(&["internal", "external"])),
    opt(
        "contacts",
        Ty::List(&Ty::Object(&[
            req("id", Ty::Name),
            opt("name", Ty::Text),
            opt("category", Ty::Name),
            opt("email", Ty::Text),
            opt("phone", Ty::Text),
            opt("url", Ty::Text),
            opt("verified_on", Ty::Date),
        ])),
    ),
];

const SUPPORT_INVENTORY: &[Field] = &[opt(
    "tools",
    Ty::List(&Ty::Object(&[
        req("id", Ty::Name),
        opt("name", Ty::Text),
        opt("capability", Ty::Name),
        opt("owner", Ty::Name),
        opt("last_tested", Ty::Date),
    ])),
)];

const TRAINING_PROGRAMME: &[Field] = &[
    opt(
        "awareness",
        Ty::Object(&[
            opt("audience", Ty::Text),
            opt("frequency", Ty::Duration),
            opt("last_held", Ty::Date),
            opt("next_planned", Ty::Date),
        ]),
    ),
    opt(
        "courses",
        Ty::List(&Ty::Object(&[
            req("id", Ty::Name),
            opt("name", Ty::Text),
            opt("roles", NAMES),
        ])),
    ),
    opt(
        "records",
        Ty::List(&Ty::Object(&[
            req("person", Ty::Name),
            req("course", Ty::Name),
            req("completed_on", Ty::Date),
        ])),
    ),
];

const EXERCISE: &[Field] = &[
    req("title", Ty::Text),
    req(
        "type",
        Ty::OneOf(&[
            "tabletop",
            "walkthrough",
            "simulation",
            "functional",
            "full-scale",
        ]),
    ),
    req("status", Ty::OneOf(&["planned", "completed", "cancelled"])),
    req("date", Ty::Date),
    opt("goal", Ty::Text),
    opt("scope", Ty::Text),
    opt("scenario", Ty::Text),
    opt("participants", NAMES),
    opt(
        "findings",
        Ty::List(&Ty::Object(&[
            opt("id", Ty::Name),
            opt("description", Ty::Text),
            opt("owner", Ty::Name),
            opt("due", Ty::Date),
            opt("status", Ty::OneOf(OPEN_CLOSED)),
            opt("resolved_by", Ty::Commit),
        ])),
    ),
];

const MONITORING_PROGRAMME: &[Field] = &[
    opt(
        "governance",
        Ty::Object(&[
            opt("owner", Ty::Name),
            opt("review_frequency", Ty::Duration),
        ]),
    ),
    opt(
        "metrics",
        Ty::List(&Ty::Object(&[
            req("id", Ty::Name),
            opt("name", Ty::Text),
            opt("owner", Ty::Name),
            opt("target", Ty::Text),
            opt("frequency", Ty::Duration),
            opt(
                "measurements",
                Ty::List(&Ty::Object(&[
                    req("period_end", Ty::Date),
                    opt("value", Ty::Text),
                ])),
            ),
        ])),
    ),
];

const INCIDENT_REGISTER: &[Field] = &[opt(
    "incidents",
    Ty::List(&Ty::Object(&[
        req("id", Ty::Name),
        opt("title", Ty::Text),
        opt("severity", Ty::Int),
        opt("opened_on", Ty::Date),
        opt("closed_on", Ty::Date),
        opt("review", Ty::Name),
    ])),
)];

const POST_INCIDENT_REVIEW: &[Field] = &[
    opt("title", Ty::Text),
    req("incident", Ty::Name),
    req("held_on", Ty::Date),
    opt("attendees", NAMES),
    opt("imt_evaluation", Ty::Text),
    opt(
        "improvements",
        Ty::List(&Ty::Object(&[
            opt("id", Ty::Name),
            opt("description", Ty::Text),
            opt(
                "area",
                Ty::OneOf(&[
                    "plan",
                    "policy",
                    "controls",
                    "risk-assessment",
                    "training",
                    "other",
                ]),
            ),
            opt("owner", Ty::Name),
            opt("due", Ty::Date),
            opt("status", Ty::OneOf(OPEN_CLOSED)),
            opt("resolved_by", Ty::Commit),
        ])),
    ),
];

const LEGAL_REGISTER: &[Field] = &[opt(
    "obligations",
    Ty::List(&Ty::Object(&[
        req("id", Ty::Name),
        opt("regulation", Ty::Text),
        opt("jurisdiction", Ty::Text),
        opt("authority", Ty::Name),
        opt("deadline", Ty::Duration),
        opt("trigger", Ty::Text),
        opt("procedure", Ty::Name),
    ])),
)];

/// Every kind of the format, in the order of `ARTEFACTS.md`.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "policy",
        fields: &[GOVERNED, APPROVED, POLICY],
    },
    Kind {
        name: "security-policy",
        fields: &[GOVERNED, APPROVED],
    },
    Kind {
        name: "plan",
        fields: &[GOVERNED, MAY_BE_APPROVED, PLAN],
    },
    Kind {
        name: "procedure",
        fields: &[GOVERNED, MAY_BE_APPROVED, PROCEDURE],
    },
    Kind {
        name: "classification-scale",
        fields: &[CLASSIFICATION_SCALE],
    },
    Kind {
        name: "form",
        fields: &[FORM],
    },
    Kind {
        name: "roster",
        fields: &[ROSTER],
    },
    Kind {
        name: "contacts",
        fields: &[CONTACTS],
    },
    Kind {
        name: "support-inventory",
        fields: &[SUPPORT_INVENTORY],
    },
    Kind {
        name: "training-programme",
        fields: &[TRAINING_PROGRAMME],
    },
    Kind {
        name: "exercise",
        fields: &[EXERCISE],
    },
    Kind {
        name: "monitoring-programme",
        fields: &[MONITORING_PROGRAMME],
    },
    Kind {
        name: "incident-register",
        fields: &[INCIDENT_REGISTER],
    },
    Kind {
        name: "post-incident-review",
        fields: &[POST_INCIDENT_REVIEW],
    },
    Kind {
        name: "legal-register",
        fields: &[LEGAL_REGISTER],
    },
];

pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|kind| kind.name == name)
}

/// A value that does not have the type its field needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub pointer: String,
    pub span: Range<usize>,
    pub message: String,
}

/// Checks a document's top-level mapping against its kind: the clean data and the violations.
pub fn check(kind: &Kind, root: &Node, source: &str) -> (Json, Vec<Violation>) {
    let mut checker = Checker {
        source,
        violations: Vec::new(),
    };
    let mut data = Map::new();
    let entries = root.entries().unwrap_or_default();
    for entry in entries {
        let field = kind
            .fields
            .iter()
            .flat_map(|f| f.iter())
            .find(|f| f.name == entry.key);
        let pointer = format!("/{}", escape(&entry.key));
        let value = match field {
            Some(field) => checker.value(&field.ty, &entry.value, &pointer),
            None if entry.key == "kind" || entry.key == "id" => {
                checker.value(&Ty::Name, &entry.value, &pointer)
            }
            // Fields the format does not name are kept: the format only grows.
            None => Some(entry.value.to_json(source)),
        };
        if let Some(value) = value {
            data.insert(entry.key.clone(), value);
        }
    }
    for field in kind.fields.iter().flat_map(|f| f.iter()) {
        checker.require(field, root, "");
    }
    (Json::Object(data), checker.violations)
}

struct Checker<'s> {
    source: &'s str,
    violations: Vec<Violation>,
}

impl Checker<'_> {
    fn value(&mut self, ty: &Ty, node: &Node, pointer: &str) -> Option<Json> {
        if node.value == Value::Null {
            return None;
        }
        let checked = match ty {
            Ty::Text => text(node, self.source).map(Json::String),
            Ty::Name => name(node).map(Json::String),
            Ty::Date => name(node).filter(|s| is_date(s)).map(Json::String),
            Ty::Duration => name(node).filter(|s| is_duration(s)).map(Json::String),
            // An abbreviated id of digits only (`1234567`) reads as a number in YAML.
            Ty::Commit => text(node, self.source)
                .filter(|s| is_commit(s))
                .map(Json::String),
            Ty::Bool => match node.value {
                Value::Bool(b) => Some(Json::Bool(b)),
                _ => None,
            },
            Ty::Int => match node.value {
                Value::Int(i) => Some(Json::from(i)),
                _ => None,
            },
            Ty::OneOf(options) => name(node)
                .filter(|s| options.contains(&s.as_str()))
                .map(Json::String),
            Ty::List(item) => return self.list(item, node, pointer),
            Ty::Object(fields) => return self.object(fields, node, pointer),
        };
        if checked.is_none() {
            self.violations.push(Violation {
                pointer: pointer.to_owned(),
                span: node.span.clone(),
                message: format!(
                    "expected {}, found {}",
                    describe(ty),
                    found(node, self.source)
                ),
            });
        }
        checked
    }

    fn list(&mut self, item: &Ty, node: &Node, pointer: &str) -> Option<Json> {
        let Value::Seq(items) = &node.value else {
            self.violations.push(Violation {
                pointer: pointer.to_owned(),
                span: node.span.clone(),
                message: format!(
                    "expected a list of {}, found {}",
                    describe(item),
                    found(node, self.source)
                ),
            });
            return None;
        };
        // An invalid entry is left out, but keeping its place would shift every later pointer:
        // it becomes null instead.
        let values = items
            .iter()
            .enumerate()
            .map(|(i, node)| {
                self.value(item, node, &format!("{pointer}/{i}"))
                    .unwrap_or(Json::Null)
            })
            .collect();
        Some(Json::Array(values))
    }

    fn object(&mut self, fields: &[Field], node: &Node, pointer: &str) -> Option<Json> {
        let Some(entries) = node.entries() else {
            self.violations.push(Violation {
                pointer: pointer.to_owned(),
                span: node.span.clone(),
                message: format!("expected a mapping, found {}", found(node, self.source)),
            });
            return None;
        };
        let mut object = Map::new();
        for entry in entries {
            let child = format!("{pointer}/{}", escape(&entry.key));
            let value = match fields.iter().find(|f| f.name == entry.key) {
                Some(field) => self.value(&field.ty, &entry.value, &child),
                None => Some(entry.value.to_json(self.source)),
            };
            if let Some(value) = value {
                object.insert(entry.key.clone(), value);
            }
        }
        for field in fields {
            self.require(field, node, pointer);
        }
        Some(Json::Object(object))
    }

    fn require(&mut self, field: &Field, parent: &Node, pointer: &str) {
        let missing = parent
            .get(field.name)
            .is_none_or(|v| v.value == Value::Null);
        if field.required && missing {
            let span = match (
                parent.get(field.name),
                parent.entries().and_then(<[_]>::first),
            ) {
                (Some(value), _) => value.span.clone(),
                (None, Some(first)) => first.key_span.start..first.value.span.end,
                (None, None) => parent.span.clone(),
            };
            self.violations.push(Violation {
                pointer: pointer.to_owned(),
                span,
                message: format!("`{}` is required: {}", field.name, describe(&field.ty)),
            });
        }
    }
}

fn text(node: &Node, source: &str) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            Some(node.source_text(source).to_owned())
        }
        Value::Null | Value::Seq(_) | Value::Map(_) => None,
    }
}

fn name(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

pub fn is_date(text: &str) -> bool {
    text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok()
}

/// Durations are a whole count and a unit: `72 hours`, `30 days`, `2 weeks`, `12 months`, `1 year`.
pub fn is_duration(text: &str) -> bool {
    let Some((count, unit)) = text.split_once(' ') else {
        return false;
    };
    let units = ["hour", "day", "week", "month", "year"];
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    !count.is_empty()
        && count.len() <= 6
        && count.bytes().all(|b| b.is_ascii_digit())
        && units.contains(&unit)
}

pub fn is_commit(text: &str) -> bool {
    (7..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Text => "text".into(),
        Ty::Name => "a name or id".into(),
        Ty::Date => "a date like 2026-03-14".into(),
        Ty::Duration => "a duration like `12 months` or `72 hours`".into(),
        Ty::Commit => "a git commit id (7 to 64 hexadecimal digits)".into(),
        Ty::Bool => "true or false".into(),
        Ty::Int => "a whole number".into(),
        Ty::OneOf(options) => format!("one of {}", options.join(", ")),
        Ty::List(item) => format!("a list of {}", describe(item)),
        Ty::Object(_) => "a mapping".into(),
    }
}

fn found(node: &Node, source: &str) -> String {
    match &node.value {
        Value::Null => "nothing".into(),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) => {
            let text = node.source_text(source);
            let mut shown: String = text
                .chars()
                .take(40)
                .map(|c| {
                    if c.is_control() {
                        c.escape_default().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            if text.chars().count() > 40 {
                shown.push('…');
            }
            format!("`{shown}`")
        }
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a mapping".into(),
    }
}

/// Escapes a key for a JSON pointer.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::super::yaml;
    use super::*;

    fn check_text(kind_name: &str, text: &str) -> (Json, Vec<Violation>) {
        let doc = yaml::parse(text).unwrap();
        check(kind(kind_name).unwrap(), &doc.root, text)
    }

    #[test]
    fn wrong_types_are_violations_at_the_value() {
        let text = "kind: roster\npeople:\n  - id: alice\n    left_on: soon\n";
        let (data, violations) = check_text("roster", text);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].pointer, "/people/0/left_on");
        assert_eq!(&text[violations[0].span.clone()], "soon");
        assert!(data["people"][0].get("left_on").is_none());
    }

    #[test]
    fn missing_required_fields_point_at_the_parent() {
        let (_, violations) = check_text("contacts", "kind: contacts\ncontacts: []\n");
        assert_eq!(violations.len(), 1);
        assert!(violations[0].message.contains("`scope` is required"));
    }

    #[test]
    fn text_keeps_the_written_form() {
        let text = "kind: form\nform: event-report\ntitle: 1.10\n";
        let (data, violations) = check_text("form", text);
        assert!(violations.is_empty());
        assert_eq!(data["title"], "1.10");
    }

    #[test]
    fn values_are_validated() {
        assert!(is_date("2026-02-28"));
        assert!(!is_date("2026-02-30"));
        assert!(!is_date("2026-2-3"));
        assert!(is_duration("12 months"));
        assert!(is_duration("1 year"));
        assert!(!is_duration("12 fortnights"));
        assert!(!is_duration("twelve months"));
        assert!(is_commit("4f1c2ab"));
        assert!(!is_commit("4f1c2a"));
    }
}
