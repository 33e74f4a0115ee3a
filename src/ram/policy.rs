//! RAM policy documents, read from their JSON into validated types: every
//! problem is named with its place (`Statement[2].Action[0]`), and what
//! this crate cannot honour is refused, never ignored.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use super::pattern::Pattern;

/// A policy document: `{"Version": "1", "Statement": [...]}`.
///
/// ```
/// use ess_protection::ram::{Decision, Policy};
///
/// let policy: Policy = r#"{"Version": "1", "Statement": [
///     {"Effect": "Allow", "Action": "ess:Describe*", "Resource": "*"},
///     {"Effect": "Allow", "Action": ["ess:SetInstancesProtection", "ess:RemoveInstances"],
///      "Resource": "acs:ess:*:*:scalinggroup/asg-a*"}]}"#.parse()?;
/// let group = |id: &str| format!("acs:ess:cn-hangzhou:123:scalinggroup/{id}");
/// assert_eq!(policy.evaluate("ess:SetInstancesProtection", &group("asg-a1")), Decision::Allow);
/// assert_eq!(policy.evaluate("ess:SetInstancesProtection", &group("asg-b1")), Decision::ImplicitDeny);
///
/// let error = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*",
///     "Resource": "*", "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}]}"#
///     .parse::<Policy>().unwrap_err();
/// assert_eq!(error.to_string(), "Statement[0].Condition: conditions are not supported \
///     (ignoring one would allow what the service denies)");
/// # Ok::<(), ess_protection::ram::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    statements: Vec<Statement>,
}

/// One statement: an effect, the actions and the resources it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    effect: Effect,
    actions: Patterns,
    resources: Patterns,
}

/// `Effect`: what a statement that applies does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`: wins over every `Allow`.
    Deny,
}

/// The values of `Action` or `Resource` (the listed ones), or of
/// `NotAction` or `NotResource` (all but the listed ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Patterns {
    /// `Action`, `Resource`: any of these.
    Only(Vec<Pattern>),
    /// `NotAction`, `NotResource`: none of these.
    AllBut(Vec<Pattern>),
}

impl Patterns {
    /// Whether `subject` is covered.
    pub fn covers(&self, subject: &str) -> bool {
        match self {
            Patterns::Only(patterns) => patterns.iter().any(|p| p.matches(subject)),
            Patterns::AllBut(patterns) => !patterns.iter().any(|p| p.matches(subject)),
        }
    }
}

impl Policy {
    /// A policy of these statements.
    pub fn new(statements: Vec<Statement>) -> Policy {
        Policy { statements }
    }

    /// Its statements, in order.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }
}

impl Statement {
    /// A statement. Action patterns compare without regard to ASCII case
    /// (RAM's action names are case-insensitive); resource patterns exactly.
    pub fn new(effect: Effect, actions: Patterns, resources: Patterns) -> Statement {
        let fold = |patterns: Vec<Pattern>| {
            patterns.iter().map(|p| Pattern::new(&p.as_str().to_ascii_lowercase())).collect()
        };
        let actions = match actions {
            Patterns::Only(p) => Patterns::Only(fold(p)),
            Patterns::AllBut(p) => Patterns::AllBut(fold(p)),
        };
        Statement { effect, actions, resources }
    }

    /// `Effect`.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// `Action` or `NotAction` (lower-cased).
    pub fn actions(&self) -> &Patterns {
        &self.actions
    }

    /// `Resource` or `NotResource`.
    pub fn resources(&self) -> &Patterns {
        &self.resources
    }

    /// Whether it applies to `action` (already lower-cased) on `resource`.
    pub(crate) fn applies(&self, lower_action: &str, resource: &str) -> bool {
        self.actions.covers(lower_action) && self.resources.covers(resource)
    }
}

/// Why a policy document is not one this crate can evaluate: where (empty
/// for the document itself) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    place: String,
    problem: String,
}

impl PolicyError {
    fn at(place: impl Into<String>, problem: impl Into<String>) -> PolicyError {
        PolicyError { place: place.into(), problem: problem.into() }
    }

    /// Where: `Version`, `Statement[2]`, `Statement[2].Action[0]`, or empty.
    pub fn place(&self) -> &str {
        &self.place
    }

    /// What is wrong, in a few lower-case words.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.place, self.problem)
        }
    }
}

impl std::error::Error for PolicyError {}

/// The document as JSON: `Version`, then `Statement`, each statement's
/// values as arrays (action patterns lower-cased). It reads back equal.
impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("Version", "1")?;
        map.serialize_entry("Statement", &self.statements)?;
        map.end()
    }
}

fn texts(patterns: &[Pattern]) -> Vec<&str> {
    patterns.iter().map(Pattern::as_str).collect()
}

impl Serialize for Statement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry(
            "Effect",
            match self.effect {
                Effect::Allow => "Allow",
                Effect::Deny => "Deny",
            },
        )?;
        match &self.actions {
            Patterns::Only(p) => map.serialize_entry("Action", &texts(p))?,
            Patterns::AllBut(p) => map.serialize_entry("NotAction", &texts(p))?,
        }
        match &self.resources {
            Patterns::Only(p) => map.serialize_entry("Resource", &texts(p))?,
            Patterns::AllBut(p) => map.serialize_entry("NotResource", &texts(p))?,
        }
        map.end()
    }
}

impl fmt::Display for Policy {
    /// The document as compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_json::to_string(self).map_err(|_| fmt::Error)?)
    }
}

impl<'de> Deserialize<'de> for Policy {
    /// Reads a policy document (see [`Policy::from_str`]).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let document = Elements::deserialize(deserializer)?;
        Policy::from_elements(document).map_err(de::Error::custom)
    }
}

impl FromStr for Policy {
    type Err = PolicyError;

    /// Reads a policy document's JSON.
    ///
    /// # Errors
    ///
    /// When it is not JSON, not an object, has an element given twice or
    /// not known, a `Version` other than `"1"`, a statement without
    /// `Effect`, without `Action` or `NotAction`, without `Resource` or
    /// `NotResource` (or with both of a pair), an empty or non-string
    /// value, an action that is not `*` or `product:Operation`, a resource
    /// that is not `*` or `acs:…`; or elements this crate cannot evaluate:
    /// `Condition`, `Principal`.
    fn from_str(text: &str) -> Result<Policy, PolicyError> {
        let document: Elements = serde_json::from_str(text)
            .map_err(|e| PolicyError::at("", format!("not a policy document: {e}")))?;
        Policy::from_elements(document)
    }
}

impl TryFrom<&Value> for Policy {
    type Error = PolicyError;

    /// Reads a policy document already parsed (an element given twice in
    /// the text is then no longer seen).
    fn try_from(value: &Value) -> Result<Policy, PolicyError> {
        value.to_string().parse()
    }
}

impl Policy {
    fn from_elements(document: Elements) -> Result<Policy, PolicyError> {
        let mut version = None;
        let mut statements = None;
        for (name, value) in document.0 {
            match name.as_str() {
                "Version" => version = Some(value),
                "Statement" => statements = Some(value),
                _ => return Err(unknown(&name, "")),
            }
        }
        match version.as_ref().map(|v| serde_json::from_str::<String>(v.get())) {
            None => return Err(PolicyError::at("Version", "missing")),
            Some(Ok(v)) if v == "1" => {}
            Some(_) => {
                return Err(PolicyError::at("Version", "only version \"1\" is supported"));
            }
        }
        let statements = statements.ok_or_else(|| PolicyError::at("Statement", "missing"))?;
        let list: Vec<Box<RawValue>> = serde_json::from_str(statements.get())
            .map_err(|_| PolicyError::at("Statement", "expected an array of statements"))?;
        let statements = list
            .iter()
            .enumerate()
            .map(|(n, raw)| statement(&format!("Statement[{n}]"), raw))
            .collect::<Result<_, _>>()?;
        Ok(Policy { statements })
    }
}

fn unknown(name: &str, place: &str) -> PolicyError {
    let at = if place.is_empty() { name.to_owned() } else { format!("{place}.{name}") };
    PolicyError::at(at, "unknown element (names are case-sensitive)")
}

/// One statement, read from its JSON at `place`.
fn statement(place: &str, raw: &RawValue) -> Result<Statement, PolicyError> {
    let elements: Elements = serde_json::from_str(raw.get()).map_err(|e| {
        PolicyError::at(place, format!("expected a statement object: {}", without_position(&e)))
    })?;
    let mut effect = None;
    let mut actions: Option<(&str, Patterns)> = None; // and which of the pair named them
    let mut resources: Option<(&str, Patterns)> = None;
    for (name, value) in &elements.0 {
        let at = format!("{place}.{name}");
        match name.as_str() {
            "Effect" => {
                effect = Some(match serde_json::from_str::<String>(value.get()).as_deref() {
                    Ok("Allow") => Effect::Allow,
                    Ok("Deny") => Effect::Deny,
                    _ => return Err(PolicyError::at(at, "expected \"Allow\" or \"Deny\"")),
                });
            }
            "Action" | "NotAction" => pair(&mut actions, name, &at, value, action)?,
            "Resource" | "NotResource" => pair(&mut resources, name, &at, value, resource)?,
            "Condition" => {
                return Err(PolicyError::at(
                    at,
                    "conditions are not supported (ignoring one would allow what the service \
                     denies)",
                ));
            }
            "Principal" => {
                return Err(PolicyError::at(
                    at,
                    "principals are not supported (they belong to resource policies, not to a \
                     key's)",
                ));
            }
            _ => return Err(unknown(name, place)),
        }
    }
    let effect = effect.ok_or_else(|| PolicyError::at(format!("{place}.Effect"), "missing"))?;
    let (_, actions) = actions
        .ok_or_else(|| PolicyError::at(format!("{place}.Action"), "missing (or NotAction)"))?;
    let (_, resources) = resources
        .ok_or_else(|| PolicyError::at(format!("{place}.Resource"), "missing (or NotResource)"))?;
    Ok(Statement::new(effect, actions, resources))
}

/// serde_json's message without its position (which would count from the
/// statement's start, not the document's: the place names the statement).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).map_or_else(|| text.clone(), str::to_owned)
}

/// One of a pair (`Action`/`NotAction`, `Resource`/`NotResource`): its
/// patterns into `slot`, unless the other of the pair is there.
fn pair<'a>(
    slot: &mut Option<(&'a str, Patterns)>,
    name: &'a str,
    at: &str,
    value: &RawValue,
    check: fn(&str) -> Result<(), &'static str>,
) -> Result<(), PolicyError> {
    if let Some((other, _)) = slot {
        return Err(PolicyError::at(at, format!("given with {other}")));
    }
    let list = values(at, value, check)?;
    let patterns =
        if name.starts_with("Not") { Patterns::AllBut(list) } else { Patterns::Only(list) };
    *slot = Some((name, patterns));
    Ok(())
}

/// A string or an array of strings (at least one), each checked by `check`.
fn values(
    at: &str,
    raw: &RawValue,
    check: fn(&str) -> Result<(), &'static str>,
) -> Result<Vec<Pattern>, PolicyError> {
    let list = match serde_json::from_str::<Value>(raw.get()) {
        Ok(Value::String(one)) => {
            check(&one).map_err(|problem| PolicyError::at(at, problem))?;
            return Ok(vec![Pattern::new(&one)]);
        }
        Ok(Value::Array(list)) if !list.is_empty() => list,
        Ok(Value::Array(_)) => return Err(PolicyError::at(at, "an empty list covers nothing")),
        _ => return Err(PolicyError::at(at, "expected a string or an array of strings")),
    };
    list.iter()
        .enumerate()
        .map(|(n, value)| {
            let here = format!("{at}[{n}]");
            let text = value.as_str().ok_or_else(|| PolicyError::at(&here, "expected a string"))?;
            check(text).map_err(|problem| PolicyError::at(&here, problem))?;
            Ok(Pattern::new(text))
        })
        .collect()
}

/// `*`, or `product:Operation` (either side may hold wildcards).
fn action(text: &str) -> Result<(), &'static str> {
    match text.split_once(':') {
        _ if text == "*" => Ok(()),
        Some((product, name)) if !product.is_empty() && !name.is_empty() && clean(text) => Ok(()),
        _ => Err("expected \"*\" or an action \"product:Operation\""),
    }
}

/// `*`, or a resource name `acs:…`.
fn resource(text: &str) -> Result<(), &'static str> {
    if text == "*" || (text.starts_with("acs:") && clean(text)) {
        Ok(())
    } else {
        Err("expected \"*\" or a resource \"acs:product:region:account:relative-id\"")
    }
}

/// No whitespace or control character.
fn clean(text: &str) -> bool {
    !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A JSON object's members in order, each value's text kept, a member
/// given twice refused.
struct Elements(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Elements {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Elements;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Elements, A::Error> {
                let mut seen = HashSet::new();
                let mut members = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    if !seen.insert(name.clone()) {
                        return Err(de::Error::custom(format_args!("`{name}` is given twice")));
                    }
                    members.push((name, map.next_value()?));
                }
                Ok(Elements(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}
