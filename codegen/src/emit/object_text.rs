//! A `runtime::object!` invocation as formatted text ([`super::text`]).
//!
//! prettyplease prints a macro's input as a flat run of tokens in one box, a break
//! between tokens (none before `,`), each break taken only when the text up to the next
//! one would pass the margin: a greedy fill at the macro body's indentation. String
//! literals are written only when their text needs no escape, else the tokens are used.

use super::text::MARGIN;

/// Columns of an `object!` body inside the `types` module.
const BODY: usize = 8;

/// `"text"` as a literal token prints, when nothing in it is escaped.
fn literal(text: &str) -> Option<String> {
    text.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
        .then(|| format!("\"{text}\""))
}

/// Words joined by single spaces, a line broken before a word that would pass the margin.
fn fill(words: &[String], indent: usize, out: &mut Vec<String>) {
    let mut line = String::with_capacity(MARGIN);
    for w in words {
        if !line.is_empty() && indent + line.len() + 1 + w.len() > MARGIN {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        out.push(line);
    }
}

/// One field of the invocation: its kind, Rust name and property name.
pub struct Entry<'a> {
    pub kind: &'static str,
    pub field: &'a str,
    pub wire: &'a str,
}

/// `rt::object! { impl TRAITS for NAME [as "SPEC"] [missing(FIELD)] { KIND FIELD = "WIRE", … } [OTHERS] }`,
/// behind `gate` (a feature name) when given.
pub fn invocation(
    gate: Option<&str>,
    traits: &str,
    name: &str,
    spec: Option<&str>,
    missing: Option<&str>,
    entries: &[Entry],
    others: Option<&str>,
) -> Option<Vec<String>> {
    let mut words: Vec<String> = Vec::with_capacity(8 + entries.len() * 4);
    words.push("impl".to_owned());
    words.extend(traits.split(' ').map(str::to_owned));
    words.push("for".to_owned());
    words.push(name.to_owned());
    if let Some(spec) = spec {
        words.push("as".to_owned());
        words.push(literal(spec)?);
    }
    if let Some(missing) = missing {
        words.push(format!("missing({missing})"));
    }
    if entries.is_empty() {
        // An empty group prints without the spaces inside.
        words.push("{}".to_owned());
    } else {
        words.push("{".to_owned());
        for e in entries {
            words.push(e.kind.to_owned());
            words.push(e.field.to_owned());
            words.push("=".to_owned());
            words.push(format!("{},", literal(e.wire)?));
        }
        words.push("}".to_owned());
    }
    if let Some(others) = others {
        words.push(others.to_owned());
    }
    let mut out = Vec::with_capacity(4 + entries.len());
    if let Some(gate) = gate {
        out.push(format!("#[cfg(feature = {})]", literal(gate)?));
    }
    out.push("rt::object! {".to_owned());
    let mut body = Vec::new();
    fill(&words, BODY, &mut body);
    out.extend(body.into_iter().map(|l| format!("    {l}")));
    out.push("}".to_owned());
    Some(out)
}
