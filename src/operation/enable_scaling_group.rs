//! `EnableScalingGroup`: enable an `Inactive` group, optionally with an
//! active scaling configuration (or launch template) and instances to
//! attach. Enabled, the group takes protection changes, removals and
//! scale-ins again, and grows to its `MinSize`.
//!
//! | parameter | 2014-08-28 | 2022-02-22 | |
//! |---|---|---|---|
//! | `ScalingGroupId` | ✓ | ✓ | required |
//! | `ActiveScalingConfigurationId` | ✓ | ✓ | |
//! | `LaunchTemplateId`, `LaunchTemplateVersion` | ✓ | ✓ | kept as given |
//! | launch template overrides | `LaunchTemplateOverride.N.*` | `LaunchTemplateOverrides.N.*` | 1 to 20: `InstanceType`, `WeightedCapacity` (1 to 500), `SpotPriceLimit` |
//! | instances to attach | `InstanceId.N` | `InstanceIds.N` | 1 to 20 |
//! | their weights | `LoadBalancerWeight.N` | `LoadBalancerWeights.N` | 1 to 100 each (default 50), at most one per instance |
//! | `RegionId` | ✓ | ✓ | optional |
//!
//! The answer is a `RequestId` ([`EnableScalingGroupResponse`]).

use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::error::{ValueError, ValueErrorKind};
use crate::group_values::LoadBalancerWeight;
use crate::id::{InstanceIds, List, RegionId, ScalingConfigurationId, ScalingGroupId};
use crate::operation::modify_scaling_group::{
    LaunchTemplateOverride, read_overrides, write_overrides,
};
use crate::param::{ParamTable, params};
use crate::reader::Reader;
use crate::short_body::request_id_body;

params! {
    GROUP = single("ScalingGroupId", Text);
    CONFIGURATION = single("ActiveScalingConfigurationId", Text);
    TEMPLATE = single("LaunchTemplateId", Text);
    TEMPLATE_VERSION = single("LaunchTemplateVersion", Text);
    OVERRIDES = structs("LaunchTemplateOverride", "LaunchTemplateOverrides", ["InstanceType", "WeightedCapacity", "SpotPriceLimit"]);
    IDS = list("InstanceId", "InstanceIds", Text);
    WEIGHTS = list("LoadBalancerWeight", "LoadBalancerWeights", Integer);
    REGION = single("RegionId", Text);
}

pub(crate) const TABLE: ParamTable = ParamTable { action: "EnableScalingGroup", lookup: LOOKUP };

/// The parameters of `EnableScalingGroup`, typed and validated.
///
/// ```
/// use ess_protection::{EnableScalingGroup, Request};
///
/// let request: Request<EnableScalingGroup> = "Action=EnableScalingGroup&Version=2014-08-28\
///     &ScalingGroupId=asg-1&ActiveScalingConfigurationId=asc-1\
///     &InstanceId.1=i-1&InstanceId.2=i-2&LoadBalancerWeight.1=20".parse()?;
/// let enable = &request.operation;
/// assert_eq!(enable.weight_of(0), 20);
/// assert_eq!(enable.weight_of(1), 50);
///
/// // A weight for an instance that is not there.
/// let rejection = "Action=EnableScalingGroup&Version=2022-02-22&ScalingGroupId=asg-1\
///     &LoadBalancerWeights.1=20".parse::<Request<EnableScalingGroup>>().unwrap_err();
/// assert_eq!(rejection.primary().to_string(), "LoadBalancerWeights.N: at most 0 values are allowed, got 1");
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct EnableScalingGroup {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `ActiveScalingConfigurationId`.
    pub active_scaling_configuration_id: Option<ScalingConfigurationId>,
    /// `LaunchTemplateId`.
    pub launch_template_id: Option<String>,
    /// `LaunchTemplateVersion`.
    pub launch_template_version: Option<String>,
    /// `LaunchTemplateOverride.N.*` (2014-08-28) or
    /// `LaunchTemplateOverrides.N.*` (2022-02-22).
    pub launch_template_overrides: Vec<LaunchTemplateOverride>,
    /// `InstanceId.N` (2014-08-28) or `InstanceIds.N` (2022-02-22): the
    /// instances to attach.
    pub instance_ids: Option<InstanceIds>,
    /// `LoadBalancerWeight.N` (2014-08-28) or `LoadBalancerWeights.N`
    /// (2022-02-22): the weight of the instance of the same N.
    pub load_balancer_weights: Option<List<LoadBalancerWeight>>,
    /// `RegionId`.
    pub region_id: Option<RegionId>,
}

impl EnableScalingGroup {
    /// The operation on a group, attaching nothing.
    pub fn new(scaling_group_id: ScalingGroupId) -> Self {
        EnableScalingGroup {
            scaling_group_id,
            active_scaling_configuration_id: None,
            launch_template_id: None,
            launch_template_version: None,
            launch_template_overrides: Vec::new(),
            instance_ids: None,
            load_balancer_weights: None,
            region_id: None,
        }
    }

    /// The weight of the `n`th instance to attach (from 0): its
    /// `LoadBalancerWeight`, or 50.
    pub fn weight_of(&self, n: usize) -> u32 {
        let weights = self.load_balancer_weights.as_ref().map(List::as_slice).unwrap_or_default();
        weights.get(n).map_or(LoadBalancerWeight::DEFAULT, |w| w.get())
    }
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<EnableScalingGroup> {
    let scaling_group_id = r.required(&GROUP);
    let active_scaling_configuration_id = r.optional(&CONFIGURATION);
    let launch_template_id = r.text(&TEMPLATE);
    let launch_template_version = r.text(&TEMPLATE_VERSION);
    let overrides = read_overrides(r, &OVERRIDES);
    let instance_ids: Option<InstanceIds> = r.list(&IDS, false);
    let load_balancer_weights: Option<List<LoadBalancerWeight>> = r.list(&WEIGHTS, false);
    let (ids, weights) = (
        instance_ids.as_ref().map_or(0, |l| l.len()),
        load_balancer_weights.as_ref().map_or(0, |l| l.len()),
    );
    if weights > ids {
        r.invalid_list(&WEIGHTS, ValueError::new(ValueErrorKind::ListMax(ids, weights)));
    }
    Some(EnableScalingGroup {
        active_scaling_configuration_id,
        launch_template_id,
        launch_template_version,
        launch_template_overrides: overrides.unwrap_or_default(),
        instance_ids,
        load_balancer_weights,
        region_id: r.optional(&REGION),
        scaling_group_id: scaling_group_id?,
    })
}

fn encode<'a>(o: &'a EnableScalingGroup, w: &mut Writer<'a>) {
    w.one(GROUP, &o.scaling_group_id);
    w.optional(CONFIGURATION, &o.active_scaling_configuration_id);
    w.optional(TEMPLATE, &o.launch_template_id);
    w.optional(TEMPLATE_VERSION, &o.launch_template_version);
    write_overrides(w, OVERRIDES, &o.launch_template_overrides);
    if let Some(ids) = &o.instance_ids {
        w.list(IDS, ids);
    }
    if let Some(weights) = &o.load_balancer_weights {
        w.list(WEIGHTS, weights);
    }
    w.optional(REGION, &o.region_id);
}

fn scaling_group_id(o: &EnableScalingGroup) -> Option<&ScalingGroupId> {
    Some(&o.scaling_group_id)
}

fn region_id(o: &EnableScalingGroup) -> Option<&RegionId> {
    o.region_id.as_ref()
}

impl_operation!(EnableScalingGroup);

request_id_body!(
    /// The success body of `EnableScalingGroup`: its `RequestId`.
    ///
    /// ```
    /// use ess_protection::EnableScalingGroupResponse;
    ///
    /// let body = EnableScalingGroupResponse::from_json(br#"{"RequestId":"R1"}"#)?;
    /// assert_eq!(body.request_id.as_str(), "R1");
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    EnableScalingGroupResponse,
    "EnableScalingGroupResponse"
);
