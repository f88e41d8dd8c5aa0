//! Runs a Flink query on SQLite: translates it, installs its call sites, and streams
//! the rows to the sink as Flink values.

use sqlparser::ast::Query;

use super::engine::{LocalStatements, sink_error};
use super::ftype::FlinkType;
use super::func::{Session, TimeZone};
use super::store::statement_error;
use super::translate::{Plan, Translator};
use super::udf;
use super::value::Datum;
use crate::backend::{Outcome, StatementContext};
use crate::error::{Error, Result};
use crate::result::{Boundedness, ChangeKind, Column, RowSink};

/// The session as Flink's functions see it: `table.local-time-zone` and the statement's
/// start.
pub(super) fn session_of(ctx: &StatementContext) -> Result<Session> {
    let mut session = Session::default();
    if let Some(zone) = ctx.properties.get("table.local-time-zone") {
        session.time_zone = time_zone(zone).ok_or_else(|| {
            Error::statement(format!(
                "Invalid time zone '{zone}': use a name like 'UTC' or an offset like 'GMT+08:00'"
            ))
        })?;
    }
    Ok(session)
}

fn time_zone(zone: &str) -> Option<TimeZone> {
    let z = zone.trim();
    if z.eq_ignore_ascii_case("UTC") || z.eq_ignore_ascii_case("GMT") || z == "Z" {
        return chrono::FixedOffset::east_opt(0).map(TimeZone::Fixed);
    }
    let offset = z
        .strip_prefix("GMT")
        .or_else(|| z.strip_prefix("UTC"))
        .unwrap_or(z);
    let (sign, rest) = match offset.as_bytes().first() {
        Some(b'+') => (1, &offset[1..]),
        Some(b'-') => (-1, &offset[1..]),
        _ => return z.parse::<chrono_tz::Tz>().ok().map(TimeZone::Named),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    chrono::FixedOffset::east_opt(sign * secs).map(TimeZone::Fixed)
}

impl LocalStatements {
    /// Translates `q` against the catalog.
    pub(super) fn plan_query(&self, q: &Query) -> Result<Plan> {
        Translator::new(self).plan(q)
    }

    /// Runs a translated query, streaming its rows.
    pub(super) fn run_plan(
        &mut self,
        plan: Plan,
        session: Session,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        self.install(&plan, &session)?;
        let mut stmt = self
            .db
            .prepare(&plan.sql)
            .map_err(|e| query_error(e, &plan))?;
        let header: Vec<Column> = plan
            .columns
            .iter()
            .map(|(n, t)| Column::new(n.clone(), t.to_string()))
            .collect();
        let types: Vec<FlinkType> = plan.columns.iter().map(|(_, t)| t.clone()).collect();
        let mut rows = stmt.query([]).map_err(|e| query_error(e, &plan))?;
        // The first row is computed before anything is printed, so a query that fails
        // at once prints only its error.
        let first = rows.next().map_err(|e| query_error(e, &plan))?;
        sink.begin(&header, Boundedness::Bounded)
            .map_err(sink_error)?;
        let mut n = 0u64;
        let emit = |row: &rusqlite::Row<'_>, sink: &mut dyn RowSink| -> Result<()> {
            let mut values = Vec::with_capacity(types.len());
            for (i, t) in types.iter().enumerate() {
                let raw = row.get_ref(i).map_err(statement_error)?;
                let d = Datum::from_sql(raw, t).map_err(|e| Error::statement(e.0))?;
                values.push(local_time(d, &session).to_value(t));
            }
            sink.row(ChangeKind::Insert, values).map_err(sink_error)
        };
        if let Some(row) = first {
            emit(row, sink)?;
            n += 1;
            while let Some(row) = rows.next().map_err(|e| query_error(e, &plan))? {
                emit(row, sink)?;
                n += 1;
            }
        }
        sink.end().map_err(sink_error)?;
        Ok(Outcome::Rows(n))
    }

    /// Hands the plan's call sites to `fl` and registers its aggregates.
    pub(super) fn install(&mut self, plan: &Plan, session: &Session) -> Result<()> {
        {
            let mut sites = self
                .sites
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            sites.scalars = plan.sites.clone();
            sites.session = session.clone();
        }
        udf::register_aggregates(&self.db, &plan.aggregates, session).map_err(statement_error)
    }
}

/// A failure while SQLite runs a translated query: a function's own error is the
/// user's; anything else is the translator's fault and says so.
pub(super) fn query_error(e: rusqlite::Error, plan: &Plan) -> Error {
    let text = e.to_string();
    if text.contains("Recursion limit") || text.contains("Expression tree is too large") {
        return Error::statement(
            "the statement is nested too deeply for the local engine; simplify it",
        );
    }
    match &e {
        rusqlite::Error::SqliteFailure(_, Some(msg))
            if !msg.contains("syntax error") && !msg.starts_with("no such") =>
        {
            statement_error(e)
        }
        rusqlite::Error::SqlInputError { .. } | rusqlite::Error::SqliteFailure(..) => {
            Error::statement(format!(
                "internal error: the local engine made SQL SQLite refused ({}); please report this query. SQL: {}",
                crate::util::one_line(&e.to_string()),
                plan.sql
            ))
        }
        _ => statement_error(e),
    }
}

impl LocalStatements {
    /// `INSERT INTO t [(columns)] query`: the query's columns cast as Flink casts them
    /// into the table's types, all rows in one SQLite statement (all or nothing).
    pub(super) fn insert(&mut self, sql: &str, ctx: &StatementContext) -> Result<Outcome> {
        use super::relation::RelationKind;
        use crate::sql::flink::{FlinkStatement, parse_statement};
        use sqlparser::ast::{Statement, TableObject};
        let parsed = parse_statement(sql).map_err(|e| {
            Error::statement(super::translate::syntax::flink_message(sql, &e.to_string()))
        })?;
        let FlinkStatement::Sql(stmt) = parsed else {
            return Err(Error::statement("not an INSERT statement"));
        };
        let Statement::Insert(insert) = *stmt else {
            return Err(Error::statement("not an INSERT statement"));
        };
        let TableObject::TableName(name) = &insert.table else {
            return Err(Error::statement(
                "INSERT INTO a table function is not supported",
            ));
        };
        let parts = super::translate::ident_parts(name);
        let place = self.place(&parts)?;
        // Only whether it exists: reading it (`relation`) would refuse an unbounded
        // datagen table as a source, where Flink says a datagen table is no sink.
        if self.lookup(&place)?.is_none() {
            return Err(Error::statement(format!(
                "Cannot find table '{}' in any of the catalogs [{}], nor as a temporary table.",
                place.quoted(),
                place.catalog
            )));
        }
        let target = self.insert_target(&parts)?;
        let RelationKind::Stored { sqlite_table } = &target.kind else {
            return Err(Error::statement(format!(
                "{} is a view; INSERT needs a table",
                parts.join(".")
            )));
        };
        let Some(source) = &insert.source else {
            return Err(Error::statement("INSERT needs VALUES or a query"));
        };
        let physical: Vec<&super::relation::RelationColumn> = target
            .columns
            .iter()
            .filter(|c| c.computed.is_none())
            .collect();
        let chosen: Vec<&super::relation::RelationColumn> = if insert.columns.is_empty() {
            physical.clone()
        } else {
            let mut chosen = Vec::new();
            for c in &insert.columns {
                let n = super::translate::ident_parts(c).join(".");
                let col = physical
                    .iter()
                    .find(|p| p.name == n)
                    .ok_or_else(|| Error::statement(format!("Unknown target column '{n}'")))?;
                chosen.push(*col);
            }
            chosen
        };
        let session = session_of(ctx)?;
        let translator = Translator::new(self);
        let mut plan = translator.plan_insert(source, &chosen, &target.display_name)?;
        let list: Vec<String> = chosen
            .iter()
            .map(|c| super::translate::quote(&c.name))
            .collect();
        let overwrite = if insert.overwrite {
            format!("DELETE FROM {};", super::translate::quote(sqlite_table))
        } else {
            String::new()
        };
        plan.sql = format!(
            "INSERT INTO {} ({}) {}",
            super::translate::quote(sqlite_table),
            list.join(", "),
            plan.sql
        );
        self.install(&plan, &session)?;
        let tx = self.db.unchecked_transaction().map_err(statement_error)?;
        if !overwrite.is_empty() {
            tx.execute_batch(&overwrite).map_err(statement_error)?;
        }
        let n = tx
            .execute(&plan.sql, [])
            .map_err(|e| insert_error(e, &plan))?;
        tx.commit().map_err(statement_error)?;
        Ok(Outcome::Done(Some(format!(
            "{} inserted.",
            super::engine::plural(n, "row")
        ))))
    }
}

fn insert_error(e: rusqlite::Error, plan: &Plan) -> Error {
    if let rusqlite::Error::SqliteFailure(f, Some(msg)) = &e
        && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_NOTNULL
    {
        let column = msg.rsplit('.').next().unwrap_or(msg);
        return Error::statement(format!(
            "Column '{column}' is NOT NULL, however, a null value is being written into it. \
             You can set job configuration 'table.exec.sink.not-null-enforcer'='DROP' to suppress this exception and drop such records silently."
        ));
    }
    query_error(e, plan)
}

impl LocalStatements {
    /// A view's query, checked by translating it when the view is created.
    pub(super) fn check_view_query(&self, query: &str) -> Result<()> {
        self.query_columns(query).map(|_| ())
    }

    /// A view's (or CTAS query's) result columns, as the translator types them.
    pub(super) fn query_columns(&self, query: &str) -> Result<Vec<(String, FlinkType)>> {
        let q = super::translate::parse_query(query)?;
        Ok(self.plan_query(&q)?.columns)
    }

    /// The type of a computed column's expression over the table's other columns.
    pub(super) fn expression_type(
        &self,
        columns: &[(String, FlinkType)],
        expr: &str,
    ) -> Result<FlinkType> {
        Translator::new(self).expr_type(columns, expr)
    }

    /// CREATE TABLE … AS query: the table gets the query's columns and rows.
    pub(super) fn create_table_as_query(
        &mut self,
        ct: &super::flink::CreateTable,
        ctx: &StatementContext,
    ) -> Result<Outcome> {
        let text = ct.as_query.as_deref().unwrap_or("");
        let q = super::translate::parse_query(text)?;
        let plan = self.plan_query(&q)?;
        let session = session_of(ctx)?;
        self.install(&plan, &session)?;
        let names: Vec<String> = plan
            .columns
            .iter()
            .map(|(n, _)| super::translate::quote(n))
            .collect();
        let sql = plan.sql.clone();
        let mut fill =
            |db: &rusqlite::Connection, o: &super::catalog::Object| -> Result<Option<usize>> {
                db.execute(
                    &format!(
                        "INSERT INTO {} ({}) SELECT * FROM ({sql})",
                        super::translate::quote(&o.sqlite_table()),
                        names.join(", ")
                    ),
                    [],
                )
                .map(Some)
                .map_err(|e| query_error(e, &plan))
            };
        let columns = plan.columns.clone();
        self.create_table_as(ct, columns, &mut fill)
    }
}

/// TIMESTAMP_LTZ values (kept as UTC instants) as the session's wall-clock time, which
/// is how Flink prints them.
fn local_time(d: Datum, session: &Session) -> Datum {
    match d {
        Datum::TimestampLtz(utc) => Datum::TimestampLtz(session.time_zone.to_local(utc)),
        Datum::Array(items) => {
            Datum::Array(items.into_iter().map(|d| local_time(d, session)).collect())
        }
        Datum::Row(fields) => {
            Datum::Row(fields.into_iter().map(|d| local_time(d, session)).collect())
        }
        Datum::Map(entries) => Datum::Map(
            entries
                .into_iter()
                .map(|(k, v)| (local_time(k, session), local_time(v, session)))
                .collect(),
        ),
        other => other,
    }
}

impl LocalStatements {
    /// UPDATE … SET … [WHERE …] and DELETE FROM … [WHERE …] on a stored table, with
    /// Flink's types and functions; one SQLite statement, so all rows or none.
    pub(super) fn update_or_delete(
        &mut self,
        sql: &str,
        ctx: &StatementContext,
    ) -> Result<Outcome> {
        use super::relation::Catalog;
        use crate::sql::flink::{FlinkStatement, parse_statement};
        use sqlparser::ast::{AssignmentTarget, FromTable, Statement, TableFactor};
        let parsed = parse_statement(sql).map_err(|e| {
            Error::statement(super::translate::syntax::flink_message(sql, &e.to_string()))
        })?;
        let FlinkStatement::Sql(stmt) = parsed else {
            return Err(Error::statement("not an UPDATE or DELETE statement"));
        };
        let (table, assignments, condition, verb) = match *stmt {
            Statement::Update(u) => {
                let TableFactor::Table { name, .. } = &u.table.relation else {
                    return Err(Error::statement("UPDATE needs a table name"));
                };
                let mut sets = Vec::new();
                for a in &u.assignments {
                    let AssignmentTarget::ColumnName(c) = &a.target else {
                        return Err(Error::statement(
                            "UPDATE … SET (a, b) = … is not supported; set one column at a time",
                        ));
                    };
                    sets.push((super::translate::ident_parts(c).join("."), a.value.clone()));
                }
                (
                    super::translate::ident_parts(name),
                    sets,
                    u.selection.clone(),
                    "updated",
                )
            }
            Statement::Delete(d) => {
                let from = match &d.from {
                    FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
                };
                let [twj] = from.as_slice() else {
                    return Err(Error::statement("DELETE FROM names one table"));
                };
                let TableFactor::Table { name, .. } = &twj.relation else {
                    return Err(Error::statement("DELETE FROM needs a table name"));
                };
                (
                    super::translate::ident_parts(name),
                    Vec::new(),
                    d.selection.clone(),
                    "deleted",
                )
            }
            _ => return Err(Error::statement("not an UPDATE or DELETE statement")),
        };
        let place = self.place(&table)?;
        if self.relation(&table)?.is_none() {
            return Err(Error::statement(format!(
                "Object '{}' not found",
                place.name
            )));
        }
        if let Some(object) = self.lookup(&place)?
            && let Some(refusal) =
                super::catalog::row_level_refusal(&object, &place, verb == "updated")
        {
            return Err(refusal);
        }
        let target = self.insert_target(&table)?;
        let super::relation::RelationKind::Stored { sqlite_table } = &target.kind else {
            return Err(Error::statement("UPDATE and DELETE need a table"));
        };
        let session = session_of(ctx)?;
        let change =
            Translator::new(self).plan_change(&target, &assignments, condition.as_ref())?;
        let mut statement = if verb == "updated" {
            format!(
                "UPDATE {} SET {}",
                super::translate::quote(sqlite_table),
                change.assignments.join(", ")
            )
        } else {
            format!("DELETE FROM {}", super::translate::quote(sqlite_table))
        };
        if let Some(c) = &change.condition {
            statement.push_str(" WHERE ");
            statement.push_str(c);
        }
        let plan = Plan {
            sql: statement,
            columns: Vec::new(),
            sites: change.sites,
            aggregates: change.aggregates,
        };
        self.install(&plan, &session)?;
        let n = self
            .db
            .execute(&plan.sql, [])
            .map_err(|e| insert_error(e, &plan))?;
        Ok(Outcome::Done(Some(format!(
            "{} {verb}.",
            super::engine::plural(n, "row")
        ))))
    }
}
