//! dvx: data version control at native speed, on-disk compatible with DVC 3.x.

mod cli;
mod commands;
mod dag_ascii;
mod printer;
mod progress;

use std::process::ExitCode;

use clap::Parser;

/// The DVC release whose files, commands and output dvx is tested against.
pub(crate) const DVC_VERSION: &str = "3.67.1";

/// Commands of that DVC release that dvx does not have yet: named as such, rather than answered
/// with a suggestion of some other command.
const NOT_YET: &[&str] = &["artifacts", "daemon", "dataset", "import-db", "studio"];

fn main() -> ExitCode {
    // Called by the name `dvc` (a link made for tools that run DVC by that name, such as the
    // VS Code extension, which reads the version from the start of `--version`), dvx answers
    // with the DVC version it stands in for, and says what it is.
    let mut args = std::env::args_os();
    let invoked_as = args
        .next()
        .and_then(|a| {
            std::path::Path::new(&a)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let rest: Vec<_> = args.collect();
    if invoked_as == "dvc" && rest.len() == 1 && (rest[0] == "--version" || rest[0] == "-V") {
        // before any argument is parsed, so before there is a printer
        use std::io::Write;
        let _ = writeln!(
            std::io::stdout(),
            "{DVC_VERSION} (dvx {})",
            env!("CARGO_PKG_VERSION")
        );
        return ExitCode::SUCCESS;
    }
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::{ContextKind, ContextValue, ErrorKind};
            if e.kind() == ErrorKind::InvalidSubcommand {
                if let Some(ContextValue::String(cmd)) = e.get(ContextKind::InvalidSubcommand) {
                    if NOT_YET.contains(&cmd.as_str()) {
                        use std::io::Write;
                        let _ = writeln!(
                            std::io::stderr(),
                            "ERROR: dvx does not implement `dvc {cmd}` yet\n\
                             hint: run `dvc {cmd}` (DVC {DVC_VERSION}) on this repository \
                             meanwhile: dvx and DVC share its files"
                        );
                        return ExitCode::from(1);
                    }
                }
            }
            e.exit()
        }
    };
    let printer = printer::Printer::new(&cli.global);
    let started = std::time::Instant::now();
    printer.debug(format!(
        "dvx {} (DVC {DVC_VERSION} compatible) on {} {}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    ));
    printer.debug(format!(
        "command: {}",
        std::env::args().collect::<Vec<_>>().join(" ")
    ));
    let outcome = commands::run(cli, &printer);
    printer.debug(format!(
        "finished in {:.3} s",
        started.elapsed().as_secs_f64()
    ));
    let code = match outcome {
        Ok(code) => code,
        Err(e) => {
            printer.error(&e);
            printer::exit_code(&e)
        }
    };
    dvx_repo::oplog::record_exit(i32::from(code));
    ExitCode::from(code)
}
