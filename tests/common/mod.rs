//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test file uses some of them

use ess_protection::{Parsed, Rejection};

/// The reference page's sample request, exactly as printed.
pub const SAMPLE_REQUEST: &str = include_str!("../samples/request.txt");

/// A valid signed request of the reference page's version.
pub const VALID: &str = "Action=SetInstancesProtection&Version=2014-08-28\
    &ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ&InstanceId.1=i-28wt48iaa\
    &InstanceId.2=i-28wt48ibb&ProtectedFromScaleIn=true";

/// Runs `f` with insta writing to the top-level `snapshots/` folder.
pub fn snapshots<R>(f: impl FnOnce() -> R) -> R {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(f)
}

/// A readable account of a parse: the request (as JSON) and warnings, or
/// the error body a server answers and every problem.
pub fn report(result: &Result<Parsed, Rejection>) -> String {
    let mut out = String::new();
    match result {
        Ok(parsed) => {
            out.push_str("accepted\n");
            out.push_str(&serde_json::to_string_pretty(&parsed.request).unwrap());
            out.push_str("\ncanonical: ");
            out.push_str(&parsed.request.to_query());
            out.push('\n');
            for w in &parsed.warnings {
                out.push_str(&format!("warning: {w}\n"));
            }
        }
        Err(rejection) => {
            let e = rejection.api_error();
            out.push_str(&format!(
                "rejected: HTTP {} {}\nmessage: {}\n",
                rejection.http_status(),
                e.code,
                e.message
            ));
            for p in rejection.problems() {
                out.push_str(&format!("problem: {p}\n"));
            }
            if rejection.omitted() > 0 {
                out.push_str(&format!("omitted: {}\n", rejection.omitted()));
            }
            for w in rejection.warnings() {
                out.push_str(&format!("warning: {w}\n"));
            }
        }
    }
    out
}
