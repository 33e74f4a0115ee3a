//! Parsing against the floor of the same work, measured in the same run.
//!
//! `cargo bench --bench parse`; `python3 benches/table.py` prints the
//! README's table from criterion's estimates.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ess_protection::{ErrorBody, Parser, Request, Response};

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

fn request(c: &mut Criterion) {
    let input = inputs::signed_request();
    let bytes = input.as_bytes();
    assert!(Parser::strict().parse_query(bytes).is_ok());
    assert!(by_hand(bytes));
    let mut g = c.benchmark_group("request");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("strict parse", |b| b.iter(|| Parser::strict().parse_query(black_box(bytes))));
    g.bench_function("floor: form_urlencoded::parse().count()", |b| {
        b.iter(|| form_urlencoded::parse(black_box(bytes)).count())
    });
    g.bench_function("by hand: serde_urlencoded HashMap + checks", |b| {
        b.iter(|| by_hand(black_box(bytes)))
    });
    let request: Request = input.parse().unwrap();
    g.bench_function("canonical encoding", |b| b.iter(|| black_box(&request).to_query()));
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

criterion_group!(benches, request, responses);
criterion_main!(benches);
