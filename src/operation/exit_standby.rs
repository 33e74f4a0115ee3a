//! `ExitStandby`: bring 1 to 20 standby instances of a group back in
//! service, and back within reach of scale-ins. Parameters: see [the
//! standby operations](super::standby).
//!
//! The answer is the activity's `ScalingActivityId` ([`ExitStandbyResponse`]).

crate::operation::standby::standby_operation! {
    /// The parameters of `ExitStandby`, typed and validated.
    ///
    /// ```
    /// use ess_protection::{ExitStandby, Request};
    ///
    /// let request: Request<ExitStandby> = "Action=ExitStandby&Version=2014-08-28\
    ///     &ScalingGroupId=asg-1&InstanceId.1=i-1&InstanceId.2=i-2&ClientToken=t-1".parse()?;
    /// assert_eq!(request.operation.instance_ids.len(), 2);
    /// assert_eq!(request.to_string(),
    ///     "Action=ExitStandby&ClientToken=t-1&InstanceId.1=i-1&InstanceId.2=i-2&ScalingGroupId=asg-1&Version=2014-08-28");
    /// # Ok::<(), ess_protection::Rejection>(())
    /// ```
    ExitStandby, "ExitStandby",
    /// The success body of `ExitStandby`: the activity's id and the
    /// `RequestId`.
    ///
    /// ```
    /// use ess_protection::ExitStandbyResponse;
    ///
    /// let body = ExitStandbyResponse::from_json(br#"{"ScalingActivityId":"asa-1","RequestId":"R1"}"#)?;
    /// assert_eq!(body.scaling_activity_id.map(|a| a.to_string()).as_deref(), Some("asa-1"));
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    ExitStandbyResponse,
}
