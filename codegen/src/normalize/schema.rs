//! Schemas: one normalized [`Schema`] for both dialects' keywords, one function per
//! group of keywords.

use serde_json::Value;

use super::*;

impl<'a> Cx<'a> {
    pub(super) fn schema(
        &self,
        v: &'a Value,
        pointer: &str,
        depth: usize,
    ) -> Result<Schema, Error> {
        if depth > MAX_DEPTH {
            return Err(self.err(
                pointer,
                format!("schema nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        let mut s = Schema {
            pointer: pointer.to_owned(),
            ..Schema::default()
        };
        let o = match v {
            Value::Bool(_) => return Ok(s),
            Value::Object(o) => o,
            v => {
                return Err(self.err(
                    pointer,
                    format!("a schema must be a mapping or a boolean, found {}", kind(v)),
                ));
            }
        };
        s.description = self.prose(o, "description", pointer)?;
        s.title = self.prose(o, "title", pointer)?;
        s.deprecated = self.opt_bool(o, "deprecated", pointer)?.unwrap_or(false);
        s.read_only = self.opt_bool(o, "readOnly", pointer)?.unwrap_or(false);
        s.write_only = self.opt_bool(o, "writeOnly", pointer)?.unwrap_or(false);
        s.nullable = self.opt_bool(o, "nullable", pointer)?.unwrap_or(false);
        s.default = o.get("default").cloned();
        if let Some(e) = o.get("example") {
            s.examples.push(e.clone());
        }
        match o.get("examples") {
            Some(Value::Array(a)) => s.examples.extend(a.iter().cloned()),
            Some(Value::Object(m)) => s
                .examples
                .extend(m.values().filter_map(|e| e.get("value")).cloned()),
            _ => {}
        }

        if let Some(r) = o.get("$ref") {
            let r = r
                .as_str()
                .ok_or_else(|| self.err(&join(pointer, "$ref"), "`$ref` must be a string"))?;
            let (target, tp) = self.resolve(r, pointer)?;
            if let Some(name) = component_schema_name(&tp) {
                s.reference = Some(name);
            } else {
                // A reference into the middle of another schema: inline it.
                if depth >= MAX_REF_HOPS {
                    return Err(self.err(
                        pointer,
                        format!("`$ref: {r}` forms a reference cycle through inline schemas"),
                    ));
                }
                let mut inner = self.schema(target, &tp, depth + 1)?;
                inner.pointer = pointer.to_owned();
                inner.nullable |= s.nullable;
                if s.description.is_some() {
                    inner.description = s.description;
                }
                return Ok(inner);
            }
        }

        self.types(o, &mut s, pointer)?;
        s.format = self.opt_str(o, "format", pointer)?;
        s.constraints = constraints(o);

        self.shape(o, &mut s, pointer, depth)?;
        self.values(o, &mut s, pointer)?;
        self.members(o, &mut s, pointer, depth)?;
        s.discriminator = self.discriminator(o, pointer)?;
        Ok(s)
    }

    fn push_type(&self, s: &mut Schema, t: &str, pointer: &str) -> Result<(), Error> {
        let ty = match t {
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            "object" => Type::Object,
            "array" => Type::Array,
            "null" => {
                s.nullable = true;
                return Ok(());
            }
            other => return Err(self.err(pointer, format!("unknown schema type `{other}`"))),
        };
        if !s.types.contains(&ty) {
            s.types.push(ty);
        }
        Ok(())
    }

    /// `type`, a name or a list of names (3.1), into `s.types` and `s.nullable`.
    fn types(&self, o: &'a Obj, s: &mut Schema, pointer: &str) -> Result<(), Error> {
        match o.get("type") {
            None | Some(Value::Null) => {}
            Some(Value::String(t)) => self.push_type(s, t, &join(pointer, "type"))?,
            Some(Value::Array(ts)) => {
                for (i, t) in ts.iter().enumerate() {
                    let tp = join(&join(pointer, "type"), &i.to_string());
                    let t = t
                        .as_str()
                        .ok_or_else(|| self.err(&tp, "each entry of `type` must be a string"))?;
                    self.push_type(s, t, &tp)?;
                }
            }
            Some(v) => {
                return Err(self.err(
                    &join(pointer, "type"),
                    format!("`type` must be a string or a list, found {}", kind(v)),
                ));
            }
        }
        Ok(())
    }

    /// The object and array shape: `properties`, `required`, `additionalProperties`, `items`.
    fn shape(&self, o: &'a Obj, s: &mut Schema, pointer: &str, depth: usize) -> Result<(), Error> {
        if let Some(props) = self.opt_obj(o, "properties", pointer)? {
            for (name, p) in props {
                let pp = join(&join(pointer, "properties"), name);
                s.properties
                    .push((name.clone(), self.schema(p, &pp, depth + 1)?));
            }
        }
        for (i, r) in self.opt_array(o, "required", pointer)?.iter().enumerate() {
            let r = r.as_str().ok_or_else(|| {
                self.err(
                    &join(&join(pointer, "required"), &i.to_string()),
                    "`required` must list property names (strings)",
                )
            })?;
            if !s.required.iter().any(|x| x == r) {
                s.required.push(r.to_owned());
            }
        }
        s.additional = match o.get("additionalProperties") {
            None | Some(Value::Null) => Additional::Absent,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(Value::Bool(true)) => Additional::Any,
            Some(a) => {
                let a = self.schema(a, &join(pointer, "additionalProperties"), depth + 1)?;
                if a.is_any() && !a.nullable {
                    Additional::Any
                } else {
                    Additional::Schema(Box::new(a))
                }
            }
        };
        match o.get("items") {
            None | Some(Value::Null) => {}
            // Draft-4 tuple form: no single item type.
            Some(Value::Array(_)) => {
                s.items = Some(Box::new(Schema {
                    pointer: join(pointer, "items"),
                    ..Schema::default()
                }))
            }
            Some(i) => {
                s.items = Some(Box::new(self.schema(
                    i,
                    &join(pointer, "items"),
                    depth + 1,
                )?))
            }
        }
        Ok(())
    }

    /// `const` and `enum` (a `null` among the values makes the schema nullable).
    fn values(&self, o: &'a Obj, s: &mut Schema, pointer: &str) -> Result<(), Error> {
        if let Some(c) = o.get("const") {
            s.enum_values = Some(vec![c.clone()]);
        }
        match o.get("enum") {
            None | Some(Value::Null) => {}
            Some(Value::Array(values)) => {
                if values.iter().any(Value::is_null) {
                    s.nullable = true;
                }
                s.enum_values = Some(values.iter().filter(|v| !v.is_null()).cloned().collect());
            }
            Some(v) => {
                return Err(self.err(
                    &join(pointer, "enum"),
                    format!("`enum` must be a list, found {}", kind(v)),
                ));
            }
        }
        Ok(())
    }

    /// `oneOf`, `anyOf`, `allOf`; `{type: 'null'}` members of a union make it nullable.
    fn members(
        &self,
        o: &'a Obj,
        s: &mut Schema,
        pointer: &str,
        depth: usize,
    ) -> Result<(), Error> {
        for (key, dest) in [
            ("oneOf", &mut s.one_of),
            ("anyOf", &mut s.any_of),
            ("allOf", &mut s.all_of),
        ] {
            for (i, m) in self.opt_array(o, key, pointer)?.iter().enumerate() {
                dest.push(self.schema(m, &join(&join(pointer, key), &i.to_string()), depth + 1)?);
            }
        }
        // `{type: 'null'}` members of a union mean the union is nullable; so does an
        // `allOf` member that only says `nullable: true` (`allOf: [{$ref: X},
        // {nullable: true}]`, 3.0's way to make a reference nullable).
        for list in [&mut s.one_of, &mut s.any_of, &mut s.all_of] {
            let before = list.len();
            list.retain(|m| !m.is_null());
            if list.len() != before {
                s.nullable = true;
            }
        }
        Ok(())
    }

    /// `discriminator`, its mapping resolved to component schema names.
    fn discriminator(&self, o: &'a Obj, pointer: &str) -> Result<Option<Discriminator>, Error> {
        let Some(d) = self.opt_obj(o, "discriminator", pointer)? else {
            return Ok(None);
        };
        let dp = join(pointer, "discriminator");
        let property = self.req_str(d, "propertyName", &dp, "`discriminator`")?;
        let mut mapping = Vec::new();
        if let Some(m) = self.opt_obj(d, "mapping", &dp)? {
            for (tag, target) in m {
                let mp = join(&join(&dp, "mapping"), tag);
                let target = target
                    .as_str()
                    .ok_or_else(|| self.err(&mp, "discriminator mapping values must be strings"))?;
                match self.mapping_target(target, &mp) {
                    Ok(name) => mapping.push((tag.clone(), name)),
                    // Never fatal: the tag's variant is still found by its shape.
                    Err(reason) => self.defect(
                        &mp,
                        format!("{reason}; the value `{tag}` is decoded by shape instead"),
                    )?,
                }
            }
        }
        Ok(Some(Discriminator { property, mapping }))
    }

    /// The component schema a discriminator mapping value names: a schema name, or a
    /// reference (followed through references on the way and at the end) to a component.
    fn mapping_target(&self, target: &str, mp: &str) -> Result<String, String> {
        if !(target.starts_with('#') || target.contains('/')) {
            let at = format!("/components/schemas/{}", crate::error::escape_token(target));
            return match self.doc.pointer(&at) {
                Some(_) => Ok(target.to_owned()),
                None => Err(format!(
                    "discriminator mapping names unknown schema `{target}`"
                )),
            };
        }
        let (mut v, mut tp) = self
            .resolve(target, mp)
            .map_err(|e| e.message().to_owned())?;
        for _ in 0..super::MAX_REF_HOPS {
            if let Some(name) = component_schema_name(&tp) {
                return Ok(name);
            }
            let Some(r) = v.get("$ref").and_then(Value::as_str) else {
                break;
            };
            (v, tp) = self.resolve(r, mp).map_err(|e| e.message().to_owned())?;
        }
        Err(format!(
            "discriminator mapping `{target}` does not lead to a schema in #/components/schemas"
        ))
    }
}

/// Validation keywords as short text for docs, in a fixed order.
pub(super) fn constraints(o: &serde_json::Map<String, Value>) -> Vec<String> {
    let num = |k: &str| o.get(k).filter(|v| v.is_number()).map(Value::to_string);
    let mut out = Vec::new();
    let exclusive = |k: &str| o.get(k).and_then(Value::as_bool).unwrap_or(false);
    // 3.0 writes `exclusiveMinimum: true` beside `minimum`; 3.1 a number of its own.
    if let Some(m) = num("minimum") {
        let word = if exclusive("exclusiveMinimum") {
            "greater than"
        } else {
            "at least"
        };
        out.push(format!("{word} {m}"));
    }
    if let Some(m) = num("exclusiveMinimum") {
        out.push(format!("greater than {m}"));
    }
    if let Some(m) = num("maximum") {
        let word = if exclusive("exclusiveMaximum") {
            "less than"
        } else {
            "at most"
        };
        out.push(format!("{word} {m}"));
    }
    if let Some(m) = num("exclusiveMaximum") {
        out.push(format!("less than {m}"));
    }
    if let Some(m) = num("multipleOf") {
        out.push(format!("a multiple of {m}"));
    }
    for (key, what) in [
        ("minLength", "at least {} characters"),
        ("maxLength", "at most {} characters"),
        ("minItems", "at least {} items"),
        ("maxItems", "at most {} items"),
        ("minProperties", "at least {} properties"),
        ("maxProperties", "at most {} properties"),
    ] {
        if let Some(n) = num(key) {
            let text = what.replace("{}", &n);
            // `at least 1 item`, not `1 items`.
            let text = if n == "1" {
                text.replace("characters", "character")
                    .replace("items", "item")
                    .replace("properties", "property")
            } else {
                text
            };
            out.push(text);
        }
    }
    if o.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
        out.push("unique items".to_owned());
    }
    if let Some(p) = o.get("pattern").and_then(Value::as_str) {
        out.push(format!("matches `{}`", p.replace('`', "'")));
    }
    out
}
