//! `ScaleWithAdjustment`: change a group's total capacity now, by a number
//! of instances, by a percent, or to a total — what an autoscaler calls.
//! A scale-in by it never removes a protected instance.
//!
//! | parameter | 2014-08-28 | 2022-02-22 | |
//! |---|---|---|---|
//! | `ScalingGroupId` | ✓ | ✓ | required |
//! | `AdjustmentType` | ✓ | ✓ | required: `QuantityChangeInCapacity`, `PercentChangeInCapacity` or `TotalCapacity` |
//! | `AdjustmentValue` | ✓ | ✓ | required: −1,000 to 1,000, −100 to 10,000, or 0 to 2,000, by type |
//! | `MinAdjustmentMagnitude` | ✓ | ✓ | 1 to 1,000, with `PercentChangeInCapacity` only |
//! | `ClientToken` | ✓ | ✓ | at most 64 ASCII characters; makes the request idempotent |
//! | `SyncActivity` | ✓ | ✓ | boolean |
//! | `ActivityMetadata` | ✓ | ✓ | a string, kept on the activity |
//! | `LifecycleHookContext`, `Overrides` | ✓ | ✓ | JSON objects, each in one parameter |
//! | `ExecutionMode` | ✓ | ✓ | `None` or `PlanOnly` (the 2022 SDK sends it) |
//! | `ParallelTask` | ✓ | ✓ | boolean (the 2022 SDK sends it) |
//! | `RegionId` | ✓ | ✓ | optional |
//!
//! The answer ([`ScaleWithAdjustmentResponse`]) is the activity's
//! `ScalingActivityId`; `2022-02-22` adds `ActivityType` and, for a plan,
//! `PlanResult`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::error::{ValueError, ValueErrorKind};
use crate::fields::{BodyError, ExtraFields, Field, FieldSpec, Picker, Sink};
use crate::group_values::{AdjustmentType, AdjustmentValue, ExecutionMode, MinAdjustmentMagnitude};
use crate::id::{RegionId, RequestId, ScalingActivityId, ScalingGroupId};
use crate::param::{ParamTable, params};
use crate::problem::ProblemKind;
use crate::reader::Reader;
use crate::response::{response_body, sealed::BodyCodec};
use crate::values::{ClientToken, JsonObject, LifecycleHookContext};

params! {
    GROUP = single("ScalingGroupId", Text);
    TYPE = single("AdjustmentType", Text);
    VALUE = single("AdjustmentValue", Integer);
    MAGNITUDE = single("MinAdjustmentMagnitude", Integer);
    TOKEN = single("ClientToken", Text);
    SYNC = single("SyncActivity", Boolean);
    METADATA = single("ActivityMetadata", Text);
    CONTEXT = single("LifecycleHookContext", Text);
    OVERRIDES = single("Overrides", Text);
    MODE = single("ExecutionMode", Text);
    PARALLEL = single("ParallelTask", Boolean);
    REGION = single("RegionId", Text);
}

pub(crate) const TABLE: ParamTable = ParamTable { action: "ScaleWithAdjustment", lookup: LOOKUP };

/// The parameters of `ScaleWithAdjustment`, typed and validated: the
/// value's bounds are its type's.
///
/// ```
/// use ess_protection::{AdjustmentType, Request, ScaleWithAdjustment};
///
/// let request: Request<ScaleWithAdjustment> = "Action=ScaleWithAdjustment&Version=2022-02-22\
///     &ScalingGroupId=asg-1&AdjustmentType=PercentChangeInCapacity&AdjustmentValue=-50\
///     &MinAdjustmentMagnitude=2".parse()?;
/// assert_eq!(request.operation.adjustment_type, AdjustmentType::PercentChangeInCapacity);
/// assert_eq!(request.operation.adjustment_value.get(), -50);
///
/// let rejection = "Action=ScaleWithAdjustment&Version=2022-02-22&ScalingGroupId=asg-1\
///     &AdjustmentType=TotalCapacity&AdjustmentValue=-1&MinAdjustmentMagnitude=2"
///     .parse::<Request<ScaleWithAdjustment>>().unwrap_err();
/// let problems: Vec<String> = rejection.problems().iter().map(ToString::to_string).collect();
/// assert_eq!(problems, ["AdjustmentValue: expected an integer from 0 to 2000",
///     "MinAdjustmentMagnitude: only one of it and AdjustmentType=TotalCapacity may be given"]);
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ScaleWithAdjustment {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `AdjustmentType`.
    pub adjustment_type: AdjustmentType,
    /// `AdjustmentValue`, within its type's bounds.
    pub adjustment_value: AdjustmentValue,
    /// `MinAdjustmentMagnitude` (with `PercentChangeInCapacity` only).
    pub min_adjustment_magnitude: Option<MinAdjustmentMagnitude>,
    /// `ClientToken`.
    pub client_token: Option<ClientToken>,
    /// `SyncActivity`.
    pub sync_activity: Option<bool>,
    /// `ActivityMetadata`.
    pub activity_metadata: Option<String>,
    /// `LifecycleHookContext`.
    pub lifecycle_hook_context: Option<LifecycleHookContext>,
    /// `Overrides`: a JSON object (container and instance overrides).
    pub overrides: Option<JsonObject>,
    /// `ExecutionMode`; absent means `None`.
    pub execution_mode: Option<ExecutionMode>,
    /// `ParallelTask`.
    pub parallel_task: Option<bool>,
    /// `RegionId`.
    pub region_id: Option<RegionId>,
}

impl ScaleWithAdjustment {
    /// The operation with its three required parameters.
    ///
    /// # Errors
    ///
    /// When `value` is outside `adjustment_type`'s bounds.
    pub fn new(
        scaling_group_id: ScalingGroupId,
        adjustment_type: AdjustmentType,
        value: i32,
    ) -> Result<Self, ValueError> {
        Ok(ScaleWithAdjustment {
            scaling_group_id,
            adjustment_type,
            adjustment_value: checked_value(adjustment_type, value)?,
            min_adjustment_magnitude: None,
            client_token: None,
            sync_activity: None,
            activity_metadata: None,
            lifecycle_hook_context: None,
            overrides: None,
            execution_mode: None,
            parallel_task: None,
            region_id: None,
        })
    }

    /// Whether it only says what it would do (`ExecutionMode=PlanOnly`).
    pub fn plans_only(&self) -> bool {
        self.execution_mode == Some(ExecutionMode::PlanOnly)
    }
}

/// A value within its type's bounds.
fn checked_value(kind: AdjustmentType, value: i32) -> Result<AdjustmentValue, ValueError> {
    let (min, max) = kind.bounds();
    if (min..=max).contains(&i64::from(value)) {
        AdjustmentValue::try_from(value)
    } else {
        Err(ValueError::new(ValueErrorKind::Range(min, max)))
    }
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<ScaleWithAdjustment> {
    let scaling_group_id = r.required(&GROUP);
    let adjustment_type: Option<AdjustmentType> = r.required(&TYPE);
    let value: Option<AdjustmentValue> = r.required(&VALUE);
    let adjustment_value = match (adjustment_type, value) {
        (Some(kind), Some(value)) => match checked_value(kind, value.get()) {
            Ok(value) => Some(value),
            Err(e) => {
                r.invalid(&VALUE, None, e);
                None
            }
        },
        _ => None,
    };
    let magnitude = r.optional(&MAGNITUDE);
    if magnitude.is_some()
        && adjustment_type.is_some_and(|t| t != AdjustmentType::PercentChangeInCapacity)
    {
        let other = match adjustment_type {
            Some(AdjustmentType::TotalCapacity) => "AdjustmentType=TotalCapacity",
            _ => "AdjustmentType=QuantityChangeInCapacity",
        };
        r.problem(MAGNITUDE.shown(), ProblemKind::Exclusive(other));
    }
    Some(ScaleWithAdjustment {
        min_adjustment_magnitude: magnitude,
        client_token: r.optional(&TOKEN),
        sync_activity: r.optional(&SYNC),
        activity_metadata: r.text(&METADATA),
        lifecycle_hook_context: r.optional(&CONTEXT),
        overrides: r.optional(&OVERRIDES),
        execution_mode: r.optional(&MODE),
        parallel_task: r.optional(&PARALLEL),
        region_id: r.optional(&REGION),
        scaling_group_id: scaling_group_id?,
        adjustment_type: adjustment_type?,
        adjustment_value: adjustment_value?,
    })
}

fn encode<'a>(o: &'a ScaleWithAdjustment, w: &mut Writer<'a>) {
    w.one(GROUP, &o.scaling_group_id);
    w.one(TYPE, &o.adjustment_type);
    w.one(VALUE, &o.adjustment_value);
    w.optional(MAGNITUDE, &o.min_adjustment_magnitude);
    w.optional(TOKEN, &o.client_token);
    w.optional(SYNC, &o.sync_activity);
    w.optional(METADATA, &o.activity_metadata);
    w.optional(CONTEXT, &o.lifecycle_hook_context);
    w.optional(OVERRIDES, &o.overrides);
    w.optional(MODE, &o.execution_mode);
    w.optional(PARALLEL, &o.parallel_task);
    w.optional(REGION, &o.region_id);
}

fn scaling_group_id(o: &ScaleWithAdjustment) -> Option<&ScalingGroupId> {
    Some(&o.scaling_group_id)
}

fn region_id(o: &ScaleWithAdjustment) -> Option<&RegionId> {
    o.region_id.as_ref()
}

impl_operation!(ScaleWithAdjustment);

/// `PlanResult`, as read.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Plan {
    #[serde(default, deserialize_with = "crate::nested::either_shape")]
    resource_allocations: Option<Vec<ResourceAllocation>>,
}

/// One allocation of a plan: how many instances of a kind it would add.
#[serde_with::serde_as]
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ResourceAllocation {
    /// `Amount`: instances to add (negative: to remove; this crate's reading).
    #[serde_as(as = "serde_with::PickFirst<(_, serde_with::DisplayFromStr)>")]
    pub amount: i64,
    /// `InstanceType`.
    pub instance_type: Option<String>,
    /// `ZoneId`.
    pub zone_id: Option<String>,
    /// `InstanceChargeType`.
    pub instance_charge_type: Option<String>,
    /// `SpotStrategy`.
    pub spot_strategy: Option<String>,
}

impl ResourceAllocation {
    /// An allocation of `amount` instances.
    pub fn new(amount: i64) -> Self {
        ResourceAllocation {
            amount,
            instance_type: None,
            zone_id: None,
            instance_charge_type: None,
            spot_strategy: None,
        }
    }
}

/// The success body of `ScaleWithAdjustment`.
///
/// ```
/// use ess_protection::ScaleWithAdjustmentResponse;
///
/// let body = ScaleWithAdjustmentResponse::from_json(
///     br#"{"ScalingActivityId":"asa-1","ActivityType":"CapacityChange","RequestId":"R1"}"#)?;
/// assert_eq!(body.activity_type.as_deref(), Some("CapacityChange"));
/// assert_eq!(body.to_json(), r#"{"ScalingActivityId":"asa-1","ActivityType":"CapacityChange","RequestId":"R1"}"#);
/// # Ok::<(), ess_protection::BodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScaleWithAdjustmentResponse {
    /// `ScalingActivityId`; absent for a plan.
    pub scaling_activity_id: Option<ScalingActivityId>,
    /// `ActivityType` (`2022-02-22`): `CapacityChange` when only the desired
    /// capacity changed.
    pub activity_type: Option<String>,
    /// `PlanResult` (`2022-02-22`, `ExecutionMode=PlanOnly`): its
    /// `ResourceAllocations`.
    pub plan_result: Option<Vec<ResourceAllocation>>,
    /// `RequestId`.
    pub request_id: RequestId,
    /// Fields the model does not know, kept so they survive a round trip.
    pub extra: ExtraFields,
}

impl ScaleWithAdjustmentResponse {
    /// The body of an activity.
    pub fn new(scaling_activity_id: Option<ScalingActivityId>, request_id: RequestId) -> Self {
        ScaleWithAdjustmentResponse {
            scaling_activity_id,
            activity_type: None,
            plan_result: None,
            request_id,
            extra: Vec::new(),
        }
    }
}

const FIELDS: [FieldSpec; 4] = [
    FieldSpec::text("ScalingActivityId"),
    FieldSpec::text("ActivityType"),
    FieldSpec::nested("PlanResult"),
    FieldSpec::text("RequestId"),
];

impl BodyCodec for ScaleWithAdjustmentResponse {
    const FIELDS: &'static [FieldSpec] = &FIELDS;
    const JSON_MARKS: &'static [&'static str] = &["ActivityType", "PlanResult"];

    fn from_picker(mut picker: Picker<'_>) -> Result<Self, BodyError> {
        let extra = picker.extra();
        let scaling_activity_id = match picker.take(0) {
            Some(id) => Some(
                ScalingActivityId::try_from(id.into_owned())
                    .map_err(|e| BodyError::nested("ScalingActivityId", e.to_string()))?,
            ),
            None => None,
        };
        let activity_type = picker.take(1).map(|t| t.into_owned());
        let plan_result = match picker.take_field(2) {
            None => None,
            // An XML element without children: a plan of no allocation.
            Some(Field::Text(text)) if text.trim().is_empty() => Some(Vec::new()),
            Some(field) => {
                let plan: Plan = serde_json::from_value(field.into_value())
                    .map_err(|e| BodyError::nested("PlanResult", e.to_string()))?;
                Some(plan.resource_allocations.unwrap_or_default())
            }
        };
        let request_id = RequestId::from_body(picker.required(3)?);
        Ok(ScaleWithAdjustmentResponse {
            scaling_activity_id,
            activity_type,
            plan_result,
            request_id,
            extra,
        })
    }

    fn write<S: Sink>(&self, out: &mut S) {
        if let Some(id) = &self.scaling_activity_id {
            out.text("ScalingActivityId", id.as_str());
        }
        if let Some(kind) = &self.activity_type {
            out.text("ActivityType", kind);
        }
        if let Some(plan) = &self.plan_result {
            let allocations: Vec<Value> =
                plan.iter().map(|a| serde_json::to_value(a).unwrap_or(Value::Null)).collect();
            let value = serde_json::json!({ "ResourceAllocations": allocations });
            out.extra(&[("PlanResult".to_owned(), value)]);
        }
        out.text("RequestId", self.request_id.as_str());
        out.extra(&self.extra);
    }
}

response_body!(ScaleWithAdjustmentResponse, "ScaleWithAdjustmentResponse");
