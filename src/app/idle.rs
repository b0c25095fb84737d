//! The clocks of the idle lock.
//!
//! `Instant` (CLOCK_MONOTONIC on Linux) stops while the laptop is suspended, so a lid closed
//! for two hours counted as seconds. The idle time is therefore read from two clocks that
//! count suspend: the wall clock and the boot-time clock (CLOCK_BOOTTIME). The lock
//! happens when *either* says the delay is over, so a wall clock set back (by hand, by NTP)
//! never postpones it, and a boot clock that is not available (other platforms) is covered
//! by the wall clock.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One reading of both clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockReading {
    /// Wall-clock time, in milliseconds since 1970 (negative before: a laptop at 1969).
    pub wall_ms: i64,
    /// Time since boot, suspend included where the platform says so.
    pub boot: Duration,
}

impl ClockReading {
    /// How long it has been since `earlier`: the larger of what the two clocks say. A clock
    /// that went backwards counts as zero, never as a reason to wait longer.
    pub fn idle_since(self, earlier: ClockReading) -> Duration {
        let wall_ms = self.wall_ms.saturating_sub(earlier.wall_ms).max(0);
        let wall = Duration::from_millis(u64::try_from(wall_ms).unwrap_or(0));
        let boot = self.boot.saturating_sub(earlier.boot);
        wall.max(boot)
    }

    /// This reading moved forward by `elapsed` on both clocks (tests simulate time).
    pub fn advanced(self, elapsed: Duration) -> ClockReading {
        ClockReading {
            wall_ms: self
                .wall_ms
                .saturating_add(i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)),
            boot: self.boot + elapsed,
        }
    }
}

/// A source of clock readings; replaceable so tests need not wait minutes.
pub type Clock = Arc<dyn Fn() -> ClockReading + Send + Sync>;

/// The system's clocks.
pub fn system_clock() -> Clock {
    Arc::new(read_system_clocks)
}

fn read_system_clocks() -> ClockReading {
    let wall_ms = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    };
    ClockReading {
        wall_ms,
        boot: boot_time(),
    }
}

/// CLOCK_BOOTTIME: monotonic, and counts the time spent suspended.
#[cfg(target_os = "linux")]
fn boot_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// Elsewhere the monotonic clock of the standard library; the wall clock covers resume
/// (see the README: a native sleep hook would add the lock at the moment of sleeping).
#[cfg(not(target_os = "linux"))]
fn boot_time() -> Duration {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: ClockReading = ClockReading {
        wall_ms: 1_800_000_000_000,
        boot: Duration::from_secs(1000),
    };

    #[test]
    fn both_clocks_moving_give_the_elapsed_time() {
        let later = START.advanced(Duration::from_secs(90));
        assert_eq!(later.idle_since(START), Duration::from_secs(90));
    }

    #[test]
    fn a_suspend_seen_by_the_wall_clock_alone_counts() {
        // Two hours lid closed on a platform whose boot clock stopped.
        let later = ClockReading {
            wall_ms: START.wall_ms + 2 * 3600 * 1000,
            boot: START.boot + Duration::from_secs(3),
        };
        assert_eq!(later.idle_since(START), Duration::from_secs(2 * 3600));
    }

    #[test]
    fn a_wall_clock_set_back_never_postpones_the_lock() {
        let later = ClockReading {
            wall_ms: START.wall_ms - 3600 * 1000,
            boot: START.boot + Duration::from_secs(6 * 60),
        };
        assert_eq!(later.idle_since(START), Duration::from_secs(6 * 60));
    }

    #[test]
    fn the_system_clocks_move_forward() {
        let a = read_system_clocks();
        std::thread::sleep(Duration::from_millis(20));
        let b = read_system_clocks();
        assert!(b.idle_since(a) >= Duration::from_millis(15));
        assert!(b.boot > Duration::ZERO);
    }
}
