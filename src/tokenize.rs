//! Bytes to pairs: a query string or form body tokenized into a
//! [`Decoder`]'s pairs in one pass, names and values borrowed from the
//! input where nothing needed decoding, and the reference page's sample
//! defects (line breaks, whitespace, the placeholder) noted as they come.

use std::borrow::Cow;

use crate::decode::{Decoder, Pair};
use crate::pairs::decode;
use crate::problem::{Defect, ProblemKind};

/// What the single pass over a query notes of each byte.
const AMPERSAND: u8 = 1;
const EQUALS: u8 = 2;
const ESCAPE: u8 = 3;
const WHITESPACE: u8 = 4;
const DOT: u8 = 5;

/// The class of every byte: most are 0, nothing to note.
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    class[b'&' as usize] = AMPERSAND;
    class[b'=' as usize] = EQUALS;
    class[b'%' as usize] = ESCAPE;
    class[b'+' as usize] = ESCAPE;
    class[b' ' as usize] = WHITESPACE;
    class[b'\t' as usize] = WHITESPACE;
    class[b'\n' as usize] = WHITESPACE;
    class[b'\r' as usize] = WHITESPACE;
    class[0x0c] = WHITESPACE;
    class[b'.' as usize] = DOT;
    class
};

/// What the pass has seen of the current segment.
struct Scan {
    start: usize,
    eq: Option<usize>,
    /// The first `.` of the name: a list key's.
    dot: Option<usize>,
    escaped_name: bool,
    escaped_value: bool,
    whitespace: bool,
}

impl Scan {
    fn new(start: usize) -> Self {
        Scan {
            start,
            eq: None,
            dot: None,
            escaped_name: false,
            escaped_value: false,
            whitespace: false,
        }
    }
}

/// Tokenizes a query or form body into the decoder's pairs, in one pass:
/// names and values are slices of the input where nothing needed decoding.
pub(crate) fn feed<'a>(d: &mut Decoder<'a>, input: &'a [u8]) {
    // Validating the whole input once lets every unescaped name and value
    // be a slice of it, without a UTF-8 check of its own.
    let text = std::str::from_utf8(input).ok();
    // One allocation for the pairs: at most one a `&`, and one more.
    d.pairs.reserve(memchr::memchr_iter(b'&', input).count() + 1);
    let mut scan = Scan::new(0);
    for (i, &b) in input.iter().enumerate() {
        match CLASS[usize::from(b)] {
            0 => {}
            AMPERSAND => {
                segment(d, input, text, &scan, i);
                scan = Scan::new(i + 1);
            }
            EQUALS if scan.eq.is_none() => scan.eq = Some(i),
            EQUALS => {}
            ESCAPE if scan.eq.is_none() => scan.escaped_name = true,
            ESCAPE => scan.escaped_value = true,
            DOT if scan.eq.is_none() && scan.dot.is_none() => scan.dot = Some(i),
            DOT => {}
            _ => scan.whitespace = true,
        }
    }
    segment(d, input, text, &scan, input.len());
}

/// One `name=value` segment, `scan.start..end` of the input.
fn segment<'a>(
    d: &mut Decoder<'a>,
    input: &'a [u8],
    text: Option<&'a str>,
    scan: &Scan,
    end: usize,
) {
    d.report.at = d.pairs.len();
    let bytes = |from: usize, to: usize| input.get(from..to).unwrap_or_default();
    let (name_end, value_start) = scan.eq.map_or((end, None), |at| (at, Some(at + 1)));
    let (name, value) = (bytes(scan.start, name_end), value_start.map(|v| bytes(v, end)));
    if scan.whitespace {
        return segment_with_whitespace(d, bytes(scan.start, end), name, value);
    }
    if name.is_empty() && value.is_none() {
        return;
    }
    if value.is_none() && name.starts_with(b"<") && name.ends_with(b">") {
        d.placeholder = true;
        return d.defect(String::from_utf8_lossy(name), Defect::Placeholder);
    }
    // An unescaped part of valid UTF-8 input is a slice of it.
    let part = |from: usize, to: usize, escaped: bool| match text {
        Some(text) if !escaped => text.get(from..to).map(Cow::Borrowed),
        _ => decode(bytes(from, to)),
    };
    let Some(decoded) = part(scan.start, name_end, scan.escaped_name) else {
        return d.report.problem(String::from_utf8_lossy(name), ProblemKind::NotUtf8);
    };
    let value = part(value_start.unwrap_or(end), end, scan.escaped_value);
    if value.is_none() {
        d.report.problem(decoded.as_ref(), ProblemKind::NotUtf8);
    }
    // Where nothing was decoded, the name's `.` is where the pass saw it.
    let pair = match (scan.escaped_name, scan.dot) {
        (false, dot) => Pair { dot: dot.map(|at| at - scan.start), name: decoded, value },
        (true, _) => Pair::new(decoded, value),
    };
    d.pairs.push(pair);
}

/// A segment with unencoded whitespace: the reference page's sample
/// defects (line breaks, whitespace in and around names and values).
fn segment_with_whitespace<'a>(
    d: &mut Decoder<'a>,
    segment: &'a [u8],
    raw_name: &'a [u8],
    raw_value: Option<&'a [u8]>,
) {
    let name = raw_name.trim_ascii();
    let value = raw_value.map(<[u8]>::trim_ascii);
    // The name as it came, for messages only.
    let shown = || String::from_utf8_lossy(name).into_owned();

    if value.is_none() && name.starts_with(b"<") && name.ends_with(b">") {
        d.placeholder = true;
        return d.defect(shown(), Defect::Placeholder);
    }
    if segment.trim_ascii().is_empty() {
        // Only whitespace between two `&`.
        let defect = if segment.iter().any(|b| matches!(b, b'\r' | b'\n')) {
            Defect::LineBreak
        } else {
            Defect::WhitespaceInName
        };
        return d.defect("(query)", defect);
    }

    let raw_value = raw_value.unwrap_or_default();
    let line_break = |b: &u8| matches!(b, b'\r' | b'\n');
    let space = |b: &u8| b.is_ascii_whitespace() && !line_break(b);
    if edges(raw_name).chain(edges(raw_value)).any(line_break) {
        d.defect(shown(), Defect::LineBreak);
    }
    let inner_space = name.iter().any(u8::is_ascii_whitespace);
    if inner_space || edges(raw_name).any(space) {
        d.defect(shown(), Defect::WhitespaceInName);
    }
    if edges(raw_value).any(space) {
        d.defect(shown(), Defect::WhitespaceAroundValue);
    }

    let decoded = if inner_space {
        let joined: Vec<u8> = name.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
        decode(&joined).map(|n| Cow::Owned(n.into_owned()))
    } else {
        decode(name)
    };
    let Some(name) = decoded else {
        return d.report.problem(shown(), ProblemKind::NotUtf8);
    };
    let value = decode(value.unwrap_or_default());
    if value.is_none() {
        d.report.problem(name.as_ref(), ProblemKind::NotUtf8);
    }
    d.pairs.push(Pair::new(name, value));
}

/// The unencoded whitespace at each end of a raw name or value.
fn edges(raw: &[u8]) -> impl Iterator<Item = &u8> {
    let lead = raw.len() - raw.trim_ascii_start().len();
    let trail = raw.len() - raw.trim_ascii_end().len();
    let start = raw.get(..lead).unwrap_or_default();
    let end = raw.get(raw.len().saturating_sub(trail).max(lead)..).unwrap_or_default();
    start.iter().chain(end)
}
