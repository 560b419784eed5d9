//! The Rust API's verdict: both versions generated (as llmgate's build script generates
//! them, mock included), their public items compared, the way cargo-semver-checks judges
//! a crate: a removed item, a field whose type changed, a `new` that takes other
//! arguments, a method whose signature changed, a variant gone from an enum. Added fields
//! and variants are not breaks (generated structs and enums are `#[non_exhaustive]`), and
//! an item a name lock keeps under its old name as a deprecated alias is renamed, not
//! removed.

use std::collections::{BTreeMap, HashMap};

use crate::error::Error;
use crate::ir::{Module, Output, Payload, RequestBody, Ty, TypeKind};
use crate::lock::{NameLock, Renamed};

/// What changing from one generated client to the other does to a Rust program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RustDiff {
    /// Public items the new client lacks (`types::Foo`, `types::Foo.bar`,
    /// `client.chat().send`), with no alias left.
    pub removed: Vec<String>,
    /// Items whose signature changed: (item, old, new).
    pub changed: Vec<(String, String, String)>,
    /// Old names kept as deprecated aliases of new ones: (old, new).
    pub renamed: Vec<(String, String)>,
    /// How many items the new client adds.
    pub added: usize,
    /// Where each removed or changed item stands in the spec.
    pub(crate) places: BTreeMap<String, super::attribute::Places>,
    /// For each removed or changed item, the wire-breaking changes behind it, as told
    /// (filled by [`RustDiff::attribute`]; empty for an item with none).
    pub causes: BTreeMap<String, Vec<String>>,
}

impl RustDiff {
    /// Items a program using them can no longer compile against.
    pub fn breaking(&self) -> usize {
        self.removed.len() + self.changed.len()
    }

    /// Find the wire-breaking changes of `api` behind each break, and mark the entries
    /// of `api` that break Rust code accordingly.
    pub fn attribute(&mut self, api: &mut super::ApiDiff) {
        self.causes = super::attribute::causes(&self.places, api);
        api.rust_changes = Some(super::attribute::breaking_changes(&self.places, api));
    }

    /// Breaking items no wire-breaking change reaches (after [`RustDiff::attribute`]):
    /// the generator's doing, not the spec's.
    pub fn without_wire_break(&self) -> Vec<&str> {
        self.causes
            .iter()
            .filter(|(_, c)| c.is_empty())
            .map(|(item, _)| item.as_str())
            .collect()
    }

    /// The version bump the regeneration needs, with Cargo's 0.x rules (a breaking change
    /// bumps the minor version, anything else the patch).
    pub fn semver(&self) -> &'static str {
        if self.breaking() > 0 {
            "breaking: a minor release (0.x → 0.(x+1).0)"
        } else if self.added > 0 || !self.renamed.is_empty() {
            "compatible: a patch release (0.x.y → 0.x.(y+1))"
        } else {
            "no change to the Rust API"
        }
    }

    /// A text report.
    pub fn to_text(&self, breaking_only: bool) -> String {
        let mut out = format!(
            "Rust API: {} removed, {} changed, {} renamed (old names kept as deprecated aliases), {} added; {} breaking\nsemver: {}\n",
            self.removed.len(),
            self.changed.len(),
            self.renamed.len(),
            self.added,
            self.breaking(),
            self.semver()
        );
        if !self.causes.is_empty() {
            out.push_str(&format!(
                "{} of the breaking items with no wire-breaking change behind them\n",
                self.without_wire_break().len()
            ));
        }
        let behind = |item: &str| match self.causes.get(item).map(Vec::as_slice) {
            None => String::new(),
            Some([]) => "\n           behind it: no wire-breaking change".to_owned(),
            Some([one]) => format!("\n           behind it: {one}"),
            Some([one, rest @ ..]) => {
                format!("\n           behind it: {one} (and {} more)", rest.len())
            }
        };
        for r in &self.removed {
            out.push_str(&format!("  removed  {r}{}\n", behind(r)));
        }
        for (item, old, new) in &self.changed {
            out.push_str(&format!(
                "  changed  {item}: {old} → {new}{}\n",
                behind(item)
            ));
        }
        if !breaking_only {
            for (old, new) in &self.renamed {
                out.push_str(&format!("  renamed  {old} → {new} (deprecated alias)\n"));
            }
        }
        out
    }
}

/// Compare the Rust clients generated from two spec texts. With `lock` (a name lock's
/// text), the new client keeps the aliases that lock gives it; without, the old client's
/// own names stand in for a lock (what `llmgate spec vendor --names` would record).
pub fn rust_diff(
    old: &str,
    old_name: &str,
    new: &str,
    new_name: &str,
    lock: Option<&str>,
) -> Result<RustDiff, Error> {
    let settings = |name: &str| crate::Settings::new(name).mock(crate::Mock::On);
    let old_module = crate::lower_for_names(old, &settings(old_name))?;
    let lock = match lock {
        Some(text) => NameLock::parse(text, "name lock")?,
        None => NameLock::of(&old_module),
    };
    let mut new_module = crate::lower_for_names(
        new,
        &settings(new_name).name_lock("name lock", lock.to_json()),
    )?;
    lock.keep_dropped(&mut new_module);
    let renamed = lock.renamed(&new_module);
    let (old_items, mut new_items) = (surface(&old_module), surface(&new_module));
    let (old_words, new_words) = (alias_words(&old_module), alias_words(&new_module));
    let mut out = RustDiff::default();
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    for r in &renamed {
        let (old, new) = match r {
            Renamed::Type { old, new } => (format!("types::{old}"), format!("types::{new}")),
            Renamed::Accessor {
                old,
                new,
                old_type,
                new_type,
            } => {
                if let Some(t) = old_type {
                    aliases.insert(format!("types::{t}"), format!("types::{new_type}"));
                }
                (format!("client.{old}()"), format!("client.{new}()"))
            }
            Renamed::Handler { old, route } => (
                format!("mock.{old}"),
                format!("mock.{}", new_module.mocks[*route].handler),
            ),
            Renamed::Method { old, method } => {
                // The alias is a method of the new client, with the same signature.
                let m = &new_module.methods[*method];
                let at = match m.group.and_then(|g| new_module.groups.get(g)) {
                    Some(g) => format!("client.{}().", g.accessor),
                    None => "client.".to_owned(),
                };
                let (old, new) = (format!("{at}{old}"), format!("{at}{}", m.name));
                if let Some(sig) = new_items.get(&new).cloned() {
                    new_items.insert(old.clone(), sig);
                }
                (old, new)
            }
        };
        if old_items.contains_key(&old) {
            out.renamed.push((old.clone(), new.clone()));
        }
        aliases.insert(old, new);
    }
    for (path, sig) in &old_items {
        let now = new_items.get(path).or_else(|| {
            let moved = translate(path, &aliases)?;
            new_items.get(&moved)
        });
        match now {
            None => out.removed.push(path.clone()),
            Some(now)
                if now != sig
                    && map_words(now, &new_words)
                        != map_words(
                            &normalize(&map_words(sig, &old_words), &aliases),
                            &new_words,
                        ) =>
            {
                out.changed.push((path.clone(), sig.clone(), now.clone()))
            }
            Some(_) => {}
        }
    }
    // A removed type counts once, not once per member.
    let gone: Vec<String> = out.removed.clone();
    out.removed.retain(|r| {
        !gone.iter().any(|g| {
            r.len() > g.len() && r.starts_with(g.as_str()) && r[g.len()..].starts_with(['.', ':'])
        })
    });
    out.changed.retain(|(r, _, _)| {
        !gone
            .iter()
            .any(|g| r.starts_with(g.as_str()) && r[g.len()..].starts_with(['.', ':']))
    });
    out.added = new_items
        .keys()
        .filter(|k| !old_items.contains_key(*k))
        .count();
    let broken: Vec<(String, Option<(String, String)>)> = out
        .removed
        .iter()
        .map(|r| (r.clone(), None))
        .chain(
            out.changed
                .iter()
                .map(|(p, o, n)| (p.clone(), Some((o.clone(), n.clone())))),
        )
        .collect();
    out.places = super::attribute::places(&broken, [&old_module, &new_module]);
    Ok(out)
}

/// `path` with its type, accessor or handler renamed by `aliases`.
fn translate(path: &str, aliases: &BTreeMap<String, String>) -> Option<String> {
    aliases.iter().find_map(|(old, new)| {
        let rest = path.strip_prefix(old.as_str())?;
        (rest.is_empty() || rest.starts_with(['.', ':', '('])).then(|| format!("{new}{rest}"))
    })
}

/// Each alias of a module, by name, with the type it stands for (a chain followed):
/// to the compiler `Option<BigNumberUnion>` with `type BigNumberUnion = String;` is
/// `Option<String>`, and `Vec<InputModality>` with `type InputModality = Modality;` is
/// `Vec<Modality>`.
fn alias_words(m: &Module) -> HashMap<String, String> {
    let aliases: BTreeMap<&str, &Ty> = m
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias { ty } => Some((t.name.as_str(), ty)),
            _ => None,
        })
        .collect();
    aliases
        .keys()
        .map(|n| {
            let target = resolve(&Ty::Named((*n).to_owned()), &aliases, 0);
            ((*n).to_owned(), ty(&target))
        })
        .collect()
}

/// `t` with every alias replaced by its target (a chain followed, a cycle cut).
fn resolve(t: &Ty, aliases: &BTreeMap<&str, &Ty>, depth: usize) -> Ty {
    let inner = |i: &Ty| Box::new(resolve(i, aliases, depth));
    match t {
        Ty::Named(n) if depth < 16 => match aliases.get(n.as_str()) {
            Some(target) => resolve(target, aliases, depth + 1),
            None => t.clone(),
        },
        Ty::Vec(i) => Ty::Vec(inner(i)),
        Ty::Map(i) => Ty::Map(inner(i)),
        Ty::Option(i) => Ty::Option(inner(i)),
        Ty::Nullable(i) => Ty::Nullable(inner(i)),
        Ty::Box(i) => Ty::Box(inner(i)),
        other => other.clone(),
    }
}

/// A signature with each type name that `words` maps written as what it maps to (a name
/// after `::`, as in `serde_json::Value`, is not a generated type and stays).
fn map_words(sig: &str, words: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(sig.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let after_path = out.ends_with("::");
        match words.get(word.as_str()).filter(|_| !after_path) {
            Some(to) => out.push_str(to),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in sig.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A signature with renamed types written in their new names.
fn normalize(sig: &str, aliases: &BTreeMap<String, String>) -> String {
    let mut out = sig.to_owned();
    for (old, new) in aliases {
        if let (Some(o), Some(n)) = (old.strip_prefix("types::"), new.strip_prefix("types::")) {
            out = replace_word(&out, o, n);
        }
    }
    out
}

fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().last();
        let after = rest[i + from.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..i]);
        out.push_str(if word(before) || word(after) {
            from
        } else {
            to
        });
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// Every public item of a module with its signature.
fn surface(m: &Module) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    for t in &m.types {
        let p = format!("types::{}", t.name);
        match &t.kind {
            TypeKind::Struct { fields, .. } => {
                items.insert(p.clone(), "struct".into());
                for f in fields {
                    items.insert(format!("{p}.{}", f.name), ty(&f.ty));
                }
                let args: Vec<String> = fields
                    .iter()
                    .filter(|f| f.is_new_arg() && !m.is_constant(&f.ty))
                    .map(|f| format!("{}: {}", f.name, ty(&f.ty)))
                    .collect();
                items.insert(format!("{p}::new"), format!("({})", args.join(", ")));
            }
            TypeKind::Enum { variants } => {
                items.insert(p.clone(), "enum".into());
                for v in variants {
                    items.insert(format!("{p}::{}", v.name), "variant".into());
                }
            }
            TypeKind::Union { variants, .. } => {
                items.insert(p.clone(), "union".into());
                for v in variants {
                    items.insert(format!("{p}::{}", v.name), ty(&v.ty));
                }
            }
            // An alias of a named type is that type's kind to a program (a struct shared
            // with an identical one is still a struct with the same members).
            TypeKind::Alias { ty: target } => {
                let kind = match target {
                    Ty::Named(n) => m.types.iter().find(|x| x.name == *n).map(|x| match x.kind {
                        TypeKind::Struct { .. } => "struct".to_owned(),
                        TypeKind::Enum { .. } => "enum".to_owned(),
                        TypeKind::Union { .. } => "union".to_owned(),
                        _ => format!("= {}", ty(target)),
                    }),
                    _ => None,
                };
                items.insert(p, kind.unwrap_or_else(|| format!("= {}", ty(target))));
            }
            _ => {}
        }
    }
    for method in &m.methods {
        let at = match method.group.and_then(|g| m.groups.get(g)) {
            Some(g) => {
                items.insert(format!("client.{}()", g.accessor), g.type_name.clone());
                format!("client.{}().{}", g.accessor, method.name)
            }
            None => format!("client.{}", method.name),
        };
        items.insert(at, signature(method));
    }
    for r in &m.mocks {
        items.insert(format!("mock.{}", r.handler), ty(&r.reply));
    }
    // An alias has its target's members (`Alias::new`, `Alias::Variant`, fields).
    for t in &m.types {
        let TypeKind::Alias {
            ty: Ty::Named(target),
        } = &t.kind
        else {
            continue;
        };
        let (from, to) = (format!("types::{target}"), format!("types::{}", t.name));
        let members: Vec<(String, String)> = items
            .range(from.clone()..)
            .take_while(|(k, _)| k.starts_with(&from))
            .filter_map(|(k, v)| {
                let rest = &k[from.len()..];
                (rest.starts_with("::") || rest.starts_with('.'))
                    .then(|| (format!("{to}{rest}"), v.clone()))
            })
            .collect();
        for (k, v) in members {
            items.entry(k).or_insert(v);
        }
    }
    items
}

fn signature(m: &crate::ir::Method) -> String {
    let path: Vec<String> = m.path_params.iter().map(|p| ty(&p.ty)).collect();
    let body = match &m.body {
        Some(RequestBody::Json { ty: t, .. } | RequestBody::Form { ty: t, .. }) => ty(t),
        Some(_) => "form".into(),
        None => String::new(),
    };
    let output = match &m.output {
        Output::Plain { statuses, .. } => statuses
            .iter()
            .map(|(_, p)| match p {
                Payload::Json(t) => ty(t),
                Payload::Text => "String".into(),
                Payload::Empty => "()".into(),
            })
            .collect::<Vec<_>>()
            .join(" | "),
        Output::Events { item, .. } => format!("events of {}", ty(item)),
        Output::ByteStream => "bytes".into(),
    };
    format!("({}; {body}) -> {output}", path.join(", "))
}

fn ty(t: &Ty) -> String {
    t.short()
}
