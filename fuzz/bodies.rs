//! The bodies of the fuzz targets. The cargo-fuzz binaries call them, and
//! so does the library's `tests/fuzz_corpus.rs`, over the committed corpus,
//! on the stable toolchain: every input that once failed stays a test.
//!
//! Each body asserts invariants; a failed assertion is a finding.

use arbitrary::{Arbitrary, Unstructured};
use ess_protection::{
    ActivityStatus, AdjustmentType, AnyOperation, ApiVersion, Body, ClientToken, CreationType,
    DescribeScalingActivities, DescribeScalingActivitiesResponse, DescribeScalingGroups,
    DescribeScalingGroupsResponse, DescribeScalingInstances, DescribeScalingInstancesResponse,
    DisableScalingGroup, DisableScalingGroupResponse, EnableScalingGroup,
    EnableScalingGroupResponse, EnterStandby, EnterStandbyResponse, ErrorBody, ErrorCode,
    ExecutionMode, ExitStandby, ExitStandbyResponse, ExtraParams, Format, GroupSize, HealthStatus,
    InstanceId, InstanceIds, InstanceState, List, LoadBalancerWeight, MinAdjustmentMagnitude,
    ModifyScalingGroup, ModifyScalingGroupResponse, OneOrMany, PageNumber, PageSize, Parser,
    RegionId, RemovalPolicy, RemoveInstances, RemoveInstancesResponse, RemovePolicy, Request,
    RequestId, ResourceAllocation, ResponseBody, ScaleWithAdjustment, ScaleWithAdjustmentResponse,
    ScalingActivity, ScalingGroupId, ScalingGroupInfo, ScalingInstance, SetInstancesProtection,
    SetInstancesProtectionResponse, SingleOperation, StopInstanceTimeout, TagFilter, Timestamp,
    read_response,
};

/// The request parser on arbitrary bytes, for any operation. The first byte
/// chooses: bit 0 lenient, bit 1 query + form body (split at the first NUL
/// byte).
pub fn request(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else { return };
    let parser = if flags & 1 == 0 { Parser::strict() } else { Parser::lenient() };
    let (query, body) = if flags & 2 == 0 {
        (rest, None)
    } else {
        let at = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        (&rest[..at], Some(rest.get(at + 1..).unwrap_or_default()))
    };
    let parse = |parser: Parser| match body {
        None => parser.parse_query::<AnyOperation>(query),
        Some(body) => parser.parse_form::<AnyOperation>(query, body),
    };
    match parse(parser) {
        Ok(parsed) => {
            // Whatever is accepted encodes canonically and parses back equal.
            let query = parsed.request.to_query();
            let again = Parser::strict()
                .parse_query::<AnyOperation>(&query)
                .expect("its own encoding parses");
            assert_eq!(again.request, parsed.request);
            assert_eq!(again.request.to_query(), query);
            // A parser of the one operation reads the same request.
            let request = parsed.request;
            macro_rules! each_typed {
                ($($name:ident($module:ident, $response:ident)),+ $(,)?) => {
                    match &request.operation {
                        $(AnyOperation::$name(_) => typed::<ess_protection::$name>(&request, &query),)+
                        _ => unreachable!("the parser gives no other operation"),
                    }
                };
            }
            ess_protection::__for_each_operation!(each_typed);
        }
        Err(rejection) => {
            assert!(!rejection.problems().is_empty());
            assert!(rejection.problems().len() <= 200);
            let error = rejection.api_error();
            assert!(matches!(
                error.code,
                ErrorCode::MissingParameter
                    | ErrorCode::InvalidParameter
                    | ErrorCode::UnsupportedOperation
                    | ErrorCode::NoSuchVersion
            ));
            assert_eq!(rejection.http_status(), 400);
            assert!(!error.message.is_empty());
        }
    }
}

/// The request, parsed as one of operation `O`, is the same.
fn typed<O: SingleOperation>(any: &Request<AnyOperation>, query: &str) {
    let one = Parser::strict().parse_query::<O>(query).expect("the operation's parser reads it");
    assert_eq!(one.request.into_any(), *any);
}

/// The response parsers on arbitrary bytes. The first byte chooses the
/// content type (bits 0–1: none, XML, JSON, other) and whether an HTTP
/// status follows in the next two bytes (bit 2).
pub fn response(data: &[u8]) {
    let Some((&flags, mut rest)) = data.split_first() else { return };
    let content_type =
        [None, Some("text/xml;charset=utf-8"), Some("application/json"), Some("text/html")]
            [usize::from(flags & 3)];
    let status = if flags & 4 != 0 && rest.len() >= 2 {
        let s = u16::from_be_bytes([rest[0], rest[1]]);
        rest = &rest[2..];
        Some(s)
    } else {
        None
    };
    // Every operation's body reader, and its response reader.
    macro_rules! each_body {
        ($($name:ident($module:ident, $response:ident)),+ $(,)?) => {$(
            let _ = ess_protection::$response::from_xml(rest);
            let _ = ess_protection::$response::from_json(rest);
            if let Some(status) = status {
                let _ = read_response::<ess_protection::$name>(status, content_type, rest);
            }
        )+};
    }
    ess_protection::__for_each_operation!(each_body);
    let _ = ErrorBody::from_xml(rest);
    let _ = ErrorBody::from_json(rest);
    let Ok(body) = Body::parse(content_type, rest) else { return };
    // What is read renders in the same format and reads back equal.
    let xml_first = rest.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|&b| b == b'<');
    let is_xml = match content_type {
        Some(ct) if ct.contains("xml") => true,
        Some(ct) if ct.contains("json") => false,
        _ => xml_first,
    };
    let text = body.render(if is_xml { Format::Xml } else { Format::Json }).body;
    assert_eq!(Body::parse(content_type, text.as_bytes()).as_ref(), Ok(&body), "{text}");
}

#[derive(Arbitrary, Debug)]
struct RawRequest {
    /// Which operation, in the table's order (modulo 11):
    /// `SetInstancesProtection`, `DescribeScalingInstances`,
    /// `RemoveInstances`, `DescribeScalingGroups`, `ModifyScalingGroup`,
    /// `ScaleWithAdjustment`, `DescribeScalingActivities`,
    /// `EnableScalingGroup`, `DisableScalingGroup`, `EnterStandby`,
    /// `ExitStandby`.
    operation: u8,
    v2022: bool,
    group: String,
    ids: Vec<String>,
    protected: bool,
    owner_id: Option<i64>,
    resource_owner_account: Option<String>,
    region_id: Option<String>,
    xml: Option<bool>,
    access_key_id: Option<String>,
    signature: Option<String>,
    nonce: Option<String>,
    timestamp: Option<u32>,
    /// Filters and options of the other two operations.
    states: Vec<u8>,
    creation: Option<(bool, Vec<u8>)>,
    health: Option<bool>,
    page: Option<(u32, u8)>,
    flags: (Option<bool>, Option<bool>, Option<bool>),
    token: Option<String>,
    timeout: Option<u16>,
    extra: Vec<(String, String)>,
}

/// Round trips of a generated valid request of any operation: canonical
/// encoding, both parsers, JSON; and the encoding is stable.
pub fn request_roundtrip(data: &[u8]) {
    let Ok(raw) = RawRequest::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let version = if raw.v2022 { ApiVersion::V2022_02_22 } else { ApiVersion::V2014_08_28 };
    let group = ScalingGroupId::try_from(raw.group).ok();
    let ids: Vec<InstanceId> =
        raw.ids.into_iter().filter_map(|s| InstanceId::try_from(s).ok()).collect();
    let ids = InstanceIds::try_from(ids).ok();
    let region = raw.region_id.and_then(|r| RegionId::try_from(r).ok());
    let operation: AnyOperation = match raw.operation % 11 {
        0 => {
            let (Some(group), Some(ids)) = (group, ids) else { return };
            let mut o = SetInstancesProtection::new(group, ids, raw.protected.into());
            o.region_id = region;
            o.into()
        }
        1 => {
            let Some(region) = region else { return };
            let mut o = DescribeScalingInstances::new(region);
            o.scaling_group_id = group;
            o.instance_ids = ids;
            let states: Vec<InstanceState> =
                raw.states.iter().map(|&s| InstanceState::ALL[usize::from(s) % 8]).collect();
            o.lifecycle_state = match states.as_slice() {
                [] => None,
                [one] if raw.protected => Some(OneOrMany::One(*one)),
                _ => List::try_from(states).ok().map(OneOrMany::Many),
            };
            o.creation_type = raw.creation.and_then(|(one, types)| {
                let n = if raw.v2022 { 3 } else { 2 };
                let types: Vec<CreationType> =
                    types.iter().map(|&t| CreationType::ALL[usize::from(t) % n]).collect();
                match types.as_slice() {
                    [single] if one => Some(OneOrMany::One(*single)),
                    _ => List::try_from(types).ok().map(OneOrMany::Many),
                }
            });
            o.health_status = raw.health.map(|h| HealthStatus::ALL[usize::from(h)]);
            if let Some((number, size)) = raw.page {
                o.page_number = PageNumber::try_from(number).ok();
                let max = PageSize::max_for(version);
                o.page_size = PageSize::try_from(u32::from(size) % max + 1).ok();
            }
            o.into()
        }
        3 => {
            let Some(region) = region else { return };
            let mut o = DescribeScalingGroups::new(region);
            o.scaling_group_ids = group.map(|g| List::try_from(vec![g]).expect("one id"));
            let names: Vec<String> =
                ids.iter().flat_map(|l| l.iter().map(|i| i.to_string())).collect();
            o.scaling_group_names = List::try_from(names).ok();
            o.scaling_group_name = raw.token.clone().filter(|t| !t.is_empty());
            o.tags = raw
                .extra
                .iter()
                .take(20)
                .map(|(k, v)| {
                    // An empty value is none (a parser refuses `Tag.N.Value=`).
                    let mut tag = TagFilter::new(k.clone());
                    tag.value = Some(v.clone()).filter(|v| !v.is_empty());
                    tag
                })
                .filter(|t| !t.key.is_empty())
                .collect();
            if let Some((number, size)) = raw.page {
                o.page_number = PageNumber::try_from(number).ok();
                o.page_size = PageSize::try_from(u32::from(size) % 50 + 1).ok();
            }
            o.into()
        }
        4 => {
            let Some(group) = group else { return };
            let mut o = ModifyScalingGroup::new(group);
            o.region_id = region;
            if let Some((number, size)) = raw.page {
                let sizes = [number % 2001, u32::from(size) * 7 % 2001, (number / 7) % 2001];
                o.min_size = raw.flags.0.and(GroupSize::try_from(sizes[0]).ok());
                o.max_size = raw.flags.1.and(GroupSize::try_from(sizes[1]).ok());
                o.desired_capacity = raw.flags.2.and(GroupSize::try_from(sizes[2]).ok());
            }
            let policies: Vec<RemovalPolicy> = raw
                .states
                .iter()
                .take(3)
                .map(|&p| RemovalPolicy::ALL[usize::from(p) % 3])
                .collect();
            o.removal_policies = List::try_from(policies).ok();
            o.scaling_group_name = raw.token.as_deref().and_then(|t| t.parse().ok());
            o.disable_desired_capacity = raw.health;
            o.into()
        }
        5 => {
            let Some(group) = group else { return };
            let kind =
                AdjustmentType::ALL[usize::from(raw.states.first().copied().unwrap_or(0)) % 3];
            let (low, high) = kind.bounds();
            let span = u32::try_from(high - low + 1).unwrap_or(1);
            let value = low + i64::from(u32::from(raw.timeout.unwrap_or(0)) % span);
            let Ok(mut o) = ScaleWithAdjustment::new(group, kind, value as i32) else { return };
            o.region_id = region;
            if kind == AdjustmentType::PercentChangeInCapacity {
                o.min_adjustment_magnitude =
                    raw.page.and_then(|(n, _)| MinAdjustmentMagnitude::try_from(n % 1000 + 1).ok());
            }
            o.client_token = raw.token.and_then(|t| ClientToken::try_from(t).ok());
            o.execution_mode =
                raw.health.map(|p| if p { ExecutionMode::PlanOnly } else { ExecutionMode::None });
            (o.sync_activity, o.parallel_task) = (raw.flags.0, raw.flags.1);
            if raw.flags.2 == Some(true) {
                o.lifecycle_hook_context = r#"{"DisableLifecycleHook":true}"#.parse().ok();
            }
            o.into()
        }
        6 => {
            let Some(region) = region else { return };
            let mut o = DescribeScalingActivities::of_group(
                region,
                group.clone().unwrap_or_else(|| "asg".parse().expect("an id")),
            );
            o.scaling_group_id = group;
            if o.scaling_group_id.is_none() || raw.protected {
                let ids: Vec<_> =
                    raw.extra.iter().filter_map(|(k, _)| k.parse().ok()).take(20).collect();
                o.scaling_activity_ids = List::try_from(ids).ok();
                if o.scaling_group_id.is_none() && o.scaling_activity_ids.is_none() {
                    return;
                }
            }
            o.status_code = raw.states.first().map(|&s| ActivityStatus::ALL[usize::from(s) % 5]);
            o.into()
        }
        7 => {
            let Some(group) = group else { return };
            let mut o = EnableScalingGroup::new(group);
            o.region_id = region;
            o.active_scaling_configuration_id = raw.token.as_deref().and_then(|t| t.parse().ok());
            o.launch_template_id = raw.access_key_id.clone().filter(|t| !t.is_empty());
            let count = ids.as_ref().map_or(0, |l| l.len());
            let weights: Vec<LoadBalancerWeight> = raw
                .states
                .iter()
                .take(count)
                .filter_map(|&w| LoadBalancerWeight::try_from(u32::from(w) % 100 + 1).ok())
                .collect();
            o.instance_ids = ids;
            o.load_balancer_weights = List::try_from(weights).ok();
            o.into()
        }
        8 => {
            let Some(group) = group else { return };
            let mut o = DisableScalingGroup::new(group);
            o.region_id = region;
            o.into()
        }
        9 | 10 => {
            let (Some(group), Some(ids)) = (group, ids) else { return };
            let token = raw.token.and_then(|t| ClientToken::try_from(t).ok());
            if raw.operation % 11 == 9 {
                let mut o = EnterStandby::new(group, ids);
                (o.client_token, o.r#async, o.region_id) = (token, raw.flags.0, region);
                o.into()
            } else {
                let mut o = ExitStandby::new(group, ids);
                (o.client_token, o.r#async, o.region_id) = (token, raw.flags.0, region);
                o.into()
            }
        }
        _ => {
            let (Some(group), Some(ids)) = (group, ids) else { return };
            let mut o = RemoveInstances::new(group, ids);
            o.region_id = region;
            o.remove_policy = raw.health.map(|r| RemovePolicy::ALL[usize::from(r)]);
            (o.decrease_desired_capacity, o.ignore_invalid_instance) = (raw.flags.0, raw.flags.1);
            o.client_token = raw.token.and_then(|t| ClientToken::try_from(t).ok());
            o.stop_instance_timeout =
                raw.timeout.and_then(|t| StopInstanceTimeout::try_from(t % 300).ok());
            if raw.flags.2 == Some(true) {
                o.lifecycle_hook_context = r#"{"DisableLifecycleHook":true}"#.parse().ok();
            }
            o.into()
        }
    };
    let mut r = Request::new(operation);
    r.version = version;
    r.owner.owner_id = raw.owner_id;
    r.owner.resource_owner_account = raw.resource_owner_account;
    r.common.format = raw.xml.map(|x| if x { Format::Xml } else { Format::Json });
    r.common.access_key_id = raw.access_key_id;
    r.common.signature = raw.signature;
    r.common.signature_nonce = raw.nonce;
    r.common.timestamp =
        raw.timestamp.and_then(|t| Timestamp::from_unix_seconds(i64::from(t)).ok());
    let mut extra = ExtraParams::new();
    for (name, value) in raw.extra {
        let _ = extra.insert(name, value);
    }
    r.extra = extra;

    let query = r.to_query();
    for parser in [Parser::strict(), Parser::lenient()] {
        let parsed = parser.parse_query(&query).expect("a valid request's encoding parses");
        assert_eq!(parsed.request, r);
        assert_eq!(parsed.request.to_query(), query, "the encoding is stable");
    }
    let json = serde_json_text(&r);
    let back: Request<AnyOperation> = serde_json::from_str(&json).expect("its JSON parses");
    assert_eq!(back, r);
}

fn serde_json_text(r: &Request<AnyOperation>) -> String {
    serde_json::to_string(r).expect("a request serializes")
}

/// An instance of a describe body: id, state, entrusted, weighted capacity,
/// extra fields.
type RawInstance = (String, Option<String>, Option<bool>, Option<i64>, Vec<(u8, String)>);

/// A group or activity of a page: id, a text, a count, a list, extra
/// fields.
type RawItem = (String, Option<String>, Option<u32>, Option<Vec<String>>, Vec<(u8, String)>);

#[derive(Arbitrary, Debug)]
struct RawBody {
    /// Which body (modulo 12): an error, then the table's operations'
    /// success bodies in order.
    kind: u8,
    items: Vec<RawItem>,
    plan: Option<Vec<(i64, Option<String>)>>,
    request_id: String,
    error: (String, String, String, Option<String>),
    activity: String,
    page: (u64, u32, u32, Option<u64>, bool),
    instances: Vec<RawInstance>,
    extra: Vec<(u8, String)>,
}

/// Extra fields under names both formats carry, unique, not the model's.
fn extra_fields(raw: Vec<(u8, String)>) -> Vec<(String, serde_json::Value)> {
    let mut extra: Vec<(String, serde_json::Value)> = Vec::new();
    for (n, value) in raw {
        let name = format!("Extra{n}");
        if extra.iter().all(|(seen, _)| *seen != name) {
            extra.push((name, serde_json::Value::String(value)));
        }
    }
    extra
}

/// A character XML 1.0 can carry.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A JSON text (serde_json's: it escapes control characters as `\u00XX`,
/// or `\b`, `\f`, `\t`, `\n`, `\r`, and writes every other character as
/// itself) with every character XML 1.0
/// cannot carry, in every string, replaced by U+FFFD, as the XML writer
/// writes it; members stay in their order.
fn xml_cleaned(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                    match char::from_u32(code) {
                        Some(c) if is_xml_char(c) => out.push_str(&format!("\\u{hex}")),
                        _ => out.push('\u{FFFD}'),
                    }
                }
                // Backspace and form feed, escaped short.
                Some('b' | 'f') => out.push('\u{FFFD}'),
                Some(escaped) => {
                    out.push('\\');
                    out.push(escaped);
                }
                None => out.push('\\'),
            },
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// A success body reads back equal from its JSON, and from its XML as the
/// XML writer can carry it (`xml_equal` says what else XML changes).
fn both_ways<R: ResponseBody>(body: &R, xml_equal: impl FnOnce(&R) -> R) {
    assert_eq!(R::from_json(body.to_json().as_bytes()).as_ref(), Ok(body));
    let carried = R::from_json(xml_cleaned(&body.to_json()).as_bytes()).expect("still a body");
    assert_eq!(R::from_xml(body.to_xml().as_bytes()).as_ref(), Ok(&xml_equal(&carried)));
}

/// Round trips of generated bodies of every kind, in XML and in JSON.
pub fn response_roundtrip(data: &[u8]) {
    let Ok(raw) = RawBody::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let Ok(request_id) = RequestId::try_from(raw.request_id) else { return };
    let extra = extra_fields(raw.extra);
    match raw.kind % 12 {
        0 => {
            let (host_id, code, message, recommend) = raw.error;
            let Ok(code) = code.parse::<ErrorCode>() else { return };
            let mut e =
                ErrorBody::new(ess_protection::ApiError { code, message }, request_id, host_id);
            e.recommend = recommend;
            e.extra = extra;
            assert_eq!(ErrorBody::from_json(e.to_json().as_bytes()).as_ref(), Ok(&e));
            let carried = ErrorBody::from_json(xml_cleaned(&e.to_json()).as_bytes());
            assert_eq!(ErrorBody::from_xml(e.to_xml().as_bytes()), carried);
            assert_eq!(e.code.as_str().parse::<ErrorCode>().as_ref(), Ok(&e.code));
        }
        1 => {
            let mut r = SetInstancesProtectionResponse::new(request_id);
            r.extra = extra;
            both_ways(&r, Clone::clone);
        }
        2 => {
            let (total, number, size, spot, v2022) = raw.page;
            let version = if v2022 { ApiVersion::V2022_02_22 } else { ApiVersion::V2014_08_28 };
            let mut r = DescribeScalingInstancesResponse::new(request_id, version, size);
            (r.total_count, r.page_number, r.total_spot_count) = (total, number, spot);
            for (id, state, entrusted, weight, fields) in raw.instances {
                let Ok(id) = InstanceId::try_from(id) else { return };
                let mut i = ScalingInstance::new(id);
                (i.lifecycle_state, i.entrusted, i.weighted_capacity) = (state, entrusted, weight);
                i.extra = extra_fields(fields).into_iter().collect();
                r.scaling_instances.push(i);
            }
            r.extra = extra;
            // XML has one shape: it reads back as the 2014-08-28 one.
            both_ways(&r, |r| {
                let mut xml = r.clone();
                xml.version = ApiVersion::V2014_08_28;
                xml
            });
        }
        3 => {
            let Ok(activity) = raw.activity.parse() else { return };
            let mut r = RemoveInstancesResponse::new(activity, request_id);
            r.extra = extra;
            both_ways(&r, Clone::clone);
        }
        4 => {
            let (total, number, size, _, v2022) = raw.page;
            let version = if v2022 { ApiVersion::V2022_02_22 } else { ApiVersion::V2014_08_28 };
            let mut r = DescribeScalingGroupsResponse::new(request_id, version, size);
            (r.total_count, r.page_number) = (total, number);
            for (id, name, count, policies, fields) in raw.items {
                let Ok(id) = ScalingGroupId::try_from(id) else { return };
                let mut g = ScalingGroupInfo::new(id);
                (g.scaling_group_name, g.total_capacity, g.removal_policies) =
                    (name, count, policies);
                g.extra = extra_fields(fields).into_iter().collect();
                r.scaling_groups.push(g);
            }
            r.extra = extra;
            both_ways(&r, |r| {
                let mut xml = r.clone();
                xml.version = ApiVersion::V2014_08_28;
                xml
            });
        }
        5 => {
            let mut r = ModifyScalingGroupResponse::new(request_id);
            r.extra = extra;
            both_ways(&r, Clone::clone);
        }
        6 => {
            let activity = raw.activity.parse().ok();
            let mut r = ScaleWithAdjustmentResponse::new(activity, request_id);
            r.activity_type = raw.error.3;
            r.plan_result = raw.plan.map(|plan| {
                plan.into_iter()
                    .map(|(amount, kind)| {
                        let mut a = ResourceAllocation::new(amount);
                        a.instance_type = kind;
                        a
                    })
                    .collect()
            });
            r.extra = extra;
            both_ways(&r, Clone::clone);
        }
        8 => {
            let mut r = EnableScalingGroupResponse::new(request_id);
            r.extra = extra;
            both_ways(&r, Clone::clone);
        }
        9 => {
            let mut r = DisableScalingGroupResponse::new(request_id);
            r.extra = extra;
            both_ways(&r, Clone::clone);
        }
        10 => {
            let mut r = EnterStandbyResponse::new(raw.activity.parse().ok(), request_id);
            r.extra = extra;
            both_ways(&r, Clone::clone);
        }
        11 => {
            let mut r = ExitStandbyResponse::new(raw.activity.parse().ok(), request_id);
            r.extra = extra;
            both_ways(&r, Clone::clone);
        }
        _ => {
            let (total, number, size, _, v2022) = raw.page;
            let version = if v2022 { ApiVersion::V2022_02_22 } else { ApiVersion::V2014_08_28 };
            let mut r = DescribeScalingActivitiesResponse::new(request_id, version, size);
            (r.total_count, r.page_number) = (total, number);
            for (id, cause, count, destroyed, fields) in raw.items {
                let Ok(id) = id.parse() else { return };
                let mut a = ScalingActivity::new(id);
                (a.cause, a.total_capacity, a.destroyed_instances) = (cause, count, destroyed);
                a.scaling_instance_number = count;
                a.extra = extra_fields(fields).into_iter().collect();
                r.scaling_activities.push(a);
            }
            r.extra = extra;
            both_ways(&r, |r| {
                let mut xml = r.clone();
                xml.version = ApiVersion::V2014_08_28;
                xml
            });
        }
    }
}

#[cfg(feature = "signature")]
#[derive(Arbitrary, Debug)]
struct RawHttp<'a> {
    lenient: bool,
    method: &'a str,
    target: &'a str,
    headers: Vec<(&'a str, &'a [u8])>,
    body: &'a [u8],
    secret: &'a str,
    /// Sign the message with V3 first (key id, nonce, seconds since 1970).
    sign: Option<(u32, &'a str, u32)>,
    now: Option<u32>,
    /// Sign the query with signature 1.0 instead (the same key id, nonce
    /// and time), keeping the headers: an `x-acs-action` beside it must
    /// never stand for the signed operation. Last, so older inputs read
    /// as before (false).
    sign_v1: bool,
}

#[cfg(feature = "signature")]
/// An HTTP token (RFC 9110 `tchar`): what a header name is on the wire.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(feature = "signature")]
/// The HTTP-level parser and the signature verifier on arbitrary messages:
/// no panic; a message signed with V3 verifies, and not under another
/// secret; whatever verifies, the parser reads the same key id, nonce and
/// time from it, and under 1.0 the operation of the signed parameters.
pub fn http(data: &[u8]) {
    use ess_protection::signature::v1::{HttpMethod, Signer};
    use ess_protection::signature::{SignatureKind, Signed, v3};
    use ess_protection::{HttpRequest, parse_pairs};

    let Ok(raw) = RawHttp::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let mut http = HttpRequest::new(raw.method, raw.target).body(raw.body);
    http.headers = raw.headers;
    let parser = if raw.lenient { Parser::lenient() } else { Parser::strict() };
    let now = raw.now.and_then(|t| Timestamp::from_unix_seconds(i64::from(t)).ok());

    let signing;
    let v1_target;
    let host = [("host", &b"fuzz.example"[..])];
    let mut signed = http.clone();
    if let (true, Some((key, nonce, time))) = (raw.sign_v1, raw.sign) {
        let method = match raw.method {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            _ => return,
        };
        let Ok(time) = Timestamp::from_unix_seconds(i64::from(time)) else { return };
        let Ok(mut params) = parse_pairs(http.query()) else { return };
        params.extend([
            ("AccessKeyId".to_owned(), format!("k{key}")),
            ("SignatureMethod".to_owned(), "HMAC-SHA1".to_owned()),
            ("SignatureVersion".to_owned(), "1.0".to_owned()),
            ("SignatureNonce".to_owned(), nonce.to_owned()),
            ("Timestamp".to_owned(), time.to_string()),
        ]);
        v1_target = format!("/?{}", Signer::new(raw.secret).sign_params(method, &mut params));
        signed = HttpRequest::new(raw.method, &v1_target).body(raw.body);
        signed.headers = http
            .headers
            .iter()
            .copied()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("authorization"))
            .collect();
    } else if let Some((key, nonce, time)) = raw.sign {
        // A signable message: header names are tokens; the signing headers
        // are the signer's; `host` is there.
        signed.headers.retain(|(n, _)| is_token(n));
        signed.headers.retain(|(n, _)| {
            !["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "authorization"]
                .iter()
                .any(|s| n.eq_ignore_ascii_case(s))
        });
        if signed.first_header("host").is_none() {
            signed.headers.extend(host);
        }
        let Ok(time) = Timestamp::from_unix_seconds(i64::from(time)) else { return };
        let key_id = format!("k{key}");
        signing = v3::sign(&signed, &key_id, raw.secret, nonce, time);
        for (name, value) in signing.iter() {
            signed = signed.header(name, value);
        }
        let read = Signed::read(&signed);
        if !nonce.is_empty() && !nonce.contains(|c: char| c.is_ascii_whitespace()) {
            let read = read.expect("a message signed with V3 reads");
            assert_eq!((read.kind(), read.access_key_id()), (SignatureKind::V3, key_id.as_str()));
            assert_eq!(read.verify(raw.secret), Ok(()));
            assert!(read.verify(&format!("{}x", raw.secret)).is_err());
            assert_eq!(read.check_time(time), Ok(()));
        }
    }

    for message in [&http, &signed] {
        let parsed = parser.parse_http::<AnyOperation>(message);
        if let Err(rejection) = &parsed {
            assert!(!rejection.problems().is_empty());
            assert!(!rejection.api_error().message.is_empty());
        }
        let Ok(read) = Signed::read(message) else { continue };
        if let Some(now) = now {
            let _ = read.check_time(now);
        }
        if read.verify(raw.secret).is_err() {
            continue;
        }
        // It verifies: where it also parses, the parser agrees.
        let Ok(parsed) = parsed else { continue };
        let request = parsed.request;
        match read.kind() {
            SignatureKind::V3 => {
                let auth = request.acs.authorization.as_ref().expect("the parser kept it");
                assert_eq!(auth.access_key_id(), read.access_key_id());
                assert_eq!(request.acs.signature_nonce.as_deref(), Some(read.nonce()));
                assert_eq!(request.acs.date, Some(read.time()));
            }
            _ => {
                assert_eq!(request.common.access_key_id.as_deref(), Some(read.access_key_id()));
                assert_eq!(request.common.signature_nonce.as_deref(), Some(read.nonce()));
                assert_eq!(request.common.timestamp, Some(read.time()));
                // 1.0 signs the parameters, not the headers: the operation
                // and version are the signed parameters' own (a header may
                // only agree with them).
                let mut params_only = (*message).clone();
                params_only.headers.retain(|(n, _)| {
                    !n.eq_ignore_ascii_case("x-acs-action")
                        && !n.eq_ignore_ascii_case("x-acs-version")
                });
                let signed_request = parser
                    .parse_http::<AnyOperation>(&params_only)
                    .expect("the signed parameters alone parse")
                    .request;
                assert_eq!(signed_request.operation.action(), request.operation.action());
                assert_eq!(signed_request.version, request.version);
            }
        }
    }
}

/// A RAM policy document: read it; one that reads writes back to JSON that
/// reads back equal; evaluation is total, and a deny of everything added
/// denies everything.
pub fn policy(data: &[u8]) {
    use ess_protection::ram::{Decision, Policy, evaluate};
    let (document, probe) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], data.get(at + 1..).unwrap_or_default()),
        None => (data, &b""[..]),
    };
    let Ok(text) = std::str::from_utf8(document) else { return };
    let Ok(policy) = text.parse::<Policy>() else { return };
    let again: Policy = policy.to_string().parse().expect("a policy's JSON reads back");
    assert_eq!(again, policy);
    let probe = String::from_utf8_lossy(probe);
    let (action, resource) =
        probe.split_once('\n').unwrap_or(("ess:SetInstancesProtection", &probe));
    let decision = policy.evaluate(action, resource);
    assert_eq!(again.evaluate(action, resource), decision);
    let deny_all: Policy =
        r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#
            .parse()
            .expect("deny all");
    assert_eq!(evaluate([&policy, &deny_all], action, resource), Decision::ExplicitDeny);
}
