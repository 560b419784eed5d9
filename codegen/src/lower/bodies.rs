//! Request bodies (JSON, multipart), event items and examples.

use super::*;
use crate::model::Additional;
use crate::naming::{Namer, field_name, type_name, unraw};

impl<'a> Lowerer<'a> {
    /// One entry per request media type, JSON first: the method-name suffix (empty for
    /// the first), the body, and whether it is a JSON object with a boolean `stream`
    /// switch. An operation without a body has one entry with none.
    pub(super) fn request_bodies(
        &mut self,
        op: &Operation,
        op_type: &str,
    ) -> Result<Vec<(String, Option<RequestBody>, bool)>, Error> {
        let Some(b) = &op.body else {
            return Ok(vec![(String::new(), None, false)]);
        };
        let mut media: Vec<&MediaType> = b.content.iter().collect();
        media.sort_by_key(|m| {
            if is_json_mime(&m.mime) {
                0
            } else if m.mime.starts_with("application/x-www-form-urlencoded") {
                1
            } else if m.mime.starts_with("multipart/") {
                2
            } else {
                3
            }
        });
        let mut out: Vec<(String, Option<RequestBody>, bool)> = Vec::new();
        for m in media {
            let mut switch = false;
            let body = if is_json_mime(&m.mime) {
                let ty = match &m.schema {
                    Some(s) => super::types::json_for_free_objects(
                        self.ty(s, &format!("{op_type}Request"))?,
                    ),
                    None => Ty::Json,
                };
                if let Ty::Named(n) = &ty {
                    switch = self.has_bool_field(n, "stream");
                }
                self.media_examples(m, &ty, ExampleKind::Request);
                RequestBody::Json {
                    ty,
                    content_type: m.mime.clone(),
                }
            } else if m.mime.starts_with("application/x-www-form-urlencoded") {
                let ty = match &m.schema {
                    Some(s) => self.ty(s, &format!("{op_type}Form"))?,
                    None => Ty::Json,
                };
                let encoding = m
                    .encoding
                    .iter()
                    .map(|e| {
                        let style = match e.style.as_deref() {
                            Some("deepObject") => ParamStyle::DeepObject,
                            Some("spaceDelimited") => ParamStyle::SpaceDelimited,
                            Some("pipeDelimited") => ParamStyle::PipeDelimited,
                            _ => ParamStyle::Form,
                        };
                        let explode = e.explode.unwrap_or(style == ParamStyle::Form);
                        (e.property.clone(), style, explode)
                    })
                    .collect();
                RequestBody::Form { ty, encoding }
            } else if m.mime.starts_with("multipart/form-data") {
                match self.multipart_view(m) {
                    Ok(view) => {
                        let name = self.namer.unique(&format!("{op_type}Multipart"));
                        self.define_multipart(&name, m, view)?;
                        RequestBody::Multipart { ty: name }
                    }
                    Err(shape) => {
                        self.fallback(
                            &m.pointer,
                            format!("the multipart body is {shape}, not an object with properties: the method takes its parts as a `Form`"),
                        );
                        RequestBody::Parts
                    }
                }
            } else if m.mime.starts_with("text/") {
                RequestBody::Text {
                    content_type: m.mime.clone(),
                }
            } else {
                RequestBody::Bytes {
                    content_type: m.mime.clone(),
                }
            };
            let suffix = if out.is_empty() {
                String::new()
            } else {
                format!("_{}", media_suffix(&m.mime))
            };
            if out.iter().any(|(s, _, _)| *s == suffix) {
                self.fallback(
                    &m.pointer,
                    format!(
                        "request media type `{}` repeats another's method name; not generated",
                        m.mime
                    ),
                );
                continue;
            }
            out.push((suffix, Some(body), switch));
        }
        if out.is_empty() {
            out.push((String::new(), None, false));
        }
        Ok(out)
    }

    /// The item type of an event stream: the `data` property's type when the schema
    /// describes the whole event (`{data, event, id}`), else the schema itself.
    pub(super) fn event_item(&mut self, s: &Schema, hint: &str) -> Result<Ty, Error> {
        if let Some(view) = self.object_view(s, 0) {
            if let Some((_, data)) = view.properties.iter().find(|(n, _)| n == "data") {
                let data = data.clone();
                return self.ty(&data, hint);
            }
        }
        self.ty(s, hint)
    }

    pub(super) fn media_examples(&mut self, m: &MediaType, ty: &Ty, kind: ExampleKind) {
        for value in &m.examples {
            self.examples.push(Example {
                pointer: m.pointer.clone(),
                rust_type: ty_path(ty),
                kind,
                value: value.clone(),
            });
        }
    }

    /// The object a multipart body's parts are the properties of: the schema (through
    /// references and `allOf`), or the members of an `anyOf`/`oneOf` of objects merged
    /// (a part required where every member requires it). `Err` says what the body is
    /// when it is no such object.
    fn multipart_view(&self, m: &MediaType) -> Result<Schema, &'static str> {
        let Some(s) = &m.schema else {
            return Err("without a schema");
        };
        let has_parts = |v: &Schema| {
            !v.properties.is_empty()
                || (matches!(v.additional, Additional::Schema(_) | Additional::Any)
                    && (v.types.is_empty() || v.types.contains(&Type::Object)))
        };
        let view = self.object_view(s, 0);
        if let Some(v) = view.as_ref().filter(|v| has_parts(v)) {
            return Ok(v.clone());
        }
        let resolved = view.unwrap_or_else(|| s.clone());
        let members = if resolved.any_of.is_empty() {
            &resolved.one_of
        } else {
            &resolved.any_of
        };
        let views: Option<Vec<Schema>> = members
            .iter()
            .map(|m| self.object_view(m, 0).filter(|v| !v.properties.is_empty()))
            .collect();
        match views {
            Some(views) if !views.is_empty() => {
                let mut merged = Schema {
                    pointer: resolved.pointer.clone(),
                    description: resolved.description.clone(),
                    types: vec![Type::Object],
                    ..Schema::default()
                };
                for v in &views {
                    for (name, p) in &v.properties {
                        if !merged.properties.iter().any(|(n, _)| n == name) {
                            merged.properties.push((name.clone(), p.clone()));
                        }
                    }
                }
                merged.required = merged
                    .properties
                    .iter()
                    .map(|(n, _)| n.clone())
                    .filter(|n| views.iter().all(|v| v.required.contains(n)))
                    .collect();
                Ok(merged)
            }
            _ if resolved.types.contains(&Type::Array) => Err("an array"),
            _ if resolved.types.contains(&Type::String) => Err("a bare string or file"),
            _ if !members.is_empty() => Err("a union of shapes that are not all objects"),
            _ => Err("a free-form object"),
        }
    }

    pub(super) fn define_multipart(
        &mut self,
        name: &str,
        m: &MediaType,
        schema: Schema,
    ) -> Result<(), Error> {
        let mut fnamer = Namer::default();
        let mut fields = Vec::new();
        for (wire, p) in &schema.properties {
            let fname = fnamer.unique(&field_name(wire));
            let kind = if is_binary(p) {
                MultipartKind::File
            } else if p.types.contains(&Type::Array) {
                let item = match &p.items {
                    Some(i) => self.ty(i, &format!("{name}{}Item", type_name(wire)))?,
                    None => Ty::String,
                };
                MultipartKind::Repeated(item)
            } else {
                MultipartKind::Text(self.ty(p, &format!("{name}{}", type_name(wire)))?)
            };
            fields.push(MultipartField {
                name: fname,
                wire: wire.clone(),
                kind,
                required: schema.required.iter().any(|r| r == wire),
                docs: docs_of(p),
            });
        }
        let extra = match &schema.additional {
            Additional::Schema(s) if is_binary(s) => Some(MultipartKind::Extra(None)),
            Additional::Schema(s) => Some(MultipartKind::Extra(Some(
                self.ty(s, &format!("{name}AdditionalPart"))?,
            ))),
            Additional::Any => Some(MultipartKind::Extra(Some(Ty::Json))),
            Additional::Absent | Additional::Forbidden => None,
        };
        if let Some(kind) = extra {
            fields.push(MultipartField {
                name: fnamer.unique("additional_parts"),
                wire: String::new(),
                kind,
                required: false,
                docs: Docs {
                    description: Some(
                        "Parts beyond the declared ones (`additionalProperties`), by name."
                            .to_owned(),
                    ),
                    ..Docs::default()
                },
            });
        }
        self.types.push(TypeDef {
            name: name.to_owned(),
            pointer: m.pointer.clone(),
            docs: Docs {
                description: schema
                    .description
                    .clone()
                    .or(Some("Multipart form body.".to_owned())),
                ..Docs::default()
            },
            deprecated: false,
            kind: TypeKind::Multipart { fields },
            examples: Vec::new(),
            required_args: None,
        });
        Ok(())
    }
}

/// The method-name suffix for a second or later request media type, from the type
/// itself: `multipart`, `form`, `text`, `bytes`, else its subtype (`json_patch`,
/// `merge_patch`, `apply_patch_yaml`).
pub(super) fn media_suffix(mime: &str) -> String {
    let essence = mime
        .split(';')
        .next()
        .unwrap_or(mime)
        .trim()
        .to_ascii_lowercase();
    let (kind, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    match (kind, sub) {
        ("multipart", _) => "multipart".to_owned(),
        ("application", "x-www-form-urlencoded") => "form".to_owned(),
        ("text", "plain") => "text".to_owned(),
        ("application", "octet-stream") | ("*", _) => "bytes".to_owned(),
        ("application", "json") => "json".to_owned(),
        (_, sub) => {
            let sub = sub.strip_suffix("+json").unwrap_or(sub);
            let name = unraw(&field_name(sub)).to_owned();
            if name.is_empty() {
                "bytes".to_owned()
            } else {
                name
            }
        }
    }
}

/// A file part's schema: a string of `format: binary` (or `byte`).
fn is_binary(s: &Schema) -> bool {
    s.types.contains(&Type::String) && matches!(s.format.as_deref(), Some("binary" | "byte"))
}
