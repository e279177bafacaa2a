//! All-or-nothing apply, conflicts, remove, no writes outside the root, and
//! the lock against concurrent runs.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::common::{Run, TS, Tree, ruby_c, snapshot};

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

/// Where the tests that run geo-scaffold hundreds of times put their trees:
/// a tmpfs when there is one, since they test what happens, not the disk,
/// and every run flushes its writes (fsync) many times.
fn scratch() -> std::path::PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Runs with a failure injected after `n` file operations.
fn run_failing_after(tree: &Tree, n: usize, env: &[(&str, &str)], args: &[&str]) -> Run {
    let n = n.to_string();
    let mut all = vec![("GEO_SCAFFOLD_TEST_FAIL_AFTER", n.as_str())];
    all.extend_from_slice(env);
    tree.run_env(&all, args)
}

#[test]
fn a_failure_at_any_write_point_leaves_the_tree_unchanged() {
    // Fresh scaffold (creates directories and files), then a second type on
    // top (updates files and the manifest), then a removal: every operation
    // is a fault point. The second pass keeps originals aside by copying, as
    // on a file system without hard links.
    let no_links = [("GEO_SCAFFOLD_TEST_NO_HARDLINKS", "1")];
    let remove = ["remove", "widget"];
    let cases = [
        (None, WIDGET, &[][..]),
        (Some(WIDGET), TERRAFORM, &[]),
        (Some(WIDGET), TERRAFORM, &no_links),
        (Some(WIDGET), &remove, &[]),
    ];
    for (setup, args, env) in cases {
        let base = Tree::new();
        if let Some(s) = setup {
            base.run(s).ok();
        }
        let mut points = 0;
        for n in 0.. {
            let tree = Tree::copy_of(base.path(), &scratch()).expect("copy");
            let (before, layout) = (tree.snapshot(), tree.layout());
            let out = run_failing_after(&tree, n, env, args);
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
            assert_eq!(tree.layout(), layout, "fault after {n}: stray files");
            assert!(n < 300, "runaway");
        }
        // Journal, directories, temp files, kept originals and renames.
        assert!(
            points > 26,
            "{args:?}: only {points} fault points exercised"
        );
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
fn ctrl_c_during_the_write_rolls_back() {
    for n in [0, 5, 20, 40] {
        let tree = Tree::new();
        let before = tree.snapshot();
        let out = tree.run_env(
            &[("GEO_SCAFFOLD_TEST_SIGINT_AFTER", &n.to_string())],
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
    let out = tree.run_env(&[("GEO_SCAFFOLD_TEST_EDIT", status)], WIDGET);
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

// Issue 13, class 1: no write through a link.

#[test]
fn a_symlinked_directory_inside_the_root_is_refused_too() {
    let tree = Tree::new();
    // A link that stays inside the root still redirects the write.
    fs::create_dir_all(tree.file("app/elsewhere")).expect("mkdir");
    std::os::unix::fs::symlink("../../app/elsewhere", tree.file("ee/app/finders")).expect("ln");
    let (before, shape) = (tree.snapshot(), tree.layout());
    for args in [WIDGET, &[WIDGET, &["--dry-run"]].concat()[..]] {
        let line = tree.run(args).fails();
        assert!(
            line.contains("ee/app/finders/geo/widget_registry_finder.rb")
                && line.contains("`ee/app/finders` is a symlink")
                && line.contains("replace it with a real directory"),
            "{line}"
        );
    }
    assert_eq!(tree.snapshot(), before);
    assert_eq!(tree.layout(), shape);
}

#[test]
fn a_symlinked_shared_file_or_manifest_is_refused_with_what_to_do() {
    let tree = Tree::new();
    let status = "ee/app/models/geo_node_status.rb";
    fs::rename(tree.file(status), tree.file("ee/app/models/status_real.rb")).expect("mv");
    std::os::unix::fs::symlink("status_real.rb", tree.file(status)).expect("ln");
    let (before, shape) = (tree.snapshot(), tree.layout());
    for args in [WIDGET, &[WIDGET, &["--dry-run"]].concat()[..]] {
        let line = tree.run(args).fails();
        assert!(
            line.contains(&format!("{status}: is a symlink (to `status_real.rb`)"))
                && line.contains("cp --remove-destination"),
            "{line}"
        );
    }
    assert_eq!(tree.snapshot(), before, "the link's target is untouched");
    assert_eq!(tree.layout(), shape, "the link is still a link");

    // The manifest: a link inside the root, and a dangling one out of it.
    let tree = Tree::new();
    tree.run(WIDGET).ok();
    fs::rename(
        tree.file("geo-scaffold.toml"),
        tree.file("doc/manifest.toml"),
    )
    .expect("mv");
    std::os::unix::fs::symlink("doc/manifest.toml", tree.file("geo-scaffold.toml")).expect("ln");
    let before = tree.snapshot();
    let line = tree.run(TERRAFORM).fails();
    assert!(line.contains("geo-scaffold.toml: is a symlink"), "{line}");
    assert_eq!(tree.snapshot(), before);

    let tree = Tree::new();
    let outside = tempfile::tempdir().expect("tmp");
    std::os::unix::fs::symlink(
        outside.path().join("m.toml"),
        tree.file("geo-scaffold.toml"),
    )
    .expect("ln");
    let line = tree.run(WIDGET).fails();
    assert!(
        line.contains("geo-scaffold.toml: resolves outside the root"),
        "{line}"
    );
    assert!(
        snapshot(outside.path()).is_empty(),
        "wrote outside the root"
    );
}

#[test]
fn links_planted_at_temp_lock_and_journal_paths_are_never_followed() {
    // The temp names of earlier versions were fixed (`.<name>.geo-scaffold-tmp`):
    // links planted there (a checkout can carry them) must not be written
    // through. Today's names are random and created with O_EXCL.
    let tree = Tree::new();
    let outside = tempfile::tempdir().expect("tmp");
    let dry = tree.run(&[WIDGET, &["--dry-run", "--format", "json"]].concat());
    let doc: serde_json::Value = serde_json::from_str(&dry.stdout).expect("json");
    let mut planted = 0;
    for f in doc["files"].as_array().expect("files") {
        let path = Path::new(f["path"].as_str().expect("path"));
        let name = path.file_name().expect("name").to_string_lossy();
        let dir = tree.file(&path.parent().expect("dir").to_string_lossy());
        fs::create_dir_all(&dir).expect("mkdir");
        let target = outside.path().join(format!("{name}.victim"));
        std::os::unix::fs::symlink(&target, dir.join(format!(".{name}.geo-scaffold-tmp")))
            .expect("ln");
        planted += 1;
    }
    assert!(planted > 20);
    tree.run(WIDGET).ok();
    assert!(snapshot(outside.path()).is_empty(), "wrote through a link");
    tree.run(&["check"]).ok();

    // The lock and the journal.
    for name in [".geo-scaffold.lock", ".geo-scaffold.journal"] {
        let tree = Tree::new();
        let victim = outside.path().join(name);
        std::os::unix::fs::symlink(&victim, tree.file(name)).expect("ln");
        let before = tree.snapshot();
        for args in [WIDGET, &["check"][..]] {
            let line = tree.run(args).fails();
            assert!(
                line.contains(&format!("`{name}` in the root")) && line.contains("remove it"),
                "{line}"
            );
        }
        assert_eq!(tree.snapshot(), before);
        assert!(!victim.exists(), "{name}: created through the link");
    }
}

// Class 2: a real lock.

fn spawn(tree: &Tree, env: &[(&str, &str)], args: &[&str]) -> Child {
    tree.command(env, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn geo-scaffold")
}

fn wait(child: Child) -> Run {
    let out = child.wait_with_output().expect("wait");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const BUSY: &str = "another geo-scaffold run is working on this tree";

#[test]
fn two_writers_started_together_never_interleave() {
    // 50 pairs that surely overlap (the winner holds the lock 500 ms): one
    // succeeds, the other exits 2 and changes nothing; then 20 pairs at
    // full speed, which may also run one after the other. Either way the
    // tree passes `check` afterwards.
    let workers: Vec<_> = (0..5)
        .map(|w| {
            std::thread::spawn(move || {
                for i in 0..14 {
                    let tree = Tree::new();
                    let hold: &[(&str, &str)] = if i < 10 {
                        &[("GEO_SCAFFOLD_TEST_HOLD_MS", "500")]
                    } else {
                        &[]
                    };
                    let a = spawn(&tree, hold, WIDGET);
                    let b = spawn(&tree, hold, TERRAFORM);
                    let (a, b) = (wait(a), wait(b));
                    let mut codes = [a.code, b.code];
                    codes.sort();
                    let what = format!("pair {w}.{i}: {}\n{}", a.stderr, b.stderr);
                    if i < 10 {
                        assert_eq!(codes, [0, 2], "{what}");
                        let loser = if a.code == 2 { &a } else { &b };
                        assert!(loser.stderr.contains(BUSY), "{what}");
                    } else {
                        assert!(codes == [0, 0] || codes == [0, 2], "{what}");
                    }
                    tree.run(&["check"]).ok();
                    assert!(!tree.file(".geo-scaffold.lock").exists());
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
}

#[test]
fn a_check_never_reads_a_tree_being_written_and_checks_share() {
    let tree = Tree::new();
    let writer = spawn(&tree, &[("GEO_SCAFFOLD_TEST_HOLD_MS", "1500")], WIDGET);
    let started = Instant::now();
    while !tree.file(".geo-scaffold.lock").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the writer never locked"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    for args in [&["check"][..], &[WIDGET, &["--dry-run"]].concat()] {
        let line = tree.run(args).fails();
        assert!(line.contains(BUSY), "{line}");
    }
    wait(writer).ok();

    // Readers share the lock.
    let hold = [("GEO_SCAFFOLD_TEST_HOLD_MS", "500")];
    let checks: Vec<Child> = (0..3).map(|_| spawn(&tree, &hold, &["check"])).collect();
    for c in checks {
        wait(c).ok();
    }
    // A lock file left behind (a crash, an old version's pid) means nothing
    // by itself: only the kernel's lock on it does.
    tree.write(".geo-scaffold.lock", "4194999");
    tree.run(&["check"]).ok();
    tree.write(".geo-scaffold.lock", &std::process::id().to_string());
    tree.run(TERRAFORM).ok();
    assert!(
        !tree.file(".geo-scaffold.lock").exists(),
        "released and removed"
    );
}

// Classes 3 and 4: rollback that cannot destroy, recovery after a crash.

/// A small tmpfs, mounted for one test and always unmounted.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(options: &str) -> Option<Tmpfs> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return None;
        }
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "geo-scaffold-test"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Takes every free page (`inodes`: every free inode) of the tmpfs but `free`.
fn fill(fs_root: &Path, free: usize, inodes: bool) -> std::path::PathBuf {
    let filler = fs_root.join("filler");
    if inodes {
        fs::create_dir(&filler).expect("mkdir filler");
        let mut n = 0;
        while fs::File::create(filler.join(n.to_string())).is_ok() {
            n += 1;
        }
        for i in 0..free.min(n) {
            fs::remove_file(filler.join(i.to_string())).expect("free an inode");
        }
    } else {
        let mut f = fs::File::create(&filler).expect("filler");
        let page = [0u8; 4096];
        let mut len = 0u64;
        while f.write_all(&page).is_ok() {
            len += 4096;
        }
        f.set_len(len.saturating_sub(4096 * free as u64))
            .expect("free pages");
    }
    filler
}

#[test]
fn a_full_disk_at_every_write_point_leaves_the_tree_byte_identical() {
    let Some(tmpfs) = Tmpfs::mount("size=2m,nr_inodes=1000,mode=755") else {
        println!(
            "skipped a_full_disk_at_every_write_point_leaves_the_tree_byte_identical: mounting a tmpfs needs root (or this container forbids it)"
        );
        return;
    };
    let widget_done = Tree::new();
    widget_done.run(WIDGET).ok();
    let fresh = Tree::new();
    for (base, args, inodes) in [
        (&fresh, WIDGET, false),
        (&fresh, WIDGET, true),
        (&widget_done, TERRAFORM, false),
        (&widget_done, TERRAFORM, true),
    ] {
        let mut points = 0;
        for free in 0.. {
            let tree = Tree::copy_of(base.path(), tmpfs.path()).expect("copy onto the tmpfs");
            let (before, shape) = (tree.snapshot(), tree.layout());
            let filler = fill(tmpfs.path(), free, inodes);
            let out = tree.run_env(&[], args);
            if inodes {
                fs::remove_dir_all(&filler).expect("rm filler");
            } else {
                fs::remove_file(&filler).expect("rm filler");
            }
            if out.code == 0 {
                points = free;
                break;
            }
            let line = out.stderr.trim_end();
            assert_eq!(out.code, 2, "{free} free: {line}");
            assert!(
                line.contains("nothing was written")
                    && (line.contains("No space left") || line.contains("os error 28")),
                "{free} free: {line}"
            );
            assert_eq!(tree.snapshot(), before, "{free} free: the tree changed");
            assert_eq!(tree.layout(), shape, "{free} free: stray files");
            assert!(free < 500, "runaway");
        }
        let unit = if inodes { "inodes" } else { "pages" };
        println!("{args:?}: the disk filled at {points} points ({unit} free before success)");
        assert!(points > 5, "only {points} {unit}");
    }
}

/// Crashes the run (abort, as `kill -9` or a power cut would stop it) before
/// each of its file operations in turn, then runs another command, which
/// must find the journal, say so, and leave the tree as it was before the
/// run or as the run would have left it.
fn crash_everywhere(setup: &[&[&str]], args: &[&str], next: &[&[&str]]) -> usize {
    let base = Tree::new();
    for s in setup {
        base.run(s).ok();
    }
    let before = (base.snapshot(), base.layout());
    let done = Tree::copy_of(base.path(), &scratch()).expect("copy");
    done.run(args).ok();
    let after = (done.snapshot(), done.layout());
    for n in 0.. {
        let tree = Tree::copy_of(base.path(), &scratch()).expect("copy");
        let out = tree.run_env(&[("GEO_SCAFFOLD_TEST_ABORT_AFTER", &n.to_string())], args);
        if out.code == 0 {
            return n;
        }
        assert_eq!(out.code, -1, "crash {n}: killed by SIGABRT: {}", out.stderr);
        let journal = tree.file(".geo-scaffold.journal").exists();
        let cmd = next[n % next.len()];
        let out = tree.run(cmd).ok();
        if journal {
            assert!(
                out.stdout.contains("interrupted geo-scaffold run"),
                "crash {n}, then {cmd:?}: no word of the recovery:\n{}",
                out.stdout
            );
        }
        let now = (tree.snapshot(), tree.layout());
        if cmd == args {
            assert!(
                now == after,
                "crash {n}, then the same command: not its result"
            );
        } else {
            assert!(
                now == before || now == after,
                "crash {n}, then {cmd:?}: neither before nor after: {:?} / {:?}",
                super::common::changed(&before.0, &now.0),
                super::common::changed(&after.0, &now.0)
            );
            if now == before && journal {
                assert!(
                    out.stdout.contains("rolled back")
                        || out.stdout.contains("nothing had changed")
                );
            }
        }
        tree.run(&["check"]).ok();
        assert!(n < 400, "runaway");
    }
    unreachable!()
}

#[test]
fn a_crash_at_any_point_is_recovered_by_the_next_command() {
    let dry = [WIDGET, &["--dry-run"]].concat();
    let points = crash_everywhere(&[], WIDGET, &[&["check"], &dry, &["doctor"], WIDGET]);
    println!("scaffold: crashed at {points} points, each recovered");
    assert!(points > 60, "scaffold: only {points} crash points");
    let remove = &["remove", "widget"][..];
    let next: [&[&str]; 3] = [&["sync", "--dry-run"], &["check"], &["sync"]];
    let points = crash_everywhere(&[WIDGET], remove, &next);
    println!("remove: crashed at {points} points, each recovered");
    assert!(points > 30, "remove: only {points} crash points");
}

// Class 5: each file keeps its own bytes.

/// Leading two-space groups to tabs.
fn tabbed(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            let rest = l.trim_start_matches(' ');
            let n = l.len() - rest.len();
            format!("{}{}{rest}", "\t".repeat(n / 2), " ".repeat(n % 2))
        })
        .collect()
}

fn untabbed(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            let rest = l.trim_start_matches('\t');
            format!("{}{rest}", "  ".repeat(l.len() - rest.len()))
        })
        .collect()
}

#[track_caller]
fn all_crlf(rel: &str, text: &str) {
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "{rel}: a line without CR"
    );
}

#[test]
fn each_file_keeps_its_line_endings_bom_tabs_and_final_newline() {
    let plain = Tree::new();
    plain.run(WIDGET).ok();
    let tree = Tree::new();
    let status = "ee/app/models/geo_node_status.rb";
    let spec = "ee/spec/models/geo_node_status_spec.rb";
    let geo = "ee/lib/gitlab/geo.rb";
    let metrics = "doc/administration/monitoring/prometheus/gitlab_metrics.md";
    tree.write(status, &tabbed(&tree.read(status)));
    tree.write(
        spec,
        &format!("\u{feff}{}", tree.read(spec).replace('\n', "\r\n")),
    );
    tree.write(geo, &tree.read(geo).replace('\n', "\r\n"));
    tree.write(metrics, tree.read(metrics).trim_end_matches('\n'));
    let originals = tree.snapshot();

    let out = tree.run(WIDGET).ok();
    assert!(
        out.stdout.contains(&format!("update  {status}")),
        "{}",
        out.stdout
    );
    let got = tree.read(status);
    assert_eq!(
        untabbed(&got),
        plain.read(status),
        "{status}: not the same change"
    );
    assert!(
        !got.lines().any(|l| l.starts_with(' ')),
        "{status}: a space indent"
    );
    let got = tree.read(spec);
    assert!(got.starts_with('\u{feff}'), "{spec}: BOM lost");
    all_crlf(spec, &got);
    assert_eq!(got[3..].replace("\r\n", "\n"), plain.read(spec));
    let got = tree.read(geo);
    all_crlf(geo, &got);
    assert_eq!(got.replace("\r\n", "\n"), plain.read(geo));
    let got = tree.read(metrics);
    assert!(!got.ends_with('\n'), "{metrics}: a final newline appeared");
    assert_eq!(format!("{got}\n"), plain.read(metrics));
    for rel in [status, spec, geo] {
        ruby_c(&tree.file(rel));
    }
    tree.run(&["check"]).ok();
    tree.run(&["remove", "widget"]).ok();
    assert!(
        super::common::changed(&originals, &tree.snapshot()).is_empty(),
        "remove did not restore every byte"
    );

    // The manifest keeps CRLF across a second scaffold and a sync.
    tree.run(WIDGET).ok();
    let manifest = "geo-scaffold.toml";
    tree.write(manifest, &tree.read(manifest).replace('\n', "\r\n"));
    tree.run(TERRAFORM).ok();
    all_crlf(manifest, &tree.read(manifest));
    fs::remove_file(tree.file("ee/app/replicators/geo/widget_replicator.rb")).expect("rm");
    tree.run(&["sync"]).ok();
    all_crlf(manifest, &tree.read(manifest));
    tree.run(&["check"]).ok();
}

// Class 6: test hooks are not in the product.

#[test]
fn a_release_build_ignores_the_test_hooks() {
    let started = Instant::now();
    let build = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "--bin",
            "geo-scaffold",
        ])
        .args(["--message-format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo build --release");
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    println!(
        "cargo build --release: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let bin = String::from_utf8_lossy(&build.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find_map(|m| m["executable"].as_str().map(str::to_string))
        .expect("the release binary's path");
    let bytes = fs::read(&bin).expect("read the release binary");
    let name = b"GEO_SCAFFOLD_TEST_";
    assert!(
        !bytes.windows(name.len()).any(|w| w == name),
        "a hook's variable name is in the release binary"
    );

    let tree = Tree::new();
    let status = "ee/app/models/geo_node_status.rb";
    let hooks = [
        ("GEO_SCAFFOLD_TEST_FAIL_AFTER", "0"),
        ("GEO_SCAFFOLD_TEST_ABORT_AFTER", "0"),
        ("GEO_SCAFFOLD_TEST_SIGINT_AFTER", "0"),
        ("GEO_SCAFFOLD_TEST_EDIT", status),
        ("GEO_SCAFFOLD_TEST_HOLD_MS", "60000"),
        ("GEO_SCAFFOLD_TEST_NO_HARDLINKS", "1"),
    ];
    let started = Instant::now();
    let out = Command::new(&bin)
        .args(WIDGET)
        .arg("--root")
        .arg(tree.path())
        .envs(hooks)
        .output()
        .expect("run the release binary");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "it held the lock"
    );
    assert!(!tree.read(status).contains("# edited meanwhile"));
    assert!(
        tree.file("ee/app/replicators/geo/widget_replicator.rb")
            .exists()
    );
    tree.run(&["check"]).ok();
}

// Class 7: truthful ends.

#[test]
fn a_report_that_cannot_be_printed_says_whether_the_changes_were_written() {
    let tree = Tree::new();
    let full = || fs::File::create("/dev/full").expect("/dev/full");
    let out = tree
        .command(&[], WIDGET)
        .stdout(full())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot print the report")
            && err.contains("the changes were written (widget (blob): 15 created, 11 updated)"),
        "{err}"
    );
    tree.run(&["check"]).ok();

    // A reader that went away: not an error, but the changes are named.
    let mut child = tree
        .command(&[], TERRAFORM)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = wait(child);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("the changes were written"),
        "{}",
        out.stderr
    );
    tree.run(&["check"]).ok();

    // Nothing written: it says that instead.
    let out = tree
        .command(&[], &["check"])
        .stdout(full())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
}

#[test]
fn a_check_works_on_a_read_only_tree() {
    let Some(tmpfs) = Tmpfs::mount("size=4m,mode=755") else {
        println!("skipped a_check_works_on_a_read_only_tree: mounting a tmpfs needs root");
        return;
    };
    let base = Tree::new();
    base.run(WIDGET).ok();
    let tree = Tree::copy_of(base.path(), tmpfs.path()).expect("copy");
    let remount = |how: &str| {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(tmpfs.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {how}");
    };
    remount("ro");
    let out = tree.run(&["check"]).ok();
    assert!(out.stdout.contains("check passed"), "{}", out.stdout);
    tree.run(&[TERRAFORM, &["--dry-run"]].concat()).ok();
    let line = tree.run(TERRAFORM).fails();
    assert!(line.contains("cannot create the lock file"), "{line}");
    remount("rw");
}

#[test]
fn recovery_never_follows_a_link_planted_after_the_crash() {
    let finder = "ee/app/finders/geo/widget_registry_finder.rb";
    // The first crash point after which the new finder is in place.
    let base = Tree::new();
    // (Before 30 there are only the journal, directories and temp files.)
    let tree = (30..200)
        .map(|n| {
            let tree = Tree::copy_of(base.path(), &scratch()).expect("copy");
            let n = n.to_string();
            tree.run_env(&[("GEO_SCAFFOLD_TEST_ABORT_AFTER", &n)], WIDGET);
            tree
        })
        .find(|t| t.file(finder).exists())
        .expect("a crash point after the finder's rename");
    assert!(tree.file(".geo-scaffold.journal").exists());
    let outside = tempfile::tempdir_in(scratch()).expect("tmp");
    let moved = outside.path().join("finders");
    fs::rename(tree.file("ee/app/finders"), &moved).expect("mv");
    std::os::unix::fs::symlink(&moved, tree.file("ee/app/finders")).expect("ln");
    let out = tree.run(&["check"]);
    assert!(
        out.stdout
            .contains("rolled back an interrupted geo-scaffold run")
            && out.stdout.contains("left alone")
            && out.stdout.contains(finder),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert!(
        moved.join("geo/widget_registry_finder.rb").exists(),
        "removed through the link"
    );
}
