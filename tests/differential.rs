//! Differential test of signature V3 against the official Python SDK's own
//! signing function: for every request `tests/clients/differential.py`
//! generated and signed with the SDK, the crate's signer writes the same
//! `Authorization`, and the crate's verifier accepts the SDK's.
//!
//! The committed cases are in `tests/clients/differential.jsonl`; CI
//! generates fresh ones with a new seed from the newest SDK and runs this
//! test on them too (`ESS_DIFFERENTIAL=FILE`).
#![cfg(feature = "signature")]

use ess_protection::HttpRequest;
use ess_protection::signature::{self, SignatureKind, Signed, v3};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = std::env::var_os("ESS_DIFFERENTIAL").map_or_else(
        || {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/clients/differential.jsonl")
        },
        std::path::PathBuf::from,
    );
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn the_crate_signs_as_the_python_sdk_does() {
    let cases = cases();
    assert!(cases.len() >= 200, "{} cases", cases.len());
    for (i, case) in cases.iter().enumerate() {
        let headers: Vec<(&str, &str)> =
            case["headers"].as_array().unwrap().iter().map(|h| (s(&h[0]), s(&h[1]))).collect();
        let mut http =
            HttpRequest::new(s(&case["method"]), s(&case["target"])).body(s(&case["body"]));
        for (name, value) in &headers {
            http = http.header(name, value);
        }
        let (key_id, secret, nonce) = (s(&case["key_id"]), s(&case["secret"]), s(&case["nonce"]));
        let date = s(&case["date"]).parse().unwrap();
        let ours = v3::sign(&http, key_id, secret, nonce, date);
        assert_eq!(ours.authorization, s(&case["authorization"]), "case {i}: {case}");

        // The SDK's signature verifies here, at its time.
        let sdk = s(&case["authorization"]);
        let mut signed = http.clone();
        for (name, value) in ours.iter().filter(|(n, _)| *n != "authorization") {
            signed = signed.header(name, value);
        }
        signed = signed.header("Authorization", sdk);
        let read = Signed::read(&signed).unwrap();
        assert_eq!((read.kind(), read.access_key_id()), (SignatureKind::V3, key_id));
        assert_eq!(signature::verify(&signed, secret, Some(date)), Ok(()), "case {i}: {case}");
    }
}
