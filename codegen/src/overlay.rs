//! OpenAPI Overlay 1.0: actions applied to the document before it is normalized, so a
//! spec can be fixed or annotated without editing it.
//!
//! Each action has a `target` (a JSONPath expression) and either `update` (merged into
//! every node the target selects: objects recursively, arrays appended, other values
//! replaced) or `remove: true` (each selected node taken out of its parent). A target
//! that selects nothing is an error naming the overlay, the action and the target.
//!
//! The JSONPath subset: `$`, `.name`, `['name']` / `["name"]` (any characters, `\'`
//! escapes), `[n]`, `.*` / `[*]`, and filters `[?(@.key == 'value')]` /
//! `[?@.key == 'value']` comparing a member to a string, number or boolean.

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
    for (i, action) in actions.iter().enumerate() {
        let at = format!("/actions/{i}");
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            return Err(err(&at, "an action needs a `target` (a JSONPath)".into()));
        };
        let steps = parse(target).map_err(|m| err(&format!("{at}/target"), m))?;
        let mut paths = Vec::new();
        select(doc, &steps, &mut Vec::new(), &mut paths);
        if paths.is_empty() {
            return Err(err(
                &format!("{at}/target"),
                format!("target `{target}` selects nothing in the spec"),
            ));
        }
        let remove = action.get("remove").and_then(Value::as_bool) == Some(true);
        match (action.get("update"), remove) {
            (_, true) => {
                // Deepest and last first, so earlier indices stay valid.
                paths.sort();
                for path in paths.iter().rev() {
                    remove_at(doc, path);
                }
            }
            (Some(update), false) => {
                for path in &paths {
                    if let Some(node) = node_mut(doc, path) {
                        merge(node, update);
                    }
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
                    return Err(bad("empty name after `.` (`..` is not supported)"));
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

fn select(node: &Value, steps: &[Step], at: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    let Some((step, rest)) = steps.split_first() else {
        out.push(at.clone());
        return;
    };
    let mut visit = |child: &Value, seg: Seg, at: &mut Vec<Seg>| {
        at.push(seg);
        select(child, rest, at, out);
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

fn matches(step: &Step, node: &Value) -> bool {
    match step {
        Step::Filter(key, value) => key
            .iter()
            .try_fold(node, |n, k| n.get(k))
            .is_some_and(|v| v == value),
        _ => true,
    }
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
