//! Flink's functions on the parts of dates and times and their arithmetic: EXTRACT and
//! its shorthands (YEAR, HOUR, …), FLOOR/CEIL to a unit, TIMESTAMPADD/TIMESTAMPDIFF,
//! date-time ± interval, interval × integer, and the current time; with the helpers
//! the other temporal files share.
//!
//! Calls the translator builds: `EXTRACT(unit FROM x)` is `'EXTRACT'('UNIT', x)`;
//! `FLOOR(x TO unit)`/`CEIL(x TO unit)` are `'FLOOR_TIME'(x, 'UNIT')`/`'CEIL_TIME'`;
//! `TIMESTAMPADD(unit, n, x)`/`TIMESTAMPDIFF(unit, a, b)` get the unit as a first STRING
//! argument; `x + i`/`x - i` where either side is temporal or an interval are
//! `DATETIME_PLUS(x, i)`/`DATETIME_MINUS(x, i)` (an interval on either side of `+`,
//! and interval ± interval); `i * n` and `n * i` are `INTERVAL_TIMES`.
//!
//! A TIMESTAMP is a wall-clock time; a TIMESTAMP_LTZ an instant (kept in UTC), shown and
//! taken apart in the session time zone.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    Timelike,
};

use super::{Eval, Scalar, Session, Signature, cannot_apply};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::{Datum, truncate_ts};

pub(super) const MILLIS_PER_DAY: i64 = 86_400_000;

pub static FUNCTIONS: &[Scalar] = &[
    Scalar {
        name: "EXTRACT",
        strict: true,
        infer: extract_type,
        eval: extract,
    },
    Scalar {
        name: "YEAR",
        strict: true,
        infer: part_type,
        eval: year,
    },
    Scalar {
        name: "QUARTER",
        strict: true,
        infer: part_type,
        eval: quarter,
    },
    Scalar {
        name: "MONTH",
        strict: true,
        infer: part_type,
        eval: month,
    },
    Scalar {
        name: "WEEK",
        strict: true,
        infer: part_type,
        eval: week,
    },
    Scalar {
        name: "DAYOFYEAR",
        strict: true,
        infer: part_type,
        eval: dayofyear,
    },
    Scalar {
        name: "DAYOFMONTH",
        strict: true,
        infer: part_type,
        eval: dayofmonth,
    },
    Scalar {
        name: "DAYOFWEEK",
        strict: true,
        infer: part_type,
        eval: dayofweek,
    },
    Scalar {
        name: "HOUR",
        strict: true,
        infer: part_type,
        eval: hour,
    },
    Scalar {
        name: "MINUTE",
        strict: true,
        infer: part_type,
        eval: minute,
    },
    Scalar {
        name: "SECOND",
        strict: true,
        infer: part_type,
        eval: second,
    },
    Scalar {
        name: "FLOOR_TIME",
        strict: true,
        infer: round_time_type,
        eval: floor_time,
    },
    Scalar {
        name: "CEIL_TIME",
        strict: true,
        infer: round_time_type,
        eval: ceil_time,
    },
    Scalar {
        name: "TIMESTAMPADD",
        strict: true,
        infer: timestampadd_type,
        eval: timestampadd,
    },
    Scalar {
        name: "TIMESTAMPDIFF",
        strict: true,
        infer: timestampdiff_type,
        eval: timestampdiff,
    },
    Scalar {
        name: "DATETIME_PLUS",
        strict: true,
        infer: datetime_plus_type,
        eval: datetime_plus,
    },
    Scalar {
        name: "DATETIME_MINUS",
        strict: true,
        infer: datetime_minus_type,
        eval: datetime_minus,
    },
    Scalar {
        name: "INTERVAL_TIMES",
        strict: true,
        infer: interval_times_type,
        eval: interval_times,
    },
    Scalar {
        name: "CURRENT_TIMESTAMP",
        strict: false,
        infer: ltz_now_type,
        eval: current_timestamp,
    },
    Scalar {
        name: "NOW",
        strict: false,
        infer: ltz_now_type,
        eval: current_timestamp,
    },
    Scalar {
        name: "CURRENT_ROW_TIMESTAMP",
        strict: false,
        infer: ltz_now_type,
        eval: current_timestamp,
    },
    Scalar {
        name: "LOCALTIMESTAMP",
        strict: false,
        infer: localtimestamp_type,
        eval: localtimestamp,
    },
    Scalar {
        name: "CURRENT_DATE",
        strict: false,
        infer: current_date_type,
        eval: current_date,
    },
    Scalar {
        name: "CURRENT_TIME",
        strict: false,
        infer: current_time_type,
        eval: current_time,
    },
    Scalar {
        name: "LOCALTIME",
        strict: false,
        infer: current_time_type,
        eval: current_time,
    },
];

// ---------------------------------------------------------------------------------------
// Small readers

pub(super) fn text_of(d: &Datum) -> Option<&str> {
    match d {
        Datum::Str(s) => Some(s),
        _ => None,
    }
}

pub(super) fn int_of(d: &Datum) -> Option<i64> {
    match d {
        Datum::Int(i) => Some(*i),
        _ => None,
    }
}

pub(super) fn arg(args: &[Datum], i: usize) -> &Datum {
    args.get(i).unwrap_or(&Datum::Null)
}

pub(super) fn nullable_any(args: &[FlinkType]) -> bool {
    args.iter().any(|t| t.nullable)
}

pub(super) fn millis_of(ts: NaiveDateTime) -> i64 {
    ts.and_utc().timestamp_millis()
}

pub(super) fn from_millis(ms: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_millis(ms).map(|d| d.naive_utc())
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

fn days_of(d: NaiveDate) -> i64 {
    (d - epoch()).num_days()
}

fn date_of_days(days: i64) -> Option<NaiveDate> {
    epoch().checked_add_signed(Duration::try_days(days)?)
}

fn time_millis(t: NaiveTime) -> i64 {
    i64::from(t.num_seconds_from_midnight()) * 1000 + i64::from(t.nanosecond() / 1_000_000)
}

fn time_of_millis(ms: i64) -> NaiveTime {
    let ms = ms.rem_euclid(MILLIS_PER_DAY);
    NaiveTime::from_num_seconds_from_midnight_opt(
        (ms / 1000) as u32,
        (ms % 1000) as u32 * 1_000_000,
    )
    .unwrap_or_default()
}

pub(super) fn utc() -> FixedOffset {
    chrono::Utc.fix()
}

// ---------------------------------------------------------------------------------------
// Units

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Millennium,
    Century,
    Decade,
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
    Dow,
    Isodow,
    Doy,
    Isoyear,
    Epoch,
}

impl Unit {
    /// The unit as SQL names it (`DOW`, `MILLISECOND`).
    fn name(self) -> String {
        format!("{self:?}").to_ascii_uppercase()
    }
}

fn unit_named(name: &str) -> Option<Unit> {
    let upper = name.trim().to_ascii_uppercase().replace(' ', "_");
    let unit = match upper.strip_prefix("SQL_TSI_").unwrap_or(&upper) {
        "MILLENNIUM" => Unit::Millennium,
        "CENTURY" => Unit::Century,
        "DECADE" => Unit::Decade,
        "YEAR" | "YEARS" => Unit::Year,
        "QUARTER" | "QUARTERS" => Unit::Quarter,
        "MONTH" | "MONTHS" => Unit::Month,
        "WEEK" | "WEEKS" => Unit::Week,
        "DAY" | "DAYS" => Unit::Day,
        "HOUR" | "HOURS" => Unit::Hour,
        "MINUTE" | "MINUTES" => Unit::Minute,
        "SECOND" | "SECONDS" => Unit::Second,
        "MILLISECOND" | "MILLISECONDS" | "FRAC_SECOND" => Unit::Millisecond,
        "MICROSECOND" | "MICROSECONDS" => Unit::Microsecond,
        "NANOSECOND" | "NANOSECONDS" => Unit::Nanosecond,
        "DOW" => Unit::Dow,
        "ISODOW" => Unit::Isodow,
        "DOY" => Unit::Doy,
        "ISOYEAR" => Unit::Isoyear,
        "EPOCH" => Unit::Epoch,
        _ => return None,
    };
    Some(unit)
}

fn unit_arg(d: &Datum) -> Result<Unit, String> {
    let name = text_of(d).unwrap_or("");
    unit_named(name).ok_or_else(|| format!("'{name}' is not a unit of time"))
}

/// The months in one unit of a year-month unit; None for a day-time unit.
fn unit_months(u: Unit) -> Option<i64> {
    match u {
        Unit::Year => Some(12),
        Unit::Quarter => Some(3),
        Unit::Month => Some(1),
        Unit::Decade => Some(120),
        Unit::Century => Some(1200),
        Unit::Millennium => Some(12000),
        _ => None,
    }
}

/// The milliseconds in one unit of a day-time unit (0 below a millisecond).
fn unit_millis(u: Unit) -> Option<i64> {
    match u {
        Unit::Week => Some(7 * MILLIS_PER_DAY),
        Unit::Day => Some(MILLIS_PER_DAY),
        Unit::Hour => Some(3_600_000),
        Unit::Minute => Some(60_000),
        Unit::Second => Some(1000),
        Unit::Millisecond => Some(1),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Types

pub(super) fn string_arg(t: &FlinkType) -> bool {
    t.is_string() || t.is_null()
}

fn extract_error(args: &[FlinkType]) -> String {
    cannot_apply(
        "EXTRACT",
        args,
        &[
            "EXTRACT(<DATETIME_INTERVAL> FROM <DATETIME_INTERVAL>)",
            "EXTRACT(<DATETIME_INTERVAL> FROM <DATETIME>)",
        ],
    )
}

fn extract_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [_, x] if x.is_temporal() || x.is_interval() || x.is_null() => {
            Ok(FlinkType::new(Kind::BigInt, x.nullable))
        }
        _ => Err(extract_error(args)),
    }
}

fn part_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [x] if x.is_temporal() || x.is_interval() || x.is_null() => {
            Ok(FlinkType::new(Kind::BigInt, x.nullable))
        }
        _ => Err(extract_error(args)),
    }
}

fn round_time_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [x, _] if x.is_temporal() || x.is_null() => Ok(x.clone()),
        _ => Err(cannot_apply(
            "FLOOR",
            args,
            &["FLOOR(<DATETIME> TO <TIME_UNIT>)"],
        )),
    }
}

fn timestampadd_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let (unit, n, x) = match args {
        [u, n, x] => (u, n, x),
        _ => {
            return Err(cannot_apply(
                "TIMESTAMPADD",
                args,
                &["TIMESTAMPADD(<ANY>, <INTEGER>, <DATETIME>)"],
            ));
        }
    };
    if !(n.is_integer() || n.is_null()) || !(x.is_temporal() || x.is_null()) || !string_arg(unit) {
        return Err(cannot_apply(
            "TIMESTAMPADD",
            args,
            &["TIMESTAMPADD(<ANY>, <INTEGER>, <DATETIME>)"],
        ));
    }
    let nullable = n.nullable || x.nullable;
    Ok(match x.kind {
        // A DATE moved by less than a day becomes a TIMESTAMP; which unit it is, is only
        // known from the literal: the translator passes the unit as a literal, so the
        // day-or-more units keep DATE and the rest are decided in `timestampadd`.
        Kind::Date => FlinkType::new(Kind::Date, nullable),
        _ => x.with_nullable(nullable),
    })
}

/// TIMESTAMPADD's type once the unit is known, for the translator, which sees the unit
/// literal: a DATE moved by hours or less is a TIMESTAMP(6), a TIMESTAMP moved by
/// milliseconds has at least 3 fractional digits.
pub fn timestampadd_type_for(unit: &str, x: &FlinkType, n: &FlinkType) -> FlinkType {
    let nullable = x.nullable || n.nullable;
    match (&x.kind, unit_named(unit)) {
        (Kind::Date, Some(u))
            if unit_months(u).is_none() && !matches!(u, Unit::Day | Unit::Week) =>
        {
            FlinkType::new(Kind::Timestamp(6), nullable)
        }
        (Kind::Timestamp(p), Some(Unit::Millisecond)) => {
            FlinkType::new(Kind::Timestamp((*p).max(3)), nullable)
        }
        (Kind::Timestamp(p), Some(Unit::Microsecond)) => {
            FlinkType::new(Kind::Timestamp((*p).max(6)), nullable)
        }
        _ => x.with_nullable(nullable),
    }
}

fn timestampdiff_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let form = ["TIMESTAMPDIFF(<ANY>, <DATETIME>, <DATETIME>)"];
    match args {
        [u, a, b] if string_arg(u) => {
            let time = |t: &FlinkType| matches!(t.kind, Kind::Time(_));
            let ok = (a.is_temporal() || a.is_null())
                && (b.is_temporal() || b.is_null())
                && (time(a) == time(b) || a.is_null() || b.is_null());
            if !ok {
                return Err(cannot_apply("TIMESTAMPDIFF", args, &form));
            }
            Ok(FlinkType::new(Kind::Int, a.nullable || b.nullable))
        }
        _ => Err(cannot_apply("TIMESTAMPDIFF", args, &form)),
    }
}

pub(super) fn interval_type(months: bool, nullable: bool) -> FlinkType {
    FlinkType::new(
        if months {
            Kind::IntervalMonths("MONTH")
        } else {
            Kind::IntervalMillis("SECOND")
        },
        nullable,
    )
}

fn plus_minus_type(name: &str, args: &[FlinkType], commutes: bool) -> Result<FlinkType, String> {
    let forms = [
        format!("<NUMERIC> {name} <NUMERIC>"),
        format!("<DATETIME_INTERVAL> {name} <DATETIME_INTERVAL>"),
        format!("<DATETIME> {name} <DATETIME_INTERVAL>"),
    ];
    let err = || {
        cannot_apply(
            name,
            args,
            &forms.iter().map(String::as_str).collect::<Vec<_>>(),
        )
    };
    let [a, b] = args else {
        return Err(err());
    };
    let nullable = a.nullable || b.nullable;
    match (&a.kind, &b.kind) {
        (Kind::IntervalMonths(_), Kind::IntervalMonths(_)) => Ok(interval_type(true, nullable)),
        (Kind::IntervalMillis(_), Kind::IntervalMillis(_)) => Ok(interval_type(false, nullable)),
        _ if a.is_temporal() && b.is_interval() => Ok(a.with_nullable(nullable)),
        _ if commutes && a.is_interval() && b.is_temporal() => Ok(b.with_nullable(nullable)),
        _ => Err(err()),
    }
}

fn datetime_plus_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    plus_minus_type("+", args, true)
}

fn datetime_minus_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    plus_minus_type("-", args, false)
}

fn interval_times_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let err = || cannot_apply("*", args, &["<DATETIME_INTERVAL> * <INTEGER>"]);
    let [a, b] = args else {
        return Err(err());
    };
    let (iv, n) = if a.is_interval() { (a, b) } else { (b, a) };
    // Flink's code generator has no cast from DECIMAL or DOUBLE to an interval.
    if !iv.is_interval() || !n.is_integer() {
        return Err(err());
    }
    Ok(interval_type(
        matches!(iv.kind, Kind::IntervalMonths(_)),
        a.nullable || b.nullable,
    ))
}

fn ltz_now_type(_: &[FlinkType]) -> Result<FlinkType, String> {
    Ok(FlinkType::not_null(Kind::TimestampLtz(3)))
}
fn localtimestamp_type(_: &[FlinkType]) -> Result<FlinkType, String> {
    Ok(FlinkType::not_null(Kind::Timestamp(3)))
}
fn current_date_type(_: &[FlinkType]) -> Result<FlinkType, String> {
    Ok(FlinkType::not_null(Kind::Date))
}
fn current_time_type(_: &[FlinkType]) -> Result<FlinkType, String> {
    Ok(FlinkType::not_null(Kind::Time(0)))
}

// ---------------------------------------------------------------------------------------
// EXTRACT and its shorthands

/// The part `unit` of a date given as days since the epoch.
fn date_part(unit: Unit, days: i64) -> Result<i64, String> {
    let d = date_of_days(days).ok_or("date out of range")?;
    let year = i64::from(d.year());
    Ok(match unit {
        Unit::Year => year,
        Unit::Month => i64::from(d.month()),
        Unit::Day => i64::from(d.day()),
        Unit::Quarter => i64::from(d.month().div_ceil(3)),
        Unit::Week => i64::from(d.iso_week().week()),
        Unit::Isoyear => i64::from(d.iso_week().year()),
        Unit::Dow => i64::from(d.weekday().num_days_from_sunday()) + 1,
        Unit::Isodow => i64::from(d.weekday().number_from_monday()),
        Unit::Doy => i64::from(d.ordinal()),
        Unit::Decade => year / 10,
        Unit::Century => {
            if year > 0 {
                (year + 99) / 100
            } else {
                (year - 99) / 100
            }
        }
        Unit::Millennium => {
            if year > 0 {
                (year + 999) / 1000
            } else {
                (year - 999) / 1000
            }
        }
        Unit::Epoch => days * 86_400,
        _ => 0,
    })
}

/// A time part of a number of milliseconds, as Flink computes it: Java's remainder and
/// division, so a time before 1970 gives negative hours (`HOUR` of a TIMESTAMP_LTZ of
/// 0 in Los Angeles is -8).
fn millis_part(unit: Unit, ms: i64, nanos_of_milli: i64) -> Option<i64> {
    Some(match unit {
        Unit::Day => ms / MILLIS_PER_DAY,
        Unit::Hour => ms % MILLIS_PER_DAY / 3_600_000,
        Unit::Minute => ms % 3_600_000 / 60_000,
        Unit::Second => ms % 60_000 / 1000,
        Unit::Millisecond => ms % 1000,
        Unit::Microsecond => ms % 1000 * 1000 + nanos_of_milli / 1000,
        Unit::Nanosecond => ms % 1000 * 1_000_000 + nanos_of_milli,
        _ => return None,
    })
}

fn extract_from(unit: Unit, d: &Datum, t: &FlinkType, s: &Session) -> Eval {
    let part = |ms: i64, nanos: i64| -> Result<i64, String> {
        match unit {
            Unit::Epoch => Ok(ms / 1000),
            _ => match millis_part(unit, ms, nanos) {
                Some(v) if unit != Unit::Day => Ok(v),
                _ => date_part(unit, ms / MILLIS_PER_DAY),
            },
        }
    };
    let v = match d {
        Datum::Date(date) => match unit {
            Unit::Hour | Unit::Minute | Unit::Second | Unit::Millisecond => 0,
            _ => date_part(unit, days_of(*date))?,
        },
        Datum::Timestamp(ts) => part(millis_of(*ts), i64::from(ts.nanosecond() % 1_000_000))?,
        Datum::TimestampLtz(ts) => {
            let offset = i64::from(s.time_zone.offset_at(*ts).local_minus_utc()) * 1000;
            part(
                millis_of(*ts) + offset,
                i64::from(ts.nanosecond() % 1_000_000),
            )?
        }
        Datum::Time(tm) => millis_part(
            unit,
            time_millis(*tm),
            i64::from(tm.nanosecond() % 1_000_000),
        )
        .ok_or_else(|| format!("{} for {t} is unsupported", unit.name()))?,
        Datum::Months(m) => match unit {
            Unit::Year => m / 12,
            Unit::Month => m % 12,
            Unit::Quarter => m % 12 / 3,
            _ => 0,
        },
        Datum::Millis(ms) => millis_part(unit, *ms, 0).unwrap_or(0),
        _ => return Ok(Datum::Null),
    };
    Ok(Datum::Int(v))
}

fn extract(args: &[Datum], sig: &Signature, s: &Session) -> Eval {
    let unit = unit_arg(arg(args, 0))?;
    let t = sig.args.get(1).cloned().unwrap_or_else(FlinkType::null);
    extract_from(unit, arg(args, 1), &t, s)
}

fn part_of(unit: Unit, args: &[Datum], sig: &Signature, s: &Session) -> Eval {
    let t = sig.args.first().cloned().unwrap_or_else(FlinkType::null);
    extract_from(unit, arg(args, 0), &t, s)
}

fn year(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Year, a, sig, s)
}
fn quarter(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Quarter, a, sig, s)
}
fn month(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Month, a, sig, s)
}
fn week(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Week, a, sig, s)
}
fn dayofyear(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Doy, a, sig, s)
}
fn dayofmonth(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Day, a, sig, s)
}
fn dayofweek(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Dow, a, sig, s)
}
fn hour(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Hour, a, sig, s)
}
fn minute(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Minute, a, sig, s)
}
fn second(a: &[Datum], sig: &Signature, s: &Session) -> Eval {
    part_of(Unit::Second, a, sig, s)
}

// ---------------------------------------------------------------------------------------
// FLOOR and CEIL to a unit

/// Flink's `julianDateFloor`: the first day of the `unit` holding `d` (floor), or of the
/// next one unless `d` is its first day (ceil). Weeks start on Sunday.
fn date_round(unit: Unit, d: NaiveDate, floor: bool) -> Option<NaiveDate> {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let ymd = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
    Some(match unit {
        Unit::Millennium => {
            let base = 1000 * ((y + 999) / 1000);
            ymd(if floor { base - 999 } else { base + 1 }, 1)?
        }
        Unit::Century => {
            let base = 100 * ((y + 99) / 100);
            ymd(if floor { base - 99 } else { base + 1 }, 1)?
        }
        Unit::Decade => ymd(10 * (y / 10 + i32::from(!floor)), 1)?,
        Unit::Year => ymd(y + i32::from(!floor && (m > 1 || day > 1)), 1)?,
        Unit::Month => {
            let first = ymd(y, m)?;
            if !floor && day > 1 {
                first.checked_add_months(Months::new(1))?
            } else {
                first
            }
        }
        Unit::Quarter => {
            let q = m.div_ceil(3);
            let first = ymd(y, q * 3 - 2)?;
            if !floor && (m > 1 || day > 1) {
                first.checked_add_months(Months::new(3))?
            } else {
                first
            }
        }
        Unit::Week => {
            let mut offset = i64::from(d.weekday().num_days_from_sunday());
            if !floor && offset > 0 {
                offset -= 7;
            }
            d - Duration::days(offset)
        }
        Unit::Day if floor => d,
        Unit::Day => d + Duration::days(1),
        _ => return None,
    })
}

fn floor_div(a: i128, b: i128) -> i128 {
    a.div_euclid(b) * b
}

fn ceil_div(a: i128, b: i128) -> i128 {
    let f = floor_div(a, b);
    if f == a { f } else { f + b }
}

/// A local date-time rounded to `unit`.
fn ts_round(unit: Unit, ts: NaiveDateTime, floor: bool) -> Result<NaiveDateTime, String> {
    let nanos_per = |ms: i64| i128::from(ms) * 1_000_000;
    let step = match unit {
        Unit::Day if !floor => Some(nanos_per(MILLIS_PER_DAY)),
        Unit::Hour | Unit::Minute | Unit::Second | Unit::Millisecond => {
            unit_millis(unit).map(nanos_per)
        }
        Unit::Microsecond => Some(1000),
        Unit::Nanosecond => Some(1),
        _ => None,
    };
    if let Some(step) = step {
        let nanos = i128::from(ts.and_utc().timestamp()) * 1_000_000_000
            + i128::from(ts.nanosecond() % 1_000_000_000);
        let r = if floor {
            floor_div(nanos, step)
        } else {
            ceil_div(nanos, step)
        };
        let secs =
            i64::try_from(r.div_euclid(1_000_000_000)).map_err(|_| "timestamp out of range")?;
        return DateTime::from_timestamp(secs, r.rem_euclid(1_000_000_000) as u32)
            .map(|d| d.naive_utc())
            .ok_or_else(|| "timestamp out of range".to_string());
    }
    let date = date_round(unit, ts.date(), floor)
        .ok_or_else(|| format!("Cannot round a timestamp to {}", unit.name()))?;
    date.and_hms_opt(0, 0, 0)
        .ok_or_else(|| "timestamp out of range".to_string())
}

fn round_time(args: &[Datum], s: &Session, floor: bool) -> Eval {
    let unit = unit_arg(arg(args, 1))?;
    Ok(match arg(args, 0) {
        Datum::Timestamp(ts) => Datum::Timestamp(ts_round(unit, *ts, floor)?),
        Datum::TimestampLtz(ts) => {
            let local = ts_round(unit, s.time_zone.to_local(*ts), floor)?;
            Datum::TimestampLtz(s.time_zone.to_utc(local))
        }
        Datum::Date(d) => Datum::Date(
            date_round(unit, *d, floor)
                .ok_or_else(|| format!("Cannot round a date to {}", unit.name()))?,
        ),
        Datum::Time(t) => {
            let on_day = epoch().and_time(*t);
            Datum::Time(ts_round(unit, on_day, floor)?.time())
        }
        _ => Datum::Null,
    })
}

fn floor_time(args: &[Datum], _: &Signature, s: &Session) -> Eval {
    round_time(args, s, true)
}
fn ceil_time(args: &[Datum], _: &Signature, s: &Session) -> Eval {
    round_time(args, s, false)
}

// ---------------------------------------------------------------------------------------
// Arithmetic

/// Flink's `addMonths`: the same day `months` later, or that month's last day.
fn add_months(d: NaiveDate, months: i64) -> Result<NaiveDate, String> {
    let m = Months::new(u32::try_from(months.unsigned_abs()).map_err(|_| "date out of range")?);
    if months >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
    .ok_or_else(|| "date out of range".to_string())
}

fn add_millis(ts: NaiveDateTime, ms: i64) -> Result<NaiveDateTime, String> {
    ts.checked_add_signed(Duration::milliseconds(ms))
        .ok_or_else(|| "timestamp out of range".to_string())
}

/// `d` moved by `months` and then `ms` milliseconds, as Flink's DATETIME_PLUS does for
/// each kind of date-time.
fn shift(d: &Datum, months: i64, ms: i64) -> Eval {
    Ok(match d {
        Datum::Date(date) => {
            let date = add_months(*date, months)?;
            // A DATE moves by whole days only, truncated toward zero.
            Datum::Date(
                date.checked_add_signed(Duration::days(ms / MILLIS_PER_DAY))
                    .ok_or("date out of range")?,
            )
        }
        Datum::Time(t) => {
            let nanos = t.nanosecond() % 1_000_000;
            let moved = time_of_millis(time_millis(*t) + ms % MILLIS_PER_DAY);
            Datum::Time(
                moved
                    .with_nanosecond(moved.nanosecond() + nanos)
                    .unwrap_or(moved),
            )
        }
        Datum::Timestamp(ts) => {
            let date = add_months(ts.date(), months)?;
            Datum::Timestamp(add_millis(date.and_time(ts.time()), ms)?)
        }
        Datum::TimestampLtz(ts) => {
            let date = add_months(ts.date(), months)?;
            Datum::TimestampLtz(add_millis(date.and_time(ts.time()), ms)?)
        }
        _ => Datum::Null,
    })
}

fn interval_parts(d: &Datum) -> (i64, i64) {
    match d {
        Datum::Months(m) => (*m, 0),
        Datum::Millis(ms) => (0, *ms),
        _ => (0, 0),
    }
}

fn plus_minus(args: &[Datum], sign: i64) -> Eval {
    let (a, b) = (arg(args, 0), arg(args, 1));
    Ok(match (a, b) {
        (Datum::Months(x), Datum::Months(y)) => Datum::Months(
            x.checked_add(y.checked_mul(sign).ok_or("interval out of range")?)
                .ok_or("interval out of range")?,
        ),
        (Datum::Millis(x), Datum::Millis(y)) => Datum::Millis(
            x.checked_add(y.checked_mul(sign).ok_or("interval out of range")?)
                .ok_or("interval out of range")?,
        ),
        (Datum::Months(_) | Datum::Millis(_), x) => {
            let (m, ms) = interval_parts(a);
            shift(x, sign.saturating_mul(m), sign.saturating_mul(ms))?
        }
        (x, iv) => {
            let (m, ms) = interval_parts(iv);
            shift(x, sign.saturating_mul(m), sign.saturating_mul(ms))?
        }
    })
}

/// `d` cut to the precision of the result type (TIMESTAMP(0) + INTERVAL '1.5' SECOND
/// is a TIMESTAMP(0)).
fn fit(d: Datum, ret: &FlinkType) -> Datum {
    match (d, &ret.kind) {
        (Datum::Timestamp(ts), Kind::Timestamp(p)) => Datum::Timestamp(truncate_ts(ts, *p)),
        (Datum::TimestampLtz(ts), Kind::TimestampLtz(p)) => {
            Datum::TimestampLtz(truncate_ts(ts, *p))
        }
        (Datum::Time(t), Kind::Time(p)) => Datum::Time(truncate_ts(epoch().and_time(t), *p).time()),
        (d, _) => d,
    }
}

fn datetime_plus(args: &[Datum], sig: &Signature, _: &Session) -> Eval {
    Ok(fit(plus_minus(args, 1)?, &sig.ret))
}
fn datetime_minus(args: &[Datum], sig: &Signature, _: &Session) -> Eval {
    Ok(fit(plus_minus(args, -1)?, &sig.ret))
}

fn interval_times(args: &[Datum], _: &Signature, _: &Session) -> Eval {
    let (a, b) = (arg(args, 0), arg(args, 1));
    let (iv, n) = if matches!(a, Datum::Months(_) | Datum::Millis(_)) {
        (a, b)
    } else {
        (b, a)
    };
    let n = int_of(n).unwrap_or(0);
    let overflow = || "interval out of range".to_string();
    Ok(match iv {
        Datum::Months(m) => Datum::Months(m.checked_mul(n).ok_or_else(overflow)?),
        Datum::Millis(ms) => Datum::Millis(ms.checked_mul(n).ok_or_else(overflow)?),
        _ => Datum::Null,
    })
}

fn timestampadd(args: &[Datum], sig: &Signature, _: &Session) -> Eval {
    let unit = unit_arg(arg(args, 0))?;
    let n = int_of(arg(args, 1)).unwrap_or(0);
    let x = arg(args, 2);
    let (months, ms) = match (unit_months(unit), unit_millis(unit)) {
        (Some(m), _) => (n * m, 0),
        (None, Some(ms)) => (0, n.checked_mul(ms).ok_or("timestamp out of range")?),
        _ if unit == Unit::Microsecond => (0, n / 1000),
        _ => {
            return Err(format!(
                "TIMESTAMPADD does not take the unit {}",
                unit.name()
            ));
        }
    };
    // A DATE moved by less than a day is a TIMESTAMP (see `timestampadd_type_for`).
    if let (Datum::Date(d), Kind::Timestamp(_)) = (x, &sig.ret.kind) {
        let ts = d.and_hms_opt(0, 0, 0).ok_or("date out of range")?;
        return Ok(fit(shift(&Datum::Timestamp(ts), months, ms)?, &sig.ret));
    }
    Ok(fit(shift(x, months, ms)?, &sig.ret))
}

/// Flink's `subtractMonths`: whole months from `t1` to `t0` (millisecond timestamps).
fn months_between(t0: i64, t1: i64) -> i64 {
    let split = |t: i64| (t.div_euclid(MILLIS_PER_DAY), t.rem_euclid(MILLIS_PER_DAY));
    let (d0, ms0) = split(t0);
    let (d1, ms1) = split(t1);
    let add = |days: i64, m: i64| -> i64 {
        date_of_days(days)
            .and_then(|d| add_months(d, m).ok())
            .map_or(days, days_of)
    };
    let dates = |d0: i64, d1: i64| -> i64 {
        let (sign, a, b) = if d0 < d1 { (-1, d1, d0) } else { (1, d0, d1) };
        let mut m = (a - b) / 31;
        loop {
            if add(b, m) >= a || add(b, m + 1) > a {
                return sign * m;
            }
            m += 1;
        }
    };
    let mut x = dates(d0, d1);
    if add(d1, x) == d0 && ms0 < ms1 {
        x -= 1;
    }
    x
}

fn timestampdiff(args: &[Datum], _: &Signature, _: &Session) -> Eval {
    let unit = unit_arg(arg(args, 0))?;
    let millis = |d: &Datum| -> Option<i64> {
        Some(match d {
            Datum::Date(x) => days_of(*x) * MILLIS_PER_DAY,
            Datum::Timestamp(ts) => millis_of(*ts),
            Datum::TimestampLtz(ts) => millis_of(*ts),
            Datum::Time(t) => time_millis(*t),
            _ => return None,
        })
    };
    let (Some(a), Some(b)) = (millis(arg(args, 1)), millis(arg(args, 2))) else {
        return Ok(Datum::Null);
    };
    let v = match (unit_months(unit), unit_millis(unit)) {
        (Some(m), _) => months_between(b, a) / m,
        (None, Some(per)) => (b - a) / per,
        // Java's long arithmetic wraps where these overflow.
        _ if unit == Unit::Microsecond => (b - a).wrapping_mul(1000),
        _ if unit == Unit::Nanosecond => (b - a).wrapping_mul(1_000_000),
        _ => {
            return Err(format!(
                "TIMESTAMPDIFF does not take the unit {}",
                unit.name()
            ));
        }
    };
    // The result is an INT, wrapping as Java's cast does.
    Ok(Datum::Int(i64::from(v as i32)))
}

// ---------------------------------------------------------------------------------------
// The current time: one instant per statement (`Session::now_utc`)

fn now_millis(s: &Session) -> NaiveDateTime {
    truncate_ts(s.now_utc, 3)
}

fn current_timestamp(_: &[Datum], _: &Signature, s: &Session) -> Eval {
    Ok(Datum::TimestampLtz(now_millis(s)))
}
fn localtimestamp(_: &[Datum], _: &Signature, s: &Session) -> Eval {
    Ok(Datum::Timestamp(s.time_zone.to_local(now_millis(s))))
}
fn current_date(_: &[Datum], _: &Signature, s: &Session) -> Eval {
    Ok(Datum::Date(s.time_zone.to_local(now_millis(s)).date()))
}
fn current_time(_: &[Datum], _: &Signature, s: &Session) -> Eval {
    let local = s.time_zone.to_local(now_millis(s));
    Ok(Datum::Time(truncate_ts(local, 0).time()))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::backend::local::func::interval::interval_literal;
    use crate::backend::local::func::scalar;
    use crate::backend::local::func::timeconv::{java_zone, to_timestamp_ltz_type_for};

    fn t(name: &str) -> FlinkType {
        FlinkType::parse(name).unwrap_or_else(FlinkType::null)
    }

    /// A literal as the translator types it.
    fn lit(text: &str) -> (Datum, FlinkType) {
        let ts = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").ok();
        if let Some(rest) = text.strip_prefix("TS ") {
            let p = rest.split('.').nth(1).map_or(0, |f| f.len() as u8);
            return (
                Datum::Timestamp(ts(rest).unwrap_or_default()),
                FlinkType::not_null(Kind::Timestamp(p)),
            );
        }
        if let Some(rest) = text.strip_prefix("LTZ ") {
            let ms: i64 = rest.parse().unwrap_or(0);
            return (
                Datum::TimestampLtz(from_millis(ms).unwrap_or_default()),
                FlinkType::not_null(Kind::TimestampLtz(3)),
            );
        }
        if let Some(rest) = text.strip_prefix("D ") {
            let d = NaiveDate::parse_from_str(rest, "%Y-%m-%d").unwrap_or_default();
            return (Datum::Date(d), FlinkType::not_null(Kind::Date));
        }
        if let Some(rest) = text.strip_prefix("T ") {
            let tm = NaiveTime::parse_from_str(rest, "%H:%M:%S%.f").unwrap_or_default();
            return (Datum::Time(tm), FlinkType::not_null(Kind::Time(0)));
        }
        if let Some(rest) = text.strip_prefix("I ") {
            let (v, unit) = rest
                .split_once('|')
                .or_else(|| rest.split_once(' '))
                .unwrap_or((rest, "DAY"));
            let (from, to) = match unit.split_once(" TO ") {
                Some((a, b)) => (a, Some(b)),
                None => (unit, None),
            };
            return interval_literal(v, from, to, None).unwrap_or_else(|e| panic!("{e}"));
        }
        if let Some(rest) = text.strip_prefix("STR ") {
            let n = rest.chars().count() as u32;
            return (
                Datum::Str(rest.to_string()),
                FlinkType::not_null(Kind::Char(n)),
            );
        }
        if text == "NULL" {
            return (Datum::Null, FlinkType::null());
        }
        if let Ok(i) = text.parse::<i64>() {
            return (Datum::Int(i), FlinkType::not_null(Kind::Int));
        }
        if let Ok(d) = text.parse::<f64>() {
            return (Datum::Double(d), FlinkType::not_null(Kind::Double));
        }
        (
            Datum::Str(text.to_string()),
            FlinkType::not_null(Kind::Char(text.chars().count() as u32)),
        )
    }

    fn session(zone: &str) -> Session {
        Session {
            time_zone: java_zone(zone),
            now_utc: NaiveDateTime::parse_from_str(
                "2024-03-05 14:07:09.123456",
                "%Y-%m-%d %H:%M:%S%.f",
            )
            .unwrap_or_default(),
        }
    }

    fn infer(name: &str, args: &[&str]) -> Result<String, String> {
        let f = scalar(name).unwrap_or_else(|| panic!("no function {name}"));
        let types: Vec<FlinkType> = args.iter().map(|a| lit(a).1).collect();
        (f.infer)(&types).map(|t| t.to_string())
    }

    /// `name(args…)` as Flink prints it, in session time zone `zone`.
    fn call_in(zone: &str, name: &str, args: &[&str]) -> String {
        let f = scalar(name).unwrap_or_else(|| panic!("no function {name}"));
        let (values, types): (Vec<Datum>, Vec<FlinkType>) = args.iter().map(|a| lit(a)).unzip();
        let ret = match (f.infer)(&types) {
            Ok(r) => r,
            Err(e) => return e,
        };
        let sig = Signature {
            args: types,
            ret: ret.clone(),
        };
        if f.strict && values.iter().any(Datum::is_null) {
            return "NULL".into();
        }
        match (f.eval)(&values, &sig, &session(zone)) {
            Ok(Datum::Null) => "NULL".into(),
            Ok(d) => match d.to_value(&ret) {
                crate::result::Value::Text(s) => s,
                crate::result::Value::Int(i) => i.to_string(),
                other => format!("{other:?}"),
            },
            Err(e) => format!("error: {e}"),
        }
    }

    pub(in crate::backend::local::func) fn call(name: &str, args: &[&str]) -> String {
        call_in("UTC", name, args)
    }

    #[test]
    fn types_are_flinks() {
        // DESCRIBE of views on Flink 2.3.
        assert_eq!(
            infer("CURRENT_TIMESTAMP", &[]).as_deref(),
            Ok("TIMESTAMP_LTZ(3) NOT NULL")
        );
        assert_eq!(
            infer("NOW", &[]).as_deref(),
            Ok("TIMESTAMP_LTZ(3) NOT NULL")
        );
        assert_eq!(
            infer("LOCALTIMESTAMP", &[]).as_deref(),
            Ok("TIMESTAMP(3) NOT NULL")
        );
        assert_eq!(infer("CURRENT_DATE", &[]).as_deref(), Ok("DATE NOT NULL"));
        assert_eq!(
            infer("CURRENT_TIME", &[]).as_deref(),
            Ok("TIME(0) NOT NULL")
        );
        assert_eq!(
            infer("TO_TIMESTAMP", &["2024-01-01 10:00:00"]).as_deref(),
            Ok("TIMESTAMP(3)")
        );
        assert_eq!(infer("TO_DATE", &["2024-01-01"]).as_deref(), Ok("DATE"));
        assert_eq!(
            infer("TO_TIMESTAMP_LTZ", &["0", "3"]).as_deref(),
            Ok("TIMESTAMP_LTZ(3)")
        );
        assert_eq!(
            to_timestamp_ltz_type_for(9, true).to_string(),
            "TIMESTAMP_LTZ(9)"
        );
        assert_eq!(
            to_timestamp_ltz_type_for(0, true).to_string(),
            "TIMESTAMP_LTZ(3)"
        );
        assert_eq!(
            infer("UNIX_TIMESTAMP", &[]).as_deref(),
            Ok("BIGINT NOT NULL")
        );
        assert_eq!(
            infer("UNIX_TIMESTAMP", &["2024-01-01 00:00:00"]).as_deref(),
            Ok("BIGINT NOT NULL")
        );
        assert_eq!(infer("FROM_UNIXTIME", &["0"]).as_deref(), Ok("STRING"));
        assert_eq!(
            infer("DATE_FORMAT", &["TS 2024-01-01 10:00:00", "yyyy"]).as_deref(),
            Ok("STRING")
        );
        assert_eq!(
            infer("EXTRACT", &["YEAR", "D 2024-01-01"]).as_deref(),
            Ok("BIGINT NOT NULL")
        );
        assert_eq!(
            infer("HOUR", &["TS 2024-01-01 10:00:00"]).as_deref(),
            Ok("BIGINT NOT NULL")
        );
        assert_eq!(
            infer("FLOOR_TIME", &["TS 2024-01-01 10:33:00", "HOUR"]).as_deref(),
            Ok("TIMESTAMP(0) NOT NULL")
        );
        assert_eq!(
            infer("CEIL_TIME", &["TS 2024-01-01 10:33:00.5", "SECOND"]).as_deref(),
            Ok("TIMESTAMP(1) NOT NULL")
        );
        assert_eq!(
            infer("CEIL_TIME", &["D 2024-01-15", "MONTH"]).as_deref(),
            Ok("DATE NOT NULL")
        );
        assert_eq!(
            infer("TIMESTAMPADD", &["DAY", "1", "TS 2024-01-01 10:00:00"]).as_deref(),
            Ok("TIMESTAMP(0) NOT NULL")
        );
        assert_eq!(
            infer("TIMESTAMPADD", &["DAY", "1", "D 2024-01-01"]).as_deref(),
            Ok("DATE NOT NULL")
        );
        let date = t("DATE NOT NULL");
        let int = t("INT NOT NULL");
        assert_eq!(
            timestampadd_type_for("HOUR", &date, &int).to_string(),
            "TIMESTAMP(6) NOT NULL"
        );
        let ts0 = t("TIMESTAMP(0) NOT NULL");
        assert_eq!(
            timestampadd_type_for("MILLISECOND", &ts0, &int).to_string(),
            "TIMESTAMP(3) NOT NULL"
        );
        assert_eq!(
            infer(
                "TIMESTAMPDIFF",
                &["DAY", "TS 2024-01-01 10:00:00", "TS 2024-01-03 09:00:00"]
            )
            .as_deref(),
            Ok("INT NOT NULL")
        );
        assert_eq!(
            infer("DATETIME_PLUS", &["D 2024-01-01", "I 1 DAY"]).as_deref(),
            Ok("DATE NOT NULL")
        );
        assert_eq!(
            infer("DATETIME_PLUS", &["I 1 HOUR", "D 2024-01-01"]).as_deref(),
            Ok("DATE NOT NULL")
        );
        assert_eq!(
            infer("DATETIME_PLUS", &["T 10:00:00", "I 1 HOUR"]).as_deref(),
            Ok("TIME(0) NOT NULL")
        );
        assert_eq!(
            infer("DATETIME_PLUS", &["I 1 DAY", "I 1 HOUR"]).as_deref(),
            Ok("INTERVAL SECOND(3) NOT NULL")
        );
        assert_eq!(
            infer("DATETIME_MINUS", &["I 1 YEAR", "I 1 MONTH"]).as_deref(),
            Ok("INTERVAL MONTH NOT NULL")
        );
        assert_eq!(
            infer("INTERVAL_TIMES", &["I 1 DAY", "2"]).as_deref(),
            Ok("INTERVAL SECOND(3) NOT NULL")
        );
        assert_eq!(
            infer("INTERVAL_TIMES", &["3", "I 1 MONTH"]).as_deref(),
            Ok("INTERVAL MONTH NOT NULL")
        );
        assert_eq!(lit("I 1 DAY").1.to_string(), "INTERVAL SECOND(3) NOT NULL");
        assert_eq!(
            lit("I 1-2 YEAR TO MONTH").1.to_string(),
            "INTERVAL MONTH NOT NULL"
        );
    }

    #[test]
    fn wrong_arguments_are_flinks_validation_errors() {
        assert_eq!(
            call("FLOOR_TIME", &["D 2024-05-15", "HOUR"]),
            "error: Cannot round a date to HOUR"
        );
        assert_eq!(
            call("EXTRACT", &["YEAR", "T 10:00:00"]),
            "error: YEAR for TIME(0) NOT NULL is unsupported"
        );
        assert_eq!(
            infer("DATE_FORMAT", &["1", "yyyy"]),
            Err("Cannot apply 'DATE_FORMAT' to arguments of type 'DATE_FORMAT(<INTEGER>, <CHAR(4)>)'. Supported form(s): 'DATE_FORMAT(<TIMESTAMP>, <CHARACTER>)', 'DATE_FORMAT(<CHARACTER>, <CHARACTER>)'".into())
        );
        assert!(infer("DATE_FORMAT", &["D 2024-03-05", "yyyy"]).is_err());
        assert_eq!(
            infer("TO_TIMESTAMP", &["1"]),
            Err("Cannot apply 'TO_TIMESTAMP' to arguments of type 'TO_TIMESTAMP(<INTEGER>)'. Supported form(s): 'TO_TIMESTAMP(<CHARACTER>)', 'TO_TIMESTAMP(<CHARACTER>, <CHARACTER>)'".into())
        );
        assert!(
            infer("YEAR", &["2024-01-01"]).is_err_and(|e| e.starts_with("Cannot apply 'EXTRACT'"))
        );
        assert!(infer("TIMESTAMPADD", &["DAY", "1", "2024-01-01"]).is_err());
        assert!(infer("TIMESTAMPDIFF", &["DAY", "D 2024-01-01", "T 10:00:00"]).is_err());
        assert_eq!(
            infer(
                "DATETIME_MINUS",
                &["TS 2024-01-01 00:00:00", "TS 2024-01-01 00:00:00"]
            ),
            Err(
                "Cannot apply '-' to arguments of type '<TIMESTAMP(0)> - <TIMESTAMP(0)>'. \
                 Supported form(s): '<NUMERIC> - <NUMERIC>', \
                 '<DATETIME_INTERVAL> - <DATETIME_INTERVAL>', '<DATETIME> - <DATETIME_INTERVAL>'"
                    .into()
            )
        );
        // Flink cannot multiply an interval by a DOUBLE or DECIMAL.
        assert!(infer("INTERVAL_TIMES", &["I 1 DAY", "1.5"]).is_err());
    }

    #[test]
    fn parts_are_flinks() {
        let ts = "TS 2024-01-01 10:00:05.123";
        assert_eq!(call("EXTRACT", &["SECOND", ts]), "5");
        assert_eq!(call("EXTRACT", &["MILLISECOND", ts]), "123");
        assert_eq!(call("EXTRACT", &["EPOCH", ts]), "1704103205");
        assert_eq!(
            call("EXTRACT", &["MICROSECOND", "TS 2024-01-01 10:00:05.123456"]),
            "123456"
        );
        assert_eq!(call("EXTRACT", &["DOW", "D 2024-01-01"]), "2");
        assert_eq!(call("EXTRACT", &["WEEK", "D 2024-12-30"]), "1");
        assert_eq!(call("EXTRACT", &["ISOYEAR", "D 2024-12-30"]), "2025");
        assert_eq!(call("EXTRACT", &["DOY", "TS 2024-12-31 10:00:00"]), "366");
        assert_eq!(call("EXTRACT", &["ISODOW", "D 2024-01-07"]), "7");
        assert_eq!(call("EXTRACT", &["CENTURY", "D 2024-01-07"]), "21");
        assert_eq!(call("EXTRACT", &["DECADE", "D 2024-01-07"]), "202");
        assert_eq!(call("EXTRACT", &["EPOCH", "D 2024-01-02"]), "1704153600");
        assert_eq!(call("EXTRACT", &["HOUR", "T 10:20:30"]), "10");
        assert_eq!(call("EXTRACT", &["YEAR", "I 2-3 YEAR TO MONTH"]), "2");
        assert_eq!(call("EXTRACT", &["MONTH", "I 2-3 YEAR TO MONTH"]), "3");
        assert_eq!(call("EXTRACT", &["QUARTER", "I 2-3 YEAR TO MONTH"]), "1");
        assert_eq!(call("EXTRACT", &["DAY", "I 3 04:05:06|DAY TO SECOND"]), "3");
        assert_eq!(
            call(
                "EXTRACT",
                &["MILLISECOND", "I 1 02:03:04.567|DAY TO SECOND"]
            ),
            "567"
        );
        assert_eq!(
            call("EXTRACT", &["SECOND", "I 1 02:03:04.567|DAY TO SECOND"]),
            "4"
        );
        assert_eq!(call("YEAR", &["D 2024-01-01"]), "2024");
        assert_eq!(call("QUARTER", &["D 2024-05-01"]), "2");
        assert_eq!(call("DAYOFYEAR", &["D 2024-02-01"]), "32");
        assert_eq!(call("DAYOFWEEK", &["D 2024-01-07"]), "1");
        assert_eq!(call("WEEK", &["TS 2021-01-01 10:00:00"]), "53");
        assert_eq!(call("DAYOFMONTH", &["D 2024-01-31"]), "31");
        assert_eq!(call("MINUTE", &["TS 2024-01-01 10:20:30"]), "20");
        assert_eq!(call("SECOND", &["T 10:00:05"]), "5");
        // Java's remainder: before 1970 the hour is negative, as in Flink.
        assert_eq!(call("HOUR", &["TS 1969-12-31 16:00:00"]), "-8");
    }

    #[test]
    fn floor_and_ceil_are_flinks() {
        let ts = "TS 2024-05-15 10:33:44.123";
        let f = |u: &str| call("FLOOR_TIME", &[ts, u]);
        let c = |u: &str| call("CEIL_TIME", &[ts, u]);
        assert_eq!(f("WEEK"), "2024-05-12 00:00:00.000");
        assert_eq!(f("QUARTER"), "2024-04-01 00:00:00.000");
        assert_eq!(f("YEAR"), "2024-01-01 00:00:00.000");
        assert_eq!(f("DAY"), "2024-05-15 00:00:00.000");
        assert_eq!(f("MINUTE"), "2024-05-15 10:33:00.000");
        assert_eq!(f("SECOND"), "2024-05-15 10:33:44.000");
        assert_eq!(f("MILLISECOND"), "2024-05-15 10:33:44.123");
        assert_eq!(c("WEEK"), "2024-05-19 00:00:00.000");
        assert_eq!(c("DAY"), "2024-05-16 00:00:00.000");
        assert_eq!(
            call("CEIL_TIME", &["TS 2024-01-01 10:33:00.5", "SECOND"]),
            "2024-01-01 10:33:01.0"
        );
        assert_eq!(
            call("FLOOR_TIME", &["TS 2024-01-01 10:33:00", "HOUR"]),
            "2024-01-01 10:00:00"
        );
        assert_eq!(call("CEIL_TIME", &["D 2024-01-15", "MONTH"]), "2024-02-01");
        assert_eq!(call("CEIL_TIME", &["D 2024-05-01", "MONTH"]), "2024-05-01");
        assert_eq!(call("CEIL_TIME", &["D 2024-05-02", "YEAR"]), "2025-01-01");
        assert_eq!(call("FLOOR_TIME", &["D 2024-05-15", "WEEK"]), "2024-05-12");
        assert_eq!(call("CEIL_TIME", &["T 10:33:44", "HOUR"]), "11:00:00");
        assert_eq!(call("FLOOR_TIME", &["T 10:33:44", "MINUTE"]), "10:33:00");
        assert_eq!(
            call("FLOOR_TIME", &["LTZ 1715769224123", "HOUR"]),
            "2024-05-15 10:00:00.000"
        );
    }

    #[test]
    fn arithmetic_is_flinks() {
        let add = |args: &[&str]| call("TIMESTAMPADD", args);
        assert_eq!(
            add(&["DAY", "1", "TS 2024-01-01 10:00:00"]),
            "2024-01-02 10:00:00"
        );
        assert_eq!(add(&["DAY", "1", "D 2024-01-01"]), "2024-01-02");
        assert_eq!(add(&["MONTH", "1", "D 2024-01-31"]), "2024-02-29");
        assert_eq!(
            add(&["WEEK", "2", "TS 2024-01-01 10:00:00"]),
            "2024-01-15 10:00:00"
        );
        assert_eq!(add(&["QUARTER", "1", "D 2024-01-31"]), "2024-04-30");
        assert_eq!(add(&["SECOND", "90", "T 23:59:00"]), "00:00:30");
        assert_eq!(
            add(&["YEAR", "-1", "TS 2024-02-29 10:00:00.123"]),
            "2023-02-28 10:00:00.123"
        );
        assert_eq!(add(&["MINUTE", "5", "LTZ 0"]), "1970-01-01 00:05:00.000");
        assert_eq!(
            add(&["DAY", "1", "TS 2024-01-01 10:00:00.123456"]),
            "2024-01-02 10:00:00.123456"
        );
        let diff = |args: &[&str]| call("TIMESTAMPDIFF", args);
        assert_eq!(
            diff(&["DAY", "TS 2024-01-01 10:00:00", "TS 2024-01-03 09:00:00"]),
            "1"
        );
        assert_eq!(diff(&["MONTH", "D 2024-01-31", "D 2024-02-29"]), "1");
        assert_eq!(
            diff(&[
                "SECOND",
                "TS 2024-01-01 10:00:00",
                "TS 2024-01-01 09:59:00.5"
            ]),
            "-59"
        );
        assert_eq!(
            diff(&["MONTH", "TS 2024-01-31 10:00:00", "TS 2024-02-29 09:00:00"]),
            "0"
        );
        assert_eq!(diff(&["YEAR", "D 2020-02-29", "D 2024-02-28"]), "3");
        assert_eq!(
            diff(&["HOUR", "D 2024-01-01", "TS 2024-01-02 05:00:00"]),
            "29"
        );
        assert_eq!(diff(&["WEEK", "D 2024-01-01", "D 2024-01-20"]), "2");
        assert_eq!(diff(&["QUARTER", "D 2024-01-01", "D 2024-12-20"]), "3");
        assert_eq!(diff(&["DAY", "LTZ 0", "LTZ 259200000"]), "3");
        assert_eq!(diff(&["MINUTE", "T 10:00:00", "T 11:30:00"]), "90");
        let plus = |args: &[&str]| call("DATETIME_PLUS", args);
        let minus = |args: &[&str]| call("DATETIME_MINUS", args);
        assert_eq!(plus(&["D 2024-01-01", "I 1 DAY"]), "2024-01-02");
        assert_eq!(
            plus(&["TS 2024-01-01 10:00:00", "I 1 MONTH"]),
            "2024-02-01 10:00:00"
        );
        assert_eq!(plus(&["T 10:00:00", "I 1 HOUR"]), "11:00:00");
        assert_eq!(
            plus(&["TS 2024-01-31 10:00:00.123", "I 1 MONTH"]),
            "2024-02-29 10:00:00.123"
        );
        assert_eq!(plus(&["D 2024-01-31", "I 1 MONTH"]), "2024-02-29");
        assert_eq!(minus(&["D 2024-01-01", "I 1 HOUR"]), "2024-01-01");
        assert_eq!(plus(&["LTZ 0", "I 1 DAY"]), "1970-01-02 00:00:00.000");
        assert_eq!(
            minus(&["TS 2024-01-01 10:00:00", "I 1-1 YEAR TO MONTH"]),
            "2022-12-01 10:00:00"
        );
        assert_eq!(minus(&["I 1 DAY", "I 1 HOUR"]), "+0 23:00:00.000");
        assert_eq!(plus(&["I 1 YEAR", "I 1 MONTH"]), "+1-01");
        assert_eq!(plus(&["T 23:00:00", "I 2 HOUR"]), "01:00:00");
        assert_eq!(
            plus(&["TS 2024-01-01 10:00:00.123456", "I 1 SECOND"]),
            "2024-01-01 10:00:01.123456"
        );
        assert_eq!(plus(&["D 2024-01-01", "I 25 HOUR"]), "2024-01-02");
        assert_eq!(minus(&["D 2024-01-01", "I 25 HOUR"]), "2023-12-31");
        assert_eq!(plus(&["I 1 HOUR", "D 2024-01-01"]), "2024-01-01");
        assert_eq!(
            plus(&["TS 2024-01-01 10:00:00", "I 1.5 SECOND"]),
            "2024-01-01 10:00:01"
        );
        assert_eq!(call("INTERVAL_TIMES", &["2", "I 3 DAY"]), "+6 00:00:00.000");
        assert_eq!(call("INTERVAL_TIMES", &["I 1 DAY", "3"]), "+3 00:00:00.000");
    }

    #[test]
    fn the_session_time_zone_is_flinks() {
        // SET 'table.local-time-zone' = 'America/Los_Angeles' on Flink 2.3.
        let la = |name: &str, args: &[&str]| call_in("America/Los_Angeles", name, args);
        assert_eq!(la("HOUR", &["LTZ 0"]), "-8");
        assert_eq!(
            la("DATE_FORMAT", &["LTZ 0", "yyyy-MM-dd HH:mm"]),
            "1969-12-31 16:00"
        );
        assert_eq!(la("UNIX_TIMESTAMP", &["1970-01-01 00:00:00"]), "28800");
        assert_eq!(la("FROM_UNIXTIME", &["0"]), "1969-12-31 16:00:00");
        assert_eq!(
            la("FLOOR_TIME", &["LTZ 0", "DAY"]),
            "1969-12-31 08:00:00.000"
        );
        assert_eq!(
            la("TIMESTAMPADD", &["DAY", "1", "LTZ 0"]),
            "1970-01-02 00:00:00.000"
        );
        assert_eq!(
            la(
                "DATE_FORMAT",
                &["TS 1970-01-01 00:00:00", "yyyy-MM-dd HH:mm"]
            ),
            "1970-01-01 00:00"
        );
        assert_eq!(la("TIMESTAMPDIFF", &["HOUR", "LTZ 0", "LTZ 18000000"]), "5");
        // The string form reads the text in UTC unless given a zone.
        assert_eq!(
            la("TO_TIMESTAMP_LTZ", &["1970-01-01 00:00:00"]),
            "1970-01-01 00:00:00.000"
        );
    }

    #[test]
    fn the_current_time_is_the_statements() {
        // now_utc is 2024-03-05 14:07:09.123456 UTC.
        assert_eq!(call("CURRENT_TIMESTAMP", &[]), "2024-03-05 14:07:09.123");
        assert_eq!(
            call_in("America/Los_Angeles", "LOCALTIMESTAMP", &[]),
            "2024-03-05 06:07:09.123"
        );
        assert_eq!(call_in("Asia/Tokyo", "CURRENT_DATE", &[]), "2024-03-05");
        assert_eq!(call_in("Asia/Tokyo", "CURRENT_TIME", &[]), "23:07:09");
        assert_eq!(call_in("GMT+14:00", "CURRENT_DATE", &[]), "2024-03-06");
    }

    #[test]
    fn more_arithmetic_is_flinks() {
        let add = |args: &[&str]| call("TIMESTAMPADD", args);
        let diff = |args: &[&str]| call("TIMESTAMPDIFF", args);
        let plus = |args: &[&str]| call("DATETIME_PLUS", args);
        let minus = |args: &[&str]| call("DATETIME_MINUS", args);
        assert_eq!(diff(&["MONTH", "D 2024-03-31", "D 2024-02-29"]), "-1");
        assert_eq!(
            diff(&["YEAR", "TS 2024-03-05 10:00:00", "TS 2023-03-05 11:00:00"]),
            "-1"
        );
        assert_eq!(
            diff(&["DAY", "TS 2024-01-02 00:00:00", "TS 2024-01-01 00:00:01"]),
            "0"
        );
        assert_eq!(
            add(&["HOUR", "-25", "TS 2024-01-01 00:00:00"]),
            "2023-12-30 23:00:00"
        );
        assert_eq!(minus(&["D 2024-03-31", "I 1 MONTH"]), "2024-02-29");
        assert_eq!(minus(&["D 2024-01-15", "I 13 MONTH"]), "2022-12-15");
        assert_eq!(
            plus(&["TS 2024-03-10 01:30:00", "I 1 HOUR"]),
            "2024-03-10 02:30:00"
        );
    }

    #[test]
    fn a_half_hour_time_zone_is_flinks() {
        // SET 'table.local-time-zone' = 'Asia/Kolkata' (+05:30) on Flink 2.3; values
        // of TIMESTAMP_LTZ here are in UTC.
        let ist = |name: &str, args: &[&str]| call_in("Asia/Kolkata", name, args);
        let t = "LTZ 1709647629123";
        assert_eq!(ist("EXTRACT", &["DAY", t]), "5");
        assert_eq!(ist("MINUTE", &[t]), "37");
        assert_eq!(ist("FLOOR_TIME", &[t, "HOUR"]), "2024-03-05 13:30:00.000");
        assert_eq!(ist("CEIL_TIME", &[t, "MONTH"]), "2024-03-31 18:30:00.000");
        assert_eq!(ist("DATE_FORMAT", &[t, "HH:mm"]), "19:37");
        assert_eq!(
            ist("UNIX_TIMESTAMP", &["2024-03-05 19:37:09"]),
            "1709647629"
        );
        assert_eq!(ist("FROM_UNIXTIME", &["1709647629"]), "2024-03-05 19:37:09");
    }

    #[test]
    fn instants_move_in_utc_and_round_in_the_session_zone() {
        // Across the start of daylight saving time in Los Angeles (2024-03-10), Flink 2.3
        // adds months and days to a TIMESTAMP_LTZ in UTC; values here are in UTC.
        let la = |name: &str, args: &[&str]| call_in("America/Los_Angeles", name, args);
        let t = "LTZ 1708000000000";
        assert_eq!(
            la("DATETIME_PLUS", &[t, "I 1 MONTH"]),
            "2024-03-15 12:26:40.000"
        );
        assert_eq!(
            la("TIMESTAMPADD", &["DAY", "30", t]),
            "2024-03-16 12:26:40.000"
        );
        assert_eq!(
            la("TIMESTAMPADD", &["MONTH", "1", t]),
            "2024-03-15 12:26:40.000"
        );
        assert_eq!(la("CEIL_TIME", &[t, "MONTH"]), "2024-03-01 08:00:00.000");
        assert_eq!(la("TIMESTAMPDIFF", &["DAY", t, "LTZ 1710600000000"]), "30");
        assert_eq!(la("YEAR", &[t]), "2024");
    }
}
