//! OpenAPI Overlay 1.0: actions applied to the document before it is normalized, so a
//! spec can be fixed or annotated without editing it.
//!
//! Each action has a `target` (a JSONPath expression) and either `update` (merged into
//! every node the target selects: objects recursively, arrays appended, other values
//! replaced) or `remove: true` (each selected node taken out of its parent). A target
//! that selects nothing is an error naming the overlay, the action and the target.
//!
//! The JSONPath subset: `$`, `.name`, `['name']` / `["name"]` (any characters, `\'`
//! escapes), `[n]`, `.*` / `[*]`, descendants (`..name`, `..*`, `..[…]`: the selector
//! applied at every depth), and filters `[?(@.key == 'value')]` / `[?@.key == 'value']`
//! comparing a member to a string, number or boolean.
//!
//! An `update` that is a mapping merges only into mappings: a target that selects a
//! string, number or list for it is an error naming the location, never a silent
//! replacement (a descendant selector can reach a schema keyword that shares a
//! property's name).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::error::Error;

/// Apply the overlay `text` (YAML or JSON; `file` names it in errors) to `doc`.
pub fn apply(doc: &mut Value, text: &str, file: &str) -> Result<(), Error> {
    let (overlay, _) = crate::load::load(text, file)?;
    let err =
        |pointer: &str, msg: String| crate::yaml::locate_error(Error::at(file, pointer, msg), text);
    match overlay.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.") => {}
        Some(v) => return Err(err("/overlay", format!("overlay version `{v}` is not 1.x"))),
        None => {
            return Err(err(
                "",
                "not an overlay: the `overlay` version field (1.0.0) is missing".into(),
            ));
        }
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        return Err(err("", "an overlay needs a list of `actions`".into()));
    };
    let mut parsed = Vec::with_capacity(actions.len());
    for (i, action) in actions.iter().enumerate() {
        let at = format!("/actions/{i}");
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            return Err(err(&at, "an action needs a `target` (a JSONPath)".into()));
        };
        let steps = parse(target).map_err(|m| err(&format!("{at}/target"), m))?;
        parsed.push((at, target, steps));
    }
    let mut pairs = PairIndex::new(parsed.iter().map(|(_, _, steps)| steps.as_slice()));
    for ((at, target, steps), action) in parsed.into_iter().zip(actions) {
        let mut paths = Vec::new();
        select(doc, &steps, &mut Vec::new(), &mut paths, pairs.get(doc));
        if paths.is_empty() {
            return Err(err(
                &format!("{at}/target"),
                format!("target `{target}` selects nothing in the spec"),
            ));
        }
        let remove = action.get("remove").and_then(Value::as_bool) == Some(true);
        match (action.get("update"), remove) {
            (_, true) => {
                pairs.forget();
                // Deepest and last first, so earlier indices stay valid.
                paths.sort();
                for path in paths.iter().rev() {
                    remove_at(doc, path);
                }
            }
            (Some(update), false) => {
                for path in &paths {
                    if let Some(node) = node_mut(doc, path) {
                        if update.is_object() && !node.is_object() {
                            return Err(err(
                                &format!("{at}/target"),
                                format!(
                                    "target `{target}` selects {} at `{}`, and an update mapping merges only into a mapping",
                                    kind(node),
                                    pointer(path)
                                ),
                            ));
                        }
                        merge(node, update);
                    }
                    pairs.after_update(path, update);
                }
            }
            (None, false) => {
                return Err(err(
                    &at,
                    "an action needs `update` or `remove: true`".into(),
                ));
            }
        }
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Name(String),
    Index(usize),
    Wildcard,
    /// The inner selector applied to the node and to every node below it.
    Descendant(Box<Step>),
    /// Members whose `key` (a `.`-separated path) equals the value.
    Filter(Vec<String>, Value),
}

/// A segment of a node's location: a member name or an array index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Seg {
    Key(String),
    Index(usize),
}

fn parse(path: &str) -> Result<Vec<Step>, String> {
    let bad = |why: &str| format!("JSONPath `{path}`: {why}");
    let rest = path
        .strip_prefix('$')
        .ok_or_else(|| bad("must start with `$`"))?;
    let chars: Vec<char> = rest.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'.') => {
                i += 2;
                let inner = match chars.get(i) {
                    Some('*') => {
                        i += 1;
                        Step::Wildcard
                    }
                    Some('[') => {
                        let close = bracket_end(&chars, i).ok_or_else(|| bad("unclosed `[`"))?;
                        let inner: String = chars[i + 1..close].iter().collect();
                        i = close + 1;
                        bracket(inner.trim()).map_err(|m| bad(&m))?
                    }
                    _ => {
                        let start = i;
                        while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                            i += 1;
                        }
                        if start == i {
                            return Err(bad("`..` needs a name, `*` or `[…]` after it"));
                        }
                        Step::Name(chars[start..i].iter().collect())
                    }
                };
                steps.push(Step::Descendant(Box::new(inner)));
            }
            '.' => {
                i += 1;
                if chars.get(i) == Some(&'*') {
                    steps.push(Step::Wildcard);
                    i += 1;
                    continue;
                }
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                if start == i {
                    return Err(bad("empty name after `.`"));
                }
                steps.push(Step::Name(chars[start..i].iter().collect()));
            }
            '[' => {
                let close = bracket_end(&chars, i).ok_or_else(|| bad("unclosed `[`"))?;
                let inner: String = chars[i + 1..close].iter().collect();
                steps.push(bracket(inner.trim()).map_err(|m| bad(&m))?);
                i = close + 1;
            }
            c => return Err(bad(&format!("unexpected `{c}`"))),
        }
    }
    Ok(steps)
}

/// The `]` closing the bracket at `open`, skipping quoted text.
fn bracket_end(chars: &[char], open: usize) -> Option<usize> {
    let mut quote = None;
    let mut i = open + 1;
    while i < chars.len() {
        match (quote, chars[i]) {
            (Some(_), '\\') => i += 1,
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(chars[i]),
            (None, ']') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

fn bracket(inner: &str) -> Result<Step, String> {
    if inner == "*" {
        return Ok(Step::Wildcard);
    }
    if let Some(name) = quoted(inner) {
        return Ok(Step::Name(name));
    }
    if let Ok(n) = inner.parse::<usize>() {
        return Ok(Step::Index(n));
    }
    if let Some(f) = inner.strip_prefix('?') {
        let f = f.trim();
        let f = f
            .strip_prefix('(')
            .and_then(|f| f.strip_suffix(')'))
            .unwrap_or(f);
        let (lhs, rhs) = f
            .split_once("==")
            .ok_or("a filter must compare with `==`")?;
        let key = lhs
            .trim()
            .strip_prefix("@.")
            .ok_or("a filter's left side must be `@.name`")?;
        let rhs = rhs.trim();
        let value = match quoted(rhs) {
            Some(s) => Value::String(s),
            None => serde_json::from_str(rhs).map_err(|_| format!("cannot read `{rhs}`"))?,
        };
        return Ok(Step::Filter(
            key.split('.').map(str::to_owned).collect(),
            value,
        ));
    }
    Err(format!("unsupported selector `[{inner}]`"))
}

/// A `'...'` or `"..."` literal with backslash escapes.
fn quoted(s: &str) -> Option<String> {
    let q = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let body = s.strip_prefix(q)?.strip_suffix(q)?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn select(
    node: &Value,
    steps: &[Step],
    at: &mut Vec<Seg>,
    out: &mut Vec<Vec<Seg>>,
    pairs: Option<&Pairs>,
) {
    let Some((step, rest)) = steps.split_first() else {
        out.push(at.clone());
        return;
    };
    // `..a.b` from the index: every member `b` of a mapping that is member `a` of a
    // mapping below here, in document order, without walking the tree.
    if let (Step::Descendant(inner), Some(pairs)) = (step, pairs) {
        if let (Step::Name(a), Some((Step::Name(b), rest))) = (&**inner, rest.split_first()) {
            for path in pairs.get(&(a.clone(), b.clone())).into_iter().flatten() {
                let Some(below) = path.strip_prefix(at.as_slice()) else {
                    continue;
                };
                // A member of `..a` at this node itself, or at any depth below it.
                if let Some(found) = node_at(node, below) {
                    let mut here = path.clone();
                    select(found, rest, &mut here, out, Some(pairs));
                }
            }
            return;
        }
    }
    if let Step::Descendant(inner) = step {
        // The node itself, then every node below it, in document order.
        let mut here = Vec::with_capacity(steps.len());
        here.push((**inner).clone());
        here.extend_from_slice(rest);
        select(node, &here, at, out, pairs);
        let children: Vec<(Seg, &Value)> = match node {
            Value::Object(m) => m.iter().map(|(k, c)| (Seg::Key(k.clone()), c)).collect(),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, c)| (Seg::Index(i), c))
                .collect(),
            _ => Vec::new(),
        };
        for (seg, child) in children {
            at.push(seg);
            select(child, steps, at, out, pairs);
            at.pop();
        }
        return;
    }
    let mut visit = |child: &Value, seg: Seg, at: &mut Vec<Seg>| {
        at.push(seg);
        select(child, rest, at, out, pairs);
        at.pop();
    };
    match (step, node) {
        (Step::Name(n), Value::Object(m)) => {
            if let Some(c) = m.get(n) {
                visit(c, Seg::Key(n.clone()), at);
            }
        }
        (Step::Index(i), Value::Array(a)) => {
            if let Some(c) = a.get(*i) {
                visit(c, Seg::Index(*i), at);
            }
        }
        (Step::Wildcard | Step::Filter(..), Value::Object(m)) => {
            for (k, c) in m {
                if matches(step, c) {
                    visit(c, Seg::Key(k.clone()), at);
                }
            }
        }
        (Step::Wildcard | Step::Filter(..), Value::Array(a)) => {
            for (i, c) in a.iter().enumerate() {
                if matches(step, c) {
                    visit(c, Seg::Index(i), at);
                }
            }
        }
        _ => {}
    }
}

fn kind(node: &Value) -> &'static str {
    match node {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A node's location as a JSON pointer.
fn pointer(path: &[Seg]) -> String {
    path.iter()
        .map(|seg| match seg {
            Seg::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => format!("/{i}"),
        })
        .collect()
}

fn matches(step: &Step, node: &Value) -> bool {
    match step {
        Step::Filter(key, value) => key
            .iter()
            .try_fold(node, |n, k| n.get(k))
            .is_some_and(|v| v == value),
        _ => true,
    }
}

/// Member paths by (parent's name, own name): `Pairs[(a, b)]` holds, in document order,
/// the path of every member `b` of a mapping that is itself member `a` of a mapping.
type Pairs = HashMap<(String, String), Vec<Vec<Seg>>>;

/// The index `..a.b` selectors read instead of walking the whole document once per
/// action (an overlay documenting properties by name has hundreds of `$..properties.x`
/// actions). Only names `a` some action asks for are indexed. Built on first use and
/// dropped by any action that could change what it holds: a removal, or an update that
/// adds lists or mappings, adds a member named like an indexed `a`, or merges into a
/// member named like one. Updates that only set text (descriptions) keep it.
struct PairIndex {
    wanted: HashSet<String>,
    built: Option<Pairs>,
}

impl PairIndex {
    fn new<'a>(targets: impl Iterator<Item = &'a [Step]>) -> PairIndex {
        let mut wanted = HashSet::new();
        for steps in targets {
            for w in steps.windows(2) {
                if let (Step::Descendant(inner), Step::Name(_)) = (&w[0], &w[1]) {
                    if let Step::Name(a) = &**inner {
                        wanted.insert(a.clone());
                    }
                }
            }
        }
        PairIndex {
            wanted,
            built: None,
        }
    }

    fn get(&mut self, doc: &Value) -> Option<&Pairs> {
        if self.wanted.is_empty() {
            return None;
        }
        if self.built.is_none() {
            let mut pairs = Pairs::new();
            index_pairs(doc, &self.wanted, &mut Vec::new(), &mut pairs);
            self.built = Some(pairs);
        }
        self.built.as_ref()
    }

    fn forget(&mut self) {
        self.built = None;
    }

    fn after_update(&mut self, path: &[Seg], update: &Value) {
        let into_wanted = matches!(path.last(), Some(Seg::Key(k)) if self.wanted.contains(k));
        let adds_structure = match update {
            Value::Object(m) => m
                .iter()
                .any(|(k, v)| v.is_object() || v.is_array() || self.wanted.contains(k)),
            _ => true,
        };
        if into_wanted || adds_structure {
            self.forget();
        }
    }
}

fn index_pairs(node: &Value, wanted: &HashSet<String>, at: &mut Vec<Seg>, out: &mut Pairs) {
    // The order a walk selects in: a node's own `a.b` members before anything below it.
    match node {
        Value::Object(m) => {
            for (k, child) in m {
                if let (true, Value::Object(members)) = (wanted.contains(k), child) {
                    for b in members.keys() {
                        let mut path = at.clone();
                        path.extend([Seg::Key(k.clone()), Seg::Key(b.clone())]);
                        out.entry((k.clone(), b.clone())).or_default().push(path);
                    }
                }
            }
            for (k, child) in m {
                at.push(Seg::Key(k.clone()));
                index_pairs(child, wanted, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                at.push(Seg::Index(i));
                index_pairs(child, wanted, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node_at<'a>(node: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(node, |n, seg| match seg {
        Seg::Key(k) => n.get(k),
        Seg::Index(i) => n.get(*i),
    })
}

fn node_mut<'a>(doc: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |n, seg| match seg {
        Seg::Key(k) => n.get_mut(k),
        Seg::Index(i) => n.get_mut(*i),
    })
}

fn remove_at(doc: &mut Value, path: &[Seg]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    match (node_mut(doc, parent), last) {
        (Some(Value::Object(m)), Seg::Key(k)) => {
            m.shift_remove(k);
        }
        (Some(Value::Array(a)), Seg::Index(i)) if *i < a.len() => {
            a.remove(*i);
        }
        _ => {}
    }
}

/// Overlay 1.0's update: objects merged member by member, arrays appended, anything
/// else replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (k, v) in u {
                match t.get_mut(k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(u)) => t.extend(u.iter().cloned()),
        (Value::Array(t), u) => t.push(u.clone()),
        (t, u) => *t = u.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(doc: Value, overlay: &str) -> Result<Value, String> {
        let mut doc = doc;
        apply(&mut doc, overlay, "fix.yaml").map_err(|e| e.to_string())?;
        Ok(doc)
    }

    #[test]
    fn update_and_remove() {
        let doc = json!({
            "paths": {"/models": {"get": {"operationId": "getModels"}}},
            "components": {"schemas": {"M": {"required": ["a", "links"], "properties": {"a": {}}}}}
        });
        let out = run(
            doc,
            "overlay: 1.0.0
info: {title: fix, version: '1'}
actions:
  - target: \"$.paths['/models'].get\"
    update: {description: Lists models.}
  - target: $.components.schemas.M.required[1]
    remove: true
  - target: $.paths.*[?(@.operationId == 'getModels')]
    update: {tags: [Models]}
",
        )
        .unwrap();
        assert_eq!(
            out["paths"]["/models"]["get"],
            json!({"operationId": "getModels", "description": "Lists models.", "tags": ["Models"]})
        );
        assert_eq!(out["components"]["schemas"]["M"]["required"], json!(["a"]));
    }

    #[test]
    fn descendants_reach_every_depth_and_never_replace_a_keyword() {
        let doc = json!({"components": {"schemas": {
            "A": {"properties": {"id": {"type": "string"}, "inner": {"properties": {"id": {}}}}},
            "B": {"items": {"properties": {"id": {"$ref": "#/x"}}}}
        }}});
        let out = run(
            doc.clone(),
            "overlay: 1.0.0\nactions:\n  - target: $.components..properties.id\n    update: {description: Its id.}\n",
        )
        .unwrap();
        let s = &out["components"]["schemas"];
        for id in [
            &s["A"]["properties"]["id"],
            &s["A"]["properties"]["inner"]["properties"]["id"],
            &s["B"]["items"]["properties"]["id"],
        ] {
            assert_eq!(id["description"], "Its id.", "{out}");
        }
        assert_eq!(s["B"]["items"]["properties"]["id"]["$ref"], "#/x");
        // `..properties` also finds a property named `properties`, whose `type` is a
        // keyword (a string): an update mapping must not replace it.
        let doc = json!({"components": {"schemas": {"S": {"properties": {
            "properties": {"type": "object"}
        }}}}});
        let e = run(
            doc,
            "overlay: 1.0.0\nactions:\n  - target: $..properties.type\n    update: {description: Kind.}\n",
        )
        .unwrap_err();
        assert!(
            e.contains("selects a string at `/components/schemas/S/properties/properties/type`"),
            "{e}"
        );
    }

    #[test]
    fn the_pair_index_selects_what_the_walk_selects() {
        let doc = json!({"a": {"properties": {"x": {"properties": {"x": {}, "y": []}}}},
            "b": [{"properties": {"x": 1}}, {"c": {"properties": {"y": {"properties": {}}}}}],
            "properties": {"x": {}}});
        for target in [
            "$..properties.x",
            "$.b..properties.y",
            "$.a..properties.x",
            "$..properties.z",
        ] {
            let steps = parse(target).unwrap();
            let mut index = PairIndex::new(std::iter::once(steps.as_slice()));
            let (mut walked, mut indexed) = (Vec::new(), Vec::new());
            select(&doc, &steps, &mut Vec::new(), &mut walked, None);
            select(&doc, &steps, &mut Vec::new(), &mut indexed, index.get(&doc));
            assert_eq!(walked, indexed, "{target}");
        }
    }

    #[test]
    fn errors_name_the_action() {
        let doc = json!({"paths": {}});
        let e = run(
            doc.clone(),
            "overlay: 1.0.0\nactions:\n  - target: $.paths.nope\n    update: {}\n",
        )
        .unwrap_err();
        assert!(
            e.contains("fix.yaml: #/actions/0/target") && e.contains("selects nothing"),
            "{e}"
        );
        let e = run(doc.clone(), "actions: []\n").unwrap_err();
        assert!(e.contains("not an overlay"), "{e}");
        let e = run(
            doc,
            "overlay: 1.0.0\nactions:\n  - target: paths\n    remove: true\n",
        )
        .unwrap_err();
        assert!(e.contains("must start with `$`"), "{e}");
    }
}
