//! What `EnterStandby` and `ExitStandby` share: the same parameters, the
//! same answer, the opposite move. Each declares itself with
//! `standby_operation!` in its own module.
//!
//! | parameter | 2014-08-28 | 2022-02-22 | |
//! |---|---|---|---|
//! | `ScalingGroupId` | ✓ | ✓ | required |
//! | instances | `InstanceId.N` | `InstanceIds.N` | required, 1 to 20 |
//! | `ClientToken` | ✓ | ✓ | at most 64 ASCII characters; makes the request idempotent |
//! | `Async` | ✓ | ✓ | boolean (the model's activities finish at once either way) |
//! | `RegionId` | ✓ | ✓ | optional |

use crate::id::{InstanceIds, RegionId, ScalingGroupId};
use crate::values::ClientToken;

/// What the model reads of a standby request, whichever way it goes.
pub(crate) struct Parts<'a> {
    pub(crate) group: &'a ScalingGroupId,
    pub(crate) region: Option<&'a RegionId>,
    pub(crate) ids: &'a InstanceIds,
    pub(crate) token: Option<&'a ClientToken>,
}

/// Declares a standby operation in the module that invokes it: its
/// parameters, its type, its codec, and its answer (an activity's id and a
/// `RequestId`).
macro_rules! standby_operation {
    (
        $(#[$doc:meta])*
        $name:ident, $action:literal,
        $(#[$body_doc:meta])*
        $response:ident $(,)?
    ) => {
        use crate::declare::impl_operation;
        use crate::encode::Writer;
        use crate::id::{InstanceIds, RegionId, ScalingGroupId};
        use crate::param::{ParamTable, params};
        use crate::reader::Reader;
        use crate::short_body::activity_body;
        use crate::values::ClientToken;

        params! {
            GROUP = single("ScalingGroupId", Text);
            IDS = list("InstanceId", "InstanceIds", Text);
            TOKEN = single("ClientToken", Text);
            ASYNC = single("Async", Boolean);
            REGION = single("RegionId", Text);
        }

        pub(crate) const TABLE: ParamTable = ParamTable { action: $action, lookup: LOOKUP };

        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub struct $name {
            /// `ScalingGroupId`.
            pub scaling_group_id: ScalingGroupId,
            /// `InstanceId.N` (2014-08-28) or `InstanceIds.N` (2022-02-22), in order of N.
            pub instance_ids: InstanceIds,
            /// `ClientToken`.
            pub client_token: Option<ClientToken>,
            /// `Async`.
            pub r#async: Option<bool>,
            /// `RegionId`.
            pub region_id: Option<RegionId>,
        }

        impl $name {
            /// The operation with its two required parameters.
            pub fn new(scaling_group_id: ScalingGroupId, instance_ids: InstanceIds) -> Self {
                $name { scaling_group_id, instance_ids, client_token: None, r#async: None, region_id: None }
            }

            /// What the model reads of it, whichever way it goes.
            pub(crate) fn parts(&self) -> crate::operation::standby::Parts<'_> {
                crate::operation::standby::Parts {
                    group: &self.scaling_group_id,
                    region: self.region_id.as_ref(),
                    ids: &self.instance_ids,
                    token: self.client_token.as_ref(),
                }
            }
        }

        pub(crate) fn decode(r: &mut Reader<'_>) -> Option<$name> {
            let scaling_group_id = r.required(&GROUP);
            let instance_ids = r.list(&IDS, true);
            Some($name {
                client_token: r.optional(&TOKEN),
                r#async: r.optional(&ASYNC),
                region_id: r.optional(&REGION),
                scaling_group_id: scaling_group_id?,
                instance_ids: instance_ids?,
            })
        }

        fn encode<'a>(o: &'a $name, w: &mut Writer<'a>) {
            w.one(GROUP, &o.scaling_group_id);
            w.list(IDS, &o.instance_ids);
            w.optional(TOKEN, &o.client_token);
            w.optional(ASYNC, &o.r#async);
            w.optional(REGION, &o.region_id);
        }

        fn scaling_group_id(o: &$name) -> Option<&ScalingGroupId> {
            Some(&o.scaling_group_id)
        }

        fn region_id(o: &$name) -> Option<&RegionId> {
            o.region_id.as_ref()
        }

        impl_operation!($name);

        activity_body!($(#[$body_doc])* $response, concat!($action, "Response"));
    };
}

pub(crate) use standby_operation;
