//! The generation date printed on reports: today's date (UTC) unless fixed, so golden tests and
//! diffs of two reports of the same model can ignore it.

use super::error::ExportError;
use crate::model::Date;
use std::fmt;

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReportDate(Date);

impl ReportDate {
    /// Parses `YYYY-MM-DD` (a real calendar date).
    pub fn parse(s: &str) -> Result<Self, ExportError> {
        Date::parse(s)
            .map(Self)
            .ok_or_else(|| ExportError::InvalidDate { date: s.to_owned() })
    }

    /// Today, in UTC.
    pub fn today() -> Self {
        Self(Date::today())
    }

    /// The date.
    pub fn date(self) -> Date {
        self.0
    }
}

impl fmt::Display for ReportDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_when_real() {
        assert_eq!(ReportDate::parse("2026-01-01").unwrap().to_string(), "2026-01-01");
        assert_eq!(ReportDate::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        for bad in [
            "2026-1-01",
            "2026-13-01",
            "2025-02-29",
            "26-01-01",
            "2026/01/01",
            "",
            "2026-01-01x",
        ] {
            assert!(ReportDate::parse(bad).is_err(), "{bad}");
        }
    }
}
