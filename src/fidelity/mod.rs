//! Fidelity reviews: scoring, the review schedule, an agency's history, and the file a new
//! review starts from.

pub mod history;
pub mod improvement;
pub mod items;
pub mod plan;
pub mod review_report;
pub mod schedule;
pub mod scoring;
pub mod template;

/// The scale lives below `repo` (which reads scores against it); here under its old name too.
pub use crate::scale;
