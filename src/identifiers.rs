//! PostgreSQL's 63-byte identifier limit, checked on the migrations a scaffold
//! is about to write: a longer name is silently truncated by PostgreSQL, or
//! refused by Rails for an index, and either way found only at deploy.
//!
//! The check reads the generated migration itself (a small scan of its Ruby,
//! not a parser), so it sees exactly the names the templates produce, whatever
//! the GitLab generation, plus the index names Rails derives when none is given.

use crate::names::Names;

/// PostgreSQL's `NAMEDATALEN - 1`.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// A database identifier a migration names, or makes Rails name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub name: String,
    /// "table", "index", "constraint" or "identifier" (a column, a table
    /// argument of a helper, a constant holding a name).
    pub what: &'static str,
}

/// Refuses a generated migration that names an identifier PostgreSQL cannot
/// hold, saying which one and how to avoid it. Other files pass.
pub fn check(path: &str, src: &str, n: &Names) -> Result<(), String> {
    let is_migration =
        path.ends_with(".rb") && (path.contains("/migrate/") || path.contains("/post_migrate/"));
    if !is_migration {
        return Ok(());
    }
    // The longest: a fix that makes it fit makes the others fit too.
    let Some(long) = in_migration(src)
        .into_iter()
        .filter(|i| i.name.len() > MAX_IDENTIFIER_BYTES)
        .max_by_key(|i| i.name.len())
    else {
        return Ok(());
    };
    let excess = long.name.len() - MAX_IDENTIFIER_BYTES;
    let fix = if !long.name.contains(&n.registry_table) && contains_word(&long.name, &n.table) {
        format!(
            "it is built from the model's table `{}`, which would have to be {excess} bytes shorter; write `{path}` by hand with shorter names and run again with `--skip` to keep it",
            n.table
        )
    } else {
        let shorter = n.name.len().saturating_sub(excess);
        format!(
            "it is built from the name `{}`: pass a name of at most {shorter} bytes and keep the model with `--model {}`, e.g. `geo-scaffold <short_name> --model {}`",
            n.name, n.model_class, n.model_class
        )
    };
    Err(format!(
        "`{path}` would name {} `{}` ({} bytes), over PostgreSQL's {MAX_IDENTIFIER_BYTES}-byte identifier limit: {fix}",
        long.what,
        long.name,
        long.name.len()
    ))
}

/// Whether `word` occurs in `ident` between underscores or its ends.
fn contains_word(ident: &str, word: &str) -> bool {
    ident.match_indices(word).any(|(at, _)| {
        let before = ident[..at].chars().next_back();
        let after = ident[at + word.len()..].chars().next();
        before.is_none_or(|c| c == '_') && after.is_none_or(|c| c == '_')
    })
}

/// Options whose values name database objects; the values of any other
/// option (`default:`, `where:`, `using:`, `order:`...) are data or SQL.
const NAMING_OPTIONS: &[&str] = &[
    "name",
    "index",
    "column",
    "to_table",
    "primary_key",
    "foreign_key",
    "constraint_name",
    "trigger_name",
    "table",
    "sharding_key",
    "parent_table",
    "parent_sharding_key",
];

/// Every identifier a migration's source names, in order: symbol and string
/// literals that look like identifiers (outside data options), and the index
/// names Rails derives for `t.index`, `t.references`, `add_index` and
/// `add_concurrent_index` calls without `name:`.
pub fn in_migration(src: &str) -> Vec<Identifier> {
    let mut out = Vec::new();
    let mut table: Option<String> = None;
    for statement in statements(src) {
        let tokens = tokenize(&statement);
        let (receiver, method) = match tokens.as_slice() {
            [Token::Word(r), Token::Punct('.'), Token::Word(m), ..] => {
                (Some(r.as_str()), m.as_str())
            }
            [Token::Word(m), ..] => (None, m.as_str()),
            _ => continue,
        };
        let args = arguments(&tokens);
        let positional: Vec<&Value> = args
            .iter()
            .filter(|(label, _)| label.is_none())
            .map(|(_, v)| v)
            .collect();
        let named = |l: &str| args.iter().find(|(label, _)| label.as_deref() == Some(l));
        if matches!(method, "create_table" | "change_table") && receiver.is_none() {
            table = positional
                .first()
                .and_then(|v| v.single())
                .map(str::to_string);
        }
        for (i, (label, value)) in args.iter().enumerate() {
            let naming = label.as_deref().is_none_or(|l| NAMING_OPTIONS.contains(&l));
            if !naming {
                continue;
            }
            let what = match label.as_deref() {
                Some("name") if method.contains("index") || method == "references" => "index",
                Some("index") => "index",
                Some("name" | "constraint_name") => "constraint",
                None if i == 0 && method == "create_table" => "table",
                _ => "identifier",
            };
            for name in value.names() {
                out.push(Identifier {
                    name: name.to_string(),
                    what,
                });
            }
        }
        // The index names Rails makes up when none is given.
        let index_table = match (receiver, method) {
            (Some(_), "index" | "references" | "belongs_to") => table.clone(),
            (None, "add_index" | "add_concurrent_index") => positional
                .first()
                .and_then(|v| v.single())
                .map(str::to_string),
            _ => None,
        };
        let columns = match (receiver, method) {
            (Some(_), "index") => positional.first().map(|v| v.names()),
            (Some(_), "references" | "belongs_to") => positional
                .first()
                .and_then(|v| v.single())
                .map(|r| vec![format!("{r}_id")]),
            (None, _) => positional.get(1).map(|v| v.names()),
            _ => None,
        };
        let explicit = named("name").is_some()
            || named("index").is_some_and(|(_, v)| {
                matches!(v, Value::Other(o) if o == "false") || v.contains_label("name")
            });
        if let (Some(t), Some(cols), false) = (index_table, columns, explicit) {
            if matches!(method, "references" | "belongs_to") {
                out.extend(cols.iter().map(|c| Identifier {
                    name: c.clone(),
                    what: "identifier",
                }));
            }
            if !cols.is_empty() {
                out.push(Identifier {
                    name: format!("index_{t}_on_{}", cols.join("_and_")),
                    what: "index",
                });
            }
        }
    }
    out
}

/// The source's statements: comment lines dropped, a line ending in `,`,
/// `(`, `[`, `{` or `\` joined with the next.
fn statements(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in src.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        current.push_str(line.trim_end_matches('\\'));
        current.push(' ');
        if !line.ends_with([',', '(', '[', '{', '\\']) {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// `:name`
    Symbol(String),
    /// `'...'` or `"..."`
    Str(String),
    /// `name:` (a keyword argument or hash key)
    Label(String),
    Word(String),
    Punct(char),
}

fn tokenize(s: &str) -> Vec<Token> {
    let chars: Vec<char> = s.chars().collect();
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            break;
        }
        if c == '\'' || c == '"' {
            let mut j = i + 1;
            let mut text = String::new();
            while j < chars.len() && chars[j] != c {
                if chars[j] == '\\' && j + 1 < chars.len() {
                    j += 1;
                }
                text.push(chars[j]);
                j += 1;
            }
            out.push(Token::Str(text));
            i = j + 1;
        } else if c == ':'
            && chars
                .get(i + 1)
                .is_some_and(|&d| ident(d) && !d.is_ascii_digit())
            && (i == 0 || !(chars[i - 1] == ':' || ident(chars[i - 1])))
        {
            let end = (i + 1..chars.len())
                .find(|&j| !ident(chars[j]))
                .unwrap_or(chars.len());
            let end = if chars.get(end) == Some(&'?') || chars.get(end) == Some(&'!') {
                end + 1
            } else {
                end
            };
            out.push(Token::Symbol(chars[i + 1..end].iter().collect()));
            i = end;
        } else if ident(c) {
            let end = (i..chars.len())
                .find(|&j| !ident(chars[j]))
                .unwrap_or(chars.len());
            let word: String = chars[i..end].iter().collect();
            let label = chars.get(end) == Some(&':') && chars.get(end + 1) != Some(&':');
            if label {
                out.push(Token::Label(word));
                i = end + 1;
            } else {
                let end = if matches!(chars.get(end), Some('?' | '!')) {
                    end + 1
                } else {
                    end
                };
                out.push(Token::Word(chars[i..end].iter().collect()));
                i = end;
            }
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

/// One argument's value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// A symbol or string literal.
    Literal(String),
    /// `[...]` or `{...}`: the literals and labels inside.
    Group(Vec<Token>),
    Other(String),
}

fn identifier_like(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Value {
    /// The single identifier this value is, if it is one.
    fn single(&self) -> Option<&str> {
        match self {
            Value::Literal(s) if identifier_like(s) => Some(s),
            _ => None,
        }
    }

    /// The identifier-like literals in this value (outside nested labels'
    /// data values).
    fn names(&self) -> Vec<String> {
        match self {
            Value::Literal(s) if identifier_like(s) => vec![s.clone()],
            Value::Group(tokens) => {
                let mut out = Vec::new();
                let mut label: Option<&str> = None;
                for t in tokens {
                    match t {
                        Token::Label(l) => label = Some(l),
                        Token::Punct(',') => label = None,
                        Token::Symbol(s) | Token::Str(s)
                            if identifier_like(s)
                                && label.is_none_or(|l| NAMING_OPTIONS.contains(&l)) =>
                        {
                            out.push(s.clone());
                        }
                        _ => {}
                    }
                }
                out
            }
            _ => Vec::new(),
        }
    }

    fn contains_label(&self, wanted: &str) -> bool {
        matches!(self, Value::Group(tokens) if tokens.iter().any(|t| matches!(t, Token::Label(l) if l == wanted)))
    }
}

/// The call's arguments after the method name: `(label, value)` pairs split
/// at top-level commas; a `do |t|` block ends them.
fn arguments(tokens: &[Token]) -> Vec<(Option<String>, Value)> {
    let start = match tokens {
        [Token::Word(_), Token::Punct('.'), Token::Word(_), ..] => 3,
        [Token::Word(_), ..] => 1,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let mut label: Option<String> = None;
    let mut group: Vec<Token> = Vec::new();
    let mut depth = 0usize;
    let mut value: Option<Value> = None;
    for t in &tokens[start..] {
        if depth == 0 && matches!(t, Token::Word(w) if w == "do") {
            break;
        }
        match t {
            Token::Punct('(') if depth == 0 && value.is_none() && label.is_none() => continue,
            Token::Punct('[' | '{') => {
                depth += 1;
                if depth > 1 {
                    group.push(t.clone());
                }
            }
            Token::Punct(']' | '}') if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    value = Some(Value::Group(std::mem::take(&mut group)));
                } else {
                    group.push(t.clone());
                }
            }
            _ if depth > 0 => group.push(t.clone()),
            Token::Punct(',' | ')') => {
                out.push((
                    label.take(),
                    value.take().unwrap_or(Value::Other(String::new())),
                ));
            }
            Token::Label(l) => label = Some(l.clone()),
            Token::Symbol(s) | Token::Str(s) => value = Some(Value::Literal(s.clone())),
            Token::Word(w) => value = Some(Value::Other(w.clone())),
            Token::Punct(_) => {}
        }
    }
    if label.is_some() || value.is_some() {
        out.push((label, value.unwrap_or(Value::Other(String::new()))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::NameInput;

    fn names(input: NameInput) -> Names {
        Names::new(&input).expect("valid")
    }

    const REGISTRY: &str = r#"class CreateWidgetRegistry < ActiveRecord::Migration[6.0]
  def change
    create_table :widget_registry, id: :serial, force: :cascade do |t|
      t.integer :widget_id, null: false
      t.string :last_sync_failure, limit: 255, default: 'a default value that is data, not a name, and may be as long as it likes'
      t.datetime_with_timezone :retry_at

      t.index :widget_id, name: :index_widget_registry_on_repository_id, unique: true, using: :btree
      t.index :retry_at
      t.index [:state, :retry_at],
        where: "(state = 2)"
      t.references :project, null: false, index: { unique: true }, foreign_key: { on_delete: :cascade }
      t.references :namespace, index: false
      t.text :verification_failure, limit: 255
    end
  end
end
"#;

    #[test]
    fn names_and_rails_defaults_are_found() {
        let found: Vec<(String, &str)> = in_migration(REGISTRY)
            .into_iter()
            .map(|i| (i.name, i.what))
            .collect();
        let has = |name: &str, what: &str| {
            assert!(
                found.iter().any(|(n, w)| n == name && *w == what),
                "{name} ({what}) not in {found:?}"
            )
        };
        has("widget_registry", "table");
        has("widget_id", "identifier");
        has("index_widget_registry_on_repository_id", "index");
        has("index_widget_registry_on_retry_at", "index");
        has("index_widget_registry_on_state_and_retry_at", "index");
        has("project_id", "identifier");
        has("index_widget_registry_on_project_id", "index");
        has("verification_failure", "identifier");
        // Data and SQL are not names; an explicit name or `index: false`
        // means Rails makes none up.
        assert!(!found.iter().any(|(n, _)| n.starts_with("a default")));
        assert!(
            !found
                .iter()
                .any(|(n, _)| n == "index_widget_registry_on_widget_id")
        );
        assert!(
            !found
                .iter()
                .any(|(n, _)| n == "index_widget_registry_on_namespace_id")
        );
        assert!(!found.iter().any(|(n, _)| n.contains("state = 2")));
    }

    #[test]
    fn helper_calls_and_constants() {
        let src = r#"class AddIndex < Gitlab::Database::Migration[2.2]
  INDEX_NAME = "index_widgets_pending_verification"

  def up
    add_concurrent_index :widgets, :verification_failure, where: "(verification_failure IS NOT NULL)", name: "widgets_verification_failure_partial"
    add_concurrent_index :widgets, [:project_id, :verified_at]
  end
end
"#;
        let found: Vec<String> = in_migration(src).into_iter().map(|i| i.name).collect();
        for name in [
            "index_widgets_pending_verification",
            "widgets",
            "verification_failure",
            "widgets_verification_failure_partial",
            "index_widgets_on_project_id_and_verified_at",
        ] {
            assert!(found.iter().any(|f| f == name), "{name} not in {found:?}");
        }
        assert!(
            !found
                .iter()
                .any(|f| f.starts_with("index_widgets_on_verification_failure"))
        );
    }

    #[test]
    fn a_long_name_is_refused_with_the_shorter_name_fix() {
        let n = names(NameInput {
            name: Some("widget_with_a_rather_long_descriptive_name".into()),
            model: Some("Widget".into()),
            ..Default::default()
        });
        let src = format!(
            "create_table :{0} do |t|\n  t.index :{1}, name: :index_{0}_on_repository_id\nend\n",
            n.registry_table, n.foreign_key
        );
        let path = "ee/db/geo/migrate/20260101000000_create_x_registry.rb";
        let err = check(path, &src, &n).expect_err("too long");
        assert!(
            err.contains(&format!(
                "index `index_{}_on_repository_id` (74 bytes)",
                n.registry_table
            )),
            "{err}"
        );
        assert!(err.contains("63-byte"), "{err}");
        assert!(err.contains("at most 31 bytes"), "{err}");
        assert!(err.contains("--model Widget"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        // The same text in a file that is not a migration is not checked.
        assert_eq!(check("ee/app/models/geo/x.rb", &src, &n), Ok(()));
    }

    #[test]
    fn a_long_table_is_refused_with_the_hand_written_fix() {
        let n = names(NameInput {
            name: Some("widget".into()),
            table: Some("widgets_kept_for_every_project_forever".into()),
            ..Default::default()
        });
        let src = "add_concurrent_index :widgets_kept_for_every_project_forever, :verification_checksum, name: \"widgets_kept_for_every_project_forever_verification_checksum_partial\"\n";
        let path = "db/migrate/20260101000002_add_verification_failure_index_to_widgets_kept_for_every_project_forever.rb";
        let err = check(path, src, &n).expect_err("too long");
        assert!(
            err.contains("the model's table `widgets_kept_for_every_project_forever`"),
            "{err}"
        );
        assert!(err.contains("--skip"), "{err}");
    }

    /// Every index name the scan finds in a golden case's migrations is one
    /// PostgreSQL really has after running them (tests/schema, written by
    /// scripts/test-db), Rails' made-up names included.
    #[test]
    fn found_index_names_are_the_ones_postgresql_creates() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut cases: Vec<(std::path::PathBuf, std::path::PathBuf)> = Vec::new();
        for entry in std::fs::read_dir(root.join("tests/golden")).expect("goldens") {
            let dir = entry.expect("entry").path();
            let name = dir
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            cases.push((dir, root.join(format!("tests/schema/{name}.txt"))));
        }
        let own = root.join("tests/db/self_test/pass_later_generation");
        cases.push((own.clone(), own.with_extension("txt")));
        let mut checked = 0;
        for (dir, schema) in cases {
            let schema = std::fs::read_to_string(&schema).expect("schema golden");
            for sub in ["db/migrate", "db/post_migrate", "ee/db/geo/migrate"] {
                let Ok(files) = std::fs::read_dir(dir.join(sub)) else {
                    continue;
                };
                for file in files {
                    let src = std::fs::read_to_string(file.expect("file").path()).expect("read");
                    for i in in_migration(&src).into_iter().filter(|i| i.what == "index") {
                        assert!(
                            schema.contains(&format!("  index {}  ", i.name)),
                            "{}: {} is not in the schema",
                            dir.display(),
                            i.name
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked >= 30, "only {checked} index names checked");
    }

    #[test]
    fn exactly_63_bytes_is_fine() {
        let n = names(NameInput {
            name: Some("widget".into()),
            ..Default::default()
        });
        let at_limit = "a".repeat(MAX_IDENTIFIER_BYTES);
        let src = format!("add_index :widgets, :file, name: '{at_limit}'\n");
        assert_eq!(check("db/migrate/1_x.rb", &src, &n), Ok(()));
        let src = format!("add_index :widgets, :file, name: '{at_limit}b'\n");
        assert!(check("db/migrate/1_x.rb", &src, &n).is_err());
    }
}
