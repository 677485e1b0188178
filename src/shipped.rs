//! What `build.rs` made of `trees/`: the texts of the shipped trees, and their checked
//! graph compiled (see [`crate::compiled`]).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The shipped trees' graph, checked by the build and encoded by [`crate::compiled::encode`].
pub static GRAPH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/graph.bin"));
