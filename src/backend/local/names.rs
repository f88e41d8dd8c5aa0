//! The bridge from today's pass-through queries to the catalog, until the query
//! translator replaces it: each table or view named where a table goes (after FROM,
//! JOIN, INTO, UPDATE, or a comma of a FROM list) becomes its SQLite table or its
//! view's query, resolved against the current catalog and database.

use super::catalog::{Object, ObjectKind, datagen_sink, sq, unbounded};
use super::engine::LocalStatements;
use super::flink::{self, Tok, Tokens};
use crate::error::{Error, Result};

/// Words that end a FROM item, so a word after a table name is not its alias.
const NOT_ALIASES: &[&str] = &[
    "WHERE",
    "JOIN",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "NATURAL",
    "ON",
    "USING",
    "GROUP",
    "ORDER",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "WINDOW",
    "SET",
    "VALUES",
    "SELECT",
    "DEFAULT",
    "RETURNING",
    "INDEXED",
    "NOT",
    "OUTER",
    "FETCH",
    "WITH",
    "LATERAL",
];

/// Words that end a FROM list.
const CLAUSES: &[&str] = &[
    "WHERE",
    "GROUP",
    "HAVING",
    "ORDER",
    "LIMIT",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "WINDOW",
    "ON",
    "USING",
    "SET",
    "VALUES",
    "SELECT",
];

/// Views inside views deeper than this are taken for a view that reads itself.
const MAX_VIEW_DEPTH: usize = 32;

impl LocalStatements {
    /// The statement with its table and view names replaced by what SQLite reads.
    pub(super) fn resolve_names(&self, t: &Tokens, depth: usize) -> Result<String> {
        if depth > MAX_VIEW_DEPTH {
            return Err(Error::statement(format!(
                "views nest more than {MAX_VIEW_DEPTH} deep (does one read itself?)"
            )));
        }
        let Some(first) = t.toks.first() else {
            return Ok(String::new());
        };
        let mut out = String::with_capacity(t.src.len() + 32);
        let mut copied = first.start;
        let mut in_from = vec![false];
        let mut i = 0;
        while i < t.len() {
            if t.is_punct(i, "(") {
                in_from.push(false);
                i += 1;
                continue;
            }
            if t.is_punct(i, ")") {
                if in_from.len() > 1 {
                    in_from.pop();
                }
                i += 1;
                continue;
            }
            let top = in_from.len() - 1;
            if t.is_kw(i, "FROM") {
                in_from[top] = true;
            } else if CLAUSES.iter().any(|kw| t.is_kw(i, kw)) {
                in_from[top] = false;
            }
            let into = i > 0 && t.is_kw(i - 1, "INTO");
            let writes = into || (i > 0 && t.is_kw(i - 1, "UPDATE"));
            let table_position = i > 0
                && (["FROM", "JOIN", "INTO", "UPDATE"]
                    .iter()
                    .any(|kw| t.is_kw(i - 1, kw))
                    || (t.is_punct(i - 1, ",") && in_from[top]));
            let is_name = t
                .toks
                .get(i)
                .is_some_and(|k| matches!(k.kind, Tok::Word | Tok::Quoted));
            if !table_position || !is_name || (!into && t.is_punct(i + 1, "(")) {
                i += 1;
                continue;
            }
            let mut j = i;
            let Ok(path) = flink::object_path(t, &mut j) else {
                i += 1;
                continue;
            };
            let Some(object) = self.lookup(&self.place(&path)?)? else {
                i = j;
                continue;
            };
            let alias_follows = t.is_kw(j, "AS")
                || t.toks.get(j).is_some_and(|k| {
                    k.kind == Tok::Quoted
                        || (k.kind == Tok::Word && !NOT_ALIASES.iter().any(|w| t.is_kw(j, w)))
                });
            let alias = if alias_follows || into {
                String::new()
            } else {
                format!(" AS {}", sq(&object.path.name))
            };
            let replacement = self.replacement(&object, writes, into, depth)? + &alias;
            out.push_str(&t.src[copied..t.toks[i].start]);
            out.push_str(&replacement);
            copied = t.toks[j - 1].end;
            i = j;
        }
        if let Some(last) = t.toks.last() {
            out.push_str(&t.src[copied..last.end]);
        }
        Ok(out)
    }

    fn replacement(
        &self,
        object: &Object,
        writes: bool,
        into: bool,
        depth: usize,
    ) -> Result<String> {
        match object.kind {
            ObjectKind::Table => {
                if into && object.is_datagen() {
                    return Err(datagen_sink(&object.path));
                }
                if !into && object.is_unbounded() {
                    return Err(unbounded(&object.path));
                }
                Ok(sq(&object.sqlite_table()))
            }
            ObjectKind::View if writes => Err(Error::statement(format!(
                "{} is a view; views cannot be written to",
                object.path.dotted()
            ))),
            ObjectKind::View => {
                let query = object.query.as_deref().unwrap_or("");
                let inner = self.resolve_names(&Tokens::new(query), depth + 1)?;
                if object.view_columns.is_empty() {
                    Ok(format!("({inner})"))
                } else {
                    let names: Vec<String> = object.view_columns.iter().map(|c| sq(c)).collect();
                    // SQLite names a subquery's columns only through a CTE.
                    Ok(format!(
                        "(WITH \"flinksh_view\"({}) AS ({inner}) SELECT * FROM \"flinksh_view\")",
                        names.join(", ")
                    ))
                }
            }
        }
    }

    /// A view's query, checked by translating it.
    pub(super) fn check_view_query(&self, query: &str) -> Result<()> {
        self.query_columns(query).map(|_| ())
    }
}
