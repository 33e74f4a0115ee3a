//! Signature version 1.0 (HMAC-SHA1): every parameter but `Signature`,
//! canonicalized, behind the method and `%2F`, signed with the secret and
//! `&`.
//!
//! ```
//! use ess_protection::signature::v1::{HttpMethod, Signer};
//! use ess_protection::{InstanceIds, Request, SetInstancesProtection};
//!
//! let ids: InstanceIds = vec!["i-28wt48iaa".parse()?].try_into()?;
//! let protect = SetInstancesProtection::new("AG6CQdPU8OKdwLjgZcJ2eaQ".parse()?, ids, true.into());
//! let mut request = Request::new(protect);
//! let signer = Signer::new("testsecret");
//! let query = signer.sign(
//!     &mut request,
//!     HttpMethod::Get,
//!     "testid",
//!     "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
//!     "2016-02-23T12:46:24Z".parse()?,
//! );
//! assert!(query.contains("&Signature="));
//! assert_eq!(signer.verify(HttpMethod::Get, request.params()), Ok(()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};

use crate::canonical::{CanonicalPair, canonical_query, percent_encode, sort_canonical};
use crate::catalog::{ApiError, ErrorCode};
use crate::common::{SignatureMethod, SignatureVersion, Timestamp};
use crate::error::{ValueError, ValueErrorKind};
use crate::operation::Operation;
use crate::pairs::decode;
use crate::request::Request;

type HmacSha1 = hmac::Hmac<sha1::Sha1>;

/// How long a `Timestamp` stays valid, either side of the server's clock:
/// 31 minutes.
pub const TIMESTAMP_VALIDITY_SECONDS: i64 = 31 * 60;

/// The HTTP method, part of the string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`.
    #[default]
    Get,
    /// `POST` (what the official SDKs use).
    Post,
}

impl HttpMethod {
    /// `GET` or `POST`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

impl FromStr for HttpMethod {
    type Err = ValueError;

    /// `GET` or `POST`, exactly (HTTP methods are case-sensitive).
    fn from_str(s: &str) -> Result<Self, ValueError> {
        match s {
            "GET" => Ok(HttpMethod::Get),
            "POST" => Ok(HttpMethod::Post),
            "" => Err(ValueError::new(ValueErrorKind::Empty)),
            _ => Err(ValueError::new(ValueErrorKind::HttpMethod)),
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The StringToSign of any parameters (query and body together): every
/// parameter but `Signature`, canonicalized, behind the method and `%2F`.
///
/// ```
/// use ess_protection::signature::v1::{string_to_sign, HttpMethod};
///
/// let sts = string_to_sign(HttpMethod::Post, [("b", "2"), ("a", "1"), ("Signature", "x")]);
/// assert_eq!(sts, "POST&%2F&a%3D1%26b%3D2");
/// ```
pub fn string_to_sign<N, V>(method: HttpMethod, params: impl IntoIterator<Item = (N, V)>) -> String
where
    N: AsRef<str>,
    V: AsRef<str>,
{
    let canonical = canonical_query(params.into_iter().filter(|(n, _)| n.as_ref() != "Signature"));
    format!("{}&%2F&{}", method.as_str(), percent_encode(&canonical))
}

/// The StringToSign of canonical pairs sorted by name (`Signature` already
/// left out), for any method.
fn string_to_sign_of(method: &str, sorted: &[CanonicalPair<'_>]) -> String {
    // Each canonical name and value holds only unreserved bytes and `%XY`:
    // encoding the joined query again turns `%` into `%25`, and the `=` and
    // `&` between them into `%3D` and `%26`.
    let length: usize = sorted.iter().map(|(n, v)| n.len() + v.len() + 6).sum();
    let mut out = String::with_capacity(method.len() + 5 + length + length / 4);
    out.push_str(method);
    out.push_str("&%2F&");
    // Parts are short: a plain scan, not `memchr`, finds their `%`.
    let again = |out: &mut String, part: &str| {
        if !part.bytes().any(|b| b == b'%') {
            return out.push_str(part);
        }
        for piece in part.split('%').enumerate() {
            if piece.0 > 0 {
                out.push_str("%25");
            }
            out.push_str(piece.1);
        }
    };
    for (i, (name, value)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push_str("%26");
        }
        again(&mut out, name);
        out.push_str("%3D");
        again(&mut out, value);
    }
    out
}

/// The parameters of a signed 1.0 request, read: what verifying needs.
#[derive(Debug, Clone)]
pub(crate) struct Received<'a> {
    method: &'a str,
    /// Every parameter but `Signature`, in canonical form, sorted.
    sorted: Vec<CanonicalPair<'a>>,
    signature: Cow<'a, str>,
    pub(crate) access_key_id: Cow<'a, str>,
    pub(crate) nonce: Cow<'a, str>,
    pub(crate) timestamp: Timestamp,
    /// `SecurityToken`, when present (temporary credentials).
    pub(crate) security_token: Option<Cow<'a, str>>,
}

impl<'a> Received<'a> {
    /// Reads the signature's parameters out of canonical pairs.
    ///
    /// `IncompleteSignature` when `Signature`, `AccessKeyId` or
    /// `SignatureNonce` is absent or empty, or `SignatureMethod` is not
    /// `HMAC-SHA1` or `SignatureVersion` not `1.0`; `IllegalTimestamp` when
    /// `Timestamp` is absent or not a time.
    pub(crate) fn read(
        method: &'a str,
        mut pairs: Vec<CanonicalPair<'a>>,
    ) -> Result<Self, ApiError> {
        let incomplete = || ApiError::new(ErrorCode::IncompleteSignature, "");
        // The first pair of each name looked for, found in one pass. The
        // names are unreserved, so their canonical form is their name.
        const NAMES: [&str; 7] = [
            "Signature",
            "AccessKeyId",
            "SignatureNonce",
            "SignatureMethod",
            "SignatureVersion",
            "Timestamp",
            "SecurityToken",
        ];
        let mut found: [Option<usize>; 7] = [None; 7];
        for (i, (name, _)) in pairs.iter().enumerate() {
            if let Some(slot) = NAMES.iter().position(|n| n == name).and_then(|k| found.get_mut(k))
                && slot.is_none()
            {
                *slot = Some(i);
            }
        }
        // Values are decoded from their canonical form.
        let value = |k: usize| -> Option<Cow<'a, str>> {
            let (_, v) = pairs.get(found.get(k).copied().flatten()?)?;
            match v {
                Cow::Borrowed(v) => decode(v.as_bytes()),
                Cow::Owned(v) => decode(v.as_bytes()).map(|d| Cow::Owned(d.into_owned())),
            }
        };
        let present = |k| value(k).filter(|v| !v.is_empty());
        let (Some(at), Some(signature), Some(access_key_id), Some(nonce)) =
            (found[0], present(0), present(1), present(2))
        else {
            return Err(incomplete());
        };
        if value(3).as_deref() != Some(SignatureMethod::HmacSha1.as_str())
            || value(4).as_deref() != Some(SignatureVersion::V1_0.as_str())
        {
            return Err(incomplete());
        }
        let timestamp = value(5)
            .and_then(|t| t.parse::<Timestamp>().ok())
            .ok_or_else(|| ApiError::new(ErrorCode::IllegalTimestamp, ""))?;
        let security_token = value(6).filter(|t| !t.is_empty());
        // `remove`, not `swap_remove`: repeated names keep their order.
        pairs.remove(at);
        sort_canonical(&mut pairs);
        Ok(Received {
            method,
            sorted: pairs,
            signature,
            access_key_id,
            nonce,
            timestamp,
            security_token,
        })
    }

    /// The StringToSign of what was received.
    pub(crate) fn string_to_sign(&self) -> String {
        string_to_sign_of(self.method, &self.sorted)
    }

    /// `SignatureDoesNotMatch`, whose message carries the server's
    /// StringToSign, unless the signature is the secret's (compared in
    /// constant time).
    pub(crate) fn verify(&self, secret: &str) -> Result<(), ApiError> {
        self.verify_with(&key(secret))
    }

    /// As [`Received::verify`], with the HMAC key already made.
    fn verify_with(&self, key: &[u8]) -> Result<(), ApiError> {
        let sts = self.string_to_sign();
        let matches = match STANDARD.decode(self.signature.as_bytes()) {
            Ok(tag) => mac(key, &sts).verify_slice(&tag).is_ok(),
            Err(_) => false,
        };
        if matches {
            Ok(())
        } else {
            let mut error = ApiError::new(ErrorCode::SignatureDoesNotMatch, "");
            error.message = format!("{} Server StringToSign: {sts}", error.message);
            Err(error)
        }
    }
}

/// The HMAC key of a secret: the secret and `&`.
fn key(secret: &str) -> Vec<u8> {
    format!("{secret}&").into_bytes()
}

fn mac(key: &[u8], string_to_sign: &str) -> HmacSha1 {
    // HMAC takes a key of any length; this cannot fail.
    let mut mac = <HmacSha1 as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(string_to_sign.as_bytes());
    mac
}

/// Signs and verifies with an AccessKeySecret.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

/// The secret is not printed.
impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signer { .. }")
    }
}

impl Signer {
    /// A signer for an AccessKeySecret (the HMAC key is the secret and `&`).
    pub fn new(access_key_secret: &str) -> Self {
        Signer { key: key(access_key_secret) }
    }

    /// `Base64(HMAC-SHA1(secret + "&", string_to_sign))`.
    pub fn signature_of(&self, string_to_sign: &str) -> String {
        STANDARD.encode(mac(&self.key, string_to_sign).finalize().into_bytes())
    }

    /// The signature of parameters, for a method.
    pub fn signature<N, V>(
        &self,
        method: HttpMethod,
        params: impl IntoIterator<Item = (N, V)>,
    ) -> String
    where
        N: AsRef<str>,
        V: AsRef<str>,
    {
        self.signature_of(&string_to_sign(method, params))
    }

    /// Signs raw parameters: drops any `Signature`, appends the new one, and
    /// returns the final (canonical) query string. The parameters must
    /// already hold whatever the caller wants signed (`AccessKeyId`,
    /// `SignatureNonce`, `Timestamp`, …).
    pub fn sign_params(&self, method: HttpMethod, params: &mut Vec<(String, String)>) -> String {
        params.retain(|(n, _)| n != "Signature");
        let signature = self.signature(method, params.iter().map(|(n, v)| (n, v)));
        params.push(("Signature".to_owned(), signature));
        canonical_query(params.iter().map(|(n, v)| (n, v)))
    }

    /// Signs a request: sets `AccessKeyId`, `SignatureMethod`,
    /// `SignatureVersion`, `SignatureNonce` and `Timestamp` (from the caller)
    /// and then `Signature`, and returns the final query string.
    pub fn sign<O: Operation>(
        &self,
        request: &mut Request<O>,
        method: HttpMethod,
        access_key_id: &str,
        nonce: &str,
        timestamp: Timestamp,
    ) -> String {
        let c = &mut request.common;
        c.access_key_id = Some(access_key_id.to_owned());
        c.signature_method = Some(SignatureMethod::HmacSha1);
        c.signature_version = Some(SignatureVersion::V1_0);
        c.signature_nonce = Some(nonce.to_owned());
        c.timestamp = Some(timestamp);
        c.signature = None;
        let signature = self.signature(method, request.params());
        request.common.signature = Some(signature);
        request.to_query()
    }

    /// Verifies received parameters (query and body together, decoded),
    /// exactly as they came: verify what was received, not a request
    /// encoded again (a re-encoding writes `True` as `true`, `json` as
    /// `JSON`, and so signs something else).
    ///
    /// # Errors
    ///
    /// `IncompleteSignature` (400) when `Signature`, `AccessKeyId` or
    /// `SignatureNonce` is absent or empty, or `SignatureMethod` is not
    /// `HMAC-SHA1` or `SignatureVersion` not `1.0`; `IllegalTimestamp` (400)
    /// when `Timestamp` is absent or not a time; `SignatureDoesNotMatch`
    /// (403), whose message carries the server's StringToSign, when the
    /// signature differs (compared in constant time).
    pub fn verify<N, V>(
        &self,
        method: HttpMethod,
        params: impl IntoIterator<Item = (N, V)>,
    ) -> Result<(), ApiError>
    where
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let pairs = params
            .into_iter()
            .map(|(n, v)| {
                (percent_encode(n.as_ref()).to_string(), percent_encode(v.as_ref()).to_string())
            })
            .map(|(n, v)| (Cow::Owned(n), Cow::Owned(v)))
            .collect();
        Received::read(method.as_str(), pairs)?.verify_with(&self.key)
    }
}

/// Checks a request's `Timestamp` against the server's "now" (given by the
/// caller): valid from 31 minutes before to 31 minutes after, both ends
/// included.
///
/// ```
/// use ess_protection::signature::v1::check_timestamp;
///
/// let now = "2018-01-01T12:00:00Z".parse()?;
/// assert!(check_timestamp("2018-01-01T11:29:00Z".parse()?, now).is_ok());
/// assert!(check_timestamp("2018-01-01T11:28:59Z".parse()?, now).is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
///
/// # Errors
///
/// `InvalidTimeStamp.Expired` (400) outside that window.
pub fn check_timestamp(timestamp: Timestamp, now: Timestamp) -> Result<(), ApiError> {
    super::check_window(timestamp, now, TIMESTAMP_VALIDITY_SECONDS)
}
