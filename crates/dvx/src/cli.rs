//! The command line: clap definitions only. DVC's verbs and flags, so scripts run unchanged.

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "dvx",
    version,
    about = "Data version control at native speed, on-disk compatible with DVC 3.x"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// Be quiet: print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Be verbose.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Change to DIR before doing anything.
    #[arg(long = "cd", global = true, value_name = "DIR")]
    pub cd: Option<String>,
    /// Wait for the repository lock instead of failing when another process holds it.
    #[arg(long, global = true)]
    pub wait_for_lock: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Initialize a repository: .dvc/ and .dvcignore.
    Init(InitArgs),
    /// Track files or directories: hash them into the cache and write .dvc pointer files.
    Add(AddArgs),
    /// Show changed outputs: workspace against pointer files and cache.
    Status(StatusArgs),
    /// Data-related commands (`data status`).
    Data(DataArgs),
    /// Record the current content of tracked outputs in their pointer files.
    Commit(CommitArgs),
    /// Make the workspace match the pointer files, from the cache.
    Checkout(CheckoutArgs),
    /// Upload tracked data from the cache to a remote.
    Push(TransferArgs),
    /// Download tracked data from a remote into the cache and check it out.
    Pull(PullArgs),
    /// Download tracked data from a remote into the cache.
    Fetch(TransferArgs),
    /// Stop tracking outputs: remove their pointer files (and with --outs, the data).
    #[command(visible_alias = "rm")]
    Remove(RemoveArgs),
    /// Rename a tracked output together with its pointer file.
    #[command(visible_alias = "mv")]
    Move(MoveArgs),
    /// Make linked (read-only) outputs writable copies.
    Unprotect(PathsArgs),
    /// Freeze stages or .dvc files: `repro` and `status` leave them as they are.
    Freeze(StageTargetsArgs),
    /// Unfreeze stages or .dvc files.
    Unfreeze(StageTargetsArgs),
    /// Remove all pointer files and .dvc/, leaving the data as plain files.
    Destroy(DestroyArgs),
    /// Get or set config options.
    Config(ConfigArgs),
    /// Define remotes (the blob stores data is pushed to and pulled from).
    Remote(RemoteArgs),
    /// Cache commands (`cache dir`).
    Cache(CacheArgs),
    /// Print the path to the repository's root, relative to the current directory.
    Root,
    /// Check whether paths are excluded by .dvcignore.
    CheckIgnore(CheckIgnoreArgs),
    /// Show added, modified, renamed or deleted data between commits, or between a commit and
    /// the workspace.
    Diff(DiffArgs),
    /// Remove unused objects from the cache (and with -c, from a remote).
    Gc(GcArgs),
    /// Check the cache: every object hashed again, manifests read, and what the workspace (or
    /// other commits) needs present. Exits 0 when all is well, 1 when something is wrong, 3
    /// when --repair mended everything.
    Fsck(FsckArgs),
    /// The operation log: what each dvx command changed, and undo.
    Op(OpArgs),
    /// Install git hooks that run dvx: status before a commit, checkout after a branch
    /// checkout, push before a push.
    Install(InstallArgs),
    /// Run a git hook (called by the hooks `dvx install` writes).
    GitHook(GitHookArgs),
    /// List the files and outputs of a repository (a local path or a git URL).
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Download a file or directory of a repository, untracked.
    Get(SourceArgs),
    /// Download a file or directory of a repository and track it as an import.
    Import(ImportArgs),
    /// Download a file or directory from outside the repository (a path, a bucket, a web
    /// server) and track it, recording where it came from.
    ImportUrl(ImportUrlArgs),
    /// Download a file or directory from outside the repository, without tracking it.
    GetUrl(GetUrlArgs),
    /// Show disk usage: the entries of a repository's path with their sizes, then the total.
    Du(DuArgs),
    /// DVC model registry artifact commands.
    #[command(subcommand)]
    Artifacts(ArtifactsCommand),
    /// List what a path, bucket or web server holds.
    #[command(visible_alias = "ls-url")]
    ListUrl(ListUrlArgs),
    /// Update imports to the newest commit of their revision (or to --rev), and URL imports to
    /// their source's content.
    Update(UpdateArgs),
    /// Run the pipeline stages whose dependencies, params, command or outputs changed.
    Repro(ReproCmdArgs),
    /// Pipeline stages: add one to dvc.yaml, list them.
    Stage(StageArgs),
    /// Experiments: run, show, apply, and the refs DVC and dvx share.
    #[command(visible_alias = "experiments")]
    Exp(ExpArgs),
    /// The experiment queue: start and stop workers, see and remove tasks.
    Queue(QueueArgs),
    /// Show the stages of pipelines and how they depend on each other.
    Dag(DagArgs),
    /// Compare parameters between revisions (`params diff`).
    Params(ParamsArgs),
    /// Show and compare metrics (`metrics show`, `metrics diff`).
    Metrics(MetricsArgs),
    /// Plot data files as an HTML page of Vega-Lite charts (`plots show`, `plots diff`).
    Plots(PlotsArgs),
    /// Show dvx's version and what it finds here: platform, remote schemes, config directories,
    /// the cache's link types and file systems, remotes.
    #[command(visible_alias = "doctor")]
    Version,
    /// Print a shell completion script.
    Completion(CompletionArgs),
    /// Write the man pages and the shell completions the Python package installs, under DIR
    /// (`packaging/dvx.data` in the source tree).
    #[command(hide = true)]
    PackagingFiles(PackagingFilesArgs),
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Work without git.
    #[arg(long)]
    pub no_scm: bool,
    /// Overwrite an existing .dvc/ directory.
    #[arg(short, long)]
    pub force: bool,
    /// Initialize in a subdirectory of a git work tree.
    #[arg(long)]
    pub subdir: bool,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// Files or directories to track.
    #[arg(required = true)]
    pub targets: Vec<String>,
    /// Treat targets as glob patterns.
    #[arg(long)]
    pub glob: bool,
    /// Write the pointer files without putting the data into the cache (`dvx commit` does).
    #[arg(long)]
    pub no_commit: bool,
    /// Where the data goes: the one target is read where it is (a path outside the
    /// repository, or a URL) and copied there.
    #[arg(short, long, value_name = "PATH")]
    pub out: Option<String>,
    /// Upload the data straight to the remote, leaving the cache and workspace alone.
    #[arg(long)]
    pub to_remote: bool,
    /// The remote of --to-remote (default: the default remote).
    #[arg(short, long, value_name = "NAME", requires = "to_remote")]
    pub remote: Option<String>,
    /// Parallel uploads of --to-remote.
    #[arg(long, value_name = "N")]
    pub remote_jobs: Option<usize>,
    /// Replace what is at the -o path.
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Limit to these pointer files or outputs.
    pub targets: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Compare the cache with the remote instead of the workspace with the pointer files.
    #[arg(short, long)]
    pub cloud: bool,
    /// The remote to compare with (implies --cloud).
    #[arg(short, long, value_name = "NAME")]
    pub remote: Option<String>,
    /// Parallel remote queries.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub revs: RevArgs,
}

/// Which revisions' pointer files a command covers besides the workspace.
#[derive(Args, Debug, Clone, Default)]
pub struct RevArgs {
    /// Also cover the pointer files of every branch.
    #[arg(short = 'a', long)]
    pub all_branches: bool,
    /// Also cover the pointer files of every tag.
    #[arg(short = 'T', long)]
    pub all_tags: bool,
    /// Also cover the pointer files of every commit.
    #[arg(short = 'A', long)]
    pub all_commits: bool,
}

#[derive(Args, Debug)]
pub struct TransferArgs {
    /// Limit to these pointer files or outputs.
    pub targets: Vec<String>,
    /// The remote to use (default: core.remote; an output's own `remote:` wins).
    #[arg(short, long, value_name = "NAME")]
    pub remote: Option<String>,
    /// Parallel transfers (default: 4 per CPU).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub revs: RevArgs,
    /// Search the target directories for pointer files.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Accepted for compatibility: pointer files have no dependencies.
    #[arg(short = 'd', long)]
    pub with_deps: bool,
    /// Also move run-cache entries (and the objects their outputs name).
    #[arg(long)]
    pub run_cache: bool,
}

#[derive(Args, Debug)]
pub struct PullArgs {
    #[command(flatten)]
    pub transfer: TransferArgs,
    /// Discard workspace changes that are not in the cache.
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct DataArgs {
    #[command(subcommand)]
    pub command: DataCommand,
}

#[derive(Subcommand, Debug)]
pub enum DataCommand {
    /// Show changes between git's HEAD, the pointer files, the workspace and the cache.
    Status(DataStatusArgs),
}

#[derive(Args, Debug)]
pub struct DataStatusArgs {
    /// Only these tracked files or directories (and what is under them).
    pub targets: Vec<String>,
    /// List changes inside tracked directories, file by file.
    #[arg(long)]
    pub granular: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// List tracked files that have not changed too.
    #[arg(long)]
    pub unchanged: bool,
    /// List the files git neither tracks nor ignores (`all`; `no` lists none).
    #[arg(long, value_name = "no|all", num_args = 0..=1, default_missing_value = "all", default_value = "no", value_parser = ["no", "all"])]
    pub untracked_files: String,
    /// Ask the remote which tracked files it lacks.
    #[arg(long)]
    pub not_in_remote: bool,
    /// The remote to ask (with --not-in-remote).
    #[arg(short, long, value_name = "NAME")]
    pub remote: Option<String>,
    /// Accepted for compatibility: dvx always asks the remote.
    #[arg(long)]
    pub no_remote_refresh: bool,
}

#[derive(Args, Debug)]
pub struct CommitArgs {
    pub targets: Vec<String>,
    /// Record changed outputs without asking.
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct CheckoutArgs {
    pub targets: Vec<String>,
    /// Re-link every file per cache.type, even unchanged ones.
    #[arg(long)]
    pub relink: bool,
    /// Discard workspace changes that are not in the cache.
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct RemoveArgs {
    /// Pointer (.dvc) files, or stages (`NAME` of ./dvc.yaml, `path/dvc.yaml:NAME`).
    #[arg(required = true)]
    pub targets: Vec<String>,
    /// Also remove the outputs from the workspace.
    #[arg(long)]
    pub outs: bool,
}

#[derive(Args, Debug)]
pub struct MoveArgs {
    pub src: String,
    pub dst: String,
}

#[derive(Args, Debug)]
pub struct StageTargetsArgs {
    /// Stages (`NAME` of ./dvc.yaml, `path/dvc.yaml:NAME`) or .dvc files.
    #[arg(required = true)]
    pub targets: Vec<String>,
}

#[derive(Args, Debug)]
pub struct PathsArgs {
    #[arg(required = true)]
    pub targets: Vec<String>,
}

#[derive(Args, Debug)]
pub struct DestroyArgs {
    /// Do not ask for confirmation.
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    /// Option name: section.option, or remote.NAME.option.
    pub name: Option<String>,
    /// New value.
    pub value: Option<String>,
    /// Remove the option.
    #[arg(short, long)]
    pub unset: bool,
    /// List all options.
    #[arg(short, long)]
    pub list: bool,
    #[command(flatten)]
    pub level: LevelArgs,
    /// Show the file each value comes from.
    #[arg(long)]
    pub show_origin: bool,
}

#[derive(Args, Debug)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub command: CacheCommand,
}

#[derive(Subcommand, Debug)]
pub enum CacheCommand {
    /// Print or set the cache directory.
    Dir(CacheDirArgs),
    /// Migrate cached files to the DVC 3.0 cache location.
    Migrate(CacheMigrateArgs),
}

#[derive(Args, Debug)]
pub struct CacheMigrateArgs {
    /// Migrate entries in all existing DVC files in the repository to the DVC 3.0 format.
    #[arg(long)]
    pub dvc_files: bool,
    /// Only print actions which would be taken without actually migrating any data.
    #[arg(long)]
    pub dry: bool,
}

#[derive(Args, Debug)]
pub struct CacheDirArgs {
    /// New cache directory.
    pub value: Option<String>,
    #[command(flatten)]
    pub level: LevelArgs,
    /// Remove the setting.
    #[arg(short, long)]
    pub unset: bool,
}

#[derive(Args, Debug)]
pub struct CheckIgnoreArgs {
    #[arg(required = true)]
    pub targets: Vec<String>,
    /// Show the matching pattern and the file it is in.
    #[arg(short, long)]
    pub details: bool,
    /// Also print paths that are not ignored (with -d).
    #[arg(short, long)]
    pub non_matching: bool,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Old git commit to compare (defaults to HEAD).
    #[arg(default_value = "HEAD")]
    pub a_rev: String,
    /// New git commit to compare (defaults to the current workspace).
    pub b_rev: Option<String>,
    /// Specific tracked files to compare.
    #[arg(long, num_args = 0.., value_name = "PATHS")]
    pub targets: Vec<String>,
    /// Format the output into a JSON.
    #[arg(long)]
    pub json: bool,
    /// Display hash value for each entry.
    #[arg(long)]
    pub show_hash: bool,
    /// Show tabulated output in the Markdown format (GFM).
    #[arg(long = "md")]
    pub markdown: bool,
    /// Hide missing cache file status.
    #[arg(long)]
    pub hide_missing: bool,
}

#[derive(Args, Debug)]
pub struct GcArgs {
    /// Keep data files used in the current workspace.
    #[arg(short = 'w', long)]
    pub workspace: bool,
    #[command(flatten)]
    pub revs: RevArgs,
    /// Keep data files used in the specified commit.
    #[arg(long, value_name = "COMMIT")]
    pub rev: Option<String>,
    /// Keep data files of every experiment (its commits down to its baseline).
    #[arg(long)]
    pub all_experiments: bool,
    /// Keep data files used in the last NUM commits from --rev or each branch (-a).
    #[arg(short = 'n', long, value_name = "NUM")]
    pub num: Option<usize>,
    /// Collect garbage in remote storage in addition to the local cache.
    #[arg(short = 'c', long)]
    pub cloud: bool,
    /// Remote storage to collect garbage in (with -c).
    #[arg(short = 'r', long, value_name = "NAME")]
    pub remote: Option<String>,
    /// Force garbage collection: do not ask for confirmation.
    #[arg(short = 'f', long)]
    pub force: bool,
    /// Number of jobs to run simultaneously (remote deletions).
    #[arg(short = 'j', long, value_name = "JOBS")]
    pub jobs: Option<usize>,
    /// Only print what would be removed.
    #[arg(long)]
    pub dry: bool,
    /// Empty the cache's trash (where gc moves what it removes) instead of collecting.
    #[arg(long)]
    pub empty_trash: bool,
    /// With --empty-trash: only what was trashed longer ago than AGE (e.g. 7d, 12h).
    #[arg(long, value_name = "AGE", requires = "empty_trash")]
    pub older_than: Option<String>,
}

#[derive(Args, Debug)]
pub struct OpArgs {
    #[command(subcommand)]
    pub command: OpCommand,
}

#[derive(Subcommand, Debug)]
pub enum OpCommand {
    /// List the recorded operations, newest first.
    Log(OpLogArgs),
    /// Show what an operation changed, path by path.
    Show(OpShowArgs),
    /// Take back an operation (the newest by default), as a new operation.
    Undo(OpUndoArgs),
    /// Put the workspace and cache back as they were right after an operation.
    Restore(OpRestoreArgs),
}

#[derive(Args, Debug)]
pub struct OpLogArgs {
    /// Show only the newest N operations.
    #[arg(short = 'n', long, value_name = "N")]
    pub limit: Option<usize>,
    /// Print the log as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct OpShowArgs {
    /// The operation's id (a unique prefix).
    pub id: String,
    /// Print the operation as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct OpUndoArgs {
    /// The operation's id (a unique prefix); the newest when omitted.
    pub id: Option<String>,
}

#[derive(Args, Debug)]
pub struct OpRestoreArgs {
    /// The operation's id (a unique prefix).
    pub id: String,
}

#[derive(Args, Debug)]
pub struct FsckArgs {
    #[command(flatten)]
    pub revs: RevArgs,
    /// Also what every experiment needs (its commits down to its baseline).
    #[arg(long)]
    pub all_experiments: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Move corrupt objects to a quarantine (.dvc/tmp/dvx-quarantine/) and fetch good copies
    /// of them and of missing objects from the remote.
    #[arg(long)]
    pub repair: bool,
    /// Also check that this remote holds what is needed (what only it holds is then no
    /// problem); the remote --repair fetches from (default: the default remote).
    #[arg(short = 'r', long, value_name = "NAME")]
    pub remote: Option<String>,
    /// With -r: download what is needed from the remote and hash it too.
    #[arg(long, requires = "remote")]
    pub verify_remote: bool,
    /// Number of parallel requests to the remote.
    #[arg(short = 'j', long, value_name = "JOBS")]
    pub jobs: Option<usize>,
}

#[derive(Args, Debug)]
pub struct InstallArgs {
    /// Add the hooks to .pre-commit-config.yaml, for the pre-commit framework
    /// (https://pre-commit.com), instead of writing hook files.
    #[arg(long)]
    pub use_pre_commit_tool: bool,
}

#[derive(Args, Debug)]
pub struct GitHookArgs {
    #[command(subcommand)]
    pub hook: GitHook,
}

#[derive(Subcommand, Debug)]
pub enum GitHook {
    /// Run pre-commit GIT hook: `status`.
    PreCommit(HookArgs),
    /// Run post-checkout GIT hook: `checkout` after a branch checkout.
    PostCheckout(HookArgs),
    /// Run pre-push GIT hook: `push`.
    PrePush(HookArgs),
    /// Run GIT merge driver for .dvc files: merge a tracked directory changed on both sides.
    MergeDriver(MergeDriverArgs),
}

#[derive(Args, Debug)]
pub struct MergeDriverArgs {
    /// Ancestor's version of the conflicting file.
    #[arg(long)]
    pub ancestor: String,
    /// Current version of the conflicting file (the merged result is written here).
    #[arg(long)]
    pub our: String,
    /// Other branch's version of the conflicting file.
    #[arg(long)]
    pub their: String,
}

#[derive(Args, Debug)]
pub struct HookArgs {
    /// Arguments passed by git or the pre-commit framework.
    #[arg(allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct PackagingFilesArgs {
    pub dir: std::path::PathBuf,
}

#[derive(Args, Debug)]
pub struct CompletionArgs {
    /// Shell.
    #[arg(short, long, default_value = "bash")]
    pub shell: clap_complete::Shell,
}

/// Which config file a command writes (default: the repository's `.dvc/config`).
#[derive(Args, Debug, Clone, Copy)]
#[group(id = "level", multiple = false)]
pub struct LevelArgs {
    /// Use the global config (~/.config/dvc/config).
    #[arg(long)]
    pub global: bool,
    /// Use the system config (/etc/xdg/dvc/config).
    #[arg(long)]
    pub system: bool,
    /// Use the repository's config (.dvc/config; the default for writing).
    #[arg(long)]
    pub project: bool,
    /// Use the local config (.dvc/config.local, not tracked by git: the place for credentials).
    #[arg(long)]
    pub local: bool,
}

impl LevelArgs {
    /// The level named on the command line, if any.
    pub fn chosen(self) -> Option<dvx_repo::config::Level> {
        use dvx_repo::config::Level;
        if self.global {
            Some(Level::Global)
        } else if self.system {
            Some(Level::System)
        } else if self.local {
            Some(Level::Local)
        } else if self.project {
            Some(Level::Repo)
        } else {
            None
        }
    }
}

#[derive(Args, Debug)]
pub struct RemoteArgs {
    #[command(subcommand)]
    pub command: RemoteCommand,
}

#[derive(Subcommand, Debug)]
pub enum RemoteCommand {
    /// Add a remote: a directory path or a URL (s3://bucket/prefix, ...).
    Add {
        name: String,
        url: String,
        /// Make it the default remote.
        #[arg(short, long)]
        default: bool,
        /// Overwrite an existing remote of that name.
        #[arg(short, long)]
        force: bool,
        #[command(flatten)]
        level: LevelArgs,
    },
    /// Set (or with -u unset) an option of a remote.
    Modify {
        name: String,
        option: String,
        value: Option<String>,
        /// Unset the option.
        #[arg(short, long)]
        unset: bool,
        #[command(flatten)]
        level: LevelArgs,
    },
    /// List remotes and their URLs.
    List {
        #[command(flatten)]
        level: LevelArgs,
    },
    /// Print, set or unset the default remote.
    Default {
        name: Option<String>,
        /// Unset the default remote.
        #[arg(long)]
        unset: bool,
        #[command(flatten)]
        level: LevelArgs,
    },
    /// Remove a remote.
    Remove {
        name: String,
        #[command(flatten)]
        level: LevelArgs,
    },
    /// Rename a remote.
    Rename {
        old: String,
        new: String,
        #[command(flatten)]
        level: LevelArgs,
    },
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Location of the repository: a local path or a URL git can clone.
    pub url: String,
    /// Path to a file or directory within the repository.
    pub path: Option<String>,
    /// Recursively list files.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Recurse into directories as a tree.
    #[arg(short = 'T', long, conflicts_with = "json")]
    pub tree: bool,
    /// Limit the depth of recursion (with -R or -T).
    #[arg(short = 'L', long, value_name = "DEPTH")]
    pub level: Option<usize>,
    /// Show only DVC outputs.
    #[arg(long)]
    pub dvc_only: bool,
    /// Show output in JSON format.
    #[arg(long)]
    pub json: bool,
    /// Show sizes.
    #[arg(long)]
    pub size: bool,
    /// Show the hash of each output.
    #[arg(long)]
    pub show_hash: bool,
    /// Git revision (e.g. SHA, branch, tag).
    #[arg(long, value_name = "COMMIT")]
    pub rev: Option<String>,
    /// Parallel downloads of directory manifests.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub source_config: SourceConfigArgs,
}

/// Config for the source repository of `ls`, `get`, `import` and `du`.
#[derive(Args, Debug, Clone, Default)]
pub struct SourceConfigArgs {
    /// A config file merged over the source repository's config.
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// The remote of the source repository to use instead of its default.
    #[arg(long, value_name = "NAME")]
    pub remote: Option<String>,
    /// Options merged into that remote's config (the default remote's without --remote).
    #[arg(long = "remote-config", value_name = "NAME=VALUE", num_args = 1.., value_parser = name_value)]
    pub remote_config: Vec<(String, String)>,
}

/// What `get` and `import` download, and from where.
#[derive(Args, Debug)]
pub struct SourceArgs {
    /// Location of the repository: a local path or a URL git can clone.
    pub url: String,
    /// Path to a file or directory within the repository.
    pub path: String,
    /// Destination path to download files to.
    #[arg(short, long, value_name = "PATH")]
    pub out: Option<String>,
    /// Git revision (e.g. SHA, branch, tag).
    #[arg(long, value_name = "COMMIT")]
    pub rev: Option<String>,
    /// Override the destination (for import, and its pointer file) if it exists.
    #[arg(short, long)]
    pub force: bool,
    /// Parallel downloads.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub source_config: SourceConfigArgs,
}

#[derive(Subcommand, Debug)]
pub enum ArtifactsCommand {
    /// Download an artifact of a repository's model registry: the version its registry tags
    /// name (the highest by default), at the path its dvc.yaml gives it.
    Get(ArtifactsGetArgs),
}

#[derive(Args, Debug)]
pub struct ArtifactsGetArgs {
    /// Location of the repository: a local path or a URL git can clone.
    pub url: String,
    /// The artifact's name (`dir:name` for one in a subdirectory's dvc.yaml).
    pub name: String,
    /// The artifact version to download (`v1.2.0`).
    #[arg(long, value_name = "VERSION", conflicts_with = "stage")]
    pub rev: Option<String>,
    /// The artifact stage whose version to download.
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Destination path to download the artifact to.
    #[arg(short, long, value_name = "PATH")]
    pub out: Option<String>,
    /// Override the destination if it exists.
    #[arg(short, long)]
    pub force: bool,
    /// Parallel downloads.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Args, Debug)]
pub struct DuArgs {
    /// Location of the repository: a local path or a URL git can clone.
    pub url: String,
    /// Path to a directory within the repository.
    pub path: Option<String>,
    /// Git revision (e.g. SHA, branch, tag).
    #[arg(long, value_name = "COMMIT")]
    pub rev: Option<String>,
    /// Show the total only.
    #[arg(short, long)]
    pub summarize: bool,
    #[command(flatten)]
    pub source_config: SourceConfigArgs,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Record the source's commit but download nothing (`pull` gets it from the source).
    #[arg(long, conflicts_with = "no_exec")]
    pub no_download: bool,
    /// Only write the pointer file: no revision resolved, no download.
    #[arg(long)]
    pub no_exec: bool,
}

/// `NAME=VALUE`, as `--fs-config` takes it.
fn name_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() && !v.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("'{s}' is not NAME=VALUE")),
    }
}

#[derive(Args, Debug)]
pub struct ImportUrlArgs {
    /// Where the data is: a path outside the repository, or an s3://, gs://, azure://,
    /// webdav(s)://, http(s):// or remote://NAME/path URL.
    pub url: String,
    /// Destination path in the workspace (default: the source's name, here).
    pub out: Option<String>,
    /// Record the source's hash but download nothing (`pull` gets it later... once pushed).
    #[arg(long, conflicts_with = "no_exec")]
    pub no_download: bool,
    /// Only write the pointer file: no hashing, no download.
    #[arg(long)]
    pub no_exec: bool,
    /// Override the destination (and its pointer file) if it exists.
    #[arg(short, long)]
    pub force: bool,
    /// Parallel downloads (a local copy uses the cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Record the object's version (cloud versioning): paths have none; dvx does not read
    /// versions of buckets yet.
    #[arg(long)]
    pub version_aware: bool,
    /// Send the data straight to the remote, leaving the cache and workspace alone.
    #[arg(long, conflicts_with_all = ["no_download", "no_exec"])]
    pub to_remote: bool,
    /// The remote of --to-remote (default: the default remote).
    #[arg(short, long, value_name = "NAME", requires = "to_remote")]
    pub remote: Option<String>,
    /// An option of the source's storage, recorded in the pointer file (`endpointurl=URL`,
    /// ...; the names of a remote's options). Repeatable.
    #[arg(long = "fs-config", value_name = "NAME=VALUE", num_args = 1.., value_parser = name_value)]
    pub fs_config: Vec<(String, String)>,
}

#[derive(Args, Debug)]
pub struct ListUrlArgs {
    /// Where: a path, or an s3://, gs://, azure://, webdav(s)://, http(s):// or
    /// remote://NAME/path URL.
    pub url: String,
    /// Recursively list files.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Recurse into directories as a tree.
    #[arg(short = 'T', long)]
    pub tree: bool,
    /// Limit the depth of recursion.
    #[arg(short = 'L', long, value_name = "DEPTH")]
    pub level: Option<usize>,
    /// Show sizes.
    #[arg(long)]
    pub size: bool,
    /// An option of the URL's storage (`endpointurl=URL`, ...). Repeatable.
    #[arg(long = "fs-config", value_name = "NAME=VALUE", num_args = 1.., value_parser = name_value)]
    pub fs_config: Vec<(String, String)>,
}

#[derive(Args, Debug)]
pub struct GetUrlArgs {
    /// Where the data is: a path, or an s3://, gs://, azure://, webdav(s)://, http(s):// or
    /// remote://NAME/path URL.
    pub url: String,
    /// Destination path (default: the source's name, here).
    pub out: Option<String>,
    /// Override the destination if it exists.
    #[arg(short, long)]
    pub force: bool,
    /// Parallel downloads.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// An option of the source's storage (`endpointurl=URL`, ...). Repeatable.
    #[arg(long = "fs-config", value_name = "NAME=VALUE", num_args = 1.., value_parser = name_value)]
    pub fs_config: Vec<(String, String)>,
}

#[derive(Args, Debug)]
pub struct UpdateArgs {
    /// Pointer files of imports to update (default: all imports).
    pub targets: Vec<String>,
    /// Git revision (e.g. SHA, branch, tag) to update to; it is recorded.
    #[arg(long, value_name = "COMMIT")]
    pub rev: Option<String>,
    /// Targets are directories: every import under them.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Parallel downloads.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Send the new data straight to the remote (URL imports), leaving the cache and
    /// workspace alone.
    #[arg(long)]
    pub to_remote: bool,
    /// The remote of --to-remote (default: the default remote).
    #[arg(short, long, value_name = "NAME", requires = "to_remote")]
    pub remote: Option<String>,
}

#[derive(Args, Debug)]
pub struct ReproArgs {
    /// Stages to run (`name`, `path/dvc.yaml:name`, a dvc.yaml, or an output); the dvc.yaml of
    /// the current directory by default.
    pub targets: Vec<String>,
    /// Run the stages even when nothing changed.
    #[arg(short, long)]
    pub force: bool,
    /// Only the targets, not the stages they depend on.
    #[arg(short, long)]
    pub single_item: bool,
    /// Targets are directories: every stage of the dvc.yaml files under them.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// The whole pipelines the targets belong to.
    #[arg(short = 'P', long)]
    pub pipeline: bool,
    /// Print the commands without running them.
    #[arg(long)]
    pub dry: bool,
    /// The targets and the stages that depend on them.
    #[arg(long)]
    pub downstream: bool,
    /// Download missing dependencies and outputs from the remote instead of running stages for them.
    #[arg(long)]
    pub pull: bool,
    /// Do not run stages whose only change is missing data.
    #[arg(long)]
    pub allow_missing: bool,
    /// On a failed stage, go on with the stages that do not depend on it.
    #[arg(short = 'k', long)]
    pub keep_going: bool,
    /// Run stages even when the run-cache holds their outputs.
    #[arg(long)]
    pub no_run_cache: bool,
    /// Run every stage downstream of one that ran.
    #[arg(long)]
    pub force_downstream: bool,
    /// Targets are shell-style patterns of stage names (`train*`, `dvc.yaml:eval_*`).
    #[arg(long)]
    pub glob: bool,
    /// Jobs for --pull.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Ask for confirmation before reproducing each stage.
    #[arg(short, long)]
    pub interactive: bool,
    /// Every pipeline of the repository (every stage and data source).
    #[arg(long, conflicts_with = "targets")]
    pub all_pipelines: bool,
}

/// `repro`'s own flags besides those `exp run` shares.
#[derive(Args, Debug)]
pub struct ReproCmdArgs {
    #[command(flatten)]
    pub repro: ReproArgs,
    /// Don't put the outputs into the cache (dvc.lock records them; `dvx commit` caches them).
    #[arg(long)]
    pub no_commit: bool,
}

#[derive(Args, Debug)]
pub struct ExpArgs {
    #[command(subcommand)]
    pub command: ExpCommand,
}

#[derive(Subcommand, Debug)]
pub enum ExpCommand {
    /// Run an experiment: reproduce the pipeline with changed params and record the result.
    Run(ExpRunArgs),
    /// Show experiments in a table: params, metrics and dependencies of each.
    Show(ExpShowArgs),
    /// List experiments (of HEAD by default), or those a git remote holds.
    #[command(visible_alias = "ls")]
    List(ExpListArgs),
    /// Remove experiments.
    #[command(visible_alias = "rm")]
    Remove(ExpRemoveArgs),
    /// Put an experiment's files and data in the workspace (what they replace is saved first).
    Apply(ExpApplyArgs),
    /// Compare the params and metrics of two experiments (or of HEAD and the workspace).
    Diff(ExpDiffArgs),
    /// Record the workspace as an experiment, without running anything.
    Save(ExpSaveArgs),
    /// Remove what killed experiment runs left behind (temporary copies, stale locks).
    Clean,
    /// Make a git branch of an experiment.
    Branch(ExpBranchArgs),
    /// Rename an experiment.
    Rename(ExpRenameArgs),
    /// Push experiments to a git remote, and their data to the DVC remote.
    Push(ExpSyncArgs),
    /// Pull experiments from a git remote, and their data from the DVC remote.
    Pull(ExpSyncArgs),
}

#[derive(Args, Debug)]
pub struct ExpRunArgs {
    #[command(flatten)]
    pub repro: ReproArgs,
    /// The experiment's name (a random adjective-noun pair by default).
    #[arg(short, long, value_name = "NAME")]
    pub name: Option<String>,
    /// Change a param for this run: `[FILE:]KEY=VALUE` (Hydra's syntax: `+KEY=V` adds, `~KEY` removes).
    #[arg(short = 'S', long = "set-param", value_name = "[FILE:]KEY=VALUE")]
    pub set_param: Vec<String>,
    /// Queue the experiment instead of running it.
    #[arg(long)]
    pub queue: bool,
    /// Run every queued experiment (implies --temp).
    #[arg(long)]
    pub run_all: bool,
    /// Run in a temporary copy of the repository; the workspace is left as it is.
    #[arg(long = "temp")]
    pub temp: bool,
    /// Untracked files or directories to copy into the temporary copy.
    #[arg(short = 'C', long = "copy-paths", value_name = "PATH")]
    pub copy_paths: Vec<String>,
    /// The experiment commit's message.
    #[arg(short, long, value_name = "MESSAGE")]
    pub message: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExpShowArgs {
    /// Baselines: every branch.
    #[arg(short = 'a', long)]
    pub all_branches: bool,
    /// Baselines: every tag.
    #[arg(short = 'T', long)]
    pub all_tags: bool,
    /// Baselines: every commit.
    #[arg(short = 'A', long)]
    pub all_commits: bool,
    /// Baseline commits (HEAD by default; repeatable).
    #[arg(long, value_name = "COMMIT")]
    pub rev: Vec<String>,
    /// The last N first-parent commits from each --rev.
    #[arg(short, long = "num", value_name = "N", default_value_t = 1)]
    pub num: usize,
    /// Leave out the workspace row.
    #[arg(long)]
    pub hide_workspace: bool,
    /// Leave out failed experiments.
    #[arg(long)]
    pub hide_failed: bool,
    /// Leave out queued experiments.
    #[arg(long)]
    pub hide_queued: bool,
    /// Sort the experiments of each baseline by this metric or param (`[FILE:]KEY`).
    #[arg(long, value_name = "[FILE:]KEY")]
    pub sort_by: Option<String>,
    #[arg(long, value_name = "ORDER", value_parser = ["asc", "desc"], default_value = "asc")]
    pub sort_order: String,
    /// Columns to leave out (regular expressions, matched at the start of the name).
    #[arg(long, value_name = "REGEX")]
    pub drop: Vec<String>,
    /// Columns to keep whatever --drop and --only-changed say.
    #[arg(long, value_name = "REGEX")]
    pub keep: Vec<String>,
    /// Only the columns whose values differ between rows.
    #[arg(long)]
    pub only_changed: bool,
    /// Commit ids instead of branch and tag names.
    #[arg(long)]
    pub sha: bool,
    /// Significant digits of floats (5 in the table; as stored in --csv).
    #[arg(long, value_name = "N")]
    pub precision: Option<u32>,
    /// The data as JSON (DVC's schema).
    #[arg(long)]
    pub json: bool,
    /// The table as CSV.
    #[arg(long)]
    pub csv: bool,
    /// The table as Markdown.
    #[arg(long = "md")]
    pub markdown: bool,
    /// Print the table without a pager (one is used only on a terminal).
    #[arg(long)]
    pub no_pager: bool,
    /// Collect again what could be cached (dvx does not cache it).
    #[arg(short, long)]
    pub force: bool,
    /// Only params that stages depend on.
    #[arg(long)]
    pub param_deps: bool,
}

#[derive(Args, Debug)]
pub struct ExpSyncArgs {
    /// The git remote (a name or URL).
    pub git_remote: String,
    /// Experiments to move (default: those of HEAD, or of --rev).
    pub experiment: Vec<String>,
    #[command(flatten)]
    pub revs: ExpRevArgs,
    /// Replace the other side's experiment of the same name where the two diverged.
    #[arg(short, long)]
    pub force: bool,
    /// Move the git refs only, not the cached outputs.
    #[arg(long)]
    pub no_cache: bool,
    /// The DVC remote for the data (default: core.remote).
    #[arg(short = 'r', long = "remote", value_name = "NAME")]
    pub dvc_remote: Option<String>,
    /// Parallel transfers.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Move the run-cache's entries (and the outputs they name) too.
    #[arg(long)]
    pub run_cache: bool,
}

/// Which baselines' experiments: `--rev` (repeatable; HEAD by default), `-n`, `-A`.
#[derive(Args, Debug)]
pub struct ExpRevArgs {
    /// Every experiment of the repository (overrides --rev and -n).
    #[arg(short = 'A', long)]
    pub all_commits: bool,
    /// Experiments of this baseline commit (repeatable).
    #[arg(long, value_name = "COMMIT")]
    pub rev: Vec<String>,
    /// Experiments of the last N first-parent commits from each --rev; negative: all.
    #[arg(
        short,
        long = "num",
        value_name = "N",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    pub num: i64,
}

#[derive(Args, Debug)]
pub struct ExpListArgs {
    /// A git remote (name or URL) whose experiments to list instead of the local ones.
    pub git_remote: Option<String>,
    #[command(flatten)]
    pub revs: ExpRevArgs,
    /// Only the experiments' names.
    #[arg(long, visible_alias = "names-only", conflicts_with = "sha_only")]
    pub name_only: bool,
    /// Only the experiments' commits.
    #[arg(long, visible_alias = "shas-only")]
    pub sha_only: bool,
}

#[derive(Args, Debug)]
pub struct ExpRemoveArgs {
    /// Experiments to remove (names or full refs).
    pub experiment: Vec<String>,
    #[command(flatten)]
    pub revs: ExpRevArgs,
    /// Keep the selected experiments and remove all the others.
    #[arg(long)]
    pub keep: bool,
    /// Remove from this git remote instead of here.
    #[arg(short = 'g', long, value_name = "GIT_REMOTE")]
    pub git_remote: Option<String>,
    /// Remove queued experiments (not supported yet).
    #[arg(long)]
    pub queue: bool,
}

#[derive(Args, Debug)]
pub struct ExpRenameArgs {
    /// The experiment (a name or a full ref).
    pub experiment: String,
    /// Its new name.
    pub name: String,
    /// Replace an experiment that has the new name already.
    #[arg(short, long)]
    pub force: bool,
    /// Find the experiment by its name on this git remote (the local one is renamed).
    #[arg(short = 'g', long, value_name = "GIT_REMOTE")]
    pub git_remote: Option<String>,
}

#[derive(Args, Debug)]
pub struct QueueArgs {
    #[command(subcommand)]
    pub command: QueueCommand,
}

#[derive(Subcommand, Debug)]
pub enum QueueCommand {
    /// Start workers that run the queued experiments.
    Start(QueueStartArgs),
    /// Stop the workers after their running tasks (or now, with --kill).
    Stop(QueueStopArgs),
    /// Show the tasks and the workers.
    Status,
    /// Show a task's output.
    Logs(QueueLogsArgs),
    /// Remove tasks.
    Remove(QueueRemoveArgs),
    /// Kill running tasks.
    Kill(QueueKillArgs),
    /// Run queued tasks in this process (what `queue start` launches).
    #[command(hide = true)]
    Worker(QueueWorkerArgs),
}

#[derive(Args, Debug)]
pub struct QueueStartArgs {
    /// Workers to run side by side.
    #[arg(short, long, value_name = "N", default_value_t = 1)]
    pub jobs: usize,
}

#[derive(Args, Debug)]
pub struct QueueStopArgs {
    /// Kill the running tasks too.
    #[arg(long)]
    pub kill: bool,
}

#[derive(Args, Debug)]
pub struct QueueLogsArgs {
    /// The task (its name or id).
    pub task: String,
    /// Keep printing the output until the task ends.
    #[arg(short, long)]
    pub follow: bool,
    /// Accepted for DVC's scripts; logs are shown as they were written.
    #[arg(short, long, value_name = "ENCODING")]
    pub encoding: Option<String>,
}

#[derive(Args, Debug)]
pub struct QueueRemoveArgs {
    /// Tasks to remove (names or ids).
    pub task: Vec<String>,
    /// Every task that is not running.
    #[arg(long)]
    pub all: bool,
    #[arg(long)]
    pub queued: bool,
    #[arg(long)]
    pub success: bool,
    #[arg(long)]
    pub failed: bool,
}

#[derive(Args, Debug)]
pub struct QueueKillArgs {
    /// Tasks to kill (names or ids).
    #[arg(required = true)]
    pub task: Vec<String>,
    /// Accepted for DVC's scripts: tasks are always killed at once.
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct QueueWorkerArgs {
    #[arg(long, default_value_t = 1)]
    pub slot: usize,
}

#[derive(Args, Debug)]
pub struct ExpSaveArgs {
    /// Accepted for DVC's scripts: every output is recorded.
    pub targets: Vec<String>,
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Replace an experiment of the same name.
    #[arg(short, long)]
    pub force: bool,
    /// Print the experiment's ref as JSON.
    #[arg(long)]
    pub json: bool,
    /// The experiment's name (a random adjective-noun pair by default).
    #[arg(short, long, value_name = "NAME")]
    pub name: Option<String>,
    /// Untracked files to record too (even ones git ignores).
    #[arg(short = 'I', long, value_name = "PATH")]
    pub include_untracked: Vec<String>,
    /// The experiment commit's message.
    #[arg(short, long, value_name = "MESSAGE")]
    pub message: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExpDiffArgs {
    /// The old side: an experiment or a revision (HEAD by default).
    pub a_rev: Option<String>,
    /// The new side: an experiment or a revision (the workspace by default).
    pub b_rev: Option<String>,
    /// Unchanged values too.
    #[arg(long)]
    pub all: bool,
    /// Only params that stages depend on.
    #[arg(long)]
    pub param_deps: bool,
    #[arg(long)]
    pub json: bool,
    #[arg(long = "md")]
    pub markdown: bool,
    /// Leave out the Path column.
    #[arg(long)]
    pub no_path: bool,
    /// Significant digits of metrics (5 by default).
    #[arg(long, value_name = "N")]
    pub precision: Option<u32>,
}

#[derive(Args, Debug)]
pub struct ExpApplyArgs {
    /// The experiment (a name, a full ref, or a commit).
    pub experiment: String,
    /// Accepted for DVC's scripts; dvx always saves what it replaces, so nothing is refused.
    #[arg(long, hide = true)]
    pub no_force: bool,
}

#[derive(Args, Debug)]
pub struct ExpBranchArgs {
    /// The experiment (a name, a full ref, or its commit).
    pub experiment: String,
    /// The branch's name (default: `<experiment>-branch`).
    pub branch: Option<String>,
}

#[derive(Args, Debug)]
pub struct StageArgs {
    #[command(subcommand)]
    pub command: StageCommand,
}

#[derive(Subcommand, Debug)]
pub enum StageCommand {
    /// Add a stage to the dvc.yaml of the current directory.
    Add(Box<StageAddArgs>),
    /// List the stages of the pipelines.
    List(StageListArgs),
}

#[derive(Args, Debug)]
pub struct StageAddArgs {
    /// The stage's name.
    #[arg(short, long)]
    pub name: String,
    /// A dependency (repeatable).
    #[arg(short, long = "deps", value_name = "PATH")]
    pub deps: Vec<String>,
    /// Params: `key1,key2` of params.yaml, `file:key1,key2`, or `file:` for the whole file.
    #[arg(short, long = "params", value_name = "[FILE:]KEYS")]
    pub params: Vec<String>,
    /// An output tracked in the cache.
    #[arg(short, long = "outs", value_name = "PATH")]
    pub outs: Vec<String>,
    /// An output tracked by git, not the cache.
    #[arg(short = 'O', long = "outs-no-cache", value_name = "PATH")]
    pub outs_no_cache: Vec<String>,
    /// An output kept (not removed) when the stage runs.
    #[arg(long = "outs-persist", value_name = "PATH")]
    pub outs_persist: Vec<String>,
    /// A persistent output tracked by git.
    #[arg(long = "outs-persist-no-cache", value_name = "PATH")]
    pub outs_persist_no_cache: Vec<String>,
    /// A metrics file tracked in the cache.
    #[arg(short, long = "metrics", value_name = "PATH")]
    pub metrics: Vec<String>,
    /// A metrics file tracked by git.
    #[arg(short = 'M', long = "metrics-no-cache", value_name = "PATH")]
    pub metrics_no_cache: Vec<String>,
    /// A plots file tracked in the cache.
    #[arg(long = "plots", value_name = "PATH")]
    pub plots: Vec<String>,
    /// A plots file tracked by git.
    #[arg(long = "plots-no-cache", value_name = "PATH")]
    pub plots_no_cache: Vec<String>,
    /// The directory the command runs in (relative to dvc.yaml).
    #[arg(short, long, value_name = "DIR")]
    pub wdir: Option<String>,
    /// Overwrite a stage of the same name.
    #[arg(short, long)]
    pub force: bool,
    /// Always consider the stage changed.
    #[arg(long)]
    pub always_changed: bool,
    /// A description of the stage.
    #[arg(long)]
    pub desc: Option<String>,
    /// Run the stage right after adding it.
    #[arg(long)]
    pub run: bool,
    /// The command, with its arguments.
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

#[derive(Args, Debug)]
pub struct StageListArgs {
    /// Stages or dvc.yaml files to list (all by default).
    pub targets: Vec<String>,
    /// Print only the names.
    #[arg(long)]
    pub name_only: bool,
}

#[derive(Args, Debug)]
pub struct DagArgs {
    /// Show only the stages this target depends on.
    pub target: Option<String>,
    /// Graphviz DOT.
    #[arg(long, group = "format")]
    pub dot: bool,
    /// Mermaid flowchart.
    #[arg(long, group = "format")]
    pub mermaid: bool,
    /// Mermaid in a Markdown code block.
    #[arg(long, group = "format")]
    pub md: bool,
    /// Show the stages that depend on the target instead.
    #[arg(long)]
    pub full: bool,
    /// Show outputs and how they depend on each other instead of stages.
    #[arg(short, long)]
    pub outs: bool,
}

#[derive(Args, Debug)]
pub struct ParamsArgs {
    #[command(subcommand)]
    pub command: ParamsCommand,
}

#[derive(Subcommand, Debug)]
pub enum ParamsCommand {
    /// Show changed params between two revisions (HEAD and the workspace by default).
    Diff(ParamsDiffArgs),
}

#[derive(Args, Debug)]
pub struct ParamsDiffArgs {
    /// The old revision.
    #[arg(default_value = "HEAD")]
    pub a_rev: String,
    /// The new revision ("workspace" for the files on disk).
    #[arg(default_value = "workspace")]
    pub b_rev: String,
    /// Only these params files.
    #[arg(long, num_args = 1..)]
    pub targets: Vec<String>,
    /// Show unchanged params too.
    #[arg(long)]
    pub all: bool,
    /// Only params that stages depend on.
    #[arg(long)]
    pub deps: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Print a Markdown table.
    #[arg(long = "md")]
    pub markdown: bool,
    /// Leave out the Path column.
    #[arg(long)]
    pub no_path: bool,
}

#[derive(Args, Debug)]
pub struct MetricsArgs {
    #[command(subcommand)]
    pub command: MetricsCommand,
}

#[derive(Subcommand, Debug)]
pub enum MetricsCommand {
    /// Print metrics of the workspace (and of branches, tags or commits).
    Show(MetricsShowArgs),
    /// Show changed metrics between two revisions (HEAD and the workspace by default).
    Diff(MetricsDiffArgs),
}

#[derive(Args, Debug)]
pub struct MetricsShowArgs {
    /// Only these metrics files.
    pub targets: Vec<String>,
    #[command(flatten)]
    pub revs: RevArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Print a Markdown table.
    #[arg(long = "md")]
    pub markdown: bool,
    /// Round floats to this many digits (5 by default).
    #[arg(long, value_name = "N")]
    pub precision: Option<u32>,
}

#[derive(Args, Debug)]
pub struct MetricsDiffArgs {
    /// The old revision.
    #[arg(default_value = "HEAD")]
    pub a_rev: String,
    /// The new revision ("workspace" for the files on disk).
    #[arg(default_value = "workspace")]
    pub b_rev: String,
    /// Only these metrics files.
    #[arg(long, num_args = 1..)]
    pub targets: Vec<String>,
    /// Show unchanged metrics too.
    #[arg(long)]
    pub all: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Print a Markdown table.
    #[arg(long = "md")]
    pub markdown: bool,
    /// Leave out the Path column.
    #[arg(long)]
    pub no_path: bool,
    /// Round floats to this many digits (5 by default).
    #[arg(long, value_name = "N")]
    pub precision: Option<u32>,
}

#[derive(Args, Debug)]
pub struct PlotsArgs {
    #[command(subcommand)]
    pub command: PlotsCommand,
}

#[derive(Subcommand, Debug)]
pub enum PlotsCommand {
    /// Draw the plots of the workspace (from `plots` in dvc.yaml, or the files named).
    Show(PlotsShowArgs),
    /// Draw the plots of several revisions together (the workspace, and HEAD when tracked
    /// files changed, by default).
    Diff(PlotsDiffArgs),
    /// Set or unset display properties of a plot output of a stage.
    Modify(PlotsModifyArgs),
    /// List the built-in templates, or print one's Vega-Lite JSON.
    Templates(PlotsTemplatesArgs),
}

/// Display properties given on the command line (they override the definitions').
#[derive(Args, Debug, Default)]
pub struct PlotProps {
    /// The template: a built-in name, a file in .dvc/plots, or a path.
    #[arg(short, long, value_name = "PATH")]
    pub template: Option<String>,
    /// Field name for the X axis.
    #[arg(short = 'x', value_name = "FIELD")]
    pub x: Option<String>,
    /// Field name for the Y axis.
    #[arg(short = 'y', value_name = "FIELD")]
    pub y: Option<String>,
    /// The CSV or TSV data files have no header row.
    #[arg(long)]
    pub no_header: bool,
    /// Plot title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// X axis label.
    #[arg(long, value_name = "TEXT")]
    pub x_label: Option<String>,
    /// Y axis label.
    #[arg(long, value_name = "TEXT")]
    pub y_label: Option<String>,
}

/// How plots are shown.
#[derive(Args, Debug, Default)]
pub struct PlotsUi {
    /// The directory to write the page (and images) to (`plots.out_dir`, else dvc_plots).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<String>,
    /// Print the filled Vega-Lite spec of the one target instead of writing a page.
    #[arg(long)]
    pub show_vega: bool,
    /// Print the plots as JSON (DVC's shape, as the VS Code extension reads it).
    #[arg(long, hide = true)]
    pub json: bool,
    /// With --json: anchors left in the templates and their values given apart.
    #[arg(long, hide = true)]
    pub split: bool,
    /// Open the page in a browser.
    #[arg(long)]
    pub open: bool,
    /// An HTML page with `{plot_divs}` (and `{scripts}`) to put the plots in.
    #[arg(long, value_name = "PATH")]
    pub html_template: Option<String>,
}

#[derive(Args, Debug)]
pub struct PlotsShowArgs {
    /// Plots (data files or plot names) to draw; all defined plots by default.
    pub targets: Vec<String>,
    #[command(flatten)]
    pub props: PlotProps,
    #[command(flatten)]
    pub ui: PlotsUi,
}

#[derive(Args, Debug)]
pub struct PlotsDiffArgs {
    /// Revisions to compare ("workspace" for the files on disk).
    pub revisions: Vec<String>,
    /// Plots (data files or plot names) to draw; all defined plots by default.
    #[arg(long, num_args = 0..)]
    pub targets: Vec<String>,
    /// Accepted for DVC's command line (experiments' baselines are not looked up).
    #[arg(short, long, hide = true)]
    pub experiment: bool,
    #[command(flatten)]
    pub props: PlotProps,
    #[command(flatten)]
    pub ui: PlotsUi,
}

#[derive(Args, Debug)]
pub struct PlotsModifyArgs {
    /// The plot output (of a stage) to set properties for.
    pub target: String,
    #[command(flatten)]
    pub props: PlotProps,
    /// Properties to unset.
    #[arg(long, num_args = 0.., value_name = "PROPERTY")]
    pub unset: Option<Vec<String>>,
}

#[derive(Args, Debug)]
pub struct PlotsTemplatesArgs {
    /// The template to print; all names by default.
    pub template: Option<String>,
}
