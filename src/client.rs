//! A client's side of the response: telling the body's format and kind,
//! and [`read_response`], which checks the status and the body agree.

use std::fmt;

use crate::common::Format;
use crate::error_body::{ERROR_ROOT, ErrorBody};
use crate::fields::{BodyError, BodyErrorKind, ERROR_FIELDS, FieldSpec, Picker};
use crate::operation::SingleOperation;
use crate::rendered::Rendered;
use crate::response::{ResponseBody, expect_root, sealed::BodyCodec};
use crate::{json, xml};

/// `Body`, its kinds and their reader, from the table of operations.
macro_rules! any_body {
    ($($name:ident($module:ident, $response:ident)),+ $(,)?) => {
        /// A response body of any kind: one operation's success body, or an error.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Body {
            $(
                #[doc = concat!("`", stringify!($name), "`'s success body.")]
                $name(crate::operation::$response),
            )+
            /// An error body.
            Error(ErrorBody),
        }

        $(
            impl From<crate::operation::$response> for Body {
                fn from(body: crate::operation::$response) -> Self {
                    Body::$name(body)
                }
            }
        )+

        /// Which body a picker is for.
        #[derive(Clone, Copy)]
        enum BodyKind {
            Error,
            $($name,)+
        }

        impl BodyKind {
            /// The success bodies' kinds, in the table's order.
            const SUCCESS: &[BodyKind] = &[$(BodyKind::$name),+];

            fn fields(self) -> &'static [FieldSpec] {
                match self {
                    BodyKind::Error => &ERROR_FIELDS,
                    $(BodyKind::$name => <crate::operation::$response as BodyCodec>::FIELDS,)+
                }
            }

            fn root(self) -> &'static str {
                match self {
                    BodyKind::Error => ERROR_ROOT,
                    $(BodyKind::$name => <crate::operation::$response as ResponseBody>::ROOT,)+
                }
            }

            fn json_marks(self) -> &'static [&'static str] {
                match self {
                    BodyKind::Error => &["Code"],
                    $(BodyKind::$name => <crate::operation::$response as BodyCodec>::JSON_MARKS,)+
                }
            }

            fn read(self, picker: Picker<'_>) -> Result<Body, BodyError> {
                Ok(match self {
                    BodyKind::Error => Body::Error(ErrorBody::from_picker(picker)?),
                    $(BodyKind::$name => Body::$name(<crate::operation::$response as BodyCodec>::from_picker(picker)?),)+
                })
            }
        }

        impl Body {
            /// Renders the body in a format, as its own type's `render`
            /// does: a success body with status 200, an error body with its
            /// code's status.
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
            pub fn render(&self, format: Format) -> Rendered {
                match self {
                    $(Body::$name(body) => body.render(format),)+
                    Body::Error(body) => body.render(format),
                }
            }
        }
    };
}

crate::operation::for_each_operation!(any_body);

impl BodyKind {
    fn of_root(root: &str) -> Option<BodyKind> {
        std::iter::once(BodyKind::Error)
            .chain(BodyKind::SUCCESS.iter().copied())
            .find(|kind| kind.root() == root)
    }

    /// The kind a JSON body's members tell: an error (`Code`), else the
    /// first success body one of whose marks it has, else the first body
    /// that has no marks (a `RequestId` alone).
    fn of_json(has: impl Fn(&str) -> bool) -> BodyKind {
        let marked = |kind: &BodyKind| kind.json_marks().iter().any(|m| has(m));
        let successes = BodyKind::SUCCESS.iter().copied();
        if marked(&BodyKind::Error) {
            return BodyKind::Error;
        }
        successes
            .clone()
            .find(marked)
            .or_else(|| successes.clone().find(|k| k.json_marks().is_empty()))
            .unwrap_or(BodyKind::Error)
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
                let picker = xml::parse(body, |root| match BodyKind::of_root(root) {
                    Some(k) => Ok(Picker::new(kind.insert(k).fields())),
                    None => Err(BodyError::new(BodyErrorKind::UnknownRoot(root.to_owned()))),
                })?;
                kind.unwrap_or(BodyKind::Error).read(picker)
            }
            _ => {
                // Which kind it is shows only once every member is read.
                let fields = json::object(body)?;
                let kind = BodyKind::of_json(|name| fields.iter().any(|(n, _)| n == name));
                let mut picker = Picker::new(kind.fields());
                for (name, field) in fields {
                    picker.field(name, field)?;
                }
                kind.read(picker)
            }
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
