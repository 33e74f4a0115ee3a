//! Runs one of the benchmark workloads in a loop, for a profiler whose
//! counts repeat exactly (callgrind), where wall time on a shared machine
//! does not:
//!
//! ```sh
//! cargo build --release --example profile_parse
//! valgrind --tool=callgrind target/release/examples/profile_parse request 2000
//! valgrind --tool=callgrind target/release/examples/profile_parse request-floor 2000
//! ```
//!
//! Workloads: `request`, `request-floor`, `success-xml`, `error-xml`,
//! `xml-floor:success`, `xml-floor:error`, `success-json`, `error-json`,
//! `json-floor:success`, `json-floor:error`.

use std::hint::black_box;

use ess_protection::{
    ErrorBody, Parser, SetInstancesProtection, SetInstancesProtectionResponse as Response,
};

#[path = "../benches/inputs.rs"]
mod inputs;

fn xml_event_loop(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut events = 0;
    while !matches!(reader.read_event(), Ok(quick_xml::events::Event::Eof) | Err(_)) {
        events += 1;
    }
    events
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "request".into());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let request = inputs::signed_request();
    let body = |kind: &str| match kind {
        "success-xml" | "xml-floor:success" => inputs::SUCCESS_XML.as_bytes(),
        "error-xml" | "xml-floor:error" => inputs::ERROR_XML.as_bytes(),
        "success-json" | "json-floor:success" => inputs::SUCCESS_JSON.as_bytes(),
        "error-json" | "json-floor:error" => inputs::ERROR_JSON.as_bytes(),
        _ => request.as_bytes(),
    };
    let bytes = black_box(body(&mode));
    let mut total = 0;
    for _ in 0..rounds {
        let bytes = black_box(bytes);
        total += match mode.as_str() {
            "request" => {
                usize::from(Parser::strict().parse_query::<SetInstancesProtection>(bytes).is_ok())
            }
            "request-floor" => form_urlencoded::parse(bytes).count(),
            "success-xml" => usize::from(Response::from_xml(bytes).is_ok()),
            "error-xml" => usize::from(ErrorBody::from_xml(bytes).is_ok()),
            "success-json" => usize::from(Response::from_json(bytes).is_ok()),
            "error-json" => usize::from(ErrorBody::from_json(bytes).is_ok()),
            m if m.starts_with("xml-floor") => xml_event_loop(bytes),
            m if m.starts_with("json-floor") => {
                usize::from(serde_json::from_slice::<serde_json::Value>(bytes).is_ok())
            }
            other => panic!("unknown workload {other}"),
        };
    }
    println!("{mode}: {total} over {rounds} rounds of {} bytes", bytes.len());
}
