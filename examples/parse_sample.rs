//! Parses the reference page's sample request, strictly and leniently, and
//! builds a request the way a client would.
//!
//! Run with `cargo run --example parse_sample`.

use ess_protection::{InstanceIds, Parser, Request, SetInstancesProtection};

const SAMPLE: &str = include_str!("../tests/samples/request.txt");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("The reference page's sample request:\n{SAMPLE}");

    match Parser::strict().parse_query::<SetInstancesProtection>(SAMPLE) {
        Ok(parsed) => println!("strict: accepted {}", parsed.request),
        Err(rejection) => {
            let error = rejection.api_error();
            println!(
                "strict: rejected, HTTP {} {}: {}",
                rejection.http_status(),
                error.code,
                error.message
            );
            for problem in rejection.problems() {
                println!("  - {problem}");
            }
        }
    }

    let parsed = Parser::lenient().parse_query::<SetInstancesProtection>(SAMPLE)?;
    println!("\nlenient: the request it meant\n  {}", parsed.request);
    for warning in &parsed.warnings {
        println!("  warning: {warning}");
    }

    let ids: InstanceIds = vec!["i-28wt48iaa".parse()?, "i-28wt48ibb".parse()?].try_into()?;
    let mut protect =
        SetInstancesProtection::new("AG6CQdPU8OKdwLjgZcJ2eaQ".parse()?, ids, true.into());
    protect.region_id = Some("cn-hangzhou".parse()?);
    let request = Request::new(protect);
    println!("\nbuilt by a client:\n  {request}");
    Ok(())
}
