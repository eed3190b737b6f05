//! Generates large plan repositories for benchmarks: the passing fixture, grown with as many
//! procedures, security policies, exercises, post-incident reviews and contact lists as asked
//! for. Every generated artefact passes every rule, so what is measured is the evaluation.

use std::fmt::Write as _;
use std::path::Path;

/// Writes a plan repository of about `artefacts` artefacts into `dir`, for evaluation on
/// 2026-12-01.
pub fn plan_repository(dir: &Path, artefacts: usize) -> std::io::Result<()> {
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/passing"),
        dir,
    )?;
    let extra = artefacts.saturating_sub(23);
    // Shares of the generated artefacts, by kind; reviews come with their incidents.
    let procedures = extra * 3 / 10;
    let policies = extra / 10;
    let exercises = extra / 4;
    let contacts = extra / 10;
    let reviews = extra - procedures - policies - exercises - contacts;

    for i in 0..procedures {
        write(
            dir,
            &format!("plan/procedures/generated/procedure-{i:05}.md"),
            &procedure(i),
        )?;
    }
    for i in 0..policies {
        write(
            dir,
            &format!("policy/generated/security-policy-{i:05}.md"),
            &security_policy(i),
        )?;
    }
    for i in 0..exercises {
        write(
            dir,
            &format!("exercises/generated/exercise-{i:05}.md"),
            &exercise(i),
        )?;
    }
    for i in 0..contacts {
        write(
            dir,
            &format!("contacts/generated/contacts-{i:05}.yaml"),
            &contact_list(i),
        )?;
    }
    for i in 0..reviews {
        write(
            dir,
            &format!("incidents/reviews/generated/pir-{i:05}.md"),
            &review(i),
        )?;
    }
    write(dir, "incidents/register.yaml", &register(reviews))?;
    Ok(())
}

fn write(dir: &Path, path: &str, text: &str) -> std::io::Result<()> {
    let target = dir.join(path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(target, text)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

const PHASES: [&str; 5] = [
    "plan-prepare",
    "detect-report",
    "assess-decide",
    "respond",
    "learn-lessons",
];
const ROLES: [&str; 4] = [
    "incident-coordinator",
    "technical-lead",
    "communications-lead",
    "legal-liaison",
];
const PEOPLE: [&str; 9] = [
    "alice", "bob", "carol", "dave", "erin", "frank", "gina", "hal", "ivy",
];

fn procedure(i: usize) -> String {
    format!(
        "---\nkind: procedure\nid: generated-procedure-{i:05}\ntitle: Generated procedure {i}\nversion: \"1.0\"\nowner: {}\nlast_reviewed: 2026-{:02}-15\nclassification: internal\nphase: {}\nroles: [{}]\n---\n\n# Generated procedure {i}\n\n## Steps\n\n1. Follow the [plan](../../incident-management-plan.md).\n2. Record what was done.\n",
        PEOPLE[i % PEOPLE.len()],
        1 + i % 11,
        PHASES[i % PHASES.len()],
        ROLES[i % ROLES.len()],
    )
}

fn security_policy(i: usize) -> String {
    format!(
        "---\nkind: security-policy\nid: generated-policy-{i:05}\ntitle: Generated security policy {i}\nversion: \"2.{i}\"\nowner: dana\napproved_by: dana\napproved_on: 2026-06-01\nlast_reviewed: 2026-10-{:02}\nclassification: internal\nrelated: [im-policy]\n---\n\n# Generated security policy {i}\n\n## Incident management\n\nSee the [incident management policy](../incident-management-policy.md).\n",
        2 + i % 27,
    )
}

fn exercise(i: usize) -> String {
    let participants = PEOPLE.join(", ");
    format!(
        "---\nkind: exercise\ntitle: Generated exercise {i}\ntype: tabletop\nstatus: completed\ndate: 2026-{:02}-10\ngoal: Practise the response to scenario {i}.\nscope: The IMT and the IRT.\nscenario: Scenario number {i}.\nparticipants: [{participants}]\nfindings:\n  - id: F1\n    description: Finding one of exercise {i}.\n    owner: {}\n    due: 2027-03-01\n    status: open\n---\n\n# Generated exercise {i}\n",
        1 + i % 11,
        PEOPLE[i % PEOPLE.len()],
    )
}

fn contact_list(i: usize) -> String {
    let mut text = format!(
        "kind: contacts\nid: generated-contacts-{i:05}\nclassification: confidential\nscope: external\ncontacts:\n"
    );
    for k in 0..5 {
        writeln!(
            text,
            "  - {{id: generated-{i:05}-{k}, name: Supplier {i}-{k}, category: vendor, email: security-{i}-{k}@supplier.example, verified_on: 2026-10-{:02}}}",
            1 + k
        )
        .expect("writing to a string");
    }
    text
}

fn review(i: usize) -> String {
    format!(
        "---\nkind: post-incident-review\nid: generated-pir-{i:05}\ntitle: Review of GEN-{i:05}\nincident: GEN-{i:05}\nheld_on: 2026-{:02}-20\nattendees: [alice, bob, carol]\nimt_evaluation: The IMT met on time.\nimprovements:\n  - id: I1\n    description: Improvement of review {i}.\n    area: controls\n    owner: carol\n    due: 2027-04-01\n    status: open\n---\n\n# Review of GEN-{i:05}\n",
        1 + i % 11,
    )
}

fn register(reviews: usize) -> String {
    let mut text = String::from(
        "kind: incident-register\nid: incident-register\nincidents:\n  - {id: INC-2026-007, title: Compromised mailbox used for invoice fraud, severity: 2, opened_on: 2026-08-02, closed_on: 2026-08-10, review: pir-inc-2026-007}\n  - {id: INC-2026-009, title: Lost unencrypted USB stick, severity: 4, opened_on: 2026-09-21, closed_on: 2026-09-22}\n",
    );
    for i in 0..reviews {
        let month = 1 + i % 11;
        writeln!(
            text,
            "  - {{id: GEN-{i:05}, title: Generated incident {i}, severity: 2, opened_on: 2026-{month:02}-02, closed_on: 2026-{month:02}-10, review: generated-pir-{i:05}}}"
        )
        .expect("writing to a string");
    }
    text
}
