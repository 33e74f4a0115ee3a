//! An HTTP request to a [`Request`](crate::Request): the query and a form
//! body as parameters, `x-acs-action` / `x-acs-version` as `Action` /
//! `Version`, and the other headers of signature V3 into [`AcsHeaders`].

use crate::acs::{AcsHeader, AcsHeaders, Authorization};
use crate::message::HttpRequest;
use crate::param::Param;
use crate::parse::{Parsed, Parser, State};
use crate::problem::{ProblemKind, Rejection, WarningKind};

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
    /// use ess_protection::{HttpRequest, Parser};
    ///
    /// let http = HttpRequest::new("POST", "/?InstanceIds.1=i-1&ProtectedFromScaleIn=True&ScalingGroupId=asg-1")
    ///     .header("host", "ess.aliyuncs.com")
    ///     .header("x-acs-action", "SetInstancesProtection")
    ///     .header("x-acs-version", "2022-02-22")
    ///     .header("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
    /// let request = Parser::strict().parse_http(&http)?.request;
    /// assert_eq!(request.version.as_str(), "2022-02-22");
    /// assert_eq!(request.acs.signature_nonce.as_deref(), Some("3156853299f313e23d1673dc12e1703d"));
    /// # Ok::<(), ess_protection::Rejection>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`Rejection`] with every problem, when the request is not valid.
    pub fn parse_http(&self, http: &HttpRequest<'_>) -> Result<Parsed, Rejection> {
        let mut state = State::new(self.is_lenient());
        if !matches!(http.method, "GET" | "POST") {
            state.problem("(method)", ProblemKind::Method);
        }
        if http.path() != "/" {
            state.problem("(path)", ProblemKind::Path);
        }
        state.feed(http.query().as_bytes());
        if http.is_form() {
            state.feed(http.body.trim_ascii());
        } else if !http.body.is_empty() {
            let content_type = http.content_type().map(|ct| String::from_utf8_lossy(ct).into());
            state.warning("(body)", WarningKind::BodyNotRead(content_type));
        }
        let acs = headers(&mut state, http);
        state.finish(acs)
    }
}

/// Reads the API's headers into the state (`Action`, `Version`) and into
/// the V3 headers, reporting what is wrong with them.
fn headers<'a>(state: &mut State<'a>, http: &HttpRequest<'a>) -> AcsHeaders {
    let mut acs = AcsHeaders::default();
    // Which single-valued headers have come (a repeat is a problem).
    let mut seen: Vec<AcsHeader> = Vec::new();
    for &(name, value) in &http.headers {
        let Some(header) = AcsHeader::of(name) else { continue };
        let Ok(text) = std::str::from_utf8(value.trim_ascii()) else {
            state.problem(name.to_ascii_lowercase(), ProblemKind::NotUtf8);
            continue;
        };
        // At most five kinds are single-valued, so `seen` stays that short.
        let single = !matches!(header, AcsHeader::Action | AcsHeader::Version | AcsHeader::Other);
        if single {
            if seen.contains(&header) {
                state.problem(header.name(), ProblemKind::Repeated);
                continue;
            }
            seen.push(header);
        }
        match header {
            AcsHeader::Action => state.header_param(Param::Action, header.name(), text),
            AcsHeader::Version => state.header_param(Param::Version, header.name(), text),
            AcsHeader::Other => acs.extra.push((name.to_ascii_lowercase(), text.to_owned())),
            AcsHeader::Date => match text.parse() {
                Ok(date) => acs.date = Some(date),
                Err(e) => state.problem(header.name(), ProblemKind::Value(e)),
            },
            AcsHeader::Authorization => match text.parse::<Authorization>() {
                Ok(auth) => acs.authorization = Some(auth),
                Err(e) => state.problem("Authorization", ProblemKind::Value(e)),
            },
            AcsHeader::SignatureNonce => acs.signature_nonce = Some(text.to_owned()),
            AcsHeader::ContentSha256 => acs.content_sha256 = Some(text.to_owned()),
            AcsHeader::SecurityToken => acs.security_token = Some(text.to_owned()),
        }
    }
    acs
}
