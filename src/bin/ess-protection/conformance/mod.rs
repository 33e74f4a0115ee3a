//! `ess-protection conformance`: every sample of the reference page, run
//! through the library, with a readable report.

mod model;

use std::fmt::Write as _;

use ess_protection::{
    ApiError, ApiVersion, DescribeScalingInstancesResponse, ErrorBody, ErrorCode, Format, Parser,
    RemoveInstancesResponse, RequestId, SetInstancesProtection, SetInstancesProtectionResponse,
};

const SAMPLE_REQUEST: &str = include_str!("../../../../tests/samples/request.txt");
const SAMPLE_XML: &str = include_str!("../../../../tests/samples/response.xml");
const SAMPLE_JSON: &str = include_str!("../../../../tests/samples/response.json");
/// The documentation's samples of the operations used with it (what they
/// elide with `…` filled in).
const DESCRIBE_JSON: &str =
    include_str!("../../../../tests/samples/describe_scaling_instances.json");
const REMOVE_JSON: &str = include_str!("../../../../tests/samples/remove_instances.json");

/// The known defects of the page's sample request, one a line, as
/// strict parsing reports them (shared with the library's tests).
const SAMPLE_DEFECTS: &str = include_str!("../../../../tests/samples/request.defects.txt");

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
    pub(super) fn section(&mut self, title: &str) {
        let _ = writeln!(self.text, "\n{title}");
    }

    pub(super) fn check(&mut self, ok: bool, what: impl AsRef<str>) {
        let mark = if ok { "ok  " } else { "FAIL" };
        let _ = writeln!(self.text, "  {mark}  {}", what.as_ref());
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
    }

    pub(super) fn note(&mut self, line: impl AsRef<str>) {
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
    model::behaviour(&mut c);
    model::triggers(&mut c);
    model::states(&mut c);

    let _ = writeln!(c.text, "\n{} passed, {} failed", c.passed, c.failed);
    Report { text: c.text.trim_end().to_owned(), failed: c.failed }
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
