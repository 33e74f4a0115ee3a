//! Parsing against the floor of the same work, measured in the same run.
//!
//! `cargo bench --bench parse`; `python3 benches/table.py` prints the
//! README's table from criterion's estimates.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ess_protection::model::{Sequential, State};
use ess_protection::{
    AnyOperation, ApiVersion, DescribeScalingGroups, DescribeScalingInstances, ErrorBody, Parser,
    RemoveInstances, SetInstancesProtection, SetInstancesProtectionResponse as Response,
};

type Request = ess_protection::Request<SetInstancesProtection>;

#[path = "inputs.rs"]
mod inputs;

/// What a user would otherwise write: a map of the parameters, then the
/// same checks the model makes (required parameters, the action and
/// version, the instance list 1–20, the boolean, the timestamp's shape).
fn by_hand(input: &[u8]) -> bool {
    let Ok(map) = serde_urlencoded::from_bytes::<HashMap<String, String>>(input) else {
        return false;
    };
    let get = |k: &str| map.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let id_ok = |v: &str| !v.chars().any(|c| c.is_whitespace() || c.is_control());
    let action = get("Action") == Some("SetInstancesProtection");
    let version = matches!(get("Version"), Some("2014-08-28" | "2022-02-22"));
    let group = get("ScalingGroupId").is_some_and(id_ok);
    let ids: Vec<&str> = (1..=20).filter_map(|n| get(&format!("InstanceId.{n}"))).collect();
    let ids_ok = !ids.is_empty() && ids.iter().all(|v| id_ok(v));
    let bounds = map
        .keys()
        .filter(|k| k.starts_with("InstanceId."))
        .all(|k| k["InstanceId.".len()..].parse::<u8>().is_ok_and(|n| (1..=20).contains(&n)));
    let protected = get("ProtectedFromScaleIn")
        .is_some_and(|v| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"));
    let format = get("Format").is_none_or(|f| f == "JSON" || f == "XML");
    let timestamp = get("Timestamp").is_none_or(|t| t.len() == 20 && t.ends_with('Z'));
    let owner = get("OwnerId").is_none_or(|o| o.parse::<i64>().is_ok());
    action && version && group && ids_ok && bounds && protected && format && timestamp && owner
}

fn xml_event_loop(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return events,
            Ok(_) => events += 1,
        }
    }
}

/// The event loop, plus owning every text that is not whitespace between
/// elements: the least a typed parse that returns owned strings must do.
fn xml_event_loop_owning_text(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut kept = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return kept,
            Ok(quick_xml::events::Event::Text(t)) if !t.trim_ascii().is_empty() => {
                kept += black_box(t.xml10_content().into_owned()).len()
            }
            Ok(_) => {}
        }
    }
}

fn request(c: &mut Criterion) {
    let input = inputs::signed_request();
    let bytes = input.as_bytes();
    assert!(Parser::strict().parse_query::<SetInstancesProtection>(bytes).is_ok());
    assert!(by_hand(bytes));
    let mut g = c.benchmark_group("request");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("strict parse", |b| {
        b.iter(|| Parser::strict().parse_query::<SetInstancesProtection>(black_box(bytes)))
    });
    g.bench_function("floor: form_urlencoded::parse().count()", |b| {
        b.iter(|| form_urlencoded::parse(black_box(bytes)).count())
    });
    g.bench_function("by hand: serde_urlencoded HashMap + checks", |b| {
        b.iter(|| by_hand(black_box(bytes)))
    });
    let request: Request = input.parse().unwrap();
    g.bench_function("canonical encoding", |b| b.iter(|| black_box(&request).to_query()));
    g.finish();
    // The other operations, each against the same floor on its own input.
    for (name, input) in [
        ("request describe", inputs::signed_describe()),
        ("request remove", inputs::signed_remove()),
        ("request describe groups", inputs::signed_describe_groups()),
        ("request modify", inputs::signed_modify()),
        ("request scale", inputs::signed_scale()),
        ("request activities", inputs::signed_activities()),
        ("request enable", inputs::signed_enable()),
        ("request disable", inputs::signed_disable()),
        ("request enter standby", inputs::signed_enter_standby()),
        ("request exit standby", inputs::signed_exit_standby()),
    ] {
        let bytes = input.as_bytes();
        assert!(Parser::strict().parse_query::<AnyOperation>(bytes).is_ok());
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("strict parse", |b| {
            b.iter(|| Parser::strict().parse_query::<AnyOperation>(black_box(bytes)))
        });
        g.bench_function("floor: form_urlencoded::parse().count()", |b| {
            b.iter(|| form_urlencoded::parse(black_box(bytes)).count())
        });
        g.finish();
    }
}

/// A state of one group of `n` instances, every third protected.
fn big_group(n: usize) -> State {
    let instances: Vec<String> = (0..n)
        .map(|i| {
            let state = if i % 3 == 0 { "Protected" } else { "InService" };
            format!(
                r#"{{"InstanceId":"i-{i:06}","LifecycleState":"{state}","CreationTime":"2024-01-01T00:00:00Z"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"ScalingGroups":[{{"ScalingGroupId":"asg-1","RegionId":"cn-hangzhou","LifecycleState":"Active","Instances":[{}]}}]}}"#,
        instances.join(",")
    )
    .parse()
    .unwrap()
}

/// The describe Terraform sends: the group's protected instances, the last
/// page of 50 (so the pass reads the whole group before it is done).
fn describe_last_page(n: usize) -> DescribeScalingInstances {
    let protected = n.div_ceil(3);
    let last = protected.div_ceil(50).max(1);
    format!(
        "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou\
         &ScalingGroupId=asg-1&LifecycleState=Protected&PageSize=50&PageNumber={last}"
    )
    .parse::<ess_protection::Request<DescribeScalingInstances>>()
    .unwrap()
    .operation
}

/// A state of `n` groups of three instances in one region.
fn many_groups(n: usize) -> State {
    let groups: Vec<String> = (0..n)
        .map(|g| {
            let instances: Vec<String> = (0..3)
                .map(|i| format!(r#"{{"InstanceId":"i-{g:06}{i}","LifecycleState":"InService","CreationTime":"2024-01-01T00:00:00Z"}}"#))
                .collect();
            format!(
                r#"{{"ScalingGroupId":"asg-{g:06}","ScalingGroupName":"g{g}","RegionId":"cn-hangzhou","LifecycleState":"Active","MinSize":0,"MaxSize":10,"Instances":[{}]}}"#,
                instances.join(",")
            )
        })
        .collect();
    format!(r#"{{"ScalingGroups":[{}]}}"#, groups.join(",")).parse().unwrap()
}

/// The last page of every group of the region, in pages of a twentieth of
/// them (50 of 1,000, 5 of 100): the pass reads them all, and the page
/// holds a twentieth, so that the work per group is the same at any `n`.
fn describe_groups_last_page(n: usize) -> DescribeScalingGroups {
    let size = (n / 20).clamp(1, 50);
    let last = n.div_ceil(size).max(1);
    format!(
        "Action=DescribeScalingGroups&Version=2014-08-28&RegionId=cn-hangzhou&PageSize={size}&PageNumber={last}"
    )
    .parse::<ess_protection::Request<DescribeScalingGroups>>()
    .unwrap()
    .operation
}

/// A DescribeScalingGroups page over `n` groups, to its success body.
fn describe_groups(state: &State, request: &DescribeScalingGroups) -> usize {
    let id: ess_protection::RequestId = "R".parse().unwrap();
    state.describe_scaling_groups(request, id, ApiVersion::V2014_08_28).scaling_groups.len()
}

/// A scale-in of half a group (a third protected) by
/// `ScaleWithAdjustment` (-50%), on a fresh copy of the state: the removal
/// order is one sort, n log n.
fn scale_in_half(state: &State) -> usize {
    let mut state = state.clone();
    let scale = "Action=ScaleWithAdjustment&Version=2014-08-28&ScalingGroupId=asg-1\
                 &AdjustmentType=PercentChangeInCapacity&AdjustmentValue=-50"
        .parse::<ess_protection::Request<ess_protection::ScaleWithAdjustment>>()
        .unwrap();
    let mut env = Sequential::new("2026-01-01T00:00:00Z".parse().unwrap());
    state.scale_with_adjustment(&scale.operation, &mut env).unwrap();
    state.instance_count()
}

/// A describe page over a group of 1,000 and of 10,000 instances: one
/// pass over the group, so the cost per instance stays the same. The same
/// for a page of groups, and for a scale-in (one sort).
fn describe(c: &mut Criterion) {
    let mut g = c.benchmark_group("describe page");
    for n in [1_000, 10_000] {
        let (state, request) = (big_group(n), describe_last_page(n));
        let page = state.describe_scaling_instances(&request).unwrap();
        assert_eq!(page.total_count, n.div_ceil(3) as u64);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("{n} instances"), |b| {
            b.iter(|| {
                state.describe_scaling_instances(black_box(&request)).map(|p| p.instances.len())
            })
        });
    }
    g.finish();
    let mut g = c.benchmark_group("describe groups page");
    for n in [100, 1_000] {
        let (state, request) = (many_groups(n), describe_groups_last_page(n));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("{n} groups"), |b| {
            b.iter(|| describe_groups(&state, black_box(&request)))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("scale-in by ScaleWithAdjustment");
    for n in [1_000, 10_000] {
        let state = big_group(n);
        assert_eq!(scale_in_half(&state), n / 2);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("{n} instances"), |b| b.iter(|| scale_in_half(black_box(&state))));
    }
    g.finish();
}

fn responses(c: &mut Criterion) {
    for (name, body) in [("success XML", inputs::SUCCESS_XML), ("error XML", inputs::ERROR_XML)] {
        let bytes = body.as_bytes();
        let mut g = c.benchmark_group(format!("response {name}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        if name.starts_with("success") {
            assert!(Response::from_xml(bytes).is_ok());
            g.bench_function("parse", |b| b.iter(|| Response::from_xml(black_box(bytes))));
        } else {
            assert!(ErrorBody::from_xml(bytes).is_ok());
            g.bench_function("parse", |b| b.iter(|| ErrorBody::from_xml(black_box(bytes))));
        }
        g.bench_function("floor: quick-xml event loop", |b| {
            b.iter(|| xml_event_loop(black_box(bytes)))
        });
        g.finish();
    }
    for (name, body) in [("success JSON", inputs::SUCCESS_JSON), ("error JSON", inputs::ERROR_JSON)]
    {
        let bytes = body.as_bytes();
        let mut g = c.benchmark_group(format!("response {name}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        if name.starts_with("success") {
            assert!(Response::from_json(bytes).is_ok());
            g.bench_function("parse", |b| b.iter(|| Response::from_json(black_box(bytes))));
        } else {
            assert!(ErrorBody::from_json(bytes).is_ok());
            g.bench_function("parse", |b| b.iter(|| ErrorBody::from_json(black_box(bytes))));
        }
        g.bench_function("floor: serde_json::Value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)))
        });
        g.finish();
    }
}

/// A captured request to verify, and the floor of its own crypto: for 1.0,
/// one HMAC-SHA1 of its StringToSign; for V3, the SHA-256 of its
/// canonical request and one HMAC-SHA256 of the StringToSign. Both floors
/// start from the strings already built.
#[cfg(feature = "signature")]
struct Verify {
    message: inputs::Message,
    v3: bool,
    /// The StringToSign (1.0) or the canonical request (V3).
    signed: String,
}

#[cfg(feature = "signature")]
impl Verify {
    fn new(raw: &[u8]) -> Self {
        use ess_protection::signature::{SignatureKind, Signed, v1, v3};
        let message = inputs::Message::parse(raw);
        let mut verify = Verify { message, v3: false, signed: String::new() };
        let http = verify.http();
        let signed = Signed::read(&http).unwrap();
        assert_eq!(signed.verify("testsecret"), Ok(()));
        let (v3, text) = match signed.kind() {
            SignatureKind::V3 => {
                let auth: ess_protection::Authorization =
                    std::str::from_utf8(http.first_header("authorization").unwrap())
                        .unwrap()
                        .parse()
                        .unwrap();
                let names: Vec<&str> = auth.signed_headers().collect();
                (true, v3::canonical_request(&http, &names.join(";"), v3::EMPTY_SHA256))
            }
            _ => {
                let pairs = ess_protection::parse_pairs(http.query()).unwrap();
                (false, v1::string_to_sign(http.method.parse().unwrap(), pairs))
            }
        };
        verify.v3 = v3;
        verify.signed = text;
        assert!(verify.floor());
        verify
    }

    fn http(&self) -> ess_protection::HttpRequest<'_> {
        self.message.http()
    }

    fn verify(&self) -> bool {
        let http = self.http();
        let signed = ess_protection::signature::Signed::read(black_box(&http));
        signed.and_then(|s| s.verify(black_box("testsecret"))).is_ok()
    }

    /// The parse's floor on the same request: tokenizing its query.
    fn tokenize(&self) -> usize {
        form_urlencoded::parse(black_box(self.http().query().as_bytes())).count()
    }

    fn floor(&self) -> bool {
        use hmac::{KeyInit, Mac};
        use sha2::Digest;
        if self.v3 {
            let hash = sha2::Sha256::digest(black_box(self.signed.as_bytes()));
            let sts = format!("ACS3-HMAC-SHA256\n{}", hex::encode(hash));
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"testsecret").unwrap();
            mac.update(sts.as_bytes());
            mac.finalize().into_bytes()[0] != 1
        } else {
            let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(b"testsecret&").unwrap();
            mac.update(black_box(self.signed.as_bytes()));
            mac.finalize().into_bytes()[0] != 1
        }
    }
}

/// Runs `f` `n` times; the elapsed time.
fn timed(n: u32, f: &mut dyn FnMut()) -> std::time::Duration {
    let start = std::time::Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed()
}

/// Ratios to each floor, robust to a shared machine's drifting load: the
/// work and its floor alternate in short batches, and the median of the
/// per-round ratios is reported (also written to
/// `target/criterion/interleaved.json` for `benches/table.py`).
fn interleaved(_: &mut Criterion) {
    let request = inputs::signed_request();
    let r = request.as_bytes();
    let (sx, ex) = (inputs::SUCCESS_XML.as_bytes(), inputs::ERROR_XML.as_bytes());
    let (sj, ej) = (inputs::SUCCESS_JSON.as_bytes(), inputs::ERROR_JSON.as_bytes());
    let encoded: Request = request.parse().unwrap();
    let (describe, remove) = (inputs::signed_describe(), inputs::signed_remove());
    let (d, rm) = (describe.as_bytes(), remove.as_bytes());
    let capacity = [
        ("describe groups request", inputs::signed_describe_groups()),
        ("modify request", inputs::signed_modify()),
        ("scale request", inputs::signed_scale()),
        ("activities request", inputs::signed_activities()),
        ("enable request", inputs::signed_enable()),
        ("disable request", inputs::signed_disable()),
        ("enter standby request", inputs::signed_enter_standby()),
        ("exit standby request", inputs::signed_exit_standby()),
    ];
    let (groups_100, groups_1000) = (many_groups(100), many_groups(1_000));
    let (page_100, page_1000) = (describe_groups_last_page(100), describe_groups_last_page(1_000));
    let (group_1000, group_10000) = (big_group(1_000), big_group(10_000));
    #[cfg(feature = "signature")]
    let (v1, v3) = (Verify::new(inputs::V1_MESSAGE), Verify::new(inputs::V3_MESSAGE));
    type Work<'a> = Box<dyn FnMut() + 'a>;
    /// A workload that keeps its result from being optimized away.
    fn work<'a, T>(mut f: impl FnMut() -> T + 'a) -> Work<'a> {
        Box::new(move || {
            black_box(f());
        })
    }
    let strict = || Parser::strict().parse_query::<SetInstancesProtection>(black_box(r));
    let value =
        |b: &'static [u8]| move || serde_json::from_slice::<serde_json::Value>(black_box(b));
    let pairs: Vec<(&str, Work<'_>, &str, Work<'_>)> = vec![
        (
            "request: strict parse",
            work(strict),
            "tokenizer floor",
            work(|| form_urlencoded::parse(black_box(r)).count()),
        ),
        (
            "request (any operation): strict parse",
            work(|| Parser::strict().parse_query::<AnyOperation>(black_box(r))),
            "tokenizer floor",
            work(|| form_urlencoded::parse(black_box(r)).count()),
        ),
        (
            "describe request: strict parse",
            work(|| Parser::strict().parse_query::<DescribeScalingInstances>(black_box(d))),
            "tokenizer floor",
            work(|| form_urlencoded::parse(black_box(d)).count()),
        ),
        (
            "remove request: strict parse",
            work(|| Parser::strict().parse_query::<RemoveInstances>(black_box(rm))),
            "tokenizer floor",
            work(|| form_urlencoded::parse(black_box(rm)).count()),
        ),
        ("request: by hand", work(|| by_hand(black_box(r))), "strict parse", work(strict)),
        (
            "success XML: parse",
            work(|| Response::from_xml(black_box(sx))),
            "quick-xml event loop",
            work(|| xml_event_loop(black_box(sx))),
        ),
        (
            "error XML: parse",
            work(|| ErrorBody::from_xml(black_box(ex))),
            "quick-xml event loop",
            work(|| xml_event_loop(black_box(ex))),
        ),
        (
            "success XML: parse",
            work(|| Response::from_xml(black_box(sx))),
            "event loop owning text",
            work(|| xml_event_loop_owning_text(black_box(sx))),
        ),
        (
            "error XML: parse",
            work(|| ErrorBody::from_xml(black_box(ex))),
            "event loop owning text",
            work(|| xml_event_loop_owning_text(black_box(ex))),
        ),
        (
            "success JSON: parse",
            work(|| Response::from_json(black_box(sj))),
            "serde_json::Value",
            work(value(sj)),
        ),
        (
            "error JSON: parse",
            work(|| ErrorBody::from_json(black_box(ej))),
            "serde_json::Value",
            work(value(ej)),
        ),
    ];
    let mut pairs = pairs;
    pairs.push((
        "request: canonical encoding",
        work(|| black_box(&encoded).to_query()),
        "strict parse",
        work(strict),
    ));
    // Each operation of capacity: its strict parse against the tokenizer.
    for (name, input) in &capacity {
        let bytes = input.as_bytes();
        assert!(Parser::strict().parse_query::<AnyOperation>(bytes).is_ok(), "{name}");
        pairs.push((
            name,
            work(move || Parser::strict().parse_query::<AnyOperation>(black_box(bytes))),
            "tokenizer floor",
            work(move || form_urlencoded::parse(black_box(bytes)).count()),
        ));
    }
    // Per item: ten times the groups (instances) against ten times the work
    // on a tenth of them. One pass gives 1; a sort, at most log ratio (1.33).
    pairs.push((
        "DescribeScalingGroups page, 1,000 groups",
        work(|| describe_groups(&groups_1000, black_box(&page_1000))),
        "10 pages over 100 groups",
        work(|| (0..10).map(|_| describe_groups(&groups_100, black_box(&page_100))).sum::<usize>()),
    ));
    pairs.push((
        "scale-in of half, 10,000 instances",
        work(|| scale_in_half(black_box(&group_10000))),
        "10 of half, 1,000 instances",
        work(|| (0..10).map(|_| scale_in_half(black_box(&group_1000))).sum::<usize>()),
    ));
    #[cfg(feature = "signature")]
    pairs.extend([
        ("verify 1.0", work(|| v1.verify()), "HMAC-SHA1 of its StringToSign", work(|| v1.floor())),
        ("verify V3", work(|| v3.verify()), "SHA-256 + HMAC-SHA256", work(|| v3.floor())),
        ("verify 1.0", work(|| v1.verify()), "tokenizer of its query", work(|| v1.tokenize())),
        ("verify V3", work(|| v3.verify()), "tokenizer of its query", work(|| v3.tokenize())),
        // The honest floor: reading the query at all, plus the crypto.
        (
            "verify 1.0",
            work(|| v1.verify()),
            "tokenizer + crypto",
            work(|| (v1.tokenize(), v1.floor())),
        ),
        (
            "verify V3",
            work(|| v3.verify()),
            "tokenizer + crypto",
            work(|| (v3.tokenize(), v3.floor())),
        ),
    ]);
    let mut json = Vec::new();
    println!("\ninterleaved medians of per-round ratios (101 rounds):");
    // `ESS_INTERLEAVED=verify` runs only the pairs whose work names it.
    let only = std::env::var("ESS_INTERLEAVED").unwrap_or_default();
    for (name, mut work, floor, mut base) in pairs {
        if !name.contains(only.as_str()) {
            continue;
        }
        // A batch of about a millisecond.
        let per = timed(1000, &mut *work).as_nanos().max(1) as u32 / 1000;
        let n = (1_000_000 / per.max(1)).clamp(10, 100_000);
        let mut ratios: Vec<f64> = (0..101)
            .map(|_| timed(n, &mut *work).as_secs_f64() / timed(n, &mut *base).as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        let median = ratios[ratios.len() / 2];
        println!(
            "  {name} / {floor}: {median:.2}x (quartiles {:.2}..{:.2})",
            ratios[25], ratios[75]
        );
        json.push(format!(
            r#"{{"work":"{name}","floor":"{floor}","ratio":{median:.4},"q1":{:.4},"q3":{:.4}}}"#,
            ratios[25], ratios[75]
        ));
    }
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion/interleaved.json");
    let _ = std::fs::write(path, format!("[{}]\n", json.join(",")));
}

/// Signature verification of the captured 20-instance requests, against
/// the floor of its own crypto.
#[cfg(feature = "signature")]
fn verify(c: &mut Criterion) {
    for (name, raw) in [("verify 1.0", inputs::V1_MESSAGE), ("verify V3", inputs::V3_MESSAGE)] {
        let v = Verify::new(raw);
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(raw.len() as u64));
        g.bench_function("verify", |b| b.iter(|| v.verify()));
        g.bench_function("floor: its crypto", |b| b.iter(|| v.floor()));
        g.finish();
    }
}

#[cfg(not(feature = "signature"))]
fn verify(_: &mut Criterion) {}

criterion_group!(benches, request, responses, describe, verify, interleaved);
criterion_main!(benches);
