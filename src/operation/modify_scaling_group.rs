//! `ModifyScalingGroup`: change a group's settings — its name, its sizes
//! (`MinSize`, `MaxSize`, `DesiredCapacity`), its removal policies, its
//! cooldown, its active scaling configuration, and some thirty more. A
//! change of size is a change in the number of instances: the reference
//! page promises it never removes a protected instance.
//!
//! | parameter | 2014-08-28 | 2022-02-22 | |
//! |---|---|---|---|
//! | `ScalingGroupId` | ✓ | ✓ | required |
//! | `ScalingGroupName` | ✓ | ✓ | 2 to 64 letters, digits, `_`, `-`, `.` |
//! | `MinSize`, `MaxSize`, `DesiredCapacity` | ✓ | ✓ | 0 to 2,000; `MinSize ≤ DesiredCapacity ≤ MaxSize` |
//! | removal policies | `RemovalPolicy.N` | `RemovalPolicies.N` | 1 to 3 of `OldestInstance`, `NewestInstance`, `OldestScalingConfiguration` |
//! | `DefaultCooldown` | ✓ | ✓ | 0 to 86,400 seconds |
//! | `DisableDesiredCapacity` | ✓ | ✓ | boolean: the group stops keeping a desired capacity |
//! | `ActiveScalingConfigurationId` | ✓ | ✓ | |
//! | `RegionId` | ✓ | ✓ | optional (the 2022 SDK sends none) |
//! | launch template overrides | `LaunchTemplateOverride.N.*` | `LaunchTemplateOverrides.N.*` | 1 to 20: `InstanceType`, `WeightedCapacity` (1 to 500), `SpotPriceLimit` |
//!
//! The other parameters the official SDKs send (`HealthCheckType`,
//! `MaxInstanceLifetime`, `StopInstanceTimeout`, `MultiAZPolicy`,
//! `AzBalance`, `VSwitchIds.N`, `LaunchTemplateId`, `CapacityOptions.*`,
//! `GroupDeletionProtection`, …) are kept as they came, as extra
//! parameters: the model does not act on them.
//!
//! The answer is a `RequestId` ([`ModifyScalingGroupResponse`]).

use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::error::{ValueError, ValueErrorKind};
use crate::group_values::{DefaultCooldown, GroupSize, RemovalPolicy, ScalingGroupName};
use crate::id::{List, RegionId, ScalingConfigurationId, ScalingGroupId};
use crate::param::{ParamTable, params};
use crate::reader::Reader;
use crate::short_body::request_id_body;

params! {
    GROUP = single("ScalingGroupId", Text);
    NAME = single("ScalingGroupName", Text);
    MIN_SIZE = single("MinSize", Integer);
    MAX_SIZE = single("MaxSize", Integer);
    DESIRED = single("DesiredCapacity", Integer);
    POLICIES = list("RemovalPolicy", "RemovalPolicies", Text);
    COOLDOWN = single("DefaultCooldown", Integer);
    DISABLE_DESIRED = single("DisableDesiredCapacity", Boolean);
    CONFIGURATION = single("ActiveScalingConfigurationId", Text);
    REGION = single("RegionId", Text);
    OVERRIDES = structs("LaunchTemplateOverride", "LaunchTemplateOverrides", ["InstanceType", "WeightedCapacity", "SpotPriceLimit"]);
}

pub(crate) const TABLE: ParamTable = ParamTable { action: "ModifyScalingGroup", lookup: LOOKUP };

/// The most removal policies a group has (the SDKs' `RemovalPolicy.1` to
/// `.3`; the page says 2, and a third can only repeat one of the first two).
pub const MAX_REMOVAL_POLICIES: usize = 3;

/// One launch template override: an instance type in place of the
/// template's, with its weight and spot price limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct LaunchTemplateOverride {
    /// `InstanceType`.
    pub instance_type: Option<String>,
    /// `WeightedCapacity`, 1 to 500.
    pub weighted_capacity: Option<u32>,
    /// `SpotPriceLimit`, as sent (a decimal number).
    pub spot_price_limit: Option<String>,
}

/// Reads a list of launch template overrides (shared with
/// `EnableScalingGroup`): `WeightedCapacity` an integer from 1 to 500,
/// `SpotPriceLimit` a non-negative decimal number.
pub(crate) fn read_overrides(
    r: &mut Reader<'_>,
    p: &crate::param::Param,
) -> Option<Vec<LaunchTemplateOverride>> {
    let items = r.structs(p, false)?;
    let mut out = Vec::with_capacity(items.len());
    let mut valid = true;
    for (n, item) in items.into_iter().enumerate() {
        let [instance_type, weight, price]: [Option<String>; 3] =
            item.try_into().unwrap_or([None, None, None]);
        let weighted_capacity = match weight.map(|w| w.parse::<u32>()) {
            Some(Ok(w @ 1..=500)) => Some(w),
            Some(_) => {
                let range = ValueError::new(ValueErrorKind::Range(1, 500));
                r.invalid_field(p, n + 1, "WeightedCapacity", range);
                valid = false;
                None
            }
            None => None,
        };
        if let Some(limit) = &price
            && !limit.parse::<f64>().is_ok_and(|v| v.is_finite() && v >= 0.0)
        {
            r.invalid_field(
                p,
                n + 1,
                "SpotPriceLimit",
                ValueError::new(ValueErrorKind::NotDecimal),
            );
            valid = false;
        }
        out.push(LaunchTemplateOverride {
            instance_type,
            weighted_capacity,
            spot_price_limit: price,
        });
    }
    valid.then_some(out)
}

/// Writes a list of launch template overrides.
pub(crate) fn write_overrides<'a>(
    w: &mut Writer<'a>,
    p: crate::param::Param,
    overrides: &'a [LaunchTemplateOverride],
) {
    let items = overrides.iter().map(|o| {
        vec![
            o.instance_type.as_deref().map(Into::into),
            o.weighted_capacity.map(|v| v.to_string().into()),
            o.spot_price_limit.as_deref().map(Into::into),
        ]
    });
    w.structs(p, items.collect());
}

/// The parameters of `ModifyScalingGroup`, typed and validated: each is
/// optional but the group, and only those given change.
///
/// ```
/// use ess_protection::{ModifyScalingGroup, Request};
///
/// let request: Request<ModifyScalingGroup> = "Action=ModifyScalingGroup&Version=2014-08-28\
///     &ScalingGroupId=asg-1&DesiredCapacity=2&RemovalPolicy.1=NewestInstance".parse()?;
/// let modify = &request.operation;
/// assert_eq!(modify.desired_capacity.map(|d| d.get()), Some(2));
/// assert_eq!(modify.min_size, None);
///
/// // A size out of bounds, and a fourth removal policy.
/// let rejection = "Action=ModifyScalingGroup&Version=2022-02-22&ScalingGroupId=asg-1&MaxSize=2001\
///     &RemovalPolicies.1=OldestInstance&RemovalPolicies.2=NewestInstance\
///     &RemovalPolicies.3=OldestInstance&RemovalPolicies.4=NewestInstance"
///     .parse::<Request<ModifyScalingGroup>>().unwrap_err();
/// let problems: Vec<String> = rejection.problems().iter().map(ToString::to_string).collect();
/// assert_eq!(problems, ["MaxSize: expected an integer from 0 to 2000",
///     "RemovalPolicies.N: at most 3 values are allowed, got 4"]);
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ModifyScalingGroup {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `ScalingGroupName`.
    pub scaling_group_name: Option<ScalingGroupName>,
    /// `MinSize`.
    pub min_size: Option<GroupSize>,
    /// `MaxSize`.
    pub max_size: Option<GroupSize>,
    /// `DesiredCapacity`.
    pub desired_capacity: Option<GroupSize>,
    /// `RemovalPolicy.N` (2014-08-28) or `RemovalPolicies.N` (2022-02-22): 1 to 3.
    pub removal_policies: Option<List<RemovalPolicy>>,
    /// `DefaultCooldown`.
    pub default_cooldown: Option<DefaultCooldown>,
    /// `DisableDesiredCapacity`: the group stops keeping a desired capacity.
    pub disable_desired_capacity: Option<bool>,
    /// `ActiveScalingConfigurationId`.
    pub active_scaling_configuration_id: Option<ScalingConfigurationId>,
    /// `RegionId`.
    pub region_id: Option<RegionId>,
    /// `LaunchTemplateOverride.N.*` (2014-08-28) or
    /// `LaunchTemplateOverrides.N.*` (2022-02-22).
    pub launch_template_overrides: Vec<LaunchTemplateOverride>,
}

impl ModifyScalingGroup {
    /// The operation on a group, changing nothing yet.
    pub fn new(scaling_group_id: ScalingGroupId) -> Self {
        ModifyScalingGroup {
            scaling_group_id,
            scaling_group_name: None,
            min_size: None,
            max_size: None,
            desired_capacity: None,
            removal_policies: None,
            default_cooldown: None,
            disable_desired_capacity: None,
            active_scaling_configuration_id: None,
            region_id: None,
            launch_template_overrides: Vec::new(),
        }
    }
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<ModifyScalingGroup> {
    let scaling_group_id = r.required(&GROUP);
    let scaling_group_name = r.optional(&NAME);
    let (min_size, max_size, desired_capacity) =
        (r.optional(&MIN_SIZE), r.optional(&MAX_SIZE), r.optional(&DESIRED));
    let removal_policies: Option<List<RemovalPolicy>> = r.list(&POLICIES, false);
    if let Some(policies) = &removal_policies
        && policies.len() > MAX_REMOVAL_POLICIES
    {
        let many = ValueError::new(ValueErrorKind::ListMax(MAX_REMOVAL_POLICIES, policies.len()));
        r.invalid_list(&POLICIES, many);
    }
    Some(ModifyScalingGroup {
        scaling_group_name,
        min_size,
        max_size,
        desired_capacity,
        removal_policies,
        default_cooldown: r.optional(&COOLDOWN),
        disable_desired_capacity: r.optional(&DISABLE_DESIRED),
        active_scaling_configuration_id: r.optional(&CONFIGURATION),
        region_id: r.optional(&REGION),
        launch_template_overrides: read_overrides(r, &OVERRIDES).unwrap_or_default(),
        scaling_group_id: scaling_group_id?,
    })
}

fn encode<'a>(o: &'a ModifyScalingGroup, w: &mut Writer<'a>) {
    w.one(GROUP, &o.scaling_group_id);
    w.optional(NAME, &o.scaling_group_name);
    w.optional(MIN_SIZE, &o.min_size);
    w.optional(MAX_SIZE, &o.max_size);
    w.optional(DESIRED, &o.desired_capacity);
    if let Some(policies) = &o.removal_policies {
        w.list(POLICIES, policies);
    }
    w.optional(COOLDOWN, &o.default_cooldown);
    w.optional(DISABLE_DESIRED, &o.disable_desired_capacity);
    w.optional(CONFIGURATION, &o.active_scaling_configuration_id);
    w.optional(REGION, &o.region_id);
    write_overrides(w, OVERRIDES, &o.launch_template_overrides);
}

fn scaling_group_id(o: &ModifyScalingGroup) -> Option<&ScalingGroupId> {
    Some(&o.scaling_group_id)
}

fn region_id(o: &ModifyScalingGroup) -> Option<&RegionId> {
    o.region_id.as_ref()
}

impl_operation!(ModifyScalingGroup);

request_id_body!(
    /// The success body of `ModifyScalingGroup`: its `RequestId`.
    ///
    /// ```
    /// use ess_protection::ModifyScalingGroupResponse;
    ///
    /// let body = ModifyScalingGroupResponse::from_json(br#"{"RequestId":"R1"}"#)?;
    /// assert_eq!(body.to_xml(), "<ModifyScalingGroupResponse>\n  <RequestId>R1</RequestId>\n</ModifyScalingGroupResponse>\n");
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    ModifyScalingGroupResponse,
    "ModifyScalingGroupResponse"
);
