//! A checked [`Graph`] in a compact binary form, so that a start need not check again.
//!
//! `build.rs` checks the shipped trees and writes their graph in this form into the
//! binary ([`embedded`]); [`crate::cache`] keeps the graph of a `--trees` directory in it.
//!
//! ```text
//! magic "WFXGRAPH" · format u32 · meta length u64 · xxh3-64 of meta
//!                  · body length u64 · xxh3-64 of body · meta · body
//! ```
//!
//! Meta is everything but the flows' nodes, in postcard (serde's compact, stable wire
//! format); the body is each flow's nodes, one postcard chunk per flow, which meta
//! locates. Reading a graph decodes meta and checks both checksums; a flow's nodes are
//! decoded when first used ([`crate::graph::Nodes`]), so a walk of one flow of a large set
//! pays for that flow and the flows it calls. Reading never panics on bad bytes: a wrong
//! magic, another format, a truncated or altered file, and meta that points outside
//! itself are a [`DecodeError`]. Lengths inside cannot make it allocate past the input,
//! as each element read consumes bytes. A chunk that still does not decode, or whose
//! indices point outside the graph (a file crafted with checksums that hold, or one that
//! cannot be read again), is not trusted: its flow's nodes are taken from the trees
//! checked afresh ([`Again`]).

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::graph::{
    Fact, Flow, FlowId, Graph, Letter, Loader, Node, NodeId, NodeKind, Nodes, Scenario,
};

const MAGIC: &[u8; 8] = b"WFXGRAPH";

/// The layout. Raise it whenever a type inside [`Graph`] changes, so that a graph written
/// by an older build is rejected rather than misread.
pub const FORMAT: u32 = 1;

/// The bytes before meta.
pub const HEADER: usize = MAGIC.len() + 4 + 4 * 8;

/// Why bytes are not a compiled graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not a compiled graph, or one of another format.
    Header,
    /// Shorter or longer than the header says, or a checksum differs.
    Damaged,
    /// Meta does not read as a graph's.
    Payload,
    /// A flow's start or nodes lie outside the graph.
    Index,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::Header => "not a compiled graph of this format",
            DecodeError::Damaged => "the compiled graph is truncated or damaged",
            DecodeError::Payload => "the compiled graph does not read as a graph",
            DecodeError::Index => "the compiled graph points outside itself",
        })
    }
}

impl std::error::Error for DecodeError {}

#[derive(Serialize, Deserialize)]
struct Meta {
    flows: Vec<FlowMeta>,
    facts: Vec<Fact>,
    revision: String,
    synonyms: Vec<(String, Vec<String>)>,
    letter: Letter,
    settle_limit: usize,
}

/// A flow without its nodes, and where they are in the body.
#[derive(Serialize, Deserialize)]
struct FlowMeta {
    id: String,
    title: String,
    category: String,
    symptoms: Vec<String>,
    start: NodeId,
    scenarios: Vec<Scenario>,
    file: String,
    /// Offset and length in the body, and how many nodes.
    nodes: (u64, u64, u64),
}

/// The graph, encoded.
pub fn encode(graph: &Graph) -> Vec<u8> {
    let mut body = Vec::new();
    let flows = (graph.flows.iter())
        .map(|flow| {
            let start = body.len();
            body = postcard::to_extend(&*flow.nodes, std::mem::take(&mut body))
                .expect("nodes are plain data postcard can hold");
            FlowMeta {
                id: flow.id.clone(),
                title: flow.title.clone(),
                category: flow.category.clone(),
                symptoms: flow.symptoms.clone(),
                start: flow.start,
                scenarios: flow.scenarios.clone(),
                file: flow.file.clone(),
                nodes: (
                    start as u64,
                    (body.len() - start) as u64,
                    flow.nodes.len() as u64,
                ),
            }
        })
        .collect();
    let meta = Meta {
        flows,
        facts: graph.facts.clone(),
        revision: graph.revision.clone(),
        synonyms: graph.synonyms.clone(),
        letter: graph.letter.clone(),
        settle_limit: graph.settle_limit,
    };
    let meta = postcard::to_allocvec(&meta).expect("a graph is plain data postcard can hold");
    let mut bytes = Vec::with_capacity(HEADER + meta.len() + body.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    for part in [&meta, &body] {
        bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&xxh3_64(part).to_le_bytes());
    }
    bytes.extend_from_slice(&meta);
    bytes.extend_from_slice(&body);
    bytes
}

/// The lengths and checksums a header gives: (meta length, meta hash, body length, body
/// hash).
fn header(bytes: &[u8]) -> Result<(u64, u64, u64, u64), DecodeError> {
    let header = bytes.get(..HEADER).ok_or(DecodeError::Header)?;
    if &header[..8] != MAGIC || header[8..12] != FORMAT.to_le_bytes() {
        return Err(DecodeError::Header);
    }
    let word = |i: usize| u64::from_le_bytes(header[12 + 8 * i..20 + 8 * i].try_into().expect("8"));
    Ok((word(0), word(1), word(2), word(3)))
}

/// A graph [`encode`] wrote, held in memory for as long as the program runs; a chunk that
/// cannot be trusted is taken from `again`.
pub fn decode(bytes: &'static [u8], again: Again) -> Result<Graph, DecodeError> {
    let (meta_len, meta_hash, body_len, body_hash) = header(bytes)?;
    let rest = &bytes[HEADER..];
    if (rest.len() as u64).checked_sub(meta_len) != Some(body_len) {
        return Err(DecodeError::Damaged);
    }
    let (meta, body) = rest.split_at(meta_len as usize);
    if xxh3_64(meta) != meta_hash || xxh3_64(body) != body_hash {
        return Err(DecodeError::Damaged);
    }
    assemble(meta, body_len, Arc::new(body), again)
}

/// Checks the trees a compiled graph was made from again, when a chunk of it cannot be
/// trusted: the fresh graph, or `None` when they are no longer valid.
pub type Again = Arc<dyn Fn() -> Option<Graph> + Send + Sync>;

/// A graph [`encode`] wrote, at `start` in a file of `len` bytes: meta is read and both
/// checksums are checked now; the nodes are read from the file when they are used, and
/// taken from `again` should that fail.
pub fn read(
    mut file: std::fs::File,
    start: u64,
    len: u64,
    again: Again,
) -> Result<Graph, DecodeError> {
    let damaged = |_| DecodeError::Damaged;
    file.seek(SeekFrom::Start(start)).map_err(damaged)?;
    let mut head = [0; HEADER];
    file.read_exact(&mut head).map_err(damaged)?;
    let (meta_len, meta_hash, body_len, body_hash) = header(&head)?;
    let whole = (HEADER as u64)
        .checked_add(meta_len)
        .and_then(|n| n.checked_add(body_len));
    if start.checked_add(whole.ok_or(DecodeError::Damaged)?) != Some(len) {
        return Err(DecodeError::Damaged);
    }
    let mut meta = vec![0; meta_len as usize];
    file.read_exact(&mut meta).map_err(damaged)?;
    // The body is checked through a small buffer: most of it is never decoded.
    let mut hasher = Xxh3::new();
    let mut buffer = vec![0; 256 * 1024];
    let mut left = body_len;
    while left > 0 {
        let n = (&mut file)
            .take(left.min(buffer.len() as u64))
            .read(&mut buffer)
            .map_err(damaged)?;
        if n == 0 {
            return Err(DecodeError::Damaged);
        }
        hasher.update(&buffer[..n]);
        left -= n as u64;
    }
    if xxh3_64(&meta) != meta_hash || hasher.digest() != body_hash {
        return Err(DecodeError::Damaged);
    }
    let body = FileBody {
        file: Mutex::new(file),
        start: start + HEADER as u64 + meta_len,
    };
    assemble(&meta, body_len, Arc::new(body), again)
}

/// Where a graph's body is.
trait Body: Send + Sync {
    fn chunk(&self, range: Range<u64>) -> std::io::Result<Cow<'_, [u8]>>;
}

impl Body for &'static [u8] {
    fn chunk(&self, range: Range<u64>) -> std::io::Result<Cow<'_, [u8]>> {
        Ok(Cow::Borrowed(
            &self[range.start as usize..range.end as usize],
        ))
    }
}

struct FileBody {
    file: Mutex<std::fs::File>,
    start: u64,
}

impl Body for FileBody {
    fn chunk(&self, range: Range<u64>) -> std::io::Result<Cow<'_, [u8]>> {
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.seek(SeekFrom::Start(self.start + range.start))?;
        let mut bytes = vec![0; (range.end - range.start) as usize];
        file.read_exact(&mut bytes)?;
        Ok(Cow::Owned(bytes))
    }
}

/// The graph of `meta`, each flow's nodes to be decoded from `body` when used.
fn assemble(
    meta: &[u8],
    body_len: u64,
    body: Arc<dyn Body>,
    again: Again,
) -> Result<Graph, DecodeError> {
    let meta: Meta = postcard::from_bytes(meta).map_err(|_| DecodeError::Payload)?;
    let flow_count = meta.flows.len();
    let flows = (meta.flows.into_iter().enumerate())
        .map(|(index, flow)| {
            let (offset, len, count) = flow.nodes;
            let end = offset.checked_add(len).filter(|&end| end <= body_len);
            let (Some(end), true) = (end, (flow.start.0 as u64) < count) else {
                return Err(DecodeError::Index);
            };
            let body = Arc::clone(&body);
            let again = Arc::clone(&again);
            let (id, start) = (flow.id.clone(), flow.start);
            let load: Loader = Arc::new(move || {
                let chunk = Chunk {
                    range: offset..end,
                    count,
                    flows: flow_count,
                };
                chunk
                    .decode(&*body)
                    .or_else(|| afresh(&again, index, &id, start, count))
                    .unwrap_or_else(|| {
                        // The trees changed under a damaged graph: nothing is left to walk.
                        eprintln!(
                            "watchfix: error: the trees changed while watchfix read them; run the command again"
                        );
                        std::process::exit(1)
                    })
            });
            Ok(Flow {
                id: flow.id,
                title: flow.title,
                category: flow.category,
                symptoms: flow.symptoms,
                start: flow.start,
                nodes: Nodes::lazy(load),
                scenarios: flow.scenarios,
                file: flow.file,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Graph {
        flows,
        facts: meta.facts,
        revision: meta.revision,
        synonyms: meta.synonyms,
        letter: meta.letter,
        settle_limit: meta.settle_limit,
    })
}

/// Where one flow's nodes are in a body, and what they must be to be trusted.
struct Chunk {
    range: Range<u64>,
    count: u64,
    /// How many flows the graph has.
    flows: usize,
}

impl Chunk {
    /// The nodes, if they read whole and every index in them points inside the graph.
    fn decode(&self, body: &dyn Body) -> Option<Vec<Node>> {
        let bytes = body.chunk(self.range.clone()).ok()?;
        let nodes: Vec<Node> = postcard::from_bytes(&bytes).ok()?;
        (nodes.len() as u64 == self.count && in_bounds(&nodes, self.flows)).then_some(nodes)
    }
}

/// Flow `index`'s nodes from the trees checked again, if it is still the same flow, with
/// as many nodes and the same start.
fn afresh(again: &Again, index: usize, id: &str, start: NodeId, count: u64) -> Option<Vec<Node>> {
    let graph = again()?;
    let flow = graph.flows.get(index)?;
    (flow.id == id && flow.start == start && flow.nodes.len() as u64 == count)
        .then(|| flow.nodes.to_vec())
}

/// Whether every index of a flow's nodes points at a flow or a node that exists.
fn in_bounds(nodes: &[Node], flows: usize) -> bool {
    nodes.iter().all(|node| {
        node.choices().iter().all(|c| c.next.0 < nodes.len())
            && match node.kind {
                NodeKind::Call {
                    flow: FlowId(callee),
                    then,
                } => callee < flows && then.0 < nodes.len(),
                _ => true,
            }
    })
}

/// The shipped trees' graph: checked when the binary was built, decoded now.
pub fn embedded() -> Graph {
    let again: Again = Arc::new(|| crate::check::check(crate::load::embedded()).graph);
    decode(crate::shipped::GRAPH, Arc::clone(&again)).unwrap_or_else(|_| {
        // Only a broken build gets here (a test decodes the blob): check the texts instead.
        again().expect("the build checked the shipped trees")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Graph {
        crate::check::check(crate::load::embedded())
            .graph
            .expect("the shipped trees are valid")
    }

    fn leaked(bytes: Vec<u8>) -> &'static [u8] {
        bytes.leak()
    }

    /// Checks the shipped trees again, as a damaged graph's flows are taken from.
    fn again() -> Again {
        Arc::new(|| Some(fresh()))
    }

    fn decode(bytes: &'static [u8]) -> Result<Graph, DecodeError> {
        super::decode(bytes, again())
    }

    fn read(file: std::fs::File, start: u64, len: u64) -> Result<Graph, DecodeError> {
        super::read(file, start, len, again())
    }

    #[test]
    fn the_embedded_graph_is_a_fresh_check_of_the_trees() {
        assert_eq!(crate::shipped::GRAPH, encode(&fresh()));
        let decoded = decode(crate::shipped::GRAPH).expect("the embedded graph decodes");
        // Encoding decodes every flow's nodes.
        assert_eq!(encode(&decoded), crate::shipped::GRAPH);
        assert_eq!(decoded.settle_limit(), fresh().settle_limit());
    }

    #[test]
    fn a_graph_read_from_a_file_is_the_graph_written() {
        let mut file = tempfile::tempfile().unwrap();
        let bytes = encode(&fresh());
        std::io::Write::write_all(&mut file, b"key!").unwrap();
        std::io::Write::write_all(&mut file, &bytes).unwrap();
        let len = 4 + bytes.len() as u64;
        let graph = read(file.try_clone().unwrap(), 4, len).expect("it reads back");
        assert_eq!(encode(&graph), bytes);
        assert_eq!(
            read(file.try_clone().unwrap(), 4, len + 1).unwrap_err(),
            DecodeError::Damaged
        );
        assert_eq!(read(file, 3, len).unwrap_err(), DecodeError::Header);
    }

    #[test]
    fn damage_is_an_error() {
        let bytes = encode(&fresh());
        let decode = |bytes: &[u8]| decode(leaked(bytes.to_vec())).map(|_| ());
        assert_eq!(decode(&bytes[..5]).unwrap_err(), DecodeError::Header);
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Header);
        let mut other = bytes.clone();
        other[8] ^= 1;
        assert_eq!(decode(&other).unwrap_err(), DecodeError::Header);
        assert_eq!(
            decode(&bytes[..bytes.len() - 1]).unwrap_err(),
            DecodeError::Damaged
        );
        for at in [HEADER + 3, bytes.len() - 1] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x55;
            assert_eq!(
                decode(&flipped).unwrap_err(),
                DecodeError::Damaged,
                "at {at}"
            );
        }
    }

    /// Meta with good checksums but nonsense inside, or a start outside its flow.
    #[test]
    fn a_well_summed_bad_meta_is_an_error() {
        let frame = |meta: &[u8]| {
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(&FORMAT.to_le_bytes());
            for part in [meta, b""] {
                bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
                bytes.extend_from_slice(&xxh3_64(part).to_le_bytes());
            }
            bytes.extend_from_slice(meta);
            leaked(bytes)
        };
        // A flow count of u64::MAX, then nothing: no allocation of that size, an error.
        let huge = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(decode(frame(&huge)).unwrap_err(), DecodeError::Payload);
        let mut graph = fresh();
        graph.flows[0].start = NodeId(graph.flows[0].nodes.len());
        let bytes = encode(&graph);
        let (meta_len, ..) = header(&bytes).unwrap();
        let meta = &bytes[HEADER..HEADER + meta_len as usize];
        assert_eq!(decode(frame(meta)).unwrap_err(), DecodeError::Index);
    }

    /// A chunk with checksums that hold but an index outside the graph (a crafted file) is
    /// not walked: its flow's nodes come from the trees checked again.
    #[test]
    fn a_well_summed_bad_chunk_is_taken_from_the_trees() {
        let mut graph = fresh();
        let (flow, node) = (graph.flows.iter().enumerate())
            .find_map(|(f, flow)| {
                let n =
                    (flow.nodes.iter()).position(|n| matches!(n.kind, NodeKind::Call { .. }))?;
                Some((f, n))
            })
            .expect("a flow that calls another");
        if let NodeKind::Call { flow: callee, .. } = &mut graph.flows[flow].nodes[node].kind {
            *callee = FlowId(usize::MAX >> 1);
        }
        let decoded = decode(leaked(encode(&graph))).expect("meta is sound");
        assert_eq!(
            format!("{:?}", &*decoded.flows[flow].nodes),
            format!("{:?}", &*fresh().flows[flow].nodes)
        );
    }
}
