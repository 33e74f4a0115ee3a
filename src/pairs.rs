//! Bytes to pairs: the query part of a URL, form decoding, and
//! [`parse_pairs`], which knows no model.

use std::borrow::Cow;

use percent_encoding::percent_decode;

use crate::problem::{Problem, ProblemKind};

/// Decodes a query string (bare, with a leading `?`, or a whole URL) into
/// its `(name, value)` pairs, in order, without any model or validation: for
/// signing or verifying any request, of any operation. Empty pairs (`&&`)
/// are skipped, a pair without `=` has an empty value, `+` is a space.
///
/// ```
/// let pairs = ess_protection::parse_pairs("?Action=DescribeRegions&b=x+y%21&c")?;
/// assert_eq!(pairs, [("Action".into(), "DescribeRegions".into()), ("b".into(), "x y!".into()), ("c".into(), String::new())]);
/// # Ok::<(), ess_protection::Problem>(())
/// ```
///
/// # Errors
///
/// When a name or value is not UTF-8 once percent-decoded.
pub fn parse_pairs(input: impl AsRef<[u8]>) -> Result<Vec<(String, String)>, Problem> {
    raw_segments(query_part(input.as_ref().trim_ascii()))
        .map(|(name, value)| {
            let shown = || String::from_utf8_lossy(name).into_owned();
            let name = decode(name).ok_or_else(|| Problem::new(shown(), ProblemKind::NotUtf8))?;
            let value =
                decode(value).ok_or_else(|| Problem::new(name.as_ref(), ProblemKind::NotUtf8))?;
            Ok((name.into_owned(), value.into_owned()))
        })
        .collect()
}

/// The query of a URL, or the input itself without a leading `?`.
pub(crate) fn query_part(input: &[u8]) -> &[u8] {
    let is_url = ["http://", "https://"].iter().any(|scheme| {
        input.get(..scheme.len()).is_some_and(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
    });
    if is_url {
        let query = match input.iter().position(|&b| b == b'?') {
            Some(at) => input.get(at + 1..).unwrap_or_default(),
            None => &[],
        };
        match query.iter().position(|&b| b == b'#') {
            Some(at) => query.get(..at).unwrap_or_default(),
            None => query,
        }
    } else {
        input.strip_prefix(b"?").unwrap_or(input)
    }
}

/// Percent-decodes a form name or value (`+` is a space), refusing what is
/// not UTF-8 afterwards. Borrows when there is nothing to decode.
pub(crate) fn decode(raw: &[u8]) -> Option<Cow<'_, str>> {
    match decode_bytes(raw) {
        Cow::Borrowed(bytes) => std::str::from_utf8(bytes).ok().map(Cow::Borrowed),
        Cow::Owned(bytes) => String::from_utf8(bytes).ok().map(Cow::Owned),
    }
}

/// Percent-decodes a form name or value to bytes (`+` is a space),
/// borrowing when there is nothing to decode.
pub(crate) fn decode_bytes(raw: &[u8]) -> Cow<'_, [u8]> {
    if raw.contains(&b'+') {
        let spaced: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
        Cow::Owned(percent_decode(&spaced).collect())
    } else {
        percent_decode(raw).into()
    }
}

/// The `name=value` segments of a query or form body, raw (as sent):
/// empty segments skipped, a segment without `=` has an empty value.
pub(crate) fn raw_segments(input: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    input.split(|&b| b == b'&').filter(|segment| !segment.is_empty()).map(|segment| {
        match segment.iter().position(|&b| b == b'=') {
            Some(at) => {
                (segment.get(..at).unwrap_or_default(), segment.get(at + 1..).unwrap_or_default())
            }
            None => (segment, &[][..]),
        }
    })
}
