//! The validated value types, with their exact messages.

use ess_protection::{
    ApiVersion, ExtraParams, Format, InstanceId, InstanceIds, ProtectedFromScaleIn, ScalingGroupId,
    SignatureMethod, SignatureVersion, Timestamp,
};

fn message<T: std::str::FromStr>(s: &str) -> String
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>().err().map(|e| e.to_string()).unwrap_or_else(|| "accepted".into())
}

#[test]
fn identifiers() {
    for (input, expected) in [
        ("i-28wt48iaa", "accepted"),
        ("中文-ü*~/%", "accepted"),
        ("", "empty value"),
        ("i 1", "contains whitespace or a control character"),
        ("i\u{a0}1", "contains whitespace or a control character"),
        ("i\u{7}1", "contains whitespace or a control character"),
        ("i-1\n", "contains whitespace or a control character"),
    ] {
        assert_eq!(message::<InstanceId>(input), expected, "{input:?}");
        assert_eq!(message::<ScalingGroupId>(input), expected, "{input:?}");
    }
    let id = InstanceId::try_from(String::from("i-1")).unwrap();
    assert_eq!(String::from(id.clone()), "i-1");
    assert_eq!(serde_json::to_string(&id).unwrap(), "\"i-1\"");
    assert_eq!(
        serde_json::from_str::<InstanceId>("\"i 1\"").unwrap_err().to_string(),
        "contains whitespace or a control character at line 1 column 5"
    );
}

#[test]
fn instance_ids_hold_1_to_20() {
    let id: InstanceId = "i-1".parse().unwrap();
    assert_eq!(
        InstanceIds::try_from(vec![]).unwrap_err().to_string(),
        "at least 1 value is required"
    );
    assert_eq!(
        InstanceIds::try_from(vec![id.clone(); 21]).unwrap_err().to_string(),
        "at most 20 values are allowed, got 21"
    );
    let mut ids = InstanceIds::try_from(vec![id.clone(); 20]).unwrap();
    assert_eq!(
        ids.push(id.clone()).unwrap_err().to_string(),
        "at most 20 values are allowed, got 21"
    );
    assert_eq!(ids.len(), 20);
    let mut one = InstanceIds::new(id.clone());
    one.push("i-2".parse().unwrap()).unwrap();
    assert_eq!(one.iter().map(InstanceId::as_str).collect::<Vec<_>>(), ["i-1", "i-2"]);
    assert_eq!(
        serde_json::from_str::<InstanceIds>("[]").unwrap_err().to_string(),
        "at least 1 value is required"
    );
}

#[test]
fn booleans() {
    for ok in ["true", "True", "TRUE", "tRuE", "false", "False", "FALSE"] {
        assert_eq!(message::<ProtectedFromScaleIn>(ok), "accepted");
    }
    for bad in ["1", "0", "yes", "no", "t", " true", "true ", "truee", "ｔrue"] {
        assert_eq!(message::<ProtectedFromScaleIn>(bad), "expected true or false", "{bad:?}");
    }
    assert_eq!(message::<ProtectedFromScaleIn>(""), "empty value");
    assert_eq!("TRUE".parse::<ProtectedFromScaleIn>().unwrap().to_string(), "true");
    assert_eq!("False".parse::<ProtectedFromScaleIn>().unwrap().to_string(), "false");
}

#[test]
fn closed_sets() {
    assert_eq!(message::<ApiVersion>("2014-08-28"), "accepted");
    assert_eq!(message::<ApiVersion>("2014-8-28"), "expected 2014-08-28 or 2022-02-22");
    assert_eq!(message::<Format>("XML"), "accepted");
    // Format in any letter case (the 2022-02-22 Python SDK sends `json`),
    // written as documented; nothing else.
    for (text, format) in [("xml", Format::Xml), ("json", Format::Json), ("jSoN", Format::Json)] {
        assert_eq!(text.parse::<Format>().unwrap(), format);
    }
    assert_eq!("xml".parse::<Format>().unwrap().to_string(), "XML");
    assert_eq!(message::<Format>("xm"), "expected JSON or XML");
    assert_eq!(message::<Format>("JSON "), "expected JSON or XML");
    assert_eq!(message::<Format>(""), "empty value");
    assert_eq!(Format::default(), Format::Json);
    assert_eq!(message::<SignatureMethod>("HMAC-SHA1"), "accepted");
    assert_eq!(message::<SignatureMethod>("hmac-sha1"), "expected HMAC-SHA1");
    assert_eq!(message::<SignatureVersion>("1.0"), "accepted");
    assert_eq!(message::<SignatureVersion>("1"), "expected 1.0");
    assert_eq!(ApiVersion::V2022_02_22.instance_list_name(), "InstanceIds");
}

#[test]
fn timestamps() {
    for ok in [
        "2016-02-23T12:46:24Z",
        "2000-02-29T00:00:00Z",
        "2024-02-29T23:59:59Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
    ] {
        let t: Timestamp = ok.parse().unwrap();
        assert_eq!(t.to_string(), ok);
        assert_eq!(Timestamp::from_unix_seconds(t.unix_seconds()).unwrap(), t);
    }
    for bad in [
        "1900-02-29T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2018-04-31T00:00:00Z",
        "2018-00-10T00:00:00Z",
        "2018-01-00T00:00:00Z",
        "2018-01-01T24:00:00Z",
        "2018-01-01T00:60:00Z",
        "2018-01-01T00:00:60Z",
    ] {
        assert_eq!(message::<Timestamp>(bad), "not a real date and time", "{bad}");
    }
    for bad in [
        "2018-01-01T00:00:00",
        "2018-01-01 00:00:00Z",
        "2018-01-01T00:00:00z",
        "2018-01-01T00:00:00+00:00",
        "18-01-01T00:00:00Z",
        "2018-1-01T00:00:00Z",
        "２018-01-01T00:00:0Z",
        "-018-01-01T00:00:00Z",
    ] {
        assert_eq!(
            message::<Timestamp>(bad),
            "expected a UTC time as YYYY-MM-DDThh:mm:ssZ",
            "{bad}"
        );
    }
    assert_eq!(message::<Timestamp>(""), "empty value");
    let t: Timestamp = "2016-02-23T12:46:24Z".parse().unwrap();
    assert_eq!(t.unix_seconds(), 1_456_231_584);
    assert_eq!(Timestamp::from_unix_seconds(-1).unwrap().to_string(), "1969-12-31T23:59:59Z");
    assert_eq!(
        Timestamp::from_unix_seconds(-62_167_219_200).unwrap().to_string(),
        "0000-01-01T00:00:00Z"
    );
    assert!(Timestamp::from_unix_seconds(-62_167_219_201).is_err());
    assert!(Timestamp::from_unix_seconds(253_402_300_800).is_err());
    assert!(Timestamp::from_unix_seconds(i64::MIN).is_err());
    assert!(Timestamp::from_unix_seconds(i64::MAX).is_err());
    let later: Timestamp = "2016-02-23T12:46:25Z".parse().unwrap();
    let earlier: Timestamp = "2015-12-31T23:59:59Z".parse().unwrap();
    assert!(earlier < t && t < later, "Ord is chronological");
}

#[test]
fn extra_params() {
    let mut extra = ExtraParams::new();
    extra.insert("B", "1").unwrap();
    extra.insert("A", "2").unwrap();
    for reserved in ["Action", "InstanceId.3", "InstanceIds.1", "InstanceIds", "Signature"] {
        assert_eq!(
            extra.insert(reserved, "x").unwrap_err().to_string(),
            "names a parameter of an operation, not an extra one"
        );
    }
    assert_eq!(extra.insert("B", "3").unwrap_err().to_string(), "repeated parameter name");
    let other =
        ExtraParams::try_from(vec![("A".into(), "2".into()), ("B".into(), "1".into())]).unwrap();
    assert_eq!(extra, other);
    assert_eq!(extra.iter().collect::<Vec<_>>(), [("B", "1"), ("A", "2")]);
    assert_eq!(
        ExtraParams::try_from(vec![("A".into(), "1".into()), ("A".into(), "2".into())])
            .unwrap_err()
            .to_string(),
        "repeated parameter name"
    );
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<ess_protection::Request<ess_protection::AnyOperation>>();
    check::<ess_protection::Request<ess_protection::SetInstancesProtection>>();
    check::<ess_protection::Request<ess_protection::DescribeScalingInstances>>();
    check::<ess_protection::Request<ess_protection::RemoveInstances>>();
    check::<ess_protection::Parsed<ess_protection::AnyOperation>>();
    check::<ess_protection::OneOrMany<ess_protection::InstanceState>>();
    check::<ess_protection::PageSize>();
    check::<ess_protection::ClientToken>();
    check::<ess_protection::model::State>();
    check::<ess_protection::model::Removal>();
    check::<ess_protection::model::Page<'static>>();
    check::<ess_protection::Rejection>();
    check::<ess_protection::Problem>();
    check::<ess_protection::Warning>();
    check::<ess_protection::SetInstancesProtectionResponse>();
    check::<ess_protection::DescribeScalingInstancesResponse>();
    check::<ess_protection::RemoveInstancesResponse>();
    check::<ess_protection::Body>();
    check::<ess_protection::ErrorBody>();
    check::<ess_protection::ErrorCode>();
    check::<ess_protection::ApiError>();
    check::<ess_protection::BodyError>();
    check::<ess_protection::ResponseError>();
    check::<ess_protection::ValueError>();
    check::<ess_protection::HttpRequest<'static>>();
    check::<ess_protection::AcsHeaders>();
    check::<ess_protection::Authorization>();
    #[cfg(feature = "signature")]
    {
        check::<ess_protection::signature::Signed<'static>>();
        check::<ess_protection::signature::SignatureKind>();
        check::<ess_protection::signature::v3::SignedHeaders>();
        check::<ess_protection::signature::v1::Signer>();
    }
}

#[test]
fn the_other_operations_values() {
    use ess_protection::{
        ClientToken, CreationType, HealthStatus, InstanceState, LifecycleHookContext, PageNumber,
        PageSize, RegionId, RemovePolicy, StopInstanceTimeout,
    };
    // Bounded integers: plain decimal digits within the bounds.
    for (input, expected) in [
        ("1", "accepted"),
        ("100", "accepted"),
        ("0", "expected an integer from 1 to 100"),
        ("101", "expected an integer from 1 to 100"),
        ("+5", "expected an integer from 1 to 100"),
        ("05", "accepted"),
        ("99999999999999999999", "expected an integer from 1 to 100"),
        ("", "empty value"),
    ] {
        assert_eq!(message::<PageSize>(input), expected, "{input:?}");
    }
    assert_eq!(message::<PageNumber>("2147483647"), "accepted");
    assert_eq!(message::<PageNumber>("2147483648"), "expected an integer from 1 to 2147483647");
    assert_eq!(message::<StopInstanceTimeout>("29"), "expected an integer from 30 to 240");
    assert_eq!(message::<StopInstanceTimeout>("240"), "accepted");
    assert_eq!(serde_json::to_string(&PageSize::DEFAULT).unwrap(), "10");
    assert!(serde_json::from_str::<PageSize>("0").is_err());
    // The client token: 1 to 64 ASCII characters, no control character.
    assert_eq!(message::<ClientToken>(&"x".repeat(64)), "accepted");
    for bad in ["x".repeat(65), "é".into(), "a\tb".into()] {
        assert_eq!(
            message::<ClientToken>(&bad),
            "expected 1 to 64 ASCII characters, none a control character"
        );
    }
    assert_eq!(message::<ClientToken>(""), "empty value");
    assert_eq!(message::<LifecycleHookContext>(r#"{"a":[1]}"#), "accepted");
    for bad in ["[]", "{", "1", "{} {}"] {
        assert_eq!(message::<LifecycleHookContext>(bad), "expected a JSON object", "{bad}");
    }
    // Closed sets, spelled as documented.
    assert_eq!(message::<RemovePolicy>("Release"), "expected release or recycle");
    assert_eq!(message::<HealthStatus>("healthy"), "expected Healthy or Unhealthy");
    assert_eq!(message::<CreationType>("X"), "expected AutoCreated, Attached or Managed");
    assert_eq!(message::<InstanceState>("Pending:Wait"), "accepted");
    assert_eq!(
        message::<InstanceState>("protected"),
        "expected InService, Pending, Pending:Wait, Protected, Standby, Stopped, Removing or Removing:Wait"
    );
    assert_eq!(message::<RegionId>("cn hangzhou"), "contains whitespace or a control character");
    // Every operation's parameters are reserved names.
    let mut extra = ExtraParams::new();
    for reserved in ["ClientToken", "LifecycleStates.1", "PageSize", "RegionId", "OwnerAccount"] {
        assert!(extra.insert(reserved, "x").is_err(), "{reserved}");
    }
    assert!(extra.insert("ClientTokens", "x").is_ok());
}
