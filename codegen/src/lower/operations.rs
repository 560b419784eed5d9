//! Operations to methods: outputs by status and media type, error enums, docs.

use std::collections::BTreeSet;

use super::*;
use crate::naming::{Namer, type_name};

/// What an operation's success responses offer.
#[derive(Default)]
struct Successes {
    plain: Vec<(ir::Status, Payload)>,
    events: Option<(Ty, Option<String>)>,
    bytes: bool,
    /// A plain JSON answer beside the event stream (so `Accept` chooses).
    json: bool,
}

impl<'a> Lowerer<'a> {
    pub(super) fn operation(
        &mut self,
        op: &Operation,
        group: Option<usize>,
        group_type: Option<&str>,
        base: &str,
        method_names: &mut Namer,
    ) -> Result<(Vec<Method>, ErrorEnum), Error> {
        let op_type = type_name(&op.id);
        // The error enum is named for the method (`chat().send` → `ChatSendError`); the
        // operationId's name (`SendChatCompletionRequestError`) stays as an alias.
        let method_type = format!("{}{}", group_type.unwrap_or(""), type_name(base));
        let (path, path_params) = self.path(op, &op_type)?;
        let params = self.query_params(op, &op_type)?;
        let bodies = self.request_bodies(op, &op_type)?;
        let mut successes = self.successes(op, &op_type)?;
        let (error, untyped) = self.errors(op, &op_type, &method_type)?;

        // An event stream beside a plain answer is reachable only through a `stream`
        // switch in the JSON body; without one the spec's stream is a placeholder.
        let stream_switch = bodies.iter().any(|(_, _, switch)| *switch);
        if successes.events.is_some() && !successes.plain.is_empty() && !stream_switch {
            self.warn(
                &op.pointer,
                "`text/event-stream` is declared beside a plain response but the request has no `stream` switch; no `_stream` method is generated",
            );
            successes.events = None;
        }
        let outputs = self.outputs(op, &op_type, successes);
        let docs = operation_docs(op, &untyped);
        let has_events = outputs
            .iter()
            .any(|(_, o, _)| matches!(o, Output::Events { .. }));
        let mut methods = Vec::new();
        for (bsuffix, body, switch) in &bodies {
            for (osuffix, output, accept) in &outputs {
                let name = method_names.unique(&format!("{base}{bsuffix}{osuffix}"));
                let params_optional = params.as_ref().is_some_and(|(_, o)| *o);
                let with_name =
                    params_optional.then(|| method_names.unique(&format!("{name}_with")));
                let stream_flag = match output {
                    Output::Events { .. } if *switch => Some(true),
                    Output::Plain { .. } if *switch && has_events => Some(false),
                    _ => None,
                };
                methods.push(Method {
                    operation_id: op.id.clone(),
                    group,
                    name,
                    docs: docs.clone(),
                    deprecated: op.deprecated,
                    http_method: op.method.to_ascii_uppercase(),
                    path: path.clone(),
                    path_params: path_params.clone(),
                    params: params.as_ref().map(|(n, _)| n.clone()),
                    with_name,
                    body: body.clone(),
                    body_optional: op.body.as_ref().is_some_and(|b| !b.required)
                        && !body.as_ref().is_some_and(|b| self.body_needs_content(b)),
                    stream_flag,
                    accept: accept.clone(),
                    output: output.clone(),
                    error: error.name.clone(),
                    paging: None,
                });
            }
        }
        if let (Some(declared), Some(first)) = (&op.pagination, methods.first_mut()) {
            match self.paging(declared, first, params.as_ref().map(|(n, _)| n.as_str())) {
                Ok(mut paging) => {
                    paging.pages_name = method_names.unique(&format!("{}_pages", first.name));
                    paging.items_name = method_names.unique(&format!("{}_items", first.name));
                    self.report.declared.push(format!(
                        "paged ({}): `{}` → `{}`, `{}`",
                        paging.declared, op.id, paging.pages_name, paging.items_name
                    ));
                    first.paging = Some(paging);
                }
                Err(why) => self.warn(
                    &declared.pointer,
                    format!("{why}; no paging methods are generated"),
                ),
            }
        }
        Ok((methods, error))
    }

    /// A body whose type has required properties cannot be left out meaningfully, whatever
    /// `requestBody.required` says (it defaults to false, and specs often forget it).
    fn body_needs_content(&self, body: &RequestBody) -> bool {
        let ty = match body {
            RequestBody::Json { ty, .. } | RequestBody::Form { ty, .. } => ty,
            _ => return false,
        };
        let Ty::Named(n) = ty else { return false };
        match self.kind_of(n) {
            Some(TypeKind::Struct { fields, .. }) => fields.iter().any(|f| f.required),
            _ => false,
        }
    }

    fn successes(&mut self, op: &Operation, op_type: &str) -> Result<Successes, Error> {
        let mut responses: Vec<&model::Response> = op
            .responses
            .iter()
            .filter(|r| is_success(r.status))
            .collect();
        if responses.is_empty() {
            // Only `default` declared: it describes the success answer too.
            responses.extend(
                op.responses
                    .iter()
                    .filter(|r| r.status == model::Status::Default),
            );
        }
        let several = responses.len() > 1;
        let mut out = Successes::default();
        for r in &responses {
            let status = match r.status {
                model::Status::Default => ir::Status::Range(2),
                s => ir_status(s),
            };
            let hint = if several {
                format!("{op_type}Response{}", status_label(status))
            } else {
                format!("{op_type}Response")
            };
            let mut payload = None;
            for m in &r.content {
                let mime = m.mime.to_ascii_lowercase();
                if mime.starts_with("text/event-stream") {
                    let item = match &m.schema {
                        Some(s) => self.event_item(s, &format!("{op_type}Event"))?,
                        None => Ty::Json,
                    };
                    out.events.get_or_insert((item, m.sse_sentinel.clone()));
                } else if is_json_mime(&mime) {
                    let ty = match &m.schema {
                        Some(s) => self.ty(s, &hint)?,
                        None => Ty::Json,
                    };
                    self.media_examples(m, &ty, ExampleKind::Response);
                    out.json = true;
                    payload.get_or_insert(Payload::Json(ty));
                } else if mime.starts_with("text/")
                    || mime.ends_with("+xml")
                    || mime.ends_with("/xml")
                {
                    payload.get_or_insert(Payload::Text);
                } else {
                    out.bytes = true;
                }
            }
            if r.content.is_empty() {
                payload = Some(Payload::Empty);
            }
            if let Some(p) = payload {
                out.plain.push((status, p));
            }
        }
        Ok(out)
    }

    /// The error enum (statuses with a JSON body) and the statuses without one.
    fn errors(
        &mut self,
        op: &Operation,
        op_type: &str,
        method_type: &str,
    ) -> Result<(ErrorEnum, Vec<ir::Status>), Error> {
        let by_method = format!("{method_type}Error");
        let by_operation = format!("{op_type}Error");
        let (name, old_name) = if by_method != by_operation && self.namer.try_reserve(&by_method) {
            let old = self
                .namer
                .try_reserve(&by_operation)
                .then_some(by_operation);
            (by_method, old)
        } else {
            (self.namer.unique(&by_operation), None)
        };
        let mut variants = Vec::new();
        let mut untyped = Vec::new();
        let mut enamer = Namer::default();
        for r in op.responses.iter().filter(|r| !is_success(r.status)) {
            let status = ir_status(r.status);
            let Some(m) = r.content.iter().find(|m| is_json_mime(&m.mime)) else {
                untyped.push(status);
                continue;
            };
            let vname = enamer.unique(&reason(status));
            let ty = match &m.schema {
                Some(s) => self.ty(s, &format!("{op_type}{vname}Body"))?,
                None => Ty::Json,
            };
            self.media_examples(m, &ty, ExampleKind::Response);
            variants.push(ErrorVariant {
                name: vname,
                status,
                ty,
                docs: Docs {
                    description: r.description.clone(),
                    ..Docs::default()
                },
            });
        }
        let error = ErrorEnum {
            name,
            old_name,
            operation: op.id.clone(),
            variants,
        };
        Ok((error, untyped))
    }

    /// One method per output: plain (JSON, text, empty), event stream, byte stream; each
    /// with its name suffix and, when the operation offers several, its `Accept`.
    fn outputs(
        &mut self,
        op: &Operation,
        op_type: &str,
        s: Successes,
    ) -> Vec<(&'static str, Output, Option<String>)> {
        let several = usize::from(!s.plain.is_empty())
            + usize::from(s.events.is_some())
            + usize::from(s.bytes)
            > 1;
        let accept = |mime: &str| several.then(|| mime.to_owned());
        let mut outputs = Vec::new();
        if !s.plain.is_empty() {
            let distinct: BTreeSet<&Payload> = s.plain.iter().map(|(_, p)| p).collect();
            let enum_name =
                (distinct.len() > 1).then(|| self.namer.unique(&format!("{op_type}Response")));
            let mime = if s.json { "application/json" } else { "*/*" };
            outputs.push((
                "",
                Output::Plain {
                    statuses: s.plain,
                    enum_name,
                },
                accept(mime),
            ));
        }
        if let Some((item, sentinel)) = s.events {
            outputs.push((
                "_stream",
                Output::Events { item, sentinel },
                accept("text/event-stream"),
            ));
        }
        if s.bytes {
            outputs.push(("_bytes", Output::ByteStream, None));
        }
        if outputs.is_empty() {
            // No success response declared at all: read whatever comes as JSON.
            self.fallback(
                &op.pointer,
                "no success response is declared; the method returns the body as a JSON value",
            );
            outputs.push((
                "",
                Output::Plain {
                    statuses: vec![(ir::Status::Range(2), Payload::Json(Ty::Json))],
                    enum_name: None,
                },
                None,
            ));
        }
        // The first output keeps the plain name.
        outputs[0].0 = "";
        outputs
    }
}

fn operation_docs(op: &Operation, untyped: &[ir::Status]) -> Docs {
    let mut docs = Docs {
        title: op.summary.clone(),
        description: op.description.clone(),
        notes: Vec::new(),
    };
    docs.notes.push(format!(
        "`{} {}` (operationId `{}`)",
        op.method.to_ascii_uppercase(),
        op.path,
        op.id
    ));
    if !op.tags.is_empty() {
        docs.notes.push(format!("Tags: {}.", op.tags.join(", ")));
    }
    if let Some(d) = op.body.as_ref().and_then(|b| b.description.as_ref()) {
        docs.notes.push(format!("Request body: {d}"));
    }
    if !untyped.is_empty() {
        let list: Vec<String> = untyped.iter().map(|s| status_text(*s)).collect();
        docs.notes.push(format!(
            "Error statuses {} declare no JSON body; they surface as `Error::UnexpectedStatus` with the raw body.",
            list.join(", ")
        ));
    }
    docs
}
