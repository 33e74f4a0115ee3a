//! The reference semantics: each statement of the reference page's
//! Description and each state error of its table, against the model.

mod common;

use common::snapshots;
use ess_protection::model::{
    GroupState, HealthStatus, Instance, InstanceState, RemovalPolicy, ScalingGroup, Sequential,
    State,
};
use ess_protection::{
    ErrorBody, ErrorCode, Format, InstanceId, Request, ScalingGroupId, SetInstancesProtection,
};

/// The model's time and ids: fixed, so that every run is the same.
fn env() -> Sequential {
    Sequential::new("2026-01-01T00:00:00Z".parse().unwrap())
}

/// A group `asg-1` in `cn-hangzhou` with instances `i-1`… created a day
/// apart, in the given states.
fn state_of(group_state: &str, instances: &[&str]) -> State {
    let instances: Vec<String> = instances
        .iter()
        .enumerate()
        .map(|(n, s)| {
            format!(
                r#"{{"InstanceId":"i-{}","LifecycleState":"{s}","CreationTime":"2024-01-{:02}T00:00:00Z"}}"#,
                n + 1,
                n + 1
            )
        })
        .collect();
    format!(
        r#"{{"ScalingGroups":[{{"ScalingGroupId":"asg-1","RegionId":"cn-hangzhou","LifecycleState":"{group_state}","Instances":[{}]}}]}}"#,
        instances.join(",")
    )
    .parse()
    .unwrap()
}

fn request(ids: &[&str], protect: bool) -> SetInstancesProtection {
    let ids: String =
        ids.iter().enumerate().map(|(n, id)| format!("&InstanceId.{}={id}", n + 1)).collect();
    format!(
        "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=asg-1{ids}&ProtectedFromScaleIn={protect}"
    )
    .parse::<Request<SetInstancesProtection>>()
    .unwrap()
    .operation
}

fn group() -> ScalingGroupId {
    "asg-1".parse().unwrap()
}

fn id(s: &str) -> InstanceId {
    s.parse().unwrap()
}

fn states(state: &State) -> Vec<(String, InstanceState)> {
    state.groups()[0]
        .instances
        .iter()
        .map(|i| (i.instance_id.to_string(), i.lifecycle_state))
        .collect()
}

/// "The instance keeps running in the protected state until you disable
/// the protection."
#[test]
fn a_protected_instance_stays_protected_until_the_protection_is_lifted() {
    let mut state = state_of("Active", &["InService", "InService"]);
    let applied = state.set_instances_protection(&request(&["i-1"], true)).unwrap();
    assert_eq!(applied.changed, [id("i-1")]);
    // Scale-ins, protecting again, and a request about another instance
    // leave it protected.
    state.scale_in(&group(), 5, &mut env()).unwrap();
    assert_eq!(
        state.set_instances_protection(&request(&["i-1"], true)).unwrap().already,
        [id("i-1")]
    );
    assert_eq!(states(&state), [("i-1".into(), InstanceState::Protected)]);
    // Lifting the protection returns it to service.
    assert_eq!(
        state.set_instances_protection(&request(&["i-1"], false)).unwrap().changed,
        [id("i-1")]
    );
    assert_eq!(states(&state), [("i-1".into(), InstanceState::InService)]);
}

/// "The changes in the number of instances in a scaling group and scale-in
/// activities triggered by monitoring tasks will not remove protected ECS
/// instances." Both are a scale-in here: the trigger does not change the
/// choice.
#[test]
fn no_scale_in_removes_a_protected_instance() {
    let mut state = state_of("Active", &["InService", "InService", "InService", "Stopped"]);
    state.set_instances_protection(&request(&["i-1", "i-3"], true)).unwrap();
    let scale_in = state.scale_in(&group(), 4, &mut env()).unwrap();
    // The default policies: oldest scaling configuration (none here), then
    // oldest instance.
    assert_eq!(scale_in.removed, [id("i-2"), id("i-4")]);
    assert_eq!((scale_in.requested, scale_in.shortfall()), (4, 2));
    assert_eq!(
        states(&state),
        [("i-1".into(), InstanceState::Protected), ("i-3".into(), InstanceState::Protected)]
    );
    // Nothing left to remove: a scale-in removes nothing and says so.
    let again = state.scale_in(&group(), 1, &mut env()).unwrap();
    assert_eq!((again.removed.len(), again.shortfall()), (0, 1));
}

/// "You must manually remove an ECS instance to release the instance."
#[test]
fn only_a_manual_removal_removes_a_protected_instance() {
    let mut state = state_of("Active", &["InService", "InService"]);
    state.set_instances_protection(&request(&["i-1", "i-2"], true)).unwrap();
    assert!(state.scale_in(&group(), 2, &mut env()).unwrap().removed.is_empty());
    assert_eq!(state.remove(&group(), &[id("i-2"), id("i-2")]).unwrap(), [id("i-2")]);
    assert_eq!(states(&state), [("i-1".into(), InstanceState::Protected)]);
}

/// "When an ECS instance is stopped or restarted, the health check status
/// of the ECS instance is not updated."
#[test]
fn a_protected_instance_stopped_keeps_its_health_status() {
    let mut state = state_of("Active", &["InService", "InService"]);
    state.set_instances_protection(&request(&["i-1"], true)).unwrap();
    assert_eq!(state.report_stopped(&group(), &id("i-1")), Ok(false));
    assert_eq!(state.report_stopped(&group(), &id("i-2")), Ok(true));
    let health: Vec<HealthStatus> =
        state.groups()[0].instances.iter().map(Instance::health).collect();
    assert_eq!(health, [HealthStatus::Healthy, HealthStatus::Unhealthy]);
}

/// The body a service answers for a model error, as JSON.
fn answer(error: ess_protection::ApiError) -> String {
    let body = ErrorBody::new(error, "R".parse().unwrap(), "ess.aliyuncs.com");
    let rendered = body.render(Format::Json);
    format!("{} {}", rendered.status, rendered.body)
}

#[test]
fn the_state_errors_of_the_table() {
    // IncorrectScalingGroupStatus: the group is not enabled.
    for group_state in ["Inactive", "Deleting"] {
        let mut state = state_of(group_state, &["InService"]);
        let before = state.clone();
        assert_eq!(
            answer(state.set_instances_protection(&request(&["i-1"], true)).unwrap_err()),
            r#"400 {"RequestId":"R","HostId":"ess.aliyuncs.com","Code":"IncorrectScalingGroupStatus","Message":"The current status of the specified scaling group does not support this action."}"#
        );
        assert_eq!(state, before);
    }
    // InvalidInstanceId.NotFound names the instance; nothing changes.
    let mut state = state_of("Active", &["InService", "InService"]);
    let before = state.clone();
    assert_eq!(
        answer(state.set_instances_protection(&request(&["i-1", "i-9", "i-8"], true)).unwrap_err()),
        r#"404 {"RequestId":"R","HostId":"ess.aliyuncs.com","Code":"InvalidInstanceId.NotFound","Message":"Instance “i-9” does not exist."}"#
    );
    assert_eq!(state, before, "all or nothing: i-1 is not protected");
    // InvalidScalingGroupId.NotFound: no such group, or in another region.
    let other = "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=asg-2\
        &InstanceId.1=i-1&ProtectedFromScaleIn=true"
        .parse::<Request<SetInstancesProtection>>()
        .unwrap()
        .operation;
    let not_found = r#"404 {"RequestId":"R","HostId":"ess.aliyuncs.com","Code":"InvalidScalingGroupId.NotFound","Message":"The specified scaling group does not exist."}"#;
    assert_eq!(answer(state.set_instances_protection(&other).unwrap_err()), not_found);
    let mut elsewhere = request(&["i-1"], true);
    elsewhere.region_id = Some("cn-beijing".parse().unwrap());
    assert_eq!(answer(state.set_instances_protection(&elsewhere).unwrap_err()), not_found);
    elsewhere.region_id = Some("cn-hangzhou".parse().unwrap());
    assert!(state.set_instances_protection(&elsewhere).is_ok());
}

#[test]
fn checks_come_in_order() {
    // An inactive group is reported before a missing instance.
    let mut state = state_of("Inactive", &["InService"]);
    let error = state.set_instances_protection(&request(&["i-9"], true)).unwrap_err();
    assert_eq!(error.code, ErrorCode::IncorrectScalingGroupStatus);
    // Removal and scale-in check the group the same way.
    assert_eq!(
        state.scale_in(&group(), 1, &mut env()).unwrap_err().code,
        ErrorCode::IncorrectScalingGroupStatus
    );
    assert_eq!(
        state.remove(&"asg-2".parse().unwrap(), &[id("i-1")]).unwrap_err().code,
        ErrorCode::InvalidScalingGroupIdNotFound
    );
    let mut state = state_of("Active", &["InService"]);
    let error = state.remove(&group(), &[id("i-1"), id("i-7")]).unwrap_err();
    assert_eq!(error.message, "Instance “i-7” does not exist.");
    assert_eq!(state.instance_count(), 1, "all or nothing");
}

#[test]
fn instances_in_other_states_are_left_as_they_are() {
    let mut state = state_of(
        "Active",
        &[
            "Pending",
            "Pending:Wait",
            "Standby",
            "Stopped",
            "Removing",
            "Removing:Wait",
            "InService",
        ],
    );
    let applied = state
        .set_instances_protection(&request(
            &["i-1", "i-2", "i-3", "i-4", "i-5", "i-6", "i-7"],
            true,
        ))
        .unwrap();
    assert_eq!(applied.changed, [id("i-7")]);
    assert_eq!(
        applied.left,
        [
            (id("i-1"), InstanceState::Pending),
            (id("i-2"), InstanceState::PendingWait),
            (id("i-3"), InstanceState::Standby),
            (id("i-4"), InstanceState::Stopped),
            (id("i-5"), InstanceState::Removing),
            (id("i-6"), InstanceState::RemovingWait)
        ]
    );
    // A scale-in removes only InService and Stopped instances.
    let removed = state.scale_in(&group(), 7, &mut env()).unwrap().removed;
    assert_eq!(removed, [id("i-4")]);
}

#[test]
fn removal_policies_choose_in_order() {
    let mut state = state_of("Active", &["InService", "InService", "InService"]);
    state = State::new(
        state
            .groups()
            .iter()
            .cloned()
            .map(|mut g| {
                g.removal_policies = Some(vec![RemovalPolicy::NewestInstance]);
                g
            })
            .collect(),
    )
    .unwrap();
    assert_eq!(state.scale_in(&group(), 1, &mut env()).unwrap().removed, [id("i-3")]);

    // Oldest configuration first; an instance of no listed configuration
    // counts as the oldest; ties go to the oldest instance, then by id.
    let mut g = ScalingGroup::new(group(), "cn-hangzhou".parse().unwrap(), GroupState::Active);
    g.scaling_configuration_ids = Some(vec!["sc-old".into(), "sc-new".into()]);
    let at = |day: u8| format!("2024-01-{day:02}T00:00:00Z").parse().unwrap();
    for (n, config, day) in [
        ("i-a", Some("sc-new"), 1),
        ("i-b", Some("sc-old"), 3),
        ("i-c", None, 5),
        ("i-d", Some("sc-old"), 2),
        ("i-e", Some("sc-old"), 2),
    ] {
        let mut instance = Instance::new(id(n), InstanceState::InService, at(day));
        instance.scaling_configuration_id = config.map(String::from);
        g.instances.push(instance);
    }
    let mut state = State::new(vec![g]).unwrap();
    let removed = state.scale_in(&group(), 5, &mut env()).unwrap().removed;
    assert_eq!(removed, [id("i-c"), id("i-d"), id("i-e"), id("i-b"), id("i-a")]);
}

#[test]
fn unknown_fields_are_written_back_byte_for_byte() {
    // Numbers a `serde_json::Value` would change, strings with escapes, and
    // nested values, at each level of the state.
    let values = [
        "1234567890123456789012345678901234567890",
        "-0",
        "1e-400",
        "1E+2",
        "0.10000000000000000000001",
        r#""\u00e9\n""#,
        r#"{"b":[1.50,{"c":null}],"a":true}"#,
    ];
    for value in values {
        let instance = format!(
            r#"{{"InstanceId":"i-1","LifecycleState":"InService","CreationTime":"2024-01-01T00:00:00Z","X":{value}}}"#
        );
        let group = format!(
            r#"{{"ScalingGroupId":"asg-1","RegionId":"r","LifecycleState":"Active","Instances":[{instance}],"X":{value}}}"#
        );
        let json = format!(r#"{{"ScalingGroups":[{group}],"X":{value}}}"#);
        let state: State = json.parse().unwrap();
        assert_eq!(serde_json::to_string(&state).unwrap(), json, "{value}");
        assert_eq!(state.extra().get("X").unwrap().get(), value);
        // The pretty form keeps the text too, and reads back equal.
        let pretty = state.to_string();
        assert!(pretty.contains(&format!(r#""X": {value}"#)), "{pretty}");
        assert_eq!(pretty.parse::<State>().unwrap(), state);
    }
}

#[test]
fn the_state_file() {
    // As a person would write it: RemovalPolicies absent is the default,
    // and stays absent; fields the model does not know are kept.
    let json = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou", "LifecycleState": "Active",
      "Instances": [{"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z",
        "ZoneId": "cn-hangzhou-h", "Tag": "web"}],
      "MaxSize": 10, "Owner": "team-a"}], "Version": 1}"#;
    let state: State = json.parse().unwrap();
    let group = &state.groups()[0];
    assert_eq!(group.policies(), RemovalPolicy::DEFAULT);
    assert_eq!(group.removal_policies, None);
    assert_eq!((group.min_size, group.max_size, group.desired_capacity), (None, Some(10), None));
    assert_eq!(group.extra.get("Owner").map(|v| v.get()), Some(r#""team-a""#));
    assert_eq!(group.instances[0].zone_id.as_deref(), Some("cn-hangzhou-h"));
    assert_eq!(group.instances[0].extra.get("Tag").map(|v| v.get()), Some(r#""web""#));
    assert_eq!(state.extra().get("Version").map(|v| v.get()), Some("1"));
    // Known fields in the model's order, then the others; absent stays absent.
    assert_eq!(
        serde_json::to_string(&state).unwrap(),
        r#"{"ScalingGroups":[{"ScalingGroupId":"asg-1","RegionId":"cn-hangzhou","LifecycleState":"Active","MaxSize":10,"Instances":[{"InstanceId":"i-1","LifecycleState":"InService","CreationTime":"2024-01-01T00:00:00Z","ZoneId":"cn-hangzhou-h","Tag":"web"}],"Owner":"team-a"}],"Version":1}"#
    );
    assert_eq!(state.to_string().parse::<State>().unwrap(), state);

    // What is not a valid state, and why.
    let error = |json: &str| json.parse::<State>().unwrap_err().to_string();
    assert_eq!(
        error(r#"{"ScalingGroups":[],"X":1,"X":2}"#),
        "duplicate field `X` at line 1 column 32"
    );
    assert_eq!(
        error(r#"{"ScalingGroups":[],"ScalingGroups":[]}"#),
        "duplicate field `ScalingGroups` at line 1 column 35"
    );
    assert_eq!(error(r#"{"Version":1}"#), "missing field `ScalingGroups` at line 1 column 13");
    let twice = r#"{"ScalingGroups":[{"ScalingGroupId":"asg-1","RegionId":"r","LifecycleState":"Active"},
                                      {"ScalingGroupId":"asg-1","RegionId":"r","LifecycleState":"Active"}]}"#;
    assert_eq!(error(twice), "scaling group asg-1 is listed twice");
    let instance = r#"{"InstanceId":"i-1","LifecycleState":"InService","CreationTime":"2024-01-01T00:00:00Z"}"#;
    let shared = format!(
        r#"{{"ScalingGroups":[{{"ScalingGroupId":"a","RegionId":"r","LifecycleState":"Active","Instances":[{instance}]}},
                              {{"ScalingGroupId":"b","RegionId":"r","LifecycleState":"Active","Instances":[{instance}]}}]}}"#
    );
    assert_eq!(error(&shared), "instance i-1 is listed twice");
    assert!(error(r#"{"ScalingGroups":[{"ScalingGroupId":"a","RegionId":"r","LifecycleState":"Enabled"}]}"#)
        .starts_with("expected Active, Inactive or Deleting"));
    assert!(error(&shared.replace("InService", "Running"))
        .starts_with("expected InService, Pending, Pending:Wait, Protected, Standby, Stopped, Removing or Removing:Wait"));
}

/// A scripted scenario, the state after each step, and the error bodies of
/// the model, as a service renders them.
#[test]
fn scenario_snapshot() {
    let mut state = state_of("Active", &["InService", "InService", "InService", "Standby"]);
    let mut env = env();
    let mut log = format!("start\n{state}\n");
    let mut step = |name: &str, outcome: String, state: &State| {
        log.push_str(&format!("\n## {name}\n{outcome}\n{state}\n"));
    };
    let outcome =
        format!("{:?}", state.set_instances_protection(&request(&["i-1", "i-2", "i-4"], true)));
    step("protect i-1, i-2, i-4", outcome, &state);
    let outcome = format!("{:?}", state.scale_in(&group(), 3, &mut env));
    step("scale in by 3", outcome, &state);
    let outcome = format!("{:?}", state.set_instances_protection(&request(&["i-2"], false)));
    step("lift i-2's protection", outcome, &state);
    env.advance(60);
    let outcome = format!("{:?}", state.scale_in(&group(), 1, &mut env));
    step("scale in by 1", outcome, &state);
    let outcome = format!("{:?}", state.remove(&group(), &[id("i-1")]));
    step("remove i-1 by hand", outcome, &state);

    let mut errors = String::new();
    let mut inactive = state_of("Inactive", &["InService"]);
    let mut active = state_of("Active", &["InService"]);
    let mut other = request(&["i-1"], true);
    other.scaling_group_id = "asg-2".parse().unwrap();
    for (name, error) in [
        (
            "IncorrectScalingGroupStatus",
            inactive.set_instances_protection(&request(&["i-1"], true)),
        ),
        (
            "InvalidInstanceId.NotFound",
            active.set_instances_protection(&request(&["i-1", "i-404"], true)),
        ),
        ("InvalidScalingGroupId.NotFound", active.set_instances_protection(&other)),
    ] {
        let body = ErrorBody::new(error.unwrap_err(), "R1".parse().unwrap(), "ess.aliyuncs.com");
        for format in [Format::Json, Format::Xml] {
            let r = body.render(format);
            errors.push_str(&format!(
                "## {name} ({format}): HTTP {}\n{}\n",
                r.status,
                r.body.trim_end()
            ));
        }
    }
    snapshots(|| {
        insta::assert_snapshot!("model_scenario", log);
        insta::assert_snapshot!("model_errors", errors);
    });
}

/// A state for the other operations: `asg-1` (MinSize 1, DesiredCapacity 4)
/// and `asg-2` in `cn-hangzhou`, `asg-3` in `cn-beijing`.
fn workflow_state() -> State {
    r#"{"ScalingGroups": [
      {"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou", "LifecycleState": "Active",
       "MinSize": 1, "DesiredCapacity": 4, "Instances": [
        {"InstanceId": "i-1", "LifecycleState": "Protected", "CreationTime": "2024-01-01T00:00:00Z",
         "CreationType": "AutoCreated", "ScalingConfigurationId": "asc-1", "ZoneId": "cn-hangzhou-g",
         "SpotStrategy": "SpotAsPriceGo", "PrivateIpAddress": "10.0.0.1"},
        {"InstanceId": "i-2", "LifecycleState": "InService", "CreationTime": "2024-01-02T00:00:00Z",
         "CreationType": "Attached", "HealthStatus": "Unhealthy"},
        {"InstanceId": "i-3", "LifecycleState": "Protected", "CreationTime": "2024-01-03T00:00:00Z"},
        {"InstanceId": "i-4", "LifecycleState": "Removing", "CreationTime": "2024-01-04T00:00:00Z"}]},
      {"ScalingGroupId": "asg-2", "RegionId": "cn-hangzhou", "LifecycleState": "Inactive", "Instances": [
        {"InstanceId": "i-5", "LifecycleState": "Protected", "CreationTime": "2024-01-05T00:00:00Z"}]},
      {"ScalingGroupId": "asg-3", "RegionId": "cn-beijing", "LifecycleState": "Active", "Instances": [
        {"InstanceId": "i-6", "LifecycleState": "Protected", "CreationTime": "2024-01-06T00:00:00Z"}]}]}"#
        .parse()
        .unwrap()
}

fn describe(query: &str) -> ess_protection::DescribeScalingInstances {
    format!("Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou{query}")
        .parse::<Request<ess_protection::DescribeScalingInstances>>()
        .unwrap()
        .operation
}

fn found(state: &State, query: &str) -> Result<(u64, Vec<String>), ErrorCode> {
    state
        .describe_scaling_instances(&describe(query))
        .map(|p| {
            (p.total_count, p.instances.iter().map(|(_, i)| i.instance_id.to_string()).collect())
        })
        .map_err(|e| e.code)
}

/// DescribeScalingInstances: how Terraform reads protection back.
#[test]
fn describe_filters_orders_and_pages() {
    let state = workflow_state();
    let all = |ids: &[&str]| Ok((ids.len() as u64, ids.iter().map(|s| s.to_string()).collect()));
    // The region's groups in the state's order, instances in the group's;
    // a disabled group is described too.
    assert_eq!(found(&state, ""), all(&["i-1", "i-2", "i-3", "i-4", "i-5"]));
    assert_eq!(found(&state, "&LifecycleState=Protected"), all(&["i-1", "i-3", "i-5"]));
    assert_eq!(
        found(&state, "&ScalingGroupId=asg-1&LifecycleState=Protected"),
        all(&["i-1", "i-3"])
    );
    assert_eq!(
        found(&state, "&LifecycleStates.1=Removing&LifecycleStates.2=InService"),
        all(&["i-2", "i-4"])
    );
    assert_eq!(found(&state, "&HealthStatus=Unhealthy"), all(&["i-2"]));
    assert_eq!(
        found(&state, "&HealthStatus=Healthy&ScalingGroupId=asg-1"),
        all(&["i-1", "i-3", "i-4"])
    );
    assert_eq!(found(&state, "&CreationType=Attached"), all(&["i-2"]));
    assert_eq!(found(&state, "&ScalingConfigurationId=asc-1"), all(&["i-1"]));
    // An id not found is no error.
    assert_eq!(
        found(&state, "&InstanceId.1=i-3&InstanceId.2=i-404&InstanceId.3=i-6"),
        all(&["i-3"])
    );
    // Pages: TotalCount counts every page; past the end, an empty page.
    assert_eq!(
        found(&state, "&PageSize=2&PageNumber=2"),
        Ok((5, vec!["i-3".into(), "i-4".into()]))
    );
    assert_eq!(found(&state, "&PageSize=2&PageNumber=3"), Ok((5, vec!["i-5".into()])));
    assert_eq!(found(&state, "&PageSize=2&PageNumber=4"), Ok((5, vec![])));
    assert_eq!(found(&state, "&PageNumber=2147483647&PageSize=50"), Ok((5, vec![])));
    // A group the region does not have.
    assert_eq!(
        found(&state, "&ScalingGroupId=asg-3"),
        Err(ErrorCode::InvalidScalingGroupIdNotFound)
    );
    assert_eq!(
        found(&state, "&ScalingGroupId=asg-9"),
        Err(ErrorCode::InvalidScalingGroupIdNotFound)
    );
    // Each instance as the version shows it: the 2022-only fields in 2022 only.
    let page = state.describe_scaling_instances(&describe("&InstanceId.1=i-1")).unwrap();
    assert_eq!(page.total_spot_count, 1);
    let id = "R".parse::<ess_protection::RequestId>().unwrap();
    let old = page.to_response(id.clone(), ess_protection::ApiVersion::V2014_08_28);
    let new = page.to_response(id, ess_protection::ApiVersion::V2022_02_22);
    snapshots(|| {
        insta::assert_snapshot!("model_describe", format!("{}\n{}", old.to_json(), new.to_json()))
    });
}

fn remove(query: &str) -> ess_protection::RemoveInstances {
    format!("Action=RemoveInstances&Version=2014-08-28&ScalingGroupId=asg-1{query}")
        .parse::<Request<ess_protection::RemoveInstances>>()
        .unwrap()
        .operation
}

/// RemoveInstances: the only way a protected instance leaves its group.
#[test]
fn remove_instances_all_or_nothing_in_order() {
    let mut state = workflow_state();
    let before = state.clone();
    let code = |state: &mut State, request: &ess_protection::RemoveInstances| {
        state.remove_instances(request, &mut env()).unwrap_err().code
    };
    // The group exists (in the region), is enabled, has every instance,
    // and keeps MinSize: checked in that order; a refusal changes nothing.
    let mut other = remove("&InstanceId.1=i-404");
    other.scaling_group_id = "asg-9".parse().unwrap();
    assert_eq!(code(&mut state, &other), ErrorCode::InvalidScalingGroupIdNotFound);
    other.scaling_group_id = "asg-2".parse().unwrap();
    assert_eq!(code(&mut state, &other), ErrorCode::IncorrectScalingGroupStatus);
    let far = remove("&InstanceId.1=i-1&RegionId=cn-beijing");
    assert_eq!(code(&mut state, &far), ErrorCode::InvalidScalingGroupIdNotFound);
    let missing = remove("&InstanceId.1=i-1&InstanceId.2=i-6");
    let error = state.remove_instances(&missing, &mut env()).unwrap_err();
    assert_eq!(error.message, "Instance \u{201c}i-6\u{201d} does not exist.");
    // Capacity 3 (i-4 is already being removed), MinSize 1: three may not go.
    let three = remove("&InstanceId.1=i-1&InstanceId.2=i-2&InstanceId.3=i-3");
    assert_eq!(code(&mut state, &three), ErrorCode::IncorrectCapacityMinSize);
    assert_eq!(state, before, "a refused removal changes nothing");
    // Removing i-4, already on its way out, takes nothing from the capacity.
    let two = remove("&InstanceId.1=i-1&InstanceId.2=i-2&InstanceId.3=i-4&InstanceId.4=i-1");
    let removal = state.remove_instances(&two, &mut env()).unwrap();
    assert_eq!(removal.removed, [id("i-1"), id("i-2"), id("i-4")], "protected or not, each once");
    assert_eq!(state.groups()[0].desired_capacity, Some(1), "4 less the 3 removed");
    assert_eq!(state.groups()[0].capacity(), 1);
    // The last one may not go; without MinSize it may. IgnoreInvalidInstance
    // skips what is not in the group; DecreaseDesiredCapacity=false keeps it.
    let last = remove(
        "&InstanceId.1=i-404&InstanceId.2=i-3&IgnoreInvalidInstance=true&DecreaseDesiredCapacity=false",
    );
    assert_eq!(code(&mut state, &last), ErrorCode::IncorrectCapacityMinSize);
    let mut no_min: State = state.to_string().replace("\"MinSize\": 1,", "").parse().unwrap();
    assert_eq!(no_min.groups()[0].min_size, None);
    let removal = no_min.remove_instances(&last, &mut env()).unwrap();
    assert_eq!((removal.removed, removal.ignored), (vec![id("i-3")], vec![id("i-404")]));
    assert_eq!(no_min.groups()[0].desired_capacity, Some(1));
    assert!(no_min.groups()[0].instances.is_empty());
}

#[test]
fn a_client_token_makes_a_removal_idempotent() {
    let mut state = workflow_state();
    let token = "&ClientToken=0c593ea1-3bea-11e9-b96b-88e9fe637760";
    let first = remove(&format!("&InstanceId.1=i-3{token}"));
    let mut env = env();
    let done = state.remove_instances(&first, &mut env).unwrap();
    assert_eq!((done.removed.len(), done.repeated), (1, false));
    // The same request again: the first activity, nothing more removed,
    // even though i-3 is gone and a check would now fail.
    let after = state.clone();
    let again = state.remove_instances(&first, &mut env).unwrap();
    assert_eq!(again.scaling_activity_id.as_str(), "asa-00000000000000000001");
    assert!(again.repeated && again.removed.is_empty());
    assert_eq!(state, after);
    // Another request under the same token is refused, naming it.
    let other = remove(&format!("&InstanceId.1=i-1{token}"));
    let error = state.remove_instances(&other, &mut env).unwrap_err();
    assert_eq!(error.message, "The specified value of parameter \"ClientToken\" is not valid.");
    // The state file remembers the token, across a restart.
    let reread: State = state.to_string().parse().unwrap();
    assert_eq!(reread, state);
    assert_eq!(
        reread
            .client_token(&"0c593ea1-3bea-11e9-b96b-88e9fe637760".parse().unwrap())
            .map(|a| a.as_str()),
        Some("asa-00000000000000000001")
    );
}

#[test]
fn a_scale_in_keeps_min_size_and_lowers_desired_capacity() {
    let mut state: State =
        workflow_state().to_string().replace("\"Protected\"", "\"InService\"").parse().unwrap();
    let scale_in = state.scale_in(&group(), 10, &mut env()).unwrap();
    // Capacity 3 (i-4 is being removed), MinSize 1: two go.
    assert_eq!(scale_in.removed.len(), 2);
    assert_eq!(scale_in.shortfall(), 8);
    assert_eq!(state.groups()[0].capacity(), 1);
    assert_eq!(state.groups()[0].desired_capacity, Some(2));
}
