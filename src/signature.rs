//! Signature version 1.0 (HMAC-SHA1): sign and verify, as FACTS.md
//! describes it. Behind the `signature` feature.
//!
//! Pure computations: the caller supplies the secret, the nonce and the
//! time; nothing here reads a clock or a random source.
//!
//! ```
//! use ess_protection::signature::{HttpMethod, Signer};
//! use ess_protection::{InstanceIds, Request};
//!
//! let ids: InstanceIds = vec!["i-28wt48iaa".parse()?].try_into()?;
//! let mut request = Request::new("AG6CQdPU8OKdwLjgZcJ2eaQ".parse()?, ids, true.into());
//! let signer = Signer::new("testsecret");
//! let query = signer.sign(
//!     &mut request,
//!     HttpMethod::Get,
//!     "testid",
//!     "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
//!     "2016-02-23T12:46:24Z".parse()?,
//! );
//! assert!(query.contains("&Signature="));
//! assert_eq!(signer.verify_request(HttpMethod::Get, &request), Ok(()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};

use crate::catalog::{ApiError, ErrorCode};
use crate::common::{SignatureMethod, SignatureVersion, Timestamp};
use crate::encode::{canonical_query, percent_encode};
use crate::error::{Kind, ValueError};
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
            "" => Err(ValueError::new(Kind::Empty)),
            _ => Err(ValueError::new(Kind::HttpMethod)),
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
/// use ess_protection::signature::{string_to_sign, HttpMethod};
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
        Signer { key: format!("{access_key_secret}&").into_bytes() }
    }

    fn mac(&self, string_to_sign: &str) -> HmacSha1 {
        // HMAC takes a key of any length; this cannot fail.
        let mut mac = <HmacSha1 as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(string_to_sign.as_bytes());
        mac
    }

    /// `Base64(HMAC-SHA1(secret + "&", string_to_sign))`.
    pub fn signature_of(&self, string_to_sign: &str) -> String {
        STANDARD.encode(self.mac(string_to_sign).finalize().into_bytes())
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
    pub fn sign(
        &self,
        request: &mut Request,
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

    /// Verifies received parameters (query and body together).
    ///
    /// # Errors
    ///
    /// `IncompleteSignature` (400) when `Signature`, `AccessKeyId` or
    /// `SignatureNonce` is absent or empty, or `SignatureMethod` is not
    /// `HMAC-SHA1` or `SignatureVersion` not `1.0`; `IllegalTimestamp` (400)
    /// when `Timestamp` is absent; `SignatureDoesNotMatch` (403), whose
    /// message carries the server's StringToSign, when the signature differs
    /// (compared in constant time).
    pub fn verify<N, V>(
        &self,
        method: HttpMethod,
        params: impl IntoIterator<Item = (N, V)>,
    ) -> Result<(), ApiError>
    where
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let params: Vec<(N, V)> = params.into_iter().collect();
        let get =
            |name: &str| params.iter().find(|(n, _)| n.as_ref() == name).map(|(_, v)| v.as_ref());
        let incomplete = || Err(ApiError::new(ErrorCode::IncompleteSignature, ""));
        let present = |name: &str| get(name).is_some_and(|v| !v.is_empty());
        if !["Signature", "AccessKeyId", "SignatureNonce"].into_iter().all(present)
            || get("SignatureMethod") != Some(SignatureMethod::HmacSha1.as_str())
            || get("SignatureVersion") != Some(SignatureVersion::V1_0.as_str())
        {
            return incomplete();
        }
        if !present("Timestamp") {
            return Err(ApiError::new(ErrorCode::IllegalTimestamp, ""));
        }
        let given = get("Signature").unwrap_or_default();
        let sts = string_to_sign(method, params.iter().map(|(n, v)| (n.as_ref(), v.as_ref())));
        let matches = match STANDARD.decode(given) {
            Ok(tag) => self.mac(&sts).verify_slice(&tag).is_ok(),
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

    /// Verifies a parsed request (every parameter it carries, extra ones
    /// included).
    ///
    /// # Errors
    ///
    /// As [`Signer::verify`].
    pub fn verify_request(&self, method: HttpMethod, request: &Request) -> Result<(), ApiError> {
        self.verify(method, request.params())
    }
}

/// Checks a request's `Timestamp` against the server's "now" (given by the
/// caller): valid from 31 minutes before to 31 minutes after, both ends
/// included.
///
/// ```
/// use ess_protection::signature::check_timestamp;
///
/// let now = "2018-01-01T12:00:00Z".parse()?;
/// assert!(check_timestamp("2018-01-01T11:29:00Z".parse()?, now).is_ok());
/// assert!(check_timestamp("2018-01-01T11:28:59Z".parse()?, now).is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
///
/// # Errors
///
/// `IllegalTimestamp` (400) outside that window.
pub fn check_timestamp(timestamp: Timestamp, now: Timestamp) -> Result<(), ApiError> {
    if (timestamp.unix_seconds() - now.unix_seconds()).abs() <= TIMESTAMP_VALIDITY_SECONDS {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::IllegalTimestamp, ""))
    }
}
