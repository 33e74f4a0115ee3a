//! A client's side of the response: telling the body's format and kind,
//! and [`read_response`], which checks the status and the body agree.

use std::fmt;

use crate::common::Format;
use crate::fields::{BodyError, BodyErrorKind, ERROR_FIELDS, FieldSpec, Picker};
use crate::operation::{
    DescribeScalingInstancesResponse, RemoveInstancesResponse, SetInstancesProtectionResponse,
    SingleOperation,
};
use crate::response::{ERROR_ROOT, ErrorBody, ResponseBody, expect_root, sealed::Sealed};
use crate::{json, xml};

/// A response body of any kind: one operation's success body, or an error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body {
    /// `SetInstancesProtection`'s success body.
    SetInstancesProtection(SetInstancesProtectionResponse),
    /// `DescribeScalingInstances`'s success body.
    DescribeScalingInstances(DescribeScalingInstancesResponse),
    /// `RemoveInstances`'s success body.
    RemoveInstances(RemoveInstancesResponse),
    /// An error body.
    Error(ErrorBody),
}

impl From<SetInstancesProtectionResponse> for Body {
    fn from(body: SetInstancesProtectionResponse) -> Self {
        Body::SetInstancesProtection(body)
    }
}

impl From<DescribeScalingInstancesResponse> for Body {
    fn from(body: DescribeScalingInstancesResponse) -> Self {
        Body::DescribeScalingInstances(body)
    }
}

impl From<RemoveInstancesResponse> for Body {
    fn from(body: RemoveInstancesResponse) -> Self {
        Body::RemoveInstances(body)
    }
}

/// Which body a picker is for.
enum Kind {
    Error,
    Protect,
    Describe,
    Remove,
}

impl Kind {
    fn fields(&self) -> &'static [FieldSpec] {
        match self {
            Kind::Error => &ERROR_FIELDS,
            Kind::Protect => SetInstancesProtectionResponse::FIELDS,
            Kind::Describe => DescribeScalingInstancesResponse::FIELDS,
            Kind::Remove => RemoveInstancesResponse::FIELDS,
        }
    }

    fn of_root(root: &str) -> Option<Kind> {
        Some(match root {
            ERROR_ROOT => Kind::Error,
            SetInstancesProtectionResponse::ROOT => Kind::Protect,
            DescribeScalingInstancesResponse::ROOT => Kind::Describe,
            RemoveInstancesResponse::ROOT => Kind::Remove,
            _ => return None,
        })
    }

    fn read(self, picker: Picker<'_>) -> Result<Body, BodyError> {
        Ok(match self {
            Kind::Error => Body::Error(ErrorBody::from_picker(picker)?),
            Kind::Protect => Body::SetInstancesProtection(Sealed::from_picker(picker)?),
            Kind::Describe => Body::DescribeScalingInstances(Sealed::from_picker(picker)?),
            Kind::Remove => Body::RemoveInstances(Sealed::from_picker(picker)?),
        })
    }
}

impl Body {
    /// Parses a body of any kind, in the format the content type names
    /// (`…/json`, `…+json`, `…/xml`, `…+xml`), or, when there is none or it
    /// names neither, in the format the body shows (`<` or `{` first, after
    /// whitespace and a byte-order mark).
    ///
    /// An XML body's kind is its root element. A JSON body's is told by its
    /// members: `Code`, an error; `ScalingInstances` or `TotalCount`,
    /// `DescribeScalingInstances`; `ScalingActivityId`, `RemoveInstances`;
    /// else `SetInstancesProtection`. When the operation is known, prefer
    /// [`read_response`], which looks for its body only.
    ///
    /// ```
    /// use ess_protection::Body;
    ///
    /// let body = Body::parse(None, br#"{"ScalingActivityId":"asa-1","RequestId":"R"}"#)?;
    /// assert!(matches!(body, Body::RemoveInstances(_)));
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the body is empty, neither XML nor JSON, or malformed.
    pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Body, BodyError> {
        match detect(content_type, body)? {
            Format::Xml => {
                let mut kind = None;
                let picker = xml::parse(body, |root| match Kind::of_root(root) {
                    Some(k) => Ok(Picker::new(kind.insert(k).fields())),
                    None => Err(BodyError::new(BodyErrorKind::UnknownRoot(root.to_owned()))),
                })?;
                kind.unwrap_or(Kind::Protect).read(picker)
            }
            _ => {
                // Which kind it is shows only once every member is read.
                let fields = json::object(body)?;
                let has = |name: &str| fields.iter().any(|(n, _)| n == name);
                let kind = if has("Code") {
                    Kind::Error
                } else if has("ScalingInstances") || has("TotalCount") {
                    Kind::Describe
                } else if has("ScalingActivityId") {
                    Kind::Remove
                } else {
                    Kind::Protect
                };
                let mut picker = Picker::new(kind.fields());
                for (name, field) in fields {
                    picker.field(name, field)?;
                }
                kind.read(picker)
            }
        }
    }

    /// Renders the body in a format, as its own type's `render` does: a
    /// success body with status 200, an error body with its code's status.
    ///
    /// ```
    /// use ess_protection::{Body, Format};
    ///
    /// let body = Body::parse(None, br#"{"ScalingActivityId":"asa-1","RequestId":"R"}"#)?;
    /// let xml = body.render(Format::Xml);
    /// assert_eq!(xml.status, 200);
    /// assert!(xml.body.starts_with("<RemoveInstancesResponse>"));
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    pub fn render(&self, format: Format) -> crate::Rendered {
        match self {
            Body::SetInstancesProtection(body) => body.render(format),
            Body::DescribeScalingInstances(body) => body.render(format),
            Body::RemoveInstances(body) => body.render(format),
            Body::Error(body) => body.render(format),
        }
    }
}

/// A body of one operation: its success body, or an error body.
enum Either<R> {
    Success(R),
    Error(ErrorBody),
}

fn parse_for<R: ResponseBody>(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Either<R>, BodyError> {
    let picker = match detect(content_type, body)? {
        Format::Xml => xml::parse(body, |root| match root {
            ERROR_ROOT => Ok(Picker::new(&ERROR_FIELDS)),
            other => expect_root(other, R::ROOT).map(|()| Picker::new(R::FIELDS)),
        })?,
        _ => {
            let fields = json::object(body)?;
            let error = fields.iter().any(|(n, _)| n == "Code");
            let mut picker = Picker::new(if error { &ERROR_FIELDS } else { R::FIELDS });
            for (name, field) in fields {
                picker.field(name, field)?;
            }
            picker
        }
    };
    if picker.is_for(&ERROR_FIELDS) {
        ErrorBody::from_picker(picker).map(Either::Error)
    } else {
        R::from_picker(picker).map(Either::Success)
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
                _ => write!(
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

/// A client's one entry point: the success body of the operation `O`, or
/// what went wrong.
///
/// An SDK treats any status outside 200–299 as an error; this function
/// also checks that the body agrees.
///
/// ```
/// use ess_protection::{read_response, ErrorCode, ResponseError, SetInstancesProtection};
///
/// let ok = read_response::<SetInstancesProtection>(200, Some("text/xml;charset=utf-8"),
///     b"<SetInstancesProtectionResponse><RequestId>R1</RequestId></SetInstancesProtectionResponse>")?;
/// assert_eq!(ok.request_id.as_str(), "R1");
///
/// let err = read_response::<SetInstancesProtection>(404, None, br#"{"RequestId":"R2","HostId":"ess.aliyuncs.com","Code":"InvalidScalingGroupId.NotFound","Message":"The specified scaling group does not exist."}"#)
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
pub fn read_response<O: SingleOperation>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<O::Response, ResponseError>
where
    O::Response: Into<Body>,
{
    let success = (200..300).contains(&status);
    match (parse_for::<O::Response>(content_type, body)?, success) {
        (Either::Success(r), true) => Ok(r),
        (Either::Error(body), false) => {
            Err(ResponseError::Service { status, body: Box::new(body) })
        }
        (Either::Success(r), false) => {
            Err(ResponseError::Mismatch { status, body: Box::new(r.into()) })
        }
        (Either::Error(e), true) => {
            Err(ResponseError::Mismatch { status, body: Box::new(Body::Error(e)) })
        }
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
