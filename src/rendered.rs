//! What a server sends: an HTTP status, a `Content-Type` and a body in
//! the format the request asked for.

use crate::common::Format;

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
    pub(crate) fn new(
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
