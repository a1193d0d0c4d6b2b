//! aludel library facade: configuration, commands and output, used by the
//! `aludel` binary and by integration tests.

pub mod config;
pub mod hooks;
pub mod init;
