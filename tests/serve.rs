//! `ess-protection serve`, the real binary on a free loopback port: the
//! API with signatures checked, the emulator endpoints, bad input, limits,
//! time-outs, SIGTERM, and the state file.
#![cfg(feature = "server")]

#[path = "common/server.rs"]
mod server;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use ess_protection::Timestamp;
use server::*;

const DEMO: &str = "asg-demo";

#[test]
fn prints_one_listening_line_and_warns_when_signatures_are_not_checked() {
    let file = folder("warn").join("state.json");
    std::fs::write(&file, STATE).unwrap();
    let mut server = Server::start_on(&file, &[]);
    // Unsigned requests are accepted without keys.
    let answer = server.request("GET", &format!("/?{}", query(DEMO, &["i-web-1"], true)), &[], b"");
    assert_eq!((answer.status, answer.code()), (200, String::new()), "{}", answer.body);
    assert_eq!(server.terminate(), 0);
    let mut rest = String::new();
    server.stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "standard output has only the listening line");
    let stderr = server.stderr();
    assert!(
        stderr.contains("WARNING: no --access-key or --keys: signatures are NOT checked"),
        "{stderr}"
    );
    assert!(stderr.contains("(2 scaling groups, 6 instances)"), "{stderr}");
}

#[test]
fn a_signed_request_protects_and_the_answer_comes_after_the_file_has_it() {
    let server = Server::start("protect", STATE);
    let answer = server.send(&signed_get(&query(DEMO, &["i-web-1", "i-web-2"], true)));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/json;charset=utf-8"));
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    let id = body["RequestId"].as_str().unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1);
    assert_request_id(id);
    // On disk already: the file, read right after the answer.
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&server.state_file).unwrap()).unwrap();
    assert_eq!(instance_state(&file, "i-web-1").as_deref(), Some("Protected"));
    assert_eq!(instance_state(&file, "i-web-2").as_deref(), Some("Protected"));
    assert_eq!(instance_state(&file, "i-web-3").as_deref(), Some("InService"));
    // V3 lifts it.
    let answer =
        server.send(&signed_v3(&query(DEMO, &["i-web-1"], false), SECRET, &nonce(), now()));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(server.instance_state("i-web-1").as_deref(), Some("InService"));
}

fn assert_request_id(id: &str) {
    let groups: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
    assert!(id.chars().all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase()), "{id}");
}

#[test]
fn every_answer_has_a_fresh_request_id() {
    let server = Server::start("ids", STATE);
    let mut ids = std::collections::HashSet::new();
    for i in 0..50 {
        let q = if i % 2 == 0 { "Action=Nope" } else { "Action=SetInstancesProtection" };
        let answer = server.request("GET", &format!("/?{q}"), &[], b"");
        let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(body["HostId"], "ess.aliyuncs.com");
        assert!(ids.insert(body["RequestId"].as_str().unwrap().to_owned()));
    }
}

#[test]
fn signature_errors_with_the_catalogs_codes_and_statuses() {
    let server = Server::start("signatures", STATE);
    let q = query(DEMO, &["i-web-1"], true);
    let check = |raw: Vec<u8>, status: u16, code: &str| {
        let answer = server.send(&raw);
        assert_eq!((answer.status, answer.code().as_str()), (status, code), "{}", answer.body);
    };
    // Unsigned.
    check(raw_request("GET", &format!("/?{q}"), &[], b""), 400, "IncompleteSignature");
    // An unknown key id.
    let other =
        sign_v1(&q, SECRET, &nonce(), now()).replace("AccessKeyId=testid", "AccessKeyId=nobody");
    check(raw_request("GET", &format!("/?{other}"), &[], b""), 400, "InvalidAccessKeyId.NotFound");
    // A wrong secret, 1.0 and V3.
    let wrong = sign_v1(&q, "wrong", &nonce(), now());
    check(raw_request("GET", &format!("/?{wrong}"), &[], b""), 403, "SignatureDoesNotMatch");
    check(signed_v3(&q, "wrong", &nonce(), now()), 403, "SignatureDoesNotMatch");
    // Outside the window: 1.0 31 minutes, V3 15.
    let old = Timestamp::from_unix_seconds(now().unix_seconds() - 32 * 60).unwrap();
    let late = sign_v1(&q, SECRET, &nonce(), old);
    check(raw_request("GET", &format!("/?{late}"), &[], b""), 400, "InvalidTimeStamp.Expired");
    let old = Timestamp::from_unix_seconds(now().unix_seconds() - 16 * 60).unwrap();
    check(signed_v3(&q, SECRET, &nonce(), old), 400, "InvalidTimeStamp.Expired");
    // A replay: the same signed request twice, 1.0 and V3.
    let once = signed_get(&q);
    check(once.clone(), 200, "");
    check(once, 400, "SignatureNonceUsed");
    let once = signed_v3(&q, SECRET, &nonce(), now());
    check(once.clone(), 200, "");
    check(once, 400, "SignatureNonceUsed");
    // A forged request does not use up a nonce: the real one still passes.
    let n = nonce();
    check(
        raw_request("GET", &format!("/?{}", sign_v1(&q, "wrong", &n, now())), &[], b""),
        403,
        "SignatureDoesNotMatch",
    );
    check(raw_request("GET", &format!("/?{}", sign_v1(&q, SECRET, &n, now())), &[], b""), 200, "");
    // The signature is checked before the parameters...
    check(
        raw_request("GET", "/?Action=SetInstancesProtection", &[], b""),
        400,
        "IncompleteSignature",
    );
    check(signed_get("Action=SetInstancesProtection"), 400, "MissingParameter");
    // ...but a request for no API is answered first.
    check(raw_request("GET", "/elsewhere", &[], b""), 404, "InvalidAction.NotFound");
}

#[test]
fn the_models_errors_and_both_formats() {
    let server = Server::start("model", STATE);
    let check = |q: String, status: u16, code: &str, message: &str| {
        let answer = server.send(&signed_get(&q));
        assert_eq!((answer.status, answer.code().as_str()), (status, code), "{}", answer.body);
        let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(body["Message"], message);
    };
    check(
        query("asg-none", &["i-web-1"], true),
        404,
        "InvalidScalingGroupId.NotFound",
        "The specified scaling group does not exist.",
    );
    check(
        query(DEMO, &["i-web-1", "i-nope"], true),
        404,
        "InvalidInstanceId.NotFound",
        "Instance \u{201c}i-nope\u{201d} does not exist.",
    );
    check(
        query("asg-disabled", &["i-off-1"], true),
        400,
        "IncorrectScalingGroupStatus",
        "The current status of the specified scaling group does not support this action.",
    );
    let ids: Vec<String> = (1..=21).map(|i| format!("i-{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    check(
        query(DEMO, &ids, true),
        400,
        "InvalidParameter",
        "The specified value of parameter \"InstanceId.21\" is not valid.",
    );
    check(
        "Action=DescribeRegions&Version=2014-08-28".into(),
        400,
        "UnsupportedOperation",
        "The specified action is not supported.",
    );
    check(
        query(DEMO, &["i-web-1"], true).replace("2014-08-28", "2099-01-01"),
        400,
        "NoSuchVersion",
        "The specified version does not exist.",
    );
    // Nothing changed.
    assert_eq!(server.instance_state("i-web-1").as_deref(), Some("InService"));

    // XML, for a success and an error.
    let answer = server.send(&signed_get(&(query(DEMO, &["i-web-1"], true) + "&Format=XML")));
    assert_eq!(
        (answer.status, answer.header("content-type")),
        (200, Some("text/xml;charset=utf-8"))
    );
    let success =
        ess_protection::SetInstancesProtectionResponse::from_xml(answer.body.as_bytes()).unwrap();
    assert_request_id(success.request_id.as_str());
    let answer = server.send(&signed_get(&(query(DEMO, &["i-nope"], true) + "&Format=XML")));
    assert_eq!(answer.status, 404);
    let error = ess_protection::ErrorBody::from_xml(answer.body.as_bytes()).unwrap();
    assert_eq!(error.code.as_str(), "InvalidInstanceId.NotFound");
    assert_eq!(error.host_id, "ess.aliyuncs.com");
}

#[test]
fn the_emulator_endpoints() {
    let server = Server::start("endpoints", STATE);
    let post = |path: &str, body: &str| {
        server.request("POST", path, &[("content-type", "application/json")], body.as_bytes())
    };
    assert_eq!(server.send(&signed_get(&query(DEMO, &["i-web-1"], true))).status, 200);
    // Scale-in by OldestInstance: i-web-1 is protected, i-web-5 in Standby.
    // Each scale-in is an activity of the group, whose id it answers.
    let answer = post("/_emulator/scale-in", r#"{"ScalingGroupId": "asg-demo", "Count": 2}"#);
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(
        (answer.status, &body["Removed"]),
        (200, &serde_json::json!(["i-web-2", "i-web-3"]))
    );
    let first = body["ScalingActivityId"].as_str().unwrap().to_owned();
    assert!(first.starts_with("asa-") && first.len() == 24, "{first}");
    let answer = post("/_emulator/scale-in", r#"{"ScalingGroupId": "asg-demo", "Count": 10}"#);
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["Removed"], serde_json::json!(["i-web-4"]));
    let activities = &server.state()["ScalingGroups"][0]["ScalingActivities"];
    assert_eq!(activities[0]["ScalingActivityId"], first.as_str());
    assert_eq!(activities[0]["StatusCode"], "Successful");
    assert_eq!(activities[1]["StatusCode"], "Warning", "1 of 10: the others stay");
    assert_eq!(activities[1]["TriggerSourceType"], "Cms");
    assert_eq!(server.instance_state("i-web-1").as_deref(), Some("Protected"));
    // Only a manual removal removes it.
    let answer = post(
        "/_emulator/remove",
        r#"{"ScalingGroupId": "asg-demo", "InstanceIds": ["i-web-1", "i-web-1"]}"#,
    );
    assert_eq!((answer.status, answer.body.as_str()), (200, r#"{"Removed":["i-web-1"]}"#));
    assert_eq!(server.instance_state("i-web-1"), None);
    // Errors, as error bodies.
    let answer =
        post("/_emulator/remove", r#"{"ScalingGroupId": "asg-demo", "InstanceIds": ["i-web-1"]}"#);
    assert_eq!((answer.status, answer.code().as_str()), (404, "InvalidInstanceId.NotFound"));
    let answer = post("/_emulator/scale-in", r#"{"ScalingGroupId": "asg-disabled", "Count": 1}"#);
    assert_eq!((answer.status, answer.code().as_str()), (400, "IncorrectScalingGroupStatus"));
    let answer = post("/_emulator/scale-in", r#"{"ScalingGroupId": "asg-demo", "Count": -1}"#);
    assert_eq!((answer.status, answer.code().as_str()), (400, "InvalidParameter"));
    assert!(answer.body.contains("invalid value: integer `-1`"), "{}", answer.body);
    let answer = post("/_emulator/scale-in", "not json");
    assert_eq!((answer.status, answer.code().as_str()), (400, "InvalidParameter"));
    // Replace the whole state (a reset between tests), and read it back.
    let answer = server.request("PUT", "/_emulator/state", &[], STATE.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.body);
    let expected: serde_json::Value = serde_json::from_str(STATE).unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&answer.body).unwrap(), expected);
    assert_eq!(server.state(), expected);
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&server.state_file).unwrap()).unwrap();
    assert_eq!(file, expected);
    // A state that is not valid is refused, and nothing changes.
    let twice = r#"{"ScalingGroups": [{"ScalingGroupId": "a", "RegionId": "r", "LifecycleState": "Active", "Instances": [
        {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2026-01-01T00:00:00Z"}, {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2026-01-01T00:00:00Z"}]}]}"#;
    let answer = server.request("PUT", "/_emulator/state", &[], twice.as_bytes());
    assert_eq!((answer.status, answer.code().as_str()), (400, "InvalidParameter"));
    assert!(answer.body.contains("instance i-1 is listed twice"), "{}", answer.body);
    assert_eq!(server.state(), expected);
}

#[test]
fn bad_input_gets_an_answer_and_the_server_stays_up() {
    let file = folder("bad").join("state.json");
    std::fs::write(&file, STATE).unwrap();
    let server = Server::start_on(
        &file,
        &["--access-key", "testid:testsecret", "--timeout", "1", "--body-limit", "700000"],
    );
    // Binary garbage instead of HTTP: hyper answers 400 and closes.
    let answer = server.send(&[0, 159, 146, 150, 255, 13, 10, 13, 10]);
    assert_eq!(answer.status, 400, "{answer:?}");
    // Garbage in a form body: the API answers.
    let mut garbage: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    garbage.extend(b"&=&&==");
    let answer = server.request(
        "POST",
        "/",
        &[("content-type", "application/x-www-form-urlencoded")],
        &garbage,
    );
    assert_eq!((answer.status, answer.code().as_str()), (400, "IncompleteSignature"));
    // A body over the limit: 413.
    let answer = server.request("POST", "/", &[], &[b'a'; 800_000]);
    assert_eq!(answer.status, 413, "{answer:?}");
    assert_eq!(answer.body, "the request body is over 700000 bytes\n");
    // A form body of 600 KB: answered by the API.
    let form = format!("Action=SetInstancesProtection&X={}", "a".repeat(600 << 10));
    let answer = server.request(
        "POST",
        "/",
        &[("content-type", "application/x-www-form-urlencoded")],
        form.as_bytes(),
    );
    assert_eq!((answer.status, answer.code().as_str()), (400, "IncompleteSignature"));
    // A query of 600 KB: hyper answers 414 (its request-target limit is 64 KiB).
    let long = format!("/?Action=SetInstancesProtection&X={}", "a".repeat(600 << 10));
    let answer = server.request("GET", &long, &[], b"");
    assert_eq!(answer.status, 414, "{answer:?}");
    // A head of 2 MiB (hyper's buffer is 1 MiB): 431.
    let header = "a".repeat(2 << 20);
    assert_eq!(server.request("GET", "/", &[("x-filler", &header)], b"").status, 431);
    // A slow head: the connection is closed after the time-out.
    let started = Instant::now();
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(b"GET /?Action=Set").unwrap();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(10), "{waited:?}");
    // A slow body: 408.
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(b"POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 10\r\n\r\nab").unwrap();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert_eq!(Answer::parse(&rest).status, 408);
    // Half-closed after a whole request: still answered.
    let mut half = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    half.write_all(&signed_get(&query(DEMO, &["i-web-2"], true))).unwrap();
    half.shutdown(Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    let _ = half.read_to_end(&mut rest);
    assert_eq!(Answer::parse(&rest).status, 200);
    // Half-closed: the client stops sending mid-head; the server closes.
    let mut half = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nhost").unwrap();
    half.shutdown(Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    let _ = half.read_to_end(&mut rest);
    // Still up.
    let answer = server.send(&signed_get(&query(DEMO, &["i-web-1"], true)));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(!server.stderr().contains("panicked"));
}

#[test]
fn many_connections_at_once_are_all_answered() {
    let server = Server::start("many", STATE);
    // 300 connections open at once, each with a request sent, then read.
    let mut streams: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            s.write_all(&raw_request("GET", "/?Action=SetInstancesProtection", &[], b"")).unwrap();
            s
        })
        .collect();
    for s in &mut streams {
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).unwrap();
        let answer = Answer::parse(&bytes);
        assert_eq!((answer.status, answer.code().as_str()), (400, "IncompleteSignature"));
    }
}

#[test]
fn sigterm_finishes_the_request_in_flight_then_exits() {
    let mut server = Server::start("sigterm", STATE);
    let signed = signed_get(&query(DEMO, &["i-web-3"], true));
    let text = String::from_utf8(signed).unwrap();
    let target = text.split(' ').nth(1).unwrap().to_owned();
    // Headers sent, the body (10 bytes) half: the request is in flight.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nhost: x\r\ncontent-length: 10\r\n\r\nabcde").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.child.id().to_string();
    std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    // New connections are refused soon...
    let waiting = Instant::now();
    while TcpStream::connect(("127.0.0.1", server.port)).is_ok() {
        assert!(waiting.elapsed() < Duration::from_secs(20), "still accepting after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
    // ...but the one in flight is answered.
    stream.write_all(b"fghij").unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let answer = Answer::parse(&bytes);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(server.child.wait().unwrap().code(), Some(0));
    assert!(server.stderr().contains("stopping: finishing the requests in flight"));
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&server.state_file).unwrap()).unwrap();
    assert_eq!(instance_state(&file, "i-web-3").as_deref(), Some("Protected"));
}

#[test]
fn a_missing_or_invalid_state_file_or_bad_options_exit_2() {
    let dir = folder("exit2");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(binary()).arg("serve").args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let missing = dir.join("missing.json");
    let (code, out, err) = run(&["--state", missing.to_str().unwrap(), "--listen", "127.0.0.1:0"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("cannot read the state file"), "{err}");
    let invalid = dir.join("invalid.json");
    std::fs::write(&invalid, r#"{"ScalingGroups": 1}"#).unwrap();
    let (code, _, err) = run(&["--state", invalid.to_str().unwrap(), "--listen", "127.0.0.1:0"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("is not a valid state"), "{err}");
    let (code, _, err) = run(&["--state", invalid.to_str().unwrap(), "--access-key", "nocolon"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("expected ID:SECRET"), "{err}");
}

#[test]
fn the_file_is_replaced_whole_and_keeps_unknown_fields() {
    let with_extra = STATE.replacen("{\n", "{\n  \"Comment\": \"kept\",\n", 1);
    let server = Server::start("extra", &with_extra);
    assert_eq!(server.send(&signed_get(&query(DEMO, &["i-web-4"], true))).status, 200);
    let text = std::fs::read_to_string(&server.state_file).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["Comment"], "kept");
    assert_eq!(instance_state(&file, "i-web-4").as_deref(), Some("Protected"));
    let dir = server.state_file.parent().unwrap();
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["state.json"], "no temporary file left");
}

mod arbitrary_requests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    /// Pieces that make parsers work: real names, encodings, separators.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Action=SetInstancesProtection".to_owned()),
            Just("Action=DescribeScalingInstances".to_owned()),
            Just("Action=RemoveInstances".to_owned()),
            Just("Version=2014-08-28".to_owned()),
            Just("RegionId=cn-hangzhou".to_owned()),
            Just("PageSize=2".to_owned()),
            Just("LifecycleState=Protected".to_owned()),
            Just("ClientToken=t".to_owned()),
            Just("ScalingGroupId=asg-demo".to_owned()),
            Just("InstanceId.1=i-web-1".to_owned()),
            Just("ProtectedFromScaleIn=true".to_owned()),
            Just("Format=XML".to_owned()),
            Just("Signature=%2B%3D".to_owned()),
            Just("SignatureVersion=1.0".to_owned()),
            Just("%".to_owned()),
            Just("&".to_owned()),
            Just("=".to_owned()),
            "[a-zA-Z0-9.%=&+ ]{0,12}",
            "\\PC{0,6}",
        ]
    }

    fn header() -> impl Strategy<Value = (String, String)> {
        (
            prop_oneof![
                Just("authorization".to_owned()),
                Just("x-acs-action".to_owned()),
                Just("x-acs-version".to_owned()),
                Just("x-acs-date".to_owned()),
                Just("content-type".to_owned()),
                Just("x-acs-signature-nonce".to_owned()),
                "x-[a-z]{1,8}",
            ],
            prop_oneof![
                Just(
                    "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=00".to_owned()
                ),
                Just("application/x-www-form-urlencoded".to_owned()),
                Just("SetInstancesProtection".to_owned()),
                Just("DescribeScalingInstances".to_owned()),
                Just("RemoveInstances".to_owned()),
                "[ -~]{0,40}",
            ],
        )
    }

    /// Whatever arrives gets an HTTP answer that is not a 5xx, an API answer
    /// is a well-formed body of its format, and the server stays up: 400
    /// arbitrary requests (methods, paths, queries, headers, bodies made of
    /// the API's own pieces and of noise) against one server.
    #[test]
    fn every_request_gets_an_answer_never_a_5xx() {
        let file = folder("arbitrary").join("state.json");
        std::fs::write(&file, STATE).unwrap();
        let server =
            Server::start_on(&file, &["--access-key", "testid:testsecret", "--timeout", "2"]);
        let strategy = (
            prop_oneof![Just("GET"), Just("POST"), Just("PUT"), Just("DELETE"), Just("HEAD")],
            prop_oneof![
                Just("/"),
                Just("/_emulator/state"),
                Just("/_emulator/scale-in"),
                Just("/_emulator/remove"),
                Just("/x")
            ],
            proptest::collection::vec(piece(), 0..12),
            proptest::collection::vec(header(), 0..5),
            proptest::collection::vec(piece(), 0..12),
        );
        let mut runner = TestRunner::new(Config { cases: 400, ..Config::default() });
        runner
            .run(&strategy, |(method, path, query, headers, body)| {
                let target = format!("{path}?{}", query.concat()).replace(' ', "%20");
                let target: String = target.chars().filter(|c| c.is_ascii_graphic()).collect();
                let headers: Vec<(&str, &str)> =
                    headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                let answer = server.request(method, &target, &headers, body.concat().as_bytes());
                prop_assert!((200..500).contains(&answer.status), "{answer:?}");
                if method != "HEAD" {
                    match answer.header("content-type") {
                        Some("application/json;charset=utf-8") => {
                            prop_assert!(
                                serde_json::from_str::<serde_json::Value>(&answer.body).is_ok(),
                                "{answer:?}"
                            );
                        }
                        Some("text/xml;charset=utf-8") => {
                            let ok =
                                ess_protection::Body::parse(None, answer.body.as_bytes()).is_ok();
                            prop_assert!(ok, "{answer:?}");
                        }
                        _ => {}
                    }
                }
                Ok(())
            })
            .unwrap();
        let answer = server.send(&signed_get(&query(DEMO, &["i-web-2"], true)));
        assert_eq!(answer.status, 200, "{answer:?}");
        assert!(!server.stderr().contains("panicked"));
    }
}

/// DescribeScalingInstances and RemoveInstances beside SetInstancesProtection:
/// both versions, both formats, both signatures, on the same state file.
#[test]
fn the_workflow_operations() {
    let server = Server::start("workflow", STATE);
    let json = |answer: &Answer| -> serde_json::Value {
        assert_eq!(answer.status, 200, "{}", answer.body);
        serde_json::from_str(&answer.body).unwrap()
    };
    let describe = "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou\
                    &ScalingGroupId=asg-demo&LifecycleState=InService";
    // 2014-08-28, signature 1.0: the list wrapped in ScalingInstance.
    let body = json(&server.send(&signed_get(describe)));
    assert_eq!((body["TotalCount"].as_u64(), body["PageSize"].as_u64()), (Some(4), Some(10)));
    let items = body["ScalingInstances"]["ScalingInstance"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["InstanceId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["i-web-1", "i-web-2", "i-web-3", "i-web-4"]);
    assert_eq!(items[0]["CreationTime"], "2026-01-01T00:00Z");
    assert_eq!(items[0]["CreatedTime"], "2026-01-01T00:00:00Z");
    // 2022-02-22 in V3 (the 2022 SDK): a plain array, page by page.
    let v3 = |action: &str, query: &str| {
        server.send(&signed_v3_of(action, "2022-02-22", query, SECRET, &nonce(), now()))
    };
    let page = "RegionId=cn-hangzhou&ScalingGroupId=asg-demo&PageSize=3&PageNumber=2";
    let body = json(&v3("DescribeScalingInstances", page));
    assert_eq!(body["TotalCount"], 5);
    let items = body["ScalingInstances"].as_array().unwrap();
    assert_eq!(
        items.iter().map(|i| i["InstanceId"].as_str().unwrap()).collect::<Vec<_>>(),
        ["i-web-4", "i-web-5"]
    );
    // XML reads back with the library.
    let answer = server.send(&signed_get(&format!("{describe}&Format=XML")));
    let page =
        ess_protection::DescribeScalingInstancesResponse::from_xml(answer.body.as_bytes()).unwrap();
    assert_eq!(page.scaling_instances.len(), 4);
    // A describe changes nothing and writes nothing.
    let file = std::fs::read_to_string(&server.state_file).unwrap();
    assert_eq!(file.trim(), STATE.trim());

    // RemoveInstances removes a protected instance; the file has it on answer.
    assert_eq!(server.send(&signed_get(&query(DEMO, &["i-web-1"], true))).status, 200);
    let remove = "ScalingGroupId=asg-demo&InstanceIds.1=i-web-1&ClientToken=token-1";
    let first = json(&v3("RemoveInstances", remove));
    let activity = first["ScalingActivityId"].as_str().unwrap().to_owned();
    assert!(activity.starts_with("asa-") && activity.len() == 24, "{activity}");
    assert_request_id(first["RequestId"].as_str().unwrap());
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&server.state_file).unwrap()).unwrap();
    assert_eq!(instance_state(&file, "i-web-1"), None);
    assert_eq!(file["ClientTokens"][0]["ScalingActivityId"], activity.as_str());
    // The same request under its token: the same activity, nothing more.
    let again = json(&v3("RemoveInstances", remove));
    assert_eq!(again["ScalingActivityId"], activity.as_str());
    // Another request under it: refused, naming it.
    let other =
        v3("RemoveInstances", "ScalingGroupId=asg-demo&InstanceIds.1=i-web-2&ClientToken=token-1");
    assert_eq!((other.status, other.code().as_str()), (400, "InvalidParameter"));
    assert!(other.body.contains(r#"parameter \"ClientToken\" is not valid"#), "{}", other.body);
    // MinSize: a group that keeps 4 of its 5 may lose one, not two.
    let mut state: serde_json::Value = serde_json::from_str(STATE).unwrap();
    state["ScalingGroups"][0]["MinSize"] = 4.into();
    state["ScalingGroups"][0]["DesiredCapacity"] = 4.into();
    let put = server.request("PUT", "/_emulator/state", &[], state.to_string().as_bytes());
    assert_eq!(put.status, 200, "{}", put.body);
    let two = "Action=RemoveInstances&Version=2014-08-28&ScalingGroupId=asg-demo\
               &InstanceId.1=i-web-1&InstanceId.2=i-web-2";
    let refused = server.send(&signed_get(two));
    assert_eq!((refused.status, refused.code().as_str()), (400, "IncorrectCapacity.MinSize"));
    let xml = server
        .send(&signed_get(&format!("{}&Format=XML", two.replace("&InstanceId.2=i-web-2", ""))));
    let removal = ess_protection::RemoveInstancesResponse::from_xml(xml.body.as_bytes()).unwrap();
    assert!(removal.scaling_activity_id.as_str().starts_with("asa-"));
    // DesiredCapacity would fall to 3, below MinSize 4: it stays at MinSize.
    let state = server.state();
    assert_eq!(state["ScalingGroups"][0]["DesiredCapacity"], 4);
    // The harness's own removal stays.
    let by_hand = server.request(
        "POST",
        "/_emulator/remove",
        &[],
        br#"{"ScalingGroupId":"asg-demo","InstanceIds":["i-web-2"]}"#,
    );
    assert_eq!(by_hand.body, r#"{"Removed":["i-web-2"]}"#);
}

#[test]
fn the_python_packages_default_state_is_the_sample() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let packaged =
        std::fs::read(root.join("python/src/ess_protection/default_state.json")).unwrap();
    assert_eq!(packaged, STATE.as_bytes(), "copy examples/emulator/state.json to the package");
}
