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

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ess_protection::ApiError;
use ess_protection::model::State;

/// The state, in memory and on disk.
pub struct Store {
    path: PathBuf,
    memory: Mutex<Numbered>,
    /// The number of the last change the file holds.
    durable: AtomicU64,
    /// Held while the file is written, so that writes never overtake each other.
    disk: Mutex<()>,
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
            disk: Mutex::new(()),
        })
    }

    /// A summary for the log: groups and instances.
    pub fn summary(&self) -> (usize, usize) {
        let memory = self.memory();
        (memory.state.groups().len(), memory.state.instance_count())
    }

    fn memory(&self) -> MutexGuard<'_, Numbered> {
        // The model never panics while the lock is held; if it ever did, the
        // state it left is still a valid `State` (every change is all or nothing).
        self.memory.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `change` on the state; when it reports a change, numbers it.
    /// Returns its result and the number of the last change it saw, which
    /// must be durable before the answer goes out (an error, too, may
    /// depend on a change not yet on disk).
    pub fn change<T>(
        &self,
        change: impl FnOnce(&mut State) -> Result<(T, bool), ApiError>,
    ) -> (Result<T, ApiError>, u64) {
        let mut memory = self.memory();
        let result = change(&mut memory.state);
        let value = result.map(|(value, changed)| {
            if changed {
                memory.seq += 1;
            }
            value
        });
        (value, memory.seq)
    }

    /// The state as JSON, and the number of the last change it holds.
    pub fn read(&self) -> (String, u64) {
        let memory = self.memory();
        (memory.state.to_string(), memory.seq)
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
        let (text, now) = self.read();
        write_atomically(&self.path, text.as_bytes())?;
        self.durable.store(now, Ordering::Release);
        Ok(())
    }
}

/// Replaces the file at `path` with `bytes` so that a crash at any instant
/// leaves the old content or the new: a temporary file beside it, flushed
/// to the disk, renamed over it, and the folder flushed.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tmp");
    let temporary = path.with_file_name(name);
    let mut file = File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temporary, path)?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)?.sync_all()
}
