//! RAM's wildcards: `*` matches any run of characters (none too), `?` one
//! character. Matching takes time linear in the subject and the pattern
//! for literal runs, and never backtracks more than one run: the pattern
//! is cut at its `*`s; the first run must start the subject, the last must
//! end it, and each run between is taken at its leftmost place after the
//! one before (leftmost is always safe: a later place leaves less room, never
//! more). A run without `?` is found with `memchr::memmem`.

use std::fmt;

/// A wildcard pattern of a policy's `Action` or `Resource`.
///
/// ```
/// use ess_protection::ram::Pattern;
///
/// let pattern = Pattern::new("acs:ess:*:*:scalinggroup/asg-a?");
/// assert!(pattern.matches("acs:ess:cn-hangzhou:123:scalinggroup/asg-a1"));
/// assert!(!pattern.matches("acs:ess:cn-hangzhou:123:scalinggroup/asg-b1"));
/// // A hundred `*a` against 10 KB: no exponential backtracking.
/// let pattern = Pattern::new(&"*a".repeat(100));
/// assert!(pattern.matches(&"ba".repeat(5_000)));
/// assert!(!pattern.matches(&"b".repeat(10_000)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    text: String,
}

impl Pattern {
    /// A pattern of this text (every text is one: characters other than
    /// `*` and `?` match themselves).
    pub fn new(text: &str) -> Pattern {
        Pattern { text: text.to_owned() }
    }

    /// The pattern's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the whole of `subject` matches (case-sensitive).
    pub fn matches(&self, subject: &str) -> bool {
        wildcard_match(&self.text, subject)
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether `subject` matches `pattern` whole.
fn wildcard_match(pattern: &str, subject: &str) -> bool {
    let Some((first, rest)) = pattern.split_once('*') else {
        return run_at(pattern, subject, 0) == Some(subject.len());
    };
    let (middle, last) = rest.rsplit_once('*').unwrap_or(("", rest));
    let Some(mut at) = run_at(first, subject, 0) else {
        return false;
    };
    for run in middle.split('*').filter(|run| !run.is_empty()) {
        match find_run(run, subject, at) {
            Some(end) => at = end,
            None => return false,
        }
    }
    // The last run ends the subject: it starts as many characters before
    // the end as it has.
    let tail = subject.get(at..).unwrap_or_default();
    let start = match last.chars().count() {
        0 => tail.len(),
        width => match tail.char_indices().rev().nth(width - 1) {
            Some((start, _)) => start,
            None => return false, // no room left for it
        },
    };
    run_at(last, subject, at + start) == Some(subject.len())
}

/// Where a run (literal characters and `?`) matched at byte `at` of
/// `subject` ends, if it does.
fn run_at(run: &str, subject: &str, at: usize) -> Option<usize> {
    let mut rest = subject.get(at..)?.chars();
    for expected in run.chars() {
        let got = rest.next()?;
        if expected != '?' && expected != got {
            return None;
        }
    }
    Some(subject.len() - rest.as_str().len())
}

/// The end of the leftmost match of `run` in `subject` from byte `from`.
fn find_run(run: &str, subject: &str, from: usize) -> Option<usize> {
    let haystack = subject.get(from..)?;
    if !run.contains('?') {
        let found = memchr::memmem::find(haystack.as_bytes(), run.as_bytes())?;
        return Some(from + found + run.len());
    }
    haystack.char_indices().find_map(|(offset, _)| run_at(run, subject, from + offset))
}

#[cfg(test)]
mod tests {
    use super::wildcard_match as m;

    #[test]
    fn wildcards() {
        assert!(m("", ""));
        assert!(!m("", "a"));
        assert!(m("*", ""));
        assert!(m("*", "anything"));
        assert!(m("a*", "a"));
        assert!(m("*a", "a"));
        assert!(!m("a*a", "a"));
        assert!(m("a*a", "aa"));
        assert!(m("?", "é"));
        assert!(!m("?", ""));
        assert!(!m("??", "é"));
        assert!(m("ess:Set*", "ess:SetInstancesProtection"));
        assert!(!m("ess:Set*", "ess:DescribeScalingInstances"));
        assert!(m("*:*:x?z*", "a:b:xyz"));
        assert!(m("a*b?d*e", "aXbcdYe"));
        assert!(!m("a*b?d*e", "aXbcdY"));
        assert!(m("*ab*ab*", "abab"));
        assert!(!m("*ab*ab*", "aba"));
        assert!(m("*?é", "xé"));
        assert!(!m("*??é", "xé"));
        assert!(m("a**b", "ab"));
        assert!(m("*a?*a", "aba"));
        assert!(!m("*a?*a", "aa"));
    }
}
