//! Stage 2: JSON value tree to the normalized [`model`](crate::model).
//!
//! Accepts OpenAPI 3.0.x and 3.1.x and the mixtures real specs contain (3.1 `type`
//! lists beside 3.0 `nullable` and boolean `exclusiveMinimum`). Validation keywords
//! (`minimum`, `pattern`, ...) are read by nobody downstream, so they are not parsed.
//! Every structural problem is reported with a JSON pointer.

mod extensions;
mod schema;
mod swagger2;

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::error::{Error, join, percent_decode};
use crate::limits::MAX_DEPTH;
use crate::model::*;

/// How many `$ref` hops a single reference may take before it is called a cycle.
pub const MAX_REF_HOPS: usize = 32;

/// The normalized spec, and defects that do not change the generated code (pointer,
/// what) unless `strict` makes them errors.
pub fn normalize(
    doc: &Value,
    file: &str,
    strict: bool,
) -> Result<(Spec, Vec<(String, String)>), Error> {
    let cx = Cx {
        doc,
        file,
        strict,
        defects: std::cell::RefCell::new(Vec::new()),
    };
    let spec = cx.spec()?;
    Ok((spec, cx.defects.into_inner()))
}

struct Cx<'a> {
    doc: &'a Value,
    file: &'a str,
    strict: bool,
    defects: std::cell::RefCell<Vec<(String, String)>>,
}

type Obj = Map<String, Value>;

impl<'a> Cx<'a> {
    fn err(&self, pointer: &str, msg: impl Into<String>) -> Error {
        Error::at(self.file, pointer, msg)
    }

    /// A defect that changes nothing generated: a warning, or with `strict` an error.
    fn defect(&self, pointer: &str, msg: impl Into<String>) -> Result<(), Error> {
        let msg = msg.into();
        if self.strict {
            return Err(self.err(pointer, format!("{msg} (strict mode)")));
        }
        self.defects.borrow_mut().push((pointer.to_owned(), msg));
        Ok(())
    }

    fn as_obj<'v>(&self, v: &'v Value, pointer: &str, what: &str) -> Result<&'v Obj, Error> {
        v.as_object().ok_or_else(|| {
            self.err(
                pointer,
                format!("{what} must be a mapping, found {}", kind(v)),
            )
        })
    }

    fn opt_obj<'v>(&self, o: &'v Obj, key: &str, pointer: &str) -> Result<Option<&'v Obj>, Error>
    where
        'a: 'v,
    {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => {
                let v = self.whole(v, &join(pointer, key))?;
                self.as_obj(v, &join(pointer, key), &format!("`{key}`"))
                    .map(Some)
            }
        }
    }

    /// A map or list given by a local reference as a whole (`properties: {$ref: '#/…'}`,
    /// `responses: {$ref: …}`, `parameters: {$ref: …}`): its target; else `v` itself.
    fn whole<'v>(&self, v: &'v Value, pointer: &str) -> Result<&'v Value, Error>
    where
        'a: 'v,
    {
        let reference = v
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.get("$ref"))
            .and_then(Value::as_str);
        match reference {
            Some(r) => {
                let mut target = self.resolve(r, pointer)?.0;
                // A reference to a reference to the map.
                for _ in 0..MAX_REF_HOPS {
                    match target
                        .as_object()
                        .filter(|o| o.len() == 1)
                        .and_then(|o| o.get("$ref"))
                        .and_then(Value::as_str)
                    {
                        Some(next) => target = self.resolve(next, pointer)?.0,
                        None => break,
                    }
                }
                Ok(target)
            }
            None => Ok(v),
        }
    }

    fn opt_str(&self, o: &'a Obj, key: &str, pointer: &str) -> Result<Option<String>, Error> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(self.err(
                &join(pointer, key),
                format!("`{key}` must be a string, found {}", kind(v)),
            )),
        }
    }

    /// Prose (`description`, `summary`, `title`): text that is not a string (a mapping
    /// where a description belongs) is ignored with a warning, since prose never drives
    /// code; `strict` refuses it.
    pub(super) fn prose(&self, o: &Obj, key: &str, pointer: &str) -> Result<Option<String>, Error> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => {
                self.defect(
                    &join(pointer, key),
                    format!("`{key}` is {}, not text: ignored", kind(v)),
                )?;
                Ok(None)
            }
        }
    }

    fn req_str(&self, o: &'a Obj, key: &str, pointer: &str, what: &str) -> Result<String, Error> {
        self.opt_str(o, key, pointer)?
            .ok_or_else(|| self.err(pointer, format!("missing required field `{key}` in {what}")))
    }

    fn opt_bool(&self, o: &Obj, key: &str, pointer: &str) -> Result<Option<bool>, Error> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.err(
                &join(pointer, key),
                format!("`{key}` must be a boolean, found {}", kind(v)),
            )),
        }
    }

    fn opt_array<'v>(&self, o: &'v Obj, key: &str, pointer: &str) -> Result<&'v [Value], Error>
    where
        'a: 'v,
    {
        let whole = match o.get(key) {
            Some(v @ Value::Object(_)) => Some(self.whole(v, &join(pointer, key))?),
            other => other,
        };
        match whole {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(v) => Err(self.err(
                &join(pointer, key),
                format!("`{key}` must be a list, found {}", kind(v)),
            )),
        }
    }

    /// Follow a local `$ref` to its target value and pointer.
    fn resolve(&self, reference: &str, pointer: &str) -> Result<(&'a Value, String), Error> {
        if crate::bundle::is_url(reference) {
            return Err(self.err(
                pointer,
                format!("`$ref: {reference}` is a URL; references to the network are not followed at build time (download the file beside the spec and reference it by a relative path)"),
            ));
        }
        let Some(target) = reference.strip_prefix('#') else {
            return Err(self.err(
                pointer,
                format!("`$ref: {reference}` points to another file: read the spec with `llmgate_codegen::read_spec` (a build script's `Config` does) or bundle the tree with `llmgate spec bundle`"),
            ));
        };
        if !(target.is_empty() || target.starts_with('/')) {
            return Err(self.err(
                pointer,
                format!("`$ref: {reference}` is not a JSON pointer"),
            ));
        }
        let decoded = percent_decode(target);
        match self.pointer_through_refs(&decoded) {
            Some(found) => Ok(found),
            None => Err(self.err(
                pointer,
                format!("unresolvable `$ref: {reference}`: no such location in the document"),
            )),
        }
    }

    /// The value at `pointer`, following references met on the way (`…/items/allOf/0`
    /// where `items` is a `$ref`), and where it really is.
    fn pointer_through_refs(&self, pointer: &str) -> Option<(&'a Value, String)> {
        if let Some(v) = self.doc.pointer(pointer) {
            return Some((v, pointer.to_owned()));
        }
        let mut at = String::new();
        let mut v: &'a Value = self.doc;
        let segments: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut hops = 0;
        for seg in &segments {
            while let Some(r) = v.get("$ref").and_then(Value::as_str) {
                hops += 1;
                let target = percent_decode(r.strip_prefix('#')?);
                if hops > MAX_REF_HOPS {
                    return None;
                }
                v = self.doc.pointer(&target)?;
                at = target;
            }
            v = match v {
                Value::Object(o) => o.get(seg)?,
                Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
            at = join(&at, seg);
        }
        Some((v, at))
    }

    /// Follow `$ref`s (for parameters, responses, bodies, examples) to a non-reference object.
    fn deref(&self, mut v: &'a Value, mut pointer: String) -> Result<(&'a Value, String), Error> {
        for _ in 0..MAX_REF_HOPS {
            let Some(r) = v.as_object().and_then(|o| o.get("$ref")) else {
                return Ok((v, pointer));
            };
            let r = r
                .as_str()
                .ok_or_else(|| self.err(&join(&pointer, "$ref"), "`$ref` must be a string"))?;
            let (target, tp) = self.resolve(r, &pointer)?;
            v = target;
            pointer = tp;
        }
        Err(self.err(
            &pointer,
            format!("`$ref` chain longer than {MAX_REF_HOPS} hops (a reference cycle)"),
        ))
    }

    fn spec(&self) -> Result<Spec, Error> {
        let root = self.as_obj(self.doc, "", "the document")?;
        if let Some(v) = root.get("swagger") {
            let v = v
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string());
            return Err(self.err("/swagger", format!("Swagger {v} is not supported; only OpenAPI 3.0.x and 3.1.x are (convert it with a Swagger-to-OpenAPI 3 converter first)")));
        }
        let openapi = match root.get("openapi") {
            None => {
                return Err(self.err("", "missing required field `openapi` (the OpenAPI version)"));
            }
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(v) => {
                return Err(self.err(
                    "/openapi",
                    format!("`openapi` must be a version string, found {}", kind(v)),
                ));
            }
        };
        if !(openapi.starts_with("3.0.")
            || openapi.starts_with("3.1.")
            || openapi == "3.0"
            || openapi == "3.1")
        {
            return Err(self.err(
                "/openapi",
                format!("unsupported OpenAPI version `{openapi}`; supported: 3.0.x and 3.1.x"),
            ));
        }
        let info = self
            .opt_obj(root, "info", "")?
            .ok_or_else(|| self.err("", "missing required field `info`"))?;
        let title = match self.prose(info, "title", "/info")? {
            Some(t) => t,
            None => {
                self.defect(
                    "/info",
                    "missing required field `title` in `info`; the client is called \"API\"",
                )?;
                "API".to_owned()
            }
        };
        let version = match info.get("version") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            None => {
                self.defect(
                    "/info",
                    "missing required field `version` in `info`; the header says \"unversioned\"",
                )?;
                "unversioned".to_owned()
            }
            Some(v) => {
                return Err(self.err(
                    "/info/version",
                    format!("`version` must be a string, found {}", kind(v)),
                ));
            }
        };
        let description = self.prose(info, "description", "/info")?;

        let mut servers = Vec::new();
        for (i, s) in self.opt_array(root, "servers", "")?.iter().enumerate() {
            let p = join("/servers", &i.to_string());
            let s = self.as_obj(s, &p, "a server")?;
            let mut url = self.req_str(s, "url", &p, "a server")?;
            if let Some(vars) = self.opt_obj(s, "variables", &p)? {
                for (name, var) in vars {
                    let vp = join(&join(&p, "variables"), name);
                    let var = self.as_obj(var, &vp, "a server variable")?;
                    let default = self.req_str(var, "default", &vp, "a server variable")?;
                    url = url.replace(&format!("{{{name}}}"), &default);
                }
            }
            servers.push(url);
        }

        let mut schemas = Vec::new();
        // A component map that is a reference (to another file, before bundling) is
        // followed, or refused with what to do, never read as a schema named `$ref`.
        if let Some(cv) = root.get("components").filter(|v| !v.is_null()) {
            let (cv, cp) = self.deref(cv, "/components".to_owned())?;
            let components = self.as_obj(cv, &cp, "the components")?;
            if let Some(sv) = components.get("schemas").filter(|v| !v.is_null()) {
                let (sv, sp) = self.deref(sv, join(&cp, "schemas"))?;
                let map = self.as_obj(sv, &sp, "the map of schemas")?;
                for (name, v) in map {
                    let p = join(&sp, name);
                    schemas.push((name.clone(), self.schema(v, &p, 0)?));
                }
            }
        }

        let mut operations: Vec<Operation> = Vec::new();
        let mut seen_ids: Vec<(String, String)> = Vec::new();
        if let Some(paths) = self.opt_obj(root, "paths", "")? {
            for (path, item) in paths {
                let ip = join("/paths", path);
                if !path.starts_with('/') {
                    return Err(self.err(&ip, format!("path `{path}` must start with `/`")));
                }
                let (item, ip) = self.deref(item, ip)?;
                let item = self.as_obj(item, &ip, "a path item")?;
                let shared = self.parameters(item, &ip)?;
                let shared = (shared.0.as_slice(), shared.1.as_slice());
                for (method, op) in item {
                    if !METHODS.contains(&method.as_str()) {
                        continue;
                    }
                    let (op, opp) = self.deref(op, join(&ip, method))?;
                    let mut op = self.operation(path, method, op, &opp, shared)?;
                    if let Some((_, first)) = seen_ids.iter().find(|(id, _)| *id == op.id) {
                        let first = first.clone();
                        let renamed = unique_id(&op, &seen_ids);
                        self.defect(
                            &join(&op.pointer, "operationId"),
                            format!(
                                "duplicate operationId `{}` (first used at #{first}): this one is `{renamed}`",
                                op.id
                            ),
                        )?;
                        op.id = renamed;
                    }
                    seen_ids.push((op.id.clone(), op.pointer.clone()));
                    operations.push(op);
                }
            }
        }

        Ok(Spec {
            title,
            description,
            version,
            openapi,
            servers,
            schemas,
            operations,
            retries: self.retries(root, "")?,
        })
    }

    /// An operation's (or path item's) parameters, and the Swagger 2 leftovers among them
    /// (`in: body`, `in: formData`: `swagger2`).
    fn parameters(
        &self,
        o: &'a Obj,
        pointer: &str,
    ) -> Result<(Vec<Parameter>, Vec<swagger2::Leftover>), Error> {
        let mut out: Vec<Parameter> = Vec::new();
        let mut leftovers = Vec::new();
        for (i, p) in self.opt_array(o, "parameters", pointer)?.iter().enumerate() {
            let pp = join(&join(pointer, "parameters"), &i.to_string());
            let (p, pp) = self.deref(p, pp)?;
            let p = self.as_obj(p, &pp, "a parameter")?;
            let name = self.req_str(p, "name", &pp, "a parameter")?;
            let location = match self.req_str(p, "in", &pp, "a parameter")?.as_str() {
                "path" => ParamIn::Path,
                "query" => ParamIn::Query,
                "header" => ParamIn::Header,
                "cookie" => ParamIn::Cookie,
                legacy @ ("body" | "formData") => {
                    leftovers.push(self.leftover(p, &pp, name, legacy == "formData")?);
                    continue;
                }
                other => {
                    return Err(self.err(
                        &join(&pp, "in"),
                        format!("unknown parameter location `in: {other}` for `{name}` (expected path, query, header or cookie)"),
                    ));
                }
            };
            let schema = match p.get("schema") {
                Some(s) => self.schema(s, &join(&pp, "schema"), 0)?,
                // Swagger 2: the parameter is its own schema (`type: string`).
                None if p.contains_key("type") => {
                    self.defect(
                        &pp,
                        format!("parameter `{name}` has a `type` and no `schema` (Swagger 2): read as its schema"),
                    )?;
                    self.swagger2_schema(p, &pp)?
                }
                None => match self
                    .opt_obj(p, "content", &pp)?
                    .and_then(|c| c.iter().next())
                {
                    Some((mime, media)) => {
                        let mp = join(&join(&pp, "content"), mime);
                        let media = self.as_obj(media, &mp, "a media type")?;
                        match media.get("schema") {
                            Some(s) => self.schema(s, &join(&mp, "schema"), 0)?,
                            None => Schema {
                                pointer: mp,
                                ..Schema::default()
                            },
                        }
                    }
                    None => Schema {
                        pointer: pp.clone(),
                        types: vec![Type::String],
                        ..Schema::default()
                    },
                },
            };
            let required = self.opt_bool(p, "required", &pp)?.unwrap_or(false);
            if location == ParamIn::Path && !required {
                self.defect(
                    &join(&pp, "required"),
                    format!("path parameter `{name}` is not `required: true`; read as required (a path cannot omit it)"),
                )?;
            }
            let param = Parameter {
                pointer: pp.clone(),
                // A path cannot omit a parameter, whatever `required` says.
                required: required || location == ParamIn::Path,
                description: self.prose(p, "description", &pp)?,
                deprecated: self.opt_bool(p, "deprecated", &pp)?.unwrap_or(false),
                style: self.opt_str(p, "style", &pp)?,
                explode: self.opt_bool(p, "explode", &pp)?,
                name,
                location,
                schema,
            };
            if let Some(first) = out
                .iter()
                .find(|q| q.name == param.name && q.location == param.location)
            {
                self.defect(
                    &pp,
                    format!(
                        "duplicate {} parameter `{}` (first declared at #{}): ignored",
                        format!("{:?}", param.location).to_lowercase(),
                        param.name,
                        first.pointer
                    ),
                )?;
                continue;
            }
            out.push(param);
        }
        Ok((out, leftovers))
    }

    fn operation(
        &self,
        path: &str,
        method: &str,
        op: &'a Value,
        pointer: &str,
        (shared, shared_leftovers): (&[Parameter], &[swagger2::Leftover]),
    ) -> Result<Operation, Error> {
        let o = self.as_obj(op, pointer, "an operation")?;
        let id = match self.opt_str(o, "operationId", pointer)? {
            Some(id) if !id.trim().is_empty() => id,
            Some(_) => {
                return Err(self.err(&join(pointer, "operationId"), "`operationId` is empty"));
            }
            None => format!("{method}{}", path.replace(['{', '}'], "")),
        };
        let (own, mut leftovers) = self.parameters(o, pointer)?;
        leftovers.extend(shared_leftovers.iter().cloned());
        let mut parameters: Vec<Parameter> = shared
            .iter()
            .filter(|s| {
                !own.iter()
                    .any(|p| p.name == s.name && p.location == s.location)
            })
            .cloned()
            .collect();
        parameters.extend(own);

        // Path template and path parameters must agree.
        let template =
            template_names(path).map_err(|m| self.err(pointer, format!("path `{path}`: {m}")))?;
        let repaired = self.agree_with_template(path, pointer, &template, &mut parameters)?;
        let path = repaired.as_deref().unwrap_or(path);

        let mut tags = Vec::new();
        for (i, t) in self.opt_array(o, "tags", pointer)?.iter().enumerate() {
            match t {
                Value::String(s) => tags.push(s.clone()),
                // Some generators emit `tags: [[name]]`; read the inner names.
                Value::Array(inner) => {
                    tags.extend(inner.iter().filter_map(Value::as_str).map(str::to_owned))
                }
                v => {
                    return Err(self.err(
                        &join(&join(pointer, "tags"), &i.to_string()),
                        format!("a tag must be a string, found {}", kind(v)),
                    ));
                }
            }
        }

        let body = match o.get("requestBody") {
            None | Some(Value::Null) => self.leftover_body(leftovers)?,
            Some(b) => {
                let (b, bp) = self.deref(b, join(pointer, "requestBody"))?;
                let bo = self.as_obj(b, &bp, "`requestBody`")?;
                Some(RequestBody {
                    required: self.opt_bool(bo, "required", &bp)?.unwrap_or(false),
                    description: self.prose(bo, "description", &bp)?,
                    content: self.content(bo, &bp)?,
                })
            }
        };

        let mut responses = Vec::new();
        if let Some(rs) = self.opt_obj(o, "responses", pointer)? {
            for (code, r) in rs {
                let rp = join(&join(pointer, "responses"), code);
                if code.starts_with("x-") {
                    continue;
                }
                let status = parse_status(code).ok_or_else(|| {
                    self.err(&rp, format!("invalid response status `{code}` (expected a code 100-599, `1XX`-`5XX` or `default`)"))
                })?;
                let (r, rp) = self.deref(r, rp)?;
                let ro = self.as_obj(r, &rp, "a response")?;
                responses.push(Response {
                    status,
                    description: self.prose(ro, "description", &rp)?,
                    content: self.content(ro, &rp)?,
                });
            }
        }

        Ok(Operation {
            pointer: pointer.to_owned(),
            id,
            method: method.to_owned(),
            path: path.to_owned(),
            summary: self.prose(o, "summary", pointer)?,
            description: self.prose(o, "description", pointer)?,
            deprecated: self.opt_bool(o, "deprecated", pointer)?.unwrap_or(false),
            tags,
            sdk_group: self.opt_str(o, "x-speakeasy-group", pointer)?,
            sdk_name: self.opt_str(o, "x-speakeasy-name-override", pointer)?,
            parameters,
            body,
            responses,
            pagination: self.pagination(o, pointer)?,
        })
    }

    fn content(&self, o: &'a Obj, pointer: &str) -> Result<Vec<MediaType>, Error> {
        let mut out = Vec::new();
        let Some(content) = self.opt_obj(o, "content", pointer)? else {
            return Ok(out);
        };
        for (mime, m) in content {
            let mp = join(&join(pointer, "content"), mime);
            let mo = self.as_obj(m, &mp, "a media type")?;
            let schema = match mo.get("schema") {
                Some(s) => Some(self.schema(s, &join(&mp, "schema"), 0)?),
                None => None,
            };
            let mut examples = Vec::new();
            if let Some(e) = mo.get("example") {
                examples.push(e.clone());
            }
            if let Some(ex) = self.opt_obj(mo, "examples", &mp)? {
                for (name, e) in ex {
                    let (e, ep) = self.deref(e, join(&join(&mp, "examples"), name))?;
                    let eo = self.as_obj(e, &ep, "an example")?;
                    if let Some(v) = eo.get("value") {
                        examples.push(v.clone());
                    }
                }
            }
            let mut encoding = Vec::new();
            if let Some(enc) = self.opt_obj(mo, "encoding", &mp)? {
                for (prop, e) in enc {
                    let ep = join(&join(&mp, "encoding"), prop);
                    let e = self.as_obj(e, &ep, "an encoding")?;
                    encoding.push(Encoding {
                        property: prop.clone(),
                        style: self.opt_str(e, "style", &ep)?,
                        explode: self.opt_bool(e, "explode", &ep)?,
                    });
                }
            }
            out.push(MediaType {
                encoding,
                sse_sentinel: self.opt_str(mo, "x-speakeasy-sse-sentinel", &mp)?,
                mime: mime.clone(),
                schema,
                examples,
                pointer: mp,
            });
        }
        Ok(out)
    }
}

/// `/components/schemas/Name` (exactly) to `Name`.
fn component_schema_name(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/schemas/")?;
    if rest.contains('/') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

fn parse_status(code: &str) -> Option<Status> {
    if code == "default" {
        return Some(Status::Default);
    }
    let b = code.as_bytes();
    if b.len() == 3 && (b'1'..=b'5').contains(&b[0]) && b[1..].eq_ignore_ascii_case(b"XX") {
        return Some(Status::Range(b[0] - b'0'));
    }
    match code.parse::<u16>() {
        Ok(c) if (100..=599).contains(&c) && code.len() == 3 => Some(Status::Code(c)),
        _ => None,
    }
}

/// The `{name}` placeholders of a path template, checked for well-formedness.
pub(crate) fn template_names(path: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut seen = HashSet::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "unclosed `{` in the path template".to_owned())?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err("empty or nested `{}` in the path template".to_owned());
        }
        if !seen.insert(name.to_owned()) {
            return Err(format!("`{{{name}}}` appears twice in the path template"));
        }
        names.push(name.to_owned());
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err("unmatched `}` in the path template".to_owned());
    }
    Ok(names)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A new id for an operation whose operationId is taken (unique only within a tag, as some
/// specs have it): `<first tag>_<id>`, else `<id>_<method>_<path words>`, numbered if that
/// is taken too. Deterministic: it depends on the operation and the ids seen before it.
fn unique_id(op: &Operation, seen: &[(String, String)]) -> String {
    let taken = |id: &str| seen.iter().any(|(s, _)| s == id);
    let words: Vec<&str> = op
        .path
        .split(['/', '{', '}'])
        .filter(|w| !w.is_empty())
        .collect();
    let by_path = format!(
        "{}_{}_{}",
        op.id,
        op.method.to_ascii_lowercase(),
        words.join("_")
    );
    let candidates = op
        .tags
        .first()
        .map(|t| format!("{t}_{}", op.id))
        .into_iter()
        .chain([by_path.clone()]);
    for c in candidates {
        if !taken(&c) {
            return c;
        }
    }
    (2..)
        .map(|n| format!("{by_path}_{n}"))
        .find(|c| !taken(c))
        .expect("a free id exists")
}
