//! Fault injection for the integration tests: environment variables that make
//! a run fail, crash, get a signal or stall at a chosen point. They are read
//! only in builds with the `test-hooks` feature, which `cargo test` turns on
//! (see `Cargo.toml`); in any other build every hook is off and the variables'
//! names are not even in the binary.

/// A point where a test can step in.
#[derive(Debug, Clone, Copy)]
pub enum Hook {
    /// `GEO_SCAFFOLD_TEST_FAIL_AFTER=N`: fail before file operation N+1.
    FailAfter,
    /// `GEO_SCAFFOLD_TEST_ABORT_AFTER=N`: abort the process (as `kill -9`
    /// would end it) before file operation N+1.
    AbortAfter,
    /// `GEO_SCAFFOLD_TEST_SIGINT_AFTER=N`: send this process SIGINT after N
    /// file operations.
    SigintAfter,
    /// `GEO_SCAFFOLD_TEST_EDIT=path`: append a line to this tree file just
    /// before the final check, as an editor would while geo-scaffold runs.
    Edit,
    /// `GEO_SCAFFOLD_TEST_HOLD_MS=N`: sleep N ms once the lock is taken.
    HoldLockMs,
    /// `GEO_SCAFFOLD_TEST_NO_HARDLINKS=1`: keep originals aside by copying, as
    /// on a file system without hard links.
    NoHardLinks,
}

#[cfg(feature = "test-hooks")]
impl Hook {
    pub fn name(self) -> &'static str {
        match self {
            Hook::FailAfter => "GEO_SCAFFOLD_TEST_FAIL_AFTER",
            Hook::AbortAfter => "GEO_SCAFFOLD_TEST_ABORT_AFTER",
            Hook::SigintAfter => "GEO_SCAFFOLD_TEST_SIGINT_AFTER",
            Hook::Edit => "GEO_SCAFFOLD_TEST_EDIT",
            Hook::HoldLockMs => "GEO_SCAFFOLD_TEST_HOLD_MS",
            Hook::NoHardLinks => "GEO_SCAFFOLD_TEST_NO_HARDLINKS",
        }
    }
}

/// The hook's value, when a test set it.
#[cfg(feature = "test-hooks")]
pub fn get(hook: Hook) -> Option<String> {
    std::env::var(hook.name()).ok()
}

/// Hooks are off outside test builds.
#[cfg(not(feature = "test-hooks"))]
pub fn get(_hook: Hook) -> Option<String> {
    None
}

/// The hook's value as a number.
pub fn number(hook: Hook) -> Option<usize> {
    get(hook).and_then(|v| v.parse().ok())
}
