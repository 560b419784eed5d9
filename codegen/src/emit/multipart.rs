//! Multipart form bodies: a struct with one field per part, and `to_form`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::params::to_text;
use super::{Ctx, docs_or, ident, short_ty};
use crate::ir::{MultipartField, MultipartKind, Ty};

pub fn multipart(
    ctx: &Ctx,
    name: &Ident,
    doc: TokenStream,
    required: Option<&str>,
    fields: &[MultipartField],
) -> TokenStream {
    let rt = &ctx.rt;
    let here = quote!();
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
            MultipartKind::Extra(None) => {
                quote!(::std::collections::BTreeMap<::std::string::String, #rt::FilePart>)
            }
            MultipartKind::Extra(Some(t)) => {
                let t = short_ty(t, &here);
                quote!(::std::collections::BTreeMap<::std::string::String, #t>)
            }
        };
        let already_optional = matches!(f.kind, MultipartKind::Text(Ty::Option(_)));
        let always_there = matches!(f.kind, MultipartKind::Repeated(_) | MultipartKind::Extra(_));
        let fty = if f.required || always_there || already_optional {
            fty
        } else {
            quote!(Option<#fty>)
        };
        quote!(#fdoc pub #fname: #fty,)
    });
    let parts = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let optional =
            !f.required && !matches!(f.kind, MultipartKind::Repeated(_) | MultipartKind::Extra(_));
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
            MultipartKind::Extra(t) => {
                let push = match t {
                    None => quote!(form.file(name, value.clone());),
                    Some(t) => {
                        let text = to_text(ctx, t, quote!(value));
                        quote!(form.text(name, #text);)
                    }
                };
                quote!(for (name, value) in &self.#fname { #push })
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
    let (outside, builders) =
        super::builders::multipart_impl(ctx, &name.to_string(), required, fields);
    let body = if fields.is_empty() {
        quote!(#rt::Form::default())
    } else {
        quote! {
            let mut form = #rt::Form::default();
            #(#parts)*
            form
        }
    };
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct #name {
            #(#decls)*
        }
        #outside
        impl #name {
            #builders
            /// The form parts, in spec order.
            pub fn to_form(&self) -> #rt::Form {
                #body
            }
        }
    }
}
