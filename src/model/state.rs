//! The state the operation acts on: scaling groups and their instances,
//! with serde under the API's own names.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use crate::model::raw_fields::RawFields;

/// The former name of [`RawFields`].
#[deprecated(
    since = "0.3.0",
    note = "renamed RawFields: `Extra` also named the request's and the bodies' unknown parts"
)]
pub type Extra = RawFields;
pub use crate::model::instance::Instance;
use crate::model::raw_fields::keeping_raw_fields;

use crate::catalog::{ApiError, ErrorCode};
use crate::common::{Timestamp, string_enum};
pub use crate::group_values::RemovalPolicy;
use crate::group_values::{ActivityStatus, GroupType};
use crate::id::{InstanceId, RegionId, ScalingActivityId, ScalingGroupId};
pub use crate::model::activity::Activity;
use crate::model::activity::MAX_ACTIVITIES;
use crate::operation::GroupTag;
use crate::values::ClientToken;
pub use crate::values::{CreationType, HealthStatus, InstanceState};

string_enum!(
    /// A scaling group's `LifecycleState`. Only an `Active` (enabled) group
    /// takes protection changes, removals and scale-ins.
    GroupState, exact,
    {
        /// Enabled.
        Active = "Active",
        /// Disabled.
        Inactive = "Inactive",
        /// Being deleted.
        Deleting = "Deleting",
    }
);

/// A scaling group: its id, region, state, sizes, removal policies and
/// instances.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ScalingGroup {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `RegionId`.
    pub region_id: RegionId,
    /// `LifecycleState`.
    pub lifecycle_state: GroupState,
    /// `MinSize`: a removal or scale-in may not leave fewer instances;
    /// absent, no bound.
    pub min_size: Option<u32>,
    /// `MaxSize`: a scale-out may not take it over; absent, no bound.
    pub max_size: Option<u32>,
    /// `DesiredCapacity`: falls by the number a removal or scale-in takes
    /// out (a removal: when it says so); absent stays absent.
    pub desired_capacity: Option<u32>,
    /// `RemovalPolicies`; absent means [`RemovalPolicy::DEFAULT`] (kept
    /// absent, so that a state file is written back as it was read).
    pub removal_policies: Option<Vec<RemovalPolicy>>,
    /// `ScalingConfigurationIds`: the group's scaling configurations,
    /// oldest first, for the `OldestScalingConfiguration` policy.
    pub scaling_configuration_ids: Option<Vec<String>>,
    /// `Instances`.
    pub instances: Vec<Instance>,
    /// `ScalingGroupName`, unique in its region.
    pub scaling_group_name: Option<String>,
    /// `DefaultCooldown`, in seconds (kept: the model runs no alarms).
    pub default_cooldown: Option<u32>,
    /// `ActiveScalingConfigurationId`: the configuration new instances are
    /// created from.
    pub active_scaling_configuration_id: Option<String>,
    /// `GroupType`; absent means `ECS`.
    pub group_type: Option<GroupType>,
    /// `ResourceGroupId`.
    pub resource_group_id: Option<String>,
    /// `CreationTime`.
    pub creation_time: Option<Timestamp>,
    /// `ModificationTime`: the last `ModifyScalingGroup`.
    pub modification_time: Option<Timestamp>,
    /// `Tags`.
    pub tags: Option<Vec<GroupTag>>,
    /// `ScalingActivities`: the group's last activities, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scaling_activities: Vec<Activity>,
    /// Every other field, kept as it came.
    #[serde(flatten)]
    pub extra: RawFields,
}

keeping_raw_fields!(ScalingGroup, "a scaling group", {
    required scaling_group_id: "ScalingGroupId",
    required region_id: "RegionId",
    required lifecycle_state: "LifecycleState",
    default min_size: "MinSize",
    default max_size: "MaxSize",
    default desired_capacity: "DesiredCapacity",
    default removal_policies: "RemovalPolicies",
    default scaling_configuration_ids: "ScalingConfigurationIds",
    default instances: "Instances",
    default scaling_group_name: "ScalingGroupName",
    default default_cooldown: "DefaultCooldown",
    default active_scaling_configuration_id: "ActiveScalingConfigurationId",
    default group_type: "GroupType",
    default resource_group_id: "ResourceGroupId",
    default creation_time: "CreationTime",
    default modification_time: "ModificationTime",
    default tags: "Tags",
    default scaling_activities: "ScalingActivities",
});

impl ScalingGroup {
    /// A group with no instance, the default removal policies and no other
    /// field.
    pub fn new(scaling_group_id: ScalingGroupId, region_id: RegionId, state: GroupState) -> Self {
        ScalingGroup {
            scaling_group_id,
            region_id,
            lifecycle_state: state,
            min_size: None,
            max_size: None,
            desired_capacity: None,
            removal_policies: None,
            scaling_configuration_ids: None,
            instances: Vec::new(),
            scaling_group_name: None,
            default_cooldown: None,
            active_scaling_configuration_id: None,
            group_type: None,
            resource_group_id: None,
            creation_time: None,
            modification_time: None,
            tags: None,
            scaling_activities: Vec::new(),
            extra: RawFields::new(),
        }
    }

    /// The removal policies in force: the group's, or the default.
    pub fn policies(&self) -> &[RemovalPolicy] {
        self.removal_policies.as_deref().unwrap_or(&RemovalPolicy::DEFAULT)
    }

    /// What is wrong with the group's sizes, if anything: a state keeps
    /// `MinSize ≤ DesiredCapacity ≤ MaxSize` (and `MinSize ≤ MaxSize`).
    fn bounds_problem(&self) -> Option<String> {
        let (min, max) = (self.min_size.unwrap_or(0), self.max_size.unwrap_or(u32::MAX));
        match self.desired_capacity {
            _ if min > max => Some(format!("MinSize {min} is greater than MaxSize {max}")),
            Some(d) if d < min => Some(format!("DesiredCapacity {d} is less than MinSize {min}")),
            Some(d) if d > max => {
                Some(format!("DesiredCapacity {d} is greater than MaxSize {max}"))
            }
            _ => None,
        }
    }

    /// An instance of the group.
    pub fn instance(&self, id: &InstanceId) -> Option<&Instance> {
        self.instances.iter().find(|i| i.instance_id == *id)
    }

    /// The group's capacity: its instances, but those on their way out
    /// ([`Instance::is_leaving`]).
    pub fn capacity(&self) -> usize {
        self.instances.iter().filter(|i| !i.is_leaving()).count()
    }

    /// The ids asked for, each once, in the order given: those in the group,
    /// and those not (one pass over the group, however many are asked for).
    pub(crate) fn sort_out(&self, ids: &[InstanceId]) -> (Vec<InstanceId>, Vec<InstanceId>) {
        let present: HashSet<&InstanceId> = self.instances.iter().map(|x| &x.instance_id).collect();
        let mut seen: HashSet<&InstanceId> = HashSet::with_capacity(ids.len());
        ids.iter().filter(|id| seen.insert(id)).cloned().partition(|id| present.contains(id))
    }

    /// What the capacity would be once `gone` left.
    pub(crate) fn capacity_without(&self, gone: &HashSet<&InstanceId>) -> usize {
        self.instances.iter().filter(|i| !i.is_leaving() && !gone.contains(&i.instance_id)).count()
    }

    /// `gone` leave the group at once; when `lower_desired`,
    /// `DesiredCapacity` falls by their number ([`Self::lower_desired`]).
    pub(crate) fn release(&mut self, gone: &HashSet<&InstanceId>, lower_desired: bool) {
        self.instances.retain(|x| !gone.contains(&x.instance_id));
        if lower_desired {
            self.lower_desired(gone.len());
        }
    }

    /// `DesiredCapacity`, when the group has one, falls by `count`, not
    /// below `MinSize` (so that `MinSize ≤ DesiredCapacity` still holds).
    pub(crate) fn lower_desired(&mut self, count: usize) {
        let floor = self.min_size.unwrap_or(0);
        if let Some(desired) = &mut self.desired_capacity {
            let lowered = desired.saturating_sub(u32::try_from(count).unwrap_or(u32::MAX));
            *desired = lowered.max(floor.min(*desired));
        }
    }
}

impl ScalingGroup {
    /// Whether an activity of the group is still `InProgress` (only a state
    /// written by hand holds one: the model's finish at once).
    pub fn activity_in_progress(&self) -> bool {
        self.scaling_activities.iter().any(|a| a.status_code == ActivityStatus::InProgress)
    }

    /// `ScalingActivityInProgress` (400) when an activity of the group is
    /// still in progress: a group runs one at a time.
    pub(crate) fn no_activity_in_progress(&self) -> Result<(), ApiError> {
        if self.activity_in_progress() {
            return Err(ApiError::new(ErrorCode::ScalingActivityInProgress, ""));
        }
        Ok(())
    }

    /// Records an activity, forgetting the oldest past [`MAX_ACTIVITIES`].
    pub(crate) fn record(&mut self, activity: Activity) {
        if self.scaling_activities.len() >= MAX_ACTIVITIES {
            let excess = self.scaling_activities.len() + 1 - MAX_ACTIVITIES;
            self.scaling_activities.drain(..excess);
        }
        self.scaling_activities.push(activity);
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
/// are unique, an instance belongs to one group at most, and each group has
/// `MinSize ≤ DesiredCapacity ≤ MaxSize`.
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
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct State {
    scaling_groups: Vec<ScalingGroup>,
    /// The `ClientToken`s of past removals, oldest first.
    #[serde(skip_serializing_if = "VecDeque::is_empty")]
    client_tokens: VecDeque<TokenRecord>,
    #[serde(flatten)]
    extra: RawFields,
}

/// A `ClientToken` used: what it was used for, and the activity it started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct TokenRecord {
    pub(crate) client_token: ClientToken,
    /// The request's own parameters, canonically encoded: the same token
    /// with another request is refused.
    pub(crate) request: String,
    pub(crate) scaling_activity_id: ScalingActivityId,
}

impl State {
    /// The most client tokens a state remembers; past it, the oldest is
    /// forgotten (this crate's decision: the service keeps them for a
    /// time it does not document).
    pub const MAX_CLIENT_TOKENS: usize = 10_000;

    /// A state of these groups.
    ///
    /// # Errors
    ///
    /// When two groups have the same id, an instance is listed twice (in
    /// one group or in two), or a group's sizes are out of order.
    pub fn new(groups: Vec<ScalingGroup>) -> Result<Self, StateError> {
        State::with_extra(groups, VecDeque::new(), RawFields::new())
    }

    fn with_extra(
        groups: Vec<ScalingGroup>,
        client_tokens: VecDeque<TokenRecord>,
        extra: RawFields,
    ) -> Result<Self, StateError> {
        let mut group_ids: Vec<&str> = groups.iter().map(|g| g.scaling_group_id.as_str()).collect();
        group_ids.sort_unstable();
        if let Some(w) = group_ids.windows(2).find(|w| w.first() == w.last()) {
            let id = w.first().copied().unwrap_or_default();
            return Err(StateError(format!("scaling group {id} is listed twice")));
        }
        if let Some((group, problem)) = groups.iter().find_map(|g| Some((g, g.bounds_problem()?))) {
            let id = &group.scaling_group_id;
            return Err(StateError(format!("scaling group {id}: {problem}")));
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
        let mut tokens: Vec<&str> = client_tokens.iter().map(|t| t.client_token.as_str()).collect();
        tokens.sort_unstable();
        if let Some(w) = tokens.windows(2).find(|w| w.first() == w.last()) {
            let token = w.first().copied().unwrap_or_default();
            return Err(StateError(format!("client token {token} is listed twice")));
        }
        Ok(State { scaling_groups: groups, client_tokens, extra })
    }

    /// The activity a `ClientToken` started, when the state remembers it.
    pub fn client_token(&self, token: &ClientToken) -> Option<&ScalingActivityId> {
        self.token(token).map(|t| &t.scaling_activity_id)
    }

    pub(crate) fn token(&self, token: &ClientToken) -> Option<&TokenRecord> {
        self.client_tokens.iter().find(|t| t.client_token == *token)
    }

    /// Remembers a token, forgetting the oldest past the bound.
    pub(crate) fn remember(&mut self, record: TokenRecord) {
        if self.client_tokens.len() >= Self::MAX_CLIENT_TOKENS {
            self.client_tokens.pop_front();
        }
        self.client_tokens.push_back(record);
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
    pub fn extra(&self) -> &RawFields {
        &self.extra
    }

    /// How many instances there are, in every group.
    pub fn instance_count(&self) -> usize {
        self.scaling_groups.iter().map(|g| g.instances.len()).sum()
    }
}

/// A state as read, before its invariants are checked.
struct Wire {
    scaling_groups: Vec<ScalingGroup>,
    client_tokens: VecDeque<TokenRecord>,
    extra: RawFields,
}

keeping_raw_fields!(Wire, "a state", {
    required scaling_groups: "ScalingGroups",
    default client_tokens: "ClientTokens",
});

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        State::with_extra(wire.scaling_groups, wire.client_tokens, wire.extra)
            .map_err(serde::de::Error::custom)
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
