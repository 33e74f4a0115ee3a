//! The common headers of signature V3 (`ACS3-HMAC-SHA256`): the `x-acs-*`
//! headers and `Authorization`, as [`AcsHeaders`] keeps them on a request.

use std::fmt;
use std::str::FromStr;

use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::common::Timestamp;
use crate::error::{ValueError, ValueErrorKind};

/// The one signing algorithm of signature V3 that this crate knows.
pub const ACS3_HMAC_SHA256: &str = "ACS3-HMAC-SHA256";

/// The `Authorization` header of signature V3:
/// `ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>`.
///
/// Valid by construction: the algorithm is `ACS3-HMAC-SHA256`; the key id
/// is non-empty; the signed header names are non-empty, lower case, sorted
/// and unique (as the algorithm writes them); the signature is 64
/// lower-case hex digits. A space may follow each comma.
///
/// ```
/// use ess_protection::Authorization;
///
/// let auth: Authorization = "ACS3-HMAC-SHA256 Credential=testid,\
///     SignedHeaders=host;x-acs-date,Signature=f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa"
///     .parse()?;
/// assert_eq!(auth.access_key_id(), "testid");
/// assert_eq!(auth.signed_headers().collect::<Vec<_>>(), ["host", "x-acs-date"]);
/// assert!("Bearer x".parse::<Authorization>().is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, SerializeDisplay, DeserializeFromStr)]
pub struct Authorization {
    access_key_id: String,
    /// `;`-separated, as sent (already checked).
    signed_headers: String,
    signature: String,
}

impl Authorization {
    /// The `Credential`: the caller's AccessKeyId.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The `SignedHeaders` names, in order.
    pub fn signed_headers(&self) -> impl Iterator<Item = &str> {
        names(&self.signed_headers)
    }

    /// The `Signature`: 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        &self.signature
    }
}

impl FromStr for Authorization {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        let parts = AuthParts::parse(s)?;
        Ok(Authorization {
            access_key_id: parts.access_key_id.to_owned(),
            signed_headers: parts.signed_headers.to_owned(),
            signature: parts.signature.to_owned(),
        })
    }
}

impl fmt::Display for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{ACS3_HMAC_SHA256} Credential={},SignedHeaders={},Signature={}",
            self.access_key_id, self.signed_headers, self.signature
        )
    }
}

/// An `Authorization` header's parts, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AuthParts<'a> {
    pub(crate) access_key_id: &'a str,
    pub(crate) signed_headers: &'a str,
    pub(crate) signature: &'a str,
}

/// The names of `SignedHeaders`, split at `;` by a plain scan: on such
/// short names, cheaper than a search with `memchr`.
pub(crate) fn names(signed_headers: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(signed_headers);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.bytes().position(|b| b == b';') {
            Some(at) => {
                rest = current.get(at + 1..);
                current.get(..at)
            }
            None => rest.take(),
        }
    })
}

/// Whether `SignedHeaders` is names that are non-empty, lower case,
/// printable, sorted and unique, separated by `;`: one pass over the bytes,
/// each name compared with the one before as it ends.
fn sorted_names(names: &str) -> bool {
    let bytes = names.as_bytes();
    // The name before the current one, and where the current one starts.
    let (mut previous, mut start): (&[u8], usize) = (&[], 0);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b';' {
            let name = bytes.get(start..i).unwrap_or_default();
            if name.is_empty() || (start > 0 && previous >= name) {
                return false;
            }
            (previous, start) = (name, i + 1);
        } else if !b.is_ascii_graphic() || b.is_ascii_uppercase() {
            return false;
        }
    }
    let last = bytes.get(start..).unwrap_or_default();
    !last.is_empty() && (start == 0 || previous < last)
}

impl<'a> AuthParts<'a> {
    pub(crate) fn parse(s: &'a str) -> Result<Self, ValueError> {
        let bad = || ValueError::new(ValueErrorKind::Authorization);
        if s.is_empty() {
            return Err(ValueError::new(ValueErrorKind::Empty));
        }
        let rest = s
            .strip_prefix(ACS3_HMAC_SHA256)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or_else(bad)?
            .trim_start_matches(' ');
        let mut fields = [None; 3];
        let mut items = rest;
        while !items.is_empty() {
            let end = items.bytes().position(|b| b == b',').unwrap_or(items.len());
            let item = items.get(..end).ok_or_else(bad)?;
            items = match items.get(end + 1..) {
                Some("") => return Err(bad()),
                Some(next) => next,
                None => "",
            };
            let item = item.trim_start_matches(' ');
            let at = item.bytes().position(|b| b == b'=').ok_or_else(bad)?;
            let (name, value) =
                (item.get(..at).ok_or_else(bad)?, item.get(at + 1..).ok_or_else(bad)?);
            let slot = match name {
                "Credential" => 0,
                "SignedHeaders" => 1,
                "Signature" => 2,
                _ => return Err(bad()),
            };
            let field = fields.get_mut(slot).ok_or_else(bad)?;
            if field.replace(value).is_some() {
                return Err(bad());
            }
        }
        let [Some(access_key_id), Some(signed_headers), Some(signature)] = fields else {
            return Err(bad());
        };
        let id_ok = !access_key_id.is_empty()
            && !access_key_id.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control());
        let names_ok = sorted_names(signed_headers);
        let signature_ok = signature.len() == 64
            && signature.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if id_ok && names_ok && signature_ok {
            Ok(AuthParts { access_key_id, signed_headers, signature })
        } else {
            Err(bad())
        }
    }
}

/// The headers of signature V3 that a request carries: what
/// [`CommonParams`](crate::CommonParams) is to signature 1.0. Every one is
/// optional in the model; a parser fills them from an HTTP request
/// ([`Parser::parse_http`](crate::Parser::parse_http)), and nothing the
/// client sent under an `x-acs-` name is lost.
///
/// `x-acs-action` and `x-acs-version` are not here: they are the request's
/// `Action` and `Version`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct AcsHeaders {
    /// `x-acs-date`: when the request was signed.
    pub date: Option<Timestamp>,
    /// `x-acs-signature-nonce`: a unique string per request.
    pub signature_nonce: Option<String>,
    /// `x-acs-content-sha256`: the hex SHA-256 of the body, as sent.
    pub content_sha256: Option<String>,
    /// `x-acs-security-token`: with temporary (STS) credentials only.
    pub security_token: Option<String>,
    /// `Authorization`.
    pub authorization: Option<Authorization>,
    /// Every other `x-acs-*` header (e.g. `x-acs-credentials-provider`),
    /// names in lower case, in the order they came.
    pub extra: Vec<(String, String)>,
}

impl AcsHeaders {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        *self == AcsHeaders::default()
    }
}

/// What a header name is to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AcsHeader {
    Action,
    Version,
    Date,
    SignatureNonce,
    ContentSha256,
    SecurityToken,
    Authorization,
    /// Another `x-acs-*` header.
    Other,
}

impl AcsHeader {
    /// The header's meaning, for a name in any letter case; `None` for a
    /// header that is not the API's (`host`, `accept`, …).
    pub(crate) fn of(name: &str) -> Option<AcsHeader> {
        let lower = |s: &str| name.eq_ignore_ascii_case(s);
        Some(if lower("authorization") {
            AcsHeader::Authorization
        } else if !name.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("x-acs-")) {
            return None;
        } else if lower("x-acs-action") {
            AcsHeader::Action
        } else if lower("x-acs-version") {
            AcsHeader::Version
        } else if lower("x-acs-date") {
            AcsHeader::Date
        } else if lower("x-acs-signature-nonce") {
            AcsHeader::SignatureNonce
        } else if lower("x-acs-content-sha256") {
            AcsHeader::ContentSha256
        } else if lower("x-acs-security-token") {
            AcsHeader::SecurityToken
        } else {
            AcsHeader::Other
        })
    }

    /// The name as this crate writes it (lower case).
    pub(crate) const fn name(self) -> &'static str {
        match self {
            AcsHeader::Action => "x-acs-action",
            AcsHeader::Version => "x-acs-version",
            AcsHeader::Date => "x-acs-date",
            AcsHeader::SignatureNonce => "x-acs-signature-nonce",
            AcsHeader::ContentSha256 => "x-acs-content-sha256",
            AcsHeader::SecurityToken => "x-acs-security-token",
            AcsHeader::Authorization => "authorization",
            AcsHeader::Other => "x-acs-*",
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn names_split_as_split_does(s in "[a-c;]{0,12}") {
            let ours: Vec<&str> = super::names(&s).collect();
            let std: Vec<&str> = s.split(';').collect();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn authorization_parses_by_its_parts(
            id in "[a-z]{0,3}",
            names in "[a-z;]{0,8}",
            sig in "[0-9a-f]{63,65}",
            sep in prop::sample::select(vec![",", ", ", ",,", ""]),
        ) {
            let text = format!("ACS3-HMAC-SHA256 Credential={id}{sep}SignedHeaders={names}{sep}Signature={sig}");
            let parsed = super::AuthParts::parse(&text);
            let names_ok = names.split(';').all(|n| !n.is_empty())
                && names.split(';').zip(names.split(';').skip(1)).all(|(a, b)| a < b);
            let expected = !id.is_empty() && names_ok && sig.len() == 64 && matches!(sep, "," | ", ");
            prop_assert_eq!(parsed.is_ok(), expected, "{}", text);
        }
    }
}
