//! Printers. They write to any `impl Write` and never look at the terminal.

pub mod connections;
pub mod flink;
pub mod kv;
pub mod list_table;
pub mod results;
pub mod value;
pub mod width;

/// How result sets print; chosen with `-o` or `SET 'client.output-format'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// The multi-line wrapped list table (default)
    Table,
    /// A bordered table, as the Flink SQL client prints
    Tableau,
    /// RFC 4180 CSV
    Csv,
    /// Tab-separated values
    Tsv,
    /// One JSON array of objects
    Json,
    /// One JSON object per line
    Jsonl,
}

impl OutputFormat {
    pub fn parse(name: &str) -> Option<Self> {
        <Self as clap::ValueEnum>::from_str(name, true).ok()
    }
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Tableau => "tableau",
            OutputFormat::Csv => "csv",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
        }
    }
}
