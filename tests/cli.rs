//! The `ess-protection` binary, run for real over its contract.
#![cfg(feature = "cli")]

mod common;

use common::bin::{one_line, run, run_bytes};
use common::{SAMPLE_REQUEST, VALID};

#[test]
fn request_valid() {
    let r = run(&["request", VALID], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        one_line(&r),
        r#"{"Action":"SetInstancesProtection","Version":"2014-08-28","ScalingGroupId":"AG6CQdPU8OKdwLjgZcJ2eaQ","InstanceIds":["i-28wt48iaa","i-28wt48ibb"],"ProtectedFromScaleIn":true}"#
    );
    let with_url = run(&["request", &format!("https://ess.aliyuncs.com/?{VALID}")], "");
    assert_eq!(with_url.stdout, r.stdout);
    let from_stdin = run(&["request", "-"], &format!("{VALID}\n"));
    assert_eq!(from_stdin.stdout, r.stdout);
    let no_arg = run(&["request"], VALID);
    assert_eq!(no_arg.stdout, r.stdout);

    let v2022 = VALID.replace("2014-08-28", "2022-02-22").replace("InstanceId.", "InstanceIds.");
    let r = run(&["request", &format!("{v2022}&InstanceIds.4=i-x&OwnerId=7&ClientToken=t")], "");
    assert_eq!(r.code, 0);
    assert_eq!(
        one_line(&r),
        r#"{"Action":"SetInstancesProtection","Version":"2022-02-22","ScalingGroupId":"AG6CQdPU8OKdwLjgZcJ2eaQ","InstanceIds":["i-28wt48iaa","i-28wt48ibb","i-x"],"ProtectedFromScaleIn":true,"OwnerId":7,"ClientToken":"t","Warnings":["InstanceIds.3: absent, though a higher index is present"]}"#
    );
}

#[test]
fn request_rejected() {
    let r = run(&["request", &VALID.replace("InstanceId.2", "InstanceId.21")], "");
    assert_eq!(r.code, 1);
    assert_eq!(
        one_line(&r),
        r#"{"HttpCode":400,"Code":"InvalidParameter","Message":"The specified value of parameter \"InstanceId.21\" is not valid.","Problems":[{"Parameter":"InstanceId.21","Problem":"index must be from 1 to 20"}]}"#
    );
    let r = run(&["request"], SAMPLE_REQUEST);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(one_line(&r)).unwrap();
    assert_eq!(v["Code"], "MissingParameter");
    assert_eq!(v["Problems"].as_array().unwrap().len(), 11);
}

#[test]
fn request_lenient_sample() {
    let r = run(&["request", "--lenient"], SAMPLE_REQUEST);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(one_line(&r)).unwrap();
    assert_eq!(v["ScalingGroupId"], "AG6CQdPU8OKdwLjgZcJ2eaQ");
    assert_eq!(v["InstanceIds"], serde_json::json!(["i-28wt48iaa", "i-28wt48ibb"]));
    assert_eq!(v["ProtectedFromScaleIn"], true);
    assert_eq!(v["Warnings"].as_array().unwrap().len(), 11);
}

#[test]
fn bad_request_input_of_every_kind() {
    for (what, input) in [
        ("empty", Vec::new()),
        ("binary garbage", (0u8..=255).cycle().take(4096).collect()),
        ("invalid UTF-8", b"Action=\xff\xfe&Version=%C3".to_vec()),
        ("1 MiB", "InstanceId.1=a&".repeat(70_000).into_bytes()),
    ] {
        let r = run_bytes(&[std::ffi::OsStr::new("request")], &input);
        assert_eq!(r.code, 1, "{what}");
        let v: serde_json::Value = serde_json::from_str(one_line(&r)).unwrap();
        assert_eq!(v["HttpCode"], 400, "{what}");
        assert!(v["Problems"].as_array().unwrap().len() <= 100 + 10, "{what}");
    }
    // An argument that is not UTF-8 (Unix lets one through).
    #[cfg(unix)]
    {
        let r = run_bytes(
            &[
                std::ffi::OsStr::new("request"),
                std::os::unix::ffi::OsStrExt::from_bytes(b"Action=\xff"),
            ],
            b"",
        );
        assert_eq!(r.code, 1);
        assert!(
            r.stdout
                .contains(r#"{"Parameter":"Action","Problem":"not UTF-8 once percent-decoded"}"#)
        );
    }
    // A 1 MiB rejection says how many problems it left out.
    let r = run(&["request"], &"InstanceId.1=a&".repeat(70_000));
    assert!(
        r.stdout.contains(r#""ProblemsOmitted":69901"#),
        "{}",
        &r.stdout[r.stdout.len() - 200..]
    );
}

#[test]
fn response_bodies() {
    let r = run(&["response", "tests/samples/response.xml"], "");
    assert_eq!(
        (r.code, one_line(&r)),
        (0, r#"{"RequestId":"04F0F334-1335-436C-A1D7-6C044FE73368"}"#)
    );
    let r = run(&["response", "--status", "200", "-"], include_str!("samples/response.json"));
    assert_eq!(
        (r.code, one_line(&r)),
        (0, r#"{"RequestId":"04F0F334-1335-436C-A1D7-6C044FE73368"}"#)
    );

    let error = r#"{"RequestId":"R","HostId":"ess.aliyuncs.com","Code":"Throttling","Message":"Request was denied due to request throttling.","Recommend":"https://x"}"#;
    let r = run(&["response"], error);
    assert_eq!(r.code, 0);
    assert_eq!(
        one_line(&r),
        r#"{"Error":{"HttpCode":400,"Code":"Throttling","Message":"Request was denied due to request throttling.","RequestId":"R","HostId":"ess.aliyuncs.com","Recommend":"https://x","Retryable":true}}"#
    );
    let r = run(&["response", "--status", "429"], error);
    assert!(r.stdout.starts_with(r#"{"Error":{"HttpCode":429,"#));
    let unknown = r#"<Error><RequestId>R</RequestId><HostId>h</HostId><Code>New.Code</Code><Message>m</Message></Error>"#;
    let r = run(&["response", "--content-type", "text/xml"], unknown);
    assert_eq!(
        one_line(&r),
        r#"{"Error":{"HttpCode":null,"Code":"New.Code","Message":"m","RequestId":"R","HostId":"h","Recommend":null,"Retryable":false}}"#
    );
}

#[test]
fn bad_response_input_of_every_kind() {
    for (args, input, message) in [
        (vec!["response"], "".as_bytes(), "ess-protection: body is empty\n"),
        (
            vec!["response"],
            b"\x00\x01\x02garbage",
            "ess-protection: body is neither XML nor JSON\n",
        ),
        (vec!["response"], b"{\"RequestId\":\"\xff\"}", "ess-protection: body is not UTF-8\n"),
        (
            vec!["response"],
            b"{\"RequestId\":",
            "ess-protection: malformed JSON: EOF while parsing a value at line 1 column 13\n",
        ),
        (
            vec!["response"],
            b"<html>oops</html>",
            "ess-protection: root element is <html>, not a body of this API\n",
        ),
        (
            vec!["response", "--status", "404"],
            br#"{"RequestId":"R"}"#,
            "ess-protection: HTTP status 404 is not a success, but the body is a success body\n",
        ),
        (
            vec!["response", "--status", "200"],
            br#"{"RequestId":"R","HostId":"h","Code":"InternalError","Message":"m"}"#,
            "ess-protection: HTTP status 200 is a success, but the body is an error (InternalError)\n",
        ),
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        let r = run_bytes(&args, input);
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (1, "", message));
    }
    let big = format!("{{\"RequestId\":\"{}\"}}", "x".repeat(1 << 20));
    let r = run(&["response"], &big);
    assert_eq!(r.code, 0);
    let r = run(&["response", "no/such/file.xml"], "");
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(
        r.stderr,
        "ess-protection: cannot read no/such/file.xml: No such file or directory\n"
    );
}

#[test]
fn render_bodies_and_requests() {
    let r = run(&["render", "success", "--request-id", "R1"], "");
    assert_eq!((r.code, one_line(&r)), (0, r#"{"RequestId":"R1"}"#));
    let r = run(&["render", "success", "--request-id", "R1", "--format", "xml"], "");
    assert_eq!(
        r.stdout,
        "<SetInstancesProtectionResponse>\n  <RequestId>R1</RequestId>\n</SetInstancesProtectionResponse>\n"
    );
    let r = run(
        &[
            "render",
            "error",
            "--code",
            "MissingParameter",
            "--request-id",
            "R2",
            "--arg",
            "Version",
        ],
        "",
    );
    assert_eq!(
        one_line(&r),
        r#"{"RequestId":"R2","HostId":"ess.aliyuncs.com","Code":"MissingParameter","Message":"The input parameter \"Version\" that is mandatory for processing this request is not supplied."}"#
    );
    let r = run(&["render", "error", "--code", "Quota.Exceeded", "--request-id", "R"], "");
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "ess-protection: --code Quota.Exceeded is not in the catalog: give its --message\n"
    );
    let r = run(
        &[
            "render",
            "error",
            "--code",
            "Quota.Exceeded",
            "--message",
            "m",
            "--request-id",
            "R",
            "--format",
            "xml",
        ],
        "",
    );
    assert!(r.stdout.contains("<Code>Quota.Exceeded</Code>\n  <Message>m</Message>"));

    // `request` output goes back through `render request` to the canonical query.
    let printed = run(&["request", "--lenient"], SAMPLE_REQUEST).stdout;
    let r = run(&["render", "request"], &printed);
    assert_eq!(
        one_line(&r),
        "Action=SetInstancesProtection&InstanceId.1=i-28wt48iaa&InstanceId.2=i-28wt48ibb&ProtectedFromScaleIn=true&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ&Version=2014-08-28"
    );
    let r = run(
        &[
            "render",
            "request",
            r#"{"Action":"SetInstancesProtection","ScalingGroupId":"sg","InstanceIds":[],"ProtectedFromScaleIn":true}"#,
        ],
        "",
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "ess-protection: request JSON: InstanceId.N: no value is given\n");
    // A request of any operation names it.
    let r = run(&["render", "request", r#"{"ScalingGroupId":"sg"}"#], "");
    assert_eq!(
        r.stderr,
        "ess-protection: request JSON: Action: absent, so the operation is not known\n"
    );
}

#[test]
fn conformance_passes() {
    let r = run(&["conformance"], "");
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.ends_with("\n33 passed, 0 failed\n"), "{}", r.stdout);
    assert!(r.stdout.contains(
        "ok    group AG6CQdPU8OKdwLjgZcJ2eaQ, instances i-28wt48iaa, i-28wt48ibb, protected true"
    ));
    assert!(
        r.stdout.contains("\nBehaviour (the page's Description), against the reference model\n")
    );
    assert!(r.stdout.contains("  ok    only a manual removal (RemoveInstances) removes it\n"));
}

const DESCRIBE_REGIONS: &str = "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12:46:24Z&Version=2014-05-26";

#[test]
fn sign_and_verify() {
    let r = run(&["sign", "--secret", "testsecret", DESCRIBE_REGIONS], "");
    assert_eq!(r.code, 0);
    assert_eq!(
        one_line(&r),
        "AccessKeyId=testid&Action=DescribeRegions&Format=XML&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26"
    );
    let signed = r.stdout.trim_end().to_owned();
    assert_eq!(run(&["verify", "--secret", "testsecret", &signed], "").code, 0);
    let r = run(&["verify", "--secret", "testsecret", "--method", "POST", &signed], "");
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(one_line(&r)).unwrap();
    assert_eq!(v["Code"], "SignatureDoesNotMatch");
    assert_eq!(v["HttpCode"], 403);
    assert!(v["Message"].as_str().unwrap().ends_with("Server StringToSign: POST&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"));
    // An old timestamp fails the clock check, and a check against an
    // instant 31 minutes and 1 second away.
    let r = run(&["verify", "--secret", "testsecret", "--check-time", &signed], "");
    assert_eq!(r.code, 1);
    let expired = r#"{"Code":"InvalidTimeStamp.Expired","HttpCode":400,"Message":"Specified time stamp or date value is expired."}"#;
    assert_eq!(one_line(&r), expired);
    let at = |now: &str| run(&["verify", "--secret", "testsecret", "--now", now, &signed], "");
    assert_eq!(one_line(&at("2016-02-23T13:17:25Z")), expired);
    assert_eq!(at("2016-02-23T13:17:24Z").code, 0);
    assert_eq!(at("2016-02-23T12:15:24Z").code, 0);
    let r = at("yesterday");
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "ess-protection: --now: expected a UTC time as YYYY-MM-DDThh:mm:ssZ\n");
    // Nonce and timestamp are added only when absent; a fresh one verifies with the clock.
    let r = run(&["sign", "--secret", "s", "--method", "POST"], &format!("{VALID}&AccessKeyId=k"));
    let fresh = one_line(&r).to_owned();
    assert!(fresh.contains("&SignatureNonce=") && fresh.contains("&Timestamp="));
    assert_eq!(
        run(&["verify", "--secret", "s", "--method", "POST", "--check-time", &fresh], "").code,
        0
    );
    let r = run(&["verify", "--secret", "s", VALID], "");
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with(r#"{"Code":"IncompleteSignature","HttpCode":400,"#));
}

#[test]
fn usage_errors_and_help() {
    for args in [
        vec![],
        vec!["bogus"],
        vec!["request", "--nope"],
        vec!["response", "--status", "abc"],
        vec!["sign"],
        vec!["render"],
    ] {
        let r = run(&args, "");
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stdout, "", "{args:?}");
        // A helpful message: the usage, or what is wrong and where to look.
        let helpful = r.stderr.contains("Usage: ess-protection")
            || (r.stderr.starts_with("error: ") && r.stderr.contains("try '--help'"));
        assert!(helpful, "{args:?}: {}", r.stderr);
    }
    for sub in ["request", "response", "render", "conformance", "sign", "verify"] {
        let r = run(&[sub, "--help"], "");
        assert_eq!(r.code, 0, "{sub}");
        assert!(r.stdout.contains("Usage: ess-protection"), "{sub}");
    }
    let r = run(&["--help"], "");
    assert!(r.stdout.contains("Exit codes: 0 success; 1 rejected"));
}

/// FACTS.md's worked V3 example, unsigned, with LF line ends.
const V3_UNSIGNED: &str = "POST /?InstanceIds.1=i-28wt4****&InstanceIds.2=i-28wt5****&ProtectedFromScaleIn=true&RegionId=cn-hangzhou&ScalingGroupId=asg-bp18p2yfxow2dloq**** HTTP/1.1\n\
    host: ess.aliyuncs.com\n\
    x-acs-action: SetInstancesProtection\n\
    x-acs-version: 2022-02-22\n\
    \n";

#[test]
fn http_messages() {
    // Sign the worked example with its nonce and time: its Authorization.
    let sign = [
        "sign",
        "--v3",
        "--http",
        "--access-key-id",
        "testid",
        "--secret",
        "testsecret",
        "--nonce",
        "3156853299f313e23d1673dc12e1703d",
        "--time",
        "2024-06-01T08:00:00Z",
    ];
    let r = run(&sign, V3_UNSIGNED);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "POST /?InstanceIds.1=i-28wt4****&InstanceIds.2=i-28wt5****&ProtectedFromScaleIn=true&RegionId=cn-hangzhou&ScalingGroupId=asg-bp18p2yfxow2dloq**** HTTP/1.1\r\n\
         host: ess.aliyuncs.com\r\n\
         x-acs-action: SetInstancesProtection\r\n\
         x-acs-version: 2022-02-22\r\n\
         x-acs-date: 2024-06-01T08:00:00Z\r\n\
         x-acs-signature-nonce: 3156853299f313e23d1673dc12e1703d\r\n\
         x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\r\n\
         authorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa\r\n\
         \r\n"
    );
    let signed = r.stdout;
    // Signing again replaces the signing headers rather than adding more.
    let again = run(&sign, &signed);
    assert_eq!(again.stdout, signed);

    let verify = |extra: &[&str], message: &str| {
        let mut args = vec!["verify", "--secret", "testsecret", "--http"];
        args.extend(extra);
        run(&args, message)
    };
    assert_eq!(verify(&[], &signed).code, 0);
    assert_eq!(verify(&["--now", "2024-06-01T08:15:00Z"], &signed).code, 0);
    let r = verify(&["--now", "2024-06-01T08:15:01Z"], &signed);
    assert_eq!(
        one_line(&r),
        r#"{"Code":"InvalidTimeStamp.Expired","HttpCode":400,"Message":"Specified time stamp or date value is expired."}"#
    );
    let r = verify(
        &[],
        &signed.replace(
            "x-acs-version: 2022-02-22\r\n",
            "x-acs-version: 2022-02-22\r\nx-acs-extra: 1\r\n",
        ),
    );
    assert_eq!(
        one_line(&r),
        r#"{"Code":"IncompleteSignature","HttpCode":400,"Message":"The request signature does not conform to Aliyun standards."}"#
    );
    assert_eq!(verify(&[], V3_UNSIGNED).code, 1);

    // `request --http` reads the same message: the operation's parameters,
    // Action and Version from the headers, the V3 headers kept.
    let r = run(&["request", "--http", "-"], &signed);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(one_line(&r)).unwrap();
    assert_eq!(v["Version"], "2022-02-22");
    assert_eq!(v["InstanceIds"], serde_json::json!(["i-28wt4****", "i-28wt5****"]));
    assert_eq!(v["Headers"]["x-acs-signature-nonce"], "3156853299f313e23d1673dc12e1703d");
    // A rejected one: the rejection, exit 1.
    let r = run(&["request", "--http", "-"], "GET /?Action=SetInstancesProtection HTTP/1.1\n\n");
    assert_eq!(r.code, 1);
    assert!(one_line(&r).starts_with(r#"{"HttpCode":400,"Code":"MissingParameter""#));
    let r = run(&["request", "--http", "-"], "DELETE / HTTP/1.1\n\n");
    assert!(one_line(&r).starts_with(r#"{"HttpCode":404,"Code":"InvalidAction.NotFound""#));

    // A body: Content-Length decides, a last line break is not part of it.
    let form = "POST /?Action=SetInstancesProtection&Version=2014-08-28 HTTP/1.1\r\n\
        Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 63\r\n\r\n\
        ScalingGroupId=asg-1&InstanceId.1=i-1&ProtectedFromScaleIn=true\n";
    let r = run(&["request", "--http"], form);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(one_line(&r).contains(r#""ScalingGroupId":"asg-1""#));
}

#[test]
fn bad_http_messages() {
    let failed = |input: &str| {
        let r = run(&["request", "--http"], input);
        assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{input:?}");
        r.stderr
    };
    assert_eq!(failed(""), "ess-protection: the HTTP message is empty\n");
    assert_eq!(
        failed("GET / HTTP/1.1\nHost: x\n"),
        "ess-protection: the HTTP message ends before the blank line after its headers\n"
    );
    assert_eq!(
        failed("not http at all\n\n"),
        "ess-protection: not an HTTP request message: invalid HTTP version\n"
    );
    assert_eq!(
        failed("POST / HTTP/1.1\nContent-Length: 10\n\nabc"),
        "ess-protection: the body is 3 bytes, shorter than its Content-Length 10\n"
    );
    assert_eq!(
        failed("POST / HTTP/1.1\nContent-Length: 1\n\nabc"),
        "ess-protection: 2 bytes follow the body's Content-Length\n"
    );
    assert_eq!(
        failed("POST / HTTP/1.1\nContent-Length: x\n\n"),
        "ess-protection: Content-Length is not a number\n"
    );
    assert_eq!(
        failed("POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"),
        "ess-protection: chunked (Transfer-Encoding) bodies are not supported: give Content-Length\n"
    );
    let many: String = (0..101).map(|i| format!("x-h{i}: v\n")).collect();
    assert_eq!(
        failed(&format!("GET / HTTP/1.1\n{many}\n")),
        "ess-protection: the HTTP message has more than 100 headers\n"
    );
    // A missing file is a usage error; so are flags that do not go together.
    assert_eq!(run(&["request", "--http", "/no/such/file"], "").code, 2);
    let r = run(&["sign", "--secret", "s", "--http"], V3_UNSIGNED);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "ess-protection: --http signs with signature V3: add --v3 and --access-key-id\n")
    );
    assert_eq!(run(&["sign", "--secret", "s", "--v3", "--http"], V3_UNSIGNED).code, 2);
    assert_eq!(
        run(&["verify", "--secret", "s", "--now", "2024-06-01T08:15:01Z", "--check-time"], "").code,
        2
    );
}

/// Every example of the CLI guide (`docs/cli.md`) prints what the guide says, exit codes
/// included: each `$ ` line (with its `\` continuations) runs in `sh` from the crate's root
/// with the binary first on `PATH`, and its output (standard error with standard output) is the lines up to the next `$ `.
#[test]
fn the_cli_guide_examples_print_what_the_guide_says() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/cli.md")).unwrap();
    let block = guide.split("```text\n").nth(1).and_then(|b| b.split("\n```").next()).unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_ess-protection")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut examples = 0;
    for example in block.split("\n$ ").map(|e| e.strip_prefix("$ ").unwrap_or(e)) {
        let mut lines = example.lines();
        let mut command = String::new();
        for line in lines.by_ref() {
            command.push_str(line.strip_suffix('\\').unwrap_or(line));
            if !line.ends_with('\\') {
                break;
            }
        }
        let expected: Vec<&str> = lines.collect();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{{ {command}\n}} 2>&1"))
            .current_dir(root)
            .env("PATH", &path)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
        assert_eq!(printed.trim_end(), expected.join("\n").trim_end(), "$ {command}");
        examples += 1;
    }
    assert_eq!(examples, 15);
}

#[test]
fn sample_state_is_the_readmes_and_the_python_packages() {
    let r = run(&["sample-state"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = include_str!("../examples/emulator/state.json");
    assert_eq!(r.stdout, file);
    assert_eq!(file, include_str!("../python/src/ess_protection/default_state.json"));
    assert!(r.stdout.contains(r#""ScalingGroupId": "asg-demo""#), "{}", r.stdout);
}
