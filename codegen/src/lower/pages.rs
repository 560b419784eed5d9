//! A declared pagination (`model::Pagination`) resolved against the method it pages: the
//! parameters it sets and the response fields it reads, as Rust field names. What does
//! not resolve (a parameter the method does not take, a field the page does not have, a
//! path through an optional object) is a warning and no paging methods, never a guess.

use super::*;
use crate::ir::{Paging, PagingKind, TypeKind};
use crate::model::{PageKind, Pagination};

impl Lowerer<'_> {
    pub(super) fn paging(
        &self,
        declared: &Pagination,
        method: &Method,
        params: Option<&str>,
    ) -> Result<Paging, String> {
        let page = match &method.output {
            Output::Plain {
                statuses,
                enum_name: None,
            } => statuses.iter().find_map(|(_, p)| match p {
                Payload::Json(t @ Ty::Named(_)) => Some(t.clone()),
                _ => None,
            }),
            _ => None,
        }
        .ok_or("the operation does not answer one JSON object")?;
        if method.body.is_some() {
            return Err(
                "the operation takes a body (only parameter inputs are followed)".to_owned(),
            );
        }
        let param = |wire: &str| -> Result<String, String> {
            let list = params
                .and_then(|n| self.types.iter().find(|t| t.name == n))
                .and_then(|t| match &t.kind {
                    TypeKind::Params { params } => Some(params),
                    _ => None,
                })
                .ok_or_else(|| format!("the operation has no query parameter `{wire}`"))?;
            list.iter()
                .find(|p| p.wire == wire && p.location == ParamLocation::Query && !p.required)
                .map(|p| p.name.clone())
                .ok_or_else(|| format!("the operation has no optional query parameter `{wire}`"))
        };
        let (results, item) = self.field_path(&page, &declared.results)?;
        let item = self
            .list_item(&item, 0)
            .ok_or_else(|| format!("`$.{}` is not a list", declared.results.join(".")))?;
        let (kind, words) = match &declared.kind {
            PageKind::OffsetLimit {
                offset,
                page: number,
                limit,
            } => {
                let (wire, page_number) = match (offset, number) {
                    (Some(o), _) => (o, false),
                    (None, Some(p)) => (p, true),
                    (None, None) => return Err("no offset or page input".to_owned()),
                };
                let limit = limit.as_deref().map(param).transpose()?;
                let words = format!(
                    "{} on `{wire}`{}",
                    if page_number { "page number" } else { "offset" },
                    limit_words(declared)
                );
                let field = param(wire)?;
                (
                    PagingKind::Offset {
                        field,
                        page_number,
                        limit,
                    },
                    words,
                )
            }
            PageKind::Cursor { param: wire, next } => {
                let (next_fields, _) = self.field_path(&page, next)?;
                let words = format!("cursor `{wire}` from `$.{}`", next.join("."));
                (
                    PagingKind::Cursor {
                        field: param(wire)?,
                        next: next_fields,
                    },
                    words,
                )
            }
            PageKind::NextUrl { next } => {
                let (next_fields, _) = self.field_path(&page, next)?;
                (
                    PagingKind::NextUrl { next: next_fields },
                    format!("next link `$.{}`", next.join(".")),
                )
            }
        };
        Ok(Paging {
            pages_name: String::new(),
            items_name: String::new(),
            kind,
            results,
            item,
            declared: format!("{words}; items `$.{}`", declared.results.join(".")),
        })
    }

    /// The Rust fields along `path` from the struct `ty`, and the last one's type. Every
    /// step before the last must be a struct that is always there.
    fn field_path(&self, ty: &Ty, path: &[String]) -> Result<(Vec<String>, Ty), String> {
        let mut current = ty.clone();
        let mut fields = Vec::new();
        for (i, wire) in path.iter().enumerate() {
            let name = match &current {
                Ty::Named(n) => n.clone(),
                Ty::Box(inner) => match &**inner {
                    Ty::Named(n) => n.clone(),
                    _ => return Err(format!("`{wire}` is not under an object")),
                },
                _ if i > 0 => {
                    return Err(format!(
                        "`{}` may be absent on the way to `{wire}`",
                        path[i - 1]
                    ));
                }
                _ => return Err("the page is not an object".to_owned()),
            };
            let f = self
                .struct_fields(&name)
                .and_then(|fs| fs.iter().find(|f| &f.wire == wire))
                .ok_or_else(|| format!("the page has no field `$.{}`", path[..=i].join(".")))?;
            fields.push(f.name.clone());
            current = f.ty.clone();
        }
        Ok((fields, current))
    }

    /// `T` of a list however wrapped (`Vec<T>`, `Option<Vec<T>>`,
    /// `Option<Nullable<Vec<T>>>`, an alias of one).
    fn list_item(&self, t: &Ty, depth: usize) -> Option<Ty> {
        if depth > 8 {
            return None;
        }
        match t {
            Ty::Vec(item) => Some((**item).clone()),
            Ty::Option(inner) | Ty::Nullable(inner) => self.list_item(inner, depth + 1),
            Ty::Named(n) => match &self.types.iter().find(|t| &t.name == n)?.kind {
                TypeKind::Alias { ty } => self.list_item(ty, depth + 1),
                _ => None,
            },
            _ => None,
        }
    }

    fn struct_fields(&self, name: &str) -> Option<&[crate::ir::Field]> {
        let mut name = name.to_owned();
        for _ in 0..8 {
            let t = self.types.iter().find(|t| t.name == name)?;
            match &t.kind {
                TypeKind::Struct { fields, .. } => return Some(fields),
                TypeKind::Alias { ty: Ty::Named(n) } => name = n.clone(),
                _ => return None,
            }
        }
        None
    }
}

fn limit_words(p: &Pagination) -> String {
    match &p.kind {
        PageKind::OffsetLimit { limit: Some(l), .. } => format!(" with limit `{l}`"),
        _ => String::new(),
    }
}
