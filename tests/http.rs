//! The HTTP-level parse: `Parser::parse_http`, and the `http` feature.

mod common;

use ess_protection::{
    AnyOperation, ErrorCode, FORM_CONTENT_TYPE, HttpRequest, Parsed, Parser, Rejection,
};

/// The 2022-02-22 SDK's default request: operation parameters in the
/// query, `Action` and `Version` as headers.
const V3_QUERY: &str = "/?InstanceIds.1=i-1&InstanceIds.2=i-2&OwnerId=123\
    &ProtectedFromScaleIn=True&ResourceOwnerAccount=owner&ScalingGroupId=asg-1";

fn v3() -> HttpRequest<'static> {
    HttpRequest::new("POST", V3_QUERY)
        .header("host", "ess.aliyuncs.com")
        .header("x-acs-version", "2022-02-22")
        .header("x-acs-action", "SetInstancesProtection")
}

fn parse(http: &HttpRequest<'_>) -> Result<Parsed<AnyOperation>, Rejection> {
    Parser::strict().parse_http(http)
}

/// The rejection's API error and every problem, as text.
fn rejected(http: &HttpRequest<'_>) -> (String, Vec<String>) {
    let r = parse(http).unwrap_err();
    let e = r.api_error();
    (
        format!("{} {}: {}", r.http_status(), e.code, e.message),
        r.problems().iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn action_and_version_from_headers() {
    let request = parse(&v3()).unwrap().request;
    assert_eq!(
        request.to_query(),
        "Action=SetInstancesProtection&InstanceIds.1=i-1&InstanceIds.2=i-2&OwnerId=123\
         &ProtectedFromScaleIn=true&ResourceOwnerAccount=owner&ScalingGroupId=asg-1&Version=2022-02-22"
    );
    // Only the headers: every other parameter is missing.
    let (error, problems) = rejected(
        &HttpRequest::new("POST", "/")
            .header("x-acs-action", "SetInstancesProtection")
            .header("X-Acs-Version", "2022-02-22"),
    );
    assert_eq!(
        error,
        "400 MissingParameter: The input parameter \"ScalingGroupId\" that is mandatory for processing this request is not supplied."
    );
    assert_eq!(
        problems,
        [
            "ScalingGroupId: required parameter is absent or empty",
            "InstanceIds.N: no value is given",
            "ProtectedFromScaleIn: required parameter is absent or empty"
        ]
    );
    // A header names another action or version as the parameter would.
    let mut http = v3();
    http.headers[2] = ("x-acs-action", b"DescribeRegions");
    assert_eq!(
        rejected(&http).0,
        "400 UnsupportedOperation: The specified action is not supported."
    );
    http = v3();
    http.headers[1] = ("x-acs-version", b"2099-01-01");
    assert_eq!(rejected(&http).0, "400 NoSuchVersion: The specified version does not exist.");
}

#[test]
fn a_header_and_a_parameter_must_agree() {
    // The 2014 Python SDK sends both, the same.
    let both = "/?Action=SetInstancesProtection&Version=2022-02-22&InstanceIds.1=i-1\
                &ProtectedFromScaleIn=true&ScalingGroupId=asg-1";
    let http = HttpRequest::new("POST", both)
        .header("x-acs-action", "SetInstancesProtection")
        .header("x-acs-version", "2022-02-22");
    assert!(parse(&http).is_ok());
    let http = HttpRequest::new("POST", both)
        .header("x-acs-action", "SetInstancesProtection")
        .header("x-acs-version", "2014-08-28");
    let (error, problems) = rejected(&http);
    assert_eq!(
        error,
        "400 InvalidParameter: The specified value of parameter \"x-acs-version\" is not valid."
    );
    assert_eq!(problems, ["x-acs-version: disagrees with the Version parameter (2022-02-22)"]);
}

#[test]
fn method_and_path() {
    let mut http = v3();
    http.method = "PUT";
    let not_found =
        "404 InvalidAction.NotFound: Specified api is not found, please check your url and method.";
    assert_eq!(
        rejected(&http),
        (not_found.into(), vec!["(method): the API answers GET and POST only".into()])
    );
    http = v3();
    http.target = "/v2/?ScalingGroupId=asg-1";
    let (error, problems) = rejected(&http);
    assert_eq!(error, not_found);
    assert_eq!(problems[0], "(path): the API's path is /");
    // An absolute URL is a target too; a GET is as good as a POST.
    http = v3();
    http.method = "GET";
    http.target = "http://ess.aliyuncs.com/?InstanceIds.1=i-1&ProtectedFromScaleIn=true&ScalingGroupId=asg-1#frag";
    assert!(parse(&http).is_ok());
    http.target =
        "https://ess.aliyuncs.com?InstanceIds.1=i-1&ProtectedFromScaleIn=true&ScalingGroupId=asg-1";
    assert!(parse(&http).is_ok());
}

#[test]
fn bodies() {
    let query = "/?Action=SetInstancesProtection&Version=2014-08-28";
    let body = "ScalingGroupId=asg-1&InstanceId.1=i-1&ProtectedFromScaleIn=true";
    // A form body is parameters, whatever the case of its type and its charset.
    for content_type in [FORM_CONTENT_TYPE, "Application/X-WWW-Form-Urlencoded; charset=UTF-8"] {
        let http = HttpRequest::new("POST", query).header("Content-Type", content_type).body(body);
        let parsed = parse(&http).unwrap();
        let AnyOperation::SetInstancesProtection(protect) = &parsed.request.operation else {
            panic!("{parsed:?}")
        };
        assert_eq!(protect.scaling_group_id.as_str(), "asg-1");
        assert!(parsed.warnings.is_empty());
    }
    // Any other body is not read, with a warning.
    let http =
        HttpRequest::new("POST", query).header("content-type", "application/json").body(body);
    let r = parse(&http).unwrap_err();
    assert_eq!(
        r.warnings()[0].to_string(),
        "(body): not read as parameters: its content type is application/json, not a form"
    );
    let http = HttpRequest::new("POST", V3_QUERY)
        .header("x-acs-action", "SetInstancesProtection")
        .header("x-acs-version", "2022-02-22")
        .body("{}");
    let parsed = parse(&http).unwrap();
    assert_eq!(
        parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["(body): not read as parameters: it has no content type, so is not a form"]
    );
    // A parameter in the query and the form body is repeated.
    let http = HttpRequest::new(
        "POST",
        "/?ScalingGroupId=asg-1&Action=SetInstancesProtection&Version=2014-08-28",
    )
    .header("Content-Type", FORM_CONTENT_TYPE)
    .body(body);
    assert_eq!(rejected(&http).1, ["ScalingGroupId: repeated parameter"]);
}

#[test]
fn v3_headers_are_kept_and_validated() {
    let auth = "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,\
                Signature=f36ffcc6afb6f2b35ef7a2d6b8b6d6e999ea59a38def7c0668d54bf02888b4fa";
    let http = v3()
        .header("x-acs-date", "2024-06-01T08:00:00Z")
        .header("x-acs-signature-nonce", "n-1")
        .header("x-acs-content-sha256", "e3b0")
        .header("x-acs-security-token", "sts")
        .header("X-Acs-Credentials-Provider", "static_ak")
        .header("Authorization", auth)
        .header("user-agent", "test");
    let request = parse(&http).unwrap().request;
    let acs = &request.acs;
    assert_eq!(acs.date.unwrap().to_string(), "2024-06-01T08:00:00Z");
    assert_eq!(acs.signature_nonce.as_deref(), Some("n-1"));
    assert_eq!(acs.content_sha256.as_deref(), Some("e3b0"));
    assert_eq!(acs.security_token.as_deref(), Some("sts"));
    assert_eq!(acs.authorization.as_ref().unwrap().access_key_id(), "testid");
    assert_eq!(acs.extra, [("x-acs-credentials-provider".to_owned(), "static_ak".to_owned())]);
    // Under serde, the headers are one object, and come back the same.
    let json = serde_json::to_string(&request).unwrap();
    assert!(json.ends_with(&format!(
        r#""Headers":{{"x-acs-date":"2024-06-01T08:00:00Z","x-acs-signature-nonce":"n-1","x-acs-content-sha256":"e3b0","x-acs-security-token":"sts","authorization":"{auth}","x-acs-credentials-provider":"static_ak"}}}}"#
    )), "{json}");
    assert_eq!(
        serde_json::from_str::<ess_protection::Request<AnyOperation>>(&json).unwrap(),
        request
    );

    let problems = |name: &'static str, value: &'static [u8]| rejected(&v3().header(name, value)).1;
    assert_eq!(
        problems("x-acs-date", b"2024-06-01 08:00:00"),
        ["x-acs-date: expected a UTC time as YYYY-MM-DDThh:mm:ssZ"]
    );
    assert_eq!(
        problems("Authorization", b"Basic dGVzdDp0ZXN0"),
        [
            "Authorization: expected ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=names,Signature=hex"
        ]
    );
    assert_eq!(problems("x-acs-action", b"\xff"), ["x-acs-action: not UTF-8 once percent-decoded"]);
    let twice = v3().header("x-acs-signature-nonce", "a").header("x-acs-signature-nonce", "b");
    assert_eq!(rejected(&twice).1, ["x-acs-signature-nonce: repeated parameter"]);
}

#[test]
fn what_each_official_client_sends_parses() {
    // The 2022-02-22 SDK in 1.0 mode: Format=json in lower case.
    let http = HttpRequest::new(
        "POST",
        "/?Action=SetInstancesProtection&Format=json&Version=2022-02-22&InstanceIds.1=i-1\
         &ProtectedFromScaleIn=True&ScalingGroupId=asg-1",
    );
    let request = parse(&http).unwrap().request;
    assert_eq!(request.response_format(), ess_protection::Format::Json);
    // A rejection answers in the format asked for, in any case.
    let http = HttpRequest::new("POST", "/?Action=SetInstancesProtection&Format=xml");
    let answer = parse(&http).unwrap_err().render("R".parse().unwrap(), "ess.aliyuncs.com");
    assert_eq!(answer.content_type, "text/xml;charset=utf-8");
    assert_eq!(parse(&http).unwrap_err().api_error().code, ErrorCode::MissingParameter);
}

#[cfg(feature = "http")]
#[test]
fn the_http_crate() {
    let request = http::Request::post(V3_QUERY)
        .header("host", "ess.aliyuncs.com")
        .header("x-acs-action", "SetInstancesProtection")
        .header("x-acs-version", "2022-02-22")
        .header("x-acs-version", "2022-02-22")
        .body(b"".to_vec())
        .unwrap();
    let http = HttpRequest::from(&request);
    assert_eq!(http.method, "POST");
    assert_eq!(http.target, V3_QUERY);
    assert_eq!(http.headers.len(), 4);
    let parsed = parse(&http).unwrap();
    let rendered = ess_protection::SetInstancesProtectionResponse::new("R1".parse().unwrap())
        .render(parsed.request.response_format());
    let response = http::Response::<String>::from(rendered);
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json;charset=utf-8");
    assert_eq!(response.body(), r#"{"RequestId":"R1"}"#);
    // A status that is not HTTP's becomes a 500.
    let body = ess_protection::ErrorBody::new(
        ess_protection::ApiError::new(ErrorCode::InternalError, ""),
        "R2".parse().unwrap(),
        "h",
    );
    let response =
        http::Response::<String>::from(body.render_with_status(1000, Default::default()));
    assert_eq!(response.status(), 500);
}

/// Found by the `request_roundtrip` fuzz target: an extra parameter may be
/// named `Headers`, like the member the V3 headers take under serde. A
/// string is the parameter, an object the headers; with both, the
/// parameter's value is kept in the object under the empty name.
#[test]
fn a_parameter_named_headers_survives_serde() {
    type Request = ess_protection::Request<AnyOperation>;
    let query = "/?InstanceIds.1=i-1&ProtectedFromScaleIn=true&ScalingGroupId=asg-1&Headers=h";
    let alone = parse(
        &HttpRequest::new("POST", query)
            .header("x-acs-version", "2022-02-22")
            .header("x-acs-action", "SetInstancesProtection"),
    )
    .unwrap()
    .request;
    let json = serde_json::to_string(&alone).unwrap();
    assert!(json.ends_with(r#""Headers":"h"}"#), "{json}");
    assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), alone);

    let mut http = v3().header("x-acs-signature-nonce", "n");
    http.target = query;
    let both = parse(&http).unwrap().request;
    assert_eq!(both.extra.get("Headers"), Some("h"));
    let json = serde_json::to_string(&both).unwrap();
    assert!(json.ends_with(r#""Headers":{"x-acs-signature-nonce":"n","":"h"}}"#), "{json}");
    assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), both);
}
