//! The git tags of DVC's model registry (GTO): `NAME@vX.Y.Z` registers a version of an
//! artifact, `NAME#STAGE#N` assigns it a stage, `!` cancels either, `NAME@deprecated` retires
//! it; an artifact of a `dvc.yaml` in a subdirectory is `DIR=NAME` in tags (`DIR:NAME` in
//! names). Which tag `artifacts get` takes, by GTO's rules.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::Regex;

const SEMVER: &str = r"(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)(?:-(?P<prerelease>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+(?P<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?";
const NAME: &str = r"[a-zA-Z0-9](?:[a-zA-Z0-9\-/_]*[a-zA-Z0-9])?";

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<artifact>(?:[a-zA-Z0-9\-_./]+=)?{NAME})(?:(?:#(?P<stage>{NAME})|@(?P<version>v{SEMVER}))(?P<cancel>!?)|@(?:deprecated|created))(?:#(?P<counter>[0-9]+))?$"
    ))
    .expect("a valid pattern")
});

static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^v?{SEMVER}$")).expect("a valid pattern"));

static FULLNAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?P<dirname>[a-zA-Z0-9\-_./]+):)?(?P<name>{NAME})$"
    ))
    .expect("a valid pattern")
});

/// A registry tag, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The artifact (`dir:name` for one in a subdirectory's `dvc.yaml`).
    pub artifact: String,
    pub version: Option<String>,
    pub stage: Option<String>,
}

/// `name` as a registry tag, or `None` when it is not one.
pub fn parse_tag(name: &str) -> Option<Tag> {
    let c = TAG.captures(name)?;
    Some(Tag {
        artifact: c["artifact"].replace('=', ":"),
        version: c.name("version").map(|m| m.as_str().to_string()),
        stage: c.name("stage").map(|m| m.as_str().to_string()),
    })
}

/// An artifact's full name split into the directory of its `dvc.yaml` and its name, as DVC
/// takes it (`dir/dvc.yaml:name` is `dir:name`); `None` when it is not a valid name.
pub fn split_name(full: &str) -> Option<(Option<String>, String)> {
    let c = FULLNAME.captures(full)?;
    let dirname = c.name("dirname").map(|d| {
        let d = d.as_str();
        d.strip_suffix("/dvc.yaml")
            .or_else(|| (d == "dvc.yaml").then_some(""))
            .unwrap_or(d)
            .to_string()
    });
    Some((dirname.filter(|d| !d.is_empty()), c["name"].to_string()))
}

/// Compares two semantic versions (`v` prefix allowed) by precedence; `None` when either is
/// not one.
pub fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    let (ca, cb) = (VERSION.captures(a)?, VERSION.captures(b)?);
    let num = |c: &regex::Captures, k: &str| c[k].parse::<u64>().unwrap_or(0);
    for k in ["major", "minor", "patch"] {
        match num(&ca, k).cmp(&num(&cb, k)) {
            Ordering::Equal => {}
            o => return Some(o),
        }
    }
    let pre = |c: &regex::Captures| c.name("prerelease").map(|m| m.as_str().to_string());
    Some(match (pre(&ca), pre(&cb)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => {
            let (xs, ys): (Vec<&str>, Vec<&str>) = (x.split('.').collect(), y.split('.').collect());
            for (p, q) in xs.iter().zip(&ys) {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => p.cmp(q),
                };
                if o != Ordering::Equal {
                    return Some(o);
                }
            }
            xs.len().cmp(&ys.len())
        }
    })
}

/// The commit `artifacts get` takes among `tags` (name, target, time, in any order): the
/// newest tag of `version` or `stage` when one is asked for, else the highest version
/// registered (a stage's newest tag when no version is); `None` when no tag names it.
pub fn select<'a>(
    tags: &'a [(String, String, i64)],
    artifact: &str,
    version: Option<&str>,
    stage: Option<&str>,
) -> Option<&'a str> {
    let mut found: Vec<(&'a (String, String, i64), Tag)> = tags
        .iter()
        .filter_map(|t| Some((t, parse_tag(&t.0)?)))
        .filter(|(_, p)| p.artifact == artifact)
        .filter(|(_, p)| version.is_none_or(|v| p.version.as_deref() == Some(v)))
        .filter(|(_, p)| stage.is_none_or(|s| p.stage.as_deref() == Some(s)))
        .collect();
    // by the time of tagging, as GTO sorts them
    found.sort_by_key(|(t, _)| t.2);
    if version.is_some() || stage.is_some() {
        return found.last().map(|(t, _)| t.1.as_str());
    }
    // GTO: the versions by precedence, highest first, then the rest, newest first
    let (mut versioned, mut rest): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|(_, p)| p.version.as_deref().is_some_and(|v| VERSION.is_match(v)));
    versioned.sort_by(|(_, a), (_, b)| {
        compare_versions(
            a.version.as_deref().unwrap_or(""),
            b.version.as_deref().unwrap_or(""),
        )
        .unwrap_or(Ordering::Equal)
    });
    versioned.reverse();
    rest.reverse();
    versioned
        .into_iter()
        .chain(rest)
        .next()
        .map(|(t, _)| t.1.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_tags_parse_as_gto_parses_them() {
        let t = parse_tag("clf@v1.2.3").unwrap();
        assert_eq!(
            (t.artifact.as_str(), t.version.as_deref()),
            ("clf", Some("v1.2.3"))
        );
        let t = parse_tag("models/a=clf#prod#3").unwrap();
        assert_eq!(
            (t.artifact.as_str(), t.stage.as_deref()),
            ("models/a:clf", Some("prod"))
        );
        assert!(parse_tag("clf@v1.0.0!").unwrap().version.is_some());
        assert!(parse_tag("clf@deprecated").is_some());
        for not in ["v1.0.0", "clf@1.0.0", "clf@v1.0", "-clf@v1.0.0", "clf#"] {
            assert_eq!(parse_tag(not), None, "{not}");
        }
    }

    #[test]
    fn names_split_into_directory_and_name() {
        assert_eq!(split_name("clf"), Some((None, "clf".into())));
        assert_eq!(
            split_name("a/b:clf"),
            Some((Some("a/b".into()), "clf".into()))
        );
        assert_eq!(
            split_name("a/b/dvc.yaml:clf"),
            Some((Some("a/b".into()), "clf".into()))
        );
        assert_eq!(split_name("bad name"), None);
    }

    #[test]
    fn the_highest_version_wins_and_a_stage_takes_its_newest_tag() {
        let t = |n: &str, c: &str, at: i64| (n.to_string(), c.to_string(), at);
        let tags = vec![
            t("clf@v1.10.0", "c110", 1),
            t("clf@v1.9.0", "c19", 2),
            t("clf@v2.0.0-rc.1", "c2rc", 3),
            t("clf#prod#1", "c19", 4),
            t("clf#prod#2", "c110", 5),
            t("other@v9.0.0", "o", 6),
        ];
        assert_eq!(select(&tags, "clf", None, None), Some("c2rc"));
        assert_eq!(select(&tags, "clf", Some("v1.9.0"), None), Some("c19"));
        assert_eq!(select(&tags, "clf", None, Some("prod")), Some("c110"));
        assert_eq!(select(&tags, "clf", Some("v3.0.0"), None), None);
        assert_eq!(select(&tags, "nope", None, None), None);
        assert_eq!(
            compare_versions("v1.0.0-alpha.1", "v1.0.0-alpha.beta"),
            Some(Ordering::Less)
        );
        assert_eq!(
            compare_versions("v1.0.0-rc.1", "v1.0.0"),
            Some(Ordering::Less)
        );
    }
}
