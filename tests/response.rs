//! The response side: success and error bodies, the catalog, the client
//! and server entry points.

mod common;

use common::snapshots;
use ess_protection::{
    ApiError, Body, BodyError, ErrorBody, ErrorCode, Format, Parser, Rendered, RequestId,
    ResponseError, SetInstancesProtection, SetInstancesProtectionResponse as Response,
    read_response,
};
use serde_json::json;

const SAMPLE_XML: &[u8] = include_bytes!("samples/response.xml");
const SAMPLE_JSON: &[u8] = include_bytes!("samples/response.json");
/// FACTS.md's error bodies.
const FACTS_ERROR_XML: &str = include_str!("samples/error.xml");
const FACTS_ERROR_JSON: &str = include_str!("samples/error.json");

/// The text with whitespace between tags (and around JSON tokens) removed.
fn squash(s: impl AsRef<[u8]>) -> String {
    String::from_utf8_lossy(s.as_ref()).split_whitespace().collect()
}

fn body_error(r: Result<impl std::fmt::Debug, BodyError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn the_pages_two_samples_parse_to_one_value_and_render_back() {
    let from_xml = Response::from_xml(SAMPLE_XML).unwrap();
    let from_json = Response::from_json(SAMPLE_JSON).unwrap();
    assert_eq!(from_xml, from_json);
    assert_eq!(from_xml.request_id.as_str(), "04F0F334-1335-436C-A1D7-6C044FE73368");
    assert!(from_xml.extra.is_empty());
    assert_eq!(squash(from_xml.to_xml()), squash(SAMPLE_XML));
    assert_eq!(squash(from_xml.to_json()), squash(SAMPLE_JSON));
    snapshots(|| {
        insta::assert_snapshot!("response_sample_xml", from_xml.to_xml());
        insta::assert_snapshot!("response_sample_json", from_json.to_json());
    });
}

#[test]
fn facts_error_bodies_parse_and_render_back() {
    let xml = ErrorBody::from_xml(FACTS_ERROR_XML.as_bytes()).unwrap();
    assert_eq!(xml.request_id.as_str(), "540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx");
    assert_eq!(xml.host_id, "ess.aliyuncs.com");
    assert_eq!(xml.code, ErrorCode::InternalError);
    assert_eq!(xml.message, ApiError::new(ErrorCode::InternalError, "").message);
    assert_eq!(xml.recommend, None);
    assert_eq!(xml.http_status(), Some(500));
    assert!(xml.is_retryable());
    assert_eq!(squash(xml.to_xml()), squash(FACTS_ERROR_XML));

    let json = ErrorBody::from_json(FACTS_ERROR_JSON.as_bytes()).unwrap();
    assert_eq!(json.code, ErrorCode::InvalidActionNotFound);
    assert_eq!(json.to_json(), FACTS_ERROR_JSON.trim_end());
}

#[test]
fn real_xml_shapes() {
    let body = b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- a comment -->\n\
        <SetInstancesProtectionResponse xmlns:x=\"urn:x\">\n\t<RequestId>R-1</RequestId>\n\
        <Extra a=\"1\"><Inner>v</Inner><Inner>w</Inner></Extra>\n<Empty/>\n</SetInstancesProtectionResponse>\n";
    let r = Response::from_xml(body).unwrap();
    assert_eq!(r.request_id.as_str(), "R-1");
    assert_eq!(
        r.extra,
        [("Extra".to_owned(), json!({"Inner": ["v", "w"]})), ("Empty".to_owned(), json!(""))]
    );
    // Unknown elements survive a round trip.
    assert_eq!(Response::from_xml(r.to_xml().as_bytes()).unwrap(), r);
}

#[test]
fn entities_and_escapes() {
    let xml = "<Error><RequestId>R</RequestId><HostId>h</HostId><Code>C</Code>\
        <Message>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x4E2D;&#25991; <![CDATA[<raw & text>]]></Message></Error>";
    let body = ErrorBody::from_xml(xml.as_bytes()).unwrap();
    assert_eq!(body.message, "a & b <c> \"d\" 'e' 中文 <raw & text>");
    assert!(
        body.to_xml().contains(
            r#"<Message>a &amp; b &lt;c&gt; "d" 'e' 中文 &lt;raw &amp; text&gt;</Message>"#
        )
    );
    let json =
        r#"{"RequestId":"R","HostId":"h","Code":"C","Message":"q\" \\ \n \u0001 \ud83d\ude00"}"#;
    let body = ErrorBody::from_json(json.as_bytes()).unwrap();
    assert_eq!(body.message, "q\" \\ \n \u{1} 😀");
    assert_eq!(
        body.to_json(),
        r#"{"RequestId":"R","HostId":"h","Code":"C","Message":"q\" \\ \n \u0001 😀"}"#
    );
    assert_eq!(ErrorBody::from_json(body.to_json().as_bytes()).unwrap(), body);
}

#[test]
fn unknown_fields_are_kept() {
    let json = br#"{"RequestId":"R","HostId":"h","Code":"Forbidden.RAM","Message":"m","Recommend":"https://next.api.aliyun.com/troubleshoot?q=Forbidden.RAM","AccessDeniedDetail":{"AuthAction":"ess:SetInstancesProtection","NoPermissionType":"ImplicitDeny"},"N":5}"#;
    let body = ErrorBody::from_json(json).unwrap();
    assert_eq!(body.code, ErrorCode::ForbiddenRam);
    assert_eq!(
        body.recommend.as_deref(),
        Some("https://next.api.aliyun.com/troubleshoot?q=Forbidden.RAM")
    );
    assert_eq!(body.extra.len(), 2);
    assert_eq!(body.to_json().as_bytes(), json);
    let xml = body.to_xml();
    assert!(xml.contains(
        "  <AccessDeniedDetail>\n    <AuthAction>ess:SetInstancesProtection</AuthAction>"
    ));
    assert!(xml.contains("  <N>5</N>\n"));
    // Unknown codes are kept verbatim and have no status of their own.
    let body = ErrorBody::from_json(
        br#"{"RequestId":"R","HostId":"h","Code":"Quota.Exceeded","Message":"m"}"#,
    )
    .unwrap();
    assert_eq!(body.code.as_str(), "Quota.Exceeded");
    assert_eq!(body.http_status(), None);
    assert!(!body.is_retryable());
    assert!(body.to_xml().contains("<Code>Quota.Exceeded</Code>"));
}

#[test]
fn bad_bodies_get_typed_errors() {
    let root = "SetInstancesProtectionResponse";
    for (body, expected) in [
        (format!("<{root}></{root}>"), "RequestId is missing"),
        (format!("<{root}><RequestId></RequestId></{root}>"), "RequestId is empty"),
        (format!("<{root}><RequestId/></{root}>"), "RequestId is empty"),
        (
            format!("<{root}><RequestId>a</RequestId><RequestId>b</RequestId></{root}>"),
            "RequestId appears twice",
        ),
        (format!("<{root}><RequestId><X>a</X></RequestId></{root}>"), "RequestId is not a string"),
        (
            "<Other><RequestId>a</RequestId></Other>".into(),
            "root element is <Other>, expected <SetInstancesProtectionResponse>",
        ),
        (format!("<{root}><RequestId>a</RequestId>"), "malformed XML: unclosed element at byte 56"),
        (
            format!("<{root}><RequestId>a</Request></{root}>"),
            "malformed XML: ill-formed document: expected `</RequestId>`, but `</Request>` was found at byte 44",
        ),
        (
            format!("<{root}><RequestId>a &nbsp;</RequestId></{root}>"),
            "malformed XML: unknown entity &nbsp; at byte 45",
        ),
        (
            format!("<{root}><RequestId>a</RequestId></{root}><{root}/>"),
            "malformed XML: a second root element at byte 89",
        ),
        (format!("text<{root}/>"), "malformed XML: text outside the root element at byte 0"),
        (
            format!("<{root}>x<RequestId>a</RequestId></{root}>"),
            "malformed XML: text mixed with elements in <SetInstancesProtectionResponse> at byte 45",
        ),
        (format!("<{root}>{}", "<a>".repeat(40)), "XML elements nested deeper than 32"),
        // XML's whitespace is ASCII: a no-break space is text.
        (
            format!("<{root}>\u{a0}<RequestId>a</RequestId></{root}>"),
            "malformed XML: text mixed with elements in <SetInstancesProtectionResponse> at byte 46",
        ),
    ] {
        assert_eq!(body_error(Response::from_xml(body.as_bytes())), expected, "{body}");
    }
    for (body, expected) in [
        ("{}", "RequestId is missing"),
        (r#"{"RequestId":""}"#, "RequestId is empty"),
        (r#"{"RequestId":5}"#, "RequestId is not a string"),
        (r#"{"RequestId":null}"#, "RequestId is not a string"),
        (r#"{"RequestId":"a","RequestId":"b"}"#, "RequestId appears twice"),
        ("[]", "JSON body is not an object"),
        ("\"RequestId\"", "JSON body is not an object"),
        ("{\"RequestId\":", "malformed JSON: EOF while parsing a value at line 1 column 13"),
        ("{\"RequestId\":\"a\"} x", "malformed JSON: trailing characters at line 1 column 19"),
        ("", "body is empty"),
        (" \n", "body is empty"),
    ] {
        assert_eq!(body_error(Response::from_json(body.as_bytes())), expected, "{body}");
    }
    assert_eq!(body_error(Response::from_json(b"{\"RequestId\":\"\xff\"}")), "body is not UTF-8");
    assert_eq!(body_error(Response::from_xml(b"<a>\xc3</a>")), "body is not UTF-8");
    // Anywhere in the document, even where nothing is kept.
    let ok =
        "<SetInstancesProtectionResponse><RequestId>R</RequestId></SetInstancesProtectionResponse>";
    for bad in [&b"<!-- \xff -->"[..], b"<?pi \xff?>"] {
        let body = [bad, ok.as_bytes()].concat();
        assert_eq!(body_error(Response::from_xml(&body)), "body is not UTF-8");
    }
    let trailing = [ok.as_bytes(), b"\xff"].concat();
    assert_eq!(body_error(Response::from_xml(&trailing)), "body is not UTF-8");
    for (fields, expected) in [
        (r#""HostId":"h","Code":"C","Message":"m""#, "RequestId is missing"),
        (r#""RequestId":"R","Code":"C","Message":"m""#, "HostId is missing"),
        (r#""RequestId":"R","HostId":"h","Message":"m""#, "Code is missing"),
        (r#""RequestId":"R","HostId":"h","Code":"","Message":"m""#, "Code is empty"),
        (r#""RequestId":"R","HostId":"h","Code":"C""#, "Message is missing"),
        (
            r#""RequestId":"R","HostId":"h","Code":"C","Message":"m","Recommend":1"#,
            "Recommend is not a string",
        ),
    ] {
        let body = format!("{{{fields}}}");
        assert_eq!(body_error(ErrorBody::from_json(body.as_bytes())), expected, "{body}");
    }
    // Empty HostId and Message are kept as empty.
    let body =
        ErrorBody::from_json(br#"{"RequestId":"R","HostId":"","Code":"C","Message":""}"#).unwrap();
    assert_eq!((body.host_id.as_str(), body.message.as_str()), ("", ""));
}

#[test]
fn body_detection() {
    let xml_ok =
        "<SetInstancesProtectionResponse><RequestId>R</RequestId></SetInstancesProtectionResponse>";
    let json_err = r#"{"RequestId":"R","HostId":"h","Code":"Throttling","Message":"m"}"#;
    assert!(matches!(Body::parse(None, xml_ok.as_bytes()), Ok(Body::SetInstancesProtection(_))));
    assert!(matches!(Body::parse(None, json_err.as_bytes()), Ok(Body::Error(_))));
    assert!(matches!(
        Body::parse(Some("Application/JSON; charset=UTF-8"), json_err.as_bytes()),
        Ok(Body::Error(_))
    ));
    assert!(matches!(
        Body::parse(Some("text/html"), xml_ok.as_bytes()),
        Ok(Body::SetInstancesProtection(_))
    ));
    assert_eq!(
        body_error(Body::parse(Some("application/json"), xml_ok.as_bytes())),
        "malformed JSON: expected value at line 1 column 1"
    );
    assert_eq!(
        body_error(Body::parse(None, b"Service Unavailable")),
        "body is neither XML nor JSON"
    );
    assert_eq!(body_error(Body::parse(None, b"")), "body is empty");
    assert_eq!(
        body_error(Body::parse(None, b"<html></html>")),
        "root element is <html>, not a body of this API"
    );
}

#[test]
fn client_entry_point() {
    let ok_xml = b"<SetInstancesProtectionResponse><RequestId>R</RequestId></SetInstancesProtectionResponse>";
    let ok_json = br#"{"RequestId":"R"}"#;
    let err_json =
        br#"{"RequestId":"R","HostId":"h","Code":"IncorrectScalingGroupStatus","Message":"m"}"#;
    let err_xml = FACTS_ERROR_XML.as_bytes();

    assert_eq!(
        read_response::<SetInstancesProtection>(200, Some("text/xml"), ok_xml)
            .unwrap()
            .request_id
            .as_str(),
        "R"
    );
    assert_eq!(
        read_response::<SetInstancesProtection>(204, None, ok_json).unwrap().request_id.as_str(),
        "R"
    );

    let Err(ResponseError::Service { status, body }) =
        read_response::<SetInstancesProtection>(400, None, err_json)
    else {
        panic!()
    };
    assert_eq!(
        (status, body.code.clone(), body.is_retryable()),
        (400, ErrorCode::IncorrectScalingGroupStatus, true)
    );
    let Err(ResponseError::Service { status, body }) =
        read_response::<SetInstancesProtection>(500, None, err_xml)
    else {
        panic!()
    };
    assert_eq!((status, body.code), (500, ErrorCode::InternalError));

    let e = read_response::<SetInstancesProtection>(200, None, err_xml).unwrap_err();
    assert!(
        matches!(&e, ResponseError::Mismatch { status: 200, body } if matches!(**body, Body::Error(_)))
    );
    assert_eq!(
        e.to_string(),
        "HTTP status 200 is a success, but the body is an error (InternalError)"
    );
    let e = read_response::<SetInstancesProtection>(404, None, ok_json).unwrap_err();
    assert_eq!(e.to_string(), "HTTP status 404 is not a success, but the body is a success body");

    let e = read_response::<SetInstancesProtection>(
        502,
        Some("text/html"),
        b"<html>Bad Gateway</html>",
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "root element is <html>, expected <SetInstancesProtectionResponse>");
    assert!(matches!(e, ResponseError::Body(_)));
}

#[test]
fn server_rendering() {
    let ok = Response::new("R".parse().unwrap());
    let Rendered { status, content_type, body, .. } = ok.render(Format::Json);
    assert_eq!(
        (status, content_type, body.as_str()),
        (200, "application/json;charset=utf-8", r#"{"RequestId":"R"}"#)
    );
    let rendered = ok.render(Format::Xml);
    assert_eq!((rendered.status, rendered.content_type), (200, "text/xml;charset=utf-8"));

    let body = ErrorBody::new(
        ApiError::new(ErrorCode::InvalidInstanceIdNotFound, "i-28wt48iaa"),
        "R".parse().unwrap(),
        "ess.aliyuncs.com",
    );
    let rendered = body.render(Format::Json);
    assert_eq!(rendered.status, 404);
    assert_eq!(
        rendered.body,
        r#"{"RequestId":"R","HostId":"ess.aliyuncs.com","Code":"InvalidInstanceId.NotFound","Message":"Instance “i-28wt48iaa” does not exist."}"#
    );
    let unknown =
        ErrorBody::from_json(br#"{"RequestId":"R","HostId":"h","Code":"New.Code","Message":"m"}"#)
            .unwrap();
    assert_eq!(unknown.render(Format::Json).status, 500);
    assert_eq!(unknown.render_with_status(409, Format::Json).status, 409);

    // A request-side rejection in one call, in the format the request asked for.
    let rejection = Parser::strict()
        .parse_query::<SetInstancesProtection>(
            "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=sg&InstanceId.1=i-1",
        )
        .unwrap_err();
    let answer =
        rejection.render(RequestId::try_from("R2".to_owned()).unwrap(), "ess.aliyuncs.com");
    assert_eq!(answer.status, 400);
    assert_eq!(answer.content_type, "application/json;charset=utf-8");
    assert_eq!(
        answer.body,
        r#"{"RequestId":"R2","HostId":"ess.aliyuncs.com","Code":"MissingParameter","Message":"The input parameter \"ProtectedFromScaleIn\" that is mandatory for processing this request is not supplied."}"#
    );
    let xml = Parser::strict()
        .parse_query::<ess_protection::AnyOperation>("Action=X&Format=XML")
        .unwrap_err();
    assert_eq!(xml.format(), Format::Xml);
    let bad_format = Parser::strict()
        .parse_query::<ess_protection::AnyOperation>("Action=X&Format=YAML")
        .unwrap_err();
    assert_eq!(bad_format.format(), Format::Json);
    let request = Parser::strict()
        .parse_query::<SetInstancesProtection>("Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=sg&InstanceId.1=i-1&ProtectedFromScaleIn=true&Format=XML")
        .unwrap()
        .request;
    assert_eq!(request.response_format(), Format::Xml);
}

/// The catalog as a Markdown table, the one the guide shows (`docs/responses.md`).
fn catalog_table() -> String {
    let mut out = String::from("| HTTP | Code | Message | Retryable |\n|---|---|---|---|\n");
    for code in ErrorCode::KNOWN {
        let e = code.entry().unwrap();
        out.push_str(&format!(
            "| {} | `{}` | `{}` | {} |\n",
            e.http_status,
            e.code,
            e.documented_message(),
            if e.retryable { "yes" } else { "no" }
        ));
    }
    out
}

#[test]
fn the_catalog() {
    assert_eq!(ErrorCode::KNOWN.len(), 38);
    for code in ErrorCode::KNOWN {
        assert_eq!(code.as_str().parse::<ErrorCode>().unwrap(), *code);
        assert!(code.is_known());
    }
    let retryable: Vec<&str> =
        ErrorCode::KNOWN.iter().filter(|c| c.is_retryable()).map(ErrorCode::as_str).collect();
    assert_eq!(
        retryable,
        [
            "IncorrectScalingGroupStatus",
            "ScalingActivityInProgress",
            "Throttling",
            "InternalError",
            "ServiceUnavailable"
        ]
    );
    assert_eq!(
        ApiError::new(ErrorCode::MissingParameter, "ScalingGroupId").message,
        "The input parameter \"ScalingGroupId\" that is mandatory for processing this request is not supplied."
    );
    assert_eq!(
        ErrorCode::InvalidInstanceIdNotFound.entry().unwrap().documented_message(),
        "Instance “XXX” does not exist."
    );
    assert!("".parse::<ErrorCode>().is_err());
    assert_eq!(serde_json::to_string(&ErrorCode::ForbiddenRam).unwrap(), "\"Forbidden.RAM\"");

    let table = catalog_table();
    let mut rendered = String::new();
    for code in ErrorCode::KNOWN {
        let arg = match code {
            ErrorCode::InvalidInstanceIdNotFound => "i-28wt48iaa",
            _ => "ScalingGroupId",
        };
        let body = ErrorBody::new(
            ApiError::new(code.clone(), arg),
            "540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx".parse().unwrap(),
            "ess.aliyuncs.com",
        );
        let xml = body.render(Format::Xml);
        let json = body.render(Format::Json);
        assert_eq!(ErrorBody::from_xml(xml.body.as_bytes()).unwrap(), body);
        assert_eq!(ErrorBody::from_json(json.body.as_bytes()).unwrap(), body);
        rendered.push_str(&format!(
            "## {code} (HTTP {})\n{}\n{}\n\n",
            xml.status,
            xml.body.trim_end(),
            json.body
        ));
    }
    snapshots(|| {
        insta::assert_snapshot!("catalog_table", table);
        insta::assert_snapshot!("catalog_bodies", rendered);
    });
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/responses.md")).unwrap();
    assert!(guide.contains(&table), "docs/responses.md must show the catalog table:\n{table}");
}

/// Found by the `response` fuzz target: a number in an unknown member that
/// is not an exact `f64` (here a 100-digit integer) must read back as the
/// same value after rendering (serde_json's `float_roundtrip`).
#[test]
fn numbers_in_unknown_members_survive_a_round_trip() {
    let digits = format!("3{}", "8".repeat(99));
    let body = format!(
        r#"{{"RequestId":"Q","N":{digits},"F":0.1,"I":-9223372036854775808,"U":18446744073709551615}}"#
    );
    let response = Response::from_json(body.as_bytes()).unwrap();
    let json = response.to_json();
    assert_eq!(
        json,
        r#"{"RequestId":"Q","N":3.888888888888889e+99,"F":0.1,"I":-9223372036854775808,"U":18446744073709551615}"#
    );
    assert_eq!(Response::from_json(json.as_bytes()).unwrap(), response);
    let xml = response.to_xml();
    assert_eq!(
        Response::from_xml(xml.as_bytes()).unwrap().to_json(),
        r#"{"RequestId":"Q","N":"3.888888888888889e+99","F":"0.1","I":"-9223372036854775808","U":"18446744073709551615"}"#
    );
}
