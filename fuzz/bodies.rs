//! The bodies of the fuzz targets. The cargo-fuzz binaries call them, and
//! so does the library's `tests/fuzz_corpus.rs`, over the committed corpus,
//! on the stable toolchain: every input that once failed stays a test.
//!
//! Each body asserts invariants; a failed assertion is a finding.

use arbitrary::{Arbitrary, Unstructured};
use ess_protection::{
    ApiVersion, Body, ErrorBody, ErrorCode, ExtraParams, Format, InstanceId, InstanceIds, Parser,
    Request, RequestId, Response, ScalingGroupId, Timestamp, read_response,
};

/// The request parser on arbitrary bytes. The first byte chooses: bit 0
/// lenient, bit 1 query + form body (split at the first NUL byte).
pub fn request(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else { return };
    let parser = if flags & 1 == 0 { Parser::strict() } else { Parser::lenient() };
    let result = if flags & 2 == 0 {
        parser.parse_query(rest)
    } else {
        let at = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        parser.parse_form(&rest[..at], rest.get(at + 1..).unwrap_or_default())
    };
    match result {
        Ok(parsed) => {
            // Whatever is accepted encodes canonically and parses back equal.
            let query = parsed.request.to_query();
            let again = Parser::strict().parse_query(&query).expect("its own encoding parses");
            assert_eq!(again.request, parsed.request);
            assert_eq!(again.request.to_query(), query);
        }
        Err(rejection) => {
            assert!(!rejection.problems().is_empty());
            assert!(rejection.problems().len() <= 200);
            let error = rejection.api_error();
            assert!(matches!(
                error.code,
                ErrorCode::MissingParameter
                    | ErrorCode::InvalidParameter
                    | ErrorCode::UnsupportedOperation
                    | ErrorCode::NoSuchVersion
            ));
            assert_eq!(rejection.http_status(), 400);
            assert!(!error.message.is_empty());
        }
    }
}

/// The response parsers on arbitrary bytes. The first byte chooses the
/// content type (bits 0–1: none, XML, JSON, other) and whether an HTTP
/// status follows in the next two bytes (bit 2).
pub fn response(data: &[u8]) {
    let Some((&flags, mut rest)) = data.split_first() else { return };
    let content_type =
        [None, Some("text/xml;charset=utf-8"), Some("application/json"), Some("text/html")]
            [usize::from(flags & 3)];
    let status = if flags & 4 != 0 && rest.len() >= 2 {
        let s = u16::from_be_bytes([rest[0], rest[1]]);
        rest = &rest[2..];
        Some(s)
    } else {
        None
    };
    let _ = Response::from_xml(rest);
    let _ = Response::from_json(rest);
    let _ = ErrorBody::from_xml(rest);
    let _ = ErrorBody::from_json(rest);
    if let Some(status) = status {
        let _ = read_response(status, content_type, rest);
    }
    let Ok(body) = Body::parse(content_type, rest) else { return };
    // What is read renders in the same format and reads back equal.
    let xml_first = rest.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|&b| b == b'<');
    let is_xml = match content_type {
        Some(ct) if ct.contains("xml") => true,
        Some(ct) if ct.contains("json") => false,
        _ => xml_first,
    };
    match &body {
        Body::Success(r) => {
            let text = if is_xml { r.to_xml() } else { r.to_json() };
            assert_eq!(Body::parse(content_type, text.as_bytes()).as_ref(), Ok(&body), "{text}");
        }
        Body::Error(e) => {
            let text = if is_xml { e.to_xml() } else { e.to_json() };
            assert_eq!(Body::parse(content_type, text.as_bytes()).as_ref(), Ok(&body), "{text}");
        }
    }
}

#[derive(Arbitrary, Debug)]
struct RawRequest {
    v2022: bool,
    group: String,
    ids: Vec<String>,
    protected: bool,
    owner_id: Option<i64>,
    resource_owner_account: Option<String>,
    region_id: Option<String>,
    xml: Option<bool>,
    access_key_id: Option<String>,
    signature: Option<String>,
    nonce: Option<String>,
    timestamp: Option<u32>,
    extra: Vec<(String, String)>,
}

/// Round trips of a generated valid request: canonical encoding, both
/// parsers, JSON; and the encoding is stable.
pub fn request_roundtrip(data: &[u8]) {
    let Ok(raw) = RawRequest::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let Ok(group) = ScalingGroupId::try_from(raw.group) else { return };
    let ids: Vec<InstanceId> =
        raw.ids.into_iter().filter_map(|s| InstanceId::try_from(s).ok()).collect();
    let Ok(ids) = InstanceIds::try_from(ids) else { return };
    let mut r = Request::new(group, ids, raw.protected.into());
    r.version = if raw.v2022 { ApiVersion::V2022_02_22 } else { ApiVersion::V2014_08_28 };
    r.owner_id = raw.owner_id;
    r.resource_owner_account = raw.resource_owner_account;
    r.region_id = raw.region_id;
    r.common.format = raw.xml.map(|x| if x { Format::Xml } else { Format::Json });
    r.common.access_key_id = raw.access_key_id;
    r.common.signature = raw.signature;
    r.common.signature_nonce = raw.nonce;
    r.common.timestamp =
        raw.timestamp.and_then(|t| Timestamp::from_unix_seconds(i64::from(t)).ok());
    let mut extra = ExtraParams::new();
    for (name, value) in raw.extra {
        let _ = extra.insert(name, value);
    }
    r.extra = extra;

    let query = r.to_query();
    for parser in [Parser::strict(), Parser::lenient()] {
        let parsed = parser.parse_query(&query).expect("a valid request's encoding parses");
        assert_eq!(parsed.request, r);
        assert_eq!(parsed.request.to_query(), query, "the encoding is stable");
    }
    let json = serde_json_text(&r);
    let back: Request = serde_json::from_str(&json).expect("its JSON parses");
    assert_eq!(back, r);
}

fn serde_json_text(r: &Request) -> String {
    serde_json::to_string(r).expect("a request serializes")
}

#[derive(Arbitrary, Debug)]
struct RawBody {
    request_id: String,
    error: Option<(String, String, String, Option<String>)>,
    extra: Vec<(u8, String)>,
}

/// Round trips of generated success and error bodies, in XML and in JSON.
pub fn response_roundtrip(data: &[u8]) {
    let Ok(raw) = RawBody::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let Ok(request_id) = RequestId::try_from(raw.request_id) else { return };
    // Extra fields under names both formats carry, unique, not the model's.
    let mut extra: Vec<(String, serde_json::Value)> = Vec::new();
    for (n, value) in raw.extra {
        let name = format!("Extra{n}");
        if extra.iter().all(|(seen, _)| *seen != name) {
            extra.push((name, serde_json::Value::String(value)));
        }
    }
    match raw.error {
        None => {
            let mut r = Response::new(request_id);
            r.extra = extra;
            assert_eq!(Response::from_xml(r.to_xml().as_bytes()).as_ref(), Ok(&r));
            assert_eq!(Response::from_json(r.to_json().as_bytes()).as_ref(), Ok(&r));
        }
        Some((host_id, code, message, recommend)) => {
            let Ok(code) = code.parse::<ErrorCode>() else { return };
            let mut e =
                ErrorBody::new(ess_protection::ApiError { code, message }, request_id, host_id);
            e.recommend = recommend;
            e.extra = extra;
            assert_eq!(ErrorBody::from_xml(e.to_xml().as_bytes()).as_ref(), Ok(&e));
            assert_eq!(ErrorBody::from_json(e.to_json().as_bytes()).as_ref(), Ok(&e));
            assert_eq!(e.code.as_str().parse::<ErrorCode>().as_ref(), Ok(&e.code));
        }
    }
}

#[cfg(feature = "signature")]
#[derive(Arbitrary, Debug)]
struct RawHttp<'a> {
    lenient: bool,
    method: &'a str,
    target: &'a str,
    headers: Vec<(&'a str, &'a [u8])>,
    body: &'a [u8],
    secret: &'a str,
    /// Sign the message with V3 first (key id, nonce, seconds since 1970).
    sign: Option<(u32, &'a str, u32)>,
    now: Option<u32>,
}

#[cfg(feature = "signature")]
/// An HTTP token (RFC 9110 `tchar`): what a header name is on the wire.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(feature = "signature")]
/// The HTTP-level parser and the signature verifier on arbitrary messages:
/// no panic; a message signed with V3 verifies, and not under another
/// secret; whatever verifies, the parser reads the same key id, nonce and
/// time from it.
pub fn http(data: &[u8]) {
    use ess_protection::HttpRequest;
    use ess_protection::signature::{SignatureKind, Signed, v3};

    let Ok(raw) = RawHttp::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let mut http = HttpRequest::new(raw.method, raw.target).body(raw.body);
    http.headers = raw.headers;
    let parser = if raw.lenient { Parser::lenient() } else { Parser::strict() };
    let now = raw.now.and_then(|t| Timestamp::from_unix_seconds(i64::from(t)).ok());

    let signing;
    let host = [("host", &b"fuzz.example"[..])];
    let mut signed = http.clone();
    if let Some((key, nonce, time)) = raw.sign {
        // A signable message: header names are tokens; the signing headers
        // are the signer's; `host` is there.
        signed.headers.retain(|(n, _)| is_token(n));
        signed.headers.retain(|(n, _)| {
            !["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "authorization"]
                .iter()
                .any(|s| n.eq_ignore_ascii_case(s))
        });
        if signed.first_header("host").is_none() {
            signed.headers.extend(host);
        }
        let Ok(time) = Timestamp::from_unix_seconds(i64::from(time)) else { return };
        let key_id = format!("k{key}");
        signing = v3::sign(&signed, &key_id, raw.secret, nonce, time);
        for (name, value) in signing.iter() {
            signed = signed.header(name, value);
        }
        let read = Signed::read(&signed);
        if !nonce.is_empty() && !nonce.contains(|c: char| c.is_ascii_whitespace()) {
            let read = read.expect("a message signed with V3 reads");
            assert_eq!((read.kind(), read.access_key_id()), (SignatureKind::V3, key_id.as_str()));
            assert_eq!(read.verify(raw.secret), Ok(()));
            assert!(read.verify(&format!("{}x", raw.secret)).is_err());
            assert_eq!(read.check_time(time), Ok(()));
        }
    }

    for message in [&http, &signed] {
        let parsed = parser.parse_http(message);
        if let Err(rejection) = &parsed {
            assert!(!rejection.problems().is_empty());
            assert!(!rejection.api_error().message.is_empty());
        }
        let Ok(read) = Signed::read(message) else { continue };
        if let Some(now) = now {
            let _ = read.check_time(now);
        }
        if read.verify(raw.secret).is_err() {
            continue;
        }
        // It verifies: where it also parses, the parser agrees.
        let Ok(parsed) = parsed else { continue };
        let request = parsed.request;
        match read.kind() {
            SignatureKind::V3 => {
                let auth = request.acs.authorization.as_ref().expect("the parser kept it");
                assert_eq!(auth.access_key_id(), read.access_key_id());
                assert_eq!(request.acs.signature_nonce.as_deref(), Some(read.nonce()));
                assert_eq!(request.acs.date, Some(read.time()));
            }
            _ => {
                assert_eq!(request.common.access_key_id.as_deref(), Some(read.access_key_id()));
                assert_eq!(request.common.signature_nonce.as_deref(), Some(read.nonce()));
                assert_eq!(request.common.timestamp, Some(read.time()));
            }
        }
    }
}
