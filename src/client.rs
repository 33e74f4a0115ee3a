//! A client's side of the response: telling the body's format and kind,
//! and [`read_response`], which checks the status and the body agree.

use std::fmt;

use crate::common::Format;
use crate::fields::{BodyError, BodyErrorKind, ERROR_FIELDS, Picker, RESPONSE_FIELDS};
use crate::response::{ERROR_ROOT, ErrorBody, RESPONSE_ROOT, Response, expect_root};
use crate::{json, xml};

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
                let fields = json::object(body)?;
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
