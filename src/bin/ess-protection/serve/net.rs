//! Accepting connections: HTTP/1.1 on hyper, a bounded number at once,
//! time-outs for clients that send or read too slowly, and a graceful stop
//! on SIGTERM or SIGINT, or when the parent process is gone (the requests
//! in flight are finished, then the process exits).

use std::future::poll_fn;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio_io_timeout::TimeoutStream;

use super::log::Log;

/// The largest request head (request line and headers) hyper reads; a
/// larger head is answered 431. (hyper answers a request target over
/// 64 KiB with 414 on its own.)
pub const MAX_HEAD: usize = 1 << 20;

/// The most headers a request may have; more are answered 431. (hyper's
/// default is 100. hyper allocates a table of 64 bytes per allowed header
/// for every request it parses: at 10,000, that 640 KiB allocation halved
/// the requests served a second; at 1,000, 64 KiB, no cost is measurable.)
pub const MAX_HEADERS: usize = 1_000;

/// How long the requests in flight may take to finish after SIGTERM.
const GRACE: Duration = Duration::from_secs(30);

pub struct Options {
    /// How long a client may take to send a head or a body, to read an
    /// answer (with no progress), or stay idle between requests.
    pub timeout: Duration,
    pub max_connections: usize,
    pub log: Log,
}

/// What a client gets when it opens with HTTP/2's preface: an HTTP/2
/// empty SETTINGS frame, then GOAWAY with the error `HTTP_1_1_REQUIRED`
/// (RFC 9113, section 9.2.1 says a server answers so), and the reason.
const HTTP_1_1_REQUIRED: &[u8] = b"\0\0\0\x04\0\0\0\0\0\
    \0\0\x26\x07\0\0\0\0\0\
    \0\0\0\0\0\0\0\x0dess-protection speaks HTTP/1.1";

/// Why the server stopped.
pub enum Stopped {
    /// SIGTERM or SIGINT.
    Signal,
    /// The parent process ended (`--parent-pid`, `--stop-on-stdin-eof`).
    ParentGone,
}

/// Binds, prints `listening on http://HOST:PORT`, and serves until a
/// signal, or until `parent_gone` resolves (with the reason, for the log).
pub async fn serve(
    addr: SocketAddr,
    router: Router,
    options: Options,
    parent_gone: impl Future<Output = String>,
) -> Result<Stopped, String> {
    let Options { timeout, max_connections, log } = options;
    let listener =
        TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let signal = stop_signal()?;
    let mut stop = Box::pin(async {
        tokio::select! {
            () = signal => (Stopped::Signal, None),
            reason = parent_gone => (Stopped::ParentGone, Some(reason)),
        }
    });
    let mut stopped_by = Stopped::Signal;
    let all = u32::try_from(max_connections)
        .map_err(|_| format!("--max-connections {max_connections} is too many"))?;
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{local}")
            .and_then(|()| out.flush())
            .map_err(|e| format!("cannot write to standard output: {e}"))?;
    }
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeout)
        .max_buf_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        .half_close(true)
        .keep_alive(true);
    let builder = Arc::new(builder);
    let (stopping, stopped) = watch::channel(false);
    let slots = Arc::new(Semaphore::new(max_connections));
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            why = &mut stop => {
                stopped_by = stopping_because(why, &log);
                break;
            }
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            why = &mut stop => {
                stopped_by = stopping_because(why, &log);
                break;
            }
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, a reset before accept: wait a little, go on.
                log.line(format_args!("accept: {e}"));
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let builder = Arc::clone(&builder);
        let service = TowerToHyperService::new(router.clone());
        let stop = stopped.clone();
        tokio::spawn(async move {
            connection(stream, &builder, service, timeout, stop).await;
            drop(slot);
        });
    }
    drop(listener);
    log.line("stopping: finishing the requests in flight");
    let _ = stopping.send(true);
    // Every connection holds a slot until it ends: all slots back, all done.
    match tokio::time::timeout(GRACE, slots.acquire_many(all)).await {
        Ok(_) => log.line("stopped"),
        Err(_) => log.line("stopped; some connections did not finish in time"),
    }
    Ok(stopped_by)
}

/// Logs why the server stops, when it is not a signal.
fn stopping_because((why, reason): (Stopped, Option<String>), log: &Log) -> Stopped {
    if let Some(reason) = reason {
        log.line(format_args!("{reason}"));
    }
    why
}

/// Serves one connection until it ends, or, once `stop` turns true, until
/// the request in flight is answered.
async fn connection(
    stream: TcpStream,
    builder: &http1::Builder,
    service: TowerToHyperService<Router>,
    timeout: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    // A client that stops reading its answers holds a connection (and its
    // slot) at most `timeout` after the last byte it took.
    let mut stream = TimeoutStream::new(stream);
    stream.set_write_timeout(Some(timeout));
    let mut conn = builder.serve_connection(TokioIo::new(Box::pin(stream)), service);
    let mut stopping = false;
    let result = {
        let mut signal = pin!(stop.wait_for(|stop| *stop));
        poll_fn(|cx| {
            if !stopping && signal.as_mut().poll(cx).is_ready() {
                stopping = true;
                Pin::new(&mut conn).graceful_shutdown();
            }
            conn.poll_without_shutdown(cx)
        })
        .await
    };
    let mut io = conn.into_parts().io.into_inner();
    match result {
        Err(e) if e.is_parse_version_h2() => {
            let _ = io.write_all(HTTP_1_1_REQUIRED).await;
            let _ = io.shutdown().await;
        }
        Ok(()) => {
            let _ = io.shutdown().await;
        }
        Err(_) => {}
    }
}

/// Resolves on SIGTERM or SIGINT.
fn stop_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(|e| format!("SIGTERM: {e}"))?;
    let mut int = signal(SignalKind::interrupt()).map_err(|e| format!("SIGINT: {e}"))?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    })
}
