//! dvx's YAML emitter against ruamel.yaml, the writer DVC uses for `.dvc` files and `dvc.lock`,
//! on random strings: every string must come out byte for byte as ruamel writes it, both as a
//! mapping value and as a list item (where folding at 80 columns starts further right).

use std::process::Command;

use dvx_formats::yaml::{Emitter, Value};
use dvx_test::{dvc_binary, DVC3};

/// Pieces strings are made of: what changes the quoting style, the folding or the escaping.
const PIECES: &[&str] = &[
    "a",
    "data",
    "x1",
    " ",
    "  ",
    ":",
    ": ",
    " #",
    "#",
    "-",
    "- ",
    "?",
    "'",
    "\"",
    "\\",
    "\t",
    "\n",
    "\r",
    "é",
    "€",
    "日本",
    "😀",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    "\u{7f}",
    "\u{1}",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "true",
    "null",
    "~",
    "yes",
    "No",
    "on",
    "0x1F",
    "1e3",
    ".5",
    "012",
    "3.0",
    "---",
    "...",
    "=",
    "<<",
    "file.csv",
    "path/to/dir",
    "a very long word that goes on",
];

/// A small deterministic generator (xorshift64*), so a failure can be run again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn strings(seed: u64, n: usize) -> Vec<String> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            // mostly short, sometimes long enough to fold at 80 columns
            let parts = if rng.below(5) == 0 {
                10 + rng.below(30)
            } else {
                rng.below(6)
            };
            (0..parts)
                .map(|_| PIECES[rng.below(PIECES.len())])
                .collect()
        })
        .collect()
}

fn ours(s: &str, in_list: bool) -> String {
    let mut e = Emitter::new();
    let value = if in_list {
        Value::Seq(vec![Value::Str(s.to_string())])
    } else {
        Value::Str(s.to_string())
    };
    e.map(&[("key".to_string(), value)], 0, false);
    e.finish()
}

/// What ruamel (DVC's settings: `YAML()`, block style) writes for each string, as a mapping
/// value and as a list item.
fn theirs(strings: &[String]) -> Vec<(String, String)> {
    let python = dvc_binary(DVC3).with_file_name("python");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("strings.json");
    std::fs::write(&input, serde_json::to_string(strings).unwrap()).unwrap();
    let script = r#"
import io, json, sys
from ruamel.yaml import YAML
yaml = YAML()
yaml.default_flow_style = False
def dump(data):
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
strings = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps([[dump({"key": s}), dump({"key": [s]})] for s in strings]))
"#;
    let out = Command::new(&python)
        .args(["-c", script])
        .arg(&input)
        .output()
        .expect("running the DVC virtualenv's python");
    assert!(out.status.success(), "ruamel failed: {out:?}");
    let pairs: Vec<(String, String)> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(pairs.len(), strings.len());
    pairs
}

#[test]
fn strings_are_written_as_ruamel_writes_them() {
    let seed = std::env::var("DVX_YAML_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_u64);
    let strings = strings(seed, 600);
    let expected = theirs(&strings);
    let mut failures = Vec::new();
    for (s, (as_value, as_item)) in strings.iter().zip(&expected) {
        for (in_list, want) in [(false, as_value), (true, as_item)] {
            let got = ours(s, in_list);
            if &got != want {
                failures.push(format!(
                    "{s:?} ({}):\n  ruamel: {want:?}\n  dvx:    {got:?}",
                    if in_list { "list item" } else { "value" }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ (seed {seed}):\n{}",
        failures.len(),
        strings.len() * 2,
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
