//! The operations, side by side: each declares its parameters, reads and
//! writes them through the shared machinery (the decoder and
//! the writer) and has its response body. [`AnyOperation`] is any of
//! them, dispatched on `Action`.
//!
//! | operation | what it does |
//! |---|---|
//! | [`SetInstancesProtection`] | protects instances from scale-in, or lifts it (the reference page) |
//! | [`DescribeScalingInstances`] | lists a group's instances, filtered, page by page |
//! | [`RemoveInstances`] | removes instances from their group, protected or not |

use std::fmt::Debug;
use std::hash::Hash;

use crate::decode::Reader;
use crate::encode::Writer;
use crate::id::{RegionId, ScalingGroupId};
pub(crate) use crate::param::OpSpec;
use crate::response::ResponseBody;
use sealed::Sealed as _;

pub mod describe_scaling_instances;
pub mod remove_instances;
pub mod set_instances_protection;

pub use describe_scaling_instances::{
    DescribeScalingInstances, DescribeScalingInstancesResponse, ScalingInstance,
};
pub use remove_instances::{RemoveInstances, RemoveInstancesResponse};
pub use set_instances_protection::{SetInstancesProtection, SetInstancesProtectionResponse};

/// The machinery an operation plugs into; sealed, so that the crate alone
/// declares operations.
pub(crate) mod sealed {
    use super::*;

    pub trait Sealed: Sized {
        /// The table to read a request whose `Action` is `action` with:
        /// `Ok` when this type is that operation; else `Err` with the
        /// table to read it with all the same (so that every problem is
        /// found), if any.
        fn spec(action: Option<&str>) -> Result<&'static OpSpec, Option<&'static OpSpec>>;
        /// The actions this type can be, for messages.
        fn expected() -> &'static [&'static str];
        /// Reads the operation's parameters (`spec` is the one `spec` gave).
        fn decode(spec: &'static OpSpec, reader: &mut Reader<'_>) -> Option<Self>;
        /// Writes the operation's parameters.
        fn encode<'a>(&'a self, writer: &mut Writer<'a>);
        /// The operation's own table.
        fn spec_of(&self) -> &'static OpSpec;
    }
}

/// What a [`Request`](crate::Request) carries: the parameters of one
/// operation ([`SetInstancesProtection`], [`DescribeScalingInstances`],
/// [`RemoveInstances`]), or of whichever [`AnyOperation`] a parser found.
/// Sealed: the crate declares its operations.
pub trait Operation:
    sealed::Sealed + Debug + Clone + PartialEq + Eq + Hash + Send + Sync + 'static
{
    /// The value of `Action`.
    fn action(&self) -> &'static str {
        self.spec_of().action
    }
}

/// One operation: its `Action` and its response body.
///
/// ```
/// use ess_protection::{RemoveInstances, SingleOperation};
///
/// assert_eq!(RemoveInstances::ACTION, "RemoveInstances");
/// ```
pub trait SingleOperation:
    Operation + Into<AnyOperation> + TryFrom<AnyOperation, Error = AnyOperation>
{
    /// The value of `Action`.
    const ACTION: &'static str;
    /// The success body.
    type Response: ResponseBody;
}

/// Implements the machinery's plumbing for one operation, whose module
/// declares `SPEC`, `decode` and `encode`.
macro_rules! single_operation {
    ($type:ident, $response:ident) => {
        const _: () = assert!(
            LOOKUP.params().len() + $crate::param::envelope::PARAMS.len()
                <= $crate::decode::MAX_PARAMS,
            "more parameters than a decoder holds"
        );

        impl $crate::operation::sealed::Sealed for $type {
            fn spec(
                action: Option<&str>,
            ) -> Result<
                &'static $crate::operation::OpSpec,
                Option<&'static $crate::operation::OpSpec>,
            > {
                if action == Some(SPEC.action) { Ok(&SPEC) } else { Err(Some(&SPEC)) }
            }

            fn expected() -> &'static [&'static str] {
                &[SPEC.action]
            }

            fn decode(
                _: &'static $crate::operation::OpSpec,
                reader: &mut $crate::decode::Reader<'_>,
            ) -> Option<Self> {
                decode(reader)
            }

            fn encode<'a>(&'a self, writer: &mut $crate::encode::Writer<'a>) {
                encode(self, writer)
            }

            fn spec_of(&self) -> &'static $crate::operation::OpSpec {
                &SPEC
            }
        }

        impl $crate::operation::Operation for $type {}

        impl $crate::operation::SingleOperation for $type {
            const ACTION: &'static str = SPEC.action;
            type Response = $response;
        }

        impl From<$type> for $crate::operation::AnyOperation {
            fn from(operation: $type) -> Self {
                $crate::operation::AnyOperation::$type(operation)
            }
        }

        impl TryFrom<$crate::operation::AnyOperation> for $type {
            type Error = $crate::operation::AnyOperation;

            /// The operation, or the other one it is.
            fn try_from(any: $crate::operation::AnyOperation) -> Result<Self, Self::Error> {
                match any {
                    $crate::operation::AnyOperation::$type(operation) => Ok(operation),
                    other => Err(other),
                }
            }
        }
    };
}

pub(crate) use single_operation;

/// Any operation this crate models, as a server gets it: a parser of
/// `Request<AnyOperation>` dispatches on `Action` (or `x-acs-action`), and
/// answers `UnsupportedOperation` for any other.
///
/// ```
/// use ess_protection::{AnyOperation, Request, RemoveInstances};
///
/// let request: Request<AnyOperation> = "Action=RemoveInstances&Version=2014-08-28\
///     &ScalingGroupId=asg-1&InstanceId.1=i-1".parse()?;
/// let removal: Request<RemoveInstances> = request.downcast().unwrap();
/// assert_eq!(removal.operation.instance_ids.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnyOperation {
    /// `SetInstancesProtection`.
    SetInstancesProtection(SetInstancesProtection),
    /// `DescribeScalingInstances`.
    DescribeScalingInstances(DescribeScalingInstances),
    /// `RemoveInstances`.
    RemoveInstances(RemoveInstances),
}

/// Every operation's table.
const SPECS: [&OpSpec; 3] =
    [&set_instances_protection::SPEC, &describe_scaling_instances::SPEC, &remove_instances::SPEC];

impl sealed::Sealed for AnyOperation {
    fn spec(action: Option<&str>) -> Result<&'static OpSpec, Option<&'static OpSpec>> {
        SPECS.into_iter().find(|s| Some(s.action) == action).ok_or(None)
    }

    fn expected() -> &'static [&'static str] {
        const ACTIONS: [&str; SPECS.len()] = {
            let mut actions = [""; SPECS.len()];
            let mut i = 0;
            while i < SPECS.len() {
                actions[i] = SPECS[i].action;
                i += 1;
            }
            actions
        };
        &ACTIONS
    }

    fn decode(spec: &'static OpSpec, reader: &mut Reader<'_>) -> Option<Self> {
        Some(match spec.action {
            SetInstancesProtection::ACTION => {
                AnyOperation::SetInstancesProtection(set_instances_protection::decode(reader)?)
            }
            DescribeScalingInstances::ACTION => {
                AnyOperation::DescribeScalingInstances(describe_scaling_instances::decode(reader)?)
            }
            RemoveInstances::ACTION => {
                AnyOperation::RemoveInstances(remove_instances::decode(reader)?)
            }
            _ => return None,
        })
    }

    fn encode<'a>(&'a self, writer: &mut Writer<'a>) {
        match self {
            AnyOperation::SetInstancesProtection(o) => o.encode(writer),
            AnyOperation::DescribeScalingInstances(o) => o.encode(writer),
            AnyOperation::RemoveInstances(o) => o.encode(writer),
        }
    }

    fn spec_of(&self) -> &'static OpSpec {
        match self {
            AnyOperation::SetInstancesProtection(o) => o.spec_of(),
            AnyOperation::DescribeScalingInstances(o) => o.spec_of(),
            AnyOperation::RemoveInstances(o) => o.spec_of(),
        }
    }
}

impl Operation for AnyOperation {}

impl AnyOperation {
    /// The value of `Action`.
    pub fn action(&self) -> &'static str {
        self.spec_of().action
    }

    /// The scaling group it acts on (a `DescribeScalingInstances` may name
    /// none).
    pub fn scaling_group_id(&self) -> Option<&ScalingGroupId> {
        match self {
            AnyOperation::SetInstancesProtection(o) => Some(&o.scaling_group_id),
            AnyOperation::DescribeScalingInstances(o) => o.scaling_group_id.as_ref(),
            AnyOperation::RemoveInstances(o) => Some(&o.scaling_group_id),
        }
    }

    /// Its `RegionId`, when it has one (`DescribeScalingInstances` always
    /// does; the 2022 SDK sends none with `SetInstancesProtection`).
    pub fn region_id(&self) -> Option<&RegionId> {
        match self {
            AnyOperation::SetInstancesProtection(o) => o.region_id.as_ref(),
            AnyOperation::DescribeScalingInstances(o) => Some(&o.region_id),
            AnyOperation::RemoveInstances(o) => o.region_id.as_ref(),
        }
    }
}

/// Whether a name is a parameter of the envelope or of any operation (so it
/// cannot be built by hand as an extra parameter): a single parameter's
/// name, a list's name, or a list's key (`InstanceId.3`, `InstanceIds.x`).
pub(crate) fn is_reserved(name: &str) -> bool {
    let (list, index) = crate::param::split_key(name);
    crate::param::envelope::LOOKUP.find(name).is_some()
        || SPECS.iter().any(|spec| match spec.lookup.find(list) {
            Some((p, _)) => index.is_none() || p.shape == crate::param::Shape::List,
            None => false,
        })
}
