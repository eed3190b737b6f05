//! The clauses of ISO/IEC 27035-2:2023 by number and title, for rule metadata and reports.
//! Only numbers and titles: the text of the standard is not reproduced.

/// Every clause irready knows, in the order of the standard.
pub const CLAUSES: &[(&str, &str)] = &[
    ("4", "Information security incident management policy"),
    ("4.1", "General"),
    ("4.2", "Interested parties"),
    (
        "4.3",
        "Information security incident management policy content",
    ),
    ("5", "Updating of information security policies"),
    ("5.1", "General"),
    ("5.2", "Linking of policy documents"),
    (
        "6",
        "Creating information security incident management plan",
    ),
    ("6.1", "General"),
    (
        "6.2",
        "Information security incident management plan built on consensus",
    ),
    ("6.3", "Interested parties"),
    (
        "6.4",
        "Information security incident management plan content",
    ),
    ("6.5", "Incident classification scale"),
    ("6.6", "Incident forms"),
    ("6.7", "Documented processes and procedures"),
    ("6.8", "Trust and confidence"),
    ("6.9", "Handling confidential or sensitive information"),
    ("7", "Establishing an incident management capability"),
    ("7.1", "General"),
    ("7.2", "Incident management team establishment"),
    ("7.2.1", "IMT structure"),
    ("7.2.2", "IMT roles and responsibilities"),
    ("7.3", "Incident response team establishment"),
    ("7.3.1", "IRT structure"),
    ("7.3.2", "IRT types and roles"),
    ("7.3.3", "IRT staff competencies"),
    ("8", "Establishing internal and external relationships"),
    ("8.1", "General"),
    ("8.2", "Relationship with other parts of the organization"),
    ("8.3", "Relationship with external interested parties"),
    ("9", "Defining technical and other support"),
    ("9.1", "General"),
    ("9.2", "Technical support"),
    ("9.3", "Other support"),
    (
        "10",
        "Creating information security incident awareness and training",
    ),
    (
        "11",
        "Testing the information security incident management plan",
    ),
    ("11.1", "General"),
    ("11.2", "Exercise"),
    ("11.2.1", "Defining the goal of the exercise"),
    ("11.2.2", "Defining the scope of an exercise"),
    ("11.2.3", "Conducting an exercise"),
    ("11.3", "Incident response capability monitoring"),
    (
        "11.3.1",
        "Implementing an incident response capability monitoring programme",
    ),
    (
        "11.3.2",
        "Metrics and governance of incident response capability monitoring",
    ),
    ("12", "Learn lessons"),
    ("12.1", "General"),
    ("12.2", "Identifying areas for improvement"),
    (
        "12.3",
        "Identifying and making improvements to the information security incident management plan",
    ),
    ("12.4", "IMT evaluation"),
    (
        "12.5",
        "Identifying and making improvements to information security control implementation",
    ),
    (
        "12.6",
        "Identifying and making improvements to information security risk assessment and management review results",
    ),
    ("12.7", "Other improvements"),
    (
        "Annex A",
        "Considerations related to legal or regulatory requirements",
    ),
    (
        "Annex B",
        "Example forms for information security events, incidents and vulnerability reports",
    ),
    (
        "Annex C",
        "Example approaches to the categorization, evaluation and prioritization of information security events and incidents",
    ),
];

/// The title of a clause, if it is one.
pub fn title(clause: &str) -> Option<&'static str> {
    CLAUSES.iter().find(|(n, _)| *n == clause).map(|(_, t)| *t)
}

/// The top-level clause a clause belongs to: `7` for `7.2.2`, `Annex A` for itself.
pub fn top_level(clause: &str) -> &str {
    if clause.starts_with("Annex") {
        clause
    } else {
        clause.split('.').next().unwrap_or(clause)
    }
}

/// Orders clauses as the standard does: `any` first, numbers numerically, annexes last.
pub fn order(clause: &str) -> (u8, Vec<u32>, String) {
    if clause == crate::engine::ANY_CLAUSE {
        (0, Vec::new(), String::new())
    } else if clause.starts_with("Annex") {
        (2, Vec::new(), clause.to_owned())
    } else {
        let numbers = clause.split('.').filter_map(|n| n.parse().ok()).collect();
        (1, numbers, String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_parents() {
        assert_eq!(title("7.2.2"), Some("IMT roles and responsibilities"));
        assert_eq!(title("13"), None);
        assert_eq!(top_level("7.2.2"), "7");
        assert_eq!(top_level("Annex A"), "Annex A");
    }
}
