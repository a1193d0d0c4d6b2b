//! Ctrl-C (SIGINT) and SIGTERM during `aludel test`: the workers and the
//! builder stop at their next step, so that every scratch database is
//! dropped before the command exits (a killed process would leave them on
//! the server). A second signal ends the process at once, as usual.

use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::{flag, SigId};

/// Set by the signal handlers while a run watches for them.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Watches for the signals while it lives; the actions are removed again
/// on drop, so that a program that embeds aludel (the Python module) gets
/// its own handling back.
pub struct Watch {
    ids: Vec<SigId>,
}

impl Watch {
    /// Starts watching. A signal that cannot be watched is not: the run
    /// goes on, only without the clean stop.
    pub fn start() -> Watch {
        INTERRUPTED.store(false, Ordering::SeqCst);
        let mut ids = Vec::new();
        for signal in [SIGINT, SIGTERM] {
            // the default action first: it ends the process only once the
            // flag is already set, i.e. on the second signal
            ids.extend(flag::register_conditional_default(signal, &INTERRUPTED).ok());
            ids.extend(flag::register(signal, &INTERRUPTED).ok());
        }
        Watch { ids }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Whether a signal asked the run to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Why what was left did not run.
pub const REASON: &str = "not run: interrupted (Ctrl-C or SIGTERM)";
