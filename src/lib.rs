//! A pure model of Alibaba Cloud Auto Scaling's scale-in protection:
//! `SetInstancesProtection`, and the operations used with it — reading the
//! protection back (`DescribeScalingInstances`), releasing an instance
//! (`RemoveInstances`), changing a group's capacity (`ModifyScalingGroup`,
//! `ScaleWithAdjustment`), reading its counters and activities
//! (`DescribeScalingGroups`, `DescribeScalingActivities`), enabling and
//! disabling it, and Standby (`EnterStandby`, `ExitStandby`). Validated types,
//! the query codec for requests, the response bodies in XML and JSON, the
//! error catalog, signatures, and the service's behaviour. No I/O.
//!
//! # Scope of this crate
//!
//! It turns an untrusted request into a typed, validated [`Request`] of one
//! operation or of any of the eleven ([`AnyOperation`]), or into the API error
//! the service would answer ([`Rejection`]), and builds and encodes requests
//! for clients. It parses and renders each operation's success body
//! ([`SetInstancesProtectionResponse`], [`DescribeScalingInstancesResponse`],
//! [`RemoveInstancesResponse`], …) and the error body ([`ErrorBody`]) in XML and
//! JSON, and knows every documented error code ([`ErrorCode`]). It reads whole
//! HTTP requests ([`HttpRequest`], [`Parser::parse_http`]), signs and verifies
//! them (feature `signature`), and models what the service does with them
//! ([`model`]). It performs no I/O, reads no clock and no random source, and
//! keeps no global state: a caller passes in whatever time, nonce or id it
//! needs. It does not talk to the service, and it knows nothing the
//! documentation does not say, except where a rule is marked as this crate's
//! own decision (each guide page lists them).
//!
//! The [`guide`] holds the reference: requests and the validation policy,
//! responses and the error catalog, the model, signatures, the command-line
//! tool, the emulator, how it is tested, and its performance.
//!
//! # Example
//!
//! ```
//! use ess_protection::{AnyOperation, ErrorCode, Parser, Request, SetInstancesProtection};
//!
//! let query = "Action=SetInstancesProtection&Version=2014-08-28\
//!              &ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ\
//!              &InstanceId.1=i-28wt48iaa&InstanceId.2=i-28wt48ibb\
//!              &ProtectedFromScaleIn=True";
//! let request: Request<SetInstancesProtection> = query.parse()?;
//! assert_eq!(request.operation.instance_ids.len(), 2);
//! assert!(request.operation.protected_from_scale_in.get());
//!
//! // A server takes any of the eleven, by their `Action`.
//! let any: Request<AnyOperation> = "Action=RemoveInstances&Version=2022-02-22\
//!     &ScalingGroupId=asg-1&InstanceIds.1=i-1".parse()?;
//! assert_eq!(any.operation.action(), "RemoveInstances");
//!
//! let rejection = Parser::strict().parse_query::<AnyOperation>("Action=DescribeRegions").unwrap_err();
//! assert_eq!(rejection.api_error().code, ErrorCode::UnsupportedOperation);
//! # Ok::<(), ess_protection::Rejection>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod acs;
mod canonical;
mod catalog;
mod client;
mod codec;
mod common;
mod declare;
mod decode;
mod encode;
mod error;
mod error_body;
mod fields;
mod group_values;
#[cfg(feature = "http")]
mod http_compat;
mod http_parse;
mod http_request;
mod id;
mod json;
pub mod model;
mod nested;
pub mod operation;
mod pairs;
mod param;
mod parse;
mod problem;
pub mod ram;
mod reader;
mod rendered;
mod request;
mod response;
mod serde_impl;
mod short_body;
#[cfg(feature = "signature")]
#[cfg_attr(docsrs, doc(cfg(feature = "signature")))]
pub mod signature;
mod tokenize;
mod values;
mod xml;
mod xml_chars;
mod xml_write;

pub use acs::{ACS3_HMAC_SHA256, AcsHeaders, Authorization};
pub use canonical::{canonical_query, percent_encode};
pub use catalog::{ApiError, Entry, ErrorCode, Source, UnknownCode};
pub use client::{Body, ResponseError, read_response};
pub use common::{
    ApiVersion, CommonParams, Format, OwnerParams, SignatureMethod, SignatureVersion, Timestamp,
};
pub use error::ValueError;
pub use fields::{BodyError, ExtraFields};
pub use group_values::{
    ActivityStatus, AdjustmentType, AdjustmentValue, DefaultCooldown, ExecutionMode, GroupSize,
    GroupType, LoadBalancerWeight, MinAdjustmentMagnitude, RemovalPolicy, ScalingGroupName,
};
pub use http_request::{FORM_CONTENT_TYPE, HttpRequest};
pub use id::{
    InstanceId, InstanceIds, List, RegionId, RequestId, ScalingActivityId, ScalingConfigurationId,
    ScalingGroupId,
};
pub use operation::{
    AnyOperation, GroupTag, LaunchTemplateOverride, Operation, ResourceAllocation, ScalingActivity,
    ScalingGroupInfo, ScalingInstance, SingleOperation, TagFilter,
};
/// Each operation and its success body, from the table of operations.
macro_rules! reexport_operations {
    ($($name:ident($module:ident, $response:ident)),+ $(,)?) => {
        pub use operation::{$($name, $response),+};
    };
}
operation::for_each_operation!(reexport_operations);
pub use error_body::{ERROR_ROOT, ErrorBody};
pub use pairs::parse_pairs;
pub use parse::{Parsed, Parser};
pub use problem::{Problem, Rejection, Warning};
pub use rendered::Rendered;
pub use request::{ExtraParams, Request};
pub use response::ResponseBody;
pub use values::{
    ClientToken, CreationType, HealthStatus, InstanceState, JsonObject, LifecycleHookContext,
    OneOrMany, PageNumber, PageSize, ProtectedFromScaleIn, RemovePolicy, StopInstanceTimeout,
};

/// The guide: the reference pages of this crate, each with its examples
/// (run as doctests) and the decisions this crate made where the
/// documentation is silent.
pub mod guide {
    #[doc = include_str!("../docs/requests.md")]
    pub mod requests {}
    #[doc = include_str!("../docs/responses.md")]
    pub mod responses {}
    #[doc = include_str!("../docs/model.md")]
    pub mod model {}
    #[doc = include_str!("../docs/signatures.md")]
    pub mod signatures {}
    #[doc = include_str!("../docs/ram.md")]
    pub mod ram {}
    #[doc = include_str!("../docs/cli.md")]
    pub mod cli {}
    #[doc = include_str!("../docs/emulator.md")]
    pub mod emulator {}
    #[doc = include_str!("../docs/testing.md")]
    pub mod testing {}
    #[doc = include_str!("../docs/performance.md")]
    pub mod performance {}
    #[doc = include_str!("../CHANGELOG.md")]
    pub mod changelog {}
}

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
