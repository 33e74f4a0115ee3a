//! `RemoveInstances`: remove 1 to 20 instances from their scaling group,
//! protected or not: the only way a protected instance leaves its group.
//!
//! | parameter | | |
//! |---|---|---|
//! | `ScalingGroupId` | required | |
//! | `InstanceId.N` (2014-08-28) / `InstanceIds.N` (2022-02-22) | required | 1 to 20 |
//! | `RegionId` | optional | |
//! | `RemovePolicy` | optional | `release` (the default) or `recycle` |
//! | `DecreaseDesiredCapacity` | optional | boolean, default `true` |
//! | `ClientToken` | optional | at most 64 ASCII characters; makes the request idempotent |
//! | `IgnoreInvalidInstance` | optional | boolean, default `false`: an instance not in the group fails the request |
//! | `StopInstanceTimeout` | optional | 30 to 240 seconds |
//! | `LifecycleHookContext` | optional | a JSON object, as a string |
//!
//! The 2014-08-28 page lists only the first five; the official SDKs of both
//! versions send all of them, so both versions take them.
//!
//! The answer is the removal's `ScalingActivityId` ([`RemoveInstancesResponse`]).

use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::fields::{BodyError, ExtraFields, FieldSpec, Picker, Sink};
use crate::id::{InstanceIds, RegionId, RequestId, ScalingActivityId, ScalingGroupId};
use crate::param::{ParamTable, params};
use crate::reader::Reader;
use crate::response::{response_body, sealed::BodyCodec};
use crate::values::{ClientToken, LifecycleHookContext, RemovePolicy, StopInstanceTimeout};

params! {
    GROUP = single("ScalingGroupId", Text);
    IDS = list("InstanceId", "InstanceIds", Text);
    REGION = single("RegionId", Text);
    POLICY = single("RemovePolicy", Text);
    DECREASE = single("DecreaseDesiredCapacity", Boolean);
    TOKEN = single("ClientToken", Text);
    IGNORE = single("IgnoreInvalidInstance", Boolean);
    TIMEOUT = single("StopInstanceTimeout", Integer);
    CONTEXT = single("LifecycleHookContext", Text);
}

pub(crate) const TABLE: ParamTable = ParamTable { action: "RemoveInstances", lookup: LOOKUP };

/// The parameters of `RemoveInstances`, typed and validated.
///
/// ```
/// use ess_protection::{RemoveInstances, Request};
///
/// let request: Request<RemoveInstances> = "Action=RemoveInstances&Version=2022-02-22\
///     &ScalingGroupId=asg-1&InstanceIds.1=i-1&DecreaseDesiredCapacity=False\
///     &ClientToken=0c593ea1-3bea-11e9-b96b-88e9fe637760".parse()?;
/// let removal = &request.operation;
/// assert!(!removal.decreases_desired_capacity());
/// assert!(!removal.ignores_invalid_instances());
/// assert_eq!(removal.client_token.as_ref().map(|t| t.as_str().len()), Some(36));
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RemoveInstances {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `InstanceId.N` (2014-08-28) or `InstanceIds.N` (2022-02-22), in order of N.
    pub instance_ids: InstanceIds,
    /// `RegionId`.
    pub region_id: Option<RegionId>,
    /// `RemovePolicy`; absent means `release`.
    pub remove_policy: Option<RemovePolicy>,
    /// `DecreaseDesiredCapacity`; absent means `true`.
    pub decrease_desired_capacity: Option<bool>,
    /// `ClientToken`.
    pub client_token: Option<ClientToken>,
    /// `IgnoreInvalidInstance`; absent means `false`.
    pub ignore_invalid_instance: Option<bool>,
    /// `StopInstanceTimeout`.
    pub stop_instance_timeout: Option<StopInstanceTimeout>,
    /// `LifecycleHookContext`.
    pub lifecycle_hook_context: Option<LifecycleHookContext>,
}

impl RemoveInstances {
    /// The operation with its two required parameters.
    pub fn new(scaling_group_id: ScalingGroupId, instance_ids: InstanceIds) -> Self {
        RemoveInstances {
            scaling_group_id,
            instance_ids,
            region_id: None,
            remove_policy: None,
            decrease_desired_capacity: None,
            client_token: None,
            ignore_invalid_instance: None,
            stop_instance_timeout: None,
            lifecycle_hook_context: None,
        }
    }

    /// Whether the group's desired capacity falls by the number removed
    /// (`DecreaseDesiredCapacity`, `true` by default).
    pub fn decreases_desired_capacity(&self) -> bool {
        self.decrease_desired_capacity.unwrap_or(true)
    }

    /// Whether instances not in the group are skipped rather than refused
    /// (`IgnoreInvalidInstance`, `false` by default).
    pub fn ignores_invalid_instances(&self) -> bool {
        self.ignore_invalid_instance.unwrap_or(false)
    }
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<RemoveInstances> {
    let scaling_group_id = r.required(&GROUP);
    let instance_ids = r.list(&IDS, true);
    Some(RemoveInstances {
        region_id: r.optional(&REGION),
        remove_policy: r.optional(&POLICY),
        decrease_desired_capacity: r.optional(&DECREASE),
        client_token: r.optional(&TOKEN),
        ignore_invalid_instance: r.optional(&IGNORE),
        stop_instance_timeout: r.optional(&TIMEOUT),
        lifecycle_hook_context: r.optional(&CONTEXT),
        scaling_group_id: scaling_group_id?,
        instance_ids: instance_ids?,
    })
}

fn encode<'a>(o: &'a RemoveInstances, w: &mut Writer<'a>) {
    w.one(GROUP, &o.scaling_group_id);
    w.list(IDS, &o.instance_ids);
    w.optional(REGION, &o.region_id);
    w.optional(POLICY, &o.remove_policy);
    w.optional(DECREASE, &o.decrease_desired_capacity);
    w.optional(TOKEN, &o.client_token);
    w.optional(IGNORE, &o.ignore_invalid_instance);
    w.optional(TIMEOUT, &o.stop_instance_timeout);
    w.optional(CONTEXT, &o.lifecycle_hook_context);
}

fn scaling_group_id(o: &RemoveInstances) -> Option<&ScalingGroupId> {
    Some(&o.scaling_group_id)
}

fn region_id(o: &RemoveInstances) -> Option<&RegionId> {
    o.region_id.as_ref()
}

impl_operation!(RemoveInstances);

/// The success body of `RemoveInstances`: the removal's
/// `ScalingActivityId`, and the `RequestId`.
///
/// ```
/// use ess_protection::RemoveInstancesResponse;
///
/// let body = RemoveInstancesResponse::from_json(
///     br#"{"ScalingActivityId": "asa-bp175o6f6ego3r2j****", "RequestId": "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"}"#)?;
/// assert_eq!(body.scaling_activity_id.as_str(), "asa-bp175o6f6ego3r2j****");
/// assert!(body.to_xml().starts_with("<RemoveInstancesResponse>\n  <ScalingActivityId>"));
/// # Ok::<(), ess_protection::BodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RemoveInstancesResponse {
    /// `ScalingActivityId`: the removal.
    pub scaling_activity_id: ScalingActivityId,
    /// `RequestId`.
    pub request_id: RequestId,
    /// Fields the model does not know (e.g. the 2022 SDK's `IgnoredInstances`).
    pub extra: ExtraFields,
}

impl RemoveInstancesResponse {
    /// A body with its activity and request ids.
    pub fn new(scaling_activity_id: ScalingActivityId, request_id: RequestId) -> Self {
        RemoveInstancesResponse { scaling_activity_id, request_id, extra: Vec::new() }
    }
}

const FIELDS: [FieldSpec; 2] = [FieldSpec::text("ScalingActivityId"), FieldSpec::text("RequestId")];

impl BodyCodec for RemoveInstancesResponse {
    const FIELDS: &'static [FieldSpec] = &FIELDS;
    const JSON_MARKS: &'static [&'static str] = &["ScalingActivityId"];

    fn from_picker(mut picker: Picker<'_>) -> Result<Self, BodyError> {
        let scaling_activity_id = picker.required(0)?;
        let scaling_activity_id = ScalingActivityId::try_from(scaling_activity_id.into_owned())
            .map_err(|e| BodyError::nested("ScalingActivityId", e.to_string()))?;
        let request_id = RequestId::from_body(picker.required(1)?);
        Ok(RemoveInstancesResponse { scaling_activity_id, request_id, extra: picker.extra() })
    }

    fn write<S: Sink>(&self, out: &mut S) {
        out.text("ScalingActivityId", self.scaling_activity_id.as_str());
        out.text("RequestId", self.request_id.as_str());
        out.extra(&self.extra);
    }
}

response_body!(RemoveInstancesResponse, "RemoveInstancesResponse");
