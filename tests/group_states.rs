//! Enabling and disabling a group, and putting instances on standby,
//! against the model: each check, each decision, with exact values.

mod common;

use common::model::{answer, code, env};
use ess_protection::model::{GroupState, Sequential, State};
use ess_protection::{ActivityStatus, CreationType, ErrorCode, Format, InstanceState};

/// `asg-1` active (MinSize 1, MaxSize 5, DesiredCapacity 3: `i-1` in
/// service, `i-2` protected, `i-3` in service), `asg-2` inactive
/// (`i-9`, MinSize 2, configuration `asc-2`), `asg-3` inactive without a
/// configuration.
fn state() -> State {
    r#"{"ScalingGroups": [
      {"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou", "LifecycleState": "Active",
       "MinSize": 1, "MaxSize": 5, "DesiredCapacity": 3, "ActiveScalingConfigurationId": "asc-1", "Instances": [
        {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"},
        {"InstanceId": "i-2", "LifecycleState": "Protected", "CreationTime": "2024-01-02T00:00:00Z"},
        {"InstanceId": "i-3", "LifecycleState": "InService", "CreationTime": "2024-01-03T00:00:00Z"}]},
      {"ScalingGroupId": "asg-2", "RegionId": "cn-hangzhou", "LifecycleState": "Inactive",
       "MinSize": 2, "MaxSize": 4, "ActiveScalingConfigurationId": "asc-2", "ScalingConfigurationIds": ["asc-2", "asc-3"],
       "Instances": [{"InstanceId": "i-9", "LifecycleState": "InService", "CreationTime": "2024-01-09T00:00:00Z"}]},
      {"ScalingGroupId": "asg-3", "RegionId": "cn-hangzhou", "LifecycleState": "Inactive", "Instances": []}]}"#
        .parse()
        .unwrap()
}

fn states(state: &State, group: usize) -> Vec<(String, InstanceState)> {
    let instances = &state.groups()[group].instances;
    instances.iter().map(|i| (i.instance_id.to_string(), i.lifecycle_state)).collect()
}

#[test]
fn disable_then_enable_and_the_pages_first_error_between() {
    let mut state = state();
    let mut env = env();
    let disable = "Action=DisableScalingGroup&ScalingGroupId=asg-1";
    let done = answer(&mut state, &mut env, disable).unwrap();
    assert_eq!(done.body.render(Format::Json).body, r#"{"RequestId":"R1"}"#);
    assert_eq!(state.groups()[0].lifecycle_state, GroupState::Inactive);
    assert_eq!(state.groups()[0].instances.len(), 3, "its instances stay");
    // Disabled: the page's first error, for a protection change and the rest.
    let status = (
        ErrorCode::IncorrectScalingGroupStatus,
        "The current status of the specified scaling group does not support this action."
            .to_owned(),
    );
    for query in [
        "Action=SetInstancesProtection&ScalingGroupId=asg-1&InstanceId.1=i-1&ProtectedFromScaleIn=true",
        "Action=RemoveInstances&ScalingGroupId=asg-1&InstanceId.1=i-1",
        "Action=ScaleWithAdjustment&ScalingGroupId=asg-1&AdjustmentType=TotalCapacity&AdjustmentValue=1",
        "Action=EnterStandby&ScalingGroupId=asg-1&InstanceId.1=i-1",
        disable,
    ] {
        assert_eq!(code(answer(&mut state, &mut env, query)), status, "{query}");
    }
    // Enabled again; enabling twice is the same error.
    answer(&mut state, &mut env, "Action=EnableScalingGroup&ScalingGroupId=asg-1").unwrap();
    assert_eq!(state.groups()[0].lifecycle_state, GroupState::Active);
    let again = "Action=EnableScalingGroup&ScalingGroupId=asg-1";
    assert_eq!(code(answer(&mut state, &mut env, again)), status);
}

#[test]
fn enable_checks_in_order_and_changes_nothing_when_it_refuses() {
    let mut state = state();
    let before = state.clone();
    let mut env = env();
    for (query, expected) in [
        ("&ScalingGroupId=asg-404", ErrorCode::InvalidScalingGroupIdNotFound),
        ("&ScalingGroupId=asg-1", ErrorCode::IncorrectScalingGroupStatus),
        (
            "&ScalingGroupId=asg-2&ActiveScalingConfigurationId=asc-9",
            ErrorCode::InvalidScalingConfigurationIdNotFound,
        ),
        ("&ScalingGroupId=asg-3", ErrorCode::MissingActiveScalingConfiguration),
        (
            "&ScalingGroupId=asg-2&InstanceId.1=i-new&InstanceId.2=i-1",
            ErrorCode::InvalidInstanceIdInUse,
        ),
        (
            "&ScalingGroupId=asg-2&InstanceId.1=a&InstanceId.2=b&InstanceId.3=c&InstanceId.4=d",
            ErrorCode::IncorrectCapacityMaxSize,
        ),
    ] {
        let query = format!("Action=EnableScalingGroup{query}");
        assert_eq!(code(answer(&mut state, &mut env, &query)).0, expected, "{query}");
    }
    let in_use = "Action=EnableScalingGroup&ScalingGroupId=asg-2&InstanceId.1=i-1";
    assert_eq!(
        code(answer(&mut state, &mut env, in_use)).1,
        "Instance \u{201c}i-1\u{201d} is already attached to another scaling group."
    );
    assert_eq!(
        code(answer(&mut state, &mut env, "Action=EnableScalingGroup&ScalingGroupId=asg-2&InstanceId.1=a&InstanceId.2=b&InstanceId.3=c&InstanceId.4=d")).1,
        "To attach the instances, the total capacity will be greater than the max size."
    );
    assert_eq!(state, before, "a refusal changes nothing");
    // A launch template is a configuration too.
    assert!(
        answer(
            &mut state,
            &mut env,
            "Action=EnableScalingGroup&ScalingGroupId=asg-3&LaunchTemplateId=lt-1"
        )
        .is_ok()
    );
}

#[test]
fn enable_attaches_then_grows_to_min_size() {
    let mut state = state();
    let mut env = env();
    let query = "Action=EnableScalingGroup&Version=2022-02-22&ScalingGroupId=asg-2\
                 &ActiveScalingConfigurationId=asc-3&InstanceIds.1=i-new&InstanceIds.2=i-new&LoadBalancerWeights.1=7";
    answer(&mut state, &mut env, query).unwrap();
    let group = &state.groups()[1];
    assert_eq!(group.lifecycle_state, GroupState::Active);
    assert_eq!(group.active_scaling_configuration_id.as_deref(), Some("asc-3"));
    // i-9, then i-new attached (once), then nothing to create: MinSize 2 is met.
    assert_eq!(
        states(&state, 1),
        [("i-9".into(), InstanceState::InService), ("i-new".into(), InstanceState::InService)]
    );
    let attached = &state.groups()[1].instances[1];
    assert_eq!(
        (attached.creation_type, attached.load_balancer_weight),
        (Some(CreationType::Attached), Some(7))
    );
    let activity = &state.groups()[1].scaling_activities[0];
    assert_eq!(activity.description, "Attach \"1\" ECS instance");
    assert_eq!(
        activity.cause,
        "A user attaches ECS instances to the scaling group, changing the Total Capacity from \"1\" to \"2\"."
    );
    assert_eq!(activity.status_code, ActivityStatus::Successful);
    // Below MinSize, the group grows: one activity attaching none, one creating.
    let mut bare: State =
        self::state().to_string().replace("\"MinSize\": 2", "\"MinSize\": 3").parse().unwrap();
    answer(&mut bare, &mut env, "Action=EnableScalingGroup&ScalingGroupId=asg-2").unwrap();
    let group = &bare.groups()[1];
    assert_eq!(group.instances.len(), 3);
    assert_eq!(group.instances[2].scaling_configuration_id.as_deref(), Some("asc-2"));
    assert_eq!(group.scaling_activities.len(), 1);
    assert!(group.scaling_activities[0].cause.starts_with("A user enables the scaling group"));
    // A group keeping a desired capacity counts the attached in it.
    let mut kept: State = self::state()
        .to_string()
        .replace("\"MinSize\": 2,", "\"MinSize\": 2, \"DesiredCapacity\": 2,")
        .parse()
        .unwrap();
    answer(&mut kept, &mut env, "Action=EnableScalingGroup&ScalingGroupId=asg-2&InstanceId.1=i-x")
        .unwrap();
    assert_eq!((kept.groups()[1].desired_capacity, kept.groups()[1].instances.len()), (Some(3), 3));
}

#[test]
fn standby_spares_instances_from_every_scale_in_until_they_exit() {
    let mut state = state();
    let mut env = env();
    let enter = "Action=EnterStandby&ScalingGroupId=asg-1&InstanceId.1=i-3&ClientToken=t-1";
    let done = answer(&mut state, &mut env, enter).unwrap();
    assert_eq!(
        done.body.render(Format::Json).body,
        r#"{"ScalingActivityId":"asa-00000000000000000001","RequestId":"R1"}"#
    );
    assert_eq!(states(&state, 0)[2], ("i-3".into(), InstanceState::Standby));
    let group = &state.groups()[0];
    let counters = group.capacities();
    assert_eq!(
        (counters.total_capacity, counters.active, counters.standby, counters.protected),
        (3, 1, 1, 1)
    );
    assert_eq!(group.desired_capacity, Some(3), "DesiredCapacity does not change");
    let activity = &group.scaling_activities[0];
    assert_eq!(
        (activity.description.as_str(), activity.scaling_instance_number),
        ("Enter standby \"1\" ECS instance", 1)
    );
    assert_eq!(activity.cause, "A user requests to put ECS instances into standby.");
    // The same request under its token: the same activity, nothing more.
    let after = state.clone();
    let again = answer(&mut state, &mut env, enter).unwrap();
    assert!(!again.changed);
    assert_eq!(again.body, done.body);
    assert_eq!(state, after);
    // No scale-in of any trigger takes i-3 (nor i-2, protected): only i-1 may go.
    let shrink = "Action=ModifyScalingGroup&ScalingGroupId=asg-1&MinSize=0&DesiredCapacity=0";
    answer(&mut state, &mut env, shrink).unwrap();
    assert_eq!(
        states(&state, 0),
        [("i-2".into(), InstanceState::Protected), ("i-3".into(), InstanceState::Standby)]
    );
    assert_eq!(state.scale_in(&"asg-1".parse().unwrap(), 5, &mut env).unwrap().removed, []);
    // Its health is not updated.
    assert_eq!(state.report_stopped(&"asg-1".parse().unwrap(), &"i-3".parse().unwrap()), Ok(false));
    // Out of standby, it is within reach again.
    answer(&mut state, &mut env, "Action=ExitStandby&ScalingGroupId=asg-1&InstanceId.1=i-3")
        .unwrap();
    assert_eq!(states(&state, 0)[1], ("i-3".into(), InstanceState::InService));
    assert_eq!(
        state.scale_in(&"asg-1".parse().unwrap(), 5, &mut env).unwrap().removed,
        ["i-3".parse().unwrap()]
    );
}

#[test]
fn standby_checks_each_instances_state() {
    let mut state = state();
    let before = state.clone();
    let mut env = env();
    let refused =
        |state: &mut State, env: &mut Sequential, query: &str| code(answer(state, env, query));
    // A protected instance: lift the protection first (this crate's decision).
    assert_eq!(
        refused(
            &mut state,
            &mut env,
            "Action=EnterStandby&ScalingGroupId=asg-1&InstanceId.1=i-1&InstanceId.2=i-2"
        ),
        (
            ErrorCode::IncorrectInstanceStatus,
            "The current status of instance \u{201c}i-2\u{201d} does not support this action."
                .into()
        )
    );
    assert_eq!(
        refused(
            &mut state,
            &mut env,
            "Action=EnterStandby&ScalingGroupId=asg-1&InstanceId.1=i-404"
        )
        .0,
        ErrorCode::InvalidInstanceIdNotFound
    );
    assert_eq!(
        refused(&mut state, &mut env, "Action=ExitStandby&ScalingGroupId=asg-1&InstanceId.1=i-2").0,
        ErrorCode::IncorrectInstanceStatus
    );
    assert_eq!(state, before);
    // Already where asked: no error, no move (an activity still records the request).
    let done =
        answer(&mut state, &mut env, "Action=ExitStandby&ScalingGroupId=asg-1&InstanceId.1=i-1")
            .unwrap();
    assert!(done.changed);
    assert_eq!(state.groups()[0].scaling_activities[0].scaling_instance_number, 0);
    assert_eq!(states(&state, 0), states(&before, 0));
}
