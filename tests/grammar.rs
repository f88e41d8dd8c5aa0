//! The written-down grammar's examples: every file in grammar/examples/valid parses to
//! the command its `-- command:` header names, with the fields its `-- parsed:` header
//! spells out (and, for CONNECTION statements, passes
//! validation); every file in grammar/examples/invalid fails with a message containing
//! its `-- error:` header.

use std::fs;
use std::path::{Path, PathBuf};

use flinksh::connections::spec::{validate_alter, validate_create};
use flinksh::sql::{Command, parse, split};
use flinksh::{Error, ErrorKind};

fn examples(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("grammar/examples")
        .join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples in {}", dir.display());
    files
}

/// The value of a `-- name: value` header line.
fn header<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let prefix = format!("-- {name}:");
    text.lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .map(str::trim)
}

fn variant(command: &Command) -> String {
    let debug = format!("{command:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Every field of a parsed command, values included, in one line: what a `-- parsed:`
/// header states, so an example pins down more than the command's name.
fn summary(command: &Command) -> String {
    let name = |n: &flinksh::sql::QualifiedName| {
        [
            n.catalog.as_deref(),
            n.database.as_deref(),
            Some(n.name.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(".")
    };
    let options = |o: &[(String, String)]| {
        o.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match command {
        Command::ShowConnections { like } => format!("like={like:?}"),
        Command::CreateConnection {
            if_not_exists,
            name: n,
            comment,
            options: o,
        } => format!(
            "if_not_exists={if_not_exists} name={} comment={comment:?} options=[{}]",
            name(n),
            options(o)
        ),
        Command::DescribeConnection { name: n } => format!("name={}", name(n)),
        Command::AlterConnection {
            if_exists,
            name: n,
            options: o,
        } => format!(
            "if_exists={if_exists} name={} options=[{}]",
            name(n),
            options(o)
        ),
        Command::DropConnection { if_exists, name: n } => {
            format!("if_exists={if_exists} name={}", name(n))
        }
        Command::Set { key, value } => format!("key={key:?} value={value:?}"),
        Command::Reset { key } => format!("key={key:?}"),
        Command::UseCatalog { catalog } => format!("catalog={catalog}"),
        Command::Use { catalog, database } => format!("catalog={catalog:?} database={database}"),
        Command::Help | Command::Quit => String::new(),
        Command::Remote => String::new(),
    }
}

/// Everything the shell checks before it acts: the parse, then the connection rules.
fn check(text: &str) -> Result<Command, Error> {
    let split = split(text).map_err(|e| Error::statement(e.to_string()))?;
    assert_eq!(split.statements.len(), 1, "one statement per example");
    let command = parse(split.statements[0].text)?;
    match &command {
        Command::CreateConnection {
            name,
            options,
            comment,
            ..
        } => {
            validate_create(&name.name, options, comment.as_deref())?;
        }
        Command::AlterConnection { options, .. } => {
            let connection_type =
                header(text, "type").expect("ALTER examples name the connection's -- type:");
            validate_alter(connection_type, options)?;
        }
        _ => {}
    }
    Ok(command)
}

#[test]
fn valid_examples_parse_to_their_command() {
    for path in examples("valid") {
        let text = fs::read_to_string(&path).unwrap();
        let expected = header(&text, "command")
            .unwrap_or_else(|| panic!("{}: no -- command: header", path.display()));
        let command = check(&text).unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message));
        assert!(
            command != Command::Remote,
            "{}: parsed as Remote",
            path.display()
        );
        assert_eq!(variant(&command), expected, "{}", path.display());
        let parsed = header(&text, "parsed")
            .unwrap_or_else(|| panic!("{}: no -- parsed: header", path.display()));
        assert_eq!(summary(&command), parsed, "{}", path.display());
    }
}

#[test]
fn invalid_examples_fail_with_their_message() {
    for path in examples("invalid") {
        let text = fs::read_to_string(&path).unwrap();
        let expected = header(&text, "error")
            .unwrap_or_else(|| panic!("{}: no -- error: header", path.display()));
        match check(&text) {
            Ok(command) => panic!("{}: parsed as {command:?}", path.display()),
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::Statement, "{}", path.display());
                assert!(
                    e.message.contains(expected),
                    "{}:\n  expected: {expected}\n  got:      {}",
                    path.display(),
                    e.message
                );
                assert!(!e.message.contains('\n'), "{}: one line", path.display());
            }
        }
    }
}

#[test]
fn parsed_examples_carry_their_parts() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("grammar/examples/valid/create-qualified-if-not-exists-comment.sql"),
    )
    .unwrap();
    match check(&text).unwrap() {
        Command::CreateConnection {
            if_not_exists,
            name,
            comment,
            options,
        } => {
            assert!(if_not_exists);
            assert_eq!(name.catalog.as_deref(), Some("my_catalog"));
            assert_eq!(name.database.as_deref(), Some("my_db"));
            assert_eq!(name.name, "azure-openai");
            assert_eq!(comment.as_deref(), Some("production chat model"));
            let keys: Vec<&str> = options.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(keys, ["type", "endpoint", "api-key"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn other_statements_pass_through_as_remote() {
    for sql in [
        "SELECT * FROM t;",
        "CREATE TABLE t (r ROW<a INT>, WATERMARK FOR ts AS ts);",
        "INSERT INTO t SELECT 1;",
        "SHOW TABLES;",
        "-- lead\nEXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;",
        "SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE));",
        "SHOW CONNECTION_TYPES;",
    ] {
        assert_eq!(parse(sql).unwrap(), Command::Remote, "{sql}");
    }
}

mod never_panics {
    use flinksh::sql::parse;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("CREATE CONNECTION ".to_string()),
            Just("ALTER CONNECTION ".to_string()),
            Just("SHOW CONNECTIONS ".to_string()),
            Just("DROP CONNECTION IF EXISTS ".to_string()),
            Just("DESC CONNECTION ".to_string()),
            Just("SET ".to_string()),
            Just("RESET ".to_string()),
            Just("USE CATALOG ".to_string()),
            Just("USE ".to_string()),
            Just("WITH (".to_string()),
            Just("'k' = 'v'".to_string()),
            Just("'".to_string()),
            Just("`".to_string()),
            Just("-".to_string()),
            Just(".".to_string()),
            Just(",".to_string()),
            Just(")".to_string()),
            Just(";".to_string()),
            Just("=".to_string()),
            Just("\n".to_string()),
            Just("-- c\n".to_string()),
            Just("é日🦀".to_string()),
            "[a-z0-9]{1,3}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn parse_returns_for_any_text(input in any::<String>()) {
            let _ = parse(&input);
        }

        #[test]
        fn parse_returns_for_shell_like_text(parts in prop::collection::vec(piece(), 1..16)) {
            let input = parts.concat();
            if let Err(e) = parse(&input) {
                prop_assert!(!e.message.contains('\n'));
            }
        }
    }
}
