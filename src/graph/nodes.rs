//! A flow's nodes: held, or decoded from a compiled graph the first time they are used
//! (see [`crate::compiled`]), so that a walk of one flow of many decodes only the flows it
//! enters. Either way they read as a `Vec<Node>`.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};

use super::Node;

/// Makes the nodes of a flow that were not decoded with the graph.
pub(crate) type Loader = Arc<dyn Fn() -> Vec<Node> + Send + Sync>;

pub struct Nodes {
    nodes: OnceLock<Vec<Node>>,
    load: Option<Loader>,
}

impl Nodes {
    /// Nodes that `load` makes when they are first used.
    pub(crate) fn lazy(load: Loader) -> Nodes {
        Nodes {
            nodes: OnceLock::new(),
            load: Some(load),
        }
    }
}

impl From<Vec<Node>> for Nodes {
    fn from(nodes: Vec<Node>) -> Nodes {
        Nodes {
            nodes: OnceLock::from(nodes),
            load: None,
        }
    }
}

impl Deref for Nodes {
    type Target = Vec<Node>;

    fn deref(&self) -> &Vec<Node> {
        self.nodes
            .get_or_init(|| self.load.as_ref().map_or_else(Vec::new, |load| load()))
    }
}

impl DerefMut for Nodes {
    fn deref_mut(&mut self) -> &mut Vec<Node> {
        let _ = &**self;
        self.nodes.get_mut().expect("the nodes were made just now")
    }
}

impl<'a> IntoIterator for &'a Nodes {
    type Item = &'a Node;
    type IntoIter = std::slice::Iter<'a, Node>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Clone for Nodes {
    fn clone(&self) -> Nodes {
        Nodes {
            nodes: self.nodes.clone(),
            load: self.load.clone(),
        }
    }
}

impl std::fmt::Debug for Nodes {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl serde::Serialize for Nodes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Nodes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Nodes, D::Error> {
        Vec::deserialize(deserializer).map(Nodes::from)
    }
}
