//! `DescribeScalingActivities`: list a group's scaling activities, newest
//! first, page by page: where the `ScalingActivityId` a removal or an
//! adjustment answered leads, and what it did.
//!
//! | parameter | 2014-08-28 | 2022-02-22 | |
//! |---|---|---|---|
//! | `RegionId` | ✓ | ✓ | required |
//! | `ScalingGroupId` | ✓ | ✓ | this group's activities |
//! | activity ids | `ScalingActivityId.N` | `ScalingActivityIds.N` | 1 to 20 |
//! | `StatusCode` | ✓ | ✓ | `Successful`, `Warning`, `Failed`, `InProgress` or `Rejected` |
//! | `InstanceRefreshTaskId` | ✓ | ✓ | kept |
//! | `PageNumber` | ✓ | ✓ | from 1, default 1 |
//! | `PageSize` | ✓ | ✓ | 1 to 50, default 10 |
//!
//! A request names a group or activity ids, or both (the 2022 model says
//! one of the two; this crate takes both, and keeps the activities that
//! match both): neither is `MissingParameter` naming `ScalingGroupId`.
//!
//! The answer ([`DescribeScalingActivitiesResponse`]) holds `TotalCount`,
//! the page, and the activities ([`ScalingActivity`]): in 2014-08-28 as
//! `"ScalingActivities": {"ScalingActivity": [...]}`, in 2022-02-22 as a
//! plain array.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::{DisplayFromStr, PickFirst, serde_as, skip_serializing_none};

use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::group_values::ActivityStatus;
use crate::id::{List, RegionId, ScalingActivityId, ScalingGroupId};
use crate::nested::{either_shape, page_body};
use crate::param::{ParamTable, params};
use crate::problem::ProblemKind;
use crate::reader::Reader;
use crate::values::{PageNumber, PageSize};

params! {
    REGION = single("RegionId", Text);
    GROUP = single("ScalingGroupId", Text);
    IDS = list("ScalingActivityId", "ScalingActivityIds", Text);
    STATUS = single("StatusCode", Text);
    REFRESH = single("InstanceRefreshTaskId", Text);
    PAGE_NUMBER = single("PageNumber", Integer);
    PAGE_SIZE = single("PageSize", Integer);
}

pub(crate) const TABLE: ParamTable =
    ParamTable { action: "DescribeScalingActivities", lookup: LOOKUP };

/// The parameters of `DescribeScalingActivities`, typed and validated.
///
/// ```
/// use ess_protection::{ActivityStatus, DescribeScalingActivities, Request};
///
/// let request: Request<DescribeScalingActivities> = "Action=DescribeScalingActivities\
///     &Version=2014-08-28&RegionId=cn-hangzhou&ScalingGroupId=asg-1&StatusCode=Warning".parse()?;
/// assert_eq!(request.operation.status_code, Some(ActivityStatus::Warning));
///
/// let rejection = "Action=DescribeScalingActivities&Version=2014-08-28&RegionId=cn-hangzhou"
///     .parse::<Request<DescribeScalingActivities>>().unwrap_err();
/// assert_eq!(rejection.primary().to_string(), "ScalingGroupId: required parameter is absent or empty");
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DescribeScalingActivities {
    /// `RegionId`.
    pub region_id: RegionId,
    /// `ScalingGroupId`.
    pub scaling_group_id: Option<ScalingGroupId>,
    /// `ScalingActivityId.N` (2014-08-28) or `ScalingActivityIds.N` (2022-02-22).
    pub scaling_activity_ids: Option<List<ScalingActivityId>>,
    /// `StatusCode`.
    pub status_code: Option<ActivityStatus>,
    /// `InstanceRefreshTaskId`.
    pub instance_refresh_task_id: Option<String>,
    /// `PageNumber`; absent means 1.
    pub page_number: Option<PageNumber>,
    /// `PageSize`; absent means 10.
    pub page_size: Option<PageSize>,
}

impl DescribeScalingActivities {
    /// The activities of a group.
    pub fn of_group(region_id: RegionId, scaling_group_id: ScalingGroupId) -> Self {
        DescribeScalingActivities {
            region_id,
            scaling_group_id: Some(scaling_group_id),
            scaling_activity_ids: None,
            status_code: None,
            instance_refresh_task_id: None,
            page_number: None,
            page_size: None,
        }
    }

    crate::values::page_accessors!();
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<DescribeScalingActivities> {
    let region_id = r.required(&REGION);
    if !r.present(&GROUP) && !r.present(&IDS) {
        r.problem(GROUP.shown(), ProblemKind::Missing);
    }
    Some(DescribeScalingActivities {
        scaling_group_id: r.optional(&GROUP),
        scaling_activity_ids: r.list(&IDS, false),
        status_code: r.optional(&STATUS),
        instance_refresh_task_id: r.text(&REFRESH),
        page_number: r.optional(&PAGE_NUMBER),
        page_size: r.optional_with(&PAGE_SIZE, |s| PageSize::parse_up_to(s, 50)),
        region_id: region_id?,
    })
}

fn encode<'a>(o: &'a DescribeScalingActivities, w: &mut Writer<'a>) {
    w.one(REGION, &o.region_id);
    w.optional(GROUP, &o.scaling_group_id);
    if let Some(ids) = &o.scaling_activity_ids {
        w.list(IDS, ids);
    }
    w.optional(STATUS, &o.status_code);
    w.optional(REFRESH, &o.instance_refresh_task_id);
    w.optional(PAGE_NUMBER, &o.page_number);
    w.optional(PAGE_SIZE, &o.page_size);
}

fn scaling_group_id(o: &DescribeScalingActivities) -> Option<&ScalingGroupId> {
    o.scaling_group_id.as_ref()
}

fn region_id(o: &DescribeScalingActivities) -> Option<&RegionId> {
    Some(&o.region_id)
}

impl_operation!(DescribeScalingActivities);

/// One scaling activity as `DescribeScalingActivities` shows it.
///
/// Every member but `ScalingActivityId` is optional; `StatusCode` stays a
/// string, so that a value this crate does not know survives. Each count is
/// read from a number or a string, and written as the official SDKs' models
/// type it (the Go SDK's and the 2022 Tea models agree): `TotalCapacity`,
/// `AttachedCapacity` and `AutoCreatedCapacity` as strings, the others as
/// numbers. `CreatedInstances` and `DestroyedInstances` are `2022-02-22`'s.
/// Members the model does not know are kept.
#[serde_as]
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ScalingActivity {
    /// `ScalingActivityId`.
    pub scaling_activity_id: ScalingActivityId,
    /// `ScalingGroupId`.
    pub scaling_group_id: Option<String>,
    /// `Description`: `Remove "1" ECS instance`, ….
    pub description: Option<String>,
    /// `Cause`: what started it, in the service's phrasing.
    pub cause: Option<String>,
    /// `StartTime`, to the second.
    pub start_time: Option<String>,
    /// `EndTime`, to the second.
    pub end_time: Option<String>,
    /// `StatusCode`: `Successful`, `Warning`, `Failed`, `InProgress`, `Rejected`.
    pub status_code: Option<String>,
    /// `StatusMessage`.
    pub status_message: Option<String>,
    /// `Progress`, 0 to 100.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub progress: Option<u32>,
    /// `ScalingInstanceNumber`: instances added or removed.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub scaling_instance_number: Option<u32>,
    /// `TotalCapacity` after it.
    #[serde_as(as = "Option<PickFirst<(DisplayFromStr, _)>>")]
    #[serde(default)]
    pub total_capacity: Option<u32>,
    /// `AttachedCapacity`.
    #[serde_as(as = "Option<PickFirst<(DisplayFromStr, _)>>")]
    #[serde(default)]
    pub attached_capacity: Option<u32>,
    /// `AutoCreatedCapacity`.
    #[serde_as(as = "Option<PickFirst<(DisplayFromStr, _)>>")]
    #[serde(default)]
    pub auto_created_capacity: Option<u32>,
    /// `CreatedCapacity` (2022-02-22).
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub created_capacity: Option<u32>,
    /// `CreatedInstances` (2022-02-22).
    #[serde(default, deserialize_with = "either_shape")]
    pub created_instances: Option<Vec<String>>,
    /// `DestroyedCapacity` (2022-02-22).
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub destroyed_capacity: Option<u32>,
    /// `DestroyedInstances` (2022-02-22).
    #[serde(default, deserialize_with = "either_shape")]
    pub destroyed_instances: Option<Vec<String>>,
    /// `ActivityMetadata` (2022-02-22).
    pub activity_metadata: Option<String>,
    /// `TriggerSourceType` (2022-02-22): `Cms`, `APIs` or `Ess`.
    pub trigger_source_type: Option<String>,
    /// Every other member, kept as it came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ScalingActivity {
    /// An activity with only its id.
    pub fn new(scaling_activity_id: ScalingActivityId) -> Self {
        ScalingActivity {
            scaling_activity_id,
            scaling_group_id: None,
            description: None,
            cause: None,
            start_time: None,
            end_time: None,
            status_code: None,
            status_message: None,
            progress: None,
            scaling_instance_number: None,
            total_capacity: None,
            attached_capacity: None,
            auto_created_capacity: None,
            created_capacity: None,
            created_instances: None,
            destroyed_capacity: None,
            destroyed_instances: None,
            activity_metadata: None,
            trigger_source_type: None,
            extra: Map::new(),
        }
    }
}

/// The lists inside an activity, and the item each wraps in 2014-08-28.
const ACTIVITY_LISTS: [(&str, &str); 2] =
    [("CreatedInstances", "CreatedInstance"), ("DestroyedInstances", "DestroyedInstance")];

page_body! {
    /// The success body of `DescribeScalingActivities`: a page of activities.
    ///
    /// `version` decides the JSON shape of the lists; reading a JSON body sets
    /// it from the shape it has, reading XML sets `2014-08-28`.
    ///
    /// ```
    /// use ess_protection::{ApiVersion, DescribeScalingActivitiesResponse};
    ///
    /// let body = DescribeScalingActivitiesResponse::from_json(br#"{"RequestId":"R","TotalCount":1,
    ///   "PageNumber":1,"PageSize":10,"ScalingActivities":{"ScalingActivity":[{"ScalingActivityId":"asa-1",
    ///   "ScalingGroupId":"asg-1","Description":"Remove \"1\" ECS instance","StatusCode":"Successful",
    ///   "Progress":100,"TotalCapacity":3,"ScalingInstanceNumber":"1"}]}}"#)?;
    /// let activity = &body.scaling_activities[0];
    /// assert_eq!((activity.total_capacity, activity.scaling_instance_number), (Some(3), Some(1)));
    /// // Counts are written as the SDKs' models type them.
    /// assert!(body.to_json().contains(r#""ScalingInstanceNumber":1,"TotalCapacity":"3""#));
    /// assert_eq!(DescribeScalingActivitiesResponse::from_xml(body.to_xml().as_bytes())?, body);
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    DescribeScalingActivitiesResponse {
        /// `ScalingActivities`: the page's activities, newest first.
        scaling_activities: ScalingActivity,
    }
    root: "DescribeScalingActivitiesResponse",
    list: "ScalingActivities" / "ScalingActivity",
    inner: &ACTIVITY_LISTS,
}
