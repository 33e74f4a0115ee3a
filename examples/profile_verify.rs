//! Verifies a captured request N times: the workload `benches/instructions.sh`
//! and a profiler read for signature verification.
//!
//! `cargo run --release --features signature --example profile_verify -- v3 100000`

use ess_protection::signature::Signed;

#[path = "../benches/inputs.rs"]
mod inputs;

fn main() {
    let mut args = std::env::args().skip(1);
    let raw = match args.next().as_deref() {
        Some("v1") => inputs::V1_MESSAGE,
        Some("v3") => inputs::V3_MESSAGE,
        other => {
            eprintln!("expected v1 or v3, got {other:?}");
            std::process::exit(2);
        }
    };
    let rounds: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let message = inputs::Message::parse(raw);
    let http = message.http();
    let mut ok = 0;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        let signed = Signed::read(std::hint::black_box(&http));
        ok += u32::from(signed.and_then(|s| s.verify("testsecret")).is_ok());
    }
    let elapsed = start.elapsed();
    println!(
        "{ok} of {rounds} verified, {:.0} ns each",
        elapsed.as_nanos() as f64 / f64::from(rounds.max(1))
    );
}
