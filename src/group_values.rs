//! The value types of scaling groups and their activities: names, sizes,
//! cooldowns, removal policies, adjustments and activity statuses; each
//! validated when built.

use std::fmt;
use std::str::FromStr;

use crate::common::string_enum;
use crate::error::{ValueError, ValueErrorKind};
use crate::id::string_newtype;
use crate::values::bounded;

/// A scaling group name: 2 to 64 characters, letters (in any script),
/// digits, `_`, `-` and `.`, starting with a letter or a digit.
fn check_group_name(s: &str) -> Result<(), ValueError> {
    let count = s.chars().count();
    let first = s.chars().next();
    if s.is_empty() {
        Err(ValueError::new(ValueErrorKind::Empty))
    } else if !(2..=64).contains(&count)
        || !first.is_some_and(char::is_alphanumeric)
        || !s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        Err(ValueError::new(ValueErrorKind::GroupName))
    } else {
        Ok(())
    }
}

string_newtype!(
    /// A `ScalingGroupName`: 2 to 64 characters — letters (any script's, as
    /// the console allows Chinese names), digits, `_`, `-` and `.` — starting
    /// with a letter or a digit; unique in its region (the model's check).
    ///
    /// ```
    /// use ess_protection::ScalingGroupName;
    ///
    /// assert_eq!("web-tier.1".parse::<ScalingGroupName>()?.as_str(), "web-tier.1");
    /// assert!("-web".parse::<ScalingGroupName>().is_err());
    /// assert!("w".parse::<ScalingGroupName>().is_err());
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    ScalingGroupName,
    "scaling group name",
    check_group_name
);

bounded!(
    /// A group's size: `MinSize`, `MaxSize` or `DesiredCapacity`, from 0 to
    /// 2,000 (the account's default quota; Terraform checks the same
    /// bounds).
    ///
    /// ```
    /// use ess_protection::GroupSize;
    ///
    /// assert_eq!("2000".parse::<GroupSize>()?.get(), 2000);
    /// assert!("2001".parse::<GroupSize>().is_err());
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    GroupSize(u32), 0..=2000
);

bounded!(
    /// `DefaultCooldown`: the seconds after a scaling activity during which
    /// alarms trigger none, 0 to 86,400.
    DefaultCooldown(u32), 0..=86400
);

bounded!(
    /// `MinAdjustmentMagnitude` of a percent adjustment: the fewest
    /// instances it changes, 1 to 1,000 (this crate's bound: the largest
    /// quantity adjustment).
    MinAdjustmentMagnitude(u32), 1..=1000
);

bounded!(
    /// `LoadBalancerWeight` of an attached instance: 1 to 100.
    ///
    /// ```
    /// use ess_protection::LoadBalancerWeight;
    ///
    /// assert_eq!("100".parse::<LoadBalancerWeight>()?.get(), 100);
    /// assert!("0".parse::<LoadBalancerWeight>().is_err());
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    LoadBalancerWeight(u32), 1..=100
);

impl LoadBalancerWeight {
    /// The weight of an instance attached without one.
    pub const DEFAULT: u32 = 50;
}

string_enum!(
    /// One of a group's `RemovalPolicies`: which instances a scale-in
    /// removes first. Policies apply in the order listed, each breaking the
    /// ties of the one before.
    RemovalPolicy, exact,
    {
        /// The earliest `CreationTime` first.
        OldestInstance = "OldestInstance",
        /// The latest `CreationTime` first.
        NewestInstance = "NewestInstance",
        /// Instances of the oldest scaling configuration first.
        OldestScalingConfiguration = "OldestScalingConfiguration",
    }
);

impl RemovalPolicy {
    /// The policies a group without `RemovalPolicies` has:
    /// `OldestScalingConfiguration`, then `OldestInstance`.
    pub const DEFAULT: [RemovalPolicy; 2] =
        [RemovalPolicy::OldestScalingConfiguration, RemovalPolicy::OldestInstance];
}

string_enum!(
    /// `AdjustmentType` of `ScaleWithAdjustment`: how `AdjustmentValue`
    /// changes the group's total capacity.
    AdjustmentType, exact,
    {
        /// By a number of instances (−1,000 to 1,000).
        QuantityChangeInCapacity = "QuantityChangeInCapacity",
        /// By a percent of the total (−100 to 10,000).
        PercentChangeInCapacity = "PercentChangeInCapacity",
        /// To a total (0 to 2,000).
        TotalCapacity = "TotalCapacity",
    }
);

impl AdjustmentType {
    /// The values `AdjustmentValue` may take with this type.
    pub const fn bounds(self) -> (i64, i64) {
        match self {
            AdjustmentType::QuantityChangeInCapacity => (-1000, 1000),
            AdjustmentType::PercentChangeInCapacity => (-100, 10000),
            AdjustmentType::TotalCapacity => (0, 2000),
        }
    }
}

/// `AdjustmentValue` of `ScaleWithAdjustment`: an integer from −1,000 to
/// 10,000, whose bounds depend on the [`AdjustmentType`]
/// ([`AdjustmentType::bounds`]; a parser checks them).
///
/// ```
/// use ess_protection::AdjustmentValue;
///
/// assert_eq!("-3".parse::<AdjustmentValue>()?.get(), -3);
/// assert!("10001".parse::<AdjustmentValue>().is_err());
/// assert!("+3".parse::<AdjustmentValue>().is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AdjustmentValue(i32);

impl AdjustmentValue {
    /// The smallest value of any type.
    pub const MIN: i32 = -1000;
    /// The largest value of any type.
    pub const MAX: i32 = 10000;

    /// The value.
    pub const fn get(self) -> i32 {
        self.0
    }
}

impl TryFrom<i32> for AdjustmentValue {
    type Error = ValueError;

    fn try_from(value: i32) -> Result<Self, ValueError> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(AdjustmentValue(value))
        } else {
            Err(ValueError::new(ValueErrorKind::Range(i64::from(Self::MIN), i64::from(Self::MAX))))
        }
    }
}

impl FromStr for AdjustmentValue {
    type Err = ValueError;

    /// An optional `-` and decimal digits (no `+`, no space).
    fn from_str(s: &str) -> Result<Self, ValueError> {
        if s.is_empty() {
            return Err(ValueError::new(ValueErrorKind::Empty));
        }
        let range =
            ValueError::new(ValueErrorKind::Range(i64::from(Self::MIN), i64::from(Self::MAX)));
        let digits = s.strip_prefix('-').unwrap_or(s);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(range);
        }
        s.parse::<i32>().map_err(|_| range).and_then(AdjustmentValue::try_from)
    }
}

impl fmt::Display for AdjustmentValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl serde::Serialize for AdjustmentValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for AdjustmentValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i32::deserialize(deserializer)
            .and_then(|v| AdjustmentValue::try_from(v).map_err(serde::de::Error::custom))
    }
}

crate::codec::from_str_value!(AdjustmentValue);

string_enum!(
    /// `ExecutionMode` of `ScaleWithAdjustment` (`2022-02-22`'s SDK sends
    /// it; both versions take it).
    ExecutionMode, exact,
    {
        /// Run the adjustment (the default).
        None = "None",
        /// Only say what it would do: nothing changes.
        PlanOnly = "PlanOnly",
    }
);

string_enum!(
    /// A scaling activity's `StatusCode`; also a filter of
    /// `DescribeScalingActivities`.
    ActivityStatus, exact,
    {
        /// Every planned change was made.
        Successful = "Successful",
        /// Some of the planned change was made.
        Warning = "Warning",
        /// None of it was made.
        Failed = "Failed",
        /// Running.
        InProgress = "InProgress",
        /// Refused before it started.
        Rejected = "Rejected",
    }
);

string_enum!(
    /// `GroupType`, a filter of `DescribeScalingGroups`.
    GroupType, exact,
    {
        /// Groups of ECS instances.
        Ecs = "ECS",
        /// Groups of elastic container instances.
        Eci = "ECI",
    }
);
