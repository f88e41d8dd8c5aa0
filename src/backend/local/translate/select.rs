//! One SELECT block: its FROM, WHERE, GROUP BY, HAVING, select list and ORDER BY.

use sqlparser::ast::{
    Distinct, Expr as AstExpr, GroupByExpr, OrderByExpr, Select, SelectItem,
    SelectItemQualifiedWildcardKind,
};

use super::{Scope, Sub, Translator, Typed, column_name, ident, ident_parts, validation};
use crate::backend::local::ftype::Kind;
use crate::error::Result;

impl Translator<'_> {
    // Grows the stack as it recurses, as sqlparser does: nesting cannot overflow it.
    #[recursive::recursive]
    pub(crate) fn select(
        &mut self,
        s: &Select,
        order_by: &[OrderByExpr],
        outer: Option<&Scope>,
    ) -> Result<Sub> {
        if s.having.is_some() && matches!(s.group_by, GroupByExpr::All(_)) {
            return Err(validation("GROUP BY ALL is not supported by Flink"));
        }
        if let GroupByExpr::Expressions(exprs, _) = &s.group_by
            && exprs.iter().any(|e| {
                matches!(
                    e,
                    AstExpr::Rollup(_) | AstExpr::Cube(_) | AstExpr::GroupingSets(_)
                )
            })
        {
            return self.grouping_sets(s, exprs, order_by, outer);
        }
        let (from_sql, rels) = self.translate_from(&s.from, outer)?;
        let scope = Scope {
            rels,
            parent: outer,
        };

        let mut sql = String::from("SELECT ");
        if let Some(d) = &s.distinct {
            match d {
                Distinct::Distinct => sql.push_str("DISTINCT "),
                _ => return Err(validation("DISTINCT ON is not supported by Flink")),
            }
        }

        // Group keys first: a select item equal to one is grouped whatever it reads.
        let mut group_keys: Vec<String> = Vec::new();
        match &s.group_by {
            GroupByExpr::Expressions(exprs, modifiers) => {
                if !modifiers.is_empty() {
                    return Err(validation(
                        "GROUP BY … WITH ROLLUP/CUBE is not Flink syntax; use GROUP BY ROLLUP (…)",
                    ));
                }
                for e in exprs {
                    group_keys.push(self.expr(e, &scope)?.sql);
                }
            }
            GroupByExpr::All(_) => {
                return Err(validation("GROUP BY ALL is not supported by Flink"));
            }
        }
        let aggregates_before = self.agg_count;
        self.refs.push(Vec::new());
        let grouped = std::mem::replace(
            &mut self.grouped,
            !group_keys.is_empty() || self.in_grouping_sets,
        );
        let windows = self.windows.len();
        for w in &s.named_window {
            if let sqlparser::ast::NamedWindowExpr::WindowSpec(spec) = &w.1 {
                self.windows.push((w.0.value.clone(), spec.clone()));
            }
        }
        let result = self.select_rest(
            s,
            order_by,
            &scope,
            sql,
            from_sql,
            group_keys,
            aggregates_before,
        );
        self.windows.truncate(windows);
        self.grouped = grouped;
        self.refs.pop();
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn select_rest(
        &mut self,
        s: &Select,
        order_by: &[OrderByExpr],
        scope: &Scope,
        mut sql: String,
        from_sql: String,
        group_keys: Vec<String>,
        aggregates_before: usize,
    ) -> Result<Sub> {
        // The select list.
        let mut items: Vec<String> = Vec::new();
        let mut cols = Vec::new();
        for (i, item) in s.projection.iter().enumerate() {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let t = self.grouped_expr(e, scope, &group_keys)?;
                    if t.ty.is_null() && matches!(e, AstExpr::Value(_)) {
                        return Err(validation("Illegal use of 'NULL'"));
                    }
                    let name = match e {
                        AstExpr::Identifier(id) => ident(id),
                        AstExpr::CompoundIdentifier(parts) => {
                            parts.last().map(ident).unwrap_or_default()
                        }
                        _ => format!("EXPR${i}"),
                    };
                    items.push(t.sql);
                    cols.push((name, t.ty));
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let t = self.grouped_expr(expr, scope, &group_keys)?;
                    if t.ty.is_null() && matches!(expr, AstExpr::Value(_)) {
                        return Err(validation("Illegal use of 'NULL'"));
                    }
                    items.push(t.sql);
                    cols.push((ident(alias), t.ty));
                }
                SelectItem::Wildcard(_) => {
                    if scope.rels.is_empty() {
                        return Err(validation("SELECT * is not allowed without a FROM clause"));
                    }
                    for rel in &scope.rels {
                        for c in rel.cols.iter().filter(|c| !c.hidden) {
                            items.push(c.sql.clone());
                            cols.push((c.name.clone(), c.ty.clone()));
                        }
                    }
                }
                SelectItem::QualifiedWildcard(kind, _) => {
                    let SelectItemQualifiedWildcardKind::ObjectName(name) = kind else {
                        return Err(validation(format!("unsupported select item: {item}")));
                    };
                    let wanted = ident_parts(name);
                    let rel = scope
                        .rels
                        .iter()
                        .find(|r| r.qualifier.ends_with(&wanted))
                        .ok_or_else(|| validation(format!("Unknown identifier '{name}'")))?;
                    // `b.*` has all of b's columns, its copies of USING columns too.
                    for c in &rel.cols {
                        items.push(c.sql.clone());
                        cols.push((c.name.clone(), c.ty.clone()));
                    }
                }
                other => return Err(validation(format!("unsupported select item: {other}"))),
            }
        }
        let list: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{e} AS {}", column_name(i)))
            .collect();
        sql.push_str(&list.join(", "));
        if !from_sql.is_empty() {
            sql.push_str(" FROM ");
            sql.push_str(&from_sql);
        }
        if let Some(w) = &s.selection {
            let before = self.agg_count;
            // WHERE reads rows before grouping: its columns need not be grouped.
            let refs = self.refs.last().map_or(0, Vec::len);
            let t = self.expr(w, scope)?;
            if let Some(r) = self.refs.last_mut() {
                r.truncate(refs);
            }
            if self.agg_count != before {
                return Err(validation(
                    "Aggregate expression is illegal in WHERE clause",
                ));
            }
            self.expect_boolean(&t, "WHERE")?;
            sql.push_str(" WHERE ");
            sql.push_str(&t.sql);
        }
        if !group_keys.is_empty() {
            sql.push_str(" GROUP BY ");
            sql.push_str(&group_keys.join(", "));
        }
        if let Some(h) = &s.having {
            let t = self.expr(h, scope)?;
            self.expect_boolean(&t, "HAVING")?;
            sql.push_str(" HAVING ");
            sql.push_str(&t.sql);
        }
        if !order_by.is_empty() {
            let mut keys = Vec::new();
            for item in order_by {
                let key = self.order_key(item, scope, &cols, &items)?;
                keys.push(key);
            }
            sql.push_str(" ORDER BY ");
            sql.push_str(&keys.join(", "));
        }
        // Grouped (GROUP BY, or an aggregate): every column read outside an aggregate
        // must be a group key.
        let grouped = !group_keys.is_empty() || self.agg_count != aggregates_before;
        if grouped
            && let Some(refs) = self.refs.last()
            && let Some((_, name)) = refs.iter().find(|(sql, _)| !group_keys.contains(sql))
        {
            return Err(validation(format!(
                "Expression '{name}' is not being grouped"
            )));
        }
        Ok(Sub { sql, cols })
    }

    /// An ORDER BY item of a SELECT: an output column's name or position, else an
    /// expression over the FROM clause.
    fn order_key(
        &mut self,
        item: &OrderByExpr,
        scope: &Scope,
        outputs: &[(String, crate::backend::local::ftype::FlinkType)],
        items: &[String],
    ) -> Result<String> {
        let by_output = match &item.expr {
            AstExpr::Identifier(i) => {
                let matches: Vec<usize> = outputs
                    .iter()
                    .enumerate()
                    .filter(|(_, (n, _))| *n == i.value)
                    .map(|(k, _)| k)
                    .collect();
                (matches.len() == 1).then(|| matches[0])
            }
            AstExpr::Value(v) => match &v.value {
                sqlparser::ast::Value::Number(n, _) => {
                    let k = n.parse::<usize>().ok().and_then(|k| k.checked_sub(1));
                    match k {
                        Some(k) if k < outputs.len() => Some(k),
                        _ => {
                            return Err(validation(format!("Ordinal out of range: {n}")));
                        }
                    }
                }
                _ => None,
            },
            _ => None,
        };
        let e = match by_output {
            // A bare output name is the output column; inside a sort key SQLite would
            // read the FROM clause's column of that name, so the item itself goes there.
            Some(k) => Typed {
                sql: if outputs[k].1.is_decimal() {
                    items[k].clone()
                } else {
                    column_name(k)
                },
                ty: outputs[k].1.clone(),
            },
            None => self.expr(&item.expr, scope)?,
        };
        Ok(self.sort_key(e, &item.options))
    }

    /// GROUP BY with GROUPING SETS, ROLLUP or CUBE: one grouped SELECT per grouping
    /// set, the left-out keys NULL, all of them together.
    fn grouping_sets(
        &mut self,
        s: &Select,
        exprs: &[AstExpr],
        order_by: &[OrderByExpr],
        outer: Option<&Scope>,
    ) -> Result<Sub> {
        // The cross product of each GROUP BY item's sets.
        let mut sets: Vec<Vec<AstExpr>> = vec![Vec::new()];
        for e in exprs {
            let item_sets: Vec<Vec<AstExpr>> = match e {
                AstExpr::GroupingSets(list) => list.clone(),
                AstExpr::Rollup(list) => {
                    (0..=list.len()).rev().map(|n| list[..n].concat()).collect()
                }
                AstExpr::Cube(list) => {
                    let n = list.len();
                    if n > 12 {
                        return Err(validation(
                            "CUBE of more than 12 expressions is not supported",
                        ));
                    }
                    (0..1usize << n)
                        .map(|mask| {
                            // Calcite lists the fullest sets first.
                            let keep = (1usize << n) - 1 - mask;
                            (0..n)
                                .filter(|i| keep & (1 << (n - 1 - i)) != 0)
                                .flat_map(|i| list[i].clone())
                                .collect()
                        })
                        .collect()
                }
                plain => vec![vec![plain.clone()]],
            };
            sets = sets
                .iter()
                .flat_map(|prefix| {
                    item_sets
                        .iter()
                        .map(move |s| [prefix.clone(), s.clone()].concat())
                })
                .collect();
        }
        let mut all: Vec<AstExpr> = Vec::new();
        for e in sets.iter().flatten() {
            if !all.contains(e) {
                all.push(e.clone());
            }
        }
        let mut branches = Vec::new();
        for set in &sets {
            let mut one = s.clone();
            one.group_by = GroupByExpr::Expressions(set.clone(), Vec::new());
            let saved = std::mem::replace(
                &mut self.nulled,
                all.iter().filter(|e| !set.contains(e)).cloned().collect(),
            );
            let in_sets = std::mem::replace(&mut self.in_grouping_sets, true);
            let branch = self.select(&one, &[], outer);
            self.in_grouping_sets = in_sets;
            self.nulled = saved;
            branches.push(branch?);
        }
        let width = branches.first().map_or(0, |b| b.cols.len());
        let mut types = Vec::new();
        for i in 0..width {
            let column: Vec<&crate::backend::local::ftype::FlinkType> =
                branches.iter().map(|b| &b.cols[i].1).collect();
            types.push(
                crate::backend::local::ftype::FlinkType::common(&column)
                    .ok_or_else(|| validation("grouping sets give incompatible types"))?,
            );
        }
        let mut parts = Vec::new();
        for b in &branches {
            parts.push(self.project_as(b, &types, false));
        }
        let mut sub = Sub {
            sql: format!("SELECT * FROM ({})", parts.join(" UNION ALL ")),
            cols: branches
                .into_iter()
                .next()
                .map(|b| {
                    b.cols
                        .into_iter()
                        .zip(types)
                        .map(|((n, _), t)| (n, t))
                        .collect()
                })
                .unwrap_or_default(),
        };
        if !order_by.is_empty() {
            let keys = self.order_by_outputs(&sub, order_by)?;
            sub.sql = format!("{} ORDER BY {keys}", sub.sql);
        }
        Ok(sub)
    }

    /// An expression of a grouped SELECT: equal to a group key, it reads nothing that
    /// needs grouping.
    fn grouped_expr(&mut self, e: &AstExpr, scope: &Scope, group_keys: &[String]) -> Result<Typed> {
        let before = self.refs.last().map_or(0, Vec::len);
        let t = self.expr(e, scope)?;
        if group_keys.contains(&t.sql)
            && let Some(refs) = self.refs.last_mut()
        {
            refs.truncate(before);
        }
        Ok(t)
    }

    pub(crate) fn expect_boolean(&self, t: &Typed, clause: &str) -> Result<()> {
        if matches!(t.ty.kind, Kind::Boolean | Kind::Null) {
            Ok(())
        } else {
            Err(validation(format!(
                "{clause} clause must be a condition, not {}",
                t.ty
            )))
        }
    }
}
