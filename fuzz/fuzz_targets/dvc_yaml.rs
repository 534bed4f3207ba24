//! See `dvx_formats::fuzzing::dvc_yaml`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| dvx_formats::fuzzing::dvc_yaml(data));
