//! See `dvx_formats::fuzzing::config`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| dvx_formats::fuzzing::config(data));
