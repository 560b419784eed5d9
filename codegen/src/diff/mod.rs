//! The API changes between two versions of a spec, as a client sees them: operations
//! added, removed and changed (by operationId), and for every component schema an
//! operation reaches, what changed in it, each classified as breaking or not **for a
//! client**, and on which side (request: what callers send; response: what they read).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

mod attribute;
mod report;
mod surface;

pub use surface::{RustDiff, rust_diff};

pub use report::{Entry, Summary};

use crate::error::Error;
use crate::model::{Operation, ParamIn, Schema, Spec, Status, Type};

/// Where a change bites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Side {
    /// What callers send (parameters, request bodies).
    Request,
    /// What callers read (response bodies).
    Response,
    /// The operation itself (its existence, method, path, statuses, media types).
    Operation,
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// A short kind: `property-added`, `type-changed`, `enum-value-removed`, ...
    pub kind: &'static str,
    /// What changed, in words.
    pub detail: String,
    /// Whether code written against the old version can break.
    pub breaking: bool,
    /// Where it bites.
    pub side: Side,
    /// The property path of the object it happened in (`provider.options`; empty at the
    /// root), so changes of one kind to siblings can be told together.
    pub at: String,
    /// The property, enum value or union member it is about, when it is about one.
    pub item: Option<String>,
}

/// The changes between two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiDiff {
    /// operationIds only in the new version.
    pub added: Vec<String>,
    /// operationIds only in the old version.
    pub removed: Vec<String>,
    /// Changes of operations in both, by operationId.
    pub changed: BTreeMap<String, Vec<Change>>,
    /// Changes of component schemas reachable from operations, by schema name.
    pub schemas: BTreeMap<String, Vec<Change>>,
    /// For each changed schema, the operations (new version) that reach it.
    pub used_by: BTreeMap<String, Vec<String>>,
    /// The generated Rust name of each operation (`op:<id>`: `client.chat().send()`, under
    /// the default grouping) and schema (`schema:<name>`: `types::ChatRequest`), from the
    /// version it is in (the new one when in both).
    pub rust_names: BTreeMap<String, String>,
    /// The changes (subject, kind, object path) behind breaks of the Rust API, once
    /// [`RustDiff::attribute`] has run; until then entries guess from their kind.
    pub(crate) rust_changes: Option<BTreeSet<(String, &'static str, String)>>,
    /// For each component schema, the components it extends through `allOf` (directly or
    /// through them), in either version: a change to a base is a change to its types.
    pub(crate) bases: BTreeMap<String, BTreeSet<String>>,
}

impl ApiDiff {
    /// Every change with its side: `{"operations": {"added", "removed", "changed"}, "schemas"}`.
    fn raw_json(&self) -> Value {
        let change = |c: &Change| {
            json!({
                "kind": c.kind,
                "detail": c.detail,
                "breaking": c.breaking,
                "side": match c.side { Side::Request => "request", Side::Response => "response", Side::Operation => "operation" },
            })
        };
        json!({
            "operations": {
                "added": self.added,
                "removed": self.removed,
                "changed": self.changed.iter().map(|(id, cs)| json!({
                    "operation": id,
                    "changes": cs.iter().map(change).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            },
            "schemas": self.schemas.iter().map(|(name, cs)| json!({
                "schema": name,
                "used_by": self.used_by.get(name).cloned().unwrap_or_default(),
                "changes": cs.iter().map(change).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// Compare two spec texts (YAML or JSON).
pub fn diff(old: &str, old_name: &str, new: &str, new_name: &str) -> Result<ApiDiff, Error> {
    let load = |text: &str, name: &str| -> Result<Spec, Error> {
        let (doc, _) = crate::load::load(text, name)?;
        crate::normalize::normalize(&doc, name, false).map(|(s, _)| s)
    };
    let (a, b) = (load(old, old_name)?, load(new, new_name)?);
    Ok(compare(&a, &b))
}

fn compare(a: &Spec, b: &Spec) -> ApiDiff {
    let mut d = ApiDiff::default();
    for spec in [a, b] {
        d.rust_names.extend(rust_names(spec));
        for (name, base) in bases(spec) {
            d.bases.entry(name).or_default().extend(base);
        }
    }
    let ops_a: BTreeMap<&str, &Operation> =
        a.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let ops_b: BTreeMap<&str, &Operation> =
        b.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    d.added = ops_b
        .keys()
        .filter(|k| !ops_a.contains_key(*k))
        .map(|k| (*k).to_owned())
        .collect();
    d.removed = ops_a
        .keys()
        .filter(|k| !ops_b.contains_key(*k))
        .map(|k| (*k).to_owned())
        .collect();
    for (id, oa) in &ops_a {
        if let Some(ob) = ops_b.get(id) {
            let cs = operation_changes(oa, ob);
            if !cs.is_empty() {
                d.changed.insert((*id).to_owned(), cs);
            }
        }
    }
    // Which schemas each side of each operation reaches, in both versions.
    let sides_a = reach(a);
    let sides_b = reach(b);
    let comps_a: HashMap<&str, &Schema> = a.schemas.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let comps_b: HashMap<&str, &Schema> = b.schemas.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let names: BTreeSet<&String> = sides_a.keys().chain(sides_b.keys()).collect();
    let renamed = renamed_components(&comps_a, &comps_b, &sides_a);
    for name in names {
        // A schema the new version renamed is compared with the one it became; removed
        // and added ones show as property, member and operation changes.
        let new_name = renamed.get(name.as_str()).copied().unwrap_or(name.as_str());
        let (Some(sa), Some(sb)) = (comps_a.get(name.as_str()), comps_b.get(new_name)) else {
            continue;
        };
        let mut sides = BTreeSet::new();
        for map in [&sides_a, &sides_b] {
            if let Some((s, _)) = map.get(name) {
                sides.extend(s.iter().copied());
            }
        }
        // A schema rebuilt on other `allOf` members (its properties moved into a base
        // it now extends) is compared by what it holds, members merged in; with the same
        // members, by its own part (the members are compared on their own).
        let refs = |s: &Schema| -> Vec<Option<String>> {
            s.all_of.iter().map(|m| m.reference.clone()).collect()
        };
        let (sa, sb) = if refs(sa) == refs(sb) {
            ((*sa).clone(), (*sb).clone())
        } else {
            (merged(sa, &comps_a, 0), merged(sb, &comps_b, 0))
        };
        let mut cs = Vec::new();
        for side in sides {
            schema_changes(&sa, &sb, "", side, &mut cs, 0);
        }
        if new_name != name.as_str() && !cs.is_empty() {
            cs.insert(
                0,
                Change {
                    kind: "schema-renamed",
                    detail: format!("renamed to `{new_name}`; compared with it"),
                    breaking: false,
                    side: Side::Operation,
                    at: String::new(),
                    item: None,
                },
            );
        }
        if !cs.is_empty() {
            let users: BTreeSet<String> = sides_b
                .get(new_name)
                .map(|(_, ops)| ops.clone())
                .unwrap_or_default();
            d.used_by.insert(name.clone(), users.into_iter().collect());
            d.schemas.insert(name.clone(), cs);
        }
    }
    d
}

/// Components only the old version has, reached by an operation, that the new version
/// renamed: one component only the new version has whose name ends like the old one's
/// (or the old one's like it: `AnthropicServerToolUseBlock` →
/// `ORAnthropicServerToolUseBlock`) and that has every property the old one had.
fn renamed_components<'a>(
    comps_a: &HashMap<&'a str, &'a Schema>,
    comps_b: &HashMap<&'a str, &'a Schema>,
    reached: &Reach,
) -> BTreeMap<&'a str, &'a str> {
    let props =
        |s: &Schema| -> BTreeSet<String> { s.properties.iter().map(|(n, _)| n.clone()).collect() };
    let mut out = BTreeMap::new();
    for (&old, &sa) in comps_a {
        if comps_b.contains_key(old) || !reached.contains_key(old) || sa.properties.is_empty() {
            continue;
        }
        let (low, had) = (old.to_ascii_lowercase(), props(sa));
        let found: Vec<&str> = comps_b
            .iter()
            .filter(|(new, _)| !comps_a.contains_key(*new))
            .filter(|(new, sb)| {
                let n = new.to_ascii_lowercase();
                (n.ends_with(&low) || low.ends_with(&n)) && had.is_subset(&props(sb))
            })
            .map(|(new, _)| *new)
            .collect();
        if let [one] = found.as_slice() {
            out.insert(old, *one);
        }
    }
    out
}

/// For each component schema, the components its `allOf` members name (followed through
/// those, and through a nullable union of one member).
fn bases(spec: &Spec) -> BTreeMap<String, BTreeSet<String>> {
    let comps: HashMap<&str, &Schema> = spec.schemas.iter().map(|(n, s)| (n.as_str(), s)).collect();
    fn direct(s: &Schema) -> Vec<String> {
        let members: Vec<&Schema> = s.one_of.iter().chain(&s.any_of).collect();
        let mut out: Vec<String> = s
            .all_of
            .iter()
            .filter_map(|m| m.reference.clone())
            .collect();
        for m in &s.all_of {
            out.extend(direct(m));
        }
        if let [only] = members.as_slice() {
            out.extend(direct(only));
        }
        out
    }
    let mut out = BTreeMap::new();
    for (name, schema) in &spec.schemas {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut todo = direct(schema);
        while let Some(n) = todo.pop() {
            if seen.insert(n.clone()) {
                if let Some(c) = comps.get(n.as_str()) {
                    todo.extend(direct(c));
                }
            }
        }
        if !seen.is_empty() {
            out.insert(name.clone(), seen);
        }
    }
    out
}

/// `s` with its `allOf` members' properties (references followed) merged into its own.
fn merged(s: &Schema, comps: &HashMap<&str, &Schema>, depth: usize) -> Schema {
    // `anyOf: [{allOf: …}, {type: 'null'}]` (3.1's nullable) is its one member, nullable.
    let members: Vec<&Schema> = s.one_of.iter().chain(&s.any_of).collect();
    if let ([only], true) = (
        members.as_slice(),
        s.properties.is_empty() && s.all_of.is_empty(),
    ) {
        if only.reference.is_none() && depth <= 8 {
            let mut out = merged(only, comps, depth + 1);
            out.nullable |= s.nullable;
            out.description = s.description.clone().or(out.description);
            return out;
        }
    }
    let mut out = Schema {
        all_of: Vec::new(),
        ..s.clone()
    };
    if depth > 8 {
        return out;
    }
    for m in &s.all_of {
        let member = match &m.reference {
            Some(r) => match comps.get(r.as_str()) {
                Some(c) => merged(c, comps, depth + 1),
                None => continue,
            },
            None => merged(m, comps, depth + 1),
        };
        for (name, prop) in member.properties {
            if !out.properties.iter().any(|(n, _)| *n == name) {
                out.properties.push((name, prop));
            }
        }
        for r in member.required {
            if !out.required.contains(&r) {
                out.required.push(r);
            }
        }
        if out.types.is_empty() {
            out.types = member.types;
        }
    }
    out
}

/// Rust names of a version's operations and schemas (`op:<id>`, `schema:<name>`).
fn rust_names(spec: &Spec) -> BTreeMap<String, String> {
    let plan = crate::lower::groups::plan(spec, crate::settings::Grouping::Extensions);
    let mut out = BTreeMap::new();
    for (op, (group, base)) in spec.operations.iter().zip(&plan.operations) {
        let call = match group {
            Some(g) => format!(
                "client.{}().{}()",
                crate::naming::unraw(&plan.groups[*g].accessor),
                crate::naming::unraw(base)
            ),
            None => format!("client.{}()", crate::naming::unraw(base)),
        };
        out.insert(format!("op:{}", op.id), call);
    }
    for (name, _) in &spec.schemas {
        out.insert(
            format!("schema:{name}"),
            format!("types::{}", crate::naming::type_name(name)),
        );
    }
    out
}

type Reach = BTreeMap<String, (BTreeSet<Side>, BTreeSet<String>)>;

/// For each component schema: the sides it is used on and the operations that reach it.
fn reach(spec: &Spec) -> Reach {
    let comps: HashMap<&str, &Schema> = spec.schemas.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let mut out: Reach = BTreeMap::new();
    for op in &spec.operations {
        let mut visit = |roots: Vec<&Schema>, side: Side| {
            let mut todo: Vec<String> = Vec::new();
            for r in roots {
                r.referenced(&mut todo);
            }
            let mut seen = BTreeSet::new();
            while let Some(n) = todo.pop() {
                if !seen.insert(n.clone()) {
                    continue;
                }
                if let Some(s) = comps.get(n.as_str()) {
                    s.referenced(&mut todo);
                }
                let e = out.entry(n).or_default();
                e.0.insert(side);
                e.1.insert(op.id.clone());
            }
        };
        visit(op.request_schemas().collect(), Side::Request);
        visit(op.response_schemas().collect(), Side::Response);
    }
    out
}

fn status_text(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_owned(),
    }
}

fn operation_changes(a: &Operation, b: &Operation) -> Vec<Change> {
    let mut cs = Vec::new();
    let mut push = |kind, detail: String, breaking, side| {
        cs.push(Change {
            at: String::new(),
            item: None,
            kind,
            detail,
            breaking,
            side,
        })
    };
    if a.method != b.method || a.path != b.path {
        push(
            "route-changed",
            format!(
                "{} {} became {} {}",
                a.method.to_uppercase(),
                a.path,
                b.method.to_uppercase(),
                b.path
            ),
            true,
            Side::Operation,
        );
    }
    let key = |p: &crate::model::Parameter| (p.name.clone(), format!("{:?}", p.location));
    let pa: BTreeMap<_, _> = a.parameters.iter().map(|p| (key(p), p)).collect();
    let pb: BTreeMap<_, _> = b.parameters.iter().map(|p| (key(p), p)).collect();
    for (k, p) in &pb {
        match pa.get(k) {
            None => push(
                "parameter-added",
                format!(
                    "{} parameter `{}` added{}",
                    loc(p.location),
                    p.name,
                    if p.required { " (required)" } else { "" }
                ),
                p.required,
                Side::Request,
            ),
            Some(old) if !old.required && p.required => push(
                "parameter-required",
                format!("{} parameter `{}` became required", loc(p.location), p.name),
                true,
                Side::Request,
            ),
            Some(old) if old.required && !p.required => push(
                "parameter-optional",
                format!("{} parameter `{}` became optional", loc(p.location), p.name),
                false,
                Side::Request,
            ),
            Some(_) => {}
        }
    }
    for (k, p) in &pa {
        if !pb.contains_key(k) {
            push(
                "parameter-removed",
                format!("{} parameter `{}` removed", loc(p.location), p.name),
                true,
                Side::Request,
            );
        }
    }
    let media = |o: &Operation| -> BTreeSet<String> {
        o.body
            .iter()
            .flat_map(|b| b.content.iter().map(|m| m.mime.clone()))
            .collect()
    };
    let (ma, mb) = (media(a), media(b));
    for m in mb.difference(&ma) {
        push(
            "request-media-added",
            format!("request media type `{m}` added"),
            false,
            Side::Request,
        );
    }
    for m in ma.difference(&mb) {
        push(
            "request-media-removed",
            format!("request media type `{m}` removed"),
            true,
            Side::Request,
        );
    }
    if a.body.as_ref().is_some_and(|x| !x.required) && b.body.as_ref().is_some_and(|x| x.required) {
        push(
            "body-required",
            "the request body became required".to_owned(),
            true,
            Side::Request,
        );
    }
    let statuses = |o: &Operation| -> BTreeMap<Status, BTreeSet<String>> {
        o.responses
            .iter()
            .map(|r| (r.status, r.content.iter().map(|m| m.mime.clone()).collect()))
            .collect()
    };
    let (sa, sb) = (statuses(a), statuses(b));
    for (s, mimes) in &sb {
        match sa.get(s) {
            None => {
                let success = matches!(s, Status::Code(200..=299) | Status::Range(2));
                push(
                    "status-added",
                    format!("response status {} added", status_text(*s)),
                    success,
                    Side::Response,
                );
            }
            Some(old) => {
                for m in mimes.difference(old) {
                    push(
                        "response-media-added",
                        format!("status {}: media type `{m}` added", status_text(*s)),
                        false,
                        Side::Response,
                    );
                }
                for m in old.difference(mimes) {
                    push(
                        "response-media-removed",
                        format!("status {}: media type `{m}` removed", status_text(*s)),
                        true,
                        Side::Response,
                    );
                }
            }
        }
    }
    for s in sa.keys().filter(|s| !sb.contains_key(s)) {
        let success = matches!(s, Status::Code(200..=299) | Status::Range(2));
        push(
            "status-removed",
            format!("response status {} removed", status_text(*s)),
            success,
            Side::Response,
        );
    }
    body_changes(a, b, &mut cs);
    cs
}

/// Changes inside the bodies an operation declares inline (a body that names a
/// component is that component's, compared on its own): the request's and each
/// response's with the same media type in both versions.
fn body_changes(a: &Operation, b: &Operation, out: &mut Vec<Change>) {
    let bodies = |o: &Operation| -> Vec<(Side, String, Schema)> {
        let request = o.body.iter().flat_map(|body| {
            body.content.iter().filter_map(|m| {
                let s = m.schema.clone()?;
                Some((Side::Request, format!("request {}", m.mime), s))
            })
        });
        let responses = o.responses.iter().flat_map(|r| {
            r.content.iter().filter_map(move |m| {
                let s = m.schema.clone()?;
                let at = format!("status {} {}", status_text(r.status), m.mime);
                Some((Side::Response, at, s))
            })
        });
        request.chain(responses).collect()
    };
    let old = bodies(a);
    for (side, at, sb) in bodies(b) {
        let Some((_, _, sa)) = old.iter().find(|(s, a, _)| *s == side && *a == at) else {
            continue;
        };
        if sa.reference.is_none() && sb.reference.is_none() {
            schema_changes(sa, &sb, "", side, out, 0);
        }
    }
}

fn loc(l: ParamIn) -> &'static str {
    match l {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    }
}

/// Every value of types `narrow` is one of types `wide` (an integer is a number).
fn widens(narrow: &[Type], wide: &[Type]) -> bool {
    narrow
        .iter()
        .all(|t| wide.contains(t) || (*t == Type::Integer && wide.contains(&Type::Number)))
}

fn type_label(s: &Schema) -> String {
    if let Some(r) = &s.reference {
        return format!("`{r}`");
    }
    let t: Vec<&str> = s
        .types
        .iter()
        .map(|t| match t {
            Type::String => "string",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Boolean => "boolean",
            Type::Object => "object",
            Type::Array => "array",
        })
        .collect();
    if t.is_empty() {
        "any".to_owned()
    } else {
        t.join("|")
    }
}

/// Changes inside one schema (inline properties followed to a small depth).
#[allow(
    clippy::too_many_arguments,
    reason = "the walk carries both versions' components"
)]
fn schema_changes(
    a: &Schema,
    b: &Schema,
    at: &str,
    side: Side,
    out: &mut Vec<Change>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    let here = if at.is_empty() {
        String::new()
    } else {
        format!("`{at}`: ")
    };
    if a.reference != b.reference
        || (a.reference.is_none()
            && a.types != b.types
            && !(a.types.is_empty() || b.types.is_empty()))
    {
        // Between plain types, a wider type is no break where a client sends (an
        // integer is a number) and a narrower one none where it reads.
        let plain = a.reference.is_none() && b.reference.is_none();
        let breaking = !plain
            || match side {
                Side::Request => !widens(&a.types, &b.types),
                Side::Response => !widens(&b.types, &a.types),
                Side::Operation => true,
            };
        add_at(
            out,
            side,
            "type-changed",
            at,
            format!("{here}type {} became {}", type_label(a), type_label(b)),
            breaking,
        );
        return;
    }
    if a.reference.is_some() {
        return; // the referenced component is compared on its own
    }
    nullable_change(a, b, at, &here, side, out);
    enum_changes(a, b, at, &here, side, out);
    member_changes(a, b, at, &here, side, out);
    property_changes(a, b, at, side, out, depth);
    if let (Some(ia), Some(ib)) = (&a.items, &b.items) {
        schema_changes(
            ia,
            ib,
            &format!("{}[]", if at.is_empty() { "" } else { at }),
            side,
            out,
            depth + 1,
        );
    }
}

/// `null` allowed or no longer allowed.
fn nullable_change(
    a: &Schema,
    b: &Schema,
    at: &str,
    here: &str,
    side: Side,
    out: &mut Vec<Change>,
) {
    let req = side == Side::Request;
    if a.nullable != b.nullable {
        let (kind, breaking) = if b.nullable {
            ("nullable-added", !req)
        } else {
            ("nullable-removed", req)
        };
        add_at(
            out,
            side,
            kind,
            at,
            format!(
                "{here}{}",
                if b.nullable {
                    "may now be null"
                } else {
                    "may no longer be null"
                }
            ),
            breaking,
        );
    }
}

/// Enum values added (never breaking: enums are open) and removed.
fn enum_changes(a: &Schema, b: &Schema, at: &str, here: &str, side: Side, out: &mut Vec<Change>) {
    let req = side == Side::Request;
    if let (Some(ea), Some(eb)) = (&a.enum_values, &b.enum_values) {
        let sa: BTreeSet<String> = ea.iter().map(|v| v.to_string()).collect();
        let sb: BTreeSet<String> = eb.iter().map(|v| v.to_string()).collect();
        // String enums are open in generated code: a new value decodes as `Unknown`.
        for v in sb.difference(&sa) {
            add_item(
                out,
                side,
                "enum-value-added",
                at,
                v,
                format!("{here}enum value {v} added"),
                false,
            );
        }
        for v in sa.difference(&sb) {
            add_item(
                out,
                side,
                "enum-value-removed",
                at,
                v,
                format!("{here}enum value {v} removed"),
                req,
            );
        }
    }
}

/// Union members added (never breaking: unknown shapes are kept) and removed.
fn member_changes(a: &Schema, b: &Schema, at: &str, here: &str, side: Side, out: &mut Vec<Change>) {
    let req = side == Side::Request;
    let members = |s: &Schema| -> BTreeSet<String> {
        s.one_of
            .iter()
            .chain(&s.any_of)
            .map(|m| m.reference.clone().unwrap_or_else(|| type_label(m)))
            .collect()
    };
    let (ua, ub) = (members(a), members(b));
    // Unions keep unknown shapes as `Unknown`: a new member does not break readers.
    for m in ub.difference(&ua) {
        add_item(
            out,
            side,
            "union-member-added",
            at,
            m,
            format!("{here}union member {m} added"),
            false,
        );
    }
    for m in ua.difference(&ub) {
        add_item(
            out,
            side,
            "union-member-removed",
            at,
            m,
            format!("{here}union member {m} removed"),
            req,
        );
    }
}

/// Properties added, removed, turned optional or required, and their own changes.
fn property_changes(
    a: &Schema,
    b: &Schema,
    at: &str,
    side: Side,
    out: &mut Vec<Change>,
    depth: usize,
) {
    let req = side == Side::Request;
    let prop_path = |p: &str| {
        if at.is_empty() {
            p.to_owned()
        } else {
            format!("{at}.{p}")
        }
    };
    let pa: BTreeMap<&str, &Schema> = a.properties.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let pb: BTreeMap<&str, &Schema> = b.properties.iter().map(|(n, s)| (n.as_str(), s)).collect();
    for (name, pbs) in &pb {
        let now_required = b.required.iter().any(|r| r == name);
        match pa.get(name) {
            None => add_item(
                out,
                side,
                "property-added",
                at,
                name,
                format!(
                    "property `{}` added{}",
                    prop_path(name),
                    if now_required { " (required)" } else { "" }
                ),
                req && now_required,
            ),
            Some(pas) => {
                let was_required = a.required.iter().any(|r| r == name);
                if was_required && !now_required {
                    add_item(
                        out,
                        side,
                        "property-optional",
                        at,
                        name,
                        format!("property `{}` became optional", prop_path(name)),
                        !req,
                    );
                } else if !was_required && now_required {
                    add_item(
                        out,
                        side,
                        "property-required",
                        at,
                        name,
                        format!("property `{}` became required", prop_path(name)),
                        req,
                    );
                }
                schema_changes(pas, pbs, &prop_path(name), side, out, depth + 1);
            }
        }
    }
    for name in pa.keys().filter(|n| !pb.contains_key(*n)) {
        // A generated struct loses the field: callers that set it and readers that
        // read it both stop compiling.
        let detail = format!("property `{}` removed", prop_path(name));
        add_item(out, side, "property-removed", at, name, detail, true);
    }
}

/// A change to the schema at property path `at` (empty: the root; `x.y`: a property's).
fn add_at(
    out: &mut Vec<Change>,
    side: Side,
    kind: &'static str,
    at: &str,
    detail: String,
    breaking: bool,
) {
    out.push(Change {
        kind,
        detail,
        breaking,
        side,
        at: at.to_owned(),
        item: None,
    });
}

/// [`add_at`] for a change about one property, enum value or member of the object at `at`.
fn add_item(
    out: &mut Vec<Change>,
    side: Side,
    kind: &'static str,
    at: &str,
    item: &str,
    detail: String,
    breaking: bool,
) {
    out.push(Change {
        kind,
        detail,
        breaking,
        side,
        at: at.to_owned(),
        item: Some(item.to_owned()),
    });
}
