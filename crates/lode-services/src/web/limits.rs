//! Throttling of the public tracking lookups: a dossier is found by its code and the
//! telephone number given with it; a client that misses too often in a window is refused
//! (429) until the window ends, so codes and numbers cannot be tried one after another. Hits are
//! never counted: a business following its dossiers is not slowed. Kept per node, in memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Misses allowed per client and window.
pub const TRACK_MISSES: u32 = 10;
/// The window.
pub const TRACK_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Clients remembered before the expired ones are dropped.
const REMEMBERED: usize = 100_000;

#[derive(Debug, Default)]
pub struct TrackLimiter {
    misses: Mutex<HashMap<String, (Instant, u32)>>,
}

impl TrackLimiter {
    /// Whether `client` is refused now.
    pub fn blocked(&self, client: &str) -> bool {
        let Ok(map) = self.misses.lock() else {
            return false;
        };
        map.get(client)
            .is_some_and(|(since, n)| since.elapsed() < TRACK_WINDOW && *n >= TRACK_MISSES)
    }

    /// Counts a miss of `client`.
    pub fn missed(&self, client: &str) {
        let Ok(mut map) = self.misses.lock() else {
            return;
        };
        if map.len() >= REMEMBERED {
            map.retain(|_, (since, _)| since.elapsed() < TRACK_WINDOW);
        }
        let entry = map.entry(client.to_string()).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= TRACK_WINDOW {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_block_one_client_only() {
        let l = TrackLimiter::default();
        for _ in 0..TRACK_MISSES - 1 {
            l.missed("10.0.0.1");
        }
        assert!(!l.blocked("10.0.0.1"));
        l.missed("10.0.0.1");
        assert!(l.blocked("10.0.0.1"));
        assert!(!l.blocked("10.0.0.2"));
    }
}
