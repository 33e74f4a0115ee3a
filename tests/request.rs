//! The request side: parsing, validation, encoding, exact messages.

mod common;

use common::{SAMPLE_REQUEST, VALID, report, snapshots};
use ess_protection::{
    ApiVersion, ErrorCode, Format, InstanceIds, Parsed, Parser, ProtectedFromScaleIn, Rejection,
    SetInstancesProtection, Timestamp,
};

type Request = ess_protection::Request<SetInstancesProtection>;

fn strict(q: &str) -> Result<Parsed<SetInstancesProtection>, Rejection> {
    Parser::strict().parse_query(q)
}

fn lenient(q: &str) -> Result<Parsed<SetInstancesProtection>, Rejection> {
    Parser::lenient().parse_query(q)
}

fn rejected(q: &str) -> Rejection {
    strict(q).expect_err("should be rejected")
}

/// The problems of a rejection as `parameter: detail` lines.
fn problems(q: &str) -> Vec<String> {
    rejected(q).problems().iter().map(ToString::to_string).collect()
}

fn with(extra: &str) -> String {
    format!("{VALID}&{extra}")
}

#[test]
fn sample_strict_lists_every_defect() {
    let result = strict(SAMPLE_REQUEST);
    let rejection = result.as_ref().unwrap_err();
    let listed: Vec<String> = rejection.problems().iter().map(ToString::to_string).collect();
    // FACTS.md's defects: line breaks, the space in `InstanceId. 1`, index 1
    // twice, the trailing space of the group id, the placeholder (and so no
    // Version).
    let expected: Vec<&str> = include_str!("samples/request.defects.txt").lines().collect();
    assert_eq!(listed, expected);
    assert_eq!(rejection.api_error().code, ErrorCode::MissingParameter);
    snapshots(|| insta::assert_snapshot!("request_sample_strict", report(&result)));
}

#[test]
fn sample_lenient_yields_the_request_it_meant() {
    let result = lenient(SAMPLE_REQUEST);
    let parsed = result.as_ref().unwrap();
    let (r, o) = (&parsed.request, &parsed.request.operation);
    assert_eq!(o.scaling_group_id.as_str(), "AG6CQdPU8OKdwLjgZcJ2eaQ");
    let ids: Vec<&str> = o.instance_ids.iter().map(|i| i.as_str()).collect();
    assert_eq!(ids, ["i-28wt48iaa", "i-28wt48ibb"]);
    assert_eq!(o.protected_from_scale_in, ProtectedFromScaleIn::PROTECTED);
    assert_eq!(r.version, ApiVersion::V2014_08_28);
    assert!(r.extra.is_empty());
    assert_eq!(parsed.warnings.len(), 11);
    snapshots(|| insta::assert_snapshot!("request_sample_lenient", report(&result)));
}

#[test]
fn lenient_repairs_nothing_else() {
    // An out-of-range index is no sample defect: still an error.
    let r = lenient(&with("InstanceId.21=i-x")).unwrap_err();
    assert_eq!(r.problems()[0].to_string(), "InstanceId.21: index must be from 1 to 20");
    // Encoded whitespace is part of the value, not a display artefact.
    let r =
        lenient(&VALID.replace("ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ", "ScalingGroupId=sg%20"))
            .unwrap_err();
    assert_eq!(
        r.problems()[0].to_string(),
        "ScalingGroupId: contains whitespace or a control character"
    );
    // Without the placeholder, a missing Version is not assumed.
    let no_version = VALID.replace("&Version=2014-08-28", "");
    let r = lenient(&no_version).unwrap_err();
    assert_eq!(r.api_error().code, ErrorCode::MissingParameter);
    // A repeated index past 20 has nowhere to go.
    let full: String = (1..=20).map(|n| format!("&InstanceId.{n}=i-{n}")).collect();
    let q = format!(
        "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=sg&ProtectedFromScaleIn=true{full}&InstanceId.3=i-x"
    );
    let r = lenient(&q).unwrap_err();
    assert_eq!(
        r.problems()[0].to_string(),
        "InstanceId.3: repeated index, and no free index up to 20"
    );
}

#[test]
fn valid_request_parses_in_every_input_form() {
    let expected = strict(VALID).unwrap().request;
    for input in [
        format!("?{VALID}"),
        format!("http://ess.aliyuncs.com/?{VALID}"),
        format!("HTTPS://ess.cn-hangzhou.aliyuncs.com/?{VALID}#fragment"),
        format!("  {VALID}\n"),
    ] {
        assert_eq!(strict(&input).unwrap().request, expected, "{input}");
    }
    let (query, body) = VALID.split_at(VALID.find("&ScalingGroupId").unwrap());
    let parsed = Parser::strict().parse_form::<SetInstancesProtection>(query, &body[1..]).unwrap();
    assert_eq!(parsed.request, expected);
    assert!(parsed.warnings.is_empty());
    // A parameter in both the query and the body is repeated.
    let r = Parser::strict()
        .parse_form::<SetInstancesProtection>(VALID, "RegionId=a&ScalingGroupId=x")
        .unwrap_err();
    assert_eq!(
        r.problems().iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["ScalingGroupId: repeated parameter"]
    );
}

#[test]
fn form_decoding() {
    let parsed =
        strict(&with("OwnerAccount=cn+hang%7Ezhou%E4%B8%AD&ResourceOwnerAccount=a%2Bb")).unwrap();
    assert_eq!(parsed.request.owner.owner_account.as_deref(), Some("cn hang~zhou中"));
    assert_eq!(parsed.request.owner.resource_owner_account.as_deref(), Some("a+b"));
    // Not UTF-8 once decoded: an error, never a replacement character.
    assert_eq!(problems(&with("RegionId=%FF")), ["RegionId: not UTF-8 once percent-decoded"]);
    assert_eq!(problems(&with("Region%FFId=x")), ["Region%FFId: not UTF-8 once percent-decoded"]);
    assert_eq!(
        problems(&VALID.replace("i-28wt48ibb", "%C3")),
        ["InstanceId.2: not UTF-8 once percent-decoded"]
    );
}

#[test]
fn missing_parameters() {
    let missing = |param: &str| {
        let q: String =
            VALID.split('&').filter(|p| !p.starts_with(param)).collect::<Vec<_>>().join("&");
        rejected(&q)
    };
    for param in ["Action", "Version", "ScalingGroupId", "ProtectedFromScaleIn"] {
        let r = missing(param);
        assert_eq!(
            r.problems()[0].to_string(),
            format!("{param}: required parameter is absent or empty")
        );
        let e = r.api_error();
        assert_eq!(e.code, ErrorCode::MissingParameter);
        assert_eq!(
            e.message,
            format!(
                "The input parameter \"{param}\" that is mandatory for processing this request is not supplied."
            )
        );
        // Empty is missing too.
        let empty = VALID.replace(&format!("{param}="), &format!("{param}=&Dropped="));
        assert_eq!(rejected(&empty).api_error().code, ErrorCode::MissingParameter, "{param}");
    }
    let r = missing("InstanceId");
    assert_eq!(r.problems()[0].to_string(), "InstanceId.N: no value is given");
    assert_eq!(
        r.api_error().message,
        "The input parameter \"InstanceId.N\" that is mandatory for processing this request is not supplied."
    );
    assert_eq!(
        problems(&VALID.replace("InstanceId.2=i-28wt48ibb", "InstanceId.2=")),
        ["InstanceId.2: required parameter is absent or empty"]
    );
}

#[test]
fn action_and_version() {
    let r = rejected(&VALID.replace("SetInstancesProtection", "DescribeRegions"));
    assert_eq!(r.problems()[0].to_string(), "Action: expected SetInstancesProtection");
    assert_eq!(r.api_error().code, ErrorCode::UnsupportedOperation);
    assert_eq!(r.api_error().message, "The specified action is not supported.");

    let r = rejected(&VALID.replace("2014-08-28", "2015-01-01"));
    assert_eq!(r.problems()[0].to_string(), "Version: expected 2014-08-28 or 2022-02-22");
    assert_eq!(r.api_error().code, ErrorCode::NoSuchVersion);
    assert_eq!(r.api_error().message, "The specified version does not exist.");

    // UnsupportedOperation outranks the rest.
    let r = rejected("Action=Nope&Version=1&InstanceId.0=x");
    assert_eq!(r.api_error().code, ErrorCode::UnsupportedOperation);
    assert_eq!(
        r.problems().iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "InstanceId.0: index must be from 1 to 20",
            "Action: expected SetInstancesProtection",
            "Version: expected 2014-08-28 or 2022-02-22",
            "ScalingGroupId: required parameter is absent or empty",
            "ProtectedFromScaleIn: required parameter is absent or empty",
        ]
    );
}

#[test]
fn versions_name_the_list_differently() {
    let v2022 = VALID.replace("2014-08-28", "2022-02-22").replace("InstanceId.", "InstanceIds.");
    let request = strict(&v2022).unwrap().request;
    assert_eq!(request.version, ApiVersion::V2022_02_22);
    assert_eq!(request.operation.instance_ids.len(), 2);
    assert!(request.to_query().contains("&InstanceIds.1=i-28wt48iaa&InstanceIds.2=i-28wt48ibb&"));

    assert_eq!(
        problems(&VALID.replace("InstanceId.", "InstanceIds.")),
        [
            "InstanceIds.1: version 2014-08-28 names the list InstanceId.N",
            "InstanceIds.2: version 2014-08-28 names the list InstanceId.N",
        ]
    );
    assert_eq!(
        problems(&VALID.replace("2014-08-28", "2022-02-22")),
        [
            "InstanceId.1: version 2022-02-22 names the list InstanceIds.N",
            "InstanceId.2: version 2022-02-22 names the list InstanceIds.N",
        ]
    );
    let r = rejected(&VALID.replace("InstanceId.2", "InstanceIds.2"));
    assert_eq!(
        r.api_error().message,
        "The specified value of parameter \"InstanceIds.2\" is not valid."
    );
}

#[test]
fn indexes() {
    for (key, detail) in [
        ("InstanceId.0", "index must be from 1 to 20"),
        ("InstanceId.21", "index must be from 1 to 20"),
        ("InstanceId.99999999999999999999999", "index must be from 1 to 20"),
        ("InstanceId.01", "index is not a plain decimal number"),
        ("InstanceId.x", "index is not a plain decimal number"),
        ("InstanceId.%2B1", "index is not a plain decimal number"),
        ("InstanceId.", "index is not a plain decimal number"),
        ("InstanceId.1.2", "index is not a plain decimal number"),
        ("InstanceId", "key has no index"),
        ("InstanceIds.21", "index must be from 1 to 20"),
    ] {
        let shown = key.replace("%2B", "+");
        assert_eq!(problems(&with(&format!("{key}=i-x"))), [format!("{shown}: {detail}")]);
        assert_eq!(
            rejected(&with(&format!("{key}=i-x"))).api_error().code,
            ErrorCode::InvalidParameter
        );
    }
    // A rejected key is the problem: the list is not also reported missing.
    let only_bad =
        VALID.replace("&InstanceId.1=i-28wt48iaa&InstanceId.2=i-28wt48ibb", "&InstanceId.21=i-1");
    assert_eq!(problems(&only_bad), ["InstanceId.21: index must be from 1 to 20"]);
    assert_eq!(rejected(&only_bad).api_error().code, ErrorCode::InvalidParameter);
    // Not list keys: kept as extra parameters.
    let parsed = strict(&with("InstanceIdx=1&Instanceid.1=2")).unwrap();
    assert_eq!(parsed.request.extra.get("InstanceIdx"), Some("1"));
    assert_eq!(parsed.request.extra.get("Instanceid.1"), Some("2"));
}

#[test]
fn repeated_parameters() {
    assert_eq!(
        problems(&with("ProtectedFromScaleIn=false")),
        ["ProtectedFromScaleIn: repeated parameter"]
    );
    assert_eq!(problems(&with("InstanceId.1=i-c")), ["InstanceId.1: repeated parameter"]);
    assert_eq!(
        problems(&with("Foo=1&Bar=2&Foo=3&Foo=4")),
        ["Foo: repeated parameter", "Foo: repeated parameter"]
    );
}

#[test]
fn values() {
    for (param, value, detail) in [
        ("ProtectedFromScaleIn", "1", "expected true or false"),
        ("ProtectedFromScaleIn", "yes", "expected true or false"),
        ("ProtectedFromScaleIn", "%20true", "expected true or false"),
        ("ScalingGroupId", "a%09b", "contains whitespace or a control character"),
        ("OwnerId", "12x", "expected a 64-bit integer"),
        ("OwnerId", "9223372036854775808", "expected a 64-bit integer"),
        ("OwnerId", "", "expected a 64-bit integer"),
        ("Format", "yaml", "expected JSON or XML"),
        ("Format", "", "empty value"),
        ("SignatureMethod", "HMAC-SHA256", "expected HMAC-SHA1"),
        ("SignatureVersion", "2.0", "expected 1.0"),
        ("Timestamp", "2018-01-01T12:00:00", "expected a UTC time as YYYY-MM-DDThh:mm:ssZ"),
        ("Timestamp", "2018-13-01T12:00:00Z", "not a real date and time"),
        ("Timestamp", "2019-02-29T12:00:00Z", "not a real date and time"),
        ("Timestamp", "2018-01-01T24:00:00Z", "not a real date and time"),
    ] {
        let q = if VALID.contains(&format!("&{param}=")) {
            let start = VALID.find(&format!("{param}=")).unwrap();
            let end = VALID[start..].find('&').map_or(VALID.len(), |e| start + e);
            format!("{}{param}={value}{}", &VALID[..start], &VALID[end..])
        } else {
            with(&format!("{param}={value}"))
        };
        assert_eq!(problems(&q), [format!("{param}: {detail}")], "{q}");
        assert_eq!(
            rejected(&q).api_error().message,
            format!("The specified value of parameter \"{param}\" is not valid.")
        );
    }
    let parsed = strict(&with(
        "OwnerId=-42&Format=XML&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&Timestamp=2016-02-29T23:59:59Z",
    ))
    .unwrap();
    let r = parsed.request;
    assert_eq!(r.owner.owner_id, Some(-42));
    assert_eq!(r.common.format, Some(Format::Xml));
    assert_eq!(r.common.timestamp, Some("2016-02-29T23:59:59Z".parse::<Timestamp>().unwrap()));
}

#[test]
fn warnings() {
    let parsed = strict(&format!(
        "{}&InstanceId.4=i-28wt48iaa&OwnerAccount=&=x",
        VALID.replace("InstanceId.2", "InstanceId.3")
    ))
    .unwrap();
    let shown: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "(empty name): a parameter with an empty name",
            "InstanceId.2: absent, though a higher index is present",
            "InstanceId.4: the same value as InstanceId.1",
            "OwnerAccount: empty value",
        ]
    );
    let ids: Vec<&str> = parsed.request.operation.instance_ids.iter().map(|i| i.as_str()).collect();
    assert_eq!(ids, ["i-28wt48iaa", "i-28wt48ibb", "i-28wt48iaa"]);
    assert_eq!(parsed.request.extra.get(""), Some("x"));

    // The first of a repeat is named by its N, gaps or not.
    let gap = VALID
        .replace("InstanceId.1=i-28wt48iaa", "InstanceId.3=i-9")
        .replace("InstanceId.2=", "InstanceId.5=")
        + "&InstanceId.7=i-9";
    let shown: Vec<String> =
        strict(&gap).unwrap().warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "InstanceId.1: absent, though a higher index is present",
            "InstanceId.2: absent, though a higher index is present",
            "InstanceId.4: absent, though a higher index is present",
            "InstanceId.6: absent, though a higher index is present",
            "InstanceId.7: the same value as InstanceId.3",
        ]
    );
}

#[test]
fn bare_equals_sign_is_an_empty_name_with_an_empty_value() {
    let parsed = strict(&format!("{VALID}&=")).unwrap();
    assert_eq!(parsed.request.extra.get(""), Some(""));
    assert!(parsed.request.to_query().starts_with("=&Action="));
    assert_eq!(strict(&parsed.request.to_query()).unwrap().request, parsed.request);
    // Whitespace alone between two `&` is a sample-style defect.
    assert_eq!(problems(&format!("{VALID}& \n&")), ["(query): unencoded line break"]);
    assert_eq!(problems(&format!("{VALID}& &")), ["(query): unencoded whitespace in the name"]);
}

#[test]
fn unknown_parameters_are_kept_in_order() {
    let parsed = strict(&with("Zeta=1&Alpha=2&Mid%20dle=a%2Ab")).unwrap();
    let extra: Vec<(&str, &str)> = parsed.request.extra.iter().collect();
    assert_eq!(extra, [("Zeta", "1"), ("Alpha", "2"), ("Mid dle", "a*b")]);
    assert_eq!(
        parsed.request.to_query(),
        "Action=SetInstancesProtection&Alpha=2&InstanceId.1=i-28wt48iaa&InstanceId.2=i-28wt48ibb\
         &Mid%20dle=a%2Ab&ProtectedFromScaleIn=true&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ\
         &Version=2014-08-28&Zeta=1"
    );
}

#[test]
fn canonical_encoding_of_a_full_request() {
    let ids: Vec<_> = (1..=12).map(|n| format!("i-{n:02}").parse().unwrap()).collect();
    let mut protect = SetInstancesProtection::new(
        "sg-ü*~".parse().unwrap(),
        InstanceIds::try_from(ids).unwrap(),
        ProtectedFromScaleIn::UNPROTECTED,
    );
    protect.region_id = Some("cn-hangzhou".parse().unwrap());
    let mut request = Request::new(protect);
    request.version = ApiVersion::V2022_02_22;
    request.owner.owner_id = Some(1234567890123);
    request.owner.resource_owner_account = Some("owner name+1".into());
    request.common.format = Some(Format::Xml);
    request.common.access_key_id = Some("testid".into());
    request.common.signature = Some("OLeaidS1JvxuMvnyHOwuJ+uX5qY=".into());
    request.common.signature_method = Some(ess_protection::SignatureMethod::HmacSha1);
    request.common.signature_version = Some(ess_protection::SignatureVersion::V1_0);
    request.common.signature_nonce = Some("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf".into());
    request.common.timestamp = Some("2016-02-23T12:46:24Z".parse().unwrap());
    request.extra.insert("x-trace", "a/b c").unwrap();
    let query = request.to_query();
    assert_eq!(strict(&query).unwrap().request, request);
    snapshots(|| insta::assert_snapshot!("request_canonical_full", query.replace('&', "\n&")));
}

#[test]
fn error_body_for_each_kind_of_rejection() {
    let cases = [
        ("missing Action", VALID.replace("Action=SetInstancesProtection&", "")),
        ("empty ScalingGroupId", VALID.replace("AG6CQdPU8OKdwLjgZcJ2eaQ", "")),
        ("no instance id", VALID.replace("&InstanceId.1=i-28wt48iaa&InstanceId.2=i-28wt48ibb", "")),
        ("other Action", VALID.replace("=SetInstancesProtection", "=DescribeScalingGroups")),
        ("unknown Version", VALID.replace("2014-08-28", "2014-08-29")),
        ("index 0", with("InstanceId.0=i-x")),
        ("index 21", with("InstanceId.21=i-x")),
        ("index 01", with("InstanceId.01=i-x")),
        ("index x", with("InstanceId.x=i-x")),
        ("wrong list name", VALID.replace("InstanceId.", "InstanceIds.")),
        ("repeated parameter", with("ScalingGroupId=other")),
        ("bad boolean", VALID.replace("=true", "=yes")),
        ("bad Format", with("Format=YAML")),
        ("bad Timestamp", with("Timestamp=2018-01-01 12:00:00")),
        ("not UTF-8", with("RegionId=%E4%B8")),
    ];
    let table: String =
        cases.iter().map(|(what, q)| format!("## {what}\n{q}\n{}\n", report(&strict(q)))).collect();
    snapshots(|| insta::assert_snapshot!("request_rejections", table));
}

#[test]
fn a_mebibyte_of_repeated_keys_is_rejected_with_a_capped_list() {
    let q = format!("{VALID}&{}", "InstanceId.1=a&".repeat(70_000));
    assert!(q.len() > 1 << 20);
    let r = rejected(&q);
    assert_eq!(r.problems().len(), Rejection::MAX_PROBLEMS);
    assert_eq!(r.omitted(), 70_000 - Rejection::MAX_PROBLEMS);
    assert_eq!(
        r.to_string(),
        "request rejected: InstanceId.1: repeated parameter (and 69999 more problems)"
    );
    // Many distinct unknown parameters: accepted, all kept.
    let many: String = (0..50_000).map(|i| format!("&P{i}=v")).collect();
    let parsed = strict(&format!("{VALID}{many}")).unwrap();
    assert_eq!(parsed.request.extra.len(), 50_000);
}

#[test]
fn json_shape() {
    let request =
        strict(&with("OwnerId=7&ClientToken=t&Timestamp=2018-01-01T12:00:00Z")).unwrap().request;
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(
        json,
        r#"{"Action":"SetInstancesProtection","Version":"2014-08-28","ScalingGroupId":"AG6CQdPU8OKdwLjgZcJ2eaQ","InstanceIds":["i-28wt48iaa","i-28wt48ibb"],"ProtectedFromScaleIn":true,"OwnerId":7,"Timestamp":"2018-01-01T12:00:00Z","ClientToken":"t"}"#
    );
    assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);

    let minimal = r#"{"ScalingGroupId":"sg","InstanceIds":["i-1"],"ProtectedFromScaleIn":false}"#;
    let request: Request = serde_json::from_str(minimal).unwrap();
    assert_eq!(request.version, ApiVersion::V2014_08_28);

    for (bad, message) in [
        (
            r#"{"Action":"X","ScalingGroupId":"sg","InstanceIds":["i-1"],"ProtectedFromScaleIn":true}"#,
            "Action: expected SetInstancesProtection",
        ),
        (
            r#"{"ScalingGroupId":"sg","InstanceIds":[],"ProtectedFromScaleIn":true}"#,
            "InstanceId.N: no value is given",
        ),
        (
            r#"{"ScalingGroupId":"s g","InstanceIds":["i-1"],"ProtectedFromScaleIn":true}"#,
            "ScalingGroupId: contains whitespace or a control character",
        ),
        (
            r#"{"ScalingGroupId":"sg","InstanceIds":["i-1"],"ProtectedFromScaleIn":"true"}"#,
            "ProtectedFromScaleIn: expected a boolean",
        ),
        (
            r#"{"ScalingGroupId":"sg","InstanceIds":["i-1"],"ProtectedFromScaleIn":true,"InstanceId.2":"i-2"}"#,
            "InstanceId.2: a list is an array under its 2022-02-22 name",
        ),
    ] {
        let err = serde_json::from_str::<Request>(bad).unwrap_err().to_string();
        assert!(err.starts_with(message), "{err}");
    }
}

#[test]
fn display_and_from_str_agree() {
    let request: Request = VALID.parse().unwrap();
    assert_eq!(request.to_string().parse::<Request>().unwrap(), request);
    assert_eq!(Request::try_from(VALID).unwrap(), request);
}
