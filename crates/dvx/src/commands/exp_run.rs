//! `exp run`.

use dvx_exp::run::{run as run_experiment, RunOptions};
use dvx_repo::{Error, Result};

use super::pipeline::{repro_options, Ui};
use super::Env;
use crate::cli::ExpRunArgs;

pub fn run(env: &Env, a: ExpRunArgs) -> Result<u8> {
    if a.queue || a.run_all {
        return Err(Error::user("dvx does not queue experiments yet").with_hint(
            "run them one at a time: `dvx exp run [-S ...]` or `dvx exp run --temp [-S ...]`",
        ));
    }
    let repo = env.repo()?;
    let opts = RunOptions {
        targets: a.repro.targets.clone(),
        set_params: a.set_param,
        name: a.name,
        message: a.message,
        temp: a.temp,
        copy_paths: a.copy_paths,
        repro: repro_options(&a.repro),
        wait_for_lock: env.wait_for_lock,
    };
    let report = run_experiment(&repo, &env.cwd, &opts, &mut Ui { env }, &env.progress())?;
    if report.commit.is_none() {
        return Ok(0);
    }
    env.printer.out("");
    env.printer
        .out(format!("Ran experiment(s): {}", report.name));
    if a.temp {
        env.printer.out(
            "To apply the results of an experiment to your workspace run:\n\n\tdvx exp apply <exp>",
        );
    } else {
        env.printer
            .out("Experiment results have been applied to your workspace.");
    }
    Ok(0)
}
