//! Flink queries into SQLite SQL: names resolved as Flink resolves them (case-sensitive),
//! every expression typed as Flink types it, and each Flink operation a call of `fl`
//! (see `udf`), so SQLite does the relational work and Flink's functions the rest.

mod expr;
mod from;
mod select;
pub mod syntax;

use sqlparser::ast::{
    Expr as AstExpr, Ident, LimitClause, ObjectName, Offset, OrderByKind, Query, SetExpr,
    SetOperator, SetQuantifier,
};

use super::ftype::FlinkType;
use super::func::Signature;
use super::relation::Catalog;
use super::udf::{AggregateSite, Op, Site};
use crate::error::{Error, Result};

/// A translated query: SQLite SQL and the Flink name and type of each result column.
pub struct Plan {
    pub sql: String,
    pub columns: Vec<(String, FlinkType)>,
    pub sites: Vec<Site>,
    pub aggregates: Vec<AggregateSite>,
}

/// A typed SQL expression.
#[derive(Debug, Clone)]
pub(crate) struct Typed {
    pub sql: String,
    pub ty: FlinkType,
}

/// A column a name can resolve to.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub name: String,
    pub ty: FlinkType,
    pub sql: String,
    /// Left out of `*` and of unqualified names: a copy of a USING column, which the
    /// join's merged column stands for.
    pub hidden: bool,
}

/// A relation in a FROM clause, under the name a query qualifies it with.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    pub qualifier: Vec<String>,
    pub cols: Vec<Col>,
}

/// The names visible to an expression: this query's relations, then enclosing
/// queries' (correlated subqueries).
pub(crate) struct Scope<'s> {
    pub rels: Vec<Rel>,
    pub parent: Option<&'s Scope<'s>>,
}

/// A subquery's result: SQL whose columns are `c0`, `c1`, … and their Flink names and
/// types.
pub(crate) struct Sub {
    pub sql: String,
    pub cols: Vec<(String, FlinkType)>,
}

struct Cte {
    name: String,
    query: Query,
    columns: Vec<String>,
}

pub struct Translator<'a> {
    catalog: &'a dyn Catalog,
    sites: Vec<Site>,
    aggregates: Vec<AggregateSite>,
    next_alias: usize,
    ctes: Vec<Cte>,
    /// Views being expanded, to refuse a view that reads itself.
    expanding: Vec<String>,
    /// The grouping expressions the grouping set being translated leaves out: NULL in
    /// its rows (GROUPING SETS, ROLLUP, CUBE).
    nulled: Vec<AstExpr>,
    /// How many aggregate calls are being translated around the current expression.
    agg_depth: usize,
    /// Aggregate calls translated so far.
    agg_count: usize,
    /// Per SELECT being translated: its own columns referenced outside aggregates, to
    /// check they are grouped.
    refs: Vec<Vec<(String, String)>>,
    /// Whether the SELECT being translated has a GROUP BY.
    grouped: bool,
    /// Translating one grouping set of GROUPING SETS/ROLLUP/CUBE: grouped even when
    /// the set is empty.
    in_grouping_sets: bool,
    /// The named windows (`WINDOW w AS (…)`) of the SELECTs being translated.
    windows: Vec<(String, sqlparser::ast::WindowSpec)>,
}

/// How deeply views and subqueries may nest before the query is refused.
const MAX_DEPTH: usize = 64;

pub(crate) fn column_name(i: usize) -> String {
    format!("c{i}")
}

/// `name` quoted for SQLite.
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(crate) fn validation(message: impl Into<String>) -> Error {
    Error::statement(message.into())
}

pub(crate) fn ident_parts(name: &ObjectName) -> Vec<String> {
    name.0
        .iter()
        .map(|p| match p.as_ident() {
            Some(i) => i.value.clone(),
            None => p.to_string(),
        })
        .collect()
}

/// Flink keeps the case of unquoted names; it only folds nothing.
pub(crate) fn ident(i: &Ident) -> String {
    i.value.clone()
}

impl<'a> Translator<'a> {
    pub fn new(catalog: &'a dyn Catalog) -> Self {
        Translator {
            catalog,
            sites: Vec::new(),
            aggregates: Vec::new(),
            next_alias: 0,
            ctes: Vec::new(),
            expanding: Vec::new(),
            nulled: Vec::new(),
            agg_depth: 0,
            agg_count: 0,
            refs: Vec::new(),
            grouped: false,
            in_grouping_sets: false,
            windows: Vec::new(),
        }
    }

    /// Translates a top-level query.
    pub fn plan(mut self, q: &Query) -> Result<Plan> {
        let sub = self.query(q, None)?;
        Ok(Plan {
            sql: sub.sql,
            columns: unique_names(sub.cols),
            sites: self.sites,
            aggregates: self.aggregates,
        })
    }

    /// Translates the source of an INSERT into `columns` of `table`: its columns cast as
    /// a Flink sink casts them (strings and bytes kept whole: Flink's length enforcer
    /// is off by default).
    pub fn plan_insert(
        mut self,
        source: &Query,
        columns: &[&crate::backend::local::relation::RelationColumn],
        table: &str,
    ) -> Result<Plan> {
        let sub = self.query(source, None)?;
        if sub.cols.len() != columns.len() {
            return Err(validation(format!(
                "Column types of query result and sink for '{table}' do not match.\nCause: Different number of columns."
            )));
        }
        let alias = self.alias();
        let mut items = Vec::new();
        for (i, ((_, from), to)) in sub.cols.iter().zip(columns).enumerate() {
            let e = Typed {
                sql: format!("{alias}.{}", column_name(i)),
                ty: from.clone(),
            };
            let same_family = (from.is_string()
                && matches!(to.ty.kind, crate::backend::local::ftype::Kind::VarChar(_)))
                || (from.is_binary() && to.ty.is_binary());
            let assignable = same_family
                || from.is_null()
                || (from.is_string() && to.ty.is_string())
                || super::func::cast::implicit(from, &to.ty);
            if !assignable {
                return Err(validation(format!(
                    "Column types of query result and sink for '{table}' do not match.\nCause: Incompatible types for sink column '{}' at position {i}.",
                    to.name
                )));
            }
            let sql = if same_family {
                e.sql
            } else {
                self.coerce(e, &to.ty).sql
            };
            items.push(sql);
        }
        Ok(Plan {
            sql: format!("SELECT {} FROM ({}) AS {alias}", items.join(", "), sub.sql),
            columns: Vec::new(),
            sites: self.sites,
            aggregates: self.aggregates,
        })
    }

    /// The Flink type of the expression `text` over columns of these names and types
    /// (a computed column).
    pub fn expr_type(mut self, columns: &[(String, FlinkType)], text: &str) -> Result<FlinkType> {
        let e = from::parse_expr(text)?;
        let rel = Rel {
            qualifier: Vec::new(),
            cols: columns
                .iter()
                .map(|(name, ty)| Col {
                    name: name.clone(),
                    ty: ty.clone(),
                    sql: quote(name),
                    hidden: false,
                })
                .collect(),
        };
        let scope = Scope {
            rels: vec![rel],
            parent: None,
        };
        Ok(self.expr(&e, &scope)?.ty)
    }

    /// Translates the query `sql` of a view or computed column outside any scope.
    pub fn plan_text(self, text: &str) -> Result<Plan> {
        let q = parse_query(text)?;
        self.plan(&q)
    }

    pub(crate) fn alias(&mut self) -> String {
        self.next_alias += 1;
        format!("t{}", self.next_alias)
    }

    /// The call site for `op` on these types; one per distinct call, so the same
    /// expression always translates to the same SQL (GROUP BY keys match the select
    /// list's).
    pub(crate) fn site(&mut self, op: Op, args: Vec<FlinkType>, ret: FlinkType) -> usize {
        if let Some(k) = self
            .sites
            .iter()
            .position(|s| s.op.same(&op) && s.sig.args == args && s.sig.ret == ret)
        {
            return k;
        }
        self.sites.push(Site {
            op,
            sig: Signature { args, ret },
        });
        self.sites.len() - 1
    }

    /// `fl(site, args…)`.
    pub(crate) fn call(&mut self, op: Op, args: Vec<Typed>, ret: FlinkType) -> Typed {
        let types = args.iter().map(|a| a.ty.clone()).collect();
        let id = self.site(op, types, ret.clone());
        let mut sql = format!("fl({id}");
        for a in &args {
            sql.push_str(", ");
            sql.push_str(&a.sql);
        }
        sql.push(')');
        Typed { sql, ty: ret }
    }

    /// `e` as a value of type `to` (nothing to do when only nullability differs).
    pub(crate) fn coerce(&mut self, e: Typed, to: &FlinkType) -> Typed {
        if e.ty.kind == to.kind || e.ty.is_null() {
            return Typed {
                sql: e.sql,
                ty: to.with_nullable(e.ty.nullable || to.nullable),
            };
        }
        let ret = to.with_nullable(e.ty.nullable);
        self.call(Op::Cast { try_cast: false }, vec![e], ret)
    }

    fn depth_check(&self) -> Result<()> {
        if self.expanding.len() + self.ctes.len() > MAX_DEPTH {
            return Err(validation("the query nests views or subqueries too deeply"));
        }
        Ok(())
    }

    // Grows the stack as it recurses, as sqlparser does: nesting cannot overflow it.
    #[recursive::recursive]
    pub(crate) fn query(&mut self, q: &Query, outer: Option<&Scope>) -> Result<Sub> {
        self.depth_check()?;
        let pushed = match &q.with {
            Some(with) => {
                if with.recursive {
                    return Err(validation("WITH RECURSIVE is not supported by Flink"));
                }
                for cte in &with.cte_tables {
                    self.ctes.push(Cte {
                        name: ident(&cte.alias.name),
                        query: (*cte.query).clone(),
                        columns: cte.alias.columns.iter().map(|c| ident(&c.name)).collect(),
                    });
                }
                with.cte_tables.len()
            }
            None => 0,
        };
        // A subquery's aggregates are its own: they make no enclosing SELECT grouped.
        let aggregates = self.agg_count;
        let result = self.query_body(q, outer);
        self.agg_count = aggregates;
        for _ in 0..pushed {
            self.ctes.pop();
        }
        result
    }

    fn query_body(&mut self, q: &Query, outer: Option<&Scope>) -> Result<Sub> {
        let order_by = match &q.order_by {
            Some(o) => match &o.kind {
                OrderByKind::Expressions(items) => items.clone(),
                OrderByKind::All(_) => {
                    return Err(validation("ORDER BY ALL is not supported by Flink"));
                }
            },
            None => Vec::new(),
        };
        let mut sub = match q.body.as_ref() {
            SetExpr::Select(s) => self.select(s, &order_by, outer)?,
            other => {
                let mut sub = self.set_expr(other, outer)?;
                if !order_by.is_empty() {
                    let keys = self.order_by_outputs(&sub, &order_by)?;
                    sub.sql = format!("SELECT * FROM ({}) ORDER BY {keys}", sub.sql);
                }
                sub
            }
        };
        let fetch = match q.fetch.as_ref().and_then(|f| f.quantity.as_ref()) {
            Some(e) => Some(self.constant_count(e)?),
            None => None,
        };
        if let Some(limit) = &q.limit_clause {
            let (limit, offset) = match limit {
                LimitClause::LimitOffset { limit, offset, .. } => (
                    limit.clone(),
                    offset.as_ref().map(|o: &Offset| o.value.clone()),
                ),
                LimitClause::OffsetCommaLimit { offset, limit } => {
                    (Some(limit.clone()), Some(offset.clone()))
                }
            };
            let limit = match (limit, &fetch) {
                (Some(e), _) => self.constant_count(&e)?,
                (None, Some(n)) => n.clone(),
                (None, None) => "-1".to_string(),
            };
            sub.sql.push_str(&format!(" LIMIT {limit}"));
            if let Some(o) = offset {
                let o = self.constant_count(&o)?;
                sub.sql.push_str(&format!(" OFFSET {o}"));
            }
        }
        if q.limit_clause.is_none()
            && let Some(n) = fetch
        {
            sub.sql.push_str(&format!(" LIMIT {n}"));
        }
        Ok(sub)
    }

    /// A LIMIT/OFFSET count: a non-negative integer literal.
    fn constant_count(&mut self, e: &AstExpr) -> Result<String> {
        if let AstExpr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            ..
        } = e
        {
            use sqlparser::ast::Spanned;
            // sqlparser's span starts at the number; the minus sign is just before it.
            let at = e.span().start;
            return Err(validation(format!(
                "Encountered \"-\" at line {}, column {}.",
                at.line,
                at.column.saturating_sub(1).max(1)
            )));
        }
        match e {
            AstExpr::Value(v) => match &v.value {
                sqlparser::ast::Value::Number(n, _) if n.parse::<u64>().is_ok() => Ok(n.clone()),
                _ => Err(validation(format!(
                    "LIMIT and OFFSET take a non-negative integer, not {e}"
                ))),
            },
            _ => Err(validation(format!(
                "LIMIT and OFFSET take a non-negative integer, not {e}"
            ))),
        }
    }

    // Grows the stack as it recurses, as sqlparser does: nesting cannot overflow it.
    #[recursive::recursive]
    pub(crate) fn set_expr(&mut self, body: &SetExpr, outer: Option<&Scope>) -> Result<Sub> {
        match body {
            SetExpr::Select(s) => self.select(s, &[], outer),
            SetExpr::Query(q) => {
                let sub = self.query(q, outer)?;
                Ok(Sub {
                    sql: format!("SELECT * FROM ({})", sub.sql),
                    cols: sub.cols,
                })
            }
            SetExpr::Values(v) => {
                let rows: Vec<Vec<AstExpr>> = v.rows.iter().map(|r| r.content.clone()).collect();
                self.values(&rows, outer)
            }
            SetExpr::SetOperation {
                op,
                set_quantifier,
                left,
                right,
            } => self.set_operation(*op, *set_quantifier, left, right, outer),
            other => Err(validation(format!(
                "the local engine does not support this query form: {other}"
            ))),
        }
    }

    /// `VALUES (…), (…)`: each column of the rows' common type, named `EXPR$n`.
    pub(crate) fn values(&mut self, rows: &[Vec<AstExpr>], outer: Option<&Scope>) -> Result<Sub> {
        let scope = Scope {
            rels: Vec::new(),
            parent: outer,
        };
        let width = rows.first().map_or(0, Vec::len);
        let mut typed_rows = Vec::with_capacity(rows.len());
        for row in rows {
            if row.len() != width {
                return Err(validation(
                    "Values passed to VALUES operator must have compatible types",
                ));
            }
            let mut typed = Vec::with_capacity(width);
            for e in row {
                typed.push(self.expr(e, &scope)?);
            }
            typed_rows.push(typed);
        }
        let mut types = Vec::with_capacity(width);
        for i in 0..width {
            let column: Vec<&FlinkType> =
                typed_rows.iter().map(|r: &Vec<Typed>| &r[i].ty).collect();
            let t = FlinkType::common(&column).ok_or_else(|| {
                validation("Values passed to VALUES operator must have compatible types")
            })?;
            types.push(t);
        }
        let mut selects = Vec::with_capacity(typed_rows.len());
        for row in typed_rows {
            let items: Vec<String> = row
                .into_iter()
                .zip(&types)
                .enumerate()
                .map(|(i, (e, t))| format!("{} AS {}", self.coerce(e, t).sql, column_name(i)))
                .collect();
            selects.push(format!("SELECT {}", items.join(", ")));
        }
        Ok(Sub {
            sql: selects.join(" UNION ALL "),
            cols: types
                .into_iter()
                .enumerate()
                .map(|(i, t)| (format!("EXPR${i}"), t))
                .collect(),
        })
    }

    fn set_operation(
        &mut self,
        op: SetOperator,
        quantifier: SetQuantifier,
        left: &SetExpr,
        right: &SetExpr,
        outer: Option<&Scope>,
    ) -> Result<Sub> {
        let l = self.set_expr(left, outer)?;
        let r = self.set_expr(right, outer)?;
        let name = match op {
            SetOperator::Union => "UNION",
            SetOperator::Intersect => "INTERSECT",
            SetOperator::Except | SetOperator::Minus => "EXCEPT",
        };
        if l.cols.len() != r.cols.len() {
            return Err(validation(format!("Column count mismatch in {name}")));
        }
        let mut types = Vec::new();
        for ((_, a), (_, b)) in l.cols.iter().zip(&r.cols) {
            let t = FlinkType::common(&[a, b]).ok_or_else(|| {
                validation(format!("Type mismatch in column of {name}: {a} and {b}"))
            })?;
            types.push(t);
        }
        let all = matches!(quantifier, SetQuantifier::All);
        let left_sql = self.project_as(&l, &types, all && name != "UNION");
        let right_sql = self.project_as(&r, &types, all && name != "UNION");
        let sql = match (name, all) {
            ("UNION", true) => format!("{left_sql} UNION ALL {right_sql}"),
            (_, true) => {
                // SQLite has no INTERSECT ALL / EXCEPT ALL: number the duplicates, so the
                // n-th copy of a row only meets the n-th copy on the other side.
                let cols: Vec<String> = (0..types.len()).map(column_name).collect();
                format!(
                    "SELECT {} FROM ({left_sql} {name} {right_sql})",
                    cols.join(", ")
                )
            }
            _ => format!("{left_sql} {name} {right_sql}"),
        };
        Ok(Sub {
            sql: format!("SELECT * FROM ({sql})"),
            cols: l
                .cols
                .into_iter()
                .zip(types)
                .map(|((n, _), t)| (n, t))
                .collect(),
        })
    }

    /// `SELECT c0, c1, … FROM (sub)` with each column made of type `types[i]`; with
    /// `numbered`, an extra column numbering equal rows.
    pub(crate) fn project_as(&mut self, sub: &Sub, types: &[FlinkType], numbered: bool) -> String {
        let alias = self.alias();
        let mut items = Vec::new();
        for (i, ((_, from), to)) in sub.cols.iter().zip(types).enumerate() {
            let e = Typed {
                sql: format!("{alias}.{}", column_name(i)),
                ty: from.clone(),
            };
            items.push(format!("{} AS {}", self.coerce(e, to).sql, column_name(i)));
        }
        if numbered {
            let all: Vec<String> = (0..types.len())
                .map(|i| format!("{alias}.{}", column_name(i)))
                .collect();
            items.push(format!(
                "row_number() OVER (PARTITION BY {}) AS dup",
                all.join(", ")
            ));
        }
        format!("SELECT {} FROM ({}) AS {alias}", items.join(", "), sub.sql)
    }

    /// ORDER BY over a query's output columns (by name or position).
    pub(crate) fn order_by_outputs(
        &mut self,
        sub: &Sub,
        items: &[sqlparser::ast::OrderByExpr],
    ) -> Result<String> {
        let mut keys = Vec::new();
        for item in items {
            let index = match &item.expr {
                AstExpr::Identifier(i) => sub.cols.iter().position(|(n, _)| *n == i.value),
                AstExpr::Value(v) => match &v.value {
                    sqlparser::ast::Value::Number(n, _) => {
                        n.parse::<usize>().ok().and_then(|n| n.checked_sub(1))
                    }
                    _ => None,
                },
                _ => None,
            };
            let Some(index) = index.filter(|i| *i < sub.cols.len()) else {
                return Err(validation(format!(
                    "Column '{}' not found in any table",
                    item.expr
                )));
            };
            let e = Typed {
                sql: column_name(index),
                ty: sub.cols[index].1.clone(),
            };
            keys.push(self.sort_key(e, &item.options));
        }
        Ok(keys.join(", "))
    }

    /// One ORDER BY key: DECIMALs through a sortable key; Flink's default puts NULLs
    /// first ascending and last descending, as SQLite does.
    pub(crate) fn sort_key(
        &mut self,
        e: Typed,
        options: &sqlparser::ast::OrderByOptions,
    ) -> String {
        self.decimal_order_key(e, options, Op::SortKey)
    }

    /// An ORDER BY key with `op` making DECIMALs sortable (`Op::SortKey` exactly,
    /// `Op::NumericKey` as numbers for a RANGE frame's offsets).
    pub(crate) fn decimal_order_key(
        &mut self,
        e: Typed,
        options: &sqlparser::ast::OrderByOptions,
        op: Op,
    ) -> String {
        let asc = !matches!(options.sort, Some(sqlparser::ast::OrderBySort::Desc));
        let key = if e.ty.is_decimal() {
            let ty = e.ty.clone();
            self.call(op, vec![e], ty).sql
        } else {
            e.sql
        };
        let nulls = match options.nulls_first {
            Some(true) => " NULLS FIRST",
            Some(false) => " NULLS LAST",
            None => "",
        };
        format!("{key}{}{nulls}", if asc { "" } else { " DESC" })
    }
}

/// Calcite makes result names unique by numbering repeats (`a`, `a0`).
fn unique_names(cols: Vec<(String, FlinkType)>) -> Vec<(String, FlinkType)> {
    let mut seen: Vec<String> = Vec::new();
    cols.into_iter()
        .map(|(name, t)| {
            let mut unique = name.clone();
            let mut n = 0;
            while seen.contains(&unique) {
                unique = format!("{name}{n}");
                n += 1;
            }
            seen.push(unique.clone());
            (unique, t)
        })
        .collect()
}

/// Parses one Flink query; a syntax error in the words of Flink's parser.
pub fn parse_query(text: &str) -> Result<Query> {
    if let Some(message) = syntax::continued_string(text) {
        return Err(validation(message));
    }
    use crate::sql::flink::{FlinkStatement, parse_statement};
    match parse_statement(text) {
        Ok(FlinkStatement::Sql(s)) => match *s {
            sqlparser::ast::Statement::Query(q) => Ok(*q),
            _ => Err(validation(format!("not a query: {text}"))),
        },
        Ok(_) => Err(validation(format!("not a query: {text}"))),
        Err(sqlparser::parser::ParserError::RecursionLimitExceeded) => Err(validation(
            "the statement is nested too deeply for the parser; simplify it",
        )),
        Err(e) if e.to_string().contains("expected one statement") => Err(validation(
            "the local backend runs one statement at a time; end each with ';'",
        )),
        Err(e) => Err(validation(syntax::flink_message(text, &e.to_string()))),
    }
}

/// What an UPDATE or DELETE writes: SQL over the table's own columns.
pub struct Change {
    /// `"col" = <sql>` for each assignment (empty for DELETE).
    pub assignments: Vec<String>,
    pub condition: Option<String>,
    pub sites: Vec<Site>,
    pub aggregates: Vec<AggregateSite>,
}

impl Translator<'_> {
    /// The assignments (cast as a sink casts them) and the condition of an UPDATE or
    /// DELETE of `table`, whose columns are SQLite columns of the same names.
    pub fn plan_change(
        mut self,
        table: &crate::backend::local::relation::Relation,
        assignments: &[(String, AstExpr)],
        condition: Option<&AstExpr>,
    ) -> Result<Change> {
        let cols = physical_columns(table, "");
        let scope = Scope {
            rels: vec![Rel {
                qualifier: vec![
                    table
                        .display_name
                        .rsplit('.')
                        .next()
                        .unwrap_or("")
                        .to_string(),
                ],
                cols: cols.clone(),
            }],
            parent: None,
        };
        let mut sets = Vec::new();
        for (name, e) in assignments {
            let col = cols
                .iter()
                .find(|c| c.name == *name)
                .ok_or_else(|| validation(format!("Unknown target column '{name}'")))?;
            let t = self.expr(e, &scope)?;
            let assignable = t.ty.is_null()
                || (t.ty.is_string() && col.ty.is_string())
                || super::func::cast::implicit(&t.ty, &col.ty);
            if !assignable {
                return Err(validation(format!(
                    "Cannot assign to target field '{name}' of type {} from source field of type {}",
                    col.ty, t.ty
                )));
            }
            let v = self.coerce(t, &col.ty);
            sets.push(format!("{} = {}", quote(name), v.sql));
        }
        let condition = match condition {
            Some(c) => {
                let t = self.expr(c, &scope)?;
                self.expect_boolean(&t, "WHERE")?;
                Some(t.sql)
            }
            None => None,
        };
        Ok(Change {
            assignments: sets,
            condition,
            sites: self.sites,
            aggregates: self.aggregates,
        })
    }
}

/// A table's physical columns, read as `prefix` + the quoted column name.
pub(crate) fn physical_columns(
    table: &crate::backend::local::relation::Relation,
    prefix: &str,
) -> Vec<Col> {
    table
        .columns
        .iter()
        .filter(|c| c.computed.is_none())
        .map(|c| Col {
            name: c.name.clone(),
            ty: c.ty.clone(),
            sql: format!("{prefix}{}", quote(&c.name)),
            hidden: false,
        })
        .collect()
}
