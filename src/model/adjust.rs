//! `ScaleWithAdjustment` against the state: a target computed from the
//! adjustment, clamped to the group's bounds, reached by one scaling
//! activity that never removes a `Protected` or `Standby` instance.

use crate::catalog::{ApiError, ErrorCode};
use crate::group_values::AdjustmentType;
use crate::id::ScalingActivityId;
use crate::model::activity::Trigger;
use crate::model::answer::{Answer, Context, Handle};
use crate::model::apply::active_group;
use crate::model::env::Environment;
use crate::model::remove::fingerprint;
use crate::model::resize::Change;
use crate::model::state::{State, TokenRecord};
use crate::operation::{ResourceAllocation, ScaleWithAdjustment, ScaleWithAdjustmentResponse};

/// What a `ScaleWithAdjustment` request did, or, for a plan, would do.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Adjusted {
    /// The capacity before.
    pub from: usize,
    /// The capacity aimed at: the adjustment, clamped to
    /// `[MinSize, MaxSize]`.
    pub target: usize,
    /// The activity; `None` for a plan (`ExecutionMode=PlanOnly`).
    pub scaling_activity_id: Option<ScalingActivityId>,
    /// Whether this was a request repeated under its `ClientToken`, which
    /// changed nothing more (`from` and `target` are then today's capacity).
    pub repeated: bool,
}

impl Adjusted {
    /// How many instances the adjustment adds (negative: removes).
    pub fn delta(&self) -> i64 {
        let signed = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        signed(self.target) - signed(self.from)
    }
}

/// The capacity an adjustment aims at before the bounds: a quantity added,
/// a percent of `current` (rounded half away from zero, and at least
/// `MinAdjustmentMagnitude` instances when one is given and the value is not
/// 0), or a total.
pub fn adjusted_capacity(request: &ScaleWithAdjustment, current: usize) -> i64 {
    let current = i64::try_from(current).unwrap_or(i64::MAX);
    let value = i64::from(request.adjustment_value.get());
    match request.adjustment_type {
        AdjustmentType::QuantityChangeInCapacity => current.saturating_add(value),
        AdjustmentType::TotalCapacity => value,
        AdjustmentType::PercentChangeInCapacity => {
            // |current × value| / 100, rounded half away from zero.
            let product = current.saturating_mul(value.abs());
            let mut size = (product.saturating_add(50)) / 100;
            if let Some(min) = request.min_adjustment_magnitude
                && value != 0
            {
                size = size.max(i64::from(min.get()));
            }
            current.saturating_add(size * value.signum())
        }
    }
}

impl State {
    /// Applies a `ScaleWithAdjustment` request, in this order:
    ///
    /// 1. a `ClientToken` the state remembers: the same request answers the
    ///    first one's activity and changes nothing more; another request
    ///    with it is refused (`InvalidParameter` naming `ClientToken`);
    /// 2. the group exists (in the request's `RegionId`, when it has one):
    ///    else `InvalidScalingGroupId.NotFound` (404);
    /// 3. the group is `Active`: else `IncorrectScalingGroupStatus` (400);
    /// 4. no activity of the group is in progress: else
    ///    `ScalingActivityInProgress` (400);
    /// 5. the target ([`adjusted_capacity`], clamped to `[MinSize,
    ///    MaxSize]`; without `MaxSize`, to 2,000 or the capacity when larger)
    ///    differs from the capacity: else `IncorrectCapacity.NoChange` (400).
    ///
    /// A plan (`ExecutionMode=PlanOnly`) stops there and changes nothing.
    /// Otherwise the group's `DesiredCapacity`, when it has one, becomes the
    /// target, and one scaling activity moves the capacity there: removing
    /// by the removal policies and never a `Protected` or `Standby`
    /// instance, or creating instances with ids from `env`.
    ///
    /// ```
    /// use ess_protection::model::{Sequential, State};
    /// use ess_protection::{ErrorCode, Request, ScaleWithAdjustment};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "MinSize": 0, "MaxSize": 10, "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"},
    ///     {"InstanceId": "i-2", "LifecycleState": "InService", "CreationTime": "2024-01-02T00:00:00Z"},
    ///     {"InstanceId": "i-3", "LifecycleState": "InService", "CreationTime": "2024-01-03T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let mut env = Sequential::new("2026-01-01T00:00:00Z".parse()?);
    /// // 50% of 3 is 1.5: two instances.
    /// let grow: Request<ScaleWithAdjustment> = "Action=ScaleWithAdjustment&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&AdjustmentType=PercentChangeInCapacity&AdjustmentValue=50".parse()?;
    /// let adjusted = state.scale_with_adjustment(&grow.operation, &mut env)?;
    /// assert_eq!((adjusted.from, adjusted.target), (3, 5));
    /// assert_eq!(state.groups()[0].instances.len(), 5);
    ///
    /// let same: Request<ScaleWithAdjustment> = "Action=ScaleWithAdjustment&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&AdjustmentType=TotalCapacity&AdjustmentValue=5".parse()?;
    /// let error = state.scale_with_adjustment(&same.operation, &mut env).unwrap_err();
    /// assert_eq!(error.code, ErrorCode::IncorrectCapacityNoChange);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As listed above; nothing changes then.
    pub fn scale_with_adjustment(
        &mut self,
        request: &ScaleWithAdjustment,
        env: &mut dyn Environment,
    ) -> Result<Adjusted, ApiError> {
        let fingerprint = request.client_token.as_ref().map(|_| fingerprint(request));
        if let (Some(token), Some(fingerprint)) = (&request.client_token, &fingerprint)
            && let Some(record) = self.token(token)
        {
            if record.request != *fingerprint {
                return Err(ApiError::new(ErrorCode::InvalidParameter, "ClientToken"));
            }
            let current = self.group(&request.scaling_group_id).map_or(0, |g| g.capacity());
            return Ok(Adjusted {
                from: current,
                target: current,
                scaling_activity_id: Some(record.scaling_activity_id.clone()),
                repeated: true,
            });
        }
        let id = &request.scaling_group_id;
        let group = active_group(self, id, request.region_id.as_ref())?;
        group.no_activity_in_progress()?;
        let from = group.capacity();
        let lower = group.min_size.map_or(0, i64::from);
        let upper = i64::try_from(group.upper_bound()).unwrap_or(i64::MAX);
        let target = adjusted_capacity(request, from).min(upper).max(lower.min(upper));
        let target = usize::try_from(target).unwrap_or(0);
        if target == from {
            return Err(ApiError::new(ErrorCode::IncorrectCapacityNoChange, ""));
        }
        if request.plans_only() {
            return Ok(Adjusted { from, target, scaling_activity_id: None, repeated: false });
        }
        if group.desired_capacity.is_some() {
            group.desired_capacity = Some(u32::try_from(target).unwrap_or(u32::MAX));
        }
        let metadata = request.activity_metadata.clone();
        let change = Change { trigger: Trigger::Adjustment, target, metadata };
        let activity = self.resize(id, change, env);
        let scaling_activity_id = activity.map(|a| a.scaling_activity_id);
        if let (Some(client_token), Some(request), Some(activity)) =
            (request.client_token.clone(), fingerprint, &scaling_activity_id)
        {
            let scaling_activity_id = activity.clone();
            self.remember(TokenRecord { client_token, request, scaling_activity_id });
        }
        Ok(Adjusted { from, target, scaling_activity_id, repeated: false })
    }
}

impl Handle for ScaleWithAdjustment {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        let adjusted = state.scale_with_adjustment(self, context.env)?;
        let mut body = ScaleWithAdjustmentResponse::new(
            adjusted.scaling_activity_id.clone(),
            context.request_id,
        );
        if self.plans_only() {
            body.plan_result = Some(vec![ResourceAllocation::new(adjusted.delta())]);
        }
        let changed = !adjusted.repeated && adjusted.scaling_activity_id.is_some();
        Ok(Answer { body: body.into(), changed })
    }
}
