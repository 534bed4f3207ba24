//! See `dvx_formats::fuzzing::pointer`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| dvx_formats::fuzzing::pointer(data));
