//! Schema types: structs, open enums, unions, aliases, parameter and multipart structs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, deprecated, docs_or, ident, short_ty};
use crate::ir::{Field, MultipartKind, Param, ParamLocation, Ty, TypeDef, TypeKind, UnionVariant};
use crate::naming::unraw;

pub fn emit(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.rt;
    let items = ctx.module.types.iter().map(|t| typedef(ctx, t));
    quote! {
        /// Request and response types, one per schema of the spec.
        pub mod types {
            #![allow(deprecated, reason = "deprecated schemas stay usable; the warning belongs at the use site")]
            #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, reason = "layout and docs follow the spec")]
            #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, reason = "descriptions are Markdown written for the web docs")]
            #[allow(unused_imports, reason = "not every spec needs every import")]
            use #rt::{serde::{Deserialize, Serialize}, serde_json};
            #(#items)*
        }
    }
}

fn typedef(ctx: &Ctx, t: &TypeDef) -> TokenStream {
    // A title that only repeats the schema name says nothing.
    let mut t = t.clone();
    if t.docs
        .title
        .as_deref()
        .is_some_and(|title| crate::naming::type_name(title) == t.name)
    {
        t.docs.title = None;
    }
    let t = &t;
    let rt = &ctx.rt;
    let serde_crate = &ctx.serde_crate;
    let name = ident(&t.name);
    let doc = docs_or(&t.docs, &format!("The `{}` schema.", t.name));
    let dep = deprecated(t.deprecated);
    let here = quote!();
    match &t.kind {
        TypeKind::Struct {
            fields,
            additional,
            all_optional,
        } => {
            let fields = fields.iter().map(field);
            let extra = additional.as_ref().map(|a| {
                let a = short_ty(a, &here);
                quote! {
                    /// Properties not named above (`additionalProperties`).
                    #[serde(flatten)]
                    pub additional_properties: ::std::collections::BTreeMap<String, #a>,
                }
            });
            let default = if *all_optional {
                quote!(Default,)
            } else {
                quote!()
            };
            quote! {
                #doc
                #dep
                #[derive(Clone, Debug, #default PartialEq, Serialize, Deserialize)]
                #[serde(crate = #serde_crate)]
                pub struct #name {
                    #(#fields)*
                    #extra
                }
            }
        }
        TypeKind::Enum { variants } => {
            let vnames: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
            let wires = variants.iter().map(|v| v.wire.as_str());
            let vdocs = variants.iter().map(|v| format!(" `{}`", v.wire));
            quote! {
                #doc
                ///
                /// Open enum: a value this version of the spec does not list decodes as `Unknown`.
                #dep
                #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #(#[doc = #vdocs] #vnames,)*
                    /// A value not listed in the spec, kept as sent.
                    Unknown(String),
                }
                #rt::open_enum!(#name { #(#vnames = #wires),* });
            }
        }
        TypeKind::Union { variants, tag } => union(ctx, t, variants, tag.as_deref()),
        TypeKind::Alias { ty: target } => {
            let target = short_ty(target, &here);
            quote! {
                #doc
                #dep
                pub type #name = #target;
            }
        }
        TypeKind::Params { params } => params_struct(ctx, &name, doc, params),
        TypeKind::Multipart { fields } => {
            let decls = fields.iter().map(|f| {
                let fname = ident(&f.name);
                let fdoc = docs_or(&f.docs, &format!("`{}`", f.wire));
                let fty = match &f.kind {
                    MultipartKind::File => quote!(#rt::FilePart),
                    MultipartKind::Text(t) => short_ty(t, &here),
                    MultipartKind::Repeated(t) => {
                        let t = short_ty(t, &here);
                        quote!(Vec<#t>)
                    }
                };
                let already_optional = matches!(f.kind, MultipartKind::Text(Ty::Option(_)));
                let fty = if f.required
                    || matches!(f.kind, MultipartKind::Repeated(_))
                    || already_optional
                {
                    fty
                } else {
                    quote!(Option<#fty>)
                };
                quote!(#fdoc pub #fname: #fty,)
            });
            let parts = fields.iter().map(|f| {
                let fname = ident(&f.name);
                let wire = &f.wire;
                let optional = !f.required && !matches!(f.kind, MultipartKind::Repeated(_));
                let value = |v: TokenStream, t: Option<&Ty>| match t {
                    None => quote!(form.file(#wire, #v.clone());),
                    Some(t) => {
                        let text = to_text(ctx, t, v);
                        quote!(form.text(#wire, #text);)
                    }
                };
                match &f.kind {
                    MultipartKind::Repeated(t) => {
                        let push = value(quote!(item), Some(t));
                        quote!(for item in &self.#fname { #push })
                    }
                    kind => {
                        let t = match kind {
                            MultipartKind::Text(t) => Some(t),
                            _ => None,
                        };
                        let t = t.map(|t| match t {
                            Ty::Option(inner) => &**inner,
                            other => other,
                        });
                        let nullable_text = matches!(kind, MultipartKind::Text(Ty::Option(_)));
                        if optional || nullable_text {
                            let push = value(quote!(value), t);
                            quote!(if let Some(value) = &self.#fname { #push })
                        } else {
                            let push = value(quote!(self.#fname), t);
                            quote!(#push)
                        }
                    }
                }
            });
            quote! {
                #doc
                #[derive(Clone, Debug)]
                pub struct #name {
                    #(#decls)*
                }
                impl #name {
                    /// The form parts, in spec order.
                    pub fn to_form(&self) -> #rt::Form {
                        let mut form = #rt::Form::default();
                        #(#parts)*
                        form
                    }
                }
            }
        }
    }
}

fn field(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let doc = docs_or(&f.docs, &format!("`{}`", f.wire));
    let dep = deprecated(f.deprecated);
    let fty = short_ty(&f.ty, &quote!());
    let wire = &f.wire;
    let rename = if unraw(&f.name) != wire {
        quote!(#[serde(rename = #wire)])
    } else {
        quote!()
    };
    let skip = if f.ty.is_option() && !f.required {
        quote!(#[serde(default, skip_serializing_if = "Option::is_none")])
    } else if f.ty.is_option() {
        quote!(#[serde(default)])
    } else {
        quote!()
    };
    quote! {
        #doc
        #dep
        #rename
        #skip
        pub #name: #fty,
    }
}

fn union(ctx: &Ctx, t: &TypeDef, variants: &[UnionVariant], tag: Option<&str>) -> TokenStream {
    let rt = &ctx.rt;
    let serde_crate = &ctx.serde_crate;
    let name = ident(&t.name);
    let doc = docs_or(&t.docs, &format!("The `{}` schema.", t.name));
    let dep = deprecated(t.deprecated);
    let here = quote!();
    let decls = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let vty = short_ty(&v.ty, &here);
        let vdoc = docs_or(&v.docs, &format!("The `{}` variant.", v.name));
        quote!(#vdoc #vname(#vty),)
    });
    match tag {
        Some(tag) => {
            let tag_doc =
                format!(" Tagged by the `{tag}` property; an unknown tag decodes as `Unknown`.");
            let arms = variants.iter().map(|v| {
                let vname = ident(&v.name);
                let tags = &v.tags;
                quote!(#(Some(#tags))|* => Self::#vname(serde_json::from_value(value)?),)
            });
            quote! {
                #doc
                ///
                #[doc = #tag_doc]
                #dep
                #[derive(Clone, Debug, PartialEq, Serialize)]
                #[serde(crate = #serde_crate, untagged)]
                pub enum #name {
                    #(#decls)*
                    /// A variant this version of the spec does not list, kept as sent.
                    Unknown(serde_json::Value),
                }
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        #rt::de::tagged(deserializer, #tag, |tag, value| {
                            Ok(match tag {
                                #(#arms)*
                                _ => Self::Unknown(value),
                            })
                        })
                    }
                }
            }
        }
        None => quote! {
            #doc
            #dep
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[serde(crate = #serde_crate, untagged)]
            pub enum #name {
                #(#decls)*
            }
        },
    }
}

/// An expression joining the text forms of an array's items.
fn join(ctx: &Ctx, item: &Ty, v: &TokenStream, delimiter: &str) -> TokenStream {
    match item {
        Ty::String => quote!(#v.join(#delimiter)),
        _ => {
            let text = to_text(ctx, item, quote!(item));
            quote!(#v.iter().map(|item| #text).collect::<Vec<_>>().join(#delimiter))
        }
    }
}

/// An expression producing the text form of a parameter or form value.
pub fn to_text(ctx: &Ctx, t: &Ty, v: TokenStream) -> TokenStream {
    match t {
        Ty::String => quote!(#v.clone()),
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 => quote!(#v.to_string()),
        Ty::Named(n) if ctx.is_enum(n) => quote!(#v.as_str().to_owned()),
        Ty::Box(inner) => to_text(ctx, inner, v),
        _ => quote!(serde_json::to_string(&#v).unwrap_or_default()),
    }
}

fn params_struct(
    ctx: &Ctx,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    params: &[Param],
) -> TokenStream {
    let rt = &ctx.rt;
    let here = quote!();
    let all_optional = params.iter().all(|p| !p.required);
    let decls = params.iter().map(|p| {
        let pname = ident(&p.name);
        let pdoc = docs_or(&p.docs, &format!("`{}`", p.wire));
        let dep = deprecated(p.deprecated);
        let base = short_ty(&p.ty, &here);
        let pty = if p.required {
            base
        } else {
            quote!(::std::option::Option<#base>)
        };
        quote!(#pdoc #dep pub #pname: #pty,)
    });
    let applies = params.iter().map(|p| {
        let pname = ident(&p.name);
        let wire = &p.wire;
        let push = |v: TokenStream| -> TokenStream {
            match (&p.location, &p.ty) {
                (ParamLocation::Query, Ty::Vec(item)) if p.explode => {
                    let text = to_text(ctx, item, quote!(item));
                    quote!(for item in #v.iter() { request.query(#wire, #text); })
                }
                (ParamLocation::Query, Ty::Vec(item)) => {
                    let joined = join(ctx, item, &v, p.delimiter);
                    quote!(request.query(#wire, #joined);)
                }
                (ParamLocation::Query, t) => {
                    let text = to_text(ctx, t, v);
                    quote!(request.query(#wire, #text);)
                }
                // Headers are `simple`: arrays comma-separated.
                (_, Ty::Vec(item)) => {
                    let joined = join(ctx, item, &v, ",");
                    quote!(request.header(#wire, #joined);)
                }
                (_, t) => {
                    let text = to_text(ctx, t, v);
                    quote!(request.header(#wire, #text);)
                }
            }
        };
        if p.required {
            push(quote!(self.#pname))
        } else {
            let inner = push(quote!(value));
            quote!(if let Some(value) = &self.#pname { #inner })
        }
    });
    let default = if all_optional {
        quote!(Default,)
    } else {
        quote!()
    };
    let request = format_ident!("request");
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name {
            #(#decls)*
        }
        impl #name {
            /// Add these parameters to a request (query pairs in declaration order, then headers).
            pub fn apply(&self, #request: &mut #rt::Request) {
                #(#applies)*
            }
        }
    }
}
