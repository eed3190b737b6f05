//! irready checks that an information security incident management plan kept in git is
//! ready, clause by clause of ISO/IEC 27035-2:2023.
//!
//! The pipeline runs one way, a module per step: [`source`] yields files, [`artefacts`]
//! parses them with spans, [`input`] assembles the document the policies read, [`engine`]
//! evaluates the Rego policies, [`triage`] applies severities and waivers, and [`report`]
//! writes the findings. [`pipeline`] chains the steps; [`commands`] holds one module per
//! command.

pub mod artefacts;
pub mod clauses;
pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod finding;
pub mod git;
pub mod history;
pub mod input;
pub mod pipeline;
pub mod report;
pub mod source;
pub mod text;
pub mod timeline;
pub mod triage;
