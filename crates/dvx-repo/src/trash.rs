//! The trash's settings (see [`dvx_odb::trash`] for the trash itself): the retention is dvx's
//! own setting, never in `.dvc/config` (DVC refuses keys it does not know): `[gc] trash_days =
//! N` in `.dvx/config` (committed) or `.dvx/config.local` at the repository's root; 14 days
//! when unset.

use std::time::Duration;

pub use dvx_odb::trash::*;

use crate::error::{Error, Result};
use crate::repo::Repo;

/// Days trashed objects are kept when `gc.trash_days` is unset.
pub const DEFAULT_TRASH_DAYS: u64 = 14;

/// `gc.trash_days` from dvx's own configuration (`.dvx/config.local` over `.dvx/config`).
pub fn retention(repo: &Repo) -> Result<Duration> {
    let days = match crate::settings::get(&repo.root, "gc", "trash_days")? {
        None => DEFAULT_TRASH_DAYS,
        Some((v, path)) => v.parse().map_err(|_| {
            Error::user(format!(
                "'{}': gc.trash_days must be a whole number of days, not '{v}'",
                path.display()
            ))
        })?,
    };
    Ok(Duration::from_secs(days * 86_400))
}

/// Parses an age such as `14d`, `12h`, `30m`, `90s` or a number of days.
pub fn parse_age(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&s[..i], &s[i..]),
        None => (s, "d"),
    };
    let n: u64 = num.parse().ok()?;
    let secs = match unit {
        "d" => n * 86_400,
        "h" => n * 3600,
        "m" => n * 60,
        "s" => n,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        assert_eq!(parse_age("14d"), Some(Duration::from_secs(14 * 86_400)));
        assert_eq!(parse_age("3"), Some(Duration::from_secs(3 * 86_400)));
        assert_eq!(parse_age("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_age("x"), None);
    }
}
