//! The GitLab checkout (`Checkout`): its root, reading files (and only the files needed),
//! finding a model's files and existing migrations.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use heck::ToSnakeCase;

/// A file that marks the root of a GitLab EE checkout.
pub const MARKER: &str = "ee/lib/gitlab/geo.rb";

/// A GitLab EE checkout.
#[derive(Debug)]
pub struct Checkout {
    pub root: PathBuf,
    /// Pending contents that reads see instead of the disk (`None`: deleted),
    /// so several plans can be built one on top of the other.
    overlay: RefCell<HashMap<String, Option<String>>>,
    /// Directory listings read so far (migration directories are large).
    listings: RefCell<HashMap<String, Vec<String>>>,
    /// Files read whose text was normalised (CRLF, BOM, tabs, no final
    /// newline), as they are on disk: see `style.rs`.
    originals: RefCell<HashMap<String, String>>,
    /// Files read so far, as `read` returned them: `check` builds one plan
    /// per recorded type over the same shared files. Cleared after a write.
    reads: RefCell<HashMap<String, Option<String>>>,
}

/// Where a model lives and which file gets its Geo lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFiles {
    /// The file defining the class (`app/models/terraform/state.rb`).
    pub class_path: String,
    /// The file the replicator lines go into: the class itself when it lives
    /// under `ee/`, else its EE prepend module (which may not exist yet).
    pub link_path: String,
}

/// The root of the GitLab checkout that holds `start`: the nearest of
/// `start` and its parents with [`MARKER`], as git finds `.git`.
pub fn discover(start: &Path) -> Result<PathBuf> {
    let start = std::path::absolute(start)
        .map_err(|e| anyhow!("cannot resolve `{}`: {e}", start.display()))?;
    match start.ancestors().find(|dir| dir.join(MARKER).is_file()) {
        Some(root) => Ok(root.to_path_buf()),
        None => bail!(
            "not inside a GitLab EE checkout: no `{MARKER}` in `{}` or any directory above it; run geo-scaffold inside a checkout or pass `--root` with its path",
            start.display()
        ),
    }
}

impl Checkout {
    /// Opens `root`, checking it is a GitLab EE checkout. Messages show the
    /// root as an absolute path.
    pub fn open(root: &Path) -> Result<Checkout> {
        let root = &std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        match fs::metadata(root) {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                bail!(
                    "root `{}` does not exist: pass `--root` with the path of a GitLab checkout",
                    root.display()
                )
            }
            Err(e) => bail!(
                "cannot read root `{}` ({e}): check its permissions",
                root.display()
            ),
            Ok(m) if !m.is_dir() => {
                bail!(
                    "root `{}` is not a directory: pass `--root` with the path of a GitLab checkout",
                    root.display()
                )
            }
            Ok(_) => {}
        }
        if let Err(e) = fs::read_dir(root) {
            bail!(
                "cannot read root `{}` ({e}): check its permissions",
                root.display()
            );
        }
        if !root.join(MARKER).is_file() {
            bail!(
                "`{}` is not a GitLab EE tree: `{MARKER}` not found; pass `--root` with the root of a GitLab checkout (or leave it out to find the root above the current directory)",
                root.display()
            );
        }
        let root = root
            .canonicalize()
            .map_err(|e| anyhow!("cannot resolve root `{}`: {e}", root.display()))?;
        Ok(Checkout {
            root,
            overlay: RefCell::default(),
            listings: RefCell::default(),
            originals: RefCell::default(),
            reads: RefCell::default(),
        })
    }

    /// Makes later reads of `rel` see `content`.
    pub fn stage(&self, rel: &str, content: Option<String>) {
        self.overlay.borrow_mut().insert(rel.to_string(), content);
    }

    /// The absolute path of a tree-relative path.
    pub fn abs(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads a tree-relative file; `None` when it does not exist.
    pub fn read(&self, rel: &str) -> Result<Option<String>> {
        if let Some(staged) = self.overlay.borrow().get(rel) {
            return Ok(staged.clone());
        }
        if let Some(seen) = self.reads.borrow().get(rel) {
            return Ok(seen.clone());
        }
        let text = self.read_disk(rel)?;
        self.reads
            .borrow_mut()
            .insert(rel.to_string(), text.clone());
        Ok(text)
    }

    /// Forgets what was read: the files on disk have changed.
    pub fn forget_reads(&self) {
        self.reads.borrow_mut().clear();
    }

    fn read_disk(&self, rel: &str) -> Result<Option<String>> {
        match fs::read(self.abs(rel)) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    anyhow!("{rel}: not UTF-8 text; geo-scaffold edits UTF-8 files only: re-encode it (e.g. `iconv -t UTF-8`) and run again")
                })?;
                Ok(Some(match crate::style::normalise(&text) {
                    Some(normal) => {
                        self.originals.borrow_mut().insert(rel.to_string(), text);
                        normal
                    }
                    None => text,
                }))
            }
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) if e.kind() == ErrorKind::IsADirectory => {
                bail!("{rel}: is a directory, expected a file: move it away and run again")
            }
            Err(e) => bail!("{rel}: cannot read ({e}): check its permissions"),
        }
    }

    /// The bytes to write for `text` (as read or patched) at `rel`: in the
    /// file's own line endings, BOM and indentation.
    pub fn on_disk(&self, rel: &str, text: &str) -> String {
        match self.originals.borrow().get(rel) {
            Some(original) => crate::style::restore(original, text),
            None => text.to_string(),
        }
    }

    /// Makes a new file at `rel` be written in the style of `sample` (a
    /// `schema_migrations/<ts>` file has no final newline), its text being
    /// normalised like every read.
    pub fn new_file_style(&self, rel: &str, sample: &str) -> String {
        match crate::style::normalise(sample) {
            Some(normal) => {
                self.originals
                    .borrow_mut()
                    .entry(rel.to_string())
                    .or_insert_with(|| sample.to_string());
                normal
            }
            None => sample.to_string(),
        }
    }

    /// Reads a file that must exist.
    pub fn read_required(&self, rel: &str) -> Result<String> {
        self.read(rel)?
            .ok_or_else(|| anyhow!("{rel}: not found; is this a GitLab EE tree of a supported version? restore the file or pass `--root`"))
    }

    /// The file names in a tree directory (empty when it does not exist),
    /// listed once per run.
    pub fn list(&self, dir: &str) -> Result<Vec<String>> {
        if let Some(names) = self.listings.borrow().get(dir) {
            return Ok(names.clone());
        }
        let names = match fs::read_dir(self.abs(dir)) {
            Ok(entries) => entries
                .flatten()
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect(),
            Err(e) if e.kind() == ErrorKind::NotFound => Vec::new(),
            Err(e) => bail!("{dir}: cannot list ({e}): check its permissions"),
        };
        self.listings
            .borrow_mut()
            .insert(dir.to_string(), names.clone());
        Ok(names)
    }

    /// The timestamp of an existing migration `<dir>/<14 digits>_<suffix>.rb`.
    pub fn find_migration(&self, dir: &str, suffix: &str) -> Result<Option<String>> {
        let wanted = format!("_{suffix}.rb");
        let mut found: Vec<String> = self
            .list(dir)?
            .iter()
            .filter_map(|name| name.strip_suffix(&wanted))
            .filter(|ts| ts.len() == 14 && ts.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_string)
            .collect();
        found.sort();
        match found.len() {
            0 | 1 => Ok(found.pop()),
            _ => bail!(
                "{dir}: {} migrations end in `{wanted}` ({}); keep one and run again",
                found.len(),
                found.join(", ")
            ),
        }
    }

    /// Every migration timestamp used in `dir`, to avoid collisions.
    pub fn migration_timestamps(&self, dir: &str) -> Result<Vec<String>> {
        Ok(self
            .list(dir)?
            .iter()
            .filter_map(|name| {
                let ts = name.get(..14)?;
                ts.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| ts.to_string())
            })
            .collect())
    }

    /// Finds the model's files: the conventional paths first, then a walk of
    /// `app/models` and `ee/app/models` (never the whole tree). `None` when
    /// no file defines the class (see `crate::hints` for what to say then).
    pub fn find_model(
        &self,
        model_class: &str,
        override_path: Option<&str>,
    ) -> Result<Option<ModelFiles>> {
        let rel = model_rel_path(model_class);
        let class_path = match override_path {
            Some(p) => {
                self.check_inside(p).map_err(|why| {
                    anyhow!(
                        "--model-path `{p}`: {why}; pass the model's path relative to the GitLab root"
                    )
                })?;
                if !self.abs(p).is_file() {
                    bail!(
                        "--model-path `{p}`: no such file under the root; pass the model's path relative to the GitLab root"
                    );
                }
                p.to_string()
            }
            None => match self.locate_model(model_class, &rel)? {
                Some(p) => p,
                None => return Ok(None),
            },
        };
        let link_path = if class_path.starts_with("ee/") {
            class_path.clone()
        } else {
            let under = class_path.strip_prefix("app/models/").unwrap_or(&rel);
            format!("ee/app/models/ee/{under}")
        };
        Ok(Some(ModelFiles {
            class_path,
            link_path,
        }))
    }

    /// Whether `rel` names a file inside the root, symlinks resolved.
    fn check_inside(&self, rel: &str) -> std::result::Result<(), String> {
        let p = Path::new(rel);
        if rel.is_empty()
            || p.is_absolute()
            || p.components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err("not a path inside the root".into());
        }
        if let Ok(real) = self.abs(rel).canonicalize()
            && !real.starts_with(&self.root)
        {
            return Err(format!(
                "resolves outside the root (to `{}`)",
                real.display()
            ));
        }
        Ok(())
    }

    fn locate_model(&self, model_class: &str, rel: &str) -> Result<Option<String>> {
        for dir in MODEL_DIRS {
            let candidate = format!("{dir}/{rel}");
            if self.abs(&candidate).is_file() {
                return Ok(Some(candidate));
            }
        }
        let file_name = rel.rsplit('/').next().unwrap_or(rel);
        let last = model_class.rsplit("::").next().unwrap_or(model_class);
        let mut found = Vec::new();
        for path in self.model_files() {
            if path.rsplit('/').next() != Some(file_name) {
                continue;
            }
            let text = fs::read_to_string(self.abs(&path)).unwrap_or_default();
            if text.contains(&format!("class {last} "))
                || text.contains(&format!("class {model_class} "))
            {
                found.push(path);
            }
        }
        found.sort();
        match found.len() {
            0 => Ok(None),
            1 => {
                let path = found.remove(0);
                // Rails loads a class from the file its name gives, so a file
                // in a subdirectory (`app/models/terraform/state.rb` for
                // `State`) holds a namespaced class: using it as `State`
                // would generate code for a constant that does not exist.
                match class_of_path(&path) {
                    Some(c) if c != model_class && c.ends_with(&format!("::{last}")) => bail!(
                        "model {model_class} not found at {MODEL_DIR}/{rel}: {path} defines {c}; pass `--model {c}`"
                    ),
                    _ => Ok(Some(path)),
                }
            }
            _ => bail!(
                "model {model_class} is defined in several files ({}); pass `--model-path` with the right one",
                found.join(", ")
            ),
        }
    }

    /// Every Ruby file under the model directories (`app/models`,
    /// `ee/app/models`, without the EE prepend modules), tree-relative.
    pub fn model_files(&self) -> Vec<String> {
        let mut out = Vec::new();
        for dir in MODEL_DIRS {
            let base = self.abs(dir);
            for entry in walkdir::WalkDir::new(&base)
                .into_iter()
                .filter_entry(|e| e.file_name() != "ee" || e.depth() != 1)
                .flatten()
            {
                let is_rb = entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|x| x == "rb");
                if let (true, Ok(rel)) = (is_rb, entry.path().strip_prefix(&self.root)) {
                    out.push(rel.to_string_lossy().into_owned());
                }
            }
        }
        out.sort();
        out
    }
}

/// The directories Rails loads models from, the EE one first.
const MODEL_DIRS: [&str; 2] = ["ee/app/models", "app/models"];
/// Where a model is looked for first, for messages.
const MODEL_DIR: &str = "app/models";

/// `Terraform::State` -> `terraform/state.rb`.
pub fn model_rel_path(model_class: &str) -> String {
    model_class
        .split("::")
        .map(|s| s.to_snake_case())
        .collect::<Vec<_>>()
        .join("/")
        + ".rb"
}

/// The class Rails expects in a model file: `app/models/terraform/state.rb`
/// -> `Terraform::State` (`concerns/` is a load path of its own).
pub fn class_of_path(rel: &str) -> Option<String> {
    use heck::ToUpperCamelCase;
    let under = MODEL_DIRS
        .iter()
        .find_map(|d| rel.strip_prefix(d)?.strip_prefix('/'))?;
    let under = under.strip_prefix("concerns/").unwrap_or(under);
    let stem = under.strip_suffix(".rb")?;
    Some(
        stem.split('/')
            .map(|s| s.to_upper_camel_case())
            .collect::<Vec<_>>()
            .join("::"),
    )
}

/// `self.table_name = 'x'` in a model file.
pub fn declared_table(model_src: &str) -> Option<String> {
    let line = model_src
        .lines()
        .find(|l| l.trim_start().starts_with("self.table_name"))?;
    let value = line.split('=').nth(1)?.trim();
    let value = value.trim_matches(|c| c == '\'' || c == '"');
    (!value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| value.to_string())
}
