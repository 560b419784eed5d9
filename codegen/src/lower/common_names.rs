//! A type several positions share is named for what they have in common, not after
//! whichever came first: the error data of every status is `ResponseErrorData`, not
//! `BadGatewayResponseErrorData`, and the answer of every key-creating operation is
//! `ByokKeyResponse`. (An inline enum shared by value is an alias per position, named
//! for it: `lower::types`.) The name it had stays, as an alias (a program that named it
//! keeps compiling), and references are written with the common name.
//!
//! The common name is the longest common ending of the sharing names when it has two
//! words or more (`…ResponseErrorData`); one word (`…Response`) is too vague, and a
//! struct with one property is then named for it (`ErrorResponse`). A name that is taken
//! is not used. The alias keeps its position's key in a name lock under its own pointer
//! (`…#shared`), so the lock follows the common name without shifting other keys.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{Docs, Ty, TypeDef, TypeKind};
use crate::naming::{Namer, camel_words, field_name, type_name};

/// Rename shared types to their common names. `groups`: each shared type's current name
/// and the names of the positions sharing it (its own first).
pub(super) fn apply(
    types: &mut Vec<TypeDef>,
    groups: &BTreeMap<String, Vec<String>>,
    namer: &mut Namer,
) {
    let mut renamed: HashMap<String, String> = HashMap::new();
    for (current, names) in groups {
        let Some(def) = types
            .iter()
            .find(|t| t.name == *current && !matches!(t.kind, TypeKind::Alias { .. }))
        else {
            continue;
        };
        let Some(common) = common_name(names, &def.kind) else {
            continue;
        };
        if common == *current || !namer.try_reserve(&common) {
            continue;
        }
        renamed.insert(current.clone(), common);
    }
    if renamed.is_empty() {
        return;
    }
    for t in types.iter_mut() {
        rename_refs(&mut t.kind, &renamed);
    }
    let mut aliases = Vec::new();
    for t in types.iter_mut() {
        if let Some(common) = renamed.get(&t.name) {
            let old = std::mem::replace(&mut t.name, common.clone());
            let mut docs = Docs::default();
            docs.notes.push(format!(
                "The same type as [`{common}`], which several positions share."
            ));
            aliases.push(TypeDef {
                name: old,
                pointer: format!("{}#shared", t.pointer),
                docs,
                deprecated: false,
                kind: TypeKind::Alias {
                    ty: Ty::Named(common.clone()),
                },
                examples: Vec::new(),
                required_args: None,
            });
        }
    }
    types.extend(aliases);
}

/// The common name of `names` for a type of `kind`, if there is a good one.
fn common_name(names: &[String], kind: &TypeKind) -> Option<String> {
    // A family of three or more has a name in common.
    if names.len() < 3 {
        return None;
    }
    let words: Vec<Vec<&str>> = names.iter().map(|n| camel_words(n)).collect();
    let shortest = words.iter().map(Vec::len).min()?;
    let mut common = 0;
    while common < shortest {
        let w = words[0][words[0].len() - 1 - common];
        if words.iter().all(|ws| ws[ws.len() - 1 - common] == w) {
            common += 1;
        } else {
            break;
        }
    }
    let first = &words[0];
    let mut ending: Vec<&str> = first[first.len() - common..].to_vec();
    // Words that say where in a message a type sits, not what it is: an ending led by
    // one (`RequestProvider`, `MessageContent`) names nothing on its own.
    while ending.len() > 2 && POSITION_WORDS.contains(&ending[0]) {
        ending.remove(0);
    }
    let vague = |e: &[&str]| {
        POSITION_WORDS.contains(&e[0]) || matches!(e.last(), Some(&("Item" | "Items")))
    };
    match (ending.len(), kind) {
        (0, _) => None,
        (1, TypeKind::Struct { fields, .. })
            if fields.iter().filter(|f| f.required).count() == 1 =>
        {
            let one = fields.iter().find(|f| f.required)?;
            let field = type_name(crate::naming::unraw(&field_name(&one.wire)));
            Some(format!("{field}{}", ending[0]))
        }
        (1, _) => None,
        _ if vague(&ending) => None,
        _ if ending[0].starts_with(|c: char| c.is_ascii_uppercase()) => Some(ending.concat()),
        _ => None,
    }
}

/// Position words ([`common_name`]).
const POSITION_WORDS: &[&str] = &[
    "Request",
    "Requests",
    "Response",
    "Responses",
    "Item",
    "Items",
    "Input",
    "Inputs",
    "Output",
    "Outputs",
    "Message",
    "Messages",
    "Content",
    "Part",
    "Parts",
    "Tool",
    "Tools",
    "Result",
    "Results",
    "Event",
    "Events",
    "Block",
    "Call",
    "Param",
    "Params",
    "Value",
];

fn rename_refs(kind: &mut TypeKind, renamed: &HashMap<String, String>) {
    let to = |n: &str| renamed.get(n).cloned().unwrap_or_else(|| n.to_owned());
    let rename = |ty: &mut Ty| super::share::map_names(ty, &to);
    match kind {
        TypeKind::Struct {
            fields, additional, ..
        } => {
            fields.iter_mut().for_each(|f| rename(&mut f.ty));
            if let Some(a) = additional {
                rename(a);
            }
        }
        TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|v| rename(&mut v.ty)),
        TypeKind::Alias { ty } => rename(ty),
        TypeKind::Params { params } => params.iter_mut().for_each(|p| rename(&mut p.ty)),
        TypeKind::Multipart { .. } | TypeKind::Enum { .. } => {}
    }
}
