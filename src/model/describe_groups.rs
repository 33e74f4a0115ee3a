//! `DescribeScalingGroups` against the state: filters and a page, in one
//! pass over the region's groups. It changes nothing.

use crate::catalog::ApiError;
use crate::group_values::GroupType;
use crate::model::answer::{Answer, Context, Handle};
use crate::model::state::{ScalingGroup, State};
use crate::operation::{DescribeScalingGroups, DescribeScalingGroupsResponse};

impl DescribeScalingGroups {
    /// Whether a group of the request's region passes the filters: its id
    /// or name among those asked for (either matches, when both are given),
    /// its `GroupType` (absent: `ECS`), its `ResourceGroupId`, and every tag
    /// filter (a tag of the key, and of the value when one is given).
    pub fn matches(&self, group: &ScalingGroup) -> bool {
        let names = self.names();
        let by_id = self.scaling_group_ids.as_ref();
        let named = match (by_id, names.is_empty()) {
            (None, true) => true,
            (ids, _) => {
                ids.is_some_and(|ids| ids.as_slice().contains(&group.scaling_group_id))
                    || group.scaling_group_name.as_deref().is_some_and(|n| names.contains(&n))
            }
        };
        let tags = group.tags.as_deref().unwrap_or_default();
        named
            && self.group_type.is_none_or(|t| t == group.group_type.unwrap_or(GroupType::Ecs))
            && self
                .resource_group_id
                .as_ref()
                .is_none_or(|r| group.resource_group_id.as_ref() == Some(r))
            && self.tags.iter().all(|filter| {
                tags.iter().any(|tag| {
                    tag.tag_key == filter.key
                        && filter.value.as_ref().is_none_or(|v| *v == tag.tag_value)
                })
            })
    }
}

impl State {
    /// Answers a `DescribeScalingGroups` request: the groups of its region
    /// that pass the filters ([`DescribeScalingGroups::matches`]), in the
    /// state's order, one page of them, each with its counters
    /// ([`ScalingGroup::to_info`]). Ids and names that match nothing are
    /// simply not found; a page past the end is empty. It changes nothing.
    ///
    /// ```
    /// use ess_protection::model::State;
    /// use ess_protection::{ApiVersion, DescribeScalingGroups};
    ///
    /// let state: State = r#"{"ScalingGroups": [
    ///   {"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou", "LifecycleState": "Active", "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "Protected", "CreationTime": "2024-01-01T00:00:00Z"}]},
    ///   {"ScalingGroupId": "asg-2", "RegionId": "cn-beijing", "LifecycleState": "Active", "Instances": []}]}"#
    ///     .parse()?;
    /// let describe = DescribeScalingGroups::new("cn-hangzhou".parse()?);
    /// let body = state.describe_scaling_groups(&describe, "R1".parse()?, ApiVersion::V2014_08_28);
    /// assert_eq!(body.total_count, 1);
    /// assert_eq!(body.scaling_groups[0].protected_capacity, Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe_scaling_groups(
        &self,
        request: &DescribeScalingGroups,
        request_id: crate::id::RequestId,
        version: crate::common::ApiVersion,
    ) -> DescribeScalingGroupsResponse {
        let (page_number, page_size) = (request.page_number().get(), request.page_size().get());
        let start = u64::from(page_number - 1) * u64::from(page_size);
        let end = start + u64::from(page_size);
        let mut body = DescribeScalingGroupsResponse::new(request_id, version, page_size);
        body.page_number = page_number;
        let found =
            self.groups().iter().filter(|g| g.region_id == request.region_id && request.matches(g));
        for group in found {
            if (start..end).contains(&body.total_count) {
                body.scaling_groups.push(group.to_info());
            }
            body.total_count += 1;
        }
        body
    }
}

impl Handle for DescribeScalingGroups {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        let body = state.describe_scaling_groups(self, context.request_id, context.version);
        Ok(Answer { body: body.into(), changed: false })
    }
}
