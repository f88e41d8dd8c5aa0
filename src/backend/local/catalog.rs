//! The Flink catalog kept in the state file: catalogs, databases, tables and views with
//! their Flink metadata, how a name resolves, and which SQLite table holds a table's rows.

use std::collections::BTreeMap;

use rusqlite::{Connection as Db, OptionalExtension, params};

use super::engine::LocalStatements;
use super::flink::{CATALOG, DATABASE, backquote};
use super::ftype::FlinkType;
use super::relation::{Catalog, Relation, RelationColumn, RelationKind};
use super::store::statement_error;
use crate::error::{Error, Result};

/// The catalog tables; `flinksh_` names are refused in statements, so users never see
/// them. Every name is compared exactly: Flink identifiers are case-sensitive.
const SCHEMA_V2: &str = "
CREATE TABLE IF NOT EXISTS flinksh_catalogs (
    name TEXT NOT NULL PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flinksh_databases (
    catalog TEXT NOT NULL,
    name TEXT NOT NULL,
    comment TEXT,
    PRIMARY KEY (catalog, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flinksh_objects (
    catalog TEXT NOT NULL,
    database TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    comment TEXT,
    options TEXT NOT NULL DEFAULT '[]',
    partitioned_by TEXT NOT NULL DEFAULT '[]',
    primary_key TEXT NOT NULL DEFAULT '[]',
    watermark_column TEXT,
    watermark_expr TEXT,
    query TEXT,
    view_columns TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (catalog, database, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flinksh_object_columns (
    catalog TEXT NOT NULL,
    database TEXT NOT NULL,
    object TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    flink_type TEXT,
    comment TEXT,
    computed TEXT,
    PRIMARY KEY (catalog, database, object, position)
) WITHOUT ROWID;
INSERT OR IGNORE INTO flinksh_catalogs (name) VALUES ('default_catalog');
INSERT OR IGNORE INTO flinksh_databases (catalog, name) VALUES ('default_catalog', 'default_database');
";

/// Where a table or view lives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ObjectPath {
    pub catalog: String,
    pub database: String,
    pub name: String,
}

impl ObjectPath {
    pub fn new(catalog: &str, database: &str, name: &str) -> Self {
        ObjectPath {
            catalog: catalog.to_string(),
            database: database.to_string(),
            name: name.to_string(),
        }
    }
    /// `cat.db.name`, as Flink names an object in its messages.
    pub fn dotted(&self) -> String {
        format!("{}.{}.{}", self.catalog, self.database, self.name)
    }
    /// `` `cat`.`db`.`name` ``, as SHOW CREATE prints it.
    pub fn quoted(&self) -> String {
        format!(
            "{}.{}.{}",
            backquote(&self.catalog),
            backquote(&self.database),
            backquote(&self.name)
        )
    }
    /// The SQLite table holding a table's rows: every part hex-encoded, so any
    /// characters and any case survive and two paths never meet (SQLite's names are
    /// case-insensitive, Flink's are not). The `flinksh_` prefix keeps it from users.
    pub fn sqlite_table(&self) -> String {
        format!(
            "flinksh_t_{}_{}_{}",
            hex(&self.catalog),
            hex(&self.database),
            hex(&self.name)
        )
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// `text` (an SQLite message) with each SQLite table name of `ObjectPath::sqlite_table`
/// given back as the user's `catalog.database.name`.
pub fn readable_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("flinksh_t") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let word = &tail[..end];
        let parts: Option<Vec<String>> = word
            .strip_prefix("flinksh_t_")
            .or_else(|| word.strip_prefix("flinksh_tt_"))
            .map(|hexes| {
                hexes
                    .split('_')
                    .map(super::types::unhex)
                    .collect::<Option<Vec<_>>>()
            })
            .and_then(|p| p.filter(|p| p.len() == 3));
        match parts {
            Some(parts) => out.push_str(&parts.join(".")),
            None => out.push_str(word),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Table,
    View,
}

impl ObjectKind {
    fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Table => "table",
            ObjectKind::View => "view",
        }
    }
}

/// One column of a table as declared.
#[derive(Debug, Clone)]
pub struct ObjColumn {
    pub name: String,
    /// The declared type (NOT NULL included); None for a computed column, whose type is
    /// its expression's.
    pub ty: Option<FlinkType>,
    pub comment: Option<String>,
    pub computed: Option<String>,
}

/// A table or view with its Flink metadata.
#[derive(Debug, Clone)]
pub struct Object {
    pub path: ObjectPath,
    pub kind: ObjectKind,
    pub temporary: bool,
    pub comment: Option<String>,
    pub options: Vec<(String, String)>,
    pub partitioned_by: Vec<String>,
    pub primary_key: Vec<String>,
    /// (column, expression as written).
    pub watermark: Option<(String, String)>,
    /// A view's query, as written.
    pub query: Option<String>,
    /// A view's explicit column names (`CREATE VIEW v (a, b) AS …`).
    pub view_columns: Vec<String>,
    pub columns: Vec<ObjColumn>,
}

impl Object {
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    /// The SQLite table of a table's rows; a temporary table's is a TEMP table of the
    /// session's connection, named apart from a persistent table of the same path.
    pub fn sqlite_table(&self) -> String {
        let name = self.path.sqlite_table();
        if self.temporary {
            name.replacen("flinksh_t_", "flinksh_tt_", 1)
        } else {
            name
        }
    }
    pub fn is_datagen(&self) -> bool {
        self.option("connector") == Some("datagen")
    }
    /// A datagen table without 'number-of-rows' is an endless source, as in Flink.
    pub fn is_unbounded(&self) -> bool {
        self.is_datagen() && self.option("number-of-rows").is_none()
    }
}

fn json_list<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_string())
}

/// Creates the catalog tables and moves every table and view of a version 1 file (one
/// catalog, SQLite-named tables with affinity) into `default_catalog.default_database`:
/// rows copied into a table without affinity, metadata kept.
pub fn migrate_to_v2(tx: &Db) -> rusqlite::Result<()> {
    tx.execute_batch(SCHEMA_V2)?;
    let objects: Vec<(String, String, Option<String>)> = {
        let mut stmt = tx.prepare(
            "SELECT name, type, sql FROM sqlite_schema
             WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
               AND name NOT LIKE 'flinksh\\_%' ESCAPE '\\'",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let has_v1 = tx
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'flinksh_tables'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    for (name, kind, sql) in objects {
        let path = ObjectPath::new(CATALOG, DATABASE, &name);
        if kind == "view" {
            let query = sql
                .as_deref()
                .and_then(view_query_of_sqlite)
                .unwrap_or_default();
            tx.execute(&format!("DROP VIEW {}", sq(&name)), [])?;
            tx.execute(
                "INSERT INTO flinksh_objects (catalog, database, name, kind, query)
                 VALUES (?1, ?2, ?3, 'view', ?4)",
                params![path.catalog, path.database, path.name, query],
            )?;
            continue;
        }
        let mut columns: Vec<(String, String, bool, Option<String>)> = Vec::new();
        {
            let mut stmt = tx.prepare(if has_v1 {
                "SELECT p.name, coalesce(c.flink_type, p.type), p.\"notnull\", c.comment
                 FROM pragma_table_info(?1) AS p
                 LEFT JOIN flinksh_columns AS c ON c.table_name = ?1 AND c.name = p.name
                 ORDER BY p.cid"
            } else {
                "SELECT name, type, \"notnull\", NULL FROM pragma_table_info(?1) ORDER BY cid"
            })?;
            let rows = stmt.query_map([&name], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0, r.get(3)?))
            })?;
            for row in rows {
                columns.push(row?);
            }
        }
        let mut defs = Vec::new();
        for (pos, (col, ty, not_null, comment)) in (0..).zip(&columns) {
            let parsed = super::types::flink_type_of_decl(ty)
                .and_then(|t| FlinkType::parse(&t))
                .or_else(|| FlinkType::parse(ty))
                .unwrap_or_else(FlinkType::string)
                .with_nullable(!not_null);
            defs.push(column_def(col, &parsed));
            tx.execute(
                "INSERT INTO flinksh_object_columns
                   (catalog, database, object, position, name, flink_type, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    path.catalog,
                    path.database,
                    path.name,
                    pos,
                    col,
                    parsed.to_string(),
                    comment
                ],
            )?;
        }
        let table = path.sqlite_table();
        tx.execute_batch(&format!(
            "CREATE TABLE {} ({});
             INSERT INTO {} SELECT * FROM {};
             DROP TABLE {};",
            sq(&table),
            defs.join(", "),
            sq(&table),
            sq(&name),
            sq(&name)
        ))?;
        let meta = if has_v1 {
            tx.query_row(
                "SELECT comment, options, partitioned_by, primary_key, watermark_column,
                        watermark_expr
                 FROM flinksh_tables WHERE name = ?1",
                [&name],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                },
            )
            .optional()?
        } else {
            None
        };
        let (comment, options, partitioned, pk, wm_col, wm_expr) = meta.unwrap_or_else(|| {
            (
                None,
                "[]".into(),
                "[]".into(),
                "[]".into(),
                None::<String>,
                None::<String>,
            )
        });
        tx.execute(
            "INSERT INTO flinksh_objects
               (catalog, database, name, kind, comment, options, partitioned_by, primary_key,
                watermark_column, watermark_expr)
             VALUES (?1, ?2, ?3, 'table', ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                path.catalog,
                path.database,
                path.name,
                comment,
                options,
                partitioned,
                pk,
                wm_col,
                wm_expr
            ],
        )?;
    }
    tx.execute_batch("DROP TABLE IF EXISTS flinksh_tables; DROP TABLE IF EXISTS flinksh_columns;")
}

/// The query of a SQLite `CREATE VIEW name AS query`.
fn view_query_of_sqlite(sql: &str) -> Option<String> {
    let t = super::flink::Tokens::new(sql);
    (0..t.len())
        .find(|&i| t.is_kw(i, "AS"))
        .map(|i| t.rest(i + 1).to_string())
}

/// Quotes an identifier for SQLite.
pub fn sq(name: &str) -> String {
    super::flink::quote(name)
}

/// The SQLite column that stores a physical column: no type affinity (the declared type
/// names BLOB), so values come back exactly as `value` encoded them; the Flink type
/// follows hex-encoded, so a query's result column still knows it.
pub fn column_def(name: &str, ty: &FlinkType) -> String {
    let mut def = format!(
        "{} {}",
        sq(name),
        super::types::sqlite_decl(&ty.with_nullable(true).to_string())
    );
    if !ty.nullable {
        def.push_str(" NOT NULL");
    }
    def
}

pub fn catalog_exists(db: &Db, name: &str) -> Result<bool> {
    db.query_row(
        "SELECT 1 FROM flinksh_catalogs WHERE name = ?1",
        [name],
        |_| Ok(()),
    )
    .optional()
    .map(|r| r.is_some())
    .map_err(statement_error)
}

pub fn database_exists(db: &Db, catalog: &str, name: &str) -> Result<bool> {
    db.query_row(
        "SELECT 1 FROM flinksh_databases WHERE catalog = ?1 AND name = ?2",
        [catalog, name],
        |_| Ok(()),
    )
    .optional()
    .map(|r| r.is_some())
    .map_err(statement_error)
}

/// Creates an environment's catalog (with `default_database`) and `database` in it, if
/// missing: what `flinksh serve` does on an environment's first statement.
pub fn ensure_environment(db: &Db, environment: &str, database: Option<&str>) -> Result<()> {
    // Only a missing one is written, so a read-only state file still serves reads.
    let exists = catalog_exists(db, environment)?
        && match database {
            Some(d) => database_exists(db, environment, d)?,
            None => true,
        };
    if exists {
        return Ok(());
    }
    db.execute(
        "INSERT OR IGNORE INTO flinksh_catalogs (name) VALUES (?1)",
        [environment],
    )
    .map_err(statement_error)?;
    for name in [Some(DATABASE), database].into_iter().flatten() {
        db.execute(
            "INSERT OR IGNORE INTO flinksh_databases (catalog, name) VALUES (?1, ?2)",
            [environment, name],
        )
        .map_err(statement_error)?;
    }
    Ok(())
}

pub fn missing_catalog(name: &str) -> Error {
    Error::not_found(format!(
        "A catalog with name [{name}] does not exist; SHOW CATALOGS lists them"
    ))
}

pub fn missing_database(catalog: &str, name: &str) -> Error {
    Error::not_found(format!(
        "A database with name [{name}] does not exist in the catalog: [{catalog}]; \
         SHOW DATABASES lists them"
    ))
}

pub fn names(db: &Db, sql: &str, args: &[&str]) -> Result<Vec<String>> {
    let mut stmt = db.prepare(sql).map_err(statement_error)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(0))
        .map_err(statement_error)?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .map_err(statement_error)
}

/// The persistent table or view at `path`.
pub fn load_object(db: &Db, path: &ObjectPath) -> Result<Option<Object>> {
    let row = db
        .query_row(
            "SELECT kind, comment, options, partitioned_by, primary_key, watermark_column,
                    watermark_expr, query, view_columns
             FROM flinksh_objects WHERE catalog = ?1 AND database = ?2 AND name = ?3",
            [&path.catalog, &path.database, &path.name],
            |r| {
                let wm_col: Option<String> = r.get(5)?;
                let wm_expr: Option<String> = r.get(6)?;
                Ok(Object {
                    path: path.clone(),
                    kind: if r.get::<_, String>(0)? == "view" {
                        ObjectKind::View
                    } else {
                        ObjectKind::Table
                    },
                    temporary: false,
                    comment: r.get(1)?,
                    options: json_list(&r.get::<_, String>(2)?),
                    partitioned_by: json_list(&r.get::<_, String>(3)?),
                    primary_key: json_list(&r.get::<_, String>(4)?),
                    watermark: wm_col.zip(wm_expr),
                    query: r.get(7)?,
                    view_columns: json_list(&r.get::<_, String>(8)?),
                    columns: Vec::new(),
                })
            },
        )
        .optional()
        .map_err(statement_error)?;
    let Some(mut object) = row else {
        return Ok(None);
    };
    let mut stmt = db
        .prepare(
            "SELECT name, flink_type, comment, computed FROM flinksh_object_columns
             WHERE catalog = ?1 AND database = ?2 AND object = ?3 ORDER BY position",
        )
        .map_err(statement_error)?;
    let rows = stmt
        .query_map([&path.catalog, &path.database, &path.name], |r| {
            let ty: Option<String> = r.get(1)?;
            Ok(ObjColumn {
                name: r.get(0)?,
                ty: ty.as_deref().and_then(FlinkType::parse),
                comment: r.get(2)?,
                computed: r.get(3)?,
            })
        })
        .map_err(statement_error)?;
    object.columns = rows
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(statement_error)?;
    Ok(Some(object))
}

/// Records a new persistent table or view (its SQLite table, if any, is made apart).
pub fn save_object(db: &Db, o: &Object) -> Result<()> {
    let p = &o.path;
    db.execute(
        "INSERT INTO flinksh_objects
           (catalog, database, name, kind, comment, options, partitioned_by, primary_key,
            watermark_column, watermark_expr, query, view_columns)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            p.catalog,
            p.database,
            p.name,
            o.kind.as_str(),
            o.comment,
            to_json(&o.options),
            to_json(&o.partitioned_by),
            to_json(&o.primary_key),
            o.watermark.as_ref().map(|w| &w.0),
            o.watermark.as_ref().map(|w| &w.1),
            o.query,
            to_json(&o.view_columns),
        ],
    )
    .map_err(statement_error)?;
    save_columns(db, o)
}

/// Rewrites the column list of `o` (after ADD/DROP/MODIFY/RENAME).
pub fn save_columns(db: &Db, o: &Object) -> Result<()> {
    let p = &o.path;
    db.execute(
        "DELETE FROM flinksh_object_columns WHERE catalog = ?1 AND database = ?2 AND object = ?3",
        [&p.catalog, &p.database, &p.name],
    )
    .map_err(statement_error)?;
    for (pos, c) in (0..).zip(&o.columns) {
        db.execute(
            "INSERT INTO flinksh_object_columns
               (catalog, database, object, position, name, flink_type, comment, computed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                p.catalog,
                p.database,
                p.name,
                pos,
                c.name,
                c.ty.as_ref().map(ToString::to_string),
                c.comment,
                c.computed
            ],
        )
        .map_err(statement_error)?;
    }
    Ok(())
}

/// Rewrites the columns, key and watermark of `o` (after ALTER TABLE … ADD/MODIFY/DROP).
pub fn save_object_meta(db: &Db, o: &Object) -> Result<()> {
    let p = &o.path;
    db.execute(
        "UPDATE flinksh_objects SET primary_key = ?4, watermark_column = ?5, watermark_expr = ?6
         WHERE catalog = ?1 AND database = ?2 AND name = ?3",
        params![
            p.catalog,
            p.database,
            p.name,
            to_json(&o.primary_key),
            o.watermark.as_ref().map(|w| &w.0),
            o.watermark.as_ref().map(|w| &w.1),
        ],
    )
    .map_err(statement_error)?;
    save_columns(db, o)
}

/// Rewrites the table-level metadata of `o` (after ALTER TABLE … SET/RESET).
pub fn save_options(db: &Db, o: &Object) -> Result<()> {
    let p = &o.path;
    db.execute(
        "UPDATE flinksh_objects SET options = ?4 WHERE catalog = ?1 AND database = ?2 AND name = ?3",
        params![p.catalog, p.database, p.name, to_json(&o.options)],
    )
    .map(|_| ())
    .map_err(statement_error)
}

pub fn delete_object(db: &Db, path: &ObjectPath) -> Result<()> {
    let args = [&path.catalog, &path.database, &path.name];
    db.execute(
        "DELETE FROM flinksh_objects WHERE catalog = ?1 AND database = ?2 AND name = ?3",
        args,
    )
    .map_err(statement_error)?;
    db.execute(
        "DELETE FROM flinksh_object_columns WHERE catalog = ?1 AND database = ?2 AND object = ?3",
        args,
    )
    .map_err(statement_error)?;
    Ok(())
}

/// Moves a table's metadata to `to` (ALTER TABLE … RENAME TO).
pub fn rename_object(db: &Db, from: &ObjectPath, to: &ObjectPath) -> Result<()> {
    db.execute(
        "UPDATE flinksh_objects SET catalog = ?4, database = ?5, name = ?6
         WHERE catalog = ?1 AND database = ?2 AND name = ?3",
        params![
            from.catalog,
            from.database,
            from.name,
            to.catalog,
            to.database,
            to.name
        ],
    )
    .map_err(statement_error)?;
    db.execute(
        "UPDATE flinksh_object_columns SET catalog = ?4, database = ?5, object = ?6
         WHERE catalog = ?1 AND database = ?2 AND object = ?3",
        params![
            from.catalog,
            from.database,
            from.name,
            to.catalog,
            to.database,
            to.name
        ],
    )
    .map_err(statement_error)?;
    Ok(())
}

/// The session's temporary tables and views, by path: they shadow persistent ones.
pub type TempObjects = BTreeMap<ObjectPath, Object>;

impl LocalStatements {
    /// `path` (1 to 3 parts) against the current catalog and database.
    pub(super) fn place(&self, path: &[String]) -> Result<ObjectPath> {
        match path {
            [name] => Ok(ObjectPath::new(&self.catalog, &self.database, name)),
            [db, name] => Ok(ObjectPath::new(&self.catalog, db, name)),
            [cat, db, name] => Ok(ObjectPath::new(cat, db, name)),
            _ => Err(Error::statement(format!(
                "'{}' is not a table name; name a table as [catalog.][database.]table",
                path.join(".")
            ))),
        }
    }

    /// The object at `path`: a temporary view first, as Flink looks them up.
    pub(super) fn lookup(&self, path: &ObjectPath) -> Result<Option<Object>> {
        if let Some(object) = self.temporary.get(path) {
            return Ok(Some(object.clone()));
        }
        load_object(&self.db, path)
    }

    /// Fails unless the catalog and database of `path` exist.
    pub(super) fn check_database(&self, catalog: &str, database: &str) -> Result<()> {
        if !catalog_exists(&self.db, catalog)? {
            return Err(missing_catalog(catalog));
        }
        if !database_exists(&self.db, catalog, database)? {
            return Err(missing_database(catalog, database));
        }
        Ok(())
    }

    /// The type of a computed column's expression over the table's other columns.
    pub(super) fn computed_type(
        &self,
        columns: &[(String, FlinkType)],
        expr: &str,
    ) -> Result<Option<FlinkType>> {
        self.expression_type(columns, expr).map(Some)
    }

    /// A view's column names and types, from its query.
    pub(super) fn view_columns(&self, query: &str) -> Result<Vec<(String, FlinkType)>> {
        self.query_columns(query)
    }

    fn relation_of(&self, object: &Object) -> Result<Relation> {
        if object.is_unbounded() {
            return Err(unbounded(&object.path));
        }
        let physical: Vec<(String, FlinkType)> = object
            .columns
            .iter()
            .filter_map(|c| Some((c.name.clone(), c.ty.clone()?)))
            .collect();
        let mut columns = Vec::with_capacity(object.columns.len());
        for c in &object.columns {
            let ty = match (&c.ty, &c.computed) {
                (Some(ty), _) => ty.clone(),
                (None, Some(expr)) => self
                    .computed_type(&physical, expr)?
                    .unwrap_or_else(FlinkType::null),
                (None, None) => FlinkType::null(),
            };
            columns.push(RelationColumn {
                name: c.name.clone(),
                ty,
                computed: c.computed.clone(),
            });
        }
        let kind = match object.kind {
            ObjectKind::Table => RelationKind::Stored {
                sqlite_table: object.sqlite_table(),
            },
            ObjectKind::View => RelationKind::View {
                query: view_query(object),
            },
        };
        Ok(Relation {
            display_name: object.path.dotted(),
            columns,
            kind,
        })
    }

    /// The table `path` names as the target of an INSERT: it must exist, be a table and
    /// take rows (a datagen table is a source only, as in Flink).
    pub fn insert_target(&self, path: &[String]) -> Result<Relation> {
        let place = self.place(path)?;
        let object = self.lookup(&place)?.ok_or_else(|| missing_object(&place))?;
        if object.kind == ObjectKind::View {
            return Err(Error::statement(format!(
                "{} is a view, not a table",
                place.dotted()
            )));
        }
        if object.is_datagen() {
            return Err(datagen_sink(&place));
        }
        self.relation_of(&Object {
            options: Vec::new(),
            ..object
        })
    }
}

impl Catalog for LocalStatements {
    fn relation(&self, path: &[String]) -> Result<Option<Relation>> {
        let place = self.place(path)?;
        match self.lookup(&place)? {
            Some(object) => self.relation_of(&object).map(Some),
            None => Ok(None),
        }
    }
}

/// A view's query as the translator reads it: with the view's own column names
/// (`CREATE VIEW v (a, b) AS …`) given to the query's columns.
fn view_query(view: &Object) -> String {
    let query = view.query.clone().unwrap_or_default();
    if view.view_columns.is_empty() {
        return query;
    }
    let names: Vec<String> = view.view_columns.iter().map(|c| backquote(c)).collect();
    format!(
        "SELECT * FROM ({query}) AS {}({})",
        backquote(&view.path.name),
        names.join(", ")
    )
}

pub fn missing_object(path: &ObjectPath) -> Error {
    Error::not_found(format!(
        "Table or view '{}' does not exist; SHOW TABLES lists them",
        path.dotted()
    ))
}

pub fn unbounded(path: &ObjectPath) -> Error {
    Error::statement(format!(
        "Querying an unbounded table '{}' in batch mode is not allowed: the local engine \
         runs bounded queries only; give the datagen table a 'number-of-rows'",
        path.dotted()
    ))
}

pub fn datagen_sink(path: &ObjectPath) -> Error {
    Error::statement(format!(
        "Connector 'datagen' can only be used as a source. It cannot be used as a sink \
         ({} is a datagen table; write to a table of another connector)",
        path.dotted()
    ))
}

/// Flink's refusal of an UPDATE or DELETE on `object`, if it has one: a sink-only
/// connector cannot be read, datagen cannot be written, and no other connector Flink
/// ships changes rows in place. A table without a connector is the local engine's own
/// and can be.
pub fn row_level_refusal(object: &Object, path: &ObjectPath, update: bool) -> Option<Error> {
    let connector = object.option("connector")?;
    Some(match connector {
        "datagen" => datagen_sink(path),
        "print" | "blackhole" => Error::statement(format!(
            "Connector '{connector}' can only be used as a sink. It cannot be used as a source."
        )),
        _ => {
            let (what, ability) = if update {
                ("update", "SupportsRowLevelUpdate")
            } else {
                ("delete", "SupportsRowLevelDelete")
            };
            Error::statement(format!(
                "Can't perform {what} operation of the table {} because the corresponding \
                 dynamic table sink has not yet implemented \
                 org.apache.flink.table.connector.sink.abilities.{ability}.",
                path.dotted()
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{StatementBackend, StatementContext};
    use crate::result::{Column, RowSink};

    struct Discard;
    impl RowSink for Discard {
        fn begin(&mut self, _: &[Column], _: crate::result::Boundedness) -> std::io::Result<()> {
            Ok(())
        }
        fn row(
            &mut self,
            _: crate::result::ChangeKind,
            _: Vec<crate::result::Value>,
        ) -> std::io::Result<()> {
            Ok(())
        }
        fn end(&mut self) -> std::io::Result<u64> {
            Ok(0)
        }
    }

    fn run(engine: &mut LocalStatements, sql: &str) {
        if let Err(e) = engine.execute(sql, &StatementContext::default(), &mut Discard) {
            panic!("{sql}: {e}");
        }
    }

    fn parts(path: &str) -> Vec<String> {
        path.split('.').map(str::to_string).collect()
    }

    #[test]
    fn relations_carry_declared_types_and_resolve_like_flink() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (_, mut engine) = super::super::open_parts(dir.path(), "e", Default::default())
            .unwrap_or_else(|e| panic!("{e}"));
        run(
            &mut engine,
            "CREATE TABLE t (ts TIMESTAMP(3), price DECIMAL(10, 2) NOT NULL, \
             tags ARRAY<STRING>, total AS price * 2)",
        );
        run(&mut engine, "CREATE VIEW v AS SELECT price FROM t");
        run(
            &mut engine,
            "CREATE TEMPORARY VIEW t2 (`n`) AS SELECT 1 AS one",
        );
        run(&mut engine, "CREATE DATABASE d");
        run(&mut engine, "CREATE TABLE d.t (x INT)");

        let found = |engine: &LocalStatements, path: &str| {
            engine
                .relation(&parts(path))
                .unwrap_or_else(|e| panic!("{path}: {e}"))
        };
        let Some(t) = found(&engine, "t") else {
            panic!("t not found")
        };
        assert_eq!(t.display_name, "default_catalog.default_database.t");
        let columns: Vec<(String, String, Option<String>)> = t
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.ty.to_string(), c.computed.clone()))
            .collect();
        assert_eq!(
            columns,
            vec![
                ("ts".into(), "TIMESTAMP(3)".into(), None),
                ("price".into(), "DECIMAL(10, 2) NOT NULL".into(), None),
                ("tags".into(), "ARRAY<STRING>".into(), None),
                (
                    "total".into(),
                    "DECIMAL(21, 2) NOT NULL".into(),
                    Some("price * 2".into())
                ),
            ]
        );
        assert!(matches!(
            &t.kind,
            RelationKind::Stored { sqlite_table } if *sqlite_table == ObjectPath::new(
                "default_catalog", "default_database", "t").sqlite_table()
        ));
        for path in ["default_database.t", "default_catalog.default_database.t"] {
            assert!(found(&engine, path).is_some(), "{path}");
        }
        let Some(dt) = found(&engine, "d.t") else {
            panic!("d.t not found")
        };
        assert_eq!(dt.columns.len(), 1);
        assert!(found(&engine, "T").is_none(), "names are case-sensitive");
        assert!(found(&engine, "nope.t").is_none());
        let Some(v) = found(&engine, "v") else {
            panic!("v not found")
        };
        assert!(
            matches!(v.kind, RelationKind::View { ref query } if query == "SELECT price FROM t")
        );
        assert!(matches!(
            found(&engine, "t2").map(|r| r.kind),
            Some(RelationKind::View { query })
                if query == "SELECT * FROM (SELECT 1 AS one) AS `t2`(`n`)"
        ));

        run(
            &mut engine,
            "CREATE TABLE g (x INT) WITH ('connector' = 'datagen')",
        );
        let err = engine.relation(&parts("g")).err().map(|e| e.message);
        assert!(
            err.as_deref()
                .is_some_and(|m| m.starts_with("Querying an unbounded table")),
            "{err:?}"
        );
        let err = engine.insert_target(&parts("g")).err().map(|e| e.message);
        assert!(
            err.as_deref()
                .is_some_and(|m| m.starts_with("Connector 'datagen' can only")),
            "{err:?}"
        );
        assert!(engine.insert_target(&parts("t")).is_ok());
    }

    #[test]
    fn sqlite_names_keep_case_and_never_collide() {
        let a = ObjectPath::new("c", "d", "t").sqlite_table();
        let b = ObjectPath::new("c", "d", "T").sqlite_table();
        let c = ObjectPath::new("c_", "d", "t").sqlite_table();
        assert_ne!(a.to_ascii_lowercase(), b.to_ascii_lowercase());
        assert_ne!(a, c);
        assert_eq!(a, "flinksh_t_63_64_74");
        assert_eq!(
            readable_names(&format!("NOT NULL constraint failed: {b}.id; {a} x")),
            "NOT NULL constraint failed: c.d.T.id; c.d.t x"
        );
        assert_eq!(readable_names("flinksh_tables"), "flinksh_tables");
    }
}
