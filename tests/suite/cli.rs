//! The command line as a user sees it: stdout, stderr and exit code.

use super::common::{TS, Tree, WIDGET, changed, run, status_lines};

#[test]
fn dry_run_shows_every_diff_and_writes_nothing() {
    let tree = Tree::new();
    let before = tree.snapshot();
    let mut args = WIDGET.to_vec();
    args.push("--dry-run");
    let out = tree.run(&args).ok();
    assert_eq!(tree.snapshot(), before, "--dry-run wrote something");
    assert!(
        out.stdout
            .contains("--- /dev/null\n+++ b/ee/app/replicators/geo/widget_replicator.rb\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(
        "--- a/ee/app/models/geo_node_status.rb\n+++ b/ee/app/models/geo_node_status.rb\n"
    ));
    assert!(
        out.stdout
            .contains("+    widgets_count: 'Number of widgets on primary',\n")
    );
    assert!(out.stdout.contains("dry run: nothing was written\n"));
    assert!(
        out.stdout
            .ends_with("widget (blob): 15 would be created, 11 would be updated\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\x1b'), "no colour without a terminal");

    // The dry run announces exactly what the real run then does.
    let dry: Vec<(String, String)> = status_lines(&out.stdout)
        .into_iter()
        .map(|(v, p)| (v.into(), p.into()))
        .collect();
    let real = tree.run(WIDGET).ok();
    let applied: Vec<(String, String)> = status_lines(&real.stdout)
        .into_iter()
        .map(|(v, p)| (v.into(), p.into()))
        .collect();
    assert_eq!(dry, applied);
    let mut announced: Vec<String> = dry
        .into_iter()
        .filter(|(v, _)| v != "identical")
        .map(|(_, p)| p)
        .collect();
    announced.sort();
    assert_eq!(announced, changed(&before, &tree.snapshot()));
}

#[test]
fn apply_prints_rails_style_status_lines_and_a_summary() {
    let tree = Tree::new();
    let out = tree.run(WIDGET).ok();
    assert!(
        out.stdout
            .contains("      create  ee/app/replicators/geo/widget_replicator.rb\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("      update  ee/app/models/geo_node_status.rb\n")
    );
    assert!(
        out.stdout
            .contains("      create  ee/db/geo/migrate/20260101000000_create_widget_registry.rb\n")
    );
    assert!(
        out.stdout
            .ends_with("widget (blob): 15 created, 11 updated\n"),
        "{}",
        out.stdout
    );
    let again = tree.run(WIDGET).ok();
    assert!(
        again.stdout.ends_with("widget (blob): 26 identical\n"),
        "{}",
        again.stdout
    );
}

#[test]
fn next_steps_name_commands_and_skip_what_is_done() {
    let tree = Tree::new();
    let out = tree.run(WIDGET).ok();
    assert!(out.stdout.contains("bin/rails db:migrate:geo"));
    assert!(
        out.stdout
            .contains("bundle exec rake gitlab:graphql:compile_docs")
    );
    assert!(
        out.stdout.contains("add a `:widget` factory"),
        "Widget has no factory in the fixture"
    );
    // The fixture defines geo_self_service_framework, so no step for it.
    assert!(
        !out.stdout.contains("define the feature flag"),
        "{}",
        out.stdout
    );
    // Terraform::State has a factory and an uploader: no step for either.
    let tf = tree
        .run(&[
            "--model",
            "Terraform::State",
            "--strategy",
            "blob",
            "--timestamp",
            TS,
        ])
        .ok();
    assert!(!tf.stdout.contains("factory for"), "{}", tf.stdout);
    assert!(!tf.stdout.contains("mount_uploader"), "{}", tf.stdout);
}

#[test]
fn feature_flag_option_is_used_and_remembered() {
    let tree = Tree::new();
    let mut args = WIDGET.to_vec();
    args.extend(["--feature-flag", "geo_widget_replication"]);
    let out = tree.run(&args).ok();
    assert!(out.stdout.contains("define the feature flag `geo_widget_replication`: `bin/feature-flag --ee geo_widget_replication`"));
    let node_type = tree.read("ee/app/graphql/types/geo/geo_node_type.rb");
    assert!(
        node_type.contains("            feature_flag: :geo_widget_replication\n"),
        "{node_type}"
    );
    assert!(
        tree.read("geo-scaffold.toml")
            .contains("feature_flag = \"geo_widget_replication\"")
    );
    // A re-run without the flag keeps the recorded choice.
    let again = tree.run(WIDGET).ok();
    assert!(again.stdout.ends_with("26 identical\n"), "{}", again.stdout);
}

#[test]
fn rerun_reuses_migration_timestamps() {
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    let again = tree
        .run(&[
            "widget",
            "--strategy",
            "blob",
            "--timestamp",
            "20300101000000",
        ])
        .ok();
    assert!(
        again
            .stdout
            .contains("   identical  ee/db/geo/migrate/20260101000000_create_widget_registry.rb\n"),
        "{}",
        again.stdout
    );
    assert!(!again.stdout.contains("20300101"), "{}", again.stdout);
}

#[test]
fn json_output_for_apply_and_dry_run() {
    let tree = Tree::new();
    let mut args = WIDGET.to_vec();
    args.extend(["--dry-run", "--format", "json"]);
    let out = tree.run(&args).ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    assert_eq!(doc["command"], "scaffold");
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["ok"], true);
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), 26);
    let replicator = files
        .iter()
        .find(|f| f["path"] == "ee/app/replicators/geo/widget_replicator.rb")
        .expect("replicator");
    assert_eq!(replicator["status"], "create");
    assert!(
        replicator["diff"]
            .as_str()
            .expect("diff")
            .contains("+++ b/ee/app/replicators/geo/widget_replicator.rb")
    );

    let applied = tree
        .run(&[
            "widget",
            "--strategy",
            "blob",
            "--timestamp",
            TS,
            "--format",
            "json",
        ])
        .ok();
    let doc: serde_json::Value = serde_json::from_str(&applied.stdout).expect("JSON");
    assert_eq!(doc["dry_run"], false);
    assert!(
        doc["files"]
            .as_array()
            .expect("files")
            .iter()
            .all(|f| f.get("diff").is_none())
    );
}

#[test]
fn help_and_version() {
    let help = run(&["--help"]).ok();
    assert!(help.stdout.contains("--strategy"));
    assert!(help.stdout.contains("check"));
    run(&["--version"]).ok();
}

#[test]
fn flags_that_exclude_each_other() {
    let tree = Tree::new();
    let out = tree.run(&["widget", "--strategy", "blob", "--dry-run", "--force"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}

/// Runs in a pseudo-terminal (util-linux `script`), so stdout is a
/// terminal, with `env` set on a clean colour and pager environment
/// (TERM=xterm, PAGER=cat, no NO_COLOR, CLICOLOR*, CI).
fn in_terminal(tree: &Tree, args: &str, env: &[(&str, &str)]) -> String {
    let bin = env!("CARGO_BIN_EXE_geo-scaffold");
    let root = tree.path().to_str().expect("utf-8");
    let cmd = format!("{bin} {args} --root {root}");
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .env("TERM", "xterm")
        .env("PAGER", "cat")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c
        .output()
        .expect("`script` (util-linux) runs the tool in a terminal");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const DRY: &str = "widget --strategy blob --dry-run";
const COLOURED: &str = "\x1b[32m      create\x1b[0m  ee/app/replicators/geo/widget_replicator.rb";

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let tree = Tree::new();
    let tty = in_terminal(&tree, DRY, &[]);
    assert!(tty.contains(COLOURED), "{tty}");
    assert!(tty.contains("\x1b[32m+"), "diff lines are coloured: {tty}");
    for env in [&[("NO_COLOR", "1")][..], &[("TERM", "dumb")]] {
        let plain = in_terminal(&tree, DRY, env);
        assert!(!plain.contains('\x1b'), "{env:?}: {plain}");
        assert!(plain.contains("      create  ee/app/replicators/geo/widget_replicator.rb"));
    }
    let never = in_terminal(&tree, &format!("{DRY} --color never"), &[]);
    assert!(!never.contains('\x1b'), "{never}");
}

#[test]
fn colour_forced_into_a_pipe() {
    let tree = Tree::new();
    let mut args = WIDGET.to_vec();
    args.extend(["--dry-run", "--color", "always"]);
    let always = tree.run(&args).ok();
    assert!(always.stdout.contains(COLOURED), "{}", always.stdout);
    let forced = std::process::Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
        .args(WIDGET)
        .args(["--dry-run", "--root", tree.path().to_str().expect("utf-8")])
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&forced.stdout).contains(COLOURED));
    // Colour never changes the text itself.
    let plain = tree.run(&[WIDGET, &["--dry-run"]].concat()).ok();
    assert_eq!(
        anstream::adapter::strip_str(&always.stdout).to_string(),
        plain.stdout
    );
}

/// A long diff on a terminal goes through $PAGER; never in CI, never with
/// --no-pager, never in a pipe (every other test runs in one).
#[test]
fn pager_on_a_terminal_only() {
    let tree = Tree::new();
    let pager = [("PAGER", "sed s/^/paged:/")];
    let paged = in_terminal(&tree, DRY, &pager);
    assert!(
        paged.lines().any(|l| l.starts_with("paged:")
            && l.contains("diff --git a/ee/app/replicators/geo/widget_replicator.rb")),
        "{paged}"
    );
    assert!(
        paged.contains("\x1b[32m+"),
        "colours reach the pager: {paged}"
    );
    let ci = in_terminal(&tree, DRY, &[pager[0], ("CI", "true")]);
    assert!(!ci.contains("paged:"), "{ci}");
    let off = in_terminal(&tree, &format!("{DRY} --no-pager"), &pager);
    assert!(!off.contains("paged:"), "{off}");
    // Output without diffs is not paged.
    let short = in_terminal(&tree, &format!("{DRY} --stat"), &pager);
    assert!(!short.contains("paged:"), "{short}");
}

/// Issue 18: run from anywhere inside a checkout, the root is found above.
#[test]
fn root_is_found_from_a_subdirectory() {
    let tree = Tree::new();
    let sub = tree.file("ee/app/models");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
        .args(WIDGET)
        .current_dir(&sub)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        tree.file("ee/app/replicators/geo/widget_replicator.rb")
            .is_file()
    );
    assert!(
        !sub.join("ee/app/replicators").exists(),
        "nothing written below the cwd"
    );
    let root = tree.path().canonicalize().expect("canonical");
    assert!(
        stdout.contains(&format!("note: GitLab root: {}", root.display()))
            || stdout.contains(&format!("note: GitLab root: {}", tree.path().display())),
        "{stdout}"
    );
    // `check` from the subdirectory: its fix needs no --root there.
    std::fs::remove_file(tree.file("ee/app/finders/geo/widget_registry_finder.rb")).expect("rm");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
        .arg("check")
        .current_dir(&sub)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("to fix: run `geo-scaffold sync` and"),
        "{stdout}"
    );
}

/// `doctor` is a command like the others: it finds the root from a
/// subdirectory, takes `--color`, `-q` and `--format json` (errors too),
/// and a typo of it gets the hint.
#[test]
fn doctor_finds_the_root_and_takes_the_output_options() {
    let tree = Tree::new();
    let root = tree.path().canonicalize().expect("canonical");
    let in_sub = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
            .args(args)
            .current_dir(tree.file("ee/app/models"))
            .env_remove("NO_COLOR")
            .output()
            .expect("run")
    };
    let out = in_sub(&["doctor"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!("GitLab checkout: {}\n", root.display()))
            || stdout.contains(&format!("GitLab checkout: {}\n", tree.path().display())),
        "{stdout}"
    );
    let json = in_sub(&["doctor", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(doc["ok"], true, "{doc}");
    let found = std::path::PathBuf::from(doc["root"].as_str().expect("root"));
    assert_eq!(found.canonicalize().expect("canonical"), root);

    let plain = tree.run(&["doctor"]).ok().stdout;
    assert!(!plain.contains('\x1b'), "{plain}");
    let always = tree.run(&["doctor", "--color", "always"]).ok().stdout;
    assert!(always.contains("\x1b[32m        run\x1b[0m"), "{always}");
    assert_eq!(anstream::adapter::strip_str(&always).to_string(), plain);
    let quiet = tree.run(&["doctor", "-q"]).ok();
    assert_eq!(quiet.stdout, "a scaffold would work here\n");

    let outside = tempfile::tempdir().expect("tmp");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
        .args(["doctor", "--format", "json"])
        .current_dir(outside.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["ok"], false, "{doc}");
    assert!(
        doc["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("not inside a GitLab EE checkout")),
        "{doc}"
    );

    let typo = tree.run(&["docter"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `doctor`?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn outside_a_checkout_the_error_says_how_to_pass_root() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
        .args(WIDGET)
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let abs = dir.path().canonicalize().expect("canonical");
    assert!(
        err.starts_with("error: not inside a GitLab EE checkout"),
        "{err}"
    );
    assert!(err.contains("`--root`"), "{err}");
    assert!(
        err.contains(&abs.display().to_string()) || err.contains(&dir.path().display().to_string()),
        "the absolute path is named: {err}"
    );
    // A relative --root is shown absolute.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
        .args(WIDGET)
        .args(["--root", "no/such/dir"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}/no/such/dir", dir.path().display())),
        "{err}"
    );
}

#[test]
fn version_names_the_commit() {
    let v = run(&["--version"]).ok().stdout;
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let want = format!(
        "geo-scaffold {} ({})\n",
        env!("CARGO_PKG_VERSION"),
        commit.as_deref().unwrap_or("unknown")
    );
    assert_eq!(v, want);
}

#[test]
fn short_flags() {
    let tree = Tree::new();
    let before = tree.snapshot();
    let dry = tree.run(&[WIDGET, &["-n"]].concat()).ok();
    assert!(dry.stdout.contains("dry run: nothing was written"));
    assert_eq!(tree.snapshot(), before);
    // (Not the replicator: one that exists is a type wired by hand, refused.)
    tree.write(
        "ee/app/finders/geo/widget_registry_finder.rb",
        "# frozen_string_literal: true\n",
    );
    let skipped = tree.run(&[WIDGET, &["-s"]].concat()).ok();
    assert!(
        skipped
            .stdout
            .contains("        skip  ee/app/finders/geo/widget_registry_finder.rb"),
        "{}",
        skipped.stdout
    );
    tree.write(
        "ee/spec/replicators/geo/widget_replicator_spec.rb",
        "# frozen_string_literal: true\n",
    );
    let forced = tree.run(&[WIDGET, &["-f"]].concat()).ok();
    assert!(!forced.stdout.contains("conflict"), "{}", forced.stdout);
    let removed = tree.run(&["remove", "widget", "-n"]).ok();
    assert!(removed.stdout.contains("dry run: nothing was written"));
}

/// The JSON counts are the summary's numbers, per status.
#[test]
fn json_counts_match_the_summary() {
    let tree = Tree::new();
    let out = tree.run(&[WIDGET, &["--format", "json"]].concat()).ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["counts"]["created"], 15);
    assert_eq!(doc["counts"]["updated"], 11);
    assert_eq!(doc["counts"]["identical"], 0);
    assert_eq!(doc["summary"], "widget (blob): 15 created, 11 updated");
    let again = tree.run(&["sync", "--format", "json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&again.stdout).expect("JSON");
    assert_eq!(doc["counts"]["identical"], 26);
    assert_eq!(doc["counts"]["created"], 0);
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]).ok().stdout;
        assert!(out.contains("geo-scaffold"), "{shell}");
        for word in ["check", "sync", "remove", "list", "strategy", "dry-run"] {
            assert!(out.contains(word), "{shell} completes {word}");
        }
    }
    // Bash loads the script and completes the subcommands and strategies.
    let script = run(&["completions", "bash"]).ok().stdout;
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("geo-scaffold.bash");
    std::fs::write(&file, script).expect("write");
    // The completion function is whatever `complete -p` says it is.
    let probe = format!(
        "source {}; f=$(complete -p geo-scaffold | sed 's/.*-F \\([^ ]*\\).*/\\1/'); \
         COMP_WORDS=(geo-scaffold ch); COMP_CWORD=1; $f geo-scaffold ch geo-scaffold; echo \"${{COMPREPLY[@]}}\"; \
         COMP_WORDS=(geo-scaffold widget --strategy ''); COMP_CWORD=3; $f geo-scaffold '' --strategy; echo \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("bash");
    let replies = String::from_utf8_lossy(&out.stdout);
    assert!(
        replies.lines().next().is_some_and(|l| l.contains("check")),
        "{replies}"
    );
    assert!(replies.contains("blob repository"), "{replies}");

    let man = run(&["man"]).ok().stdout;
    assert!(man.contains(".TH geo-scaffold 1"), "{man}");
    for word in [
        "check",
        "sync",
        "remove",
        "list",
        "completions",
        "\\-\\-strategy",
    ] {
        assert!(man.contains(word), "the man page documents {word}");
    }
}
