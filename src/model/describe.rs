//! `DescribeScalingInstances` against the state: filters, a stable order,
//! and pages, in one pass over the groups it looks at. It changes nothing.

use crate::catalog::{ApiError, ErrorCode};
use crate::common::{ApiVersion, Timestamp};
use crate::id::RequestId;
use crate::model::answer::{Answer, Context, Handle};
use crate::model::state::{Instance, ScalingGroup, State};
use crate::operation::{
    DescribeScalingInstances, DescribeScalingInstancesResponse, ScalingInstance,
};

/// One page of what a `DescribeScalingInstances` request found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page<'s> {
    /// How many instances the filters found, on every page.
    pub total_count: u64,
    /// How many of those are spot instances ([`Instance::is_spot`]).
    pub total_spot_count: u64,
    /// The page number asked for (1 by default).
    pub page_number: u32,
    /// The page size asked for (10 by default).
    pub page_size: u32,
    /// The page's instances, each with its group, in the stable order.
    pub instances: Vec<(&'s ScalingGroup, &'s Instance)>,
}

impl Page<'_> {
    /// The success body of the page, in a version's shape: each instance as
    /// [`ScalingInstance::of`] shows it.
    pub fn to_response(
        &self,
        request_id: RequestId,
        version: ApiVersion,
    ) -> DescribeScalingInstancesResponse {
        let mut body = DescribeScalingInstancesResponse::new(request_id, version, self.page_size);
        body.total_count = self.total_count;
        body.page_number = self.page_number;
        body.total_spot_count = Some(self.total_spot_count);
        body.scaling_instances =
            self.instances.iter().map(|(g, i)| ScalingInstance::of(g, i, version)).collect();
        body
    }
}

impl ScalingInstance {
    /// An instance of the model as `DescribeScalingInstances` shows it in a
    /// version: `CreationTime` to the minute and `CreatedTime` to the
    /// second; `HealthStatus` `Healthy` when the state has none; the fields
    /// the state has, but those `2022-02-22` alone shows
    /// (`PrivateIpAddress`, `InstanceType`, …) only in that version.
    pub fn of(group: &ScalingGroup, instance: &Instance, version: ApiVersion) -> Self {
        let mut shown = ScalingInstance::new(instance.instance_id.clone());
        let i = instance;
        shown.scaling_group_id = Some(group.scaling_group_id.to_string());
        shown.scaling_configuration_id = i.scaling_configuration_id.clone();
        shown.health_status = Some(i.health().as_str().to_owned());
        shown.lifecycle_state = Some(i.lifecycle_state.as_str().to_owned());
        shown.creation_type = i.creation_type.map(|c| c.as_str().to_owned());
        shown.creation_time = Some(to_the_minute(i.creation_time));
        shown.created_time = Some(i.creation_time.to_string());
        shown.entrusted = i.entrusted;
        shown.load_balancer_weight = i.load_balancer_weight;
        shown.weighted_capacity = i.weighted_capacity;
        shown.warmup_state = i.warmup_state.clone();
        shown.zone_id = i.zone_id.clone();
        if version == ApiVersion::V2022_02_22 {
            shown.private_ip_address = i.private_ip_address.clone();
            shown.scaling_instance_id = i.scaling_instance_id.clone();
            shown.instance_type = i.instance_type.clone();
            shown.launch_template_id = i.launch_template_id.clone();
            shown.launch_template_version = i.launch_template_version.clone();
            shown.spot_strategy = i.spot_strategy.clone();
            shown.scaling_activity_id = i.scaling_activity_id.as_ref().map(ToString::to_string);
        }
        shown
    }
}

/// `YYYY-MM-DDThh:mmZ`.
pub(crate) fn to_the_minute(time: Timestamp) -> String {
    // `YYYY-MM-DDThh:mm:ssZ` without `:ss`.
    let text = time.to_string();
    text.get(..16).map_or_else(|| text.clone(), |minutes| format!("{minutes}Z"))
}

impl DescribeScalingInstances {
    /// Whether an instance passes every filter but the group's.
    fn matches(&self, instance: &Instance) -> bool {
        let i = instance;
        self.instance_ids.as_ref().is_none_or(|ids| ids.as_slice().contains(&i.instance_id))
            && self.lifecycle_state.as_ref().is_none_or(|s| s.contains(&i.lifecycle_state))
            && self.health_status.is_none_or(|h| h == i.health())
            && self
                .creation_type
                .as_ref()
                .is_none_or(|c| i.creation_type.is_some_and(|t| c.contains(&t)))
            && self
                .scaling_configuration_id
                .as_ref()
                .is_none_or(|c| i.scaling_configuration_id.as_deref() == Some(c.as_str()))
            && self
                .scaling_activity_id
                .as_ref()
                .is_none_or(|a| i.scaling_activity_id.as_ref() == Some(a))
    }
}

impl State {
    /// Answers a `DescribeScalingInstances` request: the instances that pass
    /// every filter, one page of them, and how many there are. It changes
    /// nothing.
    ///
    /// The order is stable: the groups of the request's region in the
    /// state's order (only the one named, when `ScalingGroupId` is given),
    /// and each group's instances in its order (the order they joined it).
    /// An instance id the request names but the state does not have is no
    /// error: it is simply not found. A page past the end is empty.
    ///
    /// ```
    /// use ess_protection::model::State;
    /// use ess_protection::{DescribeScalingInstances, InstanceState, OneOrMany};
    ///
    /// let state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "Protected", "CreationTime": "2024-01-01T00:00:00Z"},
    ///     {"InstanceId": "i-2", "LifecycleState": "InService", "CreationTime": "2024-01-02T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let mut describe = DescribeScalingInstances::new("cn-hangzhou".parse()?);
    /// describe.lifecycle_state = Some(OneOrMany::One(InstanceState::Protected));
    /// let page = state.describe_scaling_instances(&describe)?;
    /// assert_eq!(page.total_count, 1);
    /// assert_eq!(page.instances[0].1.instance_id.as_str(), "i-1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `InvalidScalingGroupId.NotFound` (404) when the request names a
    /// group the region does not have.
    pub fn describe_scaling_instances(
        &self,
        request: &DescribeScalingInstances,
    ) -> Result<Page<'_>, ApiError> {
        let groups = self.described_groups(request);
        if groups.is_empty() && request.scaling_group_id.is_some() {
            return Err(ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, ""));
        }
        let (page_number, page_size) = (request.page_number().get(), request.page_size().get());
        let start = u64::from(page_number - 1) * u64::from(page_size);
        let end = start + u64::from(page_size);
        let mut page = Page {
            total_count: 0,
            total_spot_count: 0,
            page_number,
            page_size,
            instances: Vec::new(),
        };
        for group in groups {
            for instance in group.instances.iter().filter(|i| request.matches(i)) {
                if (start..end).contains(&page.total_count) {
                    page.instances.push((group, instance));
                }
                page.total_count += 1;
                page.total_spot_count += u64::from(instance.is_spot());
            }
        }
        Ok(page)
    }

    /// The groups a `DescribeScalingInstances` request reads: the one it
    /// names, when the request's region has it (else none), or every group
    /// of the region, in the state's order.
    pub(crate) fn described_groups(
        &self,
        request: &DescribeScalingInstances,
    ) -> Vec<&ScalingGroup> {
        let in_region = |g: &&ScalingGroup| g.region_id == request.region_id;
        match &request.scaling_group_id {
            Some(id) => self.group(id).filter(in_region).into_iter().collect(),
            None => self.groups().iter().filter(in_region).collect(),
        }
    }
}

impl Handle for DescribeScalingInstances {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        let page = state.describe_scaling_instances(self)?;
        let body = page.to_response(context.request_id, context.version).into();
        Ok(Answer { body, changed: false })
    }
}
