//! Flink SQL text to syntax trees: sqlparser's `Parser` with the Flink dialect, wrapped
//! (as DataFusion's `DFParser` wraps it) to parse the statements sqlparser's tree cannot
//! express into variants of its own.
//!
//! Nothing here decides what reaches a remote backend: they get the user's text byte
//! for byte, parsed or not.

use std::fmt;

use sqlparser::ast::{
    ColumnDef, DataType, Expr, Ident, ObjectName, Query, SqlOption, Statement as SqlStatement,
};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, TokenizerError};

use super::dialect::{FlinkDialect, is_word};

/// One Flink statement: sqlparser's when its tree can say it, else Flink's own.
#[derive(Debug, Clone, PartialEq)]
pub enum FlinkStatement {
    Sql(Box<SqlStatement>),
    CreateTable(Box<CreateTable>),
    /// `EXECUTE STATEMENT SET BEGIN … END` / `EXPLAIN STATEMENT SET BEGIN … END`
    StatementSet(StatementSet),
    /// `EXPLAIN [PLAN FOR | detail, …] statement`
    Explain {
        plan_for: bool,
        details: Vec<Ident>,
        statement: Box<FlinkStatement>,
    },
    /// `EXECUTE INSERT …` / `EXECUTE SELECT …`
    Execute(Box<FlinkStatement>),
    /// Flink's catalog, module, jar and job statements.
    Catalog(CatalogStatement),
    AlterTable(Box<AlterTable>),
}

/// `ALTER TABLE [IF EXISTS] name action`, as Flink has it.
#[derive(Debug, Clone, PartialEq)]
pub struct AlterTable {
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: AlterTableAction,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AlterTableAction {
    RenameTo(ObjectName),
    /// `SET ('key' = 'value', …)`
    Set(Vec<SqlOption>),
    /// `RESET ('key', …)`
    Reset(Vec<String>),
    /// `ADD|MODIFY element [FIRST|AFTER column]`, or a parenthesised list of them.
    AddOrModify {
        modify: bool,
        parenthesized: bool,
        elements: Vec<(TableElement, Option<Position>)>,
    },
    /// `DROP column`, `DROP (columns)`
    DropColumns {
        parenthesized: bool,
        columns: Vec<Ident>,
    },
    DropPrimaryKey,
    DropConstraint(Ident),
    DropWatermark,
    /// `RENAME column TO new`
    RenameColumn {
        from: Ident,
        to: Ident,
    },
}

/// Where an added or modified column goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Position {
    First,
    After(Ident),
}

impl fmt::Display for AlterTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER TABLE ")?;
        if self.if_exists {
            f.write_str("IF EXISTS ")?;
        }
        write!(f, "{} ", self.name)?;
        match &self.action {
            AlterTableAction::RenameTo(name) => write!(f, "RENAME TO {name}"),
            AlterTableAction::Set(options) => write!(f, "SET ({})", comma(options)),
            AlterTableAction::Reset(keys) => {
                let keys: Vec<String> = keys.iter().map(|k| quote(k)).collect();
                write!(f, "RESET ({})", keys.join(", "))
            }
            AlterTableAction::AddOrModify {
                modify,
                parenthesized,
                elements,
            } => {
                f.write_str(if *modify { "MODIFY " } else { "ADD " })?;
                let items: Vec<String> = elements
                    .iter()
                    .map(|(element, position)| match position {
                        None => element.to_string(),
                        Some(Position::First) => format!("{element} FIRST"),
                        Some(Position::After(c)) => format!("{element} AFTER {c}"),
                    })
                    .collect();
                if *parenthesized {
                    write!(f, "({})", items.join(", "))
                } else {
                    f.write_str(&items.join(", "))
                }
            }
            AlterTableAction::DropColumns {
                parenthesized,
                columns,
            } => {
                if *parenthesized {
                    write!(f, "DROP ({})", comma(columns))
                } else {
                    write!(f, "DROP {}", comma(columns))
                }
            }
            AlterTableAction::DropPrimaryKey => f.write_str("DROP PRIMARY KEY"),
            AlterTableAction::DropConstraint(name) => write!(f, "DROP CONSTRAINT {name}"),
            AlterTableAction::DropWatermark => f.write_str("DROP WATERMARK"),
            AlterTableAction::RenameColumn { from, to } => write!(f, "RENAME {from} TO {to}"),
        }
    }
}

/// The statements of Flink's SQL Client and catalogs that sqlparser has no node for.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogStatement {
    /// `CREATE CATALOG name WITH (…)`
    CreateCatalog { name: Ident, with: Vec<SqlOption> },
    /// `CREATE DATABASE [IF NOT EXISTS] name [COMMENT '…'] [WITH (…)]`
    CreateDatabase {
        if_not_exists: bool,
        name: ObjectName,
        comment: Option<String>,
        with: Vec<SqlOption>,
    },
    /// `ALTER DATABASE name SET (…)`
    AlterDatabase {
        name: ObjectName,
        set: Vec<SqlOption>,
    },
    /// `CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] name AS 'class'
    /// [LANGUAGE JAVA|SCALA|PYTHON] [USING JAR '…', …]`
    CreateFunction {
        temporary: bool,
        system: bool,
        if_not_exists: bool,
        name: ObjectName,
        class: String,
        language: Option<Ident>,
        jars: Vec<String>,
    },
    /// `DROP [TEMPORARY [SYSTEM]] CATALOG|DATABASE|TABLE|VIEW|FUNCTION [IF EXISTS] name
    /// [RESTRICT|CASCADE]`, for the forms sqlparser lacks (TEMPORARY, CATALOG).
    Drop {
        temporary: bool,
        system: bool,
        object: Ident,
        if_exists: bool,
        name: ObjectName,
        cascade: Option<Ident>,
    },
    /// `SHOW [FULL] MODULES`
    ShowModules { full: bool },
    /// `USE CATALOG name`
    UseCatalog(Ident),
    /// `USE MODULES name, …`
    UseModules(Vec<Ident>),
    /// `LOAD MODULE name [WITH (…)]`
    LoadModule { name: Ident, with: Vec<SqlOption> },
    /// `UNLOAD MODULE name`
    UnloadModule(Ident),
    /// `ADD JAR '…'` / `REMOVE JAR '…'`
    Jar { add: bool, path: String },
    /// `STOP JOB 'id' [WITH SAVEPOINT] [WITH DRAIN]`
    StopJob {
        id: String,
        savepoint: bool,
        drain: bool,
    },
    /// `RESET ['key']`
    Reset(Option<String>),
}

impl fmt::Display for CatalogStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let with = |f: &mut fmt::Formatter<'_>, keyword: &str, o: &[SqlOption]| {
            if o.is_empty() {
                Ok(())
            } else {
                write!(f, " {keyword} ({})", comma(o))
            }
        };
        match self {
            CatalogStatement::CreateCatalog { name, with: o } => {
                write!(f, "CREATE CATALOG {name}")?;
                with(f, "WITH", o)
            }
            CatalogStatement::CreateDatabase {
                if_not_exists,
                name,
                comment,
                with: o,
            } => {
                f.write_str("CREATE DATABASE ")?;
                if *if_not_exists {
                    f.write_str("IF NOT EXISTS ")?;
                }
                write!(f, "{name}")?;
                if let Some(comment) = comment {
                    write!(f, " COMMENT {}", quote(comment))?;
                }
                with(f, "WITH", o)
            }
            CatalogStatement::AlterDatabase { name, set } => {
                write!(f, "ALTER DATABASE {name}")?;
                with(f, "SET", set)
            }
            CatalogStatement::CreateFunction {
                temporary,
                system,
                if_not_exists,
                name,
                class,
                language,
                jars,
            } => {
                f.write_str("CREATE ")?;
                if *temporary {
                    f.write_str("TEMPORARY ")?;
                }
                if *system {
                    f.write_str("SYSTEM ")?;
                }
                f.write_str("FUNCTION ")?;
                if *if_not_exists {
                    f.write_str("IF NOT EXISTS ")?;
                }
                write!(f, "{name} AS {}", quote(class))?;
                if let Some(language) = language {
                    write!(f, " LANGUAGE {language}")?;
                }
                if !jars.is_empty() {
                    let jars: Vec<String> =
                        jars.iter().map(|j| format!("JAR {}", quote(j))).collect();
                    write!(f, " USING {}", jars.join(", "))?;
                }
                Ok(())
            }
            CatalogStatement::Drop {
                temporary,
                system,
                object,
                if_exists,
                name,
                cascade,
            } => {
                f.write_str("DROP ")?;
                if *temporary {
                    f.write_str("TEMPORARY ")?;
                }
                if *system {
                    f.write_str("SYSTEM ")?;
                }
                write!(f, "{object} ")?;
                if *if_exists {
                    f.write_str("IF EXISTS ")?;
                }
                write!(f, "{name}")?;
                if let Some(cascade) = cascade {
                    write!(f, " {cascade}")?;
                }
                Ok(())
            }
            CatalogStatement::ShowModules { full } => {
                write!(f, "SHOW {}MODULES", if *full { "FULL " } else { "" })
            }
            CatalogStatement::UseCatalog(name) => write!(f, "USE CATALOG {name}"),
            CatalogStatement::UseModules(names) => write!(f, "USE MODULES {}", comma(names)),
            CatalogStatement::LoadModule { name, with: o } => {
                write!(f, "LOAD MODULE {name}")?;
                with(f, "WITH", o)
            }
            CatalogStatement::UnloadModule(name) => write!(f, "UNLOAD MODULE {name}"),
            CatalogStatement::Jar { add, path } => {
                let verb = if *add { "ADD" } else { "REMOVE" };
                write!(f, "{verb} JAR {}", quote(path))
            }
            CatalogStatement::StopJob {
                id,
                savepoint,
                drain,
            } => {
                write!(f, "STOP JOB {}", quote(id))?;
                if *savepoint {
                    f.write_str(" WITH SAVEPOINT")?;
                }
                if *drain {
                    f.write_str(" WITH DRAIN")?;
                }
                Ok(())
            }
            CatalogStatement::Reset(None) => f.write_str("RESET"),
            CatalogStatement::Reset(Some(key)) => write!(f, "RESET {}", quote(key)),
        }
    }
}

impl fmt::Display for FlinkStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlinkStatement::Sql(statement) => write!(f, "{statement}"),
            FlinkStatement::CreateTable(create) => write!(f, "{create}"),
            FlinkStatement::StatementSet(set) => write!(f, "{set}"),
            FlinkStatement::Explain {
                plan_for,
                details,
                statement,
            } => {
                f.write_str("EXPLAIN ")?;
                if *plan_for {
                    f.write_str("PLAN FOR ")?;
                }
                if !details.is_empty() {
                    write!(f, "{} ", comma(details))?;
                }
                write!(f, "{statement}")
            }
            FlinkStatement::Execute(statement) => write!(f, "EXECUTE {statement}"),
            FlinkStatement::Catalog(statement) => write!(f, "{statement}"),
            FlinkStatement::AlterTable(alter) => write!(f, "{alter}"),
        }
    }
}

/// A statement set: the INSERTs run as one job.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementSet {
    /// `EXPLAIN` rather than `EXECUTE`.
    pub explain: bool,
    pub inserts: Vec<SqlStatement>,
}

impl fmt::Display for StatementSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.explain { "EXPLAIN" } else { "EXECUTE" };
        write!(f, "{verb} STATEMENT SET BEGIN ")?;
        for insert in &self.inserts {
            write!(f, "{insert}; ")?;
        }
        f.write_str("END")
    }
}

/// Flink's CREATE TABLE: columns may be computed or metadata, and a watermark.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    /// `CREATE OR REPLACE TABLE … AS query`
    pub or_replace: bool,
    pub temporary: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub elements: Vec<TableElement>,
    pub comment: Option<String>,
    pub partitioned_by: Vec<Ident>,
    pub with: Vec<SqlOption>,
    pub like: Option<Like>,
    /// `… AS query`: the table is created from the query's rows.
    pub as_query: Option<Box<Query>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TableElement {
    /// `name type [NOT NULL] [PRIMARY KEY NOT ENFORCED] [COMMENT '…']`
    Physical(ColumnDef),
    /// `name type METADATA [FROM 'key'] [VIRTUAL] [COMMENT '…']`
    Metadata {
        name: Ident,
        data_type: DataType,
        from: Option<String>,
        is_virtual: bool,
        comment: Option<String>,
    },
    /// `name AS expr [COMMENT '…']`
    Computed {
        name: Ident,
        expr: Expr,
        comment: Option<String>,
    },
    /// `WATERMARK FOR column AS expr`
    Watermark { column: Ident, expr: Expr },
    /// `[CONSTRAINT name] PRIMARY KEY (columns) NOT ENFORCED`
    PrimaryKey {
        constraint: Option<Ident>,
        columns: Vec<Ident>,
    },
}

/// `LIKE source [(INCLUDING|EXCLUDING|OVERWRITING ALL|CONSTRAINTS|… , …)]`
#[derive(Debug, Clone, PartialEq)]
pub struct Like {
    pub source: ObjectName,
    /// e.g. `EXCLUDING OPTIONS`, words upper-cased; Flink separates them by spaces.
    pub options: Vec<String>,
}

impl fmt::Display for CreateTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE ")?;
        if self.or_replace {
            f.write_str("OR REPLACE ")?;
        }
        if self.temporary {
            f.write_str("TEMPORARY ")?;
        }
        f.write_str("TABLE ")?;
        if self.if_not_exists {
            f.write_str("IF NOT EXISTS ")?;
        }
        write!(f, "{}", self.name)?;
        if !self.elements.is_empty() {
            write!(f, " ({})", comma(&self.elements))?;
        }
        if let Some(comment) = &self.comment {
            write!(f, " COMMENT {}", quote(comment))?;
        }
        if !self.partitioned_by.is_empty() {
            write!(f, " PARTITIONED BY ({})", comma(&self.partitioned_by))?;
        }
        if !self.with.is_empty() {
            write!(f, " WITH ({})", comma(&self.with))?;
        }
        if let Some(like) = &self.like {
            write!(f, " LIKE {}", like.source)?;
            if !like.options.is_empty() {
                write!(f, " ({})", like.options.join(" "))?;
            }
        }
        if let Some(query) = &self.as_query {
            write!(f, " AS {query}")?;
        }
        Ok(())
    }
}

impl fmt::Display for TableElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let comment = |f: &mut fmt::Formatter<'_>, c: &Option<String>| match c {
            Some(c) => write!(f, " COMMENT {}", quote(c)),
            None => Ok(()),
        };
        match self {
            TableElement::Physical(column) => write!(f, "{column}"),
            TableElement::Metadata {
                name,
                data_type,
                from,
                is_virtual,
                comment: c,
            } => {
                write!(f, "{name} {data_type} METADATA")?;
                if let Some(from) = from {
                    write!(f, " FROM {}", quote(from))?;
                }
                if *is_virtual {
                    f.write_str(" VIRTUAL")?;
                }
                comment(f, c)
            }
            TableElement::Computed {
                name,
                expr,
                comment: c,
            } => {
                write!(f, "{name} AS {expr}")?;
                comment(f, c)
            }
            TableElement::Watermark { column, expr } => {
                write!(f, "WATERMARK FOR {column} AS {expr}")
            }
            TableElement::PrimaryKey {
                constraint,
                columns,
            } => {
                if let Some(name) = constraint {
                    write!(f, "CONSTRAINT {name} ")?;
                }
                write!(f, "PRIMARY KEY ({}) NOT ENFORCED", comma(columns))
            }
        }
    }
}

fn comma<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Parses the statements of `text` (`;`-separated).
pub fn parse_statements(text: &str) -> Result<Vec<FlinkStatement>, ParserError> {
    let mut parser = FlinkParser::new(text)?;
    let mut statements = Vec::new();
    loop {
        while parser.parser.consume_token(&Token::SemiColon) {}
        if parser.parser.peek_token().token == Token::EOF {
            return Ok(statements);
        }
        statements.push(parser.parse_statement()?);
        let next = parser.parser.peek_token();
        if next.token != Token::EOF && next.token != Token::SemiColon {
            return parser.parser.expected("end of statement", next);
        }
    }
}

/// Parses one statement (a final `;` allowed).
pub fn parse_statement(text: &str) -> Result<FlinkStatement, ParserError> {
    let mut statements = parse_statements(text)?;
    match statements.len() {
        1 => Ok(statements.remove(0)),
        n => Err(ParserError::ParserError(format!(
            "expected one statement, found {n}"
        ))),
    }
}

/// The Flink dialect's tokens of `text`, whitespace and comments included.
pub fn tokens(text: &str) -> Result<Vec<TokenWithSpan>, TokenizerError> {
    Tokenizer::new(&FlinkDialect, text).tokenize_with_location()
}

/// Flink SQL's tokens for parsing: the dialect's, with `>>` split in two (Flink has no shift
/// operator, so `>>` only ever closes two nested `ROW<…>`/`ARRAY<…>` types).
pub fn tokenize(text: &str) -> Result<Vec<TokenWithSpan>, TokenizerError> {
    let tokens = tokens(text)?;
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        if t.token == Token::ShiftRight {
            out.push(TokenWithSpan::new(Token::Gt, t.span));
            out.push(TokenWithSpan::new(Token::Gt, t.span));
        } else {
            out.push(t);
        }
    }
    Ok(super::rewrite::rewrite(out))
}

/// How deeply sqlparser may recurse: room for `backend::local::flink::MAX_NESTING`
/// parentheses, each of which costs the parser about two levels. sqlparser grows its
/// stack as it recurses (its `recursive-protection`), so depth cannot overflow it.
pub const RECURSION_LIMIT: usize = 2500;

pub struct FlinkParser<'a> {
    pub parser: Parser<'a>,
}

impl FlinkParser<'_> {
    pub fn new(text: &str) -> Result<FlinkParser<'static>, ParserError> {
        Ok(FlinkParser::from_tokens(tokenize(text)?))
    }

    /// A parser over tokens from `tokenize`.
    pub fn from_tokens(tokens: Vec<TokenWithSpan>) -> FlinkParser<'static> {
        FlinkParser {
            parser: Parser::new(&FlinkDialect)
                .with_recursion_limit(RECURSION_LIMIT)
                .with_tokens_with_locations(tokens),
        }
    }

    fn peek_word(&self, n: usize) -> Option<Keyword> {
        match self.parser.peek_nth_token(n).token {
            Token::Word(w) if w.quote_style.is_none() => Some(w.keyword),
            _ => None,
        }
    }

    fn peek_is(&self, n: usize, word: &str) -> bool {
        matches!(self.parser.peek_nth_token(n).token,
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
    }

    pub fn parse_statement(&mut self) -> Result<FlinkStatement, ParserError> {
        match self.peek_word(0) {
            Some(Keyword::CREATE) => {
                let mut at = 1;
                if self.peek_word(1) == Some(Keyword::OR) {
                    at = 3;
                }
                if self.peek_word(at) == Some(Keyword::TEMPORARY) {
                    at += 1;
                }
                if self.peek_word(at) == Some(Keyword::TABLE) {
                    return self.parse_create_table();
                }
            }
            Some(Keyword::ALTER) if self.peek_word(1) == Some(Keyword::TABLE) => {
                return self.parse_alter_table();
            }
            Some(Keyword::EXECUTE | Keyword::EXPLAIN)
                if self.peek_word(1) == Some(Keyword::STATEMENT) =>
            {
                return self.parse_statement_set();
            }
            Some(Keyword::EXECUTE) => {
                self.parser.next_token();
                return Ok(FlinkStatement::Execute(Box::new(self.parse_statement()?)));
            }
            Some(Keyword::EXPLAIN) => return self.parse_explain(),
            _ => {}
        }
        if let Some(statement) = self.parse_catalog_statement()? {
            return Ok(FlinkStatement::Catalog(statement));
        }
        Ok(FlinkStatement::Sql(Box::new(
            self.parser.parse_statement()?,
        )))
    }

    /// Flink's catalog, module, jar and job statements; `None` (nothing consumed) for
    /// any other statement.
    fn parse_catalog_statement(&mut self) -> Result<Option<CatalogStatement>, ParserError> {
        let kind = |n: usize| self.peek_word(n);
        let statement = match (kind(0), kind(1), kind(2)) {
            (Some(Keyword::CREATE), Some(Keyword::CATALOG), _) => {
                let p = &mut self.parser;
                p.next_token();
                p.next_token();
                let name = p.parse_identifier()?;
                let with = p.parse_options(Keyword::WITH)?;
                CatalogStatement::CreateCatalog { name, with }
            }
            (Some(Keyword::CREATE), Some(Keyword::DATABASE), _) => {
                let p = &mut self.parser;
                p.next_token();
                p.next_token();
                let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
                let name = p.parse_object_name(false)?;
                let comment = optional_comment(p)?;
                let with = if p.peek_keyword(Keyword::WITH) {
                    p.parse_options(Keyword::WITH)?
                } else {
                    Vec::new()
                };
                CatalogStatement::CreateDatabase {
                    if_not_exists,
                    name,
                    comment,
                    with,
                }
            }
            (Some(Keyword::ALTER), Some(Keyword::DATABASE), _) => {
                let p = &mut self.parser;
                p.next_token();
                p.next_token();
                let name = p.parse_object_name(false)?;
                let set = p.parse_options(Keyword::SET)?;
                CatalogStatement::AlterDatabase { name, set }
            }
            (Some(Keyword::CREATE), Some(Keyword::FUNCTION | Keyword::TEMPORARY), _)
                if (1..4).any(|n| kind(n) == Some(Keyword::FUNCTION)) =>
            {
                let p = &mut self.parser;
                p.next_token();
                let temporary = p.parse_keyword(Keyword::TEMPORARY);
                let system = p.parse_keyword(Keyword::SYSTEM);
                p.expect_keyword(Keyword::FUNCTION)?;
                let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
                let name = p.parse_object_name(false)?;
                p.expect_keyword(Keyword::AS)?;
                let class = p.parse_literal_string()?;
                let language = if p.parse_keyword(Keyword::LANGUAGE) {
                    Some(p.parse_identifier()?)
                } else {
                    None
                };
                let mut jars = Vec::new();
                if p.parse_keyword(Keyword::USING) {
                    jars = p.parse_comma_separated(|p| {
                        p.expect_keyword(Keyword::JAR)?;
                        p.parse_literal_string()
                    })?;
                }
                CatalogStatement::CreateFunction {
                    temporary,
                    system,
                    if_not_exists,
                    name,
                    class,
                    language,
                    jars,
                }
            }
            (Some(Keyword::DROP), Some(Keyword::TEMPORARY | Keyword::CATALOG), _) => {
                let p = &mut self.parser;
                p.next_token();
                let temporary = p.parse_keyword(Keyword::TEMPORARY);
                let system = p.parse_keyword(Keyword::SYSTEM);
                let object = p.parse_identifier()?;
                let object = Ident::new(object.value.to_ascii_uppercase());
                let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
                let name = p.parse_object_name(false)?;
                let cascade = match p.parse_one_of_keywords(&[Keyword::CASCADE, Keyword::RESTRICT])
                {
                    Some(Keyword::CASCADE) => Some(Ident::new("CASCADE")),
                    Some(_) => Some(Ident::new("RESTRICT")),
                    None => None,
                };
                CatalogStatement::Drop {
                    temporary,
                    system,
                    object,
                    if_exists,
                    name,
                    cascade,
                }
            }
            (Some(Keyword::SHOW), Some(Keyword::FULL), _) if self.peek_is(2, "MODULES") => {
                self.parser.next_token();
                self.parser.next_token();
                self.parser.next_token();
                CatalogStatement::ShowModules { full: true }
            }
            (Some(Keyword::SHOW), _, _) if self.peek_is(1, "MODULES") => {
                self.parser.next_token();
                self.parser.next_token();
                CatalogStatement::ShowModules { full: false }
            }
            (Some(Keyword::USE), Some(Keyword::CATALOG), _) => {
                self.parser.next_token();
                self.parser.next_token();
                CatalogStatement::UseCatalog(self.parser.parse_identifier()?)
            }
            (Some(Keyword::USE), _, _) if self.peek_is(1, "MODULES") => {
                self.parser.next_token();
                self.parser.next_token();
                CatalogStatement::UseModules(
                    self.parser
                        .parse_comma_separated(Parser::parse_identifier)?,
                )
            }
            (Some(Keyword::LOAD | Keyword::UNLOAD), _, _) if self.peek_is(1, "MODULE") => {
                let p = &mut self.parser;
                let load = p.parse_keyword(Keyword::LOAD);
                if !load {
                    p.expect_keyword(Keyword::UNLOAD)?;
                }
                p.next_token();
                let name = p.parse_identifier()?;
                if load {
                    let with = if p.peek_keyword(Keyword::WITH) {
                        p.parse_options(Keyword::WITH)?
                    } else {
                        Vec::new()
                    };
                    CatalogStatement::LoadModule { name, with }
                } else {
                    CatalogStatement::UnloadModule(name)
                }
            }
            (_, Some(Keyword::JAR), _) if self.peek_is(0, "ADD") || self.peek_is(0, "REMOVE") => {
                let add = self.peek_is(0, "ADD");
                self.parser.next_token();
                self.parser.next_token();
                let path = self.parser.parse_literal_string()?;
                CatalogStatement::Jar { add, path }
            }
            (_, _, _) if self.peek_is(0, "STOP") && self.peek_is(1, "JOB") => {
                let p = &mut self.parser;
                p.next_token();
                p.next_token();
                let id = p.parse_literal_string()?;
                let savepoint = p.parse_keywords(&[Keyword::WITH, Keyword::SAVEPOINT]);
                let drain = p.parse_keyword(Keyword::WITH) && word(p, "DRAIN");
                CatalogStatement::StopJob {
                    id,
                    savepoint,
                    drain,
                }
            }
            (Some(Keyword::RESET), _, _) => {
                let p = &mut self.parser;
                p.next_token();
                let key = match p.peek_token().token {
                    Token::SingleQuotedString(_) => Some(p.parse_literal_string()?),
                    _ => None,
                };
                CatalogStatement::Reset(key)
            }
            _ => return Ok(None),
        };
        Ok(Some(statement))
    }

    fn parse_statement_set(&mut self) -> Result<FlinkStatement, ParserError> {
        let p = &mut self.parser;
        let explain = p.parse_keyword(Keyword::EXPLAIN);
        if !explain {
            p.expect_keyword(Keyword::EXECUTE)?;
        }
        p.expect_keywords(&[Keyword::STATEMENT, Keyword::SET, Keyword::BEGIN])?;
        let mut inserts = Vec::new();
        loop {
            while p.consume_token(&Token::SemiColon) {}
            if p.parse_keyword(Keyword::END) {
                break;
            }
            let insert = p.next_token();
            if !matches!(&insert.token, Token::Word(w) if w.keyword == Keyword::INSERT) {
                return p.expected("INSERT or END", insert);
            }
            inserts.push(p.parse_insert(insert)?);
            if !p.consume_token(&Token::SemiColon) {
                return p.expected("';' after an INSERT", p.peek_token());
            }
        }
        Ok(FlinkStatement::StatementSet(StatementSet {
            explain,
            inserts,
        }))
    }

    fn parse_explain(&mut self) -> Result<FlinkStatement, ParserError> {
        self.parser.expect_keyword(Keyword::EXPLAIN)?;
        let plan_for = self.parser.parse_keywords(&[Keyword::PLAN, Keyword::FOR]);
        let mut details = Vec::new();
        if !plan_for {
            while self.peek_detail() {
                details.push(self.parser.parse_identifier()?);
                if !self.parser.consume_token(&Token::Comma) {
                    break;
                }
            }
        }
        let statement = Box::new(self.parse_statement()?);
        Ok(FlinkStatement::Explain {
            plan_for,
            details,
            statement,
        })
    }

    /// An EXPLAIN detail: `ESTIMATED_COST`, `CHANGELOG_MODE`, `PLAN_ADVICE`,
    /// `JSON_EXECUTION_PLAN`.
    fn peek_detail(&self) -> bool {
        [
            "ESTIMATED_COST",
            "CHANGELOG_MODE",
            "PLAN_ADVICE",
            "JSON_EXECUTION_PLAN",
        ]
        .iter()
        .any(|d| self.peek_is(0, d))
    }

    fn parse_alter_table(&mut self) -> Result<FlinkStatement, ParserError> {
        let p = &mut self.parser;
        p.expect_keywords(&[Keyword::ALTER, Keyword::TABLE])?;
        let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let name = p.parse_object_name(false)?;
        let action = if p.parse_keywords(&[Keyword::RENAME, Keyword::TO]) {
            AlterTableAction::RenameTo(p.parse_object_name(false)?)
        } else if p.parse_keyword(Keyword::RENAME) {
            let from = p.parse_identifier()?;
            p.expect_keyword(Keyword::TO)?;
            let to = p.parse_identifier()?;
            AlterTableAction::RenameColumn { from, to }
        } else if p.peek_keyword(Keyword::SET) {
            AlterTableAction::Set(p.parse_options(Keyword::SET)?)
        } else if p.parse_keyword(Keyword::RESET) {
            p.expect_token(&Token::LParen)?;
            let keys = p.parse_comma_separated(Parser::parse_literal_string)?;
            p.expect_token(&Token::RParen)?;
            AlterTableAction::Reset(keys)
        } else if let Some(verb) = p.parse_one_of_keywords(&[Keyword::ADD, Keyword::MODIFY]) {
            let parenthesized = p.consume_token(&Token::LParen);
            let item = |p: &mut Parser| -> Result<_, ParserError> {
                let element = parse_table_element(p)?;
                let position = if p.parse_keyword(Keyword::FIRST) {
                    Some(Position::First)
                } else if p.parse_keyword(Keyword::AFTER) {
                    Some(Position::After(p.parse_identifier()?))
                } else {
                    None
                };
                Ok((element, position))
            };
            let elements = if parenthesized {
                let elements = p.parse_comma_separated(item)?;
                p.expect_token(&Token::RParen)?;
                elements
            } else {
                vec![item(p)?]
            };
            AlterTableAction::AddOrModify {
                modify: verb == Keyword::MODIFY,
                parenthesized,
                elements,
            }
        } else if p.parse_keyword(Keyword::DROP) {
            if p.parse_keywords(&[Keyword::PRIMARY, Keyword::KEY]) {
                AlterTableAction::DropPrimaryKey
            } else if p.parse_keyword(Keyword::CONSTRAINT) {
                AlterTableAction::DropConstraint(p.parse_identifier()?)
            } else if word(p, "WATERMARK") {
                AlterTableAction::DropWatermark
            } else if p.consume_token(&Token::LParen) {
                let columns = p.parse_comma_separated(Parser::parse_identifier)?;
                p.expect_token(&Token::RParen)?;
                AlterTableAction::DropColumns {
                    parenthesized: true,
                    columns,
                }
            } else {
                AlterTableAction::DropColumns {
                    parenthesized: false,
                    columns: vec![p.parse_identifier()?],
                }
            }
        } else {
            return p.expected("RENAME, SET, RESET, ADD, MODIFY or DROP", p.peek_token());
        };
        Ok(FlinkStatement::AlterTable(Box::new(AlterTable {
            if_exists,
            name,
            action,
        })))
    }

    fn parse_create_table(&mut self) -> Result<FlinkStatement, ParserError> {
        let p = &mut self.parser;
        p.expect_keyword(Keyword::CREATE)?;
        let or_replace = p.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
        let temporary = p.parse_keyword(Keyword::TEMPORARY);
        p.expect_keyword(Keyword::TABLE)?;
        let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
        let name = p.parse_object_name(false)?;
        let elements = if p.consume_token(&Token::LParen) {
            let elements = p.parse_comma_separated(parse_table_element)?;
            p.expect_token(&Token::RParen)?;
            elements
        } else {
            Vec::new()
        };
        let comment = if p.parse_keyword(Keyword::COMMENT) {
            Some(p.parse_literal_string()?)
        } else {
            None
        };
        let partitioned_by = if p.parse_keywords(&[Keyword::PARTITIONED, Keyword::BY]) {
            p.expect_token(&Token::LParen)?;
            let columns = p.parse_comma_separated(Parser::parse_identifier)?;
            p.expect_token(&Token::RParen)?;
            columns
        } else {
            Vec::new()
        };
        let with = if p.peek_keyword(Keyword::WITH) {
            p.parse_options(Keyword::WITH)?
        } else {
            Vec::new()
        };
        let like = if p.parse_keyword(Keyword::LIKE) {
            let source = p.parse_object_name(false)?;
            let mut options = Vec::new();
            if p.consume_token(&Token::LParen) {
                while !p.consume_token(&Token::RParen) {
                    let how = p.parse_identifier()?;
                    let what = p.parse_identifier()?;
                    options.push(format!(
                        "{} {}",
                        how.value.to_ascii_uppercase(),
                        what.value.to_ascii_uppercase()
                    ));
                }
            }
            Some(Like { source, options })
        } else {
            None
        };
        let as_query = if p.parse_keyword(Keyword::AS) {
            Some(p.parse_query()?)
        } else {
            None
        };
        Ok(FlinkStatement::CreateTable(Box::new(CreateTable {
            or_replace,
            temporary,
            if_not_exists,
            name,
            elements,
            comment,
            partitioned_by,
            with,
            like,
            as_query,
        })))
    }
}

/// Consumes `w` when it is the next token, as an unquoted word (for the words Flink
/// has and sqlparser's keyword list lacks).
fn word(p: &mut Parser, w: &str) -> bool {
    let found = is_word(&p.peek_token().token, w);
    if found {
        p.next_token();
    }
    found
}

fn optional_comment(p: &mut Parser) -> Result<Option<String>, ParserError> {
    if p.parse_keyword(Keyword::COMMENT) {
        Ok(Some(p.parse_literal_string()?))
    } else {
        Ok(None)
    }
}

fn parse_table_element(p: &mut Parser) -> Result<TableElement, ParserError> {
    if word(p, "WATERMARK") {
        p.expect_keyword(Keyword::FOR)?;
        let column = p.parse_identifier()?;
        p.expect_keyword(Keyword::AS)?;
        let expr = p.parse_expr()?;
        return Ok(TableElement::Watermark { column, expr });
    }
    let constraint = if p.parse_keyword(Keyword::CONSTRAINT) {
        Some(p.parse_identifier()?)
    } else {
        None
    };
    if constraint.is_some() || p.peek_keyword(Keyword::PRIMARY) {
        p.expect_keywords(&[Keyword::PRIMARY, Keyword::KEY])?;
        p.expect_token(&Token::LParen)?;
        let columns = p.parse_comma_separated(Parser::parse_identifier)?;
        p.expect_token(&Token::RParen)?;
        p.expect_keywords(&[Keyword::NOT, Keyword::ENFORCED])?;
        return Ok(TableElement::PrimaryKey {
            constraint,
            columns,
        });
    }
    if p.peek_nth_token(1).token == Token::make_keyword("AS") {
        let name = p.parse_identifier()?;
        p.expect_keyword(Keyword::AS)?;
        let expr = p.parse_expr()?;
        let comment = optional_comment(p)?;
        return Ok(TableElement::Computed {
            name,
            expr,
            comment,
        });
    }
    if let Some(metadata) = p.maybe_parse(parse_metadata_column)? {
        return Ok(metadata);
    }
    Ok(TableElement::Physical(p.parse_column_def()?))
}

/// `name type METADATA [FROM 'key'] [VIRTUAL] [COMMENT '…']`, told from a physical
/// column only after the type.
fn parse_metadata_column(p: &mut Parser) -> Result<TableElement, ParserError> {
    let name = p.parse_identifier()?;
    let data_type = p.parse_data_type()?;
    if !word(p, "METADATA") {
        return p.expected("METADATA", p.peek_token());
    }
    let from = if p.parse_keyword(Keyword::FROM) {
        Some(p.parse_literal_string()?)
    } else {
        None
    };
    let is_virtual = p.parse_keyword(Keyword::VIRTUAL);
    let comment = optional_comment(p)?;
    Ok(TableElement::Metadata {
        name,
        data_type,
        from,
        is_virtual,
        comment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::{
        AccessExpr, CastKind, DateTimeField, Insert, Query, SelectItem, SetExpr, Subscript,
    };

    fn query(text: &str) -> Box<Query> {
        match parse_statement(text) {
            Ok(FlinkStatement::Sql(statement)) => match *statement {
                SqlStatement::Query(query) => query,
                other => panic!("not a query: {other:?}"),
            },
            other => panic!("{text}: {other:?}"),
        }
    }

    /// The expressions of `SELECT e1, e2, …`.
    fn select(text: &str) -> Vec<Expr> {
        let SetExpr::Select(select) = *query(text).body else {
            panic!("not a SELECT: {text}");
        };
        select
            .projection
            .into_iter()
            .map(|item| match item {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn value_constructors_and_access() {
        let exprs = select("SELECT ARRAY[1, 2], MAP['a', 1], ROW(1, 'x'), t.a[1], m['k']");
        assert!(matches!(&exprs[0], Expr::Array(a) if a.named && a.elem.len() == 2));
        assert!(matches!(&exprs[1], Expr::Prefixed { prefix, value }
                if prefix.value == "MAP" && matches!(**value, Expr::Array(ref a) if a.elem.len() == 2)));
        assert!(matches!(&exprs[2], Expr::Function(f) if f.name.to_string() == "ROW"));
        for e in &exprs[3..] {
            let Expr::CompoundFieldAccess { access_chain, .. } = e else {
                panic!("{e:?}");
            };
            assert!(matches!(
                access_chain.last(),
                Some(AccessExpr::Subscript(Subscript::Index { .. }))
            ));
        }
    }

    #[test]
    fn intervals_floor_to_and_try_cast() {
        let exprs = select(
            "SELECT INTERVAL '1-2' YEAR TO MONTH, INTERVAL '10' MINUTES, FLOOR(ts TO HOUR), TRY_CAST(a AS INT)",
        );
        assert!(matches!(&exprs[0], Expr::Interval(i)
            if i.leading_field == Some(DateTimeField::Year) && i.last_field == Some(DateTimeField::Month)));
        assert!(matches!(&exprs[1], Expr::Interval(i) if i.leading_field.is_some()));
        assert!(matches!(&exprs[2], Expr::Floor { .. }));
        assert!(matches!(
            &exprs[3],
            Expr::Cast {
                kind: CastKind::TryCast,
                ..
            }
        ));
    }

    #[test]
    fn between_symmetric_keeps_its_flag_and_prints_as_written() {
        let text =
            "SELECT x NOT BETWEEN SYMMETRIC 10 AND 1 + 1, x BETWEEN ASYMMETRIC 1 AND 2 AND y";
        let exprs = select(text);
        let Expr::Between { negated, low, .. } = &exprs[0] else {
            panic!("{:?}", exprs[0]);
        };
        assert!(*negated);
        assert!(matches!(&**low, Expr::Prefixed { prefix, .. } if prefix.value == "SYMMETRIC"));
        // ASYMMETRIC is BETWEEN's default, and AND after the high bound is the logical AND.
        assert!(matches!(&exprs[1], Expr::BinaryOp { left, .. }
            if matches!(&**left, Expr::Between { low, .. } if !matches!(**low, Expr::Prefixed { .. }))));
        let printed = exprs[0].to_string();
        assert_eq!(printed, "x NOT BETWEEN SYMMETRIC 10 AND 1 + 1");
        assert_eq!(select(&format!("SELECT {printed}"))[0], exprs[0]);
    }

    #[test]
    fn create_table_keeps_flink_columns_watermark_and_key() {
        let text = "CREATE TABLE `my-t` (a ROW<x INT, y ARRAY<MAP<STRING, ROW<z BYTES>>>>, \
                    c AS a.x + 1, m TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL, \
                    ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, \
                    PRIMARY KEY (a) NOT ENFORCED) PARTITIONED BY (a) WITH ('connector' = 'datagen')";
        let Ok(FlinkStatement::CreateTable(create)) = parse_statement(text) else {
            panic!("not a Flink CREATE TABLE");
        };
        assert_eq!(create.name.0.len(), 1);
        assert_eq!(create.name.to_string(), "`my-t`");
        let kinds: Vec<&str> = create
            .elements
            .iter()
            .map(|e| match e {
                TableElement::Physical(_) => "physical",
                TableElement::Metadata { .. } => "metadata",
                TableElement::Computed { .. } => "computed",
                TableElement::Watermark { .. } => "watermark",
                TableElement::PrimaryKey { .. } => "key",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "physical",
                "computed",
                "metadata",
                "physical",
                "watermark",
                "key"
            ]
        );
        assert_eq!(create.partitioned_by.len(), 1);
        assert_eq!(create.with.len(), 1);
        let printed = create.to_string();
        assert!(
            printed.contains("a ROW(x INT, y ARRAY<MAP<STRING, ROW(z BYTES)>>)"),
            "{printed}"
        );
        assert_eq!(
            parse_statement(&printed).ok(),
            Some(FlinkStatement::CreateTable(create))
        );
    }

    #[test]
    fn statement_sets_hold_their_inserts() {
        let text =
            "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b VALUES (2); END;";
        let Ok(FlinkStatement::StatementSet(set)) = parse_statement(text) else {
            panic!("not a statement set");
        };
        assert!(!set.explain);
        assert_eq!(set.inserts.len(), 2);
        assert!(
            set.inserts
                .iter()
                .all(|s| matches!(s, SqlStatement::Insert(Insert { .. })))
        );
    }

    #[test]
    fn window_tvfs_take_table_arguments() {
        let q = query(
            "SELECT * FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))",
        );
        let printed = q.to_string();
        assert!(
            printed.contains("TUMBLE(TABLE Bid, DESCRIPTOR(bidtime)"),
            "{printed}"
        );
    }

    #[test]
    fn alter_table_keeps_flinks_actions() {
        let action = |text: &str| match parse_statement(text) {
            Ok(FlinkStatement::AlterTable(alter)) => alter.action,
            other => panic!("{text}: {other:?}"),
        };
        assert!(matches!(
            action("ALTER TABLE t ADD (a INT FIRST, b AS a + 1 AFTER a)"),
            AlterTableAction::AddOrModify { modify: false, parenthesized: true, ref elements }
                if matches!(elements[..], [
                    (TableElement::Physical(_), Some(Position::First)),
                    (TableElement::Computed { .. }, Some(Position::After(_)))
                ])
        ));
        assert_eq!(
            action("ALTER TABLE t DROP WATERMARK"),
            AlterTableAction::DropWatermark
        );
        assert_eq!(
            action("ALTER TABLE t RENAME a TO b"),
            AlterTableAction::RenameColumn {
                from: Ident::new("a"),
                to: Ident::new("b")
            }
        );
        let Ok(FlinkStatement::CreateTable(ctas)) =
            parse_statement("CREATE OR REPLACE TABLE t WITH ('k' = 'v') AS SELECT 1")
        else {
            panic!("not a CREATE TABLE");
        };
        assert!(ctas.or_replace && ctas.as_query.is_some());
    }

    #[test]
    fn a_statement_the_dialect_cannot_parse_is_an_error_not_a_panic() {
        assert!(parse_statement("SELECT FROM WHERE").is_err());
        assert!(parse_statement("CREATE TABLE t (WATERMARK FOR)").is_err());
        assert!(parse_statement("SELECT 1; SELECT 2").is_err());
    }
}
