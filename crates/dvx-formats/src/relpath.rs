//! Relative paths read from files someone else wrote (pointer files, `dvc.lock`, `.dir`
//! manifests, import pointers): the one lexical check of what such a path may name, applied when
//! the file is parsed, before anything is written.
//!
//! A path is refused when it is empty (or only `.`), absolute, has a `..` component or a NUL
//! byte, or passes through `.git` or `.dvc` in any letter case (what git and DVC keep for
//! themselves: hooks, config, the cache). `\` counts as a separator here too, so that a name
//! that would be a path on another system is refused as well.

use std::fmt;

/// Why a relative path cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsafe {
    /// Empty, or nothing but `.` components: it names the base directory itself.
    Empty,
    Absolute,
    Parent,
    Nul,
    /// It passes through `.git` or `.dvc` (the component as written).
    Internal(String),
    /// An empty or `.` component (`a//b`, `a/./b`), which a manifest never holds.
    NotNormal,
}

impl fmt::Display for Unsafe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unsafe::Empty => f.write_str("it names no file (it is empty or '.')"),
            Unsafe::Absolute => f.write_str("it is absolute"),
            Unsafe::Parent => f.write_str("it leaves its directory through '..'"),
            Unsafe::Nul => f.write_str("it holds a NUL byte"),
            Unsafe::Internal(c) => write!(
                f,
                "it is inside '{c}', which git and DVC keep for themselves"
            ),
            Unsafe::NotNormal => f.write_str("it has an empty or '.' component"),
        }
    }
}

/// Whether a file name is one git or DVC keeps for itself (`.git`, `.dvc`, any letter case).
pub fn is_internal_name(name: &str) -> bool {
    name.eq_ignore_ascii_case(".git") || name.eq_ignore_ascii_case(".dvc")
}

fn components(p: &str) -> impl Iterator<Item = &str> {
    p.split(['/', '\\'])
}

/// Checks a path relative to the directory of the file that names it (an output's `path`):
/// `.` components and a trailing `/` are allowed, as a person may write them.
pub fn check(p: &str) -> Result<(), Unsafe> {
    common(p)?;
    if components(p).all(|c| c.is_empty() || c == ".") {
        return Err(Unsafe::Empty);
    }
    Ok(())
}

/// Checks a `.dir` manifest's relpath: as [`check`], and normal (`a/b`, never `a//b`, `./a`
/// or `a/`), as DVC writes them.
pub fn check_normal(p: &str) -> Result<(), Unsafe> {
    common(p)?;
    if p.is_empty() {
        return Err(Unsafe::Empty);
    }
    if p.split('/').any(|c| c.is_empty() || c == ".") {
        return Err(Unsafe::NotNormal);
    }
    Ok(())
}

fn common(p: &str) -> Result<(), Unsafe> {
    if p.contains('\0') {
        return Err(Unsafe::Nul);
    }
    if p.starts_with('/') || p.starts_with('\\') {
        return Err(Unsafe::Absolute);
    }
    for c in components(p) {
        if c == ".." {
            return Err(Unsafe::Parent);
        }
        if is_internal_name(c) {
            return Err(Unsafe::Internal(c.to_string()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_paths_are_refused_by_reason() {
        assert_eq!(check(""), Err(Unsafe::Empty));
        assert_eq!(check("."), Err(Unsafe::Empty));
        assert_eq!(check("./"), Err(Unsafe::Empty));
        assert_eq!(check("/etc/passwd"), Err(Unsafe::Absolute));
        assert_eq!(check("a/../../x"), Err(Unsafe::Parent));
        assert_eq!(check("a\\..\\x"), Err(Unsafe::Parent));
        assert_eq!(check("a\0b"), Err(Unsafe::Nul));
        for bad in [
            ".git/hooks/pre-commit",
            ".GIT/config",
            "sub/.Git/x",
            ".dvc/config.local",
            "data/.DVC",
            "x\\.git\\hooks",
        ] {
            assert!(
                matches!(check(bad), Err(Unsafe::Internal(_))),
                "{bad} was accepted"
            );
            assert!(check_normal(bad).is_err(), "{bad} was accepted");
        }
        for good in [
            "data",
            "data/",
            "./data",
            "a/b.dvc",
            ".gitignore",
            "x.git",
            "..a",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        for bad in ["a//b", "./a", "a/", "a/./b"] {
            assert_eq!(check_normal(bad), Err(Unsafe::NotNormal), "{bad}");
        }
        assert_eq!(check_normal("a/b c/d"), Ok(()));
        assert_eq!(
            Unsafe::Internal(".Git".into()).to_string(),
            "it is inside '.Git', which git and DVC keep for themselves"
        );
    }
}
