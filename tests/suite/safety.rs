//! All-or-nothing apply, conflicts, remove, no writes outside the root, and
//! the lock against concurrent runs.

use std::fs;
use std::process::Command;

use super::common::{TS, Tree, snapshot};

const WIDGET: &[&str] = &["widget", "--strategy", "blob", "--timestamp", TS];
const CI_SECURE_FILE: &[&str] = &[
    "--model",
    "Ci::SecureFile",
    "--strategy",
    "blob",
    "--timestamp",
    "20260104000000",
];
const SNIPPET: &[&str] = &[
    "snippet_repository",
    "--strategy",
    "repository",
    "--timestamp",
    "20260103000000",
];
const TERRAFORM: &[&str] = &[
    "--model",
    "Terraform::State",
    "--strategy",
    "blob",
    "--timestamp",
    "20260102000000",
];

/// Runs with a failure injected after `n` file operations.
fn run_failing_after(tree: &Tree, n: usize, args: &[&str]) -> super::common::Run {
    run_with_env(tree, "GEO_SCAFFOLD_TEST_FAIL_AFTER", &n.to_string(), args)
}

fn run_with_env(tree: &Tree, key: &str, value: &str, args: &[&str]) -> super::common::Run {
    let mut all: Vec<&str> = args.to_vec();
    let root = tree.path().to_str().expect("utf-8").to_string();
    all.extend(["--root", &root]);
    let out = Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
        .args(&all)
        .env(key, value)
        .output()
        .expect("run");
    super::common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_failure_at_any_write_point_leaves_the_tree_unchanged() {
    // Fresh scaffold (creates directories and files), then a second type on
    // top (updates files and the manifest): every operation is a fault point.
    for (setup, args) in [(&[][..], WIDGET), (&[WIDGET][..], TERRAFORM)] {
        let mut points = 0;
        for n in 0.. {
            let tree = Tree::new();
            for s in setup {
                tree.run(s).ok();
            }
            let before = tree.snapshot();
            let out = run_failing_after(&tree, n, args);
            if out.code == 0 {
                points = n;
                break;
            }
            let line = out.stderr.trim_end();
            assert_eq!(out.code, 2, "{line}");
            assert!(
                line.contains("injected failure") && line.contains("nothing was written"),
                "{line}"
            );
            assert_eq!(
                tree.snapshot(),
                before,
                "fault after {n} operations changed the tree"
            );
            assert!(n < 200, "runaway");
        }
        // Directories, temp files and renames: well over one point per file.
        assert!(points > 26, "only {points} fault points exercised");
    }
}

#[test]
fn conflicts_stop_everything_unless_forced_or_skipped() {
    let tree = Tree::new();
    // (A replicator that exists is a type wired by hand, refused outright:
    // see ownership.rs. Any other generated file is a conflict.)
    let replicator = "ee/app/finders/geo/widget_registry_finder.rb";
    tree.write(replicator, "# someone else's replicator\n");
    let before = tree.snapshot();
    let out = tree.run(WIDGET);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("    conflict  {replicator}\n")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("-# someone else's replicator\n"),
        "the diff is shown: {}",
        out.stdout
    );
    assert!(out.stdout.contains("--force") && out.stdout.contains("--skip"));
    assert_eq!(tree.snapshot(), before, "nothing written on conflict");

    let mut skip = WIDGET.to_vec();
    skip.push("--skip");
    let out = tree.run(&skip).ok();
    assert!(
        out.stdout
            .contains(&format!("        skip  {replicator}\n")),
        "{}",
        out.stdout
    );
    assert_eq!(tree.read(replicator), "# someone else's replicator\n");

    let mut force = WIDGET.to_vec();
    force.push("--force");
    tree.run(&force).ok();
    assert!(tree.read(replicator).contains("class WidgetRegistryFinder"));
}

#[track_caller]
fn round_trip(scaffolds: &[&[&str]], removals: &[&str]) {
    let tree = Tree::new();
    let before = tree.snapshot();
    for s in scaffolds {
        tree.run(s).ok();
    }
    for r in removals {
        let out = tree.run(&["remove", r]).ok();
        assert!(out.stdout.contains("      remove  "), "{}", out.stdout);
    }
    let after = tree.snapshot();
    let changed = super::common::changed(&before, &after);
    assert!(
        changed.is_empty(),
        "not byte-identical after remove: {changed:?}"
    );
}

#[test]
fn scaffold_then_remove_is_byte_identical() {
    round_trip(&[WIDGET], &["widget"]);
    round_trip(&[TERRAFORM], &["terraform_state"]);
    round_trip(&[WIDGET, TERRAFORM], &["widget", "terraform_state"]);
    round_trip(&[WIDGET, TERRAFORM], &["terraform_state", "widget"]);
    round_trip(&[TERRAFORM, WIDGET], &["widget", "terraform_state"]);
    round_trip(&[SNIPPET], &["snippet_repository"]);
    round_trip(&[CI_SECURE_FILE, WIDGET], &["ci_secure_file", "widget"]);
    round_trip(&[WIDGET, SNIPPET], &["widget", "snippet_repository"]);
    round_trip(&[SNIPPET, WIDGET], &["widget", "snippet_repository"]);
}

#[test]
fn remove_keeps_hand_edited_files_unless_forced_and_has_a_dry_run() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let spec = "ee/spec/replicators/geo/widget_replicator_spec.rb";
    let edited = tree.read(spec).replace(
        "it_behaves_like 'a blob replicator'",
        "it_behaves_like 'a blob replicator'\n  it { is_expected.to be_valid }",
    );
    tree.write(spec, &edited);

    let before = tree.snapshot();
    let dry = tree.run(&["remove", "widget", "--dry-run"]).ok();
    assert!(dry.stdout.contains("deleted file mode"), "{}", dry.stdout);
    assert!(dry.stdout.contains("dry run: nothing was written"));
    assert_eq!(tree.snapshot(), before);

    let out = tree.run(&["remove", "widget"]).ok();
    assert!(
        out.stdout.contains(&format!("    modified  {spec}\n")),
        "{}",
        out.stdout
    );
    assert_eq!(tree.read(spec), edited);
    assert!(
        !tree
            .file("ee/app/replicators/geo/widget_replicator.rb")
            .exists()
    );
    assert!(!tree.file("geo-scaffold.toml").exists());
}

#[test]
fn symlinks_out_of_the_root_are_refused() {
    let tree = Tree::new();
    let outside = tempfile::tempdir().expect("tmp");
    std::os::unix::fs::symlink(outside.path(), tree.file("ee/app/finders")).expect("symlink");
    let before = tree.snapshot();
    let line = tree.run(WIDGET).fails();
    assert!(
        line.contains("ee/app/finders/geo/widget_registry_finder.rb"),
        "{line}"
    );
    assert!(line.contains("outside the root"), "{line}");
    assert_eq!(tree.snapshot(), before);
    assert!(
        snapshot(outside.path()).is_empty(),
        "wrote outside the root"
    );
}

#[test]
fn a_second_run_at_once_is_refused_and_a_stale_lock_is_taken_over() {
    let tree = Tree::new();
    // This test process is alive: its pid in the lock means a run is active.
    tree.write(".geo-scaffold.lock", &std::process::id().to_string());
    let before = tree.snapshot();
    let line = tree.run(WIDGET).fails();
    assert!(line.contains("another geo-scaffold run"), "{line}");
    assert_eq!(tree.snapshot(), before);

    // A crashed run's lock (no such process) does not block forever.
    tree.write(".geo-scaffold.lock", "4194999");
    tree.run(WIDGET).ok();
    assert!(
        !tree.file(".geo-scaffold.lock").exists(),
        "the lock is released"
    );
    // Read-only modes never take the lock.
    tree.write(".geo-scaffold.lock", &std::process::id().to_string());
    tree.run(&["check"]).ok();
    fs::remove_file(tree.file(".geo-scaffold.lock")).expect("rm");
}

#[test]
fn ctrl_c_during_the_write_rolls_back() {
    for n in [0, 5, 20, 40] {
        let tree = Tree::new();
        let before = tree.snapshot();
        let out = run_with_env(
            &tree,
            "GEO_SCAFFOLD_TEST_SIGINT_AFTER",
            &n.to_string(),
            WIDGET,
        );
        assert_eq!(out.code, 2, "after {n}: {}", out.stderr);
        assert!(
            out.stderr.contains("interrupted") && out.stderr.contains("nothing was written"),
            "{}",
            out.stderr
        );
        assert_eq!(
            tree.snapshot(),
            before,
            "SIGINT after {n} operations changed the tree"
        );
    }
}

#[test]
fn a_file_edited_meanwhile_is_not_overwritten() {
    let tree = Tree::new();
    let status = "ee/app/models/geo_node_status.rb";
    let out = run_with_env(&tree, "GEO_SCAFFOLD_TEST_EDIT", status, WIDGET);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("{status}: changed while geo-scaffold was running")),
        "{}",
        out.stderr
    );
    let mut expected = super::common::Tree::new().read(status);
    expected.push_str("# edited meanwhile\n");
    assert!(
        tree.read(status) == expected,
        "the concurrent edit must survive, unpatched"
    );
    assert!(
        !tree
            .file("ee/app/replicators/geo/widget_replicator.rb")
            .exists()
    );
}

#[test]
fn remove_force_deletes_hand_edited_files() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let spec = "ee/spec/replicators/geo/widget_replicator_spec.rb";
    tree.write(spec, "# mine now\n");
    let out = tree.run(&["remove", "widget", "--force"]).ok();
    assert!(
        out.stdout.contains(&format!("      remove  {spec}\n")),
        "{}",
        out.stdout
    );
    assert!(!tree.file(spec).exists());
}

#[test]
fn a_generated_ee_module_edited_by_hand_stays_prepended_on_remove() {
    let tree = Tree::new();
    tree.run(CI_SECURE_FILE).ok();
    let module = "ee/app/models/ee/ci/secure_file.rb";
    let edited = tree.read(module).replace(
        "      extend ActiveSupport::Concern\n",
        "      extend ActiveSupport::Concern\n\n      def geo_ready?\n        true\n      end\n",
    );
    tree.write(module, &edited);
    let out = tree.run(&["remove", "ci_secure_file"]).ok();
    assert!(
        out.stdout.contains(&format!("    modified  {module}\n")),
        "{}",
        out.stdout
    );
    assert_eq!(tree.read(module), edited);
    assert!(
        tree.read("app/models/ci/secure_file.rb")
            .contains("Ci::SecureFile.prepend_if_ee('EE::Ci::SecureFile')")
    );
}
