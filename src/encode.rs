//! The request side's writer, serde's `ser` to [`crate::decode`]'s `de`:
//! the [`Writer`] each operation writes its parameters into, which knows no
//! operation. Encoding, signing and serde all start from what it holds.

use std::borrow::Cow;

use crate::codec::ParamValue;
use crate::common::ApiVersion;
use crate::id::List;
use crate::param::{self, Param};

/// What a request writes: each parameter it has, with its value or values,
/// in the order written; the shared stage behind encoding, signing and
/// serde.
pub struct Writer<'a> {
    pub(crate) params: Vec<(Param, Written<'a>)>,
}

/// A parameter's value, a list's values in order of `N`, or a list of
/// structs' items in order of `N` (each its fields in their declared order,
/// `None` where absent).
pub(crate) enum Written<'a> {
    One(Cow<'a, str>),
    Many(Vec<Cow<'a, str>>),
    Structs(Vec<Vec<Option<Cow<'a, str>>>>),
}

impl<'a> Writer<'a> {
    pub(crate) fn new() -> Self {
        Writer { params: Vec::with_capacity(24) }
    }

    /// A value.
    pub(crate) fn one<T: ParamValue>(&mut self, p: Param, value: &'a T) {
        self.params.push((p, Written::One(value.text())));
    }

    /// A value, when there is one.
    pub(crate) fn optional<T: ParamValue>(&mut self, p: Param, value: &'a Option<T>) {
        if let Some(value) = value {
            self.one(p, value);
        }
    }

    /// A list.
    pub(crate) fn list<T: ParamValue>(&mut self, p: Param, values: &'a List<T>) {
        self.params.push((p, Written::Many(values.iter().map(ParamValue::text).collect())));
    }

    /// A list of structs: each item's fields in their declared order.
    pub(crate) fn structs(&mut self, p: Param, items: Vec<Vec<Option<Cow<'a, str>>>>) {
        if !items.is_empty() {
            self.params.push((p, Written::Structs(items)));
        }
    }

    /// The pairs on the wire under a version, decoded: a list as
    /// `Name.1`, `Name.2`, …; a list of structs as `Name.1.Field`, ….
    pub(crate) fn pairs(self, version: ApiVersion) -> Vec<(Cow<'a, str>, Cow<'a, str>)> {
        let mut out = Vec::with_capacity(self.params.len() + 20);
        for (p, written) in self.params {
            match written {
                Written::One(value) => out.push((Cow::Borrowed(p.name(version)), value)),
                Written::Many(values) => out.extend(
                    values
                        .into_iter()
                        .enumerate()
                        .map(|(i, value)| (param::list_key(p.name(version), i + 1), value)),
                ),
                Written::Structs(items) => {
                    for (i, item) in items.into_iter().enumerate() {
                        for (field, value) in p.fields.iter().zip(item) {
                            if let Some(value) = value {
                                let key = format!("{}.{}.{field}", p.name(version), i + 1);
                                out.push((Cow::Owned(key), value));
                            }
                        }
                    }
                }
            }
        }
        out
    }
}
