//! `ess-protection serve --keys FILE`: keys with RAM policies. The order
//! of checks, what a refusal changes (nothing, but its nonce), the
//! resource's region, and a keys file that is not valid.
#![cfg(feature = "server")]

#[path = "common/server.rs"]
mod server;

use std::process::Command;

use server::*;

const KEYS: &str = include_str!("emulator/keys.json");
const DENIED: &str = "A required authorization for the specified action is not supplied.";

fn start(name: &str, keys: &str) -> Server {
    let dir = folder(name);
    let file = dir.join("state.json");
    std::fs::write(&file, STATE).unwrap();
    let keys_file = dir.join("keys.json");
    std::fs::write(&keys_file, keys).unwrap();
    let key = format!("{KEY_ID}:{SECRET}");
    Server::start_on(&file, &["--access-key", &key, "--keys", keys_file.to_str().unwrap()])
}

/// A GET signed with 1.0 by `key` (secret: the id and `secret`).
fn as_key(key: &str, query: &str) -> Vec<u8> {
    let signed = sign_v1_as(key, query, &format!("{key}secret"), &nonce(), now());
    raw_request("GET", &format!("/?{signed}"), &[], b"")
}

#[test]
fn a_refusal_is_403_changes_nothing_and_uses_up_its_nonce() {
    let server = start("ram-refusal", KEYS);
    let before = std::fs::read(&server.state_file).unwrap();
    let request = as_key("reader", &query("asg-demo", &["i-web-1"], true));
    let answer = server.send(&request);
    assert_eq!((answer.status, answer.code()), (403, "Forbidden.Unauthorized".to_owned()));
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["Message"], DENIED);
    assert_eq!(body["HostId"], "ess.aliyuncs.com");
    assert_eq!(std::fs::read(&server.state_file).unwrap(), before, "the file, byte for byte");
    // The refused request used up its nonce, as any verified request does.
    assert_eq!(server.send(&request).code(), "SignatureNonceUsed");
    // Describe is allowed to it.
    let describe = "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou\
                    &ScalingGroupId=asg-demo";
    let answer = server.send(&as_key("reader", describe));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(std::fs::read(&server.state_file).unwrap(), before);
}

#[test]
fn signature_then_parameters_then_authorization_then_the_model() {
    let server = start("ram-order", KEYS);
    // A wrong secret: the signature's error, not the policy's.
    let query = query("asg-demo", &["i-web-1"], true);
    let wrong = sign_v1_as("reader", &query, "nope", &nonce(), now());
    let wrong = raw_request("GET", &format!("/?{wrong}"), &[], b"");
    assert_eq!(server.send(&wrong).code(), "SignatureDoesNotMatch");
    // A bad parameter: the parser's error.
    let bad = query.replace("ProtectedFromScaleIn=true", "ProtectedFromScaleIn=maybe");
    let answer = server.send(&as_key("reader", &bad));
    assert_eq!(answer.code(), "InvalidParameter", "{}", answer.body);
    // A group that does not exist: the policy first (reader may not protect
    // anywhere), the model's NotFound for a key that may.
    let missing = query.replace("asg-demo", "asg-none");
    assert_eq!(server.send(&as_key("reader", &missing)).code(), "Forbidden.Unauthorized");
    assert_eq!(server.send(&as_key("noremove", &missing)).code(), "InvalidScalingGroupId.NotFound");
}

#[test]
fn the_resource_is_the_groups_in_its_region() {
    // A key allowed only in cn-beijing: the sample's groups are in cn-hangzhou.
    let keys = r#"{"AccessKeys": [{"AccessKeyId": "bj", "AccessKeySecret": "bjsecret", "AccountId": "1",
        "Policies": [{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ess:*",
        "Resource": "acs:ess:cn-beijing:1:scalinggroup/*"}]}]},
      {"AccessKeyId": "hz", "AccessKeySecret": "hzsecret", "AccountId": "1",
        "Policies": [{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ess:*",
        "Resource": "acs:ess:cn-hangzhou:1:scalinggroup/*"}]}]}]}"#;
    let server = start("ram-region", keys);
    // Without RegionId (as the 2022 SDK sends it): the group's region, from the state.
    let protect = query("asg-demo", &["i-web-1"], true);
    assert!(!protect.contains("RegionId"), "{protect}");
    assert_eq!(server.send(&as_key("bj", &protect)).code(), "Forbidden.Unauthorized");
    assert_eq!(server.send(&as_key("hz", &protect)).status, 200);
    // With RegionId: the request's.
    let there = format!("{protect}&RegionId=cn-beijing");
    assert_eq!(server.send(&as_key("bj", &there)).code(), "InvalidScalingGroupId.NotFound");
    // A group the state does not know, without RegionId: region `*`, which a
    // policy naming a region does not cover.
    let unknown = protect.replace("asg-demo", "asg-none");
    assert_eq!(server.send(&as_key("hz", &unknown)).code(), "Forbidden.Unauthorized");
}

#[test]
fn a_keys_file_that_is_not_valid_exits_2_naming_the_key_and_the_statement() {
    let dir = folder("ram-keys");
    let state = dir.join("state.json");
    std::fs::write(&state, STATE).unwrap();
    let run = |keys: &str, extra: &[&str]| {
        let file = dir.join("keys.json");
        std::fs::write(&file, keys).unwrap();
        let out = Command::new(binary())
            .arg("serve")
            .arg("--state")
            .arg(&state)
            .args(["--listen", "127.0.0.1:0", "--keys"])
            .arg(&file)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!((out.status.code(), out.stdout.as_slice()), (Some(2), &b""[..]), "{keys}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let prefix = format!("ess-protection: the keys file {} is not valid: ", file.display());
        err.strip_prefix(&prefix).unwrap_or_else(|| panic!("{err}")).trim_end().to_owned()
    };
    let key = |policies: &str| {
        format!(
            r#"{{"AccessKeys": [{{"AccessKeyId": "a", "AccessKeySecret": "s"}}, {{"AccessKeyId": "ops", "AccessKeySecret": "s", "AccountId": "1", "Policies": [{{"Version": "1", "Statement": []}}, {policies}]}}]}}"#
        )
    };
    assert_eq!(
        run(
            &key(
                r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"acs:MFAPresent": "true"}}}]}"#
            ),
            &[]
        ),
        "AccessKeys[1] (ops): Policies[1]: Statement[1].Condition: conditions are not supported (ignoring one would allow what the service denies)"
    );
    assert_eq!(
        run(&key(r#"{"Version": "2012-10-17", "Statement": []}"#), &[]),
        r#"AccessKeys[1] (ops): Policies[1]: Version: only version "1" is supported"#
    );
    assert_eq!(
        run(
            r#"{"AccessKeys": [{"AccessKeyId": "ops", "AccessKeySecret": "s", "Policies": []}]}"#,
            &[]
        ),
        "AccessKeys[0] (ops): AccountId is needed with Policies"
    );
    assert_eq!(
        run(
            r#"{"AccessKeys": [{"AccessKeyId": "ops", "AccessKeySecret": "s", "Role": "x"}]}"#,
            &[]
        ),
        "AccessKeys[0]: unknown field `Role`, expected one of `AccessKeyId`, `AccessKeySecret`, `AccountId`, `Policies`, `SecurityToken`, `Expiration`"
    );
    assert_eq!(
        run(r#"{"Keys": []}"#, &[]),
        r#"expected {"AccessKeys": [...]}: unknown field `Keys`, expected `AccessKeys` at line 1 column 7"#
    );
    // A key id in the file and on the command line.
    let file = dir.join("twice.json");
    std::fs::write(&file, r#"{"AccessKeys": [{"AccessKeyId": "testid", "AccessKeySecret": "s"}]}"#)
        .unwrap();
    let out = Command::new(binary())
        .args(["serve", "--listen", "127.0.0.1:0", "--access-key", "testid:x", "--state"])
        .arg(&state)
        .arg("--keys")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the key id testid is given twice"));
}
