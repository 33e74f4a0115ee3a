//! Pairs onto parameters: the pairs a tokenizer found ([`Decoder`]) are
//! sorted onto the envelope's and an operation's declared parameters
//! ([`crate::param`]), repeats and list keys checked, and handed to a
//! [`Reader`](crate::reader::Reader). It knows no operation: the driver
//! ([`crate::parse`]) chooses the table and builds the request.

use std::borrow::Cow;

use crate::catalog::ErrorCode;
use crate::common::ApiVersion;
use crate::param::{self, BOTH, IndexError, MAX_ITEMS, Param, ParamTable, Shape, envelope};
use crate::problem::{Defect, MAX_WARNINGS, Problem, ProblemKind, Rejection, Warning, WarningKind};

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
pub(crate) const GAP: usize = usize::MAX;

/// What came for one declared parameter: the index of its pair, or of each
/// of a list's pairs. Values stay in the pairs until read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) enum Entry {
    #[default]
    Absent,
    One(usize),
    Many(Items),
}

/// A list's pairs by `N - 1` ([`GAP`] where none came), the name they came
/// under, and whether a key of it was rejected (so the list is not also
/// missing).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Items {
    at: [usize; MAX_ITEMS],
    pub(crate) len: usize,
    pub(crate) name: &'static str,
    pub(crate) rejected: bool,
}

impl Items {
    pub(crate) fn new(name: &'static str) -> Self {
        Items { at: [GAP; MAX_ITEMS], len: 0, name, rejected: false }
    }

    pub(crate) fn indexes(&self) -> &[usize] {
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
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push((self.at, Warning::new(parameter, kind)));
        }
    }

    /// The problems and warnings in the order of the input (stable: those
    /// of one place in the order found), and how many problems were left out.
    pub(crate) fn finish(mut self) -> (Vec<Problem>, usize, Vec<Warning>) {
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

    /// Sorts the pairs, into `entries` (all `Absent`), onto the envelope's
    /// parameters and those of the
    /// table `choose` gives for the request's `Action` (`Ok`: the table of
    /// that action; `Err`: another table to read with all the same, so
    /// every problem is found, or none), ready to be read. `Action` and
    /// `Version` are found first (the table depends on the one, list names
    /// on the other), from their pairs or their headers.
    pub(crate) fn sort(
        self,
        choose: impl FnOnce(Option<&str>) -> Result<&'static ParamTable, Option<&'static ParamTable>>,
        entries: &mut [Entry; MAX_PARAMS],
    ) -> Sorted<'a> {
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
        let (table, supported) = match choose(value(action)) {
            Ok(table) => (Some(table), true),
            Err(fallback) => (fallback, false),
        };
        let mut sorter = Sorter {
            lenient,
            report: &mut report,
            version: known_version,
            entries,
            table,
            extra: Vec::new(),
            structs: Vec::new(),
        };
        for at in 0..pairs.len() {
            sorter.report.at = at;
            sorter.sort(&mut pairs, at);
        }
        sorter.report.at = usize::MAX;
        let Sorter { entries, extra, structs, .. } = sorter;
        // `Action` and `Version` as found above: the first pair, or the header.
        for (p, at) in [(envelope::ACTION, action), (envelope::VERSION, version)] {
            if let (Some(entry), Some(at)) = (entries.get_mut(p.index), at) {
                *entry = Entry::One(at);
            }
        }
        Sorted {
            report,
            pairs,
            structs,
            version: known_version,
            table,
            supported,
            extra,
            placeholder: placeholder && lenient,
        }
    }
}

/// Pairs sorted onto their parameters, ready to be read
/// ([`Reader`](crate::reader::Reader)).
pub(crate) struct Sorted<'a> {
    pub(crate) report: Report,
    pub(crate) pairs: Vec<Pair<'a>>,
    /// The fields of lists of structs.
    pub(crate) structs: Vec<StructPair>,
    /// The request's version, when it is valid.
    pub(crate) version: Option<ApiVersion>,
    /// The table the operation's parameters were sorted by, if any.
    pub(crate) table: Option<&'static ParamTable>,
    /// Whether `table` is the table of the request's `Action`.
    pub(crate) supported: bool,
    /// The parameters of neither table, in order.
    pub(crate) extra: Vec<(String, String)>,
    /// Whether a lenient parse repaired the `<Common request parameters>`
    /// placeholder (then a missing `Version` is assumed).
    pub(crate) placeholder: bool,
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
    /// The envelope's parameters, then the operation's (the caller's: the
    /// array is large, and a reader reads it where it is).
    entries: &'r mut [Entry; MAX_PARAMS],
    table: Option<&'static ParamTable>,
    extra: Vec<(String, String)>,
    /// The fields of lists of structs, in the order they came.
    structs: Vec<StructPair>,
}

/// One field of one item of a list of structs: the list's entry, the
/// item's `N`, the field's place among the declared fields, and the pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StructPair {
    pub(crate) entry: usize,
    pub(crate) n: usize,
    pub(crate) field: usize,
    pub(crate) at: usize,
}

impl Sorter<'_> {
    /// Sorts the pair at `at`: onto a parameter's entry, or into the extra
    /// parameters (taken out of the pairs).
    fn sort(&mut self, pairs: &mut [Pair<'_>], at: usize) {
        let Some(pair) = pairs.get_mut(at) else { return };
        let (name, dot) = (&pair.name, pair.dot);
        let base = envelope::PARAMS.len();
        let op = self.table.map(|s| &s.lookup);
        // No single parameter's name holds a `.`: such a name is a list key.
        let single = if dot.is_some() {
            None
        } else if let Some((p, _)) = envelope::LOOKUP.find(name) {
            Some((p, 0))
        } else {
            op.and_then(|l| l.find_preferring(name, false)).map(|(p, _)| (p, base))
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
        let found = match (index, op.and_then(|l| l.find_preferring(list, true))) {
            (Some(index), Some((p, mask))) if p.is_listed() => Some((p, mask, index)),
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
        // A list of structs: `Name.N.Field`.
        let (index, field) = match (p.shape, index.split_once('.')) {
            (Shape::Structs, Some((index, field))) => {
                match p.fields.iter().position(|f| *f == field) {
                    Some(field) => (index, Some(field)),
                    None => {
                        let kind = ProblemKind::StructField(p.fields);
                        return self.reject_key(at_entry, p, name, kind);
                    }
                }
            }
            (Shape::Structs, None) => {
                return self.reject_key(at_entry, p, name, ProblemKind::StructField(p.fields));
            }
            _ => (index, None),
        };
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
        match field {
            Some(field) => self.struct_item(at_entry, named, name, (n, field), at),
            None => self.item(at_entry, named, name, n, at),
        }
    }

    /// A field of a list of structs' `n`-th item, the pair at `at`.
    fn struct_item(
        &mut self,
        entry: usize,
        named: &'static str,
        key: &str,
        (n, field): (usize, usize),
        at: usize,
    ) {
        let Some(slot) = self.entries.get_mut(entry) else { return };
        if !matches!(slot, Entry::Many(_)) {
            *slot = Entry::Many(Items::new(named));
        }
        let Entry::Many(items) = slot else { return };
        items.len = items.len.max(n);
        let field = StructPair { entry, n, field, at };
        if self.structs.iter().any(|s| (s.entry, s.n, s.field) == (entry, n, field.field)) {
            return self.report.problem(key, ProblemKind::Repeated);
        }
        self.structs.push(field);
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
