//! A parameter value's text, both ways: [`ParamValue`], implemented for
//! every value type a parameter holds (by the macros here, for types with
//! `FromStr` and `Display`, string newtypes, and closed sets), and the
//! booleans as the SDKs send them. Below the parameters and the values: it
//! knows neither.

use std::borrow::Cow;

use crate::error::{ValueError, ValueErrorKind};

/// `true` or `false` in any ASCII letter case: the Go and Java SDKs send
/// `true`, the Python SDKs `True`, the reference page lists `True` and
/// `False`. Nothing else.
pub(crate) fn parse_bool(s: &str) -> Result<bool, ValueError> {
    if s.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if s.eq_ignore_ascii_case("false") {
        Ok(false)
    } else if s.is_empty() {
        Err(ValueError::new(ValueErrorKind::Empty))
    } else {
        Err(ValueError::new(ValueErrorKind::NotBoolean))
    }
}

/// A parameter value's codec: from the text of a pair, and back.
pub(crate) trait ParamValue: Sized {
    /// Parses the value's text (never empty: an empty required value is
    /// reported as missing before).
    fn parse(text: Cow<'_, str>) -> Result<Self, ValueError>;
    /// The value as it is encoded.
    fn text(&self) -> Cow<'_, str>;
}

impl ParamValue for String {
    fn parse(text: Cow<'_, str>) -> Result<Self, ValueError> {
        Ok(text.into_owned())
    }

    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for i64 {
    fn parse(text: Cow<'_, str>) -> Result<Self, ValueError> {
        text.parse().map_err(|_| ValueError::new(ValueErrorKind::NotInteger))
    }

    fn text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

/// `true` and `false` in any ASCII letter case (the Python SDKs send
/// `True`), encoded in lower case.
impl ParamValue for bool {
    fn parse(text: Cow<'_, str>) -> Result<Self, ValueError> {
        parse_bool(&text)
    }

    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

/// A value type with `FromStr` and `Display`, borrowing nothing.
macro_rules! from_str_value {
    ($($type:ty),+ $(,)?) => {$(
        impl $crate::codec::ParamValue for $type {
            fn parse(text: std::borrow::Cow<'_, str>) -> Result<Self, $crate::error::ValueError> {
                text.parse()
            }

            fn text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Owned(self.to_string())
            }
        }
    )+};
}

/// A value type that is a string inside (`as_str`), built from a `String`.
macro_rules! string_value {
    ($($type:ty),+ $(,)?) => {$(
        impl $crate::codec::ParamValue for $type {
            fn parse(text: std::borrow::Cow<'_, str>) -> Result<Self, $crate::error::ValueError> {
                <$type>::try_from(text.into_owned())
            }

            fn text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    )+};
}

/// A value type with a `const fn as_str(self) -> &'static str`.
macro_rules! static_value {
    ($($type:ty),+ $(,)?) => {$(
        impl $crate::codec::ParamValue for $type {
            fn parse(text: std::borrow::Cow<'_, str>) -> Result<Self, $crate::error::ValueError> {
                text.parse()
            }

            fn text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    )+};
}

pub(crate) use {from_str_value, static_value, string_value};
