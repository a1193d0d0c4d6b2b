//! Python's `datetime.datetime` as far as revision files need it: `str()`
//! (the `Create Date:` line), `timestamp()` (the `%(epoch)s` file name
//! token), the date/time attributes and a common subset of `strftime`.

use chrono::{Datelike, FixedOffset, Local, NaiveDateTime, TimeZone, Timelike};

/// A date and time as Alembic's `create_date`: naive local time when no
/// `timezone` is configured, or aware with a UTC offset when one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PyDateTime {
    /// The wall-clock date and time.
    pub local: NaiveDateTime,
    /// The UTC offset for an aware datetime; `None` for a naive one.
    pub offset: Option<FixedOffset>,
}

impl PyDateTime {
    /// A naive datetime (Alembic without `timezone`: `datetime.now()`).
    pub fn naive(local: NaiveDateTime) -> Self {
        PyDateTime {
            local,
            offset: None,
        }
    }

    /// An aware datetime (Alembic with `timezone`:
    /// `datetime.now(tz=utc).astimezone(ZoneInfo(timezone))`).
    pub fn aware<Tz: TimeZone>(datetime: &chrono::DateTime<Tz>) -> Self {
        let fixed = datetime.fixed_offset();
        PyDateTime {
            local: fixed.naive_local(),
            offset: Some(*fixed.offset()),
        }
    }

    /// The current local time, naive, as `datetime.now()` gives it.
    pub fn now_naive() -> Self {
        PyDateTime::naive(Local::now().naive_local())
    }

    /// Python's `str(datetime)`: `YYYY-MM-DD HH:MM:SS`, then `.ffffff` when
    /// the microseconds are not zero, then `+HH:MM` (with `:SS` when needed)
    /// for an aware datetime.
    pub fn py_str(&self) -> String {
        let d = &self.local;
        let mut s = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        );
        let micros = self.microsecond();
        if micros != 0 {
            s.push_str(&format!(".{micros:06}"));
        }
        if let Some(offset) = self.offset {
            s.push_str(&format_offset(offset, ":"));
        }
        s
    }

    /// Python's `repr(datetime)`: `datetime.datetime(2026, 11, 22, 2, 28, 8, 398348)`
    /// (with `tzinfo=...` omitted for aware values: aludel has no zone object).
    pub fn py_repr(&self) -> String {
        let d = &self.local;
        let mut fields = vec![
            d.year().to_string(),
            d.month().to_string(),
            d.day().to_string(),
            d.hour().to_string(),
            d.minute().to_string(),
        ];
        let (second, micros) = (d.second(), self.microsecond());
        if second != 0 || micros != 0 {
            fields.push(second.to_string());
        }
        if micros != 0 {
            fields.push(micros.to_string());
        }
        format!("datetime.datetime({})", fields.join(", "))
    }

    /// The microsecond field (leap-second nanoseconds are folded in).
    pub fn microsecond(&self) -> u32 {
        (self.local.nanosecond() % 1_000_000_000) / 1000
    }

    /// Python's `int(datetime.timestamp())`: seconds since the epoch,
    /// truncated toward zero. A naive datetime is taken as local time
    /// (the earlier instant when the local time is ambiguous).
    pub fn epoch(&self) -> i64 {
        let instant = match self.offset {
            Some(offset) => offset.from_local_datetime(&self.local).earliest(),
            None => Local
                .from_local_datetime(&self.local)
                .earliest()
                .map(|dt| dt.fixed_offset()),
        };
        let Some(instant) = instant else {
            return self.local.and_utc().timestamp();
        };
        let seconds = instant.timestamp();
        // `timestamp()` is a float; `int()` truncates toward zero.
        if seconds < 0 && self.local.nanosecond() > 0 {
            seconds + 1
        } else {
            seconds
        }
    }

    /// An integer attribute by Python name (`year`, `month`, ...).
    pub fn attribute(&self, name: &str) -> Option<i64> {
        let d = &self.local;
        Some(match name {
            "year" => i64::from(d.year()),
            "month" => i64::from(d.month()),
            "day" => i64::from(d.day()),
            "hour" => i64::from(d.hour()),
            "minute" => i64::from(d.minute()),
            "second" => i64::from(d.second()),
            "microsecond" => i64::from(self.microsecond()),
            _ => return None,
        })
    }

    /// Python's `strftime` for the directives `%Y %m %d %H %M %S %f %y %j
    /// %I %p %a %A %b %B %z %%` and `%Z` for naive values (C locale); `Err(directive)` for others.
    pub fn strftime(&self, format: &str) -> Result<String, char> {
        const DAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let d = &self.local;
        let mut out = String::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let Some(directive) = chars.next() else {
                out.push('%');
                break;
            };
            let weekday = d.weekday().num_days_from_monday() as usize;
            let month = d.month0() as usize;
            match directive {
                'Y' => out.push_str(&format!("{:04}", d.year())),
                'm' => out.push_str(&format!("{:02}", d.month())),
                'd' => out.push_str(&format!("{:02}", d.day())),
                'H' => out.push_str(&format!("{:02}", d.hour())),
                'M' => out.push_str(&format!("{:02}", d.minute())),
                'S' => out.push_str(&format!("{:02}", d.second())),
                'f' => out.push_str(&format!("{:06}", self.microsecond())),
                'y' => out.push_str(&format!("{:02}", d.year().rem_euclid(100))),
                'j' => out.push_str(&format!("{:03}", d.ordinal())),
                'I' => out.push_str(&format!("{:02}", d.hour12().1)),
                'p' => out.push_str(if d.hour12().0 { "PM" } else { "AM" }),
                'a' => out.push_str(&DAYS[weekday][..3]),
                'A' => out.push_str(DAYS[weekday]),
                'b' => out.push_str(&MONTHS[month][..3]),
                'B' => out.push_str(MONTHS[month]),
                'z' => {
                    if let Some(offset) = self.offset {
                        out.push_str(&format_offset(offset, ""));
                    }
                }
                // A zone abbreviation needs the zone, which aludel does not keep.
                'Z' if self.offset.is_some() => return Err('Z'),
                'Z' => {}
                '%' => out.push('%'),
                other => return Err(other),
            }
        }
        Ok(out)
    }
}

/// `+HH<sep>MM`, with `<sep>SS` when the offset has seconds.
fn format_offset(offset: FixedOffset, sep: &str) -> String {
    let total = offset.local_minus_utc();
    let sign = if total < 0 { '-' } else { '+' };
    let total = total.unsigned_abs();
    let (hours, minutes, seconds) = (total / 3600, (total / 60) % 60, total % 60);
    let mut s = format!("{sign}{hours:02}{sep}{minutes:02}");
    if seconds != 0 {
        s.push_str(&format!("{sep}{seconds:02}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, us: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_micro_opt(h, mi, s, us))
            .unwrap()
    }

    #[test]
    fn str_matches_python() {
        // Expected values printed by CPython 3.11.
        let naive = PyDateTime::naive(at(2026, 11, 22, 2, 28, 8, 398348));
        assert_eq!(naive.py_str(), "2026-11-22 02:28:08.398348");
        assert_eq!(
            PyDateTime::naive(at(2026, 1, 2, 3, 4, 5, 0)).py_str(),
            "2026-01-02 03:04:05"
        );
        let utc = chrono::Utc.from_utc_datetime(&at(2026, 11, 22, 2, 28, 8, 0));
        assert_eq!(
            PyDateTime::aware(&utc).py_str(),
            "2026-11-22 02:28:08+00:00"
        );
        let minus = FixedOffset::west_opt(5 * 3600 + 30 * 60).unwrap();
        let dt = minus
            .from_local_datetime(&at(2026, 3, 1, 0, 0, 0, 7))
            .unwrap();
        assert_eq!(
            PyDateTime::aware(&dt).py_str(),
            "2026-03-01 00:00:00.000007-05:30"
        );
        let odd = FixedOffset::east_opt(3600 + 5).unwrap();
        let dt = odd
            .from_local_datetime(&at(2026, 3, 1, 0, 0, 0, 0))
            .unwrap();
        assert_eq!(
            PyDateTime::aware(&dt).py_str(),
            "2026-03-01 00:00:00+01:00:05"
        );
        assert_eq!(
            naive.py_repr(),
            "datetime.datetime(2026, 11, 22, 2, 28, 8, 398348)"
        );
    }

    #[test]
    fn epoch_of_aware_datetime() {
        let utc = chrono::Utc.from_utc_datetime(&at(2026, 11, 22, 2, 28, 8, 900000));
        assert_eq!(PyDateTime::aware(&utc).epoch(), 1_795_314_488);
        let east = FixedOffset::east_opt(3600).unwrap();
        let dt = utc.with_timezone(&east);
        assert_eq!(PyDateTime::aware(&dt).epoch(), 1_795_314_488);
    }

    #[test]
    fn strftime_subset() {
        let dt = PyDateTime::naive(at(2026, 11, 2, 14, 8, 9, 5));
        assert_eq!(
            dt.strftime("%Y-%m-%d %H:%M:%S.%f %y %j %I%p %a %A %b %B %z%Z %%")
                .unwrap(),
            "2026-11-02 14:08:09.000005 26 306 02PM Mon Monday Nov November  %"
        );
        assert_eq!(dt.strftime("%Q"), Err('Q'));
    }
}
