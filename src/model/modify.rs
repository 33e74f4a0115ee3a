//! `ModifyScalingGroup` against the state: new settings over the stored
//! ones, the bounds checked on the result, and a change of size made as a
//! scaling activity that never removes a `Protected` or `Standby` instance.

use crate::catalog::{ApiError, ErrorCode};
use crate::id::ScalingActivityId;
use crate::model::activity::Trigger;
use crate::model::answer::{Answer, Context, Handle};
use crate::model::env::Environment;
use crate::model::resize::Change;
use crate::model::state::{GroupState, ScalingGroup, State};
use crate::operation::{ModifyScalingGroup, ModifyScalingGroupResponse};

/// What a `ModifyScalingGroup` request did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Modified {
    /// The activity that changed the group's size, when one did: the
    /// answer carries only a `RequestId`, `DescribeScalingActivities`
    /// shows it.
    pub scaling_activity_id: Option<ScalingActivityId>,
}

/// The sizes a request leaves a group with: its own over the stored ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    min: Option<u32>,
    max: Option<u32>,
    desired: Option<u32>,
}

impl Bounds {
    fn merged(request: &ModifyScalingGroup, group: &ScalingGroup) -> Bounds {
        let desired = match request.disable_desired_capacity {
            Some(true) => None,
            _ => request.desired_capacity.map(|d| d.get()).or(group.desired_capacity),
        };
        Bounds {
            min: request.min_size.map(|m| m.get()).or(group.min_size),
            max: request.max_size.map(|m| m.get()).or(group.max_size),
            desired,
        }
    }

    /// `InvalidParameter.Conflict` (400) naming the two sizes out of order:
    /// `MinSize ≤ DesiredCapacity ≤ MaxSize`.
    fn check(self) -> Result<(), ApiError> {
        let conflict = |a: &str, b: &str| {
            Err(ApiError::with_args(ErrorCode::InvalidParameterConflict, &[a, b]))
        };
        let (min, max) = (self.min.unwrap_or(0), self.max.unwrap_or(u32::MAX));
        if min > max {
            return conflict("MinSize", "MaxSize");
        }
        match self.desired {
            Some(desired) if desired < min => conflict("MinSize", "DesiredCapacity"),
            Some(desired) if desired > max => conflict("DesiredCapacity", "MaxSize"),
            _ => Ok(()),
        }
    }
}

impl State {
    /// Applies a `ModifyScalingGroup` request, all or nothing, in this
    /// order:
    ///
    /// 1. `DesiredCapacity` with `DisableDesiredCapacity=true`:
    ///    `InvalidParameter.Conflict` (400) naming both;
    /// 2. the group exists (in the request's `RegionId`, when it has one):
    ///    else `InvalidScalingGroupId.NotFound` (404);
    /// 3. the group is `Active` or `Inactive`: else
    ///    `IncorrectScalingGroupStatus` (400);
    /// 4. no other group of its region has the new `ScalingGroupName`: else
    ///    `InvalidScalingGroupName.Duplicate` (400) naming it;
    /// 5. the new `ActiveScalingConfigurationId` is one of the group's
    ///    `ScalingConfigurationIds` (when the state lists them): else
    ///    `InvalidScalingConfigurationId.NotFound` (404);
    /// 6. `MinSize ≤ DesiredCapacity ≤ MaxSize` on the merged result (the
    ///    request's values over the group's): else
    ///    `InvalidParameter.Conflict` (400) naming the two out of order;
    /// 7. when the size must change, no activity of the group is in
    ///    progress: else `ScalingActivityInProgress` (400).
    ///
    /// Then the settings change (and `ModificationTime`), and an `Active`
    /// group's capacity moves to its `DesiredCapacity`, or, when it keeps
    /// none, into `[MinSize, MaxSize]` — one scaling activity, removing by
    /// the removal policies and never a `Protected` or `Standby` instance,
    /// or creating instances with ids from `env`. An `Inactive` group keeps
    /// its instances (a disabled group runs no activity).
    ///
    /// ```
    /// use ess_protection::model::{Sequential, State};
    /// use ess_protection::{ActivityStatus, ModifyScalingGroup, Request};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "MinSize": 0, "MaxSize": 5, "DesiredCapacity": 3, "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "Protected", "CreationTime": "2024-01-01T00:00:00Z"},
    ///     {"InstanceId": "i-2", "LifecycleState": "Protected", "CreationTime": "2024-01-02T00:00:00Z"},
    ///     {"InstanceId": "i-3", "LifecycleState": "InService", "CreationTime": "2024-01-03T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let shrink: Request<ModifyScalingGroup> = "Action=ModifyScalingGroup&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&DesiredCapacity=1".parse()?;
    /// let mut env = Sequential::new("2026-01-01T00:00:00Z".parse()?);
    /// state.modify_scaling_group(&shrink.operation, &mut env)?;
    ///
    /// // The protected two stay: the activity removed what it could.
    /// let group = &state.groups()[0];
    /// assert_eq!(group.instances.len(), 2);
    /// assert_eq!(group.desired_capacity, Some(1));
    /// assert_eq!(group.scaling_activities[0].status_code, ActivityStatus::Warning);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As listed above; nothing changes then.
    pub fn modify_scaling_group(
        &mut self,
        request: &ModifyScalingGroup,
        env: &mut dyn Environment,
    ) -> Result<Modified, ApiError> {
        if request.desired_capacity.is_some() && request.disable_desired_capacity == Some(true) {
            let names = ["DesiredCapacity", "DisableDesiredCapacity"];
            return Err(ApiError::with_args(ErrorCode::InvalidParameterConflict, &names));
        }
        let id = &request.scaling_group_id;
        let group = self
            .group(id)
            .filter(|g| request.region_id.as_ref().is_none_or(|r| *r == g.region_id))
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, ""))?;
        if group.lifecycle_state == GroupState::Deleting {
            return Err(ApiError::new(ErrorCode::IncorrectScalingGroupStatus, ""));
        }
        if let Some(name) = &request.scaling_group_name {
            let taken = self.groups().iter().any(|g| {
                g.scaling_group_id != *id
                    && g.region_id == group.region_id
                    && g.scaling_group_name.as_deref() == Some(name.as_str())
            });
            if taken {
                return Err(ApiError::new(
                    ErrorCode::InvalidScalingGroupNameDuplicate,
                    name.as_str(),
                ));
            }
        }
        if let (Some(configuration), Some(known)) =
            (&request.active_scaling_configuration_id, &group.scaling_configuration_ids)
            && !known.iter().any(|k| k == configuration.as_str())
        {
            return Err(ApiError::new(ErrorCode::InvalidScalingConfigurationIdNotFound, ""));
        }
        let bounds = Bounds::merged(request, group);
        bounds.check()?;
        let current = group.capacity();
        let target = match bounds.desired {
            Some(desired) => desired as usize,
            // Into [MinSize, MaxSize] (checked in order above); without a
            // MaxSize nothing is over it.
            None => {
                let max = bounds.max.map_or(usize::MAX, |max| max as usize);
                current.min(max).max(bounds.min.unwrap_or(0) as usize)
            }
        };
        let resizes = group.lifecycle_state == GroupState::Active && target != current;
        if resizes {
            group.no_activity_in_progress()?;
        }
        let trigger = match bounds.desired {
            Some(_) => Trigger::DesiredCapacity,
            None if target < current => Trigger::MaxSize,
            None => Trigger::MinSize,
        };
        let now = env.now();
        let Some(group) = self.group_mut(id) else {
            return Err(ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, ""));
        };
        group.apply(request, bounds);
        group.modification_time = Some(now);
        let activity = if resizes {
            self.resize(id, Change { trigger, target, metadata: None }, env)
        } else {
            None
        };
        Ok(Modified { scaling_activity_id: activity.map(|a| a.scaling_activity_id) })
    }
}

impl ScalingGroup {
    /// The request's settings over the group's.
    fn apply(&mut self, request: &ModifyScalingGroup, bounds: Bounds) {
        if let Some(name) = &request.scaling_group_name {
            self.scaling_group_name = Some(name.to_string());
        }
        (self.min_size, self.max_size, self.desired_capacity) =
            (bounds.min, bounds.max, bounds.desired);
        if let Some(policies) = &request.removal_policies {
            self.removal_policies = Some(policies.as_slice().to_vec());
        }
        if let Some(cooldown) = request.default_cooldown {
            self.default_cooldown = Some(cooldown.get());
        }
        if let Some(configuration) = &request.active_scaling_configuration_id {
            self.active_scaling_configuration_id = Some(configuration.to_string());
        }
    }
}

impl Handle for ModifyScalingGroup {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        state.modify_scaling_group(self, context.env)?;
        let body = ModifyScalingGroupResponse::new(context.request_id).into();
        Ok(Answer { body, changed: true })
    }
}
