//! An instance of a scaling group, as the state holds it.

use serde::Serialize;

use crate::common::Timestamp;
use crate::id::{InstanceId, ScalingActivityId};
use crate::model::raw_fields::{RawFields, keeping_raw_fields};
use crate::values::{CreationType, HealthStatus, InstanceState};

/// An instance of a scaling group, with the fields
/// `DescribeScalingInstances` shows. Only the first three are required; an
/// absent optional field stays absent when the state is written back.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Instance {
    /// `InstanceId`.
    pub instance_id: InstanceId,
    /// `LifecycleState`.
    pub lifecycle_state: InstanceState,
    /// `CreationTime`, to the second (`DescribeScalingInstances` shows it to
    /// the minute, and to the second as `CreatedTime`).
    pub creation_time: Timestamp,
    /// `ScalingConfigurationId`: the configuration it was created from.
    pub scaling_configuration_id: Option<String>,
    /// `HealthStatus`; absent means `Healthy`.
    pub health_status: Option<HealthStatus>,
    /// `CreationType`: created by the group, attached, or managed.
    pub creation_type: Option<CreationType>,
    /// `ScalingActivityId`: the activity that added it.
    pub scaling_activity_id: Option<ScalingActivityId>,
    /// `ZoneId`.
    pub zone_id: Option<String>,
    /// `Entrusted`: whether the group manages its life.
    pub entrusted: Option<bool>,
    /// `WeightedCapacity`.
    pub weighted_capacity: Option<i64>,
    /// `LoadBalancerWeight`.
    pub load_balancer_weight: Option<i64>,
    /// `WarmupState`.
    pub warmup_state: Option<String>,
    /// `PrivateIpAddress` (shown by `2022-02-22`).
    pub private_ip_address: Option<String>,
    /// `InstanceType` (shown by `2022-02-22`).
    pub instance_type: Option<String>,
    /// `LaunchTemplateId` (shown by `2022-02-22`).
    pub launch_template_id: Option<String>,
    /// `LaunchTemplateVersion` (shown by `2022-02-22`).
    pub launch_template_version: Option<String>,
    /// `SpotStrategy` (shown by `2022-02-22`): `NoSpot`,
    /// `SpotWithPriceLimit` or `SpotAsPriceGo`; the last two are spot
    /// instances (`TotalSpotCount`).
    pub spot_strategy: Option<String>,
    /// `ScalingInstanceId` (shown by `2022-02-22`).
    pub scaling_instance_id: Option<String>,
    /// Every other field, kept as it came.
    #[serde(flatten)]
    pub extra: RawFields,
}

keeping_raw_fields!(Instance, "an instance", {
    required instance_id: "InstanceId",
    required lifecycle_state: "LifecycleState",
    required creation_time: "CreationTime",
    default scaling_configuration_id: "ScalingConfigurationId",
    default health_status: "HealthStatus",
    default creation_type: "CreationType",
    default scaling_activity_id: "ScalingActivityId",
    default zone_id: "ZoneId",
    default entrusted: "Entrusted",
    default weighted_capacity: "WeightedCapacity",
    default load_balancer_weight: "LoadBalancerWeight",
    default warmup_state: "WarmupState",
    default private_ip_address: "PrivateIpAddress",
    default instance_type: "InstanceType",
    default launch_template_id: "LaunchTemplateId",
    default launch_template_version: "LaunchTemplateVersion",
    default spot_strategy: "SpotStrategy",
    default scaling_instance_id: "ScalingInstanceId",
});

impl Instance {
    /// An instance with no configuration and no other field.
    pub fn new(
        instance_id: InstanceId,
        lifecycle_state: InstanceState,
        creation_time: Timestamp,
    ) -> Self {
        Instance {
            instance_id,
            lifecycle_state,
            creation_time,
            scaling_configuration_id: None,
            health_status: None,
            creation_type: None,
            scaling_activity_id: None,
            zone_id: None,
            entrusted: None,
            weighted_capacity: None,
            load_balancer_weight: None,
            warmup_state: None,
            private_ip_address: None,
            instance_type: None,
            launch_template_id: None,
            launch_template_version: None,
            spot_strategy: None,
            scaling_instance_id: None,
            extra: RawFields::new(),
        }
    }

    /// Whether it is a spot instance: `SpotStrategy` `SpotWithPriceLimit`
    /// or `SpotAsPriceGo`.
    pub fn is_spot(&self) -> bool {
        matches!(self.spot_strategy.as_deref(), Some("SpotWithPriceLimit" | "SpotAsPriceGo"))
    }

    /// The health status: `HealthStatus`, or `Healthy` when absent.
    pub fn health(&self) -> HealthStatus {
        self.health_status.unwrap_or(HealthStatus::Healthy)
    }

    /// Whether it is on its way out (`Removing`, `Removing:Wait`), so no
    /// longer part of its group's capacity.
    pub fn is_leaving(&self) -> bool {
        matches!(self.lifecycle_state, InstanceState::Removing | InstanceState::RemovingWait)
    }
}
