//! Markdown tables: rows as keyed items, with the table's column count.

use anyhow::{Result, anyhow};

use super::list::Item;

/// A table's data rows and the offset just past its last row.
pub struct Table {
    pub rows: Vec<Item>,
    pub columns: usize,
    pub end: usize,
}

/// The cells of a table row (`| a | b |` -> 2).
pub fn cells(row: &str) -> Vec<&str> {
    let t = row.trim().trim_start_matches('|');
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').collect()
}

/// The first table after the heading line that starts with `heading`, and
/// before the next heading.
pub fn table_after(src: &str, heading: &str, path: &str) -> Result<Table> {
    let mut off = 0;
    let mut found = Vec::new();
    for line in src.split_inclusive('\n') {
        if line.trim_end() == heading || line.starts_with(&format!("{heading} ")) {
            found.push(off + line.len());
        }
        off += line.len();
    }
    let start = match found.as_slice() {
        [one] => *one,
        [] => {
            return Err(anyhow!(
                "{path}: expected a `{heading}` heading, found none; fix the file or pass `--root`"
            ));
        }
        more => {
            return Err(anyhow!(
                "{path}: expected one `{heading}` heading, found {}; remove the duplicates and run again",
                more.len()
            ));
        }
    };
    let mut off = start;
    let mut lines = Vec::new();
    for line in src[start..].split_inclusive('\n') {
        if line.starts_with('#') {
            break;
        }
        if line.trim_start().starts_with('|') {
            lines.push((off, line));
        } else if !lines.is_empty() {
            break;
        }
        off += line.len();
    }
    if lines.len() < 2 {
        return Err(anyhow!(
            "{path}: expected a table under `{heading}`, found none"
        ));
    }
    let columns = cells(lines[0].1).len();
    let end = lines.last().map_or(start, |(o, l)| o + l.len());
    let rows = lines[2..]
        .iter()
        .map(|(o, l)| Item {
            key: cells(l)[0].trim().trim_matches('`').to_string(),
            start: *o,
            end: o + l.len(),
        })
        .collect();
    Ok(Table { rows, columns, end })
}

/// Keeps each cell of a substituted row as wide as the original's cell when
/// the new content fits, so copied rows keep the table's padding.
pub fn repad(orig: &str, new: &str) -> String {
    let o: Vec<&str> = orig.trim_end_matches('\n').split('|').collect();
    let n: Vec<&str> = new.trim_end_matches('\n').split('|').collect();
    if o.len() != n.len() {
        return new.to_string();
    }
    let mut out: Vec<String> = Vec::with_capacity(n.len());
    for (oc, nc) in o.iter().zip(&n) {
        // Only cells padded to a column width (more than one trailing space) are re-padded.
        let padded = oc.len() - oc.trim_end().len() > 1;
        if oc == nc || nc.trim().is_empty() || !padded {
            out.push((*nc).to_string());
            continue;
        }
        let lead = oc.len() - oc.trim_start().len();
        let mut cell = format!("{}{}", " ".repeat(lead), nc.trim());
        if cell.len() < oc.len() {
            cell.push_str(&" ".repeat(oc.len() - cell.len()));
        } else {
            cell.push(' ');
        }
        out.push(cell);
    }
    format!("{}\n", out.join("|"))
}

/// Sets cell `column` of every row in `rows` to `value`, padded to the width
/// most of these rows give that cell (a stray wider cell does not widen it).
pub fn set_column(rows: &str, column: usize, value: &str) -> String {
    let cell = |row: &str| row.split('|').nth(column + 1).map(str::len);
    let mut widths: Vec<usize> = rows.lines().filter_map(cell).collect();
    widths.sort_unstable();
    let mode = widths
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| run.len())
        .map_or(0, |run| run[0]);
    rows.split_inclusive('\n')
        .map(|row| {
            let mut parts: Vec<String> = row.split('|').map(str::to_string).collect();
            if let Some(c) = parts.get_mut(column + 1) {
                let mut text = format!(" {value} ");
                if text.len() < mode {
                    text.push_str(&" ".repeat(mode - text.len()));
                }
                *c = text;
            }
            parts.join("|")
        })
        .collect()
}

/// Row `row` with every cell shorter than its column (`widths`, from an
/// aligned header) padded to it; cells as wide or wider are left alone.
pub fn pad_cells(row: &str, widths: &[Option<usize>]) -> String {
    let body = row.trim_end_matches('\n');
    let newline = &row[body.len()..];
    let mut parts: Vec<String> = body.split('|').map(str::to_string).collect();
    for (i, w) in widths.iter().enumerate() {
        if let (Some(w), Some(cell)) = (w, parts.get_mut(i + 1))
            && cell.len() < *w
            && !cell.trim().is_empty()
        {
            let pad = *w - cell.len();
            cell.push_str(&" ".repeat(pad));
        }
    }
    format!("{}{newline}", parts.join("|"))
}

/// Row `row` with the content of cell `col` set to `value`, the cell kept as
/// wide as it was when the value fits (else one space after it).
pub fn set_cell(row: &str, col: usize, value: &str) -> String {
    let body = row.trim_end_matches('\n');
    let newline = &row[body.len()..];
    let mut parts: Vec<String> = body.split('|').map(str::to_string).collect();
    // parts[0] is what precedes the first `|`.
    let Some(cell) = parts.get_mut(col + 1) else {
        return row.to_string();
    };
    let lead = cell.len() - cell.trim_start().len();
    let mut new = format!("{}{value}", " ".repeat(lead.max(1)));
    if new.len() < cell.len() {
        new.push_str(&" ".repeat(cell.len() - new.len()));
    } else {
        new.push(' ');
    }
    *cell = new;
    format!("{}{newline}", parts.join("|"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn set_cell_keeps_width() {
        assert_eq!(
            super::set_cell("| `a` | Gauge | 18.6  | x |\n", 2, "18.10"),
            "| `a` | Gauge | 18.10 | x |\n"
        );
        assert_eq!(
            super::set_cell("| `a` | 9.1 | x |\n", 1, "18.10"),
            "| `a` | 18.10 | x |\n"
        );
    }

    use super::*;

    #[test]
    fn repad_keeps_column_width() {
        let orig = "| `package_files_count`   | Gauge | Number of package files |\n";
        let new = "| `widgets_count`   | Gauge | Number of widgets |\n";
        // The padded first column keeps its width; the unpadded one does not grow.
        assert_eq!(
            repad(orig, new),
            "| `widgets_count`         | Gauge | Number of widgets |\n"
        );
    }

    #[test]
    fn set_column_pads_to_the_common_width() {
        let rows = "| a | 13.4  | x |\n| b | 13.12  | y |\n| c | 13.4  | z |\n";
        assert_eq!(
            set_column(rows, 1, "14.3"),
            "| a | 14.3  | x |\n| b | 14.3  | y |\n| c | 14.3  | z |\n"
        );
    }

    #[test]
    fn finds_the_table_under_a_heading() {
        let src = "# T\n\n## A\n\n| x | y |\n|---|---|\n| `a` | 1 |\n\n## B\n";
        let t = table_after(src, "## A", "f").expect("table");
        assert_eq!(t.columns, 2);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].key, "a");
        assert!(table_after(src, "## C", "f").is_err());
    }
}
