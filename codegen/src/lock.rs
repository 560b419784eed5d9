//! The name lock: the public names a generated client has had, by what they stand for, so
//! that a spec update which renames or moves an item keeps the old name working as a
//! `#[deprecated]` alias of the new one (like `Cargo.lock` for names).
//!
//! Keys say what a name stands for: `type <schema pointer>` (a component or a position in
//! the spec), `accessor <operationId>` and `group <operationId>` (the operation's method
//! group on the client and its type), `handler <operationId>` (the mock's `on_…` setter),
//! `method <HTTP method> <path> #<n>` (the n-th method of the operation at that path) and
//! `handler-at <HTTP method> <path>`, so a method and a mock handler keep their names when
//! the spec renames the operationId they are named after.
//! Each key lists its names, current first, then the ones it had before; [`NameLock::update`]
//! adds a generation's names without forgetting old ones, and only an edit of the file (or
//! `llmgate spec vendor --prune-names`) removes them.
//!
//! When a type's key is gone (the spec moved an inline schema into a component, say), the
//! lock still finds it: a current type of the same shape (kind and property or value
//! names) whose name ends like the old one, or the old one like it
//! (`GetGenerationResponseDataApiType` → `GenerationResponseDataApiType`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::error::{Error, Location};
use crate::ir::{Module, TypeDef, TypeKind};

/// The names of one key: current first, then earlier ones; and the item's shape.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// Current name first.
    pub names: Vec<String>,
    /// The item's shape (types only), to find it again when its key is gone.
    pub shape: String,
    /// For an enum: values earlier versions listed that the current one does not. The
    /// client keeps each as a deprecated variant, so code naming it still compiles.
    pub dropped: Vec<String>,
    /// For a struct the client only reads: the properties its `new` takes (wire names).
    /// A later version keeps exactly these; a required property added since starts absent.
    pub args: Option<Vec<String>>,
    /// For a struct: each property's Rust type (`Option<Nullable<String>>`), `!` first
    /// when required. A later version keeps a field's locked type while that type still
    /// carries what the new schema allows. For a union: each variant's name with the
    /// type it holds; a later version's variant holding that type keeps the name. For a
    /// method: the types it takes and gives by slot (`body`, `Code(200)`, `events`), to
    /// find a renamed component where the operation points now (`crate::lower::keep`).
    pub fields: BTreeMap<String, String>,
}

/// A name lock ([module docs](self)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameLock {
    /// By key.
    pub entries: BTreeMap<String, Entry>,
}

pub use crate::ir::Renamed;

impl NameLock {
    /// Read a lock file (`file` names it in errors).
    pub fn parse(text: &str, file: &str) -> Result<NameLock, Error> {
        let bad = |msg: String| Error::new(file, Location::Document, msg);
        let doc: Value =
            serde_json::from_str(text).map_err(|e| bad(format!("not a name lock: {e}")))?;
        let Some(names) = doc.get("names").and_then(Value::as_object) else {
            return Err(bad("a name lock needs a `names` object".into()));
        };
        let mut entries = BTreeMap::new();
        for (key, v) in names {
            let list = v.get("names").and_then(Value::as_array);
            let names: Option<Vec<String>> = list.map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
            let Some(names) = names.filter(|n| !n.is_empty()) else {
                return Err(bad(format!("`{key}`: a list of `names` is needed")));
            };
            let shape = v
                .get("shape")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let dropped = v
                .get("dropped")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let args = v.get("args").and_then(Value::as_array).map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
            let fields = v
                .get("fields")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, t)| Some((k.clone(), t.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default();
            entries.insert(
                key.clone(),
                Entry {
                    names,
                    shape,
                    dropped,
                    args,
                    fields,
                },
            );
        }
        Ok(NameLock { entries })
    }

    /// The lock as its file holds it (sorted, one key per line group).
    pub fn to_json(&self) -> String {
        let names: serde_json::Map<String, Value> = self
            .entries
            .iter()
            .map(|(k, e)| {
                let mut v = json!({"names": e.names});
                if !e.shape.is_empty() {
                    v["shape"] = json!(e.shape);
                }
                if !e.dropped.is_empty() {
                    v["dropped"] = json!(e.dropped);
                }
                if let Some(args) = &e.args {
                    v["args"] = json!(args);
                }
                if !e.fields.is_empty() {
                    v["fields"] = json!(e.fields);
                }
                (k.clone(), v)
            })
            .collect();
        let doc = json!({
            "//": "Names of the generated client by what they stand for; see llmgate_codegen::lock. Updated by `llmgate spec vendor --names`.",
            "version": 1,
            "names": names,
        });
        let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
        out.push('\n');
        out
    }

    /// The names `module` has now.
    pub fn of(module: &Module) -> NameLock {
        let mut entries = BTreeMap::new();
        let mut put = |key: String, name: &str, shape: String| {
            entries.entry(key).or_insert_with(|| Entry {
                names: vec![name.to_owned()],
                shape,
                ..Entry::default()
            });
        };
        let sent = crate::directions::sent_types(module);
        let mut args_of = Vec::new();
        let mut fields_of = Vec::new();
        for (key, i) in type_keys(module) {
            let t = &module.types[i];
            put(key.clone(), &t.name, shape(t));
            match &t.kind {
                TypeKind::Struct { fields, .. } => {
                    let types: BTreeMap<String, String> = fields
                        .iter()
                        .map(|f| {
                            let ty = f.ty.short();
                            let mark = if f.required { "!" } else { "" };
                            (f.wire.clone(), format!("{mark}{ty}"))
                        })
                        .collect();
                    fields_of.push((key.clone(), types));
                }
                // A union's variants by name, with what each holds.
                TypeKind::Union { variants, .. } => {
                    let types: BTreeMap<String, String> = variants
                        .iter()
                        .filter(|v| v.unit.is_none())
                        .map(|v| (v.name.clone(), v.ty.short()))
                        .collect();
                    fields_of.push((key.clone(), types));
                }
                _ => {}
            }
            if let (TypeKind::Struct { fields, .. }, false) = (&t.kind, sent.contains(&t.name)) {
                let args: Vec<String> = fields
                    .iter()
                    .filter(|f| f.is_new_arg() && !module.is_constant(&f.ty))
                    .map(|f| f.wire.clone())
                    .collect();
                args_of.push((key, args));
            }
        }
        for m in &module.methods {
            if let Some(g) = m.group.and_then(|g| module.groups.get(g)) {
                put(
                    format!("accessor {}", m.operation_id),
                    &g.accessor,
                    String::new(),
                );
                put(
                    format!("group {}", m.operation_id),
                    &g.type_name,
                    String::new(),
                );
            }
        }
        for r in &module.mocks {
            put(
                format!("handler {}", r.operation_id),
                &r.handler,
                String::new(),
            );
        }
        let mut slots_of = Vec::new();
        for (key, i) in method_keys(module) {
            put(key.clone(), &module.methods[i].name, String::new());
            let slots: BTreeMap<String, String> = method_slots(&module.methods[i])
                .into_iter()
                .map(|(slot, ty)| (slot, ty.short()))
                .collect();
            slots_of.push((key, slots));
        }
        // By route too, so a handler keeps its name when the operationId it is named
        // after changes.
        for r in &module.mocks {
            put(
                format!("handler-at {} {}", r.http_method, r.path),
                &r.handler,
                String::new(),
            );
        }
        for (key, args) in args_of {
            if let Some(e) = entries.get_mut(&key) {
                e.args = Some(args);
            }
        }
        for (key, fields) in fields_of.into_iter().chain(slots_of) {
            if let Some(e) = entries.get_mut(&key) {
                e.fields = fields;
            }
        }
        NameLock { entries }
    }

    /// This lock with `current`'s names first under each key; earlier names, and keys
    /// `current` lacks, kept.
    pub fn update(&self, current: &NameLock) -> NameLock {
        let mut entries = self.entries.clone();
        for (key, now) in &current.entries {
            let e = entries.entry(key.clone()).or_default();
            let mut names = now.names.clone();
            for old in &e.names {
                if !names.contains(old) {
                    names.push(old.clone());
                }
            }
            // Values the entry's enum had (its last shape and what it had dropped before)
            // that the current one lacks.
            let had: Vec<String> = enum_values(&e.shape)
                .into_iter()
                .chain(e.dropped.iter().cloned())
                .collect();
            let current = enum_values(&now.shape);
            let mut dropped = Vec::new();
            if now.shape.starts_with("enum:") {
                for v in had {
                    if !current.contains(&v) && !dropped.contains(&v) {
                        dropped.push(v);
                    }
                }
                dropped.sort();
            }
            *e = Entry {
                names,
                shape: now.shape.clone(),
                dropped,
                // What `new` takes now (which honoured the lock when it was generated).
                args: now.args.clone(),
                // Likewise the field types.
                fields: now.fields.clone(),
            };
        }
        NameLock { entries }
    }

    /// The arguments the lock records for the `new` of types of `module`: by index in
    /// `module.types`, found by key or, for a type the spec moved, as
    /// [`renamed`](Self::renamed) finds it.
    pub(crate) fn args_of(&self, module: &Module) -> Vec<(usize, Vec<String>)> {
        let keys: BTreeMap<String, usize> = type_keys(module).into_iter().collect();
        let mut out = Vec::new();
        let by_name = self.types_by_name();
        for (key, entry) in &self.entries {
            // An alias's `new` is its target's.
            let target = entry.shape.strip_prefix("alias:");
            let args = entry
                .args
                .as_ref()
                .or_else(|| target.and_then(|t| by_name.get(t)?.args.as_ref()));
            let Some(args) = args else { continue };
            let at = keys.get(key).copied().or_else(|| {
                let name = find_moved(module, entry)?;
                module.types.iter().position(|t| t.name == name)
            });
            out.extend(at.map(|i| (i, args.clone())));
        }
        out
    }

    /// Each type entry by its current name (an alias entry's `alias:Target` names one).
    pub(crate) fn types_by_name(&self) -> BTreeMap<&str, &Entry> {
        self.entries
            .iter()
            .filter(|(k, _)| k.starts_with("type "))
            .map(|(_, e)| (e.names[0].as_str(), e))
            .collect()
    }

    /// Every name the lock holds, current and earlier: of identical types, the one with a
    /// locked name keeps the definition (`lower::share`).
    pub fn names(&self) -> BTreeSet<String> {
        self.entries
            .values()
            .flat_map(|e| e.names.iter().cloned())
            .collect()
    }

    /// Only `current`'s keys and names: what `--prune-names` writes.
    pub fn pruned(current: &NameLock) -> NameLock {
        current.clone()
    }

    /// The old names `module` must keep as deprecated aliases.
    pub fn renamed(&self, module: &Module) -> Vec<Renamed> {
        let now = NameLock::of(module);
        let mut taken: BTreeSet<String> = module.types.iter().map(|t| t.name.clone()).collect();
        taken.extend(module.types.iter().filter_map(|t| t.required_args.clone()));
        let mut out = Vec::new();
        let methods: BTreeMap<String, usize> = method_keys(module).into_iter().collect();
        let mut method_aliases: BTreeSet<(Option<usize>, String)> = BTreeSet::new();
        for (key, entry) in &self.entries {
            let Some(kind) = key.split(' ').next() else {
                continue;
            };
            let current = now.entries.get(key).map(|e| e.names[0].clone());
            match kind {
                "type" => {
                    let new = current
                        .or_else(|| find_moved(module, entry))
                        .or_else(|| module.moved.get(&entry.names[0]).cloned())
                        .or_else(|| {
                            // An alias of a type that moved: of where it moved.
                            let target = entry.shape.strip_prefix("alias:")?;
                            module.moved.get(target).cloned()
                        });
                    let Some(new) = new else { continue };
                    for old in &entry.names {
                        if *old != new && taken.insert(old.clone()) {
                            out.push(Renamed::Type {
                                old: old.clone(),
                                new: new.clone(),
                            });
                        }
                    }
                }
                "accessor" => {
                    let Some(new) = current else { continue };
                    let op = &key["accessor ".len()..];
                    let new_type = now.entries[&format!("group {op}")].names[0].clone();
                    let old_types = self.entries.get(&format!("group {op}"));
                    for (i, old) in entry.names.iter().enumerate() {
                        let accessor_taken = module.groups.iter().any(|g| g.accessor == *old);
                        let already = out
                            .iter()
                            .any(|r| matches!(r, Renamed::Accessor { old: o, .. } if o == old));
                        if *old == new || accessor_taken || already {
                            continue;
                        }
                        let old_type = old_types
                            .and_then(|e| e.names.get(i))
                            .filter(|t| **t != new_type && taken.insert((*t).clone()))
                            .cloned();
                        out.push(Renamed::Accessor {
                            old: old.clone(),
                            new: new.clone(),
                            old_type,
                            new_type: new_type.clone(),
                        });
                    }
                }
                "method" => {
                    let Some(&i) = methods.get(key) else { continue };
                    let now = &module.methods[i];
                    // Names the method's group (or the client) already has, or an earlier
                    // alias in it took.
                    let used = |name: &str, aliases: &BTreeSet<(Option<usize>, String)>| {
                        aliases.contains(&(now.group, name.to_owned()))
                            || module.methods.iter().any(|m| {
                                m.group == now.group
                                    && (m.name == name || m.with_name.as_deref() == Some(name))
                            })
                    };
                    for old in &entry.names {
                        let with = now.with_name.as_ref().map(|_| format!("{old}_with"));
                        if *old == now.name
                            || used(old, &method_aliases)
                            || with.as_deref().is_some_and(|w| used(w, &method_aliases))
                        {
                            continue;
                        }
                        method_aliases.insert((now.group, old.clone()));
                        method_aliases.extend(with.map(|w| (now.group, w)));
                        out.push(Renamed::Method {
                            old: old.clone(),
                            method: i,
                        });
                    }
                }
                "handler" | "handler-at" => {
                    let at = &key[kind.len() + 1..];
                    let Some(route) = module.mocks.iter().position(|r| {
                        r.operation_id == at || format!("{} {}", r.http_method, r.path) == at
                    }) else {
                        continue;
                    };
                    let new = &module.mocks[route].handler;
                    for old in &entry.names {
                        let used = module.mocks.iter().any(|r| r.handler == *old)
                            || out
                                .iter()
                                .any(|r| matches!(r, Renamed::Handler { old: o, .. } if o == old));
                        if old != new && !used {
                            out.push(Renamed::Handler {
                                old: old.clone(),
                                route,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

impl NameLock {
    /// Keep, as deprecated variants, the values each locked enum had in an earlier
    /// version (its last recorded shape, and what it had dropped before) that the spec no
    /// longer lists. A constant (a one-value enum) is left alone: a second value would
    /// change how `new` fills it in.
    pub fn keep_dropped(&self, module: &mut Module) {
        for (key, i) in type_keys(module) {
            let Some(entry) = self.entries.get(&key) else {
                continue;
            };
            let had: Vec<String> = enum_values(&entry.shape)
                .into_iter()
                .chain(entry.dropped.iter().cloned())
                .collect();
            let TypeKind::Enum { variants } = &mut module.types[i].kind else {
                continue;
            };
            if had.is_empty() || variants.len() < 2 {
                continue;
            }
            let mut namer = crate::naming::Namer::default();
            for v in variants.iter() {
                namer.unique(&v.name);
            }
            for wire in had {
                if variants.iter().any(|v| v.wire == wire) {
                    continue;
                }
                variants.push(crate::ir::EnumVariant {
                    name: namer.unique(&crate::naming::variant_name(&wire)),
                    wire,
                    dropped: true,
                });
            }
        }
    }
}

/// Each public schema type's lock key with its index in `module.types`. Types merged from
/// one schema (`allOf` members) share its pointer: the second and later ones are keyed
/// with their rank among them.
pub(crate) fn type_keys(module: &Module) -> Vec<(String, usize)> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, t) in module.types.iter().enumerate() {
        if is_public_schema_type(t) {
            let n = seen.entry(t.pointer.as_str()).or_default();
            let key = match *n {
                0 => format!("type {}", t.pointer),
                n => format!("type {} #{n}", t.pointer),
            };
            *n += 1;
            out.push((key, i));
        }
    }
    out
}

/// Each method's lock key with its index in `module.methods`: the operation's HTTP method
/// and path template, and the method's rank among the methods of that operation (JSON,
/// stream, multipart forms of one operation are several methods).
pub(crate) fn method_keys(module: &Module) -> Vec<(String, usize)> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, m) in module.methods.iter().enumerate() {
        let path: String = m
            .path
            .iter()
            .map(|p| match p {
                crate::ir::PathPart::Literal(l) => l.clone(),
                crate::ir::PathPart::Param(n) => m
                    .path_params
                    .get(*n)
                    .map_or_else(String::new, |p| format!("{{{}}}", p.wire)),
            })
            .collect();
        let at = format!("{} {path}", m.http_method);
        let n = seen.entry(at.clone()).or_default();
        out.push((format!("method {at} #{n}"), i));
        *n += 1;
    }
    out
}

/// The types a method takes and gives, by slot: `body`, each status (`200`) it decodes,
/// `events` for a stream's items. The name lock records them so that a component the spec
/// renames is found again where the operation points now.
pub(crate) fn method_slots(m: &crate::ir::Method) -> Vec<(String, crate::ir::Ty)> {
    use crate::ir::{Output, Payload, RequestBody};
    let mut out = Vec::new();
    if let Some(RequestBody::Json { ty, .. } | RequestBody::Form { ty, .. }) = &m.body {
        out.push(("body".to_owned(), ty.clone()));
    }
    match &m.output {
        Output::Plain { statuses, .. } => {
            for (status, payload) in statuses {
                if let Payload::Json(ty) = payload {
                    out.push((format!("{status:?}"), ty.clone()));
                }
            }
        }
        Output::Events { item, .. } => out.push(("events".to_owned(), item.clone())),
        Output::ByteStream => {}
    }
    out
}

/// The values an `enum:a,b` shape lists (none for other shapes).
pub(crate) fn enum_values(shape: &str) -> Vec<String> {
    match shape.strip_prefix("enum:") {
        Some("") | None => Vec::new(),
        Some(list) => list.split(',').map(str::to_owned).collect(),
    }
}

/// Schema types (not parameter structs or forms, which follow their operation).
fn is_public_schema_type(t: &TypeDef) -> bool {
    matches!(
        t.kind,
        TypeKind::Struct { .. }
            | TypeKind::Enum { .. }
            | TypeKind::Union { .. }
            | TypeKind::Alias { .. }
    )
}

/// A type's shape: its kind and its property or value names (an alias: its target).
pub(crate) fn shape(t: &TypeDef) -> String {
    match &t.kind {
        TypeKind::Struct { fields, .. } => {
            let mut wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
            wires.sort_unstable();
            format!("struct:{}", wires.join(","))
        }
        TypeKind::Enum { variants } => {
            let mut wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
            wires.sort_unstable();
            format!("enum:{}", wires.join(","))
        }
        TypeKind::Union { variants, .. } => format!("union:{}", variants.len()),
        TypeKind::Alias {
            ty: crate::ir::Ty::Named(target),
        } => format!("alias:{target}"),
        // An alias of a type that is not a schema's (`= String`): what it stands for, so
        // the alias can be kept when the spec drops it.
        TypeKind::Alias { ty } => format!("alias={}", ty.short()),
        _ => "alias".to_owned(),
    }
}

/// True when a type of shape `new` can stand for one of shape `old`: the same kind, and
/// every property or value the old one had (a spec adds them as it moves things).
pub(crate) fn grew_from(old: &str, new: &str) -> bool {
    let (Some((ok, ol)), Some((nk, nl))) = (old.split_once(':'), new.split_once(':')) else {
        return old == new;
    };
    if ok != nk {
        return false;
    }
    if ok == "union" {
        let count = |l: &str| l.parse::<usize>().unwrap_or(usize::MAX);
        return count(ol) <= count(nl);
    }
    let have: BTreeSet<&str> = nl.split(',').collect();
    ol.split(',').all(|w| have.contains(w))
}

/// The current type standing where a key that is gone stood: the target of an alias that
/// still exists; else the same shape (or one that grew from it), and a name
/// that ends like the old one (or the old one like it). `None` when it is not one type.
pub(crate) fn find_moved(module: &Module, entry: &Entry) -> Option<String> {
    let old = entry.names.first()?;
    // An alias of a named type (`ModelArchitectureInstructType = InstructType`) whose
    // position now names that type directly stays an alias of it.
    if let Some(target) = entry.shape.strip_prefix("alias:") {
        let exists = module.types.iter().any(|t| t.name == target);
        return (exists && target != old).then(|| target.to_owned());
    }
    if entry.shape.is_empty() || entry.shape.starts_with("alias") {
        return None;
    }
    let found: Vec<&TypeDef> = module
        .types
        .iter()
        .filter(|t| is_public_schema_type(t) && grew_from(&entry.shape, &shape(t)))
        .filter(|t| {
            let digitless = |n: &str| {
                n.chars()
                    .filter(|c| !c.is_ascii_digit())
                    .collect::<String>()
            };
            old.ends_with(t.name.as_str())
                || t.name.ends_with(old.as_str())
                || digitless(old) == digitless(&t.name)
        })
        .collect();
    match found.as_slice() {
        [one] => Some(one.name.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_round_trips_and_keeps_old_names() {
        let mut a = NameLock::default();
        a.entries.insert(
            "type /components/schemas/X".into(),
            Entry {
                names: vec!["Old".into()],
                shape: "struct:a".into(),
                ..Entry::default()
            },
        );
        let mut b = NameLock::default();
        b.entries.insert(
            "type /components/schemas/X".into(),
            Entry {
                names: vec!["New".into()],
                shape: "struct:a".into(),
                fields: BTreeMap::from([("a".into(), "!Option<Nullable<String>>".into())]),
                ..Entry::default()
            },
        );
        let merged = a.update(&b);
        assert_eq!(
            merged.entries["type /components/schemas/X"].names,
            ["New", "Old"]
        );
        let again = NameLock::parse(&merged.to_json(), "lock").unwrap();
        assert_eq!(again, merged);
        assert!(NameLock::parse("{}", "names.json").is_err());
    }
}
