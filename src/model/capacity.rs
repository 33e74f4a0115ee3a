//! A group's counters, computed from its instances, and the group as
//! `DescribeScalingGroups` shows it.

use serde_json::Value;

use crate::group_values::GroupType;
use crate::model::describe::to_the_minute;
use crate::model::state::ScalingGroup;
use crate::operation::ScalingGroupInfo;
use crate::values::InstanceState;

/// The counters `DescribeScalingGroups` shows: how many of the group's
/// instances are in each state. Every instance counts one (weights are not
/// modelled), so the counters of the states add up to `total_capacity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Capacities {
    /// `TotalCapacity`: every instance.
    pub total_capacity: u32,
    /// `ActiveCapacity`: `InService`.
    pub active: u32,
    /// `PendingCapacity`: `Pending`.
    pub pending: u32,
    /// `PendingWaitCapacity`: `Pending:Wait`.
    pub pending_wait: u32,
    /// `RemovingCapacity`: `Removing`.
    pub removing: u32,
    /// `RemovingWaitCapacity`: `Removing:Wait`.
    pub removing_wait: u32,
    /// `ProtectedCapacity`: `Protected`.
    pub protected: u32,
    /// `StandbyCapacity`: `Standby`.
    pub standby: u32,
    /// `StoppedCapacity`: `Stopped`.
    pub stopped: u32,
    /// `SpotCapacity`: spot instances, in any state.
    pub spot: u32,
}

impl Capacities {
    /// The sum of the counters of the states: always `total_capacity`.
    pub fn sum_of_states(&self) -> u32 {
        self.active
            + self.pending
            + self.pending_wait
            + self.removing
            + self.removing_wait
            + self.protected
            + self.standby
            + self.stopped
    }
}

impl ScalingGroup {
    /// The group's counters, in one pass over its instances.
    ///
    /// ```
    /// use ess_protection::model::State;
    ///
    /// let state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "Protected", "CreationTime": "2024-01-01T00:00:00Z"},
    ///     {"InstanceId": "i-2", "LifecycleState": "InService", "CreationTime": "2024-01-02T00:00:00Z"},
    ///     {"InstanceId": "i-3", "LifecycleState": "Standby", "CreationTime": "2024-01-03T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let counters = state.groups()[0].capacities();
    /// assert_eq!((counters.total_capacity, counters.active, counters.protected, counters.standby), (3, 1, 1, 1));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn capacities(&self) -> Capacities {
        let mut c = Capacities::default();
        for instance in &self.instances {
            c.total_capacity += 1;
            c.spot += u32::from(instance.is_spot());
            let counter = match instance.lifecycle_state {
                InstanceState::InService => &mut c.active,
                InstanceState::Pending => &mut c.pending,
                InstanceState::PendingWait => &mut c.pending_wait,
                InstanceState::Protected => &mut c.protected,
                InstanceState::Standby => &mut c.standby,
                InstanceState::Stopped => &mut c.stopped,
                InstanceState::Removing => &mut c.removing,
                InstanceState::RemovingWait => &mut c.removing_wait,
            };
            *counter += 1;
        }
        c
    }

    /// The group as `DescribeScalingGroups` shows it (the same in both
    /// versions; the body's version shapes its lists): its
    /// settings, its counters, and the fields of the state the model does
    /// not know (`VSwitchIds`, `LoadBalancerIds`, …) as they are.
    pub fn to_info(&self) -> ScalingGroupInfo {
        let c = self.capacities();
        let mut info = ScalingGroupInfo::new(self.scaling_group_id.clone());
        info.scaling_group_name = self.scaling_group_name.clone();
        info.region_id = Some(self.region_id.to_string());
        info.lifecycle_state = Some(self.lifecycle_state.as_str().to_owned());
        info.min_size = Some(self.min_size.unwrap_or(0));
        info.max_size = self.max_size;
        info.desired_capacity = self.desired_capacity;
        info.default_cooldown = self.default_cooldown;
        info.removal_policies =
            Some(self.policies().iter().map(|p| p.as_str().to_owned()).collect());
        info.active_scaling_configuration_id = self.active_scaling_configuration_id.clone();
        info.group_type = Some(self.group_type.unwrap_or(GroupType::Ecs).as_str().to_owned());
        info.creation_time = self.creation_time.map(to_the_minute);
        info.modification_time = self.modification_time.map(to_the_minute);
        info.total_capacity = Some(c.total_capacity);
        info.total_instance_count = Some(c.total_capacity);
        info.active_capacity = Some(c.active);
        info.pending_capacity = Some(c.pending);
        info.pending_wait_capacity = Some(c.pending_wait);
        info.removing_capacity = Some(c.removing);
        info.removing_wait_capacity = Some(c.removing_wait);
        info.protected_capacity = Some(c.protected);
        info.standby_capacity = Some(c.standby);
        info.stopped_capacity = Some(c.stopped);
        info.spot_capacity = Some(c.spot);
        info.init_capacity = Some(0);
        info.tags = self.tags.clone();
        if let Some(resource_group) = &self.resource_group_id {
            info.extra.insert("ResourceGroupId".to_owned(), Value::from(resource_group.as_str()));
        }
        for (name, raw) in self.extra.iter() {
            if let Ok(value) = serde_json::from_str::<Value>(raw.get()) {
                info.extra.insert(name.to_owned(), value);
            }
        }
        info
    }
}
