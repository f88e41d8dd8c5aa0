//! Runs one statement: dispatches by its first words to the catalog layer, or hands it
//! to SQLite and streams the rows to the sink.

use rusqlite::Connection as Db;

use super::catalog::{self as cat, TempObjects};
use super::flink::{self, CATALOG, DATABASE, Tokens, cannot, quote};
use super::store::statement_error;
use crate::backend::{Outcome, StatementBackend, StatementContext};
use crate::error::{Error, Result};
use crate::result::RowSink;

const INTERNAL_TABLES: [&str; 5] = [
    "flinksh_connections",
    "flinksh_catalogs",
    "flinksh_databases",
    "flinksh_objects",
    "flinksh_object_columns",
];

pub struct LocalStatements {
    pub(super) db: Db,
    /// The statement's current catalog and database (from its context).
    pub(super) catalog: String,
    pub(super) database: String,
    /// This session's temporary views.
    pub(super) temporary: TempObjects,
    /// The running statement's call sites, read by the `fl` function.
    pub(super) sites: super::udf::Shared,
    /// Whether the session runs in batch mode (`execution.runtime-mode`), where Flink
    /// marks no rowtime attribute.
    pub(super) batch: bool,
}

impl LocalStatements {
    pub fn new(db: Db) -> Result<Self> {
        let sites = super::udf::register(&db).map_err(statement_error)?;
        Ok(LocalStatements {
            db,
            catalog: CATALOG.to_string(),
            database: DATABASE.to_string(),
            temporary: TempObjects::new(),
            batch: false,
            sites,
        })
    }
}

pub(super) fn sink_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::Interrupted {
        Error::interrupted()
    } else {
        Error::from(e)
    }
}

pub(super) fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

impl StatementBackend for LocalStatements {
    fn name(&self) -> &str {
        "local"
    }

    fn check_use(&mut self, catalog: Option<&str>, database: Option<&str>) -> Result<()> {
        let catalog = catalog.unwrap_or(CATALOG);
        if !cat::catalog_exists(&self.db, catalog)? {
            return Err(cat::missing_catalog(catalog));
        }
        match database {
            Some(db) if !cat::database_exists(&self.db, catalog, db)? => {
                Err(cat::missing_database(catalog, db))
            }
            _ => Ok(()),
        }
    }

    fn table_names(&mut self) -> Result<Vec<String>> {
        let mut names = cat::names(
            &self.db,
            "SELECT name FROM flinksh_objects WHERE catalog = ?1 AND database = ?2",
            &[&self.catalog, &self.database],
        )?;
        names.extend(
            self.temporary
                .keys()
                .filter(|p| p.catalog == self.catalog && p.database == self.database)
                .map(|p| p.name.clone()),
        );
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn execute(
        &mut self,
        sql: &str,
        ctx: &StatementContext,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        let catalog = ctx.catalog.as_deref().unwrap_or(CATALOG);
        let database = ctx.database.as_deref().unwrap_or(DATABASE);
        self.check_use(Some(catalog), Some(database))?;
        self.batch = ctx
            .properties
            .get("execution.runtime-mode")
            .is_some_and(|m| m.eq_ignore_ascii_case("batch"));
        self.catalog = catalog.to_string();
        self.database = database.to_string();
        let t = Tokens::new(sql);
        if t.len() == 0 {
            return Ok(Outcome::Done(None));
        }
        flink::check_nesting(&t)?;
        // SQLite also takes a string literal as a table name (`FROM 'x'`).
        if let Some(i) = (0..t.len()).find(|&i| {
            t.ident(i)
                .is_some_and(|w| w.to_ascii_lowercase().starts_with("flinksh_"))
                || t.string(i)
                    .is_some_and(|s| INTERNAL_TABLES.iter().any(|n| s.eq_ignore_ascii_case(n)))
        }) {
            return Err(Error::statement(format!(
                "{} is internal to the local backend; name your tables otherwise",
                t.text(i)
            )));
        }
        let head = |n: usize| (0..n).map(|i| t.upper(i)).collect::<Vec<_>>().join(" ");
        match t.upper(0).as_str() {
            "SHOW" => self.show(&t, sink),
            "DESCRIBE" | "DESC" => {
                let mut i = 1;
                if t.is_kw(i, "EXTENDED") {
                    i += 1;
                }
                let path = flink::object_path(&t, &mut i)?;
                if i < t.len() {
                    return Err(Error::statement(format!(
                        "unexpected '{}' after DESCRIBE {}",
                        t.text(i),
                        path.join(".")
                    )));
                }
                self.describe(&path, None, sink)
            }
            "CREATE" => {
                let temporary = t.is_kw(1, "TEMPORARY");
                let what = if temporary { 2 } else { 1 };
                if t.is_kw(what, "TABLE") {
                    let ct = flink::parse_create_table(&t)?;
                    if ct.as_query.is_some() {
                        self.create_table_as_query(&ct, ctx)
                    } else {
                        self.create_table(ct)
                    }
                } else if t.is_kw(what, "VIEW") {
                    self.create_view(&t)
                } else if t.is_kw(1, "DATABASE") {
                    self.create_database(&t)
                } else if t.is_kw(what, "CATALOG") {
                    Err(Error::statement(format!(
                        "the local backend cannot run CREATE CATALOG: its catalogs are {CATALOG} \
                         and, under flinksh serve, one per environment; use --url or --gateway \
                         for other catalogs"
                    )))
                } else if t.is_kw(1, "OR") {
                    Err(cannot(&head(4)))
                } else {
                    Err(cannot(&head(what + 1)))
                }
            }
            "DROP" => {
                let what = if t.is_kw(1, "TEMPORARY") { 2 } else { 1 };
                if t.is_kw(what, "TABLE") {
                    self.drop_table(&t)
                } else if t.is_kw(what, "VIEW") {
                    self.drop_view(&t)
                } else if t.is_kw(1, "DATABASE") {
                    self.drop_database(&t)
                } else {
                    Err(cannot(&head(what + 1)))
                }
            }
            "ALTER" if t.is_kw(1, "VIEW") => self.alter_view(&t),
            "ALTER" if t.is_kw(1, "TABLE") => self.alter_table(&t),
            "INSERT" if t.is_kw(1, "INTO") || t.is_kw(1, "OVERWRITE") => self.insert(sql, ctx),
            "SELECT" | "WITH" | "VALUES" | "(" => self.query(sql, ctx, sink),
            "UPDATE" | "DELETE" => self.update_or_delete(sql, ctx),
            "TRUNCATE" if t.is_kw(1, "TABLE") => {
                let mut i = 2;
                let path = flink::object_path(&t, &mut i)?;
                let target = self.insert_target(&path)?;
                let table = match target.kind {
                    super::relation::RelationKind::Stored { sqlite_table } => sqlite_table,
                    super::relation::RelationKind::View { .. } => String::new(),
                };
                let n = self
                    .db
                    .execute(&format!("DELETE FROM {}", quote(&table)), [])
                    .map_err(statement_error)?;
                Ok(Outcome::Done(Some(format!(
                    "Table '{}' truncated; {} deleted.",
                    path.last().map_or("", String::as_str),
                    plural(n, "row")
                ))))
            }
            "USE" => Err(Error::statement(
                "USE changes the session's catalog or database; \
                 over sql/v1 set sql.current-catalog and sql.current-database instead",
            )),
            "EXECUTE" | "BEGIN" | "END" => Err(cannot(&head(3))),
            "INSERT" | "ALTER" => Err(cannot(&head(2))),
            // Flink statements with no SQLite meaning, and SQLite statements that would
            // change how the state file is kept.
            "EXPLAIN" | "LOAD" | "UNLOAD" | "ADD" | "REMOVE" | "STOP" | "ANALYZE" | "CALL"
            | "TRUNCATE" | "PRAGMA" | "ATTACH" | "DETACH" | "VACUUM" | "REINDEX" => {
                Err(cannot(&head(2)))
            }
            "COMMIT" | "ROLLBACK" | "SAVEPOINT" | "RELEASE" => Err(Error::statement(format!(
                "the local backend commits every statement on its own; {} is not supported",
                t.upper(0)
            ))),
            // Flink's parser decides: a query runs, anything else gets its syntax error.
            _ => self.query(sql, ctx, sink),
        }
    }
}

impl LocalStatements {
    /// A Flink query, parsed by the front end and run through the translator.
    fn query(
        &mut self,
        sql: &str,
        ctx: &StatementContext,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        let q = super::translate::parse_query(sql)?;
        let session = super::query::session_of(ctx)?;
        let plan = self.plan_query(&q)?;
        self.run_plan(plan, session, sink)
    }
}
