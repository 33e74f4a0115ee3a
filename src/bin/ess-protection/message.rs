//! A raw HTTP/1.1 request message (request line, headers, blank line,
//! body; CRLF or LF line ends), read with `httparse` into the library's
//! [`HttpRequest`], and written back.

use ess_protection::HttpRequest;

/// The most headers a message may have.
const MAX_HEADERS: usize = 100;

/// A request message, owned.
pub struct Message {
    method: String,
    target: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Message {
    /// Reads a whole message. The body is what follows the blank line; with
    /// a `Content-Length`, that many bytes of it (a file's last line break
    /// after them is not part of the body).
    pub fn parse(bytes: &[u8]) -> Result<Message, String> {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        let head = match request.parse(bytes) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) if bytes.trim_ascii().is_empty() => {
                return Err("the HTTP message is empty".into());
            }
            Ok(httparse::Status::Partial) => {
                return Err("the HTTP message ends before the blank line after its headers".into());
            }
            Err(httparse::Error::TooManyHeaders) => {
                return Err(format!("the HTTP message has more than {MAX_HEADERS} headers"));
            }
            Err(e) => return Err(format!("not an HTTP request message: {e}")),
        };
        let method = request.method.unwrap_or_default().to_owned();
        let target = request.path.unwrap_or_default().to_owned();
        let headers: Vec<(String, Vec<u8>)> =
            request.headers.iter().map(|h| (h.name.to_owned(), h.value.to_vec())).collect();
        let rest = bytes.get(head..).unwrap_or_default();
        let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        if header("transfer-encoding").is_some() {
            return Err(
                "chunked (Transfer-Encoding) bodies are not supported: give Content-Length".into(),
            );
        }
        let body = match header("content-length") {
            Some((_, value)) => {
                let length = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .ok_or("Content-Length is not a number")?;
                let body = rest.get(..length).ok_or_else(|| {
                    format!(
                        "the body is {} bytes, shorter than its Content-Length {length}",
                        rest.len()
                    )
                })?;
                let after = rest.get(length..).unwrap_or_default();
                if !after.trim_ascii().is_empty() {
                    return Err(format!("{} bytes follow the body's Content-Length", after.len()));
                }
                body
            }
            None => rest,
        };
        Ok(Message { method, target, headers, body: body.to_vec() })
    }

    /// The message as the library sees it.
    pub fn view(&self) -> HttpRequest<'_> {
        let mut http = HttpRequest::new(&self.method, &self.target).body(&self.body);
        http.headers = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
        http
    }

    /// Replaces every header of one of these names by the new ones (added at
    /// the end, in order).
    pub fn replace_headers(&mut self, new: &[(&str, &str)]) {
        self.headers.retain(|(n, _)| !new.iter().any(|(m, _)| n.eq_ignore_ascii_case(m)));
        self.headers.extend(new.iter().map(|(n, v)| ((*n).to_owned(), v.as_bytes().to_vec())));
    }

    /// The message as bytes, with CRLF line ends.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.target).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }
}
