//! The result printers, format by format: golden output, parse-back, change kinds, blocks.
//!
//! Golden files live in tests/data/formats/; `UPDATE_GOLDEN=1 cargo test --test formats`
//! rewrites them (then review the diff).

use std::path::PathBuf;

use flinksh::cli::OutputFormat;
use flinksh::render::results::{SinkOptions, sink};
use flinksh::result::{Boundedness, ChangeKind, Column, Value};
use serde_json::json;
use unicode_width::UnicodeWidthStr;

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn columns() -> Vec<Column> {
    vec![
        Column::new("id", "INT"),
        Column::new("name", "STRING"),
        Column::new("price", "DECIMAL(10, 2)"),
        Column::new("ratio", "DOUBLE"),
        Column::new("active", "BOOLEAN"),
        Column::new("address", "ROW<`city` STRING, `zip` INT>"),
        Column::new("tags", "ARRAY<STRING>"),
        Column::new("attrs", "MAP<STRING, INT>"),
        Column::new("note", "STRING"),
    ]
}

/// NULLs, numbers, nested values, CJK text and values with newlines, commas and quotes.
fn rows() -> Vec<Vec<Value>> {
    vec![
        vec![
            Value::Int(1),
            text("Alice"),
            Value::Decimal("12.50".into()),
            Value::Float(0.5),
            Value::Bool(true),
            Value::Row(vec![text("Zürich"), Value::Int(8001)]),
            Value::Array(vec![text("a"), text("b")]),
            Value::Map(vec![(text("k"), Value::Int(1)), (text("m"), Value::Null)]),
            text("line one\nline two"),
        ],
        vec![
            Value::Int(-20),
            text("東京タワー"),
            Value::Decimal("-3.00".into()),
            Value::Float(1e10),
            Value::Bool(false),
            Value::Row(vec![Value::Null, Value::Int(100)]),
            Value::Array(vec![]),
            Value::Map(vec![]),
            text("comma, \"quoted\""),
        ],
        vec![Value::Null; 9],
    ]
}

fn render_with(
    format: OutputFormat,
    max_rows: usize,
    columns: &[Column],
    bounded: Boundedness,
    rows: Vec<(ChangeKind, Vec<Value>)>,
) -> (String, u64) {
    let mut buf = Vec::new();
    let count = {
        let mut s = sink(
            format,
            Box::new(&mut buf),
            SinkOptions {
                max_rows,
                ..SinkOptions::default()
            },
        );
        s.begin(columns, bounded).unwrap();
        for (kind, values) in rows {
            s.row(kind, values).unwrap();
        }
        s.end().unwrap()
    };
    (String::from_utf8(buf).unwrap(), count)
}

fn render(format: OutputFormat) -> String {
    let rows = rows()
        .into_iter()
        .map(|r| (ChangeKind::Insert, r))
        .collect();
    let (out, count) = render_with(format, 10_000, &columns(), Boundedness::Bounded, rows);
    assert_eq!(count, 3);
    out
}

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/formats")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 creates it)", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

#[test]
fn tableau_matches_golden() {
    golden("sample.tableau", &render(OutputFormat::Tableau));
}

#[test]
fn csv_matches_golden() {
    golden("sample.csv", &render(OutputFormat::Csv));
}

#[test]
fn tsv_matches_golden() {
    golden("sample.tsv", &render(OutputFormat::Tsv));
}

#[test]
fn json_matches_golden() {
    golden("sample.json", &render(OutputFormat::Json));
}

#[test]
fn jsonl_matches_golden() {
    golden("sample.jsonl", &render(OutputFormat::Jsonl));
}

#[test]
fn streaming_tableau_matches_golden() {
    golden(
        "changelog.tableau",
        &render_changelog(OutputFormat::Tableau),
    );
}

#[test]
fn streaming_table_matches_golden() {
    golden("changelog.table", &render_changelog(OutputFormat::Table));
}

#[test]
fn tableau_stays_aligned_with_wide_characters_and_newlines() {
    let out = render(OutputFormat::Tableau);
    let frame: Vec<&str> = out.lines().filter(|l| !l.ends_with("in set")).collect();
    let width = frame[0].width();
    for line in &frame {
        assert_eq!(line.width(), width, "misaligned line: {line:?}");
        assert!(
            line.starts_with(['|', '+']) && line.ends_with(['|', '+']),
            "{line:?}"
        );
    }
    // The newline in `note` made the first row two lines tall, not a broken frame.
    assert!(out.contains("line one"));
    assert!(out.contains("line two"));
    assert!(out.contains("東京タワー"));
    // The footer is the session's (on stderr), not the printer's.
    assert!(out.ends_with("-+\n"), "{out}");
}

#[test]
fn tableau_right_aligns_every_cell_and_shows_null_as_flink_does() {
    let out = render(OutputFormat::Tableau);
    let alice = out.lines().find(|l| l.contains("Alice")).unwrap();
    let cells: Vec<&str> = alice.split('|').collect();
    // Flink's tableau right-aligns everything, text included.
    assert!(cells[1].ends_with(" 1 "), "{alice}");
    assert!(cells[2].ends_with(" Alice "), "{alice}");
    assert!(cells[3].ends_with(" 12.50 "), "{alice}");
    assert!(cells[5].ends_with(" TRUE "), "{alice}");
    let nulls = out.lines().rfind(|l| l.contains("NULL")).unwrap();
    assert_eq!(nulls.matches("<NULL>").count(), 9, "{nulls}");
}

#[test]
fn tableau_cuts_cells_at_the_max_column_width_as_flink_does() {
    let cols = [Column::new("s", "STRING"), Column::new("w", "STRING")];
    let row = vec![text(&"x".repeat(40)), text(&"日本語".repeat(6))];
    // A wide character that does not fit leaves a space in front.
    for (max_column_width, s_cell, w_cell) in [
        (
            30,
            format!("{}...", "x".repeat(27)),
            format!(" {}日...", "日本語".repeat(4)),
        ),
        (10, "xxxxxxx...".to_string(), " 日本語...".to_string()),
    ] {
        let mut buf = Vec::new();
        let mut sink = sink(
            OutputFormat::Tableau,
            Box::new(&mut buf),
            SinkOptions {
                max_column_width,
                ..SinkOptions::default()
            },
        );
        sink.begin(&cols, Boundedness::Bounded).unwrap();
        sink.row(ChangeKind::Insert, row.clone()).unwrap();
        sink.end().unwrap();
        drop(sink);
        let out = String::from_utf8(buf).unwrap();
        assert!(out.contains(&format!("| {s_cell} | {w_cell} |")), "{out}");
    }
}

#[test]
fn csv_parses_back_to_the_same_values() {
    let out = render(OutputFormat::Csv);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let names: Vec<String> = columns().into_iter().map(|c| c.name).collect();
    assert_eq!(headers, names);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let expected: Vec<Vec<String>> = rows()
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    Value::Null => String::new(),
                    v => flinksh::render::value::display(v),
                })
                .collect()
        })
        .collect();
    assert_eq!(records, expected);
    assert_eq!(records[0][8], "line one\nline two");
    assert_eq!(records[1][8], "comma, \"quoted\"");
    assert_eq!(records[0][5], "(Zürich, 8001)");
}

fn expected_json() -> Vec<serde_json::Value> {
    vec![
        json!({"id": 1, "name": "Alice", "price": 12.50, "ratio": 0.5, "active": true,
               "address": {"city": "Zürich", "zip": 8001}, "tags": ["a", "b"], "attrs": {"k": 1, "m": null},
               "note": "line one\nline two"}),
        json!({"id": -20, "name": "東京タワー", "price": -3.0, "ratio": 1e10, "active": false,
               "address": {"city": null, "zip": 100}, "tags": [], "attrs": {},
               "note": "comma, \"quoted\""}),
        json!({"id": null, "name": null, "price": null, "ratio": null, "active": null,
               "address": null, "tags": null, "attrs": null, "note": null}),
    ]
}

#[test]
fn json_parses_back_with_types() {
    let out = render(OutputFormat::Json);
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed, serde_json::Value::Array(expected_json()));
    // Keys keep the schema's order.
    let first_line = out.lines().nth(1).unwrap();
    assert!(
        first_line.starts_with(r#"{"id":1,"name":"Alice","price":12.50,"#),
        "{first_line}"
    );
}

#[test]
fn jsonl_parses_back_line_by_line() {
    let out = render(OutputFormat::Jsonl);
    let parsed: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed, expected_json());
}

#[test]
fn values_match_their_own_json_conversion() {
    let out = render(OutputFormat::Jsonl);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    for (column, value) in columns().iter().zip(&rows()[0]) {
        if column.name == "address" {
            // The printers name a ROW's fields from the column type; a bare value can't.
            assert_eq!(
                flinksh::render::value::to_json(value),
                json!(["Zürich", 8001])
            );
        } else {
            assert_eq!(first[&column.name], flinksh::render::value::to_json(value));
        }
    }
}

#[test]
fn table_shows_null_and_every_row() {
    let out = render(OutputFormat::Table);
    assert!(out.contains("NULL"));
    assert!(out.contains("Alice") && out.contains("東京タワー"));
    assert!(out.lines().next().unwrap().contains("name"));
    assert!(
        !out.contains(" op "),
        "bounded results have no op column:\n{out}"
    );
}

fn changelog() -> Vec<(ChangeKind, Vec<Value>)> {
    vec![
        (ChangeKind::Insert, vec![text("Bob"), Value::Int(1)]),
        (ChangeKind::UpdateBefore, vec![text("Bob"), Value::Int(1)]),
        (ChangeKind::UpdateAfter, vec![text("Bob"), Value::Int(2)]),
        (ChangeKind::Delete, vec![text("Bob"), Value::Int(2)]),
    ]
}

fn changelog_columns() -> Vec<Column> {
    vec![Column::new("name", "STRING"), Column::new("cnt", "BIGINT")]
}

fn render_changelog(format: OutputFormat) -> String {
    let (out, count) = render_with(
        format,
        10_000,
        &changelog_columns(),
        Boundedness::Unbounded,
        changelog(),
    );
    assert_eq!(count, 4);
    out
}

const OPS: [&str; 4] = ["+I", "-U", "+U", "-D"];

#[test]
fn streaming_csv_and_tsv_lead_with_op() {
    let out = render_changelog(OutputFormat::Csv);
    assert_eq!(out, "op,name,cnt\n+I,Bob,1\n-U,Bob,1\n+U,Bob,2\n-D,Bob,2\n");
    let out = render_changelog(OutputFormat::Tsv);
    assert_eq!(
        out,
        "op\tname\tcnt\n+I\tBob\t1\n-U\tBob\t1\n+U\tBob\t2\n-D\tBob\t2\n"
    );
}

#[test]
fn streaming_json_formats_carry_op() {
    let lines: Vec<serde_json::Value> = render_changelog(OutputFormat::Jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ops: Vec<&str> = lines.iter().map(|l| l["op"].as_str().unwrap()).collect();
    assert_eq!(ops, OPS);
    assert_eq!(lines[2], json!({"op": "+U", "name": "Bob", "cnt": 2}));

    let doc: serde_json::Value =
        serde_json::from_str(&render_changelog(OutputFormat::Json)).unwrap();
    let ops: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, OPS);
}

#[test]
fn streaming_tables_print_op_in_a_fixed_layout() {
    for format in [OutputFormat::Table, OutputFormat::Tableau] {
        let out = render_changelog(format);
        let rows: Vec<&str> = out.lines().filter(|l| l.contains("Bob")).collect();
        assert_eq!(rows.len(), 4, "{out}");
        for (line, op) in rows.iter().zip(OPS) {
            let first = line.trim_start_matches('|').split('|').next().unwrap();
            assert_eq!(first.trim(), op, "{format:?}: {line}");
        }
        let header = out.lines().find(|l| l.contains("name")).unwrap();
        assert_eq!(
            header
                .trim_start_matches('|')
                .split('|')
                .next()
                .unwrap()
                .trim(),
            "op"
        );
    }
}

#[test]
fn streaming_table_cuts_long_values_to_the_schema_width() {
    let long = "x".repeat(100);
    let (out, _) = render_with(
        OutputFormat::Tableau,
        10_000,
        &[Column::new("s", "STRING"), Column::new("w", "VARCHAR(4)")],
        Boundedness::Unbounded,
        vec![(ChangeKind::Insert, vec![text(&long), text("東京タワー")])],
    );
    let lines: Vec<&str> = out.lines().collect();
    let width = lines[0].width();
    assert!(lines.iter().all(|l| l.width() == width), "{out}");
    // Flink gives text columns the max column width whatever their length.
    assert!(out.contains(&format!("| {}... |", "x".repeat(27))), "{out}");
    assert!(
        out.contains(&format!("| {}東京タワー |", " ".repeat(20))),
        "{out}"
    );
}

#[test]
fn bounded_changelog_rows_get_an_op_where_the_format_allows() {
    let rows = changelog();
    let (out, _) = render_with(
        OutputFormat::Tableau,
        10_000,
        &changelog_columns(),
        Boundedness::Bounded,
        rows.clone(),
    );
    assert!(out.lines().nth(1).unwrap().starts_with("| op "), "{out}");
    let (out, _) = render_with(
        OutputFormat::Jsonl,
        10_000,
        &changelog_columns(),
        Boundedness::Bounded,
        rows,
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0], json!({"name": "Bob", "cnt": 1}));
    assert_eq!(lines[3], json!({"op": "-D", "name": "Bob", "cnt": 2}));
}

fn numbered(n: i64) -> Vec<(ChangeKind, Vec<Value>)> {
    (0..n)
        .map(|i| {
            (
                ChangeKind::Insert,
                vec![Value::Int(i), text(&format!("row-{i}"))],
            )
        })
        .collect()
}

fn numbered_columns() -> Vec<Column> {
    vec![Column::new("n", "BIGINT"), Column::new("label", "STRING")]
}

#[test]
fn tables_print_large_results_in_blocks_of_max_rows() {
    for format in [OutputFormat::Table, OutputFormat::Tableau] {
        let (out, count) = render_with(
            format,
            1_000,
            &numbered_columns(),
            Boundedness::Bounded,
            numbered(2_500),
        );
        assert_eq!(count, 2_500);
        let headers = out.lines().filter(|l| l.contains("label")).count();
        assert_eq!(headers, 3, "{format:?}: three blocks");
        let labels: Vec<&str> = out
            .lines()
            .filter_map(|l| l.split_whitespace().find(|w| w.starts_with("row-")))
            .collect();
        let expected: Vec<String> = (0..2_500).map(|i| format!("row-{i}")).collect();
        assert_eq!(labels, expected, "{format:?}: every row once, in order");
        // Blocks are aligned on their own: the first block's numbers are at most 3 digits
        // wide, so its frame is narrower than the last block's.
        let blocks: Vec<&str> = out.split("\n\n").collect();
        assert_eq!(blocks.len(), 3, "{format:?}");
        if format == OutputFormat::Tableau {
            assert!(
                blocks[0].lines().next().unwrap().len() < blocks[2].lines().next().unwrap().len()
            );
            assert!(out.ends_with("-+\n"));
        }
    }
}

#[test]
fn empty_results() {
    let empty = || Vec::new();
    let cols = numbered_columns();
    let run = |f| render_with(f, 10_000, &cols, Boundedness::Bounded, empty()).0;
    // `Empty set` is the session's footer (stderr); the printer writes no frame.
    assert_eq!(run(OutputFormat::Tableau), "");
    assert_eq!(run(OutputFormat::Table), "");
    assert_eq!(run(OutputFormat::Csv), "n,label\n");
    assert_eq!(run(OutputFormat::Tsv), "n\tlabel\n");
    assert_eq!(run(OutputFormat::Json), "[]\n");
    assert_eq!(run(OutputFormat::Jsonl), "");
}

#[test]
fn tsv_escapes_separators() {
    let (out, _) = render_with(
        OutputFormat::Tsv,
        0,
        &[Column::new("s", "STRING")],
        Boundedness::Bounded,
        vec![(ChangeKind::Insert, vec![text("a\tb\nc\\d\re")])],
    );
    assert_eq!(out, "s\na\\tb\\nc\\\\d\\re\n");
}

#[test]
fn terminal_control_characters_do_not_reach_tables() {
    for format in [OutputFormat::Table, OutputFormat::Tableau] {
        let (out, _) = render_with(
            format,
            10_000,
            &[Column::new("s", "STRING")],
            Boundedness::Bounded,
            vec![(ChangeKind::Insert, vec![text("red\x1b[31m\x07!")])],
        );
        assert!(
            !out.contains('\x1b') && !out.contains('\x07'),
            "{format:?}: {out:?}"
        );
    }
}

/// A writer the test can read while the sink still holds it.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn streaming_rows_are_written_as_they_arrive() {
    for format in [
        OutputFormat::Table,
        OutputFormat::Tableau,
        OutputFormat::Csv,
        OutputFormat::Tsv,
        OutputFormat::Json,
        OutputFormat::Jsonl,
    ] {
        let buf = Shared::default();
        let mut s = sink(format, Box::new(buf.clone()), SinkOptions::default());
        s.begin(&changelog_columns(), Boundedness::Unbounded)
            .unwrap();
        for (i, (kind, values)) in changelog().into_iter().enumerate() {
            s.row(kind, values).unwrap();
            let seen = String::from_utf8(buf.0.borrow().clone()).unwrap();
            assert_eq!(seen.matches("Bob").count(), i + 1, "{format:?}:\n{seen}");
        }
        assert_eq!(s.end().unwrap(), 4);
    }
}

mod roundtrip {
    use super::*;
    use proptest::prelude::*;

    fn one_column(format: OutputFormat, values: &[String]) -> String {
        let rows = values
            .iter()
            .map(|v| (ChangeKind::Insert, vec![text(v), Value::Int(7)]))
            .collect();
        let cols = [Column::new("s", "STRING"), Column::new("n", "INT")];
        render_with(format, 0, &cols, Boundedness::Bounded, rows).0
    }

    proptest! {
        #[test]
        fn csv_gives_back_any_text(values in proptest::collection::vec(any::<String>(), 0..8)) {
            let out = one_column(OutputFormat::Csv, &values);
            let mut reader = csv::Reader::from_reader(out.as_bytes());
            let back: Vec<String> = reader
                .records()
                .map(|r| r.unwrap()[0].to_string())
                .collect();
            prop_assert_eq!(back, values);
        }

        #[test]
        fn jsonl_gives_back_any_text(values in proptest::collection::vec(any::<String>(), 0..8)) {
            let out = one_column(OutputFormat::Jsonl, &values);
            let back: Vec<String> = out
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["s"].as_str().unwrap().to_string()
                })
                .collect();
            prop_assert_eq!(back, values);
        }
    }
}
