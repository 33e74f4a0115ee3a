//! `DisableScalingGroup`: disable an `Active` group. A disabled group
//! (`Inactive`) takes no protection change, no removal and no scale-in
//! (`IncorrectScalingGroupStatus`, the reference page's first error) until
//! it is enabled again; its instances stay.
//!
//! | parameter | | |
//! |---|---|---|
//! | `ScalingGroupId` | required | |
//! | `RegionId` | optional | the 2022 SDK's model has none |
//!
//! The answer is a `RequestId` ([`DisableScalingGroupResponse`]).

use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::id::{RegionId, ScalingGroupId};
use crate::param::{ParamTable, params};
use crate::reader::Reader;
use crate::short_body::request_id_body;

params! {
    GROUP = single("ScalingGroupId", Text);
    REGION = single("RegionId", Text);
}

pub(crate) const TABLE: ParamTable = ParamTable { action: "DisableScalingGroup", lookup: LOOKUP };

/// The parameters of `DisableScalingGroup`.
///
/// ```
/// use ess_protection::{DisableScalingGroup, Request};
///
/// let request: Request<DisableScalingGroup> =
///     "Action=DisableScalingGroup&Version=2014-08-28&ScalingGroupId=asg-1".parse()?;
/// assert_eq!(request.operation.scaling_group_id.as_str(), "asg-1");
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DisableScalingGroup {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `RegionId`.
    pub region_id: Option<RegionId>,
}

impl DisableScalingGroup {
    /// The operation on a group.
    pub fn new(scaling_group_id: ScalingGroupId) -> Self {
        DisableScalingGroup { scaling_group_id, region_id: None }
    }
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<DisableScalingGroup> {
    let scaling_group_id = r.required(&GROUP);
    Some(DisableScalingGroup {
        region_id: r.optional(&REGION),
        scaling_group_id: scaling_group_id?,
    })
}

fn encode<'a>(o: &'a DisableScalingGroup, w: &mut Writer<'a>) {
    w.one(GROUP, &o.scaling_group_id);
    w.optional(REGION, &o.region_id);
}

fn scaling_group_id(o: &DisableScalingGroup) -> Option<&ScalingGroupId> {
    Some(&o.scaling_group_id)
}

fn region_id(o: &DisableScalingGroup) -> Option<&RegionId> {
    o.region_id.as_ref()
}

impl_operation!(DisableScalingGroup);

request_id_body!(
    /// The success body of `DisableScalingGroup`: its `RequestId`.
    ///
    /// ```
    /// use ess_protection::DisableScalingGroupResponse;
    ///
    /// let body = DisableScalingGroupResponse::from_json(br#"{"RequestId":"R1"}"#)?;
    /// assert_eq!(body.to_xml(), "<DisableScalingGroupResponse>\n  <RequestId>R1</RequestId>\n</DisableScalingGroupResponse>\n");
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    DisableScalingGroupResponse,
    "DisableScalingGroupResponse"
);
