//! All naming goes through here: case conversion, keywords, leading digits, collisions.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, 2015-2024 editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

pub(crate) fn ascii_words(raw: &str) -> String {
    // Keep ASCII letters and digits; everything else separates words.
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `UpperCamelCase` type or variant name; never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let mut s = ascii_words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = "Unnamed".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'T');
    }
    if s == "Self" {
        s.push_str("Value");
    }
    s
}

/// Enum variant name for a wire value.
pub fn variant_name(raw: &str) -> String {
    let mut s = ascii_words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = if raw.is_empty() {
            "Empty".to_owned()
        } else {
            symbol_name(raw)
        };
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if s == "Self" || s == "Unknown" {
        s.push_str("Value");
    }
    s
}

fn symbol_name(raw: &str) -> String {
    let mut out = String::from("Symbol");
    for c in raw.chars() {
        out.push_str(&format!("{:X}", c as u32));
    }
    out
}

/// `snake_case` field, parameter or method name. Keywords are returned raw (`r#type`)
/// where Rust allows it and with a trailing `_` where it does not.
pub fn field_name(raw: &str) -> String {
    let mut s = ascii_words(raw).to_snake_case();
    if s.is_empty() {
        s = if raw.is_empty() {
            "empty".to_owned()
        } else {
            symbol_name(raw).to_snake_case()
        };
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    } else if KEYWORDS.contains(&s.as_str()) {
        s.insert_str(0, "r#");
    }
    s
}

/// A group's accessor: `snake_case`, with words that are acronyms or brand spellings
/// (`OAuth`, `BYOK`, `SCIM`) kept whole instead of split at each capital; camelCase
/// (`apiKeys`) still splits.
pub fn accessor_name(raw: &str) -> String {
    let words: Vec<String> = ascii_words(raw)
        .split_whitespace()
        .map(|w| {
            let camel = w
                .as_bytes()
                .windows(2)
                .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase());
            if camel {
                heck::ToSnakeCase::to_snake_case(w)
            } else {
                w.to_ascii_lowercase()
            }
        })
        .collect();
    field_name(&words.join("_"))
}

/// The cargo feature that selects a group: its accessor in kebab case.
pub fn feature_name(accessor: &str) -> String {
    unraw(accessor).replace('_', "-")
}

/// Strip a raw-identifier prefix (for building other names from a field name).
pub fn unraw(s: &str) -> &str {
    s.strip_prefix("r#").unwrap_or(s)
}

/// Hands out names unique within one namespace, in call order (so deterministic).
#[derive(Debug, Default)]
pub struct Namer {
    used: HashSet<String>,
}

impl Namer {
    /// Reserve `name` if free, else the first of `name2`, `name3`, ... that is.
    pub fn unique(&mut self, name: &str) -> String {
        if self.used.insert(name.to_owned()) {
            return name.to_owned();
        }
        let base = unraw(name);
        (2..)
            .map(|i| format!("{base}{i}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unused suffix exists")
    }

    /// Reserve `name` if it is free; false when it is taken.
    pub fn try_reserve(&mut self, name: &str) -> bool {
        self.used.insert(name.to_owned())
    }

    /// The first free name among `candidates` (in order of preference); numbered after the
    /// last one only when every candidate is taken.
    pub fn first_free(&mut self, candidates: &[String]) -> String {
        for c in candidates {
            if self.used.insert(c.clone()) {
                return c.clone();
            }
        }
        self.unique(candidates.last().map_or("Unnamed", String::as_str))
    }

    /// True when `name` was handed out or reserved.
    pub fn is_taken(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// Mark a name as taken without handing it out.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }
}

/// The longest type name generated from a position in the spec (a `…Required` suffix
/// keeps every public name within 50 characters).
pub const MAX_TYPE_NAME: usize = 42;

/// `UpperCamelCase` words.
pub(crate) fn camel_words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = name.as_bytes();
    for i in 1..b.len() {
        let upper = b[i].is_ascii_uppercase();
        let after_lower = b[i - 1].is_ascii_lowercase() || b[i - 1].is_ascii_digit();
        if upper && after_lower {
            out.push(&name[start..i]);
            start = i;
        }
    }
    out.push(&name[start..]);
    out
}

/// Names for a type at a position, best first: the position's own name when short, else
/// shortened by meaning — repeated words (`ImageUrlImageUrl`) said once, list positions
/// (`Item`, `Items`) dropped, then the words between the root's first two and the last
/// ones left out — each at most [`MAX_TYPE_NAME`] characters.
pub fn type_name_candidates(hint: &str) -> Vec<String> {
    if hint.len() <= MAX_TYPE_NAME {
        return vec![hint.to_owned()];
    }
    let mut words: Vec<&str> = camel_words(hint);
    // A run of words said twice in a row, once.
    let mut i = 0;
    while i < words.len() {
        let mut removed = false;
        for n in (1..=4).rev() {
            if i + 2 * n <= words.len() && words[i..i + n] == words[i + n..i + 2 * n] {
                words.drain(i + n..i + 2 * n);
                removed = true;
                break;
            }
        }
        if !removed {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let join = |w: &[&str]| w.concat();
    if join(&words).len() <= MAX_TYPE_NAME {
        out.push(join(&words));
    }
    let last = words.len().saturating_sub(1);
    let lean: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| *i == last || !matches!(**w, "Item" | "Items" | "List"))
        .map(|(_, w)| *w)
        .collect();
    if join(&lean).len() <= MAX_TYPE_NAME {
        out.push(join(&lean));
    }
    // The root's first words, then as many of the last words as fit.
    for head in [2usize, 1] {
        let head = head.min(lean.len());
        let mut tail = Vec::new();
        let mut len = join(&lean[..head]).len();
        for w in lean[head..].iter().rev() {
            if len + w.len() > MAX_TYPE_NAME {
                break;
            }
            len += w.len();
            tail.insert(0, *w);
        }
        if !tail.is_empty() {
            out.push(format!("{}{}", join(&lean[..head]), tail.concat()));
        }
    }
    if out.is_empty() {
        out.push(hint.chars().take(MAX_TYPE_NAME).collect());
    }
    out.dedup();
    out
}

/// A constant's type name from its value, keeping the separators as words, for when the
/// plain name (`reasoning.text` and `reasoning_text` are both `ReasoningText`) is taken.
pub fn spelled_type_name(raw: &str) -> String {
    let mut words = String::new();
    for c in raw.chars() {
        match c {
            '.' => words.push_str(" dot "),
            '_' => words.push_str(" underscore "),
            '-' => words.push_str(" dash "),
            '/' => words.push_str(" slash "),
            ':' => words.push_str(" colon "),
            c => words.push(c),
        }
    }
    type_name(&words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_shorten_by_meaning_and_collisions_read_well() {
        let long = "CreateEmbeddingsRequestInputContentListItemContentItemImageUrlImageUrl";
        let c = type_name_candidates(long);
        assert!(c.iter().all(|n| n.len() <= MAX_TYPE_NAME), "{c:?}");
        assert!(
            c[0].ends_with("ImageUrl") && !c[0].contains("ImageUrlImageUrl"),
            "{c:?}"
        );
        assert!(c[0].starts_with("CreateEmbeddings"), "{c:?}");
        assert_eq!(type_name_candidates("ChatRequest"), ["ChatRequest"]);
        assert_eq!(
            spelled_type_name("reasoning_text"),
            "ReasoningUnderscoreText"
        );
        assert_eq!(spelled_type_name("reasoning.text"), "ReasoningDotText");
        let mut n = Namer::default();
        n.reserve("A");
        assert_eq!(n.first_free(&["A".into(), "B".into()]), "B");
        assert_eq!(n.first_free(&["A".into(), "B".into()]), "B2");
    }

    #[test]
    fn names() {
        assert_eq!(
            type_name("Guardrails_bulkAssignKeysToGuardrail_Response_200"),
            "GuardrailsBulkAssignKeysToGuardrailResponse200"
        );
        assert_eq!(type_name("2fa"), "T2fa");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(
            field_name("timestamp_granularities[]"),
            "timestamp_granularities"
        );
        assert_eq!(field_name("1m"), "n1m");
        assert_eq!(field_name("HTTP-Referer"), "http_referer");
        assert_eq!(
            field_name("bulk-assign-keys-to-guardrail"),
            "bulk_assign_keys_to_guardrail"
        );
        assert_eq!(variant_name("chat.completion.chunk"), "ChatCompletionChunk");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("+"), "Symbol2B");
        assert_eq!(variant_name("1h"), "V1h");
        assert_eq!(variant_name("unknown"), "UnknownValue");
        assert_eq!(variant_name("self"), "SelfValue");
        assert_eq!(format!("{}Const", type_name("self")), "SelfValueConst");
        assert_eq!(accessor_name("OAuth"), "oauth");
        assert_eq!(accessor_name("BYOK"), "byok");
        assert_eq!(accessor_name("API Keys"), "api_keys");
        assert_eq!(accessor_name("apiKeys"), "api_keys");
        assert_eq!(accessor_name("Video Generation"), "video_generation");
        assert_eq!(accessor_name("chat"), "chat");
        assert_eq!(accessor_name("type"), "r#type");
        assert_eq!(feature_name("video_generation"), "video-generation");
        let mut n = Namer::default();
        assert_eq!(n.unique("A"), "A");
        assert_eq!(n.unique("A"), "A2");
        assert_eq!(n.unique("r#type"), "r#type");
        assert_eq!(n.unique("r#type"), "type2");
    }
}
