//! How an operation is declared, below every operation and knowing none:
//! the sealed codec of its parameters ([`sealed::ParamCodec`]), the public
//! [`Operation`] trait, and [`impl_operation!`], which implements both for
//! one operation from what its module declares.
//!
//! An operation's module declares its parameters (`params!`), its
//! `TABLE` (its `Action` and those parameters), `decode` and `encode`
//! (through the [`Reader`] and the [`Writer`]), and `scaling_group_id` and
//! `region_id` (what authorization and the model's scope read); then
//! `impl_operation!(Type);`. The table of every operation, and what
//! follows from it (`AnyOperation`, `SingleOperation`, the dispatch of the
//! layers above), is [`crate::operation`]'s.

use std::fmt::Debug;
use std::hash::Hash;

use crate::encode::Writer;
use crate::id::{RegionId, ScalingGroupId};
use crate::param::ParamTable;
use crate::reader::Reader;

/// What an operation plugs into the request machinery; sealed, so that the
/// crate alone declares operations.
pub(crate) mod sealed {
    use super::*;

    /// An operation's parameters, both ways.
    pub trait ParamCodec: Sized {
        /// The table to read a request whose `Action` is `action` with:
        /// `Ok` when this type is that operation; else `Err` with the
        /// table to read it with all the same (so that every problem is
        /// found), if any.
        fn table(action: Option<&str>) -> Result<&'static ParamTable, Option<&'static ParamTable>>;
        /// The actions this type can be, for messages.
        fn expected() -> &'static [&'static str];
        /// Reads the operation's parameters (`table` is the one `table` gave).
        fn decode(table: &'static ParamTable, reader: &mut Reader<'_>) -> Option<Self>;
        /// Writes the operation's parameters.
        fn encode<'a>(&'a self, writer: &mut Writer<'a>);
        /// The operation's own table.
        fn table_of(&self) -> &'static ParamTable;
        /// The scaling group it names, if any.
        fn scaling_group_id(&self) -> Option<&ScalingGroupId>;
        /// Its `RegionId`, if it has one.
        fn region_id(&self) -> Option<&RegionId>;
    }
}

/// What a [`Request`](crate::Request) carries: the parameters of one
/// operation ([`SetInstancesProtection`](crate::SetInstancesProtection),
/// [`DescribeScalingInstances`](crate::DescribeScalingInstances),
/// [`RemoveInstances`](crate::RemoveInstances)), or of whichever
/// [`AnyOperation`](crate::AnyOperation) a parser found. Sealed: the crate
/// declares its operations.
pub trait Operation:
    sealed::ParamCodec + Debug + Clone + PartialEq + Eq + Hash + Send + Sync + 'static
{
    /// The value of `Action`.
    fn action(&self) -> &'static str {
        self.table_of().action
    }
}

/// Implements [`sealed::ParamCodec`] and [`Operation`] for one operation,
/// from its module's `TABLE`, `decode`, `encode`, `scaling_group_id` and
/// `region_id`.
macro_rules! impl_operation {
    ($type:ident) => {
        const _: () = assert!(
            LOOKUP.params().len() + $crate::param::envelope::PARAMS.len()
                <= $crate::decode::MAX_PARAMS,
            "more parameters than a decoder holds"
        );

        impl $crate::declare::sealed::ParamCodec for $type {
            fn table(
                action: Option<&str>,
            ) -> Result<
                &'static $crate::param::ParamTable,
                Option<&'static $crate::param::ParamTable>,
            > {
                if action == Some(TABLE.action) { Ok(&TABLE) } else { Err(Some(&TABLE)) }
            }

            fn expected() -> &'static [&'static str] {
                &[TABLE.action]
            }

            fn decode(
                _: &'static $crate::param::ParamTable,
                reader: &mut $crate::reader::Reader<'_>,
            ) -> Option<Self> {
                decode(reader)
            }

            fn encode<'a>(&'a self, writer: &mut $crate::encode::Writer<'a>) {
                encode(self, writer)
            }

            fn table_of(&self) -> &'static $crate::param::ParamTable {
                &TABLE
            }

            fn scaling_group_id(&self) -> Option<&$crate::id::ScalingGroupId> {
                scaling_group_id(self)
            }

            fn region_id(&self) -> Option<&$crate::id::RegionId> {
                region_id(self)
            }
        }

        impl $crate::declare::Operation for $type {}
    };
}

pub(crate) use impl_operation;
