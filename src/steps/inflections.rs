//! Step "Inflections": `<name>_registry` in the `inflect.uncountable %w(...)`
//! list of `config/initializers_before_autoloader/000_inflections.rb`, so
//! that Rails does not look for a `<name>_registries` table (13.3+). The
//! list is alphabetical: the word goes in its place (at the end of a list
//! that is not). GitLab's own generator (19.x) puts it right after the
//! `packages_helm_metadata_cache_registry` word, as it does.

use anyhow::Result;

use super::{Applies, Patch, Step, no_files};
use crate::patch::ruby::{Kind, Ruby, one};
use crate::patch::{Edit, Mode, Types};
use crate::probe::INFLECTIONS;
use crate::render::Context;

pub const STEP: Step = Step {
    name: "inflections",
    applies: |p| {
        if p.inflections.value {
            Applies::Run
        } else {
            Applies::Skip(p.inflections.evidence.clone())
        }
    },
    files: no_files,
    patches: &[Patch {
        path: INFLECTIONS,
        apply: inflections,
    }],
};

/// The word GitLab's own generator inserts new registries after.
const GENERATOR_ANCHOR: &str = "packages_helm_metadata_cache_registry";

fn inflections(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = INFLECTIONS;
    let rb = Ruby::parse(src, path)?;
    let lists: Vec<_> = rb
        .descendants(rb.root(), Kind::Call)
        .into_iter()
        .filter(|c| rb.name(*c) == Some("uncountable") && c.receiver().is_some())
        .filter_map(|c| c.args().first().copied())
        .filter(|a| a.kind() == Kind::WordArray && rb.text(*a).contains("_registry"))
        .collect();
    let list = one(
        lists,
        path,
        "an `inflect.uncountable %w(...)` list of registries",
    )?;
    let words: Vec<(&str, usize, usize)> = list
        .children()
        .map(|w| (rb.text(w), w.start_byte(), w.end_byte()))
        .collect();
    let wanted = types.new.registry_table.as_str();
    let present = words.iter().position(|(w, ..)| *w == wanted);
    // Words are separated as the list separates them (one per line, or spaces).
    let sep = match words.as_slice() {
        [a, b, ..] => src[a.2..b.1].to_string(),
        _ => " ".to_string(),
    };
    let (own, place) = (types.own, "inflect.uncountable");
    let mine = || own.mine(place, wanted, [wanted]);
    let edits = match (mode, present) {
        (Mode::Prune, _) | (Mode::Remove, None) => Vec::new(),
        (Mode::Add, Some(_)) => {
            if !mine() {
                own.note(place, wanted, crate::patch::own::What::Foreign);
            }
            own.add_one(place, wanted, wanted, Some(wanted));
            Vec::new()
        }
        (Mode::Remove, Some(_)) if !mine() => Vec::new(),
        (Mode::Add, None) if !own.add_one(place, wanted, wanted, None) => Vec::new(),
        (Mode::Remove, Some(0)) => {
            let end = words.get(1).map_or(words[0].2, |w| w.1);
            vec![Edit::replace(words[0].1, end, "")]
        }
        (Mode::Remove, Some(i)) => vec![Edit::replace(words[i - 1].2, words[i].2, "")],
        (Mode::Add, None)
            if ctx.probes.in_tree_generator.value
                && words.iter().any(|(w, ..)| *w == GENERATOR_ANCHOR) =>
        {
            let (_, _, end) = words
                .iter()
                .find(|(w, ..)| *w == GENERATOR_ANCHOR)
                .expect("checked above");
            vec![Edit::insert(*end, &format!("{sep}{wanted}"))]
        }
        (Mode::Add, None) => {
            let sorted = words.windows(2).all(|w| w[0].0 <= w[1].0);
            match words.iter().position(|(w, ..)| *w > wanted) {
                Some(i) if sorted => vec![Edit::insert(words[i].1, &format!("{wanted}{sep}"))],
                _ => match words.last() {
                    Some(last) => vec![Edit::insert(last.2, &format!("{sep}{wanted}"))],
                    None => vec![Edit::insert(list.start_byte() + 3, wanted)],
                },
            }
        }
    };
    rb.finish(path, edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;

    fn file(words: &str) -> String {
        format!(
            "ActiveSupport::Inflector.inflections do |inflect|\n  inflect.uncountable %w(\n{words}  )\n  inflect.acronym 'EE'\nend\n"
        )
    }

    /// Sorted lists get the word in its place, others at the end; removal
    /// restores the bytes.
    #[test]
    fn registry_word_sorted_or_appended() {
        let w = Widget::after_reference();
        let (types, ctx) = (w.types(), w.ctx(false));
        for (before, after) in [
            (
                "    award_emoji\n    zebra_registry\n",
                "    award_emoji\n    widget_registry\n    zebra_registry\n",
            ),
            (
                "    zebra_registry\n    award_emoji\n",
                "    zebra_registry\n    award_emoji\n    widget_registry\n",
            ),
        ] {
            let src = file(before);
            let out = inflections(&src, &types, Mode::Add, &ctx).expect("adds");
            assert_eq!(out, file(after));
            assert_eq!(
                inflections(&out, &types, Mode::Add, &ctx).expect("again"),
                out
            );
            assert_eq!(
                inflections(&out, &types, Mode::Remove, &ctx).expect("removes"),
                src
            );
        }
    }
}
