//! `ess-protection conformance`: every sample of the reference page, run
//! through the library, with a readable report.

use std::fmt::Write as _;

use ess_protection::model::{GroupState, InstanceState, Sequential, State};
use ess_protection::{
    ActivityStatus, ApiError, ApiVersion, DescribeScalingGroups, DescribeScalingInstances,
    DescribeScalingInstancesResponse, ErrorBody, ErrorCode, Format, InstanceId, ModifyScalingGroup,
    OneOrMany, Parser, RemoveInstances, RemoveInstancesResponse, Request, RequestId,
    ScaleWithAdjustment, ScalingGroupId, SetInstancesProtection, SetInstancesProtectionResponse,
};

const SAMPLE_REQUEST: &str = include_str!("../../../tests/samples/request.txt");
const SAMPLE_XML: &str = include_str!("../../../tests/samples/response.xml");
const SAMPLE_JSON: &str = include_str!("../../../tests/samples/response.json");
/// The documentation's samples of the operations used with it (what they
/// elide with `…` filled in).
const DESCRIBE_JSON: &str = include_str!("../../../tests/samples/describe_scaling_instances.json");
const REMOVE_JSON: &str = include_str!("../../../tests/samples/remove_instances.json");

/// The known defects of the page's sample request, one a line, as
/// strict parsing reports them (shared with the library's tests).
const SAMPLE_DEFECTS: &str = include_str!("../../../tests/samples/request.defects.txt");

/// The reference page's error table: HTTP status, code, message.
const PAGE_ERRORS: [(u16, &str, &str); 4] = [
    (
        400,
        "IncorrectScalingGroupStatus",
        "The current status of the specified scaling group does not support this action.",
    ),
    (
        403,
        "Forbidden.Unauthorized",
        "A required authorization for the specified action is not supplied.",
    ),
    (404, "InvalidInstanceId.NotFound", "Instance \u{201c}XXX\u{201d} does not exist."),
    (404, "InvalidScalingGroupId.NotFound", "The specified scaling group does not exist."),
];

const REQUEST_ID: &str = "04F0F334-1335-436C-A1D7-6C044FE73368";

pub struct Report {
    pub text: String,
    pub failed: usize,
}

struct Checks {
    text: String,
    passed: usize,
    failed: usize,
}

impl Checks {
    fn section(&mut self, title: &str) {
        let _ = writeln!(self.text, "\n{title}");
    }

    fn check(&mut self, ok: bool, what: impl AsRef<str>) {
        let mark = if ok { "ok  " } else { "FAIL" };
        let _ = writeln!(self.text, "  {mark}  {}", what.as_ref());
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
    }

    fn note(&mut self, line: impl AsRef<str>) {
        let _ = writeln!(self.text, "          {}", line.as_ref());
    }
}

/// Whitespace between tokens removed, to compare bodies "up to whitespace".
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

pub fn run() -> Report {
    let mut c = Checks {
        text: String::from("SetInstancesProtection conformance: the reference page's samples\n"),
        passed: 0,
        failed: 0,
    };

    c.section("Sample request, parsed strictly (the page prints it with defects)");
    match Parser::strict().parse_query::<SetInstancesProtection>(SAMPLE_REQUEST) {
        Ok(parsed) => c.check(false, format!("accepted, but it is not valid: {}", parsed.request)),
        Err(rejection) => {
            let error = rejection.api_error();
            c.check(
                rejection.http_status() == 400 && error.code == ErrorCode::MissingParameter,
                format!(
                    "rejected: HTTP {} {}: {}",
                    rejection.http_status(),
                    error.code,
                    error.message
                ),
            );
            let listed: Vec<String> =
                rejection.problems().iter().map(ToString::to_string).collect();
            let expected: Vec<&str> = SAMPLE_DEFECTS.lines().collect();
            c.check(listed == expected, "its known defects, each named:");
            for problem in &listed {
                c.note(format!("- {problem}"));
            }
        }
    }

    c.section("Sample request, parsed leniently (what it meant)");
    match Parser::lenient().parse_query::<SetInstancesProtection>(SAMPLE_REQUEST) {
        Ok(parsed) => {
            let r = &parsed.request.operation;
            let ids: Vec<&str> = r.instance_ids.iter().map(|i| i.as_str()).collect();
            c.check(
                r.scaling_group_id.as_str() == "AG6CQdPU8OKdwLjgZcJ2eaQ"
                    && ids == ["i-28wt48iaa", "i-28wt48ibb"]
                    && r.protected_from_scale_in.get(),
                format!(
                    "group {}, instances {}, protected {}",
                    r.scaling_group_id,
                    ids.join(", "),
                    r.protected_from_scale_in
                ),
            );
            c.note(parsed.request.to_query());
            for warning in &parsed.warnings {
                c.note(format!("repaired: {warning}"));
            }
        }
        Err(rejection) => c.check(false, format!("still rejected: {rejection}")),
    }

    c.section("Sample responses");
    type Body = SetInstancesProtectionResponse;
    let xml = Body::from_xml(SAMPLE_XML.as_bytes());
    let json = Body::from_json(SAMPLE_JSON.as_bytes());
    for (name, parsed, sample, render) in [
        ("XML", &xml, SAMPLE_XML, Body::to_xml as fn(&Body) -> String),
        ("JSON", &json, SAMPLE_JSON, Body::to_json),
    ] {
        match parsed {
            Ok(r) => {
                c.check(
                    r.request_id.as_str() == REQUEST_ID,
                    format!("{name}: RequestId {}", r.request_id),
                );
                c.check(
                    squash(&render(r)) == squash(sample),
                    format!("{name}: renders back to the sample"),
                );
            }
            Err(e) => c.check(false, format!("{name}: {e}")),
        }
    }
    c.check(
        matches!((&xml, &json), (Ok(a), Ok(b)) if a == b),
        "the XML and JSON samples are one value",
    );

    c.section("Error codes of the page");
    for (status, code, message) in PAGE_ERRORS {
        let (Ok(parsed), Ok(id)) = (code.parse::<ErrorCode>(), REQUEST_ID.parse::<RequestId>())
        else {
            c.check(false, format!("{status} {code}: not a code"));
            continue;
        };
        let entry = parsed.entry();
        let documented = entry.map(|e| (e.http_status, e.documented_message()));
        let body =
            ErrorBody::new(ApiError::new(parsed.clone(), "i-28wt48iaa"), id, "ess.aliyuncs.com");
        let round_trips = ErrorBody::from_xml(body.render(Format::Xml).body.as_bytes()).as_ref()
            == Ok(&body)
            && ErrorBody::from_json(body.render(Format::Json).body.as_bytes()).as_ref()
                == Ok(&body);
        c.check(
            parsed.as_str() == code
                && documented == Some((status, message.to_owned()))
                && round_trips,
            format!("{status} {code}: {message}"),
        );
    }

    neighbours(&mut c);
    behaviour(&mut c);
    triggers(&mut c);

    let _ = writeln!(c.text, "\n{} passed, {} failed", c.passed, c.failed);
    Report { text: c.text.trim_end().to_owned(), failed: c.failed }
}

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

/// The documented samples of DescribeScalingInstances and RemoveInstances.
fn neighbours(c: &mut Checks) {
    c.section("Samples of the operations used with it (DescribeScalingInstances, RemoveInstances)");
    match DescribeScalingInstancesResponse::from_json(DESCRIBE_JSON.as_bytes()) {
        Ok(body) => {
            let first = body.scaling_instances.first();
            c.check(
                (body.total_count, body.page_number, body.page_size, body.total_spot_count)
                    == (1, 1, 10, Some(0))
                    && body.version == ApiVersion::V2014_08_28
                    && first.is_some_and(|i| {
                        i.instance_id.as_str() == "i-28wt4****"
                            && i.entrusted == Some(true)
                            && i.load_balancer_weight == Some(50)
                            && i.creation_time.as_deref() == Some("2020-12-21T03:11Z")
                    }),
                "DescribeScalingInstances (2014-08-28): 1 instance, its list wrapped in ScalingInstance",
            );
            c.check(
                squash(&body.to_json()) == squash(DESCRIBE_JSON),
                "DescribeScalingInstances: renders back to the sample",
            );
            let xml = DescribeScalingInstancesResponse::from_xml(body.to_xml().as_bytes());
            c.check(xml.as_ref() == Ok(&body), "DescribeScalingInstances: reads back from XML");
            let mut newer = body.clone();
            newer.version = ApiVersion::V2022_02_22;
            let json = newer.to_json();
            c.check(
                json.contains(r#""ScalingInstances":[{"InstanceId":"i-28wt4****""#)
                    && DescribeScalingInstancesResponse::from_json(json.as_bytes()) == Ok(newer),
                "DescribeScalingInstances (2022-02-22): the list is a plain array",
            );
        }
        Err(e) => c.check(false, format!("DescribeScalingInstances: {e}")),
    }
    match RemoveInstancesResponse::from_json(REMOVE_JSON.as_bytes()) {
        Ok(body) => {
            c.check(
                body.scaling_activity_id.as_str() == "asa-bp175o6f6ego3r2j****"
                    && squash(&body.to_json()) == squash(REMOVE_JSON)
                    && RemoveInstancesResponse::from_xml(body.to_xml().as_bytes()) == Ok(body),
                "RemoveInstances: its ScalingActivityId; renders back; reads back from XML",
            );
        }
        Err(e) => c.check(false, format!("RemoveInstances: {e}")),
    }
    for (status, code, message) in RELATED_ERRORS {
        let entry = code.parse::<ErrorCode>().ok().and_then(|c| c.entry().copied());
        c.check(
            entry.is_some_and(|e| e.http_status == status && e.documented_message() == message),
            format!("{status} {code}: {message}"),
        );
    }
}

/// The errors the pages of the related operations list beyond the page's.
const RELATED_ERRORS: [(u16, &str, &str); 2] = [
    (
        400,
        "IncorrectCapacity.MinSize",
        "To remove the instances, the total capacity will be lesser than the MinSize.",
    ),
    (
        400,
        "ScalingActivityInProgress",
        "You cannot delete a scaling group or launch a new scaling activity while there is a scaling activity in progress for the specified scaling group.",
    ),
];

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
fn behaviour(c: &mut Checks) {
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
fn triggers(c: &mut Checks) {
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
