//! The API on `/`: decode the request, check its signature, call the
//! model, render the answer. Everything it answers comes from the library.

use std::sync::atomic::{AtomicU64, Ordering};

use ess_protection::model::{Environment, State};
use ess_protection::{
    AnyOperation, ApiError, ErrorBody, ErrorCode, Format, HttpRequest, InstanceId, Parser,
    Rendered, Request, RequestId, ScalingActivityId, Timestamp,
};

use super::auth::{Key, Keys};

/// The `HostId` of every error body: the service's endpoint.
pub const HOST_ID: &str = "ess.aliyuncs.com";

/// What the API needs: the keys (none: signatures are not checked) and a
/// source of request, activity and instance ids.
pub struct Api {
    pub keys: Option<Keys>,
    pub ids: RequestIds,
}

/// What to do with a request: answer at once, or run it on the state (for
/// the key that signed it, if any) and answer when that is durable.
pub enum Decision<'a> {
    Answer(Rendered),
    Run(Box<Request<AnyOperation>>, Format, RequestId, Option<&'a Key>),
}

impl Api {
    /// Decodes and checks a request, in the gateway's order: a request for
    /// no API (another path: `InvalidAction.NotFound`) first, then the
    /// signature (when keys are configured), then the parameters. The
    /// key's policies are checked by [`run`], on the state (the resource's
    /// region may be the group's).
    pub fn decide(&self, http: &HttpRequest<'_>, now: Timestamp) -> Decision<'_> {
        let request_id = self.ids.next();
        let parsed = Parser::strict().parse_http::<AnyOperation>(http);
        let format = match &parsed {
            Ok(p) => p.request.response_format(),
            Err(r) => r.format(),
        };
        if let Err(rejection) = &parsed
            && rejection.api_error().code == ErrorCode::InvalidActionNotFound
        {
            return Decision::Answer(rejection.render(request_id, HOST_ID));
        }
        let key = match self.keys.as_ref().map(|keys| keys.check(http, now)) {
            None => None,
            Some(Ok(key)) => Some(key),
            Some(Err(error)) => return Decision::Answer(error_answer(error, request_id, format)),
        };
        match parsed {
            Ok(parsed) => Decision::Run(Box::new(parsed.request), format, request_id, key),
            Err(rejection) => Decision::Answer(rejection.render(request_id, HOST_ID)),
        }
    }
}

/// Runs a request on the state: the success answer, and whether the state
/// changed. First, when the key that signed it has policies, whether they
/// allow it (`Forbidden.Unauthorized`, and nothing changes). The time and
/// fresh ids an activity takes come from `env`.
pub fn run(
    state: &mut State,
    request: &Request<AnyOperation>,
    key: Option<&Key>,
    request_id: RequestId,
    env: &mut dyn Environment,
    format: Format,
) -> Result<(Rendered, bool), ApiError> {
    if let Some(key) = key.filter(|key| key.restricted.is_some()) {
        // The resource the request names, and every group its answer
        // draws from: no answer shows a group the key is denied.
        let groups = state.groups_of(&request.operation);
        let groups = groups.iter().map(|g| (g.region_id.as_str(), &g.scaling_group_id));
        key.authorize(&request.operation, region(state, &request.operation), groups)?;
    }
    let answer = state.answer(request, request_id, env)?;
    Ok((answer.body.render(format), answer.changed))
}

/// The region of the scaling group a request names, for its resource
/// name: the request's `RegionId`; without one, the group's in the state;
/// for a group the state does not know either, `*` (this crate's
/// decision: a policy whose resource names a region then does not allow it).
fn region<'a>(state: &'a State, operation: &'a AnyOperation) -> &'a str {
    operation
        .region_id()
        .map(|r| r.as_str())
        .or_else(|| {
            let group = state.group(operation.scaling_group_id()?)?;
            Some(group.region_id.as_str())
        })
        .unwrap_or("*")
}

/// An error body, with the catalog's status.
pub fn error_answer(error: ApiError, request_id: RequestId, format: Format) -> Rendered {
    ErrorBody::new(error, request_id, HOST_ID).render(format)
}

/// Fresh ids in the shapes the service uses, one per answer (request ids),
/// per activity and per instance a scale-out creates: a per-process random
/// seed and a counter, mixed by a bijection, so no two of one process are
/// the same.
pub struct RequestIds {
    seed: u64,
    counter: AtomicU64,
}

impl RequestIds {
    pub fn new(seed: u64) -> RequestIds {
        RequestIds { seed, counter: AtomicU64::new(0) }
    }

    /// An upper-case UUID.
    pub fn next(&self) -> RequestId {
        let (a, b) = self.draw();
        // `a` is printed whole (the first two groups and the top of the
        // last), so ids never repeat.
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

    /// `asa-` and 20 lower-case letters and digits.
    pub fn activity(&self) -> ScalingActivityId {
        ScalingActivityId::try_from(self.base36("asa-"))
            .expect("asa- and 20 letters or digits is an id")
    }

    /// `i-` and 20 lower-case letters and digits, as ECS's.
    pub fn instance(&self) -> InstanceId {
        InstanceId::try_from(self.base36("i-")).expect("i- and 20 letters or digits is an id")
    }

    /// `prefix` and 20 lower-case letters and digits: `a` and `b` in base
    /// 36, `a` in the low 64 bits, which 20 digits hold whole (so these ids
    /// never repeat either).
    fn base36(&self, prefix: &str) -> String {
        let (a, b) = self.draw();
        let mut n = u128::from(b) << 64 | u128::from(a);
        let mut digits = [b'0'; 20];
        for digit in digits.iter_mut().rev() {
            let at = usize::try_from(n % 36).unwrap_or(0);
            *digit = *b"0123456789abcdefghijklmnopqrstuvwxyz".get(at).unwrap_or(&b'0');
            n /= 36;
        }
        format!("{prefix}{}", String::from_utf8_lossy(&digits))
    }

    /// Two words: `a`, a bijection of the counter; `b`, mixed from it.
    fn draw(&self) -> (u64, u64) {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let a = mix(self.seed.wrapping_add(n));
        let b = mix(a ^ self.seed.rotate_left(32));
        (a, b)
    }
}

/// What the model takes from the emulator for one request: the time it
/// arrived, and fresh ids.
pub struct Env<'a> {
    pub ids: &'a RequestIds,
    pub now: Timestamp,
}

impl Environment for Env<'_> {
    fn now(&self) -> Timestamp {
        self.now
    }

    fn activity_id(&mut self) -> ScalingActivityId {
        self.ids.activity()
    }

    fn instance_id(&mut self) -> InstanceId {
        self.ids.instance()
    }
}

/// SplitMix64's finalizer: a bijection on u64.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
