//! `ess-protection serve`: the emulator. A local server that answers
//! SetInstancesProtection, DescribeScalingInstances and RemoveInstances as the
//! service does, from the library, over a
//! state kept in a file; the official SDKs can test against it.
//!
//! Layout: [`net`] accepts connections (time-outs, limits, shutdown),
//! [`routes`] decodes and renders, [`api`] checks and decides, [`auth`]
//! holds keys and nonces, [`emulator`] the test harness endpoints, and
//! [`store`] the state and its file.

mod api;
mod auth;
mod emulator;
mod net;
mod routes;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use api::{Api, RequestIds};
use auth::Keys;
use routes::{App, Limits};
use store::Store;

/// `serve`'s options.
#[derive(Args)]
pub struct ServeArgs {
    /// The state file (JSON: {"ScalingGroups": [...]}); it must exist. Every acknowledged
    /// change is written to it before the answer is sent.
    #[arg(long, value_name = "FILE")]
    state: PathBuf,
    /// The address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// A key requests must be signed with (repeatable). Without any, signatures are not checked.
    #[arg(long = "access-key", value_name = "ID:SECRET", value_parser = key_pair)]
    access_keys: Vec<(String, String)>,
    /// How long a client may take to send a request's head or body, and a connection may stay
    /// idle, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = seconds)]
    timeout: f64,
    /// The largest body of an API request, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    body_limit: usize,
    /// How many nonces to remember for replay checks (when full: Throttling).
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    nonce_capacity: usize,
    /// How many connections to serve at once (more wait to be accepted).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_connections: usize,
    /// For benchmarks: answer every request with a fixed success body on the same stack,
    /// reading nothing (the floor the emulator is measured against).
    #[arg(long, hide = true)]
    bare: bool,
}

fn key_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
            Ok((id.to_owned(), secret.to_owned()))
        }
        _ => Err("expected ID:SECRET, both non-empty".to_owned()),
    }
}

fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err("expected a number of seconds, more than 0 and at most 86400".to_owned()),
    }
}

/// Runs the emulator until SIGTERM or SIGINT. `Err` is a message for a
/// start that failed (exit 2).
pub fn run(args: ServeArgs) -> Result<(), String> {
    let store = Arc::new(Store::open(&args.state)?);
    let (groups, instances) = store.summary();
    let keys =
        (!args.access_keys.is_empty()).then(|| Keys::new(&args.access_keys, args.nonce_capacity));
    match &keys {
        Some(keys) => eprintln!(
            "ess-protection serve: signatures are checked (1.0 and V3) for the keys {}",
            keys.ids().join(", ")
        ),
        None => eprintln!(
            "ess-protection serve: WARNING: no --access-key: signatures are NOT checked; \
             any request is accepted as signed"
        ),
    }
    if !args.listen.ip().is_loopback() {
        eprintln!(
            "ess-protection serve: WARNING: listening on {}, not a loopback address: anyone who \
             can reach it can read and replace the state through /_emulator/",
            args.listen
        );
    }
    eprintln!(
        "ess-protection serve: state {} ({groups} scaling groups, {instances} instances)",
        args.state.display()
    );
    let timeout = Duration::from_secs_f64(args.timeout);
    let app = Arc::new(App {
        api: Api { keys, ids: RequestIds::new(seed()) },
        store,
        limits: Limits { api_body: args.body_limit, emulator_body: 64 << 20, timeout },
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let router = if args.bare { routes::bare() } else { routes::router(app) };
    runtime.block_on(net::serve(
        args.listen,
        router,
        net::Options { timeout, max_connections: args.max_connections.max(1) },
    ))
}

/// A seed for request ids: the operating system's random source, else the
/// clock and the process id.
fn seed() -> u64 {
    use std::io::Read;
    let mut bytes = [0u8; 8];
    if std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes)).is_ok() {
        return u64::from_le_bytes(bytes);
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos as u64) ^ u64::from(std::process::id()).rotate_left(40)
}
