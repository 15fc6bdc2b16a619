//! Fidelity reviews: scoring, the review schedule, an agency's history, and the file a new
//! review starts from.

pub mod history;
pub mod plan;
pub mod scale;
pub mod schedule;
pub mod scoring;
pub mod template;
