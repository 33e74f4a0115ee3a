//! Identifiers: [`ScalingGroupId`], [`InstanceId`] and the bounded list
//! [`InstanceIds`].

use std::fmt;
use std::str::FromStr;

use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::error::{Kind, ValueError};

/// The rule both identifiers share. The reference page gives no format for
/// either, so this crate invents none beyond what a query parameter that
/// names a resource can hold: at least one character, and no whitespace or
/// control character.
fn check_identifier(s: &str) -> Result<(), ValueError> {
    // Printable ASCII other than the space is always fine: check it first.
    let plain = |b: &u8| (0x21..0x7f).contains(b);
    if s.is_empty() {
        Err(ValueError::new(Kind::Empty))
    } else if s.bytes().all(|b| plain(&b)) {
        Ok(())
    } else if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(ValueError::new(Kind::Whitespace))
    } else {
        Ok(())
    }
}

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident, $example:literal) => {
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
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, SerializeDisplay, DeserializeFromStr)]
        pub struct $name(String);

        impl $name {
            /// The identifier as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = ValueError;

            fn from_str(s: &str) -> Result<Self, ValueError> {
                check_identifier(s)?;
                Ok($name(s.to_owned()))
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValueError;

            fn try_from(s: String) -> Result<Self, ValueError> {
                check_identifier(&s)?;
                Ok($name(s))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ValueError;

            fn try_from(s: &str) -> Result<Self, ValueError> {
                s.parse()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
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

/// The instance ids of one request, in order of `N`: always 1 to 20 of them.
///
/// The bound is the reference page's "Valid values of `N`: 1 to 20"; this
/// crate applies it to both API versions (see the README). The same id may
/// appear twice: the page does not forbid it, so a parser only warns.
///
/// ```
/// use ess_protection::{InstanceId, InstanceIds};
///
/// let one: InstanceId = "i-28wt48iaa".parse()?;
/// let ids = InstanceIds::new(one.clone());
/// assert_eq!(ids.len(), 1);
///
/// assert!(InstanceIds::try_from(Vec::new()).is_err());
/// assert!(InstanceIds::try_from(vec![one; 21]).is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstanceIds(Vec<InstanceId>);

impl InstanceIds {
    /// The most ids one request may carry.
    pub const MAX: usize = 20;

    /// A list of one id.
    pub fn new(first: InstanceId) -> Self {
        InstanceIds(vec![first])
    }

    /// Appends an id.
    ///
    /// # Errors
    ///
    /// When the list already holds [`InstanceIds::MAX`] ids; the list is
    /// left unchanged.
    pub fn push(&mut self, id: InstanceId) -> Result<(), ValueError> {
        if self.0.len() >= Self::MAX {
            return Err(ValueError::new(Kind::TooManyInstanceIds(self.0.len() + 1)));
        }
        self.0.push(id);
        Ok(())
    }

    /// The ids, in order of `N`.
    pub fn as_slice(&self) -> &[InstanceId] {
        &self.0
    }

    /// An iterator over the ids, in order of `N`.
    pub fn iter(&self) -> std::slice::Iter<'_, InstanceId> {
        self.0.iter()
    }

    /// How many ids there are: from 1 to 20.
    #[allow(clippy::len_without_is_empty)] // never empty, by construction
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The ids as a vector.
    pub fn into_vec(self) -> Vec<InstanceId> {
        self.0
    }
}

impl TryFrom<Vec<InstanceId>> for InstanceIds {
    type Error = ValueError;

    fn try_from(ids: Vec<InstanceId>) -> Result<Self, ValueError> {
        match ids.len() {
            0 => Err(ValueError::new(Kind::NoInstanceIds)),
            n if n > Self::MAX => Err(ValueError::new(Kind::TooManyInstanceIds(n))),
            _ => Ok(InstanceIds(ids)),
        }
    }
}

impl<'a> IntoIterator for &'a InstanceIds {
    type Item = &'a InstanceId;
    type IntoIter = std::slice::Iter<'a, InstanceId>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for InstanceIds {
    type Item = InstanceId;
    type IntoIter = std::vec::IntoIter<InstanceId>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl serde::Serialize for InstanceIds {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for InstanceIds {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ids = Vec::<InstanceId>::deserialize(deserializer)?;
        InstanceIds::try_from(ids).map_err(serde::de::Error::custom)
    }
}
