//! The official clients against `ess-protection serve`: the Python SDKs
//! (2014-08-28 with signature 1.0; 2022-02-22 with V3 and with 1.0) and
//! Node's `@alicloud/pop-core` (GET and POST, both versions) run their
//! scenarios of the three operations and the Terraform provider's flow
//! (`tests/emulator/sdk.py`, `tests/emulator/pop_core.js`), and the
//! README's emulator snippet runs as written.
//!
//! The clients are installed by `tests/clients/run` into `target/clients`,
//! which then runs this test with `ESS_REQUIRE_CLIENTS=1`; a plain `cargo
//! test` without them says it skipped.
#![cfg(feature = "server")]

#[path = "common/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

use server::*;

/// The installed clients, or None (a skip) when they are not installed and
/// not required.
fn clients() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/clients");
    let dir = std::env::var_os("ESS_CLIENTS_DIR").map_or(dir, PathBuf::from);
    let installed = dir.join("venv/bin/python").exists()
        && dir.join("node/node_modules/@alicloud/pop-core").exists();
    let required = std::env::var_os("ESS_REQUIRE_CLIENTS").is_some_and(|v| v == "1");
    assert!(installed || !required, "the official clients are not installed in {}", dir.display());
    if !installed {
        eprintln!("skipped: the official clients are not installed; run tests/clients/run");
    }
    installed.then_some(dir)
}

/// A server on a new copy of `STATE` with the test key and the keys with RAM
/// policies of `tests/emulator/keys.json`.
fn start_with_keys(name: &str) -> Server {
    let file = folder(name).join("state.json");
    std::fs::write(&file, STATE).unwrap();
    let keys = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulator/keys.json");
    let key = format!("{KEY_ID}:{SECRET}");
    Server::start_on(&file, &["--access-key", &key, "--keys", keys.to_str().unwrap()])
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/emulator/state.json")
}

/// Runs a client script; its standard output, after checking it passed
/// with exactly `checks` checks.
fn run_script(command: &mut Command, checks: usize, last: &str) -> String {
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stdout.lines().filter(|l| l.starts_with("ok ")).count(), checks, "{stdout}");
    assert_eq!(stdout.lines().last(), Some(last), "{stdout}");
    stdout
}

#[test]
fn the_python_sdks_against_the_emulator() {
    let Some(dir) = clients() else { return };
    let server = start_with_keys("python");
    let stdout = run_script(
        Command::new(dir.join("venv/bin/python"))
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulator/sdk.py"))
            .arg(server.port.to_string())
            .arg(sample()),
        // Three clients, each: the workflow (6), every error (15, and 16 for the
        // two 2022 clients, which may leave RegionId out), the Terraform flow (2),
        // the operations of capacity (10: two flows, 8 errors), a deployment's
        // group and instance states (8: the flow, 7 errors), RAM (10: 6
        // refusals, 4 keys' allowed work).
        155,
        "all Python clients passed",
    );
    eprintln!("{stdout}");
}

#[test]
fn pop_core_against_the_emulator() {
    let Some(dir) = clients() else { return };
    let server = start_with_keys("node");
    let stdout = run_script(
        Command::new("node")
            .env("NODE_PATH", dir.join("node/node_modules"))
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulator/pop_core.js"))
            .arg(server.port.to_string())
            .arg(sample()),
        // GET and POST, two versions, each: the workflow (6), every error (16),
        // the Terraform flow (2), the operations of capacity (6: two flows, 4
        // errors), a deployment's states (4: the flow, 3 errors), RAM (10).
        176,
        "all Node clients passed",
    );
    eprintln!("{stdout}");
}

/// The README's snippet, as written, against a server on the sample state
/// (its address changed to the test server's).
#[test]
fn the_readme_emulator_snippet_runs() {
    let Some(dir) = clients() else { return };
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section =
        readme.split("## Test your code against the emulator").nth(1).expect("the README section");
    let snippet = section
        .split("```python\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a python block");
    let server = Server::start("readme", STATE);
    let snippet = snippet.replace("127.0.0.1:8080", &format!("127.0.0.1:{}", server.port));
    let out = Command::new(dir.join("venv/bin/python")).arg("-c").arg(&snippet).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        stdout,
        "protected ['i-web-1']\nremoved ['i-web-2', 'i-web-3', 'i-web-4']\nleft ['i-web-5']\n"
    );
    assert_eq!(server.instance_state("i-web-1"), None);
}
