//! The reports GitLab shows in a merge request, rendered from a `check`
//! [`Report`]: JUnit XML for `artifacts:reports:junit` (one test case per
//! recorded type and place checked, a failure carrying the diff) and Code
//! Quality JSON for `artifacts:reports:codequality` (one finding per place
//! that is not up to date, at the first line its diff changes).

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{FileReport, Report};
use crate::plan::Status;

/// The suite of a replicator neither recorded nor wired in (`check`).
const UNRECORDED: &str = "unrecorded";

impl Report {
    /// JUnit XML: a `<testsuite>` per recorded type, a `<testcase>` per place
    /// checked (`classname` `geo-scaffold/<type>`, `name` and `file` the path).
    /// A failing place carries its diff; a hand-edited file or an unrecorded
    /// replicator that does not fail (no `--strict`) is `<skipped>`.
    pub fn junit(&self) -> String {
        let mut suites: Vec<(String, Vec<&FileReport>)> = Vec::new();
        for f in &self.files {
            let suite = suite_of(f);
            match suites.iter_mut().find(|(s, _)| *s == suite) {
                Some((_, cases)) => cases.push(f),
                None => suites.push((suite, vec![f])),
            }
        }
        let count = |cases: &[&FileReport], pred: &dyn Fn(&FileReport) -> bool| {
            cases.iter().filter(|f| pred(f)).count()
        };
        let failed = |f: &FileReport| f.fails;
        let skipped = |f: &FileReport| !f.fails && f.status != Status::Identical;
        let all: Vec<&FileReport> = self.files.iter().collect();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<testsuites name=\"geo-scaffold check\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
            all.len(),
            count(&all, &failed),
            count(&all, &skipped),
        ));
        for (suite, cases) in &suites {
            out.push_str(&format!(
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
                attr(&format!("geo-scaffold/{suite}")),
                cases.len(),
                count(cases, &failed),
                count(cases, &skipped),
            ));
            for f in cases {
                out.push_str(&format!(
                    "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                    attr(&format!("geo-scaffold/{suite}")),
                    attr(&f.path),
                    attr(&f.path),
                ));
                if f.status == Status::Identical {
                    out.push_str("/>\n");
                    continue;
                }
                out.push_str(">\n");
                let message = self.finding(f);
                if f.fails {
                    let mut body = f.diff.clone().unwrap_or_default();
                    if let Some(fix) = &self.fix {
                        body.push_str(&format!("to fix: {fix}\n"));
                    }
                    out.push_str(&format!(
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                        f.status.as_str(),
                        attr(&message),
                        text(&body),
                    ));
                } else {
                    out.push_str(&format!(
                        "      <skipped message=\"{}\"/>\n",
                        attr(&format!("{message}; fails only with --strict")),
                    ));
                }
                out.push_str("    </testcase>\n");
            }
            out.push_str("  </testsuite>\n");
        }
        out.push_str("</testsuites>\n");
        out
    }

    /// Code Quality JSON (the subset of the Code Climate format GitLab
    /// reads): one issue per place that is not up to date; `[]` when none.
    pub fn codequality(&self) -> String {
        let issues: Vec<Issue> = self
            .files
            .iter()
            .filter(|f| f.status != Status::Identical)
            .map(|f| {
                let suite = suite_of(f);
                let mut description = self.finding(f);
                if f.fails
                    && let Some(fix) = &self.fix
                {
                    description.push_str(&format!(": {fix}"));
                }
                Issue {
                    description,
                    check_name: format!("geo-scaffold/{}", f.status.as_str()),
                    fingerprint: fingerprint(&[&suite, &f.path, f.status.as_str()]),
                    severity: match (f.fails, f.status) {
                        (true, _) => "major",
                        (false, Status::Modified) => "minor",
                        (false, _) => "info",
                    },
                    location: Location {
                        path: f.path.clone(),
                        lines: Lines {
                            begin: f.diff.as_deref().map_or(1, first_changed_line),
                        },
                    },
                }
            })
            .collect();
        json(&issues)
    }

    /// One sentence saying what is wrong with a place.
    fn finding(&self, f: &FileReport) -> String {
        let who = f.replicable.as_deref().unwrap_or("geo-scaffold");
        let new_file = f
            .diff
            .as_deref()
            .is_none_or(|d| d.contains("\n--- /dev/null\n"));
        match f.status {
            Status::Missing if new_file => {
                format!("{who}: generated file {} is missing", f.path)
            }
            Status::Missing => format!(
                "{who}: {} lacks lines geo-scaffold generated for this type",
                f.path
            ),
            Status::Update => format!(
                "{who}: generated file {} differs from what the templates render now",
                f.path
            ),
            Status::Modified => format!("{who}: generated file {} was edited by hand", f.path),
            Status::Unrecorded => format!(
                "{}: replicator recorded neither in geo-scaffold.toml nor in Gitlab::Geo.replicator_classes",
                f.path
            ),
            other => format!("{who}: {} {}", f.path, other.as_str()),
        }
    }
}

/// JUnit XML for a `check` that could not run (exit 2): one test case in
/// error, so the merge request shows why instead of a missing report.
pub fn junit_error(error: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"geo-scaffold check\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n  \
         <testsuite name=\"geo-scaffold\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    \
         <testcase classname=\"geo-scaffold\" name=\"check\">\n      \
         <error message=\"{}\">{}\n</error>\n    \
         </testcase>\n  \
         </testsuite>\n\
         </testsuites>\n",
        attr(error),
        text(error),
    )
}

/// Code Quality JSON for a `check` that could not run (exit 2): one blocker
/// on the manifest carrying the error.
pub fn codequality_error(error: &str) -> String {
    json(&[Issue {
        description: format!("geo-scaffold check could not run: {error}"),
        check_name: "geo-scaffold/error".into(),
        fingerprint: fingerprint(&["error", error]),
        severity: "blocker",
        location: Location {
            path: crate::manifest::PATH.into(),
            lines: Lines { begin: 1 },
        },
    }])
}

/// A Code Quality issue, with the fields GitLab documents.
#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

fn json(issues: &[Issue]) -> String {
    let mut s = serde_json::to_string_pretty(issues).expect("issues always serialise");
    s.push('\n');
    s
}

/// The recorded type an entry belongs to, or the unrecorded suite.
fn suite_of(f: &FileReport) -> String {
    match (&f.replicable, f.status) {
        (_, Status::Unrecorded) | (None, _) => UNRECORDED.to_string(),
        (Some(name), _) => name.clone(),
    }
}

/// Stable across runs: depends only on the parts (type, path, kind), never
/// on the diff's line numbers, so a finding keeps its identity while the
/// file around it changes.
fn fingerprint(parts: &[&str]) -> String {
    let digest = Sha256::digest(parts.join("\0").as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The line of the current file where a unified diff first changes
/// something: its first hunk's old start plus the context lines before the
/// first `-`/`+` line. 1 for a missing file (old side empty) or no hunk.
pub fn first_changed_line(diff: &str) -> usize {
    let mut lines = diff.lines();
    let Some(start) = lines.by_ref().find_map(|l| {
        let old = l.strip_prefix("@@ -")?;
        let old = old.split_whitespace().next()?;
        old.split(',').next()?.parse::<usize>().ok()
    }) else {
        return 1;
    };
    let context = lines.take_while(|l| l.starts_with(' ')).count();
    (start + context).max(1)
}

/// XML character data: markup escaped, characters XML 1.0 cannot hold
/// replaced by U+FFFD.
fn text(s: &str) -> String {
    escape(s, false)
}

/// An XML attribute value (double-quoted); line breaks and tabs kept as
/// character references so parsers do not normalise them to spaces.
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_changed_line_counts_leading_context() {
        let d = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -10,7 +10,8 @@\n a\n b\n c\n+new\n d\n";
        assert_eq!(first_changed_line(d), 13);
        let removed = "@@ -1,3 +1,2 @@\n-gone\n kept\n";
        assert_eq!(first_changed_line(removed), 1);
    }

    #[test]
    fn a_missing_file_is_at_line_1() {
        let d = "diff --git a/x b/x\nnew file mode 100644\n--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n";
        assert_eq!(first_changed_line(d), 1);
        assert_eq!(first_changed_line(""), 1);
    }

    #[test]
    fn escaping_keeps_xml_well_formed() {
        assert_eq!(
            text("a < b && c > d ]]>"),
            "a &lt; b &amp;&amp; c &gt; d ]]&gt;"
        );
        assert_eq!(attr("say \"hi\"\n\tnow"), "say &quot;hi&quot;&#10;&#9;now");
        assert_eq!(text("esc\u{1b}[0m nul\0"), "esc\u{FFFD}[0m nul\u{FFFD}");
        assert_eq!(text("keep\nlines\r\n"), "keep\nlines&#13;\n");
    }

    #[test]
    fn fingerprints_depend_on_type_path_and_kind_only() {
        let a = fingerprint(&["widget", "ee/lib/gitlab/geo.rb", "missing"]);
        assert_eq!(
            a,
            fingerprint(&["widget", "ee/lib/gitlab/geo.rb", "missing"])
        );
        assert_ne!(
            a,
            fingerprint(&["widget", "ee/lib/gitlab/geo.rb", "update"])
        );
        assert_ne!(
            a,
            fingerprint(&["widgets", "ee/lib/gitlab/geo.rb", "missing"])
        );
        assert_eq!(a.len(), 32);
    }
}
