//! The Flink catalog kept beside SQLite's tables (declared types, keys, watermarks,
//! WITH options): the DDL that writes it and the statements that read it.

use rusqlite::types::ValueRef;
use rusqlite::{Connection as Db, OptionalExtension, TransactionBehavior, params};

use super::engine::{LocalStatements, check_query, plural, sink_error};
use super::flink::{self, CATALOG, CreateTable, DATABASE, Tokens, cannot, literal, quote};
use super::store::statement_error;
use super::types;
use crate::backend::{Outcome, StatementBackend, StatementContext};
use crate::error::{Error, Result};
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};

/// A column of a table as DESCRIBE and SHOW CREATE TABLE show it.
struct TableColumn {
    name: String,
    flink_type: String,
    nullable: bool,
    comment: Option<String>,
}

/// The Flink metadata kept for a table.
#[derive(Default)]
struct TableMeta {
    comment: Option<String>,
    options: Vec<(String, String)>,
    partitioned_by: Vec<String>,
    primary_key: Vec<String>,
    watermark: Option<(String, String)>,
}

fn json_list<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_string())
}

impl LocalStatements {
    /// The table or view named `name` as SQLite spells it, if it exists.
    pub(super) fn find_object(&self, name: &str) -> Result<Option<(String, String)>> {
        self.db
            .query_row(
                "SELECT name, type FROM sqlite_schema
                 WHERE type IN ('table', 'view') AND name = ?1 COLLATE NOCASE
                   AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                params![name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(statement_error)
    }

    pub(super) fn require_object(&self, name: &str) -> Result<String> {
        match self.find_object(name)? {
            Some((real, _)) => Ok(real),
            None => Err(missing_table(name)),
        }
    }

    fn columns_of(&self, table: &str) -> Result<Vec<TableColumn>> {
        let mut stmt = self
            .db
            .prepare(
                "SELECT p.name, p.type, p.\"notnull\", c.comment, c.flink_type
                 FROM pragma_table_info(?1) AS p
                 LEFT JOIN flinksh_columns AS c
                   ON c.table_name = ?1 AND c.name = p.name
                 ORDER BY p.cid",
            )
            .map_err(statement_error)?;
        let rows = stmt
            .query_map(params![table], |r| {
                let decl: String = r.get(1)?;
                let kept: Option<String> = r.get(4)?;
                let flink_type = types::flink_type_of_decl(&decl)
                    .or(kept)
                    .unwrap_or_else(|| {
                        if decl.is_empty() {
                            "STRING".into()
                        } else {
                            decl
                        }
                    });
                Ok(TableColumn {
                    name: r.get(0)?,
                    flink_type,
                    nullable: r.get::<_, i64>(2)? == 0,
                    comment: r.get(3)?,
                })
            })
            .map_err(statement_error)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(statement_error)
    }

    fn meta_of(&self, table: &str) -> Result<TableMeta> {
        let meta = self
            .db
            .query_row(
                "SELECT comment, options, partitioned_by, primary_key, watermark_column,
                        watermark_expr
                 FROM flinksh_tables WHERE name = ?1",
                params![table],
                |r| {
                    let wm_col: Option<String> = r.get(4)?;
                    let wm_expr: Option<String> = r.get(5)?;
                    Ok(TableMeta {
                        comment: r.get(0)?,
                        options: json_list(&r.get::<_, String>(1)?),
                        partitioned_by: json_list(&r.get::<_, String>(2)?),
                        primary_key: json_list(&r.get::<_, String>(3)?),
                        watermark: wm_col.zip(wm_expr),
                    })
                },
            )
            .optional()
            .map_err(statement_error)?;
        Ok(meta.unwrap_or_default())
    }

    pub(super) fn show(
        &mut self,
        t: &Tokens,
        catalog: &str,
        ctx: &StatementContext,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        let one = |sink: &mut dyn RowSink, column: &str, value: &str| {
            emit_strings(sink, &[column], vec![vec![value.to_string()]])
        };
        match t.upper(1).as_str() {
            "CATALOGS" => one(sink, "catalog name", CATALOG),
            "DATABASES" => one(sink, "database name", DATABASE),
            "CURRENT" if t.is_kw(2, "CATALOG") => one(sink, "current catalog name", catalog),
            "CURRENT" if t.is_kw(2, "DATABASE") => one(
                sink,
                "current database name",
                ctx.database.as_deref().unwrap_or(DATABASE),
            ),
            kind @ ("TABLES" | "VIEWS") => {
                let mut i = 2;
                if t.is_kw(i, "FROM") || t.is_kw(i, "IN") {
                    i += 1;
                    let mut parts = vec![t.ident(i).unwrap_or_default()];
                    i += 1;
                    while t.is_punct(i, ".") {
                        parts.push(t.ident(i + 1).unwrap_or_default());
                        i += 2;
                    }
                    self.check_use(
                        Some(if parts.len() > 1 { &parts[0] } else { CATALOG }),
                        parts.last().map(String::as_str),
                    )?;
                }
                let negate = t.is_kw(i, "NOT");
                if negate {
                    i += 1;
                }
                let pattern = if t.is_kw(i, "LIKE") || t.is_kw(i, "ILIKE") {
                    Some(t.string(i + 1).ok_or_else(|| {
                        Error::statement(format!("expected a quoted pattern after {}", t.text(i)))
                    })?)
                } else {
                    None
                };
                let object = if kind == "TABLES" { "table" } else { "view" };
                let mut stmt = self
                    .db
                    .prepare(
                        "SELECT name FROM sqlite_schema
                         WHERE type = ?1 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                           AND name NOT LIKE 'flinksh\\_%' ESCAPE '\\'
                           AND (?2 IS NULL OR (name LIKE ?2) <> ?3)
                         ORDER BY name",
                    )
                    .map_err(statement_error)?;
                let names = stmt
                    .query_map(params![object, pattern, negate], |r| r.get::<_, String>(0))
                    .map_err(statement_error)?
                    .map(|r| r.map(|n| vec![n]))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map_err(statement_error)?;
                emit_strings(sink, &[&format!("{object} name")], names)
            }
            "CREATE" if t.is_kw(2, "TABLE") || t.is_kw(2, "VIEW") => {
                let mut i = 3;
                let name = flink::table_name(t, &mut i)?;
                let text = self.show_create(&name)?;
                emit_strings(sink, &["result"], vec![vec![text]])
            }
            _ => Err(cannot(&format!("SHOW {}", t.upper(1)))),
        }
    }

    fn show_create(&self, name: &str) -> Result<String> {
        let Some((real, kind)) = self.find_object(name)? else {
            return Err(missing_table(name));
        };
        if kind == "view" {
            let sql: String = self
                .db
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE name = ?1",
                    params![real],
                    |r| r.get(0),
                )
                .map_err(statement_error)?;
            return Ok(sql);
        }
        let columns = self.columns_of(&real)?;
        let meta = self.meta_of(&real)?;
        let bq = flink::backquote;
        let mut elements: Vec<String> = columns
            .iter()
            .map(|c| {
                let mut s = format!("  {} {}", bq(&c.name), c.flink_type);
                if !c.nullable {
                    s.push_str(" NOT NULL");
                }
                if let Some(comment) = &c.comment {
                    s.push_str(&format!(" COMMENT {}", literal(comment)));
                }
                s
            })
            .collect();
        if let Some((col, expr)) = &meta.watermark {
            elements.push(format!("  WATERMARK FOR {} AS {expr}", bq(col)));
        }
        if !meta.primary_key.is_empty() {
            let cols: Vec<String> = meta.primary_key.iter().map(|c| bq(c)).collect();
            elements.push(format!(
                "  CONSTRAINT {} PRIMARY KEY ({}) NOT ENFORCED",
                bq(&format!("PK_{}", meta.primary_key.join("_"))),
                cols.join(", ")
            ));
        }
        let mut out = format!(
            "CREATE TABLE {}.{}.{} (\n{}\n)",
            bq(CATALOG),
            bq(DATABASE),
            bq(&real),
            elements.join(",\n")
        );
        if let Some(comment) = &meta.comment {
            out.push_str(&format!("\nCOMMENT {}", literal(comment)));
        }
        if !meta.partitioned_by.is_empty() {
            let cols: Vec<String> = meta.partitioned_by.iter().map(|c| bq(c)).collect();
            out.push_str(&format!("\nPARTITIONED BY ({})", cols.join(", ")));
        }
        if !meta.options.is_empty() {
            let opts: Vec<String> = meta
                .options
                .iter()
                .map(|(k, v)| format!("  {} = {}", literal(k), literal(v)))
                .collect();
            out.push_str(&format!("\nWITH (\n{}\n)", opts.join(",\n")));
        }
        Ok(out)
    }

    pub(super) fn describe(&mut self, name: &str, sink: &mut dyn RowSink) -> Result<Outcome> {
        let real = self.require_object(name)?;
        let columns = self.columns_of(&real)?;
        let meta = self.meta_of(&real)?;
        let header = [
            Column::new("name", "STRING"),
            Column::new("type", "STRING"),
            Column::new("null", "BOOLEAN"),
            Column::new("key", "STRING"),
            Column::new("extras", "STRING"),
            Column::new("watermark", "STRING"),
        ];
        sink.begin(&header, Boundedness::Bounded)
            .map_err(sink_error)?;
        let key = format!("PRI({})", meta.primary_key.join(", "));
        let mut n = 0;
        for c in &columns {
            let in_key = meta.primary_key.iter().any(|k| k == &c.name);
            let watermark = meta
                .watermark
                .as_ref()
                .filter(|(col, _)| col == &c.name)
                .map(|(_, expr)| Value::Text(expr.clone()));
            sink.row(
                ChangeKind::Insert,
                vec![
                    Value::Text(c.name.clone()),
                    Value::Text(c.flink_type.clone()),
                    Value::Bool(c.nullable),
                    if in_key {
                        Value::Text(key.clone())
                    } else {
                        Value::Null
                    },
                    Value::Null,
                    watermark.unwrap_or(Value::Null),
                ],
            )
            .map_err(sink_error)?;
            n += 1;
        }
        sink.end().map_err(sink_error)?;
        Ok(Outcome::Rows(n))
    }

    pub(super) fn create_table(&mut self, ct: CreateTable) -> Result<Outcome> {
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(statement_error)?;
        if let Some((real, _)) = find_in(&tx, &ct.name)? {
            if ct.if_not_exists {
                return Ok(Outcome::Done(Some(format!(
                    "Table '{real}' already exists; nothing changed."
                ))));
            }
            return Err(Error::already_exists(format!(
                "table '{real}' already exists in {CATALOG}.{DATABASE}; \
                 use CREATE TABLE IF NOT EXISTS or DROP TABLE it first"
            )));
        }
        let mut columns = ct.columns.clone();
        if let Some(query) = &ct.as_query {
            check_query(&Tokens::new(query))?;
            if columns.is_empty() {
                columns = derive_columns(&tx, query)?;
            }
        }
        for key in ct.primary_key.iter().chain(&ct.partitioned_by) {
            if !columns.iter().any(|c| &c.name == key) {
                return Err(Error::statement(format!(
                    "column {key} named in PRIMARY KEY or PARTITIONED BY is not a column of {}",
                    ct.name
                )));
            }
        }
        let mut defs = Vec::with_capacity(columns.len());
        for c in &columns {
            defs.push(column_def(c)?);
        }
        tx.execute_batch(&format!(
            "CREATE TABLE {} ({})",
            quote(&ct.name),
            defs.join(", ")
        ))
        .map_err(statement_error)?;
        tx.execute(
            "INSERT INTO flinksh_tables
               (name, comment, options, partitioned_by, primary_key, watermark_column,
                watermark_expr)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                ct.name,
                ct.comment,
                to_json(&ct.options),
                to_json(&ct.partitioned_by),
                to_json(&ct.primary_key),
                ct.watermark.as_ref().map(|w| &w.0),
                ct.watermark.as_ref().map(|w| &w.1),
            ],
        )
        .map_err(statement_error)?;
        for (pos, c) in (0..).zip(&columns) {
            insert_column(&tx, &ct.name, pos, c)?;
        }
        let inserted = match &ct.as_query {
            Some(query) => Some(
                tx.execute(
                    &format!("INSERT INTO {} SELECT * FROM ({query})", quote(&ct.name)),
                    [],
                )
                .map_err(statement_error)?,
            ),
            None => None,
        };
        tx.commit().map_err(statement_error)?;
        Ok(Outcome::Done(Some(match inserted {
            Some(n) => format!(
                "Table '{}' created; {} inserted.",
                ct.name,
                plural(n, "row")
            ),
            None => format!("Table '{}' created.", ct.name),
        })))
    }

    pub(super) fn drop_table(&mut self, t: &Tokens) -> Result<Outcome> {
        let mut i = 2;
        let if_exists = t.eat_kws(&mut i, &["IF", "EXISTS"]);
        let name = flink::table_name(t, &mut i)?;
        if i < t.len() {
            return Err(Error::statement(format!(
                "unexpected '{}' after DROP TABLE {name}",
                t.text(i)
            )));
        }
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(statement_error)?;
        let real = match find_in(&tx, &name)? {
            Some((real, kind)) if kind == "table" => real,
            Some((real, _)) => {
                return Err(Error::statement(format!(
                    "'{real}' is a view; use DROP VIEW {real}"
                )));
            }
            None if if_exists => {
                return Ok(Outcome::Done(Some(format!(
                    "Table '{name}' does not exist; nothing dropped."
                ))));
            }
            None => return Err(missing_table(&name)),
        };
        tx.execute_batch(&format!("DROP TABLE {}", quote(&real)))
            .map_err(statement_error)?;
        tx.execute("DELETE FROM flinksh_tables WHERE name = ?1", params![real])
            .map_err(statement_error)?;
        tx.execute(
            "DELETE FROM flinksh_columns WHERE table_name = ?1",
            params![real],
        )
        .map_err(statement_error)?;
        tx.commit().map_err(statement_error)?;
        Ok(Outcome::Done(Some(format!("Table '{real}' dropped."))))
    }

    pub(super) fn alter_table(&mut self, t: &Tokens) -> Result<Outcome> {
        let mut i = 2;
        let if_exists = t.eat_kws(&mut i, &["IF", "EXISTS"]);
        let name = flink::table_name(t, &mut i)?;
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(statement_error)?;
        let real = match find_in(&tx, &name)? {
            Some((real, kind)) if kind == "table" => real,
            Some((real, _)) => {
                return Err(Error::statement(format!("'{real}' is a view, not a table")));
            }
            None if if_exists => {
                return Ok(Outcome::Done(Some(format!(
                    "Table '{name}' does not exist; nothing altered."
                ))));
            }
            None => return Err(missing_table(&name)),
        };
        let message = if t.is_kw(i, "RENAME") && t.is_kw(i + 1, "TO") {
            let mut j = i + 2;
            let new = flink::table_name(t, &mut j)?;
            if let Some((existing, _)) = find_in(&tx, &new)? {
                return Err(Error::already_exists(format!(
                    "table '{existing}' already exists in {CATALOG}.{DATABASE}; choose another name"
                )));
            }
            tx.execute_batch(&format!(
                "ALTER TABLE {} RENAME TO {}",
                quote(&real),
                quote(&new)
            ))
            .map_err(statement_error)?;
            tx.execute(
                "UPDATE flinksh_tables SET name = ?2 WHERE name = ?1",
                params![real, new],
            )
            .map_err(statement_error)?;
            tx.execute(
                "UPDATE flinksh_columns SET table_name = ?2 WHERE table_name = ?1",
                params![real, new],
            )
            .map_err(statement_error)?;
            format!("Table '{real}' renamed to '{new}'.")
        } else if t.is_kw(i, "RENAME") && t.is_kw(i + 2, "TO") {
            let (Some(old), Some(new)) = (t.ident(i + 1), t.ident(i + 3)) else {
                return Err(Error::statement(
                    "expected ALTER TABLE t RENAME old_column TO new_column".to_string(),
                ));
            };
            tx.execute_batch(&format!(
                "ALTER TABLE {} RENAME COLUMN {} TO {}",
                quote(&real),
                quote(&old),
                quote(&new)
            ))
            .map_err(statement_error)?;
            tx.execute(
                "UPDATE flinksh_columns SET name = ?3 WHERE table_name = ?1 AND name = ?2",
                params![real, old, new],
            )
            .map_err(statement_error)?;
            format!("Column '{old}' of table '{real}' renamed to '{new}'.")
        } else if t.is_kw(i, "ADD") {
            // Reuse the CREATE TABLE column parser on `(…)` or a single column.
            let body = t.rest(i + 1);
            let body = if body.starts_with('(') {
                body.to_string()
            } else {
                format!("({body})")
            };
            let ct = flink::parse_create_table(&Tokens::new(&format!(
                "CREATE TABLE {} {body}",
                quote(&real)
            )))?;
            if ct.watermark.is_some() || !ct.primary_key.is_empty() {
                return Err(cannot("ALTER TABLE … ADD WATERMARK or PRIMARY KEY"));
            }
            let next: i64 = tx
                .query_row(
                    "SELECT coalesce(max(position) + 1, 0) FROM flinksh_columns
                     WHERE table_name = ?1",
                    params![real],
                    |r| r.get(0),
                )
                .map_err(statement_error)?;
            for (position, c) in (next..).zip(&ct.columns) {
                let def = column_def(c)?;
                tx.execute_batch(&format!("ALTER TABLE {} ADD COLUMN {def}", quote(&real)))
                    .map_err(statement_error)?;
                insert_column(&tx, &real, position, c)?;
            }
            format!("Table '{real}' altered.")
        } else {
            return Err(cannot(&format!("ALTER TABLE … {}", t.upper(i))));
        };
        tx.commit().map_err(statement_error)?;
        Ok(Outcome::Done(Some(message)))
    }
}

fn missing_table(name: &str) -> Error {
    Error::not_found(format!(
        "table '{name}' does not exist in {CATALOG}.{DATABASE}; SHOW TABLES lists them"
    ))
}

fn find_in(db: &Db, name: &str) -> Result<Option<(String, String)>> {
    db.query_row(
        "SELECT name, type FROM sqlite_schema
         WHERE type IN ('table', 'view') AND name = ?1 COLLATE NOCASE",
        params![name],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(statement_error)
}

fn insert_column(db: &Db, table: &str, position: i64, c: &flink::ColumnDef) -> Result<()> {
    db.execute(
        "INSERT INTO flinksh_columns (table_name, position, name, flink_type, nullable, comment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![table, position, c.name, c.flink_type, c.nullable, c.comment],
    )
    .map(|_| ())
    .map_err(statement_error)
}

/// Column names and Flink types of a CREATE TABLE … AS query: declared types where a
/// column comes straight from a table, else the type of the first row's value.
fn derive_columns(db: &Db, query: &str) -> Result<Vec<flink::ColumnDef>> {
    let values_names = Tokens::new(query).is_kw(0, "VALUES");
    let mut stmt = db.prepare(query).map_err(statement_error)?;
    if stmt.column_count() == 0 {
        return Err(Error::statement(
            "CREATE TABLE … AS needs a query that returns rows (SELECT or VALUES)".to_string(),
        ));
    }
    let declared = super::engine::result_columns(&stmt, values_names);
    let mut rows = stmt.query([]).map_err(statement_error)?;
    let first = rows.next().map_err(statement_error)?;
    Ok(declared
        .into_iter()
        .enumerate()
        .map(|(i, (name, flink_type))| {
            let flink_type = flink_type.unwrap_or_else(|| {
                match first.and_then(|r| r.get_ref(i).ok()) {
                    Some(ValueRef::Null) | None => "STRING",
                    Some(v) => types::type_of_value(v),
                }
                .to_string()
            });
            flink::ColumnDef {
                name,
                flink_type,
                nullable: true,
                comment: None,
            }
        })
        .collect())
}

/// Emits a small all-STRING result.
fn emit_strings(sink: &mut dyn RowSink, names: &[&str], rows: Vec<Vec<String>>) -> Result<Outcome> {
    let columns: Vec<Column> = names.iter().map(|n| Column::new(*n, "STRING")).collect();
    sink.begin(&columns, Boundedness::Bounded)
        .map_err(sink_error)?;
    let n = rows.len() as u64;
    for row in rows {
        sink.row(
            ChangeKind::Insert,
            row.into_iter().map(Value::Text).collect(),
        )
        .map_err(sink_error)?;
    }
    sink.end().map_err(sink_error)?;
    Ok(Outcome::Rows(n))
}

/// The SQLite column definition that stores a Flink column: the affinity its type
/// needs, with the Flink type kept in the declared type name.
fn column_def(c: &flink::ColumnDef) -> Result<String> {
    let storage = types::storage_of(&c.flink_type)?;
    let mut def = format!(
        "{} {}",
        quote(&c.name),
        types::sqlite_decl(&c.flink_type, storage)
    );
    if !c.nullable {
        def.push_str(" NOT NULL");
    }
    Ok(def)
}
