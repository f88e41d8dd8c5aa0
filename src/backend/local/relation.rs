//! What the query translator needs to know of a table or view in the catalog.

use super::ftype::FlinkType;

/// A table or view a query can read, resolved in the catalog.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The name as the user should see it in messages (`default_catalog.default_database.t`).
    pub display_name: String,
    pub columns: Vec<RelationColumn>,
    pub kind: RelationKind,
}

#[derive(Debug, Clone)]
pub struct RelationColumn {
    pub name: String,
    pub ty: FlinkType,
    /// A computed column's expression as the user wrote it (`price * quantity`); it is
    /// evaluated over the table's other columns when the table is read.
    pub computed: Option<String>,
}

#[derive(Debug, Clone)]
pub enum RelationKind {
    /// Rows kept in the SQLite table of this (already quoted-safe, unquoted) name;
    /// physical columns are SQLite columns of the same names, values in `value`'s encoding.
    Stored { sqlite_table: String },
    /// A view: its query's text, translated where it is used.
    View { query: String },
}

/// The catalog as the translator sees it.
pub trait Catalog {
    /// The table or view `path` names (1 to 3 parts: `t`, `db.t`, `cat.db.t`), resolved
    /// against the session's current catalog and database; temporary views first.
    /// `Ok(None)` when nothing has that name.
    fn relation(&self, path: &[String]) -> crate::Result<Option<Relation>>;
}
