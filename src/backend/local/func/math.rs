//! Flink's math functions: ABS, POWER, SQRT, logarithms, CEIL/FLOOR/ROUND/TRUNCATE,
//! SIGN, trigonometry, BIN/HEX, RAND/RAND_INTEGER, UUID. (MOD is with the operators.)

use super::number::{approx, fits, int_bits, pow10, rescale, wrap};
use super::operators::{any_nullable, cannot_apply};
use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind, MAX_PRECISION};
use crate::backend::local::value::{Datum, parse_decimal};
use crate::types::MAX_LENGTH;

macro_rules! double_fn {
    ($name:literal, $arity:literal, $f:expr) => {
        Scalar {
            name: $name,
            strict: true,
            infer: |a| doubles($name, $arity, a),
            eval: |a, _, _| {
                let f: fn(&[f64]) -> f64 = $f;
                let xs: Option<Vec<f64>> = a.iter().map(approx).collect();
                Ok(match xs {
                    Some(xs) if xs.len() == $arity => Datum::Double(f(&xs)),
                    _ => Datum::Null,
                })
            },
        }
    };
}

pub static FUNCTIONS: &[Scalar] = &[
    Scalar {
        name: "ABS",
        strict: true,
        infer: |a| same_numeric("ABS", a),
        eval: abs,
    },
    double_fn!("POWER", 2, |x| x[0].powf(x[1])),
    double_fn!("SQRT", 1, |x| x[0].sqrt()),
    double_fn!("LN", 1, |x| x[0].ln()),
    double_fn!("LOG10", 1, |x| x[0].log10()),
    double_fn!("LOG2", 1, |x| x[0].log2()),
    Scalar {
        name: "LOG",
        strict: true,
        infer: |a| match a.len() {
            1 => doubles("LOG", 1, a),
            _ => doubles("LOG", 2, a),
        },
        eval: |a, _, _| {
            let xs: Option<Vec<f64>> = a.iter().map(approx).collect();
            Ok(match xs.as_deref() {
                Some([x]) => Datum::Double(x.ln()),
                Some([b, x]) => Datum::Double(x.ln() / b.ln()),
                _ => Datum::Null,
            })
        },
    },
    double_fn!("EXP", 1, |x| x[0].exp()),
    double_fn!("SIN", 1, |x| x[0].sin()),
    double_fn!("COS", 1, |x| x[0].cos()),
    double_fn!("TAN", 1, |x| x[0].tan()),
    double_fn!("COT", 1, |x| 1.0 / x[0].tan()),
    double_fn!("ASIN", 1, |x| x[0].asin()),
    double_fn!("ACOS", 1, |x| x[0].acos()),
    double_fn!("ATAN", 1, |x| x[0].atan()),
    Scalar {
        name: "ATAN2",
        strict: true,
        infer: |a| {
            let t = doubles("ATAN2", 2, a)?;
            // Flink's code generator has no ATAN2 over a DECIMAL and another type.
            if a.iter().any(FlinkType::is_decimal) && !a.iter().all(FlinkType::is_decimal) {
                let list: Vec<String> = a.iter().map(|t| t.to_string()).collect();
                return Err(format!("Unsupported call: ATAN2({})", list.join(", ")));
            }
            Ok(t)
        },
        eval: |a, _, _| {
            Ok(
                match (a.first().and_then(approx), a.get(1).and_then(approx)) {
                    (Some(y), Some(x)) => Datum::Double(y.atan2(x)),
                    _ => Datum::Null,
                },
            )
        },
    },
    double_fn!("SINH", 1, |x| x[0].sinh()),
    double_fn!("COSH", 1, |x| x[0].cosh()),
    double_fn!("TANH", 1, |x| x[0].tanh()),
    double_fn!("DEGREES", 1, |x| x[0].to_degrees()),
    double_fn!("RADIANS", 1, |x| x[0].to_radians()),
    Scalar {
        name: "PI",
        strict: false,
        infer: |a| constant("PI", a),
        eval: |_, _, _| Ok(Datum::Double(std::f64::consts::PI)),
    },
    Scalar {
        name: "E",
        strict: false,
        infer: |a| constant("E", a),
        eval: |_, _, _| Ok(Datum::Double(std::f64::consts::E)),
    },
    Scalar {
        name: "CEIL",
        strict: true,
        infer: |a| ceil_type("CEIL", a),
        eval: |a, s, _| ceil_floor(a, s, true),
    },
    Scalar {
        name: "CEILING",
        strict: true,
        infer: |a| ceil_type("CEILING", a),
        eval: |a, s, _| ceil_floor(a, s, true),
    },
    Scalar {
        name: "FLOOR",
        strict: true,
        infer: |a| ceil_type("FLOOR", a),
        eval: |a, s, _| ceil_floor(a, s, false),
    },
    Scalar {
        name: "ROUND",
        strict: true,
        infer: |a| round_infer("ROUND", a),
        eval: |a, s, _| round_eval(a, s, false),
    },
    Scalar {
        name: "TRUNCATE",
        strict: true,
        infer: |a| round_infer("TRUNCATE", a),
        eval: |a, s, _| round_eval(a, s, true),
    },
    Scalar {
        name: "SIGN",
        strict: true,
        infer: |a| same_numeric("SIGN", a),
        eval: sign,
    },
    Scalar {
        name: "BIN",
        strict: true,
        infer: |a| match a {
            [t] if t.is_integer() || t.is_null() => Ok(string(t.nullable)),
            _ => Err(cannot_apply("BIN", a, "BIN(<INTEGER>)")),
        },
        eval: |a, _, _| {
            Ok(match a.first() {
                Some(Datum::Int(i)) => Datum::Str(format!("{:b}", *i as u64)),
                _ => Datum::Null,
            })
        },
    },
    Scalar {
        name: "HEX",
        strict: true,
        infer: |a| match a {
            [t] if t.is_integer() || t.is_string() || t.is_null() => Ok(string(t.nullable)),
            _ => Err(cannot_apply("HEX", a, "HEX(<INTEGER>)' 'HEX(<CHARACTER>)")),
        },
        eval: |a, _, _| {
            Ok(match a.first() {
                Some(Datum::Int(i)) => Datum::Str(format!("{:X}", *i as u64)),
                Some(Datum::Str(s)) => Datum::Str(s.bytes().map(|b| format!("{b:02X}")).collect()),
                _ => Datum::Null,
            })
        },
    },
    Scalar {
        name: "RAND",
        strict: false,
        infer: |a| match a {
            [] => Ok(FlinkType::not_null(Kind::Double)),
            [t] if t.is_numeric() || t.is_null() => Ok(FlinkType::new(Kind::Double, t.nullable)),
            _ => Err(cannot_apply("RAND", a, "RAND()' 'RAND(<NUMERIC>)")),
        },
        eval: |_, _, _| Ok(Datum::Double(random_unit())),
    },
    Scalar {
        name: "RAND_INTEGER",
        strict: true,
        infer: |a| {
            if (1..=2).contains(&a.len()) && a.iter().all(|t| t.is_integer() || t.is_null()) {
                Ok(FlinkType::new(Kind::Int, any_nullable(a)))
            } else {
                Err(cannot_apply(
                    "RAND_INTEGER",
                    a,
                    "RAND_INTEGER(<INTEGER>) | RAND_INTEGER(<INTEGER>, <INTEGER>)",
                ))
            }
        },
        eval: |a, _, _| {
            let bound = match a.last() {
                Some(Datum::Int(b)) if *b > 0 => *b,
                _ => {
                    return Err("java.lang.IllegalArgumentException: bound must be positive".into());
                }
            };
            Ok(Datum::Int((random_unit() * bound as f64) as i64))
        },
    },
    Scalar {
        name: "UUID",
        strict: false,
        infer: |a| match a {
            [] => Ok(FlinkType::not_null(Kind::Char(36))),
            _ => Err(
                "Invalid number of arguments to function 'UUID'. Was expecting 0 arguments".into(),
            ),
        },
        eval: |_, _, _| Ok(Datum::Str(uuid4())),
    },
];

fn string(nullable: bool) -> FlinkType {
    FlinkType::new(Kind::VarChar(MAX_LENGTH as u32), nullable)
}

fn doubles(name: &str, arity: usize, args: &[FlinkType]) -> Result<FlinkType, String> {
    if args.len() == arity && args.iter().any(FlinkType::is_null) {
        return Err("Illegal use of 'NULL'".into());
    }
    if args.len() != arity || !args.iter().all(FlinkType::is_numeric) {
        let form = vec!["<NUMERIC>"; arity].join(", ");
        return Err(cannot_apply(name, args, &format!("{name}({form})")));
    }
    Ok(FlinkType::new(Kind::Double, any_nullable(args)))
}

fn constant(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    if args.is_empty() {
        Ok(FlinkType::not_null(Kind::Double))
    } else {
        let list: Vec<&str> = args.iter().map(family).collect();
        Err(format!(
            "No match found for function signature {name}({})",
            list.join(", ")
        ))
    }
}

/// The name Calcite gives an argument's type family in "No match found" errors.
pub(crate) fn family(t: &FlinkType) -> &'static str {
    match t.kind {
        _ if t.is_numeric() => "<NUMERIC>",
        _ if t.is_string() => "<CHARACTER>",
        _ if t.is_binary() => "<BINARY>",
        Kind::Boolean => "<BOOLEAN>",
        Kind::Null => "<NULL>",
        _ => "<ANY>",
    }
}

fn same_numeric(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [t] if t.is_numeric() => Ok(t.clone()),
        [t] if t.is_null() => Err("Illegal use of 'NULL'".into()),
        _ => Err(cannot_apply(name, args, &format!("{name}(<NUMERIC>)"))),
    }
}

fn abs(args: &[Datum], sig: &Signature, _: &Session) -> Eval {
    Ok(match args.first() {
        Some(Datum::Int(i)) => Datum::Int(wrap(i128::from(*i).abs(), int_bits(&sig.ret.kind))),
        Some(Datum::Double(x)) => Datum::Double(x.abs()),
        Some(Datum::Decimal(v, s)) => Datum::Decimal(v.abs(), *s),
        _ => Datum::Null,
    })
}

fn sign(args: &[Datum], _: &Signature, _: &Session) -> Eval {
    Ok(match args.first() {
        Some(Datum::Int(i)) => Datum::Int(i.signum()),
        Some(Datum::Double(x)) if *x == 0.0 || x.is_nan() => Datum::Double(*x),
        Some(Datum::Double(x)) => Datum::Double(x.signum()),
        Some(Datum::Decimal(v, s)) => Datum::Decimal(v.signum() * pow10(*s), *s),
        _ => Datum::Null,
    })
}

/// CEIL/FLOOR keep integers and doubles; a DECIMAL(p, s) becomes DECIMAL(p, 0).
fn ceil_type(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    let t = same_numeric(name, args)?;
    Ok(match t.kind {
        Kind::Decimal(p, _) => FlinkType::new(Kind::Decimal(p, 0), t.nullable),
        _ => t,
    })
}

fn ceil_floor(args: &[Datum], sig: &Signature, up: bool) -> Eval {
    Ok(match args.first() {
        Some(Datum::Int(i)) => Datum::Int(*i),
        Some(Datum::Double(x)) => Datum::Double(if up { x.ceil() } else { x.floor() }),
        Some(Datum::Decimal(v, s)) => {
            let div = pow10(*s);
            let mut q = v / div;
            let r = v % div;
            if up && r > 0 {
                q += 1;
            } else if !up && r < 0 {
                q -= 1;
            }
            fit(q, sig)
        }
        _ => Datum::Null,
    })
}

fn fit(v: i128, sig: &Signature) -> Datum {
    match sig.ret.kind {
        Kind::Decimal(p, s) if fits(v, p) => Datum::Decimal(v, s),
        _ => Datum::Null,
    }
}

/// The type of ROUND(x, d)/TRUNCATE(x, d) for a DECIMAL(p, s) `x` and a literal `d`
/// (Flink's `findRoundDecimalType`); other types keep theirs. The translator calls this
/// when it knows `d`; `infer` alone cannot see its value.
pub fn round_type(x: &FlinkType, d: i32) -> FlinkType {
    match x.kind {
        Kind::Decimal(p, s) => {
            let (p, s) = (i32::from(p), i32::from(s));
            let (np, ns) = if d >= s {
                (p, s)
            } else if d < 0 {
                ((1 + p - s).min(i32::from(MAX_PRECISION)), 0)
            } else {
                (1 + p - s + d, d)
            };
            FlinkType::new(Kind::Decimal(np.max(1) as u8, ns as u8), x.nullable)
        }
        _ => x.clone(),
    }
}

fn round_infer(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    let error = || {
        cannot_apply(
            name,
            args,
            &format!("{name}(<NUMERIC>, <INTEGER>)' '{name}(<NUMERIC>)"),
        )
    };
    match args {
        [x] if x.is_numeric() => Ok(round_type(x, 0)),
        // Without d's value the DECIMAL keeps its scale (see `round_type`).
        [x, d] if x.is_numeric() && (d.is_integer() || d.is_null()) => {
            Ok(x.with_nullable(any_nullable(args)))
        }
        [x, ..] if x.is_null() => Err("Illegal use of 'NULL'".into()),
        _ => Err(error()),
    }
}

/// `v` at `scale` rounded (HALF_UP) or cut to `d` fractional digits, at scale max(d, 0).
fn round_unscaled(v: i128, scale: u8, d: i32, cut: bool) -> Option<i128> {
    let target = d.clamp(0, 38) as u8;
    let at = if target >= scale {
        rescale(v, scale, target)?
    } else if cut {
        v / pow10(scale - target)
    } else {
        rescale(v, scale, target)?
    };
    if d >= 0 {
        return Some(at);
    }
    let unit = 10i128.checked_pow(d.unsigned_abs())?;
    let (q, r) = (at / unit, at % unit);
    let q = if !cut && r.unsigned_abs() * 2 >= unit.unsigned_abs() {
        q + at.signum()
    } else {
        q
    };
    q.checked_mul(unit)
}

fn round_eval(args: &[Datum], sig: &Signature, cut: bool) -> Eval {
    let d = match args.get(1) {
        Some(Datum::Int(d)) => i32::try_from(*d).unwrap_or(if *d < 0 { -39 } else { 39 }),
        Some(_) => return Ok(Datum::Null),
        None => 0,
    };
    Ok(match (args.first(), &sig.ret.kind) {
        (Some(Datum::Int(i)), k) => match round_unscaled(i128::from(*i), 0, d, cut) {
            Some(v) => Datum::Int(wrap(v, int_bits(k))),
            None => Datum::Int(0),
        },
        (Some(Datum::Decimal(v, s)), Kind::Decimal(p, rs)) => {
            match round_unscaled(*v, *s, d, cut).and_then(|r| rescale(r, d.clamp(0, 38) as u8, *rs))
            {
                Some(r) if fits(r, *p) => Datum::Decimal(r, *rs),
                _ => Datum::Null,
            }
        }
        (Some(Datum::Double(x)), k) => {
            if !x.is_finite() {
                return Ok(Datum::Double(*x));
            }
            // Flink rounds the double's shortest decimal text (BigDecimal.valueOf).
            let single = *k == Kind::Float;
            let text = if single {
                format!("{:e}", *x as f32)
            } else {
                format!("{x:e}")
            };
            // Enough digits to round on once; a double too wide for them has no fraction.
            let scale = (d.clamp(0, 37) as u8 + 1).max(20);
            let parsed = parse_decimal(&text, scale).or_else(|| parse_decimal(&text, 0));
            let Some(Datum::Decimal(v, s)) = parsed else {
                return Ok(Datum::Double(*x));
            };
            let r = round_unscaled(v, s, d, cut).unwrap_or(0);
            let out: f64 = crate::backend::local::value::decimal_text(r, d.clamp(0, 38) as u8)
                .parse()
                .unwrap_or(*x);
            Datum::Double(if single { f64::from(out as f32) } else { out })
        }
        _ => Datum::Null,
    })
}

fn random_unit() -> f64 {
    (crate::util::random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn uuid4() -> String {
    let hi = crate::util::random_u64();
    let lo = crate::util::random_u64();
    let hi = (hi & !0xF000) | 0x4000;
    let lo = (lo & !(0xC000 << 48)) | (0x8000 << 48);
    let hex = format!("{hi:016x}{lo:016x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::super::operators::tests::{call, dbl, dec, int, s, shown};
    use super::*;

    fn pair(t: &str, v: &str) -> (String, String) {
        (t.to_string(), v.to_string())
    }
    fn d21(v: i128) -> (Datum, &'static str) {
        (dec(v, 1), "DECIMAL(2, 1) NOT NULL")
    }

    #[test]
    fn abs_and_sign_keep_the_type() {
        assert_eq!(
            shown("ABS", &[(int(-1), "INT NOT NULL")]),
            pair("INT NOT NULL", "1")
        );
        assert_eq!(
            shown("ABS", &[(int(-1), "TINYINT NOT NULL")]),
            pair("TINYINT NOT NULL", "1")
        );
        assert_eq!(
            shown("ABS", &[d21(-15)]),
            pair("DECIMAL(2, 1) NOT NULL", "1.5")
        );
        assert_eq!(
            shown("ABS", &[(dbl(-1.5), "DOUBLE NOT NULL")]),
            pair("DOUBLE NOT NULL", "1.5")
        );
        assert_eq!(
            shown("ABS", &[(int(-2147483648), "INT NOT NULL")]),
            pair("INT NOT NULL", "-2147483648")
        );
        assert_eq!(shown("ABS", &[(Datum::Null, "INT")]), pair("INT", "NULL"));
        assert_eq!(
            shown("SIGN", &[(int(-5), "INT NOT NULL")]),
            pair("INT NOT NULL", "-1")
        );
        assert_eq!(
            shown("SIGN", &[d21(0)]),
            pair("DECIMAL(2, 1) NOT NULL", "0.0")
        );
        assert_eq!(
            shown("SIGN", &[d21(25)]),
            pair("DECIMAL(2, 1) NOT NULL", "1.0")
        );
        assert_eq!(
            shown("SIGN", &[(dbl(-2.0), "DOUBLE NOT NULL")]),
            pair("DOUBLE NOT NULL", "-1.0")
        );
        assert_eq!(
            shown("SIGN", &[(dbl(1.5), "FLOAT NOT NULL")]),
            pair("FLOAT NOT NULL", "1.0")
        );
        let (t, _) = call("ABS", &[(s("a"), "CHAR(1) NOT NULL")]);
        assert_eq!(
            t,
            Err("Cannot apply 'ABS' to arguments of type 'ABS(<CHAR(1)>)'. Supported form(s): 'ABS(<NUMERIC>)'".into())
        );
        let (t, _) = call("ABS", &[(Datum::Null, "NULL")]);
        assert_eq!(t, Err("Illegal use of 'NULL'".into()));
    }

    #[test]
    fn doubles_from_any_number() {
        let i = |v: i64| (int(v), "INT NOT NULL");
        let dbl_of = |f: &str, args: &[(Datum, &str)]| shown(f, args);
        assert_eq!(
            dbl_of("POWER", &[i(2), i(3)]),
            pair("DOUBLE NOT NULL", "8.0")
        );
        assert_eq!(
            dbl_of("POWER", &[(dec(25, 1), "DECIMAL(2, 1) NOT NULL"), i(2)]),
            pair("DOUBLE NOT NULL", "6.25")
        );
        assert_eq!(dbl_of("SQRT", &[i(4)]).1, "2.0");
        assert_eq!(dbl_of("SQRT", &[i(-1)]).1, "NaN");
        assert_eq!(dbl_of("LN", &[i(1)]).1, "0.0");
        assert_eq!(dbl_of("LN", &[i(0)]).1, "-Infinity");
        assert_eq!(dbl_of("LOG10", &[i(100)]).1, "2.0");
        assert_eq!(dbl_of("LOG2", &[i(8)]).1, "3.0");
        assert_eq!(dbl_of("LOG", &[i(100)]).1, "4.605170185988092");
        assert_eq!(dbl_of("LOG", &[i(10), i(100)]).1, "2.0");
        assert_eq!(dbl_of("LOG", &[i(1), i(10)]).1, "Infinity");
        assert_eq!(dbl_of("EXP", &[i(0)]).1, "1.0");
        assert_eq!(dbl_of("EXP", &[i(1)]).1, "2.718281828459045");
        assert_eq!(dbl_of("COT", &[i(1)]).1, "0.6420926159343306");
        assert_eq!(dbl_of("ASIN", &[i(1)]).1, "1.5707963267948966");
        assert_eq!(dbl_of("ATAN2", &[i(1), i(1)]).1, "0.7853981633974483");
        assert_eq!(dbl_of("ASIN", &[i(2)]).1, "NaN");
        let (t, _) = call("ATAN2", &[i(0), (dec(75, 1), "DECIMAL(2, 1) NOT NULL")]);
        assert_eq!(
            t,
            Err("Unsupported call: ATAN2(INT NOT NULL, DECIMAL(2, 1) NOT NULL)".into())
        );
        assert_eq!(dbl_of("COT", &[i(0)]).1, "Infinity");
        assert_eq!(dbl_of("RADIANS", &[i(180)]).1, "3.141592653589793");
        assert_eq!(
            dbl_of("DEGREES", &[(dbl(std::f64::consts::PI), "DOUBLE NOT NULL")]).1,
            "180.0"
        );
        assert_eq!(
            dbl_of("PI", &[]),
            pair("DOUBLE NOT NULL", "3.141592653589793")
        );
        assert_eq!(
            dbl_of("E", &[]),
            pair("DOUBLE NOT NULL", "2.718281828459045")
        );
        assert_eq!(
            dbl_of("POWER", &[(Datum::Null, "INT"), i(2)]),
            pair("DOUBLE", "NULL")
        );
        let (t, _) = call("SQRT", &[(s("4"), "CHAR(1) NOT NULL")]);
        assert_eq!(
            t,
            Err("Cannot apply 'SQRT' to arguments of type 'SQRT(<CHAR(1)>)'. Supported form(s): 'SQRT(<NUMERIC>)'".into())
        );
        assert!(crate::backend::local::func::scalar("POW").is_none());
        let (t, _) = call("SQRT", &[(Datum::Null, "NULL")]);
        assert_eq!(t, Err("Illegal use of 'NULL'".into()));
    }

    #[test]
    fn ceil_and_floor() {
        assert_eq!(
            shown("CEIL", &[d21(12)]),
            pair("DECIMAL(2, 0) NOT NULL", "2")
        );
        assert_eq!(
            shown("CEIL", &[d21(-12)]),
            pair("DECIMAL(2, 0) NOT NULL", "-1")
        );
        assert_eq!(
            shown("FLOOR", &[d21(17)]),
            pair("DECIMAL(2, 0) NOT NULL", "1")
        );
        assert_eq!(
            shown("FLOOR", &[d21(-17)]),
            pair("DECIMAL(2, 0) NOT NULL", "-2")
        );
        assert_eq!(
            shown("CEILING", &[(dbl(1.5), "DOUBLE NOT NULL")]),
            pair("DOUBLE NOT NULL", "2.0")
        );
        assert_eq!(
            shown("CEIL", &[(int(5), "INT NOT NULL")]),
            pair("INT NOT NULL", "5")
        );
        assert_eq!(
            shown("CEIL", &[(dec(12345, 2), "DECIMAL(5, 2) NOT NULL")]),
            pair("DECIMAL(5, 0) NOT NULL", "124")
        );
        assert_eq!(
            shown("CEIL", &[(dec(9999, 1), "DECIMAL(4, 1) NOT NULL")]),
            pair("DECIMAL(4, 0) NOT NULL", "1000")
        );
        assert_eq!(
            shown("FLOOR", &[(dec(-9999, 1), "DECIMAL(4, 1) NOT NULL")]),
            pair("DECIMAL(4, 0) NOT NULL", "-1000")
        );
        assert_eq!(
            shown("CEIL", &[(dec(5, 1), "DECIMAL(1, 1) NOT NULL")]),
            pair("DECIMAL(1, 0) NOT NULL", "1")
        );
        assert_eq!(
            shown("FLOOR", &[(dbl(1.5), "FLOAT NOT NULL")]),
            pair("FLOAT NOT NULL", "1.0")
        );
        assert_eq!(
            shown("CEIL", &[(Datum::Null, "DECIMAL(5, 2)")]),
            pair("DECIMAL(5, 0)", "NULL")
        );
    }

    #[test]
    fn round_and_truncate() {
        let i = |v: i64| (int(v), "INT NOT NULL");
        assert_eq!(
            shown("ROUND", &[d21(15)]),
            pair("DECIMAL(2, 0) NOT NULL", "2")
        );
        assert_eq!(
            shown("ROUND", &[d21(-15)]),
            pair("DECIMAL(2, 0) NOT NULL", "-2")
        );
        assert_eq!(
            shown("ROUND", &[(dbl(2.5), "DOUBLE NOT NULL")]),
            pair("DOUBLE NOT NULL", "3.0")
        );
        assert_eq!(
            shown("ROUND", &[(dbl(-2.5), "DOUBLE NOT NULL")]),
            pair("DOUBLE NOT NULL", "-3.0")
        );
        assert_eq!(
            shown("ROUND", &[(dbl(1.2345), "DOUBLE NOT NULL"), i(2)]),
            pair("DOUBLE NOT NULL", "1.23")
        );
        assert_eq!(
            shown("ROUND", &[(dbl(2.675), "DOUBLE NOT NULL"), i(2)]).1,
            "2.68"
        );
        assert_eq!(
            shown("ROUND", &[(dbl(1.005), "DOUBLE NOT NULL"), i(2)]).1,
            "1.01"
        );
        assert_eq!(
            shown("ROUND", &[i(125), i(-1)]),
            pair("INT NOT NULL", "130")
        );
        assert_eq!(shown("ROUND", &[i(15), i(-1)]), pair("INT NOT NULL", "20"));
        assert_eq!(
            shown("ROUND", &[(int(5), "TINYINT NOT NULL"), i(-1)]),
            pair("TINYINT NOT NULL", "10")
        );
        assert_eq!(
            shown("ROUND", &[(dbl(1.5), "FLOAT NOT NULL")]),
            pair("FLOAT NOT NULL", "2.0")
        );
        assert_eq!(
            shown("TRUNCATE", &[(dbl(1.789), "DOUBLE NOT NULL"), i(2)]),
            pair("DOUBLE NOT NULL", "1.78")
        );
        assert_eq!(
            shown("TRUNCATE", &[i(1789), i(-2)]),
            pair("INT NOT NULL", "1700")
        );
        assert_eq!(
            shown("TRUNCATE", &[(dbl(-1.5), "DOUBLE NOT NULL")]).1,
            "-1.0"
        );
        assert_eq!(
            shown("TRUNCATE", &[(dec(-1789, 3), "DECIMAL(4, 3) NOT NULL")]),
            pair("DECIMAL(2, 0) NOT NULL", "-1")
        );
        // The scale of ROUND(decimal, d) depends on d's value: `round_type` (with eval
        // following the signature's result type).
        let x = FlinkType::not_null(Kind::Decimal(5, 4));
        assert_eq!(round_type(&x, 2).to_string(), "DECIMAL(4, 2) NOT NULL");
        assert_eq!(
            round_type(&FlinkType::not_null(Kind::Decimal(2, 1)), 5).to_string(),
            "DECIMAL(2, 1) NOT NULL"
        );
        assert_eq!(
            round_type(&FlinkType::not_null(Kind::Decimal(6, 3)), -1).to_string(),
            "DECIMAL(4, 0) NOT NULL"
        );
        let cases: [(i128, u8, u8, i64, &str, &str); 6] = [
            (12345, 5, 4, 2, "DECIMAL(4, 2) NOT NULL", "1.23"),
            (123456, 6, 3, -1, "DECIMAL(4, 0) NOT NULL", "120"),
            (9999, 4, 2, 1, "DECIMAL(4, 1) NOT NULL", "100.0"),
            (999, 3, 2, 0, "DECIMAL(2, 0) NOT NULL", "10"),
            (125, 3, 2, 1, "DECIMAL(3, 1) NOT NULL", "1.3"),
            (-125, 3, 2, 1, "DECIMAL(3, 1) NOT NULL", "-1.3"),
        ];
        for (v, p, sc, d, want_t, want) in cases {
            let x = FlinkType::not_null(Kind::Decimal(p, sc));
            let ret = round_type(&x, d as i32);
            assert_eq!(ret.to_string(), want_t);
            let sig = Signature {
                args: vec![x, FlinkType::not_null(Kind::Int)],
                ret: ret.clone(),
            };
            let out = round_eval(&[dec(v, sc), int(d)], &sig, false).unwrap_or(Datum::Null);
            let text = super::super::cast::to_text(&out, &ret, &Session::default());
            assert_eq!(text, want, "ROUND({v}e-{sc}, {d})");
        }
        let sig = Signature {
            args: vec![
                FlinkType::not_null(Kind::Decimal(4, 2)),
                FlinkType::not_null(Kind::Int),
            ],
            ret: round_type(&FlinkType::not_null(Kind::Decimal(4, 2)), 1),
        };
        let out = round_eval(&[dec(9999, 2), int(1)], &sig, true).unwrap_or(Datum::Null);
        assert_eq!(out, dec(999, 1));
        let (t, _) = call("ROUND", &[d21(15), d21(15)]);
        assert_eq!(
            t,
            Err("Cannot apply 'ROUND' to arguments of type 'ROUND(<DECIMAL(2, 1)>, <DECIMAL(2, 1)>)'. Supported form(s): 'ROUND(<NUMERIC>, <INTEGER>)' 'ROUND(<NUMERIC>)'".into())
        );
    }

    #[test]
    fn bin_hex_rand_uuid() {
        let text = |f: &str, args: &[(Datum, &str)]| shown(f, args);
        assert_eq!(
            text("BIN", &[(int(12), "INT NOT NULL")]),
            pair("STRING NOT NULL", "1100")
        );
        assert_eq!(text("BIN", &[(int(-1), "INT NOT NULL")]).1, "1".repeat(64));
        assert_eq!(text("BIN", &[(int(0), "INT NOT NULL")]).1, "0");
        assert_eq!(text("HEX", &[(int(255), "INT NOT NULL")]).1, "FF");
        assert_eq!(
            text("HEX", &[(int(-1), "TINYINT NOT NULL")]).1,
            "FFFFFFFFFFFFFFFF"
        );
        assert_eq!(text("HEX", &[(s("abc"), "CHAR(3) NOT NULL")]).1, "616263");
        assert_eq!(text("HEX", &[(s(""), "CHAR(0) NOT NULL")]).1, "");
        assert_eq!(
            text("HEX", &[(Datum::Null, "STRING")]),
            pair("STRING", "NULL")
        );
        let (t, _) = call("BIN", &[d21(15)]);
        assert_eq!(
            t,
            Err("Cannot apply 'BIN' to arguments of type 'BIN(<DECIMAL(2, 1)>)'. Supported form(s): 'BIN(<INTEGER>)'".into())
        );
        let (t, v) = call("RAND", &[]);
        assert_eq!(t.map(|t| t.to_string()), Ok("DOUBLE NOT NULL".into()));
        assert!(matches!(v, Ok(Datum::Double(x)) if (0.0..1.0).contains(&x)));
        let (t, _) = call("RAND", &[(Datum::Null, "INT")]);
        assert_eq!(t.map(|t| t.to_string()), Ok("DOUBLE".into()));
        let (t, v) = call(
            "RAND_INTEGER",
            &[(int(1), "INT NOT NULL"), (int(10), "INT NOT NULL")],
        );
        assert_eq!(t.map(|t| t.to_string()), Ok("INT NOT NULL".into()));
        assert!(matches!(v, Ok(Datum::Int(x)) if (0..10).contains(&x)));
        let (t, _) = call("UUID", &[(int(1), "INT NOT NULL")]);
        assert_eq!(
            t,
            Err("Invalid number of arguments to function 'UUID'. Was expecting 0 arguments".into())
        );
        let (t, _) = call("PI", &[(int(1), "INT NOT NULL")]);
        assert_eq!(
            t,
            Err("No match found for function signature PI(<NUMERIC>)".into())
        );
        let (t, v) = call("UUID", &[]);
        assert_eq!(t.map(|t| t.to_string()), Ok("CHAR(36) NOT NULL".into()));
        let Ok(Datum::Str(u)) = v else {
            panic!("UUID() gave {v:?}");
        };
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }
}
