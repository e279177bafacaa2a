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

fn skip_string(b: &[u8], mut i: usize) -> Result<usize> {
    debug_assert_eq!(b[i], b'"');
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    bail!("unterminated JSON string")
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
            bail!("unterminated JSON container")
        }
        Some(_) => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b']' | b'}') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            Ok(j)
        }
        None => bail!("unexpected end of JSON"),
    }
}

/// The elements of the array or object opening at `open`, and the offset of
/// its closing bracket.
pub fn elements(src: &str, open: usize) -> Result<(Vec<Elem>, usize)> {
    let b = src.as_bytes();
    let is_object = match b.get(open) {
        Some(b'{') => true,
        Some(b'[') => false,
        _ => bail!("expected `[` or `{{` at byte {open}"),
    };
    let mut out = Vec::new();
    let mut i = skip_ws(b, open + 1);
    loop {
        match b.get(i) {
            Some(b']' | b'}') => return Ok((out, i)),
            None => bail!("unterminated JSON container"),
            _ => {}
        }
        let start = i;
        let (key, value) = if is_object {
            let kend = skip_string(b, i)?;
            let key = src[i + 1..kend - 1].to_string();
            let colon = skip_ws(b, kend);
            if b.get(colon) != Some(&b':') {
                bail!("expected `:` after JSON key `{key}`");
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
