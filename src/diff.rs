//! Git-style unified diffs of plan changes, coloured only when asked.

use anstyle::{AnsiColor, Style};
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

/// Styles diff lines for a terminal (the writer strips the styles when
/// colour is off).
pub fn colorize(diff: &str) -> String {
    diff.lines()
        .map(|l| {
            let style = if l.starts_with("+++") || l.starts_with("---") || l.starts_with("diff ") {
                Style::new().bold()
            } else if l.starts_with('+') {
                AnsiColor::Green.on_default()
            } else if l.starts_with('-') {
                AnsiColor::Red.on_default()
            } else if l.starts_with("@@") {
                AnsiColor::Cyan.on_default()
            } else {
                Style::new()
            };
            if style == Style::new() {
                format!("{l}\n")
            } else {
                format!("{style}{l}{style:#}\n")
            }
        })
        .collect()
}

/// Lines added and removed by a unified diff (its hunks, not its header).
pub fn line_counts(diff: &str) -> (usize, usize) {
    let mut added = 0;
    let mut removed = 0;
    for l in diff.lines().skip_while(|l| !l.starts_with("@@")) {
        if l.starts_with('+') {
            added += 1;
        } else if l.starts_with('-') {
            removed += 1;
        }
    }
    (added, removed)
}

/// The widest `+++---` bar of a diffstat, as git keeps within 80 columns.
const BAR: usize = 40;

/// A git-style diffstat: per path its `N +++--` graph, and the total line.
#[derive(Debug, Default)]
pub struct Stat {
    /// `(path, graph)`, the graphs' numbers right-aligned to each other.
    pub graphs: Vec<(String, String)>,
    /// `N files changed, N insertions(+), N deletions(-)`.
    pub total: String,
}

impl Stat {
    /// The graph of `path`, if it has a diff.
    pub fn graph(&self, path: &str) -> Option<&str> {
        self.graphs
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, g)| g.as_str())
    }
}

/// The diffstat of `(path, diff)` pairs, bars scaled as git scales them.
pub fn stat(diffs: &[(&str, &str)]) -> Stat {
    if diffs.is_empty() {
        return Stat::default();
    }
    let counts: Vec<(&str, usize, usize)> = diffs
        .iter()
        .map(|(p, d)| {
            let (a, r) = line_counts(d);
            (*p, a, r)
        })
        .collect();
    let max = counts.iter().map(|c| c.1 + c.2).max().unwrap_or(0);
    let num_w = max.to_string().len();
    // A change of any size keeps at least one mark.
    let scale = |n: usize| {
        if max <= BAR || n == 0 {
            n
        } else {
            (n * BAR / max).max(1)
        }
    };
    let (green, red) = (AnsiColor::Green.on_default(), AnsiColor::Red.on_default());
    let graphs = counts
        .iter()
        .map(|(path, a, r)| {
            let bar = |style: anstyle::Style, mark: &str, n: usize| {
                if n == 0 {
                    String::new()
                } else {
                    format!("{style}{}{style:#}", mark.repeat(scale(n)))
                }
            };
            let graph = format!(
                "{:>num_w$} {}{}",
                a + r,
                bar(green, "+", *a),
                bar(red, "-", *r)
            );
            (path.to_string(), graph.trim_end().to_string())
        })
        .collect();
    let added: usize = counts.iter().map(|c| c.1).sum();
    let removed: usize = counts.iter().map(|c| c.2).sum();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let total = format!(
        "{}, {}, {}",
        plural(counts.len(), "file changed", "files changed"),
        plural(added, "insertion(+)", "insertions(+)"),
        plural(removed, "deletion(-)", "deletions(-)"),
    );
    Stat { graphs, total }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIFF: &str = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n--- b\n+c\n+d\n";

    #[test]
    fn counts_hunk_lines_only() {
        // `--- b` is a removed line `-- b`, not a header.
        assert_eq!(line_counts(DIFF), (2, 1));
    }

    #[test]
    fn stat_like_git() {
        let plain = |s: &str| anstream::adapter::strip_str(s).to_string();
        let st = stat(&[("x", DIFF), ("a/longer/path.rb", "@@ -0,0 +1 @@\n+y\n")]);
        assert_eq!(plain(st.graph("x").expect("x")), "3 ++-");
        assert_eq!(plain(st.graph("a/longer/path.rb").expect("path")), "1 +");
        assert_eq!(st.total, "2 files changed, 3 insertions(+), 1 deletion(-)");
        let big: String = std::iter::once("@@ -0,0 +1,80 @@\n".to_string())
            .chain((0..80).map(|i| format!("+{i}\n")))
            .collect();
        let st = stat(&[("big", &big), ("one", "@@ -1 +1 @@\n-a\n+b\n")]);
        assert_eq!(
            plain(st.graph("big").expect("big")),
            format!("80 {}", "+".repeat(BAR))
        );
        assert_eq!(plain(st.graph("one").expect("one")), " 2 +-");
    }

    #[test]
    fn colour_is_styling_only() {
        let styled = colorize(DIFF);
        assert!(styled.contains("\x1b[32m+c\x1b[0m"), "{styled:?}");
        assert_eq!(anstream::adapter::strip_str(&styled).to_string(), DIFF);
    }
}
