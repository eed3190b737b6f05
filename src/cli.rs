//! The command line: every command, argument and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::report;

/// Checks that an incident management plan kept in git is ready: policies, plan, teams,
/// contacts, exercises and lessons, against ISO/IEC 27035-2:2023.
#[derive(Debug, Parser)]
#[command(name = "irready", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Log what irready does to stderr (twice for more detail).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a plan repository and report every finding.
    Check(CheckArgs),
    /// List every rule: its id, clause, severity and title.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why it matters, how to fix it, and its settings.
    Explain(ExplainArgs),
    /// Write a complete example plan repository that passes every rule.
    Init(InitArgs),
    /// Run the tests (`_test.rego`) of the repository's custom policies.
    Test(TestArgs),
    /// Evaluate the repository at regular dates of its history: errors and warnings per clause.
    History(HistoryArgs),
    /// Write the auditor's report: each clause met or not, the rules behind it, and the
    /// evidence pinned to commits.
    Report(ReportArgs),
}

/// What to evaluate: a plan repository, its work tree or a revision, as of a date.
#[derive(Debug, Args)]
pub struct Target {
    /// The root of the plan repository.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The evaluation date (YYYY-MM-DD); by default the configuration's `now`, or today (UTC).
    #[arg(long, value_parser = parse_date)]
    pub now: Option<String>,

    /// Evaluate this revision (commit, branch, tag), read from git objects: no checkout
    /// needed, bare repositories too.
    #[arg(long, conflicts_with = "at")]
    pub rev: Option<String>,

    /// Evaluate the repository as it stood at the end of this day (YYYY-MM-DD), as of that day.
    #[arg(long, value_parser = parse_date, conflicts_with = "now")]
    pub at: Option<String>,

    /// The configuration file; by default irready.yaml at the root, if there is one.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl Target {
    /// The options of the pipeline, with the base of a change if there is one.
    pub fn options(&self, base: Option<String>) -> crate::pipeline::Options {
        crate::pipeline::Options {
            now: self.now.clone(),
            config: self.config.clone(),
            rev: self.rev.clone(),
            at: self.at.clone(),
            base,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub target: Target,

    /// Report only the findings the change introduced since this revision, judged by the
    /// configuration and policies of that revision.
    #[arg(long)]
    pub base: Option<String>,

    /// How to write the findings.
    #[arg(long, value_enum, default_value_t = report::Format::Human)]
    pub format: report::Format,

    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// Exit with 1 when a finding reaches this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Also publish the findings as a GitHub check run, with `GITHUB_TOKEN`,
    /// `GITHUB_REPOSITORY`, `GITHUB_SHA` (or the pull request's head) and `GITHUB_API_URL`.
    #[arg(long)]
    pub check_run: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub target: Target,

    /// How to write the report.
    #[arg(long, value_enum, default_value_t = report::audit::Format::Markdown)]
    pub format: report::audit::Format,

    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

impl FailOn {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Never => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A plan repository whose custom policies to include.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// How to list the rules.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    /// The configuration file; by default irready.yaml at the root, if there is one.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// The formats `irready rules` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table, for a person.
    Human,
    /// JSON, for programs.
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The id of the rule, as `irready rules` lists it.
    pub rule: String,

    /// A plan repository whose custom policies to include.
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The plan repository, in git.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The first date (YYYY-MM-DD); by default twelve months before `--until`.
    #[arg(long, value_parser = parse_date)]
    pub since: Option<String>,

    /// The last date (YYYY-MM-DD); by default today (UTC).
    #[arg(long, value_parser = parse_date)]
    pub until: Option<String>,

    /// The step between dates: a count of days, weeks, months or years.
    #[arg(long, default_value = "1 months", value_parser = parse_step)]
    pub every: String,

    /// How to write the timeline.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    /// A configuration file to use at every date, instead of each date's own irready.yaml.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The plan repository whose custom policies to test.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The configuration file; by default irready.yaml at the root, if there is one.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write the example into; it must be empty or not exist.
    #[arg(default_value = "irready-plan")]
    pub dir: PathBuf,

    /// The date the example is written for (YYYY-MM-DD); by default today (UTC).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
}

fn parse_step(text: &str) -> Result<String, String> {
    let valid = text.split_once(' ').is_some_and(|(count, unit)| {
        count.parse::<u32>().is_ok_and(|n| n > 0)
            && ["day", "week", "month", "year"].contains(&unit.trim_end_matches('s'))
    });
    if valid {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` is not a step like `1 months`, `2 weeks` or `7 days`"
        ))
    }
}

fn parse_date(text: &str) -> Result<String, String> {
    if crate::artefacts::schema::is_date(text) {
        Ok(text.to_owned())
    } else {
        Err(format!("`{text}` is not a date like 2026-12-01"))
    }
}
