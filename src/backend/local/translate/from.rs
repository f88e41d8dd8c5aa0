//! FROM clauses: catalog tables and views, CTEs, subqueries, VALUES, joins, UNNEST and
//! the window table functions (TUMBLE, HOP, CUMULATE) over bounded tables.

use sqlparser::ast::{
    Expr as AstExpr, FunctionArg, FunctionArgExpr, FunctionArguments, JoinConstraint, JoinOperator,
    TableAlias, TableFactor, TableWithJoins,
};

use super::{
    Col, Rel, Scope, Sub, Translator, Typed, column_name, ident, ident_parts, quote, validation,
};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::relation::RelationKind;
use crate::error::Result;

impl Translator<'_> {
    /// The FROM clause's SQL and the relations it makes visible.
    pub(crate) fn translate_from(
        &mut self,
        from: &[TableWithJoins],
        outer: Option<&Scope>,
    ) -> Result<(String, Vec<Rel>)> {
        let mut sql = String::new();
        let mut rels: Vec<Rel> = Vec::new();
        for (k, twj) in from.iter().enumerate() {
            let (s, rel) = self.factor(&twj.relation, &rels, outer)?;
            if k > 0 {
                sql.push_str(" CROSS JOIN ");
            }
            sql.push_str(&s);
            rels.push(rel);
            for join in &twj.joins {
                let (right_sql, mut right) = self.factor(&join.relation, &rels, outer)?;
                let (kind, constraint) = match &join.join_operator {
                    JoinOperator::Join(c) | JoinOperator::Inner(c) => ("JOIN", Some(c)),
                    JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => ("LEFT JOIN", Some(c)),
                    JoinOperator::Right(c) | JoinOperator::RightOuter(c) => ("RIGHT JOIN", Some(c)),
                    JoinOperator::FullOuter(c) => ("FULL JOIN", Some(c)),
                    JoinOperator::CrossJoin(_) => ("CROSS JOIN", None),
                    other => {
                        return Err(validation(format!(
                            "the local engine does not support this join: {other:?}"
                        )));
                    }
                };
                // Outer joins make the other side's columns nullable.
                if matches!(kind, "LEFT JOIN" | "FULL JOIN") {
                    for c in &mut right.cols {
                        c.ty.nullable = true;
                    }
                }
                if matches!(kind, "RIGHT JOIN" | "FULL JOIN") {
                    for rel in &mut rels {
                        for c in &mut rel.cols {
                            c.ty.nullable = true;
                        }
                    }
                }
                let on = match constraint {
                    None | Some(JoinConstraint::None) => None,
                    Some(JoinConstraint::On(e)) => {
                        let mut all = rels.clone();
                        all.push(right.clone());
                        let scope = Scope {
                            rels: all,
                            parent: outer,
                        };
                        let t = self.expr(e, &scope)?;
                        self.expect_boolean(&t, "ON")?;
                        Some(t.sql)
                    }
                    Some(JoinConstraint::Using(names)) => {
                        let names: Vec<String> =
                            names.iter().map(|n| ident_parts(n).join(".")).collect();
                        Some(self.using(&mut rels, &mut right, &names)?)
                    }
                    Some(JoinConstraint::UsingAlias(..)) => {
                        return Err(validation("USING … AS is not Flink syntax"));
                    }
                    Some(JoinConstraint::Natural) => {
                        let names: Vec<String> = right
                            .cols
                            .iter()
                            .filter(|c| {
                                rels.iter()
                                    .any(|r| r.cols.iter().any(|l| l.name == c.name && !l.hidden))
                            })
                            .map(|c| c.name.clone())
                            .collect();
                        if names.is_empty() {
                            None
                        } else {
                            Some(self.using(&mut rels, &mut right, &names)?)
                        }
                    }
                };
                sql.push_str(&format!(" {kind} {right_sql}"));
                match on {
                    Some(on) => sql.push_str(&format!(" ON {on}")),
                    None if kind != "CROSS JOIN" && kind != "JOIN" => sql.push_str(" ON 1"),
                    None => {}
                }
                rels.push(right);
            }
        }
        Ok((sql, rels))
    }

    /// The ON condition of `USING (names)`. As in Calcite, an unqualified name of a USING
    /// column (and `*`, which lists them first) means `COALESCE(left, right)` in the
    /// common type of the two, so a FULL or RIGHT join has the right side's value where
    /// the left has none; the two copies stay reachable qualified (`a.id`, `b.*`).
    fn using(&mut self, left: &mut Vec<Rel>, right: &mut Rel, names: &[String]) -> Result<String> {
        let not_found = |name: &str| validation(format!("Column '{name}' not found in any table"));
        let mut conditions = Vec::new();
        let mut merged = Vec::new();
        for name in names {
            let l = left
                .iter_mut()
                .flat_map(|r| r.cols.iter_mut())
                .find(|c| c.name == *name && !c.hidden)
                .ok_or_else(|| not_found(name))?;
            l.hidden = true;
            let l = Typed {
                sql: l.sql.clone(),
                ty: l.ty.clone(),
            };
            let r = right
                .cols
                .iter_mut()
                .find(|c| c.name == *name && !c.hidden)
                .ok_or_else(|| not_found(name))?;
            r.hidden = true;
            let r = Typed {
                sql: r.sql.clone(),
                ty: r.ty.clone(),
            };
            conditions.push(self.comparison("=", l.clone(), r.clone())?.sql);
            let common = FlinkType::common(&[&l.ty, &r.ty]).unwrap_or_else(|| l.ty.clone());
            let ty = common.with_nullable(l.ty.nullable && r.ty.nullable);
            let (l, r) = (self.coerce(l, &ty), self.coerce(r, &ty));
            merged.push(Col {
                name: name.clone(),
                ty,
                sql: format!("COALESCE({}, {})", l.sql, r.sql),
                hidden: false,
            });
        }
        left.insert(
            0,
            Rel {
                qualifier: Vec::new(),
                cols: merged,
            },
        );
        Ok(conditions.join(" AND "))
    }

    /// One table factor's SQL (`… AS tN`) and its relation.
    fn factor(
        &mut self,
        f: &TableFactor,
        left: &[Rel],
        outer: Option<&Scope>,
    ) -> Result<(String, Rel)> {
        match f {
            TableFactor::Table {
                name, alias, args, ..
            } => {
                let parts = ident_parts(name);
                if let Some(args) = args {
                    if parts.len() == 1 && parts[0].eq_ignore_ascii_case("UNNEST") {
                        let exprs: Vec<AstExpr> = args
                            .args
                            .iter()
                            .filter_map(|a| match a {
                                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                                _ => None,
                            })
                            .collect();
                        return self.unnest(&exprs, alias.as_ref(), left, outer);
                    }
                    return Err(validation(format!(
                        "the local engine does not support the table function {name}"
                    )));
                }
                let sub = self.named_relation(&parts)?;
                self.derived(sub, alias.as_ref(), parts.clone())
            }
            TableFactor::Derived {
                subquery,
                alias,
                lateral,
                ..
            } => {
                let sub = if *lateral {
                    let scope = Scope {
                        rels: left.to_vec(),
                        parent: outer,
                    };
                    self.query(subquery, Some(&scope))?
                } else {
                    self.query(subquery, outer)?
                };
                self.derived(sub, alias.as_ref(), Vec::new())
            }
            TableFactor::UNNEST {
                array_exprs, alias, ..
            } => self.unnest(array_exprs, alias.as_ref(), left, outer),
            TableFactor::TableFunction { expr, alias } => {
                let sub = self.table_function(expr, outer)?;
                self.derived(sub, alias.as_ref(), Vec::new())
            }
            TableFactor::Function {
                name, args, alias, ..
            } => {
                let parts = ident_parts(name);
                if parts.len() == 1 && parts[0].eq_ignore_ascii_case("UNNEST") {
                    let exprs: Vec<AstExpr> = args
                        .iter()
                        .filter_map(|a| match a {
                            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                            _ => None,
                        })
                        .collect();
                    return self.unnest(&exprs, alias.as_ref(), left, outer);
                }
                Err(validation(format!(
                    "the local engine does not support the table function {name}"
                )))
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias,
            } => {
                if alias.is_some() {
                    return Err(validation(
                        "an alias on a parenthesised join is not supported",
                    ));
                }
                let (sql, rels) =
                    self.translate_from(std::slice::from_ref(table_with_joins.as_ref()), outer)?;
                // Flatten: one relation holding every column, qualified as before.
                let alias = self.alias();
                let mut cols = Vec::new();
                let mut items = Vec::new();
                for rel in &rels {
                    for c in &rel.cols {
                        let k = items.len();
                        items.push(format!("{} AS {}", c.sql, column_name(k)));
                        cols.push(Col {
                            name: c.name.clone(),
                            ty: c.ty.clone(),
                            sql: format!("{alias}.{}", column_name(k)),
                            hidden: c.hidden,
                        });
                    }
                }
                Ok((
                    format!("(SELECT {} FROM {sql}) AS {alias}", items.join(", ")),
                    Rel {
                        qualifier: Vec::new(),
                        cols,
                    },
                ))
            }
            other => Err(validation(format!(
                "the local engine does not support this FROM item: {other}"
            ))),
        }
    }

    /// A CTE, or a catalog table or view, as a subquery.
    fn named_relation(&mut self, parts: &[String]) -> Result<Sub> {
        if parts.len() == 1
            && let Some(k) = self.ctes.iter().rposition(|c| c.name == parts[0])
        {
            // A CTE sees only the CTEs defined before it.
            let rest = self.ctes.split_off(k);
            let cte = &rest[0];
            let (query, columns) = (cte.query.clone(), cte.columns.clone());
            let result = self.query(&query, None);
            self.ctes.extend(rest);
            let mut sub = result?;
            if !columns.is_empty() {
                if columns.len() != sub.cols.len() {
                    return Err(validation(format!(
                        "List of column aliases must have same degree as table; table has {} columns, whereas alias list has {} columns",
                        sub.cols.len(),
                        columns.len()
                    )));
                }
                for (c, n) in sub.cols.iter_mut().zip(columns) {
                    c.0 = n;
                }
            }
            return Ok(sub);
        }
        let relation = self
            .catalog
            .relation(parts)?
            .ok_or_else(|| validation(format!("Object '{}' not found", parts.join("."))))?;
        match &relation.kind {
            RelationKind::View { query } => {
                if self.expanding.contains(&relation.display_name) {
                    return Err(validation(format!(
                        "the view {} reads itself",
                        relation.display_name
                    )));
                }
                self.depth_check()?;
                self.expanding.push(relation.display_name.clone());
                let saved = std::mem::take(&mut self.ctes);
                let q = super::parse_query(query);
                let result = q.and_then(|q| self.query(&q, None));
                self.ctes = saved;
                self.expanding.pop();
                let mut sub = result?;
                for (c, rc) in sub.cols.iter_mut().zip(&relation.columns) {
                    c.0 = rc.name.clone();
                }
                Ok(sub)
            }
            RelationKind::Stored { sqlite_table } => {
                let alias = self.alias();
                let physical = super::physical_columns(&relation, &format!("{alias}."));
                let scope = Scope {
                    rels: vec![Rel {
                        qualifier: Vec::new(),
                        cols: physical.clone(),
                    }],
                    parent: None,
                };
                let mut items = Vec::new();
                let mut cols = Vec::new();
                for (i, c) in relation.columns.iter().enumerate() {
                    let sql = match &c.computed {
                        None => format!("{alias}.{}", quote(&c.name)),
                        Some(text) => {
                            let e = parse_expr(text)?;
                            let t = self.expr(&e, &scope)?;
                            self.coerce(t, &c.ty).sql
                        }
                    };
                    items.push(format!("{sql} AS {}", column_name(i)));
                    cols.push((c.name.clone(), c.ty.clone()));
                }
                let list = if items.is_empty() {
                    "NULL AS c0".to_string()
                } else {
                    items.join(", ")
                };
                Ok(Sub {
                    sql: format!("SELECT {list} FROM {} AS {alias}", quote(sqlite_table)),
                    cols,
                })
            }
        }
    }

    /// A subquery as a FROM item, under its alias (and column aliases).
    fn derived(
        &mut self,
        sub: Sub,
        alias: Option<&TableAlias>,
        default_qualifier: Vec<String>,
    ) -> Result<(String, Rel)> {
        let sql_alias = self.alias();
        let mut names: Vec<String> = sub.cols.iter().map(|(n, _)| n.clone()).collect();
        let qualifier = match alias {
            Some(a) => {
                if !a.columns.is_empty() {
                    if a.columns.len() != names.len() {
                        return Err(validation(format!(
                            "List of column aliases must have same degree as table; table has {} columns ('{}'), whereas alias list has {} columns",
                            names.len(),
                            names.join("', '"),
                            a.columns.len()
                        )));
                    }
                    names = a.columns.iter().map(|c| ident(&c.name)).collect();
                }
                vec![ident(&a.name)]
            }
            None => default_qualifier,
        };
        let cols = names
            .into_iter()
            .zip(sub.cols)
            .enumerate()
            .map(|(i, (name, (_, ty)))| Col {
                name,
                ty,
                sql: format!("{sql_alias}.{}", column_name(i)),
                hidden: false,
            })
            .collect();
        Ok((
            format!("({}) AS {sql_alias}", sub.sql),
            Rel { qualifier, cols },
        ))
    }

    /// `UNNEST(array)` (lateral over the tables to its left): one row per element (per
    /// entry of a MAP, per copy of a MULTISET element); an array of ROWs gives a column
    /// per field. SQLite's `json_each` may read the tables to its left, as LATERAL does.
    fn unnest(
        &mut self,
        exprs: &[AstExpr],
        alias: Option<&TableAlias>,
        left: &[Rel],
        outer: Option<&Scope>,
    ) -> Result<(String, Rel)> {
        let [e] = exprs else {
            return Err(validation("the local engine supports UNNEST of one array"));
        };
        let scope = Scope {
            rels: left.to_vec(),
            parent: outer,
        };
        let t = self.expr(e, &scope)?;
        let json = self.alias();
        let value = format!("{json}.value");
        let at = |i: usize| format!("json_extract({value}, '$[{i}]')");
        let mut from = format!("json_each({}) AS {json}", t.sql);
        let fields: Vec<(String, String, FlinkType)> = match &t.ty.kind {
            Kind::Array(element) => match &element.kind {
                Kind::Row(fields) => fields
                    .iter()
                    .enumerate()
                    .map(|(i, (n, ft))| (n.clone(), element_sql(&at(i), ft), ft.clone()))
                    .collect(),
                _ => vec![(
                    "EXPR$0".to_string(),
                    element_sql(&value, element),
                    (**element).clone(),
                )],
            },
            Kind::Map(k, v) => vec![
                ("KEY".to_string(), element_sql(&at(0), k), (**k).clone()),
                ("VALUE".to_string(), element_sql(&at(1), v), (**v).clone()),
            ],
            Kind::Multiset(element) => {
                // [element, count] pairs: each element as many times as it counts.
                let n = self.alias();
                from.push_str(&format!(
                    " JOIN json_each(json_array_of_length({})) AS {n}",
                    at(1)
                ));
                vec![(
                    "EXPR$0".to_string(),
                    element_sql(&at(0), element),
                    (**element).clone(),
                )]
            }
            _ => {
                return Err(validation(format!(
                    "UNNEST needs an ARRAY, MAP or MULTISET, not {}",
                    t.ty
                )));
            }
        };
        if from.contains("json_array_of_length") {
            return Err(validation(
                "the local engine does not support UNNEST of a MULTISET yet",
            ));
        }
        let mut names: Vec<String> = fields.iter().map(|(n, _, _)| n.clone()).collect();
        let qualifier = match alias {
            Some(a) => {
                if !a.columns.is_empty() {
                    if a.columns.len() != names.len() {
                        return Err(validation(
                            "List of column aliases must have same degree as table",
                        ));
                    }
                    names = a.columns.iter().map(|c| ident(&c.name)).collect();
                }
                vec![ident(&a.name)]
            }
            None => Vec::new(),
        };
        let cols = names
            .into_iter()
            .zip(fields)
            .map(|(name, (_, sql, ty))| Col {
                name,
                ty,
                sql,
                hidden: false,
            })
            .collect();
        Ok((from, Rel { qualifier, cols }))
    }

    /// `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), size[, offset]))`, HOP and CUMULATE: the
    /// table's columns plus window_start, window_end and window_time.
    fn table_function(&mut self, e: &AstExpr, outer: Option<&Scope>) -> Result<Sub> {
        let AstExpr::Function(f) = e else {
            return Err(validation(format!("unsupported table function: {e}")));
        };
        let name = f.name.to_string().to_ascii_uppercase();
        let FunctionArguments::List(list) = &f.args else {
            return Err(validation(format!("{name} needs arguments")));
        };
        let args: Vec<&AstExpr> = list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                FunctionArg::Named {
                    arg: FunctionArgExpr::Expr(e),
                    ..
                } => Some(e),
                _ => None,
            })
            .collect();
        let (table, time_col, rest) = match args.as_slice() {
            [t, d, rest @ ..] => (*t, *d, rest),
            _ => {
                return Err(validation(format!(
                    "{name} needs a table, a DESCRIPTOR and a size"
                )));
            }
        };
        let input = match table {
            AstExpr::Prefixed { value, .. } => match value.as_ref() {
                AstExpr::Identifier(i) => self.named_relation(&[ident(i)])?,
                AstExpr::CompoundIdentifier(ids) => {
                    let parts: Vec<String> = ids.iter().map(ident).collect();
                    self.named_relation(&parts)?
                }
                other => return Err(validation(format!("{name} needs TABLE name, not {other}"))),
            },
            AstExpr::Subquery(q) => self.query(q, outer)?,
            other => return Err(validation(format!("{name} needs TABLE name, not {other}"))),
        };
        let time_name = match time_col {
            AstExpr::Function(d) if d.name.to_string().eq_ignore_ascii_case("DESCRIPTOR") => {
                match &d.args {
                    FunctionArguments::List(l) => match l.args.as_slice() {
                        [FunctionArg::Unnamed(FunctionArgExpr::Expr(AstExpr::Identifier(i)))] => {
                            ident(i)
                        }
                        _ => return Err(validation("DESCRIPTOR takes one column name")),
                    },
                    _ => return Err(validation("DESCRIPTOR takes one column name")),
                }
            }
            other => {
                return Err(validation(format!(
                    "{name} needs DESCRIPTOR(time column), not {other}"
                )));
            }
        };
        let k = input
            .cols
            .iter()
            .position(|(n, _)| *n == time_name)
            .ok_or_else(|| validation(format!("Column '{time_name}' not found in any table")))?;
        let time_ty = input.cols[k].1.clone();
        let precision = match time_ty.kind {
            Kind::Timestamp(p) | Kind::TimestampLtz(p) => p,
            _ => {
                return Err(validation(format!(
                    "The window function {name}(TABLE table_name, DESCRIPTOR(timecol), datetime interval[, datetime interval]) requires the timecol to be TIMESTAMP or TIMESTAMP_LTZ, but is {}.",
                    time_ty.with_nullable(true)
                )));
            }
        };
        let scope = Scope {
            rels: Vec::new(),
            parent: None,
        };
        let mut millis = Vec::new();
        for e in rest {
            let t = self.expr(e, &scope)?;
            match self.constant_millis(&t)? {
                Some(ms) => millis.push(ms),
                None => {
                    return Err(validation(format!(
                        "{name} needs INTERVAL DAY TO SECOND sizes"
                    )));
                }
            }
        }
        let (size, slide, off) = match (name.as_str(), millis.as_slice()) {
            ("TUMBLE", [size]) => (*size, *size, 0),
            ("TUMBLE", [size, off]) => (*size, *size, *off),
            ("HOP", [slide, size]) => (*size, *slide, 0),
            ("HOP", [slide, size, off]) => (*size, *slide, *off),
            ("CUMULATE", [step, size]) => (*size, *step, 0),
            ("CUMULATE", [step, size, off]) => (*size, *step, *off),
            _ => {
                return Err(validation(format!(
                    "the local engine does not support the table function {name} with these arguments"
                )));
            }
        };
        if size <= 0 || slide <= 0 {
            return Err(validation(format!("{name}: window sizes must be positive")));
        }
        // Each row joins the numbers 0..count; number i is the row's i-th window, its
        // bounds in epoch milliseconds computed from the time column's text.
        let ts = format!("src.{}", column_name(k));
        let epoch = format!("CAST(round((julianday({ts}) - 2440587.5) * 86400000.0) AS INTEGER)");
        let start_of =
            |step: i64| format!("({epoch} - ((({epoch} - {off}) % {step}) + {step}) % {step})");
        let (count, ws, we) = match name.as_str() {
            "TUMBLE" => (1, start_of(size), format!("({} + {size})", start_of(size))),
            "HOP" => {
                let ws = format!("({} - win.i * {slide})", start_of(slide));
                (
                    (size + slide - 1) / slide,
                    ws.clone(),
                    format!("({ws} + {size})"),
                )
            }
            _ => (
                (size + slide - 1) / slide,
                start_of(size),
                format!("({} + (win.i + 1) * {slide})", start_of(size)),
            ),
        };
        if count > 100_000 {
            return Err(validation(format!("{name}: too many windows per row")));
        }
        let ts_of = |ms: &str| {
            format!("strftime('%Y-%m-%d %H:%M:%f', ({ms}) / 1000.0, 'unixepoch') || '000000'")
        };
        let window_type = FlinkType::not_null(Kind::Timestamp(3));
        let time_type = FlinkType::not_null(Kind::Timestamp(precision));
        let mut items: Vec<String> = (0..input.cols.len())
            .map(|i| format!("src.{0} AS {0}", column_name(i)))
            .collect();
        let n = input.cols.len();
        items.push(format!("{} AS {}", ts_of(&ws), column_name(n)));
        items.push(format!("{} AS {}", ts_of(&we), column_name(n + 1)));
        items.push(format!(
            "{} AS {}",
            ts_of(&format!("{we} - 1")),
            column_name(n + 2)
        ));
        let mut cols = input.cols.clone();
        cols.push(("window_start".to_string(), window_type.clone()));
        cols.push(("window_end".to_string(), window_type));
        cols.push(("window_time".to_string(), time_type));
        let numbers = format!(
            "(WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {count}) SELECT i FROM n)"
        );
        Ok(Sub {
            sql: format!(
                "SELECT {} FROM ({}) AS src JOIN {numbers} AS win WHERE {ts} IS NOT NULL AND {ws} <= {epoch} AND {we} > {epoch}",
                items.join(", "),
                input.sql
            ),
            cols,
        })
    }

    /// The value in milliseconds of a constant INTERVAL DAY TO SECOND expression.
    fn constant_millis(&mut self, t: &Typed) -> Result<Option<i64>> {
        if !matches!(t.ty.kind, Kind::IntervalMillis(_)) {
            return Ok(None);
        }
        Ok(t.sql.trim().parse::<i64>().ok())
    }
}

/// An element read out of an array's JSON as the element type keeps it on its own.
fn element_sql(json_value: &str, t: &FlinkType) -> String {
    match t.kind {
        Kind::Array(_) | Kind::Multiset(_) | Kind::Map(..) | Kind::Row(_) => {
            format!("CASE WHEN {json_value} IS NULL THEN NULL ELSE json({json_value}) END")
        }
        _ => json_value.to_string(),
    }
}

pub(crate) fn parse_expr(text: &str) -> Result<AstExpr> {
    let q = super::parse_query(&format!("SELECT {text}"))?;
    match *q.body {
        sqlparser::ast::SetExpr::Select(s) => match s.projection.into_iter().next() {
            Some(sqlparser::ast::SelectItem::UnnamedExpr(e)) => Ok(e),
            _ => Err(validation(format!("not an expression: {text}"))),
        },
        _ => Err(validation(format!("not an expression: {text}"))),
    }
}
