//! The operations that change a group's number of instances, and those that
//! read its counters and activities, against the model: each check, each
//! decision, with exact values.

mod common;

use common::model::{answer, code, env};
use common::snapshots;
use ess_protection::model::{Activity, Environment, MAX_ACTIVITIES, State};
use ess_protection::{ActivityStatus, CreationType, ErrorCode, Format, InstanceState};

/// `asg-1` in `cn-hangzhou` (MinSize 0, MaxSize 10, DesiredCapacity 6,
/// configurations `asc-old` then `asc-new`): six instances a day apart,
/// `i-1`..`i-6`, all in service; `asg-2` (`web`) beside it, inactive,
/// `asg-3` in `cn-beijing`.
fn state() -> State {
    let instances: Vec<String> = (1..=6)
        .map(|n| {
            format!(
                r#"{{"InstanceId":"i-{n}","LifecycleState":"InService","CreationTime":"2024-01-0{n}T00:00:00Z","ScalingConfigurationId":"asc-{}"}}"#,
                if n <= 3 { "old" } else { "new" }
            )
        })
        .collect();
    format!(
        r#"{{"ScalingGroups":[
          {{"ScalingGroupId":"asg-1","ScalingGroupName":"proxies","RegionId":"cn-hangzhou","LifecycleState":"Active",
            "MinSize":0,"MaxSize":10,"DesiredCapacity":6,"ScalingConfigurationIds":["asc-old","asc-new"],
            "ActiveScalingConfigurationId":"asc-new","Instances":[{}]}},
          {{"ScalingGroupId":"asg-2","ScalingGroupName":"web","RegionId":"cn-hangzhou","LifecycleState":"Inactive",
            "MinSize":1,"MaxSize":3,"Instances":[{{"InstanceId":"i-7","LifecycleState":"InService","CreationTime":"2024-01-07T00:00:00Z"}}]}},
          {{"ScalingGroupId":"asg-3","RegionId":"cn-beijing","LifecycleState":"Active","Instances":[]}}]}}"#,
        instances.join(",")
    )
    .parse()
    .unwrap()
}

fn ids(state: &State, group: usize) -> Vec<String> {
    state.groups()[group].instances.iter().map(|i| i.instance_id.to_string()).collect()
}

fn last_activity(state: &State, group: usize) -> &Activity {
    state.groups()[group].scaling_activities.last().unwrap()
}

fn protect(state: &mut State, ids: &[&str]) {
    let list: String =
        ids.iter().enumerate().map(|(n, id)| format!("&InstanceId.{}={id}", n + 1)).collect();
    let query = format!(
        "Action=SetInstancesProtection&ScalingGroupId=asg-1{list}&ProtectedFromScaleIn=true"
    );
    answer(state, &mut env(), &query).unwrap();
}

const MODIFY: &str = "Action=ModifyScalingGroup&ScalingGroupId=asg-1";

#[test]
fn modify_checks_in_order_and_changes_nothing_when_it_refuses() {
    let mut state = state();
    let before = state.clone();
    let mut env = env();
    let conflict = |a: &str, b: &str| {
        (
            ErrorCode::InvalidParameterConflict,
            format!("The value of parameter {a} and parameter {b} are confilict."),
        )
    };
    for (query, expected) in [
        (
            "&DesiredCapacity=2&DisableDesiredCapacity=true",
            conflict("DesiredCapacity", "DisableDesiredCapacity"),
        ),
        (
            "&DesiredCapacity=2&ScalingGroupId=asg-9",
            (
                ErrorCode::InvalidScalingGroupIdNotFound,
                "The specified scaling group does not exist.".into(),
            ),
        ),
        (
            "&RegionId=cn-beijing",
            (
                ErrorCode::InvalidScalingGroupIdNotFound,
                "The specified scaling group does not exist.".into(),
            ),
        ),
        (
            "&ScalingGroupName=web",
            (
                ErrorCode::InvalidScalingGroupNameDuplicate,
                "The specified value of parameter web is duplicated.".into(),
            ),
        ),
        (
            "&ActiveScalingConfigurationId=asc-gone",
            (
                ErrorCode::InvalidScalingConfigurationIdNotFound,
                "The specified scaling configuration does not exist.".into(),
            ),
        ),
        // The page's case: MinSize over MaxSize; then the merged result.
        ("&MinSize=5&MaxSize=4", conflict("MinSize", "MaxSize")),
        ("&MinSize=11", conflict("MinSize", "MaxSize")),
        ("&MinSize=7", conflict("MinSize", "DesiredCapacity")),
        ("&MaxSize=5", conflict("DesiredCapacity", "MaxSize")),
        ("&DesiredCapacity=11", conflict("DesiredCapacity", "MaxSize")),
    ] {
        let query = format!("{MODIFY}{query}").replace(
            "ScalingGroupId=asg-1&DesiredCapacity=2&ScalingGroupId=asg-9",
            "ScalingGroupId=asg-9&DesiredCapacity=2",
        );
        assert_eq!(code(answer(&mut state, &mut env, &query)), expected, "{query}");
    }
    assert_eq!(state, before, "a refusal changes nothing");
    // A name is its own group's to keep; the group's own is no duplicate.
    assert!(answer(&mut state, &mut env, &format!("{MODIFY}&ScalingGroupName=proxies")).is_ok());
    // A Deleting group takes no change.
    let mut deleting: State =
        state.to_string().replace("\"Inactive\"", "\"Deleting\"").parse().unwrap();
    let query = "Action=ModifyScalingGroup&ScalingGroupId=asg-2&MaxSize=2";
    assert_eq!(
        code(answer(&mut deleting, &mut env, query)).0,
        ErrorCode::IncorrectScalingGroupStatus
    );
}

#[test]
fn lowering_desired_capacity_spares_protected_and_standby_instances() {
    let mut state = state();
    protect(&mut state, &["i-1", "i-2", "i-3"]);
    let mut env = env();
    let done = answer(&mut state, &mut env, &format!("{MODIFY}&DesiredCapacity=2")).unwrap();
    assert!(done.changed);
    assert_eq!(done.body.render(Format::Json).body, r#"{"RequestId":"R1"}"#);
    assert_eq!(ids(&state, 0), ["i-1", "i-2", "i-3"]);
    let group = &state.groups()[0];
    assert_eq!(group.desired_capacity, Some(2));
    let counters = group.capacities();
    assert_eq!((counters.total_capacity, counters.protected, counters.active), (3, 3, 0));
    let activity = last_activity(&state, 0);
    assert_eq!(activity.status_code, ActivityStatus::Warning);
    assert_eq!(
        activity.cause,
        "A user modified the Desired Capacity of the scaling group, changing the Total Capacity from \"6\" to \"2\"."
    );
    assert_eq!(activity.description, "Remove \"4\" ECS instances");
    assert_eq!(
        activity.status_message.as_deref(),
        Some(
            "3 of 4 ECS instances could be removed: the others are protected, in standby, or not in service."
        )
    );
    assert_eq!((activity.scaling_instance_number, activity.total_capacity), (3, 3));
    // The oldest configuration's first, then the oldest: all three of asc-new.
    let destroyed: Vec<&str> = activity.destroyed_instances.iter().map(|i| i.as_str()).collect();
    assert_eq!(destroyed, ["i-4", "i-5", "i-6"]);
    assert_eq!(
        group.modification_time.map(|t| t.to_string()).as_deref(),
        Some("2026-01-01T00:00:00Z")
    );
    // With none removable, the activity fails; Standby stays too.
    let mut standby: State =
        state.to_string().replacen("\"Protected\"", "\"Standby\"", 1).parse().unwrap();
    answer(&mut standby, &mut env, &format!("{MODIFY}&DesiredCapacity=0")).unwrap();
    assert_eq!(ids(&standby, 0), ["i-1", "i-2", "i-3"]);
    assert_eq!(last_activity(&standby, 0).status_code, ActivityStatus::Failed);
    assert_eq!(standby.groups()[0].capacities().standby, 1);
}

#[test]
fn raising_min_size_creates_instances_from_the_callers_ids() {
    let mut state = state();
    let mut env = env();
    // Without a desired capacity, the capacity moves into [MinSize, MaxSize].
    answer(&mut state, &mut env, &format!("{MODIFY}&DisableDesiredCapacity=true&MinSize=8"))
        .unwrap();
    let group = &state.groups()[0];
    assert_eq!((group.desired_capacity, group.min_size), (None, Some(8)));
    assert_eq!(ids(&state, 0)[6..], ["i-00000000000000000002", "i-00000000000000000003"]);
    let created = &group.instances[7];
    assert_eq!(created.lifecycle_state, InstanceState::InService);
    assert_eq!(created.creation_type, Some(CreationType::AutoCreated));
    assert_eq!(created.scaling_configuration_id.as_deref(), Some("asc-new"));
    assert_eq!(
        created.scaling_activity_id.as_ref().map(|a| a.as_str()),
        Some("asa-00000000000000000001")
    );
    let activity = last_activity(&state, 0);
    assert_eq!(activity.status_code, ActivityStatus::Successful);
    assert_eq!(activity.description, "Add \"2\" ECS instances");
    assert!(activity.cause.starts_with("A user modified the Min Size of the scaling group"));
    assert_eq!(activity.created_instances.len(), 2);
    // Lowering MaxSize below the total removes down to it.
    answer(&mut state, &mut env, &format!("{MODIFY}&MinSize=0&MaxSize=5")).unwrap();
    assert_eq!(state.groups()[0].instances.len(), 5);
    assert!(last_activity(&state, 0).cause.starts_with("A user modified the Max Size"));
    // An id the state has is asked for again: i-1 is taken.
    struct Taken(u32);
    impl Environment for Taken {
        fn now(&self) -> ess_protection::Timestamp {
            "2026-01-01T00:00:00Z".parse().unwrap()
        }
        fn activity_id(&mut self) -> ess_protection::ScalingActivityId {
            "asa-x".parse().unwrap()
        }
        fn instance_id(&mut self) -> ess_protection::InstanceId {
            self.0 += 1;
            if self.0 <= 2 {
                "i-1".parse().unwrap()
            } else {
                format!("i-new{}", self.0).parse().unwrap()
            }
        }
    }
    let mut fresh = self::state();
    answer(&mut fresh, &mut Taken(0), &format!("{MODIFY}&DesiredCapacity=7")).unwrap();
    assert_eq!(ids(&fresh, 0)[6], "i-new3");
    // An environment that only repeats ids: the activity adds none, and fails.
    struct Stuck;
    impl Environment for Stuck {
        fn now(&self) -> ess_protection::Timestamp {
            "2026-01-01T00:00:00Z".parse().unwrap()
        }
        fn activity_id(&mut self) -> ess_protection::ScalingActivityId {
            "asa-y".parse().unwrap()
        }
        fn instance_id(&mut self) -> ess_protection::InstanceId {
            "i-1".parse().unwrap()
        }
    }
    let mut stuck = self::state();
    answer(&mut stuck, &mut Stuck, &format!("{MODIFY}&DesiredCapacity=7")).unwrap();
    assert_eq!(ids(&stuck, 0).len(), 6);
    assert_eq!(last_activity(&stuck, 0).status_code, ActivityStatus::Failed);
    assert_eq!(
        last_activity(&stuck, 0).status_message.as_deref(),
        Some("0 of 1 ECS instances could be added: no instance id was free.")
    );
}

#[test]
fn an_inactive_group_keeps_its_instances_and_other_settings_apply() {
    let mut state = state();
    let query = "Action=ModifyScalingGroup&ScalingGroupId=asg-2&MinSize=3&DesiredCapacity=3\
                 &RemovalPolicy.1=NewestInstance&DefaultCooldown=60&ScalingGroupName=web-2";
    answer(&mut state, &mut env(), query).unwrap();
    let group = &state.groups()[1];
    assert_eq!(
        (group.min_size, group.desired_capacity, group.default_cooldown),
        (Some(3), Some(3), Some(60))
    );
    assert_eq!(group.scaling_group_name.as_deref(), Some("web-2"));
    assert_eq!(group.policies(), [ess_protection::RemovalPolicy::NewestInstance]);
    assert_eq!(group.instances.len(), 1, "a disabled group runs no activity");
    assert!(group.scaling_activities.is_empty());
}

const ADJUST: &str = "Action=ScaleWithAdjustment&ScalingGroupId=asg-1";

#[test]
fn adjustments_by_quantity_percent_and_total() {
    let mut env = env();
    let target = |query: &str| {
        let mut state = state();
        let result = answer(&mut state, &mut self::env(), &format!("{ADJUST}{query}"));
        result.map(|_| state.groups()[0].instances.len()).map_err(|e| e.code)
    };
    assert_eq!(target("&AdjustmentType=QuantityChangeInCapacity&AdjustmentValue=2"), Ok(8));
    assert_eq!(target("&AdjustmentType=QuantityChangeInCapacity&AdjustmentValue=-1000"), Ok(0));
    assert_eq!(
        target("&AdjustmentType=QuantityChangeInCapacity&AdjustmentValue=1000"),
        Ok(10),
        "MaxSize"
    );
    assert_eq!(target("&AdjustmentType=TotalCapacity&AdjustmentValue=3"), Ok(3));
    // 6 × 25% = 1.5: two; 6 × -25% = -1.5: two fewer; 6 × 5% = 0.3: none,
    // unless MinAdjustmentMagnitude says at least 2.
    assert_eq!(target("&AdjustmentType=PercentChangeInCapacity&AdjustmentValue=25"), Ok(8));
    assert_eq!(target("&AdjustmentType=PercentChangeInCapacity&AdjustmentValue=-25"), Ok(4));
    assert_eq!(
        target("&AdjustmentType=PercentChangeInCapacity&AdjustmentValue=5"),
        Err(ErrorCode::IncorrectCapacityNoChange)
    );
    assert_eq!(
        target(
            "&AdjustmentType=PercentChangeInCapacity&AdjustmentValue=5&MinAdjustmentMagnitude=2"
        ),
        Ok(8)
    );
    assert_eq!(target("&AdjustmentType=PercentChangeInCapacity&AdjustmentValue=-100"), Ok(0));
    // At the bounds already: no change, nothing recorded.
    assert_eq!(
        target("&AdjustmentType=TotalCapacity&AdjustmentValue=6"),
        Err(ErrorCode::IncorrectCapacityNoChange)
    );
    let mut state = state();
    let before = state.clone();
    let refused = answer(
        &mut state,
        &mut env,
        &format!("{ADJUST}&AdjustmentType=TotalCapacity&AdjustmentValue=6"),
    );
    assert_eq!(
        code(refused).1,
        "To execute the specified scaling rule, the total capacity will not change."
    );
    assert_eq!(state, before);
    // The group's DesiredCapacity takes the target; the activity keeps the metadata.
    let query = format!(
        "{ADJUST}&AdjustmentType=TotalCapacity&AdjustmentValue=4&ActivityMetadata=%7B%22k%22%3A1%7D"
    );
    let done = answer(&mut state, &mut env, &query).unwrap();
    assert_eq!(
        done.body.render(Format::Json).body,
        r#"{"ScalingActivityId":"asa-00000000000000000001","RequestId":"R1"}"#
    );
    assert_eq!(state.groups()[0].desired_capacity, Some(4));
    let activity = last_activity(&state, 0);
    assert_eq!(activity.activity_metadata.as_deref(), Some(r#"{"k":1}"#));
    assert_eq!(
        activity.cause,
        "A user requests to scale with adjustment, changing the Total Capacity from \"6\" to \"4\"."
    );
}

#[test]
fn a_plan_changes_nothing_and_a_token_makes_an_adjustment_idempotent() {
    let mut state = state();
    let before = state.clone();
    let mut env = env();
    let plan = format!(
        "{ADJUST}&AdjustmentType=QuantityChangeInCapacity&AdjustmentValue=-2&ExecutionMode=PlanOnly&Version=2022-02-22"
    );
    let planned = answer(&mut state, &mut env, &plan).unwrap();
    assert!(!planned.changed);
    assert_eq!(
        planned.body.render(Format::Json).body,
        r#"{"PlanResult":{"ResourceAllocations":[{"Amount":-2}]},"RequestId":"R1"}"#
    );
    assert_eq!(state, before);
    let token = format!(
        "{ADJUST}&AdjustmentType=QuantityChangeInCapacity&AdjustmentValue=-2&ClientToken=t-1"
    );
    let first = answer(&mut state, &mut env, &token).unwrap();
    let after = state.clone();
    let again = answer(&mut state, &mut env, &token).unwrap();
    assert_eq!(first.body, again.body);
    assert!(!again.changed);
    assert_eq!(state, after);
    let other = token.replace("=-2", "=-3");
    assert_eq!(
        code(answer(&mut state, &mut env, &other)),
        (
            ErrorCode::InvalidParameter,
            "The specified value of parameter \"ClientToken\" is not valid.".into()
        )
    );
}

#[test]
fn an_activity_in_progress_refuses_the_next_one() {
    let running = r#"{"ScalingGroups":[{"ScalingGroupId":"asg-1","RegionId":"cn-hangzhou","LifecycleState":"Active",
      "Instances":[{"InstanceId":"i-1","LifecycleState":"InService","CreationTime":"2024-01-01T00:00:00Z"}],
      "ScalingActivities":[{"ScalingActivityId":"asa-running","StatusCode":"InProgress","StartTime":"2026-01-01T00:00:00Z","Progress":40}]}]}"#;
    let mut state: State = running.parse().unwrap();
    let before = state.clone();
    let mut env = env();
    let busy = (
        ErrorCode::ScalingActivityInProgress,
        "You cannot delete a scaling group or launch a new scaling activity while there is a scaling activity in progress for the specified scaling group.".to_owned(),
    );
    for query in [
        format!("{ADJUST}&AdjustmentType=TotalCapacity&AdjustmentValue=0"),
        format!("{MODIFY}&DesiredCapacity=0"),
        "Action=RemoveInstances&ScalingGroupId=asg-1&InstanceId.1=i-1".to_owned(),
    ] {
        assert_eq!(code(answer(&mut state, &mut env, &query)), busy, "{query}");
    }
    assert_eq!(state.scale_in(&"asg-1".parse().unwrap(), 1, &mut env).unwrap_err().code, busy.0);
    // A change that moves no instance is no activity: it goes through.
    assert!(answer(&mut state, &mut env, &format!("{MODIFY}&DefaultCooldown=30")).is_ok());
    assert_eq!(state.groups()[0].instances, before.groups()[0].instances);
    // Protection changes no membership either.
    let protect = "Action=SetInstancesProtection&ScalingGroupId=asg-1&InstanceId.1=i-1&ProtectedFromScaleIn=true";
    assert!(answer(&mut state, &mut env, protect).is_ok());
}

#[test]
fn a_group_keeps_its_last_thousand_activities() {
    let mut state = state();
    let mut env = env();
    let group = "asg-1".parse().unwrap();
    for n in 0..MAX_ACTIVITIES + 5 {
        let value = if n % 2 == 0 { 5 } else { 6 };
        let query = format!("{ADJUST}&AdjustmentType=TotalCapacity&AdjustmentValue={value}");
        answer(&mut state, &mut env, &query).unwrap();
    }
    let activities = &state.group(&group).unwrap().scaling_activities;
    assert_eq!(activities.len(), MAX_ACTIVITIES);
    // The first five were dropped: the oldest kept is the sixth, a scale-out
    // (ids 1, 2 and 3 went to the first two activities and an instance; the
    // sixth's is 8).
    assert_eq!(activities[0].scaling_activity_id.as_str(), "asa-00000000000000000008");
    assert_eq!(activities[0].description, "Add \"1\" ECS instance");
}

const GROUPS: &str = "Action=DescribeScalingGroups&RegionId=cn-hangzhou";

fn groups_found(state: &mut State, query: &str) -> (u64, Vec<String>) {
    let answered = answer(state, &mut env(), &format!("{GROUPS}{query}")).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&answered.body.render(Format::Json).body).unwrap();
    let items = json["ScalingGroups"]["ScalingGroup"].as_array().cloned().unwrap_or_default();
    let ids = items.iter().map(|g| g["ScalingGroupId"].as_str().unwrap().to_owned()).collect();
    (json["TotalCount"].as_u64().unwrap(), ids)
}

#[test]
fn describe_scaling_groups_filters_pages_and_counts() {
    let mut state = state();
    let before = state.clone();
    let found = |state: &mut State, q: &str| groups_found(state, q);
    let list = |n: u64, ids: &[&str]| (n, ids.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(found(&mut state, ""), list(2, &["asg-1", "asg-2"]));
    assert_eq!(
        found(&mut state, "&ScalingGroupId.1=asg-2&ScalingGroupId.2=asg-404"),
        list(1, &["asg-2"])
    );
    assert_eq!(found(&mut state, "&ScalingGroupName=proxies"), list(1, &["asg-1"]));
    // Ids and names: either matches.
    assert_eq!(
        found(&mut state, "&ScalingGroupId.1=asg-2&ScalingGroupName.1=proxies"),
        list(2, &["asg-1", "asg-2"])
    );
    assert_eq!(found(&mut state, "&GroupType=ECI"), list(0, &[]));
    assert_eq!(found(&mut state, "&PageSize=1&PageNumber=2"), list(2, &["asg-2"]));
    assert_eq!(found(&mut state, "&PageSize=1&PageNumber=3"), list(2, &[]));
    assert_eq!(state, before, "a describe changes nothing");
    // The counters, from the instances.
    protect(&mut state, &["i-1", "i-2", "i-3"]);
    let standby: State =
        state.to_string().replacen("\"InService\"", "\"Standby\"", 1).parse().unwrap();
    let group = standby.group(&"asg-1".parse().unwrap()).unwrap();
    let info = group.to_info();
    assert_eq!(
        (
            info.total_capacity,
            info.active_capacity,
            info.protected_capacity,
            info.standby_capacity,
            info.pending_capacity
        ),
        (Some(6), Some(2), Some(3), Some(1), Some(0))
    );
    assert_eq!(info.desired_capacity, Some(6));
    // Tags: every filter must match one of the group's tags.
    let tagged: State = state
        .to_string()
        .replace("\"ScalingGroupName\": \"proxies\",", "\"ScalingGroupName\": \"proxies\", \"Tags\": [{\"TagKey\": \"team\", \"TagValue\": \"edge\"}],")
        .parse()
        .unwrap();
    let mut tagged = tagged;
    assert_eq!(found(&mut tagged, "&Tag.1.Key=team"), list(1, &["asg-1"]));
    assert_eq!(found(&mut tagged, "&Tag.1.Key=team&Tag.1.Value=edge"), list(1, &["asg-1"]));
    assert_eq!(found(&mut tagged, "&Tag.1.Key=team&Tag.1.Value=core"), list(0, &[]));
    assert_eq!(found(&mut tagged, "&Tag.1.Key=team&Tag.2.Key=env"), list(0, &[]));
}

const ACTIVITIES: &str = "Action=DescribeScalingActivities&RegionId=cn-hangzhou";

#[test]
fn describe_scaling_activities_newest_first_filtered_and_paged() {
    let mut state = state();
    let mut env = env();
    for (value, minutes) in [(5, 0), (2, 1), (4, 2)] {
        env.advance(minutes * 60);
        answer(
            &mut state,
            &mut env,
            &format!("{ADJUST}&AdjustmentType=TotalCapacity&AdjustmentValue={value}"),
        )
        .unwrap();
    }
    let listed = |state: &mut State, query: &str| {
        let answered =
            answer(state, &mut self::env(), &format!("{ACTIVITIES}{query}&Version=2022-02-22"));
        answered.map(|a| {
            let json: serde_json::Value =
                serde_json::from_str(&a.body.render(Format::Json).body).unwrap();
            let items = json["ScalingActivities"].as_array().cloned().unwrap();
            let ids: Vec<String> =
                items.iter().map(|a| a["ScalingActivityId"].as_str().unwrap().to_owned()).collect();
            (json["TotalCount"].as_u64().unwrap(), ids)
        })
    };
    let a = |n: u32| format!("asa-{n:020}");
    // Ids: 1, 2, then 3 (its two instances take 4 and 5).
    assert_eq!(listed(&mut state, "&ScalingGroupId=asg-1"), Ok((3, vec![a(3), a(2), a(1)])));
    assert_eq!(
        listed(&mut state, "&ScalingGroupId=asg-1&PageSize=2&PageNumber=2"),
        Ok((3, vec![a(1)]))
    );
    assert_eq!(listed(&mut state, "&ScalingGroupId=asg-1&StatusCode=Warning"), Ok((0, vec![])));
    assert_eq!(listed(&mut state, &format!("&ScalingActivityIds.1={}", a(2))), Ok((1, vec![a(2)])));
    assert_eq!(
        listed(&mut state, "&ScalingGroupId=asg-404").map_err(|e| e.code),
        Err(ErrorCode::InvalidScalingGroupIdNotFound)
    );
    // The 2022 shape of the activity: counts as strings, instance lists as arrays.
    let body = answer(
        &mut state,
        &mut env,
        &format!("{ACTIVITIES}&ScalingGroupId=asg-1&PageSize=1&Version=2022-02-22"),
    )
    .unwrap()
    .body
    .render(Format::Json)
    .body;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let item = &json["ScalingActivities"][0];
    assert_eq!(
        item["CreatedInstances"],
        serde_json::json!(["i-00000000000000000004", "i-00000000000000000005"])
    );
    // Counts as the SDKs' models type them: TotalCapacity a string, the others numbers.
    assert_eq!(
        (item["TotalCapacity"].as_str(), item["CreatedCapacity"].as_u64()),
        (Some("4"), Some(2))
    );
    assert_eq!(item["ScalingInstanceNumber"].as_u64(), Some(2));
}

/// The flow of a program that protects, then shrinks: each answer, in both
/// versions' shapes, as a client reads it.
#[test]
fn protect_then_shrink_snapshot() {
    let mut out = String::new();
    for (version, ids) in [("2014-08-28", "ScalingGroupId"), ("2022-02-22", "ScalingGroupIds")] {
        let mut state = state();
        let mut env = env();
        protect(&mut state, &["i-1", "i-2", "i-3"]);
        for (query, format) in [
            (format!("{MODIFY}&DesiredCapacity=2&Version={version}"), Format::Json),
            (format!("{GROUPS}&{ids}.1=asg-1&Version={version}"), Format::Json),
            (format!("{ACTIVITIES}&ScalingGroupId=asg-1&Version={version}"), Format::Json),
            (format!("{ACTIVITIES}&ScalingGroupId=asg-1&Version={version}"), Format::Xml),
        ] {
            let rendered = answer(&mut state, &mut env, &query).unwrap().body.render(format);
            out.push_str(&format!("## {query} ({format})\n{}\n\n", rendered.body.trim_end()));
        }
    }
    snapshots(|| insta::assert_snapshot!("capacity_protect_then_shrink", out));
}

/// Shapes the fuzzer found ambiguous in XML, each read back as written: a
/// list of one empty item, an empty list, and a plan whose allocation has
/// `Amount` alone (an object of one member that is an item, not a wrapper).
#[test]
fn xml_reads_back_lists_of_one_and_plans_of_one_member() {
    use ess_protection::{
        DescribeScalingGroupsResponse, ResourceAllocation, ScaleWithAdjustmentResponse,
        ScalingGroupInfo,
    };
    let mut page = DescribeScalingGroupsResponse::new(
        "R".parse().unwrap(),
        ess_protection::ApiVersion::V2014_08_28,
        10,
    );
    for policies in [vec![String::new()], vec![], vec!["OldestInstance".to_owned()]] {
        let mut group = ScalingGroupInfo::new("asg-1".parse().unwrap());
        group.removal_policies = Some(policies);
        page.scaling_groups = vec![group];
        assert_eq!(
            DescribeScalingGroupsResponse::from_xml(page.to_xml().as_bytes()).as_ref(),
            Ok(&page)
        );
    }
    let mut plan = ScaleWithAdjustmentResponse::new(None, "R".parse().unwrap());
    for allocations in [vec![ResourceAllocation::new(-2)], vec![]] {
        plan.plan_result = Some(allocations);
        assert_eq!(
            ScaleWithAdjustmentResponse::from_xml(plan.to_xml().as_bytes()).as_ref(),
            Ok(&plan)
        );
    }
}
