//! The fields of a state object the model does not know, kept as their
//! exact JSON text: a 40-digit integer, `-0` or `1e-400` is written back as
//! it was read, byte for byte (a `serde_json::Value` would turn them into
//! `1.2345678901234568e+39`, `-0.0` and `0.0`).
//!
//! The state's structs read their objects with [`keeping_raw_fields!`] rather
//! than `#[serde(flatten)]`, which buffers every value through serde's
//! untyped content and so loses the text before any type sees it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

/// Fields the model does not know, by name (written back in name order),
/// each value kept as its exact JSON text.
///
/// ```
/// use ess_protection::model::State;
///
/// let json = r#"{"ScalingGroups":[],"Big":1234567890123456789012345678901234567890,"Zero":-0}"#;
/// let state: State = json.parse()?;
/// assert_eq!(state.extra().get("Big").map(|v| v.get()), Some("1234567890123456789012345678901234567890"));
/// assert_eq!(serde_json::to_string(&state)?, r#"{"ScalingGroups":[],"Big":1234567890123456789012345678901234567890,"Zero":-0}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct RawFields(BTreeMap<String, Box<RawValue>>);

impl RawFields {
    /// No field.
    pub fn new() -> Self {
        RawFields(BTreeMap::new())
    }

    /// A field's JSON text.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.0.get(name).map(AsRef::as_ref)
    }

    /// Sets a field; returns the value it had.
    pub fn insert(&mut self, name: String, value: Box<RawValue>) -> Option<Box<RawValue>> {
        self.0.insert(name, value)
    }

    /// Removes a field; returns its value.
    pub fn remove(&mut self, name: &str) -> Option<Box<RawValue>> {
        self.0.remove(name)
    }

    /// The fields, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value.as_ref()))
    }

    /// How many fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Reads the value of the field `name` (a key the caller has just read
    /// from `map`).
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        &mut self,
        name: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value: Box<RawValue> = map.next_value()?;
        match self.0.entry(name.0.into_owned()) {
            std::collections::btree_map::Entry::Occupied(field) => {
                Err(de::Error::custom(format_args!("duplicate field `{}`", field.key())))
            }
            std::collections::btree_map::Entry::Vacant(field) => {
                field.insert(value);
                Ok(())
            }
        }
    }
}

/// Two sets of fields are equal when their names and texts are (`1` and
/// `1.0` are not).
impl PartialEq for RawFields {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self.iter().zip(other.iter()).all(|((a, x), (b, y))| a == b && x.get() == y.get())
    }
}

impl Eq for RawFields {}

impl Serialize for RawFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for RawFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = RawFields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFields, A::Error> {
                let mut extra = RawFields::new();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    extra.read(key, &mut map)?;
                }
                Ok(extra)
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// An object's key, borrowed from the input when it can be.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl<'de> Visitor<'de> for Name {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

/// `Deserialize` for a struct of the state: its known fields by their JSON
/// names (`required`: absent is an error; `default`: absent is the type's
/// default), every other field into its `extra: RawFields`, a field given twice
/// an error.
macro_rules! keeping_raw_fields {
    ($ty:ident, $expecting:literal, { $($kind:ident $field:ident: $name:literal,)* }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        $(let mut $field = None;)*
                        let mut extra = $crate::model::raw_fields::RawFields::new();
                        while let Some(key) = map.next_key::<$crate::model::raw_fields::Key<'de>>()? {
                            match key.0.as_ref() {
                                $($name => {
                                    if $field.is_some() {
                                        return Err(serde::de::Error::duplicate_field($name));
                                    }
                                    $field = Some(map.next_value()?);
                                })*
                                _ => extra.read(key, &mut map)?,
                            }
                        }
                        Ok($ty { $($field: keeping_raw_fields!(@finish $kind $field $name),)* extra })
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }
    };
    (@finish required $field:ident $name:literal) => {
        $field.ok_or_else(|| serde::de::Error::missing_field($name))?
    };
    (@finish default $field:ident $name:literal) => {
        $field.unwrap_or_default()
    };
}

pub(crate) use keeping_raw_fields;
