//! The report's charts: small pure functions from the model to SVG text, deterministic to the
//! byte (hand-written SVG is simpler here than a chart crate, and has no dependency).

pub mod bars;
pub mod distribution;
pub mod scatter;
pub mod spark;
pub mod svg;
pub mod trend;
