//! The walk over the document's shape: which positions hold which objects, so that a
//! reference is copied in where it stands for a path item or a parameter, and kept as a
//! reference to a named component where it stands for a schema.

use serde_json::Value;

use super::{Bundler, Target};
use crate::error::{Error, escape_token, join};

/// What an OpenAPI position holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum One {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Encoding,
    /// A callback: a map of path items.
    Callback,
    Schema,
    Components,
    /// Examples, links, security schemes: copied in when referenced, not looked into.
    Other,
}

/// One object, a map of them, or a list of them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    One(One),
    Map(One),
    List(One),
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Schema keywords holding one schema, a list of schemas, or a map of them.
const SCHEMA_ONE: [&str; 12] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "contentSchema",
];
const SCHEMA_LIST: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_MAP: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

fn ref_of(v: &Value) -> Option<String> {
    v.as_object()?.get("$ref")?.as_str().map(str::to_owned)
}

impl Bundler<'_> {
    /// The root document: components first, so that a schema the root names keeps that
    /// name wherever else the tree references it.
    pub(super) fn document(&mut self, v: &mut Value) -> Result<(), Error> {
        let root = self.root.clone();
        let Some(o) = v.as_object_mut() else {
            return Ok(());
        };
        if let Some(c) = o.get_mut("components") {
            self.visit(c, &root, "/components", Kind::One(One::Components))?;
        }
        for key in ["paths", "webhooks"] {
            if let Some(p) = o.get_mut(key) {
                self.visit(p, &root, &join("", key), Kind::Map(One::PathItem))?;
            }
        }
        Ok(())
    }

    /// Visit `v` (in `file`, at `at`) as what `kind` says it is.
    fn visit(&mut self, v: &mut Value, file: &str, at: &str, kind: Kind) -> Result<(), Error> {
        if kind == Kind::One(One::Schema) {
            return self.schema(v, file, at);
        }
        if let Some(r) = ref_of(v) {
            let Some(place) = self.copy_in(&r, v, file, at)? else {
                return Ok(());
            };
            self.inlining.push(place.clone());
            self.enter(&place);
            let result = self.visit(v, &place.0, &place.1, kind);
            self.inlining.pop();
            self.trail.pop();
            return result;
        }
        match kind {
            Kind::One(one) => self.children(v, file, at, one),
            Kind::Map(One::Schema) => self.schema_map(v, file, at),
            Kind::Map(one) => self.each_entry(v, file, at, Kind::One(one)),
            Kind::List(one) => {
                if let Value::Array(items) = v {
                    for (i, item) in items.iter_mut().enumerate() {
                        self.visit(item, file, &join(at, &i.to_string()), Kind::One(one))?;
                    }
                }
                Ok(())
            }
        }
    }

    fn each_entry(&mut self, v: &mut Value, file: &str, at: &str, kind: Kind) -> Result<(), Error> {
        if let Value::Object(o) = v {
            for (key, child) in o.iter_mut() {
                self.visit(child, file, &join(at, key), kind)?;
            }
        }
        Ok(())
    }

    /// The members of one object that may hold references, by what the object is.
    fn children(&mut self, v: &mut Value, file: &str, at: &str, one: One) -> Result<(), Error> {
        use {Kind::List as L, Kind::Map as M, Kind::One as O};
        let Value::Object(o) = v else {
            return Ok(());
        };
        for (key, child) in o.iter_mut() {
            let kind = match (one, key.as_str()) {
                (One::PathItem, k) if METHODS.contains(&k) => O(One::Operation),
                (One::PathItem | One::Operation, "parameters") => L(One::Parameter),
                (One::Operation, "requestBody") => O(One::RequestBody),
                (One::Operation, "responses") => M(One::Response),
                (One::Operation, "callbacks") => M(One::Callback),
                (One::Callback, _) => O(One::PathItem),
                (One::Parameter | One::Header | One::MediaType, "schema") => O(One::Schema),
                (One::Parameter | One::Header | One::RequestBody | One::Response, "content") => {
                    M(One::MediaType)
                }
                (One::Parameter | One::Header | One::MediaType, "examples") => M(One::Other),
                (One::Response | One::Encoding, "headers") => M(One::Header),
                (One::Response, "links") => M(One::Other),
                (One::MediaType, "encoding") => M(One::Encoding),
                (One::Components, "schemas") => M(One::Schema),
                (One::Components, "responses") => M(One::Response),
                (One::Components, "parameters") => M(One::Parameter),
                (One::Components, "requestBodies") => M(One::RequestBody),
                (One::Components, "headers") => M(One::Header),
                (One::Components, "pathItems") => M(One::PathItem),
                (One::Components, "callbacks") => M(One::Callback),
                (One::Components, "examples" | "links" | "securitySchemes") => M(One::Other),
                _ => continue,
            };
            self.visit(child, file, &join(at, key), kind)?;
        }
        Ok(())
    }

    /// Replace the Reference Object `v` (`$ref: reference`, in `file` at `at`) by a copy of
    /// its target, its own `summary`/`description` kept; returns where the copy came from.
    /// `None` when it stays a reference: one into the root document.
    fn copy_in(
        &mut self,
        reference: &str,
        v: &mut Value,
        file: &str,
        at: &str,
    ) -> Result<Option<Target>, Error> {
        let target = self.target_of(reference, file, at)?;
        if target.0 == self.root {
            if file != self.root {
                v["$ref"] = Value::String(format!("#{}", target.1));
            }
            return Ok(None);
        }
        self.external = true;
        let (place, mut value) = self.resolve_chain(target, file, at)?;
        if place.0 == self.root {
            v["$ref"] = Value::String(format!("#{}", place.1));
            return Ok(None);
        }
        if self.inlining.contains(&place) {
            return Err(self.err(
                file,
                at,
                format!(
                    "`$ref: {reference}` is part of a cycle of references that never reaches a schema ({}#{} again)",
                    place.0, place.1
                ),
            ));
        }
        if let (Some(own), Some(copy)) = (v.as_object(), value.as_object_mut()) {
            for (k, x) in own {
                if k != "$ref" {
                    copy.insert(k.clone(), x.clone());
                }
            }
        }
        *v = value;
        Ok(Some(place))
    }

    /// A schema: a reference out of the root becomes one to a component; the keywords
    /// holding schemas are walked.
    pub(super) fn schema(&mut self, v: &mut Value, file: &str, at: &str) -> Result<(), Error> {
        if let Some(r) = ref_of(v) {
            let local = self.schema_ref(&r, file, at)?;
            v["$ref"] = Value::String(local);
        }
        let Value::Object(o) = v else {
            return Ok(());
        };
        for (key, child) in o.iter_mut() {
            let here = join(at, key);
            match key.as_str() {
                k if SCHEMA_ONE.contains(&k) && child.is_array() => {
                    self.visit(child, file, &here, Kind::List(One::Schema))?
                }
                k if SCHEMA_ONE.contains(&k) => self.schema(child, file, &here)?,
                k if SCHEMA_LIST.contains(&k) => {
                    self.visit(child, file, &here, Kind::List(One::Schema))?
                }
                k if SCHEMA_MAP.contains(&k) => self.schema_entries(child, file, &here)?,
                "discriminator" => self.mapping(child, file, &here),
                _ => {}
            }
        }
        Ok(())
    }

    /// A map of schemas (`properties`), which may be a reference to one as a whole
    /// (`properties: {$ref: ./props.yaml}`): copied in, its schemas read where it is.
    fn schema_entries(&mut self, v: &mut Value, file: &str, at: &str) -> Result<(), Error> {
        let whole = ref_of(v).filter(|_| v.as_object().is_some_and(|o| o.len() == 1));
        if let Some(r) = whole {
            if let Some(place) = self.copy_in(&r, v, file, at)? {
                self.inlining.push(place.clone());
                self.enter(&place);
                let result = self.each_entry(v, &place.0, &place.1, Kind::One(One::Schema));
                self.inlining.pop();
                self.trail.pop();
                return result;
            }
        }
        self.each_entry(v, file, at, Kind::One(One::Schema))
    }

    /// What the schema reference `reference` (in `file` at `at`) becomes in the bundled
    /// document: `#/pointer` into the root, or `#/components/schemas/<name>`.
    fn schema_ref(&mut self, reference: &str, file: &str, at: &str) -> Result<String, Error> {
        let target = self.target_of(reference, file, at)?;
        if target.0 == self.root {
            return Ok(format!("#{}", target.1));
        }
        self.external = true;
        if let Some(name) = self.hoisted.get(&target) {
            return Ok(format!("#/components/schemas/{}", escape_token(name)));
        }
        let (place, value) = self.resolve_chain(target.clone(), file, at)?;
        if place.0 == self.root {
            return Ok(format!("#{}", place.1));
        }
        let name = self.hoist(place, value)?;
        self.hoisted.entry(target).or_insert_with(|| name.clone());
        Ok(format!("#/components/schemas/{}", escape_token(&name)))
    }

    /// Discriminator mapping values that are references are rewritten as schema references
    /// are; one that does not resolve is left for `normalize` to report (never an error).
    fn mapping(&mut self, d: &mut Value, file: &str, at: &str) {
        let Some(Value::Object(m)) = d.get_mut("mapping") else {
            return;
        };
        for (_, value) in m.iter_mut() {
            let Some(s) = value.as_str() else { continue };
            let is_ref = s.contains('#')
                || s.contains('/')
                || [".yaml", ".yml", ".json"].iter().any(|e| s.ends_with(e));
            if !is_ref || (file == self.root && s.starts_with('#')) {
                continue;
            }
            if let Ok(local) = self.schema_ref(s, file, &join(at, "mapping")) {
                *value = Value::String(local);
            }
        }
    }

    /// A map of named schemas (`components/schemas`, or a file standing for it): each
    /// keeps its key as its name, also when it is only a reference to another file.
    fn schema_map(&mut self, v: &mut Value, file: &str, at: &str) -> Result<(), Error> {
        let Value::Object(o) = v else {
            return Ok(());
        };
        let keys: Vec<String> = o.keys().cloned().collect();
        for key in &keys {
            self.taken.insert(key.clone());
        }
        let mut places = Vec::with_capacity(keys.len());
        for key in &keys {
            let entry = &mut o[key.as_str()];
            let here = join(at, key);
            if file != self.root {
                self.hoisted
                    .insert((file.to_owned(), here.clone()), key.clone());
            }
            let place = match ref_of(entry) {
                Some(r) if entry.as_object().is_some_and(|e| e.len() == 1) => {
                    let target = self.target_of(&r, file, &here)?;
                    if target.0 == self.root {
                        None
                    } else {
                        self.external = true;
                        let (place, value) = self.resolve_chain(target.clone(), file, &here)?;
                        if place.0 == self.root || self.hoisted.contains_key(&place) {
                            None
                        } else {
                            self.hoisted.insert(target, key.clone());
                            self.hoisted.insert(place.clone(), key.clone());
                            *entry = value;
                            Some(place)
                        }
                    }
                }
                _ => None,
            };
            places.push(place);
        }
        for (key, place) in keys.iter().zip(places) {
            let entry = &mut o[key.as_str()];
            match place {
                Some(place) => {
                    self.enter(&place);
                    let result = self.schema(entry, &place.0, &place.1);
                    self.trail.pop();
                    result?
                }
                None => self.schema(entry, file, &join(at, key))?,
            }
        }
        Ok(())
    }
}
