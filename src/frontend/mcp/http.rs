//! `watchfix mcp --http ADDR`: the same tools over the MCP streamable HTTP transport.
//!
//! rmcp's `StreamableHttpService` speaks the protocol; this module puts it on hyper with
//! the limits a server on a network needs, in front of it:
//!
//! - **Where it listens.** 127.0.0.1 unless told otherwise (`:8080` and `8080` mean
//!   loopback). Any other address needs `--token-file`.
//! - **Who may call.** With a token file, every request must carry
//!   `Authorization: Bearer <token>`, compared in constant time; without one (loopback
//!   only), rmcp's `Host` check keeps other sites' pages out (DNS rebinding).
//! - **How much.** A request body of at most [`MAX_BODY`] bytes (413 past it), request
//!   headers within [`HEADER_TIMEOUT`] and 64 KiB, at most [`MAX_CONNECTIONS`] connections.
//! - **No state.** The server runs stateless (no MCP session ids) and each walk's handle is
//!   the walk, signed ([`super::handle`]), so any number of processes given the same token
//!   file serve the same walks behind any load balancer, with no shared store.

use std::convert::Infallible;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use watchfix::graph::Graph;

use super::Server;
use super::handle::Signer;
use super::walks::Walks;

/// The path the MCP endpoint is served at.
pub const PATH: &str = "/mcp";
/// The largest request body accepted: a handoff document or a long walk's handle fits.
pub const MAX_BODY: usize = 1024 * 1024;
/// How long a client may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more wait in the kernel's queue.
pub const MAX_CONNECTIONS: usize = 256;
/// A token file larger than this is not a token.
const MAX_TOKEN_FILE: u64 = 4096;
/// The shortest token accepted, in bytes.
const MIN_TOKEN: usize = 16;

type Body = BoxBody<Bytes, Infallible>;

/// Serves streamable HTTP on `address` until the process is interrupted or terminated.
pub fn serve(graph: &'static Graph, address: &str, token_file: Option<&Path>) -> Result<ExitCode> {
    let address = parse_address(address)?;
    let signer = match token_file {
        Some(path) => Signer::from_token(&read_token(path)?),
        None if address.ip().is_loopback() => Signer::random()
            .map_err(|e| Fail::failure(format!("no randomness for walk handles: {e}")))?,
        None => {
            return Err(Fail::usage(format!(
                "--http {address} listens beyond this machine: give --token-file FILE, a file \
                 holding a secret of {MIN_TOKEN} characters or more that callers send as a \
                 bearer token"
            )));
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP server")?;
    runtime.block_on(run(graph, address, signer))
}

async fn run(graph: &'static Graph, address: SocketAddr, signer: Signer) -> Result<ExitCode> {
    let listener = TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}"))?;
    let local = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let stop = CancellationToken::new();
    let mut config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_max_request_body_bytes(MAX_BODY)
        .with_cancellation_token(stop.child_token());
    if signer.requires_token() {
        // Behind a reverse proxy the Host is the proxy's name; the token keeps others out.
        config = config.disable_allowed_hosts();
    }
    let server = Server::new(graph, Walks::Signed(signer.clone()));
    let mcp = TowerToHyperService::new(StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(NeverSessionManager::default()),
        config,
    ));
    eprintln!(
        "watchfix mcp: serving {} flows over streamable HTTP at http://{local}{PATH}{}; stop \
         with Ctrl-C",
        graph.flows().len(),
        if signer.requires_token() {
            " (bearer token required)"
        } else {
            ""
        }
    );
    let signer = Arc::new(signer);
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit.expect("never closed"),
            () = stopped() => break,
        };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // A connection reset before it was accepted, or out of file descriptors:
                // the next one may fare better.
                Err(_) => continue,
            },
            () = stopped() => break,
        };
        let mcp = mcp.clone();
        let signer = signer.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let mcp = mcp.clone();
                let signer = signer.clone();
                async move { Ok::<_, Infallible>(route(request, &mcp, &signer).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = stop.cancelled() => connection.as_mut().graceful_shutdown(),
            }
            drop(permit);
        });
    }
    stop.cancel();
    Ok(ExitCode::Success)
}

/// The endpoint, behind the bearer token.
async fn route<S>(request: Request<Incoming>, mcp: &S, signer: &Signer) -> Response<Body>
where
    S: hyper::service::Service<Request<Incoming>, Response = Response<Body>, Error = Infallible>,
{
    let path = request.uri().path();
    if path != PATH && path != "/mcp/" {
        return plain(
            StatusCode::NOT_FOUND,
            &format!("watchfix serves MCP at {PATH}\n"),
        );
    }
    if signer.requires_token() {
        let presented = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
            .unwrap_or_default();
        if !signer.token_matches(presented) {
            let mut response = plain(
                StatusCode::UNAUTHORIZED,
                "a bearer token is required: Authorization: Bearer <the token file's contents>\n",
            );
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"watchfix\""),
            );
            return response;
        }
    }
    match mcp.call(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

fn plain(status: StatusCode, text: &str) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(text.to_string())).boxed());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Resolves when the process is asked to stop: Ctrl-C, or SIGTERM from a supervisor.
async fn stopped() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `8080` and `:8080` are loopback; anything else is `host:port`.
fn parse_address(text: &str) -> Result<SocketAddr> {
    let text = text.trim();
    let spelled = if text.chars().all(|c| c.is_ascii_digit()) && !text.is_empty() {
        format!("127.0.0.1:{text}")
    } else if let Some(port) = text.strip_prefix(':') {
        format!("127.0.0.1:{port}")
    } else {
        text.to_string()
    };
    let bad = || {
        Fail::usage(format!(
            "--http {}: expected an address such as 127.0.0.1:8080, :8080 or 0.0.0.0:8080",
            watchfix::text::shown(text)
        ))
    };
    if let Ok(address) = spelled.parse() {
        return Ok(address);
    }
    spelled
        .to_socket_addrs()
        .map_err(|_| bad())?
        .next()
        .ok_or_else(bad)
}

fn read_token(path: &Path) -> Result<String> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read the token file {shown}"))?
        .len();
    if size > MAX_TOKEN_FILE {
        return Err(Fail::usage(format!(
            "the token file {shown} is {size} bytes; a token is one line of at most {MAX_TOKEN_FILE}"
        )));
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the token file {shown}"))?;
    let token = text.trim();
    if token.len() < MIN_TOKEN || token.chars().any(char::is_control) {
        return Err(Fail::usage(format!(
            "the token file {shown} must hold one line of at least {MIN_TOKEN} characters, \
             such as the output of `openssl rand -hex 32`"
        )));
    }
    Ok(token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_port_is_loopback() {
        assert_eq!(
            parse_address("8080").unwrap(),
            "127.0.0.1:8080".parse().unwrap()
        );
        assert_eq!(parse_address(":0").unwrap(), "127.0.0.1:0".parse().unwrap());
        assert_eq!(
            parse_address("0.0.0.0:9000").unwrap(),
            "0.0.0.0:9000".parse().unwrap()
        );
        assert!(parse_address("not an address").is_err());
    }
}
