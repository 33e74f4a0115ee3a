//! The canonical form of parameters, as both signatures and
//! [`Request::to_query`](crate::Request::to_query) want it: each name and
//! value percent-encoded (`A-Z a-z 0-9 - _ . ~` kept, every other byte
//! `%XY`), sorted by encoded name in byte order, joined as `name=value`
//! with `&`. With the `signature` feature, also the canonical pairs of a
//! raw query or form body as it was sent.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, PercentEncode, utf8_percent_encode};

#[cfg(feature = "signature")]
use crate::pairs::decode_bytes;

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

/// A name or value percent-encoded, borrowed when nothing needed encoding.
pub(crate) fn encoded(value: Cow<'_, str>) -> Cow<'_, str> {
    match value {
        Cow::Borrowed(v) => percent_encode(v).into(),
        Cow::Owned(v) => Cow::Owned(percent_encode(&v).to_string()),
    }
}

/// A `(name, value)` pair in canonical form: each percent-encoded as the
/// signatures want (so ASCII), borrowed from the input when it already was.
pub(crate) type CanonicalPair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Each byte's class for the canonical form: `KEEP` for `A-Z a-z 0-9 - _
/// . ~`, `ENCODE` for every other (a bit, so that classes can be or-ed).
#[cfg(feature = "signature")]
const KEEP: u8 = 0;
#[cfg(feature = "signature")]
const ENCODE: u8 = 1;

#[cfg(feature = "signature")]
const CLASS: [u8; 256] = {
    let mut class = [ENCODE; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~') {
            class[b] = KEEP;
        }
        b += 1;
    }
    class
};

/// The value of an upper-case hex digit.
#[cfg(feature = "signature")]
fn upper_hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Whether the escape at `raw[at]` (a `%`) is canonical: two upper-case hex
/// digits of a byte that must be encoded.
#[cfg(feature = "signature")]
fn canonical_escape(raw: &[u8], at: usize) -> bool {
    let digit = |i: usize| raw.get(at + i).copied().and_then(upper_hex);
    match (digit(1), digit(2)) {
        (Some(high), Some(low)) => CLASS[usize::from(high << 4 | low)] != KEEP,
        _ => false,
    }
}

/// Whether raw bytes are already in canonical form: unreserved bytes, and
/// `%XY` (upper-case hex) only for bytes that must be encoded.
#[cfg(feature = "signature")]
fn is_canonical(raw: &[u8]) -> bool {
    // Most names and values hold no escape at all: a branch-free pass.
    if raw.iter().fold(KEEP, |any, &b| any | CLASS[usize::from(b)]) == KEEP {
        return true;
    }
    let mut skip = 0;
    for (i, &b) in raw.iter().enumerate() {
        if skip > 0 {
            skip -= 1;
        } else if b == b'%' && canonical_escape(raw, i) {
            skip = 2;
        } else if CLASS[usize::from(b)] != KEEP {
            return false;
        }
    }
    true
}

/// Appends the `name=value` segments of a raw query or form body, in
/// canonical form (empty segments skipped, a segment without `=` has an
/// empty value). A part already canonical as sent is borrowed; the others
/// are decoded (`+` a space, `%XY` a byte) and encoded. Works on bytes:
/// what was sent need not be UTF-8.
#[cfg(feature = "signature")]
pub(crate) fn canonical_segments<'a>(raw: &'a [u8], out: &mut Vec<CanonicalPair<'a>>) {
    // Checking the UTF-8 of the whole input once lets each canonical part
    // be a slice of it.
    segments(raw, std::str::from_utf8(raw).ok(), out);
}

/// [`canonical_segments`] of text (a query): no UTF-8 check needed.
#[cfg(feature = "signature")]
pub(crate) fn canonical_str_segments<'a>(text: &'a str, out: &mut Vec<CanonicalPair<'a>>) {
    segments(text.as_bytes(), Some(text), out);
}

/// The segments of `raw`; `text` is the same bytes when they are UTF-8.
#[cfg(feature = "signature")]
fn segments<'a>(raw: &'a [u8], text: Option<&'a str>, out: &mut Vec<CanonicalPair<'a>>) {
    out.reserve(memchr::memchr_iter(b'&', raw).count() + 1);
    let part = |from: usize, bytes: &'a [u8]| -> Cow<'a, str> {
        match text.and_then(|t| t.get(from..from + bytes.len())) {
            Some(borrowed) if is_canonical(bytes) => Cow::Borrowed(borrowed),
            _ => Cow::Owned(
                percent_encoding::percent_encode(&decode_bytes(bytes), UNRESERVED).to_string(),
            ),
        }
    };
    let mut start = 0;
    while start <= raw.len() {
        let rest = raw.get(start..).unwrap_or_default();
        let length = memchr::memchr(b'&', rest).unwrap_or(rest.len());
        let segment = rest.get(..length).unwrap_or_default();
        if !segment.is_empty() {
            let (name, value) = match memchr::memchr(b'=', segment) {
                Some(at) => (
                    segment.get(..at).unwrap_or_default(),
                    segment.get(at + 1..).unwrap_or_default(),
                ),
                None => (segment, &[][..]),
            };
            out.push((part(start, name), part(start + segment.len() - value.len(), value)));
        }
        start += length + 1;
    }
}

/// Sorts canonical pairs by name, in byte order (stable: repeated names
/// keep their order). Names are compared by their first 16 bytes as one
/// number, and in full only when those are equal; pairs that came sorted
/// (as most clients send them) are left as they are.
pub(crate) fn sort_canonical(pairs: &mut Vec<CanonicalPair<'_>>) {
    fn prefix(name: &str) -> u128 {
        let (bytes, mut key) = (name.as_bytes(), [0u8; 16]);
        let n = bytes.len().min(16);
        if let (Some(to), Some(from)) = (key.get_mut(..n), bytes.get(..n)) {
            to.copy_from_slice(from);
        }
        u128::from_be_bytes(key)
    }
    let mut order: Vec<(u128, u32)> =
        pairs.iter().zip(0u32..).map(|(p, i)| (prefix(&p.0), i)).collect();
    // Keys in strictly rising order: already sorted.
    if order.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)) {
        return;
    }
    // By key, and where two keys are equal by the whole name, then by
    // place (stable).
    let name = |i: u32| usize::try_from(i).ok().and_then(|i| pairs.get(i)).map(|p| &p.0);
    let less = |a: &(u128, u32), b: &(u128, u32)| match a.0.cmp(&b.0) {
        std::cmp::Ordering::Equal => (name(a.1), a.1) < (name(b.1), b.1),
        other => other.is_lt(),
    };
    if order.len() <= 64 {
        // Requests come nearly sorted (`InstanceIds.10` after `.9`, the
        // signature's parameters at the end), and are short: an insertion
        // sort moves only what is out of place.
        for i in 1..order.len() {
            let Some(&item) = order.get(i) else { break };
            let mut j = i;
            while let Some(&prev) = order.get(j.wrapping_sub(1))
                && j > 0
                && less(&item, &prev)
            {
                if let Some(slot) = order.get_mut(j) {
                    *slot = prev;
                }
                j -= 1;
            }
            if let Some(slot) = order.get_mut(j) {
                *slot = item;
            }
        }
    } else {
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| (name(a.1), a.1).cmp(&(name(b.1), b.1)))
        });
    }
    let mut sorted = Vec::with_capacity(pairs.len());
    for &(_, i) in &order {
        if let Some(pair) = usize::try_from(i).ok().and_then(|i| pairs.get_mut(i)) {
            sorted.push(std::mem::take(pair));
        }
    }
    *pairs = sorted;
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

#[cfg(all(test, feature = "signature"))]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::pairs::raw_segments;

    /// The obvious canonical form: split, decode, encode.
    fn naive(raw: &[u8]) -> Vec<(String, String)> {
        let encode =
            |b: &[u8]| percent_encoding::percent_encode(&decode_bytes(b), UNRESERVED).to_string();
        raw_segments(raw).map(|(n, v)| (encode(n), encode(v))).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn one_pass_canonical_segments_equal_split_decode_encode(
            raw in prop::collection::vec(prop::sample::select(
                b"aZ9-_.~&=%+ *2AFaf\xc3\xa9\xff\x00".to_vec()), 0..40),
        ) {
            let mut fast = Vec::new();
            canonical_segments(&raw, &mut fast);
            let fast: Vec<(String, String)> =
                fast.into_iter().map(|(n, v)| (n.into_owned(), v.into_owned())).collect();
            prop_assert_eq!(fast, naive(&raw));
        }
    }
}
