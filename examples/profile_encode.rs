//! Encodes the benchmark's signed 20-instance request N times (canonical
//! query string): a workload for a profiler.
//!
//! `cargo run --release --example profile_encode -- 100000`

#[path = "../benches/inputs.rs"]
mod inputs;

fn main() {
    let rounds: u32 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let request: ess_protection::Request<ess_protection::SetInstancesProtection> =
        inputs::signed_request().parse().unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
    let start = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..rounds {
        bytes += std::hint::black_box(&request).to_query().len();
    }
    let each = start.elapsed().as_nanos() as f64 / f64::from(rounds.max(1));
    println!("{bytes} bytes encoded, {each:.0} ns each");
}
