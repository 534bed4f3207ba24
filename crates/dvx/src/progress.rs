//! Progress bars for hashing, linking and transfers (indicatif), on a terminal only.
//!
//! A step over files shows files done. A transfer shows bytes moved and the rate, against the
//! total when it is known (push), with files done beside them; when the total is not known
//! (fetch), files done with the bytes moved beside them.

use std::sync::Mutex;

use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this many files a bar only flickers.
const FEW_FILES: u64 = 200;
/// A transfer of fewer files gets a bar once it has this many bytes to move, or has moved them.
const MANY_BYTES: u64 = 32 << 20;

pub struct Bars {
    enabled: bool,
    /// `-v`: details go to stderr as DVC's `DEBUG:` lines.
    verbose: bool,
    /// `-q`: no warnings either.
    quiet: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    bar: Option<ProgressBar>,
    /// The transfer under way, if any.
    transfer: Option<Transfer>,
    /// The step under way (not a transfer): shown once it has many files.
    step: Option<Step>,
}

struct Step {
    what: String,
    total: u64,
    done: u64,
}

impl Step {
    fn make_bar(&self) -> ProgressBar {
        let pb = ProgressBar::with_draw_target(Some(self.total), ProgressDrawTarget::stderr());
        pb.set_position(self.done);
        styled(
            pb,
            "{msg:>12} [{bar:30}] {pos}/{len} files, {elapsed} (eta {eta})",
            &self.what,
        )
    }
}

struct Transfer {
    what: String,
    files: u64,
    /// 0 when not known.
    bytes: u64,
    files_done: u64,
    bytes_done: u64,
}

fn styled(pb: ProgressBar, template: &str, what: &str) -> ProgressBar {
    if let Ok(style) = ProgressStyle::with_template(template) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(what.to_string());
    pb
}

impl Transfer {
    fn big(&self) -> bool {
        self.files >= FEW_FILES || self.bytes >= MANY_BYTES || self.bytes_done >= MANY_BYTES
    }

    fn make_bar(&self) -> ProgressBar {
        let target = ProgressDrawTarget::stderr();
        if self.bytes > 0 {
            let pb = ProgressBar::with_draw_target(Some(self.bytes), target);
            pb.set_position(self.bytes_done);
            self.label(&pb);
            styled(
                pb,
                "{msg:>12} [{bar:30}] {bytes}/{total_bytes} ({binary_bytes_per_sec}), {prefix} files, eta {eta}",
                &self.what,
            )
        } else {
            let pb = ProgressBar::with_draw_target(Some(self.files), target);
            pb.set_position(self.files_done);
            self.label(&pb);
            styled(
                pb,
                "{msg:>12} [{bar:30}] {pos}/{len} files, {prefix}, {elapsed}",
                &self.what,
            )
        }
    }

    /// Files done beside a byte bar; bytes moved beside a file bar.
    fn label(&self, pb: &ProgressBar) {
        if self.bytes > 0 {
            pb.set_prefix(format!("{}/{}", self.files_done, self.files));
        } else {
            pb.set_prefix(format!("{}", HumanBytes(self.bytes_done)));
        }
    }
}

impl Bars {
    pub fn new(enabled: bool, verbose: bool, quiet: bool) -> Self {
        Bars {
            enabled,
            verbose,
            quiet,
            state: Mutex::new(State::default()),
        }
    }

    fn with_state(&self, f: impl FnOnce(&mut State)) {
        if !self.enabled {
            return;
        }
        if let Ok(mut s) = self.state.lock() {
            f(&mut s);
        }
    }
}

impl Bars {
    /// A line on stderr, around the bar if one is drawn.
    fn print_line(&self, level: &str, message: &str) {
        let print = || {
            use std::io::Write;
            let message = dvx_formats::url::redact(message);
            let _ = writeln!(std::io::stderr().lock(), "{level}: {message}");
        };
        let bar = self.state.lock().ok().and_then(|s| s.bar.clone());
        match bar {
            Some(b) => b.suspend(print),
            None => print(),
        }
    }
}

impl dvx_repo::Progress for Bars {
    fn begin(&self, what: &str, total: u64) {
        self.with_state(|s| {
            let step = Step {
                what: what.to_string(),
                total,
                done: 0,
            };
            if total >= FEW_FILES {
                s.bar = Some(step.make_bar());
            }
            s.step = Some(step);
        });
    }

    fn grow(&self, n: u64) {
        self.with_state(|s| {
            let Some(step) = &mut s.step else { return };
            step.total += n;
            match &s.bar {
                Some(pb) => pb.inc_length(n),
                None if step.total >= FEW_FILES => s.bar = Some(step.make_bar()),
                None => {}
            }
        });
    }

    fn grow_transfer(&self, files: u64, bytes: u64) {
        self.with_state(|s| {
            let Some(t) = &mut s.transfer else { return };
            t.files += files;
            t.bytes += bytes;
            // drawn again: a bar of files may become one of bytes
            if let Some(pb) = s.bar.take() {
                pb.finish_and_clear();
            }
            if t.big() {
                s.bar = Some(t.make_bar());
            }
        });
    }

    fn begin_transfer(&self, what: &str, files: u64, bytes: u64) {
        self.with_state(|s| {
            let t = Transfer {
                what: what.to_string(),
                files,
                bytes,
                files_done: 0,
                bytes_done: 0,
            };
            if t.big() {
                s.bar = Some(t.make_bar());
            }
            s.transfer = Some(t);
            s.step = None;
        });
    }

    fn advance(&self, n: u64) {
        self.with_state(|s| match (&mut s.transfer, &s.bar) {
            (Some(t), Some(pb)) => {
                t.files_done += n;
                if t.bytes == 0 {
                    pb.inc(n);
                }
                t.label(pb);
            }
            (Some(t), None) => t.files_done += n,
            (None, bar) => {
                if let Some(step) = &mut s.step {
                    step.done += n;
                }
                if let Some(pb) = bar {
                    pb.inc(n);
                }
            }
        });
    }

    fn transferred(&self, n: u64) {
        self.with_state(|s| {
            let Some(t) = &mut s.transfer else { return };
            let before = t.bytes_done;
            t.bytes_done += n;
            match &s.bar {
                Some(pb) if t.bytes > 0 => pb.inc(n),
                // bytes beside a file bar: relabelled every 4 MiB
                Some(pb) if before >> 22 != t.bytes_done >> 22 => t.label(pb),
                Some(_) => {}
                None if t.big() => s.bar = Some(t.make_bar()),
                None => {}
            }
        });
    }

    fn debug(&self, message: &str) {
        if self.verbose {
            self.print_line("DEBUG", message);
        }
    }

    fn warn(&self, message: &str) {
        if !self.quiet {
            self.print_line("WARNING", message);
        }
    }

    fn end(&self) {
        self.with_state(|s| {
            s.transfer = None;
            s.step = None;
            if let Some(pb) = s.bar.take() {
                pb.finish_and_clear();
            }
        });
    }
}
