//! serde support for [`Request`], through the same machinery as the wire:
//! a flat object under the API's parameter names, the envelope's and the
//! operation's, a list as an array under its `2022-02-22` name (the
//! instance list is `InstanceIds` whatever the version), an integer
//! parameter as a number and a boolean one as a bool; extra parameters are
//! top-level string members, in order. Deserializing turns the members into
//! pairs and parses them strictly, so a request read from JSON is checked
//! exactly as one read from a query (the error is the [`Rejection`]'s
//! account).
//!
//! The V3 headers, when there are any, are one member, `Headers`: an object
//! of header name (lower case) to value (an extra parameter named `Headers`
//! is then kept in it under the empty name).

use std::borrow::Cow;

use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::serde_as;

use crate::acs::{AcsHeader, AcsHeaders};
use crate::common::ApiVersion;
use crate::decode::{Decoder, Pair};
use crate::encode::Written;
use crate::operation::Operation;
use crate::param::{self, JsonType, Param, Shape, envelope};
use crate::problem::Rejection;
use crate::request::Request;

/// A value written under its kind: a string, a number or a bool.
struct Typed<'a>(JsonType, &'a str);

impl Serialize for Typed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.0, self.1) {
            (JsonType::Integer, text) => match text.parse::<i64>() {
                Ok(n) => serializer.serialize_i64(n),
                Err(_) => serializer.serialize_str(text),
            },
            (JsonType::Boolean, text) => serializer.serialize_bool(text == "true"),
            (JsonType::Text, text) => serializer.serialize_str(text),
        }
    }
}

/// A list of structs: an array of objects of their fields (strings).
struct StructList<'a>(&'static [&'static str], &'a [Vec<Option<Cow<'a, str>>>]);

impl Serialize for StructList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.1.iter().map(|item| {
            let fields = self.0.iter().zip(item).filter_map(|(f, v)| Some((*f, v.as_deref()?)));
            serde_json::Map::from_iter(fields.map(|(f, v)| (f.to_owned(), Value::from(v))))
        }))
    }
}

/// A list's values under their kind.
struct TypedList<'a>(JsonType, &'a [Cow<'a, str>]);

impl Serialize for TypedList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.1.iter().map(|v| Typed(self.0, v)))
    }
}

/// ```
/// # use ess_protection::{Request, SetInstancesProtection};
/// let request: Request<SetInstancesProtection> = "Action=SetInstancesProtection&Version=2022-02-22\
///     &ScalingGroupId=sg&InstanceIds.1=i-1&ProtectedFromScaleIn=true&ClientToken=t".parse()?;
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"Action":"SetInstancesProtection","Version":"2022-02-22","ScalingGroupId":"sg","InstanceIds":["i-1"],"ProtectedFromScaleIn":true,"ClientToken":"t"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<O: Operation> Serialize for Request<O> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let written = self.write();
        let mut extra: Vec<(&str, &str)> = self.extra.iter().collect();
        let headers = if self.acs.is_empty() {
            None
        } else {
            let param = extra.iter().position(|(n, _)| *n == "Headers").map(|i| extra.remove(i).1);
            Some(HeadersMember::Headers(self.acs.clone(), param.map(str::to_owned)))
        };
        let mut map = serializer.serialize_map(None)?;
        for (p, value) in &written.params {
            match value {
                Written::One(text) => {
                    map.serialize_entry(p.json_name(), &Typed(p.json_type, text))?
                }
                Written::Many(values) => {
                    map.serialize_entry(p.json_name(), &TypedList(p.json_type, values))?;
                }
                Written::Structs(items) => {
                    map.serialize_entry(p.json_name(), &StructList(p.fields, items))?;
                }
            }
        }
        if let Some(headers) = &headers {
            map.serialize_entry("Headers", headers)?;
        }
        for (name, value) in extra {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// `Action` may be left out of a request of one operation (it can only be
/// that operation's), and so may `Version` (the reference page's
/// `2014-08-28` is taken). A request of any operation needs `Action`.
impl<'de, O: Operation> Deserialize<'de> for Request<O> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // In order, so that extra parameters keep theirs.
        #[serde_as]
        #[derive(Deserialize)]
        struct Members(#[serde_as(as = "serde_with::Map<_, _>")] Vec<(String, Value)>);
        let Members(members) = Members::deserialize(deserializer)?;
        let get = |name: &str| members.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        let action = match get("Action") {
            Some(Value::String(action)) => Some(action.as_str()),
            Some(_) => return Err(D::Error::custom("Action: expected a string")),
            None => None,
        };
        let spec = match O::table(action) {
            Ok(spec) => Some(spec),
            Err(None) if action.is_none() => {
                return Err(D::Error::custom("Action: absent, so the operation is not known"));
            }
            Err(fallback) => fallback,
        };
        let version = match get("Version") {
            Some(Value::String(v)) => v.parse().unwrap_or_default(),
            _ => ApiVersion::default(),
        };
        let mut decoder = Decoder::new(false);
        if action.is_none() && spec.is_some() {
            decoder.pairs.push(pair("Action", spec.map_or("", |s| s.action)));
        }
        if get("Version").is_none() {
            decoder.pairs.push(pair("Version", ApiVersion::default().as_str()));
        }
        let mut acs = AcsHeaders::default();
        for (name, value) in &members {
            if name == "Headers" {
                match HeadersMember::deserialize(value).map_err(D::Error::custom)? {
                    HeadersMember::Param(value) => decoder.pairs.push(pair(name, &value)),
                    HeadersMember::Headers(headers, param) => {
                        acs = headers;
                        if let Some(value) = param {
                            decoder.pairs.push(pair(name, &value));
                        }
                    }
                }
                continue;
            }
            let p = envelope::LOOKUP
                .find(name)
                .or_else(|| spec.and_then(|s| s.lookup.find_preferring(name, false)))
                .map(|(p, _)| p);
            member(&mut decoder.pairs, name, value, p, version, spec.is_some())
                .map_err(D::Error::custom)?;
        }
        crate::parse::finish(decoder, acs).map(|parsed| parsed.request).map_err(|r: Rejection| {
            let problems: Vec<String> = r.problems().iter().map(ToString::to_string).collect();
            D::Error::custom(problems.join("; "))
        })
    }
}

fn pair(name: &str, value: &str) -> Pair<'static> {
    Pair::new(Cow::Owned(name.to_owned()), Some(Cow::Owned(value.to_owned())))
}

/// One member as pairs: a parameter's value under its kind, a list's
/// values as `Name.N` under the version's name, an extra parameter's string.
fn member(
    pairs: &mut Vec<Pair<'static>>,
    name: &str,
    value: &Value,
    p: Option<&Param>,
    version: ApiVersion,
    known_operation: bool,
) -> Result<(), String> {
    let text = |kind: JsonType, value: &Value| -> Result<String, String> {
        match (kind, value) {
            (JsonType::Text, Value::String(s)) => Ok(s.clone()),
            (JsonType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
            (JsonType::Boolean, Value::Bool(b)) => Ok(b.to_string()),
            (JsonType::Text, _) => Err(format!("{name}: expected a string")),
            (JsonType::Integer, _) => Err(format!("{name}: expected an integer")),
            (JsonType::Boolean, _) => Err(format!("{name}: expected a boolean")),
        }
    };
    match p {
        Some(p) if p.shape == Shape::List && p.json_name() == name => {
            let Value::Array(items) = value else {
                return Err(format!("{name}: expected an array"));
            };
            for (i, item) in items.iter().enumerate() {
                let key = param::list_key(p.name(version), i + 1);
                pairs.push(pair(&key, &text(p.json_type, item)?));
            }
            Ok(())
        }
        Some(p) if p.shape == Shape::Single => {
            pairs.push(pair(name, &text(p.json_type, value)?));
            Ok(())
        }
        Some(p) if p.shape == Shape::Structs && p.json_name() == name => {
            let Value::Array(items) = value else {
                return Err(format!("{name}: expected an array of objects"));
            };
            for (i, item) in items.iter().enumerate() {
                let Value::Object(fields) = item else {
                    return Err(format!("{name}: expected an array of objects"));
                };
                for (field, value) in fields {
                    let key = format!("{}.{}.{field}", p.name(version), i + 1);
                    pairs.push(pair(&key, &text(JsonType::Text, value)?));
                }
            }
            Ok(())
        }
        Some(_) => Err(format!("{name}: a list is an array under its 2022-02-22 name")),
        None if known_operation && crate::operation::is_reserved(name) && name.contains('.') => {
            Err(format!("{name}: a list is an array under its 2022-02-22 name"))
        }
        None => {
            pairs.push(pair(name, &text(JsonType::Text, value)?));
            Ok(())
        }
    }
}

/// The V3 headers as `(name, value)` pairs: the known ones first, in a
/// fixed order, then the others in theirs.
fn acs_entries(acs: &AcsHeaders) -> Vec<(String, String)> {
    let known = [
        (AcsHeader::Date, acs.date.map(|d| d.to_string())),
        (AcsHeader::SignatureNonce, acs.signature_nonce.clone()),
        (AcsHeader::ContentSha256, acs.content_sha256.clone()),
        (AcsHeader::SecurityToken, acs.security_token.clone()),
        (AcsHeader::Authorization, acs.authorization.as_ref().map(ToString::to_string)),
    ];
    known
        .into_iter()
        .filter_map(|(h, v)| Some((h.name().to_owned(), v?)))
        .chain(acs.extra.iter().cloned())
        .collect()
}

/// The V3 headers of `(name, value)` pairs, or what is wrong with one.
fn acs_from(pairs: Vec<(String, String)>) -> Result<AcsHeaders, String> {
    let mut acs = AcsHeaders::default();
    for (name, value) in pairs {
        let bad = |e: &dyn std::fmt::Display| format!("{name}: {e}");
        match AcsHeader::of(&name) {
            Some(AcsHeader::Date) => acs.date = Some(value.parse().map_err(|e| bad(&e))?),
            Some(AcsHeader::SignatureNonce) => acs.signature_nonce = Some(value),
            Some(AcsHeader::ContentSha256) => acs.content_sha256 = Some(value),
            Some(AcsHeader::SecurityToken) => acs.security_token = Some(value),
            Some(AcsHeader::Authorization) => {
                acs.authorization = Some(value.parse().map_err(|e| bad(&e))?);
            }
            Some(AcsHeader::Other) => acs.extra.push((name.to_ascii_lowercase(), value)),
            Some(AcsHeader::Action | AcsHeader::Version) => {
                return Err(bad(&"is the request's Action or Version, not a header to keep"));
            }
            None => return Err(bad(&"not a header of the API (x-acs-* or Authorization)")),
        }
    }
    Ok(acs)
}

#[serde_as]
#[derive(Deserialize)]
struct Pairs(#[serde_as(as = "serde_with::Map<_, _>")] Vec<(String, String)>);

/// The V3 headers as an object of lower-case header name to value.
impl Serialize for AcsHeaders {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(acs_entries(self))
    }
}

impl<'de> Deserialize<'de> for AcsHeaders {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        acs_from(Pairs::deserialize(deserializer)?.0).map_err(serde::de::Error::custom)
    }
}

/// The request's `Headers` member. A parameter name can be any string, so
/// an extra parameter may be named `Headers` too: a string is that
/// parameter's value, an object the V3 headers. When a request has both,
/// the parameter's value goes in the object under the empty name, which no
/// header can have.
enum HeadersMember {
    Param(String),
    Headers(AcsHeaders, Option<String>),
}

impl Serialize for HeadersMember {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            HeadersMember::Param(value) => serializer.serialize_str(value),
            HeadersMember::Headers(acs, param) => {
                let param = param.iter().map(|v| (String::new(), v.clone()));
                serializer.collect_map(acs_entries(acs).into_iter().chain(param))
            }
        }
    }
}

impl<'de> Deserialize<'de> for HeadersMember {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Param(String),
            Headers(Pairs),
        }
        Ok(match Either::deserialize(deserializer)? {
            Either::Param(value) => HeadersMember::Param(value),
            Either::Headers(Pairs(mut pairs)) => {
                let at = pairs.iter().position(|(n, _)| n.is_empty());
                let param = at.map(|i| pairs.remove(i).1);
                HeadersMember::Headers(acs_from(pairs).map_err(serde::de::Error::custom)?, param)
            }
        })
    }
}
