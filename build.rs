//! Records the git commit the binary is built from, for `--version`.
//!
//! `GEO_SCAFFOLD_COMMIT` is `git rev-parse --short HEAD` when the source is
//! a git checkout and `git` runs, else "unknown": a build from a tarball or
//! without git must never fail because of this.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=GEO_SCAFFOLD_COMMIT");
    let commit = std::env::var("GEO_SCAFFOLD_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| {
            git(&["rev-parse", "--short", "HEAD"])
                .filter(|c| c.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .unwrap_or_else(|| "unknown".to_string());
    // Rebuild when HEAD moves: HEAD itself (a branch switch) and the branch's
    // ref (a commit), which live in the common git directory in a worktree.
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        println!(
            "cargo:rerun-if-changed={}",
            PathBuf::from(dir).join("HEAD").display()
        );
    }
    if let (Some(common), Some(head_ref)) = (
        git(&["rev-parse", "--git-common-dir"]),
        git(&["symbolic-ref", "-q", "HEAD"]),
    ) {
        let common = PathBuf::from(common);
        for p in [common.join(&head_ref), common.join("packed-refs")] {
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }
    println!("cargo:rustc-env=GEO_SCAFFOLD_COMMIT={commit}");
}
