//! The error of a single value: why a string is not a valid instance id,
//! boolean, timestamp, page size, ...

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
    NoValues,
    TooManyValues(usize),
    NotInteger,
    /// An integer outside its range, both ends included.
    Range(i64, i64),
    /// Not one of a closed set of values (as the documentation spells them).
    OneOf(&'static [&'static str]),
    TimestampShape,
    TimestampRange,
    ReservedName,
    DuplicateName,
    #[cfg_attr(not(feature = "signature"), allow(dead_code))]
    HttpMethod,
    Authorization,
    ClientToken,
    NotJsonObject,
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
            Kind::NoValues => f.write_str("at least 1 value is required"),
            Kind::TooManyValues(n) => write!(f, "at most 20 values are allowed, got {n}"),
            Kind::NotInteger => f.write_str("expected a 64-bit integer"),
            Kind::Range(min, max) => write!(f, "expected an integer from {min} to {max}"),
            Kind::OneOf(names) => {
                f.write_str("expected ")?;
                let last = names.len().saturating_sub(1);
                for (i, name) in names.iter().enumerate() {
                    match i {
                        0 => {}
                        _ if i == last => f.write_str(" or ")?,
                        _ => f.write_str(", ")?,
                    }
                    f.write_str(name)?;
                }
                Ok(())
            }
            Kind::TimestampShape => f.write_str("expected a UTC time as YYYY-MM-DDThh:mm:ssZ"),
            Kind::TimestampRange => f.write_str("not a real date and time"),
            Kind::ReservedName => {
                f.write_str("names a parameter of an operation, not an extra one")
            }
            Kind::DuplicateName => f.write_str("repeated parameter name"),
            Kind::HttpMethod => f.write_str("expected GET or POST"),
            Kind::Authorization => f.write_str(
                "expected ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=names,Signature=hex",
            ),
            Kind::ClientToken => {
                f.write_str("expected 1 to 64 ASCII characters, none a control character")
            }
            Kind::NotJsonObject => f.write_str("expected a JSON object"),
        }
    }
}

impl std::error::Error for ValueError {}
