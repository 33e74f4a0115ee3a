//! The operations, side by side: each module declares its parameters,
//! reads and writes them through the shared machinery (the crate's `declare`)
//! and has its response body. Above them, the one table of every operation
//! (`for_each_operation!`), and what follows from it: [`AnyOperation`],
//! dispatched on `Action`, and [`SingleOperation`].
//!
//! | operation | what it does |
//! |---|---|
//! | [`SetInstancesProtection`] | protects instances from scale-in, or lifts it (the reference page) |
//! | [`DescribeScalingInstances`] | lists a group's instances, filtered, page by page |
//! | [`RemoveInstances`] | removes instances from their group, protected or not |
//! | [`DescribeScalingGroups`] | lists groups with their counters, filtered, page by page |
//! | [`ModifyScalingGroup`] | changes a group's settings, its sizes among them |
//! | [`ScaleWithAdjustment`] | changes a group's capacity now |
//! | [`DescribeScalingActivities`] | lists a group's scaling activities |
//! | [`EnableScalingGroup`] | enables a group, attaching instances |
//! | [`DisableScalingGroup`] | disables a group |
//! | [`EnterStandby`] | puts instances on standby, out of every scale-in |
//! | [`ExitStandby`] | brings them back in service |
//!
//! Adding an operation is declaring it: its module here (a `pub mod` line),
//! its line in the table below, and what the model does with it
//! ([`crate::model`]); `AnyOperation`, the crate's re-exports, the body
//! reader ([`crate::Body`]), the model's dispatch ([`State::answer`]), the
//! emulator and the fuzz targets follow from the table.
//!
//! [`State::answer`]: crate::model::State::answer

use crate::id::{RegionId, ScalingGroupId};
use crate::param::{self, ParamTable};
use crate::response::ResponseBody;

pub use crate::declare::Operation;
use crate::declare::sealed::ParamCodec;

pub mod describe_scaling_activities;
pub mod describe_scaling_groups;
pub mod describe_scaling_instances;
pub mod disable_scaling_group;
pub mod enable_scaling_group;
pub mod enter_standby;
pub mod exit_standby;
pub mod modify_scaling_group;
pub mod remove_instances;
pub mod scale_with_adjustment;
pub mod set_instances_protection;
pub mod standby;

pub use describe_scaling_activities::ScalingActivity;
pub use describe_scaling_groups::{GroupTag, ScalingGroupInfo, TagFilter};
pub use describe_scaling_instances::ScalingInstance;
pub use modify_scaling_group::LaunchTemplateOverride;
pub use scale_with_adjustment::ResourceAllocation;

/// The table of every operation this crate models, in the order they are
/// tried: each as `Type(module, ResponseBody)`. It calls `$callback!` with
/// the whole table (after any `$extra` tokens), so that every list of the
/// operations — `AnyOperation`, the crate's re-exports, `Body`, the
/// model's dispatch — is generated from this one.
macro_rules! for_each_operation {
    ($callback:ident $($extra:tt)*) => {
        $callback! {
            $($extra)*
            SetInstancesProtection(set_instances_protection, SetInstancesProtectionResponse),
            DescribeScalingInstances(describe_scaling_instances, DescribeScalingInstancesResponse),
            RemoveInstances(remove_instances, RemoveInstancesResponse),
            DescribeScalingGroups(describe_scaling_groups, DescribeScalingGroupsResponse),
            ModifyScalingGroup(modify_scaling_group, ModifyScalingGroupResponse),
            ScaleWithAdjustment(scale_with_adjustment, ScaleWithAdjustmentResponse),
            DescribeScalingActivities(describe_scaling_activities, DescribeScalingActivitiesResponse),
            EnableScalingGroup(enable_scaling_group, EnableScalingGroupResponse),
            DisableScalingGroup(disable_scaling_group, DisableScalingGroupResponse),
            EnterStandby(enter_standby, EnterStandbyResponse),
            ExitStandby(exit_standby, ExitStandbyResponse),
        }
    };
}

pub(crate) use for_each_operation;

/// The same table for the crate's own fuzz targets (another crate), as the
/// exported `__for_each_operation!`: generated from the one above, with
/// `$` passed in as a token so that the generated macro can have
/// metavariables of its own. Not part of the API.
macro_rules! export_the_table {
    ($d:tt $($name:ident($module:ident, $response:ident)),+ $(,)?) => {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! __for_each_operation {
            ($d callback:ident) => {
                $d callback! { $($name($module, $response)),+ }
            };
        }
    };
}

for_each_operation!(export_the_table $);

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

/// `AnyOperation` and everything else each operation of the table has.
macro_rules! any_operation {
    ($($name:ident($module:ident, $response:ident)),+ $(,)?) => {
        $(pub use $module::{$name, $response};)+

        /// Any operation this crate models, as a server gets it: a parser
        /// of `Request<AnyOperation>` dispatches on `Action` (or
        /// `x-acs-action`), and answers `UnsupportedOperation` for any other.
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
            $(
                #[doc = concat!("`", stringify!($name), "`.")]
                $name($name),
            )+
        }

        /// Every operation's table.
        const TABLES: &[&ParamTable] = &[$(&$module::TABLE),+];

        impl ParamCodec for AnyOperation {
            fn table(action: Option<&str>) -> Result<&'static ParamTable, Option<&'static ParamTable>> {
                TABLES.iter().copied().find(|t| Some(t.action) == action).ok_or(None)
            }

            fn expected() -> &'static [&'static str] {
                &[$($module::TABLE.action),+]
            }

            fn decode(table: &'static ParamTable, reader: &mut crate::reader::Reader<'_>) -> Option<Self> {
                $(
                    if table.action == $module::TABLE.action {
                        return <$name as ParamCodec>::decode(table, reader).map(AnyOperation::$name);
                    }
                )+
                None
            }

            fn encode<'a>(&'a self, writer: &mut crate::encode::Writer<'a>) {
                match self {
                    $(AnyOperation::$name(o) => o.encode(writer),)+
                }
            }

            fn table_of(&self) -> &'static ParamTable {
                match self {
                    $(AnyOperation::$name(o) => o.table_of(),)+
                }
            }

            fn scaling_group_id(&self) -> Option<&ScalingGroupId> {
                match self {
                    $(AnyOperation::$name(o) => ParamCodec::scaling_group_id(o),)+
                }
            }

            fn region_id(&self) -> Option<&RegionId> {
                match self {
                    $(AnyOperation::$name(o) => ParamCodec::region_id(o),)+
                }
            }
        }

        $(
            impl SingleOperation for $name {
                const ACTION: &'static str = $module::TABLE.action;
                type Response = $response;
            }

            impl From<$name> for AnyOperation {
                fn from(operation: $name) -> Self {
                    AnyOperation::$name(operation)
                }
            }

            impl TryFrom<AnyOperation> for $name {
                type Error = AnyOperation;

                /// The operation, or the other one it is.
                fn try_from(any: AnyOperation) -> Result<Self, Self::Error> {
                    match any {
                        AnyOperation::$name(operation) => Ok(operation),
                        #[allow(unreachable_patterns)]
                        other => Err(other),
                    }
                }
            }
        )+
    };
}

for_each_operation!(any_operation);

impl Operation for AnyOperation {}

impl AnyOperation {
    /// The value of `Action`.
    pub fn action(&self) -> &'static str {
        self.table_of().action
    }

    /// The scaling group it acts on (a `DescribeScalingInstances` may name
    /// none).
    pub fn scaling_group_id(&self) -> Option<&ScalingGroupId> {
        ParamCodec::scaling_group_id(self)
    }

    /// Its `RegionId`, when it has one (`DescribeScalingInstances` always
    /// does; the 2022 SDK sends none with `SetInstancesProtection`).
    pub fn region_id(&self) -> Option<&RegionId> {
        ParamCodec::region_id(self)
    }
}

/// Whether a name is a parameter of the envelope or of any operation (so it
/// cannot be built by hand as an extra parameter): a single parameter's
/// name, a list's name, or a list's key (`InstanceId.3`, `InstanceIds.x`).
pub(crate) fn is_reserved(name: &str) -> bool {
    let (list, index) = param::split_key(name);
    param::envelope::LOOKUP.find(name).is_some()
        || TABLES.iter().any(|table| {
            // `ScalingGroupName.3` is an item of the list of that name, though
            // `ScalingGroupName` alone is another parameter.
            match table.lookup.find_preferring(list, index.is_some()) {
                Some((p, _)) => index.is_none() || p.is_listed(),
                None => false,
            }
        })
}
