//! A small XML reader and writer for the response bodies, on quick-xml's
//! event API: linear in the input, depth-limited, no entity expansion
//! beyond XML's five predefined entities and character references.

use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::escape::{partial_escape, resolve_predefined_entity};
use quick_xml::events::Event;
use serde_json::{Map, Value};

use crate::body::{BodyError, BodyErrorKind};

/// How deep elements may nest (the bodies themselves are two deep).
pub(crate) const MAX_DEPTH: usize = 32;

/// A parsed document: the root element's name and its children, in order.
/// A text-only child is a `Value::String`; a child with elements is a
/// `Value::Object` (repeated names become a `Value::Array`). Attributes,
/// comments and processing instructions are not kept.
pub(crate) struct Document {
    pub(crate) root: String,
    pub(crate) children: Vec<(String, Value)>,
}

struct Frame {
    name: String,
    text: String,
    children: Vec<(String, Value)>,
}

impl Frame {
    fn new(name: &str) -> Self {
        Frame { name: name.to_owned(), text: String::new(), children: Vec::new() }
    }
}

fn malformed(message: impl std::fmt::Display, at: u64) -> BodyError {
    BodyError::new(BodyErrorKind::Xml(format!("{message} at byte {at}")))
}

/// Parses a whole XML document (already checked to be UTF-8).
pub(crate) fn parse(text: &str) -> Result<Document, BodyError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut done: Option<Document> = None;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| malformed(e, reader.error_position()))?;
        match event {
            Event::Start(_) | Event::Empty(_) if done.is_some() => {
                return Err(malformed("a second root element", at));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(BodyError::new(BodyErrorKind::TooDeep));
                }
                stack.push(Frame::new(e.name().as_ref()));
            }
            Event::Empty(e) => {
                let frame = Frame::new(e.name().as_ref());
                close(frame, &mut stack, &mut done, at)?;
            }
            Event::End(_) => match stack.pop() {
                Some(frame) => close(frame, &mut stack, &mut done, at)?,
                None => return Err(malformed("an end tag without a start tag", at)),
            },
            Event::Text(t) => match stack.last_mut() {
                Some(frame) => frame.text.push_str(&t.xml10_content()),
                None if t.xml10_content().trim().is_empty() => {}
                None => return Err(malformed("text outside the root element", at)),
            },
            Event::CData(t) => match stack.last_mut() {
                Some(frame) => frame.text.push_str(&t.xml10_content()),
                None => return Err(malformed("text outside the root element", at)),
            },
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&r.xml10_content()) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(malformed(
                                format_args!("unknown entity &{};", r.xml10_content()),
                                at,
                            ));
                        }
                    },
                    Err(e) => return Err(malformed(e, at)),
                };
                match stack.last_mut() {
                    Some(frame) => frame.text.push_str(&resolved),
                    None => return Err(malformed("text outside the root element", at)),
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => {
                if !stack.is_empty() {
                    return Err(malformed("unclosed element", at));
                }
                return done
                    .ok_or_else(|| BodyError::new(BodyErrorKind::Xml("no root element".into())));
            }
        }
    }
}

/// Ends an element: it becomes its parent's child, or the document.
fn close(
    frame: Frame,
    stack: &mut [Frame],
    done: &mut Option<Document>,
    at: u64,
) -> Result<(), BodyError> {
    let Frame { name, text, children } = frame;
    if !children.is_empty() && !text.trim().is_empty() {
        return Err(malformed(format_args!("text mixed with elements in <{name}>"), at));
    }
    let Some(parent) = stack.last_mut() else {
        *done = Some(Document { root: name, children });
        return Ok(());
    };
    let value =
        if children.is_empty() { Value::String(text) } else { Value::Object(group(children)) };
    parent.children.push((name, value));
    Ok(())
}

/// Children as a JSON-like object: a repeated name becomes an array.
fn group(children: Vec<(String, Value)>) -> Map<String, Value> {
    let mut map = Map::new();
    for (name, value) in children {
        push(&mut map, name, value);
    }
    map
}

fn push(map: &mut Map<String, Value>, name: String, value: Value) {
    match map.get_mut(&name) {
        Some(Value::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
        None => {
            map.insert(name, value);
        }
    }
}

/// Merges repeated names among top-level unknown fields, in the place of the
/// first, as XML has no arrays.
pub(crate) fn merge_repeated(fields: Vec<(String, Value)>) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::with_capacity(fields.len());
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (name, value) in fields {
        match seen.get(&name).and_then(|&i| out.get_mut(i)) {
            Some((_, Value::Array(items))) => items.push(value),
            Some((_, existing)) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                seen.insert(name.clone(), out.len());
                out.push((name, value));
            }
        }
    }
    out
}

/// Writes `<name>value</name>` on its own indented line. A string is text;
/// an object, nested elements; an array, the element repeated; a number or
/// bool, its JSON text; null, an empty element.
pub(crate) fn write_element(out: &mut String, depth: usize, name: &str, value: &Value) {
    if !is_name(name) {
        // Only a JSON body can bring such a name; XML cannot write it.
        return;
    }
    let indent = "  ".repeat(depth);
    match value {
        Value::Array(items) => {
            for item in items {
                write_element(out, depth, name, item);
            }
        }
        Value::Object(map) => {
            let _ = writeln!(out, "{indent}<{name}>");
            for (child, v) in map {
                write_element(out, depth + 1, child, v);
            }
            let _ = writeln!(out, "{indent}</{name}>");
        }
        Value::Null => {
            let _ = writeln!(out, "{indent}<{name}/>");
        }
        Value::String(s) => {
            let _ = writeln!(out, "{indent}<{name}>{}</{name}>", partial_escape(s.as_str()));
        }
        other => {
            let _ = writeln!(out, "{indent}<{name}>{other}</{name}>");
        }
    }
}

/// Whether `name` can be written as an XML element name (XML 1.0 names,
/// with every non-ASCII character allowed).
pub(crate) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    let start = |c: char| c.is_ascii_alphabetic() || c == '_' || c == ':' || !c.is_ascii();
    chars.next().is_some_and(start)
        && chars.all(|c| start(c) || c.is_ascii_digit() || c == '-' || c == '.')
        && !name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("xml"))
}
