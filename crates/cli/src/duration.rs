//! Durations as people write them on the command line and in
//! `[tool.aludel]`: `5s`, `500ms`, `2m`, `1h 30m`, or a plain number of
//! seconds (`5`, `0.5`).

use std::time::Duration;

/// Reads a duration; the error says what was wrong and how to write one.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return seconds_duration(seconds).ok_or_else(|| invalid(text));
    }
    humantime::parse_duration(text).map_err(|_| invalid(text))
}

/// A number of seconds as a duration; `None` when negative or not finite.
pub fn seconds_duration(seconds: f64) -> Option<Duration> {
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

fn invalid(text: &str) -> String {
    format!("{text:?} is not a duration; write 5s, 500ms, 2m or a number of seconds")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_plain_seconds() {
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration(" 0.25 "), Ok(Duration::from_millis(250)));
    }

    #[test]
    fn nonsense_is_named() {
        for bad in ["-1", "soon", "5 parsecs", "", "inf"] {
            let error = parse_duration(bad).unwrap_err();
            assert!(error.contains("is not a duration"), "{bad}: {error}");
        }
    }
}
