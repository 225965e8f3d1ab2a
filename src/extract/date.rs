//! Dates as news sites write them: ISO 8601, French day-first, month names, bylines.
//! (Interface stub: the full parser replaces this file.)

use chrono::{FixedOffset, NaiveDate, NaiveTime};

/// A publication stamp: the calendar day in the source's own time zone, with the time and the
/// UTC offset when the source gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PubDate {
    /// Calendar day as the source wrote it (not converted to UTC).
    pub date: NaiveDate,
    /// Local time of day, when known.
    pub time: Option<NaiveTime>,
    /// Offset from UTC, when known.
    pub offset: Option<FixedOffset>,
}

impl PubDate {
    /// `YYYY-MM-DD`.
    pub fn day_string(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }

    /// RFC 3339 when time and offset are known; ISO 8601 local date-time when only the time is;
    /// the bare day otherwise.
    pub fn rfc3339(&self) -> String {
        match (self.time, self.offset) {
            (Some(t), Some(o)) => self
                .date
                .and_time(t)
                .and_local_timezone(o)
                .single()
                .map_or_else(
                    || self.day_string(),
                    |dt| dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                ),
            (Some(t), None) => self
                .date
                .and_time(t)
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string(),
            _ => self.day_string(),
        }
    }

    /// Seconds since the epoch, for sorting and range filters: the local day and time read as
    /// UTC, so that a date filter matches the calendar day the source printed.
    pub fn sort_key(&self) -> i64 {
        self.date
            .and_time(self.time.unwrap_or(NaiveTime::MIN))
            .and_utc()
            .timestamp()
    }
}

/// Parses one date stamp (a metadata value such as `2020-07-02T19:19:33+02:00`).
pub fn parse_date(s: &str) -> Option<PubDate> {
    let s = s.trim();
    let date = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(PubDate {
        date,
        time: None,
        offset: None,
    })
}

/// Finds a publication date in running text such as a byline
/// ("publié le jeudi 02 juillet 2020 à 21h05", "Mis à jour le 3 mars 2024").
pub fn find_date_in_text(_s: &str) -> Option<PubDate> {
    None
}
