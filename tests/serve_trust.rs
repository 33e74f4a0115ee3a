//! What the emulator trusts, and how long it lives (issue "Trust"): a 1.0
//! signature covers the operation; no describe shows a group the key is
//! denied; security tokens are checked; `"Policies": null` is refused; the
//! server ends with the process that started it, however that ends.
//!
//! `ESS_PROTECTION_BIN` runs these against another build.
#![cfg(feature = "server")]

#[path = "common/server.rs"]
mod server;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ess_protection::HttpRequest;
use ess_protection::signature::v3;
use server::*;

/// A GET signed with 1.0 by `key` (secret: the id and `secret`).
fn as_key(key: &str, query: &str) -> Vec<u8> {
    let signed = sign_v1_as(key, query, &format!("{key}secret"), &nonce(), now());
    raw_request("GET", &format!("/?{signed}"), &[], b"")
}

fn start_with_keys(name: &str, state: &str, keys: &str) -> Server {
    let dir = folder(name);
    let file = dir.join("state.json");
    std::fs::write(&file, state).unwrap();
    let keys_file = dir.join("keys.json");
    std::fs::write(&keys_file, keys).unwrap();
    let key = format!("{KEY_ID}:{SECRET}");
    Server::start_on(&file, &["--access-key", &key, "--keys", keys_file.to_str().unwrap()])
}

// 4. A 1.0 signature covers the operation.

#[test]
fn a_1_0_signature_covers_the_operation_an_unsigned_header_names_none() {
    let server = Server::start("trust-action", STATE);
    let signed = sign_v1(
        "Version=2014-08-28&ScalingGroupId=asg-demo&InstanceId.1=i-web-1&RegionId=cn-hangzhou",
        SECRET,
        &nonce(),
        now(),
    );
    let answer =
        server.request("GET", &format!("/?{signed}"), &[("x-acs-action", "RemoveInstances")], b"");
    assert_eq!(
        (answer.status, answer.code()),
        (400, "IncompleteSignature".to_owned()),
        "{}",
        answer.body
    );
    assert_eq!(server.instance_state("i-web-1").as_deref(), Some("InService"), "still there");

    // The version, likewise.
    let signed = sign_v1(
        "Action=RemoveInstances&ScalingGroupId=asg-demo&InstanceId.1=i-web-1",
        SECRET,
        &nonce(),
        now(),
    );
    let answer =
        server.request("GET", &format!("/?{signed}"), &[("x-acs-version", "2014-08-28")], b"");
    assert_eq!(answer.code(), "IncompleteSignature", "{}", answer.body);
    assert_eq!(server.instance_state("i-web-1").as_deref(), Some("InService"));

    // Signed parameters and agreeing headers (the 2014 Python SDK sends both): fine.
    let query =
        "Action=RemoveInstances&Version=2014-08-28&ScalingGroupId=asg-demo&InstanceId.1=i-web-1";
    let signed = sign_v1(query, SECRET, &nonce(), now());
    let agree = [("x-acs-action", "RemoveInstances"), ("x-acs-version", "2014-08-28")];
    let answer = server.request("GET", &format!("/?{signed}"), &agree, b"");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(server.instance_state("i-web-1"), None);
}

// 3. No answer shows what the key is denied.

const SECRET_STATE: &str = r#"{"ScalingGroups": [
  {"ScalingGroupId": "asg-open", "RegionId": "cn-hangzhou", "LifecycleState": "Active", "Instances": [
    {"InstanceId": "i-o1", "LifecycleState": "InService", "CreationTime": "2026-01-01T00:00:00Z"}]},
  {"ScalingGroupId": "asg-secret", "RegionId": "cn-hangzhou", "LifecycleState": "Active", "Instances": [
    {"InstanceId": "i-s1", "LifecycleState": "Protected", "CreationTime": "2026-01-01T00:00:00Z"}]},
  {"ScalingGroupId": "asg-north", "RegionId": "cn-beijing", "LifecycleState": "Active", "Instances": [
    {"InstanceId": "i-n1", "LifecycleState": "InService", "CreationTime": "2026-01-01T00:00:00Z"}]}]}"#;

const DENY_KEYS: &str = r#"{"AccessKeys": [
  {"AccessKeyId": "deny", "AccessKeySecret": "denysecret", "AccountId": "1",
   "Policies": [{"Version": "1", "Statement": [
     {"Effect": "Allow", "Action": "*", "Resource": "*"},
     {"Effect": "Deny", "Action": "*", "Resource": "acs:ess:*:*:scalinggroup/asg-secret"}]}]},
  {"AccessKeyId": "notres", "AccessKeySecret": "notressecret", "AccountId": "1",
   "Policies": [{"Version": "1", "Statement": [
     {"Effect": "Allow", "Action": "ess:*", "NotResource": "acs:ess:*:*:scalinggroup/asg-secret"}]}]}]}"#;

#[test]
fn a_deny_on_a_group_hides_it_from_every_describe() {
    let server = start_with_keys("trust-deny", SECRET_STATE, DENY_KEYS);
    let describe = "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou";
    for key in ["deny", "notres"] {
        for query in [
            format!("{describe}&ScalingGroupId=asg-secret"),
            describe.to_owned(),
            format!("{describe}&InstanceId.1=i-s1"),
            format!("{describe}&LifecycleState=Protected"),
        ] {
            let answer = server.send(&as_key(key, &query));
            assert_eq!(answer.status, 403, "{key}: {query}: {}", answer.body);
            assert_eq!(answer.code(), "Forbidden.Unauthorized");
            assert!(!answer.body.contains("i-s1"), "{}", answer.body);
        }
        // Naming the open group: its instances, and nothing of the other.
        let answer = server.send(&as_key(key, &format!("{describe}&ScalingGroupId=asg-open")));
        assert_eq!(answer.status, 200, "{key}: {}", answer.body);
        assert!(answer.body.contains("i-o1") && !answer.body.contains("i-s1"), "{}", answer.body);
        // Another region, where nothing is denied: every group of it.
        let north = describe.replace("cn-hangzhou", "cn-beijing");
        let answer = server.send(&as_key(key, &north));
        assert_eq!(answer.status, 200, "{key}: {}", answer.body);
        assert!(answer.body.contains("i-n1"), "{}", answer.body);
        // The denied group's writes are refused as before.
        let protect = query("asg-secret", &["i-s1"], false);
        assert_eq!(server.send(&as_key(key, &protect)).code(), "Forbidden.Unauthorized");
    }
    assert_eq!(server.instance_state("i-s1").as_deref(), Some("Protected"));
}

// 5. "Policies": null is refused at start.

#[test]
fn policies_null_is_refused_at_start_naming_the_key() {
    let dir = folder("trust-null");
    let state = dir.join("state.json");
    std::fs::write(&state, STATE).unwrap();
    let keys = dir.join("keys.json");
    std::fs::write(
        &keys,
        r#"{"AccessKeys": [{"AccessKeyId": "ops", "AccessKeySecret": "s", "AccountId": "1", "Policies": null}]}"#,
    )
    .unwrap();
    let mut command = Command::new(binary());
    command
        .args(["serve", "--listen", "127.0.0.1:0", "--state"])
        .arg(&state)
        .arg("--keys")
        .arg(&keys);
    let out = exits_within(command, 10);
    assert_eq!((out.status.code(), out.stdout.as_slice()), (Some(2), &b""[..]));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        format!(
            "ess-protection: the keys file {} is not valid: AccessKeys[0] (ops): Policies is null: \
             give a list ([] allows nothing), or leave Policies out for a key that may do everything",
            keys.display()
        )
    );
}

/// Runs a command that should exit by itself; one still running after
/// `seconds` is killed (a server that started where it should not have).
fn exits_within(mut command: Command, seconds: u64) -> std::process::Output {
    let child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let pid = child.id();
    let killer = std::thread::spawn(move || {
        let end = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < end {
            if gone(pid) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
    });
    let out = child.wait_with_output().unwrap();
    killer.join().unwrap();
    out
}

// 9. Security tokens.

const TOKEN_KEYS: &str = r#"{"AccessKeys": [
  {"AccessKeyId": "STS.a", "AccessKeySecret": "STS.asecret", "SecurityToken": "token-a"},
  {"AccessKeyId": "STS.b", "AccessKeySecret": "STS.bsecret", "SecurityToken": "token-b",
   "Expiration": "2000-01-01T00:00:00Z"},
  {"AccessKeyId": "long", "AccessKeySecret": "longsecret"}]}"#;

/// A GET signed with 1.0 by `key`, with `SecurityToken` when given.
fn with_token(key: &str, token: Option<&str>, nonce: &str) -> Vec<u8> {
    let mut query = query("asg-demo", &["i-web-1"], true);
    if let Some(token) = token {
        query.push_str(&format!("&SecurityToken={token}"));
    }
    let signed = sign_v1_as(key, &query, &format!("{key}secret"), nonce, now());
    raw_request("GET", &format!("/?{signed}"), &[], b"")
}

/// A describe signed with V3 by `key`, with `x-acs-security-token` when given.
fn v3_with_token(key: &str, token: Option<&str>) -> Vec<u8> {
    let target = "/?RegionId=cn-hangzhou&ScalingGroupId=asg-demo";
    let mut headers = vec![
        ("x-acs-action", "DescribeScalingInstances".to_owned()),
        ("x-acs-version", "2022-02-22".to_owned()),
    ];
    if let Some(token) = token {
        headers.push(("x-acs-security-token", token.to_owned()));
    }
    let mut http = HttpRequest::new("POST", target).header("host", "127.0.0.1");
    for (name, value) in &headers {
        http = http.header(name, value.as_str());
    }
    let signing = v3::sign(&http, key, &format!("{key}secret"), &nonce(), now());
    let mut all: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    all.extend(signing.iter());
    raw_request("POST", target, &all, b"")
}

#[test]
fn a_security_token_must_be_the_keys_own() {
    let server = start_with_keys("trust-token", STATE, TOKEN_KEYS);
    let code = |raw: Vec<u8>| {
        let answer = server.send(&raw);
        if answer.status == 200 { "200".to_owned() } else { answer.code() }
    };
    // A long-term key: no token, or a token nobody issued.
    assert_eq!(code(with_token("long", None, &nonce())), "200");
    assert_eq!(code(with_token("long", Some("abc"), &nonce())), "InvalidSecurityToken.Malformed");
    assert_eq!(code(v3_with_token("long", Some("bogus"))), "InvalidSecurityToken.Malformed");
    assert_eq!(code(v3_with_token("long", None)), "200");
    // A key of temporary credentials: its token, and only its.
    assert_eq!(code(with_token("STS.a", None, &nonce())), "MissingSecurityToken");
    assert_eq!(code(v3_with_token("STS.a", None)), "MissingSecurityToken");
    assert_eq!(
        code(with_token("STS.a", Some("token-b"), &nonce())),
        "InvalidSecurityToken.MismatchWithAccessKey"
    );
    assert_eq!(
        code(with_token("long", Some("token-a"), &nonce())),
        "InvalidSecurityToken.MismatchWithAccessKey"
    );
    assert_eq!(
        code(with_token("STS.a", Some("token-x"), &nonce())),
        "InvalidSecurityToken.Malformed"
    );
    assert_eq!(code(v3_with_token("STS.a", Some("token-a"))), "200");
    // Credentials refused do not use up their nonce.
    let once = nonce();
    assert_eq!(code(with_token("STS.a", None, &once)), "MissingSecurityToken");
    assert_eq!(code(with_token("STS.a", Some("token-a"), &once)), "200");
    assert_eq!(code(with_token("STS.a", Some("token-a"), &once)), "SignatureNonceUsed");
    // After its Expiration.
    assert_eq!(
        code(with_token("STS.b", Some("token-b"), &nonce())),
        "InvalidSecurityToken.Expired"
    );
    let answer = server.send(&with_token("STS.b", Some("token-b"), &nonce()));
    assert_eq!(answer.status, 400);
    assert!(
        answer.body.contains(r#""Message":"Specified SecurityToken is expired.""#),
        "{}",
        answer.body
    );
}

// 1. The server ends with its parent.

fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        }
        Err(_) => true,
    }
}

fn wait_until(seconds: u64, mut done: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < end {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    done()
}

#[test]
fn a_server_ends_when_its_parent_is_killed_and_removes_the_parents_folder() {
    let dir = folder("trust-parent");
    std::fs::write(dir.join("state.json"), STATE).unwrap();
    // A shell starts the server with --parent-pid of its own, says the
    // server's pid, and waits; then it is killed with SIGKILL.
    let script = format!(
        "{bin} serve --state {dir}/state.json --listen 127.0.0.1:0 --parent-pid $$ \
         --remove-on-orphan {dir} >/dev/null 2>&1 & echo $!; exec sleep 60",
        bin = binary().display(),
        dir = dir.display()
    );
    let mut shell =
        Command::new("sh").args(["-c", &script]).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(shell.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let pid: u32 = line.trim().parse().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(!gone(pid), "the server runs");
    shell.kill().unwrap();
    shell.wait().unwrap();
    assert!(wait_until(5, || gone(pid)), "the server outlived its parent");
    assert!(wait_until(5, || !dir.exists()), "{} is left", dir.display());
}

#[test]
fn a_server_ends_when_its_standard_input_ends() {
    let dir = folder("trust-stdin");
    let state = dir.join("state.json");
    std::fs::write(&state, STATE).unwrap();
    let mut child = Command::new(binary())
        .args(["serve", "--listen", "127.0.0.1:0", "--stop-on-stdin-eof", "--remove-on-orphan"])
        .arg(&dir)
        .arg("--state")
        .arg(&state)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.starts_with("listening on http://127.0.0.1:"), "{line}");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(child.try_wait().unwrap(), None, "it serves while its input is open");
    drop(child.stdin.take());
    let started = Instant::now();
    assert!(wait_until(5, || child.try_wait().unwrap().is_some()), "it did not stop");
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.contains("standard input ended (the parent process ended)"), "{err}");
    assert!(err.contains(&format!("removed {}", dir.display())), "{err}");
    assert!(!dir.exists());
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[test]
fn watch_options_are_checked_before_the_listening_line() {
    let dir = folder("trust-options");
    let state = dir.join("state.json");
    std::fs::write(&state, STATE).unwrap();
    let run = |args: &[&str]| {
        let mut command = Command::new(binary());
        command.args(["serve", "--listen", "127.0.0.1:0", "--state"]).arg(&state).args(args);
        let out = exits_within(command, 10);
        assert_eq!((out.status.code(), out.stdout.as_slice()), (Some(2), &b""[..]), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = run(&["--parent-pid", "1"]);
    assert!(err.contains("--parent-pid 1 is not this process's parent (its parent is "), "{err}");
    let err = run(&["--remove-on-orphan", state.to_str().unwrap()]);
    assert!(err.contains("not a folder"), "{err}");
    // Its own parent (this test) is accepted: it listens, and ends with SIGTERM, its
    // folder kept (only a parent's end removes it).
    let parent = std::process::id().to_string();
    let mut server = Server::start_on(
        &state,
        &["--parent-pid", &parent, "--remove-on-orphan", dir.to_str().unwrap()],
    );
    assert_eq!(server.terminate(), 0);
    assert!(dir.exists());
}

// 7. The guide says what the emulator answers.

#[test]
fn the_emulator_guide_names_the_code_an_unknown_action_gets() {
    let guide = include_str!("../docs/emulator.md");
    let claim = guide
        .split("Another `Action` is `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .expect("docs/emulator.md says what another Action gets");
    let server = Server::start("trust-guide", STATE);
    let answer = server.send(&signed_get("Action=DescribeRegions&Version=2014-08-28"));
    assert_eq!(answer.code(), claim, "{}", answer.body);
    assert_eq!(answer.status, 400);
    // Another path is the gateway's 404, as the guide says too.
    let answer = server.request("GET", "/other?Action=DescribeRegions", &[], b"");
    assert_eq!((answer.status, answer.code()), (404, "InvalidAction.NotFound".to_owned()));
}

// 6. Every XML answer is well-formed.

#[test]
fn every_xml_answer_is_well_formed_whatever_the_text() {
    let state = STATE.replace(
        r#""CreationTime": "2026-01-01T00:00:00Z"}"#,
        r#""CreationTime": "2026-01-01T00:00:00Z", "ZoneId": "z\u0000"}"#,
    );
    assert!(state.contains("z\\u0000"));
    let server = Server::start("trust-xml", &state);
    let describe = "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou\
                    &ScalingGroupId=asg-demo&Format=XML";
    let answer = server.send(&signed_get(describe));
    assert_eq!(answer.status, 200, "{}", answer.body);
    roxmltree::Document::parse(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body));
    assert!(answer.body.contains("<ZoneId>z\u{fffd}</ZoneId>"), "{}", answer.body);
    for name in ["InstanceId.%01", "InstanceId.%00", "InstanceId.%EF%BF%BE"] {
        let bad = format!("{}&{name}=i-web-1&Format=XML", query("asg-demo", &["i-web-1"], true));
        let answer = server.send(&signed_get(&bad));
        assert_eq!(answer.status, 400, "{}", answer.body);
        roxmltree::Document::parse(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body));
    }
}
