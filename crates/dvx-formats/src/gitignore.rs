//! The `.gitignore` lines DVC writes for outputs: `/name`, with gitignore's special characters
//! escaped the way DVC's `pathspec` escapes them.

/// The line that ignores `name` (a path relative to the `.gitignore`'s directory).
pub fn entry_for(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    if !name.starts_with('/') {
        out.push('/');
    }
    for c in name.chars() {
        if "\\[]!*#?".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` with `line` appended (once), as DVC appends: a newline first if the file lacks one.
/// Returns None when the line is already there.
pub fn with_entry(text: &str, line: &str) -> Option<String> {
    with_entries(text, &[line])
}

/// `text` with each of `lines` appended once, in order (see [`with_entry`]); None when every
/// line is there already. Linear in the text and the lines, for thousands of outputs in one
/// directory.
pub fn with_entries(text: &str, lines: &[&str]) -> Option<String> {
    let mut present: std::collections::HashSet<&str> = text.lines().collect();
    let mut out = text.to_string();
    for &line in lines {
        if !present.insert(line) {
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    (out != text).then_some(out)
}

/// `text` without the line for `name` (escaped or, as older DVC wrote it, not).
pub fn without_entry(text: &str, name: &str) -> String {
    let escaped = entry_for(name);
    let plain = format!("/{}", name.trim_start_matches('/'));
    text.split_inclusive('\n')
        .filter(|l| l.trim() != escaped.trim() && l.trim() != plain.trim())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Observed from real DVC 3.67.1 `dvc add`.
    #[test]
    fn escapes_like_dvc() {
        assert_eq!(entry_for("#hash.csv"), "/\\#hash.csv");
        assert_eq!(entry_for("a #b"), "/a \\#b");
        assert_eq!(entry_for("? q"), "/\\? q");
        assert_eq!(entry_for("[br"), "/\\[br");
        assert_eq!(entry_for("x y.txt"), "/x y.txt");
    }

    #[test]
    fn appends_once_and_removes() {
        let t = with_entry("/a", "/b").unwrap();
        assert_eq!(t, "/a\n/b\n");
        assert!(with_entry(&t, "/b").is_none());
        assert_eq!(without_entry(&t, "b"), "/a\n");
        assert_eq!(
            with_entries("/a", &["/b", "/a", "/c", "/b"]).unwrap(),
            "/a\n/b\n/c\n"
        );
        assert!(with_entries("/a\n/b\n", &["/b", "/a"]).is_none());
        assert_eq!(with_entries("", &["/x"]).unwrap(), "/x\n");
    }
}
