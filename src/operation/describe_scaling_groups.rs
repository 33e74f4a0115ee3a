//! `DescribeScalingGroups`: list the scaling groups of a region, filtered,
//! page by page, each with its sizes and the counters of its instances
//! (`TotalCapacity`, `ActiveCapacity`, `ProtectedCapacity`, …): how an
//! autoscaler sizes a group, and how a test reads the protection's effect
//! on a group.
//!
//! | parameter | 2014-08-28 | 2022-02-22 | |
//! |---|---|---|---|
//! | `RegionId` | ✓ | ✓ | required |
//! | group ids | `ScalingGroupId.N` | `ScalingGroupIds.N` | 1 to 20; an id not found is no error |
//! | `ScalingGroupName` | ✓ | ✓ | one name |
//! | group names | `ScalingGroupName.N` | `ScalingGroupNames.N` | 1 to 20 |
//! | `GroupType` | ✓ | ✓ | `ECS` or `ECI` |
//! | `ResourceGroupId` | ✓ | ✓ | |
//! | tags | `Tag.N.Key`, `Tag.N.Value` | `Tags.N.Key`, `Tags.N.Value` | 1 to 20, `Key` required |
//! | `PageNumber` | ✓ | ✓ | from 1, default 1 |
//! | `PageSize` | ✓ | ✓ | 1 to 50, default 10 |
//!
//! The answer ([`DescribeScalingGroupsResponse`]) holds `TotalCount`, the
//! page, and the groups ([`ScalingGroupInfo`]): in 2014-08-28 as
//! `"ScalingGroups": {"ScalingGroup": [...]}`, each group's lists wrapped
//! too (`"RemovalPolicies": {"RemovalPolicy": [...]}`); in 2022-02-22 as
//! plain arrays.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::{DisplayFromStr, PickFirst, serde_as, skip_serializing_none};

use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::error::{ValueError, ValueErrorKind};
use crate::group_values::GroupType;
use crate::id::{List, RegionId, ScalingGroupId};
use crate::nested::{either_shape, page_body};
use crate::param::{ParamTable, params};
use crate::reader::Reader;
use crate::values::{PageNumber, PageSize};

params! {
    REGION = single("RegionId", Text);
    IDS = list("ScalingGroupId", "ScalingGroupIds", Text);
    NAME = single("ScalingGroupName", Text);
    NAMES = list("ScalingGroupName", "ScalingGroupNames", Text);
    GROUP_TYPE = single("GroupType", Text);
    RESOURCE_GROUP = single("ResourceGroupId", Text);
    TAGS = structs("Tag", "Tags", ["Key", "Value"]);
    PAGE_NUMBER = single("PageNumber", Integer);
    PAGE_SIZE = single("PageSize", Integer);
}

pub(crate) const TABLE: ParamTable = ParamTable { action: "DescribeScalingGroups", lookup: LOOKUP };

/// The largest page of groups, in both versions.
const MAX_PAGE_SIZE: u32 = 50;

/// A tag filter: groups with a tag of this key (and this value, when given).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TagFilter {
    /// `Key`.
    pub key: String,
    /// `Value`; absent: any value.
    pub value: Option<String>,
}

impl TagFilter {
    /// A filter on a key, any value.
    pub fn new(key: impl Into<String>) -> Self {
        TagFilter { key: key.into(), value: None }
    }
}

/// The parameters of `DescribeScalingGroups`, typed and validated.
///
/// ```
/// use ess_protection::{DescribeScalingGroups, Request};
///
/// let request: Request<DescribeScalingGroups> = "Action=DescribeScalingGroups&Version=2014-08-28\
///     &RegionId=cn-hangzhou&ScalingGroupId.1=asg-1&ScalingGroupId.2=asg-2\
///     &Tag.1.Key=team&Tag.1.Value=web&PageSize=50".parse()?;
/// let describe = &request.operation;
/// assert_eq!(describe.scaling_group_ids.as_ref().map(|ids| ids.len()), Some(2));
/// assert_eq!(describe.tags[0].value.as_deref(), Some("web"));
/// assert_eq!(describe.page_size().get(), 50);
///
/// // The 2022-02-22 names of the lists.
/// let newer: Request<DescribeScalingGroups> = "Action=DescribeScalingGroups&Version=2022-02-22\
///     &RegionId=cn-hangzhou&ScalingGroupIds.1=asg-1&Tags.1.Key=team".parse()?;
/// assert_eq!(newer.to_string(),
///     "Action=DescribeScalingGroups&RegionId=cn-hangzhou&ScalingGroupIds.1=asg-1&Tags.1.Key=team&Version=2022-02-22");
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DescribeScalingGroups {
    /// `RegionId`.
    pub region_id: RegionId,
    /// `ScalingGroupId.N` (2014-08-28) or `ScalingGroupIds.N` (2022-02-22).
    pub scaling_group_ids: Option<List<ScalingGroupId>>,
    /// `ScalingGroupName`.
    pub scaling_group_name: Option<String>,
    /// `ScalingGroupName.N` (2014-08-28) or `ScalingGroupNames.N` (2022-02-22).
    pub scaling_group_names: Option<List<String>>,
    /// `GroupType`.
    pub group_type: Option<GroupType>,
    /// `ResourceGroupId`.
    pub resource_group_id: Option<String>,
    /// `Tag.N.Key`/`Tag.N.Value` (2014-08-28) or `Tags.N.…` (2022-02-22).
    pub tags: Vec<TagFilter>,
    /// `PageNumber`; absent means 1.
    pub page_number: Option<PageNumber>,
    /// `PageSize`; absent means 10.
    pub page_size: Option<PageSize>,
}

impl DescribeScalingGroups {
    /// The operation for a region, without filters.
    pub fn new(region_id: RegionId) -> Self {
        DescribeScalingGroups {
            region_id,
            scaling_group_ids: None,
            scaling_group_name: None,
            scaling_group_names: None,
            group_type: None,
            resource_group_id: None,
            tags: Vec::new(),
            page_number: None,
            page_size: None,
        }
    }

    crate::values::page_accessors!();

    /// The names asked for, `ScalingGroupName` and `ScalingGroupName.N`
    /// together; empty when neither is given.
    pub fn names(&self) -> Vec<&str> {
        let list = self.scaling_group_names.iter().flat_map(|l| l.iter().map(String::as_str));
        self.scaling_group_name.as_deref().into_iter().chain(list).collect()
    }
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<DescribeScalingGroups> {
    let region_id = r.required(&REGION);
    let tags = r.structs(&TAGS, false);
    let mut filters = Vec::new();
    for (n, item) in tags.iter().flatten().enumerate() {
        match item.as_slice() {
            [Some(key), value] => {
                filters.push(TagFilter { key: key.clone(), value: value.clone() })
            }
            _ => r.invalid_field(&TAGS, n + 1, "Key", ValueError::new(ValueErrorKind::Empty)),
        }
    }
    Some(DescribeScalingGroups {
        scaling_group_ids: r.list(&IDS, false),
        scaling_group_name: r.optional(&NAME),
        scaling_group_names: r.list(&NAMES, false),
        group_type: r.optional(&GROUP_TYPE),
        resource_group_id: r.text(&RESOURCE_GROUP),
        tags: filters,
        page_number: r.optional(&PAGE_NUMBER),
        page_size: r.optional_with(&PAGE_SIZE, |s| PageSize::parse_up_to(s, MAX_PAGE_SIZE)),
        region_id: region_id?,
    })
}

fn encode<'a>(o: &'a DescribeScalingGroups, w: &mut Writer<'a>) {
    w.one(REGION, &o.region_id);
    if let Some(ids) = &o.scaling_group_ids {
        w.list(IDS, ids);
    }
    w.optional(NAME, &o.scaling_group_name);
    if let Some(names) = &o.scaling_group_names {
        w.list(NAMES, names);
    }
    w.optional(GROUP_TYPE, &o.group_type);
    w.optional(RESOURCE_GROUP, &o.resource_group_id);
    let tags = o
        .tags
        .iter()
        .map(|t| vec![Some(t.key.as_str().into()), t.value.as_deref().map(Into::into)]);
    w.structs(TAGS, tags.collect());
    w.optional(PAGE_NUMBER, &o.page_number);
    w.optional(PAGE_SIZE, &o.page_size);
}

/// The one group it names, when it names exactly one.
fn scaling_group_id(o: &DescribeScalingGroups) -> Option<&ScalingGroupId> {
    match o.scaling_group_ids.as_ref().map(List::as_slice) {
        Some([one]) => Some(one),
        _ => None,
    }
}

fn region_id(o: &DescribeScalingGroups) -> Option<&RegionId> {
    Some(&o.region_id)
}

impl_operation!(DescribeScalingGroups);

/// A tag of a group, as `DescribeScalingGroups` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GroupTag {
    /// `TagKey`.
    pub tag_key: String,
    /// `TagValue`.
    #[serde(default)]
    pub tag_value: String,
}

impl GroupTag {
    /// A tag.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        GroupTag { tag_key: key.into(), tag_value: value.into() }
    }
}

/// One scaling group as `DescribeScalingGroups` shows it: its settings and
/// the counters of its instances.
///
/// Every member but `ScalingGroupId` is optional; `LifecycleState` stays a
/// string, so that a value this crate does not know survives. The integers
/// are read from XML text as well as from JSON; the lists (`RemovalPolicies`,
/// `Tags`) in both versions' shapes. Members the model does not know are
/// kept.
#[serde_as]
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ScalingGroupInfo {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `ScalingGroupName`.
    pub scaling_group_name: Option<String>,
    /// `RegionId`.
    pub region_id: Option<String>,
    /// `LifecycleState`: `Active`, `Inactive` or `Deleting`.
    pub lifecycle_state: Option<String>,
    /// `MinSize`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub min_size: Option<u32>,
    /// `MaxSize`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub max_size: Option<u32>,
    /// `DesiredCapacity`, absent when the group keeps none.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub desired_capacity: Option<u32>,
    /// `DefaultCooldown`, in seconds.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub default_cooldown: Option<u32>,
    /// `RemovalPolicies`.
    #[serde(default, deserialize_with = "either_shape")]
    pub removal_policies: Option<Vec<String>>,
    /// `ActiveScalingConfigurationId`.
    pub active_scaling_configuration_id: Option<String>,
    /// `GroupType`.
    pub group_type: Option<String>,
    /// `CreationTime`, to the minute.
    pub creation_time: Option<String>,
    /// `ModificationTime`, to the minute.
    pub modification_time: Option<String>,
    /// `TotalCapacity`: every instance (weighted where weights are set).
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub total_capacity: Option<u32>,
    /// `TotalInstanceCount`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub total_instance_count: Option<u32>,
    /// `ActiveCapacity`: `InService` instances.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub active_capacity: Option<u32>,
    /// `PendingCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub pending_capacity: Option<u32>,
    /// `PendingWaitCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub pending_wait_capacity: Option<u32>,
    /// `RemovingCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub removing_capacity: Option<u32>,
    /// `RemovingWaitCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub removing_wait_capacity: Option<u32>,
    /// `ProtectedCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub protected_capacity: Option<u32>,
    /// `StandbyCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub standby_capacity: Option<u32>,
    /// `StoppedCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub stopped_capacity: Option<u32>,
    /// `SpotCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub spot_capacity: Option<u32>,
    /// `InitCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub init_capacity: Option<u32>,
    /// `Tags`.
    #[serde(default, deserialize_with = "either_shape")]
    pub tags: Option<Vec<GroupTag>>,
    /// Every other member, kept as it came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ScalingGroupInfo {
    /// A group with only its id.
    pub fn new(scaling_group_id: ScalingGroupId) -> Self {
        ScalingGroupInfo {
            scaling_group_id,
            scaling_group_name: None,
            region_id: None,
            lifecycle_state: None,
            min_size: None,
            max_size: None,
            desired_capacity: None,
            default_cooldown: None,
            removal_policies: None,
            active_scaling_configuration_id: None,
            group_type: None,
            creation_time: None,
            modification_time: None,
            total_capacity: None,
            total_instance_count: None,
            active_capacity: None,
            pending_capacity: None,
            pending_wait_capacity: None,
            removing_capacity: None,
            removing_wait_capacity: None,
            protected_capacity: None,
            standby_capacity: None,
            stopped_capacity: None,
            spot_capacity: None,
            init_capacity: None,
            tags: None,
            extra: Map::new(),
        }
    }
}

/// The lists inside a group, and the item each wraps in 2014-08-28.
const GROUP_LISTS: [(&str, &str); 2] = [("RemovalPolicies", "RemovalPolicy"), ("Tags", "Tag")];

page_body! {
    /// The success body of `DescribeScalingGroups`: a page of groups.
    ///
    /// `version` decides the JSON shape of the lists (see the module); reading
    /// a JSON body sets it from the shape it has, reading XML (the same in both
    /// versions) sets `2014-08-28`.
    ///
    /// ```
    /// use ess_protection::{ApiVersion, DescribeScalingGroupsResponse};
    ///
    /// // The reference page's 2014-08-28 sample, its lists wrapped.
    /// let body = DescribeScalingGroupsResponse::from_json(br#"{"RequestId":"6838","TotalCount":1,
    ///   "PageSize":10,"PageNumber":1,"ScalingGroups":{"ScalingGroup":[{"ScalingGroupId":"asg-x",
    ///   "ScalingGroupName":"g1","RegionId":"cn-qingdao","LifecycleState":"Inactive","MinSize":1,
    ///   "MaxSize":2,"DefaultCooldown":300,"TotalCapacity":0,"ActiveCapacity":0,"PendingCapacity":0,
    ///   "RemovingCapacity":0,"CreationTime":"2014-08-14T10:58Z",
    ///   "RemovalPolicies":{"RemovalPolicy":["OldestScalingConfiguration","OldestInstance"]}}]}}"#)?;
    /// assert_eq!(body.version, ApiVersion::V2014_08_28);
    /// let group = &body.scaling_groups[0];
    /// assert_eq!(group.removal_policies.as_ref().map(Vec::len), Some(2));
    /// assert!(body.to_json().contains(r#""RemovalPolicies":{"RemovalPolicy":["OldestScalingConfiguration","OldestInstance"]}"#));
    ///
    /// // The same page in the 2022-02-22 shape, and through XML.
    /// let mut newer = body.clone();
    /// newer.version = ApiVersion::V2022_02_22;
    /// assert!(newer.to_json().contains(r#""ScalingGroups":[{"ScalingGroupId":"asg-x""#));
    /// assert_eq!(DescribeScalingGroupsResponse::from_xml(body.to_xml().as_bytes())?, body);
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    DescribeScalingGroupsResponse {
        /// `ScalingGroups`: the page's groups.
        scaling_groups: ScalingGroupInfo,
    }
    root: "DescribeScalingGroupsResponse",
    list: "ScalingGroups" / "ScalingGroup",
    inner: &GROUP_LISTS,
}
