//! Each file's own bytes: line endings, a BOM, tab indentation and a missing
//! final newline. Files are normalised once when read (LF, no BOM, a final
//! newline), so that no patcher has to care; the file's style is put back on
//! the text to write: unchanged lines keep their exact bytes, new lines take
//! the file's dominant line ending and, in a tab-indented file, tab indents.

use similar::{Algorithm, DiffOp, capture_diff_slices};

const BOM: char = '\u{feff}';
/// Spaces per indent level in the lines we add (GitLab's Ruby, JSON and YAML
/// use two; so do the templates).
const INDENT: usize = 2;

/// What a file's text looks like beyond its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Style {
    bom: bool,
    crlf: bool,
    tabs: bool,
    final_newline: bool,
}

impl Style {
    fn of(text: &str) -> Style {
        let body = text.strip_prefix(BOM).unwrap_or(text);
        let crlf = body.matches("\r\n").count();
        let lf = body.matches('\n').count() - crlf;
        let (mut tab_lines, mut space_lines) = (0, 0);
        for line in body.lines() {
            match line.as_bytes().first() {
                Some(b'\t') => tab_lines += 1,
                Some(b' ') => space_lines += 1,
                _ => {}
            }
        }
        Style {
            bom: text.starts_with(BOM),
            crlf: crlf > lf,
            tabs: tab_lines > space_lines,
            final_newline: body.is_empty() || body.ends_with('\n'),
        }
    }

    fn is_plain(self) -> bool {
        !self.bom && !self.crlf && !self.tabs && self.final_newline
    }

    fn eol(self) -> &'static str {
        if self.crlf { "\r\n" } else { "\n" }
    }
}

/// The text patchers see, or `None` when the file is plain (mostly LF lines,
/// no BOM, a final newline, not tab-indented) and is used as it is. Any other file
/// needs [`restore`] on write (a tab-indented one comes back unchanged here).
pub fn normalise(text: &str) -> Option<String> {
    let style = Style::of(text);
    if style.is_plain() {
        return None;
    }
    Some(
        lines(text, style)
            .iter()
            .map(|l| l.normal.as_str())
            .collect(),
    )
}

/// One line of the original: its exact bytes and what patchers saw of it.
struct Line<'a> {
    raw: std::borrow::Cow<'a, str>,
    normal: String,
}

fn lines(text: &str, style: Style) -> Vec<Line<'_>> {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    body.split_inclusive('\n')
        .map(|raw| {
            // In a file mostly of LF lines, a stray CR is content.
            let content = raw.strip_suffix('\n').map(|l| match style.crlf {
                true => l.strip_suffix('\r').unwrap_or(l),
                false => l,
            });
            match content {
                Some(c) => Line {
                    raw: raw.into(),
                    normal: format!("{c}\n"),
                },
                // The last line, without a newline: patchers see one; lines
                // added after it need the file's own ending between them.
                None => Line {
                    raw: format!("{raw}{}", style.eol()).into(),
                    normal: format!("{raw}\n"),
                },
            }
        })
        .collect()
}

/// The text to write for `after` (normalised, as patched) in the style of
/// `original` (the file as it was read).
pub fn restore(original: &str, after: &str) -> String {
    let style = Style::of(original);
    let old = lines(original, style);
    let normal: Vec<&str> = old.iter().map(|l| l.normal.as_str()).collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let mut out = String::with_capacity(after.len() + after.len() / 16);
    if style.bom {
        out.push(BOM);
    }
    let add = |line: &str, out: &mut String| {
        let (content, ends) = match line.strip_suffix('\n') {
            Some(c) => (c, true),
            None => (line, false),
        };
        let content = if style.tabs {
            tabify(content)
        } else {
            content.to_string()
        };
        out.push_str(&content);
        if ends {
            out.push_str(style.eol());
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &normal, &new) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                for l in &old[old_index..old_index + len] {
                    out.push_str(&l.raw);
                }
            }
            DiffOp::Delete { .. } => {}
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => {
                for l in &new[new_index..new_index + new_len] {
                    add(l, &mut out);
                }
            }
        }
    }
    if !style.final_newline {
        let trimmed = out
            .strip_suffix('\n')
            .map(|o| o.strip_suffix('\r').unwrap_or(o));
        if let Some(t) = trimmed {
            out.truncate(t.len());
        }
    }
    out
}

/// Leading spaces to tabs, one per indent level; spaces past the last full
/// level (alignment) stay.
fn tabify(line: &str) -> String {
    let rest = line.trim_start_matches(['\t', ' ']);
    let lead = &line[..line.len() - rest.len()];
    let tabs = lead.len() - lead.trim_start_matches('\t').len();
    let after_tabs = &lead[tabs..];
    if after_tabs.is_empty() || after_tabs.contains('\t') {
        return line.to_string();
    }
    let spaces = after_tabs.len();
    format!(
        "{}{}{rest}",
        "\t".repeat(tabs + spaces / INDENT),
        " ".repeat(spaces % INDENT)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(original: &str, edit: impl Fn(&str) -> String) -> String {
        let seen = normalise(original).unwrap_or_else(|| original.to_string());
        restore(original, &edit(&seen))
    }

    #[test]
    fn plain_files_are_used_as_they_are() {
        assert_eq!(normalise("a\n  b\n"), None);
        assert_eq!(normalise(""), None);
        // A stray CRLF line in an LF file is its content, shown in diffs.
        assert_eq!(normalise("a\nb\r\nc\n"), None);
    }

    #[test]
    fn crlf_bom_and_missing_final_newline_survive_an_insert() {
        let original = "\u{feff}class A\r\n  X = 1\r\nend";
        assert_eq!(
            normalise(original).as_deref(),
            Some("class A\n  X = 1\nend\n")
        );
        let out = round_trip(original, |t| t.replace("  X = 1\n", "  X = 1\n  Y = 2\n"));
        assert_eq!(out, "\u{feff}class A\r\n  X = 1\r\n  Y = 2\r\nend");
        // Appending after a last line that had no newline.
        let out = round_trip(original, |t| format!("{t}# tail\n"));
        assert_eq!(out, "\u{feff}class A\r\n  X = 1\r\nend\r\n# tail");
    }

    #[test]
    fn unchanged_lines_keep_their_own_endings_in_a_mixed_file() {
        let original = "a\r\nb\nc\r\n";
        let out = round_trip(original, |t| t.replace("b\n", "b\nnew\n"));
        assert_eq!(out, "a\r\nb\nnew\r\nc\r\n");
        // A removal restores the bytes exactly.
        let back = round_trip(&out, |t| t.replace("new\n", ""));
        assert_eq!(back, original);
    }

    #[test]
    fn tab_indented_files_get_tab_indents() {
        let original = "class A\n\tdef x\n\t\t1\n\tend\nend\n";
        assert_eq!(normalise(original).as_deref(), Some(original));
        let out = round_trip(original, |t| {
            t.replace("\tend\n", "\tend\n\n  def y\n    2 +\n     3\n  end\n")
        });
        assert_eq!(
            out,
            "class A\n\tdef x\n\t\t1\n\tend\n\n\tdef y\n\t\t2 +\n\t\t 3\n\tend\nend\n"
        );
    }

    #[test]
    fn a_space_indented_file_is_left_alone() {
        let original = "a\n  b\n\tc\n  d\n";
        let out = round_trip(original, |t| format!("{t}  e\n"));
        assert_eq!(out, "a\n  b\n\tc\n  d\n  e\n");
    }
}
