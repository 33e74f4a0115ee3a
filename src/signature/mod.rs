//! Signing and verifying requests, behind the `signature` feature:
//! version 1.0 ([`v1`], HMAC-SHA1 over the parameters) and V3 ([`v3`],
//! `ACS3-HMAC-SHA256` over the whole HTTP request), and one verifier for
//! both ([`verify`], or [`Signed`] in two steps).
//!
//! Pure computations: the caller supplies the secret, the nonce and the
//! time; nothing here reads a clock or a random source.
//!
//! A server reads the signature first, looks up the secret of its key id,
//! checks the time against its own clock, then verifies:
//!
//! ```
//! use ess_protection::signature::{Signed, SignatureKind};
//! use ess_protection::{ErrorCode, HttpRequest};
//!
//! // A request as the 2014-08-28 Python SDK sends it (signature 1.0).
//! let http = HttpRequest::new("GET", "/?AccessKeyId=testid&Action=DescribeRegions&Format=XML\
//!     &Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D&SignatureMethod=HMAC-SHA1\
//!     &SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0\
//!     &Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26");
//! let signed = Signed::read(&http)?;
//! assert_eq!((signed.kind(), signed.access_key_id()), (SignatureKind::V1_0, "testid"));
//! signed.check_time("2016-02-23T12:50:00Z".parse()?)?;
//! signed.verify("testsecret")?;
//! assert_eq!(signed.verify("other").unwrap_err().code, ErrorCode::SignatureDoesNotMatch);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod v1;
pub mod v3;

use crate::canonical::{canonical_segments, canonical_str_segments};
use crate::catalog::{ApiError, ErrorCode};
use crate::common::Timestamp;
use crate::http_request::HttpRequest;

/// Which signature a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureKind {
    /// Version 1.0: `Signature` and its parameters, HMAC-SHA1.
    V1_0,
    /// V3: the `Authorization` header, `ACS3-HMAC-SHA256`.
    V3,
}

/// A request's signature, read but not yet verified: which kind, the key
/// id (to look up its secret), the nonce (to refuse a replay) and the time
/// (to check against the server's clock).
#[derive(Debug, Clone)]
pub struct Signed<'a>(Inner<'a>);

#[derive(Debug, Clone)]
enum Inner<'a> {
    V1(v1::Received<'a>),
    V3(v3::Received<'a>),
}

impl<'a> Signed<'a> {
    /// Reads the signature a request carries: V3 when it has an
    /// `Authorization` header, else version 1.0 (from the query and a form
    /// body).
    ///
    /// # Errors
    ///
    /// `IncompleteSignature` (400) for an unsigned request, a malformed
    /// `Authorization`, a missing or unsigned required header (V3: `host`,
    /// `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`), a
    /// `host` or `x-acs-*` header not in `SignedHeaders`, a missing
    /// signature parameter (1.0: `Signature`, `AccessKeyId`,
    /// `SignatureNonce`, `SignatureMethod=HMAC-SHA1`,
    /// `SignatureVersion=1.0`), or an `x-acs-action` or `x-acs-version`
    /// header beside a 1.0 signature whose parameters have no `Action` or
    /// `Version` (1.0 signs the parameters, not the headers: the operation
    /// must be among what it covers); `IllegalTimestamp` (400) for a 1.0
    /// request without a valid `Timestamp`.
    pub fn read(http: &'a HttpRequest<'a>) -> Result<Self, ApiError> {
        if http.first_header("authorization").is_some() {
            return v3::Received::read(http).map(|r| Signed(Inner::V3(r)));
        }
        let mut pairs = Vec::new();
        canonical_str_segments(http.query(), &mut pairs);
        if http.is_form() {
            canonical_segments(http.body.trim_ascii(), &mut pairs);
        }
        // Signature 1.0 covers the parameters only: a header may agree with
        // `Action` or `Version`, never stand for it (a parser would take the
        // operation from an unsigned header).
        for (header, parameter) in [("x-acs-action", "Action"), ("x-acs-version", "Version")] {
            if http.first_header(header).is_some() && !pairs.iter().any(|(n, _)| n == parameter) {
                return Err(ApiError::new(ErrorCode::IncompleteSignature, ""));
            }
        }
        v1::Received::read(http.method, pairs).map(|r| Signed(Inner::V1(r)))
    }

    /// The kind of signature.
    pub fn kind(&self) -> SignatureKind {
        match &self.0 {
            Inner::V1(_) => SignatureKind::V1_0,
            Inner::V3(_) => SignatureKind::V3,
        }
    }

    /// The AccessKeyId the request is signed with.
    pub fn access_key_id(&self) -> &str {
        match &self.0 {
            Inner::V1(r) => &r.access_key_id,
            Inner::V3(r) => r.access_key_id(),
        }
    }

    /// The nonce: `SignatureNonce` or `x-acs-signature-nonce`.
    pub fn nonce(&self) -> &str {
        match &self.0 {
            Inner::V1(r) => &r.nonce,
            Inner::V3(r) => r.nonce,
        }
    }

    /// The security token of temporary (STS) credentials, when the request
    /// carries one: the `SecurityToken` parameter (1.0) or the
    /// `x-acs-security-token` header (V3). Either is covered by the
    /// signature.
    pub fn security_token(&self) -> Option<&str> {
        match &self.0 {
            Inner::V1(r) => r.security_token.as_deref(),
            Inner::V3(r) => r.security_token,
        }
    }

    /// When the request was signed: `Timestamp` or `x-acs-date`.
    pub fn time(&self) -> Timestamp {
        match &self.0 {
            Inner::V1(r) => r.timestamp,
            Inner::V3(r) => r.date,
        }
    }

    /// How long the time stays valid either side of the server's clock:
    /// 31 minutes for 1.0, 15 for V3.
    pub fn validity_seconds(&self) -> i64 {
        match self.kind() {
            SignatureKind::V1_0 => v1::TIMESTAMP_VALIDITY_SECONDS,
            SignatureKind::V3 => v3::TIMESTAMP_VALIDITY_SECONDS,
        }
    }

    /// Checks the request's time against the server's "now" (the caller's),
    /// both ends of the window included.
    ///
    /// # Errors
    ///
    /// `InvalidTimeStamp.Expired` (400) outside the window.
    pub fn check_time(&self, now: Timestamp) -> Result<(), ApiError> {
        check_window(self.time(), now, self.validity_seconds())
    }

    /// Verifies the signature with the key's secret, comparing in constant
    /// time.
    ///
    /// # Errors
    ///
    /// `SignatureDoesNotMatch` (403) for another secret or any change to a
    /// signed part (V3: also a body whose SHA-256 is not
    /// `x-acs-content-sha256`); the message carries what the server
    /// computed.
    pub fn verify(&self, secret: &str) -> Result<(), ApiError> {
        match &self.0 {
            Inner::V1(r) => r.verify(secret),
            Inner::V3(r) => r.verify(secret),
        }
    }
}

/// Verifies a request's signature, 1.0 or V3, in one call: reads it,
/// checks its time when `now` is given, and verifies it with `secret`.
///
/// # Errors
///
/// As [`Signed::read`], [`Signed::check_time`] and [`Signed::verify`], in
/// that order.
pub fn verify(
    http: &HttpRequest<'_>,
    secret: &str,
    now: Option<Timestamp>,
) -> Result<(), ApiError> {
    let signed = Signed::read(http)?;
    if let Some(now) = now {
        signed.check_time(now)?;
    }
    signed.verify(secret)
}

/// `InvalidTimeStamp.Expired` when `time` is more than `seconds` from `now`.
pub(crate) fn check_window(time: Timestamp, now: Timestamp, seconds: i64) -> Result<(), ApiError> {
    if (time.unix_seconds() - now.unix_seconds()).abs() <= seconds {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::InvalidTimeStampExpired, ""))
    }
}
