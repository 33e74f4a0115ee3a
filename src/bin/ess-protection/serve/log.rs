//! The log: lines on standard error that can neither fail nor hold up a
//! request. A request hands its line to a bounded queue and goes on; one
//! thread writes the queue out. When standard error is closed or full
//! (`2>/dev/full`, a reader gone), lines are lost, not the server; when
//! nobody reads a pipe, the writer waits and, once the queue is full, new
//! lines are counted and dropped, and the count is written when the writer
//! can write again.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::time::Duration;

/// How many lines may wait for the writer.
const QUEUE: usize = 1024;

/// Where lines go. Cheap to clone.
#[derive(Clone)]
pub struct Log {
    lines: SyncSender<String>,
    dropped: Arc<AtomicU64>,
}

/// The writer's end: [`Stopped::wait`] gives it a bounded time to write out
/// what is queued.
pub struct Stopped(Receiver<()>);

impl Log {
    /// Starts the writer thread (a log that cannot start one writes
    /// nothing).
    pub fn start() -> (Log, Stopped) {
        let (lines, queue) = mpsc::sync_channel::<String>(QUEUE);
        let (done, stopped) = mpsc::channel();
        let dropped = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&dropped);
        let _ = std::thread::Builder::new().name("log".to_owned()).spawn(move || {
            for line in queue {
                let lost = counted.swap(0, Ordering::Relaxed);
                let mut err = std::io::stderr().lock();
                if lost > 0 {
                    let _ = writeln!(err, "ess-protection serve: {lost} log lines dropped");
                }
                let _ = err.write_all(line.as_bytes());
            }
            let _ = done.send(());
        });
        (Log { lines, dropped }, Stopped(stopped))
    }

    /// Logs a line, `ess-protection serve: ` first; never waits.
    pub fn line(&self, text: impl std::fmt::Display) {
        match self.lines.try_send(format!("ess-protection serve: {text}\n")) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

impl Stopped {
    /// Once every [`Log`] is dropped: waits until the writer has written
    /// what was queued, at most `within`.
    pub fn wait(self, within: Duration) {
        // Written out, gone, or out of time: the process ends either way.
        let _ = self.0.recv_timeout(within);
    }
}
