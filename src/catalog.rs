//! The error-code catalog: every code of the reference page, of the
//! operations used with it, and of Alibaba Cloud's documented client,
//! gateway and server errors, with its HTTP status, its documented message
//! and whether a client should retry it.

use std::fmt;
use std::str::FromStr;

use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::error::{ValueError, ValueErrorKind};

/// Where a code is documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// The reference page's own error table.
    Operation,
    /// The error tables of the operations used with it
    /// (`DescribeScalingInstances`, `RemoveInstances`, `ModifyScalingGroup`,
    /// `ScaleWithAdjustment`, `EnableScalingGroup`, `EnterStandby`, …).
    RelatedOperation,
    /// Auto Scaling's client errors, common to every operation.
    Client,
    /// Errors of Alibaba Cloud's RPC gateway.
    Gateway,
    /// Server errors.
    Server,
}

/// What the catalog says of one known code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The code string, e.g. `InvalidParameter`.
    pub code: &'static str,
    /// The HTTP status the service answers with it.
    pub http_status: u16,
    /// The documented message. Where it names something, the name stands
    /// as `{}` (see [`Entry::message`]).
    pub template: &'static str,
    /// What the documentation writes in place of `{}`: `<name>` or `XXX`.
    pub placeholder: Option<&'static str>,
    /// Whether a client should retry.
    pub retryable: bool,
    /// Where it is documented.
    pub source: Source,
}

impl Entry {
    /// The message with `arg` in place of each name it names (`arg` is
    /// ignored by messages that name nothing).
    pub fn message(&self, arg: &str) -> String {
        self.message_with(&[arg])
    }

    /// The message with `args` in place of the names it names, in order
    /// (the last given stands for any more; `InvalidParameter.Conflict`
    /// names two parameters).
    pub fn message_with(&self, args: &[&str]) -> String {
        let mut out = String::with_capacity(self.template.len() + 16);
        let mut rest = self.template;
        let mut n = 0;
        while let Some((before, after)) = rest.split_once("{}") {
            out.push_str(before);
            out.push_str(args.get(n).or(args.last()).copied().unwrap_or(""));
            n += 1;
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// The message as the documentation prints it (`<name>`, `XXX`).
    pub fn documented_message(&self) -> String {
        self.message(self.placeholder.unwrap_or(""))
    }
}

macro_rules! catalog {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $code:literal, $status:literal, $source:ident, $retry:literal,
            $template:literal $(, $placeholder:literal)?;
    )+) => {
        /// An API error code: one of the catalog's, or an unknown code kept
        /// verbatim (forward compatibility, as the AWS SDK for Rust does it).
        ///
        /// Code strings map both ways exactly; parsing never fails except on
        /// an empty string.
        ///
        /// ```
        /// use ess_protection::ErrorCode;
        ///
        /// let code: ErrorCode = "InvalidScalingGroupId.NotFound".parse()?;
        /// assert_eq!(code, ErrorCode::InvalidScalingGroupIdNotFound);
        /// assert_eq!(code.http_status(), Some(404));
        ///
        /// let new: ErrorCode = "Quota.Exceeded".parse()?;
        /// assert_eq!(new.as_str(), "Quota.Exceeded");
        /// assert_eq!(new.http_status(), None);
        /// assert!(!new.is_known());
        /// # Ok::<(), ess_protection::ValueError>(())
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash, SerializeDisplay, DeserializeFromStr)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* #[doc = concat!("\n\n`", $code, "` (HTTP ", $status, ").")] $variant, )+
            /// A code the catalog does not know, kept as it came.
            Unknown(UnknownCode),
        }

        impl ErrorCode {
            /// Every known code, in the catalog's order.
            pub const KNOWN: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The catalog entry, for a known code.
            pub const fn entry(&self) -> Option<&'static Entry> {
                match self {
                    $( ErrorCode::$variant => Some(&Entry {
                        code: $code,
                        http_status: $status,
                        template: $template,
                        placeholder: catalog!(@placeholder $($placeholder)?),
                        retryable: $retry,
                        source: Source::$source,
                    }), )+
                    ErrorCode::Unknown(_) => None,
                }
            }

            fn known(s: &str) -> Option<ErrorCode> {
                match s {
                    $( $code => Some(ErrorCode::$variant), )+
                    _ => None,
                }
            }
        }
    };
    (@placeholder) => { None };
    (@placeholder $p:literal) => { Some($p) };
}

catalog! {
    /// The scaling group is not in a state that allows the action.
    IncorrectScalingGroupStatus = "IncorrectScalingGroupStatus", 400, Operation, true,
        "The current status of the specified scaling group does not support this action.";
    /// The caller is not authorized for the operation.
    ForbiddenUnauthorized = "Forbidden.Unauthorized", 403, Operation, false,
        "A required authorization for the specified action is not supplied.";
    /// An instance does not exist; the message names it.
    InvalidInstanceIdNotFound = "InvalidInstanceId.NotFound", 404, Operation, false,
        "Instance \u{201c}{}\u{201d} does not exist.", "XXX";
    /// The scaling group does not exist.
    InvalidScalingGroupIdNotFound = "InvalidScalingGroupId.NotFound", 404, Operation, false,
        "The specified scaling group does not exist.";
    /// A removal would leave the group below its `MinSize`.
    IncorrectCapacityMinSize = "IncorrectCapacity.MinSize", 400, RelatedOperation, false,
        "To remove the instances, the total capacity will be lesser than the MinSize.";
    /// The group has a scaling activity in progress.
    ScalingActivityInProgress = "ScalingActivityInProgress", 400, RelatedOperation, true,
        "You cannot delete a scaling group or launch a new scaling activity while there is a scaling activity in progress for the specified scaling group.";
    /// Two parameters' values contradict each other (`MinSize` greater than
    /// `MaxSize`, …); the message names both, with the page's own spelling.
    InvalidParameterConflict = "InvalidParameter.Conflict", 400, RelatedOperation, false,
        "The value of parameter {} and parameter {} are confilict.", "<name>";
    /// A scaling rule or adjustment would leave the total capacity as it is.
    IncorrectCapacityNoChange = "IncorrectCapacity.NoChange", 400, RelatedOperation, false,
        "To execute the specified scaling rule, the total capacity will not change.";
    /// Attaching the instances would take the group over its `MaxSize`.
    IncorrectCapacityMaxSize = "IncorrectCapacity.MaxSize", 400, RelatedOperation, false,
        "To attach the instances, the total capacity will be greater than the max size.";
    /// Another group of the region already has the name.
    InvalidScalingGroupNameDuplicate = "InvalidScalingGroupName.Duplicate", 400, RelatedOperation, false,
        "The specified value of parameter {} is duplicated.", "<name>";
    /// The scaling configuration does not exist (in the group).
    InvalidScalingConfigurationIdNotFound = "InvalidScalingConfigurationId.NotFound", 404, RelatedOperation, false,
        "The specified scaling configuration does not exist.";
    /// The group has no active scaling configuration, and the request gives none.
    MissingActiveScalingConfiguration = "MissingActiveScalingConfiguration", 400, RelatedOperation, false,
        "The specified scaling group has no active scaling configuration.";
    /// The instance is in another scaling group.
    InvalidInstanceIdInUse = "InvalidInstanceId.InUse", 400, RelatedOperation, false,
        "Instance \u{201c}{}\u{201d} is already attached to another scaling group.", "XXX";
    /// The instance is not in a state the action takes (this crate's code
    /// for what the pages leave undocumented).
    IncorrectInstanceStatus = "IncorrectInstanceStatus", 400, RelatedOperation, false,
        "The current status of instance \u{201c}{}\u{201d} does not support this action.", "XXX";
    /// A required parameter is absent or empty; the message names it.
    MissingParameter = "MissingParameter", 400, Client, false,
        "The input parameter \"{}\" that is mandatory for processing this request is not supplied.", "<name>";
    /// A parameter's value is not valid; the message names it.
    InvalidParameter = "InvalidParameter", 400, Client, false,
        "The specified value of parameter \"{}\" is not valid.", "<name>";
    /// `Action` names another operation.
    UnsupportedOperation = "UnsupportedOperation", 400, Client, false,
        "The specified action is not supported.";
    /// `Version` is not a version of the API.
    NoSuchVersion = "NoSuchVersion", 400, Client, false,
        "The specified version does not exist.";
    /// Too many requests.
    Throttling = "Throttling", 400, Client, true,
        "Request was denied due to request throttling.";
    /// The access key id is unknown.
    InvalidAccessKeyIdNotFound = "InvalidAccessKeyId.NotFound", 400, Client, false,
        "The Access Key ID provided does not exist in our records.";
    /// The resource is not available in the region or zone.
    ResourceNotAvailable = "ResourceNotAvailable", 400, Client, false,
        "Resource you requested is not available in this region or zone.";
    /// The caller may not operate on the resource.
    Forbidden = "Forbidden", 403, Client, false,
        "Users are not authorized to operate on the specified resource.";
    /// Refused by risk control.
    ForbiddenRiskControl = "Forbidden.RiskControl", 403, Client, false,
        "This operation is forbidden by Aliyun Risk Control system.";
    /// The signature does not match.
    SignatureDoesNotMatch = "SignatureDoesNotMatch", 403, Client, false,
        "The signature we calculated does not match the one you provided.";
    /// The caller has not subscribed to the service.
    ForbiddenUnsubscribed = "Forbidden.Unsubscribed", 403, Client, false,
        "Do not have permission to access this API.";
    /// The caller's account is not verified.
    ForbiddenUserVerification = "Forbidden.UserVerification", 403, Client, false,
        "Your user account is not verified by Aliyun.";
    /// Signature parameters are absent or malformed.
    IncompleteSignature = "IncompleteSignature", 400, Gateway, false,
        "The request signature does not conform to Aliyun standards.";
    /// `Timestamp` is absent.
    IllegalTimestamp = "IllegalTimestamp", 400, Gateway, false,
        "The input parameter \"Timestamp\" that is mandatory for processing this request is not supplied.";
    /// RAM refused the call.
    ForbiddenRam = "Forbidden.RAM", 403, Gateway, false,
        "User not authorized to operate on the specified resource, or this API doesn't support RAM.";
    /// No such API.
    InvalidActionNotFound = "InvalidAction.NotFound", 404, Gateway, false,
        "Specified api is not found, please check your url and method.";
    /// The request's time (`Timestamp`, or `x-acs-date` in signature V3) is
    /// too far from the server's clock.
    InvalidTimeStampExpired = "InvalidTimeStamp.Expired", 400, Gateway, false,
        "Specified time stamp or date value is expired.";
    /// A replay: the nonce was already used by the same key within the
    /// time window.
    SignatureNonceUsed = "SignatureNonceUsed", 400, Gateway, false,
        "Specified signature nonce was used already.";
    /// Temporary (STS) credentials without their security token
    /// (`SecurityToken`, or `x-acs-security-token` in signature V3).
    MissingSecurityToken = "MissingSecurityToken", 400, Gateway, false,
        "SecurityToken is mandatory for this action.";
    /// A security token the gateway cannot read: one it never issued.
    InvalidSecurityTokenMalformed = "InvalidSecurityToken.Malformed", 400, Gateway, false,
        "Specified SecurityToken is malformed.";
    /// A security token issued with another access key.
    InvalidSecurityTokenMismatchWithAccessKey = "InvalidSecurityToken.MismatchWithAccessKey", 400, Gateway, false,
        "Specified SecurityToken mismatch with the AccessKey.";
    /// A security token past its expiration.
    InvalidSecurityTokenExpired = "InvalidSecurityToken.Expired", 400, Gateway, false,
        "Specified SecurityToken is expired.";
    /// An unknown server failure.
    InternalError = "InternalError", 500, Server, true,
        "The request processing has failed due to some unknown error, exception or failure.";
    /// A temporary server failure.
    ServiceUnavailable = "ServiceUnavailable", 503, Server, true,
        "The request has failed due to a temporary failure of the server.";
}

/// A code the catalog does not know. It can only come from parsing a code
/// string, so it never spells a known code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownCode(String);

impl UnknownCode {
    /// The code as it came.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ErrorCode {
    /// The code string.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Unknown(code) => code.as_str(),
            known => known.entry().map_or("", |e| e.code),
        }
    }

    /// Whether the catalog knows the code.
    pub const fn is_known(&self) -> bool {
        !matches!(self, ErrorCode::Unknown(_))
    }

    /// The HTTP status of a known code; `None` for an unknown one.
    pub fn http_status(&self) -> Option<u16> {
        self.entry().map(|e| e.http_status)
    }

    /// Whether a client should retry a request that failed with this code:
    /// `Throttling`, `InternalError`, `ServiceUnavailable` (what the SDKs
    /// retry), `IncorrectScalingGroupStatus` (what the Terraform provider
    /// retries: the group is busy) and `ScalingActivityInProgress` (the
    /// group is busy too: this crate's decision). Unknown codes are not
    /// retried.
    pub fn is_retryable(&self) -> bool {
        self.entry().is_some_and(|e| e.retryable)
    }
}

impl FromStr for ErrorCode {
    type Err = ValueError;

    /// # Errors
    ///
    /// Only an empty string is rejected.
    fn from_str(s: &str) -> Result<Self, ValueError> {
        if s.is_empty() {
            return Err(ValueError::new(ValueErrorKind::Empty));
        }
        Ok(ErrorCode::known(s).unwrap_or_else(|| ErrorCode::Unknown(UnknownCode(s.to_owned()))))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An API error as the service answers it: a code and its message. Its
/// HTTP status comes from the code.
///
/// ```
/// use ess_protection::{ApiError, ErrorCode};
///
/// let e = ApiError::new(ErrorCode::InvalidInstanceIdNotFound, "i-28wt48iaa");
/// assert_eq!(e.message, "Instance \u{201c}i-28wt48iaa\u{201d} does not exist.");
/// assert_eq!(e.http_status(), Some(404));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApiError {
    /// The code.
    pub code: ErrorCode,
    /// The message.
    pub message: String,
}

impl ApiError {
    /// The error with the catalog's message for `code`, naming `arg` where
    /// the message names something (a parameter, an instance id). An
    /// unknown code gets an empty message.
    pub fn new(code: ErrorCode, arg: &str) -> Self {
        ApiError::with_args(code, &[arg])
    }

    /// The error with the catalog's message for `code`, naming `args` in
    /// order where the message names several things (the two parameters
    /// of `InvalidParameter.Conflict`).
    ///
    /// ```
    /// use ess_protection::{ApiError, ErrorCode};
    ///
    /// let e = ApiError::with_args(ErrorCode::InvalidParameterConflict, &["MinSize", "MaxSize"]);
    /// assert_eq!(e.message, "The value of parameter MinSize and parameter MaxSize are confilict.");
    /// ```
    pub fn with_args(code: ErrorCode, args: &[&str]) -> Self {
        let message = code.entry().map(|e| e.message_with(args)).unwrap_or_default();
        ApiError { code, message }
    }

    /// The HTTP status of the code, `None` for an unknown code.
    pub fn http_status(&self) -> Option<u16> {
        self.code.http_status()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}
