//! The Flink SQL dialect for sqlparser. (Skeleton.)
