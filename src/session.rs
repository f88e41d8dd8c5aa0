//! The one loop for prompts and scripts. (Skeleton.)
