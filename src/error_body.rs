//! The error body every operation may answer: `RequestId`, `HostId`,
//! `Code`, `Message` and, often, `Recommend`, in XML and JSON, with the
//! catalog's HTTP status.

use std::borrow::Cow;
use std::str::FromStr;

use crate::catalog::{ApiError, ErrorCode};
use crate::common::Format;
use crate::fields::{BodyError, BodyErrorKind, ERROR_FIELDS, ExtraFields, Picker, Sink};
use crate::id::RequestId;
use crate::rendered::Rendered;
use crate::response::expect_root;
use crate::{json, xml, xml_write};

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
        let request_id = RequestId::from_body(picker.required(0)?);
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
        let mut out = xml_write::Element::document(ERROR_ROOT);
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
