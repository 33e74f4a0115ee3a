//! The operations' value types: booleans, bounded integers, closed sets of
//! strings, and the client token; each validated when built.

use std::fmt;
use std::str::FromStr;

use crate::common::{ApiVersion, string_enum};
use crate::error::{ValueError, ValueErrorKind};
use crate::id::{List, string_newtype};

/// The `ProtectedFromScaleIn` parameter: whether the instances are protected
/// from scale-in.
///
/// Parsing accepts `true` and `false` in any ASCII letter case (the Go and
/// Java SDKs send `true`, the Python SDKs `True`, the reference page lists
/// `True` and `False`) and nothing else; it encodes as lowercase.
///
/// ```
/// use ess_protection::ProtectedFromScaleIn;
///
/// let p: ProtectedFromScaleIn = "True".parse()?;
/// assert!(p.get());
/// assert_eq!(p.to_string(), "true");
/// for bad in ["1", "yes", "", " true"] {
///     assert!(bad.parse::<ProtectedFromScaleIn>().is_err());
/// }
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ProtectedFromScaleIn(bool);

impl ProtectedFromScaleIn {
    /// Protection enabled.
    pub const PROTECTED: Self = ProtectedFromScaleIn(true);
    /// Protection disabled.
    pub const UNPROTECTED: Self = ProtectedFromScaleIn(false);

    /// The flag as a `bool`.
    pub const fn get(self) -> bool {
        self.0
    }

    /// `"true"` or `"false"`, as this crate encodes it.
    pub const fn as_str(self) -> &'static str {
        if self.0 { "true" } else { "false" }
    }
}

impl From<bool> for ProtectedFromScaleIn {
    fn from(b: bool) -> Self {
        ProtectedFromScaleIn(b)
    }
}

impl From<ProtectedFromScaleIn> for bool {
    fn from(p: ProtectedFromScaleIn) -> bool {
        p.0
    }
}

impl FromStr for ProtectedFromScaleIn {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        crate::codec::parse_bool(s).map(ProtectedFromScaleIn)
    }
}

impl fmt::Display for ProtectedFromScaleIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ProtectedFromScaleIn {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ProtectedFromScaleIn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer).map(ProtectedFromScaleIn)
    }
}

crate::codec::static_value!(ProtectedFromScaleIn);

/// A bounded integer parameter: the type, `get`, `FromStr` (plain decimal
/// digits within the bounds), `Display`, `TryFrom` and serde as a number.
macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident($int:ty), $min:literal ..= $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name($int);

        impl $name {
            /// The smallest value.
            pub const MIN: $int = $min;
            /// The largest value.
            pub const MAX: $int = $max;

            /// The value.
            pub const fn get(self) -> $int {
                self.0
            }
        }

        impl TryFrom<$int> for $name {
            type Error = ValueError;

            fn try_from(value: $int) -> Result<Self, ValueError> {
                if (Self::MIN..=Self::MAX).contains(&value) {
                    Ok($name(value))
                } else {
                    Err(ValueError::new(ValueErrorKind::Range($min, $max)))
                }
            }
        }

        impl FromStr for $name {
            type Err = ValueError;

            /// Plain decimal digits (no sign, no space), within the bounds.
            fn from_str(s: &str) -> Result<Self, ValueError> {
                if s.is_empty() {
                    return Err(ValueError::new(ValueErrorKind::Empty));
                }
                if !s.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ValueError::new(ValueErrorKind::Range($min, $max)));
                }
                // Digits only: an overflow is out of range too.
                s.parse::<$int>()
                    .map_err(|_| ValueError::new(ValueErrorKind::Range($min, $max)))
                    .and_then($name::try_from)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for $int {
            fn from(value: $name) -> $int {
                value.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$int>::deserialize(deserializer)
                    .and_then(|v| $name::try_from(v).map_err(serde::de::Error::custom))
            }
        }

        crate::codec::from_str_value!($name);
    };
}

pub(crate) use bounded;

/// The accessors of a describe's page, for its `impl`: `page_number()`
/// (`PageNumber`, or the first) and `page_size()` (`PageSize`, or 10).
macro_rules! page_accessors {
    () => {
        /// The page asked for: `PageNumber`, or the first.
        pub fn page_number(&self) -> $crate::values::PageNumber {
            self.page_number.unwrap_or($crate::values::PageNumber::FIRST)
        }

        /// The page size asked for: `PageSize`, or 10.
        pub fn page_size(&self) -> $crate::values::PageSize {
            self.page_size.unwrap_or($crate::values::PageSize::DEFAULT)
        }
    };
}

pub(crate) use page_accessors;

bounded!(
    /// The `PageNumber` parameter of `DescribeScalingInstances`: from 1 (the
    /// default) to 2,147,483,647 (the SDKs' `Integer`).
    ///
    /// ```
    /// use ess_protection::PageNumber;
    ///
    /// assert_eq!("3".parse::<PageNumber>()?.get(), 3);
    /// assert_eq!("0".parse::<PageNumber>().unwrap_err().to_string(), "expected an integer from 1 to 2147483647");
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    PageNumber(u32), 1..=2147483647
);

bounded!(
    /// The `PageSize` parameter of `DescribeScalingInstances`: from 1 to 50
    /// in `2014-08-28`, to 100 in `2022-02-22` (default 10). The type holds
    /// 1 to 100; a parser checks the version's bound
    /// ([`PageSize::max_for`]).
    ///
    /// ```
    /// use ess_protection::{ApiVersion, PageSize};
    ///
    /// assert_eq!("100".parse::<PageSize>()?.get(), 100);
    /// assert_eq!(PageSize::max_for(ApiVersion::V2014_08_28), 50);
    /// assert_eq!("101".parse::<PageSize>().unwrap_err().to_string(), "expected an integer from 1 to 100");
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    PageSize(u32), 1..=100
);

impl PageSize {
    /// The page size when the request gives none: 10.
    pub const DEFAULT: PageSize = PageSize(10);

    /// The largest page size of a version: 50 (`2014-08-28`) or 100
    /// (`2022-02-22`).
    pub const fn max_for(version: ApiVersion) -> u32 {
        match version {
            ApiVersion::V2014_08_28 => 50,
            ApiVersion::V2022_02_22 => 100,
        }
    }

    /// Parses a page size within a version's bound.
    ///
    /// ```
    /// use ess_protection::{ApiVersion, PageSize};
    ///
    /// let error = PageSize::parse_in("51", ApiVersion::V2014_08_28).unwrap_err();
    /// assert_eq!(error.to_string(), "expected an integer from 1 to 50");
    /// assert!(PageSize::parse_in("51", ApiVersion::V2022_02_22).is_ok());
    /// ```
    ///
    /// # Errors
    ///
    /// When the text is empty, not plain digits, or outside 1 to
    /// [`PageSize::max_for`] the version.
    pub fn parse_in(s: &str, version: ApiVersion) -> Result<PageSize, ValueError> {
        Self::parse_up_to(s, Self::max_for(version))
    }

    /// A page size of text, from 1 to `max` (`DescribeScalingGroups` and
    /// `DescribeScalingActivities` take 50 at most in both versions).
    ///
    /// # Errors
    ///
    /// When the text is empty, not plain digits, or outside 1 to `max`.
    pub fn parse_up_to(s: &str, max: u32) -> Result<PageSize, ValueError> {
        match s.parse::<PageSize>() {
            Ok(size) if size.get() <= max => Ok(size),
            Err(e) if s.is_empty() => Err(e),
            _ => Err(ValueError::new(ValueErrorKind::Range(1, i64::from(max)))),
        }
    }
}

impl PageNumber {
    /// The first page, the default.
    pub const FIRST: PageNumber = PageNumber(1);
}

bounded!(
    /// The `StopInstanceTimeout` parameter of `RemoveInstances`: how long,
    /// in seconds, to wait for an instance to stop, from 30 to 240.
    ///
    /// ```
    /// use ess_protection::StopInstanceTimeout;
    ///
    /// assert_eq!("30".parse::<StopInstanceTimeout>()?.get(), 30);
    /// assert!("241".parse::<StopInstanceTimeout>().is_err());
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    StopInstanceTimeout(u16), 30..=240
);

string_newtype!(
    /// The `ClientToken` parameter of `RemoveInstances`: the same token makes a
    /// request idempotent. At most 64 ASCII characters, as the documentation
    /// says; none may be a control character (this crate's decision), and it
    /// may not be empty.
    ///
    /// ```
    /// use ess_protection::ClientToken;
    ///
    /// let token: ClientToken = "123e4567-e89b-12d3-a456-426655440000".parse()?;
    /// assert_eq!(token.as_str().len(), 36);
    /// assert!("é".parse::<ClientToken>().is_err());
    /// assert!("x".repeat(65).parse::<ClientToken>().is_err());
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    ClientToken, "token", check_client_token
);

fn check_client_token(s: &str) -> Result<(), ValueError> {
    if s.is_empty() {
        Err(ValueError::new(ValueErrorKind::Empty))
    } else if s.len() > 64 || !s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Err(ValueError::new(ValueErrorKind::ClientToken))
    } else {
        Ok(())
    }
}

string_newtype!(
    /// The `LifecycleHookContext` parameter of `RemoveInstances`: a JSON object
    /// (the SDKs send `{"DisableLifecycleHook": …, "IgnoredLifecycleHookIds":
    /// […], …}` as a string), kept as its text exactly.
    ///
    /// ```
    /// use ess_protection::LifecycleHookContext;
    ///
    /// let context: LifecycleHookContext = r#"{"DisableLifecycleHook": true}"#.parse()?;
    /// assert_eq!(context.as_str(), r#"{"DisableLifecycleHook": true}"#);
    /// assert_eq!("[1]".parse::<LifecycleHookContext>().unwrap_err().to_string(), "expected a JSON object");
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    LifecycleHookContext, "context's JSON text, as it came,", check_json_object
);

string_newtype!(
    /// A parameter whose value is a JSON object in one string, such as
    /// `Overrides` of `ScaleWithAdjustment`: kept as its text exactly.
    ///
    /// ```
    /// use ess_protection::JsonObject;
    ///
    /// let overrides: JsonObject = r#"{"Cpu": 2}"#.parse()?;
    /// assert_eq!(overrides.as_str(), r#"{"Cpu": 2}"#);
    /// assert!("2".parse::<JsonObject>().is_err());
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    JsonObject, "object's JSON text, as it came,", check_json_object
);

/// A JSON object, checked without building the value (`IgnoredAny` reads
/// and drops).
fn check_json_object(s: &str) -> Result<(), ValueError> {
    struct Object;
    impl<'de> serde::Deserialize<'de> for Object {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(serde::de::IgnoredAny).map(|_| Object)
        }
    }
    if s.is_empty() {
        return Err(ValueError::new(ValueErrorKind::Empty));
    }
    serde_json::from_str::<Object>(s)
        .map(|_| ())
        .map_err(|_| ValueError::new(ValueErrorKind::NotJsonObject))
}

string_enum!(
    /// An instance's `LifecycleState` in its group; also a filter of
    /// `DescribeScalingInstances`.
    InstanceState, exact,
    {
        /// Serving; a scale-in may remove it.
        InService = "InService",
        /// Being added.
        Pending = "Pending",
        /// Being added, held by a lifecycle hook.
        PendingWait = "Pending:Wait",
        /// Protected from scale-in: only a manual removal removes it.
        Protected = "Protected",
        /// On standby.
        Standby = "Standby",
        /// Stopped; a scale-in may remove it.
        Stopped = "Stopped",
        /// Being removed.
        Removing = "Removing",
        /// Being removed, held by a lifecycle hook.
        RemovingWait = "Removing:Wait",
    }
);

string_enum!(
    /// An instance's `HealthStatus`, as the group's health check sees it;
    /// also a filter of `DescribeScalingInstances`.
    HealthStatus, exact,
    {
        /// Healthy.
        Healthy = "Healthy",
        /// Unhealthy: the health check would replace it.
        Unhealthy = "Unhealthy",
    }
);

string_enum!(
    /// How an instance came into its group, its `CreationType`; also a
    /// filter of `DescribeScalingInstances`. `Managed` is a value of
    /// `2022-02-22` only.
    CreationType, exact,
    {
        /// Created by the group.
        AutoCreated = "AutoCreated",
        /// Attached by hand.
        Attached = "Attached",
        /// A managed instance (`2022-02-22`).
        Managed = "Managed",
    }
);

impl CreationType {
    /// Whether a version has this value (`Managed`: `2022-02-22` only).
    pub const fn in_version(self, version: ApiVersion) -> bool {
        !matches!((self, version), (CreationType::Managed, ApiVersion::V2014_08_28))
    }
}

string_enum!(
    /// The `RemovePolicy` parameter of `RemoveInstances`: what becomes of the
    /// removed instances.
    RemovePolicy, exact,
    {
        /// Released (the default).
        Release = "release",
        /// Stopped and kept, to be started again (economical mode).
        Recycle = "recycle",
    }
);

/// A filter given as one value (`LifecycleState=…`) or as a list
/// (`LifecycleStates.N=…`): `DescribeScalingInstances` takes only one of the
/// two. Which one came is kept, so that a request encodes as it came.
///
/// ```
/// use ess_protection::{InstanceState, OneOrMany};
///
/// let one = OneOrMany::One(InstanceState::Protected);
/// assert!(one.contains(&InstanceState::Protected));
/// assert_eq!(one.as_slice(), [InstanceState::Protected]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OneOrMany<T> {
    /// The single-valued parameter.
    One(T),
    /// The list parameter.
    Many(List<T>),
}

impl<T: PartialEq> OneOrMany<T> {
    /// The values.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(value) => std::slice::from_ref(value),
            OneOrMany::Many(list) => list.as_slice(),
        }
    }

    /// Whether a value is among them.
    pub fn contains(&self, value: &T) -> bool {
        self.as_slice().contains(value)
    }
}
