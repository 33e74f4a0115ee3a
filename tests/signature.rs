//! Signature version 1.0.
#![cfg(feature = "signature")]

mod common;

use common::{VALID, request, snapshots};
use ess_protection::signature::v1::{HttpMethod, Signer, check_timestamp, string_to_sign};
use ess_protection::signature::verify;
use ess_protection::{
    AnyOperation, ErrorCode, FORM_CONTENT_TYPE, HttpRequest, Parser, SetInstancesProtection,
    Timestamp,
};

type Request = ess_protection::Request<SetInstancesProtection>;
use proptest::prelude::*;

const NONCE: &str = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";

#[test]
fn the_published_describe_regions_example() {
    let params = [
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", NONCE),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ];
    let sts = string_to_sign(HttpMethod::Get, params);
    assert_eq!(
        sts,
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
    );
    let signer = Signer::new("testsecret");
    assert_eq!(signer.signature_of(&sts), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");

    let mut raw: Vec<(String, String)> =
        params.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    let query = signer.sign_params(HttpMethod::Get, &mut raw);
    assert!(query.contains("&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D&"), "{query}");
    assert_eq!(signer.verify(HttpMethod::Get, pairs(&raw)), Ok(()));
    // Signing again replaces the signature rather than adding a second.
    signer.sign_params(HttpMethod::Get, &mut raw);
    assert_eq!(raw.iter().filter(|(n, _)| n == "Signature").count(), 1);
}

fn signed_request() -> (Signer, Request) {
    // `ClientToken` is RemoveInstances's parameter: parsed, it is kept as
    // an extra one of SetInstancesProtection (built, it is refused).
    let mut request: Request = format!("{VALID}&ClientToken=a%20b%2A~").parse().unwrap();
    request.operation.region_id = Some("cn-hangzhou".parse().unwrap());
    let signer = Signer::new("testsecret");
    signer.sign(
        &mut request,
        HttpMethod::Post,
        "testid",
        NONCE,
        "2016-02-23T12:46:24Z".parse().unwrap(),
    );
    (signer, request)
}

#[test]
fn string_to_sign_of_a_full_request() {
    let (signer, request) = signed_request();
    let sts = string_to_sign(HttpMethod::Post, request.params());
    assert!(sts.starts_with("POST&%2F&AccessKeyId%3Dtestid%26Action%3DSetInstancesProtection%26ClientToken%3Da%2520b%252A~%26"));
    assert!(!sts.contains("Signature%3D"), "the signature is not signed");
    snapshots(|| {
        insta::assert_snapshot!(
            "signature_string_to_sign",
            format!("{sts}\n\nSignature: {}", request.common.signature.clone().unwrap())
        )
    });
    // The query a client sends verifies on the server side, in the query
    // or split between the query and a form body; not as another method.
    assert_eq!(signer.verify(HttpMethod::Post, request.params()), Ok(()));
    let target = format!("/?{}", request.to_query());
    assert_eq!(verify(&HttpRequest::new("POST", &target), "testsecret", None), Ok(()));
    let e = verify(&HttpRequest::new("GET", &target), "testsecret", None).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureDoesNotMatch);
    let (query, body) = target.split_once("&InstanceId.1").unwrap();
    let body = format!("InstanceId.1{body}");
    let form =
        HttpRequest::new("POST", query).header("Content-Type", FORM_CONTENT_TYPE).body(&body);
    assert_eq!(verify(&form, "testsecret", None), Ok(()));
    // A body that is not a form is not parameters: here the Signature
    // itself was in the body, so the request is unsigned.
    let not_form = HttpRequest::new("POST", query).header("Content-Type", "text/plain").body(&body);
    assert_eq!(
        verify(&not_form, "testsecret", None).unwrap_err().code,
        ErrorCode::IncompleteSignature
    );
}

#[test]
fn a_signature_over_what_was_sent_verifies_whatever_its_spelling() {
    // The 2022-02-22 Python SDK in 1.0 mode sends Format=json and
    // ProtectedFromScaleIn=True: the model writes them JSON and true, but
    // the signature covers what was sent.
    let mut params: Vec<(String, String)> = [
        ("AccessKeyId", "testid"),
        ("Action", "SetInstancesProtection"),
        ("Format", "json"),
        ("InstanceIds.1", "i-1"),
        ("ProtectedFromScaleIn", "True"),
        ("ScalingGroupId", "asg-1"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", NONCE),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2022-02-22"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    let query = Signer::new("testsecret").sign_params(HttpMethod::Post, &mut params);
    let target = format!("/?{query}");
    let http = HttpRequest::new("POST", &target);
    assert_eq!(verify(&http, "testsecret", None), Ok(()));
    let parsed = Parser::strict().parse_http::<AnyOperation>(&http).unwrap().request;
    assert_eq!(parsed.response_format(), ess_protection::Format::Json);
    assert!(parsed.to_query().contains("&Format=JSON&"));
}

#[test]
fn verification_failures() {
    let (signer, request) = signed_request();
    let params: Vec<(String, String)> =
        request.params().into_iter().map(|(n, v)| (n.into_owned(), v.into_owned())).collect();
    let without = |name: &str| -> Vec<(String, String)> {
        params.iter().filter(|(n, _)| n != name).cloned().collect()
    };
    let replaced = |name: &str, value: &str| -> Vec<(String, String)> {
        params
            .iter()
            .map(|(n, v)| (n.clone(), if n == name { value.to_owned() } else { v.clone() }))
            .collect()
    };
    for name in
        ["Signature", "AccessKeyId", "SignatureNonce", "SignatureMethod", "SignatureVersion"]
    {
        let e = signer.verify(HttpMethod::Post, without(name)).unwrap_err();
        assert_eq!(e.code, ErrorCode::IncompleteSignature, "{name}");
        assert_eq!(e.message, "The request signature does not conform to Aliyun standards.");
        assert_eq!(e.http_status(), Some(400));
    }
    for (name, value) in
        [("SignatureMethod", "HMAC-SHA256"), ("SignatureVersion", "2.0"), ("Signature", "")]
    {
        let e = signer.verify(HttpMethod::Post, replaced(name, value)).unwrap_err();
        assert_eq!(e.code, ErrorCode::IncompleteSignature, "{name}");
    }
    let e = signer.verify(HttpMethod::Post, without("Timestamp")).unwrap_err();
    assert_eq!(e.code, ErrorCode::IllegalTimestamp);

    let e = signer.verify(HttpMethod::Get, pairs(&params)).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureDoesNotMatch);
    assert_eq!(e.http_status(), Some(403));
    let sts = string_to_sign(HttpMethod::Get, pairs(&params));
    assert_eq!(
        e.message,
        format!(
            "The signature we calculated does not match the one you provided. Server StringToSign: {sts}"
        )
    );
    for bad in ["not base64!", "AAAA", "OLeaidS1JvxuMvnyHOwuJ+uX5qY="] {
        let e = signer.verify(HttpMethod::Post, replaced("Signature", bad)).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureDoesNotMatch, "{bad}");
    }
    let e = Signer::new("other").verify(HttpMethod::Post, pairs(&params)).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureDoesNotMatch);
}

#[test]
fn timestamp_window() {
    let now: Timestamp = "2018-01-01T12:00:00Z".parse().unwrap();
    for (t, ok) in [
        ("2018-01-01T12:00:00Z", true),
        ("2018-01-01T11:29:00Z", true),
        ("2018-01-01T11:28:59Z", false),
        ("2018-01-01T12:31:00Z", true),
        ("2018-01-01T12:31:01Z", false),
        ("2017-12-31T12:00:00Z", false),
    ] {
        let result = check_timestamp(t.parse().unwrap(), now);
        assert_eq!(result.is_ok(), ok, "{t}");
        if let Err(e) = result {
            assert_eq!(e.code, ErrorCode::InvalidTimeStampExpired);
            assert_eq!(e.http_status(), Some(400));
            assert_eq!(e.message, "Specified time stamp or date value is expired.");
        }
    }
}

#[test]
fn methods() {
    assert_eq!("GET".parse::<HttpMethod>().unwrap(), HttpMethod::Get);
    assert_eq!("POST".parse::<HttpMethod>().unwrap().to_string(), "POST");
    assert_eq!("get".parse::<HttpMethod>().unwrap_err().to_string(), "expected GET or POST");
    assert_eq!(format!("{:?}", Signer::new("secret")), "Signer { .. }");
}

fn pairs(params: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    params.iter().map(|(n, v)| (n.as_str(), v.as_str()))
}

fn params_of<O: ess_protection::Operation>(
    r: &ess_protection::Request<O>,
) -> Vec<(String, String)> {
    r.params().into_iter().map(|(n, v)| (n.into_owned(), v.into_owned())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sign_then_verify_holds_and_any_change_breaks_it(
        mut r in request(),
        secret in ".{0,12}",
        nonce in ".{1,12}",
        post in any::<bool>(),
        pick in any::<prop::sample::Index>(),
        change in 0u8..5,
        extra_name in "[A-Za-z]{1,8}",
    ) {
        let method = if post { HttpMethod::Post } else { HttpMethod::Get };
        let signer = Signer::new(&secret);
        let query = signer.sign(&mut r, method, "id", &nonce, "2020-02-02T02:02:02Z".parse().unwrap());
        prop_assert_eq!(signer.verify(method, r.params()), Ok(()));
        let target = format!("/?{query}");
        prop_assert_eq!(verify(&HttpRequest::new(method.as_str(), &target), &secret, None), Ok(()));

        let mut params = params_of(&r);
        let signed: Vec<usize> = (0..params.len()).filter(|&i| params[i].0 != "Signature").collect();
        let i = signed[pick.index(signed.len())];
        let other = if post { HttpMethod::Get } else { HttpMethod::Post };
        let broken = match change {
            0 => { params[i].0.push('x'); signer.verify(method, pairs(&params)) }
            1 => { params[i].1.push('x'); signer.verify(method, pairs(&params)) }
            2 => {
                prop_assume!(!params.iter().any(|(n, _)| *n == extra_name));
                params.push((extra_name, String::new()));
                signer.verify(method, pairs(&params))
            }
            3 => {
                // Removing a signature field is IncompleteSignature; any other, a mismatch.
                params.remove(i);
                signer.verify(method, pairs(&params))
            }
            _ => signer.verify(other, pairs(&params)),
        };
        prop_assert!(broken.is_err());
    }
}

/// A repeated parameter keeps the order it came in, wherever the
/// `Signature` is: the StringToSign is the client's.
#[test]
fn repeated_names_keep_their_order() {
    let signer = Signer::new("testsecret");
    let mut params: Vec<(String, String)> = [
        ("AccessKeyId", "testid"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", NONCE),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Tag", "1"),
        ("Tag", "2"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    signer.sign_params(HttpMethod::Get, &mut params);
    let signature = params.pop().unwrap();
    params.insert(0, signature);
    let query: Vec<String> =
        params.iter().map(|(n, v)| format!("{n}={}", ess_protection::percent_encode(v))).collect();
    let target = format!("/?{}", query.join("&"));
    assert!(target.starts_with("/?Signature=") && target.ends_with("&Tag=1&Tag=2"));
    assert_eq!(verify(&HttpRequest::new("GET", &target), "testsecret", None), Ok(()));
    let swapped = target.replace("&Tag=1&Tag=2", "&Tag=2&Tag=1");
    let error = verify(&HttpRequest::new("GET", &swapped), "testsecret", None).unwrap_err();
    assert_eq!(error.code, ErrorCode::SignatureDoesNotMatch);
}

/// Signature 1.0 covers the parameters, not the headers: an unsigned
/// `x-acs-action` or `x-acs-version` may agree with a signed `Action` or
/// `Version`, never stand for one. (0.2.0 read the operation from the
/// header and answered 200.)
#[test]
fn the_operation_of_a_1_0_request_is_the_signed_one() {
    use ess_protection::signature::Signed;
    let sign = |query: &str| {
        let mut params = ess_protection::parse_pairs(query).unwrap();
        params.extend([
            ("AccessKeyId".to_owned(), "testid".to_owned()),
            ("SignatureMethod".to_owned(), "HMAC-SHA1".to_owned()),
            ("SignatureVersion".to_owned(), "1.0".to_owned()),
            ("SignatureNonce".to_owned(), NONCE.to_owned()),
            ("Timestamp".to_owned(), "2016-02-23T12:46:24Z".to_owned()),
        ]);
        format!("/?{}", Signer::new("testsecret").sign_params(HttpMethod::Post, &mut params))
    };
    let remove = "ScalingGroupId=asg-1&InstanceId.1=i-1&RegionId=cn-hangzhou";
    let read = |target: &str, headers: &[(&'static str, &'static str)]| {
        let mut http = HttpRequest::new("POST", target);
        for (n, v) in headers {
            http = http.header(n, v);
        }
        Signed::read(&http).and_then(|s| s.verify("testsecret")).map_err(|e| e.code)
    };
    let no_action = sign(&format!("Version=2014-08-28&{remove}"));
    assert_eq!(
        read(&no_action, &[("x-acs-action", "RemoveInstances")]),
        Err(ErrorCode::IncompleteSignature)
    );
    let no_version = sign(&format!("Action=RemoveInstances&{remove}"));
    assert_eq!(
        read(&no_version, &[("x-acs-version", "2014-08-28")]),
        Err(ErrorCode::IncompleteSignature)
    );
    // Signed parameters, with headers that agree (as the 2014 Python SDK sends): fine.
    let both = sign(&format!("Action=RemoveInstances&Version=2014-08-28&{remove}"));
    let agreeing = [("x-acs-action", "RemoveInstances"), ("x-acs-version", "2014-08-28")];
    assert_eq!(read(&both, &agreeing), Ok(()));
    // A header that disagrees verifies (it is not signed), and the parser refuses it.
    assert_eq!(read(&both, &[("x-acs-action", "SetInstancesProtection")]), Ok(()));
    let http = HttpRequest::new("POST", &both).header("x-acs-action", "SetInstancesProtection");
    let rejection = Parser::strict().parse_http::<AnyOperation>(&http).unwrap_err();
    assert_eq!(rejection.api_error().code, ErrorCode::InvalidParameter);
    assert_eq!(rejection.problems()[0].parameter(), "x-acs-action");
}

/// The security token of temporary credentials, as the request carries it:
/// `SecurityToken` under 1.0 (signed), `x-acs-security-token` under V3
/// (signed; one value).
#[test]
fn a_security_token_is_read_from_what_the_signature_covers() {
    use ess_protection::signature::{Signed, v3};
    // The target of a request signed with 1.0, with `SecurityToken=token`.
    let with_token = |token: &str| {
        let (signer, mut request) = signed_request();
        request.common.security_token = Some(token.to_owned());
        let time = "2016-02-23T12:46:24Z".parse().unwrap();
        signer.sign(&mut request, HttpMethod::Get, "testid", NONCE, time);
        format!("/?{}", request.to_query())
    };
    let target = with_token("CAIS-token");
    let http = HttpRequest::new("GET", &target);
    let signed = Signed::read(&http).unwrap();
    assert_eq!(signed.security_token(), Some("CAIS-token"));
    assert_eq!(signed.verify("testsecret"), Ok(()));
    // The token is signed: another one breaks the signature.
    let changed = target.replace("CAIS-token", "CAIS-other");
    let http = HttpRequest::new("GET", &changed);
    assert_eq!(
        Signed::read(&http).unwrap().verify("testsecret").unwrap_err().code,
        ErrorCode::SignatureDoesNotMatch
    );

    let http = HttpRequest::new("POST", "/?ScalingGroupId=asg-1")
        .header("host", "ess.aliyuncs.com")
        .header("x-acs-action", "DescribeScalingInstances")
        .header("x-acs-version", "2022-02-22")
        .header("x-acs-security-token", "CAIS-v3");
    let headers =
        v3::sign(&http, "testid", "testsecret", NONCE, "2024-06-01T08:00:00Z".parse().unwrap());
    let mut signed_http = http.clone();
    for (name, value) in headers.iter() {
        signed_http = signed_http.header(name, value);
    }
    let signed = Signed::read(&signed_http).unwrap();
    assert_eq!(signed.security_token(), Some("CAIS-v3"));
    assert_eq!(signed.verify("testsecret"), Ok(()));
    let twice = signed_http.clone().header("x-acs-security-token", "CAIS-v3");
    assert_eq!(Signed::read(&twice).unwrap_err().code, ErrorCode::IncompleteSignature);
    // Without a token (an empty `SecurityToken` is none, too): none.
    let target = with_token("");
    assert!(target.contains("&SecurityToken=&"), "{target}");
    let http = HttpRequest::new("GET", &target);
    assert_eq!(Signed::read(&http).unwrap().security_token(), None);
}
