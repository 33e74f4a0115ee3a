//! A response body's fields, whatever the format — serde's `de` and `ser`
//! split, for bodies: the fields as a reader finds them, and the
//! [`Picker`] that takes the known ones and keeps the rest; the [`Sink`]
//! a body writes its fields into. The XML and JSON readers and writers
//! implement them, and know no body. Also the error of a body that cannot
//! be read.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

/// How deep XML elements may nest (the bodies themselves are two deep).
pub(crate) const MAX_XML_DEPTH: usize = 32;

/// Why a response body could not be read.
///
/// ```
/// use ess_protection::SetInstancesProtectionResponse;
///
/// let err = SetInstancesProtectionResponse::from_xml(b"<Error><Code>X</Code></Error>").unwrap_err();
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
    Root {
        expected: &'static str,
        found: String,
    },
    /// A root element that is no body of the API.
    UnknownRoot(String),
    NotObject,
    Missing(&'static str),
    EmptyField(&'static str),
    Kind(&'static str, FieldKind),
    Duplicate(&'static str),
    /// A nested member that is not what it should be; serde's account.
    Nested(&'static str, String),
}

impl BodyError {
    pub(crate) const fn new(kind: BodyErrorKind) -> Self {
        BodyError { kind }
    }

    /// A field whose value is not what it should be.
    pub(crate) fn nested(field: &'static str, detail: String) -> Self {
        BodyError::new(BodyErrorKind::Nested(field, detail))
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
            BodyErrorKind::UnknownRoot(found) => {
                write!(f, "root element is <{found}>, not a body of this API")
            }
            BodyErrorKind::NotObject => f.write_str("JSON body is not an object"),
            BodyErrorKind::Missing(field) => write!(f, "{field} is missing"),
            BodyErrorKind::EmptyField(field) => write!(f, "{field} is empty"),
            BodyErrorKind::Kind(field, FieldKind::Integer) => {
                write!(f, "{field} is not an integer")
            }
            BodyErrorKind::Kind(field, _) => write!(f, "{field} is not a string"),
            BodyErrorKind::Nested(field, detail) => write!(f, "{field}: {detail}"),
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

/// What a known field of a body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text (a JSON string).
    Text,
    /// An integer: a JSON number, or XML text of one.
    Integer,
    /// Anything: a list or an object, read by the body itself.
    Nested,
}

/// A known field of a body: its name and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub(crate) name: &'static str,
    pub(crate) kind: FieldKind,
}

impl FieldSpec {
    pub(crate) const fn text(name: &'static str) -> Self {
        FieldSpec { name, kind: FieldKind::Text }
    }

    pub(crate) const fn integer(name: &'static str) -> Self {
        FieldSpec { name, kind: FieldKind::Integer }
    }

    pub(crate) const fn nested(name: &'static str) -> Self {
        FieldSpec { name, kind: FieldKind::Nested }
    }
}

/// The most known fields a body has.
const MAX_FIELDS: usize = 6;

/// The error body's fields, in the documentation's order.
pub(crate) const ERROR_FIELDS: [FieldSpec; 5] = [
    FieldSpec::text("RequestId"),
    FieldSpec::text("HostId"),
    FieldSpec::text("Code"),
    FieldSpec::text("Message"),
    FieldSpec::text("Recommend"),
];

/// Takes a body's known fields as they are read, and keeps the others.
pub struct Picker<'a> {
    fields: &'static [FieldSpec],
    values: [Option<Field<'a>>; MAX_FIELDS],
    extra: ExtraFields,
}

impl<'a> Picker<'a> {
    pub(crate) fn new(fields: &'static [FieldSpec]) -> Self {
        Picker { fields, values: Default::default(), extra: Vec::new() }
    }

    pub(crate) fn is_for(&self, fields: &'static [FieldSpec]) -> bool {
        self.fields == fields
    }

    /// One field of the body: a known one is kept (twice, or of another
    /// kind, is an error), an unknown one as a JSON value.
    pub(crate) fn field(&mut self, name: Cow<'a, str>, field: Field<'a>) -> Result<(), BodyError> {
        let known = self.fields.iter().position(|f| f.name == name);
        let Some((spec, slot)) =
            known.and_then(|i| Some((*self.fields.get(i)?, self.values.get_mut(i)?)))
        else {
            self.extra.push((name.into_owned(), field.into_value()));
            return Ok(());
        };
        if slot.is_some() {
            return Err(BodyError::new(BodyErrorKind::Duplicate(spec.name)));
        }
        let fits = matches!(
            (&field, spec.kind),
            (Field::Text(_), _)
                | (_, FieldKind::Nested)
                | (Field::Value(Value::Number(_)), FieldKind::Integer)
        );
        if !fits {
            return Err(BodyError::new(BodyErrorKind::Kind(spec.name, spec.kind)));
        }
        *slot = Some(field);
        Ok(())
    }

    /// The unknown fields (repeated XML names merged into arrays).
    pub(crate) fn extra(&mut self) -> ExtraFields {
        let extra = std::mem::take(&mut self.extra);
        if extra.len() > 1 { merge_repeated(extra) } else { extra }
    }

    fn spec(&self, i: usize) -> &'static str {
        self.fields.get(i).map_or("", |f| f.name)
    }

    /// A field as it came.
    pub(crate) fn take_field(&mut self, i: usize) -> Option<Field<'a>> {
        self.values.get_mut(i).and_then(Option::take)
    }

    /// A text field (a number or boolean from JSON, as its text).
    pub(crate) fn take(&mut self, i: usize) -> Option<Cow<'a, str>> {
        match self.take_field(i)? {
            Field::Text(text) => Some(text),
            Field::Value(value) => Some(Cow::Owned(value.to_string())),
        }
    }

    /// A field that must be present (it may be empty).
    pub(crate) fn present(&mut self, i: usize) -> Result<Cow<'a, str>, BodyError> {
        let name = self.spec(i);
        self.take(i).ok_or(BodyError::new(BodyErrorKind::Missing(name)))
    }

    /// A field that must be present and non-empty.
    pub(crate) fn required(&mut self, i: usize) -> Result<Cow<'a, str>, BodyError> {
        let name = self.spec(i);
        let value = self.present(i)?;
        if value.is_empty() {
            return Err(BodyError::new(BodyErrorKind::EmptyField(name)));
        }
        Ok(value)
    }

    /// An integer field, when present.
    pub(crate) fn integer<T: TryFrom<i64> + TryFrom<u64>>(
        &mut self,
        i: usize,
    ) -> Result<Option<T>, BodyError> {
        let name = self.spec(i);
        let bad = || BodyError::new(BodyErrorKind::Kind(name, FieldKind::Integer));
        let value = match self.take_field(i) {
            None => return Ok(None),
            Some(Field::Value(Value::Number(n))) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => T::try_from(u).ok(),
                (None, Some(i)) => T::try_from(i).ok(),
                _ => None,
            },
            Some(Field::Text(text)) => match text.parse::<u64>() {
                Ok(u) => T::try_from(u).ok(),
                Err(_) => text.parse::<i64>().ok().and_then(|i| T::try_from(i).ok()),
            },
            Some(Field::Value(_)) => None,
        };
        value.map(Some).ok_or_else(bad)
    }

    /// An integer field that must be present.
    pub(crate) fn required_integer<T: TryFrom<i64> + TryFrom<u64>>(
        &mut self,
        i: usize,
    ) -> Result<T, BodyError> {
        let name = self.spec(i);
        self.integer(i)?.ok_or(BodyError::new(BodyErrorKind::Missing(name)))
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

/// Where a body writes its fields: a JSON object or an XML element.
pub trait Sink {
    /// A text field.
    fn text(&mut self, name: &str, value: &str);
    /// An integer field.
    fn integer(&mut self, name: &str, value: u64);
    /// A list of items under `name`: in JSON, an array, or an object whose
    /// one member `item` is the array (`wrapped`); in XML, always
    /// `<name><item>…</item>…</name>`. Each item's fields in the order it
    /// serializes them.
    fn list<T: serde::Serialize>(&mut self, name: &str, item: &str, items: &[T], wrapped: bool);
    /// Fields kept from a body read before.
    fn extra(&mut self, extra: &[(String, serde_json::Value)]);
    /// Whether this format always wraps a list under its item's name (XML
    /// does, whatever the version), so that the lists inside items are
    /// written that way too.
    fn wraps_lists(&self) -> bool {
        false
    }
}
