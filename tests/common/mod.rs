//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test file uses some of them

use ess_protection::{
    ApiVersion, ExtraParams, Format, InstanceId, InstanceIds, Parsed, Rejection, Request,
    ScalingGroupId, SignatureMethod, SignatureVersion, Timestamp,
};
use proptest::prelude::*;

#[cfg(feature = "cli")]
pub mod bin;

/// The reference page's sample request, exactly as printed.
pub const SAMPLE_REQUEST: &str = include_str!("../samples/request.txt");

/// A valid signed request of the reference page's version.
pub const VALID: &str = "Action=SetInstancesProtection&Version=2014-08-28\
    &ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ&InstanceId.1=i-28wt48iaa\
    &InstanceId.2=i-28wt48ibb&ProtectedFromScaleIn=true";

/// Runs `f` with insta writing to the top-level `snapshots/` folder.
pub fn snapshots<R>(f: impl FnOnce() -> R) -> R {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(f)
}

/// A readable account of a parse: the request (as JSON) and warnings, or
/// the error body a server answers and every problem.
pub fn report(result: &Result<Parsed, Rejection>) -> String {
    let mut out = String::new();
    match result {
        Ok(parsed) => {
            out.push_str("accepted\n");
            out.push_str(&serde_json::to_string_pretty(&parsed.request).unwrap());
            out.push_str("\ncanonical: ");
            out.push_str(&parsed.request.to_query());
            out.push('\n');
            for w in &parsed.warnings {
                out.push_str(&format!("warning: {w}\n"));
            }
        }
        Err(rejection) => {
            let e = rejection.api_error();
            out.push_str(&format!(
                "rejected: HTTP {} {}\nmessage: {}\n",
                rejection.http_status(),
                e.code,
                e.message
            ));
            for p in rejection.problems() {
                out.push_str(&format!("problem: {p}\n"));
            }
            if rejection.omitted() > 0 {
                out.push_str(&format!("omitted: {}\n", rejection.omitted()));
            }
            for w in rejection.warnings() {
                out.push_str(&format!("warning: {w}\n"));
            }
        }
    }
    out
}

/// Identifiers: arbitrary Unicode without whitespace or control characters.
pub fn identifier() -> impl Strategy<Value = String> {
    prop::collection::vec(
        any::<char>()
            .prop_filter("no whitespace or control", |c| !c.is_whitespace() && !c.is_control()),
        1..12,
    )
    .prop_map(String::from_iter)
}

pub fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..253_402_300_800).prop_map(|s| Timestamp::from_unix_seconds(s).unwrap())
}

pub fn extra() -> impl Strategy<Value = ExtraParams> {
    prop::collection::vec((any::<String>(), any::<String>()), 0..6).prop_map(|pairs| {
        let mut extra = ExtraParams::new();
        for (name, value) in pairs {
            // Reserved or repeated names are refused; skipping them keeps
            // the set valid.
            let _ = extra.insert(name, value);
        }
        extra
    })
}

prop_compose! {
    pub fn request()(
        version in prop::sample::select(ApiVersion::ALL),
        group in identifier(),
        ids in prop::collection::vec(identifier(), 1..=20),
        protected in any::<bool>(),
        owner_id in any::<Option<i64>>(),
        resource_owner_account in any::<Option<String>>(),
        region_id in any::<Option<String>>(),
        format in prop::option::of(prop::sample::select(Format::ALL)),
        access_key_id in any::<Option<String>>(),
        signature in any::<Option<String>>(),
        signed in any::<bool>(),
        signature_nonce in any::<Option<String>>(),
        timestamp in prop::option::of(timestamp()),
        extra in extra(),
    ) -> Request {
        let ids: Vec<InstanceId> = ids.into_iter().map(|s| s.parse().unwrap()).collect();
        let group: ScalingGroupId = group.parse().unwrap();
        let mut r = Request::new(group, InstanceIds::try_from(ids).unwrap(), protected.into());
        r.version = version;
        r.owner_id = owner_id;
        r.resource_owner_account = resource_owner_account;
        r.region_id = region_id;
        r.common.format = format;
        r.common.access_key_id = access_key_id;
        r.common.signature = signature;
        r.common.signature_method = signed.then_some(SignatureMethod::HmacSha1);
        r.common.signature_version = signed.then_some(SignatureVersion::V1_0);
        r.common.signature_nonce = signature_nonce;
        r.common.timestamp = timestamp;
        r.extra = extra;
        r
    }
}
