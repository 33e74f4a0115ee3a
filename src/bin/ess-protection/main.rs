//! `ess-protection`: the command-line conformance tool and emulator of
//! Alibaba Cloud Auto Scaling's scale-in protection, over the
//! `ess_protection` library. This file reads the command line and hands
//! each subcommand to its file: `request`, `response`, `render`, `sign`
//! (with `verify`), `conformance` and `serve` (`sample-state` prints a file);
//! `io` holds what they share.
//!
//! Exit codes: 0 success (a valid request, a readable body, a match, full
//! conformance); 1 a rejected request, an unreadable body, a mismatch, a
//! failed conformance check; 2 a usage error or an input that cannot be read.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{Parser as ClapParser, Subcommand};
use ess_protection::signature::v3;
use ess_protection::{AnyOperation, Parser};

mod conformance;
mod io;
mod message;
mod render;
mod request;
mod response;
#[cfg(feature = "server")]
mod serve;
mod sign;

use io::{Failure, nonce, now, print, read_file, read_input, read_message, timestamp, write_bytes};
use render::Render;
use sign::SignArgs;

/// The sample state (the README's, and the Python package's default).
const SAMPLE_STATE: &str = include_str!("../../../examples/emulator/state.json");

#[derive(ClapParser)]
#[command(
    name = "ess-protection",
    version,
    about = "Check Auto Scaling's scale-in protection traffic against the reference model",
    long_about = "Check requests and responses of SetInstancesProtection and the ten \
                  operations around it against the reference model of Alibaba Cloud Auto \
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
    /// Validate a request of any of the eleven operations (by its Action): print it as JSON
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
    /// Read a response body (XML or JSON) of any of the eleven operations: print the success
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
    /// Print the sample state: a group `asg-demo` in cn-hangzhou with instances `i-web-1` …
    /// `i-web-5` (`i-web-5` in Standby), and a disabled group `asg-disabled`. A state file to
    /// start `serve` on: `ess-protection sample-state > state.json`.
    SampleState,
    /// Run the emulator: a local server that answers the eleven operations as the service
    /// does, over a state file (feature `server`). Prints `listening on http://HOST:PORT`.
    #[cfg(feature = "server")]
    Serve(serve::ServeArgs),
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
                request::request(parser.parse_http::<AnyOperation>(&message.view()))
            } else {
                request::request(parser.parse_query::<AnyOperation>(read_input(input)?))
            }
        }
        Command::Response { status, content_type, file } => {
            response::response(status, content_type.as_deref(), &read_file(file)?)
        }
        Command::Render { what } => render::render(what),
        Command::SampleState => print(SAMPLE_STATE.trim_end()).map(|()| 0),
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
        Command::Sign { sign: args, nonce, time, .. } => sign::sign(args, nonce, time),
        Command::Verify { sign, now: at, check_time } => {
            let at = match (at, check_time) {
                (Some(t), _) => Some(timestamp("--now", &t)?),
                (None, true) => Some(now()?),
                (None, false) => None,
            };
            sign::verify(sign, at)
        }
        #[cfg(feature = "server")]
        Command::Serve(args) => serve::run(args).map(|()| 0).map_err(Failure::usage),
    }
}
