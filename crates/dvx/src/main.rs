//! dvx: data version control at native speed, on-disk compatible with DVC 3.x.

mod cli;
mod commands;
mod printer;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let printer = printer::Printer::new(&cli.global);
    match commands::run(cli, &printer) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            printer.error(&e);
            ExitCode::from(printer::exit_code(&e))
        }
    }
}
