//! One module per command; `run` dispatches.

mod add;
mod cache;
mod check_ignore;
pub mod checkout;
mod commit;
mod compare;
mod config;
mod dag;
mod diff;
mod exp;
mod exp_run;
mod exp_show;
mod exp_table;
mod external;
mod fetch;
mod fsck;
mod gc;
mod git_hook;
mod init;
mod listing;
mod manage;
mod op;
mod pipeline;
mod plots;
mod pull;
mod push;
mod queue;
mod remote;
mod status;
mod transfer;

use std::path::{Path, PathBuf};

use dvx_repo::{Error, Repo, Result};

use crate::cli::{Cli, Command, DataCommand};
use crate::printer::Printer;
use crate::progress::Bars;

/// What every command starts from: the working directory (after --cd) and the global flags.
pub struct Env<'a> {
    pub cwd: PathBuf,
    pub printer: &'a Printer,
    pub wait_for_lock: bool,
}

impl Env<'_> {
    pub fn repo(&self) -> Result<Repo> {
        let repo = Repo::discover(&self.cwd)?;
        if self.printer.verbose {
            use dvx_repo::config::{level_path, Level};
            self.printer.debug(format!(
                "repository: {}{}",
                repo.root.display(),
                if repo.scm.is_some() { " (git)" } else { "" }
            ));
            for level in [Level::System, Level::Global, Level::Repo, Level::Local] {
                if let Some(p) = level_path(level, Some(&repo.dvc_dir)).filter(|p| p.is_file()) {
                    self.printer
                        .debug(format!("config ({}): {}", level.name(), p.display()));
                }
            }
            self.printer
                .debug(format!("cache: {}", repo.cache_dir().display()));
        }
        Ok(repo)
    }

    pub fn progress(&self) -> Bars {
        Bars::new(
            self.printer.progress,
            self.printer.verbose,
            self.printer.quiet,
        )
    }
}

pub fn run(cli: Cli, printer: &Printer) -> Result<u8> {
    let mut cwd = std::env::current_dir()
        .map_err(|e| Error::user(format!("cannot read the current directory: {e}")))?;
    if let Some(dir) = &cli.global.cd {
        cwd = dvx_repo::fsutil::absolutize(&cwd, std::path::Path::new(dir));
        if !cwd.is_dir() {
            return Err(Error::user(format!("--cd: '{dir}' is not a directory")));
        }
    }
    // Paths are handled as given (not canonicalised), but the repository root is found from the
    // real directory so that symlinked working directories still work.
    let env = Env {
        cwd,
        printer,
        wait_for_lock: cli.global.wait_for_lock,
    };
    match cli.command {
        Command::Init(a) => init::run(&env, a),
        Command::Add(a) => add::run(&env, a),
        Command::Status(a) => status::status(&env, a),
        Command::Data(d) => match d.command {
            DataCommand::Status(a) => status::data_status(&env, a),
        },
        Command::Commit(a) => commit::run(&env, a),
        Command::Checkout(a) => checkout::run(&env, a),
        Command::Push(a) => push::run(&env, a),
        Command::Pull(a) => pull::run(&env, a),
        Command::Fetch(a) => fetch::run(&env, a),
        Command::Remove(a) => manage::remove(&env, a),
        Command::Move(a) => manage::move_(&env, a),
        Command::Unprotect(a) => manage::unprotect(&env, a),
        Command::Freeze(a) => manage::freeze(&env, a, true),
        Command::Unfreeze(a) => manage::freeze(&env, a, false),
        Command::Destroy(a) => manage::destroy(&env, a),
        Command::Config(a) => config::run(&env, a),
        Command::Remote(a) => remote::run(&env, a),
        Command::Cache(a) => cache::run(&env, a),
        Command::Root => manage::root(&env),
        Command::CheckIgnore(a) => check_ignore::run(&env, a),
        Command::Diff(a) => diff::run(&env, a),
        Command::Gc(a) => gc::run(&env, a),
        Command::Fsck(a) => fsck::run(&env, a),
        Command::Op(a) => op::run(&env, a),
        Command::Install(a) => git_hook::install(&env, a),
        Command::GitHook(a) => git_hook::run(&env, a),
        Command::List(a) => external::list(&env, a),
        Command::Du(a) => external::du(&env, a),
        Command::Artifacts(crate::cli::ArtifactsCommand::Get(a)) => {
            external::artifacts_get(&env, a)
        }
        Command::Get(a) => external::get(&env, a),
        Command::Import(a) => external::import(&env, a),
        Command::ImportUrl(a) => external::import_url(&env, a),
        Command::GetUrl(a) => external::get_url(&env, a),
        Command::ListUrl(a) => external::list_url(&env, a),
        Command::Update(a) => external::update(&env, a),
        Command::Repro(a) => pipeline::repro_cmd(&env, a),
        Command::Stage(a) => pipeline::stage(&env, a),
        Command::Exp(a) => exp::run(&env, a),
        Command::Queue(a) => queue::run(&env, a),
        Command::Dag(a) => dag::dag(&env, a),
        Command::Params(a) => compare::params(&env, a),
        Command::Metrics(a) => compare::metrics(&env, a),
        Command::Plots(a) => plots::run(&env, a),
        Command::Version => manage::version(&env),
        Command::PackagingFiles(a) => packaging_files(&a.dir),
        Command::Completion(a) => {
            use clap::CommandFactory;
            clap_complete::generate(a.shell, &mut Cli::command(), "dvx", &mut std::io::stdout());
            Ok(0)
        }
    }
}

/// Man pages (one per command) and bash, zsh and fish completions, laid out as a wheel's data
/// directory: `data/share/man/man1/`, `data/share/bash-completion/completions/`, ...
fn packaging_files(dir: &Path) -> Result<u8> {
    use clap::CommandFactory;
    use clap_complete::Shell;
    let share = dir.join("data").join("share");
    let io = |what: &str, p: &Path, e: std::io::Error| Error::io(what, p, e);
    let man = share.join("man").join("man1");
    std::fs::create_dir_all(&man).map_err(|e| io("creating", &man, e))?;
    let mut cmd = Cli::command();
    cmd.build();
    man_pages(&cmd, "dvx", &man).map_err(|e| io("writing man pages in", &man, e))?;
    for (shell, sub, name) in [
        (Shell::Bash, "bash-completion/completions", "dvx"),
        (Shell::Zsh, "zsh/site-functions", "_dvx"),
        (Shell::Fish, "fish/vendor_completions.d", "dvx.fish"),
    ] {
        let d = share.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| io("creating", &d, e))?;
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut cmd, "dvx", &mut out);
        let f = d.join(name);
        std::fs::write(&f, out).map_err(|e| io("writing", &f, e))?;
    }
    Ok(0)
}

/// `NAME.1` for `cmd`, and `NAME-SUB.1` for each of its subcommands (not `help`, not hidden).
fn man_pages(cmd: &clap::Command, name: &str, dir: &Path) -> std::io::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone().name(name.to_string())).render(&mut page)?;
    std::fs::write(dir.join(format!("{name}.1")), page)?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), dir)?;
    }
    Ok(())
}

/// DVC's hint after a command that wrote files git should track (unless autostage did it).
pub fn git_add_hint(env: &Env, repo: &Repo, paths: &[PathBuf], staged: bool) {
    if repo.scm.is_none() || staged {
        return;
    }
    let files: Vec<String> = paths.iter().map(|p| display_rel(&env.cwd, p)).collect();
    env.printer.out(format!(
        "\nTo track the changes with git, run:\n\n\tgit add {}\n\nTo enable auto staging, run:\n\n\tdvx config core.autostage true",
        files.join(" ")
    ));
}

/// `path` relative to `base` for display (git add hints), falling back to the path itself.
pub fn display_rel(base: &std::path::Path, path: &std::path::Path) -> String {
    let mut b = base.to_path_buf();
    let mut ups = 0;
    loop {
        if let Ok(rest) = path.strip_prefix(&b) {
            let mut s = "../".repeat(ups);
            s.push_str(&rest.to_string_lossy());
            if s.is_empty() {
                return ".".into();
            }
            return s.trim_end_matches('/').to_string();
        }
        if !b.pop() {
            return path.display().to_string();
        }
        ups += 1;
    }
}
