//! `ess-protection serve`: the emulator. A local server that answers the
//! eleven operations as the service does, from the library, over a state
//! kept in a file; the official SDKs can test against it.
//!
//! Layout: [`net`] accepts connections (time-outs, limits, shutdown),
//! [`routes`] decodes and renders, [`api`] checks and decides, [`auth`]
//! holds keys and nonces, [`emulator`] the test harness endpoints,
//! [`store`] the state and its file, and [`log`] writes standard error.
//!
//! Everything that can fail at start (the options, the state file, the
//! address) fails before the `listening on` line, with exit 2.

mod api;
mod auth;
mod emulator;
mod keys_file;
mod log;
mod net;
mod parent;
mod routes;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use api::{Api, RequestIds};
use auth::{Key, Keys};
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
    /// A key requests must be signed with, which may do everything (repeatable). Without any
    /// key (here or in --keys), signatures are not checked.
    #[arg(long = "access-key", value_name = "ID:SECRET", value_parser = key_pair)]
    access_keys: Vec<(String, String)>,
    /// A JSON file of keys, each with its AccountId and RAM Policies:
    /// {"AccessKeys": [{"AccessKeyId": …, "AccessKeySecret": …, "AccountId": …, "Policies": [policy, …]}]}.
    /// A key with Policies may do only what they allow (else Forbidden.Unauthorized, 403).
    #[arg(long, value_name = "FILE")]
    keys: Option<PathBuf>,
    /// How long a client may take to send a request's head or body, and a connection may stay
    /// idle, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = seconds)]
    timeout: f64,
    /// The largest body of an API request, in bytes, at most 1 GiB (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20,
          value_parser = clap::value_parser!(u32).range(0..=MAX_BODY_LIMIT))]
    body_limit: u32,
    /// How many nonces to remember for replay checks, 1 to 100,000,000 (when full: Throttling).
    #[arg(long, value_name = "N", default_value_t = 1_000_000,
          value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    nonce_capacity: u32,
    /// How many connections to serve at once, 1 to 1,000,000 (more wait to be accepted).
    #[arg(long, value_name = "N", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_connections: u32,
    /// Stop (as on SIGTERM) when the process PID is no longer this server's parent: it ended,
    /// however it ended (checked every 100 ms). PID must be the parent at start.
    #[arg(long, value_name = "PID")]
    parent_pid: Option<u32>,
    /// Stop when standard input ends: a parent that starts the server with a pipe and keeps
    /// its writing end open makes its own end, however it comes, an end of file at once.
    #[arg(long)]
    stop_on_stdin_eof: bool,
    /// A folder of the parent's (its copy of the state, the server's log) to remove when the
    /// server stops because its parent ended (--parent-pid, --stop-on-stdin-eof), which can
    /// then no longer remove it.
    #[arg(long, value_name = "DIR")]
    remove_on_orphan: Option<PathBuf>,
    /// For benchmarks: answer every request with a fixed success body on the same stack,
    /// reading nothing (the floor the emulator is measured against).
    #[arg(long, hide = true)]
    bare: bool,
}

/// The largest `--body-limit`.
const MAX_BODY_LIMIT: i64 = 1 << 30;

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
    let mut all: Vec<Key> =
        args.access_keys.iter().map(|(id, secret)| Key::unrestricted(id, secret)).collect();
    if let Some(file) = &args.keys {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the keys file {}: {e}", file.display()))?;
        let keys = keys_file::read(&text)
            .map_err(|e| format!("the keys file {} is not valid: {e}", file.display()))?;
        all.extend(keys);
    }
    let mut ids: Vec<&str> = all.iter().map(|key| key.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(twice) = ids.windows(2).find_map(|w| w.first().filter(|&&a| Some(&a) == w.get(1))) {
        return Err(format!("the key id {twice} is given twice (--access-key, --keys)"));
    }
    let watch = parent::Watch { parent_pid: args.parent_pid, stdin: args.stop_on_stdin_eof };
    watch.check()?;
    let orphan_folder = args.remove_on_orphan.as_deref().map(parent::folder).transpose()?;
    let store = Arc::new(Store::open(&args.state)?);
    let (groups, instances) = store.summary();
    let nonce_capacity = usize::try_from(args.nonce_capacity).unwrap_or(usize::MAX);
    let keys = (!all.is_empty()).then(|| Keys::new(all, nonce_capacity));
    let (log, log_stopped) = log::Log::start();
    match &keys {
        Some(keys) => log.line(format_args!(
            "signatures are checked (1.0 and V3) for the keys {}",
            keys.ids().join(", ")
        )),
        None => log.line(
            "WARNING: no --access-key or --keys: signatures are NOT checked; any request is \
             accepted as signed",
        ),
    }
    if !args.listen.ip().is_loopback() {
        log.line(format_args!(
            "WARNING: listening on {}, not a loopback address: anyone who can reach it can read \
             and replace the state through /_emulator/",
            args.listen
        ));
    }
    log.line(format_args!(
        "state {} ({groups} scaling groups, {instances} instances)",
        args.state.display()
    ));
    let timeout = Duration::from_secs_f64(args.timeout);
    let app = Arc::new(App {
        api: Api { keys, ids: RequestIds::new(seed()) },
        store,
        limits: Limits {
            api_body: usize::try_from(args.body_limit).unwrap_or(usize::MAX),
            emulator_body: 64 << 20,
            timeout,
        },
        log: log.clone(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let router = if args.bare {
        drop(app); // its log must not outlive the server
        routes::bare()
    } else {
        routes::router(app)
    };
    let max_connections = usize::try_from(args.max_connections).unwrap_or(1);
    let parent_gone = watch.start()?;
    let served = runtime.block_on(net::serve(
        args.listen,
        router,
        net::Options { timeout, max_connections, log: log.clone() },
        parent_gone,
    ));
    if let (Ok(net::Stopped::ParentGone), Some(folder)) = (&served, &orphan_folder) {
        match parent::remove_folder(folder) {
            Ok(()) => log.line(format_args!("removed {}", folder.display())),
            Err(e) => log.line(e),
        }
    }
    drop(log);
    // The runtime's tasks hold the last `Log`s: end them, then give the
    // writer a moment to write out the last lines.
    runtime.shutdown_timeout(Duration::from_secs(1));
    log_stopped.wait(Duration::from_secs(1));
    served.map(|_| ())
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
