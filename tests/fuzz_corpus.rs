//! The fuzz targets' bodies over the committed corpus (`fuzz/corpus/`), on
//! the stable toolchain: every input that once crashed a target stays a
//! regression test here.

#[allow(dead_code)] // the bodies' helpers are shared with the fuzz binaries
#[path = "../fuzz/bodies.rs"]
mod bodies;

use std::path::Path;

/// Runs `body` over every file of `fuzz/corpus/<target>/`; returns how many.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let outcome = std::panic::catch_unwind(|| body(&data));
        assert!(outcome.is_ok(), "fuzz input {} fails", file.display());
    }
    files.len()
}

#[test]
fn request_corpus() {
    assert!(replay("request", bodies::request) >= 10);
}

#[test]
fn response_corpus() {
    assert!(replay("response", bodies::response) >= 8);
}

#[test]
fn request_roundtrip_corpus() {
    assert!(replay("request_roundtrip", bodies::request_roundtrip) >= 2);
}

#[test]
fn response_roundtrip_corpus() {
    assert!(replay("response_roundtrip", bodies::response_roundtrip) >= 2);
}

#[cfg(feature = "signature")]
#[test]
fn http_corpus() {
    assert!(replay("http", bodies::http) >= 4);
}

#[test]
fn policy_corpus() {
    assert!(replay("policy", bodies::policy) >= 5);
}
