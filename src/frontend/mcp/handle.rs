//! Walk handles that carry their own state, for `watchfix mcp --http`.
//!
//! Behind a load balancer, the next call of a walk may reach another server process, so
//! no process can keep the walk. Instead the handle an agent passes back *is* the walk: the
//! walk's handoff document ([`Handoff`]: flow, facts, answers with their notes, who gave
//! them and when), signed with HMAC-SHA256 under a key every process derives from the same
//! token file. Any process verifies the tag in constant time and replays the answers; a
//! caller who changes one byte, or makes up a handle, gets `unknown_session`.
//!
//! `h1.` + base64url(compact JSON of the handoff) + `.` + base64url(tag). A handle grows
//! with the walk (a few hundred bytes per answer with a note) and is capped at
//! [`MAX_HANDLE`], so a walk of any shipped flow fits many times over.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use watchfix::session::handoff::Handoff;

type HmacSha256 = Hmac<Sha256>;

/// What every handle starts with: the version of this format.
const PREFIX: &str = "h1.";

/// The longest handle accepted or issued, in bytes.
pub const MAX_HANDLE: usize = 256 * 1024;

/// Signs and checks walk handles, and checks bearer tokens.
#[derive(Clone)]
pub struct Signer {
    walks: [u8; 32],
    bearer: [u8; 32],
    /// The bearer token's own tag under `bearer`, compared with the tag of what a caller
    /// presents, so that the comparison takes the same time wherever they differ.
    token_tag: Option<[u8; 32]>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer { .. }")
    }
}

/// Why a handle was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadHandle {
    /// Not of this format, or not signed by a server holding the same key.
    Forged,
    /// Larger than [`MAX_HANDLE`].
    TooLong,
}

impl Signer {
    /// Keys derived from the token: every process given the same token file signs and
    /// accepts the same handles, and requires the token as a bearer token.
    pub fn from_token(token: &str) -> Signer {
        let mut signer = Signer::from_secret(token.as_bytes());
        signer.token_tag = Some(tag(&signer.bearer, token.as_bytes()));
        signer
    }

    /// Keys from fresh randomness: handles only this process accepts, and no bearer token.
    pub fn random() -> Result<Signer, getrandom::Error> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)?;
        Ok(Signer::from_secret(&secret))
    }

    fn from_secret(secret: &[u8]) -> Signer {
        Signer {
            walks: tag(secret, b"watchfix walk handles v1"),
            bearer: tag(secret, b"watchfix bearer token v1"),
            token_tag: None,
        }
    }

    /// Whether requests must carry a bearer token.
    pub fn requires_token(&self) -> bool {
        self.token_tag.is_some()
    }

    /// Whether `presented` is the bearer token, compared in constant time.
    pub fn token_matches(&self, presented: &[u8]) -> bool {
        let Some(expected) = self.token_tag else {
            return true;
        };
        let mut mac = HmacSha256::new_from_slice(&self.bearer).expect("any key length");
        mac.update(presented);
        mac.verify_slice(&expected).is_ok()
    }

    /// The handle of a walk.
    pub fn seal(&self, handoff: &Handoff) -> Result<String, BadHandle> {
        let body = serde_json::to_vec(handoff).expect("a handoff always serializes");
        let tag = tag(&self.walks, &body);
        let handle = format!(
            "{PREFIX}{}.{}",
            URL_SAFE_NO_PAD.encode(&body),
            URL_SAFE_NO_PAD.encode(tag)
        );
        if handle.len() > MAX_HANDLE {
            return Err(BadHandle::TooLong);
        }
        Ok(handle)
    }

    /// The walk a handle carries, once its tag is checked.
    pub fn open(&self, handle: &str) -> Result<Handoff, BadHandle> {
        if handle.len() > MAX_HANDLE {
            return Err(BadHandle::TooLong);
        }
        let (body, tag) = handle
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split_once('.'))
            .ok_or(BadHandle::Forged)?;
        let body = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| BadHandle::Forged)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| BadHandle::Forged)?;
        let mut mac = HmacSha256::new_from_slice(&self.walks).expect("any key length");
        mac.update(&body);
        mac.verify_slice(&tag).map_err(|_| BadHandle::Forged)?;
        let text = std::str::from_utf8(&body).map_err(|_| BadHandle::Forged)?;
        // Signed by us, so it parses; a handle from a newer watchfix sharing the key may not.
        Handoff::parse(text).map_err(|_| BadHandle::Forged)
    }
}

fn tag(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handoff() -> Handoff {
        Handoff {
            format: "watchfix-handoff".into(),
            version: 1,
            watchfix: "0.1.0".into(),
            revision: "r".into(),
            flow: "pairing".into(),
            facts: Default::default(),
            known: Default::default(),
            answers: Vec::new(),
            at: watchfix::session::handoff::Position {
                flow: "pairing".into(),
                node: "problem".into(),
            },
            outcome: None,
            written: "2026-12-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn a_handle_opens_under_the_same_token_only() {
        let a = Signer::from_token("correct horse battery staple");
        let b = Signer::from_token("correct horse battery staple");
        let other = Signer::from_token("another token entirely");
        let handle = a.seal(&handoff()).unwrap();
        assert_eq!(b.open(&handle).unwrap(), handoff());
        assert_eq!(other.open(&handle), Err(BadHandle::Forged));
    }

    #[test]
    fn a_changed_byte_is_refused() {
        let signer = Signer::random().unwrap();
        let handle = signer.seal(&handoff()).unwrap();
        let mut bytes = handle.into_bytes();
        let middle = bytes.len() / 2;
        bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).unwrap();
        assert_eq!(signer.open(&changed), Err(BadHandle::Forged));
        assert_eq!(signer.open("w1-3f0a"), Err(BadHandle::Forged));
        assert_eq!(
            signer.open(&"h".repeat(MAX_HANDLE + 1)),
            Err(BadHandle::TooLong)
        );
    }

    #[test]
    fn the_bearer_token_is_checked() {
        let signer = Signer::from_token("s3cret-token-of-some-length");
        assert!(signer.requires_token());
        assert!(signer.token_matches(b"s3cret-token-of-some-length"));
        assert!(!signer.token_matches(b"s3cret-token-of-some-lengtH"));
        assert!(!signer.token_matches(b""));
        assert!(!Signer::random().unwrap().requires_token());
    }
}
