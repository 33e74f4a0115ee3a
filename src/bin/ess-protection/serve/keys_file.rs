//! `--keys FILE`: access keys with their accounts and RAM policies.
//!
//! ```text
//! {"AccessKeys": [
//!   {"AccessKeyId": "admin", "AccessKeySecret": "…"},
//!   {"AccessKeyId": "reader", "AccessKeySecret": "…", "AccountId": "1234567890",
//!    "Policies": [{"Version": "1", "Statement": [...]}]}]}
//! ```
//!
//! A key without `Policies` may do everything; with `Policies` (even an
//! empty list), every API request it signs is evaluated, and it needs an
//! `AccountId` (every resource name holds one). `"Policies": null` is
//! refused: it reads as "no policies" to some and as "no restriction" to
//! others (Python's `None`), so the file must say which.
//!
//! A key of temporary (STS) credentials carries its `SecurityToken` (and,
//! optionally, its `Expiration`, a `YYYY-MM-DDThh:mm:ssZ` time): every
//! request it signs must carry that token.

use serde::Deserialize;
use serde_json::value::RawValue;

use ess_protection::Timestamp;
use ess_protection::ram::Policy;

use super::auth::{Key, Restricted, Token};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct File {
    access_keys: Vec<Box<RawValue>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Entry {
    access_key_id: String,
    access_key_secret: String,
    account_id: Option<String>,
    /// `Some("null")` for an explicit `null`, which `Option` would hide.
    #[serde(default, deserialize_with = "present")]
    policies: Option<Box<RawValue>>,
    security_token: Option<String>,
    expiration: Option<String>,
}

/// A member that is present, whatever its value (`null` included).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Box<RawValue>>, D::Error> {
    Box::<RawValue>::deserialize(d).map(Some)
}

/// The keys of a keys file's text; an error names the key and the
/// statement (`AccessKeys[1] (reader): Policies[0]: Statement[2].Action: …`).
pub fn read(text: &str) -> Result<Vec<Key>, String> {
    let file: File = serde_json::from_str(text)
        .map_err(|e| format!("expected {{\"AccessKeys\": [...]}}: {e}"))?;
    file.access_keys.iter().enumerate().map(|(n, raw)| key(n, raw)).collect()
}

/// serde_json's message without its position, which would count from the
/// entry's start (the place names the entry).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).map_or_else(|| text.clone(), str::to_owned)
}

fn key(n: usize, raw: &RawValue) -> Result<Key, String> {
    let place = format!("AccessKeys[{n}]");
    let entry: Entry = serde_json::from_str(raw.get())
        .map_err(|e| format!("{place}: {}", without_position(&e)))?;
    let place = format!("{place} ({})", entry.access_key_id);
    if entry.access_key_id.is_empty() || entry.access_key_secret.is_empty() {
        return Err(format!("{place}: AccessKeyId and AccessKeySecret must not be empty"));
    }
    let policies = match entry.policies {
        Some(raw) if raw.get() == "null" => {
            return Err(format!(
                "{place}: Policies is null: give a list ([] allows nothing), or leave Policies \
                 out for a key that may do everything"
            ));
        }
        Some(raw) => Some(
            serde_json::from_str::<Vec<Box<RawValue>>>(raw.get())
                .map_err(|e| format!("{place}: Policies: {}", without_position(&e)))?,
        ),
        None => None,
    };
    let restricted = match policies {
        None => None,
        Some(policies) => {
            let account = entry
                .account_id
                .filter(|a| !a.is_empty())
                .ok_or_else(|| format!("{place}: AccountId is needed with Policies"))?;
            let policies = policies
                .iter()
                .enumerate()
                .map(|(p, raw)| {
                    raw.get().parse::<Policy>().map_err(|e| format!("{place}: Policies[{p}]: {e}"))
                })
                .collect::<Result<_, _>>()?;
            Some(Restricted { account, policies })
        }
    };
    let token = match (entry.security_token, entry.expiration) {
        (Some(token), _) if token.is_empty() => {
            return Err(format!("{place}: SecurityToken must not be empty"));
        }
        (Some(token), expiration) => {
            let expiration = expiration
                .map(|e| {
                    e.parse::<Timestamp>().map_err(|error| {
                        format!("{place}: Expiration: {error} (expected YYYY-MM-DDThh:mm:ssZ)")
                    })
                })
                .transpose()?;
            Some(Token { token, expiration })
        }
        (None, Some(_)) => {
            return Err(format!("{place}: Expiration is given without SecurityToken"));
        }
        (None, None) => None,
    };
    Ok(Key { id: entry.access_key_id, secret: entry.access_key_secret, restricted, token })
}
