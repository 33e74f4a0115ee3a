//! Scale-in, which never removes a `Protected` instance, and manual
//! removal, which removes any.

use std::cmp::Ordering;

use crate::catalog::ApiError;
use crate::catalog::ErrorCode;
use crate::id::{InstanceId, ScalingGroupId};
use crate::model::apply::active_group;
use crate::model::state::{
    HealthStatus, Instance, InstanceState, RemovalPolicy, ScalingGroup, State,
};

/// What a scale-in did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScaleIn {
    /// How many instances were asked for.
    pub requested: usize,
    /// The instances removed, in the order the removal policies chose them.
    pub removed: Vec<InstanceId>,
}

impl ScaleIn {
    /// How many fewer were removed than asked for: the group had too few
    /// instances a scale-in may remove (`Protected` ones, and those not in
    /// service, stay; and it keeps `MinSize`).
    pub fn shortfall(&self) -> usize {
        self.requested.saturating_sub(self.removed.len())
    }
}

/// Whether a scale-in may remove an instance: `InService` and `Stopped`
/// ones only.
pub fn removable_by_scale_in(state: InstanceState) -> bool {
    matches!(state, InstanceState::InService | InstanceState::Stopped)
}

/// How two instances compare under one policy: `Less` is removed first.
fn compare(group: &ScalingGroup, policy: RemovalPolicy, a: &Instance, b: &Instance) -> Ordering {
    match policy {
        RemovalPolicy::OldestInstance => a.creation_time.cmp(&b.creation_time),
        RemovalPolicy::NewestInstance => b.creation_time.cmp(&a.creation_time),
        RemovalPolicy::OldestScalingConfiguration => {
            // The position of its configuration among the group's (oldest
            // first); none, or one not listed, counts as the oldest.
            let age = |i: &Instance| {
                let ids = group.scaling_configuration_ids.as_deref().unwrap_or_default();
                i.scaling_configuration_id
                    .as_ref()
                    .and_then(|c| ids.iter().position(|id| id == c))
                    .map_or(0, |p| p + 1)
            };
            age(a).cmp(&age(b))
        }
    }
}

impl State {
    /// A scale-in of up to `count` instances of a group, whatever triggers
    /// it (a change of capacity, a monitoring task): the instances are chosen
    /// by the group's removal policies, applied in order, then by instance
    /// id; a `Protected` instance is never removed, nor one that is not in
    /// service (`Pending`, `Standby`, `Removing`, …), and the group keeps at
    /// least `MinSize` instances. When there are too few to remove, fewer
    /// are removed: [`ScaleIn::shortfall`] says how many. `DesiredCapacity`,
    /// when the group has one, falls by the number removed.
    ///
    /// # Errors
    ///
    /// `InvalidScalingGroupId.NotFound` (404) or
    /// `IncorrectScalingGroupStatus` (400); nothing changes then.
    pub fn scale_in(&mut self, group: &ScalingGroupId, count: usize) -> Result<ScaleIn, ApiError> {
        let group = active_group(self, group, None)?;
        let mut order: Vec<usize> = (0..group.instances.len())
            .filter(|&i| {
                group.instances.get(i).is_some_and(|x| removable_by_scale_in(x.lifecycle_state))
            })
            .collect();
        let policies = group.policies().to_vec();
        let at = |i: usize| group.instances.get(i);
        order.sort_by(|&a, &b| match (at(a), at(b)) {
            (Some(x), Some(y)) => policies
                .iter()
                .map(|&p| compare(group, p, x, y))
                .find(|o| o.is_ne())
                .unwrap_or_else(|| x.instance_id.cmp(&y.instance_id)),
            _ => Ordering::Equal,
        });
        // Never below `MinSize`: the removable instances all count in the
        // capacity, so each one removed lowers it by one.
        let room = group.min_size.map_or(usize::MAX, |min| {
            group.capacity().saturating_sub(usize::try_from(min).unwrap_or(usize::MAX))
        });
        order.truncate(count.min(room));
        let removed: Vec<InstanceId> =
            order.iter().filter_map(|&i| at(i).map(|x| x.instance_id.clone())).collect();
        group.release(&removed.iter().collect(), true);
        Ok(ScaleIn { requested: count, removed })
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
    /// `Protected` one, whose health status is not updated. Whether the
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
        if instance.lifecycle_state == InstanceState::Protected
            || instance.health() == HealthStatus::Unhealthy
        {
            return Ok(false);
        }
        instance.health_status = Some(HealthStatus::Unhealthy);
        Ok(true)
    }
}
