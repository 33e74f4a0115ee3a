//! `DescribeScalingInstances`: list the instances of scaling groups,
//! filtered, page by page. How real callers read protection back (the
//! Terraform provider asks for `LifecycleState=Protected`).
//!
//! | parameter | 2014-08-28 | 2022-02-22 | |
//! |---|---|---|---|
//! | `RegionId` | ✓ | ✓ | required |
//! | `ScalingGroupId`, `ScalingConfigurationId`, `ScalingActivityId` | ✓ | ✓ | optional filters |
//! | `HealthStatus` | ✓ | ✓ | `Healthy` or `Unhealthy` |
//! | `LifecycleState` / `LifecycleStates.N` | ✓ | ✓ | one instance state, or a list; not both |
//! | `CreationType` / `CreationTypes.N` | `AutoCreated`, `Attached` | also `Managed` | one, or a list; not both |
//! | instance ids | `InstanceId.N` | `InstanceIds.N` | 1 to 20; an id not found is no error |
//! | `PageNumber` | ✓ | ✓ | from 1, default 1 |
//! | `PageSize` | 1 to 50 | 1 to 100 | default 10 |
//!
//! The 2014-08-28 page lists neither `LifecycleStates.N` nor
//! `CreationTypes.N`, but its official SDK sends them: this crate takes
//! both lists in both versions.
//!
//! The answer ([`DescribeScalingInstancesResponse`]) holds `TotalCount`,
//! the page, and the instances: in 2014-08-28 as
//! `"ScalingInstances": {"ScalingInstance": [...]}`, in 2022-02-22 as a plain
//! array (the 2022 SDKs' models read only the array).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::{DisplayFromStr, PickFirst, serde_as, skip_serializing_none};

use crate::codec::ParamValue;
use crate::common::ApiVersion;
use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::error::{ValueError, ValueErrorKind};
use crate::fields::{BodyError, ExtraFields, FieldSpec, Picker, Sink};
use crate::id::{
    InstanceId, InstanceIds, RegionId, RequestId, ScalingActivityId, ScalingConfigurationId,
    ScalingGroupId,
};
use crate::nested::{self, list_field};
use crate::param::{Param, ParamTable, params};
use crate::problem::ProblemKind;
use crate::reader::Reader;
use crate::response::{response_body, sealed::BodyCodec};
use crate::values::{CreationType, HealthStatus, InstanceState, OneOrMany, PageNumber, PageSize};

params! {
    REGION = single("RegionId", Text);
    GROUP = single("ScalingGroupId", Text);
    CONFIGURATION = single("ScalingConfigurationId", Text);
    ACTIVITY = single("ScalingActivityId", Text);
    HEALTH = single("HealthStatus", Text);
    STATE = single("LifecycleState", Text);
    STATES = list("LifecycleStates", "LifecycleStates", Text);
    CREATION = single("CreationType", Text);
    CREATIONS = list("CreationTypes", "CreationTypes", Text);
    IDS = list("InstanceId", "InstanceIds", Text);
    PAGE_NUMBER = single("PageNumber", Integer);
    PAGE_SIZE = single("PageSize", Integer);
}

pub(crate) const TABLE: ParamTable =
    ParamTable { action: "DescribeScalingInstances", lookup: LOOKUP };

/// The parameters of `DescribeScalingInstances`, typed and validated.
///
/// ```
/// use ess_protection::{DescribeScalingInstances, InstanceState, Request};
///
/// let request: Request<DescribeScalingInstances> = "Action=DescribeScalingInstances\
///     &Version=2014-08-28&RegionId=cn-hangzhou&ScalingGroupId=asg-1\
///     &LifecycleState=Protected&PageSize=50".parse()?;
/// let describe = &request.operation;
/// assert!(describe.lifecycle_state.as_ref().unwrap().contains(&InstanceState::Protected));
/// assert_eq!(describe.page_size().get(), 50);
/// assert_eq!(describe.page_number().get(), 1);
///
/// // 50 is the most a page holds in 2014-08-28.
/// let rejection = "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou&PageSize=51"
///     .parse::<Request<DescribeScalingInstances>>().unwrap_err();
/// assert_eq!(rejection.primary().to_string(), "PageSize: expected an integer from 1 to 50");
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DescribeScalingInstances {
    /// `RegionId`.
    pub region_id: RegionId,
    /// `ScalingGroupId`: only this group's instances.
    pub scaling_group_id: Option<ScalingGroupId>,
    /// `ScalingConfigurationId`: only instances created from it.
    pub scaling_configuration_id: Option<ScalingConfigurationId>,
    /// `ScalingActivityId`: only instances this activity added.
    pub scaling_activity_id: Option<ScalingActivityId>,
    /// `HealthStatus`.
    pub health_status: Option<HealthStatus>,
    /// `LifecycleState` or `LifecycleStates.N`.
    pub lifecycle_state: Option<OneOrMany<InstanceState>>,
    /// `CreationType` or `CreationTypes.N`.
    pub creation_type: Option<OneOrMany<CreationType>>,
    /// `InstanceId.N` (2014-08-28) or `InstanceIds.N` (2022-02-22).
    pub instance_ids: Option<InstanceIds>,
    /// `PageNumber`; absent means 1.
    pub page_number: Option<PageNumber>,
    /// `PageSize`; absent means 10.
    pub page_size: Option<PageSize>,
}

impl DescribeScalingInstances {
    /// The operation for a region, without filters.
    pub fn new(region_id: RegionId) -> Self {
        DescribeScalingInstances {
            region_id,
            scaling_group_id: None,
            scaling_configuration_id: None,
            scaling_activity_id: None,
            health_status: None,
            lifecycle_state: None,
            creation_type: None,
            instance_ids: None,
            page_number: None,
            page_size: None,
        }
    }

    crate::values::page_accessors!();
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<DescribeScalingInstances> {
    let region_id = r.required(&REGION);
    let lifecycle_state = one_or_many(r, &STATE, &STATES);
    let creation_type = one_or_many::<CreationType>(r, &CREATION, &CREATIONS);
    // `Managed` is a value of 2022-02-22 only.
    if let (Some(version), Some(types)) = (r.version(), &creation_type) {
        let allowed = ValueError::new(ValueErrorKind::OneOf(&["AutoCreated", "Attached"]));
        for (i, _) in types.as_slice().iter().enumerate().filter(|(_, t)| !t.in_version(version)) {
            match types {
                OneOrMany::One(_) => r.invalid(&CREATION, None, allowed.clone()),
                OneOrMany::Many(_) => r.invalid(&CREATIONS, Some(i + 1), allowed.clone()),
            }
        }
    }
    let version = r.version().unwrap_or(ApiVersion::V2022_02_22);
    let page_size = r.optional_with(&PAGE_SIZE, |s| PageSize::parse_in(s, version));
    Some(DescribeScalingInstances {
        scaling_group_id: r.optional(&GROUP),
        scaling_configuration_id: r.optional(&CONFIGURATION),
        scaling_activity_id: r.optional(&ACTIVITY),
        health_status: r.optional(&HEALTH),
        lifecycle_state,
        creation_type,
        instance_ids: r.list(&IDS, false),
        page_number: r.optional(&PAGE_NUMBER),
        page_size,
        region_id: region_id?,
    })
}

/// A filter given as one value or as a list, not both.
fn one_or_many<T: ParamValue + PartialEq>(
    r: &mut Reader<'_>,
    one: &Param,
    many: &Param,
) -> Option<OneOrMany<T>> {
    if r.present(one) && r.present(many) {
        let kind = ProblemKind::Exclusive(one.shown());
        r.problem(format!("{}.N", many.shown()), kind);
    }
    let single = r.optional(one).map(OneOrMany::One);
    let list = r.list(many, false).map(OneOrMany::Many);
    single.or(list)
}

fn encode<'a>(o: &'a DescribeScalingInstances, w: &mut Writer<'a>) {
    w.one(REGION, &o.region_id);
    w.optional(GROUP, &o.scaling_group_id);
    w.optional(CONFIGURATION, &o.scaling_configuration_id);
    w.optional(ACTIVITY, &o.scaling_activity_id);
    w.optional(HEALTH, &o.health_status);
    match &o.lifecycle_state {
        Some(OneOrMany::One(state)) => w.one(STATE, state),
        Some(OneOrMany::Many(states)) => w.list(STATES, states),
        None => {}
    }
    match &o.creation_type {
        Some(OneOrMany::One(creation)) => w.one(CREATION, creation),
        Some(OneOrMany::Many(creations)) => w.list(CREATIONS, creations),
        None => {}
    }
    if let Some(ids) = &o.instance_ids {
        w.list(IDS, ids);
    }
    w.optional(PAGE_NUMBER, &o.page_number);
    w.optional(PAGE_SIZE, &o.page_size);
}

fn scaling_group_id(o: &DescribeScalingInstances) -> Option<&ScalingGroupId> {
    o.scaling_group_id.as_ref()
}

fn region_id(o: &DescribeScalingInstances) -> Option<&RegionId> {
    Some(&o.region_id)
}

impl_operation!(DescribeScalingInstances);

/// One instance as `DescribeScalingInstances` shows it.
///
/// Every member but `InstanceId` is optional; enumerations (`LifecycleState`,
/// `HealthStatus`, `CreationType`) stay strings, so that a value this crate
/// does not know survives (parse them with their types: `InstanceState`, …).
/// `Entrusted`, `LoadBalancerWeight` and `WeightedCapacity` are typed, and
/// read from XML text as well as from JSON. Members the model does not know
/// are kept.
#[serde_as]
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ScalingInstance {
    /// `InstanceId`.
    pub instance_id: InstanceId,
    /// `ScalingGroupId`.
    pub scaling_group_id: Option<String>,
    /// `ScalingConfigurationId`.
    pub scaling_configuration_id: Option<String>,
    /// `HealthStatus`: `Healthy` or `Unhealthy`.
    pub health_status: Option<String>,
    /// `LifecycleState`: `InService`, `Protected`, ….
    pub lifecycle_state: Option<String>,
    /// `CreationType`: `AutoCreated`, `Attached` or `Managed`.
    pub creation_type: Option<String>,
    /// `CreationTime`, to the minute: `YYYY-MM-DDThh:mmZ`.
    pub creation_time: Option<String>,
    /// `CreatedTime`, to the second: `YYYY-MM-DDThh:mm:ssZ`.
    pub created_time: Option<String>,
    /// `Entrusted`: whether the group manages the instance's life.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub entrusted: Option<bool>,
    /// `LoadBalancerWeight`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub load_balancer_weight: Option<i64>,
    /// `WeightedCapacity`.
    #[serde_as(as = "Option<PickFirst<(_, DisplayFromStr)>>")]
    #[serde(default)]
    pub weighted_capacity: Option<i64>,
    /// `WarmupState`.
    pub warmup_state: Option<String>,
    /// `ZoneId`.
    pub zone_id: Option<String>,
    /// `PrivateIpAddress` (2022-02-22).
    pub private_ip_address: Option<String>,
    /// `ScalingInstanceId` (2022-02-22).
    pub scaling_instance_id: Option<String>,
    /// `InstanceType` (2022-02-22).
    pub instance_type: Option<String>,
    /// `LaunchTemplateId` (2022-02-22).
    pub launch_template_id: Option<String>,
    /// `LaunchTemplateVersion` (2022-02-22).
    pub launch_template_version: Option<String>,
    /// `SpotStrategy` (2022-02-22).
    pub spot_strategy: Option<String>,
    /// `ScalingActivityId`: the activity that added it (2022-02-22).
    pub scaling_activity_id: Option<String>,
    /// Every other member, kept as it came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ScalingInstance {
    /// An instance with only its id.
    pub fn new(instance_id: InstanceId) -> Self {
        ScalingInstance {
            instance_id,
            scaling_group_id: None,
            scaling_configuration_id: None,
            health_status: None,
            lifecycle_state: None,
            creation_type: None,
            creation_time: None,
            created_time: None,
            entrusted: None,
            load_balancer_weight: None,
            weighted_capacity: None,
            warmup_state: None,
            zone_id: None,
            private_ip_address: None,
            scaling_instance_id: None,
            instance_type: None,
            launch_template_id: None,
            launch_template_version: None,
            spot_strategy: None,
            scaling_activity_id: None,
            extra: Map::new(),
        }
    }
}

/// The success body of `DescribeScalingInstances`: a page of instances.
///
/// `version` decides the JSON shape of the list (see the module); reading a
/// JSON body sets it from the shape it has, reading XML (the same in both
/// versions) sets `2014-08-28`.
///
/// ```
/// use ess_protection::{ApiVersion, DescribeScalingInstancesResponse};
///
/// let body = DescribeScalingInstancesResponse::from_json(br#"{"TotalCount": 1, "PageNumber": 1,
///   "PageSize": 10, "RequestId": "R", "ScalingInstances": [{"InstanceId": "i-1",
///   "LifecycleState": "Protected", "Entrusted": true}]}"#)?;
/// assert_eq!((body.total_count, body.version), (1, ApiVersion::V2022_02_22));
/// assert_eq!(body.scaling_instances[0].lifecycle_state.as_deref(), Some("Protected"));
///
/// // The same page in the 2014-08-28 shape, and in XML.
/// let mut old = body.clone();
/// old.version = ApiVersion::V2014_08_28;
/// assert!(old.to_json().contains(r#""ScalingInstances":{"ScalingInstance":[{"InstanceId":"i-1""#));
/// assert!(old.to_xml().contains("<ScalingInstance>\n      <InstanceId>i-1</InstanceId>"));
/// assert_eq!(DescribeScalingInstancesResponse::from_xml(old.to_xml().as_bytes())?, old);
/// # Ok::<(), ess_protection::BodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescribeScalingInstancesResponse {
    /// `TotalCount`: how many instances the filters found, on every page.
    pub total_count: u64,
    /// `PageNumber`.
    pub page_number: u32,
    /// `PageSize`.
    pub page_size: u32,
    /// `TotalSpotCount`: how many of them are spot instances.
    pub total_spot_count: Option<u64>,
    /// `RequestId`.
    pub request_id: RequestId,
    /// `ScalingInstances`: the page's instances.
    pub scaling_instances: Vec<ScalingInstance>,
    /// The version whose JSON shape the list has.
    pub version: ApiVersion,
    /// Fields the model does not know, kept so they survive a round trip.
    pub extra: ExtraFields,
}

impl DescribeScalingInstancesResponse {
    /// An empty first page of `page_size`, of a version's shape.
    pub fn new(request_id: RequestId, version: ApiVersion, page_size: u32) -> Self {
        DescribeScalingInstancesResponse {
            total_count: 0,
            page_number: 1,
            page_size,
            total_spot_count: None,
            request_id,
            scaling_instances: Vec::new(),
            version,
            extra: Vec::new(),
        }
    }
}

const FIELDS: [FieldSpec; 6] = [
    FieldSpec::integer("TotalCount"),
    FieldSpec::integer("PageNumber"),
    FieldSpec::integer("PageSize"),
    FieldSpec::integer("TotalSpotCount"),
    FieldSpec::text("RequestId"),
    FieldSpec::nested("ScalingInstances"),
];

impl BodyCodec for DescribeScalingInstancesResponse {
    const FIELDS: &'static [FieldSpec] = &FIELDS;
    const JSON_MARKS: &'static [&'static str] = &["ScalingInstances", "TotalCount"];

    fn from_picker(mut picker: Picker<'_>) -> Result<Self, BodyError> {
        let extra = picker.extra();
        let total_count = picker.required_integer(0)?;
        let page_number = picker.required_integer(1)?;
        let page_size = picker.required_integer(2)?;
        let total_spot_count = picker.integer(3)?;
        let request_id = RequestId::from_body(picker.required(4)?);
        let (items, version) =
            list_field(picker.take_field(5), "ScalingInstances", "ScalingInstance")?;
        let scaling_instances = nested::items(items, "ScalingInstances")?;
        Ok(DescribeScalingInstancesResponse {
            total_count,
            page_number,
            page_size,
            total_spot_count,
            request_id,
            scaling_instances,
            version,
            extra,
        })
    }

    fn write<S: Sink>(&self, out: &mut S) {
        out.integer("TotalCount", self.total_count);
        out.integer("PageNumber", u64::from(self.page_number));
        out.integer("PageSize", u64::from(self.page_size));
        if let Some(spot) = self.total_spot_count {
            out.integer("TotalSpotCount", spot);
        }
        out.text("RequestId", self.request_id.as_str());
        let wrapped = self.version == ApiVersion::V2014_08_28;
        out.list("ScalingInstances", "ScalingInstance", &self.scaling_instances, wrapped);
        out.extra(&self.extra);
    }
}

response_body!(DescribeScalingInstancesResponse, "DescribeScalingInstancesResponse");
