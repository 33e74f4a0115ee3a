//! The emulator's state: the library's [`State`] in memory, and its file on
//! disk, which holds every acknowledged change before the answer is sent.
//!
//! Changes are applied one at a time, under one lock (so requests on the
//! same group never interleave), and numbered. An answer waits until the
//! file holds at least the change it saw ([`Store::durable`]): a write
//! replaces the whole file atomically (a new file beside it, `fsync`,
//! `rename`, `fsync` of the folder), so a crash at any instant leaves the
//! old file or the new one. Writes group themselves: one write carries
//! every change made while the previous one was on its way to the disk.
//!
//! The lock is asynchronous: a request waiting for it gives its thread to
//! the others, and the work that takes long on a large state (writing it
//! out, reading or replacing it whole) runs on the blocking threads, so
//! requests that touch no state are never held up by those that do.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as Exclusive, PoisonError};

use ess_protection::ApiError;
use ess_protection::model::State;
use tokio::sync::Mutex;

/// The state, in memory and on disk.
pub struct Store {
    path: PathBuf,
    memory: Mutex<Numbered>,
    /// The number of the last change the file holds.
    durable: AtomicU64,
    /// Held while the file is written, so that writes never overtake each other.
    disk: Exclusive<()>,
}

struct Numbered {
    state: State,
    /// How many changes were made since the start.
    seq: u64,
}

impl Store {
    /// Reads the state file.
    pub fn open(path: &Path) -> Result<Store, String> {
        let text = fs::read_to_string(path)
            .map_err(|e| format!("cannot read the state file {}: {e}", path.display()))?;
        let state: State = text
            .parse()
            .map_err(|e| format!("the state file {} is not a valid state: {e}", path.display()))?;
        Ok(Store {
            path: path.to_path_buf(),
            memory: Mutex::new(Numbered { state, seq: 0 }),
            durable: AtomicU64::new(0),
            disk: Exclusive::new(()),
        })
    }

    /// A summary for the log: groups and instances (outside the runtime).
    pub fn summary(&self) -> (usize, usize) {
        let memory = self.memory.blocking_lock();
        (memory.state.groups().len(), memory.state.instance_count())
    }

    /// Runs `change` on the state; when it reports a change, numbers it.
    /// Returns its result and the number of the last change it saw, which
    /// must be durable before the answer goes out (an error, too, may
    /// depend on a change not yet on disk). For changes that take little
    /// time: the model's operations.
    pub async fn change<T>(
        &self,
        change: impl FnOnce(&mut State) -> Result<(T, bool), ApiError>,
    ) -> (Result<T, ApiError>, u64) {
        let mut memory = self.memory.lock().await;
        let result = change(&mut memory.state);
        let value = result.map(|(value, changed)| {
            if changed {
                memory.seq += 1;
            }
            value
        });
        (value, memory.seq)
    }

    /// Replaces the whole state (on a blocking thread: the old one may be
    /// large to drop). Returns the number of the change.
    pub async fn replace(self: &Arc<Self>, state: State) -> io::Result<u64> {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut memory = store.memory.blocking_lock();
            let old = std::mem::replace(&mut memory.state, state);
            memory.seq += 1;
            let seq = memory.seq;
            drop(memory);
            drop(old);
            seq
        })
        .await
        .map_err(io::Error::other)
    }

    /// The state as compact JSON, and the number of the last change it
    /// holds (on a blocking thread).
    pub async fn read(self: &Arc<Self>) -> io::Result<(String, u64)> {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || store.text()).await.map_err(io::Error::other)?
    }

    fn text(&self) -> io::Result<(String, u64)> {
        let memory = self.memory.blocking_lock();
        let text = serde_json::to_string(&memory.state)?;
        Ok((text, memory.seq))
    }

    /// Waits until the file holds change `seq` (at once when it does).
    ///
    /// # Errors
    ///
    /// When the file cannot be written; the change stays in memory, and
    /// the next write that succeeds carries it.
    pub async fn durable(self: &Arc<Self>, seq: u64) -> io::Result<()> {
        if self.durable.load(Ordering::Acquire) >= seq {
            return Ok(());
        }
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || store.write_until(seq))
            .await
            .map_err(io::Error::other)?
    }

    /// Writes the whole state unless a write since `seq` already did.
    fn write_until(&self, seq: u64) -> io::Result<()> {
        let _disk = self.disk.lock().unwrap_or_else(PoisonError::into_inner);
        if self.durable.load(Ordering::Acquire) >= seq {
            return Ok(()); // another write carried this change
        }
        let (text, now) = self.text()?;
        write_atomically(&self.path, text.as_bytes())?;
        self.durable.store(now, Ordering::Release);
        Ok(())
    }
}

/// Replaces the file at `path` with `bytes` so that a crash at any instant
/// leaves the old content or the new: a temporary file beside it, flushed
/// to the disk, renamed over it, and the folder flushed.
///
/// The file keeps its identity: when `path` is a symbolic link, the file
/// it points to is replaced (the link stays a link); the new file gets the
/// old one's permissions and, where the process may set them, its owner
/// and group. (A hard link to the old file keeps the old content: a rename
/// cannot carry it.)
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = match fs::canonicalize(path) {
        Ok(target) => target,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let old = fs::metadata(&target).ok();
    let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tmp");
    let temporary = target.with_file_name(name);
    let mut file = File::create(&temporary)?;
    if let Some(old) = &old {
        use std::os::unix::fs::MetadataExt;
        // Only a privileged process may give a file away; others keep their own.
        let _ = std::os::unix::fs::fchown(&file, Some(old.uid()), Some(old.gid()));
        file.set_permissions(old.permissions())?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temporary, &target)?;
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)?.sync_all()
}
