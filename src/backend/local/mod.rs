//! The embedded local backend: connections and tables in one SQLite file. (Skeleton.)
