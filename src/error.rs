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
    kind: ValueErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueErrorKind {
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
    GroupName,
    NotDecimal,
    /// A list with more values than its parameter takes (a bound of its own,
    /// below 20), and how many came.
    ListMax(usize, usize),
}

impl ValueError {
    pub(crate) const fn new(kind: ValueErrorKind) -> Self {
        ValueError { kind }
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ValueErrorKind::Empty => f.write_str("empty value"),
            ValueErrorKind::Whitespace => f.write_str("contains whitespace or a control character"),
            ValueErrorKind::NotBoolean => f.write_str("expected true or false"),
            ValueErrorKind::NoValues => f.write_str("at least 1 value is required"),
            ValueErrorKind::TooManyValues(n) => write!(f, "at most 20 values are allowed, got {n}"),
            ValueErrorKind::NotInteger => f.write_str("expected a 64-bit integer"),
            ValueErrorKind::Range(min, max) => write!(f, "expected an integer from {min} to {max}"),
            ValueErrorKind::OneOf(names) => {
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
            ValueErrorKind::TimestampShape => {
                f.write_str("expected a UTC time as YYYY-MM-DDThh:mm:ssZ")
            }
            ValueErrorKind::TimestampRange => f.write_str("not a real date and time"),
            ValueErrorKind::ReservedName => {
                f.write_str("names a parameter of an operation, not an extra one")
            }
            ValueErrorKind::DuplicateName => f.write_str("repeated parameter name"),
            ValueErrorKind::HttpMethod => f.write_str("expected GET or POST"),
            ValueErrorKind::Authorization => f.write_str(
                "expected ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=names,Signature=hex",
            ),
            ValueErrorKind::ClientToken => {
                f.write_str("expected 1 to 64 ASCII characters, none a control character")
            }
            ValueErrorKind::NotJsonObject => f.write_str("expected a JSON object"),
            ValueErrorKind::NotDecimal => f.write_str("expected a decimal number, 0 or more"),
            ValueErrorKind::GroupName => f.write_str(
                "expected 2 to 64 letters, digits, _, - or ., starting with a letter or a digit",
            ),
            ValueErrorKind::ListMax(max, n) => {
                write!(f, "at most {max} values are allowed, got {n}")
            }
        }
    }
}

impl std::error::Error for ValueError {}
