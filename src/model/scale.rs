//! The emulator's harness: a scale-in a monitoring task triggers, which
//! never removes a `Protected` instance, a manual removal, which removes
//! any, and an ECS event.

use crate::catalog::{ApiError, ErrorCode};
use crate::id::{InstanceId, ScalingActivityId, ScalingGroupId};
use crate::model::activity::Trigger;
use crate::model::apply::active_group;
use crate::model::env::Environment;
use crate::model::resize::Change;
use crate::model::state::{HealthStatus, InstanceState, State};

/// What a scale-in did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScaleIn {
    /// How many instances were asked for.
    pub requested: usize,
    /// The instances removed, in the order the removal policies chose them.
    pub removed: Vec<InstanceId>,
    /// The scale-in's activity; `None` when it had nothing to do (no
    /// instance asked for, or the group at its `MinSize`).
    pub scaling_activity_id: Option<ScalingActivityId>,
}

impl ScaleIn {
    /// How many fewer were removed than asked for: the group had too few
    /// instances a scale-in may remove (`Protected` ones, and those not in
    /// service, stay; and it keeps `MinSize`).
    pub fn shortfall(&self) -> usize {
        self.requested.saturating_sub(self.removed.len())
    }
}

impl State {
    /// A scale-in of up to `count` instances of a group that a monitoring
    /// task triggers (the emulator's harness): the instances are chosen by
    /// the group's removal policies ([`ScalingGroup::scale_in_order`]); a
    /// `Protected` instance is never removed, nor one in `Standby` or
    /// otherwise not in service, and the group keeps at least `MinSize`
    /// instances. When there are too few to remove, fewer are removed:
    /// [`ScaleIn::shortfall`] says how many. It is a scaling activity
    /// (`TriggerSourceType` `Cms`), with its id and time from `env`.
    /// `DesiredCapacity`, when the group has one, falls by the number
    /// removed, not below `MinSize`.
    ///
    /// [`ScalingGroup::scale_in_order`]: crate::model::ScalingGroup::scale_in_order
    ///
    /// # Errors
    ///
    /// `InvalidScalingGroupId.NotFound` (404), `IncorrectScalingGroupStatus`
    /// (400) or `ScalingActivityInProgress` (400), in that order; nothing
    /// changes then.
    pub fn scale_in(
        &mut self,
        group: &ScalingGroupId,
        count: usize,
        env: &mut dyn Environment,
    ) -> Result<ScaleIn, ApiError> {
        let found = active_group(self, group, None)?;
        found.no_activity_in_progress()?;
        // Never below `MinSize`.
        let current = found.capacity();
        let floor = found.min_size.map_or(0, |min| min as usize);
        let target = current.saturating_sub(count).max(floor.min(current));
        let change = Change { trigger: Trigger::Monitoring, target, metadata: None };
        let Some(activity) = self.resize(group, change, env) else {
            return Ok(ScaleIn {
                requested: count,
                removed: Vec::new(),
                scaling_activity_id: None,
            });
        };
        if let Some(found) = self.group_mut(group) {
            found.lower_desired(activity.destroyed_instances.len());
        }
        Ok(ScaleIn {
            requested: count,
            removed: activity.destroyed_instances,
            scaling_activity_id: Some(activity.scaling_activity_id),
        })
    }

    /// Manual removal (RemoveInstances) of given instances, `Protected` or
    /// not: the only way a protected instance leaves its group. All or
    /// nothing; the removed ids, in the order given, each once.
    ///
    /// # Errors
    ///
    /// `InvalidScalingGroupId.NotFound` (404), `IncorrectScalingGroupStatus`
    /// (400) or `InvalidInstanceId.NotFound` (404, naming the first instance
    /// not in the group), in that order; nothing changes then.
    pub fn remove(
        &mut self,
        group: &ScalingGroupId,
        ids: &[InstanceId],
    ) -> Result<Vec<InstanceId>, ApiError> {
        let group = active_group(self, group, None)?;
        let (removed, missing) = group.sort_out(ids);
        if let Some(missing) = missing.first() {
            return Err(ApiError::new(ErrorCode::InvalidInstanceIdNotFound, missing.as_str()));
        }
        group.release(&removed.iter().collect(), false);
        Ok(removed)
    }

    /// An ECS event: the instance was stopped or restarted. The group's
    /// health check marks an instance `Unhealthy` then, but not a
    /// `Protected` or `Standby` one, whose health status is not updated. Whether the
    /// status changed.
    ///
    /// # Errors
    ///
    /// `InvalidScalingGroupId.NotFound` (404) or `InvalidInstanceId.NotFound`
    /// (404) when the group or the instance is not there.
    pub fn report_stopped(
        &mut self,
        group: &ScalingGroupId,
        id: &InstanceId,
    ) -> Result<bool, ApiError> {
        let group = self
            .group_mut(group)
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, ""))?;
        let instance = group
            .instances
            .iter_mut()
            .find(|i| i.instance_id == *id)
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidInstanceIdNotFound, id.as_str()))?;
        if matches!(instance.lifecycle_state, InstanceState::Protected | InstanceState::Standby)
            || instance.health() == HealthStatus::Unhealthy
        {
            return Ok(false);
        }
        instance.health_status = Some(HealthStatus::Unhealthy);
        Ok(true)
    }
}
