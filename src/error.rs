//! The error of a single value: why a string is not a valid instance id,
//! boolean, timestamp, ...

use std::fmt;

/// Why a value was rejected by one of the crate's validated types.
///
/// The error is opaque on purpose (like `semver::Error`): match on it through
/// its message, which is short, lowercase and stable.
///
/// ```
/// use ess_protection::InstanceId;
///
/// let err = "i-1 2".parse::<InstanceId>().unwrap_err();
/// assert_eq!(err.to_string(), "contains whitespace or a control character");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Empty,
    Whitespace,
    NotBoolean,
    NoInstanceIds,
    TooManyInstanceIds(usize),
    NotInteger,
    Format,
    Version,
    SignatureMethod,
    SignatureVersion,
    TimestampShape,
    TimestampRange,
    ReservedName,
    DuplicateName,
    #[cfg_attr(not(feature = "signature"), allow(dead_code))]
    HttpMethod,
    Authorization,
    GroupState,
    InstanceState,
    RemovalPolicy,
    HealthStatus,
}

impl ValueError {
    pub(crate) const fn new(kind: Kind) -> Self {
        ValueError { kind }
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Empty => f.write_str("empty value"),
            Kind::Whitespace => f.write_str("contains whitespace or a control character"),
            Kind::NotBoolean => f.write_str("expected true or false"),
            Kind::NoInstanceIds => f.write_str("at least 1 instance id is required"),
            Kind::TooManyInstanceIds(n) => {
                write!(f, "at most 20 instance ids are allowed, got {n}")
            }
            Kind::NotInteger => f.write_str("expected a 64-bit integer"),
            Kind::Format => f.write_str("expected JSON or XML"),
            Kind::Version => f.write_str("expected 2014-08-28 or 2022-02-22"),
            Kind::SignatureMethod => f.write_str("expected HMAC-SHA1"),
            Kind::SignatureVersion => f.write_str("expected 1.0"),
            Kind::TimestampShape => f.write_str("expected a UTC time as YYYY-MM-DDThh:mm:ssZ"),
            Kind::TimestampRange => f.write_str("not a real date and time"),
            Kind::ReservedName => {
                f.write_str("names a parameter of the model, not an extra parameter")
            }
            Kind::DuplicateName => f.write_str("repeated parameter name"),
            Kind::HttpMethod => f.write_str("expected GET or POST"),
            Kind::HealthStatus => f.write_str("expected Healthy or Unhealthy"),
            Kind::GroupState => f.write_str("expected Active, Inactive or Deleting"),
            Kind::InstanceState => f.write_str(
                "expected InService, Pending, Pending:Wait, Protected, Standby, Stopped, Removing or Removing:Wait",
            ),
            Kind::RemovalPolicy => f.write_str(
                "expected OldestInstance, NewestInstance or OldestScalingConfiguration",
            ),
            Kind::Authorization => f.write_str(
                "expected ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=names,Signature=hex",
            ),
        }
    }
}

impl std::error::Error for ValueError {}
