//! `ips`: keep, check and summarise IPS supported employment program data.
//!
//! The layout follows the work: `repo` loads data format 1 (exactly what a command needs),
//! `validate` checks it, `gate` decides what the errors mean, the domain modules (`outcomes`,
//! `fidelity`, `agreement`) compute from it, `output` renders, `write` is the one way a file is
//! written, and `cli` with `commands` form the thin layer a user talks to; `error` is what a
//! command returns and `main` turns into output and an exit code.

pub mod agreement;
pub mod attention;
pub mod calendar;
pub mod cli;
pub mod closest;
pub mod commands;
pub mod diagnostic;
pub mod directory;
pub mod error;
pub mod fidelity;
pub mod filter;
pub mod gate;
pub mod git;
pub mod ids;
pub mod names;
pub mod note;
pub mod outcomes;
pub mod output;
pub mod progress;
pub mod repo;
pub mod report;
pub mod rules;
pub mod scale;
pub mod sheet;
pub mod source;
pub mod temporary;
pub mod text;
pub mod validate;
pub mod write;
