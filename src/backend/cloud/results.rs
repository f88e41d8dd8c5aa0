//! Result schemas of the statements API turned into the columns the sink sees (the
//! type names themselves: `crate::types`; the cells: `backend::values`).

use crate::result::Column;

use super::types::ColumnDetails;
pub use crate::types::type_name;

/// The columns the sink sees: names and Flink's own spelling of each type.
pub fn columns(schema: &[ColumnDetails]) -> Vec<Column> {
    schema
        .iter()
        .map(|c| Column::new(c.name.clone(), type_name(&c.data_type)))
        .collect()
}
