//! `ips report`: the quarterly outcomes report, as a model (the JSON), rendered as one
//! self-contained HTML file or as Markdown with its charts beside it.
//!
//! `figures` reads the outcome files once; `build` makes the model (`model`), with `protect`
//! hiding small numbers in a public report, `fidelity`, `sections`, `restated` (`--since`) and
//! `notes` adding the other sections; `view` formats every figure once for the templates of `render`; `charts` are pure
//! functions from the model to SVG text.

mod build;
pub mod charts;
mod fidelity;
pub mod figures;
pub mod model;
mod notes;
mod protect;
pub mod provenance;
pub mod render;
pub mod restated;
mod sections;
mod view;

pub use build::{Question, build, name_of, quarters_read, trend_quarters};
