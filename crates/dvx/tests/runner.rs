#![allow(clippy::print_stdout, clippy::print_stderr)] // tests report progress on the console
//! One test binary for the CLI (jj's layout): every module drives the real `dvx` binary.

mod cli;
