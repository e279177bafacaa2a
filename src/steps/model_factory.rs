//! Step "Model factory": the status spec's cloned blocks create the new model
//! with the framework's factory traits (`:checksummed`, `:checksum_failure`);
//! a model factory that lacks them gets them, cloned from the reference
//! model's factory. Traits that only the reference model's factory defines
//! (`:jar` for package files) are left out of the cloned blocks ([`Traits`]).
//! The factory's file depends on the type, so the plan patches it directly
//! (like the model link) rather than through a fixed [`super::Patch`].

use anyhow::{Result, anyhow};

use super::{Applies, Step, status};
use crate::checkout::Checkout;
use crate::names::Names;
use crate::patch::ruby::{Ruby, one};
use crate::patch::{Edit, Mode, Types};
use crate::probe::{Probes, StatusFields};

pub const STEP: Step = Step {
    name: "model factory",
    applies,
    files: super::no_files,
    patches: &[],
};

fn applies(p: &Probes) -> Applies {
    match p.status_fields.value {
        StatusFields::ByHand => Applies::Run,
        StatusFields::Derived => Applies::Skip(
            "no per-type status spec blocks create the model with framework traits".into(),
        ),
    }
}

/// The file that defines `factory :<name>` for type `n` and its text.
pub fn find(checkout: &Checkout, n: &Names) -> Option<(String, String)> {
    use heck::ToSnakeCase;
    let model_path = n
        .model_class
        .split("::")
        .map(|s| s.to_snake_case())
        .collect::<Vec<_>>()
        .join("/");
    let candidates = [
        format!("spec/factories/{}.rb", n.plural),
        format!("ee/spec/factories/{}.rb", n.plural),
        format!("spec/factories/{}.rb", n.table),
        format!("spec/factories/{model_path}.rb"),
        format!("spec/factories/{}.rb", crate::names::pluralize(&model_path)),
        format!("ee/spec/factories/{model_path}.rb"),
    ];
    candidates.into_iter().find_map(|path| {
        let src = checkout.read(&path).ok().flatten()?;
        defines(&src, &n.name).then_some((path, src))
    })
}

/// Whether `src` defines `factory :<name>`.
fn defines(src: &str, name: &str) -> bool {
    let at = format!("factory :{name}");
    src.match_indices(&at).any(|(i, _)| {
        matches!(
            src[i + at.len()..].chars().next(),
            Some(',' | ' ' | '\n' | ')')
        )
    })
}

/// The traits factory `name` defines in `src`: (name, whole lines).
pub fn traits_of(src: &str, path: &str, name: &str) -> Vec<(String, String)> {
    let Ok(rb) = Ruby::parse(src, path) else {
        return Vec::new();
    };
    let factories = rb.calls(rb.root(), "factory", |a| a == format!(":{name}"));
    let Some(block) = factories.first().and_then(|f| f.block()) else {
        return Vec::new();
    };
    block
        .statements()
        .into_iter()
        .filter(|s| rb.call_name(*s) == Some("trait"))
        .filter_map(|s| {
            let arg = rb.text(*s.args().first()?).trim_start_matches(':');
            let item = rb.item(s, arg);
            Some((arg.to_string(), src[item.start..item.end].to_string()))
        })
        .collect()
}

/// Which model-factory traits the status spec's cloned blocks keep, which
/// the new model's factory gets, and which are left behind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traits {
    /// The new model's factory: (path, text), when it has one.
    pub factory: Option<(String, String)>,
    /// Traits the cloned blocks may keep (the new factory's, and the
    /// framework's the scaffold adds).
    pub keep: Vec<String>,
    /// Traits to add to the new factory: (name, lines as the reference
    /// model's factory writes them).
    pub add: Vec<(String, String)>,
    /// Traits of the cloned blocks that only the reference model's factory
    /// defines: left out.
    pub dropped: Vec<String>,
    /// The reference model's factory file the framework traits come from.
    pub framework: Option<String>,
}

impl Traits {
    /// Reads the traits the reference group of the status spec uses, the
    /// new model's factory and the reference model's (`reference`: path and
    /// factory name). `mine(path, trait)` says whether the manifest records
    /// the trait as one the scaffold added to the factory at `path`.
    pub fn read(
        checkout: &Checkout,
        new: &Names,
        others: &[Names],
        reference: Option<&(String, String)>,
        mine: impl Fn(&str, &str) -> bool,
    ) -> Traits {
        let factory = find(checkout, new);
        let have: Vec<String> = factory
            .as_ref()
            .map(|(p, s)| traits_of(s, p, &new.name))
            .unwrap_or_default()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let framework: Vec<(String, String)> = reference
            .and_then(|(path, name)| {
                let src = checkout.read(path).ok().flatten()?;
                Some(traits_of(&src, path, name))
            })
            .unwrap_or_default();
        let used = checkout
            .read(status::spec::PATH)
            .ok()
            .flatten()
            .map(|src| status::spec::reference_traits(&src, others))
            .unwrap_or_default();
        let mut t = Traits {
            framework: reference.map(|(path, _)| path.clone()),
            ..Traits::default()
        };
        for name in used {
            let ours = factory
                .as_ref()
                .is_some_and(|(path, _)| mine(path, &trait_key(&name)));
            if have.contains(&name) && !ours {
                t.keep.push(name);
            } else if let Some((_, text)) = framework.iter().find(|(n, _)| *n == name) {
                t.keep.push(name.clone());
                t.add.push((name, text.clone()));
            } else {
                t.dropped.push(name);
            }
        }
        t.factory = factory;
        t
    }
}

/// Where the new factory's traits are recorded in the ownership record.
fn place(n: &Names) -> String {
    format!("factory :{}", n.name)
}

pub fn trait_key(name: &str) -> String {
    format!("trait :{name}")
}

/// Adds the framework traits the new factory lacks at the end of its
/// `factory :<name>` block, recording each as the type's (or, on removal,
/// takes out those it recorded, still as written).
pub fn patch(src: &str, path: &str, types: &Types, traits: &Traits, mode: Mode) -> Result<String> {
    let n = types.new;
    if mode == Mode::Prune {
        // The traits are copied as the reference writes them: nothing
        // renders differently with the type's options.
        return Ok(src.to_string());
    }
    let (own, place) = (types.own, place(n));
    let rb = Ruby::parse(src, path)?;
    let factory = one(
        rb.calls(rb.root(), "factory", |a| a == format!(":{}", n.name)),
        path,
        &format!("factory :{}", n.name),
    )?;
    let block = factory
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after `factory :{}`", n.name))?;
    let present: Vec<(String, usize, usize)> = block
        .statements()
        .into_iter()
        .filter(|s| rb.call_name(*s) == Some("trait"))
        .filter_map(|s| {
            let arg = rb
                .text(*s.args().first()?)
                .trim_start_matches(':')
                .to_string();
            let item = rb.item(s, "");
            Some((arg, item.start, item.end))
        })
        .collect();
    let body = format!("{}  ", rb.indent_of(factory));
    let reindent = |text: &str| -> String {
        let first = text.len() - text.trim_start().len();
        let old = &text[..first];
        text.lines()
            .map(|l| match l.strip_prefix(old) {
                Some(rest) if !l.trim().is_empty() => format!("{body}{rest}\n"),
                _ => format!("{}\n", l.trim_end()),
            })
            .collect()
    };
    let mut edits = Vec::new();
    match mode {
        Mode::Add => {
            let text: String = traits
                .add
                .iter()
                .filter(|(name, t)| {
                    let current = present
                        .iter()
                        .find(|(p, ..)| p == name)
                        .map(|(_, s, e)| &src[*s..*e]);
                    own.add_one(&place, &trait_key(name), &reindent(t), current)
                })
                .map(|(_, t)| format!("\n{}", reindent(t)))
                .collect();
            if !text.is_empty() {
                edits.push(Edit::insert(rb.closing_line(block), &text));
            }
        }
        Mode::Remove => {
            for (name, text) in &traits.add {
                let Some((_, s, e)) = present.iter().find(|(p, ..)| p == name) else {
                    continue;
                };
                if !own.mine(&place, &trait_key(name), []) || src[*s..*e] != reindent(text) {
                    continue;
                }
                let start = if src[..*s].ends_with("\n\n") {
                    s - 1
                } else {
                    *s
                };
                edits.push(Edit::replace(start, *e, ""));
            }
        }
        Mode::Prune => {}
    }
    rb.finish(path, edits)
}

/// In cloned spec text, `create(:<factory>, :a, :b, ...)` and
/// `build(...)` calls lose the traits `keep` refuses.
pub fn drop_traits(text: &str, factory: &str, mut keep: impl FnMut(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let open = format!("(:{factory}");
    while let Some(at) = rest.find(&open) {
        let after = at + open.len();
        out.push_str(&rest[..after]);
        rest = &rest[after..];
        if !rest.starts_with([',', ')']) {
            continue;
        }
        // `, :trait` arguments right after the factory.
        while let Some(arg) = rest.strip_prefix(", :") {
            let len = arg
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(arg.len());
            let (name, tail) = arg.split_at(len);
            if tail.starts_with(':') || name.is_empty() {
                break;
            }
            if keep(name) {
                out.push_str(&rest[..3 + len]);
            }
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// The trait symbols of `create(:<factory>, ...)` / `build(...)` calls in `text`.
pub fn traits_in(text: &str, factory: &str) -> Vec<String> {
    let mut out = Vec::new();
    drop_traits(text, factory, |t| {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
        true
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_refused_traits_of_that_factory() {
        let text = "create(:widget, :jar, :checksummed)\ncreate(:widget, :jar, verification_checksum: 'a')\ncreate(:widget_x, :jar)\ncreate(:geo_widget_registry, :failed)\n";
        assert_eq!(
            drop_traits(text, "widget", |t| t != "jar"),
            "create(:widget, :checksummed)\ncreate(:widget, verification_checksum: 'a')\ncreate(:widget_x, :jar)\ncreate(:geo_widget_registry, :failed)\n"
        );
        assert_eq!(traits_in(text, "widget"), ["jar", "checksummed"]);
    }

    #[test]
    fn adds_traits_once_and_takes_them_out_again() {
        use crate::patch::own::{Ledger, Recorded};
        let src = "FactoryBot.define do\n  factory :gadget do\n    project\n  end\nend\n";
        let n = Names::existing("gadget", None, None, None);
        let traits = Traits {
            factory: Some(("f.rb".into(), src.into())),
            keep: vec!["checksummed".into()],
            add: vec![(
                "checksummed".into(),
                "      trait :checksummed do\n        verification_checksum { 'abc' }\n      end\n"
                    .into(),
            )],
            dropped: Vec::new(),
            framework: None,
        };
        fn types<'a>(n: &'a Names, own: &'a Ledger) -> Types<'a> {
            Types {
                new: n,
                others: &[],
                own,
            }
        }
        let fresh = Ledger::new(Recorded::Fresh, false);
        let out = patch(src, "f.rb", &types(&n, &fresh), &traits, Mode::Add).expect("adds");
        assert_eq!(
            out,
            "FactoryBot.define do\n  factory :gadget do\n    project\n\n    trait :checksummed do\n      verification_checksum { 'abc' }\n    end\n  end\nend\n"
        );
        let (claims, _) = fresh.finish();
        assert!(claims["factory :gadget"].contains_key("trait :checksummed"));
        let again = Ledger::new(Recorded::Claims(claims.clone()), false);
        assert_eq!(
            patch(&out, "f.rb", &types(&n, &again), &traits, Mode::Add).expect("again"),
            out
        );
        let recorded = Ledger::new(Recorded::Claims(claims), false);
        assert_eq!(
            patch(&out, "f.rb", &types(&n, &recorded), &traits, Mode::Remove).expect("removes"),
            src
        );
        // A trait the scaffold did not record is left where it is.
        let unrecorded = Ledger::new(Recorded::Claims(Default::default()), false);
        assert_eq!(
            patch(&out, "f.rb", &types(&n, &unrecorded), &traits, Mode::Remove).expect("keeps"),
            out
        );
        assert!(defines(src, "gadget") && !defines(src, "gadge"));
    }
}
