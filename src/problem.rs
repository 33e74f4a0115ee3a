//! What a parser reports: [`Problem`]s (errors), [`Warning`]s, and the
//! [`Rejection`] that gathers them and maps them to one API error.

use std::fmt;

use crate::catalog::{ApiError, ErrorCode};
use crate::common::Format;
use crate::error::ValueError;
use crate::error_body::ErrorBody;
use crate::id::RequestId;
use crate::rendered::Rendered;

/// A defect of the reference page's sample request. Strict parsing reports
/// each as a [`Problem`]; lenient parsing repairs it and reports a
/// [`Warning`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Defect {
    /// An unencoded line break at the edge of a name or value.
    LineBreak,
    /// Unencoded whitespace in a parameter name (`InstanceId. 1`).
    WhitespaceInName,
    /// Unencoded spaces or tabs around a value.
    WhitespaceAroundValue,
    /// `<Common request parameters>`: a placeholder, not a parameter.
    Placeholder,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    /// A required parameter absent or empty.
    Missing,
    /// No value of a required list at all.
    MissingList,
    /// `Action` names another operation: the ones expected.
    Action(&'static [&'static str]),
    /// Both the single-valued and the list form of a filter.
    Exclusive(&'static str),
    /// `Version` is neither API version.
    Version,
    /// A value its type rejects.
    Value(ValueError),
    /// The same parameter twice.
    Repeated,
    /// A list index outside 1–20.
    IndexRange,
    /// A list index that is not a plain decimal number.
    IndexSyntax,
    /// A list key without an index.
    IndexAbsent,
    /// The list under the other version's name.
    WrongListName { version: &'static str, expected: &'static str },
    /// A name or value that is not UTF-8 once percent-decoded.
    NotUtf8,
    /// A sample defect (strict mode).
    Defect(Defect),
    /// Lenient mode found no free index for a repeated one.
    NoFreeIndex,
    /// A header that disagrees with the parameter it stands for.
    Disagrees { parameter: &'static str, value: String },
    /// An HTTP method other than GET and POST.
    Method,
    /// A path other than `/`.
    Path,
    /// A key of a list of structs without one of its fields
    /// (`Tag.1.Colour`, `Tag.1`).
    StructField(&'static [&'static str]),
}

impl ProblemKind {
    pub(crate) fn code(&self) -> ErrorCode {
        match self {
            ProblemKind::Missing | ProblemKind::MissingList => ErrorCode::MissingParameter,
            ProblemKind::Action(_) => ErrorCode::UnsupportedOperation,
            ProblemKind::Version => ErrorCode::NoSuchVersion,
            ProblemKind::Method | ProblemKind::Path => ErrorCode::InvalidActionNotFound,
            _ => ErrorCode::InvalidParameter,
        }
    }
}

/// One reason a request is rejected: the parameter it concerns, what is
/// wrong with it, and the API error code it maps to.
///
/// ```
/// use ess_protection::{ErrorCode, Parser, SetInstancesProtection};
///
/// let rejection = Parser::strict()
///     .parse_query::<SetInstancesProtection>("Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=sg\
///                   &InstanceId.21=i-1&ProtectedFromScaleIn=true")
///     .unwrap_err();
/// let problem = &rejection.problems()[0];
/// assert_eq!(problem.parameter(), "InstanceId.21");
/// assert_eq!(problem.detail(), "index must be from 1 to 20");
/// assert_eq!(problem.code(), ErrorCode::InvalidParameter);
/// assert_eq!(problem.to_string(), "InstanceId.21: index must be from 1 to 20");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    parameter: String,
    kind: ProblemKind,
}

impl Problem {
    pub(crate) fn new(parameter: impl Into<String>, kind: ProblemKind) -> Self {
        Problem { parameter: parameter.into(), kind }
    }

    /// The parameter's name, decoded (or as it came, still encoded, when it
    /// does not decode to UTF-8); `InstanceId.N` when a required list came
    /// with no value at all.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    /// The API error code the problem maps to.
    pub fn code(&self) -> ErrorCode {
        self.kind.code()
    }

    /// What is wrong, without the parameter's name: short and lowercase.
    pub fn detail(&self) -> String {
        match &self.kind {
            ProblemKind::Missing => "required parameter is absent or empty".into(),
            ProblemKind::MissingList => "no value is given".into(),
            ProblemKind::Action([one]) => format!("expected {one}"),
            ProblemKind::Action(actions) => {
                format!("not an operation this crate models ({})", actions.join(", "))
            }
            ProblemKind::Exclusive(other) => format!("only one of it and {other} may be given"),
            ProblemKind::Version => "expected 2014-08-28 or 2022-02-22".into(),
            ProblemKind::Value(e) => e.to_string(),
            ProblemKind::Repeated => "repeated parameter".into(),
            ProblemKind::IndexRange => "index must be from 1 to 20".into(),
            ProblemKind::IndexSyntax => "index is not a plain decimal number".into(),
            ProblemKind::IndexAbsent => "key has no index".into(),
            ProblemKind::WrongListName { version, expected } => {
                format!("version {version} names the list {expected}.N")
            }
            ProblemKind::NotUtf8 => "not UTF-8 once percent-decoded".into(),
            ProblemKind::Defect(Defect::LineBreak) => "unencoded line break".into(),
            ProblemKind::Defect(Defect::WhitespaceInName) => {
                "unencoded whitespace in the name".into()
            }
            ProblemKind::Defect(Defect::WhitespaceAroundValue) => {
                "unencoded whitespace around the value".into()
            }
            ProblemKind::Defect(Defect::Placeholder) => "a placeholder, not a parameter".into(),
            ProblemKind::NoFreeIndex => "repeated index, and no free index up to 20".into(),
            ProblemKind::Disagrees { parameter, value } => {
                format!("disagrees with the {parameter} parameter ({value})")
            }
            ProblemKind::Method => "the API answers GET and POST only".into(),
            ProblemKind::Path => "the API's path is /".into(),
            ProblemKind::StructField(fields) => {
                format!("expected a key .N.{} of each item", fields.join(", .N."))
            }
        }
    }

    /// The problem as an API error: the code, and the catalog's message
    /// naming the parameter where the message names one.
    pub fn api_error(&self) -> ApiError {
        ApiError::new(self.code(), &self.parameter)
    }

    /// Lower is more important: the API error of a rejection is that of its
    /// most important problem.
    fn rank(&self) -> u8 {
        match self.code() {
            ErrorCode::InvalidActionNotFound => 0,
            ErrorCode::UnsupportedOperation => 1,
            ErrorCode::NoSuchVersion => 2,
            ErrorCode::MissingParameter => 3,
            _ => 4,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.parameter, self.detail())
    }
}

impl std::error::Error for Problem {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WarningKind {
    /// A sample defect repaired (lenient mode).
    Repaired(Defect),
    /// A repeated index taken as the next free one (lenient mode).
    Renumbered(String),
    /// No `Version`, but the sample's placeholder stood for it (lenient).
    AssumedVersion,
    /// An index below the highest is absent.
    Gap,
    /// The same value under two indexes of a list; names the first.
    DuplicateValue(String),
    /// An optional parameter with an empty value.
    Empty,
    /// A parameter whose name is empty.
    EmptyName,
    /// A body that is not a form, so not read; names its content type.
    BodyNotRead(Option<String>),
}

/// Something the spec is silent on but no SDK produces, or a repair made in
/// lenient mode. A warning never rejects a request.
///
/// ```
/// use ess_protection::{Parser, SetInstancesProtection};
///
/// let parsed = Parser::strict()
///     .parse_query::<SetInstancesProtection>("Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=sg\
///                   &InstanceId.1=i-1&InstanceId.3=i-3&ProtectedFromScaleIn=true")?;
/// assert_eq!(parsed.warnings[0].to_string(), "InstanceId.2: absent, though a higher index is present");
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    parameter: String,
    kind: WarningKind,
}

impl Warning {
    pub(crate) fn new(parameter: impl Into<String>, kind: WarningKind) -> Self {
        Warning { parameter: parameter.into(), kind }
    }

    /// The parameter concerned, as it came.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    /// What was noticed or repaired, without the parameter's name.
    pub fn detail(&self) -> String {
        match &self.kind {
            WarningKind::Repaired(Defect::LineBreak) => "unencoded line break removed".into(),
            WarningKind::Repaired(Defect::WhitespaceInName) => {
                "unencoded whitespace removed from the name".into()
            }
            WarningKind::Repaired(Defect::WhitespaceAroundValue) => {
                "unencoded whitespace around the value removed".into()
            }
            WarningKind::Repaired(Defect::Placeholder) => "placeholder dropped".into(),
            WarningKind::Renumbered(to) => format!("repeated index, taken as {to}"),
            WarningKind::AssumedVersion => {
                "absent where the placeholder stood for it; assumed 2014-08-28, the reference page's version"
                    .into()
            }
            WarningKind::Gap => "absent, though a higher index is present".into(),
            WarningKind::DuplicateValue(first) => format!("the same value as {first}"),
            WarningKind::Empty => "empty value".into(),
            WarningKind::EmptyName => "a parameter with an empty name".into(),
            WarningKind::BodyNotRead(Some(content_type)) => {
                format!("not read as parameters: its content type is {content_type}, not a form")
            }
            WarningKind::BodyNotRead(None) => {
                "not read as parameters: it has no content type, so is not a form".into()
            }
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = if self.parameter.is_empty() { "(empty name)" } else { &self.parameter };
        write!(f, "{name}: {}", self.detail())
    }
}

/// The most warnings a parse lists, a rejection or a success; beyond, they
/// are dropped ([`Parser::MAX_WARNINGS`](crate::Parser::MAX_WARNINGS)).
pub(crate) const MAX_WARNINGS: usize = 100;

/// Why a request was rejected: every problem found (up to
/// [`Rejection::MAX_PROBLEMS`]), the warnings, and the one API error a server
/// answers for them all.
///
/// The API error is that of the most important problem, in this order (this
/// crate's decision; the service's own order is undocumented):
/// `UnsupportedOperation`, `NoSuchVersion`, `MissingParameter`,
/// `InvalidParameter`; among equals, the first found.
///
/// ```
/// use ess_protection::{ErrorCode, Parser, SetInstancesProtection};
///
/// let rejection = Parser::strict()
///     .parse_query::<SetInstancesProtection>("Action=SetInstancesProtection")
///     .unwrap_err();
/// let error = rejection.api_error();
/// assert_eq!(error.code, ErrorCode::MissingParameter);
/// assert_eq!(error.http_status(), Some(400));
/// assert_eq!(
///     error.message,
///     "The input parameter \"Version\" that is mandatory for processing this request is not supplied."
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection(Box<Rejected>);

/// Boxed, so that a `Result<_, Rejection>` stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rejected {
    primary: Problem,
    problems: Vec<Problem>,
    omitted: usize,
    warnings: Vec<Warning>,
    format: Option<Format>,
}

impl Rejection {
    /// The most problems a rejection lists; beyond, they are only counted.
    pub const MAX_PROBLEMS: usize = 100;

    /// `problems` must not be empty; if it is, the rejection says so
    /// rather than panic.
    pub(crate) fn new(mut problems: Vec<Problem>, omitted: usize, warnings: Vec<Warning>) -> Self {
        let primary = match problems.iter().min_by_key(|p| p.rank()) {
            Some(p) => p.clone(),
            None => {
                let p = Problem::new("(request)", ProblemKind::Missing);
                problems.push(p.clone());
                p
            }
        };
        Rejection(Box::new(Rejected { primary, problems, omitted, warnings, format: None }))
    }

    pub(crate) fn with_format(mut self, format: Option<Format>) -> Self {
        self.0.format = format;
        self
    }

    /// The response format the request asked for with a valid `Format`
    /// parameter, or JSON (the default).
    pub fn format(&self) -> Format {
        self.0.format.unwrap_or_default()
    }

    /// The error body a server answers, with its request id and host id.
    pub fn to_error_body(&self, request_id: RequestId, host_id: impl Into<String>) -> ErrorBody {
        ErrorBody::new(self.api_error(), request_id, host_id)
    }

    /// The whole HTTP answer in one call: status, content type, and the
    /// error body in the format the request asked for.
    ///
    /// ```
    /// use ess_protection::{Parser, SetInstancesProtection};
    ///
    /// let rejection = Parser::strict()
    ///     .parse_query::<SetInstancesProtection>("Action=SetInstancesProtection&Format=XML")
    ///     .unwrap_err();
    /// let answer = rejection.render("R1".parse()?, "ess.aliyuncs.com");
    /// assert_eq!(answer.status, 400);
    /// assert_eq!(answer.content_type, "text/xml;charset=utf-8");
    /// assert!(answer.body.contains("<Code>MissingParameter</Code>"));
    /// # Ok::<(), ess_protection::ValueError>(())
    /// ```
    pub fn render(&self, request_id: RequestId, host_id: impl Into<String>) -> Rendered {
        self.to_error_body(request_id, host_id)
            .render_with_status(self.http_status(), self.format())
    }

    /// The problems, in the order found.
    pub fn problems(&self) -> &[Problem] {
        &self.0.problems
    }

    /// How many more problems were found than listed.
    pub fn omitted(&self) -> usize {
        self.0.omitted
    }

    /// The warnings found on the way.
    pub fn warnings(&self) -> &[Warning] {
        &self.0.warnings
    }

    /// The problem the API error is about.
    pub fn primary(&self) -> &Problem {
        &self.0.primary
    }

    /// The API error a server answers: code and message.
    pub fn api_error(&self) -> ApiError {
        self.0.primary.api_error()
    }

    /// The HTTP status of the API error (400 for every code a parser
    /// produces).
    pub fn http_status(&self) -> u16 {
        self.0.primary.code().http_status().unwrap_or(400)
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "request rejected: {}", self.0.primary)?;
        let more = self.0.problems.len().saturating_sub(1) + self.0.omitted;
        match more {
            0 => Ok(()),
            1 => f.write_str(" (and 1 more problem)"),
            n => write!(f, " (and {n} more problems)"),
        }
    }
}

impl std::error::Error for Rejection {}
