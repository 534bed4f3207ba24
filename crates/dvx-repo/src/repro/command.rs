//! A stage's command, run as DVC runs it: through the user's shell, in dvx's process group so a
//! Ctrl-C at the terminal reaches it. While it runs, dvx ignores SIGINT (the command decides
//! what an interrupt means; dvx then reports the stage as failed and cleans up, as DVC does) and
//! passes SIGTERM and SIGHUP on to it, so stopping dvx stops the command instead of leaving it
//! running alone.

use std::path::Path;
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicI32, Ordering};

/// The shell DVC runs commands with: `$SHELL` (without its rc files), else `/bin/sh`.
pub(super) fn shell_command(line: &str) -> Command {
    let shell = std::env::var("SHELL")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "/bin/sh".into());
    let name = Path::new(&shell)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_lowercase();
    let mut c = Command::new(&shell);
    match name.as_str() {
        "bash" => {
            c.args(["--noprofile", "--norc"]);
        }
        "zsh" => {
            c.arg("--no-rcs");
        }
        _ => {}
    }
    c.arg("-c").arg(line);
    c
}

/// The running command's process id, for the signal handler (stages run one at a time).
static CHILD: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward(sig: libc::c_int) {
    let pid = CHILD.load(Ordering::SeqCst);
    if pid > 0 {
        // SAFETY: kill(2) is async-signal-safe and takes plain integers.
        #[allow(unsafe_code)]
        unsafe {
            libc::kill(pid, sig);
        }
    }
}

/// Runs `command` to its end with the signal handling described above, restored afterwards.
pub(super) fn run(command: &mut Command) -> std::io::Result<ExitStatus> {
    let mut child = command.spawn()?;
    CHILD.store(child.id() as i32, Ordering::SeqCst);
    let saved = [
        (libc::SIGINT, set_handler(libc::SIGINT, libc::SIG_IGN)),
        (
            libc::SIGTERM,
            set_handler(libc::SIGTERM, forward as *const () as libc::sighandler_t),
        ),
        (
            libc::SIGHUP,
            set_handler(libc::SIGHUP, forward as *const () as libc::sighandler_t),
        ),
    ];
    let status = child.wait();
    for (sig, old) in saved {
        set_handler(sig, old);
    }
    CHILD.store(0, Ordering::SeqCst);
    status
}

/// Sets a signal's disposition; returns the one it had.
fn set_handler(sig: libc::c_int, handler: libc::sighandler_t) -> libc::sighandler_t {
    // SAFETY: signal(2) with SIG_IGN, a previous disposition, or `forward`, which only reads
    // an atomic and calls kill(2).
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(sig, handler)
    }
}
