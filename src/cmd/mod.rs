//! One module per subcommand, each with an `execute`.

pub mod find;
pub mod graph;
pub mod list;
pub mod resume;
pub mod run;
pub mod saved_walks;
pub mod step;
pub mod test;
pub mod validate;
