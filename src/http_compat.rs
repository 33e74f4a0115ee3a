//! Conversions between the `http` crate's types and this crate's, behind
//! the `http` feature: an `http::Request` is an [`HttpRequest`], and a
//! [`Rendered`] answer is an `http::Response`. With them, an axum or hyper
//! handler is two lines:
//!
//! ```
//! use ess_protection::{HttpRequest, Parser, Rendered, SetInstancesProtection, SetInstancesProtectionResponse};
//!
//! fn handle(request: &http::Request<Vec<u8>>, request_id: ess_protection::RequestId) -> http::Response<String> {
//!     let parsed = Parser::strict().parse_http::<SetInstancesProtection>(&HttpRequest::from(request));
//!     let rendered: Rendered = match parsed {
//!         Ok(parsed) => SetInstancesProtectionResponse::new(request_id).render(parsed.request.response_format()),
//!         Err(rejection) => rejection.render(request_id, "ess.aliyuncs.com"),
//!     };
//!     rendered.into()
//! }
//!
//! let request = http::Request::post("/?Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=asg-1")
//!     .body(Vec::new())?;
//! let answer = handle(&request, "R1".parse()?);
//! assert_eq!(answer.status(), 400);
//! assert_eq!(answer.headers()["content-type"], "application/json;charset=utf-8");
//! assert!(answer.body().contains(r#""Code":"MissingParameter""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::http_request::HttpRequest;
use crate::rendered::Rendered;

/// Borrows the request's method, path and query, headers and body.
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
impl<'a, B: AsRef<[u8]>> From<&'a http::Request<B>> for HttpRequest<'a> {
    fn from(request: &'a http::Request<B>) -> Self {
        let target = request.uri().path_and_query().map_or("/", http::uri::PathAndQuery::as_str);
        let mut http = HttpRequest::new(request.method().as_str(), target).body(request.body());
        http.headers = request
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .collect();
        http
    }
}

/// The status (500 if it is not a valid HTTP status), `Content-Type` and
/// body.
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
impl From<Rendered> for http::Response<String> {
    fn from(rendered: Rendered) -> Self {
        let status = http::StatusCode::from_u16(rendered.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = http::Response::new(rendered.body);
        *response.status_mut() = status;
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(rendered.content_type),
        );
        response
    }
}
