//! Fidelity reviews: scoring and the review schedule.

pub mod plan;
pub mod scale;
