//! The generation date printed on reports: today's date (UTC) unless fixed, so golden tests and
//! diffs of two reports of the same model can ignore it.

use super::error::ExportError;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReportDate {
    year: i32,
    month: u8,
    day: u8,
}

impl ReportDate {
    /// Parses `YYYY-MM-DD` (a real calendar date).
    pub fn parse(s: &str) -> Result<Self, ExportError> {
        let bad = || ExportError::InvalidDate { date: s.to_owned() };
        let parts: Vec<&str> = s.split('-').collect();
        let [y, m, d] = parts.as_slice() else { return Err(bad()) };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return Err(bad());
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
            return Err(bad());
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Self { year, month, day })
    }

    /// Today, in UTC.
    pub fn today() -> Self {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Self::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: i32::try_from(year).unwrap_or(1970),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for ReportDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
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

    #[test]
    fn days_since_the_epoch_become_calendar_dates() {
        assert_eq!(ReportDate::from_days(0).to_string(), "1970-01-01");
        assert_eq!(ReportDate::from_days(20_454).to_string(), "2026-01-01");
        assert_eq!(ReportDate::from_days(19_782).to_string(), "2024-02-29");
    }
}
