//! A change in the number of a group's instances, whatever asks for it — a
//! new size (`ModifyScalingGroup`), an adjustment (`ScaleWithAdjustment`),
//! a monitoring task — made as one scaling activity. The reference page's
//! promise lives here: a scale-in takes only `InService` and `Stopped`
//! instances, so never a `Protected` or `Standby` one.

use std::cmp::Ordering;
use std::collections::HashSet;

use crate::id::{InstanceId, ScalingGroupId};
use crate::model::activity::{Activity, Trigger};
use crate::model::env::Environment;
use crate::model::state::{
    CreationType, Instance, InstanceState, RemovalPolicy, ScalingGroup, State,
};

/// How large a scale-out may take a group that has no `MaxSize`: the
/// account's default quota (this crate's bound, so that a percent
/// adjustment of a group without bounds stays bounded).
pub const DEFAULT_MAX_SIZE: u32 = 2000;

/// How many times a scale-out asks the caller for an instance id before it
/// gives up on that instance (each id the state already has is asked for
/// again).
const ID_ATTEMPTS: usize = 8;

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

/// One change of a group's capacity, as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// What asked for it (the activity's `Cause`).
    pub(crate) trigger: Trigger,
    /// The capacity to reach.
    pub(crate) target: usize,
    /// `ActivityMetadata`, kept on the activity.
    pub(crate) metadata: Option<String>,
}

impl ScalingGroup {
    /// The instances a scale-in may remove, in the order it removes them:
    /// `InService` and `Stopped` ones only ([`removable_by_scale_in`]),
    /// ordered by the group's removal policies, applied in turn, then by
    /// instance id. One sort: n log n in the group's size.
    ///
    /// ```
    /// use ess_protection::model::State;
    ///
    /// let state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "RemovalPolicies": ["NewestInstance"], "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"},
    ///     {"InstanceId": "i-2", "LifecycleState": "Protected", "CreationTime": "2024-01-02T00:00:00Z"},
    ///     {"InstanceId": "i-3", "LifecycleState": "Stopped", "CreationTime": "2024-01-03T00:00:00Z"},
    ///     {"InstanceId": "i-4", "LifecycleState": "Standby", "CreationTime": "2024-01-04T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let order: Vec<&str> =
    ///     state.groups()[0].scale_in_order().iter().map(|i| i.instance_id.as_str()).collect();
    /// assert_eq!(order, ["i-3", "i-1"]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn scale_in_order(&self) -> Vec<&Instance> {
        let mut order: Vec<&Instance> =
            self.instances.iter().filter(|i| removable_by_scale_in(i.lifecycle_state)).collect();
        let policies = self.policies();
        order.sort_by(|x, y| {
            policies
                .iter()
                .map(|&p| compare(self, p, x, y))
                .find(|o| o.is_ne())
                .unwrap_or_else(|| x.instance_id.cmp(&y.instance_id))
        });
        order
    }

    /// The most a scale-out may take the group to: `MaxSize`, or, when it
    /// has none, [`DEFAULT_MAX_SIZE`] (or its capacity, when larger).
    pub(crate) fn upper_bound(&self) -> usize {
        let max = self.max_size.unwrap_or(DEFAULT_MAX_SIZE) as usize;
        match self.max_size {
            Some(_) => max,
            None => max.max(self.capacity()),
        }
    }
}

impl State {
    /// Moves a group's capacity toward `change.target`, as one activity,
    /// recorded in the group and returned; `None` when the group is at the
    /// target already (or does not exist). A scale-in removes the first
    /// instances of [`ScalingGroup::scale_in_order`]; a scale-out creates
    /// `InService`, `AutoCreated` instances of the group's active scaling
    /// configuration, with ids, time and activity id from `env`. When fewer
    /// can be removed or created than planned, the activity ends `Warning`
    /// (some) or `Failed` (none). `DesiredCapacity` is the caller's to set.
    /// The caller has checked that no activity of the group is in progress.
    pub(crate) fn resize(
        &mut self,
        id: &ScalingGroupId,
        change: Change,
        env: &mut dyn Environment,
    ) -> Option<Activity> {
        let current = self.group(id)?.capacity();
        let target = change.target;
        if target == current {
            return None;
        }
        // The ids a new instance may not take: every one in the state.
        let mut taken: HashSet<InstanceId> = if target > current {
            self.groups()
                .iter()
                .flat_map(|g| g.instances.iter().map(|i| i.instance_id.clone()))
                .collect()
        } else {
            HashSet::new()
        };
        let group = self.group_mut(id)?;
        let scaling_activity_id = env.activity_id();
        let now = env.now();
        let (created, destroyed) = if target < current {
            let gone: Vec<InstanceId> = group
                .scale_in_order()
                .into_iter()
                .take(current - target)
                .map(|i| i.instance_id.clone())
                .collect();
            group.release(&gone.iter().collect(), false);
            (Vec::new(), gone)
        } else {
            let mut created = Vec::with_capacity(target - current);
            for _ in current..target {
                let fresh = (0..ID_ATTEMPTS)
                    .map(|_| env.instance_id())
                    .find(|candidate| taken.insert(candidate.clone()));
                let Some(fresh) = fresh else { break };
                let mut instance = Instance::new(fresh.clone(), InstanceState::InService, now);
                instance.creation_type = Some(CreationType::AutoCreated);
                instance.scaling_configuration_id = group.active_scaling_configuration_id.clone();
                instance.scaling_activity_id = Some(scaling_activity_id.clone());
                group.instances.push(instance);
                created.push(fresh);
            }
            (created, Vec::new())
        };
        let after = group.capacity();
        let totals = (current, target, after);
        let mut activity = Activity::finished(
            scaling_activity_id,
            change.trigger,
            now,
            totals,
            created,
            destroyed,
        );
        activity.activity_metadata = change.metadata;
        group.record(activity.clone());
        Some(activity)
    }
}
