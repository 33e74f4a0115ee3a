//! Typed values out of sorted pairs, serde's `de` to [`crate::encode`]'s
//! `ser`: an operation reads its own parameters through a [`Reader`], with
//! the [`Param`]s it declared, and every problem is reported under the
//! parameter's name. It knows no operation.

use std::borrow::Cow;

use crate::codec::ParamValue;
use crate::common::ApiVersion;
use crate::decode::{Entry, GAP, Items, MAX_PARAMS, Pair, Report, StructPair};
use crate::error::ValueError;
use crate::id::List;
use crate::param::{self, MAX_ITEMS, Param, envelope};
use crate::problem::{Problem, ProblemKind, Warning, WarningKind};

/// Reads typed values out of the sorted pairs, reporting every problem
/// under the parameter's name. An operation reads its own parameters
/// through it (`decode`), with the [`Param`]s it declared.
pub struct Reader<'a> {
    report: Report,
    pairs: Vec<Pair<'a>>,
    structs: Vec<StructPair>,
    entries: &'a [Entry; MAX_PARAMS],
    /// Where the parameters being read start among the entries.
    base: usize,
    version: Option<ApiVersion>,
}

impl<'a> Reader<'a> {
    /// A reader of sorted pairs.
    pub(crate) fn new(
        report: Report,
        pairs: Vec<Pair<'a>>,
        structs: Vec<StructPair>,
        entries: &'a [Entry; MAX_PARAMS],
        version: Option<ApiVersion>,
    ) -> Self {
        Reader { report, pairs, structs, entries, base: 0, version }
    }

    /// The request's version, when it is valid.
    pub(crate) fn version(&self) -> Option<ApiVersion> {
        self.version
    }

    /// Sets the request's version, once `Version` is read.
    pub(crate) fn set_version(&mut self, version: Option<ApiVersion>) {
        self.version = version;
    }

    /// Reads the operation's own parameters (its table's), not the
    /// envelope's.
    pub(crate) fn operation<T>(&mut self, read: impl FnOnce(&mut Reader<'a>) -> T) -> T {
        self.base = envelope::PARAMS.len();
        let read = read(self);
        self.base = 0;
        read
    }

    /// A warning of the driver's.
    pub(crate) fn warning(&mut self, parameter: impl Into<String>, kind: WarningKind) {
        self.report.warning(parameter, kind);
    }

    /// The problems and warnings, in the order of the input, with how many
    /// problems were left out, after the repeated `extra` parameters are
    /// reported.
    pub(crate) fn finish(
        mut self,
        extra: &[(String, String)],
    ) -> (Vec<Problem>, usize, Vec<Warning>) {
        report_repeated(&mut self.report, extra);
        self.report.finish()
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
    pub(crate) fn required_text(&mut self, p: &Param) -> Option<Cow<'a, str>> {
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

    /// A list of structs (`Tag.N.Key`, `Tag.N.Value`), in order of `N`:
    /// each item's fields in their declared order, `None` where the item
    /// has none. `None` when absent (reported as missing when `required`),
    /// or when a value is empty or not UTF-8 (reported). A gap in `N` is a
    /// warning, as in a list.
    pub(crate) fn structs(
        &mut self,
        p: &Param,
        required: bool,
    ) -> Option<Vec<Vec<Option<String>>>> {
        let entry = self.base + p.index;
        let items = match self.entry(p) {
            Entry::Many(items) => items,
            _ => Items::new(self.name(p)),
        };
        if items.len == 0 {
            if required && !items.rejected {
                self.report.problem(format!("{}.N", self.name(p)), ProblemKind::MissingList);
            }
            return None;
        }
        let mut out: Vec<Vec<Option<String>>> = vec![vec![None; p.fields.len()]; items.len];
        let mut valid = !items.rejected;
        let fields: Vec<StructPair> =
            self.structs.iter().copied().filter(|s| s.entry == entry).collect();
        for s in fields {
            let key = || format!("{}.{}.{}", items.name, s.n, p.fields.get(s.field).unwrap_or(&""));
            match self.value(s.at) {
                None => valid = false,
                Some(v) if v.is_empty() => {
                    self.report.problem(key(), ProblemKind::Missing);
                    valid = false;
                }
                Some(v) => {
                    if let Some(slot) = out.get_mut(s.n - 1).and_then(|item| item.get_mut(s.field))
                    {
                        *slot = Some(v.into_owned());
                    }
                }
            }
        }
        for (i, item) in out.iter().enumerate() {
            if item.iter().all(Option::is_none) {
                self.report.warning(param::list_key(items.name, i + 1), WarningKind::Gap);
            }
        }
        out.retain(|item| item.iter().any(Option::is_some));
        valid.then_some(out)
    }

    /// Reports a list that its type takes but the operation does not (more
    /// values than it allows): under `Name.N`.
    pub(crate) fn invalid_list(&mut self, p: &Param, error: ValueError) {
        let name = format!("{}.N", self.name(p));
        self.report.problem(name, ProblemKind::Value(error));
    }

    /// Reports a value of a list of structs that the operation rejects
    /// (`n` and the field's name from 1 and as declared).
    pub(crate) fn invalid_field(&mut self, p: &Param, n: usize, field: &str, error: ValueError) {
        let key = format!("{}.{n}.{field}", self.name(p));
        self.report.problem(key, ProblemKind::Value(error));
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
fn report_repeated(report: &mut Report, extra: &[(String, String)]) {
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
}
