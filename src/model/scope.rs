//! Which scaling groups a request reads or changes: what an authorizer
//! must check, so that no answer draws from a group the caller may not
//! touch.

use crate::model::state::{ScalingGroup, State};
use crate::operation::AnyOperation;

impl State {
    /// The groups whose instances, settings or activities `operation`'s
    /// answer may show or change, in the state's order: the group it names,
    /// when the request's region (if it gives one) has it; for a describe
    /// that does not name its groups by id — `DescribeScalingInstances` or
    /// `DescribeScalingActivities` without `ScalingGroupId`,
    /// `DescribeScalingGroups` without `ScalingGroupId.N` or with names —
    /// every group of the request's region, whatever the other filters, so
    /// that the set does not depend on what the groups hold; for
    /// `DescribeScalingGroups` that names groups by id only, those of them
    /// the region has. Empty when the group named does not exist.
    ///
    /// An authorizer checks the operation on each of these groups as well
    /// as on the resource the request names ([`crate::ram::evaluate_request`]):
    /// a policy that denies one group then refuses every request whose
    /// answer could show it, including a describe that names no group.
    ///
    /// ```
    /// use ess_protection::model::State;
    /// use ess_protection::{AnyOperation, Request};
    ///
    /// let state: State = r#"{"ScalingGroups": [
    ///   {"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou", "LifecycleState": "Active", "Instances": []},
    ///   {"ScalingGroupId": "asg-2", "RegionId": "cn-hangzhou", "LifecycleState": "Active", "Instances": []},
    ///   {"ScalingGroupId": "asg-3", "RegionId": "cn-beijing", "LifecycleState": "Active", "Instances": []}]}"#
    ///     .parse()?;
    /// let describe: Request<AnyOperation> = "Action=DescribeScalingInstances&Version=2014-08-28\
    ///     &RegionId=cn-hangzhou&InstanceId.1=i-1".parse()?;
    /// let ids: Vec<&str> =
    ///     state.groups_of(&describe.operation).iter().map(|g| g.scaling_group_id.as_str()).collect();
    /// assert_eq!(ids, ["asg-1", "asg-2"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn groups_of(&self, operation: &AnyOperation) -> Vec<&ScalingGroup> {
        let region_of = |region: &crate::id::RegionId| -> Vec<&ScalingGroup> {
            self.groups().iter().filter(|g| g.region_id == *region).collect()
        };
        match operation {
            AnyOperation::DescribeScalingInstances(describe) => self.described_groups(describe),
            AnyOperation::DescribeScalingGroups(describe) => match &describe.scaling_group_ids {
                Some(ids) if describe.names().is_empty() => {
                    let named = |g: &&ScalingGroup| ids.as_slice().contains(&g.scaling_group_id);
                    region_of(&describe.region_id).into_iter().filter(named).collect()
                }
                _ => region_of(&describe.region_id),
            },
            AnyOperation::DescribeScalingActivities(describe)
                if describe.scaling_group_id.is_none() =>
            {
                region_of(&describe.region_id)
            }
            other => {
                let region = other.region_id();
                let group = other.scaling_group_id().and_then(|id| self.group(id));
                group.filter(|g| region.is_none_or(|r| *r == g.region_id)).into_iter().collect()
            }
        }
    }
}
