//! A parsed `SetInstancesProtection` request applied to the state.

use crate::catalog::{ApiError, ErrorCode};
use crate::id::{InstanceId, RegionId, ScalingGroupId};
use crate::model::answer::{Answer, Context, Handle};
use crate::model::state::{GroupState, InstanceState, ScalingGroup, State};
use crate::operation::SetInstancesProtection;
use crate::operation::SetInstancesProtectionResponse;

/// What a request changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Applied {
    /// The instances whose state changed (`InService` to `Protected`, or
    /// back), in the request's order.
    pub changed: Vec<InstanceId>,
    /// The instances already in the state asked for.
    pub already: Vec<InstanceId>,
    /// The instances in another state (`Pending`, `Standby`, `Removing`, …),
    /// left as they were, with that state.
    pub left: Vec<(InstanceId, InstanceState)>,
}

/// The group a request or operation names, if it is in `region` (when one
/// is given) and `Active`.
///
/// `InvalidScalingGroupId.NotFound` (404) when no group has the id, or it
/// is in another region; `IncorrectScalingGroupStatus` (400) when it is not
/// `Active`.
pub(crate) fn active_group<'s>(
    state: &'s mut State,
    id: &ScalingGroupId,
    region: Option<&RegionId>,
) -> Result<&'s mut ScalingGroup, ApiError> {
    let group = state
        .group_mut(id)
        .filter(|g| region.is_none_or(|r| *r == g.region_id))
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidScalingGroupIdNotFound, ""))?;
    if group.lifecycle_state != GroupState::Active {
        return Err(ApiError::new(ErrorCode::IncorrectScalingGroupStatus, ""));
    }
    Ok(group)
}

/// `InvalidInstanceId.NotFound` (404), naming the first of `ids` that is not
/// in the group.
pub(crate) fn all_in(group: &ScalingGroup, ids: &[InstanceId]) -> Result<(), ApiError> {
    match ids.iter().find(|id| group.instance(id).is_none()) {
        Some(missing) => Err(ApiError::new(ErrorCode::InvalidInstanceIdNotFound, missing.as_str())),
        None => Ok(()),
    }
}

impl State {
    /// Applies a `SetInstancesProtection` request, all or nothing: a request
    /// that fails changes nothing.
    ///
    /// The checks come in the order a service must make them: the group
    /// exists (in the request's `RegionId`, when it has one), the group is
    /// `Active`, every instance is in the group. Then protecting puts each
    /// `InService` instance in `Protected`, and lifting the protection puts
    /// each `Protected` instance back in `InService`; doing either twice is
    /// the same as once. An instance in another state is left as it is
    /// (and listed in [`Applied::left`]).
    ///
    /// ```
    /// use ess_protection::model::{InstanceState, State};
    /// use ess_protection::{ErrorCode, Request, SetInstancesProtection};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let protect: Request<SetInstancesProtection> = "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=asg-1\
    ///     &InstanceId.1=i-1&ProtectedFromScaleIn=true".parse()?;
    /// state.set_instances_protection(&protect.operation)?;
    /// assert_eq!(state.groups()[0].instances[0].lifecycle_state, InstanceState::Protected);
    ///
    /// let missing: Request<SetInstancesProtection> = "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=asg-1\
    ///     &InstanceId.1=i-9&ProtectedFromScaleIn=true".parse()?;
    /// let error = state.set_instances_protection(&missing.operation).unwrap_err();
    /// assert_eq!(error.code, ErrorCode::InvalidInstanceIdNotFound);
    /// assert_eq!(error.message, "Instance \u{201c}i-9\u{201d} does not exist.");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `InvalidScalingGroupId.NotFound` (404), `IncorrectScalingGroupStatus`
    /// (400) or `InvalidInstanceId.NotFound` (404, naming the instance), in
    /// that order.
    pub fn set_instances_protection(
        &mut self,
        request: &SetInstancesProtection,
    ) -> Result<Applied, ApiError> {
        let group = active_group(self, &request.scaling_group_id, request.region_id.as_ref())?;
        all_in(group, request.instance_ids.as_slice())?;
        let (from, to) = if request.protected_from_scale_in.get() {
            (InstanceState::InService, InstanceState::Protected)
        } else {
            (InstanceState::Protected, InstanceState::InService)
        };
        let mut applied = Applied::default();
        for id in request.instance_ids.iter() {
            let Some(instance) = group.instances.iter_mut().find(|i| i.instance_id == *id) else {
                continue;
            };
            // An id the request repeats counts once.
            let seen = applied.changed.contains(id)
                || applied.already.contains(id)
                || applied.left.iter().any(|(i, _)| i == id);
            match instance.lifecycle_state {
                _ if seen => {}
                state if state == from => {
                    instance.lifecycle_state = to;
                    applied.changed.push(id.clone());
                }
                state if state == to => applied.already.push(id.clone()),
                state => applied.left.push((id.clone(), state)),
            }
        }
        Ok(applied)
    }
}

impl Handle for SetInstancesProtection {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        let applied = state.set_instances_protection(self)?;
        let body = SetInstancesProtectionResponse::new(context.request_id).into();
        Ok(Answer { body, changed: !applied.changed.is_empty() })
    }
}
