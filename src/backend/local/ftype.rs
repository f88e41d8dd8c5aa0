//! Flink's logical types as the local engine reasons about them: their names, their
//! JSON form, and Flink's rules for the type of an expression over them
//! (`LogicalTypeMerging`: decimal arithmetic, the common type of CASE/UNION/VALUES).

use std::fmt;

use crate::types::{DataType, MAX_LENGTH, RowField, parse_type_name, type_name};

/// The widest DECIMAL Flink has.
pub const MAX_PRECISION: u8 = 38;
/// The smallest scale a DECIMAL division or an adjusted result keeps.
const MIN_ADJUSTED_SCALE: u8 = 6;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The type of the `NULL` literal.
    Null,
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Float,
    Double,
    Decimal(u8, u8),
    Char(u32),
    VarChar(u32),
    Binary(u32),
    VarBinary(u32),
    Date,
    Time(u8),
    Timestamp(u8),
    TimestampLtz(u8),
    /// INTERVAL YEAR TO MONTH and its shorter forms: a number of months. The resolution
    /// is Flink's name for it (`YEAR_TO_MONTH`, `MONTH`, …).
    IntervalMonths(&'static str),
    /// INTERVAL DAY TO SECOND and its shorter forms: a number of milliseconds.
    IntervalMillis(&'static str),
    Array(Box<FlinkType>),
    Multiset(Box<FlinkType>),
    Map(Box<FlinkType>, Box<FlinkType>),
    Row(Vec<(String, FlinkType)>),
}

/// A logical type and whether it admits NULL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlinkType {
    pub kind: Kind,
    pub nullable: bool,
}

impl FlinkType {
    pub fn new(kind: Kind, nullable: bool) -> Self {
        FlinkType { kind, nullable }
    }
    pub fn nullable(kind: Kind) -> Self {
        FlinkType::new(kind, true)
    }
    pub fn not_null(kind: Kind) -> Self {
        FlinkType::new(kind, false)
    }
    pub fn null() -> Self {
        FlinkType::nullable(Kind::Null)
    }
    pub fn string() -> Self {
        FlinkType::nullable(Kind::VarChar(MAX_LENGTH as u32))
    }
    pub fn with_nullable(&self, nullable: bool) -> Self {
        FlinkType::new(self.kind.clone(), nullable)
    }
    /// This type, nullable when `self` or any of `others` is.
    pub fn nullable_if(&self, others: &[&FlinkType]) -> Self {
        self.with_nullable(self.nullable || others.iter().any(|t| t.nullable))
    }

    /// The type a user declared (`INT NOT NULL`, `DECIMAL(10, 2)`, `ARRAY<STRING>`); None
    /// for a name Flink does not know.
    pub fn parse(text: &str) -> Option<Self> {
        FlinkType::from_data_type(&parse_type_name(text))
    }

    pub fn from_data_type(t: &DataType) -> Option<Self> {
        let len = |d: i64| u32::try_from(t.length.unwrap_or(d)).ok();
        let precision = |d: i64| u8::try_from(t.precision.unwrap_or(d)).ok();
        let inner = |d: &Option<Box<DataType>>| -> Option<Box<FlinkType>> {
            Some(Box::new(FlinkType::from_data_type(d.as_deref()?)?))
        };
        let kind = match t.type_root.to_ascii_uppercase().as_str() {
            "NULL" => Kind::Null,
            "BOOLEAN" => Kind::Boolean,
            "TINYINT" => Kind::TinyInt,
            "SMALLINT" => Kind::SmallInt,
            "INTEGER" | "INT" => Kind::Int,
            "BIGINT" => Kind::BigInt,
            "FLOAT" => Kind::Float,
            "DOUBLE" => Kind::Double,
            "DECIMAL" => {
                let p = precision(10)?;
                let s = u8::try_from(t.scale.unwrap_or(0)).ok()?;
                if p == 0 || p > MAX_PRECISION || s > p {
                    return None;
                }
                Kind::Decimal(p, s)
            }
            "CHAR" => Kind::Char(len(1)?),
            "VARCHAR" => Kind::VarChar(len(1)?),
            "BINARY" => Kind::Binary(len(1)?),
            "VARBINARY" => Kind::VarBinary(len(1)?),
            "DATE" => Kind::Date,
            "TIME_WITHOUT_TIME_ZONE" => Kind::Time(precision(0)?.min(9)),
            "TIMESTAMP_WITHOUT_TIME_ZONE" => Kind::Timestamp(precision(6)?.min(9)),
            "TIMESTAMP_WITH_LOCAL_TIME_ZONE" => Kind::TimestampLtz(precision(6)?.min(9)),
            "INTERVAL_YEAR_MONTH" => {
                Kind::IntervalMonths(months_resolution(t.resolution.as_deref()))
            }
            "INTERVAL_DAY_TIME" => Kind::IntervalMillis(millis_resolution(t.resolution.as_deref())),
            "ARRAY" => Kind::Array(inner(&t.element_type)?),
            "MULTISET" => Kind::Multiset(inner(&t.element_type)?),
            "MAP" => Kind::Map(inner(&t.key_type)?, inner(&t.value_type)?),
            "ROW" => Kind::Row(
                t.fields
                    .iter()
                    .map(|f| Some((f.name.clone(), FlinkType::from_data_type(&f.field_type)?)))
                    .collect::<Option<Vec<_>>>()?,
            ),
            _ => return None,
        };
        Some(FlinkType::new(kind, t.nullable))
    }

    /// The sql/v1 API's JSON form of this type.
    pub fn to_data_type(&self) -> DataType {
        let root = |r: &str| DataType {
            type_root: r.to_string(),
            nullable: self.nullable,
            ..DataType::default()
        };
        let inner = |t: &FlinkType| Some(Box::new(t.to_data_type()));
        match &self.kind {
            Kind::Null => root("NULL"),
            Kind::Boolean => root("BOOLEAN"),
            Kind::TinyInt => root("TINYINT"),
            Kind::SmallInt => root("SMALLINT"),
            Kind::Int => root("INTEGER"),
            Kind::BigInt => root("BIGINT"),
            Kind::Float => root("FLOAT"),
            Kind::Double => root("DOUBLE"),
            Kind::Decimal(p, s) => DataType {
                precision: Some(i64::from(*p)),
                scale: Some(i64::from(*s)),
                ..root("DECIMAL")
            },
            Kind::Char(n) => sized(root("CHAR"), *n),
            Kind::VarChar(n) => sized(root("VARCHAR"), *n),
            Kind::Binary(n) => sized(root("BINARY"), *n),
            Kind::VarBinary(n) => sized(root("VARBINARY"), *n),
            Kind::Date => root("DATE"),
            Kind::Time(p) => precise(root("TIME_WITHOUT_TIME_ZONE"), *p),
            Kind::Timestamp(p) => precise(root("TIMESTAMP_WITHOUT_TIME_ZONE"), *p),
            Kind::TimestampLtz(p) => precise(root("TIMESTAMP_WITH_LOCAL_TIME_ZONE"), *p),
            Kind::IntervalMonths(r) => DataType {
                resolution: Some((*r).to_string()),
                ..root("INTERVAL_YEAR_MONTH")
            },
            Kind::IntervalMillis(r) => DataType {
                resolution: Some((*r).to_string()),
                fractional_precision: Some(3),
                ..root("INTERVAL_DAY_TIME")
            },
            Kind::Array(e) => DataType {
                element_type: inner(e),
                ..root("ARRAY")
            },
            Kind::Multiset(e) => DataType {
                element_type: inner(e),
                ..root("MULTISET")
            },
            Kind::Map(k, v) => DataType {
                key_type: inner(k),
                value_type: inner(v),
                ..root("MAP")
            },
            Kind::Row(fields) => DataType {
                fields: fields
                    .iter()
                    .map(|(name, t)| RowField {
                        name: name.clone(),
                        field_type: t.to_data_type(),
                    })
                    .collect(),
                ..root("ROW")
            },
        }
    }

    pub fn is_null(&self) -> bool {
        self.kind == Kind::Null
    }
    pub fn is_integer(&self) -> bool {
        matches!(
            self.kind,
            Kind::TinyInt | Kind::SmallInt | Kind::Int | Kind::BigInt
        )
    }
    pub fn is_approximate(&self) -> bool {
        matches!(self.kind, Kind::Float | Kind::Double)
    }
    pub fn is_decimal(&self) -> bool {
        matches!(self.kind, Kind::Decimal(..))
    }
    pub fn is_numeric(&self) -> bool {
        self.is_integer() || self.is_approximate() || self.is_decimal()
    }
    pub fn is_string(&self) -> bool {
        matches!(self.kind, Kind::Char(_) | Kind::VarChar(_))
    }
    pub fn is_binary(&self) -> bool {
        matches!(self.kind, Kind::Binary(_) | Kind::VarBinary(_))
    }
    pub fn is_temporal(&self) -> bool {
        matches!(
            self.kind,
            Kind::Date | Kind::Time(_) | Kind::Timestamp(_) | Kind::TimestampLtz(_)
        )
    }
    pub fn is_interval(&self) -> bool {
        matches!(self.kind, Kind::IntervalMonths(_) | Kind::IntervalMillis(_))
    }

    /// The DECIMAL(p, s) an exact number of this type fits in (integers as Flink widens
    /// them: INT is DECIMAL(10, 0)).
    pub fn as_decimal(&self) -> Option<(u8, u8)> {
        Some(match self.kind {
            Kind::TinyInt => (3, 0),
            Kind::SmallInt => (5, 0),
            Kind::Int => (10, 0),
            Kind::BigInt => (19, 0),
            Kind::Decimal(p, s) => (p, s),
            _ => return None,
        })
    }

    /// Flink's common type of `types` (CASE branches, COALESCE, UNION, VALUES rows, IN
    /// lists); None when they have none.
    pub fn common(types: &[&FlinkType]) -> Option<FlinkType> {
        let mut it = types.iter();
        let first = (*it.next()?).clone();
        it.try_fold(first, |acc, t| common_of_two(&acc, t))
    }
}

fn sized(mut t: DataType, n: u32) -> DataType {
    t.length = Some(i64::from(n));
    t
}

fn precise(mut t: DataType, p: u8) -> DataType {
    t.precision = Some(i64::from(p));
    t
}

fn months_resolution(r: Option<&str>) -> &'static str {
    match r
        .map(|r| r.to_ascii_uppercase().replace(' ', "_"))
        .as_deref()
    {
        Some("YEAR") => "YEAR",
        Some("MONTH") => "MONTH",
        _ => "YEAR_TO_MONTH",
    }
}

fn millis_resolution(r: Option<&str>) -> &'static str {
    const ALL: [&str; 10] = [
        "DAY",
        "DAY_TO_HOUR",
        "DAY_TO_MINUTE",
        "DAY_TO_SECOND",
        "HOUR",
        "HOUR_TO_MINUTE",
        "HOUR_TO_SECOND",
        "MINUTE",
        "MINUTE_TO_SECOND",
        "SECOND",
    ];
    let r = r.map(|r| r.to_ascii_uppercase().replace(' ', "_"));
    ALL.into_iter()
        .find(|a| Some(*a) == r.as_deref())
        .unwrap_or("DAY_TO_SECOND")
}

fn common_of_two(a: &FlinkType, b: &FlinkType) -> Option<FlinkType> {
    let nullable = a.nullable || b.nullable;
    if a.is_null() {
        return Some(b.with_nullable(true));
    }
    if b.is_null() {
        return Some(a.with_nullable(true));
    }
    if a.kind == b.kind {
        return Some(a.with_nullable(nullable));
    }
    let kind = match (&a.kind, &b.kind) {
        // Calcite: strings of different lengths meet as VARCHAR.
        (Kind::Char(x), Kind::Char(y)) => Kind::VarChar(*x.max(y)),
        (Kind::Char(x) | Kind::VarChar(x), Kind::Char(y) | Kind::VarChar(y)) => {
            Kind::VarChar(*x.max(y))
        }
        (Kind::Binary(x), Kind::Binary(y)) => Kind::Binary(*x.max(y)),
        (Kind::Binary(x) | Kind::VarBinary(x), Kind::Binary(y) | Kind::VarBinary(y)) => {
            Kind::VarBinary(*x.max(y))
        }
        (Kind::Double, _) | (_, Kind::Double) if a.is_numeric() && b.is_numeric() => Kind::Double,
        (Kind::Float, _) | (_, Kind::Float) if a.is_numeric() && b.is_numeric() => Kind::Float,
        _ if a.is_integer() && b.is_integer() => {
            if rank(&a.kind) >= rank(&b.kind) {
                a.kind.clone()
            } else {
                b.kind.clone()
            }
        }
        _ if a.is_numeric() && b.is_numeric() => {
            let (p1, s1) = a.as_decimal()?;
            let (p2, s2) = b.as_decimal()?;
            // Flink's LogicalTypeMerging: the whole digits are kept, the scale gives way
            // (DECIMAL(38, 18) and DECIMAL(38, 19) meet in DECIMAL(38, 18)).
            let digits = (p1 - s1).max(p2 - s2).min(MAX_PRECISION);
            let scale = s1.max(s2).min(MAX_PRECISION - digits);
            Kind::Decimal(digits + scale, scale)
        }
        (Kind::Time(x), Kind::Time(y)) => Kind::Time(*x.max(y)),
        (Kind::Timestamp(x), Kind::Timestamp(y)) => Kind::Timestamp(*x.max(y)),
        (Kind::TimestampLtz(x), Kind::TimestampLtz(y)) => Kind::TimestampLtz(*x.max(y)),
        (Kind::Timestamp(x), Kind::Date) | (Kind::Date, Kind::Timestamp(x)) => Kind::Timestamp(*x),
        (Kind::IntervalMonths(_), Kind::IntervalMonths(_)) => Kind::IntervalMonths("YEAR_TO_MONTH"),
        (Kind::IntervalMillis(_), Kind::IntervalMillis(_)) => Kind::IntervalMillis("DAY_TO_SECOND"),
        (Kind::Array(x), Kind::Array(y)) => Kind::Array(Box::new(common_of_two(x, y)?)),
        (Kind::Multiset(x), Kind::Multiset(y)) => Kind::Multiset(Box::new(common_of_two(x, y)?)),
        (Kind::Map(k1, v1), Kind::Map(k2, v2)) => Kind::Map(
            Box::new(common_of_two(k1, k2)?),
            Box::new(common_of_two(v1, v2)?),
        ),
        (Kind::Row(f1), Kind::Row(f2)) if f1.len() == f2.len() => Kind::Row(
            f1.iter()
                .zip(f2)
                .map(|((n, x), (_, y))| Some((n.clone(), common_of_two(x, y)?)))
                .collect::<Option<Vec<_>>>()?,
        ),
        _ => return None,
    };
    Some(FlinkType::new(kind, nullable))
}

fn rank(k: &Kind) -> u8 {
    match k {
        Kind::TinyInt => 1,
        Kind::SmallInt => 2,
        Kind::Int => 3,
        Kind::BigInt => 4,
        _ => 0,
    }
}

/// Flink's `adjustPrecisionScale`: a result wider than 38 digits gives up fractional
/// digits first, keeping at least 6 of them.
pub fn adjust_decimal(precision: u32, scale: u32) -> (u8, u8) {
    let max = u32::from(MAX_PRECISION);
    if precision <= max {
        return (precision as u8, scale.min(precision) as u8);
    }
    let digits = precision - scale;
    let min_scale = scale.min(u32::from(MIN_ADJUSTED_SCALE));
    let scale = max.saturating_sub(digits).max(min_scale);
    (MAX_PRECISION, scale.min(max) as u8)
}

/// DECIMAL `+` and `-`.
pub fn decimal_plus(a: (u8, u8), b: (u8, u8)) -> (u8, u8) {
    let (p1, s1, p2, s2) = (
        u32::from(a.0),
        u32::from(a.1),
        u32::from(b.0),
        u32::from(b.1),
    );
    let scale = s1.max(s2);
    adjust_decimal((p1 - s1).max(p2 - s2) + scale + 1, scale)
}

/// DECIMAL `*` (Flink adds a digit: `10.00 * 3.5` is DECIMAL(7, 3)).
pub fn decimal_times(a: (u8, u8), b: (u8, u8)) -> (u8, u8) {
    adjust_decimal(
        u32::from(a.0) + u32::from(b.0) + 1,
        u32::from(a.1) + u32::from(b.1),
    )
}

/// DECIMAL `/`.
pub fn decimal_divide(a: (u8, u8), b: (u8, u8)) -> (u8, u8) {
    let (p1, s1, p2, s2) = (
        u32::from(a.0),
        u32::from(a.1),
        u32::from(b.0),
        u32::from(b.1),
    );
    let scale = u32::from(MIN_ADJUSTED_SCALE).max(s1 + p2 + 1);
    adjust_decimal(p1 - s1 + s2 + scale, scale)
}

/// DECIMAL `%` (MOD).
pub fn decimal_mod(a: (u8, u8), b: (u8, u8)) -> (u8, u8) {
    let (p1, s1, p2, s2) = (
        u32::from(a.0),
        u32::from(a.1),
        u32::from(b.0),
        u32::from(b.1),
    );
    let scale = s1.max(s2);
    adjust_decimal((p1 - s1).min(p2 - s2) + scale, scale)
}

impl fmt::Display for FlinkType {
    /// Flink's summary string: `INT NOT NULL`, `STRING`, `DECIMAL(10, 2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&type_name(&self.to_data_type()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in [
            "INT NOT NULL",
            "STRING",
            "DECIMAL(10, 2)",
            "TIMESTAMP(3)",
            "TIMESTAMP_LTZ(3)",
            "CHAR(3) NOT NULL",
            "ARRAY<INT NOT NULL> NOT NULL",
            "MAP<STRING, INT>",
            "ROW<`a` INT, `b` STRING>",
            "BYTES",
            "TIME(0)",
        ] {
            let t = FlinkType::parse(name).map(|t| t.to_string());
            assert_eq!(t.as_deref(), Some(name));
        }
    }

    #[test]
    fn decimal_rules_are_flinks() {
        // 7.0 / 2: DECIMAL(2, 1) / INT → DECIMAL(13, 12) (prints 3.500000000000)
        assert_eq!(decimal_divide((2, 1), (10, 0)), (13, 12));
        assert_eq!(decimal_plus((10, 2), (10, 2)), (11, 2));
        assert_eq!(decimal_times((38, 10), (38, 10)), (38, 6));
        assert_eq!(decimal_times((4, 2), (2, 1)), (7, 3));
        // The common type keeps whole digits before scale.
        let common = |a: &str, b: &str| {
            let (a, b) = (FlinkType::parse(a), FlinkType::parse(b));
            a.zip(b)
                .and_then(|(a, b)| FlinkType::common(&[&a, &b]))
                .map(|t| t.to_string())
        };
        assert_eq!(
            common("DECIMAL(38, 18)", "DECIMAL(38, 19)").as_deref(),
            Some("DECIMAL(38, 18)")
        );
        assert_eq!(
            common("DECIMAL(10, 2)", "DECIMAL(10, 3)").as_deref(),
            Some("DECIMAL(11, 3)")
        );
        assert_eq!(
            common("BIGINT", "DECIMAL(38, 20)").as_deref(),
            Some("DECIMAL(38, 19)")
        );
    }
}
