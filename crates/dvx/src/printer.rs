//! Where output goes: stdout for results, stderr for errors; `-q` silences all but errors.

use std::io::{IsTerminal, Write};

use dvx_formats::url::redact;
use dvx_repo::{Error, ErrorKind};

use crate::cli::GlobalArgs;

pub struct Printer {
    pub quiet: bool,
    pub verbose: bool,
    /// Progress bars are drawn only on a terminal, and never with -q.
    pub progress: bool,
}

impl Printer {
    pub fn new(g: &GlobalArgs) -> Self {
        Printer {
            quiet: g.quiet,
            verbose: g.verbose,
            progress: !g.quiet && std::io::stderr().is_terminal(),
        }
    }

    /// A line of normal output (suppressed by -q).
    pub fn out(&self, text: impl AsRef<str>) {
        if !self.quiet {
            let mut o = std::io::stdout().lock();
            let _ = writeln!(o, "{}", text.as_ref());
        }
    }

    /// Output that is the command's answer (a config value, a path): printed even with -q.
    pub fn answer(&self, text: impl AsRef<str>) {
        let mut o = std::io::stdout().lock();
        let _ = writeln!(o, "{}", text.as_ref());
    }

    /// An answer that may be long (a table): through a pager when stdout is a terminal, as DVC
    /// pages (`$DVC_PAGER`, `$PAGER`, else `less -FRSX`, which quits at once when the text fits
    /// the screen); printed as it is otherwise, or when no pager starts.
    pub fn paged(&self, text: impl AsRef<str>, no_pager: bool) {
        let text = text.as_ref();
        if no_pager || !std::io::stdout().is_terminal() {
            return self.answer(text);
        }
        let pager = std::env::var("DVC_PAGER")
            .or_else(|_| std::env::var("PAGER"))
            .unwrap_or_else(|_| "less -FRSX".into());
        let mut words = pager.split_whitespace();
        let Some(program) = words.next() else {
            return self.answer(text);
        };
        let child = std::process::Command::new(program)
            .args(words)
            .stdin(std::process::Stdio::piped())
            .spawn();
        match child {
            Ok(mut child) => {
                if let Some(mut input) = child.stdin.take() {
                    let _ = writeln!(input, "{text}");
                }
                let _ = child.wait();
            }
            Err(_) => self.answer(text),
        }
    }

    /// A message on stderr as it is, without a prefix (suppressed by -q).
    pub fn note(&self, text: impl AsRef<str>) {
        if !self.quiet {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{}", redact(text.as_ref()));
        }
    }

    /// A debug line on stderr, only with -v (as DVC's `DEBUG:` lines).
    pub fn debug(&self, text: impl AsRef<str>) {
        if self.verbose {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "DEBUG: {}", redact(text.as_ref()));
        }
    }

    /// A warning on stderr (suppressed by -q).
    pub fn warn(&self, text: impl AsRef<str>) {
        if !self.quiet {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "WARNING: {}", redact(text.as_ref()));
        }
    }

    /// Asks a yes/no question as DVC does (on stdout, or on stderr when `on_stderr`) and reads
    /// the answer from stdin: `y`/`yes` (any case) is yes; None when there is no answer (end of
    /// input).
    pub fn ask(&self, question: &str, on_stderr: bool) -> Option<bool> {
        use std::io::BufRead;
        if on_stderr {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{question}");
            let _ = err.flush();
        } else {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{question}");
            let _ = out.flush();
        }
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(n) if n > 0 => Some(matches!(
                line.trim().to_ascii_lowercase().as_str(),
                "y" | "yes"
            )),
            _ => None,
        }
    }

    pub fn error(&self, e: &Error) {
        // a password in a URL (a remote's, a source repository's) is never printed
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "ERROR: {}", redact(&e.message));
        if self.verbose {
            if let Some(src) = &e.cause {
                let _ = writeln!(err, "Caused by: {}", redact(&format!("{src:?}")));
            }
        }
        if let Some(h) = &e.hint {
            let _ = writeln!(err, "hint: {}", redact(h));
        }
    }
}

/// DVC's exit codes: 253 outside a repository, 1 for every other failure; a stage's command
/// that failed passes its own code on.
pub fn exit_code(e: &Error) -> u8 {
    if let Some(code) = e.exit {
        return u8::try_from(code).ok().filter(|c| *c != 0).unwrap_or(1);
    }
    match e.kind {
        ErrorKind::NotARepo => 253,
        _ => 1,
    }
}

/// JSON as Python's `json.dumps` writes it, as DVC prints it (see [`dvx_formats::pyjson`]).
pub fn python_json(v: &serde_json::Value) -> String {
    dvx_formats::pyjson::dumps(v)
}

/// DVC's yes/no question: `STATEMENT [y/n] ` asked again until the answer is yes, no, y or n.
/// Without a terminal to ask on (DVC looks at stdout), or at the end of input, the answer is
/// no.
pub fn confirm(statement: &str) -> bool {
    use std::io::BufRead;
    if !std::io::stdout().is_terminal() {
        return false;
    }
    let mut out = std::io::stdout();
    loop {
        let _ = write!(out, "{statement} [y/n] ");
        let _ = out.flush();
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        match line.trim_end_matches(['\n', '\r']).to_lowercase().as_str() {
            "yes" | "y" => return true,
            "no" | "n" => return false,
            _ => {
                let _ = writeln!(
                    out,
                    "Your response must be one of: ['yes', 'no', 'y', 'n']. Please try again."
                );
            }
        }
    }
}
