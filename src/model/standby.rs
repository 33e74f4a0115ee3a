//! `EnterStandby` and `ExitStandby` against the state: an instance on
//! standby stays in its group and its total capacity, takes no scale-in and
//! no health update, and leaves only by `RemoveInstances`.

use crate::catalog::{ApiError, ErrorCode};
use crate::id::{InstanceId, ScalingActivityId};
use crate::model::activity::{Activity, Trigger};
use crate::model::answer::{Answer, Context, Handle};
use crate::model::apply::{active_group, all_in};
use crate::model::env::Environment;
use crate::model::remove::fingerprint;
use crate::model::state::{InstanceState, State, TokenRecord};
use crate::operation::standby::Parts;
use crate::operation::{EnterStandby, EnterStandbyResponse, ExitStandby, ExitStandbyResponse};

/// What a standby request did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Standby {
    /// Its activity: the one recorded, or, for a request repeated under its
    /// `ClientToken`, the first one's.
    pub scaling_activity_id: ScalingActivityId,
    /// The instances that moved, in the order given, each once (those
    /// already where they were asked to go did not).
    pub moved: Vec<InstanceId>,
    /// Whether this was a request repeated under its `ClientToken`.
    pub repeated: bool,
}

/// Which way a standby request goes: the state it takes instances from,
/// and the state it puts them in.
const fn way(trigger: Trigger) -> (InstanceState, InstanceState) {
    match trigger {
        Trigger::ExitStandby => (InstanceState::Standby, InstanceState::InService),
        _ => (InstanceState::InService, InstanceState::Standby),
    }
}

impl State {
    /// Applies an `EnterStandby` request, all or nothing, in this order:
    ///
    /// 1. a `ClientToken` the state remembers: the same request answers the
    ///    first one's activity; another is `InvalidParameter` naming it;
    /// 2. the group exists (in the request's `RegionId`): else
    ///    `InvalidScalingGroupId.NotFound` (404);
    /// 3. it is `Active`: else `IncorrectScalingGroupStatus` (400);
    /// 4. no activity of it is in progress: else `ScalingActivityInProgress`;
    /// 5. every instance is in it: else `InvalidInstanceId.NotFound` (404);
    /// 6. every instance is `InService` or already `Standby`: else
    ///    `IncorrectInstanceStatus` (400) naming the first — a `Protected`
    ///    one too (this crate's decision: standby would lift its protection
    ///    silently; lift it first).
    ///
    /// Then each `InService` instance is `Standby`, one activity; the
    /// group's `DesiredCapacity` does not change.
    ///
    /// ```
    /// use ess_protection::model::{Sequential, State};
    /// use ess_protection::{EnterStandby, InstanceState, Request};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let standby: Request<EnterStandby> = "Action=EnterStandby&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&InstanceId.1=i-1".parse()?;
    /// let mut env = Sequential::new("2026-01-01T00:00:00Z".parse()?);
    /// state.enter_standby(&standby.operation, &mut env)?;
    /// assert_eq!(state.groups()[0].instances[0].lifecycle_state, InstanceState::Standby);
    /// // No scale-in takes it.
    /// assert!(state.scale_in(&"asg-1".parse()?, 1, &mut env)?.removed.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As listed above; nothing changes then.
    pub fn enter_standby(
        &mut self,
        request: &EnterStandby,
        env: &mut dyn Environment,
    ) -> Result<Standby, ApiError> {
        self.standby(Trigger::EnterStandby, request.parts(), fingerprint(request), env)
    }

    /// Applies an `ExitStandby` request: as [`State::enter_standby`], the
    /// other way — each `Standby` instance back `InService` (and within
    /// reach of scale-ins again); an instance already `InService` is left,
    /// one in any other state is `IncorrectInstanceStatus`.
    ///
    /// # Errors
    ///
    /// As for `EnterStandby`; nothing changes then.
    pub fn exit_standby(
        &mut self,
        request: &ExitStandby,
        env: &mut dyn Environment,
    ) -> Result<Standby, ApiError> {
        self.standby(Trigger::ExitStandby, request.parts(), fingerprint(request), env)
    }

    fn standby(
        &mut self,
        trigger: Trigger,
        request: Parts<'_>,
        fingerprint: String,
        env: &mut dyn Environment,
    ) -> Result<Standby, ApiError> {
        let (from, to) = way(trigger);
        if let Some(token) = request.token
            && let Some(record) = self.token(token)
        {
            if record.request != fingerprint {
                return Err(ApiError::new(ErrorCode::InvalidParameter, "ClientToken"));
            }
            let scaling_activity_id = record.scaling_activity_id.clone();
            return Ok(Standby { scaling_activity_id, moved: Vec::new(), repeated: true });
        }
        let group = active_group(self, request.group, request.region)?;
        group.no_activity_in_progress()?;
        all_in(group, request.ids.as_slice())?;
        let mut moved: Vec<InstanceId> = Vec::new();
        for id in request.ids.iter() {
            let state = group.instance(id).map(|i| i.lifecycle_state);
            match state {
                Some(s) if s == from => {
                    if !moved.contains(id) {
                        moved.push(id.clone());
                    }
                }
                Some(s) if s == to => {}
                _ => return Err(ApiError::new(ErrorCode::IncorrectInstanceStatus, id.as_str())),
            }
        }
        for instance in group.instances.iter_mut().filter(|i| moved.contains(&i.instance_id)) {
            instance.lifecycle_state = to;
        }
        let scaling_activity_id = env.activity_id();
        let activity = Activity::standby(
            scaling_activity_id.clone(),
            trigger,
            env.now(),
            group.capacity(),
            moved.len(),
        );
        group.record(activity);
        if let Some(client_token) = request.token.cloned() {
            let record = TokenRecord {
                client_token,
                request: fingerprint,
                scaling_activity_id: scaling_activity_id.clone(),
            };
            self.remember(record);
        }
        Ok(Standby { scaling_activity_id, moved, repeated: false })
    }
}

impl Handle for EnterStandby {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        let done = state.enter_standby(self, context.env)?;
        let body = EnterStandbyResponse::new(Some(done.scaling_activity_id), context.request_id);
        Ok(Answer { body: body.into(), changed: !done.repeated })
    }
}

impl Handle for ExitStandby {
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError> {
        let done = state.exit_standby(self, context.env)?;
        let body = ExitStandbyResponse::new(Some(done.scaling_activity_id), context.request_id);
        Ok(Answer { body: body.into(), changed: !done.repeated })
    }
}
