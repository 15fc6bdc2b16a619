//! Fidelity reviews: scoring and the review schedule.

pub mod scale;
