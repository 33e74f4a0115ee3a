//! Encoding: percent-encoding as the signatures want it, the canonical
//! query string, and [`Request::to_query`].

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, PercentEncode, utf8_percent_encode};

#[cfg(feature = "signature")]
use crate::pairs::{decode_bytes, raw_segments};
use crate::request::Request;

/// What signature version 1.0 leaves unencoded: `A-Z a-z 0-9 - _ . ~`.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a name or value as signature version 1.0 wants: UTF-8,
/// `A-Z a-z 0-9 - _ . ~` kept, every other byte `%XY` in upper-case hex (so
/// a space is `%20`, never `+`, and `*` is `%2A`).
///
/// ```
/// assert_eq!(ess_protection::percent_encode("a b*~/").to_string(), "a%20b%2A~%2F");
/// ```
pub fn percent_encode(s: &str) -> PercentEncode<'_> {
    utf8_percent_encode(s, UNRESERVED)
}

/// The canonicalized query string of any parameters: each name and value
/// [`percent_encode`]d, sorted by encoded name in byte order, joined as
/// `name=value` with `&` (a parameter with an empty value is `name=`).
///
/// ```
/// let q = ess_protection::canonical_query([("b", "x y"), ("a", ""), ("InstanceId.10", "j"), ("InstanceId.2", "k")]);
/// assert_eq!(q, "InstanceId.10=j&InstanceId.2=k&a=&b=x%20y");
/// ```
pub fn canonical_query<N, V>(params: impl IntoIterator<Item = (N, V)>) -> String
where
    N: AsRef<str>,
    V: AsRef<str>,
{
    let params: Vec<(N, V)> = params.into_iter().collect();
    let mut pairs: Vec<CanonicalPair<'_>> = params
        .iter()
        .map(|(n, v)| (percent_encode(n.as_ref()).into(), percent_encode(v.as_ref()).into()))
        .collect();
    sort_canonical(&mut pairs);
    let mut out = String::with_capacity(pairs.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    join_canonical(&pairs, &mut out);
    out
}

impl Request {
    /// The canonical query string: every parameter percent-encoded as the
    /// signature algorithm wants (space `%20`, `*` `%2A`, `~` kept), sorted
    /// by encoded name in byte order. The same as `to_string()`.
    pub fn to_query(&self) -> String {
        canonical_query(self.params())
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query())
    }
}

/// A `(name, value)` pair in canonical form: each percent-encoded as the
/// signatures want (so ASCII), borrowed from the input when it already was.
pub(crate) type CanonicalPair<'a> = (Cow<'a, str>, Cow<'a, str>);

#[cfg(feature = "signature")]
/// `A-Z a-z 0-9 - _ . ~`.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

#[cfg(feature = "signature")]
fn upper_hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(feature = "signature")]
/// Whether raw bytes are already in canonical form: unreserved bytes, and
/// `%XY` (upper-case hex) only for bytes that must be encoded.
fn is_canonical(raw: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if is_unreserved(b) {
            i += 1;
            continue;
        }
        let escape = raw
            .get(i + 1)
            .copied()
            .and_then(upper_hex)
            .zip(raw.get(i + 2).copied().and_then(upper_hex));
        match escape {
            Some((high, low)) if b == b'%' && !is_unreserved(high << 4 | low) => i += 3,
            _ => return false,
        }
    }
    true
}

#[cfg(feature = "signature")]
/// The canonical form of a raw name or value (as sent: `+` a space, `%XY`
/// a byte). Works on bytes: what was sent need not be UTF-8.
pub(crate) fn canonical_raw(raw: &[u8]) -> Cow<'_, str> {
    if is_canonical(raw) {
        // Canonical bytes are ASCII.
        return std::str::from_utf8(raw).map_or(Cow::Borrowed(""), Cow::Borrowed);
    }
    Cow::Owned(percent_encoding::percent_encode(&decode_bytes(raw), UNRESERVED).to_string())
}

#[cfg(feature = "signature")]
/// Appends the `name=value` segments of a raw query or form body, in
/// canonical form.
pub(crate) fn canonical_segments<'a>(raw: &'a [u8], out: &mut Vec<CanonicalPair<'a>>) {
    out.extend(raw_segments(raw).map(|(n, v)| (canonical_raw(n), canonical_raw(v))));
}

/// Sorts canonical pairs by name, in byte order (a stable sort: repeated
/// names keep their order).
pub(crate) fn sort_canonical(pairs: &mut [CanonicalPair<'_>]) {
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
}

/// Writes sorted canonical pairs as `name=value&…`.
pub(crate) fn join_canonical(pairs: &[CanonicalPair<'_>], out: &mut String) {
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
}
