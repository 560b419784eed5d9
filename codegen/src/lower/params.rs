//! Path, query and header parameters: names, types, `style` and `explode`.

use super::*;
use crate::model::Parameter;
use crate::naming::{Namer, field_name, type_name};

impl<'a> Lowerer<'a> {
    /// The path template as literal pieces and parameters, and the path parameters.
    pub(super) fn path(
        &mut self,
        op: &Operation,
        op_type: &str,
    ) -> Result<(Vec<PathPart>, Vec<Param>), Error> {
        let mut params = Vec::new();
        let mut path = Vec::new();
        let mut rest = op.path.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                path.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let close = open + rest[open..].find('}').unwrap_or(rest.len() - open);
            let pname = &rest[open + 1..close];
            let p = op
                .parameters
                .iter()
                .find(|p| p.location == ParamIn::Path && p.name == pname)
                .ok_or_else(|| {
                    Error::at(
                        self.file,
                        &op.pointer,
                        format!("no path parameter `{pname}` for path `{}`", op.path),
                    )
                })?;
            path.push(PathPart::Param(params.len()));
            params.push(self.param(p, op_type, ParamLocation::Path)?);
            rest = &rest[(close + 1).min(rest.len())..];
        }
        if !rest.is_empty() {
            path.push(PathPart::Literal(rest.to_owned()));
        }
        // Path parameter names must not clash with each other or with `body`/`params`.
        let mut pnamer = Namer::default();
        pnamer.reserve("body");
        pnamer.reserve("params");
        for p in &mut params {
            p.name = pnamer.unique(&p.name);
        }
        Ok((path, params))
    }

    /// Query and header parameters as one `Params` struct; `None` when there are none.
    pub(super) fn query_params(
        &mut self,
        op: &Operation,
        op_type: &str,
    ) -> Result<Option<(String, bool)>, Error> {
        let mut params = Vec::new();
        let mut qnamer = Namer::default();
        for p in &op.parameters {
            let location = match p.location {
                ParamIn::Path => continue,
                ParamIn::Query => ParamLocation::Query,
                ParamIn::Header => {
                    let lower = p.name.to_ascii_lowercase();
                    // The auth layer sets Authorization; reqwest sets Content-Type and Accept.
                    if lower == "authorization" || lower == "content-type" || lower == "accept" {
                        continue;
                    }
                    ParamLocation::Header
                }
                ParamIn::Cookie => ParamLocation::Cookie,
            };
            let mut param = self.param(p, op_type, location)?;
            param.name = qnamer.unique(&param.name);
            params.push(param);
        }
        if params.is_empty() {
            return Ok(None);
        }
        let all_optional = params.iter().all(|p| !p.required);
        let name = self.namer.unique(&format!("{op_type}Params"));
        self.types.push(TypeDef {
            name: name.clone(),
            pointer: op.pointer.clone(),
            docs: Docs {
                description: Some(format!("Query and header parameters of `{}`.", op.id)),
                ..Docs::default()
            },
            deprecated: false,
            kind: TypeKind::Params { params },
            examples: Vec::new(),
            required_args: None,
        });
        Ok(Some((name, all_optional)))
    }

    fn param(
        &mut self,
        p: &Parameter,
        op_type: &str,
        location: ParamLocation,
    ) -> Result<Param, Error> {
        let hint = format!("{op_type}{}", type_name(&p.name));
        let ty = match self.ty(&p.schema, &hint)? {
            Ty::Option(inner) => *inner,
            t => t,
        };
        let style = match (location, p.style.as_deref()) {
            (ParamLocation::Query | ParamLocation::Cookie, None | Some("form")) => ParamStyle::Form,
            (ParamLocation::Query, Some("spaceDelimited")) => ParamStyle::SpaceDelimited,
            (ParamLocation::Query, Some("pipeDelimited")) => ParamStyle::PipeDelimited,
            (ParamLocation::Query, Some("deepObject")) => ParamStyle::DeepObject,
            (ParamLocation::Path, Some("label")) => ParamStyle::Label,
            (ParamLocation::Path, Some("matrix")) => ParamStyle::Matrix,
            (ParamLocation::Path | ParamLocation::Header, None | Some("simple")) => {
                ParamStyle::Simple
            }
            (_, Some(other)) => {
                let fallback = if matches!(location, ParamLocation::Query | ParamLocation::Cookie) {
                    ParamStyle::Form
                } else {
                    ParamStyle::Simple
                };
                self.fallback(
                    &p.pointer,
                    format!(
                        "parameter style `{other}` is not defined for this location; sent as `{}`",
                        fallback.runtime_name().to_ascii_lowercase()
                    ),
                );
                fallback
            }
        };
        let mut docs = docs_of(&p.schema);
        if p.description.is_some() {
            docs.description = p.description.clone();
        }
        if docs.description.is_none() {
            self.report.undocumented.push(p.pointer.clone());
        }
        Ok(Param {
            name: field_name(&p.name),
            wire: p.name.clone(),
            location,
            ty,
            required: p.required,
            explode: p.explode.unwrap_or(style == ParamStyle::Form),
            style,
            docs,
            deprecated: p.deprecated,
        })
    }
}
