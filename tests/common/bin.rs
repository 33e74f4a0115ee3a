//! Running the `ess-protection` binary from a test.

use std::io::Write;
use std::process::{Command, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_bytes(args: &[&std::ffi::OsStr], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ess-protection"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let run = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "a panic: {}", run.stderr);
    assert!(!run.stderr.contains("RUST_BACKTRACE"), "a backtrace: {}", run.stderr);
    run
}

pub fn run(args: &[&str], stdin: &str) -> Run {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    run_bytes(&args, stdin.as_bytes())
}

/// Standard output must be exactly one line (one JSON object or one body line).
pub fn one_line(r: &Run) -> &str {
    let line = r.stdout.strip_suffix('\n').expect("output ends with a newline");
    assert!(!line.contains('\n'), "one line: {:?}", r.stdout);
    line
}
