//! The CONNECTION family: the API model and the rules a connection must satisfy.

pub mod model;
pub mod spec;

pub use model::{AuthData, Connection, ConnectionSpec, ConnectionStatus, Placement};
