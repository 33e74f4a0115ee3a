//! `request`: a request of any operation validated, printed as JSON
//! (exit 0), or the error body a server would answer, with every problem
//! (exit 1).

use ess_protection::{AnyOperation, Parsed, Rejection, Request};
use serde::Serialize;

use crate::io::{Failure, json, print};

#[derive(Serialize)]
struct Accepted<'a> {
    #[serde(flatten)]
    request: &'a Request<AnyOperation>,
    #[serde(rename = "Warnings", skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Rejected {
    http_code: u16,
    code: String,
    message: String,
    problems: Vec<ProblemJson>,
    #[serde(skip_serializing_if = "is_zero")]
    problems_omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ProblemJson {
    parameter: String,
    problem: String,
}

fn rejected(rejection: &Rejection) -> Rejected {
    let error = rejection.api_error();
    Rejected {
        http_code: rejection.http_status(),
        code: error.code.to_string(),
        message: error.message,
        problems: rejection
            .problems()
            .iter()
            .map(|p| ProblemJson { parameter: p.parameter().to_owned(), problem: p.detail() })
            .collect(),
        problems_omitted: rejection.omitted(),
    }
}

pub fn request(result: Result<Parsed<AnyOperation>, Rejection>) -> Result<u8, Failure> {
    match result {
        Ok(parsed) => {
            let warnings = parsed.warnings.iter().map(ToString::to_string).collect();
            print(&json(&Accepted { request: &parsed.request, warnings })?)?;
            Ok(0)
        }
        Err(rejection) => {
            print(&json(&rejected(&rejection))?)?;
            Ok(1)
        }
    }
}
