//! `ips`: keep, check and summarise IPS supported employment program data.
//!
//! The layout follows the work: `repo` loads data format 1, `validate` checks it, the domain
//! modules (`outcomes`, `fidelity`, `agreement`) compute from it, `output` renders, and `cli` with
//! `commands` form the thin layer a user talks to.

pub mod agreement;
pub mod calendar;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod fidelity;
pub mod ids;
pub mod outcomes;
pub mod output;
pub mod progress;
pub mod repo;
pub mod rules;
pub mod source;
pub mod validate;
