//! One module per subcommand, each with an `execute`.

pub mod graph;
pub mod list;
pub mod run;
pub mod step;
pub mod test;
pub mod validate;
