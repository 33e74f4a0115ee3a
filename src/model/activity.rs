//! Scaling activities: every change of a group's membership — a removal, a
//! scale-in or a scale-out, whatever triggers it — is one, kept in the
//! state with what it did, for `DescribeScalingActivities`. A group keeps
//! its last [`MAX_ACTIVITIES`], oldest dropped.

use serde::Serialize;

use crate::common::Timestamp;
use crate::group_values::ActivityStatus;
use crate::id::{InstanceId, ScalingActivityId, ScalingGroupId};
use crate::model::raw_fields::{RawFields, keeping_raw_fields};
use crate::operation::ScalingActivity;

/// The most activities a group keeps (this crate's bound: the service keeps
/// 30 days' worth).
pub const MAX_ACTIVITIES: usize = 1000;

/// What started an activity: its `Cause` says so in the service's phrasing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Trigger {
    /// `RemoveInstances`.
    Removal,
    /// `ModifyScalingGroup` changing `MinSize`.
    MinSize,
    /// `ModifyScalingGroup` changing `MaxSize`.
    MaxSize,
    /// `ModifyScalingGroup` changing `DesiredCapacity`.
    DesiredCapacity,
    /// `ScaleWithAdjustment`.
    Adjustment,
    /// A scale-in a monitoring task triggers (the emulator's harness).
    Monitoring,
    /// `EnableScalingGroup` attaching instances.
    Attach,
    /// `EnableScalingGroup` growing the group to its `MinSize` (or
    /// `DesiredCapacity`).
    Enable,
    /// `EnterStandby`.
    EnterStandby,
    /// `ExitStandby`.
    ExitStandby,
}

impl Trigger {
    /// What started it, in the service's phrasing: the start of its `Cause`.
    pub const fn phrase(self) -> &'static str {
        match self {
            Trigger::Removal => "A user requests to remove ECS instances from the scaling group",
            Trigger::MinSize => "A user modified the Min Size of the scaling group",
            Trigger::MaxSize => "A user modified the Max Size of the scaling group",
            Trigger::DesiredCapacity => "A user modified the Desired Capacity of the scaling group",
            Trigger::Adjustment => "A user requests to scale with adjustment",
            Trigger::Monitoring => "A monitoring task triggers a scale-in",
            Trigger::Attach => "A user attaches ECS instances to the scaling group",
            Trigger::Enable => "A user enables the scaling group",
            Trigger::EnterStandby => "A user requests to put ECS instances into standby",
            Trigger::ExitStandby => "A user requests to take ECS instances out of standby",
        }
    }

    /// The `Cause` of an activity that took the total capacity from `from`
    /// to `to` (this crate's phrasing, after the service's published
    /// example: `A user requests to execute scaling rule "asr-x", changing
    /// the Total Capacity from "1" to "2".`).
    pub fn cause(self, from: usize, to: usize) -> String {
        let what = self.phrase();
        format!("{what}, changing the Total Capacity from \"{from}\" to \"{to}\".")
    }

    /// `TriggerSourceType`: `APIs` for a call, `Cms` for a monitoring task.
    pub const fn source_type(self) -> &'static str {
        match self {
            Trigger::Monitoring => "Cms",
            _ => "APIs",
        }
    }
}

/// A scaling activity as the state keeps it, under the API's names.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Activity {
    /// `ScalingActivityId`.
    pub scaling_activity_id: ScalingActivityId,
    /// `StatusCode`.
    pub status_code: ActivityStatus,
    /// `StatusMessage`.
    pub status_message: Option<String>,
    /// `Cause`.
    pub cause: String,
    /// `Description`.
    pub description: String,
    /// `StartTime`.
    pub start_time: Timestamp,
    /// `EndTime`; absent while in progress.
    pub end_time: Option<Timestamp>,
    /// `Progress`, 0 to 100.
    pub progress: u32,
    /// `ScalingInstanceNumber`: how many instances it added or removed.
    pub scaling_instance_number: u32,
    /// `TotalCapacity` after it.
    pub total_capacity: u32,
    /// `CreatedInstances`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub created_instances: Vec<InstanceId>,
    /// `DestroyedInstances`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub destroyed_instances: Vec<InstanceId>,
    /// The instances it attached (`AttachedCapacity` counts them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attached_instances: Vec<InstanceId>,
    /// `ActivityMetadata`, as the request gave it.
    pub activity_metadata: Option<String>,
    /// `TriggerSourceType`.
    pub trigger_source_type: Option<String>,
    /// Every other field, kept as it came.
    #[serde(flatten)]
    pub extra: RawFields,
}

keeping_raw_fields!(Activity, "a scaling activity", {
    required scaling_activity_id: "ScalingActivityId",
    required status_code: "StatusCode",
    default status_message: "StatusMessage",
    default cause: "Cause",
    default description: "Description",
    required start_time: "StartTime",
    default end_time: "EndTime",
    default progress: "Progress",
    default scaling_instance_number: "ScalingInstanceNumber",
    default total_capacity: "TotalCapacity",
    default created_instances: "CreatedInstances",
    default destroyed_instances: "DestroyedInstances",
    default attached_instances: "AttachedInstances",
    default activity_metadata: "ActivityMetadata",
    default trigger_source_type: "TriggerSourceType",
});

impl Activity {
    /// A finished activity that took the group's capacity from `from`
    /// toward `target`, reaching `after`: `Successful` when it added or
    /// removed every instance planned, `Warning` when some, `Failed` when
    /// none.
    pub(crate) fn finished(
        id: ScalingActivityId,
        trigger: Trigger,
        now: Timestamp,
        (from, target, after): (usize, usize, usize),
        created: Vec<InstanceId>,
        destroyed: Vec<InstanceId>,
    ) -> Activity {
        let planned = from.abs_diff(target);
        let changed = created.len() + destroyed.len();
        let status_code = match changed {
            _ if changed >= planned => ActivityStatus::Successful,
            0 => ActivityStatus::Failed,
            _ => ActivityStatus::Warning,
        };
        let adds = target > from;
        let status_message = match status_code {
            ActivityStatus::Successful => None,
            _ if adds => Some(format!(
                "{changed} of {planned} ECS instances could be added: no instance id was free."
            )),
            _ => Some(format!(
                "{changed} of {planned} ECS instances could be removed: the others are \
                 protected, in standby, or not in service."
            )),
        };
        let verb = if adds { "Add" } else { "Remove" };
        let count = planned.max(changed);
        let plural = if count == 1 { "instance" } else { "instances" };
        Activity {
            scaling_activity_id: id,
            status_code,
            status_message,
            cause: trigger.cause(from, target),
            description: format!("{verb} \"{count}\" ECS {plural}"),
            start_time: now,
            end_time: Some(now),
            progress: 100,
            scaling_instance_number: u32::try_from(changed).unwrap_or(u32::MAX),
            total_capacity: u32::try_from(after).unwrap_or(u32::MAX),
            created_instances: created,
            destroyed_instances: destroyed,
            attached_instances: Vec::new(),
            activity_metadata: None,
            trigger_source_type: Some(trigger.source_type().to_owned()),
            extra: RawFields::new(),
        }
    }

    /// A finished activity that moved `moved` instances within the group
    /// (into standby or out of it), its capacity `total` throughout.
    pub(crate) fn standby(
        id: ScalingActivityId,
        trigger: Trigger,
        now: Timestamp,
        total: usize,
        moved: usize,
    ) -> Activity {
        let mut activity =
            Activity::finished(id, trigger, now, (total, total, total), Vec::new(), Vec::new());
        let plural = if moved == 1 { "instance" } else { "instances" };
        let verb = if trigger == Trigger::ExitStandby { "Exit" } else { "Enter" };
        activity.cause = format!("{}.", trigger.phrase());
        activity.description = format!("{verb} standby \"{moved}\" ECS {plural}");
        activity.scaling_instance_number = u32::try_from(moved).unwrap_or(u32::MAX);
        activity
    }

    /// A finished activity that attached `attached` to a group of `from`.
    pub(crate) fn attach(
        id: ScalingActivityId,
        now: Timestamp,
        from: usize,
        attached: Vec<InstanceId>,
    ) -> Activity {
        let to = from + attached.len();
        let mut activity =
            Activity::finished(id, Trigger::Attach, now, (from, from, to), Vec::new(), Vec::new());
        let plural = if attached.len() == 1 { "instance" } else { "instances" };
        activity.cause = Trigger::Attach.cause(from, to);
        activity.description = format!("Attach \"{}\" ECS {plural}", attached.len());
        activity.scaling_instance_number = u32::try_from(attached.len()).unwrap_or(u32::MAX);
        activity.attached_instances = attached;
        activity
    }

    /// The activity as `DescribeScalingActivities` shows it for its group.
    pub fn to_response(&self, group: &ScalingGroupId) -> ScalingActivity {
        let ids = |list: &[InstanceId]| {
            (!list.is_empty()).then(|| list.iter().map(ToString::to_string).collect())
        };
        let count = |list: &[InstanceId]| u32::try_from(list.len()).unwrap_or(u32::MAX);
        let mut shown = ScalingActivity::new(self.scaling_activity_id.clone());
        shown.scaling_group_id = Some(group.to_string());
        shown.description = Some(self.description.clone());
        shown.cause = Some(self.cause.clone());
        shown.start_time = Some(self.start_time.to_string());
        shown.end_time = self.end_time.map(|t| t.to_string());
        shown.status_code = Some(self.status_code.as_str().to_owned());
        shown.status_message = self.status_message.clone();
        shown.progress = Some(self.progress);
        shown.scaling_instance_number = Some(self.scaling_instance_number);
        shown.total_capacity = Some(self.total_capacity);
        shown.attached_capacity = Some(count(&self.attached_instances));
        shown.auto_created_capacity = Some(count(&self.created_instances));
        shown.created_capacity = Some(count(&self.created_instances));
        shown.created_instances = ids(&self.created_instances);
        shown.destroyed_capacity = Some(count(&self.destroyed_instances));
        shown.destroyed_instances = ids(&self.destroyed_instances);
        shown.activity_metadata = self.activity_metadata.clone();
        shown.trigger_source_type = self.trigger_source_type.clone();
        shown
    }
}
