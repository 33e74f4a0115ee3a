//! Signature V3 (`ACS3-HMAC-SHA256`), what today's SDKs send by default:
//! the canonical request (method, path, query, signed headers, body hash)
//! hashed with SHA-256, and that hash signed with HMAC-SHA256 under the
//! secret. Each step is a function of its own.
//!
//! ```
//! use ess_protection::signature::v3;
//! use ess_protection::HttpRequest;
//!
//! let unsigned = HttpRequest::new("POST", "/?ScalingGroupId=asg-1&InstanceIds.1=i-1&ProtectedFromScaleIn=true")
//!     .header("host", "ess.aliyuncs.com")
//!     .header("x-acs-action", "SetInstancesProtection")
//!     .header("x-acs-version", "2022-02-22");
//! let headers = v3::sign(&unsigned, "testid", "testsecret", "nonce-1", "2024-06-01T08:00:00Z".parse()?);
//! assert!(headers.authorization.starts_with("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;"));
//!
//! let mut signed = unsigned.clone();
//! for (name, value) in headers.iter() {
//!     signed = signed.header(name, value);
//! }
//! assert_eq!(ess_protection::signature::verify(&signed, "testsecret", None), Ok(()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;

use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::acs::{ACS3_HMAC_SHA256, AuthParts};
use crate::canonical::{canonical_str_segments, sort_canonical};
use crate::catalog::{ApiError, ErrorCode};
use crate::common::Timestamp;
use crate::http_request::HttpRequest;

type HmacSha256 = hmac::Hmac<Sha256>;

/// How long an `x-acs-date` stays valid, either side of the server's
/// clock: 15 minutes.
pub const TIMESTAMP_VALIDITY_SECONDS: i64 = 15 * 60;

/// The hex SHA-256 of an empty body.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The headers that must be present and signed.
const REQUIRED: [&str; 4] = ["host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

/// Lower-case hex SHA-256 of bytes (of a body: `x-acs-content-sha256`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return EMPTY_SHA256.to_owned();
    }
    hex::encode(Sha256::digest(bytes))
}

/// Whether a header must be signed when present: `host` and every
/// `x-acs-*` header.
fn must_sign(name: &str) -> bool {
    name.eq_ignore_ascii_case("host")
        || name.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("x-acs-"))
}

/// The canonical request of an HTTP request, for the `;`-separated signed
/// header names (lower case, sorted) and the body hash the request claims:
///
/// ```text
/// METHOD \n PATH \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedRequestPayload
/// ```
///
/// The query is each name and value percent-encoded (as signature 1.0
/// does), sorted by name; each header line is `name:value` trimmed, the
/// values of a repeated header sorted and joined with `,`. Header bytes
/// that are not UTF-8 are shown here as U+FFFD; the verifier hashes them
/// as they are.
pub fn canonical_request(
    http: &HttpRequest<'_>,
    signed_headers: &str,
    content_sha256: &str,
) -> String {
    let headers = HeaderIndex::of(http);
    String::from_utf8_lossy(&canonical_request_bytes(
        http,
        &headers,
        signed_headers,
        content_sha256,
    ))
    .into_owned()
}

/// A request's headers by lower-case name, sorted (stably: a repeated
/// header's values keep their order), to look names up in `O(log n)`.
#[derive(Debug, Clone)]
struct HeaderIndex<'h>(Vec<(Cow<'h, str>, &'h [u8])>);

impl<'h> HeaderIndex<'h> {
    fn of(http: &HttpRequest<'h>) -> Self {
        let lower = |name: &'h str| -> Cow<'h, str> {
            if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name)
            }
        };
        let mut headers: Vec<(Cow<'h, str>, &'h [u8])> =
            http.headers.iter().map(|&(n, v)| (lower(n), v)).collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        HeaderIndex(headers)
    }

    /// Every value of a header (its name in lower case), in order.
    fn values(&self, name: &str) -> &[(Cow<'h, str>, &'h [u8])] {
        let start = self.0.partition_point(|(n, _)| n.as_ref() < name);
        let end = self.0.partition_point(|(n, _)| n.as_ref() <= name);
        self.0.get(start..end).unwrap_or_default()
    }

    /// Walks the signed names (sorted, as `AuthParts` checks) and the
    /// headers (sorted) together, once: `signed` gets each signed name with
    /// its values (none when it is absent), `unsigned` each name of a
    /// header that is not signed. Linear, and one comparison a step.
    fn merge<'n>(
        &self,
        signed_names: impl Iterator<Item = &'n str>,
        mut signed: impl FnMut(&'n str, &[(Cow<'h, str>, &'h [u8])]),
        mut unsigned: impl FnMut(&str),
    ) {
        let mut rest = self.0.as_slice();
        for name in signed_names {
            // The headers before `name` are not signed.
            while let Some((first, _)) = rest.first()
                && first.as_ref() < name
            {
                let end = rest.iter().position(|(n, _)| n != first).unwrap_or(rest.len());
                unsigned(first);
                rest = rest.get(end..).unwrap_or_default();
            }
            let end = rest.iter().position(|(n, _)| n.as_ref() != name).unwrap_or(rest.len());
            let (values, after) = rest.split_at(end);
            signed(name, values);
            rest = after;
        }
        while let Some((first, _)) = rest.first() {
            let end = rest.iter().position(|(n, _)| n != first).unwrap_or(rest.len());
            unsigned(first);
            rest = rest.get(end..).unwrap_or_default();
        }
    }
}

fn canonical_request_bytes<'h>(
    http: &HttpRequest<'_>,
    headers: &HeaderIndex<'h>,
    signed_headers: &str,
    content_sha256: &str,
) -> Vec<u8> {
    let (path, query) = (http.path(), http.query());
    let mut pairs = Vec::new();
    canonical_str_segments(query, &mut pairs);
    sort_canonical(&mut pairs);

    let length: usize = pairs.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut out = Vec::with_capacity(256 + length + http.headers.len() * 64);
    for part in [http.method.as_bytes(), b"\n", path.as_bytes(), b"\n"] {
        out.extend_from_slice(part);
    }
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        out.extend_from_slice(name.as_bytes());
        out.push(b'=');
        out.extend_from_slice(value.as_bytes());
    }
    out.push(b'\n');
    let mut values: Vec<&'h [u8]> = Vec::new();
    let mut line = |name: &str, found: &[(Cow<'h, str>, &'h [u8])]| {
        values.clear();
        values.extend(found.iter().map(|(_, v)| v.trim_ascii()));
        if values.len() > 1 {
            values.sort_unstable();
        }
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(value);
        }
        out.push(b'\n');
    };
    let names = || crate::acs::names(signed_headers);
    if names().zip(names().skip(1)).all(|(a, b)| a < b) {
        // Sorted, as every verified and every signed request's are: one walk.
        headers.merge(names(), &mut line, |_| {});
    } else {
        for name in names() {
            line(name, headers.values(name));
        }
    }
    for part in [b"\n", signed_headers.as_bytes(), b"\n", content_sha256.as_bytes()] {
        out.extend_from_slice(part);
    }
    out
}

/// `ACS3-HMAC-SHA256` `\n` lower-case hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    string_to_sign_of(canonical_request.as_bytes())
}

fn string_to_sign_of(canonical_request: &[u8]) -> String {
    let mut digest = [0u8; 64];
    let mut sts = String::with_capacity(ACS3_HMAC_SHA256.len() + 1 + digest.len());
    sts.push_str(ACS3_HMAC_SHA256);
    sts.push('\n');
    // 32 bytes always fit 64 hex digits, which are ASCII.
    if hex::encode_to_slice(Sha256::digest(canonical_request), &mut digest).is_ok() {
        sts.push_str(std::str::from_utf8(&digest).unwrap_or_default());
    }
    sts
}

fn mac(secret: &str, string_to_sign: &str) -> HmacSha256 {
    // HMAC takes a key of any length; this cannot fail.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(string_to_sign.as_bytes());
    mac
}

/// Lower-case hex HMAC-SHA256 of the StringToSign, keyed with the secret
/// (no `&` appended, unlike 1.0).
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    hex::encode(mac(secret, string_to_sign).finalize().into_bytes())
}

/// The headers signing adds to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedHeaders {
    /// `x-acs-date`.
    pub date: String,
    /// `x-acs-signature-nonce`.
    pub nonce: String,
    /// `x-acs-content-sha256`.
    pub content_sha256: String,
    /// `Authorization`.
    pub authorization: String,
}

impl SignedHeaders {
    /// The headers as `(name, value)`, to add to the request.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("x-acs-date", self.date.as_str()),
            ("x-acs-signature-nonce", self.nonce.as_str()),
            ("x-acs-content-sha256", self.content_sha256.as_str()),
            ("authorization", self.authorization.as_str()),
        ]
        .into_iter()
    }
}

/// Signs an HTTP request with signature V3, with the caller's nonce and
/// time (never the clock): the headers to add. Any `x-acs-date`,
/// `x-acs-signature-nonce`, `x-acs-content-sha256` and `Authorization` the
/// request has are replaced by the new ones (the caller removes the old).
///
/// It signs `host`, `content-type` when present, and every `x-acs-*`
/// header: the documentation's minimum and the body's type.
pub fn sign(
    http: &HttpRequest<'_>,
    access_key_id: &str,
    secret: &str,
    nonce: &str,
    date: Timestamp,
) -> SignedHeaders {
    let date = date.to_string();
    let content_sha256 = sha256_hex(http.body);
    let replaced = |name: &str| {
        ["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "authorization"]
            .iter()
            .any(|r| name.eq_ignore_ascii_case(r))
    };
    let mut signing = HttpRequest::new(http.method, http.target).body(http.body);
    signing.headers = http.headers.iter().copied().filter(|(n, _)| !replaced(n)).collect();
    signing.headers.extend([
        ("x-acs-date", date.as_bytes()),
        ("x-acs-signature-nonce", nonce.as_bytes()),
        ("x-acs-content-sha256", content_sha256.as_bytes()),
    ]);
    let mut names: Vec<String> = signing
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| must_sign(n) || n == "content-type")
        .collect();
    names.sort_unstable();
    names.dedup();
    let signed_headers = names.join(";");
    let headers = HeaderIndex::of(&signing);
    let canonical = canonical_request_bytes(&signing, &headers, &signed_headers, &content_sha256);
    let sts = string_to_sign_of(&canonical);
    let authorization = format!(
        "{ACS3_HMAC_SHA256} Credential={access_key_id},SignedHeaders={signed_headers},Signature={}",
        signature(secret, &sts)
    );
    SignedHeaders { date, nonce: nonce.to_owned(), content_sha256, authorization }
}

/// A V3 request as read for verifying.
#[derive(Debug, Clone)]
pub(crate) struct Received<'a> {
    http: &'a HttpRequest<'a>,
    headers: HeaderIndex<'a>,
    auth: AuthParts<'a>,
    pub(crate) date: Timestamp,
    pub(crate) nonce: &'a str,
    content_sha256: &'a [u8],
    /// `x-acs-security-token`, when present (signed, as every `x-acs-*`).
    pub(crate) security_token: Option<&'a str>,
}

impl<'a> Received<'a> {
    pub(crate) fn access_key_id(&self) -> &'a str {
        self.auth.access_key_id
    }

    /// Reads the signature's headers. `IncompleteSignature` when the
    /// `Authorization` header is malformed or repeated; when `host`,
    /// `x-acs-date`, `x-acs-signature-nonce` or `x-acs-content-sha256` is
    /// absent, repeated (but `host`) or unsigned; when any `host` or
    /// `x-acs-*` header is not signed, or a signed header is absent; when
    /// `x-acs-date` is not a time.
    pub(crate) fn read(http: &'a HttpRequest<'a>) -> Result<Self, ApiError> {
        let incomplete = || ApiError::new(ErrorCode::IncompleteSignature, "");
        let mut authorizations = http.header_values("authorization");
        let (Some(authorization), None) = (authorizations.next(), authorizations.next()) else {
            return Err(incomplete());
        };
        let auth = std::str::from_utf8(authorization.trim_ascii())
            .ok()
            .and_then(|a| AuthParts::parse(a).ok())
            .ok_or_else(incomplete)?;
        // Both lists are sorted (the signed names are checked to be), so
        // each lookup is a binary search: linear in the headers, even for
        // thousands of them.
        let headers = HeaderIndex::of(http);
        // One walk of both sorted lists: whether a header that must be
        // signed is not, whether a signed header is absent, and the values
        // of the required ones (`host` may repeat, the others may not).
        let (mut unsigned, mut absent) = (false, false);
        let mut required: [Option<&'a [u8]>; 4] = [None; 4];
        headers.merge(
            crate::acs::names(auth.signed_headers),
            |name, values| {
                absent |= values.is_empty();
                let slot = REQUIRED.iter().position(|r| *r == name);
                if let (Some(slot), Some((_, first))) = (slot, values.first())
                    && (slot == 0 || values.len() == 1)
                    && let Some(value) = required.get_mut(slot)
                {
                    *value = Some(first.trim_ascii());
                }
            },
            |name| unsigned |= must_sign(name),
        );
        let [Some(_host), Some(date), Some(nonce), Some(content_sha256)] = required else {
            return Err(incomplete());
        };
        if unsigned || absent {
            return Err(incomplete());
        }
        let date = std::str::from_utf8(date)
            .ok()
            .and_then(|d| d.parse::<Timestamp>().ok())
            .ok_or_else(incomplete)?;
        let nonce =
            std::str::from_utf8(nonce).ok().filter(|n| !n.is_empty()).ok_or_else(incomplete)?;
        // Signed like every `x-acs-*` header (checked above); one value.
        let mut tokens = http.header_values("x-acs-security-token");
        let security_token = match (tokens.next(), tokens.next()) {
            (None, _) => None,
            (Some(token), None) => {
                Some(std::str::from_utf8(token.trim_ascii()).map_err(|_| incomplete())?)
            }
            (Some(_), Some(_)) => return Err(incomplete()),
        };
        Ok(Received { http, headers, auth, date, nonce, content_sha256, security_token })
    }

    /// `SignatureDoesNotMatch` unless the body's hash is the one sent and
    /// the signature is the secret's (compared in constant time). The
    /// message carries what the server computed.
    pub(crate) fn verify(&self, secret: &str) -> Result<(), ApiError> {
        let mismatch = |detail: String| {
            let mut error = ApiError::new(ErrorCode::SignatureDoesNotMatch, "");
            error.message = format!("{} {detail}", error.message);
            error
        };
        let body_hash = sha256_hex(self.http.body);
        if body_hash.as_bytes() != self.content_sha256 {
            return Err(mismatch(format!("Server x-acs-content-sha256: {body_hash}")));
        }
        let canonical =
            canonical_request_bytes(self.http, &self.headers, self.auth.signed_headers, &body_hash);
        let sts = string_to_sign_of(&canonical);
        let mut tag = [0u8; 32];
        let decoded = hex::decode_to_slice(self.auth.signature, &mut tag).is_ok();
        if decoded && mac(secret, &sts).verify_slice(&tag).is_ok() {
            Ok(())
        } else {
            Err(mismatch(format!("Server StringToSign: {}", sts.replace('\n', "\\n"))))
        }
    }
}
