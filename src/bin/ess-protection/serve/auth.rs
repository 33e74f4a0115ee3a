//! Who may call: the keys the emulator knows (each with its secret and,
//! from a keys file, its account and RAM policies), signature checks, and
//! the nonces each key has used inside its time window (bounded in memory).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::sync::{Mutex, PoisonError};

use ess_protection::ram::{Policy, evaluate_request};
use ess_protection::signature::Signed;
use ess_protection::{AnyOperation, ApiError, ErrorCode, HttpRequest, ScalingGroupId, Timestamp};

/// A key: its secret and, when RAM policies restrict it, whose it is and
/// what it may do.
pub struct Key {
    pub id: String,
    pub secret: String,
    /// `None`: everything (an account's own key).
    pub restricted: Option<Restricted>,
    /// The security token of temporary (STS) credentials: `None` for a
    /// long-term key.
    pub token: Option<Token>,
}

/// The security token of a key of temporary credentials.
pub struct Token {
    pub token: String,
    /// After this time, requests with the token are refused.
    pub expiration: Option<Timestamp>,
}

/// A key's account and policies.
pub struct Restricted {
    pub account: String,
    pub policies: Vec<Policy>,
}

impl Key {
    /// A key that may do everything (`--access-key ID:SECRET`).
    pub fn unrestricted(id: &str, secret: &str) -> Key {
        Key { id: id.to_owned(), secret: secret.to_owned(), restricted: None, token: None }
    }

    /// Whether its policies let it run `operation`, whose scaling group is
    /// in `region`, on each of `groups` (those its answer draws from):
    /// `Forbidden.Unauthorized` when not.
    pub fn authorize<'a>(
        &self,
        operation: &AnyOperation,
        region: &str,
        groups: impl IntoIterator<Item = (&'a str, &'a ScalingGroupId)>,
    ) -> Result<(), ApiError> {
        let Some(restricted) = &self.restricted else { return Ok(()) };
        let (policies, account) = (&restricted.policies, restricted.account.as_str());
        if evaluate_request(policies, operation, region, account, groups).is_allowed() {
            Ok(())
        } else {
            Err(ApiError::new(ErrorCode::ForbiddenUnauthorized, ""))
        }
    }
}

/// The known keys, the security tokens they carry, and the nonces seen.
pub struct Keys {
    keys: HashMap<String, Key>,
    tokens: HashSet<String>,
    nonces: Nonces,
}

impl Keys {
    /// These keys (their ids are distinct), remembering at most `capacity`
    /// nonces.
    pub fn new(keys: Vec<Key>, capacity: usize) -> Keys {
        Keys {
            tokens: keys.iter().filter_map(|k| Some(k.token.as_ref()?.token.clone())).collect(),
            keys: keys.into_iter().map(|k| (k.id.clone(), k)).collect(),
            nonces: Nonces::new(capacity),
        }
    }

    /// The key ids, sorted, for the log; restricted ones marked.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .keys
            .values()
            .map(|k| match &k.restricted {
                None => k.id.clone(),
                Some(r) => format!("{} ({} policies)", k.id, r.policies.len()),
            })
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Checks a request's signature at `now`, in the order a gateway does:
    /// the signature is there and well formed (`IncompleteSignature`,
    /// `IllegalTimestamp`), its key is known (`InvalidAccessKeyId.NotFound`),
    /// its time is inside the window (`InvalidTimeStamp.Expired`), it
    /// matches (`SignatureDoesNotMatch`), its security token is the key's
    /// ([`Keys::check_token`]), its nonce is new for the key
    /// (`SignatureNonceUsed`; `Throttling` when the nonce memory is full).
    ///
    /// Returns the key that signed it.
    pub fn check(&self, http: &HttpRequest<'_>, now: Timestamp) -> Result<&Key, ApiError> {
        let signed = Signed::read(http)?;
        let key = self
            .keys
            .get(signed.access_key_id())
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidAccessKeyIdNotFound, ""))?;
        signed.check_time(now)?;
        signed.verify(&key.secret)?;
        // The token is signed: checked only once the signature holds, so a
        // forged request learns nothing of tokens. Credentials that fail
        // do not use up the nonce, as a forged signature does not.
        self.check_token(key, signed.security_token(), now)?;
        // Only a valid signature uses up its nonce: a forged request cannot
        // burn the nonces of real ones.
        let until = signed.time().unix_seconds().saturating_add(signed.validity_seconds());
        self.nonces.record(signed.access_key_id(), signed.nonce(), until, now.unix_seconds())?;
        Ok(key)
    }
}

impl Keys {
    /// Whether a request's security token (`sent`) is its key's, as the
    /// gateway decides for a token it issued or not:
    ///
    /// - a key of temporary credentials and no token: `MissingSecurityToken`;
    /// - a token issued with another key: `InvalidSecurityToken.MismatchWithAccessKey`;
    /// - a token never issued (for a long-term key, any token):
    ///   `InvalidSecurityToken.Malformed`;
    /// - the key's own token after its `Expiration`: `InvalidSecurityToken.Expired`.
    pub fn check_token(
        &self,
        key: &Key,
        sent: Option<&str>,
        now: Timestamp,
    ) -> Result<(), ApiError> {
        let refuse = |code| Err(ApiError::new(code, ""));
        match (&key.token, sent) {
            (None, None) => Ok(()),
            (Some(_), None) => refuse(ErrorCode::MissingSecurityToken),
            (Some(own), Some(sent)) if own.token == sent => match own.expiration {
                Some(end) if now > end => refuse(ErrorCode::InvalidSecurityTokenExpired),
                _ => Ok(()),
            },
            (_, Some(sent)) if self.tokens.contains(sent) => {
                refuse(ErrorCode::InvalidSecurityTokenMismatchWithAccessKey)
            }
            (_, Some(_)) => refuse(ErrorCode::InvalidSecurityTokenMalformed),
        }
    }
}

/// The nonces used inside their window, each until the request's time can
/// no longer pass the time check; at most about `capacity` of them.
///
/// Each (key id, nonce) is kept as a 128-bit keyed hash (two SipHash
/// states with random keys, so no client can aim for a collision; among a
/// million nonces the chance of any is about 2^-88), in 64 shards: a shard's
/// table grows without stopping the others, and a nonce takes about 100
/// bytes (a million: 108 MB of memory) instead of two strings' 290.
struct Nonces {
    shards: Box<[Mutex<Shard>]>,
    hashers: (RandomState, RandomState),
    per_shard: usize,
}

#[derive(Default)]
struct Shard {
    until: HashMap<u128, i64, BuildHasherDefault<Prehashed>>,
    expiring: BinaryHeap<Reverse<(i64, u128)>>,
}

const SHARDS: usize = 64;

impl Nonces {
    fn new(capacity: usize) -> Nonces {
        Nonces {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hashers: (RandomState::new(), RandomState::new()),
            per_shard: capacity.div_ceil(SHARDS).max(1),
        }
    }

    fn record(&self, key: &str, nonce: &str, until: i64, now: i64) -> Result<(), ApiError> {
        let (high, low) =
            (self.hashers.0.hash_one((key, nonce)), self.hashers.1.hash_one((key, nonce)));
        let id = u128::from(high) << 64 | u128::from(low);
        let index = usize::try_from(high % SHARDS as u64).unwrap_or(0);
        let Some(shard) = self.shards.get(index) else {
            return Err(ApiError::new(ErrorCode::InternalError, ""));
        };
        let mut shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
        shard.record(id, until, now, self.per_shard)
    }
}

impl Shard {
    fn record(&mut self, id: u128, until: i64, now: i64, capacity: usize) -> Result<(), ApiError> {
        while let Some(Reverse((at, old))) = self.expiring.peek().copied() {
            if at >= now {
                break;
            }
            self.expiring.pop();
            self.until.remove(&old);
        }
        if self.until.contains_key(&id) {
            return Err(ApiError::new(ErrorCode::SignatureNonceUsed, ""));
        }
        if self.until.len() >= capacity {
            // Forgetting a live nonce would let its request be replayed:
            // refuse, as a service under too much load does, instead.
            return Err(ApiError::new(ErrorCode::Throttling, ""));
        }
        self.expiring.push(Reverse((until, id)));
        self.until.insert(id, until);
        Ok(())
    }
}

/// A hasher for keys that are already random 128-bit hashes: their low
/// 64 bits.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_refused_inside_its_window_and_forgotten_after_it() {
        let mut shard = Shard::default();
        assert!(shard.record(1, 100, 50, 2).is_ok());
        assert_eq!(shard.record(1, 100, 60, 2).unwrap_err().code, ErrorCode::SignatureNonceUsed);
        assert!(shard.record(2, 100, 60, 2).is_ok());
        assert_eq!(shard.record(3, 100, 60, 2).unwrap_err().code, ErrorCode::Throttling);
        assert!(shard.record(1, 200, 100, 2).is_err(), "until is inclusive");
        assert!(shard.record(1, 200, 101, 2).is_ok(), "expired, then new again");
        assert_eq!((shard.until.len(), shard.expiring.len()), (1, 1));
    }

    #[test]
    fn nonces_are_per_key_and_the_capacity_is_shared_by_the_shards() {
        // Room for four in each shard: the three nonces below may share one
        // (the shard comes from a hash keyed per process).
        let nonces = Nonces::new(4 * SHARDS);
        assert_eq!(nonces.per_shard, 4);
        assert!(nonces.record("k", "n1", 100, 50).is_ok());
        assert!(nonces.record("other", "n1", 100, 50).is_ok(), "per key");
        assert!(nonces.record("k", "n", 100, 50).is_ok(), "(k, n1) and (k1, n) differ");
        assert_eq!(
            nonces.record("k", "n1", 100, 60).unwrap_err().code,
            ErrorCode::SignatureNonceUsed
        );
        let nonces = Nonces::new(10 * SHARDS);
        let accepted = (0..20 * SHARDS)
            .filter(|n| nonces.record("k", &n.to_string(), 100, 50).is_ok())
            .count();
        assert!((8 * SHARDS..=10 * SHARDS).contains(&accepted), "{accepted}");
    }
}
