//! Bytes to fields to a body, and back: what every success body shares
//! ([`ResponseBody`]; each operation declares its own), the error body
//! ([`ErrorBody`]), and what a server sends ([`Rendered`]).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::catalog::{ApiError, ErrorCode};
use crate::common::Format;
use crate::error::{Kind, ValueError};
use crate::fields::{BodyError, BodyErrorKind, ERROR_FIELDS, ExtraFields, FieldSpec, Picker};
use crate::{json, xml};

/// A request ID, as the service returns it: any non-empty string.
///
/// ```
/// use ess_protection::RequestId;
///
/// let id: RequestId = "04F0F334-1335-436C-A1D7-6C044FE73368".parse()?;
/// assert_eq!(id.as_str(), "04F0F334-1335-436C-A1D7-6C044FE73368");
/// assert!("".parse::<RequestId>().is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, SerializeDisplay, DeserializeFromStr,
)]
pub struct RequestId(String);

impl RequestId {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A body's `RequestId`, checked non-empty already.
    pub(crate) fn from_body(text: Cow<'_, str>) -> Self {
        RequestId(text.into_owned())
    }
}

impl FromStr for RequestId {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        RequestId::try_from(s.to_owned())
    }
}

impl TryFrom<String> for RequestId {
    type Error = ValueError;

    fn try_from(s: String) -> Result<Self, ValueError> {
        if s.is_empty() {
            return Err(ValueError::new(Kind::Empty));
        }
        Ok(RequestId(s))
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A success body: one operation's answer, read from and written to XML
/// and JSON. Sealed; each body also has these as inherent methods
/// (`from_xml`, `from_json`, `to_xml`, `to_json`, `render`).
pub trait ResponseBody:
    sealed::Sealed + fmt::Debug + Clone + PartialEq + Eq + Send + Sync + 'static
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
        let mut out = xml::Element::root(Self::ROOT);
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

    pub trait Sealed: Sized {
        /// The known top-level fields.
        const FIELDS: &'static [FieldSpec];
        fn from_picker(picker: Picker<'_>) -> Result<Self, BodyError>;
        /// Writes the fields, in the documentation's order.
        fn write<S: Sink>(&self, out: &mut S);
    }
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
            pub fn from_xml(body: &[u8]) -> Result<Self, $crate::BodyError> {
                <Self as $crate::ResponseBody>::from_xml(body)
            }

            /// Parses the JSON body; see [`ResponseBody::from_json`](crate::ResponseBody::from_json).
            ///
            /// # Errors
            ///
            /// When the body cannot be read.
            pub fn from_json(body: &[u8]) -> Result<Self, $crate::BodyError> {
                <Self as $crate::ResponseBody>::from_json(body)
            }

            /// The XML body.
            pub fn to_xml(&self) -> String {
                <Self as $crate::ResponseBody>::to_xml(self)
            }

            /// The JSON body, compact.
            pub fn to_json(&self) -> String {
                <Self as $crate::ResponseBody>::to_json(self)
            }

            /// The HTTP response a server sends: status 200, the body in `format`.
            pub fn render(&self, format: $crate::Format) -> $crate::Rendered {
                <Self as $crate::ResponseBody>::render(self, format)
            }
        }
    };
}

pub(crate) use inherent_body_methods;

/// An error body: `RequestId`, `HostId`, `Code`, `Message` and, often,
/// `Recommend`, in XML (`<Error>…</Error>`) or JSON, as the documentation shows.
///
/// ```
/// use ess_protection::{ErrorBody, ErrorCode};
///
/// let body = ErrorBody::from_json(br#"{"RequestId":"33D9749B-713A-4BCC-B3B4-8B0094083E97","HostId":"ess.aliyuncs.com","Code":"InvalidAction.NotFound","Message":"Specified api is not found, please check your url and method."}"#)?;
/// assert_eq!(body.code, ErrorCode::InvalidActionNotFound);
/// assert_eq!(body.http_status(), Some(404));
/// assert!(!body.is_retryable());
/// # Ok::<(), ess_protection::BodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorBody {
    /// `RequestId`.
    pub request_id: RequestId,
    /// `HostId`, e.g. `ess.aliyuncs.com`.
    pub host_id: String,
    /// `Code`: a catalog code, or an unknown one kept verbatim.
    pub code: ErrorCode,
    /// `Message`.
    pub message: String,
    /// `Recommend`: a troubleshooting link, when the service sends one.
    pub recommend: Option<String>,
    /// Fields the model does not know (e.g. `AccessDeniedDetail`).
    pub extra: ExtraFields,
}

/// The XML root element of an error body.
pub const ERROR_ROOT: &str = "Error";

impl ErrorBody {
    /// The body of an API error, for a request id and host id.
    pub fn new(error: ApiError, request_id: RequestId, host_id: impl Into<String>) -> Self {
        ErrorBody {
            request_id,
            host_id: host_id.into(),
            code: error.code,
            message: error.message,
            recommend: None,
            extra: Vec::new(),
        }
    }

    /// The HTTP status the catalog gives the code; `None` for an unknown code.
    pub fn http_status(&self) -> Option<u16> {
        self.code.http_status()
    }

    /// Whether a client should retry (see [`ErrorCode::is_retryable`]).
    pub fn is_retryable(&self) -> bool {
        self.code.is_retryable()
    }

    /// Parses the XML error body.
    ///
    /// # Errors
    ///
    /// When the body is not UTF-8, not well-formed XML, its root is not
    /// `<Error>`, or `RequestId`, `HostId`, `Code` or `Message` is missing
    /// (or, for `RequestId` and `Code`, empty).
    pub fn from_xml(body: &[u8]) -> Result<Self, BodyError> {
        let picker = xml::parse(body, |root| {
            expect_root(root, ERROR_ROOT).map(|()| Picker::new(&ERROR_FIELDS))
        })?;
        ErrorBody::from_picker(picker)
    }

    /// Parses the JSON error body.
    ///
    /// # Errors
    ///
    /// As [`ErrorBody::from_xml`], for a JSON object.
    pub fn from_json(body: &[u8]) -> Result<Self, BodyError> {
        ErrorBody::from_picker(json::into(body, Picker::new(&ERROR_FIELDS))?)
    }

    pub(crate) fn from_picker(mut picker: Picker<'_>) -> Result<Self, BodyError> {
        let extra = picker.extra();
        let request_id = RequestId(picker.required(0)?.into_owned());
        let host_id = picker.present(1)?.into_owned();
        let code = picker.required(2)?;
        let message = picker.present(3)?.into_owned();
        let recommend = picker.take(4).map(Cow::into_owned);
        let code = ErrorCode::from_str(&code)
            .map_err(|_| BodyError::new(BodyErrorKind::EmptyField("Code")))?;
        Ok(ErrorBody { request_id, host_id, code, message, recommend, extra })
    }

    fn write<S: Sink>(&self, out: &mut S) {
        out.text("RequestId", self.request_id.as_str());
        out.text("HostId", &self.host_id);
        out.text("Code", self.code.as_str());
        out.text("Message", &self.message);
        if let Some(recommend) = &self.recommend {
            out.text("Recommend", recommend);
        }
        out.extra(&self.extra);
    }

    /// The XML body, as the documentation shows it (with the XML declaration).
    pub fn to_xml(&self) -> String {
        let mut out = xml::Element::document(ERROR_ROOT);
        self.write(&mut out);
        out.finish()
    }

    /// The JSON body, compact, members in the documentation's order.
    pub fn to_json(&self) -> String {
        let mut out = json::Object::new();
        self.write(&mut out);
        out.finish()
    }

    /// The HTTP response a server sends: the catalog's status for the code
    /// (500 for an unknown code, which has none of its own; use
    /// [`ErrorBody::render_with_status`] to choose), the body in `format`.
    pub fn render(&self, format: Format) -> Rendered {
        self.render_with_status(self.http_status().unwrap_or(500), format)
    }

    /// As [`ErrorBody::render`], with the given HTTP status.
    pub fn render_with_status(&self, status: u16, format: Format) -> Rendered {
        Rendered::new(status, format, || self.to_xml(), || self.to_json())
    }
}

/// An HTTP response ready to send: status, `Content-Type` and body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rendered {
    /// The HTTP status.
    pub status: u16,
    /// `application/json;charset=utf-8` or `text/xml;charset=utf-8`.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
}

impl Rendered {
    /// Renders only the body `format` asks for.
    fn new(
        status: u16,
        format: Format,
        xml: impl FnOnce() -> String,
        json: impl FnOnce() -> String,
    ) -> Self {
        match format {
            Format::Xml => Rendered { status, content_type: "text/xml;charset=utf-8", body: xml() },
            _ => Rendered { status, content_type: "application/json;charset=utf-8", body: json() },
        }
    }
}
/// Checks a body's root element.
pub(crate) fn expect_root(found: &str, expected: &'static str) -> Result<(), BodyError> {
    if found == expected {
        Ok(())
    } else {
        Err(BodyError::new(BodyErrorKind::Root { expected, found: found.to_owned() }))
    }
}
