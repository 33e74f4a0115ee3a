//! What XML 1.0 can carry: its characters, its element names, and text
//! escaped so that any reader takes it back as it was. Shared by the
//! reader (`xml.rs`), which refuses what the writer could not write back,
//! and the writer (`xml_write.rs`).

use std::borrow::Cow;

/// Text as element content that any XML 1.0 reader takes back as it was:
/// `&`, `<` and `>` as entities, a carriage return as `&#13;` (a reader
/// would turn a raw one into a line feed), and each character XML 1.0
/// cannot carry at all (the controls but tab, line feed and carriage
/// return; U+FFFE and U+FFFF) as U+FFFD, the replacement character: no
/// reference can write them either. Borrowed when nothing changes.
pub(crate) fn escape_text(text: &str) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '&' | '<' | '>' | '\r') || !is_xml_char(c);
    let Some(first) = text.find(special) else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len() + 16);
    let (clean, rest) = text.split_at(first);
    out.push_str(clean);
    for c in rest.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push(char::REPLACEMENT_CHARACTER),
        }
    }
    Cow::Owned(out)
}

/// Where the first character of `text` that XML 1.0 cannot carry starts,
/// if any: a control character but tab, line feed and carriage return, or
/// U+FFFE or U+FFFF. A pass eight bytes at a time looks for any byte below
/// 0x20 or equal to 0xEF (the lead byte of both); the characters are read
/// only when one shows (a value's text seldom has a line break).
pub(crate) fn not_xml(text: &str) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut suspect = 0u64;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        let ef = x ^ (ONES * 0xEF);
        // A byte below 0x20, or a byte of `ef` that is zero.
        suspect |= (x.wrapping_sub(ONES * 0x20) & !x | ef.wrapping_sub(ONES) & !ef) & HIGH;
    }
    let tail = words.remainder().iter().any(|&b| b < 0x20 || b == 0xEF);
    if suspect == 0 && !tail {
        return None;
    }
    text.char_indices().find(|&(_, c)| !is_xml_char(c)).map(|(at, _)| at)
}

/// XML 1.0's `Char`: tab, line feed, carriage return, and every other
/// character from U+0020 but U+FFFE and U+FFFF (a Rust `char` is never a
/// surrogate).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `name` can be written as an XML element name: an XML 1.0 `Name`
/// (fifth edition) without a colon (a namespace-aware reader would want its
/// prefix declared), not starting with `xml` in any case (reserved).
pub(crate) fn is_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let reserved = bytes.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(b"xml"));
    if name.is_ascii() {
        // Every name the API itself uses: one pass over the bytes.
        return !reserved
            && bytes.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
            && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    }
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start)
        && chars.all(|c| {
            is_name_start(c)
                || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
        })
        && !reserved
}

/// XML 1.0's `NameStartChar`, but the colon.
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// The scan of the bytes finds what a scan of the characters finds.
        #[test]
        fn not_xml_finds_the_first_character_xml_cannot_carry(
            text in "[a\\x00-\\x1f\\t\\n\\r\\u{ef}\\u{fffd}\\u{fffe}\\u{ffff}\\u{10000}]{0,40}",
        ) {
            let naive = text.char_indices().find(|&(_, c)| !is_xml_char(c)).map(|(at, _)| at);
            prop_assert_eq!(not_xml(&text), naive);
        }
    }
}
