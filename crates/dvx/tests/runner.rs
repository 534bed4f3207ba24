//! One test binary for the CLI (jj's layout): every module drives the real `dvx` binary.

mod cli;
