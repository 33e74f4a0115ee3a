//! The XML writer of the response bodies: an element per field, each on
//! its own line, indented by two spaces a level; only what XML 1.0 can
//! carry (see `xml_chars.rs`).

use std::fmt::Write as _;

use serde_json::Value;

use crate::fields::Sink;
use crate::xml_chars::{escape_text, is_name};

/// An XML document written element by element: a root and its children,
/// each on its own line, indented by two spaces a level.
pub struct Element {
    out: String,
    root: &'static str,
}

impl Element {
    /// A document whose root is `root`, without an XML declaration (as the
    /// reference page shows success bodies).
    pub(crate) fn root(root: &'static str) -> Self {
        Element { out: format!("<{root}>\n"), root }
    }

    /// A document with the XML declaration (as the documentation shows
    /// error bodies).
    pub(crate) fn document(root: &'static str) -> Self {
        Element { out: format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root}>\n"), root }
    }

    /// A child of any value.
    fn value(&mut self, name: &str, value: &Value) {
        write_element(&mut self.out, 1, name, value);
    }

    pub(crate) fn finish(mut self) -> String {
        let _ = writeln!(self.out, "</{}>", self.root);
        self.out
    }
}

impl Sink for Element {
    fn text(&mut self, name: &str, value: &str) {
        if is_name(name) {
            let _ = writeln!(self.out, "  <{name}>{}</{name}>", escape_text(value));
        }
    }

    fn integer(&mut self, name: &str, value: u64) {
        let _ = writeln!(self.out, "  <{name}>{value}</{name}>");
    }

    /// Each item's fields in the order it serializes them: serialized to
    /// JSON, then read back in order (a JSON value's object would sort them).
    fn list<T: serde::Serialize>(&mut self, name: &str, item: &str, items: &[T], _: bool) {
        let _ = writeln!(self.out, "  <{name}>");
        for value in items {
            let _ = writeln!(self.out, "    <{item}>");
            let text = serde_json::to_vec(value).unwrap_or_default();
            for (field, value) in crate::json::object(&text).unwrap_or_default() {
                write_element(&mut self.out, 3, &field, &value.into_value());
            }
            let _ = writeln!(self.out, "    </{item}>");
        }
        let _ = writeln!(self.out, "  </{name}>");
    }

    fn extra(&mut self, extra: &[(String, Value)]) {
        for (name, value) in extra {
            self.value(name, value);
        }
    }

    fn wraps_lists(&self) -> bool {
        true
    }
}

/// Writes `<name>value</name>` on its own indented line. A string is text;
/// an object, nested elements; an array, the element repeated; a number or
/// bool, its JSON text; null, an empty element.
fn write_element(out: &mut String, depth: usize, name: &str, value: &Value) {
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
            let _ = writeln!(out, "{indent}<{name}>{}</{name}>", escape_text(s));
        }
        other => {
            let _ = writeln!(out, "{indent}<{name}>{other}</{name}>");
        }
    }
}
