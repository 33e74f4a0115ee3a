//! serde support for [`Request`]: a flat object under the API's parameter
//! names, with `InstanceIds` as an array (whatever the version's wire name)
//! and `ProtectedFromScaleIn` as a bool; extra parameters are top-level
//! string members, in order. The V3 headers, when there are any, are one
//! member, `Headers`: an object of header name (lower case) to value (an
//! extra parameter named `Headers` is then kept in it under the empty name).

use serde::{Deserialize, Serialize};
use serde_with::{serde_as, skip_serializing_none};

use crate::acs::{AcsHeader, AcsHeaders};
use crate::common::{
    ApiVersion, CommonParams, Format, SignatureMethod, SignatureVersion, Timestamp,
};
use crate::id::{InstanceIds, ScalingGroupId};
use crate::request::{ExtraParams, ProtectedFromScaleIn, Request};

#[serde_as]
#[skip_serializing_none]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Wire {
    action: Option<String>,
    version: Option<ApiVersion>,
    scaling_group_id: ScalingGroupId,
    instance_ids: InstanceIds,
    protected_from_scale_in: ProtectedFromScaleIn,
    owner_id: Option<i64>,
    resource_owner_account: Option<String>,
    region_id: Option<String>,
    format: Option<Format>,
    access_key_id: Option<String>,
    signature: Option<String>,
    signature_method: Option<SignatureMethod>,
    signature_version: Option<SignatureVersion>,
    signature_nonce: Option<String>,
    timestamp: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    headers: Option<HeadersMember>,
    #[serde(flatten)]
    #[serde_as(as = "serde_with::Map<_, _>")]
    extra: Vec<(String, String)>,
}

/// ```
/// # use ess_protection::Request;
/// let request: Request = "Action=SetInstancesProtection&Version=2022-02-22&ScalingGroupId=sg\
///                         &InstanceIds.1=i-1&ProtectedFromScaleIn=true&ClientToken=t".parse()?;
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"Action":"SetInstancesProtection","Version":"2022-02-22","ScalingGroupId":"sg","InstanceIds":["i-1"],"ProtectedFromScaleIn":true,"ClientToken":"t"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for Request {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = self.common.clone();
        let mut extra = self.extra.clone().into_vec();
        let headers = if self.acs.is_empty() {
            None
        } else {
            let param = extra.iter().position(|(n, _)| n == "Headers").map(|i| extra.remove(i).1);
            Some(HeadersMember::Headers(self.acs.clone(), param))
        };
        Wire {
            action: Some(Request::ACTION.to_owned()),
            version: Some(self.version),
            scaling_group_id: self.scaling_group_id.clone(),
            instance_ids: self.instance_ids.clone(),
            protected_from_scale_in: self.protected_from_scale_in,
            owner_id: self.owner_id,
            resource_owner_account: self.resource_owner_account.clone(),
            region_id: self.region_id.clone(),
            format: c.format,
            access_key_id: c.access_key_id,
            signature: c.signature,
            signature_method: c.signature_method,
            signature_version: c.signature_version,
            signature_nonce: c.signature_nonce,
            timestamp: c.timestamp,
            headers,
            extra,
        }
        .serialize(serializer)
    }
}

/// `Action` may be left out (it can only be `SetInstancesProtection`), and
/// so may `Version` (the reference page's `2014-08-28` is taken).
impl<'de> Deserialize<'de> for Request {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let wire = Wire::deserialize(deserializer)?;
        if let Some(action) = wire.action.filter(|a| a != Request::ACTION) {
            return Err(D::Error::custom(format_args!(
                "Action: expected {}, got {action:?}",
                Request::ACTION
            )));
        }
        let mut extra = wire.extra;
        let acs = match wire.headers {
            None => AcsHeaders::default(),
            Some(HeadersMember::Param(value)) => {
                extra.push(("Headers".to_owned(), value));
                AcsHeaders::default()
            }
            Some(HeadersMember::Headers(acs, param)) => {
                extra.extend(param.map(|value| ("Headers".to_owned(), value)));
                acs
            }
        };
        let extra = ExtraParams::try_from(extra)
            .map_err(|e| D::Error::custom(format_args!("extra parameter: {e}")))?;
        let mut request =
            Request::new(wire.scaling_group_id, wire.instance_ids, wire.protected_from_scale_in);
        request.version = wire.version.unwrap_or_default();
        request.owner_id = wire.owner_id;
        request.resource_owner_account = wire.resource_owner_account;
        request.region_id = wire.region_id;
        request.common = CommonParams {
            format: wire.format,
            access_key_id: wire.access_key_id,
            signature: wire.signature,
            signature_method: wire.signature_method,
            signature_version: wire.signature_version,
            signature_nonce: wire.signature_nonce,
            timestamp: wire.timestamp,
        };
        request.extra = extra;
        request.acs = acs;
        Ok(request)
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
