//! Lists inside a body, in either version's shape: `2014-08-28` wraps every
//! list in an object of one member named for its item
//! (`"ScalingGroups": {"ScalingGroup": [...]}`), and XML always has that
//! shape; `2022-02-22` has the plain array. Readers take both, and say
//! which came; writers write the one asked for.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::common::ApiVersion;
use crate::fields::{BodyError, Field, FieldSpec, Picker, Sink};
use crate::id::RequestId;

/// A body's list field in either shape: an array (`2022-02-22`), an object
/// whose one member `item` is an array or one item (`2014-08-28`, and XML),
/// or empty text (an XML element without children); absent, no item. The
/// items, and the version whose shape it had (`2014-08-28` when nothing
/// tells).
pub(crate) fn list_field(
    field: Option<Field<'_>>,
    name: &'static str,
    item: &'static str,
) -> Result<(Vec<Value>, ApiVersion), BodyError> {
    let bad = || BodyError::nested(name, format!("expected an array, or an object of {item}"));
    match field {
        None => Ok((Vec::new(), ApiVersion::V2014_08_28)),
        Some(Field::Text(text)) if text.trim().is_empty() => {
            Ok((Vec::new(), ApiVersion::V2014_08_28))
        }
        Some(Field::Value(Value::Array(items))) => Ok((items, ApiVersion::V2022_02_22)),
        Some(Field::Value(Value::Object(mut wrapper))) => {
            let items = wrapper.remove(item);
            match items {
                _ if !wrapper.is_empty() => Err(bad()),
                Some(Value::Array(items)) => Ok((items, ApiVersion::V2014_08_28)),
                Some(one @ Value::Object(_)) => Ok((vec![one], ApiVersion::V2014_08_28)),
                None => Ok((Vec::new(), ApiVersion::V2014_08_28)),
                Some(_) => Err(bad()),
            }
        }
        Some(_) => Err(bad()),
    }
}

/// Items of a body's list, each read with serde; a failure names the list.
pub(crate) fn items<T: for<'de> Deserialize<'de>>(
    values: Vec<Value>,
    name: &'static str,
) -> Result<Vec<T>, BodyError> {
    values
        .into_iter()
        .map(|v| serde_json::from_value(v).map_err(|e| BodyError::nested(name, e.to_string())))
        .collect()
}

/// A list member of an item (`RemovalPolicies`, `Tags`, `CreatedInstances`)
/// in either shape, for `#[serde(deserialize_with)]`: an array, an object
/// of one member that is an array or one item (its name does not matter),
/// one item alone (an XML element that appeared once; an object of one
/// member that is not itself an item is such an item), or empty text.
pub(crate) fn either_shape<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> Deserialize<'a>,
{
    let value = Value::deserialize(deserializer)?;
    let list = match value {
        Value::Null => return Ok(None),
        Value::String(s) if s.trim().is_empty() => Vec::new(),
        Value::Array(items) => items,
        Value::Object(map) if map.len() == 1 => {
            // A wrapper of one member (its name does not matter), or an
            // item that has one member (an allocation of `Amount` alone):
            // the wrapper when its member reads as the items.
            match map.values().next() {
                Some(Value::Array(items)) => items.clone(),
                // `<RemovalPolicy></RemovalPolicy>`: one item, empty.
                Some(one) if serde_json::from_value::<T>(one.clone()).is_ok() => vec![one.clone()],
                _ => vec![Value::Object(map)],
            }
        }
        one => vec![one],
    };
    list.into_iter()
        .map(|v| serde_json::from_value(v).map_err(serde::de::Error::custom))
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

/// An item's members in the order it serializes them (a JSON value's
/// object would sort them), as a list writes them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ordered(Vec<(String, Value)>);

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// An item's members, in order, with each of its list members named in
/// `lists` (`(member, item)`) wrapped under its item's name when `wrapped`
/// (`2014-08-28`, and XML).
pub(crate) fn shaped<T: Serialize>(item: &T, lists: &[(&str, &str)], wrapped: bool) -> Ordered {
    let text = serde_json::to_vec(item).unwrap_or_default();
    let members = crate::json::object(&text).unwrap_or_default();
    let wrap = |name: &str, value: Value| match lists.iter().find(|(member, _)| *member == name) {
        Some((_, inner)) if wrapped => {
            Value::Object(Map::from_iter([((*inner).to_owned(), value)]))
        }
        _ => value,
    };
    Ordered(
        members
            .into_iter()
            .map(|(name, field)| {
                let value = wrap(&name, field.into_value());
                (name.into_owned(), value)
            })
            .collect(),
    )
}

/// The fields of a page of items (`DescribeScalingGroups`,
/// `DescribeScalingActivities`), in the order both have them, the list
/// last.
pub(crate) const fn page_fields(list: &'static str) -> [FieldSpec; 5] {
    [
        FieldSpec::integer("TotalCount"),
        FieldSpec::integer("PageNumber"),
        FieldSpec::integer("PageSize"),
        FieldSpec::text("RequestId"),
        FieldSpec::nested(list),
    ]
}

/// A page's members besides its items.
pub(crate) struct PageHead {
    pub(crate) total_count: u64,
    pub(crate) page_number: u32,
    pub(crate) page_size: u32,
    pub(crate) request_id: RequestId,
}

/// The list a page holds: its member, its item's name (`2014-08-28`), and
/// the list members inside an item, each with its item's name.
pub(crate) struct PageList {
    pub(crate) name: &'static str,
    pub(crate) item: &'static str,
    pub(crate) inner: &'static [(&'static str, &'static str)],
}

impl PageList {
    /// Reads a page of [`page_fields`]: its head,
    /// its items, and the version whose shape the list had.
    pub(crate) fn read<T: for<'de> Deserialize<'de>>(
        &self,
        picker: &mut Picker<'_>,
    ) -> Result<(PageHead, Vec<T>, ApiVersion), BodyError> {
        let head = PageHead {
            total_count: picker.required_integer(0)?,
            page_number: picker.required_integer(1)?,
            page_size: picker.required_integer(2)?,
            request_id: RequestId::from_body(picker.required(3)?),
        };
        let (values, version) = list_field(picker.take_field(4), self.name, self.item)?;
        Ok((head, items(values, self.name)?, version))
    }

    /// Writes a page: its head, then its items in a version's shape.
    pub(crate) fn write<S: Sink, T: Serialize>(
        &self,
        out: &mut S,
        head: &PageHead,
        items: &[T],
        version: ApiVersion,
    ) {
        out.integer("TotalCount", head.total_count);
        out.integer("PageNumber", u64::from(head.page_number));
        out.integer("PageSize", u64::from(head.page_size));
        out.text("RequestId", head.request_id.as_str());
        let wrapped = version == ApiVersion::V2014_08_28;
        let inner = wrapped || out.wraps_lists();
        let items: Vec<Ordered> = items.iter().map(|i| shaped(i, self.inner, inner)).collect();
        out.list(self.name, self.item, &items, wrapped);
    }
}

/// Declares the success body of a page of items: the struct (its head, the
/// list, the version of its shape, the fields it does not know), `new`, its
/// codec and `ResponseBody`.
macro_rules! page_body {
    (
        $(#[$doc:meta])*
        $name:ident {
            $(#[$list_doc:meta])*
            $field:ident: $item_type:ty,
        }
        root: $root:literal,
        list: $list:literal / $item:literal,
        inner: $inner:expr $(,)?
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// `TotalCount`: how many the filters found, on every page.
            pub total_count: u64,
            /// `PageNumber`.
            pub page_number: u32,
            /// `PageSize`.
            pub page_size: u32,
            /// `RequestId`.
            pub request_id: crate::id::RequestId,
            $(#[$list_doc])*
            pub $field: Vec<$item_type>,
            /// The version whose JSON shape the lists have.
            pub version: crate::common::ApiVersion,
            /// Fields the model does not know, kept so they survive a round trip.
            pub extra: crate::fields::ExtraFields,
        }

        impl $name {
            /// An empty first page of `page_size`, of a version's shape.
            pub fn new(
                request_id: crate::id::RequestId,
                version: crate::common::ApiVersion,
                page_size: u32,
            ) -> Self {
                $name {
                    total_count: 0,
                    page_number: 1,
                    page_size,
                    request_id,
                    $field: Vec::new(),
                    version,
                    extra: Vec::new(),
                }
            }
        }

        const FIELDS: [crate::fields::FieldSpec; 5] = crate::nested::page_fields($list);

        /// The list of the page.
        const LIST: crate::nested::PageList =
            crate::nested::PageList { name: $list, item: $item, inner: $inner };

        impl crate::response::sealed::BodyCodec for $name {
            const FIELDS: &'static [crate::fields::FieldSpec] = &FIELDS;
            const JSON_MARKS: &'static [&'static str] = &[$list];

            fn from_picker(
                mut picker: crate::fields::Picker<'_>,
            ) -> Result<Self, crate::fields::BodyError> {
                let extra = picker.extra();
                let (head, $field, version) = LIST.read(&mut picker)?;
                let crate::nested::PageHead { total_count, page_number, page_size, request_id } =
                    head;
                Ok($name { total_count, page_number, page_size, request_id, $field, version, extra })
            }

            fn write<S: crate::fields::Sink>(&self, out: &mut S) {
                let head = crate::nested::PageHead {
                    total_count: self.total_count,
                    page_number: self.page_number,
                    page_size: self.page_size,
                    request_id: self.request_id.clone(),
                };
                LIST.write(out, &head, &self.$field, self.version);
                out.extra(&self.extra);
            }
        }

        crate::response::response_body!($name, $root);
    };
}

pub(crate) use page_body;
