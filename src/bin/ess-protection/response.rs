//! `response`: a body of any operation read, its success body printed as
//! JSON or its API error (exit 0), or why it cannot be read (exit 1).

use ess_protection::{Body, Format};
use serde::Serialize;

use crate::io::{Failure, json, print};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorJson<'a> {
    http_code: Option<u16>,
    code: &'a str,
    message: &'a str,
    request_id: &'a str,
    host_id: &'a str,
    recommend: Option<&'a str>,
    retryable: bool,
}

#[derive(Serialize)]
struct ErrorWrapper<'a> {
    #[serde(rename = "Error")]
    error: ErrorJson<'a>,
}

pub fn response(
    status: Option<u16>,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<u8, Failure> {
    let parsed = Body::parse(content_type, body).map_err(|e| Failure::failed(e.to_string()))?;
    let success_status = status.map(|s| (200..300).contains(&s));
    match &parsed {
        Body::Error(e) => {
            if success_status == Some(true) {
                return Err(Failure::failed(format!(
                    "HTTP status {} is a success, but the body is an error ({})",
                    status.unwrap_or_default(),
                    e.code
                )));
            }
            let error = ErrorJson {
                http_code: status.or(e.http_status()),
                code: e.code.as_str(),
                message: &e.message,
                request_id: e.request_id.as_str(),
                host_id: &e.host_id,
                recommend: e.recommend.as_deref(),
                retryable: e.is_retryable(),
            };
            print(&json(&ErrorWrapper { error })?)?;
        }
        _ => {
            if success_status == Some(false) {
                return Err(Failure::failed(format!(
                    "HTTP status {} is not a success, but the body is a success body",
                    status.unwrap_or_default()
                )));
            }
            print(&parsed.render(Format::Json).body)?;
        }
    }
    Ok(0)
}
