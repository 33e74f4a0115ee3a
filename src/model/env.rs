//! What the model takes from its caller: the time, and fresh ids for the
//! activities it starts and the instances it creates. The crate reads no
//! clock and no random source; a server gives its clock and its random ids,
//! a test a [`Sequential`].

use crate::common::Timestamp;
use crate::id::{InstanceId, ScalingActivityId};

/// The time and fresh ids, from the caller.
pub trait Environment {
    /// The time now: an activity's start and end, a new instance's
    /// `CreationTime`, a group's `ModificationTime`.
    fn now(&self) -> Timestamp;
    /// A fresh scaling activity id (`asa-…`).
    fn activity_id(&mut self) -> ScalingActivityId;
    /// A fresh instance id (`i-…`), for an instance a scale-out creates. An
    /// id the state already has is asked for again.
    fn instance_id(&mut self) -> InstanceId;
}

/// A fixed time and ids counted from 1: `asa-00000000000000000001`,
/// `i-00000000000000000002`, … (one counter for both). For tests and
/// examples: its ids are the same every run.
///
/// ```
/// use ess_protection::model::{Environment, Sequential};
///
/// let mut env = Sequential::new("2026-01-01T00:00:00Z".parse()?);
/// assert_eq!(env.activity_id().as_str(), "asa-00000000000000000001");
/// assert_eq!(env.instance_id().as_str(), "i-00000000000000000002");
/// env.advance(60);
/// assert_eq!(env.now().to_string(), "2026-01-01T00:01:00Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequential {
    now: Timestamp,
    next: u64,
}

impl Sequential {
    /// Ids from 1, at `now`.
    pub fn new(now: Timestamp) -> Self {
        Sequential { now, next: 0 }
    }

    /// Moves the time on by `seconds` (not past year 9999).
    pub fn advance(&mut self, seconds: i64) {
        if let Ok(later) = Timestamp::from_unix_seconds(self.now.unix_seconds() + seconds) {
            self.now = later;
        }
    }

    fn count(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

impl Environment for Sequential {
    fn now(&self) -> Timestamp {
        self.now
    }

    fn activity_id(&mut self) -> ScalingActivityId {
        let n = self.count();
        ScalingActivityId::try_from(format!("asa-{n:020}")).expect("asa- and digits is an id")
    }

    fn instance_id(&mut self) -> InstanceId {
        let n = self.count();
        InstanceId::try_from(format!("i-{n:020}")).expect("i- and digits is an id")
    }
}
