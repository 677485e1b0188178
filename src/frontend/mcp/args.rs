//! The tools' arguments, as agents send them: serde types whose doc comments become the
//! schemas' descriptions (the valid values themselves come from [`super::schema`]).

use serde::{Deserialize, Deserializer};

use watchfix::walk::Facts;

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct FindFlowArgs {
    /// The problem in the caller's own words.
    #[serde(alias = "query", alias = "text")]
    pub symptom: String,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct StartWalkArgs {
    /// The flow id.
    #[serde(alias = "flow_id", alias = "id")]
    pub flow: String,
    /// Facts already known, fact id → value id.
    #[serde(default)]
    pub facts: Option<Facts>,
    /// A handoff document to continue.
    #[serde(default)]
    pub handoff: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct AnswerArgs {
    /// The session of the latest result.
    #[serde(alias = "session_id")]
    pub session: String,
    /// A choice id, or its 1-based position.
    #[serde(
        alias = "choice_id",
        alias = "answer",
        deserialize_with = "text_or_number"
    )]
    #[schemars(with = "String")]
    pub choice: String,
    /// A short note on this answer.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct SessionArgs {
    /// The session of the latest result.
    #[serde(alias = "session_id")]
    pub session: String,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct FlowArgs {
    /// The flow id.
    #[serde(alias = "flow_id", alias = "id")]
    pub flow: String,
}

/// A choice given as a number (a position) is as good as its digits.
fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Answer {
        Text(String),
        Number(u64),
    }
    Ok(match Answer::deserialize(deserializer)? {
        Answer::Text(text) => text,
        Answer::Number(number) => number.to_string(),
    })
}
