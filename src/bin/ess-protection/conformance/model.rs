//! The reference model against the page's statements: what a protected
//! instance does under a scale-in of every trigger, under the page's state
//! errors, and beside the other way out of scale-ins, standby.

use ess_protection::model::{GroupState, InstanceState, Sequential, State};
use ess_protection::{
    ActivityStatus, AnyOperation, ApiError, ApiVersion, DescribeScalingGroups,
    DescribeScalingInstances, ErrorCode, InstanceId, ModifyScalingGroup, OneOrMany,
    RemoveInstances, Request, ScaleWithAdjustment, ScalingGroupId, SetInstancesProtection,
};

use super::{Checks, REQUEST_ID};

/// The page's group with its two sample instances, in service.
const STATE: &str = r#"{"ScalingGroups": [{"ScalingGroupId": "AG6CQdPU8OKdwLjgZcJ2eaQ",
  "RegionId": "cn-hangzhou", "LifecycleState": "Active", "Instances": [
  {"InstanceId": "i-28wt48iaa", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"},
  {"InstanceId": "i-28wt48ibb", "LifecycleState": "InService", "CreationTime": "2024-01-02T00:00:00Z"}]}]}"#;

/// The model's time and ids: fixed, for a report that is the same every run.
fn env() -> Option<Sequential> {
    "2026-01-01T00:00:00Z".parse().ok().map(Sequential::new)
}

/// The sample request (as it meant), protecting or not.
fn sample(protect: bool) -> Option<SetInstancesProtection> {
    format!(
        "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ\
         &InstanceId.1=i-28wt48iaa&ProtectedFromScaleIn={protect}"
    )
    .parse::<Request<SetInstancesProtection>>()
    .ok()
    .map(|r| r.operation)
}

/// A `RemoveInstances` of instances of the page's group.
fn removal(ids: &[&InstanceId]) -> Option<RemoveInstances> {
    let keys: String =
        ids.iter().enumerate().map(|(i, id)| format!("&InstanceId.{}={id}", i + 1)).collect();
    format!(
        "Action=RemoveInstances&Version=2014-08-28&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ{keys}"
    )
    .parse::<Request<RemoveInstances>>()
    .ok()
    .map(|r| r.operation)
}

/// The page's Description and state errors, checked against the model.
pub(super) fn behaviour(c: &mut Checks) {
    c.section("Behaviour (the page's Description), against the reference model");
    let (Ok(mut state), Some(protect), Some(lift), Ok(group), Ok(a), Ok(b), Ok(region)) = (
        STATE.parse::<State>(),
        sample(true),
        sample(false),
        "AG6CQdPU8OKdwLjgZcJ2eaQ".parse(),
        "i-28wt48iaa".parse::<InstanceId>(),
        "i-28wt48ibb".parse::<InstanceId>(),
        "cn-hangzhou".parse(),
    ) else {
        return c.check(false, "the model's sample state");
    };
    let state_of =
        |s: &State, id| s.group(&group).and_then(|g| g.instance(id)).map(|i| i.lifecycle_state);

    let Some(mut env) = env() else {
        return c.check(false, "the model's clock");
    };
    let applied = state.set_instances_protection(&protect);
    let scaled = state.scale_in(&group, 2, &mut env);
    c.check(
        applied.is_ok()
            && state_of(&state, &a) == Some(InstanceState::Protected)
            && scaled.as_ref().is_ok_and(|s| s.removed == [b.clone()] && s.shortfall() == 1),
        "a protected instance stays in the protected state; a scale-in of 2 removes only the other",
    );
    c.note("(a monitoring task's scale-in: the API's own triggers follow)");
    let mut lifted = state.clone();
    c.check(
        lifted.set_instances_protection(&lift).is_ok()
            && state_of(&lifted, &a) == Some(InstanceState::InService),
        "until the protection is lifted: it is back in service",
    );
    c.check(
        state.report_stopped(&group, &a) == Ok(false),
        "stopped or restarted, its health status is not updated",
    );
    let mut protected = DescribeScalingInstances::new(region);
    protected.lifecycle_state = Some(OneOrMany::One(InstanceState::Protected));
    let listed = state.describe_scaling_instances(&protected).map(|p| p.total_count);
    c.check(
        listed == Ok(1),
        "DescribeScalingInstances with LifecycleState=Protected reads it back",
    );
    let removed = removal(&[&a]).map(|r| state.remove_instances(&r, &mut env));
    c.check(
        removed.is_some_and(|r| r.is_ok_and(|r| r.removed == [a.clone()]))
            && state.instance_count() == 0,
        "only a manual removal (RemoveInstances) removes it",
    );

    c.section("State errors of the page, against the reference model");
    let (Ok(mut fresh), Ok(missing)) =
        (STATE.parse::<State>(), "i-28wt48icc".parse::<InstanceId>())
    else {
        return c.check(false, "the model's sample state");
    };
    let before = fresh.clone();
    let error =
        |result: Result<_, ApiError>| result.err().map(|e| (e.http_status(), e.code, e.message));
    let mut request = protect.clone();
    request.instance_ids = vec![a.clone(), missing].try_into().unwrap_or(request.instance_ids);
    c.check(
        error(fresh.set_instances_protection(&request))
            == Some((
                Some(404),
                ErrorCode::InvalidInstanceIdNotFound,
                "Instance \u{201c}i-28wt48icc\u{201d} does not exist.".into(),
            ))
            && fresh == before,
        "404 InvalidInstanceId.NotFound names the instance, and nothing changes",
    );
    let mut other = protect.clone();
    other.scaling_group_id = "asg-none".parse().unwrap_or(other.scaling_group_id);
    c.check(
        error(fresh.set_instances_protection(&other))
            .is_some_and(|e| e.1 == ErrorCode::InvalidScalingGroupIdNotFound && e.0 == Some(404)),
        "404 InvalidScalingGroupId.NotFound for a group that does not exist",
    );
    let disabled = STATE.replace("\"Active\"", &format!("\"{}\"", GroupState::Inactive));
    let result = disabled.parse::<State>().map(|mut s| s.set_instances_protection(&protect));
    c.check(
        matches!(result, Ok(Err(ref e)) if e.code == ErrorCode::IncorrectScalingGroupStatus && e.http_status() == Some(400)),
        "400 IncorrectScalingGroupStatus for a group that is not enabled",
    );
}

/// The page's sentence — "the changes in the number of instances in a
/// scaling group and scale-in activities triggered by monitoring tasks will
/// not remove protected ECS instances" — through the API's own triggers.
pub(super) fn triggers(c: &mut Checks) {
    c.section("Changes in the number of instances (ModifyScalingGroup, ScaleWithAdjustment)");
    let (Ok(mut state), Some(protect), Some(mut env), Ok(group), Ok(a), Ok(region), Ok(id)) = (
        STATE.parse::<State>(),
        sample(true),
        env(),
        "AG6CQdPU8OKdwLjgZcJ2eaQ".parse::<ScalingGroupId>(),
        "i-28wt48iaa".parse::<InstanceId>(),
        "cn-hangzhou".parse(),
        REQUEST_ID.parse(),
    ) else {
        return c.check(false, "the model's sample state");
    };
    let protected = state.set_instances_protection(&protect).is_ok();
    let start = state.clone();
    let ids = |s: &State| -> Vec<InstanceId> {
        s.group(&group)
            .map(|g| g.instances.iter().map(|i| i.instance_id.clone()).collect())
            .unwrap_or_default()
    };
    let last_status = |s: &State| {
        s.group(&group).and_then(|g| g.scaling_activities.last()).map(|a| a.status_code)
    };
    let modify =
        "Action=ModifyScalingGroup&Version=2014-08-28&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ\
                  &MinSize=0&MaxSize=5&DesiredCapacity=0"
            .parse::<Request<ModifyScalingGroup>>();
    let modified = modify.map(|m| state.modify_scaling_group(&m.operation, &mut env).is_ok());
    c.check(
        protected
            && modified == Ok(true)
            && ids(&state) == [a.clone()]
            && last_status(&state) == Some(ActivityStatus::Warning),
        "ModifyScalingGroup DesiredCapacity=0 removes only the unprotected instance (activity Warning)",
    );
    let mut adjusted = start.clone();
    let scale =
        "Action=ScaleWithAdjustment&Version=2022-02-22&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ\
                 &AdjustmentType=QuantityChangeInCapacity&AdjustmentValue=-2"
            .parse::<Request<ScaleWithAdjustment>>();
    let scaled = scale.map(|s| adjusted.scale_with_adjustment(&s.operation, &mut env).is_ok());
    c.check(
        scaled == Ok(true)
            && ids(&adjusted) == [a.clone()]
            && last_status(&adjusted) == Some(ActivityStatus::Warning),
        "ScaleWithAdjustment by -2 removes only the unprotected instance (activity Warning)",
    );
    let describe = DescribeScalingGroups::new(region);
    let counters = adjusted
        .describe_scaling_groups(&describe, id, ApiVersion::V2014_08_28)
        .scaling_groups
        .first()
        .map(|g| (g.total_capacity, g.protected_capacity));
    c.check(
        counters == Some((Some(1), Some(1))),
        "DescribeScalingGroups then reads TotalCapacity 1, ProtectedCapacity 1",
    );
}

/// The page's first error reached through the API (a group disabled by
/// `DisableScalingGroup`), and standby, the other way out of scale-ins.
pub(super) fn states(c: &mut Checks) {
    c.section("Group and instance states (DisableScalingGroup, EnterStandby)");
    let (Ok(mut state), Some(protect), Some(mut env)) =
        (STATE.parse::<State>(), sample(true), env())
    else {
        return c.check(false, "the model's sample state");
    };
    let mut run = |state: &mut State, query: &str| {
        let request: Request<AnyOperation> = query.parse().map_err(|_| None)?;
        let id = REQUEST_ID.parse().map_err(|_| None)?;
        state.answer(&request, id, &mut env).map_err(|e| Some(e.code))
    };
    let group = "ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ";
    let disabled =
        run(&mut state, &format!("Action=DisableScalingGroup&Version=2014-08-28&{group}"));
    let refused = state.set_instances_protection(&protect).map_err(|e| e.code);
    c.check(
        disabled.is_ok() && refused == Err(ErrorCode::IncorrectScalingGroupStatus),
        "400 IncorrectScalingGroupStatus for a group disabled by DisableScalingGroup",
    );
    let enabled = run(
        &mut state,
        &format!("Action=EnableScalingGroup&Version=2014-08-28&{group}&LaunchTemplateId=lt-1"),
    );
    let standby = run(
        &mut state,
        &format!("Action=EnterStandby&Version=2014-08-28&{group}&InstanceId.1=i-28wt48ibb"),
    );
    let protected = state.set_instances_protection(&protect).is_ok();
    let shrunk = run(
        &mut state,
        &format!(
            "Action=ScaleWithAdjustment&Version=2014-08-28&{group}&AdjustmentType=TotalCapacity&AdjustmentValue=0"
        ),
    );
    let left: Vec<(String, InstanceState)> = state
        .groups()
        .first()
        .map(|g| {
            g.instances.iter().map(|i| (i.instance_id.to_string(), i.lifecycle_state)).collect()
        })
        .unwrap_or_default();
    c.check(
        enabled.is_ok()
            && standby.is_ok()
            && protected
            && shrunk.is_ok()
            && left
                == [
                    ("i-28wt48iaa".to_owned(), InstanceState::Protected),
                    ("i-28wt48ibb".to_owned(), InstanceState::Standby),
                ],
        "enabled again, one instance protected and one in standby: a scale-in to 0 removes neither",
    );
    let stopped = "i-28wt48ibb".parse().ok().zip("AG6CQdPU8OKdwLjgZcJ2eaQ".parse().ok());
    c.check(
        stopped.is_some_and(|(i, g)| state.report_stopped(&g, &i) == Ok(false)),
        "a standby instance stopped or restarted: its health status is not updated",
    );
}
