//! `ess-protection serve` and the operations of capacity: signed as the
//! SDKs sign them, every change on disk before its answer, the errors as
//! error bodies, and RAM on the groups an answer draws from.
#![cfg(feature = "server")]

#[path = "common/server.rs"]
mod server;

use serde_json::Value;
use server::*;

/// Sends a signed GET (1.0) and reads the JSON answer.
fn call(server: &Server, query: &str) -> (u16, Value) {
    let answer = server.send(&signed_get(query));
    (answer.status, serde_json::from_str(&answer.body).unwrap())
}

/// The state file, read right after an answer.
fn on_disk(server: &Server) -> Value {
    serde_json::from_str(&std::fs::read_to_string(&server.state_file).unwrap()).unwrap()
}

fn ids(group: &Value) -> Vec<String> {
    let instances = group["Instances"].as_array().unwrap();
    instances.iter().map(|i| i["InstanceId"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_change_of_size_spares_protection_and_is_on_disk_before_its_answer() {
    let server = Server::start("capacity-size", STATE);
    assert_eq!(server.send(&signed_get(&query("asg-demo", &["i-web-1"], true))).status, 200);
    // Five instances, i-web-1 protected, i-web-5 in Standby: to 2, three go.
    let (status, body) = call(
        &server,
        "Action=ModifyScalingGroup&Version=2014-08-28&ScalingGroupId=asg-demo&MinSize=0&MaxSize=6&DesiredCapacity=1",
    );
    assert_eq!((status, body.as_object().unwrap().len()), (200, 1), "{body}");
    let file = on_disk(&server);
    let group = &file["ScalingGroups"][0];
    assert_eq!(ids(group), ["i-web-1", "i-web-5"]);
    assert_eq!(group["DesiredCapacity"], 1);
    let activity = &group["ScalingActivities"][0];
    assert_eq!(activity["StatusCode"], "Warning", "{activity}");
    assert_eq!(
        activity["DestroyedInstances"],
        serde_json::json!(["i-web-2", "i-web-3", "i-web-4"])
    );
    // The counters, in the 2014 shape, as cluster-autoscaler reads them.
    let (status, body) = call(
        &server,
        "Action=DescribeScalingGroups&Version=2014-08-28&RegionId=cn-hangzhou&ScalingGroupId.1=asg-demo",
    );
    assert_eq!(status, 200, "{body}");
    let info = &body["ScalingGroups"]["ScalingGroup"][0];
    assert_eq!(
        [
            &info["TotalCapacity"],
            &info["ProtectedCapacity"],
            &info["StandbyCapacity"],
            &info["ActiveCapacity"]
        ],
        [2, 1, 1, 0]
    );
    assert_eq!(info["RemovalPolicies"]["RemovalPolicy"], serde_json::json!(["OldestInstance"]));
    // The activity, in the 2022 shape, signed with V3.
    let describe = "RegionId=cn-hangzhou&ScalingGroupId=asg-demo";
    let answer = server.send(&signed_v3_of(
        "DescribeScalingActivities",
        "2022-02-22",
        describe,
        SECRET,
        &nonce(),
        now(),
    ));
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(answer.status, 200, "{body}");
    let shown = &body["ScalingActivities"][0];
    assert_eq!(shown["ScalingActivityId"], activity["ScalingActivityId"]);
    assert_eq!(shown["DestroyedInstances"], serde_json::json!(["i-web-2", "i-web-3", "i-web-4"]));
    assert_eq!(
        (shown["StatusCode"].as_str(), shown["TotalCapacity"].as_str()),
        (Some("Warning"), Some("2"))
    );
}

#[test]
fn an_adjustment_creates_instances_with_the_services_ids() {
    let server = Server::start("capacity-adjust", STATE);
    let (status, body) = call(
        &server,
        "Action=ScaleWithAdjustment&Version=2014-08-28&ScalingGroupId=asg-demo\
         &AdjustmentType=QuantityChangeInCapacity&AdjustmentValue=2&ClientToken=adjust-1",
    );
    assert_eq!(status, 200, "{body}");
    let activity = body["ScalingActivityId"].as_str().unwrap().to_owned();
    assert!(activity.starts_with("asa-") && activity.len() == 24, "{activity}");
    let file = on_disk(&server);
    let group = &file["ScalingGroups"][0];
    let created: Vec<String> = ids(group).split_off(5);
    assert_eq!(created.len(), 2);
    for id in &created {
        assert!(id.starts_with("i-") && id.len() == 22, "{id}");
        assert!(id[2..].chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{id}");
    }
    let new = &group["Instances"][5];
    assert_eq!(
        (new["LifecycleState"].as_str(), new["CreationType"].as_str()),
        (Some("InService"), Some("AutoCreated"))
    );
    assert_eq!(new["ScalingActivityId"], activity.as_str());
    // The same request under its token: the same activity, nothing more.
    let (_, again) = call(
        &server,
        "Action=ScaleWithAdjustment&Version=2014-08-28&ScalingGroupId=asg-demo\
         &AdjustmentType=QuantityChangeInCapacity&AdjustmentValue=2&ClientToken=adjust-1",
    );
    assert_eq!(again["ScalingActivityId"], activity.as_str());
    assert_eq!(ids(&on_disk(&server)["ScalingGroups"][0]).len(), 7);
}

#[test]
fn the_models_errors_as_error_bodies() {
    let server = Server::start("capacity-errors", STATE);
    let before = std::fs::read(&server.state_file).unwrap();
    let refused = |query: &str| {
        let (status, body) = call(&server, query);
        (
            status,
            body["Code"].as_str().unwrap_or("").to_owned(),
            body["Message"].as_str().unwrap_or("").to_owned(),
        )
    };
    assert_eq!(
        refused(
            "Action=ModifyScalingGroup&Version=2014-08-28&ScalingGroupId=asg-demo&MinSize=3&MaxSize=2"
        ),
        (
            400,
            "InvalidParameter.Conflict".into(),
            "The value of parameter MinSize and parameter MaxSize are confilict.".into()
        )
    );
    assert_eq!(
        refused("Action=ScaleWithAdjustment&Version=2014-08-28&ScalingGroupId=asg-demo&AdjustmentType=TotalCapacity&AdjustmentValue=5").1,
        "IncorrectCapacity.NoChange"
    );
    assert_eq!(
        refused("Action=ScaleWithAdjustment&Version=2014-08-28&ScalingGroupId=asg-disabled&AdjustmentType=TotalCapacity&AdjustmentValue=5").1,
        "IncorrectScalingGroupStatus"
    );
    assert_eq!(
        refused("Action=DescribeScalingActivities&Version=2014-08-28&RegionId=cn-hangzhou&ScalingGroupId=asg-none").0,
        404
    );
    // The parser's errors name the parameter.
    let (status, code, message) = refused(
        "Action=ScaleWithAdjustment&Version=2014-08-28&ScalingGroupId=asg-demo&AdjustmentType=TotalCapacity&AdjustmentValue=-1",
    );
    assert_eq!((status, code.as_str()), (400, "InvalidParameter"));
    assert!(message.contains("AdjustmentValue"), "{message}");
    assert_eq!(std::fs::read(&server.state_file).unwrap(), before, "refusals change nothing");
    // An activity left in progress refuses the next one.
    let mut state: Value = serde_json::from_str(STATE).unwrap();
    state["ScalingGroups"][0]["ScalingActivities"] = serde_json::json!([{"ScalingActivityId": "asa-running",
        "StatusCode": "InProgress", "StartTime": "2026-01-01T00:00:00Z"}]);
    let put = server.request("PUT", "/_emulator/state", &[], state.to_string().as_bytes());
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(
        refused("Action=ModifyScalingGroup&Version=2014-08-28&ScalingGroupId=asg-demo&MaxSize=1").1,
        "ScalingActivityInProgress"
    );
}

const KEYS: &str = r#"{"AccessKeys": [
  {"AccessKeyId": "sizer", "AccessKeySecret": "sizersecret", "AccountId": "1234567890123456",
   "Policies": [{"Version": "1", "Statement": [{"Effect": "Allow",
     "Action": ["ess:DescribeScalingGroups", "ess:ModifyScalingGroup", "ess:DescribeScalingActivities"],
     "Resource": "acs:ess:*:*:scalinggroup/asg-demo"}]}]}]}"#;

#[test]
fn ram_covers_every_group_an_answer_draws_from() {
    let dir = folder("capacity-ram");
    let file = dir.join("state.json");
    std::fs::write(&file, STATE).unwrap();
    let keys = dir.join("keys.json");
    std::fs::write(&keys, KEYS).unwrap();
    let key = format!("{KEY_ID}:{SECRET}");
    let server = Server::start_on(&file, &["--access-key", &key, "--keys", keys.to_str().unwrap()]);
    let as_sizer = |query: &str| {
        let signed = sign_v1_as("sizer", query, "sizersecret", &nonce(), now());
        let answer = server.send(&raw_request("GET", &format!("/?{signed}"), &[], b""));
        (answer.status, answer.code())
    };
    let ok = (200, String::new());
    let denied = (403, "Forbidden.Unauthorized".to_owned());
    assert_eq!(
        as_sizer("Action=ModifyScalingGroup&Version=2014-08-28&ScalingGroupId=asg-demo&MaxSize=9"),
        ok
    );
    assert_eq!(
        as_sizer(
            "Action=ModifyScalingGroup&Version=2014-08-28&ScalingGroupId=asg-disabled&MaxSize=9"
        ),
        denied
    );
    // Its own group by id; the region's groups would show asg-disabled.
    let groups = "Action=DescribeScalingGroups&Version=2014-08-28&RegionId=cn-hangzhou";
    assert_eq!(as_sizer(&format!("{groups}&ScalingGroupId.1=asg-demo")), ok);
    assert_eq!(as_sizer(groups), denied);
    assert_eq!(as_sizer(&format!("{groups}&ScalingGroupName=web")), denied);
    let activities = "Action=DescribeScalingActivities&Version=2014-08-28&RegionId=cn-hangzhou";
    assert_eq!(as_sizer(&format!("{activities}&ScalingGroupId=asg-demo")), ok);
    assert_eq!(as_sizer(&format!("{activities}&ScalingActivityId.1=asa-1")), denied);
    // Not granted at all.
    let enable = "Action=EnableScalingGroup&Version=2014-08-28&ScalingGroupId=asg-disabled";
    assert_eq!(as_sizer(enable), denied);
    assert_eq!(
        as_sizer(
            "Action=EnterStandby&Version=2014-08-28&ScalingGroupId=asg-demo&InstanceId.1=i-web-1"
        ),
        denied
    );
    assert_eq!(
        as_sizer(
            "Action=ScaleWithAdjustment&Version=2014-08-28&ScalingGroupId=asg-demo&AdjustmentType=TotalCapacity&AdjustmentValue=1"
        ),
        denied
    );
}

#[test]
fn group_and_instance_states_through_the_server() {
    let server = Server::start("group-states", STATE);
    let disable = "Action=DisableScalingGroup&Version=2014-08-28&ScalingGroupId=asg-demo";
    assert_eq!(call(&server, disable).0, 200);
    assert_eq!(on_disk(&server)["ScalingGroups"][0]["LifecycleState"], "Inactive");
    // The page's first error, reached through the API.
    let (status, body) = call(&server, &query("asg-demo", &["i-web-1"], true));
    assert_eq!((status, body["Code"].as_str()), (400, Some("IncorrectScalingGroupStatus")));
    // Enabled again, attaching one instance (the state has no configuration:
    // the request names a launch template).
    let enable = "Action=EnableScalingGroup&Version=2014-08-28&ScalingGroupId=asg-demo\
                  &LaunchTemplateId=lt-1&InstanceId.1=i-new&LoadBalancerWeight.1=30";
    let (status, body) = call(&server, enable);
    assert_eq!(status, 200, "{body}");
    let group = &on_disk(&server)["ScalingGroups"][0];
    assert_eq!(group["LifecycleState"], "Active");
    assert_eq!(ids(group).last().map(String::as_str), Some("i-new"));
    assert_eq!(group["Instances"][5]["CreationType"], "Attached");
    // Standby, signed with V3 as the 2022 SDK sends it.
    let answer = server.send(&signed_v3_of(
        "EnterStandby",
        "2022-02-22",
        "ScalingGroupId=asg-demo&InstanceIds.1=i-web-2",
        SECRET,
        &nonce(),
        now(),
    ));
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(answer.status, 200, "{body}");
    assert!(body["ScalingActivityId"].as_str().is_some_and(|a| a.starts_with("asa-")));
    assert_eq!(server.instance_state("i-web-2").as_deref(), Some("Standby"));
    let (status, body) = call(
        &server,
        "Action=EnterStandby&Version=2014-08-28&ScalingGroupId=asg-demo&InstanceId.1=i-web-5",
    );
    assert_eq!(status, 200, "{body}");
    // A protected instance is neither in standby nor in service.
    assert_eq!(call(&server, &query("asg-demo", &["i-web-1"], true)).0, 200);
    let (status, body) = call(
        &server,
        "Action=ExitStandby&Version=2014-08-28&ScalingGroupId=asg-demo&InstanceId.1=i-web-1",
    );
    assert_eq!((status, body["Code"].as_str()), (400, Some("IncorrectInstanceStatus")));
    let (status, _) = call(
        &server,
        "Action=ExitStandby&Version=2014-08-28&ScalingGroupId=asg-demo&InstanceId.1=i-web-5",
    );
    assert_eq!(status, 200);
    assert_eq!(server.instance_state("i-web-5").as_deref(), Some("InService"));
}
