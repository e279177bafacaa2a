//! The `attr_in_percentage` block of `GeoNodeStatus`, whose arguments are
//! aligned in columns: re-aligned as a whole after an insertion or removal.

/// Re-aligns `attr_in_percentage` arguments in columns. A block that was
/// aligned at the minimum width stays at the minimum (so it widens for a
/// longer name and narrows again on removal); a block with extra padding
/// only widens.
pub fn realign(before: &str, after: &str) -> String {
    struct Line<'a> {
        head: &'a str,
        args: Vec<&'a str>,
        starts: Vec<usize>,
    }
    fn parse(block: &str) -> Option<Vec<Line<'_>>> {
        block
            .lines()
            .map(|l| {
                let name = l.find("attr_in_percentage ")?;
                let head_len = name + "attr_in_percentage ".len();
                let mut args = Vec::new();
                let mut starts = Vec::new();
                let mut pos = head_len;
                for raw in l[head_len..].split(',') {
                    let lead = raw.len() - raw.trim_start().len();
                    starts.push(pos + lead);
                    args.push(raw.trim());
                    pos += raw.len() + 1;
                }
                Some(Line {
                    head: &l[..head_len],
                    args,
                    starts,
                })
            })
            .collect()
    }
    fn minimal(lines: &[Line]) -> Vec<usize> {
        let cols = lines.iter().map(|l| l.args.len()).max().unwrap_or(0);
        let mut starts = vec![lines.iter().map(|l| l.head.len()).max().unwrap_or(0)];
        for k in 0..cols.saturating_sub(1) {
            let width = lines
                .iter()
                .filter_map(|l| l.args.get(k))
                .map(|a| a.len() + 1)
                .max()
                .unwrap_or(0);
            starts.push(starts[k] + width + 1);
        }
        starts
    }
    let (Some(old), Some(new)) = (parse(before), parse(after)) else {
        return after.to_string();
    };
    let cols = new.iter().map(|l| l.args.len()).max().unwrap_or(0);
    let tight = old
        .iter()
        .all(|l| l.starts == minimal(&old)[..l.starts.len()]);
    let need = minimal(&new);
    let starts: Vec<usize> = if tight {
        need
    } else {
        let mut starts = vec![need[0]];
        for k in 1..cols {
            let existing = old
                .iter()
                .filter_map(|l| l.starts.get(k))
                .copied()
                .max()
                .unwrap_or(0);
            let width = new
                .iter()
                .filter_map(|l| l.args.get(k - 1))
                .map(|a| a.len() + 1)
                .max()
                .unwrap_or(0);
            starts.push(existing.max(starts[k - 1] + width + 1));
        }
        starts
    };
    let mut out = String::with_capacity(after.len());
    for l in &new {
        let mut line = l.head.to_string();
        for (k, arg) in l.args.iter().enumerate() {
            while line.len() < starts[k] {
                line.push(' ');
            }
            line.push_str(arg);
            if k + 1 < l.args.len() {
                line.push(',');
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
