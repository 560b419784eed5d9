//! Defects other tools forgive, read as what they meant, each with a warning naming its
//! place and what was assumed (`Settings::strict` refuses them instead):
//!
//! - Swagger 2 leftovers in an OpenAPI 3 document: `in: body` is the request body (JSON),
//!   `in: formData` parameters are the fields of a form body (`multipart/form-data` when
//!   one is a file, else `application/x-www-form-urlencoded`), `type: file` is binary, and
//!   a parameter that is its own schema (`type: string` beside `name`) is read as one.
//! - A path template and its path parameters that disagree: a name the template has and
//!   no parameter declares is a required string path parameter; a path parameter the
//!   template lacks is ignored, unless the template has an empty segment for it (a
//!   scraped spec that lost `{id}`: `/guardrails//keys`), which it then fills.

use serde_json::Value;

use super::*;

/// A Swagger 2 `in: body` or `in: formData` parameter.
#[derive(Clone, Debug)]
pub(super) struct Leftover {
    name: String,
    pointer: String,
    form: bool,
    required: bool,
    schema: Schema,
}

impl<'a> Cx<'a> {
    /// Read an `in: body` / `in: formData` parameter, with its warning.
    pub(super) fn leftover(
        &self,
        p: &'a Obj,
        pp: &str,
        name: String,
        form: bool,
    ) -> Result<Leftover, Error> {
        let what = if form {
            "a field of a form request body"
        } else {
            "the request body"
        };
        self.defect(
            &join(pp, "in"),
            format!(
                "`in: {}` is Swagger 2, not OpenAPI 3: `{name}` read as {what}",
                if form { "formData" } else { "body" }
            ),
        )?;
        let schema = match p.get("schema") {
            Some(s) if !form => self.schema(s, &join(pp, "schema"), 0)?,
            _ => self.swagger2_schema(p, pp)?,
        };
        Ok(Leftover {
            name,
            pointer: pp.to_owned(),
            form,
            required: self.opt_bool(p, "required", pp)?.unwrap_or(false),
            schema,
        })
    }

    /// A Swagger 2 parameter that is its own schema (`type`, `format`, `items`, `enum`,
    /// `default`); `type: file` is binary.
    pub(super) fn swagger2_schema(&self, p: &'a Obj, pp: &str) -> Result<Schema, Error> {
        let ty = p.get("type").and_then(Value::as_str).unwrap_or("string");
        let (ty, format) = match ty {
            "file" => {
                self.defect(
                    &join(pp, "type"),
                    "`type: file` is Swagger 2: read as binary (`type: string, format: binary`)",
                )?;
                (Type::String, Some("binary".to_owned()))
            }
            "integer" => (Type::Integer, None),
            "number" => (Type::Number, None),
            "boolean" => (Type::Boolean, None),
            "array" => (Type::Array, None),
            "object" => (Type::Object, None),
            _ => (Type::String, None),
        };
        let items = match p.get("items") {
            Some(i) => Some(Box::new(self.schema(i, &join(pp, "items"), 0)?)),
            None if ty == Type::Array => Some(Box::new(Schema {
                pointer: join(pp, "items"),
                types: vec![Type::String],
                ..Schema::default()
            })),
            None => None,
        };
        Ok(Schema {
            pointer: pp.to_owned(),
            types: vec![ty],
            format: format.or_else(|| p.get("format").and_then(Value::as_str).map(str::to_owned)),
            enum_values: p.get("enum").and_then(Value::as_array).cloned(),
            default: p.get("default").cloned(),
            items,
            ..Schema::default()
        })
    }

    /// The request body Swagger 2 leftovers stand for, when the operation declares none.
    pub(super) fn leftover_body(
        &self,
        leftovers: Vec<Leftover>,
    ) -> Result<Option<RequestBody>, Error> {
        if let Some(body) = leftovers.iter().find(|l| !l.form) {
            return Ok(Some(RequestBody {
                required: body.required,
                description: None,
                content: vec![media(
                    &body.pointer,
                    "application/json",
                    body.schema.clone(),
                )],
            }));
        }
        let fields: Vec<&Leftover> = leftovers.iter().filter(|l| l.form).collect();
        let Some(first) = fields.first() else {
            return Ok(None);
        };
        let binary = fields
            .iter()
            .any(|f| f.schema.format.as_deref() == Some("binary"));
        let mime = if binary {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let schema = Schema {
            pointer: first.pointer.clone(),
            types: vec![Type::Object],
            properties: fields
                .iter()
                .map(|f| (f.name.clone(), f.schema.clone()))
                .collect(),
            required: fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name.clone())
                .collect(),
            ..Schema::default()
        };
        Ok(Some(RequestBody {
            required: fields.iter().any(|f| f.required),
            description: None,
            content: vec![media(&first.pointer, mime, schema)],
        }))
    }

    /// Make the path parameters agree with the template: declare what it names (a
    /// required string), drop what it lacks; each with a warning. A template with empty
    /// segments (`/guardrails//keys`) and as many unused path parameters had their names
    /// lost (a scraped spec): they are put back in order, and the path returned.
    pub(super) fn agree_with_template(
        &self,
        path: &str,
        pointer: &str,
        template: &[String],
        parameters: &mut Vec<Parameter>,
    ) -> Result<Option<String>, Error> {
        let unused: Vec<&Parameter> = parameters
            .iter()
            .filter(|p| p.location == ParamIn::Path && !template.contains(&p.name))
            .collect();
        let gaps = path.matches("//").count();
        if !unused.is_empty() && unused.len() == gaps {
            let mut fixed = path.to_owned();
            for p in &unused {
                fixed = fixed.replacen("//", &format!("/{{{}}}/", p.name), 1);
            }
            self.defect(
                pointer,
                format!("path template `{path}` has empty segments where path parameters {} are declared: read as `{fixed}`", unused.iter().map(|p| format!("`{}`", p.name)).collect::<Vec<_>>().join(", ")),
            )?;
            return Ok(Some(fixed));
        }
        let mut kept = Vec::with_capacity(parameters.len());
        for p in parameters.drain(..) {
            if p.location == ParamIn::Path && !template.contains(&p.name) {
                self.defect(
                    &p.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path template `{path}`: ignored",
                        p.name
                    ),
                )?;
                continue;
            }
            kept.push(p);
        }
        *parameters = kept;
        for t in template {
            let declared = parameters
                .iter()
                .any(|p| p.location == ParamIn::Path && p.name == *t);
            if declared {
                continue;
            }
            self.defect(
                pointer,
                format!("path template `{path}` names `{{{t}}}` but no path parameter `{t}` is declared: assumed a required string path parameter"),
            )?;
            parameters.push(Parameter {
                pointer: pointer.to_owned(),
                required: true,
                description: None,
                deprecated: false,
                style: None,
                explode: None,
                name: t.clone(),
                location: ParamIn::Path,
                schema: Schema {
                    pointer: pointer.to_owned(),
                    types: vec![Type::String],
                    ..Schema::default()
                },
            });
        }
        Ok(None)
    }
}

fn media(pointer: &str, mime: &str, schema: Schema) -> MediaType {
    MediaType {
        pointer: pointer.to_owned(),
        mime: mime.to_owned(),
        schema: Some(schema),
        examples: Vec::new(),
        sse_sentinel: None,
        encoding: Vec::new(),
    }
}
