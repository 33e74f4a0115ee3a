//! The strict and lenient [`Parser`], which turns a query string or form
//! body into a validated [`Request`] of one operation (or of any,
//! [`AnyOperation`](crate::AnyOperation)), or into a [`Rejection`] listing
//! every problem; and the driver behind every parse: the tokenizer's pairs
//! ([`crate::tokenize`]) sorted and read ([`crate::decode`]) by the
//! operation's table.

use crate::acs::AcsHeaders;
use crate::common::{ApiVersion, CommonParams, OwnerParams};
use crate::decode::{Decoder, Entry, MAX_PARAMS, Sorted};
use crate::operation::Operation;
use crate::pairs::query_part;
use crate::param::envelope;
use crate::problem::{MAX_WARNINGS, ProblemKind, Rejection, Warning, WarningKind};
use crate::reader::Reader;
use crate::request::{ExtraParams, Request};
use crate::tokenize::feed;

/// A request parsed successfully, with the warnings found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<O> {
    /// The request.
    pub request: Request<O>,
    /// What the spec is silent on but was noticed, and (in lenient mode)
    /// what was repaired.
    pub warnings: Vec<Warning>,
}

/// Turns a query string, form body or HTTP request into a validated
/// [`Request`], or into a [`Rejection`] listing every problem.
///
/// Each method is generic over the operation: `parse_query::<O>` reads a
/// request of `O` (one of the seven, whose `Action` must then name it) or of
/// [`AnyOperation`](crate::AnyOperation), which dispatches on `Action` (or
/// the `x-acs-action` header).
///
/// Strict (the default) follows the spec. Lenient repairs only the reference
/// page's own sample defects (unencoded line breaks, whitespace in names and
/// around values, a repeated `InstanceId.N` taken as the next index, the
/// `<Common request parameters>` placeholder) and reports each repair as a
/// warning.
///
/// ```
/// use ess_protection::{Parser, SetInstancesProtection};
///
/// let sample = "http://ess.aliyuncs.com/?Action=SetInstancesProtection
/// &ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ \n&InstanceId. 1=i-28wt48iaa
/// &InstanceId. 1=i-28wt48ibb
/// &ProtectedFromScaleIn=true
/// & <Common request parameters>";
///
/// assert!(Parser::strict().parse_query::<SetInstancesProtection>(sample).is_err());
///
/// let parsed = Parser::lenient().parse_query::<SetInstancesProtection>(sample)?;
/// let protect = &parsed.request.operation;
/// let ids: Vec<&str> = protect.instance_ids.iter().map(|id| id.as_str()).collect();
/// assert_eq!(ids, ["i-28wt48iaa", "i-28wt48ibb"]);
/// assert!(protect.protected_from_scale_in.get());
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parser {
    lenient: bool,
}

impl Parser {
    /// The most warnings a parse lists; beyond, they are dropped.
    pub const MAX_WARNINGS: usize = MAX_WARNINGS;

    /// A parser that follows the spec (the default).
    pub const fn strict() -> Self {
        Parser { lenient: false }
    }

    /// A parser that also repairs the reference page's sample defects.
    pub const fn lenient() -> Self {
        Parser { lenient: true }
    }

    /// Whether this parser is lenient.
    pub const fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// Parses a query string: bare, with a leading `?`, or a whole
    /// `http://` or `https://` URL (whose query is taken, fragment dropped).
    /// Whitespace at the very start and end of the input is ignored.
    ///
    /// ```
    /// use ess_protection::{AnyOperation, Parser};
    ///
    /// let parsed = Parser::strict().parse_query::<AnyOperation>(
    ///     "Action=DescribeScalingInstances&Version=2022-02-22&RegionId=cn-hangzhou&LifecycleState=Protected",
    /// )?;
    /// assert_eq!(parsed.request.operation.action(), "DescribeScalingInstances");
    /// # Ok::<(), ess_protection::Rejection>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`Rejection`] with every problem, when the request is not valid.
    pub fn parse_query<O: Operation>(
        &self,
        input: impl AsRef<[u8]>,
    ) -> Result<Parsed<O>, Rejection> {
        let mut decoder = Decoder::new(self.lenient);
        feed(&mut decoder, query_part(input.as_ref().trim_ascii()));
        finish(decoder, AcsHeaders::default())
    }

    /// Parses a request whose parameters come in the URL query and in an
    /// `application/x-www-form-urlencoded` body (as the official SDKs POST
    /// them). A parameter in both is repeated.
    ///
    /// # Errors
    ///
    /// A [`Rejection`] with every problem, when the request is not valid.
    pub fn parse_form<O: Operation>(
        &self,
        query: impl AsRef<[u8]>,
        body: impl AsRef<[u8]>,
    ) -> Result<Parsed<O>, Rejection> {
        let mut decoder = Decoder::new(self.lenient);
        feed(&mut decoder, query_part(query.as_ref().trim_ascii()));
        feed(&mut decoder, body.as_ref().trim_ascii());
        finish(decoder, AcsHeaders::default())
    }
}

/// The driver: a decoder's pairs to the request of `O`, or every problem
/// found. `O` chooses its parameter table by `Action`, and reads its own
/// parameters; the envelope's are read here.
pub(crate) fn finish<O: Operation>(
    decoder: Decoder<'_>,
    acs: AcsHeaders,
) -> Result<Parsed<O>, Rejection> {
    // Where each declared parameter's pairs are, filled by the sorting and
    // read where it is (it is large: moving it costs more than the rest).
    let mut entries = [Entry::Absent; MAX_PARAMS];
    let Sorted { report, pairs, structs, version, table, supported, extra, placeholder } =
        decoder.sort(O::table, &mut entries);
    let mut reader = Reader::new(report, pairs, structs, &entries, version);

    // `Action` and `Version` first: the operation's reading depends on them.
    let action = reader.required_text(&envelope::ACTION);
    if action.is_some() && !supported {
        reader.problem(envelope::ACTION.shown(), ProblemKind::Action(O::expected()));
    }
    let version = match (placeholder, reader.present(&envelope::VERSION)) {
        (true, false) => {
            reader.warning(envelope::VERSION.shown(), WarningKind::AssumedVersion);
            Some(ApiVersion::default())
        }
        _ => {
            let version = reader.required_text(&envelope::VERSION);
            let parsed = version.map(|v| v.parse::<ApiVersion>());
            if let Some(Err(_)) = parsed {
                reader.problem(envelope::VERSION.shown(), ProblemKind::Version);
            }
            parsed.and_then(Result::ok)
        }
    };
    reader.set_version(version);

    // The operation's own parameters, then the common and owner's.
    let operation = table.and_then(|table| reader.operation(|r| O::decode(table, r)));
    let common = CommonParams {
        format: reader.optional(&envelope::FORMAT),
        access_key_id: reader.text(&envelope::ACCESS_KEY_ID),
        signature: reader.text(&envelope::SIGNATURE),
        signature_method: reader.optional(&envelope::SIGNATURE_METHOD),
        signature_version: reader.optional(&envelope::SIGNATURE_VERSION),
        signature_nonce: reader.text(&envelope::SIGNATURE_NONCE),
        timestamp: reader.optional(&envelope::TIMESTAMP),
        security_token: reader.text(&envelope::SECURITY_TOKEN),
    };
    let owner = OwnerParams {
        owner_id: reader.optional(&envelope::OWNER_ID),
        owner_account: reader.text(&envelope::OWNER_ACCOUNT),
        resource_owner_id: reader.optional(&envelope::RESOURCE_OWNER_ID),
        resource_owner_account: reader.text(&envelope::RESOURCE_OWNER_ACCOUNT),
    };
    let (problems, omitted, warnings) = reader.finish(&extra);
    let extra = ExtraParams::from_vec_unchecked(extra);
    let format = common.format;
    match (operation, version) {
        (Some(operation), Some(version)) if problems.is_empty() => {
            let request = Request { version, operation, owner, common, acs, extra };
            Ok(Parsed { request, warnings })
        }
        // A `None` above has reported a problem; should none be listed,
        // the rejection says so rather than accept.
        _ => Err(Rejection::new(problems, omitted, warnings).with_format(format)),
    }
}

impl<O: Operation> std::str::FromStr for Request<O> {
    type Err = Rejection;

    /// Parses a query string strictly, dropping the warnings (use
    /// [`Parser`] to see them).
    fn from_str(s: &str) -> Result<Self, Rejection> {
        Parser::strict().parse_query(s).map(|parsed| parsed.request)
    }
}

impl<O: Operation> TryFrom<&str> for Request<O> {
    type Error = Rejection;

    fn try_from(s: &str) -> Result<Self, Rejection> {
        s.parse()
    }
}
