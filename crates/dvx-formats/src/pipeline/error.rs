//! What is wrong with a `dvc.yaml`, a `dvc.lock` or a params file. Each variant keeps the
//! message DVC users know (it names the file and the key); the variant says what kind of
//! problem it is, for callers that act on it.

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PipelineError {
    /// Not YAML (or JSON, TOML, Python for a params file), or over a limit of nesting or aliases.
    #[error("{0}")]
    Syntax(String),
    /// YAML that DVC's schema does not allow: an unknown key, a value of the wrong kind.
    #[error("{0}")]
    Schema(String),
    /// `vars`, `${…}`, `foreach` or `matrix` that cannot be resolved.
    #[error("{0}")]
    Interpolation(String),
    /// A file the pipeline reads (`params.yaml`, a `vars` file) cannot be read or parsed.
    #[error("{0}")]
    File(String),
    /// A definition that would generate more stages than `limit` (`project::MAX_STAGES`).
    #[error("'{file}' defines more than {limit} stages (stage '{stage}' generates {generates}); dvx refuses such pipelines")]
    TooManyStages {
        limit: usize,
        file: String,
        stage: String,
        generates: usize,
    },
    /// A `dvc.lock` output path that would reach outside the workspace or into `.git`/`.dvc`.
    #[error("stage '{stage}': output path '{path}' cannot be used: {why}")]
    UnsafePath {
        stage: String,
        path: String,
        why: String,
    },
    /// A `dvc.lock` of a schema dvx does not read (None: DVC 1.x, no schema at all).
    #[error("{}", match .0 {
        Some(s) => format!("unsupported schema '{s}' (dvx reads schema 2.0)"),
        None => "no 'schema' (a DVC 1.x lock file); run `dvc repro` with DVC 2 or later once to upgrade it".to_string(),
    })]
    LockSchema(Option<String>),
}
