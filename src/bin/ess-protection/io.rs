//! What every subcommand shares: its failure (and exit code), reading its
//! input (an argument, a file, standard input, a raw HTTP message),
//! writing its output, and the clock and nonces the library never reads.

use std::ffi::OsString;
use std::io::{Read, Write};

use ess_protection::Timestamp;
use serde::Serialize;

use crate::message::Message;

/// What went wrong, and the exit code that says so.
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { code: 2, message: message.into() }
    }

    pub fn failed(message: impl Into<String>) -> Self {
        Failure { code: 1, message: message.into() }
    }
}

/// The argument's bytes, or standard input's when it is absent or `-`.
pub fn read_input(input: Option<OsString>) -> Result<Vec<u8>, Failure> {
    match input {
        Some(arg) if arg != "-" => Ok(arg.into_encoded_bytes()),
        _ => read_stdin(),
    }
}

pub fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
    Ok(bytes)
}

/// A raw HTTP message from a file, or from standard input for `-` or nothing.
pub fn read_message(file: Option<OsString>) -> Result<Message, Failure> {
    Message::parse(&read_file(file)?).map_err(Failure::failed)
}

/// The file's bytes, or standard input's when it is absent or `-`.
pub fn read_file(file: Option<OsString>) -> Result<Vec<u8>, Failure> {
    match file {
        Some(path) if path != "-" => std::fs::read(&path).map_err(|e| {
            Failure::usage(format!("cannot read {}: {}", path.to_string_lossy(), io_reason(&e)))
        }),
        _ => read_stdin(),
    }
}

/// An I/O error's reason without the "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Writes one line to standard output; a closed pipe is not an error worth a panic.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| Failure::failed(format!("cannot write standard output: {e}")))
}

/// Writes bytes to standard output as they are.
pub fn write_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::failed(format!("cannot write standard output: {e}")))
}

pub fn timestamp(option: &str, value: &str) -> Result<Timestamp, Failure> {
    value.parse().map_err(|e| Failure::usage(format!("{option}: {e}")))
}

pub fn json<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::failed(format!("cannot encode JSON: {e}")))
}

/// This machine's clock, as a Timestamp (only the binary reads the clock).
pub fn now() -> Result<Timestamp, Failure> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Failure::failed(format!("the clock is before 1970: {e}")))?
        .as_secs();
    Timestamp::from_unix_seconds(i64::try_from(seconds).unwrap_or(i64::MAX))
        .map_err(|e| Failure::failed(format!("the clock: {e}")))
}

/// A random nonce in the UUID v4 shape, from the operating system's random
/// source (or, where there is none, the clock and process id).
pub fn nonce() -> String {
    let mut bytes = [0u8; 16];
    let random = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if random.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            h.write_u128(since.map_or(0, |d| d.as_nanos()));
            h.write_u32(std::process::id());
            h.write_usize(i);
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}
