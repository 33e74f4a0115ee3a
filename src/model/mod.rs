//! The reference semantics: what the service does with a request. A pure
//! model of scaling groups and their instances, of `SetInstancesProtection`
//! applied to them, and of what a scale-in and a manual removal then do.
//!
//! The reference page's behaviour, made executable: a protected instance
//! stays protected until the protection is lifted; scale-ins never remove
//! it, whatever triggers them; only a manual removal does. Like the rest of
//! the crate it reads no clock and no random source: whatever needs a time
//! or an id takes it from the caller.
//!
//! ```
//! use ess_protection::model::{Sequential, State};
//! use ess_protection::{Request, SetInstancesProtection};
//!
//! let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
//!   "LifecycleState": "Active", "Instances": [
//!     {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2024-01-01T00:00:00Z"},
//!     {"InstanceId": "i-2", "LifecycleState": "InService", "CreationTime": "2024-01-02T00:00:00Z"}]}]}"#
//!     .parse()?;
//! let protect: Request<SetInstancesProtection> = "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=asg-1\
//!     &InstanceId.1=i-1&ProtectedFromScaleIn=true".parse()?;
//! state.set_instances_protection(&protect.operation)?;
//!
//! // A scale-in of two removes only i-2: i-1 is protected.
//! let group = "asg-1".parse()?;
//! let mut env = Sequential::new("2026-01-01T00:00:00Z".parse()?); // the time and ids, from the caller
//! let scale_in = state.scale_in(&group, 2, &mut env)?;
//! assert_eq!(scale_in.removed, ["i-2".parse()?]);
//! assert_eq!(scale_in.shortfall(), 1);
//!
//! // Only a manual removal removes it.
//! assert_eq!(state.remove(&group, &["i-1".parse()?])?, ["i-1".parse()?]);
//! assert_eq!(state.instance_count(), 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod activity;
mod adjust;
mod answer;
mod apply;
mod capacity;
mod describe;
mod describe_activities;
mod describe_groups;
mod enable;
mod env;
mod instance;
mod modify;
pub(crate) mod raw_fields;
mod remove;
mod resize;
mod scale;
mod scope;
mod standby;
mod state;

pub use activity::{Activity, MAX_ACTIVITIES, Trigger};
pub use adjust::{Adjusted, adjusted_capacity};
pub use answer::Answer;
pub use apply::Applied;
pub use capacity::Capacities;
pub use describe::Page;
pub use enable::Enabled;
pub use env::{Environment, Sequential};
pub use modify::Modified;
pub use remove::Removal;
pub use resize::{DEFAULT_MAX_SIZE, removable_by_scale_in};
pub use scale::ScaleIn;
pub use standby::Standby;
#[allow(deprecated)]
pub use state::Extra;
pub use state::{
    CreationType, GroupState, HealthStatus, Instance, InstanceState, RawFields, RemovalPolicy,
    ScalingGroup, State, StateError,
};
