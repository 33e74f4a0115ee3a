//! Pairs to a request: the strict and lenient [`Parser`], which turns a
//! query string or form body into a validated [`Request`] or a
//! [`Rejection`] listing every problem.

use std::borrow::Cow;

use crate::acs::AcsHeaders;
use crate::catalog::ErrorCode;
use crate::common::{ApiVersion, CommonParams};
use crate::error::{Kind, ValueError};
use crate::id::{InstanceId, InstanceIds, ScalingGroupId};
use crate::pairs::{decode, query_part};
use crate::param::{self, LIST_NAMES, Param};
use crate::problem::{Defect, Problem, ProblemKind, Rejection, Warning, WarningKind};
use crate::request::{ExtraParams, ProtectedFromScaleIn, Request};

/// A request parsed successfully, with the warnings found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The request.
    pub request: Request,
    /// What the spec is silent on but was noticed, and (in lenient mode)
    /// what was repaired.
    pub warnings: Vec<Warning>,
}

/// Turns a query string or form body into a validated [`Request`], or into
/// a [`Rejection`] listing every problem.
///
/// Strict (the default) follows the spec. Lenient repairs only the reference
/// page's own sample defects (unencoded line breaks, whitespace in names and
/// around values, a repeated `InstanceId.N` taken as the next index, the
/// `<Common request parameters>` placeholder) and reports each repair as a
/// warning.
///
/// ```
/// use ess_protection::Parser;
///
/// let sample = "http://ess.aliyuncs.com/?Action=SetInstancesProtection
/// &ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ \n&InstanceId. 1=i-28wt48iaa
/// &InstanceId. 1=i-28wt48ibb
/// &ProtectedFromScaleIn=true
/// & <Common request parameters>";
///
/// assert!(Parser::strict().parse_query(sample).is_err());
///
/// let parsed = Parser::lenient().parse_query(sample)?;
/// let ids: Vec<&str> = parsed.request.instance_ids.iter().map(|id| id.as_str()).collect();
/// assert_eq!(ids, ["i-28wt48iaa", "i-28wt48ibb"]);
/// assert!(parsed.request.protected_from_scale_in.get());
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parser {
    lenient: bool,
}

impl Parser {
    /// The most warnings a parse lists; beyond, they are dropped.
    pub const MAX_WARNINGS: usize = 100;

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
    /// # Errors
    ///
    /// A [`Rejection`] with every problem, when the request is not valid.
    pub fn parse_query(&self, input: impl AsRef<[u8]>) -> Result<Parsed, Rejection> {
        let mut state = State::new(self.lenient);
        state.feed(query_part(input.as_ref().trim_ascii()));
        state.finish(AcsHeaders::default())
    }

    /// Parses a request whose parameters come in the URL query and in an
    /// `application/x-www-form-urlencoded` body (as the official SDKs POST
    /// them). A parameter in both is repeated.
    ///
    /// # Errors
    ///
    /// A [`Rejection`] with every problem, when the request is not valid.
    pub fn parse_form(
        &self,
        query: impl AsRef<[u8]>,
        body: impl AsRef<[u8]>,
    ) -> Result<Parsed, Rejection> {
        let mut state = State::new(self.lenient);
        state.feed(query_part(query.as_ref().trim_ascii()));
        state.feed(body.as_ref().trim_ascii());
        state.finish(AcsHeaders::default())
    }
}

/// What the single pass over a query notes of each byte.
const AMPERSAND: u8 = 1;
const EQUALS: u8 = 2;
const ESCAPE: u8 = 3;
const WHITESPACE: u8 = 4;

/// The class of every byte: most are 0, nothing to note.
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    class[b'&' as usize] = AMPERSAND;
    class[b'=' as usize] = EQUALS;
    class[b'%' as usize] = ESCAPE;
    class[b'+' as usize] = ESCAPE;
    class[b' ' as usize] = WHITESPACE;
    class[b'\t' as usize] = WHITESPACE;
    class[b'\n' as usize] = WHITESPACE;
    class[b'\r' as usize] = WHITESPACE;
    class[0x0c] = WHITESPACE;
    class
};

/// What the pass has seen of the current segment.
struct Scan {
    start: usize,
    eq: Option<usize>,
    escaped_name: bool,
    escaped_value: bool,
    whitespace: bool,
}

impl Scan {
    fn new(start: usize) -> Self {
        Scan { start, eq: None, escaped_name: false, escaped_value: false, whitespace: false }
    }
}

/// Parses an instance-list index: a plain decimal from 1 to 20.
fn parse_index(s: &str) -> Result<usize, ProblemKind> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return Err(ProblemKind::IndexSyntax);
    }
    match s.parse::<usize>() {
        Ok(n @ 1..=InstanceIds::MAX) => Ok(n),
        _ => Err(ProblemKind::IndexRange),
    }
}

/// A value as it came: decoded (borrowed from the input when nothing needed
/// decoding), or already reported as not UTF-8.
type Slot<'a> = Option<Option<Cow<'a, str>>>;

/// A list key, as written for messages: `InstanceId.3`.
fn list_key(list: usize, n: usize) -> String {
    format!("{}.{n}", LIST_NAMES[list])
}

pub(crate) struct State<'a> {
    lenient: bool,
    single: [Slot<'a>; Param::COUNT],
    /// The two instance lists (`InstanceId`, `InstanceIds`), by index − 1.
    lists: [[Slot<'a>; InstanceIds::MAX]; 2],
    extra: Vec<(String, String)>,
    placeholder: bool,
    /// Whether an instance-list key was rejected for its index.
    list_key_rejected: bool,
    problems: Vec<Problem>,
    omitted: usize,
    warnings: Vec<Warning>,
}

impl<'a> State<'a> {
    pub(crate) fn new(lenient: bool) -> Self {
        State {
            lenient,
            single: Default::default(),
            lists: Default::default(),
            extra: Vec::new(),
            placeholder: false,
            list_key_rejected: false,
            problems: Vec::new(),
            omitted: 0,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn problem(&mut self, parameter: impl Into<String>, kind: ProblemKind) {
        // Only `InvalidParameter` problems can be many; the others are
        // bounded by the number of parameters, so always listing them keeps
        // the primary problem among those listed. Past the cap, a problem
        // is only counted: no name is copied.
        if kind.code() == ErrorCode::InvalidParameter
            && self.problems.len() >= Rejection::MAX_PROBLEMS
        {
            self.omitted += 1;
        } else {
            self.problems.push(Problem::new(parameter, kind));
        }
    }

    pub(crate) fn warning(&mut self, parameter: impl Into<String>, kind: WarningKind) {
        if self.warnings.len() < Parser::MAX_WARNINGS {
            self.warnings.push(Warning::new(parameter, kind));
        }
    }

    /// A sample defect: an error when strict, a repair when lenient.
    fn defect(&mut self, parameter: impl Into<String>, defect: Defect) {
        if self.lenient {
            self.warning(parameter, WarningKind::Repaired(defect));
        } else {
            self.problem(parameter, ProblemKind::Defect(defect));
        }
    }

    pub(crate) fn feed(&mut self, input: &'a [u8]) {
        // Validating the whole input once lets every unescaped name and
        // value be a slice of it, without a UTF-8 check of its own.
        let text = std::str::from_utf8(input).ok();
        let mut scan = Scan::new(0);
        for (i, &b) in input.iter().enumerate() {
            match CLASS[usize::from(b)] {
                0 => {}
                AMPERSAND => {
                    self.segment(input, text, &scan, i);
                    scan = Scan::new(i + 1);
                }
                EQUALS if scan.eq.is_none() => scan.eq = Some(i),
                EQUALS => {}
                ESCAPE if scan.eq.is_none() => scan.escaped_name = true,
                ESCAPE => scan.escaped_value = true,
                _ => scan.whitespace = true,
            }
        }
        self.segment(input, text, &scan, input.len());
    }

    /// One `name=value` segment, `scan.start..end` of the input.
    fn segment(&mut self, input: &'a [u8], text: Option<&'a str>, scan: &Scan, end: usize) {
        let bytes = |from: usize, to: usize| input.get(from..to).unwrap_or_default();
        let (name_end, value_start) = scan.eq.map_or((end, None), |at| (at, Some(at + 1)));
        let (name, value) = (bytes(scan.start, name_end), value_start.map(|v| bytes(v, end)));
        if scan.whitespace {
            return self.segment_with_whitespace(bytes(scan.start, end), name, value);
        }
        if name.is_empty() && value.is_none() {
            return;
        }
        if value.is_none() && name.starts_with(b"<") && name.ends_with(b">") {
            self.placeholder = true;
            return self.defect(String::from_utf8_lossy(name), Defect::Placeholder);
        }
        // An unescaped part of valid UTF-8 input is a slice of it.
        let part = |from: usize, to: usize, escaped: bool| match text {
            Some(text) if !escaped => text.get(from..to).map(Cow::Borrowed),
            _ => decode(bytes(from, to)),
        };
        let Some(decoded) = part(scan.start, name_end, scan.escaped_name) else {
            return self.problem(String::from_utf8_lossy(name), ProblemKind::NotUtf8);
        };
        let value = part(value_start.unwrap_or(end), end, scan.escaped_value);
        if value.is_none() {
            self.problem(decoded.as_ref(), ProblemKind::NotUtf8);
        }
        self.param(decoded, value);
    }

    /// A segment with unencoded whitespace: the reference page's sample
    /// defects (line breaks, whitespace in and around names and values).
    fn segment_with_whitespace(
        &mut self,
        segment: &'a [u8],
        raw_name: &'a [u8],
        raw_value: Option<&'a [u8]>,
    ) {
        let name = raw_name.trim_ascii();
        let value = raw_value.map(<[u8]>::trim_ascii);
        // The name as it came, for messages only.
        let shown = || String::from_utf8_lossy(name).into_owned();

        if value.is_none() && name.starts_with(b"<") && name.ends_with(b">") {
            self.placeholder = true;
            return self.defect(shown(), Defect::Placeholder);
        }
        if segment.trim_ascii().is_empty() {
            // Only whitespace between two `&`.
            let defect = if segment.iter().any(|b| matches!(b, b'\r' | b'\n')) {
                Defect::LineBreak
            } else {
                Defect::WhitespaceInName
            };
            return self.defect("(query)", defect);
        }

        let raw_value = raw_value.unwrap_or_default();
        let line_break = |b: &u8| matches!(b, b'\r' | b'\n');
        let space = |b: &u8| b.is_ascii_whitespace() && !line_break(b);
        if edges(raw_name).chain(edges(raw_value)).any(line_break) {
            self.defect(shown(), Defect::LineBreak);
        }
        let inner_space = name.iter().any(u8::is_ascii_whitespace);
        if inner_space || edges(raw_name).any(space) {
            self.defect(shown(), Defect::WhitespaceInName);
        }
        if edges(raw_value).any(space) {
            self.defect(shown(), Defect::WhitespaceAroundValue);
        }

        let decoded = if inner_space {
            let joined: Vec<u8> =
                name.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
            decode(&joined).map(|n| Cow::Owned(n.into_owned()))
        } else {
            decode(name)
        };
        let Some(name) = decoded else {
            return self.problem(shown(), ProblemKind::NotUtf8);
        };
        let value = decode(value.unwrap_or_default());
        if value.is_none() {
            self.problem(name.as_ref(), ProblemKind::NotUtf8);
        }
        self.param(name, value);
    }

    fn param(&mut self, name: Cow<'a, str>, value: Option<Cow<'a, str>>) {
        if let Some(p) = Param::from_name(&name) {
            let slot = &mut self.single[p as usize];
            if slot.is_some() {
                return self.problem(name, ProblemKind::Repeated);
            }
            *slot = Some(value);
        } else if let Some((list, index)) = param::split_list_key(&name) {
            self.list_item(&name, list, index, value);
        } else {
            if name.is_empty() {
                self.warning("", WarningKind::EmptyName);
            }
            // Keep a value that was not UTF-8 out of the model: it has been
            // reported, and the request will be rejected.
            if let Some(value) = value {
                self.extra.push((name.into_owned(), value.into_owned()));
            }
        }
    }

    fn list_item(
        &mut self,
        name: &str,
        list: usize,
        index: Option<&str>,
        value: Option<Cow<'a, str>>,
    ) {
        let index = index.ok_or(ProblemKind::IndexAbsent).and_then(parse_index);
        let mut n = match index {
            Ok(n) => n,
            Err(kind) => {
                self.list_key_rejected = true;
                return self.problem(name, kind);
            }
        };
        let slots = &self.lists[list];
        if slots.get(n - 1).is_some_and(Option::is_some) {
            if !self.lenient {
                return self.problem(name, ProblemKind::Repeated);
            }
            // The sample repeats `InstanceId.1` where it meant `.2`.
            let highest = slots.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
            if highest >= InstanceIds::MAX {
                return self.problem(name, ProblemKind::NoFreeIndex);
            }
            n = highest + 1;
            self.warning(name, WarningKind::Renumbered(list_key(list, n)));
        }
        if let Some(slot) = self.lists[list].get_mut(n - 1) {
            *slot = Some(value);
        }
    }

    /// Takes a single parameter's value out of its slot: `None` when absent
    /// (or already reported as not UTF-8).
    fn take(&mut self, p: Param) -> Option<Cow<'a, str>> {
        self.single[p as usize].take().flatten()
    }

    /// A required parameter: reports it missing when absent or empty (unless
    /// it came but was not UTF-8, which is reported already).
    fn required(&mut self, p: Param) -> Option<Cow<'a, str>> {
        match self.single[p as usize].take() {
            Some(Some(v)) if !v.is_empty() => Some(v),
            Some(None) => None,
            _ => {
                self.problem(p.name(), ProblemKind::Missing);
                None
            }
        }
    }

    /// A typed parameter: its value converted, or a problem.
    fn typed<T>(
        &mut self,
        p: Param,
        value: Option<Cow<'a, str>>,
        convert: impl FnOnce(Cow<'a, str>) -> Result<T, ValueError>,
    ) -> Option<T> {
        match convert(value?) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(p.name(), ProblemKind::Value(e));
                None
            }
        }
    }

    /// An optional typed parameter, parsed with `FromStr`.
    fn optional<T: std::str::FromStr<Err = ValueError>>(&mut self, p: Param) -> Option<T> {
        let value = self.take(p);
        self.typed(p, value, |v| v.parse())
    }

    /// An optional string parameter, with a warning when empty.
    fn text(&mut self, p: Param) -> Option<String> {
        let value = self.take(p)?;
        if value.is_empty() {
            self.warning(p.name(), WarningKind::Empty);
        }
        Some(value.into_owned())
    }

    /// A parameter that came as a header (`x-acs-action`, `x-acs-version`):
    /// it stands for the parameter when the query and body lack it, and
    /// must agree with it when they have it.
    pub(crate) fn header_param(&mut self, p: Param, header: &'static str, value: &'a str) {
        match &self.single[p as usize] {
            None => self.single[p as usize] = Some(Some(Cow::Borrowed(value))),
            Some(Some(given)) if given != value => {
                let kind = ProblemKind::Disagrees { parameter: p.name(), value: given.to_string() };
                self.problem(header, kind);
            }
            // The same value, or a parameter already reported as not UTF-8.
            Some(_) => {}
        }
    }

    pub(crate) fn finish(mut self, acs: AcsHeaders) -> Result<Parsed, Rejection> {
        let action = self.required(Param::Action);
        if action.is_some_and(|a| a != Request::ACTION) {
            self.problem(Param::Action.name(), ProblemKind::Action);
        }

        let version = match self.single[Param::Version as usize].take() {
            None if self.lenient && self.placeholder => {
                self.warning(Param::Version.name(), WarningKind::AssumedVersion);
                Some(ApiVersion::default())
            }
            slot => {
                self.single[Param::Version as usize] = slot;
                let version = self.required(Param::Version).map(|v| v.parse::<ApiVersion>());
                if let Some(Err(_)) = version {
                    self.problem(Param::Version.name(), ProblemKind::Version);
                }
                version.and_then(Result::ok)
            }
        };

        let group = self.required(Param::ScalingGroupId);
        let group =
            self.typed(Param::ScalingGroupId, group, |v| ScalingGroupId::try_from(v.into_owned()));
        let ids = self.instance_ids(version);
        let protected = self.required(Param::ProtectedFromScaleIn);
        let protected: Option<ProtectedFromScaleIn> =
            self.typed(Param::ProtectedFromScaleIn, protected, |v| v.parse());
        let owner_id = self.take(Param::OwnerId);
        let owner_id = self.typed(Param::OwnerId, owner_id, |v| {
            v.parse::<i64>().map_err(|_| ValueError::new(Kind::NotInteger))
        });
        let resource_owner_account = self.text(Param::ResourceOwnerAccount);
        let region_id = self.text(Param::RegionId);
        let common = CommonParams {
            format: self.optional(Param::Format),
            access_key_id: self.text(Param::AccessKeyId),
            signature: self.text(Param::Signature),
            signature_method: self.optional(Param::SignatureMethod),
            signature_version: self.optional(Param::SignatureVersion),
            signature_nonce: self.text(Param::SignatureNonce),
            timestamp: self.optional(Param::Timestamp),
        };

        let extra = self.extra_params();

        if !self.problems.is_empty() {
            return Err(Rejection::new(self.problems, self.omitted, self.warnings)
                .with_format(common.format));
        }
        match (version, group, ids, protected) {
            (
                Some(version),
                Some(scaling_group_id),
                Some(instance_ids),
                Some(protected_from_scale_in),
            ) => {
                let mut request =
                    Request::new(scaling_group_id, instance_ids, protected_from_scale_in);
                request.version = version;
                request.owner_id = owner_id;
                request.resource_owner_account = resource_owner_account;
                request.region_id = region_id;
                request.common = common;
                request.extra = extra;
                request.acs = acs;
                Ok(Parsed { request, warnings: self.warnings })
            }
            // Every `None` above has reported a problem, so this is not
            // reached; answer with a rejection all the same.
            _ => Err(Rejection::new(Vec::new(), 0, self.warnings).with_format(common.format)),
        }
    }

    /// The instance ids under the version's list name, in order of N.
    fn instance_ids(&mut self, version: Option<ApiVersion>) -> Option<InstanceIds> {
        let has = |slots: &[Slot<'a>; InstanceIds::MAX]| slots.iter().any(Option::is_some);
        let list = match version {
            Some(v) => usize::from(v == ApiVersion::V2022_02_22),
            // Unknown version (already a problem): take whichever list came.
            None => usize::from(!has(&self.lists[0]) && has(&self.lists[1])),
        };
        let other = 1 - list;
        let slots = std::mem::take(&mut self.lists[list]);
        let others = std::mem::take(&mut self.lists[other]);
        if let Some(v) = version {
            for (n, slot) in others.iter().enumerate() {
                if slot.is_some() {
                    let kind = ProblemKind::WrongListName {
                        version: v.as_str(),
                        expected: LIST_NAMES[list],
                    };
                    self.problem(list_key(other, n + 1), kind);
                }
            }
        }
        if !has(&slots) {
            // A list key that came but was rejected (bad index, wrong
            // name) is the problem; the list is not also missing.
            if !has(&others) && !self.list_key_rejected {
                self.problem(format!("{}.N", LIST_NAMES[list]), ProblemKind::MissingList);
            }
            return None;
        }
        let mut ids: Vec<InstanceId> = Vec::with_capacity(slots.iter().flatten().count());
        let mut valid = true;
        // (fingerprint, N) of each id taken, to name the first of a repeat.
        let mut seen = [(0u64, 0usize); InstanceIds::MAX];
        let highest = slots.iter().rposition(Option::is_some).unwrap_or(0);
        for (i, slot) in slots.into_iter().enumerate().take(highest + 1) {
            match slot {
                None => self.warning(list_key(list, i + 1), WarningKind::Gap),
                Some(None) => valid = false,
                Some(Some(v)) if v.is_empty() => {
                    self.problem(list_key(list, i + 1), ProblemKind::Missing);
                    valid = false;
                }
                Some(Some(v)) => match InstanceId::try_from(v.into_owned()) {
                    Ok(id) => {
                        // Fingerprints spare most string comparisons.
                        let print = fingerprint(id.as_str());
                        let first = seen
                            .iter()
                            .zip(&ids)
                            .find(|((p, _), other)| *p == print && **other == id);
                        if let Some((&(_, first), _)) = first {
                            let first = list_key(list, first);
                            self.warning(list_key(list, i + 1), WarningKind::DuplicateId(first));
                        }
                        if let Some(slot) = seen.get_mut(ids.len()) {
                            *slot = (print, i + 1);
                        }
                        ids.push(id);
                    }
                    Err(e) => {
                        self.problem(list_key(list, i + 1), ProblemKind::Value(e));
                        valid = false;
                    }
                },
            }
        }
        if valid { InstanceIds::try_from(ids).ok() } else { None }
    }

    /// The extra parameters, the repeated ones reported (in `O(n log n)`).
    fn extra_params(&mut self) -> ExtraParams {
        let extra = std::mem::take(&mut self.extra);
        let mut order: Vec<usize> = (0..extra.len()).collect();
        let name = |i: usize| extra.get(i).map_or("", |(n, _)| n.as_str());
        order.sort_by(|&a, &b| name(a).cmp(name(b)).then(a.cmp(&b)));
        let mut repeated: Vec<usize> = order
            .windows(2)
            .filter_map(|w| match *w {
                [a, b] if name(a) == name(b) => Some(b),
                _ => None,
            })
            .collect();
        repeated.sort_unstable();
        for i in repeated {
            self.problem(name(i), ProblemKind::Repeated);
        }
        ExtraParams::from_vec_unchecked(extra)
    }
}

/// FNV-1a: a cheap, deterministic fingerprint of a string.
fn fingerprint(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The unencoded whitespace at each end of a raw name or value.
fn edges(raw: &[u8]) -> impl Iterator<Item = &u8> {
    let lead = raw.len() - raw.trim_ascii_start().len();
    let trail = raw.len() - raw.trim_ascii_end().len();
    let start = raw.get(..lead).unwrap_or_default();
    let end = raw.get(raw.len().saturating_sub(trail).max(lead)..).unwrap_or_default();
    start.iter().chain(end)
}

impl std::str::FromStr for Request {
    type Err = Rejection;

    /// Parses a query string strictly, dropping the warnings (use
    /// [`Parser`] to see them).
    fn from_str(s: &str) -> Result<Self, Rejection> {
        Parser::strict().parse_query(s).map(|parsed| parsed.request)
    }
}

impl TryFrom<&str> for Request {
    type Error = Rejection;

    fn try_from(s: &str) -> Result<Self, Rejection> {
        s.parse()
    }
}
