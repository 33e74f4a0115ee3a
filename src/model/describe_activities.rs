//! `DescribeScalingActivities` against the state: a group's activities, or
//! those asked for by id, filtered by status, newest first, one page. It
//! changes nothing.

use std::cmp::Reverse;

use crate::catalog::{ApiError, ErrorCode};
use crate::common::ApiVersion;
use crate::id::RequestId;
use crate::model::activity::Activity;
use crate::model::answer::{Answer, Context, Handle};
use crate::model::state::{ScalingGroup, State};
use crate::operation::{DescribeScalingActivities, DescribeScalingActivitiesResponse};

impl State {
    /// Answers a `DescribeScalingActivities` request: the activities of the
    /// group it names (in its region), or, when it names none, those of the
    /// region whose ids it lists; only those of `StatusCode` when given;
    /// newest first (by `StartTime`, then the latest recorded first); one
    /// page of them. It changes nothing.
    ///
    /// ```
    /// use ess_protection::model::{Sequential, State};
    /// use ess_protection::{ApiVersion, DescribeScalingActivities};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let mut env = Sequential::new("2026-01-01T00:00:00Z".parse()?);
    /// let group = "asg-1".parse()?;
    /// state.scale_in(&group, 1, &mut env)?;
    ///
    /// let describe = DescribeScalingActivities::of_group("cn-hangzhou".parse()?, group);
    /// let body = state.describe_scaling_activities(&describe, "R1".parse()?, ApiVersion::V2022_02_22)?;
    /// let activity = &body.scaling_activities[0];
    /// assert_eq!(activity.status_code.as_deref(), Some("Successful"));
    /// assert_eq!(activity.destroyed_instances, Some(vec!["i-1".to_owned()]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `InvalidScalingGroupId.NotFound` (404) when the request names a group
    /// the region does not have.
    pub fn describe_scaling_activities(
        &self,
        request: &DescribeScalingActivities,
        request_id: RequestId,
        version: ApiVersion,
    ) -> Result<DescribeScalingActivitiesResponse, ApiError> {
        let in_region = |g: &&ScalingGroup| g.region_id == request.region_id;
        let groups: Vec<&ScalingGroup> =
            match &request.scaling_group_id {
                Some(id) => {
                    let group = self.group(id).filter(in_region);
                    vec![group.ok_or_else(|| {
                        ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, "")
                    })?]
                }
                None => self.groups().iter().filter(in_region).collect(),
            };
        let ids = request.scaling_activity_ids.as_ref().map(|ids| ids.as_slice());
        let mut found: Vec<(&ScalingGroup, usize, &Activity)> = groups
            .iter()
            .flat_map(|g| g.scaling_activities.iter().enumerate().map(move |(n, a)| (*g, n, a)))
            .filter(|(_, _, a)| {
                ids.is_none_or(|ids| ids.contains(&a.scaling_activity_id))
                    && request.status_code.is_none_or(|s| s == a.status_code)
            })
            .collect();
        found.sort_by_key(|(_, n, a)| Reverse((a.start_time, *n)));
        let (page_number, page_size) = (request.page_number().get(), request.page_size().get());
        let start = usize::try_from(u64::from(page_number - 1) * u64::from(page_size))
            .unwrap_or(usize::MAX);
        let mut body = DescribeScalingActivitiesResponse::new(request_id, version, page_size);
        body.page_number = page_number;
        body.total_count = found.len() as u64;
        body.scaling_activities = found
            .iter()
            .skip(start)
            .take(page_size as usize)
            .map(|(g, _, a)| a.to_response(&g.scaling_group_id))
            .collect();
        Ok(body)
    }
}

impl Handle for DescribeScalingActivities {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        let body = state.describe_scaling_activities(self, context.request_id, context.version)?;
        Ok(Answer { body: body.into(), changed: false })
    }
}
