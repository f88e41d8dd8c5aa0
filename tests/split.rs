//! How text is cut into statements: what a script or a prompt line runs.

use flinksh::sql::{Split, is_complete, split};
use proptest::prelude::*;

fn texts(input: &str) -> Vec<&str> {
    split(input)
        .unwrap()
        .statements
        .iter()
        .map(|s| s.text)
        .collect()
}

/// Spans and rest cover the input exactly, in order, and each text ends its span.
fn assert_tiles(input: &str, split: &Split<'_>) {
    let mut pos = 0;
    for s in &split.statements {
        assert_eq!(s.span.start, pos, "spans must be contiguous in {input:?}");
        assert!(s.span.end >= s.span.start);
        let owned = &input[s.span.clone()];
        assert!(
            owned.ends_with(s.text),
            "{owned:?} must end with {:?}",
            s.text
        );
        assert_eq!(&input[s.span.end - s.text.len()..s.span.end], s.text);
        assert!(!s.text.is_empty());
        pos = s.span.end;
    }
    assert_eq!(split.rest.start, pos);
    assert_eq!(split.rest.end, input.len());
    let joined: String = split
        .statements
        .iter()
        .map(|s| &input[s.span.clone()])
        .chain(std::iter::once(&input[split.rest.clone()]))
        .collect();
    assert_eq!(joined, input);
}

#[test]
fn several_statements_on_one_line_in_order() {
    assert_eq!(
        texts("SELECT 1; SELECT 2;SHOW TABLES;"),
        vec!["SELECT 1;", "SELECT 2;", "SHOW TABLES;"]
    );
}

#[test]
fn semicolon_inside_single_quotes_with_doubled_escape() {
    assert_eq!(
        texts("SELECT 'a;''b;'; SELECT 2;"),
        vec!["SELECT 'a;''b;';", "SELECT 2;"]
    );
}

#[test]
fn semicolon_inside_double_quotes() {
    assert_eq!(
        texts(r#"SELECT "a;""b"; X;"#),
        vec![r#"SELECT "a;""b";"#, "X;"]
    );
}

#[test]
fn semicolon_inside_back_quotes() {
    assert_eq!(
        texts("SELECT `a;``b` FROM t; X;"),
        vec!["SELECT `a;``b` FROM t;", "X;"]
    );
}

#[test]
fn semicolon_inside_line_comment() {
    assert_eq!(
        texts("SELECT 1 -- not; the end\n+ 1; X;"),
        vec!["SELECT 1 -- not; the end\n+ 1;", "X;"]
    );
}

#[test]
fn semicolon_inside_block_comment() {
    assert_eq!(
        texts("SELECT /* a; b */ 1; X;"),
        vec!["SELECT /* a; b */ 1;", "X;"]
    );
}

#[test]
fn execute_statement_set_is_one_statement() {
    let sql = "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT * FROM s;\n  INSERT INTO b SELECT CASE WHEN x THEN 1 ELSE 0 END FROM s;\nEND;\nSELECT 1;";
    let t = texts(sql);
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(t[0].starts_with("EXECUTE STATEMENT SET") && t[0].ends_with("END;"));
    assert_eq!(t[1], "SELECT 1;");
}

#[test]
fn explain_of_a_statement_set_is_one_statement() {
    for head in [
        "EXPLAIN STATEMENT SET",
        "explain plan for statement set",
        "EXPLAIN CHANGELOG_MODE, JSON_EXECUTION_PLAN STATEMENT SET",
    ] {
        let sql = format!(
            "{head} BEGIN\n  INSERT INTO a SELECT * FROM s;\n  INSERT INTO b SELECT CASE WHEN x THEN 1 END FROM s;\nEND;\nSELECT 1;"
        );
        let t = texts(&sql);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].starts_with(head) && t[0].ends_with("END;"), "{t:?}");
        assert_eq!(t[1], "SELECT 1;");
    }
    // Only at the top of an EXPLAIN: words that merely spell it elsewhere do not open a block.
    assert_eq!(
        texts("EXPLAIN SELECT statement, set, begin FROM t; SELECT 2;").len(),
        2
    );
}

#[test]
fn begin_statement_set_form_is_one_statement() {
    let sql = "begin statement set;\ninsert into a values (1);\ninsert into b values (2);\nend;\nselect 1;";
    let t = texts(sql);
    assert_eq!(
        t,
        vec![
            "begin statement set;\ninsert into a values (1);\ninsert into b values (2);\nend;",
            "select 1;"
        ]
    );
}

#[test]
fn begin_and_end_inside_quotes_or_comments_or_longer_words_are_not_keywords() {
    // 'BEGIN' quoted, `END` quoted, -- END; in a comment, and ENDING / BEGINS as words.
    let sql = "EXECUTE STATEMENT SET BEGIN INSERT INTO ending SELECT 'END;' -- END;\n FROM `end`; /* END; */ END; SELECT 2;";
    let t = texts(sql);
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(t[1], "SELECT 2;");
    assert_eq!(
        texts("SELECT begins; SELECT 'BEGIN STATEMENT SET'; X;").len(),
        3
    );
}

#[test]
fn empty_statements_and_comment_only_pieces_are_not_statements() {
    let input = ";; -- just a comment\n ; /* c */ ;SELECT 1;;";
    let s = split(input).unwrap();
    assert_eq!(s.statements.len(), 1);
    assert_eq!(s.statements[0].text, "SELECT 1;");
    assert_tiles(input, &s);
    assert!(
        split("-- only\n/* comments */")
            .unwrap()
            .statements
            .is_empty()
    );
}

#[test]
fn last_statement_without_semicolon_is_unterminated() {
    let input = "SELECT 1; SELECT 2  -- trailing\n";
    let s = split(input).unwrap();
    assert_eq!(s.statements.len(), 2);
    assert!(s.statements[0].terminated);
    assert!(!s.statements[1].terminated);
    assert_eq!(s.statements[1].text, "SELECT 2");
    assert_eq!(&input[s.rest.clone()], "  -- trailing\n");
    assert_tiles(input, &s);
}

#[test]
fn open_statement_set_at_end_is_unterminated_not_an_error() {
    let s = split("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;").unwrap();
    assert_eq!(s.statements.len(), 1);
    assert!(!s.statements[0].terminated);
}

#[test]
fn unterminated_string_names_where_it_opens() {
    let e = split("SELECT 1;\nSELECT 'é;\n").unwrap_err();
    assert_eq!((e.line, e.column), (2, 8));
    assert!(e.message.contains("unterminated string literal"), "{e}");
    assert_eq!(
        e.to_string(),
        "line 2, column 8: unterminated string literal (')"
    );
}

#[test]
fn unterminated_block_comment_names_where_it_opens() {
    let e = split("SELECT 1 /* oops; SELECT 2;").unwrap_err();
    assert_eq!((e.line, e.column), (1, 10));
    assert!(e.message.contains("unterminated comment"), "{e}");
}

#[test]
fn unterminated_back_quote_and_double_quote_are_errors() {
    assert!(split("SELECT `a;").unwrap_err().message.contains('`'));
    assert!(split("SELECT \"a;").unwrap_err().message.contains('"'));
}

#[test]
fn line_and_column_count_characters_from_one() {
    let input = "-- héllo\n  /* ü */ SELECT 'ß'; ÄÖ 1;";
    let s = split(input).unwrap();
    assert_eq!((s.statements[0].line, s.statements[0].column), (2, 11));
    assert_eq!((s.statements[1].line, s.statements[1].column), (2, 23));
    assert_tiles(input, &s);
}

#[test]
fn leading_comments_belong_to_the_span_not_the_text() {
    let input = "/* header */\nSELECT 1;";
    let s = split(input).unwrap();
    assert_eq!(s.statements[0].text, "SELECT 1;");
    assert_eq!(s.statements[0].span, 0..input.len());
}

#[test]
fn is_complete_for_the_prompt() {
    assert!(is_complete("SELECT 1;"));
    assert!(is_complete("SELECT 1; -- done"));
    assert!(is_complete(""));
    assert!(is_complete("  -- just a comment"));
    assert!(is_complete("quit"));
    assert!(is_complete("Help"));
    assert!(!is_complete("SELECT 1"));
    assert!(!is_complete("SELECT 'a;"));
    assert!(!is_complete("SELECT 1 /* ;"));
    assert!(!is_complete(
        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;"
    ));
    assert!(is_complete(
        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;"
    ));
    assert!(!is_complete("SELECT 1; SELECT"));
}

/// Pieces that exercise every rule of the scanner.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("'".to_string()),
        Just("''".to_string()),
        Just("\"".to_string()),
        Just("`".to_string()),
        Just(";".to_string()),
        Just("--".to_string()),
        Just("\n".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just(" ".to_string()),
        Just("BEGIN".to_string()),
        Just("end".to_string()),
        Just("EXECUTE STATEMENT SET ".to_string()),
        Just("BEGIN STATEMENT SET".to_string()),
        Just("SELECT".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        Just("🦀".to_string()),
        "[a-z]{1,3}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_tiles_arbitrary_strings(input in any::<String>()) {
        if let Ok(s) = split(&input) {
            assert_tiles(&input, &s);
        }
        let _ = is_complete(&input);
    }

    #[test]
    fn never_panics_and_tiles_sql_like_strings(parts in prop::collection::vec(fragment(), 0..40)) {
        let input: String = parts.concat();
        match split(&input) {
            Ok(s) => assert_tiles(&input, &s),
            Err(e) => {
                prop_assert!(e.line >= 1 && e.column >= 1);
                prop_assert!(e.line <= input.lines().count().max(1) + 1);
            }
        }
        let _ = is_complete(&input);
    }
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_statement() {
    let input = "\u{feff}SHOW CONNECTIONS;";
    let s = split(input).unwrap();
    assert_eq!(s.statements[0].text, "SHOW CONNECTIONS;");
    assert_eq!((s.statements[0].line, s.statements[0].column), (1, 2));
    assert_tiles(input, &s);
}
