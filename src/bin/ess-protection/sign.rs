//! `sign` and `verify`: signature 1.0 of a query, V3 of a raw HTTP
//! message, and either verified.

use std::ffi::OsString;

use clap::{Args, ValueEnum};
use ess_protection::signature::Signed;
use ess_protection::signature::v1::{HttpMethod, Signer};
use ess_protection::{HttpRequest, Timestamp, parse_pairs};
use serde::Serialize;

use crate::io::{Failure, json, nonce, now, print, read_input, read_message, timestamp};

#[derive(Args)]
pub struct SignArgs {
    /// The AccessKeySecret.
    #[arg(long)]
    pub secret: String,
    /// The HTTP method the request is sent with (with --http, the message's own).
    #[arg(long, value_enum, default_value_t = Method::Get)]
    pub method: Method,
    /// Read a raw HTTP/1.1 request message from the file INPUT, or from standard input for `-`
    /// or nothing.
    #[arg(long)]
    pub http: bool,
    /// A query string, `?query`, or a whole URL; `-` or nothing reads standard input.
    /// With --http, a file.
    pub input: Option<OsString>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Method {
    #[value(name = "GET")]
    Get,
    #[value(name = "POST")]
    Post,
}

impl From<Method> for HttpMethod {
    fn from(m: Method) -> HttpMethod {
        match m {
            Method::Get => HttpMethod::Get,
            Method::Post => HttpMethod::Post,
        }
    }
}

/// The input's parameters, or a failure naming the one that is not UTF-8.
fn pairs(input: Option<OsString>) -> Result<Vec<(String, String)>, Failure> {
    parse_pairs(read_input(input)?).map_err(|p| Failure::failed(p.to_string()))
}

pub fn sign(
    args: SignArgs,
    nonce_arg: Option<String>,
    time: Option<String>,
) -> Result<u8, Failure> {
    if args.http {
        return Err(Failure::usage("--http signs with signature V3: add --v3 and --access-key-id"));
    }
    let mut params = pairs(args.input)?;
    let has = |params: &[(String, String)], name: &str| params.iter().any(|(n, _)| n == name);
    let time = match time {
        Some(t) => timestamp("--time", &t)?,
        None => now()?,
    };
    let defaults = [
        ("SignatureMethod", "HMAC-SHA1".to_owned()),
        ("SignatureVersion", "1.0".to_owned()),
        ("SignatureNonce", nonce_arg.unwrap_or_else(nonce)),
        ("Timestamp", time.to_string()),
    ];
    for (name, value) in defaults {
        if !has(&params, name) {
            params.push((name.to_owned(), value));
        }
    }
    let query = Signer::new(&args.secret).sign_params(args.method.into(), &mut params);
    print(&query)?;
    Ok(0)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct VerifyFailure {
    code: String,
    http_code: Option<u16>,
    message: String,
}

/// A query string, `?query` or URL as a request target.
fn target(input: &[u8]) -> Result<String, Failure> {
    let input = std::str::from_utf8(input.trim_ascii())
        .map_err(|_| Failure::failed("the query is not UTF-8: percent-encode it"))?;
    let is_url = ["http://", "https://"]
        .iter()
        .any(|s| input.get(..s.len()).is_some_and(|h| h.eq_ignore_ascii_case(s)));
    Ok(if is_url {
        input.to_owned()
    } else {
        format!("/?{}", input.strip_prefix('?').unwrap_or(input))
    })
}

pub fn verify(args: SignArgs, now: Option<Timestamp>) -> Result<u8, Failure> {
    let message;
    let query;
    let http = if args.http {
        message = read_message(args.input)?;
        message.view()
    } else {
        query = target(&read_input(args.input)?)?;
        HttpRequest::new(HttpMethod::from(args.method).as_str(), &query)
    };
    let result = Signed::read(&http).and_then(|signed| {
        if let Some(now) = now {
            signed.check_time(now)?;
        }
        signed.verify(&args.secret)
    });
    match result {
        Ok(()) => Ok(0),
        Err(e) => {
            let http_code = e.http_status();
            print(&json(&VerifyFailure {
                code: e.code.to_string(),
                http_code,
                message: e.message,
            })?)?;
            Ok(1)
        }
    }
}
