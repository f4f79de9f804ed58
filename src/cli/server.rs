//! `dpalint server`: run the language server on stdin/stdout.

/// Run until the client exits. Stdout carries the protocol only; logs go to stderr.
pub(super) fn run() -> Result<u8, String> {
    crate::server::run().map(|()| super::EXIT_OK)
}
