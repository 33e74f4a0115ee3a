//! What the official clients really send, recorded by `tests/clients/run`
//! from a loopback capture server (each of the three operations): each
//! request parses (through the real binary's `request --http`) to what the
//! client meant, verifies with the client's secret, and is refused for any
//! change to it.
//!
//! The committed set is in `tests/clients/captured/`; CI captures a fresh
//! one from the newest SDKs and runs this test on it too
//! (`ESS_CLIENT_CAPTURES=DIR`), so a release that changes the wire fails.
#![cfg(feature = "cli")]

mod common;

use std::path::PathBuf;

use common::bin::{Run, one_line, run, run_bytes};
use serde_json::Value;

fn captures() -> PathBuf {
    std::env::var_os("ESS_CLIENT_CAPTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/clients/captured"),
        PathBuf::from,
    )
}

fn manifest() -> Value {
    let text = std::fs::read_to_string(captures().join("manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Runs the binary with a message on standard input.
fn with_message(args: &[&str], message: &[u8]) -> Run {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    run_bytes(&args, message)
}

/// `verify --http -` of a message: "ok", or the code and status.
fn verify(secret: &str, now: Option<&str>, message: &[u8]) -> String {
    let mut args = vec!["verify", "--secret", secret, "--http"];
    if let Some(now) = now {
        args.extend(["--now", now]);
    }
    let r = with_message(&args, message);
    match r.code {
        0 => "ok".into(),
        _ => {
            let v: Value = serde_json::from_str(one_line(&r)).unwrap();
            format!("{} {}", v["HttpCode"], v["Code"].as_str().unwrap())
        }
    }
}

/// A time `seconds` after another, as the CLI takes it.
fn plus(time: &str, seconds: i64) -> String {
    let t: ess_protection::Timestamp = time.parse().unwrap();
    ess_protection::Timestamp::from_unix_seconds(t.unix_seconds() + seconds).unwrap().to_string()
}

#[test]
fn every_captured_request_parses_to_what_the_client_meant_and_verifies() {
    let manifest = manifest();
    let secret = manifest["AccessKeySecret"].as_str().unwrap();
    let messages = manifest["messages"].as_array().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for m in messages {
        let file = captures().join(m["file"].as_str().unwrap());
        let message = std::fs::read(&file).unwrap();
        let name = file.display();

        // Parses to what the client meant.
        let r = run(&["request", "--http", file.to_str().unwrap()], "");
        assert_eq!(r.code, 0, "{name}: {}", r.stdout);
        let request: Value = serde_json::from_str(one_line(&r)).unwrap();
        assert_eq!(request.get("Warnings"), None, "{name}: what an official client sends");
        for (key, expected) in m["expect"].as_object().unwrap() {
            assert_eq!(&request[key], expected, "{name}: {key}");
        }
        for optional in ["OwnerId", "ResourceOwnerAccount"] {
            assert_eq!(request.get(optional).is_some(), m["expect"].get(optional).is_some());
        }

        // Verifies with the secret, at the time it was signed and within
        // the window; not after it, nor with another secret.
        let v3 = m["signature"] == "V3";
        let (time, window) = if v3 {
            (request["Headers"]["x-acs-date"].as_str().unwrap(), 15 * 60)
        } else {
            (request["Timestamp"].as_str().unwrap(), 31 * 60)
        };
        assert_eq!(verify(secret, None, &message), "ok", "{name}");
        assert_eq!(verify(secret, Some(time), &message), "ok", "{name}");
        assert_eq!(verify(secret, Some(&plus(time, window)), &message), "ok", "{name}");
        assert_eq!(
            verify(secret, Some(&plus(time, window + 1)), &message),
            "400 InvalidTimeStamp.Expired",
            "{name}"
        );
        assert_eq!(verify("not-the-secret", None, &message), "403 SignatureDoesNotMatch");

        // Any change to a signed part: the group (in the query or the form
        // body), the method.
        let text = String::from_utf8(message.clone()).unwrap();
        let changed = text.replace("asg-bp18p2yfxow2dloq", "asg-bp18p2yfxow2dloX");
        assert_ne!(changed, text, "{name}: the group is in the message");
        assert_eq!(verify(secret, None, changed.as_bytes()), "403 SignatureDoesNotMatch");
        let method = m["file"].as_str().unwrap().contains("GET");
        let other = if method {
            text.replacen("GET ", "POST ", 1)
        } else {
            text.replacen("POST ", "GET ", 1)
        };
        assert_eq!(verify(secret, None, other.as_bytes()), "403 SignatureDoesNotMatch", "{name}");

        if v3 {
            // An x-acs-* header the signature does not cover.
            let extra = text.replacen("\r\n", "\r\nx-acs-extra: 1\r\n", 1);
            assert_eq!(verify(secret, None, extra.as_bytes()), "400 IncompleteSignature");
            // A body the signature does not cover.
            let body = text.replace("Content-Length: 0\r\n", "Content-Length: 3\r\n") + "a=b";
            assert_eq!(verify(secret, None, body.as_bytes()), "403 SignatureDoesNotMatch");
        }
        seen.insert((
            m["signature"].as_str().unwrap().to_owned(),
            request["Version"].as_str().unwrap().to_owned(),
            if method { "GET" } else { "POST" },
            request["InstanceIds"].as_array().unwrap().len(),
            request["Action"].as_str().unwrap().to_owned(),
        ));
    }
    // The set covers both signatures, both versions, both methods, 1, 2 and
    // 20 ids, the three operations.
    let kinds = |f: fn(&(String, String, &str, usize, String)) -> String| {
        seen.iter()
            .map(f)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(|s| s.0.clone()), ["1.0", "V3"]);
    assert_eq!(kinds(|s| s.1.clone()), ["2014-08-28", "2022-02-22"]);
    assert_eq!(kinds(|s| s.2.to_owned()), ["GET", "POST"]);
    assert_eq!(kinds(|s| s.3.to_string()), ["1", "2", "20"]);
    assert_eq!(
        kinds(|s| s.4.clone()),
        ["DescribeScalingInstances", "RemoveInstances", "SetInstancesProtection"]
    );
    assert!(messages.len() >= 24, "{} messages", messages.len());
}
