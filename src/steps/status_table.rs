//! Step "Status spec table": where GeoNodeStatus derives its fields from
//! the replicator list (13.6+), its spec checks every type through one
//! `where(:replicator, :model_factory, :registry_factory)` table; the type
//! gets a row there, its cells padded to the table's columns (every row is
//! re-aligned when the new names are longer, and back on removal).

use anyhow::{Result, anyhow};

use super::{Applies, Patch, Step, no_files};
use crate::patch::list::{line_end, line_start};
use crate::patch::ruby::{Ruby, one};
use crate::patch::{Edit, Mode, Types};
use crate::probe::{Probes, STATUS_SPEC, StatusFields};
use crate::render::Context;

pub const STEP: Step = Step {
    name: "status spec row",
    applies,
    files: no_files,
    patches: &[Patch {
        path: STATUS_SPEC,
        apply: status_table,
    }],
};

fn applies(p: &Probes) -> Applies {
    match (p.status_fields.value, p.status_spec_table.value) {
        (StatusFields::Derived, true) => Applies::Run,
        (StatusFields::Derived, false) => Applies::Skip(p.status_spec_table.evidence.clone()),
        (StatusFields::ByHand, _) => {
            Applies::Skip("the status spec has per-type blocks (step status fields)".into())
        }
    }
}

/// One row: its cells, trimmed.
fn cells(line: &str) -> Vec<String> {
    line.split('|').map(|c| c.trim().to_string()).collect()
}

/// Each column's width but the last's: its longest cell plus one space.
fn widths(rows: &[Vec<String>]) -> Vec<usize> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..columns.saturating_sub(1))
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(String::len)
                .max()
                .unwrap_or(0)
                + 1
        })
        .collect()
}

fn render_row(indent: &str, cells: &[String], widths: &[usize]) -> String {
    let mut out = indent.to_string();
    for (i, cell) in cells.iter().enumerate() {
        match widths.get(i) {
            Some(w) if i + 1 < cells.len() => out.push_str(&format!("{cell:<w$}| ")),
            _ => out.push_str(cell),
        }
    }
    out.push('\n');
    out
}

fn status_table(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = STATUS_SPEC;
    let rb = Ruby::parse(src, path)?;
    let table = one(
        rb.calls(rb.root(), "where", |a| a == ":replicator"),
        path,
        "a `where(:replicator, :model_factory, :registry_factory) do` table",
    )?;
    let block = table
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after `where(:replicator, ...)`"))?;
    let lines: Vec<(usize, usize)> = block
        .statements()
        .iter()
        .map(|s| {
            (
                line_start(src, s.start_byte()),
                line_end(src, s.end_byte().saturating_sub(1)),
            )
        })
        .collect();
    let Some(&(first_start, _)) = lines.first() else {
        return Err(anyhow!(
            "{path}: expected rows in the `where(:replicator, ...)` table"
        ));
    };
    let first = &src[first_start..lines[0].1];
    let indent = &first[..first.len() - first.trim_start().len()];
    let rows: Vec<Vec<String>> = lines.iter().map(|(s, e)| cells(&src[*s..*e])).collect();
    let n = types.new;
    let mine = vec![
        format!("Geo::{}", n.replicator_class),
        format!(":{}", n.name),
        format!(":{}", ctx.conventions().registry_factory),
    ];
    let present = rows.iter().position(|r| r.first() == mine.first());
    // The widths as written (each non-last cell up to its `|`).
    let current: Vec<usize> = src[lines[0].0..lines[0].1]
        .split('|')
        .map(str::len)
        .collect();
    let mut edits = Vec::new();
    let (own, place, key) = (types.own, "where(:replicator, ...)", mine[0].as_str());
    let row = mine.join(" | ");
    let (all, widths_before): (Vec<Vec<String>>, Vec<usize>) = match (mode, present) {
        (Mode::Prune, _) | (Mode::Remove, None) => return Ok(src.to_string()),
        (Mode::Add, Some(_)) => {
            if !own.mine(place, key, [key]) {
                own.note(place, key, crate::patch::own::What::Foreign);
            }
            own.add_one(place, key, &row, Some(&row));
            return Ok(src.to_string());
        }
        (Mode::Remove, Some(_)) if !own.mine(place, key, [key]) => return Ok(src.to_string()),
        (Mode::Add, None) if !own.add_one(place, key, &row, None) => return Ok(src.to_string()),
        (Mode::Add, None) => {
            let mut all = rows.clone();
            all.push(mine.clone());
            (all, widths(&rows))
        }
        (Mode::Remove, Some(i)) => {
            edits.push(Edit::replace(lines[i].0, lines[i].1, ""));
            let mut rest = rows.clone();
            rest.remove(i);
            (rest, widths(&rows))
        }
    };
    // The first cell includes the indentation; compare content widths.
    let written: Vec<usize> = current
        .iter()
        .enumerate()
        .take(widths_before.len())
        .map(|(i, w)| if i == 0 { w - indent.len() } else { w - 1 })
        .collect();
    // Aligned at the minimum (the usual case): stay at the minimum.
    // Padded wider by hand: keep the padding, widen only when needed.
    let minimal = written == widths_before;
    let new_widths: Vec<usize> = widths(&all)
        .into_iter()
        .zip(&written)
        .map(|(needed, w)| if minimal { needed } else { needed.max(*w) })
        .collect();
    if new_widths != written {
        for (i, (s, e)) in lines.iter().enumerate() {
            if mode == Mode::Remove && Some(i) == present {
                continue;
            }
            edits.push(Edit::replace(
                *s,
                *e,
                &render_row(indent, &rows[i], &new_widths),
            ));
        }
    }
    if mode == Mode::Add {
        let end = lines.last().expect("checked non-empty").1;
        edits.push(Edit::insert(end, &render_row(indent, &mine, &new_widths)));
    }
    rb.finish(path, edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;

    fn spec(rows: &str) -> String {
        format!(
            "RSpec.describe GeoNodeStatus do\n  context 'each replicator' do\n    where(:replicator, :model_factory, :registry_factory) do\n{rows}    end\n\n    with_them do\n    end\n  end\nend\n"
        )
    }

    /// A row padded to the columns; longer names widen every row, and
    /// removal narrows them back.
    #[test]
    fn row_aligned_with_the_table() {
        let mut w = Widget::after_reference();
        w.probes.status_fields.value = StatusFields::Derived;
        let (types, ctx) = (w.types(), w.ctx(false));
        let src = spec(
            "      Geo::PackageFileReplicator    | :package_file                | :package_file_registry\n      Geo::LongerNameHereReplicator | :external_merge_request_diff | :merge_request_diff_registry\n",
        );
        let out = status_table(&src, &types, Mode::Add, &ctx).expect("adds");
        assert!(out.contains(
            "      Geo::LongerNameHereReplicator | :external_merge_request_diff | :merge_request_diff_registry\n      Geo::WidgetReplicator         | :widget                      | :widget_registry\n"
        ), "{out}");
        assert_eq!(
            status_table(&out, &types, Mode::Add, &ctx).expect("again"),
            out
        );
        assert_eq!(
            status_table(&out, &types, Mode::Remove, &ctx).expect("removes"),
            src
        );

        let narrow = spec("      Geo::AReplicator | :a | :a_registry\n");
        let out = status_table(&narrow, &types, Mode::Add, &ctx).expect("adds");
        assert!(out.contains(
            "      Geo::AReplicator      | :a      | :a_registry\n      Geo::WidgetReplicator | :widget | :widget_registry\n"
        ), "{out}");
        assert_eq!(
            status_table(&out, &types, Mode::Remove, &ctx).expect("removes"),
            narrow
        );
    }
}
