//! JSON places, found by a small structural scanner that keeps byte offsets
//! (the file is never re-serialised: only new lines and a comma change).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use anyhow::{Result, anyhow, bail};

use super::list::{Commas, Item, List, line_end, line_start};
use crate::names::Names;

/// One element of a JSON array or object: its member name (objects) and span.
#[derive(Debug, Clone)]
pub struct Elem {
    pub key: Option<String>,
    /// The element's value (for an array) or member name (for an object) start.
    pub start: usize,
    /// Just past the element's value.
    pub end: usize,
    /// Where the value starts (the member's value for objects).
    pub value: usize,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// `line N` of byte offset `i`, for error messages.
fn line_of(b: &[u8], i: usize) -> String {
    let i = i.min(b.len());
    format!(
        "line {}",
        b[..i].iter().filter(|c| **c == b'\n').count() + 1
    )
}

fn skip_string(b: &[u8], mut i: usize) -> Result<usize> {
    debug_assert_eq!(b[i], b'"');
    let start = i;
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    bail!("unterminated JSON string at {}", line_of(b, start))
}

fn skip_value(b: &[u8], i: usize) -> Result<usize> {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            bail!("unterminated JSON container at {}", line_of(b, i))
        }
        Some(_) => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b']' | b'}') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            Ok(j)
        }
        None => bail!("unexpected end of JSON at {}", line_of(b, i)),
    }
}

/// The elements of the array or object opening at `open`, and the offset of
/// its closing bracket.
pub fn elements(src: &str, open: usize) -> Result<(Vec<Elem>, usize)> {
    let b = src.as_bytes();
    let is_object = match b.get(open) {
        Some(b'{') => true,
        Some(b'[') => false,
        _ => bail!("expected `[` or `{{` at {}", line_of(b, open)),
    };
    let mut out = Vec::new();
    let mut i = skip_ws(b, open + 1);
    loop {
        match b.get(i) {
            Some(b']' | b'}') => return Ok((out, i)),
            None => bail!("unterminated JSON container at {}", line_of(b, open)),
            _ => {}
        }
        let start = i;
        let (key, value) = if is_object {
            if b[i] != b'"' {
                bail!("expected a quoted member name at {}", line_of(b, i));
            }
            let kend = skip_string(b, i)?;
            let key = src[i + 1..kend - 1].to_string();
            let colon = skip_ws(b, kend);
            if b.get(colon) != Some(&b':') {
                bail!(
                    "expected `:` after JSON key `{key}` at {}",
                    line_of(b, kend)
                );
            }
            (Some(key), skip_ws(b, colon + 1))
        } else {
            (None, i)
        };
        let end = skip_value(b, value)?;
        out.push(Elem {
            key,
            start,
            end,
            value,
        });
        i = skip_ws(b, end);
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
    }
}

/// The value of member `key` of the object opening at `open`; an error when
/// the object has the member twice (which one a reader takes is not
/// defined, so neither is edited).
pub fn member(src: &str, open: usize, key: &str) -> Result<Option<usize>> {
    let (elems, _) = elements(src, open)?;
    let found: Vec<&Elem> = elems
        .iter()
        .filter(|e| e.key.as_deref() == Some(key))
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.value)),
        more => {
            let lines: Vec<String> = more
                .iter()
                .map(|e| (src[..e.start].matches('\n').count() + 1).to_string())
                .collect();
            bail!(
                "expected one \"{key}\" member, found {} (lines {}); remove the duplicates and run again",
                more.len(),
                lines.join(", ")
            )
        }
    }
}

/// Whole-line items for the elements of a container, keyed by member name or
/// (for arrays of strings) the string; errors unless one element per line.
pub fn items(src: &str, open: usize, path: &str, what: &str) -> Result<(Vec<Item>, usize)> {
    let (elems, close) = elements(src, open)?;
    let mut items: Vec<Item> = Vec::with_capacity(elems.len());
    for e in elems {
        let key = match e.key {
            Some(k) => k,
            None => src[e.start..e.end].trim_matches('"').to_string(),
        };
        let start = line_start(src, e.start);
        if items.last().is_some_and(|p| p.end > start) {
            return Err(anyhow!(
                "{path}: expected one entry per line in {what}; put `{key}` on its own line"
            ));
        }
        // Include the separating comma when it sits on the same line.
        let after = skip_ws(src.as_bytes(), e.end);
        let last = if src.as_bytes().get(after) == Some(&b',') {
            after
        } else {
            e.end - 1
        };
        items.push(Item {
            key,
            start,
            end: line_end(src, last),
        });
    }
    Ok((items, line_start(src, close)))
}

/// Texts already checked in this run, so that `check` parses a file once
/// however many recorded types patch it.
type Verdicts = HashMap<u64, (String, Result<(), String>)>;
static CHECKED: LazyLock<Mutex<Verdicts>> = LazyLock::new(Mutex::default);

/// `Err` with serde_json's message when `text` is not strict JSON.
pub fn validate(text: &str) -> Result<(), String> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    let key = h.finish();
    if let Some((seen, verdict)) = CHECKED.lock().expect("JSON cache lock").get(&key)
        && seen == text
    {
        return verdict.clone();
    }
    let verdict = serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map(|_| ())
        .map_err(|e| e.to_string());
    CHECKED
        .lock()
        .expect("JSON cache lock")
        .insert(key, (text.to_string(), verdict.clone()));
    verdict
}

/// `text` with every comma that only precedes a closing bracket taken out
/// (outside strings): the trailing commas docs examples sometimes have.
pub fn without_trailing_commas(text: &str) -> String {
    let b = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_string {
            if c == b'\\' {
                out.extend_from_slice(&b[i..(i + 2).min(b.len())]);
                i += 2;
                continue;
            }
            in_string = c != b'"';
        } else if c == b'"' {
            in_string = true;
        } else if c == b',' && matches!(b.get(skip_ws(b, i + 1)), Some(b'}' | b']')) {
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    String::from_utf8(out).expect("only ASCII commas were taken out of UTF-8 text")
}

/// Like [`validate`], but accepting trailing commas.
pub fn validate_loose(text: &str) -> Result<(), String> {
    validate(&without_trailing_commas(text))
}

/// The key of an element as [`items`] keys it.
fn key_of(src: &str, e: &Elem) -> String {
    match &e.key {
        Some(k) => k.clone(),
        None => src[e.start..e.end].trim_matches('"').to_string(),
    }
}

/// Whether a comma follows the last element of a collection (the trailing
/// comma some docs examples carry).
fn trailing_comma(src: &str, elems: &[Elem]) -> bool {
    let b = src.as_bytes();
    elems
        .last()
        .is_some_and(|e| b.get(skip_ws(b, e.end)) == Some(&b','))
}

/// Checks an edit of one collection, `before` and `after` (each a text and
/// the offset of the collection's opening bracket), without asking more of
/// the file than the edit needs (real examples hold Ruby-isms such as `nil`
/// and repeated keys, and trailing commas): every entry it had is still
/// there, in its order; every new entry is strict JSON; a comma separates
/// each new entry from its neighbours; and a trailing comma appears only
/// where the collection had one.
pub fn check_change(
    before: (&str, usize),
    after: (&str, usize),
    path: &str,
    what: &str,
) -> Result<()> {
    let (old_src, old_open) = before;
    let (src, open) = after;
    let scan = |text: &str, at: usize| {
        elements(text, at).map_err(|e| anyhow!("{path}: {what} would not scan ({e})"))
    };
    let (old, _) = scan(old_src, old_open)?;
    let (elems, _) = scan(src, open)?;
    let b = src.as_bytes();
    let mut kept = 0;
    let mut added = Vec::new();
    for (i, e) in elems.iter().enumerate() {
        if old
            .get(kept)
            .is_some_and(|o| key_of(old_src, o) == key_of(src, e))
        {
            kept += 1;
        } else {
            added.push(i);
        }
    }
    if kept != old.len() {
        bail!(
            "{path}: the edit would lose `{}` from {what}; nothing was written",
            key_of(old_src, &old[kept])
        );
    }
    let comma_after = |i: usize| b.get(skip_ws(b, elems[i].end)) == Some(&b',');
    for &i in &added {
        let e = &elems[i];
        let text = &src[e.start..e.end];
        let wrapped = if e.key.is_some() {
            format!("{{{text}}}")
        } else {
            format!("[{text}]")
        };
        if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(&wrapped) {
            bail!(
                "{path}: the new entry `{text}` in {what} would not be valid JSON ({err}); nothing was written"
            );
        }
        for j in [i.checked_sub(1), Some(i)].into_iter().flatten() {
            if j + 1 < elems.len() && !comma_after(j) {
                bail!(
                    "{path}: {what} would lack a comma after `{}` at {}; nothing was written",
                    key_of(src, &elems[j]),
                    line_of(b, elems[j].end)
                );
            }
        }
    }
    if added.last() == Some(&(elems.len() - 1))
        && trailing_comma(src, &elems)
        && !trailing_comma(old_src, &old)
    {
        bail!(
            "{path}: {what} would end with a trailing comma it did not have; nothing was written"
        );
    }
    Ok(())
}

/// The members (or elements) of the JSON collection opening at `open` as a
/// comma-separated [`List`] keyed by status field; when its last member has
/// a trailing comma, new members get one too. `place` names it in the
/// ownership record.
pub fn list<'s>(
    src: &'s str,
    open: usize,
    path: &str,
    what: &str,
    place: &str,
) -> Result<List<'s>> {
    let (items, append_at) = items(src, open, path, what)?;
    let trailing = items
        .last()
        .is_some_and(|it| src[it.start..it.end].trim_end().ends_with(','));
    let indent = format!(
        "{}  ",
        &src[append_at..]
            .chars()
            .take_while(|c| *c == ' ')
            .collect::<String>()
    );
    Ok(List {
        src,
        items,
        append_at,
        commas: if trailing {
            Commas::Trailing
        } else {
            Commas::Separated
        },
        blank_between: false,
        indent,
        prefix: Names::status_prefix,
        place: place.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_commas_are_tolerated_and_kept() {
        let src = "{\n  \"a\": \"x,}\",\n  \"b\": [1,],\n}\n";
        assert!(validate(src).is_err());
        assert_eq!(
            without_trailing_commas(src),
            "{\n  \"a\": \"x,}\",\n  \"b\": [1]\n}\n"
        );
        assert!(validate_loose(src).is_ok());
        let list = list(src, 0, "f", "object", "test").expect("one per line");
        assert_eq!(list.commas, Commas::Trailing);
        let out = "{\n  \"a\": \"x,}\",\n  \"b\": [1,],\n  \"n\": 2,\n}\n";
        check_change((src, 0), (out, 0), "f", "x").expect("the file's own style");
        let strict = "{\n  \"a\": 1\n}\n";
        let err = check_change(
            (strict, 0),
            ("{\n  \"a\": 1,\n  \"n\": 2,\n}\n", 0),
            "f",
            "x",
        )
        .expect_err("a strict collection stays strict");
        assert!(err.to_string().contains("trailing comma"), "{err}");
    }

    /// Real examples hold Ruby-isms and repeated keys: only the new entries
    /// must be strict JSON, separated by commas, with every old one kept.
    #[test]
    fn checks_only_the_change() {
        let before = "{\n  \"a\": nil,\n  \"a\": 1,\n  \"b\": 2\n}\n";
        let ok = "{\n  \"a\": nil,\n  \"a\": 1,\n  \"b\": 2,\n  \"n\": 3\n}\n";
        check_change((before, 0), (ok, 0), "f", "x").expect("only the new entry is checked");
        let bad_value = "{\n  \"a\": nil,\n  \"a\": 1,\n  \"b\": 2,\n  \"n\": nil\n}\n";
        let err = check_change((before, 0), (bad_value, 0), "f", "x").expect_err("new nil");
        assert!(err.to_string().contains("`\"n\": nil`"), "{err}");
        let no_comma = "{\n  \"a\": nil,\n  \"a\": 1,\n  \"b\": 2\n  \"n\": 3\n}\n";
        let err = check_change((before, 0), (no_comma, 0), "f", "x").expect_err("comma");
        assert!(
            err.to_string().contains("lack a comma after `b` at line 4"),
            "{err}"
        );
        let lost = "{\n  \"a\": nil,\n  \"b\": 2,\n  \"n\": 3\n}\n";
        let err = check_change((before, 0), (lost, 0), "f", "x").expect_err("lost");
        assert!(err.to_string().contains("lose `a`"), "{err}");
        let err = elements("{\n  \"a\": [1,\n", 0).expect_err("unterminated");
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn scans_nested_values_and_keeps_offsets() {
        let src = "{\n  \"a\": [1, 2],\n  \"b\": {\n    \"c\": \"x,}\"\n  },\n  \"d\": null\n}\n";
        let (elems, close) = elements(src, 0).expect("valid");
        let keys: Vec<_> = elems.iter().map(|e| e.key.clone().unwrap()).collect();
        assert_eq!(keys, ["a", "b", "d"]);
        assert_eq!(&src[close..close + 1], "}");
        let (items, _) = items(src, 0, "f", "object").expect("one per line");
        assert_eq!(
            &src[items[1].start..items[1].end],
            "  \"b\": {\n    \"c\": \"x,}\"\n  },\n"
        );
    }
}
