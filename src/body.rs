//! The response side: the success body ([`Response`]), the error body
//! ([`ErrorBody`]), both in XML and JSON, and the entry points for a client
//! ([`read_response`]) and a server ([`Rendered`]).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::catalog::{ApiError, ErrorCode};
use crate::common::Format;
use crate::error::{Kind, ValueError};
use crate::xml;

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
                write!(f, "XML elements nested deeper than {}", xml::MAX_DEPTH)
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
        Response::from_picker(json_into(body, Picker::new(&RESPONSE_FIELDS))?)
    }

    fn from_picker(mut picker: Picker<'_>) -> Result<Self, BodyError> {
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
        json_text(object)
    }

    /// The HTTP response a server sends: status 200, the body in `format`.
    pub fn render(&self, format: Format) -> Rendered {
        Rendered::new(200, format, self.to_xml(), self.to_json())
    }
}

/// An error body: `RequestId`, `HostId`, `Code`, `Message` and, often,
/// `Recommend`, in XML (`<Error>…</Error>`) or JSON, as FACTS.md shows.
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

const ERROR_FIELDS: [&str; 5] = ["RequestId", "HostId", "Code", "Message", "Recommend"];
const RESPONSE_FIELDS: [&str; 1] = ["RequestId"];

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
        ErrorBody::from_picker(json_into(body, Picker::new(&ERROR_FIELDS))?)
    }

    fn from_picker(mut picker: Picker<'_>) -> Result<Self, BodyError> {
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

    /// The XML body, as FACTS.md shows it (with the XML declaration).
    pub fn to_xml(&self) -> String {
        let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{ERROR_ROOT}>\n");
        for (name, value) in self.fields() {
            xml::write_element(&mut out, 1, name, &value);
        }
        out.push_str(&format!("</{ERROR_ROOT}>\n"));
        out
    }

    /// The JSON body, compact, members in FACTS.md's order.
    pub fn to_json(&self) -> String {
        json_text(self.fields())
    }

    /// The HTTP response a server sends: the catalog's status for the code
    /// (500 for an unknown code, which has none of its own; use
    /// [`ErrorBody::render_with_status`] to choose), the body in `format`.
    pub fn render(&self, format: Format) -> Rendered {
        self.render_with_status(self.http_status().unwrap_or(500), format)
    }

    /// As [`ErrorBody::render`], with the given HTTP status.
    pub fn render_with_status(&self, status: u16, format: Format) -> Rendered {
        Rendered::new(status, format, self.to_xml(), self.to_json())
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
    fn new(status: u16, format: Format, xml: String, json: String) -> Self {
        match format {
            Format::Xml => Rendered { status, content_type: "text/xml;charset=utf-8", body: xml },
            _ => Rendered { status, content_type: "application/json;charset=utf-8", body: json },
        }
    }
}

/// A response body of either kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A success body.
    Success(Response),
    /// An error body.
    Error(ErrorBody),
}

impl Body {
    /// Parses a body of either kind, in the format the content type names
    /// (`…/json`, `…+json`, `…/xml`, `…+xml`), or, when there is none or it
    /// names neither, in the format the body shows (`<` or `{` first, after
    /// whitespace and a byte-order mark). An XML body is an error body when
    /// its root is `<Error>`; a JSON body when it has a `Code` member.
    ///
    /// # Errors
    ///
    /// When the body is empty, neither XML nor JSON, or malformed.
    pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Body, BodyError> {
        let picker = match detect(content_type, body)? {
            Format::Xml => xml::parse(body, |root| match root {
                ERROR_ROOT => Ok(Picker::new(&ERROR_FIELDS)),
                other => expect_root(other, RESPONSE_ROOT).map(|()| Picker::new(&RESPONSE_FIELDS)),
            })?,
            _ => {
                // Which kind it is shows only once every member is read.
                let fields = json_object(body)?;
                let error = fields.iter().any(|(n, _)| n == "Code");
                let mut picker = Picker::new(if error { &ERROR_FIELDS } else { &RESPONSE_FIELDS });
                for (name, field) in fields {
                    picker.field(name, field)?;
                }
                picker
            }
        };
        if picker.is_for(&ERROR_FIELDS) {
            ErrorBody::from_picker(picker).map(Body::Error)
        } else {
            Response::from_picker(picker).map(Body::Success)
        }
    }
}

/// What a client gets back when the call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseError {
    /// The service answered an error (HTTP status outside 200–299, an error
    /// body).
    Service {
        /// The HTTP status.
        status: u16,
        /// The error body.
        body: Box<ErrorBody>,
    },
    /// The body could not be read.
    Body(BodyError),
    /// The status and the body disagree: a 2xx status with an error body,
    /// or another status with a success body. Reported, not guessed away.
    Mismatch {
        /// The HTTP status.
        status: u16,
        /// The body, as parsed.
        body: Box<Body>,
    },
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service { status, body } => {
                write!(f, "HTTP {status} {}: {}", body.code, body.message)
            }
            ResponseError::Body(e) => e.fmt(f),
            ResponseError::Mismatch { status, body } => match **body {
                Body::Error(ref e) => write!(
                    f,
                    "HTTP status {status} is a success, but the body is an error ({})",
                    e.code
                ),
                Body::Success(_) => write!(
                    f,
                    "HTTP status {status} is not a success, but the body is a success body"
                ),
            },
        }
    }
}

impl std::error::Error for ResponseError {}

impl From<BodyError> for ResponseError {
    fn from(e: BodyError) -> Self {
        ResponseError::Body(e)
    }
}

/// A client's one entry point: the success value, or what went wrong.
///
/// An SDK treats any status outside 200–299 as an error; this function
/// also checks that the body agrees.
///
/// ```
/// use ess_protection::{read_response, ErrorCode, ResponseError};
///
/// let ok = read_response(200, Some("text/xml;charset=utf-8"),
///     b"<SetInstancesProtectionResponse><RequestId>R1</RequestId></SetInstancesProtectionResponse>")?;
/// assert_eq!(ok.request_id.as_str(), "R1");
///
/// let err = read_response(404, None, br#"{"RequestId":"R2","HostId":"ess.aliyuncs.com","Code":"InvalidScalingGroupId.NotFound","Message":"The specified scaling group does not exist."}"#)
///     .unwrap_err();
/// let ResponseError::Service { status, body } = err else { panic!() };
/// assert_eq!((status, body.code), (404, ErrorCode::InvalidScalingGroupIdNotFound));
/// # Ok::<(), ResponseError>(())
/// ```
///
/// # Errors
///
/// [`ResponseError::Service`] for an API error, [`ResponseError::Body`] for
/// a body that cannot be read, [`ResponseError::Mismatch`] when status and
/// body disagree.
pub fn read_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Response, ResponseError> {
    let success = (200..300).contains(&status);
    match (Body::parse(content_type, body)?, success) {
        (Body::Success(r), true) => Ok(r),
        (Body::Error(body), false) => Err(ResponseError::Service { status, body: Box::new(body) }),
        (body, _) => Err(ResponseError::Mismatch { status, body: Box::new(body) }),
    }
}

fn expect_root(found: &str, expected: &'static str) -> Result<(), BodyError> {
    if found == expected {
        Ok(())
    } else {
        Err(BodyError::new(BodyErrorKind::Root { expected, found: found.to_owned() }))
    }
}

/// The body's format from its content type, or else from its first byte.
fn detect(content_type: Option<&str>, body: &[u8]) -> Result<Format, BodyError> {
    if let Some(ct) = content_type {
        let essence = ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if essence.ends_with("/json") || essence.ends_with("+json") {
            return Ok(Format::Json);
        }
        if essence.ends_with("/xml") || essence.ends_with("+xml") {
            return Ok(Format::Xml);
        }
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    match body.trim_ascii_start().first() {
        Some(b'<') => Ok(Format::Xml),
        Some(b'{') => Ok(Format::Json),
        Some(_) => Err(BodyError::new(BodyErrorKind::NotXmlOrJson)),
        None => Err(BodyError::new(BodyErrorKind::Empty)),
    }
}

/// A JSON object's members, in order; names and string values borrowed
/// from the body where they have no escapes.
struct Members<'de>(Fields<'de>);

/// A member name or string value, borrowed where it can be.
struct Text<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A member's value: a string kept as text, anything else as a JSON value.
struct Member<'de>(Field<'de>);

impl<'de> serde::Deserialize<'de> for Member<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Member<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Member<'de>, E> {
                Ok(Member(Field::Text(Cow::Borrowed(s))))
            }
            fn visit_str<E>(self, s: &str) -> Result<Member<'de>, E> {
                Ok(Member(Field::Text(Cow::Owned(s.to_owned()))))
            }
            fn visit_string<E>(self, s: String) -> Result<Member<'de>, E> {
                Ok(Member(Field::Text(Cow::Owned(s))))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::Bool(v))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::from(v))))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::from(v))))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::from(v))))
            }
            fn visit_unit<E>(self) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::Null)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Member<'de>, A::Error> {
                let value = <Value as serde::Deserialize>::deserialize(
                    serde::de::value::SeqAccessDeserializer::new(seq),
                )?;
                Ok(Member(Field::Value(value)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Member<'de>, A::Error> {
                let value = <Value as serde::Deserialize>::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(Member(Field::Value(value)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some((Text(name), Member(value))) = map.next_entry()? {
                    members.push((name, value));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// Reads a JSON object's members straight into a picker (no list of
/// members in between).
fn json_into<'a>(body: &'a [u8], picker: Picker<'a>) -> Result<Picker<'a>, BodyError> {
    struct Seed<'p, 'a> {
        picker: &'p mut Picker<'a>,
        /// The picker's own error, which serde can only carry as text.
        failed: &'p mut Option<BodyError>,
    }
    impl<'de> serde::de::DeserializeSeed<'de> for Seed<'_, 'de> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_, 'de> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(Text(name)) = map.next_key()? {
                let Member(value) = map.next_value()?;
                if let Err(e) = self.picker.field(name, value) {
                    *self.failed = Some(e);
                    return Err(serde::de::Error::custom("picker"));
                }
            }
            Ok(())
        }
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut picker = picker;
    let mut failed = None;
    let mut de = serde_json::Deserializer::from_slice(body);
    let result = serde::de::DeserializeSeed::deserialize(
        Seed { picker: &mut picker, failed: &mut failed },
        &mut de,
    )
    .and_then(|()| de.end());
    match (result, failed) {
        (Ok(()), _) => Ok(picker),
        (Err(_), Some(e)) => Err(e),
        (Err(e), None) => Err(json_error(body, &e)),
    }
}

/// The error of a JSON body that serde_json could not read.
fn json_error(body: &[u8], e: &serde_json::Error) -> BodyError {
    if body.trim_ascii().is_empty() {
        BodyError::new(BodyErrorKind::Empty)
    } else if std::str::from_utf8(body).is_err() {
        // serde_json checks UTF-8 as it reads; say so plainly.
        BodyError::new(BodyErrorKind::NotUtf8)
    } else if e.is_data() {
        BodyError::new(BodyErrorKind::NotObject)
    } else {
        BodyError::new(BodyErrorKind::Json(e.to_string()))
    }
}

fn json_object(body: &[u8]) -> Result<Fields<'_>, BodyError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    serde_json::from_slice::<Members<'_>>(body).map(|m| m.0).map_err(|e| json_error(body, &e))
}

fn json_text(members: Vec<(&str, Value)>) -> String {
    struct Ordered<'a>(Vec<(&'a str, Value)>);
    impl serde::Serialize for Ordered<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }
    // Serializing strings and JSON values to a string cannot fail.
    serde_json::to_string(&Ordered(members)).unwrap_or_default()
}

/// Takes a body's known fields as they are read, and keeps the others.
pub(crate) struct Picker<'a> {
    names: &'static [&'static str],
    /// The value of each name (there are at most five).
    values: [Option<Cow<'a, str>>; 5],
    extra: ExtraFields,
}

impl<'a> Picker<'a> {
    fn new(names: &'static [&'static str]) -> Self {
        Picker { names, values: Default::default(), extra: Vec::new() }
    }

    fn is_for(&self, names: &'static [&'static str]) -> bool {
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
    fn extra(&mut self) -> ExtraFields {
        let extra = std::mem::take(&mut self.extra);
        if extra.len() > 1 { xml::merge_repeated(extra) } else { extra }
    }

    fn take(&mut self, i: usize) -> Option<Cow<'a, str>> {
        self.values.get_mut(i).and_then(Option::take)
    }

    /// A field that must be present (it may be empty).
    fn present(&mut self, i: usize, name: &'static str) -> Result<Cow<'a, str>, BodyError> {
        self.take(i).ok_or(BodyError::new(BodyErrorKind::Missing(name)))
    }

    /// A field that must be present and non-empty.
    fn required(&mut self, i: usize, name: &'static str) -> Result<Cow<'a, str>, BodyError> {
        let value = self.present(i, name)?;
        if value.is_empty() {
            return Err(BodyError::new(BodyErrorKind::EmptyField(name)));
        }
        Ok(value)
    }
}
