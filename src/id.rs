//! Identifiers ([`ScalingGroupId`], [`InstanceId`], [`RegionId`], …, and
//! the answers' [`RequestId`]) and the bounded list of a list parameter
//! ([`List`], [`InstanceIds`]).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::error::{ValueError, ValueErrorKind};

/// The rule both identifiers share. The reference page gives no format for
/// either, so this crate invents none beyond what a query parameter that
/// names a resource can hold: at least one character, and no whitespace or
/// control character.
fn check_identifier(s: &str) -> Result<(), ValueError> {
    // Printable ASCII other than the space is always fine: check it first.
    let plain = |b: &u8| (0x21..0x7f).contains(b);
    if s.is_empty() {
        Err(ValueError::new(ValueErrorKind::Empty))
    } else if s.bytes().all(|b| plain(&b)) {
        Ok(())
    } else if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(ValueError::new(ValueErrorKind::Whitespace))
    } else {
        Ok(())
    }
}

/// A string newtype whose values `$check` accepts: `as_str`, `FromStr`,
/// `TryFrom<String>` and `<&str>`, `Display`, `AsRef<str>`, `Into<String>`,
/// serde as a string, and a parameter value.
macro_rules! string_newtype {
    ($(#[$doc:meta])* $name:ident, $what:literal, $check:path) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde_with::SerializeDisplay, serde_with::DeserializeFromStr,
        )]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("The ", $what, " as a string slice.")]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            #[doc = concat!("The ", $what, " as an owned string.")]
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::ValueError;

            fn from_str(s: &str) -> Result<Self, $crate::error::ValueError> {
                $check(s)?;
                Ok($name(s.to_owned()))
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::error::ValueError;

            fn try_from(s: String) -> Result<Self, $crate::error::ValueError> {
                $check(&s)?;
                Ok($name(s))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::error::ValueError;

            fn try_from(s: &str) -> Result<Self, $crate::error::ValueError> {
                s.parse()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        $crate::codec::string_value!($name);
    };
}

pub(crate) use string_newtype;

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident, $example:literal) => {
        string_newtype!(
            $(#[$doc])*
            ///
            /// Non-empty, without whitespace or control characters; no other
            /// format is imposed, because the reference page states none.
            ///
            /// ```
            #[doc = concat!("use ess_protection::", stringify!($name), ";")]
            ///
            #[doc = concat!("let id: ", stringify!($name), " = \"", $example, "\".parse()?;")]
            #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
            #[doc = concat!("assert!(\"\".parse::<", stringify!($name), ">().is_err());")]
            #[doc = concat!("assert!(\"a b\".parse::<", stringify!($name), ">().is_err());")]
            /// # Ok::<(), ess_protection::ValueError>(())
            /// ```
            $name, "identifier", check_identifier
        );
    };
}

identifier!(
    /// The ID of a scaling group, the `ScalingGroupId` parameter.
    ScalingGroupId,
    "AG6CQdPU8OKdwLjgZcJ2eaQ"
);

identifier!(
    /// The ID of an ECS instance, one `InstanceId.N` value.
    InstanceId,
    "i-28wt48iaa"
);

identifier!(
    /// The ID of a region, the `RegionId` parameter (and a scaling group's
    /// region in the [`model`](crate::model)).
    RegionId,
    "cn-hangzhou"
);

identifier!(
    /// The ID of a scaling activity: what `RemoveInstances` answers, and a
    /// filter of `DescribeScalingInstances`.
    ScalingActivityId,
    "asa-bp1c9djwrgxjyk31****"
);

identifier!(
    /// The ID of a scaling configuration, a filter of
    /// `DescribeScalingInstances`.
    ScalingConfigurationId,
    "asc-bp1ffogfdauy0jw0****"
);

/// The values of one list parameter, in order of `N`: always 1 to 20 of
/// them.
///
/// The bound is the reference page's "Valid values of `N`: 1 to 20"; this
/// crate applies it to every list of every operation and version (the
/// pages of the other lists give none). The same value may appear twice:
/// the pages do not forbid it, so a parser only warns.
///
/// ```
/// use ess_protection::{InstanceId, InstanceIds};
///
/// let one: InstanceId = "i-28wt48iaa".parse()?;
/// let ids = InstanceIds::new(one.clone());
/// assert_eq!(ids.len(), 1);
///
/// assert_eq!(InstanceIds::try_from(Vec::new()).unwrap_err().to_string(), "at least 1 value is required");
/// assert!(InstanceIds::try_from(vec![one; 21]).is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct List<T>(Vec<T>);

/// The instance ids of one request: `InstanceId.N` (2014-08-28) or
/// `InstanceIds.N` (2022-02-22), 1 to 20 of them.
pub type InstanceIds = List<InstanceId>;

impl<T> List<T> {
    /// The most values one list may carry.
    pub const MAX: usize = 20;

    /// A list of one value.
    pub fn new(first: T) -> Self {
        List(vec![first])
    }

    /// Appends a value.
    ///
    /// # Errors
    ///
    /// When the list already holds [`List::MAX`] values; the list is left
    /// unchanged.
    pub fn push(&mut self, value: T) -> Result<(), ValueError> {
        if self.0.len() >= Self::MAX {
            return Err(ValueError::new(ValueErrorKind::TooManyValues(self.0.len() + 1)));
        }
        self.0.push(value);
        Ok(())
    }

    /// The values, in order of `N`.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// An iterator over the values, in order of `N`.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// How many values there are: from 1 to 20.
    #[allow(clippy::len_without_is_empty)] // never empty, by construction
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The values as a vector.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> TryFrom<Vec<T>> for List<T> {
    type Error = ValueError;

    fn try_from(values: Vec<T>) -> Result<Self, ValueError> {
        match values.len() {
            0 => Err(ValueError::new(ValueErrorKind::NoValues)),
            n if n > Self::MAX => Err(ValueError::new(ValueErrorKind::TooManyValues(n))),
            _ => Ok(List(values)),
        }
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: serde::Serialize> serde::Serialize for List<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = Vec::<T>::deserialize(deserializer)?;
        List::try_from(values).map_err(serde::de::Error::custom)
    }
}

/// A request ID, as the service returns it: any non-empty string.
///
/// ```
/// use ess_protection::RequestId;
///
/// let id: RequestId = "04F0F334-1335-436C-A1D7-6C044FE73368".parse()?;
/// assert_eq!(id.as_str(), "04F0F334-1335-436C-A1D7-6C044FE73368");
/// assert!("".parse::<RequestId>().is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, SerializeDisplay, DeserializeFromStr,
)]
pub struct RequestId(String);

impl RequestId {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A body's `RequestId`, checked non-empty already.
    pub(crate) fn from_body(text: Cow<'_, str>) -> Self {
        RequestId(text.into_owned())
    }
}

impl FromStr for RequestId {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        RequestId::try_from(s.to_owned())
    }
}

impl TryFrom<String> for RequestId {
    type Error = ValueError;

    fn try_from(s: String) -> Result<Self, ValueError> {
        if s.is_empty() {
            return Err(ValueError::new(ValueErrorKind::Empty));
        }
        Ok(RequestId(s))
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
