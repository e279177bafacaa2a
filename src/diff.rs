//! Git-style unified diffs of plan changes, coloured only when asked.

use similar::TextDiff;

use crate::plan::FileChange;

/// The unified diff of one change (empty when it changes nothing).
pub fn unified(c: &FileChange, after: Option<&str>) -> String {
    let before = c.before.as_deref();
    if before == after {
        return String::new();
    }
    let old = before.unwrap_or("");
    let new = after.unwrap_or("");
    let a = if before.is_some() {
        format!("a/{}", c.path)
    } else {
        "/dev/null".into()
    };
    let b = if after.is_some() {
        format!("b/{}", c.path)
    } else {
        "/dev/null".into()
    };
    let mut out = format!("diff --git a/{0} b/{0}\n", c.path);
    match (before, after) {
        (None, _) => out.push_str("new file mode 100644\n"),
        (_, None) => out.push_str("deleted file mode 100644\n"),
        _ => {}
    }
    let diff = TextDiff::from_lines(old, new);
    let body = diff
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string();
    out.push_str(&body);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Colours diff lines for a terminal.
pub fn colorize(diff: &str) -> String {
    diff.lines()
        .map(|l| {
            let code = if l.starts_with("+++") || l.starts_with("---") || l.starts_with("diff ") {
                "1"
            } else if l.starts_with('+') {
                "32"
            } else if l.starts_with('-') {
                "31"
            } else if l.starts_with("@@") {
                "36"
            } else {
                ""
            };
            if code.is_empty() {
                format!("{l}\n")
            } else {
                format!("\x1b[{code}m{l}\x1b[0m\n")
            }
        })
        .collect()
}
