//! Accepting connections: HTTP/1.1 on hyper, a bounded number at once,
//! time-outs for slow clients, and a graceful stop on SIGTERM or SIGINT
//! (the requests in flight are finished, then the process exits).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The largest request head (request line and headers) hyper reads; a
/// larger head is answered 431. (hyper answers a request target over
/// 64 KiB with 414 on its own.)
pub const MAX_HEAD: usize = 1 << 20;

/// How long the requests in flight may take to finish after SIGTERM.
const GRACE: Duration = Duration::from_secs(30);

pub struct Options {
    pub timeout: Duration,
    pub max_connections: usize,
}

/// Binds, prints `listening on http://HOST:PORT`, and serves until a
/// signal.
pub async fn serve(addr: SocketAddr, router: Router, options: Options) -> Result<(), String> {
    let listener =
        TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let mut stop = Box::pin(stop_signal()?);
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
        .header_read_timeout(options.timeout)
        .max_buf_size(MAX_HEAD)
        .half_close(true)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(options.max_connections));
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            () = &mut stop => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, a reset before accept: wait a little, go on.
                eprintln!("ess-protection serve: accept: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // hyper times out a slow head, the handlers a slow body.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    eprintln!("ess-protection serve: stopping: finishing the requests in flight");
    match tokio::time::timeout(GRACE, graceful.shutdown()).await {
        Ok(()) => eprintln!("ess-protection serve: stopped"),
        Err(_) => {
            eprintln!("ess-protection serve: stopped; some connections did not finish in time")
        }
    }
    Ok(())
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
