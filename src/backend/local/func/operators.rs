//! Flink's arithmetic operators (`+ - * / %`, MOD, unary minus and plus) on numbers and
//! string concatenation (`||`), with Flink's result types and Java's integer semantics.
//! `+`/`-` on temporal values are temporal.rs's DATETIME_PLUS/DATETIME_MINUS.

use super::number::{approx, divide_at, exact, fits, int_bits, rescale, times_at, wrap};
use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{
    FlinkType, Kind, decimal_divide, decimal_mod, decimal_plus, decimal_times,
};
use crate::backend::local::value::Datum;
use crate::types::MAX_LENGTH;

pub static FUNCTIONS: &[Scalar] = &[
    Scalar {
        name: "+",
        strict: true,
        infer: |a| arith("+", a),
        eval: |a, s, _| binary(Op::Plus, a, s),
    },
    Scalar {
        name: "-",
        strict: true,
        infer: |a| arith("-", a),
        eval: |a, s, _| binary(Op::Minus, a, s),
    },
    Scalar {
        name: "*",
        strict: true,
        infer: |a| arith("*", a),
        eval: |a, s, _| binary(Op::Times, a, s),
    },
    Scalar {
        name: "/",
        strict: true,
        infer: |a| arith("/", a),
        eval: |a, s, _| binary(Op::Divide, a, s),
    },
    Scalar {
        name: "%",
        strict: true,
        infer: |a| arith("%", a),
        eval: |a, s, _| binary(Op::Mod, a, s),
    },
    Scalar {
        name: "MOD",
        strict: true,
        infer: |a| arith("MOD", a),
        eval: |a, s, _| binary(Op::Mod, a, s),
    },
    Scalar {
        name: "NEGATE",
        strict: true,
        infer: |a| unary("-", a),
        eval: negate,
    },
    Scalar {
        name: "UNARY_PLUS",
        strict: true,
        infer: |a| unary("+", a),
        eval: |a, _, _| Ok(a.first().cloned().unwrap_or(Datum::Null)),
    },
    Scalar {
        name: "||",
        strict: true,
        infer: concat_type,
        eval: concat,
    },
];

/// A type as Calcite names it in validation errors: `INTEGER`, `CHAR(1)`,
/// `DECIMAL(2, 1)`, `VARCHAR(2147483647)`.
pub fn sql_name(t: &FlinkType) -> String {
    match &t.kind {
        Kind::Int => "INTEGER".into(),
        Kind::VarChar(n) => format!("VARCHAR({n})"),
        Kind::VarBinary(n) => format!("VARBINARY({n})"),
        Kind::Null => "NULL".into(),
        _ => t.with_nullable(true).to_string(),
    }
}

/// Flink's validation error for a function call: `Cannot apply 'ABS' to arguments of
/// type 'ABS(<CHAR(1)>)'. Supported form(s): 'ABS(<NUMERIC>)'`.
pub fn cannot_apply(name: &str, args: &[FlinkType], forms: &str) -> String {
    let list: Vec<String> = args.iter().map(|t| format!("<{}>", sql_name(t))).collect();
    format!(
        "Cannot apply '{name}' to arguments of type '{name}({})'. Supported form(s): '{forms}'",
        list.join(", ")
    )
}

/// The same for an infix operator: `'<INTEGER> + <CHAR(1)>'`.
pub fn cannot_apply_infix(op: &str, args: &[FlinkType], forms: &str) -> String {
    let list: Vec<String> = args.iter().map(|t| format!("<{}>", sql_name(t))).collect();
    format!(
        "Cannot apply '{op}' to arguments of type '{}'. Supported form(s): '{forms}'",
        list.join(&format!(" {op} "))
    )
}

/// Nullable when any argument is.
pub fn any_nullable(args: &[FlinkType]) -> bool {
    args.iter().any(|t| t.nullable)
}

fn rank(k: &Kind) -> u8 {
    match k {
        Kind::TinyInt => 1,
        Kind::SmallInt => 2,
        Kind::Int => 3,
        _ => 4,
    }
}

/// The type of a numeric binary operation; None when Flink has none (after the
/// arguments' check).
fn arith(op: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    let is_mod = op == "%" || op == "MOD";
    let form = if op == "MOD" {
        "MOD(<EXACT_NUMERIC>, <EXACT_NUMERIC>)".to_string()
    } else if is_mod {
        "<EXACT_NUMERIC> % <EXACT_NUMERIC>".to_string()
    } else {
        format!("<NUMERIC> {op} <NUMERIC>")
    };
    let error = || {
        if op == "MOD" {
            cannot_apply(op, args, &form)
        } else {
            cannot_apply_infix(op, args, &form)
        }
    };
    let [a, b] = args else {
        return Err(error());
    };
    if a.is_null() || b.is_null() {
        return Err("Illegal use of 'NULL'".into());
    }
    if a.is_interval() || b.is_interval() {
        return interval_arith(op, a, b).ok_or_else(error);
    }
    let exact = |t: &FlinkType| t.is_integer() || t.is_decimal();
    if !a.is_numeric() || !b.is_numeric() || (is_mod && !(exact(a) && exact(b))) {
        return Err(error());
    }
    let kind = if a.is_integer() && b.is_integer() {
        if is_mod {
            b.kind.clone()
        } else if rank(&a.kind) >= rank(&b.kind) {
            a.kind.clone()
        } else {
            b.kind.clone()
        }
    } else if a.is_approximate() && b.is_approximate() {
        // Flink: FLOAT - DOUBLE is FLOAT, DOUBLE - FLOAT is DOUBLE.
        a.kind.clone()
    } else if a.kind == Kind::Float || b.kind == Kind::Float {
        // With an integer a FLOAT stays FLOAT; with a DECIMAL it is DOUBLE.
        if a.is_decimal() || b.is_decimal() {
            Kind::Double
        } else {
            Kind::Float
        }
    } else if a.kind == Kind::Double || b.kind == Kind::Double {
        Kind::Double
    } else {
        let (x, y) = (
            a.as_decimal().unwrap_or((10, 0)),
            b.as_decimal().unwrap_or((10, 0)),
        );
        let (p, s) = match op {
            "+" | "-" => decimal_plus(x, y),
            "*" => decimal_times(x, y),
            "/" => decimal_divide(x, y),
            _ => decimal_mod(x, y),
        };
        Kind::Decimal(p, s)
    };
    Ok(FlinkType::new(kind, any_nullable(args)))
}

/// Flink's interval arithmetic: an interval plus or minus one of its family, or times
/// an integer; the result is INTERVAL SECOND(3) or INTERVAL MONTH.
fn interval_arith(op: &str, a: &FlinkType, b: &FlinkType) -> Option<FlinkType> {
    let family = |t: &FlinkType| match t.kind {
        Kind::IntervalMillis(_) => Some(Kind::IntervalMillis("SECOND")),
        Kind::IntervalMonths(_) => Some(Kind::IntervalMonths("MONTH")),
        _ => None,
    };
    let kind = match op {
        "+" | "-" if family(a).is_some() && family(a) == family(b) => family(a)?,
        "*" if b.is_integer() => family(a)?,
        "*" if a.is_integer() => family(b)?,
        _ => return None,
    };
    Some(FlinkType::new(kind, a.nullable || b.nullable))
}

fn unary(op: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [t] if t.is_numeric() || t.is_interval() => Ok(t.clone()),
        [t] if t.is_null() => Err("Illegal use of 'NULL'".into()),
        _ => {
            let list: Vec<String> = args.iter().map(|t| format!("<{}>", sql_name(t))).collect();
            Err(format!(
                "Cannot apply '{op}' to arguments of type '{op}{}'. Supported form(s): '{op}<NUMERIC>'",
                list.join(", ")
            ))
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Plus,
    Minus,
    Times,
    Divide,
    Mod,
}

fn binary(op: Op, args: &[Datum], sig: &Signature) -> Eval {
    let [a, b] = args else {
        return Err("an operator takes two arguments".into());
    };
    if a.is_null() || b.is_null() {
        return Ok(Datum::Null);
    }
    match &sig.ret.kind {
        Kind::IntervalMillis(_) | Kind::IntervalMonths(_) => {
            let (x, y) = match (a, b) {
                (Datum::Millis(x) | Datum::Months(x), Datum::Millis(y) | Datum::Months(y))
                | (Datum::Millis(x) | Datum::Months(x), Datum::Int(y))
                | (Datum::Int(x), Datum::Millis(y) | Datum::Months(y)) => (*x, *y),
                _ => return Err("an interval operator got a non-interval".into()),
            };
            let v = match op {
                Op::Plus => x.checked_add(y),
                Op::Minus => x.checked_sub(y),
                Op::Times => x.checked_mul(y),
                _ => None,
            }
            .ok_or("java.lang.ArithmeticException: long overflow")?;
            Ok(if matches!(sig.ret.kind, Kind::IntervalMillis(_)) {
                Datum::Millis(v)
            } else {
                Datum::Months(v)
            })
        }
        k @ (Kind::TinyInt | Kind::SmallInt | Kind::Int | Kind::BigInt) => {
            let (Datum::Int(x), Datum::Int(y)) = (a, b) else {
                return Err("an integer operator got a non-integer".into());
            };
            let bits = int_bits(k);
            let (x, y) = (i128::from(*x), i128::from(*y));
            let v = match op {
                Op::Plus => x + y,
                Op::Minus => x - y,
                Op::Times => x * y,
                Op::Divide | Op::Mod if y == 0 => {
                    return Err("java.lang.ArithmeticException: / by zero".into());
                }
                // Java divides the operands at the result's width: MIN / -1 wraps.
                Op::Divide => i128::from(wrap(x, bits)) / i128::from(wrap(y, bits)),
                Op::Mod => x % y,
            };
            Ok(Datum::Int(wrap(v, bits)))
        }
        Kind::Float | Kind::Double => {
            let (Some(x), Some(y)) = (approx(a), approx(b)) else {
                return Err("an arithmetic operator got a non-number".into());
            };
            let single = sig.ret.kind == Kind::Float;
            let (x, y) = if single {
                (f64::from(x as f32), f64::from(y as f32))
            } else {
                (x, y)
            };
            let v = match op {
                Op::Plus => x + y,
                Op::Minus => x - y,
                Op::Times => x * y,
                Op::Divide => x / y,
                Op::Mod => x % y,
            };
            Ok(Datum::Double(if single { f64::from(v as f32) } else { v }))
        }
        Kind::Decimal(p, s) => {
            let (Some(x), Some(y)) = (exact(a), exact(b)) else {
                return Err("a DECIMAL operator got a non-exact number".into());
            };
            Ok(match decimal_op(op, x, y, *s)? {
                Some(v) if fits(v, *p) => Datum::Decimal(v, *s),
                // Flink's DECIMAL overflow is NULL.
                _ => Datum::Null,
            })
        }
        _ => Err(format!("no arithmetic on {}", sig.ret)),
    }
}

/// `x op y` at `scale`; Ok(None) on overflow.
fn decimal_op(op: Op, x: (i128, u8), y: (i128, u8), scale: u8) -> Result<Option<i128>, String> {
    let common = x.1.max(y.1);
    let align = |(v, s): (i128, u8)| rescale(v, s, common);
    Ok(match op {
        Op::Plus | Op::Minus => {
            let (Some(a), Some(b)) = (align(x), align(y)) else {
                return Ok(None);
            };
            let sum = if op == Op::Plus {
                a.checked_add(b)
            } else {
                a.checked_sub(b)
            };
            sum.and_then(|v| rescale(v, common, scale))
        }
        Op::Times => times_at(x.0, y.0, x.1 + y.1, scale),
        Op::Divide => {
            if y.0 == 0 {
                return Err("java.lang.ArithmeticException: Division by zero".into());
            }
            // x / y at `scale` is x·10^(scale + y.s − x.s) / y.
            divide_at(x.0, i32::from(scale) + i32::from(y.1) - i32::from(x.1), y.0)
        }
        Op::Mod => {
            if y.0 == 0 {
                return Err("java.lang.ArithmeticException: Division by zero".into());
            }
            let (Some(a), Some(b)) = (align(x), align(y)) else {
                return Ok(None);
            };
            rescale(a % b, common, scale)
        }
    })
}

fn negate(args: &[Datum], sig: &Signature, _: &Session) -> Eval {
    Ok(match args.first() {
        Some(Datum::Int(i)) => Datum::Int(wrap(-i128::from(*i), int_bits(&sig.ret.kind))),
        Some(Datum::Double(x)) => Datum::Double(-x),
        Some(Datum::Decimal(v, s)) => Datum::Decimal(-v, *s),
        Some(Datum::Months(m)) => Datum::Months(-m),
        Some(Datum::Millis(m)) => Datum::Millis(-m),
        _ => Datum::Null,
    })
}

fn concat_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let [a, b] = args else {
        return Err(cannot_apply_infix("||", args, "<STRING> || <STRING>"));
    };
    if a.is_null() || b.is_null() {
        return Err("Illegal use of 'NULL'".into());
    }
    let len = |t: &FlinkType| match t.kind {
        Kind::Char(n) | Kind::VarChar(n) => Some(n),
        _ => None,
    };
    let (Some(x), Some(y)) = (len(a), len(b)) else {
        return Err(cannot_apply_infix("||", args, "<STRING> || <STRING>"));
    };
    let n = x.saturating_add(y).min(MAX_LENGTH as u32);
    let kind = match (&a.kind, &b.kind) {
        (Kind::Char(_), Kind::Char(_)) => Kind::Char(n),
        _ => Kind::VarChar(n),
    };
    Ok(FlinkType::new(kind, any_nullable(args)))
}

fn concat(args: &[Datum], _: &Signature, _: &Session) -> Eval {
    match args {
        [Datum::Str(a), Datum::Str(b)] => Ok(Datum::Str(format!("{a}{b}"))),
        _ => Ok(Datum::Null),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{Session, Signature, scalar};
    use super::*;

    /// A type by its Flink name (`INT NOT NULL`, `DECIMAL(2, 1) NOT NULL`).
    pub fn ty(name: &str) -> FlinkType {
        match name {
            "NULL" => return FlinkType::null(),
            "INTERVAL DAY" => return FlinkType::nullable(Kind::IntervalMillis("DAY")),
            "INTERVAL MONTH" => return FlinkType::nullable(Kind::IntervalMonths("MONTH")),
            "INTERVAL DAY NOT NULL" => return FlinkType::not_null(Kind::IntervalMillis("DAY")),
            "INTERVAL MONTH NOT NULL" => {
                return FlinkType::not_null(Kind::IntervalMonths("MONTH"));
            }
            _ => {}
        }
        FlinkType::parse(name).unwrap_or_else(|| panic!("bad type {name}"))
    }

    /// Calls function `name` as the engine does: its type, then its value (NULL in,
    /// NULL out for strict functions).
    pub fn call(name: &str, args: &[(Datum, &str)]) -> (Result<FlinkType, String>, Eval) {
        let f = scalar(name).unwrap_or_else(|| panic!("no function {name}"));
        let types: Vec<FlinkType> = args.iter().map(|(_, t)| ty(t)).collect();
        let ret = (f.infer)(&types);
        let Ok(ret_t) = ret.clone() else {
            return (ret, Ok(Datum::Null));
        };
        let values: Vec<Datum> = args.iter().map(|(d, _)| d.clone()).collect();
        if f.strict && values.iter().any(Datum::is_null) {
            return (ret, Ok(Datum::Null));
        }
        let sig = Signature {
            args: types,
            ret: ret_t,
        };
        (ret, (f.eval)(&values, &sig, &Session::default()))
    }

    /// The result's type name and value text, as the gateway shows them.
    pub fn shown(name: &str, args: &[(Datum, &str)]) -> (String, String) {
        let (t, v) = call(name, args);
        let t = t.unwrap_or_else(|e| panic!("{name}: {e}"));
        let v = v.unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = if v.is_null() {
            "NULL".to_string()
        } else {
            super::super::cast::to_text(&v, &t, &Session::default())
        };
        (t.to_string(), text)
    }

    pub fn int(i: i64) -> Datum {
        Datum::Int(i)
    }
    pub fn dec(v: i128, s: u8) -> Datum {
        Datum::Decimal(v, s)
    }
    pub fn dbl(x: f64) -> Datum {
        Datum::Double(x)
    }
    pub fn s(x: &str) -> Datum {
        Datum::Str(x.to_string())
    }

    fn check(name: &str, args: &[(Datum, &str)], want_type: &str, want: &str) {
        assert_eq!(
            shown(name, args),
            (want_type.to_string(), want.to_string()),
            "{name} {args:?}"
        );
    }

    #[test]
    fn integer_arithmetic_is_javas() {
        check(
            "/",
            &[(int(7), "INT NOT NULL"), (int(2), "INT NOT NULL")],
            "INT NOT NULL",
            "3",
        );
        check(
            "/",
            &[(int(-7), "INT NOT NULL"), (int(2), "INT NOT NULL")],
            "INT NOT NULL",
            "-3",
        );
        check(
            "%",
            &[(int(-7), "INT NOT NULL"), (int(3), "INT NOT NULL")],
            "INT NOT NULL",
            "-1",
        );
        check(
            "+",
            &[(int(2147483647), "INT NOT NULL"), (int(1), "INT NOT NULL")],
            "INT NOT NULL",
            "-2147483648",
        );
        check(
            "+",
            &[(int(127), "TINYINT NOT NULL"), (int(1), "TINYINT NOT NULL")],
            "TINYINT NOT NULL",
            "-128",
        );
        check(
            "*",
            &[(int(1), "SMALLINT NOT NULL"), (int(2), "INT NOT NULL")],
            "INT NOT NULL",
            "2",
        );
        check(
            "/",
            &[
                (int(-128), "TINYINT NOT NULL"),
                (int(-1), "TINYINT NOT NULL"),
            ],
            "TINYINT NOT NULL",
            "-128",
        );
        // MOD's type is its second argument's.
        check(
            "%",
            &[(int(5), "BIGINT NOT NULL"), (int(3), "TINYINT NOT NULL")],
            "TINYINT NOT NULL",
            "2",
        );
        check(
            "MOD",
            &[(int(5), "TINYINT NOT NULL"), (int(3), "INT NOT NULL")],
            "INT NOT NULL",
            "2",
        );
        check(
            "NEGATE",
            &[(int(-2147483648), "INT NOT NULL")],
            "INT NOT NULL",
            "-2147483648",
        );
        check(
            "+",
            &[(Datum::Null, "INT"), (int(1), "INT NOT NULL")],
            "INT",
            "NULL",
        );
    }

    #[test]
    fn division_by_zero_fails_as_in_flink() {
        let (_, v) = call("/", &[(int(1), "INT NOT NULL"), (int(0), "INT NOT NULL")]);
        assert_eq!(v, Err("java.lang.ArithmeticException: / by zero".into()));
        let (_, v) = call("%", &[(int(1), "INT NOT NULL"), (int(0), "INT NOT NULL")]);
        assert_eq!(v, Err("java.lang.ArithmeticException: / by zero".into()));
        let (_, v) = call(
            "/",
            &[
                (dec(15, 1), "DECIMAL(2, 1) NOT NULL"),
                (int(0), "INT NOT NULL"),
            ],
        );
        assert_eq!(
            v,
            Err("java.lang.ArithmeticException: Division by zero".into())
        );
        // At runtime a double divides to Infinity.
        check(
            "/",
            &[(dbl(1.0), "DOUBLE NOT NULL"), (dbl(0.0), "DOUBLE NOT NULL")],
            "DOUBLE NOT NULL",
            "Infinity",
        );
    }

    #[test]
    fn decimal_arithmetic_has_flinks_types() {
        check(
            "/",
            &[
                (dec(70, 1), "DECIMAL(2, 1) NOT NULL"),
                (int(2), "INT NOT NULL"),
            ],
            "DECIMAL(13, 12) NOT NULL",
            "3.500000000000",
        );
        check(
            "/",
            &[
                (int(7), "INT NOT NULL"),
                (dec(20, 1), "DECIMAL(2, 1) NOT NULL"),
            ],
            "DECIMAL(17, 6) NOT NULL",
            "3.500000",
        );
        check(
            "/",
            &[
                (dec(10, 1), "DECIMAL(2, 1) NOT NULL"),
                (int(3), "INT NOT NULL"),
            ],
            "DECIMAL(13, 12) NOT NULL",
            "0.333333333333",
        );
        check(
            "/",
            &[
                (dec(20, 1), "DECIMAL(2, 1) NOT NULL"),
                (dec(30, 1), "DECIMAL(2, 1) NOT NULL"),
            ],
            "DECIMAL(8, 6) NOT NULL",
            "0.666667",
        );
        check(
            "/",
            &[
                (dec(-700, 2), "DECIMAL(3, 0) NOT NULL"),
                (int(2), "INT NOT NULL"),
            ],
            "DECIMAL(14, 11) NOT NULL",
            "-3.50000000000",
        );
        check(
            "+",
            &[
                (int(1), "INT NOT NULL"),
                (dec(15, 1), "DECIMAL(2, 1) NOT NULL"),
            ],
            "DECIMAL(12, 1) NOT NULL",
            "2.5",
        );
        check(
            "*",
            &[
                (dec(1000, 2), "DECIMAL(4, 2) NOT NULL"),
                (dec(35, 1), "DECIMAL(2, 1) NOT NULL"),
            ],
            "DECIMAL(7, 3) NOT NULL",
            "35.000",
        );
        check(
            "*",
            &[
                (int(1), "BIGINT NOT NULL"),
                (dec(15, 1), "DECIMAL(2, 1) NOT NULL"),
            ],
            "DECIMAL(22, 1) NOT NULL",
            "1.5",
        );
        check(
            "%",
            &[
                (dec(75, 1), "DECIMAL(2, 1) NOT NULL"),
                (int(2), "INT NOT NULL"),
            ],
            "DECIMAL(2, 1) NOT NULL",
            "1.5",
        );
        check(
            "%",
            &[
                (dec(-75, 1), "DECIMAL(2, 1) NOT NULL"),
                (int(2), "INT NOT NULL"),
            ],
            "DECIMAL(2, 1) NOT NULL",
            "-1.5",
        );
        check(
            "MOD",
            &[
                (int(5), "INT NOT NULL"),
                (dec(20, 1), "DECIMAL(2, 1) NOT NULL"),
            ],
            "DECIMAL(2, 1) NOT NULL",
            "1.0",
        );
        // 2 / 3.0 * 3
        let (_, third) = call(
            "/",
            &[
                (int(2), "INT NOT NULL"),
                (dec(30, 1), "DECIMAL(2, 1) NOT NULL"),
            ],
        );
        let third = third.unwrap_or(Datum::Null);
        check(
            "*",
            &[(third, "DECIMAL(17, 6) NOT NULL"), (int(3), "INT NOT NULL")],
            "DECIMAL(28, 6) NOT NULL",
            "2.000001",
        );
        // Overflow is NULL.
        let max = 10i128.pow(38) - 1;
        check(
            "+",
            &[
                (dec(max, 0), "DECIMAL(38, 0) NOT NULL"),
                (int(1), "INT NOT NULL"),
            ],
            "DECIMAL(38, 0) NOT NULL",
            "NULL",
        );
    }

    #[test]
    fn wide_decimals_keep_their_digits() {
        let x = dec(12_345_678_901_234_567_890_123_456_789_012_345_678, 18);
        let t = "DECIMAL(38, 18) NOT NULL";
        check(
            "*",
            &[(x.clone(), t), (dec(25 * 10i128.pow(17), 18), t)],
            "DECIMAL(38, 6) NOT NULL",
            "30864197253086419725.308642",
        );
        check(
            "/",
            &[(x, t), (dec(3 * 10i128.pow(18), 18), t)],
            "DECIMAL(38, 6) NOT NULL",
            "4115226300411522630.041152",
        );
        check(
            "*",
            &[
                (dec(100, 2), "DECIMAL(5, 2) NOT NULL"),
                (dec(2 * 10i128.pow(36), 36), "DECIMAL(38, 36) NOT NULL"),
            ],
            "DECIMAL(38, 32) NOT NULL",
            "2.00000000000000000000000000000000",
        );
    }

    #[test]
    fn interval_arithmetic() {
        let day = (Datum::Millis(86_400_000), "INTERVAL DAY NOT NULL");
        let two_hours = (Datum::Millis(7_200_000), "INTERVAL DAY NOT NULL");
        let year = (Datum::Months(12), "INTERVAL MONTH NOT NULL");
        let month = (Datum::Months(1), "INTERVAL MONTH NOT NULL");
        let call_kind = |op: &str, args: &[(Datum, &str)]| {
            let (t, v) = call(op, args);
            (t.map(|t| t.kind), v)
        };
        assert_eq!(
            call_kind("*", &[day.clone(), (int(2), "INT NOT NULL")]),
            (
                Ok(Kind::IntervalMillis("SECOND")),
                Ok(Datum::Millis(172_800_000))
            )
        );
        assert_eq!(
            call_kind("*", &[(int(2), "INT NOT NULL"), day.clone()]),
            (
                Ok(Kind::IntervalMillis("SECOND")),
                Ok(Datum::Millis(172_800_000))
            )
        );
        assert_eq!(
            call_kind("+", &[day.clone(), two_hours]),
            (
                Ok(Kind::IntervalMillis("SECOND")),
                Ok(Datum::Millis(93_600_000))
            )
        );
        assert_eq!(
            call_kind("-", &[year, month.clone()]),
            (Ok(Kind::IntervalMonths("MONTH")), Ok(Datum::Months(11)))
        );
        let (t, _) = call("+", &[day.clone(), month]);
        assert_eq!(
            t,
            Err("Cannot apply '+' to arguments of type '<INTERVAL DAY> + <INTERVAL MONTH>'. Supported form(s): '<NUMERIC> + <NUMERIC>'".into())
        );
        assert!(
            call("+", &[day.clone(), (int(1), "INT NOT NULL")])
                .0
                .is_err()
        );
        assert!(
            call("/", &[day.clone(), (int(2), "INT NOT NULL")])
                .0
                .is_err()
        );
        assert!(
            call("*", &[day, (dec(15, 1), "DECIMAL(2, 1) NOT NULL")])
                .0
                .is_err()
        );
    }

    #[test]
    fn approximate_arithmetic_is_ieee_at_run_time() {
        // A datagen table's FLOAT 3 and DOUBLE 0 on the gateway (constant VALUES are
        // folded by the planner, which fails on a division by zero instead).
        check(
            "-",
            &[(dbl(3.0), "FLOAT"), (dbl(2.6), "DOUBLE NOT NULL")],
            "FLOAT",
            "0.4000001",
        );
        check(
            "*",
            &[(dbl(3.0), "FLOAT"), (dbl(0.1), "DOUBLE NOT NULL")],
            "FLOAT",
            "0.3",
        );
        check(
            "-",
            &[
                (dbl(0.0), "DOUBLE NOT NULL"),
                (dbl(f64::from(0.1f32)), "FLOAT NOT NULL"),
            ],
            "DOUBLE NOT NULL",
            "-0.10000000149011612",
        );
        check(
            "*",
            &[(dbl(3.0), "FLOAT"), (dec(1, 1), "DECIMAL(1, 1) NOT NULL")],
            "DOUBLE",
            "0.30000000000000004",
        );
        let tenth = dbl(f64::from(0.1f32));
        check(
            "*",
            &[(tenth.clone(), "FLOAT"), (tenth, "FLOAT")],
            "FLOAT",
            "0.010000001",
        );
        check(
            "/",
            &[(int(1), "INT NOT NULL"), (dbl(0.0), "DOUBLE")],
            "DOUBLE",
            "Infinity",
        );
        check(
            "/",
            &[(dbl(0.0), "FLOAT"), (dbl(0.0), "FLOAT")],
            "FLOAT",
            "NaN",
        );
        check(
            "*",
            &[(dbl(-0.1), "DOUBLE NOT NULL"), (dbl(0.0), "DOUBLE")],
            "DOUBLE",
            "-0.0",
        );
    }

    #[test]
    fn approximate_arithmetic() {
        check(
            "+",
            &[(int(1), "INT NOT NULL"), (dbl(1.0), "DOUBLE NOT NULL")],
            "DOUBLE NOT NULL",
            "2.0",
        );
        check(
            "+",
            &[(dbl(1.0), "FLOAT NOT NULL"), (int(1), "INT NOT NULL")],
            "FLOAT NOT NULL",
            "2.0",
        );
        check(
            "+",
            &[
                (dbl(1.0), "FLOAT NOT NULL"),
                (dec(15, 1), "DECIMAL(2, 1) NOT NULL"),
            ],
            "DOUBLE NOT NULL",
            "2.5",
        );
        check(
            "/",
            &[(dbl(1.0), "FLOAT NOT NULL"), (int(3), "INT NOT NULL")],
            "FLOAT NOT NULL",
            "0.33333334",
        );
    }

    #[test]
    fn validation_errors_are_flinks() {
        let (t, _) = call(
            "+",
            &[(int(1), "INT NOT NULL"), (s("a"), "CHAR(1) NOT NULL")],
        );
        assert_eq!(
            t,
            Err("Cannot apply '+' to arguments of type '<INTEGER> + <CHAR(1)>'. Supported form(s): '<NUMERIC> + <NUMERIC>'".into())
        );
        let (t, _) = call(
            "%",
            &[(dbl(1.0), "DOUBLE NOT NULL"), (int(0), "INT NOT NULL")],
        );
        assert_eq!(
            t,
            Err("Cannot apply '%' to arguments of type '<DOUBLE> % <INTEGER>'. Supported form(s): '<EXACT_NUMERIC> % <EXACT_NUMERIC>'".into())
        );
        let (t, _) = call(
            "MOD",
            &[(dbl(5.0), "DOUBLE NOT NULL"), (int(2), "INT NOT NULL")],
        );
        assert_eq!(
            t,
            Err("Cannot apply 'MOD' to arguments of type 'MOD(<DOUBLE>, <INTEGER>)'. Supported form(s): 'MOD(<EXACT_NUMERIC>, <EXACT_NUMERIC>)'".into())
        );
        let (t, _) = call("+", &[(Datum::Null, "NULL"), (int(1), "INT NOT NULL")]);
        assert_eq!(t, Err("Illegal use of 'NULL'".into()));
        let (t, _) = call(
            "||",
            &[(s("a"), "CHAR(1) NOT NULL"), (int(1), "INT NOT NULL")],
        );
        assert_eq!(
            t,
            Err("Cannot apply '||' to arguments of type '<CHAR(1)> || <INTEGER>'. Supported form(s): '<STRING> || <STRING>'".into())
        );
    }

    #[test]
    fn concatenation_adds_lengths() {
        check(
            "||",
            &[(s("a"), "CHAR(1) NOT NULL"), (s("bc"), "CHAR(2) NOT NULL")],
            "CHAR(3) NOT NULL",
            "abc",
        );
        check(
            "||",
            &[
                (s("a"), "VARCHAR(5) NOT NULL"),
                (s("bc"), "CHAR(2) NOT NULL"),
            ],
            "VARCHAR(7) NOT NULL",
            "abc",
        );
        check(
            "||",
            &[(s("a"), "STRING NOT NULL"), (s("b"), "CHAR(1) NOT NULL")],
            "STRING NOT NULL",
            "ab",
        );
        check(
            "||",
            &[(s("a"), "CHAR(1) NOT NULL"), (Datum::Null, "STRING")],
            "STRING",
            "NULL",
        );
    }
}
