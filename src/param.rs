//! Parameters as the operations declare them: a name per API version, a
//! shape (one value, or a list `Name.1`, `Name.2`, …) and a JSON type; and
//! [`Lookup`], a name index built at compile time. The envelope's own
//! parameters (the common ones and the owner's) are declared here too. A
//! value's text is [`crate::codec`]'s.
//!
//! An operation declares its parameters with [`params!`] (a private macro, so
//! the example is not a doctest):
//!
//! ```text
//! params! {
//!     GROUP = single("ScalingGroupId", Text);
//!     IDS = list("InstanceId", "InstanceIds", Text);
//! }
//! ```
//!
//! which defines one `Param` constant each, numbered in order, the table
//! `PARAMS` and its `LOOKUP`.

use std::borrow::Cow;

use crate::common::ApiVersion;

/// What a value is under serde: a JSON string, number or boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonType {
    Text,
    Integer,
    Boolean,
}

/// How a parameter is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `Name=value`.
    Single,
    /// `Name.1=…&Name.2=…`: from 1 to [`MAX_ITEMS`] values.
    List,
    /// `Name.1.Field=…&Name.1.Other=…&Name.2.Field=…`: from 1 to
    /// [`MAX_ITEMS`] items, each with some of the declared fields.
    Structs,
}

/// The most values a list parameter takes: the reference page's "valid
/// values of N: 1 to 20", applied to every list (this crate's decision for
/// the lists whose page gives no bound).
pub(crate) const MAX_ITEMS: usize = 20;

/// One parameter: its place in its table, its name under each version, its
/// shape and JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Param {
    pub(crate) index: usize,
    /// The name under `2014-08-28` and under `2022-02-22` (the same, but
    /// for the instance list).
    names: [&'static str; 2],
    pub(crate) shape: Shape,
    pub(crate) json_type: JsonType,
    /// The fields of each item of a list of structs (empty for the others).
    pub(crate) fields: &'static [&'static str],
}

impl Param {
    pub(crate) const fn single(index: usize, name: &'static str, json_type: JsonType) -> Param {
        Param { index, names: [name, name], shape: Shape::Single, json_type, fields: &[] }
    }

    pub(crate) const fn list(
        index: usize,
        v2014: &'static str,
        v2022: &'static str,
        json_type: JsonType,
    ) -> Param {
        Param { index, names: [v2014, v2022], shape: Shape::List, json_type, fields: &[] }
    }

    pub(crate) const fn structs(
        index: usize,
        v2014: &'static str,
        v2022: &'static str,
        fields: &'static [&'static str],
    ) -> Param {
        Param {
            index,
            names: [v2014, v2022],
            shape: Shape::Structs,
            json_type: JsonType::Text,
            fields,
        }
    }

    /// Whether it takes `Name.N` keys (a list, or a list of structs).
    pub(crate) const fn is_listed(&self) -> bool {
        !matches!(self.shape, Shape::Single)
    }

    /// The name under a version.
    pub(crate) const fn name(&self, version: ApiVersion) -> &'static str {
        match version {
            ApiVersion::V2014_08_28 => self.names[0],
            ApiVersion::V2022_02_22 => self.names[1],
        }
    }

    /// The name under serde: the `2022-02-22` one (`InstanceIds`, an array).
    pub(crate) const fn json_name(&self) -> &'static str {
        self.names[1]
    }

    /// The name for messages, when the version is not known: the
    /// reference page's.
    pub(crate) const fn shown(&self) -> &'static str {
        self.names[0]
    }

    /// Whether the two versions name it differently.
    pub(crate) const fn renamed(&self) -> bool {
        !eq(self.names[0], self.names[1])
    }

    pub(crate) const fn names(&self) -> [&'static str; 2] {
        self.names
    }
}

const fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// An operation's parameter table: its `Action` and its declared
/// parameters, by name. (Public in a private module: the sealed trait of
/// operations names it.)
#[derive(Debug)]
pub struct ParamTable {
    pub(crate) action: &'static str,
    pub(crate) lookup: Lookup,
}

/// Declares parameters: a `Param` constant each, numbered in order, the
/// table `PARAMS` and its `LOOKUP`.
macro_rules! params {
    ($( $name:ident = $shape:ident($($arg:tt),+); )+) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, dead_code)]
        #[repr(usize)]
        enum Index { $($name),+ }
        $(
            pub(crate) const $name: $crate::param::Param = $crate::param::params!(@ $shape(Index::$name as usize, $($arg),+));
        )+
        pub(crate) const PARAMS: &[$crate::param::Param] = &[$($name),+];
        pub(crate) const LOOKUP: $crate::param::Lookup = $crate::param::Lookup::new(PARAMS);
    };
    (@ single($index:expr, $n:literal, $type:ident)) => {
        $crate::param::Param::single($index, $n, $crate::param::JsonType::$type)
    };
    (@ list($index:expr, $a:literal, $b:literal, $type:ident)) => {
        $crate::param::Param::list($index, $a, $b, $crate::param::JsonType::$type)
    };
    (@ structs($index:expr, $a:literal, $b:literal, [$($field:literal),+])) => {
        $crate::param::Param::structs($index, $a, $b, &[$($field),+])
    };
}

pub(crate) use params;

/// How many names of one length a [`Lookup`] holds.
const BUCKET: usize = 6;

/// A name index built at compile time: the parameters of a table bucketed
/// by the length of their names, so that a lookup compares a name with one
/// or two candidates at most.
#[derive(Debug, Clone, Copy)]
pub struct Lookup {
    /// `buckets[len % 32]`: up to six `(param index + 1, version mask,
    /// first byte, last byte)`; the bytes spare most string comparisons.
    buckets: [[(u8, u8, u8, u8); BUCKET]; 32],
    params: &'static [Param],
}

/// Which versions a name found in a [`Lookup`] belongs to.
pub(crate) const BOTH: u8 = 0b11;

impl Lookup {
    /// Builds the index; a table with more than six names of one length
    /// (modulo 32) does not compile.
    pub(crate) const fn new(params: &'static [Param]) -> Lookup {
        let mut buckets = [[(0u8, 0u8, 0u8, 0u8); BUCKET]; 32];
        let mut p = 0;
        while p < params.len() {
            assert!(params[p].index == p, "parameters must be numbered in order");
            let mut v = 0;
            while v < 2 {
                let name = params[p].names[v];
                let mask = if params[p].renamed() { 1 << v } else { BOTH };
                if v == 0 || params[p].renamed() {
                    let bucket = &mut buckets[name.len() % 32];
                    let mut i = 0;
                    while bucket[i].0 != 0 {
                        i += 1;
                        assert!(i < BUCKET, "too many names of one length");
                    }
                    let bytes = name.as_bytes();
                    bucket[i] = (p as u8 + 1, mask, bytes[0], bytes[bytes.len() - 1]);
                }
                v += 1;
            }
            p += 1;
        }
        Lookup { buckets, params }
    }

    /// The parameter of a name, with the versions whose name it is.
    pub(crate) fn find(&self, name: &str) -> Option<(&'static Param, u8)> {
        self.candidates(name).next()
    }

    /// The parameter of a name, preferring one that takes `Name.N` keys
    /// (`listed`) or one that does not: `ScalingGroupName` is a single
    /// parameter of `DescribeScalingGroups` and, in `2014-08-28`, the name
    /// of a list too.
    pub(crate) fn find_preferring(&self, name: &str, listed: bool) -> Option<(&'static Param, u8)> {
        let mut found = None;
        for (param, mask) in self.candidates(name) {
            if param.is_listed() == listed {
                return Some((param, mask));
            }
            found = found.or(Some((param, mask)));
        }
        found
    }

    fn candidates<'s>(&'s self, name: &'s str) -> impl Iterator<Item = (&'static Param, u8)> + 's {
        let bucket = self.buckets.get(name.len() % 32).map(|b| b.as_slice()).unwrap_or_default();
        let ends = (name.as_bytes().first().copied(), name.as_bytes().last().copied());
        bucket.iter().take_while(|e| e.0 != 0).filter_map(move |&(p, mask, f, l)| {
            if (Some(f), Some(l)) != ends {
                return None;
            }
            let param = self.params.get(usize::from(p) - 1)?;
            let v = if mask == 2 { 1 } else { 0 };
            (param.names[v] == name).then_some((param, mask))
        })
    }

    /// The parameters, in declaration order.
    #[allow(dead_code, reason = "used by const assertions, which rustc before 1.89 does not count")]
    pub(crate) const fn params(&self) -> &'static [Param] {
        self.params
    }
}

/// The key of a list's `n`-th value (`n` from 1): `InstanceId.3`. Keys of
/// the instance lists come from a static table.
pub(crate) fn list_key(name: &'static str, n: usize) -> Cow<'static, str> {
    let table = match name {
        "InstanceId" => &INSTANCE_ID_KEYS,
        "InstanceIds" => &INSTANCE_IDS_KEYS,
        _ => return Cow::Owned(format!("{name}.{n}")),
    };
    match n.checked_sub(1).and_then(|i| table.get(i)) {
        Some(key) => Cow::Borrowed(key),
        None => Cow::Owned(format!("{name}.{n}")),
    }
}

/// Splits a list key at its first `.`: `InstanceIds.3` gives
/// `("InstanceIds", Some("3"))`, a bare `InstanceId` `("InstanceId", None)`.
pub(crate) fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((name, index)) => (name, Some(index)),
        None => (key, None),
    }
}

/// Parses a list index: a plain decimal from 1 to [`MAX_ITEMS`].
pub(crate) fn parse_index(s: &str) -> Result<usize, IndexError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return Err(IndexError::Syntax);
    }
    match s.parse::<usize>() {
        Ok(n @ 1..=MAX_ITEMS) => Ok(n),
        _ => Err(IndexError::Range),
    }
}

/// Why a list key's index is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IndexError {
    /// Not a plain decimal number.
    Syntax,
    /// Outside 1 to 20.
    Range,
}

/// Every key of the instance lists, written without an allocation.
const INSTANCE_ID_KEYS: [&str; MAX_ITEMS] = [
    "InstanceId.1",
    "InstanceId.2",
    "InstanceId.3",
    "InstanceId.4",
    "InstanceId.5",
    "InstanceId.6",
    "InstanceId.7",
    "InstanceId.8",
    "InstanceId.9",
    "InstanceId.10",
    "InstanceId.11",
    "InstanceId.12",
    "InstanceId.13",
    "InstanceId.14",
    "InstanceId.15",
    "InstanceId.16",
    "InstanceId.17",
    "InstanceId.18",
    "InstanceId.19",
    "InstanceId.20",
];

const INSTANCE_IDS_KEYS: [&str; MAX_ITEMS] = [
    "InstanceIds.1",
    "InstanceIds.2",
    "InstanceIds.3",
    "InstanceIds.4",
    "InstanceIds.5",
    "InstanceIds.6",
    "InstanceIds.7",
    "InstanceIds.8",
    "InstanceIds.9",
    "InstanceIds.10",
    "InstanceIds.11",
    "InstanceIds.12",
    "InstanceIds.13",
    "InstanceIds.14",
    "InstanceIds.15",
    "InstanceIds.16",
    "InstanceIds.17",
    "InstanceIds.18",
    "InstanceIds.19",
    "InstanceIds.20",
];

/// The envelope's parameters, which every operation has: `Action`,
/// `Version`, the other common parameters of signature 1.0, and the
/// owner's (`OwnerId`, `OwnerAccount`, `ResourceOwnerId`,
/// `ResourceOwnerAccount`, which every Auto Scaling operation takes).
pub(crate) mod envelope {
    params! {
        ACTION = single("Action", Text);
        VERSION = single("Version", Text);
        FORMAT = single("Format", Text);
        ACCESS_KEY_ID = single("AccessKeyId", Text);
        SIGNATURE = single("Signature", Text);
        SIGNATURE_METHOD = single("SignatureMethod", Text);
        SIGNATURE_VERSION = single("SignatureVersion", Text);
        SIGNATURE_NONCE = single("SignatureNonce", Text);
        TIMESTAMP = single("Timestamp", Text);
        SECURITY_TOKEN = single("SecurityToken", Text);
        OWNER_ID = single("OwnerId", Integer);
        OWNER_ACCOUNT = single("OwnerAccount", Text);
        RESOURCE_OWNER_ID = single("ResourceOwnerId", Integer);
        RESOURCE_OWNER_ACCOUNT = single("ResourceOwnerAccount", Text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_every_name_and_no_other() {
        let lookup = envelope::LOOKUP;
        for p in lookup.params() {
            assert_eq!(lookup.find(p.shown()).map(|(q, _)| q.index), Some(p.index));
        }
        assert!(lookup.find("action").is_none());
        assert!(lookup.find("").is_none());
    }

    #[test]
    fn list_keys() {
        assert_eq!(list_key("InstanceIds", 20), "InstanceIds.20");
        assert_eq!(list_key("InstanceId", 21), "InstanceId.21");
        assert_eq!(list_key("LifecycleStates", 2), "LifecycleStates.2");
        assert_eq!(parse_index("20"), Ok(20));
        assert_eq!(parse_index("21"), Err(IndexError::Range));
        assert_eq!(parse_index("0"), Err(IndexError::Range));
        assert_eq!(parse_index("01"), Err(IndexError::Syntax));
        assert_eq!(parse_index("x"), Err(IndexError::Syntax));
        assert_eq!(parse_index(""), Err(IndexError::Syntax));
    }
}
