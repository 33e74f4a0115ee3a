//! Parses one adversarial input of a given kind and size, once: the
//! workload whose instruction count `.ci/linear-cost` reads with callgrind
//! to show that the work per byte stays flat from 1 KiB to 1 MiB.
//!
//! `cargo run --release --features signature --example cost -- repeated-keys 65536`

use ess_protection::{AnyOperation, Parser, SetInstancesProtectionResponse as Response};

#[path = "../benches/inputs.rs"]
mod inputs;

fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_default();
    let size: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let input = inputs::adversarial(&kind, size);
    let outcome = match kind.as_str() {
        "repeated-keys" | "unknown-params" => {
            Parser::strict().parse_query::<AnyOperation>(&input).is_ok()
        }
        "long-value" => Parser::lenient().parse_query::<AnyOperation>(&input).is_ok(),
        "deep-xml" | "wide-xml" => Response::from_xml(&input).is_ok(),
        "long-json-string" => Response::from_json(&input).is_ok(),
        "many-headers" => {
            let message = inputs::Message::parse(&input);
            Parser::strict().parse_http::<AnyOperation>(&message.http()).is_ok()
        }
        #[cfg(feature = "signature")]
        "v3-many-signed" => {
            use ess_protection::signature::{self, v3};
            let message = inputs::Message::parse(&input);
            let unsigned = message.http();
            let time = "2024-06-01T08:00:00Z".parse().unwrap_or_else(|_| unreachable!());
            let headers = v3::sign(&unsigned, "k", "s", "n", time);
            let mut signed = unsigned.clone();
            for (name, value) in headers.iter() {
                signed = signed.header(name, value);
            }
            signature::verify(&signed, "s", Some(time)).is_ok()
        }
        #[cfg(feature = "signature")]
        "v1-many-params" => {
            let message = inputs::Message::parse(&input);
            ess_protection::signature::verify(&message.http(), "s", None).is_ok()
        }
        "wildcard" => {
            use ess_protection::ram::Pattern;
            let subject = String::from_utf8_lossy(&input);
            let star = Pattern::new(&("*a".repeat(100) + "*")).matches(&subject);
            let any = Pattern::new(&format!("acs:*{}z", "*a?".repeat(100))).matches(&subject);
            star && !any
        }
        "policy" => {
            use ess_protection::ram::Policy;
            let text = String::from_utf8_lossy(&input);
            text.parse::<Policy>().is_ok_and(|policy| {
                let resource = format!("acs:ess:cn-hangzhou:1:scalinggroup/{}z", "a".repeat(64));
                policy.evaluate("ess:SetInstancesProtection", &resource).is_allowed()
            })
        }
        other => {
            eprintln!("unknown kind {other:?}");
            std::process::exit(2);
        }
    };
    println!("{kind} {} bytes: {}", input.len(), if outcome { "accepted" } else { "rejected" });
}
