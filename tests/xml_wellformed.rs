//! Every XML body the library renders is well-formed, whatever the text in
//! it: read by quick-xml to its end and by roxmltree, a strict second
//! parser (it refuses the characters XML 1.0 cannot carry, undeclared
//! prefixes and bad names). Text XML can carry comes back exactly.

use ess_protection::model::State;
use ess_protection::{
    AnyOperation, ApiVersion, DescribeScalingInstances, DescribeScalingInstancesResponse,
    ErrorBody, Format, Parser, RemoveInstancesResponse, RequestId, ScalingInstance,
    SetInstancesProtectionResponse,
};
use proptest::prelude::*;
use serde_json::Value;

/// Reads `xml` with both parsers; the error names the parser.
fn well_formed(xml: &str) -> Result<(), String> {
    roxmltree::Document::parse(xml).map_err(|e| format!("roxmltree: {e}\n{xml}"))?;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("quick-xml: {e}\n{xml}")),
        }
    }
}

/// Any string, with the characters XML 1.0 has no room for well
/// represented (controls, U+FFFE, U+FFFF, carriage returns, markup).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-z\\x00-\\x1f\\r\\u{fffe}\\u{ffff}<>&\"'\\]]{0,12}",]
}

fn non_empty() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |s| !s.is_empty())
}

/// Any member name, valid in XML or not.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z_][A-Za-z0-9_.-]{0,8}",
        any::<String>(),
        "[:\\u{b7}\\u{300}\\u{fffe}0-9xX-][a-zA-Z:]{0,4}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![text().prop_map(Value::String), any::<i64>().prop_map(Value::from)];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop::collection::btree_map(name(), inner, 1..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
    })
}

fn extra() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::vec((name(), value()), 0..3)
}

/// The XML-carriable form of a text: what an XML reader gives back.
fn carried(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{20}'..='\u{fffd}' | '\u{10000}'.. => c,
            _ => char::REPLACEMENT_CHARACTER,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn error_bodies_are_well_formed(
        id in non_empty(), host in text(), code in non_empty(), message in text(),
        recommend in proptest::option::of(text()), extra in extra(),
    ) {
        let mut body = ErrorBody::from_json(br#"{"RequestId":"x","HostId":"","Code":"x","Message":""}"#).unwrap();
        body.request_id = id.parse().unwrap();
        body.host_id = host;
        body.code = code.parse().unwrap();
        body.message = message.clone();
        body.recommend = recommend;
        body.extra = extra;
        let xml = body.to_xml();
        prop_assert!(well_formed(&xml).is_ok(), "{}", well_formed(&xml).unwrap_err());
        let read = ErrorBody::from_xml(xml.as_bytes()).unwrap();
        prop_assert_eq!(read.message, carried(&message));
        prop_assert_eq!(read.request_id.as_str(), carried(&id));
        prop_assert_eq!(read.code.as_str(), carried(&code));
    }

    #[test]
    fn success_bodies_are_well_formed(
        id in non_empty(), extra in extra(), zone in text(), instance_extra in extra(),
    ) {
        let request_id: RequestId = id.parse().unwrap();
        let mut protect = SetInstancesProtectionResponse::new(request_id.clone());
        protect.extra = extra.clone();
        let mut remove = RemoveInstancesResponse::new("asa-1".parse().unwrap(), request_id.clone());
        remove.extra = extra;
        let mut instance = ScalingInstance::new("i-1".parse().unwrap());
        instance.zone_id = Some(zone);
        instance.extra = instance_extra.into_iter().collect();
        for version in [ApiVersion::V2014_08_28, ApiVersion::V2022_02_22] {
            let mut describe = DescribeScalingInstancesResponse::new(request_id.clone(), version, 10);
            describe.scaling_instances = vec![instance.clone()];
            let xml = describe.to_xml();
            prop_assert!(well_formed(&xml).is_ok(), "{}", well_formed(&xml).unwrap_err());
        }
        for xml in [protect.to_xml(), remove.to_xml()] {
            prop_assert!(well_formed(&xml).is_ok(), "{}", well_formed(&xml).unwrap_err());
        }
    }

    /// A rejection echoes parameter names and values in its message: any
    /// query's rejection, asked for in XML, is well-formed.
    #[test]
    fn rejections_are_well_formed(name in text(), value in text()) {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("Format", "XML")
            .append_pair("Action", "SetInstancesProtection")
            .append_pair("Version", "2014-08-28")
            .append_pair("ScalingGroupId", "asg-1")
            .append_pair(&format!("InstanceId.{name}"), &value)
            .append_pair("ProtectedFromScaleIn", &value)
            .finish();
        if let Err(rejection) = Parser::strict().parse_query::<AnyOperation>(&query) {
            let rendered = rejection.render("R".parse().unwrap(), "ess.aliyuncs.com");
            prop_assert!(rendered.content_type.starts_with("text/xml"), "{}", rendered.content_type);
            prop_assert!(well_formed(&rendered.body).is_ok(), "{}", well_formed(&rendered.body).unwrap_err());
        }
    }
}

/// The issue's own cases: a name with a control character or U+FFFE,
/// answered in XML; a state whose `ZoneId` holds U+0000, described in XML.
#[test]
fn the_reported_cases_are_well_formed() {
    for name in ["InstanceId.%01", "InstanceId.%00", "InstanceId.%EF%BF%BE"] {
        let query = format!(
            "Format=XML&Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=asg-1\
             &{name}=i-1&ProtectedFromScaleIn=true"
        );
        let rejection = Parser::strict().parse_query::<AnyOperation>(&query).unwrap_err();
        let rendered = rejection.render("R".parse().unwrap(), "ess.aliyuncs.com");
        assert_eq!(rendered.status, 400);
        well_formed(&rendered.body).unwrap();
        let read = ErrorBody::from_xml(rendered.body.as_bytes()).unwrap();
        assert!(read.message.contains("InstanceId.\u{fffd}"), "{}", read.message);
    }
    let state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
      "LifecycleState": "Active", "Instances": [{"InstanceId": "i-1", "LifecycleState": "InService",
      "CreationTime": "2026-01-01T00:00:00Z", "ZoneId": "z\u0000", "Note": "a\u0001\r\nb"}]}]}"#
        .parse()
        .unwrap();
    let describe = DescribeScalingInstances::new("cn-hangzhou".parse().unwrap());
    let page = state.describe_scaling_instances(&describe).unwrap();
    for version in [ApiVersion::V2014_08_28, ApiVersion::V2022_02_22] {
        let body = page.to_response("R".parse().unwrap(), version);
        let rendered = body.render(Format::Xml);
        assert_eq!(rendered.status, 200);
        well_formed(&rendered.body).unwrap();
        assert!(rendered.body.contains("<ZoneId>z\u{fffd}</ZoneId>"), "{}", rendered.body);
        // JSON carries every character: nothing is lost there.
        assert!(body.to_json().contains(r#""ZoneId":"z\u0000""#), "{}", body.to_json());
    }
}

/// Text XML can carry comes back exactly, a carriage return included.
#[test]
fn carried_text_comes_back_exactly() {
    let mut body =
        ErrorBody::from_json(br#"{"RequestId":"x","HostId":"","Code":"x","Message":""}"#).unwrap();
    body.message = "a\r\nb\rc <&> \t ]]> \u{10000}".to_owned();
    let xml = body.to_xml();
    assert!(
        xml.contains("<Message>a&#13;\nb&#13;c &lt;&amp;&gt; \t ]]&gt; \u{10000}</Message>"),
        "{xml}"
    );
    well_formed(&xml).unwrap();
    assert_eq!(ErrorBody::from_xml(xml.as_bytes()).unwrap(), body);
}

/// What the reader takes, the writer writes back: a body that is not
/// well-formed XML 1.0 — a character it cannot carry, raw or as a
/// reference, or an element name the writer would leave out — is refused,
/// with the place. (Found by the `response` fuzz target: a `RequestId`
/// holding U+0000 was read, then written as U+FFFD.)
#[test]
fn the_reader_refuses_what_the_writer_could_not_write_back() {
    use ess_protection::{Body, SetInstancesProtectionResponse};
    let body = |inner: &str| {
        format!(
            "<SetInstancesProtectionResponse><RequestId>R</RequestId>{inner}</SetInstancesProtectionResponse>"
        )
    };
    let refused = |xml: String| Body::parse(None, xml.as_bytes()).unwrap_err().to_string();
    let raw = "<SetInstancesProtectionResponse><RequestId>04F0\u{0}</RequestId></SetInstancesProtectionResponse>";
    assert_eq!(
        refused(raw.to_owned()),
        "malformed XML: U+0000 in <RequestId> is not a character of XML 1.0 at byte 48"
    );
    assert!(refused(body("<X>a&#1;b</X>")).contains("&#1; is not a character of XML 1.0"));
    assert!(
        refused(body("<X>\u{fffe}</X>")).contains("U+FFFE in <X> is not a character of XML 1.0")
    );
    assert!(
        refused(body("<a:b>x</a:b>")).contains("<a:b> is not an element name this crate reads")
    );
    assert!(refused(body("<xmlns>x</xmlns>")).contains("<xmlns> is not an element name"));
    // Tab, line feed, carriage return (as a reference) are fine, and come back.
    let ok = body("<X>a\tb&#13;c\nd</X>");
    let read = SetInstancesProtectionResponse::from_xml(ok.as_bytes()).unwrap();
    assert_eq!(read.extra, [("X".to_owned(), serde_json::json!("a\tb\rc\nd"))]);
    assert_eq!(SetInstancesProtectionResponse::from_xml(read.to_xml().as_bytes()).unwrap(), read);
}
