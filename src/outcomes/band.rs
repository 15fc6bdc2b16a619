//! The benchmark band of a quarterly employment rate (ips.toml [benchmarks]).

use crate::repo::model::Benchmarks;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    BelowMinimal,
    Minimal,
    Average,
    Excellent,
}

impl Band {
    /// A rate at or above a benchmark reaches it.
    pub fn of(rate: f64, benchmarks: &Benchmarks) -> Band {
        if rate >= benchmarks.excellent {
            Band::Excellent
        } else if rate >= benchmarks.average {
            Band::Average
        } else if rate >= benchmarks.minimal {
            Band::Minimal
        } else {
            Band::BelowMinimal
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::BelowMinimal => "below-minimal",
            Band::Minimal => "minimal",
            Band::Average => "average",
            Band::Excellent => "excellent",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_on_a_benchmark_reaches_it() {
        let b = Benchmarks::default();
        assert_eq!(Band::of(0.50, &b), Band::Excellent);
        assert_eq!(Band::of(0.4999, &b), Band::Average);
        assert_eq!(Band::of(41.0 / 100.0, &b), Band::Average);
        assert_eq!(Band::of(0.31, &b), Band::Minimal);
        assert_eq!(Band::of(0.3099, &b), Band::BelowMinimal);
        assert_eq!(Band::of(0.0, &b), Band::BelowMinimal);
    }
}
