//! `RemoveInstances` against the state: the only way a protected instance
//! leaves its group. All or nothing, idempotent under a `ClientToken`.

use std::collections::HashSet;

use crate::catalog::{ApiError, ErrorCode};
use crate::id::{InstanceId, ScalingActivityId};
use crate::model::activity::{Activity, Trigger};
use crate::model::answer::{Answer, Context, Handle};
use crate::model::apply::active_group;
use crate::model::env::Environment;
use crate::model::state::{State, TokenRecord};
use crate::operation::{Operation, RemoveInstances, RemoveInstancesResponse};
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
    /// Whether the state changed: every removal but a repeated one records
    /// its activity (even one that removed nothing, all its instances
    /// skipped: its id leads somewhere).
    pub fn changed(&self) -> bool {
        !self.repeated
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
    /// 4. no activity of the group is in progress: else
    ///    `ScalingActivityInProgress` (400);
    /// 5. every instance is in the group: else `InvalidInstanceId.NotFound`
    ///    (404) naming the first that is not, unless `IgnoreInvalidInstance`
    ///    skips those;
    /// 6. the group keeps at least `MinSize` instances ([`capacity`]):
    ///    else `IncorrectCapacity.MinSize` (400).
    ///
    /// Then the instances leave the group, `Protected` or not, and
    /// `DesiredCapacity`, when the group has one, falls by the number removed
    /// (not below `MinSize`) unless `DecreaseDesiredCapacity` is `false`.
    /// The removal is a scaling activity, recorded in the group, whose id and
    /// time come from `env`: the model reads no clock and no random source.
    ///
    /// [`capacity`]: crate::model::ScalingGroup::capacity
    ///
    /// ```
    /// use ess_protection::model::{Sequential, State};
    /// use ess_protection::{ErrorCode, RemoveInstances, Request};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "MinSize": 1, "DesiredCapacity": 2, "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "Protected", "CreationTime": "2024-01-01T00:00:00Z"},
    ///     {"InstanceId": "i-2", "LifecycleState": "InService", "CreationTime": "2024-01-02T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let both: Request<RemoveInstances> = "Action=RemoveInstances&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&InstanceId.1=i-1&InstanceId.2=i-2".parse()?;
    /// let mut env = Sequential::new("2026-01-01T00:00:00Z".parse()?);
    /// let error = state.remove_instances(&both.operation, &mut env).unwrap_err();
    /// assert_eq!(error.code, ErrorCode::IncorrectCapacityMinSize);
    ///
    /// // The protected one alone may go.
    /// let one: Request<RemoveInstances> = "Action=RemoveInstances&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&InstanceId.1=i-1".parse()?;
    /// let removal = state.remove_instances(&one.operation, &mut env)?;
    /// assert_eq!(removal.removed, ["i-1".parse()?]);
    /// assert_eq!(state.groups()[0].desired_capacity, Some(1));
    ///
    /// // The removal is an activity of the group.
    /// let activity = &state.groups()[0].scaling_activities[0];
    /// assert_eq!(activity.scaling_activity_id, removal.scaling_activity_id);
    /// assert_eq!(activity.description, "Remove \"1\" ECS instance");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As listed above; nothing changes then.
    pub fn remove_instances(
        &mut self,
        request: &RemoveInstances,
        env: &mut dyn Environment,
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
        group.no_activity_in_progress()?;
        let (removed, absent) = group.sort_out(request.instance_ids.as_slice());
        let ignored = match absent.first() {
            Some(_) if request.ignores_invalid_instances() => absent,
            Some(missing) => {
                return Err(ApiError::new(ErrorCode::InvalidInstanceIdNotFound, missing.as_str()));
            }
            None => Vec::new(),
        };
        let gone: HashSet<&InstanceId> = removed.iter().collect();
        if group.min_size.is_some_and(|min| group.capacity_without(&gone) < min as usize) {
            return Err(ApiError::new(ErrorCode::IncorrectCapacityMinSize, ""));
        }
        let from = group.capacity();
        group.release(&gone, request.decreases_desired_capacity());
        let after = group.capacity();
        let scaling_activity_id = env.activity_id();
        let activity = Activity::finished(
            scaling_activity_id.clone(),
            Trigger::Removal,
            env.now(),
            (from, after, after),
            Vec::new(),
            removed.clone(),
        );
        group.record(activity);
        if let (Some(client_token), Some(request)) = (request.client_token.clone(), fingerprint) {
            let scaling_activity_id = scaling_activity_id.clone();
            self.remember(TokenRecord { client_token, request, scaling_activity_id });
        }
        Ok(Removal { scaling_activity_id, removed, ignored, repeated: false })
    }
}

/// A request's action and own parameters, canonically encoded (the version
/// and the common parameters left out: the same request sent by another
/// client is the same request).
pub(crate) fn fingerprint<O: Operation + Clone>(request: &O) -> String {
    Request::new(request.clone()).to_query()
}

impl Handle for RemoveInstances {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        let removal = state.remove_instances(self, context.env)?;
        let changed = removal.changed();
        let body = RemoveInstancesResponse::new(removal.scaling_activity_id, context.request_id);
        Ok(Answer { body: body.into(), changed })
    }
}
