//! Confluent Cloud's sql/v1 API. (Skeleton.)
