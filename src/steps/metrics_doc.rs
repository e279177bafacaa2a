//! Step "Sidekiq metrics table": the type's rows in the `## Sidekiq metrics`
//! table of `doc/administration/monitoring/prometheus/gitlab_metrics.md`.

use anyhow::{Result, bail};

use super::{Patch, Step, no_files};
use crate::names::Names;
use crate::patch::list::{Commas, List, Source};
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

fn metrics_doc(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = PATH;
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
    let source = Source::Copy {
        fallback: METRIC_ROWS,
        fix: Some(markdown::repad),
    };
    let edits = list.edits(types, mode, source);
    for e in &edits {
        for row in e.text.lines() {
            let n = markdown::cells(row).len();
            if n != table.columns {
                bail!(
                    "{path}: the new row `{}` has {n} columns but the Sidekiq metrics table has {}; nothing was written",
                    row.trim(),
                    table.columns
                );
            }
        }
    }
    apply_edits(src, edits)
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
}
