//! Time as the rest of the code needs it: durations people type, timestamps services
//! send, elapsed times people read, and the date format the request signer wants.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `90s`, `15m`, `1h 30m` (humantime) or bare seconds (`600`, `2.5`). Months and years
/// are refused: humantime reads `10M` as ten months, which nobody waiting for a job means.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty duration".into());
    }
    if let Some(unit) =
        units(text).find(|u| ["M", "month", "months", "mo", "y", "year", "years"].contains(u))
    {
        let hint = if unit == "M" {
            format!("; did you mean {}?", text.replace('M', "m"))
        } else {
            String::new()
        };
        return Err(format!(
            "'{text}' is in months or years, which no wait for a job should be{hint}"
        ));
    }
    if let Ok(secs) = text.parse::<f64>() {
        return Duration::try_from_secs_f64(secs)
            .map_err(|_| format!("'{text}' is not a duration (negative or too large)"));
    }
    humantime::parse_duration(text).map_err(|e| {
        format!("'{text}' is not a duration ({e}); use e.g. 90s, 15m, 1h 30m or bare seconds")
    })
}

/// `t + d`, or a moment centuries away when that would overflow: a duration a user or
/// server gave (`Retry-After: 10000000000000000000`) must never panic the wait. Whoever
/// sleeps until it is clipped to the deadline anyway.
pub fn after(t: tokio::time::Instant, d: Duration) -> tokio::time::Instant {
    const FAR: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    t.checked_add(d.min(FAR))
        .or_else(|| t.checked_add(FAR))
        .unwrap_or(t)
}

/// Seconds as a duration: negative and NaN are zero, too large is the largest duration.
pub fn secs(s: f64) -> Duration {
    if s.is_nan() || s <= 0.0 {
        Duration::ZERO
    } else {
        Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX)
    }
}

/// The unit words of a humantime duration: `1h 30m` → `h`, `m`.
fn units(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
}

/// Seconds since the Unix epoch, negative before it.
pub fn epoch_secs(t: SystemTime) -> f64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    }
}

/// `4m7s`, `1h2m3s`, `12s`: Terraform's style for progress lines.
pub fn format_elapsed(d: Duration) -> String {
    let total = d.as_secs_f64().round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s}s"),
        _ => format!("{h}h{m}m{s}s"),
    }
}

/// `750ms`, `2.5s`, `1m30s`: for retry delays and timeouts, where under a second matters.
/// Milliseconds are rounded to tens: a budget of 500 ms that is 499.7 ms by the time a
/// message is written should still read as the 500 ms the user asked for.
pub fn format_elapsed_precise(d: Duration) -> String {
    let ms = (d.as_millis() + 5) / 10 * 10;
    match ms {
        0..=999 => format!("{ms}ms"),
        1000..=59_999 => format!("{:.1}s", ms as f64 / 1000.0).replace(".0s", "s"),
        _ => format_elapsed(d),
    }
}

/// `20191115T033655Z`, the `X-Sdk-Date` format.
pub fn sdk_date(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t)
        .to_string()
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect()
}

/// A time as job APIs send it: text [`parse_timestamp`] reads, or epoch milliseconds (a
/// number, or a string of digits as DCS sends them). Small numbers are seconds.
pub fn parse_time(value: &serde_json::Value) -> Option<SystemTime> {
    let whole = |n: u64| {
        let since = if n >= 100_000_000_000 {
            Duration::from_millis(n)
        } else {
            Duration::from_secs(n)
        };
        (n > 0).then(|| UNIX_EPOCH.checked_add(since)).flatten()
    };
    match value {
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(n) => whole(n),
            None => {
                let secs = n.as_f64().filter(|f| *f > 0.0 && *f < 1e11)?;
                UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(secs).ok()?)
            }
        },
        serde_json::Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            whole(s.parse().ok()?)
        }
        serde_json::Value::String(s) => parse_timestamp(s),
        _ => None,
    }
}

/// Parse the timestamps services send: `2016-04-25T20:04:34.604Z`, with a numeric offset
/// (`+0800`, `+08:00`), with none at all (taken as UTC, as the services document), or as
/// Go prints them (`2020-02-02 08:12:40.672772389 +0000 UTC`, CCE).
pub fn parse_timestamp(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let text = text.strip_suffix(" UTC").unwrap_or(text);
    if text.len() < 19 || !text.is_ascii() {
        return None;
    }
    let (stamp, offset_secs) = split_offset(text)?;
    let utc = humantime::parse_rfc3339_weak(stamp).ok()?;
    if offset_secs >= 0 {
        utc.checked_sub(Duration::from_secs(offset_secs.unsigned_abs()))
    } else {
        utc.checked_add(Duration::from_secs(offset_secs.unsigned_abs()))
    }
}

fn split_offset(text: &str) -> Option<(&str, i64)> {
    if let Some(stamp) = text.strip_suffix('Z').or_else(|| text.strip_suffix('z')) {
        return Some((stamp, 0));
    }
    // Only look for an offset after the time of day, so the date's dashes are not taken.
    let tail_start = 19;
    let tail = &text[tail_start..];
    let Some(pos) = tail.rfind(['+', '-']) else {
        return Some((text, 0));
    };
    let sign: i64 = if tail.as_bytes()[pos] == b'-' { -1 } else { 1 };
    let digits: String = tail[pos + 1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    Some((
        text[..tail_start + pos].trim_end(),
        sign * (hours * 3600 + minutes * 60),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_both_forms() {
        assert_eq!(parse_duration("600"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration(" 250ms "), Ok(Duration::from_millis(250)));
        assert!(parse_duration("soon").unwrap_err().contains("'soon'"));
        assert!(parse_duration("-5").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("1e400").is_err());
        assert!(parse_duration("NaN").is_err());
        let months = parse_duration("10M").unwrap_err();
        assert!(
            months.contains("months") && months.contains("did you mean 10m?"),
            "{months}"
        );
        assert!(parse_duration("1y").unwrap_err().contains("years"));
        assert!(parse_duration("2 months").is_err());
        assert!(parse_duration("1year 2d").is_err());
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("2min"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1ms"), Ok(Duration::from_millis(1)));
    }

    #[test]
    fn elapsed_reads_like_terraform() {
        assert_eq!(format_elapsed(Duration::from_millis(400)), "0s");
        assert_eq!(format_elapsed(Duration::from_secs(12)), "12s");
        assert_eq!(format_elapsed(Duration::from_secs(247)), "4m7s");
        assert_eq!(format_elapsed(Duration::from_secs(3723)), "1h2m3s");
        assert_eq!(format_elapsed_precise(Duration::from_millis(828)), "830ms");
        assert_eq!(format_elapsed_precise(Duration::from_millis(499)), "500ms");
        assert_eq!(format_elapsed_precise(Duration::from_millis(996)), "1s");
        assert_eq!(format_elapsed_precise(Duration::from_millis(1418)), "1.4s");
        assert_eq!(format_elapsed_precise(Duration::from_secs(2)), "2s");
        assert_eq!(format_elapsed_precise(Duration::from_secs(95)), "1m35s");
    }

    #[test]
    fn arithmetic_on_durations_saturates() {
        let now = tokio::time::Instant::now();
        let huge = Duration::from_secs(10_000_000_000_000_000_000);
        assert!(after(now, huge) > after(now, Duration::from_secs(86_400 * 365 * 50)));
        assert_eq!(
            after(now, Duration::from_secs(1)),
            now + Duration::from_secs(1)
        );
        assert_eq!(secs(-1.0), Duration::ZERO);
        assert_eq!(secs(f64::NAN), Duration::ZERO);
        assert_eq!(secs(1e300), Duration::MAX);
        assert_eq!(secs(1.5), Duration::from_millis(1500));
    }

    #[test]
    fn sdk_date_format() {
        let t = UNIX_EPOCH + Duration::from_secs(1_573_789_015);
        assert_eq!(sdk_date(t), "20191115T033655Z");
    }

    #[test]
    fn times_as_numbers_and_digit_strings_are_epoch_milliseconds() {
        use serde_json::json;
        let base = UNIX_EPOCH + Duration::from_millis(1_684_191_545_379);
        assert_eq!(parse_time(&json!("1684191545379")), Some(base));
        assert_eq!(parse_time(&json!(1_684_191_545_379u64)), Some(base));
        assert_eq!(
            parse_time(&json!(1_701_327_093)),
            Some(UNIX_EPOCH + Duration::from_secs(1_701_327_093))
        );
        assert_eq!(parse_time(&json!("2023-05-15T22:59:05.379Z")), Some(base));
        for nothing in [
            json!(0),
            json!(""),
            json!(null),
            json!(-5),
            json!([1]),
            json!(1e300),
        ] {
            assert_eq!(parse_time(&nothing), None, "{nothing}");
        }
    }

    #[test]
    fn timestamps_as_services_send_them() {
        let base = parse_timestamp("2016-04-25T20:04:34.604Z").unwrap();
        assert!((epoch_secs(base) - 1_461_614_674.604).abs() < 1e-3);
        assert_eq!(parse_timestamp("2016-04-25T20:04:34.604"), Some(base));
        assert_eq!(parse_timestamp("2016-04-26T04:04:34.604+0800"), Some(base));
        assert_eq!(parse_timestamp("2016-04-26T04:04:34.604+08:00"), Some(base));
        assert_eq!(parse_timestamp("2016-04-25T19:04:34.604-01:00"), Some(base));
        assert_eq!(parse_timestamp("2016-04-25 20:04:34.604"), Some(base));
        assert_eq!(
            parse_timestamp("2016-04-25 20:04:34.604000000 +0000 UTC"),
            Some(base)
        );
        assert_eq!(parse_timestamp("2016-04-26 04:04:34.604 +0800"), Some(base));
        for bad in [
            "",
            "null",
            "2016-04-25",
            "2016-04-25T20:04:34+8",
            "日本語日本語日本語日本語",
            "2016-13-45T99:99:99Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }
}
