//! SHOW CONNECTIONS output against the golden cases in
//! tests/data/golden/show-connections/ (copied from the reference renderer).

use std::fs;
use std::path::{Path, PathBuf};

use flinksh::connections::{Connection, Placement};
use flinksh::render::connections::print_list;

const SUFFIX: &str = ".connections.json";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden/show-connections")
}

/// Every case name in the folder, so a new case is picked up without code.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(golden_dir())
        .expect("golden folder")
        .map(|entry| entry.expect("folder entry").file_name())
        .filter_map(|name| name.to_str()?.strip_suffix(SUFFIX).map(str::to_string))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no golden cases found");
    names
}

fn load(name: &str) -> (Vec<Connection>, Placement, String) {
    let read = |suffix: &str| {
        let path = golden_dir().join(format!("{name}{suffix}"));
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let items = serde_json::from_str(&read(SUFFIX)).expect("connections json");
    let placement = serde_json::from_str(&read(".meta.json")).expect("meta json");
    (items, placement, read(".expected.txt"))
}

fn render(items: &[Connection], placement: &Placement) -> String {
    let mut out = Vec::new();
    print_list(&mut out, items, placement).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}

/// None when equal; otherwise the first differing line, both versions shown
/// with visible line ends.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let mut expected_lines = expected.split_inclusive('\n');
    let mut actual_lines = actual.split_inclusive('\n');
    for line in 1.. {
        let (e, a) = (expected_lines.next(), actual_lines.next());
        if e != a {
            return Some(format!(
                "first difference at line {line}:\n  expected: {:?}\n  actual:   {:?}\n\
                 --- actual output ---\n{actual}",
                e.unwrap_or("<end of output>"),
                a.unwrap_or("<end of output>"),
            ));
        }
    }
    unreachable!()
}

#[test]
fn every_golden_case_matches_byte_for_byte() {
    let mut failures = Vec::new();
    for name in cases() {
        let (items, placement, expected) = load(&name);
        if let Some(diff) = first_difference(&expected, &render(&items, &placement)) {
            failures.push(format!("case {name}: {diff}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn item_order_does_not_matter() {
    for name in cases() {
        let (mut items, placement, expected) = load(&name);
        items.reverse();
        let reversed = render(&items, &placement);
        // A rotation gives an order that is neither the original nor reversed.
        let half = items.len() / 2;
        items.rotate_left(half);
        let rotated = render(&items, &placement);
        assert!(
            first_difference(&expected, &reversed).is_none(),
            "case {name}, items reversed"
        );
        assert!(
            first_difference(&expected, &rotated).is_none(),
            "case {name}, items rotated"
        );
    }
}
