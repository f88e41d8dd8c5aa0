//! Flink's conversions between date-times and text or epoch numbers: DATE_FORMAT,
//! TO_TIMESTAMP, TO_DATE, TO_TIMESTAMP_LTZ, UNIX_TIMESTAMP, FROM_UNIXTIME, CONVERT_TZ,
//! with Java's patterns (`datefmt`) and Java's reading of zone names.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime};

use super::datefmt::{self, Style};
use super::temporal::{arg, int_of, nullable_any, string_arg, text_of, utc};
use super::{Eval, Scalar, Session, Signature, TimeZone, cannot_apply};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::{Datum, truncate_ts};

const DEFAULT_FORMAT: &str = "yyyy-MM-dd HH:mm:ss";

pub static FUNCTIONS: &[Scalar] = &[
    Scalar {
        name: "DATE_FORMAT",
        strict: true,
        infer: date_format_type,
        eval: date_format,
    },
    Scalar {
        name: "TO_TIMESTAMP",
        strict: true,
        infer: to_timestamp_type,
        eval: to_timestamp,
    },
    Scalar {
        name: "TO_DATE",
        strict: true,
        infer: to_date_type,
        eval: to_date,
    },
    Scalar {
        name: "TO_TIMESTAMP_LTZ",
        strict: true,
        infer: to_timestamp_ltz_type,
        eval: to_timestamp_ltz,
    },
    Scalar {
        name: "UNIX_TIMESTAMP",
        strict: true,
        infer: unix_timestamp_type,
        eval: unix_timestamp,
    },
    Scalar {
        name: "FROM_UNIXTIME",
        strict: true,
        infer: from_unixtime_type,
        eval: from_unixtime,
    },
    Scalar {
        name: "CONVERT_TZ",
        strict: true,
        infer: convert_tz_type,
        eval: convert_tz,
    },
];

/// A zone named as Java's `TimeZone.getTimeZone` reads it (CONVERT_TZ, the zone of
/// TO_TIMESTAMP_LTZ): an IANA name, `UTC`/`GMT`, or `GMT+hh:mm`; anything else is GMT,
/// silently, as in Java.
pub fn java_zone(name: &str) -> TimeZone {
    if let Ok(tz) = name.parse::<chrono_tz::Tz>() {
        return TimeZone::Named(tz);
    }
    let fixed = name.strip_prefix("GMT").and_then(signed_offset);
    TimeZone::Fixed(fixed.unwrap_or_else(utc))
}

/// A zone named as Java's `ZoneId.of` reads it (`table.local-time-zone`): an IANA name,
/// `UTC`/`GMT`/`Z`, an offset (`+08:00`) or a prefixed one (`GMT-08:00`, `UTC+8`).
pub fn zone_id(name: &str) -> Result<TimeZone, String> {
    if let Ok(tz) = name.parse::<chrono_tz::Tz>() {
        return Ok(TimeZone::Named(tz));
    }
    let rest = ["UTC", "GMT", "UT"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name);
    let fixed = match rest {
        "" | "Z" => Some(utc()),
        _ => signed_offset(rest),
    };
    fixed.map(TimeZone::Fixed).ok_or_else(|| {
        format!(
            "Invalid time zone '{name}': use a zone name such as 'America/Los_Angeles' or an \
             offset such as 'GMT-08:00'"
        )
    })
}

/// `+h`, `+hh`, `+hhmm` or `+hh:mm` (or with `-`) as an offset.
fn signed_offset(text: &str) -> Option<FixedOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits = |s: &str| -> Option<i32> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (digits(h)?, digits(m)?),
        None if rest.len() == 4 => (digits(rest.get(..2)?)?, digits(rest.get(2..)?)?),
        None => (digits(rest)?, 0),
    };
    (h <= 18 && m <= 59)
        .then(|| FixedOffset::east_opt(sign * (h * 3600 + m * 60)))
        .flatten()
}

// ---------------------------------------------------------------------------------------
// Types

fn date_format_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [x, f]
            if matches!(
                x.kind,
                Kind::Timestamp(_) | Kind::TimestampLtz(_) | Kind::Null
            ) || string_arg(x) && string_arg(f) =>
        {
            Ok(FlinkType::string())
        }
        _ => Err(cannot_apply(
            "DATE_FORMAT",
            args,
            &[
                "DATE_FORMAT(<TIMESTAMP>, <CHARACTER>)",
                "DATE_FORMAT(<CHARACTER>, <CHARACTER>)",
            ],
        )),
    }
}

fn strings_only(name: &str, args: &[FlinkType], max: usize, forms: &[&str]) -> Result<(), String> {
    if args.is_empty() || args.len() > max || !args.iter().all(string_arg) {
        return Err(cannot_apply(name, args, forms));
    }
    Ok(())
}

fn to_timestamp_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    strings_only(
        "TO_TIMESTAMP",
        args,
        2,
        &[
            "TO_TIMESTAMP(<CHARACTER>)",
            "TO_TIMESTAMP(<CHARACTER>, <CHARACTER>)",
        ],
    )?;
    Ok(FlinkType::nullable(Kind::Timestamp(3)))
}

fn to_date_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    strings_only(
        "TO_DATE",
        args,
        2,
        &["TO_DATE(<CHARACTER>)", "TO_DATE(<CHARACTER>, <CHARACTER>)"],
    )?;
    Ok(FlinkType::nullable(Kind::Date))
}

fn to_timestamp_ltz_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let ok = match args {
        [n] => n.is_numeric() || string_arg(n),
        [n, p] if n.is_numeric() => p.is_integer(),
        [s, f] => string_arg(s) && string_arg(f),
        [s, f, z] => string_arg(s) && string_arg(f) && string_arg(z),
        _ => false,
    };
    if !ok {
        return Err(cannot_apply(
            "TO_TIMESTAMP_LTZ",
            args,
            &[
                "TO_TIMESTAMP_LTZ(<NUMERIC>, <INTEGER>)",
                "TO_TIMESTAMP_LTZ(<CHARACTER>[, <CHARACTER>[, <CHARACTER>]])",
            ],
        ));
    }
    // The numeric form's precision literal widens the type to (6) or (9): see
    // `to_timestamp_ltz_type_for`.
    Ok(FlinkType::nullable(Kind::TimestampLtz(3)))
}

fn unix_timestamp_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    if !args.is_empty() {
        strings_only(
            "UNIX_TIMESTAMP",
            args,
            2,
            &[
                "UNIX_TIMESTAMP()",
                "UNIX_TIMESTAMP(<CHARACTER>[, <CHARACTER>])",
            ],
        )?;
    }
    Ok(FlinkType::new(Kind::BigInt, nullable_any(args)))
}

fn from_unixtime_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [n] | [n, _] if n.is_integer() || n.is_null() => {
            if args.get(1).is_some_and(|f| !string_arg(f)) {
                return Err(cannot_apply(
                    "FROM_UNIXTIME",
                    args,
                    &["FROM_UNIXTIME(<INTEGER>[, <CHARACTER>])"],
                ));
            }
            Ok(FlinkType::string())
        }
        _ => Err(cannot_apply(
            "FROM_UNIXTIME",
            args,
            &["FROM_UNIXTIME(<INTEGER>[, <CHARACTER>])"],
        )),
    }
}

fn convert_tz_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [a, b, c] if string_arg(a) && string_arg(b) && string_arg(c) => Ok(FlinkType::string()),
        _ => Err(cannot_apply(
            "CONVERT_TZ",
            args,
            &["CONVERT_TZ(<CHARACTER>, <CHARACTER>, <CHARACTER>)"],
        )),
    }
}

/// TO_TIMESTAMP_LTZ's type once its precision literal is known (the numeric form):
/// TIMESTAMP_LTZ(3), or (6)/(9) for micro- and nanoseconds.
pub fn to_timestamp_ltz_type_for(precision: i64, nullable: bool) -> FlinkType {
    let p = if precision > 3 {
        precision.min(9) as u8
    } else {
        3
    };
    FlinkType::new(Kind::TimestampLtz(p), nullable)
}

// ---------------------------------------------------------------------------------------
// Formatting and parsing

fn session_offset(s: &Session, utc_ts: NaiveDateTime) -> FixedOffset {
    s.time_zone.offset_at(utc_ts)
}

fn date_format(args: &[Datum], _: &Signature, s: &Session) -> Eval {
    let pattern = text_of(arg(args, 1)).unwrap_or("");
    Ok(match arg(args, 0) {
        Datum::Timestamp(ts) => Datum::Str(datefmt::format(*ts, pattern, Style::Modern, utc())?),
        Datum::TimestampLtz(ts) => {
            let local = s.time_zone.to_local(*ts);
            Datum::Str(datefmt::format(local, pattern, Style::Modern, utc())?)
        }
        // A string is read as `yyyy-MM-dd HH:mm:ss` (SimpleDateFormat, in UTC); NULL when
        // it is not one.
        Datum::Str(text) => match datefmt::parse(text, DEFAULT_FORMAT, Style::Legacy) {
            Some(ts) => Datum::Str(datefmt::format(ts, pattern, Style::Legacy, utc())?),
            None => Datum::Null,
        },
        _ => Datum::Null,
    })
}

/// Flink's reading of a timestamp without a pattern: `yyyy-[M]M-[d]d[ [H]H:[m]m:[s]s[.f]]`.
fn default_timestamp(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = match text.split_once(' ') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut ymd = date.splitn(3, '-');
    let (y, m, d) = (ymd.next()?, ymd.next()?, ymd.next()?);
    let num = |s: &str, min: usize, max: usize| -> Option<u32> {
        (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(y, 4, 4)?, num(m, 1, 2)?, num(d, 1, 2)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // SMART resolving: a day past the month's end is its last day.
    let date = (0..4).find_map(|k| NaiveDate::from_ymd_opt(y as i32, m, d - k))?;
    let Some(time) = time else {
        return date.and_hms_opt(0, 0, 0);
    };
    let (hms, frac) = match time.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (time, None),
    };
    let mut parts = hms.splitn(3, ':');
    let (h, mi, sec) = (
        num(parts.next()?, 1, 2)?,
        num(parts.next()?, 1, 2)?,
        num(parts.next()?, 1, 2)?,
    );
    let nanos = match frac {
        Some(f) if f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<9}").parse::<u32>().ok()?
        }
        Some(_) => return None,
        None => 0,
    };
    date.and_hms_nano_opt(h, mi, sec, nanos)
}

/// `java.sql.Timestamp.valueOf`/`java.sql.Date.valueOf`, Flink's second try when a
/// pattern did not match.
fn jdbc_timestamp(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if text.contains(' ') {
        let (_, time) = text.split_once(' ')?;
        // Timestamp.valueOf needs all of hh:mm:ss.
        if time.split(':').count() != 3 {
            return None;
        }
    }
    default_timestamp(text)
}

fn to_timestamp(args: &[Datum], _: &Signature, _: &Session) -> Eval {
    let text = text_of(arg(args, 0)).unwrap_or("");
    let ts = match args.get(1) {
        None => default_timestamp(text),
        Some(f) => datefmt::parse(text, text_of(f).unwrap_or(""), Style::Modern)
            .or_else(|| jdbc_timestamp(text)),
    };
    Ok(ts.map_or(Datum::Null, |ts| Datum::Timestamp(truncate_ts(ts, 3))))
}

/// Flink's `parseDate`: `y[-m[-d]]`, anything after a space ignored, NULL unless valid.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let date = text.split(' ').next().unwrap_or(text);
    let mut parts = date.splitn(3, '-').map(str::trim);
    let num = |s: Option<&str>| -> Option<Option<u32>> {
        match s {
            None => Some(None),
            Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                Some(Some(s.parse().ok()?))
            }
            Some(_) => None,
        }
    };
    let y = num(parts.next())??;
    let m = num(parts.next())?.unwrap_or(1);
    let d = num(parts.next())?.unwrap_or(1);
    if y > 9999 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

fn to_date(args: &[Datum], _: &Signature, _: &Session) -> Eval {
    let text = text_of(arg(args, 0)).unwrap_or("");
    let date = match args.get(1) {
        None => parse_date(text),
        Some(f) => datefmt::parse(text, text_of(f).unwrap_or(""), Style::Legacy).map(|t| t.date()),
    };
    Ok(date.map_or(Datum::Null, Datum::Date))
}

fn to_timestamp_ltz(args: &[Datum], sig: &Signature, _: &Session) -> Eval {
    let first = arg(args, 0);
    if let Datum::Str(text) = first {
        let pattern = args.get(1).and_then(text_of);
        let zone = args.get(2).and_then(text_of).map(java_zone);
        let local = match pattern {
            None => default_timestamp(text),
            Some(p) => datefmt::parse(text, p, Style::Modern),
        }
        .ok_or_else(|| format!("Text '{text}' could not be parsed at index 0"))?;
        let zone = zone.unwrap_or(TimeZone::Fixed(utc()));
        return Ok(Datum::TimestampLtz(truncate_ts(zone.to_utc(local), 3)));
    }
    let precision = match args.get(1) {
        None => 3,
        Some(p) => int_of(p).unwrap_or(3),
    };
    let scale = match precision {
        0 => 1_000_000_000i128,
        3 => 1_000_000,
        6 => 1000,
        9 => 1,
        p => {
            return Err(format!(
                "The precision value '{p}' for function TO_TIMESTAMP_LTZ(numeric, precision) is \
                 unsupported, the supported value is '0' for second, '3' for millisecond, '6' for \
                 microsecond or '9' for nanosecond."
            ));
        }
    };
    // Nanoseconds since the epoch; a DOUBLE or DECIMAL is cut to whole units of
    // milliseconds (or seconds × 1000), as Flink converts them.
    let nanos: Option<i128> = match first {
        Datum::Int(i) => Some(i128::from(*i) * scale),
        Datum::Double(d) if precision == 0 => Some((d * 1000.0) as i64 as i128 * 1_000_000),
        Datum::Double(d) => Some(*d as i64 as i128 * scale),
        Datum::Decimal(v, s) => {
            let whole = v / 10i128.pow(u32::from(*s));
            Some(whole * scale)
        }
        _ => None,
    };
    let Some(nanos) = nanos else {
        return Ok(Datum::Null);
    };
    let secs = i64::try_from(nanos.div_euclid(1_000_000_000)).ok();
    let sub = nanos.rem_euclid(1_000_000_000) as u32;
    let ts = secs
        .and_then(|s| DateTime::from_timestamp(s, sub))
        .map(|d| d.naive_utc())
        .filter(|t| (0..=9999).contains(&t.year()));
    let p = match sig.ret.kind {
        Kind::TimestampLtz(p) => p,
        _ => 3,
    };
    Ok(ts.map_or(Datum::Null, |t| Datum::TimestampLtz(truncate_ts(t, p))))
}

fn unix_timestamp(args: &[Datum], _: &Signature, s: &Session) -> Eval {
    if args.is_empty() {
        return Ok(Datum::Int(s.now_utc.and_utc().timestamp()));
    }
    let text = text_of(arg(args, 0)).unwrap_or("");
    let pattern = args.get(1).and_then(text_of).unwrap_or(DEFAULT_FORMAT);
    // Flink gives Long.MIN_VALUE for a text its pattern does not read.
    Ok(Datum::Int(
        match datefmt::parse(text, pattern, Style::Legacy) {
            Some(local) => s.time_zone.to_utc(local).and_utc().timestamp(),
            None => i64::MIN,
        },
    ))
}

fn from_unixtime(args: &[Datum], _: &Signature, s: &Session) -> Eval {
    let secs = int_of(arg(args, 0)).unwrap_or(0);
    let pattern = args.get(1).and_then(text_of).unwrap_or(DEFAULT_FORMAT);
    let Some(utc_ts) = DateTime::from_timestamp(secs, 0).map(|d| d.naive_utc()) else {
        return Ok(Datum::Null);
    };
    let offset = session_offset(s, utc_ts);
    Ok(Datum::Str(datefmt::format(
        utc_ts + offset,
        pattern,
        Style::Legacy,
        offset,
    )?))
}

fn convert_tz(args: &[Datum], _: &Signature, _: &Session) -> Eval {
    let text = text_of(arg(args, 0)).unwrap_or("");
    let from = java_zone(text_of(arg(args, 1)).unwrap_or(""));
    let to = java_zone(text_of(arg(args, 2)).unwrap_or(""));
    let Some(local) = datefmt::parse(text, DEFAULT_FORMAT, Style::Legacy) else {
        return Ok(Datum::Null);
    };
    let utc_ts = from.to_utc(local);
    let offset = to.offset_at(utc_ts);
    Ok(Datum::Str(datefmt::format(
        utc_ts + offset,
        DEFAULT_FORMAT,
        Style::Legacy,
        offset,
    )?))
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use crate::backend::local::func::temporal::tests::call;

    #[test]
    fn date_format_and_parsing_are_flinks() {
        let ts = "TS 2024-03-05 14:07:09.123456";
        assert_eq!(
            call("DATE_FORMAT", &[ts, "yyyy-MM-dd HH:mm:ss.SSS"]),
            "2024-03-05 14:07:09.123"
        );
        assert_eq!(
            call("DATE_FORMAT", &[ts, "EEE, MMM d, yyyy"]),
            "Tue, Mar 5, 2024"
        );
        assert_eq!(call("DATE_FORMAT", &[ts, ""]), "");
        assert_eq!(
            call("DATE_FORMAT", &["LTZ 0", "yyyy-MM-dd HH:mm"]),
            "1970-01-01 00:00"
        );
        assert_eq!(
            call("DATE_FORMAT", &["2024-03-05 14:07:09", "yyyy/MM/dd HH"]),
            "2024/03/05 14"
        );
        assert_eq!(
            call("DATE_FORMAT", &["2024-03-05 14:07:09.123", "S SSS u E"]),
            "0 000 2 Tue"
        );
        assert_eq!(call("DATE_FORMAT", &["2024-03-05", "yyyy"]), "NULL");
        assert_eq!(
            call("DATE_FORMAT", &[ts, "yyyy-MM-dd 'T"]),
            "error: Pattern ends with an incomplete string literal: yyyy-MM-dd 'T"
        );
        assert_eq!(
            call("TO_TIMESTAMP", &["2024-01-01"]),
            "2024-01-01 00:00:00.000"
        );
        assert_eq!(
            call("TO_TIMESTAMP", &["2024-1-5 3:04:05"]),
            "2024-01-05 03:04:05.000"
        );
        assert_eq!(
            call("TO_TIMESTAMP", &["2024-01-01 10:00:00.123456"]),
            "2024-01-01 10:00:00.123"
        );
        assert_eq!(call("TO_TIMESTAMP", &["abc"]), "NULL");
        assert_eq!(call("TO_TIMESTAMP", &["2024-01-01T10:00:00"]), "NULL");
        assert_eq!(call("TO_TIMESTAMP", &[" 2024-01-01 10:00:00"]), "NULL");
        assert_eq!(
            call("TO_TIMESTAMP", &["2024-02-30"]),
            "2024-02-29 00:00:00.000"
        );
        assert_eq!(
            call("TO_TIMESTAMP", &["05/01/2024 10", "dd/MM/yyyy HH"]),
            "2024-01-05 10:00:00.000"
        );
        assert_eq!(
            call("TO_TIMESTAMP", &["2024-01-01 10:00:00", "yyyy/MM/dd"]),
            "2024-01-01 10:00:00.000"
        );
        assert_eq!(call("TO_DATE", &["2024-01-01 10:00:00"]), "2024-01-01");
        assert_eq!(call("TO_DATE", &["abc"]), "NULL");
        assert_eq!(call("TO_DATE", &["2024-1-5"]), "2024-01-05");
        assert_eq!(call("TO_DATE", &["05/01/2024", "dd/MM/yyyy"]), "2024-01-05");
        assert_eq!(call("TO_DATE", &["2024-02-30"]), "NULL");
        assert_eq!(call("TO_DATE", &["STR 2024"]), "2024-01-01");
        assert_eq!(
            call("UNIX_TIMESTAMP", &["2024-01-01 00:00:00"]),
            "1704067200"
        );
        assert_eq!(
            call("UNIX_TIMESTAMP", &["2024/01/01", "yyyy/MM/dd"]),
            "1704067200"
        );
        assert_eq!(call("UNIX_TIMESTAMP", &["abc"]), "-9223372036854775808");
        assert_eq!(
            call("UNIX_TIMESTAMP", &["2024-01-01 10:00:00.999"]),
            "1704103200"
        );
        assert_eq!(call("UNIX_TIMESTAMP", &[]), "1709647629");
        assert_eq!(call("FROM_UNIXTIME", &["0"]), "1970-01-01 00:00:00");
        assert_eq!(
            call("FROM_UNIXTIME", &["1704067200", "yyyy/MM/dd"]),
            "2024/01/01"
        );
        assert_eq!(call("FROM_UNIXTIME", &["-1"]), "1969-12-31 23:59:59");
        assert_eq!(
            call("FROM_UNIXTIME", &["1704067200", "EEE yyyy-MM-dd a"]),
            "Mon 2024-01-01 AM"
        );
        assert_eq!(
            call(
                "CONVERT_TZ",
                &["2024-01-01 00:00:00", "UTC", "America/Los_Angeles"]
            ),
            "2023-12-31 16:00:00"
        );
        assert_eq!(
            call(
                "CONVERT_TZ",
                &["2024-07-01 00:00:00", "Europe/Berlin", "GMT+05:30"]
            ),
            "2024-07-01 03:30:00"
        );
        assert_eq!(
            call("CONVERT_TZ", &["2024-01-01 00:00:00", "UTC", "Nowhere/Bad"]),
            "2024-01-01 00:00:00"
        );
        assert_eq!(call("CONVERT_TZ", &["bad", "UTC", "UTC"]), "NULL");
    }

    #[test]
    fn zones_are_read_as_java_reads_them() {
        use super::{java_zone, zone_id};
        use crate::backend::local::func::TimeZone;
        let fixed = |secs: i32| FixedOffset::east_opt(secs).map(TimeZone::Fixed);
        assert_eq!(Some(java_zone("GMT+05:30")), fixed(19_800));
        assert_eq!(Some(java_zone("Nowhere/Bad")), fixed(0));
        assert_eq!(Some(java_zone("UTC+8")), fixed(0));
        assert_eq!(
            java_zone("America/Los_Angeles"),
            TimeZone::Named(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(zone_id("UTC+8").ok(), fixed(8 * 3600));
        assert_eq!(zone_id("GMT-08:00").ok(), fixed(-8 * 3600));
        assert_eq!(zone_id("+0530").ok(), fixed(19_800));
        assert_eq!(zone_id("Z").ok(), fixed(0));
        assert!(zone_id("Mars/Olympus").is_err_and(|e| e.contains("'Mars/Olympus'")));
    }

    #[test]
    fn to_timestamp_ltz_is_flinks() {
        assert_eq!(
            call("TO_TIMESTAMP_LTZ", &["1704067200", "0"]),
            "2024-01-01 00:00:00.000"
        );
        assert_eq!(
            call("TO_TIMESTAMP_LTZ", &["1704067200123", "3"]),
            "2024-01-01 00:00:00.123"
        );
        assert_eq!(
            call("TO_TIMESTAMP_LTZ", &["-1", "0"]),
            "1969-12-31 23:59:59.000"
        );
        assert_eq!(
            call("TO_TIMESTAMP_LTZ", &["1.5", "0"]),
            "1970-01-01 00:00:01.500"
        );
        assert_eq!(
            call(
                "TO_TIMESTAMP_LTZ",
                &[
                    "2024-01-01 10:00:00",
                    "yyyy-MM-dd HH:mm:ss",
                    "Asia/Shanghai"
                ]
            ),
            "2024-01-01 02:00:00.000"
        );
        assert_eq!(
            call("TO_TIMESTAMP_LTZ", &["2024-01-01 10:00:00.123"]),
            "2024-01-01 10:00:00.123"
        );
        assert_eq!(
            call("TO_TIMESTAMP_LTZ", &["01/02/2024", "dd/MM/yyyy"]),
            "2024-02-01 00:00:00.000"
        );
        assert_eq!(
            call("TO_TIMESTAMP_LTZ", &["bad"]),
            "error: Text 'bad' could not be parsed at index 0"
        );
        assert!(
            call("TO_TIMESTAMP_LTZ", &["0", "2"]).starts_with("error: The precision value '2'")
        );
    }

    #[test]
    fn patterns_parse_as_in_flink() {
        let to_ts = |text: &str, pattern: &str| call("TO_TIMESTAMP", &[text, pattern]);
        assert_eq!(
            to_ts("STR 20240305140709", "yyyyMMddHHmmss"),
            "2024-03-05 14:07:09.000"
        );
        // SSS needs three digits; Timestamp.valueOf then reads the text.
        assert_eq!(
            to_ts("2024-03-05 14:07:09.12", "yyyy-MM-dd HH:mm:ss.SSS"),
            "2024-03-05 14:07:09.120"
        );
        assert_eq!(
            to_ts("2024-03-05 14:07", "yyyy-MM-dd HH:mm"),
            "2024-03-05 14:07:00.000"
        );
        assert_eq!(to_ts("Mar 5 2024", "MMM d yyyy"), "2024-03-05 00:00:00.000");
        assert_eq!(to_ts("2024-3-5", "yyyy-M-d"), "2024-03-05 00:00:00.000");
        assert_eq!(
            to_ts("2024-03-05 02:07:09 PM", "yyyy-MM-dd hh:mm:ss a"),
            "2024-03-05 14:07:09.000"
        );
        assert_eq!(to_ts("24-03-05", "yy-MM-dd"), "2024-03-05 00:00:00.000");
        assert_eq!(
            call("TO_TIMESTAMP", &["2024-03-05 14:07:09.123456789"]),
            "2024-03-05 14:07:09.123"
        );
        assert_eq!(call("TO_DATE", &["2024/13/05", "yyyy/MM/dd"]), "2025-01-05");
        assert_eq!(call("TO_DATE", &["STR 20240305", "yyyyMMdd"]), "2024-03-05");
        assert_eq!(
            call("TO_DATE", &["2024-03-05 10:00", "yyyy-MM-dd"]),
            "2024-03-05"
        );
        assert_eq!(
            call("UNIX_TIMESTAMP", &["2024-03-05", "yyyy-MM-dd"]),
            "1709596800"
        );
        assert_eq!(
            call("UNIX_TIMESTAMP", &["05-03-2024 10", "dd-MM-yyyy HH"]),
            "1709632800"
        );
        assert_eq!(
            call(
                "FROM_UNIXTIME",
                &["1709647629", "yyyy-MM-dd HH:mm:ss.SSS Z"]
            ),
            "2024-03-05 14:07:09.000 +0000"
        );
    }
}
