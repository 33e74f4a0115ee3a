//! The request of any operation, [`Request`]: the operation's parameters in
//! the envelope every operation shares, and the [`ExtraParams`] the model
//! does not know.

use std::borrow::Cow;
use std::fmt;

use crate::acs::AcsHeaders;
use crate::canonical::{CanonicalPair, encoded, join_canonical, sort_canonical};
use crate::common::{ApiVersion, CommonParams, OwnerParams};
use crate::encode::{Writer, Written};
use crate::error::{ValueError, ValueErrorKind};
use crate::operation::{AnyOperation, Operation, SingleOperation};
use crate::param::envelope;

/// Parameters the model does not know, kept in the order they came so that
/// nothing is lost: encoding writes them again, and a signature covers them.
///
/// Names are unique. Built by hand, none may be a parameter of any
/// operation this crate models (`Action`, `RegionId`, `ClientToken`, any
/// `InstanceId…` or `InstanceIds…` key, …): the model's own fields carry
/// those. Parsed, a request keeps in its extras what its own operation does
/// not know, which may be another operation's parameter (`ClientToken` sent
/// with `SetInstancesProtection`).
///
/// ```
/// use ess_protection::ExtraParams;
///
/// let mut extra = ExtraParams::new();
/// extra.insert("x-trace", "abc")?;
/// assert_eq!(extra.get("x-trace"), Some("abc"));
/// assert!(extra.insert("x-trace", "again").is_err()); // repeated
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
        if crate::operation::is_reserved(&name) {
            return Err(ValueError::new(ValueErrorKind::ReservedName));
        }
        if self.get(&name).is_some() {
            return Err(ValueError::new(ValueErrorKind::DuplicateName));
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
        if pairs.iter().any(|(n, _)| crate::operation::is_reserved(n)) {
            return Err(ValueError::new(ValueErrorKind::ReservedName));
        }
        let mut names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w.first() == w.last()) {
            return Err(ValueError::new(ValueErrorKind::DuplicateName));
        }
        Ok(ExtraParams(pairs))
    }
}

/// A request of an operation `O`: the operation's own parameters, typed
/// and validated ([`SetInstancesProtection`](crate::SetInstancesProtection),
/// [`DescribeScalingInstances`](crate::DescribeScalingInstances),
/// [`RemoveInstances`](crate::RemoveInstances), or
/// [`AnyOperation`]), and the envelope every operation shares: `Version`,
/// the owner's and the common parameters, the V3 headers, and every
/// parameter the model does not know.
///
/// A client builds one with [`Request::new`] and sets what it needs; a
/// server gets one from [`Parser`](crate::Parser). `Display` writes the
/// canonical query string and `FromStr` parses a query strictly.
///
/// ```
/// use ess_protection::{ApiVersion, Request, SetInstancesProtection};
///
/// let mut protect = SetInstancesProtection::new(
///     "AG6CQdPU8OKdwLjgZcJ2eaQ".parse()?,
///     ["i-28wt48iaa".parse()?, "i-28wt48ibb".parse()?].to_vec().try_into()?,
///     true.into(),
/// );
/// protect.region_id = Some("cn-hangzhou".parse()?);
/// let mut request = Request::new(protect);
/// assert_eq!(
///     request.to_string(),
///     "Action=SetInstancesProtection&InstanceId.1=i-28wt48iaa&InstanceId.2=i-28wt48ibb\
///      &ProtectedFromScaleIn=true&RegionId=cn-hangzhou\
///      &ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ&Version=2014-08-28"
/// );
///
/// request.version = ApiVersion::V2022_02_22;
/// assert!(request.to_string().contains("InstanceIds.2=i-28wt48ibb"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Request<O> {
    /// `Version`; it decides the wire names of the instance lists, and a few
    /// bounds and values.
    pub version: ApiVersion,
    /// The operation's own parameters (`Action` is the operation's).
    pub operation: O,
    /// `OwnerId`, `OwnerAccount`, `ResourceOwnerId`, `ResourceOwnerAccount`.
    pub owner: OwnerParams,
    /// The common parameters of signature 1.0 other than `Action` and
    /// `Version`.
    pub common: CommonParams,
    /// The headers of signature V3 the request came with (empty for a
    /// request parsed from a query string or built by a client).
    pub acs: AcsHeaders,
    /// Every parameter the model does not know, in order.
    pub extra: ExtraParams,
}

impl<O: Operation> Request<O> {
    /// An unsigned request of the reference page's version (`2014-08-28`)
    /// with no envelope parameter.
    pub fn new(operation: O) -> Self {
        Request {
            version: ApiVersion::default(),
            operation,
            owner: OwnerParams::default(),
            common: CommonParams::default(),
            acs: AcsHeaders::default(),
            extra: ExtraParams::new(),
        }
    }

    /// The format the response must be in: `Format`, or JSON by default
    /// (the 2022 SDK in signature V3 sends no `Format` and reads JSON).
    pub fn response_format(&self) -> crate::common::Format {
        self.common.format.unwrap_or_default()
    }

    /// The same request with its operation mapped.
    pub fn map<P>(self, f: impl FnOnce(O) -> P) -> Request<P> {
        let Request { version, operation, owner, common, acs, extra } = self;
        Request { version, operation: f(operation), owner, common, acs, extra }
    }
}

impl<O: SingleOperation> Request<O> {
    /// The request as one of any operation.
    pub fn into_any(self) -> Request<AnyOperation> {
        self.map(Into::into)
    }
}

impl Request<AnyOperation> {
    /// The request as one of the operation `O`, or itself when it is of
    /// another.
    ///
    /// # Errors
    ///
    /// The request, unchanged (boxed, as it is large), when its operation is
    /// not `O`.
    pub fn downcast<O: SingleOperation>(self) -> Result<Request<O>, Box<Self>> {
        let Request { version, operation, owner, common, acs, extra } = self;
        match O::try_from(operation) {
            Ok(operation) => Ok(Request { version, operation, owner, common, acs, extra }),
            Err(operation) => {
                Err(Box::new(Request { version, operation, owner, common, acs, extra }))
            }
        }
    }
}

impl<O: Operation> Request<O> {
    /// Writes the request: the envelope's parameters, then the operation's,
    /// then the extra ones.
    pub(crate) fn write(&self) -> Writer<'_> {
        let mut w = Writer::new();
        let (c, o) = (&self.common, &self.owner);
        w.params.push((envelope::ACTION, Written::One(Cow::Borrowed(self.operation.action()))));
        w.one(envelope::VERSION, &self.version);
        self.operation.encode(&mut w);
        w.optional(envelope::OWNER_ID, &o.owner_id);
        w.optional(envelope::OWNER_ACCOUNT, &o.owner_account);
        w.optional(envelope::RESOURCE_OWNER_ID, &o.resource_owner_id);
        w.optional(envelope::RESOURCE_OWNER_ACCOUNT, &o.resource_owner_account);
        w.optional(envelope::FORMAT, &c.format);
        w.optional(envelope::ACCESS_KEY_ID, &c.access_key_id);
        w.optional(envelope::SIGNATURE, &c.signature);
        w.optional(envelope::SIGNATURE_METHOD, &c.signature_method);
        w.optional(envelope::SIGNATURE_VERSION, &c.signature_version);
        w.optional(envelope::SIGNATURE_NONCE, &c.signature_nonce);
        w.optional(envelope::TIMESTAMP, &c.timestamp);
        w.optional(envelope::SECURITY_TOKEN, &c.security_token);
        w
    }

    /// Every parameter of the request as `(name, value)` pairs, decoded:
    /// the envelope's and the operation's parameters first, in a fixed
    /// order, then the extra ones in theirs. This is what a signature covers
    /// (with `Signature` left out) and what [`Request::to_query`] encodes.
    pub fn params(&self) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
        let mut pairs = self.write().pairs(self.version);
        pairs.extend(self.extra.iter().map(|(n, v)| (Cow::Borrowed(n), Cow::Borrowed(v))));
        pairs
    }

    /// The canonical query string: every parameter percent-encoded as the
    /// signature algorithm wants (space `%20`, `*` `%2A`, `~` kept), sorted
    /// by encoded name in byte order. The same as `to_string()`.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<CanonicalPair<'_>> =
            self.params().into_iter().map(|(n, v)| (encoded(n), encoded(v))).collect();
        sort_canonical(&mut pairs);
        let mut out = String::with_capacity(pairs.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
        join_canonical(&pairs, &mut out);
        out
    }
}

impl<O: Operation> fmt::Display for Request<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query())
    }
}
