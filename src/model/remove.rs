//! `RemoveInstances` against the state: the only way a protected instance
//! leaves its group. All or nothing, idempotent under a `ClientToken`.

use std::collections::HashSet;

use crate::catalog::{ApiError, ErrorCode};
use crate::id::{InstanceId, ScalingActivityId};
use crate::model::apply::active_group;
use crate::model::state::{State, TokenRecord};
use crate::operation::RemoveInstances;
use crate::request::Request;

/// What a `RemoveInstances` request did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Removal {
    /// The removal's activity: the one the caller gave, or, for a request
    /// repeated under its `ClientToken`, the first one's.
    pub scaling_activity_id: ScalingActivityId,
    /// The instances removed, in the order given, each once.
    pub removed: Vec<InstanceId>,
    /// The instances not in the group, skipped (`IgnoreInvalidInstance`).
    pub ignored: Vec<InstanceId>,
    /// Whether this was a request repeated under its `ClientToken`, which
    /// removed nothing more.
    pub repeated: bool,
}

impl Removal {
    /// Whether the state changed: instances removed, or a token remembered.
    pub fn changed(&self, request: &RemoveInstances) -> bool {
        !self.repeated && (!self.removed.is_empty() || request.client_token.is_some())
    }
}

impl State {
    /// Applies a `RemoveInstances` request, all or nothing, in this order:
    ///
    /// 1. a `ClientToken` the state remembers: the same request answers the
    ///    first one's activity and removes nothing more; another request
    ///    with it is refused (`InvalidParameter` naming `ClientToken`);
    /// 2. the group exists (in the request's `RegionId`, when it has one):
    ///    else `InvalidScalingGroupId.NotFound` (404);
    /// 3. the group is `Active`: else `IncorrectScalingGroupStatus` (400);
    /// 4. every instance is in the group: else `InvalidInstanceId.NotFound`
    ///    (404) naming the first that is not, unless `IgnoreInvalidInstance`
    ///    skips those;
    /// 5. the group keeps at least `MinSize` instances ([`capacity`]):
    ///    else `IncorrectCapacity.MinSize` (400).
    ///
    /// Then the instances leave the group, `Protected` or not, and
    /// `DesiredCapacity`, when the group has one, falls by the number removed
    /// unless `DecreaseDesiredCapacity` is `false`. The activity id comes
    /// from the caller: the model reads no clock and no random source.
    ///
    /// [`capacity`]: crate::model::ScalingGroup::capacity
    ///
    /// ```
    /// use ess_protection::model::State;
    /// use ess_protection::{ErrorCode, RemoveInstances, Request};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "MinSize": 1, "DesiredCapacity": 2, "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "Protected", "CreationTime": "2024-01-01T00:00:00Z"},
    ///     {"InstanceId": "i-2", "LifecycleState": "InService", "CreationTime": "2024-01-02T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let both: Request<RemoveInstances> = "Action=RemoveInstances&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&InstanceId.1=i-1&InstanceId.2=i-2".parse()?;
    /// let error = state.remove_instances(&both.operation, "asa-1".parse()?).unwrap_err();
    /// assert_eq!(error.code, ErrorCode::IncorrectCapacityMinSize);
    ///
    /// // The protected one alone may go.
    /// let one: Request<RemoveInstances> = "Action=RemoveInstances&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&InstanceId.1=i-1".parse()?;
    /// let removal = state.remove_instances(&one.operation, "asa-2".parse()?)?;
    /// assert_eq!(removal.removed, ["i-1".parse()?]);
    /// assert_eq!(state.groups()[0].desired_capacity, Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As listed above; nothing changes then.
    pub fn remove_instances(
        &mut self,
        request: &RemoveInstances,
        activity: ScalingActivityId,
    ) -> Result<Removal, ApiError> {
        let fingerprint = request.client_token.as_ref().map(|_| fingerprint(request));
        if let (Some(token), Some(fingerprint)) = (&request.client_token, &fingerprint)
            && let Some(record) = self.token(token)
        {
            if record.request != *fingerprint {
                return Err(ApiError::new(ErrorCode::InvalidParameter, "ClientToken"));
            }
            return Ok(Removal {
                scaling_activity_id: record.scaling_activity_id.clone(),
                removed: Vec::new(),
                ignored: Vec::new(),
                repeated: true,
            });
        }
        let group = active_group(self, &request.scaling_group_id, request.region_id.as_ref())?;
        // Sets, not lists: a big group is checked in one pass.
        let present: HashSet<&InstanceId> =
            group.instances.iter().map(|x| &x.instance_id).collect();
        let mut seen: HashSet<&InstanceId> = HashSet::with_capacity(request.instance_ids.len());
        let (mut removed, mut ignored) = (Vec::new(), Vec::new());
        for id in request.instance_ids.iter().filter(|id| seen.insert(id)) {
            if present.contains(id) {
                removed.push(id.clone());
            } else if request.ignores_invalid_instances() {
                ignored.push(id.clone());
            } else {
                return Err(ApiError::new(ErrorCode::InvalidInstanceIdNotFound, id.as_str()));
            }
        }
        drop(present);
        let gone: HashSet<&InstanceId> = removed.iter().collect();
        let leaving = group
            .instances
            .iter()
            .filter(|x| gone.contains(&x.instance_id))
            .filter(|x| {
                !matches!(
                    x.lifecycle_state,
                    crate::InstanceState::Removing | crate::InstanceState::RemovingWait
                )
            })
            .count();
        let after = group.capacity().saturating_sub(leaving);
        if group.min_size.is_some_and(|min| after < min as usize) {
            return Err(ApiError::new(ErrorCode::IncorrectCapacityMinSize, ""));
        }
        group.instances.retain(|x| !gone.contains(&x.instance_id));
        if request.decreases_desired_capacity()
            && let Some(desired) = &mut group.desired_capacity
        {
            let count = u32::try_from(removed.len()).unwrap_or(u32::MAX);
            *desired = desired.saturating_sub(count);
        }
        drop(gone);
        if let (Some(client_token), Some(request)) = (request.client_token.clone(), fingerprint) {
            let scaling_activity_id = activity.clone();
            self.remember(TokenRecord { client_token, request, scaling_activity_id });
        }
        Ok(Removal { scaling_activity_id: activity, removed, ignored, repeated: false })
    }
}

/// A request's own parameters, canonically encoded (the version and the
/// common parameters left out: the same removal sent by another client is
/// the same request).
fn fingerprint(request: &RemoveInstances) -> String {
    Request::new(request.clone()).to_query()
}
