//! Migration timestamps: UTC `YYYYMMDDHHMMSS`, and the date arithmetic
//! behind them (no clock time ever reaches a generated file's contents).

use anyhow::{Result, bail};

fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Formats seconds since the epoch.
pub fn format(secs: i64) -> String {
    let (y, mo, d) = civil(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}{mo:02}{d:02}{:02}{:02}{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Parses a `YYYYMMDDHHMMSS` timestamp into seconds since the epoch.
pub fn parse(ts: &str) -> Result<i64> {
    if ts.len() != 14 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        bail!(
            "invalid timestamp `{ts}`: expected 14 digits, YYYYMMDDHHMMSS (UTC), e.g. 20200707210300"
        );
    }
    let n = |r: std::ops::Range<usize>| ts[r].parse::<i64>().expect("digits");
    let (y, mo, d, h, mi, s) = (n(0..4), n(4..6), n(6..8), n(8..10), n(10..12), n(12..14));
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
        bail!("invalid timestamp `{ts}`: not a valid UTC date and time (YYYYMMDDHHMMSS)");
    }
    let secs = days_from_civil(y, mo as u32, d as u32) * 86_400 + h * 3600 + mi * 60 + s;
    if format(secs) != ts {
        bail!("invalid timestamp `{ts}`: no such date");
    }
    Ok(secs)
}

/// The years a new migration's timestamp may fall in.
const YEARS: std::ops::RangeInclusive<i64> = 2000..=2099;

/// Parses `--timestamp`: a valid timestamp (see [`parse`]) in a sane range,
/// since a migration's timestamp is the time it was written and orders it
/// among the tree's migrations.
pub fn parse_new(ts: &str) -> Result<i64> {
    let secs = parse(ts)?;
    let year: i64 = ts[..4].parse().expect("parse checked the digits");
    if !YEARS.contains(&year) {
        bail!(
            "invalid timestamp `{ts}`: year {year} is outside {}-{}; use the current UTC time (YYYYMMDDHHMMSS) or leave `--timestamp` out",
            YEARS.start(),
            YEARS.end()
        );
    }
    Ok(secs)
}

/// Now, in UTC.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    format(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rolls_over() {
        assert_eq!(format(0), "19700101000000");
        let t = parse("20201231235959").expect("valid");
        assert_eq!(format(t + 1), "20210101000000");
        assert_eq!(
            format(parse("20240229120000").expect("leap day")),
            "20240229120000"
        );
        assert!(parse("20230229120000").is_err());
        assert!(parse("2023").is_err());
    }
}
