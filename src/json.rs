//! Reading a JSON body's members into a [`Picker`] (names and strings
//! borrowed from the body where they have no escapes), and writing members
//! in order.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::fields::{BodyError, BodyErrorKind, Field, Fields, Picker, Sink};

/// A JSON object's members, in order; names and string values borrowed
/// from the body where they have no escapes.
struct Members<'de>(Fields<'de>);

/// A member name or string value, borrowed where it can be.
struct Text<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A member's value: a string kept as text, anything else as a JSON value.
struct Member<'de>(Field<'de>);

impl<'de> serde::Deserialize<'de> for Member<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Member<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Member<'de>, E> {
                Ok(Member(Field::Text(Cow::Borrowed(s))))
            }
            fn visit_str<E>(self, s: &str) -> Result<Member<'de>, E> {
                Ok(Member(Field::Text(Cow::Owned(s.to_owned()))))
            }
            fn visit_string<E>(self, s: String) -> Result<Member<'de>, E> {
                Ok(Member(Field::Text(Cow::Owned(s))))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::Bool(v))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::from(v))))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::from(v))))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::from(v))))
            }
            fn visit_unit<E>(self) -> Result<Member<'de>, E> {
                Ok(Member(Field::Value(Value::Null)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Member<'de>, A::Error> {
                let value = <Value as serde::Deserialize>::deserialize(
                    serde::de::value::SeqAccessDeserializer::new(seq),
                )?;
                Ok(Member(Field::Value(value)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Member<'de>, A::Error> {
                let value = <Value as serde::Deserialize>::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(Member(Field::Value(value)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some((Text(name), Member(value))) = map.next_entry()? {
                    members.push((name, value));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// Reads a JSON object's members straight into a picker (no list of
/// members in between).
pub(crate) fn into<'a>(body: &'a [u8], picker: Picker<'a>) -> Result<Picker<'a>, BodyError> {
    struct Seed<'p, 'a> {
        picker: &'p mut Picker<'a>,
        /// The picker's own error, which serde can only carry as text.
        failed: &'p mut Option<BodyError>,
    }
    impl<'de> serde::de::DeserializeSeed<'de> for Seed<'_, 'de> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_, 'de> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(Text(name)) = map.next_key()? {
                let Member(value) = map.next_value()?;
                if let Err(e) = self.picker.field(name, value) {
                    *self.failed = Some(e);
                    return Err(serde::de::Error::custom("picker"));
                }
            }
            Ok(())
        }
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut picker = picker;
    let mut failed = None;
    let mut de = serde_json::Deserializer::from_slice(body);
    let result = serde::de::DeserializeSeed::deserialize(
        Seed { picker: &mut picker, failed: &mut failed },
        &mut de,
    )
    .and_then(|()| de.end());
    match (result, failed) {
        (Ok(()), _) => Ok(picker),
        (Err(_), Some(e)) => Err(e),
        (Err(e), None) => Err(error(body, &e)),
    }
}

/// The error of a JSON body that serde_json could not read.
fn error(body: &[u8], e: &serde_json::Error) -> BodyError {
    if body.trim_ascii().is_empty() {
        BodyError::new(BodyErrorKind::Empty)
    } else if std::str::from_utf8(body).is_err() {
        // serde_json checks UTF-8 as it reads; say so plainly.
        BodyError::new(BodyErrorKind::NotUtf8)
    } else if e.is_data() {
        BodyError::new(BodyErrorKind::NotObject)
    } else {
        BodyError::new(BodyErrorKind::Json(e.to_string()))
    }
}

pub(crate) fn object(body: &[u8]) -> Result<Fields<'_>, BodyError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    serde_json::from_slice::<Members<'_>>(body).map(|m| m.0).map_err(|e| error(body, &e))
}

/// A JSON object written member by member, in order, compact.
pub struct Object {
    out: Vec<u8>,
    first: bool,
}

impl Object {
    pub(crate) fn new() -> Self {
        Object { out: vec![b'{'], first: true }
    }

    fn key(&mut self, name: &str) {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        // Writing a string or a JSON value to a vector cannot fail.
        let _ = serde_json::to_writer(&mut self.out, name);
        self.out.push(b':');
    }

    /// A member of any value.
    pub(crate) fn value(&mut self, name: &str, value: &(impl serde::Serialize + ?Sized)) {
        self.key(name);
        let _ = serde_json::to_writer(&mut self.out, value);
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push(b'}');
        // serde_json writes UTF-8.
        String::from_utf8(self.out).unwrap_or_default()
    }
}

impl Sink for Object {
    fn text(&mut self, name: &str, value: &str) {
        self.value(name, value);
    }

    fn integer(&mut self, name: &str, value: u64) {
        self.value(name, &value);
    }

    fn list<T: serde::Serialize>(&mut self, name: &str, item: &str, items: &[T], wrapped: bool) {
        self.key(name);
        if wrapped {
            self.out.push(b'{');
            let _ = serde_json::to_writer(&mut self.out, item);
            self.out.push(b':');
        }
        let _ = serde_json::to_writer(&mut self.out, items);
        if wrapped {
            self.out.push(b'}');
        }
    }

    fn extra(&mut self, extra: &[(String, Value)]) {
        for (name, value) in extra {
            self.value(name, value);
        }
    }
}
