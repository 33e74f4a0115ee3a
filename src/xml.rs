//! A small XML reader for the response bodies, on quick-xml's event API:
//! linear in the input, depth-limited, no entity expansion beyond XML's
//! five predefined entities and character references. It refuses what the
//! writer (`xml_write.rs`) could not write back (`xml_chars.rs`).

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use serde_json::{Map, Value};

use crate::fields::{BodyError, BodyErrorKind, Field, Fields, MAX_XML_DEPTH, Picker};
use crate::xml_chars::{is_name, is_xml_char, not_xml};

struct Frame<'a> {
    name: Cow<'static, str>,
    /// The text so far (borrowed from the body while it is one piece).
    text: Cow<'a, str>,
    /// Children of an element below the root (the root's go to the picker).
    children: Fields<'a>,
    has_children: bool,
}

impl Frame<'_> {
    fn new(name: &str) -> Self {
        // The names the bodies use are kept without a copy.
        let name = match name {
            "RequestId" => Cow::Borrowed("RequestId"),
            "HostId" => Cow::Borrowed("HostId"),
            "Code" => Cow::Borrowed("Code"),
            "Message" => Cow::Borrowed("Message"),
            "Recommend" => Cow::Borrowed("Recommend"),
            "Error" => Cow::Borrowed("Error"),
            "SetInstancesProtectionResponse" => Cow::Borrowed("SetInstancesProtectionResponse"),
            "ScalingActivityId" => Cow::Borrowed("ScalingActivityId"),
            other => Cow::Owned(other.to_owned()),
        };
        Frame { name, text: Cow::Borrowed(""), children: Vec::new(), has_children: false }
    }
}

/// The open elements: the first three in place (a body is two deep), any
/// deeper ones on the heap.
struct Stack<'a> {
    inline: [Option<Frame<'a>>; 3],
    len: usize,
    spill: Vec<Frame<'a>>,
}

impl<'a> Stack<'a> {
    fn new() -> Self {
        Stack { inline: [None, None, None], len: 0, spill: Vec::new() }
    }

    fn depth(&self) -> usize {
        self.len + self.spill.len()
    }

    fn push(&mut self, frame: Frame<'a>) {
        match self.inline.get_mut(self.len) {
            Some(slot) => {
                *slot = Some(frame);
                self.len += 1;
            }
            None => self.spill.push(frame),
        }
    }

    fn pop(&mut self) -> Option<Frame<'a>> {
        if let Some(frame) = self.spill.pop() {
            return Some(frame);
        }
        self.len = self.len.checked_sub(1)?;
        self.inline.get_mut(self.len).and_then(Option::take)
    }

    fn last_mut(&mut self) -> Option<&mut Frame<'a>> {
        if let Some(frame) = self.spill.last_mut() {
            return Some(frame);
        }
        self.inline.get_mut(self.len.checked_sub(1)?).and_then(Option::as_mut)
    }
}

/// XML's whitespace: space, tab, carriage return, line feed (not Unicode's).
fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn malformed(message: impl std::fmt::Display, at: u64) -> BodyError {
    BodyError::new(BodyErrorKind::Xml(format!("{message} at byte {at}")))
}

/// Adds text to the innermost open element. Once an element has children,
/// only whitespace may follow (text mixed with elements is malformed), and
/// that whitespace is not kept.
fn add_text<'a>(stack: &mut Stack<'a>, text: Cow<'a, str>, at: u64) -> Result<(), BodyError> {
    let Some(frame) = stack.last_mut() else {
        return if text.bytes().all(is_xml_space) {
            Ok(())
        } else {
            Err(malformed("text outside the root element", at))
        };
    };
    if frame.has_children {
        if text.bytes().all(is_xml_space) {
            return Ok(());
        }
        return Err(malformed(format_args!("text mixed with elements in <{}>", frame.name), at));
    }
    if frame.text.is_empty() {
        frame.text = text;
    } else {
        frame.text.to_mut().push_str(&text);
    }
    Ok(())
}

/// Parses a whole XML document into the picker that `choose` gives for its
/// root element. quick-xml checks the UTF-8 of everything it reads; a
/// failure is reported as the body not being UTF-8.
pub(crate) fn parse<'a>(
    body: &'a [u8],
    choose: impl FnOnce(&str) -> Result<Picker<'a>, BodyError>,
) -> Result<Picker<'a>, BodyError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    parse_utf8(body, choose).map_err(|e| {
        if std::str::from_utf8(body).is_err() { BodyError::new(BodyErrorKind::NotUtf8) } else { e }
    })
}

fn parse_utf8<'a>(
    body: &'a [u8],
    choose: impl FnOnce(&str) -> Result<Picker<'a>, BodyError>,
) -> Result<Picker<'a>, BodyError> {
    let mut reader = Reader::from_reader(body);
    let mut stack = Stack::new();
    let mut choose = Some(choose);
    let mut picker: Option<Picker<'a>> = None;
    let mut done = false;
    // An event read ahead (by the fast path below), with its position.
    let mut pending: Option<(u64, Event<'a>)> = None;
    let next = |reader: &mut Reader<&'a [u8]>| {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| malformed(e, reader.error_position()))?;
        Ok::<_, BodyError>((at, event))
    };
    loop {
        let (at, event) = match pending.take() {
            Some(read) => read,
            None => next(&mut reader)?,
        };
        let (Event::Start(e) | Event::Empty(e)) = &event else {
            match event {
                Event::End(_) => match stack.pop() {
                    Some(frame) => close(frame, &mut stack, picker.as_mut(), &mut done, at)?,
                    None => return Err(malformed("an end tag without a start tag", at)),
                },
                // Whitespace between elements needs no normalizing: it is dropped.
                Event::Text(t)
                    if t.bytes().all(is_xml_space)
                        && stack.last_mut().is_none_or(|f| f.has_children) => {}
                Event::Text(t) => add_text(&mut stack, t.xml10_content(), at)?,
                Event::CData(t) => {
                    if stack.depth() == 0 {
                        return Err(malformed("text outside the root element", at));
                    }
                    add_text(&mut stack, Cow::Owned(t.xml10_content().into_owned()), at)?;
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) if !is_xml_char(c) => {
                            let code = u32::from(c);
                            return Err(malformed(
                                format_args!("&#{code}; is not a character of XML 1.0"),
                                at,
                            ));
                        }
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
                    if stack.depth() == 0 {
                        return Err(malformed("text outside the root element", at));
                    }
                    add_text(&mut stack, Cow::Owned(resolved), at)?;
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
                Event::Eof => {
                    if stack.depth() > 0 {
                        return Err(malformed("unclosed element", at));
                    }
                    return picker.ok_or_else(|| {
                        BodyError::new(BodyErrorKind::Xml("no root element".into()))
                    });
                }
                Event::Start(_) | Event::Empty(_) => {}
            }
            continue;
        };
        let name = e.name();
        if done {
            return Err(malformed("a second root element", at));
        }
        if stack.depth() >= MAX_XML_DEPTH {
            return Err(BodyError::new(BodyErrorKind::TooDeep));
        }
        if let Some(choose) = choose.take() {
            picker = Some(choose(name.as_ref())?);
        }
        let mut frame = Frame::new(name.as_ref());
        if matches!(event, Event::Empty(_)) {
            close(frame, &mut stack, picker.as_mut(), &mut done, at)?;
            continue;
        }
        if stack.depth() != 1 {
            stack.push(frame);
            continue;
        }
        // A child of the root, most often `<Name>text</Name>`: read ahead
        // and close it at once, without pushing it. Anything else takes the
        // general path, the event read ahead still to come.
        let (text_at, text) = next(&mut reader)?;
        let (end_at, end) = match text {
            Event::Text(t) => {
                frame.text = t.xml10_content();
                next(&mut reader)?
            }
            other => (text_at, other),
        };
        if matches!(end, Event::End(_)) {
            close(frame, &mut stack, picker.as_mut(), &mut done, end_at)?;
        } else {
            stack.push(frame);
            pending = Some((end_at, end));
        }
    }
}

/// Ends an element: a child of the root goes to the picker, a deeper one to
/// its parent; the root ends the document.
fn close<'a>(
    frame: Frame<'a>,
    stack: &mut Stack<'a>,
    picker: Option<&mut Picker<'a>>,
    done: &mut bool,
    at: u64,
) -> Result<(), BodyError> {
    let Frame { name, text, children, has_children } = frame;
    let root_child = stack.depth() == 1;
    let Some(parent) = stack.last_mut() else {
        *done = true;
        return Ok(());
    };
    // What the writer cannot write back is not taken either, so that a body
    // read from XML renders to XML that reads back the same: a text with a
    // character XML 1.0 cannot carry, a name the reader does not know by
    // heart (an owned one) that is not one the writer writes.
    if let Some(c) = not_xml(&text).and_then(|i| text.get(i..)?.chars().next()) {
        let code = u32::from(c);
        return Err(malformed(
            format_args!("U+{code:04X} in <{name}> is not a character of XML 1.0"),
            at,
        ));
    }
    if matches!(name, Cow::Owned(_)) && !is_name(&name) {
        return Err(malformed(
            format_args!(
                "<{name}> is not an element name this crate reads (an XML 1.0 name, no colon)"
            ),
            at,
        ));
    }
    if !parent.text.bytes().all(is_xml_space) {
        return Err(malformed(format_args!("text mixed with elements in <{}>", parent.name), at));
    }
    parent.text = Cow::Borrowed("");
    parent.has_children = true;
    let field =
        if has_children { Field::Value(Value::Object(group(children))) } else { Field::Text(text) };
    match picker {
        Some(picker) if root_child => picker.field(name, field),
        _ => {
            parent.children.push((name, field));
            Ok(())
        }
    }
}

/// Children as a JSON-like object: a repeated name becomes an array.
fn group(children: Fields<'_>) -> Map<String, Value> {
    let mut map = Map::new();
    for (name, field) in children {
        push(&mut map, name.into_owned(), field.into_value());
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
