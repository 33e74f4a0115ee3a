//! Any request, answered: the model's dispatch over the table of
//! operations. Each operation says what the model does with it
//! ([`Handle`], beside its semantics in this module's other files);
//! [`State::answer`] runs the one a request carries and gives the success
//! body to send, so that a server needs no list of the operations.

use crate::catalog::ApiError;
use crate::client::Body;
use crate::common::ApiVersion;
use crate::id::RequestId;
use crate::model::env::Environment;
use crate::model::state::State;
use crate::operation::AnyOperation;
use crate::request::Request;

/// What an operation's answer needs besides the state: its request id, its
/// version (the shape of some bodies), and the caller's time and fresh ids
/// (asked only by an operation that starts an activity).
pub(crate) struct Context<'a> {
    /// The answer's `RequestId`.
    pub(crate) request_id: RequestId,
    /// The request's API version.
    pub(crate) version: ApiVersion,
    /// The time, and fresh activity and instance ids.
    pub(crate) env: &'a mut dyn Environment,
}

/// What the model answered a request: the success body to send, and
/// whether the state changed (a server writes it down before it answers).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Answer {
    /// The success body.
    pub body: Body,
    /// Whether the request changed the state.
    pub changed: bool,
}

/// What the model does with one operation: every operation of the table
/// implements it (the dispatch does not compile otherwise).
pub(crate) trait Handle {
    /// Applies the operation to the state, and answers.
    ///
    /// # Errors
    ///
    /// The model's error for it, which changes nothing.
    fn handle(&self, state: &mut State, context: Context<'_>) -> Result<Answer, ApiError>;
}

/// The dispatch, from the table of operations.
macro_rules! dispatch {
    ($($name:ident($module:ident, $response:ident)),+ $(,)?) => {
        fn handle_any(
            operation: &AnyOperation,
            state: &mut State,
            context: Context<'_>,
        ) -> Result<Answer, ApiError> {
            match operation {
                $(AnyOperation::$name(o) => o.handle(state, context),)+
            }
        }
    };
}

crate::operation::for_each_operation!(dispatch);

impl State {
    /// Answers a request of any operation, as the service does: the
    /// operation applied to the state (each as its own method here says),
    /// and its success body. The time and fresh ids come from `env`, asked
    /// only by an operation that starts an activity (the crate reads no clock
    /// and no random source).
    ///
    /// ```
    /// use ess_protection::model::{Sequential, State};
    /// use ess_protection::{AnyOperation, Body, Format, Request};
    ///
    /// let mut state: State = r#"{"ScalingGroups": [{"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou",
    ///   "LifecycleState": "Active", "Instances": [
    ///     {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2026-01-01T00:00:00Z"}]}]}"#
    ///     .parse()?;
    /// let request: Request<AnyOperation> = "Action=RemoveInstances&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&InstanceId.1=i-1".parse()?;
    /// let mut env = Sequential::new("2026-01-02T00:00:00Z".parse()?);
    /// let answer = state.answer(&request, "R1".parse()?, &mut env)?;
    /// assert!(answer.changed);
    /// assert_eq!(
    ///     answer.body.render(Format::Json).body,
    ///     r#"{"ScalingActivityId":"asa-00000000000000000001","RequestId":"R1"}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The model's error for the request, which changes nothing.
    pub fn answer(
        &mut self,
        request: &Request<AnyOperation>,
        request_id: RequestId,
        env: &mut dyn Environment,
    ) -> Result<Answer, ApiError> {
        let context = Context { request_id, version: request.version, env };
        handle_any(&request.operation, self, context)
    }
}
