//! `EnableScalingGroup` and `DisableScalingGroup` against the state: the
//! only ways a group's `LifecycleState` changes. Enabling attaches the
//! instances asked for, then grows the group to its `MinSize` (or its
//! `DesiredCapacity`), each an activity.

use std::collections::HashSet;

use crate::catalog::{ApiError, ErrorCode};
use crate::id::{InstanceId, ScalingActivityId};
use crate::model::activity::{Activity, Trigger};
use crate::model::answer::{Answer, Context, Handle};
use crate::model::env::Environment;
use crate::model::resize::Change;
use crate::model::state::{CreationType, GroupState, Instance, InstanceState, State};
use crate::operation::{
    DisableScalingGroup, DisableScalingGroupResponse, EnableScalingGroup,
    EnableScalingGroupResponse,
};

/// What an `EnableScalingGroup` request did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Enabled {
    /// The instances attached, in the order given, each once.
    pub attached: Vec<InstanceId>,
    /// The activities it recorded: the attachment's, then the growth's.
    pub activities: Vec<ScalingActivityId>,
}

impl State {
    /// Applies an `EnableScalingGroup` request, all or nothing, in this
    /// order:
    ///
    /// 1. the group exists (in the request's `RegionId`, when it has one):
    ///    else `InvalidScalingGroupId.NotFound` (404);
    /// 2. it is `Inactive`: else `IncorrectScalingGroupStatus` (400);
    /// 3. the new `ActiveScalingConfigurationId` is one of the group's (when
    ///    the state lists them): else `InvalidScalingConfigurationId.NotFound`
    ///    (404);
    /// 4. the group then has a configuration (its own, the request's, or a
    ///    `LaunchTemplateId`): else `MissingActiveScalingConfiguration` (400);
    /// 5. no instance to attach is in another group: else
    ///    `InvalidInstanceId.InUse` (400) naming the first;
    /// 6. the capacity and the instances attached stay within `MaxSize`:
    ///    else `IncorrectCapacity.MaxSize` (400);
    /// 7. when an activity will run, none of the group's is in progress:
    ///    else `ScalingActivityInProgress` (400).
    ///
    /// Then the group is `Active`; the instances join it (`InService`,
    /// `Attached`, their weights), one activity, and count in its
    /// `DesiredCapacity` when it keeps one (not over `MaxSize`); and it grows
    /// to its `DesiredCapacity`, or to its `MinSize` when it keeps none
    /// (another activity, instances created with ids from `env`).
    ///
    /// ```
    /// use ess_protection::model::{GroupState, Sequential, State};
    /// use ess_protection::{EnableScalingGroup, Request};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Inactive", "MinSize": 3, "ActiveScalingConfigurationId": "asc-1", "Instances": []}]}"#
    ///     .parse()?;
    /// let enable: Request<EnableScalingGroup> = "Action=EnableScalingGroup&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&InstanceId.1=i-mine&LoadBalancerWeight.1=10".parse()?;
    /// let mut env = Sequential::new("2026-01-01T00:00:00Z".parse()?);
    /// let enabled = state.enable_scaling_group(&enable.operation, &mut env)?;
    /// let group = &state.groups()[0];
    /// assert_eq!(group.lifecycle_state, GroupState::Active);
    /// assert_eq!(enabled.attached, ["i-mine".parse()?]);
    /// assert_eq!(group.instances.len(), 3, "one attached, two created up to MinSize");
    /// assert_eq!(group.instances[0].load_balancer_weight, Some(10));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As listed above; nothing changes then.
    pub fn enable_scaling_group(
        &mut self,
        request: &EnableScalingGroup,
        env: &mut dyn Environment,
    ) -> Result<Enabled, ApiError> {
        let id = &request.scaling_group_id;
        let group = self
            .group(id)
            .filter(|g| request.region_id.as_ref().is_none_or(|r| *r == g.region_id))
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, ""))?;
        if group.lifecycle_state != GroupState::Inactive {
            return Err(ApiError::new(ErrorCode::IncorrectScalingGroupStatus, ""));
        }
        if let (Some(configuration), Some(known)) =
            (&request.active_scaling_configuration_id, &group.scaling_configuration_ids)
            && !known.iter().any(|k| k == configuration.as_str())
        {
            return Err(ApiError::new(ErrorCode::InvalidScalingConfigurationIdNotFound, ""));
        }
        if group.active_scaling_configuration_id.is_none()
            && request.active_scaling_configuration_id.is_none()
            && request.launch_template_id.is_none()
        {
            return Err(ApiError::new(ErrorCode::MissingActiveScalingConfiguration, ""));
        }
        // The instances to attach, each once; those already in the group stay.
        let mut seen: HashSet<&InstanceId> = HashSet::new();
        let mut attach: Vec<(usize, &InstanceId)> = Vec::new();
        for (n, instance) in request.instance_ids.iter().flat_map(|l| l.iter()).enumerate() {
            if !seen.insert(instance) || group.instance(instance).is_some() {
                continue;
            }
            if self.groups().iter().any(|g| g.instance(instance).is_some()) {
                return Err(ApiError::new(ErrorCode::InvalidInstanceIdInUse, instance.as_str()));
            }
            attach.push((n, instance));
        }
        let current = group.capacity();
        let after_attach = current + attach.len();
        if group.max_size.is_some_and(|max| after_attach > max as usize) {
            return Err(ApiError::new(ErrorCode::IncorrectCapacityMaxSize, ""));
        }
        // Attached instances count in `DesiredCapacity` (not over `MaxSize`);
        // then the group grows to it, or to `MinSize` without one.
        let max = group.max_size.unwrap_or(u32::MAX);
        let added = u32::try_from(attach.len()).unwrap_or(u32::MAX);
        let desired = group.desired_capacity.map(|d| d.saturating_add(added).min(max));
        let floor = desired.or(group.min_size).unwrap_or(0) as usize;
        let target = after_attach.max(floor).min(group.upper_bound().max(after_attach));
        if (!attach.is_empty() || target > after_attach) && group.activity_in_progress() {
            return Err(ApiError::new(ErrorCode::ScalingActivityInProgress, ""));
        }
        let attach: Vec<(u32, InstanceId)> =
            attach.into_iter().map(|(n, i)| (request.weight_of(n), i.clone())).collect();
        let now = env.now();
        let Some(group) = self.group_mut(id) else {
            return Err(ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, ""));
        };
        group.lifecycle_state = GroupState::Active;
        group.desired_capacity = desired;
        if let Some(configuration) = &request.active_scaling_configuration_id {
            group.active_scaling_configuration_id = Some(configuration.to_string());
        }
        let mut enabled = Enabled::default();
        if !attach.is_empty() {
            let activity_id = env.activity_id();
            for (weight, instance) in &attach {
                let mut joined = Instance::new(instance.clone(), InstanceState::InService, now);
                joined.creation_type = Some(CreationType::Attached);
                joined.load_balancer_weight = Some(i64::from(*weight));
                joined.scaling_activity_id = Some(activity_id.clone());
                group.instances.push(joined);
            }
            enabled.attached = attach.into_iter().map(|(_, i)| i).collect();
            let activity =
                Activity::attach(activity_id.clone(), now, current, enabled.attached.clone());
            group.record(activity);
            enabled.activities.push(activity_id);
        }
        let change = Change { trigger: Trigger::Enable, target, metadata: None };
        if let Some(grown) = self.resize(id, change, env) {
            enabled.activities.push(grown.scaling_activity_id);
        }
        Ok(enabled)
    }

    /// Applies a `DisableScalingGroup` request: the group (in the request's
    /// `RegionId`, when it has one) must be `Active`, and becomes
    /// `Inactive`; its instances stay, and an activity in progress may
    /// finish.
    ///
    /// # Errors
    ///
    /// `InvalidScalingGroupId.NotFound` (404) or
    /// `IncorrectScalingGroupStatus` (400); nothing changes then.
    pub fn disable_scaling_group(&mut self, request: &DisableScalingGroup) -> Result<(), ApiError> {
        let group = self
            .group_mut(&request.scaling_group_id)
            .filter(|g| request.region_id.as_ref().is_none_or(|r| *r == g.region_id))
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, ""))?;
        if group.lifecycle_state != GroupState::Active {
            return Err(ApiError::new(ErrorCode::IncorrectScalingGroupStatus, ""));
        }
        group.lifecycle_state = GroupState::Inactive;
        Ok(())
    }
}

impl Handle for EnableScalingGroup {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        state.enable_scaling_group(self, context.env)?;
        let body = EnableScalingGroupResponse::new(context.request_id).into();
        Ok(Answer { body, changed: true })
    }
}

impl Handle for DisableScalingGroup {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        state.disable_scaling_group(self)?;
        let body = DisableScalingGroupResponse::new(context.request_id).into();
        Ok(Answer { body, changed: true })
    }
}
