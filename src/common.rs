//! The common request parameters of Alibaba Cloud's RPC APIs (signature
//! version 1.0), as the documentation lists them.

use std::fmt;
use std::str::FromStr;

use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::error::{ValueError, ValueErrorKind};

/// Defines a closed set of string values: the enum, its `as_str`,
/// `Display`, `FromStr` (`exact`: as the documentation spells them;
/// `any_case`: in any ASCII letter case) and its parameter codec.
macro_rules! string_enum {
    (@eq exact, $a:expr, $b:expr) => { $a == $b };
    (@eq any_case, $a:expr, $b:expr) => { $a.eq_ignore_ascii_case($b) };
    (
        $(#[$doc:meta])* $name:ident, $match:ident,
        { $( $(#[$vdoc:meta])* $variant:ident = $text:literal, )+ }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde_with::SerializeDisplay, serde_with::DeserializeFromStr)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as it is sent on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::ValueError;

            fn from_str(s: &str) -> Result<Self, $crate::error::ValueError> {
                if s.is_empty() {
                    return Err($crate::error::ValueError::new($crate::error::ValueErrorKind::Empty));
                }
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| string_enum!(@eq $match, v.as_str(), s))
                    .ok_or($crate::error::ValueError::new($crate::error::ValueErrorKind::OneOf(&[$($text),+])))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $crate::codec::static_value!($name);
    };
}

pub(crate) use string_enum;

string_enum!(
    /// The `Version` parameter: which API version the request is for.
    ///
    /// The versions differ in the name of the instance lists (`InstanceId.N`
    /// in `2014-08-28`, the reference page's version; `InstanceIds.N` in
    /// `2022-02-22`), in a few bounds and values (`DescribeScalingInstances`:
    /// `PageSize` up to 50 or 100, `CreationType` `Managed` in `2022-02-22`
    /// only) and in the shape of the `DescribeScalingInstances` answer.
    ///
    /// ```
    /// use ess_protection::ApiVersion;
    ///
    /// let v: ApiVersion = "2022-02-22".parse()?;
    /// assert_eq!(v.instance_list_name(), "InstanceIds");
    /// assert_eq!(ApiVersion::default().as_str(), "2014-08-28");
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    ApiVersion, exact,
    {
        /// `2014-08-28`, the version of the reference page.
        V2014_08_28 = "2014-08-28",
        /// `2022-02-22`.
        V2022_02_22 = "2022-02-22",
    }
);

impl ApiVersion {
    /// The name under which this version flattens the instance list:
    /// `InstanceId` or `InstanceIds` (the wire keys are `NAME.1`, `NAME.2`, …).
    pub const fn instance_list_name(self) -> &'static str {
        match self {
            ApiVersion::V2014_08_28 => "InstanceId",
            ApiVersion::V2022_02_22 => "InstanceIds",
        }
    }
}

/// The reference page's version, `2014-08-28`.
impl Default for ApiVersion {
    fn default() -> Self {
        ApiVersion::V2014_08_28
    }
}

string_enum!(
    /// The `Format` parameter: the format of the response body.
    ///
    /// Documented as `JSON` and `XML`, and matched in any letter case (the
    /// 2022-02-22 Python SDK sends `Format=json`); encoded as documented.
    /// The default, when the parameter is absent, is JSON.
    ///
    /// ```
    /// use ess_protection::Format;
    ///
    /// assert_eq!("json".parse::<Format>()?, Format::Json);
    /// assert_eq!("Xml".parse::<Format>()?.as_str(), "XML");
    /// assert!("yaml".parse::<Format>().is_err());
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    Format, any_case,
    {
        /// `JSON`, the default.
        Json = "JSON",
        /// `XML`.
        Xml = "XML",
    }
);

/// JSON, as Auto Scaling's documentation says.
impl Default for Format {
    fn default() -> Self {
        Format::Json
    }
}

string_enum!(
    /// The `SignatureMethod` parameter.
    SignatureMethod, exact,
    {
        /// `HMAC-SHA1`, the only method of signature version 1.0.
        HmacSha1 = "HMAC-SHA1",
    }
);

string_enum!(
    /// The `SignatureVersion` parameter.
    SignatureVersion, exact,
    {
        /// `1.0`.
        V1_0 = "1.0",
    }
);

/// The `Timestamp` parameter: a real UTC date and time, written
/// `YYYY-MM-DDThh:mm:ssZ`.
///
/// The library never reads a clock: a caller who needs "now" passes it in
/// (see [`Timestamp::from_unix_seconds`]).
///
/// ```
/// use ess_protection::Timestamp;
///
/// let t: Timestamp = "2018-01-01T12:00:00Z".parse()?;
/// assert_eq!(t.unix_seconds(), 1_514_808_000);
/// assert_eq!(t.to_string(), "2018-01-01T12:00:00Z");
/// assert!("2018-02-29T12:00:00Z".parse::<Timestamp>().is_err()); // not a leap year
/// assert!("2018-01-01 12:00:00".parse::<Timestamp>().is_err());
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, SerializeDisplay, DeserializeFromStr,
)]
pub struct Timestamp {
    // Field order makes the derived `Ord` chronological.
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl Timestamp {
    /// The time as seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> i64 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// The timestamp of a number of seconds since 1970-01-01T00:00:00Z.
    ///
    /// # Errors
    ///
    /// When the time falls outside the years 0000 to 9999, which the
    /// `YYYY` form cannot write.
    pub fn from_unix_seconds(seconds: i64) -> Result<Self, ValueError> {
        let out_of_range = ValueError::new(ValueErrorKind::TimestampRange);
        let days = seconds.div_euclid(86_400);
        let rest = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999).ok_or(out_of_range)?;
        // `rest` is in 0..86_400, so each part fits a u8.
        let [hour, minute, second] =
            [rest / 3_600, rest / 60 % 60, rest % 60].map(|v| u8::try_from(v).unwrap_or(0));
        Ok(Timestamp { year, month, day, hour, minute, second })
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // day is in 1..=31 and month in 1..=12 by the algorithm.
    (year, u8::try_from(month).unwrap_or(1), u8::try_from(day).unwrap_or(1))
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Timestamp {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        if s.is_empty() {
            return Err(ValueError::new(ValueErrorKind::Empty));
        }
        let shape = ValueError::new(ValueErrorKind::TimestampShape);
        let b: &[u8; 20] = s.as_bytes().try_into().map_err(|_| shape.clone())?;
        let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'Z')];
        if separators.iter().any(|&(i, c)| b[i] != c) {
            return Err(shape);
        }
        let number = |from: usize, to: usize| -> Result<u16, ValueError> {
            b[from..to].iter().try_fold(0u16, |n, &c| {
                if c.is_ascii_digit() {
                    Ok(n * 10 + u16::from(c - b'0'))
                } else {
                    Err(shape.clone())
                }
            })
        };
        let year = number(0, 4)?;
        // Two digits always fit a u8.
        let two = |from: usize| number(from, from + 2).map(|n| n as u8);
        let (month, day, hour, minute, second) = (two(5)?, two(8)?, two(11)?, two(14)?, two(17)?);
        let real = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        if !real {
            return Err(ValueError::new(ValueErrorKind::TimestampRange));
        }
        Ok(Timestamp { year, month, day, hour, minute, second })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The common parameters other than `Action` and `Version` (which
/// [`Request`](crate::Request) holds itself). Every one is optional in the
/// model: a client builds an unsigned request without them, and signing adds
/// them. Each is validated when present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CommonParams {
    /// `Format`: the response format.
    pub format: Option<Format>,
    /// `AccessKeyId`: the caller's key id.
    pub access_key_id: Option<String>,
    /// `Signature`: the request signature (Base64).
    pub signature: Option<String>,
    /// `SignatureMethod`.
    pub signature_method: Option<SignatureMethod>,
    /// `SignatureVersion`.
    pub signature_version: Option<SignatureVersion>,
    /// `SignatureNonce`: a unique string per request, chosen by the caller.
    pub signature_nonce: Option<String>,
    /// `Timestamp`.
    pub timestamp: Option<Timestamp>,
    /// `SecurityToken`: the token of temporary (STS) credentials, sent
    /// with their `AccessKeyId` and signed like every parameter.
    pub security_token: Option<String>,
}

crate::codec::from_str_value!(Timestamp);

/// The owner's parameters, which every Auto Scaling operation takes (the
/// official SDKs have a setter for each): all optional, each validated when
/// present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OwnerParams {
    /// `OwnerId`, a 64-bit integer.
    pub owner_id: Option<i64>,
    /// `OwnerAccount`.
    pub owner_account: Option<String>,
    /// `ResourceOwnerId`, a 64-bit integer.
    pub resource_owner_id: Option<i64>,
    /// `ResourceOwnerAccount`.
    pub resource_owner_account: Option<String>,
}
