//! Encoding: percent-encoding as the signatures want it, the canonical
//! query string, and [`Request::to_query`].

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, PercentEncode, utf8_percent_encode};

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
    let mut encoded: Vec<(String, V)> =
        params.into_iter().map(|(n, v)| (percent_encode(n.as_ref()).to_string(), v)).collect();
    encoded.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out =
        String::with_capacity(encoded.iter().map(|(n, v)| n.len() + v.as_ref().len() + 2).sum());
    for (i, (name, value)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.extend(percent_encode(value.as_ref()));
    }
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
