//! Schema types: structs, open enums, unions, aliases, parameter and multipart structs.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, deprecated, docs_or, ident, short_ty};
use crate::ir::{Field, TypeDef, TypeKind};

/// The `types` module, with the types in `range` only; `head` adds its docs, lint
/// settings and imports (the part [`super::emit_source`] formats first).
pub fn emit(ctx: &Ctx, range: std::ops::Range<usize>, head: bool) -> TokenStream {
    let items = ctx.module.types[range].iter().map(|t| typedef(ctx, t));
    if !head {
        return quote!(pub mod types { #(#items)* });
    }
    let renamed = renamed_types(ctx);
    let rt = &ctx.rt;
    quote! {
        /// Request and response types, one per schema of the spec.
        pub mod types {
            #![allow(deprecated, reason = "deprecated schemas stay usable; the warning belongs at the use site")]
            #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, reason = "layout and docs follow the spec")]
            #![allow(clippy::wrong_self_convention, reason = "setters are named after the spec's properties (`as`, `to_x`, `is_y`)")]
            #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, reason = "descriptions are Markdown written for the web docs")]
            #[allow(unused_imports, reason = "not every spec needs every import")]
            use #rt::{self as rt, Nullable, serde::{Deserialize, Serialize}, serde_json};
            #(#items)*
            #renamed
        }
    }
}

/// Old type names from the name lock, as deprecated aliases of the current ones (and of
/// their `…Required` structs).
fn renamed_types(ctx: &Ctx) -> TokenStream {
    let mut out = TokenStream::new();
    let mut taken: std::collections::BTreeSet<&str> =
        ctx.module.types.iter().map(|t| t.name.as_str()).collect();
    taken.extend(
        ctx.module
            .types
            .iter()
            .filter_map(|t| t.required_args.as_deref()),
    );
    for r in &ctx.module.renamed {
        let crate::lock::Renamed::Type { old, new } = r else {
            continue;
        };
        let (o, n) = (ident(old), ident(new));
        let note = format!("renamed to `{new}` (the spec renamed or moved it)");
        out.extend(quote! {
            #[deprecated(note = #note)]
            #[doc = " An earlier name, kept by the name lock."]
            pub type #o = #n;
        });
        let required = ctx
            .by_name
            .get(new.as_str())
            .and_then(|&i| ctx.module.types[i].required_args.as_deref());
        let old_required = format!("{old}Required");
        if let Some(req) = required.filter(|_| !taken.contains(old_required.as_str())) {
            let (o, n) = (ident(&old_required), ident(req));
            let note = format!("renamed to `{req}`");
            out.extend(quote! {
                #[deprecated(note = #note)]
                #[doc = " An earlier name, kept by the name lock."]
                pub type #o = #n;
            });
        }
    }
    out
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
    let name = ident(&t.name);
    let doc = docs_or(
        &t.docs,
        &format!("The `{}` schema.", super::objects::doc_name(t)),
    );
    let dep = deprecated(t.deprecated);
    let here = quote!();
    match &t.kind {
        TypeKind::Struct {
            fields,
            additional,
            open,
            all_optional,
        } => {
            // Undeclared properties of an open struct are kept like declared extra ones.
            let undeclared = additional.is_none() && *open;
            let others = if undeclared {
                Some(super::objects::Others::Undeclared)
            } else {
                additional
                    .as_ref()
                    .map(|_| super::objects::Others::Declared)
            };
            let required = t.required_args.as_deref();
            let builders =
                super::builders::struct_impl(ctx, &t.name, required, fields, others.is_some());
            let serde = super::objects::impls(ctx, t, fields, others);
            if let Some(def) =
                definition_text(ctx, t, fields, additional, undeclared, *all_optional)
            {
                let def = ctx.texts.placeholder(def);
                return quote!(#def #serde #builders);
            }
            let construct = super::builders::construct_doc(&t.name, required, fields, ctx);
            let extra = match (additional, undeclared) {
                (Some(a), _) => {
                    let a = short_ty(a, &here);
                    Some(quote! {
                        /// Properties not named above (`additionalProperties`).
                        pub additional_properties: ::std::collections::BTreeMap<String, #a>,
                    })
                }
                (None, true) => Some(quote! {
                    /// Properties the spec does not declare, as the server sent them (written
                    /// back unchanged).
                    pub additional_properties: ::std::collections::BTreeMap<String, serde_json::Value>,
                }),
                (None, false) => None,
            };
            let default = if *all_optional {
                quote!(Default,)
            } else {
                quote!()
            };
            let partial_eq = &ctx.partial_eq;
            let missing = super::objects::missing_field(fields).map(|m| {
                let m = ident(m);
                quote! {
                    /// Required properties the server left out, by name: they read as their
                    /// type's absent value and are not written back (`runtime::Missing`).
                    pub #m: rt::Missing,
                }
            });
            let fields = fields.iter().map(field);
            quote! {
                #doc
                #construct
                #dep
                #[derive(Clone, Debug, #default #partial_eq)]
                #[non_exhaustive]
                pub struct #name {
                    #(#fields)*
                    #extra
                    #missing
                }
                #serde
                #builders
            }
        }
        TypeKind::Enum { variants } => {
            let vnames: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
            let wires = variants.iter().map(|v| v.wire.as_str());
            let text = ctx.text_items.then(|| {
                let docs = super::doc_text(
                    &t.docs,
                    &format!("The `{}` schema.", super::objects::doc_name(t)),
                );
                super::enum_text::definition(&t.name, &docs, t.deprecated, variants)
            });
            if let Some(def) = text.flatten() {
                let def = ctx.texts.placeholder(def);
                return quote! {
                    #def
                    #rt::open_enum!(#name { #(#vnames = #wires),* });
                };
            }
            let vdocs = variants.iter().map(|v| format!(" `{}`", v.wire));
            let vdeps = variants.iter().map(|v| {
                let note = super::enum_text::DROPPED;
                v.dropped.then(|| quote!(#[deprecated(note = #note)]))
            });
            quote! {
                #doc
                ///
                /// Open enum: a value this version of the spec does not list decodes as `Unknown`.
                #dep
                #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#[doc = #vdocs] #vdeps #vnames,)*
                    /// A value not listed in the spec, kept as sent.
                    Unknown(String),
                }
                #rt::open_enum!(#name { #(#vnames = #wires),* });
            }
        }
        TypeKind::Union { variants, tag } => super::unions::union(ctx, t, variants, tag.as_deref()),
        TypeKind::Alias { ty: target } => {
            let required = alias_required(ctx, t, target);
            let target = short_ty(target, &here);
            quote! {
                #doc
                #dep
                pub type #name = #target;
                #required
            }
        }
        TypeKind::Params { params } => {
            super::params::params_struct(ctx, &name, doc, t.required_args.as_deref(), params)
        }
        TypeKind::Multipart { fields } => {
            super::multipart::multipart(ctx, &name, doc, t.required_args.as_deref(), fields)
        }
    }
}

/// The struct's definition as text ([`super::struct_text`]), when the fast path is on,
/// the derives are the usual ones and the layout is certain.
fn definition_text(
    ctx: &Ctx,
    t: &TypeDef,
    fields: &[Field],
    additional: &Option<crate::ir::Ty>,
    undeclared: bool,
    all_optional: bool,
) -> Option<Vec<String>> {
    use super::struct_text::{Def, Extra, definition};
    if !ctx.text_items || ctx.partial_eq.is_empty() {
        return None;
    }
    let docs = super::doc_text(
        &t.docs,
        &format!("The `{}` schema.", super::objects::doc_name(t)),
    );
    let required = t.required_args.as_deref();
    let construct = super::builders::construct_doc_text(&t.name, required, fields, ctx);
    let extra = match (additional, undeclared) {
        (Some(a), _) => Extra::Declared(a),
        (None, true) => Extra::Undeclared,
        (None, false) => Extra::None,
    };
    definition(&Def {
        name: &t.name,
        docs: &docs,
        construct: &construct,
        deprecated: t.deprecated,
        default: all_optional,
        fields,
        extra,
        missing: super::objects::missing_field(fields),
    })
}

fn field(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let doc = docs_or(&f.docs, &format!("`{}`", f.wire));
    let dep = deprecated(f.deprecated);
    let fty = short_ty(&f.ty, &quote!());
    quote! {
        #doc
        #dep
        pub #name: #fty,
    }
}

/// `pub type FooRequired = BarRequired;` beside `pub type Foo = Bar;` when `Bar::new` takes
/// its required values by name.
fn alias_required(ctx: &Ctx, t: &TypeDef, target: &crate::ir::Ty) -> TokenStream {
    let Some(own) = &t.required_args else {
        return quote!();
    };
    let crate::ir::Ty::Named(n) = ctx.resolve_alias(target) else {
        return quote!();
    };
    let Some(theirs) = ctx
        .by_name
        .get(n.as_str())
        .and_then(|&i| ctx.module.types[i].required_args.as_deref())
    else {
        return quote!();
    };
    let (own, theirs) = (ident(own), ident(theirs));
    let doc = format!(" The required values of a [`{}`], for its `new`.", t.name);
    quote! {
        #[doc = #doc]
        pub type #own = #theirs;
    }
}
