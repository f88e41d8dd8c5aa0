//! Flink's functions made callable from SQLite: one scalar function `fl(site, args…)`
//! that dispatches to the call site the translator planned, and one window-capable
//! aggregate per aggregate call site of the running statement.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection as Db;
use rusqlite::functions::{Aggregate as SqlAggregate, Context, FunctionFlags, WindowAggregate};
use rusqlite::types::{ToSqlOutput, Value as SqlValue};

use super::ftype::{FlinkType, Kind};
use super::func::number::{decimal_to_f64, rescale};
use super::func::{self, Accumulator, Aggregate, Scalar, Session, Signature};
use super::value::Datum;

/// What one call of `fl` does.
#[derive(Clone)]
pub enum Op {
    Scalar(&'static Scalar),
    /// CAST (or TRY_CAST, which turns a failure into NULL) from the argument's type to
    /// the signature's result type.
    Cast {
        try_cast: bool,
    },
    /// A value SQLite sorts in the argument's order: a DECIMAL, whose text does not sort,
    /// as 16 bytes that compare (as SQLite compares blobs, byte by byte) as its unscaled
    /// value at its type's scale, so that no digit is lost.
    SortKey,
    /// A DECIMAL as a double, for the ORDER BY of a RANGE frame with offsets, which
    /// SQLite computes on numbers (values that differ only beyond a double's precision
    /// are peers there).
    NumericKey,
}

impl Op {
    /// Whether two ops do the same thing.
    pub fn same(&self, other: &Op) -> bool {
        match (self, other) {
            (Op::Scalar(a), Op::Scalar(b)) => std::ptr::eq(*a, *b),
            (Op::Cast { try_cast: a }, Op::Cast { try_cast: b }) => a == b,
            (Op::SortKey, Op::SortKey) | (Op::NumericKey, Op::NumericKey) => true,
            _ => false,
        }
    }
}

#[derive(Clone)]
pub struct Site {
    pub op: Op,
    pub sig: Signature,
}

#[derive(Clone)]
pub struct AggregateSite {
    pub f: &'static Aggregate,
    pub sig: Signature,
    /// DISTINCT over more than one argument, which the accumulator applies itself.
    pub distinct: bool,
}

/// The running statement's call sites, shared with the registered functions.
#[derive(Default)]
pub struct Sites {
    pub scalars: Vec<Site>,
    pub session: Session,
}

pub type Shared = Arc<Mutex<Sites>>;

/// Registers `fl` on `db`; the translator fills `Sites` before each statement.
pub fn register(db: &Db) -> rusqlite::Result<Shared> {
    let shared: Shared = Arc::default();
    let sites = Arc::clone(&shared);
    db.create_scalar_function(
        "fl",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DIRECTONLY,
        move |ctx| call(&sites, ctx),
    )?;
    Ok(shared)
}

fn user_error(message: String) -> rusqlite::Error {
    rusqlite::Error::UserFunctionError(message.into())
}

fn call(sites: &Shared, ctx: &Context<'_>) -> rusqlite::Result<ToSqlOutput<'static>> {
    let id = usize::try_from(ctx.get::<i64>(0)?).unwrap_or(usize::MAX);
    let (site, session) = {
        let guard = sites.lock().unwrap_or_else(PoisonError::into_inner);
        let site = guard
            .scalars
            .get(id)
            .cloned()
            .ok_or_else(|| user_error(format!("internal error: no call site {id}")))?;
        (site, guard.session.clone())
    };
    let args = read_args(ctx, 1, &site.sig.args)?;
    let out = match &site.op {
        Op::Scalar(f) => {
            if f.strict && args.iter().any(Datum::is_null) {
                Datum::Null
            } else {
                (f.eval)(&args, &site.sig, &session).map_err(user_error)?
            }
        }
        Op::Cast { try_cast } => {
            let from = site
                .sig
                .args
                .first()
                .cloned()
                .unwrap_or_else(FlinkType::null);
            match args.first() {
                None | Some(Datum::Null) => Datum::Null,
                Some(d) => match func::cast::cast(d, &from, &site.sig.ret, &session) {
                    Ok(v) => v,
                    Err(_) if *try_cast => Datum::Null,
                    Err(e) => return Err(user_error(e)),
                },
            }
        }
        Op::SortKey => match args.first() {
            Some(Datum::Decimal(v, s)) => {
                let scale = match site.sig.args.first().map(|t| &t.kind) {
                    Some(Kind::Decimal(_, scale)) => *scale,
                    _ => *s,
                };
                let unscaled = rescale(*v, *s, scale).unwrap_or(*v);
                return Ok(ToSqlOutput::Owned(SqlValue::Blob(
                    decimal_key(unscaled).to_vec(),
                )));
            }
            Some(d) => d.clone(),
            None => Datum::Null,
        },
        Op::NumericKey => match args.first() {
            Some(Datum::Decimal(v, s)) => {
                return Ok(ToSqlOutput::Owned(SqlValue::Real(decimal_to_f64(*v, *s))));
            }
            Some(d) => d.clone(),
            None => Datum::Null,
        },
    };
    Ok(ToSqlOutput::Owned(out.to_sql()))
}

/// An unscaled DECIMAL as bytes whose order is the numbers' order: big-endian with the
/// sign bit flipped, so negative values come first.
fn decimal_key(unscaled: i128) -> [u8; 16] {
    ((unscaled as u128) ^ (1u128 << 127)).to_be_bytes()
}

fn read_args(ctx: &Context<'_>, from: usize, types: &[FlinkType]) -> rusqlite::Result<Vec<Datum>> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| Datum::from_sql(ctx.get_raw(from + i), t).map_err(|e| user_error(e.0)))
        .collect()
}

/// Registers the aggregate call sites of the next statement as `fla_0`, `fla_1`, …
pub fn register_aggregates(
    db: &Db,
    sites: &[AggregateSite],
    session: &Session,
) -> rusqlite::Result<()> {
    for (i, site) in sites.iter().enumerate() {
        let n = i32::try_from(site.sig.args.len()).unwrap_or(-1);
        db.create_window_function(
            format!("fla_{i}").as_str(),
            n,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DIRECTONLY,
            Agg {
                site: site.clone(),
                session: session.clone(),
            },
        )?;
    }
    Ok(())
}

struct Agg {
    site: AggregateSite,
    session: Session,
}

/// An accumulator SQLite can carry between calls. A panic cannot leave one half-updated
/// for anyone to see: the statement fails and the accumulator is dropped.
pub struct State(AssertUnwindSafe<Box<dyn Accumulator>>);

impl Agg {
    fn fresh(&self) -> State {
        let inner = (self.site.f.new)(&self.site.sig, &self.session);
        State(AssertUnwindSafe(if self.site.distinct {
            Box::new(Distinct {
                inner,
                seen: HashMap::new(),
            })
        } else {
            inner
        }))
    }
}

/// An accumulator that sees each distinct row of arguments once (and loses it when its
/// last copy is taken back).
struct Distinct {
    inner: Box<dyn Accumulator>,
    /// How often each row of arguments was added, by its debug text (a Datum holds
    /// doubles, so it is not a key itself).
    seen: HashMap<String, usize>,
}

impl Accumulator for Distinct {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        let n = self.seen.entry(format!("{args:?}")).or_default();
        *n += 1;
        if *n == 1 {
            self.inner.add(args)?;
        }
        Ok(())
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        let key = format!("{args:?}");
        if let Some(n) = self.seen.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                self.seen.remove(&key);
                self.inner.retract(args)?;
            }
        }
        Ok(())
    }
    fn value(&self) -> func::Eval {
        self.inner.value()
    }
}

impl SqlAggregate<State, ToSqlOutput<'static>> for Agg {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<State> {
        Ok(self.fresh())
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut State) -> rusqlite::Result<()> {
        let args = read_args(ctx, 0, &self.site.sig.args)?;
        acc.0.add(&args).map_err(user_error)
    }

    fn finalize(
        &self,
        _: &mut Context<'_>,
        acc: Option<State>,
    ) -> rusqlite::Result<ToSqlOutput<'static>> {
        let acc = acc.unwrap_or_else(|| self.fresh());
        let v = acc.0.value().map_err(user_error)?;
        Ok(ToSqlOutput::Owned(v.to_sql()))
    }
}

impl WindowAggregate<State, ToSqlOutput<'static>> for Agg {
    fn value(&self, acc: Option<&mut State>) -> rusqlite::Result<ToSqlOutput<'static>> {
        let v = match acc {
            Some(acc) => acc.0.value(),
            None => self.fresh().0.value(),
        }
        .map_err(user_error)?;
        Ok(ToSqlOutput::Owned(v.to_sql()))
    }

    fn inverse(&self, ctx: &mut Context<'_>, acc: &mut State) -> rusqlite::Result<()> {
        let args = read_args(ctx, 0, &self.site.sig.args)?;
        acc.0.retract(&args).map_err(user_error)
    }
}

#[cfg(test)]
mod tests {
    use super::decimal_key;

    #[test]
    fn decimal_keys_sort_as_the_numbers_do() {
        let values = [
            i128::MIN + 1,
            -10i128.pow(37) - 1,
            -10i128.pow(37),
            -2,
            -1,
            0,
            1,
            1_000_000_000_000_000_001,
            1_000_000_000_000_000_002,
            10i128.pow(38) - 1,
        ];
        for pair in values.windows(2) {
            assert!(decimal_key(pair[0]) < decimal_key(pair[1]), "{pair:?}");
        }
    }
}
