//! Pairs to a request, for every operation: the pairs a tokenizer found are
//! sorted onto the envelope's and the operation's declared parameters
//! ([`crate::param`]), and each operation reads its typed values through a
//! [`Reader`], which reports every problem under the parameter's name.

use std::borrow::Cow;

use crate::acs::AcsHeaders;
use crate::catalog::ErrorCode;
use crate::common::{ApiVersion, CommonParams, OwnerParams};
use crate::error::ValueError;
use crate::id::List;
use crate::operation::{OpSpec, Operation};
use crate::param::{self, BOTH, IndexError, MAX_ITEMS, Param, ParamValue, Shape, envelope};
use crate::parse::{Parsed, Parser};
use crate::problem::{Defect, Problem, ProblemKind, Rejection, Warning, WarningKind};
use crate::request::{ExtraParams, Request};

/// One `name=value` pair as a tokenizer found it: the name decoded, the
/// value decoded, or `None` when it is not UTF-8 (already reported).
pub(crate) struct Pair<'a> {
    pub(crate) name: Cow<'a, str>,
    pub(crate) value: Option<Cow<'a, str>>,
    /// Where the name's first `.` is, if it has one: a list key's.
    pub(crate) dot: Option<usize>,
}

impl<'a> Pair<'a> {
    pub(crate) fn new(name: Cow<'a, str>, value: Option<Cow<'a, str>>) -> Self {
        let dot = memchr::memchr(b'.', name.as_bytes());
        Pair { name, value, dot }
    }
}

/// The most parameters the envelope and one operation declare together.
pub(crate) const MAX_PARAMS: usize = 32;

/// A list's gap: no value at that `N`.
const GAP: usize = usize::MAX;

/// What came for one declared parameter: the index of its pair, or of each
/// of a list's pairs. Values stay in the pairs until read.
#[derive(Debug, Clone, Copy, Default)]
enum Entry {
    #[default]
    Absent,
    One(usize),
    Many(Items),
}

/// A list's pairs by `N - 1` ([`GAP`] where none came), the name they came
/// under, and whether a key of it was rejected (so the list is not also
/// missing).
#[derive(Debug, Clone, Copy)]
struct Items {
    at: [usize; MAX_ITEMS],
    len: usize,
    name: &'static str,
    rejected: bool,
}

impl Items {
    fn new(name: &'static str) -> Self {
        Items { at: [GAP; MAX_ITEMS], len: 0, name, rejected: false }
    }

    fn indexes(&self) -> &[usize] {
        self.at.get(..self.len).unwrap_or_default()
    }
}

/// The problems and warnings of one parse, capped, each with where it was
/// found, so that they are listed in the order of the input whatever the
/// stage that found them.
#[derive(Default)]
pub(crate) struct Report {
    problems: Vec<(usize, Problem)>,
    omitted: usize,
    warnings: Vec<(usize, Warning)>,
    /// The place of what is being read: the index of a pair; past the last
    /// one for what the request as a whole lacks.
    pub(crate) at: usize,
}

impl Report {
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
            self.problems.push((self.at, Problem::new(parameter, kind)));
        }
    }

    pub(crate) fn warning(&mut self, parameter: impl Into<String>, kind: WarningKind) {
        if self.warnings.len() < Parser::MAX_WARNINGS {
            self.warnings.push((self.at, Warning::new(parameter, kind)));
        }
    }

    /// The problems and warnings in the order of the input (stable: those
    /// of one place in the order found), and how many problems were left out.
    fn finish(mut self) -> (Vec<Problem>, usize, Vec<Warning>) {
        self.problems.sort_by_key(|(at, _)| *at);
        self.warnings.sort_by_key(|(at, _)| *at);
        let problems = self.problems.into_iter().map(|(_, p)| p).collect();
        (problems, self.omitted, self.warnings.into_iter().map(|(_, w)| w).collect())
    }
}

/// A parse in progress: what the tokenizers found, then the request.
pub(crate) struct Decoder<'a> {
    pub(crate) lenient: bool,
    pub(crate) report: Report,
    pub(crate) pairs: Vec<Pair<'a>>,
    /// Whether the `<Common request parameters>` placeholder was seen.
    pub(crate) placeholder: bool,
    /// `x-acs-action` and `x-acs-version`, which stand for `Action` and
    /// `Version` (HTTP requests).
    pub(crate) headers: [Option<&'a str>; 2],
}

impl<'a> Decoder<'a> {
    pub(crate) fn new(lenient: bool) -> Self {
        Decoder {
            lenient,
            report: Report::default(),
            pairs: Vec::new(),
            placeholder: false,
            headers: [None, None],
        }
    }

    /// A sample defect: an error when strict, a repair when lenient.
    pub(crate) fn defect(&mut self, parameter: impl Into<String>, defect: Defect) {
        if self.lenient {
            self.report.warning(parameter, WarningKind::Repaired(defect));
        } else {
            self.report.problem(parameter, ProblemKind::Defect(defect));
        }
    }

    /// The request, or every problem found.
    pub(crate) fn finish<O: Operation>(self, acs: AcsHeaders) -> Result<Parsed<O>, Rejection> {
        let Decoder { lenient, mut report, mut pairs, placeholder, headers } = self;
        // The first `Action` and `Version` pairs, found in one pass.
        let mut found = [None, None];
        for (i, pair) in pairs.iter().enumerate() {
            let slot = match pair.name.as_ref() {
                "Action" => found.get_mut(0),
                "Version" => found.get_mut(1),
                _ => None,
            };
            if let Some(slot @ None) = slot {
                *slot = Some(i);
            }
        }
        let [action, version] = [(envelope::ACTION, 0), (envelope::VERSION, 1)].map(|(p, h)| {
            let header = headers.get(h).copied().flatten();
            let param = found.get(h).copied().flatten();
            header_or_param(&mut report, &mut pairs, p.shown(), param, header)
        });
        let value = |at: Option<usize>| at.and_then(|i| pairs.get(i)?.value.as_deref());
        let known_version = value(version).and_then(|v| v.parse().ok());
        let (spec, supported) = match O::spec(value(action)) {
            Ok(spec) => (Some(spec), true),
            Err(fallback) => (fallback, false),
        };
        let mut sorter = Sorter {
            lenient,
            report: &mut report,
            version: known_version,
            entries: [Entry::Absent; MAX_PARAMS],
            spec,
            extra: Vec::new(),
        };
        for at in 0..pairs.len() {
            sorter.report.at = at;
            sorter.sort(&mut pairs, at);
        }
        sorter.report.at = usize::MAX;
        let Sorter { mut entries, extra, .. } = sorter;
        // `Action` and `Version` as found above: the first pair, or the header.
        for (p, at) in [(envelope::ACTION, action), (envelope::VERSION, version)] {
            if let (Some(entry), Some(at)) = (entries.get_mut(p.index), at) {
                *entry = Entry::One(at);
            }
        }
        let mut reader = Reader { report, pairs, entries, base: 0, version: known_version };

        // `Action` and `Version` first: the operation's reading depends on them.
        let action = reader.required_text(&envelope::ACTION);
        if action.is_some() && !supported {
            reader.report.problem(envelope::ACTION.shown(), ProblemKind::Action(O::expected()));
        }
        let version = match (placeholder && lenient, reader.present(&envelope::VERSION)) {
            (true, false) => {
                reader.report.warning(envelope::VERSION.shown(), WarningKind::AssumedVersion);
                Some(ApiVersion::default())
            }
            _ => {
                let version = reader.required_text(&envelope::VERSION);
                let parsed = version.map(|v| v.parse::<ApiVersion>());
                if let Some(Err(_)) = parsed {
                    reader.report.problem(envelope::VERSION.shown(), ProblemKind::Version);
                }
                parsed.and_then(Result::ok)
            }
        };
        reader.version = version;

        // The operation's own parameters, then the common and owner's.
        reader.base = envelope::PARAMS.len();
        let operation = spec.and_then(|spec| O::decode(spec, &mut reader));
        reader.base = 0;
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
        let Reader { mut report, .. } = reader;
        let extra = extra_params(&mut report, extra);

        let (problems, omitted, warnings) = report.finish();
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
}

/// Finds `Action` or `Version` among the pairs before they are sorted, as
/// the operation's table depends on the one and list names on the other: the
/// index of its first pair. A header stands for the parameter when the pairs
/// lack it (as a pair of its own, added) and must agree with it when they
/// have it.
fn header_or_param<'a>(
    report: &mut Report,
    pairs: &mut Vec<Pair<'a>>,
    name: &'static str,
    param: Option<usize>,
    header: Option<&'a str>,
) -> Option<usize> {
    match (param.and_then(|i| pairs.get(i)), header) {
        (Some(Pair { value: Some(given), .. }), Some(header)) if given != header => {
            let kind = ProblemKind::Disagrees { parameter: name, value: given.to_string() };
            report.problem(format!("x-acs-{}", name.to_ascii_lowercase()), kind);
            param
        }
        (Some(_), _) => param,
        (None, Some(header)) => {
            pairs.push(Pair::new(Cow::Borrowed(name), Some(Cow::Borrowed(header))));
            Some(pairs.len() - 1)
        }
        (None, None) => None,
    }
}

/// Sorts pairs onto the declared parameters.
struct Sorter<'r> {
    lenient: bool,
    report: &'r mut Report,
    version: Option<ApiVersion>,
    /// The envelope's parameters, then the operation's.
    entries: [Entry; MAX_PARAMS],
    spec: Option<&'static OpSpec>,
    extra: Vec<(String, String)>,
}

impl Sorter<'_> {
    /// Sorts the pair at `at`: onto a parameter's entry, or into the extra
    /// parameters (taken out of the pairs).
    fn sort(&mut self, pairs: &mut [Pair<'_>], at: usize) {
        let Some(pair) = pairs.get_mut(at) else { return };
        let (name, dot) = (&pair.name, pair.dot);
        let base = envelope::PARAMS.len();
        let op = self.spec.map(|s| &s.lookup);
        // No single parameter's name holds a `.`: such a name is a list key.
        let single = if dot.is_some() {
            None
        } else if let Some((p, _)) = envelope::LOOKUP.find(name) {
            Some((p, 0))
        } else {
            op.and_then(|l| l.find(name)).map(|(p, _)| (p, base))
        };
        match single {
            Some((p, offset)) if p.shape == Shape::Single => {
                match self.entries.get_mut(offset + p.index) {
                    Some(entry @ Entry::Absent) => *entry = Entry::One(at),
                    _ => self.report.problem(name.as_ref(), ProblemKind::Repeated),
                }
                return;
            }
            Some((p, offset)) => {
                // A bare list name: a list key without an index.
                let kind = ProblemKind::IndexAbsent;
                return self.reject_key(offset + p.index, p, name, kind);
            }
            None => {}
        }
        let (list, index) = match dot.and_then(|at| Some((name.get(..at)?, name.get(at + 1..)?))) {
            Some((list, index)) => (list, Some(index)),
            None => (name.as_ref(), None),
        };
        let found = match (index, op.and_then(|l| l.find(list))) {
            (Some(index), Some((p, mask))) if p.shape == Shape::List => Some((p, mask, index)),
            _ => None,
        };
        let Some((p, mask, index)) = found else {
            if name.is_empty() {
                self.report.warning("", WarningKind::EmptyName);
            }
            // A value that was not UTF-8 stays out of the model: it has been
            // reported, and the request will be rejected.
            if let Some(value) = pair.value.take() {
                let name = std::mem::take(&mut pair.name);
                self.extra.push((name.into_owned(), value.into_owned()));
            }
            return;
        };
        let at_entry = base + p.index;
        let n = match param::parse_index(index) {
            Ok(n) => n,
            Err(IndexError::Syntax) => {
                return self.reject_key(at_entry, p, name, ProblemKind::IndexSyntax);
            }
            Err(IndexError::Range) => {
                return self.reject_key(at_entry, p, name, ProblemKind::IndexRange);
            }
        };
        if let Some(version) = self.version
            && mask != BOTH
            && p.name(version) != list
        {
            let kind =
                ProblemKind::WrongListName { version: version.as_str(), expected: p.name(version) };
            return self.reject_key(at_entry, p, name, kind);
        }
        let named = if mask == 2 { p.names()[1] } else { p.names()[0] };
        self.item(at_entry, named, name, n, at);
    }

    /// A list key that is not taken: reported, and the list marked.
    fn reject_key(&mut self, entry: usize, p: &Param, key: &str, kind: ProblemKind) {
        self.report.problem(key, kind);
        if let Some(entry) = self.entries.get_mut(entry) {
            match entry {
                Entry::Many(items) => items.rejected = true,
                _ => *entry = Entry::Many(Items { rejected: true, ..Items::new(p.shown()) }),
            }
        }
    }

    /// A list's `n`-th value, the pair at `at`.
    fn item(&mut self, entry: usize, named: &'static str, key: &str, n: usize, at: usize) {
        let Some(entry) = self.entries.get_mut(entry) else { return };
        if !matches!(entry, Entry::Many(_)) {
            *entry = Entry::Many(Items::new(named));
        }
        let Entry::Many(items) = entry else { return };
        let mut n = n;
        if items.indexes().get(n - 1).is_some_and(|&i| i != GAP) {
            if !self.lenient {
                return self.report.problem(key, ProblemKind::Repeated);
            }
            // The sample repeats `InstanceId.1` where it meant `.2`.
            let highest = items.len;
            if highest >= MAX_ITEMS {
                return self.report.problem(key, ProblemKind::NoFreeIndex);
            }
            n = highest + 1;
            self.report.warning(key, WarningKind::Renumbered(param::list_key(named, n).into()));
        }
        if let Some(slot) = items.at.get_mut(n - 1) {
            *slot = at;
            items.len = items.len.max(n);
        }
    }
}

/// Reads typed values out of the sorted pairs, reporting every problem
/// under the parameter's name. An operation reads its own parameters
/// through it (`decode`), with the [`Param`]s it declared.
pub struct Reader<'a> {
    report: Report,
    pairs: Vec<Pair<'a>>,
    entries: [Entry; MAX_PARAMS],
    /// Where the parameters being read start among the entries.
    base: usize,
    version: Option<ApiVersion>,
}

impl<'a> Reader<'a> {
    /// The request's version, when it is valid.
    pub(crate) fn version(&self) -> Option<ApiVersion> {
        self.version
    }

    fn entry(&self, p: &Param) -> Entry {
        self.entries.get(self.base + p.index).copied().unwrap_or_default()
    }

    /// The value of the pair at `at`, taken (each is read once); `None`
    /// when it was not UTF-8 (reported already).
    fn value(&mut self, at: usize) -> Option<Cow<'a, str>> {
        self.pairs.get_mut(at).and_then(|p| p.value.take())
    }

    /// Whether a parameter came (also one not UTF-8, or a rejected list).
    pub(crate) fn present(&self, p: &Param) -> bool {
        !matches!(self.entry(p), Entry::Absent)
    }

    /// A problem of the operation's own (two parameters that exclude each
    /// other).
    pub(crate) fn problem(&mut self, parameter: impl Into<String>, kind: ProblemKind) {
        self.report.problem(parameter, kind);
    }

    /// The name of a parameter in messages, under the request's version.
    pub(crate) fn name(&self, p: &Param) -> &'static str {
        self.version.map_or(p.shown(), |v| p.name(v))
    }

    /// A value converted, or a problem.
    fn convert<T: ParamValue>(&mut self, name: &str, value: Cow<'_, str>) -> Option<T> {
        T::parse(value).map_err(|e| self.report.problem(name, ProblemKind::Value(e))).ok()
    }

    /// A single value's text: `None` when absent (or not UTF-8).
    fn single(&mut self, p: &Param) -> Option<Option<Cow<'a, str>>> {
        match self.entry(p) {
            Entry::One(at) => Some(self.value(at)),
            _ => None,
        }
    }

    /// A required single value's text: reported missing when absent or
    /// empty (unless it came but was not UTF-8, which is reported already).
    fn required_text(&mut self, p: &Param) -> Option<Cow<'a, str>> {
        match self.single(p) {
            Some(Some(v)) if !v.is_empty() => Some(v),
            Some(None) => None,
            _ => {
                self.report.problem(p.shown(), ProblemKind::Missing);
                None
            }
        }
    }

    /// A required single value.
    pub(crate) fn required<T: ParamValue>(&mut self, p: &Param) -> Option<T> {
        let value = self.required_text(p)?;
        self.convert(p.shown(), value)
    }

    /// An optional single value: `None` when absent (or reported).
    pub(crate) fn optional<T: ParamValue>(&mut self, p: &Param) -> Option<T> {
        let value = self.single(p)??;
        self.convert(p.shown(), value)
    }

    /// An optional single value, parsed by the operation (with a bound of
    /// the request's version, say).
    pub(crate) fn optional_with<T>(
        &mut self,
        p: &Param,
        parse: impl FnOnce(&str) -> Result<T, ValueError>,
    ) -> Option<T> {
        let value = self.single(p)??;
        parse(&value).map_err(|e| self.report.problem(p.shown(), ProblemKind::Value(e))).ok()
    }

    /// An optional string, kept when empty, with a warning.
    pub(crate) fn text(&mut self, p: &Param) -> Option<String> {
        let value = self.single(p)??;
        if value.is_empty() {
            self.report.warning(p.shown(), WarningKind::Empty);
        }
        Some(value.into_owned())
    }

    /// A list, in order of `N`; `None` when absent (reported as missing
    /// when `required`) or when a value is not valid (reported).
    pub(crate) fn list<T: ParamValue>(&mut self, p: &Param, required: bool) -> Option<List<T>> {
        let items = match self.entry(p) {
            Entry::Many(items) => items,
            _ => Items::new(self.name(p)),
        };
        if items.indexes().iter().all(|&at| at == GAP) {
            // A key that came but was rejected (bad index, wrong name) is
            // the problem; the list is not also missing.
            if required && !items.rejected {
                self.report.problem(format!("{}.N", self.name(p)), ProblemKind::MissingList);
            }
            return None;
        }
        let key = |i: usize| param::list_key(items.name, i + 1);
        let mut values: Vec<T> = Vec::with_capacity(items.len);
        // The fingerprint and N of each value kept, to name the first of a
        // repeat: fingerprints spare most string comparisons.
        let mut seen = [(0u64, 0usize); MAX_ITEMS];
        let mut valid = !items.rejected;
        for (i, &at) in items.indexes().iter().enumerate() {
            if at == GAP {
                self.report.warning(key(i), WarningKind::Gap);
                continue;
            }
            match self.value(at) {
                None => valid = false,
                Some(v) if v.is_empty() => {
                    self.report.problem(key(i), ProblemKind::Missing);
                    valid = false;
                }
                Some(v) => {
                    let print = fingerprint(&v);
                    let first = seen
                        .iter()
                        .zip(&values)
                        .find(|((p, _), kept)| *p == print && kept.text() == v.as_ref());
                    if let Some((&(_, n), _)) = first {
                        self.report.warning(key(i), WarningKind::DuplicateValue(key(n - 1).into()));
                    }
                    match T::parse(v) {
                        Ok(value) => {
                            if let Some(slot) = seen.get_mut(values.len()) {
                                *slot = (print, i + 1);
                            }
                            values.push(value);
                        }
                        Err(e) => {
                            self.report.problem(key(i), ProblemKind::Value(e));
                            valid = false;
                        }
                    }
                }
            }
        }
        if valid { List::try_from(values).ok() } else { None }
    }

    /// Reports a value that its type takes but the request's version does
    /// not: of a single parameter, or (`n`, from 1) of a list.
    pub(crate) fn invalid(&mut self, p: &Param, n: Option<usize>, error: ValueError) {
        let name = match n {
            Some(n) => param::list_key(self.name(p), n),
            None => Cow::Borrowed(self.name(p)),
        };
        self.report.problem(name, ProblemKind::Value(error));
    }
}

/// FNV-1a: a cheap, deterministic fingerprint of a string.
fn fingerprint(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The extra parameters, the repeated ones reported (in `O(n log n)`).
fn extra_params(report: &mut Report, extra: Vec<(String, String)>) -> ExtraParams {
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
        report.problem(name(i), ProblemKind::Repeated);
    }
    ExtraParams::from_vec_unchecked(extra)
}
