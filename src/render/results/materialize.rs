//! The current state of a changelog, as the Flink SQL Client's table mode keeps it
//! (`MaterializedCollectStreamResult`): `+I`/`+U` add a row at the end, `-U`/`-D`
//! remove the newest equal row, and past a row cap the oldest rows are dropped.
//!
//! Flink finds the row to remove by scanning back from where it last saw it; here a hash
//! of each row leads to the sequence numbers of the rows with that hash, so a change
//! costs the same with a million rows as with ten. Memory follows the number of rows
//! held (at most the cap), never the number of changes.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{Hash, Hasher};

use crate::result::{ChangeKind, Value};

pub struct Materializer {
    /// The rows in the order they were added, by sequence number.
    rows: BTreeMap<u64, Vec<Value>>,
    /// Row hash → sequence numbers of the rows held with that hash, oldest first.
    index: HashMap<u64, VecDeque<u64>>,
    next: u64,
    /// At most this many rows are held (0: no cap).
    cap: usize,
    /// Rows dropped to keep within the cap.
    dropped: u64,
    /// Changes applied, of every kind.
    changes: u64,
    /// The row the last change retracted with `-U`, until its `+U` comes: a stop in
    /// between puts it back, so the state shown is never half an update.
    retracted: Option<Vec<Value>>,
}

impl Materializer {
    pub fn new(cap: usize) -> Self {
        Materializer {
            rows: BTreeMap::new(),
            index: HashMap::new(),
            next: 0,
            cap,
            dropped: 0,
            changes: 0,
            retracted: None,
        }
    }

    pub fn apply(&mut self, kind: ChangeKind, values: Vec<Value>) {
        self.changes += 1;
        self.retracted = None;
        let hash = row_hash(&values);
        match kind {
            ChangeKind::Insert | ChangeKind::UpdateAfter => {
                if self.cap > 0 && self.rows.len() >= self.cap {
                    self.drop_oldest();
                }
                let seq = self.next;
                self.next += 1;
                self.rows.insert(seq, values);
                self.index.entry(hash).or_default().push_back(seq);
            }
            ChangeKind::UpdateBefore | ChangeKind::Delete => {
                // A retraction of a row that is not held (dropped for the cap, or never
                // seen) changes nothing, as in Flink.
                let Some(seqs) = self.index.get_mut(&hash) else {
                    return;
                };
                let rows = &self.rows;
                let found = seqs
                    .iter()
                    .rposition(|s| rows.get(s).is_some_and(|r| same_row(r, &values)));
                if let Some(at) = found
                    && let Some(seq) = seqs.remove(at)
                {
                    if seqs.is_empty() {
                        self.index.remove(&hash);
                    }
                    let row = self.rows.remove(&seq);
                    if kind == ChangeKind::UpdateBefore {
                        self.retracted = row;
                    }
                }
            }
        }
    }

    /// Whether the last change was a `-U` whose `+U` has not come yet.
    pub fn mid_update(&self) -> bool {
        self.retracted.is_some()
    }

    /// The row the last change retracted with `-U`, while its `+U` has not come: a view
    /// of the state shows it still, as [`settle`](Self::settle) would put it back.
    pub fn retracted(&self) -> Option<&[Value]> {
        self.retracted.as_deref()
    }

    /// Ends a stream stopped between a `-U` and its `+U`: the retracted row is put
    /// back (as the newest), so the state is the last whole one.
    pub fn settle(&mut self) {
        if let Some(row) = self.retracted.take() {
            let hash = row_hash(&row);
            let seq = self.next;
            self.next += 1;
            self.rows.insert(seq, row);
            self.index.entry(hash).or_default().push_back(seq);
        }
    }

    fn drop_oldest(&mut self) {
        let Some((seq, row)) = self.rows.pop_first() else {
            return;
        };
        self.dropped += 1;
        let hash = row_hash(&row);
        if let Some(seqs) = self.index.get_mut(&hash) {
            // The oldest row held is the oldest of its hash too.
            if seqs.front() == Some(&seq) {
                seqs.pop_front();
            } else {
                seqs.retain(|s| *s != seq);
            }
            if seqs.is_empty() {
                self.index.remove(&hash);
            }
        }
    }

    /// Rows held now.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Changes applied so far.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Rows dropped because more than the cap were held.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The rows, oldest first.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = &[Value]> + ExactSizeIterator {
        self.rows.values().map(Vec::as_slice)
    }

    /// The newest `n` rows, oldest of them first; costs `n`, not the rows held.
    pub fn last(&self, n: usize) -> impl Iterator<Item = &[Value]> {
        let mut newest: Vec<&[Value]> = self
            .rows
            .values()
            .rev()
            .take(n)
            .map(Vec::as_slice)
            .collect();
        newest.reverse();
        newest.into_iter()
    }
}

/// Equality as Flink's `Row.equals` has it: a float equals itself, NaN included.
fn same_row(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
        (Value::Array(a), Value::Array(b)) | (Value::Row(a), Value::Row(b)) => same_row(a, b),
        (Value::Map(a), Value::Map(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| same(ka, kb) && same(va, vb))
        }
        (a, b) => a == b,
    }
}

fn row_hash(values: &[Value]) -> u64 {
    let mut h = DefaultHasher::new();
    values.len().hash(&mut h);
    for v in values {
        hash_value(v, &mut h);
    }
    h.finish()
}

fn hash_value(v: &Value, h: &mut DefaultHasher) {
    std::mem::discriminant(v).hash(h);
    match v {
        Value::Null => {}
        Value::Bool(b) => b.hash(h),
        Value::Int(i) => i.hash(h),
        Value::Float(f) => f.to_bits().hash(h),
        Value::Decimal(s) | Value::Text(s) => s.hash(h),
        Value::Bytes(b) => b.hash(h),
        Value::Array(items) | Value::Row(items) => {
            items.len().hash(h);
            for i in items {
                hash_value(i, h);
            }
        }
        Value::Map(entries) => {
            entries.len().hash(h);
            for (k, v) in entries {
                hash_value(k, h);
                hash_value(v, h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChangeKind::*;

    fn row(k: i64, c: i64) -> Vec<Value> {
        vec![Value::Int(k), Value::Int(c)]
    }

    fn state(m: &Materializer) -> Vec<Vec<Value>> {
        m.rows().map(<[Value]>::to_vec).collect()
    }

    #[test]
    fn updates_replace_the_row_and_move_it_to_the_end() {
        let mut m = Materializer::new(0);
        m.apply(Insert, row(0, 1));
        m.apply(Insert, row(1, 1));
        m.apply(UpdateBefore, row(0, 1));
        m.apply(UpdateAfter, row(0, 2));
        assert_eq!(state(&m), vec![row(1, 1), row(0, 2)]);
        m.apply(Delete, row(1, 1));
        assert_eq!(state(&m), vec![row(0, 2)]);
        assert_eq!(m.changes(), 5);
    }

    #[test]
    fn a_retraction_removes_the_newest_equal_row_only() {
        let mut m = Materializer::new(0);
        m.apply(Insert, row(7, 7));
        m.apply(Insert, row(1, 1));
        m.apply(Insert, row(7, 7));
        m.apply(Delete, row(7, 7));
        assert_eq!(state(&m), vec![row(7, 7), row(1, 1)]);
        // Nothing held equals it: nothing changes.
        m.apply(Delete, row(9, 9));
        assert_eq!(state(&m), vec![row(7, 7), row(1, 1)]);
    }

    #[test]
    fn the_cap_drops_the_oldest_rows_and_counts_them() {
        let mut m = Materializer::new(2);
        for k in 0..5 {
            m.apply(Insert, row(k, 0));
        }
        assert_eq!(state(&m), vec![row(3, 0), row(4, 0)]);
        assert_eq!(m.dropped(), 3);
        // A dropped row's retraction finds nothing.
        m.apply(Delete, row(0, 0));
        assert_eq!(m.len(), 2);
        assert_eq!(
            m.last(1).map(<[Value]>::to_vec).collect::<Vec<_>>(),
            vec![row(4, 0)]
        );
    }

    #[test]
    fn a_stop_between_the_halves_of_an_update_keeps_the_old_row() {
        let mut m = Materializer::new(0);
        m.apply(Insert, row(0, 1));
        m.apply(UpdateBefore, row(0, 1));
        assert!(m.mid_update());
        m.settle();
        assert_eq!(state(&m), vec![row(0, 1)]);
        m.apply(UpdateBefore, row(0, 1));
        m.apply(UpdateAfter, row(0, 2));
        m.settle();
        assert_eq!(state(&m), vec![row(0, 2)]);
    }

    #[test]
    fn floats_match_themselves_nan_included() {
        let mut m = Materializer::new(0);
        m.apply(Insert, vec![Value::Float(f64::NAN)]);
        m.apply(Delete, vec![Value::Float(f64::NAN)]);
        assert!(m.is_empty());
    }

    #[test]
    fn memory_follows_the_rows_held_not_the_changes() {
        let mut m = Materializer::new(0);
        for i in 0..10_000 {
            let k = i % 10;
            if i >= 10 {
                m.apply(UpdateBefore, row(k, i / 10 - 1));
            }
            m.apply(UpdateAfter, row(k, i / 10));
        }
        assert_eq!(m.len(), 10);
        assert_eq!(m.index.len(), 10);
    }
}
