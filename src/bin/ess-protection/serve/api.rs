//! The API on `/`: decode the request, check its signature, call the
//! model, render the answer. Everything it answers comes from the library.

use std::sync::atomic::{AtomicU64, Ordering};

use ess_protection::model::State;
use ess_protection::{
    ApiError, ErrorBody, ErrorCode, Format, HttpRequest, Parser, Rendered, Request, RequestId,
    Response, Timestamp,
};

use super::auth::Keys;

/// The `HostId` of every error body: the service's endpoint.
pub const HOST_ID: &str = "ess.aliyuncs.com";

/// What the API needs: the keys (none: signatures are not checked) and a
/// source of request ids.
pub struct Api {
    pub keys: Option<Keys>,
    pub ids: RequestIds,
}

/// What to do with a request: answer at once, or apply it to the state
/// and answer when that is durable.
pub enum Decision {
    Answer(Rendered),
    Apply(Box<Request>, Format, RequestId),
}

impl Api {
    /// Decodes and checks a request, in the gateway's order: a request for
    /// no API (another path: `InvalidAction.NotFound`) first, then the
    /// signature (when keys are configured), then the parameters.
    pub fn decide(&self, http: &HttpRequest<'_>, now: Timestamp) -> Decision {
        let request_id = self.ids.next();
        let parsed = Parser::strict().parse_http(http);
        let format = match &parsed {
            Ok(p) => p.request.response_format(),
            Err(r) => r.format(),
        };
        if let Err(rejection) = &parsed
            && rejection.api_error().code == ErrorCode::InvalidActionNotFound
        {
            return Decision::Answer(rejection.render(request_id, HOST_ID));
        }
        if let Some(keys) = &self.keys
            && let Err(error) = keys.check(http, now)
        {
            return Decision::Answer(error_answer(error, request_id, format));
        }
        match parsed {
            Ok(parsed) => Decision::Apply(Box::new(parsed.request), format, request_id),
            Err(rejection) => Decision::Answer(rejection.render(request_id, HOST_ID)),
        }
    }
}

/// Applies a request to the state: whether it changed anything.
pub fn apply(state: &mut State, request: &Request) -> Result<((), bool), ApiError> {
    let applied = state.apply(request)?;
    Ok(((), !applied.changed.is_empty()))
}

/// The success body.
pub fn success(request_id: RequestId, format: Format) -> Rendered {
    Response::new(request_id).render(format)
}

/// An error body, with the catalog's status.
pub fn error_answer(error: ApiError, request_id: RequestId, format: Format) -> Rendered {
    ErrorBody::new(error, request_id, HOST_ID).render(format)
}

/// Fresh request ids in the shape the service uses (upper-case UUID), one
/// per answer: a per-process random seed and a counter, mixed by a
/// bijection, so no two answers of one process share an id.
pub struct RequestIds {
    seed: u64,
    counter: AtomicU64,
}

impl RequestIds {
    pub fn new(seed: u64) -> RequestIds {
        RequestIds { seed, counter: AtomicU64::new(0) }
    }

    pub fn next(&self) -> RequestId {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // `a` is a bijection of the counter and is printed whole (the first
        // two groups and the top of the last), so ids never repeat.
        let a = mix(self.seed.wrapping_add(n));
        let b = mix(a ^ self.seed.rotate_left(32));
        let text = format!(
            "{:08X}-{:04X}-4{:03X}-{:04X}-{:04X}{:08X}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            b >> 52,
            0x8000 | ((b >> 32) & 0x3FFF),
            a & 0xFFFF,
            b & 0xFFFF_FFFF
        );
        RequestId::try_from(text).expect("a UUID is never empty")
    }
}

/// SplitMix64's finalizer: a bijection on u64.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
