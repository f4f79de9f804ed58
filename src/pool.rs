//! dpalint's worker threads: every parallel stage runs on this pool.

/// Run `f` on a worker thread of dpalint's pool (deep stacks: parsers and the
/// CEL interpreter recurse), as every command does.
pub fn in_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    POOL.install(f)
}

/// Worker threads with room for the parser's recursion up to
/// `project::parse::MAX_DEPTH` (debug builds use large frames); the memory is
/// only reserved, not touched.
static POOL: std::sync::LazyLock<rayon::ThreadPool> = std::sync::LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .stack_size(64 * 1024 * 1024)
        .thread_name(|i| format!("dpalint-{i}"))
        .build()
        .unwrap_or_else(|_| {
            // Threads could not be spawned with that stack: fall back to one worker.
            #[expect(
                clippy::expect_used,
                reason = "if not even one thread with the default stack can be started, \
                          nothing can be checked (rayon's own pools panic the same way)"
            )]
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a one-thread pool can always be built")
        })
});

/// Run `f` on a worker of dpalint's pool without waiting for it (freeing large
/// structures while the caller goes on).
pub fn spawn(f: impl FnOnce() + Send + 'static) {
    POOL.spawn(f);
}
