//! The Flink front end against Flink SQL as Flink's documentation writes it
//! (`tests/data/flink_corpus.sql`): every statement parses with the Flink dialect, prints
//! back, and the printed text parses to the same tree. With `$FLINK_GATEWAY_URL` set the
//! same file runs in one session of the real Flink SQL Gateway, so the corpus is SQL that
//! Flink itself accepts.

mod util;

use std::time::Duration;

use sqlparser::ast::Statement as SqlStatement;

use flinksh::sql::flink::{FlinkStatement, parse_statement};
use flinksh::sql::split;

fn corpus() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/flink_corpus.sql");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_corpus_statement_parses_prints_and_parses_to_the_same_tree() {
    let text = corpus();
    let split = split(&text).expect("the corpus splits");
    assert!(
        split.statements.len() >= 100,
        "only {} statements",
        split.statements.len()
    );
    let mut failures = Vec::new();
    for statement in &split.statements {
        let at = format!("line {}", statement.line);
        let tree = match parse_statement(statement.text) {
            Ok(tree) => tree,
            Err(e) => {
                failures.push(format!("{at}: {e}\n    {}", statement.text));
                continue;
            }
        };
        let printed = tree.to_string();
        match parse_statement(&printed) {
            Ok(again) if again == tree => {}
            Ok(again) => failures.push(format!(
                "{at}: printed text parses to another tree\n    printed: {printed}\n    {tree:?}\n    {again:?}"
            )),
            Err(e) => failures.push(format!("{at}: printed text fails: {e}\n    printed: {printed}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} statements:\n{}",
        failures.len(),
        split.statements.len(),
        failures.join("\n")
    );
}

/// The corpus as a script for the real gateway: statements marked `not on the gateway`
/// left out, queries and INSERTs as `EXPLAIN …` (the datagen sources never end), every
/// statement otherwise exactly as the corpus writes it.
fn gateway_script(text: &str) -> String {
    let split = split(text).expect("the corpus splits");
    let mut script = String::new();
    for statement in &split.statements {
        if text[statement.span.clone()].contains("-- not on the gateway:") {
            continue;
        }
        let tree = parse_statement(statement.text).expect("the corpus parses");
        let runs_a_job = match &tree {
            FlinkStatement::Sql(sql) => {
                matches!(**sql, SqlStatement::Query(_) | SqlStatement::Insert(_))
            }
            FlinkStatement::Execute(_) | FlinkStatement::StatementSet(_) => true,
            FlinkStatement::CreateTable(create) => create.as_query.is_some(),
            _ => false,
        };
        let body = statement.text.trim_end_matches(';');
        let line = match (runs_a_job, body.get(..8)) {
            (true, Some(first)) if first.eq_ignore_ascii_case("EXECUTE ") => {
                format!("EXPLAIN {}", &body[8..])
            }
            (true, _) => format!("EXPLAIN {body}"),
            (false, _) => body.to_string(),
        };
        script.push_str(&line);
        script.push_str(";\n\n");
    }
    script
}

#[test]
fn the_real_flink_gateway_accepts_the_corpus() {
    let Ok(url) = std::env::var("FLINK_GATEWAY_URL") else {
        eprintln!("skipped: FLINK_GATEWAY_URL is not set (see ../shared/flink-gateway/README.md)");
        return;
    };
    let shell = util::Shell::new();
    let script = shell.write("corpus.sql", gateway_script(&corpus()));
    let out = shell
        .cmd()
        .args(["--gateway", &url, "-o", "csv", "-f"])
        .arg(&script)
        .timeout(Duration::from_secs(600))
        .output()
        .expect("run flinksh");
    assert!(
        out.status.success(),
        "the gateway refused a corpus statement:\n{}",
        util::stderr(&out)
    );
}
