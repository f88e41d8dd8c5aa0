//! PERCENTILE, Flink 2.x's continuous percentile aggregate
//! (`PercentileAggFunction`): `PERCENTILE(value, percentage [, frequency])` with one
//! percentage (a DOUBLE) or an ARRAY of them (an ARRAY<DOUBLE>), interpolated linearly
//! between the two values around each position, computed over doubles as Flink does.
//!
//! A literal percentage outside [0, 1] is a validation error, which the translator
//! checks (it sees the literal); any other percentage is checked on the group's first
//! row, which is the one Flink's accumulator keeps.

use std::cmp::Ordering;

use super::number::{approx, java_double_text};
use super::{Accumulator, Aggregate, Eval, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

pub static FUNCTIONS: &[Aggregate] = &[Aggregate {
    name: "PERCENTILE",
    infer: percentile_type,
    new: new_percentile,
}];

const SIGNATURES: &str = "PERCENTILE(value <NUMERIC>, percentage <NUMERIC NOT NULL> | ARRAY<NUMERIC NOT NULL> NOT NULL [, frequency <INTEGER_NUMERIC>])";

/// Flink's message for arguments that fit no signature (its first line is all Flink's
/// client shows; the rest says why, on the same line).
fn invalid(reason: &str) -> String {
    if reason.is_empty() {
        format!("Invalid input arguments. Expected signature: {SIGNATURES}")
    } else {
        format!("Invalid input arguments. {reason}")
    }
}

fn percentile_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let (value, percentage, frequency) = match args {
        [v, p] => (v, p, None),
        [v, p, f] => (v, p, Some(f)),
        _ => {
            let list: Vec<&str> = args.iter().map(super::math::family).collect();
            return Err(format!(
                "No match found for function signature PERCENTILE({}).",
                list.join(", ")
            ));
        }
    };
    if !value.is_numeric() {
        return Err(invalid(""));
    }
    if let Some(f) = frequency
        && !f.is_integer()
    {
        return Err(invalid(""));
    }
    match &percentage.kind {
        Kind::Array(element) => {
            if !element.is_numeric() {
                return Err(invalid(
                    "Value in the percentage array must be of NUMERIC type.",
                ));
            }
            if percentage.nullable {
                return Err(invalid("Percentage must be a non-null array."));
            }
            if element.nullable {
                return Err(invalid(
                    "Value in the percentage array must be of NOT NULL type.",
                ));
            }
            Ok(FlinkType::nullable(Kind::Array(Box::new(
                FlinkType::nullable(Kind::Double),
            ))))
        }
        _ if percentage.is_numeric() => {
            if percentage.nullable {
                return Err(invalid("Percentage must be of NOT NULL type."));
            }
            Ok(FlinkType::nullable(Kind::Double))
        }
        _ => Err(invalid("")),
    }
}

/// The validation error for a literal percentage out of [0, 1], if it is one.
pub fn literal_percentage_error(value: f64) -> Option<String> {
    if (0.0..=1.0).contains(&value) {
        return None;
    }
    Some(invalid(&format!(
        "Percentage must be between [0.0, 1.0], but was '{}'.",
        java_double_text(value, false)
    )))
}

struct Percentile {
    /// The percentages of the group's first row, as Flink's accumulator keeps them.
    percentages: Option<Vec<f64>>,
    many: bool,
    /// Each distinct value (as a double) and how often it occurs, in Double order.
    counts: Vec<(f64, i64)>,
}

fn new_percentile(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(Percentile {
        percentages: None,
        many: matches!(sig.args.get(1).map(|t| &t.kind), Some(Kind::Array(_))),
        counts: Vec::new(),
    })
}

impl Percentile {
    fn set_percentages(&mut self, d: &Datum) -> Result<(), String> {
        if self.percentages.is_some() {
            return Ok(());
        }
        let list = match d {
            Datum::Array(items) => items.iter().filter_map(approx).collect(),
            other => approx(other).into_iter().collect::<Vec<f64>>(),
        };
        if let Some(bad) = list.iter().find(|p| !(0.0..=1.0).contains(*p)) {
            return Err(format!(
                "Percentage of PERCENTILE should be between [0.0, 1.0], but was '{}'.",
                java_double_text(*bad, false)
            ));
        }
        self.percentages = Some(list);
        Ok(())
    }

    /// Adds `by` occurrences of the row's value (a negative `by` takes them back).
    fn update(&mut self, args: &[Datum], sign: i64) {
        let Some(value) = args.first().and_then(approx) else {
            return;
        };
        let by = match args.get(2) {
            None => 1,
            Some(f) => match f {
                Datum::Int(n) if *n > 0 => *n,
                _ => return,
            },
        } * sign;
        match self.counts.binary_search_by(|(v, _)| v.total_cmp(&value)) {
            // Counts wrap around as Java's longs do; they never panic.
            Ok(i) => {
                self.counts[i].1 = self.counts[i].1.wrapping_add(by);
                if self.counts[i].1 == 0 {
                    self.counts.remove(i);
                }
            }
            Err(i) if by != 0 => self.counts.insert(i, (value, by)),
            Err(_) => {}
        }
    }
}

impl Accumulator for Percentile {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        if let Some(p) = args.get(1) {
            self.set_percentages(p)?;
        }
        self.update(args, 1);
        Ok(())
    }

    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        self.update(args, -1);
        Ok(())
    }

    fn value(&self) -> Eval {
        let Some(percentages) = &self.percentages else {
            return Ok(Datum::Null);
        };
        let Some(found) = percentiles(&self.counts, percentages) else {
            return Ok(Datum::Null);
        };
        if self.many {
            if percentages.is_empty() {
                return Ok(Datum::Null);
            }
            Ok(Datum::Array(found.into_iter().map(Datum::Double).collect()))
        } else {
            Ok(found.first().map_or(Datum::Null, |p| Datum::Double(*p)))
        }
    }
}

/// Each percentage's percentile of the sorted `(value, count)` list, as
/// `PercentileAccumulator.getValue` computes it: position `p * (n - 1) + 1`, the value
/// there, or the two around it weighted by distance. None when there are no values.
fn percentiles(counts: &[(f64, i64)], percentages: &[f64]) -> Option<Vec<f64>> {
    let total = counts.iter().fold(0i64, |sum, (_, c)| sum.wrapping_add(*c));
    if total <= 0 {
        return None;
    }
    let mut positions: Vec<(f64, usize)> = percentages
        .iter()
        .enumerate()
        .map(|(i, p)| (p * (total - 1) as f64 + 1.0, i))
        .collect();
    positions.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal));
    let mut out = vec![0.0; percentages.len()];
    let mut j = 0;
    let mut seen = counts.first().map_or(0, |(_, c)| *c);
    for (position, index) in positions {
        let lower = position.floor() as i64;
        let higher = position.ceil() as i64;
        while seen < lower && j + 1 < counts.len() {
            j += 1;
            seen = seen.wrapping_add(counts[j].1);
        }
        let here = counts[j].0;
        out[index] = if seen >= higher {
            here
        } else {
            let next = counts.get(j + 1).map_or(here, |(v, _)| *v);
            (higher as f64 - position) * here + (position - lower as f64) * next
        };
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(values: &[(f64, i64)], percentages: &[f64]) -> Option<Vec<f64>> {
        percentiles(values, percentages)
    }

    #[test]
    fn interpolates_between_neighbours_as_flink_does() {
        let v = [(1.0, 1), (2.0, 1), (3.0, 1), (4.0, 1)];
        assert_eq!(run(&v, &[0.5]), Some(vec![2.5]));
        assert_eq!(run(&v, &[0.0, 1.0, 0.25]), Some(vec![1.0, 4.0, 1.75]));
        // Flink's doubles, rounding included.
        let d = [(1.5, 1), (2.5, 1), (7.0, 1), (8.0, 1), (10.0, 1)];
        assert_eq!(run(&d, &[0.3]), Some(vec![3.400000000000001]));
    }

    #[test]
    fn frequencies_repeat_a_value_and_no_values_is_null() {
        let v = [(1.5, 2), (2.5, 1)];
        assert_eq!(run(&v, &[0.9, 0.0]), Some(vec![2.3, 1.5]));
        assert_eq!(run(&[], &[0.5]), None);
        // A total past i64::MAX wraps negative, which Flink reads as no values.
        assert_eq!(run(&[(1.0, i64::MAX), (2.0, 2)], &[0.5]), None);
    }

    #[test]
    fn a_literal_out_of_range_is_named_as_java_prints_it() {
        assert!(literal_percentage_error(0.5).is_none());
        let e = literal_percentage_error(2.0).unwrap_or_default();
        assert!(e.contains("but was '2.0'"), "{e}");
    }
}
