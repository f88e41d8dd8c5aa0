//! Java's date-time patterns (`yyyy-MM-dd HH:mm:ss`) as Flink applies them, in Java's
//! default US-English locale: `DateTimeFormatter` (`Style::Modern`: DATE_FORMAT of a
//! TIMESTAMP, TO_TIMESTAMP/TO_TIMESTAMP_LTZ with a pattern) and the older, lenient
//! `SimpleDateFormat` (`Style::Legacy`: DATE_FORMAT of a string, FROM_UNIXTIME,
//! UNIX_TIMESTAMP, TO_DATE with a pattern, CONVERT_TZ). The letters differ a little
//! between the two (`u` is the year in one and the ISO day of the week in the other, `S`
//! a fraction or a count of milliseconds) and so do their errors.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `java.time.format.DateTimeFormatter`: strict widths, whole text, SMART resolving.
    Modern,
    /// `java.text.SimpleDateFormat`: lenient, ignores text after the pattern.
    Legacy,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Field(char, usize),
    Text(String),
}

const MODERN_LETTERS: &str = "GuyDMLdQqYwWEecFaHkKhmsSAnNVvzOXxZ";
const LEGACY_LETTERS: &str = "GyYMLwWDdFEuaHkKhmsSzZX";

fn compile(pattern: &str, style: Style) -> Result<Vec<Item>, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    let push_text = |items: &mut Vec<Item>, s: &str| match items.last_mut() {
        Some(Item::Text(t)) => t.push_str(s),
        _ => items.push(Item::Text(s.to_string())),
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() {
            let n = chars[i..].iter().take_while(|&&x| x == c).count();
            let known = match style {
                Style::Modern => MODERN_LETTERS.contains(c),
                Style::Legacy => LEGACY_LETTERS.contains(c),
            };
            if !known {
                return Err(match style {
                    Style::Modern => format!("Unknown pattern letter: {c}"),
                    Style::Legacy => format!("Illegal pattern character '{c}'"),
                });
            }
            items.push(Item::Field(c, n));
            i += n;
        } else if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                push_text(&mut items, "'");
                i += 2;
                continue;
            }
            let mut text = String::new();
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    None => {
                        return Err(match style {
                            Style::Modern => {
                                format!("Pattern ends with an incomplete string literal: {pattern}")
                            }
                            Style::Legacy => "Unterminated quote".to_string(),
                        });
                    }
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                        text.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(&x) => {
                        text.push(x);
                        j += 1;
                    }
                }
            }
            push_text(&mut items, &text);
            i = j + 1;
        } else if style == Style::Modern && matches!(c, '[' | ']') {
            // Optional sections: everything in them is printed; parsing treats it as
            // required (the common patterns do not use them).
            i += 1;
        } else if style == Style::Modern && matches!(c, '{' | '}' | '#') {
            return Err(format!("Pattern includes reserved character: '{c}'"));
        } else {
            push_text(&mut items, &c.to_string());
            i += 1;
        }
    }
    Ok(items)
}

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
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn pad(v: i64, width: usize) -> String {
    if v < 0 {
        format!("-{:0width$}", v.unsigned_abs())
    } else {
        format!("{v:0width$}")
    }
}

fn text(name: &str, n: usize) -> String {
    match n {
        0..=3 => name.chars().take(3).collect(),
        4 => name.to_string(),
        _ => name.chars().take(1).collect(),
    }
}

/// The US week of the year (weeks start on Sunday; week 1 holds January 1st) and the
/// year it belongs to.
pub fn us_week(d: NaiveDate) -> (i32, u32) {
    let start = d - Duration::days(i64::from(d.weekday().num_days_from_sunday()));
    if (start + Duration::days(6)).year() > d.year() {
        return (d.year() + 1, 1);
    }
    let jan1 = NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d);
    let first = jan1 - Duration::days(i64::from(jan1.weekday().num_days_from_sunday()));
    (d.year(), ((start - first).num_days() / 7 + 1) as u32)
}

fn us_week_of_month(d: NaiveDate) -> u32 {
    let first = d.with_day(1).unwrap_or(d);
    let offset = first.weekday().num_days_from_sunday();
    (d.day() + offset - 1) / 7 + 1
}

fn offset_text(offset: FixedOffset, c: char, n: usize) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() / 60 % 60);
    match (c, n) {
        ('X', _) if secs == 0 => "Z".to_string(),
        ('X', 1) => format!("{sign}{h:02}"),
        ('X', 2) | ('Z', _) => format!("{sign}{h:02}{m:02}"),
        ('z', _) if secs == 0 => "UTC".to_string(),
        ('z', _) => format!("GMT{sign}{h:02}:{m:02}"),
        _ => format!("{sign}{h:02}:{m:02}"),
    }
}

/// `ts` written by `pattern`. A Legacy pattern's zone letters (`Z`, `X`, `z`) show
/// `offset`; a Modern one formats a zone-less date-time and fails on them, as Flink does.
pub fn format(
    ts: NaiveDateTime,
    pattern: &str,
    style: Style,
    offset: FixedOffset,
) -> Result<String, String> {
    let items = compile(pattern, style)?;
    let mut out = String::with_capacity(pattern.len() + 8);
    let (d, t) = (ts.date(), ts.time());
    for item in &items {
        let (c, n) = match item {
            Item::Text(s) => {
                out.push_str(s);
                continue;
            }
            Item::Field(c, n) => (*c, *n),
        };
        let hour = i64::from(t.hour());
        let field = match (c, style) {
            ('G', _) => {
                if n == 4 && style == Style::Modern {
                    "Anno Domini".into()
                } else {
                    "AD".into()
                }
            }
            ('y' | 'u', Style::Modern) | ('y', Style::Legacy) => {
                let y = i64::from(d.year());
                if n == 2 {
                    pad(y.rem_euclid(100), 2)
                } else {
                    pad(y, n)
                }
            }
            ('Y', _) => {
                let y = i64::from(us_week(d).0);
                if n == 2 {
                    pad(y.rem_euclid(100), 2)
                } else {
                    pad(y, n)
                }
            }
            ('M' | 'L', Style::Legacy) if n >= 4 => MONTHS[d.month0() as usize].to_string(),
            ('M' | 'L', _) if n >= 3 => text(MONTHS[d.month0() as usize], n),
            ('M' | 'L', _) => pad(i64::from(d.month()), n),
            ('d', _) => pad(i64::from(d.day()), n),
            ('D', _) => pad(i64::from(d.ordinal()), n),
            ('Q' | 'q', _) => {
                let q = d.month().div_ceil(3);
                match n {
                    1 | 2 => pad(i64::from(q), n),
                    3 => format!("Q{q}"),
                    _ => ["1st", "2nd", "3rd", "4th"][(q - 1) as usize].to_string() + " quarter",
                }
            }
            ('w', _) => pad(i64::from(us_week(d).1), n),
            ('W', _) => pad(i64::from(us_week_of_month(d)), n),
            // java.time reads `F` as the aligned day of the week in the month.
            ('F', Style::Modern) => pad(i64::from((d.day() - 1) % 7 + 1), n),
            ('F', Style::Legacy) => pad(i64::from((d.day() - 1) / 7 + 1), n),
            ('E', Style::Legacy) if n >= 4 => {
                DAYS[d.weekday().num_days_from_monday() as usize].to_string()
            }
            ('E', _) => text(DAYS[d.weekday().num_days_from_monday() as usize], n),
            ('e' | 'c', _) if n <= 2 => pad(i64::from(d.weekday().num_days_from_sunday() + 1), n),
            ('e' | 'c', _) => text(DAYS[d.weekday().num_days_from_monday() as usize], n),
            ('u', Style::Legacy) => pad(i64::from(d.weekday().number_from_monday()), n),
            ('a', _) => if hour < 12 { "AM" } else { "PM" }.into(),
            ('H', _) => pad(hour, n),
            ('k', _) => pad(if hour == 0 { 24 } else { hour }, n),
            ('K', _) => pad(hour % 12, n),
            ('h', _) => pad(if hour % 12 == 0 { 12 } else { hour % 12 }, n),
            ('m', _) => pad(i64::from(t.minute()), n),
            ('s', _) => pad(i64::from(t.second()), n),
            ('S', Style::Modern) => {
                let nanos = format!("{:09}", t.nanosecond() % 1_000_000_000);
                nanos[..n.min(9)].to_string() + &"0".repeat(n.saturating_sub(9))
            }
            ('S', Style::Legacy) => pad(i64::from(t.nanosecond() / 1_000_000 % 1000), n),
            ('A', _) => pad(
                i64::from(t.num_seconds_from_midnight()) * 1000
                    + i64::from(t.nanosecond() / 1_000_000),
                n,
            ),
            ('n', _) => pad(i64::from(t.nanosecond()), n),
            ('N', _) => pad(
                i64::from(t.num_seconds_from_midnight()) * 1_000_000_000
                    + i64::from(t.nanosecond()),
                n,
            ),
            ('z' | 'Z' | 'X', Style::Legacy) => offset_text(offset, c, n),
            (_, Style::Modern) => {
                return Err(format!(
                    "Unable to format a date-time without a time zone with the pattern letter '{c}'"
                ));
            }
            _ => String::new(),
        };
        out.push_str(&field);
    }
    Ok(out)
}

/// The fields a text gave; the rest take Flink's defaults (1970-01-01 00:00:00).
#[derive(Default, Debug)]
struct Parsed {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    hour: Option<i64>,
    hour12: Option<i64>,
    pm: Option<bool>,
    minute: Option<i64>,
    second: Option<i64>,
    nanos: Option<i64>,
}

fn is_numeric(item: Option<&Item>) -> bool {
    match item {
        Some(Item::Field('M' | 'L', n)) => *n < 3,
        Some(Item::Field(c, _)) => !matches!(c, 'E' | 'a' | 'G'),
        _ => false,
    }
}

/// Reads a local date-time from `input` by `pattern`; None when it does not match (Flink
/// then returns NULL or falls back to another reading).
pub fn parse(input: &str, pattern: &str, style: Style) -> Option<NaiveDateTime> {
    let items = compile(pattern, style).ok()?;
    let mut p = Parsed::default();
    let mut rest = input;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Text(t) => {
                if style == Style::Legacy {
                    // SimpleDateFormat lets whitespace in the text stand for whitespace.
                    let t = t.as_str();
                    rest = rest
                        .strip_prefix(t)
                        .or_else(|| (t.trim().is_empty()).then(|| rest.trim_start()))?;
                } else {
                    rest = rest.strip_prefix(t.as_str())?;
                }
            }
            Item::Field(c, n) => {
                let (c, n) = (*c, *n);
                if matches!(c, 'M' | 'L') && n >= 3 || c == 'E' {
                    let names: &[&str] = if c == 'E' { &DAYS } else { &MONTHS };
                    let (idx, len) = names.iter().enumerate().find_map(|(k, name)| {
                        let full = name.len();
                        let lower = rest.to_ascii_lowercase();
                        if n >= 4 && lower.starts_with(&name.to_ascii_lowercase()) {
                            Some((k, full))
                        } else if lower.starts_with(&name[..3].to_ascii_lowercase()) {
                            Some((k, 3))
                        } else {
                            None
                        }
                    })?;
                    if c != 'E' {
                        p.month = Some(idx as i64 + 1);
                    }
                    rest = &rest[len..];
                    continue;
                }
                if c == 'a' {
                    let upper = rest.get(..2)?.to_ascii_uppercase();
                    if style == Style::Modern && rest.get(..2)? != upper {
                        return None;
                    }
                    p.pm = Some(match upper.as_str() {
                        "AM" => false,
                        "PM" => true,
                        _ => return None,
                    });
                    rest = &rest[2..];
                    continue;
                }
                if c == 'G' {
                    rest = rest.strip_prefix("AD")?;
                    continue;
                }
                let adjacent = is_numeric(items.get(i + 1));
                let fixed = match style {
                    // A year of 3+ letters takes as many digits as it finds, unless a
                    // number follows directly (`yyyyMMdd`).
                    Style::Modern => {
                        c == 'S' || n >= 2 && (adjacent || n == 2 || !matches!(c, 'y' | 'u' | 'Y'))
                    }
                    Style::Legacy => adjacent,
                };
                let negative = style == Style::Legacy && rest.starts_with('-');
                let digits_from = usize::from(negative);
                let available = rest[digits_from..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                let take = if fixed { n } else { available.min(19) };
                let min = if matches!(c, 'y' | 'u') && style == Style::Modern && n > 2 {
                    n
                } else {
                    1
                };
                if take == 0 || available < take || available < min {
                    return None;
                }
                let digits = &rest[digits_from..digits_from + take];
                let mut v: i64 = digits.parse().ok()?;
                if negative {
                    v = -v;
                }
                rest = &rest[digits_from + take..];
                match c {
                    'y' | 'u' | 'Y' => {
                        p.year = Some(if n == 2 && take == 2 {
                            if style == Style::Legacy && v > 46 {
                                1900 + v
                            } else {
                                2000 + v
                            }
                        } else {
                            v
                        });
                    }
                    'M' | 'L' => p.month = Some(v),
                    'd' => p.day = Some(v),
                    'D' => p.day_of_year = Some(v),
                    'H' => p.hour = Some(v),
                    'k' => p.hour = Some(if v == 24 { 0 } else { v }),
                    'K' | 'h' => p.hour12 = Some(v % 12),
                    'm' => p.minute = Some(v),
                    's' => p.second = Some(v),
                    'S' if style == Style::Modern => {
                        p.nanos = Some(v * 10i64.pow(9u32.saturating_sub(take as u32)));
                    }
                    'S' => p.nanos = Some(v * 1_000_000),
                    _ => {}
                }
            }
        }
    }
    if style == Style::Modern && !rest.is_empty() {
        return None;
    }
    resolve(&p, style)
}

fn resolve(p: &Parsed, style: Style) -> Option<NaiveDateTime> {
    let year = p.year.unwrap_or(1970);
    let hour = match (p.hour, p.hour12, p.pm) {
        (Some(h), _, _) => h,
        (None, Some(h), Some(pm)) => h + if pm { 12 } else { 0 },
        _ => 0,
    };
    let (minute, second, nanos) = (
        p.minute.unwrap_or(0),
        p.second.unwrap_or(0),
        p.nanos.unwrap_or(0),
    );
    let year = i32::try_from(year).ok()?;
    match style {
        Style::Modern => {
            let date = match p.day_of_year {
                Some(doy) if p.month.is_none() => {
                    NaiveDate::from_yo_opt(year, u32::try_from(doy).ok()?)?
                }
                _ => {
                    let month = u32::try_from(p.month.unwrap_or(1)).ok()?;
                    let day = u32::try_from(p.day.unwrap_or(1)).ok()?;
                    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                        return None;
                    }
                    // SMART resolving: the 31st of a shorter month is its last day.
                    (0..4).find_map(|k| NaiveDate::from_ymd_opt(year, month, day - k))?
                }
            };
            let time = NaiveTime::from_hms_nano_opt(
                u32::try_from(hour).ok()?,
                u32::try_from(minute).ok()?,
                u32::try_from(second).ok()?,
                u32::try_from(nanos).ok()?,
            )?;
            Some(date.and_time(time))
        }
        Style::Legacy => {
            // Lenient: every field may overflow into the next.
            let base = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let months = p.month.unwrap_or(1) - 1;
            let date = if months >= 0 {
                base.checked_add_months(chrono::Months::new(u32::try_from(months).ok()?))?
            } else {
                base.checked_sub_months(chrono::Months::new(u32::try_from(-months).ok()?))?
            };
            let date = match p.day_of_year {
                Some(doy) if p.month.is_none() => date + Duration::days(doy - 1),
                _ => date + Duration::days(p.day.unwrap_or(1) - 1),
            };
            let ts = date.and_hms_opt(0, 0, 0)?
                + Duration::hours(hour)
                + Duration::minutes(minute)
                + Duration::seconds(second)
                + Duration::nanoseconds(nanos);
            Some(ts)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap_or_default()
    }
    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())
    }
    fn modern(t: &str, p: &str) -> String {
        format(ts(t), p, Style::Modern, utc()).unwrap_or_else(|e| e)
    }
    fn legacy(t: &str, p: &str) -> String {
        format(ts(t), p, Style::Legacy, utc()).unwrap_or_else(|e| e)
    }

    #[test]
    fn modern_patterns_format_as_flinks_date_format() {
        // DATE_FORMAT(TIMESTAMP '2024-03-05 14:07:09.123456', …) on Flink 2.3.
        let t = "2024-03-05 14:07:09.123456";
        assert_eq!(
            modern(t, "yyyy-MM-dd HH:mm:ss.SSS"),
            "2024-03-05 14:07:09.123"
        );
        assert_eq!(modern(t, "EEE, MMM d, yyyy"), "Tue, Mar 5, 2024");
        assert_eq!(modern(t, "EEEE MMMM yy"), "Tuesday March 24");
        assert_eq!(modern(t, "a h:mm K k"), "PM 2:07 2 14");
        assert_eq!(modern(t, "yyyy'T'HH"), "2024T14");
        assert_eq!(modern(t, "D w u E S SS"), "65 10 2024 Tue 1 12");
        assert_eq!(
            modern("2024-03-05 14:07:09.5", "M/d/y H:m:s"),
            "3/5/2024 14:7:9"
        );
        assert_eq!(
            modern("2024-01-01 00:00:00", "yyyy-MM-dd qq"),
            "2024-01-01 01"
        );
        assert_eq!(
            modern(t, "yyyy-MM-dd 'T"),
            "Pattern ends with an incomplete string literal: yyyy-MM-dd 'T"
        );
        assert_eq!(modern(t, "yyyy b"), "Unknown pattern letter: b");
    }

    #[test]
    fn legacy_patterns_format_as_simple_date_format() {
        // DATE_FORMAT('2024-03-05 14:07:09', 'D w u E S SS') on Flink 2.3.
        assert_eq!(
            legacy("2024-03-05 14:07:09", "D w u E S SS"),
            "65 10 2 Tue 0 00"
        );
        assert_eq!(
            legacy("2024-03-05 14:07:09", "yyyy/MM/dd HH"),
            "2024/03/05 14"
        );
        assert_eq!(legacy("2024-03-05 14:07:09.123", "SSS Z X"), "123 +0000 Z");
        assert_eq!(
            legacy("2024-03-05 14:07:09", "qq"),
            "Illegal pattern character 'q'"
        );
    }

    #[test]
    fn modern_parsing_is_strict_and_smart() {
        let p = |s: &str, f: &str| parse(s, f, Style::Modern).map(|t| t.to_string());
        assert_eq!(
            p("05/01/2024 10", "dd/MM/yyyy HH").as_deref(),
            Some("2024-01-05 10:00:00")
        );
        assert_eq!(
            p("20240305", "yyyyMMdd").as_deref(),
            Some("2024-03-05 00:00:00")
        );
        assert_eq!(
            p("2024-02-30", "yyyy-MM-dd").as_deref(),
            Some("2024-02-29 00:00:00")
        );
        assert_eq!(p("2024-01-01 10:00:00", "yyyy/MM/dd"), None);
        assert_eq!(p("2024-01-01 x", "yyyy-MM-dd"), None);
        assert_eq!(
            p("2024-01-01 10:00:00.5", "yyyy-MM-dd HH:mm:ss.S").as_deref(),
            Some("2024-01-01 10:00:00.500")
        );
    }

    #[test]
    fn legacy_parsing_is_lenient() {
        let p = |s: &str, f: &str| parse(s, f, Style::Legacy).map(|t| t.to_string());
        assert_eq!(
            p("2024-03-05 14:07:09.123", "yyyy-MM-dd HH:mm:ss").as_deref(),
            Some("2024-03-05 14:07:09")
        );
        assert_eq!(
            p("2024-02-30", "yyyy-MM-dd").as_deref(),
            Some("2024-03-01 00:00:00")
        );
        assert_eq!(p("2024-03-05", "yyyy-MM-dd HH:mm:ss"), None);
        assert_eq!(
            p("20240101", "yyyyMMdd").as_deref(),
            Some("2024-01-01 00:00:00")
        );
        assert_eq!(p("abc", "yyyy-MM-dd"), None);
    }

    #[test]
    fn us_weeks() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(us_week(d(2024, 3, 5)), (2024, 10));
        assert_eq!(us_week(d(2024, 12, 31)), (2025, 1));
        assert_eq!(us_week(d(2024, 1, 1)), (2024, 1));
    }

    #[test]
    fn weeks_years_and_hours_print_as_in_flink() {
        // DATE_FORMAT of a TIMESTAMP, then of a string, on Flink 2.3.
        assert_eq!(
            modern("2024-12-29 01:02:03", "Y w W F E EEEE e c"),
            "2025 1 5 1 Sun Sunday 1 1"
        );
        assert_eq!(
            modern("2021-01-02 13:02:03.5", "YYYY ww yyyy-MM-dd hh a"),
            "2021 01 2021-01-02 01 PM"
        );
        assert_eq!(modern("2024-03-05 00:02:03", "h K k H"), "12 0 24 0");
        assert_eq!(
            modern("2024-03-05 14:07:09.123", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"),
            "2024-03-05T14:07:09.123000"
        );
        assert_eq!(
            modern("0099-03-05 14:07:09", "y yy yyy yyyy"),
            "99 99 099 0099"
        );
        assert_eq!(
            legacy("2024-12-29 01:02:03", "Y w W F E EEEE SSSS"),
            "2025 1 5 5 Sun Sunday 0000"
        );
        assert_eq!(
            legacy("2024-03-05 14:07:09", "y yy yyy yyyy MMMMM"),
            "2024 24 2024 2024 March"
        );
    }
}
