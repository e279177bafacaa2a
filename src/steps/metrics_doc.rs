//! Step "Sidekiq metrics table": the type's rows in the `## Sidekiq metrics`
//! table of `doc/administration/monitoring/prometheus/gitlab_metrics.md`:
//! the most complete framework group (older types lack the rows later
//! generations added), after the last one, `Since` the tree's milestone.
//! Where models include the framework's concerns (15.x+): the group of the
//! reference type of the new type's strategy, at its sorted place when the
//! table is sorted, worded with the type's plural title; in a tree with
//! GitLab's own generator, its 11 rows before `geo_status_failed_total`.

use anyhow::{Result, bail};

use super::{Patch, Step, no_files};
use crate::names::Names;
use crate::patch::list::{Commas, List, Placement, SortBy, Source};
use crate::patch::markdown;
use crate::patch::{Mode, Types, apply_edits};
use crate::render::Context;

pub const PATH: &str = "doc/administration/monitoring/prometheus/gitlab_metrics.md";

pub const STEP: Step = Step {
    name: "metrics docs",
    applies: super::always,
    files: no_files,
    patches: &[Patch {
        path: PATH,
        apply: metrics_doc,
    }],
};

const METRIC_ROWS: &[(&str, &str)] = &[
    (
        "package_files_count_",
        "| `package_files_count` | Gauge | 13.0 | Number of package files on primary | `url` |\n",
    ),
    (
        "package_files_checksummed_count_",
        "| `package_files_checksummed_count` | Gauge | 13.0 | Number of package files checksummed on primary | `url` |\n",
    ),
    (
        "package_files_checksum_failed_count_",
        "| `package_files_checksum_failed_count` | Gauge | 13.0 | Number of package files failed to checksum on primary | `url` |\n",
    ),
];

/// The `Since` column of the metrics table.
const SINCE: usize = 2;

/// The metric name of a row, as written (`geo_package_files` or `package_files_count`).
fn row_key(row: &str) -> &str {
    markdown::cells(row)[0].trim().trim_matches('`')
}

/// GitLab's own generator: 11 rows before `geo_status_failed_total`, in
/// its layout (name padded to 57, the milestone unpadded).
fn generator_rows(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = PATH;
    let prefix = format!("geo_{}", types.new.plural);
    let words = if ctx.facts.title_plural.is_empty() {
        types.new.label.clone()
    } else {
        ctx.facts.title_plural.to_lowercase()
    };
    let rows: Vec<(String, String)> = [
        ("", format!("Number of {words} on primary")),
        (
            "_checksum_total",
            format!("Number of {words} to checksum on primary"),
        ),
        (
            "_checksummed",
            format!("Number of {words} that successfully calculated the checksum on primary"),
        ),
        (
            "_checksum_failed",
            format!("Number of {words} failed to calculate the checksum on primary"),
        ),
        (
            "_synced",
            format!("Number of syncable {words} synced on secondary"),
        ),
        (
            "_failed",
            format!("Number of syncable {words} failed to sync on secondary"),
        ),
        ("_registry", format!("Number of {words} in the registry")),
        (
            "_verification_total",
            format!("Number of {words} to attempt to verify on secondary"),
        ),
        (
            "_verified",
            format!("Number of {words} successfully verified on secondary"),
        ),
        (
            "_verification_failed",
            format!("Number of {words} that failed verification on secondary"),
        ),
        (
            "_oldest_unsynced_time",
            format!("Timestamp of the oldest unsynced {words} on secondary"),
        ),
    ]
    .into_iter()
    .map(|(suffix, desc)| {
        let name = format!("`{prefix}{suffix}`");
        let row = format!(
            "| {name:<57}| Gauge     | {} | {:<90}| {desc} |\n",
            ctx.facts.milestone, "`url`"
        );
        (format!("{prefix}{suffix}"), row)
    })
    .collect();
    let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    let key_of = |line: &str| {
        markdown::cells(line)
            .first()
            .map(|c| c.trim().trim_matches('`').to_string())
    };
    let (own, place, key) = (types.own, "before `geo_status_failed_total`", "rows");
    let text: String = rows.iter().map(|(_, r)| r.as_str()).collect();
    match mode {
        Mode::Prune => Ok(src.to_string()),
        Mode::Add if src.contains(&format!("`{prefix}`")) => {
            if !own.mine(place, key, [key]) {
                own.note(place, key, crate::patch::own::What::Foreign);
            }
            own.add_one(place, key, &text, Some(&text));
            Ok(src.to_string())
        }
        Mode::Add if !own.add_one(place, key, &text, None) => Ok(src.to_string()),
        Mode::Remove if !own.mine(place, key, [key]) => Ok(src.to_string()),
        Mode::Add => {
            let mut out = String::with_capacity(src.len() + 2048);
            let mut done = false;
            for line in src.split_inclusive('\n') {
                if !done && key_of(line).as_deref() == Some("geo_status_failed_total") {
                    rows.iter().for_each(|(_, r)| out.push_str(r));
                    done = true;
                }
                out.push_str(line);
            }
            if !done {
                bail!(
                    "{path}: expected a `geo_status_failed_total` row (GitLab's generator inserts before it), found none"
                );
            }
            Ok(out)
        }
        Mode::Remove => Ok(src
            .split_inclusive('\n')
            .filter(|line| {
                !(line.starts_with('|')
                    && key_of(line).is_some_and(|k| names.contains(&k.as_str())))
            })
            .collect()),
    }
}

fn metrics_doc(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = PATH;
    if ctx.probes.in_tree_generator.value {
        return generator_rows(src, types, mode, ctx);
    }
    let table = markdown::table_after(src, "## Sidekiq metrics", path)?;
    // Rows are keyed by metric name without a `geo_` prefix and with a
    // trailing `_`, so that both `package_files_count` and Prometheus-style
    // `geo_package_files` rows belong to `package_files`.
    let rows = table
        .rows
        .into_iter()
        .map(|mut r| {
            let k = r.key.strip_prefix("geo_").unwrap_or(&r.key);
            r.key = format!("{k}_");
            r
        })
        .collect();
    let list = List {
        src,
        items: rows,
        append_at: table.end,
        commas: Commas::None,
        blank_between: false,
        indent: String::new(),
        prefix: Names::status_prefix,
        place: "## Sidekiq metrics".into(),
    };
    let edits = if super::concern_framework(ctx.probes) {
        concern_rows(src, &list, types, mode, ctx)
    } else {
        seed_rows(&list, types, mode, ctx)
    };
    // A new row has as many cells as the row it copies: GitLab's own rows
    // miss a cell now and then, and a copy keeps the flaw, nothing more.
    let copied: std::collections::HashMap<String, usize> = list
        .items
        .iter()
        .flat_map(|r| {
            types
                .others
                .iter()
                .filter(move |t| r.key.starts_with(&t.status_prefix()))
                .map(move |t| {
                    let row = &src[r.start..r.end];
                    (
                        t.substitute(row_key(row), types.new),
                        markdown::cells(row).len(),
                    )
                })
        })
        .collect();
    for e in &edits {
        for row in e.text.lines() {
            let n = markdown::cells(row).len();
            let want = copied.get(row_key(row)).copied().unwrap_or(table.columns);
            if n != want {
                bail!(
                    "{path}: the new row `{}` would have {n} cells where the row it copies has {want}; nothing was written",
                    row.trim()
                );
            }
        }
    }
    apply_edits(src, edits)
}

/// The rows of trees before 15.x: the fullest group, after the last one.
fn seed_rows(list: &List, types: &Types, mode: Mode, ctx: &Context) -> Vec<crate::patch::Edit> {
    // New rows say when they appeared: the tree's milestone, when known.
    let milestone = ctx.probes.milestone.value.as_deref();
    let fix = |orig: &str, text: &str| markdown::repad(orig, text);
    // The column is padded as most of the group's rows are.
    let since = |rows: Vec<String>| match milestone {
        Some(m) => markdown::set_column(&rows.concat(), SINCE, m)
            .split_inclusive('\n')
            .map(str::to_string)
            .collect(),
        None => rows,
    };
    let source = Source::Copy {
        fallback: METRIC_ROWS,
        fix: Some(&fix),
        group: Some(&since),
        fullest: true,
    };
    list.edits(types, mode, source)
}

/// The rows of 15.x+ trees (see the module's doc).
fn concern_rows(
    src: &str,
    list: &List,
    types: &Types,
    mode: Mode,
    ctx: &Context,
) -> Vec<crate::patch::Edit> {
    // Descriptions name the type in words: the copied group's words are read
    // from its own "Number of ... on primary" row; the new type's are its
    // plural title where the tree has titles.
    let reference = super::reference_index(types, ctx);
    let mut others = types.others.to_vec();
    for (i, n) in others.iter_mut().enumerate() {
        if let Some(words) = described_as(list, i, types) {
            *n = Names::existing(&n.name, Some(&n.plural), Some(&words), Some(&n.model_class));
        }
    }
    let new = if ctx.probes.titles.value && !ctx.facts.title_plural.is_empty() {
        Names::existing(
            &types.new.name,
            Some(&types.new.plural),
            Some(&ctx.facts.title_plural),
            Some(&types.new.model_class),
        )
    } else {
        types.new.clone()
    };
    // `..*types`: whatever else a plan's types carry comes along.
    #[allow(clippy::needless_update)]
    let relabeled = Types {
        new: &new,
        others: &others,
        ..*types
    };
    let placement = Placement {
        copy_from: reference,
        sorted: sorted(src, &list.items).then_some(SortBy::Text),
    };
    let since =
        header_column(src, &list.items, "Since").filter(|_| !ctx.facts.milestone.is_empty());
    let widths = header_widths(src, &list.items);
    let fix = |orig: &str, text: &str| {
        let row = markdown::repad(orig, text);
        let row = match since {
            Some(col) => markdown::set_cell(&row, col, &ctx.facts.milestone),
            None => row,
        };
        markdown::pad_cells(&row, &widths)
    };
    let source = Source::Copy {
        fallback: METRIC_ROWS,
        fix: Some(&fix),
        group: None,
        fullest: false,
    };
    list.edits_placed(&relabeled, mode, source, placement)
}

/// The words a type's own "Number of <words> on primary" row uses for it.
fn described_as(list: &List, i: usize, types: &Types) -> Option<String> {
    let key = format!("{}_", types.others[i].plural);
    let item = list.items.iter().find(|it| it.key == key)?;
    let row = &list.src[item.start..item.end];
    markdown::cells(row).into_iter().find_map(|c| {
        let words = c
            .trim()
            .strip_prefix("Number of ")?
            .strip_suffix(" on primary")?;
        (!words.is_empty()).then(|| words.to_string())
    })
}

/// A table kept in order of its rows' text (a few rows out of place are
/// tolerated: real tables have some).
fn sorted(src: &str, rows: &[crate::patch::list::Item]) -> bool {
    let texts: Vec<&str> = rows.iter().map(|r| src[r.start..r.end].trim()).collect();
    let pairs = texts.len().saturating_sub(1);
    let inversions = texts.windows(2).filter(|w| w[0] > w[1]).count();
    pairs >= 4 && inversions * 10 <= pairs
}

/// The header row of the table whose first data row is `rows[0]`.
fn header_row<'s>(src: &'s str, rows: &[crate::patch::list::Item]) -> Option<&'s str> {
    let first = rows.first()?.start;
    let above = src[..first].trim_end_matches('\n');
    let separator_start = above.rfind('\n')?;
    let header_text = &above[..separator_start];
    Some(&header_text[header_text.rfind('\n').map_or(0, |i| i + 1)..])
}

/// The index of the header cell named `name`.
fn header_column(src: &str, rows: &[crate::patch::list::Item], name: &str) -> Option<usize> {
    markdown::cells(header_row(src, rows)?)
        .iter()
        .position(|c| c.trim() == name)
}

/// The width of each header cell padded to a column width (an aligned
/// table), `None` for cells that are not.
fn header_widths(src: &str, rows: &[crate::patch::list::Item]) -> Vec<Option<usize>> {
    header_row(src, rows).map_or_else(Vec::new, |h| {
        markdown::cells(h)
            .iter()
            .map(|c| (c.len() - c.trim_end().len() > 1).then_some(c.len()))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;

    #[test]
    fn metrics_rows_with_a_geo_prefix() {
        let src = "## Sidekiq metrics\n\n| Metric | Type | Since | Description | Labels |\n|:--|:--|:--|:--|:--|\n| `geo_lfs_objects` | Gauge | 10.2 | LFS objects | `url` |\n| `geo_package_files` | Gauge | 13.0 | Number of package files on primary | `url` |\n| `geo_package_files_checksummed` | Gauge | 13.0 | Number of package files checksummed on primary | `url` |\n| `geo_repositories` | Gauge | 10.2 | Repositories | `url` |\n\n## Next\n";
        let w = Widget::after_reference();
        let (types, ctx) = (w.types(), w.ctx(false));
        let out = metrics_doc(src, &types, Mode::Add, &ctx).expect("patches");
        assert!(out.contains("| `geo_package_files_checksummed` | Gauge | 13.0 | Number of package files checksummed on primary | `url` |\n| `geo_widgets` | Gauge | 13.0 | Number of widgets on primary | `url` |\n| `geo_widgets_checksummed` | Gauge | 13.0 | Number of widgets checksummed on primary | `url` |\n| `geo_repositories`"), "{out}");
        assert_eq!(
            metrics_doc(&out, &types, Mode::Add, &ctx).expect("idempotent"),
            out
        );
        assert_eq!(
            metrics_doc(&out, &types, Mode::Remove, &ctx).expect("removes"),
            src
        );
    }

    /// A reference row missing its last cell (as GitLab's own did) is copied
    /// as it is; other short rows are left alone.
    #[test]
    fn short_rows_are_copied_as_they_are() {
        let src = "## Sidekiq metrics\n\n| Metric | Type | Since | Description | Labels |\n|:--|:--|:--|:--|:--|\n| `x_threads` | Gauge | 13.3 | Threads |\n| `package_files_count` | Gauge | 13.0 | Number of package files on primary | `url` |\n| `package_files_checksum_failed_count` | Gauge | 13.0 | Number of package files failed to calculate the checksum on primary\n\n## Next\n";
        let w = Widget::after_reference();
        let (types, ctx) = (w.types(), w.ctx(false));
        let out = metrics_doc(src, &types, Mode::Add, &ctx).expect("patches");
        assert!(out.contains("| `widgets_count` | Gauge | 13.0 | Number of widgets on primary | `url` |\n| `widgets_checksum_failed_count` | Gauge | 13.0 | Number of widgets failed to calculate the checksum on primary\n\n## Next"), "{out}");
        assert_eq!(
            metrics_doc(&out, &types, Mode::Remove, &ctx).expect("removes"),
            src
        );
        let short = src.replace(
            "| `package_files_count` | Gauge | 13.0 | Number of package files on primary | `url` |",
            "| `package_files_count` | Gauge | 13.0 | Number of package files on primary | `url` | x |",
        );
        metrics_doc(&short, &types, Mode::Add, &ctx).expect("a longer row is copied too");
    }
}
