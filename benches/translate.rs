//! The local engine's front end and type checking on their own: parse a statement with
//! the Flink dialect and translate it (names resolved, every expression typed) into
//! SQLite SQL, many times in one process. Goal: well under a millisecond for a short
//! statement.
//!
//! Run: `cargo bench --bench translate`.

use std::time::Instant;

use flinksh::backend::local::relation::{Catalog, Relation};
use flinksh::backend::local::translate::{Translator, parse_query};

/// A catalog with no tables: the statements below read none.
struct Empty;

impl Catalog for Empty {
    fn relation(&self, _: &[String]) -> flinksh::Result<Option<Relation>> {
        Ok(None)
    }
}

const RUNS: u32 = 20_000;

fn main() {
    let statements = [
        "SELECT 1",
        "SELECT CAST(1.5 AS DECIMAL(10, 2)) * 3, UPPER('abc') || 'x', DATE '2024-01-01' + INTERVAL '1' DAY",
        "SELECT id, SUM(v) AS total FROM (VALUES (1, 2.5), (2, 3.5), (1, 4.0)) AS t(id, v) \
         GROUP BY id HAVING SUM(v) > 1 ORDER BY total DESC",
    ];
    for sql in statements {
        let start = Instant::now();
        for _ in 0..RUNS {
            let plan = parse_query(sql).and_then(|q| Translator::new(&Empty).plan(&q));
            if plan.is_err() {
                eprintln!("cannot translate: {sql}");
                return;
            }
        }
        let each = start.elapsed() / RUNS;
        println!("{each:>10.2?} per statement: {sql}");
    }
}
