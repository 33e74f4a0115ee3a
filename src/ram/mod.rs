//! RAM authorization: policy documents, what each operation asks for, and
//! the decision. Pure, like the rest of the crate: the caller says who
//! asks (the account) and holds the policies.
//!
//! - An operation asks for the action `ess:` and its name on its scaling
//!   group, `acs:ess:{regionId}:{accountId}:scalinggroup/{scalingGroupId}`
//!   ([`Access::of`]).
//! - A policy ([`Policy`]) allows or denies actions on resources, with `*`
//!   and `?` as wildcards ([`Pattern`]).
//! - Policies decide together ([`evaluate`]): denied unless a statement
//!   allows; a statement that denies wins over every one that allows.
//!
//! This crate's decisions, where RAM's documentation is silent or loose:
//! action names compare without regard to ASCII case (RAM: "usually
//! case-insensitive"), resources exactly (ids are case-sensitive);
//! element names and `Effect`'s values are case-sensitive; `Condition` and
//! `Principal` are refused, not ignored; an empty list is refused; a
//! `DescribeScalingInstances` that names no group asks for
//! `scalinggroup/*` (the literal `*`), which only a pattern that covers
//! every group allows; and a request is allowed only when the action is
//! allowed on every group its answer draws from too ([`evaluate_request`]):
//! no answer shows what the caller is denied.
//!
//! ```
//! use ess_protection::ram::{Access, Decision, Policy, evaluate};
//! use ess_protection::{AnyOperation, Request};
//!
//! let describe_only: Policy = r#"{"Version": "1", "Statement": [
//!     {"Effect": "Allow", "Action": "ess:Describe*", "Resource": "*"}]}"#.parse()?;
//! let request: Request<AnyOperation> = "Action=SetInstancesProtection&Version=2014-08-28\
//!     &ScalingGroupId=asg-1&InstanceId.1=i-1&ProtectedFromScaleIn=true&RegionId=cn-hangzhou"
//!     .parse()?;
//! let access = Access::of(&request.operation, "cn-hangzhou", "1234567890");
//! assert_eq!(access.action, "ess:SetInstancesProtection");
//! assert_eq!(access.resource, "acs:ess:cn-hangzhou:1234567890:scalinggroup/asg-1");
//! assert_eq!(evaluate([&describe_only], &access.action, &access.resource), Decision::ImplicitDeny);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod pattern;
mod policy;

pub use pattern::Pattern;
pub use policy::{Effect, Patterns, Policy, PolicyError, Statement};

use crate::id::ScalingGroupId;
use crate::operation::AnyOperation;

/// What policies decide for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// A statement allows it and none denies it.
    Allow,
    /// No statement covers it: denied by default.
    ImplicitDeny,
    /// A statement denies it.
    ExplicitDeny,
}

impl Decision {
    /// Whether the request may go on.
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

impl Policy {
    /// What this policy alone decides for `action` on `resource`.
    pub fn evaluate(&self, action: &str, resource: &str) -> Decision {
        evaluate([self], action, resource)
    }
}

/// What `policies` together decide for `action` on `resource`: an
/// explicit deny in any of them wins, else an allow in any of them allows,
/// else it is denied by default. Order never matters.
pub fn evaluate<'a>(
    policies: impl IntoIterator<Item = &'a Policy>,
    action: &str,
    resource: &str,
) -> Decision {
    let action = action.to_ascii_lowercase();
    let mut decision = Decision::ImplicitDeny;
    for statement in policies.into_iter().flat_map(Policy::statements) {
        if statement.applies(&action, resource) {
            match statement.effect() {
                Effect::Deny => return Decision::ExplicitDeny,
                Effect::Allow => decision = Decision::Allow,
            }
        }
    }
    decision
}

/// What a request asks RAM for: an action on a resource.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Access {
    /// `ess:` and the operation's name.
    pub action: String,
    /// The scaling group's resource name.
    pub resource: String,
}

impl Access {
    /// What `operation`, asked by `account` in `region`, asks for: the
    /// operation's action on its scaling group (`scalinggroup/*` for a
    /// `DescribeScalingInstances` that names none). The region is the
    /// group's: the request's `RegionId` when it has one
    /// ([`AnyOperation::region_id`]).
    pub fn of(operation: &AnyOperation, region: &str, account: &str) -> Access {
        Access {
            action: format!("ess:{}", operation.action()),
            resource: scaling_group(region, account, operation.scaling_group_id()),
        }
    }
}

/// What `policies` decide for a whole request: its own access
/// ([`Access::of`], in `region`, for `account`) and the operation's action
/// on each group its answer draws from (`groups`, each with its region:
/// the model's `State::groups_of` gives them). It is
/// allowed only when every one of these is; otherwise the answer is an
/// explicit deny when any statement denies one, else an implicit deny.
///
/// This is how a `DescribeScalingInstances` that names no group, or only
/// instance ids, is refused to a key denied one of the groups it would
/// list: refused whole, not answered without that group (this crate's
/// decision — the service's behaviour is not documented; a refusal shows
/// nothing, and a test that meets it learns to name its groups, while a
/// silently shortened list would pass for the truth).
///
/// ```
/// use ess_protection::ram::{Decision, Policy, evaluate_request};
/// use ess_protection::{AnyOperation, Request, ScalingGroupId};
///
/// let all_but_secret: Policy = r#"{"Version": "1", "Statement": [
///     {"Effect": "Allow", "Action": "ess:*", "Resource": "*"},
///     {"Effect": "Deny", "Action": "ess:*", "Resource": "acs:ess:*:*:scalinggroup/asg-secret"}]}"#.parse()?;
/// let describe: Request<AnyOperation> =
///     "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou".parse()?;
/// let (open, secret): (ScalingGroupId, ScalingGroupId) = ("asg-open".parse()?, "asg-secret".parse()?);
/// let decide = |groups: &[&ScalingGroupId]| {
///     let groups = groups.iter().map(|g| ("cn-hangzhou", *g));
///     evaluate_request([&all_but_secret], &describe.operation, "cn-hangzhou", "1234", groups)
/// };
/// assert_eq!(decide(&[&open]), Decision::Allow);
/// assert_eq!(decide(&[&open, &secret]), Decision::ExplicitDeny);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate_request<'a, 'p>(
    policies: impl IntoIterator<Item = &'p Policy> + Clone,
    operation: &AnyOperation,
    region: &str,
    account: &str,
    groups: impl IntoIterator<Item = (&'a str, &'a ScalingGroupId)>,
) -> Decision {
    let access = Access::of(operation, region, account);
    let mut decision = evaluate(policies.clone(), &access.action, &access.resource);
    for (region, group) in groups {
        if decision == Decision::ExplicitDeny {
            break;
        }
        let resource = scaling_group(region, account, Some(group));
        match evaluate(policies.clone(), &access.action, &resource) {
            Decision::Allow => {}
            denied => decision = denied,
        }
    }
    decision
}

/// A scaling group's resource name, `acs:ess:{region}:{account}:scalinggroup/{id}`
/// (`scalinggroup/*` for none).
pub fn scaling_group(region: &str, account: &str, group: Option<&ScalingGroupId>) -> String {
    let id = group.map_or("*", ScalingGroupId::as_str);
    format!("acs:ess:{region}:{account}:scalinggroup/{id}")
}
