//! Hybrid logical clock stamps (DESIGN.md §5): every field of every record carries the
//! stamp of its last write, so that packets from partners merge per field without a
//! central server and without trusting the partners' wall clocks blindly.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Number of low bits of an [`Hlc`] that hold the logical counter.
const COUNTER_BITS: u32 = 16;
const COUNTER_MASK: u64 = (1 << COUNTER_BITS) - 1;

/// A hybrid logical clock value: milliseconds since the Unix epoch in the high 48 bits,
/// a logical counter in the low 16 bits. Totally ordered by its integer value.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Hlc(pub u64);

impl Hlc {
    /// The wall-clock part, in milliseconds since the Unix epoch.
    pub fn wall_ms(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    /// The logical counter part.
    pub fn counter(self) -> u64 {
        self.0 & COUNTER_MASK
    }

    /// Builds a value from its two parts (the counter is truncated to 16 bits).
    pub fn from_parts(wall_ms: u64, counter: u64) -> Self {
        Hlc((wall_ms << COUNTER_BITS) | (counter & COUNTER_MASK))
    }

    /// The next value for a local event, given the last value issued and the local wall
    /// clock. Never goes backwards, even when the laptop's clock does (1970, 2035...).
    pub fn tick(self, now_ms: u64) -> Self {
        if now_ms > self.wall_ms() {
            Hlc::from_parts(now_ms, 0)
        } else {
            Hlc(self.0 + 1)
        }
    }

    /// The next local value after receiving `remote`: greater than both.
    pub fn observe(self, remote: Hlc, now_ms: u64) -> Self {
        let max = self.max(remote);
        max.tick(now_ms)
    }
}

/// Who wrote a field, and when: compared first by clock, then by site, so that two
/// concurrent writes are ordered the same way on every replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// The clock value of the write.
    pub hlc: Hlc,
    /// The installation that wrote it.
    pub site: Uuid,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_follows_the_wall_clock_when_it_moves_forward() {
        let h = Hlc::from_parts(1_000, 5);
        assert_eq!(h.tick(2_000), Hlc::from_parts(2_000, 0));
    }

    #[test]
    fn tick_never_goes_backwards_when_the_clock_does() {
        let h = Hlc::from_parts(2_000_000_000_000, 3);
        let next = h.tick(0); // laptop clock reset to 1970
        assert!(next > h);
        assert_eq!(next.wall_ms(), 2_000_000_000_000);
        assert_eq!(next.counter(), 4);
    }

    #[test]
    fn observe_is_greater_than_both_clocks() {
        let local = Hlc::from_parts(1_000, 0);
        let remote = Hlc::from_parts(5_000, 7);
        let next = local.observe(remote, 2_000);
        assert!(next > remote && next > local);
    }

    #[test]
    fn stamps_order_by_clock_then_site() {
        let a = Stamp {
            hlc: Hlc(10),
            site: Uuid::from_u128(2),
        };
        let b = Stamp {
            hlc: Hlc(11),
            site: Uuid::from_u128(1),
        };
        let c = Stamp {
            hlc: Hlc(11),
            site: Uuid::from_u128(3),
        };
        assert!(a < b && b < c);
    }
}
