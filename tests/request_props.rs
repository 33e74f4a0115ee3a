//! Property tests of the request side.

mod common;

use common::request;
use ess_protection::{AnyOperation, Parser, ProtectedFromScaleIn, SetInstancesProtection};

type Request = ess_protection::Request<AnyOperation>;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Any request of any operation, both versions, any envelope.
    #[test]
    fn encoding_round_trips(r in request(), split in any::<prop::sample::Index>()) {
        let query = r.to_query();
        // The canonical encoding of every parameter.
        prop_assert_eq!(&query, &ess_protection::canonical_query(r.params()));
        prop_assert_eq!(&Parser::strict().parse_query(&query).unwrap().request, &r);
        prop_assert_eq!(&Parser::lenient().parse_query(&query).unwrap().request, &r);
        // Split between URL query and form body at any `&`.
        let cuts: Vec<usize> = query.match_indices('&').map(|(i, _)| i).collect();
        if !cuts.is_empty() {
            let at = cuts[split.index(cuts.len())];
            let parsed =
                Parser::strict().parse_form::<AnyOperation>(&query[..at], &query[at + 1..]).unwrap();
            prop_assert_eq!(&parsed.request, &r);
        }
        // Encoding is stable.
        prop_assert_eq!(query.parse::<Request>().unwrap().to_query(), query);
    }

    #[test]
    fn json_round_trips(r in request()) {
        let json = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), r);
    }

    #[test]
    fn every_index_outside_1_to_20_is_rejected(n in prop_oneof![Just(0u64), 21u64..], v2022 in any::<bool>()) {
        let list = if v2022 { "InstanceIds" } else { "InstanceId" };
        let version = if v2022 { "2022-02-22" } else { "2014-08-28" };
        let key = format!("{list}.{n}");
        let query = format!(
            "Action=SetInstancesProtection&Version={version}&ScalingGroupId=sg&{list}.1=i-1&{key}=i-2&ProtectedFromScaleIn=true"
        );
        for parser in [Parser::strict(), Parser::lenient()] {
            let rejection = parser.parse_query::<SetInstancesProtection>(&query).unwrap_err();
            prop_assert_eq!(rejection.problems().len(), 1);
            prop_assert_eq!(rejection.problems()[0].parameter(), key.as_str());
            prop_assert_eq!(rejection.problems()[0].detail(), "index must be from 1 to 20");
            prop_assert_eq!(
                rejection.api_error().message,
                format!("The specified value of parameter \"{key}\" is not valid.")
            );
        }
    }

    #[test]
    fn booleans_are_the_case_variants_of_true_and_false(
        s in prop_oneof!["[tT][rR][uU][eE]", "[fF][aA][lL][sS][eE]", ".{0,6}", "[tTrRuUeEfFaAlLsS ]{0,6}"]
    ) {
        let expected = if s.eq_ignore_ascii_case("true") {
            Some(true)
        } else if s.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        };
        prop_assert_eq!(s.parse::<ProtectedFromScaleIn>().ok().map(bool::from), expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic(query in any::<Vec<u8>>(), body in any::<Vec<u8>>()) {
        for parser in [Parser::strict(), Parser::lenient()] {
            let _ = parser.parse_query::<AnyOperation>(&query);
            let _ = parser.parse_form::<AnyOperation>(&query, &body);
            let _ = parser.parse_query::<SetInstancesProtection>(&query);
        }
    }

    #[test]
    fn query_like_text_never_panics(
        query in "(http://h/\\?)?(Action=(SetInstancesProtection|DescribeScalingInstances|RemoveInstances)&)?([A-Za-z.]{0,12}((InstanceIds?|LifecycleStates|CreationTypes)\\.[0-9x]{0,3})?[= \n%+0-9A-F<>]{0,4}[a-z%0-9]{0,4}&){0,30}"
    ) {
        for parser in [Parser::strict(), Parser::lenient()] {
            match parser.parse_query::<AnyOperation>(&query) {
                Ok(parsed) => {
                    // Whatever is accepted encodes and parses back.
                    let again =
                        Parser::strict().parse_query::<AnyOperation>(parsed.request.to_query()).unwrap();
                    prop_assert_eq!(again.request, parsed.request);
                }
                Err(rejection) => prop_assert!(!rejection.problems().is_empty()),
            }
        }
    }
}
