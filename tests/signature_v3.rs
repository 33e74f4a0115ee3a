//! Signature V3 (`ACS3-HMAC-SHA256`): FACTS.md's worked example, signing,
//! and every way verification refuses a request.
#![cfg(feature = "signature")]

use ess_protection::signature::{self, SignatureKind, Signed, v3};
use ess_protection::{ErrorCode, HttpRequest, Timestamp};

const QUERY: &str = "/?InstanceIds.1=i-28wt4****&InstanceIds.2=i-28wt5****&ProtectedFromScaleIn=true\
    &RegionId=cn-hangzhou&ScalingGroupId=asg-bp18p2yfxow2dloq****";
const SIGNED: &str =
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
const AUTHORIZATION: &str = "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa";

/// The worked example's request, unsigned (no date, nonce, hash, Authorization).
fn unsigned() -> HttpRequest<'static> {
    HttpRequest::new("POST", QUERY)
        .header("host", "ess.aliyuncs.com")
        .header("x-acs-action", "SetInstancesProtection")
        .header("x-acs-version", "2022-02-22")
}

/// The worked example's request, signed as FACTS.md shows.
fn example() -> HttpRequest<'static> {
    unsigned()
        .header("x-acs-date", "2024-06-01T08:00:00Z")
        .header("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d")
        .header("x-acs-content-sha256", v3::EMPTY_SHA256)
        .header("Authorization", AUTHORIZATION)
}

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn the_worked_example_reproduces_exactly() {
    let canonical = v3::canonical_request(&example(), SIGNED, v3::EMPTY_SHA256);
    assert_eq!(
        canonical,
        "POST\n/\n\
         InstanceIds.1=i-28wt4%2A%2A%2A%2A&InstanceIds.2=i-28wt5%2A%2A%2A%2A&ProtectedFromScaleIn=true&RegionId=cn-hangzhou&ScalingGroupId=asg-bp18p2yfxow2dloq%2A%2A%2A%2A\n\
         host:ess.aliyuncs.com\n\
         x-acs-action:SetInstancesProtection\n\
         x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
         x-acs-date:2024-06-01T08:00:00Z\n\
         x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
         x-acs-version:2022-02-22\n\
         \n\
         host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let sts = v3::string_to_sign(&canonical);
    assert_eq!(
        sts,
        "ACS3-HMAC-SHA256\nd0bad924383ca121c067ea439e11b649a2ea39859788493dca3e0a4ec34080b2"
    );
    assert_eq!(
        v3::signature("testsecret", &sts),
        "f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa"
    );

    // Signing the unsigned request with the example's nonce and time gives
    // the example's headers.
    let headers = v3::sign(
        &unsigned(),
        "testid",
        "testsecret",
        "3156853299f313e23d1673dc12e1703d",
        t("2024-06-01T08:00:00Z"),
    );
    assert_eq!(headers.authorization, AUTHORIZATION);
    assert_eq!(headers.date, "2024-06-01T08:00:00Z");
    assert_eq!(headers.content_sha256, v3::EMPTY_SHA256);

    let http = example();
    let signed = Signed::read(&http).unwrap();
    assert_eq!(signed.kind(), SignatureKind::V3);
    assert_eq!(signed.access_key_id(), "testid");
    assert_eq!(signed.nonce(), "3156853299f313e23d1673dc12e1703d");
    assert_eq!(signed.time(), t("2024-06-01T08:00:00Z"));
    assert_eq!(signed.verify("testsecret"), Ok(()));
    assert_eq!(signature::verify(&http, "testsecret", Some(t("2024-06-01T08:15:00Z"))), Ok(()));
}

/// The answer of `verify` for a request: its code, or "ok".
fn answer(http: &HttpRequest<'_>, now: Option<&str>) -> String {
    match signature::verify(http, "testsecret", now.map(t)) {
        Ok(()) => "ok".into(),
        Err(e) => format!("{} {}", e.http_status().unwrap(), e.code),
    }
}

/// The example with one header's value replaced (or removed, for `None`).
fn with_header(name: &str, value: Option<&'static str>) -> HttpRequest<'static> {
    let mut http = example();
    http.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    match value {
        Some(v) => http.header(Box::leak(name.to_owned().into_boxed_str()), v),
        None => http,
    }
}

#[test]
fn every_change_to_a_signed_part_is_refused() {
    let mismatch = "403 SignatureDoesNotMatch";
    assert_eq!(answer(&example(), None), "ok");
    let mut http = example();
    http.method = "GET";
    assert_eq!(answer(&http, None), mismatch, "method");
    let query = QUERY.replace("ProtectedFromScaleIn=true", "ProtectedFromScaleIn=false");
    http = example();
    http.target = Box::leak(query.into_boxed_str());
    assert_eq!(answer(&http, None), mismatch, "a query value");
    http.target = Box::leak(format!("{QUERY}&ClientToken=x").into_boxed_str());
    assert_eq!(answer(&http, None), mismatch, "a query parameter added");
    http.target = Box::leak(QUERY.replacen('/', "/other", 1).into_boxed_str());
    assert_eq!(answer(&http, None), mismatch, "the path");
    assert_eq!(answer(&with_header("x-acs-action", Some("DescribeRegions")), None), mismatch);
    assert_eq!(answer(&with_header("host", Some("ess.cn-hangzhou.aliyuncs.com")), None), mismatch);
    assert_eq!(answer(&with_header("x-acs-signature-nonce", Some("another")), None), mismatch);
    // A second value of a signed header joins the first in its line.
    assert_eq!(answer(&example().header("host", "second.example"), None), mismatch);
    // Header names are case-insensitive and values trimmed: not a change.
    let mut http = example();
    http.headers[0] = ("HOST", b"  ess.aliyuncs.com ");
    assert_eq!(answer(&http, None), "ok");
    // Any other secret.
    assert_eq!(
        signature::verify(&example(), "testsecret2", None).unwrap_err().message,
        "The signature we calculated does not match the one you provided. Server StringToSign: \
         ACS3-HMAC-SHA256\\nd0bad924383ca121c067ea439e11b649a2ea39859788493dca3e0a4ec34080b2"
    );
}

#[test]
fn a_body_the_signature_does_not_cover_is_refused() {
    let http = example().body(b"ScalingGroupId=other");
    let error = signature::verify(&http, "testsecret", None).unwrap_err();
    assert_eq!((error.http_status(), &error.code), (Some(403), &ErrorCode::SignatureDoesNotMatch));
    assert_eq!(
        error.message,
        "The signature we calculated does not match the one you provided. Server \
         x-acs-content-sha256: fda9a6f1851103de6729003fbceb269360f349f3edc11ed53147e71c32281091"
    );
    // Claiming the body's hash does not help: the hash is signed.
    let mut http = with_header(
        "x-acs-content-sha256",
        Some("fda9a6f1851103de6729003fbceb269360f349f3edc11ed53147e71c32281091"),
    );
    http.body = b"ScalingGroupId=other";
    assert_eq!(answer(&http, None), "403 SignatureDoesNotMatch");
}

#[test]
fn incomplete_signatures() {
    let incomplete = "400 IncompleteSignature";
    // An x-acs-* header or host that is not signed.
    assert_eq!(answer(&example().header("x-acs-security-token", "t"), None), incomplete);
    assert_eq!(answer(&example().header("X-Acs-Extra", "t"), None), incomplete);
    // A header that is neither host nor x-acs-* need not be signed.
    assert_eq!(answer(&example().header("user-agent", "test"), None), "ok");
    // A required header missing, or signed but absent.
    for name in ["host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"] {
        assert_eq!(answer(&with_header(name, None), None), incomplete, "{name}");
    }
    // A required header repeated.
    assert_eq!(answer(&example().header("x-acs-date", "2024-06-01T08:00:00Z"), None), incomplete);
    // A required header not signed.
    let unsigned_date = AUTHORIZATION.replace("x-acs-date;", "");
    let http = with_header("authorization", Some(Box::leak(unsigned_date.into_boxed_str())));
    assert_eq!(answer(&http, None), incomplete);
    // A malformed Authorization, or two.
    for bad in [
        "",
        "ACS3-HMAC-SHA256",
        "Bearer abc",
        "ACS3-HMAC-SM3 Credential=testid,SignedHeaders=host,Signature=00",
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host",
        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host;x-acs-date,Signature=f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa",
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=x-acs-date;host,Signature=f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa",
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=Host,Signature=f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa",
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=F36FFCC6AFB6F2B35EF7A2D6B8B6D6E999EA59A38DEF7C0668D54BF02888B4FA",
        "ACS3-HMAC-SHA256 Credential=testid,Credential=testid,SignedHeaders=host,Signature=f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa",
    ] {
        assert_eq!(answer(&with_header("authorization", Some(bad)), None), incomplete, "{bad:?}");
    }
    assert_eq!(answer(&example().header("Authorization", AUTHORIZATION), None), incomplete);
    // A date that is not a time.
    assert_eq!(answer(&with_header("x-acs-date", Some("2024-06-01 08:00:00")), None), incomplete);
    // No signature at all.
    assert_eq!(answer(&unsigned(), None), incomplete);
    let error = signature::verify(&unsigned(), "testsecret", None).unwrap_err();
    assert_eq!(error.message, "The request signature does not conform to Aliyun standards.");
}

#[test]
fn the_time_window_is_15_minutes_either_side() {
    let expired = "400 InvalidTimeStamp.Expired";
    assert_eq!(answer(&example(), Some("2024-06-01T07:45:00Z")), "ok");
    assert_eq!(answer(&example(), Some("2024-06-01T08:15:00Z")), "ok");
    assert_eq!(answer(&example(), Some("2024-06-01T07:44:59Z")), expired);
    assert_eq!(answer(&example(), Some("2024-06-01T08:15:01Z")), expired);
    let error = signature::verify(&example(), "testsecret", Some(t("2025-01-01T00:00:00Z")));
    assert_eq!(error.unwrap_err().message, "Specified time stamp or date value is expired.");
    // The time is checked before the secret: a stale request with a wrong
    // secret is expired.
    let stale = signature::verify(&example(), "wrong", Some(t("2025-01-01T00:00:00Z")));
    assert_eq!(stale.unwrap_err().code, ErrorCode::InvalidTimeStampExpired);
}

/// `canonical_request` takes the caller's names as given: sorted ones are
/// walked with the headers in one pass, others looked up one by one; both
/// give each name's values, repeated headers sorted and joined, absent ones
/// empty.
#[test]
fn canonical_headers_for_sorted_and_unsorted_names() {
    let http = HttpRequest::new("GET", "/")
        .header("X-Acs-B", "2")
        .header("a-other", "o")
        .header("x-acs-b", " 1 ")
        .header("x-acs-a", "a");
    let lines = |names: &str| {
        let canonical = v3::canonical_request(&http, names, v3::EMPTY_SHA256);
        canonical
            .lines()
            .skip(3)
            .take_while(|l| !l.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(lines("x-acs-a;x-acs-b;x-acs-c"), ["x-acs-a:a", "x-acs-b:1,2", "x-acs-c:"]);
    assert_eq!(lines("x-acs-b;x-acs-a"), ["x-acs-b:1,2", "x-acs-a:a"]);
    assert_eq!(lines("a-other;zz"), ["a-other:o", "zz:"]);
}
