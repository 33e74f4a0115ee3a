//! DescribeScalingInstances and RemoveInstances beside SetInstancesProtection:
//! parsing with every problem named, dispatch on `Action`, encoding, serde,
//! and their bodies both ways.

mod common;

use common::{report, snapshots};
use ess_protection::{
    AnyOperation, ApiVersion, Body, CreationType, DescribeScalingInstances,
    DescribeScalingInstancesResponse, ErrorCode, HealthStatus, HttpRequest, InstanceState,
    OneOrMany, Parsed, Parser, Rejection, RemoveInstances, RemoveInstancesResponse, RemovePolicy,
    Request, ResponseError, SetInstancesProtection, SingleOperation, read_response,
};

const DESCRIBE: &str = "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou";
const REMOVE: &str =
    "Action=RemoveInstances&Version=2014-08-28&ScalingGroupId=asg-1&InstanceId.1=i-1";

fn parse<O: SingleOperation>(q: &str) -> Result<Parsed<O>, Rejection> {
    Parser::strict().parse_query(q)
}

/// Every problem of a rejected query, as `parameter: detail`.
fn problems<O: SingleOperation>(q: &str) -> Vec<String> {
    parse::<O>(q).unwrap_err().problems().iter().map(ToString::to_string).collect()
}

#[test]
fn describe_takes_every_filter_in_both_versions() {
    let q = format!(
        "{DESCRIBE}&ScalingGroupId=asg-1&ScalingConfigurationId=asc-1&ScalingActivityId=asa-1\
         &HealthStatus=Unhealthy&LifecycleStates.1=Protected&LifecycleStates.2=Pending%3AWait\
         &CreationType=Attached&InstanceId.1=i-1&InstanceId.2=i-2&PageNumber=3&PageSize=50"
    );
    let d = parse::<DescribeScalingInstances>(&q).unwrap().request.operation;
    assert_eq!(d.region_id.as_str(), "cn-hangzhou");
    assert_eq!(d.scaling_group_id.as_ref().map(|g| g.as_str()), Some("asg-1"));
    assert_eq!(d.health_status, Some(HealthStatus::Unhealthy));
    let states = d.lifecycle_state.as_ref().unwrap();
    assert!(matches!(states, OneOrMany::Many(_)));
    assert_eq!(states.as_slice(), [InstanceState::Protected, InstanceState::PendingWait]);
    assert_eq!(d.creation_type, Some(OneOrMany::One(CreationType::Attached)));
    assert_eq!(d.instance_ids.as_ref().map(|i| i.len()), Some(2));
    assert_eq!((d.page_number().get(), d.page_size().get()), (3, 50));

    // 2022-02-22: InstanceIds.N, PageSize up to 100, CreationType Managed.
    let q = q
        .replace("2014-08-28", "2022-02-22")
        .replace("InstanceId.", "InstanceIds.")
        .replace("PageSize=50", "PageSize=100")
        .replace("CreationType=Attached", "CreationTypes.1=Managed&CreationTypes.2=AutoCreated");
    let request = parse::<DescribeScalingInstances>(&q).unwrap().request;
    assert_eq!(request.operation.page_size().get(), 100);
    assert!(request.operation.creation_type.as_ref().unwrap().contains(&CreationType::Managed));
    // Encoded as it came (the list form kept), canonically.
    snapshots(|| {
        insta::assert_snapshot!("describe_canonical", request.to_query().replace('&', "\n&"))
    });
    assert_eq!(parse::<DescribeScalingInstances>(&request.to_query()).unwrap().request, request);

    // Defaults: page 1 of 10.
    let minimal = parse::<DescribeScalingInstances>(DESCRIBE).unwrap().request.operation;
    assert_eq!((minimal.page_number().get(), minimal.page_size().get()), (1, 10));
}

#[test]
fn remove_takes_every_option_in_both_versions() {
    let q = format!(
        "{REMOVE}&InstanceId.2=i-2&RegionId=cn-hangzhou&RemovePolicy=recycle\
         &DecreaseDesiredCapacity=False&ClientToken=0c593ea1-3bea-11e9-b96b-88e9fe637760\
         &IgnoreInvalidInstance=True&StopInstanceTimeout=30\
         &LifecycleHookContext=%7B%22DisableLifecycleHook%22%3Atrue%7D"
    );
    let r = parse::<RemoveInstances>(&q).unwrap().request.operation;
    assert_eq!(r.instance_ids.len(), 2);
    assert_eq!(r.remove_policy, Some(RemovePolicy::Recycle));
    assert!(!r.decreases_desired_capacity() && r.ignores_invalid_instances());
    assert_eq!(r.stop_instance_timeout.map(|t| t.get()), Some(30));
    assert_eq!(
        r.lifecycle_hook_context.as_ref().map(|c| c.as_str()),
        Some(r#"{"DisableLifecycleHook":true}"#)
    );
    let v2022 = q.replace("2014-08-28", "2022-02-22").replace("InstanceId.", "InstanceIds.");
    let request = parse::<RemoveInstances>(&v2022).unwrap().request;
    snapshots(|| {
        insta::assert_snapshot!("remove_canonical", request.to_query().replace('&', "\n&"))
    });
    // Defaults: release, decrease, do not ignore.
    let plain = parse::<RemoveInstances>(REMOVE).unwrap().request.operation;
    assert!(plain.decreases_desired_capacity() && !plain.ignores_invalid_instances());
    assert_eq!(plain.remove_policy, None);
}

#[test]
fn every_problem_of_the_other_operations_is_named() {
    assert_eq!(
        problems::<DescribeScalingInstances>("Action=DescribeScalingInstances&Version=2014-08-28"),
        ["RegionId: required parameter is absent or empty"]
    );
    assert_eq!(
        problems::<DescribeScalingInstances>(&format!(
            "{DESCRIBE}&PageSize=51&PageNumber=0&HealthStatus=healthy&LifecycleState=Protected\
             &LifecycleStates.1=InService&LifecycleStates.21=Standby&CreationType=Managed\
             &InstanceIds.1=i-1"
        )),
        [
            "LifecycleStates.21: index must be from 1 to 20",
            "InstanceIds.1: version 2014-08-28 names the list InstanceId.N",
            "LifecycleStates.N: only one of it and LifecycleState may be given",
            "CreationType: expected AutoCreated or Attached",
            "PageSize: expected an integer from 1 to 50",
            "HealthStatus: expected Healthy or Unhealthy",
            "PageNumber: expected an integer from 1 to 2147483647",
        ]
    );
    assert_eq!(
        problems::<DescribeScalingInstances>(
            &format!("{DESCRIBE}&Version=2022-02-22&PageSize=101").replacen(
                "Version=2014-08-28&",
                "",
                1
            )
        ),
        ["PageSize: expected an integer from 1 to 100"]
    );
    assert_eq!(
        problems::<RemoveInstances>(
            "Action=RemoveInstances&Version=2022-02-22&StopInstanceTimeout=241&RemovePolicy=Release\
             &DecreaseDesiredCapacity=yes&ClientToken=%C3%A9&IgnoreInvalidInstance=1\
             &LifecycleHookContext=%5B%5D"
        ),
        [
            "ScalingGroupId: required parameter is absent or empty",
            "InstanceIds.N: no value is given",
            "RemovePolicy: expected release or recycle",
            "DecreaseDesiredCapacity: expected true or false",
            "ClientToken: expected 1 to 64 ASCII characters, none a control character",
            "IgnoreInvalidInstance: expected true or false",
            "StopInstanceTimeout: expected an integer from 30 to 240",
            "LifecycleHookContext: expected a JSON object",
        ]
    );
    let rejections = [
        ("describe: no RegionId", "Action=DescribeScalingInstances&Version=2014-08-28".to_owned()),
        ("describe: page size 51 in 2014-08-28", format!("{DESCRIBE}&PageSize=51")),
        (
            "describe: both state filters",
            format!("{DESCRIBE}&LifecycleState=Protected&LifecycleStates.1=InService"),
        ),
        ("describe: Managed in 2014-08-28", format!("{DESCRIBE}&CreationTypes.1=Managed")),
        (
            "remove: no instance",
            "Action=RemoveInstances&Version=2014-08-28&ScalingGroupId=asg-1".to_owned(),
        ),
        ("remove: 21 instances", format!("{REMOVE}&InstanceId.21=i-21")),
        ("remove: timeout 29", format!("{REMOVE}&StopInstanceTimeout=29")),
        ("remove: client token of 65", format!("{REMOVE}&ClientToken={}", "t".repeat(65))),
    ];
    let table: String = rejections
        .iter()
        .map(|(what, q)| {
            format!(
                "## {what}\n{q}\n{}\n",
                report(&Parser::strict().parse_query::<AnyOperation>(q))
            )
        })
        .collect();
    snapshots(|| insta::assert_snapshot!("operations_rejections", table));
}

#[test]
fn any_operation_dispatches_on_action_or_its_header() {
    for (q, action) in [
        (DESCRIBE, "DescribeScalingInstances"),
        (REMOVE, "RemoveInstances"),
        (
            "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=s&InstanceId.1=i&ProtectedFromScaleIn=true",
            "SetInstancesProtection",
        ),
    ] {
        let request = Parser::strict().parse_query::<AnyOperation>(q).unwrap().request;
        assert_eq!(request.operation.action(), action);
    }
    // The 2022 SDK in V3: the action in a header only.
    let http = HttpRequest::new("POST", "/?RegionId=cn-hangzhou&LifecycleState=Protected")
        .header("x-acs-action", "DescribeScalingInstances")
        .header("x-acs-version", "2022-02-22");
    let request = Parser::strict().parse_http::<AnyOperation>(&http).unwrap().request;
    let describe: Request<DescribeScalingInstances> = request.downcast().unwrap();
    assert_eq!(describe.version, ApiVersion::V2022_02_22);
    // Another operation of the same Auto Scaling API: not modelled.
    let r = Parser::strict()
        .parse_query::<AnyOperation>("Action=DeleteScalingGroup&Version=2014-08-28")
        .unwrap_err();
    assert_eq!(r.api_error().code, ErrorCode::UnsupportedOperation);
    assert_eq!(
        r.problems()[0].to_string(),
        "Action: not an operation this crate models (SetInstancesProtection, DescribeScalingInstances, \
         RemoveInstances, DescribeScalingGroups, ModifyScalingGroup, ScaleWithAdjustment, \
         DescribeScalingActivities, EnableScalingGroup, DisableScalingGroup, EnterStandby, \
         ExitStandby)"
    );
    // A parser of one operation names it.
    let r = parse::<RemoveInstances>(DESCRIBE).unwrap_err();
    assert_eq!(r.problems()[0].to_string(), "Action: expected RemoveInstances");
    // A request of one is a request of any, and back.
    let remove = parse::<RemoveInstances>(REMOVE).unwrap().request;
    let any = remove.clone().into_any();
    assert!(any.clone().downcast::<SetInstancesProtection>().is_err());
    assert_eq!(any.downcast::<RemoveInstances>().unwrap(), remove);
    // An operation's parameter sent with another is an extra one of it.
    let q = format!("{DESCRIBE}&ClientToken=t");
    let request = parse::<DescribeScalingInstances>(&q).unwrap().request;
    assert_eq!(request.extra.get("ClientToken"), Some("t"));
}

#[test]
fn serde_under_the_api_names() {
    let q =
        format!("{DESCRIBE}&LifecycleStates.1=Protected&PageSize=20&InstanceId.1=i-1&OwnerId=7");
    let request = Parser::strict().parse_query::<AnyOperation>(&q).unwrap().request;
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(
        json,
        r#"{"Action":"DescribeScalingInstances","Version":"2014-08-28","RegionId":"cn-hangzhou","LifecycleStates":["Protected"],"InstanceIds":["i-1"],"PageSize":20,"OwnerId":7}"#
    );
    assert_eq!(serde_json::from_str::<Request<AnyOperation>>(&json).unwrap(), request);
    let remove: Request<RemoveInstances> = serde_json::from_str(
        r#"{"ScalingGroupId":"asg-1","InstanceIds":["i-1"],"DecreaseDesiredCapacity":false,"StopInstanceTimeout":60}"#,
    )
    .unwrap();
    assert_eq!(remove.operation.stop_instance_timeout.map(|t| t.get()), Some(60));
    for (bad, message) in [
        (r#"{"RegionId":"r","PageSize":"10"}"#, "PageSize: expected an integer"),
        (r#"{"RegionId":"r","PageSize":0}"#, "PageSize: expected an integer from 1 to 50"),
        (r#"{"RegionId":"r","LifecycleState":["Protected"]}"#, "LifecycleState: expected a string"),
        (r#"{"RegionId":"r","LifecycleStates":"Protected"}"#, "LifecycleStates: expected an array"),
    ] {
        let error = serde_json::from_str::<Request<DescribeScalingInstances>>(bad).unwrap_err();
        assert!(error.to_string().starts_with(message), "{error}");
    }
}

const DESCRIBE_JSON: &[u8] = include_bytes!("samples/describe_scaling_instances.json");
const REMOVE_JSON: &[u8] = include_bytes!("samples/remove_instances.json");

#[test]
fn the_bodies_of_the_other_operations() {
    let page = DescribeScalingInstancesResponse::from_json(DESCRIBE_JSON).unwrap();
    let mut newer = page.clone();
    newer.version = ApiVersion::V2022_02_22;
    let removal = RemoveInstancesResponse::from_json(REMOVE_JSON).unwrap();
    snapshots(|| {
        insta::assert_snapshot!(
            "operations_bodies",
            format!(
                "## DescribeScalingInstances, 2014-08-28 JSON\n{}\n\n## 2022-02-22 JSON\n{}\n\n## XML\n{}\n## RemoveInstances JSON\n{}\n\n## XML\n{}",
                page.to_json(),
                newer.to_json(),
                page.to_xml(),
                removal.to_json(),
                removal.to_xml()
            )
        )
    });
    // Both JSON shapes read to the same page, but for the shape.
    assert_eq!(
        DescribeScalingInstancesResponse::from_json(newer.to_json().as_bytes()).unwrap(),
        newer
    );
    assert_eq!(DescribeScalingInstancesResponse::from_xml(page.to_xml().as_bytes()).unwrap(), page);
    // XML is the same in both versions, and reads back in the 2014 shape.
    assert_eq!(newer.to_xml(), page.to_xml());
    // One instance in XML is one element, not a list; none is an empty one.
    let xml = b"<DescribeScalingInstancesResponse><TotalCount>0</TotalCount><PageNumber>1</PageNumber>\
        <PageSize>10</PageSize><RequestId>R</RequestId><ScalingInstances/></DescribeScalingInstancesResponse>";
    assert!(DescribeScalingInstancesResponse::from_xml(xml).unwrap().scaling_instances.is_empty());
    // Typed members read from XML text; unknown ones kept.
    let xml = b"<DescribeScalingInstancesResponse><TotalCount>1</TotalCount><PageNumber>1</PageNumber>\
        <PageSize>10</PageSize><RequestId>R</RequestId><ScalingInstances><ScalingInstance>\
        <InstanceId>i-1</InstanceId><Entrusted>true</Entrusted><WeightedCapacity>2</WeightedCapacity>\
        <ReplaceStatus>None</ReplaceStatus></ScalingInstance></ScalingInstances></DescribeScalingInstancesResponse>";
    let one = DescribeScalingInstancesResponse::from_xml(xml).unwrap();
    let i = &one.scaling_instances[0];
    assert_eq!((i.entrusted, i.weighted_capacity), (Some(true), Some(2)));
    assert_eq!(i.extra["ReplaceStatus"], "None");
    // What is wrong with a body, named.
    for (body, message) in [
        (&br#"{"TotalCount":"x","PageNumber":1,"PageSize":1,"RequestId":"R"}"#[..], "TotalCount is not an integer"),
        (br#"{"PageNumber":1,"PageSize":1,"RequestId":"R"}"#, "TotalCount is missing"),
        (
            br#"{"TotalCount":1,"PageNumber":1,"PageSize":1,"RequestId":"R","ScalingInstances":{"X":[]}}"#,
            "ScalingInstances: expected an array, or an object of ScalingInstance",
        ),
        (
            br#"{"TotalCount":1,"PageNumber":1,"PageSize":1,"RequestId":"R","ScalingInstances":[{"Entrusted":true}]}"#,
            "ScalingInstances: missing field `InstanceId`",
        ),
    ] {
        let error = DescribeScalingInstancesResponse::from_json(body).unwrap_err();
        assert_eq!(error.to_string(), message);
    }
    assert_eq!(
        RemoveInstancesResponse::from_json(br#"{"RequestId":"R"}"#).unwrap_err().to_string(),
        "ScalingActivityId is missing"
    );
}

#[test]
fn a_client_reads_each_operations_answer() {
    assert!(matches!(Body::parse(None, DESCRIBE_JSON), Ok(Body::DescribeScalingInstances(_))));
    assert!(matches!(Body::parse(None, REMOVE_JSON), Ok(Body::RemoveInstances(_))));
    let xml = RemoveInstancesResponse::from_json(REMOVE_JSON).unwrap().to_xml();
    assert!(matches!(Body::parse(None, xml.as_bytes()), Ok(Body::RemoveInstances(_))));
    let page =
        read_response::<DescribeScalingInstances>(200, Some("application/json"), DESCRIBE_JSON)
            .unwrap();
    assert_eq!(page.total_count, 1);
    let removal = read_response::<RemoveInstances>(200, None, REMOVE_JSON).unwrap();
    assert_eq!(removal.scaling_activity_id.as_str(), "asa-bp175o6f6ego3r2j****");
    let error = br#"{"RequestId":"R","HostId":"ess.aliyuncs.com","Code":"IncorrectCapacity.MinSize","Message":"To remove the instances, the total capacity will be lesser than the MinSize."}"#;
    let Err(ResponseError::Service { status, body }) =
        read_response::<RemoveInstances>(400, None, error)
    else {
        panic!()
    };
    assert_eq!((status, body.is_retryable()), (400, false));
    assert_eq!(body.code, ErrorCode::IncorrectCapacityMinSize);
    // A success body with an error status is a mismatch, kept whole.
    let Err(ResponseError::Mismatch { body, .. }) =
        read_response::<RemoveInstances>(500, None, REMOVE_JSON)
    else {
        panic!()
    };
    assert!(matches!(*body, Body::RemoveInstances(_)));
    assert!(ErrorCode::ScalingActivityInProgress.is_retryable());
}

/// An extra parameter may not take the name of an operation's parameter,
/// nor of an item of its lists — even where a list shares its name with
/// another parameter (`ScalingGroupName` and `ScalingGroupName.N`), or its
/// items are structs (`Tag.N.Key`). The fuzzer found the first.
#[test]
fn extra_parameters_keep_off_every_operations_names() {
    let mut extra = ess_protection::ExtraParams::new();
    for name in
        ["ScalingGroupName", "ScalingGroupName.3", "Tag.1.Key", "RemovalPolicies.2", "MinSize"]
    {
        assert!(extra.insert(name, "x").is_err(), "{name}");
    }
    assert!(extra.insert("ScalingGroupNameX", "x").is_ok());
    assert!(
        extra.insert("HealthCheckTypes.1", "ECS").is_ok(),
        "a parameter the model keeps as it came"
    );
}
