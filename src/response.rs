//! The response bodies: the success body ([`Response`]) and the error body
//! ([`ErrorBody`]), read from and written to XML and JSON, and what a
//! server sends ([`Rendered`]).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde_json::Value;
use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::catalog::{ApiError, ErrorCode};
use crate::common::Format;
use crate::error::{Kind, ValueError};
use crate::fields::{BodyError, BodyErrorKind, ERROR_FIELDS, ExtraFields, Picker, RESPONSE_FIELDS};
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

/// The success body of `SetInstancesProtection`: its `RequestId`.
///
/// ```
/// use ess_protection::Response;
///
/// let xml = Response::from_xml(include_bytes!("../tests/samples/response.xml"))?;
/// let json = Response::from_json(include_bytes!("../tests/samples/response.json"))?;
/// assert_eq!(xml, json);
/// assert_eq!(json.to_json(), r#"{"RequestId":"04F0F334-1335-436C-A1D7-6C044FE73368"}"#);
/// # Ok::<(), ess_protection::BodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response {
    /// `RequestId`.
    pub request_id: RequestId,
    /// Fields the model does not know, kept so they survive a round trip.
    pub extra: ExtraFields,
}

/// The XML root element of the success body.
pub const RESPONSE_ROOT: &str = "SetInstancesProtectionResponse";

impl Response {
    /// A body with just a request id.
    pub fn new(request_id: RequestId) -> Self {
        Response { request_id, extra: Vec::new() }
    }

    /// Parses the XML body (an XML declaration, whitespace, comments and
    /// unknown elements allowed).
    ///
    /// # Errors
    ///
    /// When the body is not UTF-8, not well-formed XML, has another root
    /// element, or has no or an empty `RequestId`.
    pub fn from_xml(body: &[u8]) -> Result<Self, BodyError> {
        let picker = xml::parse(body, |root| {
            expect_root(root, RESPONSE_ROOT).map(|()| Picker::new(&RESPONSE_FIELDS))
        })?;
        Response::from_picker(picker)
    }

    /// Parses the JSON body (unknown members allowed).
    ///
    /// # Errors
    ///
    /// When the body is not UTF-8, not a JSON object, or has no or an empty
    /// `RequestId`.
    pub fn from_json(body: &[u8]) -> Result<Self, BodyError> {
        Response::from_picker(json::into(body, Picker::new(&RESPONSE_FIELDS))?)
    }

    pub(crate) fn from_picker(mut picker: Picker<'_>) -> Result<Self, BodyError> {
        let request_id = picker.required(0, "RequestId")?;
        Ok(Response { request_id: RequestId(request_id.into_owned()), extra: picker.extra() })
    }

    /// The XML body, as the reference page shows it.
    pub fn to_xml(&self) -> String {
        let mut out = format!("<{RESPONSE_ROOT}>\n");
        xml::write_element(&mut out, 1, "RequestId", &Value::String(self.request_id.0.clone()));
        for (name, value) in &self.extra {
            xml::write_element(&mut out, 1, name, value);
        }
        out.push_str(&format!("</{RESPONSE_ROOT}>\n"));
        out
    }

    /// The JSON body, compact.
    pub fn to_json(&self) -> String {
        let mut object = vec![("RequestId", Value::String(self.request_id.0.clone()))];
        object.extend(self.extra.iter().map(|(n, v)| (n.as_str(), v.clone())));
        json::text(object)
    }

    /// The HTTP response a server sends: status 200, the body in `format`.
    pub fn render(&self, format: Format) -> Rendered {
        Rendered::new(200, format, || self.to_xml(), || self.to_json())
    }
}

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
        let request_id = RequestId(picker.required(0, "RequestId")?.into_owned());
        let host_id = picker.present(1, "HostId")?.into_owned();
        let code = picker.required(2, "Code")?;
        let message = picker.present(3, "Message")?.into_owned();
        let recommend = picker.take(4).map(Cow::into_owned);
        let code = ErrorCode::from_str(&code)
            .map_err(|_| BodyError::new(BodyErrorKind::EmptyField("Code")))?;
        Ok(ErrorBody { request_id, host_id, code, message, recommend, extra })
    }

    fn fields(&self) -> Vec<(&str, Value)> {
        let mut fields = vec![
            ("RequestId", Value::String(self.request_id.0.clone())),
            ("HostId", Value::String(self.host_id.clone())),
            ("Code", Value::String(self.code.as_str().to_owned())),
            ("Message", Value::String(self.message.clone())),
        ];
        if let Some(r) = &self.recommend {
            fields.push(("Recommend", Value::String(r.clone())));
        }
        fields.extend(self.extra.iter().map(|(n, v)| (n.as_str(), v.clone())));
        fields
    }

    /// The XML body, as the documentation shows it (with the XML declaration).
    pub fn to_xml(&self) -> String {
        let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{ERROR_ROOT}>\n");
        for (name, value) in self.fields() {
            xml::write_element(&mut out, 1, name, &value);
        }
        out.push_str(&format!("</{ERROR_ROOT}>\n"));
        out
    }

    /// The JSON body, compact, members in the documentation's order.
    pub fn to_json(&self) -> String {
        json::text(self.fields())
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
