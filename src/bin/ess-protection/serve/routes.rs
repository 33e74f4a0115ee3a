//! The HTTP layer: routes, body limits and time-outs. It only decodes,
//! calls the API or the emulator (and the store), and renders.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State as Extract};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use ess_protection::model::{Environment, State};
use ess_protection::{ApiError, ErrorCode, Format, HttpRequest, Rendered, Timestamp};
use http_body_util::BodyExt;

use super::api::{self, Api, Decision};
use super::emulator;
use super::log::Log;
use super::store::Store;

/// Everything a request may need.
pub struct App {
    pub api: Api,
    pub store: Arc<Store>,
    pub limits: Limits,
    pub log: Log,
}

/// The bounds on what a client may send.
#[derive(Clone, Copy)]
pub struct Limits {
    /// The largest body of an API request.
    pub api_body: usize,
    /// The largest body of an emulator endpoint (a whole state).
    pub emulator_body: usize,
    /// How long a client may take to send a request's head or body.
    pub timeout: Duration,
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/_emulator/state", get(get_state).put(put_state))
        .route("/_emulator/scale-in", post(scale_in))
        .route("/_emulator/remove", post(remove))
        .fallback(api)
        .with_state(app)
}

/// The benchmark's floor: a fixed success body for every request, on the
/// same stack (`serve --bare`).
pub fn bare() -> Router {
    Router::new().fallback(|| async {
        json(StatusCode::OK, r#"{"RequestId":"04F0F334-1335-436C-A1D7-6C044FE73368"}"#.to_owned())
    })
}

/// The API: any method, any other path (the library answers a path that is
/// not `/` with `InvalidAction.NotFound`).
async fn api(Extract(app): Extract<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = match read_body(body, app.limits.api_body, app.limits.timeout).await {
        Ok(bytes) => bytes,
        Err(answer) => return answer,
    };
    let request = axum::http::Request::from_parts(parts, bytes);
    let arrived = now();
    let decision = app.api.decide(&HttpRequest::from(&request), arrived);
    let rendered = match decision {
        Decision::Answer(rendered) => rendered,
        Decision::Run(request, format, request_id, key) => {
            let id = request_id.clone();
            let mut env = api::Env { ids: &app.api.ids, now: arrived };
            let run = |state: &mut State| api::run(state, &request, key, id, &mut env, format);
            let (result, seq) = app.store.change(run).await;
            match (result, app.store.durable(seq).await) {
                (_, Err(failed)) => disk_failure(&app.log, &failed, request_id, format),
                (Ok(answer), Ok(())) => answer,
                (Err(error), Ok(())) => api::error_answer(error, request_id, format),
            }
        }
    };
    respond(rendered)
}

async fn get_state(Extract(app): Extract<Arc<App>>) -> Response {
    let (text, seq) = match app.store.read().await {
        Ok(read) => read,
        Err(failed) => return emulator_error(&app, Err(failed)),
    };
    match app.store.durable(seq).await {
        Ok(()) => json(StatusCode::OK, text),
        Err(failed) => emulator_error(&app, Err(failed)),
    }
}

async fn put_state(Extract(app): Extract<Arc<App>>, body: Body) -> Response {
    let bytes = match read_body(body, app.limits.emulator_body, app.limits.timeout).await {
        Ok(bytes) => bytes,
        Err(answer) => return answer,
    };
    // Reading and writing out a whole state takes long: not on the threads
    // that answer requests.
    let read = tokio::task::spawn_blocking(move || {
        let state = emulator::read_state(&bytes)?;
        let text = serde_json::to_string(&state).map_err(|e| internal(&e.to_string()))?;
        Ok((state, text)) // the answer: the state as it was put
    })
    .await;
    let (state, text) = match read {
        Ok(Ok(read)) => read,
        Ok(Err(error)) => return emulator_error(&app, Ok(error)),
        Err(failed) => return emulator_error(&app, Ok(internal(&failed.to_string()))),
    };
    let seq = match app.store.replace(state).await {
        Ok(seq) => seq,
        Err(failed) => return emulator_error(&app, Err(failed)),
    };
    match app.store.durable(seq).await {
        Ok(()) => json(StatusCode::OK, text),
        Err(failed) => emulator_error(&app, Err(failed)),
    }
}

async fn scale_in(Extract(app): Extract<Arc<App>>, body: Body) -> Response {
    emulator_change(app, body, emulator::scale_in).await
}

async fn remove(Extract(app): Extract<Arc<App>>, body: Body) -> Response {
    emulator_change(app, body, emulator::remove).await
}

/// An emulator endpoint's change of the state, with the time and fresh ids
/// an activity takes.
type Change<B> =
    fn(&mut State, &B, &mut dyn Environment) -> Result<(emulator::Removed, bool), ApiError>;

/// Reads an emulator endpoint's JSON, changes the state, answers what it did.
async fn emulator_change<B: serde::de::DeserializeOwned>(
    app: Arc<App>,
    body: Body,
    change: Change<B>,
) -> Response {
    let bytes = match read_body(body, app.limits.emulator_body, app.limits.timeout).await {
        Ok(bytes) => bytes,
        Err(answer) => return answer,
    };
    let input: B = match emulator::read(&bytes, "Body") {
        Ok(input) => input,
        Err(error) => return emulator_error(&app, Ok(error)),
    };
    let mut env = api::Env { ids: &app.api.ids, now: now() };
    let (result, seq) = app.store.change(|state| change(state, &input, &mut env)).await;
    match (result, app.store.durable(seq).await) {
        (_, Err(failed)) => emulator_error(&app, Err(failed)),
        (Ok(removed), Ok(())) => match serde_json::to_string(&removed) {
            Ok(text) => json(StatusCode::OK, text),
            Err(e) => emulator_error(&app, Ok(internal(&e.to_string()))),
        },
        (Err(error), Ok(())) => emulator_error(&app, Ok(error)),
    }
}

/// The body, at most `limit` bytes, within `timeout`; or the HTTP layer's
/// answer: 413 over the limit, 408 too slow, 400 a broken body.
///
/// Its memory is the body's bytes, in one buffer: a `Content-Length`
/// reserves it at once, a chunked body grows it by doubling, and each
/// piece hyper hands over is copied and let go (keeping the pieces, as
/// `collect` does, kept each one's share of hyper's read buffer: a body
/// sent a byte at a time cost about 38 bytes per byte). A declared length
/// over the limit is answered before the body is asked for, so a client
/// that sent `Expect: 100-continue` is told 413 and not `100 Continue`.
async fn read_body(mut body: Body, limit: usize, timeout: Duration) -> Result<Bytes, Response> {
    let hint = body.size_hint();
    if hint.exact() == Some(0) {
        return Ok(Bytes::new()); // no body: no timer, no buffer
    }
    let too_large = || {
        plain(StatusCode::PAYLOAD_TOO_LARGE, format!("the request body is over {limit} bytes\n"))
    };
    let declared = usize::try_from(hint.lower()).unwrap_or(usize::MAX);
    if declared > limit {
        return Err(too_large());
    }
    let mut buffer: Vec<u8> = Vec::with_capacity(declared);
    let collect = async {
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| {
                plain(StatusCode::BAD_REQUEST, format!("cannot read the request body: {e}\n"))
            })?;
            if let Ok(data) = frame.into_data() {
                if data.len() > limit.saturating_sub(buffer.len()) {
                    return Err(too_large());
                }
                buffer.extend_from_slice(&data);
            }
        }
        Ok(())
    };
    match tokio::time::timeout(timeout, collect).await {
        Ok(Ok(())) => Ok(Bytes::from(buffer)),
        Ok(Err(answer)) => Err(answer),
        Err(_) => Err(plain(
            StatusCode::REQUEST_TIMEOUT,
            format!("the request body did not arrive within {} s\n", timeout.as_secs_f64()),
        )),
    }
}

fn disk_failure(
    log: &Log,
    failed: &std::io::Error,
    request_id: ess_protection::RequestId,
    format: Format,
) -> Rendered {
    log_failure(log, failed);
    api::error_answer(ApiError::new(ErrorCode::InternalError, ""), request_id, format)
}

fn log_failure(log: &Log, failed: &std::io::Error) {
    log.line(format_args!("cannot write the state file: {failed}"));
}

fn internal(detail: &str) -> ApiError {
    let mut error = ApiError::new(ErrorCode::InternalError, "");
    error.message.push(' ');
    error.message.push_str(detail);
    error
}

/// An emulator endpoint's error, as a JSON error body.
fn emulator_error(app: &App, error: Result<ApiError, std::io::Error>) -> Response {
    let error = match error {
        Ok(error) => error,
        Err(failed) => {
            log_failure(&app.log, &failed);
            ApiError::new(ErrorCode::InternalError, "")
        }
    };
    respond(api::error_answer(error, app.api.ids.next(), Format::Json))
}

fn respond(rendered: Rendered) -> Response {
    axum::http::Response::<String>::from(rendered).map(Body::from)
}

fn json(status: StatusCode, text: String) -> Response {
    with_type(status, "application/json;charset=utf-8", text)
}

fn plain(status: StatusCode, text: String) -> Response {
    with_type(status, "text/plain;charset=utf-8", text)
}

fn with_type(status: StatusCode, content_type: &'static str, text: String) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// This machine's clock (only the binary reads it), clamped to the years
/// 1970 to 9999 that a `Timestamp` can write.
fn now() -> Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    Timestamp::from_unix_seconds(seconds.clamp(0, 253_402_300_799))
        .expect("a time in the years 1970 to 9999 is a Timestamp")
}
