//! A view's query checked when the view is created.

use super::engine::LocalStatements;
use crate::error::Result;

impl LocalStatements {
    /// A view's query, checked by translating it.
    pub(super) fn check_view_query(&self, query: &str) -> Result<()> {
        self.query_columns(query).map(|_| ())
    }
}
