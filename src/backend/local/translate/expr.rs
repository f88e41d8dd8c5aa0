//! Expressions: each typed as Flink types it and translated into SQL over `fl` calls.

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, DateTimeField, Expr as AstExpr, Function, FunctionArg,
    FunctionArgExpr, FunctionArguments, UnaryOperator, Value, WindowFrameBound, WindowFrameUnits,
    WindowType,
};

use super::{Scope, Translator, Typed, validation};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::func::{self, cast};
use crate::backend::local::udf::{AggregateSite, Op};
use crate::backend::local::value::{Datum, decimal_text};
use crate::error::Result;

/// Window functions SQLite computes itself, with their Flink result types.
const NATIVE_WINDOW: [&str; 11] = [
    "ROW_NUMBER",
    "RANK",
    "DENSE_RANK",
    "PERCENT_RANK",
    "CUME_DIST",
    "NTILE",
    "LAG",
    "LEAD",
    "FIRST_VALUE",
    "LAST_VALUE",
    "NTH_VALUE",
];

fn typed(sql: impl Into<String>, ty: FlinkType) -> Typed {
    Typed {
        sql: sql.into(),
        ty,
    }
}

/// A constant's SQL, in the encoding `value` describes.
pub(crate) fn literal_sql(d: &Datum) -> String {
    use rusqlite::types::Value as V;
    match d.to_sql() {
        V::Null => "NULL".to_string(),
        V::Integer(i) => i.to_string(),
        V::Real(r) if r.is_finite() => format!("{r:e}"),
        V::Real(_) => "NULL".to_string(),
        V::Text(t) => format!("'{}'", t.replace('\'', "''")),
        V::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
            format!("X'{hex}'")
        }
    }
}

/// Flink's name for a type's family in "No match found for function signature" errors.
fn family(t: &FlinkType) -> &'static str {
    match t.kind {
        _ if t.is_numeric() => "NUMERIC",
        _ if t.is_string() => "CHARACTER",
        _ if t.is_binary() => "BINARY",
        Kind::Boolean => "BOOLEAN",
        Kind::Date => "DATE",
        Kind::Time(_) => "TIME",
        Kind::Timestamp(_) => "TIMESTAMP",
        Kind::TimestampLtz(_) => "TIMESTAMP_WITH_LOCAL_TIME_ZONE",
        Kind::IntervalMonths(_) => "INTERVAL_YEAR_MONTH",
        Kind::IntervalMillis(_) => "INTERVAL_DAY_TIME",
        Kind::Array(_) => "ARRAY",
        Kind::Map(..) => "MAP",
        Kind::Multiset(_) => "MULTISET",
        Kind::Row(_) => "ROW",
        _ => "NULL",
    }
}

/// Whether SQLite's own comparison of the two types' encodings is Flink's.
fn natively_comparable(a: &FlinkType, b: &FlinkType) -> bool {
    let class = |t: &FlinkType| match t.kind {
        _ if t.is_integer() || t.is_approximate() => 1,
        Kind::Boolean => 2,
        _ if t.is_string() => 3,
        Kind::Date => 4,
        Kind::Time(_) => 5,
        Kind::Timestamp(_) => 6,
        Kind::TimestampLtz(_) => 7,
        Kind::IntervalMonths(_) => 8,
        Kind::IntervalMillis(_) => 9,
        _ if t.is_binary() => 10,
        _ => 0,
    };
    let (x, y) = (class(a), class(b));
    x != 0 && x == y
}

impl Translator<'_> {
    // Grows the stack as it recurses, as sqlparser does: nesting cannot overflow it.
    #[recursive::recursive]
    pub(crate) fn expr(&mut self, e: &AstExpr, scope: &Scope) -> Result<Typed> {
        if !self.nulled.is_empty() && self.nulled.contains(e) {
            let saved = std::mem::take(&mut self.nulled);
            let refs = self.refs.last().map_or(0, Vec::len);
            let t = self.expr(e, scope);
            if let Some(r) = self.refs.last_mut() {
                r.truncate(refs);
            }
            self.nulled = saved;
            return Ok(typed("NULL", t?.ty.with_nullable(true)));
        }
        match e {
            AstExpr::Identifier(i) => self.column(std::slice::from_ref(&i.value), scope),
            AstExpr::CompoundIdentifier(parts) => {
                let names: Vec<String> = parts.iter().map(|p| p.value.clone()).collect();
                self.column(&names, scope)
            }
            AstExpr::Value(v) => self.value(&v.value),
            AstExpr::TypedString(ts) => {
                let text = match &ts.value.value {
                    Value::SingleQuotedString(s) => s.clone(),
                    other => other.to_string(),
                };
                let kind = match &ts.data_type {
                    DataType::Date => "DATE",
                    DataType::Time(..) => "TIME",
                    DataType::Timestamp(..) | DataType::Datetime(_) => "TIMESTAMP",
                    other => {
                        let name = other.to_string().to_ascii_uppercase();
                        if name.starts_with("TIMESTAMP_LTZ") || name.contains("LOCAL TIME ZONE") {
                            "TIMESTAMP_LTZ"
                        } else {
                            return Err(validation(format!("unsupported literal: {e}")));
                        }
                    }
                };
                let (d, t) = func::text::parse_literal(kind, &text).map_err(validation)?;
                Ok(typed(literal_sql(&d), t))
            }
            AstExpr::Interval(iv) => {
                let text = match iv.value.as_ref() {
                    AstExpr::Value(v) => match &v.value {
                        Value::SingleQuotedString(s) => s.clone(),
                        Value::Number(n, _) => n.clone(),
                        other => other.to_string(),
                    },
                    AstExpr::UnaryOp {
                        op: UnaryOperator::Minus,
                        expr,
                    } => format!("-{}", expr.to_string().trim_matches('\'')),
                    other => {
                        return Err(validation(format!("unsupported INTERVAL value: {other}")));
                    }
                };
                let from = iv.leading_field.as_ref().map(unit_name).unwrap_or("SECOND");
                let to = iv.last_field.as_ref().map(unit_name);
                let (d, t) = func::interval::interval_literal(
                    &text,
                    from,
                    to,
                    iv.leading_precision.map(|p| p as u32),
                )
                .map_err(validation)?;
                Ok(typed(literal_sql(&d), t))
            }
            AstExpr::Nested(inner) => self.expr(inner, scope),
            AstExpr::IsNull(x) | AstExpr::IsUnknown(x) => {
                let t = self.expr(x, scope)?;
                Ok(typed(
                    format!("({} IS NULL)", t.sql),
                    FlinkType::not_null(Kind::Boolean),
                ))
            }
            AstExpr::IsNotNull(x) | AstExpr::IsNotUnknown(x) => {
                let t = self.expr(x, scope)?;
                Ok(typed(
                    format!("({} IS NOT NULL)", t.sql),
                    FlinkType::not_null(Kind::Boolean),
                ))
            }
            AstExpr::IsTrue(x) => self.is_bool(x, "IS TRUE", scope),
            AstExpr::IsNotTrue(x) => self.is_bool(x, "IS NOT TRUE", scope),
            AstExpr::IsFalse(x) => self.is_bool(x, "IS FALSE", scope),
            AstExpr::IsNotFalse(x) => self.is_bool(x, "IS NOT FALSE", scope),
            AstExpr::IsDistinctFrom(a, b) => {
                let (a, b) = (self.expr(a, scope)?, self.expr(b, scope)?);
                self.operator("IS DISTINCT FROM", vec![a, b])
            }
            AstExpr::IsNotDistinctFrom(a, b) => {
                let (a, b) = (self.expr(a, scope)?, self.expr(b, scope)?);
                self.operator("IS NOT DISTINCT FROM", vec![a, b])
            }
            AstExpr::UnaryOp { op, expr } => match op {
                UnaryOperator::Not => {
                    let t = self.expr(expr, scope)?;
                    self.expect_boolean(&t, "NOT")?;
                    Ok(typed(
                        format!("(NOT {})", t.sql),
                        t.ty.with_nullable(t.ty.nullable),
                    ))
                }
                UnaryOperator::Minus => {
                    // A negative literal is one literal (`-2147483648` is an INT).
                    if let AstExpr::Value(v) = expr.as_ref()
                        && let Value::Number(n, _) = &v.value
                    {
                        return self.number(&format!("-{n}"));
                    }
                    let t = self.expr(expr, scope)?;
                    self.operator("NEGATE", vec![t])
                }
                UnaryOperator::Plus => self.expr(expr, scope),
                other => Err(validation(format!("unsupported operator {other}"))),
            },
            AstExpr::BinaryOp { left, op, right } => self.binary(left, op, right, scope),
            AstExpr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                // `BETWEEN SYMMETRIC` (its low bound marked by the parser) is Calcite's
                // `x BETWEEN lo AND hi OR x BETWEEN hi AND lo`.
                let (low, symmetric) = match low.as_ref() {
                    AstExpr::Prefixed { prefix, value }
                        if prefix.quote_style.is_none()
                            && prefix.value == crate::sql::dialect::SYMMETRIC =>
                    {
                        (value.as_ref(), true)
                    }
                    other => (other, false),
                };
                let x = self.expr(expr, scope)?;
                let lo = self.expr(low, scope)?;
                let hi = self.expr(high, scope)?;
                let mut between = self.between(&x, &lo, &hi)?;
                if symmetric {
                    let swapped = self.between(&x, &hi, &lo)?;
                    between = typed(
                        format!("({} OR {})", between.sql, swapped.sql),
                        between.ty.nullable_if(&[&swapped.ty]),
                    );
                }
                Ok(negate(between, *negated))
            }
            AstExpr::In {
                expr,
                target: sqlparser::ast::InTarget::List(list),
                negated,
                ..
            } => {
                let x = self.expr(expr, scope)?;
                let mut items = Vec::new();
                let mut nullable = x.ty.nullable;
                for item in list {
                    let t = self.expr(item, scope)?;
                    let c = self.comparison("=", x.clone(), t)?;
                    nullable |= c.ty.nullable;
                    items.push(c.sql);
                }
                let sql = format!("({})", items.join(" OR "));
                let ty = FlinkType::new(Kind::Boolean, nullable);
                Ok(negate(typed(sql, ty), *negated))
            }
            AstExpr::In {
                expr,
                target: sqlparser::ast::InTarget::Subquery(subquery),
                negated,
                ..
            } => {
                // `(a, b) IN (SELECT x, y …)`: SQLite compares row values.
                let values: Vec<Typed> = match expr.as_ref() {
                    AstExpr::Tuple(items) => items
                        .iter()
                        .map(|i| self.expr(i, scope))
                        .collect::<Result<_>>()?,
                    e => vec![self.expr(e, scope)?],
                };
                let width = values.len();
                let sub = self.query(subquery, Some(scope))?;
                if sub.cols.len() != width {
                    return Err(validation(
                        "the subquery of IN must return as many columns as there are values before IN",
                    ));
                }
                // SQLite compares the stored encodings: values of types it cannot compare
                // that way (DECIMALs of two scales, whose texts differ) meet in their
                // common type first.
                let mut parts = Vec::new();
                let mut list = Vec::new();
                for (i, value) in values.into_iter().enumerate() {
                    let column = Typed {
                        sql: super::column_name(i),
                        ty: sub.cols[i].1.clone(),
                    };
                    let common = (value.ty.kind != column.ty.kind
                        && !natively_comparable(&value.ty, &column.ty))
                    .then(|| FlinkType::common(&[&value.ty, &column.ty]))
                    .flatten();
                    let (value, column) = match common {
                        Some(common) => (self.coerce(value, &common), self.coerce(column, &common)),
                        None => (value, column),
                    };
                    parts.push(value);
                    list.push(column.sql);
                }
                let nullable = parts.iter().any(|p| p.ty.nullable);
                let x = if width == 1 {
                    parts.remove(0)
                } else {
                    let sql: Vec<String> = parts.into_iter().map(|p| p.sql).collect();
                    typed(
                        format!("({})", sql.join(", ")),
                        FlinkType::new(Kind::Boolean, nullable),
                    )
                };
                let sub = super::Sub {
                    sql: format!("SELECT {} FROM ({})", list.join(", "), sub.sql),
                    cols: sub.cols,
                };
                let not = if *negated { "NOT " } else { "" };
                let ty = FlinkType::new(Kind::Boolean, x.ty.nullable || sub.cols[0].1.nullable);
                Ok(typed(format!("({} {not}IN ({}))", x.sql, sub.sql), ty))
            }
            AstExpr::Exists { subquery, negated } => {
                let sub = self.query(subquery, Some(scope))?;
                let not = if *negated { "NOT " } else { "" };
                Ok(typed(
                    format!("({not}EXISTS ({}))", sub.sql),
                    FlinkType::not_null(Kind::Boolean),
                ))
            }
            AstExpr::Subquery(q) => {
                let sub = self.query(q, Some(scope))?;
                if sub.cols.len() != 1 {
                    return Err(validation("a scalar subquery must return one column"));
                }
                let ty = sub.cols[0].1.with_nullable(true);
                Ok(typed(format!("(SELECT c0 FROM ({}))", sub.sql), ty))
            }
            AstExpr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => self.case(
                operand.as_deref(),
                conditions,
                else_result.as_deref(),
                scope,
            ),
            AstExpr::Cast {
                kind,
                expr,
                data_type,
                ..
            } => {
                let x = self.expr(expr, scope)?;
                let to = FlinkType::parse(&data_type.to_string())
                    .ok_or_else(|| validation(format!("Unknown identifier '{data_type}'")))?;
                let try_cast = matches!(kind, CastKind::TryCast | CastKind::SafeCast);
                if !cast::castable(&x.ty, &to) {
                    return Err(validation(cast::cast_error(&x.ty, &to).unwrap_or_else(
                        || {
                            format!(
                                "Cast function cannot convert value of type {} to type {}",
                                x.ty, to
                            )
                        },
                    )));
                }
                // TRY_CAST may give NULL; CAST is as nullable as its argument.
                let ret = to.with_nullable(try_cast || x.ty.nullable);
                Ok(self.call(Op::Cast { try_cast }, vec![x], ret))
            }
            AstExpr::Like {
                negated,
                expr,
                pattern,
                escape_char,
                any,
                ..
            } => {
                if *any {
                    return Err(validation("LIKE ANY is not supported by Flink"));
                }
                let mut args = vec![self.expr(expr, scope)?, self.expr(pattern, scope)?];
                if let Some(esc) = escape_char {
                    args.push(self.expr(esc, scope)?);
                }
                let t = self.operator("LIKE", args)?;
                Ok(negate(t, *negated))
            }
            AstExpr::SimilarTo {
                negated,
                expr,
                pattern,
                escape_char,
            } => {
                let mut args = vec![self.expr(expr, scope)?, self.expr(pattern, scope)?];
                if let Some(esc) = escape_char {
                    args.push(self.expr(esc, scope)?);
                }
                let t = self.operator("SIMILAR TO", args)?;
                Ok(negate(t, *negated))
            }
            AstExpr::Extract { field, expr, .. } => {
                let unit = self.unit_literal(unit_name(field));
                let x = self.expr(expr, scope)?;
                self.operator("EXTRACT", vec![unit, x])
            }
            AstExpr::Ceil { expr, field } | AstExpr::Floor { expr, field } => {
                let name = if matches!(e, AstExpr::Ceil { .. }) {
                    "CEIL"
                } else {
                    "FLOOR"
                };
                let x = self.expr(expr, scope)?;
                match field {
                    sqlparser::ast::CeilFloorKind::DateTimeField(DateTimeField::NoDateTime) => {
                        self.operator(name, vec![x])
                    }
                    sqlparser::ast::CeilFloorKind::DateTimeField(f) => {
                        let unit = self.unit_literal(unit_name(f));
                        self.operator(&format!("{name}_TIME"), vec![x, unit])
                    }
                    sqlparser::ast::CeilFloorKind::Scale(_) => {
                        Err(validation(format!("unsupported {name}: {e}")))
                    }
                }
            }
            AstExpr::Position { expr, r#in } => {
                let (a, b) = (self.expr(expr, scope)?, self.expr(r#in, scope)?);
                self.operator("POSITION", vec![a, b])
            }
            AstExpr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let mut args = vec![self.expr(expr, scope)?];
                if let Some(f) = substring_from {
                    args.push(self.expr(f, scope)?);
                }
                if let Some(f) = substring_for {
                    args.push(self.expr(f, scope)?);
                }
                self.operator("SUBSTRING", args)
            }
            AstExpr::Trim {
                expr,
                trim_where,
                trim_what,
                trim_characters,
            } => {
                let mode = match trim_where {
                    Some(sqlparser::ast::TrimWhereField::Leading) => "LEADING",
                    Some(sqlparser::ast::TrimWhereField::Trailing) => "TRAILING",
                    _ => "BOTH",
                };
                if trim_characters.is_some() {
                    return Err(validation(
                        "TRIM with a list of characters is not Flink syntax",
                    ));
                }
                let mode = self.unit_literal(mode);
                let chars = match trim_what {
                    Some(w) => self.expr(w, scope)?,
                    None => typed("' '", FlinkType::not_null(Kind::Char(1))),
                };
                let x = self.expr(expr, scope)?;
                self.operator("TRIM", vec![mode, chars, x])
            }
            AstExpr::Overlay {
                expr,
                overlay_what,
                overlay_from,
                overlay_for,
            } => {
                let mut args = vec![
                    self.expr(expr, scope)?,
                    self.expr(overlay_what, scope)?,
                    self.expr(overlay_from, scope)?,
                ];
                if let Some(f) = overlay_for {
                    args.push(self.expr(f, scope)?);
                }
                self.operator("OVERLAY", args)
            }
            AstExpr::Array(arr) => {
                let mut args = Vec::new();
                for x in &arr.elem {
                    args.push(self.expr(x, scope)?);
                }
                self.operator("ARRAY", args)
            }
            AstExpr::Prefixed { prefix, value } if prefix.value.eq_ignore_ascii_case("MAP") => {
                let AstExpr::Array(arr) = value.as_ref() else {
                    return Err(validation(format!("unsupported expression: {e}")));
                };
                let mut args = Vec::new();
                for x in &arr.elem {
                    args.push(self.expr(x, scope)?);
                }
                self.operator("MAP", args)
            }
            // `_UTF16'text'`: a character set introducer on a string literal.
            AstExpr::Prefixed { prefix, value }
                if prefix.value.starts_with('_') && matches!(value.as_ref(), AstExpr::Value(_)) =>
            {
                self.expr(value, scope)
            }
            AstExpr::Tuple(items) => {
                let mut args = Vec::new();
                for x in items {
                    args.push(self.expr(x, scope)?);
                }
                self.operator("ROW", args)
            }
            AstExpr::CompoundFieldAccess { root, access_chain } => {
                let mut t = self.expr(root, scope)?;
                for access in access_chain {
                    t = match access {
                        sqlparser::ast::AccessExpr::Subscript(
                            sqlparser::ast::Subscript::Index { index },
                        ) => {
                            let i = self.expr(index, scope)?;
                            self.operator("ITEM", vec![t, i])?
                        }
                        sqlparser::ast::AccessExpr::Dot(AstExpr::Identifier(field)) => {
                            self.field(t, &field.value)?
                        }
                        other => return Err(validation(format!("unsupported access: {other}"))),
                    };
                }
                Ok(t)
            }
            AstExpr::Function(f) => self.function(f, scope),
            AstExpr::AnyOp {
                left,
                compare_op,
                right,
                ..
            }
            | AstExpr::AllOp {
                left,
                compare_op,
                right,
            } => {
                let all = matches!(e, AstExpr::AllOp { .. });
                let AstExpr::Subquery(q) = right.as_ref() else {
                    return Err(validation(format!("unsupported expression: {e}")));
                };
                let op = match compare_op {
                    BinaryOperator::Eq => "=",
                    BinaryOperator::NotEq => "<>",
                    BinaryOperator::Lt => "<",
                    BinaryOperator::LtEq => "<=",
                    BinaryOperator::Gt => ">",
                    BinaryOperator::GtEq => ">=",
                    other => return Err(validation(format!("unsupported comparison {other}"))),
                };
                let x = self.expr(left, scope)?;
                let sub = self.query(q, Some(scope))?;
                if sub.cols.len() != 1 {
                    return Err(validation("the subquery must return one column"));
                }
                let alias = self.alias();
                let c = typed(format!("{alias}.c0"), sub.cols[0].1.clone());
                let cmp = self.comparison(op, x, c)?;
                let sql = if all {
                    format!(
                        "(NOT EXISTS (SELECT 1 FROM ({}) AS {alias} WHERE NOT {}))",
                        sub.sql, cmp.sql
                    )
                } else {
                    format!(
                        "(EXISTS (SELECT 1 FROM ({}) AS {alias} WHERE {}))",
                        sub.sql, cmp.sql
                    )
                };
                Ok(typed(sql, FlinkType::not_null(Kind::Boolean)))
            }
            AstExpr::IsJson {
                expr,
                kind,
                negated,
                ..
            } => {
                let x = self.expr(expr, scope)?;
                let kind = match kind {
                    Some(sqlparser::ast::JsonPredicateType::Object) => "OBJECT",
                    Some(sqlparser::ast::JsonPredicateType::Array) => "ARRAY",
                    Some(sqlparser::ast::JsonPredicateType::Scalar) => "SCALAR",
                    _ => "VALUE",
                };
                let kind = self.unit_literal(kind);
                let t = self.operator("IS JSON", vec![x, kind])?;
                Ok(negate(t, *negated))
            }
            other => Err(validation(format!(
                "the local engine does not support this expression yet: {other}"
            ))),
        }
    }

    fn is_bool(&mut self, x: &AstExpr, test: &str, scope: &Scope) -> Result<Typed> {
        let t = self.expr(x, scope)?;
        self.expect_boolean(&t, test)?;
        Ok(typed(
            format!("({} {test})", t.sql),
            FlinkType::not_null(Kind::Boolean),
        ))
    }

    /// A STRING constant naming a unit or mode, passed to a function.
    fn unit_literal(&self, name: &str) -> Typed {
        typed(
            format!("'{name}'"),
            FlinkType::not_null(Kind::Char(name.len() as u32)),
        )
    }

    /// A ROW's field by name.
    fn field(&mut self, row: Typed, name: &str) -> Result<Typed> {
        let Kind::Row(fields) = &row.ty.kind else {
            return Err(validation(format!(
                "Column '{name}' not found in any table"
            )));
        };
        let k = fields
            .iter()
            .position(|(n, _)| n == name)
            .ok_or_else(|| validation(format!("Unknown field '{name}'")))?;
        let ft = fields[k]
            .1
            .with_nullable(fields[k].1.nullable || row.ty.nullable);
        let json = format!("json_extract({}, '$[{k}]')", row.sql);
        let sql = match ft.kind {
            Kind::Array(_) | Kind::Multiset(_) | Kind::Map(..) | Kind::Row(_) => {
                format!("CASE WHEN {json} IS NULL THEN NULL ELSE json({json}) END")
            }
            _ => json,
        };
        Ok(typed(sql, ft))
    }

    /// A column reference: `name`, `t.name`, `db.t.name`, … or a ROW field of one.
    pub(crate) fn column(&mut self, parts: &[String], scope: &Scope) -> Result<Typed> {
        let not_found = || {
            validation(format!(
                "Column '{}' not found in any table",
                parts.join(".")
            ))
        };
        let mut level = Some(scope);
        while let Some(s) = level {
            // `name` alone.
            if parts.len() == 1 {
                let hits: Vec<&super::Col> = s
                    .rels
                    .iter()
                    .flat_map(|r| r.cols.iter())
                    .filter(|c| c.name == parts[0])
                    .collect();
                let visible: Vec<&&super::Col> = hits.iter().filter(|c| !c.hidden).collect();
                match (hits.len(), visible.len()) {
                    (0, _) => {}
                    (1, _) | (_, 1) => {
                        let c = visible.first().map(|c| **c).unwrap_or(hits[0]);
                        let t = typed(c.sql.clone(), c.ty.clone());
                        self.note_ref(std::ptr::eq(s, scope), &t.sql, &parts[0]);
                        return Ok(t);
                    }
                    _ => {
                        return Err(validation(format!("Column '{}' is ambiguous", parts[0])));
                    }
                }
            } else {
                // A qualifier, then a column, then perhaps ROW fields.
                for split in (1..parts.len()).rev() {
                    let (qualifier, rest) = parts.split_at(split);
                    if let Some(rel) = s
                        .rels
                        .iter()
                        .find(|r| !r.qualifier.is_empty() && r.qualifier.ends_with(qualifier))
                    {
                        let Some(c) = rel.cols.iter().find(|c| c.name == rest[0]) else {
                            return Err(validation(format!(
                                "Column '{}' not found in table '{}'",
                                rest[0],
                                qualifier.join(".")
                            )));
                        };
                        let mut t = typed(c.sql.clone(), c.ty.clone());
                        self.note_ref(std::ptr::eq(s, scope), &t.sql, &parts.join("."));
                        for f in &rest[1..] {
                            t = self.field(t, f)?;
                        }
                        return Ok(t);
                    }
                }
                // `row_column.field`
                let first = s
                    .rels
                    .iter()
                    .flat_map(|r| r.cols.iter())
                    .find(|c| c.name == parts[0] && !c.hidden);
                if let Some(c) = first {
                    let mut t = typed(c.sql.clone(), c.ty.clone());
                    self.note_ref(std::ptr::eq(s, scope), &t.sql, &parts[0]);
                    for f in &parts[1..] {
                        t = self.field(t, f)?;
                    }
                    return Ok(t);
                }
            }
            level = s.parent;
        }
        if parts.len() > 1 {
            let q = parts[..parts.len() - 1].join(".");
            return Err(validation(format!("Table '{q}' not found")));
        }
        Err(not_found())
    }

    /// Remembers a column of the current SELECT read outside any aggregate.
    fn note_ref(&mut self, own: bool, sql: &str, name: &str) {
        if own
            && self.agg_depth == 0
            && let Some(refs) = self.refs.last_mut()
        {
            refs.push((sql.to_string(), name.to_string()));
        }
    }

    fn value(&mut self, v: &Value) -> Result<Typed> {
        match v {
            Value::Number(n, _) => self.number(n),
            Value::SingleQuotedString(s) => {
                let len = s.chars().count() as u32;
                Ok(typed(
                    literal_sql(&Datum::Str(s.clone())),
                    FlinkType::not_null(Kind::Char(len)),
                ))
            }
            Value::Boolean(b) => Ok(typed(
                if *b { "1" } else { "0" },
                FlinkType::not_null(Kind::Boolean),
            )),
            Value::Null => Ok(typed("NULL", FlinkType::null())),
            Value::HexStringLiteral(h) => {
                let bytes: Option<Vec<u8>> = (0..h.len())
                    .step_by(2)
                    .map(|i| h.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
                    .collect();
                let bytes =
                    bytes.ok_or_else(|| validation(format!("invalid binary literal X'{h}'")))?;
                let n = bytes.len() as u32;
                Ok(typed(
                    literal_sql(&Datum::Bytes(bytes)),
                    FlinkType::not_null(Kind::Binary(n)),
                ))
            }
            Value::DoubleQuotedString(s) => {
                Err(validation(format!("Column '{s}' not found in any table")))
            }
            other => Err(validation(format!("unsupported literal: {other}"))),
        }
    }

    /// A numeric literal: INT, BIGINT, DECIMAL(p, s) or (with an exponent) DOUBLE.
    pub(crate) fn number(&mut self, n: &str) -> Result<Typed> {
        if n.contains(['e', 'E']) {
            let d: f64 = n
                .parse()
                .map_err(|_| validation(format!("invalid number {n}")))?;
            return Ok(typed(
                literal_sql(&Datum::Double(d)),
                FlinkType::not_null(Kind::Double),
            ));
        }
        if !n.contains('.')
            && let Ok(i) = n.parse::<i64>()
        {
            let kind = if i32::try_from(i).is_ok() {
                Kind::Int
            } else {
                Kind::BigInt
            };
            return Ok(typed(i.to_string(), FlinkType::not_null(kind)));
        }
        let digits = n.trim_start_matches('-');
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        // Calcite keeps an exact literal's unscaled value in a long.
        let unscaled = format!("{int}{frac}");
        if unscaled.trim_start_matches('0').parse::<i64>().is_err()
            && !unscaled.trim_start_matches('0').is_empty()
        {
            return Err(validation(format!(
                "Numeric literal '{digits}' out of range"
            )));
        }
        let int = int.trim_start_matches('0');
        let scale = frac.len();
        // `0.001` is DECIMAL(4, 3): the integer part has at least one digit.
        let precision = int.len().max(1) + scale;
        if precision > 38 {
            return Err(validation(format!("Numeric literal '{n}' out of range")));
        }
        let d = crate::backend::local::value::parse_decimal(n, scale as u8)
            .ok_or_else(|| validation(format!("invalid number {n}")))?;
        let Datum::Decimal(v, s) = d else {
            return Err(validation(format!("invalid number {n}")));
        };
        Ok(typed(
            format!("'{}'", decimal_text(v, s)),
            FlinkType::not_null(Kind::Decimal(precision.max(scale) as u8, s)),
        ))
    }

    fn binary(
        &mut self,
        left: &AstExpr,
        op: &BinaryOperator,
        right: &AstExpr,
        scope: &Scope,
    ) -> Result<Typed> {
        if matches!(op, BinaryOperator::Overlaps) {
            return self.overlaps(left, right, scope);
        }
        let l = self.expr(left, scope)?;
        let r = self.expr(right, scope)?;
        match op {
            BinaryOperator::And | BinaryOperator::Or => {
                self.expect_boolean(&l, "AND/OR")?;
                self.expect_boolean(&r, "AND/OR")?;
                let word = if matches!(op, BinaryOperator::And) {
                    "AND"
                } else {
                    "OR"
                };
                let ty = FlinkType::new(Kind::Boolean, l.ty.nullable || r.ty.nullable);
                Ok(typed(format!("({} {word} {})", l.sql, r.sql), ty))
            }
            BinaryOperator::Eq => self.comparison("=", l, r),
            BinaryOperator::NotEq => self.comparison("<>", l, r),
            BinaryOperator::Lt => self.comparison("<", l, r),
            BinaryOperator::LtEq => self.comparison("<=", l, r),
            BinaryOperator::Gt => self.comparison(">", l, r),
            BinaryOperator::GtEq => self.comparison(">=", l, r),
            BinaryOperator::StringConcat => self.operator("||", vec![l, r]),
            BinaryOperator::Plus | BinaryOperator::Minus => {
                let sym = if matches!(op, BinaryOperator::Plus) {
                    "+"
                } else {
                    "-"
                };
                if (l.ty.is_temporal() || r.ty.is_temporal())
                    && !l.ty.is_interval()
                    && !r.ty.is_interval()
                {
                    // DATE - DATE and the like: Calcite only knows numbers there.
                    let name = |t: &FlinkType| match t.kind {
                        Kind::Int => "INTEGER".to_string(),
                        _ => t.with_nullable(true).to_string(),
                    };
                    return Err(validation(format!(
                        "Cannot apply '{sym}' to arguments of type '<{}> {sym} <{}>'. Supported form(s): '<NUMERIC> {sym} <NUMERIC>'",
                        name(&l.ty),
                        name(&r.ty)
                    )));
                }
                if l.ty.is_temporal()
                    || r.ty.is_temporal()
                    || (l.ty.is_interval() && r.ty.is_interval())
                {
                    let name = if sym == "+" {
                        "DATETIME_PLUS"
                    } else {
                        "DATETIME_MINUS"
                    };
                    self.operator(name, vec![l, r])
                } else {
                    self.operator(sym, vec![l, r])
                }
            }
            BinaryOperator::Multiply => {
                if l.ty.is_interval() || r.ty.is_interval() {
                    self.operator("INTERVAL_TIMES", vec![l, r])
                } else {
                    self.operator("*", vec![l, r])
                }
            }
            // Flink's planner folds a constant divisor of zero and fails on it.
            BinaryOperator::Divide if is_zero_literal(right) && !l.ty.is_interval() => {
                Err(validation("Division by zero"))
            }
            BinaryOperator::Divide => self.operator("/", vec![l, r]),
            BinaryOperator::Modulo => self.operator("%", vec![l, r]),
            other => Err(validation(format!("unsupported operator {other}"))),
        }
    }

    /// A comparison: SQLite's own where its order is Flink's, else Flink's.
    pub(crate) fn comparison(&mut self, op: &str, l: Typed, r: Typed) -> Result<Typed> {
        let ty = FlinkType::new(Kind::Boolean, l.ty.nullable || r.ty.nullable);
        if natively_comparable(&l.ty, &r.ty) || l.ty.is_null() || r.ty.is_null() {
            return Ok(typed(format!("({} {op} {})", l.sql, r.sql), ty));
        }
        self.operator(op, vec![l, r])
    }

    /// A registered function or operator applied to typed arguments.
    pub(crate) fn operator(&mut self, name: &str, args: Vec<Typed>) -> Result<Typed> {
        let Some(f) = func::scalar(name) else {
            let sig: Vec<&str> = args.iter().map(|a| family(&a.ty)).collect();
            let sig = sig
                .iter()
                .map(|f| format!("<{f}>"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(validation(format!(
                "No match found for function signature {name}({sig})"
            )));
        };
        let types: Vec<FlinkType> = args.iter().map(|a| a.ty.clone()).collect();
        let ret = (f.infer)(&types).map_err(validation)?;
        Ok(self.call(Op::Scalar(f), args, ret))
    }

    fn case(
        &mut self,
        operand: Option<&AstExpr>,
        conditions: &[sqlparser::ast::CaseWhen],
        else_result: Option<&AstExpr>,
        scope: &Scope,
    ) -> Result<Typed> {
        let subject = match operand {
            Some(o) => Some(self.expr(o, scope)?),
            None => None,
        };
        let mut whens = Vec::new();
        let mut results = Vec::new();
        for cw in conditions {
            let c = self.expr(&cw.condition, scope)?;
            let c = match &subject {
                Some(s) => self.comparison("=", s.clone(), c)?,
                None => {
                    self.expect_boolean(&c, "CASE WHEN")?;
                    c
                }
            };
            whens.push(c.sql);
            results.push(self.expr(&cw.result, scope)?);
        }
        let else_t = match else_result {
            Some(e) => self.expr(e, scope)?,
            None => typed("NULL", FlinkType::null()),
        };
        let mut all: Vec<&FlinkType> = results.iter().map(|r| &r.ty).collect();
        all.push(&else_t.ty);
        let ty = FlinkType::common(&all)
            .ok_or_else(|| validation("Illegal mixing of types in CASE or COALESCE statement"))?;
        let mut sql = String::from("(CASE");
        for (w, r) in whens.into_iter().zip(results) {
            let r = self.coerce(r, &ty);
            sql.push_str(&format!(" WHEN {w} THEN {}", r.sql));
        }
        let e = self.coerce(else_t, &ty);
        sql.push_str(&format!(" ELSE {} END)", e.sql));
        Ok(typed(sql, ty))
    }

    fn function(&mut self, f: &Function, scope: &Scope) -> Result<Typed> {
        let name = f.name.to_string().to_ascii_uppercase();
        if matches!(
            name.as_str(),
            "JSON_VALUE" | "JSON_QUERY" | "JSON_OBJECT" | "JSON_ARRAY"
        ) {
            return self.json_call(&name, f, scope);
        }
        let known = func::scalar(&name).is_some()
            || func::aggregate(&name).is_some()
            || NATIVE_WINDOW.contains(&name.as_str())
            || matches!(
                name.as_str(),
                "COUNT" | "TYPEOF" | "GROUPING" | "GROUPING_ID"
            );
        if !known {
            let mut args = Vec::new();
            if let FunctionArguments::List(list) = &f.args {
                for a in &list.args {
                    if let FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) = a {
                        args.push(format!("<{}>", family(&self.expr(e, scope)?.ty)));
                    }
                }
            }
            return Err(validation(format!(
                "No match found for function signature {}({})",
                f.name,
                args.join(", ")
            )));
        }
        let (distinct, arg_exprs, star) = match &f.args {
            FunctionArguments::None => (false, Vec::new(), false),
            FunctionArguments::List(list) => {
                let distinct = matches!(
                    list.duplicate_treatment,
                    Some(sqlparser::ast::DuplicateTreatment::Distinct)
                );
                let mut exprs = Vec::new();
                let mut star = false;
                for a in &list.args {
                    match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => exprs.push(e.clone()),
                        FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => star = true,
                        // JSON_OBJECTAGG(k VALUE v): the key, then the value.
                        FunctionArg::Named {
                            name: key,
                            arg: FunctionArgExpr::Expr(e),
                            ..
                        } if name == "JSON_OBJECTAGG" => {
                            exprs.push(match key.quote_style {
                                Some('\'') => AstExpr::Value(
                                    Value::SingleQuotedString(key.value.clone()).into(),
                                ),
                                _ => AstExpr::Identifier(key.clone()),
                            });
                            exprs.push(e.clone());
                        }
                        FunctionArg::Named {
                            arg: FunctionArgExpr::Expr(e),
                            ..
                        } => exprs.push(e.clone()),
                        other => return Err(validation(format!("unsupported argument {other}"))),
                    }
                }
                (distinct, exprs, star)
            }
            FunctionArguments::Subquery(_) => {
                return Err(validation(format!("unsupported call: {f}")));
            }
        };
        let filter = match &f.filter {
            Some(cond) => {
                // FILTER reads rows before grouping, as the aggregate's argument does.
                self.agg_depth += 1;
                let c = self.expr(cond, scope);
                self.agg_depth -= 1;
                let c = c?;
                self.expect_boolean(&c, "FILTER")?;
                format!(" FILTER (WHERE {})", c.sql)
            }
            None => String::new(),
        };
        let is_aggregate =
            f.over.is_none() && (name == "COUNT" || func::aggregate(&name).is_some());
        if f.over.is_none()
            && NATIVE_WINDOW.contains(&name.as_str())
            && !matches!(name.as_str(), "FIRST_VALUE" | "LAST_VALUE")
        {
            return Err(validation("OVER clause is necessary for window functions"));
        }
        if is_aggregate {
            self.agg_depth += 1;
            self.agg_count += 1;
        }
        let args = self.function_args(&name, &arg_exprs, scope);
        if is_aggregate {
            self.agg_depth -= 1;
        }
        let mut args = args?;
        let over = match &f.over {
            Some(WindowType::WindowSpec(spec)) => Some(self.window_spec(spec, scope)?),
            Some(WindowType::NamedWindow(n)) => {
                let spec = self
                    .windows
                    .iter()
                    .rev()
                    .find(|(name, _)| *name == n.value)
                    .map(|(_, spec)| spec.clone())
                    .ok_or_else(|| validation(format!("Window '{n}' not found")))?;
                Some(self.window_spec(&spec, scope)?)
            }
            None => None,
        };
        if name == "TYPEOF" {
            let [a] = args.as_slice() else {
                return Err(validation(
                    "Invalid number of arguments to function 'TYPEOF'. Was expecting 1 arguments",
                ));
            };
            let text = a.ty.to_string();
            return Ok(typed(literal_sql(&Datum::Str(text)), FlinkType::string()));
        }
        if matches!(name.as_str(), "GROUPING" | "GROUPING_ID") {
            let mut bits = 0i64;
            for e in &arg_exprs {
                bits = bits * 2 + i64::from(self.nulled.contains(e));
            }
            return Ok(typed(bits.to_string(), FlinkType::not_null(Kind::BigInt)));
        }
        // COUNT is SQLite's own.
        if name == "COUNT" {
            let d = if distinct { "DISTINCT " } else { "" };
            let inner = if star || args.is_empty() {
                "*".to_string()
            } else if args.len() == 1 {
                args[0].sql.clone()
            } else {
                return Err(validation("COUNT takes one argument"));
            };
            let sql = format!(
                "count({d}{inner}){filter}{}",
                over.map(|o| format!(" OVER ({o})")).unwrap_or_default()
            );
            return Ok(typed(sql, FlinkType::not_null(Kind::BigInt)));
        }
        if let Some(over) = over
            .as_ref()
            .filter(|_| NATIVE_WINDOW.contains(&name.as_str()))
        {
            let ty = match name.as_str() {
                "ROW_NUMBER" | "RANK" | "DENSE_RANK" | "NTILE" => FlinkType::not_null(Kind::BigInt),
                "PERCENT_RANK" | "CUME_DIST" => FlinkType::not_null(Kind::Double),
                "LAG" | "LEAD" => {
                    let value = args
                        .first()
                        .map(|a| a.ty.clone())
                        .ok_or_else(|| validation(format!("{name} needs an argument")))?;
                    let nullable = args.get(2).is_none_or(|d| d.ty.nullable || value.nullable);
                    value.with_nullable(nullable)
                }
                _ => args
                    .first()
                    .map(|a| a.ty.clone())
                    .ok_or_else(|| validation(format!("{name} needs an argument")))?,
            };
            // LAG/LEAD's default must be of the value's type.
            if matches!(name.as_str(), "LAG" | "LEAD") && args.len() == 3 {
                let d = args.remove(2);
                let d = self.coerce(d, &ty);
                args.push(d);
            }
            // Flink's CUME_DIST counts each row of a tie on its own: its position over the
            // partition's size.
            if name == "CUME_DIST" {
                let partition = over.split(" ORDER BY ").next().unwrap_or("");
                let partition = if partition.starts_with("ORDER BY") {
                    ""
                } else {
                    partition
                };
                return Ok(typed(
                    format!("(row_number() OVER ({over}) * 1.0 / count(*) OVER ({partition}))"),
                    ty,
                ));
            }
            let list: Vec<String> = args.iter().map(|a| a.sql.clone()).collect();
            return Ok(typed(
                format!(
                    "{}({}) OVER ({over})",
                    name.to_ascii_lowercase(),
                    list.join(", ")
                ),
                ty,
            ));
        }
        if let Some(agg) = func::aggregate(&name) {
            if star {
                return Err(validation(format!("{name}(*) is not supported")));
            }
            let types: Vec<FlinkType> = args.iter().map(|a| a.ty.clone()).collect();
            let mut ret = (agg.infer)(&types).map_err(validation)?;
            // Flink validates a literal percentage; any other is checked on the data.
            if name == "PERCENTILE"
                && let Some(error) = arg_exprs
                    .get(1)
                    .and_then(literal_number)
                    .and_then(func::percentile::literal_percentage_error)
            {
                return Err(validation(error));
            }
            // Without GROUP BY (or over an explicit window frame) there may be no row to
            // aggregate; these aggregates then give NULL.
            let frame =
                matches!(&f.over, Some(WindowType::WindowSpec(w)) if w.window_frame.is_some());
            let never_null = matches!(
                name.as_str(),
                "COLLECT" | "ARRAY_AGG" | "JSON_ARRAYAGG" | "JSON_OBJECTAGG" | "LISTAGG"
            );
            if !never_null && (frame || (over.is_none() && !self.grouped)) {
                ret = ret.with_nullable(true);
            }
            // SQLite's DISTINCT takes one argument; with more (`PERCENTILE(DISTINCT x,
            // 0.5)`, `LISTAGG(DISTINCT s, ';')`) the accumulator drops repeated rows.
            let own_distinct = distinct && args.len() > 1;
            self.aggregates.push(AggregateSite {
                f: agg,
                sig: func::Signature {
                    args: types,
                    ret: ret.clone(),
                },
                distinct: own_distinct,
            });
            let id = self.aggregates.len() - 1;
            if distinct && args.is_empty() {
                return Err(validation(format!("{name}(DISTINCT) needs an argument")));
            }
            let d = if distinct && !own_distinct {
                "DISTINCT "
            } else {
                ""
            };
            let list: Vec<String> = args.iter().map(|a| a.sql.clone()).collect();
            let over = over.map(|o| format!(" OVER ({o})")).unwrap_or_default();
            return Ok(typed(
                format!("fla_{id}({d}{}){filter}{over}", list.join(", ")),
                ret,
            ));
        }
        if over.is_some() {
            return Err(validation(format!(
                "{name} is not an aggregate or window function"
            )));
        }
        if !filter.is_empty() {
            return Err(validation(format!(
                "FILTER is only allowed with aggregate functions, not {name}"
            )));
        }
        if distinct {
            return Err(validation(format!(
                "DISTINCT is only allowed in aggregate calls, not {name}"
            )));
        }
        match name.as_str() {
            // Result types that depend on a literal argument's value.
            "ROUND" | "TRUNCATE" if args.len() == 2 => {
                let t = self.operator(&name, args.clone())?;
                match arg_exprs.get(1).and_then(literal_int) {
                    Some(d) => {
                        let ret = func::math::round_type(&args[0].ty, d as i32)
                            .with_nullable(t.ty.nullable);
                        self.retype(t, &name, args, ret)
                    }
                    None => Ok(t),
                }
            }
            "TIMESTAMPADD" if args.len() == 3 => {
                let t = self.operator(&name, args.clone())?;
                let unit = args[0].sql.trim_matches('\'').to_string();
                let ret = func::temporal::timestampadd_type_for(&unit, &args[2].ty, &args[1].ty);
                self.retype(t, &name, args, ret)
            }
            "TO_TIMESTAMP_LTZ" if args.len() == 2 && args[0].ty.is_numeric() => {
                let t = self.operator(&name, args.clone())?;
                match arg_exprs.get(1).and_then(literal_int) {
                    Some(p) => {
                        let ret = func::timeconv::to_timestamp_ltz_type_for(p, t.ty.nullable);
                        self.retype(t, &name, args, ret)
                    }
                    None => Ok(t),
                }
            }
            _ => self.operator(&name, args),
        }
    }

    /// JSON_VALUE, JSON_QUERY, JSON_OBJECT and JSON_ARRAY in the call shapes
    /// `func::json` documents.
    fn json_call(&mut self, name: &str, f: &Function, scope: &Scope) -> Result<Typed> {
        let FunctionArguments::List(list) = &f.args else {
            return Err(validation(format!("{name} needs arguments")));
        };
        let mut returning = None;
        let mut on_null = None;
        for c in &list.clauses {
            match c {
                sqlparser::ast::FunctionArgumentClause::JsonReturningClause(r) => {
                    returning =
                        Some(FlinkType::parse(&r.data_type.to_string()).ok_or_else(|| {
                            validation(format!("Unknown identifier '{}'", r.data_type))
                        })?);
                }
                sqlparser::ast::FunctionArgumentClause::JsonNullClause(n) => {
                    on_null = Some(match n {
                        sqlparser::ast::JsonNullClause::AbsentOnNull => "ABSENT",
                        _ => "NULL",
                    });
                }
                other => return Err(validation(format!("{name} does not take {other}"))),
            }
        }
        match name {
            "JSON_VALUE" | "JSON_QUERY" => {
                let mut args = Vec::new();
                for a in &list.args {
                    match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => {
                            args.push(self.expr(e, scope)?)
                        }
                        other => return Err(validation(format!("unsupported argument {other}"))),
                    }
                }
                let Some(r) = returning else {
                    return self.operator(name, args);
                };
                let ret = if name == "JSON_VALUE" {
                    func::json::json_value_returning(&r).map_err(validation)?
                } else {
                    func::json::json_query_returning(&r).map_err(validation)?
                };
                let f = func::scalar(name).ok_or_else(|| {
                    validation(format!("No match found for function signature {name}"))
                })?;
                let types: Vec<FlinkType> = args.iter().map(|a| a.ty.clone()).collect();
                (f.infer)(&types).map_err(validation)?;
                Ok(self.call(Op::Scalar(f), args, ret))
            }
            _ => {
                let object = name == "JSON_OBJECT";
                let mode = on_null.unwrap_or(if object { "NULL" } else { "ABSENT" });
                let mut values = Vec::new();
                let mut raw = String::new();
                for a in &list.args {
                    let (key, value) = match a {
                        FunctionArg::ExprNamed {
                            name,
                            arg: FunctionArgExpr::Expr(v),
                            ..
                        } if object => (Some(name.clone()), v),
                        // `'k' VALUE v`: sqlparser keeps a quoted key as a name.
                        FunctionArg::Named {
                            name,
                            arg: FunctionArgExpr::Expr(v),
                            ..
                        } if object => {
                            let key = match name.quote_style {
                                Some('\'') => AstExpr::Value(
                                    Value::SingleQuotedString(name.value.clone()).into(),
                                ),
                                _ => AstExpr::Identifier(name.clone()),
                            };
                            (Some(key), v)
                        }
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(v)) if !object => (None, v),
                        other => {
                            return Err(validation(format!(
                                "unsupported argument of {name}: {other}"
                            )));
                        }
                    };
                    if let Some(k) = key {
                        values.push(self.expr(&k, scope)?);
                    }
                    let is_json = matches!(value, AstExpr::Function(g) if {
                        let n = g.name.to_string().to_ascii_uppercase();
                        n == "JSON_OBJECT" || n == "JSON_ARRAY"
                    });
                    raw.push(if is_json { 'J' } else { '-' });
                    values.push(self.expr(value, scope)?);
                }
                let mut args = vec![
                    self.unit_literal(mode),
                    typed(
                        format!("'{raw}'"),
                        FlinkType::not_null(Kind::Char(raw.len() as u32)),
                    ),
                ];
                args.extend(values);
                self.operator(name, args)
            }
        }
    }

    fn function_args(
        &mut self,
        name: &str,
        arg_exprs: &[AstExpr],
        scope: &Scope,
    ) -> Result<Vec<Typed>> {
        let mut args = Vec::new();
        for (k, e) in arg_exprs.iter().enumerate() {
            // TIMESTAMPADD(DAY, …): the unit is a keyword, not a column.
            if k == 0
                && matches!(name, "TIMESTAMPADD" | "TIMESTAMPDIFF")
                && let AstExpr::Identifier(unit) = e
            {
                let unit = unit.value.to_ascii_uppercase();
                let unit = unit.strip_prefix("SQL_TSI_").unwrap_or(&unit).to_string();
                args.push(typed(
                    format!("'{unit}'"),
                    FlinkType::not_null(Kind::Char(unit.len() as u32)),
                ));
                continue;
            }
            args.push(self.expr(e, scope)?);
        }
        Ok(args)
    }

    /// The call `t` of `name` again, with the result type `ret` its literal arguments
    /// decide.
    fn retype(&mut self, t: Typed, name: &str, args: Vec<Typed>, ret: FlinkType) -> Result<Typed> {
        if t.ty == ret {
            return Ok(t);
        }
        let f = func::scalar(name)
            .ok_or_else(|| validation(format!("No match found for function signature {name}")))?;
        Ok(self.call(Op::Scalar(f), args, ret))
    }

    /// An OVER clause's SQL.
    fn window_spec(&mut self, spec: &sqlparser::ast::WindowSpec, scope: &Scope) -> Result<String> {
        let mut out = Vec::new();
        if !spec.partition_by.is_empty() {
            let mut keys = Vec::new();
            for p in &spec.partition_by {
                keys.push(self.expr(p, scope)?.sql);
            }
            out.push(format!("PARTITION BY {}", keys.join(", ")));
        }
        if !spec.order_by.is_empty() {
            // SQLite computes a RANGE frame's offsets on the ORDER BY value itself.
            let offsets = spec.window_frame.as_ref().is_some_and(|f| {
                let offset = |b: &WindowFrameBound| {
                    matches!(
                        b,
                        WindowFrameBound::Preceding(Some(_)) | WindowFrameBound::Following(Some(_))
                    )
                };
                f.units == WindowFrameUnits::Range
                    && (offset(&f.start_bound) || f.end_bound.as_ref().is_some_and(offset))
            });
            let op = if offsets { Op::NumericKey } else { Op::SortKey };
            let mut keys = Vec::new();
            for o in &spec.order_by {
                let t = self.expr(&o.expr, scope)?;
                keys.push(self.decimal_order_key(t, &o.options, op.clone()));
            }
            out.push(format!("ORDER BY {}", keys.join(", ")));
        }
        if let Some(frame) = &spec.window_frame {
            let units = match frame.units {
                WindowFrameUnits::Rows => "ROWS",
                WindowFrameUnits::Range => "RANGE",
                WindowFrameUnits::Groups => {
                    return Err(validation("GROUPS frames are not supported by Flink"));
                }
            };
            let bound = |b: &WindowFrameBound| -> Result<String> {
                Ok(match b {
                    WindowFrameBound::CurrentRow => "CURRENT ROW".to_string(),
                    WindowFrameBound::Preceding(None) => "UNBOUNDED PRECEDING".to_string(),
                    WindowFrameBound::Following(None) => "UNBOUNDED FOLLOWING".to_string(),
                    WindowFrameBound::Preceding(Some(e)) => format!("{e} PRECEDING"),
                    WindowFrameBound::Following(Some(e)) => format!("{e} FOLLOWING"),
                })
            };
            let mut frame_sql = format!("{units} ");
            match &frame.end_bound {
                Some(end) => frame_sql.push_str(&format!(
                    "BETWEEN {} AND {}",
                    bound(&frame.start_bound)?,
                    bound(end)?
                )),
                None => frame_sql.push_str(&bound(&frame.start_bound)?),
            }
            if frame_sql.contains("INTERVAL") {
                return Err(validation(
                    "the local engine does not support RANGE frames over time intervals yet",
                ));
            }
            out.push(frame_sql);
        }
        Ok(out.join(" "))
    }
}

/// `NOT (t)` when `negated`.
fn negate(t: Typed, negated: bool) -> Typed {
    if negated {
        typed(format!("(NOT {})", t.sql), t.ty)
    } else {
        t
    }
}

/// An integer literal's value (`2`, `-2`).
fn literal_int(e: &AstExpr) -> Option<i64> {
    literal_value(e)
}

/// A numeric literal's value (`0.5`, `-1`, `2e0`).
fn literal_number(e: &AstExpr) -> Option<f64> {
    literal_value(e)
}

/// A numeric literal, possibly negated or in parentheses, read as `T`.
fn literal_value<T: std::str::FromStr + std::ops::Neg<Output = T>>(e: &AstExpr) -> Option<T> {
    match e {
        AstExpr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        AstExpr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => literal_value::<T>(expr).map(|n| -n),
        AstExpr::Nested(inner) => literal_value(inner),
        _ => None,
    }
}

/// A numeric literal equal to zero (`0`, `0.0`, `0e0`).
fn is_zero_literal(e: &AstExpr) -> bool {
    match e {
        AstExpr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse::<f64>().is_ok_and(|f| f == 0.0),
            _ => false,
        },
        AstExpr::Nested(inner) => is_zero_literal(inner),
        _ => false,
    }
}

/// Flink's name of a time unit.
pub(crate) fn unit_name(f: &DateTimeField) -> &'static str {
    match f {
        DateTimeField::Year | DateTimeField::Years => "YEAR",
        DateTimeField::Month | DateTimeField::Months => "MONTH",
        DateTimeField::Week(_) | DateTimeField::Weeks => "WEEK",
        DateTimeField::Day | DateTimeField::Days => "DAY",
        DateTimeField::DayOfWeek | DateTimeField::Dow => "DOW",
        DateTimeField::DayOfYear | DateTimeField::Doy => "DOY",
        DateTimeField::Hour | DateTimeField::Hours => "HOUR",
        DateTimeField::Minute | DateTimeField::Minutes => "MINUTE",
        DateTimeField::Second | DateTimeField::Seconds => "SECOND",
        DateTimeField::Millisecond | DateTimeField::Milliseconds => "MILLISECOND",
        DateTimeField::Microsecond | DateTimeField::Microseconds => "MICROSECOND",
        DateTimeField::Nanosecond | DateTimeField::Nanoseconds => "NANOSECOND",
        DateTimeField::Quarter => "QUARTER",
        DateTimeField::Century => "CENTURY",
        DateTimeField::Decade => "DECADE",
        DateTimeField::Epoch => "EPOCH",
        DateTimeField::Millennium | DateTimeField::Millenium => "MILLENNIUM",
        DateTimeField::Isodow => "ISODOW",
        _ => "UNKNOWN",
    }
}

impl Translator<'_> {
    /// `x >= lo AND x <= hi`, as Flink types it.
    fn between(&mut self, x: &Typed, lo: &Typed, hi: &Typed) -> Result<Typed> {
        let a = self.comparison(">=", x.clone(), lo.clone())?;
        let b = self.comparison("<=", x.clone(), hi.clone())?;
        let ty = a.ty.nullable_if(&[&b.ty]);
        Ok(typed(format!("({} AND {})", a.sql, b.sql), ty))
    }

    /// `(s0, e0) OVERLAPS (s1, e1)` as Calcite rewrites it: an interval end is `start +
    /// interval`, each period's end points are put in order (`CASE WHEN s <= e …`, which
    /// takes the second as start when the comparison is NULL), and the periods overlap when
    /// `e0 >= s1 AND e1 >= s0` (so periods that only touch overlap).
    fn overlaps(&mut self, left: &AstExpr, right: &AstExpr, scope: &Scope) -> Result<Typed> {
        let (l, r) = (self.period(left, scope)?, self.period(right, scope)?);
        let (Some((s0, e0, a)), Some((s1, e1, b))) = (l, r) else {
            return Err(self.overlaps_error(left, right, scope));
        };
        if std::mem::discriminant(&a.kind) != std::mem::discriminant(&b.kind) {
            return Err(self.overlaps_error(left, right, scope));
        }
        let (s0, e0) = ordered(s0, e0);
        let (s1, e1) = ordered(s1, e1);
        let both = AstExpr::BinaryOp {
            left: Box::new(binary(e0, BinaryOperator::GtEq, s1)),
            op: BinaryOperator::And,
            right: Box::new(binary(e1, BinaryOperator::GtEq, s0)),
        };
        self.expr(&both, scope)
    }

    /// A period operand of OVERLAPS: `(datetime, datetime of the same kind)` or
    /// `(datetime, interval)`, as its start and end expressions and the start's type.
    fn period(
        &mut self,
        e: &AstExpr,
        scope: &Scope,
    ) -> Result<Option<(AstExpr, AstExpr, FlinkType)>> {
        let Some(items) = row_items(e) else {
            return Ok(None);
        };
        let [start, end] = items.as_slice() else {
            return Ok(None);
        };
        let (start, end) = (start.clone(), end.clone());
        let (a, b) = (self.expr(&start, scope)?.ty, self.expr(&end, scope)?.ty);
        let datetime = |t: &FlinkType| {
            matches!(
                t.kind,
                Kind::Date | Kind::Time(_) | Kind::Timestamp(_) | Kind::TimestampLtz(_)
            )
        };
        if !datetime(&a) {
            return Ok(None);
        }
        if b.is_interval() {
            let end = binary(start.clone(), BinaryOperator::Plus, end);
            return Ok(Some((start, end, a)));
        }
        if datetime(&b) && std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind) {
            return Ok(Some((start, end, a)));
        }
        Ok(None)
    }

    /// Calcite's message for operands that are not periods of one kind of datetime.
    fn overlaps_error(
        &mut self,
        left: &AstExpr,
        right: &AstExpr,
        scope: &Scope,
    ) -> crate::error::Error {
        // Calcite names an interval literal's type by its qualifier (`INTERVAL DAY`),
        // where Flink's own type is `INTERVAL SECOND(3)`.
        let mut type_name = |e: &AstExpr| match e {
            AstExpr::Interval(iv) => {
                let from = iv.leading_field.as_ref().map_or("SECOND", unit_name);
                match iv.last_field.as_ref() {
                    Some(to) => format!("INTERVAL {from} TO {}", unit_name(to)),
                    None => format!("INTERVAL {from}"),
                }
            }
            other => self
                .expr(other, scope)
                .map(|t| func::args::calcite_name(&t.ty))
                .unwrap_or_else(|_| "ANY".to_string()),
        };
        let mut operand = |e: &AstExpr| -> String {
            match row_items(e) {
                Some(items) => {
                    let fields: Vec<String> = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| format!("{} EXPR${i}", type_name(item)))
                        .collect();
                    format!("RECORDTYPE:PEEK_NO_EXPAND({})", fields.join(", "))
                }
                None => type_name(e),
            }
        };
        let (l, r) = (operand(left), operand(right));
        validation(format!(
            "Cannot apply 'OVERLAPS' to arguments of type '<{l}> OVERLAPS <{r}>'. Supported form(s): '<DATETIME> OVERLAPS <DATETIME>'"
        ))
    }
}

/// The fields of a row constructor, `(a, b)` or `ROW(a, b)`.
fn row_items(e: &AstExpr) -> Option<Vec<AstExpr>> {
    match e {
        AstExpr::Tuple(items) => Some(items.clone()),
        AstExpr::Function(f) if f.name.to_string().eq_ignore_ascii_case("ROW") => {
            let FunctionArguments::List(list) = &f.args else {
                return None;
            };
            list.args
                .iter()
                .map(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                    _ => None,
                })
                .collect()
        }
        _ => None,
    }
}

fn binary(left: AstExpr, op: BinaryOperator, right: AstExpr) -> AstExpr {
    AstExpr::BinaryOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    }
}

/// A period's end points as (start, end): `CASE WHEN a <= b THEN a ELSE b END` and the
/// other way round.
fn ordered(a: AstExpr, b: AstExpr) -> (AstExpr, AstExpr) {
    let pick = |first: &AstExpr, second: &AstExpr| AstExpr::Case {
        case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        operand: None,
        conditions: vec![sqlparser::ast::CaseWhen {
            condition: binary(a.clone(), BinaryOperator::LtEq, b.clone()),
            result: first.clone(),
        }],
        else_result: Some(Box::new(second.clone())),
    };
    (pick(&a, &b), pick(&b, &a))
}
