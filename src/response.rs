//! What every success body shares: [`ResponseBody`] (each operation
//! declares its own body and implements it), read from and written to XML
//! and JSON through the format-neutral fields ([`crate::fields`]).

use std::fmt;

use crate::common::Format;
use crate::fields::{BodyError, BodyErrorKind, FieldSpec, Picker, Sink};
use crate::id::RequestId;
use crate::rendered::Rendered;
use crate::{json, xml, xml_write};

/// A success body: one operation's answer, read from and written to XML
/// and JSON. Sealed; each body also has these as inherent methods
/// (`from_xml`, `from_json`, `to_xml`, `to_json`, `render`).
pub trait ResponseBody:
    sealed::BodyCodec + fmt::Debug + Clone + PartialEq + Eq + Send + Sync + 'static
{
    /// The XML root element, `<Action>Response`.
    const ROOT: &'static str;

    /// The body's `RequestId`.
    fn request_id(&self) -> &RequestId;

    /// Parses the XML body (an XML declaration, whitespace, comments and
    /// unknown elements allowed).
    ///
    /// # Errors
    ///
    /// When the body is not UTF-8, not well-formed XML, has another root
    /// element, or lacks a field the body requires (always `RequestId`).
    fn from_xml(body: &[u8]) -> Result<Self, BodyError> {
        let picker = xml::parse(body, |root| {
            expect_root(root, Self::ROOT).map(|()| Picker::new(Self::FIELDS))
        })?;
        Self::from_picker(picker)
    }

    /// Parses the JSON body (unknown members allowed).
    ///
    /// # Errors
    ///
    /// When the body is not UTF-8, not a JSON object, or lacks a field the
    /// body requires (always `RequestId`).
    fn from_json(body: &[u8]) -> Result<Self, BodyError> {
        Self::from_picker(json::into(body, Picker::new(Self::FIELDS))?)
    }

    /// The XML body, elements in the documentation's order.
    fn to_xml(&self) -> String {
        let mut out = xml_write::Element::root(Self::ROOT);
        self.write(&mut out);
        out.finish()
    }

    /// The JSON body, compact, members in the documentation's order.
    fn to_json(&self) -> String {
        let mut out = json::Object::new();
        self.write(&mut out);
        out.finish()
    }

    /// The HTTP response a server sends: status 200, the body in `format`.
    fn render(&self, format: Format) -> Rendered {
        Rendered::new(200, format, || self.to_xml(), || self.to_json())
    }
}

pub(crate) mod sealed {
    use super::*;

    pub trait BodyCodec: Sized {
        /// The known top-level fields.
        const FIELDS: &'static [FieldSpec];
        /// The members that tell this body in JSON, where there is no root
        /// element: a body with any of them is this operation's (checked in
        /// the order of the table of operations; none: the body of only a
        /// `RequestId`).
        const JSON_MARKS: &'static [&'static str];
        fn from_picker(picker: Picker<'_>) -> Result<Self, BodyError>;
        /// Writes the fields, in the documentation's order.
        fn write<S: Sink>(&self, out: &mut S);
    }
}

/// Gives a response body its trait's methods as inherent ones, so that they
/// need no import.
macro_rules! inherent_body_methods {
    ($type:ty) => {
        impl $type {
            /// Parses the XML body; see [`ResponseBody::from_xml`](crate::ResponseBody::from_xml).
            ///
            /// # Errors
            ///
            /// When the body cannot be read.
            pub fn from_xml(body: &[u8]) -> Result<Self, $crate::fields::BodyError> {
                <Self as $crate::response::ResponseBody>::from_xml(body)
            }

            /// Parses the JSON body; see [`ResponseBody::from_json`](crate::ResponseBody::from_json).
            ///
            /// # Errors
            ///
            /// When the body cannot be read.
            pub fn from_json(body: &[u8]) -> Result<Self, $crate::fields::BodyError> {
                <Self as $crate::response::ResponseBody>::from_json(body)
            }

            /// The XML body.
            pub fn to_xml(&self) -> String {
                <Self as $crate::response::ResponseBody>::to_xml(self)
            }

            /// The JSON body, compact.
            pub fn to_json(&self) -> String {
                <Self as $crate::response::ResponseBody>::to_json(self)
            }

            /// The HTTP response a server sends: status 200, the body in `format`.
            pub fn render(&self, format: $crate::common::Format) -> $crate::rendered::Rendered {
                <Self as $crate::response::ResponseBody>::render(self, format)
            }
        }
    };
}

pub(crate) use inherent_body_methods;

/// Makes a body with a `request_id` field a [`ResponseBody`] of root
/// `$root`, with the trait's methods as inherent ones.
macro_rules! response_body {
    ($type:ident, $root:expr) => {
        impl $crate::response::ResponseBody for $type {
            const ROOT: &'static str = $root;

            fn request_id(&self) -> &$crate::id::RequestId {
                &self.request_id
            }
        }

        $crate::response::inherent_body_methods!($type);
    };
}

pub(crate) use response_body;

/// Checks a body's root element.
pub(crate) fn expect_root(found: &str, expected: &'static str) -> Result<(), BodyError> {
    if found == expected {
        Ok(())
    } else {
        Err(BodyError::new(BodyErrorKind::Root { expected, found: found.to_owned() }))
    }
}
