//! Flink's math functions: ABS, POWER, SQRT, logarithms, CEIL/FLOOR/ROUND/TRUNCATE,
//! SIGN, trigonometry, BIN/HEX, RAND/RAND_INTEGER, UUID. (MOD is with the operators.)

use super::cast::{fits, pow10, rescale, wrap};
use super::operators::{any_nullable, approx, cannot_apply};
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
                Ok(xs.map_or(Datum::Null, |xs| Datum::Double(f(&xs))))
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
    double_fn!("ATAN2", 2, |x| x[0].atan2(x[1])),
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
            _ => Err(cannot_apply("HEX", a, "HEX(<INTEGER>)")),
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
            [t] if t.is_integer() || t.is_null() => Ok(FlinkType::new(Kind::Double, t.nullable)),
            _ => Err(cannot_apply("RAND", a, "RAND() | RAND(<INTEGER>)")),
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
            _ => Err(cannot_apply("UUID", a, "UUID()")),
        },
        eval: |_, _, _| Ok(Datum::Str(uuid4())),
    },
];

fn string(nullable: bool) -> FlinkType {
    FlinkType::new(Kind::VarChar(MAX_LENGTH as u32), nullable)
}

fn doubles(name: &str, arity: usize, args: &[FlinkType]) -> Result<FlinkType, String> {
    if args.len() != arity || !args.iter().all(|t| t.is_numeric() || t.is_null()) {
        let form = vec!["<NUMERIC>"; arity].join(", ");
        return Err(cannot_apply(name, args, &format!("{name}({form})")));
    }
    Ok(FlinkType::new(Kind::Double, any_nullable(args)))
}

fn constant(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    if args.is_empty() {
        Ok(FlinkType::not_null(Kind::Double))
    } else {
        Err(cannot_apply(name, args, &format!("{name}()")))
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

fn int_bits(k: &Kind) -> u32 {
    match k {
        Kind::TinyInt => 8,
        Kind::SmallInt => 16,
        Kind::Int => 32,
        _ => 64,
    }
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
    let error = || cannot_apply(name, args, &format!("{name}(<NUMERIC>, <INTEGER>)"));
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
