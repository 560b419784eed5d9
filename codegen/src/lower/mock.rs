//! Operations to mock routes: how the generated mock server decodes each request and
//! what it answers by default (the spec's 2xx example, else a synthesized value).

use super::*;
use crate::synth::Synth;

impl Lowerer<'_> {
    pub(super) fn mock_route(
        &self,
        op: &Operation,
        methods: &[Method],
        handler: String,
    ) -> Option<MockRoute> {
        let first = methods.first()?;
        let params = first.params.as_ref().map(|name| {
            let list = match self.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                Some(TypeKind::Params { params }) => params.clone(),
                _ => Vec::new(),
            };
            (name.clone(), list)
        });
        let json = self.mock_json(op, methods);
        let events = self.mock_events(op, methods);
        let other = if json.is_none() && events.is_none() {
            Some(mock_other(methods))
        } else {
            None
        };
        Some(MockRoute {
            operation_id: op.id.clone(),
            handler,
            http_method: first.http_method.clone(),
            path: op.path.clone(),
            path_params: first.path_params.clone(),
            params,
            body: mock_body(methods),
            reply: json.as_ref().map_or(Ty::Json, |j| j.ty.clone()),
            json,
            events,
            other,
            paging: mock_paging(op, methods),
        })
    }

    fn synth(&self) -> Synth<'_> {
        Synth {
            components: &self.components,
        }
    }

    /// The first success status answered in JSON, its type, example and synthesized value.
    fn mock_json(&self, op: &Operation, methods: &[Method]) -> Option<MockJson> {
        let (status, ty) = methods.iter().find_map(|m| match &m.output {
            Output::Plain { statuses, .. } => statuses.iter().find_map(|(s, p)| match p {
                Payload::Json(ty) => Some((*s, ty.clone())),
                _ => None,
            }),
            _ => None,
        })?;
        // A 2XX read through `default` (the only response declared) answers that schema.
        let response = op
            .responses
            .iter()
            .find(|r| ir_status(r.status) == status)
            .or_else(|| {
                let declared = op.responses.iter().any(|r| is_success(r.status));
                (!declared)
                    .then(|| {
                        op.responses
                            .iter()
                            .find(|r| r.status == model::Status::Default)
                    })
                    .flatten()
            });
        let media = response.and_then(|r| r.content.iter().find(|m| is_json_mime(&m.mime)));
        let schema = media.and_then(|m| m.schema.as_ref());
        let example = media
            .and_then(|m| m.examples.first().cloned())
            .or_else(|| schema.and_then(|s| self.schema_example(s)));
        Some(MockJson {
            status: status_code(status),
            ty,
            example,
            synthesized: schema
                .map_or(Value::Object(Default::default()), |s| self.synth().value(s)),
        })
    }

    fn mock_events(&self, op: &Operation, methods: &[Method]) -> Option<MockEvents> {
        let item = methods.iter().find_map(|m| match &m.output {
            Output::Events { item, sentinel } => Some((item.clone(), sentinel.clone())),
            _ => None,
        })?;
        let (response, media) = op.responses.iter().find_map(|r| {
            let m = r
                .content
                .iter()
                .find(|m| m.mime.to_ascii_lowercase().starts_with("text/event-stream"))?;
            is_success(r.status).then_some((r, m))
        })?;
        // The stream's schema is the event envelope (`data`, `event`, …) or the data itself.
        let data_schema = media.schema.as_ref().map(|s| {
            self.object_view(s, 0)
                .and_then(|v| {
                    let data = v.properties.iter().find(|(n, _)| n == "data");
                    data.map(|(_, d)| d.clone())
                })
                .unwrap_or_else(|| s.clone())
        });
        let examples = media
            .examples
            .iter()
            .filter_map(|e| match e {
                Value::Object(o) if o.contains_key("data") => o.get("data").cloned(),
                Value::String(_) => None,
                other => Some(other.clone()),
            })
            .collect();
        Some(MockEvents {
            status: status_code(ir_status(response.status)),
            item: item.0,
            examples,
            synthesized: data_schema.map_or(Value::Object(Default::default()), |s| {
                self.synth().value(&s)
            }),
            sentinel: item.1,
        })
    }

    /// The first example of a schema or of the component it names.
    fn schema_example(&self, s: &Schema) -> Option<Value> {
        if let Some(e) = s.examples.first() {
            return Some(e.clone());
        }
        let target = self.components.get(s.reference.as_deref()?)?;
        target.examples.first().cloned()
    }
}

fn status_code(s: ir::Status) -> u16 {
    match s {
        ir::Status::Code(c) => c,
        _ => 200,
    }
}

/// Text, bytes or an empty answer, for operations without a JSON or event answer.
fn mock_other(methods: &[Method]) -> (u16, String, String) {
    for m in methods {
        match &m.output {
            Output::Plain { statuses, .. } => {
                if let Some((s, p)) = statuses.first() {
                    let (ct, body) = match p {
                        Payload::Text => ("text/plain", "string"),
                        _ => ("", ""),
                    };
                    return (status_code(*s), ct.to_owned(), body.to_owned());
                }
            }
            Output::ByteStream => {
                return (200, "application/octet-stream".to_owned(), String::new());
            }
            Output::Events { .. } => {}
        }
    }
    (200, String::new(), String::new())
}

/// Typed JSON when every method of the operation sends the same JSON body; none when
/// none sends one; the raw bytes otherwise.
fn mock_body(methods: &[Method]) -> MockBody {
    let mut json: Option<(&Ty, bool)> = None;
    let mut bodies = 0;
    for m in methods {
        match &m.body {
            None => {}
            Some(RequestBody::Json { ty, .. }) => {
                bodies += 1;
                match json {
                    Some((t, _)) if t != ty => return MockBody::Raw,
                    _ => json = Some((ty, m.body_optional)),
                }
            }
            Some(_) => return MockBody::Raw,
        }
    }
    match json {
        Some((ty, optional)) if bodies == methods.len() => MockBody::Json {
            ty: ty.clone(),
            optional,
        },
        Some(_) => MockBody::Raw,
        None => MockBody::None,
    }
}

/// The default answer's paging, when the operation has paging methods.
fn mock_paging(op: &Operation, methods: &[Method]) -> Option<crate::ir::MockPaging> {
    use crate::ir::MockPaging;
    use crate::model::PageKind;
    methods.first()?.paging.as_ref()?;
    let declared = op.pagination.as_ref()?;
    let pointer = |path: &[String]| -> String {
        path.iter()
            .map(|s| format!("/{}", crate::error::escape_token(s)))
            .collect()
    };
    Some(match &declared.kind {
        PageKind::OffsetLimit { offset, page, .. } => {
            let (param, first) = match (offset, page) {
                (Some(o), _) => (o.clone(), "0"),
                (None, Some(p)) => (p.clone(), "1"),
                (None, None) => return None,
            };
            MockPaging::Offset {
                param,
                first: first.to_owned(),
                results: pointer(&declared.results),
            }
        }
        PageKind::Cursor { next, .. } | PageKind::NextUrl { next } => MockPaging::Single {
            next: pointer(next),
        },
    })
}
