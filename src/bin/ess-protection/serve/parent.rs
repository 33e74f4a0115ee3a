//! Ending with the process that started the server: a test harness that is
//! killed (`kill -9`, a cancelled CI job, SIGTERM to pytest) cannot stop
//! its server, so the server watches for it instead, and removes the
//! harness's folder, which the harness can no longer remove.
//!
//! Two watches, each asked for by an option:
//!
//! - `--parent-pid PID`: the process PID must be the server's parent at
//!   start, and the server stops when it no longer is (the parent ended,
//!   and the server was handed to another process). Checked every 100 ms.
//! - `--stop-on-stdin-eof`: the server stops when its standard input ends.
//!   A parent that gives it a pipe and keeps the writing end open (never
//!   writing) makes its end, however it comes, an end of file at once: the
//!   kernel closes the pipe of a process that dies.
//!
//! `PR_SET_PDEATHSIG` is not used: it needs a raw system call, which the
//! crate forbids, exists on Linux only, and fires when the *thread* that
//! started the child ends, which in a Python harness may be any worker
//! thread.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::oneshot;

/// How often the parent process id is read.
const EVERY: Duration = Duration::from_millis(100);

/// What the server watches for, from its options.
pub struct Watch {
    pub parent_pid: Option<u32>,
    pub stdin: bool,
}

impl Watch {
    /// Checks the options before the server starts: `Err` when PID is not
    /// this process's parent (already gone, or a mistake).
    pub fn check(&self) -> Result<(), String> {
        match self.parent_pid {
            Some(pid) if pid != std::os::unix::process::parent_id() => Err(format!(
                "--parent-pid {pid} is not this process's parent (its parent is {})",
                std::os::unix::process::parent_id()
            )),
            _ => Ok(()),
        }
    }

    /// Starts the watches: a future that resolves, with the reason, when
    /// the parent is gone, and never when nothing is watched. The standard
    /// input's reader thread starts at once; `Err` when it cannot.
    pub fn start(&self) -> Result<impl Future<Output = String> + Send + 'static, String> {
        let parent = self.parent_pid;
        let stdin = if self.stdin { Some(stdin_closed()?) } else { None };
        Ok(async move {
            let pid = async {
                match parent {
                    Some(pid) => loop {
                        tokio::time::sleep(EVERY).await;
                        if std::os::unix::process::parent_id() != pid {
                            return format!("the parent process {pid} ended");
                        }
                    },
                    None => std::future::pending().await,
                }
            };
            let input = async {
                match stdin {
                    Some(closed) => {
                        let _ = closed.await;
                        "standard input ended (the parent process ended)".to_owned()
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                reason = pid => reason,
                reason = input => reason,
            }
        })
    }
}

/// A thread that reads standard input to its end, discarding what comes,
/// and then says so. It is never joined: the process exit ends it.
fn stdin_closed() -> Result<oneshot::Receiver<()>, String> {
    let (closed, receiver) = oneshot::channel();
    std::thread::Builder::new()
        .name("stdin-watch".to_owned())
        .spawn(move || {
            let mut input = std::io::stdin().lock();
            let mut buffer = [0u8; 512];
            while matches!(input.read(&mut buffer), Ok(n) if n > 0) {}
            let _ = closed.send(());
        })
        .map_err(|e| format!("cannot watch standard input: {e}"))?;
    Ok(receiver)
}

/// Removes the harness's folder once the server has stopped because its
/// parent ended: `Err` is a message for the log.
pub fn remove_folder(folder: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(folder) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", folder.display())),
    }
}

/// `--remove-on-orphan`'s folder, checked at start: it must be a folder.
pub fn folder(path: &Path) -> Result<PathBuf, String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Ok(path.to_path_buf()),
        Ok(_) => Err(format!("--remove-on-orphan {}: not a folder", path.display())),
        Err(e) => Err(format!("--remove-on-orphan {}: {e}", path.display())),
    }
}
