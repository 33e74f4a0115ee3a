//! `ess-protection`: a command-line conformance tool for Alibaba Cloud Auto
//! Scaling's `SetInstancesProtection` API, over the `ess_protection` library.
//!
//! Exit codes: 0 success (a valid request, a readable body, a match, full
//! conformance); 1 a rejected request, an unreadable body, a mismatch, a
//! failed conformance check; 2 a usage error or an input that cannot be read.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser as ClapParser, Subcommand, ValueEnum};
use ess_protection::signature::v1::{HttpMethod, Signer};
use ess_protection::signature::{Signed, v3};
use ess_protection::{
    AnyOperation, ApiError, Body, ErrorBody, ErrorCode, Format, HttpRequest, Parsed, Parser,
    Rejection, RemoveInstancesResponse, Request, RequestId, SetInstancesProtectionResponse,
    Timestamp, parse_pairs,
};
use serde::Serialize;

mod conformance;
mod message;
#[cfg(feature = "server")]
mod serve;

use message::Message;

#[derive(ClapParser)]
#[command(
    name = "ess-protection",
    version,
    about = "Check Auto Scaling's scale-in protection traffic against the reference model",
    long_about = "Check SetInstancesProtection, DescribeScalingInstances and RemoveInstances \
                  requests and responses against the reference model of Alibaba Cloud Auto \
                  Scaling's API, render bodies for mocks, sign and verify requests, run the \
                  emulator. Output is one JSON object (or one body) on standard output.\n\n\
                  Exit codes: 0 success; 1 rejected, unreadable, mismatched or non-conforming; \
                  2 usage error or unreadable input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a request of any of the three operations (by its Action): print it as JSON
    /// (exit 0) or the error body a server would answer (exit 1).
    Request {
        /// Repair the reference page's own sample defects, with a warning for each.
        #[arg(long)]
        lenient: bool,
        /// Read a raw HTTP/1.1 request message (request line, headers, blank line, body) from
        /// the file INPUT, or from standard input for `-` or nothing.
        #[arg(long)]
        http: bool,
        /// A query string, `?query`, or a whole URL; `-` or nothing reads standard input
        /// (a query string or a form body). With --http, a file.
        input: Option<OsString>,
    },
    /// Read a response body (XML or JSON) of any of the three operations: print the success
    /// body as JSON or the API error (exit 0), or say why it cannot be read (exit 1).
    Response {
        /// The HTTP status the body came with; one that contradicts the body is an error.
        #[arg(long)]
        status: Option<u16>,
        /// The Content-Type it came with; otherwise the body's first character decides.
        #[arg(long)]
        content_type: Option<String>,
        /// A file holding the body; `-` or nothing reads standard input.
        file: Option<OsString>,
    },
    /// Render a body or encode a request, for mocks and clients.
    Render {
        #[command(subcommand)]
        what: Render,
    },
    /// Run every sample of the reference page through the library and report.
    Conformance,
    /// Sign a request. Signature 1.0 (the default): add SignatureMethod, SignatureVersion,
    /// SignatureNonce and Timestamp when absent, and print the signed query string. With --v3
    /// --http: sign a raw HTTP message with ACS3-HMAC-SHA256 and print it with its signing
    /// headers (x-acs-date, x-acs-signature-nonce, x-acs-content-sha256, Authorization).
    Sign {
        #[command(flatten)]
        sign: SignArgs,
        /// Sign with signature V3 (ACS3-HMAC-SHA256); needs --http and --access-key-id.
        #[arg(long, requires = "http", requires = "access_key_id")]
        v3: bool,
        /// The AccessKeyId (V3; for 1.0 it is the AccessKeyId parameter).
        #[arg(long)]
        access_key_id: Option<String>,
        /// The nonce, instead of a random one.
        #[arg(long)]
        nonce: Option<String>,
        /// The time (YYYY-MM-DDThh:mm:ssZ), instead of this machine's clock.
        #[arg(long)]
        time: Option<String>,
    },
    /// Verify a request's signature (1.0, or V3 with --http): exit 0 on a match, else print
    /// {"Code","HttpCode","Message"} (exit 1).
    Verify {
        #[command(flatten)]
        sign: SignArgs,
        /// Also check the request's time (Timestamp, x-acs-date) against this instant
        /// (YYYY-MM-DDThh:mm:ssZ): valid for 31 minutes (1.0) or 15 (V3) either side.
        #[arg(long, conflicts_with = "check_time")]
        now: Option<String>,
        /// Also check the request's time against this machine's clock.
        #[arg(long)]
        check_time: bool,
    },
    /// Run the emulator: a local server that answers SetInstancesProtection,
    /// DescribeScalingInstances and RemoveInstances as the service does, over a state file
    /// (feature `server`). Prints `listening on http://HOST:PORT`.
    #[cfg(feature = "server")]
    Serve(serve::ServeArgs),
}

#[derive(Args)]
struct SignArgs {
    /// The AccessKeySecret.
    #[arg(long)]
    secret: String,
    /// The HTTP method the request is sent with (with --http, the message's own).
    #[arg(long, value_enum, default_value_t = Method::Get)]
    method: Method,
    /// Read a raw HTTP/1.1 request message from the file INPUT, or from standard input for `-`
    /// or nothing.
    #[arg(long)]
    http: bool,
    /// A query string, `?query`, or a whole URL; `-` or nothing reads standard input.
    /// With --http, a file.
    input: Option<OsString>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Method {
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

#[derive(Clone, Copy, ValueEnum)]
enum BodyFormat {
    Json,
    Xml,
}

impl From<BodyFormat> for Format {
    fn from(f: BodyFormat) -> Format {
        match f {
            BodyFormat::Json => Format::Json,
            BodyFormat::Xml => Format::Xml,
        }
    }
}

#[derive(Subcommand)]
enum Render {
    /// A success body of SetInstancesProtection, or of RemoveInstances with
    /// --scaling-activity-id.
    Success {
        /// The RequestId.
        #[arg(long)]
        request_id: String,
        /// RemoveInstances's ScalingActivityId: renders that operation's body.
        #[arg(long)]
        scaling_activity_id: Option<String>,
        #[arg(long, value_enum, default_value_t = BodyFormat::Json)]
        format: BodyFormat,
    },
    /// An error body, by code, with the catalog's message naming --arg.
    Error {
        /// The error code, e.g. InvalidInstanceId.NotFound.
        #[arg(long)]
        code: String,
        /// The RequestId.
        #[arg(long)]
        request_id: String,
        /// The HostId.
        #[arg(long, default_value = "ess.aliyuncs.com")]
        host_id: String,
        /// What the message names: a parameter (MissingParameter, InvalidParameter) or an
        /// instance id (InvalidInstanceId.NotFound).
        #[arg(long, default_value = "")]
        arg: String,
        /// The message, instead of the catalog's (required for an unknown code).
        #[arg(long)]
        message: Option<String>,
        /// A Recommend link.
        #[arg(long)]
        recommend: Option<String>,
        #[arg(long, value_enum, default_value_t = BodyFormat::Json)]
        format: BodyFormat,
    },
    /// Encode a request given as JSON (the shape `request` prints) as the canonical query string.
    Request {
        /// The JSON; `-` or nothing reads standard input.
        input: Option<OsString>,
    },
}

/// What went wrong, and the exit code that says so.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure { code: 2, message: message.into() }
    }

    fn failed(message: impl Into<String>) -> Self {
        Failure { code: 1, message: message.into() }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0), errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            // A closed or full standard error loses the message, not the exit code.
            let _ = writeln!(std::io::stderr().lock(), "ess-protection: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn run(command: Command) -> Result<u8, Failure> {
    match command {
        Command::Request { lenient, http, input } => {
            let parser = if lenient { Parser::lenient() } else { Parser::strict() };
            if http {
                let message = read_message(input)?;
                request(parser.parse_http::<AnyOperation>(&message.view()))
            } else {
                request(parser.parse_query::<AnyOperation>(read_input(input)?))
            }
        }
        Command::Response { status, content_type, file } => {
            response(status, content_type.as_deref(), &read_file(file)?)
        }
        Command::Render { what } => render(what),
        Command::Conformance => {
            let report = conformance::run();
            print(&report.text)?;
            Ok(u8::from(report.failed > 0))
        }
        Command::Sign { sign: args, v3: true, access_key_id, nonce: n, time } => {
            let mut message = read_message(args.input)?;
            let time = match time {
                Some(t) => timestamp("--time", &t)?,
                None => now()?,
            };
            let key_id = access_key_id.unwrap_or_default();
            let nonce = n.unwrap_or_else(nonce);
            let headers = v3::sign(&message.view(), &key_id, &args.secret, &nonce, time);
            message.replace_headers(&headers.iter().collect::<Vec<_>>());
            write_bytes(&message.to_bytes())?;
            Ok(0)
        }
        Command::Sign { sign: args, nonce, time, .. } => sign(args, nonce, time),
        Command::Verify { sign, now: at, check_time } => {
            let at = match (at, check_time) {
                (Some(t), _) => Some(timestamp("--now", &t)?),
                (None, true) => Some(now()?),
                (None, false) => None,
            };
            verify(sign, at)
        }
        #[cfg(feature = "server")]
        Command::Serve(args) => serve::run(args).map(|()| 0).map_err(Failure::usage),
    }
}

/// The argument's bytes, or standard input's when it is absent or `-`.
fn read_input(input: Option<OsString>) -> Result<Vec<u8>, Failure> {
    match input {
        Some(arg) if arg != "-" => Ok(arg.into_encoded_bytes()),
        _ => read_stdin(),
    }
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
    Ok(bytes)
}

/// A raw HTTP message from a file, or from standard input for `-` or nothing.
fn read_message(file: Option<OsString>) -> Result<Message, Failure> {
    Message::parse(&read_file(file)?).map_err(Failure::failed)
}

/// The file's bytes, or standard input's when it is absent or `-`.
fn read_file(file: Option<OsString>) -> Result<Vec<u8>, Failure> {
    match file {
        Some(path) if path != "-" => std::fs::read(&path).map_err(|e| {
            Failure::usage(format!("cannot read {}: {}", path.to_string_lossy(), io_reason(&e)))
        }),
        _ => read_stdin(),
    }
}

/// An I/O error's reason without the "(os error N)" suffix.
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Writes one line to standard output; a closed pipe is not an error worth a panic.
fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| Failure::failed(format!("cannot write standard output: {e}")))
}

/// Writes bytes to standard output as they are.
fn write_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::failed(format!("cannot write standard output: {e}")))
}

fn timestamp(option: &str, value: &str) -> Result<Timestamp, Failure> {
    value.parse().map_err(|e| Failure::usage(format!("{option}: {e}")))
}

fn json<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::failed(format!("cannot encode JSON: {e}")))
}

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

fn request(result: Result<Parsed<AnyOperation>, Rejection>) -> Result<u8, Failure> {
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

fn response(status: Option<u16>, content_type: Option<&str>, body: &[u8]) -> Result<u8, Failure> {
    let parsed = Body::parse(content_type, body).map_err(|e| Failure::failed(e.to_string()))?;
    let success_status = status.map(|s| (200..300).contains(&s));
    let success = match &parsed {
        Body::SetInstancesProtection(r) => Some(r.to_json()),
        Body::DescribeScalingInstances(r) => Some(r.to_json()),
        Body::RemoveInstances(r) => Some(r.to_json()),
        _ => None,
    };
    match parsed {
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
            print(&success.unwrap_or_default())?;
        }
    }
    Ok(0)
}

fn request_id(s: &str) -> Result<RequestId, Failure> {
    s.parse().map_err(|e| Failure::usage(format!("--request-id: {e}")))
}

fn render(what: Render) -> Result<u8, Failure> {
    let text = match what {
        Render::Success { request_id: id, scaling_activity_id: None, format } => {
            SetInstancesProtectionResponse::new(request_id(&id)?).render(format.into()).body
        }
        Render::Success { request_id: id, scaling_activity_id: Some(activity), format } => {
            let activity = activity
                .parse()
                .map_err(|e| Failure::usage(format!("--scaling-activity-id: {e}")))?;
            RemoveInstancesResponse::new(activity, request_id(&id)?).render(format.into()).body
        }
        Render::Error { code, request_id: id, host_id, arg, message, recommend, format } => {
            let code: ErrorCode =
                code.parse().map_err(|e| Failure::usage(format!("--code: {e}")))?;
            let mut error = ApiError::new(code, &arg);
            match message {
                Some(m) => error.message = m,
                None if !error.code.is_known() => {
                    return Err(Failure::usage(format!(
                        "--code {} is not in the catalog: give its --message",
                        error.code
                    )));
                }
                None => {}
            }
            let mut body = ErrorBody::new(error, request_id(&id)?, host_id);
            body.recommend = recommend;
            body.render(format.into()).body
        }
        Render::Request { input } => {
            let bytes = read_input(input)?;
            let mut value: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| Failure::failed(format!("request JSON: {e}")))?;
            // The shape `request` prints may carry its warnings: not a parameter.
            if let Some(object) = value.as_object_mut() {
                object.remove("Warnings");
            }
            let request: Request<AnyOperation> = serde_json::from_value(value)
                .map_err(|e| Failure::failed(format!("request JSON: {e}")))?;
            request.to_query()
        }
    };
    print(text.trim_end())?;
    Ok(0)
}

/// The input's parameters, or a failure naming the one that is not UTF-8.
fn pairs(input: Option<OsString>) -> Result<Vec<(String, String)>, Failure> {
    parse_pairs(read_input(input)?).map_err(|p| Failure::failed(p.to_string()))
}

fn sign(args: SignArgs, nonce_arg: Option<String>, time: Option<String>) -> Result<u8, Failure> {
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

fn verify(args: SignArgs, now: Option<Timestamp>) -> Result<u8, Failure> {
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

/// This machine's clock, as a Timestamp (only the binary reads the clock).
fn now() -> Result<Timestamp, Failure> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Failure::failed(format!("the clock is before 1970: {e}")))?
        .as_secs();
    Timestamp::from_unix_seconds(i64::try_from(seconds).unwrap_or(i64::MAX))
        .map_err(|e| Failure::failed(format!("the clock: {e}")))
}

/// A random nonce in the UUID v4 shape, from the operating system's random
/// source (or, where there is none, the clock and process id).
fn nonce() -> String {
    let mut bytes = [0u8; 16];
    let random = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if random.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            h.write_u128(since.map_or(0, |d| d.as_nanos()));
            h.write_u32(std::process::id());
            h.write_usize(i);
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}
