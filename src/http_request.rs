//! An HTTP request as a server has it once read: method, request target,
//! headers and body, borrowed. The HTTP-level parser and the signature
//! verifier take one; the `http` feature builds one from `http::Request`.

/// The form content type: a body of this type is read as parameters.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The parts of an HTTP request, borrowed from wherever the server keeps
/// them. Header names compare case-insensitively and repeats are kept, in
/// order.
///
/// ```
/// use ess_protection::HttpRequest;
///
/// let http = HttpRequest::new("POST", "/?ScalingGroupId=asg-1")
///     .header("Host", "ess.aliyuncs.com")
///     .header("x-acs-action", "SetInstancesProtection")
///     .body(b"");
/// assert_eq!(http.path(), "/");
/// assert_eq!(http.query(), "ScalingGroupId=asg-1");
/// assert_eq!(http.first_header("host"), Some(&b"ess.aliyuncs.com"[..]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct HttpRequest<'a> {
    /// The method, as sent (`GET`, `POST`).
    pub method: &'a str,
    /// The request target: the path and query (`/?Action=…`), or an
    /// absolute URL (`http://host/?Action=…`).
    pub target: &'a str,
    /// The headers as `(name, value)`, in order, repeats kept.
    pub headers: Vec<(&'a str, &'a [u8])>,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> HttpRequest<'a> {
    /// A request with no header and an empty body.
    pub fn new(method: &'a str, target: &'a str) -> Self {
        HttpRequest { method, target, headers: Vec::new(), body: &[] }
    }

    /// Adds a header (a repeated name adds a value).
    #[must_use]
    pub fn header<V: AsRef<[u8]> + ?Sized>(mut self, name: &'a str, value: &'a V) -> Self {
        self.headers.push((name, value.as_ref()));
        self
    }

    /// Sets the body.
    #[must_use]
    pub fn body<B: AsRef<[u8]> + ?Sized>(mut self, body: &'a B) -> Self {
        self.body = body.as_ref();
        self
    }

    /// The target's path and query: without an absolute URL's scheme and
    /// authority, nor a fragment; split at the first `?`.
    fn path_and_query(&self) -> (&'a str, &'a str) {
        let mut target = self.target;
        for scheme in ["http://", "https://"] {
            if target.get(..scheme.len()).is_some_and(|h| h.eq_ignore_ascii_case(scheme)) {
                let rest = target.get(scheme.len()..).unwrap_or_default();
                let at = rest.bytes().position(|b| matches!(b, b'/' | b'?' | b'#'));
                target = rest.get(at.unwrap_or(rest.len())..).unwrap_or_default();
            }
        }
        let end = memchr::memchr(b'#', target.as_bytes()).unwrap_or(target.len());
        let target = target.get(..end).unwrap_or_default();
        match memchr::memchr(b'?', target.as_bytes()) {
            Some(at) => {
                (target.get(..at).unwrap_or_default(), target.get(at + 1..).unwrap_or_default())
            }
            None => (target, ""),
        }
    }

    /// The path: the target up to `?` or `#` (`/` when that is empty).
    pub fn path(&self) -> &'a str {
        let (path, _) = self.path_and_query();
        if path.is_empty() { "/" } else { path }
    }

    /// The query: what follows the first `?`, up to a `#`; empty if none.
    pub fn query(&self) -> &'a str {
        self.path_and_query().1
    }

    /// Every value of a header, in order (the name in any letter case).
    pub fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a [u8]> + 's {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, v)| v)
    }

    /// The first value of a header.
    pub fn first_header(&self, name: &str) -> Option<&'a [u8]> {
        self.header_values(name).next()
    }

    /// The `Content-Type` without its parameters, trimmed (as sent).
    pub fn content_type(&self) -> Option<&'a [u8]> {
        let value = self.first_header("content-type")?;
        let essence = value.split(|&b| b == b';').next().unwrap_or_default();
        Some(essence.trim_ascii())
    }

    /// Whether the body is a form (`application/x-www-form-urlencoded`,
    /// in any letter case), whose parameters count as the request's.
    pub fn is_form(&self) -> bool {
        self.content_type().is_some_and(|ct| ct.eq_ignore_ascii_case(FORM_CONTENT_TYPE.as_bytes()))
    }
}
