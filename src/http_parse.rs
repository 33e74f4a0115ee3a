//! An HTTP request to a [`Request`](crate::Request) of any operation: the query and a form
//! body as parameters, `x-acs-action` / `x-acs-version` as `Action` /
//! `Version`, and the other headers of signature V3 into [`AcsHeaders`].

use crate::acs::{AcsHeader, AcsHeaders, Authorization};
use crate::decode::Decoder;
use crate::http_request::HttpRequest;
use crate::operation::Operation;
use crate::parse::{Parsed, Parser, finish};
use crate::problem::{ProblemKind, Rejection, WarningKind};
use crate::tokenize::feed;

impl Parser {
    /// Parses an HTTP request, as today's official clients send it:
    ///
    /// - the method must be `GET` or `POST` and the path `/`, else
    ///   `InvalidAction.NotFound` (404);
    /// - parameters come from the query and, when the body is a form
    ///   (`application/x-www-form-urlencoded`), from the body; any other
    ///   non-empty body is not read, with a warning;
    /// - `x-acs-action` and `x-acs-version` (signature V3) stand for `Action`
    ///   and `Version` when the parameters are absent; when both are sent they
    ///   must agree (the 2014 Python SDK sends both), else `InvalidParameter`
    ///   naming the header;
    /// - the other `x-acs-*` headers and `Authorization` are kept in
    ///   [`Request::acs`](crate::Request::acs), validated (`x-acs-date` a
    ///   time, `Authorization` an `ACS3-HMAC-SHA256` one); other headers
    ///   (`host`, `accept`, …) are the message's, not the request's.
    ///
    /// ```
    /// use ess_protection::{AnyOperation, HttpRequest, Parser};
    ///
    /// let http = HttpRequest::new("POST", "/?InstanceIds.1=i-1&ProtectedFromScaleIn=True&ScalingGroupId=asg-1")
    ///     .header("host", "ess.aliyuncs.com")
    ///     .header("x-acs-action", "SetInstancesProtection")
    ///     .header("x-acs-version", "2022-02-22")
    ///     .header("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
    /// let request = Parser::strict().parse_http::<AnyOperation>(&http)?.request;
    /// assert!(matches!(request.operation, AnyOperation::SetInstancesProtection(_)));
    /// assert_eq!(request.version.as_str(), "2022-02-22");
    /// assert_eq!(request.acs.signature_nonce.as_deref(), Some("3156853299f313e23d1673dc12e1703d"));
    /// # Ok::<(), ess_protection::Rejection>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`Rejection`] with every problem, when the request is not valid.
    pub fn parse_http<O: Operation>(&self, http: &HttpRequest<'_>) -> Result<Parsed<O>, Rejection> {
        let mut decoder = Decoder::new(self.is_lenient());
        if !matches!(http.method, "GET" | "POST") {
            decoder.report.problem("(method)", ProblemKind::Method);
        }
        if http.path() != "/" {
            decoder.report.problem("(path)", ProblemKind::Path);
        }
        feed(&mut decoder, http.query().as_bytes());
        if http.is_form() {
            feed(&mut decoder, http.body.trim_ascii());
        } else if !http.body.is_empty() {
            let content_type = http.content_type().map(|ct| String::from_utf8_lossy(ct).into());
            decoder.report.warning("(body)", WarningKind::BodyNotRead(content_type));
        }
        let acs = headers(&mut decoder, http);
        finish(decoder, acs)
    }
}

/// Reads the API's headers: `x-acs-action` and `x-acs-version` into the
/// decoder (they stand for `Action` and `Version`), the others of signature
/// V3 into [`AcsHeaders`], reporting what is wrong with them.
fn headers<'a>(d: &mut Decoder<'a>, http: &HttpRequest<'a>) -> AcsHeaders {
    d.report.at = d.pairs.len();
    let mut acs = AcsHeaders::default();
    // Which single-valued headers have come (a repeat is a problem).
    let mut seen: Vec<AcsHeader> = Vec::new();
    for &(name, value) in &http.headers {
        let Some(header) = AcsHeader::of(name) else { continue };
        let Ok(text) = std::str::from_utf8(value.trim_ascii()) else {
            d.report.problem(name.to_ascii_lowercase(), ProblemKind::NotUtf8);
            continue;
        };
        // At most seven kinds are single-valued, so `seen` stays that short.
        if header != AcsHeader::Other {
            if seen.contains(&header) {
                // A repeated `x-acs-action` or `x-acs-version` must agree
                // with the first, as with the parameter; other repeats are
                // refused.
                let first = match header {
                    AcsHeader::Action => d.headers[0].map(|v| ("Action", v)),
                    AcsHeader::Version => d.headers[1].map(|v| ("Version", v)),
                    _ => None,
                };
                match first {
                    Some((_, first)) if first == text => {}
                    Some((parameter, first)) => {
                        let kind = ProblemKind::Disagrees { parameter, value: first.to_owned() };
                        d.report.problem(header.name(), kind);
                    }
                    None => d.report.problem(header.name(), ProblemKind::Repeated),
                }
                continue;
            }
            seen.push(header);
        }
        match header {
            AcsHeader::Action => d.headers[0] = Some(text),
            AcsHeader::Version => d.headers[1] = Some(text),
            AcsHeader::Other => acs.extra.push((name.to_ascii_lowercase(), text.to_owned())),
            AcsHeader::Date => match text.parse() {
                Ok(date) => acs.date = Some(date),
                Err(e) => d.report.problem(header.name(), ProblemKind::Value(e)),
            },
            AcsHeader::Authorization => match text.parse::<Authorization>() {
                Ok(auth) => acs.authorization = Some(auth),
                Err(e) => d.report.problem("Authorization", ProblemKind::Value(e)),
            },
            AcsHeader::SignatureNonce => acs.signature_nonce = Some(text.to_owned()),
            AcsHeader::ContentSha256 => acs.content_sha256 = Some(text.to_owned()),
            AcsHeader::SecurityToken => acs.security_token = Some(text.to_owned()),
        }
    }
    acs
}
