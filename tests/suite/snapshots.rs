//! Whole-output snapshots of the CLI: stdout, stderr and exit code of a run,
//! compared with `tests/snapshots/<case>.txt`. Regenerate on purpose with
//! `SNAPSHOTS=overwrite cargo test snapshots`, then read `git diff tests/snapshots`.

use snapbox::{Assert, Data};

use super::common::{Run, TS, Tree, WIDGET};

/// The run as one document; the temp root is shown as `[ROOT]`.
fn document(tree: &Tree, args: &[&str], run: &Run) -> String {
    let root = tree.path().to_str().expect("utf-8 temp path");
    format!(
        "$ geo-scaffold {} --root [ROOT]\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    )
    .replace(root, "[ROOT]")
}

#[track_caller]
fn assert_snapshot(name: &str, actual: String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    // Raw: no wildcards, the whole text must match.
    Assert::new()
        .action_env("SNAPSHOTS")
        .eq(Data::text(actual).raw(), Data::read_from(&path, None).raw());
}

fn snapshot(name: &str, tree: &Tree, args: &[&str]) {
    let run = tree.run(args);
    assert_snapshot(name, document(tree, args, &run));
}

#[test]
fn dry_run() {
    let args = [WIDGET, &["--dry-run"]].concat();
    snapshot("dry_run", &Tree::new(), &args);
}

#[test]
fn scaffold() {
    snapshot("scaffold", &Tree::new(), WIDGET);
}

#[test]
fn json() {
    let args = [WIDGET, &["--dry-run", "--format", "json"]].concat();
    snapshot("json", &Tree::new(), &args);
}

/// Widget scaffolded, then a generated file deleted and a generated line taken out.
fn drifted() -> Tree {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    std::fs::remove_file(tree.file("ee/app/finders/geo/widget_registry_finder.rb")).expect("rm");
    let status = "ee/app/models/geo_node_status.rb";
    let text = tree.read(status).replace("    widgets_synced_count\n", "");
    tree.write(status, &text);
    tree
}

#[test]
fn failing_check() {
    snapshot("failing_check", &drifted(), &["check"]);
}

/// The same drift as GitLab's test report widget gets it.
#[test]
fn failing_check_junit() {
    snapshot(
        "failing_check_junit",
        &drifted(),
        &["check", "--format", "junit"],
    );
}

/// The same drift as GitLab's Code Quality widget gets it.
#[test]
fn failing_check_codequality() {
    snapshot(
        "failing_check_codequality",
        &drifted(),
        &["check", "--format", "codequality"],
    );
}

#[test]
fn conflict() {
    let tree = Tree::new();
    // Nothing is written: only the conflict is reported, with its diff, no
    // next steps, and the fix names `--force` and `--skip`. (See: issue 14.)
    tree.write(
        "ee/app/finders/geo/widget_registry_finder.rb",
        "# frozen_string_literal: true\n\n# Written by hand.\nmodule Geo\n  class WidgetRegistryFinder\n  end\nend\n",
    );
    snapshot("conflict", &tree, WIDGET);
}

/// Ten bad inputs: each one line on stderr, exit 2.
#[test]
fn error_lines() {
    let cases: &[&[&str]] = &[
        &["", "--strategy", "blob"],
        &["../x", "--strategy", "blob"],
        &["class", "--strategy", "blob"],
        &["--model", "Project"],
        &["widget", "--strategy", "database"],
        &["widget", "--strategy", "blob", "--timestamp", "2026"],
        &["widget", "--strategy", "blob", "--feature-flag", "Bad-Flag"],
        &["widget", "--strategy", "blob", "--plural", "widget"],
        &["gadget", "--strategy", "blob"],
        &["remove", "widget"],
    ];
    let tree = Tree::new();
    let mut doc = String::new();
    for args in cases {
        let run = tree.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        doc.push_str(&document(&tree, args, &run));
        doc.push('\n');
    }
    assert_snapshot("error_lines", doc);
}

/// `doctor` on every fixture generation: what it finds, which steps run.
#[test]
fn doctor_on_each_fixture() {
    for fixture in [
        "gitlab",
        "gitlab-13.4",
        "gitlab-14",
        "gitlab-18",
        "gitlab-19",
    ] {
        let tree = Tree::of(fixture);
        snapshot(&format!("doctor_{fixture}"), &tree, &["doctor"]);
    }
}

/// A tree mixing two generations' features: the seed's step list, but
/// models prepended with 14.x's `prepend_mod_with`. The probes judge each
/// feature on its own; no version number decides.
#[test]
fn doctor_on_a_mixed_tree() {
    let tree = Tree::new();
    for model in [
        "app/models/packages/package_file.rb",
        "app/models/snippet_repository.rb",
        "app/models/terraform/state.rb",
        "app/models/project.rb",
    ] {
        let text = tree.read(model);
        let mixed = text
            .lines()
            .map(|l| match l.split_once(".prepend_if_ee(") {
                Some((class, _)) => format!("{class}.prepend_mod_with('{class}')"),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        tree.write(model, &mixed);
    }
    snapshot("doctor_mixed", &tree, &["doctor"]);
    snapshot("doctor_mixed_json", &tree, &["doctor", "--format", "json"]);
}

/// A dry run as a newcomer types it: no `--strategy` (the model's uploader
/// says blob, and a note says so), `-n` and a diffstat instead of the diffs.
#[test]
fn inferred_strategy_and_stat() {
    snapshot(
        "inferred_stat",
        &Tree::new(),
        &["widget", "--timestamp", TS, "-n", "--stat"],
    );
}

#[test]
fn name_only_and_quiet() {
    let tree = Tree::new();
    let mut doc = String::new();
    for extra in [&["-n", "--name-only"][..], &["-q"]] {
        let args = [WIDGET, extra].concat();
        doc.push_str(&document(&tree, &args, &tree.run(&args)));
        doc.push('\n');
    }
    assert_snapshot("name_only_and_quiet", doc);
}

/// Words that find no model, each with the hint that fits (issue 18): a
/// command typed wrong, a plural, a model in a namespace; and clap's own
/// errors, in text and as JSON.
#[test]
fn hints() {
    let cases: &[&[&str]] = &[
        &["chek"],
        &["remvoe", "widget"],
        &["sycn", "--dry-run"],
        &["widgets", "--strategy", "blob"],
        &["package_file"],
        &["state", "--strategy", "blob"],
        &["remvoe", "widget", "--format", "json"],
        &["widget", "--colour", "never", "--format", "json"],
    ];
    let tree = Tree::new();
    let mut doc = String::new();
    for args in cases {
        let run = tree.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        doc.push_str(&document(&tree, args, &run));
        doc.push('\n');
    }
    assert_snapshot("hints", doc);
}

/// `list`, text and JSON: one type up to date with its options, one with a
/// generated file edited by hand, one stale.
#[test]
fn list() {
    let tree = Tree::new();
    tree.run(&[
        "widget",
        "--strategy",
        "blob",
        "--timestamp",
        TS,
        "--feature-flag",
        "geo_widget_replication",
    ])
    .ok();
    tree.run(&[
        "--model",
        "Terraform::State",
        "--strategy",
        "blob",
        "--timestamp",
        TS,
        "--label",
        "Terraform states",
    ])
    .ok();
    tree.run(&[
        "snippet_repository",
        "--strategy",
        "repository",
        "--timestamp",
        TS,
    ])
    .ok();
    let finder = "ee/app/finders/geo/terraform_state_registry_finder.rb";
    tree.write(finder, &format!("{}# Edited by hand.\n", tree.read(finder)));
    std::fs::remove_file(
        tree.file("ee/spec/graphql/types/geo/snippet_repository_registry_type_spec.rb"),
    )
    .expect("rm");
    let mut doc = String::new();
    for args in [&["list"][..], &["list", "--format", "json"]] {
        doc.push_str(&document(&tree, args, &tree.run(args)));
        doc.push('\n');
    }
    assert_snapshot("list", doc);
}

/// `sync` lists only what it changes; `-v` lists the identical files too.
#[test]
fn sync_hides_identical_files() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let mut doc = String::new();
    for args in [&["sync"][..], &["sync", "-v"]] {
        doc.push_str(&document(&tree, args, &tree.run(args).ok()));
        doc.push('\n');
    }
    assert_snapshot("sync", doc);
}
