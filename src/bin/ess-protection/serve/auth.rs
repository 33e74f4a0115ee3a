//! Signature checks: the keys the emulator knows, and the nonces each key
//! has used inside its time window (bounded in memory).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Mutex, PoisonError};

use ess_protection::signature::Signed;
use ess_protection::{ApiError, ErrorCode, HttpRequest, Timestamp};

/// The known keys (id → secret) and the nonces seen.
pub struct Keys {
    secrets: HashMap<String, String>,
    nonces: Mutex<Nonces>,
}

impl Keys {
    /// Keys from `ID:SECRET` pairs, remembering at most `capacity` nonces.
    pub fn new(pairs: &[(String, String)], capacity: usize) -> Keys {
        Keys { secrets: pairs.iter().cloned().collect(), nonces: Mutex::new(Nonces::new(capacity)) }
    }

    /// The key ids, sorted, for the log.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.secrets.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// Checks a request's signature at `now`, in the order a gateway does:
    /// the signature is there and well formed (`IncompleteSignature`,
    /// `IllegalTimestamp`), its key is known (`InvalidAccessKeyId.NotFound`),
    /// its time is inside the window (`InvalidTimeStamp.Expired`), it
    /// matches (`SignatureDoesNotMatch`), its nonce is new for the key
    /// (`SignatureNonceUsed`; `Throttling` when the nonce memory is full).
    pub fn check(&self, http: &HttpRequest<'_>, now: Timestamp) -> Result<(), ApiError> {
        let signed = Signed::read(http)?;
        let secret = self
            .secrets
            .get(signed.access_key_id())
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidAccessKeyIdNotFound, ""))?;
        signed.check_time(now)?;
        signed.verify(secret)?;
        // Only a valid signature uses up its nonce: a forged request cannot
        // burn the nonces of real ones.
        let until = signed.time().unix_seconds().saturating_add(signed.validity_seconds());
        self.nonces.lock().unwrap_or_else(PoisonError::into_inner).record(
            signed.access_key_id(),
            signed.nonce(),
            until,
            now.unix_seconds(),
        )
    }
}

/// The nonces used inside their window, each until the request's time can
/// no longer pass the time check; at most `capacity` of them.
struct Nonces {
    until: HashMap<KeyNonce, i64>,
    expiring: BinaryHeap<Reverse<(i64, KeyNonce)>>,
    capacity: usize,
}

/// A key id and a nonce.
type KeyNonce = (Box<str>, Box<str>);

impl Nonces {
    fn new(capacity: usize) -> Nonces {
        Nonces { until: HashMap::new(), expiring: BinaryHeap::new(), capacity }
    }

    fn record(&mut self, key: &str, nonce: &str, until: i64, now: i64) -> Result<(), ApiError> {
        while let Some(Reverse((at, ..))) = self.expiring.peek() {
            if *at >= now {
                break;
            }
            if let Some(Reverse((_, entry))) = self.expiring.pop() {
                self.until.remove(&entry);
            }
        }
        let entry = (Box::from(key), Box::from(nonce));
        if self.until.contains_key(&entry) {
            return Err(ApiError::new(ErrorCode::SignatureNonceUsed, ""));
        }
        if self.until.len() >= self.capacity {
            // Forgetting a live nonce would let its request be replayed:
            // refuse, as a service under too much load does, instead.
            return Err(ApiError::new(ErrorCode::Throttling, ""));
        }
        self.expiring.push(Reverse((until, entry.clone())));
        self.until.insert(entry, until);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_refused_inside_its_window_and_forgotten_after_it() {
        let mut nonces = Nonces::new(2);
        assert!(nonces.record("k", "n1", 100, 50).is_ok());
        assert_eq!(
            nonces.record("k", "n1", 100, 60).unwrap_err().code,
            ErrorCode::SignatureNonceUsed
        );
        assert!(nonces.record("other", "n1", 100, 60).is_ok(), "per key");
        assert_eq!(nonces.record("k", "n2", 100, 60).unwrap_err().code, ErrorCode::Throttling);
        assert!(nonces.record("k", "n1", 200, 100).is_err(), "until is inclusive");
        assert!(nonces.record("k", "n1", 200, 101).is_ok(), "expired, then new again");
        assert_eq!(nonces.until.len(), 1);
        assert_eq!(nonces.expiring.len(), 1);
    }
}
