//! The request model: [`Request`], [`ProtectedFromScaleIn`] and
//! [`ExtraParams`].

use std::fmt;
use std::str::FromStr;

use crate::acs::AcsHeaders;
use crate::common::{ApiVersion, CommonParams};
use crate::error::{Kind, ValueError};
use crate::id::{InstanceIds, ScalingGroupId};
use crate::param;

/// The `ProtectedFromScaleIn` parameter: whether the instances are protected
/// from scale-in.
///
/// Parsing accepts `true` and `false` in any ASCII letter case (the Go and
/// Java SDKs send `true`, the Python SDKs `True`, the reference page lists
/// `True` and `False`) and nothing else; it encodes as lowercase.
///
/// ```
/// use ess_protection::ProtectedFromScaleIn;
///
/// let p: ProtectedFromScaleIn = "True".parse()?;
/// assert!(p.get());
/// assert_eq!(p.to_string(), "true");
/// for bad in ["1", "yes", "", " true"] {
///     assert!(bad.parse::<ProtectedFromScaleIn>().is_err());
/// }
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ProtectedFromScaleIn(bool);

impl ProtectedFromScaleIn {
    /// Protection enabled.
    pub const PROTECTED: Self = ProtectedFromScaleIn(true);
    /// Protection disabled.
    pub const UNPROTECTED: Self = ProtectedFromScaleIn(false);

    /// The flag as a `bool`.
    pub const fn get(self) -> bool {
        self.0
    }

    /// `"true"` or `"false"`, as this crate encodes it.
    pub const fn as_str(self) -> &'static str {
        if self.0 { "true" } else { "false" }
    }
}

impl From<bool> for ProtectedFromScaleIn {
    fn from(b: bool) -> Self {
        ProtectedFromScaleIn(b)
    }
}

impl From<ProtectedFromScaleIn> for bool {
    fn from(p: ProtectedFromScaleIn) -> bool {
        p.0
    }
}

impl FromStr for ProtectedFromScaleIn {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        if s.eq_ignore_ascii_case("true") {
            Ok(ProtectedFromScaleIn(true))
        } else if s.eq_ignore_ascii_case("false") {
            Ok(ProtectedFromScaleIn(false))
        } else if s.is_empty() {
            Err(ValueError::new(Kind::Empty))
        } else {
            Err(ValueError::new(Kind::NotBoolean))
        }
    }
}

impl fmt::Display for ProtectedFromScaleIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ProtectedFromScaleIn {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ProtectedFromScaleIn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer).map(ProtectedFromScaleIn)
    }
}

/// Parameters the model does not know, kept in the order they came so that
/// nothing is lost: encoding writes them again, and a signature covers them.
///
/// Names are unique, and none is a parameter of the model (`Action`,
/// `RegionId`, any `InstanceId…` or `InstanceIds…` key, …): the model's own
/// fields carry those.
///
/// ```
/// use ess_protection::ExtraParams;
///
/// let mut extra = ExtraParams::new();
/// extra.insert("ClientToken", "abc")?;
/// assert_eq!(extra.get("ClientToken"), Some("abc"));
/// assert!(extra.insert("ClientToken", "again").is_err()); // repeated
/// assert!(extra.insert("RegionId", "cn-hangzhou").is_err()); // a model field
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
///
/// Two sets are equal when they hold the same pairs in any order: names are
/// unique, and the canonical encoding sorts them anyway, so order carries no
/// meaning on the wire (it is kept only so that nothing is reordered by
/// surprise).
#[derive(Debug, Clone, Default)]
pub struct ExtraParams(Vec<(String, String)>);

impl ExtraParams {
    fn sorted(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = self.iter().collect();
        pairs.sort_unstable();
        pairs
    }
}

impl PartialEq for ExtraParams {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.sorted() == other.sorted()
    }
}

impl Eq for ExtraParams {}

impl std::hash::Hash for ExtraParams {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.sorted().hash(state);
    }
}

impl ExtraParams {
    /// No extra parameters.
    pub const fn new() -> Self {
        ExtraParams(Vec::new())
    }

    /// Appends a parameter (in time linear in the number already held; build
    /// a large set at once with `TryFrom<Vec<_>>`).
    ///
    /// # Errors
    ///
    /// When the name is already present or belongs to the model.
    pub fn insert(
        &mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Result<(), ValueError> {
        let name = name.into();
        if param::is_reserved(&name) {
            return Err(ValueError::new(Kind::ReservedName));
        }
        if self.get(&name).is_some() {
            return Err(ValueError::new(Kind::DuplicateName));
        }
        self.0.push((name, value.into()));
        Ok(())
    }

    /// The value of a parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The parameters as `(name, value)` pairs, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The pairs, in order.
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.0
    }

    /// Builds the set from pairs already known to be unique and unreserved.
    pub(crate) fn from_vec_unchecked(pairs: Vec<(String, String)>) -> Self {
        ExtraParams(pairs)
    }
}

impl TryFrom<Vec<(String, String)>> for ExtraParams {
    type Error = ValueError;

    /// Checks every name in `O(n log n)`.
    fn try_from(pairs: Vec<(String, String)>) -> Result<Self, ValueError> {
        if pairs.iter().any(|(n, _)| param::is_reserved(n)) {
            return Err(ValueError::new(Kind::ReservedName));
        }
        let mut names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w.first() == w.last()) {
            return Err(ValueError::new(Kind::DuplicateName));
        }
        Ok(ExtraParams(pairs))
    }
}

/// A `SetInstancesProtection` request: every parameter, typed and validated.
///
/// A client builds one from the three operation parameters with
/// [`Request::new`] and sets the optional fields it needs; a server gets one
/// from [`Parser`](crate::Parser). `Display` writes the canonical query
/// string and `FromStr` parses a query strictly.
///
/// ```
/// use ess_protection::{ApiVersion, Request};
///
/// let mut request = Request::new(
///     "AG6CQdPU8OKdwLjgZcJ2eaQ".parse()?,
///     ["i-28wt48iaa".parse()?, "i-28wt48ibb".parse()?].to_vec().try_into()?,
///     true.into(),
/// );
/// request.region_id = Some("cn-hangzhou".into());
/// assert_eq!(
///     request.to_string(),
///     "Action=SetInstancesProtection&InstanceId.1=i-28wt48iaa&InstanceId.2=i-28wt48ibb\
///      &ProtectedFromScaleIn=true&RegionId=cn-hangzhou\
///      &ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ&Version=2014-08-28"
/// );
///
/// request.version = ApiVersion::V2022_02_22;
/// assert!(request.to_string().contains("InstanceIds.2=i-28wt48ibb"));
/// # Ok::<(), ess_protection::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Request {
    /// `Version`; it decides the wire name of the instance list.
    pub version: ApiVersion,
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `InstanceId.N` (2014-08-28) or `InstanceIds.N` (2022-02-22), in order of N.
    pub instance_ids: InstanceIds,
    /// `ProtectedFromScaleIn`.
    pub protected_from_scale_in: ProtectedFromScaleIn,
    /// `OwnerId`, a 64-bit integer.
    pub owner_id: Option<i64>,
    /// `ResourceOwnerAccount`.
    pub resource_owner_account: Option<String>,
    /// `RegionId`.
    pub region_id: Option<String>,
    /// The common parameters other than `Action` and `Version`.
    pub common: CommonParams,
    /// Every parameter the model does not know, in order.
    pub extra: ExtraParams,
    /// The headers of signature V3 the request came with (empty for a
    /// request parsed from a query string or built by a client).
    pub acs: AcsHeaders,
}

impl Request {
    /// The value of `Action` for this operation.
    pub const ACTION: &'static str = "SetInstancesProtection";

    /// An unsigned request of the reference page's version (`2014-08-28`)
    /// with no optional parameter.
    pub fn new(
        scaling_group_id: ScalingGroupId,
        instance_ids: InstanceIds,
        protected_from_scale_in: ProtectedFromScaleIn,
    ) -> Self {
        Request {
            version: ApiVersion::default(),
            scaling_group_id,
            instance_ids,
            protected_from_scale_in,
            owner_id: None,
            resource_owner_account: None,
            region_id: None,
            common: CommonParams::default(),
            extra: ExtraParams::new(),
            acs: AcsHeaders::default(),
        }
    }

    /// The format the response must be in: `Format`, or JSON by default.
    pub fn response_format(&self) -> crate::Format {
        self.common.format.unwrap_or_default()
    }

    /// Every parameter of the request as `(name, value)` pairs, decoded:
    /// the model's parameters first, in a fixed order, then the extra ones
    /// in theirs. This is what a signature covers (with `Signature` left
    /// out) and what [`Request::to_query`] encodes.
    pub fn params(&self) -> Vec<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> {
        use std::borrow::Cow::{Borrowed, Owned};
        let keys = &param::LIST_KEYS[usize::from(self.version == ApiVersion::V2022_02_22)];
        let c = &self.common;
        let mut out = Vec::with_capacity(16 + self.instance_ids.len() + self.extra.len());
        out.push((Borrowed("Action"), Borrowed(Self::ACTION)));
        out.push((Borrowed("Version"), Borrowed(self.version.as_str())));
        out.push((Borrowed("ScalingGroupId"), Borrowed(self.scaling_group_id.as_str())));
        // `InstanceIds` holds at most 20 ids, one key each.
        out.extend(
            keys.iter()
                .zip(self.instance_ids.iter())
                .map(|(k, id)| (Borrowed(*k), Borrowed(id.as_str()))),
        );
        out.push((
            Borrowed("ProtectedFromScaleIn"),
            Borrowed(self.protected_from_scale_in.as_str()),
        ));
        let optional = [
            ("OwnerId", self.owner_id.map(|v| Owned(v.to_string()))),
            ("ResourceOwnerAccount", self.resource_owner_account.as_deref().map(Borrowed)),
            ("RegionId", self.region_id.as_deref().map(Borrowed)),
            ("Format", c.format.map(|v| Borrowed(v.as_str()))),
            ("AccessKeyId", c.access_key_id.as_deref().map(Borrowed)),
            ("Signature", c.signature.as_deref().map(Borrowed)),
            ("SignatureMethod", c.signature_method.map(|v| Borrowed(v.as_str()))),
            ("SignatureVersion", c.signature_version.map(|v| Borrowed(v.as_str()))),
            ("SignatureNonce", c.signature_nonce.as_deref().map(Borrowed)),
            ("Timestamp", c.timestamp.map(|v| Owned(v.to_string()))),
        ];
        out.extend(optional.into_iter().filter_map(|(n, v)| Some((Borrowed(n), v?))));
        out.extend(self.extra.iter().map(|(n, v)| (Borrowed(n), Borrowed(v))));
        out
    }
}
