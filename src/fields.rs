//! The fields of a response body as its reader finds them, and the
//! [`Picker`] that takes the known ones and keeps the rest: the layer shared
//! by the XML and JSON readers. Also the error of a body that cannot be read.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

/// How deep XML elements may nest (the bodies themselves are two deep).
pub(crate) const MAX_XML_DEPTH: usize = 32;

/// Why a response body could not be read.
///
/// ```
/// use ess_protection::Response;
///
/// let err = Response::from_xml(b"<Error><Code>X</Code></Error>").unwrap_err();
/// assert_eq!(err.to_string(), "root element is <Error>, expected <SetInstancesProtectionResponse>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    kind: BodyErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BodyErrorKind {
    NotUtf8,
    Empty,
    NotXmlOrJson,
    Xml(String),
    Json(String),
    TooDeep,
    Root { expected: &'static str, found: String },
    NotObject,
    Missing(&'static str),
    EmptyField(&'static str),
    NotText(&'static str),
    Duplicate(&'static str),
}

impl BodyError {
    pub(crate) const fn new(kind: BodyErrorKind) -> Self {
        BodyError { kind }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BodyErrorKind::NotUtf8 => f.write_str("body is not UTF-8"),
            BodyErrorKind::Empty => f.write_str("body is empty"),
            BodyErrorKind::NotXmlOrJson => f.write_str("body is neither XML nor JSON"),
            BodyErrorKind::Xml(m) => write!(f, "malformed XML: {m}"),
            BodyErrorKind::Json(m) => write!(f, "malformed JSON: {m}"),
            BodyErrorKind::TooDeep => {
                write!(f, "XML elements nested deeper than {}", MAX_XML_DEPTH)
            }
            BodyErrorKind::Root { expected, found } => {
                write!(f, "root element is <{found}>, expected <{expected}>")
            }
            BodyErrorKind::NotObject => f.write_str("JSON body is not an object"),
            BodyErrorKind::Missing(field) => write!(f, "{field} is missing"),
            BodyErrorKind::EmptyField(field) => write!(f, "{field} is empty"),
            BodyErrorKind::NotText(field) => write!(f, "{field} is not a string"),
            BodyErrorKind::Duplicate(field) => write!(f, "{field} appears twice"),
        }
    }
}

impl std::error::Error for BodyError {}

/// A field of a body as read: text (borrowed from the body where it can
/// be), or any other value.
pub(crate) enum Field<'a> {
    Text(Cow<'a, str>),
    Value(Value),
}

impl Field<'_> {
    pub(crate) fn into_value(self) -> Value {
        match self {
            Field::Text(text) => Value::String(text.into_owned()),
            Field::Value(value) => value,
        }
    }
}

/// A body's fields as read, in order.
pub(crate) type Fields<'a> = Vec<(Cow<'a, str>, Field<'a>)>;

/// Fields a body carried that the model does not know, in order. Values
/// are JSON values; from XML, a text element is a string and an element
/// with children an object (a repeated name, an array).
pub type ExtraFields = Vec<(String, Value)>;

/// The names of the error body's fields, in the documentation's order.
pub(crate) const ERROR_FIELDS: [&str; 5] = ["RequestId", "HostId", "Code", "Message", "Recommend"];
/// The names of the success body's fields.
pub(crate) const RESPONSE_FIELDS: [&str; 1] = ["RequestId"];

/// Takes a body's known fields as they are read, and keeps the others.
pub(crate) struct Picker<'a> {
    names: &'static [&'static str],
    /// The value of each name (there are at most five).
    values: [Option<Cow<'a, str>>; 5],
    extra: ExtraFields,
}

impl<'a> Picker<'a> {
    pub(crate) fn new(names: &'static [&'static str]) -> Self {
        Picker { names, values: Default::default(), extra: Vec::new() }
    }

    pub(crate) fn is_for(&self, names: &'static [&'static str]) -> bool {
        self.names == names
    }

    /// One field of the body: a known one is kept as text (twice, or not
    /// text, is an error), an unknown one as a JSON value.
    pub(crate) fn field(&mut self, name: Cow<'a, str>, field: Field<'a>) -> Result<(), BodyError> {
        let known = self.names.iter().position(|n| *n == name);
        let Some((known, slot)) =
            known.and_then(|i| Some((*self.names.get(i)?, self.values.get_mut(i)?)))
        else {
            self.extra.push((name.into_owned(), field.into_value()));
            return Ok(());
        };
        match field {
            _ if slot.is_some() => Err(BodyError::new(BodyErrorKind::Duplicate(known))),
            Field::Text(text) => {
                *slot = Some(text);
                Ok(())
            }
            Field::Value(_) => Err(BodyError::new(BodyErrorKind::NotText(known))),
        }
    }

    /// The unknown fields (repeated XML names merged into arrays).
    pub(crate) fn extra(&mut self) -> ExtraFields {
        let extra = std::mem::take(&mut self.extra);
        if extra.len() > 1 { merge_repeated(extra) } else { extra }
    }

    pub(crate) fn take(&mut self, i: usize) -> Option<Cow<'a, str>> {
        self.values.get_mut(i).and_then(Option::take)
    }

    /// A field that must be present (it may be empty).
    pub(crate) fn present(
        &mut self,
        i: usize,
        name: &'static str,
    ) -> Result<Cow<'a, str>, BodyError> {
        self.take(i).ok_or(BodyError::new(BodyErrorKind::Missing(name)))
    }

    /// A field that must be present and non-empty.
    pub(crate) fn required(
        &mut self,
        i: usize,
        name: &'static str,
    ) -> Result<Cow<'a, str>, BodyError> {
        let value = self.present(i, name)?;
        if value.is_empty() {
            return Err(BodyError::new(BodyErrorKind::EmptyField(name)));
        }
        Ok(value)
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
