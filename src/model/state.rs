//! The state the operation acts on: scaling groups and their instances,
//! with serde under the API's own names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::common::{Timestamp, string_enum};
use crate::error::{Kind, ValueError};
use crate::id::{InstanceId, ScalingGroupId};

string_enum!(
    /// A scaling group's `LifecycleState`. Only an `Active` (enabled) group
    /// takes protection changes, removals and scale-ins.
    GroupState, Kind::GroupState, exact,
    {
        /// Enabled.
        Active = "Active",
        /// Disabled.
        Inactive = "Inactive",
        /// Being deleted.
        Deleting = "Deleting",
    }
);

string_enum!(
    /// An instance's `LifecycleState` in its group.
    InstanceState, Kind::InstanceState, exact,
    {
        /// Serving; a scale-in may remove it.
        InService = "InService",
        /// Being added.
        Pending = "Pending",
        /// Being added, held by a lifecycle hook.
        PendingWait = "Pending:Wait",
        /// Protected from scale-in: only a manual removal removes it.
        Protected = "Protected",
        /// On standby.
        Standby = "Standby",
        /// Stopped; a scale-in may remove it.
        Stopped = "Stopped",
        /// Being removed.
        Removing = "Removing",
        /// Being removed, held by a lifecycle hook.
        RemovingWait = "Removing:Wait",
    }
);

string_enum!(
    /// One of a group's `RemovalPolicies`: which instances a scale-in
    /// removes first. Policies apply in the order listed, each breaking the
    /// ties of the one before.
    RemovalPolicy, Kind::RemovalPolicy, exact,
    {
        /// The earliest `CreationTime` first.
        OldestInstance = "OldestInstance",
        /// The latest `CreationTime` first.
        NewestInstance = "NewestInstance",
        /// Instances of the oldest scaling configuration first (see
        /// [`ScalingGroup::scaling_configuration_ids`]).
        OldestScalingConfiguration = "OldestScalingConfiguration",
    }
);

string_enum!(
    /// An instance's `HealthStatus`, as the group's health check sees it.
    HealthStatus, Kind::HealthStatus, exact,
    {
        /// Healthy.
        Healthy = "Healthy",
        /// Unhealthy: the health check would replace it.
        Unhealthy = "Unhealthy",
    }
);

impl RemovalPolicy {
    /// The policies a group without `RemovalPolicies` has:
    /// `OldestScalingConfiguration`, then `OldestInstance`.
    pub const DEFAULT: [RemovalPolicy; 2] =
        [RemovalPolicy::OldestScalingConfiguration, RemovalPolicy::OldestInstance];
}

/// An instance of a scaling group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Instance {
    /// `InstanceId`.
    pub instance_id: InstanceId,
    /// `LifecycleState`.
    pub lifecycle_state: InstanceState,
    /// `CreationTime`.
    pub creation_time: Timestamp,
    /// `ScalingConfigurationId`: the configuration it was created from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling_configuration_id: Option<String>,
    /// `HealthStatus`; absent means `Healthy` (kept absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_status: Option<HealthStatus>,
    /// Every other field, kept as it came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Instance {
    /// An instance with no configuration and no other field.
    pub fn new(
        instance_id: InstanceId,
        lifecycle_state: InstanceState,
        creation_time: Timestamp,
    ) -> Self {
        Instance {
            instance_id,
            lifecycle_state,
            creation_time,
            scaling_configuration_id: None,
            health_status: None,
            extra: Map::new(),
        }
    }

    /// The health status: `HealthStatus`, or `Healthy` when absent.
    pub fn health(&self) -> HealthStatus {
        self.health_status.unwrap_or(HealthStatus::Healthy)
    }
}

/// A scaling group: its id, region, state, removal policies and instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ScalingGroup {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `RegionId`.
    pub region_id: String,
    /// `LifecycleState`.
    pub lifecycle_state: GroupState,
    /// `RemovalPolicies`; absent means [`RemovalPolicy::DEFAULT`] (kept
    /// absent, so that a state file is written back as it was read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal_policies: Option<Vec<RemovalPolicy>>,
    /// `ScalingConfigurationIds`: the group's scaling configurations,
    /// oldest first, for the `OldestScalingConfiguration` policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling_configuration_ids: Option<Vec<String>>,
    /// `Instances`.
    #[serde(default)]
    pub instances: Vec<Instance>,
    /// Every other field, kept as it came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ScalingGroup {
    /// A group with no instance, the default removal policies and no other
    /// field.
    pub fn new(scaling_group_id: ScalingGroupId, region_id: &str, state: GroupState) -> Self {
        ScalingGroup {
            scaling_group_id,
            region_id: region_id.to_owned(),
            lifecycle_state: state,
            removal_policies: None,
            scaling_configuration_ids: None,
            instances: Vec::new(),
            extra: Map::new(),
        }
    }

    /// The removal policies in force: the group's, or the default.
    pub fn policies(&self) -> &[RemovalPolicy] {
        self.removal_policies.as_deref().unwrap_or(&RemovalPolicy::DEFAULT)
    }

    /// An instance of the group.
    pub fn instance(&self, id: &InstanceId) -> Option<&Instance> {
        self.instances.iter().find(|i| i.instance_id == *id)
    }
}

/// Why a state is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError(String);

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StateError {}

/// The whole state: every scaling group. Valid by construction: group ids
/// are unique, and an instance belongs to one group at most.
///
/// It serialises under the API's names, as a person would write it by
/// hand; fields the model does not know are kept and written back:
///
/// ```
/// use ess_protection::model::State;
///
/// let json = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
///   "LifecycleState": "Active", "Owner": "team-a",
///   "Instances": [{"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"}]}]}"#;
/// let state: State = serde_json::from_str(json)?;
/// assert_eq!(state.groups()[0].instances.len(), 1);
/// assert_eq!(
///     serde_json::to_string(&state)?,
///     r#"{"ScalingGroups":[{"ScalingGroupId":"asg-1","RegionId":"cn-hangzhou","LifecycleState":"Active","Instances":[{"InstanceId":"i-1","LifecycleState":"InService","CreationTime":"2024-01-01T00:00:00Z"}],"Owner":"team-a"}]}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct State {
    scaling_groups: Vec<ScalingGroup>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl State {
    /// A state of these groups.
    ///
    /// # Errors
    ///
    /// When two groups have the same id, or an instance is listed twice
    /// (in one group or in two).
    pub fn new(groups: Vec<ScalingGroup>) -> Result<Self, StateError> {
        State::with_extra(groups, Map::new())
    }

    fn with_extra(
        groups: Vec<ScalingGroup>,
        extra: Map<String, Value>,
    ) -> Result<Self, StateError> {
        let mut group_ids: Vec<&str> = groups.iter().map(|g| g.scaling_group_id.as_str()).collect();
        group_ids.sort_unstable();
        if let Some(w) = group_ids.windows(2).find(|w| w.first() == w.last()) {
            let id = w.first().copied().unwrap_or_default();
            return Err(StateError(format!("scaling group {id} is listed twice")));
        }
        let mut instance_ids: Vec<&str> = groups
            .iter()
            .flat_map(|g| g.instances.iter().map(|i| i.instance_id.as_str()))
            .collect();
        instance_ids.sort_unstable();
        if let Some(w) = instance_ids.windows(2).find(|w| w.first() == w.last()) {
            let id = w.first().copied().unwrap_or_default();
            return Err(StateError(format!("instance {id} is listed twice")));
        }
        Ok(State { scaling_groups: groups, extra })
    }

    /// The groups, in order.
    pub fn groups(&self) -> &[ScalingGroup] {
        &self.scaling_groups
    }

    /// A group, by id.
    pub fn group(&self, id: &ScalingGroupId) -> Option<&ScalingGroup> {
        self.scaling_groups.iter().find(|g| g.scaling_group_id == *id)
    }

    pub(crate) fn group_mut(&mut self, id: &ScalingGroupId) -> Option<&mut ScalingGroup> {
        self.scaling_groups.iter_mut().find(|g| g.scaling_group_id == *id)
    }

    /// The fields of the state file the model does not know.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }

    /// How many instances there are, in every group.
    pub fn instance_count(&self) -> usize {
        self.scaling_groups.iter().map(|g| g.instances.len()).sum()
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Wire {
            scaling_groups: Vec<ScalingGroup>,
            #[serde(flatten)]
            extra: Map<String, Value>,
        }
        let wire = Wire::deserialize(deserializer)?;
        State::with_extra(wire.scaling_groups, wire.extra).map_err(serde::de::Error::custom)
    }
}

impl FromStr for State {
    type Err = serde_json::Error;

    /// Reads a state from its JSON.
    fn from_str(s: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(s)
    }
}

impl fmt::Display for State {
    /// The state as JSON, two-space indented.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string_pretty(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}
