//! `EnterStandby`: put 1 to 20 `InService` instances of a group on
//! standby. A standby instance takes no traffic (its load balancer weight
//! is 0), its health is not updated, and no scale-in removes it — whatever
//! triggers the scale-in; `RemoveInstances` still can. It stays in the
//! group's total capacity; `DesiredCapacity` does not change. Parameters:
//! see [the standby operations](super::standby).
//!
//! The answer is the activity's `ScalingActivityId` ([`EnterStandbyResponse`]).

crate::operation::standby::standby_operation! {
    /// The parameters of `EnterStandby`, typed and validated.
    ///
    /// ```
    /// use ess_protection::{EnterStandby, Request};
    ///
    /// let request: Request<EnterStandby> = "Action=EnterStandby&Version=2022-02-22\
    ///     &ScalingGroupId=asg-1&InstanceIds.1=i-1&Async=True".parse()?;
    /// assert_eq!(request.operation.instance_ids.len(), 1);
    /// assert_eq!(request.operation.r#async, Some(true));
    /// # Ok::<(), ess_protection::Rejection>(())
    /// ```
    EnterStandby, "EnterStandby",
    /// The success body of `EnterStandby`: the activity's id and the
    /// `RequestId` (the old 2014 page shows the `RequestId` alone: both read).
    ///
    /// ```
    /// use ess_protection::EnterStandbyResponse;
    ///
    /// let body = EnterStandbyResponse::from_json(br#"{"RequestId":"R1"}"#)?;
    /// assert_eq!(body.scaling_activity_id, None);
    /// let body = EnterStandbyResponse::from_xml(
    ///     b"<EnterStandbyResponse><ScalingActivityId>asa-1</ScalingActivityId><RequestId>R2</RequestId></EnterStandbyResponse>")?;
    /// assert_eq!(body.to_json(), r#"{"ScalingActivityId":"asa-1","RequestId":"R2"}"#);
    /// # Ok::<(), ess_protection::BodyError>(())
    /// ```
    EnterStandbyResponse,
}
