//! The emulator's own endpoints, JSON in and out, for test harnesses: read
//! or replace the state, and make the things happen that the API does not
//! (a scale-in, a manual removal).

use ess_protection::model::{Environment, State};
use ess_protection::{ApiError, ErrorCode, InstanceId, ScalingActivityId, ScalingGroupId};
use serde::{Deserialize, Serialize};

/// `POST /_emulator/scale-in`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScaleInBody {
    pub scaling_group_id: ScalingGroupId,
    pub count: usize,
}

/// `POST /_emulator/remove`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RemoveBody {
    pub scaling_group_id: ScalingGroupId,
    pub instance_ids: Vec<InstanceId>,
}

/// The answer of both: the instances removed, and the scale-in's activity
/// (a manual removal through this endpoint is none).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Removed {
    pub removed: Vec<InstanceId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_activity_id: Option<ScalingActivityId>,
}

/// Reads a JSON body, or says what is wrong with it as `InvalidParameter`
/// naming `what`, with serde's account appended to the catalog's message.
pub fn read<'a, T: Deserialize<'a>>(bytes: &'a [u8], what: &str) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| invalid(what, &e.to_string()))
}

/// A new state from a body.
pub fn read_state(bytes: &[u8]) -> Result<State, ApiError> {
    read(bytes, "State")
}

fn invalid(what: &str, detail: &str) -> ApiError {
    let mut error = ApiError::new(ErrorCode::InvalidParameter, what);
    error.message.push(' ');
    error.message.push_str(detail);
    error
}

/// A scale-in a monitoring task triggers: the removed ids and the
/// activity, and whether the state changed.
pub fn scale_in(
    state: &mut State,
    body: &ScaleInBody,
    env: &mut dyn Environment,
) -> Result<(Removed, bool), ApiError> {
    let scale_in = state.scale_in(&body.scaling_group_id, body.count, env)?;
    let changed = scale_in.scaling_activity_id.is_some();
    let removed =
        Removed { removed: scale_in.removed, scaling_activity_id: scale_in.scaling_activity_id };
    Ok((removed, changed))
}

/// A manual removal: the removed ids, and whether the state changed.
pub fn remove(
    state: &mut State,
    body: &RemoveBody,
    _env: &mut dyn Environment,
) -> Result<(Removed, bool), ApiError> {
    let removed = state.remove(&body.scaling_group_id, &body.instance_ids)?;
    let changed = !removed.is_empty();
    Ok((Removed { removed, scaling_activity_id: None }, changed))
}
