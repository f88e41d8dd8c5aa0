//! The catalog statements as Flink answers them: SHOW, DESCRIBE, CREATE/DROP DATABASE,
//! CREATE/DROP/ALTER TABLE and CREATE/DROP VIEW.

use rusqlite::{Connection as Db, TransactionBehavior};

use super::catalog::{
    self, ObjColumn, Object, ObjectKind, ObjectPath, column_def, missing_catalog, missing_database,
    names, sq,
};
use super::datagen;
use super::engine::{LocalStatements, plural, sink_error};
use super::flink::{self, CreateTable, Tokens, backquote, cannot, literal};
use super::ftype::{FlinkType, Kind};
use super::store::statement_error;
use crate::backend::Outcome;
use crate::error::{Error, Result};
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};

/// Writes the rows of a new table into its SQLite table; how many, if any were written.
pub type Fill<'a> = &'a mut dyn FnMut(&Db, &Object) -> Result<Option<usize>>;

impl LocalStatements {
    pub(super) fn show(&mut self, t: &Tokens, sink: &mut dyn RowSink) -> Result<Outcome> {
        match t.upper(1).as_str() {
            "CATALOGS" => {
                let all = names(
                    &self.db,
                    "SELECT name FROM flinksh_catalogs ORDER BY name",
                    &[],
                )?;
                emit_column(sink, "catalog name", all)
            }
            "DATABASES" => {
                let mut i = 2;
                let catalog = if t.is_kw(i, "FROM") || t.is_kw(i, "IN") {
                    i += 1;
                    let c = t.ident(i).ok_or_else(|| expected(t, i, "a catalog name"))?;
                    i += 1;
                    c
                } else {
                    self.catalog.clone()
                };
                if !catalog::catalog_exists(&self.db, &catalog)? {
                    return Err(missing_catalog(&catalog));
                }
                let all = names(
                    &self.db,
                    "SELECT name FROM flinksh_databases WHERE catalog = ?1 ORDER BY name",
                    &[&catalog],
                )?;
                emit_column(sink, "database name", like_filter(t, i, all)?)
            }
            "CURRENT" if t.is_kw(2, "CATALOG") => {
                emit_column(sink, "current catalog name", vec![self.catalog.clone()])
            }
            "CURRENT" if t.is_kw(2, "DATABASE") => {
                emit_column(sink, "current database name", vec![self.database.clone()])
            }
            kind @ ("TABLES" | "VIEWS") => {
                let mut i = 2;
                let (catalog, database) = if t.is_kw(i, "FROM") || t.is_kw(i, "IN") {
                    i += 1;
                    let parts = flink::object_path(t, &mut i)?;
                    match parts.as_slice() {
                        [db] => (self.catalog.clone(), db.clone()),
                        [cat, db] => (cat.clone(), db.clone()),
                        _ => {
                            return Err(Error::statement(format!(
                                "SHOW {kind} FROM takes [catalog.]database, not '{}'",
                                parts.join(".")
                            )));
                        }
                    }
                } else {
                    (self.catalog.clone(), self.database.clone())
                };
                self.check_database(&catalog, &database)?;
                let sql = if kind == "TABLES" {
                    "SELECT name FROM flinksh_objects WHERE catalog = ?1 AND database = ?2"
                } else {
                    "SELECT name FROM flinksh_objects
                     WHERE catalog = ?1 AND database = ?2 AND kind = 'view'"
                };
                let mut all = names(&self.db, sql, &[&catalog, &database])?;
                all.extend(
                    self.temporary
                        .values()
                        .filter(|o| kind == "TABLES" || o.kind == ObjectKind::View)
                        .map(|o| &o.path)
                        .filter(|p| p.catalog == catalog && p.database == database)
                        .map(|p| p.name.clone()),
                );
                all.sort();
                all.dedup();
                let header = if kind == "TABLES" {
                    "table name"
                } else {
                    "view name"
                };
                emit_column(sink, header, like_filter(t, i, all)?)
            }
            "COLUMNS" if t.is_kw(2, "FROM") || t.is_kw(2, "IN") => {
                let mut i = 3;
                let path = flink::object_path(t, &mut i)?;
                self.describe(&path, Some((t, i)), sink)
            }
            "CREATE" if t.is_kw(2, "TABLE") || t.is_kw(2, "VIEW") => {
                let mut i = 3;
                let path = flink::object_path(t, &mut i)?;
                let place = self.place(&path)?;
                let object = self.lookup(&place)?;
                let text = match (object, t.is_kw(2, "TABLE")) {
                    (Some(o), true) if o.kind == ObjectKind::Table => show_create_table(&o),
                    (Some(o), false) if o.kind == ObjectKind::View => self.show_create_view(&o),
                    (Some(o), true) => {
                        return Err(Error::statement(format!(
                            "{} is a view; use SHOW CREATE VIEW",
                            o.path.dotted()
                        )));
                    }
                    (Some(o), false) => {
                        return Err(Error::statement(format!(
                            "{} is a table; use SHOW CREATE TABLE",
                            o.path.dotted()
                        )));
                    }
                    (None, _) => return Err(missing_table(&place)),
                };
                emit_column(sink, "result", vec![text])
            }
            _ => Err(cannot(&format!("SHOW {}", t.upper(1)))),
        }
    }

    fn show_create_view(&self, o: &Object) -> String {
        let columns: Vec<String> = if o.view_columns.is_empty() {
            self.view_columns(o.query.as_deref().unwrap_or(""))
                .map(|cols| cols.into_iter().map(|(n, _)| n).collect())
                .unwrap_or_default()
        } else {
            o.view_columns.clone()
        };
        let mut out = format!(
            "CREATE {}VIEW {}",
            if o.temporary { "TEMPORARY " } else { "" },
            o.path.quoted()
        );
        if !columns.is_empty() {
            let cols: Vec<String> = columns
                .iter()
                .map(|c| format!("  {}", backquote(c)))
                .collect();
            out.push_str(&format!(" (\n{}\n)", cols.join(",\n")));
        }
        if let Some(comment) = &o.comment {
            out.push_str(&format!("\nCOMMENT {}", literal(comment)));
        }
        out.push_str(&format!("\nAS {}\n", o.query.as_deref().unwrap_or("")));
        out
    }

    /// DESCRIBE and SHOW COLUMNS: Flink's layout (name, type, null, key, extras,
    /// watermark, and for tables comment).
    /// `like`: the statement and where a `[NOT] LIKE 'pattern'` on the column names may
    /// follow (SHOW COLUMNS).
    pub(super) fn describe(
        &mut self,
        path: &[String],
        like: Option<(&Tokens, usize)>,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        let place = self.place(path)?;
        let object = self.lookup(&place)?.ok_or_else(|| missing_table(&place))?;
        let mut header = vec![
            Column::new("name", "STRING"),
            Column::new("type", "STRING"),
            Column::new("null", "BOOLEAN"),
            Column::new("key", "STRING"),
            Column::new("extras", "STRING"),
            Column::new("watermark", "STRING"),
        ];
        let mut rows = Vec::new();
        if object.kind == ObjectKind::View {
            let columns = self.view_columns(object.query.as_deref().unwrap_or(""))?;
            for (i, (name, ty)) in columns.into_iter().enumerate() {
                let name = object.view_columns.get(i).cloned().unwrap_or(name);
                rows.push(vec![
                    Value::Text(name),
                    Value::Text(ty.with_nullable(true).to_string()),
                    Value::Bool(ty.nullable),
                    Value::Null,
                    Value::Null,
                    Value::Null,
                ]);
            }
        } else {
            // Flink shows the comment column only when some column has a comment.
            let comments = object.columns.iter().any(|c| c.comment.is_some());
            if comments {
                header.push(Column::new("comment", "STRING"));
            }
            let physical: Vec<(String, FlinkType)> = object
                .columns
                .iter()
                .filter_map(|c| Some((c.name.clone(), c.ty.clone()?)))
                .collect();
            let column_names: Vec<&str> = object.columns.iter().map(|c| c.name.as_str()).collect();
            let key = format!("PRI({})", object.primary_key.join(", "));
            for c in &object.columns {
                let ty = match (&c.ty, &c.computed) {
                    (Some(ty), _) => Some(ty.clone()),
                    (None, Some(expr)) => self.computed_type(&physical, expr)?,
                    (None, None) => None,
                };
                let text_or_null = |s: Option<String>| s.map_or(Value::Null, Value::Text);
                let mut row = vec![
                    Value::Text(c.name.clone()),
                    text_or_null(ty.as_ref().map(|t| {
                        // The watermark makes its column the rowtime attribute (in
                        // streaming mode; batch mode has none).
                        let rowtime = !self.batch
                            && object.watermark.as_ref().is_some_and(|(w, _)| *w == c.name)
                            && matches!(t.kind, Kind::Timestamp(_) | Kind::TimestampLtz(_));
                        let name = t.with_nullable(true).to_string();
                        if rowtime {
                            format!("{name} *ROWTIME*")
                        } else {
                            name
                        }
                    })),
                    Value::Bool(ty.as_ref().is_none_or(|t| t.nullable)),
                    if object.primary_key.contains(&c.name) {
                        Value::Text(key.clone())
                    } else {
                        Value::Null
                    },
                    text_or_null(
                        c.computed
                            .as_ref()
                            .map(|e| format!("AS {}", quote_columns(e, &column_names))),
                    ),
                    text_or_null(
                        object
                            .watermark
                            .as_ref()
                            .filter(|(col, _)| col == &c.name)
                            .map(|(_, e)| quote_columns(e, &column_names)),
                    ),
                ];
                if comments {
                    row.push(text_or_null(c.comment.clone()));
                }
                rows.push(row);
            }
        }
        if let Some((t, i)) = like {
            let names: Vec<String> = rows
                .iter()
                .map(|r| match r.first() {
                    Some(Value::Text(name)) => name.clone(),
                    _ => String::new(),
                })
                .collect();
            let kept = like_filter(t, i, names.clone())?;
            rows = rows
                .into_iter()
                .zip(names)
                .filter(|(_, name)| kept.contains(name))
                .map(|(row, _)| row)
                .collect();
        }
        sink.begin(&header, Boundedness::Bounded)
            .map_err(sink_error)?;
        let n = rows.len() as u64;
        for row in rows {
            sink.row(ChangeKind::Insert, row).map_err(sink_error)?;
        }
        sink.end().map_err(sink_error)?;
        Ok(Outcome::Rows(n))
    }

    pub(super) fn create_database(&mut self, t: &Tokens) -> Result<Outcome> {
        let mut i = 2;
        let if_not_exists = t.eat_kws(&mut i, &["IF", "NOT", "EXISTS"]);
        let (catalog, name) = self.database_path(t, &mut i)?;
        let mut comment = None;
        while i < t.len() {
            if t.is_kw(i, "COMMENT") && t.string(i + 1).is_some() {
                comment = t.string(i + 1);
                i += 2;
            } else if t.is_kw(i, "WITH") && t.is_punct(i + 1, "(") {
                i += 2;
                flink::parse_options(t, &mut i)?;
            } else {
                return Err(Error::statement(format!(
                    "unexpected '{}' in CREATE DATABASE; expected COMMENT '…' or WITH (…)",
                    t.text(i)
                )));
            }
        }
        if !catalog::catalog_exists(&self.db, &catalog)? {
            return Err(missing_catalog(&catalog));
        }
        if catalog::database_exists(&self.db, &catalog, &name)? {
            if if_not_exists {
                return Ok(Outcome::Done(Some(format!(
                    "Database '{name}' already exists; nothing changed."
                ))));
            }
            return Err(Error::already_exists(format!(
                "Database {name} already exists in Catalog {catalog}; \
                 use CREATE DATABASE IF NOT EXISTS"
            )));
        }
        self.db
            .execute(
                "INSERT INTO flinksh_databases (catalog, name, comment) VALUES (?1, ?2, ?3)",
                rusqlite::params![catalog, name, comment],
            )
            .map_err(statement_error)?;
        Ok(Outcome::Done(Some(format!("Database '{name}' created."))))
    }

    pub(super) fn drop_database(&mut self, t: &Tokens) -> Result<Outcome> {
        let mut i = 2;
        let if_exists = t.eat_kws(&mut i, &["IF", "EXISTS"]);
        let (catalog, name) = self.database_path(t, &mut i)?;
        let cascade = t.is_kw(i, "CASCADE");
        if cascade || t.is_kw(i, "RESTRICT") {
            i += 1;
        }
        if i < t.len() {
            return Err(Error::statement(format!(
                "unexpected '{}' after DROP DATABASE {name}",
                t.text(i)
            )));
        }
        if !catalog::catalog_exists(&self.db, &catalog)? {
            return Err(missing_catalog(&catalog));
        }
        if !catalog::database_exists(&self.db, &catalog, &name)? {
            if if_exists {
                return Ok(Outcome::Done(Some(format!(
                    "Database '{name}' does not exist; nothing dropped."
                ))));
            }
            return Err(Error::not_found(format!(
                "Database {name} does not exist in Catalog {catalog}; SHOW DATABASES lists them"
            )));
        }
        if catalog == self.catalog && name == self.database {
            return Err(Error::statement(format!(
                "Cannot drop a database which is currently in use ({name}); USE another first"
            )));
        }
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(statement_error)?;
        let objects = names(
            &tx,
            "SELECT name FROM flinksh_objects WHERE catalog = ?1 AND database = ?2",
            &[&catalog, &name],
        )?;
        if !objects.is_empty() && !cascade {
            return Err(Error::statement(format!(
                "Database {name} in catalog {catalog} is not empty; \
                 drop its tables and views first or use DROP DATABASE {name} CASCADE"
            )));
        }
        for object in objects {
            let path = ObjectPath::new(&catalog, &name, &object);
            tx.execute_batch(&format!(
                "DROP TABLE IF EXISTS {}",
                sq(&path.sqlite_table())
            ))
            .map_err(statement_error)?;
            catalog::delete_object(&tx, &path)?;
        }
        tx.execute(
            "DELETE FROM flinksh_databases WHERE catalog = ?1 AND name = ?2",
            [&catalog, &name],
        )
        .map_err(statement_error)?;
        tx.commit().map_err(statement_error)?;
        Ok(Outcome::Done(Some(format!("Database '{name}' dropped."))))
    }

    /// `[catalog.]database` at `*i`.
    fn database_path(&self, t: &Tokens, i: &mut usize) -> Result<(String, String)> {
        let parts = flink::object_path(t, i)?;
        match parts.as_slice() {
            [db] => Ok((self.catalog.clone(), db.clone())),
            [cat, db] => Ok((cat.clone(), db.clone())),
            _ => Err(Error::statement(format!(
                "'{}' is not a database name; name one as [catalog.]database",
                parts.join(".")
            ))),
        }
    }

    /// CREATE TABLE (not … AS, see `create_table_as`).
    pub(super) fn create_table(&mut self, ct: CreateTable) -> Result<Outcome> {
        let object = self.table_object(&ct)?;
        let mut fill = |db: &Db, o: &Object| -> Result<Option<usize>> {
            if o.is_datagen() {
                datagen::fill(db, o)
            } else {
                Ok(None)
            }
        };
        self.create_stored(object, ct.if_not_exists, &mut fill)
    }

    /// CREATE TABLE … AS query: the seam for the query translator. `columns` are the
    /// query's result columns with their Flink types; `fill` writes the query's rows
    /// (in `value`'s encoding) into the new table's SQLite table and says how many.
    /// Column definitions written in the statement are checked against the query's.
    pub(super) fn create_table_as(
        &mut self,
        ct: &CreateTable,
        columns: Vec<(String, FlinkType)>,
        fill: Fill,
    ) -> Result<Outcome> {
        if !ct.columns.is_empty() {
            return Err(cannot(
                "CREATE TABLE … (columns) AS query; leave out the column list",
            ));
        }
        let mut ct = ct.clone();
        ct.columns = columns
            .into_iter()
            .map(|(name, ty)| flink::ColumnDef {
                name,
                flink_type: ty.to_string(),
                nullable: ty.nullable,
                comment: None,
                computed: None,
            })
            .collect();
        let object = self.table_object(&ct)?;
        self.create_stored(object, ct.if_not_exists, fill)
    }

    /// The table a CREATE TABLE describes, checked as Flink checks it.
    fn table_object(&self, ct: &CreateTable) -> Result<Object> {
        let path = self.place(&ct.path)?;
        let mut columns = Vec::with_capacity(ct.columns.len());
        for c in &ct.columns {
            let ty = match &c.computed {
                Some(_) => None,
                None => Some(
                    FlinkType::parse(&c.flink_type)
                        .ok_or_else(|| unknown_type(&c.flink_type))?
                        .with_nullable(c.nullable),
                ),
            };
            columns.push(ObjColumn {
                name: c.name.clone(),
                ty,
                comment: c.comment.clone(),
                computed: c.computed.clone(),
            });
        }
        let mut object = Object {
            path,
            kind: ObjectKind::Table,
            temporary: ct.temporary,
            comment: ct.comment.clone(),
            options: ct.options.clone(),
            partitioned_by: ct.partitioned_by.clone(),
            primary_key: ct.primary_key.clone(),
            watermark: ct.watermark.clone(),
            query: None,
            view_columns: Vec::new(),
            columns,
        };
        if let Some((source, options)) = &ct.like {
            object = self.merge_like(object, source, options)?;
        }
        check_columns(&object)?;
        // A primary key's columns are NOT NULL, as in Flink.
        for c in &mut object.columns {
            if object.primary_key.contains(&c.name) {
                c.ty = c.ty.as_ref().map(|t| t.with_nullable(false));
            }
        }
        Ok(object)
    }

    /// `CREATE TABLE new (…) LIKE source (options)`: Flink's merge of the source table
    /// into the new one (`MergeTableLikeUtil`). Without options: INCLUDING ALL,
    /// OVERWRITING OPTIONS.
    fn merge_like(
        &self,
        new: Object,
        source: &[String],
        options: &[[String; 2]],
    ) -> Result<Object> {
        let place = self.place(source)?;
        let base = match self.lookup(&place)? {
            Some(o) if o.kind == ObjectKind::Table => o,
            Some(_) => {
                return Err(Error::statement(format!(
                    "Source table '{}' of the LIKE clause can not be a VIEW",
                    place.dotted()
                )));
            }
            None => return Err(missing_table(&place)),
        };
        let mut how: std::collections::HashMap<&str, &str> = [
            ("CONSTRAINTS", "INCLUDING"),
            ("GENERATED", "INCLUDING"),
            ("METADATA", "INCLUDING"),
            ("OPTIONS", "OVERWRITING"),
            ("PARTITIONS", "INCLUDING"),
            ("WATERMARKS", "INCLUDING"),
        ]
        .into_iter()
        .collect();
        for [strategy, feature] in options {
            if feature == "ALL" {
                for v in how.values_mut() {
                    *v = strategy;
                }
            } else {
                how.insert(feature, strategy);
            }
        }
        let strategy = |feature: &str| how.get(feature).copied().unwrap_or("INCLUDING");
        let mut columns: Vec<ObjColumn> = base
            .columns
            .into_iter()
            .filter(|c| c.computed.is_none() || strategy("GENERATED") != "EXCLUDING")
            .collect();
        for c in new.columns {
            match columns.iter().position(|b| b.name == c.name) {
                Some(at)
                    if columns[at].computed.is_some()
                        && c.computed.is_some()
                        && strategy("GENERATED") == "OVERWRITING" =>
                {
                    columns[at] = c;
                }
                Some(_) => {
                    return Err(Error::statement(format!(
                        "A column named '{}' already exists in the base table {}",
                        c.name,
                        place.dotted()
                    )));
                }
                None => columns.push(c),
            }
        }
        let primary_key = match (strategy("CONSTRAINTS"), base.primary_key.is_empty()) {
            ("EXCLUDING", _) | (_, true) => new.primary_key,
            (_, false) if new.primary_key.is_empty() => base.primary_key,
            _ => {
                return Err(Error::statement(
                    "The base table already has a primary key. You might want to specify \
                     EXCLUDING CONSTRAINTS.",
                ));
            }
        };
        let watermark = match (strategy("WATERMARKS"), base.watermark, new.watermark) {
            ("EXCLUDING", _, new) | (_, None, new) => new,
            (_, Some(base), None) => Some(base),
            ("OVERWRITING", Some(_), new) => new,
            (_, Some((col, _)), Some(_)) => {
                return Err(Error::statement(format!(
                    "There already exists a watermark spec for column '{col}' in the base \
                     table. You might want to specify EXCLUDING WATERMARKS or OVERWRITING \
                     WATERMARKS."
                )));
            }
        };
        // As Flink's `mergePartitions`: the base's partitions stay when the new table
        // has none, even EXCLUDING PARTITIONS.
        let partitioned_by = match (strategy("PARTITIONS"), base.partitioned_by.is_empty()) {
            _ if new.partitioned_by.is_empty() => base.partitioned_by,
            ("EXCLUDING", _) | (_, true) => new.partitioned_by,
            _ => {
                return Err(Error::statement(
                    "The base table already has partitions defined. You might want to specify \
                     EXCLUDING PARTITIONS.",
                ));
            }
        };
        let mut merged_options = match strategy("OPTIONS") {
            "EXCLUDING" => Vec::new(),
            _ => base.options,
        };
        for (k, v) in new.options {
            match merged_options.iter_mut().find(|(key, _)| *key == k) {
                Some(existing) if strategy("OPTIONS") == "OVERWRITING" => existing.1 = v,
                Some(existing) => {
                    return Err(Error::statement(format!(
                        "There already exists an option ['{k}' -> '{}'] in the base table. You \
                         might want to specify EXCLUDING OPTIONS or OVERWRITING OPTIONS.",
                        existing.1
                    )));
                }
                None => merged_options.push((k, v)),
            }
        }
        Ok(Object {
            columns,
            primary_key,
            watermark,
            partitioned_by,
            options: merged_options,
            ..new
        })
    }

    fn create_stored(
        &mut self,
        object: Object,
        if_not_exists: bool,
        fill: Fill,
    ) -> Result<Outcome> {
        let path = object.path.clone();
        self.check_database(&path.catalog, &path.database)?;
        if object.is_datagen() {
            datagen::check(&object)?;
        }
        let defs: Vec<String> = object
            .columns
            .iter()
            .filter_map(|c| Some(column_def(&c.name, c.ty.as_ref()?)))
            .collect();
        let created = |name: &str, n: Option<usize>| {
            Ok(Outcome::Done(Some(match n {
                Some(n) => format!("Table '{name}' created; {} inserted.", plural(n, "row")),
                None => format!("Table '{name}' created."),
            })))
        };
        if object.temporary {
            if self.temporary.contains_key(&path) {
                if if_not_exists {
                    return Ok(Outcome::Done(Some(format!(
                        "Table '{}' already exists; nothing changed.",
                        path.name
                    ))));
                }
                return Err(Error::already_exists(format!(
                    "Temporary table '{}' already exists; use CREATE TEMPORARY TABLE IF NOT \
                     EXISTS or DROP TEMPORARY TABLE it first",
                    path.dotted()
                )));
            }
            // A TEMP table lives in the session's connection and goes with it.
            let table = sq(&object.sqlite_table());
            self.db
                .execute_batch(&format!(
                    "DROP TABLE IF EXISTS temp.{table}; CREATE TEMP TABLE {table} ({})",
                    defs.join(", ")
                ))
                .map_err(statement_error)?;
            let inserted = match fill(&self.db, &object) {
                Ok(n) => n,
                Err(e) => {
                    let _ = self.db.execute_batch(&format!("DROP TABLE temp.{table}"));
                    return Err(e);
                }
            };
            self.temporary.insert(path.clone(), object);
            return created(&path.name, inserted);
        }
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(statement_error)?;
        if catalog::load_object(&tx, &path)?.is_some() {
            if if_not_exists {
                return Ok(Outcome::Done(Some(format!(
                    "Table '{}' already exists; nothing changed.",
                    path.name
                ))));
            }
            return Err(Error::already_exists(format!(
                "Table (or view) {}.{} already exists in Catalog {}. \
                 Use CREATE TABLE IF NOT EXISTS, or DROP TABLE it first.",
                path.database, path.name, path.catalog
            )));
        }
        tx.execute_batch(&format!(
            "CREATE TABLE {} ({})",
            sq(&path.sqlite_table()),
            defs.join(", ")
        ))
        .map_err(statement_error)?;
        catalog::save_object(&tx, &object)?;
        let inserted = fill(&tx, &object)?;
        tx.commit().map_err(statement_error)?;
        created(&path.name, inserted)
    }

    pub(super) fn drop_table(&mut self, t: &Tokens) -> Result<Outcome> {
        let temporary = t.is_kw(1, "TEMPORARY");
        let mut i = if temporary { 3 } else { 2 };
        let if_exists = t.eat_kws(&mut i, &["IF", "EXISTS"]);
        let path = flink::object_path(t, &mut i)?;
        if i < t.len() {
            return Err(Error::statement(format!(
                "unexpected '{}' after DROP TABLE {}",
                t.text(i),
                path.join(".")
            )));
        }
        let place = self.place(&path)?;
        let temp_table = self
            .temporary
            .get(&place)
            .is_some_and(|o| o.kind == ObjectKind::Table);
        if temporary {
            let removed = if temp_table {
                self.temporary.remove(&place)
            } else {
                None
            };
            let Some(object) = removed else {
                if if_exists {
                    return Ok(Outcome::Done(Some(format!(
                        "Table '{}' does not exist; nothing dropped.",
                        place.name
                    ))));
                }
                return Err(Error::not_found(format!(
                    "Temporary table or view with identifier '{}' does not exist. \
                     SHOW TABLES lists them.",
                    place.dotted()
                )));
            };
            self.db
                .execute_batch(&format!(
                    "DROP TABLE IF EXISTS temp.{}",
                    sq(&object.sqlite_table())
                ))
                .map_err(statement_error)?;
            return Ok(Outcome::Done(Some(format!(
                "Table '{}' dropped.",
                place.name
            ))));
        }
        if temp_table {
            return Err(Error::statement(format!(
                "Temporary table with identifier '{}' exists. Drop it first before removing \
                 the permanent table (DROP TEMPORARY TABLE {})",
                place.quoted(),
                place.name
            )));
        }
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(statement_error)?;
        match catalog::load_object(&tx, &place)? {
            Some(o) if o.kind == ObjectKind::Table => {}
            Some(_) => {
                return Err(Error::statement(format!(
                    "'{}' is a view; use DROP VIEW {}",
                    place.name, place.name
                )));
            }
            None if if_exists => {
                return Ok(Outcome::Done(Some(format!(
                    "Table '{}' does not exist; nothing dropped.",
                    place.name
                ))));
            }
            None => {
                return Err(Error::not_found(format!(
                    "Table with identifier '{}' does not exist. SHOW TABLES lists the tables.",
                    place.dotted()
                )));
            }
        }
        tx.execute_batch(&format!(
            "DROP TABLE IF EXISTS {}",
            sq(&place.sqlite_table())
        ))
        .map_err(statement_error)?;
        catalog::delete_object(&tx, &place)?;
        tx.commit().map_err(statement_error)?;
        Ok(Outcome::Done(Some(format!(
            "Table '{}' dropped.",
            place.name
        ))))
    }

    pub(super) fn alter_table(&mut self, t: &Tokens) -> Result<Outcome> {
        let mut i = 2;
        let if_exists = t.eat_kws(&mut i, &["IF", "EXISTS"]);
        let path = flink::object_path(t, &mut i)?;
        let place = self.place(&path)?;
        if self.temporary.contains_key(&place) {
            return Err(cannot(
                "ALTER TABLE of a temporary table; drop and create it",
            ));
        }
        let rename_to = if t.is_kw(i, "RENAME") && t.is_kw(i + 1, "TO") {
            let mut j = i + 2;
            Some(self.place(&flink::object_path(t, &mut j)?)?)
        } else {
            None
        };
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(statement_error)?;
        let mut object = match catalog::load_object(&tx, &place)? {
            Some(o) if o.kind == ObjectKind::Table => o,
            Some(_) => {
                return Err(Error::statement(format!(
                    "'{}' is a view, not a table",
                    place.name
                )));
            }
            None if if_exists => {
                return Ok(Outcome::Done(Some(format!(
                    "Table '{}' does not exist; nothing altered.",
                    place.name
                ))));
            }
            None => return Err(missing_table(&place)),
        };
        let table = sq(&place.sqlite_table());
        let name = place.name.clone();
        let message = if let Some(new) = rename_to {
            if new.catalog != place.catalog {
                return Err(Error::statement(
                    "a table can only be renamed within its catalog",
                ));
            }
            if !catalog::database_exists(&tx, &new.catalog, &new.database)? {
                return Err(missing_database(&new.catalog, &new.database));
            }
            if catalog::load_object(&tx, &new)?.is_some() {
                return Err(Error::already_exists(format!(
                    "table '{}' already exists in {}.{}; choose another name",
                    new.name, new.catalog, new.database
                )));
            }
            tx.execute_batch(&format!(
                "ALTER TABLE {table} RENAME TO {}",
                sq(&new.sqlite_table())
            ))
            .map_err(statement_error)?;
            catalog::rename_object(&tx, &place, &new)?;
            format!("Table '{name}' renamed to '{}'.", new.name)
        } else if t.is_kw(i, "RENAME") && t.is_kw(i + 2, "TO") {
            let (Some(old), Some(new)) = (t.ident(i + 1), t.ident(i + 3)) else {
                return Err(Error::statement(
                    "expected ALTER TABLE t RENAME old_column TO new_column",
                ));
            };
            let Some(col) = object.columns.iter_mut().find(|c| c.name == old) else {
                return Err(missing_column(&old, &name));
            };
            if col.ty.is_some() {
                tx.execute_batch(&format!(
                    "ALTER TABLE {table} RENAME COLUMN {} TO {}",
                    sq(&old),
                    sq(&new)
                ))
                .map_err(statement_error)?;
            }
            col.name = new.clone();
            catalog::save_columns(&tx, &object)?;
            format!("Column '{old}' of table '{name}' renamed to '{new}'.")
        } else if t.is_kw(i, "ADD") || t.is_kw(i, "MODIFY") {
            let modify = t.is_kw(i, "MODIFY");
            let before = object.clone();
            let (body, positions) = strip_positions(t, i + 1);
            // The CREATE TABLE parser reads `(…)` or a single element.
            let body = if body.starts_with('(') {
                body
            } else {
                format!("({body})")
            };
            let ct = flink::parse_create_table(&Tokens::new(&format!(
                "CREATE TABLE {} {body}",
                backquote(&name)
            )))?;
            if let Some(w) = ct.watermark {
                if object.watermark.is_some() != modify {
                    return Err(Error::statement(if modify {
                        format!(
                            "The base table does not define any watermark strategy; use ALTER TABLE {name} ADD WATERMARK"
                        )
                    } else {
                        format!(
                            "The base table has already defined the watermark strategy; use ALTER TABLE {name} MODIFY WATERMARK"
                        )
                    }));
                }
                object.watermark = Some(w);
            }
            if !ct.primary_key.is_empty() {
                if object.primary_key.is_empty() == modify {
                    return Err(Error::statement(if modify {
                        format!(
                            "The base table does not define any primary key; use ALTER TABLE {name} ADD PRIMARY KEY"
                        )
                    } else {
                        format!(
                            "The base table has already defined the primary key; use ALTER TABLE {name} MODIFY PRIMARY KEY"
                        )
                    }));
                }
                object.primary_key = ct.primary_key.clone();
            }
            for (k, c) in ct.columns.iter().enumerate() {
                let existing = object.columns.iter().position(|o| o.name == c.name);
                let column = ObjColumn {
                    name: c.name.clone(),
                    ty: match &c.computed {
                        Some(_) => None,
                        None => Some(
                            FlinkType::parse(&c.flink_type)
                                .ok_or_else(|| unknown_type(&c.flink_type))?
                                .with_nullable(c.nullable),
                        ),
                    },
                    comment: c.comment.clone(),
                    computed: c.computed.clone(),
                };
                let at = match (modify, existing) {
                    (false, Some(_)) => {
                        return Err(Error::statement(format!(
                            "Try to add a column `{}` which already exists in the table {name}; use ALTER TABLE {name} MODIFY",
                            c.name
                        )));
                    }
                    (true, None) => return Err(missing_column(&c.name, &name)),
                    (false, None) => object.columns.len(),
                    (true, Some(at)) => {
                        object.columns.remove(at);
                        at
                    }
                };
                let at = match positions.get(k).cloned().flatten() {
                    None => at,
                    Some(None) => 0,
                    Some(Some(after)) => {
                        object
                            .columns
                            .iter()
                            .position(|o| o.name == after)
                            .ok_or_else(|| missing_column(&after, &name))?
                            + 1
                    }
                };
                object.columns.insert(at.min(object.columns.len()), column);
            }
            for c in &mut object.columns {
                if object.primary_key.contains(&c.name) {
                    c.ty = c.ty.as_ref().map(|t| t.with_nullable(false));
                }
            }
            check_columns(&object)?;
            rebuild_if_changed(&tx, &before, &object)?;
            catalog::save_object_meta(&tx, &object)?;
            format!("Table '{name}' altered.")
        } else if t.is_kw(i, "DROP")
            && (t.is_kw(i + 1, "WATERMARK")
                || t.is_kw(i + 1, "PRIMARY")
                || t.is_kw(i + 1, "CONSTRAINT"))
        {
            if t.is_kw(i + 1, "WATERMARK") {
                if object.watermark.take().is_none() {
                    return Err(Error::statement(format!(
                        "The base table does not define any watermark strategy; nothing to drop from {name}"
                    )));
                }
            } else if object.primary_key.is_empty() {
                return Err(Error::statement(format!(
                    "The base table does not define any primary key; nothing to drop from {name}"
                )));
            } else {
                object.primary_key.clear();
            }
            catalog::save_object_meta(&tx, &object)?;
            format!("Table '{name}' altered.")
        } else if t.is_kw(i, "DROP") {
            let mut j = i + 1;
            let dropped = if t.is_punct(j, "(") {
                let mut cols = Vec::new();
                j += 1;
                while let Some(c) = t.ident(j) {
                    cols.push(c);
                    j += 1;
                    if !t.is_punct(j, ",") {
                        break;
                    }
                    j += 1;
                }
                cols
            } else {
                t.ident(j).into_iter().collect()
            };
            for col in &dropped {
                let Some(pos) = object.columns.iter().position(|c| &c.name == col) else {
                    return Err(missing_column(col, &name));
                };
                if object.primary_key.contains(col)
                    || object.watermark.as_ref().is_some_and(|(w, _)| w == col)
                {
                    return Err(Error::statement(format!(
                        "column {col} is part of the primary key or watermark of {name}; drop those first"
                    )));
                }
                if object.columns[pos].ty.is_some() {
                    tx.execute_batch(&format!("ALTER TABLE {table} DROP COLUMN {}", sq(col)))
                        .map_err(statement_error)?;
                }
                object.columns.remove(pos);
            }
            catalog::save_columns(&tx, &object)?;
            format!("Table '{name}' altered.")
        } else if (t.is_kw(i, "SET") || t.is_kw(i, "RESET")) && t.is_punct(i + 1, "(") {
            let mut j = i + 2;
            if t.is_kw(i, "SET") {
                for (k, v) in flink::parse_options(t, &mut j)? {
                    match object.options.iter_mut().find(|(key, _)| *key == k) {
                        Some(entry) => entry.1 = v,
                        None => object.options.push((k, v)),
                    }
                }
            } else {
                while let Some(k) = t.string(j) {
                    object.options.retain(|(key, _)| *key != k);
                    j += 1;
                    if !t.is_punct(j, ",") {
                        break;
                    }
                    j += 1;
                }
            }
            if object.is_datagen() {
                return Err(cannot(
                    "ALTER TABLE … SET/RESET on a datagen table; drop and create it",
                ));
            }
            catalog::save_options(&tx, &object)?;
            format!("Table '{name}' altered.")
        } else {
            return Err(cannot(&format!("ALTER TABLE … {}", t.upper(i))));
        };
        tx.commit().map_err(statement_error)?;
        Ok(Outcome::Done(Some(message)))
    }

    /// ALTER VIEW v RENAME TO w / ALTER VIEW v AS query (persistent views).
    pub(super) fn alter_view(&mut self, t: &Tokens) -> Result<Outcome> {
        let mut i = 2;
        let path = flink::object_path(t, &mut i)?;
        let place = self.place(&path)?;
        if self.temporary.contains_key(&place) {
            return Err(cannot("ALTER VIEW of a temporary view; drop and create it"));
        }
        let mut view = match catalog::load_object(&self.db, &place)? {
            Some(o) if o.kind == ObjectKind::View => o,
            Some(_) => {
                return Err(Error::statement(format!(
                    "'{}' is a table; use ALTER TABLE",
                    place.name
                )));
            }
            None => {
                return Err(Error::not_found(format!(
                    "View with identifier '{}' does not exist; SHOW VIEWS lists them",
                    place.dotted()
                )));
            }
        };
        if t.is_kw(i, "RENAME") && t.is_kw(i + 1, "TO") {
            let mut j = i + 2;
            let new = self.place(&flink::object_path(t, &mut j)?)?;
            if new.catalog != place.catalog {
                return Err(Error::statement(
                    "a view can only be renamed within its catalog",
                ));
            }
            self.check_database(&new.catalog, &new.database)?;
            if catalog::load_object(&self.db, &new)?.is_some() {
                return Err(Error::already_exists(format!(
                    "Table (or view) {}.{} already exists in Catalog {}; choose another name",
                    new.database, new.name, new.catalog
                )));
            }
            catalog::rename_object(&self.db, &place, &new)?;
            return Ok(Outcome::Done(Some(format!(
                "View '{}' renamed to '{}'.",
                place.name, new.name
            ))));
        }
        if !t.is_kw(i, "AS") {
            return Err(expected(t, i, "RENAME TO or AS and the view's new query"));
        }
        let query = t.rest(i + 1).to_string();
        self.check_view_query(&query)?;
        view.query = Some(query);
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(statement_error)?;
        catalog::delete_object(&tx, &place)?;
        catalog::save_object(&tx, &view)?;
        tx.commit().map_err(statement_error)?;
        Ok(Outcome::Done(Some(format!(
            "View '{}' altered.",
            place.name
        ))))
    }

    /// CREATE [TEMPORARY] VIEW [IF NOT EXISTS] v [(cols)] [COMMENT '…'] AS query.
    pub(super) fn create_view(&mut self, t: &Tokens) -> Result<Outcome> {
        let mut i = 1;
        let temporary = t.is_kw(i, "TEMPORARY");
        if temporary {
            i += 1;
        }
        i += 1; // VIEW
        let if_not_exists = t.eat_kws(&mut i, &["IF", "NOT", "EXISTS"]);
        let path = flink::object_path(t, &mut i)?;
        let place = self.place(&path)?;
        let mut view_columns = Vec::new();
        if t.is_punct(i, "(") {
            i += 1;
            while let Some(c) = t.ident(i) {
                view_columns.push(c);
                i += 1;
                if !t.is_punct(i, ",") {
                    break;
                }
                i += 1;
            }
            if !t.is_punct(i, ")") {
                return Err(expected(t, i, "')' after the view's column names"));
            }
            i += 1;
        }
        let mut comment = None;
        if t.is_kw(i, "COMMENT") {
            comment = t.string(i + 1);
            i += 2;
        }
        if !t.is_kw(i, "AS") {
            return Err(expected(t, i, "AS and the view's query"));
        }
        let query = t.rest(i + 1).to_string();
        if query.is_empty() {
            return Err(expected(t, i + 1, "the view's query after AS"));
        }
        self.check_database(&place.catalog, &place.database)?;
        let exists = if temporary {
            self.temporary.contains_key(&place)
        } else {
            catalog::load_object(&self.db, &place)?.is_some()
        };
        if exists {
            if if_not_exists {
                return Ok(Outcome::Done(Some(format!(
                    "View '{}' already exists; nothing changed.",
                    place.name
                ))));
            }
            return Err(Error::already_exists(format!(
                "Table (or view) {}.{} already exists in Catalog {}; \
                 use CREATE VIEW IF NOT EXISTS or DROP it first",
                place.database, place.name, place.catalog
            )));
        }
        self.check_view_query(&query)?;
        let object = Object {
            path: place.clone(),
            kind: ObjectKind::View,
            temporary,
            comment,
            options: Vec::new(),
            partitioned_by: Vec::new(),
            primary_key: Vec::new(),
            watermark: None,
            query: Some(query),
            view_columns,
            columns: Vec::new(),
        };
        if temporary {
            self.temporary.insert(place.clone(), object);
        } else {
            catalog::save_object(&self.db, &object)?;
        }
        Ok(Outcome::Done(Some(format!(
            "View '{}' created.",
            place.name
        ))))
    }

    pub(super) fn drop_view(&mut self, t: &Tokens) -> Result<Outcome> {
        let mut i = 1;
        let temporary = t.is_kw(i, "TEMPORARY");
        if temporary {
            i += 1;
        }
        i += 1; // VIEW
        let if_exists = t.eat_kws(&mut i, &["IF", "EXISTS"]);
        let path = flink::object_path(t, &mut i)?;
        let place = self.place(&path)?;
        let nothing = || {
            Ok(Outcome::Done(Some(format!(
                "View '{}' does not exist; nothing dropped.",
                place.name
            ))))
        };
        if temporary {
            let is_view = self
                .temporary
                .get(&place)
                .is_some_and(|o| o.kind == ObjectKind::View);
            if !is_view || self.temporary.remove(&place).is_none() {
                if if_exists {
                    return nothing();
                }
                return Err(Error::not_found(format!(
                    "Temporary table or view with identifier '{}' does not exist. \
                     SHOW VIEWS lists them.",
                    place.dotted()
                )));
            }
            return Ok(Outcome::Done(Some(format!(
                "View '{}' dropped.",
                place.name
            ))));
        }
        if self
            .temporary
            .get(&place)
            .is_some_and(|o| o.kind == ObjectKind::View)
        {
            return Err(Error::statement(format!(
                "Temporary view with identifier '{}' exists. Drop it first before removing \
                 the permanent view (DROP TEMPORARY VIEW {})",
                place.quoted(),
                place.name
            )));
        }
        match catalog::load_object(&self.db, &place)? {
            Some(o) if o.kind == ObjectKind::View => {
                catalog::delete_object(&self.db, &place)?;
                Ok(Outcome::Done(Some(format!(
                    "View '{}' dropped.",
                    place.name
                ))))
            }
            Some(_) => Err(Error::statement(format!(
                "'{}' is a table; use DROP TABLE {}",
                place.name, place.name
            ))),
            None if if_exists => nothing(),
            None => Err(Error::not_found(format!(
                "View with identifier '{}' does not exist; SHOW VIEWS lists them",
                place.dotted()
            ))),
        }
    }
}

/// Flink's SHOW CREATE TABLE: types in their full form (`VARCHAR(2147483647)`),
/// identifiers back-quoted, a trailing newline.
pub fn show_create_table(o: &Object) -> String {
    let column_names: Vec<&str> = o.columns.iter().map(|c| c.name.as_str()).collect();
    let mut elements: Vec<String> = o
        .columns
        .iter()
        .map(|c| {
            let mut s = format!("  {}", backquote(&c.name));
            match (&c.ty, &c.computed) {
                (Some(ty), _) => s.push_str(&format!(" {}", serializable(ty))),
                (None, Some(expr)) => {
                    s.push_str(&format!(" AS {}", quote_columns(expr, &column_names)));
                }
                (None, None) => {}
            }
            if let Some(comment) = &c.comment {
                s.push_str(&format!(" COMMENT {}", literal(comment)));
            }
            s
        })
        .collect();
    if let Some((col, expr)) = &o.watermark {
        elements.push(format!(
            "  WATERMARK FOR {} AS {}",
            backquote(col),
            quote_columns(expr, &column_names)
        ));
    }
    if !o.primary_key.is_empty() {
        let cols: Vec<String> = o.primary_key.iter().map(|c| backquote(c)).collect();
        elements.push(format!(
            "  CONSTRAINT {} PRIMARY KEY ({}) NOT ENFORCED",
            backquote(&format!("PK_{}", o.primary_key.join("_"))),
            cols.join(", ")
        ));
    }
    let mut out = format!(
        "CREATE {}TABLE {} (\n{}\n)\n",
        if o.temporary { "TEMPORARY " } else { "" },
        o.path.quoted(),
        elements.join(",\n")
    );
    if let Some(comment) = &o.comment {
        out.push_str(&format!("COMMENT {}\n", literal(comment)));
    }
    if !o.partitioned_by.is_empty() {
        let cols: Vec<String> = o.partitioned_by.iter().map(|c| backquote(c)).collect();
        out.push_str(&format!("PARTITIONED BY ({})\n", cols.join(", ")));
    }
    if !o.options.is_empty() {
        // Flink prints the options sorted by key.
        let mut sorted: Vec<&(String, String)> = o.options.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let opts: Vec<String> = sorted
            .iter()
            .map(|(k, v)| format!("  {} = {}", literal(k), literal(v)))
            .collect();
        out.push_str(&format!("WITH (\n{}\n)\n", opts.join(",\n")));
    }
    out
}

/// A type as Flink's `asSerializableString` spells it: STRING is `VARCHAR(2147483647)`,
/// BYTES `VARBINARY(2147483647)`, TIMESTAMP_LTZ(p) `TIMESTAMP(p) WITH LOCAL TIME ZONE`.
pub fn serializable(t: &FlinkType) -> String {
    let base = match &t.kind {
        Kind::VarChar(n) => format!("VARCHAR({n})"),
        Kind::VarBinary(n) => format!("VARBINARY({n})"),
        Kind::TimestampLtz(p) => format!("TIMESTAMP({p}) WITH LOCAL TIME ZONE"),
        Kind::Array(e) => format!("ARRAY<{}>", serializable(e)),
        Kind::Multiset(e) => format!("MULTISET<{}>", serializable(e)),
        Kind::Map(k, v) => format!("MAP<{}, {}>", serializable(k), serializable(v)),
        Kind::Row(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(n, ft)| format!("{} {}", backquote(n), serializable(ft)))
                .collect();
            format!("ROW<{}>", fields.join(", "))
        }
        _ => t.with_nullable(true).to_string(),
    };
    if t.nullable {
        base
    } else {
        format!("{base} NOT NULL")
    }
}

/// An expression with each reference to one of `columns` back-quoted, as Flink prints
/// computed columns and watermarks (`` `ts` - INTERVAL '5' SECOND ``).
pub fn quote_columns(expr: &str, columns: &[&str]) -> String {
    let t = Tokens::new(expr);
    let mut out = String::with_capacity(expr.len() + 8);
    let mut copied = 0;
    for i in 0..t.len() {
        let tok = t.toks[i];
        let is_name = matches!(tok.kind, flink::Tok::Word | flink::Tok::Quoted);
        let qualified = i > 0 && t.is_punct(i - 1, ".");
        let call = t.is_punct(i + 1, "(");
        if let Some(name) = t
            .ident(i)
            .filter(|n| is_name && !qualified && !call && columns.contains(&n.as_str()))
        {
            out.push_str(&expr[copied..tok.start]);
            out.push_str(&backquote(&name));
            copied = tok.end;
        }
    }
    out.push_str(&expr[copied..]);
    out
}

/// Fails unless the key, partitions and watermark name columns of `object`, and it has a
/// physical column.
fn check_columns(object: &Object) -> Result<()> {
    let named = |what: &str, col: &str| -> Result<()> {
        if object.columns.iter().any(|c| c.name == col) {
            Ok(())
        } else {
            Err(Error::statement(format!(
                "column {col} named in {what} is not a column of {}",
                object.path.name
            )))
        }
    };
    for key in &object.primary_key {
        named("PRIMARY KEY", key)?;
    }
    for key in &object.partitioned_by {
        named("PARTITIONED BY", key)?;
    }
    if let Some((col, _)) = &object.watermark {
        named("WATERMARK FOR", col)?;
    }
    if !object.columns.iter().any(|c| c.ty.is_some()) {
        return Err(Error::statement(format!(
            "table {} needs at least one physical column",
            object.path.name
        )));
    }
    Ok(())
}

/// The ADD/MODIFY body from token `from` on with each element's trailing `FIRST` or
/// `AFTER column` cut out, and those positions by element: `Some(None)` is FIRST,
/// `Some(Some(c))` AFTER c.
fn strip_positions(t: &Tokens, from: usize) -> (String, Vec<Option<Option<String>>>) {
    let mut positions = vec![None];
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let outer = if t.is_punct(from, "(") { 1 } else { 0 };
    let mut depth = 0i32;
    let ends_element = |k: usize| t.is_punct(k, ",") || t.is_punct(k, ")") || k >= t.len();
    let mut k = from;
    while k < t.len() {
        let at_element = depth == outer;
        if t.is_punct(k, "(") || t.is_punct(k, "<") {
            depth += 1;
        } else if t.is_punct(k, ")") || t.is_punct(k, ">") {
            depth -= 1;
        } else if at_element && t.is_punct(k, ",") {
            positions.push(None);
        } else if at_element && t.is_kw(k, "FIRST") && ends_element(k + 1) {
            if let Some(p) = positions.last_mut() {
                *p = Some(None);
            }
            cut.push((k, k + 1));
        } else if at_element
            && t.is_kw(k, "AFTER")
            && t.ident(k + 1).is_some()
            && ends_element(k + 2)
        {
            if let Some(p) = positions.last_mut() {
                *p = Some(t.ident(k + 1));
            }
            cut.push((k, k + 2));
            k += 1;
        }
        k += 1;
    }
    let Some(first) = t.toks.get(from) else {
        return (String::new(), positions);
    };
    let mut out = String::new();
    let mut copied = first.start;
    for (a, b) in cut {
        // The space before the cut goes with it.
        let start = if a > from {
            t.toks[a - 1].end
        } else {
            t.toks[a].start
        };
        out.push_str(&t.src[copied..start.max(copied)]);
        copied = t.toks[b - 1].end;
    }
    if let Some(last) = t.toks.last() {
        out.push_str(&t.src[copied..last.end]);
    }
    (out, positions)
}

/// Recreates the SQLite table of `after` when its physical columns differ from
/// `before`'s (order, type or NULL-ness), copying the values of the columns both have.
fn rebuild_if_changed(db: &Db, before: &Object, after: &Object) -> Result<()> {
    let physical = |o: &Object| -> Vec<(String, FlinkType)> {
        o.columns
            .iter()
            .filter_map(|c| Some((c.name.clone(), c.ty.clone()?)))
            .collect()
    };
    let (old, new) = (physical(before), physical(after));
    if old == new {
        return Ok(());
    }
    let table = sq(&after.sqlite_table());
    let defs: Vec<String> = new.iter().map(|(n, ty)| column_def(n, ty)).collect();
    let kept: Vec<String> = new
        .iter()
        .filter(|(n, _)| old.iter().any(|(o, _)| o == n))
        .map(|(n, _)| sq(n))
        .collect();
    let scratch = "\"flinksh_rebuild\"";
    let kept = kept.join(", ");
    db.execute_batch(&format!(
        "CREATE TABLE {scratch} ({});
         INSERT INTO {scratch} ({kept}) SELECT {kept} FROM {table};
         DROP TABLE {table};
         ALTER TABLE {scratch} RENAME TO {table};",
        defs.join(", ")
    ))
    .map_err(|e| {
        let e = statement_error(e);
        Error::statement(format!(
            "cannot change {}: {}",
            after.path.dotted(),
            e.message.replace("flinksh_rebuild", &after.path.dotted())
        ))
    })
}

pub fn missing_table(place: &ObjectPath) -> Error {
    Error::not_found(format!(
        "table '{}' does not exist in {}.{}; SHOW TABLES lists them",
        place.name, place.catalog, place.database
    ))
}

fn missing_column(col: &str, table: &str) -> Error {
    Error::not_found(format!(
        "column {col} does not exist in table {table}; DESCRIBE {table} lists them"
    ))
}

fn unknown_type(t: &str) -> Error {
    Error::statement(format!(
        "the local backend cannot store columns of type {t}; \
         use STRING, numeric, BOOLEAN, DATE/TIME/TIMESTAMP, BYTES, ARRAY, MAP or ROW, \
         or use --url for Confluent Cloud"
    ))
}

fn expected(t: &Tokens, i: usize, what: &str) -> Error {
    Error::statement(format!("expected {what} at '{}'", t.text(i)))
}

/// `[NOT] LIKE 'pattern'` / `ILIKE` at `i`, applied to `all`.
fn like_filter(t: &Tokens, mut i: usize, all: Vec<String>) -> Result<Vec<String>> {
    if i >= t.len() {
        return Ok(all);
    }
    let negate = t.is_kw(i, "NOT");
    if negate {
        i += 1;
    }
    let insensitive = t.is_kw(i, "ILIKE");
    if !(t.is_kw(i, "LIKE") || insensitive) {
        return Err(expected(t, i, "LIKE 'pattern' or the end of the statement"));
    }
    let pattern = t
        .string(i + 1)
        .ok_or_else(|| expected(t, i + 1, "a quoted pattern"))?;
    let matches = |name: &str| {
        if insensitive {
            crate::sql::like::matches(&pattern.to_lowercase(), &name.to_lowercase())
        } else {
            crate::sql::like::matches(&pattern, name)
        }
    };
    Ok(all.into_iter().filter(|n| matches(n) != negate).collect())
}

/// A one-column all-STRING result.
fn emit_column(sink: &mut dyn RowSink, name: &str, rows: Vec<String>) -> Result<Outcome> {
    sink.begin(&[Column::new(name, "STRING")], Boundedness::Bounded)
        .map_err(sink_error)?;
    let n = rows.len() as u64;
    for row in rows {
        sink.row(ChangeKind::Insert, vec![Value::Text(row)])
            .map_err(sink_error)?;
    }
    sink.end().map_err(sink_error)?;
    Ok(Outcome::Rows(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_print_in_their_serializable_form() {
        for (declared, printed) in [
            ("STRING", "VARCHAR(2147483647)"),
            ("INT NOT NULL", "INT NOT NULL"),
            ("ARRAY<STRING>", "ARRAY<VARCHAR(2147483647)>"),
            (
                "MAP<STRING, ROW<a BYTES NOT NULL>>",
                "MAP<VARCHAR(2147483647), ROW<`a` VARBINARY(2147483647) NOT NULL>>",
            ),
            ("TIMESTAMP_LTZ(3)", "TIMESTAMP(3) WITH LOCAL TIME ZONE"),
            ("DECIMAL(10, 2)", "DECIMAL(10, 2)"),
        ] {
            let t = FlinkType::parse(declared).unwrap();
            assert_eq!(serializable(&t), printed, "{declared}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(src in "\\PC{0,60}", tail in "[`'\"(<),. a-zA-Z_é]{0,20}") {
            for text in [format!("ADD {src}{tail}"), format!("ADD ({src} FIRST, x AFTER{tail}")] {
                let t = Tokens::new(&text);
                for from in 0..t.len() + 2 {
                    let _ = strip_positions(&t, from);
                }
                let _ = quote_columns(&text, &["x", "a"]);
            }
        }
    }

    #[test]
    fn positions_are_cut_out_of_added_columns() {
        let t = Tokens::new("ADD (a INT FIRST, b AS a + 1 AFTER a, c ROW<first INT>)");
        let (body, positions) = strip_positions(&t, 1);
        assert_eq!(body, "(a INT, b AS a + 1, c ROW<first INT>)");
        assert_eq!(positions, vec![Some(None), Some(Some("a".into())), None]);
    }

    #[test]
    fn expressions_quote_only_column_references() {
        assert_eq!(
            quote_columns("ts - INTERVAL '5' SECOND", &["ts"]),
            "`ts` - INTERVAL '5' SECOND"
        );
        assert_eq!(
            quote_columns("UPPER(name) || 'ts' || t.ts", &["name", "ts"]),
            "UPPER(`name`) || 'ts' || t.ts"
        );
    }
}
