//! Property tests of the response side.

use ess_protection::{
    Body, ErrorBody, ErrorCode, Format, RequestId, SetInstancesProtection,
    SetInstancesProtectionResponse as Response, read_response,
};
use proptest::prelude::*;
use serde_json::Value;

fn non_empty() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("non-empty", |s| !s.is_empty())
}

/// Names both formats can carry (XML names), not the model's own.
fn field_name() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_.-]{0,10}".prop_filter("not a known field", |n| {
        !["RequestId", "HostId", "Code", "Message", "Recommend"].contains(&n.as_str())
            && !n.to_ascii_lowercase().starts_with("xml")
    })
}

/// Values both formats carry alike: strings, and objects of them.
fn field_value() -> impl Strategy<Value = Value> {
    let leaf = any::<String>().prop_map(Value::String);
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop::collection::btree_map(field_name(), inner, 1..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
    })
}

fn extra() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::btree_map(field_name(), field_value(), 0..3)
        .prop_map(|m| m.into_iter().collect())
}

fn code() -> impl Strategy<Value = ErrorCode> {
    prop_oneof![
        prop::sample::select(ErrorCode::KNOWN),
        non_empty().prop_map(|s| s.parse::<ErrorCode>().unwrap()),
    ]
}

prop_compose! {
    fn response()(id in non_empty(), extra in extra()) -> Response {
        let mut r = Response::new(id.parse::<RequestId>().unwrap());
        r.extra = extra;
        r
    }
}

prop_compose! {
    fn error_body()(
        id in non_empty(),
        host_id in any::<String>(),
        code in code(),
        message in any::<String>(),
        recommend in any::<Option<String>>(),
        extra in extra(),
    ) -> ErrorBody {
        let mut body = ErrorBody::from_json(br#"{"RequestId":"x","HostId":"","Code":"x","Message":""}"#).unwrap();
        body.request_id = id.parse().unwrap();
        body.host_id = host_id;
        body.code = code;
        body.message = message;
        body.recommend = recommend;
        body.extra = extra;
        body
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn success_bodies_round_trip(r in response()) {
        prop_assert_eq!(&Response::from_xml(r.to_xml().as_bytes()).unwrap(), &r);
        prop_assert_eq!(&Response::from_json(r.to_json().as_bytes()).unwrap(), &r);
        for format in [Format::Xml, Format::Json] {
            let rendered = r.render(format);
            let read = read_response::<SetInstancesProtection>(rendered.status, Some(rendered.content_type), rendered.body.as_bytes());
            prop_assert_eq!(read.unwrap(), r.clone());
        }
    }

    #[test]
    fn error_bodies_round_trip(e in error_body()) {
        prop_assert_eq!(&ErrorBody::from_xml(e.to_xml().as_bytes()).unwrap(), &e);
        prop_assert_eq!(&ErrorBody::from_json(e.to_json().as_bytes()).unwrap(), &e);
        prop_assert_eq!(Body::parse(None, e.to_xml().as_bytes()).unwrap(), Body::Error(e.clone()));
        prop_assert_eq!(Body::parse(None, e.to_json().as_bytes()).unwrap(), Body::Error(e));
    }

    #[test]
    fn codes_round_trip_through_their_string(s in non_empty()) {
        let code: ErrorCode = s.parse().unwrap();
        prop_assert_eq!(code.as_str(), s.as_str());
        prop_assert_eq!(code.is_known(), ErrorCode::KNOWN.contains(&code));
    }

    #[test]
    fn parsers_never_panic_on_bytes(body in any::<Vec<u8>>(), status in any::<u16>()) {
        let _ = Response::from_xml(&body);
        let _ = Response::from_json(&body);
        let _ = ErrorBody::from_xml(&body);
        let _ = ErrorBody::from_json(&body);
        for ct in [None, Some("text/xml"), Some("application/json")] {
            let _ = read_response::<SetInstancesProtection>(status, ct, &body);
        }
    }

    #[test]
    fn parsers_never_panic_on_xml_like_text(
        body in "(<\\??[A-Za-z!/]{0,6}( a=\"[^\"]{0,3}\")?/?>|&[a-z#0-9x]{0,5};?|<!\\[CDATA\\[|\\]\\]>|[ a-z\n]{0,4}){0,40}"
    ) {
        let _ = Body::parse(None, body.as_bytes());
        let _ = ErrorBody::from_xml(body.as_bytes());
    }
}
