//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test file uses some of them

use ess_protection::{
    AnyOperation, ApiVersion, ClientToken, CreationType, DescribeScalingInstances, ExtraParams,
    Format, HealthStatus, InstanceId, InstanceIds, InstanceState, LifecycleHookContext, List,
    OneOrMany, Operation, PageNumber, PageSize, Parsed, RegionId, Rejection, RemoveInstances,
    RemovePolicy, Request, SetInstancesProtection, SignatureMethod, SignatureVersion,
    StopInstanceTimeout, Timestamp,
};
use proptest::prelude::*;

#[cfg(feature = "cli")]
pub mod bin;
pub mod model;

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
pub fn report<O: Operation>(result: &Result<Parsed<O>, Rejection>) -> String {
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

fn ids() -> impl Strategy<Value = InstanceIds> {
    prop::collection::vec(identifier(), 1..=20).prop_map(|ids| {
        let ids: Vec<InstanceId> = ids.into_iter().map(|s| s.parse().unwrap()).collect();
        InstanceIds::try_from(ids).unwrap()
    })
}

fn parsed<T: std::str::FromStr>(s: String) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap()
}

/// A filter of one value or of a list of 1 to 20.
fn one_or_many<T: Clone + std::fmt::Debug + 'static>(
    values: &'static [T],
) -> impl Strategy<Value = OneOrMany<T>> {
    prop_oneof![
        prop::sample::select(values).prop_map(OneOrMany::One),
        prop::collection::vec(prop::sample::select(values), 1..=20)
            .prop_map(|v| OneOrMany::Many(List::try_from(v).unwrap())),
    ]
}

/// Any valid operation of a version.
pub fn operation(version: ApiVersion) -> impl Strategy<Value = AnyOperation> {
    let region = || prop::option::of(identifier().prop_map(parsed::<RegionId>));
    let protect = (identifier(), ids(), any::<bool>(), region()).prop_map(
        |(group, ids, protected, region)| {
            let mut o = SetInstancesProtection::new(parsed(group), ids, protected.into());
            o.region_id = region;
            AnyOperation::from(o)
        },
    );
    let creation: &'static [CreationType] = match version {
        ApiVersion::V2014_08_28 => &[CreationType::AutoCreated, CreationType::Attached],
        _ => CreationType::ALL,
    };
    let max = PageSize::max_for(version);
    let describe = (
        identifier(),
        prop::option::of(identifier()),
        prop::option::of(identifier()),
        prop::option::of(identifier()),
        prop::option::of(prop::sample::select(HealthStatus::ALL)),
        prop::option::of(one_or_many(InstanceState::ALL)),
        prop::option::of(one_or_many(creation)),
        prop::option::of(ids()),
        prop::option::of(1u32..=2_147_483_647),
        prop::option::of(1..=max),
    )
        .prop_map(
            |(region, group, configuration, activity, health, states, types, ids, number, size)| {
                let mut o = DescribeScalingInstances::new(parsed(region));
                o.scaling_group_id = group.map(parsed);
                o.scaling_configuration_id = configuration.map(parsed);
                o.scaling_activity_id = activity.map(parsed);
                o.health_status = health;
                o.lifecycle_state = states;
                o.creation_type = types;
                o.instance_ids = ids;
                o.page_number = number.map(|n| PageNumber::try_from(n).unwrap());
                o.page_size = size.map(|n| PageSize::try_from(n).unwrap());
                AnyOperation::from(o)
            },
        );
    let remove = (
        identifier(),
        ids(),
        region(),
        prop::option::of(prop::sample::select(RemovePolicy::ALL)),
        any::<(Option<bool>, Option<bool>)>(),
        prop::option::of("[ -~]{1,64}"),
        prop::option::of(30u16..=240),
        prop::option::of(prop::sample::select(&["{}", r#"{"DisableLifecycleHook": true}"#][..])),
    )
        .prop_map(
            |(group, ids, region, policy, (decrease, ignore), token, timeout, context)| {
                let mut o = RemoveInstances::new(parsed(group), ids);
                o.region_id = region;
                o.remove_policy = policy;
                o.decrease_desired_capacity = decrease;
                o.ignore_invalid_instance = ignore;
                o.client_token = token.map(|t| ClientToken::try_from(t).unwrap());
                o.stop_instance_timeout =
                    timeout.map(|t| StopInstanceTimeout::try_from(t).unwrap());
                o.lifecycle_hook_context =
                    context.map(|c| c.parse::<LifecycleHookContext>().unwrap());
                AnyOperation::from(o)
            },
        );
    prop_oneof![protect, describe, remove]
}

prop_compose! {
    /// Any valid request, of any operation, with any envelope.
    pub fn request()(version in prop::sample::select(ApiVersion::ALL))(
        version in Just(version),
        operation in operation(version),
        owner_id in any::<Option<i64>>(),
        resource_owner_account in any::<Option<String>>(),
        format in prop::option::of(prop::sample::select(Format::ALL)),
        access_key_id in any::<Option<String>>(),
        signature in any::<Option<String>>(),
        signed in any::<bool>(),
        signature_nonce in any::<Option<String>>(),
        timestamp in prop::option::of(timestamp()),
        extra in extra(),
    ) -> Request<AnyOperation> {
        let mut r = Request::new(operation);
        r.version = version;
        r.owner.owner_id = owner_id;
        r.owner.resource_owner_account = resource_owner_account;
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

/// Any valid `SetInstancesProtection` request.
pub fn protect_request() -> impl Strategy<Value = Request<SetInstancesProtection>> {
    request().prop_filter_map("SetInstancesProtection", |r| r.downcast().ok())
}
