//! Helpers: a temp copy of the fixture, running the binary, snapshots of a
//! tree's bytes, and golden-file comparison (`GOLDEN=overwrite` regenerates).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TS: &str = "20260101000000";

/// Scaffold the fixture's blob model `Widget`.
pub const WIDGET: &[&str] = &["widget", "--strategy", "blob", "--timestamp", TS];

/// A temp copy of the fixture tree (never write into `fixtures/`).
pub struct Tree {
    pub dir: tempfile::TempDir,
}

impl Tree {
    pub fn new() -> Tree {
        Tree::of("gitlab")
    }

    /// A temp copy of `fixtures/<name>` (one fixture per GitLab generation).
    pub fn of(name: &str) -> Tree {
        let dir = tempfile::tempdir().expect("temp dir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        copy_dir(&from, dir.path());
        Tree { dir }
    }

    /// A copy of `from` (a prepared tree) in a new temp dir under `parent`.
    pub fn copy_of(from: &Path, parent: &Path) -> std::io::Result<Tree> {
        let dir = tempfile::tempdir_in(parent)?;
        for entry in walkdir::WalkDir::new(from).min_depth(1) {
            let entry = entry?;
            let target = dir
                .path()
                .join(entry.path().strip_prefix(from).expect("prefix"));
            if entry.file_type().is_dir() {
                fs::create_dir(&target)?;
            } else {
                fs::copy(entry.path(), &target)?;
            }
        }
        Ok(Tree { dir })
    }

    /// Runs geo-scaffold with these environment variables (test hooks).
    pub fn run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let out = self.command(env, args).output().expect("run geo-scaffold");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The command line for geo-scaffold on this tree, not started.
    pub fn command(&self, env: &[(&str, &str)], args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_geo-scaffold"));
        cmd.args(args)
            .arg("--root")
            .arg(self.path())
            .env_remove("NO_COLOR")
            .envs(env.iter().copied());
        cmd
    }

    /// Every path in the tree (see [`layout`]).
    pub fn layout(&self) -> Vec<String> {
        layout(self.path())
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.file(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
    }

    /// Runs geo-scaffold with `--root` set to this tree.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.path().to_str().expect("utf-8 temp path").to_string();
        all.push("--root");
        all.push(&root);
        run(&all)
    }

    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(self.path())
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file's bytes, by relative path.
pub fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Every path under `root`: directories end in `/`, symlinks show their
/// target. Two equal layouts have no stray file, directory or link.
pub fn layout(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("prefix").display();
            if e.path_is_symlink() {
                let to = fs::read_link(e.path()).expect("readlink");
                format!("{rel} -> {}", to.display())
            } else if e.file_type().is_dir() {
                format!("{rel}/")
            } else {
                rel.to_string()
            }
        })
        .collect()
}

/// The paths whose bytes differ between two snapshots (added, changed, removed).
pub fn changed(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut out: Vec<String> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect();
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    out.sort();
    out
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_geo-scaffold"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run geo-scaffold");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(self.stderr.is_empty(), "stderr: {}", self.stderr);
        self
    }

    /// Asserts exit 2 and a one-line error; returns the line.
    #[track_caller]
    pub fn fails(self) -> String {
        assert_eq!(
            self.code, 2,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        let line = self.stderr.trim_end();
        assert_eq!(line.lines().count(), 1, "one-line error, got:\n{line}");
        assert!(line.starts_with("error: "), "{line}");
        line.to_string()
    }
}

/// `ruby -c` on a file; tests need Debian's `ruby` (`.ci/run` installs it).
#[track_caller]
pub fn ruby_c(path: &Path) {
    let out = Command::new("ruby")
        .arg("-c")
        .arg(path)
        .output()
        .expect("`ruby` not found: install it (apt-get install -y ruby); .ci/run does");
    assert!(
        out.status.success(),
        "ruby -c {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Compares every changed file of `tree` with `tests/golden/<case>/`.
/// `GOLDEN=overwrite` rewrites the goldens instead (then read the diff).
#[track_caller]
pub fn assert_golden(case: &str, tree: &Tree, changed: &[String]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(case);
    let overwrite = std::env::var("GOLDEN").as_deref() == Ok("overwrite");
    if overwrite {
        let _ = fs::remove_dir_all(&dir);
    }
    for rel in changed {
        let got = fs::read_to_string(tree.file(rel)).unwrap_or_else(|_| "<removed>\n".into());
        let golden = dir.join(rel);
        if overwrite {
            fs::create_dir_all(golden.parent().expect("parent")).expect("mkdir");
            fs::write(&golden, &got).expect("write golden");
            continue;
        }
        let want = fs::read_to_string(&golden).unwrap_or_else(|_| {
            panic!(
                "no golden {}: run `GOLDEN=overwrite cargo test` and read the diff",
                golden.display()
            )
        });
        if want != got {
            let diff = similar::TextDiff::from_lines(&want, &got)
                .unified_diff()
                .header("golden", "got")
                .to_string();
            panic!("{case}/{rel} differs from its golden (GOLDEN=overwrite regenerates):\n{diff}");
        }
    }
    let goldens: Vec<String> = snapshot(&dir).into_keys().collect();
    assert_eq!(
        goldens, changed,
        "{case}: the set of changed files differs from the goldens"
    );
}

/// The `(verb, path)` status lines of a text report.
pub fn status_lines(stdout: &str) -> Vec<(&str, &str)> {
    const VERBS: &[&str] = &[
        "create",
        "update",
        "identical",
        "remove",
        "modified",
        "conflict",
        "skip",
        "missing",
        "unrecorded",
    ];
    stdout
        .lines()
        .filter_map(|l| {
            let (verb, path) = l.trim_start().split_once("  ")?;
            (l.len() > 12 && l.starts_with(' ') && VERBS.contains(&verb))
                .then_some((verb, path.trim()))
        })
        .collect()
}
