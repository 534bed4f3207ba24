# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_dvx_global_optspecs
    string join \n q/quiet v/verbose cd= wait-for-lock h/help V/version
end

function __fish_dvx_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_dvx_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_dvx_using_subcommand
    set -l cmd (__fish_dvx_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c dvx -n "__fish_dvx_needs_command" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_needs_command" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_needs_command" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_needs_command" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_needs_command" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_needs_command" -s V -l version -d 'Print version'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "init" -d 'Initialize a repository: .dvc/ and .dvcignore'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "add" -d 'Track files or directories: hash them into the cache and write .dvc pointer files'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "status" -d 'Show changed outputs: workspace against pointer files and cache'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "data" -d 'Data-related commands (`data status`)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "commit" -d 'Record the current content of tracked outputs in their pointer files'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "checkout" -d 'Make the workspace match the pointer files, from the cache'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "push" -d 'Upload tracked data from the cache to a remote'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "pull" -d 'Download tracked data from a remote into the cache and check it out'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "fetch" -d 'Download tracked data from a remote into the cache'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "remove" -d 'Stop tracking outputs: remove their pointer files (and with --outs, the data)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "rm" -d 'Stop tracking outputs: remove their pointer files (and with --outs, the data)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "move" -d 'Rename a tracked output together with its pointer file'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "mv" -d 'Rename a tracked output together with its pointer file'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "unprotect" -d 'Make linked (read-only) outputs writable copies'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "freeze" -d 'Freeze stages or .dvc files: `repro` and `status` leave them as they are'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "unfreeze" -d 'Unfreeze stages or .dvc files'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "destroy" -d 'Remove all pointer files and .dvc/, leaving the data as plain files'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "config" -d 'Get or set config options'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "remote" -d 'Define remotes (the blob stores data is pushed to and pulled from)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "cache" -d 'Cache commands (`cache dir`)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "root" -d 'Print the path to the repository\'s root, relative to the current directory'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "check-ignore" -d 'Check whether paths are excluded by .dvcignore'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "diff" -d 'Show added, modified, renamed or deleted data between commits, or between a commit and the workspace'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "gc" -d 'Remove unused objects from the cache (and with -c, from a remote)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "fsck" -d 'Check the cache: every object hashed again, manifests read, and what the workspace (or other commits) needs present. Exits 0 when all is well, 1 when something is wrong, 3 when --repair mended everything'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "op" -d 'The operation log: what each dvx command changed, and undo'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "install" -d 'Install git hooks that run dvx: status before a commit, checkout after a branch checkout, push before a push'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "git-hook" -d 'Run a git hook (called by the hooks `dvx install` writes)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "list" -d 'List the files and outputs of a repository (a local path or a git URL)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "ls" -d 'List the files and outputs of a repository (a local path or a git URL)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "get" -d 'Download a file or directory of a repository, untracked'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "import" -d 'Download a file or directory of a repository and track it as an import'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "import-url" -d 'Download a file or directory from outside the repository (a path, a bucket, a web server) and track it, recording where it came from'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "get-url" -d 'Download a file or directory from outside the repository, without tracking it'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "du" -d 'Show disk usage: the entries of a repository\'s path with their sizes, then the total'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "artifacts" -d 'DVC model registry artifact commands'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "list-url" -d 'List what a path, bucket or web server holds'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "ls-url" -d 'List what a path, bucket or web server holds'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "update" -d 'Update imports to the newest commit of their revision (or to --rev), and URL imports to their source\'s content'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "repro" -d 'Run the pipeline stages whose dependencies, params, command or outputs changed'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "stage" -d 'Pipeline stages: add one to dvc.yaml, list them'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "exp" -d 'Experiments: run, show, apply, and the refs DVC and dvx share'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "experiments" -d 'Experiments: run, show, apply, and the refs DVC and dvx share'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "queue" -d 'The experiment queue: start and stop workers, see and remove tasks'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "dag" -d 'Show the stages of pipelines and how they depend on each other'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "params" -d 'Compare parameters between revisions (`params diff`)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "metrics" -d 'Show and compare metrics (`metrics show`, `metrics diff`)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "plots" -d 'Plot data files as an HTML page of Vega-Lite charts (`plots show`, `plots diff`)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "version" -d 'Show dvx\'s version and what it finds here: platform, remote schemes, config directories, the cache\'s link types and file systems, remotes'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "doctor" -d 'Show dvx\'s version and what it finds here: platform, remote schemes, config directories, the cache\'s link types and file systems, remotes'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "packaging-files" -d 'Write the man pages and the shell completions the Python package installs, under DIR (`packaging/dvx.data` in the source tree)'
complete -c dvx -n "__fish_dvx_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand init" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand init" -l no-scm -d 'Work without git'
complete -c dvx -n "__fish_dvx_using_subcommand init" -s f -l force -d 'Overwrite an existing .dvc/ directory'
complete -c dvx -n "__fish_dvx_using_subcommand init" -l subdir -d 'Initialize in a subdirectory of a git work tree'
complete -c dvx -n "__fish_dvx_using_subcommand init" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand init" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand init" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand init" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand add" -s o -l out -d 'Where the data goes: the one target is read where it is (a path outside the repository, or a URL) and copied there' -r
complete -c dvx -n "__fish_dvx_using_subcommand add" -s r -l remote -d 'The remote of --to-remote (default: the default remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand add" -l remote-jobs -d 'Parallel uploads of --to-remote' -r
complete -c dvx -n "__fish_dvx_using_subcommand add" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand add" -l glob -d 'Treat targets as glob patterns'
complete -c dvx -n "__fish_dvx_using_subcommand add" -l no-commit -d 'Write the pointer files without putting the data into the cache (`dvx commit` does)'
complete -c dvx -n "__fish_dvx_using_subcommand add" -l to-remote -d 'Upload the data straight to the remote, leaving the cache and workspace alone'
complete -c dvx -n "__fish_dvx_using_subcommand add" -s f -l force -d 'Replace what is at the -o path'
complete -c dvx -n "__fish_dvx_using_subcommand add" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand add" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand add" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand add" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand status" -s r -l remote -d 'The remote to compare with (implies --cloud)' -r
complete -c dvx -n "__fish_dvx_using_subcommand status" -s j -l jobs -d 'Parallel remote queries' -r
complete -c dvx -n "__fish_dvx_using_subcommand status" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand status" -l json -d 'Print JSON'
complete -c dvx -n "__fish_dvx_using_subcommand status" -s c -l cloud -d 'Compare the cache with the remote instead of the workspace with the pointer files'
complete -c dvx -n "__fish_dvx_using_subcommand status" -s a -l all-branches -d 'Also cover the pointer files of every branch'
complete -c dvx -n "__fish_dvx_using_subcommand status" -s T -l all-tags -d 'Also cover the pointer files of every tag'
complete -c dvx -n "__fish_dvx_using_subcommand status" -s A -l all-commits -d 'Also cover the pointer files of every commit'
complete -c dvx -n "__fish_dvx_using_subcommand status" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand status" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand status" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand status" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand data; and not __fish_seen_subcommand_from status help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand data; and not __fish_seen_subcommand_from status help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand data; and not __fish_seen_subcommand_from status help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand data; and not __fish_seen_subcommand_from status help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand data; and not __fish_seen_subcommand_from status help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand data; and not __fish_seen_subcommand_from status help" -f -a "status" -d 'Show changes between git\'s HEAD, the pointer files, the workspace and the cache'
complete -c dvx -n "__fish_dvx_using_subcommand data; and not __fish_seen_subcommand_from status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -l untracked-files -d 'List the files git neither tracks nor ignores (`all`; `no` lists none)' -r -f -a "no\t''
all\t''"
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -s r -l remote -d 'The remote to ask (with --not-in-remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -l granular -d 'List changes inside tracked directories, file by file'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -l json -d 'Print JSON'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -l unchanged -d 'List tracked files that have not changed too'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -l not-in-remote -d 'Ask the remote which tracked files it lacks'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -l no-remote-refresh -d 'Accepted for compatibility: dvx always asks the remote'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show changes between git\'s HEAD, the pointer files, the workspace and the cache'
complete -c dvx -n "__fish_dvx_using_subcommand data; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand commit" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand commit" -s f -l force -d 'Record changed outputs without asking'
complete -c dvx -n "__fish_dvx_using_subcommand commit" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand commit" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand commit" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand commit" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand checkout" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand checkout" -l relink -d 'Re-link every file per cache.type, even unchanged ones'
complete -c dvx -n "__fish_dvx_using_subcommand checkout" -s f -l force -d 'Discard workspace changes that are not in the cache'
complete -c dvx -n "__fish_dvx_using_subcommand checkout" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand checkout" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand checkout" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand checkout" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand push" -s r -l remote -d 'The remote to use (default: core.remote; an output\'s own `remote:` wins)' -r
complete -c dvx -n "__fish_dvx_using_subcommand push" -s j -l jobs -d 'Parallel transfers (default: 4 per CPU)' -r
complete -c dvx -n "__fish_dvx_using_subcommand push" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand push" -s a -l all-branches -d 'Also cover the pointer files of every branch'
complete -c dvx -n "__fish_dvx_using_subcommand push" -s T -l all-tags -d 'Also cover the pointer files of every tag'
complete -c dvx -n "__fish_dvx_using_subcommand push" -s A -l all-commits -d 'Also cover the pointer files of every commit'
complete -c dvx -n "__fish_dvx_using_subcommand push" -s R -l recursive -d 'Search the target directories for pointer files'
complete -c dvx -n "__fish_dvx_using_subcommand push" -s d -l with-deps -d 'Accepted for compatibility: pointer files have no dependencies'
complete -c dvx -n "__fish_dvx_using_subcommand push" -l run-cache -d 'Also move run-cache entries (and the objects their outputs name)'
complete -c dvx -n "__fish_dvx_using_subcommand push" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand push" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand push" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand push" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s r -l remote -d 'The remote to use (default: core.remote; an output\'s own `remote:` wins)' -r
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s j -l jobs -d 'Parallel transfers (default: 4 per CPU)' -r
complete -c dvx -n "__fish_dvx_using_subcommand pull" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s a -l all-branches -d 'Also cover the pointer files of every branch'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s T -l all-tags -d 'Also cover the pointer files of every tag'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s A -l all-commits -d 'Also cover the pointer files of every commit'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s R -l recursive -d 'Search the target directories for pointer files'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s d -l with-deps -d 'Accepted for compatibility: pointer files have no dependencies'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -l run-cache -d 'Also move run-cache entries (and the objects their outputs name)'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s f -l force -d 'Discard workspace changes that are not in the cache'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand pull" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s r -l remote -d 'The remote to use (default: core.remote; an output\'s own `remote:` wins)' -r
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s j -l jobs -d 'Parallel transfers (default: 4 per CPU)' -r
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s a -l all-branches -d 'Also cover the pointer files of every branch'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s T -l all-tags -d 'Also cover the pointer files of every tag'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s A -l all-commits -d 'Also cover the pointer files of every commit'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s R -l recursive -d 'Search the target directories for pointer files'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s d -l with-deps -d 'Accepted for compatibility: pointer files have no dependencies'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -l run-cache -d 'Also move run-cache entries (and the objects their outputs name)'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand fetch" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remove" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand remove" -l outs -d 'Also remove the outputs from the workspace'
complete -c dvx -n "__fish_dvx_using_subcommand remove" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand remove" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand remove" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand remove" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand rm" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand rm" -l outs -d 'Also remove the outputs from the workspace'
complete -c dvx -n "__fish_dvx_using_subcommand rm" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand rm" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand rm" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand rm" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand move" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand move" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand move" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand move" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand move" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand mv" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand mv" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand mv" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand mv" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand mv" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand unprotect" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand unprotect" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand unprotect" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand unprotect" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand unprotect" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand freeze" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand freeze" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand freeze" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand freeze" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand freeze" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand unfreeze" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand unfreeze" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand unfreeze" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand unfreeze" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand unfreeze" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand destroy" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand destroy" -s f -l force -d 'Do not ask for confirmation'
complete -c dvx -n "__fish_dvx_using_subcommand destroy" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand destroy" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand destroy" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand destroy" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand config" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand config" -s u -l unset -d 'Remove the option'
complete -c dvx -n "__fish_dvx_using_subcommand config" -s l -l list -d 'List all options'
complete -c dvx -n "__fish_dvx_using_subcommand config" -l global -d 'Use the global config (~/.config/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand config" -l system -d 'Use the system config (/etc/xdg/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand config" -l project -d 'Use the repository\'s config (.dvc/config; the default for writing)'
complete -c dvx -n "__fish_dvx_using_subcommand config" -l local -d 'Use the local config (.dvc/config.local, not tracked by git: the place for credentials)'
complete -c dvx -n "__fish_dvx_using_subcommand config" -l show-origin -d 'Show the file each value comes from'
complete -c dvx -n "__fish_dvx_using_subcommand config" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand config" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand config" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand config" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -f -a "add" -d 'Add a remote: a directory path or a URL (s3://bucket/prefix, ...)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -f -a "modify" -d 'Set (or with -u unset) an option of a remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -f -a "list" -d 'List remotes and their URLs'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -f -a "default" -d 'Print, set or unset the default remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -f -a "remove" -d 'Remove a remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -f -a "rename" -d 'Rename a remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and not __fish_seen_subcommand_from add modify list default remove rename help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -s d -l default -d 'Make it the default remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -s f -l force -d 'Overwrite an existing remote of that name'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -l global -d 'Use the global config (~/.config/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -l system -d 'Use the system config (/etc/xdg/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -l project -d 'Use the repository\'s config (.dvc/config; the default for writing)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -l local -d 'Use the local config (.dvc/config.local, not tracked by git: the place for credentials)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -s u -l unset -d 'Unset the option'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -l global -d 'Use the global config (~/.config/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -l system -d 'Use the system config (/etc/xdg/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -l project -d 'Use the repository\'s config (.dvc/config; the default for writing)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -l local -d 'Use the local config (.dvc/config.local, not tracked by git: the place for credentials)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from modify" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -l global -d 'Use the global config (~/.config/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -l system -d 'Use the system config (/etc/xdg/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -l project -d 'Use the repository\'s config (.dvc/config; the default for writing)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -l local -d 'Use the local config (.dvc/config.local, not tracked by git: the place for credentials)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -l unset -d 'Unset the default remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -l global -d 'Use the global config (~/.config/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -l system -d 'Use the system config (/etc/xdg/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -l project -d 'Use the repository\'s config (.dvc/config; the default for writing)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -l local -d 'Use the local config (.dvc/config.local, not tracked by git: the place for credentials)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from default" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -l global -d 'Use the global config (~/.config/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -l system -d 'Use the system config (/etc/xdg/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -l project -d 'Use the repository\'s config (.dvc/config; the default for writing)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -l local -d 'Use the local config (.dvc/config.local, not tracked by git: the place for credentials)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -l global -d 'Use the global config (~/.config/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -l system -d 'Use the system config (/etc/xdg/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -l project -d 'Use the repository\'s config (.dvc/config; the default for writing)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -l local -d 'Use the local config (.dvc/config.local, not tracked by git: the place for credentials)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a remote: a directory path or a URL (s3://bucket/prefix, ...)'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "modify" -d 'Set (or with -u unset) an option of a remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "list" -d 'List remotes and their URLs'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "default" -d 'Print, set or unset the default remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename a remote'
complete -c dvx -n "__fish_dvx_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and not __fish_seen_subcommand_from dir migrate help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand cache; and not __fish_seen_subcommand_from dir migrate help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and not __fish_seen_subcommand_from dir migrate help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and not __fish_seen_subcommand_from dir migrate help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and not __fish_seen_subcommand_from dir migrate help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and not __fish_seen_subcommand_from dir migrate help" -f -a "dir" -d 'Print or set the cache directory'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and not __fish_seen_subcommand_from dir migrate help" -f -a "migrate" -d 'Migrate cached files to the DVC 3.0 cache location'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and not __fish_seen_subcommand_from dir migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -l global -d 'Use the global config (~/.config/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -l system -d 'Use the system config (/etc/xdg/dvc/config)'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -l project -d 'Use the repository\'s config (.dvc/config; the default for writing)'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -l local -d 'Use the local config (.dvc/config.local, not tracked by git: the place for credentials)'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -s u -l unset -d 'Remove the setting'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from dir" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from migrate" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from migrate" -l dvc-files -d 'Migrate entries in all existing DVC files in the repository to the DVC 3.0 format'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from migrate" -l dry -d 'Only print actions which would be taken without actually migrating any data'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from migrate" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "dir" -d 'Print or set the cache directory'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Migrate cached files to the DVC 3.0 cache location'
complete -c dvx -n "__fish_dvx_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand root" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand root" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand root" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand root" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand root" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand check-ignore" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand check-ignore" -s d -l details -d 'Show the matching pattern and the file it is in'
complete -c dvx -n "__fish_dvx_using_subcommand check-ignore" -s n -l non-matching -d 'Also print paths that are not ignored (with -d)'
complete -c dvx -n "__fish_dvx_using_subcommand check-ignore" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand check-ignore" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand check-ignore" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand check-ignore" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand diff" -l targets -d 'Specific tracked files to compare' -r
complete -c dvx -n "__fish_dvx_using_subcommand diff" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand diff" -l json -d 'Format the output into a JSON'
complete -c dvx -n "__fish_dvx_using_subcommand diff" -l show-hash -d 'Display hash value for each entry'
complete -c dvx -n "__fish_dvx_using_subcommand diff" -l md -d 'Show tabulated output in the Markdown format (GFM)'
complete -c dvx -n "__fish_dvx_using_subcommand diff" -l hide-missing -d 'Hide missing cache file status'
complete -c dvx -n "__fish_dvx_using_subcommand diff" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand diff" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand diff" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand diff" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -l rev -d 'Keep data files used in the specified commit' -r
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s n -l num -d 'Keep data files used in the last NUM commits from --rev or each branch (-a)' -r
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s r -l remote -d 'Remote storage to collect garbage in (with -c)' -r
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s j -l jobs -d 'Number of jobs to run simultaneously (remote deletions)' -r
complete -c dvx -n "__fish_dvx_using_subcommand gc" -l older-than -d 'With --empty-trash: only what was trashed longer ago than AGE (e.g. 7d, 12h)' -r
complete -c dvx -n "__fish_dvx_using_subcommand gc" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s w -l workspace -d 'Keep data files used in the current workspace'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s a -l all-branches -d 'Also cover the pointer files of every branch'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s T -l all-tags -d 'Also cover the pointer files of every tag'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s A -l all-commits -d 'Also cover the pointer files of every commit'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -l all-experiments -d 'Keep data files of every experiment (its commits down to its baseline)'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s c -l cloud -d 'Collect garbage in remote storage in addition to the local cache'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s f -l force -d 'Force garbage collection: do not ask for confirmation'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -l dry -d 'Only print what would be removed'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -l empty-trash -d 'Empty the cache\'s trash (where gc moves what it removes) instead of collecting'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand gc" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -s r -l remote -d 'Also check that this remote holds what is needed (what only it holds is then no problem); the remote --repair fetches from (default: the default remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -s j -l jobs -d 'Number of parallel requests to the remote' -r
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -s a -l all-branches -d 'Also cover the pointer files of every branch'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -s T -l all-tags -d 'Also cover the pointer files of every tag'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -s A -l all-commits -d 'Also cover the pointer files of every commit'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -l all-experiments -d 'Also what every experiment needs (its commits down to its baseline)'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -l json -d 'Print the report as JSON'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -l repair -d 'Move corrupt objects to a quarantine (.dvc/tmp/dvx-quarantine/) and fetch good copies of them and of missing objects from the remote'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -l verify-remote -d 'With -r: download what is needed from the remote and hash it too'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand fsck" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -f -a "log" -d 'List the recorded operations, newest first'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -f -a "show" -d 'Show what an operation changed, path by path'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -f -a "undo" -d 'Take back an operation (the newest by default), as a new operation'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -f -a "restore" -d 'Put the workspace and cache back as they were right after an operation'
complete -c dvx -n "__fish_dvx_using_subcommand op; and not __fish_seen_subcommand_from log show undo restore help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from log" -s n -l limit -d 'Show only the newest N operations' -r
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from log" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from log" -l json -d 'Print the log as JSON'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from log" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from log" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from show" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from show" -l json -d 'Print the operation as JSON'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from show" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from undo" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from undo" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from undo" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from undo" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from restore" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from restore" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from help" -f -a "log" -d 'List the recorded operations, newest first'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show what an operation changed, path by path'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Take back an operation (the newest by default), as a new operation'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Put the workspace and cache back as they were right after an operation'
complete -c dvx -n "__fish_dvx_using_subcommand op; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand install" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand install" -l use-pre-commit-tool -d 'Add the hooks to .pre-commit-config.yaml, for the pre-commit framework (https://pre-commit.com), instead of writing hook files'
complete -c dvx -n "__fish_dvx_using_subcommand install" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand install" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand install" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand install" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -f -a "pre-commit" -d 'Run pre-commit GIT hook: `status`'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -f -a "post-checkout" -d 'Run post-checkout GIT hook: `checkout` after a branch checkout'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -f -a "pre-push" -d 'Run pre-push GIT hook: `push`'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -f -a "merge-driver" -d 'Run GIT merge driver for .dvc files: merge a tracked directory changed on both sides'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and not __fish_seen_subcommand_from pre-commit post-checkout pre-push merge-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-commit" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-commit" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-commit" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-commit" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-commit" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from post-checkout" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from post-checkout" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from post-checkout" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from post-checkout" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from post-checkout" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-push" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-push" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-push" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-push" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from pre-push" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from merge-driver" -l ancestor -d 'Ancestor\'s version of the conflicting file' -r
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from merge-driver" -l our -d 'Current version of the conflicting file (the merged result is written here)' -r
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from merge-driver" -l their -d 'Other branch\'s version of the conflicting file' -r
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from merge-driver" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from merge-driver" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from merge-driver" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from merge-driver" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from help" -f -a "pre-commit" -d 'Run pre-commit GIT hook: `status`'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from help" -f -a "post-checkout" -d 'Run post-checkout GIT hook: `checkout` after a branch checkout'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from help" -f -a "pre-push" -d 'Run pre-push GIT hook: `push`'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'Run GIT merge driver for .dvc files: merge a tracked directory changed on both sides'
complete -c dvx -n "__fish_dvx_using_subcommand git-hook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand list" -s L -l level -d 'Limit the depth of recursion (with -R or -T)' -r
complete -c dvx -n "__fish_dvx_using_subcommand list" -l rev -d 'Git revision (e.g. SHA, branch, tag)' -r
complete -c dvx -n "__fish_dvx_using_subcommand list" -s j -l jobs -d 'Parallel downloads of directory manifests' -r
complete -c dvx -n "__fish_dvx_using_subcommand list" -l config -d 'A config file merged over the source repository\'s config' -r
complete -c dvx -n "__fish_dvx_using_subcommand list" -l remote -d 'The remote of the source repository to use instead of its default' -r
complete -c dvx -n "__fish_dvx_using_subcommand list" -l remote-config -d 'Options merged into that remote\'s config (the default remote\'s without --remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand list" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand list" -s R -l recursive -d 'Recursively list files'
complete -c dvx -n "__fish_dvx_using_subcommand list" -s T -l tree -d 'Recurse into directories as a tree'
complete -c dvx -n "__fish_dvx_using_subcommand list" -l dvc-only -d 'Show only DVC outputs'
complete -c dvx -n "__fish_dvx_using_subcommand list" -l json -d 'Show output in JSON format'
complete -c dvx -n "__fish_dvx_using_subcommand list" -l size -d 'Show sizes'
complete -c dvx -n "__fish_dvx_using_subcommand list" -l show-hash -d 'Show the hash of each output'
complete -c dvx -n "__fish_dvx_using_subcommand list" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand list" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand list" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand list" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -s L -l level -d 'Limit the depth of recursion (with -R or -T)' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l rev -d 'Git revision (e.g. SHA, branch, tag)' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls" -s j -l jobs -d 'Parallel downloads of directory manifests' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l config -d 'A config file merged over the source repository\'s config' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l remote -d 'The remote of the source repository to use instead of its default' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l remote-config -d 'Options merged into that remote\'s config (the default remote\'s without --remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls" -s R -l recursive -d 'Recursively list files'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -s T -l tree -d 'Recurse into directories as a tree'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l dvc-only -d 'Show only DVC outputs'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l json -d 'Show output in JSON format'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l size -d 'Show sizes'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l show-hash -d 'Show the hash of each output'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand ls" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand get" -s o -l out -d 'Destination path to download files to' -r
complete -c dvx -n "__fish_dvx_using_subcommand get" -l rev -d 'Git revision (e.g. SHA, branch, tag)' -r
complete -c dvx -n "__fish_dvx_using_subcommand get" -s j -l jobs -d 'Parallel downloads' -r
complete -c dvx -n "__fish_dvx_using_subcommand get" -l config -d 'A config file merged over the source repository\'s config' -r
complete -c dvx -n "__fish_dvx_using_subcommand get" -l remote -d 'The remote of the source repository to use instead of its default' -r
complete -c dvx -n "__fish_dvx_using_subcommand get" -l remote-config -d 'Options merged into that remote\'s config (the default remote\'s without --remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand get" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand get" -s f -l force -d 'Override the destination (for import, and its pointer file) if it exists'
complete -c dvx -n "__fish_dvx_using_subcommand get" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand get" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand get" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand get" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand import" -s o -l out -d 'Destination path to download files to' -r
complete -c dvx -n "__fish_dvx_using_subcommand import" -l rev -d 'Git revision (e.g. SHA, branch, tag)' -r
complete -c dvx -n "__fish_dvx_using_subcommand import" -s j -l jobs -d 'Parallel downloads' -r
complete -c dvx -n "__fish_dvx_using_subcommand import" -l config -d 'A config file merged over the source repository\'s config' -r
complete -c dvx -n "__fish_dvx_using_subcommand import" -l remote -d 'The remote of the source repository to use instead of its default' -r
complete -c dvx -n "__fish_dvx_using_subcommand import" -l remote-config -d 'Options merged into that remote\'s config (the default remote\'s without --remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand import" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand import" -s f -l force -d 'Override the destination (for import, and its pointer file) if it exists'
complete -c dvx -n "__fish_dvx_using_subcommand import" -l no-download -d 'Record the source\'s commit but download nothing (`pull` gets it from the source)'
complete -c dvx -n "__fish_dvx_using_subcommand import" -l no-exec -d 'Only write the pointer file: no revision resolved, no download'
complete -c dvx -n "__fish_dvx_using_subcommand import" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand import" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand import" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand import" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -s j -l jobs -d 'Parallel downloads (a local copy uses the cores)' -r
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -s r -l remote -d 'The remote of --to-remote (default: the default remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -l fs-config -d 'An option of the source\'s storage, recorded in the pointer file (`endpointurl=URL`, ...; the names of a remote\'s options). Repeatable' -r
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -l no-download -d 'Record the source\'s hash but download nothing (`pull` gets it later... once pushed)'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -l no-exec -d 'Only write the pointer file: no hashing, no download'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -s f -l force -d 'Override the destination (and its pointer file) if it exists'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -l version-aware -d 'Record the object\'s version (cloud versioning): paths have none; dvx does not read versions of buckets yet'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -l to-remote -d 'Send the data straight to the remote, leaving the cache and workspace alone'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand import-url" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand get-url" -s j -l jobs -d 'Parallel downloads' -r
complete -c dvx -n "__fish_dvx_using_subcommand get-url" -l fs-config -d 'An option of the source\'s storage (`endpointurl=URL`, ...). Repeatable' -r
complete -c dvx -n "__fish_dvx_using_subcommand get-url" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand get-url" -s f -l force -d 'Override the destination if it exists'
complete -c dvx -n "__fish_dvx_using_subcommand get-url" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand get-url" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand get-url" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand get-url" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand du" -l rev -d 'Git revision (e.g. SHA, branch, tag)' -r
complete -c dvx -n "__fish_dvx_using_subcommand du" -l config -d 'A config file merged over the source repository\'s config' -r
complete -c dvx -n "__fish_dvx_using_subcommand du" -l remote -d 'The remote of the source repository to use instead of its default' -r
complete -c dvx -n "__fish_dvx_using_subcommand du" -l remote-config -d 'Options merged into that remote\'s config (the default remote\'s without --remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand du" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand du" -s s -l summarize -d 'Show the total only'
complete -c dvx -n "__fish_dvx_using_subcommand du" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand du" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand du" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand du" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and not __fish_seen_subcommand_from get help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and not __fish_seen_subcommand_from get help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and not __fish_seen_subcommand_from get help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and not __fish_seen_subcommand_from get help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and not __fish_seen_subcommand_from get help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and not __fish_seen_subcommand_from get help" -f -a "get" -d 'Download an artifact of a repository\'s model registry: the version its registry tags name (the highest by default), at the path its dvc.yaml gives it'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and not __fish_seen_subcommand_from get help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -l rev -d 'The artifact version to download (`v1.2.0`)' -r
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -l stage -d 'The artifact stage whose version to download' -r
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -s o -l out -d 'Destination path to download the artifact to' -r
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -s j -l jobs -d 'Parallel downloads' -r
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -s f -l force -d 'Override the destination if it exists'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from help" -f -a "get" -d 'Download an artifact of a repository\'s model registry: the version its registry tags name (the highest by default), at the path its dvc.yaml gives it'
complete -c dvx -n "__fish_dvx_using_subcommand artifacts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -s L -l level -d 'Limit the depth of recursion' -r
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -l fs-config -d 'An option of the URL\'s storage (`endpointurl=URL`, ...). Repeatable' -r
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -s R -l recursive -d 'Recursively list files'
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -s T -l tree -d 'Recurse into directories as a tree'
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -l size -d 'Show sizes'
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand list-url" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -s L -l level -d 'Limit the depth of recursion' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -l fs-config -d 'An option of the URL\'s storage (`endpointurl=URL`, ...). Repeatable' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -s R -l recursive -d 'Recursively list files'
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -s T -l tree -d 'Recurse into directories as a tree'
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -l size -d 'Show sizes'
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand ls-url" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand update" -l rev -d 'Git revision (e.g. SHA, branch, tag) to update to; it is recorded' -r
complete -c dvx -n "__fish_dvx_using_subcommand update" -s j -l jobs -d 'Parallel downloads' -r
complete -c dvx -n "__fish_dvx_using_subcommand update" -s r -l remote -d 'The remote of --to-remote (default: the default remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand update" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand update" -s R -l recursive -d 'Targets are directories: every import under them'
complete -c dvx -n "__fish_dvx_using_subcommand update" -l to-remote -d 'Send the new data straight to the remote (URL imports), leaving the cache and workspace alone'
complete -c dvx -n "__fish_dvx_using_subcommand update" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand update" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand update" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand update" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s j -l jobs -d 'Jobs for --pull' -r
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s f -l force -d 'Run the stages even when nothing changed'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s s -l single-item -d 'Only the targets, not the stages they depend on'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s R -l recursive -d 'Targets are directories: every stage of the dvc.yaml files under them'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s P -l pipeline -d 'The whole pipelines the targets belong to'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l dry -d 'Print the commands without running them'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l downstream -d 'The targets and the stages that depend on them'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l pull -d 'Download missing dependencies and outputs from the remote instead of running stages for them'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l allow-missing -d 'Do not run stages whose only change is missing data'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s k -l keep-going -d 'On a failed stage, go on with the stages that do not depend on it'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l no-run-cache -d 'Run stages even when the run-cache holds their outputs'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l force-downstream -d 'Run every stage downstream of one that ran'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l glob -d 'Targets are shell-style patterns of stage names (`train*`, `dvc.yaml:eval_*`)'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s i -l interactive -d 'Ask for confirmation before reproducing each stage'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l all-pipelines -d 'Every pipeline of the repository (every stage and data source)'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l no-commit -d 'Don\'t put the outputs into the cache (dvc.lock records them; `dvx commit` caches them)'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand repro" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and not __fish_seen_subcommand_from add list help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and not __fish_seen_subcommand_from add list help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and not __fish_seen_subcommand_from add list help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and not __fish_seen_subcommand_from add list help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and not __fish_seen_subcommand_from add list help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and not __fish_seen_subcommand_from add list help" -f -a "add" -d 'Add a stage to the dvc.yaml of the current directory'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and not __fish_seen_subcommand_from add list help" -f -a "list" -d 'List the stages of the pipelines'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and not __fish_seen_subcommand_from add list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s n -l name -d 'The stage\'s name' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s d -l deps -d 'A dependency (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s p -l params -d 'Params: `key1,key2` of params.yaml, `file:key1,key2`, or `file:` for the whole file' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s o -l outs -d 'An output tracked in the cache' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s O -l outs-no-cache -d 'An output tracked by git, not the cache' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l outs-persist -d 'An output kept (not removed) when the stage runs' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l outs-persist-no-cache -d 'A persistent output tracked by git' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s m -l metrics -d 'A metrics file tracked in the cache' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s M -l metrics-no-cache -d 'A metrics file tracked by git' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l plots -d 'A plots file tracked in the cache' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l plots-no-cache -d 'A plots file tracked by git' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s w -l wdir -d 'The directory the command runs in (relative to dvc.yaml)' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l desc -d 'A description of the stage' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s f -l force -d 'Overwrite a stage of the same name'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l always-changed -d 'Always consider the stage changed'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l run -d 'Run the stage right after adding it'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from list" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from list" -l name-only -d 'Print only the names'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from list" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a stage to the dvc.yaml of the current directory'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the stages of the pipelines'
complete -c dvx -n "__fish_dvx_using_subcommand stage; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "run" -d 'Run an experiment: reproduce the pipeline with changed params and record the result'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "show" -d 'Show experiments in a table: params, metrics and dependencies of each'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "list" -d 'List experiments (of HEAD by default), or those a git remote holds'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "ls" -d 'List experiments (of HEAD by default), or those a git remote holds'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "remove" -d 'Remove experiments'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "rm" -d 'Remove experiments'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "apply" -d 'Put an experiment\'s files and data in the workspace (what they replace is saved first)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "diff" -d 'Compare the params and metrics of two experiments (or of HEAD and the workspace)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "save" -d 'Record the workspace as an experiment, without running anything'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "clean" -d 'Remove what killed experiment runs left behind (temporary copies, stale locks)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "branch" -d 'Make a git branch of an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "rename" -d 'Rename an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "push" -d 'Push experiments to a git remote, and their data to the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "pull" -d 'Pull experiments from a git remote, and their data from the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s j -l jobs -d 'Jobs for --pull' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s n -l name -d 'The experiment\'s name (a random adjective-noun pair by default)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s S -l set-param -d 'Change a param for this run: `[FILE:]KEY=VALUE` (Hydra\'s syntax: `+KEY=V` adds, `~KEY` removes)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s C -l copy-paths -d 'Untracked files or directories to copy into the temporary copy' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s m -l message -d 'The experiment commit\'s message' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s f -l force -d 'Run the stages even when nothing changed'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s s -l single-item -d 'Only the targets, not the stages they depend on'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s R -l recursive -d 'Targets are directories: every stage of the dvc.yaml files under them'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s P -l pipeline -d 'The whole pipelines the targets belong to'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l dry -d 'Print the commands without running them'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l downstream -d 'The targets and the stages that depend on them'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l pull -d 'Download missing dependencies and outputs from the remote instead of running stages for them'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l allow-missing -d 'Do not run stages whose only change is missing data'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s k -l keep-going -d 'On a failed stage, go on with the stages that do not depend on it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l no-run-cache -d 'Run stages even when the run-cache holds their outputs'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l force-downstream -d 'Run every stage downstream of one that ran'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l glob -d 'Targets are shell-style patterns of stage names (`train*`, `dvc.yaml:eval_*`)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s i -l interactive -d 'Ask for confirmation before reproducing each stage'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l all-pipelines -d 'Every pipeline of the repository (every stage and data source)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l queue -d 'Queue the experiment instead of running it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l run-all -d 'Run every queued experiment (implies --temp)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l temp -d 'Run in a temporary copy of the repository; the workspace is left as it is'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l rev -d 'Baseline commits (HEAD by default; repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -s n -l num -d 'The last N first-parent commits from each --rev' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l sort-by -d 'Sort the experiments of each baseline by this metric or param (`[FILE:]KEY`)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l sort-order -r -f -a "asc\t''
desc\t''"
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l drop -d 'Columns to leave out (regular expressions, matched at the start of the name)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l keep -d 'Columns to keep whatever --drop and --only-changed say' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l precision -d 'Significant digits of floats (5 in the table; as stored in --csv)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -s a -l all-branches -d 'Baselines: every branch'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -s T -l all-tags -d 'Baselines: every tag'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -s A -l all-commits -d 'Baselines: every commit'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l hide-workspace -d 'Leave out the workspace row'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l hide-failed -d 'Leave out failed experiments'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l hide-queued -d 'Leave out queued experiments'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l only-changed -d 'Only the columns whose values differ between rows'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l sha -d 'Commit ids instead of branch and tag names'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l json -d 'The data as JSON (DVC\'s schema)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l csv -d 'The table as CSV'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l md -d 'The table as Markdown'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l no-pager -d 'Print the table without a pager (one is used only on a terminal)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -s f -l force -d 'Collect again what could be cached (dvx does not cache it)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l param-deps -d 'Only params that stages depend on'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -l name-only -l names-only -d 'Only the experiments\' names'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -l sha-only -l shas-only -d 'Only the experiments\' commits'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -l name-only -l names-only -d 'Only the experiments\' names'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -l sha-only -l shas-only -d 'Only the experiments\' commits'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -s g -l git-remote -d 'Remove from this git remote instead of here' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -l keep -d 'Keep the selected experiments and remove all the others'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -l queue -d 'Remove queued experiments (not supported yet)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -s g -l git-remote -d 'Remove from this git remote instead of here' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -l keep -d 'Keep the selected experiments and remove all the others'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -l queue -d 'Remove queued experiments (not supported yet)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from apply" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from apply" -l no-force -d 'Accepted for DVC\'s scripts; dvx always saves what it replaces, so nothing is refused'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from apply" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -l precision -d 'Significant digits of metrics (5 by default)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -l all -d 'Unchanged values too'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -l param-deps -d 'Only params that stages depend on'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -l json
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -l md
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -l no-path -d 'Leave out the Path column'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -s n -l name -d 'The experiment\'s name (a random adjective-noun pair by default)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -s I -l include-untracked -d 'Untracked files to record too (even ones git ignores)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -s m -l message -d 'The experiment commit\'s message' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -s R -l recursive
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -s f -l force -d 'Replace an experiment of the same name'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -l json -d 'Print the experiment\'s ref as JSON'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from save" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from clean" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from clean" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from clean" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from clean" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from clean" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from branch" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from branch" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from branch" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from branch" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from branch" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rename" -s g -l git-remote -d 'Find the experiment by its name on this git remote (the local one is renamed)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rename" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rename" -s f -l force -d 'Replace an experiment that has the new name already'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rename" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rename" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rename" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -s r -l remote -d 'The DVC remote for the data (default: core.remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -s j -l jobs -d 'Parallel transfers' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -s f -l force -d 'Replace the other side\'s experiment of the same name where the two diverged'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -l no-cache -d 'Move the git refs only, not the cached outputs'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -l run-cache -d 'Move the run-cache\'s entries (and the outputs they name) too'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -s r -l remote -d 'The DVC remote for the data (default: core.remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -s j -l jobs -d 'Parallel transfers' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -s f -l force -d 'Replace the other side\'s experiment of the same name where the two diverged'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -l no-cache -d 'Move the git refs only, not the cached outputs'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -l run-cache -d 'Move the run-cache\'s entries (and the outputs they name) too'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run an experiment: reproduce the pipeline with changed params and record the result'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show experiments in a table: params, metrics and dependencies of each'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "list" -d 'List experiments (of HEAD by default), or those a git remote holds'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove experiments'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Put an experiment\'s files and data in the workspace (what they replace is saved first)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare the params and metrics of two experiments (or of HEAD and the workspace)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "save" -d 'Record the workspace as an experiment, without running anything'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "clean" -d 'Remove what killed experiment runs left behind (temporary copies, stale locks)'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "branch" -d 'Make a git branch of an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "push" -d 'Push experiments to a git remote, and their data to the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "pull" -d 'Pull experiments from a git remote, and their data from the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand exp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "run" -d 'Run an experiment: reproduce the pipeline with changed params and record the result'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "show" -d 'Show experiments in a table: params, metrics and dependencies of each'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "list" -d 'List experiments (of HEAD by default), or those a git remote holds'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "ls" -d 'List experiments (of HEAD by default), or those a git remote holds'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "remove" -d 'Remove experiments'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "rm" -d 'Remove experiments'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "apply" -d 'Put an experiment\'s files and data in the workspace (what they replace is saved first)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "diff" -d 'Compare the params and metrics of two experiments (or of HEAD and the workspace)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "save" -d 'Record the workspace as an experiment, without running anything'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "clean" -d 'Remove what killed experiment runs left behind (temporary copies, stale locks)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "branch" -d 'Make a git branch of an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "rename" -d 'Rename an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "push" -d 'Push experiments to a git remote, and their data to the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "pull" -d 'Pull experiments from a git remote, and their data from the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and not __fish_seen_subcommand_from run show list ls remove rm apply diff save clean branch rename push pull help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s j -l jobs -d 'Jobs for --pull' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s n -l name -d 'The experiment\'s name (a random adjective-noun pair by default)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s S -l set-param -d 'Change a param for this run: `[FILE:]KEY=VALUE` (Hydra\'s syntax: `+KEY=V` adds, `~KEY` removes)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s C -l copy-paths -d 'Untracked files or directories to copy into the temporary copy' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s m -l message -d 'The experiment commit\'s message' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s f -l force -d 'Run the stages even when nothing changed'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s s -l single-item -d 'Only the targets, not the stages they depend on'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s R -l recursive -d 'Targets are directories: every stage of the dvc.yaml files under them'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s P -l pipeline -d 'The whole pipelines the targets belong to'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l dry -d 'Print the commands without running them'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l downstream -d 'The targets and the stages that depend on them'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l pull -d 'Download missing dependencies and outputs from the remote instead of running stages for them'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l allow-missing -d 'Do not run stages whose only change is missing data'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s k -l keep-going -d 'On a failed stage, go on with the stages that do not depend on it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l no-run-cache -d 'Run stages even when the run-cache holds their outputs'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l force-downstream -d 'Run every stage downstream of one that ran'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l glob -d 'Targets are shell-style patterns of stage names (`train*`, `dvc.yaml:eval_*`)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s i -l interactive -d 'Ask for confirmation before reproducing each stage'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l all-pipelines -d 'Every pipeline of the repository (every stage and data source)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l queue -d 'Queue the experiment instead of running it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l run-all -d 'Run every queued experiment (implies --temp)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l temp -d 'Run in a temporary copy of the repository; the workspace is left as it is'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l rev -d 'Baseline commits (HEAD by default; repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -s n -l num -d 'The last N first-parent commits from each --rev' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l sort-by -d 'Sort the experiments of each baseline by this metric or param (`[FILE:]KEY`)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l sort-order -r -f -a "asc\t''
desc\t''"
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l drop -d 'Columns to leave out (regular expressions, matched at the start of the name)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l keep -d 'Columns to keep whatever --drop and --only-changed say' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l precision -d 'Significant digits of floats (5 in the table; as stored in --csv)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -s a -l all-branches -d 'Baselines: every branch'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -s T -l all-tags -d 'Baselines: every tag'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -s A -l all-commits -d 'Baselines: every commit'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l hide-workspace -d 'Leave out the workspace row'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l hide-failed -d 'Leave out failed experiments'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l hide-queued -d 'Leave out queued experiments'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l only-changed -d 'Only the columns whose values differ between rows'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l sha -d 'Commit ids instead of branch and tag names'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l json -d 'The data as JSON (DVC\'s schema)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l csv -d 'The table as CSV'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l md -d 'The table as Markdown'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l no-pager -d 'Print the table without a pager (one is used only on a terminal)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -s f -l force -d 'Collect again what could be cached (dvx does not cache it)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l param-deps -d 'Only params that stages depend on'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -l name-only -l names-only -d 'Only the experiments\' names'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -l sha-only -l shas-only -d 'Only the experiments\' commits'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -l name-only -l names-only -d 'Only the experiments\' names'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -l sha-only -l shas-only -d 'Only the experiments\' commits'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -s g -l git-remote -d 'Remove from this git remote instead of here' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -l keep -d 'Keep the selected experiments and remove all the others'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -l queue -d 'Remove queued experiments (not supported yet)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -s g -l git-remote -d 'Remove from this git remote instead of here' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -l keep -d 'Keep the selected experiments and remove all the others'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -l queue -d 'Remove queued experiments (not supported yet)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from apply" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from apply" -l no-force -d 'Accepted for DVC\'s scripts; dvx always saves what it replaces, so nothing is refused'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from apply" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -l precision -d 'Significant digits of metrics (5 by default)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -l all -d 'Unchanged values too'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -l param-deps -d 'Only params that stages depend on'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -l json
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -l md
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -l no-path -d 'Leave out the Path column'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -s n -l name -d 'The experiment\'s name (a random adjective-noun pair by default)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -s I -l include-untracked -d 'Untracked files to record too (even ones git ignores)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -s m -l message -d 'The experiment commit\'s message' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -s R -l recursive
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -s f -l force -d 'Replace an experiment of the same name'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -l json -d 'Print the experiment\'s ref as JSON'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from save" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from clean" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from clean" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from clean" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from clean" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from clean" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from branch" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from branch" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from branch" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from branch" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from branch" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rename" -s g -l git-remote -d 'Find the experiment by its name on this git remote (the local one is renamed)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rename" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rename" -s f -l force -d 'Replace an experiment that has the new name already'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rename" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rename" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rename" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -s r -l remote -d 'The DVC remote for the data (default: core.remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -s j -l jobs -d 'Parallel transfers' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -s f -l force -d 'Replace the other side\'s experiment of the same name where the two diverged'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -l no-cache -d 'Move the git refs only, not the cached outputs'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -l run-cache -d 'Move the run-cache\'s entries (and the outputs they name) too'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -l rev -d 'Experiments of this baseline commit (repeatable)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -s n -l num -d 'Experiments of the last N first-parent commits from each --rev; negative: all' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -s r -l remote -d 'The DVC remote for the data (default: core.remote)' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -s j -l jobs -d 'Parallel transfers' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -s A -l all-commits -d 'Every experiment of the repository (overrides --rev and -n)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -s f -l force -d 'Replace the other side\'s experiment of the same name where the two diverged'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -l no-cache -d 'Move the git refs only, not the cached outputs'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -l run-cache -d 'Move the run-cache\'s entries (and the outputs they name) too'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run an experiment: reproduce the pipeline with changed params and record the result'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show experiments in a table: params, metrics and dependencies of each'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "list" -d 'List experiments (of HEAD by default), or those a git remote holds'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove experiments'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Put an experiment\'s files and data in the workspace (what they replace is saved first)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare the params and metrics of two experiments (or of HEAD and the workspace)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "save" -d 'Record the workspace as an experiment, without running anything'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "clean" -d 'Remove what killed experiment runs left behind (temporary copies, stale locks)'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "branch" -d 'Make a git branch of an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "push" -d 'Push experiments to a git remote, and their data to the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "pull" -d 'Pull experiments from a git remote, and their data from the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -f -a "start" -d 'Start workers that run the queued experiments'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -f -a "stop" -d 'Stop the workers after their running tasks (or now, with --kill)'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -f -a "status" -d 'Show the tasks and the workers'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -f -a "logs" -d 'Show a task\'s output'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -f -a "remove" -d 'Remove tasks'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -f -a "kill" -d 'Kill running tasks'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -f -a "worker" -d 'Run queued tasks in this process (what `queue start` launches)'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and not __fish_seen_subcommand_from start stop status logs remove kill worker help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from start" -s j -l jobs -d 'Workers to run side by side' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from start" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from start" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from start" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from stop" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from stop" -l kill -d 'Kill the running tasks too'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from stop" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from stop" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from stop" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from status" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from status" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from logs" -s e -l encoding -d 'Accepted for DVC\'s scripts; logs are shown as they were written' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from logs" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from logs" -s f -l follow -d 'Keep printing the output until the task ends'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from logs" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from logs" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from logs" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -l all -d 'Every task that is not running'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -l queued
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -l success
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -l failed
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from kill" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from kill" -s f -l force -d 'Accepted for DVC\'s scripts: tasks are always killed at once'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from kill" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from kill" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from kill" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from kill" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from worker" -l slot -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from worker" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from worker" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from worker" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from worker" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from worker" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start workers that run the queued experiments'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop the workers after their running tasks (or now, with --kill)'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the tasks and the workers'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "logs" -d 'Show a task\'s output'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove tasks'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "kill" -d 'Kill running tasks'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "worker" -d 'Run queued tasks in this process (what `queue start` launches)'
complete -c dvx -n "__fish_dvx_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand dag" -l dot -d 'Graphviz DOT'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -l mermaid -d 'Mermaid flowchart'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -l md -d 'Mermaid in a Markdown code block'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -l full -d 'Show the stages that depend on the target instead'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -s o -l outs -d 'Show outputs and how they depend on each other instead of stages'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand dag" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand params; and not __fish_seen_subcommand_from diff help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand params; and not __fish_seen_subcommand_from diff help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand params; and not __fish_seen_subcommand_from diff help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand params; and not __fish_seen_subcommand_from diff help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand params; and not __fish_seen_subcommand_from diff help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand params; and not __fish_seen_subcommand_from diff help" -f -a "diff" -d 'Show changed params between two revisions (HEAD and the workspace by default)'
complete -c dvx -n "__fish_dvx_using_subcommand params; and not __fish_seen_subcommand_from diff help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -l targets -d 'Only these params files' -r
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -l all -d 'Show unchanged params too'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -l deps -d 'Only params that stages depend on'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -l json -d 'Print JSON'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -l md -d 'Print a Markdown table'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -l no-path -d 'Leave out the Path column'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Show changed params between two revisions (HEAD and the workspace by default)'
complete -c dvx -n "__fish_dvx_using_subcommand params; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and not __fish_seen_subcommand_from show diff help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and not __fish_seen_subcommand_from show diff help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and not __fish_seen_subcommand_from show diff help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and not __fish_seen_subcommand_from show diff help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and not __fish_seen_subcommand_from show diff help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and not __fish_seen_subcommand_from show diff help" -f -a "show" -d 'Print metrics of the workspace (and of branches, tags or commits)'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and not __fish_seen_subcommand_from show diff help" -f -a "diff" -d 'Show changed metrics between two revisions (HEAD and the workspace by default)'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and not __fish_seen_subcommand_from show diff help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -l precision -d 'Round floats to this many digits (5 by default)' -r
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -s a -l all-branches -d 'Also cover the pointer files of every branch'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -s T -l all-tags -d 'Also cover the pointer files of every tag'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -s A -l all-commits -d 'Also cover the pointer files of every commit'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -l json -d 'Print JSON'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -l md -d 'Print a Markdown table'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -l targets -d 'Only these metrics files' -r
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -l precision -d 'Round floats to this many digits (5 by default)' -r
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -l all -d 'Show unchanged metrics too'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -l json -d 'Print JSON'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -l md -d 'Print a Markdown table'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -l no-path -d 'Leave out the Path column'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print metrics of the workspace (and of branches, tags or commits)'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Show changed metrics between two revisions (HEAD and the workspace by default)'
complete -c dvx -n "__fish_dvx_using_subcommand metrics; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -f -a "show" -d 'Draw the plots of the workspace (from `plots` in dvc.yaml, or the files named)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -f -a "diff" -d 'Draw the plots of several revisions together (the workspace, and HEAD when tracked files changed, by default)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -f -a "modify" -d 'Set or unset display properties of a plot output of a stage'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -f -a "templates" -d 'List the built-in templates, or print one\'s Vega-Lite JSON'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and not __fish_seen_subcommand_from show diff modify templates help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -s t -l template -d 'The template: a built-in name, a file in .dvc/plots, or a path' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -s x -d 'Field name for the X axis' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -s y -d 'Field name for the Y axis' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l title -d 'Plot title' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l x-label -d 'X axis label' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l y-label -d 'Y axis label' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -s o -l out -d 'The directory to write the page (and images) to (`plots.out_dir`, else dvc_plots)' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l html-template -d 'An HTML page with `{plot_divs}` (and `{scripts}`) to put the plots in' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l no-header -d 'The CSV or TSV data files have no header row'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l show-vega -d 'Print the filled Vega-Lite spec of the one target instead of writing a page'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l json -d 'Print the plots as JSON (DVC\'s shape, as the VS Code extension reads it)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l split -d 'With --json: anchors left in the templates and their values given apart'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l open -d 'Open the page in a browser'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l targets -d 'Plots (data files or plot names) to draw; all defined plots by default' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -s t -l template -d 'The template: a built-in name, a file in .dvc/plots, or a path' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -s x -d 'Field name for the X axis' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -s y -d 'Field name for the Y axis' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l title -d 'Plot title' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l x-label -d 'X axis label' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l y-label -d 'Y axis label' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -s o -l out -d 'The directory to write the page (and images) to (`plots.out_dir`, else dvc_plots)' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l html-template -d 'An HTML page with `{plot_divs}` (and `{scripts}`) to put the plots in' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -s e -l experiment -d 'Accepted for DVC\'s command line (experiments\' baselines are not looked up)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l no-header -d 'The CSV or TSV data files have no header row'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l show-vega -d 'Print the filled Vega-Lite spec of the one target instead of writing a page'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l json -d 'Print the plots as JSON (DVC\'s shape, as the VS Code extension reads it)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l split -d 'With --json: anchors left in the templates and their values given apart'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l open -d 'Open the page in a browser'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -s t -l template -d 'The template: a built-in name, a file in .dvc/plots, or a path' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -s x -d 'Field name for the X axis' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -s y -d 'Field name for the Y axis' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -l title -d 'Plot title' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -l x-label -d 'X axis label' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -l y-label -d 'Y axis label' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -l unset -d 'Properties to unset' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -l no-header -d 'The CSV or TSV data files have no header row'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from modify" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from templates" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from templates" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from templates" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from templates" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from templates" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from help" -f -a "show" -d 'Draw the plots of the workspace (from `plots` in dvc.yaml, or the files named)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Draw the plots of several revisions together (the workspace, and HEAD when tracked files changed, by default)'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from help" -f -a "modify" -d 'Set or unset display properties of a plot output of a stage'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from help" -f -a "templates" -d 'List the built-in templates, or print one\'s Vega-Lite JSON'
complete -c dvx -n "__fish_dvx_using_subcommand plots; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand version" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand version" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand version" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand version" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand version" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand doctor" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand doctor" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand doctor" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand doctor" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand completion" -s s -l shell -d 'Shell' -r -f -a "bash\t''
elvish\t''
fish\t''
powershell\t''
zsh\t''"
complete -c dvx -n "__fish_dvx_using_subcommand completion" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand completion" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand completion" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand completion" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand completion" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand packaging-files" -l cd -d 'Change to DIR before doing anything' -r
complete -c dvx -n "__fish_dvx_using_subcommand packaging-files" -s q -l quiet -d 'Be quiet: print only errors'
complete -c dvx -n "__fish_dvx_using_subcommand packaging-files" -s v -l verbose -d 'Be verbose'
complete -c dvx -n "__fish_dvx_using_subcommand packaging-files" -l wait-for-lock -d 'Wait for the repository lock instead of failing when another process holds it'
complete -c dvx -n "__fish_dvx_using_subcommand packaging-files" -s h -l help -d 'Print help'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "init" -d 'Initialize a repository: .dvc/ and .dvcignore'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "add" -d 'Track files or directories: hash them into the cache and write .dvc pointer files'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "status" -d 'Show changed outputs: workspace against pointer files and cache'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "data" -d 'Data-related commands (`data status`)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "commit" -d 'Record the current content of tracked outputs in their pointer files'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "checkout" -d 'Make the workspace match the pointer files, from the cache'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "push" -d 'Upload tracked data from the cache to a remote'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "pull" -d 'Download tracked data from a remote into the cache and check it out'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "fetch" -d 'Download tracked data from a remote into the cache'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "remove" -d 'Stop tracking outputs: remove their pointer files (and with --outs, the data)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "move" -d 'Rename a tracked output together with its pointer file'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "unprotect" -d 'Make linked (read-only) outputs writable copies'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "freeze" -d 'Freeze stages or .dvc files: `repro` and `status` leave them as they are'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "unfreeze" -d 'Unfreeze stages or .dvc files'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "destroy" -d 'Remove all pointer files and .dvc/, leaving the data as plain files'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "config" -d 'Get or set config options'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "remote" -d 'Define remotes (the blob stores data is pushed to and pulled from)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "cache" -d 'Cache commands (`cache dir`)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "root" -d 'Print the path to the repository\'s root, relative to the current directory'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "check-ignore" -d 'Check whether paths are excluded by .dvcignore'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "diff" -d 'Show added, modified, renamed or deleted data between commits, or between a commit and the workspace'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "gc" -d 'Remove unused objects from the cache (and with -c, from a remote)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "fsck" -d 'Check the cache: every object hashed again, manifests read, and what the workspace (or other commits) needs present. Exits 0 when all is well, 1 when something is wrong, 3 when --repair mended everything'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "op" -d 'The operation log: what each dvx command changed, and undo'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "install" -d 'Install git hooks that run dvx: status before a commit, checkout after a branch checkout, push before a push'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "git-hook" -d 'Run a git hook (called by the hooks `dvx install` writes)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "list" -d 'List the files and outputs of a repository (a local path or a git URL)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "get" -d 'Download a file or directory of a repository, untracked'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "import" -d 'Download a file or directory of a repository and track it as an import'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "import-url" -d 'Download a file or directory from outside the repository (a path, a bucket, a web server) and track it, recording where it came from'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "get-url" -d 'Download a file or directory from outside the repository, without tracking it'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "du" -d 'Show disk usage: the entries of a repository\'s path with their sizes, then the total'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "artifacts" -d 'DVC model registry artifact commands'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "list-url" -d 'List what a path, bucket or web server holds'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "update" -d 'Update imports to the newest commit of their revision (or to --rev), and URL imports to their source\'s content'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "repro" -d 'Run the pipeline stages whose dependencies, params, command or outputs changed'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "stage" -d 'Pipeline stages: add one to dvc.yaml, list them'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "exp" -d 'Experiments: run, show, apply, and the refs DVC and dvx share'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "queue" -d 'The experiment queue: start and stop workers, see and remove tasks'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "dag" -d 'Show the stages of pipelines and how they depend on each other'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "params" -d 'Compare parameters between revisions (`params diff`)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "metrics" -d 'Show and compare metrics (`metrics show`, `metrics diff`)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "plots" -d 'Plot data files as an HTML page of Vega-Lite charts (`plots show`, `plots diff`)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "version" -d 'Show dvx\'s version and what it finds here: platform, remote schemes, config directories, the cache\'s link types and file systems, remotes'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "completion" -d 'Print a shell completion script'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "packaging-files" -d 'Write the man pages and the shell completions the Python package installs, under DIR (`packaging/dvx.data` in the source tree)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and not __fish_seen_subcommand_from init add status data commit checkout push pull fetch remove move unprotect freeze unfreeze destroy config remote cache root check-ignore diff gc fsck op install git-hook list get import import-url get-url du artifacts list-url update repro stage exp queue dag params metrics plots version completion packaging-files help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from data" -f -a "status" -d 'Show changes between git\'s HEAD, the pointer files, the workspace and the cache'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "add" -d 'Add a remote: a directory path or a URL (s3://bucket/prefix, ...)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "modify" -d 'Set (or with -u unset) an option of a remote'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "list" -d 'List remotes and their URLs'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "default" -d 'Print, set or unset the default remote'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "remove" -d 'Remove a remote'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "rename" -d 'Rename a remote'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "dir" -d 'Print or set the cache directory'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "migrate" -d 'Migrate cached files to the DVC 3.0 cache location'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from op" -f -a "log" -d 'List the recorded operations, newest first'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from op" -f -a "show" -d 'Show what an operation changed, path by path'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from op" -f -a "undo" -d 'Take back an operation (the newest by default), as a new operation'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from op" -f -a "restore" -d 'Put the workspace and cache back as they were right after an operation'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from git-hook" -f -a "pre-commit" -d 'Run pre-commit GIT hook: `status`'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from git-hook" -f -a "post-checkout" -d 'Run post-checkout GIT hook: `checkout` after a branch checkout'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from git-hook" -f -a "pre-push" -d 'Run pre-push GIT hook: `push`'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from git-hook" -f -a "merge-driver" -d 'Run GIT merge driver for .dvc files: merge a tracked directory changed on both sides'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from artifacts" -f -a "get" -d 'Download an artifact of a repository\'s model registry: the version its registry tags name (the highest by default), at the path its dvc.yaml gives it'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from stage" -f -a "add" -d 'Add a stage to the dvc.yaml of the current directory'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from stage" -f -a "list" -d 'List the stages of the pipelines'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "run" -d 'Run an experiment: reproduce the pipeline with changed params and record the result'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "show" -d 'Show experiments in a table: params, metrics and dependencies of each'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "list" -d 'List experiments (of HEAD by default), or those a git remote holds'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "remove" -d 'Remove experiments'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "apply" -d 'Put an experiment\'s files and data in the workspace (what they replace is saved first)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "diff" -d 'Compare the params and metrics of two experiments (or of HEAD and the workspace)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "save" -d 'Record the workspace as an experiment, without running anything'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "clean" -d 'Remove what killed experiment runs left behind (temporary copies, stale locks)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "branch" -d 'Make a git branch of an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "rename" -d 'Rename an experiment'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "push" -d 'Push experiments to a git remote, and their data to the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from exp" -f -a "pull" -d 'Pull experiments from a git remote, and their data from the DVC remote'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "start" -d 'Start workers that run the queued experiments'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "stop" -d 'Stop the workers after their running tasks (or now, with --kill)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "status" -d 'Show the tasks and the workers'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "logs" -d 'Show a task\'s output'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "remove" -d 'Remove tasks'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "kill" -d 'Kill running tasks'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "worker" -d 'Run queued tasks in this process (what `queue start` launches)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from params" -f -a "diff" -d 'Show changed params between two revisions (HEAD and the workspace by default)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from metrics" -f -a "show" -d 'Print metrics of the workspace (and of branches, tags or commits)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from metrics" -f -a "diff" -d 'Show changed metrics between two revisions (HEAD and the workspace by default)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from plots" -f -a "show" -d 'Draw the plots of the workspace (from `plots` in dvc.yaml, or the files named)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from plots" -f -a "diff" -d 'Draw the plots of several revisions together (the workspace, and HEAD when tracked files changed, by default)'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from plots" -f -a "modify" -d 'Set or unset display properties of a plot output of a stage'
complete -c dvx -n "__fish_dvx_using_subcommand help; and __fish_seen_subcommand_from plots" -f -a "templates" -d 'List the built-in templates, or print one\'s Vega-Lite JSON'
